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

#include <sessioncore/sessioncore.h>

#include <glib-unix.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define SHUTDOWN_TIMEOUT_S 20

typedef struct {
  guint    conf;
  guint    index;
  gboolean joined;
} Participant;

typedef struct {
  GMainLoop              *loop;
  ScServerSessionManager *server;
  ScSessionManager       *manager;      /* owned by server */
  ScConferenceManager    *conferences;  /* owned by server */
  guint                   max_participants;
  gboolean                quiet;
  gboolean                shutting_down;
  guint                   watchdog_id;

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

static guint64
mono_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (guint64) ts.tv_sec * G_GUINT64_CONSTANT (1000000000) + (guint64) ts.tv_nsec;
}

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

  if (participant == NULL || participant->joined || server->shutting_down)
    return;
  conf_id = g_strdup_printf ("conf-%u", participant->conf);
  if (!ensure_conference (server, conf_id))
    {
      server->join_errors++;
      return;
    }
  start = mono_ns ();
  info = sc_conference_manager_join_conference (server->conferences, conf_id, id, &error);
  elapsed = mono_ns () - start;
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

static int
compare_u64 (gconstpointer a,
             gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *samples,
            double  fraction,
            double  unit)
{
  guint rank;

  if (samples->len == 0)
    return 0;
  rank = (guint) (fraction * samples->len + 0.999999);
  rank = CLAMP (rank, 1, samples->len);
  return g_array_index (samples, guint64, rank - 1) / unit;
}

static guint
count_threads (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  guint n = 0;

  if (dir == NULL)
    return 0;
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static guint64
vmrss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmRSS:");
  return line ? g_ascii_strtoull (line + 6, NULL, 10) : 0;
}

static void
print_report (Server *server)
{
  struct rusage usage;

  g_array_sort (server->join_ns, compare_u64);
  getrusage (RUSAGE_SELF, &usage);
  g_print ("conference: calls=%" G_GUINT64_FORMAT " unmatched=%" G_GUINT64_FORMAT
           " conferences=%" G_GUINT64_FORMAT " create_errors=%" G_GUINT64_FORMAT
           " joins=%" G_GUINT64_FORMAT " join_errors=%" G_GUINT64_FORMAT
           " join_us_p50=%.1f join_us_p99=%.1f join_us_max=%.1f"
           " leaves=%" G_GUINT64_FORMAT " leave_errors=%" G_GUINT64_FORMAT
           " cpu_user_s=%.3f cpu_sys_s=%.3f threads=%u vmrss_kb=%" G_GUINT64_FORMAT "\n",
           server->calls, server->unmatched, server->created, server->create_errors,
           server->joins, server->join_errors,
           percentile (server->join_ns, 0.50, 1e3), percentile (server->join_ns, 0.99, 1e3),
           percentile (server->join_ns, 1.0, 1e3),
           server->leaves, server->leave_errors,
           usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6,
           usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6,
           count_threads (), vmrss_kb ());
  fflush (stdout);
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
watchdog_cb (gpointer user_data)
{
  Server *server = user_data;

  server->watchdog_id = 0;
  g_printerr ("shutdown did not finish in %d s; leaving\n", SHUTDOWN_TIMEOUT_S);
  g_main_loop_quit (server->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
signal_cb (gpointer user_data)
{
  Server *server = user_data;

  if (server->shutting_down)
    {
      g_main_loop_quit (server->loop);
      return G_SOURCE_REMOVE;
    }
  server->shutting_down = TRUE;
  print_report (server);
  server->watchdog_id = g_timeout_add_seconds (SHUTDOWN_TIMEOUT_S, watchdog_cb, server);
  sc_session_manager_shutdown_async (server->manager, NULL, shutdown_done_cb, server);
  return G_SOURCE_CONTINUE;
}

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

  raise_fd_limit ();
  bind = strchr (address, ':') ? g_strdup_printf ("[%s]:%d", address, port)
                               : g_strdup_printf ("%s:%d", address, port);
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
  server.manager = sc_server_session_manager_get_session_manager (server.server);
  server.conferences = sc_server_session_manager_get_conference_manager (server.server);
  server.max_participants = (guint) max_participants;

  server.loop = g_main_loop_new (NULL, FALSE);
  server.quiet = quiet;
  server.participants = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  server.join_ns = g_array_new (FALSE, FALSE, sizeof (guint64));

  g_signal_connect (server.manager, "incoming-call", G_CALLBACK (incoming_call_cb), &server);
  g_signal_connect (server.manager, "call-established", G_CALLBACK (call_established_cb), &server);
  g_signal_connect (server.manager, "call-ended", G_CALLBACK (call_ended_cb), &server);
  g_unix_signal_add (SIGINT, signal_cb, &server);
  g_unix_signal_add (SIGTERM, signal_cb, &server);

  g_print ("listening on %s\n", sc_session_manager_get_bound_address (server.manager));
  fflush (stdout);
  g_main_loop_run (server.loop);

  g_clear_handle_id (&server.watchdog_id, g_source_remove);
  g_hash_table_unref (server.participants);
  g_array_unref (server.join_ns);
  g_clear_object (&server.server);
  g_main_loop_unref (server.loop);
  return 0;
}
