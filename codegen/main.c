/* main.c: the schemac command line (SPEC section 3). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cli.h"
#include "emit.h"
#include "ir.h"
#include "version.h"
#include "write.h"

#define DEFAULT_SCHEMA "schema/schema.yaml"
#define DEFAULT_OUT "generated"

static const char usage_main[] =
    "usage: schemac <command> [options]\n"
    "\n"
    "commands:\n"
    "  check      validate the schema\n"
    "  generate   write the generated code, SQL and OpenAPI document\n"
    "  migrate    write migrations from schema changes (migrate --help)\n"
    "  db         apply or revert migrations on DATABASE_URL (db --help)\n"
    "\n"
    "options:\n"
    "  -h, --help     show this help (schemac <command> --help for more)\n"
    "  --version      print the version\n";

static const char usage_check[] =
    "usage: schemac check [--schema FILE]\n"
    "\n"
    "Validate the schema and print every error as file:line:col: error: msg.\n"
    "Exit status 0 when the schema is valid, 1 when it is not.\n"
    "\n"
    "  --schema FILE  the schema (default " DEFAULT_SCHEMA ")\n";

static const char usage_generate[] =
    "usage: schemac generate [--schema FILE] [--out DIR] [--check]\n"
    "\n"
    "Write every generated file into DIR. Files whose content is unchanged\n"
    "are not rewritten; nothing is written when the schema has errors.\n"
    "\n"
    "  --schema FILE  the schema (default " DEFAULT_SCHEMA ")\n"
    "  --out DIR      the output directory (default " DEFAULT_OUT ")\n"
    "  --check        write nothing; exit 1 and list the files that are\n"
    "                 stale or missing (for CI)\n";

static int
usage_error(const char *usage, const char *fmt, const char *arg)
{
	fputs("schemac: ", stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	/* The first line of the usage text is the synopsis. */
	fprintf(stderr, "%.*s", (int)(strchr(usage, '\n') - usage + 1), usage);
	return (2);
}

static int
is_help(const char *a)
{
	return (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0);
}

/*
 * The options of check and generate: --schema F, --schema=F, --out D,
 * --out=D, --check. Returns -1 when parsed, else the exit status.
 */
static int
parse_opts(int argc, char **argv, const char *usage, const char **schema,
    const char **out, int *check)
{
	const char *a, *val;
	const char **dst;
	size_t n;
	int i;

	for (i = 1; i < argc; i++) {
		a = argv[i];
		if (is_help(a)) {
			fputs(usage, stdout);
			return (0);
		}
		if (check != NULL && strcmp(a, "--check") == 0) {
			*check = 1;
			continue;
		}
		if (strncmp(a, "--schema", 8) == 0 &&
		    (a[8] == '\0' || a[8] == '=')) {
			dst = schema;
			n = 8;
		} else if (out != NULL && strncmp(a, "--out", 5) == 0 &&
		    (a[5] == '\0' || a[5] == '=')) {
			dst = out;
			n = 5;
		} else if (a[0] == '-')
			return (usage_error(usage, "unknown option '%s'", a));
		else
			return (
			    usage_error(usage, "unexpected argument '%s'", a));
		if (a[n] == '=')
			val = a + n + 1;
		else if (i + 1 < argc)
			val = argv[++i];
		else
			return (
			    usage_error(usage, "option '%s' needs a value", a));
		if (*val == '\0')
			return (
			    usage_error(usage, "option '%s' needs a value", a));
		*dst = val;
	}
	return (-1);
}

static int
cmd_check(int argc, char **argv)
{
	const char *schema = DEFAULT_SCHEMA;
	struct ir_schema *s;
	int rc;

	if ((rc = parse_opts(argc, argv, usage_check, &schema, NULL, NULL)) >=
	    0)
		return (rc);
	if ((s = schema_load(schema, NULL)) == NULL)
		return (1);
	printf("%s: ok, %zu model%s\n", schema, s->nmodels,
	    s->nmodels == 1 ? "" : "s");
	ir_free(s);
	return (0);
}

static int
cmd_generate(int argc, char **argv)
{
	const char *schema = DEFAULT_SCHEMA, *out = DEFAULT_OUT;
	struct ir_schema *s;
	int rc, check = 0;

	if ((rc = parse_opts(
		 argc, argv, usage_generate, &schema, &out, &check)) >= 0)
		return (rc);
	if ((s = schema_load(schema, NULL)) == NULL)
		return (1);
	rc = write_outputs(s, emitters, out, check);
	ir_free(s);
	return (rc);
}

/* Run one subcommand; argv[0] is its name. */
static int
dispatch(int argc, char **argv)
{
	const char *cmd = argv[0];

	if (strcmp(cmd, "check") == 0)
		return (cmd_check(argc, argv));
	if (strcmp(cmd, "generate") == 0)
		return (cmd_generate(argc, argv));
	if (strcmp(cmd, "migrate") == 0)
		return (cmd_migrate(argc, argv));
	if (strcmp(cmd, "db") == 0)
		return (cmd_db(argc, argv));
	if (cmd[0] == '-')
		return (usage_error(usage_main, "unknown option '%s'", cmd));
	return (usage_error(usage_main, "unknown command '%s'", cmd));
}

int
main(int argc, char **argv)
{
	char *help[3];

	if (argc < 2)
		return (usage_error(usage_main, "%s", "missing command"));
	if (is_help(argv[1])) {
		fputs(usage_main, stdout);
		return (0);
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("schemac %s\n", SCHEMAC_VERSION);
		return (0);
	}
	/* `schemac help CMD` is `schemac CMD --help`. */
	if (strcmp(argv[1], "help") == 0) {
		if (argc < 3) {
			fputs(usage_main, stdout);
			return (0);
		}
		help[0] = argv[2];
		help[1] = (char *)"--help";
		help[2] = NULL;
		return (dispatch(2, help));
	}
	return (dispatch(argc - 1, argv + 1));
}
