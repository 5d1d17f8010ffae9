/* sc_validate.c: decoding and validation with FastAPI/pydantic v2 errors. */
#include <math.h> /* isfinite: a macro, no libm needed */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "schemac.h"

/*
 * What is accepted (strict, like pydantic's strict mode unless noted):
 *   int types  a JSON number with an integral value (1, -3, 1.0, 1e2);
 *              a fraction is int_from_float, a string is int_type, a value
 *              outside the column type is less_than_equal /
 *              greater_than_equal with the type's limit.
 *   float      any finite JSON number; a string is float_type.
 *   bool       JSON true or false only.
 *   string     a JSON string (no NUL characters: PostgreSQL cannot store
 *              them); lengths count code points.
 *   numeric    a JSON number or a numeric string ("12.50", "-1e3"); the
 *              text is kept exactly. NaN and Infinity are refused.
 *   date       "YYYY-MM-DD"; timestamp "YYYY-MM-DD[T ]HH:MM[:SS[.ffffff]]"
 *              without offset; timestamptz the same with "Z" or +-HH[:MM].
 *   uuid       8-4-4-4-12 hex digits, or 32 hex digits; normalized to the
 *              lower-case hyphenated form.
 *   json       any JSON value, stored as its compact text.
 * JSON null is accepted only by nullable fields; otherwise it gets the
 * type error of the field's type, as in pydantic.
 */

#define SC_VERRS_MAX 100 /* a hostile body cannot make a huge 422 */

static char *
sc_xstrndup(const char *s, size_t n)
{
	char *p;

	p = sc_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return (p);
}

void
sc_verrs_init(struct sc_verrs *e)
{
	e->items = NULL;
	e->n = 0;
	e->cap = 0;
}

void
sc_verrs_free(struct sc_verrs *e)
{
	size_t i;

	if (e == NULL)
		return;
	for (i = 0; i < e->n; i++) {
		free(e->items[i].field);
		free(e->items[i].msg);
	}
	free(e->items);
	sc_verrs_init(e);
}

void
sc_verr_add(struct sc_verrs *e, const char *where, const char *field,
    const char *type, const char *fmt, ...)
{
	struct sc_verr *it;
	va_list ap;
	int n;

	if (e->n >= SC_VERRS_MAX)
		return;
	if (e->n == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 8;
		e->items = realloc(e->items, e->cap * sizeof(*e->items));
		if (e->items == NULL) {
			fprintf(stderr, "sc_validate: out of memory\n");
			abort();
		}
	}
	it = &e->items[e->n];
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	it->msg = sc_xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	(void)vsnprintf(it->msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	it->where = where;
	it->field = field != NULL ? sc_xstrndup(field, strlen(field)) : NULL;
	it->type = type;
	e->n++;
}

void
sc_verrs_json(const struct sc_verrs *e, struct sc_buf *b)
{
	size_t i;

	sc_buf_puts(b, "{\"detail\":[");
	for (i = 0; i < e->n; i++) {
		if (i > 0)
			sc_buf_append(b, ",", 1);
		sc_buf_puts(b, "{\"loc\":[");
		sc_json_cstr(b, e->items[i].where);
		if (e->items[i].field != NULL) {
			sc_buf_append(b, ",", 1);
			sc_json_cstr(b, e->items[i].field);
		}
		sc_buf_puts(b, "],\"msg\":");
		sc_json_cstr(b, e->items[i].msg);
		sc_buf_puts(b, ",\"type\":");
		sc_json_cstr(b, e->items[i].type);
		sc_buf_append(b, "}", 1);
	}
	sc_buf_puts(b, "]}");
}

void
sc_missing(struct sc_verrs *e, const char *field)
{
	sc_verr_add(e, "body", field, "missing", "Field required");
}

void
sc_unknown(struct sc_verrs *e, const struct sc_json *member)
{
	char *key;

	/* The key is the client's text; the JSON writer escapes it. */
	key = sc_xstrndup(member->key != NULL ? member->key : "",
	    member->key != NULL ? member->keylen : 0);
	sc_verr_add(e, "body", key, "extra_forbidden",
	    "Extra inputs are not permitted");
	free(key);
}

void
sc_readonly(struct sc_verrs *e, const char *field)
{
	sc_verr_add(e, "body", field, "readonly", "Field is read-only");
}

/* "s" unless n is 1, for "1 character" / "2 characters". */
static const char *
sc_plural(long n)
{
	return (n == 1 ? "" : "s");
}

/* Code points in valid UTF-8: every byte that is not a continuation. */
static size_t
sc_utf8_count(const char *s, size_t n)
{
	size_t i, c;

	c = 0;
	for (i = 0; i < n; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			c++;
	}
	return (c);
}

static int
sc_utf8_valid(const char *s, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i += k) {
		k = sc_utf8_seqlen((const unsigned char *)s + i, n - i);
		if (k == 0)
			return (0);
	}
	return (1);
}

/* --- type errors --------------------------------------------------- */

static void
sc_type_error(struct sc_verrs *e, const char *where, const char *field,
    enum sc_text_kind kind)
{
	switch (kind) {
	case SC_TEXT_STRING:
		sc_verr_add(e, where, field, "string_type",
		    "Input should be a valid string");
		break;
	case SC_TEXT_ENUM:
		/* Handled by sc_enum_error; kept for completeness. */
		sc_verr_add(e, where, field, "enum",
		    "Input should be a valid enumeration member");
		break;
	case SC_TEXT_NUMERIC:
		sc_verr_add(e, where, field, "decimal_type",
		    "Decimal input should be an integer, float, string or "
		    "Decimal object");
		break;
	case SC_TEXT_DATE:
		sc_verr_add(e, where, field, "date_type",
		    "Input should be a valid date");
		break;
	case SC_TEXT_TIMESTAMP:
	case SC_TEXT_TIMESTAMPTZ:
		sc_verr_add(e, where, field, "datetime_type",
		    "Input should be a valid datetime");
		break;
	case SC_TEXT_UUID:
		sc_verr_add(e, where, field, "uuid_type",
		    "UUID input should be a string, bytes or UUID object");
		break;
	}
}

/* "Input should be 'member' or 'admin'" (pydantic's wording). */
static void
sc_enum_error(
    struct sc_verrs *e, const char *where, const struct sc_field_rules *r)
{
	struct sc_buf b;
	size_t i, n;

	sc_buf_init(&b);
	sc_buf_puts(&b, "Input should be ");
	n = 0;
	if (r->enum_values != NULL) {
		while (r->enum_values[n] != NULL)
			n++;
	}
	for (i = 0; i < n; i++) {
		if (i > 0)
			sc_buf_puts(&b, i == n - 1 ? " or " : ", ");
		sc_buf_appendf(&b, "'%s'", r->enum_values[i]);
	}
	if (n == 0)
		sc_buf_puts(&b, "a valid enumeration member");
	sc_verr_add(e, where, r->name, "enum", "%s", b.data);
	sc_buf_free(&b);
}

/* --- strings ----------------------------------------------------------- */

static int
sc_email_atext(unsigned char c)
{
	if (c >= 0x80)
		return (1); /* internationalized local parts (RFC 6531) */
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return (1);
	return (c != '\0' && strchr("!#$%&'*+/=?^_`{|}~-.", c) != NULL);
}

/*
 * A syntax check in the spirit of python-email-validator (which pydantic
 * uses), without DNS: one @, a dot-atom local part of at most 64 bytes, a
 * domain of dot-separated labels (letters, digits, hyphens, or non-ASCII
 * for IDNs) with at least one dot. Returns NULL or the reason.
 */
static const char *
sc_email_reason(const char *s, size_t n)
{
	const char *at, *dom;
	size_t i, nlocal, ndom, lablen;
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c <= 0x20 || c == 0x7f)
			return ("The email address contains invalid "
				"characters: spaces or control characters.");
	}
	if ((at = memchr(s, '@', n)) == NULL)
		return ("An email address must have an @-sign.");
	nlocal = (size_t)(at - s);
	dom = at + 1;
	ndom = n - nlocal - 1;
	if (memchr(dom, '@', ndom) != NULL)
		return ("The part after the @-sign contains invalid "
			"characters: '@'.");
	if (nlocal == 0)
		return ("There must be something before the @-sign.");
	if (ndom == 0)
		return ("There must be something after the @-sign.");
	if (n > 254)
		return ("The email address is too long.");
	if (nlocal > 64)
		return ("The email address is too long before the @-sign.");
	for (i = 0; i < nlocal; i++) {
		if (!sc_email_atext((unsigned char)s[i]))
			return ("The email address contains invalid "
				"characters before the @-sign.");
	}
	if (s[0] == '.')
		return ("An email address cannot start with a period.");
	if (s[nlocal - 1] == '.')
		return ("An email address cannot have a period immediately "
			"before the @-sign.");
	for (i = 0; i + 1 < nlocal; i++) {
		if (s[i] == '.' && s[i + 1] == '.')
			return ("An email address cannot have two periods in "
				"a row.");
	}
	if (dom[0] == '.')
		return ("An email address cannot have a period immediately "
			"after the @-sign.");
	if (dom[ndom - 1] == '.')
		return ("An email address cannot end with a period.");
	if (memchr(dom, '.', ndom) == NULL)
		return ("The part after the @-sign is not valid. It should "
			"have a period.");
	lablen = 0;
	for (i = 0; i < ndom; i++) {
		c = (unsigned char)dom[i];
		if (c == '.') {
			if (lablen == 0)
				return ("An email address cannot have two "
					"periods in a row.");
			if (dom[i - 1] == '-')
				return ("The part after the @-sign is not "
					"valid: a label cannot end with a "
					"hyphen.");
			lablen = 0;
			continue;
		}
		if (c == '-' && lablen == 0)
			return ("The part after the @-sign is not valid: a "
				"label cannot start with a hyphen.");
		if (!(c >= 0x80 || c == '-' || (c >= 'a' && c <= 'z') ||
			(c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			return ("The part after the @-sign contains invalid "
				"characters.");
		if (++lablen > 63)
			return ("The part after the @-sign is not valid: a "
				"label is too long.");
	}
	if (dom[ndom - 1] == '-')
		return ("The part after the @-sign is not valid: a label "
			"cannot end with a hyphen.");
	return (NULL);
}

static int
sc_check_string(const char *where, const struct sc_field_rules *r,
    const char *s, size_t n, struct sc_verrs *e)
{
	const char *why;
	regex_t re, *rp;
	size_t chars;
	int rc;

	if (memchr(s, '\0', n) != NULL) {
		sc_verr_add(e, where, r->name, "string_type",
		    "Input should be a valid string, without NUL characters");
		return (-1);
	}
	chars = sc_utf8_count(s, n);
	if (r->min_length > 0 && chars < (size_t)r->min_length) {
		sc_verr_add(e, where, r->name, "string_too_short",
		    "String should have at least %ld character%s",
		    r->min_length, sc_plural(r->min_length));
		return (-1);
	}
	if (r->max_length > 0 && chars > (size_t)r->max_length) {
		sc_verr_add(e, where, r->name, "string_too_long",
		    "String should have at most %ld character%s", r->max_length,
		    sc_plural(r->max_length));
		return (-1);
	}
	if (r->email && (why = sc_email_reason(s, n)) != NULL) {
		sc_verr_add(e, where, r->name, "value_error",
		    "value is not a valid email address: %s", why);
		return (-1);
	}
	if (r->pattern != NULL) {
		/* Generated code compiles patterns once; compile here only
		 * when it did not. */
		rp = r->regex;
		if (rp == NULL) {
			if (regcomp(&re, r->pattern,
				REG_EXTENDED | REG_NOSUB) != 0) {
				sc_verr_add(e, where, r->name,
				    "string_pattern_mismatch",
				    "String should match pattern '%s'",
				    r->pattern);
				return (-1);
			}
			rp = &re;
		}
		rc = regexec(rp, s, 0, NULL, 0);
		if (rp == &re)
			regfree(&re);
		if (rc != 0) {
			sc_verr_add(e, where, r->name,
			    "string_pattern_mismatch",
			    "String should match pattern '%s'", r->pattern);
			return (-1);
		}
	}
	return (0);
}

static int
sc_check_enum(const char *where, const struct sc_field_rules *r, const char *s,
    size_t n, struct sc_verrs *e)
{
	size_t i;

	if (r->enum_values != NULL) {
		for (i = 0; r->enum_values[i] != NULL; i++) {
			if (strlen(r->enum_values[i]) == n &&
			    memcmp(r->enum_values[i], s, n) == 0)
				return (0);
		}
	}
	sc_enum_error(e, where, r);
	return (-1);
}

/* --- numeric --------------------------------------------------------- */

/*
 * A decimal number as digits and a power of ten: value = (-1)^neg *
 * 0.D * 10^pt, with D the significant digits (no leading or trailing
 * zeros; none at all for zero) and pt the position of the decimal point
 * relative to them. The exponent is clamped so it cannot overflow.
 */
struct sc_dec {
	int neg;
	char *d; /* significant digits, malloc'd */
	size_t nd;
	long pt;
};

static void
sc_dec_free(struct sc_dec *x)
{
	free(x->d);
	x->d = NULL;
}

/* A decimal number's text in the grammar of sc_num_split (sc_json.h). */
static int
sc_dec_parse(const char *s, size_t n, struct sc_dec *x)
{
	struct sc_num num;
	size_t k;
	char c;

	memset(x, 0, sizeof(*x));
	if (sc_num_split(s, n, &num) == -1)
		return (-1);
	x->neg = num.neg;
	x->d = sc_xmalloc(num.nint + num.nfrac + 1);
	x->nd = 0;
	x->pt = (long)num.nint + num.exp;
	for (k = 0; k < num.nint + num.nfrac; k++) {
		c = k < num.nint ? num.intp[k] : num.frac[k - num.nint];
		if (x->nd == 0 && c == '0') {
			x->pt--; /* a leading zero moves the point */
			continue;
		}
		x->d[x->nd++] = c;
	}
	while (x->nd > 0 && x->d[x->nd - 1] == '0')
		x->nd--;
	if (x->nd == 0) {
		x->neg = 0;
		x->pt = 0;
	}
	x->d[x->nd] = '\0';
	return (0);
}

/* -1, 0 or 1 as a < b, a == b, a > b. */
static int
sc_dec_cmp(const struct sc_dec *a, const struct sc_dec *b)
{
	size_t i, n;
	int mag, sign;

	if (a->nd == 0 && b->nd == 0)
		return (0);
	if (a->nd == 0)
		return (b->neg ? 1 : -1);
	if (b->nd == 0)
		return (a->neg ? -1 : 1);
	if (a->neg != b->neg)
		return (a->neg ? -1 : 1);
	sign = a->neg ? -1 : 1;
	if (a->pt != b->pt)
		return (a->pt < b->pt ? -sign : sign);
	n = a->nd < b->nd ? a->nd : b->nd;
	mag = 0;
	for (i = 0; i < n && mag == 0; i++) {
		if (a->d[i] != b->d[i])
			mag = a->d[i] < b->d[i] ? -1 : 1;
	}
	if (mag == 0 && a->nd != b->nd)
		mag = a->nd < b->nd ? -1 : 1;
	return (mag * sign);
}

/* A bound of a numeric field as text: min_text, else the double. */
static const char *
sc_dec_bound(const char *text, bool has, double v, char *tmp, size_t tmplen)
{
	if (text != NULL)
		return (text);
	if (!has)
		return (NULL);
	(void)sc_fmt_double(tmp, tmplen, v);
	return (tmp);
}

/* PostgreSQL numeric limits when the column has no precision. */
#define SC_NUMERIC_MAX_WHOLE 131072L
#define SC_NUMERIC_MAX_PLACES 16383L

static int
sc_check_numeric(const char *where, const struct sc_field_rules *r,
    const char *s, size_t n, struct sc_verrs *e)
{
	struct sc_dec x, b;
	const char *bt;
	char tmp[40];
	long whole, places, digits, maxw, maxp;
	int rc, c;

	if (sc_dec_parse(s, n, &x) == -1) {
		sc_dec_free(&x);
		sc_verr_add(e, where, r->name, "decimal_parsing",
		    "Input should be a valid decimal");
		return (-1);
	}
	places = x.nd == 0 ? 0 : (long)x.nd - x.pt;
	if (places < 0)
		places = 0;
	whole = x.pt > 0 ? x.pt : 0;
	digits = whole + places;
	rc = 0;
	if (r->precision > 0) {
		maxw = (long)r->precision - r->scale;
		if (digits > r->precision) {
			sc_verr_add(e, where, r->name, "decimal_max_digits",
			    "Decimal input should have no more than %d digit%s "
			    "in total",
			    r->precision, sc_plural(r->precision));
			rc = -1;
		} else if (places > r->scale) {
			sc_verr_add(e, where, r->name, "decimal_max_places",
			    "Decimal input should have no more than %d decimal "
			    "place%s",
			    r->scale, sc_plural(r->scale));
			rc = -1;
		} else if (whole > maxw) {
			sc_verr_add(e, where, r->name, "decimal_whole_digits",
			    "Decimal input should have no more than %ld "
			    "digit%s "
			    "before the decimal point",
			    maxw, sc_plural(maxw));
			rc = -1;
		}
	} else {
		maxw = SC_NUMERIC_MAX_WHOLE;
		maxp = SC_NUMERIC_MAX_PLACES;
		if (whole > maxw) {
			sc_verr_add(e, where, r->name, "decimal_whole_digits",
			    "Decimal input should have no more than %ld digits "
			    "before the decimal point",
			    maxw);
			rc = -1;
		} else if (places > maxp) {
			sc_verr_add(e, where, r->name, "decimal_max_places",
			    "Decimal input should have no more than %ld "
			    "decimal places",
			    maxp);
			rc = -1;
		}
	}
	if (rc == 0 &&
	    (bt = sc_dec_bound(
		 r->min_text, r->has_min, r->min, tmp, sizeof(tmp))) != NULL &&
	    sc_dec_parse(bt, strlen(bt), &b) == 0) {
		c = sc_dec_cmp(&x, &b);
		sc_dec_free(&b);
		if (c < 0) {
			sc_verr_add(e, where, r->name, "greater_than_equal",
			    "Input should be greater than or equal to %s", bt);
			rc = -1;
		}
	}
	if (rc == 0 &&
	    (bt = sc_dec_bound(
		 r->max_text, r->has_max, r->max, tmp, sizeof(tmp))) != NULL &&
	    sc_dec_parse(bt, strlen(bt), &b) == 0) {
		c = sc_dec_cmp(&x, &b);
		sc_dec_free(&b);
		if (c > 0) {
			sc_verr_add(e, where, r->name, "less_than_equal",
			    "Input should be less than or equal to %s", bt);
			rc = -1;
		}
	}
	sc_dec_free(&x);
	return (rc);
}

/* --- dates and times ------------------------------------------------- */

static int
sc_digits(const char *s, size_t n, size_t at, size_t count, int *out)
{
	size_t i;
	int v;

	if (at + count > n)
		return (-1);
	v = 0;
	for (i = at; i < at + count; i++) {
		if (s[i] < '0' || s[i] > '9')
			return (-1);
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return (0);
}

static int
sc_days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return (29);
	return (days[m - 1]);
}

/* YYYY-MM-DD at s; NULL or the reason (speedate's wording). */
static const char *
sc_parse_date(const char *s, size_t n)
{
	int y, m, d;

	if (n < 10)
		return ("input is too short");
	if (sc_digits(s, n, 0, 4, &y) == -1)
		return ("invalid character in year");
	if (s[4] != '-')
		return ("invalid date separator, expected `-`");
	if (sc_digits(s, n, 5, 2, &m) == -1)
		return ("invalid character in month");
	if (s[7] != '-')
		return ("invalid date separator, expected `-`");
	if (sc_digits(s, n, 8, 2, &d) == -1)
		return ("invalid character in day");
	if (y < 1)
		return ("year value is outside expected range");
	if (m < 1 || m > 12)
		return ("month value is outside expected range");
	if (d < 1 || d > sc_days_in_month(y, m))
		return ("day value is outside expected range");
	return (NULL);
}

/*
 * date [Tt ] HH:MM[:SS[.f{1,6}]] [ Z | z | (+|-)HH[[:]MM] ]. *has_tz says
 * whether an offset was present.
 */
static const char *
sc_parse_datetime(const char *s, size_t n, int *has_tz)
{
	const char *why;
	size_t i, f;
	int hh, mm, ss, oh, om;

	*has_tz = 0;
	if ((why = sc_parse_date(s, n)) != NULL)
		return (why);
	if (n == 10)
		return ("input is too short");
	if (s[10] != 'T' && s[10] != 't' && s[10] != ' ')
		return ("invalid datetime separator, expected `T`, `t` or "
			"space");
	if (n < 16)
		return ("input is too short");
	if (sc_digits(s, n, 11, 2, &hh) == -1)
		return ("invalid character in hour");
	if (s[13] != ':')
		return ("invalid time separator, expected `:`");
	if (sc_digits(s, n, 14, 2, &mm) == -1)
		return ("invalid character in minute");
	if (hh > 23)
		return ("hour value is outside expected range");
	if (mm > 59)
		return ("minute value is outside expected range");
	i = 16;
	if (i < n && s[i] == ':') {
		if (sc_digits(s, n, i + 1, 2, &ss) == -1)
			return ("invalid character in second");
		if (ss > 59)
			return ("second value is outside expected range");
		i += 3;
		if (i < n && s[i] == '.') {
			i++;
			f = i;
			while (i < n && s[i] >= '0' && s[i] <= '9')
				i++;
			if (i == f)
				return ("invalid character in second "
					"fraction");
			if (i - f > 6)
				return ("second fraction value is more than 6 "
					"digits long");
		}
	}
	if (i == n)
		return (NULL);
	if (s[i] == 'Z' || s[i] == 'z') {
		*has_tz = 1;
		i++;
	} else if (s[i] == '+' || s[i] == '-') {
		*has_tz = 1;
		if (sc_digits(s, n, i + 1, 2, &oh) == -1)
			return ("invalid timezone hour");
		i += 3;
		om = 0;
		if (i < n && s[i] == ':')
			i++;
		if (i < n) {
			if (sc_digits(s, n, i, 2, &om) == -1)
				return ("invalid timezone minute");
			i += 2;
		}
		if (oh > 23 || om > 59)
			return ("timezone offset must be less than 24 hours");
	} else
		return ("invalid timezone sign");
	if (i != n)
		return ("unexpected extra characters at the end of the input");
	return (NULL);
}

static int
sc_check_date(const char *where, const struct sc_field_rules *r, const char *s,
    size_t n, struct sc_verrs *e)
{
	const char *why;

	if ((why = sc_parse_date(s, n)) == NULL && n > 10)
		why = "unexpected extra characters at the end of the input";
	if (why != NULL) {
		sc_verr_add(e, where, r->name, "date_parsing",
		    "Input should be a valid date in the format YYYY-MM-DD, %s",
		    why);
		return (-1);
	}
	return (0);
}

static int
sc_check_datetime(const char *where, const struct sc_field_rules *r,
    const char *s, size_t n, int want_tz, struct sc_verrs *e)
{
	const char *why;
	int has_tz;

	if ((why = sc_parse_datetime(s, n, &has_tz)) != NULL) {
		sc_verr_add(e, where, r->name, "datetime_parsing",
		    "Input should be a valid datetime, %s", why);
		return (-1);
	}
	if (want_tz && !has_tz) {
		sc_verr_add(e, where, r->name, "timezone_aware",
		    "Input should have timezone info");
		return (-1);
	}
	if (!want_tz && has_tz) {
		/* timestamp drops an offset silently; refuse instead */
		sc_verr_add(e, where, r->name, "timezone_naive",
		    "Input should not have timezone info");
		return (-1);
	}
	return (0);
}

/* --- uuid ------------------------------------------------------------ */

/* Check and normalize into out (37 bytes). */
static int
sc_check_uuid(const char *where, const struct sc_field_rules *r, const char *s,
    size_t n, struct sc_verrs *e, char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, o;
	int v;

	if (n != 36 && n != 32) {
		sc_verr_add(e, where, r->name, "uuid_parsing",
		    "Input should be a valid UUID, invalid length: expected "
		    "length 32 for simple format or 36 for hyphenated "
		    "format, found %zu",
		    n);
		return (-1);
	}
	o = 0;
	for (i = 0; i < n; i++) {
		if (n == 36 && (i == 8 || i == 13 || i == 18 || i == 23)) {
			if (s[i] != '-')
				goto badchar;
			continue;
		}
		if ((v = sc_hexval((unsigned char)s[i])) == -1)
			goto badchar;
		if (o == 8 || o == 13 || o == 18 || o == 23)
			out[o++] = '-';
		out[o++] = hex[v];
	}
	out[o] = '\0';
	return (0);
badchar:
	sc_verr_add(e, where, r->name, "uuid_parsing",
	    "Input should be a valid UUID, invalid character at position %zu",
	    i);
	return (-1);
}

/* --- text values (JSON strings and URL parameters) --------------------- */

int
sc_param_text(const char *where, enum sc_text_kind kind,
    const struct sc_field_rules *r, const char *s, size_t n, struct sc_verrs *e,
    char **out)
{
	char uuid[37];
	size_t i;
	char *p;

	*out = NULL;
	switch (kind) {
	case SC_TEXT_STRING:
		if (sc_check_string(where, r, s, n, e) == -1)
			return (-1);
		break;
	case SC_TEXT_ENUM:
		if (sc_check_enum(where, r, s, n, e) == -1)
			return (-1);
		break;
	case SC_TEXT_NUMERIC:
		if (sc_check_numeric(where, r, s, n, e) == -1)
			return (-1);
		break;
	case SC_TEXT_DATE:
		if (sc_check_date(where, r, s, n, e) == -1)
			return (-1);
		break;
	case SC_TEXT_TIMESTAMP:
	case SC_TEXT_TIMESTAMPTZ:
		if (sc_check_datetime(
			where, r, s, n, kind == SC_TEXT_TIMESTAMPTZ, e) == -1)
			return (-1);
		/* PostgreSQL wants the upper-case forms of t and z. */
		p = sc_xstrndup(s, n);
		for (i = 0; i < n; i++) {
			if (p[i] == 't')
				p[i] = 'T';
			else if (p[i] == 'z')
				p[i] = 'Z';
		}
		*out = p;
		return (0);
	case SC_TEXT_UUID:
		if (sc_check_uuid(where, r, s, n, e, uuid) == -1)
			return (-1);
		*out = sc_xstrndup(uuid, strlen(uuid));
		return (0);
	}
	*out = sc_xstrndup(s, n);
	return (0);
}

/* JSON null: ok for nullable fields, else the type's error. */
static int
sc_decode_text(const struct sc_json *v, const struct sc_field_rules *r,
    struct sc_verrs *e, enum sc_text_kind kind, char **out)
{
	*out = NULL;
	if (v->type == SC_JSON_NULL && r->nullable)
		return (0);
	if (v->type == SC_JSON_NUMBER && kind == SC_TEXT_NUMERIC)
		return (sc_param_text("body", kind, r, v->str, v->len, e, out));
	if (v->type != SC_JSON_STRING) {
		if (kind == SC_TEXT_ENUM)
			sc_enum_error(e, "body", r);
		else
			sc_type_error(e, "body", r->name, kind);
		return (-1);
	}
	return (sc_param_text("body", kind, r, v->str, v->len, e, out));
}

int
sc_decode_string(const struct sc_json *v, const struct sc_field_rules *r,
    struct sc_verrs *e, char **out)
{
	return (sc_decode_text(v, r, e, SC_TEXT_STRING, out));
}

int
sc_decode_enum(const struct sc_json *v, const struct sc_field_rules *r,
    struct sc_verrs *e, char **out)
{
	return (sc_decode_text(v, r, e, SC_TEXT_ENUM, out));
}

int
sc_decode_numeric(const struct sc_json *v, const struct sc_field_rules *r,
    struct sc_verrs *e, char **out)
{
	return (sc_decode_text(v, r, e, SC_TEXT_NUMERIC, out));
}

int
sc_decode_date(const struct sc_json *v, const struct sc_field_rules *r,
    struct sc_verrs *e, char **out)
{
	return (sc_decode_text(v, r, e, SC_TEXT_DATE, out));
}

int
sc_decode_timestamp(const struct sc_json *v, const struct sc_field_rules *r,
    struct sc_verrs *e, char **out)
{
	return (sc_decode_text(v, r, e, SC_TEXT_TIMESTAMP, out));
}

int
sc_decode_timestamptz(const struct sc_json *v, const struct sc_field_rules *r,
    struct sc_verrs *e, char **out)
{
	return (sc_decode_text(v, r, e, SC_TEXT_TIMESTAMPTZ, out));
}

int
sc_decode_uuid(const struct sc_json *v, const struct sc_field_rules *r,
    struct sc_verrs *e, char **out)
{
	return (sc_decode_text(v, r, e, SC_TEXT_UUID, out));
}

/* jsonb cannot store U+0000 in strings or keys (SQLSTATE 22P05). */
static int
sc_json_has_nul(const struct sc_json *v)
{
	const struct sc_json *c;

	if (v->type == SC_JSON_STRING && memchr(v->str, '\0', v->len) != NULL)
		return (1);
	for (c = v->child; c != NULL; c = c->next) {
		if (c->key != NULL && memchr(c->key, '\0', c->keylen) != NULL)
			return (1);
		if (sc_json_has_nul(c))
			return (1);
	}
	return (0);
}

int
sc_decode_jsonval(const struct sc_json *v, const struct sc_field_rules *r,
    struct sc_verrs *e, char **out)
{
	struct sc_buf b;

	*out = NULL;
	if (v->type == SC_JSON_NULL && r->nullable)
		return (0);
	if (sc_json_has_nul(v)) {
		sc_verr_add(e, "body", r->name, "value_error",
		    "Value error, JSON strings must not contain \\u0000");
		return (-1);
	}
	sc_buf_init(&b);
	sc_json_write(&b, v);
	*out = b.data;
	return (0);
}

/* --- numbers ------------------------------------------------------------ */

/*
 * The bounds of an integer field: the type's range narrowed by the rules.
 * A message names the rule as written when it is the bound that applies
 * (lo_rule/hi_rule), else the type's limit; the text is made only for a
 * message, since most values are in range.
 */
struct sc_ibounds {
	int64_t lo, hi;
	const double *lo_rule, *hi_rule; /* NULL: the type's limit */
};

/* ceil/floor of a rule's bound clamped to [tmin, tmax], without libm. */
static int64_t
sc_clamp_bound(double v, int64_t tmin, int64_t tmax, int up)
{
	int64_t t;

	if (v != v || v <= (double)tmin)
		return (tmin);
	if (v >= (double)tmax)
		return (tmax);
	t = (int64_t)v; /* truncates toward zero */
	if (up && (double)t < v)
		t++;
	if (!up && (double)t > v)
		t--;
	return (t);
}

static void
sc_int_bounds(const struct sc_field_rules *r, int64_t tmin, int64_t tmax,
    struct sc_ibounds *b)
{
	b->lo = tmin;
	b->hi = tmax;
	b->lo_rule = NULL;
	b->hi_rule = NULL;
	if (r != NULL && r->has_min && r->min > (double)tmin) {
		b->lo = sc_clamp_bound(r->min, tmin, tmax, 1);
		b->lo_rule = &r->min;
	}
	if (r != NULL && r->has_max && r->max < (double)tmax) {
		b->hi = sc_clamp_bound(r->max, tmin, tmax, 0);
		b->hi_rule = &r->max;
	}
}

/*
 * Record that a value is beyond the upper bound (above) or the lower one,
 * naming the bound as sc_ibounds says.
 */
static void
sc_int_bound_error(const char *where, const char *name,
    const struct sc_ibounds *b, int above, struct sc_verrs *e)
{
	const double *rule;
	char tmp[40];

	rule = above ? b->hi_rule : b->lo_rule;
	if (rule != NULL)
		(void)sc_fmt_double(tmp, sizeof(tmp), *rule);
	else
		(void)sc_fmt_int64(tmp, above ? b->hi : b->lo);
	if (above)
		sc_verr_add(e, where, name, "less_than_equal",
		    "Input should be less than or equal to %s", tmp);
	else
		sc_verr_add(e, where, name, "greater_than_equal",
		    "Input should be greater than or equal to %s", tmp);
}

static int
sc_int_range(const char *where, const char *name, int64_t v,
    const struct sc_ibounds *b, struct sc_verrs *e)
{
	if (v < b->lo || v > b->hi) {
		sc_int_bound_error(where, name, b, v > b->hi, e);
		return (-1);
	}
	return (0);
}

static int
sc_decode_int(const struct sc_json *v, const struct sc_field_rules *r,
    struct sc_verrs *e, int64_t tmin, int64_t tmax, int64_t *out, bool *is_null)
{
	struct sc_ibounds b;
	struct sc_dec x;
	int integral, neg;

	*out = 0;
	if (is_null != NULL)
		*is_null = false;
	if (v->type == SC_JSON_NULL && r->nullable) {
		if (is_null != NULL)
			*is_null = true;
		return (0);
	}
	if (v->type != SC_JSON_NUMBER) {
		sc_verr_add(e, "body", r->name, "int_type",
		    "Input should be a valid integer");
		return (-1);
	}
	sc_int_bounds(r, tmin, tmax, &b);
	if (sc_json_to_int64(v, out) == -1) {
		*out = 0;
		/* A fraction, or an integer beyond int64? */
		integral = 0;
		neg = 0;
		if (sc_dec_parse(v->str, v->len, &x) == 0) {
			integral = x.nd == 0 || (long)x.nd <= x.pt;
			neg = x.neg;
		}
		sc_dec_free(&x);
		if (integral) {
			sc_int_bound_error("body", r->name, &b, !neg, e);
			return (-1);
		}
		sc_verr_add(e, "body", r->name, "int_from_float",
		    "Input should be a valid integer, got a number with a "
		    "fractional part");
		return (-1);
	}
	if (sc_int_range("body", r->name, *out, &b, e) == -1) {
		*out = 0;
		return (-1);
	}
	return (0);
}

int
sc_decode_int16(const struct sc_json *v, const struct sc_field_rules *r,
    struct sc_verrs *e, int16_t *out, bool *is_null)
{
	int64_t x;
	int rc;

	rc = sc_decode_int(v, r, e, INT16_MIN, INT16_MAX, &x, is_null);
	*out = (int16_t)x;
	return (rc);
}

int
sc_decode_int32(const struct sc_json *v, const struct sc_field_rules *r,
    struct sc_verrs *e, int32_t *out, bool *is_null)
{
	int64_t x;
	int rc;

	rc = sc_decode_int(v, r, e, INT32_MIN, INT32_MAX, &x, is_null);
	*out = (int32_t)x;
	return (rc);
}

int
sc_decode_int64(const struct sc_json *v, const struct sc_field_rules *r,
    struct sc_verrs *e, int64_t *out, bool *is_null)
{
	return (sc_decode_int(v, r, e, INT64_MIN, INT64_MAX, out, is_null));
}

static int
sc_double_range(const char *where, const struct sc_field_rules *r, double d,
    struct sc_verrs *e)
{
	char tmp[40];

	if (r->has_min && d < r->min) {
		(void)sc_fmt_double(tmp, sizeof(tmp), r->min);
		sc_verr_add(e, where, r->name, "greater_than_equal",
		    "Input should be greater than or equal to %s", tmp);
		return (-1);
	}
	if (r->has_max && d > r->max) {
		(void)sc_fmt_double(tmp, sizeof(tmp), r->max);
		sc_verr_add(e, where, r->name, "less_than_equal",
		    "Input should be less than or equal to %s", tmp);
		return (-1);
	}
	return (0);
}

int
sc_decode_double(const struct sc_json *v, const struct sc_field_rules *r,
    struct sc_verrs *e, double *out, bool *is_null)
{
	*out = 0;
	if (is_null != NULL)
		*is_null = false;
	if (v->type == SC_JSON_NULL && r->nullable) {
		if (is_null != NULL)
			*is_null = true;
		return (0);
	}
	if (v->type != SC_JSON_NUMBER) {
		sc_verr_add(e, "body", r->name, "float_type",
		    "Input should be a valid number");
		return (-1);
	}
	if (sc_json_to_double(v, out) == -1) {
		*out = 0;
		sc_verr_add(e, "body", r->name, "finite_number",
		    "Input should be a finite number");
		return (-1);
	}
	if (sc_double_range("body", r, *out, e) == -1) {
		*out = 0;
		return (-1);
	}
	return (0);
}

int
sc_decode_bool(const struct sc_json *v, const struct sc_field_rules *r,
    struct sc_verrs *e, bool *out, bool *is_null)
{
	*out = false;
	if (is_null != NULL)
		*is_null = false;
	if (v->type == SC_JSON_NULL && r->nullable) {
		if (is_null != NULL)
			*is_null = true;
		return (0);
	}
	if (v->type != SC_JSON_BOOL) {
		sc_verr_add(e, "body", r->name, "bool_type",
		    "Input should be a valid boolean");
		return (-1);
	}
	*out = v->boolean != 0;
	return (0);
}

/* --- URL parameters -------------------------------------------------- */

/*
 * [+-]digits. The hot path of every GET by id: one pass over the text and
 * a range check; text is formatted only for an error message.
 */
int
sc_param_int64(const char *where, const char *name, const char *text,
    int64_t min, int64_t max, struct sc_verrs *e, int64_t *out)
{
	struct sc_ibounds b;
	const char *p;
	uint64_t acc, lim;
	int neg, over;

	*out = 0;
	b.lo = min;
	b.hi = max;
	b.lo_rule = NULL;
	b.hi_rule = NULL;
	p = text;
	neg = 0;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (*p == '\0')
		goto bad;
	acc = 0;
	over = 0;
	for (; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			goto bad;
		if (acc > (UINT64_MAX - 9) / 10)
			over = 1; /* keep scanning: "9...9x" is int_parsing */
		else
			acc = acc * 10 + (uint64_t)(*p - '0');
	}
	/* Beyond int64: below min or above max, whatever they are. */
	lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	if (over || acc > lim) {
		sc_int_bound_error(where, name, &b, !neg, e);
		return (-1);
	}
	if (neg)
		*out = acc == lim ? INT64_MIN : -(int64_t)acc;
	else
		*out = (int64_t)acc;
	if (sc_int_range(where, name, *out, &b, e) == -1) {
		*out = 0;
		return (-1);
	}
	return (0);
bad:
	sc_verr_add(e, where, name, "int_parsing",
	    "Input should be a valid integer, unable to parse string as an "
	    "integer");
	return (-1);
}

int
sc_query_int64(const char *name, const char *text, int64_t min, int64_t max,
    struct sc_verrs *e, int64_t *out)
{
	return (sc_param_int64("query", name, text, min, max, e, out));
}

/* pydantic's lax bool strings, compared without case. */
int
sc_param_bool(const char *where, const char *name, const char *text,
    struct sc_verrs *e, bool *out)
{
	static const char *const yes[] = { "true", "1", "yes", "on", "t", "y",
		NULL };
	static const char *const no[] = { "false", "0", "no", "off", "f", "n",
		NULL };
	size_t i;

	*out = false;
	for (i = 0; yes[i] != NULL; i++) {
		if (strcasecmp(text, yes[i]) == 0) {
			*out = true;
			return (0);
		}
	}
	for (i = 0; no[i] != NULL; i++) {
		if (strcasecmp(text, no[i]) == 0)
			return (0);
	}
	sc_verr_add(e, where, name, "bool_parsing",
	    "Input should be a valid boolean, unable to interpret input");
	return (-1);
}

int
sc_param_double(const char *where, const struct sc_field_rules *r,
    const char *text, struct sc_verrs *e, double *out)
{
	struct sc_dec x;
	char *end;
	double d;

	*out = 0;
	/* The numeric grammar excludes inf, nan, hex floats and spaces. */
	if (sc_dec_parse(text, strlen(text), &x) == -1) {
		sc_dec_free(&x);
		sc_verr_add(e, where, r->name, "float_parsing",
		    "Input should be a valid number, unable to parse string "
		    "as a number");
		return (-1);
	}
	sc_dec_free(&x);
	d = strtod(text, &end);
	if (!isfinite(d)) {
		sc_verr_add(e, where, r->name, "finite_number",
		    "Input should be a finite number");
		return (-1);
	}
	if (sc_double_range(where, r, d, e) == -1)
		return (-1);
	*out = d;
	return (0);
}

/*
 * A whole URL parameter that must be valid UTF-8 text (sc_http.c
 * rejects the rest earlier; this keeps the decoders safe on their own).
 */
int
sc_param_textz(const char *where, enum sc_text_kind kind,
    const struct sc_field_rules *r, const char *text, struct sc_verrs *e,
    char **out)
{
	size_t n;

	n = strlen(text);
	if (!sc_utf8_valid(text, n)) {
		*out = NULL;
		sc_type_error(e, where, r->name, kind);
		return (-1);
	}
	return (sc_param_text(where, kind, r, text, n, e, out));
}
