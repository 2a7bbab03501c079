/* sc-call-decision.h: what to do with an incoming call
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

#define SC_TYPE_CALL_DECISION (sc_call_decision_get_type ())

SC_AVAILABLE_IN_ALL
GType               sc_call_decision_get_type         (void) G_GNUC_CONST;

SC_AVAILABLE_IN_ALL
ScCallDecision     *sc_call_decision_accept           (const char           *sdp);
SC_AVAILABLE_IN_ALL
ScCallDecision     *sc_call_decision_reject           (const char           *reason);
SC_AVAILABLE_IN_ALL
ScCallDecision     *sc_call_decision_reject_with_code (guint                 status_code,
                                                       const char           *reason);
SC_AVAILABLE_IN_ALL
ScCallDecision     *sc_call_decision_defer            (void);
SC_AVAILABLE_IN_ALL
ScCallDecision     *sc_call_decision_forward          (const char           *target_uri);

SC_AVAILABLE_IN_ALL
ScCallDecision     *sc_call_decision_copy             (const ScCallDecision *self);
SC_AVAILABLE_IN_ALL
void                sc_call_decision_free             (ScCallDecision       *self);

SC_AVAILABLE_IN_ALL
ScCallDecisionKind  sc_call_decision_get_kind         (const ScCallDecision *self);
SC_AVAILABLE_IN_ALL
const char         *sc_call_decision_get_sdp          (const ScCallDecision *self);
SC_AVAILABLE_IN_ALL
const char         *sc_call_decision_get_reason       (const ScCallDecision *self);
SC_AVAILABLE_IN_ALL
guint               sc_call_decision_get_status_code  (const ScCallDecision *self);
SC_AVAILABLE_IN_ALL
const char         *sc_call_decision_get_target       (const ScCallDecision *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScCallDecision, sc_call_decision_free)

G_END_DECLS
