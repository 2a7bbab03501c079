/* sc-incoming-call-private.h: internals of ScIncomingCall
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sc-incoming-call.h"

G_BEGIN_DECLS

ScIncomingCall *_sc_incoming_call_new (const char *id,
                                       const char *from,
                                       const char *to,
                                       const char *sdp,
                                       GHashTable *headers,
                                       const char *sip_call_id);

G_END_DECLS
