/*
 * ddl.h: PostgreSQL DDL rendering from the IR, shared by schema.sql
 * (emit_schema_sql.c) and the migration differ (diff.c), so that a fresh
 * database and a migrated one get byte-identical definitions.
 *
 * Naming (TEAM.md): <table>_pkey, <table>_<col>_key, <table>_<c1>_<c2>_key,
 * <table>_<col>_fkey, <table>_<col>_check, <table>_<cols>_idx, sequences
 * <table>_<col>_seq, enum types <table>_<field> (from the IR). Names longer
 * than PostgreSQL's 63 bytes are shortened exactly as PostgreSQL's own
 * makeObjectName() does, so they match what the server would pick.
 */
#ifndef SCHEMAC_DDL_H
#define SCHEMAC_DDL_H

#include "ir.h"
#include "out.h"

/* PostgreSQL's NAMEDATALEN: identifiers hold at most 63 bytes. */
#define DDL_NAMEDATALEN 64

/*
 * name1_name2_label (name2 and label may be NULL), shortened like
 * PostgreSQL's makeObjectName(): the longer of name1 and name2 loses
 * characters until the whole fits in 63 bytes. buf has DDL_NAMEDATALEN.
 */
void ddl_object_name(
    char *buf, const char *name1, const char *name2, const char *label);

/*
 * Optional renaming applied while rendering, so the differ can compare
 * definitions from two schemas in one namespace. Either callback may be
 * NULL (then the IR's own names are used); the returned string must live
 * as long as the rendering call.
 */
struct ddl_names {
	const char *(*column)(
	    void *arg, const struct ir_model *, const struct ir_field *);
	const char *(*table)(void *arg, const struct ir_model *);
	void *arg;
};

/* The column's type, e.g. `integer`, `varchar(255)`, `"users_role"`. */
void ddl_type(struct out *, const struct ir_field *);
/* Like ddl_type() but serial types as their storage type (integer, bigint). */
void ddl_storage_type(struct out *, const struct ir_field *);
/*
 * The type a statement parameter of the field is cast to: the storage
 * type, except text for strings and plain numeric for numerics, since an
 * explicit cast to varchar(n) or numeric(p,s) would silently truncate or
 * round where assigning to the column raises an error.
 */
void ddl_cast_type(struct out *, const struct ir_field *);

/*
 * A field's literal default (f->default_value) in the syntax whose strings
 * quote writes: true/false for bool, a number as written (out_number()),
 * anything else (strings, dates, uuids, enum labels, JSON text) quoted.
 * SQL passes out_sql_string; schema.lock, which records what the database
 * holds, out_yaml_string.
 */
void ddl_literal(struct out *, const struct ir_field *,
    void (*quote)(struct out *, const char *));

/*
 * The DEFAULT expression of a field (a literal, now(), CURRENT_DATE,
 * LOCALTIMESTAMP, gen_random_uuid()): the one source of a default's SQL,
 * for the DDL, the migrations and the generated INSERT (which gives an
 * absent field this same expression). Returns 0 and writes nothing when
 * the field has no default (a serial's sequence default is not one).
 */
int ddl_default_expr(struct out *, const struct ir_field *);

/*
 * The CHECK expression of one column (min/max, min_length, max_length on
 * text, pattern with PostgreSQL's `~`), conditions joined with AND.
 * Returns 0 and writes nothing when the column has no CHECK.
 */
int ddl_check_expr(struct out *, const struct ir_model *,
    const struct ir_field *, const struct ddl_names *);

/* `"name" type [NOT NULL] [DEFAULT expr]`, as in CREATE TABLE / ADD COLUMN. */
void ddl_column(struct out *, const struct ir_field *);

/* `CREATE TYPE "t" AS ENUM ('a', 'b');` plus a newline. */
void ddl_create_enum(struct out *, const struct ir_field *);

/* The kinds of table-level object a model owns, in rendering order. */
enum ddl_obj_kind { DDL_PKEY, DDL_UNIQUE, DDL_CHECK, DDL_FKEY, DDL_INDEX };

/* One named constraint or index of a table. */
struct ddl_obj {
	enum ddl_obj_kind kind;
	char name[DDL_NAMEDATALEN];
	const struct ir_model *model;
	const struct ir_field *field; /* single-column objects, else NULL */
	const struct ir_index *index; /* indexes:/unique_together, else NULL */
	/*
	 * The definition: for constraints the text after `CONSTRAINT "n"`
	 * (e.g. `UNIQUE ("a", "b")`), for indexes the text after ON
	 * (e.g. `"items" ("owner_id", "title")`). Owned; ddl_objs_free().
	 */
	char *def;
};

/*
 * Every constraint and index of a model, in a fixed order: primary key,
 * unique columns, unique_together, checks, foreign keys, indexes. Objects
 * whose name repeats an earlier one (an index: true column also listed in
 * indexes:) are left out. An index: true on a primary key or unique
 * column is left out too: the constraint's index serves it. names may be
 * NULL. Returns the count; *objs is malloc'd (free with ddl_objs_free).
 */
size_t ddl_objects(
    const struct ir_model *, const struct ddl_names *, struct ddl_obj **objs);
void ddl_objs_free(struct ddl_obj *, size_t);

/*
 * The statement that creates an object of a table that already exists:
 * `ALTER TABLE "t" ADD CONSTRAINT "n" def;` or `CREATE INDEX "n" ON def;`.
 */
void ddl_add_object(struct out *, const char *table, const struct ddl_obj *);

/*
 * CREATE TABLE with its columns and constraints (foreign keys only when
 * with_fkeys), then its indexes and COMMENT ON statements.
 */
void ddl_create_table(struct out *, const struct ir_model *, int with_fkeys);

/* `COMMENT ON TABLE/COLUMN ... IS '...';` for a model's docs. */
void ddl_comments(struct out *, const struct ir_model *);
/*
 * `COMMENT ON COLUMN "table"."column" IS '...';`, or ON TABLE when column
 * is NULL; a NULL doc drops the comment (IS NULL).
 */
void ddl_comment(
    struct out *, const char *table, const char *column, const char *doc);

/* The SQL keyword of an on_delete action, e.g. "CASCADE"; NULL for NONE. */
const char *ddl_on_delete(enum ir_on_delete);

#endif
