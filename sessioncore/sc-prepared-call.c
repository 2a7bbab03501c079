/* sc-prepared-call.c: an outgoing call prepared but not yet sent
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sc-prepared-call.h"

#include "sc-prepared-call-private.h"

/**
 * ScPreparedCall:
 *
 * An outgoing call whose session and media are set up but whose INVITE is
 * not sent yet (Rust session-core's `PreparedCall`): the session id, the
 * caller and callee URIs, the SDP offer that will go out and the local RTP
 * port it offers.
 *
 * An #ScPreparedCall is an immutable value.
 *
 * Since: 0.1
 */
struct _ScPreparedCall
{
  char  *session_id;
  char  *from;
  char  *to;
  char  *sdp_offer;
  guint  local_rtp_port;
};

G_DEFINE_BOXED_TYPE (ScPreparedCall, sc_prepared_call,
                     sc_prepared_call_copy, sc_prepared_call_free)

/* _sc_prepared_call_new:
 * @session_id: the id of the prepared session
 * @from: the caller URI
 * @to: the callee URI
 * @sdp_offer: the SDP offer the INVITE will carry
 * @local_rtp_port: the local RTP port the offer names
 *
 * Returns: (transfer full): a new #ScPreparedCall holding copies of the
 *   strings
 */
ScPreparedCall *
_sc_prepared_call_new (const char *session_id,
                       const char *from,
                       const char *to,
                       const char *sdp_offer,
                       guint       local_rtp_port)
{
  ScPreparedCall *self;

  g_return_val_if_fail (session_id != NULL, NULL);
  g_return_val_if_fail (from != NULL, NULL);
  g_return_val_if_fail (to != NULL, NULL);
  g_return_val_if_fail (sdp_offer != NULL, NULL);
  g_return_val_if_fail (local_rtp_port <= G_MAXUINT16, NULL);

  self = g_new0 (ScPreparedCall, 1);
  self->session_id = g_strdup (session_id);
  self->from = g_strdup (from);
  self->to = g_strdup (to);
  self->sdp_offer = g_strdup (sdp_offer);
  self->local_rtp_port = local_rtp_port;

  return self;
}

/**
 * sc_prepared_call_copy:
 * @self: a #ScPreparedCall
 *
 * Makes a copy of @self.
 *
 * Returns: (transfer full): a new #ScPreparedCall
 *
 * Since: 0.1
 */
ScPreparedCall *
sc_prepared_call_copy (const ScPreparedCall *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return _sc_prepared_call_new (self->session_id, self->from, self->to,
                                self->sdp_offer, self->local_rtp_port);
}

/**
 * sc_prepared_call_free:
 * @self: (nullable): a #ScPreparedCall
 *
 * Frees @self. Does nothing if @self is %NULL.
 *
 * Since: 0.1
 */
void
sc_prepared_call_free (ScPreparedCall *self)
{
  if (self == NULL)
    return;

  g_free (self->session_id);
  g_free (self->from);
  g_free (self->to);
  g_free (self->sdp_offer);
  g_free (self);
}

/**
 * sc_prepared_call_get_session_id:
 * @self: a #ScPreparedCall
 *
 * The id of the prepared session.
 *
 * Returns: (transfer none): the session id
 *
 * Since: 0.1
 */
const char *
sc_prepared_call_get_session_id (const ScPreparedCall *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->session_id;
}

/**
 * sc_prepared_call_get_from:
 * @self: a #ScPreparedCall
 *
 * The caller URI.
 *
 * Returns: (transfer none): the caller
 *
 * Since: 0.1
 */
const char *
sc_prepared_call_get_from (const ScPreparedCall *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->from;
}

/**
 * sc_prepared_call_get_to:
 * @self: a #ScPreparedCall
 *
 * The callee URI.
 *
 * Returns: (transfer none): the callee
 *
 * Since: 0.1
 */
const char *
sc_prepared_call_get_to (const ScPreparedCall *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->to;
}

/**
 * sc_prepared_call_get_sdp_offer:
 * @self: a #ScPreparedCall
 *
 * The SDP offer the INVITE will carry.
 *
 * Returns: (transfer none): the SDP offer
 *
 * Since: 0.1
 */
const char *
sc_prepared_call_get_sdp_offer (const ScPreparedCall *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->sdp_offer;
}

/**
 * sc_prepared_call_get_local_rtp_port:
 * @self: a #ScPreparedCall
 *
 * The local RTP port the SDP offer names.
 *
 * Returns: the local RTP port (0 to 65535)
 *
 * Since: 0.1
 */
guint
sc_prepared_call_get_local_rtp_port (const ScPreparedCall *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->local_rtp_port;
}
