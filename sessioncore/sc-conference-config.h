/* sc-conference-config.h: how a conference is set up
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

#define SC_TYPE_CONFERENCE_CONFIG (sc_conference_config_get_type ())

SC_AVAILABLE_IN_ALL
GType               sc_conference_config_get_type                 (void) G_GNUC_CONST;

SC_AVAILABLE_IN_ALL
ScConferenceConfig *sc_conference_config_new                      (void);
SC_AVAILABLE_IN_ALL
ScConferenceConfig *sc_conference_config_copy                     (const ScConferenceConfig *self);
SC_AVAILABLE_IN_ALL
void                sc_conference_config_free                     (ScConferenceConfig       *self);
SC_AVAILABLE_IN_ALL
gboolean            sc_conference_config_validate                 (const ScConferenceConfig *self,
                                                                   GError                  **error);

SC_AVAILABLE_IN_ALL
guint               sc_conference_config_get_max_participants     (const ScConferenceConfig *self);
SC_AVAILABLE_IN_ALL
void                sc_conference_config_set_max_participants     (ScConferenceConfig       *self,
                                                                   guint                     max_participants);
SC_AVAILABLE_IN_ALL
gboolean            sc_conference_config_get_audio_mixing_enabled (const ScConferenceConfig *self);
SC_AVAILABLE_IN_ALL
void                sc_conference_config_set_audio_mixing_enabled (ScConferenceConfig       *self,
                                                                   gboolean                  enabled);
SC_AVAILABLE_IN_ALL
guint               sc_conference_config_get_audio_sample_rate    (const ScConferenceConfig *self);
SC_AVAILABLE_IN_ALL
void                sc_conference_config_set_audio_sample_rate    (ScConferenceConfig       *self,
                                                                   guint                     sample_rate);
SC_AVAILABLE_IN_ALL
guint               sc_conference_config_get_audio_channels       (const ScConferenceConfig *self);
SC_AVAILABLE_IN_ALL
void                sc_conference_config_set_audio_channels       (ScConferenceConfig       *self,
                                                                   guint                     channels);
SC_AVAILABLE_IN_ALL
guint16             sc_conference_config_get_rtp_port_start       (const ScConferenceConfig *self);
SC_AVAILABLE_IN_ALL
void                sc_conference_config_set_rtp_port_start       (ScConferenceConfig       *self,
                                                                   guint16                   port);
SC_AVAILABLE_IN_ALL
guint16             sc_conference_config_get_rtp_port_end         (const ScConferenceConfig *self);
SC_AVAILABLE_IN_ALL
void                sc_conference_config_set_rtp_port_end         (ScConferenceConfig       *self,
                                                                   guint16                   port);
SC_AVAILABLE_IN_ALL
guint               sc_conference_config_get_timeout_secs         (const ScConferenceConfig *self);
SC_AVAILABLE_IN_ALL
void                sc_conference_config_set_timeout_secs         (ScConferenceConfig       *self,
                                                                   guint                     timeout_secs);
SC_AVAILABLE_IN_ALL
const char         *sc_conference_config_get_name                 (const ScConferenceConfig *self);
SC_AVAILABLE_IN_ALL
void                sc_conference_config_set_name                 (ScConferenceConfig       *self,
                                                                   const char               *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScConferenceConfig, sc_conference_config_free)

G_END_DECLS
