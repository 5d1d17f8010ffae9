/* emit_openapi_json.c: writes generated/openapi.json (OpenAPI 3.1). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "emit.h"
#include "version.h"

/*
 * What the document describes is what the generated handlers do (SPEC
 * section 5, emit_handlers_c.c); api.h decides, for both, which filters,
 * orderings and lookups a model has. Per operation, the statuses the app
 * answers with (500 is a server fault, never caused by a client):
 *
 *   GET    /<table>                 list      200 400 422 503
 *   POST   /<table>                 create    201 400 (409) 413 415 422 503
 *   GET    /<table>/{pk}            get       200 404 (422) 503
 *   PATCH  /<table>/{pk}            update    200 400 404 (409) 413 415 422 503
 *   DELETE /<table>/{pk}            delete    204 404 (409) (422) 503
 *   GET    /<table>/by-<f>/{f}      lookup    200 404 (422) 503
 *
 * The parenthesized ones only where the app can really answer them:
 * (422) a path value that does not parse as its field's type, which only
 * types other than string and text can fail to (path_checked()); (409) on
 * create and update a unique value a body can set (can_conflict()), on
 * delete a row that other rows still reference (delete_blocked_all()).
 * 405 (a method a path does not list, with Allow) belongs to no
 * operation; the API's description says so.
 */

/* --- a small pretty-printing JSON writer ------------------------------- */

/*
 * Objects and arrays are opened and closed explicitly; the writer puts
 * commas, newlines and two-space indentation between members, so the
 * output is stable byte for byte. Nesting deeper than JW_DEPTH is a bug.
 */
#define JW_DEPTH 32

struct jw {
	struct out *o;
	int depth;
	int count[JW_DEPTH]; /* members written so far at each depth */
};

/* A newline and the indentation of depth (two spaces a level), at once. */
static void
jw_newline(struct jw *w, int depth)
{
	static char indent[1 + 2 * JW_DEPTH];

	if (indent[0] == '\0') {
		indent[0] = '\n';
		memset(indent + 1, ' ', sizeof(indent) - 1);
	}
	out_write(w->o, indent, 1 + 2 * (size_t)depth);
}

static void
jw_item(struct jw *w)
{
	if (w->count[w->depth]++ > 0)
		out_write(w->o, ",", 1);
	jw_newline(w, w->depth);
}

static void
jw_open(struct jw *w, char c)
{
	out_write(w->o, &c, 1);
	w->depth++;
	w->count[w->depth] = 0;
}

static void
jw_close(struct jw *w, char c)
{
	if (w->count[w->depth] > 0)
		jw_newline(w, w->depth - 1);
	out_write(w->o, &c, 1);
	w->depth--;
}

static void
jw_key(struct jw *w, const char *key)
{
	jw_item(w);
	out_json_string(w->o, key);
	out_puts(w->o, ": ");
}

/* "key": { ... and "key": [ ... */
static void
jw_obj(struct jw *w, const char *key)
{
	jw_key(w, key);
	jw_open(w, '{');
}

static void
jw_arr(struct jw *w, const char *key)
{
	jw_key(w, key);
	jw_open(w, '[');
}

/* An object as the next array element. */
static void
jw_elem_obj(struct jw *w)
{
	jw_item(w);
	jw_open(w, '{');
}

static void
jw_str(struct jw *w, const char *key, const char *val)
{
	jw_key(w, key);
	out_json_string(w->o, val);
}

/* A member whose value is JSON text the caller vouches for. */
static void
jw_raw(struct jw *w, const char *key, const char *raw)
{
	jw_key(w, key);
	out_puts(w->o, raw);
}

static void
jw_elem_str(struct jw *w, const char *val)
{
	jw_item(w);
	out_json_string(w->o, val);
}

/* "key": {"$ref": "#/components/<kind>/<name>"} */
static void
jw_ref(struct jw *w, const char *key, const char *kind, const char *name)
{
	jw_obj(w, key);
	jw_key(w, "$ref");
	out_printf(w->o, "\"#/components/%s/%s\"", kind, name);
	jw_close(w, '}');
}

/* A schema reference whose name is a model name plus a suffix. */
static void
jw_schema_ref(
    struct jw *w, const char *key, const char *model, const char *suffix)
{
	jw_obj(w, key);
	jw_key(w, "$ref");
	out_printf(w->o, "\"#/components/schemas/%s%s\"", model, suffix);
	jw_close(w, '}');
}

/* --- what the app does, per model and field ---------------------------- */

/*
 * Can a path value of field f fail to parse, for a 422? Strings and text
 * take any UTF-8, and the runtime answers 404 for a path that is not
 * UTF-8, so only the other types can.
 */
static int
path_checked(const struct ir_field *f)
{
	return (f->type != IR_STRING && f->type != IR_TEXT);
}

/*
 * Can a create or update collide with another row (409)? Only through a
 * unique constraint that a body sets: a primary key or unique field that
 * is not server-set, or a unique_together.
 */
static int
can_conflict(const struct ir_model *m)
{
	const struct ir_field *f;
	size_t i;

	for (i = 0; i < m->nfields; i++) {
		f = &m->fields[i];
		if ((f->primary_key || f->unique) && !api_readonly(f))
			return (1);
	}
	for (i = 0; i < m->nindexes; i++)
		if (m->indexes[i].unique)
			return (1);
	return (0);
}

/*
 * Can deleting a row of model t be refused (409)? When a reference to it
 * blocks (on_delete restrict or no action), directly or through rows
 * that a cascade would delete. seen[] (one flag per model, zeroed by the
 * caller) stops reference cycles.
 */
/*
 * Whether deleting a row of each model can be refused because other rows
 * still reference it: directly (NO ACTION or RESTRICT), or through a
 * cascade that reaches such a reference. Computed for all models at once,
 * in reverse foreign-key order, so that a referencing model is always
 * decided before the models it references: linear in the schema's size,
 * which matters for schemas of hundreds of models. blocked[] is indexed
 * like s->models; the caller frees it.
 */
static char *
delete_blocked_all(const struct ir_schema *s)
{
	const struct ir_model *t, *m;
	const struct ir_field *f;
	char *blocked;
	size_t k, i, j, ti;

	if ((blocked = calloc(s->nmodels + 1, 1)) == NULL) {
		perror("schemac: calloc");
		abort();
	}
	for (k = s->nmodels; k-- > 0;) {
		t = s->ordered[k];
		ti = (size_t)(t - s->models);
		for (i = 0; i < s->nmodels && !blocked[ti]; i++) {
			m = &s->models[i];
			for (j = 0; j < m->nfields; j++) {
				f = &m->fields[j];
				if (f->ref_model != t)
					continue;
				if (f->on_delete == IR_ON_DELETE_NONE ||
				    f->on_delete == IR_ON_DELETE_RESTRICT)
					blocked[ti] = 1;
				else if (f->on_delete == IR_ON_DELETE_CASCADE &&
				    m != t && blocked[i])
					blocked[ti] = 1;
			}
		}
	}
	return (blocked);
}

/* Whether a DELETE of t can answer 409 (see delete_blocked_all()). */
static int
can_block_delete(const struct ir_schema *s, const struct ir_model *t)
{
	/* One schema per run: compute the table on first use. */
	static const struct ir_schema *cached;
	static char *blocked;

	if (cached != s) {
		free(blocked);
		blocked = delete_blocked_all(s);
		cached = s;
	}
	return (blocked[t - s->models]);
}

/* Models with at least one endpoint that returns a row. */
static int
returns_rows(const struct ir_model *m)
{
	return (
	    (m->endpoints &
		(IR_EP_LIST | IR_EP_GET | IR_EP_CREATE | IR_EP_UPDATE)) != 0);
}

/* --- field schemas ------------------------------------------------------- */

enum variant {
	V_RESPONSE, /* <Model>: what the app returns */
	V_CREATE, /* <Model>Create: a POST body */
	V_UPDATE, /* <Model>Update: a PATCH body, every member optional */
	V_PARAM /* a path or query value: type only, never null */
};

/* RFC 8259's number grammar: can this literal be written as JSON as is? */
static int
json_number_ok(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (*s >= '1' && *s <= '9')
		while (*s >= '0' && *s <= '9')
			s++;
	else
		return (0);
	if (*s == '.') {
		s++;
		if (!(*s >= '0' && *s <= '9'))
			return (0);
		while (*s >= '0' && *s <= '9')
			s++;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!(*s >= '0' && *s <= '9'))
			return (0);
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return (*s == '\0');
}

/*
 * A number bound: the schema's own text when it is valid JSON (no digit
 * lost), else the double it was parsed to.
 */
static void
jw_bound(struct jw *w, const char *key, const char *text, double value)
{
	jw_key(w, key);
	if (text != NULL && json_number_ok(text))
		out_puts(w->o, text);
	else if (isfinite(value))
		out_printf(w->o, "%.17g", value);
	else
		out_puts(w->o, "0");
}

/* "type": "x" or, when null is allowed, "type": ["x", "null"]. */
static void
jw_type(struct jw *w, const char *type, int nullable)
{
	jw_key(w, "type");
	if (nullable)
		out_printf(w->o, "[\"%s\", \"null\"]", type);
	else
		out_printf(w->o, "\"%s\"", type);
}

/* The JSON Schema type name of a column type; NULL for json (any value). */
static const char *
json_type(enum ir_type t)
{
	switch (t) {
	case IR_SERIAL:
	case IR_BIGSERIAL:
	case IR_SMALLINT:
	case IR_INT:
	case IR_BIGINT:
		return ("integer");
	case IR_FLOAT:
	case IR_NUMERIC:
		return ("number");
	case IR_BOOL:
		return ("boolean");
	case IR_JSON:
		return (NULL);
	default:
		return ("string");
	}
}

static const char *
json_format(enum ir_type t, int email)
{
	switch (t) {
	case IR_SERIAL:
	case IR_SMALLINT:
	case IR_INT:
		return ("int32");
	case IR_BIGSERIAL:
	case IR_BIGINT:
		return ("int64");
	case IR_FLOAT:
		return ("double");
	case IR_DATE:
		return ("date");
	case IR_TIMESTAMPTZ:
		return ("date-time");
	case IR_UUID:
		return ("uuid");
	case IR_STRING:
	case IR_TEXT:
		return (email ? "email" : NULL);
	default:
		return (NULL);
	}
}

/* Empty a scratch buffer for reuse. */
static void
reset(struct out *o)
{
	o->len = 0;
	o->buf[0] = '\0';
}

/* Append a sentence to a description being built. */
static void
desc_add(struct out *d, const char *sentence)
{
	if (d->len > 0)
		out_puts(d, " ");
	out_puts(d, sentence);
}

static const char *
on_delete_name(enum ir_on_delete od)
{
	switch (od) {
	case IR_ON_DELETE_CASCADE:
		return ("cascade");
	case IR_ON_DELETE_RESTRICT:
		return ("restrict");
	case IR_ON_DELETE_SET_NULL:
		return ("set null");
	default:
		return ("no action");
	}
}

/* The description of a field in a body or response schema. */
static void
field_description(const struct ir_field *f, enum variant v, struct out *d)
{
	char buf[256];

	if (f->ref_model != NULL && f->ref_field != NULL) {
		out_printf(d, "References %s.%s (on delete: %s).",
		    f->ref_model->name, f->ref_field->name,
		    on_delete_name(f->on_delete));
	}
	switch (f->type) {
	case IR_NUMERIC:
		if (f->precision > 0)
			(void)snprintf(buf, sizeof(buf),
			    "Exact decimal, numeric(%d, %d).", f->precision,
			    f->scale);
		else
			(void)snprintf(buf, sizeof(buf), "Exact decimal.");
		desc_add(d, buf);
		if (v == V_RESPONSE)
			desc_add(d,
			    "Returned as a JSON number with every "
			    "digit kept.");
		else
			desc_add(d,
			    "Send a JSON number, or a string to keep "
			    "every digit.");
		break;
	case IR_TIMESTAMP:
		desc_add(d,
		    "Date and time without a time zone, ISO 8601 "
		    "(e.g. 2024-05-01T12:30:00).");
		break;
	case IR_JSON:
		desc_add(d, "Any JSON value, stored as jsonb.");
		break;
	default:
		break;
	}
	if (v == V_CREATE && f->default_kind == IR_DEFAULT_NOW)
		desc_add(d, "Defaults to the current time.");
	if (v == V_CREATE && f->default_kind == IR_DEFAULT_RANDOM)
		desc_add(d, "Defaults to a random UUID.");
	if (v != V_RESPONSE && f->writeonly)
		desc_add(d, "Write-only: accepted, never returned.");
}

/*
 * A description made of the schema's own doc, as a paragraph of its own,
 * and the sentences schemac adds; NULL doc and empty notes are fine.
 */
static void
jw_description(struct jw *w, const char *doc, const char *notes)
{
	struct out d;

	out_init(&d);
	if (doc != NULL)
		out_puts(&d, doc);
	if (doc != NULL && notes[0] != '\0')
		out_puts(&d, "\n\n");
	out_puts(&d, notes);
	if (d.len > 0)
		jw_str(w, "description", d.buf);
	out_free(&d);
}

/* The literal default as JSON: raw for numbers, bool and json, else quoted. */
static void
jw_default(struct jw *w, const struct ir_field *f)
{
	switch (f->type) {
	case IR_SMALLINT:
	case IR_INT:
	case IR_BIGINT:
	case IR_FLOAT:
	case IR_NUMERIC:
		if (json_number_ok(f->default_value))
			jw_raw(w, "default", f->default_value);
		else
			jw_str(w, "default", f->default_value);
		break;
	case IR_BOOL:
		jw_raw(w, "default",
		    strcmp(f->default_value, "true") == 0 ? "true" : "false");
		break;
	case IR_JSON:
		/* The checker normalized it to compact JSON text. */
		jw_raw(w, "default", f->default_value);
		break;
	default:
		jw_str(w, "default", f->default_value);
	}
}

/*
 * The JSON Schema of one field for a variant, as the members of an object
 * the caller has opened.
 */
static void
field_schema(struct jw *w, const struct ir_field *f, enum variant v)
{
	struct out d;
	const char *type, *format;
	size_t i;
	int nullable;

	nullable = f->nullable && v != V_PARAM;
	out_init(&d);
	if (v != V_PARAM) {
		field_description(f, v, &d);
		jw_description(w, f->doc, d.buf);
	}
	out_free(&d);

	type = json_type(f->type);
	if (type == NULL) {
		/* json: any value, null included; nothing to constrain. */
		if (v == V_CREATE && f->default_kind == IR_DEFAULT_LITERAL)
			jw_default(w, f);
		return;
	}
	if (f->type == IR_NUMERIC &&
	    (v == V_CREATE || v == V_UPDATE || v == V_PARAM)) {
		/* The decoder takes a number or its exact text. */
		jw_key(w, "type");
		out_puts(w->o,
		    nullable ? "[\"number\", \"string\", \"null\"]"
			     : "[\"number\", \"string\"]");
		jw_str(w, "pattern", "^-?[0-9]+(\\.[0-9]+)?$");
	} else
		jw_type(w, type, nullable);
	if ((format = json_format(f->type, f->format_email)) != NULL)
		jw_str(w, "format", format);

	if (f->type == IR_ENUM) {
		jw_arr(w, "enum");
		for (i = 0; i < f->nenum_values; i++)
			jw_elem_str(w, f->enum_values[i]);
		if (nullable) {
			/* JSON Schema's enum must list null to allow it. */
			jw_item(w);
			out_puts(w->o, "null");
		}
		jw_close(w, ']');
	}
	if (v == V_PARAM && f->type == IR_SMALLINT) {
		/* A path or query value is held to the type's range only. */
		jw_raw(w, "minimum", "-32768");
		jw_raw(w, "maximum", "32767");
	} else if (v != V_PARAM) {
		if (f->type == IR_SMALLINT) {
			jw_bound(w, "minimum",
			    f->min_text != NULL ? f->min_text : "-32768",
			    f->min_value);
			jw_bound(w, "maximum",
			    f->max_text != NULL ? f->max_text : "32767",
			    f->max_value);
		} else {
			if (f->min_text != NULL)
				jw_bound(
				    w, "minimum", f->min_text, f->min_value);
			if (f->max_text != NULL)
				jw_bound(
				    w, "maximum", f->max_text, f->max_value);
		}
		if (f->min_length > 0) {
			jw_key(w, "minLength");
			out_printf(w->o, "%ld", f->min_length);
		}
		if (f->max_length > 0) {
			jw_key(w, "maxLength");
			out_printf(w->o, "%ld", f->max_length);
		}
		if (f->pattern != NULL)
			jw_str(w, "pattern", f->pattern);
	}
	if (v == V_CREATE && f->default_kind == IR_DEFAULT_LITERAL &&
	    f->default_value != NULL)
		jw_default(w, f);
	if (v == V_RESPONSE && api_readonly(f))
		jw_raw(w, "readOnly", "true");
}

/* Is field f a member of the variant's object? */
static int
in_variant(const struct ir_field *f, enum variant v)
{
	if (v == V_RESPONSE)
		return (!f->writeonly);
	return (!api_readonly(f));
}

/* components.schemas.<Model>, <Model>Create or <Model>Update. */
static void
model_schema(struct jw *w, const struct ir_model *m, enum variant v)
{
	struct out d;
	const struct ir_field *f;
	size_t i;
	int nreq;

	out_init(&d);
	switch (v) {
	case V_CREATE:
		out_printf(&d, "%sCreate", m->name);
		jw_obj(w, d.buf);
		reset(&d);
		out_printf(&d,
		    "The body of POST /%s. Fields left out take "
		    "their default; server-set fields are not accepted.",
		    m->table);
		break;
	case V_UPDATE:
		out_printf(&d, "%sUpdate", m->name);
		jw_obj(w, d.buf);
		reset(&d);
		out_printf(&d,
		    "The body of PATCH /%s/{%s}: only the fields "
		    "given change.",
		    m->table, m->pk->name);
		break;
	default:
		jw_obj(w, m->name);
		reset(&d);
		out_printf(&d, "A row of %s, as the API returns it.", m->table);
		break;
	}
	jw_description(w, m->doc, d.buf);
	out_free(&d);
	jw_str(w, "type", "object");

	jw_obj(w, "properties");
	for (i = 0; i < m->nfields; i++) {
		f = &m->fields[i];
		if (!in_variant(f, v))
			continue;
		jw_obj(w, f->name);
		field_schema(w, f, v);
		jw_close(w, '}');
	}
	jw_close(w, '}');

	/* A response always carries every returned field, null or not. */
	nreq = 0;
	for (i = 0; i < m->nfields && v != V_UPDATE; i++) {
		f = &m->fields[i];
		if (!in_variant(f, v) || (v == V_CREATE && !api_required(f)))
			continue;
		if (nreq++ == 0)
			jw_arr(w, "required");
		jw_elem_str(w, f->name);
	}
	if (nreq > 0)
		jw_close(w, ']');
	/* The decoders reject unknown members (extra_forbidden). */
	if (v != V_RESPONSE)
		jw_raw(w, "additionalProperties", "false");
	jw_close(w, '}');
}

/* --- operations ---------------------------------------------------------- */

/*
 * The error statuses of an operation, besides its success (see the table
 * at the top of this file), written in this order. The shared ones refer
 * to components.responses; 404 and the delete's 409 name the model.
 */
#define E_400 0x001 /* BadRequest: a body that is no valid JSON */
#define E_400_QUERY 0x002 /* BadQueryString: a list's malformed query */
#define E_404 0x004 /* no such row */
#define E_409 0x008 /* Conflict: a unique value taken */
#define E_409_REFERENCED 0x010 /* a DELETE of a row still referenced */
#define E_413 0x020 /* PayloadTooLarge */
#define E_415 0x040 /* UnsupportedMediaType */
#define E_422 0x080 /* UnprocessableEntity */
#define E_503 0x100 /* ServiceUnavailable: every operation */

/* Every operation with a JSON request body answers these. */
#define E_BODY (E_400 | E_413 | E_415 | E_422 | E_503)

/* What the document says of one operation. */
struct op {
	const char *method; /* its member of the path item: "get", ... */
	struct out verb; /* operationId: <model>_<verb> */
	struct out summary;
	struct out description;
	const char *body; /* the request body's schema suffix, or NULL */
	const char *status; /* the success status */
	struct out ok; /* its description */
	int result; /* what it returns: 0 nothing, 1 the row, 2 rows */
	const char *header; /* a header of the success, or NULL */
	const char *header_ref; /* its components.headers name */
	unsigned errors; /* E_* */
};

static void
op_init(struct op *op, const char *method, const char *status, int result)
{
	memset(op, 0, sizeof(*op));
	op->method = method;
	op->status = status;
	op->result = result;
	out_init(&op->verb);
	out_init(&op->summary);
	out_init(&op->description);
	out_init(&op->ok);
}

/* "content" of a JSON body: the model's schema (suffixed), or an array. */
static void
json_content(struct jw *w, const char *schema, const char *suffix, int array)
{
	jw_obj(w, "content");
	jw_obj(w, "application/json");
	if (array) {
		jw_obj(w, "schema");
		jw_str(w, "type", "array");
		jw_schema_ref(w, "items", schema, suffix);
		jw_close(w, '}');
	} else
		jw_schema_ref(w, "schema", schema, suffix);
	jw_close(w, '}');
	jw_close(w, '}');
}

/*
 * Open the operation: "tags", "summary", "description", "operationId"
 * (the C API's names, SPEC section 4: user_list, user_get_by_email) and
 * the request body. Parameters of its own may follow, then op_end().
 */
static void
op_begin(struct jw *w, const struct ir_model *m, const struct op *op)
{
	struct out id;

	jw_obj(w, op->method);
	jw_arr(w, "tags");
	jw_elem_str(w, m->name);
	jw_close(w, ']');
	jw_str(w, "summary", op->summary.buf);
	jw_str(w, "description", op->description.buf);
	out_init(&id);
	out_printf(&id, "%s_%s", m->c_name, op->verb.buf);
	jw_str(w, "operationId", id.buf);
	out_free(&id);
	if (op->body != NULL) {
		jw_obj(w, "requestBody");
		jw_raw(w, "required", "true");
		json_content(w, m->name, op->body, 0);
		jw_close(w, '}');
	}
}

/* A {"detail": "..."} response with a description of our own. */
static void
resp_detail(struct jw *w, const char *code, const char *description)
{
	jw_obj(w, code);
	jw_str(w, "description", description);
	json_content(w, "HTTPError", "", 0);
	jw_close(w, '}');
}

/* The operation's "responses", then close it; frees op's texts. */
static void
op_end(struct jw *w, const struct ir_model *m, struct op *op)
{
	static const struct {
		unsigned bit;
		const char *code;
		const char *ref;
	} shared[] = { { E_400, "400", "BadRequest" },
		{ E_400_QUERY, "400", "BadQueryString" },
		{ E_404, "404", NULL }, { E_409, "409", "Conflict" },
		{ E_409_REFERENCED, "409", NULL },
		{ E_413, "413", "PayloadTooLarge" },
		{ E_415, "415", "UnsupportedMediaType" },
		{ E_422, "422", "UnprocessableEntity" },
		{ E_503, "503", "ServiceUnavailable" } };
	struct out d;
	size_t i;

	jw_obj(w, "responses");
	jw_obj(w, op->status);
	jw_str(w, "description", op->ok.buf);
	if (op->header != NULL) {
		jw_obj(w, "headers");
		jw_ref(w, op->header, "headers", op->header_ref);
		jw_close(w, '}');
	}
	if (op->result != 0)
		json_content(w, m->name, "", op->result == 2);
	jw_close(w, '}');
	out_init(&d);
	for (i = 0; i < sizeof(shared) / sizeof(shared[0]); i++) {
		if ((op->errors & shared[i].bit) == 0)
			continue;
		if (shared[i].ref != NULL) {
			jw_ref(w, shared[i].code, "responses", shared[i].ref);
			continue;
		}
		reset(&d);
		if (shared[i].bit == E_404)
			out_printf(&d,
			    "No such %s: {\"detail\": \"%s not found\"}.",
			    m->name, m->name);
		else
			out_printf(&d,
			    "Other rows still reference this %s (on_delete "
			    "restrict or no action).",
			    m->name);
		resp_detail(w, shared[i].code, d.buf);
	}
	out_free(&d);
	jw_close(w, '}');
	jw_close(w, '}');
	out_free(&op->verb);
	out_free(&op->summary);
	out_free(&op->description);
	out_free(&op->ok);
}

/* A parameter object as the next element of a "parameters" array. */
static void
param_begin(
    struct jw *w, const char *name, const char *in, const char *description)
{
	jw_elem_obj(w);
	jw_str(w, "name", name);
	jw_str(w, "in", in);
	jw_raw(w, "required", strcmp(in, "path") == 0 ? "true" : "false");
	jw_str(w, "description", description);
}

/* A parameter typed as the field f: {pk}, by-<f>'s {value}, a filter. */
static void
param_field(struct jw *w, const struct ir_field *f, const char *name,
    const char *in, const char *description)
{
	param_begin(w, name, in, description);
	jw_obj(w, "schema");
	field_schema(w, f, V_PARAM);
	jw_close(w, '}');
	jw_close(w, '}');
}

static void
param_ref(struct jw *w, const char *name)
{
	jw_elem_obj(w);
	jw_key(w, "$ref");
	out_printf(w->o, "\"#/components/parameters/%s\"", name);
	jw_close(w, '}');
}

/* order_by's two values for a field: ascending and descending. */
static void
order_values(struct jw *w, const struct ir_field *f)
{
	jw_elem_str(w, f->name);
	jw_item(w);
	/* Field names are identifiers: nothing to escape. */
	out_printf(w->o, "\"-%s\"", f->name);
}

/* GET /<table>. */
static void
op_list(struct jw *w, const struct ir_model *m)
{
	const struct ir_field *f, *pk = m->pk;
	struct out d;
	struct op op;
	size_t i;

	op_init(&op, "get", "200", 2);
	out_puts(&op.verb, "list");
	out_printf(&op.summary, "List %s", m->table);
	out_printf(&op.description,
	    "Rows of %s ordered by %s (or by order_by), at most "
	    "limit of them. Page with offset, or with after=<the last %s "
	    "seen> for keyset paging that stays stable while rows are "
	    "added. Filters are equality tests combined with AND; "
	    "count=true adds the X-Total-Count header.",
	    m->table, pk->name, pk->name);
	out_printf(&op.ok, "The page of %s.", m->table);
	op.header = "X-Total-Count";
	op.header_ref = "XTotalCount";
	/* The handler checks the whole query string first (sc_query_check). */
	op.errors = E_400_QUERY | E_422 | E_503;
	op_begin(w, m, &op);

	jw_arr(w, "parameters");
	param_ref(w, "Limit");
	param_ref(w, "Offset");

	param_begin(w, "order_by", "query",
	    "The sort key: a field name "
	    "for ascending order, or -name for descending.");
	jw_obj(w, "schema");
	jw_str(w, "type", "string");
	/* In the handlers' order: the key first, then the indexed fields. */
	jw_arr(w, "enum");
	order_values(w, pk);
	for (i = 0; i < m->nfields; i++) {
		f = &m->fields[i];
		if (f != pk && api_filterable(m, f))
			order_values(w, f);
	}
	jw_close(w, ']');
	jw_str(w, "default", pk->name);
	jw_close(w, '}');
	jw_close(w, '}');

	out_init(&d);
	out_printf(&d,
	    "Keyset pagination: only rows whose %s is greater "
	    "than this value (smaller with order_by=-%s). Pass the last %s "
	    "of the previous page. Only with the list ordered by %s or -%s.",
	    pk->name, pk->name, pk->name, pk->name, pk->name);
	param_field(w, pk, "after", "query", d.buf);

	param_ref(w, "Count");

	for (i = 0; i < m->nfields; i++) {
		f = &m->fields[i];
		if (!api_filterable(m, f))
			continue;
		reset(&d);
		out_printf(
		    &d, "Only rows whose %s equals this value.", f->name);
		param_field(w, f, f->name, "query", d.buf);
	}
	jw_close(w, ']');
	out_free(&d);
	op_end(w, m, &op);
}

/* POST /<table> (create) or PATCH /<table>/{pk}: a JSON body. */
static void
op_write(struct jw *w, const struct ir_model *m, int create)
{
	struct op op;

	op_init(&op, create ? "post" : "patch", create ? "201" : "200", 1);
	op.errors = E_BODY | (can_conflict(m) ? E_409 : 0);
	if (create) {
		out_puts(&op.verb, "create");
		out_printf(&op.summary, "Create %s", m->name);
		out_printf(&op.description,
		    "Inserts a row into %s and returns it, with the "
		    "values the database assigned, and its URL in Location.",
		    m->table);
		out_printf(&op.ok, "The new %s.", m->name);
		op.body = "Create";
		op.header = "Location";
		op.header_ref = "Location";
	} else {
		out_puts(&op.verb, "update");
		out_printf(&op.summary, "Update %s", m->name);
		out_printf(&op.description,
		    "A partial update: only the fields in the body "
		    "change. Returns the %s as it is afterwards.",
		    m->name);
		out_printf(&op.ok, "The updated %s.", m->name);
		op.body = "Update";
		op.errors |= E_404;
	}
	op_begin(w, m, &op);
	op_end(w, m, &op);
}

/* GET /<table>/{pk} (f the primary key) or GET /<table>/by-<f>/{f}. */
static void
op_read(struct jw *w, const struct ir_model *m, const struct ir_field *f)
{
	struct op op;

	op_init(&op, "get", "200", 1);
	if (f == m->pk) {
		out_puts(&op.verb, "get");
		out_printf(&op.summary, "Get %s", m->name);
		out_printf(&op.description, "The %s whose %s is given.",
		    m->name, f->name);
	} else {
		out_printf(&op.verb, "get_by_%s", f->name);
		out_printf(&op.summary, "Get %s by %s", m->name, f->name);
		out_printf(&op.description,
		    "The %s whose %s (unique) equals the value.", m->name,
		    f->name);
	}
	out_printf(&op.ok, "The %s.", m->name);
	op.errors = E_404 | E_503 | (path_checked(f) ? E_422 : 0);
	op_begin(w, m, &op);
	op_end(w, m, &op);
}

/* DELETE /<table>/{pk}. */
static void
op_delete(struct jw *w, const struct ir_schema *sc, const struct ir_model *m)
{
	struct op op;

	op_init(&op, "delete", "204", 0);
	out_puts(&op.verb, "delete");
	out_printf(&op.summary, "Delete %s", m->name);
	out_printf(&op.description,
	    "Deletes the %s whose %s is given. Rows that "
	    "reference it follow their on_delete rule.",
	    m->name, m->pk->name);
	out_printf(&op.ok, "The %s was deleted.", m->name);
	op.errors = E_404 | E_503 | (path_checked(m->pk) ? E_422 : 0) |
	    (can_block_delete(sc, m) ? E_409_REFERENCED : 0);
	op_begin(w, m, &op);
	op_end(w, m, &op);
}

/* Every path of one model, in a fixed order. */
static void
model_paths(struct jw *w, const struct ir_schema *s, const struct ir_model *m)
{
	const struct ir_field *f;
	struct out p, d;
	size_t i;

	out_init(&p);
	out_init(&d);
	if (api_collection(m)) {
		out_printf(&p, "/%s", m->table);
		jw_obj(w, p.buf);
		if (m->endpoints & IR_EP_LIST)
			op_list(w, m);
		if (m->endpoints & IR_EP_CREATE)
			op_write(w, m, 1);
		jw_close(w, '}');
	}
	if (api_item(m)) {
		reset(&p);
		out_printf(&p, "/%s/{%s}", m->table, m->pk->name);
		jw_obj(w, p.buf);
		jw_arr(w, "parameters");
		out_printf(&d, "The %s's primary key.", m->name);
		param_field(w, m->pk, m->pk->name, "path", d.buf);
		jw_close(w, ']');
		if (m->endpoints & IR_EP_GET)
			op_read(w, m, m->pk);
		if (m->endpoints & IR_EP_UPDATE)
			op_write(w, m, 0);
		if (m->endpoints & IR_EP_DELETE)
			op_delete(w, s, m);
		jw_close(w, '}');
	}
	for (i = 0; i < m->nfields; i++) {
		f = &m->fields[i];
		if (!api_lookup(m, f))
			continue;
		reset(&p);
		out_printf(&p, "/%s/by-%s/{%s}", m->table, f->name, f->name);
		jw_obj(w, p.buf);
		jw_arr(w, "parameters");
		reset(&d);
		out_printf(&d, "The %s to look up (URL-encoded).", f->name);
		param_field(w, f, f->name, "path", d.buf);
		jw_close(w, ']');
		op_read(w, m, f);
		jw_close(w, '}');
	}
	out_free(&p);
	out_free(&d);
}

/* --- shared components --------------------------------------------------- */

/* Which shared components some operation refers to (unused ones fail the lint).
 */
struct usage {
	int any; /* any operation at all: 503, HTTPError */
	int list; /* Limit, Offset, Count, XTotalCount, BadQueryString */
	int create; /* Location */
	int body; /* 400, 413, 415 */
	int conflict; /* the shared 409 of create and update */
	int validation; /* 422, HTTPValidationError, ValidationError */
};

static void
usage_of(const struct ir_schema *s, struct usage *u)
{
	const struct ir_model *m;
	size_t i, j;
	unsigned ep;

	memset(u, 0, sizeof(*u));
	for (i = 0; i < s->nmodels; i++) {
		m = &s->models[i];
		ep = m->endpoints;
		u->any |= (ep & IR_EP_ALL) != 0;
		u->list |= (ep & IR_EP_LIST) != 0;
		u->create |= (ep & IR_EP_CREATE) != 0;
		u->body |= (ep & (IR_EP_CREATE | IR_EP_UPDATE)) != 0;
		if ((ep & (IR_EP_CREATE | IR_EP_UPDATE)) && can_conflict(m))
			u->conflict = 1;
		/* As the operations below decide. */
		u->validation |=
		    (ep & (IR_EP_LIST | IR_EP_CREATE | IR_EP_UPDATE)) != 0;
		if ((ep & (IR_EP_GET | IR_EP_DELETE)) && path_checked(m->pk))
			u->validation = 1;
		for (j = 0; j < m->nfields; j++)
			if (api_lookup(m, &m->fields[j]) &&
			    path_checked(&m->fields[j]))
				u->validation = 1;
	}
}

static void
error_schemas(struct jw *w, const struct usage *u)
{
	if (u->any) {
		jw_obj(w, "HTTPError");
		jw_str(w, "description",
		    "An error: what went wrong, in "
		    "words.");
		jw_str(w, "type", "object");
		jw_obj(w, "properties");
		jw_obj(w, "detail");
		jw_str(w, "type", "string");
		jw_close(w, '}');
		jw_close(w, '}');
		jw_arr(w, "required");
		jw_elem_str(w, "detail");
		jw_close(w, ']');
		jw_close(w, '}');
	}
	if (!u->validation)
		return;
	/* FastAPI's own names and shapes, which its users' clients expect. */
	jw_obj(w, "HTTPValidationError");
	jw_str(w, "description",
	    "Every problem found in a request, one "
	    "entry each.");
	jw_str(w, "type", "object");
	jw_obj(w, "properties");
	jw_obj(w, "detail");
	jw_str(w, "type", "array");
	jw_schema_ref(w, "items", "ValidationError", "");
	jw_close(w, '}');
	jw_close(w, '}');
	jw_arr(w, "required");
	jw_elem_str(w, "detail");
	jw_close(w, ']');
	jw_close(w, '}');

	jw_obj(w, "ValidationError");
	jw_str(w, "description",
	    "One problem: where (loc), what (msg) and "
	    "its machine-readable kind (type), as pydantic names them.");
	jw_str(w, "type", "object");
	jw_obj(w, "properties");
	jw_obj(w, "loc");
	jw_str(w, "description",
	    "Where: \"body\", \"query\" or \"path\", "
	    "then the field or parameter name.");
	jw_str(w, "type", "array");
	jw_obj(w, "items");
	jw_key(w, "type");
	out_puts(w->o, "[\"string\", \"integer\"]");
	jw_close(w, '}');
	jw_close(w, '}');
	jw_obj(w, "msg");
	jw_str(w, "type", "string");
	jw_close(w, '}');
	jw_obj(w, "type");
	jw_str(w, "type", "string");
	jw_close(w, '}');
	jw_close(w, '}');
	jw_arr(w, "required");
	jw_elem_str(w, "loc");
	jw_elem_str(w, "msg");
	jw_elem_str(w, "type");
	jw_close(w, ']');
	jw_close(w, '}');
}

/*
 * A shared component with a schema of the given type: a query parameter
 * (components.parameters, name set) or a header (components.headers,
 * name NULL). The caller adds the schema's members, then closes both.
 */
static void
shared_typed(struct jw *w, const char *comp, const char *name,
    const char *description, const char *type)
{
	jw_obj(w, comp);
	if (name != NULL) {
		jw_str(w, "name", name);
		jw_str(w, "in", "query");
		jw_raw(w, "required", "false");
	}
	jw_str(w, "description", description);
	jw_obj(w, "schema");
	jw_str(w, "type", type);
}

/* components.parameters: the list parameters every model shares. */
static void
shared_parameters(struct jw *w)
{
	jw_obj(w, "parameters");

	shared_typed(
	    w, "Limit", "limit", "The most rows to return.", "integer");
	jw_raw(w, "minimum", "1");
	jw_key(w, "maximum");
	out_printf(w->o, "%d", API_LIMIT_MAX);
	jw_key(w, "default");
	out_printf(w->o, "%d", API_LIMIT_DEFAULT);
	jw_close(w, '}');
	jw_close(w, '}');

	shared_typed(w, "Offset", "offset",
	    "Rows to skip before the first one returned.", "integer");
	jw_raw(w, "minimum", "0");
	jw_raw(w, "default", "0");
	jw_close(w, '}');
	jw_close(w, '}');

	shared_typed(w, "Count", "count",
	    "true: also count the matching rows into "
	    "the X-Total-Count header (an extra query, so only on request).",
	    "boolean");
	jw_raw(w, "default", "false");
	jw_close(w, '}');
	jw_close(w, '}');

	jw_close(w, '}');
}

/* components.headers */
static void
shared_headers(struct jw *w, const struct usage *u)
{
	jw_obj(w, "headers");
	if (u->list) {
		shared_typed(w, "XTotalCount", NULL,
		    "The number of rows that match the "
		    "filters, regardless of limit, offset and after; sent only "
		    "with count=true.",
		    "integer");
		jw_raw(w, "minimum", "0");
		jw_close(w, '}');
		jw_close(w, '}');
	}
	if (u->create) {
		shared_typed(w, "Location", NULL,
		    "The new row's path, /<table>/<primary key>.", "string");
		jw_str(w, "format", "uri-reference");
		jw_close(w, '}');
		jw_close(w, '}');
	}
	shared_typed(w, "RetryAfter", NULL,
	    "Seconds to wait before trying again.", "integer");
	jw_raw(w, "minimum", "0");
	jw_close(w, '}');
	jw_close(w, '}');
	jw_close(w, '}');
}

/* A components.responses entry with an optional JSON schema. */
static void
shared_response(
    struct jw *w, const char *name, const char *description, const char *schema)
{
	jw_obj(w, name);
	jw_str(w, "description", description);
	if (strcmp(name, "ServiceUnavailable") == 0) {
		jw_obj(w, "headers");
		jw_ref(w, "Retry-After", "headers", "RetryAfter");
		jw_close(w, '}');
	}
	if (schema != NULL)
		json_content(w, schema, "", 0);
	jw_close(w, '}');
}

static void
shared_responses(struct jw *w, const struct usage *u)
{
	jw_obj(w, "responses");
	if (u->body) {
		shared_response(w, "BadRequest",
		    "The body is not valid JSON: "
		    "a syntax error, invalid UTF-8 or nesting too deep.",
		    "HTTPError");
		/*
		 * Kore answers an oversized body itself, before any handler
		 * runs, so no body is promised here.
		 */
		shared_response(w, "PayloadTooLarge",
		    "The body is larger "
		    "than the configured limit.",
		    NULL);
		shared_response(w, "UnsupportedMediaType",
		    "The body's "
		    "Content-Type is not application/json.",
		    "HTTPError");
	}
	if (u->list)
		shared_response(w, "BadQueryString",
		    "The query string is malformed: a bad percent-encoding, "
		    "an encoded NUL byte or invalid UTF-8.",
		    "HTTPError");
	if (u->conflict)
		shared_response(w, "Conflict",
		    "A unique value is already taken by another row.",
		    "HTTPError");
	if (u->validation)
		shared_response(w, "UnprocessableEntity",
		    "The request is "
		    "well-formed but invalid: every problem is listed.",
		    "HTTPValidationError");
	shared_response(w, "ServiceUnavailable",
	    "The database cannot be "
	    "reached; try again after Retry-After seconds.",
	    "HTTPError");
	jw_close(w, '}');
}

/* --- the document ----------------------------------------------------------
 */

static void
info(struct jw *w, const struct ir_schema *s)
{
	struct out d;

	out_init(&d);
	if (s->description != NULL)
		out_puts(&d, s->description);
	else
		out_printf(
		    &d, "The HTTP API generated by schemac from %s.", s->path);
	out_puts(&d,
	    "\n\nErrors are JSON objects with a `detail` member, "
	    "as in FastAPI; a validation error (422) lists every problem "
	    "found. Unknown paths get 404, and a method that a path does "
	    "not list gets 405 with an `Allow` header. When the database is "
	    "unreachable every operation answers 503 with `Retry-After`.");
	jw_obj(w, "info");
	jw_str(w, "title", s->title);
	jw_str(w, "version", s->version);
	jw_str(w, "description", d.buf);
	/*
	 * The schema language has no license yet; without one, the API's
	 * rights are reserved, which SPDX spells as a LicenseRef.
	 */
	jw_obj(w, "license");
	jw_str(w, "name", "Proprietary");
	jw_str(w, "identifier", "LicenseRef-Proprietary");
	jw_close(w, '}');
	jw_close(w, '}');
	out_free(&d);
}

/*
 * Render the OpenAPI 3.1 document. JSON has no comments, so the DO NOT
 * EDIT notice is the first member, on the first line with the brace.
 * Never fails.
 */
int
emit_openapi_json(const struct ir_schema *s, struct out *o)
{
	struct jw w;
	struct usage u;
	const struct ir_model *m;
	struct out d;
	size_t i;

	memset(&w, 0, sizeof(w));
	w.o = o;
	usage_of(s, &u);

	jw_open(&w, '{');
	out_puts(o, "\"x-generated\": ");
	out_init(&d);
	out_printf(&d, "Code generated by schemac %s from %s. DO NOT EDIT.",
	    SCHEMAC_VERSION, s->path);
	out_json_string(o, d.buf);
	out_free(&d);
	w.count[w.depth] = 1;

	jw_str(&w, "openapi", "3.1.0");
	info(&w, s);

	/*
	 * "/" is the server that served this document, whatever its port;
	 * the second is where `make run` listens by default.
	 */
	jw_arr(&w, "servers");
	jw_elem_obj(&w);
	jw_str(&w, "url", "/");
	jw_str(&w, "description", "The server this document came from");
	jw_close(&w, '}');
	jw_elem_obj(&w);
	jw_str(&w, "url", "http://127.0.0.1:8888");
	jw_str(&w, "description", "make run's default address");
	jw_close(&w, '}');
	jw_close(&w, ']');

	/* The API has no authentication: say so rather than leave it open. */
	jw_arr(&w, "security");
	jw_close(&w, ']');

	jw_arr(&w, "tags");
	for (i = 0; i < s->nmodels; i++) {
		m = &s->models[i];
		if ((m->endpoints & IR_EP_ALL) == 0)
			continue;
		jw_elem_obj(&w);
		jw_str(&w, "name", m->name);
		out_init(&d);
		if (m->doc != NULL)
			out_puts(&d, m->doc);
		else
			out_printf(&d, "Rows of the %s table.", m->table);
		jw_str(&w, "description", d.buf);
		out_free(&d);
		jw_close(&w, '}');
	}
	jw_close(&w, ']');

	jw_obj(&w, "paths");
	for (i = 0; i < s->nmodels; i++)
		model_paths(&w, s, &s->models[i]);
	jw_close(&w, '}');

	jw_obj(&w, "components");
	jw_obj(&w, "schemas");
	for (i = 0; i < s->nmodels; i++) {
		m = &s->models[i];
		if (returns_rows(m))
			model_schema(&w, m, V_RESPONSE);
		if (m->endpoints & IR_EP_CREATE)
			model_schema(&w, m, V_CREATE);
		if (m->endpoints & IR_EP_UPDATE)
			model_schema(&w, m, V_UPDATE);
	}
	error_schemas(&w, &u);
	jw_close(&w, '}');
	if (u.list)
		shared_parameters(&w);
	if (u.any) {
		shared_headers(&w, &u);
		shared_responses(&w, &u);
	}
	jw_close(&w, '}');

	jw_close(&w, '}');
	out_puts(o, "\n");
	return (0);
}
