/* emit_c_util.c: C spellings and layout shared by the emitters of generated C.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
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
emit_c_has_is_null(const struct ir_field *f)
{
	return (f->nullable && !ir_type_is_text(f->type));
}

size_t
emit_c_nwritable(const struct ir_model *m)
{
	size_t i, n;

	n = 0;
	for (i = 0; i < m->nfields; i++)
		if (!api_readonly(&m->fields[i]))
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
	if (ir_type_is_text(f->type))
		return (emit_c_fmt("const char *%s", emit_c_key_name(f)));
	return (emit_c_fmt("%s %s", emit_c_type(f->type), emit_c_key_name(f)));
}

/* Append a parameter declaration to fn, printf-style. */
static void emit_c_param(struct emit_c_fn *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
emit_c_param(struct emit_c_fn *fn, const char *fmt, ...)
{
	const char *p;
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(
	    fn->params[fn->nparams], sizeof(fn->params[0]), fmt, ap);
	va_end(ap);
	p = fn->args[fn->nparams] = fn->params[fn->nparams];
	/* A declaration ends with the parameter's name. */
	for (p += strlen(p); p > fn->args[fn->nparams] &&
	     (isalnum((unsigned char)p[-1]) || p[-1] == '_');
	     p--)
		;
	fn->names[fn->nparams] = p;
	fn->nparams++;
}

void
emit_c_fn(struct emit_c_fn *fn, const struct ir_model *m, enum emit_c_api what,
    const struct ir_field *key)
{
	static const struct {
		const char *type;
		const char *name;
	} fns[] = {
		[EMIT_C_INIT] = { "void", "init" },
		[EMIT_C_CLEAR] = { "void", "clear" },
		[EMIT_C_ROWS_FREE] = { "void", "rows_free" },
		[EMIT_C_PATCH_CLEAR] = { "void", "patch_clear" },
		[EMIT_C_DECODE_CREATE] = { "int", "decode_create" },
		[EMIT_C_DECODE_PATCH] = { "int", "decode_patch" },
		[EMIT_C_TO_JSON] = { "void", "to_json" },
		[EMIT_C_ROW_JSON] = { "void", "row_json" },
		[EMIT_C_FROM_ROW] = { "int", "from_row" },
		[EMIT_C_CREATE_PARAMS] = { "void", "create_params" },
		[EMIT_C_UPDATE_PARAMS] = { "void", "update_params" },
		[EMIT_C_GET] = { "int", "get" },
		[EMIT_C_LIST] = { "int", "list" },
		[EMIT_C_CREATE] = { "int", "create" },
		[EMIT_C_UPDATE] = { "int", "update" },
		[EMIT_C_DELETE] = { "int", "delete" },
	};
	const char *c = m->c_name;

	fn->type = fns[what].type;
	fn->nparams = 0;
	if (what == EMIT_C_GET && key != m->pk)
		(void)snprintf(
		    fn->name, sizeof(fn->name), "%s_get_by_%s", c, key->name);
	else
		(void)snprintf(
		    fn->name, sizeof(fn->name), "%s_%s", c, fns[what].name);
	switch (what) {
	case EMIT_C_INIT:
	case EMIT_C_CLEAR:
		emit_c_param(fn, "struct %s *u", c);
		break;
	case EMIT_C_ROWS_FREE:
		emit_c_param(fn, "struct %s *rows", c);
		emit_c_param(fn, "size_t n");
		break;
	case EMIT_C_PATCH_CLEAR:
		emit_c_param(fn, "struct %s_patch *p", c);
		break;
	case EMIT_C_DECODE_CREATE:
	case EMIT_C_DECODE_PATCH:
		emit_c_param(fn, "const struct sc_json *obj");
		emit_c_param(fn, "struct %s_patch *p", c);
		emit_c_param(fn, "struct sc_verrs *errs");
		break;
	case EMIT_C_TO_JSON:
		emit_c_param(fn, "const struct %s *u", c);
		emit_c_param(fn, "struct sc_buf *b");
		break;
	case EMIT_C_ROW_JSON:
	case EMIT_C_FROM_ROW:
		emit_c_param(fn, "const PGresult *res");
		emit_c_param(fn, "int row");
		if (what == EMIT_C_ROW_JSON)
			emit_c_param(fn, "struct sc_buf *b");
		else
			emit_c_param(fn, "struct %s *u", c);
		break;
	case EMIT_C_CREATE_PARAMS:
	case EMIT_C_UPDATE_PARAMS:
		if (what == EMIT_C_UPDATE_PARAMS)
			emit_c_param(fn, "const char *pk_text");
		emit_c_param(fn, "const struct %s_patch *patch", c);
		emit_c_param(fn, "struct sc_params *p");
		break;
	case EMIT_C_GET:
	case EMIT_C_UPDATE:
	case EMIT_C_DELETE:
		emit_c_param(fn, "PGconn *db");
		emit_c_param(fn, "%s",
		    emit_c_key_decl(what == EMIT_C_GET ? key : m->pk));
		if (what == EMIT_C_UPDATE)
			emit_c_param(fn, "const struct %s_patch *patch", c);
		if (what != EMIT_C_DELETE)
			emit_c_param(fn, "struct %s *out", c);
		break;
	case EMIT_C_LIST:
		emit_c_param(fn, "PGconn *db");
		emit_c_param(fn, "int64_t limit");
		emit_c_param(fn, "int64_t offset");
		emit_c_param(fn, "struct %s **rows", c);
		emit_c_param(fn, "size_t *nrows");
		break;
	case EMIT_C_CREATE:
		emit_c_param(fn, "PGconn *db");
		emit_c_param(fn, "const struct %s *in", c);
		emit_c_param(fn, "struct %s *out", c);
		break;
	}
}

void
emit_c_decl(struct out *o, const struct emit_c_fn *fn, int prototype)
{
	if (prototype)
		emit_c_args(o, "", emit_c_fmt("%s\t%s", fn->type, fn->name),
		    "\t    ", ";\n", fn->args, fn->nparams);
	else {
		out_printf(o, "%s\n", fn->type);
		emit_c_args(
		    o, "", fn->name, "    ", "\n", fn->args, fn->nparams);
	}
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

/* Collect a NULL-terminated list of arguments (at most EMIT_C_MAXARGS). */
#define EMIT_C_MAXARGS 16

static size_t
emit_c_collect(va_list ap, const char **args)
{
	const char *arg;
	size_t n;

	for (n = 0; (arg = va_arg(ap, const char *)) != NULL; n++) {
		if (n == EMIT_C_MAXARGS) {
			fprintf(stderr,
			    "schemac: internal error: more than %d "
			    "arguments in generated C\n",
			    EMIT_C_MAXARGS);
			abort();
		}
		args[n] = arg;
	}
	return (n);
}

void
emit_c_args(struct out *o, const char *indent, const char *head,
    const char *cont, const char *end, const char *const *args, size_t n)
{
	const char *close;
	size_t col, need, i;

	out_puts(o, indent);
	out_puts(o, head);
	out_puts(o, "(");
	col = advance(advance(0, indent), head) + 1;
	/* The text that must stay on the line of the last argument. */
	close = end[0] == ';' ? ");" : ")";
	for (i = 0; i < n; i++) {
		need = strlen(args[i]) + (i + 1 < n ? 1 : strlen(close));
		if (i > 0 && col + 1 + need > 80) {
			out_puts(o, "\n");
			out_puts(o, cont);
			col = advance(0, cont);
		} else if (i > 0) {
			out_puts(o, " ");
			col++;
		}
		out_puts(o, args[i]);
		col += strlen(args[i]);
		if (i + 1 < n) {
			out_puts(o, ",");
			col++;
		}
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
	const char *args[EMIT_C_MAXARGS];
	va_list ap;
	size_t n;

	va_start(ap, end);
	n = emit_c_collect(ap, args);
	va_end(ap);
	emit_c_args(o, indent, head, cont, end, args, n);
}

void
emit_c_call(struct out *o, int tabs, const char *fn, ...)
{
	const char *args[EMIT_C_MAXARGS];
	char indent[64], cont[64];
	va_list ap;
	size_t n;
	int t;

	if (tabs > 32)
		tabs = 32;
	for (t = 0; t < tabs; t++)
		indent[t] = cont[t] = '\t';
	indent[tabs] = '\0';
	(void)snprintf(cont + tabs, sizeof(cont) - (size_t)tabs, "    ");
	va_start(ap, fn);
	n = emit_c_collect(ap, args);
	va_end(ap);
	emit_c_args(o, indent, fn, cont, ";\n", args, n);
}

void
emit_c_names(struct out *o, const char *decl, char *const *names, size_t n)
{
	struct out items;
	size_t i, start;

	out_init(&items);
	for (i = 0; i < n; i++) {
		out_c_string(&items, names[i]);
		out_puts(&items, ", ");
	}
	out_puts(&items, "NULL");
	if (strlen(decl) + items.len + 9 <= 80) {
		out_printf(o, "%s = { %s };\n", decl, items.buf);
		out_free(&items);
		return;
	}
	out_free(&items);
	out_printf(o, "%s = {\n\t", decl);
	start = o->len;
	for (i = 0; i <= n; i++) {
		out_init(&items);
		if (i < n) {
			out_c_string(&items, names[i]);
			out_puts(&items, ",");
		} else
			out_puts(&items, "NULL");
		if (o->len > start && 8 + o->len - start + 1 + items.len > 72) {
			out_puts(o, "\n\t");
			start = o->len;
		} else if (o->len > start)
			out_puts(o, " ");
		out_puts(o, items.buf);
		out_free(&items);
	}
	out_puts(o, "\n};\n");
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
	    out_c_string_len(q->line.buf) + out_c_string_len(q->chunk.buf) >
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
