/*
 * runtime_model.c: unit tests of the table-driven model runtime
 * (sc_model.h): body decoding, JSON from structs and from result rows
 * (built in memory with libpq, no server), row decoding, patches as
 * parameters, path and query values, and list requests.
 */
#include <regex.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sc_model.h"

/*
 * A model as schemac would generate it, with a field of every kind the
 * runtime treats apart: Thing { id serial pk, code string pattern, qty
 * smallint default 1, score float nullable, ok bool, price numeric
 * nullable, kind enum, born date nullable, ref uuid unique, meta json
 * nullable, secret text writeonly, region string default, created_at
 * timestamptz readonly, big bigint nullable }.
 */
struct thing {
	int32_t id;
	char *code;
	int16_t qty;
	double score;
	bool score_is_null;
	bool ok;
	char *price;
	char *kind;
	char *born;
	char *ref;
	char *meta;
	char *secret;
	char *region;
	char *created_at;
	int64_t big;
	bool big_is_null;
};

struct thing_patch {
	bool code_set;
	char *code;
	bool qty_set;
	int16_t qty;
	bool score_set;
	double score;
	bool score_is_null;
	bool ok_set;
	bool ok;
	bool price_set;
	char *price;
	bool kind_set;
	char *kind;
	bool born_set;
	char *born;
	bool ref_set;
	char *ref;
	bool meta_set;
	char *meta;
	bool secret_set;
	char *secret;
	bool region_set;
	char *region;
	bool big_set;
	int64_t big;
	bool big_is_null;
};

static const char *const thing_kind_values[] = { "a", "b", NULL };
static regex_t thing_code_regex;
static bool thing_patterns_ready;

static const char *const thing_columns[] = { "id", "code", "qty", "score", "ok",
	"price", "kind", "born", "ref", "meta", "secret", "region",
	"created_at", "big", NULL };

static const struct sc_field thing_fields[] = {
	{
	    .rules = { .name = "id" },
	    .type = SC_TYPE_INT32,
	    .flags = SC_F_READONLY,
	    SC_MEMBER(thing, id),
	},
	{
	    .rules = { .name = "code",
		.max_length = 8,
		.pattern = "^[A-Z]+$",
		.regex = &thing_code_regex },
	    .type = SC_TYPE_STRING,
	    SC_MEMBER(thing, code),
	    SC_PATCH(thing, code),
	},
	{
	    .rules = { .name = "qty",
		.has_min = true,
		.min = 1,
		.min_text = "1" },
	    .type = SC_TYPE_INT16,
	    .flags = SC_F_DEFAULT,
	    SC_MEMBER(thing, qty),
	    SC_PATCH(thing, qty),
	},
	{
	    .rules = { .name = "score", .nullable = true },
	    .type = SC_TYPE_DOUBLE,
	    SC_MEMBER_NULL(thing, score),
	    SC_PATCH_NULL(thing, score),
	},
	{
	    .rules = { .name = "ok" },
	    .type = SC_TYPE_BOOL,
	    SC_MEMBER(thing, ok),
	    SC_PATCH(thing, ok),
	},
	{
	    .rules = { .name = "price", .nullable = true },
	    .type = SC_TYPE_NUMERIC,
	    SC_MEMBER(thing, price),
	    SC_PATCH(thing, price),
	},
	{
	    .rules = { .name = "kind", .enum_values = thing_kind_values },
	    .type = SC_TYPE_ENUM,
	    .flags = SC_F_DEFAULT,
	    SC_MEMBER(thing, kind),
	    SC_PATCH(thing, kind),
	},
	{
	    .rules = { .name = "born", .nullable = true },
	    .type = SC_TYPE_DATE,
	    SC_MEMBER(thing, born),
	    SC_PATCH(thing, born),
	},
	{
	    .rules = { .name = "ref" },
	    .type = SC_TYPE_UUID,
	    SC_MEMBER(thing, ref),
	    SC_PATCH(thing, ref),
	},
	{
	    .rules = { .name = "meta", .nullable = true },
	    .type = SC_TYPE_JSON,
	    SC_MEMBER(thing, meta),
	    SC_PATCH(thing, meta),
	},
	{
	    .rules = { .name = "secret" },
	    .type = SC_TYPE_STRING,
	    .flags = SC_F_WRITEONLY,
	    SC_MEMBER(thing, secret),
	    SC_PATCH(thing, secret),
	},
	{
	    .rules = { .name = "region" },
	    .type = SC_TYPE_STRING,
	    .flags = SC_F_DEFAULT,
	    SC_MEMBER(thing, region),
	    SC_PATCH(thing, region),
	},
	{
	    .rules = { .name = "created_at" },
	    .type = SC_TYPE_TIMESTAMPTZ,
	    .flags = SC_F_READONLY | SC_F_DEFAULT,
	    SC_MEMBER(thing, created_at),
	},
	{
	    .rules = { .name = "big", .nullable = true },
	    .type = SC_TYPE_INT64,
	    SC_MEMBER_NULL(thing, big),
	    SC_PATCH_NULL(thing, big),
	},
};

static const struct sc_model thing_model = {
	.name = "Thing",
	.fields = thing_fields,
	.nfields = sizeof(thing_fields) / sizeof(thing_fields[0]),
	.pk = 0,
	.size = sizeof(struct thing),
	.patch_size = sizeof(struct thing_patch),
	.columns = thing_columns,
	.patterns_ready = &thing_patterns_ready,
};

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

/* The errors as "where.field:type" joined by spaces; then clear them. */
static const char *
errors(void)
{
	static char buf[1024];
	size_t i, n;

	buf[0] = '\0';
	for (i = n = 0; i < errs.n && n < sizeof(buf); i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s.%s:%s",
		    i > 0 ? " " : "", errs.items[i].where,
		    errs.items[i].field != NULL ? errs.items[i].field : "-",
		    errs.items[i].type);
	sc_verrs_free(&errs);
	sc_verrs_init(&errs);
	return (buf);
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

static void
test_decode_create(void **state)
{
	struct thing_patch p;

	(void)state;
	assert_int_equal(sc_model_decode(&thing_model,
			     J("{\"code\":\"AB\",\"ok\":true,\"ref\":"
			       "\"0000000A-0000-0000-0000-000000000001\","
			       "\"secret\":\"s\",\"score\":null,"
			       "\"meta\":{\"x\":[1, 2]},\"big\":7}"),
			     &p, &errs, true),
	    0);
	assert_string_equal(errors(), "");
	assert_true(p.code_set);
	assert_string_equal(p.code, "AB");
	assert_true(p.ok_set && p.ok);
	assert_false(p.qty_set);
	assert_true(p.score_set && p.score_is_null);
	assert_string_equal(p.ref, "0000000a-0000-0000-0000-000000000001");
	assert_string_equal(p.meta, "{\"x\":[1,2]}");
	assert_true(p.big_set && !p.big_is_null);
	assert_int_equal(p.big, 7);
	sc_model_patch_clear(&thing_model, &p);
	assert_null(p.code);
	assert_false(p.code_set);

	/*
	 * Each field's own error in field order, then the required ones
	 * missing, then readonly and unknown members in the body's order.
	 */
	assert_int_equal(sc_model_decode(&thing_model,
			     J("{\"zz\":1,\"code\":\"ab\",\"id\":3,\"qty\":0,"
			       "\"kind\":\"c\"}"),
			     &p, &errs, true),
	    -1);
	assert_string_equal(errors(),
	    "body.code:string_pattern_mismatch body.qty:greater_than_equal "
	    "body.ok:missing body.kind:enum body.ref:missing "
	    "body.secret:missing body.zz:extra_forbidden body.id:readonly");
	sc_model_patch_clear(&thing_model, &p);

	assert_int_equal(
	    sc_model_decode(&thing_model, J("[1]"), &p, &errs, true), -1);
	assert_string_equal(errors(), "body.-:model_attributes_type");
	assert_int_equal(
	    sc_model_decode(&thing_model, NULL, &p, &errs, false), -1);
	assert_string_equal(errors(), "body.-:model_attributes_type");
}

static void
test_decode_patch(void **state)
{
	struct thing_patch p;

	(void)state;
	/* Nothing is required; null only where the field allows it. */
	assert_int_equal(
	    sc_model_decode(&thing_model, J("{}"), &p, &errs, false), 0);
	assert_false(p.code_set || p.ok_set || p.ref_set || p.big_set);
	assert_int_equal(sc_model_decode(&thing_model,
			     J("{\"big\":null,\"price\":\"1.50\","
			       "\"born\":null}"),
			     &p, &errs, false),
	    0);
	assert_true(p.big_set && p.big_is_null);
	assert_string_equal(p.price, "1.50");
	assert_true(p.born_set);
	assert_null(p.born);
	sc_model_patch_clear(&thing_model, &p);
	assert_int_equal(sc_model_decode(&thing_model,
			     J("{\"ok\":null,\"qty\":1.5}"), &p, &errs, false),
	    -1);
	assert_string_equal(
	    errors(), "body.qty:int_from_float body.ok:bool_type");
	sc_model_patch_clear(&thing_model, &p);
}

/* A thing with every field set. */
static void
thing_fill(struct thing *t)
{
	memset(t, 0, sizeof(*t));
	t->id = 5;
	t->code = strdup("AB");
	t->qty = -3;
	t->score = 0.1;
	t->ok = true;
	t->price = strdup("12.50");
	t->kind = strdup("b");
	t->born = NULL;
	t->ref = strdup("00000000-0000-0000-0000-000000000001");
	t->meta = strdup("{\"a\":\"\\u00e9\"}");
	t->secret = strdup("hidden");
	t->region = strdup("x\"y");
	t->created_at = strdup("2024-01-02T03:04:05+00:00");
	t->big_is_null = true;
}

static const char thing_json[] =
    "{\"id\":5,\"code\":\"AB\",\"qty\":-3,\"score\":0.1,\"ok\":true,"
    "\"price\":12.50,\"kind\":\"b\",\"born\":null,"
    "\"ref\":\"00000000-0000-0000-0000-000000000001\","
    "\"meta\":{\"a\":\"\\u00e9\"},\"region\":\"x\\\"y\","
    "\"created_at\":\"2024-01-02T03:04:05+00:00\",\"big\":null}";

static void
test_to_json(void **state)
{
	struct thing t;
	struct sc_buf b;

	(void)state;
	thing_fill(&t);
	sc_buf_init(&b);
	sc_model_to_json(&thing_model, &t, &b);
	assert_string_equal(b.data, thing_json);
	/* A numeric that JSON cannot hold, a null json, a null double. */
	free(t.price);
	t.price = strdup("NaN");
	free(t.meta);
	t.meta = NULL;
	t.score_is_null = true;
	sc_buf_reset(&b);
	sc_model_to_json(&thing_model, &t, &b);
	assert_non_null(strstr(b.data, "\"score\":null,"));
	assert_non_null(strstr(b.data, "\"price\":null,"));
	assert_non_null(strstr(b.data, "\"meta\":null,"));
	sc_buf_free(&b);
	sc_model_clear(&thing_model, &t);
	assert_null(t.code);
	sc_model_clear(&thing_model, NULL);
}

/* The text row PostgreSQL would return for thing_fill()'s thing. */
static PGresult *
thing_result(void)
{
	static const char *const row[] = { "5", "AB", "-3", "0.1", "t", "12.50",
		"b", NULL, "00000000-0000-0000-0000-000000000001",
		"{\"a\": \"\\u00e9\"}", "hidden", "x\"y",
		"2024-01-02T03:04:05+00:00", NULL };
	PGresAttDesc attrs[14];
	PGresult *res;
	int i;

	res = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
	assert_non_null(res);
	memset(attrs, 0, sizeof(attrs));
	for (i = 0; i < 14; i++) {
		attrs[i].name = (char *)(uintptr_t)thing_columns[i];
		attrs[i].format = 0;
		attrs[i].typlen = -1;
		attrs[i].atttypmod = -1;
	}
	assert_int_equal(PQsetResultAttrs(res, 14, attrs), 1);
	for (i = 0; i < 14; i++) {
		/* -1 is SQL NULL. */
		assert_int_equal(
		    PQsetvalue(res, 0, i, (char *)(uintptr_t)row[i],
			row[i] != NULL ? (int)strlen(row[i]) : -1),
		    1);
	}
	return (res);
}

static void
test_row_json_from_row(void **state)
{
	struct thing t;
	struct sc_buf b;
	PGresult *res;

	(void)state;
	res = thing_result();
	sc_buf_init(&b);
	sc_model_row_json(&thing_model, res, 0, &b);
	/* jsonb's text is written as it is; the rest as to_json does. */
	assert_string_equal(b.data,
	    "{\"id\":5,\"code\":\"AB\",\"qty\":-3,\"score\":0.1,\"ok\":true,"
	    "\"price\":12.50,\"kind\":\"b\",\"born\":null,"
	    "\"ref\":\"00000000-0000-0000-0000-000000000001\","
	    "\"meta\":{\"a\": \"\\u00e9\"},\"region\":\"x\\\"y\","
	    "\"created_at\":\"2024-01-02T03:04:05+00:00\",\"big\":null}");
	sc_buf_free(&b);

	assert_int_equal(sc_model_from_row(&thing_model, res, 0, &t), 0);
	assert_int_equal(t.id, 5);
	assert_int_equal(t.qty, -3);
	assert_true(t.score == 0.1 && !t.score_is_null);
	assert_true(t.ok);
	assert_string_equal(t.price, "12.50");
	assert_null(t.born);
	assert_string_equal(t.secret, "hidden");
	assert_true(t.big_is_null);
	assert_int_equal(t.big, 0);
	sc_model_clear(&thing_model, &t);
	PQclear(res);
}

static void
test_patch_params(void **state)
{
	struct thing_patch p;
	struct sc_params params;
	struct thing t;
	int i;
	static const char *const want[] = { "true", "AB", "true", "-3", "true",
		"0.10000000000000001", "true", "true", "true", "12.50", "true",
		"b", "true", NULL, "true",
		"00000000-0000-0000-0000-000000000001", "true",
		"{\"a\":\"\\u00e9\"}", "true", "hidden", "true", "x\"y", "true",
		NULL };

	(void)state;
	thing_fill(&t);
	sc_model_patch_from(&thing_model, &t, &p);
	sc_params_init(&params);
	sc_model_patch_params(&thing_model, &p, &params);
	/* Two parameters per field clients may set: 12 of them. */
	assert_int_equal(params.n, 24);
	for (i = 0; i < params.n; i++) {
		if (want[i] == NULL)
			assert_null(params.values[i]);
		else
			assert_string_equal(params.values[i], want[i]);
	}
	/* A NULL string where NULL cannot be stored asks for the default. */
	free(t.region);
	t.region = NULL;
	free(t.code);
	t.code = NULL;
	sc_model_patch_from(&thing_model, &t, &p);
	assert_false(p.region_set);
	assert_true(p.code_set);
	assert_true(p.big_set && p.big_is_null);
	sc_model_clear(&thing_model, &t);

	/* Absent fields send "false" and their zero value. */
	assert_int_equal(
	    sc_model_decode(&thing_model, J("{\"qty\":4}"), &p, &errs, false),
	    0);
	sc_params_init(&params);
	sc_model_patch_params(&thing_model, &p, &params);
	assert_string_equal(params.values[0], "false");
	assert_null(params.values[1]);
	assert_string_equal(params.values[2], "true");
	assert_string_equal(params.values[3], "4");
	sc_model_patch_clear(&thing_model, &p);
	assert_non_null(sc_model_field(&thing_model, "big"));
	assert_null(sc_model_field(&thing_model, "nope"));
}

static void
test_args(void **state)
{
	struct sc_args a;
	const struct sc_field *f;

	(void)state;
	sc_args_init(&a);
	sc_args_value(&a, "path", "id", &thing_fields[0], "42");
	sc_args_value(&a, "path", "id", &thing_fields[0], "2147483648");
	sc_args_value(&a, "query", "qty", &thing_fields[2], "40000");
	sc_args_value(&a, "query", "score", &thing_fields[3], "1e400");
	sc_args_value(&a, "query", "ok", &thing_fields[4], "yes");
	sc_args_value(&a, "query", "kind", &thing_fields[6], "c");
	sc_args_value(&a, "query", "kind", &thing_fields[6], "a");
	f = sc_model_field(&thing_model, "ref");
	sc_args_value(
	    &a, "query", "after", f, "0000000A000000000000000000000001");
	/* Strings are taken as they are, rules or not. */
	sc_args_value(&a, "query", "code", &thing_fields[1], "lower");
	assert_int_equal(a.p.n, 5);
	assert_string_equal(a.p.values[0], "42");
	assert_string_equal(a.p.values[1], "true");
	assert_string_equal(a.p.values[2], "a");
	assert_string_equal(
	    a.p.values[3], "0000000a-0000-0000-0000-000000000001");
	assert_string_equal(a.p.values[4], "lower");
	assert_int_equal(a.errs.n, 4);
	assert_string_equal(a.errs.items[0].where, "path");
	assert_string_equal(a.errs.items[0].type, "less_than_equal");
	assert_string_equal(a.errs.items[1].type, "less_than_equal");
	assert_string_equal(a.errs.items[3].field, "kind");
	assert_string_equal(a.errs.items[3].type, "enum");
	sc_args_free(&a);
}

/* The query string of a list request, as "name=value&..." pairs. */
static const char *list_query;

static const char *
list_arg(void *ctx, const char *name)
{
	static char buf[8][128];
	static int next;
	const char *p, *e;
	size_t n;

	(void)ctx;
	n = strlen(name);
	for (p = list_query; p != NULL && *p != '\0'; p = e + (*e != '\0')) {
		e = strchr(p, '&');
		if (e == NULL)
			e = p + strlen(p);
		if ((size_t)(e - p) > n && strncmp(p, name, n) == 0 &&
		    p[n] == '=') {
			next = (next + 1) % 8;
			snprintf(buf[next], sizeof(buf[next]), "%.*s",
			    (int)(e - p - (ptrdiff_t)n - 1), p + n + 1);
			return (buf[next]);
		}
	}
	return (NULL);
}

static const char *const thing_filters[] = { "id", "code", "kind", NULL };
static const struct sc_list thing_list = { .filters = thing_filters,
	.table = "things",
	.columns = "\"id\", \"code\"" };

/* Parse a list request: its SQL, or "ERR <errors>". */
static const char *
list(const char *query, struct sc_args *a)
{
	static char out[1024];
	struct sc_buf sql;

	list_query = query;
	sc_args_free(a);
	sc_args_init(a);
	sc_buf_init(&sql);
	sc_list_parse(&thing_model, &thing_list, list_arg, NULL, a, &sql);
	if (a->errs.n > 0) {
		sc_verrs_free(&errs);
		errs = a->errs;
		sc_verrs_init(&a->errs);
		snprintf(out, sizeof(out), "ERR %s", errors());
	} else
		snprintf(out, sizeof(out), "%s", sql.len > 0 ? sql.data : "");
	sc_buf_free(&sql);
	return (out);
}

static void
test_list(void **state)
{
	struct sc_args a;

	(void)state;
	sc_args_init(&a);
	/* The plain first page: the prepared statement, limit and offset. */
	assert_string_equal(list("", &a), "");
	assert_int_equal(a.p.n, 2);
	assert_string_equal(a.p.values[0], "100");
	assert_string_equal(a.p.values[1], "0");
	assert_string_equal(list("limit=5&offset=10&count=false", &a), "");
	assert_string_equal(a.p.values[0], "5");

	assert_string_equal(list("kind=a&id=3", &a),
	    "SELECT \"id\", \"code\" FROM \"things\" AS p WHERE p.\"id\" = $3 "
	    "AND p.\"kind\" = $4 ORDER BY p.\"id\" LIMIT $1 OFFSET $2");
	assert_string_equal(a.p.values[2], "3");
	assert_string_equal(a.p.values[3], "a");
	assert_string_equal(list("order_by=-code&code=X", &a),
	    "SELECT \"id\", \"code\" FROM \"things\" AS p WHERE p.\"code\" = "
	    "$3 "
	    "ORDER BY p.\"code\" DESC, p.\"id\" DESC LIMIT $1 OFFSET $2");
	assert_string_equal(list("order_by=-id&after=9", &a),
	    "SELECT \"id\", \"code\" FROM \"things\" AS p WHERE p.\"id\" < $3 "
	    "ORDER BY p.\"id\" DESC LIMIT $1 OFFSET $2");
	assert_string_equal(list("count=true&code=X&after=9", &a),
	    "SELECT p.*, c.n FROM (SELECT count(*) AS n FROM \"things\" AS p "
	    "WHERE p.\"code\" = $3) AS c LEFT JOIN (SELECT \"id\", \"code\" "
	    "FROM \"things\" AS p WHERE p.\"code\" = $3 AND p.\"id\" > $4 "
	    "ORDER BY p.\"id\" LIMIT $1 OFFSET $2) AS p ON true "
	    "ORDER BY p.\"id\"");
	assert_string_equal(list("order_by=kind", &a),
	    "SELECT \"id\", \"code\" FROM \"things\" AS p ORDER BY p.\"kind\", "
	    "p.\"id\" LIMIT $1 OFFSET $2");

	assert_string_equal(
	    list("limit=0&offset=-1&count=maybe&order_by=x", &a),
	    "ERR query.limit:greater_than_equal "
	    "query.offset:greater_than_equal "
	    "query.count:bool_parsing query.order_by:literal_error");
	list_query = "order_by=x";
	sc_args_free(&a);
	sc_args_init(&a);
	{
		struct sc_buf sql;

		sc_buf_init(&sql);
		sc_list_parse(
		    &thing_model, &thing_list, list_arg, NULL, &a, &sql);
		assert_int_equal(a.errs.n, 1);
		assert_string_equal(a.errs.items[0].msg,
		    "Input should be 'id', '-id', 'code', '-code', 'kind' or "
		    "'-kind'");
		sc_buf_free(&sql);
	}
	assert_string_equal(list("order_by=code&after=3&id=x", &a),
	    "ERR query.id:int_parsing query.after:value_error");
	sc_args_free(&a);
}

static void
test_url_segment(void **state)
{
	struct sc_buf b;

	(void)state;
	sc_buf_init(&b);
	sc_buf_puts(&b, "/things/");
	sc_url_segment(&b, "a b/c%d~e.f-_\xc3\xa9");
	assert_string_equal(b.data, "/things/a%20b%2Fc%25d~e.f-_%C3%A9");
	sc_buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_decode_create, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_decode_patch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_to_json, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_row_json_from_row, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_patch_params, setup, teardown),
		cmocka_unit_test_setup_teardown(test_args, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_url_segment, setup, teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
