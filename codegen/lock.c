/* lock.c: schema.lock (render, load) and the migration files of a directory. */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "ddl.h"
#include "lock.h"

#define LOCK_TAG "# schemac-lock: "
/* The whole body of the lock of a schema without tables. */
#define LOCK_EMPTY "# (no tables)"

static void
lock_default(struct out *o, const struct ir_field *f)
{
	switch (f->default_kind) {
	case IR_DEFAULT_NONE:
		return;
	case IR_DEFAULT_NOW:
		out_puts(o, ", default: now");
		return;
	case IR_DEFAULT_RANDOM:
		out_puts(o, ", default: random");
		return;
	case IR_DEFAULT_LITERAL:
		break;
	}
	if (f->default_value == NULL)
		return;
	out_puts(o, ", default: ");
	/*
	 * JSON text is quoted too: the checker parses the quoted scalar
	 * back into the same compact JSON.
	 */
	ddl_literal(o, f, out_yaml_string);
}

static const char *
on_delete_name(enum ir_on_delete d)
{
	switch (d) {
	case IR_ON_DELETE_CASCADE:
		return ("cascade");
	case IR_ON_DELETE_RESTRICT:
		return ("restrict");
	case IR_ON_DELETE_SET_NULL:
		return ("set_null");
	case IR_ON_DELETE_NONE:
		break;
	}
	return (NULL);
}

static void
lock_field(struct out *o, const struct ir_field *f)
{
	size_t i;

	out_printf(o, "      %s: {type: %s", f->name, ir_type_name(f->type));
	if (f->primary_key)
		out_puts(o, ", primary_key: true");
	out_printf(o, ", nullable: %s", f->nullable ? "true" : "false");
	if (f->unique)
		out_puts(o, ", unique: true");
	if (f->index_flag)
		out_puts(o, ", index: true");
	if (f->type == IR_NUMERIC && f->precision > 0)
		out_printf(
		    o, ", precision: %d, scale: %d", f->precision, f->scale);
	if (f->min_length > 0)
		out_printf(o, ", min_length: %ld", f->min_length);
	if (f->max_length > 0)
		out_printf(o, ", max_length: %ld", f->max_length);
	if (f->min_text != NULL) {
		out_puts(o, ", min: ");
		out_number(o, f->min_text, out_yaml_string);
	}
	if (f->max_text != NULL) {
		out_puts(o, ", max: ");
		out_number(o, f->max_text, out_yaml_string);
	}
	if (f->pattern != NULL) {
		out_puts(o, ", pattern: ");
		out_yaml_string(o, f->pattern);
	}
	if (f->type == IR_ENUM) {
		out_puts(o, ", values: [");
		for (i = 0; i < f->nenum_values; i++) {
			out_puts(o, i ? ", " : "");
			out_yaml_string(o, f->enum_values[i]);
		}
		out_puts(o, "]");
	}
	lock_default(o, f);
	if (f->ref_model != NULL && f->ref_field != NULL) {
		out_printf(o, ", references: %s.%s", f->ref_model->name,
		    f->ref_field->name);
		if (on_delete_name(f->on_delete) != NULL)
			out_printf(
			    o, ", on_delete: %s", on_delete_name(f->on_delete));
	}
	if (f->doc != NULL) {
		out_puts(o, ", doc: ");
		out_yaml_string(o, f->doc);
	}
	out_puts(o, "}\n");
}

static void
lock_indexes(struct out *o, const struct ir_model *m, int unique)
{
	const struct ir_index *ix;
	size_t i, j;
	int any;

	any = 0;
	for (i = 0; i < m->nindexes; i++) {
		ix = &m->indexes[i];
		if (ix->unique != unique)
			continue;
		if (!any)
			out_printf(o, "    %s:\n",
			    unique ? "unique_together" : "indexes");
		any = 1;
		out_puts(o, "      - [");
		for (j = 0; j < ix->ncolumns; j++)
			out_printf(o, "%s%s", j ? ", " : "", ix->columns[j]);
		out_puts(o, "]\n");
	}
}

void
lock_render(const struct ir_schema *s, struct out *o)
{
	const struct ir_model *m;
	size_t i, j;

	out_puts(o,
	    "# The schema that the migrations in this directory "
	    "produce, written by\n"
	    "# `schemac migrate new` and compared with schema.yaml to "
	    "compute the next\n"
	    "# migration. Do not edit it by hand.\n");
	out_printf(o, "%s%d\n", LOCK_TAG, LOCK_VERSION);
	if (s->nmodels == 0) {
		/* The checker wants models; lock_load() knows this line. */
		out_puts(o, LOCK_EMPTY "\n");
		return;
	}
	out_puts(o, "models:\n");
	for (i = 0; i < s->nmodels; i++) {
		m = &s->models[i];
		out_printf(o, "  %s:\n", m->name);
		out_printf(o, "    table: %s\n", m->table);
		if (m->doc != NULL) {
			out_puts(o, "    doc: ");
			out_yaml_string(o, m->doc);
			out_puts(o, "\n");
		}
		out_puts(o, "    fields:\n");
		for (j = 0; j < m->nfields; j++)
			lock_field(o, &m->fields[j]);
		lock_indexes(o, m, 0);
		lock_indexes(o, m, 1);
	}
}

struct ir_schema *
lock_empty(const char *path)
{
	struct ir_schema *s;

	if ((s = calloc(1, sizeof(*s))) == NULL ||
	    (s->path = strdup(path)) == NULL) {
		perror("schemac");
		abort();
	}
	return (s);
}

char *
lock_read_file(const char *path, size_t *lenp)
{
	FILE *fp;
	char *buf, *nbuf;
	size_t len, cap, n;
	int saved;

	if ((fp = fopen(path, "rb")) == NULL)
		return (NULL);
	len = 0;
	cap = 4096;
	if ((buf = malloc(cap)) == NULL)
		goto fail;
	for (;;) {
		if (cap - len < 2) {
			cap *= 2;
			if ((nbuf = realloc(buf, cap)) == NULL)
				goto fail;
			buf = nbuf;
		}
		n = fread(buf + len, 1, cap - len - 1, fp);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(fp))
		goto fail;
	fclose(fp);
	buf[len] = '\0';
	if (lenp != NULL)
		*lenp = len;
	return (buf);
fail:
	saved = errno;
	free(buf);
	fclose(fp);
	errno = saved;
	return (NULL);
}

struct ir_schema *
lock_load(const char *path, int *missing)
{
	struct ir_schema *s;
	const char *tag;
	char *text;
	size_t len;
	int nerr, version;

	*missing = 0;
	if ((text = lock_read_file(path, &len)) == NULL) {
		if (errno == ENOENT) {
			*missing = 1;
			return (lock_empty(path));
		}
		fprintf(stderr, "schemac: %s: %s\n", path, strerror(errno));
		return (NULL);
	}
	if ((tag = strstr(text, LOCK_TAG)) == NULL ||
	    sscanf(tag + strlen(LOCK_TAG), "%d", &version) != 1) {
		fprintf(stderr,
		    "schemac: %s: error: not a schemac lock (no \"%s\" line)\n",
		    path, LOCK_TAG);
		free(text);
		return (NULL);
	}
	if (version > LOCK_VERSION) {
		fprintf(stderr,
		    "schemac: %s: error: lock version %d is newer than this "
		    "schemac understands (%d); upgrade schemac\n",
		    path, version, LOCK_VERSION);
		free(text);
		return (NULL);
	}
	if (strstr(text, "\n" LOCK_EMPTY "\n") != NULL) {
		free(text);
		return (lock_empty(path));
	}
	s = schema_load_buffer(path, text, len, &nerr);
	free(text);
	if (s == NULL)
		fprintf(stderr,
		    "schemac: %s: the migration lock is not a valid "
		    "schema (%d error%s above)\n",
		    path, nerr, nerr == 1 ? "" : "s");
	return (s);
}

/* NNNN_name.up.sql: returns the version and the stem length, or -1. */
static int
mig_parse(const char *fn, const char *suffix, size_t *stem)
{
	size_t len, sl, i;
	int version;

	len = strlen(fn);
	sl = strlen(suffix);
	if (len <= sl || strcmp(fn + len - sl, suffix) != 0)
		return (-1);
	*stem = len - sl;
	for (i = 0; i < *stem && fn[i] >= '0' && fn[i] <= '9'; i++)
		;
	if (i < 4 || i > 8 || i >= *stem || fn[i] != '_')
		return (-1);
	version = atoi(fn);
	return (version > 0 ? version : -1);
}

static int
mig_cmp(const void *a, const void *b)
{
	const struct mig *x = a, *y = b;

	return ((x->version > y->version) - (x->version < y->version));
}

static char *
path_join(const char *dir, const char *fn)
{
	char *p;

	if (asprintf(&p, "%s/%s", dir, fn) < 0)
		abort();
	return (p);
}

int
mig_scan(const char *dir, struct mig **vp, size_t *np)
{
	DIR *d;
	struct dirent *de;
	struct mig *v, *nv;
	size_t n, cap, stem, i;
	int version, rc;

	*vp = NULL;
	*np = 0;
	if ((d = opendir(dir)) == NULL) {
		if (errno == ENOENT)
			return (0);
		fprintf(stderr, "schemac: %s: %s\n", dir, strerror(errno));
		return (-1);
	}
	v = NULL;
	n = cap = 0;
	rc = 0;
	while ((de = readdir(d)) != NULL) {
		if ((version = mig_parse(de->d_name, ".up.sql", &stem)) < 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((nv = realloc(v, cap * sizeof(*v))) == NULL)
				abort();
			v = nv;
		}
		v[n].version = version;
		if ((v[n].name = strndup(de->d_name, stem)) == NULL)
			abort();
		v[n].up_path = path_join(dir, de->d_name);
		v[n].down_path = NULL;
		n++;
	}
	rewinddir(d);
	while ((de = readdir(d)) != NULL) {
		if ((version = mig_parse(de->d_name, ".down.sql", &stem)) < 0)
			continue;
		for (i = 0; i < n; i++)
			if (strncmp(v[i].name, de->d_name, stem) == 0 &&
			    v[i].name[stem] == '\0')
				break;
		if (i == n) {
			/* Ignored, but said: likely a half-deleted migration.
			 */
			fprintf(stderr,
			    "schemac: %s/%s: warning: down migration without "
			    "its .up.sql, ignored\n",
			    dir, de->d_name);
			continue;
		}
		v[i].down_path = path_join(dir, de->d_name);
	}
	closedir(d);
	qsort(v, n, sizeof(*v), mig_cmp);
	for (i = 1; i < n; i++) {
		if (v[i].version == v[i - 1].version) {
			fprintf(stderr,
			    "schemac: %s: error: migrations %s and %s have "
			    "the same version\n",
			    dir, v[i - 1].name, v[i].name);
			rc = -1;
		}
	}
	*vp = v;
	*np = n;
	if (rc != 0) {
		mig_free(v, n);
		*vp = NULL;
		*np = 0;
	}
	return (rc);
}

void
mig_free(struct mig *v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].up_path);
		free(v[i].down_path);
	}
	free(v);
}

int
lock_write_file(const char *path, const char *data, size_t len)
{
	char *tmp;
	FILE *fp;

	if (asprintf(&tmp, "%s.tmp.%ld", path, (long)getpid()) < 0)
		abort();
	if ((fp = fopen(tmp, "wb")) == NULL) {
		fprintf(stderr, "schemac: %s: %s\n", tmp, strerror(errno));
		free(tmp);
		return (-1);
	}
	if (fwrite(data, 1, len, fp) != len || fflush(fp) != 0 ||
	    fsync(fileno(fp)) != 0) {
		fprintf(stderr, "schemac: %s: %s\n", tmp, strerror(errno));
		fclose(fp);
		unlink(tmp);
		free(tmp);
		return (-1);
	}
	if (fclose(fp) != 0 || rename(tmp, path) != 0) {
		fprintf(stderr, "schemac: %s: %s\n", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return (-1);
	}
	free(tmp);
	return (0);
}

int
lock_mkdir(const char *dir)
{
	char *p, *s;
	int rc = 0;

	if ((p = strdup(dir)) == NULL)
		abort();
	/* Every parent first, then dir itself; existing ones are fine. */
	for (s = p + 1; rc == 0; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		if (*s == '/') {
			*s = '\0';
			if (mkdir(p, 0777) != 0 && errno != EEXIST)
				rc = -1;
			*s = '/';
			continue;
		}
		if (mkdir(p, 0777) != 0 && errno != EEXIST)
			rc = -1;
		break;
	}
	if (rc != 0)
		fprintf(stderr, "schemac: %s: %s\n", dir, strerror(errno));
	free(p);
	return (rc);
}
