/* sc-incoming-call.h: an incoming call, as a call handler sees it
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

#define SC_TYPE_INCOMING_CALL (sc_incoming_call_get_type ())

SC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (ScIncomingCall, sc_incoming_call,
                      SC, INCOMING_CALL, GObject)

SC_AVAILABLE_IN_ALL
const char *sc_incoming_call_get_id          (ScIncomingCall *self);
SC_AVAILABLE_IN_ALL
const char *sc_incoming_call_get_from        (ScIncomingCall *self);
SC_AVAILABLE_IN_ALL
const char *sc_incoming_call_get_to          (ScIncomingCall *self);
SC_AVAILABLE_IN_ALL
const char *sc_incoming_call_get_sdp         (ScIncomingCall *self);
SC_AVAILABLE_IN_ALL
GHashTable *sc_incoming_call_get_headers     (ScIncomingCall *self);
SC_AVAILABLE_IN_ALL
const char *sc_incoming_call_get_sip_call_id (ScIncomingCall *self);
SC_AVAILABLE_IN_ALL
gint64      sc_incoming_call_get_received_at (ScIncomingCall *self);

G_END_DECLS
