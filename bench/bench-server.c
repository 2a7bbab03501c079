/* bench-server.c - the life of a sessioncore benchmark target (see
 * bench-server.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bench-server.h"

#include <glib-unix.h>
#include <stdio.h>
#include <string.h>

/* "IP:PORT", or "[IP]:PORT" for IPv6. */
char *
bench_server_bind_address (const char *address,
                           int         port)
{
  return strchr (address, ':') ? g_strdup_printf ("[%s]:%d", address, port)
                               : g_strdup_printf ("%s:%d", address, port);
}

static void
shutdown_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  BenchServer *server = user_data;
  g_autoptr(GError) error = NULL;

  if (!sc_session_manager_shutdown_finish (SC_SESSION_MANAGER (source), result, &error))
    g_printerr ("shutdown: %s\n", error->message);
  g_main_loop_quit (server->loop);
}

static gboolean
watchdog_cb (gpointer user_data)
{
  BenchServer *server = user_data;

  server->watchdog_id = 0;
  g_printerr ("shutdown did not finish in %u s; leaving\n", server->watchdog_s);
  g_main_loop_quit (server->loop);
  return G_SOURCE_REMOVE;
}

/* The first signal reports and shuts down; a second one leaves at once. */
static gboolean
signal_cb (gpointer user_data)
{
  BenchServer *server = user_data;

  if (server->shutting_down)
    {
      g_main_loop_quit (server->loop);
      return G_SOURCE_REMOVE;
    }
  server->shutting_down = TRUE;
  server->report (server->user_data);
  if (server->watchdog_s > 0)
    server->watchdog_id = g_timeout_add_seconds (server->watchdog_s, watchdog_cb, server);
  sc_session_manager_shutdown_async (server->manager, NULL, shutdown_done_cb, server);
  return G_SOURCE_CONTINUE;
}

/* Prints "listening on IP:PORT" (the port bound: the drivers start the
 * targets on port 0 and read it here) and runs until shut down. */
void
bench_server_run (BenchServer *server)
{
  g_unix_signal_add (SIGINT, signal_cb, server);
  g_unix_signal_add (SIGTERM, signal_cb, server);
  g_print ("listening on %s\n", sc_session_manager_get_bound_address (server->manager));
  fflush (stdout);
  g_main_loop_run (server->loop);
  g_clear_handle_id (&server->watchdog_id, g_source_remove);
}
