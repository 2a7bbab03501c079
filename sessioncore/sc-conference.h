/* sc-conference.h: one live conference (the Rust ConferenceRoom)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (SESSIONCORE_INSIDE) && !defined (SESSIONCORE_COMPILATION)
#error "Only <sessioncore/sessioncore.h> can be included directly."
#endif

#include <gio/gio.h>

#include "sc-types.h"
#include "sc-conference-config.h"
#include "sc-conference-participant.h"
#include "sc-conference-stats.h"

G_BEGIN_DECLS

#define SC_TYPE_CONFERENCE (sc_conference_get_type ())

SC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (ScConference, sc_conference, SC, CONFERENCE, GObject)

SC_AVAILABLE_IN_ALL
const char               *sc_conference_get_id           (ScConference *self);
SC_AVAILABLE_IN_ALL
const ScConferenceConfig *sc_conference_get_config       (ScConference *self);
SC_AVAILABLE_IN_ALL
ScConferenceState         sc_conference_get_state        (ScConference *self);
SC_AVAILABLE_IN_ALL
GListModel               *sc_conference_get_participants (ScConference *self);
SC_AVAILABLE_IN_ALL
ScConferenceParticipant  *sc_conference_get_participant  (ScConference *self,
                                                          const char   *session_id);
SC_AVAILABLE_IN_ALL
gint64                    sc_conference_get_created_at   (ScConference *self);
SC_AVAILABLE_IN_ALL
gboolean                  sc_conference_get_recording    (ScConference *self);

G_END_DECLS
