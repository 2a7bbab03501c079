/* conference-server.c - the sessioncore target of the conference benchmark.
 *
 * A server built with sc_create_full_server_manager() that accepts every
 * call.  The To user of each INVITE says where it belongs: `conf-<k>-<i>`
 * is participant i of conference k (as bench/conference-load.c places
 * them).  As soon as a call is established it joins conference "conf-<k>"
 * of the server's conference manager, which is created on first use
 * (sc_conference_manager_create_named_conference, --max-participants per
 * conference, audio mixing on).  All mixing is sessioncore's mix-minus
 * mixer in its one media thread.  When a call ends it leaves its
 * conference (if the manager has not removed it already).
 *
 * It measures the time spent inside sc_conference_manager_join_conference()
 * (CLOCK_MONOTONIC around the call), per join.
 *
 * Usage: conference-server [--address IP] [--port N] [--max-sessions N]
 *                          [--max-participants N] [--quiet]
 *   Prints "listening on IP:PORT" when ready (PORT is the port bound, so
 *   --port 0 works).  On SIGTERM/SIGINT it prints one line
 *     conference: calls=… unmatched=… conferences=… create_errors=… joins=…
 *                 join_errors=… join_us_p50=… join_us_p99=… join_us_max=…
 *                 leaves=… leave_errors=… cpu_user_s=… cpu_sys_s=…
 *                 threads=… vmrss_kb=…
 *   then shuts the session manager down (BYE to every call) and exits.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bench-server.h"
#include "bench-util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHUTDOWN_TIMEOUT_S 20

typedef struct {
  guint    conf;
  guint    index;
  gboolean joined;
} Participant;

typedef struct {
  BenchServer             run;
  ScServerSessionManager *server;
  ScConferenceManager    *conferences;  /* owned by server */
  guint                   max_participants;
  gboolean                quiet;

  GHashTable             *participants; /* session id -> Participant */

  guint64                 calls;
  guint64                 unmatched;    /* To user not conf-k-i */
  guint64                 created;
  guint64                 create_errors;
  guint64                 joins;
  guint64                 join_errors;
  guint64                 leaves;
  guint64                 leave_errors;
  GArray                 *join_ns;      /* guint64: time inside join_conference () */
} Server;

/* "conf-3-12" -> 3, 12 (from the To URI, parsed by sessioncore). */
static gboolean
parse_participant (const char  *to,
                   Participant *participant)
{
  g_autoptr(ScCallerInfo) info = NULL;
  g_autofree char *user = NULL;
  g_auto(GStrv) parts = NULL;
  guint64 conf, index;

  if (to == NULL)
    return FALSE;
  info = sc_caller_info_new (to, to);
  user = sc_caller_info_from_username (info);
  if (user == NULL || !g_str_has_prefix (user, "conf-"))
    return FALSE;
  parts = g_strsplit (user + strlen ("conf-"), "-", 3);
  if (g_strv_length (parts) != 2 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 0, G_MAXUINT, &conf, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 0, G_MAXUINT, &index, NULL))
    return FALSE;
  participant->conf = (guint) conf;
  participant->index = (guint) index;
  participant->joined = FALSE;
  return TRUE;
}

static gboolean
ensure_conference (Server     *server,
                   const char *conf_id)
{
  g_autoptr(ScConferenceConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  if (sc_conference_manager_conference_exists (server->conferences, conf_id))
    return TRUE;
  config = sc_conference_config_new ();
  sc_conference_config_set_name (config, conf_id);
  sc_conference_config_set_max_participants (config, server->max_participants);
  sc_conference_config_set_audio_mixing_enabled (config, TRUE);
  if (!sc_conference_manager_create_named_conference (server->conferences, conf_id, config, &error))
    {
      if (server->create_errors++ < 5)
        g_printerr ("cannot create %s: %s\n", conf_id, error->message);
      return FALSE;
    }
  server->created++;
  if (!server->quiet)
    g_print ("%s created\n", conf_id);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Signals                                                              */

static ScCallDecision *
incoming_call_cb (ScSessionManager *manager,
                  ScIncomingCall   *call,
                  Server           *server)
{
  Participant participant;

  server->calls++;
  if (parse_participant (sc_incoming_call_get_to (call), &participant))
    g_hash_table_replace (server->participants, g_strdup (sc_incoming_call_get_id (call)),
                          g_memdup2 (&participant, sizeof participant));
  else
    server->unmatched++;
  return sc_call_decision_accept (NULL);
}

static void
call_established_cb (ScSessionManager *manager,
                     ScCallSession    *session,
                     const char       *local_sdp,
                     const char       *remote_sdp,
                     Server           *server)
{
  const char *id = sc_call_session_get_id (session);
  Participant *participant = g_hash_table_lookup (server->participants, id);
  g_autofree char *conf_id = NULL;
  g_autoptr(ScParticipantInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  guint64 start, elapsed;

  if (participant == NULL || participant->joined || server->run.shutting_down)
    return;
  conf_id = g_strdup_printf ("conf-%u", participant->conf);
  if (!ensure_conference (server, conf_id))
    {
      server->join_errors++;
      return;
    }
  start = bench_mono_ns ();
  info = sc_conference_manager_join_conference (server->conferences, conf_id, id, &error);
  elapsed = bench_mono_ns () - start;
  if (info == NULL)
    {
      if (server->join_errors++ < 5)
        g_printerr ("%s: cannot join %s: %s\n", id, conf_id, error->message);
      return;
    }
  participant->joined = TRUE;
  server->joins++;
  g_array_append_val (server->join_ns, elapsed);
  if (!server->quiet)
    g_print ("%s joined %s as participant %u (%.1f us)\n", id, conf_id, participant->index,
             elapsed / 1e3);
}

static void
call_ended_cb (ScSessionManager *manager,
               ScCallSession    *session,
               const char       *reason,
               Server           *server)
{
  const char *id = sc_call_session_get_id (session);
  Participant *participant = g_hash_table_lookup (server->participants, id);

  if (participant == NULL)
    return;
  if (participant->joined)
    {
      g_autofree char *conf_id = sc_conference_manager_get_session_conference (server->conferences, id, NULL);
      g_autoptr(GError) error = NULL;

      /* The manager may have removed an ended call by itself already. */
      if (conf_id == NULL)
        ;
      else if (sc_conference_manager_leave_conference (server->conferences, conf_id, id, &error))
        server->leaves++;
      else if (server->leave_errors++ < 5)
        g_printerr ("%s: cannot leave %s: %s\n", id, conf_id, error->message);
    }
  g_hash_table_remove (server->participants, id);
}

/* ------------------------------------------------------------------ */
/* Report and shutdown                                                  */

static void
print_report (gpointer user_data)
{
  Server *server = user_data;
  double user_s, sys_s;

  bench_sort_u64 (server->join_ns);
  bench_cpu_times (&user_s, &sys_s);
  g_print ("conference: calls=%" G_GUINT64_FORMAT " unmatched=%" G_GUINT64_FORMAT
           " conferences=%" G_GUINT64_FORMAT " create_errors=%" G_GUINT64_FORMAT
           " joins=%" G_GUINT64_FORMAT " join_errors=%" G_GUINT64_FORMAT
           " join_us_p50=%.1f join_us_p99=%.1f join_us_max=%.1f"
           " leaves=%" G_GUINT64_FORMAT " leave_errors=%" G_GUINT64_FORMAT
           " cpu_user_s=%.3f cpu_sys_s=%.3f threads=%u vmrss_kb=%" G_GUINT64_FORMAT "\n",
           server->calls, server->unmatched, server->created, server->create_errors,
           server->joins, server->join_errors,
           bench_percentile (server->join_ns, 0.50, 1e3), bench_percentile (server->join_ns, 0.99, 1e3),
           bench_percentile (server->join_ns, 1.0, 1e3),
           server->leaves, server->leave_errors, user_s, sys_s,
           bench_count_threads (), bench_vmrss_kb ());
  fflush (stdout);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *address = g_strdup ("127.0.0.1");
  int port = 5060, max_sessions = 1100, max_participants = 100;
  gboolean quiet = FALSE;
  GOptionEntry entries[] = {
    { "address", 'a', 0, G_OPTION_ARG_STRING, &address, "IP address to listen on (default 127.0.0.1)", "IP" },
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "SIP port (default 5060, 0 for any)", "PORT" },
    { "max-sessions", 'm', 0, G_OPTION_ARG_INT, &max_sessions, "Most concurrent calls (default 1100)", "N" },
    { "max-participants", 0, 0, G_OPTION_ARG_INT, &max_participants, "Participants per conference (default 100)", "N" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Do not log each join", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("- accept every call, join conf-k-i to conference conf-k");
  g_autoptr(GError) error = NULL;
  g_autoptr(ScServerConfig) config = NULL;
  g_autofree char *bind = NULL;
  Server server = { 0 };

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (port < 0 || port > 65535 || max_sessions <= 0 || max_participants <= 0)
    {
      g_printerr ("invalid --port, --max-sessions or --max-participants\n");
      return 2;
    }

  bench_raise_fd_limit ();
  bind = bench_server_bind_address (address, port);
  config = sc_server_config_new ();
  sc_server_config_set_bind_address (config, bind);
  sc_server_config_set_max_sessions (config, (guint) max_sessions);
  sc_server_config_set_server_name (config, "conference-server");
  server.server = sc_create_full_server_manager (NULL, config, &error);
  if (server.server == NULL)
    {
      g_printerr ("cannot start: %s\n", error->message);
      return 1;
    }
  server.run.manager = sc_server_session_manager_get_session_manager (server.server);
  server.conferences = sc_server_session_manager_get_conference_manager (server.server);
  server.max_participants = (guint) max_participants;

  server.run.loop = g_main_loop_new (NULL, FALSE);
  server.run.watchdog_s = SHUTDOWN_TIMEOUT_S;
  server.run.report = print_report;
  server.run.user_data = &server;
  server.quiet = quiet;
  server.participants = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  server.join_ns = g_array_new (FALSE, FALSE, sizeof (guint64));

  g_signal_connect (server.run.manager, "incoming-call", G_CALLBACK (incoming_call_cb), &server);
  g_signal_connect (server.run.manager, "call-established", G_CALLBACK (call_established_cb), &server);
  g_signal_connect (server.run.manager, "call-ended", G_CALLBACK (call_ended_cb), &server);

  bench_server_run (&server.run);

  g_hash_table_unref (server.participants);
  g_array_unref (server.join_ns);
  g_clear_object (&server.server);
  g_main_loop_unref (server.run.loop);
  return 0;
}
