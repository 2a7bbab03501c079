/* sc-media-engine.h: every call's RTP, on one media thread
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sc-media-event.h"
#include "sc-media-leg.h"

G_BEGIN_DECLS

typedef struct _ScMediaEngine ScMediaEngine;

/* @func hears every leg's own events (flow, DTMF) in @owner. */
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
/* Takes the leg off its route, if any, and frees it. */
void           _sc_media_engine_remove_leg  (ScMediaEngine    *engine,
                                             ScMediaLeg       *leg);

G_END_DECLS
