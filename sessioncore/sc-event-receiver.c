/* sc-event-receiver.c: bridge events, queued for whoever pulls them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sc-event-receiver.h"

#include "sc-bridge-event.h"
#include "sc-event-receiver-private.h"

/**
 * ScEventReceiver:
 *
 * A pull-style subscription to bridge events: the C counterpart of the
 * `mpsc::UnboundedReceiver<BridgeEvent>` that Rust session-core's
 * `subscribe_to_bridge_events()` returns, for code ported from Rust.
 *
 * From its creation on, the receiver queues a copy of every bridge event,
 * in order, until it is closed or dropped. Take them one at a time with
 * sc_event_receiver_try_receive() (it never waits), or wait for the next
 * one with sc_event_receiver_receive_async(). Signals
 * (#ScServerSessionManager::bridge-event) are the push-style alternative;
 * any number of receivers and handlers may coexist, each sees every event.
 *
 * In Python a receiver is iterable: `for event in receiver:` yields what
 * is queued and stops when the queue is empty.
 *
 * Like the manager it comes from, a receiver lives in that manager's
 * #GMainContext.
 *
 * Since: 0.1
 */

struct _ScEventReceiver
{
  GObject   parent_instance;

  GQueue    events;     /* ScBridgeEvent */
  GQueue    waiters;    /* GTask, receive_async () in order */
  GSource  *deliver;    /* hands queued events to waiters */
  gboolean  closed;
};

G_DEFINE_FINAL_TYPE (ScEventReceiver, sc_event_receiver, G_TYPE_OBJECT)

static void
sc_event_receiver_dispose (GObject *object)
{
  sc_event_receiver_close (SC_EVENT_RECEIVER (object));

  G_OBJECT_CLASS (sc_event_receiver_parent_class)->dispose (object);
}

static void
sc_event_receiver_finalize (GObject *object)
{
  ScEventReceiver *self = SC_EVENT_RECEIVER (object);

  g_queue_clear_full (&self->events, (GDestroyNotify) sc_bridge_event_free);

  G_OBJECT_CLASS (sc_event_receiver_parent_class)->finalize (object);
}

static void
sc_event_receiver_class_init (ScEventReceiverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_event_receiver_dispose;
  object_class->finalize = sc_event_receiver_finalize;
}

static void
sc_event_receiver_init (ScEventReceiver *self)
{
  g_queue_init (&self->events);
  g_queue_init (&self->waiters);
}

ScEventReceiver *
_sc_event_receiver_new (void)
{
  return g_object_new (SC_TYPE_EVENT_RECEIVER, NULL);
}

/* The GTask of a receive_async () is taken out of the queue and returned
 * exactly once: by an event, by close (), or by its cancellable. */
static void
waiter_return (ScEventReceiver *self,
               GTask           *task,
               ScBridgeEvent   *event)
{
  GCancellable *cancellable = g_task_get_cancellable (task);
  gulong handler = GPOINTER_TO_SIZE (g_task_get_task_data (task));

  g_queue_remove (&self->waiters, task);
  if (handler != 0)
    g_cancellable_disconnect (cancellable, handler);
  if (event != NULL)
    g_task_return_pointer (task, event, (GDestroyNotify) sc_bridge_event_free);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             "The event receiver was closed");
  g_object_unref (task);
}

static gboolean
deliver_cb (gpointer user_data)
{
  ScEventReceiver *self = user_data;

  g_clear_pointer (&self->deliver, g_source_unref);
  while (self->waiters.head != NULL && self->events.head != NULL)
    waiter_return (self, self->waiters.head->data, g_queue_pop_head (&self->events));
  return G_SOURCE_REMOVE;
}

/* Waiting receives get their events from an idle, never inside the
 * library call that made the event: callbacks always run on their own. */
static void
schedule_delivery (ScEventReceiver *self)
{
  if (self->deliver != NULL || self->waiters.head == NULL || self->events.head == NULL)
    return;
  self->deliver = g_idle_source_new ();
  g_source_set_callback (self->deliver, deliver_cb, self, NULL);
  g_source_attach (self->deliver, g_task_get_context (self->waiters.head->data));
}

void
_sc_event_receiver_push (ScEventReceiver     *self,
                         const ScBridgeEvent *event)
{
  if (self->closed)
    return;
  g_queue_push_tail (&self->events, sc_bridge_event_copy (event));
  schedule_delivery (self);
}

/**
 * sc_event_receiver_try_receive:
 * @self: a #ScEventReceiver
 *
 * Takes the oldest queued event, without waiting. While receives
 * started with sc_event_receiver_receive_async() wait, every event is
 * theirs (in order) and this returns %NULL: no event goes to two takers,
 * and none is lost between them.
 *
 * Returns: (transfer full) (nullable): the event, or %NULL when none is
 *   queued (or all are owed to waiting receives)
 *
 * Since: 0.1
 */
ScBridgeEvent *
sc_event_receiver_try_receive (ScEventReceiver *self)
{
  g_return_val_if_fail (SC_IS_EVENT_RECEIVER (self), NULL);

  if (self->waiters.head != NULL)
    return NULL;
  return g_queue_pop_head (&self->events);
}

/**
 * sc_event_receiver_get_n_pending:
 * @self: a #ScEventReceiver
 *
 * Gets how many events are queued.
 *
 * Returns: how many events are queued
 *
 * Since: 0.1
 */
guint
sc_event_receiver_get_n_pending (ScEventReceiver *self)
{
  g_return_val_if_fail (SC_IS_EVENT_RECEIVER (self), 0);

  return self->events.length;
}

/* Runs in the thread that cancels; the receiver is single-threaded, so
 * the cancellation is handled in an idle of the task's context. */
static gboolean
waiter_cancelled_idle_cb (gpointer user_data)
{
  GTask *task = user_data;
  ScEventReceiver *self = g_task_get_source_object (task);

  if (g_queue_find (&self->waiters, task) != NULL)
    {
      gulong handler = GPOINTER_TO_SIZE (g_task_get_task_data (task));

      g_queue_remove (&self->waiters, task);
      g_cancellable_disconnect (g_task_get_cancellable (task), handler);
      g_task_return_error_if_cancelled (task);
      g_object_unref (task);
    }
  return G_SOURCE_REMOVE;
}

static void
waiter_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  GTask *task = user_data;
  GSource *idle = g_idle_source_new ();

  /* g_cancellable_disconnect () may not be called from here: hop. */
  g_source_set_callback (idle, waiter_cancelled_idle_cb, g_object_ref (task),
                         g_object_unref);
  g_source_attach (idle, g_task_get_context (task));
  g_source_unref (idle);
}

/**
 * sc_event_receiver_receive_async:
 * @self: a #ScEventReceiver
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called with the next event
 * @user_data: data for @callback
 *
 * Waits for the next event. @callback runs from the main context, never
 * inside the call that caused the event; several receives may wait at
 * once and are served in order. Finish with
 * sc_event_receiver_receive_finish().
 *
 * Since: 0.1
 */
void
sc_event_receiver_receive_async (ScEventReceiver     *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ScBridgeEvent *event;

  g_return_if_fail (SC_IS_EVENT_RECEIVER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_event_receiver_receive_async);

  /* Served in order: a queued event goes to the oldest waiter first. */
  event = self->waiters.head == NULL ? g_queue_pop_head (&self->events) : NULL;
  if (event != NULL)
    {
      g_task_return_pointer (task, event, (GDestroyNotify) sc_bridge_event_free);
      return;
    }
  if (self->closed)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "The event receiver was closed");
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  if (cancellable != NULL)
    g_task_set_task_data (task,
                          GSIZE_TO_POINTER (g_cancellable_connect (cancellable,
                                                                   G_CALLBACK (waiter_cancelled_cb),
                                                                   task, NULL)),
                          NULL);
  g_queue_push_tail (&self->waiters, g_steal_pointer (&task));
  schedule_delivery (self);
}

/**
 * sc_event_receiver_receive_finish:
 * @self: a #ScEventReceiver
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Finishes sc_event_receiver_receive_async().
 *
 * Errors: %G_IO_ERROR_CANCELLED when the receiver was closed or the
 * cancellable was cancelled.
 *
 * Returns: (transfer full): the event, or %NULL on error
 *
 * Since: 0.1
 */
ScBridgeEvent *
sc_event_receiver_receive_finish (ScEventReceiver  *self,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  g_return_val_if_fail (SC_IS_EVENT_RECEIVER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * sc_event_receiver_close:
 * @self: a #ScEventReceiver
 *
 * Stops queueing: pending receives fail with %G_IO_ERROR_CANCELLED and
 * later events are not queued. Events already queued can still be taken.
 * Closing twice does nothing.
 *
 * Since: 0.1
 */
void
sc_event_receiver_close (ScEventReceiver *self)
{
  g_return_if_fail (SC_IS_EVENT_RECEIVER (self));

  if (self->closed)
    return;
  self->closed = TRUE;
  if (self->deliver != NULL)
    {
      g_source_destroy (self->deliver);
      g_clear_pointer (&self->deliver, g_source_unref);
    }
  while (self->waiters.head != NULL)
    waiter_return (self, self->waiters.head->data, NULL);
}

/**
 * sc_event_receiver_is_closed:
 * @self: a #ScEventReceiver
 *
 * Gets whether sc_event_receiver_close() was called.
 *
 * Returns: whether sc_event_receiver_close() was called
 *
 * Since: 0.1
 */
gboolean
sc_event_receiver_is_closed (ScEventReceiver *self)
{
  g_return_val_if_fail (SC_IS_EVENT_RECEIVER (self), TRUE);

  return self->closed;
}
