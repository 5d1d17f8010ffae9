/*
 * http_docs.c: end-to-end tests of the API's self-description: the
 * redocly lint of generated/openapi.json, GET /openapi.json, the /docs page
 * rendered in headless Chromium, and every operation of the document
 * answering the statuses it promises (those that need no data). Run by
 * scripts/with-app.sh, which starts the app on a fresh, empty database and
 * exports SCHEMAC_URL; the current directory is the repository root.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "schemac.h"

#define REDOCLY ".tools/node_modules/.bin/redocly"
#define CHROMIUM_TIMEOUT "120"

static const char *base_url; /* SCHEMAC_URL, no trailing slash */
static const char *openapi_path; /* the document the app serves */
static char *doc_text; /* its bytes */
static size_t doc_len;
static struct sc_json_doc doc; /* and parsed */

/* --- helpers ----------------------------------------------------------- */

struct resp {
	long status;
	struct sc_buf body;
	struct sc_buf headers; /* raw header lines, lower-cased names */
};

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	sc_buf_append(arg, p, size * n);
	return (size * n);
}

static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	sc_buf_append(arg, p, size * n);
	return (size * n);
}

static void
resp_free(struct resp *r)
{
	sc_buf_free(&r->body);
	sc_buf_free(&r->headers);
}

/*
 * One request to the app. path is appended to SCHEMAC_URL as is (already
 * URL-encoded); ctype and body may be NULL. Fails the test when the
 * request cannot be made at all.
 */
static void
http(const char *method, const char *path, const char *ctype, const char *body,
    size_t bodylen, struct resp *r)
{
	CURL *c;
	CURLcode rc;
	struct curl_slist *hdrs;
	struct sc_buf url, h;

	sc_buf_init(&r->body);
	sc_buf_init(&r->headers);
	sc_buf_init(&url);
	sc_buf_init(&h);
	sc_buf_appendf(&url, "%s%s", base_url, path);
	hdrs = NULL;
	/* curl adds "Expect: 100-continue" to large bodies; Kore has no use for
	 * it. */
	hdrs = curl_slist_append(hdrs, "Expect:");
	if (ctype != NULL) {
		sc_buf_appendf(&h, "Content-Type: %s", ctype);
		hdrs = curl_slist_append(hdrs, h.data);
	}
	c = curl_easy_init();
	assert_non_null(c);
	curl_easy_setopt(c, CURLOPT_URL, url.data);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	if (body != NULL) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(
		    c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)bodylen);
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &r->body);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &r->headers);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	rc = curl_easy_perform(c);
	if (rc != CURLE_OK)
		fail_msg("%s %s: %s", method, url.data, curl_easy_strerror(rc));
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	if (r->body.data == NULL)
		sc_buf_append(&r->body, "", 0);
	if (r->headers.data == NULL)
		sc_buf_append(&r->headers, "", 0);
	curl_easy_cleanup(c);
	curl_slist_free_all(hdrs);
	sc_buf_free(&url);
	sc_buf_free(&h);
}

static size_t
blen(const char *b)
{
	return (b != NULL ? strlen(b) : 0);
}

/* A response header's value (case-insensitive name), copied into out. */
static int
header(const struct resp *r, const char *name, char *out, size_t outlen)
{
	const char *p, *eol;
	size_t n, len;

	n = strlen(name);
	for (p = r->headers.data; *p != '\0'; p = eol + 1) {
		if ((eol = strchr(p, '\n')) == NULL)
			eol = p + strlen(p);
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			p += n + 1;
			while (*p == ' ')
				p++;
			len = (size_t)(eol - p);
			while (len > 0 &&
			    (p[len - 1] == '\r' || p[len - 1] == ' '))
				len--;
			if (len >= outlen)
				len = outlen - 1;
			memcpy(out, p, len);
			out[len] = '\0';
			return (1);
		}
		if (*eol == '\0')
			break;
	}
	return (0);
}

static char *
read_file(const char *path, size_t *lenp)
{
	FILE *f;
	struct sc_buf b;
	char chunk[65536];
	size_t n;

	if ((f = fopen(path, "rb")) == NULL)
		return (NULL);
	sc_buf_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sc_buf_append(&b, chunk, n);
	fclose(f);
	if (b.data == NULL)
		sc_buf_append(&b, "", 0);
	*lenp = b.len;
	return (b.data);
}

/*
 * Run argv with stdout and stderr sent to the given files (NULL: the
 * test's own). Returns the exit status, or -1 when it did not exit.
 */
static int
run(char *const argv[], const char *out, const char *err)
{
	pid_t pid;
	int fd, status;

	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) == -1)
		fail_msg("fork: %s", strerror(errno));
	if (pid == 0) {
		if (out != NULL) {
			fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
			if (fd == -1 || dup2(fd, 1) == -1)
				_exit(126);
			close(fd);
		}
		if (err != NULL) {
			fd = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
			if (fd == -1 || dup2(fd, 2) == -1)
				_exit(126);
			close(fd);
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) == -1)
		fail_msg("waitpid: %s", strerror(errno));
	return (WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return (remove(path));
}

static void
rm_tree(const char *dir)
{
	(void)nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void
print_file(const char *label, const char *path)
{
	char *s;
	size_t n;

	if ((s = read_file(path, &n)) != NULL) {
		fprintf(stderr, "--- %s:\n%.*s\n", label,
		    n > 8000 ? 8000 : (int)n, s);
		free(s);
	}
}

static int
num_member(const struct sc_json *obj, const char *key, int64_t *out)
{
	const struct sc_json *v;

	v = sc_json_member(obj, key);
	if (v == NULL || v->type != SC_JSON_NUMBER)
		return (-1);
	return (sc_json_to_int64(v, out));
}

static void expect(const char *, const struct resp *, long);

/* --- the document's operations --------------------------------------- */

enum op_kind { OP_LIST, OP_CREATE, OP_GET, OP_UPDATE, OP_DELETE, OP_LOOKUP };

struct op {
	const char *path; /* e.g. "/users/{id}" */
	const char *method; /* "get", "post", ... as in the document */
	const struct sc_json *item; /* the path item */
	const struct sc_json *op; /* the operation object */
	enum op_kind kind;
	char collection[256]; /* "/users" */
};

static const char *const http_methods[] = { "get", "put", "post", "delete",
	"options", "head", "patch", "trace", NULL };

/* What an operation is, from its method and the shape of its path. */
static enum op_kind
op_kind(const char *path, const char *method)
{
	const char *second;

	second = strchr(path + 1, '/');
	if (second == NULL)
		return (strcmp(method, "post") == 0 ? OP_CREATE : OP_LIST);
	if (strncmp(second, "/by-", 4) == 0)
		return (OP_LOOKUP);
	if (strcmp(method, "patch") == 0)
		return (OP_UPDATE);
	if (strcmp(method, "delete") == 0)
		return (OP_DELETE);
	return (OP_GET);
}

/* Every operation of the document, in document order; returns the count. */
static size_t
ops_collect(struct op *ops, size_t max)
{
	const struct sc_json *paths, *item, *m;
	size_t n, len;
	int i;

	n = 0;
	paths = sc_json_member(doc.root, "paths");
	assert_non_null(paths);
	for (item = paths->child; item != NULL; item = item->next) {
		for (m = item->child; m != NULL; m = m->next) {
			for (i = 0; http_methods[i] != NULL; i++)
				if (strcmp(m->key, http_methods[i]) == 0)
					break;
			if (http_methods[i] == NULL)
				continue;
			assert_true(n < max);
			ops[n].path = item->key;
			ops[n].method = m->key;
			ops[n].item = item;
			ops[n].op = m;
			ops[n].kind = op_kind(item->key, m->key);
			len = strcspn(item->key + 1, "/") + 1;
			assert_true(len < sizeof(ops[n].collection));
			memcpy(ops[n].collection, item->key, len);
			ops[n].collection[len] = '\0';
			n++;
		}
	}
	return (n);
}

#define MAX_OPS 4096

/* --- tests -------------------------------------------------------------- */

/*
 * redocly lint with the recommended rules (redocly.yaml) must find no
 * error and no warning.
 */
static void
test_lint(void **state)
{
	char out[] = "/tmp/schemac-lint-out-XXXXXX";
	char err[] = "/tmp/schemac-lint-err-XXXXXX";
	char *argv[] = { REDOCLY, "lint", "--config", "redocly.yaml",
		"--format=json", (char *)openapi_path, NULL };
	struct sc_json_doc res;
	const struct sc_json *totals;
	char *text, perr[128];
	size_t len;
	int64_t errors, warnings;
	int fd, status;

	(void)state;
	if (access(REDOCLY, X_OK) != 0)
		fail_msg("%s is missing: run scripts/tools.sh", REDOCLY);
	if ((fd = mkstemp(out)) == -1 || close(fd) == -1 ||
	    (fd = mkstemp(err)) == -1 || close(fd) == -1)
		fail_msg("mkstemp: %s", strerror(errno));
	/* No telemetry and no update check: CI has no network but npm's. */
	setenv("REDOCLY_TELEMETRY", "off", 1);
	setenv("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true", 1);
	status = run(argv, out, err);
	text = read_file(out, &len);
	assert_non_null(text);
	if (status != 0 ||
	    sc_json_parse(&res, text, len, perr, sizeof(perr)) != SC_JSON_OK) {
		print_file("redocly output", out);
		print_file("redocly stderr", err);
		fail_msg("redocly lint exited %d", status);
	}
	totals = sc_json_member(res.root, "totals");
	assert_non_null(totals);
	assert_int_equal(num_member(totals, "errors", &errors), 0);
	assert_int_equal(num_member(totals, "warnings", &warnings), 0);
	printf("redocly lint %s: %lld errors, %lld warnings\n", openapi_path,
	    (long long)errors, (long long)warnings);
	if (errors != 0 || warnings != 0)
		print_file("redocly problems", out);
	assert_int_equal(errors, 0);
	assert_int_equal(warnings, 0);
	sc_json_doc_free(&res);
	free(text);
	unlink(out);
	unlink(err);
}

/* GET /openapi.json is the generated file, byte for byte, as JSON. */
static void
test_openapi_served(void **state)
{
	struct resp r;
	char ct[128];

	(void)state;
	http("GET", "/openapi.json", NULL, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_true(header(&r, "content-type", ct, sizeof(ct)));
	assert_string_equal(ct, "application/json");
	assert_int_equal(r.body.len, doc_len);
	assert_memory_equal(r.body.data, doc_text, doc_len);
	resp_free(&r);

	/* Only GET, answered like every other route: 405, Allow, JSON. */
	http("POST", "/openapi.json", "application/json", "{}", 2, &r);
	expect("POST /openapi.json", &r, 405);
	assert_true(header(&r, "allow", ct, sizeof(ct)));
	assert_string_equal(ct, "GET");
	resp_free(&r);
	http("DELETE", "/docs", NULL, NULL, 0, &r);
	expect("DELETE /docs", &r, 405);
	resp_free(&r);
}

/* GET /docs and the Swagger UI files it loads, all from this server. */
static void
test_docs_assets(void **state)
{
	static const struct {
		const char *path, *ctype;
		size_t min;
	} assets[] = {
		{ "/docs/static/swagger-ui-bundle.js", "application/javascript",
		    100000 },
		{ "/docs/static/swagger-ui.css", "text/css", 10000 },
		{ "/docs/static/favicon-32x32.png", "image/png", 100 },
	};
	struct resp r;
	char ct[128];
	size_t i;

	(void)state;
	http("GET", "/docs", NULL, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_true(header(&r, "content-type", ct, sizeof(ct)));
	assert_string_equal(ct, "text/html; charset=utf-8");
	assert_non_null(strstr(r.body.data, "url: \"/openapi.json\""));
	for (i = 0; i < sizeof(assets) / sizeof(assets[0]); i++)
		assert_non_null(strstr(r.body.data, assets[i].path));
	/* Nothing from another host: the page must work offline. */
	assert_null(strstr(r.body.data, "http://"));
	assert_null(strstr(r.body.data, "https://"));
	resp_free(&r);

	for (i = 0; i < sizeof(assets) / sizeof(assets[0]); i++) {
		http("GET", assets[i].path, NULL, NULL, 0, &r);
		if (r.status != 200)
			fail_msg("GET %s: %ld", assets[i].path, r.status);
		assert_true(header(&r, "content-type", ct, sizeof(ct)));
		assert_string_equal(ct, assets[i].ctype);
		assert_true(r.body.len >= assets[i].min);
		resp_free(&r);
	}
	http("GET", "/docs/static/no-such-file.js", NULL, NULL, 0, &r);
	assert_int_equal(r.status, 404);
	resp_free(&r);
}

/*
 * The rendered DOM of one operation: Swagger UI gives its block the id
 * operations-<tag>-<operationId>, the class opblock-<method>, and shows
 * the path in data-path.
 */
static void
check_opblock(const char *dom, const struct op *o)
{
	const struct sc_json *tags, *opid;
	struct sc_buf want;
	const char *p, *end;

	tags = sc_json_member(o->op, "tags");
	opid = sc_json_member(o->op, "operationId");
	assert_non_null(tags);
	assert_non_null(tags->child);
	assert_non_null(opid);
	sc_buf_init(&want);
	sc_buf_appendf(&want,
	    "class=\"opblock opblock-%s\" "
	    "id=\"operations-%s-%s\"",
	    o->method, tags->child->str, opid->str);
	if ((p = strstr(dom, want.data)) == NULL)
		fail_msg(
		    "/docs shows no %s %s (%s)", o->method, o->path, want.data);
	/* The path shown must be inside this block, before the next one. */
	if ((end = strstr(p + 1, "class=\"opblock opblock-")) == NULL)
		end = p + strlen(p);
	sc_buf_reset(&want);
	sc_buf_appendf(&want, "data-path=\"%s\"", o->path);
	p = strstr(p, want.data);
	if (p == NULL || p > end)
		fail_msg("/docs: the %s %s block does not show its path",
		    o->method, o->path);
	sc_buf_free(&want);
}

/* Count the rendered operation blocks. */
static size_t
count_opblocks(const char *dom)
{
	const char *p;
	size_t n;

	n = 0;
	for (p = dom; (p = strstr(p, "class=\"opblock opblock-")) != NULL; p++)
		n++;
	return (n);
}

/*
 * Headless Chromium loads /docs, runs Swagger UI against /openapi.json
 * and dumps the DOM: every operation of every model must be on the page,
 * with its method and path, and nothing else.
 */
static void
test_docs_chromium(void **state)
{
	static struct op ops[MAX_OPS];
	char dir[] = "/tmp/schemac-chromium-XXXXXX";
	char out[] = "/tmp/schemac-dom-XXXXXX";
	char err[] = "/tmp/schemac-chromium-err-XXXXXX";
	struct sc_buf udd, url;
	char *dom;
	size_t nops, i, len, shown;
	int fd, status, attempt;

	(void)state;
	nops = ops_collect(ops, MAX_OPS);
	assert_true(nops > 0);
	if (mkdtemp(dir) == NULL || (fd = mkstemp(out)) == -1 ||
	    close(fd) == -1 || (fd = mkstemp(err)) == -1 || close(fd) == -1)
		fail_msg("mkdtemp: %s", strerror(errno));
	sc_buf_init(&udd);
	sc_buf_init(&url);
	sc_buf_appendf(&url, "%s/docs", base_url);
	dom = NULL;
	shown = 0;
	/*
	 * Virtual time lets the page's scripts run to completion without
	 * guessing at sleeps; a loaded machine can still cut a run short,
	 * so a page with no operations yet is tried again, twice at most.
	 */
	for (attempt = 0; attempt < 3 && shown == 0; attempt++) {
		sc_buf_reset(&udd);
		sc_buf_appendf(&udd, "--user-data-dir=%s/%d", dir, attempt);
		{
			char *argv[] = { "timeout", CHROMIUM_TIMEOUT,
				"chromium", "--headless", "--no-sandbox",
				"--disable-gpu", "--disable-quic",
				"--no-first-run",
				"--disable-background-networking",
				"--disable-component-update", "--disable-sync",
				udd.data, "--virtual-time-budget=30000",
				"--dump-dom", url.data, NULL };

			status = run(argv, out, err);
		}
		free(dom);
		dom = read_file(out, &len);
		if (status != 0 || dom == NULL) {
			print_file("chromium stderr", err);
			fail_msg("chromium exited %d", status);
		}
		shown = count_opblocks(dom);
	}
	printf("chromium: /docs shows %zu operation blocks for %zu "
	       "operations\n",
	    shown, nops);
	if (shown == 0)
		print_file("dumped DOM", out);
	assert_null(strstr(dom, "Failed to load API definition"));
	assert_non_null(strstr(dom, "class=\"title\""));
	for (i = 0; i < nops; i++)
		check_opblock(dom, &ops[i]);
	assert_int_equal(shown, nops);
	free(dom);
	rm_tree(dir);
	unlink(out);
	unlink(err);
	sc_buf_free(&udd);
	sc_buf_free(&url);
}

/*
 * The statuses each kind of operation answers with (emit_openapi_json.c),
 * and those it answers only where the schema allows (optional): 422 where
 * a path value can fail to parse, which test_status_probe checks both
 * ways; 409 where a unique value or a blocking reference exists, which
 * needs rows, so the handler tests check it.
 */
static const char *const contract[] = {
	[OP_LIST] = "200 400 422 503",
	[OP_CREATE] = "201 400 413 415 422 503",
	[OP_GET] = "200 404 503",
	[OP_UPDATE] = "200 400 404 413 415 422 503",
	[OP_DELETE] = "204 404 503",
	[OP_LOOKUP] = "200 404 503",
};
static const char *const optional[] = {
	[OP_LIST] = "",
	[OP_CREATE] = "409",
	[OP_GET] = "422",
	[OP_UPDATE] = "409",
	[OP_DELETE] = "409 422",
	[OP_LOOKUP] = "422",
};

/* Does the document list this status for the operation? */
static int
documents(const struct op *o, const char *status)
{
	return (
	    sc_json_member(sc_json_member(o->op, "responses"), status) != NULL);
}

/*
 * The document promises exactly the contract's statuses for every
 * operation; each 4xx and 5xx is described by an error schema or, for
 * 413 (Kore's own answer), by no body at all.
 */
static void
test_status_contract(void **state)
{
	static struct op ops[MAX_OPS];
	const struct sc_json *responses, *r;
	struct sc_buf got;
	size_t nops, i;

	(void)state;
	nops = ops_collect(ops, MAX_OPS);
	for (i = 0; i < nops; i++) {
		responses = sc_json_member(ops[i].op, "responses");
		assert_non_null(responses);
		sc_buf_init(&got);
		sc_buf_append(&got, "", 0);
		for (r = responses->child; r != NULL; r = r->next) {
			if (strstr(optional[ops[i].kind], r->key) != NULL)
				continue;
			sc_buf_appendf(
			    &got, "%s%s", got.len > 0 ? " " : "", r->key);
		}
		if (strcmp(got.data, contract[ops[i].kind]) != 0)
			fail_msg("%s %s: responses %s, want %s", ops[i].method,
			    ops[i].path, got.data, contract[ops[i].kind]);
		sc_buf_free(&got);
	}
}

/*
 * A value of a path or query parameter's schema that no row of an empty
 * database has, but that parses: a well-formed miss, so the answer is 404.
 */
static const char *
absent_value(const struct sc_json *param)
{
	const struct sc_json *schema, *type, *format, *en;

	schema = sc_json_member(param, "schema");
	assert_non_null(schema);
	type = sc_json_member(schema, "type");
	format = sc_json_member(schema, "format");
	en = sc_json_member(schema, "enum");
	if (en != NULL && en->child != NULL) {
		/* Labels are plain words in our fixtures; escape anyway. */
		static char buf[256];
		char *e;

		e = curl_easy_escape(NULL, en->child->str, 0);
		snprintf(buf, sizeof(buf), "%s", e);
		curl_free(e);
		return (buf);
	}
	if (type != NULL && type->type == SC_JSON_STRING &&
	    strcmp(type->str, "integer") == 0)
		return ("1");
	if (type != NULL && type->type == SC_JSON_STRING &&
	    strcmp(type->str, "boolean") == 0)
		return ("true");
	if (type != NULL &&
	    (type->type == SC_JSON_ARRAY || strcmp(type->str, "number") == 0))
		return ("1.5");
	if (format != NULL && strcmp(format->str, "uuid") == 0)
		return ("00000000-0000-0000-0000-000000000000");
	if (format != NULL && strcmp(format->str, "date") == 0)
		return ("2000-01-01");
	if (format != NULL && strcmp(format->str, "date-time") == 0)
		return ("2000-01-01T00:00:00Z");
	/* Also a valid timestamp without time zone, and any string. */
	return ("2000-01-01T00:00:00");
}

/* The path of an operation with its one path parameter filled in. */
static void
fill_path(const struct op *o, const char *value, struct sc_buf *out)
{
	const char *brace;

	brace = strchr(o->path, '{');
	assert_non_null(brace);
	sc_buf_append(out, o->path, (size_t)(brace - o->path));
	sc_buf_puts(out, value);
}

static const struct sc_json *
path_param(const struct op *o)
{
	const struct sc_json *params;

	params = sc_json_member(o->item, "parameters");
	assert_non_null(params);
	assert_non_null(params->child);
	return (params->child);
}

static const char *
absent_path_value(const struct op *o)
{
	return (absent_value(path_param(o)));
}

/*
 * A path value that no type but string and text accepts: not a number,
 * boolean, date, time or UUID, and none of the enum's labels.
 */
static const char *
unparsable_path_value(const struct op *o)
{
	static char buf[256];
	const struct sc_json *en, *l;
	size_t n;

	en = sc_json_member(sc_json_member(path_param(o), "schema"), "enum");
	snprintf(buf, sizeof(buf), "not-a-valid-value");
again:
	for (l = en != NULL ? en->child : NULL; l != NULL; l = l->next) {
		if (l->type == SC_JSON_STRING && strcmp(l->str, buf) == 0 &&
		    (n = strlen(buf)) + 1 < sizeof(buf)) {
			/* Taken: make it longer and look again. */
			buf[n] = 'x';
			buf[n + 1] = '\0';
			goto again;
		}
	}
	return (buf);
}

/* An error response: JSON with a "detail" string, or a list for 422. */
static void
expect(const char *what, const struct resp *r, long status)
{
	struct sc_json_doc body;
	const struct sc_json *detail, *e;
	char perr[128], ct[128];

	if (r->status != status)
		fail_msg("%s: status %ld, want %ld (body %.300s)", what,
		    r->status, status, r->body.data);
	if (status < 400 || status == 413)
		return;
	if (!header(r, "content-type", ct, sizeof(ct)) ||
	    strcmp(ct, "application/json") != 0)
		fail_msg("%s: %ld without a JSON content type", what, status);
	if (sc_json_parse(&body, r->body.data, r->body.len, perr,
		sizeof(perr)) != SC_JSON_OK)
		fail_msg("%s: body is not JSON: %s", what, perr);
	detail = sc_json_member(body.root, "detail");
	if (status == 422) {
		/* HTTPValidationError: a list of {loc, msg, type}. */
		if (detail == NULL || detail->type != SC_JSON_ARRAY ||
		    detail->child == NULL)
			fail_msg("%s: 422 without a detail list", what);
		for (e = detail->child; e != NULL; e = e->next) {
			assert_non_null(sc_json_member(e, "loc"));
			assert_non_null(sc_json_member(e, "msg"));
			assert_non_null(sc_json_member(e, "type"));
		}
	} else if (detail == NULL || detail->type != SC_JSON_STRING)
		fail_msg("%s: %ld without a detail string", what, status);
	sc_json_doc_free(&body);
}

/* The methods a path item lists, as "GET, POST" would name them. */
static int
allow_matches(const struct sc_json *item, const char *allow)
{
	const struct sc_json *m;
	char upper[16];
	size_t n, i, listed;
	const char *p;

	listed = 0;
	for (m = item->child; m != NULL; m = m->next) {
		if (strcmp(m->key, "parameters") == 0)
			continue;
		listed++;
		n = strlen(m->key);
		if (n >= sizeof(upper))
			return (0);
		for (i = 0; i <= n; i++)
			upper[i] = (char)(m->key[i] >= 'a' && m->key[i] <= 'z'
				? m->key[i] - 'a' + 'A'
				: m->key[i]);
		p = strstr(allow, upper);
		if (p == NULL || (p[n] != '\0' && p[n] != ','))
			return (0);
	}
	/* And no method the document does not list. */
	for (n = 1, p = allow; *p != '\0'; p++)
		if (*p == ',')
			n++;
	return (n == listed);
}

/*
 * Every operation answers the statuses of its contract that a client can
 * cause against an empty database: 404 for a key or value that parses but
 * matches nothing, 422 for one that does not parse (or a bad limit, or an
 * unknown body member), 400 for broken JSON or a list's query string that
 * does not decode, 413 for a body over the
 * limit, 415 for a body that is not JSON, and 405 with Allow for a method
 * the path does not list. 2xx with rows, 409 and 503 need data or a
 * stopped database: the handler and fault tests cover them.
 */
static void
test_status_probe(void **state)
{
	static struct op ops[MAX_OPS];
	struct resp r;
	struct sc_buf path, what, big;
	const char *maxenv;
	char allow[256], count[64];
	size_t nops, i, max;

	(void)state;
	nops = ops_collect(ops, MAX_OPS);
	maxenv = getenv("SCHEMAC_BODY_MAX");
	max = maxenv != NULL ? (size_t)strtoull(maxenv, NULL, 10) : 1048576;
	sc_buf_init(&big);
	sc_buf_append(&big, "[", 1);
	while (big.len <= max)
		sc_buf_puts(&big, "0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,");
	sc_buf_puts(&big, "0]");

	for (i = 0; i < nops; i++) {
		const struct op *o = &ops[i];

		sc_buf_init(&path);
		sc_buf_init(&what);
#define PROBE(m, p, ct, b, want)                      \
	do {                                          \
		sc_buf_reset(&what);                  \
		sc_buf_appendf(&what, "%s %s", m, p); \
		http(m, p, ct, b, blen(b), &r);       \
		expect(what.data, &r, want);          \
		resp_free(&r);                        \
	} while (0)
		switch (o->kind) {
		case OP_LIST:
			sc_buf_appendf(&path, "%s?count=true", o->path);
			http("GET", path.data, NULL, NULL, 0, &r);
			expect(path.data, &r, 200);
			assert_true(r.body.len > 0 && r.body.data[0] == '[');
			if (!header(&r, "x-total-count", count, sizeof(count)))
				fail_msg("%s: no X-Total-Count", path.data);
			assert_string_equal(count, "0");
			resp_free(&r);
			sc_buf_reset(&path);
			sc_buf_appendf(&path, "%s?limit=0", o->path);
			PROBE("GET", path.data, NULL, NULL, 422);
			sc_buf_reset(&path);
			sc_buf_appendf(&path, "%s?limit=1001", o->path);
			PROBE("GET", path.data, NULL, NULL, 422);
			/* A query string that does not decode. */
			sc_buf_reset(&path);
			sc_buf_appendf(&path, "%s?limit=%%zz", o->path);
			PROBE("GET", path.data, NULL, NULL, 400);
			sc_buf_reset(&path);
			sc_buf_appendf(&path, "%s?x=%%ff", o->path);
			PROBE("GET", path.data, NULL, NULL, 400);
			break;
		case OP_CREATE:
		case OP_UPDATE:
			if (o->kind == OP_CREATE)
				sc_buf_puts(&path, o->path);
			else
				fill_path(o, absent_path_value(o), &path);
			{
				const char *m =
				    o->kind == OP_CREATE ? "POST" : "PATCH";

				PROBE(m, path.data, "text/plain", "{}", 415);
				PROBE(
				    m, path.data, "application/json", "{", 400);
				PROBE(m, path.data, "application/json",
				    "{\"__no_such_field__\": 1}", 422);
				sc_buf_reset(&what);
				sc_buf_appendf(&what, "%s %s (%zu bytes)", m,
				    path.data, big.len);
				http(m, path.data, "application/json", big.data,
				    big.len, &r);
				expect(what.data, &r, 413);
				resp_free(&r);
				if (o->kind == OP_UPDATE)
					PROBE(m, path.data, "application/json",
					    "{}", 404);
			}
			break;
		case OP_GET:
		case OP_DELETE:
		case OP_LOOKUP: {
			const char *m = o->kind == OP_DELETE ? "DELETE" : "GET";

			fill_path(o, absent_path_value(o), &path);
			PROBE(m, path.data, NULL, NULL, 404);
			/*
			 * A value only strings take: 422 exactly when the
			 * document says the value can fail to parse, else
			 * a well-formed miss.
			 */
			sc_buf_reset(&path);
			fill_path(o, unparsable_path_value(o), &path);
			PROBE(m, path.data, NULL, NULL,
			    documents(o, "422") ? 422 : 404);
		} break;
		}

		/* 405 with Allow, once per path (at its first operation). */
		if (o->op == o->item->child ||
		    (strcmp(o->item->child->key, "parameters") == 0 &&
			o->op == o->item->child->next)) {
			sc_buf_reset(&path);
			if (strchr(o->path, '{') != NULL)
				fill_path(o, absent_path_value(o), &path);
			else
				sc_buf_puts(&path, o->path);
			http("PUT", path.data, "application/json", "{}", 2, &r);
			expect("PUT", &r, 405);
			if (!header(&r, "allow", allow, sizeof(allow)))
				fail_msg(
				    "PUT %s: 405 without Allow", path.data);
			if (!allow_matches(o->item, allow))
				fail_msg("PUT %s: Allow: %s does not match "
					 "the document",
				    path.data, allow);
			resp_free(&r);
		}
#undef PROBE
		sc_buf_free(&path);
		sc_buf_free(&what);
	}
	sc_buf_free(&big);
}

static int
setup(void **state)
{
	char err[128];

	(void)state;
	if ((base_url = getenv("SCHEMAC_URL")) == NULL) {
		fprintf(stderr,
		    "http_docs: SCHEMAC_URL is not set (run it "
		    "through scripts/with-app.sh)\n");
		return (-1);
	}
	if ((openapi_path = getenv("SCHEMAC_OPENAPI")) == NULL ||
	    *openapi_path == '\0')
		openapi_path = "generated/openapi.json";
	if ((doc_text = read_file(openapi_path, &doc_len)) == NULL) {
		fprintf(stderr, "http_docs: cannot read %s\n", openapi_path);
		return (-1);
	}
	if (sc_json_parse(&doc, doc_text, doc_len, err, sizeof(err)) !=
	    SC_JSON_OK) {
		fprintf(stderr, "http_docs: %s: %s\n", openapi_path, err);
		return (-1);
	}
	curl_global_init(CURL_GLOBAL_ALL);
	return (0);
}

static int
teardown(void **state)
{
	(void)state;
	sc_json_doc_free(&doc);
	free(doc_text);
	curl_global_cleanup();
	return (0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lint),
		cmocka_unit_test(test_openapi_served),
		cmocka_unit_test(test_docs_assets),
		cmocka_unit_test(test_docs_chromium),
		cmocka_unit_test(test_status_contract),
		cmocka_unit_test(test_status_probe),
	};

	return (cmocka_run_group_tests(tests, setup, teardown));
}
