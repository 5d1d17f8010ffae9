/*
 * sc_accesslog.h: the app's access log, one line per response our handlers
 * send, in a Common Log Format-like shape plus the duration:
 *
 *   127.0.0.1 - - [25/Nov/2026:20:27:16 +0000] "GET /users/1 HTTP/1.1" 200 87
 * 412
 *
 * (client address, two unused fields, UTC time, request line, status,
 * body bytes, microseconds from the handler's first call to the response).
 * Bytes of the path and query that are not printable ASCII, and '"' and
 * '\', are written as \xHH, so a line is always one line.
 *
 * Kore's own `accesslog` directive must not be used: Kore 4.1's
 * kore_accesslog() overruns its shared-memory buffer when the buffer is
 * nearly full, and the worker dies holding the buffer's lock, which leaves
 * the parent spinning forever. This log is written by the workers
 * themselves: each appends lines to its own buffer and write()s whole
 * lines to a file opened O_APPEND, when the buffer passes
 * SC_ACCESSLOG_FLUSH bytes, every SC_ACCESSLOG_INTERVAL ms (a Kore timer)
 * and at worker teardown. A request costs no system call.
 *
 * Not logged: answers Kore sends without calling a handler (400 for a
 * request it cannot parse, 411, 413 for a body over http_body_max, 414,
 * 431, its own 404/405 when no route matches), files the /docs/static/
 * filemap serves, and lines still buffered when a worker crashes.
 */
#ifndef SC_ACCESSLOG_H
#define SC_ACCESSLOG_H

#include <kore/kore.h>
#include <kore/http.h>

/* Flush a worker's buffer once it holds this many bytes. */
#define SC_ACCESSLOG_FLUSH (32 * 1024)
/* ... and at least this often (ms). */
#define SC_ACCESSLOG_INTERVAL 500

/*
 * In the parent, before the workers are forked (kore_parent_configure):
 * open the log named by path for appending, created 0644. NULL, "",
 * "off", "none", "no" and "0" mean no log. The workers inherit the file
 * descriptor, so they need no open() under seccomp. Calls fatal() when
 * the file cannot be opened, so a wrong path shows at once.
 */
void sc_accesslog_open(const char *path);

/*
 * In each worker (kore_worker_configure): start the flush timer. Does
 * nothing when the log is off.
 */
void sc_accesslog_worker_init(void);

/* Write what the worker has buffered (worker teardown, timer). */
void sc_accesslog_flush(void);

/*
 * Remember when the handler first saw req, for the duration field.
 * Handlers call it on their first call; a response without it is timed
 * from the start of the handler call that sends it (millisecond grain).
 */
void sc_accesslog_begin(struct http_request *);

/*
 * Append req's line: status and body length as sent. No-op when the log
 * is off. sc_respond() calls it for every response.
 */
void sc_accesslog_request(struct http_request *, int status, size_t len);

#endif
