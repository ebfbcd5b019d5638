/* keys.h - what a setting's name says about its value (HC6007). */
#ifndef HC_KEYS_H
#define HC_KEYS_H

#include <stddef.h>

enum key_class { KEY_PLAIN, KEY_CREDENTIAL, KEY_CONNECTION_STRING };

/* The class of a setting named by the n bytes at k: named like a
 * credential ("SmtpPassword", "api_key", "Password2"), like a connection
 * string, or neither. */
enum key_class classify_key(const char *k, size_t n);

#endif
