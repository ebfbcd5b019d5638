/* io.c - reading and writing a descriptor, whatever signals and short
 * reads and writes come. */
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

int read_all_at(int fd, char *buf, size_t n, size_t off)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = pread(fd, buf + got, n - got, (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EAGAIN;
			return -1;
		}
		got += (size_t)r;
	}
	return 0;
}
