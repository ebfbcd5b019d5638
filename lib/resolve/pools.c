/*
 * pools.c - application pools and the applications in them, resolved
 * (see pools.h).  Values are read here without judging them: an invalid
 * identityType is the rules' to report (HC0005), and resolves to no
 * identity, as IIS refuses the pool rather than guessing.
 */
#include "resolve/pools.h"

#include "util/util.h"
#include "util/value.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct pools_state {
	struct pool open;
	int in_pool;
	struct pool *crm; /* Dynamics 365's pools */
	size_t n_crm, crm_cap;
	struct pools_inheriting inheriting;
	struct pool_identity defaults;
	struct pool_app *apps;
	size_t n_apps, apps_cap;
	size_t n_sites;
	char site_pool[64]; /* the open site's <applicationDefaults applicationPool> */
	int in_site;
	size_t site_first_app; /* the open site's first application kept */
	char site_name[64];
	char server_default_pool[64];
	/* Applications kept that take the server's default pool, and that name
	 * CRMAppPool, outside the sites that may be Dynamics 365's; the first
	 * site whose root application runs in CRMAppPool by its own or its
	 * site's pool, and the first whose root takes the server's. */
	size_t n_defaulted, n_tenants;
	size_t crm_root_site, defaulted_root_site;
};

static struct pools_state *state(struct lint *l)
{
	return lint_state(l, &family_pools);
}

static void init_state(void *p)
{
	struct pools_state *s = p;
	s->defaults.type = POOL_UNSET;
	s->crm_root_site = s->defaulted_root_site = SIZE_MAX;
}

static void free_state(void *p)
{
	struct pools_state *s = p;
	free(s->crm);
	free(s->apps);
}

/* Reads processModel's identity (type and user) into id. */
static void read_identity(struct lint *l, const struct element *e, struct pool_identity *id)
{
	const struct xml_attr *type = element_attr(l, e, "identityType");
	int choice =
		type ? value_choice(VALUE_IIS_ENUM, POOL_IDENTITIES, type->value, type->value_len)
		     : -1;

	if (type) {
		id->type = choice >= 0 ? choice : POOL_UNSET;
		id->at = at_attr(e, "identityType");
		id->set = 1;
	}
	if (element_attr_text(l, e, "userName", id->user, sizeof id->user)) {
		id->user_at = at_attr(e, "userName");
		id->user_set = 1;
	}
}

int pools_is_crm(const char *name)
{
	size_t n = strlen(name);
	return n >= 10 && ascii_ncasecmp(name, "CRM", 3) == 0 &&
	       ascii_casecmp(name + n - 7, "AppPool") == 0;
}

static void pool_start(struct lint *l, const struct element *e, const void *arg)
{
	struct pools_state *s = state(l);
	struct pool *p = &s->open;
	(void)arg;

	memset(p, 0, sizeof *p);
	p->own.type = POOL_UNSET;
	p->at = at_element(e);
	element_attr_text(l, e, "name", p->name, sizeof p->name);
	s->in_pool = 1;
}

static void pool_end(struct lint *l, const void *arg)
{
	struct pools_state *s = state(l);
	struct pools_inheriting *in = &s->inheriting;
	int crm = pools_is_crm(s->open.name);
	(void)arg;

	if (!s->in_pool)
		return;
	s->in_pool = 0;
	if (!s->open.own.set) {
		if (in->n < sizeof in->names / sizeof in->names[0])
			memcpy(in->names[in->n], s->open.name, sizeof in->names[0]);
		in->n++;
		in->crm |= crm;
	}
	if (crm) {
		struct pool *p = array_grow(s->crm, &s->crm_cap, s->n_crm + 1, sizeof *p);
		if (!p) {
			lint_out_of_memory(l);
			return;
		}
		s->crm = p;
		p[s->n_crm++] = s->open;
	}
}

static void pool_process_model(struct lint *l, const struct element *e, const void *arg)
{
	struct pools_state *s = state(l);
	(void)arg;

	if (!s->in_pool)
		return;
	/* The element that would carry a missing identity. */
	s->open.at = at_element(e);
	read_identity(l, e, &s->open.own);
}

static void defaults_process_model(struct lint *l, const struct element *e, const void *arg)
{
	(void)arg;
	read_identity(l, e, &state(l)->defaults);
}

static void site_start(struct lint *l, const struct element *e, const void *arg)
{
	struct pools_state *s = state(l);
	(void)arg;
	s->n_sites++;
	s->site_pool[0] = '\0';
	element_attr_text(l, e, "name", s->site_name, sizeof s->site_name);
	s->in_site = 1;
	s->site_first_app = s->n_apps;
}

/* Only the site's applications that run in CRMAppPool are kept, and those
 * whose pool is the server's default, not known yet; the site's default
 * is written into those that take it. */
static int may_run_in_crm_pool(const char *pool, size_t n)
{
	return n == 0 || (n == 10 && ascii_ncasecmp(pool, "CRMAppPool", 10) == 0);
}

static void site_end(struct lint *l, const void *arg)
{
	struct pools_state *s = state(l);
	size_t kept = s->site_first_app;
	(void)arg;

	if (!s->in_site)
		return;
	s->in_site = 0;
	for (size_t i = s->site_first_app; i < s->n_apps; i++) {
		struct pool_app *a = &s->apps[i];
		if (!a->pool[0])
			memcpy(a->pool, s->site_pool, sizeof a->pool);
		if (strcmp(a->path, "/") != 0 || !may_run_in_crm_pool(a->pool, strlen(a->pool)))
			continue;
		if (a->pool[0] && s->crm_root_site == SIZE_MAX)
			s->crm_root_site = a->site;
		if (!a->pool[0] && s->defaulted_root_site == SIZE_MAX)
			s->defaulted_root_site = a->site;
	}
	for (size_t i = s->site_first_app; i < s->n_apps; i++) {
		struct pool_app *a = &s->apps[i];
		if (!may_run_in_crm_pool(a->pool, strlen(a->pool)))
			continue;
		/* The server's default is CRMAppPool hardly ever: of the
		 * applications that take it (every one of a stock IIS's, by
		 * the hundred thousand), no more than could be reported,
		 * counting none of the sites that may be Dynamics 365's.  The
		 * same of those that name CRMAppPool: each is a finding
		 * (HC3019), and a file of them kept 2.8 bytes for each of its
		 * own (543 MiB for 191 MB). */
		if (a->site != s->crm_root_site && a->site != s->defaulted_root_site &&
		    !lint_keeps(l, a->pool[0] ? s->n_tenants++ : s->n_defaulted++))
			continue;
		s->apps[kept++] = *a;
	}
	s->n_apps = kept;
}

static void app_start(struct lint *l, const struct element *e, const void *arg)
{
	struct pools_state *s = state(l);
	struct pool_app *a;
	const struct xml_attr *named = element_attr(l, e, "applicationPool");
	const char *pool = named ? named->value : "";
	size_t n = named ? named->value_len : 0;
	(void)arg;

	if (!s->in_site)
		return;
	/* An application in a pool of its own that is not CRMAppPool is one
	 * site_end() would drop: not kept in the first place (nor its pool's
	 * name made printable). */
	value_trim(&pool, &n);
	if (!may_run_in_crm_pool(pool, n))
		return;
	a = array_grow(s->apps, &s->apps_cap, s->n_apps + 1, sizeof *a);
	if (!a) {
		lint_out_of_memory(l);
		return;
	}
	s->apps = a;
	a = &a[s->n_apps++];
	a->site = s->n_sites;
	memcpy(a->site_name, s->site_name, sizeof a->site_name);
	element_attr_text(l, e, "path", a->path, sizeof a->path);
	str_display(a->pool, sizeof a->pool, pool, n);
	a->at = named ? at_attr(e, "applicationPool") : at_element(e);
}

static void site_app_defaults(struct lint *l, const struct element *e, const void *arg)
{
	struct pools_state *s = state(l);
	(void)arg;
	if (s->in_site)
		element_attr_text(l, e, "applicationPool", s->site_pool, sizeof s->site_pool);
}

static void server_app_defaults(struct lint *l, const struct element *e, const void *arg)
{
	struct pools_state *s = state(l);
	(void)arg;
	element_attr_text(l, e, "applicationPool", s->server_default_pool,
			  sizeof s->server_default_pool);
}

const struct pool *pools_open(struct lint *l)
{
	struct pools_state *s = state(l);
	return s->in_pool ? &s->open : NULL;
}

size_t pools_crm_count(struct lint *l)
{
	return state(l)->n_crm;
}

const struct pool *pools_crm_at(struct lint *l, size_t i)
{
	return &state(l)->crm[i];
}

const struct pools_inheriting *pools_inheriting(struct lint *l)
{
	return &state(l)->inheriting;
}

size_t pools_app_count(struct lint *l)
{
	return state(l)->n_apps;
}

const struct pool_app *pools_app_at(struct lint *l, size_t i)
{
	return &state(l)->apps[i];
}

size_t pools_crm_site(struct lint *l)
{
	struct pools_state *s = state(l);
	size_t defaulted = ascii_casecmp(s->server_default_pool, "CRMAppPool") == 0
				   ? s->defaulted_root_site
				   : SIZE_MAX;
	return s->crm_root_site < defaulted ? s->crm_root_site : defaulted;
}

const struct pool_identity *pools_defaults(struct lint *l)
{
	return &state(l)->defaults;
}

void pools_identity(struct lint *l, const struct pool *p, struct pool_identity *out, int *inherited)
{
	const struct pool_identity *d = &state(l)->defaults;
	*out = p->own.set ? p->own : *d;
	if (!p->own.user_set) {
		memcpy(out->user, d->user, sizeof out->user);
		out->user_at = d->user_at;
		out->user_set = d->user_set;
	}
	if (inherited)
		*inherited = !p->own.set;
}

const char *pools_app_pool(struct lint *l, const struct pool_app *a)
{
	struct pools_state *s = state(l);
	return a->pool[0] ? a->pool : s->server_default_pool;
}

#define POOLS "system.applicationHost/applicationPools/"
#define SITES "system.applicationHost/sites/"

static const struct hook hooks[] = {
	{POOLS "add", K_A, pool_start, pool_end, NULL},
	{POOLS "add/processModel", K_A, pool_process_model, NULL, NULL},
	{POOLS "applicationPoolDefaults/processModel", K_A, defaults_process_model, NULL, NULL},
	{SITES "site", K_A, site_start, site_end, NULL},
	{SITES "site/application", K_A, app_start, NULL, NULL},
	{SITES "site/applicationDefaults", K_A, site_app_defaults, NULL, NULL},
	{SITES "applicationDefaults", K_A, server_app_defaults, NULL, NULL},
};

const struct family family_pools = {
	.hooks = hooks,
	.n_hooks = sizeof hooks / sizeof hooks[0],
	.state_size = sizeof(struct pools_state),
	.init_state = init_state,
	.free_state = free_state,
};
