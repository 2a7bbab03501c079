/* sc-prepared-call-private.h: internals of ScPreparedCall
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sc-prepared-call.h"

G_BEGIN_DECLS

ScPreparedCall *_sc_prepared_call_new (const char *session_id,
                                       const char *from,
                                       const char *to,
                                       const char *sdp_offer,
                                       guint       local_rtp_port);

G_END_DECLS
