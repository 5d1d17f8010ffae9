/* sc_params.c: text parameters for libpq statements, without allocation. */
#include <stdio.h>
#include <stdlib.h>

#include "schemac.h"

void
sc_params_init(struct sc_params *p)
{
	p->n = 0;
}

/* The next slot; running out is a generator bug, since the checker limits
 * the fields of a model, so abort rather than send a wrong statement. */
static int
sc_params_slot(struct sc_params *p)
{
	if (p->n >= SC_PARAMS_MAX) {
		fprintf(stderr, "sc_params: more than %d parameters\n",
		    SC_PARAMS_MAX);
		abort();
	}
	return (p->n++);
}

void
sc_params_text(struct sc_params *p, const char *s)
{
	p->values[sc_params_slot(p)] = s;
}

void
sc_params_null(struct sc_params *p)
{
	p->values[sc_params_slot(p)] = NULL;
}

void
sc_params_int(struct sc_params *p, int64_t v)
{
	int i;

	i = sc_params_slot(p);
	(void)sc_fmt_int64(p->scratch[i], v);
	p->values[i] = p->scratch[i];
}

void
sc_params_double(struct sc_params *p, double v)
{
	int i;

	i = sc_params_slot(p);
	/* 17 significant digits always read back as the same double. */
	(void)snprintf(p->scratch[i], sizeof(p->scratch[i]), "%.17g", v);
	p->values[i] = p->scratch[i];
}

void
sc_params_bool(struct sc_params *p, bool v)
{
	p->values[sc_params_slot(p)] = v ? "true" : "false";
}
