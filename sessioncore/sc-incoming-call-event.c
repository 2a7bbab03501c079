/* sc-incoming-call-event.c: an incoming call, as a notification handler sees it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sc-incoming-call-event.h"

#include "sc-caller-info.h"

/**
 * ScIncomingCallEvent:
 *
 * An incoming call, as an [iface@Sc.IncomingCallNotification] sees it
 * (Rust session-core's `IncomingCallEvent`): the id of the session created
 * for it, who is calling, the SIP `Call-ID`, the headers of the INVITE and
 * the SDP offer, if any.
 *
 * An #ScIncomingCallEvent is an immutable value.
 *
 * Since: 0.1
 */
struct _ScIncomingCallEvent
{
  char         *session_id;
  ScCallerInfo *caller_info;
  char         *call_id;
  GHashTable   *headers;
  char         *sdp;
};

G_DEFINE_BOXED_TYPE (ScIncomingCallEvent, sc_incoming_call_event,
                     sc_incoming_call_event_copy, sc_incoming_call_event_free)

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

/**
 * sc_incoming_call_event_new:
 * @session_id: the id of the session created for the call (`sess_…`)
 * @caller_info: who is calling; copied
 * @call_id: the SIP `Call-ID` of the INVITE
 * @headers: (nullable) (element-type utf8 utf8) (transfer none): the
 *   headers of the INVITE, name → value; copied
 * @sdp: (nullable): the SDP offer of the INVITE, or %NULL if it had none
 *
 * Creates an incoming call event.
 *
 * Returns: (transfer full): a new #ScIncomingCallEvent
 *
 * Since: 0.1
 */
ScIncomingCallEvent *
sc_incoming_call_event_new (const char         *session_id,
                            const ScCallerInfo *caller_info,
                            const char         *call_id,
                            GHashTable         *headers,
                            const char         *sdp)
{
  ScIncomingCallEvent *self;

  g_return_val_if_fail (session_id != NULL, NULL);
  g_return_val_if_fail (caller_info != NULL, NULL);
  g_return_val_if_fail (call_id != NULL, NULL);

  self = g_new0 (ScIncomingCallEvent, 1);
  self->session_id = g_strdup (session_id);
  self->caller_info = sc_caller_info_copy (caller_info);
  self->call_id = g_strdup (call_id);
  self->headers = headers_copy (headers);
  self->sdp = g_strdup (sdp);

  return self;
}

/**
 * sc_incoming_call_event_copy:
 * @self: a #ScIncomingCallEvent
 *
 * Makes a deep copy of @self.
 *
 * Returns: (transfer full): a new #ScIncomingCallEvent
 *
 * Since: 0.1
 */
ScIncomingCallEvent *
sc_incoming_call_event_copy (const ScIncomingCallEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return sc_incoming_call_event_new (self->session_id, self->caller_info,
                                     self->call_id, self->headers, self->sdp);
}

/**
 * sc_incoming_call_event_free:
 * @self: (nullable): a #ScIncomingCallEvent
 *
 * Frees @self. Does nothing if @self is %NULL.
 *
 * Since: 0.1
 */
void
sc_incoming_call_event_free (ScIncomingCallEvent *self)
{
  if (self == NULL)
    return;

  g_free (self->session_id);
  g_clear_pointer (&self->caller_info, sc_caller_info_free);
  g_free (self->call_id);
  g_clear_pointer (&self->headers, g_hash_table_unref);
  g_free (self->sdp);
  g_free (self);
}

/**
 * sc_incoming_call_event_get_session_id:
 * @self: a #ScIncomingCallEvent
 *
 * The id of the session created for the call.
 *
 * Returns: (transfer none): the session id
 *
 * Since: 0.1
 */
const char *
sc_incoming_call_event_get_session_id (const ScIncomingCallEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->session_id;
}

/**
 * sc_incoming_call_event_get_caller_info:
 * @self: a #ScIncomingCallEvent
 *
 * Who is calling.
 *
 * Returns: (transfer none): the caller information, owned by @self
 *
 * Since: 0.1
 */
const ScCallerInfo *
sc_incoming_call_event_get_caller_info (const ScIncomingCallEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->caller_info;
}

/**
 * sc_incoming_call_event_get_call_id:
 * @self: a #ScIncomingCallEvent
 *
 * The SIP `Call-ID` of the INVITE.
 *
 * Returns: (transfer none): the Call-ID
 *
 * Since: 0.1
 */
const char *
sc_incoming_call_event_get_call_id (const ScIncomingCallEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->call_id;
}

/**
 * sc_incoming_call_event_get_headers:
 * @self: a #ScIncomingCallEvent
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
sc_incoming_call_event_get_headers (const ScIncomingCallEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->headers;
}

/**
 * sc_incoming_call_event_get_sdp:
 * @self: a #ScIncomingCallEvent
 *
 * The SDP offer of the INVITE.
 *
 * Returns: (transfer none) (nullable): the SDP offer, or %NULL if the
 *   INVITE had none
 *
 * Since: 0.1
 */
const char *
sc_incoming_call_event_get_sdp (const ScIncomingCallEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->sdp;
}
