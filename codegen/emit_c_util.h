/*
 * emit_c_util.h: C spellings shared by the emitters of generated C (models,
 * queries, handlers), so that every file agrees on member types, names and
 * the column order of a model's rows, and the helpers that lay out C code
 * (argument lists wrapped at 80 columns, SQL as C string literals).
 */
#ifndef SCHEMAC_EMIT_C_UTIL_H
#define SCHEMAC_EMIT_C_UTIL_H

#include "ir.h"
#include "out.h"

/* The C type of a field's value: "int32_t", "double", "bool", "char *". */
const char *emit_c_type(enum ir_type);
/* True when a nullable scalar needs a separate `bool <f>_is_null`. */
int emit_c_has_is_null(const struct ir_field *);
/* The number of fields clients may set (not api_readonly). */
size_t emit_c_nwritable(const struct ir_model *);

/*
 * The C parameter name for a key field in the query functions: the field's
 * name, unless it would collide with a local name those functions use.
 */
const char *emit_c_key_name(const struct ir_field *);
/* "int32_t id" or "const char *email" (in an emit_c_fmt() buffer). */
const char *emit_c_key_decl(const struct ir_field *);
/*
 * The functions of a model in models.h and queries.h (the C API of SPEC
 * section 4), in the order the headers declare them.
 */
enum emit_c_api {
	EMIT_C_INIT,
	EMIT_C_CLEAR,
	EMIT_C_ROWS_FREE,
	EMIT_C_PATCH_CLEAR,
	EMIT_C_DECODE_CREATE,
	EMIT_C_DECODE_PATCH,
	EMIT_C_TO_JSON,
	EMIT_C_ROW_JSON,
	EMIT_C_FROM_ROW, /* the last of models.h */
	EMIT_C_CREATE_PARAMS,
	EMIT_C_UPDATE_PARAMS,
	EMIT_C_GET, /* get, or get_by_<key> for a unique field */
	EMIT_C_LIST,
	EMIT_C_CREATE,
	EMIT_C_UPDATE,
	EMIT_C_DELETE
};

/*
 * The signature of one of them, described once for the header that
 * declares it and the file that defines it, so the two cannot disagree.
 */
struct emit_c_fn {
	const char *type; /* "int" or "void" */
	char name[256];
	char params[5][256]; /* declarations, e.g. "PGconn *db" */
	const char *args[5]; /* params[i] */
	const char *names[5]; /* the name params[i] ends with, e.g. "db" */
	size_t nparams;
};

/* Describe function what of m (key: the field of EMIT_C_GET, else unused). */
void emit_c_fn(struct emit_c_fn *, const struct ir_model *,
    enum emit_c_api what, const struct ir_field *key);
/*
 * Write its prototype ("type\tname(params);", as the headers align them)
 * or the head of its definition ("type\nname(params)\n").
 */
void emit_c_decl(struct out *, const struct emit_c_fn *, int prototype);

/* The enum constant of a statement: SCHEMAC_STMT_<MODEL>_<WHAT>. */
void emit_c_stmt_id(struct out *, const struct ir_model *, const char *what);

/*
 * Write head "(" args ")" end, wrapped KNF-style at 80 columns: indent
 * opens the first line, cont each continuation line. The arguments (C
 * expressions or parameter declarations) end with NULL. For a prototype:
 * ("", "int\tuser_get", "\t    ", ";\n", ...); for a definition's
 * declarator: ("", "user_get", "    ", "\n", ...).
 */
void emit_c_list(struct out *, const char *indent, const char *head,
    const char *cont, const char *end, ...);
/* emit_c_list() of the n arguments in args. */
void emit_c_args(struct out *, const char *indent, const char *head,
    const char *cont, const char *end, const char *const *args, size_t n);
/*
 * printf into one of 16 static buffers used in turn, for building the
 * arguments of emit_c_list() and emit_c_call() in place. Texts longer
 * than 511 bytes are cut (no identifier of a valid schema comes close).
 */
const char *emit_c_fmt(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
/* The statement "fn(arg, ...);" at tabs tabs; arguments end with NULL. */
void emit_c_call(struct out *, int tabs, const char *fn, ...);

/*
 * `decl = { "a", "b", NULL };`, a NULL-terminated array of the n names as
 * C strings: on one line when it fits in 80 columns, else one tab in,
 * lines filled to 72 columns.
 */
void emit_c_names(struct out *, const char *decl, char *const *names, size_t n);
/* Write s in upper case, for macro and enum names (USER_COL_EMAIL). */
void emit_c_upper(struct out *, const char *);
/*
 * Write s as the text of a C block comment: "*" "/" and "/" "*" are split
 * so user text can neither end the comment nor nest one; a newline
 * continues the comment on a new line starting with prefix (e.g. " * ").
 */
void emit_c_comment_text(struct out *, const char *s, const char *prefix);
/* The sc_params_* function that sends a value of the type as text. */
const char *emit_c_param_fn(enum ir_type);

/*
 * One select-list item of the field: the quoted column, or for date and
 * time types `to_json("col") #>> '{}' AS "col"`, which is ISO 8601 with
 * a 'T' and a +hh:mm offset whatever the session's DateStyle.
 */
void emit_c_sql_select_item(struct out *, const struct ir_field *);

/*
 * SQL written as adjacent C string literals, each line at most about 80
 * columns. The SQL is built in chunks (emit_c_sql_puts() or out_* calls on
 * emit_c_sql_out()); a chunk ends at emit_c_sql_wrap() and moves to a new
 * literal when it would not fit on the current one. Every literal but the
 * last ends in a space, so the pieces never glue tokens together. All SQL
 * text goes through out_c_string, so user strings in it are escaped.
 */
struct emit_c_sql {
	struct out *dst; /* the C code being written */
	const char *indent; /* written before each continuation literal */
	const char *eol; /* written after each literal but the last */
	struct out line; /* SQL text of the current literal */
	struct out chunk; /* SQL text not yet placed on a line */
	int nlines; /* literals (or code) written so far */
	int fresh; /* the line starts after a space: trim the chunk */
};

void emit_c_sql_begin(
    struct emit_c_sql *, struct out *dst, const char *indent, const char *eol);
/* Append SQL text (already quoted where needed) to the current chunk. */
void emit_c_sql_puts(struct emit_c_sql *, const char *);
/* The buffer of the current chunk, for out_sql_ident() and friends. */
struct out *emit_c_sql_out(struct emit_c_sql *);
/* End the chunk: the statement may wrap before it when it is long. */
void emit_c_sql_wrap(struct emit_c_sql *);
/* End the chunk and the current literal, whatever its length. */
void emit_c_sql_break(struct emit_c_sql *);
/*
 * End the current literal and write code after it on the same line, e.g.
 * a macro holding more SQL; the next SQL text starts a new line.
 */
void emit_c_sql_code(struct emit_c_sql *, const char *code);
/* Write the last literal and free the buffers. */
void emit_c_sql_end(struct emit_c_sql *);

#endif
