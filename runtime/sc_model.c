/* sc_model.c: the model-table-driven runtime of the generated code. */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sc_model.h"

/* The member at offset off of a struct, as a pointer to type. */
#define SC_AT(base, off, type) ((type *)(void *)((char *)(base) + (off)))
#define SC_CAT(base, off, type) \
	((const type *)(const void *)((const char *)(base) + (off)))

bool
sc_type_is_text(enum sc_type t)
{
	switch (t) {
	case SC_TYPE_INT16:
	case SC_TYPE_INT32:
	case SC_TYPE_INT64:
	case SC_TYPE_DOUBLE:
	case SC_TYPE_BOOL:
		return (false);
	default:
		return (true);
	}
}

/* The size of a scalar member of the type (text members are char *). */
static size_t
sc_type_size(enum sc_type t)
{
	switch (t) {
	case SC_TYPE_INT16:
		return (sizeof(int16_t));
	case SC_TYPE_INT32:
		return (sizeof(int32_t));
	case SC_TYPE_INT64:
		return (sizeof(int64_t));
	case SC_TYPE_DOUBLE:
		return (sizeof(double));
	case SC_TYPE_BOOL:
		return (sizeof(bool));
	default:
		return (sizeof(char *));
	}
}

/* An integer member of field f at offset off of s, widened. */
static int64_t
sc_int_at(const struct sc_field *f, const void *s, size_t off)
{
	switch (f->type) {
	case SC_TYPE_INT16:
		return (*SC_CAT(s, off, int16_t));
	case SC_TYPE_INT32:
		return (*SC_CAT(s, off, int32_t));
	default:
		return (*SC_CAT(s, off, int64_t));
	}
}

/* A char * member at offset off of s (memcpy: no cast loses const). */
static char *
sc_text_at(const void *s, size_t off)
{
	char *v;

	memcpy(&v, (const char *)s + off, sizeof(v));
	return (v);
}

static bool
sc_readonly_field(const struct sc_field *f)
{
	return ((f->flags & SC_F_READONLY) != 0);
}

const struct sc_field *
sc_model_field(const struct sc_model *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nfields; i++) {
		if (strcmp(m->fields[i].rules.name, name) == 0)
			return (&m->fields[i]);
	}
	return (NULL);
}

/* The field whose name is the n bytes at key (which may hold NULs). */
static const struct sc_field *
sc_model_field_key(const struct sc_model *m, const char *key, size_t n)
{
	const char *name;
	size_t i;

	for (i = 0; i < m->nfields; i++) {
		name = m->fields[i].rules.name;
		if (strlen(name) == n && memcmp(name, key, n) == 0)
			return (&m->fields[i]);
	}
	return (NULL);
}

/*
 * Compile the model's patterns on first use. schemac compiled each one
 * already, so a failure means memory ran out: abort rather than skip a
 * rule.
 */
static void
sc_model_patterns(const struct sc_model *m)
{
	const struct sc_field *f;
	size_t i;

	if (m->patterns_ready == NULL || *m->patterns_ready)
		return;
	for (i = 0; i < m->nfields; i++) {
		f = &m->fields[i];
		if (f->rules.regex == NULL || f->rules.pattern == NULL)
			continue;
		if (regcomp(f->rules.regex, f->rules.pattern,
			REG_EXTENDED | REG_NOSUB) != 0) {
			fprintf(stderr, "sc_model: cannot compile pattern %s\n",
			    f->rules.pattern);
			abort();
		}
	}
	*m->patterns_ready = true;
}

/* The decoders of the types held as text, which share one signature. */
static int (*const sc_text_decoders[])(const struct sc_json *,
    const struct sc_field_rules *, struct sc_verrs *, char **) = {
	[SC_TYPE_NUMERIC] = sc_decode_numeric,
	[SC_TYPE_STRING] = sc_decode_string,
	[SC_TYPE_ENUM] = sc_decode_enum,
	[SC_TYPE_DATE] = sc_decode_date,
	[SC_TYPE_TIMESTAMP] = sc_decode_timestamp,
	[SC_TYPE_TIMESTAMPTZ] = sc_decode_timestamptz,
	[SC_TYPE_UUID] = sc_decode_uuid,
	[SC_TYPE_JSON] = sc_decode_jsonval,
};

/* Decode member v into field f of the patch (the decoder per type). */
static void
sc_decode_field(const struct sc_field *f, const struct sc_json *v, void *patch,
    struct sc_verrs *errs)
{
	const struct sc_field_rules *r = &f->rules;
	void *val;
	bool *is_null;

	val = SC_AT(patch, f->patch_off, char);
	is_null = f->patch_null_off != 0 ? SC_AT(patch, f->patch_null_off, bool)
					 : NULL;
	switch (f->type) {
	case SC_TYPE_INT16:
		(void)sc_decode_int16(v, r, errs, val, is_null);
		break;
	case SC_TYPE_INT32:
		(void)sc_decode_int32(v, r, errs, val, is_null);
		break;
	case SC_TYPE_INT64:
		(void)sc_decode_int64(v, r, errs, val, is_null);
		break;
	case SC_TYPE_DOUBLE:
		(void)sc_decode_double(v, r, errs, val, is_null);
		break;
	case SC_TYPE_BOOL:
		(void)sc_decode_bool(v, r, errs, val, is_null);
		break;
	default:
		(void)sc_text_decoders[f->type](v, r, errs, val);
		break;
	}
}

int
sc_model_decode(const struct sc_model *m, const struct sc_json *obj,
    void *patch, struct sc_verrs *errs, bool create)
{
	const struct sc_field *f;
	const struct sc_json *v;
	size_t i, nerrs;

	memset(patch, 0, m->patch_size);
	nerrs = errs->n;
	if (obj == NULL || obj->type != SC_JSON_OBJECT) {
		sc_verr_add(errs, "body", NULL, "model_attributes_type",
		    "Input should be a valid dictionary or object to extract "
		    "fields from");
		return (-1);
	}
	sc_model_patterns(m);
	for (i = 0; i < m->nfields; i++) {
		f = &m->fields[i];
		if (sc_readonly_field(f))
			continue;
		if ((v = sc_json_member(obj, f->rules.name)) != NULL) {
			*SC_AT(patch, f->patch_set_off, bool) = true;
			sc_decode_field(f, v, patch, errs);
		} else if (create && !f->rules.nullable &&
		    (f->flags & SC_F_DEFAULT) == 0)
			sc_missing(errs, f->rules.name);
	}
	/* Then what the body may not have, in the body's order. */
	for (v = obj->child; v != NULL; v = v->next) {
		f = sc_model_field_key(m, v->key, v->keylen);
		if (f == NULL)
			sc_unknown(errs, v);
		else if (sc_readonly_field(f))
			sc_readonly(errs, f->rules.name);
	}
	return (errs->n == nerrs ? 0 : -1);
}

/*
 * "{"name": or ,"name": before a member of a JSON object, in one go: it is
 * written for every field of every row a GET returns.
 */
static inline void
sc_json_key(struct sc_buf *b, const struct sc_field *f, bool first)
{
	size_t n;
	char *p;

	n = strlen(f->rules.name);
	if (b->cap - b->len <= n + 4)
		sc_buf_reserve(b, n + 4);
	p = b->data + b->len;
	p[0] = first ? '{' : ',';
	p[1] = '"';
	memcpy(p + 2, f->rules.name, n);
	p[n + 2] = '"';
	p[n + 3] = ':';
	p[n + 4] = '\0';
	b->len += n + 4;
}

/*
 * A numeric's text as a JSON number; NULL, NaN and the infinities (which
 * PostgreSQL's numeric can hold, and JSON cannot) as null.
 */
static void
sc_json_numeric(struct sc_buf *b, const char *v)
{
	char c;

	c = v != NULL ? (v[0] == '-' ? v[1] : v[0]) : '\0';
	if (c < '0' || c > '9')
		sc_buf_puts(b, "null");
	else
		sc_buf_puts(b, v);
}

void
sc_model_to_json(const struct sc_model *m, const void *u, struct sc_buf *b)
{
	const struct sc_field *f;
	const char *s;
	size_t i;
	bool first;

	first = true;
	for (i = 0; i < m->nfields; i++) {
		f = &m->fields[i];
		if (f->flags & SC_F_WRITEONLY)
			continue;
		sc_json_key(b, f, first);
		first = false;
		if (f->null_off != 0 && *SC_CAT(u, f->null_off, bool)) {
			sc_buf_puts(b, "null");
			continue;
		}
		s = sc_type_is_text(f->type) ? sc_text_at(u, f->off) : NULL;
		switch (f->type) {
		case SC_TYPE_INT16:
		case SC_TYPE_INT32:
		case SC_TYPE_INT64:
			sc_json_int(b, sc_int_at(f, u, f->off));
			break;
		case SC_TYPE_DOUBLE:
			sc_json_double(b, *SC_CAT(u, f->off, double));
			break;
		case SC_TYPE_BOOL:
			sc_json_bool(b, *SC_CAT(u, f->off, bool));
			break;
		case SC_TYPE_NUMERIC:
			sc_json_numeric(b, s);
			break;
		case SC_TYPE_JSON:
			/* The text is JSON already (a decoder made it). */
			sc_buf_puts(b, s != NULL ? s : "null");
			break;
		default:
			sc_json_cstr(b, s);
			break;
		}
	}
	sc_buf_puts(b, first ? "{}" : "}");
}

/*
 * The handlers' answer to every GET: straight from the result's text,
 * without building a struct. PostgreSQL's text of integers and of json is
 * JSON already.
 */
void
sc_model_row_json(
    const struct sc_model *m, const PGresult *res, int row, struct sc_buf *b)
{
	const struct sc_field *f;
	const char *v;
	size_t i;
	int col;
	bool first;

	first = true;
	for (i = 0; i < m->nfields; i++) {
		f = &m->fields[i];
		if (f->flags & SC_F_WRITEONLY)
			continue;
		sc_json_key(b, f, first);
		first = false;
		col = (int)i;
		if (PQgetisnull(res, row, col)) {
			sc_buf_puts(b, "null");
			continue;
		}
		v = PQgetvalue(res, row, col);
		switch (f->type) {
		case SC_TYPE_INT16:
		case SC_TYPE_INT32:
		case SC_TYPE_INT64:
		case SC_TYPE_JSON:
			sc_buf_append(b, v, (size_t)PQgetlength(res, row, col));
			break;
		case SC_TYPE_DOUBLE:
			sc_json_double(b, strtod(v, NULL));
			break;
		case SC_TYPE_BOOL:
			sc_json_bool(b, v[0] == 't');
			break;
		case SC_TYPE_NUMERIC:
			sc_json_numeric(b, v);
			break;
		default:
			sc_json_str(b, v, (size_t)PQgetlength(res, row, col));
			break;
		}
	}
	sc_buf_puts(b, first ? "{}" : "}");
}

int
sc_model_from_row(
    const struct sc_model *m, const PGresult *res, int row, void *out)
{
	const struct sc_field *f;
	const char *v;
	size_t i;
	int col;

	memset(out, 0, m->size);
	for (i = 0; i < m->nfields; i++) {
		f = &m->fields[i];
		col = (int)i;
		if (f->null_off != 0)
			*SC_AT(out, f->null_off, bool) =
			    PQgetisnull(res, row, col);
		/* SQL NULL reads as "": 0, false or a NULL string. */
		v = PQgetvalue(res, row, col);
		switch (f->type) {
		case SC_TYPE_INT16:
			*SC_AT(out, f->off, int16_t) =
			    (int16_t)strtoll(v, NULL, 10);
			break;
		case SC_TYPE_INT32:
			*SC_AT(out, f->off, int32_t) =
			    (int32_t)strtoll(v, NULL, 10);
			break;
		case SC_TYPE_INT64:
			*SC_AT(out, f->off, int64_t) = strtoll(v, NULL, 10);
			break;
		case SC_TYPE_DOUBLE:
			*SC_AT(out, f->off, double) = strtod(v, NULL);
			break;
		case SC_TYPE_BOOL:
			*SC_AT(out, f->off, bool) = v[0] == 't';
			break;
		default:
			if (PQgetisnull(res, row, col))
				break;
			if ((*SC_AT(out, f->off, char *) = strdup(v)) == NULL) {
				sc_model_clear(m, out);
				return (-1);
			}
			break;
		}
	}
	return (0);
}

void
sc_model_clear(const struct sc_model *m, void *u)
{
	size_t i;

	if (u == NULL)
		return;
	for (i = 0; i < m->nfields; i++) {
		if (sc_type_is_text(m->fields[i].type))
			free(*SC_AT(u, m->fields[i].off, char *));
	}
	memset(u, 0, m->size);
}

void
sc_model_rows_free(const struct sc_model *m, void *rows, size_t n)
{
	size_t i;

	if (rows == NULL)
		return;
	for (i = 0; i < n; i++)
		sc_model_clear(m, (char *)rows + i * m->size);
	free(rows);
}

void
sc_model_patch_clear(const struct sc_model *m, void *patch)
{
	const struct sc_field *f;
	size_t i;

	if (patch == NULL)
		return;
	for (i = 0; i < m->nfields; i++) {
		f = &m->fields[i];
		if (!sc_readonly_field(f) && sc_type_is_text(f->type))
			free(*SC_AT(patch, f->patch_off, char *));
	}
	memset(patch, 0, m->patch_size);
}

void
sc_model_patch_params(
    const struct sc_model *m, const void *patch, struct sc_params *p)
{
	const struct sc_field *f;
	size_t i;

	for (i = 0; i < m->nfields; i++) {
		f = &m->fields[i];
		if (sc_readonly_field(f))
			continue;
		sc_params_bool(p, *SC_CAT(patch, f->patch_set_off, bool));
		if (f->patch_null_off != 0 &&
		    *SC_CAT(patch, f->patch_null_off, bool)) {
			sc_params_null(p);
			continue;
		}
		switch (f->type) {
		case SC_TYPE_INT16:
		case SC_TYPE_INT32:
		case SC_TYPE_INT64:
			sc_params_int(p, sc_int_at(f, patch, f->patch_off));
			break;
		case SC_TYPE_DOUBLE:
			sc_params_double(
			    p, *SC_CAT(patch, f->patch_off, double));
			break;
		case SC_TYPE_BOOL:
			sc_params_bool(p, *SC_CAT(patch, f->patch_off, bool));
			break;
		default:
			/* A NULL string is SQL NULL. */
			sc_params_text(p, sc_text_at(patch, f->patch_off));
			break;
		}
	}
}

void
sc_model_patch_from(const struct sc_model *m, const void *in, void *patch)
{
	const struct sc_field *f;
	bool set;
	size_t i;

	memset(patch, 0, m->patch_size);
	for (i = 0; i < m->nfields; i++) {
		f = &m->fields[i];
		if (sc_readonly_field(f))
			continue;
		memcpy(SC_AT(patch, f->patch_off, char),
		    SC_CAT(in, f->off, char), sc_type_size(f->type));
		if (f->null_off != 0 && f->patch_null_off != 0)
			*SC_AT(patch, f->patch_null_off, bool) =
			    *SC_CAT(in, f->null_off, bool);
		/* NULL cannot be stored, but the default can. */
		set = true;
		if (sc_type_is_text(f->type) && !f->rules.nullable &&
		    (f->flags & SC_F_DEFAULT) != 0)
			set = sc_text_at(in, f->off) != NULL;
		*SC_AT(patch, f->patch_set_off, bool) = set;
	}
}

/* Run a statement: SCHEMAC_OK with *resp (the caller PQclear()s it). */
static int
sc_exec(PGconn *db, const struct sc_stmt *st, const struct sc_params *p,
    PGresult **resp)
{
	PGresult *res;
	int rc;

	*resp = NULL;
	res = PQexecParams(db, st->sql, p->n, NULL, p->values, NULL, NULL, 0);
	switch (PQresultStatus(res)) {
	case PGRES_TUPLES_OK:
	case PGRES_COMMAND_OK:
		*resp = res;
		return (SCHEMAC_OK);
	default:
		/* No result at all (out of memory) has no SQLSTATE. */
		rc = sc_sqlstate_result(
		    PQresultErrorField(res, PG_DIAG_SQLSTATE));
		PQclear(res);
		return (rc);
	}
}

int
sc_exec_one(PGconn *db, const struct sc_stmt *st, const struct sc_params *p,
    const struct sc_model *m, void *out)
{
	PGresult *res;
	int rc;

	if ((rc = sc_exec(db, st, p, &res)) != SCHEMAC_OK)
		return (rc);
	if (PQntuples(res) == 0)
		rc = SCHEMAC_NOT_FOUND;
	else if (out != NULL && sc_model_from_row(m, res, 0, out) == -1)
		rc = SCHEMAC_DB_ERROR;
	PQclear(res);
	return (rc);
}

int
sc_exec_list(PGconn *db, const struct sc_stmt *st, const struct sc_params *p,
    const struct sc_model *m, void **rows, size_t *nrows)
{
	PGresult *res;
	char *v;
	int i, n, rc;

	*rows = NULL;
	*nrows = 0;
	if ((rc = sc_exec(db, st, p, &res)) != SCHEMAC_OK)
		return (rc);
	n = PQntuples(res);
	if ((v = calloc((size_t)n + 1, m->size)) == NULL) {
		PQclear(res);
		return (SCHEMAC_DB_ERROR);
	}
	for (i = 0; i < n; i++) {
		if (sc_model_from_row(m, res, i, v + (size_t)i * m->size) ==
		    -1) {
			sc_model_rows_free(m, v, (size_t)i);
			PQclear(res);
			return (SCHEMAC_DB_ERROR);
		}
	}
	PQclear(res);
	*rows = v;
	*nrows = (size_t)n;
	return (SCHEMAC_OK);
}

void
sc_args_init(struct sc_args *a)
{
	sc_params_init(&a->p);
	sc_verrs_init(&a->errs);
	a->nowned = 0;
}

void
sc_args_free(struct sc_args *a)
{
	while (a->nowned > 0)
		free(a->owned[--a->nowned]);
	sc_verrs_free(&a->errs);
}

/* An integer of the field's C type; pydantic's int_parsing otherwise. */
static void
sc_args_int(struct sc_args *a, const char *where, const char *name,
    const char *text, int64_t min, int64_t max)
{
	int64_t v;

	if (sc_param_int64(where, name, text, min, max, &a->errs, &v) == 0)
		sc_params_int(&a->p, v);
}

void
sc_args_value(struct sc_args *a, const char *where, const char *name,
    const struct sc_field *f, const char *text)
{
	struct sc_field_rules rules;
	enum sc_text_kind kind;
	double d;
	char *out;
	bool b;

	/* Only the name (for messages) and the labels of an enum apply. */
	memset(&rules, 0, sizeof(rules));
	rules.name = name;
	switch (f->type) {
	case SC_TYPE_INT16:
		sc_args_int(a, where, name, text, INT16_MIN, INT16_MAX);
		return;
	case SC_TYPE_INT32:
		sc_args_int(a, where, name, text, INT32_MIN, INT32_MAX);
		return;
	case SC_TYPE_INT64:
		sc_args_int(a, where, name, text, INT64_MIN, INT64_MAX);
		return;
	case SC_TYPE_DOUBLE:
		if (sc_param_double(where, &rules, text, &a->errs, &d) == 0)
			sc_params_double(&a->p, d);
		return;
	case SC_TYPE_BOOL:
		if (sc_param_bool(where, name, text, &a->errs, &b) == 0)
			sc_params_bool(&a->p, b);
		return;
	case SC_TYPE_STRING:
	case SC_TYPE_JSON:
		/* The runtime checked the UTF-8 of paths and query strings. */
		sc_params_text(&a->p, text);
		return;
	case SC_TYPE_NUMERIC:
		kind = SC_TEXT_NUMERIC;
		break;
	case SC_TYPE_ENUM:
		kind = SC_TEXT_ENUM;
		rules.enum_values = f->rules.enum_values;
		break;
	case SC_TYPE_DATE:
		kind = SC_TEXT_DATE;
		break;
	case SC_TYPE_TIMESTAMP:
		kind = SC_TEXT_TIMESTAMP;
		break;
	case SC_TYPE_TIMESTAMPTZ:
		kind = SC_TEXT_TIMESTAMPTZ;
		break;
	default:
		kind = SC_TEXT_UUID;
		break;
	}
	if (sc_param_textz(where, kind, &rules, text, &a->errs, &out) == -1)
		return;
	/* Taken as a parameter first: that aborts before owned overflows. */
	sc_params_text(&a->p, out);
	a->owned[a->nowned++] = out;
}

/* A SQL identifier in double quotes, embedded quotes doubled. */
static void
sc_sql_ident(struct sc_buf *b, const char *s)
{
	sc_buf_append(b, "\"", 1);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			sc_buf_append(b, "\"", 1);
		sc_buf_append(b, s, 1);
	}
	sc_buf_append(b, "\"", 1);
}

/* Add `p."<column>"<op><n>` to a WHERE clause, after AND when not first. */
static void
sc_list_cond(struct sc_buf *w, const char *column, const char *op, int n)
{
	if (w->len > 0)
		sc_buf_puts(w, " AND ");
	sc_buf_puts(w, "p.");
	sc_sql_ident(w, column);
	sc_buf_appendf(w, "%s%d", op, n);
}

/*
 * The field of the list's i-th ordering: 0 and 1 are the primary key
 * (ascending, descending), 2k and 2k+1 the k-th filter that is not the
 * key. NULL past the last.
 */
static const struct sc_field *
sc_list_order_field(const struct sc_model *m, const struct sc_list *l, int i)
{
	const struct sc_field *pk = &m->fields[m->pk], *f;
	size_t k;
	int n;

	if (i < 2)
		return (pk);
	n = 2;
	for (k = 0; l->filters[k] != NULL; k++) {
		if ((f = sc_model_field(m, l->filters[k])) == NULL || f == pk)
			continue;
		if (i < n + 2)
			return (f);
		n += 2;
	}
	return (NULL);
}

/* The index of order_by's value v, or -1 with the error recorded. */
static int
sc_list_order(const struct sc_model *m, const struct sc_list *l, const char *v,
    struct sc_verrs *errs)
{
	const struct sc_field *f;
	struct sc_buf msg;
	const char *name;
	int i;

	for (i = 0; (f = sc_list_order_field(m, l, i)) != NULL; i++) {
		name = f->rules.name;
		if (i % 2 == 0 ? strcmp(v, name) == 0
			       : v[0] == '-' && strcmp(v + 1, name) == 0)
			return (i);
	}
	/* "Input should be 'id', '-id', 'email' or '-email'" */
	sc_buf_init(&msg);
	sc_buf_puts(&msg, "Input should be");
	for (i = 0; (f = sc_list_order_field(m, l, i)) != NULL; i++) {
		sc_buf_appendf(&msg, "%s '%s%s'",
		    i == 0					   ? ""
			: sc_list_order_field(m, l, i + 1) == NULL ? " or"
								   : ",",
		    i % 2 == 0 ? "" : "-", f->rules.name);
	}
	sc_verr_add(errs, "query", "order_by", "literal_error", "%s", msg.data);
	sc_buf_free(&msg);
	return (0);
}

/* ORDER BY of ordering i; the primary key breaks ties. */
static void
sc_list_order_sql(const struct sc_model *m, const struct sc_list *l, int i,
    struct sc_buf *sql)
{
	const struct sc_field *f, *pk;
	const char *desc;

	pk = &m->fields[m->pk];
	f = sc_list_order_field(m, l, i);
	desc = i % 2 == 1 ? " DESC" : "";
	sc_buf_puts(sql, "p.");
	sc_sql_ident(sql, f->rules.name);
	sc_buf_puts(sql, desc);
	if (f != pk) {
		sc_buf_puts(sql, ", p.");
		sc_sql_ident(sql, pk->rules.name);
		sc_buf_puts(sql, desc);
	}
}

/* The list statement from its parts; see sc_list_parse(). */
static void
sc_list_sql(const struct sc_model *m, const struct sc_list *l,
    const struct sc_buf *where, const struct sc_buf *after, int order,
    bool count, struct sc_buf *sql)
{
	if (count) {
		sc_buf_puts(
		    sql, "SELECT p.*, c.n FROM (SELECT count(*) AS n FROM ");
		sc_sql_ident(sql, l->table);
		sc_buf_puts(sql, " AS p");
		if (where->len > 0)
			sc_buf_appendf(sql, " WHERE %s", where->data);
		sc_buf_puts(sql, ") AS c LEFT JOIN (");
	}
	sc_buf_appendf(sql, "SELECT %s FROM ", l->columns);
	sc_sql_ident(sql, l->table);
	sc_buf_puts(sql, " AS p");
	if (where->len > 0 || after->len > 0) {
		sc_buf_appendf(sql, " WHERE %s%s%s",
		    where->len > 0 ? where->data : "",
		    where->len > 0 && after->len > 0 ? " AND " : "",
		    after->len > 0 ? after->data : "");
	}
	sc_buf_puts(sql, " ORDER BY ");
	sc_list_order_sql(m, l, order, sql);
	sc_buf_puts(sql, " LIMIT $1 OFFSET $2");
	if (count) {
		sc_buf_puts(sql, ") AS p ON true ORDER BY ");
		sc_list_order_sql(m, l, order, sql);
	}
}

void
sc_list_parse(const struct sc_model *m, const struct sc_list *l, sc_arg_fn arg,
    void *ctx, struct sc_args *a, struct sc_buf *sql)
{
	const struct sc_field *pk = &m->fields[m->pk], *f;
	struct sc_buf where, after;
	const char *v;
	int64_t limit, offset;
	size_t i;
	int order;
	bool count;

	limit = 100;
	offset = 0;
	order = 0;
	count = false;
	if ((v = arg(ctx, "limit")) != NULL)
		(void)sc_query_int64("limit", v, 1, 1000, &a->errs, &limit);
	if ((v = arg(ctx, "offset")) != NULL)
		(void)sc_query_int64(
		    "offset", v, 0, INT64_MAX, &a->errs, &offset);
	if ((v = arg(ctx, "count")) != NULL)
		(void)sc_param_bool("query", "count", v, &a->errs, &count);
	if ((v = arg(ctx, "order_by")) != NULL)
		order = sc_list_order(m, l, v, &a->errs);
	sc_params_int(&a->p, limit);
	sc_params_int(&a->p, offset);

	sc_buf_init(&where);
	sc_buf_init(&after);
	for (i = 0; l->filters[i] != NULL; i++) {
		if ((f = sc_model_field(m, l->filters[i])) == NULL)
			continue;
		if ((v = arg(ctx, f->rules.name)) == NULL)
			continue;
		sc_args_value(a, "query", f->rules.name, f, v);
		sc_list_cond(&where, f->rules.name, " = $", a->p.n);
	}
	/* Keyset paging only runs along the primary key. */
	if ((v = arg(ctx, "after")) != NULL) {
		sc_args_value(a, "query", "after", pk, v);
		if (order > 1)
			sc_verr_add(&a->errs, "query", "after", "value_error",
			    "Value error, after needs the list ordered by %s "
			    "or -%s",
			    pk->rules.name, pk->rules.name);
		else
			sc_list_cond(&after, pk->rules.name,
			    order == 1 ? " < $" : " > $", a->p.n);
	}
	if (a->errs.n == 0 &&
	    (count || where.len > 0 || after.len > 0 || order != 0))
		sc_list_sql(m, l, &where, &after, order, count, sql);
	sc_buf_free(&where);
	sc_buf_free(&after);
}

void
sc_url_segment(struct sc_buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr("-._~", *s) != NULL)
			sc_buf_append(b, s, 1);
		else
			sc_buf_appendf(b, "%%%02X", (unsigned char)*s);
	}
}
