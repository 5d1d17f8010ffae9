/*
 * http_api.c: end-to-end tests of the generated HTTP API of the shipped
 * User/Item schema, over real HTTP against the running Kore app and a real
 * PostgreSQL (run through scripts/with-app.sh, which sets SCHEMAC_URL):
 * every endpoint's success and error statuses and bodies, list paging,
 * filters, ordering and counts, cascades, and hostile input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "schemac.h"
#include "testhttp.h"

/* Check a response's status; on a mismatch show what came back. */
#define expect_status(r, want)                                               \
	do {                                                                 \
		if ((r)->status != (want))                                   \
			print_error("status %ld, want %d; body: %.500s%s\n", \
			    (r)->status, (want), (r)->body, (r)->error);     \
		assert_int_equal((r)->status, (want));                       \
	} while (0)

/* The request, its status checked, and the exact body. */
static void
expect_exact(const char *method, const char *path, const char *body, int status,
    const char *want)
{
	struct th_resp *r;

	r = th_json(method, path, body);
	expect_status(r, status);
	assert_string_equal(r->body, want);
	th_free(r);
}

/* A name no other test uses: prefix-<pid>-<n>. */
static const char *
uniq(const char *prefix)
{
	static char buf[8][64];
	static int n;
	char *b;

	b = buf[n % 8];
	(void)snprintf(b, sizeof(buf[0]), "%s-%d-%d", prefix, (int)getpid(), n);
	n++;
	return (b);
}

/* Parse a response body that must be JSON. */
static void
parse(const struct th_resp *r, struct sc_json_doc *doc)
{
	char err[160];

	if (sc_json_parse(doc, r->body, r->body_len, err, sizeof(err)) !=
	    SC_JSON_OK)
		fail_msg("not JSON (%s): %.300s", err, r->body);
}

static int64_t
jint(const struct sc_json *obj, const char *key)
{
	const struct sc_json *v;
	int64_t n;

	v = sc_json_member(obj, key);
	assert_non_null(v);
	assert_int_equal(v->type, SC_JSON_NUMBER);
	assert_int_equal(sc_json_to_int64(v, &n), 0);
	return (n);
}

static const char *
jstr(const struct sc_json *obj, const char *key)
{
	const struct sc_json *v;

	v = sc_json_member(obj, key);
	assert_non_null(v);
	assert_int_equal(v->type, SC_JSON_STRING);
	return (v->str);
}

/* The ids of a JSON array of objects, in order, into ids; returns how many. */
static size_t
list_ids(const char *path, int64_t *ids, size_t max)
{
	struct sc_json_doc doc;
	const struct sc_json *e;
	struct th_resp *r;
	size_t n;

	r = th_json("GET", path, NULL);
	expect_status(r, 200);
	parse(r, &doc);
	assert_int_equal(doc.root->type, SC_JSON_ARRAY);
	n = 0;
	for (e = doc.root->child; e != NULL; e = e->next) {
		assert_true(n < max);
		ids[n++] = jint(e, "id");
	}
	sc_json_doc_free(&doc);
	th_free(r);
	return (n);
}

/* POST a body to path, expect 201 with a Location of path/<id>; the id. */
static int64_t
create(const char *path, const char *body)
{
	struct sc_json_doc doc;
	struct th_resp *r;
	char want[128];
	char *loc;
	int64_t id;

	r = th_json("POST", path, body);
	expect_status(r, 201);
	parse(r, &doc);
	id = jint(doc.root, "id");
	loc = th_header(r, "location");
	assert_non_null(loc);
	(void)snprintf(want, sizeof(want), "%s/%lld", path, (long long)id);
	assert_string_equal(loc, want);
	free(loc);
	sc_json_doc_free(&doc);
	th_free(r);
	return (id);
}

static int64_t
create_user(const char *email, const char *username)
{
	char body[512];

	(void)snprintf(body, sizeof(body),
	    "{\"email\":\"%s\",\"username\":\"%s\"}", email, username);
	return (create("/users", body));
}

static int64_t
create_item(const char *title, int64_t owner)
{
	char body[512];

	(void)snprintf(body, sizeof(body),
	    "{\"title\":\"%s\",\"owner_id\":%lld}", title, (long long)owner);
	return (create("/items", body));
}

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));

/* printf into a buffer that lives until the fourth next call. */
static char *
fmt(const char *f, ...)
{
	static char buf[4][2048];
	static int n;
	va_list ap;
	char *b;

	b = buf[n++ % 4];
	va_start(ap, f);
	(void)vsnprintf(b, sizeof(buf[0]), f, ap);
	va_end(ap);
	return (b);
}

/* --- the app ----------------------------------------------------------- */

static void
test_healthz(void **state)
{
	struct th_resp *r;
	char *allow;

	(void)state;
	expect_exact("GET", "/healthz", NULL, 200, "{\"status\":\"ok\"}");
	r = th_request("POST", "/healthz", "", "application/json");
	expect_status(r, 405);
	allow = th_header(r, "allow");
	assert_non_null(allow);
	assert_string_equal(allow, "GET");
	assert_string_equal(r->body, "{\"detail\":\"Method Not Allowed\"}");
	free(allow);
	th_free(r);
}

static void
test_unknown_path(void **state)
{
	struct th_resp *r;
	char *ct;

	(void)state;
	r = th_json("GET", "/nope", NULL);
	expect_status(r, 404);
	assert_string_equal(r->body, "{\"detail\":\"Not Found\"}");
	ct = th_header(r, "content-type");
	assert_non_null(ct);
	assert_string_equal(ct, "application/json");
	free(ct);
	th_free(r);
	expect_exact(
	    "GET", "/users/1/items", NULL, 404, "{\"detail\":\"Not Found\"}");
	expect_exact("GET", "/users/", NULL, 404, "{\"detail\":\"Not Found\"}");
	expect_exact("POST", "/nope", "{}", 404, "{\"detail\":\"Not Found\"}");
	expect_exact("DELETE", "/users/by-email/", NULL, 404,
	    "{\"detail\":\"Not Found\"}");
}

static void
expect_405(const char *method, const char *path, const char *allow)
{
	struct th_resp *r;
	char *a;

	r = th_request(method, path, "", "application/json");
	expect_status(r, 405);
	a = th_header(r, "allow");
	assert_non_null(a);
	assert_string_equal(a, allow);
	assert_string_equal(r->body, "{\"detail\":\"Method Not Allowed\"}");
	free(a);
	th_free(r);
}

static void
test_method_not_allowed(void **state)
{
	(void)state;
	expect_405("PUT", "/users", "GET, POST");
	expect_405("DELETE", "/users", "GET, POST");
	expect_405("PATCH", "/users", "GET, POST");
	expect_405("PUT", "/users/1", "GET, PATCH, DELETE");
	expect_405("POST", "/users/1", "GET, PATCH, DELETE");
	expect_405("POST", "/users/by-email/a@b.c", "GET");
	expect_405("DELETE", "/users/by-username/alice", "GET");
	expect_405("PUT", "/items", "GET, POST");
	expect_405("OPTIONS", "/items/1", "GET, PATCH, DELETE");
}

/* --- users -------------------------------------------------------------- */

static void
test_user_crud(void **state)
{
	const char *email, *name;
	struct th_resp *r;
	char *path, want[1024];
	int64_t id;

	(void)state;
	email = uniq("crud@example.com");
	name = uniq("crud");
	r = th_json("POST", "/users",
	    fmt("{\"email\":\"%s\",\"username\":\"%s\"}", email, name));
	expect_status(r, 201);
	{
		struct sc_json_doc doc;

		parse(r, &doc);
		id = jint(doc.root, "id");
		sc_json_doc_free(&doc);
	}
	/* Defaults filled in, nullable null, every field returned. */
	(void)snprintf(want, sizeof(want),
	    "{\"id\":%lld,\"email\":\"%s\",\"username\":\"%s\","
	    "\"full_name\":null,\"is_active\":true}",
	    (long long)id, email, name);
	assert_string_equal(r->body, want);
	path = th_header(r, "location");
	assert_string_equal(path, fmt("/users/%lld", (long long)id));
	th_free(r);

	expect_exact("GET", path, NULL, 200, want);
	expect_exact(
	    "GET", fmt("/users/by-username/%s", name), NULL, 200, want);
	expect_exact("GET", fmt("/users/by-email/%s", email), NULL, 200, want);
	/* The path value is percent-decoded. */
	expect_exact("GET", "/users/by-email/nobody%40example.com", NULL, 404,
	    "{\"detail\":\"User not found\"}");

	/* PATCH changes only what is given. */
	(void)snprintf(want, sizeof(want),
	    "{\"id\":%lld,\"email\":\"%s\",\"username\":\"%s\","
	    "\"full_name\":\"Ann \\\"the\\\" Admin\",\"is_active\":false}",
	    (long long)id, email, name);
	expect_exact("PATCH", path,
	    "{\"full_name\":\"Ann \\\"the\\\" Admin\",\"is_active\":false}",
	    200, want);
	expect_exact("GET", path, NULL, 200, want);
	/* An empty object changes nothing. */
	expect_exact("PATCH", path, "{}", 200, want);
	/* null on a nullable field clears it. */
	(void)snprintf(want, sizeof(want),
	    "{\"id\":%lld,\"email\":\"%s\",\"username\":\"%s\","
	    "\"full_name\":null,\"is_active\":false}",
	    (long long)id, email, name);
	expect_exact("PATCH", path, "{\"full_name\":null}", 200, want);

	/* DELETE: 204 without a body, then it is gone. */
	r = th_json("DELETE", path, NULL);
	expect_status(r, 204);
	assert_int_equal(r->body_len, 0);
	th_free(r);
	expect_exact("GET", path, NULL, 404, "{\"detail\":\"User not found\"}");
	expect_exact(
	    "DELETE", path, NULL, 404, "{\"detail\":\"User not found\"}");
	expect_exact("PATCH", path, "{\"full_name\":\"x\"}", 404,
	    "{\"detail\":\"User not found\"}");
	expect_exact(
	    "PATCH", path, "{}", 404, "{\"detail\":\"User not found\"}");
	expect_exact("GET", fmt("/users/by-username/%s", name), NULL, 404,
	    "{\"detail\":\"User not found\"}");
	free(path);
}

static void
test_user_path_id(void **state)
{
	(void)state;
	expect_exact("GET", "/users/999999", NULL, 404,
	    "{\"detail\":\"User not found\"}");
	expect_exact("GET", "/users/abc", NULL, 422,
	    "{\"detail\":[{\"loc\":[\"path\",\"id\"],\"msg\":\"Input should "
	    "be a valid integer, unable to parse string as an integer\","
	    "\"type\":\"int_parsing\"}]}");
	expect_exact("DELETE", "/users/1.5", NULL, 422,
	    "{\"detail\":[{\"loc\":[\"path\",\"id\"],\"msg\":\"Input should "
	    "be a valid integer, unable to parse string as an integer\","
	    "\"type\":\"int_parsing\"}]}");
	/* Beyond int32 (serial): not a valid id either. */
	expect_exact("GET", "/users/2147483648", NULL, 422,
	    "{\"detail\":[{\"loc\":[\"path\",\"id\"],\"msg\":\"Input should "
	    "be less than or equal to 2147483647\",\"type\":"
	    "\"less_than_equal\"}]}");
	expect_exact("PATCH", "/users/x", "{}", 422,
	    "{\"detail\":[{\"loc\":[\"path\",\"id\"],\"msg\":\"Input should "
	    "be a valid integer, unable to parse string as an integer\","
	    "\"type\":\"int_parsing\"}]}");
	/* A bad %-escape in the path can name no row. */
	expect_exact(
	    "GET", "/users/%zz", NULL, 404, "{\"detail\":\"User not found\"}");
}

static void
test_user_conflicts(void **state)
{
	const char *email, *name;
	struct th_resp *r;
	int64_t id;

	(void)state;
	email = uniq("dup@example.com");
	name = uniq("dup");
	id = create_user(email, name);
	expect_exact("POST", "/users",
	    fmt("{\"email\":\"%s\",\"username\":\"%s\"}", email, uniq("o")),
	    409, "{\"detail\":\"User with this email already exists\"}");
	expect_exact("POST", "/users",
	    fmt("{\"email\":\"%s\",\"username\":\"%s\"}", uniq("o@x.io"), name),
	    409, "{\"detail\":\"User with this username already exists\"}");
	/* Setting a user's own unique value again is no conflict. */
	r = th_json("PATCH", fmt("/users/%lld", (long long)id),
	    fmt("{\"username\":\"%s\"}", name));
	expect_status(r, 200);
	th_free(r);
}

static void
test_user_conflict_patch(void **state)
{
	const char *name;
	int64_t other;

	(void)state;
	name = uniq("taken");
	create_user(uniq("t@example.com"), name);
	other = create_user(uniq("t2@example.com"), uniq("t2"));
	expect_exact("PATCH", fmt("/users/%lld", (long long)other),
	    fmt("{\"username\":\"%s\"}", name), 409,
	    "{\"detail\":\"User with this username already exists\"}");
}

static void
test_user_validation(void **state)
{
	char body[512], longname[64];

	(void)state;
	/* Missing required fields: every one is reported. */
	expect_exact("POST", "/users", "{\"full_name\":\"x\"}", 422,
	    "{\"detail\":[{\"loc\":[\"body\",\"email\"],\"msg\":\"Field "
	    "required\",\"type\":\"missing\"},{\"loc\":[\"body\","
	    "\"username\"],\"msg\":\"Field required\",\"type\":"
	    "\"missing\"}]}");
	/* Wrong type. */
	expect_exact("POST", "/users", "{\"email\":\"w@x.io\",\"username\":42}",
	    422,
	    "{\"detail\":[{\"loc\":[\"body\",\"username\"],\"msg\":\"Input "
	    "should be a valid string\",\"type\":\"string_type\"}]}");
	expect_exact("PATCH", "/users/1", "{\"is_active\":\"maybe\"}", 422,
	    "{\"detail\":[{\"loc\":[\"body\",\"is_active\"],\"msg\":\"Input "
	    "should be a valid boolean\",\"type\":\"bool_type\"}]}");
	/* Unknown member. */
	expect_exact("POST", "/users",
	    "{\"email\":\"u@x.io\",\"username\":\"uu\",\"admin\":true}", 422,
	    "{\"detail\":[{\"loc\":[\"body\",\"admin\"],\"msg\":\"Extra "
	    "inputs are not permitted\",\"type\":\"extra_forbidden\"}]}");
	/* Too long: username is max_length 50. */
	memset(longname, 'a', 51);
	longname[51] = '\0';
	(void)snprintf(body, sizeof(body),
	    "{\"email\":\"l@x.io\",\"username\":\"%s\"}", longname);
	expect_exact("POST", "/users", body, 422,
	    "{\"detail\":[{\"loc\":[\"body\",\"username\"],\"msg\":\"String "
	    "should have at most 50 characters\",\"type\":"
	    "\"string_too_long\"}]}");
	/* 50 characters of 2 bytes each fit: lengths count characters. */
	{
		char u[256];
		int i;

		for (i = 0; i < 50; i++)
			memcpy(u + 2 * i, "\xc3\xa9", 2);
		u[100] = '\0';
		expect_exact("DELETE",
		    fmt("/users/%lld",
			(long long)create_user(uniq("e@example.com"), u)),
		    NULL, 204, "");
	}
	/* Readonly: the serial primary key is never accepted. */
	expect_exact("POST", "/users",
	    "{\"id\":7,\"email\":\"r@x.io\",\"username\":\"rr\"}", 422,
	    "{\"detail\":[{\"loc\":[\"body\",\"id\"],\"msg\":\"Field is "
	    "read-only\",\"type\":\"readonly\"}]}");
	expect_exact("PATCH", "/users/1", "{\"id\":7}", 422,
	    "{\"detail\":[{\"loc\":[\"body\",\"id\"],\"msg\":\"Field is "
	    "read-only\",\"type\":\"readonly\"}]}");
	/* null where null is not allowed. */
	expect_exact("PATCH", "/users/1", "{\"email\":null}", 422,
	    "{\"detail\":[{\"loc\":[\"body\",\"email\"],\"msg\":\"Input "
	    "should be a valid string\",\"type\":\"string_type\"}]}");
	/* Not an object. */
	expect_exact("POST", "/users", "[1,2]", 422,
	    "{\"detail\":[{\"loc\":[\"body\"],\"msg\":\"Input should be a "
	    "valid dictionary or object\",\"type\":"
	    "\"model_attributes_type\"}]}");
	/* No body at all. */
	expect_exact("POST", "/users", "", 422,
	    "{\"detail\":[{\"loc\":[\"body\"],\"msg\":\"Field required\","
	    "\"type\":\"missing\"}]}");
}

static void
test_bad_requests(void **state)
{
	struct sc_json_doc doc;
	struct th_resp *r;
	const char *limit;
	size_t max, n;
	char *big;

	(void)state;
	/* 400: malformed JSON, with where it went wrong. */
	r = th_json("POST", "/users", "{\"email\":");
	expect_status(r, 400);
	parse(r, &doc);
	assert_non_null(strstr(jstr(doc.root, "detail"), "Invalid JSON"));
	sc_json_doc_free(&doc);
	th_free(r);
	r = th_json("PATCH", "/users/1", "{\"email\":\"a\",}");
	expect_status(r, 400);
	th_free(r);

	/* 415: the body must say it is JSON. */
	r = th_request("POST", "/users", "{}", "text/plain");
	expect_status(r, 415);
	assert_string_equal(
	    r->body, "{\"detail\":\"Content-Type must be application/json\"}");
	th_free(r);
	r = th_request("PATCH", "/users/1", "{}", NULL);
	expect_status(r, 415);
	th_free(r);
	r = th_request(
	    "POST", "/items", "{}", "application/json; charset=utf-8");
	expect_status(r, 422);
	th_free(r);

	/* 413: a body over the limit (SCHEMAC_BODY_MAX, 1 MiB by default). */
	limit = getenv("SCHEMAC_BODY_MAX");
	max = limit != NULL ? (size_t)strtoul(limit, NULL, 10) : 1048576;
	n = max + 1;
	if ((big = malloc(n)) == NULL)
		fail();
	memset(big, ' ', n);
	big[0] = '{';
	big[n - 1] = '}';
	r = th_request_full("POST", "/users", big, n, "application/json", NULL);
	expect_status(r, 413);
	th_free(r);
	/* Just under the limit is read (and is an empty object). */
	r = th_request_full(
	    "POST", "/users", big, max, "application/json", NULL);
	assert_true(r->status == 400 || r->status == 422);
	th_free(r);
	free(big);
	expect_exact("GET", "/healthz", NULL, 200, "{\"status\":\"ok\"}");
}

/* --- items -------------------------------------------------------------- */

static void
test_item_crud(void **state)
{
	struct th_resp *r;
	char want[512];
	int64_t owner, id;

	(void)state;
	owner = create_user(uniq("own@example.com"), uniq("own"));
	r = th_json("POST", "/items",
	    fmt("{\"title\":\"Pen\",\"description\":\"blue\",\"owner_id\":%"
		"lld}",
		(long long)owner));
	expect_status(r, 201);
	{
		struct sc_json_doc doc;

		parse(r, &doc);
		id = jint(doc.root, "id");
		sc_json_doc_free(&doc);
	}
	(void)snprintf(want, sizeof(want),
	    "{\"id\":%lld,\"title\":\"Pen\",\"description\":\"blue\","
	    "\"owner_id\":%lld}",
	    (long long)id, (long long)owner);
	assert_string_equal(r->body, want);
	th_free(r);

	expect_exact("GET", fmt("/items/%lld", (long long)id), NULL, 200, want);
	(void)snprintf(want, sizeof(want),
	    "{\"id\":%lld,\"title\":\"Pencil\",\"description\":null,"
	    "\"owner_id\":%lld}",
	    (long long)id, (long long)owner);
	expect_exact("PATCH", fmt("/items/%lld", (long long)id),
	    "{\"title\":\"Pencil\",\"description\":null}", 200, want);
	expect_exact(
	    "DELETE", fmt("/items/%lld", (long long)id), NULL, 204, "");
	expect_exact("GET", fmt("/items/%lld", (long long)id), NULL, 404,
	    "{\"detail\":\"Item not found\"}");
	/* bigserial: the whole int64 range is a valid id. */
	expect_exact("GET", "/items/9223372036854775807", NULL, 404,
	    "{\"detail\":\"Item not found\"}");
	expect_exact("GET", "/items/9223372036854775808", NULL, 422,
	    "{\"detail\":[{\"loc\":[\"path\",\"id\"],\"msg\":\"Input should "
	    "be less than or equal to 9223372036854775807\",\"type\":"
	    "\"less_than_equal\"}]}");
}

static void
test_item_references(void **state)
{
	int64_t owner, id;

	(void)state;
	owner = create_user(uniq("ref@example.com"), uniq("ref"));
	/* A dangling owner: 422 on the member, not 409 or 500. */
	expect_exact("POST", "/items",
	    "{\"title\":\"x\",\"owner_id\":2000000000}", 422,
	    "{\"detail\":[{\"loc\":[\"body\",\"owner_id\"],\"msg\":"
	    "\"Referenced row does not exist\",\"type\":\"foreign_key\"}]}");
	id = create_item("ref", owner);
	expect_exact("PATCH", fmt("/items/%lld", (long long)id),
	    "{\"owner_id\":2000000000}", 422,
	    "{\"detail\":[{\"loc\":[\"body\",\"owner_id\"],\"msg\":"
	    "\"Referenced row does not exist\",\"type\":\"foreign_key\"}]}");
	/* Out of int32 range for the int column: caught before the DB. */
	expect_exact("POST", "/items",
	    "{\"title\":\"x\",\"owner_id\":99999999999999999999}", 422,
	    "{\"detail\":[{\"loc\":[\"body\",\"owner_id\"],\"msg\":\"Input "
	    "should be less than or equal to 2147483647\",\"type\":"
	    "\"less_than_equal\"}]}");
}

static void
test_cascade(void **state)
{
	int64_t owner, i1, i2, ids[8];

	(void)state;
	owner = create_user(uniq("cas@example.com"), uniq("cas"));
	i1 = create_item("one", owner);
	i2 = create_item("two", owner);
	assert_int_equal(
	    list_ids(fmt("/items?owner_id=%lld", (long long)owner), ids, 8), 2);
	expect_exact(
	    "DELETE", fmt("/users/%lld", (long long)owner), NULL, 204, "");
	expect_exact("GET", fmt("/items/%lld", (long long)i1), NULL, 404,
	    "{\"detail\":\"Item not found\"}");
	expect_exact("GET", fmt("/items/%lld", (long long)i2), NULL, 404,
	    "{\"detail\":\"Item not found\"}");
	assert_int_equal(
	    list_ids(fmt("/items?owner_id=%lld", (long long)owner), ids, 8), 0);
}

/* Run one SQL statement on the app's database (as a DBA would), via psql. */
static void
dba(const char *sql)
{
	char cmd[1024];

	assert_non_null(getenv("DATABASE_URL"));
	(void)snprintf(cmd, sizeof(cmd),
	    "psql -X -q -v ON_ERROR_STOP=1 -d \"$DATABASE_URL\" -c '%s'", sql);
	assert_int_equal(system(cmd), 0);
}

/*
 * A value over a database limit is the client's error, not the server's:
 * with a b-tree index on items.description (added by a DBA), 3000 bytes
 * that do not compress exceed the index row limit (2704 bytes; SQLSTATE
 * 54000, "index row size exceeds maximum"). That is a 422, never a 503,
 * and the database's text is not in it.
 */
static void
test_over_index_limit(void **state)
{
	static const char want_field[] =
	    "{\"detail\":[{\"loc\":[\"body\",\"description\"],\"msg\":\"Value "
	    "error, value is too large for the database\",\"type\":"
	    "\"value_error\"}]}";
	static const char want_body[] =
	    "{\"detail\":[{\"loc\":[\"body\"],\"msg\":\"Value error, value is "
	    "too large for the database\",\"type\":\"value_error\"}]}";
	struct th_resp *r;
	char big[3001], *body;
	uint32_t x;
	int64_t owner, id;
	size_t i;

	(void)state;
	/* Pseudo-random letters: pglz cannot shrink them below the limit. */
	x = 2463534242u;
	for (i = 0; i < sizeof(big) - 1; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		big[i] = (char)('a' + x % 26);
	}
	big[sizeof(big) - 1] = '\0';
	owner = create_user(uniq("big@example.com"), uniq("big"));
	id = create_item("big", owner);
	if ((body = malloc(sizeof(big) + 128)) == NULL)
		abort();

	/* An index named as schemac names them: the field is known. */
	dba("CREATE INDEX items_description_idx ON items (description)");
	(void)snprintf(body, sizeof(big) + 128,
	    "{\"title\":\"big\",\"description\":\"%s\",\"owner_id\":%lld}", big,
	    (long long)owner);
	expect_exact("POST", "/items", body, 422, want_field);
	(void)snprintf(
	    body, sizeof(big) + 128, "{\"description\":\"%s\"}", big);
	expect_exact(
	    "PATCH", fmt("/items/%lld", (long long)id), body, 422, want_field);
	dba("DROP INDEX items_description_idx");

	/* Any other index: only the body is to blame. */
	dba("CREATE INDEX dba_description ON items (description)");
	expect_exact(
	    "PATCH", fmt("/items/%lld", (long long)id), body, 422, want_body);
	dba("DROP INDEX dba_description");

	/* Without the index the value fits. */
	r = th_json("PATCH", fmt("/items/%lld", (long long)id), body);
	expect_status(r, 200);
	assert_non_null(strstr(r->body, big));
	th_free(r);
	free(body);
}

/* --- lists ------------------------------------------------------------- */

static void
test_list_paging(void **state)
{
	int64_t owner, made[5], ids[1000];
	struct th_resp *r;
	char *count;
	size_t n;
	int i;

	(void)state;
	owner = create_user(uniq("page@example.com"), uniq("page"));
	for (i = 0; i < 5; i++)
		made[i] = create_item(fmt("page %d", 5 - i), owner);

	/* Filter, default order (primary key), limit and offset. */
	n = list_ids(fmt("/items?owner_id=%lld", (long long)owner), ids, 1000);
	assert_int_equal(n, 5);
	for (i = 0; i < 5; i++)
		assert_int_equal(ids[i], made[i]);
	n = list_ids(
	    fmt("/items?owner_id=%lld&limit=2&offset=1", (long long)owner), ids,
	    1000);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], made[1]);
	assert_int_equal(ids[1], made[2]);
	/* Plain list: the prepared statement, ordered by id, limit 100. */
	n = list_ids("/items", ids, 1000);
	assert_true(n >= 5 && n <= 100);
	for (i = 1; i < (int)n; i++)
		assert_true(ids[i - 1] < ids[i]);
	n = list_ids("/items?limit=1", ids, 1000);
	assert_int_equal(n, 1);

	/* order_by a field, ascending and descending. */
	n = list_ids(
	    fmt("/items?owner_id=%lld&order_by=title", (long long)owner), ids,
	    1000);
	assert_int_equal(n, 5);
	for (i = 0; i < 5; i++)
		assert_int_equal(ids[i], made[4 - i]);
	n = list_ids(fmt("/items?owner_id=%lld&order_by=-title&limit=2",
			 (long long)owner),
	    ids, 1000);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], made[0]);
	n = list_ids(fmt("/items?owner_id=%lld&order_by=-id", (long long)owner),
	    ids, 1000);
	assert_int_equal(ids[0], made[4]);

	/* Keyset paging: after the second, in both directions. */
	n = list_ids(fmt("/items?owner_id=%lld&after=%lld&limit=2",
			 (long long)owner, (long long)made[1]),
	    ids, 1000);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], made[2]);
	assert_int_equal(ids[1], made[3]);
	n = list_ids(fmt("/items?owner_id=%lld&after=%lld&order_by=-id",
			 (long long)owner, (long long)made[1]),
	    ids, 1000);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], made[0]);

	/* Equality on an indexed text field. */
	n = list_ids(
	    fmt("/items?owner_id=%lld&title=page%%203", (long long)owner), ids,
	    1000);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], made[2]);

	/* count=true: X-Total-Count of the filter, even on an empty page. */
	r = th_json("GET",
	    fmt("/items?owner_id=%lld&limit=2&count=true", (long long)owner),
	    NULL);
	expect_status(r, 200);
	count = th_header(r, "x-total-count");
	assert_non_null(count);
	assert_string_equal(count, "5");
	free(count);
	th_free(r);
	r = th_json("GET",
	    fmt("/items?owner_id=%lld&offset=10&count=true", (long long)owner),
	    NULL);
	expect_status(r, 200);
	assert_string_equal(r->body, "[]");
	count = th_header(r, "x-total-count");
	assert_string_equal(count, "5");
	free(count);
	th_free(r);
	r = th_json("GET",
	    fmt("/items?owner_id=%lld&after=%lld&count=1", (long long)owner,
		(long long)made[3]),
	    NULL);
	count = th_header(r, "x-total-count");
	assert_string_equal(count, "5");
	free(count);
	th_free(r);
	/* No header unless asked. */
	r = th_json("GET", "/items?count=false", NULL);
	expect_status(r, 200);
	assert_null(th_header(r, "x-total-count"));
	th_free(r);
	r = th_json("GET", "/users?count=true&limit=1", NULL);
	count = th_header(r, "x-total-count");
	assert_non_null(count);
	assert_true(atoi(count) >= 1);
	free(count);
	th_free(r);
	/* Unique fields filter too. */
	n = list_ids("/users?username=no-such-user", ids, 1000);
	assert_int_equal(n, 0);
}

static void
test_list_errors(void **state)
{
	(void)state;
	expect_exact("GET", "/items?limit=0", NULL, 422,
	    "{\"detail\":[{\"loc\":[\"query\",\"limit\"],\"msg\":\"Input "
	    "should be greater than or equal to 1\",\"type\":"
	    "\"greater_than_equal\"}]}");
	expect_exact("GET", "/users?limit=1001", NULL, 422,
	    "{\"detail\":[{\"loc\":[\"query\",\"limit\"],\"msg\":\"Input "
	    "should be less than or equal to 1000\",\"type\":"
	    "\"less_than_equal\"}]}");
	expect_exact("GET", "/users?limit=ten", NULL, 422,
	    "{\"detail\":[{\"loc\":[\"query\",\"limit\"],\"msg\":\"Input "
	    "should be a valid integer, unable to parse string as an "
	    "integer\",\"type\":\"int_parsing\"}]}");
	expect_exact("GET", "/users?offset=-1", NULL, 422,
	    "{\"detail\":[{\"loc\":[\"query\",\"offset\"],\"msg\":\"Input "
	    "should be greater than or equal to 0\",\"type\":"
	    "\"greater_than_equal\"}]}");
	expect_exact("GET", "/items?owner_id=abc", NULL, 422,
	    "{\"detail\":[{\"loc\":[\"query\",\"owner_id\"],\"msg\":\"Input "
	    "should be a valid integer, unable to parse string as an "
	    "integer\",\"type\":\"int_parsing\"}]}");
	expect_exact("GET", "/items?order_by=description", NULL, 422,
	    "{\"detail\":[{\"loc\":[\"query\",\"order_by\"],\"msg\":\"Input "
	    "should be 'id', '-id', 'title', '-title', 'owner_id' or "
	    "'-owner_id'\",\"type\":\"literal_error\"}]}");
	expect_exact("GET", "/items?order_by=title&after=3", NULL, 422,
	    "{\"detail\":[{\"loc\":[\"query\",\"after\"],\"msg\":\"Value "
	    "error, after needs the list ordered by id or -id\",\"type\":"
	    "\"value_error\"}]}");
	expect_exact("GET", "/items?after=x", NULL, 422,
	    "{\"detail\":[{\"loc\":[\"query\",\"after\"],\"msg\":\"Input "
	    "should be a valid integer, unable to parse string as an "
	    "integer\",\"type\":\"int_parsing\"}]}");
	expect_exact("GET", "/items?count=perhaps", NULL, 422,
	    "{\"detail\":[{\"loc\":[\"query\",\"count\"],\"msg\":\"Input "
	    "should be a valid boolean, unable to interpret input\",\"type\":"
	    "\"bool_parsing\"}]}");
	/* Bad percent-encoding or invalid UTF-8 in the query: 400. */
	expect_exact("GET", "/items?title=%ff", NULL, 400,
	    "{\"detail\":\"Malformed query string: bad percent-encoding or "
	    "invalid UTF-8\"}");
	/* Unknown query arguments are ignored, as in FastAPI. */
	expect_exact("GET", "/items?limit=1&colour=red&limit=0", NULL, 422,
	    "{\"detail\":[{\"loc\":[\"query\",\"limit\"],\"msg\":\"Input "
	    "should be greater than or equal to 1\",\"type\":"
	    "\"greater_than_equal\"}]}");
}

/* --- access log --------------------------------------------------------- */

/*
 * Is line one the access log wrote for want ("METHOD TARGET HTTP/1.1"
 * STATUS LEN)? It must read 127.0.0.1 - - [dd/Mon/yyyy:hh:mm:ss +0000]
 * "<want> <microseconds>.
 */
static int
access_line_is(const char *line, const char *want)
{
	static const char pre[] = "127.0.0.1 - - [";
	char mon[4], tail[16];
	const char *p;
	int d, y, h, mi, se, n;

	if (strncmp(line, pre, sizeof(pre) - 1) != 0)
		return (0);
	p = line + sizeof(pre) - 1;
	n = 0;
	if (sscanf(p, "%2d/%3[A-Za-z]/%4d:%2d:%2d:%2d +0000] %n", &d, mon, &y,
		&h, &mi, &se, &n) != 6 ||
	    n == 0)
		return (0);
	p += n;
	if (strncmp(p, want, strlen(want)) != 0)
		return (0);
	p += strlen(want);
	/* The duration: digits to the end of the line. */
	if (sscanf(p, " %15[0-9]%n", tail, &n) != 1 || p[n] != '\0')
		return (0);
	return (1);
}

/* How many lines of the log at path are for want. */
static int
access_log_count(const char *path, const char *want)
{
	char line[8192];
	size_t len;
	FILE *f;
	int count;

	if ((f = fopen(path, "r")) == NULL)
		return (0);
	count = 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		len = strlen(line);
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		count += access_line_is(line, want);
	}
	(void)fclose(f);
	return (count);
}

/*
 * Every response of our handlers gets one access log line (SCHEMAC_ACCESSLOG,
 * which scripts/with-app.sh sets), written within the flush interval; a
 * '"' in the request target is escaped. The nonce keeps lines of earlier
 * runs (the file is appended to) from matching.
 */
static void
test_access_log(void **state)
{
	const char *path;
	char nonce[64], url[4][160], want[4][256];
	static const int status[4] = { 404, 404, 405, 200 };
	struct th_resp *r;
	int i, tries, found;

	(void)state;
	path = getenv("SCHEMAC_ACCESSLOG");
	if (path == NULL || *path == '\0' || strcmp(path, "off") == 0)
		fail_msg("SCHEMAC_ACCESSLOG is not set (run via with-app.sh)");
	(void)snprintf(nonce, sizeof(nonce), "al-%d-%lld", (int)getpid(),
	    (long long)time(NULL));
	(void)snprintf(url[0], sizeof(url[0]), "/users/2147483000?n=%s", nonce);
	(void)snprintf(want[0], sizeof(want[0]),
	    "\"GET /users/2147483000?n=%s HTTP/1.1\" 404 27", nonce);
	(void)snprintf(url[1], sizeof(url[1]), "/no-such-%s?q=\"a", nonce);
	(void)snprintf(want[1], sizeof(want[1]),
	    "\"GET /no-such-%s?q=\\x22a HTTP/1.1\" 404 22", nonce);
	(void)snprintf(url[2], sizeof(url[2]), "/healthz?n=%s", nonce);
	(void)snprintf(want[2], sizeof(want[2]),
	    "\"DELETE /healthz?n=%s HTTP/1.1\" 405 31", nonce);
	(void)snprintf(url[3], sizeof(url[3]), "/healthz?n=%s", nonce);
	(void)snprintf(want[3], sizeof(want[3]),
	    "\"GET /healthz?n=%s HTTP/1.1\" 200 15", nonce);
	for (i = 0; i < 4; i++) {
		r = th_request(i == 2 ? "DELETE" : "GET", url[i], NULL, NULL);
		expect_status(r, status[i]);
		th_free(r);
	}
	/* Workers flush every 500 ms. */
	for (tries = 0; tries < 30; tries++) {
		found = 0;
		for (i = 0; i < 4; i++)
			found += access_log_count(path, want[i]) == 1;
		if (found == 4)
			break;
		(void)usleep(100 * 1000);
	}
	for (i = 0; i < 4; i++) {
		if (access_log_count(path, want[i]) != 1)
			fail_msg("%s: want one line with %s", path, want[i]);
	}
}

/* --- hostile input ------------------------------------------------------ */

static void
test_hostile(void **state)
{
	static const char *const evil[] = {
		"x'); DROP TABLE users; --",
		"\\\"; SELECT pg_sleep(10); --",
		"$1 $2 %s %n",
		"\xe2\x80\x8f\xf0\x9f\x98\x80 <script>",
	};
	static const char nul[] =
	    "{\"email\":\"a\0b@x.io\",\"username\":\"nul\"}";
	struct sc_json_doc doc;
	struct th_resp *r;
	struct sc_buf b;
	char *deep;
	size_t i, n;
	int64_t id, ids[4];

	(void)state;
	/* Injection strings are data: stored and returned verbatim. */
	for (i = 0; i < sizeof(evil) / sizeof(evil[0]); i++) {
		sc_buf_init(&b);
		sc_buf_puts(&b, "{\"email\":");
		sc_json_cstr(&b, uniq("evil@example.com"));
		sc_buf_puts(&b, ",\"username\":");
		sc_json_cstr(&b, fmt("%s%d", evil[i], (int)getpid()));
		sc_buf_puts(&b, ",\"full_name\":");
		sc_json_cstr(&b, evil[i]);
		sc_buf_puts(&b, "}");
		id = create("/users", b.data);
		sc_buf_free(&b);
		r = th_json("GET", fmt("/users/%lld", (long long)id), NULL);
		expect_status(r, 200);
		parse(r, &doc);
		assert_string_equal(jstr(doc.root, "full_name"), evil[i]);
		sc_json_doc_free(&doc);
		th_free(r);
	}
	/* ... and in a query value (percent-encoded), only ever a value. */
	n = list_ids(
	    "/users?username=x%27%29%3B%20DROP%20TABLE%20users%3B", ids, 4);
	assert_int_equal(n, 0);
	expect_exact("GET", "/users/by-username/x%27%20OR%201%3D1%20--", NULL,
	    404, "{\"detail\":\"User not found\"}");
	n = list_ids("/users?limit=1", ids, 4);
	assert_int_equal(n, 1);

	/* Invalid UTF-8 in a body: 400, and the worker goes on. */
	r = th_json("POST", "/users",
	    "{\"email\":\"\xff\xfe@example.com\",\"username\":\"bad\"}");
	expect_status(r, 400);
	th_free(r);
	r = th_json("POST", "/users",
	    "{\"email\":\"\xed\xa0\x80@x.io\",\"username\":\"surrogate\"}");
	expect_status(r, 400);
	th_free(r);
	/* A raw NUL inside a string. */
	r = th_request_full(
	    "POST", "/users", nul, sizeof(nul) - 1, "application/json", NULL);
	expect_status(r, 400);
	th_free(r);

	/* Deeply nested JSON: 400, no stack blown. */
	n = 100000;
	if ((deep = malloc(2 * n + 1)) == NULL)
		fail();
	memset(deep, '[', n);
	memset(deep + n, ']', n);
	deep[2 * n] = '\0';
	r = th_json("POST", "/users", deep);
	expect_status(r, 400);
	th_free(r);
	sc_buf_init(&b);
	for (i = 0; i < 1000; i++)
		sc_buf_puts(&b, "{\"a\":");
	sc_buf_puts(&b, "1");
	for (i = 0; i < 1000; i++)
		sc_buf_puts(&b, "}");
	r = th_json("PATCH", "/users/1", b.data);
	sc_buf_free(&b);
	expect_status(r, 400);
	th_free(r);
	free(deep);

	/* Overflowing numbers are validation errors. */
	r = th_json("POST", "/items", "{\"title\":\"x\",\"owner_id\":1e999}");
	expect_status(r, 422);
	th_free(r);

	/* The worker still serves. */
	expect_exact("GET", "/healthz", NULL, 200, "{\"status\":\"ok\"}");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_healthz),
		cmocka_unit_test(test_unknown_path),
		cmocka_unit_test(test_method_not_allowed),
		cmocka_unit_test(test_user_crud),
		cmocka_unit_test(test_user_path_id),
		cmocka_unit_test(test_user_conflicts),
		cmocka_unit_test(test_user_conflict_patch),
		cmocka_unit_test(test_user_validation),
		cmocka_unit_test(test_bad_requests),
		cmocka_unit_test(test_item_crud),
		cmocka_unit_test(test_item_references),
		cmocka_unit_test(test_cascade),
		cmocka_unit_test(test_over_index_limit),
		cmocka_unit_test(test_list_paging),
		cmocka_unit_test(test_list_errors),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_access_log),
	};

	curl_global_init(CURL_GLOBAL_DEFAULT);
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
