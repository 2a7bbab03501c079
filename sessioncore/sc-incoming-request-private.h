/* sc-incoming-request-private.h: what admission reads of a new INVITE
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Shared by the session manager (handle_invite (), decide ()) and the
 * request-path fuzzer (tests/fuzz/fuzz-request.c), so that the fuzzer
 * runs the server's own code, not a copy of it.
 */

#pragma once

#include "sc-caller-info.h"
#include "sip/sc-sdp.h"
#include "sip/sc-sip-request.h"

G_BEGIN_DECLS

/* The offer check of admission: a body that is not SDP gets 415, SDP
 * that is not well formed 400, well-formed SDP with nothing we speak
 * 488 — answered here, and FALSE returned. TRUE: no body, or an offer
 * we can answer, parsed into @parsed and @audio (left untouched without
 * a body). */
gboolean      _sc_incoming_check_offer (ScSipRequest  *invite,
                                        ScSdpOffer   **parsed,
                                        ScSdpAudio    *audio);

/* Who calls, as the notifier is told: @from and @to with the display
 * name, User-Agent and Contact of the request. */
ScCallerInfo *_sc_incoming_caller_info (ScSipRequest  *invite,
                                        const char    *from,
                                        const char    *to);

G_END_DECLS
