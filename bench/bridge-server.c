/* bridge-server.c - the sessioncore target of the bridge benchmark.
 *
 * A server built with sc_create_full_server_manager() that accepts every
 * call and bridges customer i with agent i: the To user of each INVITE
 * says which leg it is (`customer-<i>` or `agent-<i>`, as bench/bridge-load.c
 * places them).  As soon as both calls of a pair are established, it calls
 * sc_server_session_manager_bridge_sessions(); when either call ends, it
 * destroys that bridge (the other call stays up until its own BYE).  All
 * RTP is relayed by sessioncore's one media thread.
 *
 * It measures, on the server side:
 *   - the time spent inside sc_server_session_manager_bridge_sessions()
 *     (CLOCK_MONOTONIC around the call), per bridge;
 *   - the time from that call to the bridge's MEDIA_ESTABLISHED event
 *     ("bridge-event::media-established": audio relayed both ways).
 * The time until the first relayed packet arrives is measured on the
 * client side by bridge-load (first_p50_ms / first_max_ms).
 *
 * Usage: bridge-server [--address IP] [--port N] [--max-sessions N] [--quiet]
 *   Prints "listening on IP:PORT" when ready (PORT is the port bound, so
 *   --port 0 works).  On SIGTERM/SIGINT it prints one line
 *     bridge: calls=… unpaired=… bridges=… bridge_errors=… bridge_us_p50=…
 *             bridge_us_p99=… bridge_us_max=… media_established=…
 *             media_ms_p50=… media_ms_p99=… media_ms_max=… destroyed=…
 *             destroy_errors=… events=… cpu_user_s=… cpu_sys_s=…
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

typedef enum {
  LEG_CUSTOMER,
  LEG_AGENT,
} LegRole;

typedef struct {
  LegRole  role;
  guint    index;
} Leg;

typedef struct {
  guint    index;
  char    *session[2];      /* established session ids, by LegRole */
  char    *bridge_id;
  guint64  bridged_ns;      /* when bridge_sessions () was called */
  gboolean media_seen;
} BridgePair;

typedef struct {
  BenchServer             run;
  ScServerSessionManager *server;
  gboolean                quiet;

  GHashTable             *legs;       /* session id -> Leg */
  GHashTable             *pairs;      /* index + 1 -> BridgePair */
  GHashTable             *bridges;    /* bridge id -> BridgePair (borrowed) */

  guint64                 calls;
  guint64                 unpaired;   /* To user neither customer-i nor agent-i */
  guint64                 bridges_made;
  guint64                 bridge_errors;
  guint64                 destroyed;
  guint64                 destroy_errors;
  guint64                 events;
  GArray                 *bridge_ns;  /* guint64: time inside bridge_sessions () */
  GArray                 *media_ns;   /* guint64: bridge_sessions () -> MEDIA_ESTABLISHED */
} Server;

static void
bridge_pair_free (gpointer data)
{
  BridgePair *pair = data;

  g_free (pair->session[LEG_CUSTOMER]);
  g_free (pair->session[LEG_AGENT]);
  g_free (pair->bridge_id);
  g_free (pair);
}

/* "customer-12" -> customer, 12 (from the To URI, parsed by sessioncore). */
static gboolean
parse_leg (const char *to,
           Leg        *leg)
{
  g_autoptr(ScCallerInfo) info = NULL;
  g_autofree char *user = NULL;
  const char *number;
  guint64 index;

  if (to == NULL)
    return FALSE;
  info = sc_caller_info_new (to, to);
  user = sc_caller_info_from_username (info);
  if (user == NULL)
    return FALSE;
  if (g_str_has_prefix (user, "customer-"))
    {
      leg->role = LEG_CUSTOMER;
      number = user + strlen ("customer-");
    }
  else if (g_str_has_prefix (user, "agent-"))
    {
      leg->role = LEG_AGENT;
      number = user + strlen ("agent-");
    }
  else
    return FALSE;
  if (!g_ascii_string_to_unsigned (number, 10, 0, G_MAXUINT - 1, &index, NULL))
    return FALSE;
  leg->index = (guint) index;
  return TRUE;
}

static BridgePair *
get_pair (Server *server,
          guint   index)
{
  BridgePair *pair = g_hash_table_lookup (server->pairs, GUINT_TO_POINTER (index + 1));

  if (pair == NULL)
    {
      pair = g_new0 (BridgePair, 1);
      pair->index = index;
      g_hash_table_insert (server->pairs, GUINT_TO_POINTER (index + 1), pair);
    }
  return pair;
}

static void
bridge_pair (Server     *server,
             BridgePair *pair)
{
  g_autoptr(GError) error = NULL;
  char *bridge_id;
  guint64 start, elapsed;

  start = bench_mono_ns ();
  bridge_id = sc_server_session_manager_bridge_sessions (server->server,
                                                        pair->session[LEG_CUSTOMER],
                                                        pair->session[LEG_AGENT],
                                                        &error);
  elapsed = bench_mono_ns () - start;
  if (bridge_id == NULL)
    {
      if (server->bridge_errors++ < 5)
        g_printerr ("pair %u: cannot bridge %s and %s: %s\n", pair->index,
                    pair->session[LEG_CUSTOMER], pair->session[LEG_AGENT], error->message);
      return;
    }
  server->bridges_made++;
  g_array_append_val (server->bridge_ns, elapsed);
  pair->bridge_id = bridge_id;
  pair->bridged_ns = start;
  pair->media_seen = FALSE;
  g_hash_table_insert (server->bridges, g_strdup (bridge_id), pair);
  if (!server->quiet)
    g_print ("pair %u bridged: %s (%.1f us)\n", pair->index, bridge_id, elapsed / 1e3);
}

static void
unbridge_pair (Server     *server,
               BridgePair *pair)
{
  g_autoptr(GError) error = NULL;

  if (pair->bridge_id == NULL)
    return;
  /* The bridge may be gone already (a member's end can empty it). */
  if (sc_server_session_manager_destroy_bridge (server->server, pair->bridge_id, &error))
    server->destroyed++;
  else if (!g_error_matches (error, SC_ERROR, SC_ERROR_BRIDGE_NOT_FOUND) &&
           server->destroy_errors++ < 5)
    g_printerr ("pair %u: cannot destroy %s: %s\n", pair->index, pair->bridge_id,
                error->message);
  g_hash_table_remove (server->bridges, pair->bridge_id);
  g_clear_pointer (&pair->bridge_id, g_free);
}

/* ------------------------------------------------------------------ */
/* Signals                                                              */

static ScCallDecision *
incoming_call_cb (ScSessionManager *manager,
                  ScIncomingCall   *call,
                  Server           *server)
{
  Leg leg;

  server->calls++;
  if (parse_leg (sc_incoming_call_get_to (call), &leg))
    g_hash_table_replace (server->legs, g_strdup (sc_incoming_call_get_id (call)),
                          g_memdup2 (&leg, sizeof leg));
  else
    server->unpaired++;
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
  Leg *leg = g_hash_table_lookup (server->legs, id);
  BridgePair *pair;

  if (leg == NULL || server->run.shutting_down)
    return;
  pair = get_pair (server, leg->index);
  g_free (pair->session[leg->role]);
  pair->session[leg->role] = g_strdup (id);
  if (pair->session[LEG_CUSTOMER] != NULL && pair->session[LEG_AGENT] != NULL &&
      pair->bridge_id == NULL)
    bridge_pair (server, pair);
}

static void
call_ended_cb (ScSessionManager *manager,
               ScCallSession    *session,
               const char       *reason,
               Server           *server)
{
  const char *id = sc_call_session_get_id (session);
  Leg *leg = g_hash_table_lookup (server->legs, id);
  BridgePair *pair;

  if (leg == NULL)
    return;
  pair = g_hash_table_lookup (server->pairs, GUINT_TO_POINTER (leg->index + 1));
  if (pair != NULL && g_strcmp0 (pair->session[leg->role], id) == 0)
    {
      unbridge_pair (server, pair);
      g_clear_pointer (&pair->session[leg->role], g_free);
      if (pair->session[LEG_CUSTOMER] == NULL && pair->session[LEG_AGENT] == NULL)
        g_hash_table_remove (server->pairs, GUINT_TO_POINTER (leg->index + 1));
    }
  g_hash_table_remove (server->legs, id);
}

static void
bridge_event_cb (ScServerSessionManager *manager,
                 ScBridgeEvent          *event,
                 Server                 *server)
{
  server->events++;
}

static void
media_established_cb (ScServerSessionManager *manager,
                      ScBridgeEvent          *event,
                      Server                 *server)
{
  BridgePair *pair = g_hash_table_lookup (server->bridges, sc_bridge_event_get_bridge_id (event));
  guint64 delay;

  if (pair == NULL || pair->media_seen)
    return;
  pair->media_seen = TRUE;
  delay = bench_mono_ns () - pair->bridged_ns;
  g_array_append_val (server->media_ns, delay);
}

/* ------------------------------------------------------------------ */
/* Report and shutdown                                                  */

static void
print_report (gpointer user_data)
{
  Server *server = user_data;
  double user_s, sys_s;

  bench_sort_u64 (server->bridge_ns);
  bench_sort_u64 (server->media_ns);
  bench_cpu_times (&user_s, &sys_s);
  g_print ("bridge: calls=%" G_GUINT64_FORMAT " unpaired=%" G_GUINT64_FORMAT
           " bridges=%" G_GUINT64_FORMAT " bridge_errors=%" G_GUINT64_FORMAT
           " bridge_us_p50=%.1f bridge_us_p99=%.1f bridge_us_max=%.1f"
           " media_established=%u media_ms_p50=%.1f media_ms_p99=%.1f media_ms_max=%.1f"
           " destroyed=%" G_GUINT64_FORMAT " destroy_errors=%" G_GUINT64_FORMAT
           " events=%" G_GUINT64_FORMAT " cpu_user_s=%.3f cpu_sys_s=%.3f\n",
           server->calls, server->unpaired, server->bridges_made, server->bridge_errors,
           bench_percentile (server->bridge_ns, 0.50, 1e3), bench_percentile (server->bridge_ns, 0.99, 1e3),
           bench_percentile (server->bridge_ns, 1.0, 1e3),
           server->media_ns->len,
           bench_percentile (server->media_ns, 0.50, 1e6), bench_percentile (server->media_ns, 0.99, 1e6),
           bench_percentile (server->media_ns, 1.0, 1e6),
           server->destroyed, server->destroy_errors, server->events, user_s, sys_s);
  fflush (stdout);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *address = g_strdup ("127.0.0.1");
  int port = 5060, max_sessions = 2100;
  gboolean quiet = FALSE;
  GOptionEntry entries[] = {
    { "address", 'a', 0, G_OPTION_ARG_STRING, &address, "IP address to listen on (default 127.0.0.1)", "IP" },
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "SIP port (default 5060, 0 for any)", "PORT" },
    { "max-sessions", 'm', 0, G_OPTION_ARG_INT, &max_sessions, "Most concurrent calls (default 2100)", "N" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Do not log each bridge", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("- accept every call, bridge customer-i with agent-i");
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
  if (port < 0 || port > 65535 || max_sessions <= 0)
    {
      g_printerr ("invalid --port or --max-sessions\n");
      return 2;
    }

  bench_raise_fd_limit ();
  bind = bench_server_bind_address (address, port);
  config = sc_server_config_new ();
  sc_server_config_set_bind_address (config, bind);
  sc_server_config_set_max_sessions (config, (guint) max_sessions);
  sc_server_config_set_server_name (config, "bridge-server");
  server.server = sc_create_full_server_manager (NULL, config, &error);
  if (server.server == NULL)
    {
      g_printerr ("cannot start: %s\n", error->message);
      return 1;
    }
  server.run.manager = sc_server_session_manager_get_session_manager (server.server);

  server.run.loop = g_main_loop_new (NULL, FALSE);
  server.run.watchdog_s = SHUTDOWN_TIMEOUT_S;
  server.run.report = print_report;
  server.run.user_data = &server;
  server.quiet = quiet;
  server.legs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  server.pairs = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, bridge_pair_free);
  server.bridges = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  server.bridge_ns = g_array_new (FALSE, FALSE, sizeof (guint64));
  server.media_ns = g_array_new (FALSE, FALSE, sizeof (guint64));

  g_signal_connect (server.run.manager, "incoming-call", G_CALLBACK (incoming_call_cb), &server);
  g_signal_connect (server.run.manager, "call-established", G_CALLBACK (call_established_cb), &server);
  g_signal_connect (server.run.manager, "call-ended", G_CALLBACK (call_ended_cb), &server);
  g_signal_connect (server.server, "bridge-event", G_CALLBACK (bridge_event_cb), &server);
  g_signal_connect (server.server, "bridge-event::media-established",
                    G_CALLBACK (media_established_cb), &server);

  bench_server_run (&server.run);

  g_hash_table_unref (server.bridges);
  g_hash_table_unref (server.pairs);
  g_hash_table_unref (server.legs);
  g_array_unref (server.bridge_ns);
  g_array_unref (server.media_ns);
  g_clear_object (&server.server);
  g_main_loop_unref (server.run.loop);
  return 0;
}
