/* sc-id-private.h: the ids of sessions, bridges and transactions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "<prefix><random version 4 UUID>", e.g. "sess_1b4e…". */
char *_sc_new_random_id (const char *prefix);

G_END_DECLS
