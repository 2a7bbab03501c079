/* sc-conference-event.c: what happened to a conference
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sc-conference-event.h"

#include "sc-conference-private.h"

/**
 * ScConferenceEvent:
 *
 * What happened to a conference (Rust session-core's `ConferenceEvent`):
 * its type, the conference, the participant's session (for participant
 * events), why (for participants leaving and errors), the old and new
 * participant status (for
 * %SC_CONFERENCE_EVENT_TYPE_PARTICIPANT_STATUS_CHANGED), the old and new
 * conference state (for %SC_CONFERENCE_EVENT_TYPE_CONFERENCE_STATE_CHANGED),
 * and when. Status and state fields not concerned by the event are
 * %SC_PARTICIPANT_STATUS_JOINING and %SC_CONFERENCE_STATE_CREATING.
 * Delivered by the `conference-event` signal of `ScConferenceManager`.
 *
 * Since: 0.1
 */
struct _ScConferenceEvent
{
  ScConferenceEventType  event_type;
  char                  *conference_id;
  char                  *session_id;
  char                  *reason;
  ScParticipantStatus    old_status;
  ScParticipantStatus    new_status;
  ScConferenceState      old_state;
  ScConferenceState      new_state;
  gint64                 timestamp;
};

G_DEFINE_BOXED_TYPE (ScConferenceEvent, sc_conference_event,
                     sc_conference_event_copy, sc_conference_event_free)

/**
 * sc_conference_event_new:
 * @event_type: what happened
 * @conference_id: the conference
 * @session_id: (nullable): the participant's session, if any
 * @reason: (nullable): why, if known
 *
 * Creates an event stamped with the current wall-clock time, with the
 * status fields %SC_PARTICIPANT_STATUS_JOINING and the state fields
 * %SC_CONFERENCE_STATE_CREATING. The conference manager makes these;
 * applications may, to test their own handlers.
 *
 * Returns: (transfer full): a new #ScConferenceEvent
 *
 * Since: 0.1
 */
ScConferenceEvent *
sc_conference_event_new (ScConferenceEventType  event_type,
                         const char            *conference_id,
                         const char            *session_id,
                         const char            *reason)
{
  ScConferenceEvent *self;

  g_return_val_if_fail (conference_id != NULL, NULL);

  self = g_new0 (ScConferenceEvent, 1);
  self->event_type = event_type;
  self->conference_id = g_strdup (conference_id);
  self->session_id = g_strdup (session_id);
  self->reason = g_strdup (reason);
  self->old_status = SC_PARTICIPANT_STATUS_JOINING;
  self->new_status = SC_PARTICIPANT_STATUS_JOINING;
  self->old_state = SC_CONFERENCE_STATE_CREATING;
  self->new_state = SC_CONFERENCE_STATE_CREATING;
  self->timestamp = g_get_real_time ();
  return self;
}

void
_sc_conference_event_set_statuses (ScConferenceEvent   *self,
                                   ScParticipantStatus  old_status,
                                   ScParticipantStatus  new_status)
{
  self->old_status = old_status;
  self->new_status = new_status;
}

void
_sc_conference_event_set_states (ScConferenceEvent *self,
                                 ScConferenceState  old_state,
                                 ScConferenceState  new_state)
{
  self->old_state = old_state;
  self->new_state = new_state;
}

/**
 * sc_conference_event_copy:
 * @self: a #ScConferenceEvent
 *
 * Makes a copy of @self.
 *
 * Returns: (transfer full): a new #ScConferenceEvent
 *
 * Since: 0.1
 */
ScConferenceEvent *
sc_conference_event_copy (const ScConferenceEvent *self)
{
  ScConferenceEvent *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->conference_id = g_strdup (self->conference_id);
  copy->session_id = g_strdup (self->session_id);
  copy->reason = g_strdup (self->reason);
  return copy;
}

/**
 * sc_conference_event_free:
 * @self: (nullable): a #ScConferenceEvent
 *
 * Frees @self. Does nothing if @self is %NULL.
 *
 * Since: 0.1
 */
void
sc_conference_event_free (ScConferenceEvent *self)
{
  if (self == NULL)
    return;
  g_free (self->conference_id);
  g_free (self->session_id);
  g_free (self->reason);
  g_free (self);
}

/**
 * sc_conference_event_get_event_type:
 * @self: a #ScConferenceEvent
 *
 * Gets what happened: the event's type.
 *
 * Returns: what happened
 *
 * Since: 0.1
 */
ScConferenceEventType
sc_conference_event_get_event_type (const ScConferenceEvent *self)
{
  g_return_val_if_fail (self != NULL, SC_CONFERENCE_EVENT_TYPE_CONFERENCE_CREATED);
  return self->event_type;
}

/**
 * sc_conference_event_get_conference_id:
 * @self: a #ScConferenceEvent
 *
 * Gets the conference id (`conf_<uuid>`, or the name given to a named
 * conference).
 *
 * Returns: the conference id
 *
 * Since: 0.1
 */
const char *
sc_conference_event_get_conference_id (const ScConferenceEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->conference_id;
}

/**
 * sc_conference_event_get_session_id:
 * @self: a #ScConferenceEvent
 *
 * Gets the session of the participant concerned, or %NULL for an event of
 * the whole conference.
 *
 * Returns: (nullable): the participant's session id, or %NULL for an
 *   event of the whole conference
 *
 * Since: 0.1
 */
const char *
sc_conference_event_get_session_id (const ScConferenceEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->session_id;
}

/**
 * sc_conference_event_get_reason:
 * @self: a #ScConferenceEvent
 *
 * Gets why the event happened: for PARTICIPANT_LEFT "left", "kicked",
 * "session terminated" or "conference terminated"; for the error events
 * what failed.
 *
 * Returns: (nullable): why, if known
 *
 * Since: 0.1
 */
const char *
sc_conference_event_get_reason (const ScConferenceEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->reason;
}

/**
 * sc_conference_event_get_old_status:
 * @self: a #ScConferenceEvent
 *
 * Gets the participant's status before a
 * %SC_CONFERENCE_EVENT_TYPE_PARTICIPANT_STATUS_CHANGED event
 * (%SC_PARTICIPANT_STATUS_JOINING for other events).
 *
 * Returns: the status before the change
 *
 * Since: 0.1
 */
ScParticipantStatus
sc_conference_event_get_old_status (const ScConferenceEvent *self)
{
  g_return_val_if_fail (self != NULL, SC_PARTICIPANT_STATUS_JOINING);
  return self->old_status;
}

/**
 * sc_conference_event_get_new_status:
 * @self: a #ScConferenceEvent
 *
 * Gets the participant's status after a
 * %SC_CONFERENCE_EVENT_TYPE_PARTICIPANT_STATUS_CHANGED event
 * (%SC_PARTICIPANT_STATUS_JOINING for other events).
 *
 * Returns: the status after the change
 *
 * Since: 0.1
 */
ScParticipantStatus
sc_conference_event_get_new_status (const ScConferenceEvent *self)
{
  g_return_val_if_fail (self != NULL, SC_PARTICIPANT_STATUS_JOINING);
  return self->new_status;
}

/**
 * sc_conference_event_get_old_state:
 * @self: a #ScConferenceEvent
 *
 * Gets the conference's state before a
 * %SC_CONFERENCE_EVENT_TYPE_CONFERENCE_STATE_CHANGED event
 * (%SC_CONFERENCE_STATE_CREATING for other events).
 *
 * Returns: the state before the change
 *
 * Since: 0.1
 */
ScConferenceState
sc_conference_event_get_old_state (const ScConferenceEvent *self)
{
  g_return_val_if_fail (self != NULL, SC_CONFERENCE_STATE_CREATING);
  return self->old_state;
}

/**
 * sc_conference_event_get_new_state:
 * @self: a #ScConferenceEvent
 *
 * Gets the conference's state after a
 * %SC_CONFERENCE_EVENT_TYPE_CONFERENCE_STATE_CHANGED event
 * (%SC_CONFERENCE_STATE_CREATING for other events).
 *
 * Returns: the state after the change
 *
 * Since: 0.1
 */
ScConferenceState
sc_conference_event_get_new_state (const ScConferenceEvent *self)
{
  g_return_val_if_fail (self != NULL, SC_CONFERENCE_STATE_CREATING);
  return self->new_state;
}

/**
 * sc_conference_event_get_timestamp:
 * @self: a #ScConferenceEvent
 *
 * Gets when the event happened, wall-clock microseconds since 1970.
 *
 * Returns: when it happened, wall-clock microseconds since 1970
 *
 * Since: 0.1
 */
gint64
sc_conference_event_get_timestamp (const ScConferenceEvent *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->timestamp;
}
