/*
 * migrate_roundtrip.c: migrations against a real PostgreSQL. DATABASE_URL
 * is a fresh empty database; one more, mg_rt_ref (for schemas built from
 * schema.sql), is made through PGURL_ADMIN (or DATABASE_URL) and dropped
 * at the end. Between scenarios a database is emptied by recreating its
 * public schema, which is much cheaper than a new database.
 *
 * - the chain tests/golden-migrate/_chain/v1..v5.yaml (every kind of
 *   change) is turned into migrations; after each `db upgrade --to N` the
 *   database's pg_dump --schema-only equals that of a database built from
 *   vN's schema.sql, and every reversible `db downgrade` gives back the
 *   schema of v(N-1); an irreversible one stops and changes nothing;
 * - the shipped schema: schema/migrations yield generated/schema.sql;
 * - data survives renames, widenings, enum changes and added columns;
 * - two concurrent `db upgrade` runs apply each migration once;
 * - a failing migration leaves the database as it was;
 * - an edited or missing applied migration stops upgrade and shows in
 *   status.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <libpq-fe.h>

#include "check.h"
#include "cli.h"
#include "emit.h"
#include "lock.h"
#include "migrate_util.h"
#include "out.h"

#define CHAIN "tests/golden-migrate/_chain"
#define NCHAIN 5

static const char *base_url; /* DATABASE_URL */
static PGconn *admin; /* for CREATE/DROP DATABASE */
static char *chain_dir; /* temporary: mig/ and schema.sql per version */

static char *db_url_path(const char *name, const char *search_path);

/* The conninfo of database name on DATABASE_URL's server. malloc'd. */
static char *
db_url(const char *name)
{
	return (db_url_path(name, NULL));
}

/* db_url() whose sessions use search_path (a schema) when not NULL. */
static char *
db_url_path(const char *name, const char *search_path)
{
	PQconninfoOption *opts, *o;
	struct out s;
	char *err = NULL;
	const char *p;

	if ((opts = PQconninfoParse(base_url, &err)) == NULL)
		fail_msg("DATABASE_URL: %s", err ? err : "unparsable");
	out_init(&s);
	for (o = opts; o->keyword != NULL; o++) {
		if (o->val == NULL || strcmp(o->keyword, "dbname") == 0 ||
		    strcmp(o->keyword, "options") == 0)
			continue;
		out_printf(&s, "%s='", o->keyword);
		for (p = o->val; *p != '\0'; p++) {
			if (*p == '\'' || *p == '\\')
				out_puts(&s, "\\");
			out_write(&s, p, 1);
		}
		out_puts(&s, "' ");
	}
	out_printf(&s, "dbname='%s'", name);
	if (search_path != NULL)
		out_printf(&s, " options='-csearch_path=%s'", search_path);
	PQconninfoFree(opts);
	return (s.buf);
}

static void
admin_exec(const char *fmt, ...)
{
	PGresult *res;
	va_list ap;
	char *q;

	va_start(ap, fmt);
	if (vasprintf(&q, fmt, ap) < 0)
		abort();
	va_end(ap);
	res = PQexec(admin, q);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		fail_msg("%s: %s", q, PQerrorMessage(admin));
	PQclear(res);
	free(q);
}

static char *main_db; /* DATABASE_URL's database */
#define REF_DB "mg_rt_ref"

static PGconn *
connect_to(const char *name)
{
	PGconn *c;
	PGresult *res;
	char *url;

	url = db_url(name);
	c = PQconnectdb(url);
	free(url);
	if (PQstatus(c) != CONNECTION_OK)
		fail_msg("connect %s: %s", name, PQerrorMessage(c));
	res = PQexec(c, "SET client_min_messages = warning");
	PQclear(res);
	return (c);
}

/* Empty a database: everything the tests make lives in schema public. */
static void
reset_db(const char *name)
{
	PGconn *c = connect_to(name);
	PGresult *res;

	res = PQexec(c,
	    "DROP SCHEMA IF EXISTS public, g_mig, g_ref CASCADE; "
	    "CREATE SCHEMA public");
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		fail_msg("reset %s: %s", name, PQerrorMessage(c));
	PQclear(res);
	PQfinish(c);
}

/* Run SQL on database name; returns the first value of the result. */
static char *
sql(const char *name, const char *q)
{
	PGconn *c;
	PGresult *res;
	char *v;

	c = connect_to(name);
	res = PQexec(c, q);
	if (PQresultStatus(res) != PGRES_COMMAND_OK &&
	    PQresultStatus(res) != PGRES_TUPLES_OK)
		fail_msg("%s: %s", q, PQerrorMessage(c));
	v = strdup(
	    PQntuples(res) > 0 && PQnfields(res) > 0 && !PQgetisnull(res, 0, 0)
		? PQgetvalue(res, 0, 0)
		: "(null)");
	PQclear(res);
	PQfinish(c);
	return (v);
}

static void
expect_sql(const char *name, const char *q, const char *want)
{
	char *v = sql(name, q);

	if (strcmp(v, want) != 0)
		fail_msg("%s: %s gave '%s', want '%s'", name, q, v, want);
	free(v);
}

/* schemac with DATABASE_URL pointing at database name. */
static void
schemac_db(struct mrun *r, const char *name, const char *dir, const char *cmd,
    const char *a1, const char *a2)
{
	char *env[2], *url;

	url = db_url(name);
	env[0] = mu_printf("DATABASE_URL=%s", url);
	env[1] = NULL;
	mu_schemac(r, NULL, env, "db", cmd, "--dir", dir, a1, a2, NULL);
	free(env[0]);
	free(url);
}

static void
schemac_db_ok(const char *name, const char *dir, const char *cmd,
    const char *a1, const char *a2)
{
	struct mrun r;

	schemac_db(&r, name, dir, cmd, a1, a2);
	if (r.status != 0)
		fail_msg("db %s %s on %s: exit %d\n%s%s", cmd, a1 ? a1 : "",
		    name, r.status, r.out, r.err);
	mu_run_free(&r);
}

static int
line_cmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/*
 * pg_dump --schema-only of a database, without schema_migrations, with
 * pg_dump's comments, SET lines and \restrict keys removed, and the
 * column lines of each CREATE TABLE sorted: PostgreSQL can only append
 * a new column, so a migrated table may list its columns in another
 * order than a fresh one; everything else must be identical.
 */
static char *
dump(const char *name)
{
	char *url, *cmd, *line, **lines, *p, *nl;
	size_t n, cap, i, start;
	struct out o;
	FILE *fp;
	char *text;
	int in_table;

	url = db_url(name);
	cmd = mu_printf("pg_dump --schema-only --no-owner --schema=public "
			"--exclude-table=schema_migrations -d \"%s\"",
	    url);
	free(url);
	if ((fp = popen(cmd, "r")) == NULL)
		fail_msg("popen pg_dump");
	out_init(&o);
	{
		char buf[8192];
		size_t k;

		while ((k = fread(buf, 1, sizeof(buf), fp)) > 0)
			out_write(&o, buf, k);
	}
	if (pclose(fp) != 0)
		fail_msg("%s failed", cmd);
	free(cmd);
	text = o.buf;
	lines = NULL;
	n = cap = 0;
	in_table = 0;
	start = 0;
	for (p = text; *p != '\0'; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL)
			break;
		*nl = '\0';
		line = p;
		if (*line == '\0' || strncmp(line, "--", 2) == 0 ||
		    strncmp(line, "SET ", 4) == 0 ||
		    strncmp(line, "SELECT pg_catalog.set_config", 28) == 0 ||
		    strncmp(line, "\\restrict", 9) == 0 ||
		    strncmp(line, "\\unrestrict", 11) == 0)
			continue;
		if (in_table && strcmp(line, ");") == 0) {
			qsort(
			    lines + start, n - start, sizeof(*lines), line_cmp);
			in_table = 0;
		} else if (in_table) {
			i = strlen(line);
			if (i > 0 && line[i - 1] == ',')
				line[i - 1] = '\0';
		}
		if (n == cap &&
		    (lines = realloc(lines,
			 (cap = cap ? cap * 2 : 256) * sizeof(*lines))) == NULL)
			abort();
		lines[n++] = line;
		if (strncmp(line, "CREATE TABLE ", 13) == 0) {
			in_table = 1;
			start = n;
		}
	}
	out_init(&o);
	for (i = 0; i < n; i++) {
		out_puts(&o, lines[i]);
		out_puts(&o, "\n");
	}
	free(lines);
	free(text);
	return (o.buf);
}

static void
same_schema(const char *what, const char *a, const char *b)
{
	char *pa, *pb, *cmd;

	if (strcmp(a, b) == 0)
		return;
	pa = mu_printf("%s/expected.sql", chain_dir);
	pb = mu_printf("%s/actual.sql", chain_dir);
	mu_write(pa, a);
	mu_write(pb, b);
	cmd = mu_printf("diff -u '%s' '%s' >&2", pa, pb);
	(void)system(cmd);
	free(cmd);
	free(pa);
	free(pb);
	fail_msg("%s: the schemas differ (diff above)", what);
}

/* Load schema.sql text into a fresh database. */
static void
load_sql(const char *name, const char *text)
{
	PGconn *c;
	PGresult *res;

	reset_db(name);
	c = connect_to(name);
	res = PQexec(c, text);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		fail_msg("schema.sql into %s: %s", name, PQerrorMessage(c));
	PQclear(res);
	PQfinish(c);
}

/* schema.sql of a schema file, rendered by the emitter itself. */
static char *
schema_sql(const char *path)
{
	struct ir_schema *s;
	struct out o;
	int nerr;

	if ((s = schema_load(path, &nerr)) == NULL)
		fail_msg("%s: %d errors", path, nerr);
	out_init(&o);
	assert_int_equal(emit_schema_sql(s, &o), 0);
	ir_free(s);
	return (o.buf);
}

static char *chain_sql[NCHAIN + 1]; /* dump of a fresh DB per version */

/* Write the chain's migrations and the reference dump of each version. */
static int
setup_chain(void **state)
{
	struct mrun r;
	char *yaml, *step, *dir, *text;
	int v;

	(void)state;
	admin_exec("DROP DATABASE IF EXISTS " REF_DB " WITH (FORCE)");
	admin_exec("CREATE DATABASE " REF_DB);
	chain_dir = mu_tmpdir();
	dir = mu_printf("%s/mig", chain_dir);
	for (v = 1; v <= NCHAIN; v++) {
		yaml = mu_printf("%s/%s/v%d.yaml", mu_root, CHAIN, v);
		step = mu_printf("v%d", v);
		mu_schemac(&r, NULL, NULL, "migrate", "new", step,
		    "--allow-destructive", "--schema", yaml, "--dir", dir,
		    NULL);
		if (r.status != 0) {
			fprintf(stderr, "migrate new %s: %s", step, r.err);
			return (-1);
		}
		mu_run_free(&r);
		text = schema_sql(yaml);
		load_sql(REF_DB, text);
		chain_sql[v] = dump(REF_DB);
		free(text);
		free(step);
		free(yaml);
	}
	free(dir);
	return (0);
}

static char *
chain_mig(void)
{
	return (mu_printf("%s/mig", chain_dir));
}

/* Up one version at a time, then down again, comparing every step. */
static void
test_chain_up_and_down(void **state)
{
	struct mrun r;
	char *dir, *d, *to, *before;
	int v;

	(void)state;
	dir = chain_mig();
	reset_db(main_db);
	for (v = 1; v <= NCHAIN; v++) {
		to = mu_printf("%d", v);
		schemac_db_ok(main_db, dir, "upgrade", "--to", to);
		d = dump(main_db);
		same_schema(to, chain_sql[v], d);
		free(d);
		free(to);
	}
	/* 0005 and 0004 are reversible; 0003 drops data. */
	for (v = NCHAIN; v > 3; v--) {
		schemac_db_ok(main_db, dir, "downgrade", NULL, NULL);
		d = dump(main_db);
		same_schema("down", chain_sql[v - 1], d);
		free(d);
	}
	before = dump(main_db);
	schemac_db(&r, main_db, dir, "downgrade", "--steps", "2");
	assert_int_not_equal(r.status, 0);
	if (strstr(r.err, "0003_v3 is irreversible") == NULL)
		fail_msg("no irreversible error: %s", r.err);
	mu_run_free(&r);
	d = dump(main_db);
	same_schema("after a refused downgrade", before, d);
	free(d);
	free(before);
	expect_sql(main_db, "SELECT max(version) FROM schema_migrations", "3");

	/* 0002 down, on a database that stops at 2. */
	reset_db(main_db);
	schemac_db_ok(main_db, dir, "upgrade", "--to", "2");
	schemac_db_ok(main_db, dir, "downgrade", NULL, NULL);
	d = dump(main_db);
	same_schema("down to 1", chain_sql[1], d);
	free(d);
	schemac_db_ok(main_db, dir, "downgrade", NULL, NULL);
	expect_sql(main_db,
	    "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", "1");
	expect_sql(main_db,
	    "SELECT count(*) FROM pg_type t JOIN "
	    "pg_namespace n ON n.oid = t.typnamespace "
	    "WHERE n.nspname = 'public' AND t.typtype "
	    "= 'e'",
	    "0");
	free(dir);
}

/* The shipped migrations build exactly generated/schema.sql. */
static void
test_shipped_schema(void **state)
{
	struct mrun r;
	char *text, *a, *b;

	(void)state;
	text = mu_read("generated/schema.sql");
	assert_non_null(text);
	load_sql(REF_DB, text);
	free(text);
	a = dump(REF_DB);
	reset_db(main_db);
	schemac_db_ok(main_db, "schema/migrations", "upgrade", NULL, NULL);
	b = dump(main_db);
	same_schema("schema/migrations vs generated/schema.sql", a, b);
	free(b);
	/*
	 * A database made from schema.sql has no history: upgrade fails
	 * cleanly and says how to adopt it with db stamp.
	 */
	text = mu_read("generated/schema.sql");
	load_sql(main_db, text);
	free(text);
	schemac_db(&r, main_db, "schema/migrations", "upgrade", NULL, NULL);
	assert_int_not_equal(r.status, 0);
	if (strstr(r.err, "schemac db stamp N") == NULL)
		fail_msg("no stamp hint: %s", r.err);
	mu_run_free(&r);
	schemac_db_ok(main_db, "schema/migrations", "stamp", "1", NULL);
	schemac_db_ok(main_db, "schema/migrations", "upgrade", NULL, NULL);
	b = dump(main_db);
	same_schema("stamped schema.sql database", a, b);
	free(b);

	/* And no change of schema.yaml is left without a migration. */
	mu_schemac(&r, NULL, NULL, "migrate", "check", NULL);
	if (r.status != 0)
		fail_msg("migrate check on the shipped schema: %s", r.err);
	mu_run_free(&r);
	free(a);
}

/* Rows written at v1 are still there, converted, after each step. */
static void
test_data_survives(void **state)
{
	const char *db = main_db;
	struct mrun r;
	char *dir;

	(void)state;
	dir = chain_mig();
	reset_db(db);
	schemac_db_ok(db, dir, "upgrade", "--to", "1");
	free(sql(db,
	    "INSERT INTO users (email, name, role, age, legacy) "
	    "VALUES ('a@x.org', 'alice', 'admin', NULL, 'old'), "
	    "('b@x.org', 'bob', 'member', 42, NULL)"));
	free(sql(db,
	    "INSERT INTO items (title, price, owner_id) VALUES "
	    "('lamp', 9.5, 1), ('desk', 120, 2)"));

	/* Rename, widening, added enum value, added columns. */
	schemac_db_ok(db, dir, "upgrade", "--to", "2");
	expect_sql(db,
	    "SELECT username || ' ' || email || ' ' || role FROM "
	    "users WHERE id = 1",
	    "alice a@x.org admin");
	expect_sql(
	    db, "SELECT sum(qty) || ' ' || count(note) FROM items", "2 0");
	free(sql(db,
	    "INSERT INTO users (email, username, role) VALUES "
	    "('m@x.org', 'mod', 'moderator')"));

	/* NULLs backfilled with the new default; int -> bigint. */
	schemac_db_ok(db, dir, "upgrade", "--to", "3");
	expect_sql(db,
	    "SELECT string_agg(age::text, ',' ORDER BY id) FROM "
	    "users",
	    "0,42,0");

	/*
	 * v4 tightens the check to age >= 1, which rows with 0 violate: the
	 * migration fails as a whole, and passes once the data is fixed.
	 */
	schemac_db(&r, db, dir, "upgrade", "--to", "4");
	assert_int_not_equal(r.status, 0);
	if (strstr(r.err, "users_age_check") == NULL)
		fail_msg("upgrade to 4: %s", r.err);
	mu_run_free(&r);
	expect_sql(db, "SELECT max(version) FROM schema_migrations", "3");
	free(sql(db, "UPDATE users SET age = 18 WHERE age = 0"));

	/* Table rename, enum rebuilt around rows, float -> numeric. */
	schemac_db_ok(db, dir, "upgrade", "--to", "4");
	expect_sql(db,
	    "SELECT string_agg(role::text, ',' ORDER BY id) FROM "
	    "users",
	    "admin,member,moderator");
	expect_sql(db,
	    "SELECT string_agg(title || '=' || price, ',' ORDER BY "
	    "id) FROM products",
	    "lamp=9.50,desk=120.00");

	/* Table and column renames again, enum -> varchar. */
	schemac_db_ok(db, dir, "upgrade", "--to", "5");
	expect_sql(db,
	    "SELECT string_agg(login || ':' || role, ',' ORDER BY "
	    "id) FROM people",
	    "alice:admin,bob:member,mod:moderator");
	expect_sql(db,
	    "SELECT count(*) FROM products p JOIN people u ON "
	    "u.id = p.owner_id",
	    "2");
	free(dir);
}

/* A directory of hand-written migrations for the runner's own tests. */
static char *
runner_dir(void)
{
	char *dir = mu_printf("%s/runner", chain_dir), *p;

	mkdir(dir, 0777);
	p = mu_printf("%s/0001_a.up.sql", dir);
	mu_write(p,
	    "CREATE TABLE a (id integer PRIMARY KEY);\n"
	    "SELECT pg_sleep(0.4);\n");
	free(p);
	p = mu_printf("%s/0001_a.down.sql", dir);
	mu_write(p, "DROP TABLE a;\n");
	free(p);
	p = mu_printf("%s/0002_b.up.sql", dir);
	mu_write(p, "CREATE TABLE b (id integer PRIMARY KEY);\n");
	free(p);
	p = mu_printf("%s/0002_b.down.sql", dir);
	mu_write(p, "DROP TABLE b;\n");
	free(p);
	return (dir);
}

static int
count_of(const char *hay, const char *needle)
{
	int n = 0;

	for (; (hay = strstr(hay, needle)) != NULL; hay++)
		n++;
	return (n);
}

/* Two runners at once: each migration is applied exactly once. */
static void
test_concurrent_upgrade(void **state)
{
	const char *db = main_db;
	char *dir, *url, *script, *o1, *o2, *e1, *e2, *p, *st;
	char *argv[4];
	struct mrun r;
	int s1, s2;

	(void)state;
	dir = runner_dir();
	reset_db(db);
	url = db_url(db);
	script =
	    mu_printf("export DATABASE_URL=\"%s\"; cd '%s';"
		      "('%s' db upgrade --dir '%s' >o1 2>e1; echo $? >s1) &"
		      "('%s' db upgrade --dir '%s' >o2 2>e2; echo $? >s2) &"
		      "wait",
		url, chain_dir, mu_bin, dir, mu_bin, dir);
	argv[0] = "/bin/sh";
	argv[1] = "-c";
	argv[2] = script;
	argv[3] = NULL;
	mu_runv(&r, NULL, NULL, argv);
	assert_int_equal(r.status, 0);
	mu_run_free(&r);
#define RD(v, f)                                      \
	do {                                          \
		p = mu_printf("%s/%s", chain_dir, f); \
		v = mu_read(p);                       \
		assert_non_null(v);                   \
		free(p);                              \
	} while (0)
	RD(o1, "o1");
	RD(o2, "o2");
	RD(e1, "e1");
	RD(e2, "e2");
	RD(st, "s1");
	s1 = atoi(st);
	free(st);
	RD(st, "s2");
	s2 = atoi(st);
	free(st);
#undef RD
	if (s1 != 0 || s2 != 0)
		fail_msg("exit %d %d:\n%s%s", s1, s2, e1, e2);
	assert_int_equal(
	    count_of(o1, "applied 0001_a") + count_of(o2, "applied 0001_a"), 1);
	assert_int_equal(
	    count_of(o1, "applied 0002_b") + count_of(o2, "applied 0002_b"), 1);
	/* The second runner saw the lock taken and waited for it. */
	assert_int_equal(count_of(e1, "waiting") + count_of(e2, "waiting"), 1);
	expect_sql(db,
	    "SELECT count(*) || ' ' || count(DISTINCT version) FROM "
	    "schema_migrations",
	    "2 2");
	free(o1);
	free(o2);
	free(e1);
	free(e2);
	free(script);
	free(url);
	free(dir);
}

/* A migration that fails half-way leaves no trace. */
static void
test_failed_migration_rolls_back(void **state)
{
	const char *db = main_db;
	char *dir, *p, *before, *after;
	struct mrun r;

	(void)state;
	dir = runner_dir();
	p = mu_printf("%s/0003_bad.up.sql", dir);
	mu_write(p,
	    "CREATE TABLE c (id integer);\n"
	    "INSERT INTO a VALUES (1);\n"
	    "ALTER TABLE a ADD COLUMN x integer;\n"
	    "SELECT 1 / 0;\n");
	reset_db(db);
	schemac_db_ok(db, dir, "upgrade", "--to", "2");
	before = dump(db);
	schemac_db(&r, db, dir, "upgrade", NULL, NULL);
	assert_int_not_equal(r.status, 0);
	if (strstr(r.err, "0003_bad.up.sql:4: error: division by zero") ==
		NULL ||
	    strstr(r.err, "rolled back") == NULL)
		fail_msg("unexpected error output: %s", r.err);
	mu_run_free(&r);
	after = dump(db);
	same_schema("after a failed migration", before, after);
	expect_sql(db, "SELECT count(*) FROM a", "0");
	expect_sql(db, "SELECT max(version) FROM schema_migrations", "2");
	unlink(p);
	free(p);
	free(before);
	free(after);
	free(dir);
}

/* An applied migration edited or deleted afterwards stops the runner. */
static void
test_edited_migration_detected(void **state)
{
	const char *db = main_db;
	char *dir, *p, *text, *edited;
	struct mrun r;

	(void)state;
	dir = runner_dir();
	reset_db(db);
	schemac_db_ok(db, dir, "upgrade", NULL, NULL);
	p = mu_printf("%s/0001_a.up.sql", dir);
	text = mu_read(p);
	edited = mu_printf("%s-- an innocent edit\n", text);
	mu_write(p, edited);

	schemac_db(&r, db, dir, "upgrade", NULL, NULL);
	assert_int_not_equal(r.status, 0);
	if (strstr(r.err, "0001_a.up.sql was changed after it was applied") ==
	    NULL)
		fail_msg("upgrade: %s", r.err);
	mu_run_free(&r);
	schemac_db(&r, db, dir, "status", NULL, NULL);
	assert_int_equal(r.status, 1);
	if (strstr(r.out, "CHANGED") == NULL)
		fail_msg("status: %s%s", r.out, r.err);
	mu_run_free(&r);
	schemac_db(&r, db, dir, "downgrade", NULL, NULL);
	assert_int_not_equal(r.status, 0);
	mu_run_free(&r);

	mu_write(p, text);
	schemac_db_ok(db, dir, "status", NULL, NULL);
	free(p);
	p = mu_printf("%s/0002_b.up.sql", dir);
	unlink(p);
	schemac_db(&r, db, dir, "status", NULL, NULL);
	assert_int_equal(r.status, 1);
	if (strstr(r.out, "MISSING") == NULL)
		fail_msg("status: %s%s", r.out, r.err);
	mu_run_free(&r);
	schemac_db(&r, db, dir, "upgrade", NULL, NULL);
	assert_int_not_equal(r.status, 0);
	mu_run_free(&r);
	free(text);
	free(edited);
	free(p);
	free(dir);
}

/*
 * The schema of one namespace as sorted text from the catalogs: columns
 * (type, NOT NULL, default, comment), constraints, indexes, enum types
 * with their labels in order, sequences and what owns them, table
 * comments. Like the pg_dump comparison, but in one query, for the many
 * golden cases.
 */
static const char signature_sql[] =
    "WITH ns AS (SELECT oid FROM pg_namespace WHERE nspname = $1), "
    "tabs AS (SELECT c.oid, c.relname FROM pg_class c, ns WHERE "
    "  c.relnamespace = ns.oid AND c.relkind = 'r' AND "
    "  c.relname <> 'schema_migrations') "
    "SELECT string_agg(line, E'\\n' ORDER BY line) FROM ("
    " SELECT 'column ' || t.relname || '.' || a.attname || ' ' || "
    "  format_type(a.atttypid, a.atttypmod) || "
    "  CASE WHEN a.attnotnull THEN ' not null' ELSE '' END || "
    "  coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '') || "
    "  coalesce(' comment ' || col_description(t.oid, a.attnum), '') AS line"
    " FROM tabs t JOIN pg_attribute a ON a.attrelid = t.oid AND "
    "  a.attnum > 0 AND NOT a.attisdropped "
    " LEFT JOIN pg_attrdef d ON d.adrelid = t.oid AND d.adnum = a.attnum "
    " UNION ALL SELECT 'table ' || t.relname || "
    "  coalesce(' comment ' || obj_description(t.oid, 'pg_class'), '') "
    " FROM tabs t "
    " UNION ALL SELECT 'constraint ' || t.relname || ' ' || con.conname || "
    "  ' ' || pg_get_constraintdef(con.oid) "
    " FROM pg_constraint con JOIN tabs t ON t.oid = con.conrelid "
    " UNION ALL SELECT 'index ' || replace(pg_get_indexdef(i.indexrelid), "
    "  ' ON ' || quote_ident($1) || '.', ' ON ') "
    " FROM pg_index i JOIN tabs t ON t.oid = i.indrelid "
    " UNION ALL SELECT 'enum ' || ty.typname || ' ' || "
    "  string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) "
    " FROM pg_type ty JOIN ns ON ty.typnamespace = ns.oid "
    " JOIN pg_enum e ON e.enumtypid = ty.oid GROUP BY ty.typname "
    " UNION ALL SELECT 'sequence ' || c.relname || ' ' || "
    "  format_type(sq.seqtypid, NULL) || coalesce(' owned by ' || "
    "  (SELECT t.relname || '.' || a.attname FROM pg_depend dep "
    "   JOIN tabs t ON t.oid = dep.refobjid JOIN pg_attribute a ON "
    "   a.attrelid = dep.refobjid AND a.attnum = dep.refobjsubid "
    "   WHERE dep.objid = c.oid AND dep.deptype = 'a'), '') "
    " FROM pg_class c JOIN ns ON c.relnamespace = ns.oid "
    " JOIN pg_sequence sq ON sq.seqrelid = c.oid "
    ") lines";

static PGconn *mainc; /* the main database, for the golden cases */

static void
main_exec(const char *q)
{
	PGresult *res;

	if (mainc == NULL) {
		mainc = connect_to(main_db);
	}
	res = PQexec(mainc, q);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		fail_msg("%.200s: %s", q, PQerrorMessage(mainc));
	PQclear(res);
}

static char *
signature(const char *schema)
{
	const char *params[1] = { schema };
	PGresult *res;
	char *q, *v;

	q = mu_printf("SET search_path TO \"%s\"", schema);
	main_exec(q);
	free(q);
	res =
	    PQexecParams(mainc, signature_sql, 1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		fail_msg("signature: %s", PQerrorMessage(mainc));
	v = strdup(PQgetisnull(res, 0, 0) ? "" : PQgetvalue(res, 0, 0));
	PQclear(res);
	return (v);
}

/* A fresh schema of the main database, optionally loaded with sql. */
static void
fresh_schema(const char *schema, const char *text)
{
	char *q;

	q = mu_printf("DROP SCHEMA IF EXISTS \"%s\" CASCADE; "
		      "CREATE SCHEMA \"%s\"; SET search_path TO \"%s\"",
	    schema, schema, schema);
	main_exec(q);
	free(q);
	if (text != NULL)
		main_exec(text);
	main_exec("RESET search_path");
}

/*
 * Run a schemac subcommand in this process (the golden cases run many;
 * the binary itself is tested everywhere else). Its stdout is dropped,
 * its stderr kept in last_err for failure messages.
 */
static char *last_err;

static int
inproc(int (*cmd)(int, char **), ...)
{
	char *argv[16], errp[] = "/tmp/schemac-mgerr-XXXXXX";
	va_list ap;
	int argc, rc, out, err, null, efd;

	va_start(ap, cmd);
	for (argc = 0; argc < 15 && (argv[argc] = va_arg(ap, char *)) != NULL;
	     argc++)
		;
	va_end(ap);
	argv[argc] = NULL;
	if ((efd = mkstemp(errp)) < 0)
		abort();
	fflush(stdout);
	fflush(stderr);
	out = dup(1);
	err = dup(2);
	null = open("/dev/null", O_WRONLY);
	dup2(null, 1);
	dup2(efd, 2);
	close(null);
	close(efd);
	rc = cmd(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(out, 1);
	dup2(err, 2);
	close(out);
	close(err);
	free(last_err);
	last_err = mu_read(errp);
	unlink(errp);
	return (rc);
}

/* schemac db CMD on the main database, in schema. Returns the status. */
static int
schemac_in_schema(const char *schema, const char *dir, const char *cmd)
{
	char *url;
	int rc;

	url = db_url_path(main_db, schema);
	setenv("DATABASE_URL", url, 1);
	rc = inproc(cmd_db, "db", cmd, "--dir", dir, NULL);
	unsetenv("DATABASE_URL");
	free(url);
	return (rc);
}

static void
same_signature(
    const char *what, const char *want_schema, const char *got_schema)
{
	char *a = signature(want_schema), *b = signature(got_schema);

	same_schema(what, a, b);
	free(a);
	free(b);
}

/*
 * Every golden case of tests/golden-migrate, destructive ones included,
 * applied to PostgreSQL (on empty tables): the migrated schema equals a
 * fresh one from new.yaml's schema.sql, and the down migration, when
 * there is one, gives back old.yaml's.
 */
static void
test_golden_cases_apply(void **state)
{
	struct dirent *de;
	char *casedir, *tmp, *old, *new, *sqltext, *dir, *what, *down, *text;
	int ncases = 0, irreversible;
	DIR *d;

	(void)state;
	assert_non_null(d = opendir("tests/golden-migrate"));
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || de->d_name[0] == '_')
			continue;
		casedir = mu_printf(
		    "%s/tests/golden-migrate/%s", mu_root, de->d_name);
		old = mu_printf("%s/old.yaml", casedir);
		new = mu_printf("%s/new.yaml", casedir);
		tmp = mu_tmpdir();
		dir = mu_printf("%s/mig", tmp);
		if (access(old, R_OK) == 0)
			assert_int_equal(
			    inproc(cmd_migrate, "migrate", "new", "old",
				"--allow-destructive", "--schema", old, "--dir",
				dir, NULL),
			    0);
		/* Hint errors and no-change cases write nothing to apply. */
		(void)inproc(cmd_migrate, "migrate", "new", "new",
		    "--allow-destructive", "--schema", new, "--dir", dir, NULL);
		what = mu_printf("golden case %s", de->d_name);
		down = mu_printf("%s/%s_new.down.sql", dir,
		    access(old, R_OK) == 0 ? "0002" : "0001");
		if ((text = mu_read(down)) != NULL) {
			ncases++;
			irreversible = strstr(text, MIG_IRREVERSIBLE) != NULL;
			free(text);
			fresh_schema("g_mig", NULL);
			if (schemac_in_schema("g_mig", dir, "upgrade") != 0)
				fail_msg("%s: upgrade: %s", what, last_err);
			sqltext = schema_sql(new);
			fresh_schema("g_ref", sqltext);
			free(sqltext);
			same_signature(what, "g_ref", "g_mig");

			if ((schemac_in_schema("g_mig", dir, "downgrade") !=
				0) != irreversible)
				fail_msg("%s: downgrade: %s", what, last_err);
			if (!irreversible) {
				if (access(old, R_OK) == 0) {
					sqltext = schema_sql(old);
					fresh_schema("g_ref", sqltext);
					free(sqltext);
				} else
					fresh_schema("g_ref", NULL);
				same_signature(what, "g_ref", "g_mig");
			}
		}
		free(down);
		free(what);
		mu_rmrf(tmp);
		free(tmp);
		free(dir);
		free(old);
		free(new);
		free(casedir);
	}
	closedir(d);
	assert_true(ncases >= 20);
	main_exec("DROP SCHEMA g_mig, g_ref CASCADE");
	PQfinish(mainc);
	mainc = NULL;
}

static int
teardown(void **state)
{
	int v;

	(void)state;
	admin_exec("DROP DATABASE IF EXISTS " REF_DB " WITH (FORCE)");
	for (v = 1; v <= NCHAIN; v++)
		free(chain_sql[v]);
	mu_rmrf(chain_dir);
	free(chain_dir);
	return (0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chain_up_and_down),
		cmocka_unit_test(test_shipped_schema),
		cmocka_unit_test(test_data_survives),
		cmocka_unit_test(test_concurrent_upgrade),
		cmocka_unit_test(test_failed_migration_rolls_back),
		cmocka_unit_test(test_edited_migration_detected),
		cmocka_unit_test(test_golden_cases_apply),
	};
	const char *adm;
	int rc;

	mu_init();
	base_url = getenv("DATABASE_URL");
	if (base_url == NULL || *base_url == '\0') {
		fprintf(stderr, "migrate_roundtrip: DATABASE_URL is not set\n");
		return (1);
	}
	adm = getenv("PGURL_ADMIN");
	admin = PQconnectdb(adm != NULL && *adm != '\0' ? adm : base_url);
	if (PQstatus(admin) != CONNECTION_OK) {
		fprintf(stderr, "migrate_roundtrip: %s", PQerrorMessage(admin));
		return (1);
	}
	{
		PGconn *c = PQconnectdb(base_url);

		if (PQstatus(c) != CONNECTION_OK) {
			fprintf(
			    stderr, "migrate_roundtrip: %s", PQerrorMessage(c));
			return (1);
		}
		main_db = strdup(PQdb(c));
		PQfinish(c);
	}
	PQclear(PQexec(admin, "SET client_min_messages = warning"));
	rc = cmocka_run_group_tests(tests, setup_chain, teardown);
	free(main_db);
	PQfinish(admin);
	return (rc);
}
