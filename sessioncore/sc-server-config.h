/* sc-server-config.h: configuration of a server session manager
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

#define SC_TYPE_SERVER_CONFIG (sc_server_config_get_type ())

SC_AVAILABLE_IN_ALL
GType                sc_server_config_get_type                (void) G_GNUC_CONST;

SC_AVAILABLE_IN_ALL
ScServerConfig      *sc_server_config_new                     (void);
SC_AVAILABLE_IN_ALL
ScServerConfig      *sc_server_config_copy                    (const ScServerConfig *self);
SC_AVAILABLE_IN_ALL
void                 sc_server_config_free                    (ScServerConfig       *self);

SC_AVAILABLE_IN_ALL
const char          *sc_server_config_get_bind_address        (const ScServerConfig *self);
SC_AVAILABLE_IN_ALL
void                 sc_server_config_set_bind_address        (ScServerConfig       *self,
                                                               const char           *bind_address);
SC_AVAILABLE_IN_ALL
ScTransportProtocol  sc_server_config_get_transport_protocol  (const ScServerConfig *self);
SC_AVAILABLE_IN_ALL
void                 sc_server_config_set_transport_protocol  (ScServerConfig       *self,
                                                               ScTransportProtocol   protocol);
SC_AVAILABLE_IN_ALL
guint                sc_server_config_get_max_sessions        (const ScServerConfig *self);
SC_AVAILABLE_IN_ALL
void                 sc_server_config_set_max_sessions        (ScServerConfig       *self,
                                                               guint                 max_sessions);
SC_AVAILABLE_IN_ALL
guint                sc_server_config_get_session_timeout     (const ScServerConfig *self);
SC_AVAILABLE_IN_ALL
void                 sc_server_config_set_session_timeout     (ScServerConfig       *self,
                                                               guint                 seconds);
SC_AVAILABLE_IN_ALL
guint                sc_server_config_get_transaction_timeout (const ScServerConfig *self);
SC_AVAILABLE_IN_ALL
void                 sc_server_config_set_transaction_timeout (ScServerConfig       *self,
                                                               guint                 seconds);
SC_AVAILABLE_IN_ALL
gboolean             sc_server_config_get_enable_media        (const ScServerConfig *self);
SC_AVAILABLE_IN_ALL
void                 sc_server_config_set_enable_media        (ScServerConfig       *self,
                                                               gboolean              enable_media);
SC_AVAILABLE_IN_ALL
const char          *sc_server_config_get_server_name         (const ScServerConfig *self);
SC_AVAILABLE_IN_ALL
void                 sc_server_config_set_server_name         (ScServerConfig       *self,
                                                               const char           *server_name);
SC_AVAILABLE_IN_ALL
const char          *sc_server_config_get_contact_uri         (const ScServerConfig *self);
SC_AVAILABLE_IN_ALL
void                 sc_server_config_set_contact_uri         (ScServerConfig       *self,
                                                               const char           *contact_uri);
SC_AVAILABLE_IN_ALL
guint                sc_server_config_get_tcp_idle_timeout    (const ScServerConfig *self);
SC_AVAILABLE_IN_ALL
void                 sc_server_config_set_tcp_idle_timeout    (ScServerConfig       *self,
                                                               guint                 seconds);
SC_AVAILABLE_IN_ALL
guint                sc_server_config_get_max_connections_per_peer (const ScServerConfig *self);
SC_AVAILABLE_IN_ALL
void                 sc_server_config_set_max_connections_per_peer (ScServerConfig       *self,
                                                                    guint                 max_connections);

SC_AVAILABLE_IN_ALL
gboolean             sc_server_config_validate                (const ScServerConfig *self,
                                                               GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScServerConfig, sc_server_config_free)

G_END_DECLS
