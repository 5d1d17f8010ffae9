/*
 * sc_http.h: the Kore side of the runtime: JSON responses, FastAPI-shaped
 * error bodies, request body and path parsing. Generated handlers call these
 * so that every model answers the same way.
 */
#ifndef SC_HTTP_H
#define SC_HTTP_H

#include <kore/kore.h>
#include <kore/http.h>

#include "schemac.h"

/* Send buf as an application/json response; frees buf. Returns KORE_RESULT_OK. */
int sc_respond_json(struct http_request *, int status, struct sc_buf *);
/* {"detail": "<detail>"} with the given status. */
int sc_respond_detail(struct http_request *, int status, const char *detail);
/* 422 with the collected validation errors; frees nothing. */
int sc_respond_verrs(struct http_request *, const struct sc_verrs *);
/* 503 {"detail":"Database unavailable"} with Retry-After. */
int sc_respond_unavailable(struct http_request *);
/* 204, no body. */
int sc_respond_no_content(struct http_request *);

/*
 * Read and parse the request body as a JSON object. On failure this has
 * already responded (415 wrong content type, 400 malformed JSON, invalid
 * UTF-8 or too deep, 422 when the body is not an object) and returns -1.
 */
int sc_read_json_object(struct http_request *, struct sc_json_doc *);

/*
 * The path segment after prefix (e.g. "/users/" or "/users/by-email/"),
 * URL-decoded into out. Returns -1 when the path does not continue with
 * exactly one non-empty segment that fits.
 */
int sc_path_tail(struct http_request *, const char *prefix, char *out,
    size_t outlen);

/*
 * A query-string argument's raw value (URL-decoded), or NULL when absent.
 * Kore keeps only declared, validated arguments; generated code declares
 * them in routes.conf with a permissive validator and checks them here.
 */
const char *sc_query_arg(struct http_request *, const char *name);

#endif
