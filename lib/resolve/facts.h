/*
 * facts.h - settings resolved across a chain: for each setting a rule asks
 * about (a row of model/settings.def, or a fact of resolve/facts.def),
 * whether its element and its attribute were written where they reach the
 * file being linted — in a parent, in a parent's <location> that reaches
 * the file, or at the file's own level — and where the value was written.
 *
 * A rule reads a fact while an element is scanned, and then sees what was
 * written above that element (the facts are recorded after every rule ran
 * for it), or in a family's finish, and then sees the whole chain.
 * Elements inside a <location path> of the file itself reach other paths
 * and are not facts of the file; transforms are edits and are not facts.
 */
#ifndef HC_FACTS_H
#define HC_FACTS_H

#include "scan/lint.h"

enum fact_id {
#define SETTING(id, name, ...) FACT_ROW_##name,
#include "model/settings.def"
#undef SETTING
#define FACT(name, ...) FACT_##name,
#include "resolve/facts.def"
#undef FACT
	N_FACTS
};

struct fact {
	int seen;      /* the element was written */
	int written;   /* its attribute was (the last such element is at) */
	int inherited; /* ... in a parent, not in this file */
	struct anchor at;
	char value[96]; /* the value last written, for display */
};

/* The fact as resolved so far for the file being linted. */
const struct fact *fact_of(struct lint *l, enum fact_id id);

extern const struct family family_facts;

#endif
