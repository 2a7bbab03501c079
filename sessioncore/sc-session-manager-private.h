/* sc-session-manager-private.h: construction by the builder
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sc-session-manager.h"
#include "sc-call-handler.h"
#include "sc-transaction-manager.h"

G_BEGIN_DECLS

ScSessionManager *_sc_session_manager_new (const ScServerConfig  *config,
                                           ScTransactionManager  *transaction_manager,
                                           ScCallHandler         *handler,
                                           guint16                media_port_start,
                                           guint16                media_port_end,
                                           const char            *domain,
                                           const char            *music_on_hold_file,
                                           GError               **error);

/* Tests reach a call's RTP leg (NULL when it has none) and the engine. */
struct _ScMediaLeg    *_sc_session_manager_get_media_leg    (ScSessionManager *self,
                                                             const char       *session_id);
struct _ScMediaEngine *_sc_session_manager_get_media_engine (ScSessionManager *self);

G_END_DECLS
