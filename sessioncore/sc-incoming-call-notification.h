/* sc-incoming-call-notification.h: the server-side incoming call handler
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (SESSIONCORE_INSIDE) && !defined (SESSIONCORE_COMPILATION)
#error "Only <sessioncore/sessioncore.h> can be included directly."
#endif

#include <glib-object.h>

#include "sc-types.h"

G_BEGIN_DECLS

#define SC_TYPE_INCOMING_CALL_NOTIFICATION (sc_incoming_call_notification_get_type ())

SC_AVAILABLE_IN_ALL
G_DECLARE_INTERFACE (ScIncomingCallNotification, sc_incoming_call_notification,
                     SC, INCOMING_CALL_NOTIFICATION, GObject)

/**
 * ScIncomingCallNotificationInterface:
 * @g_iface: the parent interface
 * @on_incoming_call: decides what to do with an incoming call; returns a
 *   new [struct@Sc.CallDecision], or %NULL to leave the call to the
 *   session manager's default
 * @on_call_terminated_by_remote: the remote side ended an answered call
 *   (BYE, after our 200 OK); optional
 * @on_call_ended_by_server: this side ended a call; optional
 *
 * The virtual functions of [iface@Sc.IncomingCallNotification].
 *
 * Since: 0.1
 */
struct _ScIncomingCallNotificationInterface
{
  GTypeInterface g_iface;

  ScCallDecision *(*on_incoming_call)             (ScIncomingCallNotification *self,
                                                   ScIncomingCallEvent        *event);
  void            (*on_call_terminated_by_remote) (ScIncomingCallNotification *self,
                                                   const char                 *session_id,
                                                   const char                 *call_id);
  void            (*on_call_ended_by_server)      (ScIncomingCallNotification *self,
                                                   const char                 *session_id,
                                                   const char                 *call_id);
};

SC_AVAILABLE_IN_ALL
ScCallDecision *sc_incoming_call_notification_on_incoming_call             (ScIncomingCallNotification *self,
                                                                            ScIncomingCallEvent        *event);
SC_AVAILABLE_IN_ALL
void            sc_incoming_call_notification_on_call_terminated_by_remote (ScIncomingCallNotification *self,
                                                                            const char                 *session_id,
                                                                            const char                 *call_id);
SC_AVAILABLE_IN_ALL
void            sc_incoming_call_notification_on_call_ended_by_server      (ScIncomingCallNotification *self,
                                                                            const char                 *session_id,
                                                                            const char                 *call_id);

G_END_DECLS
