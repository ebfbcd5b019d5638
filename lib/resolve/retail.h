/* retail.h - machine.config's <deployment retail="true"> resolved (retail.c). */
#ifndef HC_RETAIL_H
#define HC_RETAIL_H

#include "scan/lint.h"

extern const struct family family_retail;

#endif
