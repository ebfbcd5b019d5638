/* fuzz.h - the libFuzzer entry points of fuzz_lint.c, shared with replay.c
 * (a plain main that feeds files to the same harness). */
#ifndef HC_FUZZ_H
#define HC_FUZZ_H

#include "hardconf.h"

#include <stddef.h>
#include <stdint.h>

/* Builds the shared linter once (freed at exit).  Always returns 0. */
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Lints one input: data[0] is the selector, the rest is the file.  Aborts
 * when the library breaks a promise of its API. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The selector byte (taken modulo FUZZ_SELECTORS) names the kind to force
 * (HARDCONF_KIND_UNKNOWN: detect) and one of FUZZ_NAMES display names. */
#define FUZZ_KINDS ((unsigned)HARDCONF_KIND_LAST + 1)
#define FUZZ_NAMES 12u
#define FUZZ_SELECTORS (FUZZ_KINDS * FUZZ_NAMES)
#define FUZZ_SELECTOR(kind, name_index) ((unsigned)(kind) + FUZZ_KINDS * (name_index))

#endif
