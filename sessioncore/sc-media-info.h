/* sc-media-info.h: the media of a session
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

#define SC_TYPE_MEDIA_INFO (sc_media_info_get_type ())

SC_AVAILABLE_IN_ALL
GType        sc_media_info_get_type             (void) G_GNUC_CONST;

SC_AVAILABLE_IN_ALL
ScMediaInfo *sc_media_info_copy                 (const ScMediaInfo *self);
SC_AVAILABLE_IN_ALL
void         sc_media_info_free                 (ScMediaInfo       *self);

SC_AVAILABLE_IN_ALL
const char  *sc_media_info_get_local_sdp        (const ScMediaInfo *self);
SC_AVAILABLE_IN_ALL
const char  *sc_media_info_get_remote_sdp       (const ScMediaInfo *self);
SC_AVAILABLE_IN_ALL
guint        sc_media_info_get_local_rtp_port   (const ScMediaInfo *self);
SC_AVAILABLE_IN_ALL
guint        sc_media_info_get_remote_rtp_port  (const ScMediaInfo *self);
SC_AVAILABLE_IN_ALL
const char  *sc_media_info_get_codec            (const ScMediaInfo *self);
SC_AVAILABLE_IN_ALL
guint64      sc_media_info_get_packets_sent     (const ScMediaInfo *self);
SC_AVAILABLE_IN_ALL
guint64      sc_media_info_get_packets_received (const ScMediaInfo *self);
SC_AVAILABLE_IN_ALL
guint64      sc_media_info_get_bytes_sent       (const ScMediaInfo *self);
SC_AVAILABLE_IN_ALL
guint64      sc_media_info_get_bytes_received   (const ScMediaInfo *self);
SC_AVAILABLE_IN_ALL
guint64      sc_media_info_get_packets_lost     (const ScMediaInfo *self);
SC_AVAILABLE_IN_ALL
gdouble      sc_media_info_get_jitter_ms        (const ScMediaInfo *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScMediaInfo, sc_media_info_free)

G_END_DECLS
