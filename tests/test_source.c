/* test_source.c - reading files and decoding every encoding a config file
 * comes in: positions must not depend on the encoding. */
#define _POSIX_C_SOURCE 200809L
#include "scan/linter.h"
#include "scan/xml.h"
#include "source/source.h"
#include "source/stream.h"
#include "suites.h"

#include <dirent.h>
#include <fcntl.h>
#include <iconv.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char doc[] = "<?xml version=\"1.0\"?>\n<configuration>\n  <system.web>\n"
			  "    <compilation debug=\"true\" />\n  </system.web>\n</configuration>\n";

/* ASCII text as UTF-16 (LE or BE), with an optional BOM. */
static char *utf16(const char *ascii, int big_endian, int bom, size_t *len)
{
	size_t n = strlen(ascii), o = 0;
	char *out = malloc(2 * n + 2);
	ck_assert_ptr_nonnull(out);
	if (bom) {
		out[o++] = big_endian ? '\xFE' : '\xFF';
		out[o++] = big_endian ? '\xFF' : '\xFE';
	}
	for (size_t i = 0; i < n; i++) {
		out[o++] = big_endian ? 0 : ascii[i];
		out[o++] = big_endian ? ascii[i] : 0;
	}
	*len = o;
	return out;
}

static hardconf_report *lint_bytes(const char *data, size_t len)
{
	hardconf_report *r = NULL;
	hardconf_error err = {0};
	ck_assert_int_eq(hardconf_lint_buffer(&r, test_linter(), data, len, "web.config",
					      HARDCONF_KIND_UNKNOWN, &err),
			 HARDCONF_OK);
	return r;
}

static void assert_debug_finding(hardconf_report *r)
{
	ck_assert_uint_eq(hardconf_report_count(r), 1);
	ck_assert_finding(r, 0, "HC1001", 4, 18);
	hardconf_report_free(r);
}

START_TEST(test_utf8_with_and_without_bom)
{
	char buf[sizeof doc + 3] = "\xEF\xBB\xBF";
	memcpy(buf + 3, doc, sizeof doc);
	assert_debug_finding(lint_bytes(doc, strlen(doc)));
	assert_debug_finding(lint_bytes(buf, strlen(buf)));
}
END_TEST

START_TEST(test_utf16)
{
	for (int be = 0; be <= 1; be++) {
		for (int bom = 0; bom <= 1; bom++) {
			size_t len;
			char *data = utf16(doc, be, bom, &len);
			assert_debug_finding(lint_bytes(data, len));
			free(data);
		}
	}
}
END_TEST

START_TEST(test_utf16_declared_but_utf8_bytes)
{
	/* .NET serialisers write encoding="utf-16" into text later saved as UTF-8. */
	const char *s = "<?xml version=\"1.0\" encoding=\"utf-16\"?>\n<configuration><system.web>"
			"<compilation debug=\"true\"/></system.web></configuration>";
	hardconf_report *r = lint_bytes(s, strlen(s));
	ck_assert_uint_eq(hardconf_report_count(r), 1);
	ck_assert_finding(r, 0, "HC1001", 2, 41);
	hardconf_report_free(r);
}
END_TEST

START_TEST(test_columns_count_characters)
{
	/* "é" is two bytes in UTF-8, one byte in Latin-1, one character in both. */
	const char *utf8 = "<configuration><!--\xC3\xA9--><system.web><compilation debug=\"true\"/>"
			   "</system.web></configuration>";
	const char *latin1 = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
			     "<configuration><!--\xE9--><system.web><compilation debug=\"true\"/>"
			     "</system.web></configuration>";
	hardconf_report *r = lint_bytes(utf8, strlen(utf8));
	ck_assert_finding(r, 0, "HC1001", 1, 49);
	hardconf_report_free(r);
	r = lint_bytes(latin1, strlen(latin1));
	ck_assert_finding(r, 0, "HC1001", 2, 49);
	hardconf_report_free(r);
}
END_TEST

START_TEST(test_bad_bytes_are_hc0001)
{
	const char *bad_utf8 = "<configuration>\n<a b=\"\xFF\xFE\"/></configuration>";
	const char *unknown =
		"<?xml version=\"1.0\" encoding=\"x-no-such-charset\"?><configuration/>";
	const char lone_bom[] = "\xFF\xFE";
	const char nul[] = "<configuration>\0</configuration>";
	hardconf_report *r = lint_bytes(bad_utf8, strlen(bad_utf8));
	ck_assert_uint_eq(hardconf_report_count(r), 1);
	ck_assert_str_eq(hardconf_report_get(r, 0)->rule_id, "HC0001");
	ck_assert_uint_eq(hardconf_report_get(r, 0)->line, 2);
	hardconf_report_free(r);
	r = lint_bytes(unknown, strlen(unknown));
	ck_assert_str_eq(hardconf_report_get(r, 0)->rule_id, "HC0001");
	ck_assert_ptr_nonnull(strstr(hardconf_report_get(r, 0)->message, "x-no-such-charset"));
	hardconf_report_free(r);
	r = lint_bytes(lone_bom, 2);
	ck_assert_str_eq(hardconf_report_get(r, 0)->rule_id, "HC0001");
	hardconf_report_free(r);
	r = lint_bytes(nul, sizeof nul - 1);
	ck_assert_str_eq(hardconf_report_get(r, 0)->rule_id, "HC0001");
	hardconf_report_free(r);
}
END_TEST

START_TEST(test_decode_keeps_utf8_in_place)
{
	struct source_text t;
	struct source_problem p;
	ck_assert_int_eq(source_decode(&t, doc, strlen(doc), &p), HARDCONF_OK);
	ck_assert_ptr_eq(t.text, doc);
	ck_assert_ptr_null(t.owned);
	source_text_free(&t);
}
END_TEST

START_TEST(test_read_errors)
{
	hardconf_report *r = (hardconf_report *)1;
	hardconf_error err = {0};
	char dir[] = "/tmp/hardconf-read-errors-XXXXXX", missing[64], fifo[64];
	int rc_missing, rc_dir, rc_fifo = -1, fifo_made;
	char msg_missing[sizeof err.message], msg_dir[sizeof err.message];
	hardconf_report *r_missing;

	/* A missing file, a directory and a FIFO, all in a directory of our own
	 * (removed before the asserts). */
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(missing, sizeof missing, "%s/missing/web.config", dir);
	snprintf(fifo, sizeof fifo, "%s/fifo.config", dir);
	rc_missing = hardconf_lint_file(&r, test_linter(), missing, HARDCONF_KIND_UNKNOWN, &err);
	r_missing = r;
	snprintf(msg_missing, sizeof msg_missing, "%s", err.message);
	rc_dir = hardconf_lint_file(&r, test_linter(), dir, HARDCONF_KIND_UNKNOWN, &err);
	snprintf(msg_dir, sizeof msg_dir, "%s", err.message);
	/* Opening a FIFO for reading would block forever: it must be refused. */
	fifo_made = mkfifo(fifo, 0600);
	if (fifo_made == 0)
		rc_fifo = hardconf_lint_file(&r, test_linter(), fifo, HARDCONF_KIND_UNKNOWN, &err);
	unlink(fifo);
	rmdir(dir);

	ck_assert_int_eq(rc_missing, HARDCONF_EIO);
	ck_assert_ptr_null(r_missing);
	ck_assert_ptr_nonnull(strstr(msg_missing, missing));
	ck_assert_int_eq(rc_dir, HARDCONF_EIO);
	ck_assert_ptr_nonnull(strstr(msg_dir, "directory"));
	ck_assert_int_eq(fifo_made, 0);
	ck_assert_int_eq(rc_fifo, HARDCONF_EIO);
	ck_assert_ptr_nonnull(strstr(err.message, "not a regular file"));
}
END_TEST

/* A caller that listed the file (HARDCONF_LINT_LISTED) saves the look
 * before opening; what is opened is still refused unless it is a regular
 * file, and a FIFO still does not block. */
START_TEST(test_listed_is_still_checked)
{
	hardconf_input in = HARDCONF_INPUT_INIT;
	hardconf_report *r = NULL, *plain = NULL;
	hardconf_error err = {0};
	char dir[] = "/tmp/hardconf-listed-XXXXXX", fifo[64], file[64], msg_dir[sizeof err.message];
	int rc_dir, rc_fifo = -1, rc_file, fifo_made;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(fifo, sizeof fifo, "%s/fifo.config", dir);
	snprintf(file, sizeof file, "%s/web.config", dir);
	f = fopen(file, "w");
	ck_assert_ptr_nonnull(f);
	fputs(doc, f);
	fclose(f);
	in.flags = HARDCONF_LINT_LISTED;
	in.path = dir;
	rc_dir = hardconf_lint(&r, test_linter(), &in, &err);
	snprintf(msg_dir, sizeof msg_dir, "%s", err.message);
	fifo_made = mkfifo(fifo, 0600);
	in.path = fifo;
	if (fifo_made == 0)
		rc_fifo = hardconf_lint(&r, test_linter(), &in, &err);
	in.path = file;
	rc_file = hardconf_lint(&r, test_linter(), &in, NULL);
	ck_assert_int_eq(
		hardconf_lint_file(&plain, test_linter(), file, HARDCONF_KIND_UNKNOWN, NULL),
		HARDCONF_OK);
	unlink(fifo);
	unlink(file);
	rmdir(dir);

	ck_assert_int_eq(rc_dir, HARDCONF_EIO);
	ck_assert_ptr_nonnull(strstr(msg_dir, "not a regular file"));
	ck_assert_int_eq(fifo_made, 0);
	ck_assert_int_eq(rc_fifo, HARDCONF_EIO);
	ck_assert_ptr_nonnull(strstr(err.message, "not a regular file"));
	ck_assert_int_eq(rc_file, HARDCONF_OK);
	ck_assert_uint_eq(hardconf_report_count(r), hardconf_report_count(plain));
	ck_assert_uint_gt(hardconf_report_count(r), 0);
	hardconf_report_free(r);
	hardconf_report_free(plain);
}
END_TEST

START_TEST(test_size_limit)
{
	hardconf_options opts = HARDCONF_OPTIONS_INIT;
	hardconf_linter *small = NULL;
	hardconf_report *r = NULL;
	char path[] = "/tmp/hardconf-big-XXXXXX";
	int fd = mkstemp(path);

	opts.max_file_size = 64;
	ck_assert_int_eq(hardconf_linter_new(&small, &opts, NULL), HARDCONF_OK);
	ck_assert_int_eq(hardconf_lint_buffer(&r, small, doc, strlen(doc), "web.config",
					      HARDCONF_KIND_UNKNOWN, NULL),
			 HARDCONF_OK);
	ck_assert_uint_eq(hardconf_report_count(r), 1);
	ck_assert_finding(r, 0, "HC0003", 1, 1);
	hardconf_report_free(r);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, doc, strlen(doc)), (int)strlen(doc));
	close(fd);
	ck_assert_int_eq(hardconf_lint_file(&r, small, path, HARDCONF_KIND_UNKNOWN, NULL),
			 HARDCONF_OK);
	ck_assert_finding(r, 0, "HC0003", 1, 1);
	hardconf_report_free(r);
	unlink(path);
	hardconf_linter_free(small);
}
END_TEST

/* ---- Streaming: a large file read a piece at a time ------------------ */

/* A linter that streams every file from `from` bytes on (SIZE_MAX: none),
 * keeping the source lines of each finding. */
static hardconf_linter *streaming_linter(size_t from)
{
	hardconf_linter *linter = NULL;
	hardconf_options opts = HARDCONF_OPTIONS_INIT;
	opts.flags |= HARDCONF_SOURCE_LINES;
	ck_assert_int_eq(hardconf_linter_new(&linter, &opts, NULL), HARDCONF_OK);
	linter->stream_from = from;
	linter->resume_from = 1; /* as test_linter()'s */
	return linter;
}

/* Lints path whole and streamed (a chain's parents too, by path or read
 * once through handles, whose variants scan a shared stream again): the
 * reports must say the same. */
static void same_streamed_as(const hardconf_linter *whole, const hardconf_linter *streamed,
			     const char *path, int through_handles)
{
	hardconf_report *a = NULL, *b = NULL;
	hardconf_error err = {0};
	char *ra, *rb;
	int rc_a = lint_fixture(whole, path, &a, &err),
	    rc_b = lint_fixture_as(streamed, path, through_handles, &b, &err);
	ck_assert_msg(rc_a == rc_b, "%s: status %d whole, %d streamed", path, rc_a, rc_b);
	if (rc_a != HARDCONF_OK)
		return;
	ra = render_all(a);
	rb = render_all(b);
	if (strcmp(ra, rb) != 0) {
		/* The first line that differs, to keep the message short. */
		size_t k = 0;
		while (ra[k] && ra[k] == rb[k])
			k++;
		while (k > 0 && ra[k - 1] != '\n')
			k--;
		ck_abort_msg("%s: whole says\n%.300s\nstreamed says\n%.300s", path, ra + k, rb + k);
	}
	free(ra);
	free(rb);
	hardconf_report_free(a);
	hardconf_report_free(b);
}

static void same_streamed(const hardconf_linter *whole, const hardconf_linter *streamed,
			  const char *path)
{
	same_streamed_as(whole, streamed, path, 0);
}

/* Every fixture gives the same report streamed as read whole: positions,
 * attribute ranges, suppressions, includes, floods; a chain's parents
 * streamed as well, by path and through handles. */
START_TEST(test_streamed_fixtures_match_whole)
{
	hardconf_linter *whole = streaming_linter(SIZE_MAX), *streamed = streaming_linter(1);
	DIR *top = opendir(testdata_dir());
	struct dirent *e;
	size_t linted = 0, chains = 0;
	ck_assert_ptr_nonnull(top);
	while ((e = readdir(top)) != NULL) {
		char dir[1024];
		DIR *d;
		struct dirent *f;
		if (e->d_name[0] == '.')
			continue;
		snprintf(dir, sizeof dir, "%s/%s", testdata_dir(), e->d_name);
		if (!(d = opendir(dir)))
			continue;
		while ((f = readdir(d)) != NULL) {
			char path[2048];
			struct stat st;
			size_t n = strlen(f->d_name);
			int chain;
			if (f->d_name[0] == '.' || f->d_name[0] == '_' ||
			    (n > 9 && strcmp(f->d_name + n - 9, ".expected") == 0))
				continue;
			snprintf(path, sizeof path, "%s/%s/chain", dir, f->d_name);
			chain = stat(path, &st) == 0;
			if (!chain) {
				/* A folder that is not a chain holds no fixture. */
				snprintf(path, sizeof path, "%s/%s", dir, f->d_name);
				if (stat(path, &st) != 0 || S_ISDIR(st.st_mode))
					continue;
			}
			snprintf(path, sizeof path, "%s/%s", dir, f->d_name);
			same_streamed(whole, streamed, path);
			if (chain)
				same_streamed_as(whole, streamed, path, 1);
			chains += chain ? 1 : 0;
			linted++;
		}
		closedir(d);
	}
	closedir(top);
	ck_assert_uint_gt(linted, 100);
	ck_assert_uint_gt(chains, 20);
	hardconf_linter_free(whole);
	hardconf_linter_free(streamed);
}
END_TEST

/* The findings of the file at path, rendered (render_all()). */
static char *render_file(const hardconf_linter *linter, const char *path)
{
	hardconf_report *r = NULL;
	char *text;
	ck_assert_int_eq(lint_fixture(linter, path, &r, NULL), HARDCONF_OK);
	text = render_all(r);
	hardconf_report_free(r);
	return text;
}

/* A generated file well past the pieces it is read in: CR, CRLF and LF,
 * characters of several bytes, findings and suppressions on every side of
 * a piece's edge. */
static void write_big_n(const char *path, const char *tail, int n)
{
	static const char *const ends[] = {"\n", "\r\n", "\r"};
	FILE *f = fopen(path, "wb");
	uint32_t seed = 12345;
	ck_assert_ptr_nonnull(f);
	fputs("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n", f);
	for (int i = 0; i < n; i++) {
		const char *nl;
		seed = seed * 1103515245u + 12345u;
		nl = ends[(seed >> 16) % 3];
		fprintf(f, "  <!-- caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 %d -->%s", i, nl);
		if (i % 7 == 0)
			fprintf(f, "  <!-- hardconf-disable-next-line HC1001 - known -->%s", nl);
		fprintf(f, "  <location path=\"s\xC3\xA9%d\">%s    <system.web>%s", i, nl, nl);
		fprintf(f, "      <compilation%sdebug=\"%s\" />%s",
			(seed >> 8) % 2 ? "\r\n  " : " ", i % 3 ? "true" : "false", nl);
		fprintf(f, "    </system.web>%s  </location>%s", nl, nl);
	}
	fputs(tail, f);
	fclose(f);
}

static void write_big(const char *path, const char *tail)
{
	write_big_n(path, tail, 6000);
}

/* A streamed file's fixes read only a little of the text around their
 * attribute unless source lines are asked for: an attribute whose line
 * starts, or whose spaces end, farther away than that gets the same fix
 * as in the text in memory. */
START_TEST(test_streamed_fix_far_from_its_line)
{
	hardconf_linter *whole = NULL, *streamed = NULL;
	char path[] = "/tmp/hardconf-fixview-XXXXXX", *text;
	int fd = mkstemp(path);
	FILE *f;
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(hardconf_linter_new(&whole, NULL, NULL), HARDCONF_OK);
	ck_assert_int_eq(hardconf_linter_new(&streamed, NULL, NULL), HARDCONF_OK);
	whole->stream_from = SIZE_MAX;
	streamed->stream_from = 1;
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	fputs("<configuration>\n  <system.web>\n    <pages", f);
	/* Spaces before and after the attribute, each past the margin. */
	for (int i = 0; i < 600; i++)
		fputc(i % 100 == 99 ? '\n' : ' ', f);
	fputs("enableViewStateMac=\"false\"", f);
	for (int i = 0; i < 600; i++)
		fputc(' ', f);
	fputs("validateRequest=\"true\" />\n    <pages enableEventValidation=\"false\"", f);
	for (int i = 0; i < 600; i++)
		fputc(' ', f);
	fputs("/>\n  </system.web>\n</configuration>\n", f);
	fclose(f);
	same_streamed(whole, streamed, path);
	text = render_file(streamed, path);
	ck_assert_msg(strstr(text, "fix remove enableViewStateMac") &&
			      strstr(text, "fix remove enableEventValidation"),
		      "%s", text);
	free(text);
	unlink(path);
	hardconf_linter_free(whole);
	hardconf_linter_free(streamed);
}
END_TEST

/* A comment's text may end in "<!" ("<!-- a <!-->"): the "<!--" that
 * opens it is the last before its text's end, not before its own "-->".
 * Short, and longer than the parser keeps in its buffer (then the text is
 * searched, or the stream read back); read whole and streamed. */
START_TEST(test_comment_ending_in_markup_starts_at_its_opening)
{
	hardconf_linter *whole = streaming_linter(SIZE_MAX), *streamed = streaming_linter(1);
	char path[] = "/tmp/hardconf-comment-XXXXXX";
	int fd = mkstemp(path);
	FILE *f;
	ck_assert_int_ge(fd, 0);
	close(fd);
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	fputs("<configuration>\n  <!-- hardconf-disable HC1001\n    <!-->\n"
	      "  <!-- hardconf-disable HC1002\n",
	      f);
	for (int i = 0; i < 20000; i++)
		fputs("    a long comment, line after line\n", f);
	fputs("    <!-->\n</configuration>\n", f);
	fclose(f);
	for (int k = 0; k < 2; k++) {
		char *text = render_file(k ? streamed : whole, path);
		size_t n = 0;
		for (const char *q = text; (q = strstr(q, " HC0006 ")) != NULL; q++)
			n++;
		ck_assert_msg(n == 2 && strstr(text, ":2:3-") && strstr(text, ":4:3-"), "%s", text);
		free(text);
	}
	unlink(path);
	hardconf_linter_free(whole);
	hardconf_linter_free(streamed);
}
END_TEST

/* A parent read once and streamed is shared by the calls of several
 * threads: each reads its positions into buffers of its own, and a file
 * that one of its <location path> reaches gets a variant scanned by a
 * reader of its own.  What each thread says is what the parent read whole
 * says (under TSan, without a race). */
struct streamed_share {
	const hardconf_linter *linter;
	const hardconf_parents *parent;
	const char *targets[2];
	char *expected[2];
	size_t bad;
};

static char *lint_below_parent(const hardconf_linter *linter, const hardconf_parents *parent,
			       const char *target)
{
	hardconf_report *r = lint_with_handle(linter, target, parent);
	char *s = render_all(r);
	hardconf_report_free(r);
	return s;
}

static void *lint_streamed_below(void *arg)
{
	struct streamed_share *sh = arg;
	for (int i = 0; i < 20; i++) {
		char *got = lint_below_parent(sh->linter, sh->parent, sh->targets[i % 2]);
		sh->bad += strcmp(got, sh->expected[i % 2]) != 0;
		free(got);
	}
	return NULL;
}

START_TEST(test_threads_share_a_streamed_parent)
{
	hardconf_linter *whole = streaming_linter(SIZE_MAX), *streamed = streaming_linter(1);
	char dir[] = "/tmp/hardconf-shared-XXXXXX", top[64], sub[64], other[64], path[96];
	hardconf_parents *by_whole = NULL, *by_stream = NULL;
	struct streamed_share sh[4];
	pthread_t t[4];
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(top, sizeof top, "%s/web.config", dir);
	snprintf(sub, sizeof sub, "%s/sub/web.config", dir);
	snprintf(other, sizeof other, "%s/other/web.config", dir);
	ck_assert_ptr_nonnull(f = fopen(top, "w"));
	fputs("<configuration>\n"
	      "  <system.web><compilation debug=\"false\" /></system.web>\n"
	      "  <location path=\"sub\" allowOverride=\"false\">\n"
	      "    <system.web><customErrors mode=\"Off\" /></system.web>\n"
	      "  </location>\n"
	      "  <system.webServer><security><access sslFlags=\"Ssl\" /></security>"
	      "</system.webServer>\n"
	      "</configuration>\n",
	      f);
	fclose(f);
	snprintf(path, sizeof path, "%s/sub", dir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/other", dir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	for (int k = 0; k < 2; k++) {
		ck_assert_ptr_nonnull(f = fopen(k ? other : sub, "w"));
		fputs("<configuration>\n"
		      "  <system.web><customErrors mode=\"On\" /><compilation debug=\"true\" />"
		      "</system.web>\n"
		      "</configuration>\n",
		      f);
		fclose(f);
	}
	ck_assert_int_eq(hardconf_parents_new(&by_whole, whole, NULL, top, NULL, NULL, 0, NULL),
			 HARDCONF_OK);
	ck_assert_int_eq(hardconf_parents_new(&by_stream, streamed, NULL, top, NULL, NULL, 0, NULL),
			 HARDCONF_OK);
	for (size_t i = 0; i < 4; i++) {
		sh[i] = (struct streamed_share){streamed, by_stream, {sub, other}, {NULL, NULL}, 0};
		sh[i].expected[0] = lint_below_parent(whole, by_whole, sub);
		sh[i].expected[1] = lint_below_parent(whole, by_whole, other);
	}
	/* The location reaches sub and not other: the two differ. */
	ck_assert_str_ne(sh[0].expected[0], sh[0].expected[1]);
	for (size_t i = 0; i < 4; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL, lint_streamed_below, &sh[i]), 0);
	for (size_t i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		ck_assert_uint_eq(sh[i].bad, 0);
		free(sh[i].expected[0]);
		free(sh[i].expected[1]);
	}
	hardconf_parents_free(by_whole);
	hardconf_parents_free(by_stream);
	unlink(sub);
	unlink(other);
	unlink(top);
	snprintf(path, sizeof path, "%s/sub", dir);
	rmdir(path);
	snprintf(path, sizeof path, "%s/other", dir);
	rmdir(path);
	rmdir(dir);
	hardconf_linter_free(whole);
	hardconf_linter_free(streamed);
}
END_TEST

/* The file's bytes from a descriptor the caller holds (standard input
 * redirected from a file, a pipe copied to a temporary file) give what the
 * path gives, streamed and read whole, in UTF-8 and in UTF-16: read from
 * the start wherever the caller's offset is, which stays where it was, and
 * the descriptor stays open.  Anything but a regular file is refused. */
static char *render_via(const hardconf_linter *linter, const char *path, int fd)
{
	hardconf_input in = HARDCONF_INPUT_INIT;
	hardconf_report *r = NULL;
	char *text;
	in.path = path;
	in.fd = fd;
	ck_assert_int_eq(hardconf_lint(&r, linter, &in, NULL), HARDCONF_OK);
	text = render_all(r);
	hardconf_report_free(r);
	return text;
}

/* ---- Parsing with ranges left out ---------------------------------------- */

/* The events of a parse, one line each, at the offsets they carry. */
struct event_log {
	char text[2048];
	size_t len;
};

static void logged(struct event_log *log, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void logged(struct event_log *log, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log->len += (size_t)vsnprintf(log->text + log->len, sizeof log->text - log->len, fmt, ap);
	va_end(ap);
	ck_assert_uint_lt(log->len, sizeof log->text);
}

static int log_start(void *user, struct element *e)
{
	logged(user, "start %s %zu\n", e->name, e->tag_end);
	return 0;
}

static int log_end(void *user, struct xml_parse *at)
{
	logged(user, "end %zu\n", xml_end_offset(at));
	return 0;
}

static void log_text(void *user, const char *s, size_t len)
{
	(void)user, (void)s, (void)len;
}

static void log_comment(void *user, const char *text, size_t len, size_t start, size_t end)
{
	logged(user, "comment %.*s %zu %zu\n", (int)len, text, start, end);
}

static void log_doctype(void *user, size_t offset)
{
	logged(user, "doctype %zu\n", offset);
}

static void log_problem(void *user, enum xml_problem kind, unsigned line, unsigned column,
			const char *message)
{
	logged(user, "problem %d %u:%u %s\n", (int)kind, line, column, message);
}

static const struct xml_events logging = {log_start,   log_end,     log_text,
					  log_comment, log_doctype, log_problem};

/* A reader handing over three bytes at a time: ranges start and end
 * inside its pieces. */
struct trickle {
	const char *text;
	size_t len, pos;
};

static size_t read_trickle(void *reader, char *buf, size_t n)
{
	struct trickle *t = reader;
	if (n > 3)
		n = 3;
	if (n > t->len - t->pos)
		n = t->len - t->pos;
	memcpy(buf, t->text + t->pos, n);
	t->pos += n;
	return n;
}

/* Passes over at most 5 bytes at a time: a reader that skips in pieces. */
static size_t skip_trickle(void *reader, size_t n)
{
	struct trickle *t = reader;
	if (n > 5)
		n = 5;
	if (n > t->len - t->pos)
		n = t->len - t->pos;
	t->pos += n;
	return n;
}

/* Whether a logged event stands inside one of the ranges (an end by the
 * offset past it). */
static int in_ranges(const char *line, const struct xml_range *r, size_t n)
{
	size_t at = 0;
	const char *num = strrchr(line, ' ');
	int end = strncmp(line, "end ", 4) == 0;
	if (strncmp(line, "comment ", 8) == 0) {
		/* Its start, the next-to-last number. */
		const char *p = num;
		while (p > line && p[-1] != ' ')
			p--;
		num = p - 1;
	}
	at = strtoul(num + 1, NULL, 10);
	for (size_t k = 0; k < n; k++)
		if (end ? at > r[k].start && at <= r[k].end : at >= r[k].start && at < r[k].end)
			return 1;
	return 0;
}

/* A parent scanned again for a file leaves out the <location>s that do
 * not reach it (api/parents.c): what is left is parsed, and every offset
 * the events carry is still the text's.  A range may begin right after a
 * comment, end right before another element, and hold line ends of every
 * kind; read from memory or a piece at a time. */
START_TEST(test_parse_leaving_out_ranges)
{
	static const char text[] =
		"<configuration>\r\n"
		"  <!-- one --><location path=\"a\"><x/></location><!-- two -->\r\n"
		"  <keep k=\"1\"/>\r"
		"  <location path=\"b\">\n<y>text</y>\r\n</location><location path=\"c\"/>"
		"<keep k=\"2\"><!-- three --></keep>\n"
		"  <location path=\"d\"></location>\n"
		"</configuration>\n";
	struct xml_range skips[3];
	const char *starts[3] = {"<location path=\"a\"", "<location path=\"b\"",
				 "<location path=\"d\""};
	const char *ends[3] = {"</location>", "/>", "</location>"};
	struct event_log whole = {{0}, 0}, memory = {{0}, 0}, streamed = {{0}, 0},
			 skipped = {{0}, 0}, expected = {{0}, 0};
	struct trickle t = {text, sizeof text - 1, 0}, t2 = t;

	for (size_t k = 0; k < 3; k++) {
		const char *s = strstr(text, starts[k]);
		const char *e = strstr(s, ends[k]) + strlen(ends[k]);
		/* b's range takes in c, a location of its own, written against it. */
		skips[k] = (struct xml_range){(size_t)(s - text), (size_t)(e - text)};
	}
	ck_assert_int_eq(xml_parse(text, sizeof text - 1, &logging, &whole), 0);
	ck_assert_int_eq(
		xml_parse_charged(text, sizeof text - 1, skips, 3, &logging, NULL, NULL, &memory),
		0);
	ck_assert_int_eq(
		xml_parse_stream(read_trickle, NULL, &t, skips, 3, &logging, NULL, &streamed), 0);
	ck_assert_int_eq(xml_parse_stream(read_trickle, skip_trickle, &t2, skips, 3, &logging, NULL,
					  &skipped),
			 0);
	for (char *line = whole.text, *nl; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		*nl = '\0';
		if (!in_ranges(line, skips, 3))
			logged(&expected, "%s\n", line);
	}
	ck_assert_ptr_null(strstr(whole.text, "problem"));
	ck_assert_ptr_nonnull(strstr(expected.text, "comment  two "));
	ck_assert_ptr_nonnull(strstr(expected.text, "start keep"));
	ck_assert_str_eq(memory.text, expected.text);
	ck_assert_str_eq(streamed.text, expected.text);
	ck_assert_str_eq(skipped.text, expected.text);
}
END_TEST

/* Ranges a caller got wrong (out of order, empty, overlapping) leave
 * nothing out. */
START_TEST(test_parse_with_bad_ranges_reads_all)
{
	static const char text[] = "<configuration><a/><b/><c/></configuration>";
	const struct xml_range bad[][2] = {
		{{23, 27}, {15, 19}}, {{15, 15}, {19, 23}}, {{15, 23}, {19, 27}}};
	struct event_log whole = {{0}, 0};
	xml_parse(text, sizeof text - 1, &logging, &whole);
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		struct event_log log = {{0}, 0};
		ck_assert_int_eq(xml_parse_charged(text, sizeof text - 1, bad[k], 2, &logging, NULL,
						   NULL, &log),
				 0);
		ck_assert_str_eq(log.text, whole.text);
	}
}
END_TEST

START_TEST(test_lint_from_a_descriptor)
{
	static const char *const files[] = {"HC1001/fires-debug-true.config",
					    "HC2001/fires-detailed.config",
					    "hostile/bom-utf16le-declares-utf8.config"};
	hardconf_linter *linters[] = {streaming_linter(1), streaming_linter(SIZE_MAX)};
	hardconf_input in = HARDCONF_INPUT_INIT;
	hardconf_report *r = NULL;
	hardconf_error err = {0};
	int pipe_fds[2];

	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", testdata_dir(), files[i]);
		for (size_t k = 0; k < 2; k++) {
			char copy[] = "/tmp/hardconf-fd-XXXXXX", *by_path, *by_fd, *text;
			int fd = mkstemp(copy), truncated;
			size_t len;
			ck_assert_int_ge(fd, 0);
			unlink(copy);
			ck_assert_int_eq(
				source_read_file(path, 1 << 20, &text, &len, &truncated, NULL),
				HARDCONF_OK);
			ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
			free(text);
			ck_assert_int_eq(lseek(fd, 7, SEEK_SET), 7);
			by_path = render_via(linters[k], path, -1);
			by_fd = render_via(linters[k], path, fd);
			ck_assert_msg(strstr(by_path, " HC") != NULL, "%s: no finding", path);
			ck_assert_str_eq(by_fd, by_path);
			ck_assert_int_eq(lseek(fd, 0, SEEK_CUR), 7);
			ck_assert_int_ne(fcntl(fd, F_GETFD), -1);
			free(by_fd);
			/* What the descriptor holds is what is linted. */
			ck_assert_int_eq(ftruncate(fd, 0), 0);
			ck_assert_int_eq(pwrite(fd, "<configuration/>\n", 17, 0), 17);
			by_fd = render_via(linters[k], path, fd);
			ck_assert_str_ne(by_fd, by_path);
			close(fd);
			free(by_path);
			free(by_fd);
		}
	}
	ck_assert_int_eq(pipe(pipe_fds), 0);
	in.path = "web.config";
	in.fd = pipe_fds[0];
	ck_assert_int_eq(hardconf_lint(&r, linters[0], &in, &err), HARDCONF_EIO);
	ck_assert_ptr_nonnull(strstr(err.message, "web.config: not a regular file"));
	/* Version 2 had no descriptor: the path is read. */
	in.version = 2;
	in.path = "/nonexistent/web.config";
	ck_assert_int_eq(hardconf_lint(&r, linters[0], &in, &err), HARDCONF_EIO);
	ck_assert_ptr_nonnull(strstr(err.message, "No such file"));
	in.version = HARDCONF_INPUT_VERSION;
	in.fd = -2;
	ck_assert_int_eq(hardconf_lint(&r, linters[0], &in, NULL), HARDCONF_EINVAL);
	close(pipe_fds[0]);
	close(pipe_fds[1]);
	hardconf_linter_free(linters[0]);
	hardconf_linter_free(linters[1]);
}
END_TEST

START_TEST(test_streamed_big_file_matches_whole)
{
	hardconf_linter *whole = streaming_linter(SIZE_MAX), *streamed = streaming_linter(1);
	char path[] = "/tmp/hardconf-stream-XXXXXX";
	char flood[64 << 10];
	size_t o = 0;
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	write_big(path, "</configuration>\r");
	same_streamed(whole, streamed, path);
	/* Malformed near the end. */
	write_big(path, "<unclosed>\n</configuration>\n");
	same_streamed(whole, streamed, path);
	/* An attribute flood at the end: only that is reported, whatever the
	 * scan found before it. */
	o += (size_t)snprintf(flood + o, sizeof flood - o, "<x");
	for (int i = 0; i < 1100 && o + 16 < sizeof flood; i++)
		o += (size_t)snprintf(flood + o, sizeof flood - o, " a%d=\"1\"", i);
	snprintf(flood + o, sizeof flood - o, "/>\n</configuration>\n");
	write_big(path, flood);
	same_streamed(whole, streamed, path);
	/* The same flood after a parse that stopped early. */
	{
		char both[sizeof flood + 32];
		snprintf(both, sizeof both, "<a></b>%s", flood);
		write_big(path, both);
		same_streamed(whole, streamed, path);
	}
	unlink(path);
	hardconf_linter_free(whole);
	hardconf_linter_free(streamed);
}
END_TEST

/* The file at from (UTF-8 with an XML declaration on its first line)
 * written to path in encoding (iconv's name), with or without a BOM, its
 * declaration naming declared; characters the encoding lacks as iconv
 * transliterates them. */
static void reencode(const char *from, const char *path, const char *encoding, int bom,
		     const char *declared)
{
	char *data, *in, *buf, *out, target[64];
	size_t len, left, room;
	int truncated;
	FILE *f;
	iconv_t cd;
	ck_assert_int_eq(source_read_file(from, SIZE_MAX, &data, &len, &truncated, NULL),
			 HARDCONF_OK);
	in = memchr(data, '\n', len);
	ck_assert_ptr_nonnull(in);
	left = len - (size_t)(in - data);
	room = 4 * len + 256;
	buf = malloc(room);
	ck_assert_ptr_nonnull(buf);
	out = buf;
	snprintf(target, sizeof target, "%s//TRANSLIT", encoding);
	cd = iconv_open(target, "UTF-8");
	ck_assert(cd != (iconv_t)-1);
	{
		char decl[128], *d = decl;
		size_t dl = (size_t)snprintf(decl, sizeof decl,
					     "%s<?xml version=\"1.0\" encoding=\"%s\"?>",
					     bom ? "\xEF\xBB\xBF" : "", declared);
		ck_assert(iconv(cd, &d, &dl, &out, &room) != (size_t)-1);
	}
	ck_assert(iconv(cd, &in, &left, &out, &room) != (size_t)-1);
	iconv_close(cd);
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(buf, 1, (size_t)(out - buf), f), (size_t)(out - buf));
	fclose(f);
	free(buf);
	free(data);
}

/* The file at path opened as a stream decodes a piece at a time: read in
 * order in odd pieces, and again at offsets, it is the text
 * source_decode() makes of the whole; in UTF-16 every offset of the text
 * has its place in the bytes. */
static void ck_decodes_piecewise(const char *path, int utf16)
{
	struct source_text whole;
	struct source_problem problem;
	struct source_stream *s = NULL;
	struct stream_buf b = {NULL, 0};
	hardconf_error err = {0};
	char *data, *none, piece[777];
	size_t len, none_len, at = 0, n, got, bom = 0, units = 0;
	int truncated, fd;
	off_t size;
	ck_assert_int_eq(source_read_file(path, SIZE_MAX, &data, &len, &truncated, &err),
			 HARDCONF_OK);
	ck_assert_int_eq(source_decode(&whole, data, len, &problem), HARDCONF_OK);
	ck_assert_ptr_nonnull(whole.owned);
	fd = source_open(path, 0, &size, &err);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(source_stream_open(&s, fd, size, path, SIZE_MAX, 1, &none, &none_len,
					    &truncated, &err),
			 1);
	ck_assert_uint_eq(s->size, whole.len);
	while ((n = source_stream_read(s, piece, sizeof piece)) > 0) {
		ck_assert_uint_le(at + n, whole.len);
		ck_assert_msg(memcmp(piece, whole.text + at, n) == 0, "%s: differs at %zu", path,
			      at);
		at += n;
	}
	ck_assert_uint_eq(at, whole.len);
	if (utf16)
		bom = (unsigned char)data[0] == 0xFF || (unsigned char)data[0] == 0xFE ? 2 : 0;
	for (size_t off = 0, k = 0; off < whole.len; off += 1 + (k++ * 7919) % 20000) {
		const char *t = source_stream_bytes(s, off, 5000, &b, &got);
		ck_assert_ptr_nonnull(t);
		ck_assert_uint_eq(got, whole.len - off < 5000 ? whole.len - off : 5000);
		ck_assert_msg(memcmp(t, whole.text + off, got) == 0, "%s: reread at %zu", path,
			      off);
	}
	for (size_t off = 0; off <= whole.len; off++) {
		unsigned char c = off < whole.len ? (unsigned char)whole.text[off] : 0;
		if ((c & 0xC0) == 0x80)
			continue;
		if (off % 4099 == 0 || off == whole.len)
			ck_assert_uint_eq(source_stream_raw_offset(s, off, &b),
					  utf16 ? bom + 2 * units : SIZE_MAX);
		units += c >= 0xF0 ? 2 : 1;
	}
	source_stream_close(s);
	source_text_free(&whole);
	free(b.p);
	free(data);
}

/* UTF-16, UCS-4, EBCDIC and single-byte files are streamed, decoded a
 * piece at a time, and say what they say read whole; one whose bytes do
 * not decode throughout is read whole, and says where. */
START_TEST(test_decoded_stream_matches_whole)
{
	static const struct {
		const char *encoding, *declared;
		int bom, utf16;
	} forms[] = {
		{"UTF-16LE", "utf-16", 1, 1},
		{"UTF-16BE", "utf-16", 1, 1},
		{"UTF-16LE", "utf-16", 0, 1},
		{"UTF-16BE", "utf-16", 0, 1},
		{"WINDOWS-1252", "windows-1252", 0, 0},
		{"ISO-8859-1", "ISO-8859-1", 0, 0},
		{"UCS-4LE", "UCS-4", 1, 0},
		{"UCS-4BE", "UCS-4", 0, 0},
		{"IBM037", "IBM037", 0, 0},
	};
	hardconf_linter *whole = streaming_linter(SIZE_MAX), *streamed = streaming_linter(1);
	char utf8[] = "/tmp/hardconf-stream-XXXXXX", path[] = "/tmp/hardconf-decode-XXXXXX";
	int fd = mkstemp(utf8);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_ge(fd = mkstemp(path), 0);
	close(fd);
	/* Under valgrind and the sanitizers (a time scale above 1) a quarter
	 * as long, still many pieces long. */
	write_big_n(utf8,
		    "<x><!-- hardconf-disable-next-line HC1001 -->\n"
		    "<compilation debug=\"true\"/></x>\n</configuration>\r",
		    test_time_scale() > 1 ? 1500 : 6000);
	/* Under valgrind and the sanitizers (a time scale above 1), where each
	 * form takes a minute: one of each kind of converter. */
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		if (test_time_scale() > 1 && i != 0 && i != 4)
			continue;
		reencode(utf8, path, forms[i].encoding, forms[i].bom, forms[i].declared);
		ck_decodes_piecewise(path, forms[i].utf16);
		same_streamed(whole, streamed, path);
	}
	/* A lone low surrogate near the end. */
	reencode(utf8, path, "UTF-16LE", 1, "utf-16");
	{
		FILE *f = fopen(path, "r+b");
		ck_assert_ptr_nonnull(f);
		ck_assert_int_eq(fseek(f, -40, SEEK_END), 0);
		fputc(0x00, f);
		fputc(0xDC, f);
		fclose(f);
	}
	same_streamed(whole, streamed, path);
	unlink(path);
	unlink(utf8);
	hardconf_linter_free(whole);
	hardconf_linter_free(streamed);
}
END_TEST

/* CPU seconds of this thread to lint the file at path with linter. */
static double lint_seconds(const hardconf_linter *linter, const char *path, size_t *findings)
{
	hardconf_report *r = NULL;
	struct timespec t0, t1;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
	ck_assert_int_eq(lint_fixture(linter, path, &r, NULL), HARDCONF_OK);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
	*findings = hardconf_report_count(r);
	hardconf_report_free(r);
	return (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

/* A UTF-16 file of 10,000 findings costs about what it costs converted
 * whole: each finding read the stretches around it (its tag, its lines,
 * its fix) decoded afresh, 40 KB of decoding a finding (1.3 MB: 0.32 s
 * against 0.03 s).  Best of three. */
START_TEST(test_decoded_findings_cost_what_whole_do)
{
	hardconf_linter *whole = streaming_linter(SIZE_MAX), *streamed = streaming_linter(1);
	char dir[] = "/tmp/hardconf-findings16-XXXXXX", path[64];
	double t_whole = 1e9, t_streamed = 1e9;
	size_t n_whole = 0, n_streamed = 0;
	FILE *f;
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/web.config", dir);
	ck_assert_ptr_nonnull(f = fopen(path, "wb"));
	fputs("\xFF\xFE", f);
	for (int k = -1; k <= 5000; k++) {
		char line[160];
		const char *c = line;
		if (k < 0)
			snprintf(line, sizeof line, "<configuration>\r\n");
		else if (k == 5000)
			snprintf(line, sizeof line, "</configuration>\r\n");
		else
			snprintf(line, sizeof line,
				 "<location path=\"p%d\"><system.web><compilation debug=\"true\"/>"
				 "<customErrors mode=\"Off\"/></system.web></location>\r\n",
				 k);
		for (; *c; c++) {
			fputc(*c, f);
			fputc(0, f);
		}
	}
	ck_assert_int_eq(fclose(f), 0);
	for (int round = 0; round < 3; round++) {
		double a = lint_seconds(whole, path, &n_whole);
		double b = lint_seconds(streamed, path, &n_streamed);
		t_whole = a < t_whole ? a : t_whole;
		t_streamed = b < t_streamed ? b : t_streamed;
	}
	unlink(path);
	rmdir(dir);
	hardconf_linter_free(whole);
	hardconf_linter_free(streamed);
	if (getenv("HARDCONF_TEST_TIMES"))
		printf("source: %zu findings in UTF-16, whole %.4f s, streamed %.4f s (%.1fx)\n",
		       n_streamed, t_whole, t_streamed, t_streamed / t_whole);
	ck_assert_uint_eq(n_whole, n_streamed);
	ck_assert_uint_eq(n_streamed, 10000);
	ck_assert_msg(t_streamed < 4 * t_whole + 0.01, "streamed %.4f s, whole %.4f s", t_streamed,
		      t_whole);
}
END_TEST

/* Every pread() the library makes, counted: the test runner is linked with
 * --wrap=pread (and __pread_chk, which a fortified build calls instead). */
static atomic_size_t preads;
ssize_t __real_pread(int fd, void *buf, size_t n, off_t off);
ssize_t __wrap_pread(int fd, void *buf, size_t n, off_t off);
ssize_t __real___pread_chk(int fd, void *buf, size_t n, off_t off, size_t size);
ssize_t __wrap___pread_chk(int fd, void *buf, size_t n, off_t off, size_t size);

ssize_t __wrap_pread(int fd, void *buf, size_t n, off_t off)
{
	atomic_fetch_add(&preads, 1);
	return __real_pread(fd, buf, n, off);
}

ssize_t __wrap___pread_chk(int fd, void *buf, size_t n, off_t off, size_t size)
{
	atomic_fetch_add(&preads, 1);
	return __real___pread_chk(fd, buf, n, off, size);
}

/* The findings of a streamed UTF-8 file read what they need of it a few
 * index blocks at a time: each read its stretches (its position twice, its
 * fix's lines) with a pread() of its own, three a finding, which were most
 * of what the 566 findings of a 30 MB file cost. */
START_TEST(test_streamed_findings_share_reads)
{
	hardconf_linter *streamed = streaming_linter(1);
	char dir[] = "/tmp/hardconf-findings8-XXXXXX", path[64];
	hardconf_report *r = NULL;
	size_t before, reads, size = 0;
	FILE *f;
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/web.config", dir);
	ck_assert_ptr_nonnull(f = fopen(path, "wb"));
	size += (size_t)fprintf(f, "<configuration>\n");
	for (int k = 0; k < 2000; k++)
		size += (size_t)fprintf(
			f,
			"  <location path=\"p%d\"><system.web><compilation debug=\"true\"/>"
			"</system.web></location>\n",
			k);
	size += (size_t)fprintf(f, "</configuration>\n");
	ck_assert_int_eq(fclose(f), 0);
	before = atomic_load(&preads);
	ck_assert_int_eq(lint_fixture(streamed, path, &r, NULL), HARDCONF_OK);
	reads = atomic_load(&preads) - before;
	ck_assert_uint_eq(hardconf_report_count(r), 2000);
	ck_assert_ptr_nonnull(hardconf_report_get(r, 1999)->fix);
	hardconf_report_free(r);
	unlink(path);
	rmdir(dir);
	hardconf_linter_free(streamed);
	/* Read in order in STREAM_CHUNK pieces, and again a few 4 KiB blocks
	 * at a time: about one read for each block of findings, not three a
	 * finding. */
	ck_assert_msg(reads > size / STREAM_CHUNK &&
			      reads <= size / STREAM_CHUNK + size / (4 << 10) + 8,
		      "%zu reads of a %zu-byte file with 2,000 findings", reads, size);
}
END_TEST

/* A streamed parent scanned again for a file one of its locations reaches
 * picks up at that location (scan/resume.c) and passes over what comes
 * before it unread: the file below costs a few reads, not the parent's
 * size again (a read per STREAM_CHUNK). */
START_TEST(test_streamed_variant_skips_the_base)
{
	hardconf_linter *streamed = streaming_linter(1);
	char dir[] = "/tmp/hardconf-skipbase-XXXXXX", path[96], below[96];
	hardconf_parents *top = NULL;
	hardconf_input in = HARDCONF_INPUT_INIT;
	hardconf_report *r = NULL;
	size_t before, reads, size = 0;
	FILE *f;
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/web.config", dir);
	ck_assert_ptr_nonnull(f = fopen(path, "wb"));
	size += (size_t)fprintf(f, "<configuration>\n  <appSettings>\n");
	for (int k = 0; k < 40000; k++)
		size += (size_t)fprintf(f, "    <add key=\"setting%d\" value=\"%d\" />\n", k, k);
	size += (size_t)fprintf(f,
				"  </appSettings>\n  <system.web>\n"
				"    <httpCookies httpOnlyCookies=\"true\" requireSSL=\"true\" />\n"
				"  </system.web>\n  <location path=\"d0\">\n"
				"    <system.web><trace enabled=\"false\" /></system.web>\n"
				"  </location>\n</configuration>\n");
	ck_assert_int_eq(fclose(f), 0);
	snprintf(below, sizeof below, "%s/d0", dir);
	ck_assert_int_eq(mkdir(below, 0700), 0);
	snprintf(below, sizeof below, "%s/d0/web.config", dir);
	/* Both of its cookie attributes come from the parent's base. */
	write_file(below, "<configuration><system.web><httpCookies domain=\"contoso.com\" />"
			  "</system.web></configuration>\n");
	ck_assert_int_eq(hardconf_parents_new(&top, streamed, NULL, path, NULL, NULL, 0, NULL),
			 HARDCONF_OK);
	in.path = below;
	in.inherited = top;
	in.flags = HARDCONF_CHAIN_QUIET_PARENTS;
	before = atomic_load(&preads);
	ck_assert_int_eq(hardconf_lint(&r, streamed, &in, NULL), HARDCONF_OK);
	reads = atomic_load(&preads) - before;
	ck_assert_uint_eq(hardconf_report_count(r), 0);
	hardconf_report_free(r);
	hardconf_parents_free(top);
	unlink(below);
	*strrchr(below, '/') = '\0';
	rmdir(below);
	unlink(path);
	rmdir(dir);
	hardconf_linter_free(streamed);
	ck_assert_msg(size > (24 << 16) && reads <= 8,
		      "%zu reads of a %zu-byte parent for the file below it", reads, size);
}
END_TEST

Suite *source_suite(void)
{
	Suite *s = suite_create("source");
	TCase *tc = tcase_create("decode");
	tcase_add_test(tc, test_utf8_with_and_without_bom);
	tcase_add_test(tc, test_utf16);
	tcase_add_test(tc, test_utf16_declared_but_utf8_bytes);
	tcase_add_test(tc, test_columns_count_characters);
	tcase_add_test(tc, test_bad_bytes_are_hc0001);
	tcase_add_test(tc, test_decode_keeps_utf8_in_place);
	suite_add_tcase(s, tc);
	tc = tcase_create("read");
	tcase_add_test(tc, test_read_errors);
	tcase_add_test(tc, test_listed_is_still_checked);
	tcase_add_test(tc, test_size_limit);
	suite_add_tcase(s, tc);
	tc = tcase_create("stream");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_streamed_fixtures_match_whole);
	tcase_add_test(tc, test_streamed_big_file_matches_whole);
	tcase_add_test(tc, test_decoded_stream_matches_whole);
	tcase_add_test(tc, test_decoded_findings_cost_what_whole_do);
	tcase_add_test(tc, test_streamed_findings_share_reads);
	tcase_add_test(tc, test_streamed_variant_skips_the_base);
	tcase_add_test(tc, test_streamed_fix_far_from_its_line);
	tcase_add_test(tc, test_comment_ending_in_markup_starts_at_its_opening);
	tcase_add_test(tc, test_parse_leaving_out_ranges);
	tcase_add_test(tc, test_parse_with_bad_ranges_reads_all);
	tcase_add_test(tc, test_lint_from_a_descriptor);
	tcase_add_test(tc, test_threads_share_a_streamed_parent);
	suite_add_tcase(s, tc);
	return s;
}
