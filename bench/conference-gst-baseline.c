/* conference-gst-baseline.c - the naive baseline of the conference
 * benchmark: mix-minus with GStreamer alone, one audiomixer per participant.
 *
 * No SIP: plain RTP with ports agreed on the command line, as
 * bench/conference-load.c --mode plain expects them.  Participant
 * g = k × N + i (conference k, participant i) sends to 127.0.0.1:
 * --base-port + g and receives what it hears on 127.0.0.1:
 * --peer-base-port + g.
 *
 * One pipeline per conference, built the way one would with GStreamer and
 * nothing else:
 *
 *   for each participant j (its audio, decoded once):
 *     udpsrc address=127.0.0.1 port=BASE+g(j) caps=application/x-rtp,...PCMU
 *       ! rtppcmudepay ! mulawdec ! tee name=t_j allow-not-linked=true
 *   for each participant j (what it hears):
 *     audiomixer name=m_j output-buffer-duration=20000000
 *       ! mulawenc ! rtppcmupay ! udpsink host=127.0.0.1 port=PEER+g(j)
 *                                        sync=false async=false
 *   and t_i ! m_j for every i != j
 *
 * so each conference has N mixers of N - 1 inputs: O(N²) mixing and buffer
 * passing, the naive mix-minus.  No queue after the tees (a queue per
 * branch would be N² more threads): each udpsrc streaming thread pushes
 * its decoded frame into N - 1 mixers itself, and each audiomixer's source
 * task mixes and sends.  So 2 threads per participant.  No jitterbuffer,
 * no RTCP (sessioncore's mixer does have a small jitter FIFO and RTCP):
 * the baseline is, if anything, favoured.
 *
 * Usage: conference-gst-baseline --conferences C --participants N
 *            --base-port P --peer-base-port Q
 *   Prints "listening on 127.0.0.1:P" once every pipeline is PLAYING (its
 *   udpsrc sockets bound).  On SIGTERM/SIGINT it prints one line
 *     baseline: conferences=… participants=… mixers=… mixer_inputs=…
 *               setup_s=… errors=… cpu_user_s=… cpu_sys_s=… threads=…
 *               vmrss_kb=…
 *   then stops the pipelines and exits.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bench-util.h"

#include <glib-unix.h>
#include <gst/gst.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
  GMainLoop   *loop;
  GstElement **pipelines;
  guint        n_confs;
  guint        per_conf;
  guint        base_port;
  guint        peer_base_port;
  guint64      mixer_inputs;
  double       setup_s;
  gint         errors;          /* atomic: from streaming threads */
  gboolean     reported;
} Baseline;

static GstElement *
make (GstElement *bin,
      const char *factory,
      const char *name)
{
  GstElement *element = gst_element_factory_make (factory, name);

  if (element == NULL)
    {
      g_printerr ("conference-gst-baseline: no element %s (gstreamer1.0-plugins-base/good)\n", factory);
      exit (2);
    }
  gst_bin_add (GST_BIN (bin), element);
  return element;
}

static GstBusSyncReply
bus_sync_cb (GstBus     *bus,
             GstMessage *message,
             gpointer    user_data)
{
  Baseline *baseline = user_data;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *debug = NULL;

      gst_message_parse_error (message, &error, &debug);
      if (g_atomic_int_add (&baseline->errors, 1) < 5)
        g_printerr ("conference-gst-baseline: %s: %s\n", GST_OBJECT_NAME (message->src),
                    error->message);
    }
  gst_message_unref (message);
  return GST_BUS_DROP;
}

static GstElement *
build_conference (Baseline *baseline,
                  guint     k)
{
  guint n = baseline->per_conf;
  g_autofree char *name = g_strdup_printf ("conf-%u", k);
  GstElement *pipeline = gst_pipeline_new (name);
  g_autofree GstElement **tees = g_new0 (GstElement *, n);
  g_autofree GstElement **mixers = g_new0 (GstElement *, n);
  g_autoptr(GstCaps) rtp_caps = gst_caps_from_string (
    "application/x-rtp,media=audio,clock-rate=8000,encoding-name=PCMU,payload=0");
  g_autoptr(GstBus) bus = NULL;

  for (guint j = 0; j < n; j++)
    {
      guint g = k * n + j;
      GstElement *src, *depay, *dec, *enc, *pay, *sink;

      src = make (pipeline, "udpsrc", NULL);
      g_object_set (src, "address", "127.0.0.1", "port", (int) (baseline->base_port + g),
                    "caps", rtp_caps, NULL);
      depay = make (pipeline, "rtppcmudepay", NULL);
      dec = make (pipeline, "mulawdec", NULL);
      tees[j] = make (pipeline, "tee", NULL);
      g_object_set (tees[j], "allow-not-linked", TRUE, NULL);
      if (!gst_element_link_many (src, depay, dec, tees[j], NULL))
        return NULL;

      mixers[j] = make (pipeline, "audiomixer", NULL);
      g_object_set (mixers[j], "output-buffer-duration", (guint64) 20 * GST_MSECOND, NULL);
      enc = make (pipeline, "mulawenc", NULL);
      pay = make (pipeline, "rtppcmupay", NULL);
      sink = make (pipeline, "udpsink", NULL);
      g_object_set (sink, "host", "127.0.0.1", "port", (int) (baseline->peer_base_port + g),
                    "sync", FALSE, "async", FALSE, NULL);
      if (!gst_element_link_many (mixers[j], enc, pay, sink, NULL))
        return NULL;
    }
  /* Mix-minus: every mixer gets every other participant. */
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      {
        if (i == j)
          continue;
        g_autoptr(GstPad) out = gst_element_request_pad_simple (tees[i], "src_%u");
        g_autoptr(GstPad) in = gst_element_request_pad_simple (mixers[j], "sink_%u");

        if (out == NULL || in == NULL || GST_PAD_LINK_FAILED (gst_pad_link (out, in)))
          return NULL;
        baseline->mixer_inputs++;
      }
  bus = gst_element_get_bus (pipeline);
  gst_bus_set_sync_handler (bus, bus_sync_cb, baseline, NULL);
  return pipeline;
}

static gboolean
signal_cb (gpointer user_data)
{
  Baseline *baseline = user_data;
  double user_s, sys_s;

  if (!baseline->reported)
    {
      baseline->reported = TRUE;
      bench_cpu_times (&user_s, &sys_s);
      g_print ("baseline: conferences=%u participants=%u mixers=%u mixer_inputs=%" G_GUINT64_FORMAT
               " setup_s=%.3f errors=%d cpu_user_s=%.3f cpu_sys_s=%.3f threads=%u vmrss_kb=%" G_GUINT64_FORMAT "\n",
               baseline->n_confs, baseline->n_confs * baseline->per_conf,
               baseline->n_confs * baseline->per_conf, baseline->mixer_inputs,
               baseline->setup_s, g_atomic_int_get (&baseline->errors), user_s, sys_s,
               bench_count_threads (), bench_vmrss_kb ());
      fflush (stdout);
    }
  g_main_loop_quit (baseline->loop);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  int confs = 1, per_conf = 0, base_port = 0, peer_base_port = 0;
  GOptionEntry entries[] = {
    { "conferences", 'c', 0, G_OPTION_ARG_INT, &confs, "Conferences (default 1)", "C" },
    { "participants", 'n', 0, G_OPTION_ARG_INT, &per_conf, "Participants per conference", "N" },
    { "base-port", 0, 0, G_OPTION_ARG_INT, &base_port, "Participant g sends to this port + g", "P" },
    { "peer-base-port", 0, 0, G_OPTION_ARG_INT, &peer_base_port, "Participant g receives on this port + g", "Q" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("- naive GStreamer mix-minus (bench/README.md)");
  g_autoptr(GError) error = NULL;
  Baseline baseline = { 0 };
  guint64 start;

  g_option_context_add_main_entries (options, entries, NULL);
  g_option_context_add_group (options, gst_init_get_option_group ());
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (confs <= 0 || per_conf < 2 || base_port <= 0 || peer_base_port <= 0 ||
      base_port + confs * per_conf > 65536 || peer_base_port + confs * per_conf > 65536)
    {
      g_printerr ("usage: conference-gst-baseline --conferences C --participants N"
                  " --base-port P --peer-base-port Q\n");
      return 2;
    }
  gst_init (NULL, NULL);
  bench_raise_fd_limit ();

  baseline.loop = g_main_loop_new (NULL, FALSE);
  baseline.n_confs = (guint) confs;
  baseline.per_conf = (guint) per_conf;
  baseline.base_port = (guint) base_port;
  baseline.peer_base_port = (guint) peer_base_port;
  baseline.pipelines = g_new0 (GstElement *, baseline.n_confs);

  start = bench_mono_ns ();
  for (guint k = 0; k < baseline.n_confs; k++)
    {
      baseline.pipelines[k] = build_conference (&baseline, k);
      if (baseline.pipelines[k] == NULL)
        {
          g_printerr ("conference-gst-baseline: cannot build conference %u\n", k);
          return 1;
        }
      if (gst_element_set_state (baseline.pipelines[k], GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
        {
          g_printerr ("conference-gst-baseline: conference %u does not start (port in use?)\n", k);
          return 1;
        }
    }
  for (guint k = 0; k < baseline.n_confs; k++)
    if (gst_element_get_state (baseline.pipelines[k], NULL, NULL, 10 * GST_SECOND) ==
        GST_STATE_CHANGE_FAILURE)
      {
        g_printerr ("conference-gst-baseline: conference %u failed to reach PLAYING\n", k);
        return 1;
      }
  baseline.setup_s = (bench_mono_ns () - start) / 1e9;

  g_unix_signal_add (SIGINT, signal_cb, &baseline);
  g_unix_signal_add (SIGTERM, signal_cb, &baseline);
  g_print ("listening on 127.0.0.1:%d (%u conferences of %u, %" G_GUINT64_FORMAT
           " mixer inputs, set up in %.3f s)\n",
           base_port, baseline.n_confs, baseline.per_conf, baseline.mixer_inputs, baseline.setup_s);
  fflush (stdout);
  g_main_loop_run (baseline.loop);

  for (guint k = 0; k < baseline.n_confs; k++)
    {
      gst_element_set_state (baseline.pipelines[k], GST_STATE_NULL);
      gst_object_unref (baseline.pipelines[k]);
    }
  g_free (baseline.pipelines);
  g_main_loop_unref (baseline.loop);
  return 0;
}
