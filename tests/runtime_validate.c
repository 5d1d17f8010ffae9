/* runtime_validate.c: unit tests of the decoders and their 422 errors. */
#include <regex.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "schemac.h"

static struct sc_json_doc doc;
static struct sc_verrs errs;

/* Parse a JSON literal; the value stays valid until the next call. */
static const struct sc_json *
J(const char *lit)
{
	char err[128];

	sc_json_doc_free(&doc);
	if (sc_json_parse(&doc, lit, strlen(lit), err, sizeof(err)) !=
	    SC_JSON_OK)
		fail_msg("bad test literal %s: %s", lit, err);
	return (doc.root);
}

static int
setup(void **state)
{
	(void)state;
	memset(&doc, 0, sizeof(doc));
	sc_verrs_init(&errs);
	return (0);
}

static int
teardown(void **state)
{
	(void)state;
	sc_json_doc_free(&doc);
	sc_verrs_free(&errs);
	return (0);
}

/* Exactly one error was recorded, and it is this one; then clear. */
static void
expect1(const char *where, const char *field, const char *type, const char *msg)
{
	if (errs.n != 1)
		fail_msg("want 1 error (%s), have %zu%s%s", type, errs.n,
		    errs.n ? ": " : "", errs.n ? errs.items[0].msg : "");
	assert_string_equal(errs.items[0].where, where);
	if (field == NULL)
		assert_null(errs.items[0].field);
	else
		assert_string_equal(errs.items[0].field, field);
	assert_string_equal(errs.items[0].type, type);
	assert_string_equal(errs.items[0].msg, msg);
	sc_verrs_free(&errs);
}

static void
expect_none(void)
{
	if (errs.n != 0)
		fail_msg("unexpected error %s: %s", errs.items[0].type,
		    errs.items[0].msg);
}

static void
test_verrs_json(void **state)
{
	struct sc_buf b;

	(void)state;
	sc_missing(&errs, "email");
	sc_verr_add(&errs, "query", "limit", "int_parsing", "x %d", 5);
	sc_verr_add(&errs, "body", NULL, "model_attributes_type", "m");
	sc_readonly(&errs, "created_at");
	sc_unknown(&errs,
	    sc_json_member(J("{\"a\\\"\\n\\u00e9\":1}"), "a\"\n\xc3\xa9"));
	sc_buf_init(&b);
	sc_verrs_json(&errs, &b);
	assert_string_equal(b.data,
	    "{\"detail\":["
	    "{\"loc\":[\"body\",\"email\"],\"msg\":\"Field required\","
	    "\"type\":\"missing\"},"
	    "{\"loc\":[\"query\",\"limit\"],\"msg\":\"x 5\","
	    "\"type\":\"int_parsing\"},"
	    "{\"loc\":[\"body\"],\"msg\":\"m\","
	    "\"type\":\"model_attributes_type\"},"
	    "{\"loc\":[\"body\",\"created_at\"],\"msg\":\"Field is read-only\","
	    "\"type\":\"readonly\"},"
	    "{\"loc\":[\"body\",\"a\\\"\\n\xc3\xa9\"],"
	    "\"msg\":\"Extra inputs are not permitted\","
	    "\"type\":\"extra_forbidden\"}"
	    "]}");
	sc_buf_free(&b);
	sc_verrs_free(&errs);
	sc_buf_init(&b);
	sc_verrs_json(&errs, &b);
	assert_string_equal(b.data, "{\"detail\":[]}");
	sc_buf_free(&b);
	sc_verrs_free(NULL);
}

/* User text in messages (e.g. enum values, patterns) is escaped. */
static void
test_verrs_escaping(void **state)
{
	struct sc_buf b;
	struct sc_json_doc d;
	char err[128];

	(void)state;
	sc_verr_add(
	    &errs, "body", "f\x01", "t", "quote \" backslash \\ %s", "\xff");
	sc_buf_init(&b);
	sc_verrs_json(&errs, &b);
	assert_string_equal(b.data,
	    "{\"detail\":[{\"loc\":[\"body\",\"f\\u0001\"],"
	    "\"msg\":\"quote \\\" backslash \\\\ \xef\xbf\xbd\","
	    "\"type\":\"t\"}]}");
	assert_int_equal(
	    sc_json_parse(&d, b.data, b.len, err, sizeof(err)), SC_JSON_OK);
	sc_json_doc_free(&d);
	sc_buf_free(&b);
	sc_verrs_free(&errs);
}

static void
test_verrs_cap(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < 1000; i++)
		sc_missing(&errs, "x");
	assert_int_equal(errs.n, 100);
	sc_verrs_free(&errs);
}

static void
test_int32(void **state)
{
	struct sc_field_rules r = { .name = "n" };
	int32_t v;
	bool isnull;

	(void)state;
	assert_int_equal(sc_decode_int32(J("42"), &r, &errs, &v, &isnull), 0);
	assert_int_equal(v, 42);
	assert_false(isnull);
	assert_int_equal(
	    sc_decode_int32(J("-2147483648"), &r, &errs, &v, NULL), 0);
	assert_true(v == INT32_MIN);
	assert_int_equal(
	    sc_decode_int32(J("2147483647"), &r, &errs, &v, NULL), 0);
	assert_true(v == INT32_MAX);
	/* Integral values written with a fraction or exponent. */
	assert_int_equal(sc_decode_int32(J("3.0"), &r, &errs, &v, NULL), 0);
	assert_int_equal(v, 3);
	assert_int_equal(sc_decode_int32(J("1e3"), &r, &errs, &v, NULL), 0);
	assert_int_equal(v, 1000);
	expect_none();

	assert_int_equal(
	    sc_decode_int32(J("2147483648"), &r, &errs, &v, NULL), -1);
	expect1("body", "n", "less_than_equal",
	    "Input should be less than or equal to 2147483647");
	assert_int_equal(
	    sc_decode_int32(J("-2147483649"), &r, &errs, &v, NULL), -1);
	expect1("body", "n", "greater_than_equal",
	    "Input should be greater than or equal to -2147483648");
	assert_int_equal(sc_decode_int32(J("1e400"), &r, &errs, &v, NULL), -1);
	expect1("body", "n", "less_than_equal",
	    "Input should be less than or equal to 2147483647");
	assert_int_equal(
	    sc_decode_int32(J("-99999999999999999999999"), &r, &errs, &v, NULL),
	    -1);
	expect1("body", "n", "greater_than_equal",
	    "Input should be greater than or equal to -2147483648");
	assert_int_equal(sc_decode_int32(J("1.5"), &r, &errs, &v, NULL), -1);
	expect1("body", "n", "int_from_float",
	    "Input should be a valid integer, got a number with a fractional "
	    "part");
	assert_int_equal(sc_decode_int32(J("\"5\""), &r, &errs, &v, NULL), -1);
	expect1("body", "n", "int_type", "Input should be a valid integer");
	assert_int_equal(sc_decode_int32(J("true"), &r, &errs, &v, NULL), -1);
	expect1("body", "n", "int_type", "Input should be a valid integer");
	assert_int_equal(sc_decode_int32(J("[1]"), &r, &errs, &v, NULL), -1);
	expect1("body", "n", "int_type", "Input should be a valid integer");
	/* null on a non-nullable field: the type's error */
	assert_int_equal(
	    sc_decode_int32(J("null"), &r, &errs, &v, &isnull), -1);
	expect1("body", "n", "int_type", "Input should be a valid integer");
	r.nullable = true;
	assert_int_equal(sc_decode_int32(J("null"), &r, &errs, &v, &isnull), 0);
	assert_true(isnull);
	assert_int_equal(v, 0);
	expect_none();
}

static void
test_int_ranges(void **state)
{
	struct sc_field_rules r = { .name = "age",
		.has_min = true,
		.min = 0,
		.has_max = true,
		.max = 150 };
	struct sc_field_rules h = { .name = "h",
		.has_min = true,
		.min = 0.5,
		.has_max = true,
		.max = 1e30 };
	int16_t s;
	int64_t l;

	(void)state;
	assert_int_equal(sc_decode_int16(J("0"), &r, &errs, &s, NULL), 0);
	assert_int_equal(sc_decode_int16(J("150"), &r, &errs, &s, NULL), 0);
	assert_int_equal(s, 150);
	expect_none();
	assert_int_equal(sc_decode_int16(J("-1"), &r, &errs, &s, NULL), -1);
	expect1("body", "age", "greater_than_equal",
	    "Input should be greater than or equal to 0");
	assert_int_equal(sc_decode_int16(J("151"), &r, &errs, &s, NULL), -1);
	expect1("body", "age", "less_than_equal",
	    "Input should be less than or equal to 150");
	/* A fractional rule bound: the message shows it as written. */
	assert_int_equal(sc_decode_int16(J("0"), &h, &errs, &s, NULL), -1);
	expect1("body", "h", "greater_than_equal",
	    "Input should be greater than or equal to 0.5");
	assert_int_equal(sc_decode_int16(J("1"), &h, &errs, &s, NULL), 0);
	/* A rule wider than the type: the type's limit applies. */
	assert_int_equal(sc_decode_int16(J("32768"), &h, &errs, &s, NULL), -1);
	expect1("body", "h", "less_than_equal",
	    "Input should be less than or equal to 32767");
	/* int16 and int64 limits */
	r.has_min = r.has_max = false;
	assert_int_equal(sc_decode_int16(J("-32769"), &r, &errs, &s, NULL), -1);
	expect1("body", "age", "greater_than_equal",
	    "Input should be greater than or equal to -32768");
	assert_int_equal(
	    sc_decode_int64(J("9223372036854775807"), &r, &errs, &l, NULL), 0);
	assert_true(l == INT64_MAX);
	assert_int_equal(
	    sc_decode_int64(J("-9223372036854775808"), &r, &errs, &l, NULL), 0);
	assert_true(l == INT64_MIN);
	expect_none();
	assert_int_equal(
	    sc_decode_int64(J("9223372036854775808"), &r, &errs, &l, NULL), -1);
	expect1("body", "age", "less_than_equal",
	    "Input should be less than or equal to 9223372036854775807");
	assert_int_equal(
	    sc_decode_int64(J("-9223372036854775809"), &r, &errs, &l, NULL),
	    -1);
	expect1("body", "age", "greater_than_equal",
	    "Input should be greater than or equal to -9223372036854775808");
}

static void
test_double(void **state)
{
	struct sc_field_rules r = {
		.name = "price", .has_min = true, .min = 0
	};
	double d;
	bool isnull;

	(void)state;
	assert_int_equal(
	    sc_decode_double(J("1.25"), &r, &errs, &d, &isnull), 0);
	assert_true(d == 1.25);
	assert_int_equal(sc_decode_double(J("3"), &r, &errs, &d, NULL), 0);
	assert_true(d == 3.0);
	assert_int_equal(sc_decode_double(J("0"), &r, &errs, &d, NULL), 0);
	expect_none();
	assert_int_equal(sc_decode_double(J("-0.01"), &r, &errs, &d, NULL), -1);
	expect1("body", "price", "greater_than_equal",
	    "Input should be greater than or equal to 0");
	r.has_max = true;
	r.max = 99.99;
	assert_int_equal(sc_decode_double(J("100"), &r, &errs, &d, NULL), -1);
	expect1("body", "price", "less_than_equal",
	    "Input should be less than or equal to 99.99");
	assert_int_equal(sc_decode_double(J("1e999"), &r, &errs, &d, NULL), -1);
	expect1("body", "price", "finite_number",
	    "Input should be a finite number");
	assert_int_equal(
	    sc_decode_double(J("\"1.5\""), &r, &errs, &d, NULL), -1);
	expect1(
	    "body", "price", "float_type", "Input should be a valid number");
	assert_int_equal(sc_decode_double(J("null"), &r, &errs, &d, NULL), -1);
	expect1(
	    "body", "price", "float_type", "Input should be a valid number");
	r.nullable = true;
	assert_int_equal(
	    sc_decode_double(J("null"), &r, &errs, &d, &isnull), 0);
	assert_true(isnull);
}

static void
test_bool(void **state)
{
	struct sc_field_rules r = { .name = "is_active" };
	bool b, isnull;

	(void)state;
	assert_int_equal(sc_decode_bool(J("true"), &r, &errs, &b, &isnull), 0);
	assert_true(b);
	assert_int_equal(sc_decode_bool(J("false"), &r, &errs, &b, &isnull), 0);
	assert_false(b);
	expect_none();
	assert_int_equal(sc_decode_bool(J("1"), &r, &errs, &b, NULL), -1);
	expect1("body", "is_active", "bool_type",
	    "Input should be a valid boolean");
	assert_int_equal(
	    sc_decode_bool(J("\"true\""), &r, &errs, &b, NULL), -1);
	expect1("body", "is_active", "bool_type",
	    "Input should be a valid boolean");
	assert_int_equal(sc_decode_bool(J("null"), &r, &errs, &b, NULL), -1);
	expect1("body", "is_active", "bool_type",
	    "Input should be a valid boolean");
	r.nullable = true;
	assert_int_equal(sc_decode_bool(J("null"), &r, &errs, &b, &isnull), 0);
	assert_true(isnull);
}

static void
test_string_lengths(void **state)
{
	struct sc_field_rules r = {
		.name = "username", .min_length = 3, .max_length = 5
	};
	char *s;

	(void)state;
	assert_int_equal(sc_decode_string(J("\"abc\""), &r, &errs, &s), 0);
	assert_string_equal(s, "abc");
	free(s);
	/* Code points, not bytes: 5 characters, 10 bytes. */
	assert_int_equal(sc_decode_string(J("\"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
					    "\xc3\xa9\""),
			     &r, &errs, &s),
	    0);
	free(s);
	/* 3 characters, 12 bytes (emoji from a surrogate pair). */
	assert_int_equal(sc_decode_string(J("\"\\ud83d\\ude00\xf0\x9f\x98\x80"
					    "\xf0\x9f\x98\x80\""),
			     &r, &errs, &s),
	    0);
	free(s);
	expect_none();
	assert_int_equal(sc_decode_string(J("\"ab\""), &r, &errs, &s), -1);
	assert_null(s);
	expect1("body", "username", "string_too_short",
	    "String should have at least 3 characters");
	assert_int_equal(sc_decode_string(J("\"abcdef\""), &r, &errs, &s), -1);
	expect1("body", "username", "string_too_long",
	    "String should have at most 5 characters");
	assert_int_equal(sc_decode_string(J("\"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
					    "\xc3\xa9\xc3\xa9\""),
			     &r, &errs, &s),
	    -1);
	expect1("body", "username", "string_too_long",
	    "String should have at most 5 characters");
	r.min_length = 1;
	r.max_length = 1;
	assert_int_equal(sc_decode_string(J("\"\""), &r, &errs, &s), -1);
	expect1("body", "username", "string_too_short",
	    "String should have at least 1 character");
	assert_int_equal(sc_decode_string(J("\"ab\""), &r, &errs, &s), -1);
	expect1("body", "username", "string_too_long",
	    "String should have at most 1 character");
}

static void
test_string_types(void **state)
{
	struct sc_field_rules r = { .name = "full_name" };
	char *s;

	(void)state;
	assert_int_equal(sc_decode_string(J("\"\""), &r, &errs, &s), 0);
	assert_string_equal(s, "");
	free(s);
	assert_int_equal(sc_decode_string(J("12"), &r, &errs, &s), -1);
	expect1("body", "full_name", "string_type",
	    "Input should be a valid string");
	assert_int_equal(sc_decode_string(J("{}"), &r, &errs, &s), -1);
	expect1("body", "full_name", "string_type",
	    "Input should be a valid string");
	assert_int_equal(sc_decode_string(J("null"), &r, &errs, &s), -1);
	expect1("body", "full_name", "string_type",
	    "Input should be a valid string");
	assert_int_equal(
	    sc_decode_string(J("\"a\\u0000b\""), &r, &errs, &s), -1);
	expect1("body", "full_name", "string_type",
	    "Input should be a valid string, without NUL characters");
	r.nullable = true;
	s = (char *)1;
	assert_int_equal(sc_decode_string(J("null"), &r, &errs, &s), 0);
	assert_null(s);
	expect_none();
}

static void
test_email(void **state)
{
	static const char *good[] = { "a@b.co",
		"first.last+tag@sub.example.org", "x_y-z@a-b.example",
		"o'brien@example.ie",
		"\xc3\xa9l\xc3\xa8ve@\xc3\xa9"
		"cole.fr",
		"1@2.3", NULL };
	static const struct {
		const char *in, *why;
	} badmail[] = {
		{ "plainaddress", "An email address must have an @-sign." },
		{ "@example.com",
		    "There must be something before the @-sign." },
		{ "a@", "There must be something after the @-sign." },
		{ "a@b@c.com",
		    "The part after the @-sign contains invalid characters: "
		    "'@'." },
		{ "a b@c.com",
		    "The email address contains invalid characters: spaces or "
		    "control characters." },
		{ "ab@c.com ", NULL },
		{ "a@localhost",
		    "The part after the @-sign is not valid. It should have a "
		    "period." },
		{ ".a@b.com", "An email address cannot start with a period." },
		{ "a.@b.com",
		    "An email address cannot have a period immediately before "
		    "the @-sign." },
		{ "a..b@c.com",
		    "An email address cannot have two periods in a "
		    "row." },
		{ "a@.b.com",
		    "An email address cannot have a period immediately after "
		    "the @-sign." },
		{ "a@b.com.", "An email address cannot end with a period." },
		{ "a@b..com",
		    "An email address cannot have two periods in a "
		    "row." },
		{ "a@-b.com", NULL },
		{ "a@b-.com", NULL },
		{ "a@b.com-", NULL },
		{ "a@b_c.com",
		    "The part after the @-sign contains invalid characters." },
		{ "a(b)@c.com",
		    "The email address contains invalid characters "
		    "before the @-sign." },
		{ "\"a\"@c.com", NULL },
		{ NULL, NULL },
	};
	struct sc_field_rules r = {
		.name = "email", .max_length = 255, .email = true
	};
	char *s, lit[300], want[300];
	size_t i;

	(void)state;
	for (i = 0; good[i] != NULL; i++) {
		snprintf(lit, sizeof(lit), "\"%s\"", good[i]);
		if (sc_decode_string(J(lit), &r, &errs, &s) != 0)
			fail_msg("%s: %s", good[i], errs.items[0].msg);
		assert_string_equal(s, good[i]);
		free(s);
	}
	for (i = 0; badmail[i].in != NULL; i++) {
		snprintf(lit, sizeof(lit), "\"%s\"", badmail[i].in);
		if (badmail[i].in[0] == '"')
			snprintf(lit, sizeof(lit), "\"\\\"a\\\"@c.com\"");
		if (sc_decode_string(J(lit), &r, &errs, &s) != -1)
			fail_msg("%s accepted", badmail[i].in);
		assert_null(s);
		assert_int_equal(errs.n, 1);
		assert_string_equal(errs.items[0].type, "value_error");
		if (badmail[i].why != NULL) {
			snprintf(want, sizeof(want),
			    "value is not a valid email address: %s",
			    badmail[i].why);
			assert_string_equal(errs.items[0].msg, want);
		} else
			assert_non_null(strstr(errs.items[0].msg,
			    "value is not a valid email address: "));
		sc_verrs_free(&errs);
	}
	/* Too long local part (65) */
	memset(lit, 'a', sizeof(lit));
	lit[0] = '"';
	memcpy(lit + 66, "@b.com\"", 8);
	assert_int_equal(sc_decode_string(J(lit), &r, &errs, &s), -1);
	expect1("body", "email", "value_error",
	    "value is not a valid email address: The email address is too "
	    "long before the @-sign.");
}

static void
test_pattern(void **state)
{
	struct sc_field_rules r = { .name = "code",
		.pattern = "^[A-Z]{2}[0-9]+$" };
	regex_t re;
	char *s;
	int pass;

	(void)state;
	assert_int_equal(regcomp(&re, r.pattern, REG_EXTENDED | REG_NOSUB), 0);
	/* Once compiled by the caller, once compiled on the fly. */
	for (pass = 0; pass < 2; pass++) {
		r.regex = pass == 0 ? &re : NULL;
		assert_int_equal(
		    sc_decode_string(J("\"AB12\""), &r, &errs, &s), 0);
		free(s);
		expect_none();
		assert_int_equal(
		    sc_decode_string(J("\"ab12\""), &r, &errs, &s), -1);
		expect1("body", "code", "string_pattern_mismatch",
		    "String should match pattern '^[A-Z]{2}[0-9]+$'");
		assert_int_equal(
		    sc_decode_string(J("\"AB12\\n\""), &r, &errs, &s), -1);
		sc_verrs_free(&errs);
	}
	regfree(&re);
	/* Unanchored patterns match anywhere (as pydantic's search). */
	r.pattern = "[0-9]";
	r.regex = NULL;
	assert_int_equal(sc_decode_string(J("\"ab1c\""), &r, &errs, &s), 0);
	free(s);
	/* Lengths are checked before the pattern. */
	r.max_length = 2;
	assert_int_equal(sc_decode_string(J("\"abc\""), &r, &errs, &s), -1);
	expect1("body", "code", "string_too_long",
	    "String should have at most 2 characters");
}

static void
test_enum(void **state)
{
	static const char *const roles[] = { "member", "admin", NULL };
	static const char *const three[] = { "a", "b", "c", NULL };
	static const char *const one[] = { "only", NULL };
	struct sc_field_rules r = { .name = "role", .enum_values = roles };
	char *s;

	(void)state;
	assert_int_equal(sc_decode_enum(J("\"admin\""), &r, &errs, &s), 0);
	assert_string_equal(s, "admin");
	free(s);
	expect_none();
	assert_int_equal(sc_decode_enum(J("\"Admin\""), &r, &errs, &s), -1);
	expect1("body", "role", "enum", "Input should be 'member' or 'admin'");
	assert_int_equal(sc_decode_enum(J("\"admin \""), &r, &errs, &s), -1);
	sc_verrs_free(&errs);
	assert_int_equal(sc_decode_enum(J("1"), &r, &errs, &s), -1);
	expect1("body", "role", "enum", "Input should be 'member' or 'admin'");
	assert_int_equal(sc_decode_enum(J("null"), &r, &errs, &s), -1);
	expect1("body", "role", "enum", "Input should be 'member' or 'admin'");
	r.enum_values = three;
	assert_int_equal(sc_decode_enum(J("\"d\""), &r, &errs, &s), -1);
	expect1("body", "role", "enum", "Input should be 'a', 'b' or 'c'");
	r.enum_values = one;
	assert_int_equal(sc_decode_enum(J("\"d\""), &r, &errs, &s), -1);
	expect1("body", "role", "enum", "Input should be 'only'");
	r.nullable = true;
	assert_int_equal(sc_decode_enum(J("null"), &r, &errs, &s), 0);
	assert_null(s);
}

static void
test_numeric(void **state)
{
	static const struct {
		const char *lit, *text;
	} good[] = {
		{ "12.5", "12.5" },
		{ "\"12.50\"", "12.50" },
		{ "-0.01", "-0.01" },
		{ "\"+1\"", "+1" },
		{ "\".5\"", ".5" },
		{ "\"5.\"", "5." },
		{ "1e2", "1e2" },
		{ "\"0.00\"", "0.00" },
		{ "\"00012.5\"", "00012.5" },
		{ "\"1234567.89\"", "1234567.89" },
		{ "1234567.890000", "1234567.890000" },
		{ NULL, NULL },
	};
	struct sc_field_rules r = {
		.name = "amount", .precision = 9, .scale = 2
	};
	char *s;
	size_t i;

	(void)state;
	for (i = 0; good[i].lit != NULL; i++) {
		if (sc_decode_numeric(J(good[i].lit), &r, &errs, &s) != 0)
			fail_msg("%s: %s", good[i].lit, errs.items[0].msg);
		assert_string_equal(s, good[i].text);
		free(s);
	}
	assert_int_equal(sc_decode_numeric(J("\"NaN\""), &r, &errs, &s), -1);
	assert_null(s);
	expect1("body", "amount", "decimal_parsing",
	    "Input should be a valid decimal");
	assert_int_equal(
	    sc_decode_numeric(J("\"Infinity\""), &r, &errs, &s), -1);
	expect1("body", "amount", "decimal_parsing",
	    "Input should be a valid decimal");
	assert_int_equal(sc_decode_numeric(J("\" 1\""), &r, &errs, &s), -1);
	expect1("body", "amount", "decimal_parsing",
	    "Input should be a valid decimal");
	assert_int_equal(sc_decode_numeric(J("\"1e\""), &r, &errs, &s), -1);
	sc_verrs_free(&errs);
	assert_int_equal(sc_decode_numeric(J("\"\""), &r, &errs, &s), -1);
	sc_verrs_free(&errs);
	assert_int_equal(sc_decode_numeric(J("\".\""), &r, &errs, &s), -1);
	sc_verrs_free(&errs);
	assert_int_equal(sc_decode_numeric(J("\"0x10\""), &r, &errs, &s), -1);
	sc_verrs_free(&errs);
	assert_int_equal(sc_decode_numeric(J("true"), &r, &errs, &s), -1);
	expect1("body", "amount", "decimal_type",
	    "Decimal input should be an integer, float, string or Decimal "
	    "object");
	assert_int_equal(sc_decode_numeric(J("null"), &r, &errs, &s), -1);
	expect1("body", "amount", "decimal_type",
	    "Decimal input should be an integer, float, string or Decimal "
	    "object");
	/* numeric(9,2): 10 digits, 3 places, 8 whole digits */
	assert_int_equal(
	    sc_decode_numeric(J("12345678.91"), &r, &errs, &s), -1);
	expect1("body", "amount", "decimal_max_digits",
	    "Decimal input should have no more than 9 digits in total");
	assert_int_equal(sc_decode_numeric(J("1.234"), &r, &errs, &s), -1);
	expect1("body", "amount", "decimal_max_places",
	    "Decimal input should have no more than 2 decimal places");
	assert_int_equal(sc_decode_numeric(J("12345678"), &r, &errs, &s), -1);
	expect1("body", "amount", "decimal_whole_digits",
	    "Decimal input should have no more than 7 digits before the "
	    "decimal point");
	assert_int_equal(sc_decode_numeric(J("1e7"), &r, &errs, &s), -1);
	expect1("body", "amount", "decimal_whole_digits",
	    "Decimal input should have no more than 7 digits before the "
	    "decimal point");
	assert_int_equal(sc_decode_numeric(J("1e6"), &r, &errs, &s), 0);
	free(s);
	assert_int_equal(sc_decode_numeric(J("\"0.001e1\""), &r, &errs, &s), 0);
	free(s);
	assert_int_equal(sc_decode_numeric(J("1e-3"), &r, &errs, &s), -1);
	expect1("body", "amount", "decimal_max_places",
	    "Decimal input should have no more than 2 decimal places");
	r.precision = 1;
	r.scale = 1;
	assert_int_equal(sc_decode_numeric(J("0.5"), &r, &errs, &s), 0);
	free(s);
	assert_int_equal(sc_decode_numeric(J("0"), &r, &errs, &s), 0);
	free(s);
	assert_int_equal(sc_decode_numeric(J("1"), &r, &errs, &s), -1);
	expect1("body", "amount", "decimal_whole_digits",
	    "Decimal input should have no more than 0 digits before the "
	    "decimal point");
	assert_int_equal(sc_decode_numeric(J("0.55"), &r, &errs, &s), -1);
	expect1("body", "amount", "decimal_max_digits",
	    "Decimal input should have no more than 1 digit in total");
	/* Unconstrained: PostgreSQL's own limits, without overflow. */
	r.precision = 0;
	r.scale = 0;
	assert_int_equal(sc_decode_numeric(J("1e131071"), &r, &errs, &s), 0);
	free(s);
	assert_int_equal(
	    sc_decode_numeric(J("1e999999999999999999"), &r, &errs, &s), -1);
	expect1("body", "amount", "decimal_whole_digits",
	    "Decimal input should have no more than 131072 digits before the "
	    "decimal point");
	assert_int_equal(sc_decode_numeric(J("1e-99999"), &r, &errs, &s), -1);
	expect1("body", "amount", "decimal_max_places",
	    "Decimal input should have no more than 16383 decimal places");
	r.nullable = true;
	assert_int_equal(sc_decode_numeric(J("null"), &r, &errs, &s), 0);
	assert_null(s);
	expect_none();
}

static void
test_numeric_bounds(void **state)
{
	struct sc_field_rules r = {
		.name = "x", .min_text = "-1.5", .max_text = "100"
	};
	char *s;

	(void)state;
	assert_int_equal(sc_decode_numeric(J("-1.5"), &r, &errs, &s), 0);
	free(s);
	assert_int_equal(sc_decode_numeric(J("\"100.000\""), &r, &errs, &s), 0);
	free(s);
	assert_int_equal(sc_decode_numeric(J("\"0\""), &r, &errs, &s), 0);
	free(s);
	assert_int_equal(sc_decode_numeric(J("\"-0.0\""), &r, &errs, &s), 0);
	free(s);
	expect_none();
	assert_int_equal(sc_decode_numeric(J("-1.50001"), &r, &errs, &s), -1);
	expect1("body", "x", "greater_than_equal",
	    "Input should be greater than or equal to -1.5");
	assert_int_equal(sc_decode_numeric(J("-2"), &r, &errs, &s), -1);
	sc_verrs_free(&errs);
	assert_int_equal(
	    sc_decode_numeric(J("\"100.0000001\""), &r, &errs, &s), -1);
	expect1("body", "x", "less_than_equal",
	    "Input should be less than or equal to 100");
	assert_int_equal(sc_decode_numeric(J("1e3"), &r, &errs, &s), -1);
	sc_verrs_free(&errs);
	/* Bounds given as doubles. */
	r.min_text = r.max_text = NULL;
	r.has_min = true;
	r.min = 0;
	assert_int_equal(sc_decode_numeric(J("-0.001"), &r, &errs, &s), -1);
	expect1("body", "x", "greater_than_equal",
	    "Input should be greater than or equal to 0");
	assert_int_equal(sc_decode_numeric(J("0.001"), &r, &errs, &s), 0);
	free(s);
}

static void
test_date(void **state)
{
	static const char *good[] = { "2024-02-29", "2000-02-29", "0001-01-01",
		"9999-12-31", "2023-12-31", NULL };
	static const struct {
		const char *in, *why;
	} baddate[] = {
		{ "2023-02-29", "day value is outside expected range" },
		{ "1900-02-29", "day value is outside expected range" },
		{ "2023-04-31", "day value is outside expected range" },
		{ "2023-13-01", "month value is outside expected range" },
		{ "2023-00-01", "month value is outside expected range" },
		{ "2023-01-00", "day value is outside expected range" },
		{ "0000-01-01", "year value is outside expected range" },
		{ "2023-1-010", "invalid character in month" },
		{ "2023/01/01", "invalid date separator, expected `-`" },
		{ "23-01-01", "input is too short" },
		{ "", "input is too short" },
		{ "2023-01-01T00:00:00",
		    "unexpected extra characters at the end of the input" },
		{ "2023-01-01 ",
		    "unexpected extra characters at the end of the input" },
		{ "abcd-01-01", "invalid character in year" },
		{ "2023-01-0x", "invalid character in day" },
		{ NULL, NULL },
	};
	struct sc_field_rules r = { .name = "born" };
	char *s, lit[64], want[200];
	size_t i;

	(void)state;
	for (i = 0; good[i] != NULL; i++) {
		snprintf(lit, sizeof(lit), "\"%s\"", good[i]);
		if (sc_decode_date(J(lit), &r, &errs, &s) != 0)
			fail_msg("%s: %s", good[i], errs.items[0].msg);
		assert_string_equal(s, good[i]);
		free(s);
	}
	for (i = 0; baddate[i].in != NULL; i++) {
		snprintf(lit, sizeof(lit), "\"%s\"", baddate[i].in);
		if (sc_decode_date(J(lit), &r, &errs, &s) != -1)
			fail_msg("%s accepted", baddate[i].in);
		snprintf(want, sizeof(want),
		    "Input should be a valid date in the format YYYY-MM-DD, %s",
		    baddate[i].why);
		expect1("body", "born", "date_parsing", want);
	}
	assert_int_equal(sc_decode_date(J("20240101"), &r, &errs, &s), -1);
	expect1("body", "born", "date_type", "Input should be a valid date");
	assert_int_equal(sc_decode_date(J("null"), &r, &errs, &s), -1);
	expect1("body", "born", "date_type", "Input should be a valid date");
}

static void
test_datetime(void **state)
{
	static const struct {
		const char *in, *out;
	} goodtz[] = {
		{ "2024-02-29T23:59:59Z", "2024-02-29T23:59:59Z" },
		{ "2024-02-29t23:59:59z", "2024-02-29T23:59:59Z" },
		{ "2024-01-01 10:00+02:00", "2024-01-01 10:00+02:00" },
		{ "2024-01-01T10:00:00.123456-05:30",
		    "2024-01-01T10:00:00.123456-05:30" },
		{ "2024-01-01T10:00:00.1+0530", "2024-01-01T10:00:00.1+0530" },
		{ "2024-01-01T10:00:00+05", "2024-01-01T10:00:00+05" },
		{ NULL, NULL },
	};
	static const struct {
		const char *in, *why;
	} bad[] = {
		{ "2024-01-01T24:00:00Z",
		    "hour value is outside expected range" },
		{ "2024-01-01T23:60:00Z",
		    "minute value is outside expected range" },
		{ "2024-01-01T23:59:60Z",
		    "second value is outside expected range" },
		{ "2023-02-29T00:00:00Z",
		    "day value is outside expected range" },
		{ "2024-01-01X00:00:00Z",
		    "invalid datetime separator, expected `T`, `t` or space" },
		{ "2024-01-01T00:00:00.1234567Z",
		    "second fraction value is more than 6 digits long" },
		{ "2024-01-01T00:00:00.Z",
		    "invalid character in second "
		    "fraction" },
		{ "2024-01-01T00:00:00+24:00",
		    "timezone offset must be less than 24 hours" },
		{ "2024-01-01T00:00:00+1", "invalid timezone hour" },
		{ "2024-01-01T00:00:00 UTC", "invalid timezone sign" },
		{ "2024-01-01T00:00:00Zjunk",
		    "unexpected extra characters at the end of the input" },
		{ "2024-01-01T0:00:00Z", "invalid character in hour" },
		{ "2024-01-01T00-00:00Z",
		    "invalid time separator, expected `:`" },
		{ "2024-01-01", "input is too short" },
		{ "2024-01-01T00", "input is too short" },
		{ NULL, NULL },
	};
	struct sc_field_rules r = { .name = "at" };
	char *s, lit[64], want[200];
	size_t i;

	(void)state;
	for (i = 0; goodtz[i].in != NULL; i++) {
		snprintf(lit, sizeof(lit), "\"%s\"", goodtz[i].in);
		if (sc_decode_timestamptz(J(lit), &r, &errs, &s) != 0)
			fail_msg("%s: %s", goodtz[i].in, errs.items[0].msg);
		assert_string_equal(s, goodtz[i].out);
		free(s);
	}
	for (i = 0; bad[i].in != NULL; i++) {
		snprintf(lit, sizeof(lit), "\"%s\"", bad[i].in);
		if (sc_decode_timestamptz(J(lit), &r, &errs, &s) != -1)
			fail_msg("%s accepted", bad[i].in);
		snprintf(want, sizeof(want),
		    "Input should be a valid datetime, %s", bad[i].why);
		expect1("body", "at", "datetime_parsing", want);
	}
	assert_int_equal(
	    sc_decode_timestamptz(J("\"2024-01-01T10:00:00\""), &r, &errs, &s),
	    -1);
	expect1(
	    "body", "at", "timezone_aware", "Input should have timezone info");
	assert_int_equal(
	    sc_decode_timestamp(J("\"2024-01-01T10:00:00\""), &r, &errs, &s),
	    0);
	assert_string_equal(s, "2024-01-01T10:00:00");
	free(s);
	assert_int_equal(
	    sc_decode_timestamp(J("\"2024-01-01 10:00\""), &r, &errs, &s), 0);
	free(s);
	assert_int_equal(
	    sc_decode_timestamp(J("\"2024-01-01T10:00:00Z\""), &r, &errs, &s),
	    -1);
	expect1("body", "at", "timezone_naive",
	    "Input should not have timezone info");
	assert_int_equal(
	    sc_decode_timestamp(J("1700000000"), &r, &errs, &s), -1);
	expect1(
	    "body", "at", "datetime_type", "Input should be a valid datetime");
	assert_int_equal(sc_decode_timestamptz(J("null"), &r, &errs, &s), -1);
	expect1(
	    "body", "at", "datetime_type", "Input should be a valid datetime");
	r.nullable = true;
	assert_int_equal(sc_decode_timestamptz(J("null"), &r, &errs, &s), 0);
	assert_null(s);
}

static void
test_uuid(void **state)
{
	struct sc_field_rules r = { .name = "id" };
	char *s;

	(void)state;
	assert_int_equal(sc_decode_uuid(J("\"123E4567-E89B-12D3-A456-"
					  "426614174000\""),
			     &r, &errs, &s),
	    0);
	assert_string_equal(s, "123e4567-e89b-12d3-a456-426614174000");
	free(s);
	assert_int_equal(
	    sc_decode_uuid(
		J("\"123e4567e89b12d3a456426614174000\""), &r, &errs, &s),
	    0);
	assert_string_equal(s, "123e4567-e89b-12d3-a456-426614174000");
	free(s);
	expect_none();
	assert_int_equal(
	    sc_decode_uuid(J("\"123e4567-e89b-12d3-a456\""), &r, &errs, &s),
	    -1);
	expect1("body", "id", "uuid_parsing",
	    "Input should be a valid UUID, invalid length: expected length 32 "
	    "for simple format or 36 for hyphenated format, found 23");
	assert_int_equal(sc_decode_uuid(J("\"123e4567-e89b-12d3-a456-"
					  "42661417400g\""),
			     &r, &errs, &s),
	    -1);
	expect1("body", "id", "uuid_parsing",
	    "Input should be a valid UUID, invalid character at position 35");
	assert_int_equal(sc_decode_uuid(J("\"123e4567e-89b-12d3-a456-"
					  "426614174000\""),
			     &r, &errs, &s),
	    -1);
	expect1("body", "id", "uuid_parsing",
	    "Input should be a valid UUID, invalid character at position 8");
	assert_int_equal(sc_decode_uuid(J("5"), &r, &errs, &s), -1);
	expect1("body", "id", "uuid_type",
	    "UUID input should be a string, bytes or UUID object");
}

static void
test_jsonval(void **state)
{
	struct sc_field_rules r = { .name = "meta" };
	char *s;

	(void)state;
	assert_int_equal(sc_decode_jsonval(J(" { \"a\" : [ 1 , 2.50 ] ,"
					     "\"b\":\"\\u00e9\\n\" } "),
			     &r, &errs, &s),
	    0);
	assert_string_equal(s, "{\"a\":[1,2.50],\"b\":\"\xc3\xa9\\n\"}");
	free(s);
	assert_int_equal(sc_decode_jsonval(J("\"x\""), &r, &errs, &s), 0);
	assert_string_equal(s, "\"x\"");
	free(s);
	/* null: SQL NULL when nullable, else the JSON value null */
	assert_int_equal(sc_decode_jsonval(J("null"), &r, &errs, &s), 0);
	assert_string_equal(s, "null");
	free(s);
	expect_none();
	assert_int_equal(
	    sc_decode_jsonval(J("{\"a\":[\"\\u0000\"]}"), &r, &errs, &s), -1);
	assert_null(s);
	expect1("body", "meta", "value_error",
	    "Value error, JSON strings must not contain \\u0000");
	assert_int_equal(
	    sc_decode_jsonval(J("{\"\\u0000\":1}"), &r, &errs, &s), -1);
	sc_verrs_free(&errs);
	r.nullable = true;
	assert_int_equal(sc_decode_jsonval(J("null"), &r, &errs, &s), 0);
	assert_null(s);
}

static void
test_query_int(void **state)
{
	static const char *badint[] = { "", "abc", "1.5", "1e3", " 1", "1 ",
		"0x10", "-", "+", "1-", NULL };
	int64_t v;
	size_t i;

	(void)state;
	assert_int_equal(sc_query_int64("limit", "10", 1, 1000, &errs, &v), 0);
	assert_int_equal(v, 10);
	assert_int_equal(sc_query_int64("limit", "+7", 1, 1000, &errs, &v), 0);
	assert_int_equal(v, 7);
	assert_int_equal(sc_query_int64("offset", "-9223372036854775808",
			     INT64_MIN, INT64_MAX, &errs, &v),
	    0);
	assert_true(v == INT64_MIN);
	expect_none();
	assert_int_equal(sc_query_int64("limit", "0", 1, 1000, &errs, &v), -1);
	expect1("query", "limit", "greater_than_equal",
	    "Input should be greater than or equal to 1");
	assert_int_equal(
	    sc_query_int64("limit", "1001", 1, 1000, &errs, &v), -1);
	expect1("query", "limit", "less_than_equal",
	    "Input should be less than or equal to 1000");
	assert_int_equal(sc_query_int64("limit", "99999999999999999999999", 1,
			     1000, &errs, &v),
	    -1);
	expect1("query", "limit", "less_than_equal",
	    "Input should be less than or equal to 1000");
	assert_int_equal(sc_query_int64("limit", "-99999999999999999999999", 1,
			     1000, &errs, &v),
	    -1);
	expect1("query", "limit", "greater_than_equal",
	    "Input should be greater than or equal to 1");
	for (i = 0; badint[i] != NULL; i++) {
		assert_int_equal(
		    sc_query_int64("limit", badint[i], 1, 1000, &errs, &v), -1);
		expect1("query", "limit", "int_parsing",
		    "Input should be a valid integer, unable to parse string "
		    "as "
		    "an integer");
	}
	assert_int_equal(
	    sc_param_int64("path", "id", "x", 1, 10, &errs, &v), -1);
	expect1("path", "id", "int_parsing",
	    "Input should be a valid integer, unable to parse string as an "
	    "integer");
	/* The int64 limits themselves, and one past them. */
	assert_int_equal(sc_param_int64("path", "id", "9223372036854775807",
			     INT64_MIN, INT64_MAX, &errs, &v),
	    0);
	assert_true(v == INT64_MAX);
	assert_int_equal(sc_param_int64("path", "id", "-9223372036854775807",
			     INT64_MIN, INT64_MAX, &errs, &v),
	    0);
	assert_true(v == -INT64_MAX);
	expect_none();
	assert_int_equal(sc_param_int64("path", "id", "9223372036854775808",
			     INT64_MIN, INT64_MAX, &errs, &v),
	    -1);
	expect1("path", "id", "less_than_equal",
	    "Input should be less than or equal to 9223372036854775807");
	assert_int_equal(sc_param_int64("path", "id", "-9223372036854775809",
			     INT64_MIN, INT64_MAX, &errs, &v),
	    -1);
	expect1("path", "id", "greater_than_equal",
	    "Input should be greater than or equal to -9223372036854775808");
	assert_int_equal(sc_param_int64("path", "id", "-2147483649", INT32_MIN,
			     INT32_MAX, &errs, &v),
	    -1);
	expect1("path", "id", "greater_than_equal",
	    "Input should be greater than or equal to -2147483648");
	/* Too many digits, then a non-digit: the syntax error wins. */
	assert_int_equal(sc_param_int64("path", "id",
			     "99999999999999999999999x", 1, 10, &errs, &v),
	    -1);
	expect1("path", "id", "int_parsing",
	    "Input should be a valid integer, unable to parse string as an "
	    "integer");
	assert_int_equal(
	    sc_param_int64("path", "id", "0007", 1, 10, &errs, &v), 0);
	assert_int_equal(v, 7);
	assert_int_equal(
	    sc_param_int64("path", "id", "-0", 0, 10, &errs, &v), 0);
	assert_int_equal(v, 0);
	expect_none();
}

static void
test_params(void **state)
{
	static const char *const roles[] = { "member", "admin", NULL };
	struct sc_field_rules r = { .name = "role", .enum_values = roles };
	struct sc_field_rules p = {
		.name = "price", .has_min = true, .min = 0
	};
	struct sc_field_rules u = { .name = "username", .max_length = 3 };
	bool b;
	double d;
	char *s;

	(void)state;
	assert_int_equal(sc_param_bool("query", "count", "TRUE", &errs, &b), 0);
	assert_true(b);
	assert_int_equal(sc_param_bool("query", "count", "0", &errs, &b), 0);
	assert_false(b);
	assert_int_equal(sc_param_bool("query", "count", "off", &errs, &b), 0);
	assert_false(b);
	expect_none();
	assert_int_equal(
	    sc_param_bool("query", "count", "maybe", &errs, &b), -1);
	expect1("query", "count", "bool_parsing",
	    "Input should be a valid boolean, unable to interpret input");
	assert_int_equal(sc_param_double("query", &p, "2.5", &errs, &d), 0);
	assert_true(d == 2.5);
	assert_int_equal(sc_param_double("query", &p, "nan", &errs, &d), -1);
	expect1("query", "price", "float_parsing",
	    "Input should be a valid number, unable to parse string as a "
	    "number");
	assert_int_equal(sc_param_double("query", &p, "1e999", &errs, &d), -1);
	expect1("query", "price", "finite_number",
	    "Input should be a finite number");
	assert_int_equal(sc_param_double("query", &p, "-1", &errs, &d), -1);
	expect1("query", "price", "greater_than_equal",
	    "Input should be greater than or equal to 0");
	assert_int_equal(
	    sc_param_textz("query", SC_TEXT_ENUM, &r, "admin", &errs, &s), 0);
	assert_string_equal(s, "admin");
	free(s);
	assert_int_equal(
	    sc_param_textz("query", SC_TEXT_ENUM, &r, "x", &errs, &s), -1);
	expect1("query", "role", "enum", "Input should be 'member' or 'admin'");
	assert_int_equal(
	    sc_param_textz("path", SC_TEXT_STRING, &u, "abcd", &errs, &s), -1);
	expect1("path", "username", "string_too_long",
	    "String should have at most 3 characters");
	assert_int_equal(
	    sc_param_textz("path", SC_TEXT_STRING, &u, "\xff", &errs, &s), -1);
	expect1("path", "username", "string_type",
	    "Input should be a valid string");
	assert_int_equal(sc_param_textz("query", SC_TEXT_UUID, &u,
			     "123E4567E89B12D3A456426614174000", &errs, &s),
	    0);
	assert_string_equal(s, "123e4567-e89b-12d3-a456-426614174000");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_verrs_json, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_verrs_escaping, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_verrs_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_int32, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_int_ranges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_double, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bool, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_string_lengths, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_string_types, setup, teardown),
		cmocka_unit_test_setup_teardown(test_email, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pattern, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enum, setup, teardown),
		cmocka_unit_test_setup_teardown(test_numeric, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_numeric_bounds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_date, setup, teardown),
		cmocka_unit_test_setup_teardown(test_datetime, setup, teardown),
		cmocka_unit_test_setup_teardown(test_uuid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_jsonval, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_query_int, setup, teardown),
		cmocka_unit_test_setup_teardown(test_params, setup, teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
