/* codegen_names.c: unit tests of names.c (snake_case, plurals, did-you-mean).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "names.h"

static void
expect_snake(const char *in, const char *want)
{
	char *s = names_snake(in);

	assert_string_equal(s, want);
	free(s);
}

static void
expect_table(const char *in, const char *want)
{
	char *s = names_table(in);

	assert_string_equal(s, want);
	free(s);
}

static void
test_snake(void **state)
{
	(void)state;
	expect_snake("User", "user");
	expect_snake("OrderItem", "order_item");
	expect_snake("HTTPLog", "http_log");
	expect_snake("userID", "user_id");
	expect_snake("Address2", "address2");
	expect_snake("Order_Item", "order_item");
	expect_snake("ABC", "abc");
	expect_snake("APIKey", "api_key");
	expect_snake("already_snake", "already_snake");
}

static void
test_table(void **state)
{
	(void)state;
	expect_table("User", "users");
	expect_table("Category", "categories");
	expect_table("Address", "addresses");
	expect_table("Box", "boxes");
	expect_table("Church", "churches");
	expect_table("Dish", "dishes");
	expect_table("Quiz", "quizes");
	expect_table("Person", "people");
	expect_table("SalesPerson", "sales_people");
	expect_table("Status", "statuses");
	expect_table("Key", "keys");
	expect_table("Day", "days");
	expect_table("OrderItem", "order_items");
	expect_table("Item", "items");
	expect_table("Child", "children");
	expect_table("News", "news");
	expect_table("Photo", "photos");
	expect_table("HTTPLog", "http_logs");
}

static void
test_reserved(void **state)
{
	(void)state;
	assert_true(names_sql_reserved("select"));
	assert_true(names_sql_reserved("ORDER"));
	assert_true(names_sql_reserved("user"));
	assert_true(names_sql_reserved("limit"));
	assert_false(names_sql_reserved("users"));
	assert_false(names_sql_reserved("name"));
	assert_true(names_c_reserved("int"));
	assert_true(names_c_reserved("bool"));
	assert_true(names_c_reserved("_Bool"));
	assert_true(names_c_reserved("__x"));
	assert_true(names_c_reserved("_X"));
	assert_false(names_c_reserved("_x"));
	assert_false(names_c_reserved("Int"));
	assert_false(names_c_reserved("email"));
}

static void
test_ident(void **state)
{
	(void)state;
	assert_true(names_is_ident("a"));
	assert_true(names_is_ident("_a1"));
	assert_true(names_is_ident("Order_Item2"));
	assert_false(names_is_ident(""));
	assert_false(names_is_ident("1a"));
	assert_false(names_is_ident("a-b"));
	assert_false(names_is_ident("a b"));
	assert_false(names_is_ident("\xc3\xa9t\xc3\xa9"));
}

static void
test_distance(void **state)
{
	(void)state;
	assert_int_equal(names_distance("string", "string", 3), 0);
	assert_int_equal(names_distance("strng", "string", 3), 1);
	assert_int_equal(names_distance("modles", "models", 3), 1);
	assert_int_equal(names_distance("String", "string", 3), 0);
	assert_int_equal(names_distance("kitten", "sitting", 5), 3);
	/* Stops early once over max. */
	assert_int_equal(names_distance("abcdef", "uvwxyz", 2), 3);
	assert_int_equal(names_distance("a", "abcdefgh", 2), 3);
}

static void
test_suggest(void **state)
{
	static const char *const types[] = { "serial", "int", "string", "text",
		"timestamp", "timestamptz", "uuid" };
	static const char *const keys[] = { "models", "info" };
	static const char *const one[] = { "a", "b" };

	(void)state;
	assert_string_equal(names_suggest("strng", types, 7), "string");
	assert_string_equal(names_suggest("Text", types, 7), "text");
	assert_string_equal(
	    names_suggest("timestamtz", types, 7), "timestamptz");
	assert_string_equal(names_suggest("itn", types, 7), "int");
	assert_string_equal(names_suggest("modles", keys, 2), "models");
	assert_null(names_suggest("varchar", types, 7));
	assert_null(names_suggest("string", types, 7));
	assert_null(names_suggest("c", one, 2));
	assert_string_equal(names_suggest("A", one, 2), "a");
	assert_null(names_suggest("", types, 7));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_snake),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_reserved),
		cmocka_unit_test(test_ident),
		cmocka_unit_test(test_distance),
		cmocka_unit_test(test_suggest),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
