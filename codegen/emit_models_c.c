/*
 * emit_models_c.c: writes generated/models.c: per model its field table
 * (struct sc_model of runtime/sc_model.h: each field's type, flags,
 * validation rules and member offsets) and the functions of models.h,
 * each a call into the runtime with that table, except <m>_init(), which
 * sets the model's own literal defaults.
 */
#include <float.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "emit.h"
#include "emit_c_util.h"

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

/* Initializers of a struct, as separate texts (one line or one each). */
#define INITS_MAX 16
struct inits {
	struct out v[INITS_MAX];
	size_t n;
};

/* Start the next initializer; more than INITS_MAX is a schemac bug. */
static struct out *
init_next(struct inits *in)
{
	if (in->n == INITS_MAX) {
		fprintf(stderr, "schemac: internal error: too many rules\n");
		abort();
	}
	out_init(&in->v[in->n]);
	return (&in->v[in->n++]);
}

/* `.has_min = true, .min = 0, .min_text = "0"` (or max) of a bound. */
static void
rules_bound(struct inits *in, const char *b, const char *text, double value)
{
	struct out *i;

	out_printf(init_next(in), ".has_%s = true", b);
	i = init_next(in);
	out_printf(i, ".%s = ", b);
	emit_double(i, value);
	i = init_next(in);
	out_printf(i, ".%s_text = ", b);
	out_c_string(i, text);
}

/* The initializers of a field's struct sc_field_rules (sc_validate.h). */
static void
rules_inits(
    const struct ir_model *m, const struct ir_field *f, struct inits *in)
{
	struct out *i;

	i = init_next(in);
	out_puts(i, ".name = ");
	out_c_string(i, f->name);
	if (f->nullable)
		out_puts(init_next(in), ".nullable = true");
	if (f->min_length > 0)
		out_printf(init_next(in), ".min_length = %ld", f->min_length);
	if (f->max_length > 0)
		out_printf(init_next(in), ".max_length = %ld", f->max_length);
	if (f->min_text != NULL)
		rules_bound(in, "min", f->min_text, f->min_value);
	if (f->max_text != NULL)
		rules_bound(in, "max", f->max_text, f->max_value);
	if (f->type == IR_NUMERIC && f->precision > 0) {
		out_printf(init_next(in), ".precision = %d", f->precision);
		out_printf(init_next(in), ".scale = %d", f->scale);
	}
	if (f->format_email)
		out_puts(init_next(in), ".email = true");
	if (f->pattern != NULL) {
		i = init_next(in);
		out_puts(i, ".pattern = ");
		out_c_string(i, f->pattern);
		out_printf(
		    init_next(in), ".regex = &%s_%s_regex", m->c_name, f->name);
	}
	if (f->type == IR_ENUM)
		out_printf(init_next(in), ".enum_values = %s_%s_values",
		    m->c_name, f->name);
}

/* `.rules = { ... },` on one line when it fits, else one item a line. */
static void
emit_rules(struct out *o, const struct ir_model *m, const struct ir_field *f)
{
	struct inits in;
	size_t i, width;

	in.n = 0;
	rules_inits(m, f, &in);
	/* Two tabs, ".rules = { ", the items, " }," */
	width = 16 + 11 + 3;
	for (i = 0; i < in.n; i++)
		width += in.v[i].len + (i > 0 ? 2 : 0);
	if (width <= 80) {
		out_puts(o, "\t\t.rules = { ");
		for (i = 0; i < in.n; i++)
			out_printf(o, "%s%s", i > 0 ? ", " : "", in.v[i].buf);
		out_puts(o, " },\n");
	} else {
		out_puts(o, "\t\t.rules = {\n");
		for (i = 0; i < in.n; i++)
			out_printf(o, "\t\t\t%s,\n", in.v[i].buf);
		out_puts(o, "\t\t},\n");
	}
	for (i = 0; i < in.n; i++)
		out_free(&in.v[i]);
}

/* The sc_type of a field (sc_model.h). */
static const char *
sc_type_name(enum ir_type t)
{
	switch (t) {
	case IR_SMALLINT:
		return ("SC_TYPE_INT16");
	case IR_SERIAL:
	case IR_INT:
		return ("SC_TYPE_INT32");
	case IR_BIGSERIAL:
	case IR_BIGINT:
		return ("SC_TYPE_INT64");
	case IR_FLOAT:
		return ("SC_TYPE_DOUBLE");
	case IR_BOOL:
		return ("SC_TYPE_BOOL");
	case IR_NUMERIC:
		return ("SC_TYPE_NUMERIC");
	case IR_STRING:
	case IR_TEXT:
		return ("SC_TYPE_STRING");
	case IR_ENUM:
		return ("SC_TYPE_ENUM");
	case IR_DATE:
		return ("SC_TYPE_DATE");
	case IR_TIMESTAMP:
		return ("SC_TYPE_TIMESTAMP");
	case IR_TIMESTAMPTZ:
		return ("SC_TYPE_TIMESTAMPTZ");
	case IR_UUID:
		return ("SC_TYPE_UUID");
	case IR_JSON:
		return ("SC_TYPE_JSON");
	}
	return ("SC_TYPE_STRING");
}

/* One element of <m>_fields[]. */
static void
emit_field(struct out *o, const struct ir_model *m, const struct ir_field *f)
{
	const char *sep;

	out_puts(o, "\t{\n");
	emit_rules(o, m, f);
	out_printf(o, "\t\t.type = %s,\n", sc_type_name(f->type));
	sep = "";
	if (api_readonly(f) || f->writeonly ||
	    f->default_kind != IR_DEFAULT_NONE) {
		out_puts(o, "\t\t.flags = ");
		if (api_readonly(f)) {
			out_puts(o, "SC_F_READONLY");
			sep = " | ";
		}
		if (f->writeonly) {
			out_printf(o, "%sSC_F_WRITEONLY", sep);
			sep = " | ";
		}
		if (f->default_kind != IR_DEFAULT_NONE)
			out_printf(o, "%sSC_F_DEFAULT", sep);
		out_puts(o, ",\n");
	}
	out_printf(o, "\t\tSC_MEMBER%s(%s, %s),\n",
	    emit_c_has_is_null(f) ? "_NULL" : "", m->c_name, f->name);
	if (!api_readonly(f))
		out_printf(o, "\t\tSC_PATCH%s(%s, %s),\n",
		    emit_c_has_is_null(f) ? "_NULL" : "", m->c_name, f->name);
	out_puts(o, "\t},\n");
}

/* The model's tables: enum labels, patterns, names, fields, the model. */
static void
emit_tables(struct out *o, const struct ir_model *m)
{
	const struct ir_field *f;
	char decl[512];
	char **names;
	size_t i, start;
	int patterns;

	patterns = 0;
	start = o->len;
	for (i = 0; i < m->nfields; i++) {
		f = &m->fields[i];
		if (f->type == IR_ENUM) {
			(void)snprintf(decl, sizeof(decl),
			    "static const char *const %s_%s_values[]",
			    m->c_name, f->name);
			emit_c_names(o, decl, f->enum_values, f->nenum_values);
		}
		if (f->pattern != NULL) {
			out_printf(o, "static regex_t %s_%s_regex;\n",
			    m->c_name, f->name);
			patterns = 1;
		}
	}
	if (patterns)
		out_printf(o, "static bool %s_patterns_ready;\n", m->c_name);
	if (o->len > start)
		out_puts(o, "\n");

	if ((names = calloc(m->nfields + 1, sizeof(*names))) == NULL) {
		perror("schemac: calloc");
		abort();
	}
	for (i = 0; i < m->nfields; i++)
		names[i] = m->fields[i].name;
	(void)snprintf(decl, sizeof(decl),
	    "static const char *const %s_columns[]", m->c_name);
	emit_c_names(o, decl, names, m->nfields);
	free(names);

	out_printf(o, "\n/* The fields of %s in column order (", m->name);
	emit_c_upper(o, m->c_name);
	out_printf(o,
	    "_SELECT_COLUMNS). */\n"
	    "static const struct sc_field %s_fields[] = {\n",
	    m->c_name);
	for (i = 0; i < m->nfields; i++)
		emit_field(o, m, &m->fields[i]);
	out_puts(o, "};\n\n");

	out_printf(
	    o, "const struct sc_model %s_model = {\n\t.name = ", m->c_name);
	out_c_string(o, m->name);
	out_printf(o,
	    ",\n"
	    "\t.fields = %s_fields,\n"
	    "\t.nfields = %zu,\n"
	    "\t.pk = %zu,\n"
	    "\t.size = sizeof(struct %s),\n"
	    "\t.patch_size = sizeof(struct %s_patch),\n"
	    "\t.columns = %s_columns,\n",
	    m->c_name, m->nfields, m->pk->index, m->c_name, m->c_name,
	    m->c_name);
	if (patterns)
		out_printf(
		    o, "\t.patterns_ready = &%s_patterns_ready,\n", m->c_name);
	out_puts(o, "};\n\n");
}

/* A literal default as a C constant of the member's type. */
static void
emit_c_default(struct out *o, const struct ir_field *f)
{
	long long v;

	switch (f->type) {
	case IR_SMALLINT:
	case IR_INT:
	case IR_BIGINT:
		v = strtoll(f->default_value, NULL, 10);
		if (v == INT64_MIN)
			out_puts(o, "INT64_MIN");
		else
			out_printf(o, "%lld", v);
		break;
	case IR_FLOAT:
		emit_double(o, strtod(f->default_value, NULL));
		break;
	case IR_BOOL:
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
emit_init(struct out *o, const struct ir_model *m)
{
	const struct ir_field *f;
	struct emit_c_fn fn;
	size_t i;

	emit_c_fn(&fn, m, EMIT_C_INIT, NULL);
	emit_c_decl(o, &fn, 0);
	out_puts(o, "{\n\tmemset(u, 0, sizeof(*u));\n");
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
}

/*
 * A function of models.h that hands its arguments and the model's table
 * to the runtime: its definition calls call(&<m>_model, <its parameters'
 * names>), and returns what it returns unless it is void.
 */
static void
emit_wrapper(struct out *o, const struct ir_model *m, enum emit_c_api what,
    const char *call)
{
	const char *args[6], *ret;
	struct emit_c_fn fn;
	size_t i;

	emit_c_fn(&fn, m, what, NULL);
	emit_c_decl(o, &fn, 0);
	out_puts(o, "{\n");
	ret = strcmp(fn.type, "void") == 0 ? "" : "return (";
	args[0] = emit_c_fmt("&%s_model", m->c_name);
	for (i = 0; i < fn.nparams; i++)
		args[i + 1] = fn.names[i];
	if (what == EMIT_C_DECODE_CREATE || what == EMIT_C_DECODE_PATCH)
		args[++i] = what == EMIT_C_DECODE_CREATE ? "true" : "false";
	if (*ret != '\0')
		args[i] = emit_c_fmt("%s)", args[i]);
	emit_c_args(o, "\t", emit_c_fmt("%s%s", ret, call), "\t    ", ";\n",
	    args, i + 1);
	out_puts(o, "}\n\n");
}

/* The functions of models.h that call the runtime. */
static void
emit_functions(struct out *o, const struct ir_model *m)
{
	emit_wrapper(o, m, EMIT_C_CLEAR, "sc_model_clear");
	emit_wrapper(o, m, EMIT_C_ROWS_FREE, "sc_model_rows_free");
	emit_wrapper(o, m, EMIT_C_PATCH_CLEAR, "sc_model_patch_clear");
	emit_wrapper(o, m, EMIT_C_DECODE_CREATE, "sc_model_decode");
	emit_wrapper(o, m, EMIT_C_DECODE_PATCH, "sc_model_decode");
	emit_wrapper(o, m, EMIT_C_TO_JSON, "sc_model_to_json");
	emit_wrapper(o, m, EMIT_C_ROW_JSON, "sc_model_row_json");
	emit_wrapper(o, m, EMIT_C_FROM_ROW, "sc_model_from_row");
}

int
emit_models_c(const struct ir_schema *s, struct out *o)
{
	const struct ir_model *m;
	size_t i;

	emit_notice(o, s, "//");
	out_puts(o,
	    "/*\n"
	    " * models.c: per model its field table (struct sc_model, see "
	    "sc_model.h)\n"
	    " * and the functions of models.h, which hand it to the runtime.\n"
	    " */\n"
	    "#include <string.h>\n\n"
	    "#include \"models.h\"\n\n");
	for (i = 0; i < s->nmodels; i++) {
		m = &s->models[i];
		out_printf(o, "/* %s */\n\n", m->name);
		emit_tables(o, m);
		emit_init(o, m);
		emit_functions(o, m);
	}
	return (0);
}
