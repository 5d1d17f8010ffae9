/*
 * sc_json.h: a strict RFC 8259 JSON parser for request bodies. Unlike Kore
 * 4.1's parser it accepts \u escapes (surrogate pairs included), rejects
 * invalid UTF-8, limits nesting depth, and keeps each number's literal text
 * so integers and numerics are converted without loss.
 */
#ifndef SC_JSON_H
#define SC_JSON_H

#include <stddef.h>
#include <stdint.h>

#define SC_JSON_MAX_DEPTH 32
/*
 * At most this many values (each a ~100-byte node) per document, so a
 * 1 MiB body like [0,0,0,...] cannot make a worker allocate 50 MiB.
 */
#define SC_JSON_MAX_VALUES 100000

enum sc_json_type {
	SC_JSON_NULL,
	SC_JSON_BOOL,
	SC_JSON_NUMBER,
	SC_JSON_STRING,
	SC_JSON_ARRAY,
	SC_JSON_OBJECT
};

struct sc_json {
	enum sc_json_type type;
	/*
	 * STRING: the unescaped value (NUL-terminated; len excludes the NUL,
	 * may contain NUL bytes from \u0000). NUMBER: the literal text
	 * (NUL-terminated), e.g. "-1.50e3".
	 */
	const char *str;
	size_t len;
	int boolean; /* BOOL: 0 or 1 */
	const char *key; /* member name (unescaped, NUL-terminated) or NULL */
	size_t keylen;
	struct sc_json *child; /* ARRAY/OBJECT: first element or member */
	struct sc_json *next; /* next sibling */
	size_t nchildren;
	const char *raw; /* this value's text (in the doc's input copy) */
	size_t rawlen;
};

/* A parsed document: owns every node and string. */
struct sc_json_doc {
	struct sc_json *root;
	void *arena; /* private */
};

enum sc_json_status {
	SC_JSON_OK = 0,
	SC_JSON_ESYNTAX, /* not JSON */
	SC_JSON_EUTF8, /* invalid UTF-8 in the input */
	SC_JSON_EDEPTH, /* nested deeper than SC_JSON_MAX_DEPTH */
	SC_JSON_ENOMEM,
	SC_JSON_ELIMIT /* more than SC_JSON_MAX_VALUES values */
};

/*
 * Parse len bytes. On success doc->root is set. On failure a short,
 * client-safe description (with the byte offset) is written to err, e.g.
 * "Invalid JSON at byte 12: expected ',' or '}'" or "Invalid UTF-8 at byte
 * 3"; 128 bytes are enough. An object that repeats a key is an error
 * ("duplicate key"). The document keeps its own copy of the input (raw
 * points into it), so in may be freed at once. Success or not, free the
 * document with sc_json_doc_free() (which also accepts NULL).
 */
enum sc_json_status sc_json_parse(
    struct sc_json_doc *, const char *, size_t, char *err, size_t errlen);
void sc_json_doc_free(struct sc_json_doc *);

/* The member named key of an object, or NULL (also when obj is no object). */
const struct sc_json *sc_json_member(
    const struct sc_json *obj, const char *key);

/*
 * Exact conversions of a NUMBER node: 0 on success; -1 when the literal is
 * not an integer (has a fraction or exponent that leaves one) or is out of
 * the range. sc_json_to_int64 reads 1.0, 1e2 and 150e-1 as integers (their
 * value is integral); sc_json_to_double fails only when the value is
 * beyond the range of a double (it would be infinite).
 */
int sc_json_to_int64(const struct sc_json *, int64_t *);
int sc_json_to_double(const struct sc_json *, double *);

/*
 * A decimal number's text split into its parts, which point into the
 * text: value = (-1)^neg * <intp><frac> * 10^(exp - nfrac). The grammar
 * is a superset of JSON numbers, the one Python's Decimal and
 * PostgreSQL's numeric read (without blanks and special values):
 *   [+-] ( digits [ "." [digits] ] | "." digits ) [ (e|E) [+-] digits ]
 * Returns 0 when all n bytes follow it, else -1 (out is then partial).
 * The exponent is clamped to +-1e9, so that it cannot overflow.
 */
struct sc_num {
	int neg;
	const char *intp; /* integer digits */
	size_t nint;
	const char *frac; /* fraction digits (NULL without a ".") */
	size_t nfrac;
	long exp; /* the e part */
};
int sc_num_split(const char *s, size_t n, struct sc_num *out);

struct sc_buf;
/*
 * Append the compact JSON text of v (no whitespace; strings re-escaped,
 * numbers as written) to the buffer.
 */
void sc_json_write(struct sc_buf *, const struct sc_json *v);

#endif
