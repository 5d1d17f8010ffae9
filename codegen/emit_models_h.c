/*
 * emit_models_h.c: writes generated/models.h: per model the table and
 * column name constants, the row struct, the patch struct and the
 * prototypes of the functions emit_models_c.c generates.
 */
#include "api.h"
#include "emit.h"
#include "emit_c_util.h"

/* A field's member in struct <model>, with its doc above it. */
static void
emit_member(struct out *o, const struct ir_field *f)
{
	const char *t;

	if (f->doc != NULL) {
		out_puts(o, "\t/* ");
		emit_c_comment_text(o, f->doc, "\t * ");
		out_puts(o, " */\n");
	}
	t = emit_c_type(f->type);
	out_printf(
	    o, "\t%s%s%s;", t, ir_type_is_text(f->type) ? "" : " ", f->name);
	if (ir_type_is_text(f->type) && f->nullable)
		out_puts(o, "\t/* NULL when null */");
	out_puts(o, "\n");
	if (emit_c_has_is_null(f))
		out_printf(o, "\tbool %s_is_null;\n", f->name);
}

static void
emit_model(struct out *o, const struct ir_model *m)
{
	const struct ir_field *f;
	struct emit_c_fn fn;
	enum emit_c_api what;
	const char *c, *t;
	size_t i;

	out_printf(o, "/*\n * %s", m->name);
	if (m->doc != NULL) {
		out_puts(o, ": ");
		emit_c_comment_text(o, m->doc, " * ");
	}
	out_puts(o, "\n */\n#define ");
	emit_c_upper(o, m->c_name);
	out_puts(o, "_TABLE ");
	out_c_string(o, m->table);
	out_puts(o, "\n");
	for (i = 0; i < m->nfields; i++) {
		out_puts(o, "#define ");
		emit_c_upper(o, m->c_name);
		out_puts(o, "_COL_");
		emit_c_upper(o, m->fields[i].name);
		out_puts(o, " ");
		out_c_string(o, m->fields[i].name);
		out_puts(o, "\n");
	}

	out_printf(o, "\nstruct %s {\n", m->c_name);
	for (i = 0; i < m->nfields; i++)
		emit_member(o, &m->fields[i]);
	out_puts(o, "};\n\n");

	out_printf(o, "struct %s_patch {\n", m->c_name);
	if (emit_c_nwritable(m) == 0)
		out_puts(o, "\tbool none;\t/* no field can be set */\n");
	for (i = 0; i < m->nfields; i++) {
		f = &m->fields[i];
		if (api_readonly(f))
			continue;
		t = emit_c_type(f->type);
		out_printf(o, "\tbool %s_set;\n", f->name);
		out_printf(o, "\t%s%s%s;\n", t,
		    ir_type_is_text(f->type) ? "" : " ", f->name);
		if (emit_c_has_is_null(f))
			out_printf(o, "\tbool %s_is_null;\n", f->name);
	}
	out_puts(o, "};\n\n");

	c = m->c_name;
	out_printf(o, "extern const struct sc_model %s_model;\n\n", c);
	for (what = EMIT_C_INIT; what <= EMIT_C_FROM_ROW; what++) {
		emit_c_fn(&fn, m, what, NULL);
		emit_c_decl(o, &fn, 1);
	}
	out_puts(o, "\n");
}

int
emit_models_h(const struct ir_schema *s, struct out *o)
{
	size_t i;

	emit_notice(o, s, "//");
	out_puts(o,
	    "/*\n"
	    " * models.h: one struct per model, its table and column names, "
	    "and "
	    "its\n"
	    " * JSON encoding and validation. Kore-free: used by the handlers "
	    "and by\n"
	    " * the plain C API in queries.h.\n"
	    " *\n"
	    " * For every model <m>:\n"
	    " *   struct <m>          one member per field; nullable strings "
	    "are NULL\n"
	    " *                       pointers, nullable scalars have a "
	    "<f>_is_null.\n"
	    " *   struct <m>_patch    the fields a client may set, each with "
	    "<f>_set:\n"
	    " *                       absent, null (<f>_is_null or a NULL "
	    "string) or a\n"
	    " *                       value. Create and PATCH bodies decode "
	    "into it.\n"
	    " *   <m>_init()          zeroes, then sets the literal defaults "
	    "(strings\n"
	    " *                       are malloc'd; NULL when memory ran "
	    "out).\n"
	    " *   <m>_clear(), <m>_rows_free(), <m>_patch_clear()\n"
	    " *                       free what the struct owns; NULL is "
	    "fine.\n"
	    " *   <m>_decode_create(), <m>_decode_patch()\n"
	    " *                       zero the patch, then read a JSON object "
	    "into it:\n"
	    " *                       0, or -1 with every problem appended to "
	    "the\n"
	    " *                       error list. Either way the caller frees "
	    "the patch\n"
	    " *                       with <m>_patch_clear().\n"
	    " *   <m>_to_json(), <m>_row_json()\n"
	    " *                       append the JSON object of a struct or of "
	    "a row\n"
	    " *                       in <M>_SELECT_COLUMNS order; writeonly "
	    "fields\n"
	    " *                       are left out.\n"
	    " *   <m>_from_row()      fills a struct from such a row: 0, or -1 "
	    "when\n"
	    " *                       memory ran out (nothing left to free).\n"
	    " *   <m>_model           the field table these functions hand to "
	    "the\n"
	    " *                       runtime (sc_model.h).\n"
	    " */\n"
	    "#ifndef SCHEMAC_MODELS_H\n"
	    "#define SCHEMAC_MODELS_H\n\n"
	    "#include <libpq-fe.h>\n\n"
	    "#include \"schemac.h\"\n"
	    "#include \"sc_model.h\"\n\n");
	for (i = 0; i < s->nmodels; i++)
		emit_model(o, &s->models[i]);
	out_puts(o, "#endif\n");
	return (0);
}
