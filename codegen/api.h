/*
 * api.h: the shape of the HTTP API derived from a model (SPEC section 5),
 * in one place so that the handlers, the routes and the OpenAPI document
 * always agree on which filters, orderings and lookups exist.
 */
#ifndef SCHEMAC_API_H
#define SCHEMAC_API_H

#include "ir.h"

/* Query parameters of every list endpoint; no filter may take these names. */
#define API_LIST_PARAMS                                         \
	{                                                       \
		"limit", "offset", "after", "order_by", "count" \
	}

/* The default and largest page size of a list. */
#define API_LIMIT_DEFAULT 100
#define API_LIMIT_MAX 1000

/*
 * The path shapes of a model's API, one handler each (routes.conf,
 * handlers.c, the OpenAPI paths): /<table> serves list and create,
 * /<table>/{pk} get, update and delete. True when the model has any of
 * their endpoints.
 */
int api_collection(const struct ir_model *);
int api_item(const struct ir_model *);

/*
 * True for a field a request body never sets (422 "readonly" when given):
 * readonly, or serial, which the database numbers. It is returned, and
 * it is no member of the model's patch struct.
 */
int api_readonly(const struct ir_field *);

/*
 * True for a field a create body must give: not readonly, not nullable,
 * no default (else "missing").
 */
int api_required(const struct ir_field *);

/*
 * True when GET /<table> takes ?<field>=value (an equality filter) and
 * order_by=<field> / order_by=-<field>: the primary key, unique fields,
 * fields with `index: true` and the first column of an `indexes:` or
 * `unique_together:` entry, since PostgreSQL can use an index for them.
 * Never writeonly fields (a filter would reveal their values), json
 * fields, or fields named like a list parameter.
 */
int api_filterable(const struct ir_model *, const struct ir_field *);

/*
 * True when GET /<table>/by-<field>/{value} exists: single-column unique
 * fields other than the primary key, not writeonly, not json, and only when
 * the model has the `get` endpoint.
 */
int api_lookup(const struct ir_model *, const struct ir_field *);

#endif
