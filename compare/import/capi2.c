/* `capisim import capi2`: CAPI2 events as XML (wevtutil qe ... /f:xml, or
 * the Event Viewer's XML view) to observations (import.h).
 *
 * wevtutil prints events one after another with no root element, so each
 * <Event>...</Event> span is parsed on its own with libxml2; text between
 * events (prompts, an <?xml?> declaration, Event Viewer's "- " collapse
 * markers outside elements) is skipped. An <Event> that does not close, or
 * that libxml2 rejects, is an error at its line. Elements are matched by
 * local name, so the event namespace (http or https in copies) does not
 * matter. Field meanings: the CAPI2 manifest as the samples show it
 * (/work/shared/samples/capi2_*.txt). */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare/import/import.h"

static xmlNode *child(xmlNode *n, const char *name)
{
	for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)c->name, name) == 0)
			return c;
	return NULL;
}

static xmlNode *first_element(xmlNode *n)
{
	for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return c;
	return NULL;
}

/* An attribute as a JSON string, NULL when absent. */
static json_t *attr(xmlNode *n, const char *name)
{
	xmlChar *v = n ? xmlGetProp(n, (const xmlChar *)name) : NULL;
	json_t *s = v ? json_string((const char *)v) : NULL;
	xmlFree(v);
	return s;
}

static bool attr_hex(xmlNode *n, const char *name, unsigned long *out)
{
	xmlChar *v = n ? xmlGetProp(n, (const xmlChar *)name) : NULL;
	char *end = NULL;
	bool ok =
	    v && *v && (*out = strtoul((const char *)v, &end, 16), *end == 0);
	xmlFree(v);
	return ok;
}

static json_t *hex(unsigned long v, bool hr)
{
	char buf[16];
	snprintf(buf, sizeof buf, hr ? "0x%08lX" : "0x%08lx", v);
	return json_string(buf);
}

static char *text_of(xmlNode *n)
{
	xmlChar *t = n ? xmlNodeGetContent(n) : NULL;
	if (!t)
		return NULL;
	char *s = (char *)t, *e = s + strlen(s);
	while (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\n' || e[-1] == '\r' ||
	                 e[-1] == '\t'))
		e--;
	char *copy = strndup(s, (size_t)(e - s));
	xmlFree(t);
	return copy;
}

/* "8D68...72.cer" -> "8d68...72" */
static json_t *thumb(xmlNode *cert)
{
	xmlChar *v = cert ? xmlGetProp(cert, (const xmlChar *)"fileRef") : NULL;
	if (!v)
		return NULL;
	char *s = (char *)v, *dot = strchr(s, '.');
	if (dot)
		*dot = 0;
	for (char *p = s; *p; p++)
		*p = (char)(*p >= 'A' && *p <= 'F' ? *p - 'A' + 'a' : *p);
	json_t *j = json_string(s);
	xmlFree(v);
	return j;
}

static void trust_status(xmlNode *ts, json_t *into)
{
	unsigned long v;
	if (attr_hex(child(ts, "ErrorStatus"), "value", &v))
		json_object_set_new(into, "error_status", hex(v, false));
	if (attr_hex(child(ts, "InfoStatus"), "value", &v))
		json_object_set_new(into, "info_status", hex(v, false));
}

static void set_result(xmlNode *data, json_t *o, const char *key)
{
	unsigned long v;
	if (attr_hex(child(data, "Result"), "value", &v))
		json_object_set_new(o, key, hex(v, true));
}

/* Event 11 CertGetCertificateChain: the chain and its elements. */
static void chain_event(xmlNode *data, json_t *o)
{
	xmlNode *cc = child(data, "CertificateChain");
	json_t *chain = json_object();
	json_object_set_new(chain, "error_status", hex(0, false));
	json_object_set_new(chain, "info_status", hex(0, false));
	trust_status(child(cc, "TrustStatus"), chain);
	json_t *els = json_array();
	for (xmlNode *e = cc ? cc->children : NULL; e; e = e->next) {
		if (e->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)e->name, "ChainElement") != 0)
			continue;
		json_t *el = json_object();
		xmlNode *cert = child(e, "Certificate");
		json_t *t = thumb(cert), *subj = attr(cert, "subjectName");
		if (subj)
			json_object_set_new(el, "subject", subj);
		if (t)
			json_object_set_new(el, "thumbprint_sha1", t);
		trust_status(child(e, "TrustStatus"), el);
		unsigned long rv;
		if (attr_hex(
		        child(child(e, "RevocationInfo"), "RevocationResult"),
		        "value", &rv))
			json_object_set_new(el, "revocation_result",
			                    hex(rv, true));
		json_array_append_new(els, el);
	}
	json_object_set_new(chain, "elements", els);
	json_object_set_new(o, "chain", chain);
	unsigned long f;
	if (attr_hex(child(data, "Flags"), "value", &f))
		json_object_set_new(o, "chain_flags", hex(f, false));
	set_result(data, o, "result");
}

/* Event 30 CertVerifyCertificateChainPolicy. */
static json_t *policy_of(xmlNode *data)
{
	json_t *p = json_object();
	xmlChar *type =
	    xmlGetProp(child(data, "Policy"), (const xmlChar *)"type");
	if (type) {
		/* CERT_CHAIN_POLICY_SSL -> "ssl", as `capisim verify` names it
		 */
		const char *s = (const char *)type;
		if (strncmp(s, "CERT_CHAIN_POLICY_", 18) == 0)
			s += 18;
		char name[64];
		size_t k = 0;
		for (; *s && k + 1 < sizeof name; s++)
			name[k++] = *s == '_' ? '-'
			                      : (char)(*s >= 'A' && *s <= 'Z'
			                                   ? *s - 'A' + 'a'
			                                   : *s);
		name[k] = 0;
		json_object_set_new(p, "name", json_string(name));
		xmlFree(type);
	}
	unsigned long v;
	json_object_set_new(
	    p, "error",
	    hex(attr_hex(child(data, "Result"), "value", &v) ? v : 0, true));
	xmlNode *st = child(data, "Status");
	xmlChar *ci = xmlGetProp(st, (const xmlChar *)"chainIndex");
	xmlChar *ei = xmlGetProp(st, (const xmlChar *)"elementIndex");
	if (ci)
		json_object_set_new(p, "chain_index",
		                    json_integer(atol((const char *)ci)));
	if (ei)
		json_object_set_new(p, "element_index",
		                    json_integer(atol((const char *)ei)));
	xmlFree(ci);
	xmlFree(ei);
	return p;
}

static void revocation_event(xmlNode *data, json_t *o)
{
	json_t *r = json_object();
	json_t *t = thumb(child(data, "Certificate"));
	if (t)
		json_object_set_new(r, "cert", t);
	unsigned long v;
	xmlNode *rs = child(data, "RevocationStatus");
	if (attr_hex(rs, "error", &v) ||
	    attr_hex(child(data, "Result"), "value", &v))
		json_object_set_new(r, "error", hex(v, true));
	xmlChar *idx = xmlGetProp(rs, (const xmlChar *)"index");
	xmlChar *reason = xmlGetProp(rs, (const xmlChar *)"reason");
	if (idx)
		json_object_set_new(r, "index",
		                    json_integer(atol((const char *)idx)));
	if (reason)
		json_object_set_new(r, "reason",
		                    json_integer(atol((const char *)reason)));
	xmlFree(idx);
	xmlFree(reason);
	json_object_set_new(o, "revocation", r);
}

/* CONTEXT_OID_CRL -> "crl": the object names of the model's fetch
 * observations (CryptRetrieveObjectByUrl's pszObjectOid, wincrypt.h). */
static json_t *object_name(const char *type)
{
	static const struct {
		const char *oid, *name;
	} names[] = {{"CONTEXT_OID_CERTIFICATE", "cert"},
	             {"CONTEXT_OID_CRL", "crl"},
	             {"CONTEXT_OID_OCSP_RESP", "ocsp"}};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(type, names[i].oid) == 0)
			return json_string(names[i].name);
	return json_string(type);
}

static void fetch_event(xmlNode *data, json_t *o)
{
	char *url = text_of(child(data, "URL"));
	if (url)
		json_object_set_new(o, "url", json_string(url));
	free(url);
	xmlChar *type =
	    xmlGetProp(child(data, "Object"), (const xmlChar *)"type");
	if (type)
		json_object_set_new(o, "object",
		                    object_name((const char *)type));
	xmlFree(type);
	set_result(data, o, "error");
}

/* "2" -> "Error", as Event Viewer names the levels (the model's event
 * observations name them so). */
static json_t *level_name(const char *n)
{
	static const char *const names[] = {"Information", "Critical",
	                                    "Error",       "Warning",
	                                    "Information", "Verbose"};
	char *end = NULL;
	long v = strtol(n, &end, 10);
	return *n && !*end && v >= 0 && v <= 5 ? json_string(names[v])
	                                       : json_string(n);
}

static void set_text(json_t *o, const char *key, xmlNode *n)
{
	char *t = text_of(n);
	if (t && *t)
		json_object_set_new(o, key, json_string(t));
	free(t);
}

/* Every event also as an "event" observation shaped like the model's
 * (trace-format.md, kind event): log, id, level, keywords, and the details
 * the model records for it - url, subject, policy, result (the <Result>
 * value as written: uppercase hex without 0x). */
static json_t *event_obs(xmlNode *sys, xmlNode *data, unsigned line)
{
	json_t *e = json_object();
	json_object_set_new(e, "source", json_string("capi2"));
	json_object_set_new(e, "line", json_integer(line));
	json_object_set_new(e, "kind", json_string("event"));
	json_t *t = attr(child(sys, "TimeCreated"), "SystemTime");
	if (t)
		json_object_set_new(e, "t", t);
	set_text(e, "log", child(sys, "Channel"));
	char *id = text_of(child(sys, "EventID"));
	if (id && *id)
		json_object_set_new(e, "id", json_integer(atol(id)));
	free(id);
	char *lvl = text_of(child(sys, "Level"));
	if (lvl && *lvl)
		json_object_set_new(e, "level", level_name(lvl));
	free(lvl);
	set_text(e, "keywords", child(sys, "Keywords"));
	set_text(e, "url", child(data, "URL"));
	xmlNode *cert = child(data, "Certificate");
	json_t *subj = attr(cert, "subjectName");
	if (subj)
		json_object_set_new(e, "subject", subj);
	if (child(data, "Policy")) {
		json_t *p = policy_of(data);
		json_object_set(e, "policy", json_object_get(p, "name"));
		json_decref(p);
	}
	json_t *r = attr(child(data, "Result"), "value");
	if (r)
		json_object_set_new(e, "result", r);
	return e;
}

/* One parsed <Event>; chains maps chainRef -> its observation (event 30
 * joins the event 11 of the same chain). */
static void convert(xmlNode *ev, json_t *out, json_t *chains, unsigned line)
{
	xmlNode *sys = child(ev, "System");
	xmlNode *data = first_element(child(ev, "UserData"));
	char *id_text = text_of(child(sys, "EventID"));
	char *channel = text_of(child(sys, "Channel"));
	json_t *t = attr(child(sys, "TimeCreated"), "SystemTime");
	const char *name = data ? (const char *)data->name : "";
	json_t *o = json_object();
	json_object_set_new(o, "source", json_string("capi2"));
	json_object_set_new(o, "line", json_integer(line));
	if (t)
		json_object_set_new(o, "t", t);
	if (channel && *channel)
		json_object_set_new(o, "log", json_string(channel));
	if (id_text && *id_text)
		json_object_set_new(o, "event_id", json_integer(atol(id_text)));
	if (*name)
		json_object_set_new(o, "event", json_string(name));
	json_t *ref = attr(child(data, "CertificateChain"), "chainRef");
	if (strcmp(name, "CertGetCertificateChain") == 0) {
		json_object_set_new(o, "kind", json_string("verify"));
		chain_event(data, o);
		if (ref)
			json_object_set(chains, json_string_value(ref), o);
	} else if (strcmp(name, "CertVerifyCertificateChainPolicy") == 0) {
		json_t *owner =
		    ref ? json_object_get(chains, json_string_value(ref))
		        : NULL;
		if (owner) { /* the policy of a chain already imported */
			json_object_set_new(owner, "policy", policy_of(data));
			json_array_append_new(out, event_obs(sys, data, line));
			json_decref(o);
			json_decref(ref);
			free(id_text);
			free(channel);
			return;
		}
		json_object_set_new(o, "kind", json_string("verify"));
		json_t *cert = thumb(child(data, "Certificate"));
		if (cert)
			json_object_set_new(o, "cert", cert);
		json_object_set_new(o, "policy", policy_of(data));
	} else if (strcmp(name, "CertVerifyRevocation") == 0) {
		json_object_set_new(o, "kind", json_string("revocation"));
		revocation_event(data, o);
	} else if (strncmp(name, "CryptRetrieveObjectByUrl", 24) == 0 &&
	           !strstr(name, "Start")) {
		json_object_set_new(o, "kind", json_string("fetch"));
		fetch_event(data, o);
	} else {
		json_decref(o); /* the event observation says it all */
		o = NULL;
	}
	json_decref(ref);
	if (o)
		json_array_append_new(out, o);
	json_array_append_new(out, event_obs(sys, data, line));
	free(id_text);
	free(channel);
}

/* Start of the next "<Event" element (not <EventID>, <EventData>...). */
static const char *next_event(const char *s)
{
	while ((s = strstr(s, "<Event")) != NULL) {
		char c = s[6];
		if (c == ' ' || c == '>' || c == '\n' || c == '\r' || c == '\t')
			return s;
		s += 6;
	}
	return NULL;
}

static unsigned line_at(const char *text, const char *p)
{
	unsigned n = 1;
	for (const char *s = text; s < p; s++)
		n += *s == '\n';
	return n;
}

static void silence(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

cs_status import_capi2(const char *text, const char *name, json_t *out,
                       cs_diag *d)
{
	json_t *found = json_array(), *chains = json_object();
	cs_status rc = CS_OK;
	xmlSetGenericErrorFunc(NULL, silence);
	for (const char *s = next_event(text); s && rc == CS_OK;
	     s = next_event(s)) {
		const char *end = strstr(s, "</Event>");
		/* "<Event>" in prose before the real one (a copied page's
		 * text): the element is the last start before the first end. */
		for (const char *again = next_event(s + 6);
		     end && again && again < end; again = next_event(s + 6))
			s = again;
		unsigned line = line_at(text, s);
		if (!end) {
			cs_diag_set(d, name, line, 1,
			            "<Event> not closed by </Event> (a "
			            "truncated copy?)");
			rc = CS_ERR_SYNTAX;
			break;
		}
		end += 8;
		xmlDoc *doc = xmlReadMemory(
		    s, (int)(end - s), name, NULL,
		    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
		if (!doc) {
			const xmlError *e = xmlGetLastError();
			cs_diag_set(
			    d, name,
			    line +
			        (e && e->line > 0 ? (unsigned)e->line - 1 : 0),
			    1, "bad XML: %s",
			    e && e->message ? e->message : "not well-formed");
			size_t n = strlen(d->msg);
			if (n && d->msg[n - 1] == '\n')
				d->msg[n - 1] = 0;
			rc = CS_ERR_SYNTAX;
			break;
		}
		convert(xmlDocGetRootElement(doc), found, chains, line);
		xmlFreeDoc(doc);
		s = end;
	}
	if (rc == CS_OK && json_array_size(found) == 0) {
		cs_diag_set(d, name, 1, 1,
		            "no <Event> element found (expected `wevtutil qe "
		            "... /f:xml` output)");
		rc = CS_ERR_SYNTAX;
	}
	if (rc == CS_OK)
		json_array_extend(out, found);
	json_decref(found);
	json_decref(chains);
	return rc;
}
