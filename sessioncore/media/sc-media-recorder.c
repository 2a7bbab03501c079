/* sc-media-recorder.c: 8 kHz mono audio, one frame a tick, into a file
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What a conference records: the mixer hands each tick's full mix to the
 * recorder in the media thread (sc-media-mixer.h, the tap), and the
 * recorder wraps it in a buffer and queues it into a GStreamer pipeline:
 *
 *   appsrc ! audiorate ! audioconvert ! audioresample ! wavenc ! filesink
 *   appsrc ! audiorate ! audioconvert ! audioresample ! opusenc ! oggmux ! filesink
 *
 * The pipeline's own streaming thread encodes and writes; the media
 * thread only ever queues (appsrc never blocks: block=FALSE, and a frame
 * that would take the queue past 10 s of audio is dropped and counted
 * instead). One pipeline per recording, no thread per participant.
 *
 * Time comes from the ticks: each frame is the next 20 ms of the file
 * (PTS from a running sample count), and when no frame came for a while
 * (no member left to mix, or the media thread stalled), the count jumps
 * to the tick's time and audiorate fills the hole with silence, so the
 * file is as long as the recording lasted. Ending the file (EOS, and the
 * wait for wavenc to write its final header) happens in the owner's
 * thread, never in the media thread; so does reacting to a pipeline
 * error, through a bus watch in the owner's context.
 */

#include "config.h"

#include "sc-media-recorder.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <gst/app/gstappsrc.h>

#include "sc-error.h"
#include "sc-media-route.h"

#define RATE             8000
#define SAMPLES          SC_MEDIA_SAMPLES_PER_TICK
#define FRAME_BYTES      (SAMPLES * sizeof (gint16))
#define TICK_US          20000
#define TICK_NS          (TICK_US * GST_USECOND)
#define MAX_QUEUED_BYTES (10 * RATE * sizeof (gint16))
/* More ticks than this without a frame: a hole, filled with silence. */
#define GAP_TICKS        2
#define FINISH_TIMEOUT   (5 * GST_SECOND)

struct _ScMediaRecorder
{
  char                      *path;
  GstElement                *pipeline;
  GstAppSrc                 *src;
  GstBus                    *bus;
  GSource                   *watch;        /* the bus, in the owner's context */
  ScMediaRecorderFailedFunc  failed;
  gpointer                   user_data;
  gboolean                   has_failed;

  /* Written by whoever pushes (the media thread while fed). */
  gint64                     start_us;
  guint64                    next_tick;    /* of the file: its next frame */
  guint64                    n_pushed;
  guint64                    n_dropped;
};

/* ------------------------------------------------------------------ */
/* Frames                                                               */

static void
push_frame (ScMediaRecorder *self,
            const gint16    *samples,
            guint64          tick)
{
  GstBuffer *buffer;

  /* Only this thread adds to the queue: it cannot grow past the check. */
  if (gst_app_src_get_current_level_bytes (self->src) + FRAME_BYTES > MAX_QUEUED_BYTES)
    {
      self->n_dropped++;
      return;
    }
  buffer = gst_buffer_new_memdup (samples, FRAME_BYTES);
  GST_BUFFER_PTS (buffer) = tick * TICK_NS;
  GST_BUFFER_DURATION (buffer) = TICK_NS;
  GST_BUFFER_OFFSET (buffer) = tick * SAMPLES;
  GST_BUFFER_OFFSET_END (buffer) = (tick + 1) * SAMPLES;
  /* Takes the buffer; fails only once the pipeline stopped (its error is
   * on the bus). */
  if (gst_app_src_push_buffer (self->src, buffer) == GST_FLOW_OK)
    self->n_pushed++;
}

/* The file's tick at @now_us. */
static guint64
tick_at (ScMediaRecorder *self,
         gint64           now_us)
{
  return now_us > self->start_us ? (guint64) (now_us - self->start_us) / TICK_US : 0;
}

void
_sc_media_recorder_push (ScMediaRecorder *self,
                         const gint16    *samples,
                         gint64           now_us)
{
  guint64 tick = tick_at (self, now_us);

  /* The engine's ticks keep real time: a frame more than a couple of
   * ticks late means ticks without one. */
  if (tick > self->next_tick + GAP_TICKS)
    self->next_tick = tick;
  push_frame (self, samples, self->next_tick);
  self->next_tick++;
}

/* ------------------------------------------------------------------ */
/* The pipeline                                                         */

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    data)
{
  ScMediaRecorder *self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *debug = NULL;

  if (GST_MESSAGE_TYPE (message) != GST_MESSAGE_ERROR || self->has_failed)
    return G_SOURCE_CONTINUE;

  gst_message_parse_error (message, &error, &debug);
  g_debug ("Recording to %s failed: %s (%s)", self->path, error->message,
           debug ? debug : "");
  self->has_failed = TRUE;
  /* May free the recorder, this source with it: not touched after. */
  self->failed (self->user_data, error->message);
  return G_SOURCE_REMOVE;
}

static GstElement *
add (GstElement  *pipeline,
     const char  *factory,
     const char  *path,
     GError     **error)
{
  GstElement *element;

  if (error != NULL && *error != NULL)
    return NULL;
  element = gst_element_factory_make (factory, NULL);
  if (element == NULL)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_MEDIA,
                   "Media error: cannot record to “%s”: the GStreamer element "
                   "%s is missing", path, factory);
      return NULL;
    }
  gst_bin_add (GST_BIN (pipeline), element);
  return element;
}

static gboolean
wants_opus (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".ogg") || g_str_has_suffix (lower, ".opus");
}

/* The elements, linked, or NULL; @src_out: the appsrc, a reference. */
static GstElement *
build_pipeline (const char  *path,
                GstAppSrc  **src_out,
                GError     **error)
{
  g_autoptr(GstElement) pipeline = gst_object_ref_sink (gst_pipeline_new (NULL));
  g_autoptr(GstCaps) caps = gst_caps_new_simple ("audio/x-raw",
                                                 "format", G_TYPE_STRING, "S16LE",
                                                 "rate", G_TYPE_INT, RATE,
                                                 "channels", G_TYPE_INT, 1,
                                                 "layout", G_TYPE_STRING, "interleaved",
                                                 NULL);
  GstElement *src, *rate, *convert, *resample, *encoder, *mux = NULL, *sink;
  GError *local = NULL;
  gboolean linked;

  src = add (pipeline, "appsrc", path, &local);
  rate = add (pipeline, "audiorate", path, &local);
  convert = add (pipeline, "audioconvert", path, &local);
  resample = add (pipeline, "audioresample", path, &local);
  if (wants_opus (path))
    {
      encoder = add (pipeline, "opusenc", path, &local);
      mux = add (pipeline, "oggmux", path, &local);
    }
  else
    encoder = add (pipeline, "wavenc", path, &local);
  sink = add (pipeline, "filesink", path, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }

  g_object_set (src, "caps", caps, "format", GST_FORMAT_TIME,
                "is-live", FALSE, "block", FALSE,
                "max-bytes", (guint64) MAX_QUEUED_BYTES, NULL);
  g_object_set (sink, "location", path, NULL);
  if (mux != NULL)
    linked = gst_element_link_many (src, rate, convert, resample, encoder, mux, sink, NULL);
  else
    linked = gst_element_link_many (src, rate, convert, resample, encoder, sink, NULL);
  if (!linked)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_MEDIA,
                   "Media error: cannot record to “%s”: the pipeline does not link",
                   path);
      return NULL;
    }
  *src_out = GST_APP_SRC (gst_object_ref (src));
  return g_steal_pointer (&pipeline);
}

/* Whether @path can be written, as the filesink will: a clear error
 * naming the path rather than GStreamer's. @created: the file did not
 * exist before (only such a file is removed on failure). */
static gboolean
check_writable (const char  *path,
                gboolean    *created,
                GError     **error)
{
  int fd;

  *created = !g_file_test (path, G_FILE_TEST_EXISTS);
  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Cannot create the recording file “%s”: %s", path,
                   g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* For the owner (sc-media-recorder.h)                                  */

ScMediaRecorder *
_sc_media_recorder_new (const char                 *path,
                        GMainContext               *owner,
                        ScMediaRecorderFailedFunc   failed,
                        gpointer                    user_data,
                        GError                    **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstAppSrc) src = NULL;
  g_autoptr(GstBus) bus = NULL;
  ScMediaRecorder *self;
  gboolean created;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (owner != NULL, NULL);
  g_return_val_if_fail (failed != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The engine initialized it already; idempotent. */
  if (!gst_init_check (NULL, NULL, NULL))
    {
      g_set_error (error, SC_ERROR, SC_ERROR_MEDIA,
                   "Media error: GStreamer cannot be initialized");
      return NULL;
    }
  if (!check_writable (path, &created, error))
    return NULL;
  pipeline = build_pipeline (path, &src, error);
  if (pipeline == NULL)
    {
      if (created)
        g_unlink (path);
      return NULL;
    }
  bus = gst_element_get_bus (pipeline);

  /* Non-live: it goes on to PLAYING once the first frame prerolls the
   * sink; what fails at once (the file) fails here. */
  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
      g_autoptr(GError) gst_error = NULL;

      if (message != NULL)
        gst_message_parse_error (message, &gst_error, NULL);
      g_set_error (error, SC_ERROR, SC_ERROR_MEDIA,
                   "Media error: cannot record to “%s”: %s", path,
                   gst_error != NULL ? gst_error->message : "the pipeline does not start");
      gst_element_set_state (pipeline, GST_STATE_NULL);
      if (created)
        g_unlink (path);
      return NULL;
    }

  self = g_new0 (ScMediaRecorder, 1);
  self->path = g_strdup (path);
  self->pipeline = g_steal_pointer (&pipeline);
  self->src = g_steal_pointer (&src);
  self->bus = g_steal_pointer (&bus);
  self->failed = failed;
  self->user_data = user_data;
  self->start_us = g_get_monotonic_time ();
  self->watch = gst_bus_create_watch (self->bus);
  g_source_set_callback (self->watch, G_SOURCE_FUNC (bus_cb), self, NULL);
  g_source_attach (self->watch, owner);
  g_debug ("Recording to %s", path);
  return self;
}

gboolean
_sc_media_recorder_finish (ScMediaRecorder *self)
{
  static const gint16 silence[SAMPLES] = { 0 };
  g_autoptr(GstMessage) message = NULL;
  guint64 tick;

  g_return_val_if_fail (self != NULL, FALSE);

  /* From here on this thread alone reads the bus. */
  g_source_destroy (self->watch);
  if (self->has_failed)
    return FALSE;

  /* Silence up to now when nothing was mixed lately; at least a frame,
   * so that the file has a format. */
  tick = tick_at (self, g_get_monotonic_time ());
  if (self->n_pushed == 0 || tick > self->next_tick + GAP_TICKS)
    push_frame (self, silence, MAX (tick, self->next_tick));

  gst_app_src_end_of_stream (self->src);
  message = gst_bus_timed_pop_filtered (self->bus, FINISH_TIMEOUT,
                                        GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_debug ("Recorded %s: %" G_GUINT64_FORMAT " frames, %" G_GUINT64_FORMAT
           " dropped%s", self->path, self->n_pushed, self->n_dropped,
           message == NULL ? ", not finished in time" :
           GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR ? ", failed" : "");
  return message != NULL && GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS;
}

void
_sc_media_recorder_free (ScMediaRecorder *self)
{
  g_return_if_fail (self != NULL);

  g_source_destroy (self->watch);
  g_source_unref (self->watch);
  gst_element_set_state (self->pipeline, GST_STATE_NULL);
  gst_object_unref (self->src);
  gst_object_unref (self->bus);
  gst_object_unref (self->pipeline);
  g_free (self->path);
  g_free (self);
}
