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

void
out_number(
    struct out *o, const char *s, void (*quote)(struct out *, const char *))
{
	if (s[0] != '\0' && strspn(s, "0123456789+-.eE") == strlen(s))
		out_puts(o, s);
	else
		quote(o, s);
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

/*
 * The double-quoted string syntaxes of the three languages we write. They
 * share the escapes \" \\ \n \t; each spells other bytes its own way.
 */
enum out_lang { OUT_C, OUT_JSON, OUT_YAML };

/*
 * Write the escape of byte c in lang into buf (at least 8 bytes), or
 * return 0 when c stands for itself. C gets octal escapes, which keep a
 * following hex digit from joining, and '?' escaped (no trigraphs).
 */
static int
out_escape(unsigned char c, enum out_lang lang, char *buf, size_t len)
{
	/* The two-character escapes all three languages share. */
	buf[0] = '\\';
	switch (c) {
	case '"':
	case '\\':
		buf[1] = (char)c;
		return (2);
	case '\n':
		buf[1] = 'n';
		return (2);
	case '\t':
		buf[1] = 't';
		return (2);
	}
	switch (lang) {
	case OUT_JSON:
		if (c == '\r') {
			buf[1] = 'r';
			return (2);
		}
		if (c < 0x20)
			return (snprintf(buf, len, "\\u%04x", c));
		break;
	case OUT_YAML:
		if (c < 0x20 || c == 0x7f)
			return (snprintf(buf, len, "\\x%02x", c));
		break;
	case OUT_C:
		if (c < 0x20 || c >= 0x7f || c == '?')
			return (snprintf(buf, len, "\\%03o", c));
		break;
	}
	return (0);
}

static void
out_dquoted(struct out *o, const char *s, enum out_lang lang)
{
	const char *p, *run;
	char esc[8];
	int n;

	out_write(o, "\"", 1);
	/* Runs of bytes that need no escape are copied in one go. */
	for (p = run = s; *p != '\0'; p++) {
		if ((n = out_escape(
			 (unsigned char)*p, lang, esc, sizeof(esc))) == 0)
			continue;
		out_write(o, run, (size_t)(p - run));
		out_write(o, esc, (size_t)n);
		run = p + 1;
	}
	out_write(o, run, (size_t)(p - run));
	out_write(o, "\"", 1);
}

void
out_sql(struct out *o, const char *fmt, ...)
{
	const char *p, *run;
	va_list ap;

	va_start(ap, fmt);
	for (p = run = fmt; *p != '\0'; p++) {
		if (*p != '%')
			continue;
		out_write(o, run, (size_t)(p - run));
		run = p + 2;
		switch (*++p) {
		case 'I':
			out_sql_ident(o, va_arg(ap, const char *));
			break;
		case 'L':
			out_sql_string(o, va_arg(ap, const char *));
			break;
		case 's':
			out_puts(o, va_arg(ap, const char *));
			break;
		case '%':
			out_write(o, "%", 1);
			break;
		default:
			fprintf(stderr,
			    "schemac: internal error: out_sql: bad %%%c\n", *p);
			abort();
		}
	}
	out_write(o, run, (size_t)(p - run));
	va_end(ap);
}

void
out_c_string(struct out *o, const char *s)
{
	out_dquoted(o, s, OUT_C);
}

size_t
out_c_string_len(const char *s)
{
	char esc[8];
	size_t n;
	int k;

	for (n = 0; *s != '\0'; s++) {
		k = out_escape((unsigned char)*s, OUT_C, esc, sizeof(esc));
		n += k > 0 ? (size_t)k : 1;
	}
	return (n);
}

void
out_json_string(struct out *o, const char *s)
{
	out_dquoted(o, s, OUT_JSON);
}

void
out_yaml_string(struct out *o, const char *s)
{
	out_dquoted(o, s, OUT_YAML);
}
