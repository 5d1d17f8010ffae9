/* emit_models_c.c: writes generated/models.c. (Placeholder until its emitter lands.) */
#include "emit.h"

int
emit_models_c(const struct ir_schema *s, struct out *o)
{
	emit_notice(o, s, "//");
	return (0);
}
