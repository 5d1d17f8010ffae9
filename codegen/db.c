/* db.c: `schemac db upgrade|downgrade|status`, applying migrations to
 * DATABASE_URL. */
#include <sys/time.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "cli.h"
#include "lock.h"
#include "sha256.h"

#define DEFAULT_DIR "schema/migrations"

/*
 * The key of the session-level advisory lock every schemac runner takes
 * before it reads or changes schema_migrations, so that concurrent
 * `db upgrade` runs apply each migration once ("schemac" in ASCII).
 */
#define ADVISORY_KEY "8314604121892152064" /* 0x736368656d616300 */

static const char usage[] =
    "usage: schemac db upgrade [--to N] [--dir D]\n"
    "       schemac db downgrade [--steps N] [--dir D]\n"
    "       schemac db status [--dir D]\n"
    "       schemac db stamp N [--dir D]\n"
    "\n"
    "  upgrade     apply the pending migrations in order (up to version N),\n"
    "              each in its own transaction\n"
    "  downgrade   revert the last N applied migrations (default 1) with\n"
    "              their .down.sql; stops at an irreversible one\n"
    "  status      list the migrations: applied, pending, changed since\n"
    "              applied (checksum mismatch), or missing; exit 1 when\n"
    "              one changed or is missing\n"
    "  stamp N     record migrations up to N as applied without running\n"
    "              them, for a database that already has their schema\n"
    "              (e.g. one created from generated/schema.sql)\n"
    "\n"
    "The database is DATABASE_URL (a libpq connection string or URI).\n"
    "Applied migrations are recorded in the table schema_migrations\n"
    "(version, name, checksum: the SHA-256 of the .up.sql, applied_at).\n"
    "Runners serialize on a PostgreSQL advisory lock.\n"
    "\n"
    "  --dir D     the migrations directory (default " DEFAULT_DIR ")\n";

/* A row of schema_migrations. */
struct applied {
	int version;
	char *name;
	char *checksum;
	char *applied_at;
};

struct dbctx {
	PGconn *conn;
	const char *cmd; /* "upgrade", ... for messages */
	const char *dir;
	struct mig *migs; /* the files, by version */
	size_t nmig;
	struct applied *app; /* the rows, by version */
	size_t napp;
};

/* "0002_add_roles" -> "add_roles" */
static const char *
mig_short_name(const char *stem)
{
	const char *u = strchr(stem, '_');

	return (u != NULL ? u + 1 : stem);
}

static double
now_ms(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (tv.tv_sec * 1e3 + tv.tv_usec / 1e3);
}

/* Run sql without results; on error print it and return -1. */
static int
exec_ok(struct dbctx *c, const char *sql)
{
	PGresult *res;
	int ok;

	res = PQexec(c->conn, sql);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK ||
	    PQresultStatus(res) == PGRES_TUPLES_OK;
	if (!ok)
		fprintf(stderr, "schemac: db %s: %s", c->cmd,
		    PQerrorMessage(c->conn));
	PQclear(res);
	return (ok ? 0 : -1);
}

/*
 * The end of the SQL statement that starts at p: the ';' that ends it,
 * or the terminating NUL. Knows what may hold a ';' that does not end a
 * statement: '...' and E'...' strings, "..." identifiers, $tag$...$tag$
 * bodies, -- and (nested) block comments.
 */
static const char *
stmt_end(const char *p)
{
	const char *q, *tag;
	size_t taglen;
	int depth, esc;

	while (*p != '\0' && *p != ';') {
		if (p[0] == '-' && p[1] == '-') {
			while (*p != '\0' && *p != '\n')
				p++;
		} else if (p[0] == '/' && p[1] == '*') {
			for (depth = 1, p += 2; *p != '\0' && depth > 0; p++) {
				if (p[0] == '/' && p[1] == '*')
					depth++, p++;
				else if (p[0] == '*' && p[1] == '/')
					depth--, p++;
			}
		} else if (*p == '\'' || *p == '"') {
			esc = *p == '\'' && (p[-1] == 'E' || p[-1] == 'e');
			for (q = p + 1; *q != '\0'; q++) {
				if (esc && *q == '\\' && q[1] != '\0')
					q++;
				else if (*q == *p && q[1] == *p)
					q++;
				else if (*q == *p)
					break;
			}
			p = *q != '\0' ? q + 1 : q;
		} else if (*p == '$') {
			tag = p;
			for (q = p + 1; *q == '_' || (*q >= 'a' && *q <= 'z') ||
			     (*q >= 'A' && *q <= 'Z') ||
			     (q > p + 1 && *q >= '0' && *q <= '9');
			     q++)
				;
			if (*q != '$') {
				p++;
				continue;
			}
			taglen = (size_t)(q - tag) + 1;
			for (q++; *q != '\0' && strncmp(q, tag, taglen) != 0;
			     q++)
				;
			p = *q != '\0' ? q + taglen : q;
		} else
			p++;
	}
	return (p);
}

/* True when s..e holds only white space and comments. */
static int
stmt_empty(const char *s, const char *e)
{
	while (s < e) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		else if (s[0] == '-' && s[1] == '-')
			while (s < e && *s != '\n')
				s++;
		else
			return (0);
	}
	return (1);
}

/*
 * Print a failed migration's error: the file, the line the server points
 * at (its position is in characters of the statement text), the message,
 * and the detail and hint when there are any.
 */
static void
print_sql_error(struct dbctx *c, const char *path, const char *stmt, int line0,
    const PGresult *res)
{
	const char *pos, *msg, *detail, *hint, *p, *state;
	long chars;
	int line;

	msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
	hint = PQresultErrorField(res, PG_DIAG_MESSAGE_HINT);
	pos = PQresultErrorField(res, PG_DIAG_STATEMENT_POSITION);
	/* The statement's first line, or the line the server points at. */
	line = line0;
	for (p = stmt; *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
	     (p[0] == '-' && p[1] == '-');) {
		if (*p == '-')
			while (*p != '\0' && *p != '\n')
				p++;
		else if (*p++ == '\n')
			line++;
	}
	if (pos != NULL && (chars = strtol(pos, NULL, 10)) > 0) {
		line = line0;
		for (p = stmt; *p != '\0' && chars > 1; p++) {
			if (((unsigned char)*p & 0xc0) != 0x80)
				chars--;
			if (*p == '\n')
				line++;
		}
	}
	fprintf(stderr, "%s:%d: error: %s\n", path, line,
	    msg != NULL ? msg : PQerrorMessage(c->conn));
	if (detail != NULL)
		fprintf(stderr, "%s:%d: detail: %s\n", path, line, detail);
	if (hint != NULL)
		fprintf(stderr, "%s:%d: hint: %s\n", path, line, hint);
	state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	if (c->napp == 0 && state != NULL &&
	    (strcmp(state, "42P07") == 0 || strcmp(state, "42710") == 0))
		fprintf(stderr,
		    "schemac: db %s: the database has objects of the schema "
		    "but no migration\nhistory (was it created from "
		    "schema.sql?). If its schema is that of migration N,\n"
		    "record that with `schemac db stamp N`; otherwise use an "
		    "empty database.\n",
		    c->cmd);
}

/*
 * Run the statements of a migration file one by one (so an error names
 * its line). Returns 0, or -1 after printing the error.
 */
static int
exec_file(struct dbctx *c, const char *path, const char *text)
{
	const char *p, *e, *q;
	PGresult *res;
	char *stmt;
	int line, ok;

	line = 1;
	for (p = text; *p != '\0'; p = *e != '\0' ? e + 1 : e) {
		e = stmt_end(p);
		if (stmt_empty(p, e)) {
			for (q = p; q < e; q++)
				line += *q == '\n';
			continue;
		}
		if ((stmt = strndup(p, (size_t)(e - p))) == NULL)
			abort();
		res = PQexec(c->conn, stmt);
		ok = PQresultStatus(res) == PGRES_COMMAND_OK ||
		    PQresultStatus(res) == PGRES_TUPLES_OK ||
		    PQresultStatus(res) == PGRES_EMPTY_QUERY;
		if (!ok)
			print_sql_error(c, path, stmt, line, res);
		PQclear(res);
		free(stmt);
		if (!ok)
			return (-1);
		for (q = p; q < e; q++)
			line += *q == '\n';
	}
	return (0);
}

static int
connect_db(struct dbctx *c)
{
	const char *url = getenv("DATABASE_URL");

	if (url == NULL || *url == '\0') {
		fprintf(stderr,
		    "schemac: db %s: DATABASE_URL is not set (a "
		    "libpq connection string, e.g. "
		    "postgresql://user@host/dbname)\n",
		    c->cmd);
		return (-1);
	}
	c->conn = PQconnectdb(url);
	if (PQstatus(c->conn) != CONNECTION_OK) {
		fprintf(stderr, "schemac: db %s: cannot connect: %s", c->cmd,
		    PQerrorMessage(c->conn));
		return (-1);
	}
	/* Our own output says what happens; keep the server's NOTICEs out. */
	return (exec_ok(c, "SET client_min_messages = warning"));
}

/* Take the advisory lock, saying so when another runner holds it. */
static int
take_lock(struct dbctx *c)
{
	PGresult *res;
	int got;

	res = PQexec(
	    c->conn, "SELECT pg_try_advisory_lock(" ADVISORY_KEY "::bigint)");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		fprintf(stderr, "schemac: db %s: %s", c->cmd,
		    PQerrorMessage(c->conn));
		PQclear(res);
		return (-1);
	}
	got = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	if (got)
		return (0);
	fprintf(stderr,
	    "schemac: db %s: another migration runner holds the "
	    "lock; waiting\n",
	    c->cmd);
	return (
	    exec_ok(c, "SELECT pg_advisory_lock(" ADVISORY_KEY "::bigint)"));
}

static int
ensure_table(struct dbctx *c)
{
	return (exec_ok(c,
	    "CREATE TABLE IF NOT EXISTS \"schema_migrations\" (\n"
	    "    \"version\" integer NOT NULL PRIMARY KEY,\n"
	    "    \"name\" text NOT NULL,\n"
	    "    \"checksum\" text NOT NULL,\n"
	    "    \"applied_at\" timestamptz NOT NULL DEFAULT now()\n"
	    ")"));
}

static void
applied_free(struct dbctx *c)
{
	size_t i;

	for (i = 0; i < c->napp; i++) {
		free(c->app[i].name);
		free(c->app[i].checksum);
		free(c->app[i].applied_at);
	}
	free(c->app);
	c->app = NULL;
	c->napp = 0;
}

/* Read schema_migrations (absent: nothing applied). */
static int
read_applied(struct dbctx *c)
{
	PGresult *res;
	int i, n;

	applied_free(c);
	res = PQexec(
	    c->conn, "SELECT to_regclass('schema_migrations') IS NOT NULL");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		fprintf(stderr, "schemac: db %s: %s", c->cmd,
		    PQerrorMessage(c->conn));
		PQclear(res);
		return (-1);
	}
	n = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	if (!n)
		return (0);
	res = PQexec(c->conn,
	    "SELECT \"version\", \"name\", \"checksum\", "
	    "to_char(\"applied_at\", 'YYYY-MM-DD HH24:MI:SS TZ') "
	    "FROM \"schema_migrations\" ORDER BY \"version\"");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		fprintf(stderr, "schemac: db %s: %s", c->cmd,
		    PQerrorMessage(c->conn));
		PQclear(res);
		return (-1);
	}
	n = PQntuples(res);
	if ((c->app = calloc((size_t)n + 1, sizeof(*c->app))) == NULL)
		abort();
	for (i = 0; i < n; i++) {
		c->app[i].version = atoi(PQgetvalue(res, i, 0));
		c->app[i].name = strdup(PQgetvalue(res, i, 1));
		c->app[i].checksum = strdup(PQgetvalue(res, i, 2));
		c->app[i].applied_at = strdup(PQgetvalue(res, i, 3));
	}
	c->napp = (size_t)n;
	PQclear(res);
	return (0);
}

static struct mig *
find_mig(struct dbctx *c, int version)
{
	size_t i;

	for (i = 0; i < c->nmig; i++)
		if (c->migs[i].version == version)
			return (&c->migs[i]);
	return (NULL);
}

static struct applied *
find_applied(struct dbctx *c, int version)
{
	size_t i;

	for (i = 0; i < c->napp; i++)
		if (c->app[i].version == version)
			return (&c->app[i]);
	return (NULL);
}

/* The SHA-256 of a migration's up file; -1 when unreadable. */
static int
file_checksum(const struct mig *m, char hex[65], char **textp)
{
	char *text;
	size_t len;

	if ((text = lock_read_file(m->up_path, &len)) == NULL) {
		fprintf(
		    stderr, "schemac: %s: %s\n", m->up_path, strerror(errno));
		return (-1);
	}
	sha256_hex(text, len, hex);
	if (textp != NULL)
		*textp = text;
	else
		free(text);
	return (0);
}

/*
 * Every applied migration must still be on disk, unchanged. Prints each
 * problem; returns how many there are.
 */
static int
verify_applied(struct dbctx *c)
{
	struct applied *a;
	struct mig *m;
	char hex[65];
	size_t i;
	int bad = 0;

	for (i = 0; i < c->napp; i++) {
		a = &c->app[i];
		if ((m = find_mig(c, a->version)) == NULL) {
			fprintf(stderr,
			    "schemac: db %s: error: migration %04d_%s is "
			    "applied but its file is missing from %s\n",
			    c->cmd, a->version, a->name, c->dir);
			bad++;
			continue;
		}
		if (file_checksum(m, hex, NULL) != 0) {
			bad++;
			continue;
		}
		if (strcmp(hex, a->checksum) != 0) {
			fprintf(stderr,
			    "schemac: db %s: error: %s was changed after it "
			    "was applied (checksum %.12s..., applied "
			    "%.12s...)\n",
			    c->cmd, m->up_path, hex, a->checksum);
			bad++;
		}
	}
	if (bad > 0)
		fprintf(stderr,
		    "schemac: db %s: refusing to run: an applied migration "
		    "must not change. Restore the file%s from version "
		    "control, and put new changes in a new migration "
		    "(schemac migrate new).\n",
		    c->cmd, bad == 1 ? "" : "s");
	return (bad);
}

/*
 * Run one migration file in its own transaction together with its
 * schema_migrations bookkeeping (insert when up, delete when down).
 * On any error everything is rolled back and -1 returned.
 */
static int
run_migration(struct dbctx *c, const struct mig *m, int up)
{
	const char *path = up ? m->up_path : m->down_path;
	const char *params[3];
	char hex[65], vbuf[16], *text, *uptext;
	PGresult *res;
	double t0;
	int ok;

	if ((text = lock_read_file(path, NULL)) == NULL) {
		fprintf(stderr, "schemac: %s: %s\n", path, strerror(errno));
		return (-1);
	}
	if (file_checksum(m, hex, &uptext) != 0) {
		free(text);
		return (-1);
	}
	free(uptext);
	t0 = now_ms();
	if (exec_ok(c, "BEGIN") != 0) {
		free(text);
		return (-1);
	}
	ok = exec_file(c, path, text) == 0;
	free(text);
	if (ok) {
		snprintf(vbuf, sizeof(vbuf), "%d", m->version);
		params[0] = vbuf;
		params[1] = mig_short_name(m->name);
		params[2] = hex;
		if (up)
			res = PQexecParams(c->conn,
			    "INSERT INTO \"schema_migrations\" (\"version\", "
			    "\"name\", \"checksum\") VALUES ($1, $2, $3)",
			    3, NULL, params, NULL, NULL, 0);
		else
			res = PQexecParams(c->conn,
			    "DELETE FROM \"schema_migrations\" WHERE "
			    "\"version\" = $1",
			    1, NULL, params, NULL, NULL, 0);
		ok = PQresultStatus(res) == PGRES_COMMAND_OK;
		if (!ok)
			fprintf(stderr, "schemac: db %s: %s", c->cmd,
			    PQerrorMessage(c->conn));
		PQclear(res);
	}
	if (ok && exec_ok(c, "COMMIT") == 0) {
		printf("%s %s (%.0f ms)\n", up ? "applied" : "reverted",
		    m->name, now_ms() - t0);
		fflush(stdout);
		return (0);
	}
	res = PQexec(c->conn, "ROLLBACK");
	PQclear(res);
	fprintf(stderr,
	    "schemac: db %s: %s failed and was rolled back; the database is "
	    "as it was before it\n",
	    c->cmd, m->name);
	return (-1);
}

/* Parse a positive decimal option value. */
static int
parse_int(const char *s, const char *opt, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 0 || v > 99999999) {
		fprintf(stderr, "schemac: db: %s needs a number, not '%s'\n",
		    opt, s);
		return (-1);
	}
	*out = (int)v;
	return (0);
}

static int
db_upgrade(struct dbctx *c, int to)
{
	struct mig *m;
	size_t i;
	int last, n;

	if (to > 0 && find_mig(c, to) == NULL) {
		fprintf(stderr,
		    "schemac: db upgrade: no migration %04d in %s\n", to,
		    c->dir);
		return (1);
	}
	if (take_lock(c) != 0 || ensure_table(c) != 0 || read_applied(c) != 0)
		return (1);
	if (verify_applied(c) != 0)
		return (1);
	last = c->napp > 0 ? c->app[c->napp - 1].version : 0;
	if (to >= 0 && to < last) {
		fprintf(stderr,
		    "schemac: db upgrade: the database is at %04d, past "
		    "--to %04d; use schemac db downgrade\n",
		    last, to);
		return (1);
	}
	for (i = 0; i < c->nmig; i++) {
		m = &c->migs[i];
		if (find_applied(c, m->version) == NULL && m->version < last) {
			fprintf(stderr,
			    "schemac: db upgrade: error: %s is pending but "
			    "older than the last applied migration %04d (a "
			    "merge?); renumber it after %04d\n",
			    m->name, last, last);
			return (1);
		}
	}
	n = 0;
	for (i = 0; i < c->nmig; i++) {
		m = &c->migs[i];
		if (find_applied(c, m->version) != NULL)
			continue;
		if (to >= 0 && m->version > to)
			break;
		if (run_migration(c, m, 1) != 0)
			return (1);
		n++;
	}
	if (n == 0)
		printf("schemac: the database is up to date (version %04d)\n",
		    last);
	else
		printf(
		    "schemac: applied %d migration%s\n", n, n == 1 ? "" : "s");
	return (0);
}

/* Record migrations up to version to as applied, without running them. */
static int
db_stamp(struct dbctx *c, int to)
{
	const char *params[3];
	char hex[65], vbuf[16];
	struct mig *m;
	PGresult *res;
	size_t i;
	int last, n = 0;

	if (find_mig(c, to) == NULL) {
		fprintf(stderr, "schemac: db stamp: no migration %04d in %s\n",
		    to, c->dir);
		return (1);
	}
	if (take_lock(c) != 0 || ensure_table(c) != 0 || read_applied(c) != 0)
		return (1);
	if (verify_applied(c) != 0)
		return (1);
	last = c->napp > 0 ? c->app[c->napp - 1].version : 0;
	if (to < last) {
		fprintf(stderr,
		    "schemac: db stamp: the database is at %04d, "
		    "past %04d\n",
		    last, to);
		return (1);
	}
	for (i = 0; i < c->nmig && c->migs[i].version <= to; i++) {
		m = &c->migs[i];
		if (find_applied(c, m->version) != NULL)
			continue;
		if (file_checksum(m, hex, NULL) != 0)
			return (1);
		snprintf(vbuf, sizeof(vbuf), "%d", m->version);
		params[0] = vbuf;
		params[1] = mig_short_name(m->name);
		params[2] = hex;
		res = PQexecParams(c->conn,
		    "INSERT INTO \"schema_migrations\" (\"version\", "
		    "\"name\", \"checksum\") VALUES ($1, $2, $3)",
		    3, NULL, params, NULL, NULL, 0);
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			fprintf(stderr, "schemac: db stamp: %s",
			    PQerrorMessage(c->conn));
			PQclear(res);
			return (1);
		}
		PQclear(res);
		printf("stamped %s (recorded as applied, not run)\n", m->name);
		n++;
	}
	if (n == 0)
		printf("schemac: nothing to stamp\n");
	return (0);
}

/* True when a down file carries the irreversible marker line. */
static int
is_irreversible(const char *text)
{
	size_t n = strlen(MIG_IRREVERSIBLE);
	const char *p;

	for (p = text; p != NULL; p = strchr(p, '\n'), p = p ? p + 1 : p)
		if (strncmp(p, MIG_IRREVERSIBLE, n) == 0 &&
		    (p[n] == '\n' || p[n] == '\0' || p[n] == '\r'))
			return (1);
	return (0);
}

static int
db_downgrade(struct dbctx *c, int steps)
{
	struct mig *m;
	char *text;
	size_t i, k;
	int irrev;

	if (take_lock(c) != 0 || read_applied(c) != 0)
		return (1);
	if (verify_applied(c) != 0)
		return (1);
	if ((size_t)steps > c->napp) {
		fprintf(stderr,
		    "schemac: db downgrade: only %zu migration%s applied, "
		    "cannot revert %d\n",
		    c->napp, c->napp == 1 ? " is" : "s are", steps);
		return (1);
	}
	/* Check every step before reverting any. */
	for (k = 0; k < (size_t)steps; k++) {
		m = find_mig(c, c->app[c->napp - 1 - k].version);
		if (m->down_path == NULL) {
			fprintf(stderr,
			    "schemac: db downgrade: error: %s has no "
			    ".down.sql; nothing was reverted\n",
			    m->name);
			return (1);
		}
		if ((text = lock_read_file(m->down_path, NULL)) == NULL) {
			fprintf(stderr, "schemac: %s: %s\n", m->down_path,
			    strerror(errno));
			return (1);
		}
		irrev = is_irreversible(text);
		free(text);
		if (irrev) {
			fprintf(stderr,
			    "schemac: db downgrade: error: %s is irreversible "
			    "(it destroyed data; see %s); nothing was "
			    "reverted\n",
			    m->name, m->down_path);
			return (1);
		}
	}
	for (k = 0; k < (size_t)steps; k++) {
		i = c->napp - 1 - k;
		m = find_mig(c, c->app[i].version);
		if (run_migration(c, m, 0) != 0)
			return (1);
	}
	if (steps == 0)
		printf("schemac: nothing to revert\n");
	return (0);
}

static int
db_status(struct dbctx *c)
{
	struct applied *a;
	struct mig *m;
	char hex[65];
	size_t i;
	int bad = 0, pending = 0;

	if (read_applied(c) != 0)
		return (1);
	printf("%-8s %-40s %s\n", "version", "name", "state");
	for (i = 0; i < c->nmig; i++) {
		m = &c->migs[i];
		a = find_applied(c, m->version);
		if (a == NULL) {
			printf("%04d     %-40s pending\n", m->version, m->name);
			pending++;
			continue;
		}
		if (file_checksum(m, hex, NULL) != 0 ||
		    strcmp(hex, a->checksum) != 0) {
			printf("%04d     %-40s CHANGED since it was applied "
			       "(checksum mismatch)\n",
			    m->version, m->name);
			bad++;
			continue;
		}
		printf("%04d     %-40s applied %s\n", m->version, m->name,
		    a->applied_at);
	}
	for (i = 0; i < c->napp; i++) {
		a = &c->app[i];
		if (find_mig(c, a->version) != NULL)
			continue;
		printf("%04d     %-40s MISSING: applied %s, no file\n",
		    a->version, a->name, a->applied_at);
		bad++;
	}
	printf("%zu applied, %d pending%s\n", c->napp, pending,
	    bad ? ", PROBLEMS above" : "");
	return (bad ? 1 : 0);
}

int
cmd_db(int argc, char **argv)
{
	struct dbctx c;
	int i, to = -1, steps = 1, rc;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return (argc < 2 ? 2 : 0);
	}
	memset(&c, 0, sizeof(c));
	c.cmd = argv[1];
	c.dir = DEFAULT_DIR;
	if (strcmp(c.cmd, "upgrade") != 0 && strcmp(c.cmd, "downgrade") != 0 &&
	    strcmp(c.cmd, "status") != 0 && strcmp(c.cmd, "stamp") != 0) {
		fprintf(stderr, "schemac: db: unknown command '%s'\n%s", c.cmd,
		    usage);
		return (2);
	}
	for (i = 2; i < argc; i++) {
		const char *opt = argv[i], *val = NULL;

		if (strcmp(c.cmd, "stamp") == 0 && opt[0] != '-' && to < 0) {
			if (parse_int(opt, "stamp", &to) != 0)
				return (2);
			continue;
		}
		const char *eq = strchr(opt, '=');
		char name[32];

		if (strcmp(opt, "--help") == 0 || strcmp(opt, "-h") == 0) {
			fputs(usage, stdout);
			return (0);
		}
		snprintf(name, sizeof(name), "%.*s",
		    eq != NULL ? (int)(eq - opt) : (int)strlen(opt), opt);
		if (strcmp(name, "--dir") != 0 &&
		    !(strcmp(name, "--to") == 0 &&
			strcmp(c.cmd, "upgrade") == 0) &&
		    !(strcmp(name, "--steps") == 0 &&
			strcmp(c.cmd, "downgrade") == 0)) {
			fprintf(stderr,
			    "schemac: db %s: unknown option '%s'\n%s", c.cmd,
			    opt, usage);
			return (2);
		}
		if (eq != NULL)
			val = eq + 1;
		else if (i + 1 < argc)
			val = argv[++i];
		else {
			fprintf(stderr, "schemac: db %s: %s needs a value\n",
			    c.cmd, name);
			return (2);
		}
		if (strcmp(name, "--dir") == 0)
			c.dir = val;
		else if (strcmp(name, "--to") == 0) {
			if (parse_int(val, name, &to) != 0)
				return (2);
		} else if (parse_int(val, name, &steps) != 0)
			return (2);
	}
	if (strcmp(c.cmd, "stamp") == 0 && to < 0) {
		fprintf(stderr,
		    "schemac: db stamp: which version? (schemac db "
		    "stamp N)\n");
		return (2);
	}
	if (mig_scan(c.dir, &c.migs, &c.nmig) != 0)
		return (1);
	rc = 1;
	if (connect_db(&c) == 0) {
		if (strcmp(c.cmd, "upgrade") == 0)
			rc = db_upgrade(&c, to);
		else if (strcmp(c.cmd, "downgrade") == 0)
			rc = db_downgrade(&c, steps);
		else if (strcmp(c.cmd, "stamp") == 0)
			rc = db_stamp(&c, to);
		else
			rc = db_status(&c);
	}
	applied_free(&c);
	mig_free(c.migs, c.nmig);
	PQfinish(c.conn);
	return (rc);
}
