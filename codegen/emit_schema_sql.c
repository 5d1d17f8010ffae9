/* emit_schema_sql.c: writes generated/schema.sql, the DDL of a fresh database.
 */
#include "ddl.h"
#include "emit.h"

/*
 * Renders enum types, tables (in foreign-key dependency order, so every
 * referenced table exists first), indexes and comments, grouped by table.
 * The statements come from ddl.c, the same code the migrations use, so a
 * database built from this file and one built by `schemac db upgrade` have
 * the same definitions. Never fails.
 */
int
emit_schema_sql(const struct ir_schema *s, struct out *o)
{
	const struct ir_model *m;
	size_t i, j;

	emit_notice(o, s, "--");
	out_puts(o,
	    "--\n"
	    "-- The complete DDL of the schema, for review and for "
	    "creating a fresh\n"
	    "-- database in one go (psql -1 -v ON_ERROR_STOP=1 -f "
	    "schema.sql). Databases\n"
	    "-- that must keep their data are changed with the "
	    "migrations in\n"
	    "-- schema/migrations (schemac db upgrade), which yield "
	    "the same schema.\n");
	for (i = 0; i < s->nmodels; i++) {
		m = s->ordered[i];
		out_puts(o, "\n-- ");
		out_puts(o, m->name);
		out_puts(o, "\n");
		for (j = 0; j < m->nfields; j++)
			if (m->fields[j].type == IR_ENUM)
				ddl_create_enum(o, &m->fields[j]);
		ddl_create_table(o, m, 1);
	}
	return (0);
}
