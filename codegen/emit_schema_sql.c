/* emit_schema_sql.c: writes generated/schema.sql. (Placeholder until its emitter lands.) */
#include "emit.h"

int
emit_schema_sql(const struct ir_schema *s, struct out *o)
{
	emit_notice(o, s, "--");
	return (0);
}
