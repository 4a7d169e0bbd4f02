/* The CAPI2 Operational XML writer (capi2_xml.h). Element and attribute
 * names, their order and the value forms (hex without 0x, uppercase;
 * thumbprints as "<SHA-1>.cer") are the samples':
 * samples/capi2_op_41_xml_revocation_offline_2023.txt (System block, 41),
 * capi2_op_30_xml_ssl_policy_untrusted_root_msdocs.txt (30),
 * capi2_op_sequence_10-40-41-50-51-42-90-11_de-DE_formatlist_2022.txt (10,
 * 11, 40, 42, 50, 51, 90), capi2_op_53_friendlyview_wire_fail_2020.txt (53).
 * Text is escaped by libxml2. */
#include "render/capi2_xml.h"

#include <libxml/entities.h>
#include <openssl/x509.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "engine/chain/chain.h"
#include "model/alloc.h"
#include "model/eventlog.h"
#include "model/hresult.h"
#include "pki/cert.h"
#include "pki/certname.h"
#include "trace/nomem.h"

#define PROVIDER_GUID "{5bbca4a8-b209-48dc-a8c7-b23d3e5216fb}"
#define EVENT_NS      "http://schemas.microsoft.com/win/2004/08/events/event"
#define MAX_TASKS     8

typedef struct {
	FILE *out;
	int depth;
	cs_status failed; /* the first failure (out of memory); CS_OK */
} xw;

static void indent(xw *w)
{
	for (int i = 0; i < w->depth; i++)
		fputs("  ", w->out);
}

static void put_escaped(xw *w, const char *s)
{
	xmlChar *e = xmlEncodeSpecialChars(NULL, (const xmlChar *)s);
	if (!e) {
		if (w->failed == CS_OK)
			w->failed = CS_LIB_NOMEM();
		return;
	}
	fputs((const char *)e, w->out);
	xmlFree(e);
}

static void start(xw *w, const char *name)
{
	indent(w);
	fprintf(w->out, "<%s", name);
}

static void attr(xw *w, const char *key, const char *val)
{
	fprintf(w->out, " %s=\"", key);
	put_escaped(w, val);
	fputc('"', w->out);
}

static void attr_hex(xw *w, const char *key, uint64_t v)
{
	fprintf(w->out, " %s=\"%llX\"", key, (unsigned long long)v);
}

static void attr_int(xw *w, const char *key, int64_t v)
{
	fprintf(w->out, " %s=\"%lld\"", key, (long long)v);
}

static void empty(xw *w)
{
	fputs(" />\n", w->out);
}

static void open_(xw *w)
{
	fputs(">\n", w->out);
	w->depth++;
}

static void close_(xw *w, const char *name)
{
	w->depth--;
	indent(w);
	fprintf(w->out, "</%s>\n", name);
}

static void text_elem(xw *w, const char *name, const char *text)
{
	start(w, name);
	fputc('>', w->out);
	put_escaped(w, text);
	fprintf(w->out, "</%s>\n", name);
}

/* ---- what the trace says around one event ---- */

/* The observations the writer reads: an array (a run's whole trace, or
 * the copies a streamed run kept). */
typedef struct {
	const cs_obs *obs;
	size_t n;
} obs_seq;

typedef struct {
	const cs_pool *pool;
	const obs_seq *tr;
	xw w;
	unsigned record;
	unsigned task_seq[MAX_TASKS]; /* open correlation tasks (10 ... 11) */
	unsigned task_id[MAX_TASKS];
	size_t ntasks;
	unsigned next_task, next_chain;
	unsigned chain_ref;  /* the last event 11's chainRef number */
	const cs_obs *chain; /* and its chain observation */
	size_t first, end;   /* the step occurrence of the event */
} cx;

static bool same_step(const cs_obs *a, const cs_obs *b)
{
	return a->line == b->line && a->file == b->file;
}

/* One occurrence of a step: its "step" observation closes it (the runner
 * writes it when the step is done), so the occurrence is what lies between
 * the previous one and the next. */
static void step_range(cx *c, size_t i)
{
	size_t a = i, b = i;
	while (a > 0 && strcmp(c->tr->obs[a - 1].kind, "step") != 0)
		a--;
	while (b < c->tr->n && strcmp(c->tr->obs[b].kind, "step") != 0)
		b++;
	c->first = a;
	c->end = b < c->tr->n ? b + 1 : b;
}

/* The observation of kind nearest to i in its step: the last before i
 * (forward = false) or the first after it; with key, whose string field key
 * equals val. */
static bool matches(const cs_obs *o, const cs_obs *ev, const char *kind,
                    const char *key, const char *val)
{
	if (strcmp(o->kind, kind) != 0 || !same_step(o, ev))
		return false;
	const char *v = key ? cs_obs_get_str(o, key) : NULL;
	return !key || (v && strcmp(v, val) == 0);
}

static const cs_obs *near(const cx *c, size_t i, const char *kind, bool forward,
                          const char *key, const char *val)
{
	const cs_obs *ev = &c->tr->obs[i];
	if (forward) {
		for (size_t k = i + 1; k < c->end; k++)
			if (matches(&c->tr->obs[k], ev, kind, key, val))
				return &c->tr->obs[k];
		return NULL;
	}
	for (size_t k = i; k-- > c->first;)
		if (matches(&c->tr->obs[k], ev, kind, key, val))
			return &c->tr->obs[k];
	return NULL;
}

static const char *account_of(const cx *c, size_t i)
{
	const cs_obs *ev = &c->tr->obs[i];
	for (size_t k = i + 1; k < c->end; k++)
		if (c->tr->obs[k].account && same_step(&c->tr->obs[k], ev))
			return c->tr->obs[k].account;
	for (size_t k = i; k-- > c->first;)
		if (c->tr->obs[k].account && same_step(&c->tr->obs[k], ev))
			return c->tr->obs[k].account;
	return NULL;
}

/* The service accounts' well-known SIDs; a user's SID is not modelled. */
static const char *sid_of(const char *account)
{
	static const struct {
		const char *name, *sid;
	} sids[] = {{"SYSTEM", "S-1-5-18"},
	            {"LocalService", "S-1-5-19"},
	            {"NetworkService", "S-1-5-20"}};
	for (size_t k = 0; account && k < sizeof sids / sizeof *sids; k++)
		if (strcmp(account, sids[k].name) == 0)
			return sids[k].sid;
	return NULL;
}

/* certutil steps run certutil.exe; what process a scenario's other steps
 * stand for is not recorded. */
static const char *process_of(const cx *c, size_t i)
{
	const cs_obs *st = c->end > c->first ? &c->tr->obs[c->end - 1] : NULL;
	const char *a =
	    st && strcmp(st->kind, "step") == 0 && same_step(st, &c->tr->obs[i])
	        ? cs_obs_get_str(st, "action")
	        : NULL;
	return a && strncmp(a, "certutil ", 9) == 0 ? "certutil.exe" : NULL;
}

/* ---- pieces of UserData ---- */

static void certificate(cx *c, const char *elem, const char *sha1)
{
	xw *w = &c->w;
	char ref[48];
	size_t k = 0;
	for (; sha1[k] && k < 40; k++)
		ref[k] = (char)(sha1[k] >= 'a' && sha1[k] <= 'f'
		                    ? sha1[k] - 'a' + 'A'
		                    : sha1[k]);
	snprintf(ref + k, sizeof ref - k, ".cer");
	start(w, elem);
	attr(w, "fileRef", ref);
	const struct cs_cert *cert = cs_cert_find_sha1(c->pool, sha1);
	char *name = cert ? cs_name_simple_display(
	                        X509_get_subject_name(cs_cert_x509(cert)))
	                  : NULL;
	if (cert && !name && w->failed == CS_OK)
		w->failed = cs_alloc_failed();
	if (name)
		attr(w, "subjectName", name);
	free(name);
	empty(w);
}

static void status_word(xw *w, const char *elem, int64_t v, bool info)
{
	start(w, elem);
	attr_hex(w, "value", (uint32_t)v);
	for (uint32_t bit = 1; bit; bit <<= 1) {
		const char *name = cs_trust_bit_name(bit, info);
		if (((uint32_t)v & bit) && name)
			attr(w, name, "true");
	}
	empty(w);
}

static void trust_status(xw *w, const cs_obs *o)
{
	int64_t e = 0, i = 0;
	cs_obs_get_int(o, "error_status", &e);
	cs_obs_get_int(o, "info_status", &i);
	start(w, "TrustStatus");
	open_(w);
	status_word(w, "ErrorStatus", e, false);
	status_word(w, "InfoStatus", i, true);
	close_(w, "TrustStatus");
}

/* <Result value="80092013">text</Result>; value "0" closes empty, as the
 * samples' successful events do. */
static void result(cx *c, const char *elem, const char *hex)
{
	xw *w = &c->w;
	uint32_t hr = (uint32_t)strtoul(hex, NULL, 16);
	const char *text = hr ? cs_hresult_text(hr) : NULL;
	start(w, elem);
	attr(w, "value", hex);
	if (!text) {
		empty(w);
		return;
	}
	fputc('>', w->out);
	put_escaped(w, text);
	fprintf(w->out, "</%s>\n", elem);
}

static void guid(char buf[40], unsigned kind, unsigned n)
{
	snprintf(buf, 40, "{00000000-0000-0000-%04X-%012X}", kind, n);
}

static void aux_info(cx *c, size_t i, unsigned task, unsigned seq)
{
	xw *w = &c->w;
	const char *proc = process_of(c, i);
	if (proc) {
		start(w, "EventAuxInfo");
		attr(w, "ProcessName", proc);
		empty(w);
	}
	char g[40];
	guid(g, 1, task);
	start(w, "CorrelationAuxInfo");
	attr(w, "TaskId", g);
	attr_int(w, "SeqNumber", seq);
	empty(w);
}

/* The chain observation's element whose subject is subject: its index. */
static const cs_obs *element_of(const cs_obs *chain, const char *subject,
                                size_t *idx)
{
	const cs_field *f = chain ? cs_obs_field(chain, "elements") : NULL;
	for (size_t k = 0; f && f->type == CS_FIELD_LIST && k < f->v.list.n;
	     k++) {
		const char *s = cs_obs_get_str(&f->v.list.items[k], "subject");
		if (s && subject && strcmp(s, subject) == 0) {
			*idx = k;
			return &f->v.list.items[k];
		}
	}
	return NULL;
}

static const cs_obs *element_at(const cs_obs *chain, size_t k)
{
	const cs_field *f = chain ? cs_obs_field(chain, "elements") : NULL;
	return f && f->type == CS_FIELD_LIST && k < f->v.list.n
	           ? &f->v.list.items[k]
	           : NULL;
}

static void chain_flags(xw *w, int64_t flags)
{
	start(w, "Flags");
	attr_hex(w, "value", (uint32_t)flags);
	for (uint32_t bit = 1; bit; bit <<= 1) {
		const char *name = cs_chain_flag_name(bit);
		if (((uint32_t)flags & bit) && name)
			attr(w, name, "true");
	}
	empty(w);
}

/* Event 11: the chain of this step's last chain observation. Each element's
 * revocation result is the event 41 of its certificate in the step. */
static void build_chain(cx *c, size_t i)
{
	xw *w = &c->w;
	const cs_obs *ch = near(c, i, "chain", false, NULL, NULL);
	const cs_obs *leaf = element_at(ch, 0);
	const char *t = leaf ? cs_obs_get_str(leaf, "thumbprint_sha1") : NULL;
	if (t)
		certificate(c, "Certificate", t);
	int64_t flags = 0;
	if (ch && cs_obs_get_int(ch, "flags", &flags))
		chain_flags(w, flags);
	c->chain_ref = ++c->next_chain;
	c->chain = ch;
	char g[40];
	guid(g, 2, c->chain_ref);
	start(w, "CertificateChain");
	attr(w, "chainRef", g);
	if (!ch) {
		empty(w);
		return;
	}
	open_(w);
	trust_status(w, ch);
	for (size_t k = 0; element_at(ch, k); k++) {
		const cs_obs *e = element_at(ch, k);
		start(w, "ChainElement");
		open_(w);
		const char *th = cs_obs_get_str(e, "thumbprint_sha1");
		if (th)
			certificate(c, "Certificate", th);
		trust_status(w, e);
		const char *subj = cs_obs_get_str(e, "subject");
		const cs_obs *rev = NULL;
		for (size_t j = c->first; subj && j < i; j++) {
			const cs_obs *o = &c->tr->obs[j];
			int64_t id = 0;
			const char *s = cs_obs_get_str(o, "subject");
			if (strcmp(o->kind, "event") == 0 &&
			    cs_obs_get_int(o, "id", &id) && id == 41 && s &&
			    strcmp(s, subj) == 0 && same_step(o, ch))
				rev = o;
		}
		const char *rr = rev ? cs_obs_get_str(rev, "result") : NULL;
		if (rr) {
			start(w, "RevocationInfo");
			open_(w);
			result(c, "RevocationResult", rr);
			close_(w, "RevocationInfo");
		}
		close_(w, "ChainElement");
	}
	close_(w, "CertificateChain");
}

/* "ssl" -> CERT_CHAIN_POLICY_SSL, constant 4: the policy OID's value
 * (wincrypt.h), which the engine's policy ids are. */
static void policy_elem(xw *w, const char *name)
{
	cs_policy_id id;
	if (!name || !cs_policy_from_name(name, &id))
		return;
	start(w, "Policy");
	attr(w, "type", cs_policy_symbol(id));
	attr_int(w, "constant", (int64_t)id);
	empty(w);
}

static void verify_policy(cx *c, size_t i)
{
	xw *w = &c->w;
	const cs_obs *ev = &c->tr->obs[i];
	policy_elem(w, cs_obs_get_str(ev, "policy"));
	const cs_obs *leaf = element_at(c->chain, 0);
	const char *t = leaf ? cs_obs_get_str(leaf, "thumbprint_sha1") : NULL;
	if (t)
		certificate(c, "Certificate", t);
	if (c->chain_ref) {
		char g[40];
		guid(g, 2, c->chain_ref);
		start(w, "CertificateChain");
		attr(w, "chainRef", g);
		empty(w);
	}
	const cs_obs *p = near(c, i, "policy", false, NULL, NULL);
	int64_t ci, ei;
	if (p && cs_obs_get_int(p, "chain_index", &ci) &&
	    cs_obs_get_int(p, "element_index", &ei)) {
		start(w, "Status");
		attr_int(w, "chainIndex", ci);
		attr_int(w, "elementIndex", ei);
		empty(w);
	}
}

/* Event 41: the certificate and its issuer, from the chain the step builds
 * with it (the revocation check runs inside the build). */
static void verify_revocation(cx *c, size_t i)
{
	xw *w = &c->w;
	const cs_obs *ev = &c->tr->obs[i];
	const char *subj = cs_obs_get_str(ev, "subject");
	const cs_obs *ch = near(c, i, "chain", true, NULL, NULL);
	size_t k = 0;
	const cs_obs *e = element_of(ch, subj, &k);
	const char *t = e ? cs_obs_get_str(e, "thumbprint_sha1") : NULL;
	const cs_obs *iss = e ? element_at(ch, k + 1) : NULL;
	const char *it = iss ? cs_obs_get_str(iss, "thumbprint_sha1") : NULL;
	if (t)
		certificate(c, "Certificate", t);
	if (it)
		certificate(c, "IssuerCertificate", it);
	const char *r = cs_obs_get_str(ev, "result");
	if (r) {
		start(w, "RevocationStatus");
		attr(w, "index", "0");
		attr(w, "error", r);
		empty(w);
	}
}

/* The object a retrieval of url was for, from the step's fetch
 * observation (CONTEXT_OID_* of CryptRetrieveObjectByUrl, wincrypt.h). */
static void object_elem(cx *c, size_t i, const char *url)
{
	static const struct {
		const char *model, *type;
		int constant;
	} kinds[] = {{"cert", "CONTEXT_OID_CERTIFICATE", 1},
	             {"crl", "CONTEXT_OID_CRL", 2},
	             {"ocsp", "CONTEXT_OID_OCSP_RESP", 6}};
	const cs_obs *f = near(c, i, "fetch", true, "url", url);
	if (!f)
		f = near(c, i, "fetch", false, "url", url);
	const char *kind = f ? cs_obs_get_str(f, "object") : NULL;
	for (size_t k = 0; kind && k < sizeof kinds / sizeof *kinds; k++)
		if (strcmp(kinds[k].model, kind) == 0) {
			start(&c->w, "Object");
			attr(&c->w, "type", kinds[k].type);
			attr_int(&c->w, "constant", kinds[k].constant);
			empty(&c->w);
		}
}

static void url_elem(xw *w, const char *url)
{
	const char *colon = strchr(url, ':');
	start(w, "URL");
	if (colon) {
		char scheme[16];
		size_t n = (size_t)(colon - url);
		snprintf(scheme, sizeof scheme, "%.*s",
		         (int)(n < sizeof scheme ? n : sizeof scheme - 1), url);
		attr(w, "scheme", scheme);
	}
	fputc('>', w->out);
	put_escaped(w, url);
	fputs("</URL>\n", w->out);
}

/* Event 42: the rejected CRL or OCSP response, by its URL. */
static void rejected(cx *c, size_t i, const char *url)
{
	const cs_obs *f = near(c, i, "fetch", false, "url", url);
	const char *kind = f ? cs_obs_get_str(f, "object") : NULL;
	start(&c->w, kind && strcmp(kind, "ocsp") == 0
	                 ? "OCSPResponse"
	                 : "CertificateRevocationList");
	attr(&c->w, "url", url);
	empty(&c->w);
}

static void x509_objects(cx *c, size_t i)
{
	const cs_obs *ch = near(c, i, "chain", false, NULL, NULL);
	for (size_t k = 0; element_at(ch, k); k++) {
		const char *t =
		    cs_obs_get_str(element_at(ch, k), "thumbprint_sha1");
		if (t)
			certificate(c, "Certificate", t);
	}
}

/* ---- one event ---- */

static const struct {
	unsigned id;
	const char *data;
	int opcode;
} events[] = {
    /* Opcodes: 11, 41, 53 carry 2 and 30 carries 0 in the samples; the
     * start events are given 1 (win:Start) and 42, 50, 51, 90 0 - not
     * seen in a sample (docs/capi2.md). */
    {10, "CertGetCertificateChainStart", 1},
    {11, "CertGetCertificateChain", 2},
    {30, "CertVerifyCertificateChainPolicy", 0},
    {40, "CertVerifyRevocationStart", 1},
    {41, "CertVerifyRevocation", 2},
    {42, "CertRejectedRevocationInfo", 0},
    {50, "CryptRetrieveObjectByUrlCacheStart", 1},
    {51, "CryptRetrieveObjectByUrlCache", 2},
    {52, "CryptRetrieveObjectByUrlWireStart", 1},
    {53, "CryptRetrieveObjectByUrlWire", 2},
    {90, "X509Objects", 0},
};

static void system_block(cx *c, size_t i, unsigned id, int opcode)
{
	xw *w = &c->w;
	const cs_obs *ev = &c->tr->obs[i];
	const char *lvl = cs_obs_get_str(ev, "level");
	int level = lvl && strcmp(lvl, "Error") == 0     ? CS_LEVEL_ERROR
	            : lvl && strcmp(lvl, "Warning") == 0 ? CS_LEVEL_WARNING
	                                                 : CS_LEVEL_INFORMATION;
	const char *kw = cs_obs_get_str(ev, "keywords");
	char t[CS_TIME_BUF];
	cs_civil cv;
	cs_filetime_to_civil(ev->t, &cv);
	snprintf(t, sizeof t, "%04d-%02d-%02dT%02d:%02d:%02d.%07lldZ", cv.year,
	         cv.month, cv.day, cv.hour, cv.min, cv.sec,
	         (long long)cv.ticks);
	start(w, "System");
	open_(w);
	start(w, "Provider");
	attr(w, "Name", "Microsoft-Windows-CAPI2");
	attr(w, "Guid", PROVIDER_GUID);
	empty(w);
	fprintf(w->out, "%*s<EventID>%u</EventID>\n", 2 * w->depth, "", id);
	text_elem(w, "Version", "0");
	fprintf(w->out, "%*s<Level>%d</Level>\n", 2 * w->depth, "", level);
	fprintf(w->out, "%*s<Task>%u</Task>\n", 2 * w->depth, "", id);
	fprintf(w->out, "%*s<Opcode>%d</Opcode>\n", 2 * w->depth, "", opcode);
	/* the Operational channel's bit, which every sample's keywords carry,
	 * when the catalogue has no keyword for the event */
	text_elem(w, "Keywords", kw ? kw : "0x4000000000000000");
	start(w, "TimeCreated");
	attr(w, "SystemTime", t);
	empty(w);
	fprintf(w->out, "%*s<EventRecordID>%u</EventRecordID>\n", 2 * w->depth,
	        "", ++c->record);
	start(w, "Correlation");
	empty(w);
	start(w, "Execution");
	attr(w, "ProcessID", "0");
	attr(w, "ThreadID", "0");
	empty(w);
	text_elem(w, "Channel", CS_LOG_CAPI2);
	text_elem(w, "Computer", "capisim");
	start(w, "Security");
	const char *sid = sid_of(account_of(c, i));
	if (sid)
		attr(w, "UserID", sid);
	empty(w);
	close_(w, "System");
}

static void one_event(cx *c, size_t i, unsigned id, const char *data,
                      int opcode)
{
	xw *w = &c->w;
	const cs_obs *ev = &c->tr->obs[i];
	step_range(c, i);
	/* correlation: 10 opens a task the events up to its 11 share */
	unsigned task, seq;
	if (id == 10 && c->ntasks < MAX_TASKS) {
		c->task_id[c->ntasks] = ++c->next_task;
		c->task_seq[c->ntasks++] = 0;
	}
	if (c->ntasks) {
		task = c->task_id[c->ntasks - 1];
		seq = ++c->task_seq[c->ntasks - 1];
	} else {
		task = ++c->next_task;
		seq = 1;
	}
	start(w, "Event");
	attr(w, "xmlns", EVENT_NS);
	open_(w);
	system_block(c, i, id, opcode);
	start(w, "UserData");
	open_(w);
	start(w, data);
	open_(w);
	const char *url = cs_obs_get_str(ev, "url");
	switch (id) {
	case 11:
		build_chain(c, i);
		break;
	case 30:
		verify_policy(c, i);
		break;
	case 41:
		verify_revocation(c, i);
		break;
	case 42:
		if (url)
			rejected(c, i, url);
		break;
	case 50:
	case 51:
	case 52:
	case 53:
		if (url) {
			url_elem(w, url);
			object_elem(c, i, url);
		}
		break;
	case 90:
		x509_objects(c, i);
		break;
	default:
		break;
	}
	aux_info(c, i, task, seq);
	const char *r = cs_obs_get_str(ev, "result");
	if (r)
		result(c, "Result", r);
	close_(w, data);
	close_(w, "UserData");
	close_(w, "Event");
	if (id == 11 && c->ntasks)
		c->ntasks--;
}

bool cs_capi2_wants(const cs_obs *o)
{
	static const char *const kinds[] = {"step", "chain", "policy", "fetch",
	                                    "revocation"};
	if (strcmp(o->kind, "event") == 0) {
		const char *log = cs_obs_get_str(o, "log");
		return log && strcmp(log, CS_LOG_CAPI2) == 0;
	}
	for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
		if (strcmp(o->kind, kinds[k]) == 0)
			return true;
	return false;
}

cs_status cs_capi2_xml_write_obs(const cs_pool *pool, const cs_obs *obs,
                                 size_t nobs, FILE *out, size_t *count)
{
	obs_seq seq = {obs, nobs};
	cx c = {.pool = pool, .tr = &seq, .w = {.out = out}};
	size_t n = 0;
	for (size_t i = 0; i < nobs; i++) {
		const cs_obs *o = &obs[i];
		const char *log = cs_obs_get_str(o, "log");
		int64_t id = 0;
		if (strcmp(o->kind, "event") != 0 || !log ||
		    strcmp(log, CS_LOG_CAPI2) != 0 ||
		    !cs_obs_get_int(o, "id", &id))
			continue;
		for (size_t k = 0; k < sizeof events / sizeof *events; k++)
			if (events[k].id == (unsigned)id) {
				one_event(&c, i, events[k].id, events[k].data,
				          events[k].opcode);
				n++;
			}
	}
	if (count)
		*count = n;
	if (c.w.failed != CS_OK)
		return c.w.failed;
	return ferror(out) ? CS_ERR_IO : CS_OK;
}

cs_status cs_capi2_xml_write(const cs_machine *m, FILE *out, size_t *count)
{
	return cs_capi2_xml_write_obs(m->pool, m->w.trace.obs, m->w.trace.n,
	                              out, count);
}
