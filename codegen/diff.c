/* diff.c: schema.lock vs schema.yaml, rendered as up and down migration SQL. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ddl.h"
#include "diff.h"
#include "names.h"

/*
 * The statements of a migration are collected in phases and concatenated
 * in this order, which is what makes every step valid: constraints that
 * change go first (foreign keys before the keys they use), then what is
 * dropped (so its names are free), renames, enum types, new tables, column
 * changes, and finally the new constraints (foreign keys last, when the
 * keys they reference exist).
 */
enum phase {
	PH_DROP_FKEY,
	PH_DROP_OBJ,
	PH_DROP_TABLE,
	PH_DROP_COLUMN,
	PH_DROP_TYPE_EARLY,
	PH_RENAME_TABLE,
	PH_RENAME_COLUMN,
	PH_RENAME_OBJ,
	PH_ENUM,
	PH_CREATE_TABLE,
	PH_COLUMN,
	PH_ADD_OBJ,
	PH_ADD_FKEY,
	PH_DROP_TYPE,
	PH_COMMENT,
	PH_N
};

/* One schema and, for each of its models and fields, the partner. */
struct side {
	const struct ir_schema *s;
	const struct ir_model **mp; /* model index -> partner or NULL */
	const struct ir_field ***fp; /* model index, field index -> partner */
};

struct render {
	const struct side *from;
	const struct side *to;
	struct out ph[PH_N];
	struct strv psum[PH_N]; /* summary lines, per phase */
	struct strv *summary;
	struct strv *destructive;
	struct strv *irreversible; /* NULL when rendering the down */
	char mark[2][DDL_NAMEDATALEN + 2];
	int nmark;
};

void
strv_add(struct strv *sv, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	if (sv->n == sv->cap) {
		sv->cap = sv->cap ? sv->cap * 2 : 8;
		if ((sv->v = realloc(sv->v, sv->cap * sizeof(*sv->v))) == NULL)
			abort();
	}
	sv->v[sv->n++] = s;
}

void
strv_free(struct strv *sv)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}

static const struct ir_model *
mpart(const struct side *sd, const struct ir_model *m)
{
	return (sd->mp[m - sd->s->models]);
}

static const struct ir_field *
fpart(const struct side *sd, const struct ir_model *m, const struct ir_field *f)
{
	return (sd->fp[m - sd->s->models][f - m->fields]);
}

static int
streq_null(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a == b);
	return (strcmp(a, b) == 0);
}

/*
 * Make s safe inside a `--` comment line: schema strings (enum labels)
 * may hold newlines, which would end the comment and start SQL.
 */
static void
comment_safe(char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = ' ';
}

/* How a statement's comment counts: see change() and note(). */
enum mark { MARK_NOTE, MARK_CHANGE, MARK_DESTRUCTIVE };

/*
 * The comment above statements in phase ph, and unless it is a note its
 * line of the summary (and of the destructive list). Returns the phase's
 * buffer for the statements.
 */
static struct out *
comment(
    struct render *r, enum phase ph, enum mark mk, const char *fmt, va_list ap)
{
	struct out *o = &r->ph[ph];
	const char *tag;
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	comment_safe(s);
	tag = mk == MARK_DESTRUCTIVE ? "DESTRUCTIVE: " : "";
	if (mk != MARK_NOTE)
		strv_add(&r->psum[ph], "%s%s", tag, s);
	if (mk == MARK_DESTRUCTIVE)
		strv_add(r->destructive, "%s", s);
	out_printf(o, "\n-- %s%s\n", tag, s);
	free(s);
	return (o);
}

/*
 * Start a change: a line of the summary, and the comment above its
 * statements in phase ph (a -- DESTRUCTIVE: one when destructive).
 * Returns the phase's buffer for the statements.
 */
static struct out *change(struct render *r, enum phase ph, int destructive,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static struct out *
change(struct render *r, enum phase ph, int destructive, const char *fmt, ...)
{
	struct out *o;
	va_list ap;

	va_start(ap, fmt);
	o = comment(
	    r, ph, destructive ? MARK_DESTRUCTIVE : MARK_CHANGE, fmt, ap);
	va_end(ap);
	return (o);
}

/* A statement's comment without a summary line (consequences of a change). */
static struct out *note(struct render *r, enum phase ph, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static struct out *
note(struct render *r, enum phase ph, const char *fmt, ...)
{
	struct out *o;
	va_list ap;

	va_start(ap, fmt);
	o = comment(r, ph, MARK_NOTE, fmt, ap);
	va_end(ap);
	return (o);
}

/*
 * Names of the from side as the to side knows them, so that definitions
 * of both sides compare as text. Something without a partner gets a name
 * no identifier can have, so it never compares equal.
 */
static const char *
map_column(void *arg, const struct ir_model *m, const struct ir_field *f)
{
	struct render *r = arg;
	const struct ir_field *p;
	char *buf;

	if ((p = fpart(r->from, m, f)) != NULL && mpart(r->from, m) != NULL)
		return (p->name);
	buf = r->mark[r->nmark++ & 1];
	snprintf(buf, sizeof(r->mark[0]), "\001%s", f->name);
	return (buf);
}

static const char *
map_table(void *arg, const struct ir_model *m)
{
	struct render *r = arg;
	const struct ir_model *p;
	char *buf;

	if ((p = mpart(r->from, m)) != NULL)
		return (p->table);
	buf = r->mark[r->nmark++ & 1];
	snprintf(buf, sizeof(r->mark[0]), "\001%s", m->table);
	return (buf);
}

static char *
storage_type(const struct ir_field *f)
{
	struct out o;

	out_init(&o);
	ddl_storage_type(&o, f);
	return (o.buf);
}

/* Two fields store the same type (enum types compare by being enums). */
static int
same_storage(const struct ir_field *a, const struct ir_field *b)
{
	char *x, *y;
	int eq;

	if (a->type == IR_ENUM || b->type == IR_ENUM)
		return (a->type == b->type);
	x = storage_type(a);
	y = storage_type(b);
	eq = strcmp(x, y) == 0;
	free(x);
	free(y);
	return (eq);
}

/* Types whose values compare and convert alike: numbers, strings. */
static int
family(enum ir_type t)
{
	switch (t) {
	case IR_SERIAL:
	case IR_BIGSERIAL:
	case IR_SMALLINT:
	case IR_INT:
	case IR_BIGINT:
	case IR_FLOAT:
	case IR_NUMERIC:
		return (1);
	case IR_STRING:
	case IR_TEXT:
		return (2);
	default:
		return (3 + (int)t);
	}
}

/*
 * Whether the from object asig (its definition in the to side's names)
 * is the same as the to object b: same kind and definition; a foreign key
 * also needs the same column types on both ends and the same kind of key
 * behind the referenced column, a check the same column type (else it is
 * rebuilt).
 */
static int
same_object(const struct ddl_obj *asig, const struct ddl_obj *b)
{
	const struct ir_field *af, *bf;

	if (asig->kind != b->kind || strcmp(asig->def, b->def) != 0)
		return (0);
	if (b->kind != DDL_CHECK && b->kind != DDL_FKEY)
		return (1);
	af = asig->field;
	bf = b->field;
	if (af == NULL || bf == NULL)
		return (0);
	/*
	 * PostgreSQL keeps a check's expression parsed for the old type
	 * (casts included) through ALTER COLUMN TYPE, so a check over a
	 * retyped column is rebuilt to read as a fresh one; only varchar
	 * lengths do not matter (char_length and ~ cast to text anyway).
	 */
	if (b->kind == DDL_CHECK)
		return ((af->type == IR_STRING && bf->type == IR_STRING) ||
		    same_storage(af, bf));
	if (!same_storage(af, bf) ||
	    !same_storage(af->ref_field, bf->ref_field))
		return (0);
	/*
	 * A foreign key depends on the key that backs its referenced
	 * column; when that key changes kind (primary key <-> unique), it
	 * is dropped and added again, and the foreign key with it.
	 */
	return (af->ref_field->primary_key == bf->ref_field->primary_key &&
	    af->ref_field->unique == bf->ref_field->unique);
}

static const char *
obj_kind_name(enum ddl_obj_kind k)
{
	switch (k) {
	case DDL_PKEY:
		return ("primary key");
	case DDL_UNIQUE:
		return ("unique constraint");
	case DDL_CHECK:
		return ("check constraint");
	case DDL_FKEY:
		return ("foreign key");
	case DDL_INDEX:
		return ("index");
	}
	return ("constraint");
}

/* Constraints and indexes of a table present on both sides. */
static void
diff_objects(
    struct render *r, const struct ir_model *fm, const struct ir_model *tm)
{
	struct ddl_names nm = { map_column, map_table, r };
	struct ddl_obj *fo, *fs, *to;
	size_t nf, nt, i, j;
	enum phase ph;
	char *matched;
	int *fmatch;
	struct out *o;

	nf = ddl_objects(fm, NULL, &fo);
	(void)ddl_objects(fm, &nm, &fs);
	nt = ddl_objects(tm, NULL, &to);
	matched = calloc(nt + 1, 1);
	fmatch = calloc(nf + 1, sizeof(*fmatch));
	if (matched == NULL || fmatch == NULL)
		abort();
	for (i = 0; i < nf; i++) {
		fmatch[i] = -1;
		for (j = 0; j < nt; j++) {
			if (!matched[j] && same_object(&fs[i], &to[j])) {
				matched[j] = 1;
				fmatch[i] = (int)j;
				break;
			}
		}
	}
	for (i = 0; i < nf; i++) {
		if (fmatch[i] >= 0) {
			j = (size_t)fmatch[i];
			if (strcmp(fo[i].name, to[j].name) == 0)
				continue;
			o = note(r, PH_RENAME_OBJ, "rename %s %s to %s",
			    obj_kind_name(to[j].kind), fo[i].name, to[j].name);
			if (to[j].kind == DDL_INDEX)
				out_sql(o, "ALTER INDEX %I RENAME TO %I;\n",
				    fo[i].name, to[j].name);
			else
				out_sql(o,
				    "ALTER TABLE %I RENAME CONSTRAINT %I TO "
				    "%I;\n",
				    tm->table, fo[i].name, to[j].name);
			continue;
		}
		/*
		 * Single-column objects go with their dropped column, but
		 * foreign keys are dropped first: a table they reference
		 * may be dropped before the column.
		 */
		if (fo[i].field != NULL && fo[i].kind != DDL_FKEY &&
		    fpart(r->from, fm, fo[i].field) == NULL)
			continue;
		/* Dropped and added under one name: a changed definition. */
		ph = fo[i].kind == DDL_FKEY ? PH_DROP_FKEY : PH_DROP_OBJ;
		for (j = 0; j < nt; j++)
			if (!matched[j] && to[j].kind == fo[i].kind &&
			    strcmp(to[j].name, fo[i].name) == 0)
				break;
		if (j == nt)
			o = change(r, ph, 0, "drop %s %s",
			    obj_kind_name(fo[i].kind), fo[i].name);
		else if (strcmp(fs[i].def, to[j].def) == 0)
			o = change(r, ph, 0,
			    "rebuild %s %s: a column type or key it depends "
			    "on changes",
			    obj_kind_name(fo[i].kind), fo[i].name);
		else
			o = change(r, ph, 0, "replace %s %s: %s",
			    obj_kind_name(fo[i].kind), fo[i].name, to[j].def);
		if (j < nt)
			matched[j] = 2;
		if (fo[i].kind == DDL_INDEX)
			out_sql(o, "DROP INDEX %I;\n", fo[i].name);
		else
			out_sql(o, "ALTER TABLE %I DROP CONSTRAINT %I;\n",
			    fm->table, fo[i].name);
	}
	for (j = 0; j < nt; j++) {
		if (matched[j] == 1)
			continue;
		ph = to[j].kind == DDL_FKEY ? PH_ADD_FKEY : PH_ADD_OBJ;
		if (matched[j] == 2)
			o = note(r, ph, "%s %s, again",
			    obj_kind_name(to[j].kind), to[j].name);
		else
			o = change(r, ph, 0, "add %s %s: %s",
			    obj_kind_name(to[j].kind), to[j].name, to[j].def);
		ddl_add_object(o, tm->table, &to[j]);
	}
	free(matched);
	free(fmatch);
	ddl_objs_free(fo, nf);
	ddl_objs_free(fs, nf);
	ddl_objs_free(to, nt);
}

static int
int_rank(enum ir_type t)
{
	switch (t) {
	case IR_SMALLINT:
		return (1);
	case IR_INT:
	case IR_SERIAL:
		return (2);
	case IR_BIGINT:
	case IR_BIGSERIAL:
		return (3);
	default:
		return (0);
	}
}

/* Character length of UTF-8 text. */
static long
utf8_chars(const char *s)
{
	long n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return (n);
}

/*
 * Whether changing a column's type from a to b keeps every value exactly
 * (widening); anything else is narrowing or a conversion that may fail or
 * round, and counts as destructive.
 */
static int
widening(const struct ir_field *a, const struct ir_field *b)
{
	static const int digits[] = { 0, 5, 10, 19 };
	int ra, rb;
	size_t i;

	ra = int_rank(a->type);
	rb = int_rank(b->type);
	if (ra && rb)
		return (rb >= ra);
	if (ra && b->type == IR_FLOAT)
		return (ra <= 2); /* a double holds every 32-bit integer */
	if (ra && b->type == IR_NUMERIC)
		return (
		    b->precision == 0 || b->precision - b->scale >= digits[ra]);
	if (a->type == IR_NUMERIC && b->type == IR_NUMERIC)
		return (b->precision == 0 ||
		    (a->precision > 0 && b->scale >= a->scale &&
			b->precision - b->scale >= a->precision - a->scale));
	if (b->type == IR_TEXT)
		return (1);
	if (b->type == IR_STRING) {
		if (a->type == IR_STRING)
			return (b->max_length >= a->max_length);
		if (a->type == IR_ENUM) {
			for (i = 0; i < a->nenum_values; i++)
				if (utf8_chars(a->enum_values[i]) >
				    b->max_length)
					return (0);
			return (1);
		}
		return (0);
	}
	if (a->type == IR_DATE &&
	    (b->type == IR_TIMESTAMP || b->type == IR_TIMESTAMPTZ))
		return (1);
	if (a->type == IR_TIMESTAMP && b->type == IR_TIMESTAMPTZ)
		return (1);
	return (0);
}

/* Why a type change that is not widening is destructive, in words. */
static void
narrow_reason(struct out *o, const struct ir_field *a, const struct ir_field *b)
{
	int ra = int_rank(a->type), rb = int_rank(b->type);

	if (ra && rb)
		out_puts(o, "narrowing: fails if a value is out of range");
	else if ((a->type == IR_FLOAT || a->type == IR_NUMERIC) && rb)
		out_puts(o,
		    "narrowing: rounds fractions, fails if a value is "
		    "out of range");
	else if (a->type == IR_NUMERIC && b->type == IR_NUMERIC &&
	    b->scale < a->scale)
		out_printf(o,
		    "narrowing: rounds to %d decimal%s, fails if a "
		    "value has too many digits",
		    b->scale, b->scale == 1 ? "" : "s");
	else if (b->type == IR_NUMERIC)
		out_puts(o, "narrowing: fails if a value has too many digits");
	else if (b->type == IR_FLOAT)
		out_puts(o, "narrowing: may lose precision");
	else if (b->type == IR_STRING)
		out_printf(o,
		    "narrowing: fails if a value is longer than %ld "
		    "characters",
		    b->max_length);
	else if (b->type == IR_ENUM)
		out_puts(o, "fails if a value is not one of the labels");
	else if (a->type == IR_TIMESTAMPTZ && b->type == IR_TIMESTAMP)
		out_puts(o,
		    "drops the time zone (values become local time of "
		    "the session)");
	else if (b->type == IR_DATE)
		out_puts(o, "drops the time of day");
	else
		out_puts(o,
		    "converts every value, fails if one does not "
		    "convert");
}

static void
seq_name(char *buf, const struct ir_model *m, const struct ir_field *f)
{
	ddl_object_name(buf, m->table, f->name, "seq");
}

/* The text of a field's default expression, or NULL. malloc'd. */
static char *
default_text(const struct ir_field *f)
{
	struct out o;

	out_init(&o);
	if (!ddl_default_expr(&o, f)) {
		out_free(&o);
		return (NULL);
	}
	return (o.buf);
}

/* `ALTER TABLE "t" ALTER COLUMN "c" <what>;` */
static void
alter_column(struct out *o, const struct ir_model *m, const struct ir_field *f,
    const char *what)
{
	out_sql(
	    o, "ALTER TABLE %I ALTER COLUMN %I %s;\n", m->table, f->name, what);
}

/* `<what> "name";` for a statement on one object, e.g. DROP TYPE. */
static void
on_object(struct out *o, const char *what, const char *name)
{
	out_sql(o, "%s %I;\n", what, name);
}

/* `ALTER <kind> "from" RENAME TO "to";` (TYPE, SEQUENCE, TABLE) */
static void
rename_object(struct out *o, const char *kind, const char *from, const char *to)
{
	out_sql(o, "ALTER %s %I RENAME TO %I;\n", kind, from, to);
}

static int
in_values(const struct ir_field *f, const char *v)
{
	size_t i;

	for (i = 0; i < f->nenum_values; i++)
		if (strcmp(f->enum_values[i], v) == 0)
			return (1);
	return (0);
}

/* "'a', 'b'" of the values of a that b lacks; NULL when none. */
static char *
values_missing(const struct ir_field *a, const struct ir_field *b)
{
	struct out o;
	size_t i;
	int n;

	out_init(&o);
	for (i = 0, n = 0; i < a->nenum_values; i++) {
		if (in_values(b, a->enum_values[i]))
			continue;
		out_puts(&o, n++ ? ", " : "");
		out_sql_string(&o, a->enum_values[i]);
	}
	if (n == 0) {
		out_free(&o);
		return (NULL);
	}
	return (o.buf);
}

/*
 * The enum type of a column on both sides: rename it with its column,
 * add values in place when that is all that changed, else rebuild it (a
 * new type and a cast through text). *cur_default is cleared when the
 * column's default had to go for the rebuild.
 */
static void
diff_enum(struct render *r, const struct ir_model *tm,
    const struct ir_field *ff, const struct ir_field *tf, char **cur_default)
{
	char tmp[DDL_NAMEDATALEN], *removed, *added;
	struct out *o, what;
	size_t i, j;
	int same, addonly, uses_new;

	if (strcmp(ff->enum_type, tf->enum_type) != 0) {
		o = note(r, PH_RENAME_OBJ, "rename enum type %s to %s",
		    ff->enum_type, tf->enum_type);
		rename_object(o, "TYPE", ff->enum_type, tf->enum_type);
	}
	same = ff->nenum_values == tf->nenum_values;
	for (i = 0; same && i < ff->nenum_values; i++)
		same = strcmp(ff->enum_values[i], tf->enum_values[i]) == 0;
	if (same)
		return;
	/* Old values in the same relative order, nothing removed. */
	for (i = 0, j = 0; i < tf->nenum_values && j < ff->nenum_values; i++)
		if (strcmp(tf->enum_values[i], ff->enum_values[j]) == 0)
			j++;
	addonly = j == ff->nenum_values;
	/*
	 * A value added by ALTER TYPE ... ADD VALUE cannot be used in the
	 * transaction that added it (PostgreSQL: "unsafe use of new value"),
	 * and every migration is one transaction: a default naming a new
	 * value needs the rebuild, which has no such limit.
	 */
	uses_new = tf->default_kind == IR_DEFAULT_LITERAL &&
	    tf->default_value != NULL && !in_values(ff, tf->default_value);
	if (addonly && !uses_new) {
		for (i = 0; i < tf->nenum_values; i++) {
			if (in_values(ff, tf->enum_values[i]))
				continue;
			o = change(r, PH_ENUM, 0,
			    "add value '%s' to enum %s (%s.%s)",
			    tf->enum_values[i], tf->enum_type, tm->table,
			    tf->name);
			out_sql(o, "ALTER TYPE %I ADD VALUE %L %s %L;\n",
			    tf->enum_type, tf->enum_values[i],
			    i > 0 ? "AFTER" : "BEFORE",
			    tf->enum_values[i > 0 ? i - 1 : i + 1]);
		}
		return;
	}
	removed = values_missing(ff, tf);
	added = values_missing(tf, ff);
	out_init(&what);
	if (added != NULL)
		out_printf(&what, "add %s", added);
	if (removed != NULL)
		out_printf(&what, "%sremove %s", added ? ", " : "", removed);
	if (added == NULL && removed == NULL)
		out_puts(&what, "reorder the values");
	if (removed != NULL)
		o = change(r, PH_ENUM, 1,
		    "enum %s (%s.%s): %s; fails if rows hold a removed value",
		    tf->enum_type, tm->table, tf->name, what.buf);
	else
		o = change(r, PH_ENUM, 0, "enum %s (%s.%s): %s%s",
		    tf->enum_type, tm->table, tf->name, what.buf,
		    uses_new && addonly ? " (the new default uses a new value)"
					: "");
	out_free(&what);
	if (removed != NULL)
		out_puts(o,
		    "-- PostgreSQL cannot drop enum values: the type is "
		    "rebuilt and the column\n-- cast to it.\n");
	else if (addonly)
		out_puts(o,
		    "-- A value added with ALTER TYPE ... ADD VALUE "
		    "cannot be used in the\n-- transaction that adds "
		    "it, and the new default uses it: the type is\n"
		    "-- rebuilt and the column cast to it instead.\n");
	else
		out_puts(o,
		    "-- PostgreSQL cannot reorder enum values: the type "
		    "is rebuilt and the\n-- column cast to it.\n");
	free(removed);
	free(added);
	ddl_object_name(tmp, tf->enum_type, NULL, "old");
	rename_object(o, "TYPE", tf->enum_type, tmp);
	ddl_create_enum(o, tf);
	if (*cur_default != NULL) {
		alter_column(o, tm, tf, "DROP DEFAULT");
		free(*cur_default);
		*cur_default = NULL;
	}
	out_sql(o,
	    "ALTER TABLE %I ALTER COLUMN %I TYPE %I USING %I::text::%I;\n",
	    tm->table, tf->name, tf->enum_type, tf->name, tf->enum_type);
	on_object(o, "DROP TYPE", tmp);
}

static void
describe_type(struct out *o, const struct ir_field *f)
{
	if (f->type == IR_ENUM) {
		out_printf(o, "enum %s", f->enum_type);
		return;
	}
	ddl_type(o, f);
}

/* A column present on both sides (matched by name or renamed_from). */
static void
diff_column(struct render *r, const struct ir_model *fm,
    const struct ir_model *tm, const struct ir_field *ff,
    const struct ir_field *tf)
{
	char fseq[DDL_NAMEDATALEN], tseq[DDL_NAMEDATALEN];
	char *cur, *want, *orig;
	struct out *o, d1, d2, d3;
	int fserial, tserial, retyped, safe;

	fserial = ir_type_is_serial(ff->type);
	tserial = ir_type_is_serial(tf->type);
	seq_name(fseq, fm, ff);
	seq_name(tseq, tm, tf);
	cur = default_text(ff);
	orig = default_text(ff);
	if (fserial && tserial && strcmp(fseq, tseq) != 0) {
		o = note(
		    r, PH_RENAME_OBJ, "rename sequence %s to %s", fseq, tseq);
		rename_object(o, "SEQUENCE", fseq, tseq);
	}
	if (ff->type == IR_ENUM && tf->type == IR_ENUM)
		diff_enum(r, tm, ff, tf, &cur);
	else if (tf->type == IR_ENUM) {
		o = note(r, PH_ENUM, "create enum type %s for %s.%s",
		    tf->enum_type, tm->table, tf->name);
		ddl_create_enum(o, tf);
	}

	retyped = !same_storage(ff, tf);
	if (fserial && !tserial) {
		o = change(r, PH_COLUMN, 0,
		    "%s.%s is no longer %s: drop its sequence %s", tm->table,
		    tf->name, ir_type_name(ff->type), fseq);
		alter_column(o, tm, tf, "DROP DEFAULT");
		on_object(o, "DROP SEQUENCE", fseq);
	}
	if (retyped) {
		safe = widening(ff, tf);
		out_init(&d1);
		out_init(&d2);
		describe_type(&d1, ff);
		describe_type(&d2, tf);
		out_init(&d3);
		if (!safe) {
			out_puts(&d3, ": ");
			narrow_reason(&d3, ff, tf);
		}
		o = change(r, PH_COLUMN, !safe,
		    "change the type of %s.%s from "
		    "%s to %s%s",
		    tm->table, tf->name, d1.buf, d2.buf, d3.buf);
		out_free(&d1);
		out_free(&d2);
		out_free(&d3);
		if (cur != NULL) {
			alter_column(o, tm, tf, "DROP DEFAULT");
			free(cur);
			cur = NULL;
		}
		out_init(&d1);
		out_puts(&d1, "TYPE ");
		ddl_storage_type(&d1, tf);
		/*
		 * No USING where PostgreSQL has an assignment cast: it fails
		 * on values that do not fit, where an explicit cast to
		 * varchar(n) would silently cut them.
		 */
		if (tf->type == IR_ENUM ||
		    (family(ff->type) != family(tf->type) &&
			family(tf->type) != family(IR_TEXT))) {
			out_sql(&d1, " USING %I%s::", tf->name,
			    ff->type == IR_ENUM || tf->type == IR_ENUM
				? "::text"
				: "");
			ddl_storage_type(&d1, tf);
		}
		alter_column(o, tm, tf, d1.buf);
		out_free(&d1);
		if (fserial && tserial)
			out_sql(o, "ALTER SEQUENCE %I AS %s;\n", tseq,
			    tf->type == IR_SERIAL ? "integer" : "bigint");
	}
	if (!fserial && tserial) {
		o = change(r, PH_COLUMN, 0,
		    "%s.%s becomes %s: a new sequence %s numbers it", tm->table,
		    tf->name, ir_type_name(tf->type), tseq);
		out_sql(o, "CREATE SEQUENCE %I AS %s OWNED BY %I.%I;\n", tseq,
		    tf->type == IR_SERIAL ? "integer" : "bigint", tm->table,
		    tf->name);
		/* The sequence as a regclass literal: '"name"'. */
		out_init(&d1);
		out_sql_ident(&d1, tseq);
		out_init(&d2);
		out_sql(&d2, "SET DEFAULT nextval(%L::regclass)", d1.buf);
		alter_column(o, tm, tf, d2.buf);
		out_sql(o,
		    "SELECT setval(%L, COALESCE(max(%I), 0) + 1, false) "
		    "FROM %I;\n",
		    d1.buf, tf->name, tm->table);
		out_free(&d1);
		out_free(&d2);
	}
	/* Serial columns keep their sequence's default, and have no other. */
	if (!tserial) {
		want = default_text(tf);
		if (!streq_null(cur, want)) {
			if (want != NULL) {
				/* Dropped above for the new type: restore it.
				 */
				o = streq_null(want, orig)
				    ? note(r, PH_COLUMN,
					  "restore the default of "
					  "%s.%s",
					  tm->table, tf->name)
				    : change(r, PH_COLUMN, 0,
					  "set the default of %s.%s to %s",
					  tm->table, tf->name, want);
				out_init(&d1);
				out_sql(&d1, "SET DEFAULT %s", want);
				alter_column(o, tm, tf, d1.buf);
				out_free(&d1);
			} else {
				o = change(r, PH_COLUMN, 0,
				    "drop the default of %s.%s", tm->table,
				    tf->name);
				alter_column(o, tm, tf, "DROP DEFAULT");
			}
		}
		free(want);
	}
	free(cur);
	free(orig);
	if (ff->nullable && !tf->nullable) {
		if (tserial || tf->default_kind != IR_DEFAULT_NONE) {
			o = change(r, PH_COLUMN, 0,
			    "make %s.%s NOT NULL, setting NULLs to its default",
			    tm->table, tf->name);
			out_sql(o,
			    "UPDATE %I SET %I = DEFAULT WHERE %I IS NULL;\n",
			    tm->table, tf->name, tf->name);
		} else
			o = change(r, PH_COLUMN, 1,
			    "make %s.%s NOT NULL without a default: fails if a "
			    "row holds NULL",
			    tm->table, tf->name);
		alter_column(o, tm, tf, "SET NOT NULL");
	} else if (!ff->nullable && tf->nullable) {
		o = change(r, PH_COLUMN, 0, "make %s.%s nullable", tm->table,
		    tf->name);
		alter_column(o, tm, tf, "DROP NOT NULL");
	}
	if (!streq_null(ff->doc, tf->doc)) {
		o = change(r, PH_COMMENT, 0, "%s the comment on %s.%s",
		    tf->doc != NULL ? "set" : "drop", tm->table, tf->name);
		ddl_comment(o, tm->table, tf->name, tf->doc);
	}
	if (ff->type == IR_ENUM && tf->type != IR_ENUM) {
		o = note(r, PH_DROP_TYPE,
		    "drop enum type %s, unused since "
		    "%s.%s changed type",
		    ff->enum_type, tm->table, tf->name);
		on_object(o, "DROP TYPE", ff->enum_type);
	}
}

/* A table on both sides: rename, columns, constraints, comment. */
static void
diff_table(
    struct render *r, const struct ir_model *fm, const struct ir_model *tm)
{
	const struct ir_field *ff, *tf;
	struct out *o, t;
	size_t i;

	if (strcmp(fm->table, tm->table) != 0) {
		o = change(r, PH_RENAME_TABLE, 0, "rename table %s to %s",
		    fm->table, tm->table);
		rename_object(o, "TABLE", fm->table, tm->table);
	}
	diff_objects(r, fm, tm);
	for (i = 0; i < fm->nfields; i++) {
		ff = &fm->fields[i];
		if (fpart(r->from, fm, ff) != NULL)
			continue;
		o = change(r, PH_DROP_COLUMN, 1,
		    "drop column %s.%s: its data is lost", fm->table, ff->name);
		out_sql(
		    o, "ALTER TABLE %I DROP COLUMN %I;\n", fm->table, ff->name);
		if (r->irreversible != NULL)
			strv_add(r->irreversible, "drops column %s.%s",
			    fm->table, ff->name);
		if (ff->type == IR_ENUM) {
			o = note(r, PH_DROP_TYPE_EARLY,
			    "drop enum type %s of the dropped column",
			    ff->enum_type);
			on_object(o, "DROP TYPE", ff->enum_type);
		}
	}
	for (i = 0; i < tm->nfields; i++) {
		tf = &tm->fields[i];
		ff = fpart(r->to, tm, tf);
		if (ff == NULL)
			continue;
		if (strcmp(ff->name, tf->name) != 0) {
			o = change(r, PH_RENAME_COLUMN, 0,
			    "rename column %s.%s to %s", tm->table, ff->name,
			    tf->name);
			out_sql(o, "ALTER TABLE %I RENAME COLUMN %I TO %I;\n",
			    tm->table, ff->name, tf->name);
		}
		diff_column(r, fm, tm, ff, tf);
	}
	for (i = 0; i < tm->nfields; i++) {
		tf = &tm->fields[i];
		if (fpart(r->to, tm, tf) != NULL)
			continue;
		out_init(&t);
		describe_type(&t, tf);
		if (!tf->nullable && tf->default_kind == IR_DEFAULT_NONE &&
		    !ir_type_is_serial(tf->type))
			o = change(r, PH_COLUMN, 1,
			    "add NOT NULL column %s.%s (%s) without a default: "
			    "fails if the table has rows",
			    tm->table, tf->name, t.buf);
		else
			o = change(r, PH_COLUMN, 0, "add column %s.%s (%s)",
			    tm->table, tf->name, t.buf);
		out_free(&t);
		if (tf->type == IR_ENUM)
			ddl_create_enum(o, tf);
		out_sql(o, "ALTER TABLE %I ADD COLUMN ", tm->table);
		ddl_column(o, tf);
		out_puts(o, ";\n");
		if (tf->doc != NULL)
			ddl_comment(
			    &r->ph[PH_COMMENT], tm->table, tf->name, tf->doc);
	}
	if (!streq_null(fm->doc, tm->doc)) {
		o = change(r, PH_COMMENT, 0, "%s the comment on table %s",
		    tm->doc != NULL ? "set" : "drop", tm->table);
		ddl_comment(o, tm->table, NULL, tm->doc);
	}
}

/* Render the statements that take from to to. */
static void
render(struct render *r)
{
	const struct ir_schema *fs = r->from->s, *ts = r->to->s;
	const struct ir_model *fm, *tm;
	struct ddl_obj *objs;
	struct out *o;
	size_t i, j, n;
	int inline_fkeys;

	/* Dropped tables, referencing tables first. */
	for (i = fs->nmodels; i-- > 0;) {
		fm = fs->ordered[i];
		if (mpart(r->from, fm) != NULL)
			continue;
		o = change(r, PH_DROP_TABLE, 1,
		    "drop table %s: its rows are lost", fm->table);
		on_object(o, "DROP TABLE", fm->table);
		if (r->irreversible != NULL)
			strv_add(r->irreversible, "drops table %s", fm->table);
		for (j = 0; j < fm->nfields; j++) {
			if (fm->fields[j].type != IR_ENUM)
				continue;
			o = note(r, PH_DROP_TYPE_EARLY,
			    "drop enum type %s of the dropped table",
			    fm->fields[j].enum_type);
			on_object(o, "DROP TYPE", fm->fields[j].enum_type);
		}
	}
	/* Tables on both sides, in the new declaration order. */
	for (i = 0; i < ts->nmodels; i++) {
		tm = &ts->models[i];
		if ((fm = mpart(r->to, tm)) != NULL)
			diff_table(r, fm, tm);
	}
	/* New tables, referenced tables first. */
	for (i = 0; i < ts->nmodels; i++) {
		tm = ts->ordered[i];
		if (mpart(r->to, tm) != NULL)
			continue;
		o = change(r, PH_CREATE_TABLE, 0, "create table %s", tm->table);
		/*
		 * References among new tables go inline (the order makes it
		 * valid); references to existing tables are added at the end,
		 * once any key they need exists.
		 */
		inline_fkeys = 1;
		for (j = 0; j < tm->nfields; j++)
			if (tm->fields[j].ref_model != NULL &&
			    mpart(r->to, tm->fields[j].ref_model) != NULL)
				inline_fkeys = 0;
		for (j = 0; j < tm->nfields; j++)
			if (tm->fields[j].type == IR_ENUM)
				ddl_create_enum(o, &tm->fields[j]);
		ddl_create_table(o, tm, inline_fkeys);
		if (inline_fkeys)
			continue;
		n = ddl_objects(tm, NULL, &objs);
		for (j = 0; j < n; j++) {
			if (objs[j].kind != DDL_FKEY)
				continue;
			o = note(r, PH_ADD_FKEY, "foreign key of new table %s",
			    tm->table);
			ddl_add_object(o, tm->table, &objs[j]);
		}
		ddl_objs_free(objs, n);
	}
}

/* renamed_from problems, printed sorted by position once all are found. */
struct hint_err {
	const char *file;
	int line;
	int col;
	char *msg;
};

struct hint_errs {
	struct hint_err *v;
	size_t n;
	size_t cap;
};

static void hint_error(struct hint_errs *he, const struct ir_pos *pos,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
hint_error(struct hint_errs *he, const struct ir_pos *pos, const char *fmt, ...)
{
	struct hint_err *e;
	va_list ap;

	if (he->n == he->cap) {
		he->cap = he->cap ? he->cap * 2 : 8;
		if ((he->v = realloc(he->v, he->cap * sizeof(*he->v))) == NULL)
			abort();
	}
	e = &he->v[he->n++];
	e->file = pos->file != NULL ? pos->file : "schemac";
	e->line = pos->line;
	e->col = pos->col;
	va_start(ap, fmt);
	if (vasprintf(&e->msg, fmt, ap) < 0)
		abort();
	va_end(ap);
}

static int
hint_cmp(const void *a, const void *b)
{
	const struct hint_err *x = a, *y = b;

	if (x->line != y->line)
		return (x->line < y->line ? -1 : 1);
	return ((x->col > y->col) - (x->col < y->col));
}

static void
hint_print(struct hint_errs *he)
{
	size_t i;

	if (he->n > 0)
		qsort(he->v, he->n, sizeof(*he->v), hint_cmp);
	for (i = 0; i < he->n; i++) {
		fprintf(stderr, "%s:%d:%d: error: %s\n", he->v[i].file,
		    he->v[i].line, he->v[i].col, he->v[i].msg);
		free(he->v[i].msg);
	}
	free(he->v);
}

/* " (did you mean 'x'?)" for the closest candidate, or "". Static buffer. */
static const char *
did_you_mean(const char *word, const char **cands, size_t n)
{
	static char buf[DDL_NAMEDATALEN + 32];
	const char *s;

	buf[0] = '\0';
	if ((s = names_suggest(word, cands, n)) != NULL)
		snprintf(buf, sizeof(buf), " (did you mean '%s'?)", s);
	return (buf);
}

static const struct ir_model *
find_table(const struct ir_schema *s, const char *table)
{
	size_t i;

	for (i = 0; i < s->nmodels; i++)
		if (strcmp(s->models[i].table, table) == 0)
			return (&s->models[i]);
	return (NULL);
}

static void
side_init(struct side *sd, const struct ir_schema *s)
{
	size_t i;

	sd->s = s;
	sd->mp = calloc(s->nmodels + 1, sizeof(*sd->mp));
	sd->fp = calloc(s->nmodels + 1, sizeof(*sd->fp));
	if (sd->mp == NULL || sd->fp == NULL)
		abort();
	for (i = 0; i < s->nmodels; i++)
		if ((sd->fp[i] = calloc(
			 s->models[i].nfields + 1, sizeof(**sd->fp))) == NULL)
			abort();
}

static void
side_free(struct side *sd)
{
	size_t i;

	for (i = 0; i < sd->s->nmodels; i++)
		free(sd->fp[i]);
	free(sd->fp);
	free(sd->mp);
}

/* Pair old model om with new model nm (indices on both sides). */
static void
pair_models(struct side *os, struct side *ns, const struct ir_model *om,
    const struct ir_model *nm)
{
	os->mp[om - os->s->models] = nm;
	ns->mp[nm - ns->s->models] = om;
}

/* Match the columns of a matched table pair, reporting bad hints. */
static void
match_fields(struct side *os, struct side *ns, const struct ir_model *om,
    const struct ir_model *nm, struct hint_errs *he)
{
	const struct ir_field **ofp, **nfp;
	const struct ir_field *nf, *of;
	const char **cands;
	size_t i, nc;

	ofp = os->fp[om - os->s->models];
	nfp = ns->fp[nm - ns->s->models];
	/* Same name first: a hint whose rename is done is ignored. */
	for (i = 0; i < nm->nfields; i++) {
		nf = &nm->fields[i];
		if ((of = ir_field_find(om, nf->name)) != NULL) {
			nfp[i] = of;
			ofp[of - om->fields] = nf;
		}
	}
	for (i = 0; i < nm->nfields; i++) {
		nf = &nm->fields[i];
		if (nfp[i] != NULL || nf->renamed_from == NULL)
			continue;
		of = ir_field_find(om, nf->renamed_from);
		if (of == NULL) {
			if ((cands = calloc(om->nfields + 1, sizeof(*cands))) ==
			    NULL)
				abort();
			for (nc = 0; nc < om->nfields; nc++)
				cands[nc] = om->fields[nc].name;
			hint_error(he, &nf->pos,
			    "renamed_from: table '%s' has no column '%s' in "
			    "the "
			    "migration lock%s",
			    om->table, nf->renamed_from,
			    did_you_mean(nf->renamed_from, cands, nc));
			free(cands);
		} else if (ofp[of - om->fields] != NULL) {
			if (strcmp(ofp[of - om->fields]->name, of->name) == 0)
				hint_error(he, &nf->pos,
				    "renamed_from: column '%s' of table '%s' "
				    "is still in the schema; a renamed column "
				    "cannot also keep its old name",
				    of->name, om->table);
			else
				hint_error(he, &nf->pos,
				    "renamed_from: column '%s' of table '%s' "
				    "is already renamed to '%s'",
				    of->name, om->table,
				    ofp[of - om->fields]->name);
		} else {
			nfp[i] = of;
			ofp[of - om->fields] = nf;
		}
	}
}

/* Match tables and columns of old and new; returns the errors found. */
static int
match(struct side *os, struct side *ns)
{
	const struct ir_schema *old = os->s, *new = ns->s;
	const struct ir_model *nm, *om;
	struct hint_errs he = { NULL, 0, 0 };
	const char **cands;
	size_t i, j;
	int errors;

	for (i = 0; i < new->nmodels; i++) {
		nm = &new->models[i];
		if ((om = find_table(old, nm->table)) != NULL)
			pair_models(os, ns, om, nm);
	}
	for (i = 0; i < new->nmodels; i++) {
		nm = &new->models[i];
		if (ns->mp[i] != NULL || nm->renamed_from == NULL)
			continue;
		om = find_table(old, nm->renamed_from);
		if (om == NULL)
			om = ir_model_find(old, nm->renamed_from);
		if (om == NULL) {
			if ((cands = calloc(
				 old->nmodels + 1, sizeof(*cands))) == NULL)
				abort();
			for (j = 0; j < old->nmodels; j++)
				cands[j] = old->models[j].table;
			hint_error(&he, &nm->pos,
			    "renamed_from: no table or model '%s' in the "
			    "migration lock%s",
			    nm->renamed_from,
			    did_you_mean(nm->renamed_from, cands, j));
			free(cands);
		} else if (os->mp[om - old->models] != NULL) {
			hint_error(&he, &nm->pos,
			    "renamed_from: table '%s' is still in the schema "
			    "(model %s); a renamed table cannot also keep its "
			    "old name",
			    om->table, os->mp[om - old->models]->name);
		} else
			pair_models(os, ns, om, nm);
	}
	for (i = 0; i < new->nmodels; i++) {
		nm = &new->models[i];
		if ((om = ns->mp[i]) != NULL) {
			match_fields(os, ns, om, nm, &he);
			continue;
		}
		/* A new table: its columns' hints can match nothing. */
		for (j = 0; j < nm->nfields; j++)
			if (nm->fields[j].renamed_from != NULL)
				hint_error(&he, &nm->fields[j].pos,
				    "renamed_from: table '%s' is new, so it "
				    "has no column '%s' to rename",
				    nm->table, nm->fields[j].renamed_from);
	}
	errors = (int)he.n;
	hint_print(&he);
	return (errors);
}

static void
run(struct render *r, const struct side *from, const struct side *to,
    struct out *dst, struct strv *summary, struct strv *destructive,
    struct strv *irreversible)
{
	size_t i, j;

	memset(r, 0, sizeof(*r));
	r->from = from;
	r->to = to;
	r->summary = summary;
	r->destructive = destructive;
	r->irreversible = irreversible;
	for (i = 0; i < PH_N; i++)
		out_init(&r->ph[i]);
	render(r);
	/* The summary lists the changes in the order the SQL makes them. */
	for (i = 0; i < PH_N; i++) {
		out_write(dst, r->ph[i].buf, r->ph[i].len);
		out_free(&r->ph[i]);
		for (j = 0; j < r->psum[i].n; j++)
			strv_add(summary, "%s", r->psum[i].v[j]);
		strv_free(&r->psum[i]);
	}
}

int
diff_schemas(
    const struct ir_schema *old, const struct ir_schema *new, struct diff *d)
{
	struct side os, ns;
	struct render r;
	struct strv down_destructive = { NULL, 0, 0 };
	int errors;

	memset(d, 0, sizeof(*d));
	out_init(&d->up);
	out_init(&d->down);
	side_init(&os, old);
	side_init(&ns, new);
	errors = match(&os, &ns);
	if (errors == 0) {
		run(&r, &os, &ns, &d->up, &d->up_summary, &d->destructive,
		    &d->irreversible);
		run(&r, &ns, &os, &d->down, &d->down_summary, &down_destructive,
		    NULL);
	}
	strv_free(&down_destructive);
	side_free(&os);
	side_free(&ns);
	return (errors ? -1 : 0);
}

void
diff_free(struct diff *d)
{
	out_free(&d->up);
	out_free(&d->down);
	strv_free(&d->up_summary);
	strv_free(&d->down_summary);
	strv_free(&d->destructive);
	strv_free(&d->irreversible);
}
