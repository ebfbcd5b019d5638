/* fuzz.h - what a fuzz harness (fuzz_lint.c, fuzz_config.c) gives replay.c,
 * a plain main that feeds files to it, and what scratch.c gives both. */
#ifndef HC_FUZZ_H
#define HC_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* ---- Each harness ---- */

/* Sets the harness up once (torn down at exit).  Always returns 0. */
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Runs one input, whose first byte (the selector) the harness reads as it
 * likes.  Aborts when the library breaks a promise of its API. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* How many selector values mean something (at most 256; the byte is taken
 * modulo it): replay feeds each file behind every one. */
unsigned fuzz_selectors(void);

/* The selectors replay -o writes each seed behind, into out (room for
 * 256); returns how many. */
size_t fuzz_seed_selectors(unsigned *out);

/* ---- scratch.c ---- */

/* Writes a file for the library to read; aborts when it cannot. */
void fuzz_write_file(const char *path, const uint8_t *data, size_t len);

/* Writes s to stderr with control and non-ASCII bytes escaped, so that
 * what broke a promise can be read in the crash report. */
void fuzz_show(const char *s);

/* The library never prints: between fuzz_quiet_begin() and _end(), fd 2 is
 * a scratch file, and fuzz_quiet_end() aborts, quoting it, when anything
 * was written there.  Sanitizer reports go to the real stderr meanwhile.
 * harness names the harness in what it prints. */
void fuzz_quiet_init(const char *harness);
void fuzz_quiet_begin(void);
void fuzz_quiet_end(const char *harness);
/* Restores the real stderr, quiet or not: for a broken promise's report. */
void fuzz_loud(void);

#endif
