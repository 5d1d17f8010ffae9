/* runtime_buf.c: unit tests of the buffer and the JSON writer (sc_buf.c). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "schemac.h"

/* The JSON text that sc_json_str writes for n bytes of s. */
static char *
jstr(const char *s, size_t n)
{
	static char out[4096];
	struct sc_buf b;

	sc_buf_init(&b);
	sc_json_str(&b, s, n);
	assert_true(b.len < sizeof(out));
	memcpy(out, b.data, b.len + 1);
	sc_buf_free(&b);
	return (out);
}

static char *
jdouble(double v)
{
	static char out[64];
	struct sc_buf b;

	sc_buf_init(&b);
	sc_json_double(&b, v);
	assert_true(b.len < sizeof(out));
	memcpy(out, b.data, b.len + 1);
	sc_buf_free(&b);
	return (out);
}

static void
test_buf_basics(void **state)
{
	struct sc_buf b;
	size_t i, cap;

	(void)state;
	sc_buf_init(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	sc_buf_append(&b, "", 0);
	assert_non_null(b.data);
	assert_string_equal(b.data, "");
	sc_buf_puts(&b, "abc");
	sc_buf_append(&b, "d\0e", 3);
	assert_int_equal(b.len, 6);
	assert_memory_equal(b.data, "abcd\0e", 7);
	for (i = 0; i < 10000; i++)
		sc_buf_puts(&b, "0123456789");
	assert_int_equal(b.len, 6 + 100000);
	assert_int_equal(b.data[b.len], '\0');
	assert_true(b.cap > b.len);
	cap = b.cap;
	sc_buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, cap);
	assert_string_equal(b.data, "");
	sc_buf_free(&b);
	assert_null(b.data);
	sc_buf_free(&b); /* twice is fine */
	sc_buf_free(NULL);
}

static void
test_buf_appendf(void **state)
{
	struct sc_buf b;
	char big[3000];

	(void)state;
	sc_buf_init(&b);
	sc_buf_appendf(&b, "%d-%s", 42, "x");
	assert_string_equal(b.data, "42-x");
	/* Longer than the first guess: must be redone in full. */
	memset(big, 'y', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	sc_buf_appendf(&b, "[%s]", big);
	assert_int_equal(b.len, 4 + 2 + sizeof(big) - 1);
	assert_int_equal(b.data[4], '[');
	assert_int_equal(b.data[b.len - 1], ']');
	assert_int_equal(b.data[b.len], '\0');
	sc_buf_free(&b);
}

static void
test_str_escapes(void **state)
{
	(void)state;
	assert_string_equal(jstr("", 0), "\"\"");
	assert_string_equal(jstr("plain text", 10), "\"plain text\"");
	assert_string_equal(jstr("a\"b", 3), "\"a\\\"b\"");
	assert_string_equal(jstr("a\\b", 3), "\"a\\\\b\"");
	assert_string_equal(jstr("/", 1), "\"/\"");
	assert_string_equal(jstr("\b\f\n\r\t", 5), "\"\\b\\f\\n\\r\\t\"");
	assert_string_equal(jstr("\x01\x1f", 2), "\"\\u0001\\u001f\"");
	assert_string_equal(jstr("a\0b", 3), "\"a\\u0000b\"");
	assert_string_equal(jstr("\x0b\x1b", 2), "\"\\u000b\\u001b\"");
	/* DEL is not a JSON control character. */
	assert_string_equal(jstr("\x7f", 1), "\"\x7f\"");
	/* </script> safety is not JSON's business; it stays as it is. */
	assert_string_equal(jstr("</x>", 4), "\"</x>\"");
}

#define FFFD "\xef\xbf\xbd"

static void
test_str_control_all(void **state)
{
	char in[1], want[16];
	int c;

	(void)state;
	for (c = 0; c < 0x20; c++) {
		in[0] = (char)c;
		switch (c) {
		case '\b':
			strcpy(want, "\"\\b\"");
			break;
		case '\f':
			strcpy(want, "\"\\f\"");
			break;
		case '\n':
			strcpy(want, "\"\\n\"");
			break;
		case '\r':
			strcpy(want, "\"\\r\"");
			break;
		case '\t':
			strcpy(want, "\"\\t\"");
			break;
		default:
			snprintf(want, sizeof(want), "\"\\u%04x\"", c);
			break;
		}
		assert_string_equal(jstr(in, 1), want);
	}
	/* Every other ASCII byte stands as it is, but '"' and '\\'. */
	for (c = 0x20; c < 0x80; c++) {
		in[0] = (char)c;
		if (c == '"' || c == '\\')
			snprintf(want, sizeof(want), "\"\\%c\"", c);
		else
			snprintf(want, sizeof(want), "\"%c\"", c);
		assert_string_equal(jstr(in, 1), want);
	}
	/* A lone byte above 0x7f is never valid UTF-8. */
	for (c = 0x80; c < 0x100; c++) {
		in[0] = (char)c;
		assert_string_equal(jstr(in, 1), "\"" FFFD "\"");
	}
}

static void
test_str_utf8(void **state)
{
	(void)state;
	/* Valid sequences of each length pass through unchanged. */
	assert_string_equal(jstr("\xc3\xa9", 2), "\"\xc3\xa9\"");
	assert_string_equal(jstr("\xe2\x82\xac", 3), "\"\xe2\x82\xac\"");
	assert_string_equal(
	    jstr("\xf0\x9f\x98\x80", 4), "\"\xf0\x9f\x98\x80\"");
	assert_string_equal(
	    jstr("\xf4\x8f\xbf\xbf", 4), "\"\xf4\x8f\xbf\xbf\"");
	assert_string_equal(jstr("\xed\x9f\xbf", 3), "\"\xed\x9f\xbf\"");
	/* Invalid ones become U+FFFD, one per maximal invalid part. */
	assert_string_equal(jstr("\x80", 1), "\"" FFFD "\"");
	assert_string_equal(jstr("a\xbf"
				 "b",
				3),
	    "\"a" FFFD "b\"");
	assert_string_equal(jstr("\xc0\xaf", 2), "\"" FFFD FFFD "\"");
	assert_string_equal(jstr("\xc1\xbf", 2), "\"" FFFD FFFD "\"");
	assert_string_equal(jstr("\xe0\x80\xaf", 3), "\"" FFFD FFFD FFFD "\"");
	assert_string_equal(
	    jstr("\xf0\x80\x80\xaf", 4), "\"" FFFD FFFD FFFD FFFD "\"");
	/* Surrogates encoded in UTF-8 (CESU) are invalid. */
	assert_string_equal(jstr("\xed\xa0\x80", 3), "\"" FFFD FFFD FFFD "\"");
	/* Above U+10FFFF. */
	assert_string_equal(
	    jstr("\xf4\x90\x80\x80", 4), "\"" FFFD FFFD FFFD FFFD "\"");
	assert_string_equal(jstr("\xf5\x80", 2), "\"" FFFD FFFD "\"");
	assert_string_equal(jstr("\xff", 1), "\"" FFFD "\"");
	/* Truncated sequences: one U+FFFD for the valid prefix. */
	assert_string_equal(jstr("\xe2\x82", 2), "\"" FFFD "\"");
	assert_string_equal(jstr("\xe2\x82x", 3), "\"" FFFD "x\"");
	assert_string_equal(jstr("\xf0\x9f\x98", 3), "\"" FFFD "\"");
	assert_string_equal(jstr("x\xc3", 2), "\"x" FFFD "\"");
	/* A quote right after a lead byte is still escaped. */
	assert_string_equal(jstr("\xc3\"", 2), "\"" FFFD "\\\"\"");
}

/* Whatever the bytes, the output is valid JSON that reads back. */
static void
test_str_random_roundtrip(void **state)
{
	struct sc_json_doc doc;
	struct sc_buf b;
	char in[64], err[128];
	size_t n, i, k;
	unsigned seed;

	(void)state;
	seed = 12345;
	for (i = 0; i < 20000; i++) {
		n = (size_t)(i % sizeof(in));
		for (k = 0; k < n; k++) {
			seed = seed * 1103515245u + 12345u;
			in[k] = (char)(seed >> 16);
		}
		sc_buf_init(&b);
		sc_json_str(&b, in, n);
		assert_int_equal(
		    sc_json_parse(&doc, b.data, b.len, err, sizeof(err)),
		    SC_JSON_OK);
		assert_int_equal(doc.root->type, SC_JSON_STRING);
		sc_json_doc_free(&doc);
		sc_buf_free(&b);
	}
}

static void
test_cstr(void **state)
{
	struct sc_buf b;

	(void)state;
	sc_buf_init(&b);
	sc_json_cstr(&b, NULL);
	sc_buf_append(&b, ",", 1);
	sc_json_cstr(&b, "x\ty");
	assert_string_equal(b.data, "null,\"x\\ty\"");
	sc_buf_free(&b);
}

static void
test_int_bool(void **state)
{
	struct sc_buf b;

	(void)state;
	sc_buf_init(&b);
	sc_json_int(&b, 0);
	sc_buf_append(&b, " ", 1);
	sc_json_int(&b, -1);
	sc_buf_append(&b, " ", 1);
	sc_json_int(&b, INT64_MAX);
	sc_buf_append(&b, " ", 1);
	sc_json_int(&b, INT64_MIN);
	sc_buf_append(&b, " ", 1);
	sc_json_bool(&b, 1);
	sc_buf_append(&b, " ", 1);
	sc_json_bool(&b, 0);
	sc_buf_append(&b, " ", 1);
	sc_json_bool(&b, 7);
	assert_string_equal(b.data,
	    "0 -1 9223372036854775807 "
	    "-9223372036854775808 true false true");
	sc_buf_free(&b);
}

static void
test_double_shortest(void **state)
{
	(void)state;
	assert_string_equal(jdouble(0.0), "0");
	assert_string_equal(jdouble(-0.0), "-0");
	assert_string_equal(jdouble(1.0), "1");
	assert_string_equal(jdouble(1.5), "1.5");
	assert_string_equal(jdouble(0.1), "0.1");
	assert_string_equal(jdouble(-2.25), "-2.25");
	assert_string_equal(jdouble(100.0), "100");
	assert_string_equal(jdouble(1e21), "1e+21");
	assert_string_equal(jdouble(1e-7), "1e-07");
	/* 16 and 17 significant digits when 15 do not read back. */
	assert_string_equal(jdouble(1.0 / 3.0), "0.3333333333333333");
	assert_string_equal(jdouble(0.1 + 0.2), "0.30000000000000004");
	assert_string_equal(
	    jdouble(1.7976931348623157e308), "1.7976931348623157e+308");
	assert_string_equal(jdouble(9007199254740993.0), "9007199254740992");
}

static void
test_double_nonfinite(void **state)
{
	(void)state;
	assert_string_equal(jdouble(NAN), "null");
	assert_string_equal(jdouble(INFINITY), "null");
	assert_string_equal(jdouble(-INFINITY), "null");
}

/* Every double written reads back exactly, and is valid JSON. */
static void
test_double_roundtrip(void **state)
{
	struct sc_json_doc doc;
	char err[128], *txt;
	double v, back;
	uint64_t bits;
	unsigned i;

	(void)state;
	bits = 88172645463325252ull;
	for (i = 0; i < 100000; i++) {
		bits ^= bits << 13;
		bits ^= bits >> 7;
		bits ^= bits << 17;
		memcpy(&v, &bits, sizeof(v));
		if (v != v || v - v != 0)
			continue;
		txt = jdouble(v);
		assert_true(strlen(txt) <= 24);
		back = strtod(txt, NULL);
		assert_memory_equal(&back, &v, sizeof(v));
		assert_int_equal(
		    sc_json_parse(&doc, txt, strlen(txt), err, sizeof(err)),
		    SC_JSON_OK);
		assert_int_equal(doc.root->type, SC_JSON_NUMBER);
		sc_json_doc_free(&doc);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_basics),
		cmocka_unit_test(test_buf_appendf),
		cmocka_unit_test(test_str_escapes),
		cmocka_unit_test(test_str_control_all),
		cmocka_unit_test(test_str_utf8),
		cmocka_unit_test(test_str_random_roundtrip),
		cmocka_unit_test(test_cstr),
		cmocka_unit_test(test_int_bool),
		cmocka_unit_test(test_double_shortest),
		cmocka_unit_test(test_double_nonfinite),
		cmocka_unit_test(test_double_roundtrip),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
