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

/* Whether name's first n bytes end with suffix, ignoring case. */
static int ends_with(const char *name, size_t n, const char *suffix)
{
	size_t m = strlen(suffix);
	return n >= m && ascii_ncasecmp(name + n - m, suffix, m) == 0;
}

/* Whether name holds needle, ignoring ASCII case (both short: a path). */
static int has_ci(const char *name, const char *needle)
{
	size_t n = strlen(name), m = strlen(needle);
	for (size_t i = 0; i + m <= n; i++)
		if (ascii_ncasecmp(name + i, needle, m) == 0)
			return 1;
	return 0;
}

/* An IIS Express path: its per-user folder (Documents\IISExpress\config) or
 * the copy Visual Studio keeps in the solution's .vs folder. */
static int iis_express_path(const char *name)
{
	return has_ci(name, "IISExpress") || has_ci(name, "/.vs/") || has_ci(name, "\\.vs\\") ||
	       ascii_ncasecmp(name, ".vs/", 4) == 0 || ascii_ncasecmp(name, ".vs\\", 4) == 0;
}

/* Copies kept beside a configuration under another name: a template to
 * fill in, a default to copy, a sample.  Their kind is their base's. */
static const char *const copy_suffixes[] = {".default", ".template", ".dist", ".sample"};

/* The kind a file name suggests, before (or without) seeing its root. */
hardconf_kind kind_from_name(const char *name)
{
	const char *base = base_name(name);
	size_t n = strlen(base);
	for (size_t i = 0; i < sizeof copy_suffixes / sizeof copy_suffixes[0]; i++)
		if (ends_with(base, n, copy_suffixes[i]) &&
		    ends_with(base, n - strlen(copy_suffixes[i]), ".config")) {
			n -= strlen(copy_suffixes[i]);
			break;
		}
	if (n == 14 && ascii_ncasecmp(base, "machine.config", n) == 0)
		return HARDCONF_KIND_MACHINE;
	/* Azure App Service's applicationHost.xdt transforms the site's
	 * applicationHost.config. */
	if ((n == 22 && ascii_ncasecmp(base, "applicationHost.config", n) == 0) ||
	    ends_with(base, n, "applicationHost.xdt"))
		return iis_express_path(name) ? HARDCONF_KIND_IISEXPRESS : HARDCONF_KIND_APPHOST;
	if (n == 21 && ascii_ncasecmp(base, "rsreportserver.config", n) == 0)
		return HARDCONF_KIND_SSRS;
	/* Deployments keep several: "CustomSettings.config", "BC-CustomSettings.config". */
	if (n >= 21 && ascii_ncasecmp(base + n - 21, "CustomSettings.config", 21) == 0)
		return HARDCONF_KIND_BCSERVER;
	if (n > 7 && ascii_ncasecmp(base + n - 7, ".config", 7) == 0)
		return HARDCONF_KIND_WEB;
	return HARDCONF_KIND_UNKNOWN;
}

/* Where the text holds needle, or NULL.  memchr() finds candidates for its
 * first byte (a rare one in the needles here), so a large file costs one
 * fast pass. */
static const char *find(const char *text, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	const char *end = text + len, *p = text;
	while (n <= (size_t)(end - p) && (p = memchr(p, needle[0], (size_t)(end - p) - n + 1))) {
		if (memcmp(p, needle, n) == 0)
			return p;
		p++;
	}
	return NULL;
}

static int contains(const char *text, size_t len, const char *needle)
{
	return find(text, len, needle) != NULL;
}

static int contains_any(const struct lint *l, const char *const *needles, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (contains(l->text, l->len, needles[i]))
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

/* Whether the text has an element named name (its start tag: "<name"
 * followed by '>', '/' or a blank). */
static int has_element(const struct lint *l, const char *name)
{
	char tag[64];
	size_t n = (size_t)snprintf(tag, sizeof tag, "<%s", name);
	const char *end = l->text + l->len, *p = l->text;

	while ((p = find(p, (size_t)(end - p), tag)) != NULL) {
		char after = p + n < end ? p[n] : '\0';
		if (after == '>' || after == '/' || after == ' ' || after == '\t' ||
		    after == '\r' || after == '\n')
			return 1;
		p++;
	}
	return 0;
}

/* <Configuration> is the root of many files that are not SSRS's (log4j2,
 * the Office Deployment Tool, Business Central Setup): rsreportserver.config
 * names its database (<Dsn>, <ConnectionType>), its URLs, its own settings
 * and the <Service> switches, and a file without any of them is not its. */
static int looks_like_ssrs(const struct lint *l)
{
	static const char *const signature[] = {
		"Dsn",
		"ConnectionType",
		"URLReservations",
		"InstallationID",
		"IsSchedulingService",
		"IsNotificationService",
		"IsWebServiceEnabled",
		"IsReportManagerEnabled",
		"RDLSandboxing",
		"AuthenticationTypes",
	};
	for (size_t i = 0; i < sizeof signature / sizeof signature[0]; i++)
		if (has_element(l, signature[i]))
			return 1;
	return contains(l->text, l->len, "\"SecureConnectionLevel\"");
}

/* Business Central (and NAV) Setup's configuration file, the one
 * setup.exe /config reads: <Component Id State> and <Parameter Id Value>. */
static int looks_like_bc_setup(const struct lint *l)
{
	return has_element(l, "Component") && has_element(l, "Parameter");
}

/* IIS Express writes its own environment variables into the file it
 * creates for each user or solution. */
static int looks_like_iis_express(const struct lint *l)
{
	static const char *const markers[] = {"%IIS_USER_HOME%", "%IIS_SITES_HOME%", "%IIS_BIN%"};
	return contains_any(l, markers, sizeof markers / sizeof markers[0]);
}

/* The kind a root element makes, given what the file name suggested. */
static hardconf_kind kind_of_root(const struct lint *l, const char *root, hardconf_kind by_name)
{
	if (strcmp(root, "configuration") == 0) {
		if (by_name == HARDCONF_KIND_APPHOST && looks_like_iis_express(l))
			return HARDCONF_KIND_IISEXPRESS;
		return by_name == HARDCONF_KIND_MACHINE || by_name == HARDCONF_KIND_APPHOST ||
				       by_name == HARDCONF_KIND_IISEXPRESS
			       ? by_name
			       : HARDCONF_KIND_WEB;
	}
	if (strcmp(root, "Configuration") == 0) {
		if (by_name == HARDCONF_KIND_SSRS || looks_like_ssrs(l))
			return HARDCONF_KIND_SSRS;
		return looks_like_bc_setup(l) ? HARDCONF_KIND_BCSETUP : HARDCONF_KIND_UNKNOWN;
	}
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
	/* A developer tool's stock file: only its secrets are the
	 * repository's business (--kind apphost lints it whole). */
	if (l->cur == l->target && l->kind == HARDCONF_KIND_IISEXPRESS)
		l->secrets_only = 1;
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
	if (strcmp(e->name, "Configuration") == 0)
		lint_report(l, RULE_HC0009, at_element(e),
			    "root element <Configuration> has neither SSRS's rsreportserver.config "
			    "settings (<Dsn>, <URLReservations>, <Service>, <AuthenticationTypes>) "
			    "nor Business Central Setup's <Component> and <Parameter>; nothing was "
			    "linted (force a kind to lint it anyway)");
	else
		lint_report(l, RULE_HC0009, at_element(e),
			    "root element <%s> is not a known configuration (<configuration>, "
			    "<CRMSetup>, SSRS <Configuration>, Business Central <appSettings>); "
			    "nothing was linted (force a kind to lint it anyway)",
			    e->name);
	return 1;
}

/* Content that tells kinds apart: only IIS's file has system.applicationHost
 * (IIS Express's names IIS Express's variables),
 * only machine.config configures the ASP.NET process model. */
void kind_refine(struct lint *l)
{
	static const char apphost[] = "system.applicationHost",
			  process_model[] = "system.web/processModel";
	if ((l->kind_forced && l->cur == l->target) || l->kind != HARDCONF_KIND_WEB)
		return;
	/* At every element of a web.config: the length settles most. */
	if (l->path_len == sizeof apphost - 1 && memcmp(l->path, apphost, sizeof apphost) == 0) {
		l->kind = looks_like_iis_express(l) ? HARDCONF_KIND_IISEXPRESS
						    : HARDCONF_KIND_APPHOST;
		if (l->cur == l->target && l->kind == HARDCONF_KIND_IISEXPRESS)
			l->secrets_only = 1;
	} else if (l->path_len == sizeof process_model - 1 &&
		   memcmp(l->path, process_model, sizeof process_model) == 0)
		l->kind = HARDCONF_KIND_MACHINE;
}
