/* sc-bridge-config.h: how a bridge behaves
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

#define SC_TYPE_BRIDGE_CONFIG (sc_bridge_config_get_type ())

SC_AVAILABLE_IN_ALL
GType           sc_bridge_config_get_type               (void) G_GNUC_CONST;

SC_AVAILABLE_IN_ALL
ScBridgeConfig *sc_bridge_config_new                    (void);
SC_AVAILABLE_IN_ALL
ScBridgeConfig *sc_bridge_config_copy                   (const ScBridgeConfig *self);
SC_AVAILABLE_IN_ALL
void            sc_bridge_config_free                   (ScBridgeConfig       *self);
SC_AVAILABLE_IN_ALL
gboolean        sc_bridge_config_validate               (const ScBridgeConfig *self,
                                                         GError              **error);

SC_AVAILABLE_IN_ALL
guint           sc_bridge_config_get_max_sessions       (const ScBridgeConfig *self);
SC_AVAILABLE_IN_ALL
void            sc_bridge_config_set_max_sessions       (ScBridgeConfig       *self,
                                                         guint                 max_sessions);
SC_AVAILABLE_IN_ALL
const char     *sc_bridge_config_get_name               (const ScBridgeConfig *self);
SC_AVAILABLE_IN_ALL
void            sc_bridge_config_set_name               (ScBridgeConfig       *self,
                                                         const char           *name);
SC_AVAILABLE_IN_ALL
guint           sc_bridge_config_get_timeout_secs       (const ScBridgeConfig *self);
SC_AVAILABLE_IN_ALL
void            sc_bridge_config_set_timeout_secs       (ScBridgeConfig       *self,
                                                         guint                 timeout_secs);
SC_AVAILABLE_IN_ALL
gboolean        sc_bridge_config_get_enable_mixing      (const ScBridgeConfig *self);
SC_AVAILABLE_IN_ALL
void            sc_bridge_config_set_enable_mixing      (ScBridgeConfig       *self,
                                                         gboolean              enable_mixing);
SC_AVAILABLE_IN_ALL
gboolean        sc_bridge_config_get_auto_start         (const ScBridgeConfig *self);
SC_AVAILABLE_IN_ALL
void            sc_bridge_config_set_auto_start         (ScBridgeConfig       *self,
                                                         gboolean              auto_start);
SC_AVAILABLE_IN_ALL
gboolean        sc_bridge_config_get_auto_stop_on_empty (const ScBridgeConfig *self);
SC_AVAILABLE_IN_ALL
void            sc_bridge_config_set_auto_stop_on_empty (ScBridgeConfig       *self,
                                                         gboolean              auto_stop_on_empty);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScBridgeConfig, sc_bridge_config_free)

G_END_DECLS
