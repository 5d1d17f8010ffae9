/* ir.c: the IR's small helpers and its destructor (see ir.h). */
#include <stdlib.h>
#include <string.h>

#include "ir.h"

int
ir_type_is_text(enum ir_type t)
{
	switch (t) {
	case IR_SERIAL:
	case IR_BIGSERIAL:
	case IR_SMALLINT:
	case IR_INT:
	case IR_BIGINT:
	case IR_FLOAT:
	case IR_BOOL:
		return (0);
	default:
		return (1);
	}
}

int
ir_type_is_serial(enum ir_type t)
{
	return (t == IR_SERIAL || t == IR_BIGSERIAL);
}

const char *
ir_type_name(enum ir_type t)
{
	switch (t) {
	case IR_SERIAL:
		return ("serial");
	case IR_BIGSERIAL:
		return ("bigserial");
	case IR_SMALLINT:
		return ("smallint");
	case IR_INT:
		return ("int");
	case IR_BIGINT:
		return ("bigint");
	case IR_FLOAT:
		return ("float");
	case IR_NUMERIC:
		return ("numeric");
	case IR_BOOL:
		return ("bool");
	case IR_STRING:
		return ("string");
	case IR_TEXT:
		return ("text");
	case IR_DATE:
		return ("date");
	case IR_TIMESTAMP:
		return ("timestamp");
	case IR_TIMESTAMPTZ:
		return ("timestamptz");
	case IR_UUID:
		return ("uuid");
	case IR_JSON:
		return ("json");
	case IR_ENUM:
		return ("enum");
	}
	return ("?");
}

struct ir_model *
ir_model_find(const struct ir_schema *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nmodels; i++)
		if (strcmp(s->models[i].name, name) == 0)
			return (&s->models[i]);
	return (NULL);
}

struct ir_field *
ir_field_find(const struct ir_model *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nfields; i++)
		if (strcmp(m->fields[i].name, name) == 0)
			return (&m->fields[i]);
	return (NULL);
}

static void
ir_field_free(struct ir_field *f)
{
	size_t i;

	free(f->name);
	free(f->min_text);
	free(f->max_text);
	free(f->default_value);
	free(f->pattern);
	for (i = 0; i < f->nenum_values; i++)
		free(f->enum_values[i]);
	free(f->enum_values);
	free(f->enum_type);
	free(f->renamed_from);
	free(f->doc);
}

void
ir_free(struct ir_schema *s)
{
	struct ir_model *m;
	size_t i, j, k;

	if (s == NULL)
		return;
	for (i = 0; i < s->nmodels; i++) {
		m = &s->models[i];
		free(m->name);
		free(m->c_name);
		free(m->table);
		free(m->renamed_from);
		free(m->doc);
		for (j = 0; j < m->nfields; j++)
			ir_field_free(&m->fields[j]);
		free(m->fields);
		for (j = 0; j < m->nindexes; j++) {
			for (k = 0; k < m->indexes[j].ncolumns; k++)
				free(m->indexes[j].columns[k]);
			free(m->indexes[j].columns);
		}
		free(m->indexes);
	}
	free(s->models);
	free(s->ordered);
	free(s->path);
	free(s->title);
	free(s->version);
	free(s->description);
	free(s);
}
