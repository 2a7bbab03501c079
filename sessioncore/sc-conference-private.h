/* sc-conference-private.h: what the conference manager makes of the
 * conference types
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sc-conference.h"
#include "sc-conference-config.h"
#include "sc-conference-event.h"
#include "sc-conference-participant.h"
#include "sc-conference-stats.h"
#include "sc-participant-info.h"

G_BEGIN_DECLS

ScParticipantInfo       *_sc_participant_info_new   (const char          *session_id,
                                                     const char          *sip_uri,
                                                     const char          *display_name,
                                                     ScParticipantStatus  status,
                                                     guint16              rtp_port,
                                                     gboolean             audio_active,
                                                     gint64               joined_at,
                                                     gboolean             talking);

ScConferenceStats       *_sc_conference_stats_new   (guint                total_participants,
                                                     guint                active_participants,
                                                     guint                audio_participants,
                                                     gint64               duration_ms,
                                                     ScConferenceState    state,
                                                     gboolean             audio_mixing_enabled,
                                                     gint64               created_at);

/* The event's status and state fields (0 = JOINING / CREATING unless set). */
void                     _sc_conference_event_set_statuses (ScConferenceEvent   *self,
                                                     ScParticipantStatus  old_status,
                                                     ScParticipantStatus  new_status);
void                     _sc_conference_event_set_states (ScConferenceEvent   *self,
                                                     ScConferenceState    old_state,
                                                     ScConferenceState    new_state);

/* A participant is written only by its conference manager; each setter
 * notifies its property when the value changes. */
ScConferenceParticipant *_sc_conference_participant_new (const char          *session_id,
                                                     const char          *sip_uri,
                                                     const char          *display_name,
                                                     guint16              rtp_port,
                                                     gint64               joined_at);
void                     _sc_conference_participant_set_status       (ScConferenceParticipant *self,
                                                                      ScParticipantStatus      status);
void                     _sc_conference_participant_set_audio_active (ScConferenceParticipant *self,
                                                                      gboolean                 audio_active);
void                     _sc_conference_participant_set_talking      (ScConferenceParticipant *self,
                                                                      gboolean                 talking);

/* A conference object is written only by its manager. */
ScConference            *_sc_conference_new          (const char               *id,
                                                      const ScConferenceConfig *config,
                                                      gint64                    created_at);
void                     _sc_conference_set_state    (ScConference             *self,
                                                      ScConferenceState         state);
void                     _sc_conference_set_config   (ScConference             *self,
                                                      const ScConferenceConfig *config);
void                     _sc_conference_set_recording (ScConference            *self,
                                                      gboolean                  recording);
/* The participants' list store (emits items-changed). */
void                     _sc_conference_add_participant    (ScConference            *self,
                                                            ScConferenceParticipant *participant);
void                     _sc_conference_remove_participant (ScConference            *self,
                                                            ScConferenceParticipant *participant);
/* NULL when @session_id is not a participant. */
ScConferenceParticipant *_sc_conference_find_participant   (ScConference            *self,
                                                            const char              *session_id);

G_END_DECLS
