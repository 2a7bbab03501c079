/* sc-media-event.h: what the media thread tells its owners, and how it
 * gets to them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A leg's own events, for the engine's owner (the session manager). */
typedef enum {
  SC_MEDIA_EVENT_FLOW_STARTED,
  SC_MEDIA_EVENT_FLOW_STOPPED,
  SC_MEDIA_EVENT_DTMF,
} ScMediaEventType;

typedef struct {
  ScMediaEventType  type;
  const char       *leg_id;       /* the session id the leg was made for */
  char              digit;        /* DTMF */
  guint             duration_ms;  /* DTMF */
} ScMediaEvent;

/* Called in the owner's GMainContext, never in the media thread. */
typedef void (*ScMediaEventFunc) (gpointer            user_data,
                                  const ScMediaEvent *event);

/* A route's events, for whoever created the route (a bridge, a
 * conference). Their own type, so that the session manager's switch over
 * ScMediaEventType never has to learn about bridges. */
typedef struct {
  guint       code;               /* defined by the kind of route */
  const char *leg_id;             /* the leg the event is about */
} ScMediaRouteEvent;

/* Called in the route creator's GMainContext, never in the media thread. */
typedef void (*ScMediaRouteEventFunc) (gpointer                 user_data,
                                       const ScMediaRouteEvent *event);

/* Where events go: one callback in one owner context. Shared by the
 * events in flight, so that closing it (the owner is going away) needs no
 * wait for them; after close, nothing reaches the callback. */
typedef struct _ScMediaEventSink ScMediaEventSink;

ScMediaEventSink *_sc_media_event_sink_new_for_legs  (GMainContext          *owner,
                                                      ScMediaEventFunc       func,
                                                      gpointer               user_data);
ScMediaEventSink *_sc_media_event_sink_new_for_route (GMainContext          *owner,
                                                      ScMediaRouteEventFunc  func,
                                                      gpointer               user_data);
/* In the owner's context: no event is delivered after this returns.
 * Closing twice is harmless. */
void              _sc_media_event_sink_close         (ScMediaEventSink      *sink);
void              _sc_media_event_sink_unref         (ScMediaEventSink      *sink);

/* Events noticed in the media thread while it holds the engine lock,
 * waiting to be handed over once the lock is released. */
typedef struct _ScMediaEventQueue ScMediaEventQueue;

ScMediaEventQueue *_sc_media_event_queue_new         (void);
void               _sc_media_event_queue_free        (ScMediaEventQueue *queue);
void               _sc_media_event_queue_push_leg    (ScMediaEventQueue *queue,
                                                      ScMediaEventSink  *sink,
                                                      ScMediaEventType   type,
                                                      const char        *leg_id,
                                                      char               digit,
                                                      guint              duration_ms);
void               _sc_media_event_queue_push_route  (ScMediaEventQueue *queue,
                                                      ScMediaEventSink  *sink,
                                                      guint              code,
                                                      const char        *leg_id);
/* Moves every event of @from to the end of @to. */
void               _sc_media_event_queue_move        (ScMediaEventQueue *to,
                                                      ScMediaEventQueue *from);
/* Hands each event to its sink's owner context, in order; empties @queue.
 * Call it without the engine lock. */
void               _sc_media_event_queue_flush       (ScMediaEventQueue *queue);

G_END_DECLS
