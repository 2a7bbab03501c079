/* media-naive-server.c - the naive baseline of the sessioncore media
 * benchmark: one GStreamer pipeline per call.
 *
 * SIP is sessioncore's (a session manager built with media disabled, so
 * its media engine never starts and its port pool only hands out port
 * numbers without binding them); it answers every call exactly like
 * examples/sessioncore-server.  Media is done the way an application
 * without a media engine would do it: when a call is established, this
 * program binds the RTP port the answer SDP announced
 * (ScMediaInfo local_rtp_port) and starts one pipeline for the call:
 *
 *   udpsrc socket=S caps=application/x-rtp,...,encoding-name=PCMU
 *     ! rtpjitterbuffer ! rtppcmudepay ! mulawdec ! fakesink
 *   audiotestsrc wave=silence is-live=true samplesperbuffer=160
 *     ! audio/x-raw,rate=8000,channels=1 ! mulawenc ! rtppcmupay
 *     ! udpsink socket=S host=<SDP c= address> port=<SDP m= port>
 *
 * (alawenc/rtppcmapay/... when PCMA was negotiated).  Both halves share
 * the one socket S, so RTP is symmetric like sessioncore's: the caller
 * receives from the port it sends to.  No RTCP (sessioncore's engine does
 * send and read RTCP, so this baseline does slightly less work).  The
 * pipeline is stopped and freed when the call ends.
 *
 * Usage: media-naive-server [--address IP] [--port N] [--max-sessions N]
 *                           [--media-ports FIRST-LAST] [--quiet]
 *   Prints "listening on IP:PORT" when ready.  On SIGINT/SIGTERM it hangs
 *   up every call, shuts down and prints
 *   "media: pipelines=P bind_errors=B pipeline_errors=E rx_packets=R tx_packets=T"
 *   where R and T are the RTP packets its pipelines received and sent
 *   (counted by pad probes on udpsrc and udpsink).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bench-server.h"
#include "bench-util.h"

#include <gst/gst.h>
#include <gst/sdp/sdp.h>
#include <stdio.h>

typedef struct {
  BenchServer       run;
  char             *address;
  gboolean          quiet;
  GHashTable       *calls;         /* session id -> NaiveCall */
  guint64           pipelines;
  guint64           bind_errors;
  guint64           setup_errors;
  gint              pipeline_errors;  /* atomic: from streaming threads */
  guint64           rx_done;       /* counters of freed calls */
  guint64           tx_done;
} Server;

typedef struct {
  Server     *server;
  GstElement *pipeline;
  GSocket    *socket;
  guint64     rx;                  /* atomic */
  guint64     tx;                  /* atomic */
} NaiveCall;

static void
naive_call_free (gpointer data)
{
  NaiveCall *call = data;

  if (call->pipeline != NULL)
    {
      gst_element_set_state (call->pipeline, GST_STATE_NULL);
      gst_object_unref (call->pipeline);
    }
  if (call->socket != NULL)
    {
      g_socket_close (call->socket, NULL);
      g_object_unref (call->socket);
    }
  call->server->rx_done += call->rx;   /* the pipeline is stopped: no more writers */
  call->server->tx_done += call->tx;
  g_free (call);
}

static GstPadProbeReturn
count_cb (GstPad          *pad,
          GstPadProbeInfo *info,
          gpointer         counter)
{
  __atomic_add_fetch ((guint64 *) counter, 1, __ATOMIC_RELAXED);
  return GST_PAD_PROBE_OK;
}

static void
add_counter (GstElement *pipeline,
             const char *element,
             const char *pad_name,
             guint64    *counter)
{
  g_autoptr(GstElement) e = gst_bin_get_by_name (GST_BIN (pipeline), element);
  g_autoptr(GstPad) pad = gst_element_get_static_pad (e, pad_name);

  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, count_cb, counter, NULL);
}

/* Errors are posted from streaming threads: count them, print the first,
 * and drop every message (no bus watch per pipeline, no queue growth). */
static GstBusSyncReply
bus_sync_cb (GstBus     *bus,
             GstMessage *message,
             gpointer    user_data)
{
  Server *server = user_data;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      if (g_atomic_int_add (&server->pipeline_errors, 1) == 0)
        {
          g_autoptr(GError) error = NULL;
          g_autofree char *debug = NULL;

          gst_message_parse_error (message, &error, &debug);
          g_printerr ("pipeline error from %s: %s (%s)\n",
                      GST_OBJECT_NAME (GST_MESSAGE_SRC (message)),
                      error->message, debug ? debug : "");
        }
    }
  return GST_BUS_DROP;
}

/* The c= address of the SDP's first audio stream (media level first). */
static char *
sdp_audio_address (const char *sdp_text)
{
  g_autoptr(GstSDPMessage) sdp = NULL;
  char *address = NULL;

  if (sdp_text == NULL ||
      gst_sdp_message_new_from_text (sdp_text, &sdp) != GST_SDP_OK)
    return NULL;
  for (guint i = 0; i < gst_sdp_message_medias_len (sdp) && address == NULL; i++)
    {
      const GstSDPMedia *media = gst_sdp_message_get_media (sdp, i);

      if (g_strcmp0 (gst_sdp_media_get_media (media), "audio") != 0)
        continue;
      if (gst_sdp_media_connections_len (media) > 0)
        address = g_strdup (gst_sdp_media_get_connection (media, 0)->address);
    }
  if (address == NULL && gst_sdp_message_get_connection (sdp) != NULL &&
      gst_sdp_message_get_connection (sdp)->address != NULL)
    address = g_strdup (gst_sdp_message_get_connection (sdp)->address);
  return address;
}

static GSocket *
bind_rtp (const char *address,
          guint       port,
          GError    **error)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) where = NULL;
  g_autoptr(GSocket) socket = NULL;

  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "not an IP address: %s", address);
      return NULL;
    }
  socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_DATAGRAM,
                         G_SOCKET_PROTOCOL_UDP, error);
  if (socket == NULL)
    return NULL;
  where = g_inet_socket_address_new (inet, (guint16) port);
  if (!g_socket_bind (socket, where, FALSE, error))
    return NULL;
  return g_steal_pointer (&socket);
}

static void
start_media (Server        *server,
             ScCallSession *session)
{
  const char *id = sc_call_session_get_id (session);
  g_autoptr(ScMediaInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *remote_address = NULL;
  g_autofree char *description = NULL;
  g_autoptr(GstElement) rx = NULL;
  g_autoptr(GstElement) tx = NULL;
  g_autoptr(GstBus) bus = NULL;
  gboolean alaw;
  guint local_port, remote_port;
  NaiveCall *call;

  info = sc_session_manager_get_media_info (server->run.manager, id, &error);
  if (info == NULL || sc_media_info_get_local_rtp_port (info) == 0 ||
      sc_media_info_get_remote_rtp_port (info) == 0 ||
      (remote_address = sdp_audio_address (sc_media_info_get_remote_sdp (info))) == NULL)
    {
      server->setup_errors++;
      g_printerr ("%s: no usable media: %s\n", id, error ? error->message : "no port or address");
      return;
    }
  local_port = sc_media_info_get_local_rtp_port (info);
  remote_port = sc_media_info_get_remote_rtp_port (info);
  alaw = g_ascii_strcasecmp (sc_media_info_get_codec (info), "PCMA") == 0;

  call = g_new0 (NaiveCall, 1);
  call->server = server;
  call->socket = bind_rtp (server->address, local_port, &error);
  if (call->socket == NULL)
    {
      if (server->bind_errors++ < 5)
        g_printerr ("%s: cannot bind RTP port %u: %s\n", id, local_port, error->message);
      naive_call_free (call);
      return;
    }

  description = g_strdup_printf (
    "udpsrc name=rx close-socket=false "
    "caps=\"application/x-rtp,media=audio,clock-rate=8000,encoding-name=%s,payload=%d\" "
    "! rtpjitterbuffer ! %s ! %s ! fakesink sync=false async=false "
    "audiotestsrc wave=silence is-live=true samplesperbuffer=160 "
    "! audio/x-raw,rate=8000,channels=1 ! %s ! %s pt=%d "
    "! udpsink name=tx close-socket=false host=%s port=%u sync=false async=false",
    alaw ? "PCMA" : "PCMU", alaw ? 8 : 0,
    alaw ? "rtppcmadepay" : "rtppcmudepay", alaw ? "alawdec" : "mulawdec",
    alaw ? "alawenc" : "mulawenc", alaw ? "rtppcmapay" : "rtppcmupay", alaw ? 8 : 0,
    remote_address, remote_port);
  call->pipeline = gst_parse_launch (description, &error);
  if (call->pipeline == NULL)
    {
      server->setup_errors++;
      g_printerr ("%s: cannot build the pipeline: %s\n", id, error->message);
      naive_call_free (call);
      return;
    }
  gst_element_set_name (call->pipeline, id);
  rx = gst_bin_get_by_name (GST_BIN (call->pipeline), "rx");
  tx = gst_bin_get_by_name (GST_BIN (call->pipeline), "tx");
  g_object_set (rx, "socket", call->socket, NULL);
  g_object_set (tx, "socket", call->socket, NULL);
  add_counter (call->pipeline, "rx", "src", &call->rx);
  add_counter (call->pipeline, "tx", "sink", &call->tx);
  bus = gst_element_get_bus (call->pipeline);
  gst_bus_set_sync_handler (bus, bus_sync_cb, server, NULL);

  if (gst_element_set_state (call->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      server->setup_errors++;
      g_printerr ("%s: the pipeline does not start\n", id);
      naive_call_free (call);
      return;
    }
  server->pipelines++;
  g_hash_table_replace (server->calls, g_strdup (id), call);
}

static ScCallDecision *
incoming_call_cb (ScSessionManager *manager,
                  ScIncomingCall   *call,
                  Server           *server)
{
  return sc_call_decision_accept (NULL);
}

static void
call_established_cb (ScSessionManager *manager,
                     ScCallSession    *session,
                     const char       *local_sdp,
                     const char       *remote_sdp,
                     Server           *server)
{
  if (!server->quiet)
    g_print ("call started: %s\n", sc_call_session_get_id (session));
  start_media (server, session);
}

static void
call_ended_cb (ScSessionManager *manager,
               ScCallSession    *session,
               const char       *reason,
               Server           *server)
{
  if (!server->quiet)
    g_print ("call ended: %s (%s)\n", sc_call_session_get_id (session), reason);
  g_hash_table_remove (server->calls, sc_call_session_get_id (session));
}

/* At the first SIGTERM/SIGINT, before the session manager shuts down. */
static void
say_shutting_down (gpointer user_data)
{
  g_print ("shutting down\n");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *address = g_strdup ("127.0.0.1");
  g_autofree char *ports = g_strdup ("10000-20000");
  int port = 5060, max_sessions = 1000;
  gboolean quiet = FALSE;
  GOptionEntry entries[] = {
    { "address", 'a', 0, G_OPTION_ARG_STRING, &address, "IP address to listen on (default 127.0.0.1)", "IP" },
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "SIP port (default 5060, 0 for any)", "PORT" },
    { "max-sessions", 'm', 0, G_OPTION_ARG_INT, &max_sessions, "Most concurrent calls (default 1000)", "N" },
    { "media-ports", 0, 0, G_OPTION_ARG_STRING, &ports, "RTP port range (default 10000-20000, as sessioncore's)", "FIRST-LAST" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Do not log each call", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("- answer every SIP call, one GStreamer pipeline per call");
  g_autoptr(GError) error = NULL;
  g_autoptr(ScSessionManagerBuilder) builder = NULL;
  g_autofree char *bind = NULL;
  guint first_port = 0, last_port = 0;
  Server server = { 0 };

  g_option_context_add_main_entries (options, entries, NULL);
  g_option_context_add_group (options, gst_init_get_option_group ());
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (port < 0 || port > 65535 || max_sessions <= 0 ||
      !bench_parse_port_range (ports, &first_port, &last_port))
    {
      g_printerr ("invalid --port, --max-sessions or --media-ports\n");
      return 2;
    }
  gst_init (NULL, NULL);

  bench_raise_fd_limit ();
  bind = bench_server_bind_address (address, port);
  builder = sc_session_manager_builder_new ();
  sc_session_manager_builder_with_local_bind_addr (builder, bind);
  sc_session_manager_builder_with_max_sessions (builder, (guint) max_sessions);
  sc_session_manager_builder_with_media_ports (builder, first_port, last_port);
  sc_session_manager_builder_with_media_enabled (builder, FALSE);
  sc_session_manager_builder_with_domain (builder, "media-naive-server");
  server.run.manager = sc_session_manager_builder_build (builder, &error);
  if (server.run.manager == NULL)
    {
      g_printerr ("cannot start: %s\n", error->message);
      return 1;
    }

  /* No watchdog: the driver kills a target that does not leave. */
  server.run.loop = g_main_loop_new (NULL, FALSE);
  server.run.report = say_shutting_down;
  server.address = address;
  server.quiet = quiet;
  server.calls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, naive_call_free);
  g_signal_connect (server.run.manager, "incoming-call", G_CALLBACK (incoming_call_cb), &server);
  g_signal_connect (server.run.manager, "call-established", G_CALLBACK (call_established_cb), &server);
  g_signal_connect (server.run.manager, "call-ended", G_CALLBACK (call_ended_cb), &server);

  bench_server_run (&server.run);

  g_hash_table_remove_all (server.calls);
  g_print ("media: pipelines=%" G_GUINT64_FORMAT " bind_errors=%" G_GUINT64_FORMAT
           " setup_errors=%" G_GUINT64_FORMAT " pipeline_errors=%d rx_packets=%"
           G_GUINT64_FORMAT " tx_packets=%" G_GUINT64_FORMAT "\n",
           server.pipelines, server.bind_errors, server.setup_errors,
           g_atomic_int_get (&server.pipeline_errors), server.rx_done, server.tx_done);
  g_hash_table_unref (server.calls);
  g_clear_object (&server.run.manager);
  g_main_loop_unref (server.run.loop);
  return 0;
}
