/* sc-server-session-manager.h: a SIP server: calls, bridges, notifications
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (SESSIONCORE_INSIDE) && !defined (SESSIONCORE_COMPILATION)
#error "Only <sessioncore/sessioncore.h> can be included directly."
#endif

#include <gio/gio.h>

#include "sc-types.h"
#include "sc-bridge-manager.h"
#include "sc-conference-manager.h"
#include "sc-event-receiver.h"
#include "sc-session-manager.h"
#include "sc-transaction-manager.h"

G_BEGIN_DECLS

#define SC_TYPE_SERVER_SESSION_MANAGER (sc_server_session_manager_get_type ())

SC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (ScServerSessionManager, sc_server_session_manager, SC,
                      SERVER_SESSION_MANAGER, GObject)

SC_AVAILABLE_IN_ALL
ScServerSessionManager *sc_create_full_server_manager      (ScTransactionManager   *transaction_manager,
                                                            const ScServerConfig   *config,
                                                            GError                **error);

SC_AVAILABLE_IN_ALL
char             *sc_server_session_manager_bridge_sessions     (ScServerSessionManager *self,
                                                                 const char             *session1,
                                                                 const char             *session2,
                                                                 GError                **error);
SC_AVAILABLE_IN_ALL
gboolean          sc_server_session_manager_destroy_bridge      (ScServerSessionManager *self,
                                                                 const char             *bridge_id,
                                                                 GError                **error);
SC_AVAILABLE_IN_ALL
char             *sc_server_session_manager_get_session_bridge  (ScServerSessionManager *self,
                                                                 const char             *session_id,
                                                                 GError                **error);
SC_AVAILABLE_IN_ALL
gboolean          sc_server_session_manager_remove_session_from_bridge (ScServerSessionManager *self,
                                                                 const char             *bridge_id,
                                                                 const char             *session_id,
                                                                 GError                **error);
SC_AVAILABLE_IN_ALL
GPtrArray        *sc_server_session_manager_list_bridges        (ScServerSessionManager *self);
SC_AVAILABLE_IN_ALL
ScEventReceiver  *sc_server_session_manager_subscribe_to_bridge_events (ScServerSessionManager *self);
SC_AVAILABLE_IN_ALL
char             *sc_server_session_manager_create_outgoing_session (ScServerSessionManager *self,
                                                                 GError                **error);
SC_AVAILABLE_IN_ALL
ScSessionManager *sc_server_session_manager_get_session_manager (ScServerSessionManager *self);
SC_AVAILABLE_IN_ALL
ScBridgeManager  *sc_server_session_manager_get_bridge_manager  (ScServerSessionManager *self);
SC_AVAILABLE_IN_ALL
ScConferenceManager *sc_server_session_manager_get_conference_manager (ScServerSessionManager *self);
SC_AVAILABLE_IN_ALL
ScServerConfig   *sc_server_session_manager_get_config          (ScServerSessionManager *self);
SC_AVAILABLE_IN_ALL
void              sc_server_session_manager_set_incoming_call_notifier (ScServerSessionManager     *self,
                                                                 ScIncomingCallNotification *notifier);
SC_AVAILABLE_IN_ALL
void              sc_server_session_manager_shutdown_async      (ScServerSessionManager *self,
                                                                 GCancellable           *cancellable,
                                                                 GAsyncReadyCallback     callback,
                                                                 gpointer                user_data);
SC_AVAILABLE_IN_ALL
gboolean          sc_server_session_manager_shutdown_finish     (ScServerSessionManager *self,
                                                                 GAsyncResult           *result,
                                                                 GError                **error);

G_END_DECLS
