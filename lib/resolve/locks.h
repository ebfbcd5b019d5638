/* locks.h - what a parent locks (allowOverride, overrideMode, lock*
 * attributes), read while the chain streams, and HC0010 where a file below
 * changes a locked setting. */
#ifndef HC_LOCKS_H
#define HC_LOCKS_H

#include "scan/lint.h"

extern const struct family family_locks;

#endif
