/*
 * codegen_golden.c: end-to-end golden tests of the schemac binary. Each
 * tests/golden/<case>/ holds a schema.yaml and either stderr.txt (the
 * schema is wrong: generate must fail with exactly that output and write
 * nothing) or expected/ (every generated file, byte for byte). Also checks
 * determinism, that unchanged files are not rewritten, --check, and the
 * command line's usage errors.
 *
 * SCHEMAC_BIN names the binary (default: ../schemac next to this test's
 * directory, else build/schemac); SCHEMAC_GOLDEN_REWRITE=1 rewrites the
 * expectations from the current output instead of comparing (make golden).
 */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

static char root[PATH_MAX]; /* the repository, absolute */
static char bin[2 * PATH_MAX + 2]; /* schemac, absolute */
static int rewrite;

struct run {
	int status; /* exit status, or -1 */
	char *out; /* captured stdout */
	char *err; /* captured stderr */
};

static char *
read_file(const char *path, size_t *lenp)
{
	FILE *fp;
	char *buf;
	long n;

	if ((fp = fopen(path, "rb")) == NULL)
		return (NULL);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	if (lenp != NULL)
		*lenp = (size_t)n;
	return (buf);
}

static void
write_file(const char *path, const char *buf, size_t len)
{
	FILE *fp;

	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(buf, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

static int
exists(const char *path)
{
	struct stat st;

	return (stat(path, &st) == 0);
}

static void
rm_rf(const char *path)
{
	struct dirent *e;
	char sub[2 * PATH_MAX + 2];
	DIR *d;

	if ((d = opendir(path)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
			rm_rf(sub);
		}
		closedir(d);
		rmdir(path);
	} else
		unlink(path);
}

static int
name_cmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* The sorted names of the regular files in dir (not recursive). */
static char **
list_files(const char *dir, size_t *n)
{
	struct dirent *e;
	char **v = NULL;
	DIR *d;

	*n = 0;
	if ((d = opendir(dir)) == NULL)
		return (NULL);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		v = realloc(v, (*n + 1) * sizeof(*v));
		v[(*n)++] = strdup(e->d_name);
	}
	closedir(d);
	if (*n > 0)
		qsort(v, *n, sizeof(*v), name_cmp);
	return (v);
}

static void
free_list(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Run schemac with args (NULL-terminated) in dir; capture both streams. */
static struct run
run_in(const char *dir, const char *const *args)
{
	char outp[] = "/tmp/schemac-golden-outXXXXXX";
	char errp[] = "/tmp/schemac-golden-errXXXXXX";
	const char *argv[16];
	struct run r;
	pid_t pid;
	int fo, fe, st, i;

	fo = mkstemp(outp);
	fe = mkstemp(errp);
	assert_true(fo >= 0 && fe >= 0);
	argv[0] = bin;
	for (i = 0; args[i] != NULL && i < 14; i++)
		argv[i + 1] = args[i];
	argv[i + 1] = NULL;
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (chdir(dir) == -1)
			_exit(126);
		dup2(fo, 1);
		dup2(fe, 2);
		execv(bin, (char *const *)argv);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	close(fo);
	close(fe);
	r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	r.out = read_file(outp, NULL);
	r.err = read_file(errp, NULL);
	unlink(outp);
	unlink(errp);
	return (r);
}

static void
run_free(struct run *r)
{
	free(r->out);
	free(r->err);
}

/* Compare two directories' files: same names, same bytes. */
static void
compare_dirs(const char *want, const char *got)
{
	char **a, **b, pa[2 * PATH_MAX + 2], pb[2 * PATH_MAX + 2], *x, *y;
	size_t na, nb, i, la, lb;

	a = list_files(want, &na);
	b = list_files(got, &nb);
	for (i = 0; i < na || i < nb; i++) {
		if (i >= na || i >= nb || strcmp(a[i], b[i]) != 0)
			fail_msg("file sets differ: %s has %s, %s has %s", want,
			    i < na ? a[i] : "(nothing)", got,
			    i < nb ? b[i] : "(nothing)");
		snprintf(pa, sizeof(pa), "%s/%s", want, a[i]);
		snprintf(pb, sizeof(pb), "%s/%s", got, b[i]);
		x = read_file(pa, &la);
		y = read_file(pb, &lb);
		assert_non_null(x);
		assert_non_null(y);
		if (la != lb || memcmp(x, y, la) != 0)
			fail_msg("%s differs from %s (make golden rewrites the "
				 "expectations; review the diff)",
			    pb, pa);
		free(x);
		free(y);
	}
	free_list(a, na);
	free_list(b, nb);
}

/* Copy every file of src into dst (created), replacing what dst held. */
static void
copy_dir(const char *src, const char *dst)
{
	char **v, ps[2 * PATH_MAX + 2], pd[2 * PATH_MAX + 2], *buf;
	size_t n, i, len;

	rm_rf(dst);
	assert_int_equal(mkdir(dst, 0777), 0);
	v = list_files(src, &n);
	for (i = 0; i < n; i++) {
		snprintf(ps, sizeof(ps), "%s/%s", src, v[i]);
		snprintf(pd, sizeof(pd), "%s/%s", dst, v[i]);
		buf = read_file(ps, &len);
		write_file(pd, buf, len);
		free(buf);
	}
	free_list(v, n);
}

static void
test_error_case(void **state)
{
	const char *dir = *state;
	const char *args[] = { "generate", "--schema", "schema.yaml", "--out",
		"out", NULL };
	char path[PATH_MAX + 16], *want;
	struct run r;

	snprintf(path, sizeof(path), "%s/out", dir);
	rm_rf(path);
	r = run_in(dir, args);
	snprintf(path, sizeof(path), "%s/stderr.txt", dir);
	if (rewrite) {
		write_file(path, r.err, strlen(r.err));
	} else {
		want = read_file(path, NULL);
		assert_non_null(want);
		assert_string_equal(r.err, want);
		free(want);
	}
	assert_int_not_equal(r.status, 0);
	assert_string_equal(r.out, "");
	snprintf(path, sizeof(path), "%s/out", dir);
	assert_false(exists(path));
	run_free(&r);
	/* `check` agrees: same messages, non-zero. */
	{
		const char *cargs[] = { "check", "--schema", "schema.yaml",
			NULL };

		r = run_in(dir, cargs);
		assert_int_equal(r.status, 1);
		snprintf(path, sizeof(path), "%s/stderr.txt", dir);
		want = read_file(path, NULL);
		assert_string_equal(r.err, want);
		free(want);
		run_free(&r);
	}
}

static void
generate_into(const char *dir, const char *out)
{
	const char *args[] = { "generate", "--schema", "schema.yaml", "--out",
		out, NULL };
	struct run r;

	r = run_in(dir, args);
	if (r.status != 0)
		fail_msg("schemac generate failed in %s: %s", dir, r.err);
	assert_string_equal(r.err, "");
	run_free(&r);
}

static void
test_success_case(void **state)
{
	const char *dir = *state;
	char t1[] = "/tmp/schemac-golden-XXXXXX", t2[PATH_MAX];
	char expected[PATH_MAX + 16], p[2 * PATH_MAX + 64], **v, *buf;
	const char *check_args[] = { "generate", "--schema", "schema.yaml",
		"--out", NULL, "--check", NULL };
	struct timespec old[2];
	struct stat st;
	struct run r;
	size_t n, i, len;

	assert_non_null(mkdtemp(t1));
	/* A directory that does not exist yet: generate creates it. */
	snprintf(t2, sizeof(t2), "%s/a/b", t1);
	generate_into(dir, t2);
	snprintf(expected, sizeof(expected), "%s/expected", dir);
	if (rewrite)
		copy_dir(t2, expected);
	compare_dirs(expected, t2);

	/* Deterministic: a second run elsewhere gives the same bytes. */
	snprintf(p, sizeof(p), "%s/again", t1);
	generate_into(dir, p);
	compare_dirs(t2, p);

	/* Unchanged files are not rewritten: their mtime stays. */
	v = list_files(t2, &n);
	assert_true(n > 0);
	old[0].tv_sec = old[1].tv_sec = 946684800; /* 2000-01-01 */
	old[0].tv_nsec = old[1].tv_nsec = 0;
	for (i = 0; i < n; i++) {
		snprintf(p, sizeof(p), "%s/%s", t2, v[i]);
		assert_int_equal(utimensat(AT_FDCWD, p, old, 0), 0);
	}
	generate_into(dir, t2);
	for (i = 0; i < n; i++) {
		snprintf(p, sizeof(p), "%s/%s", t2, v[i]);
		assert_int_equal(stat(p, &st), 0);
		assert_int_equal(st.st_mtim.tv_sec, 946684800);
	}

	/* --check: up to date, then one stale and one missing file. */
	check_args[4] = t2;
	r = run_in(dir, check_args);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "");
	run_free(&r);
	snprintf(p, sizeof(p), "%s/%s", t2, v[0]);
	buf = read_file(p, &len);
	write_file(p, "stale\n", 6);
	snprintf(p, sizeof(p), "%s/%s", t2, v[n - 1]);
	assert_int_equal(unlink(p), 0);
	r = run_in(dir, check_args);
	assert_int_equal(r.status, 1);
	snprintf(p, sizeof(p), "%s/%s is stale\n", t2, v[0]);
	assert_non_null(strstr(r.out, p));
	snprintf(p, sizeof(p), "%s/%s is missing\n", t2, v[n - 1]);
	assert_non_null(strstr(r.out, p));
	run_free(&r);
	/* --check wrote nothing. */
	snprintf(p, sizeof(p), "%s/%s", t2, v[n - 1]);
	assert_false(exists(p));
	snprintf(p, sizeof(p), "%s/%s", t2, v[0]);
	free(buf);
	buf = read_file(p, &len);
	assert_string_equal(buf, "stale\n");
	free(buf);
	/* And generate repairs both. */
	generate_into(dir, t2);
	compare_dirs(expected, t2);

	free_list(v, n);
	rm_rf(t1);
}

static void
expect_run(const char *const *args, int status, const char *out_has,
    const char *err_has)
{
	struct run r;

	r = run_in(root, args);
	if (r.status != status)
		fail_msg("schemac %s: exit %d, want %d; stderr: %s", args[0],
		    r.status, status, r.err);
	if (out_has != NULL && strstr(r.out, out_has) == NULL)
		fail_msg("stdout lacks '%s': %s", out_has, r.out);
	if (err_has != NULL && strstr(r.err, err_has) == NULL)
		fail_msg("stderr lacks '%s': %s", err_has, r.err);
	run_free(&r);
}

static void
test_cli(void **state)
{
	const char *version[] = { "--version", NULL };
	const char *help[] = { "--help", NULL };
	const char *none[] = { NULL };
	const char *unknown[] = { "frobnicate", NULL };
	const char *badopt[] = { "generate", "--bogus", NULL };
	const char *noval[] = { "generate", "--out", NULL };
	const char *genhelp[] = { "generate", "--help", NULL };
	const char *checkhelp[] = { "check", "-h", NULL };
	const char *helpcmd[] = { "help", "generate", NULL };
	const char *missing[] = { "check", "--schema", "/nonexistent.yaml",
		NULL };

	(void)state;
	expect_run(version, 0, "schemac ", NULL);
	expect_run(help, 0, "usage: schemac <command>", NULL);
	expect_run(none, 2, NULL, "usage: schemac <command>");
	expect_run(unknown, 2, NULL, "unknown command 'frobnicate'");
	expect_run(badopt, 2, NULL, "usage: schemac generate");
	expect_run(noval, 2, NULL, "option '--out' needs a value");
	expect_run(genhelp, 0, "--check", NULL);
	expect_run(checkhelp, 0, "usage: schemac check", NULL);
	expect_run(helpcmd, 0, "usage: schemac generate", NULL);
	expect_run(missing, 1, NULL,
	    "/nonexistent.yaml: error: cannot open: No such file or "
	    "directory");
}

/* The repository root: the nearest directory up from cwd with tests/golden. */
static void
find_root(void)
{
	char p[PATH_MAX + 32], *slash;

	assert_non_null(getcwd(root, sizeof(root)));
	for (;;) {
		snprintf(p, sizeof(p), "%s/tests/golden", root);
		if (exists(p))
			return;
		if ((slash = strrchr(root, '/')) == NULL || slash == root)
			fail_msg("no tests/golden above the current directory");
		*slash = '\0';
	}
}

static void
find_bin(const char *argv0)
{
	const char *env = getenv("SCHEMAC_BIN");
	char p[PATH_MAX], *slash;

	if (env != NULL && *env != '\0') {
		snprintf(p, sizeof(p), "%s", env);
	} else {
		/* build-x/tests/codegen_golden -> build-x/schemac */
		snprintf(p, sizeof(p), "%s", argv0);
		if ((slash = strrchr(p, '/')) != NULL) {
			*slash = '\0';
			if ((slash = strrchr(p, '/')) != NULL)
				slash[1] = '\0';
			else
				snprintf(p, sizeof(p), "./");
		} else
			snprintf(p, sizeof(p), "../");
		strncat(p, "schemac", sizeof(p) - strlen(p) - 1);
		if (!exists(p))
			snprintf(p, sizeof(p), "build/schemac");
	}
	if (p[0] == '/')
		snprintf(bin, sizeof(bin), "%s", p);
	else if (realpath(p, bin) == NULL)
		snprintf(bin, sizeof(bin), "%s/%s", root, p);
}

int
main(int argc, char **argv)
{
	struct CMUnitTest *tests;
	char gdir[PATH_MAX + 16], p[PATH_MAX * 2], **names;
	size_t n = 0, i, ncases;
	int rc;

	(void)argc;
	rewrite = getenv("SCHEMAC_GOLDEN_REWRITE") != NULL &&
	    strcmp(getenv("SCHEMAC_GOLDEN_REWRITE"), "1") == 0;
	find_root();
	find_bin(argv[0]);
	if (!exists(bin)) {
		fprintf(stderr, "codegen_golden: no schemac at %s\n", bin);
		return (1);
	}
	snprintf(gdir, sizeof(gdir), "%s/tests/golden", root);
	names = list_files(gdir, &ncases);
	tests = calloc(ncases + 1, sizeof(*tests));
	for (i = 0; i < ncases; i++) {
		snprintf(p, sizeof(p), "%s/%s/schema.yaml", gdir, names[i]);
		if (!exists(p))
			continue;
		snprintf(p, sizeof(p), "%s/%s", gdir, names[i]);
		tests[n].name = names[i];
		tests[n].initial_state = strdup(p);
		/* A new error case starts with an empty stderr.txt. */
		snprintf(p, sizeof(p), "%s/%s/stderr.txt", gdir, names[i]);
		tests[n].test_func =
		    exists(p) ? test_error_case : test_success_case;
		n++;
	}
	tests[n].name = "cli";
	tests[n].test_func = test_cli;
	n++;
	rc = _cmocka_run_group_tests("codegen_golden", tests, n, NULL, NULL);
	for (i = 0; i + 1 < n; i++)
		free(tests[i].initial_state);
	free(tests);
	free_list(names, ncases);
	return (rc);
}
