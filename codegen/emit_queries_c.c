/*
 * emit_queries_c.c: writes generated/queries.c: the statement table
 * schemac_stmts[] (parameterized SQL, every identifier quoted), the
 * parameter builders, and the synchronous C API over libpq, which runs the
 * same SQL with PQexecParams.
 */
#include <stdio.h>
#include <string.h>

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
	 * same default the DDL gives it. Readonly fields are left out, so
	 * the column default (a sequence, now()) applies.
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
			if (emit_c_readonly(f))
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
			if (emit_c_readonly(f))
				continue;
			out_printf(emit_c_sql_out(&q), "CASE WHEN $%d::boolean",
			    2 * n + 1);
			emit_c_sql_wrap(&q);
			out_printf(
			    emit_c_sql_out(&q), " THEN $%d::", 2 * n + 2);
			emit_c_sql_cast(emit_c_sql_out(&q), f);
			emit_c_sql_wrap(&q);
			emit_c_sql_puts(&q, " ELSE ");
			emit_c_sql_default(emit_c_sql_out(&q), f);
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
			if (emit_c_readonly(f))
				continue;
			emit_c_sql_break(&q);
			out_sql_ident(emit_c_sql_out(&q), f->name);
			out_printf(emit_c_sql_out(&q),
			    " = CASE WHEN $%d::boolean", 2 * n + 2);
			emit_c_sql_wrap(&q);
			out_printf(
			    emit_c_sql_out(&q), " THEN $%d::", 2 * n + 3);
			emit_c_sql_cast(emit_c_sql_out(&q), f);
			emit_c_sql_wrap(&q);
			emit_c_sql_puts(&q, " ELSE ");
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

/* "sc_params_int(&p, id);": push a key parameter. */
static void
emit_key_push(struct out *o, const struct ir_field *f)
{
	emit_c_call(
	    o, 1, emit_c_param_fn(f->type), "&p", emit_c_key_name(f), NULL);
}

/*
 * Run the statement what of m with the parameters in p and hand the row
 * to <m>_take(); rc and res are the caller's locals.
 */
static void
emit_exec_take(struct out *o, const struct ir_model *m, const char *what)
{
	struct out id;

	out_init(&id);
	emit_c_stmt_id(&id, m, what);
	emit_c_call(o, 1, "rc = exec_one", "db", id.buf, "&p", "&res", NULL);
	out_printf(o,
	    "\tif (rc != SCHEMAC_OK)\n"
	    "\t\treturn (rc);\n"
	    "\treturn (%s_take(res, out));\n"
	    "}\n\n",
	    m->c_name);
	out_free(&id);
}

static void
emit_params(struct out *o, const struct ir_model *m)
{
	const struct ir_field *f;
	const char *c, *call;
	size_t i;

	c = m->c_name;
	if (emit_c_nwritable(m) > 0) {
		out_puts(o,
		    "/* Each settable field in order: whether it is set, "
		    "then its value. */\nstatic void\n");
		emit_c_list(o, "", emit_c_fmt("%s_patch_params", c), "    ",
		    "\n", emit_c_fmt("const struct %s_patch *patch", c),
		    "struct sc_params *p", NULL);
		out_puts(o, "{\n");
		for (i = 0; i < m->nfields; i++) {
			f = &m->fields[i];
			if (emit_c_readonly(f))
				continue;
			emit_c_call(o, 1, "sc_params_bool", "p",
			    emit_c_fmt("patch->%s_set", f->name), NULL);
			call = emit_c_fmt("patch->%s", f->name);
			if (emit_c_has_is_null(f)) {
				out_printf(o,
				    "\tif (patch->%s_is_null)\n"
				    "\t\tsc_params_null(p);\n"
				    "\telse\n",
				    f->name);
				emit_c_call(o, 2, emit_c_param_fn(f->type), "p",
				    call, NULL);
			} else
				emit_c_call(o, 1, emit_c_param_fn(f->type), "p",
				    call, NULL);
		}
		out_puts(o, "}\n\n");
	}

	out_puts(o, "void\n");
	emit_c_list(o, "", emit_c_fmt("%s_create_params", c), "    ", "\n",
	    emit_c_fmt("const struct %s_patch *patch", c),
	    "struct sc_params *p", NULL);
	out_puts(o, "{\n\tsc_params_init(p);\n");
	if (emit_c_nwritable(m) > 0)
		out_printf(o, "\t%s_patch_params(patch, p);\n", c);
	else
		out_puts(o, "\t(void)patch;\t/* no field can be set */\n");
	out_puts(o, "}\n\nvoid\n");
	emit_c_list(o, "", emit_c_fmt("%s_update_params", c), "    ", "\n",
	    "const char *pk_text",
	    emit_c_fmt("const struct %s_patch *patch", c),
	    "struct sc_params *p", NULL);
	out_puts(o, "{\n\tsc_params_init(p);\n\tsc_params_text(p, pk_text);\n");
	if (emit_c_nwritable(m) > 0)
		out_printf(o, "\t%s_patch_params(patch, p);\n", c);
	else
		out_puts(o, "\t(void)patch;\t/* no field can be set */\n");
	out_puts(o, "}\n\n");
}

/* The locals of a query function that runs one statement. */
static const char locals[] = "{\n"
			     "\tstruct sc_params p;\n"
			     "\tPGresult *res;\n"
			     "\tint rc;\n\n";

static void
emit_api(struct out *o, const struct ir_model *m)
{
	const struct ir_field *f;
	const char *c;
	char what[512];
	struct out id;
	size_t i;

	c = m->c_name;
	out_printf(o,
	    "/* Fill out (when not NULL) from the first row of res; frees res. "
	    "*/\n"
	    "static int\n"
	    "%s_take(PGresult *res, struct %s *out)\n"
	    "{\n"
	    "\tint rc;\n\n"
	    "\trc = SCHEMAC_OK;\n"
	    "\tif (out != NULL && %s_from_row(res, 0, out) == -1)\n"
	    "\t\trc = SCHEMAC_DB_ERROR;\n"
	    "\tPQclear(res);\n"
	    "\treturn (rc);\n"
	    "}\n\n",
	    c, c, c);

	/* get and get_by_<field>: the same shape. */
	for (i = 0; i < m->nfields; i++) {
		f = &m->fields[i];
		if (!f->primary_key && !f->unique)
			continue;
		if (f->primary_key)
			(void)snprintf(what, sizeof(what), "get");
		else
			(void)snprintf(
			    what, sizeof(what), "get_by_%s", f->name);
		out_puts(o, "int\n");
		emit_c_list(o, "", emit_c_fmt("%s_%s", c, what), "    ", "\n",
		    "PGconn *db", emit_c_key_decl(f),
		    emit_c_fmt("struct %s *out", c), NULL);
		out_puts(o, locals);
		out_puts(o, "\tsc_params_init(&p);\n");
		emit_key_push(o, f);
		emit_exec_take(o, m, what);
	}

	out_init(&id);
	emit_c_stmt_id(&id, m, "list");
	out_puts(o, "int\n");
	emit_c_list(o, "", emit_c_fmt("%s_list", c), "    ", "\n", "PGconn *db",
	    "int64_t limit", "int64_t offset",
	    emit_c_fmt("struct %s **rows", c), "size_t *nrows", NULL);
	out_printf(o,
	    "{\n"
	    "\tstruct sc_params p;\n"
	    "\tstruct %s *v;\n"
	    "\tPGresult *res;\n"
	    "\tint i, n, rc;\n\n"
	    "\t*rows = NULL;\n"
	    "\t*nrows = 0;\n"
	    "\tsc_params_init(&p);\n"
	    "\tsc_params_int(&p, limit);\n"
	    "\tsc_params_int(&p, offset);\n",
	    c);
	emit_c_call(o, 1, "rc = exec_stmt", "db", id.buf, "&p", "&res", NULL);
	out_printf(o,
	    "\tif (rc != SCHEMAC_OK)\n"
	    "\t\treturn (rc);\n"
	    "\tn = PQntuples(res);\n"
	    "\tif ((v = calloc((size_t)n + 1, sizeof(*v))) == NULL) {\n"
	    "\t\tPQclear(res);\n"
	    "\t\treturn (SCHEMAC_DB_ERROR);\n"
	    "\t}\n"
	    "\tfor (i = 0; i < n; i++) {\n"
	    "\t\tif (%s_from_row(res, i, &v[i]) == -1) {\n"
	    "\t\t\t%s_rows_free(v, (size_t)i);\n"
	    "\t\t\tPQclear(res);\n"
	    "\t\t\treturn (SCHEMAC_DB_ERROR);\n"
	    "\t\t}\n"
	    "\t}\n"
	    "\tPQclear(res);\n"
	    "\t*rows = v;\n"
	    "\t*nrows = (size_t)n;\n"
	    "\treturn (SCHEMAC_OK);\n"
	    "}\n\n",
	    c, c);
	out_free(&id);

	/*
	 * create: every settable field from in; a NULL string where NULL
	 * cannot be stored but a default exists asks for the default.
	 */
	out_puts(o, "int\n");
	emit_c_list(o, "", emit_c_fmt("%s_create", c), "    ", "\n",
	    "PGconn *db", emit_c_fmt("const struct %s *in", c),
	    emit_c_fmt("struct %s *out", c), NULL);
	out_printf(o,
	    "{\n"
	    "\tstruct %s_patch patch;\n"
	    "\tstruct sc_params p;\n"
	    "\tPGresult *res;\n"
	    "\tint rc;\n\n"
	    "\tmemset(&patch, 0, sizeof(patch));\n",
	    c);
	if (emit_c_nwritable(m) == 0)
		out_puts(o, "\t(void)in;\t/* no field can be set */\n");
	for (i = 0; i < m->nfields; i++) {
		f = &m->fields[i];
		if (emit_c_readonly(f))
			continue;
		if (emit_c_is_text(f->type) && !f->nullable &&
		    f->default_kind != IR_DEFAULT_NONE)
			out_printf(o, "\tpatch.%s_set = in->%s != NULL;\n",
			    f->name, f->name);
		else
			out_printf(o, "\tpatch.%s_set = true;\n", f->name);
		out_printf(o, "\tpatch.%s = in->%s;\n", f->name, f->name);
		if (emit_c_has_is_null(f))
			out_printf(o, "\tpatch.%s_is_null = in->%s_is_null;\n",
			    f->name, f->name);
	}
	out_printf(o, "\t%s_create_params(&patch, &p);\n", c);
	emit_exec_take(o, m, "create");

	out_puts(o, "int\n");
	emit_c_list(o, "", emit_c_fmt("%s_update", c), "    ", "\n",
	    "PGconn *db", emit_c_key_decl(m->pk),
	    emit_c_fmt("const struct %s_patch *patch", c),
	    emit_c_fmt("struct %s *out", c), NULL);
	out_puts(o, locals);
	out_puts(o, "\tsc_params_init(&p);\n");
	emit_key_push(o, m->pk);
	if (emit_c_nwritable(m) > 0)
		out_printf(o, "\t%s_patch_params(patch, &p);\n", c);
	else
		out_puts(o, "\t(void)patch;\t/* no field can be set */\n");
	emit_exec_take(o, m, "update");

	out_init(&id);
	emit_c_stmt_id(&id, m, "delete");
	out_puts(o, "int\n");
	emit_c_list(o, "", emit_c_fmt("%s_delete", c), "    ", "\n",
	    "PGconn *db", emit_c_key_decl(m->pk), NULL);
	out_puts(o, locals);
	out_puts(o, "\tsc_params_init(&p);\n");
	emit_key_push(o, m->pk);
	emit_c_call(o, 1, "rc = exec_one", "db", id.buf, "&p", "&res", NULL);
	out_puts(o,
	    "\tif (rc == SCHEMAC_OK)\n"
	    "\t\tPQclear(res);\n"
	    "\treturn (rc);\n"
	    "}\n\n");
	out_free(&id);
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
	    " * (see queries.h for the contract).\n"
	    " */\n"
	    "#include <stdlib.h>\n"
	    "#include <string.h>\n\n"
	    "#include \"queries.h\"\n\n"
	    "const struct sc_stmt schemac_stmts[SCHEMAC_NSTMTS] = {\n");
	for (i = 0; i < s->nmodels; i++)
		emit_stmts(o, &s->models[i]);
	out_puts(o,
	    "};\n\n"
	    "/*\n"
	    " * Run a statement of the table with its SQL text: a plain "
	    "connection has\n"
	    " * nothing prepared. SCHEMAC_OK with *resp set (the caller "
	    "PQclear()s it),\n"
	    " * or the SCHEMAC_* code of the failure.\n"
	    " */\n"
	    "static int\n"
	    "exec_stmt(PGconn *db, enum schemac_stmt_id id, const struct "
	    "sc_params *p,\n"
	    "    PGresult **resp)\n"
	    "{\n"
	    "\tPGresult *res;\n"
	    "\tint rc;\n\n"
	    "\t*resp = NULL;\n"
	    "\tres = PQexecParams(db, schemac_stmts[id].sql, p->n, NULL, "
	    "p->values,\n"
	    "\t    NULL, NULL, 0);\n"
	    "\tswitch (PQresultStatus(res)) {\n"
	    "\tcase PGRES_TUPLES_OK:\n"
	    "\tcase PGRES_COMMAND_OK:\n"
	    "\t\t*resp = res;\n"
	    "\t\treturn (SCHEMAC_OK);\n"
	    "\tdefault:\n"
	    "\t\t/* No result at all (out of memory) has no SQLSTATE. */\n"
	    "\t\trc = sc_sqlstate_result(PQresultErrorField(res,\n"
	    "\t\t    PG_DIAG_SQLSTATE));\n"
	    "\t\tPQclear(res);\n"
	    "\t\treturn (rc);\n"
	    "\t}\n"
	    "}\n\n"
	    "/* exec_stmt() for at most one row: SCHEMAC_NOT_FOUND when there "
	    "is none. */\n"
	    "static int\n"
	    "exec_one(PGconn *db, enum schemac_stmt_id id, const struct "
	    "sc_params *p,\n"
	    "    PGresult **resp)\n"
	    "{\n"
	    "\tint rc;\n\n"
	    "\tif ((rc = exec_stmt(db, id, p, resp)) == SCHEMAC_OK &&\n"
	    "\t    PQntuples(*resp) == 0) {\n"
	    "\t\tPQclear(*resp);\n"
	    "\t\t*resp = NULL;\n"
	    "\t\trc = SCHEMAC_NOT_FOUND;\n"
	    "\t}\n"
	    "\treturn (rc);\n"
	    "}\n\n");
	for (i = 0; i < s->nmodels; i++) {
		out_printf(o, "/* %s */\n\n", s->models[i].name);
		emit_params(o, &s->models[i]);
		emit_api(o, &s->models[i]);
	}
	return (0);
}
