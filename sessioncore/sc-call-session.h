/* sc-call-session.h: one call, as the application sees it
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

#define SC_TYPE_CALL_SESSION (sc_call_session_get_type ())

SC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (ScCallSession, sc_call_session, SC, CALL_SESSION, GObject)

/**
 * ScSession:
 *
 * The compatibility alias of #ScCallSession (Rust session-core's `Session`).
 *
 * Since: 0.1
 */
typedef ScCallSession ScSession;

SC_AVAILABLE_IN_ALL
const char      *sc_call_session_get_id             (ScCallSession *self);
SC_AVAILABLE_IN_ALL
const char      *sc_call_session_get_from           (ScCallSession *self);
SC_AVAILABLE_IN_ALL
const char      *sc_call_session_get_to             (ScCallSession *self);
SC_AVAILABLE_IN_ALL
ScCallState      sc_call_session_get_state          (ScCallSession *self);
SC_AVAILABLE_IN_ALL
ScCallDirection  sc_call_session_get_direction      (ScCallSession *self);
SC_AVAILABLE_IN_ALL
const char      *sc_call_session_get_failure_reason (ScCallSession *self);
SC_AVAILABLE_IN_ALL
gint64           sc_call_session_get_started_at     (ScCallSession *self);
SC_AVAILABLE_IN_ALL
const char      *sc_call_session_get_sip_call_id    (ScCallSession *self);
SC_AVAILABLE_IN_ALL
gboolean         sc_call_session_is_active          (ScCallSession *self);

G_END_DECLS
