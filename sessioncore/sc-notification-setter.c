/* sc-notification-setter.c: objects that take an incoming call notifier
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sc-notification-setter.h"

/**
 * ScNotificationSetter:
 *
 * An object that takes an [iface@Sc.IncomingCallNotification] (Rust
 * session-core's `NotificationSetter`). The session managers implement
 * it.
 *
 * Since: 0.1
 */

G_DEFINE_INTERFACE (ScNotificationSetter, sc_notification_setter,
                    G_TYPE_OBJECT)

static void
sc_notification_setter_default_init (ScNotificationSetterInterface *iface)
{
}

/**
 * sc_notification_setter_set_incoming_call_notifier:
 * @self: a #ScNotificationSetter
 * @notifier: (nullable): the notifier to install, or %NULL to remove the
 *   current one; @self keeps a reference
 *
 * Installs the handler that decides on incoming calls and hears how calls
 * end. It replaces any previous notifier. Does nothing if @self does not
 * implement the method.
 *
 * Since: 0.1
 */
void
sc_notification_setter_set_incoming_call_notifier (ScNotificationSetter       *self,
                                                   ScIncomingCallNotification *notifier)
{
  ScNotificationSetterInterface *iface;

  g_return_if_fail (SC_IS_NOTIFICATION_SETTER (self));
  g_return_if_fail (notifier == NULL ||
                    SC_IS_INCOMING_CALL_NOTIFICATION (notifier));

  iface = SC_NOTIFICATION_SETTER_GET_IFACE (self);
  if (iface->set_incoming_call_notifier != NULL)
    iface->set_incoming_call_notifier (self, notifier);
}
