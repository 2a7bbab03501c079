/* sc-media-engine.h: every call's RTP, on one media thread
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sc-audio-source.h"
#include "sc-g711.h"

G_BEGIN_DECLS

typedef struct _ScMediaEngine ScMediaEngine;
typedef struct _ScMediaLeg    ScMediaLeg;

typedef enum {
  SC_MEDIA_EVENT_FLOW_STARTED,
  SC_MEDIA_EVENT_FLOW_STOPPED,
  SC_MEDIA_EVENT_DTMF,
} ScMediaEventType;

typedef struct {
  ScMediaEventType  type;
  const char       *leg_id;       /* the session id the leg was made for */
  char              digit;        /* DTMF */
  guint             duration_ms;  /* DTMF */
} ScMediaEvent;

/* Called in the owner's GMainContext, never in the media thread. */
typedef void (*ScMediaEventFunc) (gpointer            user_data,
                                  const ScMediaEvent *event);

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
} ScMediaStats;

typedef struct {
  char      *remote_address;      /* where RTP goes (from the peer's SDP) */
  guint16    remote_port;
  ScG711Law  law;
  guint8     payload_type;
  int        telephone_event_pt;  /* -1: none negotiated */
  gboolean   send;                /* the negotiated direction lets us send */
} ScMediaLegConfig;

ScMediaEngine *_sc_media_engine_new         (GMainContext     *owner,
                                             ScMediaEventFunc  func,
                                             gpointer          user_data,
                                             GError          **error);
/* Stops the thread and frees every leg; no event is delivered after. */
void           _sc_media_engine_free        (ScMediaEngine    *engine);
guint          _sc_media_engine_get_n_legs  (ScMediaEngine    *engine);

/* The leg takes references on the sockets; they must stay bound until
 * the leg is removed. */
ScMediaLeg    *_sc_media_engine_add_leg     (ScMediaEngine    *engine,
                                             const char       *id,
                                             GSocket          *rtp_socket,
                                             GSocket          *rtcp_socket);
void           _sc_media_engine_remove_leg  (ScMediaEngine    *engine,
                                             ScMediaLeg       *leg);

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

G_END_DECLS
