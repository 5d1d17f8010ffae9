/* emit_c_util.c: C and SQL spellings shared by the emitters of generated C. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "emit_c_util.h"

const char *
emit_c_type(enum ir_type t)
{
	switch (t) {
	case IR_SMALLINT:
		return ("int16_t");
	case IR_SERIAL:
	case IR_INT:
		return ("int32_t");
	case IR_BIGSERIAL:
	case IR_BIGINT:
		return ("int64_t");
	case IR_FLOAT:
		return ("double");
	case IR_BOOL:
		return ("bool");
	default:
		return ("char *");
	}
}

int
emit_c_is_text(enum ir_type t)
{
	switch (t) {
	case IR_SERIAL:
	case IR_BIGSERIAL:
	case IR_SMALLINT:
	case IR_INT:
	case IR_BIGINT:
	case IR_FLOAT:
	case IR_BOOL:
		return (0);
	default:
		return (1);
	}
}

int
emit_c_readonly(const struct ir_field *f)
{
	return (f->readonly || f->type == IR_SERIAL || f->type == IR_BIGSERIAL);
}

int
emit_c_has_is_null(const struct ir_field *f)
{
	return (f->nullable && !emit_c_is_text(f->type));
}

int
emit_c_required(const struct ir_field *f)
{
	return (!emit_c_readonly(f) && !f->nullable &&
	    f->default_kind == IR_DEFAULT_NONE);
}

size_t
emit_c_nwritable(const struct ir_model *m)
{
	size_t i, n;

	n = 0;
	for (i = 0; i < m->nfields; i++)
		if (!emit_c_readonly(&m->fields[i]))
			n++;
	return (n);
}

const char *
emit_c_key_name(const struct ir_field *f)
{
	static const char *const taken[] = { "db", "out", "p", "res", "rc",
		"patch", "in", "rows", "nrows", "limit", "offset", "v", "i",
		"n", "exec_stmt", "exec_one", NULL };
	size_t i;

	for (i = 0; taken[i] != NULL; i++)
		if (strcmp(f->name, taken[i]) == 0)
			return ("key");
	return (f->name);
}

const char *
emit_c_key_decl(const struct ir_field *f)
{
	if (emit_c_is_text(f->type))
		return (emit_c_fmt("const char *%s", emit_c_key_name(f)));
	return (emit_c_fmt("%s %s", emit_c_type(f->type), emit_c_key_name(f)));
}

void
emit_c_stmt_id(struct out *o, const struct ir_model *m, const char *what)
{
	out_puts(o, "SCHEMAC_STMT_");
	emit_c_upper(o, m->c_name);
	out_puts(o, "_");
	emit_c_upper(o, what);
}

/* The column after writing s from column col (tabs every 8). */
static size_t
advance(size_t col, const char *s)
{
	for (; *s != '\0'; s++)
		col = *s == '\t' ? (col / 8 + 1) * 8 : col + 1;
	return (col);
}

static void
emit_c_vlist(struct out *o, const char *indent, const char *head,
    const char *cont, const char *end, va_list ap)
{
	const char *arg, *next, *close;
	size_t col, need;
	int first;

	out_puts(o, indent);
	out_puts(o, head);
	out_puts(o, "(");
	col = advance(advance(0, indent), head) + 1;
	/* The text that must stay on the line of the last argument. */
	close = end[0] == ';' ? ");" : ")";
	first = 1;
	for (arg = va_arg(ap, const char *); arg != NULL; arg = next) {
		next = va_arg(ap, const char *);
		need = strlen(arg) + (next != NULL ? 1 : strlen(close));
		if (!first && col + 1 + need > 80) {
			out_puts(o, "\n");
			out_puts(o, cont);
			col = advance(0, cont);
		} else if (!first) {
			out_puts(o, " ");
			col++;
		}
		out_puts(o, arg);
		col += strlen(arg);
		if (next != NULL) {
			out_puts(o, ",");
			col++;
		}
		first = 0;
	}
	out_puts(o, ")");
	out_puts(o, end);
}

const char *
emit_c_fmt(const char *fmt, ...)
{
	static char bufs[16][512];
	static int next;
	va_list ap;
	char *b;

	b = bufs[next];
	next = (next + 1) % 16;
	va_start(ap, fmt);
	(void)vsnprintf(b, sizeof(bufs[0]), fmt, ap);
	va_end(ap);
	return (b);
}

void
emit_c_list(struct out *o, const char *indent, const char *head,
    const char *cont, const char *end, ...)
{
	va_list ap;

	va_start(ap, end);
	emit_c_vlist(o, indent, head, cont, end, ap);
	va_end(ap);
}

void
emit_c_call(struct out *o, int tabs, const char *fn, ...)
{
	char indent[64], cont[64];
	va_list ap;
	int t;

	if (tabs > 32)
		tabs = 32;
	for (t = 0; t < tabs; t++)
		indent[t] = cont[t] = '\t';
	indent[tabs] = '\0';
	(void)snprintf(cont + tabs, sizeof(cont) - (size_t)tabs, "    ");
	va_start(ap, fn);
	emit_c_vlist(o, indent, fn, cont, ";\n", ap);
	va_end(ap);
}

void
emit_c_upper(struct out *o, const char *s)
{
	char c;

	for (; *s != '\0'; s++) {
		c = (char)toupper((unsigned char)*s);
		out_write(o, &c, 1);
	}
}

void
emit_c_comment_text(struct out *o, const char *s, const char *prefix)
{
	for (; *s != '\0'; s++) {
		if (*s == '\n') {
			out_puts(o, "\n");
			out_puts(o, prefix);
			continue;
		}
		out_write(o, s, 1);
		/* Keep "*" "/" from closing and "/" "*" from nesting. */
		if ((s[0] == '*' && s[1] == '/') ||
		    (s[0] == '/' && s[1] == '*'))
			out_puts(o, " ");
	}
}

const char *
emit_c_decoder(enum ir_type t)
{
	switch (t) {
	case IR_SMALLINT:
		return ("sc_decode_int16");
	case IR_SERIAL:
	case IR_INT:
		return ("sc_decode_int32");
	case IR_BIGSERIAL:
	case IR_BIGINT:
		return ("sc_decode_int64");
	case IR_FLOAT:
		return ("sc_decode_double");
	case IR_BOOL:
		return ("sc_decode_bool");
	case IR_NUMERIC:
		return ("sc_decode_numeric");
	case IR_DATE:
		return ("sc_decode_date");
	case IR_TIMESTAMP:
		return ("sc_decode_timestamp");
	case IR_TIMESTAMPTZ:
		return ("sc_decode_timestamptz");
	case IR_UUID:
		return ("sc_decode_uuid");
	case IR_JSON:
		return ("sc_decode_jsonval");
	case IR_ENUM:
		return ("sc_decode_enum");
	default:
		return ("sc_decode_string");
	}
}

const char *
emit_c_param_fn(enum ir_type t)
{
	switch (t) {
	case IR_SERIAL:
	case IR_BIGSERIAL:
	case IR_SMALLINT:
	case IR_INT:
	case IR_BIGINT:
		return ("sc_params_int");
	case IR_FLOAT:
		return ("sc_params_double");
	case IR_BOOL:
		return ("sc_params_bool");
	default:
		return ("sc_params_text");
	}
}

void
emit_c_sql_cast(struct out *o, const struct ir_field *f)
{
	switch (f->type) {
	case IR_SMALLINT:
		out_puts(o, "smallint");
		break;
	case IR_SERIAL:
	case IR_INT:
		out_puts(o, "integer");
		break;
	case IR_BIGSERIAL:
	case IR_BIGINT:
		out_puts(o, "bigint");
		break;
	case IR_FLOAT:
		out_puts(o, "double precision");
		break;
	case IR_NUMERIC:
		out_puts(o, "numeric");
		break;
	case IR_BOOL:
		out_puts(o, "boolean");
		break;
	case IR_STRING:
	case IR_TEXT:
		out_puts(o, "text");
		break;
	case IR_DATE:
		out_puts(o, "date");
		break;
	case IR_TIMESTAMP:
		out_puts(o, "timestamp");
		break;
	case IR_TIMESTAMPTZ:
		out_puts(o, "timestamptz");
		break;
	case IR_UUID:
		out_puts(o, "uuid");
		break;
	case IR_JSON:
		out_puts(o, "jsonb");
		break;
	case IR_ENUM:
		out_sql_ident(o, f->enum_type);
		break;
	}
}

void
emit_c_sql_default(struct out *o, const struct ir_field *f)
{
	switch (f->default_kind) {
	case IR_DEFAULT_LITERAL:
		out_sql_string(o, f->default_value);
		out_puts(o, "::");
		emit_c_sql_cast(o, f);
		break;
	case IR_DEFAULT_NOW:
		if (f->type == IR_DATE)
			out_puts(o, "CURRENT_DATE");
		else if (f->type == IR_TIMESTAMP)
			out_puts(o, "LOCALTIMESTAMP");
		else
			out_puts(o, "now()");
		break;
	case IR_DEFAULT_RANDOM:
		out_puts(o, "gen_random_uuid()");
		break;
	default:
		out_puts(o, "NULL");
	}
}

void
emit_c_sql_select_item(struct out *o, const struct ir_field *f)
{
	switch (f->type) {
	case IR_DATE:
	case IR_TIMESTAMP:
	case IR_TIMESTAMPTZ:
		out_puts(o, "to_json(");
		out_sql_ident(o, f->name);
		out_puts(o, ") #>> '{}' AS ");
		out_sql_ident(o, f->name);
		break;
	default:
		out_sql_ident(o, f->name);
	}
}

/* The most bytes of C-escaped SQL in one literal. */
#define EMIT_C_SQL_WIDTH 54

/* The length of s once written as the body of a C string literal. */
static size_t
c_escaped_len(const char *s)
{
	struct out e;
	size_t n;

	out_init(&e);
	out_c_string(&e, s);
	n = e.len - 2;
	out_free(&e);
	return (n);
}

void
emit_c_sql_begin(
    struct emit_c_sql *q, struct out *dst, const char *indent, const char *eol)
{
	q->dst = dst;
	q->indent = indent;
	q->eol = eol;
	q->nlines = 0;
	q->fresh = 0;
	out_init(&q->line);
	out_init(&q->chunk);
}

void
emit_c_sql_puts(struct emit_c_sql *q, const char *s)
{
	out_puts(&q->chunk, s);
}

struct out *
emit_c_sql_out(struct emit_c_sql *q)
{
	return (&q->chunk);
}

/* Write the current literal, on a new line after the first. */
static void
emit_c_sql_flush(struct emit_c_sql *q, int last)
{
	if (!last && (q->line.len == 0 || q->line.buf[q->line.len - 1] != ' '))
		out_puts(&q->line, " ");
	if (q->nlines > 0) {
		out_puts(q->dst, q->eol);
		out_puts(q->dst, q->indent);
	}
	out_c_string(q->dst, q->line.buf);
	q->nlines++;
	q->line.len = 0;
	q->line.buf[0] = '\0';
	q->fresh = !last;
}

/* Move the chunk onto the line, trimming spaces at a line's start. */
static void
emit_c_sql_place(struct emit_c_sql *q)
{
	const char *s;

	s = q->chunk.buf;
	if (q->line.len == 0 && q->fresh)
		while (*s == ' ')
			s++;
	out_puts(&q->line, s);
	q->chunk.len = 0;
	q->chunk.buf[0] = '\0';
}

void
emit_c_sql_wrap(struct emit_c_sql *q)
{
	if (q->line.len > 0 &&
	    c_escaped_len(q->line.buf) + c_escaped_len(q->chunk.buf) >
		EMIT_C_SQL_WIDTH)
		emit_c_sql_flush(q, 0);
	emit_c_sql_place(q);
}

void
emit_c_sql_break(struct emit_c_sql *q)
{
	emit_c_sql_wrap(q);
	if (q->line.len > 0)
		emit_c_sql_flush(q, 0);
}

void
emit_c_sql_code(struct emit_c_sql *q, const char *code)
{
	emit_c_sql_wrap(q);
	if (q->line.len > 0)
		emit_c_sql_flush(q, 1);
	if (q->nlines > 0)
		out_puts(q->dst, " ");
	out_puts(q->dst, code);
	q->nlines++;
	q->fresh = 0;
}

void
emit_c_sql_end(struct emit_c_sql *q)
{
	emit_c_sql_wrap(q);
	if (q->line.len > 0 || q->nlines == 0)
		emit_c_sql_flush(q, 1);
	out_free(&q->line);
	out_free(&q->chunk);
}
