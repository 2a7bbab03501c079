/* sc-sip-overload.c: refusing calls cheaply, and giving memory back
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A 503 that goes through nua costs a handle, a server transaction, two
 * events, and (when the caller never ACKs it, as SIPp and floods do) ten
 * retransmissions over 32 s while the transaction holds its messages. nta
 * can refuse an INVITE before any of that: when its queue of proceeding
 * INVITE transactions is at NTATAG_MAX_PROCEEDING, it answers 503 from the
 * parsed message and forgets it. So:
 *
 * - normally the queue may hold as many INVITEs as the manager has
 *   sessions (more could never be admitted);
 * - while the manager is full, the limit drops to 1 and the first INVITE
 *   refused is held unanswered (it is proceeding, 100 Trying sent) for up
 *   to HOLD_MS: every INVITE behind it gets sofia's stateless 503. It gets
 *   its own 503 when the manager has room again, or when the time is up.
 *
 * Memory: sofia frees a call's transactions 32 s after the call, but
 * glibc keeps the freed heap, so a burst leaves RSS at its peak for good.
 * A tick every TICK_S seconds runs only while requests come; once the
 * load has fallen to a tenth of its peak, it trims the heap (malloc_trim
 * also returns free pages in the middle of it) at every tick until sofia's
 * linger is over, then stops.
 */

#include "config.h"

#include "sc-debug-private.h"

#include "sc-sip-overload.h"

#include "sc-sip-stack-private.h"
#include "sc-sip-request.h"

#include <sofia-sip/nta_tag.h>

#ifdef HAVE_MALLOC_TRIM
#include <malloc.h>
#endif

#define HOLD_MS    1000
#define TICK_S     8
/* Trimming ticks after a burst: past sofia's 32 s transaction linger. */
#define TRIM_TICKS 5

struct _ScSipOverload
{
  ScSipStack          *stack;      /* owns us */
  GMainContext        *context;
  guint                max_pending;
  gboolean             full;
  ScSipPendingRequest *held;
  GSource             *hold_timeout;

  GSource             *tick;
  guint                requests;   /* since the last tick */
  guint                peak;       /* most requests in one tick */
  guint                quiet_ticks;
};

static void
set_max_proceeding (ScSipOverload *self,
                    gsize          max)
{
  nua_t *nua = _sc_sip_stack_get_nua (self->stack);

  if (nua != NULL)
    nua_set_params (nua, NTATAG_MAX_PROCEEDING (max), TAG_END ());
}

static void
release_held (ScSipOverload *self)
{
  if (self->hold_timeout != NULL)
    {
      g_source_destroy (self->hold_timeout);
      g_clear_pointer (&self->hold_timeout, g_source_unref);
    }
  if (self->held != NULL)
    {
      _sc_sip_pending_request_respond (self->held, 503, NULL, "Retry-After: 5");
      g_clear_pointer (&self->held, _sc_sip_pending_request_free);
    }
}

static gboolean
hold_timeout_cb (gpointer user_data)
{
  ScSipOverload *self = user_data;

  g_clear_pointer (&self->hold_timeout, g_source_unref);
  release_held (self);
  return G_SOURCE_REMOVE;
}

static gboolean
tick_cb (gpointer user_data)
{
  ScSipOverload *self = user_data;
  guint n = self->requests;

  self->requests = 0;
  self->peak = MAX (self->peak, n);
  if (n * 10 > self->peak)
    {
      self->quiet_ticks = 0;
      return G_SOURCE_CONTINUE;
    }

#ifdef HAVE_MALLOC_TRIM
  malloc_trim (0);
#endif
  if (++self->quiet_ticks < TRIM_TICKS)
    return G_SOURCE_CONTINUE;

  /* The burst is over and its memory returned: sleep until requests come. */
  self->peak = n;
  self->quiet_ticks = 0;
  g_clear_pointer (&self->tick, g_source_unref);
  return G_SOURCE_REMOVE;
}

ScSipOverload *
_sc_sip_overload_new (ScSipStack   *stack,
                      GMainContext *context)
{
  ScSipOverload *self = g_new0 (ScSipOverload, 1);

  self->stack = stack;
  self->context = g_main_context_ref (context);
  return self;
}

void
_sc_sip_overload_flush (ScSipOverload *self)
{
  release_held (self);
  if (self->tick != NULL)
    {
      g_source_destroy (self->tick);
      g_clear_pointer (&self->tick, g_source_unref);
    }
}

void
_sc_sip_overload_free (ScSipOverload *self)
{
  _sc_sip_overload_flush (self);
  g_main_context_unref (self->context);
  g_free (self);
}

void
_sc_sip_overload_count (ScSipOverload *self)
{
  self->requests++;
  if (self->tick == NULL)
    {
      self->tick = g_timeout_source_new_seconds (TICK_S);
      g_source_set_callback (self->tick, tick_cb, self, NULL);
      g_source_attach (self->tick, self->context);
    }
}

void
_sc_sip_overload_set_max_pending (ScSipOverload *self,
                                  guint          max_pending)
{
  if (self->max_pending == max_pending)
    return;
  self->max_pending = max_pending;
  if (!self->full)
    set_max_proceeding (self, max_pending);
}

void
_sc_sip_overload_set_full (ScSipOverload *self,
                           gboolean       full)
{
  if (self->full == full)
    return;
  self->full = full;
  SC_DEBUG ("SIP stack %s", full ? "full: sofia refuses new INVITEs" : "has room again");
  /* 1, not 0: sofia reads 0 as "no limit". */
  set_max_proceeding (self, full ? 1 : (self->max_pending ? self->max_pending : G_MAXSIZE));
  if (!full)
    release_held (self);
}

void
_sc_sip_overload_refuse (ScSipOverload *self,
                         ScSipRequest  *request)
{
  if (!self->full || self->held != NULL ||
      _sc_sip_request_get_method (request) != SC_SIP_METHOD_INVITE)
    {
      _sc_sip_request_respond (request, 503, NULL, "Retry-After: 5");
      return;
    }

  self->held = _sc_sip_request_keep (request);
  self->hold_timeout = g_timeout_source_new (HOLD_MS);
  g_source_set_callback (self->hold_timeout, hold_timeout_cb, self, NULL);
  g_source_attach (self->hold_timeout, self->context);
}
