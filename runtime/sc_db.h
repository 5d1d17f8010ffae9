/*
 * sc_db.h: asynchronous database access for Kore handlers. The interface
 * generated handlers see: statements are prepared on every connection when
 * it opens; a handler sends a statement with text parameters and sleeps;
 * the request is woken when the result has arrived. How connections are
 * pooled or pipelined is the runtime's business (sc_db.c), so it can change
 * without touching generated code. A worker never blocks on the database.
 */
#ifndef SC_DB_H
#define SC_DB_H

#include <libpq-fe.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "schemac.h"

/*
 * Called once per worker (kore_worker_configure): remember the connection
 * string and the statement table (static storage) and start connecting.
 */
void sc_db_init(const char *conninfo, const struct sc_stmt *stmts, size_t n);

enum sc_query_state {
	SC_QUERY_PENDING, /* sent, no result yet */
	SC_QUERY_DONE, /* result holds a successful PGresult */
	SC_QUERY_FAILED, /* result holds the error (sqlstate set) */
	SC_QUERY_UNAVAILABLE /* no connection, queue full, or lost */
};

/* Per-request query state, kept as the request's http state. */
struct sc_query {
	enum sc_query_state state;
	PGresult *result; /* owned; freed when the request is freed */
	const char *sqlstate; /* points into result, or NULL */
	void *priv; /* the runtime's bookkeeping */
};

/*
 * The request's query, or NULL on the handler's first call. The request's
 * http state (http_state_create) belongs to sc_db: handlers that query the
 * database must not create their own.
 */
struct sc_query *sc_query_get(struct http_request *);

/*
 * Send statement id with nparams text parameters (NULL value = SQL NULL)
 * on behalf of req. Parameters are copied before this returns. Returns
 * KORE_RESULT_RETRY: the handler returns it and is called again when
 * sc_query_get(req)->state is no longer PENDING. When no connection can
 * take the query the state is UNAVAILABLE at once (still RETRY is returned;
 * the next call sees it). The result is reported only after PostgreSQL
 * committed the statement (its own implicit transaction). A statement
 * whose connection is lost is re-sent once when stmts[id].readonly is
 * set, else it ends UNAVAILABLE (its outcome is unknown). Once a query has
 * finished, the handler may send another one on the same request; the
 * previous result is freed then.
 */
int sc_db_send(
    struct http_request *, int stmt, int nparams, const char *const *values);

/*
 * As sc_db_send, for SQL text built by generated code from fixed fragments
 * (list queries with optional filters; "SELECT 1" for /healthz). Never pass
 * user text in sql. sql is copied; it must be read-only, since it is
 * re-sent once when its connection is lost.
 */
int sc_db_send_sql(struct http_request *, const char *sql, int nparams,
    const char *const *values);

/*
 * True when a connection to the database is up (cheap, no query; a
 * connection that died silently shows up only when used, so /healthz
 * should rather send "SELECT 1" with sc_db_send_sql).
 */
int sc_db_healthy(void);

#endif
