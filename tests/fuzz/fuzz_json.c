/*
 * fuzz_json.c: libFuzzer target for the JSON parser, writer and decoders.
 * Build and run (not part of `make tests`):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_DEFAULT_SOURCE \
 *       -D_GNU_SOURCE -Iruntime tests/fuzz/fuzz_json.c runtime/sc_buf.c \
 *       runtime/sc_json.c runtime/sc_validate.c runtime/sc_params.c \
 *       runtime/sc_sqlstate.c -o build/fuzz_json
 *   build/fuzz_json -max_total_time=60 tests/fuzz/corpus_json
 * Besides crashes it checks properties: what the parser accepts, the
 * compact writer reproduces as JSON that parses to the same compact text,
 * and the string writer always produces valid JSON.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schemac.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "property failed: %s\n", what);
		abort();
	}
}

/* Run every decoder on v; they must not crash or leak, whatever v is. */
static void
decode_all(const struct sc_json *v)
{
	static const char *const roles[] = { "member", "admin", NULL };
	struct sc_field_rules r;
	struct sc_json_doc doc;
	struct sc_verrs e;
	struct sc_buf b;
	int16_t i16;
	int32_t i32;
	int64_t i64;
	double d;
	bool bo, isnull;
	char *s;

	memset(&r, 0, sizeof(r));
	r.name = "f";
	r.nullable = (v->rawlen & 1) != 0;
	r.min_length = 1;
	r.max_length = 8;
	r.has_min = true;
	r.min = -5;
	r.has_max = true;
	r.max = 1e6;
	r.precision = 6;
	r.scale = 2;
	r.min_text = "-5";
	r.email = (v->rawlen & 2) != 0;
	r.enum_values = roles;
	sc_verrs_init(&e);
	(void)sc_decode_int16(v, &r, &e, &i16, &isnull);
	(void)sc_decode_int32(v, &r, &e, &i32, &isnull);
	(void)sc_decode_int64(v, &r, &e, &i64, NULL);
	(void)sc_decode_double(v, &r, &e, &d, &isnull);
	(void)sc_decode_bool(v, &r, &e, &bo, &isnull);
	(void)sc_decode_string(v, &r, &e, &s);
	free(s);
	(void)sc_decode_enum(v, &r, &e, &s);
	free(s);
	(void)sc_decode_numeric(v, &r, &e, &s);
	free(s);
	(void)sc_decode_date(v, &r, &e, &s);
	free(s);
	(void)sc_decode_timestamp(v, &r, &e, &s);
	free(s);
	(void)sc_decode_timestamptz(v, &r, &e, &s);
	free(s);
	(void)sc_decode_uuid(v, &r, &e, &s);
	free(s);
	(void)sc_decode_jsonval(v, &r, &e, &s);
	free(s);
	if (v->type == SC_JSON_STRING) {
		(void)sc_param_int64("query", "f", v->str, -10, 10, &e, &i64);
		(void)sc_param_bool("query", "f", v->str, &e, &bo);
		(void)sc_param_double("query", &r, v->str, &e, &d);
	}
	if (v->key != NULL)
		sc_unknown(&e, v);
	/* The error list always renders as valid JSON. */
	sc_buf_init(&b);
	sc_verrs_json(&e, &b);
	check(sc_json_parse(&doc, b.data, b.len, NULL, 0) == SC_JSON_OK,
	    "verrs json parses");
	sc_json_doc_free(&doc);
	sc_buf_free(&b);
	sc_verrs_free(&e);
}

static void
walk(const struct sc_json *v, int depth)
{
	const struct sc_json *c;
	int64_t i;
	double d;

	check(v->raw != NULL && v->rawlen > 0, "raw set");
	if (v->type == SC_JSON_NUMBER) {
		(void)sc_json_to_int64(v, &i);
		(void)sc_json_to_double(v, &d);
	}
	if (depth < 3)
		decode_all(v);
	for (c = v->child; c != NULL; c = c->next)
		walk(c, depth + 1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sc_json_doc doc, again;
	struct sc_buf b1, b2;
	char err[128];

	/* The string writer: any bytes give JSON that parses. */
	sc_buf_init(&b1);
	sc_json_str(&b1, (const char *)data, size);
	check(sc_json_parse(&again, b1.data, b1.len, err, sizeof(err)) ==
		SC_JSON_OK,
	    "sc_json_str output parses");
	check(again.root->type == SC_JSON_STRING, "sc_json_str gives a string");
	if (size < 64)
		check(again.root->len <= size * 3, "string length bound");
	sc_json_doc_free(&again);
	sc_buf_free(&b1);

	if (sc_json_parse(&doc, (const char *)data, size, err, sizeof(err)) !=
	    SC_JSON_OK) {
		check(doc.root == NULL, "no root on error");
		check(strlen(err) > 0 && strlen(err) < sizeof(err),
		    "error message");
		sc_json_doc_free(&doc);
		return (0);
	}
	check(doc.root->rawlen <= size, "raw within input");
	/* Compact text is a fixed point of parse + write. */
	sc_buf_init(&b1);
	sc_json_write(&b1, doc.root);
	check(sc_json_parse(&again, b1.data, b1.len, err, sizeof(err)) ==
		SC_JSON_OK,
	    "compact output parses");
	sc_buf_init(&b2);
	sc_json_write(&b2, again.root);
	check(b1.len == b2.len && memcmp(b1.data, b2.data, b1.len) == 0,
	    "compact output is stable");
	sc_buf_free(&b2);
	sc_buf_free(&b1);
	sc_json_doc_free(&again);
	walk(doc.root, 0);
	sc_json_doc_free(&doc);
	return (0);
}
