/*
 * emit_queries_c.c: writes generated/queries.c: the statement table
 * schemac_stmts[] (parameterized SQL, every identifier quoted), the
 * parameter builders, and the synchronous C API over libpq, whose
 * functions marshal their arguments into parameters and run the same SQL
 * through the runtime (sc_exec_one, sc_exec_list of sc_model.h).
 */
#include <stdio.h>
#include <string.h>

#include "ddl.h"
#include "api.h"
#include "emit.h"
#include "emit_c_util.h"

/* The upper-case name of a model, for its macros. */
static void
select_macro(struct out *o, const struct ir_model *m)
{
	emit_c_upper(o, m->c_name);
	out_puts(o, "_SELECT_COLUMNS");
}

/* One statement table entry: designated, so ids and entries can't drift. */
static void
stmt_begin(struct out *o, const struct ir_model *m, const char *what,
    struct emit_c_sql *q)
{
	out_puts(o, "\t[");
	emit_c_stmt_id(o, m, what);
	out_printf(
	    o, "] = {\n\t\t.name = \"%s_%s\",\n\t\t.sql = ", m->c_name, what);
	emit_c_sql_begin(q, o, "\t\t    ", "\n");
}

static void
stmt_end(struct out *o, struct emit_c_sql *q, int nparams, int readonly)
{
	emit_c_sql_end(q);
	out_printf(o, ",\n\t\t.nparams = %d,\n", nparams);
	if (readonly)
		out_puts(o, "\t\t.readonly = true,\n");
	out_puts(o, "\t},\n");
}

/* SELECT <columns> FROM "table" */
static void
sql_select(struct emit_c_sql *q, const struct ir_model *m)
{
	struct out mac;

	out_init(&mac);
	select_macro(&mac, m);
	emit_c_sql_puts(q, "SELECT ");
	emit_c_sql_code(q, mac.buf);
	emit_c_sql_puts(q, " FROM ");
	out_sql_ident(emit_c_sql_out(q), m->table);
	emit_c_sql_wrap(q);
	out_free(&mac);
}

/* RETURNING <columns> */
static void
sql_returning(struct emit_c_sql *q, const struct ir_model *m)
{
	struct out mac;

	out_init(&mac);
	select_macro(&mac, m);
	emit_c_sql_break(q);
	emit_c_sql_puts(q, "RETURNING ");
	emit_c_sql_code(q, mac.buf);
	out_free(&mac);
}

/* WHERE "key" = $1 */
static void
sql_where(struct emit_c_sql *q, const struct ir_field *f)
{
	emit_c_sql_puts(q, " WHERE ");
	out_sql_ident(emit_c_sql_out(q), f->name);
	emit_c_sql_puts(q, " = $1");
	emit_c_sql_wrap(q);
}

/*
 * `CASE WHEN $<set>::boolean THEN $<set + 1>::<type> ELSE ` for a field
 * clients may set: its parameter when the patch sets it (the pair of
 * parameters sc_model_patch_params() sends); the caller writes the value
 * otherwise, then END.
 */
static void
sql_case(struct emit_c_sql *q, const struct ir_field *f, int set)
{
	out_printf(emit_c_sql_out(q), "CASE WHEN $%d::boolean", set);
	emit_c_sql_wrap(q);
	out_printf(emit_c_sql_out(q), " THEN $%d::", set + 1);
	ddl_cast_type(emit_c_sql_out(q), f);
	emit_c_sql_wrap(q);
	emit_c_sql_puts(q, " ELSE ");
}

static void
emit_stmts(struct out *o, const struct ir_model *m)
{
	const struct ir_field *f;
	struct emit_c_sql q;
	char what[512];
	size_t i, nw;
	int n;

	stmt_begin(o, m, "get", &q);
	sql_select(&q, m);
	sql_where(&q, m->pk);
	stmt_end(o, &q, 1, 1);

	for (i = 0; i < m->nfields; i++) {
		f = &m->fields[i];
		if (!f->unique || f->primary_key)
			continue;
		(void)snprintf(what, sizeof(what), "get_by_%s", f->name);
		stmt_begin(o, m, what, &q);
		sql_select(&q, m);
		sql_where(&q, f);
		stmt_end(o, &q, 1, 1);
	}

	stmt_begin(o, m, "list", &q);
	sql_select(&q, m);
	emit_c_sql_puts(&q, " ORDER BY ");
	out_sql_ident(emit_c_sql_out(&q), m->pk->name);
	emit_c_sql_wrap(&q);
	emit_c_sql_puts(&q, " LIMIT $1 OFFSET $2");
	stmt_end(o, &q, 2, 1);

	/*
	 * One INSERT whatever fields a body gives: each settable field is a
	 * pair ($n::boolean set, $n+1 value), and an absent one takes the
	 * same default expression the DDL gives it (its type resolves with
	 * the parameter's, as a CASE's branches do). Readonly fields are left
	 * out, so the column default (a sequence, now()) applies.
	 */
	nw = emit_c_nwritable(m);
	stmt_begin(o, m, "create", &q);
	emit_c_sql_puts(&q, "INSERT INTO ");
	out_sql_ident(emit_c_sql_out(&q), m->table);
	emit_c_sql_wrap(&q);
	if (nw == 0)
		emit_c_sql_puts(&q, " DEFAULT VALUES");
	else {
		emit_c_sql_puts(&q, " (");
		for (i = 0, n = 0; i < m->nfields; i++) {
			f = &m->fields[i];
			if (api_readonly(f))
				continue;
			if (n++ > 0) {
				emit_c_sql_puts(&q, ", ");
				emit_c_sql_wrap(&q);
			}
			out_sql_ident(emit_c_sql_out(&q), f->name);
		}
		emit_c_sql_puts(&q, ")");
		emit_c_sql_break(&q);
		emit_c_sql_puts(&q, "VALUES (");
		for (i = 0, n = 0; i < m->nfields; i++) {
			f = &m->fields[i];
			if (api_readonly(f))
				continue;
			sql_case(&q, f, 2 * n + 1);
			if (!ddl_default_expr(emit_c_sql_out(&q), f))
				emit_c_sql_puts(&q, "NULL");
			if ((size_t)++n < nw) {
				emit_c_sql_puts(&q, " END,");
				emit_c_sql_break(&q);
			} else
				emit_c_sql_puts(&q, " END)");
		}
	}
	sql_returning(&q, m);
	stmt_end(o, &q, 2 * (int)nw, 0);

	/* A field not set keeps its value; with nothing settable, a get. */
	stmt_begin(o, m, "update", &q);
	if (nw == 0) {
		sql_select(&q, m);
		sql_where(&q, m->pk);
	} else {
		emit_c_sql_puts(&q, "UPDATE ");
		out_sql_ident(emit_c_sql_out(&q), m->table);
		emit_c_sql_puts(&q, " SET");
		for (i = 0, n = 0; i < m->nfields; i++) {
			f = &m->fields[i];
			if (api_readonly(f))
				continue;
			emit_c_sql_break(&q);
			out_sql_ident(emit_c_sql_out(&q), f->name);
			emit_c_sql_puts(&q, " = ");
			sql_case(&q, f, 2 * n + 2);
			out_sql_ident(emit_c_sql_out(&q), f->name);
			emit_c_sql_puts(
			    &q, (size_t)++n < nw ? " END," : " END");
		}
		emit_c_sql_break(&q);
		sql_where(&q, m->pk);
		sql_returning(&q, m);
	}
	stmt_end(o, &q, 1 + 2 * (int)nw, 0);

	stmt_begin(o, m, "delete", &q);
	emit_c_sql_puts(&q, "DELETE FROM ");
	out_sql_ident(emit_c_sql_out(&q), m->table);
	emit_c_sql_wrap(&q);
	sql_where(&q, m->pk);
	emit_c_sql_puts(&q, " RETURNING ");
	out_sql_ident(emit_c_sql_out(&q), m->pk->name);
	stmt_end(o, &q, 1, 0);
}

/*
 * Run statement what of m through the runtime: "return (sc_exec_one(db,
 * &schemac_stmts[<id>], &p, &<m>_model, out));" (out is NULL for delete).
 */
static void
emit_exec_one(
    struct out *o, const struct ir_model *m, const char *what, const char *out)
{
	struct out id;

	out_init(&id);
	out_puts(&id, "&schemac_stmts[");
	emit_c_stmt_id(&id, m, what);
	out_puts(&id, "]");
	emit_c_call(o, 1, "return (sc_exec_one", "db", id.buf, "&p",
	    emit_c_fmt("&%s_model", m->c_name), emit_c_fmt("%s)", out), NULL);
	out_puts(o, "}\n\n");
	out_free(&id);
}

/* The start of a query function: its locals and the key parameter. */
static void
emit_key_params(struct out *o, const struct ir_field *key)
{
	out_puts(o, "{\n\tstruct sc_params p;\n\n\tsc_params_init(&p);\n");
	emit_c_call(
	    o, 1, emit_c_param_fn(key->type), "&p", emit_c_key_name(key), NULL);
}

/* The head of the definition of function what of m (queries.h). */
static void
emit_head(struct out *o, const struct ir_model *m, enum emit_c_api what,
    const struct ir_field *key)
{
	struct emit_c_fn fn;

	emit_c_fn(&fn, m, what, key);
	emit_c_decl(o, &fn, 0);
}

/* <m>_create_params() and <m>_update_params() (queries.h). */
static void
emit_params(struct out *o, const struct ir_model *m)
{
	emit_head(o, m, EMIT_C_CREATE_PARAMS, NULL);
	out_printf(o,
	    "{\n"
	    "\tsc_params_init(p);\n"
	    "\tsc_model_patch_params(&%s_model, patch, p);\n"
	    "}\n\n",
	    m->c_name);
	emit_head(o, m, EMIT_C_UPDATE_PARAMS, NULL);
	out_printf(o,
	    "{\n"
	    "\tsc_params_init(p);\n"
	    "\tsc_params_text(p, pk_text);\n"
	    "\tsc_model_patch_params(&%s_model, patch, p);\n"
	    "}\n\n",
	    m->c_name);
}

/* The C API of SPEC section 4: marshal the arguments, run, unmarshal. */
static void
emit_api(struct out *o, const struct ir_model *m)
{
	const struct ir_field *f;
	const char *c;
	struct out id;
	size_t i;

	c = m->c_name;
	/* get and get_by_<field>: the same shape. */
	for (i = 0; i < m->nfields; i++) {
		f = &m->fields[i];
		if (!f->primary_key && !f->unique)
			continue;
		emit_head(o, m, EMIT_C_GET, f);
		emit_key_params(o, f);
		emit_exec_one(o, m,
		    f->primary_key ? "get" : emit_c_fmt("get_by_%s", f->name),
		    "out");
	}

	out_init(&id);
	out_puts(&id, "&schemac_stmts[");
	emit_c_stmt_id(&id, m, "list");
	out_puts(&id, "]");
	emit_head(o, m, EMIT_C_LIST, NULL);
	out_puts(o,
	    "{\n"
	    "\tstruct sc_params p;\n"
	    "\tvoid *v;\n"
	    "\tint rc;\n\n"
	    "\tsc_params_init(&p);\n"
	    "\tsc_params_int(&p, limit);\n"
	    "\tsc_params_int(&p, offset);\n");
	emit_c_call(o, 1, "rc = sc_exec_list", "db", id.buf, "&p",
	    emit_c_fmt("&%s_model", c), "&v", "nrows", NULL);
	out_puts(o, "\t*rows = v;\n\treturn (rc);\n}\n\n");
	out_free(&id);

	/*
	 * create: every settable field from in; a NULL string where NULL
	 * cannot be stored but a default exists asks for the default.
	 */
	emit_head(o, m, EMIT_C_CREATE, NULL);
	out_printf(o,
	    "{\n"
	    "\tstruct %s_patch patch;\n"
	    "\tstruct sc_params p;\n\n"
	    "\tsc_model_patch_from(&%s_model, in, &patch);\n"
	    "\t%s_create_params(&patch, &p);\n",
	    c, c, c);
	emit_exec_one(o, m, "create", "out");

	emit_head(o, m, EMIT_C_UPDATE, NULL);
	emit_key_params(o, m->pk);
	out_printf(o, "\tsc_model_patch_params(&%s_model, patch, &p);\n", c);
	emit_exec_one(o, m, "update", "out");

	emit_head(o, m, EMIT_C_DELETE, NULL);
	emit_key_params(o, m->pk);
	emit_exec_one(o, m, "delete", "NULL");
}

int
emit_queries_c(const struct ir_schema *s, struct out *o)
{
	size_t i;

	emit_notice(o, s, "//");
	out_puts(o,
	    "/*\n"
	    " * queries.c: the statement table and the synchronous C API over "
	    "libpq\n"
	    " * (see queries.h for the contract), which runs the table's SQL "
	    "through\n"
	    " * the runtime (sc_model.h).\n"
	    " */\n"
	    "#include \"queries.h\"\n\n"
	    "const struct sc_stmt schemac_stmts[SCHEMAC_NSTMTS] = {\n");
	for (i = 0; i < s->nmodels; i++)
		emit_stmts(o, &s->models[i]);
	out_puts(o, "};\n\n");
	for (i = 0; i < s->nmodels; i++) {
		out_printf(o, "/* %s */\n\n", s->models[i].name);
		emit_params(o, &s->models[i]);
		emit_api(o, &s->models[i]);
	}
	return (0);
}
