/*
 * db_queries.c: the generated C API of the shipped User/Item schema
 * (generated/models.c, queries.c) against a real PostgreSQL: every query
 * function and result code, request decoding with its exact errors, and
 * JSON output. Needs DATABASE_URL naming a fresh, empty database; loads
 * generated/schema.sql (or -DSCHEMA_SQL, or $SCHEMAC_SCHEMA_SQL) first.
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

/* The DDL of the schema this test is compiled against (see setup()). */
#ifndef SCHEMA_SQL
#define SCHEMA_SQL "generated/schema.sql"
#endif

static PGconn *db;

/* Connect, insist on an empty database, and create the schema in it. */
static int
setup(void **state)
{
	(void)state;
	db = testdb_open("db_queries", SCHEMA_SQL);
	return (db != NULL ? 0 : -1);
}

static int
teardown(void **state)
{
	(void)state;
	PQfinish(db);
	return (0);
}

/* Create a user whose email and username derive from name. */
static void
make_user(const char *name, struct user *out)
{
	struct user in;
	char email[128];

	user_init(&in);
	(void)snprintf(email, sizeof(email), "%s@example.com", name);
	in.email = strdup(email);
	in.username = strdup(name);
	assert_int_equal(user_create(db, &in, out), SCHEMAC_OK);
	user_clear(&in);
}

static void
make_item(int32_t owner, const char *title, struct item *out)
{
	struct item in;

	item_init(&in);
	in.title = strdup(title);
	in.owner_id = owner;
	assert_int_equal(item_create(db, &in, out), SCHEMAC_OK);
	item_clear(&in);
}

static void
test_create_get(void **state)
{
	struct user u, got;

	(void)state;
	make_user("alice", &u);
	assert_true(u.id > 0);
	assert_string_equal(u.email, "alice@example.com");
	assert_string_equal(u.username, "alice");
	assert_null(u.full_name);
	assert_true(u.is_active); /* the default */

	assert_int_equal(user_get(db, u.id, &got), SCHEMAC_OK);
	assert_int_equal(got.id, u.id);
	assert_string_equal(got.email, "alice@example.com");
	user_clear(&got);

	assert_int_equal(
	    user_get_by_email(db, "alice@example.com", &got), SCHEMAC_OK);
	assert_int_equal(got.id, u.id);
	user_clear(&got);

	assert_int_equal(user_get_by_username(db, "alice", &got), SCHEMAC_OK);
	assert_int_equal(got.id, u.id);
	assert_string_equal(got.username, "alice");
	user_clear(&got);
	user_clear(&u);
}

static void
test_not_found(void **state)
{
	struct user_patch p;
	struct user got;

	(void)state;
	memset(&got, 0, sizeof(got));
	memset(&p, 0, sizeof(p));
	assert_int_equal(user_get(db, 999999, &got), SCHEMAC_NOT_FOUND);
	assert_int_equal(user_get_by_email(db, "nobody@example.com", &got),
	    SCHEMAC_NOT_FOUND);
	assert_int_equal(
	    user_get_by_username(db, "nobody", &got), SCHEMAC_NOT_FOUND);
	assert_int_equal(user_update(db, 999999, &p, &got), SCHEMAC_NOT_FOUND);
	assert_int_equal(user_delete(db, 999999), SCHEMAC_NOT_FOUND);
	assert_int_equal(
	    item_get(db, INT64_C(999999), NULL), SCHEMAC_NOT_FOUND);
}

static void
test_conflict(void **state)
{
	struct user u, in, dup;

	(void)state;
	make_user("bob", &u);
	user_init(&in);
	in.email = strdup("bob@example.com");
	in.username = strdup("bob2");
	assert_int_equal(user_create(db, &in, &dup), SCHEMAC_CONFLICT);
	user_clear(&in);

	/* Too long for varchar(50): the database refuses, not truncates. */
	user_init(&in);
	in.email = strdup("long@example.com");
	in.username = strdup("123456789012345678901234567890123456789012345"
			     "678901");
	assert_int_equal(user_create(db, &in, &dup), SCHEMAC_INVALID);
	user_clear(&in);

	/* NOT NULL without a default. */
	user_init(&in);
	in.username = strdup("noemail");
	assert_int_equal(user_create(db, &in, &dup), SCHEMAC_INVALID);
	user_clear(&in);
	user_clear(&u);
}

static void
test_list(void **state)
{
	struct user a, b, c, *rows;
	size_t n, i;

	(void)state;
	make_user("list1", &a);
	make_user("list2", &b);
	make_user("list3", &c);

	assert_int_equal(user_list(db, 1000, 0, &rows, &n), SCHEMAC_OK);
	assert_true(n >= 3);
	for (i = 1; i < n; i++)
		assert_true(rows[i - 1].id < rows[i].id);
	user_rows_free(rows, n);

	/* The last two of the three, by offset from the first. */
	assert_int_equal(user_list(db, 1000, 0, &rows, &n), SCHEMAC_OK);
	for (i = 0; i < n && rows[i].id != a.id; i++)
		;
	user_rows_free(rows, n);
	assert_int_equal(
	    user_list(db, 2, (int64_t)i + 1, &rows, &n), SCHEMAC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].id, b.id);
	assert_int_equal(rows[1].id, c.id);
	assert_string_equal(rows[1].username, "list3");
	user_rows_free(rows, n);

	assert_int_equal(user_list(db, 10, 100000, &rows, &n), SCHEMAC_OK);
	assert_int_equal(n, 0);
	user_rows_free(rows, n);

	/* A negative limit is the database's error, not a crash. */
	assert_int_equal(user_list(db, -1, 0, &rows, &n), SCHEMAC_INVALID);
	assert_null(rows);
	user_clear(&a);
	user_clear(&b);
	user_clear(&c);
}

static void
test_update(void **state)
{
	struct user u, got;
	struct user_patch p;

	(void)state;
	make_user("carol", &u);

	/* Only the given field changes. */
	memset(&p, 0, sizeof(p));
	p.full_name_set = true;
	p.full_name = "Carol C.";
	assert_int_equal(user_update(db, u.id, &p, &got), SCHEMAC_OK);
	assert_string_equal(got.full_name, "Carol C.");
	assert_string_equal(got.email, "carol@example.com");
	assert_string_equal(got.username, "carol");
	assert_true(got.is_active);
	user_clear(&got);

	/* A nullable field set to NULL, a bool set to false. */
	memset(&p, 0, sizeof(p));
	p.full_name_set = true;
	p.full_name = NULL;
	p.is_active_set = true;
	p.is_active = false;
	assert_int_equal(user_update(db, u.id, &p, &got), SCHEMAC_OK);
	assert_null(got.full_name);
	assert_false(got.is_active);
	assert_string_equal(got.email, "carol@example.com");
	user_clear(&got);

	/* An empty patch returns the row unchanged; out may be NULL. */
	memset(&p, 0, sizeof(p));
	assert_int_equal(user_update(db, u.id, &p, NULL), SCHEMAC_OK);
	assert_int_equal(user_get(db, u.id, &got), SCHEMAC_OK);
	assert_false(got.is_active);
	assert_null(got.full_name);
	user_clear(&got);

	/* Taking another user's email is a conflict. */
	memset(&p, 0, sizeof(p));
	p.email_set = true;
	p.email = "alice@example.com";
	assert_int_equal(user_update(db, u.id, &p, &got), SCHEMAC_CONFLICT);
	user_clear(&u);
}

static void
test_delete_cascade(void **state)
{
	struct user u;
	struct item it, got;

	(void)state;
	make_user("dave", &u);
	make_item(u.id, "lamp", &it);
	assert_int_equal(it.owner_id, u.id);
	assert_null(it.description);
	assert_int_equal(item_get(db, it.id, &got), SCHEMAC_OK);
	assert_string_equal(got.title, "lamp");
	item_clear(&got);

	assert_int_equal(user_delete(db, u.id), SCHEMAC_OK);
	assert_int_equal(
	    user_get(db, u.id, &(struct user){ 0 }), SCHEMAC_NOT_FOUND);
	/* on_delete: cascade took the item with it. */
	assert_int_equal(item_get(db, it.id, &got), SCHEMAC_NOT_FOUND);
	assert_int_equal(user_delete(db, u.id), SCHEMAC_NOT_FOUND);
	item_clear(&it);
	user_clear(&u);
}

static void
test_dangling_reference(void **state)
{
	struct item in, out;
	struct item_patch p;
	struct user u;

	(void)state;
	item_init(&in);
	in.title = strdup("orphan");
	in.owner_id = 999999;
	assert_int_equal(item_create(db, &in, &out), SCHEMAC_INVALID);
	item_clear(&in);

	make_user("erin", &u);
	make_item(u.id, "desk", &out);
	memset(&p, 0, sizeof(p));
	p.owner_id_set = true;
	p.owner_id = 999999;
	assert_int_equal(item_update(db, out.id, &p, NULL), SCHEMAC_INVALID);

	/* Patch the description only; title and owner stay. */
	memset(&p, 0, sizeof(p));
	p.description_set = true;
	p.description = "oak";
	assert_int_equal(item_update(db, out.id, &p, &in), SCHEMAC_OK);
	assert_string_equal(in.description, "oak");
	assert_string_equal(in.title, "desk");
	assert_int_equal(in.owner_id, u.id);
	assert_int_equal(item_delete(db, out.id), SCHEMAC_OK);
	item_clear(&in);
	item_clear(&out);
	user_clear(&u);
}

/* Parse text (which must be JSON) and decode it as a user body. */
static int
decode_user(
    const char *text, int create, struct user_patch *p, struct sc_verrs *errs)
{
	struct sc_json_doc doc;
	char err[128];
	int rc;

	assert_int_equal(
	    sc_json_parse(&doc, text, strlen(text), err, sizeof(err)),
	    SC_JSON_OK);
	rc = create ? user_decode_create(doc.root, p, errs)
		    : user_decode_patch(doc.root, p, errs);
	sc_json_doc_free(&doc);
	return (rc);
}

static void
expect_err(
    const struct sc_verrs *errs, size_t i, const char *field, const char *type)
{
	assert_true(i < errs->n);
	assert_string_equal(errs->items[i].where, "body");
	if (field == NULL)
		assert_null(errs->items[i].field);
	else
		assert_string_equal(errs->items[i].field, field);
	assert_string_equal(errs->items[i].type, type);
}

static void
test_decode_create(void **state)
{
	struct user_patch p;
	struct sc_verrs errs;

	(void)state;
	sc_verrs_init(&errs);
	assert_int_equal(decode_user("{\"email\": \"x@example.com\", "
				     "\"username\": \"x\"}",
			     1, &p, &errs),
	    0);
	assert_int_equal(errs.n, 0);
	assert_true(p.email_set);
	assert_string_equal(p.email, "x@example.com");
	assert_true(p.username_set);
	assert_false(p.full_name_set);
	assert_false(p.is_active_set);
	user_patch_clear(&p);

	/*
	 * Field errors in declaration order, then members that must not be
	 * there in body order.
	 */
	assert_int_equal(
	    decode_user(
		"{\"email\": 5, \"bogus\": 1, "
		"\"full_name\": null, \"id\": 3, \"is_active\": \"yes\"}",
		1, &p, &errs),
	    -1);
	assert_int_equal(errs.n, 5);
	expect_err(&errs, 0, "email", "string_type");
	expect_err(&errs, 1, "username", "missing");
	expect_err(&errs, 2, "is_active", "bool_type");
	expect_err(&errs, 3, "bogus", "extra_forbidden");
	expect_err(&errs, 4, "id", "readonly");
	assert_true(p.full_name_set);
	assert_null(p.full_name);
	user_patch_clear(&p);
	sc_verrs_free(&errs);

	sc_verrs_init(&errs);
	assert_int_equal(
	    decode_user(
		"{\"email\": \"y@example.com\", "
		"\"username\": \"123456789012345678901234567890123456789012345"
		"678901\"}",
		1, &p, &errs),
	    -1);
	assert_int_equal(errs.n, 1);
	expect_err(&errs, 0, "username", "string_too_long");
	user_patch_clear(&p);
	sc_verrs_free(&errs);

	/* A body that is no object. */
	sc_verrs_init(&errs);
	assert_int_equal(decode_user("[1]", 1, &p, &errs), -1);
	assert_int_equal(errs.n, 1);
	expect_err(&errs, 0, NULL, "model_attributes_type");
	user_patch_clear(&p);
	sc_verrs_free(&errs);
}

static void
test_decode_patch(void **state)
{
	struct user_patch p;
	struct sc_verrs errs;

	(void)state;
	sc_verrs_init(&errs);
	assert_int_equal(decode_user("{}", 0, &p, &errs), 0);
	assert_false(p.email_set || p.username_set || p.full_name_set ||
	    p.is_active_set);
	assert_int_equal(decode_user("{\"full_name\": null, \"is_active\": "
				     "false}",
			     0, &p, &errs),
	    0);
	assert_true(p.full_name_set);
	assert_null(p.full_name);
	assert_true(p.is_active_set);
	assert_false(p.is_active);
	user_patch_clear(&p);

	assert_int_equal(decode_user("{\"email\": null, \"id\": 1, "
				     "\"nope\": 2}",
			     0, &p, &errs),
	    -1);
	assert_int_equal(errs.n, 3);
	expect_err(&errs, 0, "email", "string_type");
	expect_err(&errs, 1, "id", "readonly");
	expect_err(&errs, 2, "nope", "extra_forbidden");
	user_patch_clear(&p);
	sc_verrs_free(&errs);
}

/* The handlers' path: decoded body → params → statement → row JSON. */
static void
test_params_row_json(void **state)
{
	struct user_patch p;
	struct sc_verrs errs;
	struct sc_params params;
	struct sc_buf b1, b2;
	struct user u;
	PGresult *res;
	char pk[32];

	(void)state;
	sc_verrs_init(&errs);
	assert_int_equal(
	    decode_user(
		"{\"email\": \"frank@example.com\", "
		"\"username\": \"frank\", \"full_name\": "
		"\"quote\\\" back\\\\slash\\nnew line \\u00e9 \\u2603\"}",
		1, &p, &errs),
	    0);
	user_create_params(&p, &params);
	assert_int_equal(
	    params.n, schemac_stmts[SCHEMAC_STMT_USER_CREATE].nparams);
	res = PQexecParams(db, schemac_stmts[SCHEMAC_STMT_USER_CREATE].sql,
	    params.n, NULL, params.values, NULL, NULL, 0);
	assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
	assert_int_equal(PQntuples(res), 1);
	user_patch_clear(&p);

	sc_buf_init(&b1);
	sc_buf_init(&b2);
	user_row_json(res, 0, &b1);
	assert_int_equal(user_from_row(res, 0, &u), 0);
	PQclear(res);
	user_to_json(&u, &b2);
	assert_string_equal(b1.data, b2.data);
	(void)snprintf(pk, sizeof(pk), "{\"id\":%d,", (int)u.id);
	assert_memory_equal(b1.data, pk, strlen(pk));
	assert_non_null(strstr(b1.data,
	    "\"email\":\"frank@example.com\","
	    "\"username\":\"frank\",\"full_name\":\"quote\\\" back\\\\slash"
	    "\\nnew line "));
	assert_non_null(strstr(b1.data, ",\"is_active\":true}"));
	/* Non-ASCII text comes back as the same characters. */
	assert_string_equal(
	    u.full_name, "quote\" back\\slash\nnew line \xc3\xa9 \xe2\x98\x83");
	{
		struct sc_json_doc doc;
		const struct sc_json *v;
		char err[128];

		assert_int_equal(
		    sc_json_parse(&doc, b1.data, b1.len, err, sizeof(err)),
		    SC_JSON_OK);
		v = sc_json_member(doc.root, "full_name");
		assert_non_null(v);
		assert_string_equal(v->str, u.full_name);
		sc_json_doc_free(&doc);
	}

	/* PATCH through update_params with the key as path text. */
	assert_int_equal(decode_user("{\"full_name\": null}", 0, &p, &errs), 0);
	(void)snprintf(pk, sizeof(pk), "%d", (int)u.id);
	user_update_params(pk, &p, &params);
	assert_int_equal(
	    params.n, schemac_stmts[SCHEMAC_STMT_USER_UPDATE].nparams);
	res = PQexecParams(db, schemac_stmts[SCHEMAC_STMT_USER_UPDATE].sql,
	    params.n, NULL, params.values, NULL, NULL, 0);
	assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
	assert_int_equal(PQntuples(res), 1);
	sc_buf_reset(&b1);
	user_row_json(res, 0, &b1);
	PQclear(res);
	assert_non_null(strstr(b1.data, ",\"full_name\":null,"));
	assert_non_null(strstr(b1.data, "\"username\":\"frank\""));
	user_patch_clear(&p);

	sc_buf_free(&b1);
	sc_buf_free(&b2);
	user_clear(&u);
	sc_verrs_free(&errs);
}

/* Every statement of the table is valid SQL with the declared parameters. */
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
}

static void
test_init_clear(void **state)
{
	struct user u;
	struct item it;

	(void)state;
	user_init(&u);
	assert_true(u.is_active);
	assert_null(u.email);
	user_clear(&u);
	user_clear(NULL);
	user_rows_free(NULL, 0);
	user_patch_clear(NULL);
	item_init(&it);
	assert_null(it.title);
	item_clear(&it);
	assert_string_equal(USER_TABLE, "users");
	assert_string_equal(USER_COL_FULL_NAME, "full_name");
	assert_string_equal(ITEM_COL_OWNER_ID, "owner_id");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_statements_prepare),
		cmocka_unit_test(test_init_clear),
		cmocka_unit_test(test_create_get),
		cmocka_unit_test(test_not_found),
		cmocka_unit_test(test_conflict),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_update),
		cmocka_unit_test(test_delete_cascade),
		cmocka_unit_test(test_dangling_reference),
		cmocka_unit_test(test_decode_create),
		cmocka_unit_test(test_decode_patch),
		cmocka_unit_test(test_params_row_json),
	};

	return (cmocka_run_group_tests(tests, setup, teardown));
}
