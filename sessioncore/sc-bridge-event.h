/* sc-bridge-event.h: something that happened to a bridge
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

#define SC_TYPE_BRIDGE_EVENT (sc_bridge_event_get_type ())

SC_AVAILABLE_IN_ALL
GType              sc_bridge_event_get_type       (void) G_GNUC_CONST;

SC_AVAILABLE_IN_ALL
ScBridgeEvent     *sc_bridge_event_new            (const char          *bridge_id,
                                                   ScBridgeEventType    event_type,
                                                   const char          *session_id,
                                                   const char          *reason);
SC_AVAILABLE_IN_ALL
ScBridgeEvent     *sc_bridge_event_copy           (const ScBridgeEvent *self);
SC_AVAILABLE_IN_ALL
void               sc_bridge_event_free           (ScBridgeEvent       *self);

SC_AVAILABLE_IN_ALL
const char        *sc_bridge_event_get_bridge_id  (const ScBridgeEvent *self);
SC_AVAILABLE_IN_ALL
ScBridgeEventType  sc_bridge_event_get_event_type (const ScBridgeEvent *self);
SC_AVAILABLE_IN_ALL
const char        *sc_bridge_event_get_session_id (const ScBridgeEvent *self);
SC_AVAILABLE_IN_ALL
gint64             sc_bridge_event_get_timestamp  (const ScBridgeEvent *self);
SC_AVAILABLE_IN_ALL
const char        *sc_bridge_event_get_reason     (const ScBridgeEvent *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScBridgeEvent, sc_bridge_event_free)

G_END_DECLS
