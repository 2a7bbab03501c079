/* sessioncore-server.c: the main job — a call-centre SIP server that
 * answers every call
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 *   sessioncore-server [--address 127.0.0.1] [--port 5060] [--no-media]
 *                      [--max-sessions 1000] [--tcp-idle-timeout 300]
 *                      [--max-connections-per-peer 64]
 *
 * It listens on 127.0.0.1:5060 by default, accepts every incoming call with
 * an SDP answer, logs the start and the end of each call, and shuts down
 * cleanly (hanging up every call) on Ctrl-C or SIGTERM.
 */

#include <sessioncore/sessioncore.h>

#include <glib-unix.h>
#include <stdio.h>
#include <sys/resource.h>

typedef struct {
  GMainLoop *loop;
  gboolean   quiet;
  gboolean   media;
  guint64    calls;
} Server;

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
  server->calls++;
  if (!server->quiet)
    g_print ("call started: %s %s -> %s (Call-ID %s)\n",
             sc_call_session_get_id (session),
             sc_call_session_get_from (session),
             sc_call_session_get_to (session),
             sc_call_session_get_sip_call_id (session));
}

static void
call_ended_cb (ScSessionManager *manager,
               ScCallSession    *session,
               const char       *reason,
               Server           *server)
{
  g_autoptr(ScMediaInfo) media = NULL;

  if (server->quiet)
    return;
  /* The call's media is still there while call-ended runs. */
  media = sc_session_manager_get_media_info (manager, sc_call_session_get_id (session), NULL);
  if (media != NULL && server->media)
    g_print ("call ended: %s %s (%s); RTP sent %" G_GUINT64_FORMAT
             " received %" G_GUINT64_FORMAT " lost %" G_GUINT64_FORMAT
             " jitter %.1f ms\n", sc_call_session_get_id (session),
             sc_call_state_to_string (sc_call_session_get_state (session)),
             reason, sc_media_info_get_packets_sent (media),
             sc_media_info_get_packets_received (media),
             sc_media_info_get_packets_lost (media),
             sc_media_info_get_jitter_ms (media));
  else
    g_print ("call ended: %s %s (%s)\n", sc_call_session_get_id (session),
             sc_call_state_to_string (sc_call_session_get_state (session)),
             reason);
}

static void
shutdown_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Server *server = user_data;
  g_autoptr(GError) error = NULL;

  if (!sc_session_manager_shutdown_finish (SC_SESSION_MANAGER (source), result, &error))
    g_printerr ("shutdown: %s\n", error->message);
  g_main_loop_quit (server->loop);
}

static gboolean
signal_cb (gpointer user_data)
{
  ScSessionManager *manager = user_data;
  Server *server = g_object_get_data (G_OBJECT (manager), "server");

  g_print ("shutting down after %" G_GUINT64_FORMAT " calls\n", server->calls);
  sc_session_manager_shutdown_async (manager, NULL, shutdown_done_cb, server);
  return G_SOURCE_REMOVE;
}

/* Each call may hold two RTP sockets: lift the soft descriptor limit to
 * the hard one, as call servers do, so a thousand calls fit. */
static void
raise_fd_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *address = NULL;   /* GOption would leak a default here */
  int port = 5060;
  int max_sessions = 1000;
  int tcp_idle_timeout = 300;
  int max_connections_per_peer = 64;
  gboolean no_media = FALSE;
  gboolean quiet = FALSE;
  GOptionEntry entries[] = {
    { "address", 'a', 0, G_OPTION_ARG_STRING, &address, "IP address to listen on (default 127.0.0.1)", "IP" },
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "SIP port (default 5060, 0 for any)", "PORT" },
    { "max-sessions", 'm', 0, G_OPTION_ARG_INT, &max_sessions, "Most concurrent calls (default 1000)", "N" },
    { "tcp-idle-timeout", 0, 0, G_OPTION_ARG_INT, &tcp_idle_timeout, "Close TCP connections idle this long (default 300 s, 0 never)", "S" },
    { "max-connections-per-peer", 0, 0, G_OPTION_ARG_INT, &max_connections_per_peer, "Most TCP connections from one address (default 64, 0 any)", "N" },
    { "no-media", 0, 0, G_OPTION_ARG_NONE, &no_media, "Signalling only: open no RTP sockets", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Do not log each call", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("- answer every SIP call");
  g_autoptr(GError) error = NULL;
  g_autoptr(ScSessionManagerBuilder) builder = NULL;
  g_autoptr(ScSessionManager) manager = NULL;
  g_autofree char *bind = NULL;
  Server server = { 0 };

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (port < 0 || port > 65535 || max_sessions <= 0 || tcp_idle_timeout < 0 ||
      max_connections_per_peer < 0)
    {
      g_printerr ("invalid --port, --max-sessions, --tcp-idle-timeout or "
                  "--max-connections-per-peer\n");
      return 2;
    }

  if (address == NULL)
    address = g_strdup ("127.0.0.1");
  raise_fd_limit ();
  bind = strchr (address, ':') ? g_strdup_printf ("[%s]:%d", address, port)
                               : g_strdup_printf ("%s:%d", address, port);
  builder = sc_session_manager_builder_new ();
  sc_session_manager_builder_with_local_bind_addr (builder, bind);
  sc_session_manager_builder_with_max_sessions (builder, (guint) max_sessions);
  sc_session_manager_builder_with_media_enabled (builder, !no_media);
  sc_session_manager_builder_with_tcp_idle_timeout (builder, (guint) tcp_idle_timeout);
  sc_session_manager_builder_with_max_connections_per_peer (builder, (guint) max_connections_per_peer);
  sc_session_manager_builder_with_domain (builder, "sessioncore-server");

  manager = sc_session_manager_builder_build (builder, &error);
  if (manager == NULL)
    {
      g_printerr ("cannot start: %s\n", error->message);
      return 1;
    }

  server.loop = g_main_loop_new (NULL, FALSE);
  server.quiet = quiet;
  server.media = !no_media;
  g_object_set_data (G_OBJECT (manager), "server", &server);
  g_signal_connect (manager, "incoming-call", G_CALLBACK (incoming_call_cb), &server);
  g_signal_connect (manager, "call-established", G_CALLBACK (call_established_cb), &server);
  g_signal_connect (manager, "call-ended", G_CALLBACK (call_ended_cb), &server);
  g_unix_signal_add (SIGINT, signal_cb, manager);
  g_unix_signal_add (SIGTERM, signal_cb, manager);

  g_print ("listening on %s\n", sc_session_manager_get_bound_address (manager));
  fflush (stdout);
  g_main_loop_run (server.loop);
  g_main_loop_unref (server.loop);
  return 0;
}
