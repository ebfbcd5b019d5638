/*
 * fuzz_lint.c - libFuzzer harness over hardconf_lint_buffer().
 *
 * The first byte picks the kind (detected, or each kind forced) and the
 * display name (so detection by file name is exercised too); the rest is the
 * file.  An input holding the line TRANSFORM_MARK is a web.config and its
 * transform: both are written to a scratch folder and linted with
 * hardconf_lint_chain(), so that the transform engine and the positions it
 * maps back are fuzzed too.  Every finding is held to what hardconf.h promises, every writer's
 * output must be well-formed (one line per finding, or valid JSON) and the
 * library must print nothing; the bytes linted again through hardconf_lint()
 * with a workspace, holding the parser the inputs before left in it, must
 * give the same findings.  So must an input whose kind is detected,
 * written to a file and streamed from it as a file of a megabyte or more
 * is (the harness sets the internal size from which a linter streams:
 * inputs are far smaller).  One that plays a web.config and holds a
 * <location> is also a folder's web.config above four files: each linted
 * below it named as a parent, read whole, and below a handle
 * (hardconf_parents_new()) that streams it, whose variants scan it again
 * leaving out the locations that do not reach the file, must say the
 * same.  It is also a server's machine.config and applicationHost.config,
 * whose locations name sites: the first file below is linted as the site
 * "a", then "admin", both ways too.  A broken promise is an abort():
 * libFuzzer reports it as a
 * crash and keeps the input.
 *
 *   clang -fsanitize=fuzzer,address,undefined: make fuzz (tests/fuzz/fuzz.mk)
 *   any compiler, over files:                  make fuzz-replay (replay.c)
 */
#include "fuzz.h"

#include "hardconf.h"
#include "rules/patterns.h" /* the prefilters, held to their patterns */
#include "scan/linter.h"    /* stream_from */
#include "util/re.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static hardconf_linter *linter;
/* The same linter, streaming every file it reads from the disk. */
static hardconf_linter *streamer;
/* Kept from input to input (replay: from selector to selector of a file). */
static hardconf_workspace *workspace;
/* Every secret pattern, searched directly, and a match's data. */
static struct re_set *patterns;
static struct re_match *pattern_match;
/* The scratch folder for transform inputs, and its two files; the file an
 * input is streamed from; a folder's web.config, its sub-folders and the
 * files in them. */
static char scratch_dir[64], base_path[96], transform_path[96], stream_path[96];
static const char *const below[] = {"a", "admin", "b", "b/c"};
#define N_BELOW (sizeof below / sizeof below[0])
static char parent_dir[96], parent_path[112], below_dirs[N_BELOW][112], below_files[N_BELOW][128];
/* The server's files an input with a <location> also becomes, and the
 * site each names the first file below. */
static const char *const servers[] = {"machine.config", "applicationHost.config"};
static const char *const server_sites[] = {"a", "admin"};
#define N_SERVERS (sizeof servers / sizeof servers[0])
static char server_paths[N_SERVERS][112];
static pid_t scratch_owner; /* replay forks a child per file: only the owner cleans up */
#define TRANSFORM_MARK "\n<!--hardconf:transform-->\n"
static int pinned = -1; /* HARDCONF_FUZZ_KIND: every input as this kind */

/* The selector byte (taken modulo FUZZ_SELECTORS) names the kind to force
 * (HARDCONF_KIND_UNKNOWN: detect) and one of FUZZ_NAMES display names. */
#define FUZZ_KINDS ((unsigned)HARDCONF_KIND_LAST + 1)
#define FUZZ_NAMES 12u
#define FUZZ_SELECTORS (FUZZ_KINDS * FUZZ_NAMES)
#define FUZZ_SELECTOR(kind, name_index) ((unsigned)(kind) + FUZZ_KINDS * (name_index))

/* The display names, names[selector / FUZZ_KINDS]; NULL is "<buffer>". */
static const char *const names[] = {
	NULL,
	"web.config",
	"machine.config",
	"applicationHost.config",
	"x.xml",
	"C:\\inetpub\\wwwroot\\Web.Config",
	"conf/APPLICATIONHOST.CONFIG",
	"setup.XML",
	"ReportServer/rsreportserver.config",
	"Service/CustomSettings.config",
	/* Names from hostile trees: every writer must escape them. */
	"a\"b\\c\x01\x1b[31m\n::error file=x::forged%0A,y:z\r.config",
	"bad\xff\xfe\xc0\xaf\xed\xa0\x80.config",
};
_Static_assert(sizeof names / sizeof names[0] == FUZZ_NAMES, "FUZZ_NAMES is out of date");
_Static_assert(FUZZ_SELECTORS <= 256, "the selector is one byte");

unsigned fuzz_selectors(void)
{
	return FUZZ_SELECTORS;
}

/* Seeds: detection under every display name, and every kind forced. */
size_t fuzz_seed_selectors(unsigned *out)
{
	size_t n = 0;
	for (unsigned name = 0; name < FUZZ_NAMES; name++)
		out[n++] = FUZZ_SELECTOR(HARDCONF_KIND_UNKNOWN, name);
	for (unsigned kind = 1; kind < FUZZ_KINDS; kind++)
		out[n++] = FUZZ_SELECTOR(kind, 1);
	return n;
}

static void free_linter(void)
{
	hardconf_linter_free(linter);
	hardconf_linter_free(streamer);
	linter = streamer = NULL;
	hardconf_workspace_free(workspace);
	workspace = NULL;
	re_match_free(pattern_match);
	re_set_free(patterns);
	pattern_match = NULL;
	patterns = NULL;
	if (scratch_dir[0] && getpid() == scratch_owner) {
		unlink(base_path);
		unlink(transform_path);
		unlink(stream_path);
		unlink(parent_path);
		for (size_t i = 0; i < N_SERVERS; i++)
			unlink(server_paths[i]);
		for (size_t i = N_BELOW; i-- > 0;) {
			unlink(below_files[i]);
			rmdir(below_dirs[i]);
		}
		rmdir(parent_dir);
		rmdir(scratch_dir);
	}
}

/* The folder whose web.config an input with a <location> becomes, and the
 * folders below it, each with a web.config of its own. */
static void make_site(void)
{
	/* Its findings are what a parent can lock, grade down (a server's
	 * retail deployment) or make moot. */
	static const char child[] =
		"<configuration><system.web><compilation debug=\"true\" />"
		"<customErrors mode=\"On\" /><httpCookies requireSSL=\"true\" />"
		"<trace enabled=\"true\" /></system.web><system.webServer>"
		"<directoryBrowse enabled=\"false\" /></system.webServer></configuration>\n";
	snprintf(parent_dir, sizeof parent_dir, "%s/site", scratch_dir);
	snprintf(parent_path, sizeof parent_path, "%s/web.config", parent_dir);
	if (mkdir(parent_dir, 0700) != 0) {
		perror(parent_dir);
		abort();
	}
	for (size_t i = 0; i < N_BELOW; i++) {
		int dir_len = snprintf(below_dirs[i], sizeof below_dirs[i], "%s/%s", parent_dir,
				       below[i]),
		    file_len = snprintf(below_files[i], sizeof below_files[i], "%s/web.config",
					below_dirs[i]);
		if (dir_len < 0 || (size_t)dir_len >= sizeof below_dirs[i] || file_len < 0 ||
		    (size_t)file_len >= sizeof below_files[i] || mkdir(below_dirs[i], 0700) != 0) {
			perror(below_dirs[i]);
			abort();
		}
		fuzz_write_file(below_files[i], (const uint8_t *)child, sizeof child - 1);
	}
}

/* Every rule on, opt-in ones included, so that all the checks are reached.
 * HARDCONF_FUZZ_KIND=NAME (a kind's short name; "unknown" means detect)
 * pins the kind for a campaign on one kind; the selector still picks the
 * display name. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *ids[256], *pin = getenv("HARDCONF_FUZZ_KIND");
	size_t n = 0;
	hardconf_options opts = HARDCONF_OPTIONS_INIT;
	hardconf_error err = {0};
	(void)argc, (void)argv;

	if (linter)
		return 0;
	if (pin && *pin) {
		hardconf_kind k;
		if (hardconf_kind_parse(&k, pin) != HARDCONF_OK) {
			fprintf(stderr, "fuzz_lint: HARDCONF_FUZZ_KIND: no kind '%s'\n", pin);
			abort();
		}
		pinned = (int)k;
	}
	for (size_t i = 0; i < hardconf_rule_count() && n + 1 < sizeof ids / sizeof ids[0]; i++)
		if (hardconf_rule_at(i)->opt_in)
			ids[n++] = hardconf_rule_at(i)->id;
	ids[n] = NULL;
	opts.enable = ids;
	if (hardconf_linter_new(&linter, &opts, &err) != HARDCONF_OK ||
	    hardconf_linter_new(&streamer, &opts, &err) != HARDCONF_OK) {
		fprintf(stderr, "fuzz_lint: cannot build the linter: %s\n", err.message);
		abort();
	}
	streamer->stream_from = 1;
	/* Its handles' variants pick up after the content before the first
	 * location, however short (larger parents' do from 4 KiB on). */
	streamer->resume_from = 1;
	/* And keep one variant at a time: each new one drops the last, as a
	 * handle full of them does. */
	streamer->variants_kept = 1;
	{
		unsigned char all[N_PATTERNS];
		memset(all, 1, sizeof all);
		if (!(patterns = patterns_compile(linter, all)) ||
		    !(pattern_match = re_match_new(patterns))) {
			fprintf(stderr, "fuzz_lint: cannot compile the patterns\n");
			abort();
		}
	}
	atexit(free_linter);
	snprintf(scratch_dir, sizeof scratch_dir, "/tmp/hardconf-fuzz-XXXXXX");
	if (!mkdtemp(scratch_dir)) {
		perror("fuzz_lint: a scratch folder");
		abort();
	}
	scratch_owner = getpid();
	snprintf(base_path, sizeof base_path, "%s/Web.config", scratch_dir);
	snprintf(transform_path, sizeof transform_path, "%s/Web.Release.config", scratch_dir);
	snprintf(stream_path, sizeof stream_path, "%s/streamed", scratch_dir);
	for (size_t i = 0; i < N_SERVERS; i++)
		snprintf(server_paths[i], sizeof server_paths[i], "%s/%s", scratch_dir, servers[i]);
	make_site();
	fuzz_quiet_init("fuzz_lint");
	return 0;
}

static void broken(const char *promise, const hardconf_finding *f)
{
	fuzz_loud();
	fprintf(stderr, "\nfuzz_lint: broken promise: %s\n", promise);
	if (f) {
		fprintf(stderr, "  finding %s %u:%u-%u:%u severity %d: \"",
			f->rule_id ? f->rule_id : "(null)", f->line, f->column, f->end_line,
			f->end_column, (int)f->severity);
		fuzz_show(f->message);
		fprintf(stderr, "\"\n");
	}
	abort();
}

#define PROMISE(cond, f)                  \
	do {                              \
		if (!(cond))              \
			broken(#cond, f); \
	} while (0)

/* A prefilter says no only where its pattern cannot match: checked on the
 * input whole and on each of its first 64 quoted stretches (what attribute
 * values hold), against the pattern itself. */
static void check_prefilters(const uint8_t *text, size_t len)
{
	const char *v = (const char *)text;
	size_t from, to, n = len, quoted = 0;
	for (size_t i = 0; i <= len && quoted <= 64;) {
		for (size_t p = 0; p < N_PATTERNS; p++)
			if (!pattern_may_match((enum pattern)p, v, n) &&
			    re_search(patterns, p, pattern_match, v, n, 0, &from, &to) == 1) {
				fprintf(stderr, "\nfuzz_lint: pattern %zu matches \"", p);
				fwrite(v, 1, n, stderr);
				broken("a prefilter passes over a value its pattern matches", NULL);
			}
		/* The next stretch between two of the same quotes. */
		while (i < len && text[i] != '"' && text[i] != '\'')
			i++;
		if (i >= len)
			break;
		v = (const char *)text + i + 1;
		n = 0;
		while (i + 1 + n < len && text[i + 1 + n] != text[i])
			n++;
		i += n + 2;
		quoted++;
	}
}

/* The length of the strict UTF-8 sequence at s (no overlong forms, no
 * surrogates, nothing past U+10FFFF), or 0. */
static size_t strict_utf8_sequence(const unsigned char *s, const unsigned char *end)
{
	unsigned c = *s, cp;
	size_t n;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	if ((size_t)(end - s) < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3Fu);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

static int valid_utf8(const unsigned char *s)
{
	const unsigned char *end = s + strlen((const char *)s);
	while (s < end) {
		size_t n = strict_utf8_sequence(s, end);
		if (!n)
			return 0;
		s += n;
	}
	return 1;
}

static int one_line(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f)
			return 0;
	}
	return 1;
}

/* A formatted finding is exactly one line: its only newline is the last
 * byte; in colour only ESC may join the printable bytes. */
static void check_format(const hardconf_finding *f, unsigned flags)
{
	char small[16];
	char *buf;
	int n = hardconf_format_finding(NULL, 0, f, HARDCONF_FORMAT_GCC, flags);
	size_t len;

	PROMISE(n > 0, f);
	len = (size_t)n;
	buf = malloc(len + 1);
	PROMISE(buf != NULL, f);
	PROMISE(hardconf_format_finding(buf, len + 1, f, HARDCONF_FORMAT_GCC, flags) == n, f);
	PROMISE(strlen(buf) == len && buf[len - 1] == '\n', f);
	for (size_t i = 0; i + 1 < len; i++) {
		unsigned char c = (unsigned char)buf[i];
		PROMISE((c >= 0x20 && c != 0x7f) || (c == 0x1b && (flags & HARDCONF_FORMAT_COLOR)),
			f);
	}
	/* Like snprintf: the same length, a NUL-terminated prefix. */
	PROMISE(hardconf_format_finding(small, sizeof small, f, HARDCONF_FORMAT_GCC, flags) == n,
		f);
	PROMISE(strlen(small) == (len < sizeof small ? len : sizeof small - 1), f);
	PROMISE(memcmp(small, buf, strlen(small)) == 0, f);
	free(buf);
}

static int before(const hardconf_finding *a, const hardconf_finding *b)
{
	if (a->file != b->file) /* the input's findings first, then the transform's */
		return strcmp(a->file, transform_path) != 0;
	if (a->line != b->line)
		return a->line < b->line;
	if (a->column != b->column)
		return a->column < b->column;
	return strcmp(a->rule_id, b->rule_id) < 0;
}

/* Upper bounds on positions for input without a declared encoding (UTF-8,
 * UTF-16, UCS-4, EBCDIC): a line needs a line-feed byte before it (0x0A, or
 * 0x25 in EBCDIC; CR counted too), a column at least one byte.  0 when the
 * input names an encoding, which may encode line feeds otherwise. */
static void position_bounds(const uint8_t *data, size_t len, unsigned long *max_line,
			    unsigned long *max_column)
{
	static const char word[] = "encoding";
	unsigned long breaks = 0;
	for (size_t i = 0; i < len; i++) {
		if (data[i] == '\n' || data[i] == '\r' || data[i] == 0x25)
			breaks++;
		if (len - i >= sizeof word - 1 && memcmp(data + i, word, sizeof word - 1) == 0) {
			*max_line = *max_column = 0;
			return;
		}
	}
	*max_line = breaks + 1;
	*max_column = (unsigned long)len + 2;
}

static void check_finding(const hardconf_report *r, const hardconf_finding *f,
			  unsigned long max_line, unsigned long max_column)
{
	const hardconf_rule *rule;

	PROMISE(f->rule_id != NULL, f);
	rule = hardconf_rule_find(f->rule_id);
	PROMISE(rule != NULL && strcmp(rule->id, f->rule_id) == 0, f);
	PROMISE(f->severity >= HARDCONF_SEVERITY_NOTE && f->severity <= HARDCONF_SEVERITY_ERROR, f);
	PROMISE(f->file != NULL && (strcmp(f->file, hardconf_report_file(r)) == 0 ||
				    strcmp(f->file, transform_path) == 0),
		f);
	PROMISE(f->message != NULL && f->message[0] != '\0', f);
	PROMISE(one_line(f->message), f);
	PROMISE(valid_utf8((const unsigned char *)f->message), f);
	PROMISE(f->justification != NULL, f);
	PROMISE(valid_utf8((const unsigned char *)f->justification), f);
	PROMISE(f->line >= 1 && f->column >= 1, f);
	PROMISE((f->end_line == 0) == (f->end_column == 0), f);
	if (f->end_line)
		PROMISE(f->end_line > f->line ||
				(f->end_line == f->line && f->end_column >= f->column),
			f);
	if (max_line) {
		PROMISE(f->line <= max_line && f->end_line <= max_line, f);
		PROMISE(f->column <= max_column && f->end_column <= max_column, f);
	}
	check_format(f, 0);
	check_format(f, HARDCONF_FORMAT_COLOR);
}

/* ---- The writers: every format well-formed, whatever the text ---------- */

struct sink {
	char *buf;
	size_t len, cap;
};

static int sink_write(void *ctx, const char *data, size_t len)
{
	struct sink *k = ctx;
	if (k->len + len + 1 > k->cap) {
		size_t cap = (k->len + len + 1) * 2;
		char *p = realloc(k->buf, cap);
		if (!p)
			abort();
		k->buf = p;
		k->cap = cap;
	}
	memcpy(k->buf + k->len, data, len);
	k->len += len;
	k->buf[k->len] = '\0';
	return 0;
}

/* A strict RFC 8259 reader that only says whether the text is JSON. */
struct json {
	const unsigned char *p, *end;
	int depth;
};

static void json_space(struct json *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static int json_literal(struct json *j, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n) != 0)
		return 0;
	j->p += n;
	return 1;
}

static int json_string(struct json *j)
{
	if (j->p >= j->end || *j->p++ != '"')
		return 0;
	while (j->p < j->end) {
		unsigned char c = *j->p;
		if (c == '"') {
			j->p++;
			return 1;
		}
		if (c < 0x20)
			return 0;
		if (c == '\\') {
			if (++j->p >= j->end)
				return 0;
			if (*j->p == 'u') {
				for (int i = 0; i < 4; i++)
					if (++j->p >= j->end ||
					    !strchr("0123456789abcdefABCDEF", *j->p) || !*j->p)
						return 0;
			} else if (!*j->p || !strchr("\"\\/bfnrt", *j->p)) {
				return 0;
			}
			j->p++;
		} else {
			size_t n = strict_utf8_sequence(j->p, j->end);
			if (!n)
				return 0;
			j->p += n;
		}
	}
	return 0;
}

static int json_digits(struct json *j)
{
	const unsigned char *start = j->p;
	while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
		j->p++;
	return j->p > start;
}

static int json_number(struct json *j)
{
	if (j->p < j->end && *j->p == '-')
		j->p++;
	if (j->p < j->end && *j->p == '0')
		j->p++;
	else if (!json_digits(j))
		return 0;
	if (j->p < j->end && *j->p == '.' && (j->p++, !json_digits(j)))
		return 0;
	if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
		j->p++;
		if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
			j->p++;
		if (!json_digits(j))
			return 0;
	}
	return 1;
}

static int json_value(struct json *j)
{
	int ok = 1;
	json_space(j);
	if (j->p >= j->end || ++j->depth > 64)
		return 0;
	if (*j->p == '{' || *j->p == '[') {
		unsigned char close = *j->p == '{' ? '}' : ']';
		int object = close == '}';
		j->p++;
		json_space(j);
		if (j->p < j->end && *j->p == close) {
			j->p++;
		} else {
			for (;;) {
				if (object) {
					json_space(j);
					if (!json_string(j))
						return 0;
					json_space(j);
					if (j->p >= j->end || *j->p++ != ':')
						return 0;
				}
				if (!json_value(j))
					return 0;
				json_space(j);
				if (j->p < j->end && *j->p == ',') {
					j->p++;
					continue;
				}
				if (j->p >= j->end || *j->p++ != close)
					return 0;
				break;
			}
		}
	} else if (*j->p == '"') {
		ok = json_string(j);
	} else if (*j->p == 't' || *j->p == 'f' || *j->p == 'n') {
		ok = json_literal(j, "true") || json_literal(j, "false") || json_literal(j, "null");
	} else {
		ok = json_number(j);
	}
	j->depth--;
	return ok;
}

static int is_json(const char *text, size_t len)
{
	struct json j = {(const unsigned char *)text, (const unsigned char *)text + len, 0};
	if (!json_value(&j))
		return 0;
	json_space(&j);
	return j.p == j.end;
}

/* The lines of text, each ended by its only '\n'; no CR anywhere, and with
 * all set no other control character either.  (size_t)-1 if not so. */
static size_t lines_of(const char *text, size_t len, int all)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == '\n')
			n++;
		else if (c == '\r' || (all && (c < 0x20 || c == 0x7f)))
			return (size_t)-1;
	}
	return len > 0 && text[len - 1] != '\n' ? (size_t)-1 : n;
}

/* SARIF carries the whole rule catalogue (over 100 kB), which costs far more
 * than the lint: it is checked only for selector bytes 63, 127, 191 and 255,
 * which no seed carries (replay runs 63 for every file). */
static void check_writers(const hardconf_report *r, int with_sarif)
{
	static const hardconf_format formats[] = {HARDCONF_FORMAT_GCC, HARDCONF_FORMAT_JSON,
						  HARDCONF_FORMAT_SARIF, HARDCONF_FORMAT_GITHUB};
	size_t count = hardconf_report_count(r);
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		struct sink k = {0};
		hardconf_writer *w = NULL;
		if (formats[i] == HARDCONF_FORMAT_SARIF && !with_sarif)
			continue;
		PROMISE(hardconf_writer_new(&w, formats[i], HARDCONF_FORMAT_SHOW_SUPPRESSED,
					    sink_write, &k, NULL) == HARDCONF_OK,
			NULL);
		PROMISE(hardconf_writer_add(w, r) == HARDCONF_OK, NULL);
		PROMISE(hardconf_writer_finish(w) == HARDCONF_OK, NULL);
		hardconf_writer_free(w);
		if (formats[i] == HARDCONF_FORMAT_JSON || formats[i] == HARDCONF_FORMAT_SARIF) {
			if (!is_json(k.buf, k.len)) {
				fprintf(stderr,
					"fuzz_lint: %s output: ", hardconf_format_name(formats[i]));
				fuzz_show(k.buf);
				broken("JSON and SARIF output is valid JSON", NULL);
			}
		} else {
			/* One line per finding: gcc escapes every control character;
			 * GitHub's workflow commands only need CR and LF escaped. */
			PROMISE(lines_of(k.buf, k.len, formats[i] == HARDCONF_FORMAT_GCC) == count,
				NULL);
			for (size_t at = 0; formats[i] == HARDCONF_FORMAT_GITHUB && at < k.len;) {
				PROMISE(k.buf[at] == ':' && k.buf[at + 1] == ':', NULL);
				at += strcspn(k.buf + at, "\n") + 1;
			}
		}
		free(k.buf);
	}
}

/* The bytes linted again, through hardconf_lint() with the workspace (a
 * report, or NULL when that call failed). */
static hardconf_report *lint_again(const uint8_t *text, size_t len, const char *name,
				   hardconf_kind kind)
{
	hardconf_input in = HARDCONF_INPUT_INIT;
	hardconf_report *r = NULL;
	if (!workspace && !(workspace = hardconf_workspace_new()))
		broken("hardconf_workspace_new() makes a workspace", NULL);
	in.data = text ? (const void *)text : "";
	in.len = len;
	in.name = name;
	in.kind = kind;
	in.workspace = workspace;
	return hardconf_lint(&r, linter, &in, NULL) == HARDCONF_OK ? r : NULL;
}

/* The bytes written to a file and linted from its descriptor by the
 * streamer, under the same name (a report, or NULL when that call failed). */
static hardconf_report *lint_streamed(const uint8_t *text, size_t len, const char *name,
				      hardconf_kind kind)
{
	hardconf_input in = HARDCONF_INPUT_INIT;
	hardconf_report *r = NULL;
	int fd, rc;
	fuzz_write_file(stream_path, text, len);
	if ((fd = open(stream_path, O_RDONLY | O_CLOEXEC)) < 0)
		return NULL;
	in.fd = fd;
	in.name = name;
	in.kind = kind;
	rc = hardconf_lint(&r, streamer, &in, NULL);
	close(fd);
	return rc == HARDCONF_OK ? r : NULL;
}

/* The same verdict, whatever the path to it (a workspace holding the parser
 * the inputs before left, a file streamed rather than read whole): other
 * holds r's findings at the same places, with the same fixes. */
static void check_same(const hardconf_report *r, const hardconf_report *other)
{
	size_t n = hardconf_report_count(r);
	PROMISE(other != NULL, NULL);
	PROMISE(hardconf_report_kind(other) == hardconf_report_kind(r), NULL);
	PROMISE(hardconf_report_count(other) == n, NULL);
	for (size_t i = 0; i < n; i++) {
		const hardconf_finding *a = hardconf_report_get(r, i),
				       *b = hardconf_report_get(other, i);
		PROMISE(strcmp(a->rule_id, b->rule_id) == 0 && a->line == b->line &&
				a->column == b->column && a->end_line == b->end_line &&
				a->end_column == b->end_column && a->severity == b->severity &&
				a->suppressed == b->suppressed &&
				strcmp(a->message, b->message) == 0,
			a);
		PROMISE((a->fix == NULL) == (b->fix == NULL), a);
		PROMISE(!a->fix || a->fix->n_edits == b->fix->n_edits, a);
		for (size_t k = 0; a->fix && k < a->fix->n_edits; k++) {
			const hardconf_edit *x = &a->fix->edits[k], *y = &b->fix->edits[k];
			PROMISE(x->offset == y->offset && x->length == y->length &&
					x->bytes_len == y->bytes_len &&
					memcmp(x->bytes, y->bytes, x->bytes_len) == 0,
				a);
		}
	}
}

/* Whether text (len bytes) holds the string word. */
static int holds(const uint8_t *text, size_t len, const char *word)
{
	size_t n = strlen(word);
	for (size_t i = 0; i + n <= len; i++)
		if (text[i] == (uint8_t)word[0] && memcmp(text + i, word, n) == 0)
			return 1;
	return 0;
}

/* text as a folder's web.config: the files below it linted with it named
 * as a parent (in[k]) and below a handle that streams it (out[k]).  Each is
 * a report, or NULL when that call failed. */
static void lint_below(const uint8_t *text, size_t len, hardconf_report **in, hardconf_report **out)
{
	const char *parents[] = {parent_path};
	hardconf_parents *handle = NULL;
	fuzz_write_file(parent_path, text, len);
	(void)hardconf_parents_new(&handle, streamer, NULL, parent_path, NULL, NULL, 0, NULL);
	for (size_t k = 0; k < N_BELOW; k++) {
		hardconf_chain named = HARDCONF_CHAIN_INIT, handed = HARDCONF_CHAIN_INIT;
		named.parents = parents;
		named.n_parents = 1;
		handed.inherited = handle;
		in[k] = out[k] = NULL;
		if (hardconf_lint_chain(&in[k], linter, below_files[k], HARDCONF_KIND_UNKNOWN,
					&named, NULL) != HARDCONF_OK)
			in[k] = NULL;
		if (!handle ||
		    hardconf_lint_chain(&out[k], streamer, below_files[k], HARDCONF_KIND_UNKNOWN,
					&handed, NULL) != HARDCONF_OK)
			out[k] = NULL;
	}
	hardconf_parents_free(handle);
}

/* text as a server's files (servers[k]): the first file below linted as
 * the site server_sites[k] with the file named as a parent (in[k]) and
 * below a handle that streams it (out[k]). */
static void lint_below_server(const uint8_t *text, size_t len, hardconf_report **in,
			      hardconf_report **out)
{
	for (size_t k = 0; k < N_SERVERS; k++) {
		const char *parents[] = {server_paths[k]};
		hardconf_chain named = HARDCONF_CHAIN_INIT, handed = HARDCONF_CHAIN_INIT;
		hardconf_parents *handle = NULL;
		fuzz_write_file(server_paths[k], text, len);
		(void)hardconf_parents_new(&handle, streamer, NULL, server_paths[k], NULL,
					   server_sites[k], HARDCONF_PARENT_SERVER, NULL);
		named.parents = parents;
		named.n_parents = 1;
		named.site_path = server_sites[k];
		handed.inherited = handle;
		handed.site_path = server_sites[k];
		in[k] = out[k] = NULL;
		if (hardconf_lint_chain(&in[k], linter, below_files[0], HARDCONF_KIND_UNKNOWN,
					&named, NULL) != HARDCONF_OK)
			in[k] = NULL;
		if (!handle ||
		    hardconf_lint_chain(&out[k], streamer, below_files[0], HARDCONF_KIND_UNKNOWN,
					&handed, NULL) != HARDCONF_OK)
			out[k] = NULL;
		hardconf_parents_free(handle);
	}
}

/* Splits a transform input at TRANSFORM_MARK into the two files and lints
 * the base with the transform applied; -1 when it is no such input. */
static int lint_transform(const uint8_t *text, size_t len, hardconf_report **r, hardconf_error *err)
{
	static const char mark[] = TRANSFORM_MARK;
	hardconf_chain chain = HARDCONF_CHAIN_INIT;
	size_t n = sizeof mark - 1;
	for (size_t i = 0; i + n <= len; i++) {
		if (text[i] != '\n' || memcmp(text + i, mark, n) != 0)
			continue;
		fuzz_write_file(base_path, text, i);
		fuzz_write_file(transform_path, text + i + n, len - i - n);
		chain.transform = transform_path;
		return hardconf_lint_chain(r, linter, base_path, HARDCONF_KIND_UNKNOWN, &chain,
					   err);
	}
	return -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned selector = size > 0 ? data[0] % FUZZ_SELECTORS : 0;
	hardconf_kind kind =
		pinned >= 0 ? (hardconf_kind)pinned : (hardconf_kind)(selector % FUZZ_KINDS);
	const char *name = names[selector / FUZZ_KINDS];
	const uint8_t *text = size > 0 ? data + 1 : data;
	size_t len = size > 0 ? size - 1 : 0, n;
	unsigned long max_line, max_column;
	hardconf_report *r = NULL, *again = NULL, *streamed = NULL;
	hardconf_report *named[N_BELOW] = {NULL}, *handed[N_BELOW] = {NULL};
	hardconf_report *served[N_SERVERS] = {NULL}, *served_handed[N_SERVERS] = {NULL};
	/* Streaming does not depend on the kind forced: an input whose kind is
	 * detected (or pinned for the campaign) is streamed too, and is a
	 * parent when it plays a web.config.  The replay runs each file behind
	 * every selector, and these lints each cost a file written. */
	int detected = kind == HARDCONF_KIND_UNKNOWN || pinned >= 0, located = 0;
	hardconf_error err = {0};
	int rc, transformed;

	if (!linter)
		LLVMFuzzerInitialize(NULL, NULL);
	check_prefilters(text, len);
	fuzz_quiet_begin();
	rc = lint_transform(text, len, &r, &err);
	transformed = rc != -1;
	if (!transformed) {
		rc = hardconf_lint_buffer(&r, linter, text, len, name, kind, &err);
		if (rc == HARDCONF_OK)
			again = lint_again(text, len, name, kind);
		if (rc == HARDCONF_OK && detected)
			streamed = lint_streamed(text, len, name, kind);
		located = detected && name && strcmp(name, "web.config") == 0 &&
			  holds(text, len, "<location");
		if (located) {
			lint_below(text, len, named, handed);
			lint_below_server(text, len, served, served_handed);
		}
	} else {
		name = base_path, kind = HARDCONF_KIND_UNKNOWN;
	}
	fuzz_quiet_end("fuzz_lint");
	if (rc != HARDCONF_OK) {
		fprintf(stderr, "fuzz_lint: status %d: %s\n", rc, err.message);
		broken("hardconf_lint_buffer() returns HARDCONF_OK for any bytes", NULL);
	}
	PROMISE(r != NULL, NULL);
	PROMISE(strcmp(hardconf_report_file(r), name ? name : "<buffer>") == 0, NULL);
	PROMISE(hardconf_report_kind(r) <= HARDCONF_KIND_LAST, NULL);
	PROMISE(kind == HARDCONF_KIND_UNKNOWN || hardconf_report_kind(r) == kind, NULL);
	position_bounds(text, len, &max_line, &max_column);
	n = hardconf_report_count(r);
	for (size_t i = 0; i < n; i++) {
		const hardconf_finding *f = hardconf_report_get(r, i);
		PROMISE(f != NULL, NULL);
		check_finding(r, f, max_line, max_column);
		if (i > 0)
			PROMISE(!before(f, hardconf_report_get(r, i - 1)), f);
	}
	PROMISE(hardconf_report_get(r, n) == NULL, NULL);
	check_writers(r, size > 0 && data[0] % 64 == 63);
	if (!transformed) {
		check_same(r, again);
		if (detected)
			check_same(r, streamed);
	}
	for (size_t k = 0; located && k < N_BELOW; k++) {
		PROMISE(named[k] != NULL, NULL);
		check_same(named[k], handed[k]);
		hardconf_report_free(named[k]);
		hardconf_report_free(handed[k]);
	}
	for (size_t k = 0; located && k < N_SERVERS; k++) {
		PROMISE(served[k] != NULL, NULL);
		check_same(served[k], served_handed[k]);
		hardconf_report_free(served[k]);
		hardconf_report_free(served_handed[k]);
	}
	hardconf_report_free(streamed);
	hardconf_report_free(again);
	hardconf_report_free(r);
	return 0;
}
