/* emit_openapi_json.c: writes generated/openapi.json. (Placeholder until its emitter lands.) */
#include "emit.h"

int
emit_openapi_json(const struct ir_schema *s, struct out *o)
{
	emit_notice(o, s, "//");
	return (0);
}
