/* sc-media-relay.c: two legs, each hearing the other, packet by packet
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A two-party bridge needs no mixing: what A's phone sends is what B's
 * phone should hear. Each packet goes on in the receive path, not on the
 * 20 ms tick, so the relay adds no delay and no buffering: its legs are
 * immediate (sc-media-route.h), the only ones whose packets wake the
 * media thread as they arrive. The payload is
 * left alone when both legs speak the same G.711 law and re-coded by
 * table otherwise; RFC 4733 events go on under the payload type the
 * receiving leg negotiated. Everything else (comfort noise, codecs the
 * legs never agreed on) is dropped. Both legs' codecs are read at each
 * packet: a re-INVITE may change them mid-bridge.
 *
 * The sending leg stamps each packet as part of its own stream
 * (_sc_media_leg_send_relayed ()), so each phone sees one SSRC, one
 * sequence and one clock whatever the relay does. When nothing has come
 * from the other side for a while (it has not started, or stopped), the
 * tick sends silence instead: the phone keeps receiving a stream.
 *
 * Runs with the engine lock held, like every route; no allocation per
 * packet.
 */

#include "config.h"

#include "sc-media-relay.h"

#include "sc-media-leg-private.h"

#include <string.h>

/* Longer than network jitter, short enough that a stopped partner soon
 * gives a steady stream of silence. */
#define IDLE_US  (100 * G_TIME_SPAN_MILLISECOND)

typedef struct {
  ScMediaLeg *leg;
  gint64      last_out_us;   /* when the other's packet last went out of it */
} Side;

typedef struct {
  ScMediaRoute parent;
  Side         sides[2];
} ScMediaRelay;

static int
side_of (ScMediaRelay *self,
         ScMediaLeg   *leg)
{
  return self->sides[0].leg == leg ? 0 : self->sides[1].leg == leg ? 1 : -1;
}

static void
relay_attach (ScMediaRoute *route,
              ScMediaLeg   *leg)
{
  ScMediaRelay *self = (ScMediaRelay *) route;

  for (int i = 0; i < 2; i++)
    if (self->sides[i].leg == NULL)
      {
        self->sides[i].leg = leg;
        self->sides[i].last_out_us = 0;
        /* Each packet as it arrives, not at the tick. */
        _sc_media_leg_set_immediate (leg, TRUE);
        return;
      }
}

static void
relay_detach (ScMediaRoute *route,
              ScMediaLeg   *leg)
{
  ScMediaRelay *self = (ScMediaRelay *) route;
  int i = side_of (self, leg);

  if (i >= 0)
    {
      self->sides[i].leg = NULL;
      _sc_media_leg_set_immediate (leg, FALSE);
    }
}

static void
relay_receive (ScMediaRoute     *route,
               ScMediaLeg       *leg,
               ScMediaRtpPacket *packet,
               gint64            now_us)
{
  ScMediaRelay *self = (ScMediaRelay *) route;
  int i = side_of (self, leg);
  Side *out;
  guint8 *payload = packet->data + packet->payload_offset;
  ScG711Law in_law, out_law;
  guint8 in_pt, out_pt, payload_type;
  int in_event, out_event;

  if (i < 0 || self->sides[1 - i].leg == NULL)
    return;
  out = &self->sides[1 - i];

  _sc_media_leg_get_codec (leg, &in_law, &in_pt, &in_event);
  _sc_media_leg_get_codec (out->leg, &out_law, &out_pt, &out_event);
  if (packet->payload_type == in_pt)
    {
      /* In place: the packet is ours to rewrite. */
      if (in_law != out_law)
        _sc_g711_transcode (in_law, out_law, payload, payload, packet->payload_len);
      payload_type = out_pt;
    }
  else if (in_event >= 0 && packet->payload_type == in_event)
    {
      if (out_event < 0)
        return;   /* the other phone cannot take digits out of band */
      payload_type = (guint8) out_event;
    }
  else
    return;

  if (_sc_media_leg_send_relayed (out->leg, payload, packet->payload_len,
                                  payload_type, packet->marker, packet->ssrc,
                                  packet->timestamp, now_us))
    out->last_out_us = now_us;
}

static ScMediaFill
relay_fill (ScMediaRoute *route,
            ScMediaLeg   *leg,
            gint16       *samples,
            gint64        now_us)
{
  ScMediaRelay *self = (ScMediaRelay *) route;
  int i = side_of (self, leg);

  if (i < 0)
    return SC_MEDIA_FILL_SOURCE;
  /* The relay sends this leg's packets while the other side talks. */
  if (self->sides[i].last_out_us != 0 && now_us - self->sides[i].last_out_us < IDLE_US)
    return SC_MEDIA_FILL_NOTHING;
  memset (samples, 0, SC_MEDIA_SAMPLES_PER_TICK * sizeof *samples);
  return SC_MEDIA_FILL_AUDIO;
}

static const ScMediaRouteFuncs relay_funcs = {
  .attach = relay_attach,
  .detach = relay_detach,
  .receive = relay_receive,
  .fill = relay_fill,
};

ScMediaRoute *
_sc_media_relay_new (GMainContext          *owner,
                     ScMediaRouteEventFunc  func,
                     gpointer               user_data)
{
  return _sc_media_route_new (&relay_funcs, sizeof (ScMediaRelay), owner, func,
                              user_data);
}
