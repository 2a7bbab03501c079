/* sc-media-leg-private.h: what only the media core (the engine, routes)
 * calls on a leg
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sc-media-engine.h"

G_BEGIN_DECLS

/* The largest datagram the engine reads. */
#define SC_MEDIA_MAX_PACKET 2048

/* Takes references on the sockets. */
ScMediaLeg    *_sc_media_leg_new            (ScMediaEngine    *engine,
                                             const char       *id,
                                             GSocket          *rtp_socket,
                                             GSocket          *rtcp_socket);
/* The leg must be off its route (_sc_media_leg_take_route). */
void           _sc_media_leg_free           (ScMediaLeg       *leg);

/* The leg's slot in the engine's table (its name in epoll); 0 once the
 * engine has removed it. Under the engine lock. */
void           _sc_media_leg_set_slot       (ScMediaLeg       *leg,
                                             guint             slot);
guint          _sc_media_leg_get_slot       (ScMediaLeg       *leg);
int            _sc_media_leg_get_fd         (ScMediaLeg       *leg,
                                             gboolean          rtcp);
ScMediaEngine *_sc_media_leg_get_engine     (ScMediaLeg       *leg);

/* What the media thread reads datagrams into, a batch at a time
 * (recvmmsg): the engine's, shared by all its legs. */
typedef struct _ScMediaReceiveBuffers ScMediaReceiveBuffers;

ScMediaReceiveBuffers *_sc_media_receive_buffers_new  (void);
void           _sc_media_receive_buffers_free (ScMediaReceiveBuffers *buffers);
/* Before reading paced legs: the offset that turns the kernel's arrival
 * timestamps (real time) into the monotonic clock the legs count in. */
void           _sc_media_receive_buffers_set_clock (ScMediaReceiveBuffers *buffers);

/* The rest runs with the engine lock held. */

/* Reads every datagram waiting on the leg's RTP or RTCP socket and
 * processes each in order. An immediate leg's RTP (and any RTCP) counts as
 * arrived at @now_us; a paced leg's, read at the tick, as of its kernel
 * timestamp. */
void           _sc_media_leg_drain          (ScMediaLeg            *leg,
                                             gboolean               rtcp,
                                             ScMediaReceiveBuffers *buffers,
                                             gint64                 now_us);
/* Whether the leg's RTP wakes the media thread as it arrives (its route
 * asked for that: the relay) or waits in the socket for the tick, which
 * reads it before anything else the tick does (every other leg). RTCP
 * always wakes the thread: it is rare. */
gboolean       _sc_media_leg_is_immediate   (ScMediaLeg       *leg);
/* For routes, from attach () and detach (): see sc-media-route.h. A leg
 * that captures (_sc_media_leg_set_capture (), the tests' ear) is
 * immediate too, whatever its route. */
void           _sc_media_leg_set_immediate  (ScMediaLeg       *leg,
                                             gboolean          immediate);
/* One 20 ms step: the next packet, flow timeout, RTCP when due. */
void           _sc_media_leg_tick           (ScMediaLeg       *leg,
                                             gint64            now_us);
/* The engine skipped @n_ticks after a stall: the RTP clock skips as much
 * and the jump is marked. */
void           _sc_media_leg_skip_ticks     (ScMediaLeg       *leg,
                                             guint32           n_ticks);
/* Takes the leg off its route (the route hears of it); returns the
 * route's reference for the caller to drop once the lock is released,
 * or NULL. */
ScMediaRoute  *_sc_media_leg_take_route     (ScMediaLeg       *leg);
/* _sc_media_leg_set_route () with the lock already held, for whoever
 * moves several legs in one step: returns the old route's reference for
 * the caller to drop once the lock is released, or NULL. */
ScMediaRoute  *_sc_media_leg_swap_route     (ScMediaLeg       *leg,
                                             ScMediaRoute     *route);

G_END_DECLS
