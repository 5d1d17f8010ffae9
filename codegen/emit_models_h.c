/* emit_models_h.c: writes generated/models.h. (Placeholder until its emitter lands.) */
#include "emit.h"

int
emit_models_h(const struct ir_schema *s, struct out *o)
{
	emit_notice(o, s, "//");
	return (0);
}
