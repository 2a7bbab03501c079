/* sessioncore.h: the umbrella header; applications include only this one
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#define SESSIONCORE_INSIDE

#include "sc-version.h"
#include "sc-types.h"
#include "sc-enum-types.h"
#include "sc-error.h"
#include "sc-server-config.h"
#include "sc-call-decision.h"
#include "sc-caller-info.h"
#include "sc-incoming-call-event.h"
#include "sc-session-stats.h"
#include "sc-media-info.h"
#include "sc-prepared-call.h"
#include "sc-call-session.h"
#include "sc-incoming-call.h"
#include "sc-incoming-call-notification.h"
#include "sc-call-handler.h"
#include "sc-notification-setter.h"
#include "sc-transaction-manager.h"
#include "sc-session-manager.h"
#include "sc-session-manager-builder.h"
#include "sc-bridge-config.h"
#include "sc-bridge-info.h"
#include "sc-bridge-event.h"
#include "sc-event-receiver.h"
#include "sc-bridge-manager.h"
#include "sc-server-session-manager.h"
#include "sc-conference-config.h"
#include "sc-participant-info.h"
#include "sc-conference-stats.h"
#include "sc-conference-event.h"
#include "sc-conference-participant.h"
#include "sc-conference.h"
#include "sc-conference-manager.h"
#include "sc-conference-coordinator.h"

#undef SESSIONCORE_INSIDE
