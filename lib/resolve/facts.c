/*
 * facts.c - settings resolved across a chain (see facts.h).  One hook per
 * fact records it; the family runs after every other, so a rule scanning
 * an element sees the facts of the elements above it, not its own.  The
 * state is carried from parent to child: that is the inheritance.
 */
#include "resolve/facts.h"

struct fact_def {
	enum fact_id id;
	const char *attr;
};

#define SETTING(id, name, kinds, path, attr, ...) \
	static const struct fact_def fact_row_##name = {FACT_ROW_##name, attr};
#include "model/settings.def"
#undef SETTING
#define FACT(name, kinds, path, attr) \
	static const struct fact_def fact_##name = {FACT_##name, attr};
#include "resolve/facts.def"
#undef FACT

struct facts_state {
	struct fact facts[N_FACTS];
};

const struct fact *fact_of(struct lint *l, enum fact_id id)
{
	const struct facts_state *s = lint_state(l, &family_facts);
	return &s->facts[id];
}

static void record(struct lint *l, const struct element *e, const void *arg)
{
	const struct fact_def *d = arg;
	struct facts_state *s = lint_state(l, &family_facts);
	struct fact *f = &s->facts[d->id];

	if (lint_is_transform(l) || (!lint_is_context(l) && lint_in_path_location(l)))
		return;
	f->seen = 1;
	/* An element without the attribute keeps the value written above. */
	if (!element_attr(l, e, d->attr))
		return;
	element_attr_text(l, e, d->attr, f->value, sizeof f->value);
	f->written = 1;
	f->inherited = lint_is_context(l);
	f->at = at_attr(e, d->attr);
}

static const struct hook hooks[] = {
#define SETTING(id, name, kinds, path, ...) {path, kinds, record, NULL, &fact_row_##name},
#include "model/settings.def"
#undef SETTING
#define FACT(name, kinds, path, attr) {path, kinds, record, NULL, &fact_##name},
#include "resolve/facts.def"
#undef FACT
};

const struct family family_facts = {
	.hooks = hooks,
	.n_hooks = sizeof hooks / sizeof hooks[0],
	.state_size = sizeof(struct facts_state),
	.chained = 1,
};
