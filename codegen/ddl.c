/* ddl.c: PostgreSQL DDL from the IR, shared by schema.sql and migrations. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ddl.h"

void
ddl_object_name(
    char *buf, const char *name1, const char *name2, const char *label)
{
	size_t n1, n2, overhead, avail;

	/* The same arithmetic as PostgreSQL's makeObjectName(). */
	n1 = strlen(name1);
	n2 = name2 != NULL ? strlen(name2) : 0;
	overhead = 0;
	if (name2 != NULL)
		overhead++;
	if (label != NULL)
		overhead += strlen(label) + 1;
	avail = DDL_NAMEDATALEN - 1 - overhead;
	while (n1 + n2 > avail) {
		if (n1 > n2)
			n1--;
		else
			n2--;
	}
	/* Names are ASCII identifiers (the checker insists), no clipping. */
	snprintf(buf, DDL_NAMEDATALEN, "%.*s%s%.*s%s%s", (int)n1, name1,
	    name2 != NULL ? "_" : "", (int)n2, name2 != NULL ? name2 : "",
	    label != NULL ? "_" : "", label != NULL ? label : "");
}

static const char *
col_name(const struct ddl_names *nm, const struct ir_model *m,
    const struct ir_field *f)
{
	if (nm != NULL && nm->column != NULL)
		return (nm->column(nm->arg, m, f));
	return (f->name);
}

static const char *
tab_name(const struct ddl_names *nm, const struct ir_model *m)
{
	if (nm != NULL && nm->table != NULL)
		return (nm->table(nm->arg, m));
	return (m->table);
}

static void
type_common(struct out *o, const struct ir_field *f, int storage)
{
	switch (f->type) {
	case IR_SERIAL:
		out_puts(o, storage ? "integer" : "serial");
		break;
	case IR_BIGSERIAL:
		out_puts(o, storage ? "bigint" : "bigserial");
		break;
	case IR_SMALLINT:
		out_puts(o, "smallint");
		break;
	case IR_INT:
		out_puts(o, "integer");
		break;
	case IR_BIGINT:
		out_puts(o, "bigint");
		break;
	case IR_FLOAT:
		out_puts(o, "double precision");
		break;
	case IR_NUMERIC:
		if (f->precision > 0)
			out_printf(o, "numeric(%d,%d)", f->precision, f->scale);
		else
			out_puts(o, "numeric");
		break;
	case IR_BOOL:
		out_puts(o, "boolean");
		break;
	case IR_STRING:
		out_printf(o, "varchar(%ld)", f->max_length);
		break;
	case IR_TEXT:
		out_puts(o, "text");
		break;
	case IR_DATE:
		out_puts(o, "date");
		break;
	case IR_TIMESTAMP:
		out_puts(o, "timestamp");
		break;
	case IR_TIMESTAMPTZ:
		out_puts(o, "timestamptz");
		break;
	case IR_UUID:
		out_puts(o, "uuid");
		break;
	case IR_JSON:
		out_puts(o, "jsonb");
		break;
	case IR_ENUM:
		out_sql_ident(o, f->enum_type);
		break;
	}
}

void
ddl_type(struct out *o, const struct ir_field *f)
{
	type_common(o, f, 0);
}

void
ddl_storage_type(struct out *o, const struct ir_field *f)
{
	type_common(o, f, 1);
}

void
ddl_cast_type(struct out *o, const struct ir_field *f)
{
	if (f->type == IR_STRING)
		out_puts(o, "text");
	else if (f->type == IR_NUMERIC)
		out_puts(o, "numeric");
	else
		type_common(o, f, 1);
}

void
ddl_literal(struct out *o, const struct ir_field *f,
    void (*quote)(struct out *, const char *))
{
	switch (f->type) {
	case IR_BOOL:
		out_puts(o,
		    strcmp(f->default_value, "true") == 0 ? "true" : "false");
		break;
	case IR_SMALLINT:
	case IR_INT:
	case IR_BIGINT:
	case IR_NUMERIC:
	case IR_FLOAT:
		out_number(o, f->default_value, quote);
		break;
	default:
		/* Strings, dates, uuids, enum labels and JSON text. */
		quote(o, f->default_value);
		break;
	}
}

int
ddl_default_expr(struct out *o, const struct ir_field *f)
{
	switch (f->default_kind) {
	case IR_DEFAULT_NONE:
		return (0);
	case IR_DEFAULT_NOW:
		if (f->type == IR_DATE)
			out_puts(o, "CURRENT_DATE");
		else if (f->type == IR_TIMESTAMP)
			out_puts(o, "LOCALTIMESTAMP");
		else
			out_puts(o, "now()");
		return (1);
	case IR_DEFAULT_RANDOM:
		out_puts(o, "gen_random_uuid()");
		return (1);
	case IR_DEFAULT_LITERAL:
		break;
	}
	if (f->default_value == NULL)
		return (0);
	ddl_literal(o, f, out_sql_string);
	return (1);
}

int
ddl_check_expr(struct out *o, const struct ir_model *m,
    const struct ir_field *f, const struct ddl_names *nm)
{
	const char *c;
	int n;

	c = col_name(nm, m, f);
	n = 0;
	if (f->min_text != NULL) {
		out_sql(o, "%I >= ", c);
		out_number(o, f->min_text, out_sql_string);
		n++;
	}
	if (f->max_text != NULL) {
		out_sql(o, "%s%I <= ", n++ ? " AND " : "", c);
		out_number(o, f->max_text, out_sql_string);
	}
	if (f->min_length > 0) {
		out_sql(o, "%schar_length(%I) >= ", n++ ? " AND " : "", c);
		out_printf(o, "%ld", f->min_length);
	}
	/* varchar(n) already holds max_length; text needs a CHECK. */
	if (f->max_length > 0 && f->type != IR_STRING) {
		out_sql(o, "%schar_length(%I) <= ", n++ ? " AND " : "", c);
		out_printf(o, "%ld", f->max_length);
	}
	if (f->pattern != NULL) {
		/*
		 * PostgreSQL's regular expressions (ARE) accept POSIX ERE,
		 * and `~` is unanchored like regexec(3), so the database and
		 * the app's regcomp(REG_EXTENDED) agree on ERE patterns.
		 */
		out_sql(o, "%s%I ~ %L", n++ ? " AND " : "", c, f->pattern);
	}
	return (n > 0);
}

void
ddl_column(struct out *o, const struct ir_field *f)
{
	out_sql(o, "%I ", f->name);
	ddl_type(o, f);
	if (!f->nullable)
		out_puts(o, " NOT NULL");
	if (f->default_kind != IR_DEFAULT_NONE) {
		out_puts(o, " DEFAULT ");
		ddl_default_expr(o, f);
	}
}

void
ddl_create_enum(struct out *o, const struct ir_field *f)
{
	size_t i;

	out_sql(o, "CREATE TYPE %I AS ENUM (", f->enum_type);
	for (i = 0; i < f->nenum_values; i++)
		out_sql(o, "%s%L", i > 0 ? ", " : "", f->enum_values[i]);
	out_puts(o, ");\n");
}

const char *
ddl_on_delete(enum ir_on_delete d)
{
	switch (d) {
	case IR_ON_DELETE_CASCADE:
		return ("CASCADE");
	case IR_ON_DELETE_RESTRICT:
		return ("RESTRICT");
	case IR_ON_DELETE_SET_NULL:
		return ("SET NULL");
	case IR_ON_DELETE_NONE:
		break;
	}
	return (NULL);
}

struct objlist {
	struct ddl_obj *v;
	size_t n, cap;
};

/* Append an object unless its name is taken; returns it, or NULL. */
static struct ddl_obj *
obj_add(struct objlist *l, enum ddl_obj_kind kind, const char *name,
    const struct ir_model *m)
{
	struct ddl_obj *d;
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			return (NULL);
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
		if (l->v == NULL) {
			perror("schemac: realloc");
			abort();
		}
	}
	d = &l->v[l->n++];
	memset(d, 0, sizeof(*d));
	d->kind = kind;
	snprintf(d->name, sizeof(d->name), "%s", name);
	d->model = m;
	return (d);
}

/* Take the text of an out buffer as a malloc'd string. */
static char *
out_take(struct out *o)
{
	char *s;

	s = o->buf;
	o->buf = NULL;
	o->len = o->cap = 0;
	return (s);
}

/* `"a", "b"` for a composite's columns, renamed through nm. */
static void
index_cols(struct out *o, const struct ir_model *m, const struct ir_index *ix,
    const struct ddl_names *nm)
{
	const struct ir_field *f;
	size_t i;

	for (i = 0; i < ix->ncolumns; i++) {
		if (i > 0)
			out_puts(o, ", ");
		f = ir_field_find(m, ix->columns[i]);
		out_sql_ident(
		    o, f != NULL ? col_name(nm, m, f) : ix->columns[i]);
	}
}

/* The `a_b` part of a composite's name (PostgreSQL joins with '_'). */
static void
index_name(struct out *o, const struct ir_index *ix)
{
	size_t i;

	for (i = 0; i < ix->ncolumns; i++) {
		out_puts(o, i ? "_" : "");
		out_puts(o, ix->columns[i]);
	}
}

/*
 * Add object kind named name1_name2_label of m with the definition in
 * def (taken; reset for the next one), unless the name is taken. Returns
 * the object, or NULL.
 */
static struct ddl_obj *
obj_def(struct objlist *l, enum ddl_obj_kind kind, const struct ir_model *m,
    const char *name2, const char *label, struct out *def)
{
	char name[DDL_NAMEDATALEN];
	struct ddl_obj *d;

	ddl_object_name(name, m->table, name2, label);
	if ((d = obj_add(l, kind, name, m)) != NULL)
		d->def = out_take(def);
	else
		out_free(def);
	out_init(def);
	return (d);
}

size_t
ddl_objects(
    const struct ir_model *m, const struct ddl_names *nm, struct ddl_obj **objs)
{
	struct objlist l = { NULL, 0, 0 };
	struct ddl_obj *d;
	const struct ir_field *f;
	const struct ir_index *ix;
	const char *od;
	struct out o, cols;
	size_t i;

	out_init(&o);
	out_init(&cols);
	if (m->pk != NULL) {
		out_sql(&o, "PRIMARY KEY (%I)", col_name(nm, m, m->pk));
		if ((d = obj_def(&l, DDL_PKEY, m, NULL, "pkey", &o)) != NULL)
			d->field = m->pk;
	}
	for (i = 0; i < m->nfields; i++) {
		f = &m->fields[i];
		if (!f->unique || f->primary_key)
			continue;
		out_sql(&o, "UNIQUE (%I)", col_name(nm, m, f));
		if ((d = obj_def(&l, DDL_UNIQUE, m, f->name, "key", &o)) !=
		    NULL)
			d->field = f;
	}
	for (i = 0; i < m->nindexes; i++) {
		ix = &m->indexes[i];
		if (!ix->unique)
			continue;
		out_puts(&o, "UNIQUE (");
		index_cols(&o, m, ix, nm);
		out_puts(&o, ")");
		index_name(&cols, ix);
		if ((d = obj_def(&l, DDL_UNIQUE, m, cols.buf, "key", &o)) !=
		    NULL)
			d->index = ix;
		out_free(&cols);
		out_init(&cols);
	}
	for (i = 0; i < m->nfields; i++) {
		f = &m->fields[i];
		out_puts(&o, "CHECK (");
		if (!ddl_check_expr(&o, m, f, nm)) {
			out_free(&o);
			out_init(&o);
			continue;
		}
		out_puts(&o, ")");
		if ((d = obj_def(&l, DDL_CHECK, m, f->name, "check", &o)) !=
		    NULL)
			d->field = f;
	}
	for (i = 0; i < m->nfields; i++) {
		f = &m->fields[i];
		if (f->ref_model == NULL || f->ref_field == NULL)
			continue;
		out_sql(&o, "FOREIGN KEY (%I) REFERENCES %I (%I)",
		    col_name(nm, m, f), tab_name(nm, f->ref_model),
		    col_name(nm, f->ref_model, f->ref_field));
		if ((od = ddl_on_delete(f->on_delete)) != NULL)
			out_sql(&o, " ON DELETE %s", od);
		if ((d = obj_def(&l, DDL_FKEY, m, f->name, "fkey", &o)) != NULL)
			d->field = f;
	}
	for (i = 0; i < m->nfields; i++) {
		f = &m->fields[i];
		if (!f->index_flag || f->primary_key || f->unique)
			continue;
		out_sql(&o, "%I (%I)", tab_name(nm, m), col_name(nm, m, f));
		if ((d = obj_def(&l, DDL_INDEX, m, f->name, "idx", &o)) != NULL)
			d->field = f;
	}
	for (i = 0; i < m->nindexes; i++) {
		ix = &m->indexes[i];
		if (ix->unique)
			continue;
		out_sql(&o, "%I (", tab_name(nm, m));
		index_cols(&o, m, ix, nm);
		out_puts(&o, ")");
		index_name(&cols, ix);
		if ((d = obj_def(&l, DDL_INDEX, m, cols.buf, "idx", &o)) !=
		    NULL)
			d->index = ix;
		out_free(&cols);
		out_init(&cols);
	}
	out_free(&o);
	out_free(&cols);
	*objs = l.v;
	return (l.n);
}

void
ddl_objs_free(struct ddl_obj *v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		free(v[i].def);
	free(v);
}

void
ddl_add_object(struct out *o, const char *table, const struct ddl_obj *d)
{
	if (d->kind == DDL_INDEX) {
		out_sql(o, "CREATE INDEX %I ON %s;\n", d->name, d->def);
		return;
	}
	out_sql(o, "ALTER TABLE %I ADD CONSTRAINT %I %s;\n", table, d->name,
	    d->def);
}

void
ddl_comment(
    struct out *o, const char *table, const char *column, const char *doc)
{
	if (column != NULL)
		out_sql(o, "COMMENT ON COLUMN %I.%I IS ", table, column);
	else
		out_sql(o, "COMMENT ON TABLE %I IS ", table);
	if (doc != NULL)
		out_sql(o, "%L;\n", doc);
	else
		out_puts(o, "NULL;\n");
}

void
ddl_comments(struct out *o, const struct ir_model *m)
{
	size_t i;

	if (m->doc != NULL)
		ddl_comment(o, m->table, NULL, m->doc);
	for (i = 0; i < m->nfields; i++) {
		if (m->fields[i].doc != NULL)
			ddl_comment(
			    o, m->table, m->fields[i].name, m->fields[i].doc);
	}
}
void
ddl_create_table(struct out *o, const struct ir_model *m, int with_fkeys)
{
	struct ddl_obj *objs;
	size_t i, n;
	int first;

	out_puts(o, "CREATE TABLE ");
	out_sql_ident(o, m->table);
	out_puts(o, " (\n");
	first = 1;
	for (i = 0; i < m->nfields; i++) {
		out_puts(o, first ? "    " : ",\n    ");
		ddl_column(o, &m->fields[i]);
		first = 0;
	}
	n = ddl_objects(m, NULL, &objs);
	for (i = 0; i < n; i++) {
		if (objs[i].kind == DDL_INDEX ||
		    (objs[i].kind == DDL_FKEY && !with_fkeys))
			continue;
		out_puts(o, ",\n    CONSTRAINT ");
		out_sql_ident(o, objs[i].name);
		out_printf(o, " %s", objs[i].def);
	}
	out_puts(o, "\n);\n");
	for (i = 0; i < n; i++)
		if (objs[i].kind == DDL_INDEX)
			ddl_add_object(o, m->table, &objs[i]);
	ddl_objs_free(objs, n);
	ddl_comments(o, m);
}
