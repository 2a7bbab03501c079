/* sc-call-handler.h: the application's call handler
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (SESSIONCORE_INSIDE) && !defined (SESSIONCORE_COMPILATION)
#error "Only <sessioncore/sessioncore.h> can be included directly."
#endif

#include <glib-object.h>

#include "sc-types.h"
#include "sc-call-session.h"
#include "sc-incoming-call.h"

G_BEGIN_DECLS

#define SC_TYPE_CALL_HANDLER (sc_call_handler_get_type ())

SC_AVAILABLE_IN_ALL
G_DECLARE_INTERFACE (ScCallHandler, sc_call_handler, SC, CALL_HANDLER, GObject)

/**
 * ScCallHandlerInterface:
 * @g_iface: the parent interface
 * @on_incoming_call: decides what to do with an incoming call; returns a
 *   new [struct@Sc.CallDecision], or %NULL to leave the call to the
 *   session manager's default
 * @on_call_ended: a call ended; optional
 * @on_call_established: a call was answered and its media negotiated;
 *   optional
 * @on_call_state_changed: a call changed state; optional
 * @on_dtmf: a DTMF digit arrived on a call; optional
 *
 * The virtual functions of [iface@Sc.CallHandler].
 *
 * Since: 0.1
 */
struct _ScCallHandlerInterface
{
  GTypeInterface g_iface;

  ScCallDecision *(*on_incoming_call)      (ScCallHandler  *self,
                                            ScIncomingCall *call);
  void            (*on_call_ended)         (ScCallHandler  *self,
                                            ScCallSession  *session,
                                            const char     *reason);
  void            (*on_call_established)   (ScCallHandler  *self,
                                            ScCallSession  *session,
                                            const char     *local_sdp,
                                            const char     *remote_sdp);
  void            (*on_call_state_changed) (ScCallHandler  *self,
                                            const char     *session_id,
                                            ScCallState     old_state,
                                            ScCallState     new_state,
                                            const char     *reason);
  void            (*on_dtmf)               (ScCallHandler  *self,
                                            const char     *session_id,
                                            const char     *digit,
                                            guint           duration_ms);
};

SC_AVAILABLE_IN_ALL
ScCallDecision *sc_call_handler_on_incoming_call      (ScCallHandler  *self,
                                                       ScIncomingCall *call);
SC_AVAILABLE_IN_ALL
void            sc_call_handler_on_call_ended         (ScCallHandler  *self,
                                                       ScCallSession  *session,
                                                       const char     *reason);
SC_AVAILABLE_IN_ALL
void            sc_call_handler_on_call_established   (ScCallHandler  *self,
                                                       ScCallSession  *session,
                                                       const char     *local_sdp,
                                                       const char     *remote_sdp);
SC_AVAILABLE_IN_ALL
void            sc_call_handler_on_call_state_changed (ScCallHandler  *self,
                                                       const char     *session_id,
                                                       ScCallState     old_state,
                                                       ScCallState     new_state,
                                                       const char     *reason);
SC_AVAILABLE_IN_ALL
void            sc_call_handler_on_dtmf               (ScCallHandler  *self,
                                                       const char     *session_id,
                                                       const char     *digit,
                                                       guint           duration_ms);

G_END_DECLS
