/*
 * write.h: the last stage of `schemac generate`: render every emitter into
 * memory, then bring the output directory up to date: each file written
 * atomically (temporary file + rename), files whose bytes are unchanged
 * left alone (their mtime too), or, with --check, nothing written at all.
 */
#ifndef SCHEMAC_WRITE_H
#define SCHEMAC_WRITE_H

#include "emit.h"
#include "ir.h"

/*
 * Generate every file of table (terminated by a NULL filename; usually
 * emitters) for s into outdir, creating outdir (and its parents) when
 * missing. Nothing is written unless every emitter succeeds.
 * With check set, writes nothing and prints "<outdir>/<file> is stale" or
 * "... is missing" on stdout for each file that differs.
 * Returns 0 when done (or, with check, up to date), 1 when files are stale,
 * 2 on an emitter or I/O error (after printing it on stderr).
 */
int write_outputs(const struct ir_schema *s, const struct emitter *table,
    const char *outdir, int check);

#endif
