/* b2bua.c: the B2BUA recipe of doc/cookbook.md, as a program.
 *
 *   b2bua PORT AGENT_URI   serves on 127.0.0.1:PORT, Ctrl-C to stop
 *   b2bua --check          sets the recipe up and exits (the docs tests)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "snippet.h"

typedef struct {
  ScServerSessionManager *server;
  char                   *agent_uri;
  GHashTable             *partner;   /* session id → the other leg's id */
} B2bua;

static ScCallDecision *
b2bua_incoming_call (ScSessionManager *calls,
                     ScIncomingCall   *call,
                     B2bua            *self)
{
  return sc_call_decision_accept (NULL);   /* 200 OK, generated answer */
}

static void
b2bua_call_established (ScSessionManager *calls,
                        ScCallSession    *session,
                        const char       *local_sdp,
                        const char       *remote_sdp,
                        B2bua            *self)
{
  const char *leg = sc_call_session_get_id (session);
  g_autoptr(GError) error = NULL;

  if (sc_call_session_get_direction (session) == SC_CALL_DIRECTION_INCOMING)
    {
      /* The customer is in: call the agent. */
      g_autoptr(ScCallSession) agent =
        sc_session_manager_create_outgoing_call (calls, sc_call_session_get_from (session),
                                                 self->agent_uri, NULL, &error);

      if (agent == NULL)
        {
          g_printerr ("cannot call the agent: %s\n", error->message);
          sc_session_manager_terminate_session (calls, leg, NULL);
          return;
        }
      g_hash_table_insert (self->partner, g_strdup (leg), g_strdup (sc_call_session_get_id (agent)));
      g_hash_table_insert (self->partner, g_strdup (sc_call_session_get_id (agent)), g_strdup (leg));
    }
  else if (g_hash_table_contains (self->partner, leg))
    {
      /* The agent answered. */
      g_autofree char *bridge_id =
        sc_server_session_manager_bridge_sessions (self->server,
                                                   g_hash_table_lookup (self->partner, leg),
                                                   leg, &error);

      if (bridge_id == NULL)
        {
          g_printerr ("cannot bridge: %s\n", error->message);   /* the customer is ending */
          sc_session_manager_terminate_session (calls, leg, NULL);
        }
    }
}

/* One leg ended (or the agent never answered): end the other. */
static void
b2bua_call_ended (ScSessionManager *calls,
                  ScCallSession    *session,
                  const char       *reason,
                  B2bua            *self)
{
  g_autofree char *key = NULL;
  g_autofree char *other = NULL;

  if (!g_hash_table_steal_extended (self->partner, sc_call_session_get_id (session),
                                    (gpointer *) &key, (gpointer *) &other))
    return;
  g_hash_table_remove (self->partner, other);
  sc_session_manager_terminate_session (calls, other, NULL);   /* NULL: it may be ending already */
}

static B2bua *
b2bua_new (ScServerSessionManager *server,
           const char             *agent_uri)
{
  ScSessionManager *calls = sc_server_session_manager_get_session_manager (server);
  B2bua *self = g_new0 (B2bua, 1);

  self->server = server;
  self->agent_uri = g_strdup (agent_uri);
  self->partner = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_signal_connect (calls, "incoming-call", G_CALLBACK (b2bua_incoming_call), self);
  g_signal_connect (calls, "call-established", G_CALLBACK (b2bua_call_established), self);
  g_signal_connect (calls, "call-ended", G_CALLBACK (b2bua_call_ended), self);
  return self;
}

int
main (int    argc,
      char **argv)
{
  gboolean check = snippet_check_mode (argc, argv);
  ScServerSessionManager *server;

  if (!check && argc != 3)
    {
      g_printerr ("usage: b2bua PORT AGENT_URI | --check\n");
      return 2;
    }
  server = snippet_server (check ? "0" : argv[1]);
  b2bua_new (server, check ? "sip:agent@127.0.0.1:5099" : argv[2]);
  return snippet_run (server, check);
}
