/* Real-TLS cross-check: an OpenSSL TLS 1.2 server on 127.0.0.1 is given the
 * names the model keeps, and the CertificateRequest a real client receives
 * (captured by the client's message callback) must carry exactly the
 * model's certificate_authorities vector: same names, same order, same
 * byte length. This ties the model's encoding to a second implementation of
 * RFC 5246 7.4.4. One process, non-blocking sockets, bounded loop; no child
 * processes; skipped (77) when loopback sockets are unavailable. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check_main.h"
#include "engine/schannel/issuer_list.h"
#include "schannel_testcerts.h"

#define NROOTS 330

static X509 *roots[NROOTS];
static cs_sch_cert views[NROOTS];
static cs_sch_candidate cand[NROOTS];

static uint8_t captured[70000];
static size_t captured_len;

static void on_msg(int write_p, int version, int content_type, const void *buf,
                   size_t len, SSL *ssl, void *arg)
{
	(void)version, (void)ssl, (void)arg;
	const uint8_t *b = buf;
	if (!write_p && content_type == SSL3_RT_HANDSHAKE && len >= 4 &&
	    b[0] == SSL3_MT_CERTIFICATE_REQUEST && len <= sizeof captured) {
		memcpy(captured, b, len);
		captured_len = len;
	}
}

/* certificate_authorities of a TLS 1.2 CertificateRequest body: skip the
 * 4-byte handshake header, certificate_types<1..2^8-1> and
 * supported_signature_algorithms<2..2^16-2>. */
static const uint8_t *cas_vector(size_t *len)
{
	size_t p = 4;
	ck_assert_uint_gt(captured_len, p);
	p += 1 + captured[p];
	ck_assert_uint_gt(captured_len, p + 2);
	p += 2 + (((size_t)captured[p] << 8) | captured[p + 1]);
	ck_assert_uint_ge(captured_len, p + 2);
	size_t l = ((size_t)captured[p] << 8) | captured[p + 1];
	ck_assert_uint_eq(captured_len, p + 2 + l);
	*len = 2 + l;
	return captured + p;
}

static int loopback_pair(int *srv, int *cli)
{
	int l = socket(AF_INET, SOCK_STREAM, 0);
	if (l < 0)
		return -1;
	struct sockaddr_in a = {.sin_family = AF_INET,
	                        .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t al = sizeof a;
	if (bind(l, (struct sockaddr *)&a, sizeof a) || listen(l, 1) ||
	    getsockname(l, (struct sockaddr *)&a, &al)) {
		close(l);
		return -1;
	}
	*cli = socket(AF_INET, SOCK_STREAM, 0);
	if (*cli < 0 || connect(*cli, (struct sockaddr *)&a, sizeof a)) {
		close(l);
		return -1;
	}
	*srv = accept(l, NULL, NULL);
	close(l);
	if (*srv < 0)
		return -1;
	fcntl(*srv, F_SETFL, O_NONBLOCK);
	fcntl(*cli, F_SETFL, O_NONBLOCK);
	return 0;
}

/* Handshake until the client has the CertificateRequest; false when the
 * loopback is not available. */
static bool capture(const cs_sch_issuer_list *l)
{
	int sfd, cfd;
	if (loopback_pair(&sfd, &cfd))
		return false;
	SSL_CTX *sctx = SSL_CTX_new(TLS_server_method());
	SSL_CTX *cctx = SSL_CTX_new(TLS_client_method());
	SSL_CTX_set_min_proto_version(sctx, TLS1_2_VERSION);
	SSL_CTX_set_max_proto_version(sctx, TLS1_2_VERSION);
	SSL_CTX_set_max_proto_version(cctx, TLS1_2_VERSION);
	X509 *scert = tc_cert_cn("localhost", NULL, false, TC_EKU_NONE);
	ck_assert_int_eq(SSL_CTX_use_certificate(sctx, scert), 1);
	ck_assert_int_eq(SSL_CTX_use_PrivateKey(sctx, tc_key()), 1);
	SSL_CTX_set_verify(sctx, SSL_VERIFY_PEER, NULL);
	STACK_OF(X509_NAME) *names = sk_X509_NAME_new_null();
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].fate == CS_SCH_KEPT)
			sk_X509_NAME_push(
			    names, X509_NAME_dup(X509_get_subject_name(
			               cs_cert_x509(l->v[i].cert->cert))));
	SSL_CTX_set_client_CA_list(sctx, names); /* takes names */
	SSL_CTX_set_msg_callback(cctx, on_msg);
	SSL *s = SSL_new(sctx), *c = SSL_new(cctx);
	SSL_set_fd(s, sfd);
	SSL_set_fd(c, cfd);
	SSL_set_accept_state(s);
	SSL_set_connect_state(c);
	captured_len = 0;
	for (int round = 0; round < 400 && !captured_len; round++) {
		SSL_do_handshake(c);
		SSL_do_handshake(s);
		struct pollfd p[2] = {{.fd = sfd, .events = POLLIN},
		                      {.fd = cfd, .events = POLLIN}};
		poll(p, 2, 10);
	}
	SSL_free(s);
	SSL_free(c);
	SSL_CTX_free(sctx);
	SSL_CTX_free(cctx);
	X509_free(scert);
	close(sfd);
	close(cfd);
	return true;
}

static void check_against_model(size_t nroots)
{
	for (size_t i = 0; i < nroots; i++) {
		size_t len = 33 + (i * 97) % 137; /* mean 101 (RULES.md 8) */
		X509_NAME *n =
		    tc_name_of_len(len == 130 ? 129 : len, (unsigned)i);
		roots[i] = tc_cert(n, NULL, true, TC_EKU_NONE);
		X509_NAME_free(n);
		views[i] = tc_view(roots[i]);
		cand[i] = (cs_sch_candidate){.cert = &views[i],
		                             .from = CS_STORE_AUTHROOT};
	}
	cs_sch_issuer_list l;
	ck_assert_int_eq(cs_sch_issuer_list_build(&l, cand, nroots, 16384,
	                                          CS_SCH_COUNT_ENCODED_LIST),
	                 CS_OK);
	if (!capture(&l)) {
		cs_sch_issuer_list_free(&l);
		exit(77); /* no loopback: skip */
	}
	ck_assert_uint_gt(captured_len, 0);
	size_t len;
	const uint8_t *v = cas_vector(&len);
	ck_assert_uint_eq(len, l.wire_len);
	ck_assert_int_eq(memcmp(v, l.wire, len), 0);
	if (nroots == NROOTS) {
		ck_assert(l.truncated);
		ck_assert_uint_le(len, 16384);
	}
	cs_sch_issuer_list_free(&l);
	for (size_t i = 0; i < nroots; i++) {
		X509_free(roots[i]);
	}
}

START_TEST(truncated_list_on_the_wire)
{
	check_against_model(NROOTS);
}
END_TEST

START_TEST(short_list_on_the_wire)
{
	check_against_model(12);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("schannel_tls");
	TCase *t = tcase_create("tls");
	tcase_add_test(t, truncated_list_on_the_wire);
	tcase_add_test(t, short_list_on_the_wire);
	suite_add_tcase(s, t);
	return s;
}

CS_CHECK_MAIN(suite)
