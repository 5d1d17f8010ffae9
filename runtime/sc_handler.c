/* sc_handler.c: the Kore side of the generated handlers (sc_handler.h). */
#include <stdio.h>

#include "sc_accesslog.h"
#include "sc_db.h"
#include "sc_handler.h"
#include "sc_http.h"

/* The methods a path answers, for 405's Allow header. */
static const char *
sc_allow(unsigned eps, unsigned e1, const char *m1, unsigned e2, const char *m2,
    unsigned e3, const char *m3, char *buf, size_t len)
{
	size_t n;

	n = 0;
	buf[0] = '\0';
	if (eps & e1)
		n += (size_t)snprintf(buf + n, len - n, "%s", m1);
	if ((eps & e2) && n < len)
		n += (size_t)snprintf(
		    buf + n, len - n, "%s%s", n > 0 ? ", " : "", m2);
	if ((eps & e3) && n < len)
		(void)snprintf(buf + n, len - n, "%s%s", n > 0 ? ", " : "", m3);
	return (buf);
}

static int
sc_method_not_allowed(struct http_request *req, const char *allow)
{
	http_response_header(req, "allow", allow);
	return (sc_respond_detail(
	    req, HTTP_STATUS_METHOD_NOT_ALLOWED, "Method Not Allowed"));
}

/* 404 {"detail":"<Model> not found"}. */
static int
sc_not_found(struct http_request *req, const struct sc_api *api)
{
	char detail[128];

	(void)snprintf(
	    detail, sizeof(detail), "%s not found", api->model->name);
	return (sc_respond_detail(req, HTTP_STATUS_NOT_FOUND, detail));
}

/*
 * A statement that did not succeed: 503 when the database could not be
 * reached, else the runtime answers by SQLSTATE and constraint (409, 422)
 * and logs the database's message, which the client never sees.
 */
static int
sc_respond_failed(struct http_request *req, const struct sc_api *api,
    const struct sc_query *q)
{
	if (q->state == SC_QUERY_UNAVAILABLE)
		return (sc_respond_unavailable(req));
	return (sc_respond_pg_error_fields(
	    req, q->result, api->model->name, api->model->columns));
}

/* The first row of the result with status, or 404 when there is none. */
static int
sc_respond_row(struct http_request *req, const struct sc_api *api,
    const struct sc_query *q, int status)
{
	struct sc_buf buf;

	if (PQntuples(q->result) == 0)
		return (sc_not_found(req, api));
	sc_buf_init(&buf);
	sc_model_row_json(api->model, q->result, 0, &buf);
	return (sc_respond_json(req, status, &buf));
}

/*
 * A list's rows as a JSON array. A counted list has one more column, the
 * number of matching rows, sent as X-Total-Count; its empty page is a
 * single row whose primary key is NULL.
 */
static int
sc_respond_rows(struct http_request *req, const struct sc_api *api,
    const struct sc_query *q)
{
	const struct sc_model *m = api->model;
	struct sc_buf buf;
	int i, n, ncols, pkcol, counted;

	n = PQntuples(q->result);
	ncols = (int)m->nfields;
	pkcol = (int)m->pk;
	counted = PQnfields(q->result) > ncols;
	sc_buf_init(&buf);
	sc_buf_append(&buf, "[", 1);
	for (i = 0; i < n; i++) {
		if (counted && PQgetisnull(q->result, i, pkcol))
			continue;
		if (i > 0)
			sc_buf_append(&buf, ",", 1);
		sc_model_row_json(m, q->result, i, &buf);
	}
	sc_buf_append(&buf, "]", 1);
	if (counted) {
		http_response_header(req, "x-total-count",
		    n > 0 ? PQgetvalue(q->result, 0, ncols) : "0");
	}
	return (sc_respond_json(req, HTTP_STATUS_OK, &buf));
}

/* 201 with the new row and its Location (the key percent-encoded). */
static int
sc_respond_created(struct http_request *req, const struct sc_api *api,
    const struct sc_query *q)
{
	struct sc_buf loc, buf;

	if (PQntuples(q->result) != 1)
		return (sc_respond_unavailable(req));
	sc_buf_init(&loc);
	sc_buf_puts(&loc, api->path);
	sc_url_segment(&loc, PQgetvalue(q->result, 0, (int)api->model->pk));
	http_response_header(req, "location", loc.data);
	sc_buf_free(&loc);
	sc_buf_init(&buf);
	sc_model_row_json(api->model, q->result, 0, &buf);
	return (sc_respond_json(req, HTTP_STATUS_CREATED, &buf));
}

/* sc_list_parse()'s view of the query string. */
static const char *
sc_query_value(void *req, const char *name)
{
	return (sc_query_arg(req, name));
}

/*
 * GET /<table>: the plain first page runs the prepared list statement;
 * filters, orderings, after and count a statement sc_list_parse() built.
 */
static int
sc_send_list(struct http_request *req, const struct sc_api *api)
{
	struct sc_args a;
	struct sc_buf sql;
	int ret;

	if (sc_query_check(req) == -1)
		return (KORE_RESULT_OK);
	sc_args_init(&a);
	sc_buf_init(&sql);
	sc_list_parse(api->model, &api->list, sc_query_value, req, &a, &sql);
	if (a.errs.n > 0)
		ret = sc_respond_verrs(req, &a.errs);
	else if (sql.len == 0)
		ret = sc_db_send(req, api->stmt_list, a.p.n, a.p.values);
	else
		ret = sc_db_send_sql(req, sql.data, a.p.n, a.p.values);
	sc_args_free(&a);
	sc_buf_free(&sql);
	return (ret);
}

/*
 * POST /<table> (key NULL): insert the row the body describes. PATCH
 * /<table>/{pk} (key the checked key's text): change the fields the body
 * gives; an empty object changes nothing, so it reads the row.
 */
static int
sc_send_write(struct http_request *req, const struct sc_api *api, void *patch,
    const char *key)
{
	struct sc_json_doc doc;
	struct sc_verrs errs;
	struct sc_params p;
	int ret;

	if (sc_read_json_object(req, &doc) == -1)
		return (KORE_RESULT_OK);
	sc_verrs_init(&errs);
	sc_params_init(&p);
	if (key != NULL)
		sc_params_text(&p, key);
	if (sc_model_decode(api->model, doc.root, patch, &errs, key == NULL) ==
	    -1) {
		ret = sc_respond_verrs(req, &errs);
	} else if (key == NULL) {
		sc_model_patch_params(api->model, patch, &p);
		ret = sc_db_send(req, api->stmt_create, p.n, p.values);
	} else if (doc.root->nchildren == 0) {
		ret = sc_db_send(req, api->stmt_get, p.n, p.values);
	} else {
		sc_model_patch_params(api->model, patch, &p);
		ret = sc_db_send(req, api->stmt_update, p.n, p.values);
	}
	sc_model_patch_clear(api->model, patch);
	sc_verrs_free(&errs);
	sc_json_doc_free(&doc);
	return (ret);
}

int
sc_handle_collection(
    struct http_request *req, const struct sc_api *api, void *patch)
{
	struct sc_query *q;
	char allow[32];

	if ((q = sc_query_get(req)) == NULL) {
		sc_accesslog_begin(req);
		if (req->method == HTTP_METHOD_GET &&
		    (api->endpoints & SC_EP_LIST))
			return (sc_send_list(req, api));
		if (req->method == HTTP_METHOD_POST &&
		    (api->endpoints & SC_EP_CREATE))
			return (sc_send_write(req, api, patch, NULL));
		return (sc_method_not_allowed(req,
		    sc_allow(api->endpoints, SC_EP_LIST, "GET", SC_EP_CREATE,
			"POST", 0, NULL, allow, sizeof(allow))));
	}
	if (q->state == SC_QUERY_PENDING)
		return (KORE_RESULT_RETRY);
	if (q->state != SC_QUERY_DONE)
		return (sc_respond_failed(req, api, q));
	if (req->method == HTTP_METHOD_POST)
		return (sc_respond_created(req, api, q));
	return (sc_respond_rows(req, api, q));
}

/* Is the method one of the item path's, per the model's endpoints? */
static int
sc_item_method(const struct sc_api *api, int method)
{
	switch (method) {
	case HTTP_METHOD_GET:
		return ((api->endpoints & SC_EP_GET) != 0);
	case HTTP_METHOD_PATCH:
		return ((api->endpoints & SC_EP_UPDATE) != 0);
	case HTTP_METHOD_DELETE:
		return ((api->endpoints & SC_EP_DELETE) != 0);
	default:
		return (0);
	}
}

int
sc_handle_item(struct http_request *req, const struct sc_api *api, void *patch)
{
	const struct sc_field *pk = &api->model->fields[api->model->pk];
	struct sc_query *q;
	struct sc_args a;
	char id[HTTP_URI_LEN], allow[32];
	int ret;

	if ((q = sc_query_get(req)) != NULL)
		goto result;
	sc_accesslog_begin(req);

	if (!sc_item_method(api, req->method)) {
		return (sc_method_not_allowed(req,
		    sc_allow(api->endpoints, SC_EP_GET, "GET", SC_EP_UPDATE,
			"PATCH", SC_EP_DELETE, "DELETE", allow,
			sizeof(allow))));
	}
	if (sc_path_tail(req, api->path, id, sizeof(id)) == -1)
		return (sc_not_found(req, api));

	sc_args_init(&a);
	sc_args_value(&a, "path", pk->rules.name, pk, id);
	if (a.errs.n > 0)
		ret = sc_respond_verrs(req, &a.errs);
	else if (req->method == HTTP_METHOD_GET)
		ret = sc_db_send(req, api->stmt_get, a.p.n, a.p.values);
	else if (req->method == HTTP_METHOD_DELETE)
		ret = sc_db_send(req, api->stmt_delete, a.p.n, a.p.values);
	else
		ret = sc_send_write(req, api, patch, a.p.values[0]);
	sc_args_free(&a);
	return (ret);

result:
	if (q->state == SC_QUERY_PENDING)
		return (KORE_RESULT_RETRY);
	if (q->state != SC_QUERY_DONE)
		return (sc_respond_failed(req, api, q));
	if (req->method == HTTP_METHOD_DELETE) {
		if (PQntuples(q->result) == 0)
			return (sc_not_found(req, api));
		return (sc_respond_no_content(req));
	}
	return (sc_respond_row(req, api, q, HTTP_STATUS_OK));
}

int
sc_handle_lookup(struct http_request *req, const struct sc_api *api,
    const char *prefix, const char *field, int stmt)
{
	const struct sc_field *f;
	struct sc_query *q;
	struct sc_args a;
	char value[HTTP_URI_LEN];
	int ret;

	if ((q = sc_query_get(req)) != NULL) {
		if (q->state == SC_QUERY_PENDING)
			return (KORE_RESULT_RETRY);
		if (q->state != SC_QUERY_DONE)
			return (sc_respond_failed(req, api, q));
		return (sc_respond_row(req, api, q, HTTP_STATUS_OK));
	}

	sc_accesslog_begin(req);
	if (req->method != HTTP_METHOD_GET)
		return (sc_method_not_allowed(req, "GET"));
	if (sc_path_tail(req, prefix, value, sizeof(value)) == -1 ||
	    (f = sc_model_field(api->model, field)) == NULL)
		return (sc_not_found(req, api));

	sc_args_init(&a);
	sc_args_value(&a, "path", f->rules.name, f, value);
	if (a.errs.n > 0)
		ret = sc_respond_verrs(req, &a.errs);
	else
		ret = sc_db_send(req, stmt, a.p.n, a.p.values);
	sc_args_free(&a);
	return (ret);
}
