/*
 * kind.c - which kind of configuration a file is: its name suggests one
 * before the root element is seen, the root decides, and a few sections
 * only one kind has (system.applicationHost, processModel) refine it.
 */
#include "scan/kind.h"

#include "util/util.h"

#include <stdio.h>
#include <string.h>

#define XDT_NAMESPACE "http://schemas.microsoft.com/XML-Document-Transform"

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/'), *back = strrchr(path, '\\');
	if (back && (!slash || back > slash))
		slash = back;
	return slash ? slash + 1 : path;
}

/* The kind a file name suggests, before (or without) seeing its root. */
hardconf_kind kind_from_name(const char *name)
{
	const char *base = base_name(name);
	size_t n = strlen(base);
	if (ascii_casecmp(base, "machine.config") == 0)
		return HARDCONF_KIND_MACHINE;
	if (ascii_casecmp(base, "applicationHost.config") == 0)
		return HARDCONF_KIND_APPHOST;
	if (ascii_casecmp(base, "rsreportserver.config") == 0)
		return HARDCONF_KIND_SSRS;
	/* Deployments keep several: "CustomSettings.config", "BC-CustomSettings.config". */
	if (n >= 21 && ascii_casecmp(base + n - 21, "CustomSettings.config") == 0)
		return HARDCONF_KIND_BCSERVER;
	if (n > 7 && ascii_casecmp(base + n - 7, ".config") == 0)
		return HARDCONF_KIND_WEB;
	return HARDCONF_KIND_UNKNOWN;
}

/* Whether the text holds needle (short; only searched in small files). */
static int contains(const char *text, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= len; i++)
		if (text[i] == needle[0] && memcmp(text + i, needle, n) == 0)
			return 1;
	return 0;
}

/* A Business Central server's settings name its instance and client port;
 * an application's appSettings file= fragment does not. */
static int looks_like_bc(const struct lint *l)
{
	return contains(l->text, l->len, "\"ServerInstance\"") &&
	       contains(l->text, l->len, "\"ClientServicesPort\"");
}

/* The kind a root element makes, given what the file name suggested. */
static hardconf_kind kind_of_root(const struct lint *l, const char *root, hardconf_kind by_name)
{
	if (strcmp(root, "configuration") == 0)
		return by_name == HARDCONF_KIND_MACHINE || by_name == HARDCONF_KIND_APPHOST
			       ? by_name
			       : HARDCONF_KIND_WEB;
	if (strcmp(root, "Configuration") == 0)
		return HARDCONF_KIND_SSRS;
	/* <appSettings> alone is also the root of an appSettings file= fragment:
	 * the server's file name, or its signature keys, make it BC's. */
	if (strcmp(root, "appSettings") == 0 &&
	    (by_name == HARDCONF_KIND_BCSERVER || looks_like_bc(l)))
		return HARDCONF_KIND_BCSERVER;
	if (ascii_casecmp(root, "CRMSetup") == 0)
		return HARDCONF_KIND_CRMSETUP;
	return HARDCONF_KIND_UNKNOWN;
}

/* Decides the kind at the root element; returns non-zero to stop (not a
 * configuration file). */
int kind_start_root(struct lint *l, const struct element *e)
{
	struct lint_file *f = &l->files[l->cur];
	if (!l->kind_forced || l->cur != l->target)
		l->kind = kind_of_root(l, e->name, l->kind);
	f->case_insensitive = l->case_insensitive = l->kind == HARDCONF_KIND_CRMSETUP;
	l->transform = 0;
	for (size_t i = 0; i < e->n_ns; i++)
		if (e->ns_uris[i] && strcmp(e->ns_uris[i], XDT_NAMESPACE) == 0)
			l->transform = 1;
	if (f->role == FILE_CONTEXT)
		return l->kind == HARDCONF_KIND_UNKNOWN || l->transform;
	l->root = at_element(e);
	if (l->kind != HARDCONF_KIND_UNKNOWN)
		return 0;
	lint_report(
		l, RULE_HC0009, at_element(e),
		"root element <%s> is not a known configuration (<configuration>, <CRMSetup>, SSRS "
		"<Configuration>, Business Central <appSettings>); nothing was linted (force a "
		"kind "
		"to lint it anyway)",
		e->name);
	return 1;
}

/* Content that tells kinds apart: only IIS's file has system.applicationHost,
 * only machine.config configures the ASP.NET process model. */
void kind_refine(struct lint *l)
{
	if ((l->kind_forced && l->cur == l->target) || l->kind != HARDCONF_KIND_WEB)
		return;
	if (strcmp(l->path, "system.applicationHost") == 0)
		l->kind = HARDCONF_KIND_APPHOST;
	else if (strcmp(l->path, "system.web/processModel") == 0)
		l->kind = HARDCONF_KIND_MACHINE;
}
