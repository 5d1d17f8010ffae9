/*
 * names.h: the naming rules of schemac: C and SQL names derived from model
 * names (snake_case, English plurals), reserved words, and the
 * "did you mean" suggestions of the checker.
 */
#ifndef SCHEMAC_NAMES_H
#define SCHEMAC_NAMES_H

#include <stddef.h>

/* Longest SQL identifier PostgreSQL keeps (NAMEDATALEN - 1). */
#define NAMES_MAX_IDENT 63

/* "OrderItem" -> "order_item", "HTTPLog" -> "http_log". malloc'd. */
char *names_snake(const char *name);
/* English plural of the last word of a snake_case name. malloc'd. */
char *names_plural(const char *snake);
/* The default table of a model: names_plural(names_snake(model)). */
char *names_table(const char *model);

/* A PostgreSQL reserved key word (any case), e.g. "select", "user". */
int names_sql_reserved(const char *);
/* A C keyword or a name the C headers we include take, e.g. "int", "bool". */
int names_c_reserved(const char *);
/* [A-Za-z_][A-Za-z0-9_]* */
int names_is_ident(const char *);

/*
 * Edit distance (optimal string alignment, ASCII case-insensitive; a
 * case difference costs nothing). Stops early: returns max + 1 once the
 * distance is known to exceed max.
 */
size_t names_distance(const char *a, const char *b, size_t max);
/*
 * The candidate closest to word, if close enough to be a plausible typo;
 * NULL otherwise. Ties go to the earlier candidate.
 */
const char *names_suggest(
    const char *word, const char *const *cands, size_t ncands);

#endif
