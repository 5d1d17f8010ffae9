/*
 * db_shop.c: the generated C API of the shop fixture
 * (tests/fixtures/shop/schema.yaml, which uses every type and option)
 * against a real PostgreSQL: each type's round trip through C, SQL and
 * JSON (numeric exactness, json kept as JSON, ISO 8601 timestamps, uuid
 * and enum defaults), writeonly and readonly fields, constraint errors and
 * on_delete behaviour. Needs DATABASE_URL naming a fresh, empty database
 * and the fixture's generated code: compile with -I<dir> of
 * `schemac generate --schema tests/fixtures/shop/schema.yaml --out <dir>`
 * and -DSCHEMA_SQL='"<dir>/schema.sql"' (or set $SCHEMAC_SCHEMA_SQL).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "queries.h"
#include "testdb.h"

#ifndef CUSTOMER_TABLE
/*
 * Compiled against another schema's generated code (the generic db_* rule
 * uses $(GEN)): fail loudly rather than skip, so the build stays green
 * and the missing set-up is seen.
 */
int
main(void)
{
	fprintf(stderr,
	    "db_shop: built without the shop fixture's generated "
	    "code; compile it with -I<shop gen dir> (see the comment at the "
	    "top of tests/db_shop.c)\n");
	return (1);
}
#else

#ifndef SCHEMA_SQL
#define SCHEMA_SQL "build/shop-gen/schema.sql"
#endif

static PGconn *db;

static void
exec_ok(const char *sql)
{
	PGresult *res;

	res = PQexec(db, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK &&
	    PQresultStatus(res) != PGRES_TUPLES_OK)
		fail_msg("%s: %s", sql, PQresultErrorMessage(res));
	PQclear(res);
}

/*
 * Connect, insist on an empty database, create the schema. Timestamps
 * with time zone are printed in the session's zone: pin it to UTC so the
 * expected texts are fixed.
 */
static int
setup(void **state)
{
	PGresult *res;
	int ok;

	(void)state;
	if ((db = testdb_open("db_shop", SCHEMA_SQL)) == NULL)
		return (-1);
	res = PQexec(db, "SET TimeZone = 'UTC'");
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	PQclear(res);
	return (ok ? 0 : -1);
}

static int
teardown(void **state)
{
	(void)state;
	PQfinish(db);
	return (0);
}

/* The row of a statement as JSON, through the handlers' fast path. */
static char *
row_json_of(enum schemac_stmt_id id, const char *key,
    void (*row_json)(const PGresult *, int, struct sc_buf *))
{
	struct sc_buf b;
	PGresult *res;
	const char *v[1];

	v[0] = key;
	res =
	    PQexecParams(db, schemac_stmts[id].sql, 1, NULL, v, NULL, NULL, 0);
	assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
	assert_int_equal(PQntuples(res), 1);
	sc_buf_init(&b);
	row_json(res, 0, &b);
	PQclear(res);
	return (b.data);
}

/* Parse text as JSON and decode it with fn. */
static int
decode(const char *text,
    int (*fn)(const struct sc_json *, void *, struct sc_verrs *), void *p,
    struct sc_verrs *errs)
{
	struct sc_json_doc doc;
	char err[128];
	int rc;

	assert_int_equal(
	    sc_json_parse(&doc, text, strlen(text), err, sizeof(err)),
	    SC_JSON_OK);
	rc = fn(doc.root, p, errs);
	sc_json_doc_free(&doc);
	return (rc);
}

/* Adapters: decode functions take typed patches. */
static int
customer_create_fn(const struct sc_json *o, void *p, struct sc_verrs *e)
{
	return (customer_decode_create(o, p, e));
}

static int
product_create_fn(const struct sc_json *o, void *p, struct sc_verrs *e)
{
	return (product_decode_create(o, p, e));
}

static int
product_patch_fn(const struct sc_json *o, void *p, struct sc_verrs *e)
{
	return (product_decode_patch(o, p, e));
}

static void
expect_err(
    const struct sc_verrs *errs, size_t i, const char *field, const char *type)
{
	if (i >= errs->n)
		fail_msg("error %zu of %zu expected (%s %s)", i, errs->n, field,
		    type);
	assert_string_equal(errs->items[i].where, "body");
	assert_string_equal(errs->items[i].field, field);
	assert_string_equal(errs->items[i].type, type);
}

static void
make_customer(const char *name, struct customer *out)
{
	struct customer in;
	char email[128];

	customer_init(&in);
	(void)snprintf(email, sizeof(email), "%s@shop.example", name);
	in.email = strdup(email);
	in.name = strdup(name);
	in.password_hash = strdup("$2b$12$hashhashhash");
	assert_int_equal(customer_create(db, &in, out), SCHEMAC_OK);
	customer_clear(&in);
}

static void
make_category(const char *slug, const int32_t *parent, struct category *out)
{
	struct category in;

	category_init(&in);
	in.slug = strdup(slug);
	in.name = strdup(slug);
	if (parent != NULL) {
		in.parent_id = *parent;
		in.parent_id_is_null = false;
	}
	assert_int_equal(category_create(db, &in, out), SCHEMAC_OK);
	category_clear(&in);
}

static void
make_product(
    const char *sku, int32_t category, const char *price, struct product *out)
{
	struct product in;

	product_init(&in);
	in.sku = strdup(sku);
	in.title = strdup(sku);
	in.price = strdup(price);
	in.category_id = category;
	assert_int_equal(product_create(db, &in, out), SCHEMAC_OK);
	product_clear(&in);
}

/* text, date, bool, timestamptz, writeonly and readonly fields. */
static void
test_customer(void **state)
{
	struct customer c, got;
	struct customer_patch p;
	struct sc_buf b;
	char *js, key[32];

	(void)state;
	make_customer("ann", &c);
	assert_true(c.id > 0);
	assert_false(c.vip);
	assert_null(c.phone);
	assert_null(c.birthday);
	assert_string_equal(c.password_hash, "$2b$12$hashhashhash");
	/* now(), as ISO 8601: 2024-01-02T03:04:05.123456+00:00 */
	assert_non_null(c.created_at);
	assert_true(strlen(c.created_at) >= 25);
	assert_int_equal(c.created_at[10], 'T');
	assert_string_equal(c.created_at + strlen(c.created_at) - 6, "+00:00");

	memset(&p, 0, sizeof(p));
	p.birthday_set = true;
	p.birthday = "1990-02-28";
	p.phone_set = true;
	p.phone = "+49 30 123456";
	p.vip_set = true;
	p.vip = true;
	assert_int_equal(customer_update(db, c.id, &p, &got), SCHEMAC_OK);
	assert_string_equal(got.birthday, "1990-02-28");
	assert_string_equal(got.phone, "+49 30 123456");
	assert_true(got.vip);
	assert_string_equal(got.created_at, c.created_at);

	/* writeonly: kept, never in JSON; both encoders agree. */
	sc_buf_init(&b);
	customer_to_json(&got, &b);
	assert_null(strstr(b.data, "password_hash"));
	assert_null(strstr(b.data, "hashhash"));
	assert_non_null(strstr(b.data, "\"birthday\":\"1990-02-28\""));
	assert_non_null(strstr(b.data, "\"vip\":true"));
	(void)snprintf(key, sizeof(key), "%lld", (long long)c.id);
	js = row_json_of(SCHEMAC_STMT_CUSTOMER_GET, key, customer_row_json);
	assert_string_equal(js, b.data);
	free(js);
	sc_buf_free(&b);
	customer_clear(&got);

	assert_int_equal(
	    customer_get_by_email(db, "ann@shop.example", &got), SCHEMAC_OK);
	assert_int_equal(got.id, c.id);
	customer_clear(&got);

	/* The database holds the rules too: min_length and pattern. */
	memset(&p, 0, sizeof(p));
	p.password_hash_set = true;
	p.password_hash = "short";
	assert_int_equal(customer_update(db, c.id, &p, NULL), SCHEMAC_INVALID);
	memset(&p, 0, sizeof(p));
	p.phone_set = true;
	p.phone = "call me";
	assert_int_equal(customer_update(db, c.id, &p, NULL), SCHEMAC_INVALID);
	customer_clear(&c);
}

/* numeric exactness, float, uuid default, json, enum, timestamp. */
static void
test_product(void **state)
{
	struct category cat;
	struct product pr, got;
	struct product_patch p;
	struct sc_buf b;
	char *js;

	(void)state;
	make_category("tools", NULL, &cat);
	make_product("HAMMER-1", cat.id, "12345678.90", &pr);
	/* gen_random_uuid() */
	assert_int_equal(strlen(pr.id), 36);
	assert_int_equal(pr.id[14], '4');
	assert_string_equal(pr.price, "12345678.90");
	assert_string_equal(pr.status, "draft");
	assert_string_equal(pr.attributes, "{}");
	assert_string_equal(pr.available_from, "2024-01-01T00:00:00");
	assert_true(pr.weight_kg_is_null);
	assert_int_equal(pr.stock, 0);
	assert_int_equal(pr.views, 0);
	assert_null(pr.released_on);

	memset(&p, 0, sizeof(p));
	p.price_set = true;
	p.price = "0.10";
	p.weight_kg_set = true;
	p.weight_kg = 0.1;
	p.attributes_set = true;
	p.attributes = "{\"color\": \"red \\\"dark\\\"\", \"sizes\": [1, 2.50, "
		       "null, true]}";
	p.status_set = true;
	p.status = "active";
	p.available_from_set = true;
	p.available_from = "2024-05-06T07:08:09.123456";
	p.released_on_set = true;
	p.released_on = "2024-02-29";
	assert_int_equal(product_update(db, pr.id, &p, &got), SCHEMAC_OK);
	assert_string_equal(got.price, "0.10");
	assert_false(got.weight_kg_is_null);
	assert_true(got.weight_kg == 0.1);
	assert_string_equal(got.status, "active");
	assert_string_equal(got.available_from, "2024-05-06T07:08:09.123456");
	assert_string_equal(got.released_on, "2024-02-29");

	sc_buf_init(&b);
	product_to_json(&got, &b);
	/* numeric as a JSON number with every digit; json unquoted. */
	assert_non_null(strstr(b.data, "\"price\":0.10,"));
	assert_non_null(strstr(b.data, "\"weight_kg\":0.1,"));
	assert_non_null(strstr(b.data,
	    "\"attributes\":{\"color\": \"red "
	    "\\\"dark\\\"\", \"sizes\": [1, 2.50, null, true]},"));
	assert_non_null(strstr(b.data, "\"status\":\"active\""));
	assert_non_null(strstr(
	    b.data, "\"available_from\":\"2024-05-06T07:08:09.123456\""));
	js = row_json_of(SCHEMAC_STMT_PRODUCT_GET, pr.id, product_row_json);
	assert_string_equal(js, b.data);
	free(js);
	sc_buf_free(&b);
	product_clear(&got);

	/* Big numerics lose nothing. */
	memset(&p, 0, sizeof(p));
	p.price_set = true;
	p.price = "99999999.99";
	assert_int_equal(product_update(db, pr.id, &p, &got), SCHEMAC_OK);
	assert_string_equal(got.price, "99999999.99");
	product_clear(&got);
	/* Over numeric(10,2): the database refuses. */
	p.price = "100000000.00";
	assert_int_equal(product_update(db, pr.id, &p, NULL), SCHEMAC_INVALID);

	/* Not a label of the enum; not a json text; a bad date. */
	memset(&p, 0, sizeof(p));
	p.status_set = true;
	p.status = "sold";
	assert_int_equal(product_update(db, pr.id, &p, NULL), SCHEMAC_INVALID);
	memset(&p, 0, sizeof(p));
	p.attributes_set = true;
	p.attributes = "{nope";
	assert_int_equal(product_update(db, pr.id, &p, NULL), SCHEMAC_INVALID);
	memset(&p, 0, sizeof(p));
	p.released_on_set = true;
	p.released_on = "2023-02-29";
	assert_int_equal(product_update(db, pr.id, &p, NULL), SCHEMAC_INVALID);

	assert_int_equal(product_get_by_sku(db, "HAMMER-1", &got), SCHEMAC_OK);
	assert_string_equal(got.id, pr.id);
	assert_string_equal(got.status, "active");
	product_clear(&got);

	/* A client-chosen uuid key; a duplicate sku. */
	product_clear(&pr);
	product_init(&got);
	got.id = strdup("0b9f3c3e-8d7a-4c1e-9a43-5d0c7b2e1f00");
	got.sku = strdup("SAW-1");
	got.title = strdup("saw");
	got.price = strdup("5");
	got.category_id = cat.id;
	assert_int_equal(product_create(db, &got, &pr), SCHEMAC_OK);
	assert_string_equal(pr.id, "0b9f3c3e-8d7a-4c1e-9a43-5d0c7b2e1f00");
	assert_string_equal(pr.price, "5.00");
	free(got.id);
	got.id = NULL;
	assert_int_equal(product_create(db, &got, NULL), SCHEMAC_CONFLICT);
	product_clear(&got);
	product_clear(&pr);

	/* on_delete: restrict keeps a category with products. */
	assert_int_equal(category_delete(db, cat.id), SCHEMAC_INVALID);
	category_clear(&cat);
}

/* A NaN numeric is null in JSON, never invalid JSON. */
static void
test_nan_json(void **state)
{
	struct category cat;
	struct product pr, got;
	struct sc_buf b;
	char *js;

	(void)state;
	make_category("nan", NULL, &cat);
	make_product("NAN-1", cat.id, "1", &pr);
	exec_ok("UPDATE products SET price = 'NaN' WHERE sku = 'NAN-1'");
	assert_int_equal(product_get(db, pr.id, &got), SCHEMAC_OK);
	sc_buf_init(&b);
	product_to_json(&got, &b);
	assert_string_equal(got.price, "NaN");
	assert_non_null(strstr(b.data, "\"price\":null,"));
	js = row_json_of(SCHEMAC_STMT_PRODUCT_GET, pr.id, product_row_json);
	assert_string_equal(js, b.data);
	free(js);
	sc_buf_free(&b);
	product_clear(&got);
	product_clear(&pr);
	category_clear(&cat);
}

/* Self reference with set_null; cascade; unique_together; checks. */
static void
test_relations(void **state)
{
	struct category root, child, got;
	struct customer c;
	struct address in, addr;
	struct order o, og;
	struct order_item oi, oi_in;
	struct product pr;
	struct review rv;
	struct sc_buf b;

	(void)state;
	make_category("root", NULL, &root);
	make_category("child", &root.id, &child);
	assert_false(child.parent_id_is_null);
	assert_int_equal(child.parent_id, root.id);
	assert_int_equal(child.position, 0);
	assert_int_equal(category_delete(db, root.id), SCHEMAC_OK);
	assert_int_equal(category_get(db, child.id, &got), SCHEMAC_OK);
	assert_true(got.parent_id_is_null);
	sc_buf_init(&b);
	category_to_json(&got, &b);
	assert_non_null(strstr(b.data, "\"parent_id\":null,"));
	sc_buf_free(&b);
	category_clear(&got);

	make_customer("bert", &c);
	address_init(&in);
	in.customer_id = c.id;
	in.line1 = strdup("Main St 1");
	in.city = strdup("Berlin");
	in.postcode = strdup("10115");
	assert_string_equal(in.country, "DE"); /* the literal default */
	assert_int_equal(address_create(db, &in, &addr), SCHEMAC_OK);
	assert_string_equal(addr.country, "DE");
	assert_null(addr.line2);
	address_clear(&in);

	order_init(&o);
	o.customer_id = c.id;
	o.address_id = addr.id;
	o.address_id_is_null = false;
	o.paid_at = strdup("2024-05-06T07:08:09");
	assert_int_equal(order_create(db, &o, &og), SCHEMAC_OK);
	assert_string_equal(og.status, "pending");
	assert_string_equal(og.total, "0.00");
	assert_string_equal(og.paid_at, "2024-05-06T07:08:09");
	assert_int_equal(og.placed_at[10], 'T');
	order_clear(&o);

	make_product("LAMP-1", child.id, "19.99", &pr);
	order_item_init(&oi_in);
	oi_in.order_id = og.id;
	oi_in.product_id = strdup(pr.id);
	oi_in.unit_price = strdup("19.99");
	assert_int_equal(order_item_create(db, &oi_in, &oi), SCHEMAC_OK);
	assert_int_equal(oi.quantity, 1);
	/* unique_together (order_id, product_id) */
	assert_int_equal(order_item_create(db, &oi_in, NULL), SCHEMAC_CONFLICT);
	/* quantity max 100 is a CHECK in the database. */
	oi_in.quantity = 101;
	assert_int_equal(order_item_create(db, &oi_in, NULL), SCHEMAC_INVALID);
	order_item_clear(&oi_in);

	/* Review: rating 1..5 checked by the database too. */
	review_init(&rv);
	rv.product_id = strdup(pr.id);
	rv.customer_id = c.id;
	rv.customer_id_is_null = false;
	rv.rating = 6;
	rv.body = strdup("A fine lamp indeed.");
	assert_int_equal(review_create(db, &rv, NULL), SCHEMAC_INVALID);
	rv.rating = 5;
	review_clear(&rv);

	/* restrict: a customer with orders stays; cascade: order items go. */
	assert_int_equal(customer_delete(db, c.id), SCHEMAC_INVALID);
	assert_int_equal(order_delete(db, og.id), SCHEMAC_OK);
	assert_int_equal(order_item_get(db, oi.id, NULL), SCHEMAC_NOT_FOUND);
	/* cascade from customer to address. */
	assert_int_equal(customer_delete(db, c.id), SCHEMAC_OK);
	assert_int_equal(address_get(db, addr.id, NULL), SCHEMAC_NOT_FOUND);

	order_item_clear(&oi);
	order_clear(&og);
	address_clear(&addr);
	customer_clear(&c);
	product_clear(&pr);
	category_clear(&child);
	category_clear(&root);
}

/* Every rule of a body, with pydantic's error types. */
static void
test_decode(void **state)
{
	struct customer_patch cp;
	struct product_patch pp;
	struct sc_verrs errs;

	(void)state;
	sc_verrs_init(&errs);
	assert_int_equal(
	    decode("{\"email\": \"not-an-email\", \"name\": \"\", "
		   "\"password_hash\": \"short\", \"phone\": \"call me\", "
		   "\"birthday\": \"1990-13-01\", \"vip\": 1, \"created_at\": "
		   "\"2024-01-01T00:00:00Z\"}",
		customer_create_fn, &cp, &errs),
	    -1);
	expect_err(&errs, 0, "email", "value_error");
	expect_err(&errs, 1, "name", "string_too_short");
	expect_err(&errs, 2, "password_hash", "string_too_short");
	expect_err(&errs, 3, "phone", "string_pattern_mismatch");
	expect_err(&errs, 4, "birthday", "date_parsing");
	assert_int_equal(errs.n, 7);
	customer_patch_clear(&cp);
	sc_verrs_free(&errs);

	sc_verrs_init(&errs);
	assert_int_equal(
	    decode("{\"sku\": \"lower\", \"price\": 1.005, "
		   "\"weight_kg\": 1001, \"stock\": -1, \"category_id\": 1.5, "
		   "\"status\": \"sold\", \"views\": 3, \"extra\": 1}",
		product_create_fn, &pp, &errs),
	    -1);
	expect_err(&errs, 0, "sku", "string_pattern_mismatch");
	expect_err(&errs, 1, "title", "missing");
	expect_err(&errs, 2, "price", "decimal_max_places");
	expect_err(&errs, 3, "weight_kg", "less_than_equal");
	expect_err(&errs, 4, "stock", "greater_than_equal");
	expect_err(&errs, 5, "category_id", "int_from_float");
	expect_err(&errs, 6, "status", "enum");
	expect_err(&errs, 7, "views", "readonly");
	expect_err(&errs, 8, "extra", "extra_forbidden");
	assert_int_equal(errs.n, 9);
	product_patch_clear(&pp);
	sc_verrs_free(&errs);

	/* A json field takes any JSON value, kept as compact JSON text. */
	sc_verrs_init(&errs);
	assert_int_equal(decode("{\"attributes\": {\"a\": [1, \"x\", null]}, "
				"\"price\": \"12.50\", \"weight_kg\": null, "
				"\"released_on\": null}",
			     product_patch_fn, &pp, &errs),
	    0);
	assert_true(pp.attributes_set);
	assert_string_equal(pp.attributes, "{\"a\":[1,\"x\",null]}");
	assert_string_equal(pp.price, "12.50");
	assert_true(pp.weight_kg_set && pp.weight_kg_is_null);
	assert_true(pp.released_on_set);
	assert_null(pp.released_on);
	product_patch_clear(&pp);
	sc_verrs_free(&errs);
}

/* The handlers' path: body → patch → params → statement → row JSON. */
static void
test_params_path(void **state)
{
	struct category cat;
	struct product_patch pp;
	struct sc_verrs errs;
	struct sc_params params;
	struct sc_buf b;
	PGresult *res;
	char body[512];

	(void)state;
	make_category("garden", NULL, &cat);
	(void)snprintf(body, sizeof(body),
	    "{\"sku\": \"RAKE-1\", \"title\": "
	    "\"Rake \\u2603\", \"price\": 7.5, \"category_id\": %d, "
	    "\"attributes\": [1, {\"b\": false}], \"released_on\": "
	    "\"2024-03-01\"}",
	    (int)cat.id);
	sc_verrs_init(&errs);
	assert_int_equal(decode(body, product_create_fn, &pp, &errs), 0);
	product_create_params(&pp, &params);
	assert_int_equal(
	    params.n, schemac_stmts[SCHEMAC_STMT_PRODUCT_CREATE].nparams);
	res = PQexecParams(db, schemac_stmts[SCHEMAC_STMT_PRODUCT_CREATE].sql,
	    params.n, NULL, params.values, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		fail_msg("%s", PQresultErrorMessage(res));
	sc_buf_init(&b);
	product_row_json(res, 0, &b);
	PQclear(res);
	product_patch_clear(&pp);
	assert_non_null(strstr(b.data,
	    "\"sku\":\"RAKE-1\",\"title\":\"Rake "
	    "\xe2\x98\x83\",\"description\":null,\"price\":7.50,"
	    "\"weight_kg\":null,\"stock\":0,\"views\":0,"));
	assert_non_null(strstr(b.data,
	    "\"attributes\":[1, {\"b\": false}],"
	    "\"status\":\"draft\",\"available_from\":\"2024-01-01T00:00:00\","
	    "\"released_on\":\"2024-03-01\"}"));
	sc_buf_free(&b);
	sc_verrs_free(&errs);
	category_clear(&cat);
}

/* Every statement is valid SQL with the declared parameter count. */
static void
test_statements_prepare(void **state)
{
	PGresult *res;
	size_t i;

	(void)state;
	for (i = 0; i < SCHEMAC_NSTMTS; i++) {
		res = PQprepare(
		    db, schemac_stmts[i].name, schemac_stmts[i].sql, 0, NULL);
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
			fail_msg("%s: %s", schemac_stmts[i].name,
			    PQresultErrorMessage(res));
		PQclear(res);
		res = PQdescribePrepared(db, schemac_stmts[i].name);
		assert_int_equal(PQresultStatus(res), PGRES_COMMAND_OK);
		assert_int_equal(PQnparams(res), schemac_stmts[i].nparams);
		PQclear(res);
	}
	assert_string_equal(CATEGORY_TABLE, "product_categories");
	assert_string_equal(ORDER_ITEM_TABLE, "order_items");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_statements_prepare),
		cmocka_unit_test(test_customer),
		cmocka_unit_test(test_product),
		cmocka_unit_test(test_nan_json),
		cmocka_unit_test(test_relations),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_params_path),
	};

	return (cmocka_run_group_tests(tests, setup, teardown));
}

#endif /* CUSTOMER_TABLE */
