/* sc-conference.c: one live conference (the Rust ConferenceRoom)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sc-conference.h"

#include "sc-conference-private.h"
#include "sc-enum-types.h"

/**
 * ScConference:
 *
 * One conference (Rust session-core's `ConferenceRoom`): its id, its
 * configuration, its state, when it was created, whether it is being
 * recorded, and its participants as a #GListModel of
 * #ScConferenceParticipant, in the order they joined.
 *
 * A conference is created and owned by its `ScConferenceManager`, never by
 * the application, which gets it from
 * `sc_conference_manager_get_conference()`. It is a live object: while the
 * conference lives its #ScConference:state, #ScConference:config and
 * #ScConference:recording properties notify when their value changes, and
 * [method@Sc.Conference.get_participants] emits
 * #GListModel::items-changed as participants join and leave. All its
 * properties are read-only; the manager's methods change it.
 *
 * After the conference is terminated the object stays readable for as
 * long as the application holds a reference: its state is
 * %SC_CONFERENCE_STATE_TERMINATED and its list of participants is empty.
 *
 * Like everything in sessioncore it belongs to the #GMainContext of its
 * manager and notifies there.
 *
 * Since: 0.1
 */

enum {
  PROP_0,
  PROP_ID,
  PROP_CONFIG,
  PROP_STATE,
  PROP_PARTICIPANTS,
  PROP_CREATED_AT,
  PROP_RECORDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _ScConference
{
  GObject             parent_instance;

  char               *id;
  ScConferenceConfig *config;
  ScConferenceState   state;
  GListStore         *participants;  /* of ScConferenceParticipant */
  gint64              created_at;
  gboolean            recording;
};

G_DEFINE_FINAL_TYPE (ScConference, sc_conference, G_TYPE_OBJECT)

static gboolean
config_equal (const ScConferenceConfig *a,
              const ScConferenceConfig *b)
{
  return sc_conference_config_get_max_participants (a) ==
           sc_conference_config_get_max_participants (b) &&
         sc_conference_config_get_audio_mixing_enabled (a) ==
           sc_conference_config_get_audio_mixing_enabled (b) &&
         sc_conference_config_get_audio_sample_rate (a) ==
           sc_conference_config_get_audio_sample_rate (b) &&
         sc_conference_config_get_audio_channels (a) ==
           sc_conference_config_get_audio_channels (b) &&
         sc_conference_config_get_rtp_port_start (a) ==
           sc_conference_config_get_rtp_port_start (b) &&
         sc_conference_config_get_rtp_port_end (a) ==
           sc_conference_config_get_rtp_port_end (b) &&
         sc_conference_config_get_timeout_secs (a) ==
           sc_conference_config_get_timeout_secs (b) &&
         g_strcmp0 (sc_conference_config_get_name (a),
                    sc_conference_config_get_name (b)) == 0;
}

static void
sc_conference_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  ScConference *self = SC_CONFERENCE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_CONFIG:
      g_value_set_boxed (value, self->config);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_PARTICIPANTS:
      g_value_set_object (value, self->participants);
      break;
    case PROP_CREATED_AT:
      g_value_set_int64 (value, self->created_at);
      break;
    case PROP_RECORDING:
      g_value_set_boolean (value, self->recording);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_conference_dispose (GObject *object)
{
  ScConference *self = SC_CONFERENCE (object);

  g_clear_object (&self->participants);

  G_OBJECT_CLASS (sc_conference_parent_class)->dispose (object);
}

static void
sc_conference_finalize (GObject *object)
{
  ScConference *self = SC_CONFERENCE (object);

  g_free (self->id);
  g_clear_pointer (&self->config, sc_conference_config_free);

  G_OBJECT_CLASS (sc_conference_parent_class)->finalize (object);
}

static void
sc_conference_class_init (ScConferenceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sc_conference_get_property;
  object_class->dispose = sc_conference_dispose;
  object_class->finalize = sc_conference_finalize;

  /**
   * ScConference:id:
   *
   * The conference id: `conf_<uuid>`, or the name given to
   * `sc_conference_manager_create_named_conference()`.
   *
   * Since: 0.1
   */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * ScConference:config:
   *
   * A copy of the conference's configuration; it notifies when
   * `sc_conference_manager_update_conference_config()` changes it.
   *
   * Since: 0.1
   */
  properties[PROP_CONFIG] =
    g_param_spec_boxed ("config", NULL, NULL, SC_TYPE_CONFERENCE_CONFIG,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS);
  /**
   * ScConference:state:
   *
   * The conference's current state.
   *
   * Since: 0.1
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SC_TYPE_CONFERENCE_STATE,
                       SC_CONFERENCE_STATE_CREATING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);
  /**
   * ScConference:participants:
   *
   * The participants, a #GListModel of #ScConferenceParticipant in the
   * order they joined. It is the same object for the conference's whole
   * life and emits #GListModel::items-changed as participants join and
   * leave.
   *
   * Since: 0.1
   */
  properties[PROP_PARTICIPANTS] =
    g_param_spec_object ("participants", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * ScConference:created-at:
   *
   * When the conference was created, wall-clock microseconds since 1970
   * (as g_get_real_time()).
   *
   * Since: 0.1
   */
  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * ScConference:recording:
   *
   * Whether the conference's mix is being recorded.
   *
   * Since: 0.1
   */
  properties[PROP_RECORDING] =
    g_param_spec_boolean ("recording", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sc_conference_init (ScConference *self)
{
  self->state = SC_CONFERENCE_STATE_CREATING;
  self->participants = g_list_store_new (SC_TYPE_CONFERENCE_PARTICIPANT);
}

ScConference *
_sc_conference_new (const char               *id,
                    const ScConferenceConfig *config,
                    gint64                    created_at)
{
  ScConference *self = g_object_new (SC_TYPE_CONFERENCE, NULL);

  self->id = g_strdup (id);
  self->config = config != NULL ? sc_conference_config_copy (config)
                                : sc_conference_config_new ();
  self->created_at = created_at;
  return self;
}

void
_sc_conference_set_state (ScConference      *self,
                          ScConferenceState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
_sc_conference_set_config (ScConference             *self,
                           const ScConferenceConfig *config)
{
  g_return_if_fail (config != NULL);

  if (config_equal (self->config, config))
    return;
  sc_conference_config_free (self->config);
  self->config = sc_conference_config_copy (config);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFIG]);
}

void
_sc_conference_set_recording (ScConference *self,
                              gboolean      recording)
{
  recording = !!recording;
  if (self->recording == recording)
    return;
  self->recording = recording;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
}

void
_sc_conference_add_participant (ScConference            *self,
                                ScConferenceParticipant *participant)
{
  g_return_if_fail (SC_IS_CONFERENCE_PARTICIPANT (participant));

  g_list_store_append (self->participants, participant);
}

void
_sc_conference_remove_participant (ScConference            *self,
                                   ScConferenceParticipant *participant)
{
  guint position;

  g_return_if_fail (SC_IS_CONFERENCE_PARTICIPANT (participant));

  if (!g_list_store_find (self->participants, participant, &position))
    g_return_if_reached ();
  g_list_store_remove (self->participants, position);
}

/* Transfer none: the conference's list holds the reference. */
ScConferenceParticipant *
_sc_conference_find_participant (ScConference *self,
                                 const char   *session_id)
{
  GListModel *model = G_LIST_MODEL (self->participants);
  guint n = g_list_model_get_n_items (model);

  g_return_val_if_fail (session_id != NULL, NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (ScConferenceParticipant) p = g_list_model_get_item (model, i);

      if (g_strcmp0 (sc_conference_participant_get_session_id (p), session_id) == 0)
        return p;
    }
  return NULL;
}

/**
 * sc_conference_get_id:
 * @self: a #ScConference
 *
 * Gets the conference id.
 *
 * Returns: (transfer none): `conf_<uuid>`, or the name given to a named
 *   conference
 *
 * Since: 0.1
 */
const char *
sc_conference_get_id (ScConference *self)
{
  g_return_val_if_fail (SC_IS_CONFERENCE (self), NULL);
  return self->id;
}

/**
 * sc_conference_get_config:
 * @self: a #ScConference
 *
 * Gets the conference's configuration. Copy it to change it and hand it
 * to `sc_conference_manager_update_conference_config()`.
 *
 * Returns: (transfer none): the conference's configuration, valid until
 *   it changes (see #ScConference:config)
 *
 * Since: 0.1
 */
const ScConferenceConfig *
sc_conference_get_config (ScConference *self)
{
  g_return_val_if_fail (SC_IS_CONFERENCE (self), NULL);
  return self->config;
}

/**
 * sc_conference_get_state:
 * @self: a #ScConference
 *
 * Gets the conference's current state.
 *
 * Returns: the #ScConferenceState
 *
 * Since: 0.1
 */
ScConferenceState
sc_conference_get_state (ScConference *self)
{
  g_return_val_if_fail (SC_IS_CONFERENCE (self), SC_CONFERENCE_STATE_TERMINATED);
  return self->state;
}

/**
 * sc_conference_get_participants:
 * @self: a #ScConference
 *
 * Gets the participants, in the order they joined. The list is live: it
 * emits #GListModel::items-changed as participants join and leave, and is
 * empty once the conference is terminated.
 *
 * Returns: (transfer none): a #GListModel of #ScConferenceParticipant
 *
 * Since: 0.1
 */
GListModel *
sc_conference_get_participants (ScConference *self)
{
  g_return_val_if_fail (SC_IS_CONFERENCE (self), NULL);
  return G_LIST_MODEL (self->participants);
}

/**
 * sc_conference_get_created_at:
 * @self: a #ScConference
 *
 * Gets when the conference was created.
 *
 * Returns: wall-clock microseconds since 1970
 *
 * Since: 0.1
 */
gint64
sc_conference_get_created_at (ScConference *self)
{
  g_return_val_if_fail (SC_IS_CONFERENCE (self), 0);
  return self->created_at;
}

/**
 * sc_conference_get_recording:
 * @self: a #ScConference
 *
 * Gets whether the conference's mix is being recorded.
 *
 * Returns: %TRUE while the mix is recorded
 *
 * Since: 0.1
 */
gboolean
sc_conference_get_recording (ScConference *self)
{
  g_return_val_if_fail (SC_IS_CONFERENCE (self), FALSE);
  return self->recording;
}

/**
 * sc_conference_get_participant:
 * @self: a #ScConference
 * @session_id: a session id
 *
 * Finds the participant of a session, e.g. to toggle its mute from a
 * DTMF handler.
 *
 * Returns: (transfer full) (nullable): the participant, or %NULL when
 *   @session_id is not in this conference
 *
 * Since: 0.1
 */
ScConferenceParticipant *
sc_conference_get_participant (ScConference *self,
                               const char   *session_id)
{
  ScConferenceParticipant *participant;

  g_return_val_if_fail (SC_IS_CONFERENCE (self), NULL);
  g_return_val_if_fail (session_id != NULL, NULL);

  participant = _sc_conference_find_participant (self, session_id);
  return participant ? g_object_ref (participant) : NULL;
}
