/* sc-audio-source.h: what a call sends when it is not bridged
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A looped block of 8 kHz mono 16-bit audio, decoded once by GStreamer
 * and shared read-only by every call that plays it (any thread). */
typedef struct _ScAudioSource ScAudioSource;

ScAudioSource *_sc_audio_source_new_tone    (double          frequency_hz,
                                             GError        **error);
ScAudioSource *_sc_audio_source_new_file    (const char     *path,
                                             GError        **error);
ScAudioSource *_sc_audio_source_ref         (ScAudioSource  *source);
void           _sc_audio_source_unref       (ScAudioSource  *source);
const gint16  *_sc_audio_source_get_samples (ScAudioSource  *source,
                                             gsize          *n_samples);
const char    *_sc_audio_source_describe    (ScAudioSource  *source);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScAudioSource, _sc_audio_source_unref)

G_END_DECLS
