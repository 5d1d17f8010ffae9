/*
 * sc_buf.h: a growable byte buffer and the JSON writer built on it. Used by
 * generated code to build response bodies; independent of Kore so it can be
 * unit-tested and used by the plain C API.
 */
#ifndef SC_BUF_H
#define SC_BUF_H

#include <stddef.h>
#include <stdint.h>

struct sc_buf {
	char *data; /* NUL-terminated contents (after the first append) */
	size_t len; /* bytes used, excluding the NUL */
	size_t cap; /* bytes allocated */
};

void sc_buf_init(struct sc_buf *);
/* Free what the buffer owns; the struct may be reused after sc_buf_init. */
void sc_buf_free(struct sc_buf *);
void sc_buf_reset(struct sc_buf *);
/*
 * Make room for n more bytes (data[len .. cap-1] is then writable; bump len
 * yourself). Growing never uses realloc(), whose mremap(2) for large blocks
 * Kore's seccomp filter forbids. Allocation failure aborts.
 */
void sc_buf_reserve(struct sc_buf *, size_t);
void sc_buf_append(struct sc_buf *, const void *, size_t);
void sc_buf_puts(struct sc_buf *, const char *);
void sc_buf_appendf(struct sc_buf *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * JSON output. sc_json_str writes a quoted, escaped JSON string from
 * len bytes of UTF-8 (invalid sequences become U+FFFD, so the output is
 * always valid JSON). The number writers print integers exactly and doubles
 * with the shortest text that reads back to the same value (never NaN or
 * infinity: those are written as null).
 */
void sc_json_str(struct sc_buf *, const char *, size_t);
void sc_json_cstr(struct sc_buf *, const char *); /* NULL writes null */
void sc_json_int(struct sc_buf *, int64_t);
void sc_json_double(struct sc_buf *, double);
void sc_json_bool(struct sc_buf *, int);

/*
 * Helpers shared by the runtime. sc_utf8_seqlen: the length (1-4) of the
 * valid UTF-8 sequence at s within n bytes, or 0 when it is invalid
 * (overlong, surrogate, above U+10FFFF, truncated). sc_fmt_double: the
 * shortest round-trip text of v into out (40 bytes suffice); returns its
 * length. sc_xmalloc: malloc() that aborts on failure (the caller frees).
 * sc_hexval: the value of hex digit c (either case), or -1.
 * sc_fmt_int64: the decimal text of v into out (SC_INT64_TEXT bytes
 * suffice, NUL included); returns its length.
 */
#define SC_INT64_TEXT 21
size_t sc_utf8_seqlen(const unsigned char *s, size_t n);
size_t sc_fmt_double(char *out, size_t outlen, double v);
size_t sc_fmt_int64(char *out, int64_t v);
void *sc_xmalloc(size_t);
int sc_hexval(int c);

#endif
