/* sc-bridge-manager.h: bridges between calls
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (SESSIONCORE_INSIDE) && !defined (SESSIONCORE_COMPILATION)
#error "Only <sessioncore/sessioncore.h> can be included directly."
#endif

#include <gio/gio.h>

#include "sc-types.h"
#include "sc-event-receiver.h"
#include "sc-session-manager.h"

G_BEGIN_DECLS

#define SC_TYPE_BRIDGE_MANAGER (sc_bridge_manager_get_type ())

SC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (ScBridgeManager, sc_bridge_manager, SC, BRIDGE_MANAGER, GObject)

SC_AVAILABLE_IN_ALL
ScBridgeManager *sc_bridge_manager_new                   (ScSessionManager     *session_manager);

SC_AVAILABLE_IN_ALL
ScSessionManager *sc_bridge_manager_get_session_manager  (ScBridgeManager      *self);
SC_AVAILABLE_IN_ALL
char            *sc_bridge_manager_create_bridge         (ScBridgeManager      *self,
                                                          const char * const   *sessions,
                                                          const ScBridgeConfig *config,
                                                          GError              **error);
SC_AVAILABLE_IN_ALL
gboolean         sc_bridge_manager_add_to_bridge         (ScBridgeManager      *self,
                                                          const char           *bridge_id,
                                                          const char           *session_id,
                                                          GError              **error);
SC_AVAILABLE_IN_ALL
gboolean         sc_bridge_manager_start_bridge          (ScBridgeManager      *self,
                                                          const char           *bridge_id,
                                                          GError              **error);
SC_AVAILABLE_IN_ALL
gboolean         sc_bridge_manager_remove_session_from_bridge (ScBridgeManager *self,
                                                          const char           *bridge_id,
                                                          const char           *session_id,
                                                          GError              **error);
SC_AVAILABLE_IN_ALL
gboolean         sc_bridge_manager_destroy_bridge        (ScBridgeManager      *self,
                                                          const char           *bridge_id,
                                                          GError              **error);
SC_AVAILABLE_IN_ALL
ScBridgeInfo    *sc_bridge_manager_get_bridge_info       (ScBridgeManager      *self,
                                                          const char           *bridge_id,
                                                          GError              **error);
SC_AVAILABLE_IN_ALL
GPtrArray       *sc_bridge_manager_list_bridges          (ScBridgeManager      *self);
SC_AVAILABLE_IN_ALL
char            *sc_bridge_manager_get_session_bridge    (ScBridgeManager      *self,
                                                          const char           *session_id,
                                                          GError              **error);
SC_AVAILABLE_IN_ALL
ScEventReceiver *sc_bridge_manager_subscribe_to_bridge_events (ScBridgeManager *self);
SC_AVAILABLE_IN_ALL
gboolean         sc_bridge_manager_start_recording       (ScBridgeManager      *self,
                                                          const char           *bridge_id,
                                                          const char           *path,
                                                          GError              **error);
SC_AVAILABLE_IN_ALL
gboolean         sc_bridge_manager_stop_recording        (ScBridgeManager      *self,
                                                          const char           *bridge_id,
                                                          GError              **error);
SC_AVAILABLE_IN_ALL
gboolean         sc_bridge_manager_set_member_muted      (ScBridgeManager      *self,
                                                          const char           *bridge_id,
                                                          const char           *session_id,
                                                          gboolean              muted,
                                                          GError              **error);
SC_AVAILABLE_IN_ALL
gboolean         sc_bridge_manager_is_recording          (ScBridgeManager      *self,
                                                          const char           *bridge_id);
SC_AVAILABLE_IN_ALL
void             sc_bridge_manager_destroy_all           (ScBridgeManager      *self,
                                                          const char           *reason);

G_END_DECLS
