/*
 * codegen_migrate_golden.c: golden tests of `schemac migrate new`. Each
 * tests/golden-migrate/<case>/ (names starting with '_' are fixtures, not
 * cases) holds new.yaml, usually old.yaml (the schema of the existing
 * migrations; absent for an initial migration), optionally args (extra
 * arguments on one line, e.g. --allow-destructive), and the expectation:
 * up.sql and down.sql (the migration written), or stderr.txt (migrate new
 * must fail with exactly that and write nothing), or stdout.txt (nothing
 * to write). After a successful case, `migrate check` must pass.
 *
 * SCHEMAC_GOLDEN_REWRITE=1 rewrites the expectations from the current
 * output (review the diff).
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "migrate_util.h"

#define CASES "tests/golden-migrate"

static int rewrite;

/* Compare a file's expected content with the actual, showing a diff. */
static void
expect_text(const char *casedir, const char *file, const char *actual)
{
	char *path, *want, *tmp, *cmd;
	int same;

	path = mu_printf("%s/%s", casedir, file);
	if (rewrite) {
		assert_int_equal(mu_write(path, actual), 0);
		free(path);
		return;
	}
	want = mu_read(path);
	if (want == NULL)
		fail_msg(
		    "%s: missing (run make golden-migrate to create it)", path);
	same = strcmp(want, actual) == 0;
	if (!same) {
		tmp = mu_printf("%s.actual", path);
		mu_write(tmp, actual);
		cmd = mu_printf("diff -u '%s' '%s' >&2", path, tmp);
		(void)system(cmd);
		unlink(tmp);
		free(cmd);
		free(tmp);
	}
	free(want);
	if (!same)
		fail_msg("%s differs from the output (diff above)", path);
	free(path);
}

static void
remove_expectation(const char *casedir, const char *file)
{
	char *path = mu_printf("%s/%s", casedir, file);

	if (rewrite)
		unlink(path);
	free(path);
}

static int
exists(const char *path)
{
	struct stat st;

	return (stat(path, &st) == 0);
}

static void
copy_file(const char *from, const char *to)
{
	char *text = mu_read(from);

	assert_non_null(text);
	assert_int_equal(mu_write(to, text), 0);
	free(text);
}

/* Split the args file into argv entries (whitespace separated). */
static int
read_args(const char *casedir, char **argv, int max, char **keep)
{
	char *path, *tok;
	int n = 0;

	path = mu_printf("%s/args", casedir);
	*keep = mu_read(path);
	free(path);
	if (*keep == NULL)
		return (0);
	for (tok = strtok(*keep, " \t\n"); tok != NULL && n < max;
	     tok = strtok(NULL, " \t\n"))
		argv[n++] = tok;
	return (n);
}

static void
run_case(void **state)
{
	const char *name = *state;
	char *casedir, *tmp, *p, *q, *up, *down, *upp, *downp, *keep;
	char *argv[24], *extra[8];
	struct mrun r;
	int nextra, i, n, initial;

	casedir = mu_printf("%s/%s/%s", mu_root, CASES, name);
	tmp = mu_tmpdir();
	p = mu_printf("%s/old.yaml", casedir);
	initial = !exists(p);
	if (!initial) {
		q = mu_printf("%s/old.yaml", tmp);
		copy_file(p, q);
		free(q);
		mu_schemac(&r, tmp, NULL, "migrate", "new", "base",
		    "--allow-destructive", "--schema", "old.yaml", "--dir",
		    "mig", NULL);
		if (r.status != 0)
			fail_msg("%s: old.yaml: %s", name, r.err);
		mu_run_free(&r);
	}
	free(p);
	p = mu_printf("%s/new.yaml", casedir);
	q = mu_printf("%s/new.yaml", tmp);
	copy_file(p, q);
	free(p);
	free(q);

	nextra = read_args(casedir, extra, 8, &keep);
	n = 0;
	argv[n++] = mu_bin;
	argv[n++] = "migrate";
	argv[n++] = "new";
	argv[n++] = "change";
	for (i = 0; i < nextra; i++)
		argv[n++] = extra[i];
	argv[n++] = "--schema";
	argv[n++] = "new.yaml";
	argv[n++] = "--dir";
	argv[n++] = "mig";
	argv[n] = NULL;
	mu_runv(&r, tmp, NULL, argv);
	free(keep);

	upp = mu_printf(
	    "%s/mig/%s_change.up.sql", tmp, initial ? "0001" : "0002");
	downp = mu_printf(
	    "%s/mig/%s_change.down.sql", tmp, initial ? "0001" : "0002");
	up = mu_read(upp);
	down = mu_read(downp);
	p = mu_printf("%s/stderr.txt", casedir);
	q = mu_printf("%s/stdout.txt", casedir);
	if (rewrite ? r.status != 0 : exists(p)) {
		if (r.status == 0)
			fail_msg("%s: migrate new succeeded, expected failure",
			    name);
		assert_null(up);
		assert_null(down);
		expect_text(casedir, "stderr.txt", r.err);
		remove_expectation(casedir, "up.sql");
		remove_expectation(casedir, "down.sql");
		remove_expectation(casedir, "stdout.txt");
	} else if (rewrite ? up == NULL : exists(q)) {
		if (r.status != 0)
			fail_msg("%s: exit %d: %s", name, r.status, r.err);
		assert_null(up);
		expect_text(casedir, "stdout.txt", r.out);
		remove_expectation(casedir, "up.sql");
		remove_expectation(casedir, "down.sql");
		remove_expectation(casedir, "stderr.txt");
	} else {
		if (r.status != 0 || up == NULL || down == NULL)
			fail_msg("%s: exit %d, no migration written: %s", name,
			    r.status, r.err);
		expect_text(casedir, "up.sql", up);
		expect_text(casedir, "down.sql", down);
		remove_expectation(casedir, "stderr.txt");
		remove_expectation(casedir, "stdout.txt");
		/* The lock now captures new.yaml. */
		mu_run_free(&r);
		mu_schemac(&r, tmp, NULL, "migrate", "check", "--schema",
		    "new.yaml", "--dir", "mig", NULL);
		if (r.status != 0)
			fail_msg(
			    "%s: migrate check after new: %s", name, r.err);
	}
	mu_run_free(&r);
	free(p);
	free(q);
	free(up);
	free(down);
	free(upp);
	free(downp);
	mu_rmrf(tmp);
	free(tmp);
	free(casedir);
}

static int
name_cmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

int
main(void)
{
	struct CMUnitTest *tests;
	struct dirent *de;
	char **names, *path;
	struct stat st;
	size_t n, cap, i;
	DIR *d;
	int rc;

	mu_init();
	rewrite = getenv("SCHEMAC_GOLDEN_REWRITE") != NULL &&
	    strcmp(getenv("SCHEMAC_GOLDEN_REWRITE"), "1") == 0;
	if ((d = opendir(CASES)) == NULL) {
		perror(CASES);
		return (1);
	}
	names = NULL;
	n = cap = 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || de->d_name[0] == '_')
			continue;
		path = mu_printf("%s/%s", CASES, de->d_name);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (n == cap &&
			    (names = realloc(names,
				 (cap = cap ? cap * 2 : 32) *
				     sizeof(*names))) == NULL)
				abort();
			names[n++] = strdup(de->d_name);
		}
		free(path);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), name_cmp);
	if ((tests = calloc(n + 1, sizeof(*tests))) == NULL)
		abort();
	for (i = 0; i < n; i++) {
		tests[i].name = names[i];
		tests[i].test_func = run_case;
		tests[i].initial_state = names[i];
	}
	rc = _cmocka_run_group_tests("migrate_golden", tests, n, NULL, NULL);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(tests);
	return (rc);
}
