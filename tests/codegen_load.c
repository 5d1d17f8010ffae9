/* codegen_load.c: unit tests of load.c (YAML to node tree with positions). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diag.h"
#include "load.h"
#include "out.h"

/* Load text; on failure store the rendered diagnostics in *errs. */
static struct ytree *
load(const char *text, char **errs)
{
	struct diags d;
	struct ytree *t;
	struct out o;

	diag_init(&d);
	t = load_yaml("t.yaml", text, strlen(text), &d);
	out_init(&o);
	diag_render(&d, &o);
	*errs = strdup(o.buf != NULL ? o.buf : "");
	out_free(&o);
	diag_free(&d);
	return (t);
}

static void
expect_error(const char *text, const char *want)
{
	struct ytree *t;
	char *errs;

	t = load(text, &errs);
	assert_null(t);
	assert_string_equal(errs, want);
	free(errs);
}

static void
test_tree(void **state)
{
	const char *text = "models:\n"
			   "  User:\n"
			   "    fields: { id: serial, \"q\": 'x y' }\n"
			   "    list: [a, b]\n"
			   "    empty:\n";
	struct node *models, *user, *fields, *list, *n;
	struct ytree *t;
	char *errs;

	(void)state;
	t = load(text, &errs);
	assert_non_null(t);
	assert_string_equal(errs, "");
	free(errs);
	assert_int_equal(t->root->kind, NODE_MAPPING);
	assert_int_equal(t->root->line, 1);
	assert_int_equal(t->root->col, 1);
	models = node_get(t->root, "models");
	assert_non_null(models);
	user = node_get(models, "User");
	assert_int_equal(models->pairs[0].key->line, 2);
	assert_int_equal(models->pairs[0].key->col, 3);
	fields = node_get(user, "fields");
	assert_int_equal(fields->kind, NODE_MAPPING);
	assert_int_equal(fields->line, 3);
	assert_int_equal(fields->col, 13);
	assert_int_equal(fields->npairs, 2);
	n = node_get(fields, "id");
	assert_string_equal(n->text, "serial");
	assert_true(n->plain);
	assert_int_equal(n->col, 19);
	n = node_get(fields, "q");
	assert_string_equal(n->text, "x y");
	assert_false(n->plain);
	list = node_get(user, "list");
	assert_int_equal(list->kind, NODE_SEQUENCE);
	assert_int_equal(list->nitems, 2);
	assert_string_equal(list->items[1]->text, "b");
	assert_int_equal(list->items[1]->line, 4);
	assert_int_equal(list->items[1]->col, 15);
	n = node_get(user, "empty");
	assert_true(node_is_null(n));
	assert_null(node_get(user, "nothing"));
	assert_string_equal(node_kind_name(list), "a list");
	load_free(t);
}

static void
test_empty(void **state)
{
	struct ytree *t;
	char *errs;

	(void)state;
	t = load("", &errs);
	assert_non_null(t);
	assert_null(t->root);
	free(errs);
	load_free(t);
	t = load("# only a comment\n", &errs);
	assert_non_null(t);
	assert_null(t->root);
	free(errs);
	load_free(t);
}

static void
test_duplicate_keys_kept(void **state)
{
	struct ytree *t;
	char *errs;

	(void)state;
	/* The loader keeps both; the checker reports them in context. */
	t = load("a: 1\na: 2\n", &errs);
	assert_non_null(t);
	assert_int_equal(t->root->npairs, 2);
	assert_string_equal(node_get(t->root, "a")->text, "1");
	free(errs);
	load_free(t);
}

static void
test_syntax_errors(void **state)
{
	(void)state;
	expect_error("a: [1, 2\nb: 3\n",
	    "t.yaml:2:2: error: YAML syntax error: did not find expected ',' "
	    "or ']'\n"
	    "t.yaml:1:4: note: while parsing a flow sequence started here\n");
	expect_error("a:\n  - b\n  c: d\n",
	    "t.yaml:3:3: error: YAML syntax error: did not find expected '-' "
	    "indicator\n"
	    "t.yaml:2:3: note: while parsing a block collection started "
	    "here\n");
	expect_error("a: b: c\n",
	    "t.yaml:1:5: error: YAML syntax error: "
	    "mapping values are not allowed in this "
	    "context\n");
	expect_error("a:\n\tb: 1\n",
	    "t.yaml:2:1: error: YAML syntax error: found character that "
	    "cannot start any token\n"
	    "t.yaml:2:1: note: YAML indentation must use spaces, not tabs\n");
}

static void
test_refused(void **state)
{
	(void)state;
	expect_error("a: &x 1\nb: *x\n",
	    "t.yaml:2:4: error: YAML aliases (*x) "
	    "are not supported; write the value "
	    "out\n");
	expect_error("a: 1\n---\nb: 2\n",
	    "t.yaml:2:1: error: a schema is one "
	    "YAML document; this starts a "
	    "second one\n");
	expect_error("? [a]\n: 1\n",
	    "t.yaml:1:3: error: a mapping key must be "
	    "a plain name, not a list\n");
	expect_error("a: \"x\\0y\"\n",
	    "t.yaml:1:4: error: a NUL character in "
	    "a string is not supported\n");
}

/* Input over LOAD_MAX_BYTES is refused before libyaml reads it. */
static void
test_too_large(void **state)
{
	struct diags d;
	struct out o;
	char *text;

	(void)state;
	if ((text = calloc(1, LOAD_MAX_BYTES + 1)) == NULL)
		fail_msg("out of memory");
	memset(text, '#', LOAD_MAX_BYTES + 1);
	diag_init(&d);
	assert_null(load_yaml("t.yaml", text, LOAD_MAX_BYTES + 1, &d));
	out_init(&o);
	diag_render(&d, &o);
	assert_string_equal(
	    o.buf, "t.yaml: error: file is larger than 16777216 bytes\n");
	out_free(&o);
	diag_free(&d);
	free(text);
}

static void
test_invalid_utf8(void **state)
{
	struct ytree *t;
	char *errs;

	(void)state;
	t = load("a: 1\nb: \xff\xfe\n", &errs);
	assert_null(t);
	assert_non_null(strstr(errs,
	    "t.yaml:2:4: error: YAML syntax error: "
	    "invalid leading UTF-8 octet"));
	free(errs);
}

static void
test_deep_nesting(void **state)
{
	struct ytree *t;
	char *text, *errs;
	size_t i, n = 100000;

	(void)state;
	/* A hostile document: 100000 nested flow lists. */
	text = malloc(2 * n + 1);
	for (i = 0; i < n; i++) {
		text[i] = '[';
		text[n + i] = ']';
	}
	text[2 * n] = '\0';
	t = load(text, &errs);
	assert_null(t);
	assert_string_equal(errs,
	    "t.yaml:1:65: error: the YAML is nested deeper than 64 "
	    "levels\n");
	free(errs);
	free(text);
}

static void
test_big_flat(void **state)
{
	struct ytree *t;
	struct out o;
	char *errs;
	size_t i;

	(void)state;
	out_init(&o);
	for (i = 0; i < 20000; i++)
		out_printf(&o, "k%zu: [a, b, {c: d}]\n", i);
	t = load(o.buf, &errs);
	assert_non_null(t);
	assert_int_equal(t->root->npairs, 20000);
	assert_int_equal(t->root->pairs[19999].key->line, 20000);
	free(errs);
	load_free(t);
	out_free(&o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tree),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_duplicate_keys_kept),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_big_flat),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
