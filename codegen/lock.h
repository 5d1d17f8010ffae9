/*
 * lock.h: the migration directory's state: schema.lock (the normalized
 * schema that the migrations produce, loaded back through the checker) and
 * the NNNN_name.up.sql / .down.sql files.
 */
#ifndef SCHEMAC_LOCK_H
#define SCHEMAC_LOCK_H

#include <stddef.h>

#include "ir.h"
#include "out.h"

/* Bumped when the lock's layout changes; older schemac refuse newer locks. */
#define LOCK_VERSION 1
#define LOCK_FILE "schema.lock"

/*
 * Render s as lock text: a header with LOCK_VERSION, then YAML in the
 * schema language holding only what the database sees (tables, columns,
 * types, constraints, indexes, docs), in declaration order, with table,
 * nullable and on_delete always explicit, and no renamed_from hints (they
 * are relative to the previous lock). Deterministic.
 */
void lock_render(const struct ir_schema *s, struct out *o);

/*
 * Load the lock at path. Returns the IR; an empty schema (no models) when
 * the file does not exist and *missing = 1; NULL after printing errors to
 * stderr (unreadable, newer version, or not a valid schema).
 */
struct ir_schema *lock_load(const char *path, int *missing);

/* An IR without models (the state before the first migration). */
struct ir_schema *lock_empty(const char *path);

/* One migration of the directory. */
struct mig {
	int version; /* NNNN */
	char *name; /* "NNNN_name" (the file stem, without .up.sql) */
	char *up_path; /* dir/NNNN_name.up.sql */
	char *down_path; /* dir/NNNN_name.down.sql, or NULL when absent */
};

/*
 * The migrations of dir, sorted by version. A missing dir is an empty
 * list. Returns 0, or -1 after printing an error (two files with the same
 * version, unreadable dir); a .down.sql without its .up.sql is ignored
 * with a warning. Free with mig_free().
 */
int mig_scan(const char *dir, struct mig **v, size_t *n);
void mig_free(struct mig *, size_t);

/*
 * Read a whole file. Returns a malloc'd NUL-terminated buffer (its length
 * in *len when not NULL), or NULL with errno set.
 */
char *lock_read_file(const char *path, size_t *len);

/*
 * Write a file atomically (a temporary file in the same directory, then
 * rename). Returns 0, or -1 after printing an error.
 */
int lock_write_file(const char *path, const char *data, size_t len);

/* mkdir -p dir. Returns 0, or -1 after printing an error. */
int lock_mkdir(const char *dir);

/* The marker line that makes a down migration irreversible. */
#define MIG_IRREVERSIBLE "-- schemac: irreversible"

#endif
