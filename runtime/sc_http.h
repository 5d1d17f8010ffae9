/*
 * sc_http.h: the Kore side of the runtime: JSON responses, FastAPI-shaped
 * error bodies, request body and path parsing. Generated handlers call these
 * so that every model answers the same way.
 */
#ifndef SC_HTTP_H
#define SC_HTTP_H

#include <libpq-fe.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "schemac.h"

/*
 * Every response our code sends goes through here: writes the access log
 * line (sc_accesslog.h), then http_response(req, status, body, len), which
 * copies body. Headers must be set before. Returns KORE_RESULT_OK.
 */
int sc_respond(struct http_request *, int status, const void *body, size_t len);

/* Send buf as an application/json response; frees buf. Returns KORE_RESULT_OK.
 */
int sc_respond_json(struct http_request *, int status, struct sc_buf *);
/* {"detail": "<detail>"} with the given status. */
int sc_respond_detail(struct http_request *, int status, const char *detail);
/* 422 with the collected validation errors; frees nothing. */
int sc_respond_verrs(struct http_request *, const struct sc_verrs *);
/* 503 {"detail":"Database unavailable"} with Retry-After: 1. */
int sc_respond_unavailable(struct http_request *);
/* 204, no body. */
int sc_respond_no_content(struct http_request *);

/*
 * Read and parse the request body as a JSON object. On success the caller
 * owns doc (sc_json_doc_free). On failure this has already responded and
 * returns -1: 422 "missing" at ["body"] for an empty body (as FastAPI), 415
 * when Content-Type is not application/json (parameters allowed; a charset
 * must be utf-8), 400 {"detail":"Invalid JSON at byte N: ..."} for
 * malformed JSON, invalid UTF-8, nesting deeper than SC_JSON_MAX_DEPTH or
 * more than SC_JSON_MAX_VALUES values, 422 "model_attributes_type" when
 * the body is not an object, 503 on a server-side failure. Kore answers
 * 413 itself for bodies over http_body_max. Kore's body reader consumes
 * the body, so call this once per request (on the handler's first call).
 */
int sc_read_json_object(struct http_request *, struct sc_json_doc *);

/*
 * The path segment after prefix (e.g. "/users/" or "/users/by-email/"),
 * percent-decoded into out (outlen bytes, NUL included). Returns -1 when
 * the path does not continue with exactly one non-empty segment, or the
 * segment has a bad %-escape, decodes to a NUL byte or invalid UTF-8, or
 * does not fit (out's contents are then undefined).
 */
int sc_path_tail(
    struct http_request *, const char *prefix, char *out, size_t outlen);

/*
 * A query-string argument's value, percent-decoded ('+' is a space), or
 * NULL when absent. The runtime parses req->query_string itself, so
 * routes.conf needs no `params` blocks (Kore would keep only declared,
 * validated arguments). A repeated argument: the last one wins (as in
 * Starlette). Pairs with a bad %-escape, a NUL byte or invalid UTF-8 are
 * left out; sc_query_check tells about them. The string is owned by the
 * runtime and stays valid until the handler returns (it is a per-worker
 * cache, replaced when another query string is parsed).
 */
const char *sc_query_arg(struct http_request *, const char *name);

/*
 * 0 when every argument of the query string is well-formed; else responds
 * 400 {"detail":"Malformed query string: ..."} and returns -1.
 */
int sc_query_check(struct http_request *);

/*
 * Respond to a failed statement (res holds the error; NULL = no result,
 * e.g. the connection was lost). The SQLSTATE picks the answer, and the
 * database's own text is only logged (kore_log), never sent:
 *   23505  409 {"detail":"<Model> with this <column> already exists"}
 *          (column from the constraint name <table>_<cols>_key; "<Model>
 *          already exists" when it does not follow that pattern)
 *   23503  on DELETE: 409 {"detail":"<Model> is still referenced"};
 *          else 422 loc ["body",<column of <table>_<col>_fkey>] type
 *          "foreign_key" msg "Referenced row does not exist"
 *   23502  422 loc ["body",<column>] type "missing" "Field required"
 *   23514  422 loc ["body",<column of <table>_<col>_check>] "value_error"
 *   22xxx  422 loc ["body"] type "value_error" (value too long, number out
 *          of range, invalid date, ...)
 *   54xxx  422 loc ["body"] type "value_error" (a value over a database
 *          limit, e.g. too big for an index; loc names the field when the
 *          index is <table>_<col>_idx or _key of a known field)
 *   other  503 {"detail":"Database unavailable"} with Retry-After: 1
 * sc_respond_pg_error_fields also takes the model's column names
 * (NULL-terminated): it names the columns of a unique_together constraint
 * ("Item with this owner_id and title already exists") and only puts known
 * column names into a loc. Both return KORE_RESULT_OK.
 */
int sc_respond_pg_error(
    struct http_request *, PGresult *res, const char *model_name);
int sc_respond_pg_error_fields(struct http_request *, PGresult *res,
    const char *model_name, const char *const *fields);

#endif
