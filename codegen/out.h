/*
 * out.h: the growable text buffer every emitter writes into, with the
 * quoting helpers that keep user strings from ever reaching SQL, C or JSON
 * unquoted.
 */
#ifndef SCHEMAC_OUT_H
#define SCHEMAC_OUT_H

#include <stddef.h>

struct out {
	char *buf; /* NUL-terminated text written so far */
	size_t len; /* bytes in buf, excluding the NUL */
	size_t cap; /* bytes allocated */
};

/* Start an empty buffer. Allocation failures abort the process. */
void out_init(struct out *);
/* Free the buffer; the struct may be reused after out_init(). */
void out_free(struct out *);

void out_puts(struct out *, const char *);
void out_write(struct out *, const char *, size_t);
void out_printf(struct out *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

/* A SQL identifier in double quotes, with embedded quotes doubled. */
void out_sql_ident(struct out *, const char *);
/* A SQL string literal in single quotes, with embedded quotes doubled. */
void out_sql_string(struct out *, const char *);
/* A C string literal, escaping quotes, backslashes and non-printables. */
void out_c_string(struct out *, const char *);
/* A JSON string, escaping as RFC 8259 requires. */
void out_json_string(struct out *, const char *);

#endif
