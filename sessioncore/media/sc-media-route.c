/* sc-media-route.c: what a leg's packets feed, and where its audio comes
 * from
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A leg on no route is unbridged: it counts what it receives and sends
 * its own source. A route changes both ends at once: it sees every valid
 * packet the leg receives, and may supply the audio the leg sends each
 * tick, or send the leg's packets itself the moment they are ready. The
 * two-party relay and the mix-minus mixer are routes; so are the tests'.
 *
 * A route is called in the media thread with the engine lock held, like
 * the leg it serves, so it needs no lock of its own. Its events go to
 * whoever created it, in that creator's context: a bridge hears of its
 * bridge, while the legs' own events still go to the session manager.
 */

#include "config.h"

#include "sc-media-route.h"

#include "sc-media-engine-private.h"
#include "sc-media-leg-private.h"

ScMediaRoute *
_sc_media_route_new (const ScMediaRouteFuncs *funcs,
                     gsize                    struct_size,
                     GMainContext            *owner,
                     ScMediaRouteEventFunc    func,
                     gpointer                 user_data)
{
  ScMediaRoute *route;

  g_return_val_if_fail (funcs != NULL, NULL);
  g_return_val_if_fail (struct_size >= sizeof (ScMediaRoute), NULL);
  g_return_val_if_fail (owner != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);

  route = g_malloc0 (struct_size);
  route->funcs = funcs;
  g_atomic_ref_count_init (&route->ref_count);
  route->sink = _sc_media_event_sink_new_for_route (owner, func, user_data);
  return route;
}

void
_sc_media_route_destroy (ScMediaRoute *route)
{
  g_return_if_fail (route != NULL);

  /* The route keeps its sink (the media thread may be queueing to it
   * right now): closed, it drops those events instead of delivering. */
  _sc_media_event_sink_close (route->sink);
  _sc_media_route_unref (route);
}

ScMediaRoute *
_sc_media_route_ref (ScMediaRoute *route)
{
  g_return_val_if_fail (route != NULL, NULL);

  g_atomic_ref_count_inc (&route->ref_count);
  return route;
}

void
_sc_media_route_unref (ScMediaRoute *route)
{
  g_return_if_fail (route != NULL);

  if (!g_atomic_ref_count_dec (&route->ref_count))
    return;
  if (route->funcs->finalize != NULL)
    route->funcs->finalize (route);
  /* Closed already, unless the creator let go by unref alone. */
  _sc_media_event_sink_close (route->sink);
  _sc_media_event_sink_unref (route->sink);
  g_free (route);
}

void
_sc_media_route_queue_event (ScMediaRoute *route,
                             ScMediaLeg   *leg,
                             guint         code)
{
  _sc_media_engine_queue_route_event (_sc_media_leg_get_engine (leg),
                                      route->sink, code,
                                      _sc_media_leg_get_id (leg));
}

void
_sc_media_route_post_event (ScMediaRoute *route,
                            guint         code,
                            const char   *leg_id)
{
  ScMediaEventQueue *queue = _sc_media_event_queue_new ();

  _sc_media_event_queue_push_route (queue, route->sink, code, leg_id);
  _sc_media_event_queue_flush (queue);
  _sc_media_event_queue_free (queue);
}
