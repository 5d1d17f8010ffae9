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
	const char *where; /* "body", "query" or "path" */
	char *field; /* field or parameter name (owned) */
	char *msg; /* human-readable message (owned) */
	const char *type; /* machine-readable code, static */
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
	const char *name; /* JSON key */
	bool nullable;
	long min_length; /* characters; 0 = none */
	long max_length; /* characters; 0 = none */
	bool has_min, has_max;
	double min, max; /* for float and integers */
	const char *min_text, *max_text; /* for numeric, exact */
	int precision, scale; /* numeric */
	bool email;
	const char *pattern; /* POSIX ERE source, for messages */
	regex_t *regex; /* compiled pattern or NULL */
	const char *const *enum_values; /* NULL-terminated, or NULL */
};

/*
 * Decoders. v is the member's value (never NULL: absence is handled by the
 * caller). Strings are copied into *out (malloc'd; caller frees).
 * is_null, when not NULL, receives whether v was JSON null (allowed only
 * when rules->nullable; otherwise null gets the type's error, e.g.
 * int_type). Return 0 or -1 (error recorded; *out is then 0 / NULL).
 * Integers: a JSON number with an integral value (1, 1.0, 1e2); a fraction
 * is int_from_float, a string int_type, and a value outside the column
 * type or rules is less_than_equal / greater_than_equal naming the limit.
 * float: any finite JSON number (else finite_number). bool: true/false
 * only (bool_type; no 0/1, no strings).
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
 * string: a JSON string without NUL characters (else string_type);
 * lengths count code points (string_too_short / string_too_long); email
 * is a syntax check (value_error "value is not a valid email address:
 * ..."); the pattern is searched for, as pydantic does, so anchor it to
 * match the whole value (string_pattern_mismatch). enum: anything but one
 * of the labels, non-strings included, is "enum" ("Input should be
 * 'member' or 'admin'").
 */
int sc_decode_string(const struct sc_json *, const struct sc_field_rules *,
    struct sc_verrs *, char **);
int sc_decode_enum(const struct sc_json *, const struct sc_field_rules *,
    struct sc_verrs *, char **);
/*
 * numeric: a JSON number or a numeric string; *out is its exact text.
 * Checks precision/scale as pydantic's max_digits/decimal_places
 * (decimal_max_digits, decimal_max_places, decimal_whole_digits; trailing
 * fractional zeros do not count) and min_text/max_text (or min/max).
 */
int sc_decode_numeric(const struct sc_json *, const struct sc_field_rules *,
    struct sc_verrs *, char **);
/*
 * ISO 8601 date (YYYY-MM-DD, real calendar dates: date_parsing), timestamp
 * (YYYY-MM-DD[T ]HH:MM[:SS[.ffffff]], no offset: timezone_naive
 * otherwise) and timestamptz (the same plus Z or +-HH[[:]MM]:
 * timezone_aware without one); syntax errors are datetime_parsing.
 */
int sc_decode_date(const struct sc_json *, const struct sc_field_rules *,
    struct sc_verrs *, char **);
int sc_decode_timestamp(const struct sc_json *, const struct sc_field_rules *,
    struct sc_verrs *, char **);
int sc_decode_timestamptz(const struct sc_json *, const struct sc_field_rules *,
    struct sc_verrs *, char **);
/* uuid: 8-4-4-4-12 or 32 hex digits, any case; *out lower-case 8-4-4-4-12 */
int sc_decode_uuid(const struct sc_json *, const struct sc_field_rules *,
    struct sc_verrs *, char **);
/*
 * json: any JSON value; *out is its compact text. JSON null is SQL NULL
 * (*out = NULL) for a nullable field and the JSON text "null" otherwise.
 * Strings containing \u0000 are refused (jsonb cannot store them).
 */
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
 * [min, max], recording a "query" error otherwise ("int_parsing" for
 * text that is not [+-]digits, less_than_equal / greater_than_equal out
 * of range).
 */
int sc_query_int64(const char *name, const char *text, int64_t min, int64_t max,
    struct sc_verrs *, int64_t *out);

/*
 * URL parameters in general (where is "query" or "path"; the field name
 * for messages is rules->name or name). Each returns 0, or -1 with the
 * error recorded.
 *   sc_param_int64   as sc_query_int64.
 *   sc_param_bool    true/false, 1/0, yes/no, on/off, t/f, y/n, any case.
 *   sc_param_double  a finite decimal number within rules' min/max.
 *   sc_param_text    n bytes of valid UTF-8 checked as kind with the
 *                    field's rules (lengths, email, pattern, enum values,
 *                    numeric precision, date syntax, ...); *out is a
 *                    malloc'd copy (timestamps with upper-case T/Z, uuids
 *                    normalized to lower-case hyphenated form).
 *   sc_param_textz   the same for a NUL-terminated text, which it checks
 *                    to be valid UTF-8 first.
 * The JSON decoders above use the same checks with where = "body".
 */
enum sc_text_kind {
	SC_TEXT_STRING, /* string, text (and email / pattern) */
	SC_TEXT_ENUM,
	SC_TEXT_NUMERIC,
	SC_TEXT_DATE,
	SC_TEXT_TIMESTAMP,
	SC_TEXT_TIMESTAMPTZ,
	SC_TEXT_UUID
};
int sc_param_int64(const char *where, const char *name, const char *text,
    int64_t min, int64_t max, struct sc_verrs *, int64_t *out);
int sc_param_bool(const char *where, const char *name, const char *text,
    struct sc_verrs *, bool *out);
int sc_param_double(const char *where, const struct sc_field_rules *,
    const char *text, struct sc_verrs *, double *out);
int sc_param_text(const char *where, enum sc_text_kind,
    const struct sc_field_rules *, const char *text, size_t n,
    struct sc_verrs *, char **out);
int sc_param_textz(const char *where, enum sc_text_kind,
    const struct sc_field_rules *, const char *text, struct sc_verrs *,
    char **out);

#endif
