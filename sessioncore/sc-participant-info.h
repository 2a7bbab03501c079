/* sc-participant-info.h: a snapshot of one conference participant
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

#define SC_TYPE_PARTICIPANT_INFO (sc_participant_info_get_type ())

SC_AVAILABLE_IN_ALL
GType               sc_participant_info_get_type         (void) G_GNUC_CONST;

SC_AVAILABLE_IN_ALL
ScParticipantInfo  *sc_participant_info_copy             (const ScParticipantInfo *self);
SC_AVAILABLE_IN_ALL
void                sc_participant_info_free             (ScParticipantInfo       *self);

SC_AVAILABLE_IN_ALL
const char         *sc_participant_info_get_session_id   (const ScParticipantInfo *self);
SC_AVAILABLE_IN_ALL
const char         *sc_participant_info_get_sip_uri      (const ScParticipantInfo *self);
SC_AVAILABLE_IN_ALL
const char         *sc_participant_info_get_display_name (const ScParticipantInfo *self);
SC_AVAILABLE_IN_ALL
ScParticipantStatus sc_participant_info_get_status       (const ScParticipantInfo *self);
SC_AVAILABLE_IN_ALL
guint16             sc_participant_info_get_rtp_port     (const ScParticipantInfo *self);
SC_AVAILABLE_IN_ALL
gboolean            sc_participant_info_get_audio_active (const ScParticipantInfo *self);
SC_AVAILABLE_IN_ALL
gint64              sc_participant_info_get_joined_at    (const ScParticipantInfo *self);
SC_AVAILABLE_IN_ALL
gboolean            sc_participant_info_get_talking      (const ScParticipantInfo *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScParticipantInfo, sc_participant_info_free)

G_END_DECLS
