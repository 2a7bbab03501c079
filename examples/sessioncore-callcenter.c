/* sessioncore-callcenter.c: the main job — a ready-to-run call centre
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 *   sessioncore-callcenter [--address 127.0.0.1] [--port 5060]
 *       [--agents FILE] [--queues FILE] [--moh FILE] [--ring-timeout 15]
 *       [--wrap-up 5] [--no-agent-wait 30] [--cdr cdr.jsonl] [--quiet]
 *       [--demo]
 *
 * Agents REGISTER with digest authentication (callcenter/registrar.c);
 * customers call sip:<queue>@<address>, hear music on hold and are
 * bridged to the agent of that queue idle the longest
 * (callcenter/queue.c); every call leaves one JSON line in the CDR file
 * (callcenter/cdr.c). A status line is refreshed every second on a
 * terminal; Ctrl-C or SIGTERM hangs every call up, completes the CDR file
 * and prints a summary. --demo starts SIPp agents and customers
 * (callcenter/demo.c) and ends by itself. The agents and queues file
 * format is in callcenter/config.c and README.md.
 *
 * Built on the public API only: #include <sessioncore/sessioncore.h>.
 */

#include "callcenter/callcenter.h"

#include <glib-unix.h>
#include <stdarg.h>
#include <unistd.h>

typedef struct {
  Center     center;
  GMainLoop *loop;
  Demo      *demo;
  int        exit_status;
  guint      status_id;
} App;

static App app;

/* ------------------------------------------------------------------ */
/* Terminal output                                                      */

static void
clear_status_line (Center *center)
{
  if (center->tty && !center->quiet)
    g_print ("\r\033[K");
}

static void
print_status_line (Center *center)
{
  g_autoptr(GString) line = g_string_new (NULL);
  gint64 now = g_get_monotonic_time ();

  for (guint i = 0; i < center->queues->len; i++)
    {
      Queue *queue = center->queues->pdata[i];

      g_string_append_printf (line, "%s:%u ", queue->name, cc_queue_length (center, queue));
    }
  g_string_append (line, "| ");
  for (guint i = 0; i < center->agents->len; i++)
    {
      Agent *agent = center->agents->pdata[i];

      if (agent->state != AGENT_OFFLINE || cc_agent_registered (agent, now))
        g_string_append_printf (line, "%s:%s ", agent->name, cc_agent_state_name (agent->state));
    }
  g_string_append_printf (line, "| bridges:%u | %.1f calls/s | %" G_GUINT64_FORMAT " calls",
                          cc_active_bridges (center), center->calls_per_s,
                          center->stats.offered);
  clear_status_line (center);
  g_print ("%s", line->str);
  fflush (stdout);
}

void
cc_log (Center     *center,
        const char *format,
        ...)
{
  g_autofree char *text = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%H:%M:%S");
  va_list args;

  if (center->quiet)
    return;
  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  clear_status_line (center);
  g_print ("%s %s\n", stamp, text);
  if (center->tty)
    print_status_line (center);
  fflush (stdout);
}

static gboolean
tick_cb (gpointer user_data)
{
  Center *center = user_data;
  int status;

  cc_registrar_expire (center);
  /* A smoothed rate: new arrivals weigh a third. */
  center->calls_per_s = (2 * center->calls_per_s + center->arrivals_this_second) / 3;
  center->arrivals_this_second = 0;
  if (center->tty && !center->quiet)
    print_status_line (center);
  if (app.demo != NULL && !center->shutting_down && cc_demo_finished (app.demo, &status))
    {
      app.exit_status = status;
      kill (getpid (), SIGTERM);   /* the same clean way out as Ctrl-C */
    }
  return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------------ */
/* Shutting down                                                        */

static void
shutdown_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Center *center = user_data;
  g_autoptr(GError) error = NULL;

  if (!sc_server_session_manager_shutdown_finish (SC_SERVER_SESSION_MANAGER (source), result,
                                                  &error))
    g_printerr ("shutdown: %s\n", error->message);
  if (center->calls != NULL)
    g_printerr ("shutdown: %u calls never reported their end\n", g_list_length (center->calls));
  if (center->cdr != NULL)
    {
      fclose (center->cdr);
      center->cdr = NULL;
    }
  clear_status_line (center);
  cc_print_summary (center);
  g_main_loop_quit (app.loop);
}

static gboolean
signal_cb (gpointer user_data)
{
  Center *center = user_data;

  if (center->shutting_down)
    return G_SOURCE_CONTINUE;
  clear_status_line (center);
  g_print ("shutting down: hanging up %u calls\n", g_list_length (center->calls));
  cc_queue_shutdown (center);
  sc_server_session_manager_shutdown_async (center->server, NULL, shutdown_done_cb, center);
  return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------------ */

/* Where the shipped files are (hold music, SIPp scenarios): the source
 * tree when run from the build tree, else the installed data dir. */
static char *
find_data_dir (void)
{
  const char *candidates[] = { g_getenv ("SESSIONCORE_CALLCENTER_DATA"),
                               CALLCENTER_SRCDIR, CALLCENTER_DATADIR };

  for (gsize i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autofree char *probe = NULL;

      if (candidates[i] == NULL)
        continue;
      probe = g_build_filename (candidates[i], "agent.xml", NULL);
      if (g_file_test (probe, G_FILE_TEST_EXISTS))
        return g_strdup (candidates[i]);
    }
  return NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *address = NULL;
  g_autofree char *agents_file = NULL;
  g_autofree char *queues_file = NULL;
  g_autofree char *moh = NULL;
  g_autofree char *cdr_path = NULL;
  int port = -1;
  int ring_timeout = 15;
  int wrap_up = 5;
  int no_agent_wait = 30;
  gboolean quiet = FALSE;
  gboolean demo = FALSE;
  GOptionEntry entries[] = {
    { "address", 'a', 0, G_OPTION_ARG_STRING, &address, "IP address to listen on (default 127.0.0.1)", "IP" },
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "SIP port (default 5060; 0 for any free port, the default with --demo)", "PORT" },
    { "agents", 0, 0, G_OPTION_ARG_FILENAME, &agents_file, "Agents (and queues) key file (default: built-in alice, bob, carol)", "FILE" },
    { "queues", 0, 0, G_OPTION_ARG_FILENAME, &queues_file, "Queues key file (default: those of --agents, else support and sales)", "FILE" },
    { "moh", 0, 0, G_OPTION_ARG_FILENAME, &moh, "Music on hold, any audio file GStreamer reads (default: the shipped hold-music.wav)", "FILE" },
    { "ring-timeout", 0, 0, G_OPTION_ARG_INT, &ring_timeout, "Seconds an agent rings before the next is tried (default 15)", "S" },
    { "wrap-up", 0, 0, G_OPTION_ARG_INT, &wrap_up, "Seconds an agent rests after a call (default 5)", "S" },
    { "no-agent-wait", 0, 0, G_OPTION_ARG_INT, &no_agent_wait, "Seconds a customer waits when no agent is registered (default 30)", "S" },
    { "cdr", 0, 0, G_OPTION_ARG_FILENAME, &cdr_path, "Call detail records, JSON lines, appended (default cdr.jsonl)", "FILE" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No status line and no event log (the summary still)", NULL },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo, "Run with SIPp agents and customers, and stop when they are done", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("- a SIP call centre");
  g_autoptr(GError) error = NULL;
  g_autoptr(ScSessionManagerBuilder) builder = NULL;
  g_autofree char *bind = NULL;
  g_autofree char *data_dir = NULL;
  Center *center = &app.center;

  g_option_context_add_main_entries (options, entries, NULL);
  g_option_context_set_description (options,
    "Customers call sip:<queue>@ADDRESS:PORT; agents REGISTER as sip:<name>@ADDRESS\n"
    "with digest authentication (realm \"sessioncore\"). See README.md.");
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (port == -1)
    port = demo ? 0 : 5060;
  if (port < 0 || port > 65535 || ring_timeout < 1 || wrap_up < 0 || no_agent_wait < 1)
    {
      g_printerr ("invalid --port, --ring-timeout, --wrap-up or --no-agent-wait\n");
      return 2;
    }

  center->realm = g_strdup ("sessioncore");
  center->agents = g_ptr_array_new ();
  center->queues = g_ptr_array_new ();
  center->ring_timeout_s = (guint) ring_timeout;
  center->wrap_up_s = (guint) wrap_up;
  center->no_agent_wait_s = (guint) no_agent_wait;
  center->quiet = quiet;
  center->tty = isatty (STDOUT_FILENO);
  if (!cc_config_load (center, agents_file, queues_file, &error))
    {
      g_printerr ("configuration: %s\n", error->message);
      return 2;
    }
  data_dir = find_data_dir ();
  if (moh != NULL)
    center->moh_file = g_steal_pointer (&moh);
  else if (data_dir != NULL)
    center->moh_file = g_build_filename (data_dir, "hold-music.wav", NULL);

  center->cdr = fopen (cdr_path ? cdr_path : "cdr.jsonl", "a");
  if (center->cdr == NULL)
    {
      g_printerr ("cannot open %s: %s\n", cdr_path ? cdr_path : "cdr.jsonl", g_strerror (errno));
      return 1;
    }

  if (address == NULL)
    address = g_strdup ("127.0.0.1");
  bind = strchr (address, ':') ? g_strdup_printf ("[%s]:%d", address, port)
                               : g_strdup_printf ("%s:%d", address, port);
  builder = sc_session_manager_builder_new ();
  sc_session_manager_builder_with_local_bind_addr (builder, bind);
  sc_session_manager_builder_with_domain (builder, "sessioncore-callcenter");
  center->server = sc_session_manager_builder_build_server (builder, NULL, &error);
  if (center->server == NULL)
    {
      g_printerr ("cannot start: %s\n", error->message);
      return 1;
    }
  center->sessions = sc_server_session_manager_get_session_manager (center->server);
  cc_registrar_init (center);
  cc_queue_init (center);

  g_print ("listening on %s\n", sc_session_manager_get_bound_address (center->sessions));
  for (guint i = 0; i < center->queues->len; i++)
    g_print ("queue %s: sip:%s@%s\n", ((Queue *) center->queues->pdata[i])->name,
             ((Queue *) center->queues->pdata[i])->name,
             sc_session_manager_get_bound_address (center->sessions));
  fflush (stdout);

  app.loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, signal_cb, center);
  g_unix_signal_add (SIGTERM, signal_cb, center);
  app.status_id = g_timeout_add_seconds (1, tick_cb, center);
  if (demo)
    {
      if (data_dir == NULL)
        {
          g_printerr ("--demo: the SIPp scenarios (agent.xml …) are not found; "
                      "set SESSIONCORE_CALLCENTER_DATA\n");
          return 1;
        }
      app.demo = cc_demo_start (center, data_dir, &error);
      if (app.demo == NULL)
        {
          g_printerr ("--demo: %s\n", error->message);
          return 1;
        }
    }

  g_main_loop_run (app.loop);

  g_clear_handle_id (&app.status_id, g_source_remove);
  g_clear_pointer (&app.demo, cc_demo_free);
  g_clear_object (&center->server);
  g_main_loop_unref (app.loop);
  return app.exit_status;
}
