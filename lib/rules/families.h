/* families.h - the rule families of rules/, one per file. */
#ifndef HC_FAMILIES_H
#define HC_FAMILIES_H

#include "scan/lint.h"

extern const struct family family_structure, family_settings, family_aspnet, family_iis,
	family_dynamics, family_ssrs, family_bc, family_secrets;
extern const struct family family_core;

#endif
