/* `capisim import events`: Windows events as people paste them in text, to
 * "event" observations with the model's field names (docs/trace-format.md:
 * log, source, id, level, keywords, task, text).
 *
 * Three layouts, told apart by their first key (tests/data/real/):
 *  - Event Viewer's "Copy details as text" (Vista and later): "Log Name:",
 *    "Source:", "Date:", "Event ID:", "Task Category:", "Level:",
 *    "Keywords:", "User:", "Computer:", "Description:" and the message on the
 *    lines after it, optionally "Event Xml:" and the event's XML (read by
 *    `import capi2`; here only checked to be whole);
 *  - the Windows XP / Server 2003 Event Viewer: "Event Type:", "Event
 *    Source:", "Event Category:", "Event ID:", "Date:", "Time:", "User:",
 *    "Computer:", "Description:";
 *  - PowerShell's Format-List of Get-WinEvent records: "MachineName :",
 *    "LogName :", "TimeCreated :", "Id :", "ProviderName :", "Level :",
 *    "LevelDisplayName :", "Message :" with the message continuing on lines
 *    indented under its value.
 * Dates are the machine's local time in its own format: kept as text
 * ("date"), never turned into an instant. An event whose "Event Xml:" part
 * does not close, or that has no event ID, is refused with its line; a block
 * whose lines were elided ("[...]") is kept and says "excerpt": true. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare/import/import.h"

typedef struct {
	const char *key; /* as printed, without the colon */
	const char *field;
} key_map;

static const key_map viewer_keys[] = {
    {"Log Name", "log"},       {"Source", "source"},
    {"Date", "date"},          {"Event ID", "id"},
    {"Task Category", "task"}, {"Level", "level"},
    {"Keywords", "keywords"},  {"User", "user"},
    {"Computer", "computer"},
};
static const key_map xp_keys[] = {
    {"Event Type", "level"},    {"Event Source", "source"},
    {"Event Category", "task"}, {"Event ID", "id"},
    {"Date", "date"},           {"Time", "time"},
    {"User", "user"},           {"Computer", "computer"},
};
static const key_map ps_keys[] = {
    {"MachineName", "computer"}, {"LogName", "log"},
    {"TimeCreated", "date"},     {"Id", "id"},
    {"ProviderName", "source"},  {"LevelDisplayName", "level"},
    {"Level", "level_number"},
};

typedef enum { L_NONE, L_VIEWER, L_XP, L_PS } layout;

typedef struct {
	const char *name;
	cs_diag *d;
	json_t *found;
	json_t *ev; /* the open event */
	unsigned ev_line;
	layout lay;
	bool in_desc, in_xml;
	unsigned xml_line;
	size_t value_col; /* PowerShell: where values start */
	char *text;       /* the message being collected */
	size_t textlen;
} ev_state;

static void append_text(ev_state *st, const char *s, size_t n)
{
	char *t = realloc(st->text, st->textlen + n + 2);
	if (!t)
		return;
	if (st->textlen)
		t[st->textlen++] = '\n';
	memcpy(t + st->textlen, s, n);
	st->textlen += n;
	t[st->textlen] = 0;
	st->text = t;
}

static cs_status finish(ev_state *st, unsigned lineno)
{
	if (!st->ev)
		return CS_OK;
	if (st->in_xml) {
		cs_diag_set(st->d, st->name, lineno, 1,
		            "the Event Xml of the event at line %u (from line "
		            "%u) is cut off before </Event>: a truncated paste",
		            st->ev_line, st->xml_line);
		return CS_ERR_SYNTAX;
	}
	json_t *id = json_object_get(st->ev, "id");
	if (!json_is_integer(id)) {
		cs_diag_set(st->d, st->name, st->ev_line, 1,
		            "an event without its \"Event ID\" (or \"Id\")");
		return CS_ERR_SYNTAX;
	}
	/* PowerShell prints both Level (2) and LevelDisplayName (Error). */
	json_t *num = json_object_get(st->ev, "level_number");
	if (num) {
		static const char *names[] = {"LogAlways", "Critical", "Error",
		                              "Warning", "Information"};
		long v = atol(json_string_value(num));
		if (!json_object_get(st->ev, "level") && v >= 0 && v <= 4)
			json_object_set_new(st->ev, "level",
			                    json_string(names[v]));
		json_object_del(st->ev, "level_number");
	}
	if (st->text)
		json_object_set_new(st->ev, "text", json_string(st->text));
	json_array_append_new(st->found, st->ev);
	free(st->text);
	st->text = NULL;
	st->textlen = 0;
	st->ev = NULL;
	st->in_desc = false;
	return CS_OK;
}

/* "Key:   value" (viewer/XP) or "Key   : value" (PowerShell) in the line
 * [s, end): the key's mapped field and the value (*value <= end; the value
 * is empty when it is end). */
static const key_map *match_key(const char *s, const char *end,
                                const key_map *keys, size_t nkeys, bool ps,
                                const char **value)
{
	for (size_t i = 0; i < nkeys; i++) {
		size_t kl = strlen(keys[i].key);
		if ((size_t)(end - s) < kl || strncmp(s, keys[i].key, kl) != 0)
			continue;
		const char *p = s + kl;
		if (ps)
			while (p < end && *p == ' ')
				p++;
		if (p == end || *p != ':')
			continue;
		p++;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		*value = p;
		return &keys[i];
	}
	return NULL;
}

static void set_field(json_t *ev, const char *field, const char *v, size_t n)
{
	if (n == 0) /* "Keywords:" with nothing after it */
		return;
	if (strcmp(field, "id") == 0) { /* digits end before the line does */
		char *end;
		long id = strtol(v, &end, 10);
		if (end != v)
			json_object_set_new(ev, "id", json_integer(id));
		return;
	}
	json_object_set_new(ev, field, json_stringn(v, n));
}

static json_t *new_event(ev_state *st, unsigned lineno)
{
	st->ev = json_object();
	json_object_set_new(st->ev, "kind", json_string("event"));
	json_object_set_new(st->ev, "line", json_integer(lineno));
	st->ev_line = lineno;
	return st->ev;
}

static cs_status one_line(ev_state *st, const char *raw, size_t len,
                          unsigned lineno)
{
	size_t a = 0, b = len;
	while (a < b && (raw[a] == ' ' || raw[a] == '\t'))
		a++;
	while (b > a && (raw[b - 1] == '\r' || raw[b - 1] == ' '))
		b--;
	const char *s = raw + a;
	size_t n = b - a;
	const char *v;
	const key_map *k;
	if (st->in_xml) {
		if (strstr(s, "</Event>") &&
		    (size_t)(strstr(s, "</Event>") - s) < n)
			st->in_xml = false;
		return CS_OK;
	}
	/* The start of an event in each layout. */
	layout start = L_NONE;
	if (strncmp(s, "Log Name:", 9) == 0)
		start = L_VIEWER;
	else if (strncmp(s, "Event Type:", 11) == 0)
		start = L_XP;
	else if (strncmp(s, "MachineName", 11) == 0 &&
	         match_key(s, s + n, ps_keys, 1, true, &v))
		start = L_PS;
	if (start != L_NONE) {
		cs_status rc = finish(st, lineno);
		if (rc != CS_OK)
			return rc;
		new_event(st, lineno);
		st->lay = start;
		st->value_col = 0;
	}
	if (!st->ev)
		return CS_OK;
	if (n == 0) {
		if (st->lay != L_PS)
			st->in_desc = false;
		return CS_OK;
	}
	if (strncmp(s, "Event Xml:", 10) == 0) {
		st->in_desc = false;
		st->in_xml = true;
		st->xml_line = lineno;
		return CS_OK;
	}
	if (n >= 4 && strncmp(s, "[...", 4) == 0) {
		json_object_set_new(st->ev, "excerpt", json_true());
		st->in_desc = false;
		return CS_OK;
	}
	if (st->lay == L_PS) {
		if ((k = match_key(s, s + n, ps_keys,
		                   sizeof ps_keys / sizeof *ps_keys, true,
		                   &v))) {
			st->value_col = a + (size_t)(v - s);
			set_field(st->ev, k->field, v, (size_t)(s + n - v));
			st->in_desc = false;
		} else if (strncmp(s, "Message", 7) == 0 &&
		           match_key(s, s + n, &(key_map){"Message", "text"}, 1,
		                     true, &v)) {
			st->value_col = a + (size_t)(v - s);
			if (s + n > v)
				append_text(st, v, (size_t)(s + n - v));
			st->in_desc = true;
		} else if (st->in_desc && st->value_col && a >= st->value_col) {
			append_text(st, s, n);
		}
		return CS_OK;
	}
	if (st->in_desc) {
		append_text(st, s, n);
		return CS_OK;
	}
	const key_map *keys = st->lay == L_XP ? xp_keys : viewer_keys;
	size_t nkeys = st->lay == L_XP
	                   ? sizeof xp_keys / sizeof *xp_keys
	                   : sizeof viewer_keys / sizeof *viewer_keys;
	if (strncmp(s, "Description:", 12) == 0) {
		st->in_desc = true;
		if (n > 12 && s[12] == ' ')
			append_text(st, s + 13, n - 13);
		return CS_OK;
	}
	if ((k = match_key(s, s + n, keys, nkeys, false, &v)))
		set_field(st->ev, k->field, v, (size_t)(s + n - v));
	/* Anything else inside a block (an XML fragment a page quotes, a
	 * "..." elision) is not a field. */
	else if (s[0] == '<' || strncmp(s, "...", 3) == 0)
		json_object_set_new(st->ev, "excerpt", json_true());
	return CS_OK;
}

cs_status import_events(const char *text, const char *name, json_t *out,
                        cs_diag *d)
{
	ev_state st = {name, d, json_array(), NULL, 0, L_NONE, false, false,
	               0,    0, NULL,         0};
	cs_status rc = CS_OK;
	unsigned lineno = 0, last_no = 1;
	for (const char *s = text; *s && rc == CS_OK;) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		lineno++;
		/* the header lines of the project's evidence files */
		if (s[0] != '#') {
			rc = one_line(&st, s, len, lineno);
			if (len && strspn(s, " \t\r") < len)
				last_no = lineno;
		}
		s += len + (nl != NULL);
	}
	if (rc == CS_OK)
		rc = finish(&st, last_no);
	json_decref(st.ev);
	free(st.text);
	if (rc == CS_OK && json_array_size(st.found) == 0) {
		cs_diag_set(
		    d, name, 1, 1,
		    "no event found (expected Event Viewer's text "
		    "(\"Log Name:\" or \"Event Type:\") or PowerShell's "
		    "Format-List (\"MachineName :\"))");
		rc = CS_ERR_SYNTAX;
	}
	if (rc == CS_OK)
		json_array_extend(out, st.found);
	json_decref(st.found);
	return rc;
}
