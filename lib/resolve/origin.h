/*
 * origin.h - where something scanned was written: the file and offset an
 * anchor of the text scanned comes from (a transform's result maps back to
 * its base or its transform), and its line.
 */
#ifndef HC_ORIGIN_H
#define HC_ORIGIN_H

#include "scan/lint.h"

/* The line an anchor points at (for messages that name another place). */
void lint_locate(struct lint *l, struct anchor at, unsigned *line);

/* The same as words for a message: "line 12" in the file linted,
 * "machine.config line 12" in a parent. */
void lint_place(struct lint *l, struct anchor at, char *buf, size_t size);

/* Where a range of file i was written: returns that file, *start and *end
 * moved into it (*end 0 when the range does not map whole). */
size_t origin_written_at(const struct lint *l, size_t i, size_t *start, size_t *end);

/* Line and column of an offset of file's own text. */
void origin_locate(struct lint *l, size_t file, size_t offset, unsigned *line, unsigned *col);

#endif
