/* sc-incoming-call.c: an incoming call, as a call handler sees it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sc-incoming-call.h"

#include "sc-incoming-call-private.h"

enum {
  PROP_0,
  PROP_ID,
  PROP_FROM,
  PROP_TO,
  PROP_SDP,
  PROP_HEADERS,
  PROP_SIP_CALL_ID,
  PROP_RECEIVED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * ScIncomingCall:
 *
 * An incoming call, as an [iface@Sc.CallHandler] sees it (Rust
 * session-core's `IncomingCall`): the id of the session created for it,
 * the caller and callee, the SDP offer, the headers of the INVITE, its SIP
 * `Call-ID` and when it arrived.
 *
 * All properties are set at construction and never change, so an
 * #ScIncomingCall may be read from any thread.
 *
 * Since: 0.1
 */
struct _ScIncomingCall
{
  GObject     parent_instance;

  char       *id;
  char       *from;
  char       *to;
  char       *sdp;
  GHashTable *headers;
  char       *sip_call_id;
  gint64      received_at;
};

G_DEFINE_FINAL_TYPE (ScIncomingCall, sc_incoming_call, G_TYPE_OBJECT)

/* A new string → string table holding copies of the entries of @headers
 * (which may be NULL). */
static GHashTable *
headers_copy (GHashTable *headers)
{
  GHashTable *copy = g_hash_table_new_full (g_str_hash, g_str_equal,
                                            g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;

  if (headers == NULL)
    return copy;

  g_hash_table_iter_init (&iter, headers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (key == NULL)
        continue;
      g_hash_table_insert (copy, g_strdup (key), g_strdup (value));
    }

  return copy;
}

static void
sc_incoming_call_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ScIncomingCall *self = SC_INCOMING_CALL (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_FROM:
      g_value_set_string (value, self->from);
      break;
    case PROP_TO:
      g_value_set_string (value, self->to);
      break;
    case PROP_SDP:
      g_value_set_string (value, self->sdp);
      break;
    case PROP_HEADERS:
      g_value_set_boxed (value, self->headers);
      break;
    case PROP_SIP_CALL_ID:
      g_value_set_string (value, self->sip_call_id);
      break;
    case PROP_RECEIVED_AT:
      g_value_set_int64 (value, self->received_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_incoming_call_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ScIncomingCall *self = SC_INCOMING_CALL (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_free (self->id);
      self->id = g_value_dup_string (value);
      break;
    case PROP_FROM:
      g_free (self->from);
      self->from = g_value_dup_string (value);
      break;
    case PROP_TO:
      g_free (self->to);
      self->to = g_value_dup_string (value);
      break;
    case PROP_SDP:
      g_free (self->sdp);
      self->sdp = g_value_dup_string (value);
      break;
    case PROP_HEADERS:
      g_clear_pointer (&self->headers, g_hash_table_unref);
      self->headers = headers_copy (g_value_get_boxed (value));
      break;
    case PROP_SIP_CALL_ID:
      g_free (self->sip_call_id);
      self->sip_call_id = g_value_dup_string (value);
      break;
    case PROP_RECEIVED_AT:
      self->received_at = g_value_get_int64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_incoming_call_constructed (GObject *object)
{
  ScIncomingCall *self = SC_INCOMING_CALL (object);

  G_OBJECT_CLASS (sc_incoming_call_parent_class)->constructed (object);

  if (self->headers == NULL)
    self->headers = headers_copy (NULL);
  if (self->received_at == 0)
    self->received_at = g_get_real_time ();
}

static void
sc_incoming_call_finalize (GObject *object)
{
  ScIncomingCall *self = SC_INCOMING_CALL (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->from, g_free);
  g_clear_pointer (&self->to, g_free);
  g_clear_pointer (&self->sdp, g_free);
  g_clear_pointer (&self->headers, g_hash_table_unref);
  g_clear_pointer (&self->sip_call_id, g_free);

  G_OBJECT_CLASS (sc_incoming_call_parent_class)->finalize (object);
}

static void
sc_incoming_call_class_init (ScIncomingCallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sc_incoming_call_get_property;
  object_class->set_property = sc_incoming_call_set_property;
  object_class->constructed = sc_incoming_call_constructed;
  object_class->finalize = sc_incoming_call_finalize;

  /**
   * ScIncomingCall:id:
   *
   * The id of the session created for the call (`sess_…`).
   *
   * Since: 0.1
   */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE |
                         G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS);

  /**
   * ScIncomingCall:from:
   *
   * The caller: the `From` URI of the INVITE.
   *
   * Since: 0.1
   */
  properties[PROP_FROM] =
    g_param_spec_string ("from", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE |
                         G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS);

  /**
   * ScIncomingCall:to:
   *
   * The callee: the `To` URI of the INVITE.
   *
   * Since: 0.1
   */
  properties[PROP_TO] =
    g_param_spec_string ("to", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE |
                         G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS);

  /**
   * ScIncomingCall:sdp:
   *
   * The SDP offer of the INVITE, or %NULL if it had none.
   *
   * Since: 0.1
   */
  properties[PROP_SDP] =
    g_param_spec_string ("sdp", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE |
                         G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS);

  /**
   * ScIncomingCall:headers: (type GLib.HashTable(utf8,utf8))
   *
   * The headers of the INVITE, name → value (copied at construction).
   *
   * Since: 0.1
   */
  properties[PROP_HEADERS] =
    g_param_spec_boxed ("headers", NULL, NULL,
                        G_TYPE_HASH_TABLE,
                        G_PARAM_READWRITE |
                        G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_STATIC_STRINGS);

  /**
   * ScIncomingCall:sip-call-id:
   *
   * The SIP `Call-ID` of the INVITE.
   *
   * Since: 0.1
   */
  properties[PROP_SIP_CALL_ID] =
    g_param_spec_string ("sip-call-id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE |
                         G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS);

  /**
   * ScIncomingCall:received-at:
   *
   * When the INVITE arrived, in wall-clock microseconds since the Unix
   * epoch (as g_get_real_time()). Left at 0 at construction, it is set to
   * the construction time.
   *
   * Since: 0.1
   */
  properties[PROP_RECEIVED_AT] =
    g_param_spec_int64 ("received-at", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE |
                        G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sc_incoming_call_init (ScIncomingCall *self)
{
}

/* _sc_incoming_call_new:
 * @id: the id of the session created for the call
 * @from: the caller URI
 * @to: the callee URI
 * @sdp: (nullable): the SDP offer
 * @headers: (nullable) (element-type utf8 utf8): the INVITE headers; kept
 *   (a reference is taken: the caller must not change the table after)
 * @sip_call_id: the SIP Call-ID
 *
 * Returns: (transfer full): a new #ScIncomingCall received now
 */
ScIncomingCall *
_sc_incoming_call_new (const char *id,
                       const char *from,
                       const char *to,
                       const char *sdp,
                       GHashTable *headers,
                       const char *sip_call_id)
{
  ScIncomingCall *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (from != NULL, NULL);
  g_return_val_if_fail (to != NULL, NULL);
  g_return_val_if_fail (sip_call_id != NULL, NULL);

  /* Fields are filled directly rather than through construct
   * properties: one of these is made per INVITE, and GValue round trips
   * plus a copy of the headers were a tenth of a call's cost. */
  self = g_object_new (SC_TYPE_INCOMING_CALL, NULL);
  self->id = g_strdup (id);
  self->from = g_strdup (from);
  self->to = g_strdup (to);
  self->sdp = g_strdup (sdp);
  if (headers != NULL)
    {
      g_clear_pointer (&self->headers, g_hash_table_unref);
      self->headers = g_hash_table_ref (headers);
    }
  self->sip_call_id = g_strdup (sip_call_id);
  return self;
}

/**
 * sc_incoming_call_get_id:
 * @self: a #ScIncomingCall
 *
 * The id of the session created for the call.
 *
 * Returns: (transfer none): the session id
 *
 * Since: 0.1
 */
const char *
sc_incoming_call_get_id (ScIncomingCall *self)
{
  g_return_val_if_fail (SC_IS_INCOMING_CALL (self), NULL);

  return self->id;
}

/**
 * sc_incoming_call_get_from:
 * @self: a #ScIncomingCall
 *
 * The caller: the `From` URI of the INVITE.
 *
 * Returns: (transfer none): the caller
 *
 * Since: 0.1
 */
const char *
sc_incoming_call_get_from (ScIncomingCall *self)
{
  g_return_val_if_fail (SC_IS_INCOMING_CALL (self), NULL);

  return self->from;
}

/**
 * sc_incoming_call_get_to:
 * @self: a #ScIncomingCall
 *
 * The callee: the `To` URI of the INVITE.
 *
 * Returns: (transfer none): the callee
 *
 * Since: 0.1
 */
const char *
sc_incoming_call_get_to (ScIncomingCall *self)
{
  g_return_val_if_fail (SC_IS_INCOMING_CALL (self), NULL);

  return self->to;
}

/**
 * sc_incoming_call_get_sdp:
 * @self: a #ScIncomingCall
 *
 * The SDP offer of the INVITE.
 *
 * Returns: (transfer none) (nullable): the SDP offer, or %NULL if the
 *   INVITE had none
 *
 * Since: 0.1
 */
const char *
sc_incoming_call_get_sdp (ScIncomingCall *self)
{
  g_return_val_if_fail (SC_IS_INCOMING_CALL (self), NULL);

  return self->sdp;
}

/**
 * sc_incoming_call_get_headers:
 * @self: a #ScIncomingCall
 *
 * The headers of the INVITE, name → value. The table is owned by @self:
 * do not change it.
 *
 * Returns: (transfer none) (element-type utf8 utf8): the headers; an empty
 *   table if there are none
 *
 * Since: 0.1
 */
GHashTable *
sc_incoming_call_get_headers (ScIncomingCall *self)
{
  g_return_val_if_fail (SC_IS_INCOMING_CALL (self), NULL);

  return self->headers;
}

/**
 * sc_incoming_call_get_sip_call_id:
 * @self: a #ScIncomingCall
 *
 * The SIP `Call-ID` of the INVITE.
 *
 * Returns: (transfer none): the Call-ID
 *
 * Since: 0.1
 */
const char *
sc_incoming_call_get_sip_call_id (ScIncomingCall *self)
{
  g_return_val_if_fail (SC_IS_INCOMING_CALL (self), NULL);

  return self->sip_call_id;
}

/**
 * sc_incoming_call_get_received_at:
 * @self: a #ScIncomingCall
 *
 * When the INVITE arrived.
 *
 * Returns: wall-clock microseconds since the Unix epoch, as
 *   g_get_real_time()
 *
 * Since: 0.1
 */
gint64
sc_incoming_call_get_received_at (ScIncomingCall *self)
{
  g_return_val_if_fail (SC_IS_INCOMING_CALL (self), 0);

  return self->received_at;
}
