/* sc-transaction-manager.c: the SIP stack bound to one address
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sc-transaction-manager-private.h"

#include "sc-enum-types.h"
#include "sc-error.h"
#include "sc-server-config-private.h"

/**
 * ScTransactionManager:
 *
 * The SIP stack (a sofia-sip user agent) listening on one address.
 *
 * The Rust plan passes a `TransactionManager` into the server factory; here
 * it is the object that owns the SIP sockets and transactions. With
 * %SC_TRANSPORT_PROTOCOL_UDP or %SC_TRANSPORT_PROTOCOL_TCP it listens on
 * both UDP and TCP on the same port; with %SC_TRANSPORT_PROTOCOL_TLS on TLS
 * (see sc_transaction_manager_new_tls()). WebSocket transports are not
 * available: Debian's sofia-sip has none, and creating one fails with
 * %SC_ERROR_NOT_SUPPORTED.
 *
 * Several session managers may share one transaction manager; incoming
 * calls go to the one that started first. A transaction manager lives in
 * the #GMainContext that was thread-default when it was created, and must
 * only be used from that context's thread.
 *
 * Since: 0.1
 */

enum {
  PROP_0,
  PROP_BIND_ADDRESS,
  PROP_TRANSPORT,
  PROP_CERTIFICATE_DIR,
  PROP_BOUND_ADDRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct {
  gpointer          listener;
  ScSipRequestFunc  func;
} Listener;

struct _ScTransactionManager
{
  GObject              parent_instance;

  char                *bind_address;
  ScTransportProtocol  transport;
  char                *certificate_dir;

  ScSipStack          *stack;
  GArray              *listeners;   /* of Listener */
};

static void initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ScTransactionManager, sc_transaction_manager, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, initable_iface_init))

static void
request_cb (gpointer      user_data,
            ScSipRequest *request)
{
  ScTransactionManager *self = user_data;

  if (self->listeners->len > 0)
    {
      Listener *first = &g_array_index (self->listeners, Listener, 0);

      first->func (first->listener, request);
      return;
    }

  /* Nobody listens (no manager started). */
  _sc_sip_request_respond (request, 503, NULL, NULL);
}

static gboolean
sc_transaction_manager_initable_init (GInitable     *initable,
                                      GCancellable  *cancellable,
                                      GError       **error)
{
  ScTransactionManager *self = SC_TRANSACTION_MANAGER (initable);
  g_autofree char *host = NULL;
  guint16 port = 0;

  if (!_sc_parse_bind_address (self->bind_address, &host, &port, error))
    return FALSE;

  self->stack = _sc_sip_stack_new (NULL, host, port, self->transport,
                                   self->certificate_dir, error);
  if (self->stack == NULL)
    return FALSE;

  _sc_sip_stack_set_request_func (self->stack, request_cb, self);
  return TRUE;
}

static void
initable_iface_init (GInitableIface *iface)
{
  iface->init = sc_transaction_manager_initable_init;
}

static void
sc_transaction_manager_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  ScTransactionManager *self = SC_TRANSACTION_MANAGER (object);

  switch (prop_id)
    {
    case PROP_BIND_ADDRESS:
      g_value_set_string (value, self->bind_address);
      break;
    case PROP_TRANSPORT:
      g_value_set_enum (value, self->transport);
      break;
    case PROP_CERTIFICATE_DIR:
      g_value_set_string (value, self->certificate_dir);
      break;
    case PROP_BOUND_ADDRESS:
      g_value_set_string (value, sc_transaction_manager_get_bound_address (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_transaction_manager_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  ScTransactionManager *self = SC_TRANSACTION_MANAGER (object);

  switch (prop_id)
    {
    case PROP_BIND_ADDRESS:
      self->bind_address = g_value_dup_string (value);
      break;
    case PROP_TRANSPORT:
      self->transport = g_value_get_enum (value);
      break;
    case PROP_CERTIFICATE_DIR:
      self->certificate_dir = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_transaction_manager_finalize (GObject *object)
{
  ScTransactionManager *self = SC_TRANSACTION_MANAGER (object);

  if (self->stack != NULL)
    {
      _sc_sip_stack_set_request_func (self->stack, NULL, NULL);
      g_clear_pointer (&self->stack, _sc_sip_stack_unref);
    }
  g_clear_pointer (&self->listeners, g_array_unref);
  g_clear_pointer (&self->bind_address, g_free);
  g_clear_pointer (&self->certificate_dir, g_free);

  G_OBJECT_CLASS (sc_transaction_manager_parent_class)->finalize (object);
}

static void
sc_transaction_manager_class_init (ScTransactionManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sc_transaction_manager_get_property;
  object_class->set_property = sc_transaction_manager_set_property;
  object_class->finalize = sc_transaction_manager_finalize;

  /**
   * ScTransactionManager:bind-address:
   *
   * The address asked for, as `"ip:port"` (port 0 means any free port).
   *
   * Since: 0.1
   */
  properties[PROP_BIND_ADDRESS] =
    g_param_spec_string ("bind-address", NULL, NULL, "127.0.0.1:5060",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS);

  /**
   * ScTransactionManager:transport:
   *
   * The SIP transport.
   *
   * Since: 0.1
   */
  properties[PROP_TRANSPORT] =
    g_param_spec_enum ("transport", NULL, NULL, SC_TYPE_TRANSPORT_PROTOCOL,
                       SC_TRANSPORT_PROTOCOL_UDP,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                       G_PARAM_STATIC_STRINGS);

  /**
   * ScTransactionManager:certificate-dir:
   *
   * For TLS, the directory holding `agent.pem` (key and certificate) and
   * `cafile.pem`, as sofia-sip expects them.
   *
   * Since: 0.1
   */
  properties[PROP_CERTIFICATE_DIR] =
    g_param_spec_string ("certificate-dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS);

  /**
   * ScTransactionManager:bound-address:
   *
   * The address really bound, as `"ip:port"`: the real port when 0 was
   * asked.
   *
   * Since: 0.1
   */
  properties[PROP_BOUND_ADDRESS] =
    g_param_spec_string ("bound-address", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sc_transaction_manager_init (ScTransactionManager *self)
{
  self->listeners = g_array_new (FALSE, FALSE, sizeof (Listener));
}

/**
 * sc_transaction_manager_new:
 * @bind_address: the address to listen on, `"ip:port"` (IPv6 as
 *   `"[::1]:5060"`; port 0 picks a free port)
 * @transport: the transport; UDP and TCP both listen on UDP and TCP
 * @error: return location for a #GError
 *
 * Creates the SIP stack and binds it. Fails with %SC_ERROR_CONFIG for an
 * address that does not parse, %SC_ERROR_NETWORK when it cannot be bound,
 * %SC_ERROR_CONFIG for TLS (use sc_transaction_manager_new_tls()) and
 * %SC_ERROR_NOT_SUPPORTED for WS and WSS.
 *
 * Returns: (transfer full): a new #ScTransactionManager, or %NULL on error
 *
 * Since: 0.1
 */
ScTransactionManager *
sc_transaction_manager_new (const char           *bind_address,
                            ScTransportProtocol   transport,
                            GError              **error)
{
  g_return_val_if_fail (bind_address != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_initable_new (SC_TYPE_TRANSACTION_MANAGER, NULL, error,
                         "bind-address", bind_address,
                         "transport", transport,
                         NULL);
}

/**
 * sc_transaction_manager_new_tls:
 * @bind_address: the address to listen on, `"ip:port"`
 * @certificate_dir: directory with `agent.pem` and `cafile.pem`
 * @error: return location for a #GError
 *
 * Creates a SIP stack listening on TLS.
 *
 * Errors: %SC_ERROR_CONFIG for an address that does not parse, or a
 * certificate directory that is missing or has no `agent.pem`;
 * %SC_ERROR_NETWORK when it cannot be bound or the certificates cannot be
 * loaded.
 *
 * Returns: (transfer full): a new #ScTransactionManager, or %NULL on error
 *
 * Since: 0.1
 */
ScTransactionManager *
sc_transaction_manager_new_tls (const char  *bind_address,
                                const char  *certificate_dir,
                                GError     **error)
{
  g_return_val_if_fail (bind_address != NULL, NULL);
  g_return_val_if_fail (certificate_dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_initable_new (SC_TYPE_TRANSACTION_MANAGER, NULL, error,
                         "bind-address", bind_address,
                         "transport", SC_TRANSPORT_PROTOCOL_TLS,
                         "certificate-dir", certificate_dir,
                         NULL);
}

/**
 * sc_transaction_manager_get_bound_address:
 * @self: a #ScTransactionManager
 *
 * The address the stack really listens on.
 *
 * Returns: (transfer none): `"ip:port"`, with the real port
 *
 * Since: 0.1
 */
const char *
sc_transaction_manager_get_bound_address (ScTransactionManager *self)
{
  g_return_val_if_fail (SC_IS_TRANSACTION_MANAGER (self), NULL);

  return self->stack ? _sc_sip_stack_get_bound_address (self->stack) : NULL;
}

/**
 * sc_transaction_manager_get_transport:
 * @self: a #ScTransactionManager
 *
 * The transport the stack was created for.
 *
 * Returns: the #ScTransportProtocol
 *
 * Since: 0.1
 */
ScTransportProtocol
sc_transaction_manager_get_transport (ScTransactionManager *self)
{
  g_return_val_if_fail (SC_IS_TRANSACTION_MANAGER (self), SC_TRANSPORT_PROTOCOL_UDP);

  return self->transport;
}

/**
 * sc_transaction_manager_get_certificate_dir:
 * @self: a #ScTransactionManager
 *
 * The TLS certificate directory, if any.
 *
 * Returns: (transfer none) (nullable): the directory
 *
 * Since: 0.1
 */
const char *
sc_transaction_manager_get_certificate_dir (ScTransactionManager *self)
{
  g_return_val_if_fail (SC_IS_TRANSACTION_MANAGER (self), NULL);

  return self->certificate_dir;
}

ScSipStack *
_sc_transaction_manager_get_stack (ScTransactionManager *self)
{
  return self->stack;
}

void
_sc_transaction_manager_attach (ScTransactionManager *self,
                                gpointer              listener,
                                ScSipRequestFunc      func)
{
  Listener l = { listener, func };

  g_array_append_val (self->listeners, l);
}

void
_sc_transaction_manager_detach (ScTransactionManager *self,
                                gpointer              listener)
{
  for (guint i = 0; i < self->listeners->len; i++)
    if (g_array_index (self->listeners, Listener, i).listener == listener)
      {
        g_array_remove_index (self->listeners, i);
        return;
      }
}
