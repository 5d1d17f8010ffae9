/* out.c: the emitters' text buffer and its quoting helpers. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"

static void
out_reserve(struct out *o, size_t more)
{
	size_t need;

	need = o->len + more + 1;
	if (need <= o->cap)
		return;
	if (o->cap == 0)
		o->cap = 1024;
	while (o->cap < need)
		o->cap *= 2;
	if ((o->buf = realloc(o->buf, o->cap)) == NULL) {
		perror("schemac: realloc");
		abort();
	}
}

void
out_init(struct out *o)
{
	o->buf = NULL;
	o->len = 0;
	o->cap = 0;
	out_reserve(o, 0);
	o->buf[0] = '\0';
}

void
out_free(struct out *o)
{
	free(o->buf);
	o->buf = NULL;
	o->len = o->cap = 0;
}

void
out_write(struct out *o, const char *s, size_t n)
{
	out_reserve(o, n);
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

void
out_puts(struct out *o, const char *s)
{
	out_write(o, s, strlen(s));
}

void
out_printf(struct out *o, const char *fmt, ...)
{
	va_list ap, ap2;
	int n;

	/* Format straight into the free space; grow and redo only if short. */
	out_reserve(o, 64);
	va_start(ap, fmt);
	va_copy(ap2, ap);
	n = vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	if ((size_t)n >= o->cap - o->len) {
		out_reserve(o, (size_t)n);
		(void)vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap2);
	}
	va_end(ap2);
	o->len += (size_t)n;
}

static void
out_quoted(struct out *o, const char *s, char q)
{
	out_write(o, &q, 1);
	for (; *s != '\0'; s++) {
		if (*s == q)
			out_write(o, &q, 1);
		out_write(o, s, 1);
	}
	out_write(o, &q, 1);
}

void
out_sql_ident(struct out *o, const char *s)
{
	out_quoted(o, s, '"');
}

void
out_sql_string(struct out *o, const char *s)
{
	out_quoted(o, s, '\'');
}

void
out_c_string(struct out *o, const char *s)
{
	const unsigned char *p;

	out_puts(o, "\"");
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		switch (*p) {
		case '"':
			out_puts(o, "\\\"");
			break;
		case '\\':
			out_puts(o, "\\\\");
			break;
		case '\n':
			out_puts(o, "\\n");
			break;
		case '\t':
			out_puts(o, "\\t");
			break;
		default:
			/* Octal keeps a following hex digit from joining. */
			if (*p < 0x20 || *p >= 0x7f || *p == '?')
				out_printf(o, "\\%03o", *p);
			else
				out_write(o, (const char *)p, 1);
		}
	}
	out_puts(o, "\"");
}

void
out_json_string(struct out *o, const char *s)
{
	const unsigned char *p;

	out_puts(o, "\"");
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		switch (*p) {
		case '"':
			out_puts(o, "\\\"");
			break;
		case '\\':
			out_puts(o, "\\\\");
			break;
		case '\n':
			out_puts(o, "\\n");
			break;
		case '\r':
			out_puts(o, "\\r");
			break;
		case '\t':
			out_puts(o, "\\t");
			break;
		default:
			if (*p < 0x20)
				out_printf(o, "\\u%04x", *p);
			else
				out_write(o, (const char *)p, 1);
		}
	}
	out_puts(o, "\"");
}
