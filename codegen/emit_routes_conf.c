/* emit_routes_conf.c: writes generated/routes.conf. (Placeholder until its emitter lands.) */
#include "emit.h"

int
emit_routes_conf(const struct ir_schema *s, struct out *o)
{
	emit_notice(o, s, "#");
	return (0);
}
