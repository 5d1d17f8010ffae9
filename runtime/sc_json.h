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
	 * may contain NUL bytes from \u0000). NUMBER: the literal text.
	 */
	const char *str;
	size_t len;
	int boolean;		/* BOOL: 0 or 1 */
	const char *key;	/* the member name when inside an object */
	size_t keylen;
	struct sc_json *child;	/* ARRAY/OBJECT: first element or member */
	struct sc_json *next;	/* next sibling */
	size_t nchildren;
	const char *raw;	/* this value's text in the input */
	size_t rawlen;
};

/* A parsed document: owns every node and string. */
struct sc_json_doc {
	struct sc_json *root;
	void *arena;		/* private */
};

enum sc_json_status {
	SC_JSON_OK = 0,
	SC_JSON_ESYNTAX,	/* not JSON */
	SC_JSON_EUTF8,		/* invalid UTF-8 in the input */
	SC_JSON_EDEPTH,		/* nested deeper than SC_JSON_MAX_DEPTH */
	SC_JSON_ENOMEM
};

/*
 * Parse len bytes. On success doc->root is set. On failure a short,
 * client-safe description (with the byte offset) is written to err.
 * Either way, free with sc_json_doc_free().
 */
enum sc_json_status sc_json_parse(struct sc_json_doc *, const char *, size_t,
    char *err, size_t errlen);
void sc_json_doc_free(struct sc_json_doc *);

/* The member named key of an object, or NULL (also when obj is no object). */
const struct sc_json *sc_json_member(const struct sc_json *obj, const char *key);

/*
 * Exact conversions of a NUMBER node: 0 on success; -1 when the literal is
 * not an integer (has a fraction or exponent that leaves one) or is out of
 * the range.
 */
int sc_json_to_int64(const struct sc_json *, int64_t *);
int sc_json_to_double(const struct sc_json *, double *);

#endif
