/* sc-session-manager.c: the calls of one endpoint, their admission and decisions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The id → call map, admission, the decision chain, the signals and the
 * public API, except the media-control methods (hold, resume, DTMF, mute,
 * what a call sends, media information, SDP), which are in
 * sc-session-manager-media.c.
 */

#include "config.h"

#include "sc-debug-private.h"

#include "sc-session-manager-private.h"

#include "sc-call-decision-private.h"
#include "sc-call-private.h"
#include "sc-call-session-private.h"
#include "sc-caller-info.h"
#include "sc-enum-types.h"
#include "sc-error.h"
#include "sc-id-private.h"
#include "sc-incoming-request-private.h"
#include "sc-incoming-call-event.h"
#include "sc-incoming-call-private.h"
#include "sc-marshal.h"
#include "sc-notification-setter.h"
#include "sc-prepared-call-private.h"
#include "sc-server-config-private.h"
#include "sc-session-stats-private.h"
#include "sc-transaction-manager-private.h"
#include "media/sc-audio-source.h"
#include "media/sc-media-engine.h"
#include "media/sc-port-pool.h"
#include "sip/sc-sdp.h"
#include "sip/sc-sip-dialog.h"
#include "sip/sc-sip-overload.h"
#include "sip/sc-sip-request.h"
#include "sip/sc-sip-syntax.h"

/**
 * ScSessionManager:
 *
 * The calls of one SIP endpoint: it places and receives calls, decides
 * incoming ones, and drives each call's state machine.
 *
 * It is the C counterpart of Rust session-core's `SessionCoordinator`.
 * Build one with #ScSessionManagerBuilder. Every operation returns as soon
 * as the SIP request is sent or the local change is made; what the remote
 * side does later arrives as signals.
 *
 * ## Deciding incoming calls
 *
 * On an INVITE the manager asks, in order, the notifier set with
 * sc_session_manager_set_incoming_call_notifier(), the #ScCallHandler given
 * to the builder, then the #ScSessionManager::incoming-call signal; the
 * first decision that is not %NULL wins. Nobody deciding means 486 Busy
 * Here. Past the configured maximum of sessions, INVITEs get 503 Service
 * Unavailable without asking anyone. An INVITE whose SDP does not parse
 * gets 400 Bad Request, one with no codec in common 488 Not Acceptable
 * Here, and one with a body that is not SDP 415 Unsupported Media Type;
 * nobody is asked about those either.
 *
 * ## Threads
 *
 * A session manager, its sessions and its SIP stack live in the
 * #GMainContext that was thread-default when it was built. Call it only
 * from that context's thread; every signal and callback is emitted there.
 *
 * Since: 0.1
 */

enum {
  PROP_0,
  PROP_BOUND_ADDRESS,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_INCOMING_CALL,
  SIGNAL_CALL_ESTABLISHED,
  SIGNAL_CALL_ENDED,
  SIGNAL_CALL_STATE_CHANGED,
  SIGNAL_DTMF,
  SIGNAL_REGISTRATION_REQUEST,
  SIGNAL_TRANSFER_REQUEST,
  SIGNAL_MEDIA_FLOW,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  ScSessionManager    *manager;
  char                *id;
  ScSipPendingRequest *sip;
  GHashTable          *headers;     /* the request's headers, read while it
                                     * was valid (a kept request has no
                                     * message to read them from) */
  GSource             *timeout;
} PendingRequest;

struct _ScSessionManager
{
  GObject                     parent_instance;

  GMainContext               *context;
  ScServerConfig             *config;
  ScTransactionManager       *transaction_manager;
  gboolean                    owns_transaction_manager;
  ScSipStack                 *stack;
  ScCallHandler              *handler;
  ScIncomingCallNotification *notifier;
  char                       *domain;
  char                       *media_host;  /* address put in SDP */
  ScPortPool                 *ports;
  ScMediaEngine              *media;       /* NULL when media is disabled */
  ScAudioSource              *music_on_hold;
  GHashTable                 *sources;     /* "tone:440" / path → ScAudioSource */

  GHashTable                 *calls;       /* id → ScCall */
  GHashTable                 *requests;    /* transaction id → PendingRequest */

  gboolean                    running;
  gboolean                    shutting_down;
  gboolean                    stack_shutting_down;
  GTask                      *shutdown_task;

  guint                       n_live;
  guint64                     total_sessions;
  guint64                     failed_sessions;
  guint64                     ended_with_duration;
  gint64                      total_duration_us;
};

static void notification_setter_iface_init (ScNotificationSetterInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ScSessionManager, sc_session_manager, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SC_TYPE_NOTIFICATION_SETTER,
                                                      notification_setter_iface_init))

static void maybe_finish_shutdown (ScSessionManager *self);

/* ------------------------------------------------------------------ */
/* Small helpers                                                        */

static gboolean
check_sip_uri (const char  *what,
               const char  *uri,
               GError     **error)
{
  if (_sc_sip_uri_is_valid (uri))
    return TRUE;
  g_set_error (error, SC_ERROR, SC_ERROR_INVALID_URI,
               "Invalid URI: %s '%s' is not a sip: or sips: URI",
               what, uri ? uri : "(null)");
  return FALSE;
}

ScCall *
_sc_session_manager_lookup_call (ScSessionManager  *self,
                                 const char        *session_id,
                                 GError           **error)
{
  ScCall *call = g_hash_table_lookup (self->calls, session_id);

  if (call == NULL)
    g_set_error (error, SC_ERROR, SC_ERROR_SESSION_NOT_FOUND,
                 "Session not found: %s", session_id);
  return call;
}

gboolean
_sc_session_manager_check_state (ScCall       *call,
                                 const char   *operation,
                                 GError      **error,
                                 ScCallState   allowed1,
                                 ScCallState   allowed2)
{
  ScCallState state = _sc_call_get_state (call);

  if (state == allowed1 || state == allowed2)
    return TRUE;
  g_set_error (error, SC_ERROR, SC_ERROR_INVALID_STATE,
               "Invalid state: cannot %s session %s in state %s",
               operation, _sc_call_get_id (call),
               sc_call_state_to_string (state));
  return FALSE;
}

static gboolean
check_capacity (ScSessionManager  *self,
                GError           **error)
{
  guint max = sc_server_config_get_max_sessions (self->config);

  if (self->n_live < max)
    return TRUE;
  g_set_error (error, SC_ERROR, SC_ERROR_RESOURCE_LIMIT_EXCEEDED,
               "Resource limit exceeded: maximum of %u sessions reached", max);
  return FALSE;
}

/* An object made with g_object_new () alone has no stack: every method
 * says so instead of crashing. */
static gboolean
check_built (ScSessionManager  *self,
             GError           **error)
{
  if (self->stack != NULL)
    return TRUE;
  g_set_error (error, SC_ERROR, SC_ERROR_INVALID_STATE,
               "Invalid state: this session manager was not built; use "
               "ScSessionManagerBuilder");
  return FALSE;
}

static gboolean
check_running (ScSessionManager  *self,
               GError           **error)
{
  if (!check_built (self, error))
    return FALSE;
  if (self->running && !self->shutting_down)
    return TRUE;
  g_set_error (error, SC_ERROR, SC_ERROR_INVALID_STATE,
               "Invalid state: the session manager is not running");
  return FALSE;
}

/* The stack's overload control follows this manager's fullness when the
 * stack is its own (a shared stack answers for several managers). */
static void
update_fullness (ScSessionManager *self)
{
  if (self->owns_transaction_manager && self->stack != NULL)
    _sc_sip_overload_set_full (_sc_sip_stack_get_overload (self->stack),
                               self->n_live >= sc_server_config_get_max_sessions (self->config));
}

static ScCall *
add_call (ScSessionManager *self,
          ScCallDirection   direction,
          const char       *from,
          const char       *to)
{
  ScCall *call = _sc_call_new (self, direction, from, to);

  g_hash_table_insert (self->calls, g_strdup (_sc_call_get_id (call)), call);
  self->total_sessions++;
  self->n_live++;
  update_fullness (self);
  return call;
}

/* ------------------------------------------------------------------ */
/* What the calls tell the application (sc-call.c calls these)          */

void
_sc_session_manager_call_state_changed (ScSessionManager *self,
                                        ScCall           *call,
                                        ScCallState       old_state,
                                        ScCallState       new_state,
                                        const char       *reason)
{
  const char *id = _sc_call_get_id (call);

  g_signal_emit (self, signals[SIGNAL_CALL_STATE_CHANGED], 0,
                 id, old_state, new_state, reason);
  if (self->handler != NULL)
    sc_call_handler_on_call_state_changed (self->handler, id, old_state,
                                           new_state, reason);
}

void
_sc_session_manager_call_established (ScSessionManager *self,
                                      ScCall           *call)
{
  g_signal_emit (self, signals[SIGNAL_CALL_ESTABLISHED], 0,
                 call->session, call->local_sdp, call->remote_sdp);
  if (self->handler != NULL)
    sc_call_handler_on_call_established (self->handler, call->session,
                                         call->local_sdp, call->remote_sdp);
}

void
_sc_session_manager_call_ended (ScSessionManager *self,
                                ScCall           *call,
                                const char       *reason)
{
  ScCallSession *session = call->session;
  const char *id = _sc_call_get_id (call);
  gint64 started_at = sc_call_session_get_started_at (session);
  const char *call_id = sc_call_session_get_sip_call_id (session);
  gint64 ended_at = g_get_real_time ();

  self->n_live--;
  update_fullness (self);
  if (started_at > 0)
    {
      self->ended_with_duration++;
      self->total_duration_us += ended_at - started_at;
    }
  if (sc_call_session_get_state (session) == SC_CALL_STATE_FAILED)
    self->failed_sessions++;

  if (self->notifier != NULL && call_id != NULL)
    {
      if (call->end_cause == SC_CALL_END_REMOTE)
        sc_incoming_call_notification_on_call_terminated_by_remote (self->notifier, id, call_id);
      else if (call->end_cause == SC_CALL_END_LOCAL)
        sc_incoming_call_notification_on_call_ended_by_server (self->notifier, id, call_id);
    }
  g_signal_emit (self, signals[SIGNAL_CALL_ENDED], 0, session, reason);
  if (self->handler != NULL)
    sc_call_handler_on_call_ended (self->handler, session, reason);
}

void
_sc_session_manager_call_finished (ScSessionManager *self,
                                   ScCall           *call)
{
  g_hash_table_remove (self->calls, _sc_call_get_id (call));
  maybe_finish_shutdown (self);
}

void
_sc_session_manager_dtmf_received (ScSessionManager *self,
                                   ScCall           *call,
                                   const char       *digit,
                                   guint             duration_ms)
{
  const char *id = _sc_call_get_id (call);

  g_signal_emit (self, signals[SIGNAL_DTMF], 0, id, digit, duration_ms);
  if (self->handler != NULL)
    sc_call_handler_on_dtmf (self->handler, id, digit, duration_ms);
}

gboolean
_sc_session_manager_transfer_requested (ScSessionManager *self,
                                        ScCall           *call,
                                        const char       *refer_to,
                                        const char       *referred_by)
{
  gboolean accepted = FALSE;

  g_signal_emit (self, signals[SIGNAL_TRANSFER_REQUEST], 0,
                 _sc_call_get_id (call), refer_to, referred_by, &accepted);
  return accepted;
}

GMainContext *
_sc_session_manager_get_context (ScSessionManager *self)
{
  return self->context;
}

const ScServerConfig *
_sc_session_manager_get_server_config (ScSessionManager *self)
{
  return self->config;
}

ScPortPool *
_sc_session_manager_get_port_pool (ScSessionManager *self)
{
  return self->ports;
}

const char *
_sc_session_manager_get_media_host (ScSessionManager *self)
{
  return self->media_host;
}

ScAudioSource *
_sc_session_manager_get_music_on_hold (ScSessionManager *self)
{
  return self->music_on_hold;
}

/* What the media thread noticed, delivered in our context. */
static void
media_event_cb (gpointer            user_data,
                const ScMediaEvent *event)
{
  ScSessionManager *self = user_data;
  g_autoptr(ScSessionManager) keep = g_object_ref (self);
  ScCall *call = g_hash_table_lookup (self->calls, event->leg_id);

  if (call == NULL)
    return;  /* the call ended while the event travelled */

  switch (event->type)
    {
    case SC_MEDIA_EVENT_FLOW_STARTED:
    case SC_MEDIA_EVENT_FLOW_STOPPED:
      g_signal_emit (self, signals[SIGNAL_MEDIA_FLOW], 0, _sc_call_get_id (call),
                     event->type == SC_MEDIA_EVENT_FLOW_STARTED,
                     call->have_remote_audio ? call->remote_audio.codec : NULL);
      break;
    case SC_MEDIA_EVENT_DTMF:
      _sc_call_dtmf_received (call, event->digit, event->duration_ms);
      break;
    }
}

/* ------------------------------------------------------------------ */
/* Deciding incoming calls                                              */

static ScCallDecision *
decide (ScSessionManager *self,
        ScCall           *call,
        ScSipRequest     *invite)
{
  const char *id = _sc_call_get_id (call);
  const char *call_id = sc_call_session_get_sip_call_id (call->session);
  GHashTable *headers = _sc_sip_request_get_headers (invite);
  ScCallDecision *decision = NULL;

  if (self->notifier != NULL)
    {
      g_autoptr(ScCallerInfo) info =
        _sc_incoming_caller_info (invite, sc_call_session_get_from (call->session),
                                  sc_call_session_get_to (call->session));
      g_autoptr(ScIncomingCallEvent) event = NULL;

      event = sc_incoming_call_event_new (id, info, call_id, headers,
                                          call->remote_sdp);
      decision = sc_incoming_call_notification_on_incoming_call (self->notifier, event);
    }

  if (decision == NULL &&
      (self->handler != NULL ||
       g_signal_has_handler_pending (self, signals[SIGNAL_INCOMING_CALL], 0, FALSE)))
    {
      g_autoptr(ScIncomingCall) incoming =
        _sc_incoming_call_new (id, sc_call_session_get_from (call->session),
                               sc_call_session_get_to (call->session),
                               call->remote_sdp, headers, call_id);

      if (self->handler != NULL)
        decision = sc_call_handler_on_incoming_call (self->handler, incoming);
      if (decision == NULL)
        g_signal_emit (self, signals[SIGNAL_INCOMING_CALL], 0, incoming, &decision);
    }

  return decision;
}

/* Admission: what is refused here never becomes a session, and nobody is
 * asked about it. */
static void
handle_invite (ScSessionManager *self,
               ScSipRequest     *invite)
{
  const char *offer;
  g_autoptr(ScCallDecision) decision = NULL;
  g_auto(ScSdpAudio) audio = { 0 };
  g_autoptr(ScSdpOffer) parsed = NULL;
  ScCall *call;

  if (!self->running || self->shutting_down)
    {
      _sc_sip_request_respond (invite, 503, NULL, NULL);
      return;
    }
  if (self->n_live >= sc_server_config_get_max_sessions (self->config))
    {
      SC_DEBUG ("INVITE refused: %u sessions is the maximum",
                sc_server_config_get_max_sessions (self->config));
      _sc_sip_overload_refuse (_sc_sip_stack_get_overload (self->stack), invite);
      return;
    }

  if (!_sc_incoming_check_offer (invite, &parsed, &audio))
    return;
  offer = _sc_sip_request_get_body (invite);

  call = add_call (self, SC_CALL_DIRECTION_INCOMING,
                   _sc_sip_request_get_from_uri (invite),
                   _sc_sip_request_get_to_uri (invite));
  call->dialog = _sc_sip_dialog_new_incoming (invite, call);
  _sc_sip_dialog_set_contact (call->dialog, sc_server_config_get_contact_uri (self->config));
  _sc_call_session_set_sip_call_id (call->session, _sc_sip_request_get_call_id (invite));
  if (offer != NULL)
    _sc_call_take_offer (call, g_strdup (offer), g_steal_pointer (&parsed), &audio);

  SC_DEBUG ("%s: INVITE from %s to %s", _sc_call_get_id (call),
            _sc_sip_request_get_from_uri (invite), _sc_sip_request_get_to_uri (invite));
  decision = decide (self, call, invite);
  _sc_call_apply_decision (call, decision);
}

/* ------------------------------------------------------------------ */
/* Non-INVITE requests answered by the application (REGISTER)          */

static void
pending_request_free (gpointer data)
{
  PendingRequest *request = data;

  if (request->timeout != NULL)
    {
      g_source_destroy (request->timeout);
      g_source_unref (request->timeout);
    }
  _sc_sip_pending_request_free (request->sip);
  g_clear_pointer (&request->headers, g_hash_table_unref);
  g_free (request->id);
  g_free (request);
}

static void
pending_request_respond (PendingRequest *request,
                         guint           status,
                         const char     *phrase,
                         const char     *extra_headers)
{
  _sc_sip_pending_request_respond (request->sip, status, phrase, extra_headers);
  g_hash_table_remove (request->manager->requests, request->id);
}

static gboolean
pending_request_timeout_cb (gpointer user_data)
{
  PendingRequest *request = user_data;

  SC_DEBUG ("%s: the application did not answer, sending 500", request->id);
  pending_request_respond (request, 500, "No Answer From Application", NULL);
  return G_SOURCE_REMOVE;
}

static void
handle_register (ScSessionManager *self,
                 ScSipRequest     *sip_request)
{
  PendingRequest *request;

  if (!g_signal_has_handler_pending (self, signals[SIGNAL_REGISTRATION_REQUEST], 0, FALSE))
    {
      _sc_sip_request_respond (sip_request, 405, NULL, NULL);
      return;
    }

  request = g_new0 (PendingRequest, 1);
  request->manager = self;
  request->id = _sc_new_random_id ("txn_");
  request->headers = g_hash_table_ref (_sc_sip_request_get_headers (sip_request));
  request->sip = _sc_sip_request_keep (sip_request);
  /* Answer before the client's own transaction gives up. */
  request->timeout =
    g_timeout_source_new_seconds (MAX (1, sc_server_config_get_transaction_timeout (self->config) / 2));
  g_source_set_callback (request->timeout, pending_request_timeout_cb, request, NULL);
  g_source_attach (request->timeout, self->context);
  g_hash_table_insert (self->requests, request->id, request);

  g_signal_emit (self, signals[SIGNAL_REGISTRATION_REQUEST], 0,
                 request->id, _sc_sip_request_get_from_uri (sip_request),
                 _sc_sip_request_get_contact_uri (sip_request),
                 _sc_sip_request_get_expires (sip_request));
}

static void
request_cb (gpointer      user_data,
            ScSipRequest *request)
{
  ScSessionManager *self = user_data;
  /* Application code runs in here (signals, vfuncs); it may drop its
   * last reference to the manager. */
  g_autoptr(ScSessionManager) keep = g_object_ref (self);

  switch (_sc_sip_request_get_method (request))
    {
    case SC_SIP_METHOD_INVITE:
      handle_invite (self, request);
      break;
    case SC_SIP_METHOD_REGISTER:
      handle_register (self, request);
      break;
    case SC_SIP_METHOD_REFER:
      /* Transfers only make sense inside a call. */
      _sc_sip_request_respond (request, 403, NULL, NULL);
      break;
    case SC_SIP_METHOD_OTHER:
      _sc_sip_request_respond (request, 405, NULL, NULL);
      break;
    }
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */

static void
sc_session_manager_set_notifier_iface (ScNotificationSetter       *setter,
                                       ScIncomingCallNotification *notifier)
{
  sc_session_manager_set_incoming_call_notifier (SC_SESSION_MANAGER (setter), notifier);
}

static void
notification_setter_iface_init (ScNotificationSetterInterface *iface)
{
  iface->set_incoming_call_notifier = sc_session_manager_set_notifier_iface;
}

static void
sc_session_manager_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ScSessionManager *self = SC_SESSION_MANAGER (object);

  switch (prop_id)
    {
    case PROP_BOUND_ADDRESS:
      g_value_set_string (value, sc_session_manager_get_bound_address (self));
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_session_manager_dispose (GObject *object)
{
  ScSessionManager *self = SC_SESSION_MANAGER (object);

  /* Sessions still alive lose their handles here; sofia's shutdown (when
   * we own the stack) sends what is left to send. */
  g_hash_table_remove_all (self->calls);
  g_hash_table_remove_all (self->requests);
  g_clear_pointer (&self->media, _sc_media_engine_free);
  g_clear_pointer (&self->music_on_hold, _sc_audio_source_unref);
  g_clear_pointer (&self->sources, g_hash_table_unref);
  if (self->transaction_manager != NULL)
    _sc_transaction_manager_detach (self->transaction_manager, self);
  g_clear_object (&self->handler);
  g_clear_object (&self->notifier);

  G_OBJECT_CLASS (sc_session_manager_parent_class)->dispose (object);
}

static void
sc_session_manager_finalize (GObject *object)
{
  ScSessionManager *self = SC_SESSION_MANAGER (object);

  g_clear_pointer (&self->calls, g_hash_table_unref);
  g_clear_pointer (&self->requests, g_hash_table_unref);
  g_clear_pointer (&self->ports, _sc_port_pool_free);
  g_clear_pointer (&self->stack, _sc_sip_stack_unref);
  g_clear_object (&self->transaction_manager);
  g_clear_pointer (&self->config, sc_server_config_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->domain);
  g_free (self->media_host);

  G_OBJECT_CLASS (sc_session_manager_parent_class)->finalize (object);
}

/* "First non-NULL wins": stop at the first handler that decides. */
static gboolean
first_decision_accumulator (GSignalInvocationHint *ihint,
                            GValue                *return_accu,
                            const GValue          *handler_return,
                            gpointer               data)
{
  gpointer decision = g_value_get_boxed (handler_return);

  g_value_set_boxed (return_accu, decision);
  return decision == NULL;
}

static void
sc_session_manager_class_init (ScSessionManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sc_session_manager_get_property;
  object_class->dispose = sc_session_manager_dispose;
  object_class->finalize = sc_session_manager_finalize;

  /**
   * ScSessionManager:bound-address:
   *
   * The SIP address really bound, `"ip:port"`.
   *
   * Since: 0.1
   */
  properties[PROP_BOUND_ADDRESS] =
    g_param_spec_string ("bound-address", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * ScSessionManager:running:
   *
   * Whether the manager accepts and places calls (between
   * sc_session_manager_start() and sc_session_manager_stop()).
   *
   * Since: 0.1
   */
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ScSessionManager::incoming-call:
   * @self: the session manager
   * @call: the incoming call
   *
   * An INVITE arrived and neither the notifier nor the call handler
   * decided it. The first handler that returns a decision wins; return
   * %NULL to let the next one decide. With no decision the call is
   * rejected with 486 Busy Here.
   *
   * Returns: (transfer full) (nullable): what to do with the call
   *
   * Since: 0.1
   */
  signals[SIGNAL_INCOMING_CALL] =
    g_signal_new ("incoming-call", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, first_decision_accumulator, NULL, _sc_marshal_BOXED__OBJECT,
                  SC_TYPE_CALL_DECISION, 1, SC_TYPE_INCOMING_CALL);
  g_signal_set_va_marshaller (signals[SIGNAL_INCOMING_CALL], G_TYPE_FROM_CLASS (klass),
                              _sc_marshal_BOXED__OBJECTv);

  /**
   * ScSessionManager::call-established:
   * @self: the session manager
   * @session: the call
   * @local_sdp: (nullable): the SDP we sent
   * @remote_sdp: (nullable): the SDP the peer sent
   *
   * A call was answered (2xx sent or received) and its ACK is done.
   *
   * Since: 0.1
   */
  signals[SIGNAL_CALL_ESTABLISHED] =
    g_signal_new ("call-established", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, _sc_marshal_VOID__OBJECT_STRING_STRING, G_TYPE_NONE, 3,
                  SC_TYPE_CALL_SESSION, G_TYPE_STRING, G_TYPE_STRING);
  g_signal_set_va_marshaller (signals[SIGNAL_CALL_ESTABLISHED], G_TYPE_FROM_CLASS (klass),
                              _sc_marshal_VOID__OBJECT_STRING_STRINGv);

  /**
   * ScSessionManager::call-ended:
   * @self: the session manager
   * @session: the call
   * @reason: why it ended, e.g. "remote hangup" or "486 Busy Here"
   *
   * A call reached a final state (terminated, cancelled or failed).
   *
   * Since: 0.1
   */
  signals[SIGNAL_CALL_ENDED] =
    g_signal_new ("call-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, _sc_marshal_VOID__OBJECT_STRING, G_TYPE_NONE, 2,
                  SC_TYPE_CALL_SESSION, G_TYPE_STRING);
  g_signal_set_va_marshaller (signals[SIGNAL_CALL_ENDED], G_TYPE_FROM_CLASS (klass),
                              _sc_marshal_VOID__OBJECT_STRINGv);

  /**
   * ScSessionManager::call-state-changed:
   * @self: the session manager
   * @session_id: the session id
   * @old_state: the state before
   * @new_state: the state now
   * @reason: (nullable): why, when known
   *
   * Every state transition of every call, in order.
   *
   * Since: 0.1
   */
  signals[SIGNAL_CALL_STATE_CHANGED] =
    g_signal_new ("call-state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, _sc_marshal_VOID__STRING_ENUM_ENUM_STRING, G_TYPE_NONE, 4,
                  G_TYPE_STRING, SC_TYPE_CALL_STATE, SC_TYPE_CALL_STATE,
                  G_TYPE_STRING);
  g_signal_set_va_marshaller (signals[SIGNAL_CALL_STATE_CHANGED], G_TYPE_FROM_CLASS (klass),
                              _sc_marshal_VOID__STRING_ENUM_ENUM_STRINGv);

  /**
   * ScSessionManager::dtmf:
   * @self: the session manager
   * @session_id: the session id
   * @digit: the digit, one of `0-9 * # A-D`
   * @duration_ms: the digit's duration in milliseconds
   *
   * A DTMF digit was received (SIP INFO `application/dtmf-relay`; RFC 4733
   * telephone-events with media).
   *
   * Since: 0.1
   */
  signals[SIGNAL_DTMF] =
    g_signal_new ("dtmf", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, _sc_marshal_VOID__STRING_STRING_UINT, G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_UINT);
  g_signal_set_va_marshaller (signals[SIGNAL_DTMF], G_TYPE_FROM_CLASS (klass),
                              _sc_marshal_VOID__STRING_STRING_UINTv);

  /**
   * ScSessionManager::registration-request:
   * @self: the session manager
   * @transaction_id: the id to answer with sc_session_manager_send_sip_response()
   * @from_uri: the From URI (the address of record)
   * @contact_uri: (nullable): the Contact URI to register
   * @expires: the requested lifetime in seconds
   *
   * A REGISTER arrived. Answer it with sc_session_manager_send_sip_response();
   * without an answer the request gets 500 after half the transaction
   * timeout. With no handler connected, REGISTER gets 405.
   *
   * Since: 0.1
   */
  signals[SIGNAL_REGISTRATION_REQUEST] =
    g_signal_new ("registration-request", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, _sc_marshal_VOID__STRING_STRING_STRING_UINT, G_TYPE_NONE, 4,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_UINT);
  g_signal_set_va_marshaller (signals[SIGNAL_REGISTRATION_REQUEST], G_TYPE_FROM_CLASS (klass),
                              _sc_marshal_VOID__STRING_STRING_STRING_UINTv);

  /**
   * ScSessionManager::transfer-request:
   * @self: the session manager
   * @session_id: the session the REFER arrived on
   * @target_uri: the Refer-To URI
   * @referred_by: (nullable): the Referred-By URI
   *
   * The peer asks us to transfer the call (REFER). Return %TRUE to accept
   * (202 Accepted, the session goes to %SC_CALL_STATE_TRANSFERRING and the
   * application places the new call); %FALSE, or no handler, declines
   * (603).
   *
   * Returns: %TRUE to accept the transfer
   *
   * Since: 0.1
   */
  signals[SIGNAL_TRANSFER_REQUEST] =
    g_signal_new ("transfer-request", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, g_signal_accumulator_first_wins, NULL, _sc_marshal_BOOLEAN__STRING_STRING_STRING,
                  G_TYPE_BOOLEAN, 3,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  g_signal_set_va_marshaller (signals[SIGNAL_TRANSFER_REQUEST], G_TYPE_FROM_CLASS (klass),
                              _sc_marshal_BOOLEAN__STRING_STRING_STRINGv);

  /**
   * ScSessionManager::media-flow:
   * @self: the session manager
   * @session_id: the session id
   * @active: %TRUE when RTP starts arriving, %FALSE when it stops
   * @codec: (nullable): the codec, e.g. "PCMU"
   *
   * RTP started arriving on a call, or stopped: no packet for 2 seconds.
   *
   * Since: 0.1
   */
  signals[SIGNAL_MEDIA_FLOW] =
    g_signal_new ("media-flow", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, _sc_marshal_VOID__STRING_BOOLEAN_STRING, G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_BOOLEAN, G_TYPE_STRING);
  g_signal_set_va_marshaller (signals[SIGNAL_MEDIA_FLOW], G_TYPE_FROM_CLASS (klass),
                              _sc_marshal_VOID__STRING_BOOLEAN_STRINGv);
}

static void
sc_session_manager_init (ScSessionManager *self)
{
  /* Replaced by the builder's; a bare g_object_new () still reads sane
   * values. */
  self->config = sc_server_config_new ();
  self->calls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) _sc_call_free);
  self->requests = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                          pending_request_free);
}

ScSessionManager *
_sc_session_manager_new (const ScServerConfig  *config,
                         ScTransactionManager  *transaction_manager,
                         ScCallHandler         *handler,
                         guint16                media_port_start,
                         guint16                media_port_end,
                         const char            *domain,
                         const char            *music_on_hold_file,
                         GError               **error)
{
  g_autoptr(ScSessionManager) self = NULL;
  g_autofree char *bind_host = NULL;
  guint16 bind_port = 0;
  const char *bound_host;
  ScSipStackParams params = { 0 };

  if (!sc_server_config_validate (config, error))
    return NULL;
  if (media_port_start == 0 || media_port_end < media_port_start + 1)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_CONFIG,
                   "Configuration error: invalid media port range %u-%u",
                   media_port_start, media_port_end);
      return NULL;
    }
  if (!_sc_parse_bind_address (sc_server_config_get_bind_address (config),
                               &bind_host, &bind_port, error))
    return NULL;

  if (transaction_manager != NULL &&
      _sc_transaction_manager_get_stack (transaction_manager) == NULL)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID_STATE,
                   "Invalid state: the transaction manager was not initialised; "
                   "create it with sc_transaction_manager_new()");
      return NULL;
    }

  self = g_object_new (SC_TYPE_SESSION_MANAGER, NULL);
  self->context = g_main_context_ref_thread_default ();
  sc_server_config_free (self->config);
  self->config = sc_server_config_copy (config);
  self->domain = g_strdup (domain);
  self->handler = handler ? g_object_ref (handler) : NULL;

  if (transaction_manager != NULL)
    self->transaction_manager = g_object_ref (transaction_manager);
  else
    {
      self->transaction_manager =
        sc_transaction_manager_new (sc_server_config_get_bind_address (config),
                                    sc_server_config_get_transport_protocol (config),
                                    error);
      if (self->transaction_manager == NULL)
        return NULL;
      self->owns_transaction_manager = TRUE;
    }
  self->stack = _sc_sip_stack_ref (_sc_transaction_manager_get_stack (self->transaction_manager));

  if (self->owns_transaction_manager)
    _sc_sip_overload_set_max_pending (_sc_sip_stack_get_overload (self->stack),
                                      sc_server_config_get_max_sessions (config));
  params.user_agent = sc_server_config_get_server_name (config);
  params.transaction_timeout = sc_server_config_get_transaction_timeout (config);
  params.tcp_idle_timeout = sc_server_config_get_tcp_idle_timeout (config);
  params.max_connections_per_peer = sc_server_config_get_max_connections_per_peer (config);
  if (!_sc_sip_stack_set_params (self->stack, &params))
    SC_DEBUG ("the shared SIP stack keeps the server name and timers of the "
              "manager that used it first");

  /* SDP carries the address sofia resolved for us (the host's own address
   * when bound to a wildcard); RTP sockets bind where SIP was asked to. */
  bound_host = _sc_sip_stack_get_bound_host (self->stack);
  self->media_host = g_strdup (bound_host ? bound_host : bind_host);
  self->ports = _sc_port_pool_new (bind_host, media_port_start, media_port_end);
  self->sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) _sc_audio_source_unref);

  if (sc_server_config_get_enable_media (config))
    {
      self->media = _sc_media_engine_new (self->context, media_event_cb, self, error);
      if (self->media == NULL)
        return NULL;
      if (music_on_hold_file != NULL)
        {
          self->music_on_hold = _sc_audio_source_new_file (music_on_hold_file, error);
          if (self->music_on_hold == NULL)
            return NULL;
        }
    }

  return g_steal_pointer (&self);
}

/* ------------------------------------------------------------------ */
/* Public API                                                           */

/**
 * sc_session_manager_start:
 * @self: a #ScSessionManager
 * @error: return location for a #GError
 *
 * Starts taking calls: incoming INVITEs are decided from now on, and
 * outgoing calls may be placed. The builder returns a started manager;
 * call this again after sc_session_manager_stop().
 *
 * Errors: %SC_ERROR_INVALID_STATE after sc_session_manager_shutdown_async(),
 * or for a manager not made by #ScSessionManagerBuilder.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
sc_session_manager_start (ScSessionManager  *self,
                          GError           **error)
{
  g_return_val_if_fail (SC_IS_SESSION_MANAGER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_built (self, error))
    return FALSE;
  if (self->shutting_down || _sc_sip_stack_is_shut_down (self->stack))
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID_STATE,
                   "Invalid state: the session manager was shut down");
      return FALSE;
    }
  if (self->running)
    return TRUE;

  _sc_transaction_manager_attach (self->transaction_manager, self, request_cb);
  self->running = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  SC_DEBUG ("session manager listening on %s",
           sc_session_manager_get_bound_address (self));
  return TRUE;
}

static void
terminate_all (ScSessionManager *self)
{
  g_autofree char **ids = (char **) g_hash_table_get_keys_as_array (self->calls, NULL);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autofree char *id = g_strdup (ids[i]);
      ScCall *call = g_hash_table_lookup (self->calls, id);

      if (call != NULL && !sc_call_state_is_final (_sc_call_get_state (call)))
        sc_session_manager_terminate_session (self, id, NULL);
    }
}

/**
 * sc_session_manager_stop:
 * @self: a #ScSessionManager
 * @error: return location for a #GError
 *
 * Terminates every session (BYE for answered calls, CANCEL for ringing
 * outgoing ones, 480 for incoming ones not answered yet) and stops taking
 * calls: new INVITEs get 503 until sc_session_manager_start().
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
sc_session_manager_stop (ScSessionManager  *self,
                         GError           **error)
{
  g_return_val_if_fail (SC_IS_SESSION_MANAGER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!self->running)
    return TRUE;

  terminate_all (self);
  self->running = FALSE;
  _sc_transaction_manager_detach (self->transaction_manager, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  return TRUE;
}

/**
 * sc_session_manager_is_running:
 * @self: a #ScSessionManager
 *
 * Whether the manager is started.
 *
 * Returns: %TRUE between start and stop
 *
 * Since: 0.1
 */
gboolean
sc_session_manager_is_running (ScSessionManager *self)
{
  g_return_val_if_fail (SC_IS_SESSION_MANAGER (self), FALSE);
  return self->running;
}

static ScCallSession *
send_invite (ScSessionManager  *self,
             ScCall            *call,
             const char        *sdp,
             GError           **error)
{
  if (!_sc_call_send_invite (call, self->stack, sdp,
                             sc_server_config_get_contact_uri (self->config), error))
    return NULL;
  return g_object_ref (call->session);
}

/**
 * sc_session_manager_create_outgoing_call:
 * @self: a #ScSessionManager
 * @from: the caller's SIP URI (From)
 * @to: the callee's SIP URI (To and Request-URI)
 * @sdp: (nullable): the SDP offer, or %NULL for a generated one (PCMU,
 *   PCMA and telephone-event on a port from the media range)
 * @error: return location for a #GError
 *
 * Sends an INVITE. The session starts %SC_CALL_STATE_INITIATING, goes to
 * %SC_CALL_STATE_RINGING on 18x, %SC_CALL_STATE_ACTIVE on 2xx and
 * %SC_CALL_STATE_FAILED on a final answer of 300 or more (its failure
 * reason says which; for 3xx it includes the Contact target).
 *
 * Errors: %SC_ERROR_INVALID_URI, %SC_ERROR_INVALID_STATE when not running,
 * %SC_ERROR_RESOURCE_LIMIT_EXCEEDED past the maximum of sessions or RTP
 * ports, %SC_ERROR_NETWORK when an RTP port cannot be bound, %SC_ERROR_SIP
 * when sofia-sip cannot create the dialog, %SC_ERROR_SDP_NEGOTIATION_FAILED
 * when @sdp is not an audio SDP we can use.
 *
 * Returns: (transfer full): the new session, or %NULL on error
 *
 * Since: 0.1
 */
ScCallSession *
sc_session_manager_create_outgoing_call (ScSessionManager  *self,
                                         const char        *from,
                                         const char        *to,
                                         const char        *sdp,
                                         GError           **error)
{
  g_autofree char *offer = NULL;
  ScCall *call;

  g_return_val_if_fail (SC_IS_SESSION_MANAGER (self), NULL);
  g_return_val_if_fail (from != NULL, NULL);
  g_return_val_if_fail (to != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_sip_uri ("from", from, error) ||
      !check_sip_uri ("to", to, error) ||
      !check_running (self, error) ||
      !check_capacity (self, error))
    return NULL;

  if (sdp != NULL)
    {
      /* An offer we could not carry audio with is the caller's mistake,
       * told now rather than after a round trip. */
      g_auto(ScSdpAudio) audio = { 0 };

      if (!_sc_sdp_parse_audio (sdp, &audio, error))
        return NULL;
    }

  call = add_call (self, SC_CALL_DIRECTION_OUTGOING, from, to);
  if (sdp != NULL)
    offer = g_strdup (sdp);
  else
    offer = _sc_call_make_offer (call, SC_SDP_SENDRECV, error);
  if (offer == NULL)
    {
      _sc_call_fail_now (call, SC_CALL_END_FAILED, "no RTP port");
      return NULL;
    }
  return send_invite (self, call, offer, error);
}

/**
 * sc_session_manager_prepare_outgoing_call:
 * @self: a #ScSessionManager
 * @from: the caller's SIP URI
 * @to: the callee's SIP URI
 * @error: return location for a #GError
 *
 * Allocates an RTP port and an SDP offer for a call, and sends nothing.
 * Send it with sc_session_manager_initiate_prepared_call(). The prepared
 * session counts against the maximum of sessions and is listed, in
 * %SC_CALL_STATE_INITIATING, until then.
 *
 * Errors: %SC_ERROR_INVALID_URI; %SC_ERROR_INVALID_STATE when not running;
 * %SC_ERROR_RESOURCE_LIMIT_EXCEEDED past the maximum of sessions or RTP
 * ports; %SC_ERROR_NETWORK when an RTP port cannot be bound.
 *
 * Returns: (transfer full): the prepared call, or %NULL on error
 *
 * Since: 0.1
 */
ScPreparedCall *
sc_session_manager_prepare_outgoing_call (ScSessionManager  *self,
                                          const char        *from,
                                          const char        *to,
                                          GError           **error)
{
  g_autofree char *offer = NULL;
  ScCall *call;

  g_return_val_if_fail (SC_IS_SESSION_MANAGER (self), NULL);
  g_return_val_if_fail (from != NULL, NULL);
  g_return_val_if_fail (to != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_sip_uri ("from", from, error) ||
      !check_sip_uri ("to", to, error) ||
      !check_running (self, error) ||
      !check_capacity (self, error))
    return NULL;

  call = add_call (self, SC_CALL_DIRECTION_OUTGOING, from, to);
  offer = _sc_call_make_offer (call, SC_SDP_SENDRECV, error);
  if (offer == NULL)
    {
      _sc_call_fail_now (call, SC_CALL_END_FAILED, "no RTP port");
      return NULL;
    }
  _sc_call_set_local_sdp (call, offer);
  return _sc_prepared_call_new (_sc_call_get_id (call),
                                from, to, offer, call->local_port);
}

/**
 * sc_session_manager_initiate_prepared_call:
 * @self: a #ScSessionManager
 * @prepared: a call from sc_session_manager_prepare_outgoing_call()
 * @error: return location for a #GError
 *
 * Sends the INVITE of a prepared call, with its SDP offer.
 *
 * Errors: %SC_ERROR_SESSION_NOT_FOUND when the prepared session is gone,
 * %SC_ERROR_INVALID_STATE when it was already initiated.
 *
 * Returns: (transfer full): the session, or %NULL on error
 *
 * Since: 0.1
 */
ScCallSession *
sc_session_manager_initiate_prepared_call (ScSessionManager      *self,
                                           const ScPreparedCall  *prepared,
                                           GError               **error)
{
  ScCall *call;

  g_return_val_if_fail (SC_IS_SESSION_MANAGER (self), NULL);
  g_return_val_if_fail (prepared != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  call = _sc_session_manager_lookup_call (self,
                                          sc_prepared_call_get_session_id (prepared),
                                          error);
  if (call == NULL || !check_running (self, error))
    return NULL;
  if (call->dialog != NULL ||
      sc_call_session_get_direction (call->session) != SC_CALL_DIRECTION_OUTGOING ||
      call->local_sdp == NULL)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID_STATE,
                   "Invalid state: session %s is not a prepared call",
                   sc_call_session_get_id (call->session));
      return NULL;
    }
  return send_invite (self, call, sc_prepared_call_get_sdp_offer (prepared), error);
}

/**
 * sc_session_manager_create_outgoing_session:
 * @self: a #ScSessionManager
 * @error: return location for a #GError
 *
 * Pre-allocates an idle session (for agent registration in a call
 * centre): it has an id, is %SC_CALL_STATE_INITIATING and has no dialog.
 * End it with sc_session_manager_terminate_session().
 *
 * Errors: %SC_ERROR_INVALID_STATE when not running;
 * %SC_ERROR_RESOURCE_LIMIT_EXCEEDED past the maximum of sessions.
 *
 * Returns: (transfer full): the session id, or %NULL on error
 *
 * Since: 0.1
 */
char *
sc_session_manager_create_outgoing_session (ScSessionManager  *self,
                                            GError           **error)
{
  ScCall *call;

  g_return_val_if_fail (SC_IS_SESSION_MANAGER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_running (self, error) || !check_capacity (self, error))
    return NULL;
  call = add_call (self, SC_CALL_DIRECTION_OUTGOING, NULL, NULL);
  return g_strdup (sc_call_session_get_id (call->session));
}

static ScCall *
lookup_deferred (ScSessionManager  *self,
                 const char        *session_id,
                 GError           **error)
{
  ScCall *call = _sc_session_manager_lookup_call (self, session_id, error);

  if (call == NULL)
    return NULL;
  if (!call->deferred || _sc_call_is_ending (call))
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID_STATE,
                   "Invalid state: session %s is not an incoming call "
                   "waiting for a decision (state %s)", session_id,
                   sc_call_state_to_string (_sc_call_get_state (call)));
      return NULL;
    }
  return call;
}

/**
 * sc_session_manager_accept_incoming_call:
 * @self: a #ScSessionManager
 * @session_id: a call that was deferred
 * @sdp: (nullable): the SDP answer to send, or %NULL for a generated one
 * @error: return location for a #GError
 *
 * Answers a deferred incoming call with 200 OK and the SDP. The session
 * becomes %SC_CALL_STATE_ACTIVE when the ACK arrives.
 *
 * Errors: %SC_ERROR_SESSION_NOT_FOUND, %SC_ERROR_INVALID_STATE when the
 * call is not waiting for a decision, %SC_ERROR_SDP_NEGOTIATION_FAILED
 * when @sdp is not an audio SDP we can use or no answer can be generated
 * for the offer.
 *
 * Returns: (transfer full): the session, or %NULL on error
 *
 * Since: 0.1
 */
ScCallSession *
sc_session_manager_accept_incoming_call (ScSessionManager  *self,
                                         const char        *session_id,
                                         const char        *sdp,
                                         GError           **error)
{
  ScCall *call;

  g_return_val_if_fail (SC_IS_SESSION_MANAGER (self), NULL);
  g_return_val_if_fail (session_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  call = lookup_deferred (self, session_id, error);
  if (call == NULL || !_sc_call_answer (call, sdp, error))
    return NULL;
  return g_object_ref (call->session);
}

/**
 * sc_session_manager_reject_incoming_call:
 * @self: a #ScSessionManager
 * @session_id: a call that was deferred
 * @status_code: the SIP status, 300-699, or 0 for 486 Busy Here
 * @reason: (nullable): the reason phrase, or %NULL for the standard one
 * @error: return location for a #GError
 *
 * Rejects a deferred incoming call. The session becomes
 * %SC_CALL_STATE_FAILED with "<code> <reason>" as failure reason.
 *
 * Errors: %SC_ERROR_SESSION_NOT_FOUND; %SC_ERROR_INVALID_STATE when the
 * call is not waiting for a decision; %SC_ERROR_PROTOCOL for a status
 * outside 300-699.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
sc_session_manager_reject_incoming_call (ScSessionManager  *self,
                                         const char        *session_id,
                                         guint              status_code,
                                         const char        *reason,
                                         GError           **error)
{
  ScCall *call;

  g_return_val_if_fail (SC_IS_SESSION_MANAGER (self), FALSE);
  g_return_val_if_fail (session_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (status_code == 0)
    status_code = 486;
  if (status_code < 300 || status_code > 699)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_PROTOCOL,
                   "Protocol error: %u is not a rejection status (300-699)",
                   status_code);
      return FALSE;
    }
  call = lookup_deferred (self, session_id, error);
  if (call == NULL)
    return FALSE;
  _sc_call_reject (call, status_code, reason && *reason ? reason : NULL);
  return TRUE;
}

/**
 * sc_session_manager_terminate_session:
 * @self: a #ScSessionManager
 * @session_id: the session
 * @error: return location for a #GError
 *
 * Ends a session: BYE for an answered call, CANCEL for an outgoing call
 * not answered yet, 480 Temporarily Unavailable for an incoming call not
 * answered yet. The session reaches %SC_CALL_STATE_TERMINATED (or
 * %SC_CALL_STATE_CANCELLED) when the SIP exchange is done.
 *
 * Errors: %SC_ERROR_SESSION_NOT_FOUND; %SC_ERROR_INVALID_STATE when the
 * session is already ending.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
sc_session_manager_terminate_session (ScSessionManager  *self,
                                      const char        *session_id,
                                      GError           **error)
{
  ScCall *call;

  g_return_val_if_fail (SC_IS_SESSION_MANAGER (self), FALSE);
  g_return_val_if_fail (session_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  call = _sc_session_manager_lookup_call (self, session_id, error);
  return call != NULL && _sc_call_terminate (call, "terminated by local", error);
}

/**
 * sc_session_manager_transfer_session:
 * @self: a #ScSessionManager
 * @session_id: an active session
 * @target_uri: where the peer should call (Refer-To)
 * @error: return location for a #GError
 *
 * Blind transfer: sends REFER with Refer-To: @target_uri. The session goes
 * to %SC_CALL_STATE_TRANSFERRING, and back to its previous state if the
 * peer refuses.
 *
 * Errors: %SC_ERROR_SESSION_NOT_FOUND, %SC_ERROR_INVALID_URI,
 * %SC_ERROR_INVALID_STATE unless the call is active or on hold.
 *
 * Returns: %TRUE when the REFER was sent
 *
 * Since: 0.1
 */
gboolean
sc_session_manager_transfer_session (ScSessionManager  *self,
                                     const char        *session_id,
                                     const char        *target_uri,
                                     GError           **error)
{
  ScCall *call;

  g_return_val_if_fail (SC_IS_SESSION_MANAGER (self), FALSE);
  g_return_val_if_fail (session_id != NULL, FALSE);
  g_return_val_if_fail (target_uri != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  call = _sc_session_manager_lookup_call (self, session_id, error);
  if (call == NULL ||
      !check_sip_uri ("transfer target", target_uri, error) ||
      !_sc_session_manager_check_state (call, "transfer", error,
                                        SC_CALL_STATE_ACTIVE,
                                        SC_CALL_STATE_ON_HOLD))
    return FALSE;

  _sc_call_transfer (call, target_uri);
  return TRUE;
}

gboolean
_sc_session_manager_set_call_source (ScSessionManager  *self,
                                     const char        *session_id,
                                     const char        *key,
                                     ScAudioSource     *(*make) (gconstpointer data,
                                                                 GError      **error),
                                     gconstpointer      data,
                                     GError           **error)
{
  ScAudioSource *source = NULL;
  ScCall *call = _sc_session_manager_lookup_call (self, session_id, error);

  if (call == NULL)
    return FALSE;
  if (_sc_call_is_ending (call))
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID_STATE,
                   "Invalid state: session %s is ending", session_id);
      return FALSE;
    }
  if (self->media == NULL)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_MEDIA,
                   "Media error: media is disabled on this manager");
      return FALSE;
    }

  if (key != NULL)
    {
      source = g_hash_table_lookup (self->sources, key);
      if (source == NULL)
        {
          source = make (data, error);
          if (source == NULL)
            return FALSE;
          g_hash_table_insert (self->sources, g_strdup (key), source);
        }
    }

  _sc_call_set_source (call, source);
  return TRUE;
}

/**
 * sc_session_manager_get_session:
 * @self: a #ScSessionManager
 * @session_id: the session id
 *
 * Looks up a live session. Sessions are forgotten once they reached a
 * final state (keep the object from a signal to look at it afterwards).
 *
 * Returns: (transfer full) (nullable): the session, or %NULL if unknown
 *
 * Since: 0.1
 */
ScCallSession *
sc_session_manager_get_session (ScSessionManager *self,
                                const char       *session_id)
{
  ScCall *call;

  g_return_val_if_fail (SC_IS_SESSION_MANAGER (self), NULL);
  g_return_val_if_fail (session_id != NULL, NULL);

  call = g_hash_table_lookup (self->calls, session_id);
  return call ? g_object_ref (call->session) : NULL;
}

/**
 * sc_session_manager_list_active_sessions:
 * @self: a #ScSessionManager
 *
 * The ids of every session that has not reached a final state.
 *
 * Returns: (transfer full): a %NULL-terminated array of session ids
 *
 * Since: 0.1
 */
GStrv
sc_session_manager_list_active_sessions (ScSessionManager *self)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  GHashTableIter iter;
  ScCall *call;

  g_return_val_if_fail (SC_IS_SESSION_MANAGER (self), NULL);

  builder = g_strv_builder_new ();
  g_hash_table_iter_init (&iter, self->calls);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &call))
    if (!sc_call_state_is_final (_sc_call_get_state (call)))
      g_strv_builder_add (builder, _sc_call_get_id (call));
  return g_strv_builder_end (builder);
}

/**
 * sc_session_manager_get_stats:
 * @self: a #ScSessionManager
 *
 * Counters of this manager's sessions since it was built.
 *
 * Returns: (transfer full): the statistics
 *
 * Since: 0.1
 */
ScSessionStats *
sc_session_manager_get_stats (ScSessionManager *self)
{
  ScSessionStats *stats;

  g_return_val_if_fail (SC_IS_SESSION_MANAGER (self), NULL);

  stats = _sc_session_stats_new ();
  stats->total_sessions = self->total_sessions;
  stats->active_sessions = self->n_live;
  stats->failed_sessions = self->failed_sessions;
  stats->average_duration_ms = self->ended_with_duration > 0
    ? self->total_duration_us / (gint64) self->ended_with_duration / 1000
    : -1;
  return stats;
}

/**
 * sc_session_manager_send_sip_response:
 * @self: a #ScSessionManager
 * @transaction_id: the id from #ScSessionManager::registration-request
 * @status_code: the SIP status, 200-699
 * @reason: (nullable): the reason phrase, or %NULL for the standard one
 * @headers: (nullable) (element-type utf8 utf8): extra headers, name to
 *   value (e.g. "Contact", "Expires")
 * @error: return location for a #GError
 *
 * Answers a pending non-INVITE request such as REGISTER.
 *
 * Errors: %SC_ERROR_SESSION_NOT_FOUND for an unknown or already answered
 * transaction; %SC_ERROR_PROTOCOL for a status outside 200-699 or a header
 * with a line break.
 *
 * Returns: %TRUE when the response was sent
 *
 * Since: 0.1
 */
gboolean
sc_session_manager_send_sip_response (ScSessionManager  *self,
                                      const char        *transaction_id,
                                      guint              status_code,
                                      const char        *reason,
                                      GHashTable        *headers,
                                      GError           **error)
{
  g_autoptr(GString) extra = NULL;
  PendingRequest *request;

  g_return_val_if_fail (SC_IS_SESSION_MANAGER (self), FALSE);
  g_return_val_if_fail (transaction_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  request = g_hash_table_lookup (self->requests, transaction_id);
  if (request == NULL)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_SESSION_NOT_FOUND,
                   "Transaction not found: %s", transaction_id);
      return FALSE;
    }
  if (status_code < 200 || status_code > 699)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_PROTOCOL,
                   "Protocol error: %u is not a final SIP status (200-699)",
                   status_code);
      return FALSE;
    }

  if (headers != NULL && g_hash_table_size (headers) > 0)
    {
      GHashTableIter iter;
      const char *name, *value;

      extra = g_string_new (NULL);
      g_hash_table_iter_init (&iter, headers);
      while (g_hash_table_iter_next (&iter, (gpointer *) &name, (gpointer *) &value))
        {
          if (strpbrk (name, "\r\n:") != NULL || (value && strpbrk (value, "\r\n")))
            {
              g_set_error (error, SC_ERROR, SC_ERROR_PROTOCOL,
                           "Protocol error: invalid header '%s'", name);
              return FALSE;
            }
          if (extra->len > 0)
            g_string_append (extra, "\r\n");
          g_string_append_printf (extra, "%s: %s", name, value ? value : "");
        }
    }

  pending_request_respond (request, status_code,
                           reason && *reason ? reason : NULL,
                           extra ? extra->str : NULL);
  return TRUE;
}

/**
 * sc_session_manager_get_request_header:
 * @self: a #ScSessionManager
 * @transaction_id: the id from #ScSessionManager::registration-request
 * @name: a header name, e.g. "Authorization" (compared without regard
 *   to case, as SIP header names are)
 * @error: return location for a #GError
 *
 * Reads a header of a pending request not answered yet, e.g. the
 * `Authorization` of a REGISTER, to check digest credentials before
 * answering with sc_session_manager_send_sip_response(). The value is the
 * header as on the wire, without its name; of a header that appears more
 * than once, one of the values.
 *
 * Headers read: From, To, Call-ID, CSeq, Via, Contact, Max-Forwards,
 * User-Agent, Content-Type, Allow, Supported, Subject, Expires,
 * Authorization, Proxy-Authorization, and every header sofia-sip does not
 * parse itself.
 *
 * Errors: %SC_ERROR_SESSION_NOT_FOUND for an unknown or already answered
 * transaction.
 *
 * Returns: (transfer full) (nullable): the header's value, or %NULL (with
 *   no error set) when the request has no such header
 *
 * Since: 0.1
 */
char *
sc_session_manager_get_request_header (ScSessionManager  *self,
                                       const char        *transaction_id,
                                       const char        *name,
                                       GError           **error)
{
  PendingRequest *request;
  GHashTableIter iter;
  const char *key, *value;

  g_return_val_if_fail (SC_IS_SESSION_MANAGER (self), NULL);
  g_return_val_if_fail (transaction_id != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  request = g_hash_table_lookup (self->requests, transaction_id);
  if (request == NULL)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_SESSION_NOT_FOUND,
                   "Transaction not found: %s", transaction_id);
      return NULL;
    }
  g_hash_table_iter_init (&iter, request->headers);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, (gpointer *) &value))
    if (g_ascii_strcasecmp (key, name) == 0)
      return g_strdup (value);
  return NULL;
}

/**
 * sc_session_manager_get_bound_address:
 * @self: a #ScSessionManager
 *
 * The SIP address the manager listens on, with the real port when port 0
 * was asked.
 *
 * Returns: (transfer none) (nullable): `"ip:port"`, or %NULL for a manager
 *   that was not built with #ScSessionManagerBuilder
 *
 * Since: 0.1
 */
const char *
sc_session_manager_get_bound_address (ScSessionManager *self)
{
  g_return_val_if_fail (SC_IS_SESSION_MANAGER (self), NULL);
  return self->stack ? _sc_sip_stack_get_bound_address (self->stack) : NULL;
}

/**
 * sc_session_manager_get_config:
 * @self: a #ScSessionManager
 *
 * The configuration the manager was built with.
 *
 * Returns: (transfer full): a copy of the configuration
 *
 * Since: 0.1
 */
ScServerConfig *
sc_session_manager_get_config (ScSessionManager *self)
{
  g_return_val_if_fail (SC_IS_SESSION_MANAGER (self), NULL);
  return sc_server_config_copy (self->config);
}

/**
 * sc_session_manager_set_incoming_call_notifier:
 * @self: a #ScSessionManager
 * @notifier: (nullable): the notifier, or %NULL to remove it
 *
 * Sets the object asked first about every incoming call, and told when
 * calls end (the plan's `NotificationSetter`).
 *
 * Since: 0.1
 */
void
sc_session_manager_set_incoming_call_notifier (ScSessionManager           *self,
                                               ScIncomingCallNotification *notifier)
{
  g_return_if_fail (SC_IS_SESSION_MANAGER (self));
  g_return_if_fail (notifier == NULL || SC_IS_INCOMING_CALL_NOTIFICATION (notifier));

  g_set_object (&self->notifier, notifier);
}

/**
 * sc_session_manager_wait_for_answer_async:
 * @self: a #ScSessionManager
 * @session_id: an outgoing or incoming session
 * @timeout_ms: how long to wait, 0 for no limit
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the call is answered or failed
 * @user_data: data for @callback
 *
 * Waits until the call is %SC_CALL_STATE_ACTIVE. Finish with
 * sc_session_manager_wait_for_answer_finish().
 *
 * Since: 0.1
 */
void
sc_session_manager_wait_for_answer_async (ScSessionManager    *self,
                                          const char          *session_id,
                                          guint                timeout_ms,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  ScCall *call;

  g_return_if_fail (SC_IS_SESSION_MANAGER (self));
  g_return_if_fail (session_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_session_manager_wait_for_answer_async);

  call = _sc_session_manager_lookup_call (self, session_id, &error);
  if (call == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (_sc_call_get_state (call) == SC_CALL_STATE_ACTIVE ||
      _sc_call_get_state (call) == SC_CALL_STATE_ON_HOLD)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  _sc_call_add_answer_waiter (call, g_steal_pointer (&task), timeout_ms, cancellable);
}

/**
 * sc_session_manager_wait_for_answer_finish:
 * @self: a #ScSessionManager
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Finishes sc_session_manager_wait_for_answer_async().
 *
 * Errors: %SC_ERROR_INVALID_STATE when the call failed or was cancelled
 * (the message says which), %SC_ERROR_TIMEOUT, %SC_ERROR_SESSION_NOT_FOUND,
 * %G_IO_ERROR_CANCELLED.
 *
 * Returns: %TRUE when the call was answered
 *
 * Since: 0.1
 */
gboolean
sc_session_manager_wait_for_answer_finish (ScSessionManager  *self,
                                           GAsyncResult      *result,
                                           GError           **error)
{
  g_return_val_if_fail (SC_IS_SESSION_MANAGER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
stack_shutdown_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ScSessionManager *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  self->stack_shutting_down = FALSE;
  if (!_sc_sip_stack_shutdown_finish (self->stack, result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Once every call of a shutting-down manager is over, take the stack
 * down too if it is ours. */
static void
maybe_finish_shutdown (ScSessionManager *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->shutdown_task == NULL || g_hash_table_size (self->calls) > 0)
    return;

  task = g_steal_pointer (&self->shutdown_task);
  g_hash_table_remove_all (self->requests);
  _sc_transaction_manager_detach (self->transaction_manager, self);

  if (self->owns_transaction_manager)
    {
      self->stack_shutting_down = TRUE;
      _sc_sip_stack_shutdown_async (self->stack, NULL, stack_shutdown_cb,
                                  g_steal_pointer (&task));
    }
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * sc_session_manager_shutdown_async:
 * @self: a #ScSessionManager
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the shutdown is complete
 * @user_data: data for @callback
 *
 * Terminates every call, waits until they are all over, then shuts the
 * SIP stack down (when the manager created its own) and waits for sofia
 * to finish. The manager cannot be started again afterwards. Shutting
 * down a manager that is already shut down completes at once.
 *
 * A shutdown cannot be cancelled halfway: @cancellable is accepted for
 * the usual async signature and is not used.
 *
 * Since: 0.1
 */
void
sc_session_manager_shutdown_async (ScSessionManager    *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SC_IS_SESSION_MANAGER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_session_manager_shutdown_async);

  if (self->stack == NULL)
    {
      g_autoptr(GError) error = NULL;

      check_built (self, &error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (self->shutting_down && self->shutdown_task == NULL && !self->stack_shutting_down)
    {
      /* Already shut down: nothing left to do. */
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (self->shutting_down)
    {
      g_task_return_new_error (task, SC_ERROR, SC_ERROR_INVALID_STATE,
                               "Invalid state: shutdown already in progress");
      return;
    }

  terminate_all (self);
  /* Idle sessions and requests have nothing to wait for. */
  if (self->running)
    {
      self->running = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }
  self->shutting_down = TRUE;
  self->shutdown_task = g_steal_pointer (&task);
  maybe_finish_shutdown (self);
}

/**
 * sc_session_manager_shutdown_finish:
 * @self: a #ScSessionManager
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Finishes sc_session_manager_shutdown_async().
 *
 * Errors: %SC_ERROR_INVALID_STATE when a shutdown was already in progress.
 *
 * Returns: %TRUE when the manager and its stack are shut down
 *
 * Since: 0.1
 */
gboolean
sc_session_manager_shutdown_finish (ScSessionManager  *self,
                                    GAsyncResult      *result,
                                    GError           **error)
{
  g_return_val_if_fail (SC_IS_SESSION_MANAGER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

ScMediaLeg *
_sc_session_manager_get_media_leg (ScSessionManager *self,
                                   const char       *session_id)
{
  ScCall *call = g_hash_table_lookup (self->calls, session_id);

  return call ? call->leg : NULL;
}

ScMediaEngine *
_sc_session_manager_get_media_engine (ScSessionManager *self)
{
  return self->media;
}

const char *
_sc_session_manager_get_audio_owner (ScSessionManager *self,
                                     const char       *session_id)
{
  ScCall *call = g_hash_table_lookup (self->calls, session_id);

  return call ? call->audio_owner : NULL;
}

void
_sc_session_manager_claim_audio (ScSessionManager *self,
                                 const char       *session_id,
                                 const char       *owner)
{
  ScCall *call = g_hash_table_lookup (self->calls, session_id);

  if (call == NULL)
    return;
  g_warn_if_fail (call->audio_owner == NULL);
  g_free (call->audio_owner);
  call->audio_owner = g_strdup (owner);
}

void
_sc_session_manager_release_audio (ScSessionManager *self,
                                   const char       *session_id)
{
  ScCall *call = g_hash_table_lookup (self->calls, session_id);

  if (call != NULL)
    g_clear_pointer (&call->audio_owner, g_free);
}
