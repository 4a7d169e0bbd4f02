/* The trusted-issuer list as `capisim schannel issuer-list` shows it
 * (render/issuer_list_view.h). */
#include <stdlib.h>

#include <jansson.h>

#include "render/issuer_list_view.h"
#include "trace/jsonl.h"

static void print_text(const cs_sch_server *s, bool send_set, FILE *out)
{
	const cs_sch_issuer_list *l = &s->list;
	fprintf(out, "Schannel trusted-issuer list: %s (%s)\n",
	        s->profile->name, s->profile->description);
	fprintf(out, "source: %s; trust mode: %s; sent: %s (%s)\n",
	        cs_sch_source_name(s->source), cs_sch_trust_mode_name(s->mode),
	        s->send ? "yes" : "no",
	        send_set ? "SendTrustedIssuerList set"
	                 : "SendTrustedIssuerList absent: profile default");
	fprintf(out, "limit: %zu bytes, counted as %s\n\n", l->limit,
	        cs_sch_count_rule_name(l->rule));
	fprintf(out, "%5s  %-16s %5s %8s %8s  %-17s %s\n", "#", "store", "name",
	        "encoded", "running", "fate", "subject");
	for (size_t i = 0; i < l->n; i++) {
		const cs_sch_entry *e = &l->v[i];
		char run[24] = "-";
		if (e->counted)
			snprintf(run, sizeof run, "%zu", e->counted);
		fprintf(out, "%5zu  %-16s %5zu %8zu %8s  %-17s %s\n", i + 1,
		        cs_sch_from_name(e->from), e->name_len, e->name_len + 2,
		        run, cs_sch_fate_name(e->fate),
		        cs_cert_subject(e->cert->cert));
	}
	fprintf(
	    out,
	    "\nresult: %zu names, certificate_authorities %zu bytes "
	    "(2-byte length + names with 2-byte prefixes), %zu as counted\n",
	    l->kept, l->wire_len, l->counted_len);
	fprintf(out,
	        "dropped: %zu past the %zu-byte limit (the whole list would be "
	        "%zu), %zu not trusted for client authentication, %zu "
	        "duplicate names\n",
	        l->dropped_limit, l->limit, l->full_counted_len,
	        l->dropped_usage, l->dropped_duplicate);
	if (s->logs_36885)
		fprintf(out, "event: System  Schannel  36885  Warning\n  %s\n",
		        cs_sch_text_36885());
	else if (l->truncated)
		fprintf(out,
		        "event: none (the list is truncated but not in use: "
		        "not sent, and validation does not read it)\n");
	else
		fprintf(out, "event: none\n");
}

static cs_status print_json(const cs_sch_server *s, FILE *out)
{
	const cs_sch_issuer_list *l = &s->list;
	json_t *entries = json_array();
	for (size_t i = 0; i < l->n; i++) {
		const cs_sch_entry *e = &l->v[i];
		json_array_append_new(
		    entries,
		    json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:s}", "index",
		              (json_int_t)(i + 1), "store",
		              cs_sch_from_name(e->from), "subject",
		              cs_cert_subject(e->cert->cert), "name_bytes",
		              (json_int_t)e->name_len, "encoded_bytes",
		              (json_int_t)(e->name_len + 2), "running",
		              (json_int_t)e->counted, "fate",
		              cs_sch_fate_name(e->fate)));
	}
	json_t *ev = json_null();
	if (s->logs_36885)
		ev = json_pack("{s:s, s:s, s:i, s:s, s:s}", "log", "System",
		               "source", "Schannel", "id", 36885, "level",
		               "Warning", "text", cs_sch_text_36885());
	json_t *o = json_pack(
	    "{s:s, s:s, s:s, s:b, s:I, s:s, s:o, s:I, s:I, s:I, s:b, s:I, "
	    "s:I, s:I, s:o}",
	    "profile", s->profile->name, "source",
	    cs_sch_source_name(s->source), "trust_mode",
	    cs_sch_trust_mode_name(s->mode), "sent", s->send, "limit",
	    (json_int_t)l->limit, "count_rule", cs_sch_count_rule_name(l->rule),
	    "entries", entries, "names_sent", (json_int_t)l->kept, "bytes",
	    (json_int_t)l->wire_len, "counted", (json_int_t)l->counted_len,
	    "truncated", l->truncated, "dropped_limit",
	    (json_int_t)l->dropped_limit, "dropped_usage",
	    (json_int_t)l->dropped_usage, "dropped_duplicate",
	    (json_int_t)l->dropped_duplicate, "event", ev);
	if (!o)
		return CS_JSON_FAILED();
	char *t = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (!t)
		return CS_JSON_FAILED();
	fprintf(out, "%s\n", t);
	free(t);
	return CS_OK;
}

cs_status cs_issuer_list_write(const cs_sch_server *s, bool send_set, bool json,
                               FILE *out)
{
	if (json)
		return print_json(s, out);
	print_text(s, send_set, out);
	return ferror(out) ? CS_ERR_IO : CS_OK;
}
