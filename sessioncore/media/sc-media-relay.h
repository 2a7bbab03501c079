/* sc-media-relay.h: two legs, each hearing the other, packet by packet
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

#include "sc-media-route.h"

G_BEGIN_DECLS

/* A route (sc-media-route.h) for two legs: each packet one leg receives
 * goes out of the other the moment it arrives, as part of that leg's own
 * stream. Reports no events of its own: @owner, @func and @user_data are
 * those of _sc_media_route_new (). A third leg on it is left to its own
 * source. */
ScMediaRoute *_sc_media_relay_new (GMainContext          *owner,
                                   ScMediaRouteEventFunc  func,
                                   gpointer               user_data);

G_END_DECLS
