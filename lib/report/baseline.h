/* baseline.h - fingerprints of a finished report (baseline.c). */
#ifndef HC_BASELINE_H
#define HC_BASELINE_H

#include "hardconf.h"

/* Gives every finding of r its fingerprint: its rule, its file's path
 * relative to the project root ('/' separators, however the path was
 * typed), its message with line references and file names made the same
 * way, and its occurrence among otherwise identical findings.  target is
 * where the file linted is on disk (its findings are in r->file), or NULL;
 * root the project root, or NULL to find it.  real_dir, when the caller
 * resolved it, is the real path of target's folder, and root (then
 * required) a real path too: nothing is looked up on disk for the file
 * linted.  The root is found only for a report with findings.  Returns
 * HARDCONF_OK or HARDCONF_ENOMEM. */
int report_fingerprint(hardconf_report *r, const char *target, const char *root,
		       const char *real_dir);

#endif
