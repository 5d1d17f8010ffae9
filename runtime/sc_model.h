/*
 * sc_model.h: what generated models, queries and handlers share, driven by
 * a static table per model (generated in models.c): decoding a JSON body
 * into the model's patch struct, writing a struct or a result row as JSON,
 * filling a struct from a row, freeing what it owns, turning a patch into
 * statement parameters, running a statement of the plain C API, and the
 * Kore-free half of a list request (its query parameters and SQL).
 * Kore-free; unit-tested by tests/runtime_model.c.
 *
 * A model's table describes each field once: its name, its type, which
 * requests may carry it, its validation rules and where its members are
 * in struct <m> and struct <m>_patch (models.h). Generated code then reads
 * as "marshal, call the runtime, unmarshal", e.g.
 *
 *	int
 *	user_decode_create(const struct sc_json *obj, struct user_patch *p,
 *	    struct sc_verrs *errs)
 *	{
 *		return (sc_model_decode(&user_model, obj, p, errs, true));
 *	}
 */
#ifndef SC_MODEL_H
#define SC_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libpq-fe.h>

#include "schemac.h"

/*
 * How a field's value is held (C type of its member), decoded, sent as a
 * parameter and written as JSON. Integers are JSON numbers; numeric is a
 * JSON number kept as text (every digit); json is JSON text written as it
 * is; the others are char * written as JSON strings.
 */
enum sc_type {
	SC_TYPE_INT16, /* int16_t: smallint */
	SC_TYPE_INT32, /* int32_t: int, serial */
	SC_TYPE_INT64, /* int64_t: bigint, bigserial */
	SC_TYPE_DOUBLE, /* double: float */
	SC_TYPE_BOOL, /* bool */
	SC_TYPE_NUMERIC, /* char *: the exact decimal text */
	SC_TYPE_STRING, /* char *: string, text */
	SC_TYPE_ENUM, /* char *: one of rules.enum_values */
	SC_TYPE_DATE, /* char *: YYYY-MM-DD */
	SC_TYPE_TIMESTAMP, /* char *: ISO 8601 without offset */
	SC_TYPE_TIMESTAMPTZ, /* char *: ISO 8601 with offset */
	SC_TYPE_UUID, /* char *: lower-case 8-4-4-4-12 */
	SC_TYPE_JSON /* char *: compact JSON text (jsonb) */
};

/* True when a value of the type lives in a malloc'd char *. */
bool sc_type_is_text(enum sc_type);

/* sc_field.flags */
#define SC_F_READONLY 0x1 /* server-set: returned, never accepted */
#define SC_F_WRITEONLY 0x2 /* accepted, never returned */
#define SC_F_DEFAULT 0x4 /* the database has a default for it */

/*
 * One field of a model. The name is rules.name: the column, the JSON key
 * and the C member, always a C identifier (so it needs no JSON escaping;
 * SQL text quotes it). Offsets: off in struct <m>; null_off is that of
 * <f>_is_null, which only nullable scalars have (0: none, since it always
 * follows the value); patch_off, patch_set_off and patch_null_off the same
 * in struct <m>_patch, which only fields clients may set are members of
 * (patch_off is 0 for the others: it always follows <f>_set). Write them
 * with the SC_MEMBER* and SC_PATCH* macros below.
 */
struct sc_field {
	struct sc_field_rules rules; /* name, nullable, and the checks */
	enum sc_type type;
	unsigned flags; /* SC_F_* */
	size_t off, null_off;
	size_t patch_off, patch_set_off, patch_null_off;
};

/* Designated initializers of the offsets of field f of struct m. */
#define SC_MEMBER(m, f) .off = offsetof(struct m, f)
#define SC_MEMBER_NULL(m, f) \
	SC_MEMBER(m, f), .null_off = offsetof(struct m, f##_is_null)
#define SC_PATCH(m, f)                              \
	.patch_off = offsetof(struct m##_patch, f), \
	.patch_set_off = offsetof(struct m##_patch, f##_set)
#define SC_PATCH_NULL(m, f) \
	SC_PATCH(m, f),     \
	    .patch_null_off = offsetof(struct m##_patch, f##_is_null)

/*
 * A model: its fields in column order (the order of <M>_SELECT_COLUMNS,
 * so field i is column i of every row the model's statements return).
 * patterns_ready, when not NULL, is the model's flag that the regex_t of
 * every rules.regex has been compiled: it is done on first use, once per
 * process (a Kore worker is a single-threaded process).
 */
struct sc_model {
	const char *name; /* as written in the schema, e.g. "User" */
	const struct sc_field *fields;
	size_t nfields;
	size_t pk; /* index of the primary key */
	size_t size; /* sizeof(struct <m>) */
	size_t patch_size; /* sizeof(struct <m>_patch) */
	const char *const *columns; /* the field names, NULL-terminated */
	bool *patterns_ready;
};

/* The field named name, or NULL. */
const struct sc_field *sc_model_field(const struct sc_model *, const char *);

/*
 * Zero the patch, then read a JSON request body into it: every member the
 * body has is decoded and marked set; with create, a required field (not
 * nullable, no default, not readonly) that is absent is "missing"; then a
 * readonly member is refused and an unknown one is extra_forbidden, in the
 * body's order. A body that is no object is model_attributes_type. Returns
 * 0, or -1 with every problem appended to errs. Either way the patch may
 * own strings: free them with sc_model_patch_clear(). Aborts when a
 * pattern does not compile (schemac compiled each one already, so only
 * lack of memory can cause it).
 */
int sc_model_decode(const struct sc_model *, const struct sc_json *obj,
    void *patch, struct sc_verrs *errs, bool create);

/*
 * Append the JSON object of a struct <m>, or of row row of res (columns in
 * field order; SQL NULL is null), leaving writeonly fields out.
 */
void sc_model_to_json(const struct sc_model *, const void *, struct sc_buf *);
void sc_model_row_json(
    const struct sc_model *, const PGresult *, int row, struct sc_buf *);

/*
 * Fill a struct <m> from row row of res: strings are malloc'd copies (NULL
 * for SQL NULL). Returns 0, or -1 when memory ran out (the struct is then
 * cleared: nothing to free).
 */
int sc_model_from_row(
    const struct sc_model *, const PGresult *, int row, void *out);

/*
 * Free the strings a struct <m> or a patch owns and zero it; NULL is
 * fine. sc_model_rows_free also frees the array of n structs.
 */
void sc_model_clear(const struct sc_model *, void *);
void sc_model_rows_free(const struct sc_model *, void *rows, size_t n);
void sc_model_patch_clear(const struct sc_model *, void *patch);

/*
 * Append a patch's parameters: for each field clients may set, in order,
 * whether it is set ($n::boolean) and its value (NULL for null). Strings
 * are borrowed from the patch, which must outlive the parameters.
 */
void sc_model_patch_params(
    const struct sc_model *, const void *patch, struct sc_params *);

/*
 * A patch that sets every field clients may set from a struct <m>, for
 * the C API's <m>_create(): a NULL string of a NOT NULL field with a
 * default is left unset, so it takes the default. Strings are borrowed
 * from in; do not clear the patch.
 */
void sc_model_patch_from(const struct sc_model *, const void *in, void *patch);

/*
 * The plain C API (queries.c): run a statement of the table with its SQL
 * text (a plain connection has nothing prepared) and parameters p.
 * sc_exec_one wants at most one row: SCHEMAC_NOT_FOUND without one, else
 * SCHEMAC_OK with out (when not NULL) filled by sc_model_from_row (free it
 * with sc_model_clear). sc_exec_list returns every row as a malloc'd array
 * of structs in *rows (free with sc_model_rows_free; *rows is NULL and
 * *nrows 0 on failure). A failed statement is SCHEMAC_CONFLICT,
 * SCHEMAC_INVALID or SCHEMAC_DB_ERROR (sc_sqlstate_result); running out of
 * memory is SCHEMAC_DB_ERROR.
 */
int sc_exec_one(PGconn *, const struct sc_stmt *, const struct sc_params *,
    const struct sc_model *, void *out);
int sc_exec_list(PGconn *, const struct sc_stmt *, const struct sc_params *,
    const struct sc_model *, void **rows, size_t *nrows);

/*
 * Statement parameters taken from a request's path and query string, and
 * the errors found in them (a 422 before anything is sent). Values that
 * had to be normalized are owned here until sc_args_free().
 */
struct sc_args {
	struct sc_params p;
	struct sc_verrs errs;
	char *owned[SC_PARAMS_MAX];
	int nowned;
};

void sc_args_init(struct sc_args *);
void sc_args_free(struct sc_args *);

/*
 * Check text, a value of field f from the path or query string (where is
 * "path" or "query"; name the parameter, for the error's loc), against the
 * field's type only (not its rules: a filter that no row can match is no
 * error) and append it to the parameters, normalized (an integer in
 * range, a finite double, a bool word, a syntactically valid numeric,
 * date, timestamp or uuid, an enum label). Strings, text and json are
 * taken as they are. On an error nothing is appended.
 */
void sc_args_value(struct sc_args *, const char *where, const char *name,
    const struct sc_field *f, const char *text);

/*
 * A list request of a model: GET /<table>?limit=&offset=&count=&order_by=
 * &after= and an equality filter ?<field>= per name in filters (the fields that
 * have an index, NULL-terminated, in field order). order_by takes the
 * primary key, then each filter but the key, each as name or -name
 * (descending); the key breaks ties. after=<key> pages along the key.
 */
struct sc_list {
	const char *const *filters;
	const char *table; /* unquoted, e.g. "users" */
	const char *columns; /* <M>_SELECT_COLUMNS */
};

/* A query-string argument's value, or NULL when the request has none. */
typedef const char *(*sc_arg_fn)(void *ctx, const char *name);

/*
 * Read a list request's parameters through arg into a (limit $1, offset
 * $2, then each filter value) and, when no error was found, sql: empty
 * when the model's prepared list statement does (the plain first page
 * by key), else the statement to send, built from the model's names (SQL
 * quoted) and $n placeholders only. Request values never reach sql. With
 * count=true the page is joined to the number of rows the filters match
 * (after does not narrow it), one column more than a row, so that an
 * empty page still yields it as one row of NULLs. Errors go to a->errs
 * (pydantic's int_parsing, literal_error for order_by, ...).
 */
void sc_list_parse(const struct sc_model *, const struct sc_list *,
    sc_arg_fn arg, void *ctx, struct sc_args *a, struct sc_buf *sql);

/*
 * Append s percent-encoded for a URL path segment: everything but
 * RFC 3986's unreserved characters (letters, digits, -._~) as %XX.
 */
void sc_url_segment(struct sc_buf *, const char *s);

#endif
