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
	char *data;  /* NUL-terminated contents (after the first append) */
	size_t len;  /* bytes used, excluding the NUL */
	size_t cap;  /* bytes allocated */
};

void sc_buf_init(struct sc_buf *);
/* Free what the buffer owns; the struct may be reused after sc_buf_init. */
void sc_buf_free(struct sc_buf *);
void sc_buf_reset(struct sc_buf *);
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
void sc_json_cstr(struct sc_buf *, const char *);   /* NULL writes null */
void sc_json_int(struct sc_buf *, int64_t);
void sc_json_double(struct sc_buf *, double);
void sc_json_bool(struct sc_buf *, int);

#endif
