/* libcapisim: the public API. Include this one header. */
#ifndef CAPISIM_H
#define CAPISIM_H

#include "capisim/version.h"
#include "capisim/status.h"
#include "capisim/clock.h"
#include "capisim/diag.h"
#include "capisim/run.h"

#endif
