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

SC_AVAILABLE_IN_ALL
const char *sc_call_state_to_string        (ScCallState state);
SC_AVAILABLE_IN_ALL
gboolean    sc_call_state_is_final         (ScCallState state);
SC_AVAILABLE_IN_ALL
gboolean    sc_call_state_is_in_progress   (ScCallState state);

G_END_DECLS
