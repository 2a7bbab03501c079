/* sc-call-media.c: one call's offer/answer and RTP leg
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A call's SDP (ours and the peer's), its RTP port from the manager's
 * pool, and its leg in the media engine: where RTP goes, which codec,
 * whether we send, and what we send while the call is not bridged
 * (silence, a tone, a file, music on hold when we hold the call).
 */

#include "config.h"

#include "sc-call-private.h"

#include "sc-server-config.h"
#include "sc-session-manager-private.h"
#include "media/sc-port-pool.h"

static gboolean
call_allocate_port (ScCall  *call,
                    GError **error)
{
  const ScServerConfig *config = _sc_session_manager_get_server_config (call->manager);

  if (call->local_port != 0)
    return TRUE;
  call->local_port = _sc_port_pool_allocate (_sc_session_manager_get_port_pool (call->manager),
                                             sc_server_config_get_enable_media (config),
                                             error);
  return call->local_port != 0;
}

char *
_sc_call_make_offer (ScCall          *call,
                     ScSdpDirection   direction,
                     GError         **error)
{
  if (!call_allocate_port (call, error))
    return NULL;
  return _sc_sdp_make_offer (_sc_session_manager_get_media_host (call->manager),
                             call->local_port, call->sdp_session_id,
                             call->sdp_version++, direction);
}

char *
_sc_call_make_answer (ScCall          *call,
                      const char      *offer,
                      ScSdpDirection   direction,
                      GError         **error)
{
  g_autoptr(ScSdpOffer) parsed = NULL;

  /* The INVITE's own offer was parsed on arrival: answer that. */
  if (call->offer != NULL && g_strcmp0 (offer, call->remote_sdp) == 0)
    parsed = g_steal_pointer (&call->offer);
  else
    parsed = _sc_sdp_offer_parse (offer, NULL, error);
  if (parsed == NULL || !call_allocate_port (call, error))
    return NULL;
  return _sc_sdp_offer_answer (parsed, _sc_session_manager_get_media_host (call->manager),
                               call->local_port, call->sdp_session_id,
                               call->sdp_version++, direction, NULL, error);
}

void
_sc_call_take_offer (ScCall     *call,
                     char       *sdp,
                     ScSdpOffer *offer,
                     ScSdpAudio *audio)
{
  g_free (call->remote_sdp);
  call->remote_sdp = sdp;
  g_clear_pointer (&call->offer, _sc_sdp_offer_free);
  call->offer = offer;
  _sc_sdp_audio_clear (&call->remote_audio);
  call->remote_audio = *audio;
  memset (audio, 0, sizeof *audio);
  call->have_remote_audio = TRUE;
}

/* Stores an SDP the peer sent; FALSE (and the error) when it is unusable. */
gboolean
_sc_call_set_remote_sdp (ScCall      *call,
                         const char  *sdp,
                         GError     **error)
{
  g_auto(ScSdpAudio) audio = { 0 };

  if (!_sc_sdp_parse_audio (sdp, &audio, error))
    return FALSE;
  g_free (call->remote_sdp);
  call->remote_sdp = g_strdup (sdp);
  _sc_sdp_audio_clear (&call->remote_audio);
  call->remote_audio = audio;
  memset (&audio, 0, sizeof audio);
  call->have_remote_audio = TRUE;
  return TRUE;
}

void
_sc_call_set_local_sdp (ScCall     *call,
                        const char *sdp)
{
  g_free (call->local_sdp);
  call->local_sdp = g_strdup (sdp);
}

/* Makes the call's RTP follow what offer and answer say: where to send,
 * which codec, whether we send at all, and what. Run whenever the dialog
 * reaches "ready" (after the first answer and after every re-INVITE). */
void
_sc_call_sync_media (ScCall *call)
{
  ScMediaEngine *media = _sc_session_manager_get_media_engine (call->manager);
  g_auto(ScSdpAudio) local = { 0 };
  g_autoptr(GError) error = NULL;
  ScMediaLegConfig config = { 0 };
  ScAudioSource *source = call->source;

  if (media == NULL || call->local_port == 0 || !call->have_remote_audio ||
      call->local_sdp == NULL || !_sc_sdp_parse_audio (call->local_sdp, &local, NULL))
    return;

  if (call->leg == NULL)
    {
      ScPortPool *ports = _sc_session_manager_get_port_pool (call->manager);
      GSocket *rtp = _sc_port_pool_get_rtp_socket (ports, call->local_port);
      GSocket *rtcp = _sc_port_pool_get_rtcp_socket (ports, call->local_port);

      if (rtp == NULL || rtcp == NULL)
        return;
      call->leg = _sc_media_engine_add_leg (media, _sc_call_get_id (call), rtp, rtcp);
    }

  config.remote_address = call->remote_audio.address;
  config.remote_port = call->remote_audio.port;
  config.law = g_ascii_strcasecmp (call->remote_audio.codec, "PCMA") == 0
               ? SC_G711_ALAW : SC_G711_ULAW;
  config.payload_type = (guint8) call->remote_audio.payload_type;
  config.telephone_event_pt = call->remote_audio.telephone_event_pt;
  config.send = call->remote_audio.port != 0 &&
                (local.direction == SC_SDP_SENDRECV || local.direction == SC_SDP_SENDONLY);
  if (call->held_by_us)
    {
      /* On hold the other side hears the music on hold, or nothing. */
      source = _sc_session_manager_get_music_on_hold (call->manager);
      config.send = config.send && source != NULL;
    }

  if (!_sc_media_leg_configure (call->leg, &config, &error))
    {
      /* The peer's SDP named something we cannot send to (a host name in
       * c=, say): the call goes on without our audio. Network input is
       * not a programming error, hence a message, not a warning. */
      g_message ("%s: cannot start media: %s", _sc_call_get_id (call), error->message);
      return;
    }
  _sc_media_leg_set_source (call->leg, source);
  _sc_media_leg_set_muted (call->leg, call->muted);
}

/* The leg goes first: it must stop using the sockets before the pool
 * closes them. */
void
_sc_call_release_media (ScCall *call)
{
  ScPortPool *ports = _sc_session_manager_get_port_pool (call->manager);

  if (call->leg != NULL)
    {
      _sc_media_engine_remove_leg (_sc_session_manager_get_media_engine (call->manager),
                                   call->leg);
      call->leg = NULL;
    }
  if (call->local_port != 0 && ports != NULL)
    {
      _sc_port_pool_release (ports, call->local_port);
      call->local_port = 0;
    }
}

void
_sc_call_set_source (ScCall        *call,
                     ScAudioSource *source)
{
  g_clear_pointer (&call->source, _sc_audio_source_unref);
  call->source = source ? _sc_audio_source_ref (source) : NULL;
  _sc_call_sync_media (call);
}

void
_sc_call_set_muted (ScCall   *call,
                    gboolean  muted)
{
  call->muted = !!muted;
  if (call->leg != NULL)
    _sc_media_leg_set_muted (call->leg, call->muted);
}
