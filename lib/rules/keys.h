/* keys.h - what a setting's name says about its value (HC6007). */
#ifndef HC_KEYS_H
#define HC_KEYS_H

#include <stddef.h>

enum key_class {
	KEY_PLAIN,
	KEY_CREDENTIAL, /* a password or secret: anything its owner chose */
	KEY_TOKEN,      /* an API key, access key, private key or token: issued */
	KEY_CONNECTION_STRING
};

/* The class of a setting named by the n bytes at k: named like a
 * credential ("SmtpPassword", "Password2"), like an issued key or token
 * ("api_key", "GitHubAccessToken"), like a connection string, or neither. */
enum key_class classify_key(const char *k, size_t n);

/* The appSettings keys that protect Telerik UI for ASP.NET AJAX's
 * RadAsyncUpload and dialogs (their defaults are published), and whether
 * the n bytes at k name one (any case, as appSettings reads keys): its
 * index + 1, or 0. */
#define N_TELERIK_KEYS 3
extern const char *const telerik_keys[N_TELERIK_KEYS];
int telerik_key(const char *k, size_t n);

#endif
