/* sc-conference-event.h: what happened to a conference
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

#define SC_TYPE_CONFERENCE_EVENT (sc_conference_event_get_type ())

SC_AVAILABLE_IN_ALL
GType                 sc_conference_event_get_type          (void) G_GNUC_CONST;

SC_AVAILABLE_IN_ALL
ScConferenceEvent    *sc_conference_event_new               (ScConferenceEventType    event_type,
                                                             const char              *conference_id,
                                                             const char              *session_id,
                                                             const char              *reason);
SC_AVAILABLE_IN_ALL
ScConferenceEvent    *sc_conference_event_copy              (const ScConferenceEvent *self);
SC_AVAILABLE_IN_ALL
void                  sc_conference_event_free              (ScConferenceEvent       *self);

SC_AVAILABLE_IN_ALL
ScConferenceEventType sc_conference_event_get_event_type    (const ScConferenceEvent *self);
SC_AVAILABLE_IN_ALL
const char           *sc_conference_event_get_conference_id (const ScConferenceEvent *self);
SC_AVAILABLE_IN_ALL
const char           *sc_conference_event_get_session_id    (const ScConferenceEvent *self);
SC_AVAILABLE_IN_ALL
const char           *sc_conference_event_get_reason        (const ScConferenceEvent *self);
SC_AVAILABLE_IN_ALL
ScParticipantStatus   sc_conference_event_get_old_status    (const ScConferenceEvent *self);
SC_AVAILABLE_IN_ALL
ScParticipantStatus   sc_conference_event_get_new_status    (const ScConferenceEvent *self);
SC_AVAILABLE_IN_ALL
ScConferenceState     sc_conference_event_get_old_state     (const ScConferenceEvent *self);
SC_AVAILABLE_IN_ALL
ScConferenceState     sc_conference_event_get_new_state     (const ScConferenceEvent *self);
SC_AVAILABLE_IN_ALL
gint64                sc_conference_event_get_timestamp     (const ScConferenceEvent *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScConferenceEvent, sc_conference_event_free)

G_END_DECLS
