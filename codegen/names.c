/* names.c: snake_case, English plurals, reserved words, did-you-mean. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "names.h"

static char *
names_xmalloc(size_t n)
{
	char *p;

	if ((p = malloc(n)) == NULL) {
		perror("schemac: malloc");
		abort();
	}
	return (p);
}

/*
 * An underscore goes before an upper-case letter that follows a lower-case
 * letter or a digit ("orderItem"), and before the last capital of a run
 * followed by a lower-case letter ("HTTPLog" -> "http_log"). Existing
 * underscores are kept, never doubled.
 */
char *
names_snake(const char *name)
{
	size_t i, n, len;
	char *s, c, prev, next;

	len = strlen(name);
	s = names_xmalloc(2 * len + 1);
	for (i = 0, n = 0; i < len; i++) {
		c = name[i];
		prev = i > 0 ? name[i - 1] : '\0';
		next = name[i + 1];
		if (isupper((unsigned char)c) && n > 0 && s[n - 1] != '_' &&
		    (islower((unsigned char)prev) ||
			isdigit((unsigned char)prev) ||
			(isupper((unsigned char)prev) &&
			    islower((unsigned char)next))))
			s[n++] = '_';
		s[n++] = (char)tolower((unsigned char)c);
	}
	s[n] = '\0';
	return (s);
}

/* Words whose plural is not made by a suffix; and words with no plural. */
static const char *const names_irregular[][2] = {
	{ "person", "people" },
	{ "child", "children" },
	{ "man", "men" },
	{ "woman", "women" },
	{ "mouse", "mice" },
	{ "goose", "geese" },
	{ "foot", "feet" },
	{ "tooth", "teeth" },
	{ "ox", "oxen" },
};

static const char *const names_uncountable[] = { "data", "metadata",
	"equipment", "feedback", "fish", "information", "news", "series",
	"sheep", "species", "deer", "moose", "software", "hardware", "staff" };

static int
names_is_vowel(char c)
{
	return (c != '\0' && strchr("aeiou", c) != NULL);
}

static int
names_ends(const char *w, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return (len >= n && strcmp(w + len - n, suffix) == 0);
}

char *
names_plural(const char *snake)
{
	const char *word;
	size_t len, wlen, i, stem;
	char *s;

	len = strlen(snake);
	word = strrchr(snake, '_');
	word = word != NULL ? word + 1 : snake;
	wlen = strlen(word);
	stem = len - wlen;
	s = names_xmalloc(len + 8);
	memcpy(s, snake, len + 1);
	if (wlen == 0)
		return (s);
	for (i = 0; i < sizeof(names_uncountable) / sizeof(*names_uncountable);
	     i++)
		if (strcmp(word, names_uncountable[i]) == 0)
			return (s);
	for (i = 0; i < sizeof(names_irregular) / sizeof(*names_irregular); i++)
		if (strcmp(word, names_irregular[i][0]) == 0) {
			strcpy(s + stem, names_irregular[i][1]);
			return (s);
		}
	if (names_ends(word, wlen, "s") || names_ends(word, wlen, "x") ||
	    names_ends(word, wlen, "z") || names_ends(word, wlen, "ch") ||
	    names_ends(word, wlen, "sh"))
		strcpy(s + len, "es");
	else if (wlen >= 2 && word[wlen - 1] == 'y' &&
	    !names_is_vowel(word[wlen - 2]))
		strcpy(s + len - 1, "ies");
	else
		strcpy(s + len, "s");
	return (s);
}

char *
names_table(const char *model)
{
	char *snake, *table;

	snake = names_snake(model);
	table = names_plural(snake);
	free(snake);
	return (table);
}

/*
 * PostgreSQL's reserved key words: the "reserved" and "reserved (can be
 * function or type)" categories of its key word list, none of which can be
 * a column or table name without quotes.
 */
static const char *const names_sql_words[] = { "all", "analyse", "analyze",
	"and", "any", "array", "as", "asc", "asymmetric", "authorization",
	"binary", "both", "case", "cast", "check", "collate", "collation",
	"column", "concurrently", "constraint", "create", "cross",
	"current_catalog", "current_date", "current_role", "current_schema",
	"current_time", "current_timestamp", "current_user", "default",
	"deferrable", "desc", "distinct", "do", "else", "end", "except",
	"false", "fetch", "for", "foreign", "freeze", "from", "full", "grant",
	"group", "having", "ilike", "in", "initially", "inner", "intersect",
	"into", "is", "isnull", "join", "lateral", "leading", "left", "like",
	"limit", "localtime", "localtimestamp", "natural", "not", "notnull",
	"null", "offset", "on", "only", "or", "order", "outer", "overlaps",
	"placing", "primary", "references", "returning", "right", "select",
	"session_user", "similar", "some", "symmetric", "system_user", "table",
	"tablesample", "then", "to", "trailing", "true", "union", "unique",
	"user", "using", "variadic", "verbose", "when", "where", "window",
	"with" };

/*
 * C11 keywords, and names the headers of the generated code make
 * unusable as identifiers (stdbool.h macros, errno, NULL...).
 */
static const char *const names_c_words[] = { "NULL", "_Alignas", "_Alignof",
	"_Atomic", "_Bool", "_Complex", "_Generic", "_Imaginary", "_Noreturn",
	"_Static_assert", "_Thread_local", "alignas", "alignof", "assert",
	"auto", "bool", "break", "case", "char", "complex", "const", "continue",
	"default", "do", "double", "else", "enum", "errno", "extern", "false",
	"float", "for", "goto", "if", "imaginary", "inline", "int", "long",
	"noreturn", "offsetof", "register", "restrict", "return", "short",
	"signed", "sizeof", "static", "static_assert", "stderr", "stdin",
	"stdout", "struct", "switch", "thread_local", "true", "typedef",
	"union", "unsigned", "void", "volatile", "while" };

static int
names_casecmp(const void *key, const void *elem)
{
	return (strcasecmp(key, *(const char *const *)elem));
}

static int
names_cmp(const void *key, const void *elem)
{
	return (strcmp(key, *(const char *const *)elem));
}

/* The lists are sorted (strcmp order; lower case for SQL): bsearch. */
int
names_sql_reserved(const char *s)
{
	return (bsearch(s, names_sql_words,
		    sizeof(names_sql_words) / sizeof(*names_sql_words),
		    sizeof(*names_sql_words), names_casecmp) != NULL);
}

int
names_c_reserved(const char *s)
{
	if (bsearch(s, names_c_words,
		sizeof(names_c_words) / sizeof(*names_c_words),
		sizeof(*names_c_words), names_cmp) != NULL)
		return (1);
	/* C reserves __x and _X for the implementation. */
	if (s[0] == '_' && (s[1] == '_' || isupper((unsigned char)s[1])))
		return (1);
	return (0);
}

int
names_is_ident(const char *s)
{
	if (!isalpha((unsigned char)*s) && *s != '_')
		return (0);
	for (s++; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return (0);
	return (1);
}

#define NAMES_DIST_MAXLEN 64

size_t
names_distance(const char *a, const char *b, size_t max)
{
	size_t d[3][NAMES_DIST_MAXLEN + 1], la, lb, i, j, cost, v, rowmin;
	size_t *prev2, *prev, *cur, *tmp;

	la = strlen(a);
	lb = strlen(b);
	if (la > NAMES_DIST_MAXLEN || lb > NAMES_DIST_MAXLEN)
		return (max + 1);
	if ((la > lb ? la - lb : lb - la) > max)
		return (max + 1);
	prev2 = d[0];
	prev = d[1];
	cur = d[2];
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		rowmin = cur[0];
		for (j = 1; j <= lb; j++) {
			cost = tolower((unsigned char)a[i - 1]) ==
				tolower((unsigned char)b[j - 1])
			    ? 0
			    : 1;
			v = prev[j - 1] + cost;
			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (i > 1 && j > 1 &&
			    tolower((unsigned char)a[i - 1]) ==
				tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) ==
				tolower((unsigned char)b[j - 1]) &&
			    prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			cur[j] = v;
			if (v < rowmin)
				rowmin = v;
		}
		if (rowmin > max)
			return (max + 1);
		tmp = prev2;
		prev2 = prev;
		prev = cur;
		cur = tmp;
	}
	return (prev[lb] > max ? max + 1 : prev[lb]);
}

const char *
names_suggest(const char *word, const char *const *cands, size_t ncands)
{
	const char *best = NULL;
	size_t i, len, max, dist, bestd;

	len = strlen(word);
	if (len == 0 || len > NAMES_DIST_MAXLEN)
		return (NULL);
	/*
	 * About one typo per four letters; in names of one or two letters
	 * any other short name is one edit away, so only case counts there.
	 */
	max = len <= 2 ? 0 : len <= 4 ? 1 : len <= 8 ? 2 : 3;
	bestd = max + 1;
	for (i = 0; i < ncands; i++) {
		if (cands[i] == NULL || strcmp(word, cands[i]) == 0)
			continue;
		dist = names_distance(word, cands[i], max);
		if (dist < bestd) {
			bestd = dist;
			best = cands[i];
		}
	}
	return (best);
}
