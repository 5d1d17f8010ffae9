/*
 * check.h: the checker, YAML tree to IR. Every semantic error of the
 * schema is collected (never only the first), with did-you-mean hints;
 * an IR is returned only for a schema without any error.
 */
#ifndef SCHEMAC_CHECK_H
#define SCHEMAC_CHECK_H

#include <stddef.h>

#include "diag.h"
#include "ir.h"

/* Fields per model, at most. */
#define CHECK_MAX_FIELDS 100

/*
 * Load and check text (len bytes) named path in messages. Returns the IR
 * (free with ir_free()) or NULL when d holds at least one error. path is
 * copied into the IR; d's messages point to the caller's path, which must
 * outlive d.
 */
struct ir_schema *schema_check(
    const char *path, const char *text, size_t len, struct diags *d);

/*
 * Read the file path, load and check it. On error prints every diagnostic
 * to stderr, stores their number in *nerrors (when not NULL) and returns
 * NULL; on success *nerrors is 0 and the IR is the caller's (ir_free()).
 */
struct ir_schema *schema_load(const char *path, int *nerrors);
/* schema_load() for text already in memory; name is used in messages. */
struct ir_schema *schema_load_buffer(
    const char *name, const char *text, size_t len, int *nerrors);

#endif
