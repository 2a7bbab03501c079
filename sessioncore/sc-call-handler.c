/* sc-call-handler.c: the application's call handler
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sc-call-handler.h"

#include "sc-call-decision.h"

/**
 * ScCallHandler:
 *
 * The handler an application gives a session manager to decide on
 * incoming calls and to follow the calls' lives (Rust session-core's
 * `CallHandler`). Only `on_incoming_call` is needed; the other methods
 * are optional.
 *
 * The session manager calls every method in the `GMainContext` it was
 * built in.
 *
 * In Python:
 *
 * ```python
 * class Handler(GObject.Object, Sc.CallHandler):
 *     def do_on_incoming_call(self, call):
 *         return Sc.CallDecision.reject_with_code(486, None)
 *
 *     def do_on_call_ended(self, session, reason):
 *         print(session.get_id(), "ended:", reason)
 * ```
 *
 * Since: 0.1
 */

G_DEFINE_INTERFACE (ScCallHandler, sc_call_handler, G_TYPE_OBJECT)

static void
sc_call_handler_default_init (ScCallHandlerInterface *iface)
{
}

/**
 * sc_call_handler_on_incoming_call:
 * @self: a #ScCallHandler
 * @call: the incoming call
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
sc_call_handler_on_incoming_call (ScCallHandler  *self,
                                  ScIncomingCall *call)
{
  ScCallHandlerInterface *iface;

  g_return_val_if_fail (SC_IS_CALL_HANDLER (self), NULL);
  g_return_val_if_fail (SC_IS_INCOMING_CALL (call), NULL);

  iface = SC_CALL_HANDLER_GET_IFACE (self);
  if (iface->on_incoming_call == NULL)
    return NULL;

  return iface->on_incoming_call (self, call);
}

/**
 * sc_call_handler_on_call_ended:
 * @self: a #ScCallHandler
 * @session: the session that ended
 * @reason: why it ended
 *
 * Tells @self that a call ended. Does nothing if @self does not implement
 * the method.
 *
 * Since: 0.1
 */
void
sc_call_handler_on_call_ended (ScCallHandler *self,
                               ScCallSession *session,
                               const char    *reason)
{
  ScCallHandlerInterface *iface;

  g_return_if_fail (SC_IS_CALL_HANDLER (self));
  g_return_if_fail (SC_IS_CALL_SESSION (session));
  g_return_if_fail (reason != NULL);

  iface = SC_CALL_HANDLER_GET_IFACE (self);
  if (iface->on_call_ended != NULL)
    iface->on_call_ended (self, session, reason);
}

/**
 * sc_call_handler_on_call_established:
 * @self: a #ScCallHandler
 * @session: the session that was established
 * @local_sdp: (nullable): the SDP this side sent
 * @remote_sdp: (nullable): the SDP the remote side sent
 *
 * Tells @self that a call was answered and its media negotiated. Does
 * nothing if @self does not implement the method.
 *
 * Since: 0.1
 */
void
sc_call_handler_on_call_established (ScCallHandler *self,
                                     ScCallSession *session,
                                     const char    *local_sdp,
                                     const char    *remote_sdp)
{
  ScCallHandlerInterface *iface;

  g_return_if_fail (SC_IS_CALL_HANDLER (self));
  g_return_if_fail (SC_IS_CALL_SESSION (session));

  iface = SC_CALL_HANDLER_GET_IFACE (self);
  if (iface->on_call_established != NULL)
    iface->on_call_established (self, session, local_sdp, remote_sdp);
}

/**
 * sc_call_handler_on_call_state_changed:
 * @self: a #ScCallHandler
 * @session_id: the id of the session
 * @old_state: the state the call left
 * @new_state: the state the call entered
 * @reason: (nullable): why the state changed, if known
 *
 * Tells @self that a call changed state. Does nothing if @self does not
 * implement the method.
 *
 * Since: 0.1
 */
void
sc_call_handler_on_call_state_changed (ScCallHandler *self,
                                       const char    *session_id,
                                       ScCallState    old_state,
                                       ScCallState    new_state,
                                       const char    *reason)
{
  ScCallHandlerInterface *iface;

  g_return_if_fail (SC_IS_CALL_HANDLER (self));
  g_return_if_fail (session_id != NULL);

  iface = SC_CALL_HANDLER_GET_IFACE (self);
  if (iface->on_call_state_changed != NULL)
    iface->on_call_state_changed (self, session_id, old_state, new_state,
                                  reason);
}

/**
 * sc_call_handler_on_dtmf:
 * @self: a #ScCallHandler
 * @session_id: the id of the session
 * @digit: the DTMF digit: "0" to "9", "*", "#" or "A" to "D"
 * @duration_ms: how long the digit was pressed, in milliseconds
 *
 * Tells @self that a DTMF digit arrived on a call. Does nothing if @self
 * does not implement the method.
 *
 * Since: 0.1
 */
void
sc_call_handler_on_dtmf (ScCallHandler *self,
                         const char    *session_id,
                         const char    *digit,
                         guint          duration_ms)
{
  ScCallHandlerInterface *iface;

  g_return_if_fail (SC_IS_CALL_HANDLER (self));
  g_return_if_fail (session_id != NULL);
  g_return_if_fail (digit != NULL);

  iface = SC_CALL_HANDLER_GET_IFACE (self);
  if (iface->on_dtmf != NULL)
    iface->on_dtmf (self, session_id, digit, duration_ms);
}
