/* workspace.h - what a thread's lint calls keep from one call to the next. */
#ifndef HC_API_WORKSPACE_H
#define HC_API_WORKSPACE_H

#include "hardconf.h"

#include "scan/xml.h"

/* The parser ws keeps, for the call about to use ws alone, or NULL (ws
 * NULL, or in use by another call).  workspace_release() when the call
 * ends. */
struct xml_keeper *workspace_claim(hardconf_workspace *ws);

/* Ends the use workspace_claim() began (which returned non-NULL). */
void workspace_release(hardconf_workspace *ws);

#endif
