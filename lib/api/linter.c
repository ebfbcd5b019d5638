/* linter.c - building the immutable linter: options, rule selection and the
 * path index of hooks. */
#include "scan/linter.h"

#include "resolve/collections.h"
#include "resolve/facts.h"
#include "resolve/framework.h"
#include "resolve/locks.h"
#include "resolve/pools.h"
#include "resolve/retail.h"
#include "rules/families.h"

#include "util/re.h"
#include "util/util.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_MAX_FILE_SIZE ((size_t)256 << 20)
#define DEFAULT_WORK_BUDGET 64

/* Every family, in the order their hooks run for one element. */
static const struct family *const families[] = {
	/* Resolve first where rules read what the element scanned adds. */
	&family_pools,
	&family_collections,
	&family_retail,
	&family_framework,
	/* The rules. */
	&family_structure,
	&family_settings,
	&family_aspnet,
	&family_machinekey,
	&family_iis,
	&family_dynamics,
	&family_pools_rules,
	&family_ssrs,
	&family_bc,
	&family_bcsetup,
	&family_secrets,
	&family_core,
	&family_nuget,
	&family_transport,
	&family_exposure,
	&family_locks,
	/* Last: a rule sees the facts of the elements above the one scanned. */
	&family_facts,
};
#define N_FAMILIES (sizeof families / sizeof families[0])
_Static_assert(N_FAMILIES <= MAX_FAMILIES, "raise MAX_FAMILIES");

/* Whether a family's hooks may report rule id: every family reads values
 * as their configuration system does (HC0005, rules/read.c), and reports
 * its own thousand; the families not named here may report anything.
 * A family none of whose rules is on is left out of the hook index. */
static int may_report(const struct family *f, const char *id)
{
	static const struct {
		const struct family *f;
		char digit;
	} own[] = {{&family_aspnet, '1'}, {&family_iis, '2'}, {&family_dynamics, '3'},
		   {&family_ssrs, '4'},   {&family_bc, '5'},  {&family_secrets, '6'}};
	for (size_t k = 0; k < sizeof own / sizeof *own; k++)
		if (own[k].f == f)
			return strcmp(id, "HC0005") == 0 || id[2] == own[k].digit;
	return 1;
}

static void mark_idle(hardconf_linter *l)
{
	for (size_t f = 0; f < N_FAMILIES; f++) {
		int live = 0;
		for (size_t i = 0; i < RULE_COUNT && !live; i++)
			live = l->enabled[i] &&
			       may_report(families[f], rule_meta((enum rule_id)i)->id);
		l->family_idle[f] = (unsigned char)!live;
	}
}

/* The size of the options of each version: a caller built with an older
 * header passes a smaller struct, whose later fields must not be touched. */
static size_t options_size(unsigned int version)
{
	switch (version) {
	case 1:
		return offsetof(hardconf_options, work_budget);
	case 2:
		return sizeof(hardconf_options);
	}
	return 0;
}

int hardconf_options_init(hardconf_options *opts, unsigned int version)
{
	static const hardconf_options defaults = HARDCONF_OPTIONS_INIT;
	size_t size = options_size(version);
	if (!opts || size == 0)
		return HARDCONF_EINVAL;
	memcpy(opts, &defaults, size);
	opts->version = version;
	return HARDCONF_OK;
}

static int set_rules(hardconf_linter *l, const char *const *ids, unsigned char on,
		     hardconf_error *err)
{
	for (; ids && *ids; ids++) {
		const hardconf_rule *r = hardconf_rule_find(*ids);
		if (!r) {
			error_set(err, HARDCONF_EINVAL, "unknown rule id '%s'", *ids);
			return HARDCONF_EINVAL;
		}
		l->enabled[r - hardconf_rule_at(0)] = on;
	}
	return HARDCONF_OK;
}

int hardconf_linter_new(hardconf_linter **out, const hardconf_options *opts, hardconf_error *err)
{
	hardconf_options defaults = HARDCONF_OPTIONS_INIT;
	hardconf_linter *l;
	unsigned int work_budget;
	int rc;

	if (!out) {
		error_set(err, HARDCONF_EINVAL, "no place to store the linter");
		return HARDCONF_EINVAL;
	}
	*out = NULL;
	if (!opts)
		opts = &defaults;
	if (options_size(opts->version) == 0) {
		error_set(err, HARDCONF_EINVAL,
			  "options version %u is not supported (expected 1 to %u)", opts->version,
			  HARDCONF_OPTIONS_VERSION);
		return HARDCONF_EINVAL;
	}
	if (opts->n_severities && !opts->severities) {
		error_set(err, HARDCONF_EINVAL,
			  "options: severities is NULL but n_severities is %zu",
			  opts->n_severities);
		return HARDCONF_EINVAL;
	}
	/* Read only what the caller's version has. */
	work_budget = opts->version >= 2 ? opts->work_budget : 0;
	l = calloc(1, sizeof *l);
	if (!l) {
		error_set(err, HARDCONF_ENOMEM, "out of memory");
		return HARDCONF_ENOMEM;
	}
	l->families = families;
	l->n_families = N_FAMILIES;
	l->max_file_size = opts->max_file_size ? opts->max_file_size : DEFAULT_MAX_FILE_SIZE;
	l->max_depth = opts->max_depth && opts->max_depth < 256 ? opts->max_depth : 256;
	l->max_attributes = opts->max_attributes ? opts->max_attributes : 1024;
	l->max_value_length = opts->max_value_length ? opts->max_value_length : (size_t)1 << 20;
	l->max_findings = opts->max_findings ? opts->max_findings : 10000;
	l->work_budget = work_budget ? work_budget : DEFAULT_WORK_BUDGET;
	l->no_jit = (opts->flags & HARDCONF_NO_JIT) != 0;
	l->source_lines = (opts->flags & HARDCONF_SOURCE_LINES) != 0;
	for (size_t i = 0; i < RULE_COUNT; i++) {
		l->enabled[i] = !rule_meta((enum rule_id)i)->opt_in;
		l->severity[i] = rule_meta((enum rule_id)i)->severity;
	}
	rc = set_rules(l, opts->enable, 1, err);
	if (rc == HARDCONF_OK)
		rc = set_rules(l, opts->disable, 0, err);
	for (size_t i = 0; rc == HARDCONF_OK && i < opts->n_severities; i++) {
		const hardconf_severity_override *o = &opts->severities[i];
		const hardconf_rule *r = hardconf_rule_find(o->id);
		if (!r || o->severity < HARDCONF_SEVERITY_NOTE ||
		    o->severity > HARDCONF_SEVERITY_ERROR) {
			error_set(err, HARDCONF_EINVAL,
				  r ? "invalid severity for %s" : "unknown rule id '%s'",
				  o->id ? o->id : "(null)");
			rc = HARDCONF_EINVAL;
		} else {
			l->severity[r - hardconf_rule_at(0)] = o->severity;
		}
	}
	if (rc == HARDCONF_OK) {
		mark_idle(l);
		rc = linter_index(l);
		for (size_t f = 0; rc == HARDCONF_OK && f < N_FAMILIES; f++)
			if (families[f]->shared_new && !(l->shared[f] = families[f]->shared_new(l)))
				rc = HARDCONF_ENOMEM;
		if (rc != HARDCONF_OK)
			error_set(err, rc, "out of memory");
	}
	if (rc != HARDCONF_OK) {
		hardconf_linter_free(l);
		return rc;
	}
	*out = l;
	return HARDCONF_OK;
}

void hardconf_linter_free(hardconf_linter *linter)
{
	if (!linter)
		return;
	for (size_t f = 0; f < N_FAMILIES; f++)
		if (linter->shared[f] && families[f]->shared_free)
			families[f]->shared_free(linter->shared[f]);
	free(linter->hooks);
	free(linter->hook_family);
	free(linter->hook_runs);
	free(linter->slots);
	free(linter);
}

int hardconf_linter_rule_enabled(const hardconf_linter *linter, const char *id)
{
	const hardconf_rule *r = hardconf_rule_find(id);
	return linter && r && linter->enabled[r - hardconf_rule_at(0)];
}

const char *hardconf_version(void)
{
	return HARDCONF_VERSION_STRING;
}

const char *hardconf_strerror(int status)
{
	switch (status) {
	case HARDCONF_OK:
		return "success";
	case HARDCONF_EINVAL:
		return "invalid argument";
	case HARDCONF_ENOMEM:
		return "out of memory";
	case HARDCONF_EIO:
		return "input/output error";
	case HARDCONF_ENOTFOUND:
		return "not found";
	case HARDCONF_ELIBRARY:
		return "cannot load " HC_PCRE2_SONAME " (PCRE2)";
	}
	return "unknown error";
}
