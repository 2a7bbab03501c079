/* sc-sip-log.h: sofia-sip's log routed into GLib's
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void _sc_sip_log_init (void);

G_END_DECLS
