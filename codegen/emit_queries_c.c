/* emit_queries_c.c: writes generated/queries.c. (Placeholder until its emitter lands.) */
#include "emit.h"

int
emit_queries_c(const struct ir_schema *s, struct out *o)
{
	emit_notice(o, s, "//");
	return (0);
}
