/* suppress.c - inline suppressions applied to finished findings. */
#include "report/suppress.h"

#include <stdint.h>

const struct suppression *suppress_find(struct suppressions *s, enum rule_id rule, size_t tag_end,
					size_t offset)
{
	for (size_t i = 0; i < s->n; i++) {
		struct suppression *x = &s->items[i];
		if (x->rule != rule)
			continue;
		if (x->next_element && !x->bound)
			continue;
		if ((x->next_element && x->tag_end == tag_end) ||
		    (offset >= x->start && offset < x->end)) {
			x->used = 1;
			return x;
		}
	}
	return NULL;
}
