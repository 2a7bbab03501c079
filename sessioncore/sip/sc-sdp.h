/* sc-sdp.h: SDP offer/answer for G.711 audio (private)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef SESSIONCORE_COMPILATION
#error "sip/sc-sdp.h is private to sessioncore."
#endif

#include <glib.h>

G_BEGIN_DECLS

/* The payload numbers we offer.  PCMU and PCMA are static (RFC 3551);
 * telephone-event is dynamic, so an answer reuses whatever number the
 * offer chose and these only matter for our own offers. */
#define SC_SDP_PT_PCMU            0
#define SC_SDP_PT_PCMA            8
#define SC_SDP_PT_TELEPHONE_EVENT 101

#define SC_SDP_DEFAULT_PTIME 20

/* The direction attribute of a media stream, always from the point of
 * view of the side that wrote the SDP: SENDONLY in a remote SDP means the
 * remote sends and we receive. */
typedef enum {
  SC_SDP_SENDRECV,
  SC_SDP_SENDONLY,
  SC_SDP_RECVONLY,
  SC_SDP_INACTIVE,
} ScSdpDirection;

/* The audio stream of one SDP, or the result of a negotiation.
 *
 * @address is the connection address (media-level c= if any, else
 * session-level c=, else the o= address); never NULL once filled.
 * @port is 0 if the stream is disabled.
 * @payload_type and @codec ("PCMU" or "PCMA", @clock_rate 8000) are the
 * first codec of the m= line that we support, under the SDP's own payload
 * number; @telephone_event_pt is -1 if there is no telephone-event/8000.
 * @direction is the stream's a= direction (media level, else session
 * level, else sendrecv); @ptime comes from a=ptime, 20 ms if absent.
 *
 * Stack-allocate it as `g_auto (ScSdpAudio) audio = { 0, };`. */
typedef struct {
  char          *address;
  guint16        port;
  int            payload_type;
  char          *codec;
  guint          clock_rate;
  int            telephone_event_pt;
  ScSdpDirection direction;
  guint          ptime;
} ScSdpAudio;

void           _sc_sdp_audio_clear         (ScSdpAudio     *audio);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ScSdpAudio, _sc_sdp_audio_clear)

const char    *_sc_sdp_direction_to_string (ScSdpDirection  direction);
ScSdpDirection _sc_sdp_direction_reverse   (ScSdpDirection  direction);
ScSdpDirection _sc_sdp_direction_negotiate (ScSdpDirection  remote,
                                            ScSdpDirection  local);

gboolean       _sc_sdp_parse_audio         (const char     *sdp,
                                            ScSdpAudio     *out,
                                            GError        **error);
gboolean       _sc_sdp_is_malformed        (const char     *sdp);

/* An offer parsed once: checked on arrival, answered later (a call may
 * ring a while between the two). */
typedef struct _ScSdpOffer ScSdpOffer;

ScSdpOffer    *_sc_sdp_offer_parse         (const char     *sdp,
                                            ScSdpAudio     *out_audio,
                                            GError        **error);
char          *_sc_sdp_offer_answer        (ScSdpOffer     *offer,
                                            const char     *address,
                                            guint16         port,
                                            guint64         session_id,
                                            guint64         version,
                                            ScSdpDirection  local_direction,
                                            ScSdpAudio     *out_negotiated,
                                            GError        **error);
void           _sc_sdp_offer_free          (ScSdpOffer     *offer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScSdpOffer, _sc_sdp_offer_free)

char          *_sc_sdp_build               (const char     *address,
                                            guint16         port,
                                            guint64         session_id,
                                            guint64         version,
                                            ScSdpDirection  direction,
                                            const int      *payload_types,
                                            gsize           n_payload_types,
                                            int             telephone_event_pt);

char          *_sc_sdp_make_offer          (const char     *address,
                                            guint16         port,
                                            guint64         session_id,
                                            guint64         version,
                                            ScSdpDirection  direction);

char          *_sc_sdp_make_answer         (const char     *offer,
                                            const char     *address,
                                            guint16         port,
                                            guint64         session_id,
                                            guint64         version,
                                            ScSdpDirection  local_direction,
                                            ScSdpAudio     *out_negotiated,
                                            GError        **error);

G_END_DECLS
