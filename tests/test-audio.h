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

G_END_DECLS
