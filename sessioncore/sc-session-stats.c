/* sc-session-stats.c: counters of a session manager
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sc-session-stats.h"

#include "sc-session-stats-private.h"

/**
 * ScSessionStats:
 *
 * A snapshot of the counters of a session manager (Rust session-core's
 * `SessionStats`): sessions created since start, sessions alive now,
 * sessions that failed, and the average duration of the sessions that
 * ended.
 *
 * Since: 0.1
 */

G_DEFINE_BOXED_TYPE (ScSessionStats, sc_session_stats,
                     sc_session_stats_copy, sc_session_stats_free)

/* _sc_session_stats_new:
 *
 * Returns: (transfer full): zeroed statistics with an unknown (-1)
 *   average duration
 */
ScSessionStats *
_sc_session_stats_new (void)
{
  ScSessionStats *self = g_new0 (ScSessionStats, 1);

  self->average_duration_ms = -1;

  return self;
}

/**
 * sc_session_stats_copy:
 * @self: a #ScSessionStats
 *
 * Makes a copy of @self.
 *
 * Returns: (transfer full): a new #ScSessionStats
 *
 * Since: 0.1
 */
ScSessionStats *
sc_session_stats_copy (const ScSessionStats *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_memdup2 (self, sizeof (ScSessionStats));
}

/**
 * sc_session_stats_free:
 * @self: (nullable): a #ScSessionStats
 *
 * Frees @self. Does nothing if @self is %NULL.
 *
 * Since: 0.1
 */
void
sc_session_stats_free (ScSessionStats *self)
{
  g_free (self);
}

/**
 * sc_session_stats_get_total_sessions:
 * @self: a #ScSessionStats
 *
 * The number of sessions created since the manager started.
 *
 * Returns: the total number of sessions
 *
 * Since: 0.1
 */
guint64
sc_session_stats_get_total_sessions (const ScSessionStats *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->total_sessions;
}

/**
 * sc_session_stats_get_active_sessions:
 * @self: a #ScSessionStats
 *
 * The number of sessions alive when the snapshot was taken.
 *
 * Returns: the number of active sessions
 *
 * Since: 0.1
 */
guint
sc_session_stats_get_active_sessions (const ScSessionStats *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->active_sessions;
}

/**
 * sc_session_stats_get_failed_sessions:
 * @self: a #ScSessionStats
 *
 * The number of sessions that ended in %SC_CALL_STATE_FAILED.
 *
 * Returns: the number of failed sessions
 *
 * Since: 0.1
 */
guint64
sc_session_stats_get_failed_sessions (const ScSessionStats *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->failed_sessions;
}

/**
 * sc_session_stats_get_average_duration_ms:
 * @self: a #ScSessionStats
 *
 * The average duration of the sessions that ended, in milliseconds.
 *
 * Returns: the average duration in milliseconds, or -1 when unknown (no
 *   session has ended yet)
 *
 * Since: 0.1
 */
gint64
sc_session_stats_get_average_duration_ms (const ScSessionStats *self)
{
  g_return_val_if_fail (self != NULL, -1);

  return self->average_duration_ms;
}
