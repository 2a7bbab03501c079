/* snippet.h: the main loop of the cookbook's C programs (doc/cookbook.md).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each program sets up its recipe on a server, then calls snippet_run ():
 * it serves until Ctrl-C and shuts the server down. With --check (the
 * docs test suite), it shuts down at once: the recipe has been set up,
 * its signal names resolved (G_DEBUG=fatal-warnings turns a wrong one
 * into a failure), and the program exits 0.
 */

#pragma once

#include <glib-unix.h>
#include <sessioncore/sessioncore.h>

static inline gboolean
snippet_check_mode (int argc, char **argv)
{
  return argc == 2 && g_strcmp0 (argv[1], "--check") == 0;
}

/* A server on 127.0.0.1:PORT ("0": any free port). */
static inline ScServerSessionManager *
snippet_server (const char *port)
{
  g_autoptr(ScSessionManagerBuilder) builder = sc_session_manager_builder_new ();
  g_autofree char *address = g_strdup_printf ("127.0.0.1:%s", port);
  g_autoptr(GError) error = NULL;
  ScServerSessionManager *server;

  sc_session_manager_builder_with_local_bind_addr (builder, address);
  server = sc_session_manager_builder_build_server (builder, NULL, &error);
  if (server == NULL)
    g_error ("cannot start: %s", error->message);
  return server;
}

static inline void
snippet_shutdown_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      loop)
{
  g_autoptr(GError) error = NULL;

  if (!sc_server_session_manager_shutdown_finish (SC_SERVER_SESSION_MANAGER (source),
                                                  result, &error))
    g_error ("shutdown: %s", error->message);
  g_main_loop_quit (loop);
}

static inline gboolean
snippet_stop_cb (gpointer server)
{
  GMainLoop *loop = g_object_get_data (server, "snippet-loop");

  sc_server_session_manager_shutdown_async (server, NULL, snippet_shutdown_cb, loop);
  return G_SOURCE_REMOVE;
}

static inline int
snippet_run (ScServerSessionManager *server,
             gboolean                check)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_object_set_data (G_OBJECT (server), "snippet-loop", loop);
  if (check)
    g_idle_add (snippet_stop_cb, server);
  else
    {
      g_print ("listening on %s\n",
               sc_session_manager_get_bound_address (sc_server_session_manager_get_session_manager (server)));
      g_unix_signal_add (SIGINT, snippet_stop_cb, server);
    }
  g_main_loop_run (loop);
  g_object_unref (server);
  return 0;
}
