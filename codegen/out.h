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
/*
 * SQL from a template, as PostgreSQL's format(): %I writes the next
 * argument as a quoted identifier, %L as a quoted string literal, %s as
 * it is (keywords, or SQL the caller built from quoted parts), %% a
 * percent sign; every argument is a const char *. Anything else after a
 * % is a schemac bug (internal error, abort).
 */
void out_sql(struct out *, const char *fmt, ...);
/* A C string literal, escaping quotes, backslashes and non-printables. */
void out_c_string(struct out *, const char *);
/* The length of s escaped by out_c_string(), without the quotes. */
size_t out_c_string_len(const char *);
/* A JSON string, escaping as RFC 8259 requires. */
void out_json_string(struct out *, const char *);
/* A YAML double-quoted scalar (control characters as \xNN). */
void out_yaml_string(struct out *, const char *);

/*
 * A number as the schema wrote it (a bound or a default) when it is a
 * plain numeric literal (digits, signs, '.', e or E), else quoted with
 * quote (e.g. out_sql_string), so that no schema text is ever written
 * unquoted, whatever the checker let through.
 */
void out_number(
    struct out *, const char *s, void (*quote)(struct out *, const char *));

#endif
