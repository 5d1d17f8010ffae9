/*
 * load.h: YAML text to a small tree of scalars, mappings and sequences,
 * each node carrying the line and column where it starts (1-based), so the
 * checker can point at the exact spot of every problem.
 */
#ifndef SCHEMAC_LOAD_H
#define SCHEMAC_LOAD_H

#include <stddef.h>

#include "diag.h"

/* Nesting deeper than this is refused (hostile input must not crash). */
#define LOAD_MAX_DEPTH 64
/* Bigger input is refused before parsing. */
#define LOAD_MAX_BYTES (16u * 1024u * 1024u)

enum node_kind { NODE_SCALAR, NODE_MAPPING, NODE_SEQUENCE };

struct node;

struct node_pair {
	struct node *key; /* always a scalar */
	struct node *value;
};

struct node {
	enum node_kind kind;
	int line; /* 1-based */
	int col; /* 1-based, in characters */

	/* NODE_SCALAR: the text (never contains NUL) and its length. */
	char *text;
	size_t len;
	int plain; /* unquoted and untagged: may mean null, a bool, a number */

	/* NODE_MAPPING: key/value pairs in document order (keys may repeat). */
	struct node_pair *pairs;
	size_t npairs;

	/* NODE_SEQUENCE: the items in order. */
	struct node **items;
	size_t nitems;
};

struct ytree {
	struct node *root; /* NULL for an empty document */
	struct load_block *blocks; /* the arena every node lives in */
};

/*
 * Parse text (len bytes, need not be NUL-terminated) as one YAML document.
 * file names the input in diagnostics and must outlive d. Returns a tree
 * the caller frees with load_free(), or NULL after adding an error to d
 * (syntax errors, aliases, several documents, non-scalar keys, NUL in a
 * string, nesting deeper than LOAD_MAX_DEPTH, input over LOAD_MAX_BYTES).
 */
struct ytree *load_yaml(
    const char *file, const char *text, size_t len, struct diags *d);
/* Free the tree and every node; NULL is fine. */
void load_free(struct ytree *);

/* Mapping lookup: the value of the first pair whose key is key, or NULL. */
struct node *node_get(const struct node *map, const char *key);
/* True when n is a plain scalar spelling YAML null (~, null, empty). */
int node_is_null(const struct node *n);
/* The name of a node's kind for messages: "a mapping", "a list"... */
const char *node_kind_name(const struct node *n);

#endif
