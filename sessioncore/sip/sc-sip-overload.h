/* sc-sip-overload.h: refusing calls cheaply, and giving memory back (private)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What the stack does when its manager is full. sofia refuses new INVITEs
 * statelessly (NTATAG_MAX_PROCEEDING: no handle, no transaction, no
 * retransmitted 503) as long as one INVITE is proceeding; so while full,
 * one refused INVITE is held unanswered for a moment to keep sofia doing
 * that. While full it also reclaims the sessions of answered calls that
 * are not ACKed within 2 s, instead of 32 s (sc-sip-overload.c says how,
 * and what else that shortens). And after a burst, once sofia's
 * transactions have lingered out, the heap is trimmed so that the memory
 * goes back to the system.
 */

#pragma once

#ifndef SESSIONCORE_COMPILATION
#error "sip/sc-sip-overload.h is private to sessioncore."
#endif

#include <glib.h>

#include "sc-sip-stack.h"

G_BEGIN_DECLS

typedef struct _ScSipOverload ScSipOverload;

ScSipOverload *_sc_sip_overload_new          (ScSipStack    *stack,
                                              GMainContext  *context);
void           _sc_sip_overload_free         (ScSipOverload *overload);
/* One new request reached the application (the heap trimmer's measure of
 * load). */
void           _sc_sip_overload_count        (ScSipOverload *overload);
/* The manager's session limit: the most INVITEs sofia lets wait for an
 * answer at once (past it, sofia answers 503 by itself). */
void           _sc_sip_overload_set_max_pending (ScSipOverload *overload,
                                                 guint          max_pending);
/* The manager is full (or has room again). */
void           _sc_sip_overload_set_full     (ScSipOverload *overload,
                                              gboolean       full);
/* Whether the stack is in reclaim mode: an answered call whose ACK has
 * not come by now is over, and its session free for another. */
gboolean       _sc_sip_overload_is_reclaiming (ScSipOverload *overload);
/* A 2xx to an initial INVITE went out (and waits for its ACK); then it was
 * settled: ACKed, or its call ended. */
void           _sc_sip_overload_answer_sent  (ScSipOverload *overload);
void           _sc_sip_overload_answer_settled (ScSipOverload *overload);
/* Refuses @request because the manager is full: 503 with Retry-After, at
 * once or, for the first INVITE while full, once it has been held. */
void           _sc_sip_overload_refuse       (ScSipOverload *overload,
                                              ScSipRequest  *request);
/* Answers what is held; the stack is shutting down. */
void           _sc_sip_overload_flush        (ScSipOverload *overload);

G_END_DECLS
