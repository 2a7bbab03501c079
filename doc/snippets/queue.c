/* queue.c: the queue with music on hold of doc/cookbook.md, as a program.
 *
 *   queue PORT MUSIC_FILE AGENT_URI...   serves on 127.0.0.1:PORT
 *   queue --check                        sets the recipe up and exits
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "snippet.h"

typedef struct {
  ScServerSessionManager *server;
  char                   *music_file;
  GQueue                  free_agents;   /* agent URIs */
  GQueue                  waiting;       /* customer legs, oldest first */
  GHashTable             *agent_of;      /* customer leg → agent leg */
  GHashTable             *customer_of;   /* agent leg → customer leg */
  GHashTable             *uri_of;        /* agent leg → agent URI */
} Queue;

/* Removes @key from @table; returns its value. */
static char *
take (GHashTable *table,
      const char *key)
{
  char *value = g_strdup (g_hash_table_lookup (table, key));

  g_hash_table_remove (table, key);
  return value;
}

static void
queue_dispatch (Queue *self)
{
  ScSessionManager *calls = sc_server_session_manager_get_session_manager (self->server);

  while (!g_queue_is_empty (&self->waiting) && !g_queue_is_empty (&self->free_agents))
    {
      g_autofree char *customer = g_queue_pop_head (&self->waiting);
      g_autofree char *uri = g_queue_pop_head (&self->free_agents);
      g_autoptr(GError) error = NULL;
      g_autoptr(ScCallSession) agent =
        sc_session_manager_create_outgoing_call (calls, "sip:queue@callcenter.example",
                                                 uri, NULL, &error);
      const char *leg;

      if (agent == NULL)
        g_error ("cannot call %s: %s", uri, error->message);
      leg = sc_call_session_get_id (agent);
      g_hash_table_insert (self->agent_of, g_strdup (customer), g_strdup (leg));
      g_hash_table_insert (self->customer_of, g_strdup (leg), g_strdup (customer));
      g_hash_table_insert (self->uri_of, g_strdup (leg), g_steal_pointer (&uri));
    }
}

static void
queue_call_established (ScSessionManager *calls,
                        ScCallSession    *session,
                        const char       *local_sdp,
                        const char       *remote_sdp,
                        Queue            *self)
{
  const char *leg = sc_call_session_get_id (session);

  if (sc_call_session_get_direction (session) == SC_CALL_DIRECTION_INCOMING)
    {
      /* Music, looped until the customer is bridged; a tone without it. */
      if (!sc_session_manager_play_file (calls, leg, self->music_file, NULL))
        sc_session_manager_play_tone (calls, leg, 425.0, NULL);
      g_queue_push_tail (&self->waiting, g_strdup (leg));
      queue_dispatch (self);
    }
  else if (g_hash_table_contains (self->customer_of, leg))
    {
      /* An agent answered. */
      g_free (sc_server_session_manager_bridge_sessions (self->server,
                                                         g_hash_table_lookup (self->customer_of, leg),
                                                         leg, NULL));
    }
}

typedef struct {
  Queue *queue;
  char  *uri;
} Rest;

static gboolean
queue_agent_rested (gpointer data)
{
  Rest *rest = data;

  g_queue_push_tail (&rest->queue->free_agents, rest->uri);
  queue_dispatch (rest->queue);
  g_free (rest);
  return G_SOURCE_REMOVE;
}

static void
queue_call_ended (ScSessionManager *calls,
                  ScCallSession    *session,
                  const char       *reason,
                  Queue            *self)
{
  const char *leg = sc_call_session_get_id (session);
  GList *link = g_queue_find_custom (&self->waiting, leg, (GCompareFunc) g_strcmp0);
  g_autofree char *agent = NULL;
  g_autofree char *customer = NULL;
  g_autofree char *uri = NULL;

  if (link != NULL)
    {
      /* Gave up while waiting. */
      g_free (link->data);
      g_queue_delete_link (&self->waiting, link);
    }
  else if ((agent = take (self->agent_of, leg)) != NULL)
    {
      /* The customer is gone: end the agent's leg; the agent is free. */
      g_hash_table_remove (self->customer_of, agent);
      uri = take (self->uri_of, agent);
      g_queue_push_tail (&self->free_agents, g_steal_pointer (&uri));
      sc_session_manager_terminate_session (calls, agent, NULL);
    }
  else if ((customer = take (self->customer_of, leg)) != NULL)
    {
      /* An agent's leg ended. */
      g_hash_table_remove (self->agent_of, customer);
      uri = take (self->uri_of, leg);
      if (sc_call_session_get_started_at (session) != 0)
        {
          /* They talked: the call is over. */
          g_queue_push_tail (&self->free_agents, g_steal_pointer (&uri));
          sc_session_manager_terminate_session (calls, customer, NULL);
        }
      else
        {
          /* No answer: back to the head of the queue; the agent rests 10 s. */
          Rest *rest = g_new0 (Rest, 1);

          rest->queue = self;
          rest->uri = g_steal_pointer (&uri);
          g_queue_push_head (&self->waiting, g_steal_pointer (&customer));
          g_timeout_add_seconds (10, queue_agent_rested, rest);
        }
    }
  queue_dispatch (self);
}

static ScCallDecision *
queue_incoming_call (ScSessionManager *calls,
                     ScIncomingCall   *call,
                     Queue            *self)
{
  return sc_call_decision_accept (NULL);
}

static Queue *
queue_new (ScServerSessionManager *server,
           const char             *music_file,
           const char * const     *agent_uris)
{
  ScSessionManager *calls = sc_server_session_manager_get_session_manager (server);
  Queue *self = g_new0 (Queue, 1);

  self->server = server;
  self->music_file = g_strdup (music_file);
  for (guint i = 0; agent_uris[i] != NULL; i++)
    g_queue_push_tail (&self->free_agents, g_strdup (agent_uris[i]));
  self->agent_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->customer_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->uri_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_signal_connect (calls, "incoming-call", G_CALLBACK (queue_incoming_call), self);
  g_signal_connect (calls, "call-established", G_CALLBACK (queue_call_established), self);
  g_signal_connect (calls, "call-ended", G_CALLBACK (queue_call_ended), self);
  return self;
}

int
main (int    argc,
      char **argv)
{
  gboolean check = snippet_check_mode (argc, argv);
  const char *check_agents[] = { "sip:agent@127.0.0.1:5099", NULL };
  ScServerSessionManager *server;

  if (!check && argc < 4)
    {
      g_printerr ("usage: queue PORT MUSIC_FILE AGENT_URI... | --check\n");
      return 2;
    }
  server = snippet_server (check ? "0" : argv[1]);
  queue_new (server, check ? "/dev/null" : argv[2],
             check ? check_agents : (const char * const *) argv + 3);
  return snippet_run (server, check);
}
