/* sc-debug-private.h: debug messages that cost nothing when nobody reads them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* GLib 2.74 formats a g_debug() message before it decides to drop it,
 * which is a measurable share of a call's cost at thousands of calls a
 * second. Ask first whether anybody listens (G_MESSAGES_DEBUG, read once,
 * or g_log_set_debug_enabled ()). */
static inline gboolean
_sc_debug_enabled (void)
{
  static int from_env = -1;

  if (G_UNLIKELY (from_env < 0))
    from_env = !g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN);
  return from_env || g_log_get_debug_enabled ();
}

#define SC_DEBUG(...) \
  G_STMT_START { \
    if (G_UNLIKELY (_sc_debug_enabled ())) \
      g_debug (__VA_ARGS__); \
  } G_STMT_END

G_END_DECLS
