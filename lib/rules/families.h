/* families.h - the rule families of rules/, one per file. */
#ifndef HC_FAMILIES_H
#define HC_FAMILIES_H

#include "scan/lint.h"

extern const struct family family_structure, family_settings, family_aspnet, family_iis,
	family_dynamics, family_pools_rules, family_ssrs, family_bc, family_secrets, family_bcsetup,
	family_machinekey;

/* ASP.NET Core hosting and runtime switches (core.c); NuGet.Config's feed
 * credentials (nuget.c). */
extern const struct family family_core, family_nuget;

/* Traffic on the wire (WCF, connection strings); what a site exposes. */
extern const struct family family_transport, family_exposure;

#endif
