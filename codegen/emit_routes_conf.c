/*
 * emit_routes_conf.c: writes generated/routes.conf, the Kore route lines of
 * every model endpoint, included by app/app.conf.in inside `domain *`.
 */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "emit.h"

/*
 * Route regexes and config lines hold table and field names unescaped,
 * which is safe only for identifiers; the checker guarantees them, so
 * anything else is a schemac bug.
 */
static int
routes_ident_ok(const char *what, const char *s)
{
	const char *p;

	for (p = s; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '_')
			continue;
		fprintf(stderr,
		    "schemac: internal error: %s '%s' is not an "
		    "identifier\n",
		    what, s);
		return (0);
	}
	return (*s != '\0');
}

int
emit_routes_conf(const struct ir_schema *s, struct out *o)
{
	const struct ir_model *m;
	const struct ir_field *f;
	size_t i, j;

	emit_notice(o, s, "#");
	out_puts(o,
	    "# routes.conf: the route of every model endpoint, included by\n"
	    "# app/app.conf.in inside `domain *`. One handler per path shape "
	    "answers\n"
	    "# every method (405 with Allow for the others). Regex routes "
	    "must not\n"
	    "# start with '/'; Kore matches routes in the order written. "
	    "Handlers\n"
	    "# parse the path and query string themselves, so there are no "
	    "params.\n");
	for (i = 0; i < s->nmodels; i++) {
		m = &s->models[i];
		if (!routes_ident_ok("table", m->table) ||
		    !routes_ident_ok("model", m->c_name))
			return (-1);
		if ((m->endpoints & IR_EP_ALL) == 0)
			continue;
		out_printf(o, "\n# %s\n", m->name);
		if (api_collection(m))
			out_printf(o, "route ^/%s$ api_%s_collection\n",
			    m->table, m->c_name);
		if (api_item(m))
			out_printf(o, "route ^/%s/[^/]+$ api_%s_item\n",
			    m->table, m->c_name);
		for (j = 0; j < m->nfields; j++) {
			f = &m->fields[j];
			if (!routes_ident_ok("field", f->name))
				return (-1);
			if (api_lookup(m, f))
				out_printf(o,
				    "route ^/%s/by-%s/[^/]+$ api_%s_by_%s\n",
				    m->table, f->name, m->c_name, f->name);
		}
	}
	return (0);
}
