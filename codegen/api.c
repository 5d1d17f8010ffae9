/* api.c: which filters, orderings and lookups a model's HTTP API has. */
#include <string.h>

#include "api.h"

static int
api_reserved(const char *name)
{
	static const char *const params[] = API_LIST_PARAMS;
	size_t i;

	for (i = 0; i < sizeof(params) / sizeof(params[0]); i++)
		if (strcmp(params[i], name) == 0)
			return (1);
	return (0);
}

int
api_collection(const struct ir_model *m)
{
	return ((m->endpoints & (IR_EP_LIST | IR_EP_CREATE)) != 0);
}

int
api_item(const struct ir_model *m)
{
	return (
	    (m->endpoints & (IR_EP_GET | IR_EP_UPDATE | IR_EP_DELETE)) != 0);
}

int
api_readonly(const struct ir_field *f)
{
	return (f->readonly || ir_type_is_serial(f->type));
}

int
api_required(const struct ir_field *f)
{
	return (!api_readonly(f) && !f->nullable &&
	    f->default_kind == IR_DEFAULT_NONE);
}

int
api_filterable(const struct ir_model *m, const struct ir_field *f)
{
	size_t i;

	if (f->writeonly || f->type == IR_JSON || api_reserved(f->name))
		return (0);
	if (f->primary_key || f->unique || f->index_flag)
		return (1);
	for (i = 0; i < m->nindexes; i++)
		if (strcmp(m->indexes[i].columns[0], f->name) == 0)
			return (1);
	return (0);
}

int
api_lookup(const struct ir_model *m, const struct ir_field *f)
{
	if ((m->endpoints & IR_EP_GET) == 0)
		return (0);
	return (f->unique && !f->primary_key && !f->writeonly &&
	    f->type != IR_JSON);
}
