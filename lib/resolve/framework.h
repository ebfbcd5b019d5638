/* framework.h - the .NET Framework an application targets (framework.c). */
#ifndef HC_FRAMEWORK_H
#define HC_FRAMEWORK_H

#include "scan/lint.h"

/* What the file and its parents said so far: a version 4 targetFramework
 * or assembly, or the 2.0/3.5 assemblies of an older application. */
struct framework {
	int framework_4, framework_2;
};

const struct framework *framework_of(struct lint *l);

extern const struct family family_framework;

#endif
