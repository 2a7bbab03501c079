/* sc-session-manager-media.c: what ScSessionManager does to a call's media
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The media-control methods of the public API: hold and resume (re-INVITEs
 * that change the direction), DTMF, a new offer, mute, what a call sends
 * (a tone, a file, silence), its media information, and SDP offers and
 * answers made on demand. Each looks the call up, checks its state and
 * hands the work to the call (sc-call.c, sc-call-media.c). They live apart
 * from sc-session-manager.c, which keeps the id → call map, admission, the
 * decision chain and the signals; the cache of decoded tones and files
 * stays there with the rest of the manager's state.
 */

#include "config.h"

#include "sc-session-manager-private.h"

#include "sc-call-private.h"
#include "sc-error.h"
#include "sc-media-info-private.h"
#include "media/sc-audio-source.h"
#include "sip/sc-sdp.h"

static gboolean
change_direction (ScSessionManager  *self,
                  const char        *session_id,
                  const char        *operation,
                  ScCallState        required,
                  ScSdpDirection     direction,
                  GError           **error)
{
  ScCall *call = _sc_session_manager_lookup_call (self, session_id, error);

  return call != NULL &&
         _sc_session_manager_check_state (call, operation, error, required,
                                          required) &&
         _sc_call_change_direction (call, direction, error);
}

/**
 * sc_session_manager_hold_session:
 * @self: a #ScSessionManager
 * @session_id: an active session
 * @error: return location for a #GError
 *
 * Puts a call on hold: re-INVITE with `a=sendonly`. The session becomes
 * %SC_CALL_STATE_ON_HOLD when the peer accepts.
 *
 * Errors: %SC_ERROR_SESSION_NOT_FOUND; %SC_ERROR_INVALID_STATE unless the
 * call is %SC_CALL_STATE_ACTIVE.
 *
 * Returns: %TRUE when the re-INVITE was sent
 *
 * Since: 0.1
 */
gboolean
sc_session_manager_hold_session (ScSessionManager  *self,
                                 const char        *session_id,
                                 GError           **error)
{
  g_return_val_if_fail (SC_IS_SESSION_MANAGER (self), FALSE);
  g_return_val_if_fail (session_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return change_direction (self, session_id, "hold", SC_CALL_STATE_ACTIVE,
                           SC_SDP_SENDONLY, error);
}

/**
 * sc_session_manager_resume_session:
 * @self: a #ScSessionManager
 * @session_id: a session on hold
 * @error: return location for a #GError
 *
 * Takes a call off hold: re-INVITE with `a=sendrecv`. The session becomes
 * %SC_CALL_STATE_ACTIVE when the peer accepts.
 *
 * Errors: %SC_ERROR_SESSION_NOT_FOUND; %SC_ERROR_INVALID_STATE unless the
 * call is %SC_CALL_STATE_ON_HOLD.
 *
 * Returns: %TRUE when the re-INVITE was sent
 *
 * Since: 0.1
 */
gboolean
sc_session_manager_resume_session (ScSessionManager  *self,
                                   const char        *session_id,
                                   GError           **error)
{
  g_return_val_if_fail (SC_IS_SESSION_MANAGER (self), FALSE);
  g_return_val_if_fail (session_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return change_direction (self, session_id, "resume", SC_CALL_STATE_ON_HOLD,
                           SC_SDP_SENDRECV, error);
}

/**
 * sc_session_manager_send_dtmf:
 * @self: a #ScSessionManager
 * @session_id: an active session
 * @digits: the digits, from `0-9 * # A-D`
 * @error: return location for a #GError
 *
 * Sends DTMF digits, one after the other: as RFC 4733 telephone-events in
 * the RTP stream (100 ms per digit, three end packets, 60 ms apart) when
 * the peer negotiated telephone-event, otherwise as SIP INFO
 * `application/dtmf-relay` requests.
 *
 * Errors: %SC_ERROR_SESSION_NOT_FOUND; %SC_ERROR_INVALID_STATE unless the
 * call is %SC_CALL_STATE_ACTIVE; %SC_ERROR_PROTOCOL for an empty string or
 * a character that is not a DTMF digit.
 *
 * Returns: %TRUE when the digits were queued
 *
 * Since: 0.1
 */
gboolean
sc_session_manager_send_dtmf (ScSessionManager  *self,
                              const char        *session_id,
                              const char        *digits,
                              GError           **error)
{
  ScCall *call;

  g_return_val_if_fail (SC_IS_SESSION_MANAGER (self), FALSE);
  g_return_val_if_fail (session_id != NULL, FALSE);
  g_return_val_if_fail (digits != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  call = _sc_session_manager_lookup_call (self, session_id, error);
  if (call == NULL ||
      !_sc_session_manager_check_state (call, "send DTMF on", error,
                                        SC_CALL_STATE_ACTIVE,
                                        SC_CALL_STATE_ACTIVE))
    return FALSE;

  if (*digits == '\0' || strspn (digits, "0123456789*#ABCDabcd") != strlen (digits))
    {
      g_set_error (error, SC_ERROR, SC_ERROR_PROTOCOL,
                   "Protocol error: '%s' is not a DTMF sequence "
                   "(0-9, *, #, A-D)", digits);
      return FALSE;
    }

  _sc_call_send_dtmf (call, digits);
  return TRUE;
}

/**
 * sc_session_manager_update_media:
 * @self: a #ScSessionManager
 * @session_id: an active or held session
 * @sdp: the new SDP offer
 * @error: return location for a #GError
 *
 * Sends a re-INVITE with @sdp as the new offer.
 *
 * Errors: %SC_ERROR_SESSION_NOT_FOUND; %SC_ERROR_INVALID_STATE unless the
 * call is active or on hold; %SC_ERROR_SDP_NEGOTIATION_FAILED when @sdp is
 * not an audio SDP we can use.
 *
 * Returns: %TRUE when the re-INVITE was sent
 *
 * Since: 0.1
 */
gboolean
sc_session_manager_update_media (ScSessionManager  *self,
                                 const char        *session_id,
                                 const char        *sdp,
                                 GError           **error)
{
  ScCall *call;

  g_return_val_if_fail (SC_IS_SESSION_MANAGER (self), FALSE);
  g_return_val_if_fail (session_id != NULL, FALSE);
  g_return_val_if_fail (sdp != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  call = _sc_session_manager_lookup_call (self, session_id, error);
  if (call == NULL ||
      !_sc_session_manager_check_state (call, "update media of", error,
                                        SC_CALL_STATE_ACTIVE,
                                        SC_CALL_STATE_ON_HOLD))
    return FALSE;
  return _sc_call_update_media (call, sdp, error);
}

/**
 * sc_session_manager_set_audio_muted:
 * @self: a #ScSessionManager
 * @session_id: a session
 * @muted: %TRUE to send silence
 * @error: return location for a #GError
 *
 * Mutes or unmutes what this side sends on a call, without signalling:
 * RTP keeps flowing, carrying silence.
 *
 * Errors: %SC_ERROR_SESSION_NOT_FOUND; %SC_ERROR_INVALID_STATE unless the
 * call is %SC_CALL_STATE_ACTIVE or %SC_CALL_STATE_ON_HOLD.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
sc_session_manager_set_audio_muted (ScSessionManager  *self,
                                    const char        *session_id,
                                    gboolean           muted,
                                    GError           **error)
{
  ScCall *call;

  g_return_val_if_fail (SC_IS_SESSION_MANAGER (self), FALSE);
  g_return_val_if_fail (session_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  call = _sc_session_manager_lookup_call (self, session_id, error);
  if (call == NULL ||
      !_sc_session_manager_check_state (call, "mute", error,
                                        SC_CALL_STATE_ACTIVE,
                                        SC_CALL_STATE_ON_HOLD))
    return FALSE;
  _sc_call_set_muted (call, muted);
  return TRUE;
}

static ScAudioSource *
make_tone (gconstpointer   data,
           GError        **error)
{
  return _sc_audio_source_new_tone (*(const double *) data, error);
}

static ScAudioSource *
make_file (gconstpointer   data,
           GError        **error)
{
  return _sc_audio_source_new_file (data, error);
}

/**
 * sc_session_manager_play_tone:
 * @self: a #ScSessionManager
 * @session_id: the session
 * @frequency_hz: the tone's frequency, above 0 and below 4000 Hz
 * @error: return location for a #GError
 *
 * Makes the call send a continuous sine tone while it is not bridged.
 *
 * Errors: %SC_ERROR_SESSION_NOT_FOUND; %SC_ERROR_INVALID_STATE when the
 * call is ending; %SC_ERROR_MEDIA when media is disabled or the frequency
 * cannot be carried at 8 kHz.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
sc_session_manager_play_tone (ScSessionManager  *self,
                              const char        *session_id,
                              double             frequency_hz,
                              GError           **error)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (SC_IS_SESSION_MANAGER (self), FALSE);
  g_return_val_if_fail (session_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  key = g_strdup_printf ("tone:%.3f", frequency_hz);
  return _sc_session_manager_set_call_source (self, session_id, key, make_tone,
                                              &frequency_hz, error);
}

/**
 * sc_session_manager_play_file:
 * @self: a #ScSessionManager
 * @session_id: the session
 * @path: (type filename): an audio file in any format GStreamer decodes
 * @error: return location for a #GError
 *
 * Makes the call send @path, looped, while it is not bridged (e.g. music
 * or an announcement). The file is decoded once, the first time it is
 * played, and shared by every call that plays it.
 *
 * Errors: %SC_ERROR_SESSION_NOT_FOUND; %SC_ERROR_INVALID_STATE when the
 * call is ending; %SC_ERROR_MEDIA when media is disabled or the file
 * cannot be decoded.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
sc_session_manager_play_file (ScSessionManager  *self,
                              const char        *session_id,
                              const char        *path,
                              GError           **error)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (SC_IS_SESSION_MANAGER (self), FALSE);
  g_return_val_if_fail (session_id != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  key = g_strconcat ("file:", path, NULL);
  return _sc_session_manager_set_call_source (self, session_id, key, make_file,
                                              path, error);
}

/**
 * sc_session_manager_play_silence:
 * @self: a #ScSessionManager
 * @session_id: the session
 * @error: return location for a #GError
 *
 * Makes the call send silence while it is not bridged (the default).
 *
 * Errors: %SC_ERROR_SESSION_NOT_FOUND; %SC_ERROR_INVALID_STATE when the
 * call is ending; %SC_ERROR_MEDIA when media is disabled.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
sc_session_manager_play_silence (ScSessionManager  *self,
                                 const char        *session_id,
                                 GError           **error)
{
  g_return_val_if_fail (SC_IS_SESSION_MANAGER (self), FALSE);
  g_return_val_if_fail (session_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return _sc_session_manager_set_call_source (self, session_id, NULL, NULL,
                                              NULL, error);
}

/**
 * sc_session_manager_get_media_info:
 * @self: a #ScSessionManager
 * @session_id: the session
 * @error: return location for a #GError
 *
 * The negotiated media of a call: SDPs, ports, codec and RTP counters.
 *
 * Errors: %SC_ERROR_SESSION_NOT_FOUND.
 *
 * Returns: (transfer full) (nullable): the media information, or %NULL
 *   (without error) when the call has no negotiated media yet
 *
 * Since: 0.1
 */
ScMediaInfo *
sc_session_manager_get_media_info (ScSessionManager  *self,
                                   const char        *session_id,
                                   GError           **error)
{
  ScMediaInfo *info;
  ScCall *call;

  g_return_val_if_fail (SC_IS_SESSION_MANAGER (self), NULL);
  g_return_val_if_fail (session_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  call = _sc_session_manager_lookup_call (self, session_id, error);
  if (call == NULL || call->local_sdp == NULL)
    return NULL;

  info = _sc_media_info_new ();
  info->local_sdp = g_strdup (call->local_sdp);
  info->remote_sdp = g_strdup (call->remote_sdp);
  info->local_rtp_port = call->local_port;
  if (call->have_remote_audio)
    {
      info->remote_rtp_port = call->remote_audio.port;
      info->codec = g_strdup (call->remote_audio.codec);
    }
  if (call->leg != NULL)
    {
      ScMediaStats stats;

      _sc_media_leg_get_stats (call->leg, &stats);
      info->packets_sent = stats.packets_sent;
      info->bytes_sent = stats.bytes_sent;
      info->packets_received = stats.packets_received;
      info->bytes_received = stats.bytes_received;
      info->packets_lost = stats.packets_lost;
      info->jitter_ms = stats.jitter_ms;
    }
  return info;
}

/**
 * sc_session_manager_generate_sdp_offer:
 * @self: a #ScSessionManager
 * @session_id: the session
 * @error: return location for a #GError
 *
 * Generates an SDP offer for the session (PCMU, PCMA and telephone-event
 * on its RTP port, allocating one if needed). Nothing is sent.
 *
 * Errors: %SC_ERROR_SESSION_NOT_FOUND; %SC_ERROR_RESOURCE_LIMIT_EXCEEDED or
 * %SC_ERROR_NETWORK when no RTP port can be had.
 *
 * Returns: (transfer full): the SDP, or %NULL on error
 *
 * Since: 0.1
 */
char *
sc_session_manager_generate_sdp_offer (ScSessionManager  *self,
                                       const char        *session_id,
                                       GError           **error)
{
  ScCall *call;

  g_return_val_if_fail (SC_IS_SESSION_MANAGER (self), NULL);
  g_return_val_if_fail (session_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  call = _sc_session_manager_lookup_call (self, session_id, error);
  if (call == NULL)
    return NULL;
  return _sc_call_make_offer (call, SC_SDP_SENDRECV, error);
}

/**
 * sc_session_manager_generate_sdp_answer:
 * @self: a #ScSessionManager
 * @session_id: the session
 * @offer: an SDP offer
 * @error: return location for a #GError
 *
 * Generates the RFC 3264 answer to @offer for the session: the first
 * offered codec we support (PCMU or PCMA) and telephone-event if offered.
 * Nothing is sent.
 *
 * Errors: %SC_ERROR_SESSION_NOT_FOUND; %SC_ERROR_SDP_NEGOTIATION_FAILED
 * when @offer does not parse or has no codec in common.
 *
 * Returns: (transfer full): the SDP answer, or %NULL on error
 *
 * Since: 0.1
 */
char *
sc_session_manager_generate_sdp_answer (ScSessionManager  *self,
                                        const char        *session_id,
                                        const char        *offer,
                                        GError           **error)
{
  ScCall *call;

  g_return_val_if_fail (SC_IS_SESSION_MANAGER (self), NULL);
  g_return_val_if_fail (session_id != NULL, NULL);
  g_return_val_if_fail (offer != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  call = _sc_session_manager_lookup_call (self, session_id, error);
  if (call == NULL)
    return NULL;
  return _sc_call_make_answer (call, offer, SC_SDP_SENDRECV, error);
}
