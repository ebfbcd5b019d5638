/* io.h - writing to a descriptor, whatever signals and short writes come. */
#ifndef HC_CLI_IO_H
#define HC_CLI_IO_H

#include <stddef.h>

/* Writes all n bytes of data to fd.  0, or -1 with errno set. */
int write_all(int fd, const char *data, size_t n);

#endif
