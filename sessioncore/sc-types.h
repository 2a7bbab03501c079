/* sc-types.h: forward declarations and the public enumerations
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (SESSIONCORE_INSIDE) && !defined (SESSIONCORE_COMPILATION)
#error "Only <sessioncore/sessioncore.h> can be included directly."
#endif

#include <glib-object.h>

#include "sc-version.h"

G_BEGIN_DECLS

typedef struct _ScServerConfig        ScServerConfig;
typedef struct _ScCallDecision        ScCallDecision;
typedef struct _ScCallerInfo          ScCallerInfo;
typedef struct _ScIncomingCallEvent   ScIncomingCallEvent;
typedef struct _ScSessionStats        ScSessionStats;
typedef struct _ScMediaInfo           ScMediaInfo;
typedef struct _ScPreparedCall        ScPreparedCall;
typedef struct _ScBridgeConfig        ScBridgeConfig;
typedef struct _ScBridgeInfo          ScBridgeInfo;
typedef struct _ScBridgeEvent         ScBridgeEvent;
typedef struct _ScConferenceConfig    ScConferenceConfig;
typedef struct _ScParticipantInfo     ScParticipantInfo;
typedef struct _ScConferenceStats     ScConferenceStats;
typedef struct _ScConferenceEvent     ScConferenceEvent;

/**
 * ScCallState:
 * @SC_CALL_STATE_INITIATING: the call is being set up (INVITE sent or received)
 * @SC_CALL_STATE_RINGING: the callee is alerting (18x)
 * @SC_CALL_STATE_ACTIVE: the call is answered and established
 * @SC_CALL_STATE_ON_HOLD: the call is on hold
 * @SC_CALL_STATE_TRANSFERRING: a transfer (REFER) is in progress
 * @SC_CALL_STATE_TERMINATING: the call is being torn down (BYE sent)
 * @SC_CALL_STATE_TERMINATED: the call ended normally
 * @SC_CALL_STATE_CANCELLED: the call was cancelled before it was answered
 * @SC_CALL_STATE_FAILED: the call failed (rejected, timed out, error)
 *
 * The states of a call, as in Rust session-core's `CallState`.
 *
 * Since: 0.1
 */
typedef enum {
  SC_CALL_STATE_INITIATING,
  SC_CALL_STATE_RINGING,
  SC_CALL_STATE_ACTIVE,
  SC_CALL_STATE_ON_HOLD,
  SC_CALL_STATE_TRANSFERRING,
  SC_CALL_STATE_TERMINATING,
  SC_CALL_STATE_TERMINATED,
  SC_CALL_STATE_CANCELLED,
  SC_CALL_STATE_FAILED,
} ScCallState;

/**
 * ScCallDecisionKind:
 * @SC_CALL_DECISION_KIND_ACCEPT: answer the call (200 OK)
 * @SC_CALL_DECISION_KIND_REJECT: reject the call with a status code
 * @SC_CALL_DECISION_KIND_DEFER: ring (180) and decide later
 * @SC_CALL_DECISION_KIND_FORWARD: redirect the call (302) to another URI
 *
 * What to do with an incoming call.
 *
 * Since: 0.1
 */
typedef enum {
  SC_CALL_DECISION_KIND_ACCEPT,
  SC_CALL_DECISION_KIND_REJECT,
  SC_CALL_DECISION_KIND_DEFER,
  SC_CALL_DECISION_KIND_FORWARD,
} ScCallDecisionKind;

/**
 * ScCallDirection:
 * @SC_CALL_DIRECTION_OUTGOING: the call was placed by this manager
 * @SC_CALL_DIRECTION_INCOMING: the call was received by this manager
 *
 * Which side started a call.
 *
 * Since: 0.1
 */
typedef enum {
  SC_CALL_DIRECTION_OUTGOING,
  SC_CALL_DIRECTION_INCOMING,
} ScCallDirection;

/**
 * ScTransportProtocol:
 * @SC_TRANSPORT_PROTOCOL_UDP: SIP over UDP
 * @SC_TRANSPORT_PROTOCOL_TCP: SIP over TCP
 * @SC_TRANSPORT_PROTOCOL_TLS: SIP over TLS
 * @SC_TRANSPORT_PROTOCOL_WS: SIP over WebSocket (not supported yet)
 * @SC_TRANSPORT_PROTOCOL_WSS: SIP over secure WebSocket (not supported yet)
 *
 * The SIP transport a #ScTransactionManager listens on.
 *
 * Since: 0.1
 */
typedef enum {
  SC_TRANSPORT_PROTOCOL_UDP,
  SC_TRANSPORT_PROTOCOL_TCP,
  SC_TRANSPORT_PROTOCOL_TLS,
  SC_TRANSPORT_PROTOCOL_WS,
  SC_TRANSPORT_PROTOCOL_WSS,
} ScTransportProtocol;

/**
 * ScBridgeEventType:
 * @SC_BRIDGE_EVENT_TYPE_CREATED: the bridge was created
 * @SC_BRIDGE_EVENT_TYPE_SESSION_ADDED: a session joined the bridge
 * @SC_BRIDGE_EVENT_TYPE_SESSION_REMOVED: a session left the bridge (the
 *   reason says why: "Manually removed from bridge" or "session
 *   terminated")
 * @SC_BRIDGE_EVENT_TYPE_DESTROYED: the bridge is gone
 * @SC_BRIDGE_EVENT_TYPE_MEDIA_ESTABLISHED: audio from every member has
 *   reached the bridge: it flows in every direction
 * @SC_BRIDGE_EVENT_TYPE_MEDIA_STOPPED: audio no longer flows in every
 *   direction (a member left, was held, or its RTP stopped)
 *
 * What happened to a bridge. The nick of each value ("session-added", …)
 * is the detail of the `bridge-event` signal.
 *
 * Since: 0.1
 */
typedef enum {
  SC_BRIDGE_EVENT_TYPE_CREATED,
  SC_BRIDGE_EVENT_TYPE_SESSION_ADDED,
  SC_BRIDGE_EVENT_TYPE_SESSION_REMOVED,
  SC_BRIDGE_EVENT_TYPE_DESTROYED,
  SC_BRIDGE_EVENT_TYPE_MEDIA_ESTABLISHED,
  SC_BRIDGE_EVENT_TYPE_MEDIA_STOPPED,
} ScBridgeEventType;

/**
 * ScConferenceEventType:
 * @SC_CONFERENCE_EVENT_TYPE_CONFERENCE_CREATED: the conference was created
 *   (it is ACTIVE)
 * @SC_CONFERENCE_EVENT_TYPE_CONFERENCE_TERMINATED: the conference is over
 *   (every participant has left)
 * @SC_CONFERENCE_EVENT_TYPE_PARTICIPANT_JOINED: a session joined
 * @SC_CONFERENCE_EVENT_TYPE_PARTICIPANT_LEFT: a participant left (the
 *   reason says why: "left", "kicked" or the kicker's reason, "session
 *   terminated"); not emitted for those still in when the conference is
 *   terminated: CONFERENCE_TERMINATED says it for all
 * @SC_CONFERENCE_EVENT_TYPE_PARTICIPANT_STATUS_CHANGED: a participant's
 *   #ScParticipantStatus changed (old and new status set)
 * @SC_CONFERENCE_EVENT_TYPE_CONFERENCE_STATE_CHANGED: the conference was
 *   locked, unlocked or set TERMINATING (old and new state set)
 * @SC_CONFERENCE_EVENT_TYPE_PARTICIPANT_MEDIA_ESTABLISHED: a
 *   participant's audio reaches the mix (its first packet, or again after
 *   it stopped)
 * @SC_CONFERENCE_EVENT_TYPE_PARTICIPANT_MEDIA_TERMINATED: a participant's
 *   audio stopped reaching the mix (no packet for 2 s, hold, or it left)
 * @SC_CONFERENCE_EVENT_TYPE_STATS_UPDATED: the audio count of
 *   #ScConferenceStats changed: follows each
 *   PARTICIPANT_MEDIA_ESTABLISHED and PARTICIPANT_MEDIA_TERMINATED
 * @SC_CONFERENCE_EVENT_TYPE_CONFERENCE_ERROR: something failed for the
 *   whole conference (e.g. a recording that could not go on); the reason
 *   says what
 * @SC_CONFERENCE_EVENT_TYPE_PARTICIPANT_ERROR: something failed for one
 *   participant, e.g. its call has no audio to mix; the reason says what
 * @SC_CONFERENCE_EVENT_TYPE_PARTICIPANT_TALKING_CHANGED: a participant
 *   started or stopped talking (see #ScConferenceParticipant:talking);
 *   not in the Rust API
 *
 * What happened to a conference. The nick of each value
 * ("participant-joined", …) is the detail of the `conference-event`
 * signal.
 *
 * Since: 0.1
 */
typedef enum {
  SC_CONFERENCE_EVENT_TYPE_CONFERENCE_CREATED,
  SC_CONFERENCE_EVENT_TYPE_CONFERENCE_TERMINATED,
  SC_CONFERENCE_EVENT_TYPE_PARTICIPANT_JOINED,
  SC_CONFERENCE_EVENT_TYPE_PARTICIPANT_LEFT,
  SC_CONFERENCE_EVENT_TYPE_PARTICIPANT_STATUS_CHANGED,
  SC_CONFERENCE_EVENT_TYPE_CONFERENCE_STATE_CHANGED,
  SC_CONFERENCE_EVENT_TYPE_PARTICIPANT_MEDIA_ESTABLISHED,
  SC_CONFERENCE_EVENT_TYPE_PARTICIPANT_MEDIA_TERMINATED,
  SC_CONFERENCE_EVENT_TYPE_STATS_UPDATED,
  SC_CONFERENCE_EVENT_TYPE_CONFERENCE_ERROR,
  SC_CONFERENCE_EVENT_TYPE_PARTICIPANT_ERROR,
  SC_CONFERENCE_EVENT_TYPE_PARTICIPANT_TALKING_CHANGED,
} ScConferenceEventType;

/**
 * ScParticipantStatus:
 * @SC_PARTICIPANT_STATUS_JOINING: joined, its audio has not reached the
 *   mix yet
 * @SC_PARTICIPANT_STATUS_ACTIVE: hears the others and is heard
 * @SC_PARTICIPANT_STATUS_ON_HOLD: set aside: neither hears nor is heard
 * @SC_PARTICIPANT_STATUS_MUTED: hears the others, is not heard
 * @SC_PARTICIPANT_STATUS_LEAVING: on its way out
 * @SC_PARTICIPANT_STATUS_LEFT: gone
 *
 * A conference participant's status, as Rust's `ParticipantStatus`.
 *
 * Since: 0.1
 */
typedef enum {
  SC_PARTICIPANT_STATUS_JOINING,
  SC_PARTICIPANT_STATUS_ACTIVE,
  SC_PARTICIPANT_STATUS_ON_HOLD,
  SC_PARTICIPANT_STATUS_MUTED,
  SC_PARTICIPANT_STATUS_LEAVING,
  SC_PARTICIPANT_STATUS_LEFT,
} ScParticipantStatus;

/**
 * ScConferenceState:
 * @SC_CONFERENCE_STATE_CREATING: being set up (never seen after
 *   sc_conference_manager_create_conference() returns)
 * @SC_CONFERENCE_STATE_ACTIVE: open: sessions may join
 * @SC_CONFERENCE_STATE_LOCKED: closed to new participants; those in it
 *   go on
 * @SC_CONFERENCE_STATE_TERMINATING: ending: no joins
 * @SC_CONFERENCE_STATE_TERMINATED: over
 *
 * A conference's state. The valid transitions are CREATING → ACTIVE,
 * ACTIVE ↔ LOCKED, ACTIVE or LOCKED → TERMINATING → TERMINATED; anything
 * else fails with %SC_ERROR_INVALID_TRANSITION.
 *
 * Since: 0.1
 */
typedef enum {
  SC_CONFERENCE_STATE_CREATING,
  SC_CONFERENCE_STATE_ACTIVE,
  SC_CONFERENCE_STATE_LOCKED,
  SC_CONFERENCE_STATE_TERMINATING,
  SC_CONFERENCE_STATE_TERMINATED,
} ScConferenceState;

SC_AVAILABLE_IN_ALL
const char *sc_call_state_to_string        (ScCallState state);
SC_AVAILABLE_IN_ALL
gboolean    sc_call_state_is_final         (ScCallState state);
SC_AVAILABLE_IN_ALL
gboolean    sc_call_state_is_in_progress   (ScCallState state);
SC_AVAILABLE_IN_ALL
const char *sc_participant_status_to_string (ScParticipantStatus status);
SC_AVAILABLE_IN_ALL
const char *sc_conference_state_to_string  (ScConferenceState state);

G_END_DECLS
