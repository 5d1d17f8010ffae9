/* fuzz_decode.c: libFuzzer target for the generated JSON request decoders. */

/*
 * Any bytes go through sc_json_parse(), as a request body does; a parsed
 * document goes through user_decode_create() and user_decode_patch() from
 * generated/models.h, and an accepted one through user_create_params() and
 * user_update_params() from generated/queries.h, as the handlers do.
 * Besides "no crash, leak, hang or sanitizer report", the target checks
 * the decoders' contract:
 *  - -1 comes with at least one recorded error and 0 with none;
 *  - the 422 body built from the errors is valid JSON (it is parsed back);
 *  - an accepted body has no string member with a NUL byte (\u0000): a C
 *    string would silently cut it short, and every parameter sent is
 *    valid UTF-8, or PostgreSQL would refuse it with a server error (a
 *    500, not a 422). The User model has no json field, whose text keeps
 *    escapes.
 * A broken contract calls abort(), which libFuzzer reports with the input.
 * Built and run by scripts/fuzz.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models.h"
#include "queries.h"
#include "schemac.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
broken(const char *what)
{
	fprintf(stderr, "fuzz_decode: %s\n", what);
	abort();
}

/* The 422 body of errs must itself be valid JSON. */
static void
check_errors_json(const struct sc_verrs *errs)
{
	struct sc_json_doc doc;
	struct sc_buf b;
	char err[128];

	sc_buf_init(&b);
	sc_verrs_json(errs, &b);
	if (b.len == 0 ||
	    sc_json_parse(&doc, b.data, b.len, err, sizeof(err)) !=
		SC_JSON_OK) {
		fprintf(stderr, "%.*s\n", (int)b.len, b.data ? b.data : "");
		broken("the validation error body is not valid JSON");
	}
	sc_json_doc_free(&doc);
	sc_buf_free(&b);
}

/* A text value that reaches PostgreSQL must be valid UTF-8 without NUL. */
static void
check_text(const char *s)
{
	size_t n, len, i;

	if (s == NULL)
		return;
	n = strlen(s);
	for (i = 0; i < n; i += len) {
		len = sc_utf8_seqlen((const unsigned char *)s + i, n - i);
		if (len == 0)
			broken("an accepted string is not valid UTF-8");
	}
}

/* Every parameter the handlers would send for p, checked as text. */
static void
check_params(const struct user_patch *p, int create)
{
	struct sc_params params;
	int i;

	sc_params_init(&params);
	if (create)
		user_create_params(p, &params);
	else
		user_update_params("1", p, &params);
	if (params.n < 1 || params.n > SC_PARAMS_MAX)
		broken("parameter count out of range");
	for (i = 0; i < params.n; i++)
		check_text(params.values[i]);
}

/* True when a member of obj is a string holding a NUL byte. */
static int
has_nul_string(const struct sc_json *obj)
{
	const struct sc_json *m;

	for (m = obj->child; m != NULL; m = m->next)
		if (m->type == SC_JSON_STRING &&
		    memchr(m->str, '\0', m->len) != NULL)
			return (1);
	return (0);
}

/* Decode obj with one of the decoders and check the result. */
static void
decode(const struct sc_json *obj, int create)
{
	struct user_patch p;
	struct sc_verrs errs;
	int rc;

	memset(&p, 0, sizeof(p));
	sc_verrs_init(&errs);
	if (create)
		rc = user_decode_create(obj, &p, &errs);
	else
		rc = user_decode_patch(obj, &p, &errs);
	if (rc != 0 && rc != -1)
		broken("decoder returned neither 0 nor -1");
	if (rc == -1 && errs.n == 0)
		broken("decoder failed without recording an error");
	if (rc == 0 && errs.n != 0)
		broken("decoder succeeded with errors recorded");
	if (rc == -1)
		check_errors_json(&errs);
	else {
		if (has_nul_string(obj))
			broken("a string with a NUL byte was accepted");
		check_params(&p, create);
	}
	user_patch_clear(&p);
	sc_verrs_free(&errs);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sc_json_doc doc;
	char err[128];

	err[0] = '\0';
	if (sc_json_parse(&doc, (const char *)data, size, err, sizeof(err)) ==
	    SC_JSON_OK) {
		if (doc.root == NULL)
			broken("parse succeeded without a root");
		/* Handlers answer 422 for a non-object body themselves. */
		if (doc.root->type == SC_JSON_OBJECT) {
			decode(doc.root, 1);
			decode(doc.root, 0);
		}
	} else if (err[0] == '\0')
		broken("parse failed without a message");
	sc_json_doc_free(&doc);
	return (0);
}
