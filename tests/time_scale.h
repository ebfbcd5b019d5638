/* time_scale.h - how much longer than in a plain build a timed test may take,
 * for the Check runner (tests/test_*.c) and the fuzz replay (tests/fuzz/replay.c). */
#ifndef HC_TEST_TIME_SCALE_H
#define HC_TEST_TIME_SCALE_H

#include <stdlib.h>
#include <string.h>

/* Time limits are for a plain build: sanitizers and valgrind are slower and
 * get more; HARDCONF_TEST_TIME_SCALE (a number > 0) overrides. */
static inline double test_time_scale(void)
{
	const char *scale = getenv("HARDCONF_TEST_TIME_SCALE");
	const char *preload = getenv("LD_PRELOAD");
	if (scale && atof(scale) > 0)
		return atof(scale);
	if (preload && strstr(preload, "vgpreload"))
		return 40;
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
	return 10;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
	return 10;
#endif
#endif
	return 1;
}

#endif
