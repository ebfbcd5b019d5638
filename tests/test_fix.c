/* test_fix.c - findings' fixes through the public API: the edits of a value
 * and of a removal in UTF-8 and UTF-16, what gets none, the source lines
 * around a finding, and the diff and HTML writers. */
#include "suites.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char web[] =
	"<?xml version=\"1.0\"?>\r\n"
	"<configuration>\r\n"
	"  <system.web>\r\n"
	"    <compilation debug='true' />\r\n"
	"    <pages a=\"1\"\r\n"
	"      enableViewStateMac = \"false\" b=\"2\" />\r\n"
	"    <machineKey validationKey=\"0123456789ABCDEF0123456789ABCDEF\" />\r\n"
	"  </system.web>\r\n"
	"</configuration>\r\n";

/* Lints text with a linter that keeps the source lines around findings. */
static hardconf_report *lint_lines(const char *text, const char *name)
{
	hardconf_options opts = HARDCONF_OPTIONS_INIT;
	hardconf_linter *linter;
	hardconf_report *r;
	hardconf_error err;
	opts.flags = HARDCONF_SOURCE_LINES;
	ck_assert_int_eq(hardconf_linter_new(&linter, &opts, &err), HARDCONF_OK);
	ck_assert_int_eq(hardconf_lint_buffer(&r, linter, text, strlen(text), name,
					      HARDCONF_KIND_UNKNOWN, &err),
			 HARDCONF_OK);
	hardconf_linter_free(linter);
	return r;
}

static const hardconf_finding *find(const hardconf_report *r, const char *id)
{
	for (size_t i = 0; i < hardconf_report_count(r); i++)
		if (strcmp(hardconf_report_get(r, i)->rule_id, id) == 0)
			return hardconf_report_get(r, i);
	return NULL;
}

/* The bytes with the finding's edits applied (malloc'd, NUL-terminated). */
static char *apply(const char *data, size_t len, const hardconf_fix *fix, size_t *out_len)
{
	char *out = malloc(len + 64);
	size_t at = 0, used = 0;
	ck_assert_ptr_nonnull(out);
	for (size_t i = 0; i < fix->n_edits; i++) {
		const hardconf_edit *e = &fix->edits[i];
		memcpy(out + used, data + at, e->offset - at);
		used += e->offset - at;
		memcpy(out + used, e->bytes, e->bytes_len);
		used += e->bytes_len;
		at = e->offset + e->length;
	}
	memcpy(out + used, data + at, len - at);
	used += len - at;
	out[used] = '\0';
	*out_len = used;
	return out;
}

START_TEST(test_a_value_and_a_removal)
{
	hardconf_report *r = lint_lines(web, "web.config");
	const hardconf_finding *debug = find(r, "HC1001"), *mac = find(r, "HC1008");
	size_t len;
	char *fixed;
	ck_assert_ptr_nonnull(debug);
	ck_assert_ptr_nonnull(mac);
	ck_assert_ptr_nonnull(debug->fix);
	ck_assert_str_eq(debug->fix->description, "set debug=\"false\"");
	ck_assert_str_eq(debug->fix->encoding, "UTF-8");
	ck_assert_int_ne(debug->fix->text_is_bytes, 0);
	ck_assert_uint_eq(debug->fix->n_edits, 1);
	/* The value between the single quotes, and nothing else. */
	ck_assert_uint_eq(debug->fix->edits[0].offset, (size_t)(strstr(web, "true'") - web));
	ck_assert_uint_eq(debug->fix->edits[0].length, 4);
	ck_assert_str_eq(debug->fix->edits[0].text, "false");
	fixed = apply(web, strlen(web), debug->fix, &len);
	ck_assert_ptr_nonnull(strstr(fixed, "    <compilation debug='false' />\r\n"));
	ck_assert_uint_eq(len, strlen(web) + 1);
	free(fixed);
	/* First on its line, another attribute after it: the attribute and
	 * the space after it, so the line keeps its indentation. */
	ck_assert_str_eq(mac->fix->description, "remove enableViewStateMac");
	fixed = apply(web, strlen(web), mac->fix, &len);
	ck_assert_ptr_nonnull(strstr(fixed, "    <pages a=\"1\"\r\n      b=\"2\" />\r\n"));
	free(fixed);
	/* A secret has no mechanical fix; its lines are still known. */
	ck_assert_ptr_null(find(r, "HC4001") ? find(r, "HC4001")->fix : NULL);
	ck_assert_ptr_nonnull(debug->context);
	ck_assert_uint_eq(debug->context_line, 1);
	ck_assert_str_eq(
		debug->context,
		"<?xml version=\"1.0\"?>\r\n"
		"<configuration>\r\n"
		"  <system.web>\r\n"
		"    <compilation debug='true' />\r\n"
		"    <pages a=\"1\"\r\n"
		"      enableViewStateMac = \"false\" b=\"2\" />\r\n"
		"    <machineKey validationKey=\"0123456789ABCDEF0123456789ABCDEF\" />\r\n");
	hardconf_report_free(r);
	/* Without HARDCONF_SOURCE_LINES: the fix, no lines. */
	{
		hardconf_linter *plain;
		hardconf_error err;
		ck_assert_int_eq(hardconf_linter_new(&plain, NULL, &err), HARDCONF_OK);
		ck_assert_int_eq(hardconf_lint_buffer(&r, plain, web, strlen(web), "web.config",
						      HARDCONF_KIND_UNKNOWN, &err),
				 HARDCONF_OK);
		ck_assert_ptr_nonnull(find(r, "HC1001")->fix);
		ck_assert_ptr_null(find(r, "HC1001")->context);
		hardconf_report_free(r);
		hardconf_linter_free(plain);
	}
}
END_TEST

/* The lines kept around a finding stop at 8 KiB; a finding with a fix
 * keeps its own and one either side up to 64 KiB, for a fix is checked
 * against them before it is written.  Longer, it has none. */
START_TEST(test_a_fix_on_a_long_line_keeps_its_lines)
{
	static const size_t pads[] = {9000, 70000};
	for (size_t i = 0; i < 2; i++) {
		size_t pad = pads[i], len;
		char *text = malloc(2 * pad + 512), *p = text, *key_line, *after;
		hardconf_report *r;
		const hardconf_finding *debug, *key;
		ck_assert_ptr_nonnull(text);
		p += sprintf(p, "<configuration>\n  <system.web>\n");
		key_line = p;
		p += sprintf(p,
			     "    <machineKey validationKey=\"0123456789ABCDEF0123456789ABCDEF\" "
			     "/> <!-- ");
		memset(p, 'y', pad);
		p += pad;
		p += sprintf(p, " -->\n    <compilation debug=\"true\" tempDirectory=\"");
		memset(p, 'x', pad);
		p += pad;
		p += sprintf(p, "\" />\n");
		after = p;
		sprintf(p, "  </system.web>\n</configuration>\n");
		r = lint_lines(text, "web.config");
		debug = find(r, "HC1001");
		key = find(r, "HC6002");
		ck_assert_ptr_nonnull(debug);
		ck_assert_ptr_nonnull(debug->fix);
		ck_assert_ptr_nonnull(key);
		ck_assert_ptr_null(key->fix);
		ck_assert_ptr_null(key->context);
		if (pad < 65536) {
			len = (size_t)(after - key_line) + strlen("  </system.web>\n");
			ck_assert_ptr_nonnull(debug->context);
			ck_assert_uint_eq(debug->context_line, 3);
			ck_assert_uint_eq(debug->context_offset, (size_t)(key_line - text));
			ck_assert_uint_eq(strlen(debug->context), len);
			ck_assert_mem_eq(debug->context, key_line, len);
		} else {
			ck_assert_ptr_null(debug->context);
		}
		hardconf_report_free(r);
		free(text);
	}
}
END_TEST

/* Long lines are kept for at most 4 MiB of a file's findings: 200 fixes
 * on one line of 40 KB would keep the line 200 times. */
START_TEST(test_long_lines_are_kept_within_a_budget)
{
	static const char one[] = "<location path=\"p\"><system.web><compilation debug=\"true\"/>"
				  "</system.web></location>";
	size_t n = 200, pad = 40000, len, kept = 0, fixes = 0;
	char *text = malloc(n * sizeof one + pad + 64), *p = text;
	hardconf_report *r;
	ck_assert_ptr_nonnull(text);
	p += sprintf(p, "<configuration><!-- ");
	memset(p, 'y', pad);
	p += pad;
	p += sprintf(p, " -->");
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "%s", one);
	p += sprintf(p, "</configuration>");
	len = (size_t)(p - text);
	r = lint_lines(text, "web.config");
	for (size_t i = 0; i < hardconf_report_count(r); i++) {
		const hardconf_finding *f = hardconf_report_get(r, i);
		if (!f->fix)
			continue;
		fixes++;
		if (f->context) {
			ck_assert_uint_eq(strlen(f->context), len);
			kept++;
		}
	}
	ck_assert_uint_eq(fixes, n);
	ck_assert_uint_eq(kept, (((size_t)4 << 20) + len - 1) / len);
	hardconf_report_free(r);
	free(text);
}
END_TEST

START_TEST(test_utf16_offsets_count_code_units)
{
	/* "<!-- é -->" before the value: two bytes of UTF-8, one code unit. */
	static const char text[] = "<configuration><!-- \xC3\xA9 --><system.web>"
				   "<compilation debug=\"true\"/></system.web></configuration>";
	size_t n = strlen(text), len = 2, fixed_len;
	char *data = malloc(2 * n + 2), *fixed;
	hardconf_report *r;
	hardconf_error err;
	const hardconf_finding *f;
	data[0] = (char)0xFF;
	data[1] = (char)0xFE;
	for (size_t i = 0; i < n; i++) {
		if ((unsigned char)text[i] == 0xC3) {
			data[len++] = (char)0xE9;
			data[len++] = 0;
			i++;
			continue;
		}
		data[len++] = text[i];
		data[len++] = 0;
	}
	ck_assert_int_eq(hardconf_lint_buffer(&r, test_linter(), data, len, "web.config",
					      HARDCONF_KIND_UNKNOWN, &err),
			 HARDCONF_OK);
	f = find(r, "HC1001");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(f->fix);
	ck_assert_str_eq(f->fix->encoding, "UTF-16LE");
	ck_assert_int_eq(f->fix->text_is_bytes, 0);
	ck_assert_uint_eq(f->fix->edits[0].length, 8);
	ck_assert_uint_eq(f->fix->edits[0].bytes_len, 10);
	ck_assert_mem_eq(f->fix->edits[0].bytes, "f\0a\0l\0s\0e\0", 10);
	fixed = apply(data, len, f->fix, &fixed_len);
	ck_assert_mem_eq(fixed + f->fix->edits[0].offset - 2, "\"\0f\0a\0l\0s\0e\0\"\0", 14);
	free(fixed);
	hardconf_report_free(r);
	free(data);
}
END_TEST

START_TEST(test_none_where_the_bytes_are_not_the_text)
{
	/* An 8-bit encoding: offsets in the bytes are not worked out. */
	static const char latin1[] = "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\n"
				     "<configuration><!-- \xE9 --><system.web>"
				     "<compilation debug=\"true\"/></system.web></configuration>\n";
	hardconf_report *r = lint_string(latin1, "web.config", HARDCONF_KIND_UNKNOWN);
	ck_assert_ptr_nonnull(find(r, "HC1001"));
	ck_assert_ptr_null(find(r, "HC1001")->fix);
	hardconf_report_free(r);
}
END_TEST

START_TEST(test_the_diff_joins_nearby_fixes_in_one_hunk)
{
	static struct test_sink out;
	hardconf_report *r = lint_lines(web, "site/web.config");
	hardconf_writer *w;
	hardconf_format f;
	ck_assert_int_eq(hardconf_format_parse(&f, "diff"), HARDCONF_OK);
	ck_assert_int_eq(f, HARDCONF_FORMAT_DIFF);
	ck_assert_str_eq(hardconf_format_name(HARDCONF_FORMAT_HTML), "html");
	out.len = 0;
	ck_assert_int_eq(hardconf_writer_new(&w, f, 0, test_sink_write, &out, NULL), HARDCONF_OK);
	ck_assert_int_eq(hardconf_writer_add(w, r), HARDCONF_OK);
	/* The same report twice (a base linted with its transform and alone):
	 * each edit once. */
	ck_assert_int_eq(hardconf_writer_add(w, r), HARDCONF_OK);
	ck_assert_int_eq(hardconf_writer_finish(w), HARDCONF_OK);
	ck_assert_str_eq(
		out.buf,
		"--- a/site/web.config\n"
		"+++ b/site/web.config\n"
		"@@ -1,9 +1,9 @@\n"
		" <?xml version=\"1.0\"?>\r\n"
		" <configuration>\r\n"
		"   <system.web>\r\n"
		"-    <compilation debug='true' />\r\n"
		"+    <compilation debug='false' />\r\n"
		"     <pages a=\"1\"\r\n"
		"-      enableViewStateMac = \"false\" b=\"2\" />\r\n"
		"+      b=\"2\" />\r\n"
		"     <machineKey validationKey=\"0123456789ABCDEF0123456789ABCDEF\" />\r\n"
		"   </system.web>\r\n"
		" </configuration>\r\n");
	hardconf_writer_free(w);
	hardconf_report_free(r);
}
END_TEST

START_TEST(test_html_escapes_and_sets_apart)
{
	static struct test_sink out;
	static const char evil[] = "<configuration><system.web>"
				   "<!-- hardconf-disable-next-line HC1001: <b>why</b> -->\n"
				   "<compilation debug=\"true\"/>\n"
				   "<customErrors mode=\"Off\" defaultRedirect=\"&lt;script&gt;\"/>"
				   "</system.web></configuration>";
	hardconf_report *r = lint_lines(evil, "<img src=x>.config");
	hardconf_writer *w;
	out.len = 0;
	ck_assert_int_eq(
		hardconf_writer_new(&w, HARDCONF_FORMAT_HTML, 0, test_sink_write, &out, NULL),
		HARDCONF_OK);
	ck_assert_int_eq(hardconf_writer_set_baseline(w, NULL), HARDCONF_OK);
	ck_assert_int_eq(hardconf_writer_add(w, r), HARDCONF_OK);
	ck_assert_int_eq(hardconf_writer_finish(w), HARDCONF_OK);
	ck_assert_int_eq(hardconf_writer_set_baseline(w, NULL), HARDCONF_EINVAL);
	ck_assert_ptr_null(strstr(out.buf, "<img"));
	ck_assert_ptr_null(strstr(out.buf, "<script"));
	ck_assert_ptr_null(strstr(out.buf, "<b>why"));
	ck_assert_ptr_nonnull(strstr(out.buf, "&lt;img src=x&gt;.config"));
	ck_assert_ptr_nonnull(strstr(out.buf, "Suppressed inline: &lt;b&gt;why&lt;/b&gt;"));
	ck_assert_ptr_nonnull(strstr(out.buf, "<div class=\"card\"><b>1</b>suppressed</div>"));
	ck_assert_ptr_nonnull(strstr(out.buf, "</html>\n"));
	hardconf_writer_free(w);
	hardconf_report_free(r);
	ck_assert_int_eq(hardconf_baseline_has(NULL, NULL), 0);
}
END_TEST

Suite *fix_suite(void)
{
	Suite *s = suite_create("fix");
	TCase *tc = tcase_create("fix");
	tcase_add_test(tc, test_a_value_and_a_removal);
	tcase_add_test(tc, test_a_fix_on_a_long_line_keeps_its_lines);
	tcase_add_test(tc, test_long_lines_are_kept_within_a_budget);
	tcase_add_test(tc, test_utf16_offsets_count_code_units);
	tcase_add_test(tc, test_none_where_the_bytes_are_not_the_text);
	tcase_add_test(tc, test_the_diff_joins_nearby_fixes_in_one_hunk);
	tcase_add_test(tc, test_html_escapes_and_sets_apart);
	suite_add_tcase(s, tc);
	return s;
}
