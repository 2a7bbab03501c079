/* sc-call-decision-private.h: internals of ScCallDecision
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sc-call-decision.h"

G_BEGIN_DECLS

const char *_sc_call_decision_get_wire_phrase (const ScCallDecision *self);

G_END_DECLS
