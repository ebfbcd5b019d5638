/* rules.h - rule ids as an enum, generated from rules.def. */
#ifndef HC_RULES_H
#define HC_RULES_H

#include "hardconf.h"

#define K_M HARDCONF_KIND_BIT(HARDCONF_KIND_MACHINE)
#define K_R HARDCONF_KIND_BIT(HARDCONF_KIND_ROOT_WEB)
#define K_W HARDCONF_KIND_BIT(HARDCONF_KIND_WEB)
#define K_A HARDCONF_KIND_BIT(HARDCONF_KIND_APPHOST)
#define K_S HARDCONF_KIND_BIT(HARDCONF_KIND_CRMSETUP)
#define K_Q HARDCONF_KIND_BIT(HARDCONF_KIND_SSRS)
#define K_B HARDCONF_KIND_BIT(HARDCONF_KIND_BCSERVER)
#define K_I HARDCONF_KIND_BIT(HARDCONF_KIND_IISEXPRESS)
#define K_N HARDCONF_KIND_BIT(HARDCONF_KIND_BCSETUP)
#define K_CONFIG (K_M | K_R | K_W | K_A)
#define K_ALL (K_CONFIG | K_S | K_Q | K_B | K_I | K_N | HARDCONF_KIND_BIT(HARDCONF_KIND_UNKNOWN))

enum rule_id {
#define RULE(id, sev, kinds, opt_in, name, category, precision, family, cis, title, ref, help) \
	RULE_##id,
#include "model/rules.def"
#undef RULE
	RULE_COUNT
};

/* The metadata of a rule by enum. */
const hardconf_rule *rule_meta(enum rule_id id);

#endif
