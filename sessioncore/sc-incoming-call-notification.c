/* sc-incoming-call-notification.c: the server-side incoming call handler
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sc-incoming-call-notification.h"

#include "sc-call-decision.h"
#include "sc-incoming-call-event.h"

/**
 * ScIncomingCallNotification:
 *
 * The handler a server application gives a session manager to decide on
 * incoming calls and to hear how calls end (Rust session-core's
 * `IncomingCallNotification`). Install it with
 * [method@Sc.NotificationSetter.set_incoming_call_notifier].
 *
 * The session manager calls every method in the `GMainContext` it was
 * built in.
 *
 * In Python:
 *
 * ```python
 * class Handler(GObject.Object, Sc.IncomingCallNotification):
 *     def do_on_incoming_call(self, event):
 *         return Sc.CallDecision.accept(None)
 * ```
 *
 * Since: 0.1
 */

G_DEFINE_INTERFACE (ScIncomingCallNotification, sc_incoming_call_notification,
                    G_TYPE_OBJECT)

static void
sc_incoming_call_notification_default_init (ScIncomingCallNotificationInterface *iface)
{
}

/**
 * sc_incoming_call_notification_on_incoming_call:
 * @self: a #ScIncomingCallNotification
 * @event: the incoming call
 *
 * Asks @self what to do with an incoming call.
 *
 * Returns: (transfer full) (nullable): the decision, or %NULL to leave
 *   the call to the session manager's default (also when @self does not
 *   implement the method)
 *
 * Since: 0.1
 */
ScCallDecision *
sc_incoming_call_notification_on_incoming_call (ScIncomingCallNotification *self,
                                                ScIncomingCallEvent        *event)
{
  ScIncomingCallNotificationInterface *iface;

  g_return_val_if_fail (SC_IS_INCOMING_CALL_NOTIFICATION (self), NULL);
  g_return_val_if_fail (event != NULL, NULL);

  iface = SC_INCOMING_CALL_NOTIFICATION_GET_IFACE (self);
  if (iface->on_incoming_call == NULL)
    return NULL;

  return iface->on_incoming_call (self, event);
}

/**
 * sc_incoming_call_notification_on_call_terminated_by_remote:
 * @self: a #ScIncomingCallNotification
 * @session_id: the id of the session that ended
 * @call_id: the SIP `Call-ID` of the call
 *
 * Tells @self that the remote side ended an answered call (BYE after our
 * 200 OK). Does nothing if @self does not implement the method.
 *
 * Since: 0.1
 */
void
sc_incoming_call_notification_on_call_terminated_by_remote (ScIncomingCallNotification *self,
                                                            const char                 *session_id,
                                                            const char                 *call_id)
{
  ScIncomingCallNotificationInterface *iface;

  g_return_if_fail (SC_IS_INCOMING_CALL_NOTIFICATION (self));
  g_return_if_fail (session_id != NULL);
  g_return_if_fail (call_id != NULL);

  iface = SC_INCOMING_CALL_NOTIFICATION_GET_IFACE (self);
  if (iface->on_call_terminated_by_remote != NULL)
    iface->on_call_terminated_by_remote (self, session_id, call_id);
}

/**
 * sc_incoming_call_notification_on_call_ended_by_server:
 * @self: a #ScIncomingCallNotification
 * @session_id: the id of the session that ended
 * @call_id: the SIP `Call-ID` of the call
 *
 * Tells @self that this side ended a call. Does nothing if @self does not
 * implement the method.
 *
 * Since: 0.1
 */
void
sc_incoming_call_notification_on_call_ended_by_server (ScIncomingCallNotification *self,
                                                       const char                 *session_id,
                                                       const char                 *call_id)
{
  ScIncomingCallNotificationInterface *iface;

  g_return_if_fail (SC_IS_INCOMING_CALL_NOTIFICATION (self));
  g_return_if_fail (session_id != NULL);
  g_return_if_fail (call_id != NULL);

  iface = SC_INCOMING_CALL_NOTIFICATION_GET_IFACE (self);
  if (iface->on_call_ended_by_server != NULL)
    iface->on_call_ended_by_server (self, session_id, call_id);
}
