/* sc-session-stats-private.h: internals of ScSessionStats
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sc-session-stats.h"

G_BEGIN_DECLS

struct _ScSessionStats
{
  guint64 total_sessions;
  guint   active_sessions;
  guint64 failed_sessions;
  gint64  average_duration_ms;    /* -1 when unknown */
};

ScSessionStats *_sc_session_stats_new (void);

G_END_DECLS
