/* sc-server-config.c: configuration of a server session manager
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sc-server-config.h"

#include <string.h>

#include <gio/gio.h>

#include "sc-error.h"
#include "sc-server-config-private.h"
#include "sip/sc-sip-syntax.h"

#define SC_SERVER_CONFIG_DEFAULT_BIND_ADDRESS        "0.0.0.0:5060"
#define SC_SERVER_CONFIG_DEFAULT_MAX_SESSIONS        1000
#define SC_SERVER_CONFIG_DEFAULT_SESSION_TIMEOUT     3600
#define SC_SERVER_CONFIG_DEFAULT_TRANSACTION_TIMEOUT 32
#define SC_SERVER_CONFIG_DEFAULT_SERVER_NAME         "RVOIP-Server/1.0"
#define SC_SERVER_CONFIG_DEFAULT_TCP_IDLE_TIMEOUT    300
#define SC_SERVER_CONFIG_DEFAULT_MAX_CONNECTIONS_PER_PEER 64

#define SC_SERVER_CONFIG_MAX_MAX_SESSIONS            100000
#define SC_SERVER_CONFIG_MIN_SESSION_TIMEOUT         30
#define SC_SERVER_CONFIG_MIN_TRANSACTION_TIMEOUT     1
#define SC_SERVER_CONFIG_MAX_TCP_IDLE_TIMEOUT        86400
#define SC_SERVER_CONFIG_MAX_MAX_CONNECTIONS_PER_PEER 65535

/**
 * ScServerConfig:
 *
 * The configuration of a server session manager (Rust session-core's
 * `ServerConfig`): where the SIP stack listens, with which transport, how
 * many sessions it accepts, the session and transaction timeouts, whether
 * media is handled, the `Server`/`User-Agent` name and the `Contact` URI.
 *
 * [ctor@Sc.ServerConfig.new] returns the defaults:
 *
 * | field | default |
 * |---|---|
 * | bind address | `"0.0.0.0:5060"` |
 * | transport protocol | %SC_TRANSPORT_PROTOCOL_UDP |
 * | max sessions | 1000 |
 * | session timeout | 3600 s |
 * | transaction timeout | 32 s |
 * | enable media | %TRUE |
 * | server name | `"RVOIP-Server/1.0"` |
 * | contact URI | %NULL |
 * | TCP idle timeout | 300 s |
 * | max connections per peer | 64 |
 *
 * The setters store values as given; [method@Sc.ServerConfig.validate]
 * tells whether the whole configuration is usable.
 *
 * An #ScServerConfig is a plain value: it is not thread-safe, copy it to
 * hand it to another thread.
 *
 * Since: 0.1
 */
struct _ScServerConfig
{
  char                *bind_address;
  ScTransportProtocol  transport_protocol;
  guint                max_sessions;
  guint                session_timeout;
  guint                transaction_timeout;
  gboolean             enable_media;
  char                *server_name;
  char                *contact_uri;
  guint                tcp_idle_timeout;
  guint                max_connections_per_peer;
};

G_DEFINE_BOXED_TYPE (ScServerConfig, sc_server_config,
                     sc_server_config_copy, sc_server_config_free)

/* A copy of @value fit for a GError message (valid UTF-8). */
static char *
printable (const char *value)
{
  return g_utf8_make_valid (value, -1);
}

static gboolean
bind_address_error (GError     **error,
                    const char  *address,
                    const char  *detail)
{
  g_autofree char *shown = printable (address);

  g_set_error (error, SC_ERROR, SC_ERROR_CONFIG,
               "Invalid bind address \"%s\": %s", shown, detail);
  return FALSE;
}

/* _sc_parse_bind_address:
 * @address: a bind address: `ip:port`, where ip is an IPv4 literal
 *   (`"127.0.0.1:5060"`) or a bracketed IPv6 literal (`"[::1]:5060"`), and
 *   port is 0 (any free port) to 65535
 * @out_host: (out) (optional) (transfer full): the IP literal, without
 *   brackets (`"::1"`)
 * @out_port: (out) (optional): the port
 * @error: return location for a %SC_ERROR_CONFIG error
 *
 * Splits a bind address into its IP literal and port. Host names and
 * addresses without a port are rejected.
 *
 * Returns: %TRUE if @address parsed
 */
gboolean
_sc_parse_bind_address (const char  *address,
                        char       **out_host,
                        guint16     *out_port,
                        GError     **error)
{
  g_autofree char *host = NULL;
  g_autoptr (GInetAddress) inet = NULL;
  GSocketFamily family;
  const char *port_str;
  guint64 port = 0;

  if (address == NULL)
    {
      g_set_error_literal (error, SC_ERROR, SC_ERROR_CONFIG,
                           "Invalid bind address: it is not set");
      return FALSE;
    }

  if (*address == '\0')
    return bind_address_error (error, address,
                               "it is empty (expected ip:port)");

  if (address[0] == '[')
    {
      const char *close = strchr (address, ']');

      if (close == NULL)
        return bind_address_error (error, address,
                                   "missing ']' after the IPv6 address");

      host = g_strndup (address + 1, close - address - 1);
      family = G_SOCKET_FAMILY_IPV6;

      if (close[1] != ':')
        return bind_address_error (error, address,
                                   "missing port (expected [ipv6]:port)");
      port_str = close + 2;
    }
  else
    {
      const char *colon = strrchr (address, ':');

      if (colon == NULL)
        return bind_address_error (error, address,
                                   "missing port (expected ip:port)");

      host = g_strndup (address, colon - address);
      family = G_SOCKET_FAMILY_IPV4;

      if (strchr (host, ':') != NULL)
        return bind_address_error (error, address,
                                   "an IPv6 address must be in brackets, "
                                   "as in [::1]:5060");
      port_str = colon + 1;
    }

  inet = g_inet_address_new_from_string (host);
  if (inet == NULL || g_inet_address_get_family (inet) != family)
    {
      if (family == G_SOCKET_FAMILY_IPV6)
        return bind_address_error (error, address,
                                   "the host in brackets is not an IPv6 "
                                   "address");
      return bind_address_error (error, address,
                                 "the host is not an IPv4 address or a "
                                 "bracketed IPv6 address (host names are "
                                 "not allowed)");
    }

  if (*port_str == '\0')
    return bind_address_error (error, address, "the port is empty");

  for (const char *p = port_str; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return bind_address_error (error, address, "the port is not a number");
    }

  if (!g_ascii_string_to_unsigned (port_str, 10, 0, G_MAXUINT16, &port, NULL))
    return bind_address_error (error, address,
                               "the port is out of range (0 to 65535)");

  if (out_host != NULL)
    *out_host = g_steal_pointer (&host);
  if (out_port != NULL)
    *out_port = (guint16) port;

  return TRUE;
}

/**
 * sc_server_config_new:
 *
 * Creates a configuration with the defaults of Rust session-core's
 * `ServerConfig`: bind address `"0.0.0.0:5060"`, UDP, 1000 sessions at
 * most, a 3600 s session timeout, a 32 s transaction timeout, media
 * enabled, server name `"RVOIP-Server/1.0"` and no contact URI; and, of
 * its own, TCP connections closed after 300 s idle and at most 64 of them
 * from one peer address.
 *
 * Returns: (transfer full): a new #ScServerConfig
 *
 * Since: 0.1
 */
ScServerConfig *
sc_server_config_new (void)
{
  ScServerConfig *self = g_new0 (ScServerConfig, 1);

  self->bind_address = g_strdup (SC_SERVER_CONFIG_DEFAULT_BIND_ADDRESS);
  self->transport_protocol = SC_TRANSPORT_PROTOCOL_UDP;
  self->max_sessions = SC_SERVER_CONFIG_DEFAULT_MAX_SESSIONS;
  self->session_timeout = SC_SERVER_CONFIG_DEFAULT_SESSION_TIMEOUT;
  self->transaction_timeout = SC_SERVER_CONFIG_DEFAULT_TRANSACTION_TIMEOUT;
  self->enable_media = TRUE;
  self->server_name = g_strdup (SC_SERVER_CONFIG_DEFAULT_SERVER_NAME);
  self->contact_uri = NULL;
  self->tcp_idle_timeout = SC_SERVER_CONFIG_DEFAULT_TCP_IDLE_TIMEOUT;
  self->max_connections_per_peer = SC_SERVER_CONFIG_DEFAULT_MAX_CONNECTIONS_PER_PEER;

  return self;
}

/**
 * sc_server_config_copy:
 * @self: a #ScServerConfig
 *
 * Makes a deep copy of @self.
 *
 * Returns: (transfer full): a new #ScServerConfig
 *
 * Since: 0.1
 */
ScServerConfig *
sc_server_config_copy (const ScServerConfig *self)
{
  ScServerConfig *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (ScServerConfig, 1);
  copy->bind_address = g_strdup (self->bind_address);
  copy->transport_protocol = self->transport_protocol;
  copy->max_sessions = self->max_sessions;
  copy->session_timeout = self->session_timeout;
  copy->transaction_timeout = self->transaction_timeout;
  copy->enable_media = self->enable_media;
  copy->server_name = g_strdup (self->server_name);
  copy->contact_uri = g_strdup (self->contact_uri);
  copy->tcp_idle_timeout = self->tcp_idle_timeout;
  copy->max_connections_per_peer = self->max_connections_per_peer;

  return copy;
}

/**
 * sc_server_config_free:
 * @self: (nullable): a #ScServerConfig
 *
 * Frees @self. Does nothing if @self is %NULL.
 *
 * Since: 0.1
 */
void
sc_server_config_free (ScServerConfig *self)
{
  if (self == NULL)
    return;

  g_free (self->bind_address);
  g_free (self->server_name);
  g_free (self->contact_uri);
  g_free (self);
}

/**
 * sc_server_config_get_bind_address:
 * @self: a #ScServerConfig
 *
 * The address the SIP stack binds, as `"ip:port"` (`"0.0.0.0:5060"`,
 * `"[::1]:5060"`). Port 0 means any free port.
 *
 * Returns: (transfer none) (nullable): the bind address; %NULL only if it
 *   was set to %NULL
 *
 * Since: 0.1
 */
const char *
sc_server_config_get_bind_address (const ScServerConfig *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->bind_address;
}

/**
 * sc_server_config_set_bind_address:
 * @self: a #ScServerConfig
 * @bind_address: (nullable): the address to bind, as `"ip:port"` where ip
 *   is an IPv4 literal or a bracketed IPv6 literal (`"[::1]:5060"`)
 *
 * Sets the address the SIP stack binds. The value is stored as given;
 * [method@Sc.ServerConfig.validate] checks it.
 *
 * Since: 0.1
 */
void
sc_server_config_set_bind_address (ScServerConfig *self,
                                   const char     *bind_address)
{
  g_return_if_fail (self != NULL);

  g_free (self->bind_address);
  self->bind_address = g_strdup (bind_address);
}

/**
 * sc_server_config_get_transport_protocol:
 * @self: a #ScServerConfig
 *
 * The SIP transport to listen on.
 *
 * Returns: the transport protocol
 *
 * Since: 0.1
 */
ScTransportProtocol
sc_server_config_get_transport_protocol (const ScServerConfig *self)
{
  g_return_val_if_fail (self != NULL, SC_TRANSPORT_PROTOCOL_UDP);

  return self->transport_protocol;
}

/**
 * sc_server_config_set_transport_protocol:
 * @self: a #ScServerConfig
 * @protocol: the SIP transport to listen on
 *
 * Sets the SIP transport to listen on.
 *
 * Since: 0.1
 */
void
sc_server_config_set_transport_protocol (ScServerConfig      *self,
                                         ScTransportProtocol  protocol)
{
  g_return_if_fail (self != NULL);

  self->transport_protocol = protocol;
}

/**
 * sc_server_config_get_max_sessions:
 * @self: a #ScServerConfig
 *
 * The maximum number of concurrent sessions.
 *
 * Returns: the maximum number of sessions
 *
 * Since: 0.1
 */
guint
sc_server_config_get_max_sessions (const ScServerConfig *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->max_sessions;
}

/**
 * sc_server_config_set_max_sessions:
 * @self: a #ScServerConfig
 * @max_sessions: the maximum number of concurrent sessions (1 to 100000
 *   for [method@Sc.ServerConfig.validate] to accept it)
 *
 * Sets the maximum number of concurrent sessions.
 *
 * Since: 0.1
 */
void
sc_server_config_set_max_sessions (ScServerConfig *self,
                                   guint           max_sessions)
{
  g_return_if_fail (self != NULL);

  self->max_sessions = max_sessions;
}

/**
 * sc_server_config_get_session_timeout:
 * @self: a #ScServerConfig
 *
 * How long a session may last, in seconds.
 *
 * Returns: the session timeout, in seconds
 *
 * Since: 0.1
 */
guint
sc_server_config_get_session_timeout (const ScServerConfig *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->session_timeout;
}

/**
 * sc_server_config_set_session_timeout:
 * @self: a #ScServerConfig
 * @seconds: the session timeout, in seconds (at least 30 for
 *   [method@Sc.ServerConfig.validate] to accept it)
 *
 * Sets how long a session may last.
 *
 * Since: 0.1
 */
void
sc_server_config_set_session_timeout (ScServerConfig *self,
                                      guint           seconds)
{
  g_return_if_fail (self != NULL);

  self->session_timeout = seconds;
}

/**
 * sc_server_config_get_transaction_timeout:
 * @self: a #ScServerConfig
 *
 * How long a SIP transaction may wait for its final response, in seconds.
 *
 * Returns: the transaction timeout, in seconds
 *
 * Since: 0.1
 */
guint
sc_server_config_get_transaction_timeout (const ScServerConfig *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->transaction_timeout;
}

/**
 * sc_server_config_set_transaction_timeout:
 * @self: a #ScServerConfig
 * @seconds: the transaction timeout, in seconds (at least 1 for
 *   [method@Sc.ServerConfig.validate] to accept it)
 *
 * Sets how long a SIP transaction may wait for its final response.
 *
 * Since: 0.1
 */
void
sc_server_config_set_transaction_timeout (ScServerConfig *self,
                                          guint           seconds)
{
  g_return_if_fail (self != NULL);

  self->transaction_timeout = seconds;
}

/**
 * sc_server_config_get_enable_media:
 * @self: a #ScServerConfig
 *
 * Whether the server negotiates SDP and carries RTP for its sessions.
 *
 * Returns: %TRUE if media is enabled
 *
 * Since: 0.1
 */
gboolean
sc_server_config_get_enable_media (const ScServerConfig *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->enable_media;
}

/**
 * sc_server_config_set_enable_media:
 * @self: a #ScServerConfig
 * @enable_media: whether to handle media
 *
 * Sets whether the server negotiates SDP and carries RTP for its sessions.
 *
 * Since: 0.1
 */
void
sc_server_config_set_enable_media (ScServerConfig *self,
                                   gboolean        enable_media)
{
  g_return_if_fail (self != NULL);

  self->enable_media = !!enable_media;
}

/**
 * sc_server_config_get_server_name:
 * @self: a #ScServerConfig
 *
 * The name the server gives in its `Server` and `User-Agent` headers
 * (see [method@Sc.ServerConfig.set_server_name] for which messages carry
 * which).
 *
 * Returns: (transfer none) (nullable): the server name; %NULL only if it
 *   was set to %NULL
 *
 * Since: 0.1
 */
const char *
sc_server_config_get_server_name (const ScServerConfig *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->server_name;
}

/**
 * sc_server_config_set_server_name:
 * @self: a #ScServerConfig
 * @server_name: (nullable): the server name (not empty for
 *   [method@Sc.ServerConfig.validate] to accept it)
 *
 * Sets the name the server gives in its `Server` and `User-Agent` headers.
 *
 * `User-Agent` is on the requests the server sends and on its responses,
 * except those sofia-sip's transaction layer makes alone (200 to CANCEL,
 * the stateless 503s of a full server, 400 to a request that does not
 * parse). `Server` is on the responses sessioncore makes: every answer to
 * an INVITE that the server or the application decides (180, 200,
 * rejections, 302 and the refusals such as 406, 415, 488 and 503), the
 * answers to REGISTER and REFER, and the 200 to OPTIONS. It is not on
 * the answers sofia-sip makes by itself: 100 Trying, 200 to BYE, INFO,
 * UPDATE, PRACK and NOTIFY, 487 to a cancelled INVITE, 481 and other
 * errors about requests sessioncore never sees, nor on the ones above that
 * carry no `User-Agent` either. The full table is in
 * [Server and User-Agent](calls.html#server-and-user-agent).
 *
 * Since: 0.1
 */
void
sc_server_config_set_server_name (ScServerConfig *self,
                                  const char     *server_name)
{
  g_return_if_fail (self != NULL);

  g_free (self->server_name);
  self->server_name = g_strdup (server_name);
}

/**
 * sc_server_config_get_contact_uri:
 * @self: a #ScServerConfig
 *
 * The URI the server puts in its `Contact` headers, or %NULL to derive it
 * from the bound address.
 *
 * Returns: (transfer none) (nullable): the contact URI
 *
 * Since: 0.1
 */
const char *
sc_server_config_get_contact_uri (const ScServerConfig *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->contact_uri;
}

/**
 * sc_server_config_set_contact_uri:
 * @self: a #ScServerConfig
 * @contact_uri: (nullable): a `sip:` or `sips:` URI, or %NULL to derive
 *   the contact from the bound address
 *
 * Sets the URI the server puts in its `Contact` headers.
 *
 * Since: 0.1
 */
void
sc_server_config_set_contact_uri (ScServerConfig *self,
                                  const char     *contact_uri)
{
  g_return_if_fail (self != NULL);

  g_free (self->contact_uri);
  self->contact_uri = g_strdup (contact_uri);
}

/**
 * sc_server_config_get_tcp_idle_timeout:
 * @self: a #ScServerConfig
 *
 * How long, in seconds, a SIP connection over TCP (or TLS) may stay idle,
 * or stuck in the middle of a message, before the server closes it. 0
 * means never.
 *
 * Returns: the TCP idle timeout, in seconds
 *
 * Since: 0.1
 */
guint
sc_server_config_get_tcp_idle_timeout (const ScServerConfig *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->tcp_idle_timeout;
}

/**
 * sc_server_config_set_tcp_idle_timeout:
 * @self: a #ScServerConfig
 * @seconds: the timeout in seconds, 0 for none (at most 86400 for
 *   [method@Sc.ServerConfig.validate] to accept it); 300 by default
 *
 * Sets how long a TCP or TLS connection may carry nothing (no message
 * received or sent), or hold a message only partly received, before the
 * server closes it. Clients that keep a connection open for incoming
 * requests must send keep-alives (RFC 5626) more often than this.
 *
 * Since: 0.1
 */
void
sc_server_config_set_tcp_idle_timeout (ScServerConfig *self,
                                       guint           seconds)
{
  g_return_if_fail (self != NULL);

  self->tcp_idle_timeout = seconds;
}

/**
 * sc_server_config_get_max_connections_per_peer:
 * @self: a #ScServerConfig
 *
 * The most TCP (or TLS) connections the server keeps from one peer IP
 * address. 0 means no limit.
 *
 * Returns: the limit per peer address
 *
 * Since: 0.1
 */
guint
sc_server_config_get_max_connections_per_peer (const ScServerConfig *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->max_connections_per_peer;
}

/**
 * sc_server_config_set_max_connections_per_peer:
 * @self: a #ScServerConfig
 * @max_connections: the limit, 0 for none (at most 65535 for
 *   [method@Sc.ServerConfig.validate] to accept it); 64 by default
 *
 * Sets the most TCP or TLS connections one peer IP address may hold to
 * the server. Connections past it are closed as soon as they are
 * accepted; the ones the peer opened first stay.
 *
 * Since: 0.1
 */
void
sc_server_config_set_max_connections_per_peer (ScServerConfig *self,
                                               guint           max_connections)
{
  g_return_if_fail (self != NULL);

  self->max_connections_per_peer = max_connections;
}

/**
 * sc_server_config_validate:
 * @self: a #ScServerConfig
 * @error: return location for a %SC_ERROR_CONFIG error
 *
 * Checks that @self is usable. It is not if:
 *
 * - the bind address does not parse as `ip:port`, where ip is an IPv4
 *   literal or a bracketed IPv6 literal (`"[::1]:5060"`) and port is 0 to
 *   65535 (0 means any free port; host names are not allowed);
 * - max sessions is 0 or above 100000;
 * - the session timeout is under 30 s;
 * - the transaction timeout is under 1 s;
 * - the server name is empty;
 * - the contact URI is set but is not a `sip:` or `sips:` URI;
 * - the TCP idle timeout is above 86400 s;
 * - the maximum of connections per peer is above 65535.
 *
 * The error message names the field and its value.
 *
 * Returns: %TRUE if @self is valid, %FALSE with @error set otherwise
 *
 * Since: 0.1
 */
gboolean
sc_server_config_validate (const ScServerConfig  *self,
                           GError               **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_sc_parse_bind_address (self->bind_address, NULL, NULL, error))
    return FALSE;

  if (self->max_sessions == 0 ||
      self->max_sessions > SC_SERVER_CONFIG_MAX_MAX_SESSIONS)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_CONFIG,
                   "Invalid max sessions %u: must be between 1 and %u",
                   self->max_sessions, SC_SERVER_CONFIG_MAX_MAX_SESSIONS);
      return FALSE;
    }

  if (self->session_timeout < SC_SERVER_CONFIG_MIN_SESSION_TIMEOUT)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_CONFIG,
                   "Invalid session timeout %u s: must be at least %u s",
                   self->session_timeout,
                   SC_SERVER_CONFIG_MIN_SESSION_TIMEOUT);
      return FALSE;
    }

  if (self->transaction_timeout < SC_SERVER_CONFIG_MIN_TRANSACTION_TIMEOUT)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_CONFIG,
                   "Invalid transaction timeout %u s: must be at least %u s",
                   self->transaction_timeout,
                   SC_SERVER_CONFIG_MIN_TRANSACTION_TIMEOUT);
      return FALSE;
    }

  if (self->server_name == NULL)
    {
      g_set_error_literal (error, SC_ERROR, SC_ERROR_CONFIG,
                           "Invalid server name: it is not set");
      return FALSE;
    }

  if (*self->server_name == '\0')
    {
      g_set_error_literal (error, SC_ERROR, SC_ERROR_CONFIG,
                           "Invalid server name \"\": must not be empty");
      return FALSE;
    }

  if (self->contact_uri != NULL && !_sc_sip_uri_is_valid (self->contact_uri))
    {
      g_autofree char *shown = printable (self->contact_uri);

      g_set_error (error, SC_ERROR, SC_ERROR_CONFIG,
                   "Invalid contact URI \"%s\": must be a sip: or sips: URI",
                   shown);
      return FALSE;
    }

  if (self->tcp_idle_timeout > SC_SERVER_CONFIG_MAX_TCP_IDLE_TIMEOUT)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_CONFIG,
                   "Invalid TCP idle timeout %u s: must be at most %u s (0: none)",
                   self->tcp_idle_timeout, SC_SERVER_CONFIG_MAX_TCP_IDLE_TIMEOUT);
      return FALSE;
    }

  if (self->max_connections_per_peer > SC_SERVER_CONFIG_MAX_MAX_CONNECTIONS_PER_PEER)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_CONFIG,
                   "Invalid max connections per peer %u: must be at most %u (0: no limit)",
                   self->max_connections_per_peer,
                   SC_SERVER_CONFIG_MAX_MAX_CONNECTIONS_PER_PEER);
      return FALSE;
    }

  return TRUE;
}
