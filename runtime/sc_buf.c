/* sc_buf.c: a growable byte buffer and the JSON writer built on it. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sc_buf.h"

/*
 * Allocation failure aborts, as kore_malloc() does: a response that is
 * silently cut short would be worse than a restarted worker, and the
 * callers (generated code) stay free of error paths for it.
 */
void *
sc_xmalloc(size_t n)
{
	void *p;

	if ((p = malloc(n)) == NULL) {
		fprintf(
		    stderr, "schemac runtime: out of memory (%zu bytes)\n", n);
		abort();
	}
	return (p);
}

int
sc_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (c - 'A' + 10);
	return (-1);
}

void
sc_buf_init(struct sc_buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void
sc_buf_free(struct sc_buf *b)
{
	if (b == NULL)
		return;
	free(b->data);
	sc_buf_init(b);
}

/* Empty the buffer but keep its memory for reuse. */
void
sc_buf_reset(struct sc_buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

/* Make room for n more bytes plus the terminating NUL. */
static void
sc_buf_grow(struct sc_buf *b, size_t n)
{
	size_t cap;
	char *data;

	if (n > SIZE_MAX - b->len - 1) {
		fprintf(stderr, "sc_buf: size overflow\n");
		abort();
	}
	if (b->len + n + 1 <= b->cap)
		return;
	cap = b->cap ? b->cap : 256;
	while (cap < b->len + n + 1) {
		if (cap > SIZE_MAX / 2) {
			cap = b->len + n + 1;
			break;
		}
		cap *= 2;
	}
	/*
	 * Not realloc(): glibc grows a large (mmap'd) block with mremap(2),
	 * which Kore's seccomp filter does not allow; the worker would die.
	 * Geometric growth keeps the copying linear.
	 */
	data = sc_xmalloc(cap);
	if (b->len > 0)
		memcpy(data, b->data, b->len);
	free(b->data);
	b->data = data;
	b->cap = cap;
}

void
sc_buf_reserve(struct sc_buf *b, size_t n)
{
	sc_buf_grow(b, n);
	b->data[b->len] = '\0';
}

void
sc_buf_append(struct sc_buf *b, const void *p, size_t n)
{
	/* Room for n bytes and the NUL (cap is 0 before the first append). */
	if (b->cap - b->len <= n)
		sc_buf_grow(b, n);
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
sc_buf_puts(struct sc_buf *b, const char *s)
{
	sc_buf_append(b, s, strlen(s));
}

void
sc_buf_appendf(struct sc_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	sc_buf_grow(b, 64);
	va_start(ap, fmt);
	n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0) {
		/* Only an invalid format gets here; keep the buffer intact. */
		b->data[b->len] = '\0';
		return;
	}
	if ((size_t)n >= b->cap - b->len) {
		sc_buf_grow(b, (size_t)n);
		va_start(ap, fmt);
		(void)vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

/*
 * Length of the valid UTF-8 sequence at s (at most n bytes), or 0 when the
 * bytes there are not one: overlong forms, surrogates (U+D800..U+DFFF) and
 * code points above U+10FFFF are invalid (RFC 3629 table).
 */
size_t
sc_utf8_seqlen(const unsigned char *s, size_t n)
{
	unsigned char c;

	c = s[0];
	if (c < 0x80)
		return (1);
	if (c >= 0xc2 && c <= 0xdf) {
		if (n >= 2 && (s[1] & 0xc0) == 0x80)
			return (2);
		return (0);
	}
	if (c >= 0xe0 && c <= 0xef) {
		if (n < 3 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return (0);
		if (c == 0xe0 && s[1] < 0xa0)
			return (0); /* overlong */
		if (c == 0xed && s[1] > 0x9f)
			return (0); /* surrogate */
		return (3);
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (n < 4 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 ||
		    (s[3] & 0xc0) != 0x80)
			return (0);
		if (c == 0xf0 && s[1] < 0x90)
			return (0); /* overlong */
		if (c == 0xf4 && s[1] > 0x8f)
			return (0); /* above U+10FFFF */
		return (4);
	}
	return (0);
}

/*
 * Where a maximal invalid prefix at s ends, so that one U+FFFD replaces
 * it (the "substitution of maximal subparts" practice of Unicode §3.9):
 * a lead byte followed by some valid continuation bytes counts as one.
 */
static size_t
sc_utf8_badlen(const unsigned char *s, size_t n)
{
	unsigned char c, lo, hi;
	size_t need, i;

	c = s[0];
	lo = 0x80;
	hi = 0xbf;
	if (c >= 0xc2 && c <= 0xdf)
		need = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		need = 3;
		if (c == 0xe0)
			lo = 0xa0;
		if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 4;
		if (c == 0xf0)
			lo = 0x90;
		if (c == 0xf4)
			hi = 0x8f;
	} else
		return (1);
	for (i = 1; i < need && i < n; i++) {
		if (s[i] < lo || s[i] > hi)
			break;
		lo = 0x80;
		hi = 0xbf;
	}
	return (i);
}

/*
 * 1 for the bytes a JSON string holds as they are: printable ASCII
 * (0x20-0x7f) except '"' (0x22) and '\\' (0x5c). One load per byte in
 * the copy loop below, which every string of every response runs through.
 */
#define SC_R16(x) x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x
static const unsigned char sc_json_plain[256] = {
	SC_R16(0), SC_R16(0), /* 0x00 */
	1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x20 */
	SC_R16(1), SC_R16(1), /* 0x30 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, /* 0x50 */
	SC_R16(1), SC_R16(1), /* 0x60 */
	SC_R16(0), SC_R16(0), SC_R16(0), SC_R16(0), /* 0x80 */
	SC_R16(0), SC_R16(0), SC_R16(0), SC_R16(0), /* 0xc0 */
};
#undef SC_R16

void
sc_json_str(struct sc_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p, *run;
	size_t i, k;
	char esc[6];

	p = (const unsigned char *)s;
	sc_buf_grow(b, n + 2);
	sc_buf_append(b, "\"", 1);
	i = 0;
	while (i < n) {
		/* Copy the longest run that needs no escaping in one go. */
		run = p + i;
		while (i < n && sc_json_plain[p[i]])
			i++;
		if (p + i > run)
			sc_buf_append(b, run, (size_t)(p + i - run));
		if (i >= n)
			break;
		if (p[i] >= 0x80) {
			k = sc_utf8_seqlen(p + i, n - i);
			if (k == 0) {
				sc_buf_append(b, "\xef\xbf\xbd", 3);
				i += sc_utf8_badlen(p + i, n - i);
			} else {
				sc_buf_append(b, p + i, k);
				i += k;
			}
			continue;
		}
		switch (p[i]) {
		case '"':
			sc_buf_append(b, "\\\"", 2);
			break;
		case '\\':
			sc_buf_append(b, "\\\\", 2);
			break;
		case '\b':
			sc_buf_append(b, "\\b", 2);
			break;
		case '\f':
			sc_buf_append(b, "\\f", 2);
			break;
		case '\n':
			sc_buf_append(b, "\\n", 2);
			break;
		case '\r':
			sc_buf_append(b, "\\r", 2);
			break;
		case '\t':
			sc_buf_append(b, "\\t", 2);
			break;
		default:
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[p[i] >> 4];
			esc[5] = hex[p[i] & 0xf];
			sc_buf_append(b, esc, 6);
			break;
		}
		i++;
	}
	sc_buf_append(b, "\"", 1);
}

void
sc_json_cstr(struct sc_buf *b, const char *s)
{
	if (s == NULL)
		sc_buf_append(b, "null", 4);
	else
		sc_json_str(b, s, strlen(s));
}

/*
 * Decimal text of v without printf: this runs for every id in every
 * response and every statement parameter, and snprintf's format parsing
 * costs more than the conversion itself.
 */
size_t
sc_fmt_int64(char *out, int64_t v)
{
	char tmp[20];
	uint64_t u;
	size_t n, i;

	/* The magnitude as unsigned, so INT64_MIN needs no special case. */
	u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	n = 0;
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	i = 0;
	if (v < 0)
		out[i++] = '-';
	while (n > 0)
		out[i++] = tmp[--n];
	out[i] = '\0';
	return (i);
}

void
sc_json_int(struct sc_buf *b, int64_t v)
{
	char tmp[SC_INT64_TEXT];

	sc_buf_append(b, tmp, sc_fmt_int64(tmp, v));
}

/*
 * The shortest of %.15g, %.16g and %.17g that strtod() reads back as the
 * same double; 17 significant digits always do. Returns the length.
 */
size_t
sc_fmt_double(char *out, size_t outlen, double v)
{
	int prec, n;

	n = 0;
	for (prec = 15; prec <= 17; prec++) {
		n = snprintf(out, outlen, "%.*g", prec, v);
		if (strtod(out, NULL) == v)
			break;
	}
	return ((size_t)n);
}

void
sc_json_double(struct sc_buf *b, double v)
{
	char tmp[40];
	size_t n;

	if (!isfinite(v)) {
		sc_buf_append(b, "null", 4);
		return;
	}
	n = sc_fmt_double(tmp, sizeof(tmp), v);
	sc_buf_append(b, tmp, n);
}

void
sc_json_bool(struct sc_buf *b, int v)
{
	if (v)
		sc_buf_append(b, "true", 4);
	else
		sc_buf_append(b, "false", 5);
}
