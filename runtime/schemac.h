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
#define SCHEMAC_CONFLICT 2	/* unique violation */
#define SCHEMAC_INVALID 3	/* check, not-null or foreign-key violation */
#define SCHEMAC_DB_ERROR 4	/* anything else, including a lost connection */

#include "sc_buf.h"
#include "sc_json.h"
#include "sc_validate.h"

/*
 * The SCHEMAC_* result for a failed statement's SQLSTATE (NULL when the
 * connection failed): 23505 → CONFLICT; 23502, 23503, 23514, 22xxx →
 * INVALID; anything else → DB_ERROR.
 */
int sc_sqlstate_result(const char *sqlstate);

#endif
