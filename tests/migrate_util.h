/*
 * migrate_util.h: helpers shared by the migration tests
 * (codegen_migrate_golden.c, migrate_roundtrip.c): run the schemac binary and
 * capture its output, read and write files, temporary directories.
 *
 * The binary is SCHEMAC_BIN, else build/schemac under the repository root
 * (the tests run from the root, as scripts/test.sh does).
 */
#ifndef SCHEMAC_MIGRATE_UTIL_H
#define SCHEMAC_MIGRATE_UTIL_H

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MU_UNUSED __attribute__((unused))

static char mu_root[PATH_MAX]; /* the repository, absolute */
static char mu_bin[2 * PATH_MAX]; /* schemac, absolute */

/* A finished command: exit status (-1 if it did not exit) and output. */
struct mrun {
	int status;
	char *out;
	char *err;
};

/* A malloc'd file's content, NUL-terminated; NULL when unreadable. */
static MU_UNUSED char *
mu_read(const char *path)
{
	FILE *fp;
	char *buf;
	size_t len, cap, n;

	if ((fp = fopen(path, "rb")) == NULL)
		return (NULL);
	len = 0;
	cap = 4096;
	buf = malloc(cap);
	while (buf != NULL) {
		if (cap - len < 2 && (buf = realloc(buf, cap *= 2)) == NULL)
			break;
		if ((n = fread(buf + len, 1, cap - len - 1, fp)) == 0)
			break;
		len += n;
	}
	fclose(fp);
	if (buf == NULL)
		abort();
	buf[len] = '\0';
	return (buf);
}

static MU_UNUSED int
mu_write(const char *path, const char *data)
{
	FILE *fp;
	int rc;

	if ((fp = fopen(path, "wb")) == NULL)
		return (-1);
	rc = fputs(data, fp) < 0 ? -1 : 0;
	if (fclose(fp) != 0)
		rc = -1;
	return (rc);
}

static MU_UNUSED char *
mu_printf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	return (s);
}

static MU_UNUSED void
mu_init(void)
{
	const char *env = getenv("SCHEMAC_BIN");

	if (getcwd(mu_root, sizeof(mu_root)) == NULL)
		abort();
	if (env != NULL && *env != '\0') {
		if (env[0] == '/')
			snprintf(mu_bin, sizeof(mu_bin), "%s", env);
		else
			snprintf(mu_bin, sizeof(mu_bin), "%s/%s", mu_root, env);
	} else
		snprintf(mu_bin, sizeof(mu_bin), "%s/build/schemac", mu_root);
}

/* A fresh directory under /tmp (malloc'd path). */
static MU_UNUSED char *
mu_tmpdir(void)
{
	char *d = strdup("/tmp/schemac-mgtest-XXXXXX");

	if (d == NULL || mkdtemp(d) == NULL)
		abort();
	return (d);
}

static MU_UNUSED void
mu_rmrf(const char *dir)
{
	char *cmd;

	if (strncmp(dir, "/tmp/schemac-mgtest-", 20) != 0)
		abort(); /* only ever our own temporary directories */
	cmd = mu_printf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "warning: could not remove %s\n", dir);
	free(cmd);
}

static MU_UNUSED void
mu_run_free(struct mrun *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

/*
 * Run argv (argv[0] a path; NULL-terminated) in directory cwd (NULL: the
 * current one) with the extra environment entries env ("K=V", NULL-
 * terminated, may be NULL), capturing stdout and stderr.
 */
static MU_UNUSED void
mu_runv(struct mrun *r, const char *cwd, char *const env[], char *const argv[])
{
	char outp[] = "/tmp/schemac-mgout-XXXXXX";
	char errp[] = "/tmp/schemac-mgerr-XXXXXX";
	int ofd, efd, st, i;
	pid_t pid;

	if ((ofd = mkstemp(outp)) < 0 || (efd = mkstemp(errp)) < 0)
		abort();
	fflush(NULL);
	if ((pid = fork()) < 0)
		abort();
	if (pid == 0) {
		dup2(ofd, 1);
		dup2(efd, 2);
		if (cwd != NULL && chdir(cwd) != 0)
			_exit(126);
		for (i = 0; env != NULL && env[i] != NULL; i++)
			putenv(env[i]);
		execv(argv[0], argv);
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	close(ofd);
	close(efd);
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	r->out = mu_read(outp);
	r->err = mu_read(errp);
	unlink(outp);
	unlink(errp);
}

/* mu_runv() of schemac with up to 12 arguments (NULL-terminated). */
static MU_UNUSED void
mu_schemac(struct mrun *r, const char *cwd, char *const env[], ...)
{
	char *argv[16];
	va_list ap;
	int n;

	argv[0] = mu_bin;
	n = 1;
	va_start(ap, env);
	while (n < 15 && (argv[n] = va_arg(ap, char *)) != NULL)
		n++;
	va_end(ap);
	argv[n] = NULL;
	mu_runv(r, cwd, env, argv);
}

#endif
