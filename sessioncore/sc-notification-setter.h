/* sc-notification-setter.h: objects that take an incoming call notifier
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (SESSIONCORE_INSIDE) && !defined (SESSIONCORE_COMPILATION)
#error "Only <sessioncore/sessioncore.h> can be included directly."
#endif

#include <glib-object.h>

#include "sc-types.h"
#include "sc-incoming-call-notification.h"

G_BEGIN_DECLS

#define SC_TYPE_NOTIFICATION_SETTER (sc_notification_setter_get_type ())

SC_AVAILABLE_IN_ALL
G_DECLARE_INTERFACE (ScNotificationSetter, sc_notification_setter,
                     SC, NOTIFICATION_SETTER, GObject)

/**
 * ScNotificationSetterInterface:
 * @g_iface: the parent interface
 * @set_incoming_call_notifier: installs (or, with %NULL, removes) the
 *   incoming call notifier
 *
 * The virtual functions of [iface@Sc.NotificationSetter].
 *
 * Since: 0.1
 */
struct _ScNotificationSetterInterface
{
  GTypeInterface g_iface;

  void (*set_incoming_call_notifier) (ScNotificationSetter       *self,
                                      ScIncomingCallNotification *notifier);
};

SC_AVAILABLE_IN_ALL
void sc_notification_setter_set_incoming_call_notifier (ScNotificationSetter       *self,
                                                        ScIncomingCallNotification *notifier);

G_END_DECLS
