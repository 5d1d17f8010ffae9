/* diag.c: the diagnostics list: collect, sort by position, print. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

static void *
diag_alloc(void *p, size_t n)
{
	if ((p = realloc(p, n)) == NULL) {
		perror("schemac: realloc");
		abort();
	}
	return (p);
}

static char *
diag_vfmt(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) == -1) {
		perror("schemac: vasprintf");
		abort();
	}
	return (s);
}

void
diag_init(struct diags *d)
{
	d->v = NULL;
	d->n = 0;
	d->cap = 0;
}

void
diag_free(struct diags *d)
{
	size_t i, j;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].msg);
		for (j = 0; j < d->v[i].nnotes; j++)
			free(d->v[i].notes[j].msg);
		free(d->v[i].notes);
	}
	free(d->v);
	diag_init(d);
}

void
diag_error(
    struct diags *d, const char *file, int line, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_verror(d, file, line, col, fmt, ap);
	va_end(ap);
}

void
diag_verror(struct diags *d, const char *file, int line, int col,
    const char *fmt, va_list ap)
{
	struct diag *e;

	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->v = diag_alloc(d->v, d->cap * sizeof(*d->v));
	}
	e = &d->v[d->n];
	e->file = file;
	e->line = line;
	e->col = col;
	e->msg = diag_vfmt(fmt, ap);
	e->notes = NULL;
	e->nnotes = 0;
	e->seq = d->n;
	d->n++;
}

void
diag_note(struct diags *d, int line, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vnote(d, line, col, fmt, ap);
	va_end(ap);
}

void
diag_vnote(struct diags *d, int line, int col, const char *fmt, va_list ap)
{
	struct diag *e;

	if (d->n == 0)
		return;
	e = &d->v[d->n - 1];
	e->notes = diag_alloc(e->notes, (e->nnotes + 1) * sizeof(*e->notes));
	e->notes[e->nnotes].line = line;
	e->notes[e->nnotes].col = col;
	e->notes[e->nnotes].msg = diag_vfmt(fmt, ap);
	e->nnotes++;
}

static int
diag_cmp(const void *a, const void *b)
{
	const struct diag *x = a, *y = b;

	if (x->line != y->line)
		return (x->line < y->line ? -1 : 1);
	if (x->col != y->col)
		return (x->col < y->col ? -1 : 1);
	return (x->seq < y->seq ? -1 : x->seq > y->seq);
}

static void
diag_where(struct out *o, const char *file, int line, int col)
{
	out_puts(o, file != NULL ? file : "schemac");
	if (line > 0)
		out_printf(o, ":%d:%d", line, col);
	out_puts(o, ": ");
}

void
diag_render(struct diags *d, struct out *o)
{
	struct diag *e;
	size_t i, j;

	/* Errors of one file only are ever mixed, so position is the key. */
	if (d->n > 1)
		qsort(d->v, d->n, sizeof(*d->v), diag_cmp);
	for (i = 0; i < d->n; i++) {
		e = &d->v[i];
		diag_where(o, e->file, e->line, e->col);
		out_printf(o, "error: %s\n", e->msg);
		for (j = 0; j < e->nnotes; j++) {
			diag_where(
			    o, e->file, e->notes[j].line, e->notes[j].col);
			out_printf(o, "note: %s\n", e->notes[j].msg);
		}
	}
}

void
diag_print(struct diags *d, FILE *fp)
{
	struct out o;

	out_init(&o);
	diag_render(d, &o);
	if (o.len > 0)
		fwrite(o.buf, 1, o.len, fp);
	fflush(fp);
	out_free(&o);
}

void
diag_internal(const char *fmt, ...)
{
	va_list ap;

	fputs("schemac: internal error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
