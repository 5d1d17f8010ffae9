/*
 * http_shop.c: end-to-end tests of the app generated from the shop fixture
 * (tests/fixtures/shop/schema.yaml), which uses every type and option of
 * the schema language: create, read, list, patch and delete over HTTP,
 * each kind of validation error, foreign keys (restrict, cascade, set
 * null, a self reference), unique and unique_together conflicts, and round
 * trips of JSON, numeric, uuid, date and timestamp values. Run it through
 * scripts/with-app.sh with SCHEMAC_GEN and SCHEMAC_MODULE naming the shop
 * app (see the README's Tests section).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "schemac.h"
#include "testhttp.h"

#define expect_status(r, want)                                               \
	do {                                                                 \
		if ((r)->status != (want))                                   \
			print_error("status %ld, want %d; body: %.600s%s\n", \
			    (r)->status, (want), (r)->body, (r)->error);     \
		assert_int_equal((r)->status, (want));                       \
	} while (0)

/* printf into one of a few rotating buffers. */
static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));

static char *
fmt(const char *f, ...)
{
	static char buf[8][4096];
	static int n;
	va_list ap;
	char *b;

	b = buf[n++ % 8];
	va_start(ap, f);
	(void)vsnprintf(b, sizeof(buf[0]), f, ap);
	va_end(ap);
	return (b);
}

/* A suffix no other test uses, for unique values. */
static int
seq(void)
{
	static int n;

	return (++n);
}

/* A parsed response: the JSON document and the response it came from. */
struct doc {
	struct th_resp *r;
	struct sc_json_doc json;
};

/* Send a JSON request, expect status, parse the body (when there is one). */
static void
call(struct doc *d, const char *method, const char *path, const char *body,
    int status)
{
	char err[160];

	memset(d, 0, sizeof(*d));
	d->r = th_json(method, path, body);
	expect_status(d->r, status);
	if (d->r->body_len > 0 &&
	    sc_json_parse(&d->json, d->r->body, d->r->body_len, err,
		sizeof(err)) != SC_JSON_OK)
		fail_msg("not JSON (%s): %.300s", err, d->r->body);
}

static void
done(struct doc *d)
{
	sc_json_doc_free(&d->json);
	th_free(d->r);
}

static const struct sc_json *
member(const struct doc *d, const char *key)
{
	const struct sc_json *v;

	v = sc_json_member(d->json.root, key);
	if (v == NULL)
		fail_msg("no member %s in %.300s", key, d->r->body);
	return (v);
}

/* The JSON text of a member, exactly as the app wrote it. */
static const char *
raw(const struct doc *d, const char *key)
{
	const struct sc_json *v;

	v = member(d, key);
	return (fmt("%.*s", (int)v->rawlen, v->raw));
}

static const char *
str(const struct doc *d, const char *key)
{
	const struct sc_json *v;

	v = member(d, key);
	assert_int_equal(v->type, SC_JSON_STRING);
	return (v->str);
}

static int64_t
num(const struct doc *d, const char *key)
{
	int64_t n;

	assert_int_equal(sc_json_to_int64(member(d, key), &n), 0);
	return (n);
}

/* POST body to path: 201, Location <path>/<key>; the key's JSON text. */
static char *
create(const char *path, const char *body)
{
	struct doc d;
	const struct sc_json *id;
	char *loc, *key;

	call(&d, "POST", path, body, 201);
	id = member(&d, "id");
	if (id->type == SC_JSON_STRING)
		key = strdup(id->str);
	else
		key = strndup(id->raw, id->rawlen);
	loc = th_header(d.r, "location");
	assert_non_null(loc);
	assert_string_equal(loc, fmt("%s/%s", path, key));
	free(loc);
	done(&d);
	return (key);
}

/*
 * Expect a 422 whose errors include one at loc [where, field] of the given
 * type (and only errors about the listed fields when nfields > 0).
 */
static void
expect_422(const char *method, const char *path, const char *body,
    const char *where, const char *field, const char *type)
{
	const struct sc_json *e, *loc, *t;
	struct doc d;
	int found;

	call(&d, method, path, body, 422);
	found = 0;
	for (e = member(&d, "detail")->child; e != NULL; e = e->next) {
		loc = sc_json_member(e, "loc");
		t = sc_json_member(e, "type");
		assert_non_null(loc);
		assert_non_null(t);
		assert_non_null(sc_json_member(e, "msg"));
		if (loc->nchildren == 2 &&
		    strcmp(loc->child->str, where) == 0 &&
		    strcmp(loc->child->next->str, field) == 0 &&
		    strcmp(t->str, type) == 0)
			found = 1;
	}
	if (!found)
		fail_msg("no %s error at [%s, %s] in %s", type, where, field,
		    d.r->body);
	done(&d);
}

static void
expect_detail(const char *method, const char *path, const char *body,
    int status, const char *detail)
{
	struct doc d;

	call(&d, method, path, body, status);
	assert_string_equal(str(&d, "detail"), detail);
	done(&d);
}

/* The number of elements of the JSON array GET path returns. */
static size_t
count(const char *path)
{
	struct doc d;
	size_t n;

	call(&d, "GET", path, NULL, 200);
	assert_int_equal(d.json.root->type, SC_JSON_ARRAY);
	n = d.json.root->nchildren;
	done(&d);
	return (n);
}

static char *
new_customer(void)
{
	int n = seq();

	return (create("/customers",
	    fmt("{\"email\":\"c%d-%d@shop.example\",\"name\":\"C %d\","
		"\"password_hash\":\"hash-of-secret\"}",
		n, (int)getpid(), n)));
}

static char *
new_category(const char *parent)
{
	int n = seq();

	return (create("/product_categories",
	    fmt("{\"slug\":\"cat-%d-%d\",\"name\":\"Category %d\","
		"\"parent_id\":%s}",
		n, (int)getpid(), n, parent != NULL ? parent : "null")));
}

static char *
new_product(const char *category)
{
	int n = seq();

	return (create("/products",
	    fmt("{\"sku\":\"SKU-%d-%d\",\"title\":\"Product %d\","
		"\"price\":\"9.99\",\"category_id\":%s}",
		n, (int)getpid(), n, category)));
}

/* --- tests ------------------------------------------------------------- */

static void
test_routes(void **state)
{
	static const char *const paths[] = { "/customers", "/addresses",
		"/product_categories", "/products", "/orders", "/order_items",
		"/reviews" };
	struct th_resp *r;
	char *allow;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		(void)count(paths[i]);
	/* The table name is the path, not the model name. */
	expect_detail("GET", "/categories", NULL, 404, "Not Found");
	/* Review has endpoints [list, get, create, delete]: no PATCH. */
	r = th_json("PATCH", "/reviews/1", "{}");
	expect_status(r, 405);
	allow = th_header(r, "allow");
	assert_string_equal(allow, "GET, DELETE");
	free(allow);
	th_free(r);
	r = th_json("PUT", "/reviews", "{}");
	expect_status(r, 405);
	allow = th_header(r, "allow");
	assert_string_equal(allow, "GET, POST");
	free(allow);
	th_free(r);
}

static void
test_customer(void **state)
{
	struct doc d;
	char *id, *email;
	const char *path;

	(void)state;
	email = strdup(fmt("ann-%d@shop.example", (int)getpid()));
	id = create("/customers",
	    fmt("{\"email\":\"%s\",\"name\":\"Ann\",\"password_hash\":"
		"\"s3cret-hash\",\"phone\":\"+49 301234567\",\"birthday\":"
		"\"1990-02-28\"}",
		email));
	path = fmt("/customers/%s", id);

	call(&d, "GET", path, NULL, 200);
	assert_string_equal(str(&d, "email"), email);
	assert_string_equal(str(&d, "phone"), "+49 301234567");
	assert_string_equal(str(&d, "birthday"), "1990-02-28");
	assert_string_equal(raw(&d, "vip"), "false");
	/* readonly, server-set: an ISO 8601 timestamp with its offset. */
	assert_int_equal(strlen(str(&d, "created_at")) >= 25, 1);
	assert_int_equal(str(&d, "created_at")[10], 'T');
	/* writeonly: never returned. */
	assert_null(sc_json_member(d.json.root, "password_hash"));
	done(&d);
	call(&d, "GET", fmt("/customers/by-email/%s", email), NULL, 200);
	assert_null(sc_json_member(d.json.root, "password_hash"));
	done(&d);
	call(&d, "GET", fmt("/customers?email=%s", email), NULL, 200);
	assert_int_equal(d.json.root->nchildren, 1);
	assert_null(sc_json_member(d.json.root->child, "password_hash"));
	done(&d);

	/* PATCH: a nullable date to null, a bool, the writeonly field. */
	call(&d, "PATCH", fmt("/customers/%s", id),
	    "{\"birthday\":null,\"vip\":true,\"password_hash\":"
	    "\"another-hash\"}",
	    200);
	assert_string_equal(raw(&d, "birthday"), "null");
	assert_string_equal(raw(&d, "vip"), "true");
	assert_null(sc_json_member(d.json.root, "password_hash"));
	done(&d);

	/* Every rule of the fields, each a 422 on its member. */
	path = "/customers";
	expect_422("POST", path,
	    "{\"email\":\"no-at-sign\",\"name\":\"A\",\"password_hash\":"
	    "\"12345678\"}",
	    "body", "email", "value_error");
	expect_422("POST", path,
	    "{\"email\":\"e@x.io\",\"name\":\"\",\"password_hash\":"
	    "\"12345678\"}",
	    "body", "name", "string_too_short");
	expect_422("POST", path,
	    "{\"email\":\"e@x.io\",\"name\":\"A\",\"password_hash\":\"1234\"}",
	    "body", "password_hash", "string_too_short");
	expect_422("POST", path,
	    "{\"email\":\"e@x.io\",\"name\":\"A\",\"password_hash\":"
	    "\"12345678\",\"phone\":\"call me\"}",
	    "body", "phone", "string_pattern_mismatch");
	expect_422("POST", path,
	    "{\"email\":\"e@x.io\",\"name\":\"A\",\"password_hash\":"
	    "\"12345678\",\"birthday\":\"1990-02-30\"}",
	    "body", "birthday", "date_parsing");
	expect_422("POST", path,
	    "{\"email\":\"e@x.io\",\"name\":\"A\",\"password_hash\":"
	    "\"12345678\",\"created_at\":\"2020-01-01T00:00:00Z\"}",
	    "body", "created_at", "readonly");
	expect_422("PATCH", fmt("/customers/%s", id), "{\"vip\":\"yes!\"}",
	    "body", "vip", "bool_type");
	expect_422("GET", "/customers/x", NULL, "path", "id", "int_parsing");
	/* unique */
	expect_detail("POST", path,
	    fmt("{\"email\":\"%s\",\"name\":\"B\",\"password_hash\":"
		"\"12345678\"}",
		email),
	    409, "Customer with this email already exists");
	free(email);
	free(id);
}

static void
test_catalogue(void **state)
{
	char *root, *child, *pid, *sku, *other;
	const struct sc_json *a, *v;
	struct doc d;

	(void)state;
	root = new_category(NULL);
	child = new_category(root);
	call(&d, "GET", fmt("/product_categories/%s", child), NULL, 200);
	assert_string_equal(raw(&d, "parent_id"), root);
	assert_string_equal(raw(&d, "position"), "0");
	done(&d);
	expect_422("POST", "/product_categories",
	    "{\"slug\":\"Not A Slug\",\"name\":\"x\",\"position\":1001}",
	    "body", "slug", "string_pattern_mismatch");
	expect_422("POST", "/product_categories",
	    "{\"slug\":\"ok\",\"name\":\"x\",\"position\":1001}", "body",
	    "position", "less_than_equal");
	/* A dangling self reference. */
	expect_422("PATCH", fmt("/product_categories/%s", child),
	    "{\"parent_id\":2000000000}", "body", "parent_id", "foreign_key");

	/* A product with every kind of value, read back as written. */
	sku = strdup(fmt("PEN-%d", (int)getpid()));
	pid = create("/products",
	    fmt("{\"sku\":\"%s\",\"title\":\"Gel pen\",\"description\":"
		"\"# Pen\\n\\n*blue* \\\"ink\\\"\",\"price\":\"12345678.90\","
		"\"weight_kg\":0.015625,\"stock\":7,\"category_id\":%s,"
		"\"attributes\":{\"colour\":\"blue\",\"sizes\":[1,2.5,null],"
		"\"nested\":{\"ok\":true},\"text\":\"\\u00e9\\u2603\\\"\"},"
		"\"status\":\"active\",\"available_from\":"
		"\"2025-03-04T05:06:07.25\",\"released_on\":\"2025-01-31\"}",
		sku, child));
	/* The key is a uuid (default random), and the path takes it. */
	assert_int_equal(strlen(pid), 36);
	call(&d, "GET", fmt("/products/%s", pid), NULL, 200);
	assert_string_equal(str(&d, "sku"), sku);
	assert_string_equal(str(&d, "description"), "# Pen\n\n*blue* \"ink\"");
	assert_string_equal(raw(&d, "price"), "12345678.90");
	assert_string_equal(raw(&d, "weight_kg"), "0.015625");
	assert_string_equal(raw(&d, "stock"), "7");
	assert_string_equal(raw(&d, "views"), "0");
	assert_string_equal(str(&d, "status"), "active");
	assert_string_equal(
	    str(&d, "available_from"), "2025-03-04T05:06:07.25");
	assert_string_equal(str(&d, "released_on"), "2025-01-31");
	/* json: stored and returned as JSON, not as a string. */
	a = member(&d, "attributes");
	assert_int_equal(a->type, SC_JSON_OBJECT);
	v = sc_json_member(a, "sizes");
	assert_non_null(v);
	assert_int_equal(v->type, SC_JSON_ARRAY);
	assert_int_equal(v->nchildren, 3);
	v = sc_json_member(a, "text");
	assert_non_null(v);
	assert_string_equal(v->str, "\xc3\xa9\xe2\x98\x83\"");
	v = sc_json_member(sc_json_member(a, "nested"), "ok");
	assert_non_null(v);
	assert_int_equal(v->type, SC_JSON_BOOL);
	done(&d);
	call(&d, "GET", fmt("/products/by-sku/%s", sku), NULL, 200);
	assert_string_equal(str(&d, "id"), pid);
	done(&d);
	/* Upper-case uuids name the same row. */
	{
		char up[40];
		size_t i;

		for (i = 0; pid[i] != '\0' && i < sizeof(up) - 1; i++)
			up[i] = (char)(pid[i] >= 'a' && pid[i] <= 'f'
				? pid[i] - 'a' + 'A'
				: pid[i]);
		up[i] = '\0';
		call(&d, "GET", fmt("/products/%s", up), NULL, 200);
		done(&d);
	}

	/* Defaults: status draft, attributes {}, the literal timestamp. */
	other = new_product(root);
	call(&d, "GET", fmt("/products/%s", other), NULL, 200);
	free(other);
	assert_string_equal(str(&d, "status"), "draft");
	assert_string_equal(raw(&d, "attributes"), "{}");
	assert_string_equal(str(&d, "available_from"), "2024-01-01T00:00:00");
	done(&d);

	/* Validation of every product rule at once. */
	call(&d, "POST", "/products",
	    "{\"sku\":\"bad sku\",\"title\":\"x\",\"price\":-1,\"weight_kg\":"
	    "1001,\"stock\":-1,\"category_id\":1,\"status\":\"gone\","
	    "\"available_from\":\"tomorrow\",\"views\":5,\"colour\":1}",
	    422);
	assert_int_equal(member(&d, "detail")->nchildren, 8);
	done(&d);
	expect_422("POST", "/products",
	    fmt("{\"sku\":\"OK-1\",\"title\":\"x\",\"price\":\"1.234\","
		"\"category_id\":%s}",
		root),
	    "body", "price", "decimal_max_places");
	expect_422(
	    "GET", "/products/not-a-uuid", NULL, "path", "id", "uuid_parsing");
	free(root);
	free(child);
	free(pid);
	free(sku);
}

static void
test_catalogue_lists(void **state)
{
	char *cat, *p1, *p2;
	struct th_resp *r;
	char *total;

	(void)state;
	cat = new_category(NULL);
	p1 = new_product(cat);
	p2 = new_product(cat);
	/* Filter on the first column of a composite index, and on uuid. */
	assert_int_equal(count(fmt("/products?category_id=%s", cat)), 2);
	assert_int_equal(count(fmt("/products?id=%s", p1)), 1);
	assert_int_equal(count(fmt("/products?category_id=%s&order_by=-title"
				   "&limit=1",
			     cat)),
	    1);
	r = th_json("GET",
	    fmt("/products?category_id=%s&count=true&limit=1", cat), NULL);
	expect_status(r, 200);
	total = th_header(r, "x-total-count");
	assert_string_equal(total, "2");
	free(total);
	th_free(r);
	/* Keyset paging over uuid keys. */
	assert_int_equal(count(fmt("/products?category_id=%s&after=%s", cat,
			     strcmp(p1, p2) < 0 ? p1 : p2)),
	    1);
	/* A filter that does not fit the field's type. */
	expect_422("GET", "/products?category_id=x", NULL, "query",
	    "category_id", "int_parsing");
	expect_422(
	    "GET", "/products?id=123", NULL, "query", "id", "uuid_parsing");
	expect_422("GET", "/products?order_by=price", NULL, "query", "order_by",
	    "literal_error");
	/* Unknown filters (status is not indexed) are ignored. */
	assert_true(count("/products?status=nonsense") >= 2);
	free(cat);
	free(p1);
	free(p2);
}

static void
test_references(void **state)
{
	char *root, *child, *prod, *cust, *order, *addr;
	struct doc d;

	(void)state;
	root = new_category(NULL);
	child = new_category(root);
	prod = new_product(child);
	/* restrict: the category still has a product. */
	expect_detail("DELETE", fmt("/product_categories/%s", child), NULL, 409,
	    "Category is still referenced");
	expect_422("POST", "/products",
	    "{\"sku\":\"X-1\",\"title\":\"x\",\"price\":1,\"category_id\":"
	    "2000000000}",
	    "body", "category_id", "foreign_key");
	/* set null: deleting the parent category keeps the child. */
	call(&d, "DELETE", fmt("/product_categories/%s", root), NULL, 204);
	done(&d);
	call(&d, "GET", fmt("/product_categories/%s", child), NULL, 200);
	assert_string_equal(raw(&d, "parent_id"), "null");
	done(&d);

	/* Chains: order_item -> order -> customer. */
	cust = new_customer();
	addr = create("/addresses",
	    fmt("{\"customer_id\":%s,\"line1\":\"Main St 1\",\"city\":"
		"\"Berlin\",\"postcode\":\"10115\"}",
		cust));
	call(&d, "GET", fmt("/addresses/%s", addr), NULL, 200);
	assert_string_equal(str(&d, "country"), "DE");
	done(&d);
	expect_422("POST", "/addresses",
	    fmt("{\"customer_id\":%s,\"line1\":\"x\",\"city\":\"x\","
		"\"postcode\":\"1\",\"country\":\"de\"}",
		cust),
	    "body", "country", "string_pattern_mismatch");
	order = create("/orders",
	    fmt("{\"customer_id\":%s,\"address_id\":%s,\"paid_at\":"
		"\"2025-05-06T07:08:09.123456\",\"note\":\"ring twice\"}",
		cust, addr));
	call(&d, "GET", fmt("/orders/%s", order), NULL, 200);
	assert_string_equal(str(&d, "status"), "pending");
	assert_string_equal(str(&d, "paid_at"), "2025-05-06T07:08:09.123456");
	assert_string_equal(raw(&d, "total"), "0.00");
	done(&d);
	free(create("/order_items",
	    fmt("{\"order_id\":%s,\"product_id\":\"%s\",\"unit_price\":"
		"\"9.99\"}",
		order, prod)));
	/* unique_together (order_id, product_id). */
	expect_detail("POST", "/order_items",
	    fmt("{\"order_id\":%s,\"product_id\":\"%s\",\"unit_price\":1}",
		order, prod),
	    409, "OrderItem with this order_id and product_id already exists");
	expect_422("POST", "/order_items",
	    fmt("{\"order_id\":%s,\"product_id\":\"%s\",\"unit_price\":1,"
		"\"quantity\":0}",
		order, prod),
	    "body", "quantity", "greater_than_equal");
	assert_int_equal(count(fmt("/orders?customer_id=%s", cust)), 1);

	/* restrict: the customer has an order; the product an item. */
	expect_detail("DELETE", fmt("/customers/%s", cust), NULL, 409,
	    "Customer is still referenced");
	expect_detail("DELETE", fmt("/products/%s", prod), NULL, 409,
	    "Product is still referenced");
	/* cascade: deleting the order deletes its items. */
	call(&d, "DELETE", fmt("/orders/%s", order), NULL, 204);
	done(&d);
	call(&d, "DELETE", fmt("/products/%s", prod), NULL, 204);
	done(&d);
	/* cascade: deleting the customer deletes the address. */
	call(&d, "DELETE", fmt("/customers/%s", cust), NULL, 204);
	done(&d);
	expect_detail(
	    "GET", fmt("/addresses/%s", addr), NULL, 404, "Address not found");
	free(root);
	free(child);
	free(prod);
	free(cust);
	free(order);
	free(addr);
}

static void
test_reviews(void **state)
{
	char *cat, *prod, *cust, *rev;
	struct doc d;

	(void)state;
	cat = new_category(NULL);
	prod = new_product(cat);
	cust = new_customer();
	rev = create("/reviews",
	    fmt("{\"product_id\":\"%s\",\"customer_id\":%s,\"rating\":5,"
		"\"body\":\"Writes well, every time.\"}",
		prod, cust));
	assert_int_equal(count(fmt("/reviews?product_id=%s", prod)), 1);
	expect_422("POST", "/reviews",
	    fmt("{\"product_id\":\"%s\",\"rating\":6,\"body\":\"short\"}",
		prod),
	    "body", "rating", "less_than_equal");
	expect_422("POST", "/reviews",
	    fmt("{\"product_id\":\"%s\",\"rating\":1,\"body\":\"short\"}",
		prod),
	    "body", "body", "string_too_short");
	/* set null: the review outlives its author. */
	call(&d, "DELETE", fmt("/customers/%s", cust), NULL, 204);
	done(&d);
	call(&d, "GET", fmt("/reviews/%s", rev), NULL, 200);
	assert_string_equal(raw(&d, "customer_id"), "null");
	assert_int_equal(num(&d, "rating"), 5);
	done(&d);
	/* cascade: deleting the product deletes its reviews. */
	call(&d, "DELETE", fmt("/products/%s", prod), NULL, 204);
	done(&d);
	expect_detail(
	    "GET", fmt("/reviews/%s", rev), NULL, 404, "Review not found");
	free(cat);
	free(prod);
	free(cust);
	free(rev);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_routes),
		cmocka_unit_test(test_customer),
		cmocka_unit_test(test_catalogue),
		cmocka_unit_test(test_catalogue_lists),
		cmocka_unit_test(test_references),
		cmocka_unit_test(test_reviews),
	};

	struct th_resp *r;

	curl_global_init(CURL_GLOBAL_DEFAULT);
	/* Say so plainly when this runs against another app than the shop's. */
	r = th_json("GET", "/product_categories?limit=1", NULL);
	if (r->status != 200) {
		fprintf(stderr,
		    "http_shop: %s does not serve the shop fixture's app "
		    "(GET /product_categories: %ld); run it with "
		    "SCHEMAC_GEN and SCHEMAC_MODULE naming the shop build\n",
		    th_base(), r->status);
		th_free(r);
		return (1);
	}
	th_free(r);
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
