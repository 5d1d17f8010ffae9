/*
 * sc_handler.h: the Kore handlers of a model's endpoints (SPEC section 5),
 * driven by a static description of its HTTP API that handlers.c
 * generates; each generated handler is one call into these. A handler is
 * called twice by Kore: first it checks the request and sends one
 * statement through sc_db (the worker never blocks on the database); then,
 * once sc_query_get() says the result is in, it answers.
 *
 * Every answer follows SPEC section 5: 405 with Allow for a method the
 * path does not take; 404 {"detail":"<Model> not found"} for a path value
 * that is malformed or matches no row; 422 for a path or query value that
 * does not parse as its field's type and for an invalid body; 400 for a
 * malformed query string (lists) or body; the runtime's answers to a
 * failed statement (sc_respond_pg_error_fields: 409, 422, 503).
 */
#ifndef SC_HANDLER_H
#define SC_HANDLER_H

#include <kore/kore.h>
#include <kore/http.h>

#include "sc_model.h"

/* The endpoints a model has (its `endpoints:`), as bits. */
#define SC_EP_LIST 0x01u
#define SC_EP_GET 0x02u
#define SC_EP_CREATE 0x04u
#define SC_EP_UPDATE 0x08u
#define SC_EP_DELETE 0x10u
#define SC_EP_ALL 0x1fu

/* A model's HTTP API: /<table> and /<table>/{pk}. */
struct sc_api {
	const struct sc_model *model;
	unsigned endpoints; /* SC_EP_* */
	const char *path; /* "/<table>/": item paths, Location */
	struct sc_list list; /* GET /<table> */
	/* Its statements (queries.h): sent by id. */
	int stmt_get, stmt_list, stmt_create, stmt_update, stmt_delete;
};

/*
 * /<table>: GET lists (a page of rows as a JSON array, X-Total-Count with
 * count=true), POST creates (201 with the row and its Location). patch is
 * the caller's struct <m>_patch, which the body is decoded into.
 */
int sc_handle_collection(
    struct http_request *, const struct sc_api *, void *patch);

/*
 * /<table>/{pk}: GET reads (200), PATCH changes the fields the body gives
 * (200; an empty object changes nothing and reads the row), DELETE removes
 * the row (204). patch is as for sc_handle_collection().
 */
int sc_handle_item(struct http_request *, const struct sc_api *, void *patch);

/*
 * GET /<table>/by-<field>/{value}: the row whose unique field (named
 * field) has that value; prefix is the path before the value and stmt the
 * model's get_by_<field> statement.
 */
int sc_handle_lookup(struct http_request *, const struct sc_api *,
    const char *prefix, const char *field, int stmt);

#endif
