/* sc-media-info-private.h: internals of ScMediaInfo
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sc-media-info.h"

G_BEGIN_DECLS

struct _ScMediaInfo
{
  char    *local_sdp;           /* owned, nullable */
  char    *remote_sdp;          /* owned, nullable */
  guint16  local_rtp_port;
  guint16  remote_rtp_port;
  char    *codec;               /* owned, nullable: "PCMU", "PCMA", … */
  guint64  packets_sent;
  guint64  packets_received;
  guint64  bytes_sent;
  guint64  bytes_received;
  guint64  packets_lost;
  gdouble  jitter_ms;
};

ScMediaInfo *_sc_media_info_new (void);

G_END_DECLS
