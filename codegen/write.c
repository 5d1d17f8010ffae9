/* write.c: render all outputs, then write changed files atomically. */
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
 * Write buf to path through a temporary file in the same directory and a
 * rename, so readers see the old or the new file, never half of one.
 */
static int
write_atomic(const char *path, const char *buf, size_t len)
{
	char *tmp;
	size_t off = 0;
	ssize_t n;
	mode_t mask;
	int fd;

	if (asprintf(&tmp, "%s.tmpXXXXXX", path) == -1)
		return (-1);
	if ((fd = mkstemp(tmp)) == -1) {
		free(tmp);
		return (-1);
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
	fd = -1;
	if (rename(tmp, path) == -1)
		goto fail;
	free(tmp);
	return (0);
fail:
	n = errno;
	if (fd != -1)
		close(fd);
	unlink(tmp);
	free(tmp);
	errno = (int)n;
	return (-1);
}

int
write_outputs(const struct ir_schema *s, const struct emitter *table,
    const char *outdir, int check)
{
	struct out *outs;
	char *path;
	size_t i, n, written = 0, stale = 0;
	int rc = 0, exists;

	for (n = 0; table[n].filename != NULL; n++)
		;
	outs = calloc(n ? n : 1, sizeof(*outs));
	if (outs == NULL) {
		perror("schemac: calloc");
		abort();
	}
	for (i = 0; i < n; i++) {
		out_init(&outs[i]);
		if (table[i].emit(s, &outs[i]) != 0) {
			fprintf(stderr, "schemac: %s: not generated\n",
			    table[i].filename);
			rc = 2;
		}
	}
	if (rc != 0)
		goto done;
	if (!check && make_dirs(outdir) == -1) {
		fprintf(stderr, "schemac: cannot create %s: %s\n", outdir,
		    strerror(errno));
		rc = 2;
		goto done;
	}
	for (i = 0; i < n; i++) {
		if (asprintf(&path, "%s/%s", outdir, table[i].filename) == -1) {
			perror("schemac: asprintf");
			abort();
		}
		if (same_content(path, outs[i].buf ? outs[i].buf : "",
			outs[i].len, &exists)) {
			free(path);
			continue;
		}
		if (check) {
			printf(
			    "%s is %s\n", path, exists ? "stale" : "missing");
			stale++;
		} else if (write_atomic(path, outs[i].buf ? outs[i].buf : "",
			       outs[i].len) == -1) {
			fprintf(stderr, "schemac: cannot write %s: %s\n", path,
			    strerror(errno));
			rc = 2;
		} else {
			printf("wrote %s\n", path);
			written++;
		}
		free(path);
	}
	if (check && stale > 0) {
		printf("run `schemac generate --out %s` to update\n", outdir);
		rc = rc ? rc : 1;
	}
done:
	for (i = 0; i < n; i++)
		out_free(&outs[i]);
	free(outs);
	if (!check && rc == 0 && written == 0)
		printf("%s is up to date\n", outdir);
	fflush(stdout);
	return (rc);
}
