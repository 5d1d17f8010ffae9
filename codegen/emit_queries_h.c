/*
 * emit_queries_h.c: writes generated/queries.h: the statement ids, each
 * model's select list, its parameter builders for the async handlers and
 * the prototypes of the synchronous C API of SPEC section 4.
 */
#include <stdio.h>

#include "emit.h"
#include "emit_c_util.h"

/* The statement ids of a model, in the order of schemac_stmts[]. */
static void
emit_ids(struct out *o, const struct ir_model *m)
{
	size_t i;
	char what[512];

	out_puts(o, "\t");
	emit_c_stmt_id(o, m, "get");
	out_puts(o, ",\n");
	for (i = 0; i < m->nfields; i++) {
		if (!m->fields[i].unique || m->fields[i].primary_key)
			continue;
		(void)snprintf(
		    what, sizeof(what), "get_by_%s", m->fields[i].name);
		out_puts(o, "\t");
		emit_c_stmt_id(o, m, what);
		out_puts(o, ",\n");
	}
	out_puts(o, "\t");
	emit_c_stmt_id(o, m, "list");
	out_puts(o, ",\n\t");
	emit_c_stmt_id(o, m, "create");
	out_puts(o, ",\n\t");
	emit_c_stmt_id(o, m, "update");
	out_puts(o, ",\n\t");
	emit_c_stmt_id(o, m, "delete");
	out_puts(o, ",\n");
}

static void
emit_model(struct out *o, const struct ir_model *m)
{
	struct emit_c_fn fn;
	enum emit_c_api what;
	struct emit_c_sql q;
	const char *c;
	size_t i;

	c = m->c_name;
	out_printf(o, "/* %s: table ", m->name);
	emit_c_comment_text(o, m->table, " * ");
	out_puts(o, " */\n#define ");
	emit_c_upper(o, c);
	out_puts(o, "_SELECT_COLUMNS \\\n\t");
	emit_c_sql_begin(&q, o, "\t", " \\\n");
	for (i = 0; i < m->nfields; i++) {
		if (i > 0) {
			emit_c_sql_puts(&q, ", ");
			emit_c_sql_wrap(&q);
		}
		emit_c_sql_select_item(emit_c_sql_out(&q), &m->fields[i]);
	}
	emit_c_sql_end(&q);
	out_puts(o, "\n\n");

	for (what = EMIT_C_CREATE_PARAMS; what <= EMIT_C_DELETE; what++) {
		if (what != EMIT_C_GET) {
			emit_c_fn(&fn, m, what, NULL);
			emit_c_decl(o, &fn, 1);
			continue;
		}
		/* get, then get_by_<field> for each unique field. */
		emit_c_fn(&fn, m, what, m->pk);
		emit_c_decl(o, &fn, 1);
		for (i = 0; i < m->nfields; i++) {
			if (!m->fields[i].unique || m->fields[i].primary_key)
				continue;
			emit_c_fn(&fn, m, what, &m->fields[i]);
			emit_c_decl(o, &fn, 1);
		}
	}
	out_puts(o, "\n");
}

int
emit_queries_h(const struct ir_schema *s, struct out *o)
{
	size_t i;

	emit_notice(o, s, "//");
	out_puts(o,
	    "/*\n"
	    " * queries.h: the SQL of every model, as the statement table the "
	    "async\n"
	    " * handlers send by id, and the synchronous libpq C API. "
	    "Kore-free.\n"
	    " *\n"
	    " * Statements, per model <m> (columns in <M>_SELECT_COLUMNS "
	    "order):\n"
	    " *   get, get_by_<unique field>  $1 = the key\n"
	    " *   list                        $1 = limit, $2 = offset; ordered "
	    "by key\n"
	    " *   create                      per settable field: is it set, "
	    "its value\n"
	    " *   update                      $1 = the key, then as create\n"
	    " *   delete                      $1 = the key; returns the key\n"
	    " * <m>_create_params() and <m>_update_params() fill the "
	    "parameters from\n"
	    " * a patch; the strings stay borrowed from it. A field not set "
	    "takes its\n"
	    " * default on create and keeps its value on update.\n"
	    " *\n"
	    " * The C API returns SCHEMAC_OK, SCHEMAC_NOT_FOUND (no such row), "
	    "or for\n"
	    " * a failed statement SCHEMAC_CONFLICT, SCHEMAC_INVALID or "
	    "SCHEMAC_DB_ERROR\n"
	    " * (sc_sqlstate_result). out is filled only on SCHEMAC_OK (free "
	    "it "
	    "with\n"
	    " * <m>_clear()) and may be NULL for create and update; list rows "
	    "are freed\n"
	    " * with <m>_rows_free(). <m>_create() sets every settable field "
	    "from in,\n"
	    " * except that a NULL string in a NOT NULL field with a default "
	    "takes\n"
	    " * the default (so <m>_init() then <m>_create() works).\n"
	    " * Timestamps come back as ISO 8601 text "
	    "(2024-01-02T03:04:05+00:00).\n"
	    " */\n"
	    "#ifndef SCHEMAC_QUERIES_H\n"
	    "#define SCHEMAC_QUERIES_H\n\n"
	    "#include <libpq-fe.h>\n\n"
	    "#include \"models.h\"\n\n"
	    "enum schemac_stmt_id {\n");
	for (i = 0; i < s->nmodels; i++)
		emit_ids(o, &s->models[i]);
	out_puts(o,
	    "\tSCHEMAC_NSTMTS\n"
	    "};\n\n"
	    "extern const struct sc_stmt schemac_stmts[SCHEMAC_NSTMTS];\n\n");
	for (i = 0; i < s->nmodels; i++)
		emit_model(o, &s->models[i]);
	out_puts(o, "#endif\n");
	return (0);
}
