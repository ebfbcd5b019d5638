/* rules_dynamics.c - Dynamics 365 (on-premises) Server Setup XML, HC3xxx.
 * Setup reads names in any letter case, so paths here are lower case. */
#include "lint.h"

static const struct attr_check service_account_type = {
	.rule = RULE_HC3001,
	.attr = "type",
	.syntax = VALUE_LOOSE_ENUM,
	.choices = "DomainUser|NetworkService",
	.insecure = "NetworkService",
	.message = "%s type=\"%s\" runs the service as Network Service, the computer account on "
		   "the network; "
		   "use a dedicated low-privilege domain account (type=\"DomainUser\")",
};

#define ACCOUNT(path)                                              \
	{                                                          \
		path, K_S, check_attr, NULL, &service_account_type \
	}

static const struct hook hooks[] = {
	ACCOUNT("server/crmserviceaccount"),
	ACCOUNT("server/sandboxserviceaccount"),
	ACCOUNT("server/deploymentserviceaccount"),
	ACCOUNT("server/asyncserviceaccount"),
	ACCOUNT("server/vsswriterserviceaccount"),
	ACCOUNT("server/monitoringserviceaccount"),
	ACCOUNT("srsdataconnector/monitoringserviceaccount"),
};

const struct family family_dynamics = {
	.hooks = hooks,
	.n_hooks = sizeof hooks / sizeof hooks[0],
};
