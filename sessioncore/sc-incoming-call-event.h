/* sc-incoming-call-event.h: an incoming call, as a notification handler sees it
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

#define SC_TYPE_INCOMING_CALL_EVENT (sc_incoming_call_event_get_type ())

SC_AVAILABLE_IN_ALL
GType                sc_incoming_call_event_get_type        (void) G_GNUC_CONST;

SC_AVAILABLE_IN_ALL
ScIncomingCallEvent *sc_incoming_call_event_new             (const char                *session_id,
                                                             const ScCallerInfo        *caller_info,
                                                             const char                *call_id,
                                                             GHashTable                *headers,
                                                             const char                *sdp);
SC_AVAILABLE_IN_ALL
ScIncomingCallEvent *sc_incoming_call_event_copy            (const ScIncomingCallEvent *self);
SC_AVAILABLE_IN_ALL
void                 sc_incoming_call_event_free            (ScIncomingCallEvent       *self);

SC_AVAILABLE_IN_ALL
const char          *sc_incoming_call_event_get_session_id  (const ScIncomingCallEvent *self);
SC_AVAILABLE_IN_ALL
const ScCallerInfo  *sc_incoming_call_event_get_caller_info (const ScIncomingCallEvent *self);
SC_AVAILABLE_IN_ALL
const char          *sc_incoming_call_event_get_call_id     (const ScIncomingCallEvent *self);
SC_AVAILABLE_IN_ALL
GHashTable          *sc_incoming_call_event_get_headers     (const ScIncomingCallEvent *self);
SC_AVAILABLE_IN_ALL
const char          *sc_incoming_call_event_get_sdp         (const ScIncomingCallEvent *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScIncomingCallEvent, sc_incoming_call_event_free)

G_END_DECLS
