/* sc-server-config-private.h: internals of ScServerConfig
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sc-server-config.h"

G_BEGIN_DECLS

gboolean _sc_parse_bind_address (const char  *address,
                                 char       **out_host,
                                 guint16     *out_port,
                                 GError     **error);

G_END_DECLS
