/* io.c - writing to a descriptor, whatever signals and short writes come. */
#define _POSIX_C_SOURCE 200809L
#include "io.h"

#include <errno.h>
#include <unistd.h>

int write_all(int fd, const char *data, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, data, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		data += w;
		n -= (size_t)w;
	}
	return 0;
}
