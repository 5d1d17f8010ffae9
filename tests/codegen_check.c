/* codegen_check.c: unit tests of check.c: the IR it builds, its messages. */
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
#include "diag.h"
#include "ir.h"
#include "out.h"

/* Check text; return the IR, or NULL and the rendered errors in *errs. */
static struct ir_schema *
check(const char *text, char **errs)
{
	struct ir_schema *s;
	struct diags d;
	struct out o;

	diag_init(&d);
	s = schema_check("s.yaml", text, strlen(text), &d);
	out_init(&o);
	diag_render(&d, &o);
	*errs = strdup(o.buf != NULL ? o.buf : "");
	out_free(&o);
	diag_free(&d);
	return (s);
}

static struct ir_schema *
check_ok(const char *text)
{
	struct ir_schema *s;
	char *errs;

	s = check(text, &errs);
	if (s == NULL)
		fail_msg("unexpected errors:\n%s", errs);
	assert_string_equal(errs, "");
	free(errs);
	return (s);
}

static void
expect_errors(const char *text, const char *want)
{
	struct ir_schema *s;
	char *errs;

	s = check(text, &errs);
	assert_null(s);
	assert_string_equal(errs, want);
	free(errs);
}

#define PK "      id: { type: serial, primary_key: true }\n"

static void
test_shipped_shape(void **state)
{
	struct ir_schema *s;
	struct ir_model *u, *it;
	struct ir_field *f;

	(void)state;
	s = check_ok("models:\n"
		     "  User:\n"
		     "    fields:\n"
		     "      id: { type: serial, primary_key: true }\n"
		     "      email: { type: string, max_length: 255, unique: "
		     "true, format: email }\n"
		     "      is_active: { type: bool, default: true }\n"
		     "  Item:\n"
		     "    fields:\n"
		     "      id: { type: bigserial, primary_key: true }\n"
		     "      title: { type: string, max_length: 200, index: "
		     "true }\n"
		     "      owner_id: { type: int, references: User.id, "
		     "on_delete: cascade }\n"
		     "    indexes:\n"
		     "      - [owner_id, title]\n");
	assert_string_equal(s->path, "s.yaml");
	assert_string_equal(s->title, "schemac API");
	assert_string_equal(s->version, "0.1.0");
	assert_null(s->description);
	assert_int_equal(s->nmodels, 2);
	u = &s->models[0];
	it = &s->models[1];
	assert_string_equal(u->name, "User");
	assert_string_equal(u->c_name, "user");
	assert_string_equal(u->table, "users");
	assert_int_equal(u->pos.line, 2);
	assert_int_equal(u->pos.col, 3);
	assert_ptr_equal(u->pos.file, s->path);
	assert_int_equal(u->endpoints, IR_EP_ALL);
	assert_int_equal(u->nfields, 3);
	assert_ptr_equal(u->pk, &u->fields[0]);
	f = &u->fields[0];
	assert_int_equal(f->type, IR_SERIAL);
	assert_true(f->primary_key);
	assert_true(f->readonly); /* serial: the database assigns it */
	assert_false(f->unique);
	f = &u->fields[1];
	assert_string_equal(f->name, "email");
	assert_int_equal(f->index, 1);
	assert_int_equal(f->pos.line, 5);
	assert_int_equal(f->pos.col, 7);
	assert_int_equal(f->max_length, 255);
	assert_true(f->unique);
	assert_true(f->format_email);
	assert_false(f->nullable);
	f = &u->fields[2];
	assert_int_equal(f->default_kind, IR_DEFAULT_LITERAL);
	assert_string_equal(f->default_value, "true");
	assert_string_equal(it->table, "items");
	f = ir_field_find(it, "owner_id");
	assert_non_null(f);
	assert_ptr_equal(f->ref_model, u);
	assert_ptr_equal(f->ref_field, &u->fields[0]);
	assert_int_equal(f->on_delete, IR_ON_DELETE_CASCADE);
	assert_true(ir_field_find(it, "title")->index_flag);
	assert_int_equal(it->nindexes, 1);
	assert_int_equal(it->indexes[0].ncolumns, 2);
	assert_string_equal(it->indexes[0].columns[0], "owner_id");
	assert_string_equal(it->indexes[0].columns[1], "title");
	assert_false(it->indexes[0].unique);
	assert_ptr_equal(s->ordered[0], u);
	assert_ptr_equal(s->ordered[1], it);
	assert_ptr_equal(ir_model_find(s, "Item"), it);
	assert_null(ir_model_find(s, "Nope"));
	ir_free(s);
}

static void
test_every_option(void **state)
{
	struct ir_schema *s;
	struct ir_model *m;
	struct ir_field *f;

	(void)state;
	s = check_ok(
	    "info: { title: Shop, version: '2.1', description: Sells. }\n"
	    "models:\n"
	    "  OrderItem:\n"
	    "    doc: A line.\n"
	    "    renamed_from: order_lines\n"
	    "    endpoints: [get, list]\n"
	    "    unique_together: [[qty, price]]\n"
	    "    indexes: [note]\n"
	    "    fields:\n"
	    "      id: { type: uuid, primary_key: true, default: random }\n"
	    "      qty: { type: smallint, min: 1, max: 100, default: 1 }\n"
	    "      price: { type: numeric, precision: 10, scale: 2, "
	    "default: 9.99, min: 0 }\n"
	    "      ratio: { type: float, min: -1.5, max: 1e3 }\n"
	    "      note: { type: text, nullable: true, doc: Free text., "
	    "renamed_from: comment, min_length: 2, max_length: 500 }\n"
	    "      code: { type: string, max_length: 8, pattern: "
	    "'^[A-Z]+$', default: ABC }\n"
	    "      state: { type: enum, values: [new, paid], default: new }\n"
	    "      meta: { type: json, default: { a: [1, x, true, null], "
	    "'b c': { d: 1.5 } } }\n"
	    "      meta2: { type: json, default: '[1, {\"x\" : \"y\"}]' }\n"
	    "      day: { type: date, default: 2024-02-29 }\n"
	    "      at: { type: timestamptz, default: now, readonly: true }\n"
	    "      at2: { type: timestamp, default: '2024-01-31 12:00:00' }\n"
	    "      secret: { type: text, writeonly: true, unique: true }\n"
	    "      big: { type: bigint, default: -9223372036854775808 }\n"
	    "      flag: { type: bool, default: false }\n"
	    "      plain: text\n");
	assert_string_equal(s->title, "Shop");
	assert_string_equal(s->version, "2.1");
	assert_string_equal(s->description, "Sells.");
	m = &s->models[0];
	assert_string_equal(m->c_name, "order_item");
	assert_string_equal(m->table, "order_items");
	assert_string_equal(m->doc, "A line.");
	assert_string_equal(m->renamed_from, "order_lines");
	assert_int_equal(m->endpoints, IR_EP_GET | IR_EP_LIST);
	assert_int_equal(m->nindexes, 2);
	assert_true(m->indexes[0].unique);
	assert_int_equal(m->indexes[0].ncolumns, 2);
	assert_false(m->indexes[1].unique);
	assert_string_equal(m->indexes[1].columns[0], "note");
	f = ir_field_find(m, "id");
	assert_int_equal(f->type, IR_UUID);
	assert_int_equal(f->default_kind, IR_DEFAULT_RANDOM);
	assert_false(f->readonly);
	f = ir_field_find(m, "qty");
	assert_string_equal(f->min_text, "1");
	assert_string_equal(f->max_text, "100");
	assert_true(f->min_value == 1.0 && f->max_value == 100.0);
	assert_string_equal(f->default_value, "1");
	f = ir_field_find(m, "price");
	assert_int_equal(f->precision, 10);
	assert_int_equal(f->scale, 2);
	assert_string_equal(f->default_value, "9.99");
	f = ir_field_find(m, "ratio");
	assert_string_equal(f->max_text, "1e3");
	assert_true(f->max_value == 1000.0 && f->min_value == -1.5);
	f = ir_field_find(m, "note");
	assert_true(f->nullable);
	assert_string_equal(f->doc, "Free text.");
	assert_string_equal(f->renamed_from, "comment");
	assert_int_equal(f->min_length, 2);
	assert_int_equal(f->max_length, 500);
	f = ir_field_find(m, "code");
	assert_string_equal(f->pattern, "^[A-Z]+$");
	assert_string_equal(f->default_value, "ABC");
	f = ir_field_find(m, "state");
	assert_int_equal(f->nenum_values, 2);
	assert_string_equal(f->enum_values[1], "paid");
	assert_string_equal(f->enum_type, "order_items_state");
	assert_string_equal(f->default_value, "new");
	f = ir_field_find(m, "meta");
	assert_string_equal(f->default_value,
	    "{\"a\":[1,\"x\",true,null],\"b c\":{\"d\":1.5}}");
	f = ir_field_find(m, "meta2");
	assert_string_equal(f->default_value, "[1,{\"x\":\"y\"}]");
	assert_int_equal(
	    ir_field_find(m, "day")->default_kind, IR_DEFAULT_LITERAL);
	f = ir_field_find(m, "at");
	assert_int_equal(f->default_kind, IR_DEFAULT_NOW);
	assert_null(f->default_value);
	assert_true(f->readonly);
	assert_string_equal(
	    ir_field_find(m, "at2")->default_value, "2024-01-31 12:00:00");
	f = ir_field_find(m, "secret");
	assert_true(f->writeonly);
	assert_true(f->unique);
	assert_string_equal(
	    ir_field_find(m, "big")->default_value, "-9223372036854775808");
	assert_string_equal(ir_field_find(m, "flag")->default_value, "false");
	f = ir_field_find(m, "plain");
	assert_int_equal(f->type, IR_TEXT);
	assert_false(f->nullable);
	assert_int_equal(f->default_kind, IR_DEFAULT_NONE);
	ir_free(s);
}

static void
test_order(void **state)
{
	struct ir_schema *s;

	(void)state;
	/* Declared before what they reference; self reference allowed. */
	s = check_ok(
	    "models:\n"
	    "  OrderItem:\n"
	    "    fields:\n" PK
	    "      order_id: { type: int, references: Order.id }\n"
	    "      product_id: { type: int, references: Product.id }\n"
	    "  Order:\n"
	    "    fields:\n" PK
	    "      customer_id: { type: int, references: Customer.id }\n"
	    "  Category:\n"
	    "    fields:\n" PK "      parent_id: { type: int, nullable: true, "
	    "references: Category.id, on_delete: set_null }\n"
	    "  Product:\n"
	    "    fields:\n" PK
	    "      category_id: { type: int, references: Category.id }\n"
	    "  Customer:\n"
	    "    fields:\n" PK);
	assert_int_equal(s->nmodels, 5);
	assert_string_equal(s->ordered[0]->name, "Customer");
	assert_string_equal(s->ordered[1]->name, "Order");
	assert_string_equal(s->ordered[2]->name, "Category");
	assert_string_equal(s->ordered[3]->name, "Product");
	assert_string_equal(s->ordered[4]->name, "OrderItem");
	assert_string_equal(s->models[2].table, "categories");
	ir_free(s);
}

static void
test_messages(void **state)
{
	(void)state;
	expect_errors("models:\n  User:\n    fields:\n" PK
		      "      email: { type: strng, max_length: 255 }\n",
	    "s.yaml:5:22: error: unknown type 'strng' (did you mean "
	    "'string'?)\n");
	expect_errors("models:\n  User:\n    fields:\n" PK
		      "      email: string\n",
	    "s.yaml:5:7: error: string field 'email' needs 'max_length'\n"
	    "s.yaml:5:7: note: write `email: { type: string, max_length: 255 "
	    "}`, or use type text for strings of any length\n");
	expect_errors("models:\n  User:\n    fields:\n      id: serial\n",
	    "s.yaml:2:3: error: model 'User' has no primary key\n"
	    "s.yaml:2:3: note: add a field such as `id: { type: serial, "
	    "primary_key: true }`\n");
	expect_errors("models:\n  User:\n    fields:\n" PK
		      "  Item:\n    fields:\n" PK
		      "      owner_id: { type: int, references: Usr.id }\n",
	    "s.yaml:8:42: error: reference to unknown model 'Usr' (did you "
	    "mean 'User'?)\n");
	expect_errors("models:\n  User:\n    fields:\n" PK
		      "      n: { type: int, min: 5, max: 1 }\n",
	    "s.yaml:5:28: error: 'min' 5 is greater than 'max' 1 of field "
	    "'n'\n");
	expect_errors("models:\n  User:\n    fields:\n" PK
		      "      email: text\n      email: text\n",
	    "s.yaml:6:7: error: duplicate field 'email' in model 'User'\n"
	    "s.yaml:5:7: note: previously defined here\n");
	expect_errors("models:\n  User:\n    fields:\n" PK
		      "      p: { type: text, pattern: '(' }\n",
	    "s.yaml:5:33: error: invalid pattern '(': Unmatched ( or \\(\n");
	expect_errors(
	    "models:\n  User:\n    endpoints: [lst]\n    fields:\n" PK,
	    "s.yaml:3:17: error: unknown endpoint 'lst' (did you mean "
	    "'list'?)\n"
	    "s.yaml:3:17: note: the endpoints are list, get, create, update "
	    "and delete\n");
	expect_errors("",
	    "s.yaml: error: the schema is empty; it needs a "
	    "'models' mapping\n"
	    "s.yaml: note: add a model under 'models', such as `User: { "
	    "fields: { id: { type: serial, primary_key: true } } }`\n");
	expect_errors("info: {}\n",
	    "s.yaml:1:1: error: the schema has no 'models' mapping\n"
	    "s.yaml:1:1: note: add a model under 'models', such as `User: { "
	    "fields: { id: { type: serial, primary_key: true } } }`\n");
	/* No models at all is an error, whether {} or nothing. */
	expect_errors("models: {}\n",
	    "s.yaml:1:9: error: the schema declares no models\n"
	    "s.yaml:1:9: note: add a model under 'models', such as `User: { "
	    "fields: { id: { type: serial, primary_key: true } } }`\n");
	expect_errors("models:\n",
	    "s.yaml:1:8: error: the schema declares no models\n"
	    "s.yaml:1:8: note: add a model under 'models', such as `User: { "
	    "fields: { id: { type: serial, primary_key: true } } }`\n");
	expect_errors("models: [User]\n",
	    "s.yaml:1:9: error: 'models' must be a mapping of model names to "
	    "models, not a list\n");
	/* The same for a model's fields. */
	expect_errors("models:\n  User:\n    fields: {}\n",
	    "s.yaml:3:13: error: model 'User' has no fields\n"
	    "s.yaml:3:13: note: add a field such as `id: { type: serial, "
	    "primary_key: true }` under 'fields'\n");
	expect_errors("models:\n  User:\n    doc: x\n",
	    "s.yaml:2:3: error: model 'User' has no fields\n"
	    "s.yaml:2:3: note: add a field such as `id: { type: serial, "
	    "primary_key: true }` under 'fields'\n");
	/* A misspelt 'fields' is reported once, as an unknown option. */
	expect_errors("models:\n  User:\n    feilds: {}\n",
	    "s.yaml:3:5: error: unknown model option 'feilds' (did you mean "
	    "'fields'?)\n");
}

static void
test_sorted_and_complete(void **state)
{
	struct ir_schema *s;
	char *errs;

	(void)state;
	/* Pass 2 errors come out among pass 1 errors, in file order. */
	s = check("models:\n"
		  "  A:\n"
		  "    fields:\n" PK
		  "      b_id: { type: int, references: B.idd }\n"
		  "  B:\n"
		  "    fields:\n" PK "      x: { type: nope }\n",
	    &errs);
	assert_null(s);
	assert_string_equal(errs,
	    "s.yaml:5:38: error: reference to unknown field 'idd' of model "
	    "'B' (did you mean 'id'?)\n"
	    "s.yaml:9:18: error: unknown type 'nope'\n"
	    "s.yaml:9:18: note: the types are serial, bigserial, smallint, "
	    "int, bigint, float, numeric, bool, string, text, date, "
	    "timestamp, timestamptz, uuid, json and enum\n");
	free(errs);
}

static void
test_defaults_edge(void **state)
{
	struct ir_schema *s;

	(void)state;
	/* Strings: `now`, `random` and numbers are plain literals there. */
	s = check_ok(
	    "models:\n  U:\n    fields:\n" PK
	    "      a: { type: text, default: now }\n"
	    "      b: { type: string, max_length: 9, default: random }\n"
	    "      c: { type: text, default: 12 }\n"
	    "      d: { type: int, default: 2147483647 }\n"
	    "      e: { type: timestamptz, default: "
	    "'2024-01-31T12:00:00.5+05:30' }\n");
	assert_string_equal(s->models[0].fields[1].default_value, "now");
	assert_int_equal(
	    s->models[0].fields[1].default_kind, IR_DEFAULT_LITERAL);
	assert_string_equal(s->models[0].fields[2].default_value, "random");
	assert_string_equal(s->models[0].fields[3].default_value, "12");
	ir_free(s);
	expect_errors("models:\n  U:\n    fields:\n" PK
		      "      d: { type: int, default: 2147483648 }\n",
	    "s.yaml:5:32: error: default 2147483648 is out of range for int "
	    "field 'd' (-2147483648 to 2147483647)\n");
	expect_errors("models:\n  U:\n    fields:\n" PK
		      "      d: { type: date, default: 2023-02-29 }\n",
	    "s.yaml:5:33: error: default of date field 'd' must be 'now' or "
	    "a date like 2024-01-31, not '2023-02-29'\n");
}

static void
test_load_buffer(void **state)
{
	const char *text = "models:\n  T:\n    fields:\n" PK;
	struct ir_schema *s;
	int n = -1;

	(void)state;
	s = schema_load_buffer("schema.lock", text, strlen(text), &n);
	assert_non_null(s);
	assert_int_equal(n, 0);
	assert_string_equal(s->path, "schema.lock");
	ir_free(s);
	/* Errors go to stderr; the count comes back. */
	s = schema_load_buffer("schema.lock", "models: [", 9, &n);
	assert_null(s);
	assert_int_equal(n, 1);
	s = schema_load("/nonexistent/schema.yaml", &n);
	assert_null(s);
	assert_int_equal(n, 1);
}

static void
test_load_file(void **state)
{
	char path[] = "/tmp/codegen_check_XXXXXX";
	const char *text = "models:\n  T:\n    fields:\n" PK;
	struct ir_schema *s;
	int fd, n = -1;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	s = schema_load(path, &n);
	assert_non_null(s);
	assert_int_equal(n, 0);
	assert_string_equal(s->models[0].table, "ts");
	ir_free(s);
	unlink(path);
}

/* 200 models, each referencing the previous one: linear and quick. */
static void
test_big_schema(void **state)
{
	struct ir_schema *s;
	struct out o;
	size_t i;

	(void)state;
	out_init(&o);
	out_puts(&o, "models:\n");
	for (i = 0; i < 200; i++) {
		out_printf(&o, "  Model%zu:\n    fields:\n" PK, i);
		out_printf(&o,
		    "      name: { type: string, max_length: 50, "
		    "unique: true }\n");
		out_printf(&o, "      state: { type: enum, values: [a, b] }\n");
		if (i > 0)
			out_printf(&o,
			    "      prev_id: { type: int, "
			    "references: Model%zu.id }\n",
			    i - 1);
	}
	s = check_ok(o.buf);
	assert_int_equal(s->nmodels, 200);
	assert_string_equal(s->ordered[0]->name, "Model0");
	assert_string_equal(s->ordered[199]->name, "Model199");
	ir_free(s);
	out_free(&o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_shape),
		cmocka_unit_test(test_every_option),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_sorted_and_complete),
		cmocka_unit_test(test_defaults_edge),
		cmocka_unit_test(test_load_buffer),
		cmocka_unit_test(test_load_file),
		cmocka_unit_test(test_big_schema),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
