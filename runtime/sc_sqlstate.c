/* sc_sqlstate.c: the SCHEMAC_* result code for a PostgreSQL SQLSTATE. */
#include <string.h>

#include "schemac.h"

/*
 * Classes and codes (PostgreSQL appendix A): 23505 unique_violation is a
 * conflict; the other integrity violations the schema can cause (23502
 * not_null, 23503 foreign_key, 23514 check), class 22 (data exception:
 * value too long, out of range, bad syntax) and class 54 (program limit
 * exceeded: a value too big to index, e.g. 3 kB of text in a b-tree
 * indexed column, or a jsonb value over its size limits) mean the client
 * sent a bad value. Everything else, and no SQLSTATE at all (the
 * connection failed), is the database's problem: lost connections,
 * serialization failures, deadlocks, timeouts, missing tables, full disks.
 */
int
sc_sqlstate_result(const char *sqlstate)
{
	if (sqlstate == NULL || strlen(sqlstate) != 5)
		return (SCHEMAC_DB_ERROR);
	if (strcmp(sqlstate, "23505") == 0)
		return (SCHEMAC_CONFLICT);
	if (strcmp(sqlstate, "23502") == 0 || strcmp(sqlstate, "23503") == 0 ||
	    strcmp(sqlstate, "23514") == 0)
		return (SCHEMAC_INVALID);
	if (strncmp(sqlstate, "22", 2) == 0 || strncmp(sqlstate, "54", 2) == 0)
		return (SCHEMAC_INVALID);
	return (SCHEMAC_DB_ERROR);
}
