/* fuzz_schema.c: libFuzzer target for the schema loader, checker, emitters. */

/*
 * Any bytes go through schema_check() (libyaml loading, then every semantic
 * check). Besides "no crash, leak, hang or sanitizer report", the target
 * holds the pipeline to its contracts:
 *  - a rejected schema has at least one diagnostic, and they render;
 *  - an accepted schema renders through every emitter without an internal
 *    error, and its lock text loads back through the checker to the same
 *    lock text (the migration differ depends on that round trip).
 * A broken contract calls abort(), which libFuzzer reports as a crash with
 * the input saved. Built and run by scripts/fuzz.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "diag.h"
#include "emit.h"
#include "ir.h"
#include "lock.h"
#include "out.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *path = "fuzz.yaml";

/* Print why the input broke a contract, then crash so libFuzzer keeps it. */
static void
broken(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_schema: %s\n", what);
	if (detail != NULL)
		fprintf(stderr, "%s\n", detail);
	abort();
}

/* Render every generated file of s; abort on an emitter's internal error. */
static void
emit_all(const struct ir_schema *s)
{
	const struct emitter *e;
	struct out o;

	for (e = emitters; e->filename != NULL; e++) {
		out_init(&o);
		if (e->emit(s, &o) != 0)
			broken("emitter failed on an accepted schema",
			    e->filename);
		if (o.buf == NULL || strlen(o.buf) != o.len)
			broken("emitter output has a NUL byte", e->filename);
		out_free(&o);
	}
}

/* lock(s) must load back through the checker and render identically. */
static void
lock_round_trip(const struct ir_schema *s)
{
	struct ir_schema *again;
	struct diags d;
	struct out first, second;

	out_init(&first);
	lock_render(s, &first);
	diag_init(&d);
	again = schema_check("fuzz.lock", first.buf, first.len, &d);
	if (again == NULL) {
		diag_print(&d, stderr);
		broken(
		    "the lock of an accepted schema does not load", first.buf);
	}
	out_init(&second);
	lock_render(again, &second);
	if (first.len != second.len ||
	    memcmp(first.buf, second.buf, first.len) != 0)
		broken("the lock does not round-trip", first.buf);
	out_free(&second);
	out_free(&first);
	ir_free(again);
	diag_free(&d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ir_schema *s;
	struct diags d;
	struct out o;

	diag_init(&d);
	s = schema_check(path, (const char *)data, size, &d);
	if (s == NULL) {
		if (d.n == 0)
			broken("schema rejected without a diagnostic", NULL);
		out_init(&o);
		diag_render(&d, &o);
		if (o.len == 0)
			broken("diagnostics rendered to nothing", NULL);
		out_free(&o);
	} else {
		if (d.n != 0)
			broken("schema accepted with diagnostics", NULL);
		emit_all(s);
		lock_round_trip(s);
		ir_free(s);
	}
	diag_free(&d);
	return (0);
}
