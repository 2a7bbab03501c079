/* sc-conference-participant.h: one live participant of a conference
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (SESSIONCORE_INSIDE) && !defined (SESSIONCORE_COMPILATION)
#error "Only <sessioncore/sessioncore.h> can be included directly."
#endif

#include <glib-object.h>

#include "sc-types.h"
#include "sc-participant-info.h"

G_BEGIN_DECLS

#define SC_TYPE_CONFERENCE_PARTICIPANT (sc_conference_participant_get_type ())

SC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (ScConferenceParticipant, sc_conference_participant, SC, CONFERENCE_PARTICIPANT, GObject)

SC_AVAILABLE_IN_ALL
const char         *sc_conference_participant_get_session_id   (ScConferenceParticipant *self);
SC_AVAILABLE_IN_ALL
const char         *sc_conference_participant_get_sip_uri      (ScConferenceParticipant *self);
SC_AVAILABLE_IN_ALL
const char         *sc_conference_participant_get_display_name (ScConferenceParticipant *self);
SC_AVAILABLE_IN_ALL
ScParticipantStatus sc_conference_participant_get_status       (ScConferenceParticipant *self);
SC_AVAILABLE_IN_ALL
guint16             sc_conference_participant_get_rtp_port     (ScConferenceParticipant *self);
SC_AVAILABLE_IN_ALL
gboolean            sc_conference_participant_get_audio_active (ScConferenceParticipant *self);
SC_AVAILABLE_IN_ALL
gint64              sc_conference_participant_get_joined_at    (ScConferenceParticipant *self);
SC_AVAILABLE_IN_ALL
gboolean            sc_conference_participant_get_talking      (ScConferenceParticipant *self);
SC_AVAILABLE_IN_ALL
ScParticipantInfo  *sc_conference_participant_get_info         (ScConferenceParticipant *self);

G_END_DECLS
