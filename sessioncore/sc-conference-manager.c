/* sc-conference-manager.c: conferences between calls
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sc-debug-private.h"

#include "sc-conference-manager.h"

#include "sc-call-session.h"
#include "sc-caller-info.h"
#include "sc-conference-manager-private.h"
#include "sc-conference-private.h"
#include "sc-enum-types.h"
#include "sc-error.h"
#include "sc-id-private.h"
#include "sc-media-info.h"
#include "sc-session-manager-private.h"
#include "media/sc-media-bridge.h"

#include <string.h>

/**
 * ScConferenceManager:
 *
 * The conferences between the calls of one #ScSessionManager (the Rust
 * `ConferenceManager`). A conference is a room of answered calls in
 * which every participant hears the mix of all the others, never itself.
 *
 * ## Audio
 *
 * The mix is made by sessioncore's media thread, whatever the number of
 * conferences: each 20 ms the latest audio of every participant is
 * summed once, and each participant hears that sum minus its own part
 * (mix-minus at O(N) cost), clamped to 16 bits (a loud room saturates,
 * it never wraps round), in its own codec. A participant whose packets
 * are late or lost is silent for that interval; nobody else glitches.
 *
 * - %SC_PARTICIPANT_STATUS_MUTED: the others no longer hear it; it still
 *   hears them. sc_conference_manager_mute_all() mutes everyone.
 * - %SC_PARTICIPANT_STATUS_ON_HOLD (set by the application, or because
 *   its call was put on hold): it neither hears nor is heard.
 * - A participant that leaves, is kicked, or whose conference ends goes
 *   back to what its call plays on its own (silence, a tone, a file);
 *   its call stays up.
 *
 * Each #ScConferenceParticipant tells whether its audio reaches the mix
 * (#ScConferenceParticipant:audio-active) and whether it is talking
 * (#ScConferenceParticipant:talking, from the level of its audio, with
 * half a second of hangover). sc_conference_manager_start_recording()
 * writes the mix to a file.
 *
 * A manager made on a session manager without media keeps the
 * membership and the events; there is no audio to mix.
 *
 * ## Rules
 *
 * Only answered calls (active or on hold) join, one conference at a
 * time, and not while they are in a bridge (nor may a participant join a
 * bridge). A participant whose call ends leaves ("session terminated").
 * A locked conference (sc_conference_manager_lock_conference()) refuses
 * new participants.
 *
 * ## Events
 *
 * Every change of membership, status, state or audio is a
 * #ScConferenceManager::conference-event, emitted after the change is
 * made, in the order things happen. (A new configuration and the start
 * or end of a recording are properties of the #ScConference:
 * `notify::config`, `notify::recording`.) For example: create,
 * join s1, join s2, set s1 ACTIVE, s1 leaves, terminate give
 * CONFERENCE_CREATED, PARTICIPANT_JOINED, PARTICIPANT_JOINED,
 * PARTICIPANT_STATUS_CHANGED, PARTICIPANT_LEFT, CONFERENCE_TERMINATED.
 * With audio, PARTICIPANT_MEDIA_ESTABLISHED (then STATS_UPDATED) follows
 * a participant's first packet, and a JOINING participant then becomes
 * ACTIVE (PARTICIPANT_STATUS_CHANGED).
 *
 * A conference manager lives in the #GMainContext of its session
 * manager.
 *
 * Since: 0.1
 */

#define REASON_LEFT        "left"
#define REASON_KICKED      "kicked"
#define REASON_TERMINATED  "session terminated"
#define REASON_CONFERENCE  "conference terminated"   /* not announced */

enum {
  SIGNAL_CONFERENCE_EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  ScConferenceManager *manager;       /* unowned */
  ScConference        *room;          /* the public, live object */
  const char          *id;            /* the room's */
  ScMediaBridge       *media;         /* NULL: no media, or no mixing */
  GHashTable          *held_status;   /* session id → status before its call's hold */
  GSource             *timeout;       /* empty for timeout_secs */
} Conference;

struct _ScConferenceManager
{
  GObject           parent_instance;

  ScSessionManager *sessions;
  GHashTable       *conferences;        /* id → Conference */
  GHashTable       *session_conference; /* session id → Conference */
  GQueue            pending;            /* ScConferenceEvent, to emit in order */
  gboolean          emitting;
};

G_DEFINE_FINAL_TYPE (ScConferenceManager, sc_conference_manager, G_TYPE_OBJECT)

static void conference_timeout_arm (Conference *conference);

/* ------------------------------------------------------------------ */
/* Events: queued while a change is made, emitted after it               */

static ScConferenceEvent *
queue_event (Conference            *conference,
             ScConferenceEventType  type,
             const char            *session_id,
             const char            *reason)
{
  ScConferenceEvent *event = sc_conference_event_new (type, conference->id, session_id, reason);

  g_queue_push_tail (&conference->manager->pending, event);
  return event;
}

static void
queue_status_event (Conference          *conference,
                    const char          *session_id,
                    ScParticipantStatus  old_status,
                    ScParticipantStatus  new_status)
{
  ScConferenceEvent *event = queue_event (conference,
                                          SC_CONFERENCE_EVENT_TYPE_PARTICIPANT_STATUS_CHANGED,
                                          session_id, NULL);

  _sc_conference_event_set_statuses (event, old_status, new_status);
}

/* Handlers may change conferences again: their events join the queue and
 * are emitted by the outermost flush, so everyone sees them in order. */
static void
flush_events (ScConferenceManager *self)
{
  g_autoptr(ScConferenceManager) keep = NULL;
  g_autoptr(GEnumClass) types = NULL;
  ScConferenceEvent *event;

  if (self->emitting)
    return;
  keep = g_object_ref (self);
  types = g_type_class_ref (SC_TYPE_CONFERENCE_EVENT_TYPE);
  self->emitting = TRUE;
  while ((event = g_queue_pop_head (&self->pending)) != NULL)
    {
      g_autoptr(ScConferenceEvent) owned = event;
      GEnumValue *value = g_enum_get_value (types, sc_conference_event_get_event_type (event));

      g_signal_emit (self, signals[SIGNAL_CONFERENCE_EVENT],
                     g_quark_from_static_string (value->value_nick), event);
    }
  self->emitting = FALSE;
}

/* ------------------------------------------------------------------ */
/* Conferences and participants                                         */

static Conference *
lookup_conference (ScConferenceManager  *self,
                   const char           *conference_id,
                   GError              **error)
{
  Conference *conference = g_hash_table_lookup (self->conferences, conference_id);

  if (conference == NULL)
    g_set_error (error, SC_ERROR, SC_ERROR_CONFERENCE_NOT_FOUND,
                 "Conference not found: %s", conference_id);
  return conference;
}

static ScConferenceParticipant *
lookup_participant (Conference  *conference,
                    const char  *session_id,
                    GError     **error)
{
  ScConferenceParticipant *participant =
    _sc_conference_find_participant (conference->room, session_id);

  if (participant == NULL)
    g_set_error (error, SC_ERROR, SC_ERROR_SESSION_NOT_FOUND,
                 "Session not found: %s is not in conference %s",
                 session_id, conference->id);
  return participant;
}

static guint
n_participants (Conference *conference)
{
  return g_list_model_get_n_items (sc_conference_get_participants (conference->room));
}

static ScMediaLeg *
participant_leg (Conference *conference,
                 const char *session_id)
{
  return _sc_session_manager_get_media_leg (conference->manager->sessions, session_id);
}

static void
conference_free (gpointer data)
{
  Conference *conference = data;

  if (conference->timeout != NULL)
    {
      g_source_destroy (conference->timeout);
      g_source_unref (conference->timeout);
    }
  g_clear_pointer (&conference->media, _sc_media_bridge_free);
  g_hash_table_unref (conference->held_status);
  g_object_unref (conference->room);
  g_free (conference);
}

/* What a participant's status means for its audio in the mix. */
static void
apply_status (Conference              *conference,
              ScConferenceParticipant *participant)
{
  const char *session_id = sc_conference_participant_get_session_id (participant);
  ScParticipantStatus status = sc_conference_participant_get_status (participant);
  ScMediaLeg *leg = participant_leg (conference, session_id);

  if (conference->media == NULL || leg == NULL)
    return;
  _sc_media_bridge_set_held (conference->media, leg, status == SC_PARTICIPANT_STATUS_ON_HOLD, NULL);
  _sc_media_bridge_set_contributes (conference->media, leg, status != SC_PARTICIPANT_STATUS_MUTED);
}

static void
set_status (Conference              *conference,
            ScConferenceParticipant *participant,
            ScParticipantStatus      status)
{
  ScParticipantStatus old_status = sc_conference_participant_get_status (participant);

  if (old_status == status)
    return;
  _sc_conference_participant_set_status (participant, status);
  apply_status (conference, participant);
  queue_status_event (conference, sc_conference_participant_get_session_id (participant),
                      old_status, status);
}

static void
media_event_cb (gpointer                 user_data,
                const ScMediaRouteEvent *event)
{
  Conference *conference = user_data;
  ScConferenceManager *self = conference->manager;
  ScConferenceParticipant *participant;

  if (event->code == SC_MEDIA_BRIDGE_EVENT_RECORDING_FAILED)
    {
      _sc_conference_set_recording (conference->room, FALSE);
      queue_event (conference, SC_CONFERENCE_EVENT_TYPE_CONFERENCE_ERROR, NULL,
                   "recording failed");
      flush_events (self);
      return;
    }
  if (event->leg_id == NULL)
    return;
  participant = _sc_conference_find_participant (conference->room, event->leg_id);
  if (participant == NULL)
    return;

  switch ((ScMediaBridgeEventCode) event->code)
    {
    case SC_MEDIA_BRIDGE_EVENT_MEMBER_FLOWING:
      if (sc_conference_participant_get_audio_active (participant))
        break;
      _sc_conference_participant_set_audio_active (participant, TRUE);
      queue_event (conference, SC_CONFERENCE_EVENT_TYPE_PARTICIPANT_MEDIA_ESTABLISHED,
                   event->leg_id, NULL);
      queue_event (conference, SC_CONFERENCE_EVENT_TYPE_STATS_UPDATED, NULL, NULL);
      if (sc_conference_participant_get_status (participant) == SC_PARTICIPANT_STATUS_JOINING)
        set_status (conference, participant, SC_PARTICIPANT_STATUS_ACTIVE);
      break;
    case SC_MEDIA_BRIDGE_EVENT_MEMBER_SILENT:
      if (sc_conference_participant_get_talking (participant))
        {
          _sc_conference_participant_set_talking (participant, FALSE);
          queue_event (conference, SC_CONFERENCE_EVENT_TYPE_PARTICIPANT_TALKING_CHANGED,
                       event->leg_id, "quiet");
        }
      if (!sc_conference_participant_get_audio_active (participant))
        break;
      _sc_conference_participant_set_audio_active (participant, FALSE);
      queue_event (conference, SC_CONFERENCE_EVENT_TYPE_PARTICIPANT_MEDIA_TERMINATED,
                   event->leg_id, "no audio for 2 s");
      queue_event (conference, SC_CONFERENCE_EVENT_TYPE_STATS_UPDATED, NULL, NULL);
      break;
    case SC_MEDIA_BRIDGE_EVENT_MEMBER_TALKING:
    case SC_MEDIA_BRIDGE_EVENT_MEMBER_QUIET:
      {
        gboolean talking = event->code == SC_MEDIA_BRIDGE_EVENT_MEMBER_TALKING;

        if (sc_conference_participant_get_talking (participant) == talking)
          break;
        _sc_conference_participant_set_talking (participant, talking);
        queue_event (conference, SC_CONFERENCE_EVENT_TYPE_PARTICIPANT_TALKING_CHANGED,
                     event->leg_id, talking ? "talking" : "quiet");
      }
      break;
    case SC_MEDIA_BRIDGE_EVENT_RECORDING_FAILED:
      break;
    }
  flush_events (self);
}

/* Puts a participant's leg (if its call has one) into the mix. */
static void
connect_participant (Conference              *conference,
                     ScConferenceParticipant *participant)
{
  const char *session_id = sc_conference_participant_get_session_id (participant);
  ScMediaLeg *leg = participant_leg (conference, session_id);

  if (conference->media == NULL)
    return;
  if (leg == NULL)
    {
      /* Answered without audio (no audio stream agreed, or media off on
       * that call): a participant that can neither hear nor be heard. */
      queue_event (conference, SC_CONFERENCE_EVENT_TYPE_PARTICIPANT_ERROR, session_id,
                   "the call has no audio to mix");
      return;
    }
  _sc_media_bridge_add_leg (conference->media, leg);
  apply_status (conference, participant);
}

/* Takes a participant out: its audio goes back to its own source, its
 * call stays up. When the whole conference ends, CONFERENCE_TERMINATED
 * says it for everyone: @announce is FALSE then. */
static void
remove_participant (Conference              *conference,
                    ScConferenceParticipant *participant,
                    const char              *reason,
                    gboolean                 announce)
{
  ScConferenceManager *self = conference->manager;
  g_autoptr(ScConferenceParticipant) keep = NULL;
  g_autofree char *session_id = g_strdup (sc_conference_participant_get_session_id (participant));
  ScMediaLeg *leg = participant_leg (conference, session_id);
  gboolean had_audio = sc_conference_participant_get_audio_active (participant);

  /* The list holds the participant; it outlives its removal from it. */
  keep = g_object_ref (participant);
  if (conference->media != NULL && leg != NULL)
    _sc_media_bridge_remove_leg (conference->media, leg);
  g_hash_table_remove (self->session_conference, session_id);
  g_hash_table_remove (conference->held_status, session_id);
  _sc_session_manager_release_audio (self->sessions, session_id);

  _sc_conference_participant_set_status (participant, SC_PARTICIPANT_STATUS_LEAVING);
  _sc_conference_remove_participant (conference->room, participant);
  _sc_conference_participant_set_talking (participant, FALSE);
  _sc_conference_participant_set_audio_active (participant, FALSE);
  _sc_conference_participant_set_status (participant, SC_PARTICIPANT_STATUS_LEFT);

  SC_DEBUG ("%s: %s left (%s)", conference->id, session_id, reason);
  if (!announce)
    return;
  queue_event (conference, SC_CONFERENCE_EVENT_TYPE_PARTICIPANT_LEFT, session_id, reason);
  if (had_audio)
    {
      queue_event (conference, SC_CONFERENCE_EVENT_TYPE_PARTICIPANT_MEDIA_TERMINATED,
                   session_id, reason);
      queue_event (conference, SC_CONFERENCE_EVENT_TYPE_STATS_UPDATED, NULL, NULL);
    }
  conference_timeout_arm (conference);
}

static void
conference_terminate (Conference *conference,
                      const char *reason)
{
  ScConferenceManager *self = conference->manager;
  ScConferenceState old_state = sc_conference_get_state (conference->room);
  g_autofree char *id = g_strdup (conference->id);
  GListModel *participants = sc_conference_get_participants (conference->room);
  ScConferenceEvent *event;

  _sc_conference_set_state (conference->room, SC_CONFERENCE_STATE_TERMINATING);
  while (g_list_model_get_n_items (participants) > 0)
    {
      g_autoptr(ScConferenceParticipant) participant = g_list_model_get_item (participants, 0);

      remove_participant (conference, participant, REASON_CONFERENCE, FALSE);
    }
  if (conference->media != NULL && _sc_media_bridge_is_recording (conference->media))
    _sc_media_bridge_stop_recording (conference->media);
  _sc_conference_set_recording (conference->room, FALSE);
  g_clear_pointer (&conference->media, _sc_media_bridge_free);
  _sc_conference_set_state (conference->room, SC_CONFERENCE_STATE_TERMINATED);
  event = queue_event (conference, SC_CONFERENCE_EVENT_TYPE_CONFERENCE_TERMINATED, NULL, reason);
  _sc_conference_event_set_states (event, old_state, SC_CONFERENCE_STATE_TERMINATED);
  SC_DEBUG ("%s: terminated (%s)", id, reason);
  g_hash_table_remove (self->conferences, id);
}

static gboolean
conference_timeout_cb (gpointer user_data)
{
  Conference *conference = user_data;
  ScConferenceManager *self = conference->manager;

  g_clear_pointer (&conference->timeout, g_source_unref);
  conference_terminate (conference, "timeout");
  flush_events (self);
  return G_SOURCE_REMOVE;
}

/* Counts timeout_secs while the conference is empty. */
static void
conference_timeout_arm (Conference *conference)
{
  guint secs = sc_conference_config_get_timeout_secs (sc_conference_get_config (conference->room));

  if (conference->timeout != NULL)
    {
      g_source_destroy (conference->timeout);
      g_clear_pointer (&conference->timeout, g_source_unref);
    }
  if (secs == 0 || n_participants (conference) > 0)
    return;
  conference->timeout = g_timeout_source_new_seconds (secs);
  g_source_set_callback (conference->timeout, conference_timeout_cb, conference, NULL);
  g_source_attach (conference->timeout,
                   _sc_session_manager_get_context (conference->manager->sessions));
}

/* The mixer, when there is media and the configuration wants mixing. */
static void
conference_update_media (Conference *conference)
{
  ScConferenceManager *self = conference->manager;
  ScMediaEngine *engine = _sc_session_manager_get_media_engine (self->sessions);
  gboolean wanted = engine != NULL &&
    sc_conference_config_get_audio_mixing_enabled (sc_conference_get_config (conference->room));
  GListModel *participants = sc_conference_get_participants (conference->room);

  if (wanted == (conference->media != NULL))
    return;
  if (!wanted)
    {
      if (_sc_media_bridge_is_recording (conference->media))
        _sc_media_bridge_stop_recording (conference->media);
      _sc_conference_set_recording (conference->room, FALSE);
      g_clear_pointer (&conference->media, _sc_media_bridge_free);
      return;
    }
  conference->media = _sc_media_bridge_new (engine, _sc_session_manager_get_context (self->sessions),
                                            media_event_cb, conference);
  _sc_media_bridge_set_always_mix (conference->media, TRUE);
  for (guint i = 0; i < g_list_model_get_n_items (participants); i++)
    {
      g_autoptr(ScConferenceParticipant) participant = g_list_model_get_item (participants, i);

      connect_participant (conference, participant);
    }
}

static Conference *
conference_create (ScConferenceManager      *self,
                   const char               *id,
                   const ScConferenceConfig *config)
{
  Conference *conference = g_new0 (Conference, 1);
  ScConferenceEvent *event;

  conference->manager = self;
  conference->room = _sc_conference_new (id, config, g_get_real_time ());
  conference->id = sc_conference_get_id (conference->room);
  conference->held_status = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_insert (self->conferences, (gpointer) conference->id, conference);
  conference_update_media (conference);
  _sc_conference_set_state (conference->room, SC_CONFERENCE_STATE_ACTIVE);
  event = queue_event (conference, SC_CONFERENCE_EVENT_TYPE_CONFERENCE_CREATED, NULL, NULL);
  _sc_conference_event_set_states (event, SC_CONFERENCE_STATE_CREATING, SC_CONFERENCE_STATE_ACTIVE);
  conference_timeout_arm (conference);
  SC_DEBUG ("%s: created", conference->id);
  return conference;
}

/* A conference whose state lets @session_id in. */
static gboolean
check_open (Conference  *conference,
            GError     **error)
{
  ScConferenceState state = sc_conference_get_state (conference->room);

  if (state == SC_CONFERENCE_STATE_ACTIVE)
    return TRUE;
  g_set_error (error, SC_ERROR, SC_ERROR_INVALID_STATE,
               "Invalid state: conference %s is %s and takes no new participants",
               conference->id, sc_conference_state_to_string (state));
  return FALSE;
}

/* Whether @session_id may join: a live, answered call in no conference
 * or bridge. */
static gboolean
check_joinable (ScConferenceManager  *self,
                const char           *session_id,
                GError              **error)
{
  g_autoptr(ScCallSession) session = sc_session_manager_get_session (self->sessions, session_id);
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
                   "Invalid state: session %s cannot join a conference in state %s "
                   "(only answered calls can)", session_id, sc_call_state_to_string (state));
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

/* The remote party of a call: who joined. */
static ScConferenceParticipant *
participant_new (ScConferenceManager *self,
                 const char          *session_id)
{
  g_autoptr(ScCallSession) session = sc_session_manager_get_session (self->sessions, session_id);
  g_autoptr(ScMediaInfo) media = sc_session_manager_get_media_info (self->sessions, session_id, NULL);
  const char *remote = sc_call_session_get_direction (session) == SC_CALL_DIRECTION_INCOMING
                         ? sc_call_session_get_from (session)
                         : sc_call_session_get_to (session);
  g_autoptr(ScCallerInfo) caller = sc_caller_info_new (remote, remote);
  const char *display_name = sc_caller_info_get_display_name (caller);
  g_autofree char *user = sc_caller_info_from_username (caller);

  return _sc_conference_participant_new (session_id, remote,
                                         display_name ? display_name : user,
                                         media ? sc_media_info_get_local_rtp_port (media) : 0,
                                         g_get_real_time ());
}

/* ------------------------------------------------------------------ */
/* What the calls do                                                    */

static void
call_ended_cb (ScSessionManager    *sessions,
               ScCallSession       *session,
               const char          *reason,
               ScConferenceManager *self)
{
  const char *session_id = sc_call_session_get_id (session);
  Conference *conference = g_hash_table_lookup (self->session_conference, session_id);
  ScConferenceParticipant *participant;

  if (conference == NULL)
    return;
  participant = _sc_conference_find_participant (conference->room, session_id);
  if (participant != NULL)
    remove_participant (conference, participant, REASON_TERMINATED, TRUE);
  flush_events (self);
}

/* A call put on hold is set aside; back from hold, it gets its status
 * back. */
static void
call_state_changed_cb (ScSessionManager    *sessions,
                       const char          *session_id,
                       ScCallState          old_state,
                       ScCallState          new_state,
                       const char          *reason,
                       ScConferenceManager *self)
{
  Conference *conference = g_hash_table_lookup (self->session_conference, session_id);
  ScConferenceParticipant *participant;
  gpointer key, before;

  if (conference == NULL || new_state == old_state)
    return;
  participant = _sc_conference_find_participant (conference->room, session_id);
  if (participant == NULL)
    return;
  if (new_state == SC_CALL_STATE_ON_HOLD)
    {
      ScParticipantStatus status = sc_conference_participant_get_status (participant);

      if (status == SC_PARTICIPANT_STATUS_ON_HOLD)
        return;
      g_hash_table_insert (conference->held_status, g_strdup (session_id), GINT_TO_POINTER (status));
      set_status (conference, participant, SC_PARTICIPANT_STATUS_ON_HOLD);
    }
  else if (old_state == SC_CALL_STATE_ON_HOLD &&
           g_hash_table_steal_extended (conference->held_status, session_id, &key, &before))
    {
      g_free (key);
      set_status (conference, participant, GPOINTER_TO_INT (before));
    }
  flush_events (self);
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */

static void
sc_conference_manager_dispose (GObject *object)
{
  ScConferenceManager *self = SC_CONFERENCE_MANAGER (object);

  if (self->sessions != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->sessions, self);
      _sc_conference_manager_terminate_all (self, "manager disposed");
    }
  g_queue_clear_full (&self->pending, (GDestroyNotify) sc_conference_event_free);
  g_clear_object (&self->sessions);

  G_OBJECT_CLASS (sc_conference_manager_parent_class)->dispose (object);
}

static void
sc_conference_manager_finalize (GObject *object)
{
  ScConferenceManager *self = SC_CONFERENCE_MANAGER (object);

  g_hash_table_unref (self->session_conference);
  g_hash_table_unref (self->conferences);

  G_OBJECT_CLASS (sc_conference_manager_parent_class)->finalize (object);
}

static void
sc_conference_manager_class_init (ScConferenceManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_conference_manager_dispose;
  object_class->finalize = sc_conference_manager_finalize;

  /**
   * ScConferenceManager::conference-event:
   * @self: the conference manager
   * @event: what happened
   *
   * A conference changed. The detail is the nick of the event's type,
   * e.g. `conference-event::participant-joined`. Emitted after the
   * change is made, in the order things happen; a handler may change
   * conferences again, and the events of its changes follow.
   *
   * Since: 0.1
   */
  signals[SIGNAL_CONFERENCE_EVENT] =
    g_signal_new ("conference-event", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, g_cclosure_marshal_VOID__BOXED,
                  G_TYPE_NONE, 1, SC_TYPE_CONFERENCE_EVENT | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
sc_conference_manager_init (ScConferenceManager *self)
{
  self->conferences = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, conference_free);
  self->session_conference = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&self->pending);
}

/**
 * sc_conference_manager_new:
 * @session_manager: the calls that will join conferences
 *
 * Makes a conference manager for the calls of @session_manager. A server
 * has one already (sc_server_session_manager_get_conference_manager()).
 *
 * Returns: (transfer full): a new #ScConferenceManager
 *
 * Since: 0.1
 */
ScConferenceManager *
sc_conference_manager_new (ScSessionManager *session_manager)
{
  ScConferenceManager *self;

  g_return_val_if_fail (SC_IS_SESSION_MANAGER (session_manager), NULL);

  self = g_object_new (SC_TYPE_CONFERENCE_MANAGER, NULL);
  self->sessions = g_object_ref (session_manager);
  g_signal_connect (session_manager, "call-ended", G_CALLBACK (call_ended_cb), self);
  g_signal_connect (session_manager, "call-state-changed",
                    G_CALLBACK (call_state_changed_cb), self);
  return self;
}

void
_sc_conference_manager_terminate_all (ScConferenceManager *self,
                                      const char          *reason)
{
  g_autofree gpointer *ids = NULL;
  guint n;

  ids = g_hash_table_get_keys_as_array (self->conferences, &n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup (ids[i]);
      Conference *conference = g_hash_table_lookup (self->conferences, id);

      if (conference != NULL)
        conference_terminate (conference, reason);
    }
  flush_events (self);
}

/* ------------------------------------------------------------------ */
/* Public API                                                           */

/**
 * sc_conference_manager_get_session_manager:
 * @self: a #ScConferenceManager
 *
 * Gets the session manager whose calls join the conferences.
 *
 * Returns: (transfer none): the session manager
 *
 * Since: 0.1
 */
ScSessionManager *
sc_conference_manager_get_session_manager (ScConferenceManager *self)
{
  g_return_val_if_fail (SC_IS_CONFERENCE_MANAGER (self), NULL);

  return self->sessions;
}

static gboolean
create_checked (ScConferenceManager       *self,
                const char                *id,
                const ScConferenceConfig  *config,
                GError                   **error)
{
  g_autoptr(ScConferenceConfig) defaults = NULL;

  if (config == NULL)
    config = defaults = sc_conference_config_new ();
  if (!sc_conference_config_validate (config, error))
    return FALSE;
  if (g_hash_table_contains (self->conferences, id))
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID_STATE,
                   "Invalid state: conference %s already exists", id);
      return FALSE;
    }
  conference_create (self, id, config);
  flush_events (self);
  return TRUE;
}

/**
 * sc_conference_manager_create_conference:
 * @self: a #ScConferenceManager
 * @config: (nullable): how the conference behaves, or %NULL for the
 *   defaults of sc_conference_config_new()
 * @error: return location for a #GError
 *
 * Creates an empty, ACTIVE conference. Emits CONFERENCE_CREATED.
 *
 * Errors: %SC_ERROR_CONFIG for a configuration that does not validate.
 *
 * Returns: (transfer full): the conference id, `conf_<uuid>`, or %NULL
 *   on error
 *
 * Since: 0.1
 */
char *
sc_conference_manager_create_conference (ScConferenceManager       *self,
                                         const ScConferenceConfig  *config,
                                         GError                   **error)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (SC_IS_CONFERENCE_MANAGER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  id = _sc_new_random_id ("conf_");
  if (!create_checked (self, id, config, error))
    return NULL;
  return g_steal_pointer (&id);
}

/**
 * sc_conference_manager_create_named_conference:
 * @self: a #ScConferenceManager
 * @conference_id: the id the conference will have, e.g. "sales-daily"
 * @config: (nullable): how the conference behaves, or %NULL for the
 *   defaults of sc_conference_config_new()
 * @error: return location for a #GError
 *
 * Creates an empty, ACTIVE conference with the id the caller chose.
 * Emits CONFERENCE_CREATED.
 *
 * Errors: %SC_ERROR_INVALID_STATE when a conference with that id exists;
 * %SC_ERROR_CONFIG for an empty id or a configuration that does not
 * validate.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
sc_conference_manager_create_named_conference (ScConferenceManager       *self,
                                               const char                *conference_id,
                                               const ScConferenceConfig  *config,
                                               GError                   **error)
{
  g_return_val_if_fail (SC_IS_CONFERENCE_MANAGER (self), FALSE);
  g_return_val_if_fail (conference_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (*conference_id == '\0' || !g_utf8_validate (conference_id, -1, NULL))
    {
      g_set_error (error, SC_ERROR, SC_ERROR_CONFIG,
                   "Configuration error: a conference id must be non-empty UTF-8");
      return FALSE;
    }
  return create_checked (self, conference_id, config, error);
}

/**
 * sc_conference_manager_join_conference:
 * @self: a #ScConferenceManager
 * @conference_id: an ACTIVE conference
 * @session_id: an answered call in no conference and no bridge
 * @error: return location for a #GError
 *
 * Adds a participant, with status JOINING: from now on it hears the mix
 * and the others hear it. Emits PARTICIPANT_JOINED; once its audio
 * reaches the mix, PARTICIPANT_MEDIA_ESTABLISHED and (while it is still
 * JOINING) PARTICIPANT_STATUS_CHANGED to ACTIVE.
 *
 * Errors: %SC_ERROR_CONFERENCE_NOT_FOUND; %SC_ERROR_SESSION_NOT_FOUND;
 * %SC_ERROR_INVALID_STATE for a locked or terminating conference, a call
 * not answered yet or over, or a session already in a conference or a
 * bridge; %SC_ERROR_RESOURCE_LIMIT_EXCEEDED when the conference holds
 * `max_participants` already.
 *
 * Returns: (transfer full): the participant as it joined, or %NULL on
 *   error
 *
 * Since: 0.1
 */
ScParticipantInfo *
sc_conference_manager_join_conference (ScConferenceManager  *self,
                                       const char           *conference_id,
                                       const char           *session_id,
                                       GError              **error)
{
  g_autoptr(ScConferenceParticipant) participant = NULL;
  g_autoptr(ScCallSession) session = NULL;
  Conference *conference;
  guint max;

  g_return_val_if_fail (SC_IS_CONFERENCE_MANAGER (self), NULL);
  g_return_val_if_fail (conference_id != NULL, NULL);
  g_return_val_if_fail (session_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  conference = lookup_conference (self, conference_id, error);
  if (conference == NULL || !check_joinable (self, session_id, error) ||
      !check_open (conference, error))
    return NULL;
  max = sc_conference_config_get_max_participants (sc_conference_get_config (conference->room));
  if (n_participants (conference) >= max)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_RESOURCE_LIMIT_EXCEEDED,
                   "Resource limit exceeded: conference %s holds %u participants at most",
                   conference->id, max);
      return NULL;
    }

  {
    g_autofree char *owner = g_strdup_printf ("conference %s", conference->id);

    _sc_session_manager_claim_audio (self->sessions, session_id, owner);
  }
  participant = participant_new (self, session_id);
  g_hash_table_insert (self->session_conference, g_strdup (session_id), conference);
  _sc_conference_add_participant (conference->room, participant);
  queue_event (conference, SC_CONFERENCE_EVENT_TYPE_PARTICIPANT_JOINED, session_id, NULL);
  connect_participant (conference, participant);
  session = sc_session_manager_get_session (self->sessions, session_id);
  if (sc_call_session_get_state (session) == SC_CALL_STATE_ON_HOLD)
    {
      g_hash_table_insert (conference->held_status, g_strdup (session_id),
                           GINT_TO_POINTER (SC_PARTICIPANT_STATUS_JOINING));
      set_status (conference, participant, SC_PARTICIPANT_STATUS_ON_HOLD);
    }
  conference_timeout_arm (conference);
  SC_DEBUG ("%s: %s joined", conference->id, session_id);
  {
    ScParticipantInfo *info = sc_conference_participant_get_info (participant);

    flush_events (self);
    return info;
  }
}

static gboolean
remove_checked (ScConferenceManager  *self,
                const char           *conference_id,
                const char           *session_id,
                const char           *reason,
                GError              **error)
{
  Conference *conference = lookup_conference (self, conference_id, error);
  ScConferenceParticipant *participant;

  if (conference == NULL)
    return FALSE;
  participant = lookup_participant (conference, session_id, error);
  if (participant == NULL)
    return FALSE;
  remove_participant (conference, participant, reason, TRUE);
  flush_events (self);
  return TRUE;
}

/**
 * sc_conference_manager_leave_conference:
 * @self: a #ScConferenceManager
 * @conference_id: a conference
 * @session_id: one of its participants
 * @error: return location for a #GError
 *
 * Takes a participant out (reason "left"): its call stays up and goes
 * back to what it plays on its own. Emits PARTICIPANT_LEFT (then
 * PARTICIPANT_MEDIA_TERMINATED if its audio was flowing).
 *
 * Errors: %SC_ERROR_CONFERENCE_NOT_FOUND; %SC_ERROR_SESSION_NOT_FOUND
 * when the session is not a participant.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
sc_conference_manager_leave_conference (ScConferenceManager  *self,
                                        const char           *conference_id,
                                        const char           *session_id,
                                        GError              **error)
{
  g_return_val_if_fail (SC_IS_CONFERENCE_MANAGER (self), FALSE);
  g_return_val_if_fail (conference_id != NULL, FALSE);
  g_return_val_if_fail (session_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return remove_checked (self, conference_id, session_id, REASON_LEFT, error);
}

/**
 * sc_conference_manager_kick_participant:
 * @self: a #ScConferenceManager
 * @conference_id: a conference
 * @session_id: one of its participants
 * @reason: (nullable): why, for the PARTICIPANT_LEFT event ("kicked"
 *   when %NULL)
 * @error: return location for a #GError
 *
 * Removes a participant as the conference's doing: its audio leaves the
 * mix at once and it no longer hears it. Its call stays up (end it with
 * sc_session_manager_terminate_session() if that is what you want).
 *
 * Errors: as sc_conference_manager_leave_conference().
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
sc_conference_manager_kick_participant (ScConferenceManager  *self,
                                        const char           *conference_id,
                                        const char           *session_id,
                                        const char           *reason,
                                        GError              **error)
{
  g_return_val_if_fail (SC_IS_CONFERENCE_MANAGER (self), FALSE);
  g_return_val_if_fail (conference_id != NULL, FALSE);
  g_return_val_if_fail (session_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return remove_checked (self, conference_id, session_id, reason ? reason : REASON_KICKED, error);
}

/**
 * sc_conference_manager_list_participants:
 * @self: a #ScConferenceManager
 * @conference_id: a conference
 * @error: return location for a #GError
 *
 * Snapshots of the participants, in the order they joined. For a live
 * list, see sc_conference_get_participants().
 *
 * Errors: %SC_ERROR_CONFERENCE_NOT_FOUND.
 *
 * Returns: (transfer container) (element-type ScParticipantInfo): the
 *   participants, or %NULL on error; g_ptr_array_unref() frees them too
 *   (the array owns its elements, which is why the annotation says
 *   "container", as for sc_bridge_manager_list_bridges())
 *
 * Since: 0.1
 */
GPtrArray *
sc_conference_manager_list_participants (ScConferenceManager  *self,
                                         const char           *conference_id,
                                         GError              **error)
{
  Conference *conference;
  GListModel *participants;
  GPtrArray *list;

  g_return_val_if_fail (SC_IS_CONFERENCE_MANAGER (self), NULL);
  g_return_val_if_fail (conference_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  conference = lookup_conference (self, conference_id, error);
  if (conference == NULL)
    return NULL;
  participants = sc_conference_get_participants (conference->room);
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_participant_info_free);
  for (guint i = 0; i < g_list_model_get_n_items (participants); i++)
    {
      g_autoptr(ScConferenceParticipant) participant = g_list_model_get_item (participants, i);

      g_ptr_array_add (list, sc_conference_participant_get_info (participant));
    }
  return list;
}

/**
 * sc_conference_manager_get_conference_stats:
 * @self: a #ScConferenceManager
 * @conference_id: a conference
 * @error: return location for a #GError
 *
 * Counts the participants now: all of them, the ACTIVE ones, and those
 * whose audio reaches the mix.
 *
 * Errors: %SC_ERROR_CONFERENCE_NOT_FOUND.
 *
 * Returns: (transfer full): the statistics, or %NULL on error
 *
 * Since: 0.1
 */
ScConferenceStats *
sc_conference_manager_get_conference_stats (ScConferenceManager  *self,
                                            const char           *conference_id,
                                            GError              **error)
{
  Conference *conference;
  GListModel *participants;
  guint active = 0, audio = 0, n;
  gint64 created_at;

  g_return_val_if_fail (SC_IS_CONFERENCE_MANAGER (self), NULL);
  g_return_val_if_fail (conference_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  conference = lookup_conference (self, conference_id, error);
  if (conference == NULL)
    return NULL;
  participants = sc_conference_get_participants (conference->room);
  n = g_list_model_get_n_items (participants);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScConferenceParticipant) participant = g_list_model_get_item (participants, i);

      if (sc_conference_participant_get_status (participant) == SC_PARTICIPANT_STATUS_ACTIVE)
        active++;
      if (sc_conference_participant_get_audio_active (participant))
        audio++;
    }
  created_at = sc_conference_get_created_at (conference->room);
  return _sc_conference_stats_new (n, active, audio, (g_get_real_time () - created_at) / 1000,
                                   sc_conference_get_state (conference->room),
                                   sc_conference_config_get_audio_mixing_enabled (
                                     sc_conference_get_config (conference->room)),
                                   created_at);
}

static gint
compare_created_at (gconstpointer a,
                    gconstpointer b)
{
  Conference *ca = *(Conference **) a;
  Conference *cb = *(Conference **) b;
  gint64 ta = sc_conference_get_created_at (ca->room);
  gint64 tb = sc_conference_get_created_at (cb->room);

  return ta < tb ? -1 : ta > tb ? 1 : strcmp (ca->id, cb->id);
}

/**
 * sc_conference_manager_list_conferences:
 * @self: a #ScConferenceManager
 *
 * The ids of the conferences, oldest first.
 *
 * Returns: (transfer full) (array zero-terminated=1): the ids
 *
 * Since: 0.1
 */
char **
sc_conference_manager_list_conferences (ScConferenceManager *self)
{
  g_autoptr(GPtrArray) conferences = NULL;
  GStrvBuilder *builder;
  GHashTableIter iter;
  Conference *conference;
  char **ids;

  g_return_val_if_fail (SC_IS_CONFERENCE_MANAGER (self), NULL);

  conferences = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->conferences);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &conference))
    g_ptr_array_add (conferences, conference);
  g_ptr_array_sort (conferences, compare_created_at);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < conferences->len; i++)
    g_strv_builder_add (builder, ((Conference *) conferences->pdata[i])->id);
  ids = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return ids;
}

/**
 * sc_conference_manager_terminate_conference:
 * @self: a #ScConferenceManager
 * @conference_id: a conference
 * @error: return location for a #GError
 *
 * Ends a conference: every participant is taken out (their calls stay
 * up and go back to their own audio; their #ScConferenceParticipant
 * objects become LEFT), a recording is finished, and the conference is
 * gone. One event says all of it: CONFERENCE_TERMINATED (no
 * PARTICIPANT_LEFT for those still in). Its #ScConference stays
 * readable, TERMINATED and empty.
 *
 * Errors: %SC_ERROR_CONFERENCE_NOT_FOUND.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
sc_conference_manager_terminate_conference (ScConferenceManager  *self,
                                            const char           *conference_id,
                                            GError              **error)
{
  Conference *conference;

  g_return_val_if_fail (SC_IS_CONFERENCE_MANAGER (self), FALSE);
  g_return_val_if_fail (conference_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  conference = lookup_conference (self, conference_id, error);
  if (conference == NULL)
    return FALSE;
  conference_terminate (conference, "terminated");
  flush_events (self);
  return TRUE;
}

/**
 * sc_conference_manager_update_participant_status:
 * @self: a #ScConferenceManager
 * @conference_id: a conference
 * @session_id: one of its participants
 * @status: ACTIVE, MUTED or ON_HOLD
 * @error: return location for a #GError
 *
 * Changes what a participant hears and is heard: MUTED takes its audio
 * out of the mix (it still hears the others), ON_HOLD sets it aside (it
 * neither hears nor is heard), ACTIVE brings it back. Emits
 * PARTICIPANT_STATUS_CHANGED when the status changes; setting the status
 * it has already does nothing.
 *
 * Errors: %SC_ERROR_CONFERENCE_NOT_FOUND; %SC_ERROR_SESSION_NOT_FOUND;
 * %SC_ERROR_INVALID_TRANSITION for JOINING, LEAVING or LEFT (a
 * participant leaves with sc_conference_manager_leave_conference()).
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
sc_conference_manager_update_participant_status (ScConferenceManager  *self,
                                                 const char           *conference_id,
                                                 const char           *session_id,
                                                 ScParticipantStatus   status,
                                                 GError              **error)
{
  Conference *conference;
  ScConferenceParticipant *participant;

  g_return_val_if_fail (SC_IS_CONFERENCE_MANAGER (self), FALSE);
  g_return_val_if_fail (conference_id != NULL, FALSE);
  g_return_val_if_fail (session_id != NULL, FALSE);
  g_return_val_if_fail (status <= SC_PARTICIPANT_STATUS_LEFT, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  conference = lookup_conference (self, conference_id, error);
  if (conference == NULL)
    return FALSE;
  participant = lookup_participant (conference, session_id, error);
  if (participant == NULL)
    return FALSE;
  if (status != SC_PARTICIPANT_STATUS_ACTIVE && status != SC_PARTICIPANT_STATUS_MUTED &&
      status != SC_PARTICIPANT_STATUS_ON_HOLD)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID_TRANSITION,
                   "Invalid transition: participant %s cannot go from %s to %s "
                   "(only Active, Muted and OnHold can be set; leave_conference() ends it)",
                   session_id,
                   sc_participant_status_to_string (sc_conference_participant_get_status (participant)),
                   sc_participant_status_to_string (status));
      return FALSE;
    }
  /* The application's word replaces what the call's hold had saved. */
  g_hash_table_remove (conference->held_status, session_id);
  set_status (conference, participant, status);
  flush_events (self);
  return TRUE;
}

/* The s= line of @sdp replaced by the conference's name, followed by an
 * i= line with its id (RFC 4566: i= comes right after s=). */
static char *
sdp_for_conference (const char *sdp,
                    const char *name,
                    const char *conference_id)
{
  g_auto(GStrv) lines = g_strsplit (sdp, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      gsize len = strlen (line);

      if (len > 0 && line[len - 1] == '\r')
        line[--len] = '\0';
      if (len == 0 || g_str_has_prefix (line, "i="))
        continue;
      if (g_str_has_prefix (line, "s="))
        {
          g_string_append_printf (out, "s=%s\r\n", name);
          g_string_append_printf (out, "i=Conference %s\r\n", conference_id);
          continue;
        }
      g_string_append_printf (out, "%s\r\n", line);
    }
  return g_string_free (out, FALSE);
}

/**
 * sc_conference_manager_generate_conference_sdp:
 * @self: a #ScConferenceManager
 * @conference_id: a conference
 * @session_id: one of its participants
 * @error: return location for a #GError
 *
 * The SDP that describes @session_id's media in the conference: its
 * call's own address, RTP port and codecs (so it differs per
 * participant), with the session name (`s=`) of the conference and an
 * `i=` line naming its id. Useful to re-INVITE a participant
 * (sc_session_manager_update_media()) so that its phone shows the
 * conference's name.
 *
 * Errors: %SC_ERROR_CONFERENCE_NOT_FOUND; %SC_ERROR_SESSION_NOT_FOUND;
 * %SC_ERROR_MEDIA when the call has no SDP.
 *
 * Returns: (transfer full): the SDP, or %NULL on error
 *
 * Since: 0.1
 */
char *
sc_conference_manager_generate_conference_sdp (ScConferenceManager  *self,
                                               const char           *conference_id,
                                               const char           *session_id,
                                               GError              **error)
{
  g_autoptr(ScMediaInfo) media = NULL;
  g_autofree char *generated = NULL;
  const char *sdp = NULL;
  Conference *conference;

  g_return_val_if_fail (SC_IS_CONFERENCE_MANAGER (self), NULL);
  g_return_val_if_fail (conference_id != NULL, NULL);
  g_return_val_if_fail (session_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  conference = lookup_conference (self, conference_id, error);
  if (conference == NULL || lookup_participant (conference, session_id, error) == NULL)
    return NULL;
  media = sc_session_manager_get_media_info (self->sessions, session_id, NULL);
  if (media != NULL)
    sdp = sc_media_info_get_local_sdp (media);
  if (sdp == NULL)
    {
      generated = sc_session_manager_generate_sdp_offer (self->sessions, session_id, error);
      if (generated == NULL)
        return NULL;
      sdp = generated;
    }
  return sdp_for_conference (sdp,
                             sc_conference_config_get_name (sc_conference_get_config (conference->room)),
                             conference->id);
}

/**
 * sc_conference_manager_conference_exists:
 * @self: a #ScConferenceManager
 * @conference_id: a conference id
 *
 * Whether a conference with that id exists (terminated ones do not).
 *
 * Returns: %TRUE if it exists
 *
 * Since: 0.1
 */
gboolean
sc_conference_manager_conference_exists (ScConferenceManager *self,
                                         const char          *conference_id)
{
  g_return_val_if_fail (SC_IS_CONFERENCE_MANAGER (self), FALSE);
  g_return_val_if_fail (conference_id != NULL, FALSE);

  return g_hash_table_contains (self->conferences, conference_id);
}

/**
 * sc_conference_manager_get_conference_config:
 * @self: a #ScConferenceManager
 * @conference_id: a conference
 * @error: return location for a #GError
 *
 * Gets a copy of the configuration the conference runs with.
 *
 * Errors: %SC_ERROR_CONFERENCE_NOT_FOUND.
 *
 * Returns: (transfer full): the configuration, or %NULL on error
 *
 * Since: 0.1
 */
ScConferenceConfig *
sc_conference_manager_get_conference_config (ScConferenceManager  *self,
                                             const char           *conference_id,
                                             GError              **error)
{
  Conference *conference;

  g_return_val_if_fail (SC_IS_CONFERENCE_MANAGER (self), NULL);
  g_return_val_if_fail (conference_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  conference = lookup_conference (self, conference_id, error);
  if (conference == NULL)
    return NULL;
  return sc_conference_config_copy (sc_conference_get_config (conference->room));
}

/**
 * sc_conference_manager_update_conference_config:
 * @self: a #ScConferenceManager
 * @conference_id: a conference
 * @config: the new configuration
 * @error: return location for a #GError
 *
 * Changes a live conference's configuration: `max_participants` applies
 * to the next joins, `timeout_secs` restarts, and turning
 * `audio_mixing_enabled` off takes every participant out of the mix
 * (they stay participants; turning it on puts them back).
 *
 * Errors: %SC_ERROR_CONFERENCE_NOT_FOUND; %SC_ERROR_CONFIG for a
 * configuration that does not validate; %SC_ERROR_INVALID_STATE when
 * `max_participants` is below the number of participants now.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
sc_conference_manager_update_conference_config (ScConferenceManager       *self,
                                                const char                *conference_id,
                                                const ScConferenceConfig  *config,
                                                GError                   **error)
{
  Conference *conference;

  g_return_val_if_fail (SC_IS_CONFERENCE_MANAGER (self), FALSE);
  g_return_val_if_fail (conference_id != NULL, FALSE);
  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  conference = lookup_conference (self, conference_id, error);
  if (conference == NULL || !sc_conference_config_validate (config, error))
    return FALSE;
  if (sc_conference_config_get_max_participants (config) < n_participants (conference))
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID_STATE,
                   "Invalid state: conference %s has %u participants, more than "
                   "max_participants %u", conference->id, n_participants (conference),
                   sc_conference_config_get_max_participants (config));
      return FALSE;
    }
  _sc_conference_set_config (conference->room, config);
  conference_update_media (conference);
  conference_timeout_arm (conference);
  return TRUE;
}

static gboolean
set_all_statuses (ScConferenceManager  *self,
                  const char           *conference_id,
                  ScParticipantStatus   from,
                  ScParticipantStatus   to,
                  GError              **error)
{
  Conference *conference = lookup_conference (self, conference_id, error);
  GListModel *participants;

  if (conference == NULL)
    return FALSE;
  participants = sc_conference_get_participants (conference->room);
  for (guint i = 0; i < g_list_model_get_n_items (participants); i++)
    {
      g_autoptr(ScConferenceParticipant) participant = g_list_model_get_item (participants, i);
      ScParticipantStatus status = sc_conference_participant_get_status (participant);

      if (status == from || (from == SC_PARTICIPANT_STATUS_ACTIVE &&
                             status == SC_PARTICIPANT_STATUS_JOINING))
        set_status (conference, participant, to);
    }
  flush_events (self);
  return TRUE;
}

/**
 * sc_conference_manager_mute_all:
 * @self: a #ScConferenceManager
 * @conference_id: a conference
 * @error: return location for a #GError
 *
 * Mutes every ACTIVE (or JOINING) participant: nobody is heard any more,
 * everybody still hears the mix (of nobody, until someone is unmuted).
 * Participants on hold stay on hold. One PARTICIPANT_STATUS_CHANGED per
 * participant muted.
 *
 * Errors: %SC_ERROR_CONFERENCE_NOT_FOUND.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
sc_conference_manager_mute_all (ScConferenceManager  *self,
                                const char           *conference_id,
                                GError              **error)
{
  g_return_val_if_fail (SC_IS_CONFERENCE_MANAGER (self), FALSE);
  g_return_val_if_fail (conference_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return set_all_statuses (self, conference_id, SC_PARTICIPANT_STATUS_ACTIVE,
                           SC_PARTICIPANT_STATUS_MUTED, error);
}

/**
 * sc_conference_manager_unmute_all:
 * @self: a #ScConferenceManager
 * @conference_id: a conference
 * @error: return location for a #GError
 *
 * Makes every MUTED participant ACTIVE again. One
 * PARTICIPANT_STATUS_CHANGED per participant unmuted.
 *
 * Errors: %SC_ERROR_CONFERENCE_NOT_FOUND.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
sc_conference_manager_unmute_all (ScConferenceManager  *self,
                                  const char           *conference_id,
                                  GError              **error)
{
  g_return_val_if_fail (SC_IS_CONFERENCE_MANAGER (self), FALSE);
  g_return_val_if_fail (conference_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return set_all_statuses (self, conference_id, SC_PARTICIPANT_STATUS_MUTED,
                           SC_PARTICIPANT_STATUS_ACTIVE, error);
}

/**
 * sc_conference_manager_get_conference_count:
 * @self: a #ScConferenceManager
 *
 * Counts the conferences (terminated ones are gone).
 *
 * Returns: the number of conferences
 *
 * Since: 0.1
 */
guint
sc_conference_manager_get_conference_count (ScConferenceManager *self)
{
  g_return_val_if_fail (SC_IS_CONFERENCE_MANAGER (self), 0);

  return g_hash_table_size (self->conferences);
}

/**
 * sc_conference_manager_get_conference:
 * @self: a #ScConferenceManager
 * @conference_id: a conference id
 *
 * Gets the live conference (the Rust `ConferenceRoom`): its state and
 * its participants as a #GListModel that changes as they join and
 * leave.
 *
 * Returns: (transfer full) (nullable): the conference, or %NULL when
 *   there is none with that id
 *
 * Since: 0.1
 */
ScConference *
sc_conference_manager_get_conference (ScConferenceManager *self,
                                      const char          *conference_id)
{
  Conference *conference;

  g_return_val_if_fail (SC_IS_CONFERENCE_MANAGER (self), NULL);
  g_return_val_if_fail (conference_id != NULL, NULL);

  conference = g_hash_table_lookup (self->conferences, conference_id);
  return conference ? g_object_ref (conference->room) : NULL;
}

static gboolean
transition_is_valid (ScConferenceState from,
                     ScConferenceState to)
{
  switch (from)
    {
    case SC_CONFERENCE_STATE_CREATING:
      return to == SC_CONFERENCE_STATE_ACTIVE;
    case SC_CONFERENCE_STATE_ACTIVE:
      return to == SC_CONFERENCE_STATE_LOCKED || to == SC_CONFERENCE_STATE_TERMINATING;
    case SC_CONFERENCE_STATE_LOCKED:
      return to == SC_CONFERENCE_STATE_ACTIVE || to == SC_CONFERENCE_STATE_TERMINATING;
    case SC_CONFERENCE_STATE_TERMINATING:
      return to == SC_CONFERENCE_STATE_TERMINATED;
    case SC_CONFERENCE_STATE_TERMINATED:
    default:
      return FALSE;
    }
}

/**
 * sc_conference_manager_set_conference_state:
 * @self: a #ScConferenceManager
 * @conference_id: a conference
 * @state: the state to go to
 * @error: return location for a #GError
 *
 * Moves a conference along its states: ACTIVE ↔ LOCKED (a locked
 * conference refuses joins, its participants go on), ACTIVE or LOCKED →
 * TERMINATING (no joins; the participants go on until the conference is
 * terminated), TERMINATING → TERMINATED (as
 * sc_conference_manager_terminate_conference()). Emits
 * CONFERENCE_STATE_CHANGED (CONFERENCE_TERMINATED for the last step).
 *
 * Errors: %SC_ERROR_CONFERENCE_NOT_FOUND; %SC_ERROR_INVALID_TRANSITION
 * for any other move, staying in the same state included.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
sc_conference_manager_set_conference_state (ScConferenceManager  *self,
                                            const char           *conference_id,
                                            ScConferenceState     state,
                                            GError              **error)
{
  Conference *conference;
  ScConferenceState old_state;
  ScConferenceEvent *event;

  g_return_val_if_fail (SC_IS_CONFERENCE_MANAGER (self), FALSE);
  g_return_val_if_fail (conference_id != NULL, FALSE);
  g_return_val_if_fail (state <= SC_CONFERENCE_STATE_TERMINATED, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  conference = lookup_conference (self, conference_id, error);
  if (conference == NULL)
    return FALSE;
  old_state = sc_conference_get_state (conference->room);
  if (!transition_is_valid (old_state, state))
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID_TRANSITION,
                   "Invalid transition: conference %s cannot go from %s to %s",
                   conference->id, sc_conference_state_to_string (old_state),
                   sc_conference_state_to_string (state));
      return FALSE;
    }
  if (state == SC_CONFERENCE_STATE_TERMINATED)
    {
      conference_terminate (conference, "terminated");
      flush_events (self);
      return TRUE;
    }
  _sc_conference_set_state (conference->room, state);
  event = queue_event (conference, SC_CONFERENCE_EVENT_TYPE_CONFERENCE_STATE_CHANGED, NULL, NULL);
  _sc_conference_event_set_states (event, old_state, state);
  flush_events (self);
  return TRUE;
}

/**
 * sc_conference_manager_lock_conference:
 * @self: a #ScConferenceManager
 * @conference_id: an ACTIVE conference
 * @error: return location for a #GError
 *
 * Locks a conference: joins fail with %SC_ERROR_INVALID_STATE until it
 * is unlocked; its participants go on. Same as
 * sc_conference_manager_set_conference_state() to LOCKED.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
sc_conference_manager_lock_conference (ScConferenceManager  *self,
                                       const char           *conference_id,
                                       GError              **error)
{
  return sc_conference_manager_set_conference_state (self, conference_id,
                                                     SC_CONFERENCE_STATE_LOCKED, error);
}

/**
 * sc_conference_manager_unlock_conference:
 * @self: a #ScConferenceManager
 * @conference_id: a LOCKED conference
 * @error: return location for a #GError
 *
 * Opens a locked conference to joins again. Same as
 * sc_conference_manager_set_conference_state() to ACTIVE.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
sc_conference_manager_unlock_conference (ScConferenceManager  *self,
                                         const char           *conference_id,
                                         GError              **error)
{
  return sc_conference_manager_set_conference_state (self, conference_id,
                                                     SC_CONFERENCE_STATE_ACTIVE, error);
}

/**
 * sc_conference_manager_get_session_conference:
 * @self: a #ScConferenceManager
 * @session_id: a session
 * @error: return location for a #GError
 *
 * Which conference a session is in.
 *
 * Errors: %SC_ERROR_SESSION_NOT_FOUND for an unknown session.
 *
 * Returns: (transfer full) (nullable): the conference id, or %NULL
 *   (without error) when the session is in none
 *
 * Since: 0.1
 */
char *
sc_conference_manager_get_session_conference (ScConferenceManager  *self,
                                              const char           *session_id,
                                              GError              **error)
{
  Conference *conference;

  g_return_val_if_fail (SC_IS_CONFERENCE_MANAGER (self), NULL);
  g_return_val_if_fail (session_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  conference = g_hash_table_lookup (self->session_conference, session_id);
  if (conference != NULL)
    return g_strdup (conference->id);
  {
    g_autoptr(ScCallSession) session = sc_session_manager_get_session (self->sessions, session_id);

    if (session == NULL)
      g_set_error (error, SC_ERROR, SC_ERROR_SESSION_NOT_FOUND,
                   "Session not found: %s", session_id);
  }
  return NULL;
}

/**
 * sc_conference_manager_start_recording:
 * @self: a #ScConferenceManager
 * @conference_id: a conference
 * @path: (type filename): the file to write; WAV, or Ogg/Opus when it
 *   ends in ".ogg" or ".opus"
 * @error: return location for a #GError
 *
 * Records what the conference sounds like — every participant's audio
 * that is in the mix (muted ones are not), 8 kHz mono — until
 * sc_conference_manager_stop_recording() or the conference ends. The
 * encoding runs in GStreamer's own thread, never in the media thread.
 * If the recording fails later (a full disk), a CONFERENCE_ERROR event
 * says so and the conference goes on.
 *
 * Errors: %SC_ERROR_CONFERENCE_NOT_FOUND; %SC_ERROR_INVALID_STATE when
 * it is recording already; %SC_ERROR_MEDIA when the conference has no
 * audio (media or mixing disabled) or the pipeline cannot start; a
 * %G_IO_ERROR when @path cannot be written. The conference goes on
 * either way.
 *
 * Returns: %TRUE when the recording has started
 *
 * Since: 0.1
 */
gboolean
sc_conference_manager_start_recording (ScConferenceManager  *self,
                                       const char           *conference_id,
                                       const char           *path,
                                       GError              **error)
{
  Conference *conference;

  g_return_val_if_fail (SC_IS_CONFERENCE_MANAGER (self), FALSE);
  g_return_val_if_fail (conference_id != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  conference = lookup_conference (self, conference_id, error);
  if (conference == NULL)
    return FALSE;
  if (conference->media == NULL)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_MEDIA,
                   "Media error: conference %s has no audio to record "
                   "(media or audio mixing is disabled)", conference->id);
      return FALSE;
    }
  if (_sc_media_bridge_is_recording (conference->media))
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID_STATE,
                   "Invalid state: conference %s is recording already", conference->id);
      return FALSE;
    }
  if (!_sc_media_bridge_start_recording (conference->media, path, error))
    return FALSE;
  _sc_conference_set_recording (conference->room, TRUE);
  return TRUE;
}

/**
 * sc_conference_manager_stop_recording:
 * @self: a #ScConferenceManager
 * @conference_id: a conference
 * @error: return location for a #GError
 *
 * Ends the recording: when this returns, the file is complete.
 *
 * Errors: %SC_ERROR_CONFERENCE_NOT_FOUND; %SC_ERROR_INVALID_STATE when
 * it is not recording.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
sc_conference_manager_stop_recording (ScConferenceManager  *self,
                                      const char           *conference_id,
                                      GError              **error)
{
  Conference *conference;

  g_return_val_if_fail (SC_IS_CONFERENCE_MANAGER (self), FALSE);
  g_return_val_if_fail (conference_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  conference = lookup_conference (self, conference_id, error);
  if (conference == NULL)
    return FALSE;
  if (conference->media == NULL || !_sc_media_bridge_is_recording (conference->media))
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID_STATE,
                   "Invalid state: conference %s is not recording", conference->id);
      return FALSE;
    }
  _sc_media_bridge_stop_recording (conference->media);
  _sc_conference_set_recording (conference->room, FALSE);
  return TRUE;
}
