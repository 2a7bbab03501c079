/* sc-participant-info.c: a snapshot of one conference participant
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sc-participant-info.h"

#include "sc-conference-private.h"

/**
 * ScParticipantInfo:
 *
 * A snapshot of one conference participant (Rust session-core's
 * `ParticipantInfo`): its session, SIP URI, display name, status, RTP
 * port, whether its audio reaches the mix, when it joined, and whether it
 * is talking (not in the Rust API). It does not change when the
 * participant does: the live object is #ScConferenceParticipant, whose
 * [method@Sc.ConferenceParticipant.get_info] makes a new snapshot.
 *
 * Since: 0.1
 */
struct _ScParticipantInfo
{
  char                *session_id;
  char                *sip_uri;
  char                *display_name;
  ScParticipantStatus  status;
  guint16              rtp_port;
  gboolean             audio_active;
  gint64               joined_at;
  gboolean             talking;
};

G_DEFINE_BOXED_TYPE (ScParticipantInfo, sc_participant_info,
                     sc_participant_info_copy, sc_participant_info_free)

ScParticipantInfo *
_sc_participant_info_new (const char          *session_id,
                          const char          *sip_uri,
                          const char          *display_name,
                          ScParticipantStatus  status,
                          guint16              rtp_port,
                          gboolean             audio_active,
                          gint64               joined_at,
                          gboolean             talking)
{
  ScParticipantInfo *self = g_new0 (ScParticipantInfo, 1);

  self->session_id = g_strdup (session_id);
  self->sip_uri = g_strdup (sip_uri);
  self->display_name = g_strdup (display_name);
  self->status = status;
  self->rtp_port = rtp_port;
  self->audio_active = !!audio_active;
  self->joined_at = joined_at;
  self->talking = !!talking;
  return self;
}

/**
 * sc_participant_info_copy:
 * @self: a #ScParticipantInfo
 *
 * Makes a copy of @self.
 *
 * Returns: (transfer full): a new #ScParticipantInfo
 *
 * Since: 0.1
 */
ScParticipantInfo *
sc_participant_info_copy (const ScParticipantInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return _sc_participant_info_new (self->session_id, self->sip_uri,
                                   self->display_name, self->status,
                                   self->rtp_port, self->audio_active,
                                   self->joined_at, self->talking);
}

/**
 * sc_participant_info_free:
 * @self: (nullable): a #ScParticipantInfo
 *
 * Frees @self. Does nothing if @self is %NULL.
 *
 * Since: 0.1
 */
void
sc_participant_info_free (ScParticipantInfo *self)
{
  if (self == NULL)
    return;
  g_free (self->session_id);
  g_free (self->sip_uri);
  g_free (self->display_name);
  g_free (self);
}

/**
 * sc_participant_info_get_session_id:
 * @self: a #ScParticipantInfo
 *
 * Gets the participant's session id, `sess_<uuid>`.
 *
 * Returns: the participant's session id, `sess_<uuid>`
 *
 * Since: 0.1
 */
const char *
sc_participant_info_get_session_id (const ScParticipantInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->session_id;
}

/**
 * sc_participant_info_get_sip_uri:
 * @self: a #ScParticipantInfo
 *
 * Gets the participant's SIP URI: the remote party of its call.
 *
 * Returns: (nullable): the participant's SIP URI
 *
 * Since: 0.1
 */
const char *
sc_participant_info_get_sip_uri (const ScParticipantInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->sip_uri;
}

/**
 * sc_participant_info_get_display_name:
 * @self: a #ScParticipantInfo
 *
 * Gets the participant's display name, if its call has one.
 *
 * Returns: (nullable): the participant's display name
 *
 * Since: 0.1
 */
const char *
sc_participant_info_get_display_name (const ScParticipantInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->display_name;
}

/**
 * sc_participant_info_get_status:
 * @self: a #ScParticipantInfo
 *
 * Gets the participant's status when the snapshot was taken.
 *
 * Returns: the participant's status
 *
 * Since: 0.1
 */
ScParticipantStatus
sc_participant_info_get_status (const ScParticipantInfo *self)
{
  g_return_val_if_fail (self != NULL, SC_PARTICIPANT_STATUS_LEFT);
  return self->status;
}

/**
 * sc_participant_info_get_rtp_port:
 * @self: a #ScParticipantInfo
 *
 * Gets the local RTP port of the participant's call (0 when it has no
 * media).
 *
 * Returns: the local RTP port of the participant's call, 0 for none
 *
 * Since: 0.1
 */
guint16
sc_participant_info_get_rtp_port (const ScParticipantInfo *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->rtp_port;
}

/**
 * sc_participant_info_get_audio_active:
 * @self: a #ScParticipantInfo
 *
 * Gets whether the participant's audio was reaching the mix.
 *
 * Returns: whether the participant's audio was reaching the mix
 *
 * Since: 0.1
 */
gboolean
sc_participant_info_get_audio_active (const ScParticipantInfo *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->audio_active;
}

/**
 * sc_participant_info_get_joined_at:
 * @self: a #ScParticipantInfo
 *
 * Gets when the participant joined, wall-clock microseconds since 1970
 * (as g_get_real_time()).
 *
 * Returns: when the participant joined, wall-clock microseconds since
 *   1970 (as g_get_real_time())
 *
 * Since: 0.1
 */
gint64
sc_participant_info_get_joined_at (const ScParticipantInfo *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->joined_at;
}

/**
 * sc_participant_info_get_talking:
 * @self: a #ScParticipantInfo
 *
 * Gets whether the participant was talking (voice detected in its audio).
 * Not in the Rust API.
 *
 * Returns: whether the participant was talking
 *
 * Since: 0.1
 */
gboolean
sc_participant_info_get_talking (const ScParticipantInfo *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->talking;
}
