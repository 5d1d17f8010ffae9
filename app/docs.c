/* docs.c: serves /openapi.json and the Swagger UI page /docs. */
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "sc_accesslog.h"
#include "sc_http.h"

/* Where the document is read from; the app runs from the repository root. */
#define DOCS_OPENAPI_DEFAULT "generated/openapi.json"
/* A bound on what we hold in memory, far above any real document. */
#define DOCS_OPENAPI_MAX (64 * 1024 * 1024)

int app_openapi(struct http_request *);
int app_docs(struct http_request *);

/*
 * The /docs page. Swagger UI's files come from the swagger-ui-dist npm
 * package, which app.conf maps to /docs/static/ with Kore's filemap, so
 * the page works without reaching any other host. BaseLayout leaves out
 * the standalone top bar, whose URL box would invite loading other
 * documents; validatorUrl null keeps the page from calling out to the
 * public validator.
 */
static const char docs_html[] =
    "<!DOCTYPE html>\n"
    "<html lang=\"en\">\n"
    "<head>\n"
    "<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, "
    "initial-scale=1\">\n"
    "<title>API docs</title>\n"
    "<link rel=\"stylesheet\" href=\"/docs/static/swagger-ui.css\">\n"
    "<link rel=\"icon\" type=\"image/png\" "
    "href=\"/docs/static/favicon-32x32.png\">\n"
    "</head>\n"
    "<body>\n"
    "<div id=\"swagger-ui\"></div>\n"
    "<script src=\"/docs/static/swagger-ui-bundle.js\"></script>\n"
    "<script>\n"
    "window.ui = SwaggerUIBundle({\n"
    "  url: \"/openapi.json\",\n"
    "  dom_id: \"#swagger-ui\",\n"
    "  deepLinking: true,\n"
    "  presets: [SwaggerUIBundle.presets.apis],\n"
    "  layout: \"BaseLayout\",\n"
    "  validatorUrl: null\n"
    "});\n"
    "</script>\n"
    "</body>\n"
    "</html>\n";

/*
 * Both pages are read-only: other methods get what every generated route
 * gives, 405 with Allow and a JSON detail (app.conf has no `restrict`).
 * Returns 1 for GET, else 0 after responding.
 */
static int
docs_get_only(struct http_request *req)
{
	if (req->method == HTTP_METHOD_GET)
		return (1);
	http_response_header(req, "allow", "GET");
	(void)sc_respond_detail(
	    req, HTTP_STATUS_METHOD_NOT_ALLOWED, "Method Not Allowed");
	return (0);
}

/* The document, read once per worker; NULL until then. */
static char *openapi_doc;
static size_t openapi_len;

/*
 * Read the whole file at path into a malloc'd buffer. Only open, read and
 * close: they are in Kore's seccomp allow list, while fstat (newfstatat)
 * is not. Returns 0, or -1 with errno set (EFBIG when over the bound).
 */
static int
docs_read_file(const char *path, char **out, size_t *outlen)
{
	char *buf, *nbuf;
	size_t len, cap;
	ssize_t n;
	int fd, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return (-1);
	buf = NULL;
	len = cap = 0;
	for (;;) {
		if (len == cap) {
			cap = cap == 0 ? 65536 : cap * 2;
			if (cap > DOCS_OPENAPI_MAX) {
				errno = EFBIG;
				goto fail;
			}
			if ((nbuf = realloc(buf, cap)) == NULL)
				goto fail;
			buf = nbuf;
		}
		n = read(fd, buf + len, cap - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			goto fail;
		if (n == 0)
			break;
		len += (size_t)n;
	}
	(void)close(fd);
	*out = buf;
	*outlen = len;
	return (0);
fail:
	saved = errno;
	free(buf);
	(void)close(fd);
	errno = saved;
	return (-1);
}

/*
 * GET /openapi.json: the generated document, byte for byte. It is read on
 * the worker's first request (path from SCHEMAC_OPENAPI, else
 * generated/openapi.json) and kept for the worker's life. If it cannot be
 * read, the error is logged and the request gets 503 with a JSON detail
 * and Retry-After; the next request tries again.
 */
int
app_openapi(struct http_request *req)
{
	const char *path;

	sc_accesslog_begin(req);
	if (!docs_get_only(req))
		return (KORE_RESULT_OK);
	if (openapi_doc == NULL) {
		if ((path = getenv("SCHEMAC_OPENAPI")) == NULL || *path == '\0')
			path = DOCS_OPENAPI_DEFAULT;
		if (docs_read_file(path, &openapi_doc, &openapi_len) == -1) {
			kore_log(LOG_ERR, "docs: cannot read %s: %s", path,
			    strerror(errno));
			openapi_doc = NULL;
			http_response_header(req, "retry-after", "1");
			return (sc_respond_detail(req,
			    HTTP_STATUS_SERVICE_UNAVAILABLE,
			    "OpenAPI document unavailable"));
		}
	}
	http_response_header(req, "content-type", "application/json");
	return (sc_respond(req, HTTP_STATUS_OK, openapi_doc, openapi_len));
}

/* GET /docs: the Swagger UI page; never fails. */
int
app_docs(struct http_request *req)
{
	sc_accesslog_begin(req);
	if (!docs_get_only(req))
		return (KORE_RESULT_OK);
	http_response_header(req, "content-type", "text/html; charset=utf-8");
	return (
	    sc_respond(req, HTTP_STATUS_OK, docs_html, sizeof(docs_html) - 1));
}
