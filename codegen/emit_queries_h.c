/* emit_queries_h.c: writes generated/queries.h. (Placeholder until its emitter lands.) */
#include "emit.h"

int
emit_queries_h(const struct ir_schema *s, struct out *o)
{
	emit_notice(o, s, "//");
	return (0);
}
