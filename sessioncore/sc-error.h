/* sc-error.h: the SC_ERROR domain
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (SESSIONCORE_INSIDE) && !defined (SESSIONCORE_COMPILATION)
#error "Only <sessioncore/sessioncore.h> can be included directly."
#endif

#include <glib.h>

#include "sc-version.h"

G_BEGIN_DECLS

/**
 * SC_ERROR:
 *
 * The error domain of sessioncore. Errors in this domain are from the
 * #ScError enumeration.
 *
 * Since: 0.1
 */
#define SC_ERROR (sc_error_quark ())

/**
 * ScError:
 * @SC_ERROR_INVALID_STATE: the session, bridge or conference is not in a
 *   state that allows the operation
 * @SC_ERROR_INVALID_TRANSITION: the requested state change is not allowed
 * @SC_ERROR_SDP_NEGOTIATION_FAILED: an SDP could not be parsed, or offer and
 *   answer have no codec in common
 * @SC_ERROR_SESSION_NOT_FOUND: no session has that id
 * @SC_ERROR_BRIDGE_NOT_FOUND: no bridge has that id
 * @SC_ERROR_BRIDGE_FULL: the bridge already has its maximum of members
 * @SC_ERROR_SESSION_NOT_IN_BRIDGE: the session is not a member of the bridge
 * @SC_ERROR_CONFERENCE_NOT_FOUND: no conference has that id
 * @SC_ERROR_MEDIA: a media (RTP) operation failed
 * @SC_ERROR_SIP: the SIP stack failed
 * @SC_ERROR_NETWORK: a socket could not be bound or used
 * @SC_ERROR_CONFIG: a configuration value is invalid
 * @SC_ERROR_RESOURCE_LIMIT_EXCEEDED: a limit (sessions, ports, participants)
 *   was reached
 * @SC_ERROR_TIMEOUT: the operation timed out
 * @SC_ERROR_INVALID_URI: a SIP URI does not parse
 * @SC_ERROR_NOT_SUPPORTED: the feature is not available in this build
 * @SC_ERROR_PROTOCOL: the remote side broke the protocol
 * @SC_ERROR_OTHER: any other failure
 *
 * Error codes of the %SC_ERROR domain, as in Rust session-core's `Error`.
 *
 * Since: 0.1
 */
typedef enum {
  SC_ERROR_INVALID_STATE,
  SC_ERROR_INVALID_TRANSITION,
  SC_ERROR_SDP_NEGOTIATION_FAILED,
  SC_ERROR_SESSION_NOT_FOUND,
  SC_ERROR_BRIDGE_NOT_FOUND,
  SC_ERROR_BRIDGE_FULL,
  SC_ERROR_SESSION_NOT_IN_BRIDGE,
  SC_ERROR_CONFERENCE_NOT_FOUND,
  SC_ERROR_MEDIA,
  SC_ERROR_SIP,
  SC_ERROR_NETWORK,
  SC_ERROR_CONFIG,
  SC_ERROR_RESOURCE_LIMIT_EXCEEDED,
  SC_ERROR_TIMEOUT,
  SC_ERROR_INVALID_URI,
  SC_ERROR_NOT_SUPPORTED,
  SC_ERROR_PROTOCOL,
  SC_ERROR_OTHER,
} ScError;

SC_AVAILABLE_IN_ALL
GQuark sc_error_quark (void);

G_END_DECLS
