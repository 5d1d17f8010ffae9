/* http_faults.c: PostgreSQL restarts under load: no acknowledged write is
 * lost, the outage gets 503s (no 500, no hang), service resumes within 2 s. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>

/*
 * Environment (scripts/test.sh and scripts/with-app.sh):
 *   SCHEMAC_URL      the running app, e.g. http://127.0.0.1:8888
 *   SCHEMAC_TEST_PGDATA  data directory of the cluster the app uses; the
 *                    test stops and starts it with scripts/pg.sh
 *   SCHEMAC_PG_SH    optional path of pg.sh (default scripts/pg.sh)
 */

#define CLIENTS 16 /* concurrent keep-alive clients */
#define REQ_TIMEOUT_MS 5000L /* a request this slow counts as a hang */
#define MAX_RECS 400000
#define RECOVERY_S 2.0 /* SPEC section 8 */

enum { LOAD_WRITE, LOAD_READ };

/* One finished request of the load. */
struct rec {
	double t0, t1; /* sent, answered (seconds, monotonic) */
	long status; /* HTTP status, 0 when the transfer failed */
	unsigned seq; /* the key it wrote or read */
};

struct load {
	int kind;
	unsigned nread; /* LOAD_READ: keys 0..nread-1 exist */
	atomic_int stop;
	pthread_t thread;
	struct rec *recs;
	size_t nrecs;
};

struct client {
	CURL *h;
	struct curl_slist *hdrs;
	char url[512];
	char body[256];
	unsigned seq;
	double t0;
};

static const char *base_url;
static const char *pg_dir;
static const char *pg_sh;
static char run_tag[32];

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

static void
sleep_s(double s)
{
	struct timespec ts;

	ts.tv_sec = (time_t)s;
	ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) == -1)
		;
}

static size_t
discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return (size * n);
}

static void
user_email(unsigned seq, char *out, size_t len)
{
	(void)snprintf(out, len, "fault-%s-%u@example.com", run_tag, seq);
}

/* Prepare c's next request: create user seq, or read it by email. */
static void
client_next(struct load *l, struct client *c, unsigned seq)
{
	char email[128];

	c->seq = seq;
	user_email(seq, email, sizeof(email));
	if (l->kind == LOAD_WRITE) {
		(void)snprintf(c->url, sizeof(c->url), "%s/users", base_url);
		(void)snprintf(c->body, sizeof(c->body),
		    "{\"email\": \"%s\", \"username\": \"f%s_%u\"}", email,
		    run_tag, seq);
		curl_easy_setopt(c->h, CURLOPT_POSTFIELDS, c->body);
	} else {
		(void)snprintf(c->url, sizeof(c->url), "%s/users/by-email/%s",
		    base_url, email);
		curl_easy_setopt(c->h, CURLOPT_HTTPGET, 1L);
	}
	curl_easy_setopt(c->h, CURLOPT_URL, c->url);
	c->t0 = now_s();
}

/* The load thread: CLIENTS requests in flight until l->stop. */
static void *
load_run(void *arg)
{
	struct load *l = arg;
	struct client cl[CLIENTS];
	struct curl_slist *hdrs;
	CURLMsg *msg;
	CURLM *m;
	struct client *c;
	unsigned next;
	int i, running, left;

	m = curl_multi_init();
	hdrs = curl_slist_append(NULL, "Content-Type: application/json");
	next = 0;
	for (i = 0; i < CLIENTS; i++) {
		c = &cl[i];
		c->h = curl_easy_init();
		curl_easy_setopt(c->h, CURLOPT_HTTPHEADER, hdrs);
		curl_easy_setopt(c->h, CURLOPT_WRITEFUNCTION, discard);
		curl_easy_setopt(c->h, CURLOPT_TIMEOUT_MS, REQ_TIMEOUT_MS);
		curl_easy_setopt(c->h, CURLOPT_PRIVATE, c);
		client_next(
		    l, c, l->kind == LOAD_WRITE ? next++ : next++ % l->nread);
		curl_multi_add_handle(m, c->h);
	}

	for (;;) {
		curl_multi_perform(m, &running);
		while ((msg = curl_multi_info_read(m, &left)) != NULL) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(
			    msg->easy_handle, CURLINFO_PRIVATE, (char **)&c);
			if (l->nrecs < MAX_RECS) {
				struct rec *r = &l->recs[l->nrecs++];

				r->t0 = c->t0;
				r->t1 = now_s();
				r->seq = c->seq;
				r->status = 0;
				if (msg->data.result == CURLE_OK)
					curl_easy_getinfo(c->h,
					    CURLINFO_RESPONSE_CODE, &r->status);
			}
			curl_multi_remove_handle(m, c->h);
			if (atomic_load(&l->stop) || l->nrecs >= MAX_RECS)
				continue;
			client_next(l, c,
			    l->kind == LOAD_WRITE ? next++ : next++ % l->nread);
			curl_multi_add_handle(m, c->h);
		}
		if (running == 0 &&
		    (atomic_load(&l->stop) || l->nrecs >= MAX_RECS))
			break;
		curl_multi_poll(m, NULL, 0, 20, NULL);
	}

	for (i = 0; i < CLIENTS; i++)
		curl_easy_cleanup(cl[i].h);
	curl_slist_free_all(hdrs);
	curl_multi_cleanup(m);
	return (NULL);
}

static void
load_start(struct load *l, int kind, unsigned nread)
{
	memset(l, 0, sizeof(*l));
	l->kind = kind;
	l->nread = nread;
	atomic_init(&l->stop, 0);
	l->recs = calloc(MAX_RECS, sizeof(*l->recs));
	assert_non_null(l->recs);
	assert_int_equal(pthread_create(&l->thread, NULL, load_run, l), 0);
}

static void
load_stop(struct load *l)
{
	atomic_store(&l->stop, 1);
	assert_int_equal(pthread_join(l->thread, NULL), 0);
}

/* scripts/pg.sh stop|start on the app's cluster; returns when done. */
static void
pg(const char *cmd)
{
	char line[1024];

	(void)snprintf(
	    line, sizeof(line), "%s %s '%s' >/dev/null", pg_sh, cmd, pg_dir);
	if (system(line) != 0)
		fail_msg("'%s' failed", line);
}

/*
 * One GET on a kept-alive connection; returns the status (0 on transport
 * failure or timeout) and, when secs is set, how long it took.
 */
static long
http_get(const char *path, double *secs)
{
	static CURL *h;
	char url[512];
	long status;
	double t0;

	if (h == NULL) {
		h = curl_easy_init();
		curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
		curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, REQ_TIMEOUT_MS);
		/* Kore answers 408 on a keep-alive connection idle for
		 * http_header_timeout (10 s): don't reuse one that old. */
		curl_easy_setopt(h, CURLOPT_MAXAGE_CONN, 5L);
	}
	(void)snprintf(url, sizeof(url), "%s%s", base_url, path);
	curl_easy_setopt(h, CURLOPT_URL, url);
	status = 0;
	t0 = now_s();
	if (curl_easy_perform(h) == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	if (secs != NULL)
		*secs = now_s() - t0;
	return (status);
}

/* Every user in seqs must be readable now: GET by email is 200. */
static void
check_present(const unsigned *seqs, size_t n)
{
	char path[256], email[128];
	size_t i, missing;
	long st;

	missing = 0;
	for (i = 0; i < n; i++) {
		user_email(seqs[i], email, sizeof(email));
		(void)snprintf(path, sizeof(path), "/users/by-email/%s", email);
		if ((st = http_get(path, NULL)) != 200) {
			if (missing++ < 5)
				print_error("acknowledged write %s: GET %ld\n",
				    email, st);
		}
	}
	assert_int_equal(missing, 0);
}

/*
 * Writes with unique keys while the database is stopped for 1 s: every
 * 201 is in the database afterwards; requests sent while it was down got
 * 503 and nothing else; every request answered within REQ_TIMEOUT_MS; all
 * requests sent from 2 s after the database is back succeed.
 */
static void
test_restart_under_writes(void **state)
{
	struct load l;
	double t_stop, t_down, t_start, t_up, t_first, hz_secs;
	size_t i, nacked, n503, nout, nafter, nbad;
	unsigned *acked;
	long hz_down, hz_up;
	const struct rec *r;

	(void)state;
	load_start(&l, LOAD_WRITE, 0);
	sleep_s(1.0);
	t_stop = now_s();
	pg("stop");
	t_down = now_s();
	sleep_s(0.5);
	hz_down = http_get("/healthz", &hz_secs);
	sleep_s(0.5);
	t_start = now_s();
	pg("start");
	t_up = now_s();
	sleep_s(RECOVERY_S + 0.5);
	load_stop(&l);
	hz_up = http_get("/healthz", NULL);

	acked = calloc(l.nrecs + 1, sizeof(*acked));
	assert_non_null(acked);
	nacked = n503 = nout = nafter = nbad = 0;
	t_first = -1;
	for (i = 0; i < l.nrecs; i++) {
		r = &l.recs[i];
		if (r->status == 201)
			acked[nacked++] = r->seq;
		else if (r->status == 503)
			n503++;
		else if (nbad++ < 5)
			print_error("write %u: status %ld after %.3f s\n",
			    r->seq, r->status, r->t1 - r->t0);
		/* Sent and answered while the database was down. */
		if (r->t0 >= t_down && r->t1 <= t_start) {
			nout++;
			if (r->status != 503 && nbad++ < 5)
				print_error(
				    "during the outage: %ld\n", r->status);
		}
		if (r->t0 >= t_up && r->status == 201 &&
		    (t_first < 0 || r->t1 < t_first))
			t_first = r->t1;
		if (r->t0 >= t_up + RECOVERY_S) {
			nafter++;
			if (r->status != 201 && nbad++ < 5)
				print_error("%.2f s after the database came "
					    "back: %ld\n",
				    r->t0 - t_up, r->status);
		}
	}
	print_message("writes: %zu sent, %zu acknowledged, %zu got 503; "
		      "%zu sent during the outage; stop took %.2f s, start "
		      "%.2f s; first 201 %.3f s after the database was back; "
		      "/healthz %ld (%.3f s) down, %ld up\n",
	    l.nrecs, nacked, n503, nout, t_down - t_stop, t_up - t_start,
	    t_first - t_up, hz_down, hz_secs, hz_up);

	assert_int_equal(nbad, 0);
	assert_true(nacked > 100);
	assert_true(nout >= 10);
	assert_true(nafter >= 10);
	assert_true(t_first >= 0 && t_first - t_up <= RECOVERY_S);
	assert_int_equal(hz_down, 503);
	assert_true(hz_secs < 1.0);
	assert_int_equal(hz_up, 200);

	check_present(acked, nacked);
	free(acked);
	free(l.recs);
}

/*
 * Reads while the database goes down: they get 200 or 503, never 500 or a
 * hang. Then, with the connections left dead by the restart, the first
 * read once the database is back succeeds: a stale connection never turns
 * into an error for a request that can be retried safely.
 */
static void
test_restart_under_reads(void **state)
{
	struct load w, l;
	char path[256], email[128];
	size_t i, nbad, n200, n503;
	double secs;
	long st;

	(void)state;
	/* Users to read: write some first, with keys of their own. */
	(void)snprintf(run_tag, sizeof(run_tag), "%ldr", (long)getpid());
	load_start(&w, LOAD_WRITE, 0);
	sleep_s(0.3);
	load_stop(&w);
	for (i = 0; i < w.nrecs; i++)
		assert_int_equal(w.recs[i].status, 201);
	assert_true(w.nrecs > 0);

	load_start(&l, LOAD_READ, (unsigned)w.nrecs);
	sleep_s(0.5);
	pg("stop");
	sleep_s(0.3);
	load_stop(&l);
	pg("start");
	user_email(0, email, sizeof(email));
	(void)snprintf(path, sizeof(path), "/users/by-email/%s", email);
	st = http_get(path, &secs);

	nbad = n200 = n503 = 0;
	for (i = 0; i < l.nrecs; i++) {
		if (l.recs[i].status == 200)
			n200++;
		else if (l.recs[i].status == 503)
			n503++;
		else if (nbad++ < 5)
			print_error(
			    "read %u: %ld\n", l.recs[i].seq, l.recs[i].status);
	}
	print_message("reads: %zu sent, %zu got 200, %zu got 503; first "
		      "read after the restart: %ld in %.3f s\n",
	    l.nrecs, n200, n503, st, secs);
	assert_int_equal(nbad, 0);
	assert_true(n200 > 100);
	assert_true(n503 > 0);
	assert_int_equal(st, 200);

	free(w.recs);
	free(l.recs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_restart_under_writes),
		cmocka_unit_test(test_restart_under_reads),
	};
	int rc;

	base_url = getenv("SCHEMAC_URL");
	pg_dir = getenv("SCHEMAC_TEST_PGDATA");
	if ((pg_sh = getenv("SCHEMAC_PG_SH")) == NULL)
		pg_sh = "scripts/pg.sh";
	if (base_url == NULL || pg_dir == NULL) {
		fprintf(stderr,
		    "http_faults: SCHEMAC_URL and SCHEMAC_TEST_PGDATA "
		    "must be set (scripts/test.sh does)\n");
		return (1);
	}
	(void)snprintf(run_tag, sizeof(run_tag), "%ld", (long)getpid());
	curl_global_init(CURL_GLOBAL_ALL);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return (rc);
}
