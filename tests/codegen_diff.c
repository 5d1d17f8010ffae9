/*
 * codegen_diff.c: unit tests of the migration differ, the lock and the
 * DDL naming (no database): lock round trips, PostgreSQL's name
 * shortening, widening versus narrowing, renamed_from matching, enum
 * changes, irreversibility and comment safety.
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

#include "check.h"
#include "ddl.h"
#include "diff.h"
#include "lock.h"

static struct ir_schema *
load(const char *text)
{
	struct ir_schema *s;
	int nerr;

	s = schema_load_buffer("test.yaml", text, strlen(text), &nerr);
	if (s == NULL)
		fail_msg("schema does not load (%d errors):\n%s", nerr, text);
	return (s);
}

/* Diff two schema texts; returns diff_schemas()'s result. */
static int
diff_texts(const char *a, const char *b, struct diff *d)
{
	struct ir_schema *x = load(a), *y = load(b);
	int rc;

	rc = diff_schemas(x, y, d);
	ir_free(x);
	ir_free(y);
	return (rc);
}

static const char rich[] =
    "models:\n"
    "  Customer:\n"
    "    doc: \"A buyer; it's \\\"quoted\\\"\\nand two lines\"\n"
    "    fields:\n"
    "      id: { type: uuid, primary_key: true, default: random }\n"
    "      email: { type: string, max_length: 255, unique: true }\n"
    "      name: { type: string, max_length: 100, min_length: 2, "
    "pattern: \"^[A-Za-z \\\\\\\\-]+$\", doc: Name }\n"
    "      bio: { type: text, nullable: true, max_length: 2000 }\n"
    "      tier: { type: enum, values: [free, \"it's\", \"x\\\"y\"], "
    "default: \"it's\" }\n"
    "      born: { type: date, nullable: true, default: \"2000-01-31\" }\n"
    "      joined: { type: timestamptz, default: now }\n"
    "      meta: { type: json, default: {\"a\": [1, \"b\"], \"c\": null} }\n"
    "      tags: { type: json, default: \"[1,2]\" }\n"
    "      score: { type: float, min: -1.5, max: 1e3, default: 0.5 }\n"
    "      balance: { type: numeric, precision: 12, scale: 2, "
    "default: \"10.25\" }\n"
    "      level: { type: smallint, default: -3 }\n"
    "      active: { type: bool, default: false }\n"
    "  Order:\n"
    "    table: purchase_orders\n"
    "    fields:\n"
    "      id: { type: bigserial, primary_key: true }\n"
    "      customer_id: { type: uuid, references: Customer.id, "
    "on_delete: restrict, index: true }\n"
    "      ref: { type: string, max_length: 20 }\n"
    "      parent_id: { type: bigint, nullable: true, references: Order.id, "
    "on_delete: set_null }\n"
    "    indexes:\n"
    "      - [customer_id, ref]\n"
    "    unique_together:\n"
    "      - [ref, parent_id]\n";

/* render -> load -> render is the identity, and the diff is empty. */
static void
test_lock_round_trip(void **state)
{
	struct ir_schema *s, *t;
	struct out a, b;
	struct diff d;
	int nerr;

	(void)state;
	s = load(rich);
	out_init(&a);
	lock_render(s, &a);
	assert_non_null(strstr(a.buf, "# schemac-lock: 1\n"));
	t = schema_load_buffer("schema.lock", a.buf, a.len, &nerr);
	if (t == NULL)
		fail_msg("the lock does not load:\n%s", a.buf);
	out_init(&b);
	lock_render(t, &b);
	assert_string_equal(a.buf, b.buf);
	assert_int_equal(diff_schemas(s, t, &d), 0);
	if (d.up_summary.n != 0)
		fail_msg("lock differs from the schema: %s", d.up_summary.v[0]);
	assert_int_equal(d.down_summary.n, 0);
	diff_free(&d);
	out_free(&a);
	out_free(&b);
	ir_free(s);
	ir_free(t);
}

/* The empty lock (no migrations yet) renders and loads back. */
static void
test_lock_empty(void **state)
{
	struct ir_schema *s, *t;
	struct out a;
	int nerr;

	(void)state;
	s = lock_empty("schema.lock");
	out_init(&a);
	lock_render(s, &a);
	assert_int_equal(
	    lock_write_file("/tmp/schemac-mgtest-lock", a.buf, a.len), 0);
	t = lock_load("/tmp/schemac-mgtest-lock", &nerr);
	unlink("/tmp/schemac-mgtest-lock");
	assert_non_null(t);
	assert_int_equal(nerr, 0); /* present, not missing */
	assert_int_equal(t->nmodels, 0);
	ir_free(t);
	ir_free(s);
	out_free(&a);
}

/* Names longer than 63 bytes shorten as PostgreSQL's makeObjectName(). */
static void
test_object_names(void **state)
{
	char buf[DDL_NAMEDATALEN], a[64], b[64];

	(void)state;
	ddl_object_name(buf, "users", "email", "key");
	assert_string_equal(buf, "users_email_key");
	ddl_object_name(buf, "users", NULL, "pkey");
	assert_string_equal(buf, "users_pkey");
	memset(a, 'a', 40);
	a[40] = '\0';
	memset(b, 'b', 40);
	b[40] = '\0';
	ddl_object_name(buf, a, b, "key");
	/* 63 - strlen("_key") - 1 = 58 characters, 29 from each. */
	assert_int_equal(strlen(buf), 63);
	assert_int_equal(strspn(buf, "a"), 29);
	assert_string_equal(buf + 29, "_bbbbbbbbbbbbbbbbbbbbbbbbbbbbb_key");
	/* Only the longer name loses characters. */
	ddl_object_name(buf, "t",
	    "abcdefghijabcdefghijabcdefghijabcdefghij"
	    "abcdefghijabcdefghijabcdefghij",
	    "seq");
	assert_int_equal(strlen(buf), 63);
	assert_true(strncmp(buf, "t_abcdefghij", 12) == 0);
	assert_string_equal(buf + 59, "_seq");
}

/* One column's type change: is it destructive? */
static void
check_type_change(const char *from, const char *to, int destructive)
{
	char *a, *b;
	struct diff d;

	if (asprintf(&a,
		"models:\n  T:\n    fields:\n      id: { type: serial, "
		"primary_key: true }\n      c: { %s }\n",
		from) < 0 ||
	    asprintf(&b,
		"models:\n  T:\n    fields:\n      id: { type: serial, "
		"primary_key: true }\n      c: { %s }\n",
		to) < 0)
		abort();
	assert_int_equal(diff_texts(a, b, &d), 0);
	if (d.up_summary.n == 0)
		fail_msg("%s -> %s: no change found", from, to);
	if ((d.destructive.n > 0) != destructive)
		fail_msg("%s -> %s: %s destructive", from, to,
		    destructive ? "should be" : "should not be");
	diff_free(&d);
	free(a);
	free(b);
}

static void
test_widening_and_narrowing(void **state)
{
	(void)state;
	check_type_change("type: smallint", "type: int", 0);
	check_type_change("type: int", "type: bigint", 0);
	check_type_change("type: bigint", "type: int", 1);
	check_type_change("type: int", "type: smallint", 1);
	check_type_change("type: int", "type: float", 0);
	check_type_change("type: bigint", "type: float", 1);
	check_type_change("type: float", "type: int", 1);
	check_type_change("type: int", "type: numeric", 0);
	check_type_change(
	    "type: int", "type: numeric, precision: 12, scale: 2", 0);
	check_type_change(
	    "type: int", "type: numeric, precision: 9, scale: 0", 1);
	check_type_change("type: numeric, precision: 8, scale: 2",
	    "type: numeric, precision: 10, scale: 3", 0);
	check_type_change("type: numeric, precision: 8, scale: 2",
	    "type: numeric, precision: 8, scale: 3", 1);
	check_type_change(
	    "type: numeric, precision: 8, scale: 2", "type: numeric", 0);
	check_type_change("type: numeric",
	    "type: numeric, precision: 30, "
	    "scale: 2",
	    1);
	check_type_change(
	    "type: string, max_length: 50", "type: string, max_length: 100", 0);
	check_type_change(
	    "type: string, max_length: 100", "type: string, max_length: 50", 1);
	check_type_change("type: string, max_length: 100", "type: text", 0);
	check_type_change("type: text", "type: string, max_length: 100", 1);
	check_type_change(
	    "type: enum, values: [a, bb]", "type: string, max_length: 2", 0);
	check_type_change(
	    "type: enum, values: [a, bbb]", "type: string, max_length: 2", 1);
	check_type_change(
	    "type: string, max_length: 5", "type: enum, values: [a]", 1);
	check_type_change("type: date", "type: timestamptz", 0);
	check_type_change("type: timestamp", "type: timestamptz", 0);
	check_type_change("type: timestamptz", "type: timestamp", 1);
	check_type_change("type: timestamptz", "type: date", 1);
	check_type_change("type: json", "type: text", 0);
	check_type_change("type: text", "type: json", 1);
	check_type_change("type: uuid", "type: text", 0);
	check_type_change("type: int, nullable: true", "type: int", 1);
	check_type_change(
	    "type: int, nullable: true", "type: int, default: 0", 0);
	check_type_change("type: int", "type: int, nullable: true", 0);
	check_type_change(
	    "type: enum, values: [a, b]", "type: enum, values: [a, b, c]", 0);
	check_type_change(
	    "type: enum, values: [a, b]", "type: enum, values: [a]", 1);
	check_type_change(
	    "type: enum, values: [a, b]", "type: enum, values: [b, a]", 0);
}

static const char users_v1[] = "models:\n"
			       "  User:\n"
			       "    table: users\n"
			       "    fields:\n"
			       "      id: { type: serial, primary_key: true }\n"
			       "      name: { type: string, max_length: 50 }\n"
			       "      age: { type: int, nullable: true }\n";

/* Hints: a done rename is ignored; a hint matching nothing is an error. */
static void
test_renamed_from(void **state)
{
	struct diff d;

	(void)state;
	/* The lock already has the new names: nothing to do. */
	assert_int_equal(diff_texts(users_v1,
			     "models:\n  User:\n    table: users\n"
			     "    renamed_from: people\n    fields:\n"
			     "      id: { type: serial, primary_key: true }\n"
			     "      name: { type: string, max_length: 50, "
			     "renamed_from: nick }\n"
			     "      age: { type: int, nullable: true }\n",
			     &d),
	    0);
	assert_int_equal(d.up_summary.n, 0);
	diff_free(&d);

	/* A real rename keeps the data: no drop, nothing destructive. */
	assert_int_equal(diff_texts(users_v1,
			     "models:\n  User:\n    table: members\n"
			     "    renamed_from: users\n    fields:\n"
			     "      id: { type: serial, primary_key: true }\n"
			     "      full_name: { type: string, max_length: 50, "
			     "renamed_from: name }\n"
			     "      age: { type: int, nullable: true }\n",
			     &d),
	    0);
	assert_int_equal(d.destructive.n, 0);
	assert_int_equal(d.irreversible.n, 0);
	assert_non_null(strstr(d.up.buf,
	    "ALTER TABLE \"users\" RENAME TO "
	    "\"members\";"));
	assert_non_null(strstr(d.up.buf,
	    "ALTER TABLE \"members\" RENAME "
	    "COLUMN \"name\" TO \"full_name\";"));
	assert_non_null(strstr(d.up.buf,
	    "ALTER SEQUENCE \"users_id_seq\" "
	    "RENAME TO \"members_id_seq\";"));
	assert_non_null(strstr(d.down.buf,
	    "ALTER TABLE \"members\" RENAME TO "
	    "\"users\";"));
	diff_free(&d);

	/* Hints that match nothing. */
	assert_int_equal(diff_texts(users_v1,
			     "models:\n  User:\n    table: users\n    fields:\n"
			     "      id: { type: serial, primary_key: true }\n"
			     "      full_name: { type: string, max_length: 50, "
			     "renamed_from: nmae }\n",
			     &d),
	    -1);
	diff_free(&d);
	assert_int_equal(diff_texts(users_v1,
			     "models:\n  User:\n    table: users\n    fields:\n"
			     "      id: { type: serial, primary_key: true }\n"
			     "      name: { type: string, max_length: 50 }\n"
			     "      age: { type: int, nullable: true }\n"
			     "  Team:\n    renamed_from: groups\n    fields:\n"
			     "      id: { type: serial, primary_key: true }\n",
			     &d),
	    -1);
	diff_free(&d);
	/* The old name is still used: a rename cannot keep it. */
	assert_int_equal(diff_texts(users_v1,
			     "models:\n  User:\n    table: users\n    fields:\n"
			     "      id: { type: serial, primary_key: true }\n"
			     "      name: { type: string, max_length: 50 }\n"
			     "      nick: { type: string, max_length: 50, "
			     "renamed_from: name }\n"
			     "      age: { type: int, nullable: true }\n",
			     &d),
	    -1);
	diff_free(&d);
}

/* Dropping data makes the down irreversible; adding does not. */
static void
test_irreversible(void **state)
{
	struct diff d;

	(void)state;
	assert_int_equal(diff_texts(users_v1,
			     "models:\n  User:\n    table: users\n    fields:\n"
			     "      id: { type: serial, primary_key: true }\n"
			     "      name: { type: string, max_length: 50 }\n",
			     &d),
	    0);
	assert_int_equal(d.irreversible.n, 1);
	assert_int_equal(d.destructive.n, 1);
	assert_non_null(strstr(d.up.buf,
	    "-- DESTRUCTIVE: drop column "
	    "users.age"));
	diff_free(&d);
	assert_int_equal(diff_texts(users_v1,
			     "models:\n  User:\n    table: users\n    fields:\n"
			     "      id: { type: serial, primary_key: true }\n"
			     "      name: { type: string, max_length: 50 }\n"
			     "      age: { type: int, nullable: true }\n"
			     "      bio: { type: text, nullable: true }\n",
			     &d),
	    0);
	assert_int_equal(d.irreversible.n, 0);
	assert_int_equal(d.destructive.n, 0);
	/* Its down drops the column again, marked as such. */
	assert_non_null(strstr(d.down.buf,
	    "-- DESTRUCTIVE: drop column "
	    "users.bio"));
	diff_free(&d);
}

#define ENUM_MODEL(values, dflt)                                              \
	"models:\n  T:\n    fields:\n      id: { type: serial, primary_key: " \
	"true }\n      e: { type: enum, values: " values dflt " }\n"

/* New values go in place; a default that uses one forces a rebuild. */
static void
test_enum_changes(void **state)
{
	struct diff d;

	(void)state;
	assert_int_equal(diff_texts(ENUM_MODEL("[b, d]", ""),
			     ENUM_MODEL("[a, b, c, d, e]", ""), &d),
	    0);
	assert_non_null(strstr(d.up.buf, "ADD VALUE 'a' BEFORE 'b';"));
	assert_non_null(strstr(d.up.buf, "ADD VALUE 'c' AFTER 'b';"));
	assert_non_null(strstr(d.up.buf, "ADD VALUE 'e' AFTER 'd';"));
	assert_null(strstr(d.up.buf, "RENAME TO"));
	/* The down removes them: a rebuild, destructive in that direction. */
	assert_non_null(strstr(d.down.buf,
	    "CREATE TYPE \"ts_e\" AS ENUM "
	    "('b', 'd');"));
	assert_int_equal(d.destructive.n, 0);
	diff_free(&d);

	assert_int_equal(diff_texts(ENUM_MODEL("[a, b]", ", default: a"),
			     ENUM_MODEL("[a, b, c]", ", default: c"), &d),
	    0);
	assert_null(strstr(d.up.buf, "ADD VALUE 'c'"));
	assert_non_null(strstr(d.up.buf,
	    "ALTER TYPE \"ts_e\" RENAME TO "
	    "\"ts_e_old\";"));
	assert_non_null(strstr(d.up.buf, "SET DEFAULT 'c';"));
	assert_int_equal(d.destructive.n, 0);
	diff_free(&d);

	assert_int_equal(
	    diff_texts(ENUM_MODEL("[a, b]", ""), ENUM_MODEL("[a]", ""), &d), 0);
	assert_int_equal(d.destructive.n, 1);
	diff_free(&d);
}

/* Schema strings never leave their comment or literal. */
static void
test_comment_safety(void **state)
{
	struct diff d;

	(void)state;
	assert_int_equal(
	    diff_texts(ENUM_MODEL("[a]", ""),
		ENUM_MODEL("[a, \"b'\\nDROP TABLE ts;\"]", ""), &d),
	    0);
	/* In the comment the newline is a space ... */
	assert_non_null(strstr(d.up.buf,
	    "\n-- add value 'b' DROP TABLE ts;' "
	    "to enum ts_e (ts.e)\n"));
	/* ... in the statement it stays inside the quoted literal. */
	assert_non_null(strstr(d.up.buf,
	    "ADD VALUE 'b''\nDROP TABLE ts;' "
	    "AFTER 'a';\n"));
	diff_free(&d);
}

/* Identical schemas: no change at all, whatever they hold. */
static void
test_no_change(void **state)
{
	struct diff d;

	(void)state;
	assert_int_equal(diff_texts(rich, rich, &d), 0);
	assert_int_equal(d.up_summary.n, 0);
	assert_int_equal(d.up.len, 0);
	assert_int_equal(d.down.len, 0);
	diff_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lock_round_trip),
		cmocka_unit_test(test_lock_empty),
		cmocka_unit_test(test_object_names),
		cmocka_unit_test(test_widening_and_narrowing),
		cmocka_unit_test(test_renamed_from),
		cmocka_unit_test(test_irreversible),
		cmocka_unit_test(test_enum_changes),
		cmocka_unit_test(test_comment_safety),
		cmocka_unit_test(test_no_change),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
