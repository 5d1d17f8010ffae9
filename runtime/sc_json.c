/* sc_json.c: a strict RFC 8259 JSON parser into an arena-allocated tree. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sc_buf.h"
#include "sc_json.h"

/*
 * The grammar implemented here (RFC 8259), nothing more:
 *
 *   text    = ws value ws
 *   value   = object / array / number / string / "true" / "false" / "null"
 *   object  = "{" ws [ member *( ws "," ws member ) ] ws "}"
 *   member  = string ws ":" ws value
 *   array   = "[" ws [ value *( ws "," ws value ) ] ws "]"
 *   number  = [ "-" ] ( "0" / %x31-39 *DIGIT ) [ "." 1*DIGIT ]
 *             [ ( "e" / "E" ) [ "-" / "+" ] 1*DIGIT ]
 *   string  = quote *char quote; char = unescaped UTF-8 (no U+0000..U+001F)
 *             / "\" ( " \ / b f n r t / uXXXX )
 *   ws      = *( %x20 / %x09 / %x0A / %x0D )
 *
 * On top of it: the whole input must be valid UTF-8, a \u escape of a high
 * surrogate must be followed by one of a low surrogate (a lone surrogate is
 * an error), nesting is limited to SC_JSON_MAX_DEPTH, the number of values
 * to SC_JSON_MAX_VALUES, and an object may not repeat a key.
 */

/* Arena: a list of blocks, freed together with the document. */
struct sc_arena_block {
	struct sc_arena_block *next;
	size_t cap;
	size_t used;
	/* Keep the payload aligned for any node type. */
	union {
		max_align_t align;
		char bytes[1];
	} data[];
};

struct sc_arena {
	struct sc_arena_block *head;
};

#define SC_ARENA_BLOCK (16 * 1024)

static void *
sc_arena_alloc(struct sc_arena *a, size_t n)
{
	struct sc_arena_block *b;
	size_t cap, align;
	void *p;

	align = sizeof(max_align_t);
	if (n > SIZE_MAX - align)
		return (NULL);
	n = (n + align - 1) & ~(align - 1);
	b = a->head;
	if (b == NULL || b->cap - b->used < n) {
		cap = n > SC_ARENA_BLOCK ? n : SC_ARENA_BLOCK;
		if ((b = malloc(sizeof(*b) + cap)) == NULL)
			return (NULL);
		b->cap = cap;
		b->used = 0;
		/* A big one-off block goes behind the current one so the
		 * current block's free space is still used. */
		if (a->head != NULL && cap > SC_ARENA_BLOCK) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	p = (char *)b->data + b->used;
	b->used += n;
	return (p);
}

static void
sc_arena_free(struct sc_arena *a)
{
	struct sc_arena_block *b, *next;

	if (a == NULL)
		return;
	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

struct sc_parser {
	const unsigned char *s; /* the arena's copy of the input */
	size_t n;
	size_t pos;
	int depth;
	size_t nvalues;
	struct sc_arena *arena;
	enum sc_json_status status;
	char *err;
	size_t errlen;
};

static void sc_json_fail(struct sc_parser *, enum sc_json_status, size_t,
    const char *, ...) __attribute__((format(printf, 4, 5)));

/* Record the first error only: later ones are consequences of it. */
static void
sc_json_fail(struct sc_parser *p, enum sc_json_status st, size_t at,
    const char *fmt, ...)
{
	va_list ap;
	char what[128];

	if (p->status != SC_JSON_OK)
		return;
	p->status = st;
	if (p->err == NULL || p->errlen == 0)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	switch (st) {
	case SC_JSON_EUTF8:
		(void)snprintf(
		    p->err, p->errlen, "Invalid UTF-8 at byte %zu", at);
		break;
	case SC_JSON_ENOMEM:
		(void)snprintf(p->err, p->errlen, "Out of memory");
		break;
	default:
		(void)snprintf(p->err, p->errlen,
		    "Invalid JSON at byte %zu: %s", at, what);
		break;
	}
}

static void *
sc_json_alloc(struct sc_parser *p, size_t n)
{
	void *v;

	if ((v = sc_arena_alloc(p->arena, n)) == NULL)
		sc_json_fail(p, SC_JSON_ENOMEM, p->pos, "out of memory");
	return (v);
}

static struct sc_json *
sc_json_node(struct sc_parser *p)
{
	struct sc_json *v;

	if (++p->nvalues > SC_JSON_MAX_VALUES) {
		sc_json_fail(p, SC_JSON_ELIMIT, p->pos, "more than %d values",
		    SC_JSON_MAX_VALUES);
		return (NULL);
	}
	if ((v = sc_json_alloc(p, sizeof(*v))) == NULL)
		return (NULL);
	memset(v, 0, sizeof(*v));
	return (v);
}

static void
sc_json_ws(struct sc_parser *p)
{
	while (p->pos < p->n) {
		switch (p->s[p->pos]) {
		case ' ':
		case '\t':
		case '\n':
		case '\r':
			p->pos++;
			break;
		default:
			return;
		}
	}
}

static int
sc_json_hex4(const unsigned char *s, unsigned *out)
{
	unsigned v;
	int i, d;

	v = 0;
	for (i = 0; i < 4; i++) {
		if ((d = sc_hexval(s[i])) == -1)
			return (-1);
		v = v << 4 | (unsigned)d;
	}
	*out = v;
	return (0);
}

static size_t
sc_utf8_put(char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return (1);
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3f));
		return (2);
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return (3);
	}
	o[0] = (char)(0xf0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return (4);
}

/*
 * A string at p->pos (which is at the opening quote). The unescaped value
 * is never longer than its source, so one allocation of the source length
 * is enough. UTF-8 was validated for the whole input beforehand.
 */
static int
sc_json_string(struct sc_parser *p, const char **out, size_t *outlen)
{
	const unsigned char *s;
	size_t start, i, end, o;
	unsigned cp, lo;
	char *buf;
	int escapes;

	s = p->s;
	start = p->pos + 1;
	escapes = 0;
	for (i = start; i < p->n; i++) {
		if (s[i] == '"')
			break;
		if (s[i] < 0x20) {
			sc_json_fail(p, SC_JSON_ESYNTAX, i,
			    "control character in string");
			return (-1);
		}
		if (s[i] == '\\') {
			escapes = 1;
			if (++i >= p->n)
				break;
		}
	}
	if (i >= p->n) {
		sc_json_fail(p, SC_JSON_ESYNTAX, p->pos, "unterminated string");
		return (-1);
	}
	end = i;
	if ((buf = sc_json_alloc(p, end - start + 1)) == NULL)
		return (-1);
	if (!escapes) {
		memcpy(buf, s + start, end - start);
		buf[end - start] = '\0';
		*out = buf;
		*outlen = end - start;
		p->pos = end + 1;
		return (0);
	}
	o = 0;
	for (i = start; i < end; i++) {
		if (s[i] != '\\') {
			buf[o++] = (char)s[i];
			continue;
		}
		i++;
		switch (s[i]) {
		case '"':
		case '\\':
		case '/':
			buf[o++] = (char)s[i];
			break;
		case 'b':
			buf[o++] = '\b';
			break;
		case 'f':
			buf[o++] = '\f';
			break;
		case 'n':
			buf[o++] = '\n';
			break;
		case 'r':
			buf[o++] = '\r';
			break;
		case 't':
			buf[o++] = '\t';
			break;
		case 'u':
			if (end - i < 5 || sc_json_hex4(s + i + 1, &cp) == -1) {
				sc_json_fail(p, SC_JSON_ESYNTAX, i - 1,
				    "invalid \\u escape");
				return (-1);
			}
			if (cp >= 0xdc00 && cp <= 0xdfff) {
				sc_json_fail(p, SC_JSON_ESYNTAX, i - 1,
				    "lone surrogate in \\u escape");
				return (-1);
			}
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (end - i < 11 || s[i + 5] != '\\' ||
				    s[i + 6] != 'u' ||
				    sc_json_hex4(s + i + 7, &lo) == -1 ||
				    lo < 0xdc00 || lo > 0xdfff) {
					sc_json_fail(p, SC_JSON_ESYNTAX, i - 1,
					    "lone surrogate in \\u escape");
					return (-1);
				}
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
				i += 6;
			}
			/* At most as long as the 6 or 12 bytes it replaces. */
			o += sc_utf8_put(buf + o, cp);
			i += 4;
			break;
		default:
			sc_json_fail(p, SC_JSON_ESYNTAX, i - 1,
			    "invalid escape in string");
			return (-1);
		}
	}
	buf[o] = '\0';
	*out = buf;
	*outlen = o;
	p->pos = end + 1;
	return (0);
}

static int
sc_json_digit(const struct sc_parser *p, size_t i)
{
	return (i < p->n && p->s[i] >= '0' && p->s[i] <= '9');
}

static int
sc_json_number(struct sc_parser *p, struct sc_json *v)
{
	size_t i, start;
	char *buf;

	start = i = p->pos;
	if (i < p->n && p->s[i] == '-')
		i++;
	if (!sc_json_digit(p, i))
		goto bad;
	if (p->s[i] == '0') {
		i++;
		if (sc_json_digit(p, i)) {
			sc_json_fail(p, SC_JSON_ESYNTAX, start,
			    "leading zeros are not allowed in numbers");
			return (-1);
		}
	} else {
		while (sc_json_digit(p, i))
			i++;
	}
	if (i < p->n && p->s[i] == '.') {
		i++;
		if (!sc_json_digit(p, i))
			goto bad;
		while (sc_json_digit(p, i))
			i++;
	}
	if (i < p->n && (p->s[i] == 'e' || p->s[i] == 'E')) {
		i++;
		if (i < p->n && (p->s[i] == '+' || p->s[i] == '-'))
			i++;
		if (!sc_json_digit(p, i))
			goto bad;
		while (sc_json_digit(p, i))
			i++;
	}
	if ((buf = sc_json_alloc(p, i - start + 1)) == NULL)
		return (-1);
	memcpy(buf, p->s + start, i - start);
	buf[i - start] = '\0';
	v->type = SC_JSON_NUMBER;
	v->str = buf;
	v->len = i - start;
	p->pos = i;
	return (0);
bad:
	sc_json_fail(p, SC_JSON_ESYNTAX, start, "invalid number");
	return (-1);
}

static int
sc_json_literal(struct sc_parser *p, const char *word, size_t n)
{
	if (p->n - p->pos < n || memcmp(p->s + p->pos, word, n) != 0) {
		sc_json_fail(p, SC_JSON_ESYNTAX, p->pos, "expected a value");
		return (-1);
	}
	p->pos += n;
	return (0);
}

static int sc_json_value(struct sc_parser *, struct sc_json *);

static uint32_t
sc_json_hash(const char *k, size_t n)
{
	uint32_t h;
	size_t i;

	h = 2166136261u;
	for (i = 0; i < n; i++) {
		h ^= (unsigned char)k[i];
		h *= 16777619u;
	}
	return (h);
}

/*
 * Duplicate keys: compare with every earlier member while the object is
 * small, then switch to a hash table (in the arena) so that a hostile body
 * with many members stays linear.
 */
struct sc_keyset {
	struct sc_json **slots;
	size_t cap;
};

static int
sc_keyset_insert(struct sc_keyset *ks, struct sc_json *m)
{
	size_t i;
	struct sc_json *o;

	i = sc_json_hash(m->key, m->keylen) & (ks->cap - 1);
	while ((o = ks->slots[i]) != NULL) {
		if (o->keylen == m->keylen &&
		    memcmp(o->key, m->key, m->keylen) == 0)
			return (-1);
		i = (i + 1) & (ks->cap - 1);
	}
	ks->slots[i] = m;
	return (0);
}

static int
sc_json_dupcheck(struct sc_parser *p, struct sc_keyset *ks, struct sc_json *obj,
    struct sc_json *m)
{
	struct sc_json *o;
	size_t cap;

	if (obj->nchildren < 16) {
		for (o = obj->child; o != NULL; o = o->next) {
			if (o->keylen == m->keylen &&
			    memcmp(o->key, m->key, m->keylen) == 0)
				return (-1);
		}
		return (0);
	}
	if (ks->slots == NULL || (obj->nchildren + 1) * 2 > ks->cap) {
		cap = 64;
		while (cap < (obj->nchildren + 1) * 4)
			cap *= 2;
		ks->slots = sc_json_alloc(p, cap * sizeof(*ks->slots));
		if (ks->slots == NULL)
			return (-2);
		memset(ks->slots, 0, cap * sizeof(*ks->slots));
		ks->cap = cap;
		for (o = obj->child; o != NULL; o = o->next)
			(void)sc_keyset_insert(ks, o);
	}
	return (sc_keyset_insert(ks, m));
}

/* A short, printable rendering of a key for an error message. */
static int
sc_json_printable(const char *k, size_t n)
{
	size_t i;

	if (n == 0 || n > 40)
		return (0);
	for (i = 0; i < n; i++) {
		if ((unsigned char)k[i] < 0x20 || (unsigned char)k[i] > 0x7e ||
		    k[i] == '"' || k[i] == '\\')
			return (0);
	}
	return (1);
}

/*
 * Start an object or array at its opening bracket: 1 when it is empty
 * (the closing bracket is consumed too), 0 when a member or element
 * follows.
 */
static int
sc_json_open(
    struct sc_parser *p, struct sc_json *v, enum sc_json_type type, char close)
{
	v->type = type;
	p->pos++;
	sc_json_ws(p);
	if (p->pos < p->n && p->s[p->pos] == close) {
		p->pos++;
		return (1);
	}
	return (0);
}

/*
 * Append child c to container v (*last is its last child so far), then
 * read what follows c: 1 after the closing bracket close, 0 after a comma
 * (another child follows), -1 on an error.
 */
static int
sc_json_next(struct sc_parser *p, struct sc_json *v, struct sc_json **last,
    struct sc_json *c, char close)
{
	if (*last == NULL)
		v->child = c;
	else
		(*last)->next = c;
	*last = c;
	v->nchildren++;
	sc_json_ws(p);
	if (p->pos >= p->n) {
		sc_json_fail(
		    p, SC_JSON_ESYNTAX, p->pos, "unexpected end of input");
		return (-1);
	}
	if (p->s[p->pos] == close) {
		p->pos++;
		return (1);
	}
	if (p->s[p->pos] != ',') {
		sc_json_fail(
		    p, SC_JSON_ESYNTAX, p->pos, "expected ',' or '%c'", close);
		return (-1);
	}
	p->pos++;
	return (0);
}

static int
sc_json_object(struct sc_parser *p, struct sc_json *v)
{
	struct sc_json *m, *last;
	struct sc_keyset ks;
	size_t keyat;
	int r;

	if (sc_json_open(p, v, SC_JSON_OBJECT, '}'))
		return (0);
	last = NULL;
	ks.slots = NULL;
	ks.cap = 0;
	for (;;) {
		sc_json_ws(p);
		if (p->pos >= p->n) {
			sc_json_fail(p, SC_JSON_ESYNTAX, p->pos,
			    "unexpected end of input");
			return (-1);
		}
		if (p->s[p->pos] != '"') {
			sc_json_fail(p, SC_JSON_ESYNTAX, p->pos,
			    "expected a string key");
			return (-1);
		}
		if ((m = sc_json_node(p)) == NULL)
			return (-1);
		keyat = p->pos;
		if (sc_json_string(p, &m->key, &m->keylen) == -1)
			return (-1);
		if ((r = sc_json_dupcheck(p, &ks, v, m)) != 0) {
			if (r == -1 && sc_json_printable(m->key, m->keylen))
				sc_json_fail(p, SC_JSON_ESYNTAX, keyat,
				    "duplicate key \"%.*s\"", (int)m->keylen,
				    m->key);
			else if (r == -1)
				sc_json_fail(
				    p, SC_JSON_ESYNTAX, keyat, "duplicate key");
			return (-1);
		}
		sc_json_ws(p);
		if (p->pos >= p->n || p->s[p->pos] != ':') {
			sc_json_fail(p, SC_JSON_ESYNTAX, p->pos,
			    p->pos >= p->n ? "unexpected end of input"
					   : "expected ':'");
			return (-1);
		}
		p->pos++;
		sc_json_ws(p);
		if (sc_json_value(p, m) == -1)
			return (-1);
		if ((r = sc_json_next(p, v, &last, m, '}')) != 0)
			return (r == 1 ? 0 : -1);
	}
}

static int
sc_json_array(struct sc_parser *p, struct sc_json *v)
{
	struct sc_json *e, *last;
	int r;

	if (sc_json_open(p, v, SC_JSON_ARRAY, ']'))
		return (0);
	last = NULL;
	for (;;) {
		sc_json_ws(p);
		if ((e = sc_json_node(p)) == NULL)
			return (-1);
		if (sc_json_value(p, e) == -1)
			return (-1);
		if ((r = sc_json_next(p, v, &last, e, ']')) != 0)
			return (r == 1 ? 0 : -1);
	}
}

/* One value at p->pos (no leading whitespace) into v. */
static int
sc_json_value(struct sc_parser *p, struct sc_json *v)
{
	size_t start;
	int r;

	start = p->pos;
	if (p->pos >= p->n) {
		sc_json_fail(
		    p, SC_JSON_ESYNTAX, p->pos, "unexpected end of input");
		return (-1);
	}
	switch (p->s[p->pos]) {
	case '{':
	case '[':
		if (p->depth >= SC_JSON_MAX_DEPTH) {
			sc_json_fail(p, SC_JSON_EDEPTH, p->pos,
			    "nested deeper than %d levels", SC_JSON_MAX_DEPTH);
			return (-1);
		}
		p->depth++;
		if (p->s[p->pos] == '{')
			r = sc_json_object(p, v);
		else
			r = sc_json_array(p, v);
		p->depth--;
		break;
	case '"':
		v->type = SC_JSON_STRING;
		r = sc_json_string(p, &v->str, &v->len);
		break;
	case 't':
		v->type = SC_JSON_BOOL;
		v->boolean = 1;
		r = sc_json_literal(p, "true", 4);
		break;
	case 'f':
		v->type = SC_JSON_BOOL;
		v->boolean = 0;
		r = sc_json_literal(p, "false", 5);
		break;
	case 'n':
		v->type = SC_JSON_NULL;
		r = sc_json_literal(p, "null", 4);
		break;
	default:
		if (p->s[p->pos] == '-' ||
		    (p->s[p->pos] >= '0' && p->s[p->pos] <= '9'))
			r = sc_json_number(p, v);
		else {
			sc_json_fail(
			    p, SC_JSON_ESYNTAX, p->pos, "expected a value");
			r = -1;
		}
		break;
	}
	if (r == 0) {
		v->raw = (const char *)p->s + start;
		v->rawlen = p->pos - start;
	}
	return (r);
}

/* Offset of the first invalid UTF-8 sequence, or n when there is none. */
static size_t
sc_json_utf8_check(const unsigned char *s, size_t n)
{
	size_t i, k;

	i = 0;
	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((k = sc_utf8_seqlen(s + i, n - i)) == 0)
			return (i);
		i += k;
	}
	return (n);
}

enum sc_json_status
sc_json_parse(struct sc_json_doc *doc, const char *in, size_t len, char *err,
    size_t errlen)
{
	struct sc_parser p;
	struct sc_json *root;
	unsigned char *copy;
	size_t bad;

	memset(&p, 0, sizeof(p));
	doc->root = NULL;
	doc->arena = NULL;
	p.err = err;
	p.errlen = errlen;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if ((p.arena = calloc(1, sizeof(*p.arena))) == NULL) {
		sc_json_fail(&p, SC_JSON_ENOMEM, 0, "out of memory");
		return (p.status);
	}
	doc->arena = p.arena;
	/* The document owns a copy of the input, so raw stays valid. */
	if ((copy = sc_json_alloc(&p, len + 1)) == NULL)
		return (p.status);
	if (len > 0)
		memcpy(copy, in, len);
	copy[len] = '\0';
	p.s = copy;
	p.n = len;
	if ((bad = sc_json_utf8_check(copy, len)) != len) {
		sc_json_fail(&p, SC_JSON_EUTF8, bad, "invalid UTF-8");
		return (p.status);
	}
	sc_json_ws(&p);
	if ((root = sc_json_node(&p)) == NULL)
		return (p.status);
	if (sc_json_value(&p, root) == -1)
		return (p.status);
	sc_json_ws(&p);
	if (p.pos != p.n) {
		sc_json_fail(&p, SC_JSON_ESYNTAX, p.pos,
		    "unexpected data after the value");
		return (p.status);
	}
	doc->root = root;
	return (SC_JSON_OK);
}

void
sc_json_doc_free(struct sc_json_doc *doc)
{
	if (doc == NULL)
		return;
	sc_arena_free(doc->arena);
	doc->arena = NULL;
	doc->root = NULL;
}

const struct sc_json *
sc_json_member(const struct sc_json *obj, const char *key)
{
	const struct sc_json *m;
	size_t n;

	if (obj == NULL || obj->type != SC_JSON_OBJECT)
		return (NULL);
	n = strlen(key);
	for (m = obj->child; m != NULL; m = m->next) {
		if (m->keylen == n && memcmp(m->key, key, n) == 0)
			return (m);
	}
	return (NULL);
}

/* The number grammar is restated in sc_json.h. */
int
sc_num_split(const char *s, size_t n, struct sc_num *out)
{
	size_t i;
	int eneg;

	memset(out, 0, sizeof(*out));
	i = 0;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		out->neg = s[i++] == '-';
	out->intp = s + i;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	out->nint = (size_t)(s + i - out->intp);
	if (i < n && s[i] == '.') {
		i++;
		out->frac = s + i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		out->nfrac = (size_t)(s + i - out->frac);
	}
	if (out->nint + out->nfrac == 0)
		return (-1);
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		eneg = 0;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			eneg = s[i++] == '-';
		if (i >= n || s[i] < '0' || s[i] > '9')
			return (-1);
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
			if (out->exp < 1000000000L)
				out->exp = out->exp * 10 + (s[i] - '0');
		}
		if (eneg)
			out->exp = -out->exp;
	}
	return (i == n ? 0 : -1);
}

int
sc_json_to_int64(const struct sc_json *v, int64_t *out)
{
	struct sc_num num;
	char digits[64];
	size_t nd, i, k, lead, trail;
	unsigned d;
	long exp;
	uint64_t acc, limit;
	const char *src;

	if (v == NULL || v->type != SC_JSON_NUMBER)
		return (-1);
	if (sc_num_split(v->str, v->len, &num) == -1)
		return (-1);
	/*
	 * value = D * 10^exp with D the digits of int and frac together and
	 * exp = e - nfrac. Drop D's leading zeros and move trailing zeros
	 * into exp; it is an integer when exp >= 0 (or D is zero).
	 */
	exp = num.exp - (long)num.nfrac;
	lead = 0;
	nd = num.nint + num.nfrac;
	for (i = 0; i < nd; i++) {
		src = i < num.nint ? num.intp + i : num.frac + (i - num.nint);
		if (*src != '0')
			break;
		lead++;
	}
	if (lead == nd) {
		*out = 0;
		return (0);
	}
	trail = 0;
	for (i = nd; i > lead; i--) {
		src = i - 1 < num.nint ? num.intp + i - 1
				       : num.frac + (i - 1 - num.nint);
		if (*src != '0')
			break;
		trail++;
	}
	nd -= lead + trail;
	exp += (long)trail;
	if (exp < 0)
		return (-1);
	if (nd + (size_t)exp > 19)
		return (-1);
	for (i = 0; i < nd; i++) {
		k = lead + i;
		digits[i] = k < num.nint ? num.intp[k] : num.frac[k - num.nint];
	}
	for (i = 0; i < (size_t)exp; i++)
		digits[nd + i] = '0';
	nd += (size_t)exp;
	limit = num.neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	acc = 0;
	for (i = 0; i < nd; i++) {
		d = (unsigned)(digits[i] - '0');
		if (acc > (limit - d) / 10)
			return (-1);
		acc = acc * 10 + d;
	}
	if (num.neg)
		*out =
		    acc == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)acc;
	else
		*out = (int64_t)acc;
	return (0);
}

int
sc_json_to_double(const struct sc_json *v, double *out)
{
	double d;

	if (v == NULL || v->type != SC_JSON_NUMBER)
		return (-1);
	errno = 0;
	d = strtod(v->str, NULL);
	if (!isfinite(d))
		return (-1);
	*out = d;
	return (0);
}

/* Compact JSON text of v: strings re-escaped, numbers as written. */
void
sc_json_write(struct sc_buf *b, const struct sc_json *v)
{
	const struct sc_json *c;

	switch (v->type) {
	case SC_JSON_NULL:
		sc_buf_append(b, "null", 4);
		break;
	case SC_JSON_BOOL:
		sc_json_bool(b, v->boolean);
		break;
	case SC_JSON_NUMBER:
		sc_buf_append(b, v->str, v->len);
		break;
	case SC_JSON_STRING:
		sc_json_str(b, v->str, v->len);
		break;
	case SC_JSON_ARRAY:
		sc_buf_append(b, "[", 1);
		for (c = v->child; c != NULL; c = c->next) {
			if (c != v->child)
				sc_buf_append(b, ",", 1);
			sc_json_write(b, c);
		}
		sc_buf_append(b, "]", 1);
		break;
	case SC_JSON_OBJECT:
		sc_buf_append(b, "{", 1);
		for (c = v->child; c != NULL; c = c->next) {
			if (c != v->child)
				sc_buf_append(b, ",", 1);
			sc_json_str(b, c->key, c->keylen);
			sc_buf_append(b, ":", 1);
			sc_json_write(b, c);
		}
		sc_buf_append(b, "}", 1);
		break;
	}
}
