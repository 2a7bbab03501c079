/* sc-session-stats.h: counters of a session manager
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (SESSIONCORE_INSIDE) && !defined (SESSIONCORE_COMPILATION)
#error "Only <sessioncore/sessioncore.h> can be included directly."
#endif

#include <glib-object.h>

#include "sc-types.h"

G_BEGIN_DECLS

#define SC_TYPE_SESSION_STATS (sc_session_stats_get_type ())

SC_AVAILABLE_IN_ALL
GType           sc_session_stats_get_type                (void) G_GNUC_CONST;

SC_AVAILABLE_IN_ALL
ScSessionStats *sc_session_stats_copy                    (const ScSessionStats *self);
SC_AVAILABLE_IN_ALL
void            sc_session_stats_free                    (ScSessionStats       *self);

SC_AVAILABLE_IN_ALL
guint64         sc_session_stats_get_total_sessions      (const ScSessionStats *self);
SC_AVAILABLE_IN_ALL
guint           sc_session_stats_get_active_sessions     (const ScSessionStats *self);
SC_AVAILABLE_IN_ALL
guint64         sc_session_stats_get_failed_sessions     (const ScSessionStats *self);
SC_AVAILABLE_IN_ALL
gint64          sc_session_stats_get_average_duration_ms (const ScSessionStats *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScSessionStats, sc_session_stats_free)

G_END_DECLS
