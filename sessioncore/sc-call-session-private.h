/* sc-call-session-private.h: how the session manager drives a session
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sc-call-session.h"

G_BEGIN_DECLS

ScCallSession *_sc_call_session_new               (const char      *id,
                                                   ScCallDirection  direction,
                                                   const char      *from,
                                                   const char      *to);
void           _sc_call_session_set_state         (ScCallSession   *self,
                                                   ScCallState      state);
void           _sc_call_session_set_failure_reason (ScCallSession  *self,
                                                   const char      *reason);
void           _sc_call_session_set_started_at    (ScCallSession   *self,
                                                   gint64           started_at);
void           _sc_call_session_set_sip_call_id   (ScCallSession   *self,
                                                   const char      *call_id);

G_END_DECLS
