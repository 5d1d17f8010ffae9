/*
 * emit_handlers_c.c: writes generated/handlers.c, the asynchronous Kore
 * handlers of every model endpoint (SPEC section 5).
 *
 * Shape of the output: a preamble of static helpers shared by all models
 * (only those the schema needs, so nothing is unused), then per model its
 * constant tables (constraint names, list orderings, enum labels), the
 * senders (validate the request, send one statement through sc_db.h) and
 * the exported handlers, one per path shape, which dispatch on the method.
 * Each handler is called twice by Kore: first it sends, then, once
 * sc_query_get() says the result is in, it answers.
 *
 * Every name and SQL fragment that comes from the schema is written through
 * the out_* quoting helpers; list SQL is assembled at run time only from
 * those fixed fragments and $n placeholders.
 */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "emit.h"

/* What the preamble must contain for this schema. */
struct needs {
	int any; /* some handler exists */
	int args; /* path or query values are parsed */
	int row; /* some answer is one row or 404 */
	int list; /* some model has the list endpoint */
	int create; /* some model has the create endpoint */
	int t_int; /* integer path/query values */
	int t_double; /* float ones */
	int t_bool; /* bool ones */
	int t_text; /* values checked by sc_param_textz (uuid, date, ...) */
};

static const char preamble_head[] =
    "/*\n"
    " * handlers.c: the Kore handlers of every model endpoint. One "
    "handler per\n"
    " * path shape dispatches on the method (405 with Allow for the "
    "others). Kore\n"
    " * calls a handler twice: the first call checks the request and "
    "sends one\n"
    " * statement through sc_db (the worker never blocks on the "
    "database); the\n"
    " * second, once the result is in, answers. Path and query values "
    "are checked\n"
    " * against their field's type before they reach the database.\n"
    " */\n"
    "#include <sys/types.h>\n"
    "\n"
    "#include <errno.h>\n"
    "#include <math.h>\n"
    "#include <stdint.h>\n"
    "#include <stdio.h>\n"
    "#include <stdlib.h>\n"
    "#include <string.h>\n"
    "#include <strings.h>\n"
    "\n"
    "#include <kore/kore.h>\n"
    "#include <kore/http.h>\n"
    "\n"
    "#include \"models.h\"\n"
    "#include \"queries.h\"\n"
    "#include \"sc_db.h\"\n"
    "#include \"sc_http.h\"\n"
    "#include \"handlers.h\"\n";

static const char preamble_core[] =
    "\n"
    "static int\n"
    "method_not_allowed(struct http_request *req, const char *allow)\n"
    "{\n"
    "\thttp_response_header(req, \"allow\", allow);\n"
    "\treturn (sc_respond_detail(req, HTTP_STATUS_METHOD_NOT_ALLOWED,\n"
    "\t    \"Method Not Allowed\"));\n"
    "}\n"
    "\n"
    "/*\n"
    " * A statement that did not succeed: 503 when the database could "
    "not be\n"
    " * reached, else the runtime answers by SQLSTATE and constraint "
    "(409, 422)\n"
    " * and logs the database's message, which the client never sees.\n"
    " */\n"
    "static int\n"
    "respond_failed(struct http_request *req, const struct sc_query *q,\n"
    "    const char *model, const char *const *fields)\n"
    "{\n"
    "\tif (q->state == SC_QUERY_UNAVAILABLE)\n"
    "\t\treturn (sc_respond_unavailable(req));\n"
    "\treturn (sc_respond_pg_error_fields(req, q->result, model, "
    "fields));\n"
    "}\n";

static const char preamble_row[] =
    "\n"
    "/* Answer with the first row of the result, or 404 when there is "
    "none. */\n"
    "static int\n"
    "respond_row(struct http_request *req, const struct sc_query *q, "
    "int status,\n"
    "    const char *notfound,\n"
    "    void (*row_json)(const PGresult *, int, struct sc_buf *))\n"
    "{\n"
    "\tstruct sc_buf\tbuf;\n"
    "\n"
    "\tif (PQntuples(q->result) == 0)\n"
    "\t\treturn (sc_respond_detail(req, HTTP_STATUS_NOT_FOUND,\n"
    "\t\t    notfound));\n"
    "\tsc_buf_init(&buf);\n"
    "\trow_json(q->result, 0, &buf);\n"
    "\treturn (sc_respond_json(req, status, &buf));\n"
    "}\n";

static const char preamble_args[] =
    "\n"
    "/*\n"
    " * Statement parameters taken from the path and the query string, "
    "and the\n"
    " * errors found in them (422 before anything is sent).\n"
    " */\n"
    "struct args {\n"
    "\tstruct sc_params\tp;\n"
    "\tstruct sc_verrs\t\terrs;\n"
    "\tchar\t\t\t*owned[SC_PARAMS_MAX];\t/* decoded, to free */\n"
    "\tint\t\t\tnowned;\n"
    "};\n"
    "\n"
    "static void\n"
    "args_init(struct args *a)\n"
    "{\n"
    "\tsc_params_init(&a->p);\n"
    "\tsc_verrs_init(&a->errs);\n"
    "\ta->nowned = 0;\n"
    "}\n"
    "\n"
    "static void\n"
    "args_free(struct args *a)\n"
    "{\n"
    "\twhile (a->nowned > 0)\n"
    "\t\tfree(a->owned[--a->nowned]);\n"
    "\tsc_verrs_free(&a->errs);\n"
    "}\n";

static const char preamble_int[] =
    "\n"
    "static void\n"
    "args_int(struct args *a, const char *where, const char *name, "
    "const char *text,\n"
    "    int64_t min, int64_t max)\n"
    "{\n"
    "\tint64_t\tv;\n"
    "\n"
    "\tif (sc_param_int64(where, name, text, min, max, &a->errs, &v) == "
    "0)\n"
    "\t\tsc_params_int(&a->p, v);\n"
    "}\n";

static const char preamble_double[] =
    "\n"
    "static void\n"
    "args_double(struct args *a, const char *where, const char *name,\n"
    "    const char *text)\n"
    "{\n"
    "\tstruct sc_field_rules\trules;\n"
    "\tdouble\t\t\tv;\n"
    "\n"
    "\tmemset(&rules, 0, sizeof(rules));\n"
    "\trules.name = name;\n"
    "\tif (sc_param_double(where, &rules, text, &a->errs, &v) == 0)\n"
    "\t\tsc_params_double(&a->p, v);\n"
    "}\n";

static const char preamble_bool[] =
    "\n"
    "static void\n"
    "args_bool(struct args *a, const char *where, const char *name,\n"
    "    const char *text)\n"
    "{\n"
    "\tbool\tv;\n"
    "\n"
    "\tif (sc_param_bool(where, name, text, &a->errs, &v) == 0)\n"
    "\t\tsc_params_bool(&a->p, v);\n"
    "}\n";

static const char preamble_text[] =
    "\n"
    "/*\n"
    " * A value of a text-like type (uuid, date, numeric, enum, ...), "
    "checked by\n"
    " * its syntax only; the normalized text is the parameter.\n"
    " */\n"
    "static void\n"
    "args_text(struct args *a, const char *where, const char *name,\n"
    "    const char *text, enum sc_text_kind kind, const char *const "
    "*labels)\n"
    "{\n"
    "\tstruct sc_field_rules\t rules;\n"
    "\tchar\t\t\t*out;\n"
    "\n"
    "\tmemset(&rules, 0, sizeof(rules));\n"
    "\trules.name = name;\n"
    "\trules.enum_values = labels;\n"
    "\tif (sc_param_textz(where, kind, &rules, text, &a->errs, &out) == "
    "-1)\n"
    "\t\treturn;\n"
    "\ta->owned[a->nowned++] = out;\n"
    "\tsc_params_text(&a->p, out);\n"
    "}\n";

static const char preamble_list[] =
    "\n"
    "/* An order_by value and its ORDER BY fragment (fixed, quoted). */\n"
    "struct list_order {\n"
    "\tconst char\t*name;\n"
    "\tconst char\t*sql;\n"
    "};\n"
    "\n"
    "/*\n"
    " * What every list takes: limit ($1) and offset ($2) as statement\n"
    " * parameters, ?count= and ?order_by= (an index into orders: 0 is "
    "the\n"
    " * primary key ascending, the default, and 1 descending).\n"
    " */\n"
    "static void\n"
    "list_args(struct http_request *req, struct args *a,\n"
    "    const struct list_order *orders, int *order, bool *count)\n"
    "{\n"
    "\tstruct sc_buf\t buf;\n"
    "\tconst char\t*v;\n"
    "\tint64_t\t\t limit, offset;\n"
    "\tint\t\t i;\n"
    "\n"
    "\tlimit = 100;\n"
    "\toffset = 0;\n"
    "\t*order = 0;\n"
    "\t*count = false;\n"
    "\tif ((v = sc_query_arg(req, \"limit\")) != NULL)\n"
    "\t\t(void)sc_query_int64(\"limit\", v, 1, 1000, &a->errs, "
    "&limit);\n"
    "\tif ((v = sc_query_arg(req, \"offset\")) != NULL)\n"
    "\t\t(void)sc_query_int64(\"offset\", v, 0, INT64_MAX, "
    "&a->errs,\n"
    "\t\t    &offset);\n"
    "\tif ((v = sc_query_arg(req, \"count\")) != NULL)\n"
    "\t\t(void)sc_param_bool(\"query\", \"count\", v, &a->errs, "
    "count);\n"
    "\tif ((v = sc_query_arg(req, \"order_by\")) != NULL) {\n"
    "\t\tfor (i = 0; orders[i].name != NULL; i++) {\n"
    "\t\t\tif (strcmp(orders[i].name, v) == 0)\n"
    "\t\t\t\tbreak;\n"
    "\t\t}\n"
    "\t\tif (orders[i].name != NULL) {\n"
    "\t\t\t*order = i;\n"
    "\t\t} else {\n"
    "\t\t\tsc_buf_init(&buf);\n"
    "\t\t\tsc_buf_puts(&buf, \"Input should be\");\n"
    "\t\t\tfor (i = 0; orders[i].name != NULL; i++) {\n"
    "\t\t\t\tsc_buf_appendf(&buf, \"%s '%s'\", i == 0 ? \"\" :\n"
    "\t\t\t\t    orders[i + 1].name == NULL ? \" or\" : \",\",\n"
    "\t\t\t\t    orders[i].name);\n"
    "\t\t\t}\n"
    "\t\t\tsc_verr_add(&a->errs, \"query\", \"order_by\",\n"
    "\t\t\t    \"literal_error\", \"%s\", buf.data);\n"
    "\t\t\tsc_buf_free(&buf);\n"
    "\t\t}\n"
    "\t}\n"
    "\tsc_params_int(&a->p, limit);\n"
    "\tsc_params_int(&a->p, offset);\n"
    "}\n"
    "\n"
    "/* Add \"<frag><n>\" to a WHERE clause, e.g. p.\"owner_id\" = $3. "
    "*/\n"
    "static void\n"
    "list_where(struct sc_buf *where, const char *frag, int n)\n"
    "{\n"
    "\tsc_buf_appendf(where, \"%s%s%d\", where->len > 0 ? \" AND \" : "
    "\"\", frag,\n"
    "\t    n);\n"
    "}\n"
    "\n"
    "/* ?after=<primary key>: keyset paging, only along the primary key. "
    "*/\n"
    "static void\n"
    "list_after(struct args *a, struct sc_buf *after, int order, const "
    "char *pk,\n"
    "    const char *asc, const char *desc)\n"
    "{\n"
    "\tif (order > 1) {\n"
    "\t\tsc_verr_add(&a->errs, \"query\", \"after\", \"value_error\",\n"
    "\t\t    \"Value error, after needs the list ordered by %s or -%s\",\n"
    "\t\t    pk, pk);\n"
    "\t\treturn;\n"
    "\t}\n"
    "\tlist_where(after, order == 1 ? desc : asc, a->p.n);\n"
    "}\n"
    "\n"
    "/*\n"
    " * The list statement, from fixed fragments only. With count, the "
    "page is\n"
    " * joined to the number of rows the filters match, so that an "
    "empty page\n"
    " * still yields it (as one row of NULLs); after does not narrow "
    "the count.\n"
    " */\n"
    "static void\n"
    "list_sql(struct sc_buf *sql, const char *columns, const char "
    "*table,\n"
    "    const struct sc_buf *where, const struct sc_buf *after,\n"
    "    const char *order, bool count)\n"
    "{\n"
    "\tif (count) {\n"
    "\t\tsc_buf_appendf(sql, \"SELECT p.*, c.n FROM \"\n"
    "\t\t    \"(SELECT count(*) AS n FROM %s AS p%s%s) AS c \"\n"
    "\t\t    \"LEFT JOIN (\", table,\n"
    "\t\t    where->len > 0 ? \" WHERE \" : \"\",\n"
    "\t\t    where->len > 0 ? where->data : \"\");\n"
    "\t}\n"
    "\tsc_buf_appendf(sql, \"SELECT %s FROM %s AS p\", columns, "
    "table);\n"
    "\tif (where->len > 0 || after->len > 0) {\n"
    "\t\tsc_buf_appendf(sql, \" WHERE %s%s%s\",\n"
    "\t\t    where->len > 0 ? where->data : \"\",\n"
    "\t\t    where->len > 0 && after->len > 0 ? \" AND \" : \"\",\n"
    "\t\t    after->len > 0 ? after->data : \"\");\n"
    "\t}\n"
    "\tsc_buf_appendf(sql, \" ORDER BY %s LIMIT $1 OFFSET $2\", "
    "order);\n"
    "\tif (count)\n"
    "\t\tsc_buf_appendf(sql, \") AS p ON true ORDER BY %s\", order);\n"
    "}\n"
    "\n"
    "/*\n"
    " * Answer a list with a JSON array of the rows. A counted list has "
    "one more\n"
    " * column, the number of matching rows, sent as X-Total-Count; its "
    "empty\n"
    " * page is a single row whose primary key is NULL.\n"
    " */\n"
    "static int\n"
    "respond_rows(struct http_request *req, const struct sc_query *q, "
    "int ncols,\n"
    "    int pkcol, void (*row_json)(const PGresult *, int, struct "
    "sc_buf *))\n"
    "{\n"
    "\tstruct sc_buf\tbuf;\n"
    "\tint\t\ti, n, counted;\n"
    "\n"
    "\tn = PQntuples(q->result);\n"
    "\tcounted = PQnfields(q->result) > ncols;\n"
    "\tsc_buf_init(&buf);\n"
    "\tsc_buf_append(&buf, \"[\", 1);\n"
    "\tfor (i = 0; i < n; i++) {\n"
    "\t\tif (counted && PQgetisnull(q->result, i, pkcol))\n"
    "\t\t\tcontinue;\n"
    "\t\tif (i > 0)\n"
    "\t\t\tsc_buf_append(&buf, \",\", 1);\n"
    "\t\trow_json(q->result, i, &buf);\n"
    "\t}\n"
    "\tsc_buf_append(&buf, \"]\", 1);\n"
    "\tif (counted) {\n"
    "\t\thttp_response_header(req, \"x-total-count\",\n"
    "\t\t    n > 0 ? PQgetvalue(q->result, 0, ncols) : \"0\");\n"
    "\t}\n"
    "\treturn (sc_respond_json(req, HTTP_STATUS_OK, &buf));\n"
    "}\n";

static const char preamble_create[] =
    "\n"
    "/* 201 with the new row and its Location (the key percent-encoded). "
    "*/\n"
    "static int\n"
    "respond_created(struct http_request *req, const struct sc_query "
    "*q,\n"
    "    const char *prefix, int pkcol,\n"
    "    void (*row_json)(const PGresult *, int, struct sc_buf *))\n"
    "{\n"
    "\tstruct sc_buf\t loc, buf;\n"
    "\tconst char\t*p;\n"
    "\n"
    "\tif (PQntuples(q->result) != 1)\n"
    "\t\treturn (sc_respond_unavailable(req));\n"
    "\tsc_buf_init(&loc);\n"
    "\tsc_buf_puts(&loc, prefix);\n"
    "\tfor (p = PQgetvalue(q->result, 0, pkcol); *p != '\\0'; p++) {\n"
    "\t\tif ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||\n"
    "\t\t    (*p >= '0' && *p <= '9') || strchr(\"-._~\", *p) != NULL)\n"
    "\t\t\tsc_buf_append(&loc, p, 1);\n"
    "\t\telse\n"
    "\t\t\tsc_buf_appendf(&loc, \"%%%02X\", (unsigned char)*p);\n"
    "\t}\n"
    "\thttp_response_header(req, \"location\", loc.data);\n"
    "\tsc_buf_free(&loc);\n"
    "\tsc_buf_init(&buf);\n"
    "\trow_json(q->result, 0, &buf);\n"
    "\treturn (sc_respond_json(req, HTTP_STATUS_CREATED, &buf));\n"
    "}\n";

/* Note the helper that a path or query value of f's type needs. */
static void
note_arg_type(struct needs *n, const struct ir_field *f)
{
	switch (f->type) {
	case IR_SMALLINT:
	case IR_INT:
	case IR_SERIAL:
	case IR_BIGINT:
	case IR_BIGSERIAL:
		n->t_int = 1;
		break;
	case IR_FLOAT:
		n->t_double = 1;
		break;
	case IR_BOOL:
		n->t_bool = 1;
		break;
	case IR_STRING:
	case IR_TEXT:
	case IR_JSON:
		/* sc_path_tail and sc_query_arg checked the UTF-8. */
		break;
	default:
		n->t_text = 1;
		break;
	}
}

/* Does the model take field f as a path or query value? */
static int
is_arg_field(const struct ir_model *m, const struct ir_field *f)
{
	if (f == m->pk)
		return ((m->endpoints &
			    (IR_EP_GET | IR_EP_UPDATE | IR_EP_DELETE |
				IR_EP_LIST)) != 0);
	return (((m->endpoints & IR_EP_LIST) && api_filterable(m, f)) ||
	    api_lookup(m, f));
}

static void
scan_needs(const struct ir_schema *s, struct needs *n)
{
	const struct ir_model *m;
	size_t i, j;

	memset(n, 0, sizeof(*n));
	for (i = 0; i < s->nmodels; i++) {
		m = &s->models[i];
		if ((m->endpoints & IR_EP_ALL) == 0)
			continue;
		n->any = 1;
		if (m->endpoints & IR_EP_CREATE)
			n->create = 1;
		if (m->endpoints & (IR_EP_GET | IR_EP_UPDATE | IR_EP_DELETE))
			n->row = n->args = 1;
		if (m->endpoints & IR_EP_LIST)
			n->list = n->args = 1;
		for (j = 0; j < m->nfields; j++) {
			if (is_arg_field(m, &m->fields[j]))
				note_arg_type(n, &m->fields[j]);
		}
	}
}

/* s in upper case: statement ids are SCHEMAC_STMT_<MODEL>_<VERB>. */
static void
upper(struct out *o, const char *s)
{
	for (; *s != '\0'; s++)
		out_printf(
		    o, "%c", (*s >= 'a' && *s <= 'z') ? *s - 'a' + 'A' : *s);
}

/* The C string literal of what printf-style fmt makes of s. */
static void
c_string_fmt(struct out *o, const char *fmt, const char *s)
{
	struct out t;

	out_init(&t);
	out_printf(&t, fmt, s);
	out_c_string(o, t.buf);
	out_free(&t);
}

/* A C string literal of SQL: p."<column>" followed by suffix. */
static void
c_sql_col(struct out *o, const char *column, const char *suffix)
{
	struct out t;

	out_init(&t);
	out_puts(&t, "p.");
	out_sql_ident(&t, column);
	out_puts(&t, suffix);
	out_c_string(o, t.buf);
	out_free(&t);
}

/*
 * One statement that checks the path or query value in the C expression
 * text against field f's type and, if it fits, appends it to a.p;
 * otherwise the error goes to a.errs (loc [where, name]).
 */
static void
emit_arg(struct out *o, const char *indent, const struct ir_model *m,
    const struct ir_field *f, const char *where, const char *name,
    const char *text)
{
	const char *kind, *min, *max;

	min = max = kind = NULL;
	switch (f->type) {
	case IR_SMALLINT:
		min = "INT16_MIN";
		max = "INT16_MAX";
		break;
	case IR_INT:
	case IR_SERIAL:
		min = "INT32_MIN";
		max = "INT32_MAX";
		break;
	case IR_BIGINT:
	case IR_BIGSERIAL:
		min = "INT64_MIN";
		max = "INT64_MAX";
		break;
	case IR_FLOAT:
		out_printf(o, "%sargs_double(&a, \"%s\", ", indent, where);
		out_c_string(o, name);
		out_printf(o, ", %s);\n", text);
		return;
	case IR_BOOL:
		out_printf(o, "%sargs_bool(&a, \"%s\", ", indent, where);
		out_c_string(o, name);
		out_printf(o, ", %s);\n", text);
		return;
	case IR_STRING:
	case IR_TEXT:
	case IR_JSON:
		out_printf(o, "%ssc_params_text(&a.p, %s);\n", indent, text);
		return;
	case IR_NUMERIC:
		kind = "SC_TEXT_NUMERIC";
		break;
	case IR_DATE:
		kind = "SC_TEXT_DATE";
		break;
	case IR_TIMESTAMP:
		kind = "SC_TEXT_TIMESTAMP";
		break;
	case IR_TIMESTAMPTZ:
		kind = "SC_TEXT_TIMESTAMPTZ";
		break;
	case IR_UUID:
		kind = "SC_TEXT_UUID";
		break;
	case IR_ENUM:
		kind = "SC_TEXT_ENUM";
		break;
	}
	if (min != NULL) {
		out_printf(o, "%sargs_int(&a, \"%s\", ", indent, where);
		out_c_string(o, name);
		out_printf(o, ", %s, %s, %s);\n", text, min, max);
		return;
	}
	out_printf(o, "%sargs_text(&a, \"%s\", ", indent, where);
	out_c_string(o, name);
	if (f->type == IR_ENUM)
		out_printf(o, ", %s, %s,\n%s    api_%s_%s_labels);\n", text,
		    kind, indent, m->c_name, f->name);
	else
		out_printf(o, ", %s, %s, NULL);\n", text, kind);
}

/*
 * The model's constant tables: its field names (for the runtime's error
 * messages), the labels of enum fields taken from the path or query, and
 * the orderings of its list.
 */
static void
emit_tables(struct out *o, const struct ir_model *m)
{
	const struct ir_field *f;
	struct out asc, desc;
	size_t i, j;

	out_printf(
	    o, "\nstatic const char *const api_%s_fields[] = {\n", m->c_name);
	for (i = 0; i < m->nfields; i++) {
		out_puts(o, "\t");
		out_c_string(o, m->fields[i].name);
		out_puts(o, ",\n");
	}
	out_puts(o, "\tNULL\n};\n");

	for (i = 0; i < m->nfields; i++) {
		f = &m->fields[i];
		if (f->type != IR_ENUM || !is_arg_field(m, f))
			continue;
		out_printf(o,
		    "\nstatic const char *const api_%s_%s_labels[] = {\n",
		    m->c_name, f->name);
		for (j = 0; j < f->nenum_values; j++) {
			out_puts(o, "\t");
			out_c_string(o, f->enum_values[j]);
			out_puts(o, ",\n");
		}
		out_puts(o, "\tNULL\n};\n");
	}

	if ((m->endpoints & IR_EP_LIST) == 0)
		return;
	out_printf(o,
	    "\n/* ?order_by= of GET /%s; the primary key breaks ties. */\n"
	    "static const struct list_order api_%s_orders[] = {\n",
	    m->table, m->c_name);
	out_puts(o, "\t{ ");
	out_c_string(o, m->pk->name);
	out_puts(o, ", ");
	c_sql_col(o, m->pk->name, "");
	out_puts(o, " },\n\t{ ");
	c_string_fmt(o, "-%s", m->pk->name);
	out_puts(o, ", ");
	c_sql_col(o, m->pk->name, " DESC");
	out_puts(o, " },\n");
	for (i = 0; i < m->nfields; i++) {
		f = &m->fields[i];
		if (f == m->pk || !api_filterable(m, f))
			continue;
		out_init(&asc);
		out_init(&desc);
		out_puts(&asc, "p.");
		out_sql_ident(&asc, f->name);
		out_puts(&asc, ", p.");
		out_sql_ident(&asc, m->pk->name);
		out_puts(&desc, "p.");
		out_sql_ident(&desc, f->name);
		out_puts(&desc, " DESC, p.");
		out_sql_ident(&desc, m->pk->name);
		out_puts(&desc, " DESC");
		out_puts(o, "\t{ ");
		out_c_string(o, f->name);
		out_puts(o, ",\n\t    ");
		out_c_string(o, asc.buf);
		out_puts(o, " },\n\t{ ");
		c_string_fmt(o, "-%s", f->name);
		out_puts(o, ",\n\t    ");
		out_c_string(o, desc.buf);
		out_puts(o, " },\n");
		out_free(&asc);
		out_free(&desc);
	}
	out_puts(o, "\t{ NULL, NULL }\n};\n");
}

static void
emit_list(struct out *o, const struct ir_model *m)
{
	const struct ir_field *f;
	struct out t;
	size_t i;

	out_printf(o,
	    "\n"
	    "/*\n"
	    " * GET /%s: a page of rows, filtered and ordered as asked. The "
	    "plain\n"
	    " * case runs the prepared list statement; the others a "
	    "statement built\n"
	    " * from this file's fixed fragments and $n placeholders.\n"
	    " */\n"
	    "static int\n"
	    "api_%s_send_list(struct http_request *req)\n"
	    "{\n"
	    "\tstruct args\t a;\n"
	    "\tstruct sc_buf\t where, after, sql;\n"
	    "\tconst char\t*v;\n"
	    "\tbool\t\t count;\n"
	    "\tint\t\t order, ret;\n"
	    "\n"
	    "\tif (sc_query_check(req) == -1)\n"
	    "\t\treturn (KORE_RESULT_OK);\n"
	    "\targs_init(&a);\n"
	    "\tsc_buf_init(&where);\n"
	    "\tsc_buf_init(&after);\n"
	    "\tsc_buf_init(&sql);\n"
	    "\tlist_args(req, &a, api_%s_orders, &order, &count);\n",
	    m->table, m->c_name, m->c_name);
	for (i = 0; i < m->nfields; i++) {
		f = &m->fields[i];
		if (!api_filterable(m, f))
			continue;
		out_puts(o, "\tif ((v = sc_query_arg(req, ");
		out_c_string(o, f->name);
		out_puts(o, ")) != NULL) {\n");
		emit_arg(o, "\t\t", m, f, "query", f->name, "v");
		out_puts(o, "\t\tlist_where(&where, ");
		c_sql_col(o, f->name, " = $");
		out_puts(o, ", a.p.n);\n\t}\n");
	}
	out_puts(o, "\tif ((v = sc_query_arg(req, \"after\")) != NULL) {\n");
	emit_arg(o, "\t\t", m, m->pk, "query", "after", "v");
	out_puts(o, "\t\tlist_after(&a, &after, order, ");
	out_c_string(o, m->pk->name);
	out_puts(o, ",\n\t\t    ");
	c_sql_col(o, m->pk->name, " > $");
	out_puts(o, ", ");
	c_sql_col(o, m->pk->name, " < $");
	out_puts(o, ");\n\t}\n");
	out_puts(o,
	    "\n"
	    "\tif (a.errs.n > 0) {\n"
	    "\t\tret = sc_respond_verrs(req, &a.errs);\n"
	    "\t} else if (!count && where.len == 0 && after.len == 0 "
	    "&&\n"
	    "\t    order == 0) {\n"
	    "\t\tret = sc_db_send(req, SCHEMAC_STMT_");
	upper(o, m->c_name);
	out_puts(o,
	    "_LIST, a.p.n,\n"
	    "\t\t    a.p.values);\n"
	    "\t} else {\n"
	    "\t\tlist_sql(&sql, ");
	upper(o, m->c_name);
	out_puts(o, "_SELECT_COLUMNS, ");
	out_init(&t);
	out_sql_ident(&t, m->table);
	out_c_string(o, t.buf);
	out_free(&t);
	out_printf(o,
	    ", &where,\n"
	    "\t\t    &after, api_%s_orders[order].sql, count);\n"
	    "\t\tret = sc_db_send_sql(req, sql.data, a.p.n, a.p.values);\n"
	    "\t}\n"
	    "\targs_free(&a);\n"
	    "\tsc_buf_free(&where);\n"
	    "\tsc_buf_free(&after);\n"
	    "\tsc_buf_free(&sql);\n"
	    "\treturn (ret);\n"
	    "}\n",
	    m->c_name);
}

static void
emit_create(struct out *o, const struct ir_model *m)
{
	out_printf(o,
	    "\n"
	    "/* POST /%s: insert the row the JSON body describes. */\n"
	    "static int\n"
	    "api_%s_send_create(struct http_request *req)\n"
	    "{\n"
	    "\tstruct sc_json_doc\tdoc;\n"
	    "\tstruct %s_patch\tpatch;\n"
	    "\tstruct sc_verrs\t\terrs;\n"
	    "\tstruct sc_params\tp;\n"
	    "\tint\t\t\tret;\n"
	    "\n"
	    "\tif (sc_read_json_object(req, &doc) == -1)\n"
	    "\t\treturn (KORE_RESULT_OK);\n"
	    "\tsc_verrs_init(&errs);\n"
	    "\tif (%s_decode_create(doc.root, &patch, &errs) == -1) {\n"
	    "\t\tret = sc_respond_verrs(req, &errs);\n"
	    "\t} else {\n"
	    "\t\t%s_create_params(&patch, &p);\n"
	    "\t\tret = sc_db_send(req, SCHEMAC_STMT_",
	    m->table, m->c_name, m->c_name, m->c_name, m->c_name);
	upper(o, m->c_name);
	out_printf(o,
	    "_CREATE,\n\t\t    p.n, p.values);\n"
	    "\t}\n"
	    "\t%s_patch_clear(&patch);\n"
	    "\tsc_verrs_free(&errs);\n"
	    "\tsc_json_doc_free(&doc);\n"
	    "\treturn (ret);\n"
	    "}\n",
	    m->c_name);
}

static void
emit_update(struct out *o, const struct ir_model *m)
{
	out_printf(o,
	    "\n"
	    "/*\n"
	    " * PATCH /%s/{%s}: change the fields the body gives; an empty "
	    "object\n"
	    " * changes nothing and reads the row.\n"
	    " */\n"
	    "static int\n"
	    "api_%s_send_update(struct http_request *req, const char *id)\n"
	    "{\n"
	    "\tstruct sc_json_doc\tdoc;\n"
	    "\tstruct %s_patch\tpatch;\n"
	    "\tstruct sc_verrs\t\terrs;\n"
	    "\tstruct sc_params\tp;\n"
	    "\tint\t\t\tret;\n"
	    "\n"
	    "\tif (sc_read_json_object(req, &doc) == -1)\n"
	    "\t\treturn (KORE_RESULT_OK);\n"
	    "\tsc_verrs_init(&errs);\n"
	    "\tif (%s_decode_patch(doc.root, &patch, &errs) == -1) {\n"
	    "\t\tret = sc_respond_verrs(req, &errs);\n"
	    "\t} else if (doc.root->nchildren == 0) {\n"
	    "\t\tsc_params_init(&p);\n"
	    "\t\tsc_params_text(&p, id);\n"
	    "\t\tret = sc_db_send(req, SCHEMAC_STMT_",
	    m->table, m->pk->name, m->c_name, m->c_name, m->c_name);
	upper(o, m->c_name);
	out_printf(o,
	    "_GET,\n\t\t    p.n, p.values);\n"
	    "\t} else {\n"
	    "\t\t%s_update_params(id, &patch, &p);\n"
	    "\t\tret = sc_db_send(req, SCHEMAC_STMT_",
	    m->c_name);
	upper(o, m->c_name);
	out_printf(o,
	    "_UPDATE,\n\t\t    p.n, p.values);\n"
	    "\t}\n"
	    "\t%s_patch_clear(&patch);\n"
	    "\tsc_verrs_free(&errs);\n"
	    "\tsc_json_doc_free(&doc);\n"
	    "\treturn (ret);\n"
	    "}\n",
	    m->c_name);
}

/* The Allow header of a path: the methods of eps, among three. */
static void
allow_list(struct out *a, unsigned eps, unsigned e1, const char *m1,
    unsigned e2, const char *m2, unsigned e3, const char *m3)
{
	if (eps & e1)
		out_printf(a, "%s", m1);
	if (eps & e2)
		out_printf(a, "%s%s", a->len > 0 ? ", " : "", m2);
	if (eps & e3)
		out_printf(a, "%s%s", a->len > 0 ? ", " : "", m3);
}

static void
emit_collection(struct out *o, const struct ir_model *m)
{
	struct out allow;

	out_init(&allow);
	allow_list(&allow, m->endpoints, IR_EP_LIST, "GET", IR_EP_CREATE,
	    "POST", 0, NULL);
	out_printf(o,
	    "\n"
	    "/* /%s: GET lists, POST creates. */\n"
	    "int\n"
	    "api_%s_collection(struct http_request *req)\n"
	    "{\n"
	    "\tstruct sc_query\t*q;\n"
	    "\n"
	    "\tif ((q = sc_query_get(req)) == NULL) {\n"
	    "\t\tswitch (req->method) {\n",
	    m->table, m->c_name);
	if (m->endpoints & IR_EP_LIST)
		out_printf(o,
		    "\t\tcase HTTP_METHOD_GET:\n"
		    "\t\t\treturn (api_%s_send_list(req));\n",
		    m->c_name);
	if (m->endpoints & IR_EP_CREATE)
		out_printf(o,
		    "\t\tcase HTTP_METHOD_POST:\n"
		    "\t\t\treturn (api_%s_send_create(req));\n",
		    m->c_name);
	out_printf(o,
	    "\t\tdefault:\n"
	    "\t\t\treturn (method_not_allowed(req, \"%s\"));\n"
	    "\t\t}\n"
	    "\t}\n"
	    "\n"
	    "\tif (q->state == SC_QUERY_PENDING)\n"
	    "\t\treturn (KORE_RESULT_RETRY);\n"
	    "\tif (q->state != SC_QUERY_DONE)\n"
	    "\t\treturn (respond_failed(req, q, \"%s\", api_%s_fields));\n",
	    allow.buf, m->name, m->c_name);
	if ((m->endpoints & IR_EP_CREATE) && (m->endpoints & IR_EP_LIST))
		out_puts(o, "\tif (req->method == HTTP_METHOD_POST)\n\t");
	if (m->endpoints & IR_EP_CREATE) {
		out_puts(o, "\treturn (respond_created(req, q, ");
		c_string_fmt(o, "/%s/", m->table);
		out_printf(o, ", %zu,\n\t\t    %s_row_json));\n", m->pk->index,
		    m->c_name);
	}
	if (m->endpoints & IR_EP_LIST)
		out_printf(o,
		    "\treturn (respond_rows(req, q, %zu, %zu, "
		    "%s_row_json));\n",
		    m->nfields, m->pk->index, m->c_name);
	out_puts(o, "}\n");
	out_free(&allow);
}

/* "else if (req->method == method)", or a plain "else" for the last one. */
static void
emit_item_else(struct out *o, unsigned more, const char *method)
{
	if (more)
		out_printf(o, "\telse if (req->method == %s)\n", method);
	else
		out_puts(o, "\telse\n");
}

static void
emit_item(struct out *o, const struct ir_model *m)
{
	struct out allow;

	out_init(&allow);
	allow_list(&allow, m->endpoints, IR_EP_GET, "GET", IR_EP_UPDATE,
	    "PATCH", IR_EP_DELETE, "DELETE");
	out_printf(o,
	    "\n"
	    "/* /%s/{%s}: GET reads, PATCH changes, DELETE removes a row. */\n"
	    "int\n"
	    "api_%s_item(struct http_request *req)\n"
	    "{\n"
	    "\tstruct sc_query\t*q;\n"
	    "\tstruct args\t a;\n"
	    "\tchar\t\t id[HTTP_URI_LEN];\n"
	    "\tint\t\t ret;\n"
	    "\n"
	    "\tif ((q = sc_query_get(req)) != NULL)\n"
	    "\t\tgoto result;\n"
	    "\n"
	    "\tswitch (req->method) {\n",
	    m->table, m->pk->name, m->c_name);
	if (m->endpoints & IR_EP_GET)
		out_puts(o, "\tcase HTTP_METHOD_GET:\n");
	if (m->endpoints & IR_EP_UPDATE)
		out_puts(o, "\tcase HTTP_METHOD_PATCH:\n");
	if (m->endpoints & IR_EP_DELETE)
		out_puts(o, "\tcase HTTP_METHOD_DELETE:\n");
	out_printf(o,
	    "\t\tbreak;\n"
	    "\tdefault:\n"
	    "\t\treturn (method_not_allowed(req, \"%s\"));\n"
	    "\t}\n"
	    "\tif (sc_path_tail(req, ",
	    allow.buf);
	c_string_fmt(o, "/%s/", m->table);
	out_printf(o,
	    ", id, sizeof(id)) == -1) {\n"
	    "\t\treturn (sc_respond_detail(req, HTTP_STATUS_NOT_FOUND,\n"
	    "\t\t    \"%s not found\"));\n"
	    "\t}\n"
	    "\n"
	    "\targs_init(&a);\n",
	    m->name);
	emit_arg(o, "\t", m, m->pk, "path", m->pk->name, "id");
	out_puts(o,
	    "\tif (a.errs.n > 0)\n"
	    "\t\tret = sc_respond_verrs(req, &a.errs);\n");
	/* The last method needs no test: the switch above let it through. */
	if (m->endpoints & IR_EP_GET) {
		emit_item_else(o, m->endpoints & (IR_EP_DELETE | IR_EP_UPDATE),
		    "HTTP_METHOD_GET");
		out_puts(o, "\t\tret = sc_db_send(req, SCHEMAC_STMT_");
		upper(o, m->c_name);
		out_puts(o, "_GET,\n\t\t    a.p.n, a.p.values);\n");
	}
	if (m->endpoints & IR_EP_DELETE) {
		emit_item_else(
		    o, m->endpoints & IR_EP_UPDATE, "HTTP_METHOD_DELETE");
		out_puts(o, "\t\tret = sc_db_send(req, SCHEMAC_STMT_");
		upper(o, m->c_name);
		out_puts(o, "_DELETE,\n\t\t    a.p.n, a.p.values);\n");
	}
	if (m->endpoints & IR_EP_UPDATE) {
		emit_item_else(o, 0, NULL);
		out_printf(o,
		    "\t\tret = api_%s_send_update(req, a.p.values[0]);\n",
		    m->c_name);
	}
	out_printf(o,
	    "\targs_free(&a);\n"
	    "\treturn (ret);\n"
	    "\n"
	    "result:\n"
	    "\tif (q->state == SC_QUERY_PENDING)\n"
	    "\t\treturn (KORE_RESULT_RETRY);\n"
	    "\tif (q->state != SC_QUERY_DONE)\n"
	    "\t\treturn (respond_failed(req, q, \"%s\", api_%s_fields));\n",
	    m->name, m->c_name);
	if (m->endpoints & IR_EP_DELETE)
		out_printf(o,
		    "\tif (req->method == HTTP_METHOD_DELETE) {\n"
		    "\t\tif (PQntuples(q->result) == 0) {\n"
		    "\t\t\treturn (sc_respond_detail(req, "
		    "HTTP_STATUS_NOT_FOUND,\n"
		    "\t\t\t    \"%s not found\"));\n"
		    "\t\t}\n"
		    "\t\treturn (sc_respond_no_content(req));\n"
		    "\t}\n",
		    m->name);
	out_printf(o,
	    "\treturn (respond_row(req, q, HTTP_STATUS_OK, \"%s not "
	    "found\",\n"
	    "\t    %s_row_json));\n"
	    "}\n",
	    m->name, m->c_name);
	out_free(&allow);
}

static void
emit_lookup(struct out *o, const struct ir_model *m, const struct ir_field *f)
{
	out_printf(o,
	    "\n"
	    "/* GET /%s/by-%s/{%s}: the row with that %s. */\n"
	    "int\n"
	    "api_%s_by_%s(struct http_request *req)\n"
	    "{\n"
	    "\tstruct sc_query\t*q;\n"
	    "\tstruct args\t a;\n"
	    "\tchar\t\t value[HTTP_URI_LEN];\n"
	    "\tint\t\t ret;\n"
	    "\n"
	    "\tif ((q = sc_query_get(req)) != NULL) {\n"
	    "\t\tif (q->state == SC_QUERY_PENDING)\n"
	    "\t\t\treturn (KORE_RESULT_RETRY);\n"
	    "\t\tif (q->state != SC_QUERY_DONE) {\n"
	    "\t\t\treturn (respond_failed(req, q, \"%s\",\n"
	    "\t\t\t    api_%s_fields));\n"
	    "\t\t}\n"
	    "\t\treturn (respond_row(req, q, HTTP_STATUS_OK,\n"
	    "\t\t    \"%s not found\", %s_row_json));\n"
	    "\t}\n"
	    "\n"
	    "\tif (req->method != HTTP_METHOD_GET)\n"
	    "\t\treturn (method_not_allowed(req, \"GET\"));\n"
	    "\tif (sc_path_tail(req, ",
	    m->table, f->name, f->name, f->name, m->c_name, f->name, m->name,
	    m->c_name, m->name, m->c_name);
	{
		struct out t;

		out_init(&t);
		out_printf(&t, "/%s/by-%s/", m->table, f->name);
		out_c_string(o, t.buf);
		out_free(&t);
	}
	out_printf(o,
	    ", value,\n\t    sizeof(value)) == -1) {\n"
	    "\t\treturn (sc_respond_detail(req, HTTP_STATUS_NOT_FOUND,\n"
	    "\t\t    \"%s not found\"));\n"
	    "\t}\n"
	    "\n"
	    "\targs_init(&a);\n",
	    m->name);
	emit_arg(o, "\t", m, f, "path", f->name, "value");
	out_puts(o,
	    "\tif (a.errs.n > 0)\n"
	    "\t\tret = sc_respond_verrs(req, &a.errs);\n"
	    "\telse\n"
	    "\t\tret = sc_db_send(req, SCHEMAC_STMT_");
	upper(o, m->c_name);
	out_puts(o, "_GET_BY_");
	upper(o, f->name);
	out_puts(o,
	    ", a.p.n,\n"
	    "\t\t    a.p.values);\n"
	    "\targs_free(&a);\n"
	    "\treturn (ret);\n"
	    "}\n");
}

int
emit_handlers_c(const struct ir_schema *s, struct out *o)
{
	const struct ir_model *m;
	struct needs n;
	size_t i, j;

	emit_notice(o, s, "//");
	scan_needs(s, &n);
	out_puts(o, preamble_head);
	if (!n.any)
		return (0);
	out_puts(o, preamble_core);
	if (n.row)
		out_puts(o, preamble_row);
	if (n.args)
		out_puts(o, preamble_args);
	if (n.t_int)
		out_puts(o, preamble_int);
	if (n.t_double)
		out_puts(o, preamble_double);
	if (n.t_bool)
		out_puts(o, preamble_bool);
	if (n.t_text)
		out_puts(o, preamble_text);
	if (n.list)
		out_puts(o, preamble_list);
	if (n.create)
		out_puts(o, preamble_create);

	for (i = 0; i < s->nmodels; i++) {
		m = &s->models[i];
		if ((m->endpoints & IR_EP_ALL) == 0)
			continue;
		out_printf(o, "\n/* %s: /%s */\n", m->name, m->table);
		emit_tables(o, m);
		if (m->endpoints & IR_EP_LIST)
			emit_list(o, m);
		if (m->endpoints & IR_EP_CREATE)
			emit_create(o, m);
		if (m->endpoints & IR_EP_UPDATE)
			emit_update(o, m);
		if (m->endpoints & (IR_EP_LIST | IR_EP_CREATE))
			emit_collection(o, m);
		if (m->endpoints & (IR_EP_GET | IR_EP_UPDATE | IR_EP_DELETE))
			emit_item(o, m);
		for (j = 0; j < m->nfields; j++)
			if (api_lookup(m, &m->fields[j]))
				emit_lookup(o, m, &m->fields[j]);
	}
	return (0);
}
