/* sc-audio-source.c: what a call sends when it is not bridged
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * GStreamer decodes a tone (audiotestsrc) or any file it can read
 * (decodebin) once, into 8 kHz mono S16 samples held in memory. Calls then
 * only keep a read position into the shared block: a thousand calls on
 * music on hold cost one decoded file, not a thousand pipelines.
 */

#include "config.h"

#include "sc-audio-source.h"

#include <gst/gst.h>
#include <gst/app/gstappsink.h>

#include "sc-error.h"

#define RATE 8000
/* Music on hold longer than this is cut: it loops anyway. */
#define MAX_SECONDS 600

struct _ScAudioSource
{
  gatomicrefcount  ref_count;
  gint16          *samples;
  gsize            n_samples;
  char            *description;
};

static gboolean
ensure_gst (GError **error)
{
  static gsize initialized = 0;
  static gboolean ok = FALSE;

  if (g_once_init_enter (&initialized))
    {
      ok = gst_init_check (NULL, NULL, NULL);
      g_once_init_leave (&initialized, 1);
    }
  if (!ok)
    g_set_error (error, SC_ERROR, SC_ERROR_MEDIA,
                 "Media error: GStreamer cannot be initialized");
  return ok;
}

static void
on_pad_added (GstElement *decodebin,
              GstPad     *pad,
              GstElement *convert)
{
  g_autoptr(GstPad) sink = gst_element_get_static_pad (convert, "sink");

  if (!gst_pad_is_linked (sink))
    gst_pad_link (pad, sink);
}

/* Runs @pipeline to its end, collecting what reaches "sink". */
static ScAudioSource *
collect (GstElement  *pipeline,
         const char  *description,
         GError     **error)
{
  g_autoptr(GstElement) sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
  g_autoptr(GByteArray) pcm = g_byte_array_new ();
  ScAudioSource *source;

  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_MEDIA,
                   "Media error: cannot play %s", description);
      gst_element_set_state (pipeline, GST_STATE_NULL);
      return NULL;
    }

  for (;;)
    {
      g_autoptr(GstSample) sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink),
                                                                 100 * GST_MSECOND);
      g_autoptr(GstMessage) message = NULL;

      if (sample != NULL)
        {
          GstBuffer *buffer = gst_sample_get_buffer (sample);
          GstMapInfo map;

          if (gst_buffer_map (buffer, &map, GST_MAP_READ))
            {
              g_byte_array_append (pcm, map.data, (guint) map.size);
              gst_buffer_unmap (buffer, &map);
            }
          if (pcm->len >= MAX_SECONDS * RATE * 2)
            break;
          continue;
        }
      if (gst_app_sink_is_eos (GST_APP_SINK (sink)))
        break;

      message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
      if (message != NULL)
        {
          g_autoptr(GError) gst_error = NULL;

          gst_message_parse_error (message, &gst_error, NULL);
          g_set_error (error, SC_ERROR, SC_ERROR_MEDIA,
                       "Media error: cannot decode %s: %s", description,
                       gst_error->message);
          gst_element_set_state (pipeline, GST_STATE_NULL);
          return NULL;
        }
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);

  if (pcm->len < 2 * 160)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_MEDIA,
                   "Media error: %s has no audio", description);
      return NULL;
    }

  source = g_new0 (ScAudioSource, 1);
  g_atomic_ref_count_init (&source->ref_count);
  source->n_samples = pcm->len / 2;
  source->samples = (gint16 *) g_byte_array_free (g_steal_pointer (&pcm), FALSE);
  source->description = g_strdup (description);
  return source;
}

static GstElement *
make (const char *factory,
      const char *name)
{
  GstElement *element = gst_element_factory_make (factory, name);

  if (element == NULL)
    g_warning ("GStreamer element %s is missing", factory);
  return element;
}

static GstElement *
make_tail (GstElement *pipeline)
{
  GstElement *convert = make ("audioconvert", NULL);
  GstElement *resample = make ("audioresample", NULL);
  GstElement *sink = make ("appsink", "sink");
  g_autoptr(GstCaps) caps = gst_caps_new_simple ("audio/x-raw",
                                                 "format", G_TYPE_STRING, "S16LE",
                                                 "rate", G_TYPE_INT, RATE,
                                                 "channels", G_TYPE_INT, 1,
                                                 "layout", G_TYPE_STRING, "interleaved",
                                                 NULL);

  g_object_set (sink, "caps", caps, "sync", FALSE, NULL);
  gst_bin_add_many (GST_BIN (pipeline), convert, resample, sink, NULL);
  gst_element_link_many (convert, resample, sink, NULL);
  return convert;
}

ScAudioSource *
_sc_audio_source_new_tone (double   frequency_hz,
                           GError **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autofree char *description = NULL;
  GstElement *src, *head;

  if (!ensure_gst (error))
    return NULL;
  if (frequency_hz <= 0 || frequency_hz >= RATE / 2)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_MEDIA,
                   "Media error: a tone of %.1f Hz cannot be carried at 8 kHz",
                   frequency_hz);
      return NULL;
    }

  /* One second of an integer frequency loops without a click. */
  pipeline = gst_object_ref_sink (gst_pipeline_new (NULL));
  src = make ("audiotestsrc", NULL);
  g_object_set (src, "wave", 0 /* sine */, "freq", frequency_hz,
                "volume", 0.3, "samplesperbuffer", RATE, "num-buffers", 1, NULL);
  gst_bin_add (GST_BIN (pipeline), src);
  head = make_tail (pipeline);
  gst_element_link (src, head);

  description = g_strdup_printf ("tone %.0f Hz", frequency_hz);
  return collect (pipeline, description, error);
}

ScAudioSource *
_sc_audio_source_new_file (const char  *path,
                           GError     **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  GstElement *src, *decode, *head;

  if (!ensure_gst (error))
    return NULL;
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, SC_ERROR, SC_ERROR_MEDIA,
                   "Media error: %s is not a readable file", path);
      return NULL;
    }

  pipeline = gst_object_ref_sink (gst_pipeline_new (NULL));
  src = make ("filesrc", NULL);
  decode = make ("decodebin", NULL);
  g_object_set (src, "location", path, NULL);
  gst_bin_add_many (GST_BIN (pipeline), src, decode, NULL);
  gst_element_link (src, decode);
  head = make_tail (pipeline);
  g_signal_connect (decode, "pad-added", G_CALLBACK (on_pad_added), head);

  return collect (pipeline, path, error);
}

ScAudioSource *
_sc_audio_source_ref (ScAudioSource *source)
{
  g_atomic_ref_count_inc (&source->ref_count);
  return source;
}

void
_sc_audio_source_unref (ScAudioSource *source)
{
  if (!g_atomic_ref_count_dec (&source->ref_count))
    return;
  g_free (source->samples);
  g_free (source->description);
  g_free (source);
}

const gint16 *
_sc_audio_source_get_samples (ScAudioSource *source,
                              gsize         *n_samples)
{
  *n_samples = source->n_samples;
  return source->samples;
}

const char *
_sc_audio_source_describe (ScAudioSource *source)
{
  return source->description;
}
