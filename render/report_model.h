/* What `capisim report` draws, read off the trace: the slots of the time
 * axis (each result, or a run of repeated identical results, gets its own
 * room), the lanes, and the marks, bars and edges in them. Built once;
 * render/report_svg.c draws it for the whole run and for the zoomed
 * parts. */
#ifndef CAPISIM_RENDER_REPORT_MODEL_H
#define CAPISIM_RENDER_REPORT_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "capisim/clock.h"
#include "capisim/status.h"

/* Every kind of thing drawn, with its look (render/report_svg.c) and its
 * legend text. */
typedef enum {
	RM_OK,          /* a result: success */
	RM_ERROR,       /* a result: an error */
	RM_EXPECT_FAIL, /* an expectation that failed */
	RM_EV_ERROR,    /* an event of level Error */
	RM_EV_WARNING,
	RM_EV_INFO,
	RM_DL_OK,     /* a download */
	RM_DL_FAILED, /* a download that failed */
	RM_DL_HELD,   /* a request held back (offline back-off) */
	RM_REG,       /* a registry write */
	RM_REG_DENIED,
	RM_RESTART, /* a reboot or service restart */
	RM_COPY,    /* a cached copy while it is offered */
	RM_STALE,   /* a cached copy kept past its edge, or a stale sync */
	RM_EDGE,    /* the edge: NextUpdate, the cache lifetime, 24 hours */
	RM_SYNC,    /* DisallowedCertLastSyncTime within its window */
	RM_KIND_COUNT
} rm_kind;

typedef enum {
	RL_RESULTS,
	RL_EVENTS,
	RL_NETWORK,
	RL_REGISTRY,
	RL_MACHINE,
	RL_COPY, /* one per holder and URL */
	RL_SYNC, /* DisallowedCertLastSyncTime */
} rl_kind;

typedef struct {
	rl_kind kind;
	char name[96]; /* first line of the label */
	char sub[96];  /* second line ("" = none) */
	char key[600]; /* holder + url, to find the lane again */
} rm_lane;

/* A slot of the axis: one result or action, or a run of repetitions of
 * the same line with the same outcome. */
typedef struct {
	cs_filetime t0, t1;       /* t0 == t1 for one step */
	unsigned line, line_last; /* several lines: a group of set-up steps */
	size_t count;             /* results in the slot */
	bool failed;              /* an error result */
	bool is_run;              /* repetitions of one line over time */
	bool is_group;   /* several lines of one command at one instant */
	char anchor[32]; /* the card it links to ("r42-1"), or "" */
} rm_slot;

/* A point mark: in a slot, at a time. */
typedef struct {
	rm_kind kind;
	size_t lane, slot;
	cs_filetime t;
	int row;          /* events: 0 Error, 1 Warning, 2 Information */
	char *title;      /* the tooltip */
	const char *href; /* borrowed anchor, or NULL */
} rm_mark;

/* A bar or an edge: from (slot0, t0) to (slot1, t1); an edge uses t0. */
typedef struct {
	rm_kind kind;
	size_t lane;
	size_t slot0, slot1; /* SIZE_MAX: place by time alone */
	cs_filetime t0, t1;
	char label[40]; /* an edge's short name ("NextUpdate") */
	char *title;
} rm_bar;

typedef struct {
	rm_slot *slots;
	size_t nslots;
	rm_lane *lanes;
	size_t nlanes;
	rm_mark *marks;
	size_t nmarks, capmarks;
	rm_bar *bars;
	size_t nbars, capbars;
	cs_filetime t_end; /* the last time the trace shows */
	bool drawn[RM_KIND_COUNT];
	size_t nresults, nerrors;
} rm_model;

/* trace: a json_t * array. anchors: for result i of the trace (index of
 * its step observation), the card's anchor - given by anchor_of (NULL:
 * none). */
CS_MUST_USE cs_status rm_build(const void *trace,
                               const char *(*anchor_of)(void *ctx, size_t obs),
                               void *ctx, rm_model *out);
void rm_free(rm_model *m);

/* The look of each kind (colours, legend text). */
typedef struct {
	const char *cls;    /* CSS class of the mark: "k-ok" */
	const char *fill;   /* "#rrggbb" or "none" */
	const char *stroke; /* "#rrggbb" or "none" */
	const char *legend; /* what the legend says */
} rm_style;
extern const rm_style rm_styles[RM_KIND_COUNT];

#endif
