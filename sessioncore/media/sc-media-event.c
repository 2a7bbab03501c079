/* sc-media-event.c: what the media thread tells its owners, and how it
 * gets to them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The media thread never calls application code. What it notices is
 * queued while it holds the engine lock, and handed over once the lock is
 * released, as an idle source attached to the owner's GMainContext: the
 * callback runs in the owner's thread, between its other work.
 *
 * There are two kinds of owner: the engine's (the session manager, which
 * hears of every leg's flow and DTMF) and a route's (whoever made the
 * route: a bridge, a conference). Both use one mechanism, a sink; only
 * the shape of the event differs.
 */

#include "config.h"

#include "sc-media-event.h"

struct _ScMediaEventSink
{
  gatomicrefcount        ref_count;
  /* Guards owner: the media thread posts to it while the owner's thread
   * may be closing the sink. */
  GMutex                 lock;
  GMainContext          *owner;        /* NULL once closed */
  ScMediaEventFunc       leg_func;     /* one of these two */
  ScMediaRouteEventFunc  route_func;
  gpointer               user_data;
};

typedef struct {
  ScMediaEventSink *sink;
  ScMediaEventType  type;              /* leg events */
  guint             code;              /* route events */
  char             *leg_id;
  char              digit;
  guint             duration_ms;
} PendingEvent;

struct _ScMediaEventQueue
{
  GArray *events;                      /* PendingEvent */
};

/* ------------------------------------------------------------------ */
/* Sinks                                                                */

static ScMediaEventSink *
sink_new (GMainContext *owner,
          gpointer      user_data)
{
  ScMediaEventSink *sink = g_new0 (ScMediaEventSink, 1);

  g_atomic_ref_count_init (&sink->ref_count);
  g_mutex_init (&sink->lock);
  sink->owner = g_main_context_ref (owner);
  sink->user_data = user_data;
  return sink;
}

static ScMediaEventSink *
sink_ref (ScMediaEventSink *sink)
{
  g_atomic_ref_count_inc (&sink->ref_count);
  return sink;
}

void
_sc_media_event_sink_unref (ScMediaEventSink *sink)
{
  if (!g_atomic_ref_count_dec (&sink->ref_count))
    return;
  g_clear_pointer (&sink->owner, g_main_context_unref);
  g_mutex_clear (&sink->lock);
  g_free (sink);
}

ScMediaEventSink *
_sc_media_event_sink_new_for_legs (GMainContext     *owner,
                                   ScMediaEventFunc  func,
                                   gpointer          user_data)
{
  ScMediaEventSink *sink = sink_new (owner, user_data);

  sink->leg_func = func;
  return sink;
}

ScMediaEventSink *
_sc_media_event_sink_new_for_route (GMainContext          *owner,
                                    ScMediaRouteEventFunc  func,
                                    gpointer               user_data)
{
  ScMediaEventSink *sink = sink_new (owner, user_data);

  sink->route_func = func;
  return sink;
}

void
_sc_media_event_sink_close (ScMediaEventSink *sink)
{
  GMainContext *owner;

  /* Dropping the context here, not when the last event in flight is
   * freed, means no cycle: those events live in sources attached to that
   * very context. */
  g_mutex_lock (&sink->lock);
  owner = g_steal_pointer (&sink->owner);
  g_mutex_unlock (&sink->lock);
  g_clear_pointer (&owner, g_main_context_unref);
}

/* ------------------------------------------------------------------ */
/* Delivery, in the owner's context                                     */

static void
pending_event_free (gpointer data)
{
  PendingEvent *pending = data;

  _sc_media_event_sink_unref (pending->sink);
  g_free (pending->leg_id);
  g_free (pending);
}

static gboolean
deliver_event_cb (gpointer data)
{
  PendingEvent *pending = data;
  ScMediaEventSink *sink = pending->sink;
  gboolean open;

  /* Closing happens in this same thread, so the answer cannot change
   * before the callback runs; the lock only orders us with the media
   * thread. */
  g_mutex_lock (&sink->lock);
  open = sink->owner != NULL;
  g_mutex_unlock (&sink->lock);
  if (!open)
    return G_SOURCE_REMOVE;

  if (sink->leg_func != NULL)
    {
      ScMediaEvent event = {
        .type = pending->type,
        .leg_id = pending->leg_id,
        .digit = pending->digit,
        .duration_ms = pending->duration_ms,
      };

      sink->leg_func (sink->user_data, &event);
    }
  else
    {
      ScMediaRouteEvent event = {
        .code = pending->code,
        .leg_id = pending->leg_id,
      };

      sink->route_func (sink->user_data, &event);
    }
  return G_SOURCE_REMOVE;
}

/* ------------------------------------------------------------------ */
/* The queue, in the media thread                                       */

ScMediaEventQueue *
_sc_media_event_queue_new (void)
{
  ScMediaEventQueue *queue = g_new0 (ScMediaEventQueue, 1);

  queue->events = g_array_new (FALSE, FALSE, sizeof (PendingEvent));
  return queue;
}

void
_sc_media_event_queue_free (ScMediaEventQueue *queue)
{
  for (guint i = 0; i < queue->events->len; i++)
    {
      PendingEvent *pending = &g_array_index (queue->events, PendingEvent, i);

      _sc_media_event_sink_unref (pending->sink);
      g_free (pending->leg_id);
    }
  g_array_unref (queue->events);
  g_free (queue);
}

void
_sc_media_event_queue_push_leg (ScMediaEventQueue *queue,
                                ScMediaEventSink  *sink,
                                ScMediaEventType   type,
                                const char        *leg_id,
                                char               digit,
                                guint              duration_ms)
{
  PendingEvent pending = {
    .sink = sink_ref (sink),
    .type = type,
    .leg_id = g_strdup (leg_id),
    .digit = digit,
    .duration_ms = duration_ms,
  };

  g_array_append_val (queue->events, pending);
}

void
_sc_media_event_queue_push_route (ScMediaEventQueue *queue,
                                  ScMediaEventSink  *sink,
                                  guint              code,
                                  const char        *leg_id)
{
  PendingEvent pending = {
    .sink = sink_ref (sink),
    .code = code,
    .leg_id = g_strdup (leg_id),
  };

  g_array_append_val (queue->events, pending);
}

void
_sc_media_event_queue_move (ScMediaEventQueue *to,
                            ScMediaEventQueue *from)
{
  g_array_append_vals (to->events, from->events->data, from->events->len);
  g_array_set_size (from->events, 0);
}

void
_sc_media_event_queue_flush (ScMediaEventQueue *queue)
{
  for (guint i = 0; i < queue->events->len; i++)
    {
      PendingEvent *copy = g_new (PendingEvent, 1);
      ScMediaEventSink *sink;

      *copy = g_array_index (queue->events, PendingEvent, i);
      sink = copy->sink;

      /* Always a source, never a direct call: g_main_context_invoke ()
       * would run the callback right here, in the media thread, whenever
       * the owner is the global default context and its thread is not
       * iterating it at this moment. */
      g_mutex_lock (&sink->lock);
      if (sink->owner != NULL)
        {
          GSource *source = g_idle_source_new ();

          g_source_set_priority (source, G_PRIORITY_DEFAULT);
          g_source_set_callback (source, deliver_event_cb, copy, pending_event_free);
          g_source_set_static_name (source, "[sessioncore] media event");
          g_source_attach (source, sink->owner);
          g_source_unref (source);
          copy = NULL;
        }
      g_mutex_unlock (&sink->lock);
      if (copy != NULL)
        pending_event_free (copy);
    }
  g_array_set_size (queue->events, 0);
}
