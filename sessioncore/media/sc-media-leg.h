/* sc-media-leg.h: one call's RTP, as the media engine runs it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sc-audio-source.h"
#include "sc-g711.h"

G_BEGIN_DECLS

typedef struct _ScMediaLeg   ScMediaLeg;
typedef struct _ScMediaRoute ScMediaRoute;   /* sc-media-route.h */

typedef struct {
  guint64 packets_sent;
  guint64 bytes_sent;
  guint64 packets_received;
  guint64 bytes_received;
  guint64 packets_lost;
  double  jitter_ms;
  guint64 rtcp_sent;
  guint64 rtcp_received;
  guint64 dtmf_events_sent;
  /* What a receiver notices when a stream is not continuous: a new SSRC,
   * or a sequence number far from the last one. */
  guint64 ssrc_changes;
  guint64 sequence_jumps;
} ScMediaStats;

typedef struct {
  char      *remote_address;      /* where RTP goes (from the peer's SDP) */
  guint16    remote_port;
  ScG711Law  law;
  guint8     payload_type;
  int        telephone_event_pt;  /* -1: none negotiated */
  gboolean   send;                /* the negotiated direction lets us send */
} ScMediaLegConfig;

/* Legs are made and removed by the engine (sc-media-engine.h). These are
 * called from the engine owner's thread; each takes the engine lock. */

gboolean       _sc_media_leg_configure      (ScMediaLeg             *leg,
                                             const ScMediaLegConfig *config,
                                             GError                **error);
/* NULL plays silence. */
void           _sc_media_leg_set_source     (ScMediaLeg       *leg,
                                             ScAudioSource    *source);
void           _sc_media_leg_set_muted      (ScMediaLeg       *leg,
                                             gboolean          muted);
gboolean       _sc_media_leg_can_send_dtmf  (ScMediaLeg       *leg);
void           _sc_media_leg_send_dtmf      (ScMediaLeg       *leg,
                                             const char       *digits);
void           _sc_media_leg_get_stats      (ScMediaLeg       *leg,
                                             ScMediaStats     *stats);

/* For tests and recording: keep the last @max_samples of decoded audio
 * received on the leg (0 stops), and copy them out. */
void           _sc_media_leg_set_capture    (ScMediaLeg       *leg,
                                             guint             max_samples);
guint          _sc_media_leg_take_capture   (ScMediaLeg       *leg,
                                             gint16           *out,
                                             guint             max_samples);

/* What the leg's incoming packets feed and where its outgoing audio comes
 * from (sc-media-route.h); NULL: unbridged, the leg's own source plays.
 * Switched atomically under the engine lock: no packet or tick sees half
 * of a change. All legs of one route belong to one engine. Not from a
 * route's own functions (they run with the lock held). */
void           _sc_media_leg_set_route      (ScMediaLeg       *leg,
                                             ScMediaRoute     *route);

/* For routes, in the media thread with the engine lock held. */

/* The id the leg was made for (the session id). */
const char    *_sc_media_leg_get_id         (ScMediaLeg       *leg);
/* Sends one RTP packet out of @leg now, exactly as given (the route has
 * written the header it wants), to where the leg sends its own; counted
 * in the leg's stats. FALSE when the leg may not send (not configured,
 * or the negotiated direction forbids it) or the socket refused. */
gboolean       _sc_media_leg_send_rtp       (ScMediaLeg       *leg,
                                             const guint8     *packet,
                                             gsize             len,
                                             gsize             payload_offset);
/* What the leg negotiated, as of now (a re-INVITE may change it):
 * @telephone_event_pt is -1 when none was. */
void           _sc_media_leg_get_codec      (ScMediaLeg       *leg,
                                             ScG711Law        *law,
                                             guint8           *payload_type,
                                             int              *telephone_event_pt);
/* Sends @payload out of @leg now as a packet of the leg's own stream: its
 * SSRC, its next sequence number, @payload_type (the leg's own: the
 * caller maps it), and a timestamp mapped from @source_timestamp. The
 * mapping (an offset) is fixed when a stretch of relayed packets starts
 * (the first packet, a new @source_ssrc, or a source whose timing jumped)
 * so that the stretch starts at the leg's clock and keeps the source's
 * own timing, RFC 4733 events included; the start is marked. A muted leg
 * sends silence of the same length instead (no telephone-events).
 * Counted in the leg's stats and RTCP reports. FALSE when the leg may not
 * send, plays a digit of its own, or the socket refused. */
gboolean       _sc_media_leg_send_relayed   (ScMediaLeg       *leg,
                                             const guint8     *payload,
                                             gsize             len,
                                             guint8            payload_type,
                                             gboolean          marker,
                                             guint32           source_ssrc,
                                             guint32           source_timestamp,
                                             gint64            now_us);
/* Queues @digit on the leg's own RFC 4733 sender, as
 * _sc_media_leg_send_dtmf () does. FALSE when the leg negotiated no
 * telephone-event or @digit is not a DTMF digit. */
gboolean       _sc_media_leg_queue_dtmf     (ScMediaLeg       *leg,
                                             char              digit);

G_END_DECLS
