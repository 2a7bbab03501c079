/* test-audio.c: what a test hears on a call
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test-audio.h"

#include <math.h>

#include "test-utils.h"

double
test_tone_share (const gint16 *pcm,
                 guint         n,
                 double        frequency)
{
  double coeff = 2.0 * cos (2.0 * G_PI * frequency / TEST_AUDIO_RATE);
  double s1 = 0, s2 = 0, total = 0, power;

  for (guint i = 0; i < n; i++)
    {
      double s = pcm[i] + coeff * s1 - s2;
      s2 = s1;
      s1 = s;
      total += (double) pcm[i] * pcm[i];
    }
  if (total <= 0)
    return 0;
  power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return 2.0 * power / (n * total);
}

double
test_rms (const gint16 *pcm,
          guint         n)
{
  double sum = 0;

  for (guint i = 0; i < n; i++)
    sum += (double) pcm[i] * pcm[i];
  return n ? sqrt (sum / n) : 0;
}

guint
test_listen (ScMediaLeg *leg,
             guint       ms,
             gint16     *out)
{
  guint wanted = ms * TEST_AUDIO_RATE / 1000;
  guint got;

  _sc_media_leg_set_capture (leg, wanted);
  test_run_for (ms + 100);
  got = _sc_media_leg_take_capture (leg, out, wanted);
  _sc_media_leg_set_capture (leg, 0);
  return got;
}
