/* sc_db.c: pipelined libpq connections on Kore's event loop (sc_db.h). */
#include <sys/types.h>
#include <sys/epoll.h>
#include <sys/queue.h>

#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "sc_db.h"

/*
 * Design (shared/notes/kore-performance.md, section 2c). Each worker keeps
 * a few libpq connections in pipeline mode, with every statement of the
 * table prepared when a connection opens: SC_DB_READERS for read-only
 * statements and SC_DB_WRITERS for writes (conn_pick says why).
 *
 * Transactions: a write is sent with PQsendQueryPrepared and its own Sync,
 * so it is its own implicit transaction (one request's error never aborts
 * or rolls back another's), and its request completes only when that Sync
 * comes back, i.e. once PostgreSQL has committed it: no write is
 * acknowledged before it is durable. Read-only statements are batched: all
 * those sent during one pass of Kore's loop share one Sync and one send()
 * (db_sync_run), and each completes with its result. If one read fails,
 * the later reads of its group come back PIPELINE_ABORTED, unexecuted, and
 * are re-sent with a Sync of their own.
 *
 * The sockets sit in Kore's epoll loop through struct sc_conn, whose first
 * member is a struct kore_event. Connecting uses PQconnectStart and
 * PQconnectPoll driven by the same loop, so the worker never blocks on the
 * database. Results are matched to requests through a FIFO ring per
 * connection, in the order the statements were sent. A request whose
 * client went away is detached from its ring entry (req_onfree), and its
 * late result is dropped.
 *
 * Failures: when a connection is lost, read-only statements without their
 * result are re-sent once, on another connection or after reconnecting;
 * writes, whose outcome is unknown, complete UNAVAILABLE (503). While no
 * connection is up, a request triggers a connection attempt (at most every
 * SC_DB_ONDEMAND_MS) and waits for it, so the first request after the
 * database comes back succeeds, while a database that is down answers
 * within milliseconds; background attempts repeat every SC_DB_BACKOFF_MS.
 * A full ring (SC_DB_QUEUE_MAX) also means UNAVAILABLE.
 */

#define SC_DB_READERS 2 /* connections per worker for read-only statements */
#define SC_DB_WRITERS 6 /* and for writes (see conn_pick) */
#define SC_DB_QUEUE_MAX 1024 /* statements in flight per connection */
#define SC_DB_TICK_MS 100 /* housekeeping period */
#define SC_DB_BACKOFF_MS 250 /* between failed connection attempts */
#define SC_DB_CONNECT_MS 3000 /* an attempt taking longer is abandoned */
#define SC_DB_PARK_MS 1000 /* longest wait for a connection */
#define SC_DB_ONDEMAND_MS 50 /* between attempts a request may trigger */

enum sc_conn_state { SC_CONN_DOWN, SC_CONN_CONNECTING, SC_CONN_READY };

struct sc_req;

/* A statement in flight: its request (NULL when the client went away). */
struct sc_entry {
	struct sc_req *r;
	PGresult *res; /* a write's result, held until its Sync */
	int readonly; /* completes with its result, not its Sync */
};

struct sc_conn {
	struct kore_event evt; /* first: Kore's loop casts data.ptr to it */
	PGconn *db;
	enum sc_conn_state state;
	int id;
	int writer; /* meant for writes */
	int writing; /* registered for EPOLLOUT: output is pending */
	int waiting; /* connecting: the KORE_EVENT_* PQconnectPoll awaits */
	int preparing; /* PQsendPrepare Syncs still to come back */
	int unsynced; /* read-only statements sent since the last Sync */
	int fails; /* consecutive failed attempts, for logging */
	int was_ready; /* it has been up: log the next loss */
	u_int64_t since; /* when the current attempt started */
	u_int64_t next_try;
	u_int32_t head;
	u_int32_t count;
	struct sc_entry ring[SC_DB_QUEUE_MAX];
};

/* The per-request state; the http state of the request. */
struct sc_req {
	struct sc_query q; /* first: sc_query_get returns it */
	struct http_request *req;
	struct sc_conn *conn; /* in flight on, or NULL */
	u_int32_t slot; /* its ring index on conn */
	int parked; /* waiting for a connection */
	u_int64_t parked_at;
	int stmt; /* statement index, or -1 for sql */
	int readonly; /* may be re-sent after a lost connection */
	int retries;
	int isolate; /* aborted by another's error: send with its own Sync */
	int reprepared; /* its statement was prepared again for it */
	int nparams;
	const char *sql; /* stmt == -1: the SQL text, in copy */
	const char *const *values; /* the parameters, in copy, or NULL */
	void *copy; /* owned: sql and parameters */
	TAILQ_ENTRY(sc_req) plist;
};

static void db_tick(void *, u_int64_t);
static void db_kick(void);
static void db_kick_run(void *, u_int64_t);
static void db_want_sync(void);
static void db_sync_run(void *, u_int64_t);
static void db_expire_parked(u_int64_t);
static int db_may_connect(void);
static int db_connect_soon(u_int64_t);
static void db_retry_run(void *, u_int64_t);

static void conn_event(void *, int);
static void conn_start(struct sc_conn *);
static void conn_poll(struct sc_conn *);
static void conn_watch(struct sc_conn *, int);
static void conn_ready(struct sc_conn *);
static void conn_fail(struct sc_conn *, const char *);
static void conn_lost(struct sc_conn *, const char *);
static void conn_close(struct sc_conn *);
static int conn_flush(struct sc_conn *);
static int conn_sync(struct sc_conn *);
static void conn_pop(struct sc_conn *);
static void conn_read(struct sc_conn *);
static int conn_send(struct sc_conn *, struct sc_req *);
static void conn_push(struct sc_conn *, struct sc_req *, int);
static int conn_reprepare(struct sc_conn *, int, int);
static struct sc_conn *conn_pick(int, int *);
static int db_env(const char *, int, int);

static struct sc_req *req_state(struct http_request *);
static void req_onfree(struct http_request *);
static void req_reset(struct sc_req *);
static void req_copy(struct sc_req *, const char *, const char *const *);
static void req_dispatch(struct sc_req *, const char *, const char *const *);
static void req_park(struct sc_req *);
static void req_unpark(struct sc_req *);
static void req_complete(struct sc_req *, enum sc_query_state, PGresult *);
static void req_finish(struct sc_conn *, struct sc_req *, PGresult *);
static void req_conn_error(struct sc_conn *, struct sc_req *, PGresult *);
static const char *req_name(const struct sc_req *);
static const char *db_msg(const char *);
static void db_notice(void *, const char *);

static const char *db_conninfo;
static const struct sc_stmt *db_stmts;
static size_t db_nstmts;
static struct sc_conn *db_conns;
static int db_nconns;
static u_int32_t db_queue_max;
static struct kore_timer *db_kick_timer;
static struct kore_timer *db_sync_timer;
static struct kore_timer *db_retry_timer;
static TAILQ_HEAD(, sc_req) db_parked = TAILQ_HEAD_INITIALIZER(db_parked);

/*
 * Once per worker: keep conninfo (copied) and the statement table (static
 * storage, not copied), start connecting and start the housekeeping timer.
 * SCHEMAC_DB_READERS and SCHEMAC_DB_WRITERS (1..16) override the number of
 * connections per worker of each kind, SCHEMAC_DB_QUEUE (1..1024) the
 * number of statements in flight per connection.
 */
void
sc_db_init(const char *conninfo, const struct sc_stmt *stmts, size_t n)
{
	int i, readers;

	readers = db_env("SCHEMAC_DB_READERS", SC_DB_READERS, 16);
	db_nconns = readers + db_env("SCHEMAC_DB_WRITERS", SC_DB_WRITERS, 16);
	db_queue_max = (u_int32_t)db_env(
	    "SCHEMAC_DB_QUEUE", SC_DB_QUEUE_MAX, SC_DB_QUEUE_MAX);
	db_conninfo = kore_strdup(conninfo);
	db_stmts = stmts;
	db_nstmts = n;
	db_conns = kore_calloc(db_nconns, sizeof(*db_conns));
	for (i = 0; i < db_nconns; i++) {
		db_conns[i].evt.type = KORE_TYPE_PGSQL_CONN;
		db_conns[i].evt.handle = conn_event;
		db_conns[i].id = i;
		db_conns[i].writer = i >= readers;
		db_conns[i].state = SC_CONN_DOWN;
		conn_start(&db_conns[i]);
	}
	(void)kore_timer_add(db_tick, SC_DB_TICK_MS, NULL, 0);
}

/* An integer setting from the environment, def when unset or not 1..max. */
static int
db_env(const char *name, int def, int max)
{
	const char *v;
	int n;

	if ((v = getenv(name)) == NULL)
		return (def);
	n = atoi(v);
	return (n >= 1 && n <= max ? n : def);
}

struct sc_query *
sc_query_get(struct http_request *req)
{
	return (http_state_get(req));
}

int
sc_db_send(
    struct http_request *req, int stmt, int nparams, const char *const *values)
{
	struct sc_req *r;

	r = req_state(req);
	if (r->q.state == SC_QUERY_PENDING && (r->conn != NULL || r->parked)) {
		kore_log(LOG_ERR, "sc_db_send: request already has a query");
		return (KORE_RESULT_RETRY);
	}
	req_reset(r);
	r->nparams = nparams;
	if (stmt < 0 || (size_t)stmt >= db_nstmts ||
	    nparams != db_stmts[stmt].nparams) {
		kore_log(LOG_ERR, "sc_db_send: bad statement %d (%d params)",
		    stmt, nparams);
		req_complete(r, SC_QUERY_UNAVAILABLE, NULL);
		db_kick();
		return (KORE_RESULT_RETRY);
	}
	r->stmt = stmt;
	r->readonly = db_stmts[stmt].readonly;
	req_dispatch(r, NULL, values);
	return (KORE_RESULT_RETRY);
}

int
sc_db_send_sql(struct http_request *req, const char *sql, int nparams,
    const char *const *values)
{
	struct sc_req *r;

	r = req_state(req);
	if (r->q.state == SC_QUERY_PENDING && (r->conn != NULL || r->parked)) {
		kore_log(
		    LOG_ERR, "sc_db_send_sql: request already has a query");
		return (KORE_RESULT_RETRY);
	}
	req_reset(r);
	r->nparams = nparams;
	r->stmt = -1;
	r->readonly = 1;
	req_dispatch(r, sql, values);
	return (KORE_RESULT_RETRY);
}

int
sc_db_healthy(void)
{
	int i;

	for (i = 0; i < db_nconns; i++) {
		if (db_conns[i].state == SC_CONN_READY)
			return (1);
	}
	return (0);
}

/* The request's state, created (with req_onfree) on first use. */
static struct sc_req *
req_state(struct http_request *req)
{
	struct sc_req *r;

	if ((r = http_state_get(req)) != NULL)
		return (r);
	r = http_state_create(req, sizeof(*r), req_onfree);
	r->q.state = SC_QUERY_PENDING;
	r->q.priv = r;
	r->req = req;
	r->stmt = -1;
	return (r);
}

/*
 * Kore frees the request (response sent, or the client went away): detach
 * it so a late result is dropped by the connection, and free what the
 * state owns. Kore frees the state itself.
 */
static void
req_onfree(struct http_request *req)
{
	struct sc_req *r;

	if ((r = http_state_get(req)) == NULL)
		return;
	if (r->conn != NULL) {
		r->conn->ring[r->slot].r = NULL;
		r->conn = NULL;
	}
	if (r->parked) {
		TAILQ_REMOVE(&db_parked, r, plist);
		r->parked = 0;
	}
	req_reset(r);
}

/* Forget the previous query's result and parameter copy. */
static void
req_reset(struct sc_req *r)
{
	if (r->q.result != NULL)
		PQclear(r->q.result);
	r->q.result = NULL;
	r->q.sqlstate = NULL;
	r->q.state = SC_QUERY_PENDING;
	kore_free(r->copy);
	r->copy = NULL;
	r->sql = NULL;
	r->values = NULL;
	r->retries = 0;
	r->isolate = 0;
	r->reprepared = 0;
}

/*
 * Copy sql (may be NULL) and the parameters into one allocation owned by r,
 * so the statement can be sent later (parked, or re-sent after a loss).
 */
static void
req_copy(struct sc_req *r, const char *sql, const char *const *values)
{
	size_t len, off, l;
	const char **v;
	char *p;
	int i;

	if (r->copy != NULL)
		return;
	len = (size_t)r->nparams * sizeof(char *) + 1;
	for (i = 0; i < r->nparams; i++) {
		if (values[i] != NULL)
			len += strlen(values[i]) + 1;
	}
	if (sql != NULL)
		len += strlen(sql) + 1;

	p = kore_malloc(len);
	v = (const char **)(void *)p;
	off = (size_t)r->nparams * sizeof(char *);
	for (i = 0; i < r->nparams; i++) {
		if (values[i] == NULL) {
			v[i] = NULL;
			continue;
		}
		l = strlen(values[i]) + 1;
		memcpy(p + off, values[i], l);
		v[i] = p + off;
		off += l;
	}
	if (sql != NULL) {
		l = strlen(sql) + 1;
		memcpy(p + off, sql, l);
		r->sql = p + off;
	}
	r->copy = p;
	r->values = v;
}

/*
 * Send r's statement on the least loaded connection that is up, or park it
 * while a connection attempt is in progress, or complete it UNAVAILABLE.
 * sql/values are copied into r unless r already owns a copy (a re-send).
 * The request sleeps while the state is PENDING.
 */
static void
req_dispatch(struct sc_req *r, const char *sql, const char *const *values)
{
	struct sc_conn *c;
	int full;

	/* Own the parameters: the statement may be sent again later. */
	req_copy(r, sql, values);
	r->q.state = SC_QUERY_PENDING;
	http_request_sleep(r->req);

	while ((c = conn_pick(!r->readonly, &full)) != NULL) {
		if (conn_send(c, r) == 0)
			return;
		/* The connection broke before taking it; try another. */
	}
	if (full) {
		req_complete(r, SC_QUERY_UNAVAILABLE, NULL);
		db_kick();
		return;
	}
	/*
	 * No connection is up. Try one now (or within SC_DB_ONDEMAND_MS)
	 * rather than after the backoff: the database may be back, and then
	 * this request succeeds instead of getting a 503. Wait for that.
	 */
	if (db_connect_soon(kore_time_ms())) {
		req_park(r);
		db_kick();
		return;
	}
	req_complete(r, SC_QUERY_UNAVAILABLE, NULL);
	db_kick();
}

static void
req_park(struct sc_req *r)
{
	r->parked = 1;
	r->parked_at = kore_time_ms();
	TAILQ_INSERT_TAIL(&db_parked, r, plist);
}

static void
req_unpark(struct sc_req *r)
{
	TAILQ_REMOVE(&db_parked, r, plist);
	r->parked = 0;
}

/* Hand r its outcome (res is then owned by r) and wake the request. */
static void
req_complete(struct sc_req *r, enum sc_query_state state, PGresult *res)
{
	r->conn = NULL;
	r->q.state = state;
	r->q.result = res;
	r->q.sqlstate = NULL;
	if (res != NULL && state == SC_QUERY_FAILED)
		r->q.sqlstate = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	http_request_wakeup(r->req);
}

/*
 * r's statement finished on c (a read with its result, a write with its
 * Sync): res (owned) is its outcome.
 */
static void
req_finish(struct sc_conn *c, struct sc_req *r, PGresult *res)
{
	ExecStatusType st;
	const char *ss;

	st = res != NULL ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	ss = res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	switch (st) {
	case PGRES_TUPLES_OK:
	case PGRES_COMMAND_OK:
		req_complete(r, SC_QUERY_DONE, res);
		return;
	case PGRES_FATAL_ERROR:
		/*
		 * 26000: the prepared statement does not exist; 0A000: its
		 * result columns changed. Neither ran the statement, so it is
		 * safe to prepare it again and re-send it, once.
		 */
		if (ss != NULL && r->stmt >= 0 && !r->reprepared &&
		    c->state == SC_CONN_READY &&
		    (strcmp(ss, "26000") == 0 || strcmp(ss, "0A000") == 0)) {
			kore_log(LOG_NOTICE,
			    "statement %s: %s; preparing it again", req_name(r),
			    db_msg(PQresultErrorMessage(res)));
			r->reprepared = 1;
			r->isolate = 1;
			if (conn_reprepare(c, r->stmt, ss[0] == '0') == 0) {
				PQclear(res);
				r->q.state = SC_QUERY_PENDING;
				if (conn_send(c, r) == 0)
					return;
				req_dispatch(r, NULL, NULL);
				return;
			}
		}
		if (ss != NULL &&
		    (strncmp(ss, "08", 2) == 0 || strncmp(ss, "57P", 3) == 0)) {
			req_conn_error(c, r, res);
			return;
		}
		if (ss != NULL && r->retries == 0 &&
		    (strcmp(ss, "40001") == 0 || strcmp(ss, "40P01") == 0)) {
			/* Rolled back as a serialization failure: try again. */
			PQclear(res);
			r->retries++;
			r->isolate = 1;
			req_dispatch(r, NULL, NULL);
			return;
		}
		if (ss != NULL) {
			/* The handler answers (and logs) by SQLSTATE. */
			req_complete(r, SC_QUERY_FAILED, res);
			return;
		}
		break;
	case PGRES_PIPELINE_ABORTED:
		/*
		 * Another statement of its group failed, so this one was never
		 * executed: send it again, with a Sync of its own this time.
		 */
		PQclear(res);
		if (!r->isolate && r->copy != NULL) {
			r->isolate = 1;
			req_dispatch(r, NULL, NULL);
			return;
		}
		req_complete(r, SC_QUERY_UNAVAILABLE, NULL);
		return;
	default:
		break;
	}
	kore_log(LOG_ERR, "statement %s: unexpected result %s", req_name(r),
	    PQresStatus(st));
	PQclear(res);
	req_complete(r, SC_QUERY_UNAVAILABLE, NULL);
}

/*
 * r's statement failed because the server is closing c (57P01 shutdown,
 * class 08): c is as good as lost. A read is re-sent once elsewhere or
 * after reconnecting; a write (only reported after its Sync, so this is
 * rare) is UNAVAILABLE.
 */
static void
req_conn_error(struct sc_conn *c, struct sc_req *r, PGresult *res)
{
	char why[256];

	(void)snprintf(why, sizeof(why), "%s", PQresultErrorMessage(res));
	PQclear(res);
	conn_lost(c, why);
	if (r->readonly && r->retries == 0) {
		r->retries++;
		req_dispatch(r, NULL, NULL);
		return;
	}
	req_complete(r, SC_QUERY_UNAVAILABLE, NULL);
}

static const char *
req_name(const struct sc_req *r)
{
	if (r->stmt >= 0)
		return (db_stmts[r->stmt].name);
	return ("(sql)");
}

/*
 * The least loaded connection of the wanted kind that is up and has room,
 * else one of the other kind, else NULL; *full is set when connections are
 * up but all of them are full.
 *
 * Why two kinds: statements on one pipelined connection run one after the
 * other, and a write's commit waits for its WAL flush (milliseconds), so
 * reads queued behind it would wait too, and one connection commits only
 * a few hundred writes a second. Reads share a few connections (they are
 * cheap and batched); writes are spread over more, whose commits the
 * server flushes together.
 */
static struct sc_conn *
conn_pick(int writer, int *full)
{
	struct sc_conn *c, *best, *alt;
	int i, up;

	best = alt = NULL;
	up = 0;
	for (i = 0; i < db_nconns; i++) {
		c = &db_conns[i];
		if (c->state != SC_CONN_READY)
			continue;
		up = 1;
		if (c->count >= db_queue_max)
			continue;
		if (c->writer == writer) {
			if (best == NULL || c->count < best->count)
				best = c;
		} else if (alt == NULL || c->count < alt->count) {
			alt = c;
		}
	}
	if (best == NULL)
		best = alt;
	*full = up && best == NULL;
	return (best);
}

/*
 * Send r's statement on c and queue r for the result. A write gets its own
 * Sync right away (and the read-only statements before it get theirs
 * first), so it is its own transaction and is flushed now. Read-only
 * statements are batched: the Sync that ends their group is sent once per
 * event loop iteration (db_sync_run), which saves a send() per request and
 * cannot roll anything back; one read's error aborts the later reads of its
 * group, which are then re-sent with a Sync of their own.
 *
 * Returns -1 when c broke before the statement was queued (c is then down
 * and r untouched); 0 when r is queued (if c broke while flushing, r has
 * already been retried or completed like every other statement of c).
 */
static int
conn_send(struct sc_conn *c, struct sc_req *r)
{
	int ok, batch;

	batch = r->readonly && !r->isolate;
	if (!batch && c->unsynced > 0 && conn_sync(c) == -1)
		return (-1);
	if (r->stmt >= 0) {
		ok = PQsendQueryPrepared(c->db, db_stmts[r->stmt].name,
		    r->nparams, r->values, NULL, NULL, 0);
	} else {
		ok = PQsendQueryParams(
		    c->db, r->sql, r->nparams, NULL, r->values, NULL, NULL, 0);
	}
	if (!ok || (!batch && !PQpipelineSync(c->db))) {
		conn_lost(c, PQerrorMessage(c->db));
		return (-1);
	}
	conn_push(c, r, r->readonly);
	if (batch) {
		c->unsynced++;
		db_want_sync();
		return (0);
	}
	(void)conn_flush(c);
	return (0);
}

/*
 * Queue a sent statement for its result: r's, or (r NULL) one of our own
 * whose result is dropped. The caller checked that the ring has room.
 */
static void
conn_push(struct sc_conn *c, struct sc_req *r, int readonly)
{
	u_int32_t slot;

	slot = (c->head + c->count) % SC_DB_QUEUE_MAX;
	c->ring[slot].r = r;
	c->ring[slot].res = NULL;
	c->ring[slot].readonly = readonly;
	c->count++;
	if (r != NULL) {
		r->conn = c;
		r->slot = slot;
	}
}

/*
 * Prepare statement stmt on c again (after DEALLOCATE when dealloc is
 * set), each with its own Sync, ahead of what is sent next. This repairs a
 * connection whose statement is missing (prepared before a migration
 * created its table) or stale (a migration changed its result columns).
 * Returns -1 when c broke or has no room.
 */
static int
conn_reprepare(struct sc_conn *c, int stmt, int dealloc)
{
	char *name, sql[512];
	int ok;

	if (c->count + 2 >= db_queue_max)
		return (-1);
	if (c->unsynced > 0 && conn_sync(c) == -1)
		return (-1);
	if (dealloc) {
		name = PQescapeIdentifier(
		    c->db, db_stmts[stmt].name, strlen(db_stmts[stmt].name));
		if (name == NULL)
			return (-1);
		(void)snprintf(sql, sizeof(sql), "DEALLOCATE %s", name);
		PQfreemem(name);
		ok = PQsendQueryParams(
			 c->db, sql, 0, NULL, NULL, NULL, NULL, 0) &&
		    PQpipelineSync(c->db);
		if (!ok) {
			conn_lost(c, PQerrorMessage(c->db));
			return (-1);
		}
		conn_push(c, NULL, 0);
	}
	if (!PQsendPrepare(c->db, db_stmts[stmt].name, db_stmts[stmt].sql,
		db_stmts[stmt].nparams, NULL) ||
	    !PQpipelineSync(c->db)) {
		conn_lost(c, PQerrorMessage(c->db));
		return (-1);
	}
	conn_push(c, NULL, 0);
	return (0);
}

/* End the current group of read-only statements with a Sync. */
static int
conn_sync(struct sc_conn *c)
{
	c->unsynced = 0;
	if (!PQpipelineSync(c->db)) {
		conn_lost(c, PQerrorMessage(c->db));
		return (-1);
	}
	return (0);
}

/*
 * Push libpq's output buffer to the socket; when some is left, also watch
 * for writability. Returns -1 when the connection broke (it is then down).
 */
static int
conn_flush(struct sc_conn *c)
{
	int rc;

	if ((rc = PQflush(c->db)) == -1) {
		conn_lost(c, PQerrorMessage(c->db));
		return (-1);
	}
	if (rc == 1 && !c->writing) {
		kore_platform_event_level_all(PQsocket(c->db), c);
		c->writing = 1;
	} else if (rc == 0 && c->writing) {
		kore_platform_event_level_read(PQsocket(c->db), c);
		c->writing = 0;
	}
	return (0);
}

/* Kore's loop: c's socket is readable, writable or hung up. */
static void
conn_event(void *arg, int err)
{
	struct sc_conn *c;
	int flags;

	c = arg;
	flags = c->evt.flags;
	c->evt.flags &= ~(KORE_EVENT_READ | KORE_EVENT_WRITE);

	switch (c->state) {
	case SC_CONN_CONNECTING:
		/* An event of a previous socket of c is not for this one. */
		if ((flags & c->waiting) || err)
			conn_poll(c);
		return;
	case SC_CONN_READY:
		break;
	default:
		return;
	}

	if ((flags & KORE_EVENT_WRITE) && conn_flush(c) == -1)
		return;
	if ((flags & KORE_EVENT_READ) || err) {
		if (!PQconsumeInput(c->db)) {
			/* Take what arrived before the error, then give up. */
			conn_read(c);
			if (c->state == SC_CONN_READY)
				conn_lost(c, PQerrorMessage(c->db));
			return;
		}
		conn_read(c);
		if (c->state == SC_CONN_READY &&
		    PQstatus(c->db) == CONNECTION_BAD)
			conn_lost(c, PQerrorMessage(c->db));
	}
}

/*
 * Take every result libpq has parsed. A statement yields its result, then
 * NULL; a Sync yields PGRES_PIPELINE_SYNC. A read-only statement completes
 * with its result; a write completes with the Sync after it, when it is
 * committed. Two NULLs in a row mean nothing more is ready.
 */
static void
conn_read(struct sc_conn *c)
{
	struct sc_entry *e;
	PGresult *res;
	ExecStatusType st;
	int nulls;

	nulls = 0;
	while (c->state == SC_CONN_READY && !PQisBusy(c->db)) {
		if ((res = PQgetResult(c->db)) == NULL) {
			if (++nulls >= 2)
				break;
			continue;
		}
		nulls = 0;
		st = PQresultStatus(res);
		e = c->count > 0 ? &c->ring[c->head] : NULL;

		if (PQstatus(c->db) == CONNECTION_BAD) {
			/* Leave the outcome to conn_lost. */
			if (c->preparing == 0 && e != NULL && e->res == NULL &&
			    st != PGRES_PIPELINE_SYNC)
				e->res = res;
			else
				PQclear(res);
			break;
		}

		if (c->preparing > 0) {
			if (st == PGRES_PIPELINE_SYNC) {
				c->preparing--;
			} else if (st != PGRES_COMMAND_OK) {
				kore_log(LOG_ERR, "cannot prepare %s: %s",
				    db_stmts[db_nstmts - (size_t)c->preparing]
					.name,
				    db_msg(PQresultErrorMessage(res)));
			}
			PQclear(res);
			continue;
		}

		if (st == PGRES_PIPELINE_SYNC) {
			PQclear(res);
			/* A write's Sync: it is committed (or failed). */
			if (e != NULL && !e->readonly && e->res != NULL)
				conn_pop(c);
			continue;
		}
		if (e == NULL || e->res != NULL) {
			kore_log(LOG_ERR, "database: unexpected result %s",
			    PQresStatus(st));
			PQclear(res);
			continue;
		}
		e->res = res;
		if (e->readonly)
			conn_pop(c);
	}
}

/* Remove the ring's head and hand the request its result. */
static void
conn_pop(struct sc_conn *c)
{
	struct sc_entry *e;
	struct sc_req *r;
	PGresult *res;

	e = &c->ring[c->head];
	r = e->r;
	res = e->res;
	e->r = NULL;
	e->res = NULL;
	c->head = (c->head + 1) % SC_DB_QUEUE_MAX;
	c->count--;
	if (r == NULL) {
		PQclear(res);
		return;
	}
	r->conn = NULL;
	req_finish(c, r, res);
}

/*
 * Start a connection attempt (non-blocking). gssencmode=disable: probing
 * for Kerberos credentials needs syscalls Kore's seccomp filter refuses.
 */
static void
conn_start(struct sc_conn *c)
{
	const char *keys[] = { "dbname", "gssencmode",
		"fallback_application_name", NULL };
	const char *vals[] = { db_conninfo, "disable", "schemac", NULL };

	c->since = kore_time_ms();
	c->db = PQconnectStartParams(keys, vals, 1);
	if (c->db == NULL) {
		conn_fail(c, "out of memory");
		return;
	}
	if (PQstatus(c->db) == CONNECTION_BAD) {
		conn_fail(c, PQerrorMessage(c->db));
		return;
	}
	/* Notices go to Kore's log, not to stderr. */
	(void)PQsetNoticeProcessor(c->db, db_notice, c);
	c->state = SC_CONN_CONNECTING;
	/* As if PQconnectPoll had returned PGRES_POLLING_WRITING. */
	c->waiting = KORE_EVENT_WRITE;
	conn_watch(c, EPOLLOUT);
}

/* One step of the connection attempt, when the socket is ready. */
static void
conn_poll(struct sc_conn *c)
{
	switch (PQconnectPoll(c->db)) {
	case PGRES_POLLING_READING:
		c->waiting = KORE_EVENT_READ;
		conn_watch(c, EPOLLIN | EPOLLRDHUP);
		break;
	case PGRES_POLLING_WRITING:
		c->waiting = KORE_EVENT_WRITE;
		conn_watch(c, EPOLLOUT);
		break;
	case PGRES_POLLING_OK:
		conn_ready(c);
		break;
	default:
		conn_fail(c, PQerrorMessage(c->db));
		break;
	}
}

/*
 * Watch the connection's socket, level-triggered. libpq may switch to a
 * new socket between attempts at different addresses; the old one is then
 * closed, which removed it from epoll, so (re)registering is always right.
 */
static void
conn_watch(struct sc_conn *c, int events)
{
	int fd;

	if ((fd = PQsocket(c->db)) == -1) {
		conn_fail(c, "no socket");
		return;
	}
	kore_platform_event_schedule(fd, events, 0, c);
}

/*
 * Connected: switch to pipeline mode, queue a PQsendPrepare and a Sync for
 * every statement (statements sent after them see them prepared), then
 * send what was waiting for a connection.
 */
static void
conn_ready(struct sc_conn *c)
{
	struct sc_req *r;
	size_t i;

	if (PQsetnonblocking(c->db, 1) != 0 || !PQenterPipelineMode(c->db)) {
		conn_fail(c, PQerrorMessage(c->db));
		return;
	}
	for (i = 0; i < db_nstmts; i++) {
		if (!PQsendPrepare(c->db, db_stmts[i].name, db_stmts[i].sql,
			db_stmts[i].nparams, NULL) ||
		    !PQpipelineSync(c->db)) {
			conn_fail(c, PQerrorMessage(c->db));
			return;
		}
	}
	c->preparing = (int)db_nstmts;
	c->unsynced = 0;
	c->state = SC_CONN_READY;
	c->writing = 0;
	c->head = 0;
	c->count = 0;
	kore_platform_event_level_read(PQsocket(c->db), c);
	if (c->fails > 0 || c->was_ready)
		kore_log(LOG_NOTICE, "database connection %d is up", c->id);
	c->fails = 0;
	c->was_ready = 1;
	if (conn_flush(c) == -1)
		return;

	/* While c is up, dispatch cannot park again (c is picked or full). */
	while (c->state == SC_CONN_READY &&
	    (r = TAILQ_FIRST(&db_parked)) != NULL) {
		req_unpark(r);
		req_dispatch(r, NULL, NULL);
	}
}

/* A connection attempt failed: close it and try again after a while. */
static void
conn_fail(struct sc_conn *c, const char *why)
{
	u_int64_t now;

	if (c->fails == 0) {
		kore_log(LOG_NOTICE, "database connection %d: %s", c->id,
		    db_msg(why));
	}
	c->fails++;
	conn_close(c);
	now = kore_time_ms();
	c->next_try = now + SC_DB_BACKOFF_MS;
	db_expire_parked(now);
}

/*
 * An open connection broke. Every statement in flight is handed its fate:
 * a result already complete for a read-only statement stands; read-only
 * statements are re-sent once; the rest are UNAVAILABLE (a write's outcome
 * is unknown). The next attempt starts at once.
 */
static void
conn_lost(struct sc_conn *c, const char *why)
{
	TAILQ_HEAD(, sc_req) retry;
	struct sc_entry e;
	struct sc_req *r;
	ExecStatusType st;

	if (c->state != SC_CONN_READY)
		return;
	kore_log(
	    LOG_NOTICE, "database connection %d lost: %s", c->id, db_msg(why));

	TAILQ_INIT(&retry);
	c->state = SC_CONN_DOWN;
	while (c->count > 0) {
		e = c->ring[c->head];
		c->head = (c->head + 1) % SC_DB_QUEUE_MAX;
		c->count--;
		if ((r = e.r) == NULL) {
			PQclear(e.res);
			continue;
		}
		r->conn = NULL;
		st = e.res != NULL ? PQresultStatus(e.res) : PGRES_FATAL_ERROR;
		if (r->readonly && st == PGRES_TUPLES_OK) {
			req_complete(r, SC_QUERY_DONE, e.res);
			continue;
		}
		PQclear(e.res);
		if (r->readonly && r->retries == 0 && r->copy != NULL) {
			r->retries++;
			TAILQ_INSERT_TAIL(&retry, r, plist);
			continue;
		}
		req_complete(r, SC_QUERY_UNAVAILABLE, NULL);
	}
	conn_close(c);
	c->next_try = kore_time_ms();

	/* Re-send on another connection, or park until this one is back. */
	while ((r = TAILQ_FIRST(&retry)) != NULL) {
		TAILQ_REMOVE(&retry, r, plist);
		req_dispatch(r, NULL, NULL);
	}
	db_kick();
}

/* Close c's PGconn (which also takes its socket out of epoll). */
static void
conn_close(struct sc_conn *c)
{
	if (c->db != NULL)
		PQfinish(c->db);
	c->db = NULL;
	c->state = SC_CONN_DOWN;
	c->preparing = 0;
	c->unsynced = 0;
	c->writing = 0;
	c->head = 0;
	c->count = 0;
}

/*
 * Housekeeping: start due connection attempts, abandon slow ones, fail
 * requests that waited too long for a connection.
 */
static void
db_tick(void *arg, u_int64_t now)
{
	struct sc_conn *c;
	int i;

	(void)arg;
	for (i = 0; i < db_nconns; i++) {
		c = &db_conns[i];
		if (c->state == SC_CONN_DOWN && now >= c->next_try)
			conn_start(c);
		else if (c->state == SC_CONN_CONNECTING &&
		    now - c->since > SC_DB_CONNECT_MS)
			conn_fail(c, "connection attempt timed out");
	}
	db_expire_parked(now);
}

/* Whether a connection is up or an attempt is in progress. */
static int
db_may_connect(void)
{
	int i;

	for (i = 0; i < db_nconns; i++) {
		if (db_conns[i].state != SC_CONN_DOWN)
			return (1);
	}
	return (0);
}

/*
 * Make sure a connection attempt is under way: start one on a connection
 * that is due or whose last attempt is SC_DB_ONDEMAND_MS old, or else set
 * a timer for when one is. Returns 0 when an attempt just failed (the
 * database is down: answer now), 1 when an attempt is in progress or
 * scheduled (worth waiting for).
 */
static int
db_connect_soon(u_int64_t now)
{
	struct sc_conn *c;
	u_int64_t wait, w;
	int i;

	if (db_may_connect())
		return (1);
	wait = SC_DB_ONDEMAND_MS;
	for (i = 0; i < db_nconns; i++) {
		c = &db_conns[i];
		if (now >= c->next_try || now - c->since >= SC_DB_ONDEMAND_MS) {
			conn_start(c);
			return (c->state != SC_CONN_DOWN);
		}
		w = SC_DB_ONDEMAND_MS - (now - c->since);
		if (w < wait)
			wait = w;
	}
	if (db_retry_timer == NULL)
		db_retry_timer = kore_timer_add(
		    db_retry_run, wait, NULL, KORE_TIMER_ONESHOT);
	return (1);
}

/* The on-demand attempt that db_connect_soon had to put off. */
static void
db_retry_run(void *arg, u_int64_t now)
{
	(void)arg;
	db_retry_timer = NULL;
	if (!TAILQ_EMPTY(&db_parked))
		(void)db_connect_soon(now);
	db_expire_parked(now);
}

/* Fail parked requests that waited too long or have nothing to wait for. */
static void
db_expire_parked(u_int64_t now)
{
	struct sc_req *r, *next;
	int hope;

	hope = db_may_connect() || db_retry_timer != NULL;
	for (r = TAILQ_FIRST(&db_parked); r != NULL; r = next) {
		next = TAILQ_NEXT(r, plist);
		if (hope && now - r->parked_at < SC_DB_PARK_MS)
			continue;
		req_unpark(r);
		req_complete(r, SC_QUERY_UNAVAILABLE, NULL);
	}
}

/*
 * Run the housekeeping at the start of the next loop iteration: a request
 * completed inside its own handler call is re-run then, not after
 * epoll_wait's timeout, and a lost connection is re-opened at once.
 */
static void
db_kick(void)
{
	if (db_kick_timer == NULL)
		db_kick_timer =
		    kore_timer_add(db_kick_run, 0, NULL, KORE_TIMER_ONESHOT);
}

static void
db_kick_run(void *arg, u_int64_t now)
{
	db_kick_timer = NULL;
	db_tick(arg, now);
}

/* libpq's multi-line message as one log line (static buffer). */
static const char *
db_msg(const char *msg)
{
	static char buf[512];
	size_t i, n;
	int space;

	if (msg == NULL || *msg == '\0')
		return ("(no message)");
	n = 0;
	space = 0;
	for (i = 0; msg[i] != '\0' && n < sizeof(buf) - 1; i++) {
		if (msg[i] == '\n' || msg[i] == '\t' || msg[i] == ' ') {
			space = 1;
			continue;
		}
		if (space && n > 0 && n < sizeof(buf) - 2)
			buf[n++] = ' ';
		space = 0;
		buf[n++] = msg[i];
	}
	buf[n] = '\0';
	return (buf);
}

/* Have db_sync_run end the read-only groups at the next loop iteration. */
static void
db_want_sync(void)
{
	if (db_sync_timer == NULL)
		db_sync_timer =
		    kore_timer_add(db_sync_run, 0, NULL, KORE_TIMER_ONESHOT);
}

/*
 * Sync (and so flush) every connection's group of read-only statements:
 * all requests that a pass of http_process sent share one send().
 */
static void
db_sync_run(void *arg, u_int64_t now)
{
	struct sc_conn *c;
	int i;

	(void)arg;
	(void)now;
	db_sync_timer = NULL;
	for (i = 0; i < db_nconns; i++) {
		c = &db_conns[i];
		if (c->state != SC_CONN_READY || c->unsynced == 0)
			continue;
		if (conn_sync(c) == 0)
			(void)conn_flush(c);
	}
}

/* libpq's notices (e.g. the server's shutdown message) as log lines. */
static void
db_notice(void *arg, const char *msg)
{
	const struct sc_conn *c = arg;

	kore_log(LOG_NOTICE, "database connection %d: %s", c->id, db_msg(msg));
}
