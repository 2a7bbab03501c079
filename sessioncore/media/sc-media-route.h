/* sc-media-route.h: what a leg's packets feed, and where its audio comes
 * from
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

#include "sc-media-event.h"
#include "sc-media-leg.h"

G_BEGIN_DECLS

/* 20 ms at 8 kHz: what one tick sends. */
#define SC_MEDIA_SAMPLES_PER_TICK 160

/* One valid incoming RTP packet, parsed once by the leg. */
typedef struct {
  guint8   *data;            /* the whole datagram, header included */
  gsize     len;
  gsize     payload_offset;  /* after CSRCs and header extension */
  gsize     payload_len;     /* without padding */
  guint8    payload_type;
  gboolean  marker;
  guint16   seq;
  guint32   timestamp;
  guint32   ssrc;
} ScMediaRtpPacket;

/* What fill () made of this tick. */
typedef enum {
  SC_MEDIA_FILL_SOURCE,      /* nothing: the leg's own source plays */
  SC_MEDIA_FILL_AUDIO,       /* the samples: the leg encodes and sends them */
  SC_MEDIA_FILL_NOTHING,     /* send nothing: the route sends the leg's
                              * packets itself (a relay) */
} ScMediaFill;

/* Every function may be NULL. All but finalize run with the engine lock
 * held: receive and fill in the media thread, attach and detach in
 * whichever thread moves a leg onto or off the route. They must not block
 * and must not call back into functions that take the lock.
 *
 * When packets reach receive (): a leg is *paced* unless its route says
 * otherwise. A paced leg's packets wait in its socket for the next tick,
 * which reads them all before it calls any tick () or fill (), so a route
 * that consumes audio on the tick (the mixer) sees every packet that
 * arrived before the tick, as it would have packet by packet, without the
 * media thread waking for each; @now_us is then the packet's arrival
 * (the kernel's timestamp), earlier than the tick's. A route that must act
 * on each packet the moment it arrives (the relay sends it on) makes its
 * legs *immediate*: _sc_media_leg_set_immediate (leg, TRUE) in attach (),
 * FALSE in detach () (sc-media-leg-private.h). */
typedef struct {
  /* @leg is now on the route. */
  void        (*attach)   (ScMediaRoute      *route,
                           ScMediaLeg        *leg);
  /* @leg is leaving the route (moved to another, or removed): forget it. */
  void        (*detach)   (ScMediaRoute      *route,
                           ScMediaLeg        *leg);
  /* Each valid RTP packet received on @leg, after the leg counted it,
   * latched, looked for DTMF and captured it: as it arrives on an
   * immediate leg, at the next tick on a paced one (above). The packet lives in the
   * engine's receive buffer: the route may rewrite it in place (to send
   * it on with _sc_media_leg_send_relayed () or _sc_media_leg_send_rtp ()),
   * and must copy what it keeps. */
  void        (*receive)  (ScMediaRoute      *route,
                           ScMediaLeg        *leg,
                           ScMediaRtpPacket  *packet,
                           gint64             now_us);
  /* Each tick, for each leg on the route, before that leg's fill () and
   * whether or not it sends this tick (not configured, not allowed to
   * send, playing a digit): for what a route must do once a tick whatever
   * its legs do (mix, detect voices, record). Every leg's tick gets the
   * same @now_us: a route that wants one call a tick compares it with
   * the last. */
  void        (*tick)     (ScMediaRoute      *route,
                           ScMediaLeg        *leg,
                           gint64             now_us);
  /* Each tick at which @leg sends audio (configured, allowed to send, no
   * DTMF digit in play): write SC_MEDIA_SAMPLES_PER_TICK samples and say
   * so, or leave it to the leg's source, or send nothing. A muted leg
   * sends silence whatever this writes. */
  ScMediaFill (*fill)     (ScMediaRoute      *route,
                           ScMediaLeg        *leg,
                           gint16            *samples,
                           gint64             now_us);
  /* The last reference is gone, the route is on no leg: free what the
   * route's own struct holds (not the struct). */
  void        (*finalize) (ScMediaRoute      *route);
} ScMediaRouteFuncs;

/* Routes embed this as the first member of their own struct, as a GSource
 * does: (MyRoute *) route. */
struct _ScMediaRoute
{
  const ScMediaRouteFuncs *funcs;
  /*< private >*/
  gatomicrefcount          ref_count;
  ScMediaEventSink        *sink;
};

/* @struct_size: the size of the route's own struct, at least
 * sizeof (ScMediaRoute), zero-filled. What the route reports with
 * _sc_media_route_queue_event () reaches @func in @owner, never in the
 * media thread. The caller (the creator) holds the first reference. */
ScMediaRoute *_sc_media_route_new         (const ScMediaRouteFuncs *funcs,
                                           gsize                    struct_size,
                                           GMainContext            *owner,
                                           ScMediaRouteEventFunc    func,
                                           gpointer                 user_data);
/* The creator is done, in @owner's context: no event reaches its callback
 * after this returns, and its reference is dropped. Legs still on the
 * route keep it working until they leave it. */
void          _sc_media_route_destroy     (ScMediaRoute            *route);

/* Each leg on a route holds a reference; so may a route's creator. The
 * last unref finalizes: never from a route function. */
ScMediaRoute *_sc_media_route_ref         (ScMediaRoute            *route);
void          _sc_media_route_unref       (ScMediaRoute            *route);

/* From a route function (the engine lock held): report @code about @leg
 * to the route's creator once the media thread releases the lock. */
void          _sc_media_route_queue_event (ScMediaRoute            *route,
                                           ScMediaLeg              *leg,
                                           guint                    code);
/* From the creator's thread, without the engine lock: report @code
 * (about @leg_id, nullable) to the route's creator, delivered in its
 * context later like the media thread's events (never from within this
 * call), and not at all once the route is destroyed. */
void          _sc_media_route_post_event  (ScMediaRoute            *route,
                                           guint                    code,
                                           const char              *leg_id);

G_END_DECLS
