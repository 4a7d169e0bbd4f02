/* `capisim import w3c`: IIS W3C extended log lines to "fetch" observations
 * (import.h).
 *
 * "#Fields:" names the columns of the lines after it; other "#" lines (IIS
 * directives #Software, #Version, #Date, and comments) are skipped. Without
 * a #Fields line the IIS 7.5+ default field list is assumed - the one the
 * seed 003 lines (EVIDENCE.md C) and the sample's IIS 7.5 / 10.0 headers
 * show: date time s-ip cs-method cs-uri-stem cs-uri-query s-port
 * cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status
 * time-taken. A line whose field count differs from the list is an error.
 * Values "-" are absent; '+' in the user agent is IIS's escaped space. */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare/import/import.h"

#define MAX_FIELDS 40

static const char default_fields[] =
    "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
    "cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken";
/* IIS 10.0's default list adds cs(Referer) (samples/
 * iis_w3c_headers_and_cryptoapi_requests.txt part B: its #Fields line). */
static const char default_fields_10[] =
    "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
    "cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status "
    "time-taken";

typedef struct {
	char names[MAX_FIELDS][40];
	unsigned n;
} fields;

static int split(char *s, char **tok, int max, unsigned *cols, const char *base)
{
	int n = 0;
	char *save = NULL;
	for (char *t = strtok_r(s, " \t", &save); t;
	     t = strtok_r(NULL, " \t", &save)) {
		if (n == max)
			return -1;
		cols[n] = (unsigned)(t - base) + 1;
		tok[n++] = t;
	}
	return n;
}

static int find(const fields *f, const char *name)
{
	for (unsigned i = 0; i < f->n; i++)
		if (strcmp(f->names[i], name) == 0)
			return (int)i;
	return -1;
}

static cs_status set_fields(fields *f, const char *list, const char *name,
                            unsigned line, cs_diag *d)
{
	char buf[2048];
	snprintf(buf, sizeof buf, "%s", list);
	char *tok[MAX_FIELDS + 1];
	unsigned cols[MAX_FIELDS + 1];
	int n = split(buf, tok, MAX_FIELDS + 1, cols, buf);
	if (n <= 0 || n > MAX_FIELDS)
		return cs_diag_set(d, name, line, 1,
		                   "expected 1..%d field names after #Fields:",
		                   MAX_FIELDS),
		       CS_ERR_SYNTAX;
	f->n = (unsigned)n;
	for (int i = 0; i < n; i++)
		snprintf(f->names[i], sizeof f->names[i], "%s", tok[i]);
	if (find(f, "date") < 0 || find(f, "time") < 0 ||
	    find(f, "cs-uri-stem") < 0)
		return cs_diag_set(
		           d, name, line, 1,
		           "#Fields: must include date, time and cs-uri-stem"),
		       CS_ERR_SYNTAX;
	return CS_OK;
}

static const char *get(const fields *f, char **tok, const char *name)
{
	int i = find(f, name);
	return i >= 0 && strcmp(tok[i], "-") != 0 ? tok[i] : NULL;
}

static cs_status line_obs(const fields *f, char *buf, const char *raw,
                          size_t rawlen, const char *name, unsigned line,
                          json_t *out, cs_diag *d)
{
	char *tok[MAX_FIELDS + 1];
	unsigned cols[MAX_FIELDS + 1];
	int n = split(buf, tok, MAX_FIELDS + 1, cols, buf);
	if (n != (int)f->n) {
		cs_diag_set(
		    d, name, line,
		    n > (int)f->n ? cols[f->n] : (unsigned)rawlen + 1,
		    "expected %u space-separated fields (%s), found %d", f->n,
		    f->n == 14 ? "the IIS default #Fields" : "as #Fields says",
		    n);
		cs_diag_source(d, raw, rawlen);
		return CS_ERR_SYNTAX;
	}
	const char *date = get(f, tok, "date"), *time = get(f, tok, "time");
	char iso[64];
	cs_filetime t;
	snprintf(iso, sizeof iso, "%sT%sZ", date ? date : "", time ? time : "");
	if (!date || !time || cs_time_parse(iso, &t, NULL, NULL) != CS_OK) {
		cs_diag_set(d, name, line, cols[find(f, "date")],
		            "expected date and time as YYYY-MM-DD hh:mm:ss "
		            "(UTC, as IIS logs)");
		cs_diag_source(d, raw, rawlen);
		return CS_ERR_SYNTAX;
	}
	json_t *o = json_object();
	char when[CS_TIME_BUF];
	json_object_set_new(o, "kind", json_string("fetch"));
	json_object_set_new(o, "source", json_string("w3c"));
	json_object_set_new(o, "line", json_integer(line));
	json_object_set_new(o, "t", json_string(cs_time_format(t, when)));
	const char *method = get(f, tok, "cs-method");
	if (method)
		json_object_set_new(o, "method", json_string(method));
	const char *stem = get(f, tok, "cs-uri-stem"),
	           *query = get(f, tok, "cs-uri-query");
	char path[4096];
	snprintf(path, sizeof path, "%s%s%s", stem ? stem : "",
	         query ? "?" : "", query ? query : "");
	json_object_set_new(o, "path", json_string(path));
	const char *host = get(f, tok, "cs-host");
	if (host) {
		char url[4200];
		snprintf(url, sizeof url, "http://%s%s", host, path);
		json_object_set_new(o, "url", json_string(url));
	}
	const char *ua = get(f, tok, "cs(User-Agent)");
	if (ua) {
		char agent[1024];
		snprintf(agent, sizeof agent, "%s", ua);
		for (char *p = agent; *p; p++)
			if (*p == '+')
				*p = ' ';
		json_object_set_new(o, "user_agent", json_string(agent));
	}
	const char *status = get(f, tok, "sc-status");
	if (status)
		json_object_set_new(o, "status", json_integer(atol(status)));
	const char *client = get(f, tok, "c-ip");
	if (client)
		json_object_set_new(o, "client", json_string(client));
	json_array_append_new(out, o);
	return CS_OK;
}

cs_status import_w3c(const char *text, const char *name, json_t *out,
                     cs_diag *d)
{
	fields f;
	cs_status rc = set_fields(&f, default_fields, name, 0, d);
	json_t *found = json_array();
	unsigned lineno = 0;
	bool have_fields = false;
	for (const char *s = text; *s && rc == CS_OK;) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		size_t b = len;
		while (b && (s[b - 1] == '\r' || s[b - 1] == ' '))
			b--;
		lineno++;
		char buf[8192];
		if (b >= sizeof buf) {
			cs_diag_set(d, name, lineno, 1, "line too long");
			rc = CS_ERR_SYNTAX;
			break;
		}
		memcpy(buf, s, b);
		buf[b] = 0;
		if (strncmp(buf, "#Fields:", 8) == 0) {
			rc = set_fields(&f, buf + 8, name, lineno, d);
			have_fields = true;
		} else if (strncmp(buf, "#Software:", 10) == 0 &&
		           !have_fields &&
		           strstr(buf, "Information Services 10.")) {
			/* no #Fields (a pasted excerpt): IIS 10's defaults */
			rc = set_fields(&f, default_fields_10, name, 0, d);
		} else if (b && buf[0] != '#')
			rc = line_obs(&f, buf, s, b, name, lineno, found, d);
		s += len + (nl != NULL);
	}
	if (rc == CS_OK && json_array_size(found) == 0) {
		cs_diag_set(d, name, 1, 1,
		            "no log lines found (only directives or nothing)");
		rc = CS_ERR_SYNTAX;
	}
	if (rc == CS_OK)
		json_array_extend(out, found);
	json_decref(found);
	return rc;
}
