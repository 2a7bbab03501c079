/* test-audio.h: what a test hears on a call
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

#include "media/sc-media-engine.h"

G_BEGIN_DECLS

#define TEST_AUDIO_RATE 8000

/* Goertzel: the power of one frequency in a block of samples, relative
 * to the block's total power (1.0 = a pure tone at that frequency). */
double test_tone_share (const gint16 *pcm,
                        guint         n,
                        double        frequency);
double test_rms        (const gint16 *pcm,
                        guint         n);
/* Captures @ms of what @leg receives from now on (running the main
 * context meanwhile); @out holds @ms * 8 samples. Returns the samples. */
guint  test_listen     (ScMediaLeg   *leg,
                        guint         ms,
                        gint16       *out);

/* How far @heard is from @reference as a ratio of energies (0: the
 * same), after finding where @reference starts in @heard (at most
 * @max_offset samples in, matched on its first second). @offset and
 * @n_compared (nullable) say where and over how many samples. */
double test_match_error (const gint16 *reference,
                         guint         n_reference,
                         const gint16 *heard,
                         guint         n_heard,
                         guint         max_offset,
                         guint        *offset,
                         guint        *n_compared);
/* Decodes an audio file (WAV, Ogg/Opus, …) through GStreamer to 8 kHz
 * mono samples; NULL (and a test failure message) when it cannot. */
gint16 *test_decode_file (const char   *path,
                          guint        *n_samples);
/* Writes @path: a WAV file (8 kHz, mono, 16-bit) holding @seconds of a
 * sine at @frequency, e.g. for music on hold. A whole number of cycles
 * per second makes it loop without a click. */
void    test_write_tone_wav (const char *path,
                             double      frequency,
                             guint       seconds);

G_END_DECLS
