/* Signature results remembered on the signed object (see sigmemo.h). */
#include "pki/sigmemo.h"

/* Objects come from malloc, aligned to at least 8: the low three bits of
 * an issuer's address are free for the answer (bits 0-1) and a mark that
 * the slot is in use (bit 2). */
#define ANSWER_MASK ((uintptr_t)3)
#define IN_USE      ((uintptr_t)4)
#define ADDR_MASK   (~(uintptr_t)7)

static atomic_bool enabled = true;

static unsigned slot_of(const void *issuer)
{
	return (unsigned)(((uintptr_t)issuer >> 4) & 1);
}

int cs_sig_memo_get(const cs_sig_memo *m, const void *issuer)
{
	if (!atomic_load_explicit(&enabled, memory_order_relaxed))
		return -1;
	uintptr_t v = atomic_load_explicit(&m->slot[slot_of(issuer)],
	                                   memory_order_acquire);
	if ((v & IN_USE) && (v & ADDR_MASK) == (uintptr_t)issuer)
		return (int)(v & ANSWER_MASK);
	return -1;
}

void cs_sig_memo_put(cs_sig_memo *m, const void *issuer, unsigned answer)
{
	if (((uintptr_t)issuer & ~ADDR_MASK) != 0)
		return; /* not aligned as malloc aligns: do not remember */
	uintptr_t v = (uintptr_t)issuer | IN_USE | (answer & ANSWER_MASK);
	atomic_store_explicit(&((cs_sig_memo *)m)->slot[slot_of(issuer)], v,
	                      memory_order_release);
}

void cs_sig_memo_enable(bool on)
{
	atomic_store(&enabled, on);
}

void cs_pair_memo_init(cs_pair_memo *m)
{
	pthread_mutex_init(&m->lock, NULL);
	m->n = m->next = 0;
}

void cs_pair_memo_destroy(cs_pair_memo *m)
{
	pthread_mutex_destroy(&m->lock);
}

int cs_pair_memo_get(cs_pair_memo *m, const void *subject, const void *issuer)
{
	if (!atomic_load_explicit(&enabled, memory_order_relaxed))
		return -1;
	int answer = -1;
	pthread_mutex_lock(&m->lock);
	for (unsigned i = 0; i < m->n && answer < 0; i++)
		if (m->slot[i].subject == subject &&
		    m->slot[i].issuer == issuer)
			answer = (int)m->slot[i].answer;
	pthread_mutex_unlock(&m->lock);
	return answer;
}

void cs_pair_memo_put(cs_pair_memo *m, const void *subject, const void *issuer,
                      unsigned answer)
{
	pthread_mutex_lock(&m->lock);
	unsigned i = m->n < CS_PAIR_MEMO_SLOTS ? m->n++ : m->next;
	if (m->n == CS_PAIR_MEMO_SLOTS && i == m->next)
		m->next = (m->next + 1) % CS_PAIR_MEMO_SLOTS;
	m->slot[i].subject = subject;
	m->slot[i].issuer = issuer;
	m->slot[i].answer = answer;
	pthread_mutex_unlock(&m->lock);
}
