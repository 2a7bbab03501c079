/* sc-conference-stats.c: a conference's counts at one moment
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sc-conference-stats.h"

#include "sc-conference-private.h"

/**
 * ScConferenceStats:
 *
 * A conference's counts at one moment (Rust session-core's
 * `ConferenceStats`): its participants, those active, those whose audio
 * reaches the mix, how long it has lasted, its state, whether it mixes
 * audio, and when it was created. It does not change when the conference
 * does: ask `sc_conference_manager_get_conference_stats()` again.
 *
 * Since: 0.1
 */
struct _ScConferenceStats
{
  guint              total_participants;
  guint              active_participants;
  guint              audio_participants;
  gint64             duration_ms;
  ScConferenceState  state;
  gboolean           audio_mixing_enabled;
  gint64             created_at;
};

G_DEFINE_BOXED_TYPE (ScConferenceStats, sc_conference_stats,
                     sc_conference_stats_copy, sc_conference_stats_free)

ScConferenceStats *
_sc_conference_stats_new (guint              total_participants,
                          guint              active_participants,
                          guint              audio_participants,
                          gint64             duration_ms,
                          ScConferenceState  state,
                          gboolean           audio_mixing_enabled,
                          gint64             created_at)
{
  ScConferenceStats *self = g_new0 (ScConferenceStats, 1);

  self->total_participants = total_participants;
  self->active_participants = active_participants;
  self->audio_participants = audio_participants;
  self->duration_ms = duration_ms;
  self->state = state;
  self->audio_mixing_enabled = !!audio_mixing_enabled;
  self->created_at = created_at;
  return self;
}

/**
 * sc_conference_stats_copy:
 * @self: a #ScConferenceStats
 *
 * Makes a copy of @self.
 *
 * Returns: (transfer full): a new #ScConferenceStats
 *
 * Since: 0.1
 */
ScConferenceStats *
sc_conference_stats_copy (const ScConferenceStats *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_memdup2 (self, sizeof *self);
}

/**
 * sc_conference_stats_free:
 * @self: (nullable): a #ScConferenceStats
 *
 * Frees @self. Does nothing if @self is %NULL.
 *
 * Since: 0.1
 */
void
sc_conference_stats_free (ScConferenceStats *self)
{
  g_free (self);
}

/**
 * sc_conference_stats_get_total_participants:
 * @self: a #ScConferenceStats
 *
 * Gets the number of participants, whatever their status.
 *
 * Returns: the number of participants
 *
 * Since: 0.1
 */
guint
sc_conference_stats_get_total_participants (const ScConferenceStats *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->total_participants;
}

/**
 * sc_conference_stats_get_active_participants:
 * @self: a #ScConferenceStats
 *
 * Gets the number of participants whose status is
 * %SC_PARTICIPANT_STATUS_ACTIVE.
 *
 * Returns: the number of active participants
 *
 * Since: 0.1
 */
guint
sc_conference_stats_get_active_participants (const ScConferenceStats *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->active_participants;
}

/**
 * sc_conference_stats_get_audio_participants:
 * @self: a #ScConferenceStats
 *
 * Gets the number of participants whose audio reaches the mix (see
 * [method@Sc.ConferenceParticipant.get_audio_active]).
 *
 * Returns: the number of participants whose audio reaches the mix
 *
 * Since: 0.1
 */
guint
sc_conference_stats_get_audio_participants (const ScConferenceStats *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->audio_participants;
}

/**
 * sc_conference_stats_get_duration_ms:
 * @self: a #ScConferenceStats
 *
 * Gets how long the conference had lasted when the snapshot was taken,
 * in milliseconds.
 *
 * Returns: the conference's age in milliseconds
 *
 * Since: 0.1
 */
gint64
sc_conference_stats_get_duration_ms (const ScConferenceStats *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->duration_ms;
}

/**
 * sc_conference_stats_get_state:
 * @self: a #ScConferenceStats
 *
 * Gets the conference's state when the snapshot was taken.
 *
 * Returns: the conference's state
 *
 * Since: 0.1
 */
ScConferenceState
sc_conference_stats_get_state (const ScConferenceStats *self)
{
  g_return_val_if_fail (self != NULL, SC_CONFERENCE_STATE_TERMINATED);
  return self->state;
}

/**
 * sc_conference_stats_get_audio_mixing_enabled:
 * @self: a #ScConferenceStats
 *
 * Gets whether the conference mixes audio, from its
 * #ScConferenceConfig.
 *
 * Returns: whether the conference mixes audio
 *
 * Since: 0.1
 */
gboolean
sc_conference_stats_get_audio_mixing_enabled (const ScConferenceStats *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->audio_mixing_enabled;
}

/**
 * sc_conference_stats_get_created_at:
 * @self: a #ScConferenceStats
 *
 * Gets when the conference was created, wall-clock microseconds since
 * 1970 (as g_get_real_time()).
 *
 * Returns: when the conference was created, wall-clock microseconds
 *   since 1970 (as g_get_real_time())
 *
 * Since: 0.1
 */
gint64
sc_conference_stats_get_created_at (const ScConferenceStats *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->created_at;
}
