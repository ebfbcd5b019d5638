/* io.h - reading and writing a descriptor, whatever signals and short
 * reads and writes come. */
#ifndef HC_CLI_IO_H
#define HC_CLI_IO_H

#include <stddef.h>

/* Writes all n bytes of data to fd.  0, or -1 with errno set. */
int write_all(int fd, const char *data, size_t n);

/* Reads n bytes at off of fd into buf.  0, or -1 with errno set (EAGAIN:
 * the file is shorter than that). */
int read_all_at(int fd, char *buf, size_t n, size_t off);

#endif
