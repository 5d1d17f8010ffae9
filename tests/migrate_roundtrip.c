/*
 * migrate_roundtrip.c: migrations against a real PostgreSQL. DATABASE_URL
 * is a fresh empty database; further databases (named mg_rt_*) are made
 * through PGURL_ADMIN (or DATABASE_URL) and dropped at the end.
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
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <libpq-fe.h>

#include "check.h"
#include "emit.h"
#include "migrate_util.h"
#include "out.h"

#define CHAIN "tests/golden-migrate/_chain"
#define NCHAIN 5

static const char *base_url; /* DATABASE_URL */
static PGconn *admin;	     /* for CREATE/DROP DATABASE */
static char *chain_dir;	     /* temporary: mig/ and schema.sql per version */

/* The conninfo of database name on DATABASE_URL's server. malloc'd. */
static char *
db_url(const char *name)
{
	PQconninfoOption *opts, *o;
	struct out s;
	char *err = NULL;
	const char *p;

	if ((opts = PQconninfoParse(base_url, &err)) == NULL)
		fail_msg("DATABASE_URL: %s", err ? err : "unparsable");
	out_init(&s);
	for (o = opts; o->keyword != NULL; o++) {
		if (o->val == NULL || strcmp(o->keyword, "dbname") == 0)
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

static void
fresh_db(const char *name)
{
	admin_exec("DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)", name);
	admin_exec("CREATE DATABASE \"%s\"", name);
}

/* Run SQL on database name; returns the first value of the result. */
static char *
sql(const char *name, const char *q)
{
	PGconn *c;
	PGresult *res;
	char *url, *v;

	url = db_url(name);
	c = PQconnectdb(url);
	free(url);
	if (PQstatus(c) != CONNECTION_OK)
		fail_msg("connect %s: %s", name, PQerrorMessage(c));
	res = PQexec(c, q);
	if (PQresultStatus(res) != PGRES_COMMAND_OK &&
	    PQresultStatus(res) != PGRES_TUPLES_OK)
		fail_msg("%s: %s", q, PQerrorMessage(c));
	v = strdup(PQntuples(res) > 0 && PQnfields(res) > 0 &&
		    !PQgetisnull(res, 0, 0) ?
		PQgetvalue(res, 0, 0) :
		"(null)");
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
	char *env[2];

	env[0] = mu_printf("DATABASE_URL=%s", db_url(name));
	env[1] = NULL;
	mu_schemac(r, NULL, env, "db", cmd, "--dir", dir, a1, a2, NULL);
	free(env[0]);
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
	cmd = mu_printf("pg_dump --schema-only --no-owner "
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
			qsort(lines + start, n - start, sizeof(*lines),
			    line_cmp);
			in_table = 0;
		} else if (in_table) {
			i = strlen(line);
			if (i > 0 && line[i - 1] == ',')
				line[i - 1] = '\0';
		}
		if (n == cap &&
		    (lines = realloc(lines, (cap = cap ? cap * 2 : 256) *
				 sizeof(*lines))) == NULL)
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
	char *url;

	fresh_db(name);
	url = db_url(name);
	c = PQconnectdb(url);
	free(url);
	if (PQstatus(c) != CONNECTION_OK)
		fail_msg("connect %s: %s", name, PQerrorMessage(c));
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
	chain_dir = mu_tmpdir();
	dir = mu_printf("%s/mig", chain_dir);
	for (v = 1; v <= NCHAIN; v++) {
		yaml = mu_printf("%s/%s/v%d.yaml", mu_root, CHAIN, v);
		step = mu_printf("v%d", v);
		mu_schemac(&r, NULL, NULL, "migrate", "new", step,
		    "--allow-destructive", "--schema", yaml, "--dir", dir, NULL);
		if (r.status != 0) {
			fprintf(stderr, "migrate new %s: %s", step, r.err);
			return (-1);
		}
		mu_run_free(&r);
		text = schema_sql(yaml);
		load_sql("mg_rt_ref", text);
		chain_sql[v] = dump("mg_rt_ref");
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
	fresh_db("mg_rt_chain");
	for (v = 1; v <= NCHAIN; v++) {
		to = mu_printf("%d", v);
		schemac_db_ok("mg_rt_chain", dir, "upgrade", "--to", to);
		d = dump("mg_rt_chain");
		same_schema(to, chain_sql[v], d);
		free(d);
		free(to);
	}
	/* 0005 and 0004 are reversible; 0003 drops data. */
	for (v = NCHAIN; v > 3; v--) {
		schemac_db_ok("mg_rt_chain", dir, "downgrade", NULL, NULL);
		d = dump("mg_rt_chain");
		same_schema("down", chain_sql[v - 1], d);
		free(d);
	}
	before = dump("mg_rt_chain");
	schemac_db(&r, "mg_rt_chain", dir, "downgrade", "--steps", "2");
	assert_int_not_equal(r.status, 0);
	if (strstr(r.err, "0003_v3 is irreversible") == NULL)
		fail_msg("no irreversible error: %s", r.err);
	mu_run_free(&r);
	d = dump("mg_rt_chain");
	same_schema("after a refused downgrade", before, d);
	free(d);
	free(before);
	expect_sql("mg_rt_chain", "SELECT max(version) FROM schema_migrations",
	    "3");

	/* 0002 down, on a database that stops at 2. */
	fresh_db("mg_rt_chain");
	schemac_db_ok("mg_rt_chain", dir, "upgrade", "--to", "2");
	schemac_db_ok("mg_rt_chain", dir, "downgrade", NULL, NULL);
	d = dump("mg_rt_chain");
	same_schema("down to 1", chain_sql[1], d);
	free(d);
	schemac_db_ok("mg_rt_chain", dir, "downgrade", NULL, NULL);
	expect_sql("mg_rt_chain",
	    "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", "1");
	expect_sql("mg_rt_chain", "SELECT count(*) FROM pg_type t JOIN "
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
	load_sql("mg_rt_ref", text);
	free(text);
	a = dump("mg_rt_ref");
	fresh_db("mg_rt_shipped");
	schemac_db_ok("mg_rt_shipped", "schema/migrations", "upgrade", NULL,
	    NULL);
	b = dump("mg_rt_shipped");
	same_schema("schema/migrations vs generated/schema.sql", a, b);
	free(a);
	free(b);
	/* And no change of schema.yaml is left without a migration. */
	mu_schemac(&r, NULL, NULL, "migrate", "check", NULL);
	if (r.status != 0)
		fail_msg("migrate check on the shipped schema: %s", r.err);
	mu_run_free(&r);
}

/* Rows written at v1 are still there, converted, after each step. */
static void
test_data_survives(void **state)
{
	const char *db = "mg_rt_data";
	char *dir;

	(void)state;
	dir = chain_mig();
	fresh_db(db);
	schemac_db_ok(db, dir, "upgrade", "--to", "1");
	free(sql(db, "INSERT INTO users (email, name, role, age, legacy) "
		     "VALUES ('a@x.org', 'alice', 'admin', NULL, 'old'), "
		     "('b@x.org', 'bob', 'member', 42, NULL)"));
	free(sql(db, "INSERT INTO items (title, price, owner_id) VALUES "
		     "('lamp', 9.5, 1), ('desk', 120, 2)"));

	/* Rename, widening, added enum value, added columns. */
	schemac_db_ok(db, dir, "upgrade", "--to", "2");
	expect_sql(db, "SELECT username || ' ' || email || ' ' || role FROM "
		       "users WHERE id = 1",
	    "alice a@x.org admin");
	expect_sql(db, "SELECT sum(qty) || ' ' || count(note) FROM items",
	    "2 0");
	free(sql(db, "INSERT INTO users (email, username, role) VALUES "
		     "('m@x.org', 'mod', 'moderator')"));

	/* NULLs backfilled with the new default; int -> bigint. */
	schemac_db_ok(db, dir, "upgrade", "--to", "3");
	expect_sql(db, "SELECT string_agg(age::text, ',' ORDER BY id) FROM "
		       "users",
	    "0,42,0");

	/* Table rename, enum rebuilt around rows, float -> numeric. */
	schemac_db_ok(db, dir, "upgrade", "--to", "4");
	expect_sql(db, "SELECT string_agg(role::text, ',' ORDER BY id) FROM "
		       "users",
	    "admin,member,moderator");
	expect_sql(db, "SELECT string_agg(title || '=' || price, ',' ORDER BY "
		       "id) FROM products",
	    "lamp=9.50,desk=120.00");

	/* Table and column renames again, enum -> varchar. */
	schemac_db_ok(db, dir, "upgrade", "--to", "5");
	expect_sql(db, "SELECT string_agg(login || ':' || role, ',' ORDER BY "
		       "id) FROM people",
	    "alice:admin,bob:member,mod:moderator");
	expect_sql(db, "SELECT count(*) FROM products p JOIN people u ON "
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
	mu_write(p, "CREATE TABLE a (id integer PRIMARY KEY);\n"
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
	const char *db = "mg_rt_conc";
	char *dir, *url, *script, *o1, *o2, *e1, *e2, *p, *st;
	char *argv[4];
	struct mrun r;
	int s1, s2;

	(void)state;
	dir = runner_dir();
	fresh_db(db);
	url = db_url(db);
	script = mu_printf(
	    "export DATABASE_URL=\"%s\"; cd '%s';"
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
#define RD(v, f)                                         \
	do {                                             \
		p = mu_printf("%s/%s", chain_dir, f);    \
		v = mu_read(p);                          \
		assert_non_null(v);                      \
		free(p);                                 \
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
	assert_int_equal(count_of(o1, "applied 0001_a") +
		count_of(o2, "applied 0001_a"),
	    1);
	assert_int_equal(count_of(o1, "applied 0002_b") +
		count_of(o2, "applied 0002_b"),
	    1);
	/* The second runner saw the lock taken and waited for it. */
	assert_int_equal(count_of(e1, "waiting") + count_of(e2, "waiting"), 1);
	expect_sql(db, "SELECT count(*) || ' ' || count(DISTINCT version) FROM "
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
	const char *db = "mg_rt_fail";
	char *dir, *p, *before, *after;
	struct mrun r;

	(void)state;
	dir = runner_dir();
	p = mu_printf("%s/0003_bad.up.sql", dir);
	mu_write(p, "CREATE TABLE c (id integer);\n"
		    "INSERT INTO a VALUES (1);\n"
		    "ALTER TABLE a ADD COLUMN x integer;\n"
		    "SELECT 1 / 0;\n");
	fresh_db(db);
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
	const char *db = "mg_rt_edit";
	char *dir, *p, *text, *edited;
	struct mrun r;

	(void)state;
	dir = runner_dir();
	fresh_db(db);
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
		fail_msg("status: %s", r.out);
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
		fail_msg("status: %s", r.out);
	mu_run_free(&r);
	schemac_db(&r, db, dir, "upgrade", NULL, NULL);
	assert_int_not_equal(r.status, 0);
	mu_run_free(&r);
	free(text);
	free(edited);
	free(p);
	free(dir);
}

static int
teardown(void **state)
{
	int v;

	(void)state;
	admin_exec("DROP DATABASE IF EXISTS mg_rt_ref WITH (FORCE)");
	admin_exec("DROP DATABASE IF EXISTS mg_rt_chain WITH (FORCE)");
	admin_exec("DROP DATABASE IF EXISTS mg_rt_data WITH (FORCE)");
	admin_exec("DROP DATABASE IF EXISTS mg_rt_conc WITH (FORCE)");
	admin_exec("DROP DATABASE IF EXISTS mg_rt_fail WITH (FORCE)");
	admin_exec("DROP DATABASE IF EXISTS mg_rt_edit WITH (FORCE)");
	admin_exec("DROP DATABASE IF EXISTS mg_rt_shipped WITH (FORCE)");
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
	rc = cmocka_run_group_tests(tests, setup_chain, teardown);
	PQfinish(admin);
	return (rc);
}
