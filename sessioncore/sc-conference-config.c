/* sc-conference-config.c: how a conference is set up
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sc-conference-config.h"

#include "sc-error.h"

#define DEFAULT_MAX_PARTICIPANTS  10
#define DEFAULT_SAMPLE_RATE       8000
#define DEFAULT_CHANNELS          1
#define DEFAULT_RTP_PORT_START    10000
#define DEFAULT_RTP_PORT_END      20000
#define DEFAULT_NAME              "Conference Room"
/* Mixing is O(participants) per 20 ms for every participant's mix-minus. */
#define MAX_MAX_PARTICIPANTS      1000
/* The mixer decodes and encodes G.711: 8 kHz mono, nothing else. */
#define MIXER_SAMPLE_RATE         8000
#define MIXER_CHANNELS            1

/**
 * ScConferenceConfig:
 *
 * How a conference is set up (Rust session-core's `ConferenceConfig`),
 * given to `sc_conference_manager_create_conference()`:
 *
 * - `max_participants` (10): participants at most, 1 to 1000; one more is
 *   refused with %SC_ERROR_RESOURCE_LIMIT_EXCEEDED.
 * - `audio_mixing_enabled` (%TRUE): whether the participants' audio is
 *   mixed (each hears the mix of all the others); reported by
 *   [method@Sc.ConferenceStats.get_audio_mixing_enabled].
 * - `audio_sample_rate` (8000): the mix's sample rate in Hz. The mixer
 *   runs at 8 kHz (G.711), so 8000 is the only valid value; the field is
 *   kept for the Rust API.
 * - `audio_channels` (1): the mix's channels; the mixer is mono, so 1 is
 *   the only valid value.
 * - `rtp_port_start` / `rtp_port_end` (10000 / 20000): informational only.
 *   A participant keeps the RTP port its call already has (see
 *   [method@Sc.ConferenceParticipant.get_rtp_port]); no port is allocated from
 *   this range. Validation still checks that it is a range.
 * - `timeout_secs` (0 = none): a conference left without participants
 *   for this long is terminated by its manager (Rust: auto-terminate when
 *   inactive); 0 keeps it until
 *   `sc_conference_manager_terminate_conference()`.
 * - `name` ("Conference Room"): a label for logs and applications; it
 *   must be set and not empty.
 *
 * The setters store what they are given; [method@Sc.ConferenceConfig.validate]
 * checks the whole configuration.
 *
 * Since: 0.1
 */
struct _ScConferenceConfig
{
  guint     max_participants;
  gboolean  audio_mixing_enabled;
  guint     audio_sample_rate;
  guint     audio_channels;
  guint16   rtp_port_start;
  guint16   rtp_port_end;
  guint     timeout_secs;
  char     *name;
};

G_DEFINE_BOXED_TYPE (ScConferenceConfig, sc_conference_config,
                     sc_conference_config_copy, sc_conference_config_free)

/**
 * sc_conference_config_new:
 *
 * Creates a configuration with the defaults of Rust session-core's
 * `ConferenceConfig`: 10 participants at most, audio mixing on, 8000 Hz
 * mono, RTP ports 10000 to 20000, no timeout, and the name
 * "Conference Room".
 *
 * Returns: (transfer full): a new #ScConferenceConfig
 *
 * Since: 0.1
 */
ScConferenceConfig *
sc_conference_config_new (void)
{
  ScConferenceConfig *self = g_new0 (ScConferenceConfig, 1);

  self->max_participants = DEFAULT_MAX_PARTICIPANTS;
  self->audio_mixing_enabled = TRUE;
  self->audio_sample_rate = DEFAULT_SAMPLE_RATE;
  self->audio_channels = DEFAULT_CHANNELS;
  self->rtp_port_start = DEFAULT_RTP_PORT_START;
  self->rtp_port_end = DEFAULT_RTP_PORT_END;
  self->timeout_secs = 0;
  self->name = g_strdup (DEFAULT_NAME);
  return self;
}

/**
 * sc_conference_config_copy:
 * @self: a #ScConferenceConfig
 *
 * Makes a deep copy of @self.
 *
 * Returns: (transfer full): a new #ScConferenceConfig
 *
 * Since: 0.1
 */
ScConferenceConfig *
sc_conference_config_copy (const ScConferenceConfig *self)
{
  ScConferenceConfig *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->name = g_strdup (self->name);
  return copy;
}

/**
 * sc_conference_config_free:
 * @self: (nullable): a #ScConferenceConfig
 *
 * Frees @self. Does nothing if @self is %NULL.
 *
 * Since: 0.1
 */
void
sc_conference_config_free (ScConferenceConfig *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self);
}

/**
 * sc_conference_config_validate:
 * @self: a #ScConferenceConfig
 * @error: return location for a #GError
 *
 * Checks the configuration: `max_participants` from 1 to 1000,
 * `audio_sample_rate` 8000 (the mixer runs at 8 kHz, G.711),
 * `audio_channels` 1, `rtp_port_start` from 1 to `rtp_port_end`, and a
 * `name` that is set and not empty. The first rule broken, in that order,
 * is reported.
 *
 * Errors: %SC_ERROR_CONFIG, naming the field and the rule.
 *
 * Returns: %TRUE when the configuration is usable
 *
 * Since: 0.1
 */
gboolean
sc_conference_config_validate (const ScConferenceConfig  *self,
                               GError                   **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->max_participants < 1 ||
      self->max_participants > MAX_MAX_PARTICIPANTS)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_CONFIG,
                   "Configuration error: conference max_participants %u must be from 1 to %u",
                   self->max_participants, MAX_MAX_PARTICIPANTS);
      return FALSE;
    }
  if (self->audio_sample_rate != MIXER_SAMPLE_RATE)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_CONFIG,
                   "Configuration error: conference audio_sample_rate %u must be %u "
                   "(the mixer runs at 8 kHz, G.711)",
                   self->audio_sample_rate, MIXER_SAMPLE_RATE);
      return FALSE;
    }
  if (self->audio_channels != MIXER_CHANNELS)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_CONFIG,
                   "Configuration error: conference audio_channels %u must be %u "
                   "(the mixer is mono)",
                   self->audio_channels, MIXER_CHANNELS);
      return FALSE;
    }
  if (self->rtp_port_start == 0 || self->rtp_port_start > self->rtp_port_end)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_CONFIG,
                   "Configuration error: conference rtp_port_start %u must be from 1 "
                   "to rtp_port_end %u",
                   self->rtp_port_start, self->rtp_port_end);
      return FALSE;
    }
  if (self->name == NULL)
    {
      g_set_error_literal (error, SC_ERROR, SC_ERROR_CONFIG,
                           "Configuration error: conference name must be set");
      return FALSE;
    }
  if (self->name[0] == '\0')
    {
      g_set_error_literal (error, SC_ERROR, SC_ERROR_CONFIG,
                           "Configuration error: conference name must not be empty");
      return FALSE;
    }
  return TRUE;
}

/**
 * sc_conference_config_get_max_participants:
 * @self: a #ScConferenceConfig
 *
 * Gets the maximum number of participants.
 *
 * Returns: the maximum number of participants
 *
 * Since: 0.1
 */
guint
sc_conference_config_get_max_participants (const ScConferenceConfig *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->max_participants;
}

/**
 * sc_conference_config_set_max_participants:
 * @self: a #ScConferenceConfig
 * @max_participants: the maximum number of participants, 1 to 1000
 *
 * Sets the maximum number of participants.
 *
 * Since: 0.1
 */
void
sc_conference_config_set_max_participants (ScConferenceConfig *self,
                                           guint               max_participants)
{
  g_return_if_fail (self != NULL);
  self->max_participants = max_participants;
}

/**
 * sc_conference_config_get_audio_mixing_enabled:
 * @self: a #ScConferenceConfig
 *
 * Gets whether the participants' audio is mixed.
 *
 * Returns: whether the participants' audio is mixed
 *
 * Since: 0.1
 */
gboolean
sc_conference_config_get_audio_mixing_enabled (const ScConferenceConfig *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->audio_mixing_enabled;
}

/**
 * sc_conference_config_set_audio_mixing_enabled:
 * @self: a #ScConferenceConfig
 * @enabled: whether the participants' audio is mixed
 *
 * Sets whether the participants' audio is mixed.
 *
 * Since: 0.1
 */
void
sc_conference_config_set_audio_mixing_enabled (ScConferenceConfig *self,
                                               gboolean            enabled)
{
  g_return_if_fail (self != NULL);
  self->audio_mixing_enabled = !!enabled;
}

/**
 * sc_conference_config_get_audio_sample_rate:
 * @self: a #ScConferenceConfig
 *
 * Gets the mix's sample rate, in Hz.
 *
 * Returns: the mix's sample rate, in Hz
 *
 * Since: 0.1
 */
guint
sc_conference_config_get_audio_sample_rate (const ScConferenceConfig *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->audio_sample_rate;
}

/**
 * sc_conference_config_set_audio_sample_rate:
 * @self: a #ScConferenceConfig
 * @sample_rate: the sample rate in Hz; only 8000 validates
 *
 * Sets the mix's sample rate. The mixer runs at 8 kHz (G.711): any other
 * value fails [method@Sc.ConferenceConfig.validate].
 *
 * Since: 0.1
 */
void
sc_conference_config_set_audio_sample_rate (ScConferenceConfig *self,
                                            guint               sample_rate)
{
  g_return_if_fail (self != NULL);
  self->audio_sample_rate = sample_rate;
}

/**
 * sc_conference_config_get_audio_channels:
 * @self: a #ScConferenceConfig
 *
 * Gets the mix's number of channels.
 *
 * Returns: the mix's number of channels
 *
 * Since: 0.1
 */
guint
sc_conference_config_get_audio_channels (const ScConferenceConfig *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->audio_channels;
}

/**
 * sc_conference_config_set_audio_channels:
 * @self: a #ScConferenceConfig
 * @channels: the number of channels; only 1 validates
 *
 * Sets the mix's number of channels. The mixer is mono: any other value
 * fails [method@Sc.ConferenceConfig.validate].
 *
 * Since: 0.1
 */
void
sc_conference_config_set_audio_channels (ScConferenceConfig *self,
                                         guint               channels)
{
  g_return_if_fail (self != NULL);
  self->audio_channels = channels;
}

/**
 * sc_conference_config_get_rtp_port_start:
 * @self: a #ScConferenceConfig
 *
 * Gets the first port of the informational RTP port range.
 *
 * Returns: the first port of the range
 *
 * Since: 0.1
 */
guint16
sc_conference_config_get_rtp_port_start (const ScConferenceConfig *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->rtp_port_start;
}

/**
 * sc_conference_config_set_rtp_port_start:
 * @self: a #ScConferenceConfig
 * @port: the first port of the range, 1 to `rtp_port_end`
 *
 * Sets the first port of the RTP port range. The range is informational:
 * participants keep their call's RTP port.
 *
 * Since: 0.1
 */
void
sc_conference_config_set_rtp_port_start (ScConferenceConfig *self,
                                         guint16             port)
{
  g_return_if_fail (self != NULL);
  self->rtp_port_start = port;
}

/**
 * sc_conference_config_get_rtp_port_end:
 * @self: a #ScConferenceConfig
 *
 * Gets the last port of the informational RTP port range.
 *
 * Returns: the last port of the range
 *
 * Since: 0.1
 */
guint16
sc_conference_config_get_rtp_port_end (const ScConferenceConfig *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->rtp_port_end;
}

/**
 * sc_conference_config_set_rtp_port_end:
 * @self: a #ScConferenceConfig
 * @port: the last port of the range, at least `rtp_port_start`
 *
 * Sets the last port of the RTP port range. The range is informational:
 * participants keep their call's RTP port.
 *
 * Since: 0.1
 */
void
sc_conference_config_set_rtp_port_end (ScConferenceConfig *self,
                                       guint16             port)
{
  g_return_if_fail (self != NULL);
  self->rtp_port_end = port;
}

/**
 * sc_conference_config_get_timeout_secs:
 * @self: a #ScConferenceConfig
 *
 * Gets the conference's idle timeout, in seconds (0 for none).
 *
 * Returns: the idle timeout in seconds, 0 for none
 *
 * Since: 0.1
 */
guint
sc_conference_config_get_timeout_secs (const ScConferenceConfig *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->timeout_secs;
}

/**
 * sc_conference_config_set_timeout_secs:
 * @self: a #ScConferenceConfig
 * @timeout_secs: seconds, 0 for none
 *
 * Sets the conference's idle timeout.
 *
 * Since: 0.1
 */
void
sc_conference_config_set_timeout_secs (ScConferenceConfig *self,
                                       guint               timeout_secs)
{
  g_return_if_fail (self != NULL);
  self->timeout_secs = timeout_secs;
}

/**
 * sc_conference_config_get_name:
 * @self: a #ScConferenceConfig
 *
 * Gets the conference's name.
 *
 * Returns: (nullable): the conference's name; %NULL only after
 *   [method@Sc.ConferenceConfig.set_name] with %NULL, which does not
 *   validate
 *
 * Since: 0.1
 */
const char *
sc_conference_config_get_name (const ScConferenceConfig *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->name;
}

/**
 * sc_conference_config_set_name:
 * @self: a #ScConferenceConfig
 * @name: (nullable): the name; %NULL and "" are stored but do not
 *   validate
 *
 * Sets the conference's name.
 *
 * Since: 0.1
 */
void
sc_conference_config_set_name (ScConferenceConfig *self,
                               const char         *name)
{
  g_return_if_fail (self != NULL);
  g_free (self->name);
  self->name = g_strdup (name);
}
