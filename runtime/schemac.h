/*
 * schemac.h: the runtime shared by every generated file: result codes of the
 * query functions and the pieces below. Generated code includes only this.
 */
#ifndef SCHEMAC_H
#define SCHEMAC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Results of the generated query functions (SPEC section 4). */
#define SCHEMAC_OK 0
#define SCHEMAC_NOT_FOUND 1
#define SCHEMAC_CONFLICT 2 /* unique violation */
#define SCHEMAC_INVALID 3 /* a bad value: check, not-null, foreign key, ... */
#define SCHEMAC_DB_ERROR 4 /* anything else, including a lost connection */

/* A statement the generated code uses; its index in the table is its id. */
struct sc_stmt {
	const char *name; /* prepared statement name, e.g. "user_get" */
	const char *sql; /* parameterized SQL ($1, $2, ...) */
	int nparams;
	/*
	 * True for statements without side effects (get, list, by-<field>):
	 * the database runtime re-sends them once on a fresh connection when
	 * their connection was lost, instead of failing the request.
	 */
	bool readonly;
};

/*
 * Text parameters for one statement. Numbers are formatted into scratch
 * space inside the struct, so it needs no freeing; strings are borrowed
 * and must outlive the send. A NULL value is SQL NULL.
 */
#define SC_PARAMS_MAX 256
struct sc_params {
	int n;
	const char *values[SC_PARAMS_MAX];
	char scratch[SC_PARAMS_MAX][32];
};

void sc_params_init(struct sc_params *);
void sc_params_text(struct sc_params *, const char *); /* NULL = SQL NULL */
void sc_params_null(struct sc_params *);
void sc_params_int(struct sc_params *, int64_t);
void sc_params_double(struct sc_params *, double); /* exact round trip */
void sc_params_bool(struct sc_params *, bool); /* "true"/"false" */

#include "sc_buf.h"
#include "sc_json.h"
#include "sc_validate.h"

/*
 * The SCHEMAC_* result for a failed statement's SQLSTATE (NULL when the
 * connection failed): 23505 → CONFLICT; 23502, 23503, 23514, 22xxx and
 * 54xxx (a value over a database limit, e.g. too big for an index) →
 * INVALID; anything else → DB_ERROR.
 */
int sc_sqlstate_result(const char *sqlstate);

#endif
