/* sc-conference-manager-private.h: what the server needs of its
 * conference manager
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sc-conference-manager.h"

G_BEGIN_DECLS

/* Terminates every conference (CONFERENCE_TERMINATED with @reason), as a
 * server shutting down does. */
void _sc_conference_manager_terminate_all (ScConferenceManager *self,
                                           const char          *reason);

G_END_DECLS
