/*
 * diag.h: compiler-style diagnostics, collected in a list while the schema
 * is loaded and checked, then printed together, sorted by position, as
 * `file:line:col: error: msg` with optional `file:line:col: note: msg`
 * lines under each error.
 */
#ifndef SCHEMAC_DIAG_H
#define SCHEMAC_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "out.h"

struct diag_note {
	int line; /* 1-based; 0 = no position */
	int col;
	char *msg;
};

struct diag {
	const char *file; /* not owned; NULL prints "schemac" */
	int line; /* 1-based; 0 = no position (whole file) */
	int col;
	char *msg;
	struct diag_note *notes;
	size_t nnotes;
	size_t seq; /* order of reporting, to keep the sort stable */
};

struct diags {
	struct diag *v;
	size_t n;
	size_t cap;
};

void diag_init(struct diags *);
/* Free every message; the list may be reused after diag_init(). */
void diag_free(struct diags *);

/* Add an error. file must outlive the list. Allocation failure aborts. */
void diag_error(struct diags *, const char *file, int line, int col,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* diag_error() with a va_list. */
void diag_verror(struct diags *, const char *file, int line, int col,
    const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));
/* diag_note() with a va_list. */
void diag_vnote(struct diags *, int line, int col, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));
/* Attach a note to the last error added (ignored when there is none). */
void diag_note(struct diags *, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Sort the errors by position (stable), then render them all into o. */
void diag_render(struct diags *, struct out *o);
/* diag_render() to a stream, typically stderr. */
void diag_print(struct diags *, FILE *);

/* Report a bug in schemac itself on stderr, as "schemac: internal error:". */
void diag_internal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
