/*
 * finish.h - the end of a lint call: the rules that need the whole file,
 * then the findings kept as found become the report: inline suppressions
 * applied, each located where it was written, sorted.
 */
#ifndef HC_FINISH_H
#define HC_FINISH_H

#include "scan/call.h"

/* Ends the call: scopes, the rules that need the whole file, suppressions
 * (HC0006 for unknown ids and those that silenced nothing); fills and sorts
 * the report.  l->status says whether memory ran out. */
void call_finish(struct lint *l);

#endif
