/* sc-bridge-private.h: what the bridge manager makes of the bridge types
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sc-bridge-config.h"
#include "sc-bridge-event.h"
#include "sc-bridge-info.h"

G_BEGIN_DECLS

ScBridgeInfo *_sc_bridge_info_new (const char         *id,
                                   const char         *name,
                                   const char * const *sessions,
                                   gint64              created_at);

G_END_DECLS
