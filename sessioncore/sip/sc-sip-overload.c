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
 *   refused is held unanswered (it is proceeding) for up to HOLD_MS:
 *   every INVITE behind it gets sofia's stateless 503. It gets its own
 *   503 when the manager has room again, or when the time is up, and the
 *   next INVITE refused is held in its place.
 *
 * Reclaiming: a call answered whose ACK never comes holds its session for
 * the ACK wait, 64 × T1 = 32 s, and under a flood the kernel drops the ACK
 * and the BYE of many admitted calls: a full manager then refuses nearly
 * every INVITE while its sessions wait for ACKs that will never come
 * (bench/README.md, "Overload"). So while the manager is full the stack
 * is in reclaim mode: sofia's 64 × T1 timers are ACK_WAIT_MS. An answered
 * call not ACKed within that ends there (nua's ACK timeout: the dialog
 * ends the call "no ACK (overload)" and frees its session at once), and
 * the BYE nua sends for it (RFC 3261 13.3.1.4) gives up within the same
 * ACK_WAIT_MS, as does the 200's retransmission: no 32 s of retransmitted
 * BYEs to a peer that has forgotten the call, as SIPp does. The mode ends
 * when the manager has room and no answer is waiting for its ACK, or at
 * the latest once the manager has had room for LEAVE_MS: a transaction
 * started in the mode keeps its short timers, and a call answered then
 * whose ACK wait ends after the mode is over ends the ordinary way ("no
 * ACK", its BYE retransmitted up to 32 s). Not toggling with every
 * session that ends and the next INVITE that takes its place matters:
 * lowering the timers walks all of sofia's pending transactions.
 * In the mode nua sends no 100 Trying, so that a caller whose copies of
 * the final answer were all lost still gets it (see set_reclaiming ()).
 *
 * sofia has no per-transaction timer, so the mode shortens every
 * transaction started (or pending) meanwhile, not only answered INVITEs:
 * a BYE or INFO we send gives up after ACK_WAIT_MS without an answer, an
 * outgoing INVITE after ACK_WAIT_MS without any response (Timer B), and a
 * request we answered is forgotten after ACK_WAIT_MS (Timer J: a
 * retransmission later than that is a new request). Outside the mode
 * nothing changes: the configured transaction timeout, 32 s by default.
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
#include <sofia-sip/nua_tag.h>

#ifdef HAVE_MALLOC_TRIM
#include <malloc.h>
#endif

/* Under nta's Timer N1 (200 ms), after which nta sends a 100 Trying for
 * an INVITE not answered yet: a caller that had one waits for the final
 * answer without retransmitting its INVITE, and in reclaim mode that
 * answer goes out only three times (see set_reclaiming ()). */
#define HOLD_MS     100
/* The ACK wait in reclaim mode. The 200 goes out at 0, T1 and 3 × T1
 * (0.5 s, 1.5 s): a live caller whose ACK was lost sends it again on each
 * retransmission, so one that has not ACKed any of the three within
 * another 0.5 s is most likely gone (or its call already over, as with
 * SIPp under a flood). Longer reclaims fewer sessions per second. */
#define ACK_WAIT_MS 2000
/* Reclaim mode ends when the manager has room and every answer sent
 * meanwhile has been ACKed or timed out, or after this much room. */
#define LEAVE_MS    2000
#define TICK_S      8
/* Trimming ticks after a burst: past sofia's 32 s transaction linger. */
#define TRIM_TICKS  5

struct _ScSipOverload
{
  ScSipStack          *stack;      /* owns us */
  GMainContext        *context;
  guint                max_pending;
  gboolean             full;
  gboolean             reclaiming;
  guint                unconfirmed; /* 2xx to INVITEs not yet ACKed */
  gint64               room_since;  /* monotonic µs: not full since */
  GSource             *leave_timeout;
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

/* sofia's 64 × T1 (Timers B, F, H, J), in ms: the configured transaction
 * timeout, 0 for sofia's default (32 s). */
static guint
configured_t1x64 (ScSipOverload *self)
{
  return _sc_sip_stack_get_transaction_timeout (self->stack) * 1000;
}

static void arm_leave_timeout (ScSipOverload *self,
                               guint          ms);

static void
set_reclaiming (ScSipOverload *self,
                gboolean       reclaiming)
{
  guint configured = configured_t1x64 (self);
  nua_t *nua = _sc_sip_stack_get_nua (self->stack);

  if (reclaiming == self->reclaiming)
    return;
  self->reclaiming = reclaiming;
  SC_DEBUG ("SIP stack %s reclaim mode (%u answers waiting for their ACK)",
            reclaiming ? "enters" : "leaves", self->unconfirmed);
  if (nua == NULL)
    return;
  /* A configured timeout shorter than ours stays. Lowering it also cuts
   * the pending transactions' timers to ACK_WAIT_MS from now (nta); raising
   * it leaves them as they are.
   *
   * And no 100 Trying: with the short timers a final answer goes out only
   * three times (0, 0.5, 1.5 s), and a caller that had a 100 waits for it
   * without retransmitting its INVITE: if all three copies are lost (as
   * under a flood), that INVITE is never answered. Without the 100 the
   * caller retransmits until an answer reaches it, and nta answers each
   * retransmission with the final answer again (or, past the 2 s, the
   * INVITE is taken as new: answered either way). One datagram less per
   * admitted call, too. */
  nua_set_params (nua,
                  NUTAG_AUTO100 (!reclaiming),
                  TAG_IF (configured == 0 || configured > ACK_WAIT_MS,
                          NTATAG_SIP_T1X64 (reclaiming ? ACK_WAIT_MS : configured)),
                  TAG_END ());
}

/* The manager has had room for a while: leave reclaim mode even if
 * answers are still waiting for their ACK (a steady stream of them, from
 * distant peers, would otherwise keep the mode on for good). A flood
 * fills the manager again within microseconds of a session ending, so
 * the check waits out LEAVE_MS of uninterrupted room. */
static gboolean
leave_timeout_cb (gpointer user_data)
{
  ScSipOverload *self = user_data;
  gint64 now = g_get_monotonic_time ();

  g_clear_pointer (&self->leave_timeout, g_source_unref);
  if (self->full || !self->reclaiming)
    return G_SOURCE_REMOVE;
  if (now - self->room_since >= LEAVE_MS * 1000)
    set_reclaiming (self, FALSE);
  else
    arm_leave_timeout (self, (guint) ((self->room_since + LEAVE_MS * 1000 - now) / 1000) + 1);
  return G_SOURCE_REMOVE;
}

static void
arm_leave_timeout (ScSipOverload *self,
                   guint          ms)
{
  self->leave_timeout = g_timeout_source_new (ms);
  g_source_set_callback (self->leave_timeout, leave_timeout_cb, self, NULL);
  g_source_attach (self->leave_timeout, self->context);
}

static void
clear_leave_timeout (ScSipOverload *self)
{
  if (self->leave_timeout == NULL)
    return;
  g_source_destroy (self->leave_timeout);
  g_clear_pointer (&self->leave_timeout, g_source_unref);
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
  clear_leave_timeout (self);
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
  if (full)
    set_reclaiming (self, TRUE);
  else if (self->unconfirmed == 0)
    set_reclaiming (self, FALSE);
  else if (self->reclaiming)
    {
      self->room_since = g_get_monotonic_time ();
      if (self->leave_timeout == NULL)
        arm_leave_timeout (self, LEAVE_MS);
    }
  if (!full)
    release_held (self);
}

gboolean
_sc_sip_overload_is_reclaiming (ScSipOverload *self)
{
  return self->reclaiming;
}

void
_sc_sip_overload_answer_sent (ScSipOverload *self)
{
  self->unconfirmed++;
}

void
_sc_sip_overload_answer_settled (ScSipOverload *self)
{
  g_return_if_fail (self->unconfirmed > 0);
  self->unconfirmed--;
  if (self->unconfirmed == 0 && !self->full)
    set_reclaiming (self, FALSE);
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
