/*
 * emit_handlers_c.c: writes generated/handlers.c, the asynchronous Kore
 * handlers of every model endpoint (SPEC section 5).
 *
 * Shape of the output: per model a static description of its HTTP API
 * (struct sc_api of runtime/sc_handler.h: its model table, endpoints,
 * paths, list filters and statements) and the handlers that routes.conf
 * names, one per path shape, each a call into the runtime with that
 * description and, where a body is decoded, the storage of its patch.
 * api.h decides which filters and lookups a model has, for the handlers,
 * the routes and the OpenAPI document alike.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "emit.h"
#include "emit_c_util.h"

static const char preamble[] =
    "/*\n"
    " * handlers.c: the Kore handlers of every model endpoint: per model "
    "a\n"
    " * description of its HTTP API, and the handlers that routes.conf "
    "names, one\n"
    " * per path shape, which hand it to the runtime (sc_handler.h). Kore "
    "calls\n"
    " * a handler twice: first it checks the request and sends one "
    "statement\n"
    " * through sc_db (the worker never blocks on the database); then, "
    "once the\n"
    " * result is in, it answers.\n"
    " */\n"
    "#include <kore/kore.h>\n"
    "#include <kore/http.h>\n"
    "\n"
    "#include \"models.h\"\n"
    "#include \"queries.h\"\n"
    "#include \"sc_handler.h\"\n"
    "#include \"handlers.h\"\n";

/* `.name = SCHEMAC_STMT_<M>_<WHAT>,` */
static void
emit_stmt(
    struct out *o, const char *name, const struct ir_model *m, const char *what)
{
	out_printf(o, "\t.%s = ", name);
	emit_c_stmt_id(o, m, what);
	out_puts(o, ",\n");
}

/* The endpoints as SC_EP_* bits. */
static void
emit_endpoints(struct out *o, unsigned eps)
{
	static const struct {
		unsigned bit;
		const char *name;
	} bits[] = { { IR_EP_LIST, "SC_EP_LIST" }, { IR_EP_GET, "SC_EP_GET" },
		{ IR_EP_CREATE, "SC_EP_CREATE" },
		{ IR_EP_UPDATE, "SC_EP_UPDATE" },
		{ IR_EP_DELETE, "SC_EP_DELETE" } };
	size_t i, col;
	int n;

	out_puts(o, "\t.endpoints = ");
	if ((eps & IR_EP_ALL) == IR_EP_ALL) {
		out_puts(o, "SC_EP_ALL,\n");
		return;
	}
	col = 22;
	for (i = n = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		if ((eps & bits[i].bit) == 0)
			continue;
		if (n++ > 0) {
			out_puts(o, " |");
			col += 2;
			if (col + 1 + strlen(bits[i].name) + 1 > 80) {
				out_puts(o, "\n\t   ");
				col = 11;
			}
			out_puts(o, " ");
			col++;
		}
		out_puts(o, bits[i].name);
		col += strlen(bits[i].name);
	}
	out_puts(o, ",\n");
}

/*
 * The model's constant tables: the fields a list filters on and orders
 * by, and the description of its API.
 */
static void
emit_api(struct out *o, const struct ir_model *m)
{
	char decl[512], **names;
	size_t i, n;

	if (m->endpoints & IR_EP_LIST) {
		if ((names = calloc(m->nfields + 1, sizeof(*names))) == NULL) {
			perror("schemac: calloc");
			abort();
		}
		for (i = n = 0; i < m->nfields; i++)
			if (api_filterable(m, &m->fields[i]))
				names[n++] = m->fields[i].name;
		out_printf(o,
		    "\n/* GET /%s filters on, and orders by, these fields. "
		    "*/\n",
		    m->table);
		(void)snprintf(decl, sizeof(decl),
		    "static const char *const %s_filters[]", m->c_name);
		emit_c_names(o, decl, names, n);
		free(names);
	}

	out_printf(o,
	    "\nstatic const struct sc_api %s_api = {\n"
	    "\t.model = &%s_model,\n",
	    m->c_name, m->c_name);
	emit_endpoints(o, m->endpoints);
	out_puts(o, "\t.path = ");
	out_c_string(o, emit_c_fmt("/%s/", m->table));
	out_puts(o, ",\n");
	if (m->endpoints & IR_EP_LIST) {
		out_printf(
		    o, "\t.list = {\n\t\t.filters = %s_filters,\n", m->c_name);
		out_puts(o, "\t\t.table = ");
		emit_c_upper(o, m->c_name);
		out_puts(o, "_TABLE,\n\t\t.columns = ");
		emit_c_upper(o, m->c_name);
		out_puts(o, "_SELECT_COLUMNS,\n\t},\n");
	}
	emit_stmt(o, "stmt_get", m, "get");
	emit_stmt(o, "stmt_list", m, "list");
	emit_stmt(o, "stmt_create", m, "create");
	emit_stmt(o, "stmt_update", m, "update");
	emit_stmt(o, "stmt_delete", m, "delete");
	out_puts(o, "};\n");
}

/*
 * A handler: "comment", then int api_<m>_<name>(req) calling fn with the
 * description, and with the patch it decodes into when patch is set.
 */
static void
emit_handler(struct out *o, const struct ir_model *m, const char *comment,
    const char *name, const char *fn, int patch)
{
	out_printf(o,
	    "\n"
	    "/* %s */\n"
	    "int\n"
	    "api_%s_%s(struct http_request *req)\n"
	    "{\n",
	    comment, m->c_name, name);
	if (patch)
		out_printf(o,
		    "\tstruct %s_patch\tpatch;\n\n"
		    "\treturn (%s(req, &%s_api, &patch));\n",
		    m->c_name, fn, m->c_name);
	else
		out_printf(
		    o, "\treturn (%s(req, &%s_api, NULL));\n", fn, m->c_name);
	out_puts(o, "}\n");
}

static void
emit_lookup(struct out *o, const struct ir_model *m, const struct ir_field *f)
{
	struct out stmt;

	out_printf(o,
	    "\n"
	    "/* GET /%s/by-%s/{%s}: the row with that %s. */\n"
	    "int\n"
	    "api_%s_by_%s(struct http_request *req)\n"
	    "{\n",
	    m->table, f->name, f->name, f->name, m->c_name, f->name);
	out_init(&stmt);
	emit_c_stmt_id(&stmt, m, emit_c_fmt("get_by_%s", f->name));
	out_printf(o, "\treturn (sc_handle_lookup(req, &%s_api, ", m->c_name);
	out_c_string(o, emit_c_fmt("/%s/by-%s/", m->table, f->name));
	out_puts(o, ",\n\t    ");
	out_c_string(o, f->name);
	out_printf(o, ", %s));\n}\n", stmt.buf);
	out_free(&stmt);
}

/* "/<path>: GET lists, POST creates." naming the methods of eps. */
static const char *
path_comment(const char *path, unsigned eps, unsigned e1, const char *v1,
    unsigned e2, const char *v2, unsigned e3, const char *v3)
{
	static char buf[512];
	size_t n;

	n = (size_t)snprintf(buf, sizeof(buf), "%s:", path);
	if ((eps & e1) && n < sizeof(buf))
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, " %s", v1);
	if ((eps & e2) && n < sizeof(buf))
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s %s",
		    (eps & e1) ? "," : "", v2);
	if ((eps & e3) && n < sizeof(buf))
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s %s",
		    (eps & (e1 | e2)) ? "," : "", v3);
	if (n < sizeof(buf))
		(void)snprintf(buf + n, sizeof(buf) - n, ".");
	return (buf);
}

int
emit_handlers_c(const struct ir_schema *s, struct out *o)
{
	const struct ir_model *m;
	size_t i, j;

	emit_notice(o, s, "//");
	out_puts(o, preamble);
	for (i = 0; i < s->nmodels; i++) {
		m = &s->models[i];
		if ((m->endpoints & IR_EP_ALL) == 0)
			continue;
		out_printf(o, "\n/* %s: /%s */\n", m->name, m->table);
		emit_api(o, m);
		if (api_collection(m))
			emit_handler(o, m,
			    path_comment(emit_c_fmt("/%s", m->table),
				m->endpoints, IR_EP_LIST, "GET lists",
				IR_EP_CREATE, "POST creates", 0, NULL),
			    "collection", "sc_handle_collection",
			    (m->endpoints & IR_EP_CREATE) != 0);
		if (api_item(m))
			emit_handler(o, m,
			    path_comment(
				emit_c_fmt("/%s/{%s}", m->table, m->pk->name),
				m->endpoints, IR_EP_GET, "GET reads",
				IR_EP_UPDATE, "PATCH changes", IR_EP_DELETE,
				"DELETE removes a row"),
			    "item", "sc_handle_item",
			    (m->endpoints & IR_EP_UPDATE) != 0);
		for (j = 0; j < m->nfields; j++)
			if (api_lookup(m, &m->fields[j]))
				emit_lookup(o, m, &m->fields[j]);
	}
	return (0);
}
