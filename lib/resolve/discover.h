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

/* The project root above folder real (absolute), as hardconf_discover()
 * finds it, malloc'd in *out; NULL when there is none.  Returns
 * HARDCONF_OK or HARDCONF_ENOMEM. */
int discover_root(const char *real, char **out);

/* The folder part of path as written, malloc'd: "" for none (the working
 * directory), "/" for the root; NULL when memory ran out. */
char *discover_folder(const char *path);

/* The real path of path, malloc'd, or NULL (errno says why). */
char *discover_real(const char *path);

/* Whether real (absolute) is root or lies below it. */
int discover_within(const char *real, const char *root);

#endif
