/* sc-media-engine-private.h: what legs and routes need from their engine
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sc-media-engine.h"

G_BEGIN_DECLS

/* The one lock of the engine: the media thread holds it while it
 * processes a batch of packets or a tick; everything else takes it to
 * touch a leg or a route. */
void  _sc_media_engine_lock              (ScMediaEngine     *engine);
void  _sc_media_engine_unlock            (ScMediaEngine     *engine);

/* With the lock held: epoll wakes the media thread for @leg's RTP if
 * the leg is immediate, not if it is paced (sc-media-leg-private.h). */
void  _sc_media_engine_watch_leg_rtp     (ScMediaEngine     *engine,
                                          ScMediaLeg        *leg);

/* With the lock held: queue an event, delivered once the media thread
 * releases the lock. A leg's own events go to the engine's owner; a
 * route's to @sink, its creator's. */
void  _sc_media_engine_queue_leg_event   (ScMediaEngine     *engine,
                                          ScMediaEventType   type,
                                          const char        *leg_id,
                                          char               digit,
                                          guint              duration_ms);
void  _sc_media_engine_queue_route_event (ScMediaEngine     *engine,
                                          ScMediaEventSink  *sink,
                                          guint              code,
                                          const char        *leg_id);

G_END_DECLS
