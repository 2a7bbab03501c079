/* sc-prepared-call.h: an outgoing call prepared but not yet sent
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

#define SC_TYPE_PREPARED_CALL (sc_prepared_call_get_type ())

SC_AVAILABLE_IN_ALL
GType           sc_prepared_call_get_type           (void) G_GNUC_CONST;

SC_AVAILABLE_IN_ALL
ScPreparedCall *sc_prepared_call_copy               (const ScPreparedCall *self);
SC_AVAILABLE_IN_ALL
void            sc_prepared_call_free               (ScPreparedCall       *self);

SC_AVAILABLE_IN_ALL
const char     *sc_prepared_call_get_session_id     (const ScPreparedCall *self);
SC_AVAILABLE_IN_ALL
const char     *sc_prepared_call_get_from           (const ScPreparedCall *self);
SC_AVAILABLE_IN_ALL
const char     *sc_prepared_call_get_to             (const ScPreparedCall *self);
SC_AVAILABLE_IN_ALL
const char     *sc_prepared_call_get_sdp_offer      (const ScPreparedCall *self);
SC_AVAILABLE_IN_ALL
guint           sc_prepared_call_get_local_rtp_port (const ScPreparedCall *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScPreparedCall, sc_prepared_call_free)

G_END_DECLS
