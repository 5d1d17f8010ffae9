/* sc_accesslog.c: the per-worker buffered access log (sc_accesslog.h). */
#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sc_accesslog.h"

/* Room for a full buffer plus the longest line, so a line never splits. */
#define SC_ACCESSLOG_BUFLEN (64 * 1024)
/* The request target is cut here (after escaping); Kore allows 8 KiB. */
#define SC_ACCESSLOG_TARGET_MAX 4096
/* Slots remembering when handlers first saw their requests. */
#define SC_ACCESSLOG_SLOTS 4096

/* The log's file descriptor, opened by the parent; -1 = no log. */
static int al_fd = -1;

/* The worker's pending lines. */
static char al_buf[SC_ACCESSLOG_BUFLEN];
static size_t al_len;
/* Set after a failed write was reported, so the log is not flooded. */
static int al_write_failed;

/* The time field, formatted once per second. */
static time_t al_time_sec = -1;
static char al_time_str[40];

/*
 * When a handler first saw a request (sc_accesslog_begin), by request
 * address. A slot is trusted only for the same connection and when it is
 * not older than the moment the connection started to receive this
 * request, so a slot left by a request that never got an answer (the
 * client went away) is never taken for a later request at that address.
 * A collision just loses the earlier start.
 */
struct al_slot {
	const struct http_request *req;
	const struct connection *conn;
	uint64_t us;
};
static struct al_slot al_slots[SC_ACCESSLOG_SLOTS];

static uint64_t
al_now_us(void)
{
	struct timespec ts;

	/* vDSO: no system call. The clock of kore_time_ms(). */
	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u);
}

static struct al_slot *
al_slot(const struct http_request *req)
{
	uintptr_t h;

	h = (uintptr_t)req;
	h ^= h >> 12;
	return (&al_slots[(h >> 4) % SC_ACCESSLOG_SLOTS]);
}

void
sc_accesslog_open(const char *path)
{
	int fd;

	if (path == NULL || *path == '\0' || strcmp(path, "off") == 0 ||
	    strcmp(path, "none") == 0 || strcmp(path, "no") == 0 ||
	    strcmp(path, "0") == 0)
		return;
	if ((fd = open(
		 path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644)) == -1)
		fatal("SCHEMAC_ACCESSLOG: cannot open %s: %s", path,
		    strerror(errno));
	/* Kore may call the parent's configure hook more than once. */
	if (al_fd != -1)
		(void)close(al_fd);
	al_fd = fd;
}

static void
al_timer(void *arg, uint64_t now)
{
	(void)arg;
	(void)now;
	sc_accesslog_flush();
}

void
sc_accesslog_worker_init(void)
{
	if (al_fd == -1)
		return;
	(void)kore_timer_add(al_timer, SC_ACCESSLOG_INTERVAL, NULL, 0);
}

void
sc_accesslog_flush(void)
{
	size_t off;
	ssize_t n;

	off = 0;
	while (off < al_len) {
		/*
		 * O_APPEND and whole lines: lines of different workers never
		 * interleave, since a regular file takes the whole write.
		 */
		n = write(al_fd, al_buf + off, al_len - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (!al_write_failed) {
				kore_log(LOG_ERR,
				    "access log: write failed: %s; lines "
				    "dropped",
				    n == -1 ? strerror(errno) : "no progress");
			}
			al_write_failed = 1;
			break;
		}
		off += (size_t)n;
	}
	al_len = 0;
}

void
sc_accesslog_begin(struct http_request *req)
{
	struct al_slot *s;

	if (al_fd == -1)
		return;
	s = al_slot(req);
	s->req = req;
	s->conn = req->owner;
	s->us = al_now_us();
}

/* The time field, e.g. "25/Nov/2026:20:27:16 +0000", cached per second. */
static const char *
al_time(void)
{
	struct tm tm;
	time_t now;

	now = time(NULL);
	if (now != al_time_sec) {
		al_time_sec = now;
		if (gmtime_r(&now, &tm) == NULL ||
		    strftime(al_time_str, sizeof(al_time_str),
			"%d/%b/%Y:%H:%M:%S +0000", &tm) == 0)
			(void)kore_strlcpy(
			    al_time_str, "-", sizeof(al_time_str));
	}
	return (al_time_str);
}

/* Append s, escaping what would break the line, up to end. */
static char *
al_escape(char *p, char *end, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char c;

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			if (p >= end)
				break;
			*p++ = (char)c;
		} else {
			if (end - p < 4)
				break;
			*p++ = '\\';
			*p++ = 'x';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 0xf];
		}
	}
	return (p);
}

/* The client's address as text. */
static void
al_addr(const struct connection *c, char *out, size_t outlen)
{
	const void *a;

	switch (c->family) {
	case AF_INET:
		a = &c->addr.ipv4.sin_addr;
		break;
	case AF_INET6:
		a = &c->addr.ipv6.sin6_addr;
		break;
	default:
		a = NULL;
		break;
	}
	if (a == NULL ||
	    inet_ntop(c->family, a, out, (socklen_t)outlen) == NULL)
		(void)kore_strlcpy(out, "-", outlen);
}

void
sc_accesslog_request(struct http_request *req, int status, size_t len)
{
	struct connection *c = req->owner;
	struct al_slot *s;
	char addr[INET6_ADDRSTRLEN], target[SC_ACCESSLOG_TARGET_MAX], *p;
	const char *method;
	uint64_t now, start;
	int n;

	if (al_fd == -1)
		return;
	now = al_now_us();
	/*
	 * Called before http_response(), which resets c->http_start for the
	 * connection's next request.
	 */
	s = al_slot(req);
	if (s->req == req && s->conn == c &&
	    s->us / 1000 >= (uint64_t)c->http_start) {
		start = s->us;
		s->req = NULL;
	} else
		start = req->start * 1000; /* this handler call, in ms */
	al_addr(c, addr, sizeof(addr));
	p = al_escape(target, target + sizeof(target) - 1,
	    req->path != NULL ? req->path : "-");
	if (req->query_string != NULL && p < target + sizeof(target) - 2) {
		*p++ = '?';
		p = al_escape(
		    p, target + sizeof(target) - 1, req->query_string);
	}
	*p = '\0';
	if ((method = http_method_text(req->method)) == NULL || *method == '\0')
		method = "-";
	if (req->method == HTTP_METHOD_HEAD)
		len = 0; /* Kore sends no body */

	if (SC_ACCESSLOG_BUFLEN - al_len < 512 + sizeof(target))
		sc_accesslog_flush();
	n = snprintf(al_buf + al_len, SC_ACCESSLOG_BUFLEN - al_len,
	    "%s - - [%s] \"%s %s HTTP/1.1\" %d %zu %llu\n", addr, al_time(),
	    method, target, status, len,
	    (unsigned long long)(now > start ? now - start : 0));
	if (n > 0 && (size_t)n < SC_ACCESSLOG_BUFLEN - al_len)
		al_len += (size_t)n;
	if (al_len >= SC_ACCESSLOG_FLUSH)
		sc_accesslog_flush();
}
