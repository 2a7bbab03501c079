/* sc-conference-manager.h: conferences between calls
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (SESSIONCORE_INSIDE) && !defined (SESSIONCORE_COMPILATION)
#error "Only <sessioncore/sessioncore.h> can be included directly."
#endif

#include <gio/gio.h>

#include "sc-types.h"
#include "sc-conference.h"
#include "sc-conference-config.h"
#include "sc-conference-event.h"
#include "sc-conference-participant.h"
#include "sc-conference-stats.h"
#include "sc-participant-info.h"
#include "sc-session-manager.h"

G_BEGIN_DECLS

#define SC_TYPE_CONFERENCE_MANAGER (sc_conference_manager_get_type ())

SC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (ScConferenceManager, sc_conference_manager, SC, CONFERENCE_MANAGER, GObject)

SC_AVAILABLE_IN_ALL
ScConferenceManager *sc_conference_manager_new                  (ScSessionManager          *session_manager);
SC_AVAILABLE_IN_ALL
ScSessionManager    *sc_conference_manager_get_session_manager  (ScConferenceManager       *self);

SC_AVAILABLE_IN_ALL
char                *sc_conference_manager_create_conference    (ScConferenceManager       *self,
                                                                 const ScConferenceConfig  *config,
                                                                 GError                   **error);
SC_AVAILABLE_IN_ALL
gboolean             sc_conference_manager_create_named_conference (ScConferenceManager    *self,
                                                                 const char                *conference_id,
                                                                 const ScConferenceConfig  *config,
                                                                 GError                   **error);
SC_AVAILABLE_IN_ALL
ScParticipantInfo   *sc_conference_manager_join_conference      (ScConferenceManager       *self,
                                                                 const char                *conference_id,
                                                                 const char                *session_id,
                                                                 GError                   **error);
SC_AVAILABLE_IN_ALL
gboolean             sc_conference_manager_leave_conference     (ScConferenceManager       *self,
                                                                 const char                *conference_id,
                                                                 const char                *session_id,
                                                                 GError                   **error);
SC_AVAILABLE_IN_ALL
GPtrArray           *sc_conference_manager_list_participants    (ScConferenceManager       *self,
                                                                 const char                *conference_id,
                                                                 GError                   **error);
SC_AVAILABLE_IN_ALL
ScConferenceStats   *sc_conference_manager_get_conference_stats (ScConferenceManager       *self,
                                                                 const char                *conference_id,
                                                                 GError                   **error);
SC_AVAILABLE_IN_ALL
char               **sc_conference_manager_list_conferences     (ScConferenceManager       *self);
SC_AVAILABLE_IN_ALL
gboolean             sc_conference_manager_terminate_conference (ScConferenceManager       *self,
                                                                 const char                *conference_id,
                                                                 GError                   **error);
SC_AVAILABLE_IN_ALL
gboolean             sc_conference_manager_update_participant_status (ScConferenceManager  *self,
                                                                 const char                *conference_id,
                                                                 const char                *session_id,
                                                                 ScParticipantStatus        status,
                                                                 GError                   **error);
SC_AVAILABLE_IN_ALL
char                *sc_conference_manager_generate_conference_sdp (ScConferenceManager    *self,
                                                                 const char                *conference_id,
                                                                 const char                *session_id,
                                                                 GError                   **error);
SC_AVAILABLE_IN_ALL
gboolean             sc_conference_manager_conference_exists    (ScConferenceManager       *self,
                                                                 const char                *conference_id);
SC_AVAILABLE_IN_ALL
ScConferenceConfig  *sc_conference_manager_get_conference_config (ScConferenceManager      *self,
                                                                 const char                *conference_id,
                                                                 GError                   **error);
SC_AVAILABLE_IN_ALL
gboolean             sc_conference_manager_update_conference_config (ScConferenceManager   *self,
                                                                 const char                *conference_id,
                                                                 const ScConferenceConfig  *config,
                                                                 GError                   **error);
SC_AVAILABLE_IN_ALL
gboolean             sc_conference_manager_kick_participant     (ScConferenceManager       *self,
                                                                 const char                *conference_id,
                                                                 const char                *session_id,
                                                                 const char                *reason,
                                                                 GError                   **error);
SC_AVAILABLE_IN_ALL
gboolean             sc_conference_manager_mute_all             (ScConferenceManager       *self,
                                                                 const char                *conference_id,
                                                                 GError                   **error);
SC_AVAILABLE_IN_ALL
gboolean             sc_conference_manager_unmute_all           (ScConferenceManager       *self,
                                                                 const char                *conference_id,
                                                                 GError                   **error);
SC_AVAILABLE_IN_ALL
guint                sc_conference_manager_get_conference_count (ScConferenceManager       *self);

/* Beyond the Rust API. */
SC_AVAILABLE_IN_ALL
ScConference        *sc_conference_manager_get_conference       (ScConferenceManager       *self,
                                                                 const char                *conference_id);
SC_AVAILABLE_IN_ALL
gboolean             sc_conference_manager_set_conference_state (ScConferenceManager       *self,
                                                                 const char                *conference_id,
                                                                 ScConferenceState          state,
                                                                 GError                   **error);
SC_AVAILABLE_IN_ALL
gboolean             sc_conference_manager_lock_conference      (ScConferenceManager       *self,
                                                                 const char                *conference_id,
                                                                 GError                   **error);
SC_AVAILABLE_IN_ALL
gboolean             sc_conference_manager_unlock_conference    (ScConferenceManager       *self,
                                                                 const char                *conference_id,
                                                                 GError                   **error);
SC_AVAILABLE_IN_ALL
char                *sc_conference_manager_get_session_conference (ScConferenceManager     *self,
                                                                 const char                *session_id,
                                                                 GError                   **error);
SC_AVAILABLE_IN_ALL
gboolean             sc_conference_manager_start_recording      (ScConferenceManager       *self,
                                                                 const char                *conference_id,
                                                                 const char                *path,
                                                                 GError                   **error);
SC_AVAILABLE_IN_ALL
gboolean             sc_conference_manager_stop_recording       (ScConferenceManager       *self,
                                                                 const char                *conference_id,
                                                                 GError                   **error);

G_END_DECLS
