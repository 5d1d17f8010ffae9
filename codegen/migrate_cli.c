/* migrate_cli.c: `schemac migrate new|check`, writing migrations from the lock
 * diff. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cli.h"
#include "diff.h"
#include "lock.h"
#include "version.h"

#define DEFAULT_SCHEMA "schema/schema.yaml"
#define DEFAULT_DIR "schema/migrations"
#define MAX_NAME 60

static const char usage[] =
    "usage: schemac migrate new NAME [--allow-destructive] [--schema F] "
    "[--dir D]\n"
    "       schemac migrate check [--schema F] [--dir D]\n"
    "\n"
    "  new NAME   diff schema.yaml against D/schema.lock, write the next\n"
    "             D/NNNN_NAME.up.sql and .down.sql, and update the lock.\n"
    "             Destructive changes (dropping tables or columns, "
    "narrowing\n"
    "             types, removing enum values, NOT NULL without a "
    "default)\n"
    "             are refused unless --allow-destructive is given.\n"
    "  check      exit 1 when schema.yaml has changes that no migration\n"
    "             captures (for CI); exit 0 when the lock is up to date.\n"
    "\n"
    "  --schema F  the schema (default " DEFAULT_SCHEMA ")\n"
    "  --dir D     the migrations directory (default " DEFAULT_DIR ")\n";

struct opts {
	const char *schema;
	const char *dir;
	const char *name;
	int allow_destructive;
};

/* `--opt value` or `--opt=value`; returns the value or NULL. */
static const char *
opt_value(int argc, char **argv, int *i, const char *opt)
{
	size_t n = strlen(opt);

	if (strncmp(argv[*i], opt, n) != 0)
		return (NULL);
	if (argv[*i][n] == '=')
		return (argv[*i] + n + 1);
	if (argv[*i][n] != '\0')
		return (NULL);
	if (*i + 1 >= argc) {
		fprintf(stderr, "schemac: migrate: %s needs a value\n", opt);
		exit(2);
	}
	return (argv[++*i]);
}

static int
parse_opts(int argc, char **argv, struct opts *o, int want_name)
{
	const char *v;
	int i;

	o->schema = DEFAULT_SCHEMA;
	o->dir = DEFAULT_DIR;
	o->name = NULL;
	o->allow_destructive = 0;
	for (i = 2; i < argc; i++) {
		if ((v = opt_value(argc, argv, &i, "--schema")) != NULL)
			o->schema = v;
		else if ((v = opt_value(argc, argv, &i, "--dir")) != NULL)
			o->dir = v;
		else if (want_name &&
		    strcmp(argv[i], "--allow-destructive") == 0)
			o->allow_destructive = 1;
		else if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			fputs(usage, stdout);
			exit(0);
		} else if (argv[i][0] == '-') {
			fprintf(stderr,
			    "schemac: migrate %s: unknown option "
			    "'%s'\n%s",
			    argv[1], argv[i], usage);
			return (-1);
		} else if (want_name && o->name == NULL)
			o->name = argv[i];
		else {
			fprintf(stderr,
			    "schemac: migrate %s: unexpected "
			    "argument '%s'\n%s",
			    argv[1], argv[i], usage);
			return (-1);
		}
	}
	return (0);
}

/* Migration names become file names: lower-case words and digits. */
static int
valid_name(const char *s)
{
	size_t n = strlen(s);

	return (n > 0 && n <= MAX_NAME &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == n);
}

/*
 * Load schema.yaml and the lock, and diff them. Returns 0 with d filled,
 * or 1 after printing errors. *nmig receives the migrations on disk.
 */
static int
load_and_diff(
    const struct opts *o, struct diff *d, struct mig **migs, size_t *nmig)
{
	struct ir_schema *cur, *lock;
	char *lockpath;
	int nerr, missing, rc;

	memset(d, 0, sizeof(*d));
	if ((cur = schema_load(o->schema, &nerr)) == NULL)
		return (1);
	if (mig_scan(o->dir, migs, nmig) != 0) {
		ir_free(cur);
		return (1);
	}
	if (asprintf(&lockpath, "%s/%s", o->dir, LOCK_FILE) < 0)
		abort();
	lock = lock_load(lockpath, &missing);
	if (lock != NULL && missing && *nmig > 0) {
		fprintf(stderr,
		    "schemac: %s: error: missing, but %s holds %zu "
		    "migration(s); restore it from version control\n",
		    lockpath, o->dir, *nmig);
		ir_free(lock);
		lock = NULL;
	}
	free(lockpath);
	if (lock == NULL) {
		ir_free(cur);
		mig_free(*migs, *nmig);
		return (1);
	}
	rc = diff_schemas(lock, cur, d) == 0 ? 0 : 1;
	if (rc != 0) {
		fprintf(stderr,
		    "schemac: fix the renamed_from hints above; "
		    "a hint names the table or column as the "
		    "migration lock has it\n");
		mig_free(*migs, *nmig);
	}
	ir_free(lock);
	ir_free(cur);
	return (rc);
}

static void
summary_lines(struct out *f, const struct strv *sv)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		out_printf(f, "--   - %s\n", sv->v[i]);
}

/* The down file of an up that drops data: it refuses to run. */
static void
irreversible_down(struct out *f, const char *stem, const struct diff *d)
{
	const char *p, *nl;
	size_t i;

	out_printf(f, "-- Migration %s (down): IRREVERSIBLE.\n%s\n--\n", stem,
	    MIG_IRREVERSIBLE);
	out_puts(f,
	    "-- The up migration destroys data that no down migration "
	    "can bring back:\n");
	for (i = 0; i < d->irreversible.n; i++)
		out_printf(f, "--   - it %s\n", d->irreversible.v[i]);
	out_puts(f,
	    "-- `schemac db downgrade` stops here. To go back, restore a "
	    "backup, or\n"
	    "-- write the inverse by hand and delete the marker line above.\n"
	    "--\n"
	    "-- The statements below would restore the schema (not the "
	    "data):\n--\n");
	for (p = d->down.buf; *p != '\0'; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL)
			nl = p + strlen(p);
		if (nl > p)
			out_printf(f, "--   %.*s\n", (int)(nl - p), p);
		if (*nl == '\0')
			break;
	}
	out_puts(f, "\n-- Run by hand, this file fails too.\n");
	out_puts(f, "DO $$ BEGIN RAISE EXCEPTION 'migration ");
	out_puts(f, stem);
	out_puts(f, " is irreversible'; END $$;\n");
}

static int
write_file(const char *path, const struct out *f)
{
	if (lock_write_file(path, f->buf, f->len) != 0)
		return (-1);
	printf("wrote %s\n", path);
	return (0);
}

static int
migrate_new(int argc, char **argv)
{
	struct opts o;
	struct diff d;
	struct mig *migs;
	struct ir_schema *cur;
	struct out up, down, lock;
	char stem[MAX_NAME + 16], *upp, *downp, *lockp;
	size_t nmig, i;
	int version, nerr, rc;

	if (parse_opts(argc, argv, &o, 1) != 0)
		return (2);
	if (o.name == NULL) {
		fprintf(stderr, "schemac: migrate new: a NAME is required\n%s",
		    usage);
		return (2);
	}
	if (!valid_name(o.name)) {
		fprintf(stderr,
		    "schemac: migrate new: invalid name '%s': use lower-case "
		    "letters, digits and underscores (at most %d), e.g. "
		    "add_user_roles\n",
		    o.name, MAX_NAME);
		return (2);
	}
	if (load_and_diff(&o, &d, &migs, &nmig) != 0) {
		diff_free(&d);
		return (1);
	}
	version = nmig > 0 ? migs[nmig - 1].version + 1 : 1;
	mig_free(migs, nmig);
	if (d.up_summary.n == 0) {
		printf("schemac: no changes between %s and %s/%s; nothing "
		       "written\n",
		    o.schema, o.dir, LOCK_FILE);
		diff_free(&d);
		return (0);
	}
	snprintf(stem, sizeof(stem), "%04d_%s", version, o.name);
	if (d.destructive.n > 0 && !o.allow_destructive) {
		fprintf(stderr,
		    "schemac: migrate new: refusing to write %s: it has %zu "
		    "destructive change%s:\n",
		    stem, d.destructive.n, d.destructive.n == 1 ? "" : "s");
		for (i = 0; i < d.destructive.n; i++)
			fprintf(stderr, "  - %s\n", d.destructive.v[i]);
		fprintf(stderr,
		    "Review them; if they are what you want, run again with "
		    "--allow-destructive\n(each is then written under a "
		    "-- DESTRUCTIVE: comment). For a rename, add\n"
		    "renamed_from: <old name> to the table or field "
		    "instead.\n");
		diff_free(&d);
		return (1);
	}

	out_init(&up);
	out_printf(&up,
	    "-- Migration %s (up), written by schemac %s from %s.\n"
	    "-- Review it before applying: `schemac db upgrade` runs it in "
	    "one transaction.\n--\n-- Changes:\n",
	    stem, SCHEMAC_VERSION, o.schema);
	summary_lines(&up, &d.up_summary);
	out_write(&up, d.up.buf, d.up.len);

	out_init(&down);
	if (d.irreversible.n > 0)
		irreversible_down(&down, stem, &d);
	else {
		out_printf(&down,
		    "-- Migration %s (down): reverts %s.up.sql; written by "
		    "schemac %s.\n--\n-- Changes:\n",
		    stem, stem, SCHEMAC_VERSION);
		summary_lines(&down, &d.down_summary);
		out_write(&down, d.down.buf, d.down.len);
	}

	/* The lock is the new schema, loaded once more to render it. */
	out_init(&lock);
	if ((cur = schema_load(o.schema, &nerr)) == NULL)
		abort(); /* it loaded a moment ago */
	lock_render(cur, &lock);
	ir_free(cur);

	if (asprintf(&upp, "%s/%s.up.sql", o.dir, stem) < 0 ||
	    asprintf(&downp, "%s/%s.down.sql", o.dir, stem) < 0 ||
	    asprintf(&lockp, "%s/%s", o.dir, LOCK_FILE) < 0)
		abort();
	rc = 0;
	if (lock_mkdir(o.dir) != 0 || write_file(upp, &up) != 0 ||
	    write_file(downp, &down) != 0 || write_file(lockp, &lock) != 0)
		rc = 1;
	else if (d.destructive.n > 0)
		printf("schemac: %zu destructive change%s written under "
		       "-- DESTRUCTIVE: comments; review them\n",
		    d.destructive.n, d.destructive.n == 1 ? "" : "s");
	free(upp);
	free(downp);
	free(lockp);
	out_free(&up);
	out_free(&down);
	out_free(&lock);
	diff_free(&d);
	return (rc);
}

static int
migrate_check(int argc, char **argv)
{
	struct opts o;
	struct diff d;
	struct mig *migs;
	size_t nmig, i;

	if (parse_opts(argc, argv, &o, 0) != 0)
		return (2);
	if (load_and_diff(&o, &d, &migs, &nmig) != 0) {
		diff_free(&d);
		return (1);
	}
	mig_free(migs, nmig);
	if (d.up_summary.n == 0) {
		printf("schemac: the migrations capture %s\n", o.schema);
		diff_free(&d);
		return (0);
	}
	fprintf(stderr, "schemac: %s has changes that no migration captures:\n",
	    o.schema);
	for (i = 0; i < d.up_summary.n; i++)
		fprintf(stderr, "  - %s\n", d.up_summary.v[i]);
	fprintf(stderr,
	    "Run `schemac migrate new NAME` to write the "
	    "migration.\n");
	diff_free(&d);
	return (1);
}

int
cmd_migrate(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return (argc < 2 ? 2 : 0);
	}
	if (strcmp(argv[1], "new") == 0)
		return (migrate_new(argc, argv));
	if (strcmp(argv[1], "check") == 0)
		return (migrate_check(argc, argv));
	fprintf(stderr, "schemac: migrate: unknown command '%s'\n%s", argv[1],
	    usage);
	return (2);
}
