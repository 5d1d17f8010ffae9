/* emit_handlers_h.c: writes generated/handlers.h. (Placeholder until its emitter lands.) */
#include "emit.h"

int
emit_handlers_h(const struct ir_schema *s, struct out *o)
{
	emit_notice(o, s, "//");
	return (0);
}
