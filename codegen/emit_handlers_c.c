/* emit_handlers_c.c: writes generated/handlers.c. (Placeholder until its emitter lands.) */
#include "emit.h"

int
emit_handlers_c(const struct ir_schema *s, struct out *o)
{
	emit_notice(o, s, "//");
	return (0);
}
