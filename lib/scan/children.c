/* children.c - the scanner's child cache (see children.h). */
#include "scan/children.h"

#include <stdlib.h>
#include <string.h>

void child_cache_new_parse(struct child_cache *c)
{
	if (++c->gen == 0)
		c->gen = 1;
	c->used = 0;
}

/* Room for one more entry: this parse's entries moved to a table twice as
 * large, or at the most the table emptied.  Returns 0, or -1 when memory
 * ran out. */
static int make_room(struct child_cache *c)
{
	struct child_cache bigger = {NULL, c->slots ? 2 * c->n : CHILD_CACHE_MIN, 0, c->gen};
	if (c->slots && 2 * (c->used + 1) <= c->n)
		return 0;
	if (bigger.n > CHILD_CACHE_MAX) {
		memset(c->slots, 0, c->n * sizeof *c->slots);
		c->used = 0;
		return 0;
	}
	if (!(bigger.slots = calloc(bigger.n, sizeof *bigger.slots)))
		return -1;
	for (size_t i = 0; c->slots && i < c->n; i++)
		if (c->slots[i].gen == c->gen) {
			bigger.slots[child_cache_slot(&bigger, c->slots[i].parent,
						      c->slots[i].name)] = c->slots[i];
			bigger.used++;
		}
	free(c->slots);
	*c = bigger;
	return 0;
}

struct child_entry *child_cache_add(struct child_cache *c, uint64_t parent, const char *name)
{
	struct child_entry *e;
	if (c->gen == 0)
		child_cache_new_parse(c);
	if (make_room(c) != 0)
		return NULL;
	e = &c->slots[child_cache_slot(c, parent, name)];
	e->gen = c->gen;
	e->parent = parent;
	e->name = name;
	c->used++;
	return e;
}

void child_cache_free(struct child_cache *c)
{
	free(c->slots);
	memset(c, 0, sizeof *c);
}
