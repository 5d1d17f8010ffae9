/*
 * sc_validate.h: request validation with FastAPI's error shape. Each
 * sc_decode_* reads one JSON value into a C value, checking type and
 * constraints; on failure it appends an error to the list and returns -1.
 * Messages and "type" codes follow pydantic v2, which FastAPI users know:
 * missing, extra_forbidden, int_type, string_too_long, enum, ...
 */
#ifndef SC_VALIDATE_H
#define SC_VALIDATE_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sc_buf.h"
#include "sc_json.h"

struct sc_verr {
	const char *where;	/* "body", "query" or "path" */
	char *field;		/* field or parameter name (owned) */
	char *msg;		/* human-readable message (owned) */
	const char *type;	/* machine-readable code, static */
};

struct sc_verrs {
	struct sc_verr *items;
	size_t n;
	size_t cap;
};

void sc_verrs_init(struct sc_verrs *);
void sc_verrs_free(struct sc_verrs *);
void sc_verr_add(struct sc_verrs *, const char *where, const char *field,
    const char *type, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* {"detail":[{"loc":["body","email"],"msg":"...","type":"..."}, ...]} */
void sc_verrs_json(const struct sc_verrs *, struct sc_buf *);

/*
 * Constraints of one field, filled in by generated code as static data.
 * Unused members are zero / NULL.
 */
struct sc_field_rules {
	const char *name;		/* JSON key */
	bool nullable;
	long min_length;		/* characters; 0 = none */
	long max_length;		/* characters; 0 = none */
	bool has_min, has_max;
	double min, max;		/* for float and integers */
	const char *min_text, *max_text; /* for numeric, exact */
	int precision, scale;		/* numeric */
	bool email;
	const char *pattern;		/* POSIX ERE source, for messages */
	regex_t *regex;			/* compiled pattern or NULL */
	const char *const *enum_values;	/* NULL-terminated, or NULL */
};

/*
 * Decoders. v is the member's value (never NULL: absence is handled by the
 * caller). Strings are copied into *out (malloc'd; caller frees).
 * is_null, when not NULL, receives whether v was JSON null (allowed only
 * when rules->nullable). Return 0 or -1 (error recorded).
 */
int sc_decode_int16(const struct sc_json *, const struct sc_field_rules *,
    struct sc_verrs *, int16_t *, bool *is_null);
int sc_decode_int32(const struct sc_json *, const struct sc_field_rules *,
    struct sc_verrs *, int32_t *, bool *is_null);
int sc_decode_int64(const struct sc_json *, const struct sc_field_rules *,
    struct sc_verrs *, int64_t *, bool *is_null);
int sc_decode_double(const struct sc_json *, const struct sc_field_rules *,
    struct sc_verrs *, double *, bool *is_null);
int sc_decode_bool(const struct sc_json *, const struct sc_field_rules *,
    struct sc_verrs *, bool *, bool *is_null);
/*
 * Text-typed decoders: string/text (lengths, email, pattern), enum (labels)
 * and the ones below. JSON null, when the rules allow it, gives *out = NULL.
 */
int sc_decode_string(const struct sc_json *, const struct sc_field_rules *,
    struct sc_verrs *, char **);
int sc_decode_enum(const struct sc_json *, const struct sc_field_rules *,
    struct sc_verrs *, char **);
/* numeric: a JSON number or a numeric string; *out is its exact text */
int sc_decode_numeric(const struct sc_json *, const struct sc_field_rules *,
    struct sc_verrs *, char **);
/* ISO 8601 date, timestamp (no offset) and timestamptz (offset or Z) */
int sc_decode_date(const struct sc_json *, const struct sc_field_rules *,
    struct sc_verrs *, char **);
int sc_decode_timestamp(const struct sc_json *, const struct sc_field_rules *,
    struct sc_verrs *, char **);
int sc_decode_timestamptz(const struct sc_json *,
    const struct sc_field_rules *, struct sc_verrs *, char **);
int sc_decode_uuid(const struct sc_json *, const struct sc_field_rules *,
    struct sc_verrs *, char **);
/* json: any JSON value; *out is its compact text */
int sc_decode_jsonval(const struct sc_json *, const struct sc_field_rules *,
    struct sc_verrs *, char **);

/* Record "Field required" for a missing member. */
void sc_missing(struct sc_verrs *, const char *field);
/* Record "Extra inputs are not permitted" for each unknown member. */
void sc_unknown(struct sc_verrs *, const struct sc_json *member);
/* Record that a readonly field was given. */
void sc_readonly(struct sc_verrs *, const char *field);

/*
 * Query-string values (text from the URL): parse an integer within
 * [min, max], recording a "query" error otherwise.
 */
int sc_query_int64(const char *name, const char *text, int64_t min,
    int64_t max, struct sc_verrs *, int64_t *out);

#endif
