/* sc-conference-coordinator.h: conferences that follow their calls
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (SESSIONCORE_INSIDE) && !defined (SESSIONCORE_COMPILATION)
#error "Only <sessioncore/sessioncore.h> can be included directly."
#endif

#include <glib-object.h>

#include "sc-types.h"
#include "sc-conference-manager.h"
#include "sc-session-manager.h"

G_BEGIN_DECLS

#define SC_TYPE_CONFERENCE_COORDINATOR (sc_conference_coordinator_get_type ())

SC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (ScConferenceCoordinator, sc_conference_coordinator, SC, CONFERENCE_COORDINATOR, GObject)

SC_AVAILABLE_IN_ALL
ScConferenceCoordinator *sc_conference_coordinator_new                    (ScSessionManager        *session_manager,
                                                                           ScConferenceManager     *conference_manager);
SC_AVAILABLE_IN_ALL
ScParticipantInfo       *sc_conference_coordinator_add_session_to_conference (ScConferenceCoordinator *self,
                                                                           const char              *session_id,
                                                                           const char              *conference_id,
                                                                           GError                 **error);
SC_AVAILABLE_IN_ALL
gboolean                 sc_conference_coordinator_remove_session_from_conference (ScConferenceCoordinator *self,
                                                                           const char              *session_id,
                                                                           const char              *conference_id,
                                                                           GError                 **error);
SC_AVAILABLE_IN_ALL
char                   **sc_conference_coordinator_get_session_conferences (ScConferenceCoordinator *self,
                                                                           const char              *session_id);

G_END_DECLS
