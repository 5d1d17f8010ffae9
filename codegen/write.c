/* write.c: render each output, write changed files, rename them all at the end.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "out.h"
#include "write.h"

/* Does path hold exactly these bytes? 0 no (or missing), 1 yes. */
static int
same_content(const char *path, const char *buf, size_t len, int *exists)
{
	struct stat st;
	char chunk[65536];
	size_t off = 0;
	ssize_t n;
	int fd, same = 1;

	*exists = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return (0);
	*exists = 1;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    (size_t)st.st_size != len) {
		close(fd);
		return (0);
	}
	while (same) {
		n = read(fd, chunk, sizeof(chunk));
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (off + (size_t)n > len ||
		    memcmp(buf + off, chunk, (size_t)n) != 0)
			same = 0;
		off += (size_t)n;
	}
	close(fd);
	return (same && off == len);
}

/* mkdir -p; 0 or -1 with errno set. */
static int
make_dirs(const char *dir)
{
	char *p, *s;
	int rc = 0;

	if ((s = strdup(dir)) == NULL)
		return (-1);
	for (p = s + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(s, 0777) == -1 && errno != EEXIST) {
			rc = -1;
			break;
		}
		*p = '/';
	}
	if (rc == 0 && mkdir(s, 0777) == -1 && errno != EEXIST)
		rc = -1;
	free(s);
	return (rc);
}

/*
 * Write buf to a new temporary file next to path and return its name
 * (malloc'd; the caller renames it over path, or unlinks it), or NULL with
 * errno set. Renaming later means readers see the old or the new file,
 * never half of one.
 */
static char *
write_temp(const char *path, const char *buf, size_t len)
{
	char *tmp;
	size_t off = 0;
	ssize_t n;
	mode_t mask;
	int fd;

	if (asprintf(&tmp, "%s.tmpXXXXXX", path) == -1)
		return (NULL);
	if ((fd = mkstemp(tmp)) == -1) {
		free(tmp);
		return (NULL);
	}
	/* mkstemp makes 0600; generated files are as readable as any. */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) == -1)
		goto fail;
	while (off < len) {
		n = write(fd, buf + off, len - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			goto fail;
		off += (size_t)n;
	}
	if (close(fd) == -1) {
		fd = -1;
		goto fail;
	}
	return (tmp);
fail:
	n = errno;
	if (fd != -1)
		close(fd);
	unlink(tmp);
	free(tmp);
	errno = (int)n;
	return (NULL);
}

/* A rendered file waiting for its rename: written to tmp, bound for path. */
struct pending {
	char *path;
	char *tmp;
};

/*
 * Render each output in turn into one reused buffer and write those that
 * changed to temporary files; only when every output rendered and was
 * written are the temporary files renamed into place, so a failure leaves
 * the output directory as it was. Reusing the buffer keeps the memory
 * touched to the largest file rather than the sum of all of them, which is
 * most of the cost of generating a large schema.
 */
int
write_outputs(const struct ir_schema *s, const struct emitter *table,
    const char *outdir, int check)
{
	struct pending *pend;
	struct out o;
	char *path;
	size_t i, n, npend = 0, stale = 0;
	int rc = 0, exists, made_dirs = 0;

	for (n = 0; table[n].filename != NULL; n++)
		;
	if ((pend = calloc(n ? n : 1, sizeof(*pend))) == NULL) {
		perror("schemac: calloc");
		abort();
	}
	out_init(&o);
	for (i = 0; i < n && rc == 0; i++) {
		o.len = 0;
		o.buf[0] = '\0';
		if (table[i].emit(s, &o) != 0) {
			fprintf(stderr, "schemac: %s: not generated\n",
			    table[i].filename);
			rc = 2;
			break;
		}
		if (asprintf(&path, "%s/%s", outdir, table[i].filename) == -1) {
			perror("schemac: asprintf");
			abort();
		}
		if (same_content(path, o.buf, o.len, &exists)) {
			free(path);
			continue;
		}
		if (check) {
			printf(
			    "%s is %s\n", path, exists ? "stale" : "missing");
			stale++;
			free(path);
			continue;
		}
		if (!made_dirs && make_dirs(outdir) == -1) {
			fprintf(stderr, "schemac: cannot create %s: %s\n",
			    outdir, strerror(errno));
			free(path);
			rc = 2;
			break;
		}
		made_dirs = 1;
		pend[npend].path = path;
		if ((pend[npend].tmp = write_temp(path, o.buf, o.len)) ==
		    NULL) {
			fprintf(stderr, "schemac: cannot write %s: %s\n", path,
			    strerror(errno));
			rc = 2;
		}
		npend++;
	}
	out_free(&o);
	for (i = 0; i < npend; i++) {
		if (pend[i].tmp == NULL)
			;
		else if (rc != 0)
			unlink(pend[i].tmp);
		else if (rename(pend[i].tmp, pend[i].path) == -1) {
			fprintf(stderr, "schemac: cannot write %s: %s\n",
			    pend[i].path, strerror(errno));
			unlink(pend[i].tmp);
			rc = 2;
		} else
			printf("wrote %s\n", pend[i].path);
		free(pend[i].tmp);
		free(pend[i].path);
	}
	free(pend);
	if (check && stale > 0) {
		printf("run `schemac generate --out %s` to update\n", outdir);
		rc = rc ? rc : 1;
	}
	if (!check && rc == 0 && npend == 0)
		printf("%s is up to date\n", outdir);
	fflush(stdout);
	return (rc);
}
