/* sc-call-private.h: one call's state machine (private)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * ScCall is the private object behind a public #ScCallSession: its dialog,
 * its SDP and media, and the one place where its state changes
 * (_sc_call_set_state ()). The session manager owns every call in its
 * id → call map and frees a call once it is final.
 *
 * Three doors lead in:
 * - the session manager creates calls and drives them (answer, reject,
 *   hold, DTMF, …) for the public API;
 * - the SIP dialog (sip/sc-sip-dialog.c) reports what the peer did through
 *   the _sc_call_got_* () functions, with plain values;
 * - the media engine's events reach the call through the manager.
 * What the application must hear goes out through the manager's private
 * functions (sc-session-manager-private.h), which emit its signals.
 */

#pragma once

#include <gio/gio.h>

#include "sc-call-decision.h"
#include "sc-call-session.h"
#include "sc-session-manager.h"
#include "media/sc-audio-source.h"
#include "media/sc-media-engine.h"
#include "sip/sc-sdp.h"
#include "sip/sc-sip-dialog.h"

G_BEGIN_DECLS



/* What ends a call when its dialog is over. */
typedef enum {
  SC_CALL_END_NONE,
  SC_CALL_END_LOCAL,             /* we sent BYE, CANCEL or a final answer */
  SC_CALL_END_REMOTE,            /* BYE from the peer */
  SC_CALL_END_CANCELLED_REMOTE,  /* CANCEL from the peer */
  SC_CALL_END_CANCELLED_LOCAL,   /* our CANCEL */
  SC_CALL_END_REJECTED,          /* we answered ≥ 300 */
  SC_CALL_END_FORWARDED,         /* we answered 302 */
  SC_CALL_END_FAILED,            /* the peer answered ≥ 300, or a timeout */
} ScCallEndCause;

struct _ScCall
{
  ScSessionManager  *manager;       /* unowned: the manager owns the call */
  ScCallSession     *session;
  ScSipDialog       *dialog;        /* NULL when idle or prepared */

  /* Offer and answer (sc-call-media.c) */
  char              *local_sdp;
  char              *remote_sdp;
  ScSdpOffer        *offer;         /* the INVITE's offer, parsed, until answered */
  ScSdpAudio         remote_audio;
  gboolean           have_remote_audio;
  guint16            local_port;    /* 0 when none allocated */
  guint64            sdp_session_id;
  guint64            sdp_version;

  /* Media (sc-call-media.c) */
  ScMediaLeg        *leg;           /* RTP, once offer and answer are known */
  ScAudioSource     *source;        /* what we send unbridged; NULL = silence */
  gboolean           held_by_us;
  gboolean           muted;

  /* The state machine (sc-call.c) */
  gboolean           deferred;      /* incoming, waiting for accept/reject */
  gboolean           established;   /* call-established was emitted */
  ScSdpDirection     pending_direction; /* of our re-INVITE in flight */
  gboolean           reinvite_pending;
  ScCallState        state_before_transfer;
  ScCallEndCause     end_cause;
  char              *end_reason;

  GSource           *deferred_timeout; /* deferred answer deadline */
  GSource           *session_timeout;  /* answered call's maximum age */
  GQueue             dtmf_queue;    /* digits waiting to be sent as INFO */
  gboolean           dtmf_in_flight;
  GList             *answer_waiters; /* GTask, wait_for_answer_async */

  /* The bridge or conference its audio is in ("bridge bridge_…",
   * "conference conf_…"), NULL for none: one at a time. */
  char              *audio_owner;
};

/* sc-call.c: life and state */
ScCall        *_sc_call_new                (ScSessionManager *manager,
                                            ScCallDirection  direction,
                                            const char      *from,
                                            const char      *to);
void           _sc_call_free               (ScCall          *call);
const char    *_sc_call_get_id             (ScCall          *call);
ScCallState    _sc_call_get_state          (ScCall          *call);
/* Neither final nor on its way out: the call still takes operations. */
gboolean       _sc_call_is_ending          (ScCall          *call);
void           _sc_call_set_state          (ScCall          *call,
                                            ScCallState      state,
                                            const char      *reason);
void           _sc_call_set_end            (ScCall          *call,
                                            ScCallEndCause   cause,
                                            const char      *reason);
/* Ends a call with nothing (more) to send: it becomes final at once. */
void           _sc_call_fail_now           (ScCall          *call,
                                            ScCallEndCause   cause,
                                            const char      *reason);

/* sc-call.c: what the call does on the wire */
void           _sc_call_apply_decision     (ScCall          *call,
                                            ScCallDecision  *decision);
gboolean       _sc_call_answer             (ScCall          *call,
                                            const char      *sdp,
                                            GError         **error);
void           _sc_call_reject             (ScCall          *call,
                                            guint            status,
                                            const char      *phrase);
gboolean       _sc_call_send_invite        (ScCall          *call,
                                            ScSipStack      *stack,
                                            const char      *sdp,
                                            const char      *contact,
                                            GError         **error);
/* Ends the call as this side's doing; @reason becomes its end reason. */
gboolean       _sc_call_terminate          (ScCall          *call,
                                            const char      *reason,
                                            GError         **error);
gboolean       _sc_call_change_direction   (ScCall          *call,
                                            ScSdpDirection   direction,
                                            GError         **error);
gboolean       _sc_call_update_media       (ScCall          *call,
                                            const char      *sdp,
                                            GError         **error);
void           _sc_call_transfer           (ScCall          *call,
                                            const char      *target);
void           _sc_call_send_dtmf          (ScCall          *call,
                                            const char      *digits);
void           _sc_call_dtmf_received      (ScCall          *call,
                                            char             digit,
                                            guint            duration_ms);
/* Takes @task; returns it when the call is answered or ends, after
 * @timeout_ms (0: never) or when @cancellable is cancelled. */
void           _sc_call_add_answer_waiter  (ScCall          *call,
                                            GTask           *task,
                                            guint            timeout_ms,
                                            GCancellable    *cancellable);

/* sc-call.c: what the peer did, from the dialog */
void           _sc_call_got_progress       (ScCall          *call,
                                            guint            status);
void           _sc_call_got_answer         (ScCall          *call,
                                            guint            status,
                                            const char      *phrase,
                                            const char      *sdp,
                                            const char      *contact);
void           _sc_call_got_ack            (ScCall          *call,
                                            const char      *sdp);
/* Our 2xx to the INVITE was not ACKed within the ACK wait; the stack has
 * sent a BYE. @reclaim: the stack is in reclaim mode (the manager is full,
 * sip/sc-sip-overload.c): end the call now. */
void           _sc_call_got_ack_timeout    (ScCall          *call,
                                            gboolean         reclaim);
void           _sc_call_got_reinvite       (ScCall          *call,
                                            const char      *sdp);
void           _sc_call_got_cancel         (ScCall          *call);
void           _sc_call_got_bye            (ScCall          *call);
void           _sc_call_got_terminating    (ScCall          *call);
void           _sc_call_got_terminated     (ScCall          *call,
                                            guint            status,
                                            const char      *phrase);
void           _sc_call_got_info           (ScCall          *call,
                                            const char      *content_type,
                                            const char      *body);
void           _sc_call_got_info_response  (ScCall          *call,
                                            guint            status);
gboolean       _sc_call_got_refer          (ScCall          *call,
                                            const char      *refer_to,
                                            const char      *referred_by);
void           _sc_call_got_refer_response (ScCall          *call,
                                            guint            status);

/* sc-call-media.c: offer/answer and RTP */
char          *_sc_call_make_offer         (ScCall          *call,
                                            ScSdpDirection   direction,
                                            GError         **error);
char          *_sc_call_make_answer        (ScCall          *call,
                                            const char      *offer,
                                            ScSdpDirection   direction,
                                            GError         **error);
/* Keeps the INVITE's offer, parsed on arrival, for the answer. */
void           _sc_call_take_offer         (ScCall          *call,
                                            char            *sdp,
                                            ScSdpOffer      *offer,
                                            ScSdpAudio      *audio);
gboolean       _sc_call_set_remote_sdp     (ScCall          *call,
                                            const char      *sdp,
                                            GError         **error);
void           _sc_call_set_local_sdp      (ScCall          *call,
                                            const char      *sdp);
void           _sc_call_sync_media         (ScCall          *call);
void           _sc_call_release_media      (ScCall          *call);
void           _sc_call_set_source         (ScCall          *call,
                                            ScAudioSource   *source);
void           _sc_call_set_muted          (ScCall          *call,
                                            gboolean         muted);

G_END_DECLS
