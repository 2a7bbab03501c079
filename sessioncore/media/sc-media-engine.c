/* sc-media-engine.c: every call's RTP, on one media thread
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One thread per engine, whatever the number of calls. It wakes every
 * 20 ms to let each leg send its next packet, and otherwise waits on an
 * epoll set holding every leg's RTP and RTCP sockets.
 *
 * Not every packet wakes it: most legs' RTP is *paced*. A leg whose
 * route needs each packet the moment it arrives (the relay, which sends
 * it straight on) is *immediate*: its RTP socket is in the epoll set with
 * EPOLLIN. Every other leg (on the mixer, which only takes audio at the
 * tick, or on no route, where packets are only counted) keeps its RTP
 * socket in the set with no events, and the tick reads what waited, first
 * thing, before any leg ticks: the mixer gets the same frames it would
 * have got packet by packet, and the thread wakes 50 times a second
 * instead of once per packet (a third of the conference server's time
 * went to wake-ups). The leg counts each such packet as of its kernel
 * arrival time, so jitter and flow are what they were. A route switches
 * its legs with _sc_media_leg_set_immediate () (attach/detach, under the
 * lock); a leg that captures (the tests' ear) is immediate too. RTCP is
 * rare and always wakes the thread.
 *
 * What one leg does with its packets is the leg's (sc-media-leg.c) and
 * its route's (sc-media-route.c); this file is only the thread, the
 * clock, the table of legs (slots) and the lock.
 *
 * The engine never calls application code and never touches session
 * objects: what the legs and routes notice is queued under the lock and
 * posted to the owners' GMainContexts once the lock is released.
 * Everything the main thread asks (add a leg, configure it, read its
 * counters, change its route) takes the engine lock, which the media
 * thread holds while it processes one batch.
 */

#include "config.h"

#include "sc-media-engine.h"
#include "sc-media-engine-private.h"

#include <errno.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <gst/gst.h>

#include "sc-error.h"
#include "sc-media-leg-private.h"
#include "sc-media-route.h"

#define TICK_US             20000

/* A leg's place in the engine. epoll names a socket by its leg's slot and
 * the slot's generation (epoll_data_of ()), not by the leg's address: a
 * leg removed while epoll_wait () was returning its events leaves a slot
 * whose generation has moved on, so those events find nothing, and a new
 * leg in the same slot is not mistaken for the old one. */
typedef struct {
  ScMediaLeg         *leg;          /* NULL: free */
  guint32             generation;   /* bumped when the leg leaves */
} Slot;

struct _ScMediaEngine
{
  GMutex              lock;
  GThread            *thread;
  int                 epfd;
  int                 wake_fd;
  gboolean            running;
  GArray             *slots;        /* of Slot; [0] is unused */
  GArray             *free_slots;   /* indices of empty slots */
  guint               n_legs;
  ScMediaEventSink   *sink;         /* the owner's: legs' own events */
  ScMediaEventQueue  *pending;      /* under lock */
  ScMediaReceiveBuffers *buffers;   /* the media thread's */
};

/* ------------------------------------------------------------------ */
/* Slots                                                                */

#define SLOT(engine, i)  (&g_array_index ((engine)->slots, Slot, (i)))

/* 0 is the wake-up eventfd's. */
static guint64
epoll_data_of (ScMediaEngine *engine,
               guint          index,
               gboolean       rtcp)
{
  return (guint64) SLOT (engine, index)->generation << 32 |
         (guint64) index << 1 | (rtcp ? 1 : 0);
}

/* The leg an event is for, or NULL: gone since epoll_wait () returned. */
static ScMediaLeg *
leg_of (ScMediaEngine *engine,
        guint64        data)
{
  guint index = (guint) (data & G_MAXUINT32) >> 1;
  Slot *slot;

  if (index >= engine->slots->len)
    return NULL;
  slot = SLOT (engine, index);
  return slot->generation == (guint32) (data >> 32) ? slot->leg : NULL;
}

/* ------------------------------------------------------------------ */
/* The media thread                                                     */

static gpointer
engine_thread (gpointer data)
{
  ScMediaEngine *engine = data;
  struct epoll_event events[128];
  ScMediaEventQueue *batch = _sc_media_event_queue_new ();
  gint64 next_tick = g_get_monotonic_time () + TICK_US;

  for (;;)
    {
      gint64 now = g_get_monotonic_time ();
      int timeout_ms = next_tick > now ? (int) ((next_tick - now + 999) / 1000) : 0;
      int n = epoll_wait (engine->epfd, events, G_N_ELEMENTS (events), timeout_ms);
      gboolean stop;

      now = g_get_monotonic_time ();
      g_mutex_lock (&engine->lock);
      stop = !engine->running;

      for (int i = 0; i < n && !stop; i++)
        {
          ScMediaLeg *leg;

          if (events[i].data.u64 == 0)
            {
              guint64 value;
              G_GNUC_UNUSED ssize_t r = read (engine->wake_fd, &value, sizeof value);
              continue;
            }
          leg = leg_of (engine, events[i].data.u64);
          if (leg != NULL)
            _sc_media_leg_drain (leg, events[i].data.u64 & 1, engine->buffers, now);
        }

      if (!stop && now >= next_tick)
        {
          /* First what the paced legs received since the last tick, so
           * that every route's tick and fill see it. */
          _sc_media_receive_buffers_set_clock (engine->buffers);
          for (guint i = 1; i < engine->slots->len; i++)
            {
              ScMediaLeg *leg = SLOT (engine, i)->leg;

              if (leg != NULL && !_sc_media_leg_is_immediate (leg))
                _sc_media_leg_drain (leg, FALSE, engine->buffers, now);
            }
          for (guint i = 1; i < engine->slots->len; i++)
            if (SLOT (engine, i)->leg != NULL)
              _sc_media_leg_tick (SLOT (engine, i)->leg, now);
          next_tick += TICK_US;
          /* After a stall, skip ahead instead of sending a burst; the
           * RTP clocks skip as much, so timestamps keep real time (RFC
           * 3550 5.1) and the jump is marked. */
          if (now - next_tick > 5 * TICK_US)
            {
              guint32 skipped = (guint32) ((now - next_tick) / TICK_US) + 1;

              for (guint i = 1; i < engine->slots->len; i++)
                if (SLOT (engine, i)->leg != NULL)
                  _sc_media_leg_skip_ticks (SLOT (engine, i)->leg, skipped);
              next_tick += (gint64) skipped * TICK_US;
            }
        }

      /* Swap the pending events out to deliver them without the lock. */
      _sc_media_event_queue_move (batch, engine->pending);
      g_mutex_unlock (&engine->lock);

      _sc_media_event_queue_flush (batch);

      if (stop)
        break;
    }
  _sc_media_event_queue_free (batch);
  return NULL;
}

static void
wake (ScMediaEngine *engine)
{
  guint64 one = 1;
  G_GNUC_UNUSED ssize_t r = write (engine->wake_fd, &one, sizeof one);
}

/* ------------------------------------------------------------------ */
/* For legs and routes (sc-media-engine-private.h)                      */

void
_sc_media_engine_lock (ScMediaEngine *engine)
{
  g_mutex_lock (&engine->lock);
}

void
_sc_media_engine_unlock (ScMediaEngine *engine)
{
  g_mutex_unlock (&engine->lock);
}

void
_sc_media_engine_watch_leg_rtp (ScMediaEngine *engine,
                                ScMediaLeg    *leg)
{
  guint index = _sc_media_leg_get_slot (leg);
  struct epoll_event event = {
    .events = _sc_media_leg_is_immediate (leg) ? EPOLLIN : 0,
  };

  /* Removed (its sockets are out of the set already) or being added. */
  if (index == 0)
    return;
  event.data.u64 = epoll_data_of (engine, index, FALSE);
  epoll_ctl (engine->epfd, EPOLL_CTL_MOD, _sc_media_leg_get_fd (leg, FALSE), &event);
}

void
_sc_media_engine_queue_leg_event (ScMediaEngine    *engine,
                                  ScMediaEventType  type,
                                  const char       *leg_id,
                                  char              digit,
                                  guint             duration_ms)
{
  _sc_media_event_queue_push_leg (engine->pending, engine->sink, type, leg_id,
                                  digit, duration_ms);
}

void
_sc_media_engine_queue_route_event (ScMediaEngine    *engine,
                                    ScMediaEventSink *sink,
                                    guint             code,
                                    const char       *leg_id)
{
  _sc_media_event_queue_push_route (engine->pending, sink, code, leg_id);
}

/* ------------------------------------------------------------------ */
/* For the owner (sc-media-engine.h)                                    */

ScMediaEngine *
_sc_media_engine_new (GMainContext      *owner,
                      ScMediaEventFunc   func,
                      gpointer           user_data,
                      GError           **error)
{
  ScMediaEngine *engine;
  struct epoll_event wake_event = { .events = EPOLLIN, .data.u64 = 0 };

  if (!gst_init_check (NULL, NULL, NULL))
    {
      g_set_error (error, SC_ERROR, SC_ERROR_MEDIA,
                   "Media error: GStreamer cannot be initialized");
      return NULL;
    }

  engine = g_new0 (ScMediaEngine, 1);
  g_mutex_init (&engine->lock);
  engine->epfd = epoll_create1 (EPOLL_CLOEXEC);
  engine->wake_fd = eventfd (0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (engine->epfd < 0 || engine->wake_fd < 0 ||
      epoll_ctl (engine->epfd, EPOLL_CTL_ADD, engine->wake_fd, &wake_event) < 0)
    {
      int saved = errno;

      g_set_error (error, SC_ERROR, SC_ERROR_MEDIA,
                   "Media error: cannot create the media poller: %s",
                   g_strerror (saved));
      if (engine->epfd >= 0)
        close (engine->epfd);
      if (engine->wake_fd >= 0)
        close (engine->wake_fd);
      g_mutex_clear (&engine->lock);
      g_free (engine);
      return NULL;
    }

  engine->slots = g_array_new (FALSE, TRUE, sizeof (Slot));
  g_array_set_size (engine->slots, 1);
  engine->free_slots = g_array_new (FALSE, FALSE, sizeof (guint));
  engine->buffers = _sc_media_receive_buffers_new ();
  engine->sink = _sc_media_event_sink_new_for_legs (owner, func, user_data);
  engine->pending = _sc_media_event_queue_new ();
  engine->running = TRUE;
  engine->thread = g_thread_new ("sc-media", engine_thread, engine);
  return engine;
}

void
_sc_media_engine_free (ScMediaEngine *engine)
{
  g_autoptr(GPtrArray) routes = g_ptr_array_new ();

  g_mutex_lock (&engine->lock);
  engine->running = FALSE;
  g_mutex_unlock (&engine->lock);
  wake (engine);
  g_thread_join (engine->thread);

  /* Events already posted find a closed sink and do nothing. */
  _sc_media_event_sink_close (engine->sink);
  _sc_media_event_sink_unref (engine->sink);

  /* Routes hear that their legs leave, under the lock as always; the
   * references go after, since the last one may finalize a route. */
  g_mutex_lock (&engine->lock);
  for (guint i = 1; i < engine->slots->len; i++)
    {
      ScMediaLeg *leg = SLOT (engine, i)->leg;
      ScMediaRoute *route = leg != NULL ? _sc_media_leg_take_route (leg) : NULL;

      if (route != NULL)
        g_ptr_array_add (routes, route);
    }
  g_mutex_unlock (&engine->lock);
  g_ptr_array_foreach (routes, (GFunc) _sc_media_route_unref, NULL);

  for (guint i = 1; i < engine->slots->len; i++)
    g_clear_pointer (&SLOT (engine, i)->leg, _sc_media_leg_free);
  g_array_unref (engine->slots);
  g_array_unref (engine->free_slots);
  _sc_media_receive_buffers_free (engine->buffers);
  _sc_media_event_queue_free (engine->pending);
  close (engine->epfd);
  close (engine->wake_fd);
  g_mutex_clear (&engine->lock);
  g_free (engine);
}

guint
_sc_media_engine_get_n_legs (ScMediaEngine *engine)
{
  guint n;

  g_mutex_lock (&engine->lock);
  n = engine->n_legs;
  g_mutex_unlock (&engine->lock);
  return n;
}

ScMediaLeg *
_sc_media_engine_add_leg (ScMediaEngine *engine,
                          const char    *id,
                          GSocket       *rtp_socket,
                          GSocket       *rtcp_socket)
{
  ScMediaLeg *leg = _sc_media_leg_new (engine, id, rtp_socket, rtcp_socket);
  guint index;
  /* No route yet: paced (sc-media-route.h). */
  struct epoll_event rtp_event = { .events = 0 };
  struct epoll_event rtcp_event = { .events = EPOLLIN };

  g_mutex_lock (&engine->lock);
  if (engine->free_slots->len > 0)
    {
      index = g_array_index (engine->free_slots, guint, engine->free_slots->len - 1);
      g_array_set_size (engine->free_slots, engine->free_slots->len - 1);
    }
  else
    {
      index = engine->slots->len;
      g_array_set_size (engine->slots, index + 1);
    }
  SLOT (engine, index)->leg = leg;
  _sc_media_leg_set_slot (leg, index);
  engine->n_legs++;
  rtp_event.data.u64 = epoll_data_of (engine, index, FALSE);
  rtcp_event.data.u64 = epoll_data_of (engine, index, TRUE);
  g_mutex_unlock (&engine->lock);

  epoll_ctl (engine->epfd, EPOLL_CTL_ADD, _sc_media_leg_get_fd (leg, FALSE), &rtp_event);
  epoll_ctl (engine->epfd, EPOLL_CTL_ADD, _sc_media_leg_get_fd (leg, TRUE), &rtcp_event);
  return leg;
}

void
_sc_media_engine_remove_leg (ScMediaEngine *engine,
                             ScMediaLeg    *leg)
{
  ScMediaRoute *route;
  guint index;

  epoll_ctl (engine->epfd, EPOLL_CTL_DEL, _sc_media_leg_get_fd (leg, FALSE), NULL);
  epoll_ctl (engine->epfd, EPOLL_CTL_DEL, _sc_media_leg_get_fd (leg, TRUE), NULL);
  g_mutex_lock (&engine->lock);
  index = _sc_media_leg_get_slot (leg);
  SLOT (engine, index)->leg = NULL;
  /* Events already returned for the leg's sockets now find nothing. */
  SLOT (engine, index)->generation++;
  g_array_append_val (engine->free_slots, index);
  _sc_media_leg_set_slot (leg, 0);
  engine->n_legs--;
  route = _sc_media_leg_take_route (leg);
  g_mutex_unlock (&engine->lock);
  /* The last reference may finalize the route: not under the lock. */
  g_clear_pointer (&route, _sc_media_route_unref);
  _sc_media_leg_free (leg);
}
