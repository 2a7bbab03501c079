/* sc-conference-participant.c: one live participant of a conference
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sc-conference-participant.h"

#include "sc-conference-private.h"
#include "sc-enum-types.h"

/**
 * ScConferenceParticipant:
 *
 * One participant of a conference (Rust session-core's
 * `ConferenceParticipant`): a call session that joined it.
 *
 * Participants are created by the conference manager, never by the
 * application, and are the items of [method@Sc.Conference.get_participants].
 * A participant is a live object: while it is in the conference its
 * #ScConferenceParticipant:status, #ScConferenceParticipant:audio-active
 * and #ScConferenceParticipant:talking properties change and notify
 * (only when their value changes). When it leaves (or its conference
 * ends) it becomes %SC_PARTICIPANT_STATUS_LEFT, not talking and not
 * audio-active, and stays so. All its properties are read-only;
 * [method@Sc.ConferenceParticipant.get_info] takes a snapshot.
 *
 * Like everything in sessioncore it belongs to the #GMainContext of its
 * manager and notifies there.
 *
 * Since: 0.1
 */

enum {
  PROP_0,
  PROP_SESSION_ID,
  PROP_SIP_URI,
  PROP_DISPLAY_NAME,
  PROP_STATUS,
  PROP_RTP_PORT,
  PROP_AUDIO_ACTIVE,
  PROP_JOINED_AT,
  PROP_TALKING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _ScConferenceParticipant
{
  GObject              parent_instance;

  char                *session_id;
  char                *sip_uri;
  char                *display_name;
  ScParticipantStatus  status;
  guint16              rtp_port;
  gboolean             audio_active;
  gint64               joined_at;
  gboolean             talking;
};

G_DEFINE_FINAL_TYPE (ScConferenceParticipant, sc_conference_participant, G_TYPE_OBJECT)

static void
sc_conference_participant_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  ScConferenceParticipant *self = SC_CONFERENCE_PARTICIPANT (object);

  switch (prop_id)
    {
    case PROP_SESSION_ID:
      g_value_set_string (value, self->session_id);
      break;
    case PROP_SIP_URI:
      g_value_set_string (value, self->sip_uri);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_RTP_PORT:
      g_value_set_uint (value, self->rtp_port);
      break;
    case PROP_AUDIO_ACTIVE:
      g_value_set_boolean (value, self->audio_active);
      break;
    case PROP_JOINED_AT:
      g_value_set_int64 (value, self->joined_at);
      break;
    case PROP_TALKING:
      g_value_set_boolean (value, self->talking);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_conference_participant_finalize (GObject *object)
{
  ScConferenceParticipant *self = SC_CONFERENCE_PARTICIPANT (object);

  g_free (self->session_id);
  g_free (self->sip_uri);
  g_free (self->display_name);

  G_OBJECT_CLASS (sc_conference_participant_parent_class)->finalize (object);
}

static void
sc_conference_participant_class_init (ScConferenceParticipantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sc_conference_participant_get_property;
  object_class->finalize = sc_conference_participant_finalize;

  /**
   * ScConferenceParticipant:session-id:
   *
   * The participant's session id, `sess_<uuid>`.
   *
   * Since: 0.1
   */
  properties[PROP_SESSION_ID] =
    g_param_spec_string ("session-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * ScConferenceParticipant:sip-uri:
   *
   * The participant's SIP URI: the remote party of its call.
   *
   * Since: 0.1
   */
  properties[PROP_SIP_URI] =
    g_param_spec_string ("sip-uri", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * ScConferenceParticipant:display-name:
   *
   * The participant's display name, if its call has one.
   *
   * Since: 0.1
   */
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * ScConferenceParticipant:status:
   *
   * The participant's status: %SC_PARTICIPANT_STATUS_JOINING until its
   * audio first reaches the mix (it then becomes ACTIVE) or the
   * application sets another.
   *
   * Since: 0.1
   */
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, SC_TYPE_PARTICIPANT_STATUS,
                       SC_PARTICIPANT_STATUS_JOINING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);
  /**
   * ScConferenceParticipant:rtp-port:
   *
   * The local RTP port of the participant's call (0 when it has no
   * media). A participant keeps its call's port: the conference
   * allocates none.
   *
   * Since: 0.1
   */
  properties[PROP_RTP_PORT] =
    g_param_spec_uint ("rtp-port", NULL, NULL, 0, G_MAXUINT16, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * ScConferenceParticipant:audio-active:
   *
   * Whether the participant's audio reaches the conference: its RTP
   * packets arrive (turned off after 2 s without any). Whether the
   * others hear it is its #ScConferenceParticipant:status.
   *
   * Since: 0.1
   */
  properties[PROP_AUDIO_ACTIVE] =
    g_param_spec_boolean ("audio-active", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS);
  /**
   * ScConferenceParticipant:joined-at:
   *
   * When the participant joined, wall-clock microseconds since 1970 (as
   * g_get_real_time()).
   *
   * Since: 0.1
   */
  properties[PROP_JOINED_AT] =
    g_param_spec_int64 ("joined-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * ScConferenceParticipant:talking:
   *
   * Whether the participant is talking: voice is detected in its audio.
   * Not in the Rust API.
   *
   * Since: 0.1
   */
  properties[PROP_TALKING] =
    g_param_spec_boolean ("talking", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sc_conference_participant_init (ScConferenceParticipant *self)
{
  self->status = SC_PARTICIPANT_STATUS_JOINING;
}

ScConferenceParticipant *
_sc_conference_participant_new (const char *session_id,
                                const char *sip_uri,
                                const char *display_name,
                                guint16     rtp_port,
                                gint64      joined_at)
{
  ScConferenceParticipant *self = g_object_new (SC_TYPE_CONFERENCE_PARTICIPANT, NULL);

  self->session_id = g_strdup (session_id);
  self->sip_uri = g_strdup (sip_uri);
  self->display_name = g_strdup (display_name);
  self->rtp_port = rtp_port;
  self->joined_at = joined_at;
  return self;
}

void
_sc_conference_participant_set_status (ScConferenceParticipant *self,
                                       ScParticipantStatus      status)
{
  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

void
_sc_conference_participant_set_audio_active (ScConferenceParticipant *self,
                                             gboolean                 audio_active)
{
  audio_active = !!audio_active;
  if (self->audio_active == audio_active)
    return;
  self->audio_active = audio_active;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUDIO_ACTIVE]);
}

void
_sc_conference_participant_set_talking (ScConferenceParticipant *self,
                                        gboolean                 talking)
{
  talking = !!talking;
  if (self->talking == talking)
    return;
  self->talking = talking;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TALKING]);
}

/**
 * sc_conference_participant_get_session_id:
 * @self: a #ScConferenceParticipant
 *
 * Gets the participant's session id.
 *
 * Returns: (transfer none): `sess_<uuid>`
 *
 * Since: 0.1
 */
const char *
sc_conference_participant_get_session_id (ScConferenceParticipant *self)
{
  g_return_val_if_fail (SC_IS_CONFERENCE_PARTICIPANT (self), NULL);
  return self->session_id;
}

/**
 * sc_conference_participant_get_sip_uri:
 * @self: a #ScConferenceParticipant
 *
 * Gets the participant's SIP URI: the remote party of its call.
 *
 * Returns: (transfer none) (nullable): the participant's SIP URI
 *
 * Since: 0.1
 */
const char *
sc_conference_participant_get_sip_uri (ScConferenceParticipant *self)
{
  g_return_val_if_fail (SC_IS_CONFERENCE_PARTICIPANT (self), NULL);
  return self->sip_uri;
}

/**
 * sc_conference_participant_get_display_name:
 * @self: a #ScConferenceParticipant
 *
 * Gets the participant's display name, if its call has one.
 *
 * Returns: (transfer none) (nullable): the participant's display name
 *
 * Since: 0.1
 */
const char *
sc_conference_participant_get_display_name (ScConferenceParticipant *self)
{
  g_return_val_if_fail (SC_IS_CONFERENCE_PARTICIPANT (self), NULL);
  return self->display_name;
}

/**
 * sc_conference_participant_get_status:
 * @self: a #ScConferenceParticipant
 *
 * Gets the participant's current status.
 *
 * Returns: the #ScParticipantStatus
 *
 * Since: 0.1
 */
ScParticipantStatus
sc_conference_participant_get_status (ScConferenceParticipant *self)
{
  g_return_val_if_fail (SC_IS_CONFERENCE_PARTICIPANT (self), SC_PARTICIPANT_STATUS_LEFT);
  return self->status;
}

/**
 * sc_conference_participant_get_rtp_port:
 * @self: a #ScConferenceParticipant
 *
 * Gets the local RTP port of the participant's call.
 *
 * Returns: the port, 0 when the call has no media
 *
 * Since: 0.1
 */
guint16
sc_conference_participant_get_rtp_port (ScConferenceParticipant *self)
{
  g_return_val_if_fail (SC_IS_CONFERENCE_PARTICIPANT (self), 0);
  return self->rtp_port;
}

/**
 * sc_conference_participant_get_audio_active:
 * @self: a #ScConferenceParticipant
 *
 * Gets whether the participant's audio reaches the mix.
 *
 * Returns: %TRUE if the participant's audio reaches the mix
 *
 * Since: 0.1
 */
gboolean
sc_conference_participant_get_audio_active (ScConferenceParticipant *self)
{
  g_return_val_if_fail (SC_IS_CONFERENCE_PARTICIPANT (self), FALSE);
  return self->audio_active;
}

/**
 * sc_conference_participant_get_joined_at:
 * @self: a #ScConferenceParticipant
 *
 * Gets when the participant joined.
 *
 * Returns: wall-clock microseconds since 1970
 *
 * Since: 0.1
 */
gint64
sc_conference_participant_get_joined_at (ScConferenceParticipant *self)
{
  g_return_val_if_fail (SC_IS_CONFERENCE_PARTICIPANT (self), 0);
  return self->joined_at;
}

/**
 * sc_conference_participant_get_talking:
 * @self: a #ScConferenceParticipant
 *
 * Gets whether the participant is talking. Not in the Rust API.
 *
 * Returns: %TRUE if voice is detected in the participant's audio
 *
 * Since: 0.1
 */
gboolean
sc_conference_participant_get_talking (ScConferenceParticipant *self)
{
  g_return_val_if_fail (SC_IS_CONFERENCE_PARTICIPANT (self), FALSE);
  return self->talking;
}

/**
 * sc_conference_participant_get_info:
 * @self: a #ScConferenceParticipant
 *
 * Takes a snapshot of the participant.
 *
 * Returns: (transfer full): a new #ScParticipantInfo with the
 *   participant's current values
 *
 * Since: 0.1
 */
ScParticipantInfo *
sc_conference_participant_get_info (ScConferenceParticipant *self)
{
  g_return_val_if_fail (SC_IS_CONFERENCE_PARTICIPANT (self), NULL);

  return _sc_participant_info_new (self->session_id, self->sip_uri,
                                   self->display_name, self->status,
                                   self->rtp_port, self->audio_active,
                                   self->joined_at, self->talking);
}
