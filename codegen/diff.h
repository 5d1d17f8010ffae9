/*
 * diff.h: the migration differ. Compares the IR of the migration lock
 * (the schema the existing migrations produce) with the IR of schema.yaml
 * and renders the SQL that takes a database from one to the other (up) and
 * back (down), plus a summary in words and the list of destructive changes.
 *
 * Tables are matched by table name, columns by column name; `renamed_from`
 * hints match a new table or column to an old one explicitly (never by
 * guessing). A hint that matches nothing in the lock is an error; a hint
 * whose rename the lock already holds (the new name is in the lock) is
 * ignored, so hints may stay in schema.yaml after their migration.
 */
#ifndef SCHEMAC_DIFF_H
#define SCHEMAC_DIFF_H

#include <stddef.h>

#include "ir.h"
#include "out.h"

/* A growable list of malloc'd strings. */
struct strv {
	char **v;
	size_t n;
	size_t cap;
};

void strv_add(struct strv *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void strv_free(struct strv *);

struct diff {
	struct out up; /* statements, each change under a comment */
	struct out down; /* the inverse statements */
	struct strv up_summary; /* one line per change, in words */
	struct strv down_summary; /* the same for the down direction */
	struct strv destructive; /* the up's destructive changes */
	struct strv irreversible; /* why the down cannot restore the data */
};

/*
 * Diff old (the lock) against new (schema.yaml). Fills d (initialised
 * here; free with diff_free() whatever the result). Returns 0, or -1 after
 * printing every `file:line:col: error: ...` about renamed_from hints to
 * stderr. No change at all leaves up_summary empty.
 */
int diff_schemas(
    const struct ir_schema *old, const struct ir_schema *new, struct diff *d);
void diff_free(struct diff *);

#endif
