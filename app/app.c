/*
 * app.c: the hand-written start of the Kore app: the database URL, the
 * per-worker database runtime, the seccomp additions libpq needs, /healthz
 * and the JSON 404 for paths no route matches.
 */
#include <sys/types.h>

#include <stdlib.h>

#include <kore/kore.h>
#include <kore/http.h>
#include <kore/hooks.h>
#include <kore/seccomp.h>

#include "queries.h"
#include "sc_accesslog.h"
#include "sc_db.h"
#include "sc_http.h"

int app_healthz(struct http_request *);
int app_not_found(struct http_request *);

/*
 * Kore's workers run under a seccomp filter that kills them on any system
 * call it does not list. Two more are needed: newfstatat, glibc's stat
 * family, which libpq calls when it connects; and mremap, which glibc's
 * realloc uses to grow a block past the mmap threshold (128 KiB), as the
 * buffer of a large request body or list response does.
 */
/* clang-format off */
KORE_SECCOMP_FILTER("app",
	KORE_SYSCALL_ALLOW(newfstatat),
	KORE_SYSCALL_ALLOW(mremap),
)
/* clang-format on */

/* The libpq connection string, from DATABASE_URL; read before the fork. */
static const char *app_database_url;

/*
 * In the parent, once the configuration is read and before any worker is
 * started: refuse to start without a database to talk to, so the mistake
 * shows at once and not as a 503 on every request. Open the access log
 * (SCHEMAC_ACCESSLOG: a path, or off) here, so the workers inherit it and
 * need not open files under seccomp; Kore's own `accesslog` directive must
 * stay unused (see sc_accesslog.h).
 */
void
kore_parent_configure(int argc, char **argv)
{
	(void)argc;
	(void)argv;

	app_database_url = getenv("DATABASE_URL");
	if (app_database_url == NULL || *app_database_url == '\0') {
		fatal("DATABASE_URL is not set; export a libpq connection "
		      "string, e.g. DATABASE_URL=postgresql:///app?host=/tmp");
	}
	sc_accesslog_open(getenv("SCHEMAC_ACCESSLOG"));
}

/*
 * In each worker, after the sandbox is up: open the database connections
 * and start the access log's flush timer.
 */
void
kore_worker_configure(void)
{
	sc_db_init(app_database_url, schemac_stmts, SCHEMAC_NSTMTS);
	sc_accesslog_worker_init();
}

/* A worker that stops: write the access log lines it still holds. */
void
kore_worker_teardown(void)
{
	sc_accesslog_flush();
}

/*
 * GET /healthz: 200 {"status":"ok"} when the database answers SELECT 1,
 * else 503 {"status":"unavailable"} with Retry-After. The query goes
 * through the same connections as every request, so it tells whether the
 * app can serve, not only whether the process is up.
 */
int
app_healthz(struct http_request *req)
{
	struct sc_query *q;
	struct sc_buf buf;

	if ((q = sc_query_get(req)) == NULL) {
		sc_accesslog_begin(req);
		if (req->method != HTTP_METHOD_GET) {
			http_response_header(req, "allow", "GET");
			return (sc_respond_detail(req,
			    HTTP_STATUS_METHOD_NOT_ALLOWED,
			    "Method Not Allowed"));
		}
		return (sc_db_send_sql(req, "SELECT 1", 0, NULL));
	}
	if (q->state == SC_QUERY_PENDING)
		return (KORE_RESULT_RETRY);

	sc_buf_init(&buf);
	if (q->state == SC_QUERY_DONE) {
		sc_buf_puts(&buf, "{\"status\":\"ok\"}");
		return (sc_respond_json(req, HTTP_STATUS_OK, &buf));
	}
	sc_buf_puts(&buf, "{\"status\":\"unavailable\"}");
	http_response_header(req, "retry-after", "1");
	return (sc_respond_json(req, HTTP_STATUS_SERVICE_UNAVAILABLE, &buf));
}

/*
 * The last route of app.conf: every path no other route took. Kore's own
 * 404 has an empty body; clients of a JSON API expect FastAPI's.
 */
int
app_not_found(struct http_request *req)
{
	sc_accesslog_begin(req);
	return (sc_respond_detail(req, HTTP_STATUS_NOT_FOUND, "Not Found"));
}
