/* Output in large blocks (see outbuf.h). */
#include "trace/outbuf.h"

#include <string.h>

void cs_outbuf_init(cs_outbuf *b, FILE *out)
{
	b->out = out;
	b->len = 0;
	b->failed = false;
}

static void drain(cs_outbuf *b)
{
	if (b->len && fwrite(b->buf, 1, b->len, b->out) != b->len)
		b->failed = true;
	b->len = 0;
}

void cs_outbuf_put(cs_outbuf *b, const char *s, size_t n)
{
	if (b->len + n > sizeof b->buf)
		drain(b);
	if (n > sizeof b->buf) { /* a line longer than a block */
		if (fwrite(s, 1, n, b->out) != n)
			b->failed = true;
		return;
	}
	memcpy(b->buf + b->len, s, n);
	b->len += n;
}

cs_status cs_outbuf_flush(cs_outbuf *b)
{
	drain(b);
	return b->failed || ferror(b->out) ? CS_ERR_IO : CS_OK;
}
