/* The loopback HTTP proxy of the Wine comparison (httpd.h). */
#include "compare/wine/httpd.h"

#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static int parse_ticks(const char *s, cs_filetime *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v < 0 || end == s)
		return 0;
	*out = v;
	return 1;
}

/* serve [from=T] [until=T] URL PATH... | fail [from=T] [until=T] URL STATUS */
static cs_status parse_rule(httpd_rules *r, char *line, bool serve,
                            const char *file, unsigned lineno, cs_diag *d)
{
	if (r->n == HTTPD_MAX_RULES)
		return cs_diag_set(d, file, lineno, 1,
		                   "more than %d serve/fail lines",
		                   HTTPD_MAX_RULES),
		       CS_ERR_LIMIT;
	httpd_rule *rule = &r->rules[r->n];
	memset(rule, 0, sizeof *rule);
	rule->from = INT64_MIN;
	rule->until = INT64_MAX;
	char *save = NULL, *tok = strtok_r(line, " \t", &save); /* keyword */
	while ((tok = strtok_r(NULL, " \t", &save)) != NULL) {
		unsigned col = (unsigned)(tok - line) + 1;
		if (strncmp(tok, "from=", 5) == 0 ||
		    strncmp(tok, "until=", 6) == 0) {
			bool from = tok[0] == 'f';
			if (!parse_ticks(tok + (from ? 5 : 6),
			                 from ? &rule->from : &rule->until))
				return cs_diag_set(d, file, lineno, col,
				                   "expected FILETIME ticks"),
				       CS_ERR_SYNTAX;
			continue;
		}
		rule->url = strdup(tok);
		char *rest = save ? save + strspn(save, " \t") : NULL;
		if (!rest || !*rest)
			return cs_diag_set(d, file, lineno, col,
			                   serve ? "expected URL PATH"
			                         : "expected URL STATUS"),
			       CS_ERR_SYNTAX;
		if (serve) {
			rule->status = 200;
			/* relative to the plan's folder, like the probe's files
			 */
			const char *slash = strrchr(file, '/');
			if (rest[0] == '/' || !slash) {
				rule->path = strdup(rest);
			} else {
				size_t n = (size_t)(slash - file) + 1 +
				           strlen(rest) + 1;
				rule->path = malloc(n);
				if (rule->path)
					snprintf(rule->path, n, "%.*s%s",
					         (int)(slash - file + 1), file,
					         rest);
			}
		} else if (strcmp(rest, "drop") == 0) {
			rule->status = 0;
		} else {
			char *end;
			long st = strtol(rest, &end, 10);
			if (*end || st < 400 || st > 599)
				return cs_diag_set(d, file, lineno,
				                   col + (unsigned)(rest - tok),
				                   "expected an HTTP error "
				                   "status 400..599 or 'drop'"),
				       CS_ERR_SYNTAX;
			rule->status = (int)st;
		}
		r->n++;
		return CS_OK;
	}
	return cs_diag_set(d, file, lineno, 1, "expected a URL"), CS_ERR_SYNTAX;
}

cs_status httpd_rules_load(httpd_rules *r, const char *plan_path, cs_diag *d)
{
	memset(r, 0, sizeof *r);
	FILE *f = fopen(plan_path, "r");
	if (!f)
		return cs_diag_set(d, plan_path, 0, 0, "cannot open: %s",
		                   strerror(errno)),
		       CS_ERR_IO;
	char line[4096];
	unsigned lineno = 0;
	cs_status st = CS_OK;
	while (st == CS_OK && fgets(line, sizeof line, f)) {
		lineno++;
		line[strcspn(line, "\r\n")] = 0;
		if (strncmp(line, "serve ", 6) == 0)
			st = parse_rule(r, line, true, plan_path, lineno, d);
		else if (strncmp(line, "fail ", 5) == 0)
			st = parse_rule(r, line, false, plan_path, lineno, d);
	}
	fclose(f);
	if (st != CS_OK)
		httpd_rules_free(r);
	return st;
}

void httpd_rules_free(httpd_rules *r)
{
	for (unsigned i = 0; i < r->n; i++) {
		free(r->rules[i].url);
		free(r->rules[i].path);
	}
	r->n = 0;
}

/* The probe's clock: "YYYY-MM-DD hh:mm:ss" in the timestamp file. */
static cs_filetime read_clock(const char *path)
{
	char buf[64] = "";
	FILE *f = fopen(path, "r");
	if (f) {
		if (!fgets(buf, sizeof buf, f))
			buf[0] = 0;
		fclose(f);
	}
	buf[strcspn(buf, "\r\n")] = 0;
	char iso[80];
	snprintf(iso, sizeof iso, "%.10sT%sZ", buf,
	         strlen(buf) > 11 ? buf + 11 : "");
	cs_filetime t = 0;
	if (cs_time_parse(iso, &t, NULL, NULL) != CS_OK)
		return 0;
	return t;
}

static const httpd_rule *match(const httpd_rules *r, const char *url,
                               cs_filetime now)
{
	for (unsigned i = r->n; i-- > 0;) { /* later lines win */
		const httpd_rule *rule = &r->rules[i];
		size_t n = strlen(rule->url);
		bool hit = strcmp(rule->url, url) == 0 ||
		           (n && rule->url[n - 1] == '/' &&
		            strncmp(rule->url, url, n) == 0);
		if (hit && now >= rule->from && now < rule->until)
			return rule;
	}
	return NULL;
}

/* What the server's child serves from. */
typedef struct {
	const httpd_rules *rules;
	const char *clock_path;
	FILE *log;
} server;

/* One request: the request target as the client sent it (cryptnet sends
 * absolute URLs to a proxy; libmicrohttpd's url argument is unescaped and
 * cut at '?'), kept from the URI log callback. */
typedef struct {
	char *uri;
} request;

static void *request_begin(void *cls, const char *uri, struct MHD_Connection *c)
{
	(void)cls;
	(void)c;
	request *q = calloc(1, sizeof *q);
	if (q)
		q->uri = strdup(uri);
	return q;
}

static void request_end(void *cls, struct MHD_Connection *c, void **req_cls,
                        enum MHD_RequestTerminationCode why)
{
	(void)cls;
	(void)c;
	(void)why;
	request *q = *req_cls;
	if (q)
		free(q->uri);
	free(q);
	*req_cls = NULL;
}

/* The rules' spelling of a request target: cryptnet spells out the
 * default port ("http://host:80/x"); rules are written without it. */
static void drop_port80(char *url)
{
	char *port80 = strstr(url, ":80/");
	if (port80 && strncmp(url, "http://", 7) == 0 &&
	    !memchr(url + 7, '/', (size_t)(port80 - url - 7)))
		memmove(port80, port80 + 3, strlen(port80 + 3) + 1);
}

static void log_request(FILE *log, cs_filetime now, const char *method,
                        const char *url, int status)
{
	char when[CS_TIME_BUF];
	json_t *o = json_pack("{s:s, s:s, s:s, s:i}", "clock",
	                      cs_time_format(now, when), "method", method,
	                      "url", url, "status", status);
	if (o && json_dumpf(o, log, JSON_COMPACT | JSON_PRESERVE_ORDER) == 0)
		fputc('\n', log);
	json_decref(o);
	fflush(log);
}

/* A response with body file path (status 404 when it cannot be read), or
 * an empty one. */
static struct MHD_Response *response_of(const char *path, int *status)
{
	char *body = NULL;
	size_t len = 0;
	if (path) {
		FILE *f = fopen(path, "rb");
		long n = f && fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
		if (n >= 0 && fseek(f, 0, SEEK_SET) == 0)
			body = malloc((size_t)n + 1);
		if (body && fread(body, 1, (size_t)n, f) == (size_t)n)
			len = (size_t)n;
		else {
			free(body);
			body = NULL;
			*status = 404;
		}
		if (f)
			fclose(f);
	}
	struct MHD_Response *r = MHD_create_response_from_buffer(
	    len, body ? body : (void *)"",
	    body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (!r) {
		free(body);
		return NULL;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
	                        "application/octet-stream");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
	return r;
}

/* Called for the head, for each piece of a body (the OCSP POST's, which
 * the answer does not depend on: responses are precomputed per URL), then
 * once more when the body is complete: the answer goes then. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
                                  const char *url, const char *method,
                                  const char *version, const char *upload,
                                  size_t *upload_size, void **req_cls)
{
	(void)url;
	(void)version;
	(void)upload;
	server *s = cls;
	request *q = *req_cls;
	if (*upload_size) {
		*upload_size = 0;
		return MHD_YES;
	}
	if (!q || !q->uri)
		return MHD_NO;
	drop_port80(q->uri);
	cs_filetime now = read_clock(s->clock_path);
	const httpd_rule *rule = match(s->rules, q->uri, now);
	int status = rule ? rule->status : 404;
	struct MHD_Response *r = NULL;
	if (status) /* 0: drop the connection unanswered */
		r = response_of(rule && status == 200 ? rule->path : NULL,
		                &status);
	log_request(s->log, now, method, q->uri, status);
	if (!r)
		return MHD_NO;
	enum MHD_Result ok = MHD_queue_response(c, (unsigned)status, r);
	MHD_destroy_response(r);
	return ok;
}

/* The child: libmicrohttpd on the listening socket, one thread, until the
 * parent's SIGTERM. */
static void serve_forever(int lfd, const httpd_rules *r, const char *clock_path,
                          FILE *log)
{
	server s = {r, clock_path, log};
	struct MHD_Daemon *d = MHD_start_daemon(
	    MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, on_request, &s,
	    MHD_OPTION_LISTEN_SOCKET, (MHD_socket)lfd,
	    MHD_OPTION_URI_LOG_CALLBACK, request_begin, NULL,
	    MHD_OPTION_NOTIFY_COMPLETED, request_end, NULL,
	    MHD_OPTION_CONNECTION_LIMIT, 16u, MHD_OPTION_END);
	if (!d)
		_exit(3);
	for (;;)
		pause();
}

cs_status httpd_start(httpd *h, const httpd_rules *r, const char *clock_path,
                      const char *log_path, cs_diag *d)
{
	h->pid = -1;
	int lfd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr =
	    htonl(INADDR_LOOPBACK); /* loopback only, never 0.0.0.0 */
	a.sin_port = 0;
	socklen_t alen = sizeof a;
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&a, sizeof a) != 0 ||
	    listen(lfd, 16) != 0 ||
	    getsockname(lfd, (struct sockaddr *)&a, &alen) != 0) {
		cs_diag_set(d, NULL, 0, 0, "cannot listen on 127.0.0.1: %s",
		            strerror(errno));
		if (lfd >= 0)
			close(lfd);
		return CS_ERR_IO;
	}
	FILE *log = fopen(log_path, "w");
	if (!log) {
		close(lfd);
		return cs_diag_set(d, log_path, 0, 0, "cannot create: %s",
		                   strerror(errno)),
		       CS_ERR_IO;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		close(lfd);
		fclose(log);
		return cs_diag_set(d, NULL, 0, 0, "fork: %s", strerror(errno)),
		       CS_ERR_IO;
	}
	if (pid == 0) {
		signal(SIGPIPE, SIG_IGN);
		serve_forever(lfd, r, clock_path, log);
	}
	close(lfd);
	fclose(log);
	h->pid = pid;
	h->port = ntohs(a.sin_port);
	return CS_OK;
}

void httpd_stop(httpd *h)
{
	if (h->pid <= 0)
		return;
	kill(h->pid, SIGTERM);
	waitpid(h->pid, NULL, 0);
	h->pid = -1;
}
