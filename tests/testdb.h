/*
 * testdb.h: opening the fresh database a db_* test runs against
 * (scripts/test.sh gives each program an empty one in DATABASE_URL) and
 * creating the schema in it from the schema.sql the test was built for.
 */
#ifndef TESTDB_H
#define TESTDB_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

/* Read a whole file; NULL when it cannot be read. The caller frees. */
static char *
testdb_slurp(const char *path)
{
	FILE *f;
	char *s = NULL;
	long n;

	if ((f = fopen(path, "rb")) == NULL)
		return (NULL);
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (s = malloc((size_t)n + 1)) != NULL) {
		if (fread(s, 1, (size_t)n, f) != (size_t)n) {
			free(s);
			s = NULL;
		} else
			s[n] = '\0';
	}
	fclose(f);
	return (s);
}

/*
 * Connect to DATABASE_URL, insist that it is empty, and run the DDL in
 * SCHEMAC_SCHEMA_SQL (default: schema_sql). Returns the connection, or
 * NULL after printing why, prefixed with prog.
 */
static PGconn *
testdb_open(const char *prog, const char *schema_sql)
{
	const char *url, *path;
	PGconn *db;
	PGresult *res;
	char *sql;
	int ok;

	if ((url = getenv("DATABASE_URL")) == NULL) {
		fprintf(stderr,
		    "%s: set DATABASE_URL to a fresh, empty "
		    "database\n",
		    prog);
		return (NULL);
	}
	db = PQconnectdb(url);
	if (PQstatus(db) != CONNECTION_OK) {
		fprintf(stderr, "%s: %s", prog, PQerrorMessage(db));
		PQfinish(db);
		return (NULL);
	}
	res = PQexec(db,
	    "SELECT count(*) FROM pg_tables "
	    "WHERE schemaname = 'public'");
	ok = PQresultStatus(res) == PGRES_TUPLES_OK &&
	    strcmp(PQgetvalue(res, 0, 0), "0") == 0;
	PQclear(res);
	if (!ok) {
		fprintf(stderr,
		    "%s: the database of DATABASE_URL is not "
		    "empty; give it a fresh one\n",
		    prog);
		PQfinish(db);
		return (NULL);
	}
	if ((path = getenv("SCHEMAC_SCHEMA_SQL")) == NULL)
		path = schema_sql;
	if ((sql = testdb_slurp(path)) == NULL) {
		fprintf(stderr,
		    "%s: cannot read %s (run from the repository "
		    "root, or set SCHEMAC_SCHEMA_SQL)\n",
		    prog, path);
		PQfinish(db);
		return (NULL);
	}
	res = PQexec(db, sql);
	free(sql);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
		fprintf(stderr, "%s: %s: %s", prog, path,
		    PQresultErrorMessage(res));
	PQclear(res);
	if (!ok) {
		PQfinish(db);
		return (NULL);
	}
	return (db);
}

#endif
