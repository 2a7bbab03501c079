/* sc-session-manager-builder.h: configure and build a session manager
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (SESSIONCORE_INSIDE) && !defined (SESSIONCORE_COMPILATION)
#error "Only <sessioncore/sessioncore.h> can be included directly."
#endif

#include <glib-object.h>

#include "sc-types.h"
#include "sc-call-handler.h"
#include "sc-session-manager.h"
#include "sc-server-session-manager.h"
#include "sc-transaction-manager.h"

G_BEGIN_DECLS

#define SC_TYPE_SESSION_MANAGER_BUILDER (sc_session_manager_builder_get_type ())

SC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (ScSessionManagerBuilder, sc_session_manager_builder, SC, SESSION_MANAGER_BUILDER, GObject)

SC_AVAILABLE_IN_ALL
ScSessionManagerBuilder *sc_session_manager_builder_new                  (void);
SC_AVAILABLE_IN_ALL
ScSessionManagerBuilder *sc_session_manager_builder_with_sip_port        (ScSessionManagerBuilder *self,
                                                                          guint                    port);
SC_AVAILABLE_IN_ALL
ScSessionManagerBuilder *sc_session_manager_builder_with_local_address   (ScSessionManagerBuilder *self,
                                                                          const char              *uri);
SC_AVAILABLE_IN_ALL
ScSessionManagerBuilder *sc_session_manager_builder_with_local_bind_addr (ScSessionManagerBuilder *self,
                                                                          const char              *address);
SC_AVAILABLE_IN_ALL
ScSessionManagerBuilder *sc_session_manager_builder_with_media_ports     (ScSessionManagerBuilder *self,
                                                                          guint                    start,
                                                                          guint                    end);
SC_AVAILABLE_IN_ALL
ScSessionManagerBuilder *sc_session_manager_builder_with_max_sessions    (ScSessionManagerBuilder *self,
                                                                          guint                    max_sessions);
SC_AVAILABLE_IN_ALL
ScSessionManagerBuilder *sc_session_manager_builder_with_session_timeout (ScSessionManagerBuilder *self,
                                                                          guint                    seconds);
SC_AVAILABLE_IN_ALL
ScSessionManagerBuilder *sc_session_manager_builder_with_domain          (ScSessionManagerBuilder *self,
                                                                          const char              *domain);
SC_AVAILABLE_IN_ALL
ScSessionManagerBuilder *sc_session_manager_builder_with_handler         (ScSessionManagerBuilder *self,
                                                                          ScCallHandler           *handler);
SC_AVAILABLE_IN_ALL
ScSessionManagerBuilder *sc_session_manager_builder_with_transaction_manager (ScSessionManagerBuilder *self,
                                                                          ScTransactionManager    *transaction_manager);
SC_AVAILABLE_IN_ALL
ScSessionManagerBuilder *sc_session_manager_builder_with_media_enabled   (ScSessionManagerBuilder *self,
                                                                          gboolean                 enabled);
SC_AVAILABLE_IN_ALL
ScSessionManagerBuilder *sc_session_manager_builder_with_transport       (ScSessionManagerBuilder *self,
                                                                          ScTransportProtocol      transport);
SC_AVAILABLE_IN_ALL
ScSessionManagerBuilder *sc_session_manager_builder_with_transaction_timeout (ScSessionManagerBuilder *self,
                                                                          guint                    seconds);
SC_AVAILABLE_IN_ALL
ScSessionManagerBuilder *sc_session_manager_builder_with_tcp_idle_timeout (ScSessionManagerBuilder *self,
                                                                          guint                    seconds);
SC_AVAILABLE_IN_ALL
ScSessionManagerBuilder *sc_session_manager_builder_with_max_connections_per_peer (ScSessionManagerBuilder *self,
                                                                                  guint                    max_connections);
SC_AVAILABLE_IN_ALL
ScSessionManagerBuilder *sc_session_manager_builder_with_music_on_hold_file (ScSessionManagerBuilder *self,
                                                                          const char              *path);
SC_AVAILABLE_IN_ALL
ScServerConfig          *sc_session_manager_builder_to_server_config     (ScSessionManagerBuilder *self,
                                                                          GError                 **error);
SC_AVAILABLE_IN_ALL
ScSessionManager        *sc_session_manager_builder_build                (ScSessionManagerBuilder *self,
                                                                          GError                 **error);
SC_AVAILABLE_IN_ALL
ScServerSessionManager *sc_session_manager_builder_build_server (ScSessionManagerBuilder  *self,
                                                                 ScTransactionManager     *transaction_manager,
                                                                 GError                  **error);

G_END_DECLS
