/*
 * testhttp.h: a small libcurl client for the end-to-end tests
 * (tests/http_*.c), which run against the app scripts/with-app.sh started
 * and named in SCHEMAC_URL. Header-only: include it in the test's .c file
 * and link libcurl.
 *
 *	struct th_resp *r = th_request("POST", "/users", "{...}",
 *	    "application/json");
 *	r->status, r->body, th_header(r, "location")
 *	th_free(r);
 *
 * A request that gets no HTTP answer (connection refused or reset) has
 * status 0, so a crashed worker fails the test instead of hanging it.
 */
#ifndef TESTHTTP_H
#define TESTHTTP_H

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#define TH_UNUSED __attribute__((unused))

struct th_resp {
	long status; /* the HTTP status; 0 when no response came */
	char *headers; /* the final response's header lines, raw */
	size_t headers_len;
	char *body; /* NUL-terminated (it may hold NULs itself) */
	size_t body_len;
	char error[CURL_ERROR_SIZE]; /* curl's message when status is 0 */
};

/* Append n bytes to a malloc'd, NUL-terminated buffer; abort on ENOMEM. */
static void
th_append(char **buf, size_t *len, const char *p, size_t n)
{
	char *nb;

	if ((nb = realloc(*buf, *len + n + 1)) == NULL)
		abort();
	memcpy(nb + *len, p, n);
	*len += n;
	nb[*len] = '\0';
	*buf = nb;
}

static size_t
th_body_cb(char *p, size_t size, size_t n, void *arg)
{
	struct th_resp *r = arg;

	th_append(&r->body, &r->body_len, p, size * n);
	return (size * n);
}

static size_t
th_header_cb(char *p, size_t size, size_t n, void *arg)
{
	struct th_resp *r = arg;

	/* A new status line (after 100 Continue): keep only the last. */
	if (n * size >= 5 && strncmp(p, "HTTP/", 5) == 0)
		r->headers_len = 0;
	th_append(&r->headers, &r->headers_len, p, size * n);
	return (size * n);
}

/* The base URL of the app under test: $SCHEMAC_URL, or :8899. */
static TH_UNUSED const char *
th_base(void)
{
	const char *u;

	if ((u = getenv("SCHEMAC_URL")) == NULL || *u == '\0')
		u = "http://127.0.0.1:8899";
	return (u);
}

/*
 * Send method to th_base() + path with len bytes of body (none when body
 * is NULL) and, when content_type is not NULL, that Content-Type.
 * extra_header (e.g. "Accept: x"), when not NULL, is added as is. Always
 * returns a response; free it with th_free().
 */
static TH_UNUSED struct th_resp *
th_request_full(const char *method, const char *path, const char *body,
    size_t len, const char *content_type, const char *extra_header)
{
	struct curl_slist *hdrs;
	struct th_resp *r;
	char url[4096], ct[512];
	CURL *c;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		abort();
	th_append(&r->body, &r->body_len, "", 0);
	th_append(&r->headers, &r->headers_len, "", 0);
	if ((c = curl_easy_init()) == NULL)
		abort();
	(void)snprintf(url, sizeof(url), "%s%s", th_base(), path);
	hdrs = NULL;
	/* Send the body at once: Kore does not answer 100-continue. */
	hdrs = curl_slist_append(hdrs, "Expect:");
	if (content_type != NULL) {
		(void)snprintf(
		    ct, sizeof(ct), "Content-Type: %s", content_type);
		hdrs = curl_slist_append(hdrs, ct);
	} else {
		hdrs = curl_slist_append(hdrs, "Content-Type:");
	}
	if (extra_header != NULL)
		hdrs = curl_slist_append(hdrs, extra_header);

	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, th_body_cb);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, th_header_cb);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, r->error);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	if (body != NULL) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(
		    c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	}
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	else
		r->status = 0;
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(c);
	return (r);
}

/* th_request_full with a NUL-terminated body (or none) and no extra header. */
static TH_UNUSED struct th_resp *
th_request(const char *method, const char *path, const char *body,
    const char *content_type)
{
	return (th_request_full(method, path, body,
	    body != NULL ? strlen(body) : 0, content_type, NULL));
}

/* A JSON request: th_request with Content-Type application/json. */
static TH_UNUSED struct th_resp *
th_json(const char *method, const char *path, const char *body)
{
	return (th_request(
	    method, path, body, body != NULL ? "application/json" : NULL));
}

/*
 * The value of response header name (any case), without surrounding
 * blanks, as a malloc'd string; NULL when the response has no such header.
 */
static TH_UNUSED char *
th_header(const struct th_resp *r, const char *name)
{
	const char *line, *end, *v, *ve;
	size_t n;
	char *out;

	n = strlen(name);
	for (line = r->headers; *line != '\0'; line = end) {
		if ((end = strchr(line, '\n')) == NULL)
			end = line + strlen(line);
		else
			end++;
		if (strncasecmp(line, name, n) != 0 || line[n] != ':')
			continue;
		for (v = line + n + 1; v < end && (*v == ' ' || *v == '\t');
		     v++)
			;
		for (ve = end; ve > v && isspace((unsigned char)ve[-1]); ve--)
			;
		if ((out = malloc((size_t)(ve - v) + 1)) == NULL)
			abort();
		memcpy(out, v, (size_t)(ve - v));
		out[ve - v] = '\0';
		return (out);
	}
	return (NULL);
}

static TH_UNUSED void
th_free(struct th_resp *r)
{
	if (r == NULL)
		return;
	free(r->headers);
	free(r->body);
	free(r);
}

#endif
