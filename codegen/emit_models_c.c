/*
 * emit_models_c.c: writes generated/models.c: per model the validation
 * rules as static data, decode_create/decode_patch over the runtime's
 * sc_decode_*, JSON output from a struct or straight from a PGresult row,
 * from_row, and the init/clear functions. A few static helpers that every
 * model shares come first, each written only when some model uses it, so
 * the file compiles without unused-function warnings.
 */
#include <float.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "emit_c_util.h"

/* How a field's value is written as JSON. */
enum jkind {
	JK_INT, /* integers: the text as it is */
	JK_DOUBLE, /* double precision: NaN and infinities are null */
	JK_BOOL, /* true/false */
	JK_NUMERIC, /* a JSON number with every digit; NaN is null */
	JK_JSON, /* json: the stored JSON text, unquoted */
	JK_STRING /* everything else: a JSON string */
};

static enum jkind
jkind(enum ir_type t)
{
	switch (t) {
	case IR_SERIAL:
	case IR_BIGSERIAL:
	case IR_SMALLINT:
	case IR_INT:
	case IR_BIGINT:
		return (JK_INT);
	case IR_FLOAT:
		return (JK_DOUBLE);
	case IR_BOOL:
		return (JK_BOOL);
	case IR_NUMERIC:
		return (JK_NUMERIC);
	case IR_JSON:
		return (JK_JSON);
	default:
		return (JK_STRING);
	}
}

/* Which shared helpers the models use (bits by name below). */
#define USE_ROW_RAW 0x001
#define USE_ROW_STR 0x002
#define USE_ROW_BOOL 0x004
#define USE_ROW_DOUBLE 0x008
#define USE_NUMERIC 0x010
#define USE_JSON_RAW 0x020
#define USE_COL_TEXT 0x040
#define USE_COL_INT 0x080
#define USE_COL_DOUBLE 0x100
#define USE_COL_BOOL 0x200
#define USE_PATTERNS 0x400

static unsigned
helpers_used(const struct ir_schema *s)
{
	const struct ir_field *f;
	unsigned use;
	size_t i, j;

	use = 0;
	for (i = 0; i < s->nmodels; i++) {
		for (j = 0; j < s->models[i].nfields; j++) {
			f = &s->models[i].fields[j];
			if (f->pattern != NULL && !emit_c_readonly(f))
				use |= USE_PATTERNS;
			switch (jkind(f->type)) {
			case JK_INT:
				use |= USE_COL_INT;
				break;
			case JK_DOUBLE:
				use |= USE_COL_DOUBLE;
				break;
			case JK_BOOL:
				use |= USE_COL_BOOL;
				break;
			default:
				use |= USE_COL_TEXT;
			}
			if (f->writeonly)
				continue;
			switch (jkind(f->type)) {
			case JK_INT:
				use |= USE_ROW_RAW;
				break;
			case JK_DOUBLE:
				use |= USE_ROW_DOUBLE;
				break;
			case JK_BOOL:
				use |= USE_ROW_BOOL;
				break;
			case JK_NUMERIC:
				use |= USE_NUMERIC;
				break;
			case JK_JSON:
				use |= USE_ROW_RAW | USE_JSON_RAW;
				break;
			case JK_STRING:
				use |= USE_ROW_STR;
				break;
			}
		}
	}
	return (use);
}

static void
emit_helpers(struct out *o, const struct ir_schema *s, unsigned use)
{
	const struct ir_field *f;
	size_t i, j;

	/* Every model decodes bodies, so these are always used. */
	out_puts(o,
	    "/* Record an error unless the body is a JSON object. */\n"
	    "static bool\n"
	    "is_object(const struct sc_json *obj, struct sc_verrs *errs)\n"
	    "{\n"
	    "\tif (obj != NULL && obj->type == SC_JSON_OBJECT)\n"
	    "\t\treturn (true);\n"
	    "\tsc_verr_add(errs, \"body\", NULL, \"model_attributes_type\",\n"
	    "\t    \"Input should be a valid dictionary or object to extract "
	    "fields \"\n"
	    "\t    \"from\");\n"
	    "\treturn (false);\n"
	    "}\n\n"
	    "/* The name in names (NULL-terminated) that is m's key, or NULL. "
	    "*/\n"
	    "static const char *\n"
	    "key_in(const struct sc_json *m, const char *const *names)\n"
	    "{\n"
	    "\tfor (; *names != NULL; names++) {\n"
	    "\t\tif (m->keylen == strlen(*names) &&\n"
	    "\t\t    memcmp(m->key, *names, m->keylen) == 0)\n"
	    "\t\t\treturn (*names);\n"
	    "\t}\n"
	    "\treturn (NULL);\n"
	    "}\n\n"
	    "/* Record each member that is readonly or no field at all. */\n"
	    "static void\n"
	    "check_members(const struct sc_json *obj, const char *const "
	    "*fields,\n"
	    "    const char *const *readonly, struct sc_verrs *errs)\n"
	    "{\n"
	    "\tconst struct sc_json *m;\n"
	    "\tconst char *name;\n\n"
	    "\tfor (m = obj->child; m != NULL; m = m->next) {\n"
	    "\t\tif ((name = key_in(m, readonly)) != NULL)\n"
	    "\t\t\tsc_readonly(errs, name);\n"
	    "\t\telse if (key_in(m, fields) == NULL)\n"
	    "\t\t\tsc_unknown(errs, m);\n"
	    "\t}\n"
	    "}\n\n");

	if (use & USE_NUMERIC)
		out_puts(o,
		    "/* A numeric's text as a JSON number; NULL, NaN and "
		    "infinities as null. */\n"
		    "static void\n"
		    "json_numeric(struct sc_buf *b, const char *v)\n"
		    "{\n"
		    "\tif (v == NULL || (v[0] == '-' ? v[1] : v[0]) < '0' ||\n"
		    "\t    (v[0] == '-' ? v[1] : v[0]) > '9')\n"
		    "\t\tsc_buf_puts(b, \"null\");\n"
		    "\telse\n"
		    "\t\tsc_buf_puts(b, v);\n"
		    "}\n\n");
	if (use & USE_JSON_RAW)
		out_puts(o,
		    "/* JSON text as it is (json fields), or null. */\n"
		    "static void\n"
		    "json_raw(struct sc_buf *b, const char *v)\n"
		    "{\n"
		    "\tsc_buf_puts(b, v != NULL ? v : \"null\");\n"
		    "}\n\n");
	if (use & USE_ROW_RAW)
		out_puts(o,
		    "/* A column whose text is JSON already (integers, json), "
		    "or "
		    "null. */\n"
		    "static void\n"
		    "row_raw(const PGresult *res, int row, int col, struct "
		    "sc_buf "
		    "*b)\n"
		    "{\n"
		    "\tif (PQgetisnull(res, row, col))\n"
		    "\t\tsc_buf_puts(b, \"null\");\n"
		    "\telse\n"
		    "\t\tsc_buf_append(b, PQgetvalue(res, row, col),\n"
		    "\t\t    (size_t)PQgetlength(res, row, col));\n"
		    "}\n\n");
	if (use & USE_ROW_STR)
		out_puts(o,
		    "/* A column as a JSON string, or null. */\n"
		    "static void\n"
		    "row_str(const PGresult *res, int row, int col, struct "
		    "sc_buf "
		    "*b)\n"
		    "{\n"
		    "\tif (PQgetisnull(res, row, col))\n"
		    "\t\tsc_buf_puts(b, \"null\");\n"
		    "\telse\n"
		    "\t\tsc_json_str(b, PQgetvalue(res, row, col),\n"
		    "\t\t    (size_t)PQgetlength(res, row, col));\n"
		    "}\n\n");
	if (use & USE_ROW_BOOL)
		out_puts(o,
		    "/* A boolean column (\"t\" or \"f\") as true/false, or "
		    "null. "
		    "*/\n"
		    "static void\n"
		    "row_bool(const PGresult *res, int row, int col, struct "
		    "sc_buf "
		    "*b)\n"
		    "{\n"
		    "\tif (PQgetisnull(res, row, col))\n"
		    "\t\tsc_buf_puts(b, \"null\");\n"
		    "\telse\n"
		    "\t\tsc_json_bool(b, PQgetvalue(res, row, col)[0] == "
		    "'t');\n"
		    "}\n\n");
	if (use & USE_ROW_DOUBLE)
		out_puts(o,
		    "/* A double precision column; NaN and infinities as null. "
		    "*/\n"
		    "static void\n"
		    "row_double(const PGresult *res, int row, int col, struct "
		    "sc_buf *b)\n"
		    "{\n"
		    "\tif (PQgetisnull(res, row, col))\n"
		    "\t\tsc_buf_puts(b, \"null\");\n"
		    "\telse\n"
		    "\t\tsc_json_double(b, strtod(PQgetvalue(res, row, col), "
		    "NULL));\n"
		    "}\n\n");
	if (use & USE_NUMERIC)
		out_puts(o,
		    "/* A numeric column as a JSON number, or null. */\n"
		    "static void\n"
		    "row_numeric(const PGresult *res, int row, int col, struct "
		    "sc_buf *b)\n"
		    "{\n"
		    "\tjson_numeric(b, PQgetisnull(res, row, col) ? NULL :\n"
		    "\t    PQgetvalue(res, row, col));\n"
		    "}\n\n");
	if (use & USE_COL_TEXT)
		out_puts(o,
		    "/* A column copied into *out (NULL for SQL NULL); -1 when "
		    "memory ran out. */\n"
		    "static int\n"
		    "col_text(const PGresult *res, int row, int col, char "
		    "**out)\n"
		    "{\n"
		    "\t*out = NULL;\n"
		    "\tif (PQgetisnull(res, row, col))\n"
		    "\t\treturn (0);\n"
		    "\tif ((*out = strdup(PQgetvalue(res, row, col))) == "
		    "NULL)\n"
		    "\t\treturn (-1);\n"
		    "\treturn (0);\n"
		    "}\n\n");
	if (use & USE_COL_INT)
		out_puts(o,
		    "/* An integer column (0 for SQL NULL). */\n"
		    "static int64_t\n"
		    "col_int(const PGresult *res, int row, int col)\n"
		    "{\n"
		    "\treturn (strtoll(PQgetvalue(res, row, col), NULL, 10));\n"
		    "}\n\n");
	if (use & USE_COL_DOUBLE)
		out_puts(o,
		    "/* A double precision column (0 for SQL NULL). */\n"
		    "static double\n"
		    "col_double(const PGresult *res, int row, int col)\n"
		    "{\n"
		    "\treturn (strtod(PQgetvalue(res, row, col), NULL));\n"
		    "}\n\n");
	if (use & USE_COL_BOOL)
		out_puts(o,
		    "/* A boolean column (false for SQL NULL). */\n"
		    "static bool\n"
		    "col_bool(const PGresult *res, int row, int col)\n"
		    "{\n"
		    "\treturn (PQgetvalue(res, row, col)[0] == 't');\n"
		    "}\n\n");

	if (!(use & USE_PATTERNS))
		return;
	for (i = 0; i < s->nmodels; i++) {
		for (j = 0; j < s->models[i].nfields; j++) {
			f = &s->models[i].fields[j];
			if (f->pattern != NULL && !emit_c_readonly(f))
				out_printf(o, "static regex_t %s_%s_regex;\n",
				    s->models[i].c_name, f->name);
		}
	}
	out_puts(o,
	    "\n"
	    "static void\n"
	    "compile_pattern(regex_t *re, const char *pattern)\n"
	    "{\n"
	    "\tif (regcomp(re, pattern, REG_EXTENDED | REG_NOSUB) != 0) {\n"
	    "\t\tfprintf(stderr, \"models: cannot compile pattern %s\\n\", "
	    "pattern);\n"
	    "\t\tabort();\n"
	    "\t}\n"
	    "}\n\n"
	    "/*\n"
	    " * Compile every pattern on first use, once per process (Kore "
	    "workers are\n"
	    " * single-threaded processes). schemac compiled each one already, "
	    "so a\n"
	    " * failure means memory ran out: abort rather than skip a rule.\n"
	    " */\n"
	    "static void\n"
	    "compile_patterns(void)\n"
	    "{\n"
	    "\tstatic bool done;\n\n"
	    "\tif (done)\n"
	    "\t\treturn;\n");
	for (i = 0; i < s->nmodels; i++) {
		for (j = 0; j < s->models[i].nfields; j++) {
			f = &s->models[i].fields[j];
			if (f->pattern == NULL || emit_c_readonly(f))
				continue;
			out_printf(o, "\tcompile_pattern(&%s_%s_regex, ",
			    s->models[i].c_name, f->name);
			out_c_string(o, f->pattern);
			out_puts(o, ");\n");
		}
	}
	out_puts(o, "\tdone = true;\n}\n\n");
}

/* The shortest C text of d that reads back as the same double. */
static void
emit_double(struct out *o, double d)
{
	char buf[64];
	int prec;

	for (prec = 1; prec <= DBL_DECIMAL_DIG; prec++) {
		(void)snprintf(buf, sizeof(buf), "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	out_puts(o, buf);
}

/*
 * A NULL-terminated array of C strings: on one line when it fits in 80
 * columns, else one tab in, lines filled to 72 columns.
 */
static void
emit_names(struct out *o, const char *decl, char *const *names, size_t n)
{
	struct out items;
	size_t i, start;

	out_init(&items);
	for (i = 0; i < n; i++) {
		out_c_string(&items, names[i]);
		out_puts(&items, ", ");
	}
	out_puts(&items, "NULL");
	if (strlen(decl) + items.len + 9 <= 80) {
		out_printf(o, "%s = { %s };\n", decl, items.buf);
		out_free(&items);
		return;
	}
	out_free(&items);
	out_printf(o, "%s = {\n\t", decl);
	start = o->len;
	for (i = 0; i <= n; i++) {
		out_init(&items);
		if (i < n) {
			out_c_string(&items, names[i]);
			out_puts(&items, ",");
		} else
			out_puts(&items, "NULL");
		if (o->len > start && 8 + o->len - start + 1 + items.len > 72) {
			out_puts(o, "\n\t");
			start = o->len;
		} else if (o->len > start)
			out_puts(o, " ");
		out_puts(o, items.buf);
		out_free(&items);
	}
	out_puts(o, "\n};\n");
}

/* The static sc_field_rules of a field clients may set. */
static void
emit_rules(struct out *o, const struct ir_model *m, const struct ir_field *f)
{
	char decl[512];

	if (f->type == IR_ENUM) {
		(void)snprintf(decl, sizeof(decl),
		    "static const char *const %s_%s_values[]", m->c_name,
		    f->name);
		emit_names(o, decl, f->enum_values, f->nenum_values);
	}
	out_printf(o, "static const struct sc_field_rules %s_%s_rules = {\n",
	    m->c_name, f->name);
	out_puts(o, "\t.name = ");
	out_c_string(o, f->name);
	out_puts(o, ",\n");
	if (f->nullable)
		out_puts(o, "\t.nullable = true,\n");
	if (f->min_length > 0)
		out_printf(o, "\t.min_length = %ld,\n", f->min_length);
	if (f->max_length > 0)
		out_printf(o, "\t.max_length = %ld,\n", f->max_length);
	if (f->min_text != NULL) {
		out_puts(o, "\t.has_min = true,\n\t.min = ");
		emit_double(o, f->min_value);
		out_puts(o, ",\n\t.min_text = ");
		out_c_string(o, f->min_text);
		out_puts(o, ",\n");
	}
	if (f->max_text != NULL) {
		out_puts(o, "\t.has_max = true,\n\t.max = ");
		emit_double(o, f->max_value);
		out_puts(o, ",\n\t.max_text = ");
		out_c_string(o, f->max_text);
		out_puts(o, ",\n");
	}
	if (f->type == IR_NUMERIC && f->precision > 0)
		out_printf(o, "\t.precision = %d,\n\t.scale = %d,\n",
		    f->precision, f->scale);
	if (f->format_email)
		out_puts(o, "\t.email = true,\n");
	if (f->pattern != NULL) {
		out_puts(o, "\t.pattern = ");
		out_c_string(o, f->pattern);
		out_printf(
		    o, ",\n\t.regex = &%s_%s_regex,\n", m->c_name, f->name);
	}
	if (f->type == IR_ENUM)
		out_printf(
		    o, "\t.enum_values = %s_%s_values,\n", m->c_name, f->name);
	out_puts(o, "};\n\n");
}

static void
emit_decode(struct out *o, const struct ir_model *m)
{
	const struct ir_field *f;
	char decl[512], fn[128], rules[512], val[300], isnull[300];
	char **names;
	size_t i, n, nro;
	int required, patterns;

	names = calloc(m->nfields + 1, sizeof(*names));
	if (names == NULL)
		abort();
	for (i = 0; i < m->nfields; i++)
		if (!emit_c_readonly(&m->fields[i]))
			emit_rules(o, m, &m->fields[i]);

	/* The members a body may have, and those it may not. */
	required = patterns = 0;
	for (i = n = 0; i < m->nfields; i++) {
		f = &m->fields[i];
		if (!emit_c_readonly(f))
			names[n++] = f->name;
		if (emit_c_required(f))
			required = 1;
		if (f->pattern != NULL && !emit_c_readonly(f))
			patterns = 1;
	}
	(void)snprintf(decl, sizeof(decl),
	    "static const char *const %s_fields[]", m->c_name);
	emit_names(o, decl, names, n);
	for (i = nro = 0; i < m->nfields; i++)
		if (emit_c_readonly(&m->fields[i]))
			names[nro++] = m->fields[i].name;
	(void)snprintf(decl, sizeof(decl),
	    "static const char *const %s_readonly[]", m->c_name);
	emit_names(o, decl, names, nro);
	free(names);

	out_printf(o,
	    "\n"
	    "/* Read obj into p; with create, absent required fields are "
	    "errors. */\n"
	    "static int\n"
	    "%s_decode(const struct sc_json *obj, struct %s_patch *p,\n"
	    "    struct sc_verrs *errs, bool create)\n"
	    "{\n"
	    "%s"
	    "\tsize_t nerrs;\n\n"
	    "\tmemset(p, 0, sizeof(*p));\n"
	    "\tnerrs = errs->n;\n"
	    "\tif (!is_object(obj, errs))\n"
	    "\t\treturn (-1);\n",
	    m->c_name, m->c_name, n > 0 ? "\tconst struct sc_json *v;\n" : "");
	if (!required)
		out_puts(o, "\t(void)create;\t/* no field is required */\n");
	if (patterns)
		out_puts(o, "\tcompile_patterns();\n");
	for (i = 0; i < m->nfields; i++) {
		f = &m->fields[i];
		if (emit_c_readonly(f))
			continue;
		out_puts(o, "\tif ((v = sc_json_member(obj, ");
		out_c_string(o, f->name);
		out_printf(
		    o, ")) != NULL) {\n\t\tp->%s_set = true;\n", f->name);
		(void)snprintf(
		    fn, sizeof(fn), "(void)%s", emit_c_decoder(f->type));
		(void)snprintf(
		    rules, sizeof(rules), "&%s_%s_rules", m->c_name, f->name);
		(void)snprintf(val, sizeof(val), "&p->%s", f->name);
		(void)snprintf(
		    isnull, sizeof(isnull), "&p->%s_is_null", f->name);
		if (emit_c_is_text(f->type))
			emit_c_call(o, 2, fn, "v", rules, "errs", val, NULL);
		else
			emit_c_call(o, 2, fn, "v", rules, "errs", val,
			    emit_c_has_is_null(f) ? isnull : "NULL", NULL);
		out_puts(o, "\t}");
		if (emit_c_required(f)) {
			out_puts(o, " else if (create)\n\t\tsc_missing(errs, ");
			out_c_string(o, f->name);
			out_puts(o, ");");
		}
		out_puts(o, "\n");
	}
	out_printf(o,
	    "\tcheck_members(obj, %s_fields, %s_readonly, errs);\n"
	    "\treturn (errs->n == nerrs ? 0 : -1);\n"
	    "}\n\n",
	    m->c_name, m->c_name);

	out_printf(o,
	    "int\n"
	    "%s_decode_create(const struct sc_json *obj, struct %s_patch *p,\n"
	    "    struct sc_verrs *errs)\n"
	    "{\n"
	    "\treturn (%s_decode(obj, p, errs, true));\n"
	    "}\n\n"
	    "int\n"
	    "%s_decode_patch(const struct sc_json *obj, struct %s_patch *p,\n"
	    "    struct sc_verrs *errs)\n"
	    "{\n"
	    "\treturn (%s_decode(obj, p, errs, false));\n"
	    "}\n\n",
	    m->c_name, m->c_name, m->c_name, m->c_name, m->c_name, m->c_name);
}

/* The JSON key of the field with the separator before it, as C text. */
static void
emit_key(struct out *o, const struct ir_field *f, int first)
{
	struct out key;

	out_init(&key);
	out_puts(&key, first ? "{" : ",");
	out_json_string(&key, f->name);
	out_puts(&key, ":");
	out_puts(o, "\tsc_buf_puts(b, ");
	out_c_string(o, key.buf);
	out_puts(o, ");\n");
	out_free(&key);
}

static void
emit_to_json(struct out *o, const struct ir_model *m)
{
	const struct ir_field *f;
	const char *ind;
	size_t i;
	int first;

	out_printf(o,
	    "void\n"
	    "%s_to_json(const struct %s *u, struct sc_buf *b)\n"
	    "{\n",
	    m->c_name, m->c_name);
	first = 1;
	for (i = 0; i < m->nfields; i++) {
		f = &m->fields[i];
		if (f->writeonly)
			continue;
		emit_key(o, f, first);
		first = 0;
		ind = "\t";
		if (emit_c_has_is_null(f)) {
			out_printf(o,
			    "\tif (u->%s_is_null)\n"
			    "\t\tsc_buf_puts(b, \"null\");\n"
			    "\telse\n",
			    f->name);
			ind = "\t\t";
		}
		switch (jkind(f->type)) {
		case JK_INT:
			out_printf(
			    o, "%ssc_json_int(b, u->%s);\n", ind, f->name);
			break;
		case JK_DOUBLE:
			out_printf(
			    o, "%ssc_json_double(b, u->%s);\n", ind, f->name);
			break;
		case JK_BOOL:
			out_printf(
			    o, "%ssc_json_bool(b, u->%s);\n", ind, f->name);
			break;
		case JK_NUMERIC:
			out_printf(
			    o, "%sjson_numeric(b, u->%s);\n", ind, f->name);
			break;
		case JK_JSON:
			out_printf(o, "%sjson_raw(b, u->%s);\n", ind, f->name);
			break;
		case JK_STRING:
			out_printf(
			    o, "%ssc_json_cstr(b, u->%s);\n", ind, f->name);
			break;
		}
	}
	out_printf(o, "\tsc_buf_puts(b, \"%s}\");\n}\n\n", first ? "{" : "");
}

static void
emit_row_json(struct out *o, const struct ir_model *m)
{
	static const char *const fn[] = {
		[JK_INT] = "row_raw",
		[JK_DOUBLE] = "row_double",
		[JK_BOOL] = "row_bool",
		[JK_NUMERIC] = "row_numeric",
		[JK_JSON] = "row_raw",
		[JK_STRING] = "row_str",
	};
	const struct ir_field *f;
	size_t i;
	int first;

	out_printf(o,
	    "void\n"
	    "%s_row_json(const PGresult *res, int row, struct sc_buf *b)\n"
	    "{\n",
	    m->c_name);
	first = 1;
	for (i = 0; i < m->nfields; i++) {
		f = &m->fields[i];
		if (f->writeonly)
			continue;
		emit_key(o, f, first);
		first = 0;
		out_printf(
		    o, "\t%s(res, row, %zu, b);\n", fn[jkind(f->type)], i);
	}
	out_printf(o, "\tsc_buf_puts(b, \"%s}\");\n}\n\n", first ? "{" : "");
}

static void
emit_from_row(struct out *o, const struct ir_model *m)
{
	const struct ir_field *f;
	size_t i;
	int text;

	out_printf(o,
	    "int\n"
	    "%s_from_row(const PGresult *res, int row, struct %s *u)\n"
	    "{\n"
	    "\tmemset(u, 0, sizeof(*u));\n",
	    m->c_name, m->c_name);
	text = 0;
	for (i = 0; i < m->nfields; i++) {
		f = &m->fields[i];
		if (emit_c_has_is_null(f))
			out_printf(o,
			    "\tu->%s_is_null = PQgetisnull(res, row, %zu);\n",
			    f->name, i);
		switch (jkind(f->type)) {
		case JK_INT:
			out_printf(o, "\tu->%s = (%s)col_int(res, row, %zu);\n",
			    f->name, emit_c_type(f->type), i);
			break;
		case JK_DOUBLE:
			out_printf(o, "\tu->%s = col_double(res, row, %zu);\n",
			    f->name, i);
			break;
		case JK_BOOL:
			out_printf(o, "\tu->%s = col_bool(res, row, %zu);\n",
			    f->name, i);
			break;
		default:
			out_printf(o,
			    "\tif (col_text(res, row, %zu, &u->%s) == -1)\n"
			    "\t\tgoto fail;\n",
			    i, f->name);
			text = 1;
		}
	}
	out_puts(o, "\treturn (0);\n");
	if (text)
		out_printf(
		    o, "fail:\n\t%s_clear(u);\n\treturn (-1);\n", m->c_name);
	out_puts(o, "}\n\n");
}

/* A literal default as a C constant of the member's type. */
static void
emit_c_default(struct out *o, const struct ir_field *f)
{
	long long v;

	switch (jkind(f->type)) {
	case JK_INT:
		v = strtoll(f->default_value, NULL, 10);
		if (v == INT64_MIN)
			out_puts(o, "INT64_MIN");
		else
			out_printf(o, "%lld", v);
		break;
	case JK_DOUBLE:
		emit_double(o, strtod(f->default_value, NULL));
		break;
	case JK_BOOL:
		out_puts(o,
		    strcmp(f->default_value, "true") == 0 ? "true" : "false");
		break;
	default:
		out_puts(o, "strdup(");
		out_c_string(o, f->default_value);
		out_puts(o, ")");
	}
}

static void
emit_init_clear(struct out *o, const struct ir_model *m)
{
	const struct ir_field *f;
	size_t i;

	out_printf(o,
	    "void\n"
	    "%s_init(struct %s *u)\n"
	    "{\n"
	    "\tmemset(u, 0, sizeof(*u));\n",
	    m->c_name, m->c_name);
	for (i = 0; i < m->nfields; i++) {
		f = &m->fields[i];
		if (f->default_kind == IR_DEFAULT_LITERAL) {
			out_printf(o, "\tu->%s = ", f->name);
			emit_c_default(o, f);
			out_puts(o, ";\n");
		} else if (f->default_kind == IR_DEFAULT_NONE &&
		    emit_c_has_is_null(f))
			out_printf(o, "\tu->%s_is_null = true;\n", f->name);
	}
	out_puts(o, "}\n\n");

	out_printf(o,
	    "void\n"
	    "%s_clear(struct %s *u)\n"
	    "{\n"
	    "\tif (u == NULL)\n"
	    "\t\treturn;\n",
	    m->c_name, m->c_name);
	for (i = 0; i < m->nfields; i++)
		if (emit_c_is_text(m->fields[i].type))
			out_printf(o, "\tfree(u->%s);\n", m->fields[i].name);
	out_puts(o, "\tmemset(u, 0, sizeof(*u));\n}\n\n");

	out_printf(o,
	    "void\n"
	    "%s_rows_free(struct %s *rows, size_t n)\n"
	    "{\n"
	    "\tsize_t i;\n\n"
	    "\tif (rows == NULL)\n"
	    "\t\treturn;\n"
	    "\tfor (i = 0; i < n; i++)\n"
	    "\t\t%s_clear(&rows[i]);\n"
	    "\tfree(rows);\n"
	    "}\n\n",
	    m->c_name, m->c_name, m->c_name);

	out_printf(o,
	    "void\n"
	    "%s_patch_clear(struct %s_patch *p)\n"
	    "{\n"
	    "\tif (p == NULL)\n"
	    "\t\treturn;\n",
	    m->c_name, m->c_name);
	for (i = 0; i < m->nfields; i++) {
		f = &m->fields[i];
		if (emit_c_is_text(f->type) && !emit_c_readonly(f))
			out_printf(o, "\tfree(p->%s);\n", f->name);
	}
	out_puts(o, "\tmemset(p, 0, sizeof(*p));\n}\n\n");
}

int
emit_models_c(const struct ir_schema *s, struct out *o)
{
	const struct ir_model *m;
	size_t i;

	emit_notice(o, s, "//");
	out_puts(o,
	    "/*\n"
	    " * models.c: JSON encoding, request validation and row decoding "
	    "of the\n"
	    " * models (see models.h for the contract of each function).\n"
	    " */\n"
	    "#include <stdio.h>\n"
	    "#include <stdlib.h>\n"
	    "#include <string.h>\n\n"
	    "#include \"models.h\"\n\n");
	emit_helpers(o, s, helpers_used(s));
	for (i = 0; i < s->nmodels; i++) {
		m = &s->models[i];
		out_printf(o, "/* %s */\n\n", m->name);
		emit_decode(o, m);
		emit_to_json(o, m);
		emit_row_json(o, m);
		emit_from_row(o, m);
		emit_init_clear(o, m);
	}
	return (0);
}
