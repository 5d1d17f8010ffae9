/* emit_handlers_h.c: writes generated/handlers.h, the handlers' prototypes. */
#include "api.h"
#include "emit.h"

int
emit_handlers_h(const struct ir_schema *s, struct out *o)
{
	const struct ir_model *m;
	const struct ir_field *f;
	size_t i, j;

	emit_notice(o, s, "//");
	out_puts(o,
	    "/*\n"
	    " * handlers.h: the Kore handlers of every model endpoint. "
	    "routes.conf names\n"
	    " * them; each dispatches on the method of its path.\n"
	    " */\n"
	    "#ifndef SCHEMAC_HANDLERS_H\n"
	    "#define SCHEMAC_HANDLERS_H\n"
	    "\n"
	    "#include <kore/kore.h>\n"
	    "#include <kore/http.h>\n");
	for (i = 0; i < s->nmodels; i++) {
		m = &s->models[i];
		if ((m->endpoints & IR_EP_ALL) == 0)
			continue;
		out_printf(o, "\n/* %s: /%s */\n", m->name, m->table);
		if (api_collection(m))
			out_printf(o,
			    "int\tapi_%s_collection(struct http_request *);\n",
			    m->c_name);
		if (api_item(m))
			out_printf(o,
			    "int\tapi_%s_item(struct http_request *);\n",
			    m->c_name);
		for (j = 0; j < m->nfields; j++) {
			f = &m->fields[j];
			if (api_lookup(m, f))
				out_printf(o,
				    "int\tapi_%s_by_%s(struct http_request "
				    "*);\n",
				    m->c_name, f->name);
		}
	}
	out_puts(o, "\n#endif\n");
	return (0);
}
