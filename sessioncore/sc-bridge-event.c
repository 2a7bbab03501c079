/* sc-bridge-event.c: something that happened to a bridge
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sc-bridge-event.h"

/**
 * ScBridgeEvent:
 *
 * Something that happened to a bridge (Rust session-core's
 * `BridgeEvent`): its type, the bridge, the session concerned (for
 * members joining and leaving), when, and why (for members leaving and
 * bridges destroyed). Delivered by the `bridge-event` signal of
 * #ScBridgeManager and #ScServerSessionManager, and queued by every
 * #ScEventReceiver.
 *
 * Since: 0.1
 */
struct _ScBridgeEvent
{
  char              *bridge_id;
  ScBridgeEventType  event_type;
  char              *session_id;
  gint64             timestamp;
  char              *reason;
};

G_DEFINE_BOXED_TYPE (ScBridgeEvent, sc_bridge_event,
                     sc_bridge_event_copy, sc_bridge_event_free)

/**
 * sc_bridge_event_new:
 * @bridge_id: the bridge
 * @event_type: what happened
 * @session_id: (nullable): the session concerned, if any
 * @reason: (nullable): why, if known
 *
 * Creates an event stamped with the current wall-clock time. The bridge
 * managers make these; applications may, to test their own handlers.
 *
 * Returns: (transfer full): a new #ScBridgeEvent
 *
 * Since: 0.1
 */
ScBridgeEvent *
sc_bridge_event_new (const char        *bridge_id,
                     ScBridgeEventType  event_type,
                     const char        *session_id,
                     const char        *reason)
{
  ScBridgeEvent *self;

  g_return_val_if_fail (bridge_id != NULL, NULL);

  self = g_new0 (ScBridgeEvent, 1);
  self->bridge_id = g_strdup (bridge_id);
  self->event_type = event_type;
  self->session_id = g_strdup (session_id);
  self->reason = g_strdup (reason);
  self->timestamp = g_get_real_time ();
  return self;
}

/**
 * sc_bridge_event_copy:
 * @self: a #ScBridgeEvent
 *
 * Makes a copy of @self.
 *
 * Returns: (transfer full): a new #ScBridgeEvent
 *
 * Since: 0.1
 */
ScBridgeEvent *
sc_bridge_event_copy (const ScBridgeEvent *self)
{
  ScBridgeEvent *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->bridge_id = g_strdup (self->bridge_id);
  copy->session_id = g_strdup (self->session_id);
  copy->reason = g_strdup (self->reason);
  return copy;
}

/**
 * sc_bridge_event_free:
 * @self: (nullable): a #ScBridgeEvent
 *
 * Frees @self. Does nothing if @self is %NULL.
 *
 * Since: 0.1
 */
void
sc_bridge_event_free (ScBridgeEvent *self)
{
  if (self == NULL)
    return;
  g_free (self->bridge_id);
  g_free (self->session_id);
  g_free (self->reason);
  g_free (self);
}

/**
 * sc_bridge_event_get_bridge_id:
 * @self: a #ScBridgeEvent
 *
 * Gets the bridge id.
 *
 * Returns: the bridge id
 *
 * Since: 0.1
 */
const char *
sc_bridge_event_get_bridge_id (const ScBridgeEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->bridge_id;
}

/**
 * sc_bridge_event_get_event_type:
 * @self: a #ScBridgeEvent
 *
 * Gets what happened: the event's type.
 *
 * Returns: what happened
 *
 * Since: 0.1
 */
ScBridgeEventType
sc_bridge_event_get_event_type (const ScBridgeEvent *self)
{
  g_return_val_if_fail (self != NULL, SC_BRIDGE_EVENT_TYPE_CREATED);
  return self->event_type;
}

/**
 * sc_bridge_event_get_session_id:
 * @self: a #ScBridgeEvent
 *
 * Gets the session that joined or left, or %NULL for an
 * event of the whole bridge.
 *
 * Returns: (nullable): the session that joined or left, or %NULL for an
 *   event of the whole bridge
 *
 * Since: 0.1
 */
const char *
sc_bridge_event_get_session_id (const ScBridgeEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->session_id;
}

/**
 * sc_bridge_event_get_timestamp:
 * @self: a #ScBridgeEvent
 *
 * Gets when the event happened, wall-clock microseconds since 1970.
 *
 * Returns: when it happened, wall-clock microseconds since 1970
 *
 * Since: 0.1
 */
gint64
sc_bridge_event_get_timestamp (const ScBridgeEvent *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->timestamp;
}

/**
 * sc_bridge_event_get_reason:
 * @self: a #ScBridgeEvent
 *
 * Gets why the event happened: for SESSION_REMOVED "Manually removed from
 * bridge" or "session terminated"; for DESTROYED "destroyed", "empty",
 * "timeout" or "shutdown".
 *
 * Returns: (nullable): why: for SESSION_REMOVED "Manually removed from
 *   bridge" or "session terminated"; for DESTROYED "destroyed",
 *   "empty", "timeout" or "shutdown"
 *
 * Since: 0.1
 */
const char *
sc_bridge_event_get_reason (const ScBridgeEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->reason;
}
