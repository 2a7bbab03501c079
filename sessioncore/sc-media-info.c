/* sc-media-info.c: the media of a session
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sc-media-info.h"

#include "sc-media-info-private.h"

/**
 * ScMediaInfo:
 *
 * A snapshot of the media of a session (Rust session-core's `MediaInfo`):
 * the local and remote SDP, the RTP ports, the negotiated codec and the
 * RTP counters.
 *
 * Since: 0.1
 */

G_DEFINE_BOXED_TYPE (ScMediaInfo, sc_media_info,
                     sc_media_info_copy, sc_media_info_free)

/* _sc_media_info_new:
 *
 * Returns: (transfer full): media information with no SDP, no codec and
 *   every port and counter at zero
 */
ScMediaInfo *
_sc_media_info_new (void)
{
  return g_new0 (ScMediaInfo, 1);
}

/**
 * sc_media_info_copy:
 * @self: a #ScMediaInfo
 *
 * Makes a deep copy of @self.
 *
 * Returns: (transfer full): a new #ScMediaInfo
 *
 * Since: 0.1
 */
ScMediaInfo *
sc_media_info_copy (const ScMediaInfo *self)
{
  ScMediaInfo *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof (ScMediaInfo));
  copy->local_sdp = g_strdup (self->local_sdp);
  copy->remote_sdp = g_strdup (self->remote_sdp);
  copy->codec = g_strdup (self->codec);

  return copy;
}

/**
 * sc_media_info_free:
 * @self: (nullable): a #ScMediaInfo
 *
 * Frees @self. Does nothing if @self is %NULL.
 *
 * Since: 0.1
 */
void
sc_media_info_free (ScMediaInfo *self)
{
  if (self == NULL)
    return;

  g_free (self->local_sdp);
  g_free (self->remote_sdp);
  g_free (self->codec);
  g_free (self);
}

/**
 * sc_media_info_get_local_sdp:
 * @self: a #ScMediaInfo
 *
 * The SDP this side sent (offer or answer).
 *
 * Returns: (transfer none) (nullable): the local SDP, or %NULL if none
 *   was sent yet
 *
 * Since: 0.1
 */
const char *
sc_media_info_get_local_sdp (const ScMediaInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->local_sdp;
}

/**
 * sc_media_info_get_remote_sdp:
 * @self: a #ScMediaInfo
 *
 * The SDP the remote side sent (offer or answer).
 *
 * Returns: (transfer none) (nullable): the remote SDP, or %NULL if none
 *   was received yet
 *
 * Since: 0.1
 */
const char *
sc_media_info_get_remote_sdp (const ScMediaInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->remote_sdp;
}

/**
 * sc_media_info_get_local_rtp_port:
 * @self: a #ScMediaInfo
 *
 * The local port RTP is received on.
 *
 * Returns: the local RTP port (0 to 65535), or 0 if none is allocated
 *
 * Since: 0.1
 */
guint
sc_media_info_get_local_rtp_port (const ScMediaInfo *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->local_rtp_port;
}

/**
 * sc_media_info_get_remote_rtp_port:
 * @self: a #ScMediaInfo
 *
 * The remote port RTP is sent to.
 *
 * Returns: the remote RTP port (0 to 65535), or 0 if not known
 *
 * Since: 0.1
 */
guint
sc_media_info_get_remote_rtp_port (const ScMediaInfo *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->remote_rtp_port;
}

/**
 * sc_media_info_get_codec:
 * @self: a #ScMediaInfo
 *
 * The negotiated audio codec, by its RTP encoding name ("PCMU", "PCMA",
 * "opus", …).
 *
 * Returns: (transfer none) (nullable): the codec, or %NULL if none is
 *   negotiated yet
 *
 * Since: 0.1
 */
const char *
sc_media_info_get_codec (const ScMediaInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->codec;
}

/**
 * sc_media_info_get_packets_sent:
 * @self: a #ScMediaInfo
 *
 * The number of RTP packets sent.
 *
 * Returns: the packets sent
 *
 * Since: 0.1
 */
guint64
sc_media_info_get_packets_sent (const ScMediaInfo *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->packets_sent;
}

/**
 * sc_media_info_get_packets_received:
 * @self: a #ScMediaInfo
 *
 * The number of RTP packets received.
 *
 * Returns: the packets received
 *
 * Since: 0.1
 */
guint64
sc_media_info_get_packets_received (const ScMediaInfo *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->packets_received;
}

/**
 * sc_media_info_get_bytes_sent:
 * @self: a #ScMediaInfo
 *
 * The number of RTP bytes sent.
 *
 * Returns: the bytes sent
 *
 * Since: 0.1
 */
guint64
sc_media_info_get_bytes_sent (const ScMediaInfo *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->bytes_sent;
}

/**
 * sc_media_info_get_bytes_received:
 * @self: a #ScMediaInfo
 *
 * The number of RTP bytes received.
 *
 * Returns: the bytes received
 *
 * Since: 0.1
 */
guint64
sc_media_info_get_bytes_received (const ScMediaInfo *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->bytes_received;
}

/**
 * sc_media_info_get_packets_lost:
 * @self: a #ScMediaInfo
 *
 * The number of RTP packets lost on the way in.
 *
 * Returns: the packets lost
 *
 * Since: 0.1
 */
guint64
sc_media_info_get_packets_lost (const ScMediaInfo *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->packets_lost;
}

/**
 * sc_media_info_get_jitter_ms:
 * @self: a #ScMediaInfo
 *
 * The interarrival jitter of the received RTP, in milliseconds.
 *
 * Returns: the jitter in milliseconds
 *
 * Since: 0.1
 */
gdouble
sc_media_info_get_jitter_ms (const ScMediaInfo *self)
{
  g_return_val_if_fail (self != NULL, 0.0);

  return self->jitter_ms;
}
