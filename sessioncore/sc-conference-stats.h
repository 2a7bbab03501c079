/* sc-conference-stats.h: a conference's counts at one moment
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

#define SC_TYPE_CONFERENCE_STATS (sc_conference_stats_get_type ())

SC_AVAILABLE_IN_ALL
GType              sc_conference_stats_get_type                 (void) G_GNUC_CONST;

SC_AVAILABLE_IN_ALL
ScConferenceStats *sc_conference_stats_copy                     (const ScConferenceStats *self);
SC_AVAILABLE_IN_ALL
void               sc_conference_stats_free                     (ScConferenceStats       *self);

SC_AVAILABLE_IN_ALL
guint              sc_conference_stats_get_total_participants   (const ScConferenceStats *self);
SC_AVAILABLE_IN_ALL
guint              sc_conference_stats_get_active_participants  (const ScConferenceStats *self);
SC_AVAILABLE_IN_ALL
guint              sc_conference_stats_get_audio_participants   (const ScConferenceStats *self);
SC_AVAILABLE_IN_ALL
gint64             sc_conference_stats_get_duration_ms          (const ScConferenceStats *self);
SC_AVAILABLE_IN_ALL
ScConferenceState  sc_conference_stats_get_state                (const ScConferenceStats *self);
SC_AVAILABLE_IN_ALL
gboolean           sc_conference_stats_get_audio_mixing_enabled (const ScConferenceStats *self);
SC_AVAILABLE_IN_ALL
gint64             sc_conference_stats_get_created_at           (const ScConferenceStats *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScConferenceStats, sc_conference_stats_free)

G_END_DECLS
