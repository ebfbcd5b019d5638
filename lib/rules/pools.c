/*
 * pools.c - the identities application pools run as (HC2003-HC2005), and
 * Dynamics 365's own pools (HC3016-HC3019), judged on the pools as
 * resolve/pools.c resolved them once the file was seen: a pool without an
 * identity of its own runs as <applicationPoolDefaults>' (which in the
 * stock file follows the pools).
 */
#include "rules/families.h"
#include "rules/read.h"

#include "resolve/origin.h"
#include "resolve/pools.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define POOLS "system.applicationHost/applicationPools/"

/* ---- Dynamics 365's pools ------------------------------------------------------
 * Setup names them CRMAppPool (the web application), CRMDeploymentServiceAppPool
 * (the Deployment Web Service) and so on; IIS compares pool names without
 * case. */

/* A managed service account (gMSA, sMSA: "DOMAIN\name$") or a virtual one
 * ("NT SERVICE\name"): Dynamics 365 supports neither. */
static int is_managed_account(const char *user)
{
	size_t n = strlen(user);
	return (n > 1 && user[n - 1] == '$') || ascii_ncasecmp(user, "NT SERVICE\\", 11) == 0;
}

#define CRM_ADVICE                                                                             \
	"Dynamics 365 supports neither ApplicationPoolIdentity nor managed service accounts: " \
	"set identityType=\"SpecificUser\" with a dedicated low-privilege domain account"

/* ---- HC2003-HC2005: pools as built-in accounts ---------------------------------- */

static const char *const identity_names[] = {"LocalSystem", "LocalService", "NetworkService"};

/* The rule an identity fires, or RULE_COUNT for a safe one. */
static enum rule_id identity_rule(int type)
{
	switch (type) {
	case POOL_LOCAL_SYSTEM:
		return RULE_HC2004;
	case POOL_LOCAL_SERVICE:
		return RULE_HC2005;
	case POOL_NETWORK_SERVICE:
		return RULE_HC2003;
	}
	return RULE_COUNT;
}

/* A pool's own identity, reported where it is written.  The pools family
 * ran first for this element and has read identityType; an invalid one is
 * read again here, to be reported (HC0005). */
static void pool_process_model(struct lint *l, const struct element *e, const void *arg)
{
	const struct pool *p = pools_open(l);
	int type = p && p->own.set ? p->own.type : POOL_UNSET;
	enum rule_id rule = type >= 0 ? identity_rule(type) : RULE_COUNT;
	size_t before;
	(void)arg;

	if (!p || (p->own.set && type == POOL_UNSET)) {
		(void)lint_choice(l, e, "identityType", VALUE_IIS_ENUM, POOL_IDENTITIES, NULL);
		return;
	}
	if (rule == RULE_COUNT)
		return;
	before = lint_findings(l);
	lint_report(
		l, rule, at_attr(e, "identityType"),
		"application pool \"%s\" runs as %s (processModel identityType); %s", p->name,
		identity_names[type],
		pools_is_crm(p->name)
			? CRM_ADVICE
			: "use identityType=\"ApplicationPoolIdentity\""); /* A Dynamics 365 pool
									    * needs a domain
									    * account, which a
									    * person has to choose:
									    * no fix for it. */
	if (!pools_is_crm(p->name))
		lint_offer_fix(l, before, rule, "ApplicationPoolIdentity", 0);
}

/* The defaults are one cause, reported once where they are written (the
 * pools that inherit them are not reported again), naming the pools above
 * that inherit them: in the stock file the defaults follow the pools. */
static void defaults_process_model(struct lint *l, const struct element *e, const void *arg)
{
	int type = lint_choice(l, e, "identityType", VALUE_IIS_ENUM, POOL_IDENTITIES, NULL);
	enum rule_id rule = type >= 0 ? identity_rule(type) : RULE_COUNT;
	const struct pools_inheriting *in = pools_inheriting(l);
	char names[256] = "";
	size_t n, before;
	int crm;
	(void)arg;

	if (rule == RULE_COUNT)
		return;
	for (size_t i = 0; i < in->n && i < 3; i++) {
		size_t len = strlen(names);
		snprintf(names + len, sizeof names - len, "%s\"%s\"", i ? ", " : "", in->names[i]);
	}
	if (in->n > 3)
		snprintf(names + strlen(names), sizeof names - strlen(names), ", ...");
	n = in->n;
	crm = in->crm;
	before = lint_findings(l);
	lint_report(l, rule, at_attr(e, "identityType"),
		    "applicationPoolDefaults processModel identityType=\"%s\" makes every pool "
		    "without an identity of its own run as %s%s%s%s; use "
		    "identityType=\"ApplicationPoolIdentity\"%s",
		    identity_names[type], identity_names[type], n ? " (here " : "", names,
		    n ? ")" : "",
		    crm ? " (for Dynamics 365's CRM pools, a dedicated domain account)" : "");
	/* With a Dynamics 365 pool inheriting them, the defaults need a person. */
	if (!crm)
		lint_offer_fix(l, before, rule, "ApplicationPoolIdentity", 0);
}

/* ---- HC3016: a Dynamics pool as ApplicationPoolIdentity or a managed account -- */

static void finish_crm_identity(struct lint *l)
{
	for (size_t i = 0; i < pools_crm_count(l); i++) {
		const struct pool *p = pools_crm_at(l, i);
		struct pool_identity own;
		const struct pool_identity *id = &own;
		int inherited;
		unsigned line;

		pools_identity(l, p, &own, &inherited);
		if (id->set && id->type == POOL_UNSET)
			continue; /* invalid: HC0005 */
		if (id->type == POOL_SPECIFIC_USER && id->user_set &&
		    is_managed_account(id->user)) {
			lint_report(l, RULE_HC3016, id->user_at,
				    "Dynamics 365 application pool \"%s\" runs as the managed or "
				    "virtual account \"%s\"; " CRM_ADVICE,
				    p->name, id->user);
		} else if (id->type == POOL_APP_IDENTITY && !inherited) {
			lint_report(l, RULE_HC3016, id->at,
				    "Dynamics 365 application pool \"%s\" runs as "
				    "ApplicationPoolIdentity; " CRM_ADVICE,
				    p->name);
		} else if (id->type == POOL_APP_IDENTITY || id->type == POOL_UNSET) {
			char from[80] = "IIS's default";
			if (id->type == POOL_APP_IDENTITY) {
				lint_locate(l, id->at, &line);
				snprintf(from, sizeof from,
					 "inherited from applicationPoolDefaults, line %u", line);
			}
			lint_report(l, RULE_HC3016, p->at,
				    "Dynamics 365 application pool \"%s\" runs as "
				    "ApplicationPoolIdentity (%s); " CRM_ADVICE,
				    p->name, from);
		}
	}
}

/* ---- HC3017, HC3018: Dynamics pools sharing a domain account -------------------- */

/* Whether pool p runs as a domain account (*id then says which). */
static int account_of(struct lint *l, const struct pool *p, struct pool_identity *id)
{
	pools_identity(l, p, id, NULL);
	return id->type == POOL_SPECIFIC_USER && id->user_set && id->user[0];
}

static int is_named(const struct pool *p, const char *name)
{
	return ascii_casecmp(p->name, name) == 0;
}

/* A Dynamics 365 pool with a domain account, in the order pools come. */
struct account {
	size_t pool;
	struct pool_identity id;
};

/* By account (without case), then in the file's order. */
static int by_account(const void *pa, const void *pb)
{
	const struct account *a = pa, *b = pb;
	int c = ascii_casecmp(a->id.user, b->id.user);
	return c ? c : (a->pool > b->pool) - (a->pool < b->pool);
}

/* Each pool that shares its account with one before it is reported
 * against the first such pool: sorted by account, each group's first. */
static void finish_crm_sharing(struct lint *l)
{
	size_t n = 0, count = pools_crm_count(l);
	struct account *accounts = count ? malloc(count * sizeof *accounts) : NULL;

	if (count && !accounts) {
		lint_out_of_memory(l);
		return;
	}
	for (size_t i = 0; i < count; i++)
		if (account_of(l, pools_crm_at(l, i), &accounts[n].id))
			accounts[n++].pool = i;
	if (n)
		qsort(accounts, n, sizeof *accounts, by_account);
	for (size_t j = 1, first = 0; j < n; j++) {
		const struct pool *a, *b = pools_crm_at(l, accounts[j].pool);
		const struct pool_identity *aid, *bid = &accounts[j].id;
		unsigned line;
		if (ascii_casecmp(accounts[first].id.user, bid->user) != 0) {
			first = j;
			continue;
		}
		a = pools_crm_at(l, accounts[first].pool);
		aid = &accounts[first].id;
		lint_locate(l, aid->user_at, &line);
		if ((is_named(a, "CRMAppPool") && is_named(b, "CRMDeploymentServiceAppPool")) ||
		    (is_named(b, "CRMAppPool") && is_named(a, "CRMDeploymentServiceAppPool")))
			lint_report(
				l, RULE_HC3017, bid->user_at,
				"application pool \"%s\" runs as \"%s\", the account of \"%s\" "
				"(line %u): the Deployment Web Service's rights (sysadmin on SQL "
				"Server) then reach the web application; give each its own "
				"dedicated domain account",
				b->name, bid->user, a->name, line);
		else
			lint_report(
				l, RULE_HC3018, bid->user_at,
				"application pool \"%s\" runs as \"%s\", the account of \"%s\" "
				"(line %u); give each Dynamics 365 service its own low-privilege "
				"domain account",
				b->name, bid->user, a->name, line);
	}
	free(accounts);
}

/* ---- HC3019: another application in CRMAppPool -----------------------------------
 * The Dynamics 365 website is the site whose root application runs in
 * CRMAppPool; an application of another site there shares its identity and
 * its process. */

static void finish_crm_tenants(struct lint *l)
{
	size_t crm_site = pools_crm_site(l);
	for (size_t i = 0; crm_site != SIZE_MAX && i < pools_app_count(l); i++) {
		const struct pool_app *a = pools_app_at(l, i);
		if (a->site == crm_site || ascii_casecmp(pools_app_pool(l, a), "CRMAppPool") != 0)
			continue;
		lint_report(
			l, RULE_HC3019, a->at,
			"application \"%s\" of site \"%s\" runs in CRMAppPool, with the Dynamics "
			"365 web application's identity and process; give it its own "
			"application pool",
			a->path, a->site_name);
	}
}

static void finish(struct lint *l)
{
	if (lint_kind(l) != HARDCONF_KIND_APPHOST || lint_is_transform(l))
		return;
	finish_crm_identity(l);
	finish_crm_sharing(l);
	finish_crm_tenants(l);
}

static const struct hook hooks[] = {
	{POOLS "add/processModel", K_A, pool_process_model, NULL, NULL},
	{POOLS "applicationPoolDefaults/processModel", K_A, defaults_process_model, NULL, NULL},
};

const struct family family_pools_rules = {
	.hooks = hooks,
	.n_hooks = sizeof hooks / sizeof hooks[0],
	.finish = finish,
};
