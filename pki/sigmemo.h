/* Signature results remembered on the signed object.
 *
 * Whether an issuer's key verifies a certificate's or a CRL's signature is
 * a pure function of two immutable objects of the pool, yet the engine asks
 * it again after every reboot (the chain engine's own cache, which the
 * trace reports, is per process) and for every machine of a fleet. The
 * first answer is kept on the signed object, for the issuer it was asked
 * about, and handed back after: what the engine decides and records is
 * unchanged, only the repeated OpenSSL work is gone.
 *
 * Two slots per object, lock-free (one atomic word each: the issuer's
 * address with the answer in its low bits), shared by every thread of a
 * fleet; a third issuer replaces one of them. A bench that measures the
 * checks themselves switches the memo off (cs_sig_memo_enable). */
#ifndef CAPISIM_PKI_SIGMEMO_H
#define CAPISIM_PKI_SIGMEMO_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct {
	_Atomic uintptr_t slot[2];
} cs_sig_memo;

/* The answer (0..3) remembered for issuer, or -1. */
int cs_sig_memo_get(const cs_sig_memo *m, const void *issuer);
/* Remember answer (0..3) for issuer. */
void cs_sig_memo_put(cs_sig_memo *m, const void *issuer, unsigned answer);
/* Process-wide switch, on by default. Off: get always misses. */
void cs_sig_memo_enable(bool on);

/* The same for checks whose subject is not an object of its own (the
 * certificates inside a signed CTL): answers keyed by the (subject,
 * issuer) pair, a few per memo, behind a lock. Zeroed memory is not a
 * valid memo: cs_pair_memo_init, and cs_pair_memo_destroy before free. */
#define CS_PAIR_MEMO_SLOTS 8
typedef struct {
	pthread_mutex_t lock;
	struct {
		const void *subject, *issuer;
		unsigned answer;
	} slot[CS_PAIR_MEMO_SLOTS];
	unsigned n, next;
} cs_pair_memo;

void cs_pair_memo_init(cs_pair_memo *m);
void cs_pair_memo_destroy(cs_pair_memo *m);
int cs_pair_memo_get(cs_pair_memo *m, const void *subject, const void *issuer);
void cs_pair_memo_put(cs_pair_memo *m, const void *subject, const void *issuer,
                      unsigned answer);

#endif
