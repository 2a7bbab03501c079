/* sc-types.c: helpers of the public enumerations
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sc-types.h"

/**
 * sc_call_state_to_string:
 * @state: a #ScCallState
 *
 * The Rust `Display` text of @state: "Initiating", "Ringing", "Active",
 * "OnHold", "Transferring", "Terminating", "Terminated", "Cancelled" or
 * "Failed".
 *
 * Returns: (transfer none): a static string
 *
 * Since: 0.1
 */
const char *
sc_call_state_to_string (ScCallState state)
{
  switch (state)
    {
    case SC_CALL_STATE_INITIATING:   return "Initiating";
    case SC_CALL_STATE_RINGING:      return "Ringing";
    case SC_CALL_STATE_ACTIVE:       return "Active";
    case SC_CALL_STATE_ON_HOLD:      return "OnHold";
    case SC_CALL_STATE_TRANSFERRING: return "Transferring";
    case SC_CALL_STATE_TERMINATING:  return "Terminating";
    case SC_CALL_STATE_TERMINATED:   return "Terminated";
    case SC_CALL_STATE_CANCELLED:    return "Cancelled";
    case SC_CALL_STATE_FAILED:       return "Failed";
    }
  g_return_val_if_reached ("Unknown");
}

/**
 * sc_call_state_is_final:
 * @state: a #ScCallState
 *
 * Whether @state is a final state: %SC_CALL_STATE_TERMINATED,
 * %SC_CALL_STATE_CANCELLED or %SC_CALL_STATE_FAILED.
 *
 * Returns: %TRUE if a call in @state is over
 *
 * Since: 0.1
 */
gboolean
sc_call_state_is_final (ScCallState state)
{
  return state == SC_CALL_STATE_TERMINATED ||
         state == SC_CALL_STATE_CANCELLED ||
         state == SC_CALL_STATE_FAILED;
}

/**
 * sc_call_state_is_in_progress:
 * @state: a #ScCallState
 *
 * Whether @state is one of %SC_CALL_STATE_INITIATING,
 * %SC_CALL_STATE_RINGING, %SC_CALL_STATE_ACTIVE or %SC_CALL_STATE_ON_HOLD.
 *
 * Returns: %TRUE if a call in @state is in progress
 *
 * Since: 0.1
 */
gboolean
sc_call_state_is_in_progress (ScCallState state)
{
  return state == SC_CALL_STATE_INITIATING ||
         state == SC_CALL_STATE_RINGING ||
         state == SC_CALL_STATE_ACTIVE ||
         state == SC_CALL_STATE_ON_HOLD;
}

/**
 * sc_participant_status_to_string:
 * @status: a #ScParticipantStatus
 *
 * The Rust `Display` text of @status: "Joining", "Active", "OnHold",
 * "Muted", "Leaving" or "Left".
 *
 * Returns: (transfer none): a static string
 *
 * Since: 0.1
 */
const char *
sc_participant_status_to_string (ScParticipantStatus status)
{
  switch (status)
    {
    case SC_PARTICIPANT_STATUS_JOINING: return "Joining";
    case SC_PARTICIPANT_STATUS_ACTIVE:  return "Active";
    case SC_PARTICIPANT_STATUS_ON_HOLD: return "OnHold";
    case SC_PARTICIPANT_STATUS_MUTED:   return "Muted";
    case SC_PARTICIPANT_STATUS_LEAVING: return "Leaving";
    case SC_PARTICIPANT_STATUS_LEFT:    return "Left";
    }
  g_return_val_if_reached ("Unknown");
}

/**
 * sc_conference_state_to_string:
 * @state: a #ScConferenceState
 *
 * The Rust `Display` text of @state: "Creating", "Active", "Locked",
 * "Terminating" or "Terminated".
 *
 * Returns: (transfer none): a static string
 *
 * Since: 0.1
 */
const char *
sc_conference_state_to_string (ScConferenceState state)
{
  switch (state)
    {
    case SC_CONFERENCE_STATE_CREATING:    return "Creating";
    case SC_CONFERENCE_STATE_ACTIVE:      return "Active";
    case SC_CONFERENCE_STATE_LOCKED:      return "Locked";
    case SC_CONFERENCE_STATE_TERMINATING: return "Terminating";
    case SC_CONFERENCE_STATE_TERMINATED:  return "Terminated";
    }
  g_return_val_if_reached ("Unknown");
}
