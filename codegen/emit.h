/*
 * emit.h: the emitters, one per generated artifact. Each renders the whole
 * file from the IR into an out buffer and never touches the file system;
 * write.c decides what reaches the disk. An emitter returns 0, or -1 after
 * printing an "internal error:" (a bug in schemac, not in the schema).
 */
#ifndef SCHEMAC_EMIT_H
#define SCHEMAC_EMIT_H

#include "ir.h"
#include "out.h"

struct emitter {
	const char *filename; /* relative to the output directory */
	int (*emit)(const struct ir_schema *, struct out *);
};

/* Every generated file, in a fixed order; terminated by a NULL filename. */
extern const struct emitter emitters[];

/*
 * The first line of every generated file: a DO NOT EDIT notice naming the
 * source schema and the schemac version. comment is the line-comment
 * opener of the target language ("--", "//"); for JSON, which has no
 * comments, the notice goes into the document instead (see
 * emit_openapi_json.c).
 */
void emit_notice(struct out *, const struct ir_schema *, const char *comment);

int emit_models_h(const struct ir_schema *, struct out *);
int emit_models_c(const struct ir_schema *, struct out *);
int emit_queries_h(const struct ir_schema *, struct out *);
int emit_queries_c(const struct ir_schema *, struct out *);
int emit_handlers_h(const struct ir_schema *, struct out *);
int emit_handlers_c(const struct ir_schema *, struct out *);
int emit_routes_conf(const struct ir_schema *, struct out *);
int emit_schema_sql(const struct ir_schema *, struct out *);
int emit_openapi_json(const struct ir_schema *, struct out *);

#endif
