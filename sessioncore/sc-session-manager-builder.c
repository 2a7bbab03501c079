/* sc-session-manager-builder.c: configure and build a session manager
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sc-session-manager-builder.h"

#include "sc-error.h"
#include "sc-server-config-private.h"
#include "sc-session-manager-private.h"
#include "sc-server-session-manager-private.h"

/**
 * ScSessionManagerBuilder:
 *
 * Collects the settings of a #ScSessionManager, the C counterpart of Rust
 * session-core's `SessionManagerBuilder`.
 *
 * Every `with_` setter returns the builder itself, so calls chain, in C
 * as in Python:
 *
 * ```python
 * manager = (Sc.SessionManagerBuilder.new()
 *            .with_local_bind_addr("127.0.0.1:5060")
 *            .with_max_sessions(500)
 *            .build())
 * ```
 *
 * Defaults: bind address `0.0.0.0:5060`, media ports 10000-20000, 1000
 * sessions, session timeout 3600 s, UDP, media enabled.
 *
 * Since: 0.1
 */

struct _ScSessionManagerBuilder
{
  GObject               parent_instance;

  ScServerConfig       *config;
  char                 *bind_address;
  gint64                sip_port;      /* -1: the port of bind_address */
  guint                 media_port_start;
  guint                 media_port_end;
  char                 *domain;
  char                 *local_address;
  ScCallHandler        *handler;
  ScTransactionManager *transaction_manager;
  char                 *music_on_hold_file;
};

G_DEFINE_FINAL_TYPE (ScSessionManagerBuilder, sc_session_manager_builder, G_TYPE_OBJECT)

static void
sc_session_manager_builder_finalize (GObject *object)
{
  ScSessionManagerBuilder *self = SC_SESSION_MANAGER_BUILDER (object);

  g_clear_pointer (&self->config, sc_server_config_free);
  g_free (self->bind_address);
  g_free (self->domain);
  g_free (self->local_address);
  g_clear_object (&self->handler);
  g_clear_object (&self->transaction_manager);
  g_free (self->music_on_hold_file);

  G_OBJECT_CLASS (sc_session_manager_builder_parent_class)->finalize (object);
}

static void
sc_session_manager_builder_class_init (ScSessionManagerBuilderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sc_session_manager_builder_finalize;
}

static void
sc_session_manager_builder_init (ScSessionManagerBuilder *self)
{
  self->config = sc_server_config_new ();
  self->bind_address = g_strdup ("0.0.0.0:5060");
  self->sip_port = -1;
  self->media_port_start = 10000;
  self->media_port_end = 20000;
}

/**
 * sc_session_manager_builder_new:
 *
 * Creates a builder with the default settings.
 *
 * Returns: (transfer full): a new #ScSessionManagerBuilder
 *
 * Since: 0.1
 */
ScSessionManagerBuilder *
sc_session_manager_builder_new (void)
{
  return g_object_new (SC_TYPE_SESSION_MANAGER_BUILDER, NULL);
}

/**
 * sc_session_manager_builder_with_sip_port:
 * @self: a #ScSessionManagerBuilder
 * @port: the SIP port, 0 for any free port
 *
 * Sets the SIP port (keeping the bind address's IP). A port above 65535
 * makes sc_session_manager_builder_build() fail with %SC_ERROR_CONFIG.
 *
 * Returns: (transfer none): @self
 *
 * Since: 0.1
 */
ScSessionManagerBuilder *
sc_session_manager_builder_with_sip_port (ScSessionManagerBuilder *self,
                                          guint                    port)
{
  g_return_val_if_fail (SC_IS_SESSION_MANAGER_BUILDER (self), NULL);

  self->sip_port = port;
  return self;
}

/**
 * sc_session_manager_builder_with_local_address:
 * @self: a #ScSessionManagerBuilder
 * @uri: this endpoint's SIP URI, e.g. `sip:pbx@example.com`
 *
 * Sets the endpoint's own SIP URI, used as the Contact of its requests
 * and answers.
 *
 * Returns: (transfer none): @self
 *
 * Since: 0.1
 */
ScSessionManagerBuilder *
sc_session_manager_builder_with_local_address (ScSessionManagerBuilder *self,
                                               const char              *uri)
{
  g_return_val_if_fail (SC_IS_SESSION_MANAGER_BUILDER (self), NULL);
  g_return_val_if_fail (uri != NULL, self);

  g_free (self->local_address);
  self->local_address = g_strdup (uri);
  return self;
}

/**
 * sc_session_manager_builder_with_local_bind_addr:
 * @self: a #ScSessionManagerBuilder
 * @address: `"ip:port"` to listen on (IPv6 as `"[::1]:5060"`)
 *
 * Sets the address SIP listens on and RTP binds to. An address that does
 * not parse makes sc_session_manager_builder_build() fail with
 * %SC_ERROR_CONFIG.
 *
 * Returns: (transfer none): @self
 *
 * Since: 0.1
 */
ScSessionManagerBuilder *
sc_session_manager_builder_with_local_bind_addr (ScSessionManagerBuilder *self,
                                                 const char              *address)
{
  g_return_val_if_fail (SC_IS_SESSION_MANAGER_BUILDER (self), NULL);
  g_return_val_if_fail (address != NULL, self);

  g_free (self->bind_address);
  self->bind_address = g_strdup (address);
  self->sip_port = -1;
  return self;
}

/**
 * sc_session_manager_builder_with_media_ports:
 * @self: a #ScSessionManagerBuilder
 * @start: the first RTP port
 * @end: the last RTP port
 *
 * Sets the range RTP ports are allocated from (an even RTP port and the
 * next odd one for RTCP per call).
 *
 * Returns: (transfer none): @self
 *
 * Since: 0.1
 */
ScSessionManagerBuilder *
sc_session_manager_builder_with_media_ports (ScSessionManagerBuilder *self,
                                             guint                    start,
                                             guint                    end)
{
  g_return_val_if_fail (SC_IS_SESSION_MANAGER_BUILDER (self), NULL);

  self->media_port_start = start;
  self->media_port_end = end;
  return self;
}

/**
 * sc_session_manager_builder_with_max_sessions:
 * @self: a #ScSessionManagerBuilder
 * @max_sessions: the most concurrent sessions (1-100000)
 *
 * Past this many sessions, INVITEs get 503 and outgoing calls fail with
 * %SC_ERROR_RESOURCE_LIMIT_EXCEEDED.
 *
 * Returns: (transfer none): @self
 *
 * Since: 0.1
 */
ScSessionManagerBuilder *
sc_session_manager_builder_with_max_sessions (ScSessionManagerBuilder *self,
                                              guint                    max_sessions)
{
  g_return_val_if_fail (SC_IS_SESSION_MANAGER_BUILDER (self), NULL);

  sc_server_config_set_max_sessions (self->config, max_sessions);
  return self;
}

/**
 * sc_session_manager_builder_with_session_timeout:
 * @self: a #ScSessionManagerBuilder
 * @seconds: at least 30
 *
 * How long a deferred incoming call may wait for a decision before it is
 * refused with 480.
 *
 * Returns: (transfer none): @self
 *
 * Since: 0.1
 */
ScSessionManagerBuilder *
sc_session_manager_builder_with_session_timeout (ScSessionManagerBuilder *self,
                                                 guint                    seconds)
{
  g_return_val_if_fail (SC_IS_SESSION_MANAGER_BUILDER (self), NULL);

  sc_server_config_set_session_timeout (self->config, seconds);
  return self;
}

/**
 * sc_session_manager_builder_with_domain:
 * @self: a #ScSessionManagerBuilder
 * @domain: the SIP domain; also the server name in Server and User-Agent
 *
 * Sets the SIP domain. It is also the server name (without a domain,
 * `"RVOIP-Server/1.0"`): [method@Sc.ServerConfig.set_server_name] says
 * which messages carry it as `Server` and which as `User-Agent`.
 *
 * Returns: (transfer none): @self
 *
 * Since: 0.1
 */
ScSessionManagerBuilder *
sc_session_manager_builder_with_domain (ScSessionManagerBuilder *self,
                                        const char              *domain)
{
  g_return_val_if_fail (SC_IS_SESSION_MANAGER_BUILDER (self), NULL);
  g_return_val_if_fail (domain != NULL, self);

  g_free (self->domain);
  self->domain = g_strdup (domain);
  return self;
}

/**
 * sc_session_manager_builder_with_handler:
 * @self: a #ScSessionManagerBuilder
 * @handler: (nullable): the call handler
 *
 * Sets the #ScCallHandler asked about incoming calls (after the notifier)
 * and told about call events.
 *
 * Returns: (transfer none): @self
 *
 * Since: 0.1
 */
ScSessionManagerBuilder *
sc_session_manager_builder_with_handler (ScSessionManagerBuilder *self,
                                         ScCallHandler           *handler)
{
  g_return_val_if_fail (SC_IS_SESSION_MANAGER_BUILDER (self), NULL);
  g_return_val_if_fail (handler == NULL || SC_IS_CALL_HANDLER (handler), self);

  g_set_object (&self->handler, handler);
  return self;
}

/**
 * sc_session_manager_builder_with_transaction_manager:
 * @self: a #ScSessionManagerBuilder
 * @transaction_manager: (nullable): a SIP stack to share
 *
 * Uses an existing SIP stack instead of creating one; the bind address
 * and port settings are then ignored.
 *
 * Returns: (transfer none): @self
 *
 * Since: 0.1
 */
ScSessionManagerBuilder *
sc_session_manager_builder_with_transaction_manager (ScSessionManagerBuilder *self,
                                                     ScTransactionManager    *transaction_manager)
{
  g_return_val_if_fail (SC_IS_SESSION_MANAGER_BUILDER (self), NULL);
  g_return_val_if_fail (transaction_manager == NULL ||
                        SC_IS_TRANSACTION_MANAGER (transaction_manager), self);

  g_set_object (&self->transaction_manager, transaction_manager);
  return self;
}

/**
 * sc_session_manager_builder_with_media_enabled:
 * @self: a #ScSessionManagerBuilder
 * @enabled: whether calls get RTP sockets
 *
 * With media disabled, calls still negotiate SDP (with ports from the
 * range) but no RTP socket is opened: a signalling-only server.
 *
 * Returns: (transfer none): @self
 *
 * Since: 0.1
 */
ScSessionManagerBuilder *
sc_session_manager_builder_with_media_enabled (ScSessionManagerBuilder *self,
                                               gboolean                 enabled)
{
  g_return_val_if_fail (SC_IS_SESSION_MANAGER_BUILDER (self), NULL);

  sc_server_config_set_enable_media (self->config, enabled);
  return self;
}

/**
 * sc_session_manager_builder_with_transport:
 * @self: a #ScSessionManagerBuilder
 * @transport: the SIP transport
 *
 * Sets the SIP transport (UDP by default; UDP and TCP both listen on
 * both).
 *
 * Returns: (transfer none): @self
 *
 * Since: 0.1
 */
ScSessionManagerBuilder *
sc_session_manager_builder_with_transport (ScSessionManagerBuilder *self,
                                           ScTransportProtocol      transport)
{
  g_return_val_if_fail (SC_IS_SESSION_MANAGER_BUILDER (self), NULL);

  sc_server_config_set_transport_protocol (self->config, transport);
  return self;
}

/**
 * sc_session_manager_builder_with_transaction_timeout:
 * @self: a #ScSessionManagerBuilder
 * @seconds: at least 1; 32 by default
 *
 * Sets SIP's transaction timeout (64 × T1): how long a request waits for
 * its final answer, and how long a finished transaction is kept to absorb
 * retransmissions.
 *
 * Returns: (transfer none): @self
 *
 * Since: 0.1
 */
ScSessionManagerBuilder *
sc_session_manager_builder_with_transaction_timeout (ScSessionManagerBuilder *self,
                                                     guint                    seconds)
{
  g_return_val_if_fail (SC_IS_SESSION_MANAGER_BUILDER (self), NULL);

  sc_server_config_set_transaction_timeout (self->config, seconds);
  return self;
}

/**
 * sc_session_manager_builder_with_tcp_idle_timeout:
 * @self: a #ScSessionManagerBuilder
 * @seconds: 0 (never) to 86400; 300 by default
 *
 * Sets how long a TCP or TLS connection may stay idle, or hold a message
 * only partly received, before the server closes it (see
 * [method@Sc.ServerConfig.set_tcp_idle_timeout]).
 *
 * Returns: (transfer none): @self
 *
 * Since: 0.1
 */
ScSessionManagerBuilder *
sc_session_manager_builder_with_tcp_idle_timeout (ScSessionManagerBuilder *self,
                                                  guint                    seconds)
{
  g_return_val_if_fail (SC_IS_SESSION_MANAGER_BUILDER (self), NULL);

  sc_server_config_set_tcp_idle_timeout (self->config, seconds);
  return self;
}

/**
 * sc_session_manager_builder_with_max_connections_per_peer:
 * @self: a #ScSessionManagerBuilder
 * @max_connections: 0 (no limit) to 65535; 64 by default
 *
 * Sets the most TCP or TLS connections one peer IP address may hold (see
 * [method@Sc.ServerConfig.set_max_connections_per_peer]).
 *
 * Returns: (transfer none): @self
 *
 * Since: 0.1
 */
ScSessionManagerBuilder *
sc_session_manager_builder_with_max_connections_per_peer (ScSessionManagerBuilder *self,
                                                          guint                    max_connections)
{
  g_return_val_if_fail (SC_IS_SESSION_MANAGER_BUILDER (self), NULL);

  sc_server_config_set_max_connections_per_peer (self->config, max_connections);
  return self;
}

/**
 * sc_session_manager_builder_with_music_on_hold_file:
 * @self: a #ScSessionManagerBuilder
 * @path: (type filename) (nullable): an audio file in any format GStreamer
 *   decodes, or %NULL for none
 *
 * What a call hears while this side holds it: the file, looped. Without
 * one, a held call receives no audio. The file is decoded once, when the
 * manager is built (an undecodable file makes the build fail with
 * %SC_ERROR_MEDIA).
 *
 * Returns: (transfer none): @self
 *
 * Since: 0.1
 */
ScSessionManagerBuilder *
sc_session_manager_builder_with_music_on_hold_file (ScSessionManagerBuilder *self,
                                                    const char              *path)
{
  g_return_val_if_fail (SC_IS_SESSION_MANAGER_BUILDER (self), NULL);

  g_free (self->music_on_hold_file);
  self->music_on_hold_file = g_strdup (path);
  return self;
}

/**
 * sc_session_manager_builder_to_server_config:
 * @self: a #ScSessionManagerBuilder
 * @error: return location for a #GError
 *
 * The #ScServerConfig the builder maps to, as the plan's `build_server`
 * does: transport UDP unless set, transaction timeout 32 s, server name =
 * domain, contact = local address.
 *
 * Returns: (transfer full): the configuration, or %NULL (with
 *   %SC_ERROR_CONFIG) when the bind address does not parse or the SIP
 *   port is out of range
 *
 * Since: 0.1
 */
ScServerConfig *
sc_session_manager_builder_to_server_config (ScSessionManagerBuilder  *self,
                                             GError                  **error)
{
  g_autoptr(ScServerConfig) config = NULL;
  g_autofree char *host = NULL;
  guint16 port = 0;

  g_return_val_if_fail (SC_IS_SESSION_MANAGER_BUILDER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_sc_parse_bind_address (self->bind_address, &host, &port, error))
    return NULL;
  if (self->sip_port > G_MAXUINT16)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_CONFIG,
                   "Configuration error: SIP port %" G_GINT64_FORMAT " is out of "
                   "range (0 to 65535)", self->sip_port);
      return NULL;
    }

  config = sc_server_config_copy (self->config);
  if (self->sip_port >= 0)
    {
      g_autofree char *address = strchr (host, ':')
        ? g_strdup_printf ("[%s]:%" G_GINT64_FORMAT, host, self->sip_port)
        : g_strdup_printf ("%s:%" G_GINT64_FORMAT, host, self->sip_port);
      sc_server_config_set_bind_address (config, address);
    }
  else
    sc_server_config_set_bind_address (config, self->bind_address);

  if (self->domain != NULL)
    sc_server_config_set_server_name (config, self->domain);
  if (self->local_address != NULL)
    sc_server_config_set_contact_uri (config, self->local_address);

  return g_steal_pointer (&config);
}

/**
 * sc_session_manager_builder_build:
 * @self: a #ScSessionManagerBuilder
 * @error: return location for a #GError
 *
 * Validates the settings, binds the SIP stack and returns a started
 * manager in the thread-default #GMainContext.
 *
 * Errors: %SC_ERROR_CONFIG for invalid settings, %SC_ERROR_NETWORK when
 * the address cannot be bound, %SC_ERROR_NOT_SUPPORTED for WS/WSS,
 * %SC_ERROR_SIP when sofia-sip cannot start, %SC_ERROR_MEDIA when the
 * music-on-hold file cannot be decoded or GStreamer cannot start.
 *
 * Returns: (transfer full): a started #ScSessionManager, or %NULL on error
 *
 * Since: 0.1
 */
ScSessionManager *
sc_session_manager_builder_build (ScSessionManagerBuilder  *self,
                                  GError                  **error)
{
  g_autoptr(ScServerConfig) config = NULL;
  g_autoptr(ScSessionManager) manager = NULL;

  g_return_val_if_fail (SC_IS_SESSION_MANAGER_BUILDER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  config = sc_session_manager_builder_to_server_config (self, error);
  if (config == NULL)
    return NULL;
  if (self->media_port_start > 65535 || self->media_port_end > 65535)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_CONFIG,
                   "Configuration error: media ports %u-%u are not UDP ports",
                   self->media_port_start, self->media_port_end);
      return NULL;
    }

  manager = _sc_session_manager_new (config, self->transaction_manager,
                                     self->handler,
                                     (guint16) self->media_port_start,
                                     (guint16) self->media_port_end,
                                     self->domain, self->music_on_hold_file,
                                     error);
  if (manager == NULL || !sc_session_manager_start (manager, error))
    return NULL;
  return g_steal_pointer (&manager);
}

/**
 * sc_session_manager_builder_build_server:
 * @self: a #ScSessionManagerBuilder
 * @transaction_manager: (nullable): the SIP stack to use; %NULL for the
 *   one given to sc_session_manager_builder_with_transaction_manager(), or
 *   a new one
 * @error: return location for a #GError
 *
 * Builds a started server, mapping the builder onto a #ScServerConfig as
 * the plan's `build_server` does (sc_session_manager_builder_to_server_config():
 * transport UDP unless set, transaction timeout 32 s, media on, server
 * name = domain, contact = local address), with the builder's media
 * ports, handler and music on hold.
 *
 * Errors: as sc_session_manager_builder_build().
 *
 * Returns: (transfer full): a started #ScServerSessionManager, or %NULL on
 *   error
 *
 * Since: 0.1
 */
ScServerSessionManager *
sc_session_manager_builder_build_server (ScSessionManagerBuilder  *self,
                                         ScTransactionManager     *transaction_manager,
                                         GError                  **error)
{
  g_autoptr(ScTransactionManager) saved = NULL;
  g_autoptr(ScSessionManager) sessions = NULL;

  g_return_val_if_fail (SC_IS_SESSION_MANAGER_BUILDER (self), NULL);
  g_return_val_if_fail (transaction_manager == NULL ||
                        SC_IS_TRANSACTION_MANAGER (transaction_manager), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (transaction_manager != NULL)
    {
      saved = g_steal_pointer (&self->transaction_manager);
      self->transaction_manager = g_object_ref (transaction_manager);
    }
  sessions = sc_session_manager_builder_build (self, error);
  if (transaction_manager != NULL)
    {
      g_clear_object (&self->transaction_manager);
      self->transaction_manager = g_steal_pointer (&saved);
    }
  if (sessions == NULL)
    return NULL;
  return _sc_server_session_manager_new (sessions);
}
