/*
 * check.c: the checker, YAML tree to IR (see check.h), with every rule of
 * the schema language (SPEC section 2):
 *
 *   info:   { title: T, version: V, description: D }       (optional)
 *   models:
 *     Model:
 *       table: name              renamed_from: old_table      doc: text
 *       endpoints: [list, get, create, update, delete]
 *       indexes: [[field, ...], ...]  unique_together: [[field, ...], ...]
 *       fields:
 *         name: type                                  (short form)
 *         name: { type: T, option: value, ... }
 *
 * Pass 1 reads each model and its fields on their own; pass 2 checks what
 * spans models (references, table and C name clashes) and orders the
 * models by foreign-key dependency. The IR is kept only when no error was
 * reported.
 *
 * Messages start in lower case; names from the schema (models, fields,
 * tables, options, values) are in single quotes, type names and lists of
 * choices are not, YAML to write is in backticks; a "did you mean"
 * follows in parentheses and further advice goes into a note.
 */
#include <errno.h>
#include <limits.h>
#include <regex.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check.h"
#include "load.h"
#include "names.h"
#include "out.h"

/* What pass 2 needs of a field's source. */
struct fsrc {
	const struct node *key; /* the field's name */
	const struct node *ref; /* `references:` value, or NULL */
	const struct node *on_delete; /* `on_delete:` value, or NULL */
	int typed; /* its type is known */
};

struct msrc {
	const struct node *key; /* the model's name */
	const struct node *table; /* `table:` value, or NULL */
	struct fsrc *fields;
};

struct checker {
	const char *file;
	struct diags *d;
	struct ir_schema *s;
	struct msrc *ms; /* parallel to s->models */
};

static const char *const type_names[] = { "serial", "bigserial", "smallint",
	"int", "bigint", "float", "numeric", "bool", "string", "text", "date",
	"timestamp", "timestamptz", "uuid", "json", "enum" };
static const enum ir_type type_values[] = { IR_SERIAL, IR_BIGSERIAL,
	IR_SMALLINT, IR_INT, IR_BIGINT, IR_FLOAT, IR_NUMERIC, IR_BOOL,
	IR_STRING, IR_TEXT, IR_DATE, IR_TIMESTAMP, IR_TIMESTAMPTZ, IR_UUID,
	IR_JSON, IR_ENUM };

static const char *const top_keys[] = { "models", "info" };
static const char *const info_keys[] = { "title", "version", "description" };
static const char *const model_keys[] = { "fields", "table", "indexes",
	"unique_together", "renamed_from", "endpoints", "doc" };
static const char *const field_keys[] = { "type", "primary_key", "unique",
	"index", "nullable", "default", "min", "max", "min_length",
	"max_length", "format", "pattern", "references", "on_delete",
	"readonly", "writeonly", "renamed_from", "doc", "values", "precision",
	"scale" };
static const char *const endpoint_names[] = { "list", "get", "create", "update",
	"delete" };
static const char *const on_delete_names[] = { "cascade", "restrict",
	"set_null" };

/*
 * C names the headers included next to the generated code already use as
 * struct tags (Kore, libc), and prefixes of Kore, libpq and our runtime.
 */
static const char *const c_taken[] = { "connection", "listener", "netbuf",
	"pgsql_conn", "pgsql_db", "timeval", "timespec", "timezone",
	"itimerval", "tm", "sigaction", "sigevent", "sockaddr", "sockaddr_in",
	"sockaddr_in6", "sockaddr_un", "sockaddr_storage", "in_addr",
	"in6_addr", "iovec", "msghdr", "linger", "stat", "option", "schemac" };
static const char *const c_prefixes[] = { "kore", "http", "sc", "pg", "pq",
	"pgsql" };

/* List query parameters of the generated API (SPEC section 5). */
static const char *const query_params[] = { "limit", "offset", "count",
	"order_by", "after" };

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* PostgreSQL's varchar(n) limit. */
#define CHECK_MAX_VARCHAR 10485760L

static void *
xcalloc(size_t n, size_t size)
{
	void *p;

	if ((p = calloc(n ? n : 1, size)) == NULL) {
		perror("schemac: calloc");
		abort();
	}
	return (p);
}

static char *
xstrdup(const char *s)
{
	char *p;

	if ((p = strdup(s)) == NULL) {
		perror("schemac: strdup");
		abort();
	}
	return (p);
}

static void cerr(struct checker *c, const struct node *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void cnote(struct checker *c, const struct node *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
cerr(struct checker *c, const struct node *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_verror(c->d, c->file, n ? n->line : 0, n ? n->col : 0, fmt, ap);
	va_end(ap);
}

static void
cnote(struct checker *c, const struct node *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vnote(c->d, n ? n->line : 0, n ? n->col : 0, fmt, ap);
	va_end(ap);
}

static int
in_list(const char *s, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return ((int)i);
	return (-1);
}

/*
 * What users of SQL, JSON Schema, Prisma or pydantic write for our types
 * and options: suggested when no spelling is close.
 */
static const char *const synonyms[][2] = {
	{ "integer", "int" },
	{ "int4", "int" },
	{ "int32", "int" },
	{ "int8", "bigint" },
	{ "int64", "bigint" },
	{ "int2", "smallint" },
	{ "int16", "smallint" },
	{ "double", "float" },
	{ "real", "float" },
	{ "float8", "float" },
	{ "number", "float" },
	{ "decimal", "numeric" },
	{ "boolean", "bool" },
	{ "varchar", "string" },
	{ "str", "string" },
	{ "char", "string" },
	{ "jsonb", "json" },
	{ "object", "json" },
	{ "datetime", "timestamptz" },
	{ "time", "timestamptz" },
	{ "guid", "uuid" },
	{ "pk", "primary_key" },
	{ "primary", "primary_key" },
	{ "optional", "nullable" },
	{ "null", "nullable" },
	{ "length", "max_length" },
	{ "maxlength", "max_length" },
	{ "minlength", "min_length" },
	{ "minimum", "min" },
	{ "maximum", "max" },
	{ "regex", "pattern" },
	{ "choices", "values" },
	{ "options", "values" },
	{ "ref", "references" },
	{ "foreign_key", "references" },
	{ "fk", "references" },
	{ "description", "doc" },
	{ "comment", "doc" },
	{ "ondelete", "on_delete" },
	{ "table_name", "table" },
	{ "index_together", "indexes" },
	{ "unique_index", "unique_together" },
};

/* " (did you mean 'x'?)" or "", in a static buffer of the caller. */
static const char *
hint(char *buf, size_t size, const char *word, const char *const *cands,
    size_t n)
{
	const char *s;
	size_t i;

	buf[0] = '\0';
	if ((s = names_suggest(word, cands, n)) == NULL) {
		for (i = 0; i < NELEM(synonyms); i++)
			if (strcasecmp(word, synonyms[i][0]) == 0 &&
			    in_list(synonyms[i][1], cands, n) >= 0) {
				s = synonyms[i][1];
				break;
			}
	}
	if (s != NULL)
		snprintf(buf, size, " (did you mean '%s'?)", s);
	return (buf);
}

/* "a, b and c" into o. */
static void
join_words(struct out *o, const char *const *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			out_puts(o, i + 1 == n ? " and " : ", ");
		out_puts(o, w[i]);
	}
}

/* A note listing the valid choices: "<prefix>a, b and c". */
static void
note_choices(struct checker *c, const struct node *n, const char *prefix,
    const char *const *w, size_t nw)
{
	struct out o;

	out_init(&o);
	join_words(&o, w, nw);
	cnote(c, n, "%s%s", prefix, o.buf);
	out_free(&o);
}

struct nameref {
	const char *name;
	size_t idx;
};

static int
nameref_cmp(const void *a, const void *b)
{
	const struct nameref *x = a, *y = b;
	int r;

	if ((r = strcmp(x->name, y->name)) != 0)
		return (r);
	return (x->idx < y->idx ? -1 : x->idx > y->idx);
}

/* By name only, for bsearch over a sorted nameref array. */
static int
nameref_name_cmp(const void *a, const void *b)
{
	const struct nameref *x = a, *y = b;

	return (strcmp(x->name, y->name));
}

static int
nameref_icmp(const void *a, const void *b)
{
	const struct nameref *x = a, *y = b;
	int r;

	if ((r = strcasecmp(x->name, y->name)) != 0)
		return (r);
	return (x->idx < y->idx ? -1 : x->idx > y->idx);
}

/*
 * Mark the pairs of map whose key repeats an earlier key (dup[i] = 1) and
 * report each one as a duplicate `what`. Sorting keeps it O(n log n) for
 * hostile input. Returns dup (malloc'd, one byte per pair).
 */
static unsigned char *
check_dups(struct checker *c, const struct node *map, const char *what,
    const char *ctx)
{
	struct nameref *v;
	unsigned char *dup;
	size_t i, first;

	dup = xcalloc(map->npairs, 1);
	if (map->npairs < 2)
		return (dup);
	v = xcalloc(map->npairs, sizeof(*v));
	for (i = 0; i < map->npairs; i++) {
		v[i].name = map->pairs[i].key->text;
		v[i].idx = i;
	}
	qsort(v, map->npairs, sizeof(*v), nameref_cmp);
	for (i = 1, first = 0; i < map->npairs; i++) {
		if (strcmp(v[i].name, v[first].name) != 0) {
			first = i;
			continue;
		}
		dup[v[i].idx] = 1;
		cerr(c, map->pairs[v[i].idx].key, "duplicate %s '%s'%s", what,
		    v[i].name, ctx);
		cnote(
		    c, map->pairs[v[first].idx].key, "previously defined here");
	}
	free(v);
	return (dup);
}

/*
 * Report keys of map that are not in allowed, with a suggestion. Returns
 * how many there were.
 */
static int
check_keys(struct checker *c, const struct node *map, const unsigned char *dup,
    const char *const *allowed, size_t n, const char *what)
{
	const struct node *k;
	char h[128];
	size_t i;
	int unknown = 0;

	for (i = 0; i < map->npairs; i++) {
		k = map->pairs[i].key;
		if (dup[i] || in_list(k->text, allowed, n) >= 0)
			continue;
		unknown++;
		cerr(c, k, "unknown %s '%s'%s", what, k->text,
		    hint(h, sizeof(h), k->text, allowed, n));
		if (strcmp(k->text, "required") == 0)
			cnote(c, k,
			    "fields are required unless they have "
			    "`nullable: true`");
	}
	return (unknown);
}

/* Is some key of map a typo of target (already reported as unknown)? */
static int
typo_of(const struct node *map, const char *target)
{
	const char *cand[1];
	size_t i;

	cand[0] = target;
	for (i = 0; i < map->npairs; i++)
		if (names_suggest(map->pairs[i].key->text, cand, 1) != NULL)
			return (1);
	return (0);
}

/*
 * A scalar that is not null, or report what it must be. what is an option
 * name, quoted in the message ("'doc' must be a value"), or a description
 * with a space in it ("an enum value must be a value").
 */
static int
want_scalar(struct checker *c, const struct node *n, const char *what)
{
	const char *q;

	if (n->kind == NODE_SCALAR && !node_is_null(n))
		return (1);
	q = strchr(what, ' ') == NULL ? "'" : "";
	cerr(c, n, "%s%s%s must be a value, not %s", q, what, q,
	    node_kind_name(n));
	return (0);
}

static int
want_bool(struct checker *c, const struct node *n, const char *opt, int *out)
{
	if (n->kind == NODE_SCALAR && n->plain) {
		if (strcmp(n->text, "true") == 0 ||
		    strcmp(n->text, "True") == 0 ||
		    strcmp(n->text, "TRUE") == 0) {
			*out = 1;
			return (1);
		}
		if (strcmp(n->text, "false") == 0 ||
		    strcmp(n->text, "False") == 0 ||
		    strcmp(n->text, "FALSE") == 0) {
			*out = 0;
			return (1);
		}
	}
	cerr(c, n, "'%s' must be true or false, not %s%s%s", opt,
	    n->kind == NODE_SCALAR ? "'" : "",
	    n->kind == NODE_SCALAR ? n->text : node_kind_name(n),
	    n->kind == NODE_SCALAR ? "'" : "");
	return (0);
}

/*
 * A number as JSON writes it, -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?, so
 * the text can be pasted into SQL, C and JSON alike. Sets *frac to the
 * digits after the point and *intd to the digits before it.
 */
static int
is_number_text(const char *s, int *intd, int *frac, int *expo)
{
	int n;

	*intd = *frac = *expo = 0;
	if (*s == '-')
		s++;
	if (*s == '0') {
		s++;
	} else if (*s >= '1' && *s <= '9') {
		for (n = 0; *s >= '0' && *s <= '9'; s++)
			n++;
		*intd = n;
	} else
		return (0);
	if (*s == '.') {
		s++;
		for (n = 0; *s >= '0' && *s <= '9'; s++)
			n++;
		if (n == 0)
			return (0);
		*frac = n;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (*s < '0' || *s > '9')
			return (0);
		while (*s >= '0' && *s <= '9')
			s++;
		*expo = 1;
	}
	return (*s == '\0');
}

/* -?(0|[1-9][0-9]*): a JSON number without fraction or exponent. */
static int
is_integer_text(const char *s)
{
	int intd, frac, expo;

	return (
	    is_number_text(s, &intd, &frac, &expo) && frac == 0 && expo == 0);
}

static int
is_int_type(enum ir_type t)
{
	return (t == IR_SERIAL || t == IR_BIGSERIAL || t == IR_SMALLINT ||
	    t == IR_INT || t == IR_BIGINT);
}

static int
is_number_type(enum ir_type t)
{
	return (is_int_type(t) || t == IR_FLOAT || t == IR_NUMERIC);
}

static int
is_string_type(enum ir_type t)
{
	return (t == IR_STRING || t == IR_TEXT);
}

static int
is_time_type(enum ir_type t)
{
	return (t == IR_DATE || t == IR_TIMESTAMP || t == IR_TIMESTAMPTZ);
}

static void
int_range(enum ir_type t, long long *lo, long long *hi)
{
	switch (t) {
	case IR_SMALLINT:
		*lo = INT16_MIN;
		*hi = INT16_MAX;
		break;
	case IR_SERIAL:
	case IR_INT:
		*lo = INT32_MIN;
		*hi = INT32_MAX;
		break;
	default:
		*lo = INT64_MIN;
		*hi = INT64_MAX;
		break;
	}
}

/* An integer literal within the range of type t. */
static int
int_in_range(const char *s, enum ir_type t)
{
	long long v, lo, hi;
	char *end;

	if (!is_integer_text(s))
		return (0);
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return (0);
	int_range(t, &lo, &hi);
	return (v >= lo && v <= hi);
}

/* A non-negative integer option such as max_length or precision. */
static int
want_count(struct checker *c, const struct node *n, const char *opt, long lo,
    long hi, long *out)
{
	long v;
	char *end;

	if (n->kind == NODE_SCALAR && is_integer_text(n->text) &&
	    n->text[0] != '-') {
		errno = 0;
		v = strtol(n->text, &end, 10);
		if (errno == 0 && *end == '\0' && v >= lo && v <= hi) {
			*out = v;
			return (1);
		}
	}
	cerr(c, n, "'%s' must be an integer from %ld to %ld, not %s%s%s", opt,
	    lo, hi, n->kind == NODE_SCALAR ? "'" : "",
	    n->kind == NODE_SCALAR ? n->text : node_kind_name(n),
	    n->kind == NODE_SCALAR ? "'" : "");
	return (0);
}

static int
is_leap(int y)
{
	return ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0);
}

static int
digits(const char *s, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return (0);
		*v = *v * 10 + (s[i] - '0');
	}
	return (1);
}

/* YYYY-MM-DD, a real day. Returns the length read or 0. */
static size_t
parse_date(const char *s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31 };
	int y, m, d;

	if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &m) ||
	    s[7] != '-' || !digits(s + 8, 2, &d))
		return (0);
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] ||
	    (m == 2 && d == 29 && !is_leap(y)))
		return (0);
	return (10);
}

/*
 * ISO 8601 as PostgreSQL reads it: date, 'T' or ' ', HH:MM[:SS[.frac]],
 * then for timestamptz an optional Z or +HH[:MM] offset.
 */
static int
parse_timestamp(const char *s, int tz)
{
	int h, mi, sec;

	if (parse_date(s) == 0)
		return (0);
	s += 10;
	if (*s != 'T' && *s != ' ')
		return (0);
	s++;
	if (!digits(s, 2, &h) || s[2] != ':' || !digits(s + 3, 2, &mi) ||
	    h > 23 || mi > 59)
		return (0);
	s += 5;
	if (*s == ':') {
		if (!digits(s + 1, 2, &sec) || sec > 60)
			return (0);
		s += 3;
		if (*s == '.') {
			s++;
			if (*s < '0' || *s > '9')
				return (0);
			while (*s >= '0' && *s <= '9')
				s++;
		}
	}
	if (*s == '\0')
		return (1);
	if (!tz)
		return (0);
	if (*s == 'Z' && s[1] == '\0')
		return (1);
	if (*s != '+' && *s != '-')
		return (0);
	if (!digits(s + 1, 2, &h) || h > 15)
		return (0);
	s += 3;
	if (*s == ':')
		s++;
	if (*s == '\0')
		return (1);
	return (digits(s, 2, &mi) && mi <= 59 && s[2] == '\0');
}

static int
is_uuid(const char *s)
{
	size_t i;

	if (strlen(s) != 36)
		return (0);
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return (0);
		} else if (strchr("0123456789abcdefABCDEF", s[i]) == NULL ||
		    s[i] == '\0')
			return (0);
	}
	return (1);
}

/* A strict JSON reader that copies its input without insignificant space. */
struct json_rd {
	const char *s;
	struct out *o;
	const char *err;
	int depth;
};

static void
json_ws(struct json_rd *j)
{
	while (*j->s == ' ' || *j->s == '\t' || *j->s == '\n' || *j->s == '\r')
		j->s++;
}

static int json_value(struct json_rd *);

static int
json_string(struct json_rd *j)
{
	const char *start = j->s;
	int i;

	j->s++;
	for (;;) {
		if (*j->s == '"')
			break;
		if (*j->s == '\0') {
			j->err = "unterminated string";
			return (0);
		}
		if ((unsigned char)*j->s < 0x20) {
			j->err = "control character in a string";
			return (0);
		}
		if (*j->s == '\\') {
			j->s++;
			if (*j->s == 'u') {
				for (i = 1; i <= 4; i++)
					if (strchr("0123456789abcdefABCDEF",
						j->s[i]) == NULL ||
					    j->s[i] == '\0') {
						j->err = "bad \\u escape";
						return (0);
					}
				j->s += 4;
			} else if (*j->s == '\0' ||
			    strchr("\"\\/bfnrt", *j->s) == NULL) {
				j->err = "bad escape in a string";
				return (0);
			}
		}
		j->s++;
	}
	j->s++;
	out_write(j->o, start, (size_t)(j->s - start));
	return (1);
}

static int
json_container(struct json_rd *j, char close)
{
	int first = 1;

	if (++j->depth > LOAD_MAX_DEPTH) {
		j->err = "nested too deeply";
		return (0);
	}
	out_write(j->o, j->s, 1);
	j->s++;
	for (;;) {
		json_ws(j);
		if (*j->s == close && first)
			break;
		if (!first) {
			if (*j->s == close)
				break;
			if (*j->s != ',') {
				j->err = "expected ',' or a closing bracket";
				return (0);
			}
			out_puts(j->o, ",");
			j->s++;
			json_ws(j);
		}
		first = 0;
		if (close == '}') {
			if (*j->s != '"') {
				j->err = "expected a string key";
				return (0);
			}
			if (!json_string(j))
				return (0);
			json_ws(j);
			if (*j->s != ':') {
				j->err = "expected ':'";
				return (0);
			}
			out_puts(j->o, ":");
			j->s++;
			json_ws(j);
		}
		if (!json_value(j))
			return (0);
	}
	out_write(j->o, j->s, 1);
	j->s++;
	j->depth--;
	return (1);
}

static int
json_value(struct json_rd *j)
{
	const char *start;
	char buf[512];
	size_t n;
	int a, b, e;

	json_ws(j);
	switch (*j->s) {
	case '{':
		return (json_container(j, '}'));
	case '[':
		return (json_container(j, ']'));
	case '"':
		return (json_string(j));
	}
	if (strncmp(j->s, "true", 4) == 0 || strncmp(j->s, "null", 4) == 0) {
		out_write(j->o, j->s, 4);
		j->s += 4;
		return (1);
	}
	if (strncmp(j->s, "false", 5) == 0) {
		out_puts(j->o, "false");
		j->s += 5;
		return (1);
	}
	start = j->s;
	while (*j->s != '\0' && strchr("+-0123456789.eE", *j->s) != NULL)
		j->s++;
	n = (size_t)(j->s - start);
	if (n == 0 || n >= sizeof(buf)) {
		j->err = "expected a value";
		return (0);
	}
	memcpy(buf, start, n);
	buf[n] = '\0';
	if (!is_number_text(buf, &a, &b, &e)) {
		j->err = "bad number";
		return (0);
	}
	out_write(j->o, start, n);
	return (1);
}

/* Validate JSON text and append its compact form to o; NULL or an error. */
static const char *
json_compact(const char *text, struct out *o)
{
	struct json_rd j;

	j.s = text;
	j.o = o;
	j.err = NULL;
	j.depth = 0;
	if (!json_value(&j))
		return (j.err);
	json_ws(&j);
	if (*j.s != '\0')
		return ("unexpected text after the value");
	return (NULL);
}

/* A YAML value (mapping, list, scalars) as compact JSON. */
static void
yaml_to_json(const struct node *n, struct out *o)
{
	int a, b, e;
	size_t i;

	switch (n->kind) {
	case NODE_MAPPING:
		out_puts(o, "{");
		for (i = 0; i < n->npairs; i++) {
			if (i > 0)
				out_puts(o, ",");
			out_json_string(o, n->pairs[i].key->text);
			out_puts(o, ":");
			yaml_to_json(n->pairs[i].value, o);
		}
		out_puts(o, "}");
		break;
	case NODE_SEQUENCE:
		out_puts(o, "[");
		for (i = 0; i < n->nitems; i++) {
			if (i > 0)
				out_puts(o, ",");
			yaml_to_json(n->items[i], o);
		}
		out_puts(o, "]");
		break;
	default:
		if (node_is_null(n))
			out_puts(o, "null");
		else if (n->plain &&
		    (strcmp(n->text, "true") == 0 ||
			strcmp(n->text, "false") == 0 ||
			is_number_text(n->text, &a, &b, &e)))
			out_puts(o, n->text);
		else
			out_json_string(o, n->text);
		break;
	}
}

/* Duplicate keys anywhere inside a json default, reported as such. */
static void
json_node_dups(struct checker *c, const struct node *n)
{
	size_t i;

	if (n->kind == NODE_MAPPING) {
		free(check_dups(c, n, "key", ""));
		for (i = 0; i < n->npairs; i++)
			json_node_dups(c, n->pairs[i].value);
	} else if (n->kind == NODE_SEQUENCE) {
		for (i = 0; i < n->nitems; i++)
			json_node_dups(c, n->items[i]);
	}
}

/* Does the literal fit numeric(precision, scale)? */
static int
numeric_fits(const struct ir_field *f, const char *text)
{
	double v, limit;
	int a, b, e, i;

	if (f->precision == 0)
		return (1);
	is_number_text(text, &a, &b, &e);
	if (!e)
		return (a <= f->precision - f->scale);
	v = strtod(text, NULL);
	if (v < 0)
		v = -v;
	limit = 1;
	for (i = 0; i < f->precision - f->scale; i++)
		limit *= 10;
	/* PostgreSQL rounds to scale first; a value that rounds up fails. */
	return (v < limit);
}

/* Character count of UTF-8 text (what max_length counts). */
static long
utf8_len(const char *s)
{
	long n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return (n);
}

static void
check_default(struct checker *c, struct ir_field *f, const struct node *n)
{
	const char *tn = ir_type_name(f->type);
	struct out o;
	const char *err, *sug;
	char h[128];
	regex_t re;
	long long lo, hi;
	int a, b, e;

	if (node_is_null(n)) {
		cerr(c, n,
		    "default of field '%s' cannot be null; leave default out "
		    "(a nullable field is NULL when no value is given)",
		    f->name);
		return;
	}
	if (f->type == IR_JSON) {
		out_init(&o);
		if (n->kind != NODE_SCALAR) {
			json_node_dups(c, n);
			yaml_to_json(n, &o);
		} else if ((err = json_compact(n->text, &o)) != NULL) {
			cerr(c, n,
			    "default of json field '%s' is not valid "
			    "JSON: %s",
			    f->name, err);
			cnote(c, n,
			    "write a YAML mapping or list, or a string "
			    "holding JSON text such as '{\"a\": 1}'");
			out_free(&o);
			return;
		}
		f->default_kind = IR_DEFAULT_LITERAL;
		f->default_value = xstrdup(o.buf != NULL ? o.buf : "");
		out_free(&o);
		return;
	}
	if (n->kind != NODE_SCALAR) {
		cerr(c, n, "default of %s field '%s' must be a value, not %s",
		    tn, f->name, node_kind_name(n));
		return;
	}
	if (n->plain && strcmp(n->text, "now") == 0 &&
	    !is_string_type(f->type) && f->type != IR_ENUM) {
		if (is_time_type(f->type)) {
			f->default_kind = IR_DEFAULT_NOW;
			return;
		}
		cerr(c, n,
		    "default 'now' is only for date, timestamp and "
		    "timestamptz fields; '%s' is %s",
		    f->name, tn);
		return;
	}
	if (n->plain && strcmp(n->text, "random") == 0 &&
	    !is_string_type(f->type) && f->type != IR_ENUM) {
		if (f->type == IR_UUID) {
			f->default_kind = IR_DEFAULT_RANDOM;
			return;
		}
		cerr(c, n,
		    "default 'random' is only for uuid fields; '%s' is %s",
		    f->name, tn);
		return;
	}
	switch (f->type) {
	case IR_SERIAL:
	case IR_BIGSERIAL:
		cerr(c, n,
		    "%s field '%s' cannot have a default: the database "
		    "assigns it",
		    tn, f->name);
		return;
	case IR_SMALLINT:
	case IR_INT:
	case IR_BIGINT:
		if (!is_integer_text(n->text)) {
			cerr(c, n,
			    "default of %s field '%s' must be an integer, "
			    "not '%s'",
			    tn, f->name, n->text);
			return;
		}
		if (!int_in_range(n->text, f->type)) {
			int_range(f->type, &lo, &hi);
			cerr(c, n,
			    "default %s is out of range for %s field "
			    "'%s' (%lld to %lld)",
			    n->text, tn, f->name, lo, hi);
			return;
		}
		break;
	case IR_FLOAT:
	case IR_NUMERIC:
		if (!is_number_text(n->text, &a, &b, &e)) {
			cerr(c, n,
			    "default of %s field '%s' must be a number, "
			    "not '%s'",
			    tn, f->name, n->text);
			return;
		}
		if (f->type == IR_NUMERIC && !numeric_fits(f, n->text)) {
			cerr(c, n,
			    "default %s does not fit numeric(%d, %d) "
			    "field '%s'",
			    n->text, f->precision, f->scale, f->name);
			return;
		}
		break;
	case IR_BOOL:
		if (!n->plain ||
		    (strcmp(n->text, "true") != 0 &&
			strcmp(n->text, "false") != 0)) {
			cerr(c, n,
			    "default of bool field '%s' must be true or "
			    "false, not %s'%s'",
			    f->name, n->plain ? "" : "the string ", n->text);
			return;
		}
		break;
	case IR_STRING:
	case IR_TEXT:
		if (f->max_length > 0 && utf8_len(n->text) > f->max_length) {
			cerr(c, n,
			    "default '%s' of field '%s' has %ld characters; "
			    "its 'max_length' is %ld",
			    n->text, f->name, utf8_len(n->text), f->max_length);
			return;
		}
		if (utf8_len(n->text) < f->min_length) {
			cerr(c, n,
			    "default '%s' of field '%s' has %ld characters; "
			    "its 'min_length' is %ld",
			    n->text, f->name, utf8_len(n->text), f->min_length);
			return;
		}
		if (f->pattern != NULL &&
		    regcomp(&re, f->pattern, REG_EXTENDED | REG_NOSUB) == 0) {
			e = regexec(&re, n->text, 0, NULL, 0);
			regfree(&re);
			if (e != 0) {
				cerr(c, n,
				    "default '%s' of field '%s' does not "
				    "match its pattern '%s'",
				    n->text, f->name, f->pattern);
				return;
			}
		}
		if (f->format_email && strchr(n->text, '@') == NULL) {
			cerr(c, n,
			    "default '%s' of field '%s' is not an email "
			    "address",
			    n->text, f->name);
			return;
		}
		break;
	case IR_DATE:
		if (parse_date(n->text) == 0 || n->text[10] != '\0') {
			cerr(c, n,
			    "default of date field '%s' must be 'now' or a "
			    "date like 2024-01-31, not '%s'",
			    f->name, n->text);
			return;
		}
		break;
	case IR_TIMESTAMP:
	case IR_TIMESTAMPTZ:
		if (!parse_timestamp(n->text, f->type == IR_TIMESTAMPTZ)) {
			cerr(c, n,
			    "default of %s field '%s' must be 'now' or a "
			    "time like %s, not '%s'",
			    tn, f->name,
			    f->type == IR_TIMESTAMPTZ ? "2024-01-31T12:00:00Z"
						      : "2024-01-31T12:00:00",
			    n->text);
			return;
		}
		break;
	case IR_UUID:
		if (!is_uuid(n->text)) {
			cerr(c, n,
			    "default of uuid field '%s' must be 'random' or "
			    "a UUID like 123e4567-e89b-12d3-a456-426614174000, "
			    "not '%s'",
			    f->name, n->text);
			return;
		}
		break;
	case IR_ENUM:
		if (f->nenum_values == 0)
			return; /* already reported */
		if (in_list(n->text, (const char *const *)f->enum_values,
			f->nenum_values) < 0) {
			sug = names_suggest(n->text,
			    (const char *const *)f->enum_values,
			    f->nenum_values);
			h[0] = '\0';
			if (sug != NULL)
				snprintf(
				    h, sizeof(h), " (did you mean '%s'?)", sug);
			cerr(c, n,
			    "default '%s' is not a value of enum field "
			    "'%s'%s",
			    n->text, f->name, h);
			note_choices(c, n, "the values are ",
			    (const char *const *)f->enum_values,
			    f->nenum_values);
			return;
		}
		break;
	case IR_JSON:
		break;
	}
	f->default_kind = IR_DEFAULT_LITERAL;
	f->default_value = xstrdup(n->text);
}

/* A field or table name: identifier, length, reserved words. */
static int
check_ident(struct checker *c, const struct node *n, const char *what)
{
	if (!names_is_ident(n->text)) {
		cerr(c, n,
		    "invalid %s '%s': use letters, digits and "
		    "underscores, not starting with a digit",
		    what, n->text);
		return (0);
	}
	if (n->len > NAMES_MAX_IDENT) {
		cerr(c, n, "%s '%s' is longer than %d bytes", what, n->text,
		    NAMES_MAX_IDENT);
		return (0);
	}
	if (names_sql_reserved(n->text)) {
		cerr(c, n, "%s '%s' is a reserved word in SQL", what, n->text);
		cnote(c, n, "choose another name, for example '%s_%s'", n->text,
		    strcmp(what, "table name") == 0 ? "list" : "value");
		return (0);
	}
	if (names_c_reserved(n->text)) {
		cerr(c, n, "%s '%s' is a reserved word in C", what, n->text);
		return (0);
	}
	return (1);
}

static void
check_enum_values(struct checker *c, struct ir_field *f, const struct node *n)
{
	struct node_pair fake;
	struct node map;
	unsigned char *dup;
	size_t i, k;

	if (n->kind != NODE_SEQUENCE) {
		cerr(c, n, "'values' must be a list such as `[a, b]`, not %s",
		    node_kind_name(n));
		return;
	}
	if (n->nitems == 0) {
		cerr(c, n, "enum field '%s' has no values", f->name);
		return;
	}
	f->enum_values = xcalloc(n->nitems, sizeof(char *));
	for (i = 0; i < n->nitems; i++) {
		if (!want_scalar(c, n->items[i], "an entry of 'values'"))
			return;
		if (n->items[i]->len == 0) {
			cerr(c, n->items[i], "an enum value cannot be empty");
			return;
		}
		if (n->items[i]->len > NAMES_MAX_IDENT) {
			cerr(c, n->items[i],
			    "enum value '%s' is longer than %d "
			    "bytes",
			    n->items[i]->text, NAMES_MAX_IDENT);
			return;
		}
	}
	/* Reuse the duplicate-key finder through a mapping of the labels. */
	memset(&map, 0, sizeof(map));
	map.kind = NODE_MAPPING;
	map.npairs = n->nitems;
	map.pairs = xcalloc(n->nitems, sizeof(fake));
	for (i = 0; i < n->nitems; i++)
		map.pairs[i].key = n->items[i];
	dup = check_dups(c, &map, "enum value", "");
	for (i = 0, k = 0; i < n->nitems; i++)
		if (!dup[i])
			f->enum_values[k++] = xstrdup(n->items[i]->text);
	f->nenum_values = k;
	free(dup);
	free(map.pairs);
}

/*
 * Read one field. Returns 1 when every option could be checked, 0 when
 * some were skipped (unknown type or option): then what depends on them,
 * like "no primary key", is not reported, to avoid follow-on errors.
 */
static int
check_field(struct checker *c, struct ir_model *m, struct ir_field *f,
    struct fsrc *fs, const struct node *key, const struct node *val)
{
	const struct node *tnode = NULL, *k, *v, *dflt = NULL, *minn = NULL;
	const struct node *maxn = NULL, *minl = NULL, *maxl = NULL;
	const struct node *scalen = NULL, *pk = NULL;
	unsigned char *dup = NULL;
	const char *tn, *opt;
	char h[128], ebuf[256];
	long lv;
	regex_t re;
	int ti, b, rc, a, fr, ex, has_values = 0, complete = 0;
	size_t i;

	f->name = xstrdup(key->text);
	f->pos.file = c->s->path;
	f->pos.line = key->line;
	f->pos.col = key->col;
	fs->key = key;
	check_ident(c, key, "field name");

	if (val->kind == NODE_SCALAR && !node_is_null(val)) {
		tnode = val;
		complete = 1;
	} else if (val->kind == NODE_MAPPING) {
		char ctx[160];

		snprintf(ctx, sizeof(ctx), " of field '%.100s'", f->name);
		dup = check_dups(c, val, "option", ctx);
		complete = check_keys(c, val, dup, field_keys,
			       NELEM(field_keys), "option") == 0;
		if ((tnode = node_get(val, "type")) == NULL) {
			complete = 0;
			cerr(c, key, "field '%s' has no type", f->name);
			note_choices(c, key, "add `type:`; the types are ",
			    type_names, NELEM(type_names));
			goto out;
		}
	} else {
		cerr(c, val,
		    "field '%s' must be a type name or a mapping of "
		    "options, not %s",
		    f->name, node_kind_name(val));
		return (0);
	}
	if (!want_scalar(c, tnode, "type")) {
		complete = 0;
		goto out;
	}
	if ((ti = in_list(tnode->text, type_names, NELEM(type_names))) < 0) {
		complete = 0;
		cerr(c, tnode, "unknown type '%s'%s", tnode->text,
		    hint(h, sizeof(h), tnode->text, type_names,
			NELEM(type_names)));
		if (h[0] == '\0')
			note_choices(c, tnode, "the types are ", type_names,
			    NELEM(type_names));
		goto out;
	}
	f->type = type_values[ti];
	tn = type_names[ti];
	fs->typed = 1;

	for (i = 0; val->kind == NODE_MAPPING && i < val->npairs; i++) {
		if (dup[i])
			continue;
		k = val->pairs[i].key;
		v = val->pairs[i].value;
		opt = k->text;
		if (strcmp(opt, "type") == 0) {
			continue;
		} else if (strcmp(opt, "primary_key") == 0) {
			if (want_bool(c, v, opt, &f->primary_key))
				pk = k;
		} else if (strcmp(opt, "unique") == 0) {
			want_bool(c, v, opt, &f->unique);
		} else if (strcmp(opt, "index") == 0) {
			want_bool(c, v, opt, &f->index_flag);
		} else if (strcmp(opt, "nullable") == 0) {
			want_bool(c, v, opt, &f->nullable);
		} else if (strcmp(opt, "readonly") == 0) {
			want_bool(c, v, opt, &f->readonly);
		} else if (strcmp(opt, "writeonly") == 0) {
			want_bool(c, v, opt, &f->writeonly);
		} else if (strcmp(opt, "min") == 0 || strcmp(opt, "max") == 0) {
			if (!is_number_type(f->type)) {
				cerr(c, k,
				    "'%s' is only for number fields; '%s' "
				    "is %s%s",
				    opt, f->name, tn,
				    is_string_type(f->type)
					? (opt[1] == 'i' ? " (did you mean "
							   "'min_length'?)"
							 : " (did you mean "
							   "'max_length'?)")
					: "");
				continue;
			}
			if (!want_scalar(c, v, opt))
				continue;
			if (is_int_type(f->type)
				? !is_integer_text(v->text)
				: !is_number_text(v->text, &a, &fr, &ex)) {
				cerr(c, v,
				    "'%s' of %s field '%s' must be %s, "
				    "not '%s'",
				    opt, tn, f->name,
				    is_int_type(f->type)
					? "an integer"
					: "a number like 0, -1.5 or 1e3",
				    v->text);
				continue;
			}
			if (is_int_type(f->type) &&
			    !int_in_range(v->text, f->type)) {
				cerr(c, v,
				    "'%s' %s is out of range for %s field "
				    "'%s'",
				    opt, v->text, tn, f->name);
				continue;
			}
			if (opt[1] == 'i') {
				f->min_text = xstrdup(v->text);
				f->min_value = strtod(v->text, NULL);
				minn = v;
			} else {
				f->max_text = xstrdup(v->text);
				f->max_value = strtod(v->text, NULL);
				maxn = v;
			}
		} else if (strcmp(opt, "min_length") == 0 ||
		    strcmp(opt, "max_length") == 0) {
			if (!is_string_type(f->type)) {
				cerr(c, k,
				    "'%s' is only for string and text "
				    "fields; '%s' is %s%s",
				    opt, f->name, tn,
				    is_number_type(f->type)
					? (opt[1] == 'i'
						  ? " (did you mean 'min'?)"
						  : " (did you mean 'max'?)")
					: "");
				continue;
			}
			if (!want_count(c, v, opt, opt[1] == 'i' ? 0 : 1,
				CHECK_MAX_VARCHAR, &lv))
				continue;
			if (opt[1] == 'i') {
				f->min_length = lv;
				minl = v;
			} else {
				f->max_length = lv;
				maxl = v;
			}
		} else if (strcmp(opt, "format") == 0) {
			if (!is_string_type(f->type)) {
				cerr(c, k,
				    "'format' is only for string and text "
				    "fields; '%s' is %s",
				    f->name, tn);
				continue;
			}
			if (!want_scalar(c, v, opt))
				continue;
			if (strcmp(v->text, "email") != 0) {
				cerr(c, v,
				    "unknown format '%s'; the only format "
				    "is 'email'",
				    v->text);
				continue;
			}
			f->format_email = 1;
		} else if (strcmp(opt, "pattern") == 0) {
			if (!is_string_type(f->type)) {
				cerr(c, k,
				    "'pattern' is only for string and "
				    "text fields; '%s' is %s",
				    f->name, tn);
				continue;
			}
			if (!want_scalar(c, v, opt))
				continue;
			if ((rc = regcomp(&re, v->text,
				 REG_EXTENDED | REG_NOSUB)) != 0) {
				regerror(rc, &re, ebuf, sizeof(ebuf));
				cerr(c, v, "invalid pattern '%s': %s", v->text,
				    ebuf);
				continue;
			}
			regfree(&re);
			f->pattern = xstrdup(v->text);
		} else if (strcmp(opt, "references") == 0) {
			if (want_scalar(c, v, opt))
				fs->ref = v;
		} else if (strcmp(opt, "on_delete") == 0) {
			if (!want_scalar(c, v, opt))
				continue;
			if ((b = in_list(v->text, on_delete_names,
				 NELEM(on_delete_names))) < 0) {
				cerr(c, v, "unknown 'on_delete' action '%s'%s",
				    v->text,
				    hint(h, sizeof(h), v->text, on_delete_names,
					NELEM(on_delete_names)));
				note_choices(c, v, "the actions are ",
				    on_delete_names, NELEM(on_delete_names));
				continue;
			}
			f->on_delete = (enum ir_on_delete)(b + 1);
			fs->on_delete = v;
		} else if (strcmp(opt, "renamed_from") == 0) {
			if (!want_scalar(c, v, opt))
				continue;
			if (!names_is_ident(v->text) ||
			    v->len > NAMES_MAX_IDENT) {
				cerr(c, v,
				    "'renamed_from' must be the field's old "
				    "name, not '%s'",
				    v->text);
				continue;
			}
			if (strcmp(v->text, f->name) == 0) {
				cerr(c, v,
				    "'renamed_from' of field '%s' names the "
				    "field itself",
				    f->name);
				continue;
			}
			f->renamed_from = xstrdup(v->text);
		} else if (strcmp(opt, "doc") == 0) {
			if (want_scalar(c, v, opt))
				f->doc = xstrdup(v->text);
		} else if (strcmp(opt, "values") == 0) {
			has_values = 1;
			if (f->type != IR_ENUM) {
				cerr(c, k,
				    "'values' is only for enum fields; "
				    "'%s' is %s",
				    f->name, tn);
				continue;
			}
			check_enum_values(c, f, v);
		} else if (strcmp(opt, "precision") == 0 ||
		    strcmp(opt, "scale") == 0) {
			if (f->type != IR_NUMERIC) {
				cerr(c, k,
				    "'%s' is only for numeric fields; "
				    "'%s' is %s",
				    opt, f->name, tn);
				continue;
			}
			if (opt[0] == 'p') {
				if (want_count(c, v, opt, 1, 1000, &lv))
					f->precision = (int)lv;
			} else if (want_count(c, v, opt, 0, 1000, &lv)) {
				f->scale = (int)lv;
				scalen = v;
			}
		} else if (strcmp(opt, "default") == 0) {
			dflt = v;
		}
	}

	/* What needs several options together. */
	if (f->type == IR_STRING && f->max_length == 0 && maxl == NULL) {
		cerr(c, key, "string field '%s' needs 'max_length'", f->name);
		cnote(c, key,
		    "write `%s: { type: string, max_length: 255 }`, "
		    "or use type text for strings of any length",
		    f->name);
	}
	if (f->type == IR_ENUM && !has_values)
		cerr(c, key,
		    "enum field '%s' needs 'values', e.g. `values: [a, b]`",
		    f->name);
	if (scalen != NULL && f->precision == 0)
		cerr(c, scalen, "'scale' needs 'precision' on field '%s'",
		    f->name);
	else if (scalen != NULL && f->scale > f->precision)
		cerr(c, scalen,
		    "'scale' %d is greater than 'precision' %d of field '%s'",
		    f->scale, f->precision, f->name);
	if (minn != NULL && maxn != NULL && f->min_value > f->max_value)
		cerr(c, minn, "'min' %s is greater than 'max' %s of field '%s'",
		    f->min_text, f->max_text, f->name);
	if (minl != NULL && maxl != NULL && f->min_length > f->max_length)
		cerr(c, minl,
		    "'min_length' %ld is greater than 'max_length' %ld of "
		    "field '%s'",
		    f->min_length, f->max_length, f->name);
	if (f->readonly && f->writeonly)
		cerr(c, key,
		    "field '%s' cannot be both 'readonly' and 'writeonly'",
		    f->name);
	if (fs->on_delete != NULL && fs->ref == NULL)
		cerr(c, fs->on_delete,
		    "'on_delete' needs 'references' on field '%s'", f->name);
	else if (f->on_delete == IR_ON_DELETE_SET_NULL && !f->nullable) {
		cerr(c, fs->on_delete,
		    "`on_delete: set_null` on field '%s', "
		    "which is not nullable",
		    f->name);
		cnote(c, key, "add `nullable: true` to '%s'", f->name);
	}
	if (f->primary_key) {
		if (f->nullable)
			cerr(c, pk, "primary key '%s' cannot be nullable",
			    f->name);
		if (f->writeonly)
			cerr(c, pk, "primary key '%s' cannot be writeonly",
			    f->name);
		if (f->type == IR_JSON || f->type == IR_FLOAT ||
		    f->type == IR_BOOL)
			cerr(c, pk, "%s field '%s' cannot be a primary key", tn,
			    f->name);
		f->unique = 0; /* implied */
	}
	if (f->primary_key || f->unique)
		f->index_flag = 0; /* the constraint's index serves */
	if (dflt != NULL)
		check_default(c, f, dflt);
	if (ir_type_is_serial(f->type))
		f->readonly = 1; /* the sequence assigns it */
	else if (f->readonly && !f->nullable &&
	    f->default_kind == IR_DEFAULT_NONE && dflt == NULL) {
		cerr(c, key,
		    "readonly field '%s' is required but has no default, "
		    "so no row could be created",
		    f->name);
		cnote(c, key, "give it a default, or make it nullable");
	}
out:
	(void)m;
	free(dup);
	return (complete);
}

/* An earlier index of m with the same columns and kind as the last one. */
static int
index_repeats(const struct ir_model *m)
{
	const struct ir_index *ix = &m->indexes[m->nindexes - 1], *o;
	size_t i, k;

	for (i = 0; i + 1 < m->nindexes; i++) {
		o = &m->indexes[i];
		if (o->unique != ix->unique || o->ncolumns != ix->ncolumns)
			continue;
		for (k = 0; k < ix->ncolumns; k++)
			if (strcmp(o->columns[k], ix->columns[k]) != 0)
				break;
		if (k == ix->ncolumns)
			return (1);
	}
	return (0);
}

/* Drop the last index of m when it repeats an earlier one. */
static void
index_dedup(struct checker *c, struct ir_model *m, const struct node *n,
    const char *opt)
{
	struct ir_index *ix = &m->indexes[m->nindexes - 1];
	size_t k;

	if (ix->ncolumns == 0 || !index_repeats(m))
		return;
	cerr(c, n, "this '%s' entry repeats an earlier one", opt);
	for (k = 0; k < ix->ncolumns; k++)
		free(ix->columns[k]);
	free(ix->columns);
	m->nindexes--;
}

/*
 * Is the field that col names one of m's (names holds their names)? If
 * not, report it under the option opt (indexes, unique_together).
 */
static int
index_field_known(struct checker *c, const struct ir_model *m,
    const struct node *col, const char *opt, const char **names)
{
	char h[128];

	if (ir_field_find(m, col->text) != NULL)
		return (1);
	cerr(c, col, "'%s' names unknown field '%s' of model '%s'%s", opt,
	    col->text, m->name,
	    hint(h, sizeof(h), col->text, names, m->nfields));
	return (0);
}

/* A list of column lists (indexes, unique_together) of model m. */
static void
check_indexes(struct checker *c, struct ir_model *m, const struct node *n,
    const char *opt, int unique)
{
	const struct node *cols, *col;
	const char **names;
	struct ir_index *ix;
	size_t i, j, k, grow;

	if (n->kind != NODE_SEQUENCE) {
		cerr(c, n,
		    "'%s' must be a list of field lists, e.g. "
		    "`[[a, b]]`, not %s",
		    opt, node_kind_name(n));
		return;
	}
	names = xcalloc(m->nfields, sizeof(*names));
	for (i = 0; i < m->nfields; i++)
		names[i] = m->fields[i].name;
	grow = m->nindexes + n->nitems;
	m->indexes = realloc(m->indexes, (grow ? grow : 1) * sizeof(*ix));
	if (m->indexes == NULL) {
		perror("schemac: realloc");
		abort();
	}
	for (i = 0; i < n->nitems; i++) {
		cols = n->items[i];
		ix = &m->indexes[m->nindexes];
		memset(ix, 0, sizeof(*ix));
		ix->unique = unique;
		ix->pos.file = c->s->path;
		ix->pos.line = cols->line;
		ix->pos.col = cols->col;
		if (cols->kind == NODE_SCALAR && !node_is_null(cols)) {
			/* `- title` is a one-column list. */
			ix->columns = xcalloc(1, sizeof(char *));
			(void)index_field_known(c, m, cols, opt, names);
			ix->columns[0] = xstrdup(cols->text);
			ix->ncolumns = 1;
			m->nindexes++;
			index_dedup(c, m, cols, opt);
			continue;
		}
		if (cols->kind != NODE_SEQUENCE || cols->nitems == 0) {
			cerr(c, cols,
			    "each entry of '%s' must be a non-empty "
			    "list of field names",
			    opt);
			continue;
		}
		ix->columns = xcalloc(cols->nitems, sizeof(char *));
		m->nindexes++;
		for (j = 0; j < cols->nitems; j++) {
			col = cols->items[j];
			if (!want_scalar(c, col, "a field name"))
				continue;
			if (!index_field_known(c, m, col, opt, names))
				continue;
			for (k = 0; k < ix->ncolumns; k++)
				if (strcmp(ix->columns[k], col->text) == 0)
					break;
			if (k < ix->ncolumns) {
				cerr(c, col,
				    "field '%s' appears twice in this "
				    "'%s' entry",
				    col->text, opt);
				continue;
			}
			ix->columns[ix->ncolumns++] = xstrdup(col->text);
		}
		index_dedup(c, m, cols, opt);
	}
	free(names);
}

static void
check_endpoints(struct checker *c, struct ir_model *m, const struct node *n)
{
	const struct node *e;
	char h[128];
	unsigned bit;
	size_t i;
	int ei;

	m->endpoints = 0;
	if (n->kind != NODE_SEQUENCE) {
		cerr(c, n,
		    "'endpoints' must be a list such as `[list, get]`, "
		    "not %s",
		    node_kind_name(n));
		return;
	}
	for (i = 0; i < n->nitems; i++) {
		e = n->items[i];
		if (!want_scalar(c, e, "an entry of 'endpoints'"))
			continue;
		if ((ei = in_list(
			 e->text, endpoint_names, NELEM(endpoint_names))) < 0) {
			cerr(c, e, "unknown endpoint '%s'%s", e->text,
			    hint(h, sizeof(h), e->text, endpoint_names,
				NELEM(endpoint_names)));
			note_choices(c, e, "the endpoints are ", endpoint_names,
			    NELEM(endpoint_names));
			continue;
		}
		bit = 1u << ei;
		if (m->endpoints & bit) {
			cerr(c, e, "endpoint '%s' is listed twice", e->text);
			continue;
		}
		m->endpoints |= bit;
	}
}

/*
 * Suffixes the emitters append to a field's name in generated structs
 * (models.h): the null flag of nullable values and the "given" flag of
 * the patch struct.
 */
static const char *const member_suffixes[] = { "_is_null", "_set" };

/* Fields whose names clash in the generated C or HTTP API. */
static void
check_field_clashes(struct checker *c, struct ir_model *m, struct msrc *ms)
{
	struct nameref *v;
	struct ir_field *f, *g;
	char base[NAMES_MAX_IDENT + 1];
	size_t i, j, n, sl, first;

	for (i = 0; i < m->nfields; i++) {
		f = &m->fields[i];
		n = strlen(f->name);
		for (j = 0; j < NELEM(member_suffixes); j++) {
			sl = strlen(member_suffixes[j]);
			if (n <= sl || n - sl > NAMES_MAX_IDENT ||
			    strcmp(f->name + n - sl, member_suffixes[j]) != 0)
				continue;
			memcpy(base, f->name, n - sl);
			base[n - sl] = '\0';
			if ((g = ir_field_find(m, base)) != NULL)
				cerr(c, ms->fields[i].key,
				    "field name '%s' clashes with the '%s' "
				    "flag that the generated C struct has for "
				    "field '%s'",
				    f->name, member_suffixes[j], base);
		}
		if ((f->unique || f->index_flag || f->primary_key) &&
		    in_list(f->name, query_params, NELEM(query_params)) >= 0)
			cerr(c, ms->fields[i].key,
			    "field name '%s' clashes with the list query "
			    "parameter '%s' of the HTTP API, so it cannot be "
			    "unique or indexed",
			    f->name, f->name);
	}
	/*
	 * Column constants are upper case (USER_COL_EMAIL): names that
	 * differ only in case would define one macro twice.
	 */
	v = xcalloc(m->nfields, sizeof(*v));
	for (i = 0; i < m->nfields; i++) {
		v[i].name = m->fields[i].name;
		v[i].idx = i;
	}
	qsort(v, m->nfields, sizeof(*v), nameref_icmp);
	for (i = 1, first = 0; i < m->nfields; i++) {
		if (strcasecmp(v[i].name, v[first].name) != 0) {
			first = i;
			continue;
		}
		cerr(c, ms->fields[v[i].idx].key,
		    "field '%s' differs from "
		    "field '%s' only in case",
		    v[i].name, v[first].name);
		cnote(c, ms->fields[v[first].idx].key, "'%s' is here",
		    v[first].name);
	}
	free(v);
}

static void
check_model(struct checker *c, struct ir_model *m, struct msrc *ms,
    const struct node *key, const struct node *val)
{
	const struct node *fields, *v, *k, *at;
	unsigned char *dup, *fdup;
	struct ir_field *pk = NULL;
	const struct node *pkkey = NULL;
	char ctx[160];
	size_t i, n;
	int bad = 0, incomplete = 0;

	m->name = xstrdup(key->text);
	m->pos.file = c->s->path;
	m->pos.line = key->line;
	m->pos.col = key->col;
	m->endpoints = IR_EP_ALL;
	ms->key = key;
	if (!names_is_ident(key->text) || key->text[0] == '_') {
		cerr(c, key,
		    "invalid model name '%s': start with a letter and "
		    "use letters, digits and underscores",
		    key->text);
		bad = 1;
	} else if (key->len > NAMES_MAX_IDENT) {
		cerr(c, key, "model name '%s' is longer than %d bytes",
		    key->text, NAMES_MAX_IDENT);
		bad = 1;
	}
	if (!bad) {
		m->c_name = names_snake(m->name);
		m->table = names_table(m->name);
	}
	if (val->kind != NODE_MAPPING) {
		cerr(c, val,
		    "model '%s' must be a mapping with 'fields', not %s",
		    m->name, node_kind_name(val));
		return;
	}
	snprintf(ctx, sizeof(ctx), " of model '%.100s'", m->name);
	dup = check_dups(c, val, "model option", ctx);
	check_keys(c, val, dup, model_keys, NELEM(model_keys), "model option");
	if ((v = node_get(val, "table")) != NULL &&
	    want_scalar(c, v, "table")) {
		ms->table = v;
		if (check_ident(c, v, "table name")) {
			free(m->table);
			m->table = xstrdup(v->text);
		}
	}
	if ((v = node_get(val, "renamed_from")) != NULL &&
	    want_scalar(c, v, "renamed_from")) {
		if (!names_is_ident(v->text) || v->len > NAMES_MAX_IDENT)
			cerr(c, v,
			    "'renamed_from' must be the model's old table "
			    "name, not '%s'",
			    v->text);
		else
			m->renamed_from = xstrdup(v->text);
	}
	if ((v = node_get(val, "doc")) != NULL && want_scalar(c, v, "doc"))
		m->doc = xstrdup(v->text);
	fields = node_get(val, "fields");
	if (fields == NULL && typo_of(val, "fields")) {
		/* Reported as an unknown model option, with a suggestion. */
		free(dup);
		return;
	}
	if (fields == NULL || node_is_null(fields) ||
	    (fields->kind == NODE_MAPPING && fields->npairs == 0)) {
		at = fields != NULL ? fields : key;
		cerr(c, at, "model '%s' has no fields", m->name);
		cnote(c, at,
		    "add a field such as "
		    "`id: { type: serial, primary_key: true }` under "
		    "'fields'");
		free(dup);
		return;
	}
	if (fields->kind != NODE_MAPPING) {
		cerr(c, fields,
		    "'fields' of model '%s' must be a mapping of "
		    "field names to types, not %s",
		    m->name, node_kind_name(fields));
		free(dup);
		return;
	}
	if (fields->npairs > CHECK_MAX_FIELDS) {
		cerr(c, key,
		    "model '%s' has %zu fields; at most %d are allowed",
		    m->name, fields->npairs, CHECK_MAX_FIELDS);
		free(dup);
		return;
	}
	snprintf(ctx, sizeof(ctx), " in model '%.100s'", m->name);
	fdup = check_dups(c, fields, "field", ctx);
	m->fields = xcalloc(fields->npairs, sizeof(*m->fields));
	ms->fields = xcalloc(fields->npairs, sizeof(*ms->fields));
	for (i = 0, n = 0; i < fields->npairs; i++) {
		if (fdup[i])
			continue;
		k = fields->pairs[i].key;
		m->fields[n].index = n;
		if (!check_field(c, m, &m->fields[n], &ms->fields[n], k,
			fields->pairs[i].value))
			incomplete = 1;
		if (m->fields[n].primary_key) {
			if (pk != NULL) {
				cerr(c, k,
				    "model '%s' has a second primary key "
				    "'%s'; a model has exactly one",
				    m->name, k->text);
				cnote(c, pkkey, "the first is '%s'", pk->name);
			} else {
				pk = &m->fields[n];
				pkkey = k;
			}
		}
		n++;
	}
	m->nfields = n;
	free(fdup);
	if (pk == NULL && !incomplete) {
		cerr(c, key, "model '%s' has no primary key", m->name);
		cnote(c, key,
		    "add a field such as `id: { type: serial, "
		    "primary_key: true }`");
	}
	/* Pointers into fields are final now that the array is full. */
	m->pk = pk;
	check_field_clashes(c, m, ms);
	for (i = 0; i < val->npairs; i++) {
		if (dup[i])
			continue;
		k = val->pairs[i].key;
		v = val->pairs[i].value;
		if (strcmp(k->text, "indexes") == 0)
			check_indexes(c, m, v, "indexes", 0);
		else if (strcmp(k->text, "unique_together") == 0)
			check_indexes(c, m, v, "unique_together", 1);
		else if (strcmp(k->text, "endpoints") == 0)
			check_endpoints(c, m, v);
	}
	free(dup);
}

/* Pass 2: `references: Model.field` and its on_delete. */
static void
check_reference(struct checker *c, struct ir_model *m, struct ir_field *f,
    const struct fsrc *fs)
{
	const struct node *r = fs->ref;
	struct ir_model *rm;
	struct ir_field *rf;
	const char **names;
	const char *dot;
	char mname[NAMES_MAX_IDENT + 2], h[128];
	size_t i, n;
	enum ir_type a, b;

	(void)m;
	dot = strchr(r->text, '.');
	n = dot != NULL ? (size_t)(dot - r->text) : 0;
	if (dot == NULL || n == 0 || dot[1] == '\0' ||
	    strchr(dot + 1, '.') != NULL || n > NAMES_MAX_IDENT) {
		cerr(c, r, "'references' must be written Model.field, not '%s'",
		    r->text);
		return;
	}
	memcpy(mname, r->text, n);
	mname[n] = '\0';
	if ((rm = ir_model_find(c->s, mname)) == NULL) {
		names = xcalloc(c->s->nmodels, sizeof(*names));
		for (i = 0; i < c->s->nmodels; i++)
			names[i] = c->s->models[i].name;
		cerr(c, r, "reference to unknown model '%s'%s", mname,
		    hint(h, sizeof(h), mname, names, c->s->nmodels));
		free(names);
		return;
	}
	if ((rf = ir_field_find(rm, dot + 1)) == NULL) {
		names = xcalloc(rm->nfields, sizeof(*names));
		for (i = 0; i < rm->nfields; i++)
			names[i] = rm->fields[i].name;
		cerr(c, r, "reference to unknown field '%s' of model '%s'%s",
		    dot + 1, mname,
		    hint(h, sizeof(h), dot + 1, names, rm->nfields));
		free(names);
		return;
	}
	/* A target whose type is unknown was reported already. */
	if (!c->ms[rm - c->s->models].fields[rf->index].typed)
		return;
	if (!rf->primary_key && !rf->unique) {
		cerr(c, r,
		    "reference to '%s', which is neither a primary key "
		    "nor unique",
		    r->text);
		cnote(c, r,
		    "add `unique: true` to '%s', or reference the primary "
		    "key%s%s%s",
		    r->text, rm->pk ? " '" : "", rm->pk ? rm->pk->name : "",
		    rm->pk ? "'" : "");
		return;
	}
	a = f->type == IR_SERIAL      ? IR_INT
	    : f->type == IR_BIGSERIAL ? IR_BIGINT
				      : f->type;
	b = rf->type == IR_SERIAL      ? IR_INT
	    : rf->type == IR_BIGSERIAL ? IR_BIGINT
				       : rf->type;
	if (rf->type == IR_ENUM) {
		cerr(c, r, "reference to enum field '%s' is not supported",
		    r->text);
		return;
	}
	if (a != b) {
		cerr(c, r, "field '%s' is %s but references '%s', which is %s",
		    f->name, ir_type_name(f->type), r->text,
		    ir_type_name(rf->type));
		cnote(
		    c, fs->key, "declare '%s' as %s", f->name, ir_type_name(b));
		return;
	}
	f->ref_model = rm;
	f->ref_field = rf;
}

/*
 * Suffixes the emitters append to a model's C name for its structs and
 * functions (models.h, queries.h): <c>_patch, <c>_get, ...
 */
static const char *const model_suffixes[] = { "", "_patch", "_init", "_clear",
	"_rows_free", "_patch_clear", "_decode", "_decode_create",
	"_decode_patch", "_to_json", "_row_json", "_from_row", "_take", "_get",
	"_list", "_create", "_update", "_delete", "_create_params",
	"_update_params", "_patch_params", "_readonly" };

/*
 * Model b's generated symbols clash with model a's when b's C name is a's
 * plus a tail, and a's symbol a + s2 equals b's b + s1: then s2 = tail + s1.
 * v holds the models' C names, sorted; n of them.
 */
static void
check_symbol_clashes(struct checker *c, const struct nameref *v, size_t n)
{
	struct ir_schema *s = c->s;
	const struct nameref *hit;
	struct nameref key;
	const char *b, *tail, *s2;
	char prefix[NAMES_MAX_IDENT * 2 + 1];
	size_t i, k, j, tl;

	for (i = 0; i < n; i++) {
		b = v[i].name;
		for (k = 1; b[k] != '\0' && k < sizeof(prefix); k++) {
			if (b[k] != '_')
				continue;
			memcpy(prefix, b, k);
			prefix[k] = '\0';
			key.name = prefix;
			key.idx = 0;
			hit = bsearch(&key, v, n, sizeof(*v), nameref_name_cmp);
			if (hit == NULL)
				continue;
			tail = b + k;
			tl = strlen(tail);
			for (j = 0; j < NELEM(model_suffixes); j++) {
				s2 = model_suffixes[j];
				if (strncmp(s2, tail, tl) == 0 &&
				    in_list(s2 + tl, model_suffixes,
					NELEM(model_suffixes)) >= 0)
					break;
			}
			if (j == NELEM(model_suffixes))
				continue;
			cerr(c, c->ms[v[i].idx].key,
			    "model '%s' has the C name "
			    "'%s', so the generated name '%s%s' would belong "
			    "to both it and model '%s'",
			    s->models[v[i].idx].name, b, prefix,
			    model_suffixes[j], s->models[hit->idx].name);
			break;
		}
	}
}

/* A name in PostgreSQL's namespace of relations and types, for clashes. */
struct sqlname {
	char *name;
	char *desc; /* "the table of model 'X'" */
	int line; /* what to point at */
	int col;
	const char *table; /* the table it belongs to */
};

struct sqlnames {
	struct sqlname *v;
	size_t n;
	size_t cap;
};

static void sqlname_add(struct sqlnames *l, int line, int col, char *name,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Add name (taken over) with a description made from fmt. */
static void
sqlname_add(
    struct sqlnames *l, int line, int col, char *name, const char *fmt, ...)
{
	va_list ap;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		if ((l->v = realloc(l->v, l->cap * sizeof(*l->v))) == NULL) {
			perror("schemac: realloc");
			abort();
		}
	}
	l->v[l->n].name = name;
	l->v[l->n].line = line;
	l->v[l->n].col = col;
	l->v[l->n].table = NULL;
	va_start(ap, fmt);
	if (vasprintf(&l->v[l->n].desc, fmt, ap) == -1)
		abort();
	va_end(ap);
	l->n++;
}

static char *
join3(const char *a, const char *b, const char *c)
{
	char *s;

	if (asprintf(&s, "%s%s%s%s%s", a, b ? "_" : "", b ? b : "",
		c ? "_" : "", c ? c : "") == -1) {
		perror("schemac: asprintf");
		abort();
	}
	return (s);
}

/*
 * Pass 2: tables, enum types, and the indexes and sequences the DDL
 * creates for them (PostgreSQL's default names: <table>_pkey,
 * <table>_<column>_key, _idx, _seq) share one namespace per database
 * schema, so each name must be unique. Also sets each enum's type name.
 */
static void
check_sql_names(struct checker *c)
{
	struct ir_schema *s = c->s;
	struct sqlnames l = { NULL, 0, 0 };
	struct nameref *v;
	struct ir_model *m;
	struct ir_field *f;
	struct ir_index *ix;
	const struct node *at, *fk;
	struct out o;
	size_t i, j, k, first = 0;

	for (i = 0; i < s->nmodels; i++) {
		m = &s->models[i];
		if (m->table == NULL)
			continue;
		at = c->ms[i].table ? c->ms[i].table : c->ms[i].key;
		if (strcmp(m->table, "schema_migrations") == 0)
			cerr(c, at,
			    "table name 'schema_migrations' is reserved "
			    "for the migration history");
		sqlname_add(&l, at->line, at->col, xstrdup(m->table),
		    "the table of model '%s'", m->name);
		first = l.n;
		sqlname_add(&l, at->line, at->col,
		    join3(m->table, NULL, "pkey"),
		    "the primary key index of model '%s'", m->name);
		for (j = 0; j < m->nfields; j++) {
			f = &m->fields[j];
			fk = c->ms[i].fields[j].key;
			if (f->type == IR_ENUM) {
				f->enum_type = join3(m->table, f->name, NULL);
				if (strlen(f->enum_type) > NAMES_MAX_IDENT)
					cerr(c, fk,
					    "the enum type name '%s' of "
					    "field '%s' is longer than %d "
					    "bytes",
					    f->enum_type, f->name,
					    NAMES_MAX_IDENT);
				sqlname_add(&l, fk->line, fk->col,
				    xstrdup(f->enum_type),
				    "the enum type of field '%s.%s'", m->name,
				    f->name);
			}
			if (ir_type_is_serial(f->type))
				sqlname_add(&l, fk->line, fk->col,
				    join3(m->table, f->name, "seq"),
				    "the sequence of field '%s.%s'", m->name,
				    f->name);
			if (f->unique && !f->primary_key)
				sqlname_add(&l, fk->line, fk->col,
				    join3(m->table, f->name, "key"),
				    "the unique index of field '%s.%s'",
				    m->name, f->name);
			if (f->index_flag)
				sqlname_add(&l, fk->line, fk->col,
				    join3(m->table, f->name, "idx"),
				    "the index of field '%s.%s'", m->name,
				    f->name);
		}
		for (j = 0; j < m->nindexes; j++) {
			ix = &m->indexes[j];
			out_init(&o);
			for (k = 0; k < ix->ncolumns; k++)
				out_printf(
				    &o, "%s%s", k ? "_" : "", ix->columns[k]);
			sqlname_add(&l, ix->pos.line, ix->pos.col,
			    join3(m->table, o.buf ? o.buf : "",
				ix->unique ? "key" : "idx"),
			    "the %s [%s] of model '%s'",
			    ix->unique ? "unique_together entry" : "index",
			    o.buf ? o.buf : "", m->name);
			out_free(&o);
		}
		for (k = first; k < l.n; k++)
			l.v[k].table = m->table;
	}
	v = xcalloc(l.n, sizeof(*v));
	for (i = 0; i < l.n; i++) {
		v[i].name = l.v[i].name;
		v[i].idx = i;
	}
	qsort(v, l.n, sizeof(*v), nameref_cmp);
	for (i = 1, first = 0; i < l.n; i++) {
		if (strcmp(v[i].name, v[first].name) != 0) {
			first = i;
			continue;
		}
		/* Names derived from one clashing table name are no news. */
		if (l.v[v[i].idx].table != NULL &&
		    l.v[v[first].idx].table != NULL &&
		    strcmp(l.v[v[i].idx].table, l.v[v[first].idx].table) == 0)
			continue;
		diag_error(c->d, c->file, l.v[v[i].idx].line, l.v[v[i].idx].col,
		    "%s is named '%s', like %s", l.v[v[i].idx].desc, v[i].name,
		    l.v[v[first].idx].desc);
		diag_note(c->d, l.v[v[first].idx].line, l.v[v[first].idx].col,
		    "%s is here", l.v[v[first].idx].desc);
	}
	for (i = 0; i < l.n; i++) {
		free(l.v[i].name);
		free(l.v[i].desc);
	}
	free(l.v);
	free(v);
}

/*
 * Pass 2: C names of models: unique, not C keywords, not taken by the
 * headers included next to the generated code.
 */
static void
check_global_names(struct checker *c)
{
	struct ir_schema *s = c->s;
	struct nameref *v;
	struct ir_model *m, *o;
	size_t i, j, n = 0, first;

	v = xcalloc(s->nmodels, sizeof(*v));
	n = 0;
	for (i = 0; i < s->nmodels; i++) {
		m = &s->models[i];
		if (m->c_name == NULL)
			continue;
		v[n].name = m->c_name;
		v[n].idx = i;
		n++;
		if (names_c_reserved(m->c_name)) {
			cerr(c, c->ms[i].key,
			    "model '%s' has the C name '%s', "
			    "a reserved word in C",
			    m->name, m->c_name);
			continue;
		}
		for (j = 0; j < NELEM(c_taken); j++)
			if (strcmp(m->c_name, c_taken[j]) == 0)
				break;
		if (j < NELEM(c_taken)) {
			cerr(c, c->ms[i].key,
			    "model '%s' has the C name '%s', "
			    "which the headers of the generated code already "
			    "use",
			    m->name, m->c_name);
			continue;
		}
		for (j = 0; j < NELEM(c_prefixes); j++) {
			size_t pl = strlen(c_prefixes[j]);

			if (strncmp(m->c_name, c_prefixes[j], pl) == 0 &&
			    (m->c_name[pl] == '\0' || m->c_name[pl] == '_'))
				break;
		}
		if (j < NELEM(c_prefixes))
			cerr(c, c->ms[i].key,
			    "model '%s' has the C name '%s', "
			    "whose prefix '%s_' belongs to Kore, libpq or the "
			    "schemac runtime",
			    m->name, m->c_name, c_prefixes[j]);
	}
	qsort(v, n, sizeof(*v), nameref_cmp);
	for (i = 1, first = 0; i < n; i++) {
		if (strcmp(v[i].name, v[first].name) != 0) {
			first = i;
			continue;
		}
		m = &s->models[v[i].idx];
		o = &s->models[v[first].idx];
		cerr(c, c->ms[v[i].idx].key,
		    "model '%s' has the C name '%s', "
		    "like model '%s'",
		    m->name, m->c_name, o->name);
		cnote(
		    c, c->ms[v[first].idx].key, "model '%s' is here", o->name);
	}
	check_symbol_clashes(c, v, n);
	free(v);
}

/*
 * models.c names per-field tables <c_name>_<field>_values and the like, so
 * <c_name>_<field> must be unique across the schema: model X field a_b and
 * model XA field b would both make x_a_b.
 */
static void
check_field_symbols(struct checker *c)
{
	struct ir_schema *s = c->s;
	struct nameref *v;
	size_t *mi, *fi, i, j, n = 0, total = 0, first;
	char **names;

	for (i = 0; i < s->nmodels; i++)
		total += s->models[i].c_name != NULL ? s->models[i].nfields : 0;
	v = xcalloc(total, sizeof(*v));
	names = xcalloc(total, sizeof(*names));
	mi = xcalloc(total, sizeof(*mi));
	fi = xcalloc(total, sizeof(*fi));
	for (i = 0; i < s->nmodels; i++) {
		if (s->models[i].c_name == NULL)
			continue;
		for (j = 0; j < s->models[i].nfields; j++) {
			names[n] = join3(s->models[i].c_name,
			    s->models[i].fields[j].name, NULL);
			v[n].name = names[n];
			v[n].idx = n;
			mi[n] = i;
			fi[n] = j;
			n++;
		}
	}
	qsort(v, n, sizeof(*v), nameref_cmp);
	for (i = 1, first = 0; i < n; i++) {
		size_t a = v[first].idx, b = v[i].idx;

		if (strcmp(v[i].name, v[first].name) != 0) {
			first = i;
			continue;
		}
		/* Models with one C name were reported as such already. */
		if (strcmp(s->models[mi[a]].c_name, s->models[mi[b]].c_name) ==
		    0)
			continue;
		cerr(c, c->ms[mi[b]].fields[fi[b]].key,
		    "field '%s' of model "
		    "'%s' and field '%s' of model '%s' both make the C name "
		    "'%s'",
		    s->models[mi[b]].fields[fi[b]].name, s->models[mi[b]].name,
		    s->models[mi[a]].fields[fi[a]].name, s->models[mi[a]].name,
		    v[i].name);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(mi);
	free(fi);
	free(v);
}

/*
 * Pass 2: order the models so that each comes after the models it
 * references (a depth-first search in declaration order, so the result is
 * stable). An explicit stack keeps hostile chains from exhausting the C
 * stack. A cycle other than a self reference is an error.
 */
static void
check_order(struct checker *c)
{
	struct ir_schema *s = c->s;
	struct frame {
		size_t model;
		size_t field;
	} * stack;
	unsigned char *state; /* 0 new, 1 on the stack, 2 done */
	struct ir_model *m, *r;
	struct ir_field *f;
	struct out o;
	size_t i, sp, n = 0, k, ri;

	s->ordered = xcalloc(s->nmodels, sizeof(*s->ordered));
	state = xcalloc(s->nmodels, 1);
	stack = xcalloc(s->nmodels, sizeof(*stack));
	for (i = 0; i < s->nmodels; i++) {
		if (state[i])
			continue;
		sp = 0;
		stack[sp].model = i;
		stack[sp].field = 0;
		sp++;
		state[i] = 1;
		while (sp > 0) {
			m = &s->models[stack[sp - 1].model];
			if (stack[sp - 1].field >= m->nfields) {
				state[stack[sp - 1].model] = 2;
				s->ordered[n++] = m;
				sp--;
				continue;
			}
			f = &m->fields[stack[sp - 1].field++];
			r = f->ref_model;
			if (r == NULL || r == m)
				continue;
			ri = (size_t)(r - s->models);
			if (state[ri] == 2)
				continue;
			if (state[ri] == 1) {
				out_init(&o);
				for (k = 0; k < sp; k++)
					if (stack[k].model == ri)
						break;
				for (; k < sp; k++)
					out_printf(&o, "%s -> ",
					    s->models[stack[k].model].name);
				out_puts(&o, r->name);
				cerr(c,
				    c->ms[stack[sp - 1].model]
					.fields[f->index]
					.key,
				    "foreign keys form a cycle: %s", o.buf);
				cnote(c,
				    c->ms[stack[sp - 1].model]
					.fields[f->index]
					.key,
				    "tables are created in reference order; "
				    "remove one reference of the cycle");
				out_free(&o);
				continue;
			}
			state[ri] = 1;
			stack[sp].model = ri;
			stack[sp].field = 0;
			sp++;
		}
	}
	free(stack);
	free(state);
}

static void
check_info(struct checker *c, const struct node *info)
{
	unsigned char *dup;
	const struct node *v;

	if (info->kind != NODE_MAPPING) {
		cerr(c, info,
		    "'info' must be a mapping with title, version "
		    "and description, not %s",
		    node_kind_name(info));
		return;
	}
	dup = check_dups(c, info, "key", " in info");
	check_keys(c, info, dup, info_keys, NELEM(info_keys), "info key");
	free(dup);
	if ((v = node_get(info, "title")) != NULL &&
	    want_scalar(c, v, "title")) {
		free(c->s->title);
		c->s->title = xstrdup(v->text);
	}
	if ((v = node_get(info, "version")) != NULL &&
	    want_scalar(c, v, "version")) {
		free(c->s->version);
		c->s->version = xstrdup(v->text);
	}
	if ((v = node_get(info, "description")) != NULL &&
	    want_scalar(c, v, "description"))
		c->s->description = xstrdup(v->text);
}

/* The note under an error about missing models. */
static const char add_model_hint[] =
    "add a model under 'models', such as "
    "`User: { fields: { id: { type: serial, primary_key: true } } }`";

static void
check_schema(struct checker *c, const struct node *root)
{
	struct ir_schema *s = c->s;
	const struct node *models, *info;
	unsigned char *dup, *mdup;
	size_t i, j, n;

	if (root == NULL || root->kind != NODE_MAPPING) {
		cerr(c, root, "a schema is a mapping with a 'models' key%s%s",
		    root ? ", not " : "", root ? node_kind_name(root) : "");
		return;
	}
	dup = check_dups(c, root, "top-level key", "");
	check_keys(c, root, dup, top_keys, NELEM(top_keys), "top-level key");
	free(dup);
	if ((info = node_get(root, "info")) != NULL)
		check_info(c, info);
	if ((models = node_get(root, "models")) == NULL) {
		if (!typo_of(root, "models")) {
			cerr(c, root, "the schema has no 'models' mapping");
			cnote(c, root, "%s", add_model_hint);
		}
		return;
	}
	/*
	 * `models:` with nothing under it, or `models: {}`: nothing to
	 * generate, which is never what the user meant.
	 */
	if (node_is_null(models) ||
	    (models->kind == NODE_MAPPING && models->npairs == 0)) {
		cerr(c, models, "the schema declares no models");
		cnote(c, models, "%s", add_model_hint);
		return;
	}
	if (models->kind != NODE_MAPPING) {
		cerr(c, models,
		    "'models' must be a mapping of model names to "
		    "models, not %s",
		    node_kind_name(models));
		return;
	}
	mdup = check_dups(c, models, "model", "");
	s->models = xcalloc(models->npairs, sizeof(*s->models));
	c->ms = xcalloc(models->npairs, sizeof(*c->ms));
	for (i = 0, n = 0; i < models->npairs; i++) {
		if (mdup[i])
			continue;
		check_model(c, &s->models[n], &c->ms[n], models->pairs[i].key,
		    models->pairs[i].value);
		n++;
	}
	s->nmodels = n;
	free(mdup);
	for (i = 0; i < s->nmodels; i++)
		for (j = 0; j < s->models[i].nfields; j++)
			if (c->ms[i].fields[j].ref != NULL)
				check_reference(c, &s->models[i],
				    &s->models[i].fields[j],
				    &c->ms[i].fields[j]);
	check_sql_names(c);
	check_global_names(c);
	check_field_symbols(c);
	check_order(c);
}

struct ir_schema *
schema_check(const char *path, const char *text, size_t len, struct diags *d)
{
	struct checker c;
	struct ytree *t;
	size_t before = d->n, i;

	memset(&c, 0, sizeof(c));
	if ((t = load_yaml(path, text, len, d)) == NULL)
		return (NULL);
	c.file = path;
	c.d = d;
	c.s = xcalloc(1, sizeof(*c.s));
	c.s->path = xstrdup(path);
	c.s->title = xstrdup("schemac API");
	c.s->version = xstrdup("0.1.0");
	if (t->root == NULL) {
		diag_error(d, path, 0, 0,
		    "the schema is empty; it needs a 'models' mapping");
		diag_note(d, 0, 0, "%s", add_model_hint);
	} else
		check_schema(&c, t->root);
	for (i = 0; c.ms != NULL && i < c.s->nmodels; i++)
		free(c.ms[i].fields);
	free(c.ms);
	load_free(t);
	if (d->n > before) {
		ir_free(c.s);
		return (NULL);
	}
	return (c.s);
}

struct ir_schema *
schema_load_buffer(const char *name, const char *text, size_t len, int *nerrors)
{
	struct ir_schema *s;
	struct diags d;

	diag_init(&d);
	s = schema_check(name, text, len, &d);
	if (nerrors != NULL)
		*nerrors = (int)d.n;
	diag_print(&d, stderr);
	diag_free(&d);
	return (s);
}

struct ir_schema *
schema_load(const char *path, int *nerrors)
{
	struct ir_schema *s;
	struct diags d;
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL) {
		fprintf(stderr, "%s: error: cannot open: %s\n", path,
		    strerror(errno));
		if (nerrors != NULL)
			*nerrors = 1;
		return (NULL);
	}
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			if ((buf = realloc(buf, cap)) == NULL) {
				perror("schemac: realloc");
				abort();
			}
		}
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
		if (n == 0 || len > LOAD_MAX_BYTES)
			break;
	}
	if (ferror(fp)) {
		fprintf(stderr, "%s: error: cannot read: %s\n", path,
		    strerror(errno));
		fclose(fp);
		free(buf);
		if (nerrors != NULL)
			*nerrors = 1;
		return (NULL);
	}
	fclose(fp);
	diag_init(&d);
	s = schema_check(path, buf, len, &d);
	if (nerrors != NULL)
		*nerrors = (int)d.n;
	diag_print(&d, stderr);
	diag_free(&d);
	free(buf);
	return (s);
}
