/* load.c: libyaml events to a node tree with positions (see load.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "load.h"

/* The arena: nodes and their strings are freed all at once. */
struct load_block {
	struct load_block *next;
	size_t used;
	size_t cap;
	max_align_t data[];
};

#define LOAD_BLOCK_SIZE (64u * 1024u)

struct loader {
	const char *file;
	const char *text;
	size_t len;
	struct diags *d;
	struct ytree *tree;
	yaml_parser_t parser;
	int failed; /* an error was reported: unwind */
};

static void *
load_xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n)) == NULL) {
		perror("schemac: realloc");
		abort();
	}
	return (p);
}

static void *
load_alloc(struct ytree *t, size_t n)
{
	struct load_block *b;
	size_t cap;
	void *p;

	n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	b = t->blocks;
	if (b == NULL || b->cap - b->used < n) {
		cap = n > LOAD_BLOCK_SIZE ? n : LOAD_BLOCK_SIZE;
		b = load_xrealloc(NULL, sizeof(*b) + cap);
		b->next = t->blocks;
		b->used = 0;
		b->cap = cap;
		t->blocks = b;
	}
	p = (char *)b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return (p);
}

/* Line and column (1-based) of a byte offset, for reader errors. */
static void
load_offset_pos(const struct loader *l, size_t off, int *line, int *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off && i < l->len; i++) {
		if (l->text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)l->text[i] & 0xc0) != 0x80)
			(*col)++;
	}
}

/* The byte at a 0-based line and character column, or '\0'. */
static char
load_char_at(const struct loader *l, size_t line, size_t col)
{
	size_t i = 0;

	while (line > 0 && i < l->len)
		if (l->text[i++] == '\n')
			line--;
	for (; i < l->len && l->text[i] != '\n'; i++) {
		if (((unsigned char)l->text[i] & 0xc0) == 0x80)
			continue;
		if (col-- == 0)
			return (l->text[i]);
	}
	return ('\0');
}

static int
load_mark_line(const yaml_mark_t *m)
{
	return (m->line >= INT32_MAX ? INT32_MAX : (int)m->line + 1);
}

static int
load_mark_col(const yaml_mark_t *m)
{
	return (m->column >= INT32_MAX ? INT32_MAX : (int)m->column + 1);
}

static void
load_syntax_error(struct loader *l)
{
	yaml_parser_t *p = &l->parser;
	int line, col;

	l->failed = 1;
	if (p->error == YAML_MEMORY_ERROR) {
		diag_error(l->d, l->file, 0, 0, "out of memory reading YAML");
		return;
	}
	if (p->error == YAML_READER_ERROR) {
		load_offset_pos(l, p->problem_offset, &line, &col);
		diag_error(l->d, l->file, line, col, "YAML syntax error: %s",
		    p->problem != NULL ? p->problem : "unreadable input");
		return;
	}
	diag_error(l->d, l->file, load_mark_line(&p->problem_mark),
	    load_mark_col(&p->problem_mark), "YAML syntax error: %s",
	    p->problem != NULL ? p->problem : "invalid document");
	if (p->context != NULL &&
	    (p->context_mark.line != p->problem_mark.line ||
		p->context_mark.column != p->problem_mark.column))
		diag_note(l->d, load_mark_line(&p->context_mark),
		    load_mark_col(&p->context_mark), "%s started here",
		    p->context);
	/* The most common YAML mistake deserves a plain explanation. */
	if (load_char_at(l, p->problem_mark.line, p->problem_mark.column) ==
	    '\t')
		diag_note(l->d, load_mark_line(&p->problem_mark),
		    load_mark_col(&p->problem_mark),
		    "YAML indentation must use spaces, not tabs");
}

/* The next event, or 0 after reporting the syntax error. */
static int
load_next(struct loader *l, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&l->parser, ev)) {
		load_syntax_error(l);
		return (0);
	}
	return (1);
}

static struct node *
load_new(struct loader *l, enum node_kind kind, const yaml_event_t *ev)
{
	struct node *n;

	n = load_alloc(l->tree, sizeof(*n));
	n->kind = kind;
	n->line = load_mark_line(&ev->start_mark);
	n->col = load_mark_col(&ev->start_mark);
	return (n);
}

static struct node *load_node(struct loader *, yaml_event_t *, int);

/* Read children up to the end event; ev is the start event. */
static struct node *
load_collection(struct loader *l, yaml_event_t *start, int depth)
{
	struct node *n, *child, **kids = NULL;
	yaml_event_type_t end;
	yaml_event_t ev;
	size_t nkids = 0, cap = 0, i;

	if (start->type == YAML_MAPPING_START_EVENT) {
		n = load_new(l, NODE_MAPPING, start);
		end = YAML_MAPPING_END_EVENT;
	} else {
		n = load_new(l, NODE_SEQUENCE, start);
		end = YAML_SEQUENCE_END_EVENT;
	}
	if (depth >= LOAD_MAX_DEPTH) {
		diag_error(l->d, l->file, n->line, n->col,
		    "the YAML is nested deeper than %d levels", LOAD_MAX_DEPTH);
		l->failed = 1;
		return (NULL);
	}
	for (;;) {
		if (!load_next(l, &ev))
			goto fail;
		if (ev.type == end) {
			yaml_event_delete(&ev);
			break;
		}
		child = load_node(l, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (child == NULL)
			goto fail;
		if (n->kind == NODE_MAPPING && nkids % 2 == 0 &&
		    child->kind != NODE_SCALAR) {
			diag_error(l->d, l->file, child->line, child->col,
			    "a mapping key must be a plain name, not %s",
			    node_kind_name(child));
			l->failed = 1;
			goto fail;
		}
		if (nkids == cap) {
			cap = cap ? cap * 2 : 8;
			kids = load_xrealloc(kids, cap * sizeof(*kids));
		}
		kids[nkids++] = child;
	}
	if (n->kind == NODE_MAPPING) {
		n->npairs = nkids / 2;
		n->pairs = load_alloc(l->tree, n->npairs * sizeof(*n->pairs));
		for (i = 0; i < n->npairs; i++) {
			n->pairs[i].key = kids[2 * i];
			n->pairs[i].value = kids[2 * i + 1];
		}
	} else {
		n->nitems = nkids;
		n->items = load_alloc(l->tree, nkids * sizeof(*n->items));
		if (nkids > 0)
			memcpy(n->items, kids, nkids * sizeof(*kids));
	}
	free(kids);
	return (n);
fail:
	free(kids);
	return (NULL);
}

/* Build the node that starts with ev (which the caller deletes). */
static struct node *
load_node(struct loader *l, yaml_event_t *ev, int depth)
{
	struct node *n;

	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		n = load_new(l, NODE_SCALAR, ev);
		n->len = ev->data.scalar.length;
		if (memchr(ev->data.scalar.value, '\0', n->len) != NULL) {
			diag_error(l->d, l->file, n->line, n->col,
			    "a NUL character in a string is not supported");
			l->failed = 1;
			return (NULL);
		}
		n->text = load_alloc(l->tree, n->len + 1);
		memcpy(n->text, ev->data.scalar.value, n->len);
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
		    ev->data.scalar.tag == NULL;
		return (n);
	case YAML_MAPPING_START_EVENT:
	case YAML_SEQUENCE_START_EVENT:
		return (load_collection(l, ev, depth));
	case YAML_ALIAS_EVENT:
		diag_error(l->d, l->file, load_mark_line(&ev->start_mark),
		    load_mark_col(&ev->start_mark),
		    "YAML aliases (*%s) are not supported; write the value out",
		    (const char *)ev->data.alias.anchor);
		l->failed = 1;
		return (NULL);
	default:
		diag_error(l->d, l->file, load_mark_line(&ev->start_mark),
		    load_mark_col(&ev->start_mark), "unexpected YAML event");
		l->failed = 1;
		return (NULL);
	}
}

struct ytree *
load_yaml(const char *file, const char *text, size_t len, struct diags *d)
{
	struct loader l;
	yaml_event_t ev;
	int docs = 0, done = 0;

	if (len > LOAD_MAX_BYTES) {
		diag_error(d, file, 0, 0, "file is larger than %u bytes",
		    LOAD_MAX_BYTES);
		return (NULL);
	}
	memset(&l, 0, sizeof(l));
	l.file = file;
	l.text = text;
	l.len = len;
	l.d = d;
	l.tree = load_xrealloc(NULL, sizeof(*l.tree));
	l.tree->root = NULL;
	l.tree->blocks = NULL;
	if (!yaml_parser_initialize(&l.parser)) {
		diag_error(d, file, 0, 0, "out of memory reading YAML");
		free(l.tree);
		return (NULL);
	}
	yaml_parser_set_input_string(
	    &l.parser, (const unsigned char *)text, len);
	while (!done && !l.failed) {
		if (!load_next(&l, &ev))
			break;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				diag_error(d, file,
				    load_mark_line(&ev.start_mark),
				    load_mark_col(&ev.start_mark),
				    "a schema is one YAML document; "
				    "this starts a second one");
				l.failed = 1;
			}
			break;
		case YAML_SCALAR_EVENT:
		case YAML_MAPPING_START_EVENT:
		case YAML_SEQUENCE_START_EVENT:
		case YAML_ALIAS_EVENT:
			l.tree->root = load_node(&l, &ev, 0);
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&l.parser);
	if (l.failed) {
		load_free(l.tree);
		return (NULL);
	}
	return (l.tree);
}

void
load_free(struct ytree *t)
{
	struct load_block *b, *next;

	if (t == NULL)
		return;
	for (b = t->blocks; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(t);
}

struct node *
node_get(const struct node *map, const char *key)
{
	size_t i;

	if (map == NULL || map->kind != NODE_MAPPING)
		return (NULL);
	for (i = 0; i < map->npairs; i++)
		if (strcmp(map->pairs[i].key->text, key) == 0)
			return (map->pairs[i].value);
	return (NULL);
}

int
node_is_null(const struct node *n)
{
	if (n == NULL || n->kind != NODE_SCALAR || !n->plain)
		return (0);
	return (n->len == 0 || strcmp(n->text, "~") == 0 ||
	    strcmp(n->text, "null") == 0 || strcmp(n->text, "Null") == 0 ||
	    strcmp(n->text, "NULL") == 0);
}

const char *
node_kind_name(const struct node *n)
{
	if (n == NULL)
		return ("nothing");
	switch (n->kind) {
	case NODE_MAPPING:
		return ("a mapping");
	case NODE_SEQUENCE:
		return ("a list");
	default:
		return (node_is_null(n) ? "null" : "a scalar");
	}
}
