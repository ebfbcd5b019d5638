/*
 * pools.h - the application pools of an applicationHost.config as IIS runs
 * them: each pool's identity, its own or inherited from
 * <applicationPoolDefaults> (which may come after the pools in the file),
 * and the pool each site's applications run in.  Collected while the file
 * is scanned, resolved when a rule asks, once the file was seen (a
 * family's finish).
 */
#ifndef HC_POOLS_H
#define HC_POOLS_H

#include "scan/lint.h"

/* processModel identityType's choices, in this order. */
#define POOL_IDENTITIES \
	"LocalSystem|LocalService|NetworkService|SpecificUser|ApplicationPoolIdentity"
enum pool_identity_type {
	POOL_LOCAL_SYSTEM,
	POOL_LOCAL_SERVICE,
	POOL_NETWORK_SERVICE,
	POOL_SPECIFIC_USER,
	POOL_APP_IDENTITY,
	/* Not a choice: nothing valid written here or in the defaults.  IIS
	 * 7.5 and later then run ApplicationPoolIdentity. */
	POOL_UNSET = -1,
};

/* Where an identity was written: identityType, and userName for a
 * SpecificUser. */
struct pool_identity {
	int type; /* enum pool_identity_type; POOL_UNSET also when invalid */
	struct anchor at;
	int set; /* identityType written, valid or not (at points at it) */
	char user[128];
	struct anchor user_at;
	int user_set;
};

struct pool {
	char name[64];
	struct anchor at; /* its <add>, or its <processModel> when it has one */
	struct pool_identity own;
};

struct pool_app {
	size_t site; /* its <site>'s ordinal */
	char site_name[64];
	char path[128];
	char pool[64]; /* its own applicationPool or its site's default, or "" */
	struct anchor at;
};

/* What is kept is what the rules ask about, so that memory does not grow
 * with a hosting provider's tens of thousands of pools and sites: the pool
 * being read, Dynamics 365's pools (pools_is_crm), a summary of the pools
 * without an identity of their own, and the applications that run in
 * CRMAppPool (or may, until their site's or the server's default is known:
 * of those that take the server's, as many as a file reports findings). */

/* Dynamics 365's pools: CRMAppPool, CRMDeploymentServiceAppPool, and the
 * other "CRM...AppPool"s Setup creates (IIS compares names without case). */
int pools_is_crm(const char *name);

/* The pool whose <add> is open, or NULL. */
const struct pool *pools_open(struct lint *l);

/* Dynamics 365's pools read so far. */
size_t pools_crm_count(struct lint *l);
const struct pool *pools_crm_at(struct lint *l, size_t i);

/* The pools read so far that have no identityType of their own. */
struct pools_inheriting {
	size_t n;
	char names[3][64]; /* the first three */
	int crm;           /* one of them is Dynamics 365's */
};
const struct pools_inheriting *pools_inheriting(struct lint *l);

/* The applications kept (see above). */
size_t pools_app_count(struct lint *l);
const struct pool_app *pools_app_at(struct lint *l, size_t i);

/* The ordinal of the site whose root application runs in CRMAppPool (the
 * first), or SIZE_MAX; valid at the end of the file. */
size_t pools_crm_site(struct lint *l);

/* <applicationPoolDefaults>'s identity (type POOL_UNSET when not written). */
const struct pool_identity *pools_defaults(struct lint *l);

/* The identity pool p runs as, attribute by attribute as IIS inherits:
 * identityType and userName each its own or the defaults'.  *inherited
 * (if given) is set when the type comes from the defaults. */
void pools_identity(struct lint *l, const struct pool *p, struct pool_identity *out,
		    int *inherited);

/* The pool an application runs in: its own applicationPool, its site's
 * <applicationDefaults>, or the server's ("" when none is written; valid
 * once its site closed). */
const char *pools_app_pool(struct lint *l, const struct pool_app *a);

extern const struct family family_pools;

#endif
