/* sc-server-session-manager-private.h: how the builder makes a server
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sc-server-session-manager.h"

G_BEGIN_DECLS

/* Wraps a built, started session manager. */
ScServerSessionManager *_sc_server_session_manager_new (ScSessionManager *sessions);

G_END_DECLS
