#include "model/eventlog.h"

#include <stdlib.h>
#include "model/alloc.h"
#include <string.h>

void cs_eventlog_init(cs_eventlog *l)
{
	memset(l, 0, sizeof *l);
}

void cs_eventlog_free(cs_eventlog *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->events[i].text);
	free(l->events);
	memset(l, 0, sizeof *l);
}

cs_status cs_eventlog_add(cs_eventlog *l, const cs_event *e)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		cs_event *n = cs_realloc(l->events, cap * sizeof *n);
		if (!n)
			return cs_alloc_failed();
		l->events = n;
		l->cap = cap;
	}
	char *text = cs_strdup(e->text ? e->text : "");
	if (!text)
		return cs_alloc_failed();
	l->events[l->n] = *e;
	l->events[l->n].text = text;
	l->n++;
	return CS_OK;
}

cs_status cs_eventlog_clone(cs_eventlog *dst, const cs_eventlog *src)
{
	cs_eventlog_init(dst);
	for (size_t i = 0; i < src->n; i++)
		if (cs_eventlog_add(dst, &src->events[i]) != CS_OK) {
			cs_eventlog_free(dst);
			return cs_alloc_failed();
		}
	return CS_OK;
}
