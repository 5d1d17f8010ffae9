/* sc_http.c: JSON responses, request bodies, paths and query strings (Kore). */
#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sc_accesslog.h"
#include "sc_http.h"

int
sc_respond(struct http_request *req, int status, const void *body, size_t len)
{
	/* Log first: http_response() starts the connection's next request. */
	sc_accesslog_request(req, status, len);
	http_response(req, status, body, len);
	return (KORE_RESULT_OK);
}

int
sc_respond_json(struct http_request *req, int status, struct sc_buf *b)
{
	http_response_header(req, "content-type", "application/json");
	/* http_response() copies the bytes into the connection's queue. */
	(void)sc_respond(req, status, b->data != NULL ? b->data : "", b->len);
	sc_buf_free(b);
	return (KORE_RESULT_OK);
}

int
sc_respond_detail(struct http_request *req, int status, const char *detail)
{
	struct sc_buf b;

	sc_buf_init(&b);
	sc_buf_puts(&b, "{\"detail\":");
	sc_json_cstr(&b, detail);
	sc_buf_puts(&b, "}");
	return (sc_respond_json(req, status, &b));
}

int
sc_respond_verrs(struct http_request *req, const struct sc_verrs *e)
{
	struct sc_buf b;

	sc_buf_init(&b);
	sc_verrs_json(e, &b);
	return (sc_respond_json(req, 422, &b));
}

int
sc_respond_unavailable(struct http_request *req)
{
	http_response_header(req, "retry-after", "1");
	return (sc_respond_detail(req, 503, "Database unavailable"));
}

int
sc_respond_no_content(struct http_request *req)
{
	return (sc_respond(req, 204, NULL, 0));
}

/* One validation error as the whole 422 response. */
static int
sc_respond_one(struct http_request *req, const char *field, const char *type,
    const char *msg)
{
	struct sc_verrs e;
	int r;

	sc_verrs_init(&e);
	sc_verr_add(&e, "body", field, type, "%s", msg);
	r = sc_respond_verrs(req, &e);
	sc_verrs_free(&e);
	return (r);
}

/*
 * "application/json", any case, optionally followed by parameters; a
 * charset parameter must say utf-8 (RFC 8259 section 8.1: JSON is UTF-8).
 */
static int
sc_content_type_json(const char *ct)
{
	const char *p, *v;
	size_t n;

	while (*ct == ' ' || *ct == '\t')
		ct++;
	n = strlen("application/json");
	if (strncasecmp(ct, "application/json", n) != 0)
		return (0);
	p = ct + n;
	while (*p == ' ' || *p == '\t')
		p++;
	while (*p == ';') {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, "charset=", 8) == 0) {
			v = p + 8;
			if (*v == '"')
				v++;
			if (strncasecmp(v, "utf-8", 5) != 0)
				return (0);
			v += 5;
			if (*v == '"')
				v++;
			p = v;
		} else {
			/* Some other parameter: skip its token. */
			while (*p != '\0' && *p != ';')
				p++;
			continue;
		}
		while (*p == ' ' || *p == '\t')
			p++;
	}
	return (*p == '\0');
}

int
sc_read_json_object(struct http_request *req, struct sc_json_doc *doc)
{
	struct sc_buf body;
	enum sc_json_status st;
	const char *ct;
	char err[160];
	ssize_t r;

	doc->root = NULL;
	doc->arena = NULL;
	sc_buf_init(&body);
	/*
	 * Kore has the whole body (within http_body_max) before we run;
	 * read it straight into one buffer of the announced size.
	 */
	sc_buf_reserve(&body, req->http_body_length + 1);
	for (;;) {
		if (body.cap - body.len < 2)
			sc_buf_reserve(&body, 8192);
		r = http_body_read(
		    req, body.data + body.len, body.cap - body.len - 1);
		if (r == -1) {
			sc_buf_free(&body);
			kore_log(
			    LOG_ERR, "sc_read_json_object: body read failed");
			http_response_header(req, "retry-after", "1");
			(void)sc_respond_detail(
			    req, 503, "Could not read the request body");
			return (-1);
		}
		if (r == 0)
			break;
		body.len += (size_t)r;
		body.data[body.len] = '\0';
	}
	if (body.len == 0) {
		/* FastAPI's answer to a missing body. */
		sc_buf_free(&body);
		(void)sc_respond_one(req, NULL, "missing", "Field required");
		return (-1);
	}
	if (http_request_header(req, "content-type", &ct) != KORE_RESULT_OK ||
	    !sc_content_type_json(ct)) {
		sc_buf_free(&body);
		(void)sc_respond_detail(
		    req, 415, "Content-Type must be application/json");
		return (-1);
	}
	st = sc_json_parse(doc, body.data, body.len, err, sizeof(err));
	sc_buf_free(&body);
	if (st != SC_JSON_OK) {
		sc_json_doc_free(doc);
		if (st == SC_JSON_ENOMEM) {
			kore_log(LOG_ERR, "sc_read_json_object: out of memory");
			(void)sc_respond_unavailable(req);
		} else
			(void)sc_respond_detail(req, 400, err);
		return (-1);
	}
	if (doc->root->type != SC_JSON_OBJECT) {
		sc_json_doc_free(doc);
		(void)sc_respond_one(req, NULL, "model_attributes_type",
		    "Input should be a valid dictionary or object");
		return (-1);
	}
	return (0);
}

/*
 * Percent-decode n bytes of s into out (room for n + 1 bytes); plus
 * becomes a space when plus_space. Returns the decoded length, or -1 for a
 * bad escape, a NUL byte (%00; s itself has none) or invalid UTF-8.
 */
static ssize_t
sc_urldecode(const char *s, size_t n, char *out, int plus_space)
{
	size_t i, o, k;
	int hi, lo;

	o = 0;
	for (i = 0; i < n; i++) {
		if (s[i] == '%') {
			if (i + 2 >= n)
				return (-1);
			hi = sc_hexval((unsigned char)s[i + 1]);
			lo = sc_hexval((unsigned char)s[i + 2]);
			if (hi == -1 || lo == -1 || (hi | lo) == 0)
				return (-1);
			out[o++] = (char)(hi << 4 | lo);
			i += 2;
		} else if (s[i] == '+' && plus_space)
			out[o++] = ' ';
		else
			out[o++] = s[i];
	}
	out[o] = '\0';
	for (i = 0; i < o; i += k) {
		/* ASCII, the usual case, needs no call. */
		if ((unsigned char)out[i] < 0x80)
			k = 1;
		else if ((k = sc_utf8_seqlen(
			      (const unsigned char *)out + i, o - i)) == 0)
			return (-1);
	}
	return ((ssize_t)o);
}

int
sc_path_tail(
    struct http_request *req, const char *prefix, char *out, size_t outlen)
{
	const char *tail;
	size_t plen, n;
	char *tmp;
	ssize_t r;

	plen = strlen(prefix);
	if (req->path == NULL || strncmp(req->path, prefix, plen) != 0)
		return (-1);
	tail = req->path + plen;
	n = strlen(tail);
	if (n == 0 || memchr(tail, '/', n) != NULL)
		return (-1);
	/*
	 * Decoding never lengthens the text, so when the text fits, decode
	 * straight into out (the usual case: out is HTTP_URI_LEN long).
	 */
	if (n < outlen) {
		r = sc_urldecode(tail, n, out, 0);
		return (r <= 0 ? -1 : 0);
	}
	if ((tmp = malloc(n + 1)) == NULL)
		return (-1);
	r = sc_urldecode(tail, n, tmp, 0);
	if (r <= 0 || (size_t)r >= outlen) {
		free(tmp);
		return (-1);
	}
	memcpy(out, tmp, (size_t)r + 1);
	free(tmp);
	return (0);
}

/*
 * The query string of the request being handled, parsed once. A worker
 * runs one handler at a time, so one cache per worker is enough; it is
 * keyed by the query string's text, so a new request with the same text
 * may use it as it is.
 */
struct sc_qarg {
	const char *name;
	const char *value;
};

static struct {
	char *qs; /* the text that was parsed */
	char *buf; /* decoded names and values */
	struct sc_qarg *args;
	size_t nargs;
	int malformed;
} sc_qs;

static void
sc_qs_parse(const char *qs)
{
	const char *p, *amp, *eq;
	size_t n, cap, len;
	char *o;
	ssize_t nl, vl;

	free(sc_qs.qs);
	free(sc_qs.buf);
	free(sc_qs.args);
	memset(&sc_qs, 0, sizeof(sc_qs));
	len = strlen(qs);
	sc_qs.qs = malloc(len + 1);
	/* each byte decodes to at most one; plus a NUL per name and value */
	sc_qs.buf = malloc(2 * len + 2);
	cap = 1;
	for (p = qs; *p != '\0'; p++)
		cap += *p == '&';
	sc_qs.args = calloc(cap, sizeof(*sc_qs.args));
	if (sc_qs.qs == NULL || sc_qs.buf == NULL || sc_qs.args == NULL) {
		free(sc_qs.qs);
		free(sc_qs.buf);
		free(sc_qs.args);
		memset(&sc_qs, 0, sizeof(sc_qs));
		return;
	}
	memcpy(sc_qs.qs, qs, len + 1);
	o = sc_qs.buf;
	n = 0;
	for (p = qs; *p != '\0'; p = *amp != '\0' ? amp + 1 : amp) {
		if ((amp = strchr(p, '&')) == NULL)
			amp = p + strlen(p);
		if (amp == p)
			continue;
		if ((eq = memchr(p, '=', (size_t)(amp - p))) == NULL)
			eq = amp;
		if (eq == p)
			continue; /* "=x": no name, nothing to look up */
		nl = sc_urldecode(p, (size_t)(eq - p), o, 1);
		if (nl < 0) {
			sc_qs.malformed = 1;
			continue;
		}
		sc_qs.args[n].name = o;
		o += nl + 1;
		if (eq == amp)
			vl = sc_urldecode("", 0, o, 1);
		else
			vl = sc_urldecode(eq + 1, (size_t)(amp - eq - 1), o, 1);
		if (vl < 0) {
			sc_qs.malformed = 1;
			continue;
		}
		sc_qs.args[n].value = o;
		o += vl + 1;
		n++;
	}
	sc_qs.nargs = n;
}

static void
sc_qs_load(struct http_request *req)
{
	const char *qs;

	qs = req->query_string != NULL ? req->query_string : "";
	if (sc_qs.qs == NULL || strcmp(sc_qs.qs, qs) != 0)
		sc_qs_parse(qs);
}

const char *
sc_query_arg(struct http_request *req, const char *name)
{
	size_t i;

	sc_qs_load(req);
	/* The last one wins, as in Starlette (FastAPI). */
	for (i = sc_qs.nargs; i > 0; i--) {
		if (strcmp(sc_qs.args[i - 1].name, name) == 0)
			return (sc_qs.args[i - 1].value);
	}
	return (NULL);
}

int
sc_query_check(struct http_request *req)
{
	sc_qs_load(req);
	if (sc_qs.malformed ||
	    (req->query_string != NULL && sc_qs.qs == NULL)) {
		(void)sc_respond_detail(req, 400,
		    "Malformed query string: bad percent-encoding or invalid "
		    "UTF-8");
		return (-1);
	}
	return (0);
}

/* --- database errors ------------------------------------------------- */

/*
 * The column part of a constraint named <table>_<cols>_<suffix> (the DDL's
 * naming convention), copied into out; 0 when the name does not follow it
 * (e.g. it was truncated to 63 bytes).
 */
static int
sc_constraint_cols(PGresult *res, const char *suffix, char *out, size_t outlen)
{
	const char *table, *cons;
	size_t tl, cl, sl, ml;

	table = PQresultErrorField(res, PG_DIAG_TABLE_NAME);
	cons = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
	if (table == NULL || cons == NULL)
		return (0);
	tl = strlen(table);
	cl = strlen(cons);
	sl = strlen(suffix);
	if (cl <= tl + 1 + sl || strncmp(cons, table, tl) != 0 ||
	    cons[tl] != '_' || strcmp(cons + cl - sl, suffix) != 0 ||
	    cons[cl - sl - 1] != '_')
		return (0);
	ml = cl - tl - 1 - sl - 1;
	if (ml == 0 || ml >= outlen)
		return (0);
	memcpy(out, cons + tl + 1, ml);
	out[ml] = '\0';
	return (1);
}

/*
 * Split "owner_id_title" into known field names ("owner_id", "title"),
 * writing them into out as "owner_id and title". Backtracks, since field
 * names contain underscores themselves. Returns the number of fields, 0
 * when the text is not such a sequence.
 */
static int
sc_split_fields(
    const char *s, const char *const *fields, const char **pick, int depth)
{
	size_t i, n;
	int k;

	if (depth >= 16)
		return (0);
	for (i = 0; fields[i] != NULL; i++) {
		n = strlen(fields[i]);
		if (n == 0 || strncmp(s, fields[i], n) != 0)
			continue;
		pick[depth] = fields[i];
		if (s[n] == '\0')
			return (depth + 1);
		if (s[n] != '_' || s[n + 1] == '\0')
			continue;
		if ((k = sc_split_fields(s + n + 1, fields, pick, depth + 1)) >
		    0)
			return (k);
	}
	return (0);
}

static const char *
sc_describe_cols(
    const char *cols, const char *const *fields, char *out, size_t outlen)
{
	const char *pick[16];
	size_t len;
	int k, i;

	if (fields == NULL || (k = sc_split_fields(cols, fields, pick, 0)) <= 1)
		return (cols);
	out[0] = '\0';
	for (i = 0; i < k; i++) {
		len = strlen(out);
		(void)snprintf(out + len, outlen - len, "%s%s",
		    i == 0 ? "" : (i == k - 1 ? " and " : ", "), pick[i]);
	}
	return (out);
}

/* Is name one of fields (or may it be, when there is no list)? */
static int
sc_known_field(const char *name, const char *const *fields)
{
	size_t i;

	if (fields == NULL)
		return (1);
	for (i = 0; fields[i] != NULL; i++) {
		if (strcmp(fields[i], name) == 0)
			return (1);
	}
	return (0);
}

static const char *
sc_data_exception_msg(const char *state)
{
	if (strcmp(state, "22001") == 0)
		return ("Value error, value too long for the column");
	if (strcmp(state, "22003") == 0)
		return ("Value error, number out of range");
	if (strcmp(state, "22007") == 0 || strcmp(state, "22008") == 0)
		return ("Value error, invalid date or time");
	if (strcmp(state, "22P02") == 0)
		return ("Value error, invalid input syntax");
	if (strcmp(state, "22P05") == 0 || strcmp(state, "22021") == 0)
		return ("Value error, unsupported character");
	return ("Value error, invalid value");
}

/* The server's one-line message, for the log only. */
static const char *
sc_pg_message(PGresult *res)
{
	const char *m;

	if ((m = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY)) != NULL)
		return (m);
	m = PQresultErrorMessage(res);
	return (m != NULL && *m != '\0' ? m : "(no message)");
}

int
sc_respond_pg_error_fields(struct http_request *req, PGresult *res,
    const char *model, const char *const *fields)
{
	const char *state, *col, *what;
	char cols[128], desc[256], msg[512];

	if (model == NULL)
		model = "Resource";
	state = res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	if (state == NULL) {
		kore_log(LOG_ERR, "database error: %s",
		    res != NULL ? sc_pg_message(res) : "no result");
		return (sc_respond_unavailable(req));
	}
	switch (sc_sqlstate_result(state)) {
	case SCHEMAC_CONFLICT:
		if (sc_constraint_cols(res, "key", cols, sizeof(cols))) {
			what =
			    sc_describe_cols(cols, fields, desc, sizeof(desc));
			(void)snprintf(msg, sizeof(msg),
			    "%s with this %s already exists", model, what);
		} else
			(void)snprintf(
			    msg, sizeof(msg), "%s already exists", model);
		return (sc_respond_detail(req, 409, msg));
	case SCHEMAC_INVALID:
		break;
	default:
		kore_log(LOG_ERR, "database error %s: %s", state,
		    sc_pg_message(res));
		return (sc_respond_unavailable(req));
	}
	if (strcmp(state, "23503") == 0) {
		/* A DELETE can only fail this way when others refer to it. */
		if (req->method == HTTP_METHOD_DELETE) {
			(void)snprintf(
			    msg, sizeof(msg), "%s is still referenced", model);
			return (sc_respond_detail(req, 409, msg));
		}
		if (sc_constraint_cols(res, "fkey", cols, sizeof(cols)) &&
		    sc_known_field(cols, fields))
			return (sc_respond_one(req, cols, "foreign_key",
			    "Referenced row does not exist"));
		return (sc_respond_one(
		    req, NULL, "foreign_key", "Referenced row does not exist"));
	}
	if (strcmp(state, "23502") == 0) {
		col = PQresultErrorField(res, PG_DIAG_COLUMN_NAME);
		if (col != NULL && !sc_known_field(col, fields))
			col = NULL;
		return (sc_respond_one(req, col, "missing", "Field required"));
	}
	if (strcmp(state, "23514") == 0) {
		if (sc_constraint_cols(res, "check", cols, sizeof(cols)) &&
		    sc_known_field(cols, fields))
			return (sc_respond_one(req, cols, "value_error",
			    "Value error, value is not allowed"));
		return (sc_respond_one(req, NULL, "value_error",
		    "Value error, value is not allowed"));
	}
	if (strncmp(state, "54", 2) == 0) {
		/*
		 * A value over a database limit, e.g. too big for a b-tree
		 * index ("index row size exceeds maximum"). The error names
		 * the index; one of our own single-column indexes
		 * (<table>_<col>_idx or _key) tells the field.
		 */
		if ((sc_constraint_cols(res, "idx", cols, sizeof(cols)) ||
			sc_constraint_cols(res, "key", cols, sizeof(cols))) &&
		    fields != NULL && sc_known_field(cols, fields))
			col = cols;
		else
			col = NULL;
		return (sc_respond_one(req, col, "value_error",
		    "Value error, value is too large for the database"));
	}
	return (sc_respond_one(
	    req, NULL, "value_error", sc_data_exception_msg(state)));
}

int
sc_respond_pg_error(struct http_request *req, PGresult *res, const char *model)
{
	return (sc_respond_pg_error_fields(req, res, model, NULL));
}
