/* test-audio.c: what a test hears on a call
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test-audio.h"

#include <math.h>

#include <gst/gst.h>
#include <gst/app/gstappsink.h>

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

static double
relative_error (const gint16 *reference,
                const gint16 *heard,
                guint         n)
{
  double signal = 0, noise = 0;

  for (guint i = 0; i < n; i++)
    {
      double d = (double) reference[i] - heard[i];

      signal += (double) reference[i] * reference[i];
      noise += d * d;
    }
  return signal > 0 ? noise / signal : 1;
}

double
test_match_error (const gint16 *reference,
                  guint         n_reference,
                  const gint16 *heard,
                  guint         n_heard,
                  guint         max_offset,
                  guint        *offset,
                  guint        *n_compared)
{
  double best = G_MAXDOUBLE;
  guint best_offset = 0, n;

  if (n_reference < TEST_AUDIO_RATE || n_heard < TEST_AUDIO_RATE)
    return 1;
  for (guint at = 0; at + TEST_AUDIO_RATE <= n_heard && at <= max_offset; at++)
    {
      double e = relative_error (reference, heard + at, TEST_AUDIO_RATE);

      if (e < best)
        {
          best = e;
          best_offset = at;
        }
    }
  n = MIN (n_reference, n_heard - best_offset);
  if (offset != NULL)
    *offset = best_offset;
  if (n_compared != NULL)
    *n_compared = n;
  return relative_error (reference, heard + best_offset, n);
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

gint16 *
test_decode_file (const char *path,
                  guint      *n_samples)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autofree char *description = NULL;
  g_autofree char *quoted = g_strescape (path, NULL);
  GArray *samples = g_array_new (FALSE, FALSE, sizeof (gint16));
  GstSample *sample;

  gst_init (NULL, NULL);
  description = g_strdup_printf ("filesrc location=\"%s\" ! decodebin ! audioconvert ! "
                                 "audioresample ! audio/x-raw,format=S16LE,rate=%u,channels=1 ! "
                                 "appsink name=sink sync=false", quoted, TEST_AUDIO_RATE);
  pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=,
                   GST_STATE_CHANGE_FAILURE);
  while ((sample = gst_app_sink_pull_sample (GST_APP_SINK (sink))) != NULL)
    {
      GstBuffer *buffer = gst_sample_get_buffer (sample);
      GstMapInfo map;

      if (gst_buffer_map (buffer, &map, GST_MAP_READ))
        {
          g_array_append_vals (samples, map.data, map.size / sizeof (gint16));
          gst_buffer_unmap (buffer, &map);
        }
      gst_sample_unref (sample);
    }
  {
    g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
    g_autoptr(GstMessage) message =
      gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

    if (message != NULL)
      {
        g_autoptr(GError) failure = NULL;

        gst_message_parse_error (message, &failure, NULL);
        g_test_message ("decoding %s: %s", path, failure->message);
      }
  }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  *n_samples = samples->len;
  return (gint16 *) g_array_free (samples, samples->len == 0);
}

void
test_write_tone_wav (const char *path,
                     double      frequency,
                     guint       seconds)
{
  guint n = seconds * TEST_AUDIO_RATE;
  guint32 data_size = n * sizeof (gint16);
  g_autoptr(GByteArray) wav = g_byte_array_sized_new (44 + data_size);
  g_autoptr(GError) error = NULL;
  guint32 u32;
  guint16 u16;

#define PUT(bytes) g_byte_array_append (wav, (const guint8 *) (bytes), 4)
#define PUT32(v) (u32 = GUINT32_TO_LE (v), g_byte_array_append (wav, (const guint8 *) &u32, 4))
#define PUT16(v) (u16 = GUINT16_TO_LE (v), g_byte_array_append (wav, (const guint8 *) &u16, 2))
  PUT ("RIFF");
  PUT32 (36 + data_size);
  PUT ("WAVE");
  PUT ("fmt ");
  PUT32 (16);
  PUT16 (1);                               /* PCM */
  PUT16 (1);                               /* mono */
  PUT32 (TEST_AUDIO_RATE);
  PUT32 (TEST_AUDIO_RATE * sizeof (gint16));
  PUT16 (sizeof (gint16));
  PUT16 (16);
  PUT ("data");
  PUT32 (data_size);
  for (guint i = 0; i < n; i++)
    PUT16 ((guint16) (gint16) (8000 * sin (2 * G_PI * frequency * i / TEST_AUDIO_RATE)));
#undef PUT
#undef PUT32
#undef PUT16

  g_file_set_contents (path, (const char *) wav->data, wav->len, &error);
  g_assert_no_error (error);
}
