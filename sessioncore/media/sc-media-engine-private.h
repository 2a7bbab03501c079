/* sc-media-engine-private.h: what legs need from their engine
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sc-media-engine.h"

G_BEGIN_DECLS

/* The one lock of the engine: the media thread holds it while it
 * processes a batch of packets or a tick; everything else takes it to
 * touch a leg. */
void  _sc_media_engine_lock              (ScMediaEngine     *engine);
void  _sc_media_engine_unlock            (ScMediaEngine     *engine);

/* With the lock held: queue a leg's event for the engine's owner,
 * delivered once the media thread releases the lock. */
void  _sc_media_engine_queue_leg_event   (ScMediaEngine     *engine,
                                          ScMediaEventType   type,
                                          const char        *leg_id,
                                          char               digit,
                                          guint              duration_ms);

G_END_DECLS
