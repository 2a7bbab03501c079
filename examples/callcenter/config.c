/* config.c: agents and queues from a GKeyFile
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 *   # priority: higher is served first (default 0)
 *   # no_agent: wait (answer, tone, hang up after --no-agent-wait)
 *   #           or reject (480 Temporarily Unavailable)
 *   [queue support]
 *   priority=1
 *   no_agent=wait
 *
 *   [agent alice]
 *   password=alice-secret
 *   queues=support;sales
 *
 * (GKeyFile: comments only on lines of their own.) Agents and queues may
 * share one file. Without a file, the built-in demo set below is used.
 */

#include "callcenter.h"

static const char builtin[] =
  "[queue support]\npriority=1\nno_agent=wait\n"
  "[queue sales]\npriority=0\nno_agent=wait\n"
  "[agent alice]\npassword=alice-secret\nqueues=support;sales\n"
  "[agent bob]\npassword=bob-secret\nqueues=support\n"
  "[agent carol]\npassword=carol-secret\nqueues=sales\n";

static gboolean
load_groups (Center      *center,
             GKeyFile    *file,
             gboolean     agents,
             gboolean     queues,
             GError     **error)
{
  g_auto(GStrv) groups = g_key_file_get_groups (file, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      const char *group = groups[i];

      if (queues && g_str_has_prefix (group, "queue "))
        {
          const char *name = group + strlen ("queue ");
          g_autofree char *no_agent = g_key_file_get_string (file, group, "no_agent", NULL);
          Queue *queue = cc_find_queue (center, name);
          g_autoptr(GError) local_error = NULL;
          int priority = g_key_file_get_integer (file, group, "priority", &local_error);

          if (local_error != NULL &&
              !g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND))
            {
              g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "[%s] ", group);
              return FALSE;
            }

          if (queue == NULL)
            {
              queue = g_new0 (Queue, 1);
              queue->name = g_strdup (name);
              g_ptr_array_add (center->queues, queue);
            }
          queue->priority = priority;
          if (no_agent != NULL && !g_str_equal (no_agent, "wait") &&
              !g_str_equal (no_agent, "reject"))
            {
              g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                           "[%s] no_agent must be wait or reject", group);
              return FALSE;
            }
          queue->reject_no_agent = g_strcmp0 (no_agent, "reject") == 0;
        }
      else if (agents && g_str_has_prefix (group, "agent "))
        {
          Agent *agent = g_new0 (Agent, 1);

          agent->name = g_strdup (group + strlen ("agent "));
          agent->password = g_key_file_get_string (file, group, "password", error);
          if (agent->password == NULL)
            {
              g_free (agent->name);
              g_free (agent);
              return FALSE;
            }
          agent->queues = g_key_file_get_string_list (file, group, "queues", NULL, NULL);
          if (agent->queues == NULL)
            agent->queues = g_new0 (char *, 1);
          g_ptr_array_add (center->agents, agent);
        }
    }
  return TRUE;
}

static gboolean
load_file (Center      *center,
           const char  *path,
           const char  *data,
           gboolean     agents,
           gboolean     queues,
           GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  gboolean ok;

  ok = path ? g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, error)
            : g_key_file_load_from_data (file, data, -1, G_KEY_FILE_NONE, error);
  if (!ok)
    return FALSE;
  return load_groups (center, file, agents, queues, error);
}

gboolean
cc_config_load (Center      *center,
                const char  *agents_file,
                const char  *queues_file,
                GError     **error)
{
  /* Queues: --queues, else those of --agents, else the built-in ones. */
  if (queues_file != NULL && !load_file (center, queues_file, NULL, FALSE, TRUE, error))
    return FALSE;
  if (queues_file == NULL && agents_file != NULL &&
      !load_file (center, agents_file, NULL, FALSE, TRUE, error))
    return FALSE;
  if (center->queues->len == 0 && !load_file (center, NULL, builtin, FALSE, TRUE, error))
    return FALSE;

  if (!load_file (center, agents_file, builtin, TRUE, FALSE, error))
    return FALSE;

  /* An agent of a queue nobody defined would never get a call: say so. */
  for (guint i = 0; i < center->agents->len; i++)
    {
      Agent *agent = center->agents->pdata[i];

      for (guint j = 0; agent->queues[j] != NULL; j++)
        if (cc_find_queue (center, agent->queues[j]) == NULL)
          {
            g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                         "agent %s: unknown queue '%s'", agent->name, agent->queues[j]);
            return FALSE;
          }
    }
  return TRUE;
}

Agent *
cc_find_agent (Center     *center,
               const char *name)
{
  for (guint i = 0; name != NULL && i < center->agents->len; i++)
    {
      Agent *agent = center->agents->pdata[i];

      if (g_str_equal (agent->name, name))
        return agent;
    }
  return NULL;
}

Queue *
cc_find_queue (Center     *center,
               const char *name)
{
  for (guint i = 0; name != NULL && i < center->queues->len; i++)
    {
      Queue *queue = center->queues->pdata[i];

      if (g_str_equal (queue->name, name))
        return queue;
    }
  return NULL;
}

gboolean
cc_agent_serves (Agent *agent,
                 Queue *queue)
{
  return g_strv_contains ((const char * const *) agent->queues, queue->name);
}

gboolean
cc_agent_registered (Agent  *agent,
                     gint64  now)
{
  return agent->contact != NULL && agent->expires_at > now;
}

const char *
cc_agent_state_name (AgentState state)
{
  switch (state)
    {
    case AGENT_OFFLINE: return "offline";
    case AGENT_IDLE: return "idle";
    case AGENT_RINGING: return "ringing";
    case AGENT_TALKING: return "talking";
    case AGENT_WRAP_UP: return "wrap-up";
    }
  return "?";
}
