/*
 * workspace.c - what a thread's lint calls keep from one call to the next:
 * the parser of its small texts (scan/xml.c says what is kept and why a
 * verdict never depends on it).  A flag, not a lock, says a workspace is
 * in use: a call that finds it taken goes without, as with none.
 */
#include "api/workspace.h"

#include <stdatomic.h>
#include <stdlib.h>

struct hardconf_workspace {
	atomic_flag busy;
	struct xml_keeper parser;
};

hardconf_workspace *hardconf_workspace_new(void)
{
	hardconf_workspace *ws = calloc(1, sizeof *ws);
	if (ws)
		atomic_flag_clear(&ws->busy);
	return ws;
}

void hardconf_workspace_free(hardconf_workspace *ws)
{
	if (!ws)
		return;
	xml_keeper_clear(&ws->parser);
	free(ws);
}

struct xml_keeper *workspace_claim(hardconf_workspace *ws)
{
	if (!ws || atomic_flag_test_and_set_explicit(&ws->busy, memory_order_acquire))
		return NULL;
	return &ws->parser;
}

void workspace_release(hardconf_workspace *ws)
{
	atomic_flag_clear_explicit(&ws->busy, memory_order_release);
}
