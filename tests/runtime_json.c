/* runtime_json.c: unit tests of the strict JSON parser (sc_json.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "schemac.h"

static char errbuf[256];

static enum sc_json_status
parse_n(struct sc_json_doc *doc, const char *s, size_t n)
{
	return (sc_json_parse(doc, s, n, errbuf, sizeof(errbuf)));
}

static enum sc_json_status
parse(struct sc_json_doc *doc, const char *s)
{
	return (parse_n(doc, s, strlen(s)));
}

/* Parse must succeed; the compact text of the result must be want. */
static void
ok_compact(const char *in, const char *want)
{
	struct sc_json_doc doc;
	struct sc_buf b;
	enum sc_json_status st;

	st = parse(&doc, in);
	if (st != SC_JSON_OK)
		fail_msg("%s: %s", in, errbuf);
	sc_buf_init(&b);
	sc_json_write(&b, doc.root);
	assert_string_equal(b.data, want);
	sc_buf_free(&b);
	sc_json_doc_free(&doc);
}

/* Parse must fail with status st and exactly the message want. */
static void
bad_n(const char *in, size_t n, enum sc_json_status st, const char *want)
{
	struct sc_json_doc doc;
	enum sc_json_status got;

	got = parse_n(&doc, in, n);
	if (got != st)
		fail_msg("input %.*s: status %d (%s), want %d", (int)n, in, got,
		    errbuf, st);
	assert_null(doc.root);
	if (want != NULL)
		assert_string_equal(errbuf, want);
	sc_json_doc_free(&doc);
}

static void
bad(const char *in, enum sc_json_status st, const char *want)
{
	bad_n(in, strlen(in), st, want);
}

static void
test_scalars(void **state)
{
	struct sc_json_doc doc;

	(void)state;
	assert_int_equal(parse(&doc, "  true \n"), SC_JSON_OK);
	assert_int_equal(doc.root->type, SC_JSON_BOOL);
	assert_int_equal(doc.root->boolean, 1);
	assert_int_equal(doc.root->rawlen, 4);
	assert_memory_equal(doc.root->raw, "true", 4);
	sc_json_doc_free(&doc);
	assert_int_equal(parse(&doc, "false"), SC_JSON_OK);
	assert_int_equal(doc.root->boolean, 0);
	sc_json_doc_free(&doc);
	assert_int_equal(parse(&doc, "null"), SC_JSON_OK);
	assert_int_equal(doc.root->type, SC_JSON_NULL);
	sc_json_doc_free(&doc);
	assert_int_equal(parse(&doc, "\t-12.5e+3\r"), SC_JSON_OK);
	assert_int_equal(doc.root->type, SC_JSON_NUMBER);
	assert_string_equal(doc.root->str, "-12.5e+3");
	assert_int_equal(doc.root->len, 8);
	sc_json_doc_free(&doc);
	assert_int_equal(parse(&doc, "\"hi\""), SC_JSON_OK);
	assert_int_equal(doc.root->type, SC_JSON_STRING);
	assert_string_equal(doc.root->str, "hi");
	assert_int_equal(doc.root->rawlen, 4);
	sc_json_doc_free(&doc);
}

static void
test_tree(void **state)
{
	struct sc_json_doc doc;
	const struct sc_json *r, *a, *e;
	const char *in =
	    "{ \"a\" : [1, {\"x\":null}, \"s\"], \"b\":{} ,\"c\":[]}";

	(void)state;
	assert_int_equal(parse(&doc, in), SC_JSON_OK);
	r = doc.root;
	assert_int_equal(r->type, SC_JSON_OBJECT);
	assert_int_equal(r->nchildren, 3);
	assert_int_equal(r->rawlen, strlen(in));
	a = sc_json_member(r, "a");
	assert_non_null(a);
	assert_int_equal(a->keylen, 1);
	assert_int_equal(a->type, SC_JSON_ARRAY);
	assert_int_equal(a->nchildren, 3);
	assert_int_equal(a->rawlen, strlen("[1, {\"x\":null}, \"s\"]"));
	assert_memory_equal(a->raw, "[1, {\"x\":null}, \"s\"]", a->rawlen);
	e = a->child;
	assert_string_equal(e->str, "1");
	assert_null(e->key);
	e = e->next;
	assert_int_equal(e->type, SC_JSON_OBJECT);
	assert_int_equal(sc_json_member(e, "x")->type, SC_JSON_NULL);
	assert_memory_equal(e->raw, "{\"x\":null}", e->rawlen);
	e = e->next;
	assert_string_equal(e->str, "s");
	assert_null(e->next);
	assert_int_equal(sc_json_member(r, "b")->nchildren, 0);
	assert_null(sc_json_member(r, "b")->child);
	assert_int_equal(sc_json_member(r, "c")->type, SC_JSON_ARRAY);
	assert_null(sc_json_member(r, "d"));
	assert_null(sc_json_member(a, "a")); /* not an object */
	assert_null(sc_json_member(NULL, "a"));
	sc_json_doc_free(&doc);
	ok_compact(in, "{\"a\":[1,{\"x\":null},\"s\"],\"b\":{},\"c\":[]}");
}

/* The document owns a copy of its input. */
static void
test_owns_input(void **state)
{
	struct sc_json_doc doc;
	char *in;

	(void)state;
	in = strdup("{\"k\": \"v\"}");
	assert_int_equal(parse(&doc, in), SC_JSON_OK);
	memset(in, 'X', strlen(in));
	free(in);
	assert_memory_equal(doc.root->raw, "{\"k\": \"v\"}", doc.root->rawlen);
	assert_string_equal(doc.root->child->key, "k");
	sc_json_doc_free(&doc);
	sc_json_doc_free(NULL);
}

static void
test_escapes(void **state)
{
	struct sc_json_doc doc;
	const char *in = "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00e9\\u20AC"
			 "\\ud83d\\ude00\\uFFFF\\u0000z\"";
	const char want[] = "\"\\/\b\f\n\r\tA\xc3\xa9\xe2\x82\xac"
			    "\xf0\x9f\x98\x80\xef\xbf\xbf\0z";

	(void)state;
	assert_int_equal(parse(&doc, in), SC_JSON_OK);
	assert_int_equal(doc.root->len, sizeof(want) - 1);
	assert_memory_equal(doc.root->str, want, sizeof(want));
	sc_json_doc_free(&doc);
	/* The highest code point, as a pair. */
	assert_int_equal(parse(&doc, "\"\\udbff\\udfff\""), SC_JSON_OK);
	assert_string_equal(doc.root->str, "\xf4\x8f\xbf\xbf");
	sc_json_doc_free(&doc);
	/* Escaped keys are unescaped too. */
	assert_int_equal(parse(&doc, "{\"\\u0061b\":1}"), SC_JSON_OK);
	assert_non_null(sc_json_member(doc.root, "ab"));
	sc_json_doc_free(&doc);
	/* Raw UTF-8 and DEL pass. */
	ok_compact("\"\xc3\xa9\x7f\"", "\"\xc3\xa9\x7f\"");
	/* Re-serialized with the writer's escapes. */
	ok_compact("\"\\u0001\\u001F\\/\"", "\"\\u0001\\u001f/\"");
}

static void
test_bad_escapes(void **state)
{
	(void)state;
	bad("\"\\x\"", SC_JSON_ESYNTAX,
	    "Invalid JSON at byte 1: invalid escape in string");
	bad("\"\\U0041\"", SC_JSON_ESYNTAX, NULL);
	bad("\"\\'\"", SC_JSON_ESYNTAX, NULL);
	bad("\"\\u12\"", SC_JSON_ESYNTAX,
	    "Invalid JSON at byte 1: invalid \\u escape");
	bad("\"\\u12G4\"", SC_JSON_ESYNTAX, NULL);
	bad("\"\\u\"", SC_JSON_ESYNTAX, NULL);
	bad("\"ab\\", SC_JSON_ESYNTAX,
	    "Invalid JSON at byte 0: unterminated string");
	bad("\"ab\\\"", SC_JSON_ESYNTAX, NULL);
	/* Lone and mismatched surrogates. */
	bad("\"\\ud800\"", SC_JSON_ESYNTAX,
	    "Invalid JSON at byte 1: lone surrogate in \\u escape");
	bad("\"x\\udc00\"", SC_JSON_ESYNTAX,
	    "Invalid JSON at byte 2: lone surrogate in \\u escape");
	bad("\"\\ud800\\u0041\"", SC_JSON_ESYNTAX, NULL);
	bad("\"\\ud800\\ud800\"", SC_JSON_ESYNTAX, NULL);
	bad("\"\\ud800\\\"", SC_JSON_ESYNTAX, NULL);
	bad("\"\\ud800x\"", SC_JSON_ESYNTAX, NULL);
	bad("\"\\udfff\\ud800\"", SC_JSON_ESYNTAX, NULL);
}

static void
test_control_chars(void **state)
{
	char in[8];
	int c;

	(void)state;
	for (c = 0; c < 0x20; c++) {
		in[0] = '"';
		in[1] = 'a';
		in[2] = (char)c;
		in[3] = '"';
		bad_n(in, 4, SC_JSON_ESYNTAX,
		    "Invalid JSON at byte 2: control character in string");
	}
}

static void
test_utf8(void **state)
{
	(void)state;
	bad("\"\xc0\xaf\"", SC_JSON_EUTF8, "Invalid UTF-8 at byte 1");
	bad("\"\xc1\x81\"", SC_JSON_EUTF8, NULL);
	bad("\"\xe0\x80\x80\"", SC_JSON_EUTF8, NULL);
	bad("\"\xe0\x9f\xbf\"", SC_JSON_EUTF8, NULL);
	bad("\"\xf0\x80\x80\x80\"", SC_JSON_EUTF8, NULL);
	bad("\"\xf0\x8f\xbf\xbf\"", SC_JSON_EUTF8, NULL);
	bad("\"\xed\xa0\x80\"", SC_JSON_EUTF8, NULL);
	bad("\"\xed\xbf\xbf\"", SC_JSON_EUTF8, NULL);
	bad("\"\xf4\x90\x80\x80\"", SC_JSON_EUTF8, NULL);
	bad("\"\xf5\x80\x80\x80\"", SC_JSON_EUTF8, NULL);
	bad("\"\xff\"", SC_JSON_EUTF8, NULL);
	bad("\"\x80\"", SC_JSON_EUTF8, NULL);
	bad("\"ab\xe2\x82\"", SC_JSON_EUTF8, "Invalid UTF-8 at byte 3");
	bad("\"\xe2\x82", SC_JSON_EUTF8, NULL);
	bad("{\"k\xff\":1}", SC_JSON_EUTF8, "Invalid UTF-8 at byte 3");
	/* Outside strings. */
	bad("[1,\xff]", SC_JSON_EUTF8, "Invalid UTF-8 at byte 3");
	/* Valid UTF-8 where a value should be is a syntax error. */
	bad("\xc3\xa9", SC_JSON_ESYNTAX,
	    "Invalid JSON at byte 0: expected a value");
	/* A byte-order mark is not JSON (RFC 8259 section 8.1). */
	bad("\xef\xbb\xbf{}", SC_JSON_ESYNTAX, NULL);
	/* Edges of the valid ranges. */
	ok_compact("\"\xc2\x80\xdf\xbf\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80"
		   "\xf0\x90\x80\x80\xf4\x8f\xbf\xbf\"",
	    "\"\xc2\x80\xdf\xbf\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80"
	    "\xf0\x90\x80\x80\xf4\x8f\xbf\xbf\"");
}

static void
test_numbers(void **state)
{
	static const char *good[] = { "0", "-0", "1", "-1", "10", "1.5", "0.25",
		"-0.0", "1e5", "1E5", "1e+5", "1e-5", "0e0", "-0.0e-0",
		"123456789012345678901234567890", "1.7976931348623157e309",
		NULL };
	static const char *badnum[] = { "01", "-01", "00", "+1", ".5", "1.",
		"1.e5", "1e", "1e+", "-", "--1", "- 1", "0x10", "1.5.5",
		"1e5.5", "NaN", "Infinity", "-Infinity", "nan", "inf", "1_000",
		NULL };
	struct sc_json_doc doc;
	size_t i;

	(void)state;
	for (i = 0; good[i] != NULL; i++) {
		if (parse(&doc, good[i]) != SC_JSON_OK)
			fail_msg("%s: %s", good[i], errbuf);
		assert_int_equal(doc.root->type, SC_JSON_NUMBER);
		assert_string_equal(doc.root->str, good[i]);
		sc_json_doc_free(&doc);
	}
	for (i = 0; badnum[i] != NULL; i++)
		bad(badnum[i], SC_JSON_ESYNTAX, NULL);
	bad("01", SC_JSON_ESYNTAX,
	    "Invalid JSON at byte 0: leading zeros are not allowed in numbers");
	bad("[1, 2.]", SC_JSON_ESYNTAX,
	    "Invalid JSON at byte 4: invalid number");
}

static void
test_literals_and_garbage(void **state)
{
	(void)state;
	bad("", SC_JSON_ESYNTAX,
	    "Invalid JSON at byte 0: unexpected end of input");
	bad("   ", SC_JSON_ESYNTAX,
	    "Invalid JSON at byte 3: unexpected end of input");
	bad("tru", SC_JSON_ESYNTAX, "Invalid JSON at byte 0: expected a value");
	bad("True", SC_JSON_ESYNTAX, NULL);
	bad("nul", SC_JSON_ESYNTAX, NULL);
	bad("nulll", SC_JSON_ESYNTAX,
	    "Invalid JSON at byte 4: unexpected data after the value");
	bad("1 2", SC_JSON_ESYNTAX,
	    "Invalid JSON at byte 2: unexpected data after the value");
	bad("{} x", SC_JSON_ESYNTAX, NULL);
	bad("[]]", SC_JSON_ESYNTAX, NULL);
	bad_n("{}\0", 3, SC_JSON_ESYNTAX,
	    "Invalid JSON at byte 2: unexpected data after the value");
	bad("\v1", SC_JSON_ESYNTAX, NULL);
	bad("'a'", SC_JSON_ESYNTAX, NULL);
	bad("undefined", SC_JSON_ESYNTAX, NULL);
	bad("/* c */ 1", SC_JSON_ESYNTAX, NULL);
}

static void
test_structure_errors(void **state)
{
	(void)state;
	bad("[1,]", SC_JSON_ESYNTAX,
	    "Invalid JSON at byte 3: expected a value");
	bad("[,1]", SC_JSON_ESYNTAX, NULL);
	bad("[1 2]", SC_JSON_ESYNTAX,
	    "Invalid JSON at byte 3: expected ',' or ']'");
	bad("[1", SC_JSON_ESYNTAX,
	    "Invalid JSON at byte 2: unexpected end of input");
	bad("[", SC_JSON_ESYNTAX, NULL);
	bad("{", SC_JSON_ESYNTAX, NULL);
	bad("{\"a\":1,}", SC_JSON_ESYNTAX,
	    "Invalid JSON at byte 7: expected a string key");
	bad("{\"a\" 1}", SC_JSON_ESYNTAX,
	    "Invalid JSON at byte 5: expected ':'");
	bad("{\"a\":}", SC_JSON_ESYNTAX, NULL);
	bad("{\"a\":1 \"b\":2}", SC_JSON_ESYNTAX,
	    "Invalid JSON at byte 7: expected ',' or '}'");
	bad("{a:1}", SC_JSON_ESYNTAX, NULL);
	bad("{'a':1}", SC_JSON_ESYNTAX, NULL);
	bad("{1:1}", SC_JSON_ESYNTAX, NULL);
	bad("{\"a\"", SC_JSON_ESYNTAX, NULL);
	bad("{\"a\":1", SC_JSON_ESYNTAX, NULL);
	bad("{\"a\":1]", SC_JSON_ESYNTAX, NULL);
	bad("[1}", SC_JSON_ESYNTAX, NULL);
}

static char *
nest(int depth, int objects)
{
	char *s;
	size_t n, i;

	n = 0;
	s = malloc((size_t)depth * 6 + 8);
	for (i = 0; i < (size_t)depth; i++) {
		if (objects && i % 2) {
			memcpy(s + n, "{\"a\":", 5);
			n += 5;
		} else
			s[n++] = '[';
	}
	s[n++] = '1';
	for (i = (size_t)depth; i > 0; i--)
		s[n++] = objects && (i - 1) % 2 ? '}' : ']';
	s[n] = '\0';
	return (s);
}

static void
test_depth(void **state)
{
	struct sc_json_doc doc;
	char *s;
	int objects;

	(void)state;
	for (objects = 0; objects < 2; objects++) {
		s = nest(SC_JSON_MAX_DEPTH, objects);
		if (parse(&doc, s) != SC_JSON_OK)
			fail_msg("depth %d: %s", SC_JSON_MAX_DEPTH, errbuf);
		sc_json_doc_free(&doc);
		free(s);
		s = nest(SC_JSON_MAX_DEPTH + 1, objects);
		bad(s, SC_JSON_EDEPTH, NULL);
		assert_non_null(strstr(errbuf, "nested deeper than 32 levels"));
		free(s);
	}
	/* A huge depth fails fast without using the stack. */
	s = malloc(1000001);
	memset(s, '[', 1000000);
	s[1000000] = '\0';
	bad(s, SC_JSON_EDEPTH,
	    "Invalid JSON at byte 32: nested deeper than 32 levels");
	free(s);
}

static void
test_duplicates(void **state)
{
	struct sc_buf b;
	struct sc_json_doc doc;
	int i;

	(void)state;
	bad("{\"a\":1,\"a\":2}", SC_JSON_ESYNTAX,
	    "Invalid JSON at byte 7: duplicate key \"a\"");
	bad("{\"a\":1,\"\\u0061\":2}", SC_JSON_ESYNTAX,
	    "Invalid JSON at byte 7: duplicate key \"a\"");
	/* Unprintable keys are not echoed. */
	bad("{\"\\n\":1,\"\\n\":2}", SC_JSON_ESYNTAX,
	    "Invalid JSON at byte 8: duplicate key");
	bad("{\"\":1,\"\":2}", SC_JSON_ESYNTAX, NULL);
	/* Keys that differ only after a NUL are different. */
	ok_compact("{\"a\\u0000b\":1,\"a\\u0000c\":2,\"a\":3}",
	    "{\"a\\u0000b\":1,\"a\\u0000c\":2,\"a\":3}");
	/* Same key in different objects is fine. */
	ok_compact("{\"a\":{\"a\":1},\"b\":[{\"a\":1},{\"a\":2}]}",
	    "{\"a\":{\"a\":1},\"b\":[{\"a\":1},{\"a\":2}]}");
	/* Large objects use the hash table; check it finds duplicates. */
	for (i = 0; i < 3; i++) {
		int k, n = i == 0 ? 17 : (i == 1 ? 100 : 5000);

		sc_buf_init(&b);
		sc_buf_puts(&b, "{");
		for (k = 0; k < n; k++)
			sc_buf_appendf(
			    &b, "%s\"key%d\":%d", k ? "," : "", k, k);
		sc_buf_puts(&b, "}");
		assert_int_equal(parse_n(&doc, b.data, b.len), SC_JSON_OK);
		assert_int_equal(doc.root->nchildren, (size_t)n);
		assert_non_null(sc_json_member(doc.root, "key0"));
		sc_json_doc_free(&doc);
		b.len--; /* drop the } */
		sc_buf_appendf(&b, ",\"key%d\":0}", n / 2);
		assert_int_equal(parse_n(&doc, b.data, b.len), SC_JSON_ESYNTAX);
		assert_non_null(strstr(errbuf, "duplicate key"));
		sc_json_doc_free(&doc);
		sc_buf_free(&b);
	}
}

static void
test_value_limit(void **state)
{
	struct sc_buf b;
	struct sc_json_doc doc;
	int i;

	(void)state;
	sc_buf_init(&b);
	sc_buf_puts(&b, "[0");
	for (i = 1; i < SC_JSON_MAX_VALUES - 1; i++)
		sc_buf_puts(&b, ",0");
	sc_buf_puts(&b, "]");
	/* the array itself plus MAX - 1 elements: just at the limit */
	assert_int_equal(parse_n(&doc, b.data, b.len), SC_JSON_OK);
	sc_json_doc_free(&doc);
	b.len--;
	sc_buf_puts(&b, ",0]");
	assert_int_equal(parse_n(&doc, b.data, b.len), SC_JSON_ELIMIT);
	assert_non_null(strstr(errbuf, "more than 100000 values"));
	sc_json_doc_free(&doc);
	sc_buf_free(&b);
}

static void
test_small_errbuf(void **state)
{
	struct sc_json_doc doc;
	char small[8];

	(void)state;
	assert_int_equal(sc_json_parse(&doc, "[1,", 3, small, sizeof(small)),
	    SC_JSON_ESYNTAX);
	assert_string_equal(small, "Invalid");
	sc_json_doc_free(&doc);
	assert_int_equal(
	    sc_json_parse(&doc, "[1,", 3, NULL, 0), SC_JSON_ESYNTAX);
	sc_json_doc_free(&doc);
	assert_int_equal(sc_json_parse(&doc, "[1]", 3, NULL, 0), SC_JSON_OK);
	sc_json_doc_free(&doc);
}

static int
to_int(const char *lit, int64_t *out)
{
	struct sc_json_doc doc;
	int r;

	if (parse(&doc, lit) != SC_JSON_OK)
		fail_msg("%s: %s", lit, errbuf);
	r = sc_json_to_int64(doc.root, out);
	sc_json_doc_free(&doc);
	return (r);
}

static void
test_to_int64(void **state)
{
	int64_t v;

	(void)state;
	assert_int_equal(to_int("0", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(to_int("-0", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(to_int("42", &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(to_int("9223372036854775807", &v), 0);
	assert_true(v == INT64_MAX);
	assert_int_equal(to_int("-9223372036854775808", &v), 0);
	assert_true(v == INT64_MIN);
	assert_int_equal(to_int("9223372036854775808", &v), -1);
	assert_int_equal(to_int("-9223372036854775809", &v), -1);
	assert_int_equal(to_int("18446744073709551616", &v), -1);
	assert_int_equal(to_int("100000000000000000000000000000", &v), -1);
	assert_int_equal(to_int("1.0", &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(to_int("-2.000", &v), 0);
	assert_int_equal(v, -2);
	assert_int_equal(to_int("1e2", &v), 0);
	assert_int_equal(v, 100);
	assert_int_equal(to_int("150e-1", &v), 0);
	assert_int_equal(v, 15);
	assert_int_equal(to_int("0.00123e5", &v), 0);
	assert_int_equal(v, 123);
	assert_int_equal(to_int("1.5", &v), -1);
	assert_int_equal(to_int("15e-2", &v), -1);
	assert_int_equal(to_int("0.1", &v), -1);
	assert_int_equal(to_int("1e18", &v), 0);
	assert_true(v == 1000000000000000000LL);
	assert_int_equal(to_int("1e19", &v), -1);
	assert_int_equal(to_int("0e999999999999999", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(to_int("1e999999999999999", &v), -1);
	assert_int_equal(to_int("1e-999999999999999", &v), -1);
	assert_int_equal(to_int("100000000000000000000e-2", &v), 0);
	assert_true(v == 1000000000000000000LL);
	assert_int_equal(to_int("12345678901234567890123e-4", &v), -1);
	assert_int_equal(to_int("12345678901234567890000e-4", &v), 0);
	assert_true(v == 1234567890123456789LL);
	assert_int_equal(to_int("-922337203685477580.8e1", &v), 0);
	assert_true(v == INT64_MIN);
	assert_int_equal(to_int("\"1\"", &v), -1);
	assert_int_equal(sc_json_to_int64(NULL, &v), -1);
}

static int
to_dbl(const char *lit, double *out)
{
	struct sc_json_doc doc;
	int r;

	assert_int_equal(parse(&doc, lit), SC_JSON_OK);
	r = sc_json_to_double(doc.root, out);
	sc_json_doc_free(&doc);
	return (r);
}

static void
test_to_double(void **state)
{
	double d;

	(void)state;
	assert_int_equal(to_dbl("1.5", &d), 0);
	assert_true(d == 1.5);
	assert_int_equal(to_dbl("-0.1e1", &d), 0);
	assert_true(d == -1.0);
	assert_int_equal(to_dbl("1e308", &d), 0);
	assert_int_equal(to_dbl("1e309", &d), -1);
	assert_int_equal(to_dbl("-1e400", &d), -1);
	assert_int_equal(to_dbl("1e-400", &d), 0);
	assert_true(d == 0.0);
	assert_int_equal(to_dbl("9007199254740993", &d), 0);
	assert_true(d == 9007199254740992.0);
	assert_int_equal(to_dbl("null", &d), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_tree),
		cmocka_unit_test(test_owns_input),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_bad_escapes),
		cmocka_unit_test(test_control_chars),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_literals_and_garbage),
		cmocka_unit_test(test_structure_errors),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_value_limit),
		cmocka_unit_test(test_small_errbuf),
		cmocka_unit_test(test_to_int64),
		cmocka_unit_test(test_to_double),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
