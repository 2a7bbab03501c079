/* sc-call.c: one call's state machine
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Everything a call does on the wire (answer, reject, defer, forward,
 * re-INVITE, DTMF over INFO, transfer) and everything the peer does to it
 * (the _sc_call_got_* () functions, called by its SIP dialog), with the
 * one function that changes its state. Offer/answer and RTP are in
 * sc-call-media.c; the application hears of it all through the session
 * manager, which owns the call.
 */

#include "config.h"

#include "sc-debug-private.h"

#include "sc-call-private.h"

#include "sc-call-decision-private.h"
#include "sc-call-session-private.h"
#include "sc-enum-types.h"
#include "sc-error.h"
#include "sc-server-config.h"
#include "sc-id-private.h"
#include "sc-session-manager-private.h"
#include "sip/sc-sip-syntax.h"

/* ------------------------------------------------------------------ */
/* Timers in the manager's context                                      */

/* The manager may live in another thread's context than the global
 * default one: every timer of a call is attached there. */
static GSource *
call_add_timeout (ScCall      *call,
                  guint        ms,
                  GSourceFunc  func,
                  gpointer     data)
{
  GSource *source = g_timeout_source_new (ms);

  g_source_set_callback (source, func, data, NULL);
  g_source_attach (source, _sc_session_manager_get_context (call->manager));
  return source;
}

static void
clear_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

/* ------------------------------------------------------------------ */
/* Waiting for the answer                                               */

/* A pending wait_for_answer_async (): its GTask holds this as task data.
 * Both sources are destroyed as soon as the task is returned, whichever
 * way, so neither can fire on a returned task or a freed call. */
typedef struct {
  ScCall  *call;
  GSource *timeout;
  GSource *cancelled;
} AnswerWaiter;

static void
answer_waiter_free (gpointer data)
{
  AnswerWaiter *waiter = data;

  clear_source (&waiter->timeout);
  clear_source (&waiter->cancelled);
  g_free (waiter);
}

/* Takes @task out of the call's list and returns it: with @error, or
 * TRUE when @error is NULL. */
static void
answer_waiter_return (GTask  *task,
                      GError *error)
{
  AnswerWaiter *waiter = g_task_get_task_data (task);
  ScCall *call = waiter->call;

  call->answer_waiters = g_list_remove (call->answer_waiters, task);
  clear_source (&waiter->timeout);
  clear_source (&waiter->cancelled);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static gboolean
answer_waiter_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  AnswerWaiter *waiter = g_task_get_task_data (task);

  answer_waiter_return (task, g_error_new (SC_ERROR, SC_ERROR_TIMEOUT,
                                           "Timeout: session %s was not answered in time",
                                           _sc_call_get_id (waiter->call)));
  return G_SOURCE_REMOVE;
}

static gboolean
answer_waiter_cancelled_cb (GCancellable *cancellable,
                            gpointer      user_data)
{
  answer_waiter_return (user_data, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                        "Operation was cancelled"));
  return G_SOURCE_REMOVE;
}

void
_sc_call_add_answer_waiter (ScCall       *call,
                            GTask        *task,
                            guint         timeout_ms,
                            GCancellable *cancellable)
{
  AnswerWaiter *waiter = g_new0 (AnswerWaiter, 1);

  waiter->call = call;
  g_task_set_task_data (task, waiter, answer_waiter_free);
  if (timeout_ms > 0)
    waiter->timeout = call_add_timeout (call, timeout_ms, answer_waiter_timeout_cb, task);
  if (cancellable != NULL)
    {
      /* A source, not g_cancellable_connect (): the callback runs in the
       * manager's context, and destroying it needs no disconnect. */
      waiter->cancelled = g_cancellable_source_new (cancellable);
      g_source_set_callback (waiter->cancelled, G_SOURCE_FUNC (answer_waiter_cancelled_cb),
                             task, NULL);
      g_source_attach (waiter->cancelled, _sc_session_manager_get_context (call->manager));
    }
  call->answer_waiters = g_list_append (call->answer_waiters, task);
}

static void
complete_answer_waiters (ScCall *call)
{
  ScCallState state = _sc_call_get_state (call);

  if (state != SC_CALL_STATE_ACTIVE && !sc_call_state_is_final (state))
    return;

  while (call->answer_waiters != NULL)
    {
      GTask *task = call->answer_waiters->data;

      if (state == SC_CALL_STATE_ACTIVE)
        answer_waiter_return (task, NULL);
      else
        answer_waiter_return (task, g_error_new (SC_ERROR, SC_ERROR_INVALID_STATE,
                                                 "Invalid state: session %s ended before it "
                                                 "was answered (%s%s%s)",
                                                 _sc_call_get_id (call),
                                                 sc_call_state_to_string (state),
                                                 call->end_reason ? ": " : "",
                                                 call->end_reason ? call->end_reason : ""));
    }
}

/* ------------------------------------------------------------------ */
/* Life                                                                 */

ScCall *
_sc_call_new (ScSessionManager *manager,
              ScCallDirection   direction,
              const char       *from,
              const char       *to)
{
  ScCall *call = g_new0 (ScCall, 1);
  g_autofree char *id = _sc_new_random_id ("sess_");

  call->manager = manager;
  call->session = _sc_call_session_new (id, direction, from, to);
  call->sdp_session_id = g_random_int ();
  call->sdp_version = 1;
  g_queue_init (&call->dtmf_queue);
  return call;
}

static void
call_release_dialog (ScCall *call)
{
  g_clear_pointer (&call->dialog, _sc_sip_dialog_free);
}

void
_sc_call_free (ScCall *call)
{
  clear_source (&call->deferred_timeout);
  clear_source (&call->session_timeout);
  call_release_dialog (call);
  _sc_call_release_media (call);
  while (call->answer_waiters != NULL)
    answer_waiter_return (call->answer_waiters->data,
                          g_error_new_literal (SC_ERROR, SC_ERROR_INVALID_STATE,
                                               "Invalid state: the session manager is gone"));
  g_queue_clear_full (&call->dtmf_queue, g_free);
  g_clear_pointer (&call->source, _sc_audio_source_unref);
  _sc_sdp_audio_clear (&call->remote_audio);
  g_clear_pointer (&call->offer, _sc_sdp_offer_free);
  g_free (call->local_sdp);
  g_free (call->remote_sdp);
  g_free (call->end_reason);
  g_free (call->audio_owner);
  g_clear_object (&call->session);
  g_free (call);
}

const char *
_sc_call_get_id (ScCall *call)
{
  return sc_call_session_get_id (call->session);
}

ScCallState
_sc_call_get_state (ScCall *call)
{
  return sc_call_session_get_state (call->session);
}

gboolean
_sc_call_is_ending (ScCall *call)
{
  return sc_call_state_is_final (_sc_call_get_state (call)) ||
         call->end_cause != SC_CALL_END_NONE;
}

void
_sc_call_set_end (ScCall         *call,
                  ScCallEndCause  cause,
                  const char     *reason)
{
  /* The first cause wins: a BYE crossing our CANCEL does not rewrite why
   * the call ended. */
  if (call->end_cause != SC_CALL_END_NONE)
    return;
  call->end_cause = cause;
  g_free (call->end_reason);
  call->end_reason = g_strdup (reason);
}

/* ------------------------------------------------------------------ */
/* The state machine                                                    */

static gboolean
session_timeout_cb (gpointer user_data)
{
  ScCall *call = user_data;

  g_clear_pointer (&call->session_timeout, g_source_unref);
  SC_DEBUG ("%s: older than the session timeout: ending it", _sc_call_get_id (call));
  _sc_call_terminate (call, "session timeout", NULL);
  return G_SOURCE_REMOVE;
}

/* An answered call lives session_timeout seconds at most
 * (ScServerConfig): then the server ends it with BYE. */
static void
call_arm_session_timeout (ScCall *call)
{
  const ScServerConfig *config = _sc_session_manager_get_server_config (call->manager);

  call->session_timeout =
    call_add_timeout (call, sc_server_config_get_session_timeout (config) * 1000,
                      session_timeout_cb, call);
}

/* The one place where a call's state changes. */
void
_sc_call_set_state (ScCall      *call,
                    ScCallState  new_state,
                    const char  *reason)
{
  g_autoptr(ScCallSession) session = g_object_ref (call->session);
  ScCallState old_state = _sc_call_get_state (call);
  gboolean first_active = new_state == SC_CALL_STATE_ACTIVE && !call->established;

  if (old_state == new_state || sc_call_state_is_final (old_state))
    return;

  SC_DEBUG ("%s: %s -> %s%s%s", _sc_call_get_id (call),
            sc_call_state_to_string (old_state),
            sc_call_state_to_string (new_state), reason ? ": " : "",
            reason ? reason : "");

  if (new_state == SC_CALL_STATE_FAILED)
    _sc_call_session_set_failure_reason (session, reason);
  if (first_active)
    _sc_call_session_set_started_at (session, g_get_real_time ());
  _sc_call_session_set_state (session, new_state);

  _sc_session_manager_call_state_changed (call->manager, call, old_state,
                                          new_state, reason);
  if (first_active)
    {
      call->established = TRUE;
      call_arm_session_timeout (call);
      _sc_session_manager_call_established (call->manager, call);
    }
  if (sc_call_state_is_final (new_state))
    _sc_session_manager_call_ended (call->manager, call,
                                    reason ? reason : sc_call_state_to_string (new_state));

  complete_answer_waiters (call);
}

/* The dialog is over (sofia's callstate "terminated", or an idle session
 * ended): settle the final state, then let the manager forget the call. */
static void
call_finish (ScCall     *call,
             guint       status,
             const char *phrase)
{
  g_autofree char *status_text = NULL;
  ScCallState final_state = SC_CALL_STATE_FAILED;
  const char *reason = call->end_reason;

  if (status >= 300)
    status_text = g_strdup_printf ("%u %s", status, phrase ? phrase : "");

  switch (call->end_cause)
    {
    case SC_CALL_END_LOCAL:
    case SC_CALL_END_REMOTE:
    case SC_CALL_END_FORWARDED:
      final_state = SC_CALL_STATE_TERMINATED;
      break;
    case SC_CALL_END_CANCELLED_REMOTE:
    case SC_CALL_END_CANCELLED_LOCAL:
      final_state = SC_CALL_STATE_CANCELLED;
      break;
    case SC_CALL_END_REJECTED:
    case SC_CALL_END_FAILED:
      final_state = SC_CALL_STATE_FAILED;
      break;
    case SC_CALL_END_NONE:
      /* sofia ended the dialog on its own: a timeout, a transport error,
       * or a final answer we did not see otherwise. */
      final_state = call->established ? SC_CALL_STATE_TERMINATED
                                      : SC_CALL_STATE_FAILED;
      if (reason == NULL)
        reason = status_text ? status_text : "dialog terminated";
      break;
    }

  call_release_dialog (call);
  clear_source (&call->deferred_timeout);
  clear_source (&call->session_timeout);

  /* call-ended handlers may still read the call's media counters: the
   * leg goes after them. */
  _sc_call_set_state (call, final_state, reason);
  _sc_call_release_media (call);
  /* Frees the call. */
  _sc_session_manager_call_finished (call->manager, call);
}

void
_sc_call_fail_now (ScCall         *call,
                   ScCallEndCause  cause,
                   const char     *reason)
{
  _sc_call_set_end (call, cause, reason);
  call_finish (call, 0, NULL);
}

/* ------------------------------------------------------------------ */
/* Answering incoming calls                                             */

static void
respond (ScCall     *call,
         guint       status,
         const char *phrase,
         const char *sdp)
{
  if (call->dialog != NULL)
    _sc_sip_dialog_respond (call->dialog, status, phrase, sdp);
}

void
_sc_call_reject (ScCall     *call,
                 guint       status,
                 const char *phrase)
{
  g_autofree char *reason = NULL;

  if (phrase == NULL)
    phrase = _sc_sip_status_phrase (status);
  if (phrase == NULL)
    phrase = "Rejected";
  reason = g_strdup_printf ("%u %s", status, phrase);
  call->deferred = FALSE;
  clear_source (&call->deferred_timeout);
  _sc_call_set_end (call, SC_CALL_END_REJECTED, reason);
  respond (call, status, phrase, NULL);
}

gboolean
_sc_call_answer (ScCall      *call,
                 const char  *sdp,
                 GError     **error)
{
  g_autofree char *answer = NULL;

  if (sdp != NULL)
    {
      /* The application's own SDP must be one we can carry audio with. */
      g_auto(ScSdpAudio) audio = { 0 };

      if (!_sc_sdp_parse_audio (sdp, &audio, error))
        return FALSE;
      answer = g_strdup (sdp);
    }
  else if (call->remote_sdp != NULL)
    answer = _sc_call_make_answer (call, call->remote_sdp, SC_SDP_SENDRECV, error);
  else
    /* No offer in the INVITE: we offer in the 200, the answer comes in
     * the ACK. */
    answer = _sc_call_make_offer (call, SC_SDP_SENDRECV, error);

  if (answer == NULL)
    return FALSE;

  call->deferred = FALSE;
  clear_source (&call->deferred_timeout);
  _sc_call_set_local_sdp (call, answer);
  respond (call, 200, NULL, answer);
  return TRUE;
}

static gboolean
deferred_timeout_cb (gpointer user_data)
{
  ScCall *call = user_data;

  g_clear_pointer (&call->deferred_timeout, g_source_unref);
  SC_DEBUG ("%s: no decision before the session timeout", _sc_call_get_id (call));
  _sc_call_reject (call, 480, NULL);
  return G_SOURCE_REMOVE;
}

void
_sc_call_apply_decision (ScCall         *call,
                         ScCallDecision *decision)
{
  g_autoptr(GError) error = NULL;

  /* The deciding code may already have ended the call itself. */
  if (call->end_cause != SC_CALL_END_NONE)
    return;

  if (decision == NULL)
    {
      _sc_call_reject (call, 486, NULL);
      return;
    }

  switch (sc_call_decision_get_kind (decision))
    {
    case SC_CALL_DECISION_KIND_ACCEPT:
      if (!_sc_call_answer (call, sc_call_decision_get_sdp (decision), &error))
        {
          SC_DEBUG ("%s: cannot answer: %s", _sc_call_get_id (call), error->message);
          if (g_error_matches (error, SC_ERROR, SC_ERROR_RESOURCE_LIMIT_EXCEEDED))
            _sc_call_reject (call, 503, NULL);
          else
            _sc_call_reject (call, 488, NULL);
        }
      break;

    case SC_CALL_DECISION_KIND_REJECT:
      _sc_call_reject (call, sc_call_decision_get_status_code (decision),
                       _sc_call_decision_get_wire_phrase (decision));
      break;

    case SC_CALL_DECISION_KIND_DEFER:
      {
        const ScServerConfig *config = _sc_session_manager_get_server_config (call->manager);

        call->deferred = TRUE;
        respond (call, 180, NULL, NULL);
        call->deferred_timeout =
          call_add_timeout (call, sc_server_config_get_session_timeout (config) * 1000,
                            deferred_timeout_cb, call);
      }
      break;

    case SC_CALL_DECISION_KIND_FORWARD:
      {
        const char *target = sc_call_decision_get_target (decision);
        g_autofree char *reason = NULL;

        if (!_sc_sip_uri_is_valid (target))
          {
            g_warning ("%s: Invalid URI: forward target '%s' is not a sip: or "
                       "sips: URI", _sc_call_get_id (call), target ? target : "(null)");
            _sc_call_reject (call, 500, NULL);
            break;
          }
        reason = g_strdup_printf ("Forwarded to %s", target);
        _sc_call_set_end (call, SC_CALL_END_FORWARDED, reason);
        _sc_sip_dialog_redirect (call->dialog, target);
      }
      break;
    }
}

/* ------------------------------------------------------------------ */
/* Outgoing calls and in-call operations                                */

gboolean
_sc_call_send_invite (ScCall      *call,
                      ScSipStack  *stack,
                      const char  *sdp,
                      const char  *contact,
                      GError     **error)
{
  g_autofree char *call_id = _sc_new_random_id ("");

  _sc_call_set_local_sdp (call, sdp);
  call->dialog = _sc_sip_dialog_new_outgoing (stack, call,
                                              sc_call_session_get_from (call->session),
                                              sc_call_session_get_to (call->session),
                                              call_id, error);
  if (call->dialog == NULL)
    {
      _sc_call_fail_now (call, SC_CALL_END_FAILED, "cannot create a SIP dialog");
      return FALSE;
    }
  _sc_call_session_set_sip_call_id (call->session, call_id);
  _sc_sip_dialog_set_contact (call->dialog, contact);
  _sc_sip_dialog_invite (call->dialog, sdp);
  SC_DEBUG ("%s: INVITE %s -> %s", _sc_call_get_id (call),
            sc_call_session_get_from (call->session),
            sc_call_session_get_to (call->session));
  return TRUE;
}

gboolean
_sc_call_terminate (ScCall      *call,
                    const char  *reason,
                    GError     **error)
{
  ScCallState state = _sc_call_get_state (call);

  if (state == SC_CALL_STATE_TERMINATING || _sc_call_is_ending (call))
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID_STATE,
                   "Invalid state: session %s is already ending (%s)",
                   _sc_call_get_id (call), sc_call_state_to_string (state));
      return FALSE;
    }

  if (call->dialog == NULL)
    {
      /* An idle or prepared session: nothing on the wire. */
      _sc_call_fail_now (call, SC_CALL_END_LOCAL, reason);
      return TRUE;
    }

  if (sc_call_session_get_direction (call->session) == SC_CALL_DIRECTION_INCOMING &&
      !call->established && call->local_sdp == NULL)
    {
      clear_source (&call->deferred_timeout);
      call->deferred = FALSE;
      _sc_call_set_end (call, SC_CALL_END_LOCAL, reason);
      respond (call, 480, NULL, NULL);
      return TRUE;
    }

  if (!call->established &&
      sc_call_session_get_direction (call->session) == SC_CALL_DIRECTION_OUTGOING)
    {
      _sc_call_set_end (call, SC_CALL_END_CANCELLED_LOCAL, "cancelled");
      _sc_sip_dialog_cancel (call->dialog);
      return TRUE;
    }

  _sc_call_set_end (call, SC_CALL_END_LOCAL, reason);
  _sc_call_set_state (call, SC_CALL_STATE_TERMINATING, reason);
  _sc_sip_dialog_bye (call->dialog);
  return TRUE;
}

static gboolean
send_reinvite (ScCall          *call,
               const char      *sdp,
               ScSdpDirection   direction,
               GError         **error)
{
  if (call->reinvite_pending)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID_STATE,
                   "Invalid state: a re-INVITE is already in progress on %s",
                   _sc_call_get_id (call));
      return FALSE;
    }
  call->reinvite_pending = TRUE;
  call->pending_direction = direction;
  _sc_call_set_local_sdp (call, sdp);
  _sc_sip_dialog_invite (call->dialog, sdp);
  return TRUE;
}

gboolean
_sc_call_change_direction (ScCall          *call,
                           ScSdpDirection   direction,
                           GError         **error)
{
  g_autofree char *offer = _sc_call_make_offer (call, direction, error);

  return offer != NULL && send_reinvite (call, offer, direction, error);
}

gboolean
_sc_call_update_media (ScCall      *call,
                       const char  *sdp,
                       GError     **error)
{
  g_auto(ScSdpAudio) audio = { 0 };

  if (!_sc_sdp_parse_audio (sdp, &audio, error))
    return FALSE;
  return send_reinvite (call, sdp, audio.direction, error);
}

void
_sc_call_transfer (ScCall     *call,
                   const char *target)
{
  call->state_before_transfer = _sc_call_get_state (call);
  _sc_sip_dialog_refer (call->dialog, target);
  _sc_call_set_state (call, SC_CALL_STATE_TRANSFERRING, target);
}

static void
send_next_dtmf (ScCall *call)
{
  g_autofree char *digit = NULL;
  g_autofree char *body = NULL;

  if (call->dtmf_in_flight || call->dialog == NULL)
    return;
  digit = g_queue_pop_head (&call->dtmf_queue);
  if (digit == NULL)
    return;
  body = g_strdup_printf ("Signal=%s\r\nDuration=160\r\n", digit);
  call->dtmf_in_flight = TRUE;
  _sc_sip_dialog_info (call->dialog, "application/dtmf-relay", body);
}

void
_sc_call_send_dtmf (ScCall     *call,
                    const char *digits)
{
  if (call->leg != NULL && _sc_media_leg_can_send_dtmf (call->leg))
    {
      _sc_media_leg_send_dtmf (call->leg, digits);
      return;
    }

  /* No telephone-event negotiated: SIP INFO carries the digits. */
  for (const char *p = digits; *p != '\0'; p++)
    g_queue_push_tail (&call->dtmf_queue, g_ascii_strup (p, 1));
  send_next_dtmf (call);
}

void
_sc_call_dtmf_received (ScCall *call,
                        char    digit,
                        guint   duration_ms)
{
  char text[2] = { digit, '\0' };

  _sc_session_manager_dtmf_received (call->manager, call, text, duration_ms);
}

/* ------------------------------------------------------------------ */
/* What the peer did                                                    */

/* Application code runs inside these (signals, vfuncs) and may drop its
 * last reference to the manager, which frees every call: hold it until
 * the event is handled. */
#define KEEP_MANAGER(call) \
  g_autoptr(ScSessionManager) keep_manager G_GNUC_UNUSED = g_object_ref ((call)->manager)

void
_sc_call_got_progress (ScCall *call,
                       guint   status)
{
  KEEP_MANAGER (call);
  _sc_call_set_state (call, SC_CALL_STATE_RINGING, NULL);
}

void
_sc_call_got_answer (ScCall     *call,
                     guint       status,
                     const char *phrase,
                     const char *sdp,
                     const char *contact)
{
  KEEP_MANAGER (call);
  g_autoptr(GError) error = NULL;

  if (call->reinvite_pending)
    {
      call->reinvite_pending = FALSE;
      if (status >= 300)
        {
          SC_DEBUG ("%s: re-INVITE failed: %u %s", _sc_call_get_id (call), status, phrase);
          return;
        }
      if (sdp != NULL)
        _sc_call_set_remote_sdp (call, sdp, NULL);
      call->held_by_us = call->pending_direction == SC_SDP_SENDONLY ||
                         call->pending_direction == SC_SDP_INACTIVE;
      if (call->held_by_us)
        _sc_call_set_state (call, SC_CALL_STATE_ON_HOLD, "held");
      else
        _sc_call_set_state (call, SC_CALL_STATE_ACTIVE, "resumed");
      return;
    }

  if (status >= 300)
    {
      g_autofree char *reason = NULL;

      if (status < 400 && contact != NULL)
        reason = g_strdup_printf ("%u %s (Contact: %s)", status, phrase, contact);
      else
        reason = g_strdup_printf ("%u %s", status, phrase);

      if (status == 487 && call->end_cause == SC_CALL_END_CANCELLED_LOCAL)
        return;
      _sc_call_set_end (call, SC_CALL_END_FAILED, reason);
      return;
    }

  if (sdp != NULL && !_sc_call_set_remote_sdp (call, sdp, &error))
    {
      /* nua has ACKed the 200; the call cannot carry audio, end it. The
       * message already says "SDP negotiation failed: …". */
      _sc_call_set_end (call, SC_CALL_END_FAILED, error->message);
      _sc_sip_dialog_bye (call->dialog);
    }
}

/* The dialog is ready: after the first answer and its ACK, and after
 * every re-INVITE. */
void
_sc_call_got_ack (ScCall     *call,
                  const char *sdp)
{
  KEEP_MANAGER (call);
  if (!call->established)
    {
      if (sdp != NULL && call->remote_sdp == NULL)
        _sc_call_set_remote_sdp (call, sdp, NULL);
      _sc_call_sync_media (call);
      _sc_call_set_state (call, SC_CALL_STATE_ACTIVE, NULL);
    }
  else
    _sc_call_sync_media (call);
}

/* No ACK for our 200 within the ACK wait. RFC 3261 13.3.1.4: the dialog
 * is confirmed, but the UAS should end the session with a BYE, which nua
 * has sent. Normally the call then ends like any other we hang up, when
 * the BYE is answered or times out (up to another 64 × T1), as FAILED: it
 * was never established. In reclaim mode (the manager is full) it ends at
 * once instead, so that its session and media serve the next INVITE; the
 * stack's short timers make the BYE give up soon after (no 32 s of
 * retransmitted BYEs to a peer that has forgotten the call). */
void
_sc_call_got_ack_timeout (ScCall   *call,
                          gboolean  reclaim)
{
  KEEP_MANAGER (call);

  if (call->established)
    return;
  SC_DEBUG ("%s: no ACK%s", _sc_call_get_id (call),
            reclaim ? " while the manager is full: session reclaimed" : "");
  if (reclaim)
    _sc_call_fail_now (call, SC_CALL_END_FAILED, "no ACK (overload)");
  else
    _sc_call_set_end (call, SC_CALL_END_FAILED, "no ACK");
}

/* A re-INVITE from the peer: answer it, and follow its hold/resume. */
void
_sc_call_got_reinvite (ScCall     *call,
                       const char *offer)
{
  KEEP_MANAGER (call);
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;

  if (offer == NULL)
    answer = _sc_call_make_offer (call, SC_SDP_SENDRECV, &error);
  else if (_sc_call_set_remote_sdp (call, offer, &error))
    answer = _sc_call_make_answer (call, offer, SC_SDP_SENDRECV, &error);

  if (answer == NULL)
    {
      SC_DEBUG ("%s: re-INVITE refused: %s", _sc_call_get_id (call), error->message);
      respond (call, 488, NULL, NULL);
      return;
    }
  _sc_call_set_local_sdp (call, answer);
  respond (call, 200, NULL, answer);

  if (offer != NULL && call->have_remote_audio)
    {
      ScSdpDirection dir = call->remote_audio.direction;

      if (dir == SC_SDP_SENDONLY || dir == SC_SDP_INACTIVE)
        _sc_call_set_state (call, SC_CALL_STATE_ON_HOLD, "held by remote");
      else if (_sc_call_get_state (call) == SC_CALL_STATE_ON_HOLD)
        _sc_call_set_state (call, SC_CALL_STATE_ACTIVE, "resumed by remote");
    }
}

void
_sc_call_got_cancel (ScCall *call)
{
  call->deferred = FALSE;
  _sc_call_set_end (call, SC_CALL_END_CANCELLED_REMOTE, "cancelled by remote");
}

void
_sc_call_got_bye (ScCall *call)
{
  _sc_call_set_end (call, SC_CALL_END_REMOTE, "remote hangup");
}

void
_sc_call_got_terminating (ScCall *call)
{
  KEEP_MANAGER (call);
  _sc_call_set_state (call, SC_CALL_STATE_TERMINATING, call->end_reason);
}

void
_sc_call_got_terminated (ScCall     *call,
                         guint       status,
                         const char *phrase)
{
  KEEP_MANAGER (call);
  call_finish (call, status, phrase);
}

/* application/dtmf-relay bodies are "Signal=5\r\nDuration=160". */
void
_sc_call_got_info (ScCall     *call,
                   const char *content_type,
                   const char *body)
{
  KEEP_MANAGER (call);
  g_auto(GStrv) lines = NULL;
  g_autofree char *digit = NULL;
  guint duration = 160;

  if (body == NULL || content_type == NULL ||
      g_ascii_strcasecmp (content_type, "application/dtmf-relay") != 0)
    return;

  lines = g_strsplit_set (body, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *value = strchr (lines[i], '=');

      if (value == NULL)
        continue;
      *value++ = '\0';
      g_strstrip (lines[i]);
      g_strstrip (value);
      if (g_ascii_strcasecmp (lines[i], "Signal") == 0 && strlen (value) == 1 &&
          strchr ("0123456789*#ABCDabcd", value[0]) != NULL)
        digit = g_ascii_strup (value, 1);
      else if (g_ascii_strcasecmp (lines[i], "Duration") == 0)
        duration = (guint) g_ascii_strtoull (value, NULL, 10);
    }

  if (digit != NULL)
    _sc_session_manager_dtmf_received (call->manager, call, digit, duration);
}

void
_sc_call_got_info_response (ScCall *call,
                            guint   status)
{
  KEEP_MANAGER (call);
  call->dtmf_in_flight = FALSE;
  send_next_dtmf (call);
}

gboolean
_sc_call_got_refer (ScCall     *call,
                    const char *refer_to,
                    const char *referred_by)
{
  KEEP_MANAGER (call);
  if (!_sc_session_manager_transfer_requested (call->manager, call, refer_to, referred_by))
    return FALSE;
  call->state_before_transfer = _sc_call_get_state (call);
  _sc_call_set_state (call, SC_CALL_STATE_TRANSFERRING, refer_to);
  return TRUE;
}

void
_sc_call_got_refer_response (ScCall *call,
                             guint   status)
{
  KEEP_MANAGER (call);
  if (status >= 300 && _sc_call_get_state (call) == SC_CALL_STATE_TRANSFERRING)
    _sc_call_set_state (call, call->state_before_transfer, "transfer refused");
}
