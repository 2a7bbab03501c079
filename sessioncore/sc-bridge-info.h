/* sc-bridge-info.h: a snapshot of one bridge
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

#define SC_TYPE_BRIDGE_INFO (sc_bridge_info_get_type ())

SC_AVAILABLE_IN_ALL
GType          sc_bridge_info_get_type              (void) G_GNUC_CONST;

SC_AVAILABLE_IN_ALL
ScBridgeInfo  *sc_bridge_info_copy                  (const ScBridgeInfo *self);
SC_AVAILABLE_IN_ALL
void           sc_bridge_info_free                  (ScBridgeInfo       *self);

SC_AVAILABLE_IN_ALL
const char    *sc_bridge_info_get_id                (const ScBridgeInfo *self);
SC_AVAILABLE_IN_ALL
const char * const *sc_bridge_info_get_sessions     (const ScBridgeInfo *self);
SC_AVAILABLE_IN_ALL
gint64         sc_bridge_info_get_created_at        (const ScBridgeInfo *self);
SC_AVAILABLE_IN_ALL
guint          sc_bridge_info_get_participant_count (const ScBridgeInfo *self);
SC_AVAILABLE_IN_ALL
const char    *sc_bridge_info_get_name              (const ScBridgeInfo *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScBridgeInfo, sc_bridge_info_free)

G_END_DECLS
