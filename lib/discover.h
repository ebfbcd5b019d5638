/* discover.h - finding what a file named on its own is linted with (the
 * public hardconf_discover()), and the name tests it shares. */
#ifndef HC_DISCOVER_H
#define HC_DISCOVER_H

#include "hardconf.h"

#include <stddef.h>

/* Whether a file name is web.config, in any letter case. */
int discover_is_web_config(const char *base);

/* Whether a file name is a web.config transform, Web.<configuration>.config
 * (any letter case); *configuration and *len then name the configuration
 * within base. */
int discover_transform_config(const char *base, const char **configuration, size_t *len);

#endif
