/* sc-bridge-manager.c: bridges between calls
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sc-debug-private.h"

#include "sc-bridge-manager.h"

#include "sc-bridge-private.h"
#include "sc-call-session.h"
#include "sc-enum-types.h"
#include "sc-error.h"
#include "sc-event-receiver-private.h"
#include "sc-id-private.h"
#include "sc-marshal.h"
#include "sc-session-manager-private.h"
#include "media/sc-media-bridge.h"

/**
 * ScBridgeManager:
 *
 * The bridges between the calls of one #ScSessionManager (the Rust
 * plan's `BridgeManager`): a bridge connects the audio of its members,
 * which are answered calls.
 *
 * ## What each member hears
 *
 * - With two members, each hears the other: RTP is relayed as it arrives,
 *   without decoding when both calls use the same codec, transcoded
 *   between PCMU and PCMA when they do not. RFC 4733 DTMF passes through.
 * - With three or more, each hears the mix of all the others, never
 *   itself.
 * - A member whose call is on hold hears its own music on hold and no
 *   bridge audio; the others hear the music on hold configured with
 *   sc_session_manager_builder_with_music_on_hold_file(), or silence.
 * - A member that leaves, or whose bridge is destroyed, goes back to what
 *   its call plays on its own (silence, a tone, a file).
 *
 * Every phone hears one continuous RTP stream: the same SSRC, sequence
 * numbers without gaps and timestamps in real time, whichever bridge it
 * is in and however often it moves.
 *
 * ## Rules
 *
 * A session is in one bridge at most; only answered calls (active or on
 * hold) can join. A member whose call ends leaves its bridge ("session
 * terminated"), and a bridge left empty is destroyed when its
 * #ScBridgeConfig says `auto_stop_on_empty`. Destroying a bridge leaves
 * its calls up.
 *
 * ## Events
 *
 * Every change is a #ScBridgeManager::bridge-event, in the order things
 * happen: CREATED, SESSION_ADDED for each member, MEDIA_ESTABLISHED once
 * audio from every member reached the bridge, SESSION_REMOVED,
 * MEDIA_STOPPED, DESTROYED. Events are emitted after the change is made,
 * so a handler sees the new state and may change the bridges again; its
 * changes' events follow, in order.
 *
 * A bridge manager lives in the #GMainContext of its session manager.
 *
 * Since: 0.1
 */

#define REASON_MANUAL      "Manually removed from bridge"
#define REASON_TERMINATED  "session terminated"

enum {
  SIGNAL_BRIDGE_EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct _Bridge Bridge;

struct _Bridge
{
  ScBridgeManager *manager;      /* unowned */
  char            *id;
  ScBridgeConfig  *config;
  GPtrArray       *members;      /* session ids, in join order */
  GHashTable      *flowing;      /* session ids whose audio reaches the bridge */
  GHashTable      *muted;        /* session ids the others do not hear */
  gint64           created_at;
  gboolean         started;      /* audio connected */
  gboolean         established;  /* MEDIA_ESTABLISHED emitted, not stopped since */
  ScMediaBridge   *media;        /* NULL: not started, or media disabled */
  GSource         *timeout;      /* no audio every way for timeout_secs */
};

struct _ScBridgeManager
{
  GObject           parent_instance;

  ScSessionManager *sessions;
  GHashTable       *bridges;         /* id → Bridge */
  GHashTable       *session_bridge;  /* session id → Bridge */
  GQueue            pending;         /* ScBridgeEvent, to emit in order */
  gboolean          emitting;
};

G_DEFINE_FINAL_TYPE (ScBridgeManager, sc_bridge_manager, G_TYPE_OBJECT)

static void bridge_timeout_arm (Bridge *bridge);

/* ------------------------------------------------------------------ */
/* Events: queued while a change is made, emitted after it               */

static void
queue_event (ScBridgeManager   *self,
             Bridge            *bridge,
             ScBridgeEventType  type,
             const char        *session_id,
             const char        *reason)
{
  g_queue_push_tail (&self->pending,
                     sc_bridge_event_new (bridge->id, type, session_id, reason));
}

/* Handlers may change bridges again: their events join the queue and
 * are emitted by the outermost flush, so everyone sees them in order. */
static void
flush_events (ScBridgeManager *self)
{
  g_autoptr(ScBridgeManager) keep = NULL;
  ScBridgeEvent *event;

  if (self->emitting)
    return;
  keep = g_object_ref (self);
  self->emitting = TRUE;
  while ((event = g_queue_pop_head (&self->pending)) != NULL)
    {
      g_autoptr(ScBridgeEvent) owned = event;
      g_autoptr(GEnumClass) types = g_type_class_ref (SC_TYPE_BRIDGE_EVENT_TYPE);
      GEnumValue *value = g_enum_get_value (types, sc_bridge_event_get_event_type (event));

      g_signal_emit (self, signals[SIGNAL_BRIDGE_EVENT],
                     g_quark_from_static_string (value->value_nick), event);
    }
  self->emitting = FALSE;
}

/* ------------------------------------------------------------------ */
/* Bridges                                                              */

static Bridge *
lookup_bridge (ScBridgeManager  *self,
               const char       *bridge_id,
               GError          **error)
{
  Bridge *bridge = g_hash_table_lookup (self->bridges, bridge_id);

  if (bridge == NULL)
    g_set_error (error, SC_ERROR, SC_ERROR_BRIDGE_NOT_FOUND,
                 "Bridge not found: %s", bridge_id);
  return bridge;
}

static void
bridge_free (gpointer data)
{
  Bridge *bridge = data;

  if (bridge->timeout != NULL)
    {
      g_source_destroy (bridge->timeout);
      g_source_unref (bridge->timeout);
    }
  g_clear_pointer (&bridge->media, _sc_media_bridge_free);
  g_ptr_array_unref (bridge->members);
  g_hash_table_unref (bridge->flowing);
  g_hash_table_unref (bridge->muted);
  sc_bridge_config_free (bridge->config);
  g_free (bridge->id);
  g_free (bridge);
}

static gboolean
bridge_has_member (Bridge     *bridge,
                   const char *session_id)
{
  return g_ptr_array_find_with_equal_func (bridge->members, session_id, g_str_equal, NULL);
}

static ScMediaLeg *
member_leg (Bridge     *bridge,
            const char *session_id)
{
  return _sc_session_manager_get_media_leg (bridge->manager->sessions, session_id);
}

/* Audio flows in every direction when every member's reaches the bridge
 * (and there are at least two): report the change, either way. */
static void
bridge_update_established (Bridge *bridge)
{
  gboolean established = bridge->members->len >= 2;

  for (guint i = 0; established && i < bridge->members->len; i++)
    established = g_hash_table_contains (bridge->flowing, bridge->members->pdata[i]);

  if (established == bridge->established)
    return;
  bridge->established = established;
  queue_event (bridge->manager, bridge,
               established ? SC_BRIDGE_EVENT_TYPE_MEDIA_ESTABLISHED
                           : SC_BRIDGE_EVENT_TYPE_MEDIA_STOPPED,
               NULL, NULL);
  bridge_timeout_arm (bridge);
}

static void
media_event_cb (gpointer                 user_data,
                const ScMediaRouteEvent *event)
{
  Bridge *bridge = user_data;
  ScBridgeManager *self = bridge->manager;

  if (event->code == SC_MEDIA_BRIDGE_EVENT_RECORDING_FAILED)
    {
      /* The bridge goes on; the file ends where the failure was. */
      g_message ("%s: the recording failed and was stopped", bridge->id);
      return;
    }
  if (event->leg_id == NULL || !bridge_has_member (bridge, event->leg_id))
    return;
  switch ((ScMediaBridgeEventCode) event->code)
    {
    case SC_MEDIA_BRIDGE_EVENT_MEMBER_FLOWING:
      g_hash_table_add (bridge->flowing, g_strdup (event->leg_id));
      break;
    case SC_MEDIA_BRIDGE_EVENT_MEMBER_SILENT:
      g_hash_table_remove (bridge->flowing, event->leg_id);
      break;
    case SC_MEDIA_BRIDGE_EVENT_MEMBER_TALKING:
    case SC_MEDIA_BRIDGE_EVENT_MEMBER_QUIET:
    case SC_MEDIA_BRIDGE_EVENT_RECORDING_FAILED:
      return;
    }
  bridge_update_established (bridge);
  flush_events (self);
}

/* Puts a member's leg (if its call has one) into the bridge's audio. */
static void
bridge_connect_member (Bridge     *bridge,
                       const char *session_id)
{
  ScMediaLeg *leg = member_leg (bridge, session_id);
  g_autoptr(ScCallSession) session = NULL;

  if (bridge->media == NULL || leg == NULL)
    return;
  _sc_media_bridge_add_leg (bridge->media, leg);
  if (g_hash_table_contains (bridge->muted, session_id))
    _sc_media_bridge_set_contributes (bridge->media, leg, FALSE);
  session = sc_session_manager_get_session (bridge->manager->sessions, session_id);
  if (session != NULL && sc_call_session_get_state (session) == SC_CALL_STATE_ON_HOLD)
    _sc_media_bridge_set_held (bridge->media, leg, TRUE,
                               _sc_session_manager_get_music_on_hold (bridge->manager->sessions));
}

static void
bridge_start (Bridge *bridge)
{
  ScBridgeManager *self = bridge->manager;
  ScMediaEngine *engine = _sc_session_manager_get_media_engine (self->sessions);

  if (bridge->started)
    return;
  bridge->started = TRUE;
  if (engine == NULL)
    return;  /* signalling only: the bridge is membership, without audio */
  bridge->media = _sc_media_bridge_new (engine,
                                        _sc_session_manager_get_context (self->sessions),
                                        media_event_cb, bridge);
  for (guint i = 0; i < bridge->members->len; i++)
    bridge_connect_member (bridge, bridge->members->pdata[i]);
  bridge_timeout_arm (bridge);
}

static void bridge_destroy (Bridge *bridge, const char *reason);

static gboolean
bridge_timeout_cb (gpointer user_data)
{
  Bridge *bridge = user_data;
  ScBridgeManager *self = bridge->manager;

  SC_DEBUG ("%s: no audio every way for %u s: destroying it", bridge->id,
            sc_bridge_config_get_timeout_secs (bridge->config));
  g_clear_pointer (&bridge->timeout, g_source_unref);
  bridge_destroy (bridge, "timeout");
  flush_events (self);
  return G_SOURCE_REMOVE;
}

/* Counts timeout_secs while the audio does not flow every way, and only
 * where there is audio to flow. */
static void
bridge_timeout_arm (Bridge *bridge)
{
  guint secs = sc_bridge_config_get_timeout_secs (bridge->config);

  if (bridge->timeout != NULL)
    {
      g_source_destroy (bridge->timeout);
      g_clear_pointer (&bridge->timeout, g_source_unref);
    }
  if (secs == 0 || bridge->media == NULL || bridge->established)
    return;
  bridge->timeout = g_timeout_source_new_seconds (secs);
  g_source_set_callback (bridge->timeout, bridge_timeout_cb, bridge, NULL);
  g_source_attach (bridge->timeout,
                   _sc_session_manager_get_context (bridge->manager->sessions));
}

static void
bridge_add_member (Bridge     *bridge,
                   const char *session_id)
{
  g_autofree char *owner = g_strdup_printf ("bridge %s", bridge->id);

  g_ptr_array_add (bridge->members, g_strdup (session_id));
  g_hash_table_insert (bridge->manager->session_bridge,
                       bridge->members->pdata[bridge->members->len - 1], bridge);
  _sc_session_manager_claim_audio (bridge->manager->sessions, session_id, owner);
  queue_event (bridge->manager, bridge, SC_BRIDGE_EVENT_TYPE_SESSION_ADDED,
               session_id, NULL);
  if (bridge->started)
    bridge_connect_member (bridge, session_id);
  bridge_update_established (bridge);
}

/* Takes a member out: its audio goes back to its own source. Destroys
 * the bridge when it is left empty and its configuration says so. */
static void
bridge_remove_member (Bridge     *bridge,
                      const char *session_id,
                      const char *reason,
                      gboolean    may_auto_stop)
{
  ScBridgeManager *self = bridge->manager;
  ScMediaLeg *leg = member_leg (bridge, session_id);
  guint index;

  if (!g_ptr_array_find_with_equal_func (bridge->members, session_id, g_str_equal, &index))
    return;
  if (bridge->media != NULL && leg != NULL)
    _sc_media_bridge_remove_leg (bridge->media, leg);
  g_hash_table_remove (self->session_bridge, session_id);
  g_hash_table_remove (bridge->flowing, session_id);
  g_hash_table_remove (bridge->muted, session_id);
  _sc_session_manager_release_audio (self->sessions, session_id);
  queue_event (self, bridge, SC_BRIDGE_EVENT_TYPE_SESSION_REMOVED, session_id, reason);
  g_ptr_array_remove_index (bridge->members, index);
  bridge_update_established (bridge);

  if (may_auto_stop && bridge->members->len == 0 &&
      sc_bridge_config_get_auto_stop_on_empty (bridge->config))
    bridge_destroy (bridge, "empty");
}

static void
bridge_destroy (Bridge     *bridge,
                const char *reason)
{
  ScBridgeManager *self = bridge->manager;
  g_autofree char *id = g_strdup (bridge->id);

  while (bridge->members->len > 0)
    bridge_remove_member (bridge, bridge->members->pdata[0], REASON_MANUAL, FALSE);
  queue_event (self, bridge, SC_BRIDGE_EVENT_TYPE_DESTROYED, NULL, reason);
  SC_DEBUG ("%s: destroyed (%s)", id, reason);
  g_hash_table_remove (self->bridges, id);
}

/* Whether @session_id may join a bridge: a live, answered call in no
 * bridge yet. */
static gboolean
check_joinable (ScBridgeManager  *self,
                const char       *session_id,
                GError          **error)
{
  g_autoptr(ScCallSession) session = sc_session_manager_get_session (self->sessions, session_id);
  Bridge *current;
  const char *owner;
  ScCallState state;

  if (session == NULL)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_SESSION_NOT_FOUND,
                   "Session not found: %s", session_id);
      return FALSE;
    }
  state = sc_call_session_get_state (session);
  if (state != SC_CALL_STATE_ACTIVE && state != SC_CALL_STATE_ON_HOLD)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID_STATE,
                   "Invalid state: session %s cannot be bridged in state %s "
                   "(only answered calls can)", session_id,
                   sc_call_state_to_string (state));
      return FALSE;
    }
  current = g_hash_table_lookup (self->session_bridge, session_id);
  if (current != NULL)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID_STATE,
                   "Invalid state: session %s is already in bridge %s",
                   session_id, current->id);
      return FALSE;
    }
  owner = _sc_session_manager_get_audio_owner (self->sessions, session_id);
  if (owner != NULL)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID_STATE,
                   "Invalid state: session %s is already in %s", session_id, owner);
      return FALSE;
    }
  return TRUE;
}

/* Without mixing, two members is all a bridge can carry. */
static guint
config_capacity (const ScBridgeConfig *config)
{
  guint max = sc_bridge_config_get_max_sessions (config);

  return sc_bridge_config_get_enable_mixing (config) ? max : MIN (max, 2);
}

static gboolean
check_room (Bridge  *bridge,
            guint    joining,
            GError **error)
{
  guint max = config_capacity (bridge->config);

  if (bridge->members->len + joining <= max)
    return TRUE;
  g_set_error (error, SC_ERROR, SC_ERROR_BRIDGE_FULL,
               "Bridge full: %s holds %u sessions at most%s", bridge->id, max,
               sc_bridge_config_get_enable_mixing (bridge->config) ? "" : " (no mixing)");
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* What the calls do                                                    */

static void
call_ended_cb (ScSessionManager *sessions,
               ScCallSession    *session,
               const char       *reason,
               ScBridgeManager  *self)
{
  Bridge *bridge = g_hash_table_lookup (self->session_bridge,
                                        sc_call_session_get_id (session));

  if (bridge == NULL)
    return;
  bridge_remove_member (bridge, sc_call_session_get_id (session), REASON_TERMINATED, TRUE);
  flush_events (self);
}

static void
call_state_changed_cb (ScSessionManager *sessions,
                       const char       *session_id,
                       ScCallState       old_state,
                       ScCallState       new_state,
                       const char       *reason,
                       ScBridgeManager  *self)
{
  Bridge *bridge = g_hash_table_lookup (self->session_bridge, session_id);
  ScMediaLeg *leg;

  if (bridge == NULL || bridge->media == NULL ||
      (new_state != SC_CALL_STATE_ON_HOLD && old_state != SC_CALL_STATE_ON_HOLD))
    return;
  leg = member_leg (bridge, session_id);
  if (leg != NULL)
    _sc_media_bridge_set_held (bridge->media, leg, new_state == SC_CALL_STATE_ON_HOLD,
                               _sc_session_manager_get_music_on_hold (sessions));
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */

static void
sc_bridge_manager_dispose (GObject *object)
{
  ScBridgeManager *self = SC_BRIDGE_MANAGER (object);

  if (self->sessions != NULL)
    g_signal_handlers_disconnect_by_data (self->sessions, self);
  /* Members go back to their own audio; nobody is told any more. */
  g_clear_pointer (&self->session_bridge, g_hash_table_unref);
  g_clear_pointer (&self->bridges, g_hash_table_unref);
  g_queue_clear_full (&self->pending, (GDestroyNotify) sc_bridge_event_free);
  g_clear_object (&self->sessions);

  G_OBJECT_CLASS (sc_bridge_manager_parent_class)->dispose (object);
}

static void
sc_bridge_manager_class_init (ScBridgeManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_bridge_manager_dispose;

  /**
   * ScBridgeManager::bridge-event:
   * @self: the bridge manager
   * @event: what happened
   *
   * A bridge changed. The detail is the event type's nick, so a handler
   * can listen to one kind: `bridge-event::session-added`.
   *
   * Since: 0.1
   */
  signals[SIGNAL_BRIDGE_EVENT] =
    g_signal_new ("bridge-event", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, g_cclosure_marshal_VOID__BOXED,
                  G_TYPE_NONE, 1, SC_TYPE_BRIDGE_EVENT | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
sc_bridge_manager_init (ScBridgeManager *self)
{
  self->bridges = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, bridge_free);
  self->session_bridge = g_hash_table_new (g_str_hash, g_str_equal);
  g_queue_init (&self->pending);
}

/**
 * sc_bridge_manager_new:
 * @session_manager: the calls to bridge
 *
 * Creates a bridge manager for the calls of @session_manager. A
 * #ScServerSessionManager has one already
 * ([method@Sc.ServerSessionManager.get_bridge_manager]).
 *
 * Returns: (transfer full): a new #ScBridgeManager
 *
 * Since: 0.1
 */
ScBridgeManager *
sc_bridge_manager_new (ScSessionManager *session_manager)
{
  ScBridgeManager *self;

  g_return_val_if_fail (SC_IS_SESSION_MANAGER (session_manager), NULL);

  self = g_object_new (SC_TYPE_BRIDGE_MANAGER, NULL);
  self->sessions = g_object_ref (session_manager);
  g_signal_connect (session_manager, "call-ended", G_CALLBACK (call_ended_cb), self);
  g_signal_connect (session_manager, "call-state-changed",
                    G_CALLBACK (call_state_changed_cb), self);
  return self;
}

/* ------------------------------------------------------------------ */
/* Public API                                                           */

/**
 * sc_bridge_manager_get_session_manager:
 * @self: a #ScBridgeManager
 *
 * Gets the session manager whose calls are bridged.
 *
 * Returns: (transfer none): the session manager whose calls are bridged
 *
 * Since: 0.1
 */
ScSessionManager *
sc_bridge_manager_get_session_manager (ScBridgeManager *self)
{
  g_return_val_if_fail (SC_IS_BRIDGE_MANAGER (self), NULL);

  return self->sessions;
}

/**
 * sc_bridge_manager_create_bridge:
 * @self: a #ScBridgeManager
 * @sessions: (array zero-terminated=1) (nullable): the members, answered
 *   calls in no bridge; %NULL or empty for an empty bridge
 * @config: (nullable): how the bridge behaves, or %NULL for the defaults
 *   of sc_bridge_config_new()
 * @error: return location for a #GError
 *
 * Creates a bridge and connects the members' audio (unless
 * `auto_start` is off). Emits CREATED, then SESSION_ADDED for each member
 * in order. Either every session joins or none does.
 *
 * Errors: %SC_ERROR_CONFIG for a configuration that does not validate;
 * %SC_ERROR_SESSION_NOT_FOUND; %SC_ERROR_INVALID_STATE for a call not
 * answered yet or over, a session listed twice or already in a bridge;
 * %SC_ERROR_BRIDGE_FULL for more sessions than `max_sessions` (than 2
 * without mixing).
 *
 * Returns: (transfer full): the bridge id, `bridge_<uuid>`, or %NULL on
 *   error
 *
 * Since: 0.1
 */
char *
sc_bridge_manager_create_bridge (ScBridgeManager       *self,
                                 const char * const    *sessions,
                                 const ScBridgeConfig  *config,
                                 GError               **error)
{
  g_autoptr(ScBridgeConfig) defaults = NULL;
  guint n = sessions ? g_strv_length ((char **) sessions) : 0;
  Bridge *bridge;

  g_return_val_if_fail (SC_IS_BRIDGE_MANAGER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (config == NULL)
    config = defaults = sc_bridge_config_new ();
  if (!sc_bridge_config_validate (config, error))
    return NULL;
  for (guint i = 0; i < n; i++)
    {
      if (!check_joinable (self, sessions[i], error))
        return NULL;
      for (guint j = 0; j < i; j++)
        if (g_str_equal (sessions[i], sessions[j]))
          {
            g_set_error (error, SC_ERROR, SC_ERROR_INVALID_STATE,
                         "Invalid state: session %s is listed twice", sessions[i]);
            return NULL;
          }
    }

  bridge = g_new0 (Bridge, 1);
  bridge->manager = self;
  bridge->id = _sc_new_random_id ("bridge_");
  bridge->config = sc_bridge_config_copy (config);
  bridge->members = g_ptr_array_new_with_free_func (g_free);
  bridge->flowing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  bridge->muted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  bridge->created_at = g_get_real_time ();

  if (n > config_capacity (config))
    {
      g_set_error (error, SC_ERROR, SC_ERROR_BRIDGE_FULL,
                   "Bridge full: a bridge holds %u sessions at most, %u given",
                   config_capacity (config), n);
      bridge_free (bridge);
      return NULL;
    }

  g_hash_table_insert (self->bridges, bridge->id, bridge);
  SC_DEBUG ("%s: created with %u sessions", bridge->id, n);
  queue_event (self, bridge, SC_BRIDGE_EVENT_TYPE_CREATED, NULL, NULL);
  for (guint i = 0; i < n; i++)
    bridge_add_member (bridge, sessions[i]);
  if (sc_bridge_config_get_auto_start (config))
    bridge_start (bridge);

  {
    char *id = g_strdup (bridge->id);

    flush_events (self);
    return id;
  }
}

/**
 * sc_bridge_manager_add_to_bridge:
 * @self: a #ScBridgeManager
 * @bridge_id: the bridge
 * @session_id: an answered call in no bridge
 * @error: return location for a #GError
 *
 * Adds a member: from now on it hears the bridge and the bridge hears it.
 * Emits SESSION_ADDED.
 *
 * Errors: %SC_ERROR_BRIDGE_NOT_FOUND; %SC_ERROR_SESSION_NOT_FOUND;
 * %SC_ERROR_INVALID_STATE for a call not answered yet or over, or already
 * in a bridge; %SC_ERROR_BRIDGE_FULL.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
sc_bridge_manager_add_to_bridge (ScBridgeManager  *self,
                                 const char       *bridge_id,
                                 const char       *session_id,
                                 GError          **error)
{
  Bridge *bridge;

  g_return_val_if_fail (SC_IS_BRIDGE_MANAGER (self), FALSE);
  g_return_val_if_fail (bridge_id != NULL, FALSE);
  g_return_val_if_fail (session_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bridge = lookup_bridge (self, bridge_id, error);
  if (bridge == NULL || !check_joinable (self, session_id, error) ||
      !check_room (bridge, 1, error))
    return FALSE;
  bridge_add_member (bridge, session_id);
  flush_events (self);
  return TRUE;
}

/**
 * sc_bridge_manager_start_bridge:
 * @self: a #ScBridgeManager
 * @bridge_id: a bridge created with `auto_start` off
 * @error: return location for a #GError
 *
 * Connects the members' audio. Does nothing for a bridge already
 * started.
 *
 * Errors: %SC_ERROR_BRIDGE_NOT_FOUND.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
sc_bridge_manager_start_bridge (ScBridgeManager  *self,
                                const char       *bridge_id,
                                GError          **error)
{
  Bridge *bridge;

  g_return_val_if_fail (SC_IS_BRIDGE_MANAGER (self), FALSE);
  g_return_val_if_fail (bridge_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bridge = lookup_bridge (self, bridge_id, error);
  if (bridge == NULL)
    return FALSE;
  bridge_start (bridge);
  flush_events (self);
  return TRUE;
}

/**
 * sc_bridge_manager_remove_session_from_bridge:
 * @self: a #ScBridgeManager
 * @bridge_id: the bridge
 * @session_id: one of its members
 * @error: return location for a #GError
 *
 * Takes a member out of a bridge; its call stays up and goes back to
 * what it plays on its own. Emits SESSION_REMOVED ("Manually removed
 * from bridge"), MEDIA_STOPPED if audio flowed every way, and DESTROYED
 * if the bridge is left empty and `auto_stop_on_empty`.
 *
 * Errors: %SC_ERROR_BRIDGE_NOT_FOUND; %SC_ERROR_SESSION_NOT_FOUND for a
 * session the session manager does not know;
 * %SC_ERROR_SESSION_NOT_IN_BRIDGE.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
sc_bridge_manager_remove_session_from_bridge (ScBridgeManager  *self,
                                              const char       *bridge_id,
                                              const char       *session_id,
                                              GError          **error)
{
  Bridge *bridge;

  g_return_val_if_fail (SC_IS_BRIDGE_MANAGER (self), FALSE);
  g_return_val_if_fail (bridge_id != NULL, FALSE);
  g_return_val_if_fail (session_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bridge = lookup_bridge (self, bridge_id, error);
  if (bridge == NULL)
    return FALSE;
  if (!bridge_has_member (bridge, session_id))
    {
      g_autoptr(ScCallSession) session = sc_session_manager_get_session (self->sessions,
                                                                         session_id);

      if (session == NULL)
        g_set_error (error, SC_ERROR, SC_ERROR_SESSION_NOT_FOUND,
                     "Session not found: %s", session_id);
      else
        g_set_error (error, SC_ERROR, SC_ERROR_SESSION_NOT_IN_BRIDGE,
                     "Session not in bridge: %s is not a member of %s",
                     session_id, bridge_id);
      return FALSE;
    }
  bridge_remove_member (bridge, session_id, REASON_MANUAL, TRUE);
  flush_events (self);
  return TRUE;
}

/**
 * sc_bridge_manager_destroy_bridge:
 * @self: a #ScBridgeManager
 * @bridge_id: the bridge
 * @error: return location for a #GError
 *
 * Takes every member out (their calls stay up) and forgets the bridge:
 * SESSION_REMOVED for each member in the order they joined (with
 * MEDIA_STOPPED after the first, if audio flowed every way), then
 * DESTROYED ("destroyed"). Safe while audio flows.
 *
 * Errors: %SC_ERROR_BRIDGE_NOT_FOUND.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
sc_bridge_manager_destroy_bridge (ScBridgeManager  *self,
                                  const char       *bridge_id,
                                  GError          **error)
{
  Bridge *bridge;

  g_return_val_if_fail (SC_IS_BRIDGE_MANAGER (self), FALSE);
  g_return_val_if_fail (bridge_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bridge = lookup_bridge (self, bridge_id, error);
  if (bridge == NULL)
    return FALSE;
  bridge_destroy (bridge, "destroyed");
  flush_events (self);
  return TRUE;
}

/**
 * sc_bridge_manager_destroy_all:
 * @self: a #ScBridgeManager
 * @reason: (nullable): the reason of every DESTROYED event, e.g.
 *   "shutdown"; %NULL for "destroyed"
 *
 * Destroys every bridge, as sc_bridge_manager_destroy_bridge() does.
 *
 * Since: 0.1
 */
void
sc_bridge_manager_destroy_all (ScBridgeManager *self,
                               const char      *reason)
{
  g_autofree char **ids = NULL;

  g_return_if_fail (SC_IS_BRIDGE_MANAGER (self));

  ids = (char **) g_hash_table_get_keys_as_array (self->bridges, NULL);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autofree char *id = g_strdup (ids[i]);
      Bridge *bridge = g_hash_table_lookup (self->bridges, id);

      if (bridge != NULL)
        bridge_destroy (bridge, reason ? reason : "destroyed");
    }
  flush_events (self);
}

/* Oldest first; the id breaks ties. */
static gint
compare_created_at (gconstpointer a,
                    gconstpointer b)
{
  const ScBridgeInfo *x = *(ScBridgeInfo * const *) a;
  const ScBridgeInfo *y = *(ScBridgeInfo * const *) b;
  gint64 tx = sc_bridge_info_get_created_at (x);
  gint64 ty = sc_bridge_info_get_created_at (y);

  if (tx != ty)
    return tx < ty ? -1 : 1;
  return strcmp (sc_bridge_info_get_id (x), sc_bridge_info_get_id (y));
}

static ScBridgeInfo *
bridge_info (Bridge *bridge)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  for (guint i = 0; i < bridge->members->len; i++)
    g_ptr_array_add (ids, bridge->members->pdata[i]);
  g_ptr_array_add (ids, NULL);
  return _sc_bridge_info_new (bridge->id, sc_bridge_config_get_name (bridge->config),
                              (const char * const *) ids->pdata, bridge->created_at);
}

/**
 * sc_bridge_manager_get_bridge_info:
 * @self: a #ScBridgeManager
 * @bridge_id: the bridge
 * @error: return location for a #GError
 *
 * A snapshot of a bridge. As Rust's `Result<Option<BridgeInfo>>`: an
 * unknown bridge is %NULL without an error.
 *
 * Returns: (transfer full) (nullable): the bridge's information, or %NULL
 *
 * Since: 0.1
 */
ScBridgeInfo *
sc_bridge_manager_get_bridge_info (ScBridgeManager  *self,
                                   const char       *bridge_id,
                                   GError          **error)
{
  Bridge *bridge;

  g_return_val_if_fail (SC_IS_BRIDGE_MANAGER (self), NULL);
  g_return_val_if_fail (bridge_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bridge = g_hash_table_lookup (self->bridges, bridge_id);
  return bridge ? bridge_info (bridge) : NULL;
}

/**
 * sc_bridge_manager_list_bridges:
 * @self: a #ScBridgeManager
 *
 * Every bridge, whatever its size, oldest first.
 *
 * Returns: (transfer container) (element-type ScBridgeInfo): snapshots of
 *   the bridges; g_ptr_array_unref() frees them too (the array owns its
 *   elements, which is why the annotation says "container")
 *
 * Since: 0.1
 */
GPtrArray *
sc_bridge_manager_list_bridges (ScBridgeManager *self)
{
  GPtrArray *list;
  GHashTableIter iter;
  Bridge *bridge;

  g_return_val_if_fail (SC_IS_BRIDGE_MANAGER (self), NULL);

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_bridge_info_free);
  g_hash_table_iter_init (&iter, self->bridges);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &bridge))
    g_ptr_array_add (list, bridge_info (bridge));
  g_ptr_array_sort (list, compare_created_at);
  return list;
}

/**
 * sc_bridge_manager_get_session_bridge:
 * @self: a #ScBridgeManager
 * @session_id: a session
 * @error: return location for a #GError
 *
 * The bridge a session is in.
 *
 * Errors: %SC_ERROR_SESSION_NOT_FOUND for a session the session manager
 * does not know.
 *
 * Returns: (transfer full) (nullable): the bridge id, or %NULL (without
 *   error) when the session is in no bridge
 *
 * Since: 0.1
 */
char *
sc_bridge_manager_get_session_bridge (ScBridgeManager  *self,
                                      const char       *session_id,
                                      GError          **error)
{
  Bridge *bridge;

  g_return_val_if_fail (SC_IS_BRIDGE_MANAGER (self), NULL);
  g_return_val_if_fail (session_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bridge = g_hash_table_lookup (self->session_bridge, session_id);
  if (bridge != NULL)
    return g_strdup (bridge->id);
  {
    g_autoptr(ScCallSession) session = sc_session_manager_get_session (self->sessions,
                                                                       session_id);
    if (session == NULL)
      g_set_error (error, SC_ERROR, SC_ERROR_SESSION_NOT_FOUND,
                   "Session not found: %s", session_id);
  }
  return NULL;
}

static void
receiver_push_cb (ScBridgeManager *self,
                  ScBridgeEvent   *event,
                  ScEventReceiver *receiver)
{
  _sc_event_receiver_push (receiver, event);
}

/**
 * sc_bridge_manager_subscribe_to_bridge_events:
 * @self: a #ScBridgeManager
 *
 * A new pull-style subscription: the receiver queues a copy of every
 * bridge event from now on, until it is closed or dropped.
 *
 * Returns: (transfer full): a new #ScEventReceiver
 *
 * Since: 0.1
 */
ScEventReceiver *
sc_bridge_manager_subscribe_to_bridge_events (ScBridgeManager *self)
{
  ScEventReceiver *receiver;

  g_return_val_if_fail (SC_IS_BRIDGE_MANAGER (self), NULL);

  receiver = _sc_event_receiver_new ();
  /* Disconnected by itself when the receiver goes away. */
  g_signal_connect_object (self, "bridge-event", G_CALLBACK (receiver_push_cb),
                           receiver, 0);
  return receiver;
}

/**
 * sc_bridge_manager_start_recording:
 * @self: a #ScBridgeManager
 * @bridge_id: a started bridge
 * @path: (type filename): the file to write; WAV, or Ogg/Opus when it
 *   ends in ".ogg" or ".opus"
 * @error: return location for a #GError
 *
 * Records what the bridge carries — every member's audio, mixed, 8 kHz
 * mono — until sc_bridge_manager_stop_recording() or the bridge is
 * destroyed. While it records, even a two-member bridge is mixed rather
 * than relayed (20 to 40 ms more delay); the phones hear one continuous
 * stream throughout. The encoding runs in GStreamer's own thread, never
 * in the media thread.
 *
 * If the recording fails later (a full disk), it stops: the file ends
 * where the failure was, sc_bridge_manager_is_recording() turns %FALSE,
 * a message is logged, and the bridge goes on.
 *
 * Errors: %SC_ERROR_BRIDGE_NOT_FOUND; %SC_ERROR_INVALID_STATE when it is
 * recording already; %SC_ERROR_MEDIA when the bridge carries no audio
 * (not started, or media disabled) or the pipeline cannot start; a
 * %G_IO_ERROR when @path cannot be written. The bridge goes on either
 * way.
 *
 * Returns: %TRUE when the recording has started
 *
 * Since: 0.1
 */
gboolean
sc_bridge_manager_start_recording (ScBridgeManager  *self,
                                   const char       *bridge_id,
                                   const char       *path,
                                   GError          **error)
{
  Bridge *bridge;

  g_return_val_if_fail (SC_IS_BRIDGE_MANAGER (self), FALSE);
  g_return_val_if_fail (bridge_id != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bridge = lookup_bridge (self, bridge_id, error);
  if (bridge == NULL)
    return FALSE;
  if (bridge->media == NULL)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_MEDIA,
                   "Media error: bridge %s carries no audio to record "
                   "(not started, or media disabled)", bridge->id);
      return FALSE;
    }
  if (_sc_media_bridge_is_recording (bridge->media))
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID_STATE,
                   "Invalid state: bridge %s is recording already", bridge->id);
      return FALSE;
    }
  return _sc_media_bridge_start_recording (bridge->media, path, error);
}

/**
 * sc_bridge_manager_stop_recording:
 * @self: a #ScBridgeManager
 * @bridge_id: a bridge
 * @error: return location for a #GError
 *
 * Ends the recording: when this returns, the file is complete. A
 * two-member bridge goes back to relaying.
 *
 * Errors: %SC_ERROR_BRIDGE_NOT_FOUND; %SC_ERROR_INVALID_STATE when it is
 * not recording.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
sc_bridge_manager_stop_recording (ScBridgeManager  *self,
                                  const char       *bridge_id,
                                  GError          **error)
{
  Bridge *bridge;

  g_return_val_if_fail (SC_IS_BRIDGE_MANAGER (self), FALSE);
  g_return_val_if_fail (bridge_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bridge = lookup_bridge (self, bridge_id, error);
  if (bridge == NULL)
    return FALSE;
  if (bridge->media == NULL || !_sc_media_bridge_is_recording (bridge->media))
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID_STATE,
                   "Invalid state: bridge %s is not recording", bridge->id);
      return FALSE;
    }
  _sc_media_bridge_stop_recording (bridge->media);
  return TRUE;
}

/**
 * sc_bridge_manager_is_recording:
 * @self: a #ScBridgeManager
 * @bridge_id: a bridge
 *
 * Whether the bridge is being recorded (sc_bridge_manager_start_recording()).
 *
 * Returns: %TRUE while it records; %FALSE otherwise, and for an unknown
 *   bridge
 *
 * Since: 0.1
 */
gboolean
sc_bridge_manager_is_recording (ScBridgeManager *self,
                                const char      *bridge_id)
{
  Bridge *bridge;

  g_return_val_if_fail (SC_IS_BRIDGE_MANAGER (self), FALSE);
  g_return_val_if_fail (bridge_id != NULL, FALSE);

  bridge = g_hash_table_lookup (self->bridges, bridge_id);
  return bridge != NULL && bridge->media != NULL && _sc_media_bridge_is_recording (bridge->media);
}

/**
 * sc_bridge_manager_set_member_muted:
 * @self: a #ScBridgeManager
 * @bridge_id: a bridge
 * @session_id: one of its members
 * @muted: %TRUE: the other members no longer hear it
 * @error: return location for a #GError
 *
 * Mutes a member in the bridge: what its phone says reaches nobody, and
 * it still hears the others — a supervisor listening in on a
 * customer–agent call, for example. Unlike
 * sc_session_manager_set_audio_muted(), which silences what the server
 * sends to that phone, this silences what the others hear from it. A
 * muted member of a two-member bridge is mixed rather than relayed (20
 * to 40 ms more delay). The mute lasts while the session is a member.
 *
 * Errors: %SC_ERROR_BRIDGE_NOT_FOUND; %SC_ERROR_SESSION_NOT_IN_BRIDGE.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
sc_bridge_manager_set_member_muted (ScBridgeManager  *self,
                                    const char       *bridge_id,
                                    const char       *session_id,
                                    gboolean          muted,
                                    GError          **error)
{
  Bridge *bridge;
  ScMediaLeg *leg;

  g_return_val_if_fail (SC_IS_BRIDGE_MANAGER (self), FALSE);
  g_return_val_if_fail (bridge_id != NULL, FALSE);
  g_return_val_if_fail (session_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bridge = lookup_bridge (self, bridge_id, error);
  if (bridge == NULL)
    return FALSE;
  if (!bridge_has_member (bridge, session_id))
    {
      g_set_error (error, SC_ERROR, SC_ERROR_SESSION_NOT_IN_BRIDGE,
                   "Session not in bridge: %s is not a member of %s", session_id, bridge->id);
      return FALSE;
    }
  if (muted)
    g_hash_table_add (bridge->muted, g_strdup (session_id));
  else
    g_hash_table_remove (bridge->muted, session_id);
  leg = member_leg (bridge, session_id);
  if (bridge->media != NULL && leg != NULL)
    _sc_media_bridge_set_contributes (bridge->media, leg, !muted);
  return TRUE;
}
