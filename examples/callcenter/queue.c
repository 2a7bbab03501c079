/* queue.c: customers wait in queues and are bridged to agents
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A customer calling sip:<queue>@server is answered and hears music on
 * hold. Waiting customers are served by queue priority, then in order of
 * arrival; each is offered to the agent of its queue idle the longest
 * (prepare_outgoing_call + initiate_prepared_call to the agent's
 * registered Contact). When the agent answers, the two legs are bridged;
 * when either side hangs up, we end the other. An agent that does not
 * answer within the ring timeout (we CANCEL) or refuses is skipped: the
 * customer stays first in line, the agent rests for the wrap-up time (so
 * one that refuses at once is not rung again in a tight loop), and the
 * next agent is tried. After a call, the agent has the wrap-up time
 * before its next one.
 *
 * A queue with no agent registered: the customer is answered, hears a
 * tone, and is hung up after --no-agent-wait seconds (an agent that
 * registers meanwhile takes the call); or, with no_agent=reject, gets 480.
 *
 * Blind transfer: the agent's phone sends REFER to sip:<queue>@… (the
 * customer is queued there) or sip:<agent>@… (that agent is called for
 * the customer); the agent's leg ends.
 *
 * One CDR per customer, written when the customer's leg ends.
 */

#include "callcenter.h"

#define NO_AGENT_TONE_HZ 480.0   /* what a customer hears when nobody can answer */
#define MOH_TONE_HZ      425.0   /* music on hold when no file is usable */

static void offer (Center *center, Call *call, Agent *agent);

static Call *
call_for (Center     *center,
          const char *session_id)
{
  return g_hash_table_lookup (center->legs, session_id);
}

static void
call_free (Call *call)
{
  g_clear_handle_id (&call->ring_id, g_source_remove);
  g_clear_handle_id (&call->no_agent_id, g_source_remove);
  g_free (call->leg);
  g_free (call->sip_call_id);
  g_free (call->caller);
  g_free (call->agent_leg);
  g_free (call->first_agent);
  g_free (call->bridge_id);
  g_free (call);
}

static gboolean
queue_has_agents (Center *center,
                  Queue  *queue)
{
  gint64 now = g_get_monotonic_time ();

  for (guint i = 0; i < center->agents->len; i++)
    {
      Agent *agent = center->agents->pdata[i];

      if (cc_agent_serves (agent, queue) && cc_agent_registered (agent, now))
        return TRUE;
    }
  return FALSE;
}

static void
terminate (Center     *center,
           const char *session_id)
{
  g_autoptr(GError) error = NULL;

  if (session_id != NULL &&
      !sc_session_manager_terminate_session (center->sessions, session_id, &error) &&
      !g_error_matches (error, SC_ERROR, SC_ERROR_SESSION_NOT_FOUND))
    cc_log (center, "cannot end %s: %s", session_id, error->message);
}

typedef struct {
  Center *center;
  char   *session_id;
} Later;

static gboolean
terminate_later_cb (gpointer user_data)
{
  Later *later = user_data;

  terminate (later->center, later->session_id);
  return G_SOURCE_REMOVE;
}

static void
later_free (gpointer data)
{
  Later *later = data;

  g_free (later->session_id);
  g_free (later);
}

/* From inside a signal about that very session (transfer-request): end
 * it once the library has finished with the request. */
static void
terminate_later (Center     *center,
                 const char *session_id)
{
  Later *later = g_new0 (Later, 1);

  later->center = center;
  later->session_id = g_strdup (session_id);
  g_idle_add_full (G_PRIORITY_DEFAULT, terminate_later_cb, later, later_free);
}

/* ------------------------------------------------------------------ */
/* Agents                                                               */

void
cc_agent_set_idle (Center *center,
                   Agent  *agent)
{
  g_clear_handle_id (&agent->wrap_up_id, g_source_remove);
  agent->state = cc_agent_registered (agent, g_get_monotonic_time ()) ? AGENT_IDLE
                                                                      : AGENT_OFFLINE;
  agent->idle_since = g_get_monotonic_time ();
  cc_dispatch (center);
}

typedef struct {
  Center *center;
  Agent  *agent;
} AgentTimer;

static gboolean
agent_rested_cb (gpointer user_data)
{
  AgentTimer *timer = user_data;

  timer->agent->wrap_up_id = 0;
  cc_agent_set_idle (timer->center, timer->agent);
  return G_SOURCE_REMOVE;
}

/* Wrap-up after a call, or a rest after a call it missed. */
static void
agent_rest (Center *center,
            Agent  *agent)
{
  AgentTimer *timer;

  if (center->shutting_down)
    {
      agent->state = AGENT_OFFLINE;
      return;
    }
  agent->state = AGENT_WRAP_UP;
  timer = g_new0 (AgentTimer, 1);
  timer->center = center;
  timer->agent = agent;
  g_clear_handle_id (&agent->wrap_up_id, g_source_remove);
  agent->wrap_up_id = g_timeout_add_full (G_PRIORITY_DEFAULT, center->wrap_up_s * 1000,
                                          agent_rested_cb, timer, g_free);
}

/* The agent's leg ended (answered or not). */
static void
agent_leg_ended (Center     *center,
                 Agent      *agent,
                 const char *session_id)
{
  g_hash_table_remove (center->agent_legs, session_id);
  if (g_strcmp0 (agent->leg, session_id) != 0)
    return;  /* an older leg of this agent (transferred away) */
  g_clear_pointer (&agent->leg, g_free);
  agent_rest (center, agent);
}

static Agent *
pick_agent (Center *center,
            Queue  *queue)
{
  gint64 now = g_get_monotonic_time ();
  Agent *best = NULL;

  for (guint i = 0; i < center->agents->len; i++)
    {
      Agent *agent = center->agents->pdata[i];

      if (agent->state == AGENT_IDLE && cc_agent_registered (agent, now) &&
          cc_agent_serves (agent, queue) &&
          (best == NULL || agent->idle_since < best->idle_since))
        best = agent;
    }
  return best;
}

/* ------------------------------------------------------------------ */
/* Serving the queues                                                   */

static gint
by_priority_then_arrival (gconstpointer a,
                          gconstpointer b)
{
  const Call *x = *(Call * const *) a;
  const Call *y = *(Call * const *) b;

  if (x->queue->priority != y->queue->priority)
    return x->queue->priority > y->queue->priority ? -1 : 1;
  return x->queued_at < y->queued_at ? -1 : x->queued_at > y->queued_at;
}

void
cc_dispatch (Center *center)
{
  g_autoptr(GPtrArray) waiting = g_ptr_array_new ();

  if (center->shutting_down)
    return;
  for (GList *l = center->calls; l != NULL; l = l->next)
    if (((Call *) l->data)->state == CALL_WAITING)
      g_ptr_array_add (waiting, l->data);
  g_ptr_array_sort (waiting, by_priority_then_arrival);
  for (guint i = 0; i < waiting->len; i++)
    {
      Call *call = waiting->pdata[i];
      Agent *agent = pick_agent (center, call->queue);

      if (agent != NULL)
        offer (center, call, agent);
    }
}

static gboolean
ring_timeout_cb (gpointer user_data)
{
  Call *call = user_data;

  call->ring_id = 0;
  cc_log (call->center, "%s: agent %s did not answer within %u s", call->caller,
          call->agent->name, call->center->ring_timeout_s);
  call->agent->missed++;
  /* CANCEL; the leg's end puts the customer back in line. */
  terminate (call->center, call->agent_leg);
  return G_SOURCE_REMOVE;
}

/* Calls @agent for @call (which stays first in its queue meanwhile). */
static void
offer (Center *center,
       Call   *call,
       Agent  *agent)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScPreparedCall) prepared = NULL;
  g_autoptr(ScCallSession) session = NULL;

  /* The agent's phone shows the customer as the caller. */
  prepared = sc_session_manager_prepare_outgoing_call (center->sessions, call->caller,
                                                       agent->contact, &error);
  if (prepared != NULL)
    session = sc_session_manager_initiate_prepared_call (center->sessions, prepared, &error);
  if (session == NULL)
    {
      cc_log (center, "cannot call agent %s at %s: %s", agent->name, agent->contact,
              error->message);
      agent_rest (center, agent);   /* then it is tried again */
      return;
    }
  call->state = CALL_RINGING;
  call->agent = agent;
  call->agent_leg = g_strdup (sc_call_session_get_id (session));
  g_hash_table_insert (center->legs, g_strdup (call->agent_leg), call);
  g_hash_table_insert (center->agent_legs, g_strdup (call->agent_leg), agent);
  agent->state = AGENT_RINGING;
  g_free (agent->leg);
  agent->leg = g_strdup (call->agent_leg);
  call->ring_id = g_timeout_add (center->ring_timeout_s * 1000, ring_timeout_cb, call);
  cc_log (center, "%s (queue %s): calling agent %s", call->caller, call->queue->name,
          agent->name);
}

static void
play_hold_music (Center *center,
                 Call   *call)
{
  g_autoptr(GError) error = NULL;

  if (center->moh_file != NULL &&
      sc_session_manager_play_file (center->sessions, call->leg, center->moh_file, &error))
    return;
  if (error != NULL)
    cc_log (center, "music on hold: %s; playing a tone", error->message);
  sc_session_manager_play_tone (center->sessions, call->leg, MOH_TONE_HZ, NULL);
}

static gboolean
no_agent_timeout_cb (gpointer user_data)
{
  Call *call = user_data;

  call->no_agent_id = 0;
  if (call->state == CALL_TALKING)
    return G_SOURCE_REMOVE;
  cc_log (call->center, "%s: no agent for queue %s after %u s, hanging up", call->caller,
          call->queue->name, call->center->no_agent_wait_s);
  call->outcome = "no-agent";
  call->hangup_by = "server";
  terminate (call->center, call->leg);
  return G_SOURCE_REMOVE;
}

/* ------------------------------------------------------------------ */
/* Session manager signals                                              */

static char *
uri_user (const char *uri)
{
  const char *start = strchr (uri, ':');
  const char *at;

  start = start ? start + 1 : uri;
  at = strchr (start, '@');
  return at ? g_strndup (start, at - start) : NULL;
}

static void
write_rejected (Center     *center,
                Call       *call,
                const char *outcome)
{
  call->outcome = outcome;
  call->hangup_by = "server";
  cc_cdr_write (center, call, g_get_real_time ());
  call_free (call);
}

static ScCallDecision *
incoming_call_cb (ScSessionManager *sessions,
                  ScIncomingCall   *incoming,
                  Center           *center)
{
  g_autofree char *queue_name = uri_user (sc_incoming_call_get_to (incoming));
  Queue *queue = cc_find_queue (center, queue_name);
  Call *call;

  if (center->shutting_down)
    return sc_call_decision_reject_with_code (503, NULL);

  call = g_new0 (Call, 1);
  call->center = center;
  call->leg = g_strdup (sc_incoming_call_get_id (incoming));
  call->sip_call_id = g_strdup (sc_incoming_call_get_sip_call_id (incoming));
  call->caller = g_strdup (sc_incoming_call_get_from (incoming));
  call->queue = queue;
  call->arrived = g_get_real_time ();
  center->stats.offered++;
  center->arrivals_this_second++;

  if (queue == NULL)
    {
      cc_log (center, "%s called %s: no such queue (404)", call->caller,
              sc_incoming_call_get_to (incoming));
      write_rejected (center, call, "rejected");
      return sc_call_decision_reject_with_code (404, NULL);
    }
  queue->offered++;
  if (queue->reject_no_agent && !queue_has_agents (center, queue))
    {
      cc_log (center, "%s (queue %s): no agent registered (480)", call->caller, queue->name);
      write_rejected (center, call, "rejected");
      return sc_call_decision_reject_with_code (480, NULL);
    }

  call->state = CALL_ARRIVING;
  center->calls = g_list_append (center->calls, call);
  g_hash_table_insert (center->legs, g_strdup (call->leg), call);
  return sc_call_decision_accept (NULL);
}

static void
customer_answered (Center *center,
                   Call   *call)
{
  gboolean agents = queue_has_agents (center, call->queue);

  call->state = CALL_WAITING;
  call->queued_at = g_get_monotonic_time ();
  call->queued = g_get_real_time ();
  if (!agents)
    {
      cc_log (center, "%s (queue %s): no agent registered, waiting %u s", call->caller,
              call->queue->name, center->no_agent_wait_s);
      sc_session_manager_play_tone (center->sessions, call->leg, NO_AGENT_TONE_HZ, NULL);
      call->no_agent_id = g_timeout_add (center->no_agent_wait_s * 1000,
                                                 no_agent_timeout_cb, call);
    }
  else
    {
      cc_log (center, "%s queued in %s", call->caller, call->queue->name);
      play_hold_music (center, call);
    }
  cc_dispatch (center);
}

static void
agent_answered (Center *center,
                Call   *call)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScMediaInfo) media = NULL;

  g_clear_handle_id (&call->ring_id, g_source_remove);
  g_clear_handle_id (&call->no_agent_id, g_source_remove);
  call->bridge_id = sc_server_session_manager_bridge_sessions (center->server, call->leg,
                                                               call->agent_leg, &error);
  if (call->bridge_id == NULL)
    {
      cc_log (center, "cannot bridge %s and agent %s: %s", call->caller, call->agent->name,
              error->message);
      terminate (center, call->agent_leg);   /* the customer goes back in line */
      return;
    }
  call->state = CALL_TALKING;
  if (call->answered == 0)   /* a transferred call keeps its first answer */
    call->answered = g_get_real_time ();
  call->agent->state = AGENT_TALKING;
  call->agent->calls++;
  call->queue->answered++;
  /* RTP counted from here on is the conversation's. */
  media = sc_session_manager_get_media_info (center->sessions, call->leg, NULL);
  if (media != NULL)
    {
      call->customer_in0 = sc_media_info_get_packets_received (media);
      call->customer_out0 = sc_media_info_get_packets_sent (media);
    }
  cc_log (center, "%s (queue %s): bridged to agent %s after %.1f s", call->caller,
          call->queue->name, call->agent->name,
          (call->answered - call->arrived) / (double) G_USEC_PER_SEC);
}

static void
call_established_cb (ScSessionManager *sessions,
                     ScCallSession    *session,
                     const char       *local_sdp,
                     const char       *remote_sdp,
                     Center           *center)
{
  const char *id = sc_call_session_get_id (session);
  Call *call = call_for (center, id);

  if (call == NULL)
    {
      /* An agent answering a call that is no longer offered to it. */
      if (g_hash_table_contains (center->agent_legs, id))
        terminate (center, id);
      return;
    }
  if (g_strcmp0 (id, call->leg) == 0)
    customer_answered (center, call);
  else if (g_strcmp0 (id, call->agent_leg) == 0 && call->state == CALL_RINGING)
    agent_answered (center, call);
}

static void
read_counters (Center     *center,
               const char *session_id,
               guint64    *in,
               guint64    *out)
{
  g_autoptr(ScMediaInfo) media =
    sc_session_manager_get_media_info (center->sessions, session_id, NULL);

  if (media != NULL)
    {
      *in = sc_media_info_get_packets_received (media);
      *out = sc_media_info_get_packets_sent (media);
    }
}

static void
customer_leg_ended (Center *center,
                    Call   *call)
{
  gint64 end = g_get_real_time ();

  if (call->hangup_by == NULL)
    call->hangup_by = "customer";
  if (call->state == CALL_TALKING)
    {
      read_counters (center, call->leg, &call->customer_in, &call->customer_out);
      call->customer_in -= MIN (call->customer_in, call->customer_in0);
      call->customer_out -= MIN (call->customer_out, call->customer_out0);
      if (call->agent_leg != NULL)
        read_counters (center, call->agent_leg, &call->agent_in, &call->agent_out);
    }
  else if (call->outcome == NULL)
    call->outcome = "abandoned";
  if (call->answered != 0)
    call->outcome = "answered";

  /* The agent's leg ends too (BYE, or CANCEL while it rings). */
  if (call->agent_leg != NULL)
    {
      g_hash_table_remove (center->legs, call->agent_leg);
      terminate (center, call->agent_leg);
    }
  g_hash_table_remove (center->legs, call->leg);
  center->calls = g_list_remove (center->calls, call);
  cc_cdr_write (center, call, end);
  call_free (call);
}

static void
agent_call_leg_ended (Center *center,
                      Call   *call)
{
  g_clear_handle_id (&call->ring_id, g_source_remove);
  g_hash_table_remove (center->legs, call->agent_leg);
  if (call->state == CALL_TALKING)
    {
      /* The agent hung up: the customer's leg ends too. */
      read_counters (center, call->agent_leg, &call->agent_in, &call->agent_out);
      if (call->hangup_by == NULL)
        call->hangup_by = "agent";
      terminate (center, call->leg);
      return;
    }
  /* Not answered, refused, or unreachable: back first in line. */
  if (call->state == CALL_RINGING)
    {
      if (call->ring_id == 0 && call->agent != NULL)
        cc_log (center, "%s: agent %s did not take the call", call->caller, call->agent->name);
      call->state = CALL_WAITING;
    }
  g_clear_pointer (&call->agent_leg, g_free);
  call->agent = NULL;
}

static void
call_ended_cb (ScSessionManager *sessions,
               ScCallSession    *session,
               const char       *reason,
               Center           *center)
{
  const char *id = sc_call_session_get_id (session);
  Call *call = call_for (center, id);
  Agent *agent = g_hash_table_lookup (center->agent_legs, id);

  if (call != NULL && g_strcmp0 (id, call->leg) == 0)
    customer_leg_ended (center, call);
  else if (call != NULL)
    {
      if (agent != NULL && call->state == CALL_RINGING &&
          sc_call_session_get_state (session) != SC_CALL_STATE_CANCELLED)
        agent->missed++;   /* refused or unreachable; a CANCEL was counted */
      agent_call_leg_ended (center, call);
    }
  if (agent != NULL)
    agent_leg_ended (center, agent, id);
  cc_dispatch (center);
}

/* ------------------------------------------------------------------ */
/* Blind transfer asked by an agent (REFER)                            */

static gboolean
transfer_request_cb (ScSessionManager *sessions,
                     const char       *session_id,
                     const char       *target_uri,
                     const char       *referred_by,
                     Center           *center)
{
  g_autofree char *target = uri_user (target_uri);
  Call *call = call_for (center, session_id);
  Queue *queue = cc_find_queue (center, target);
  Agent *agent = cc_find_agent (center, target);
  Agent *from;

  if (call == NULL || g_strcmp0 (session_id, call->agent_leg) != 0 ||
      call->state != CALL_TALKING || (queue == NULL && agent == NULL))
    return FALSE;   /* 603: only an agent in a conversation, to a queue or agent */
  if (agent != NULL &&
      (agent->state != AGENT_IDLE || !cc_agent_registered (agent, g_get_monotonic_time ())))
    {
      cc_log (center, "transfer to agent %s refused: %s", agent->name,
              cc_agent_state_name (agent->state));
      return FALSE;
    }

  from = call->agent;
  cc_log (center, "agent %s transfers %s to %s", from->name, call->caller, target);
  if (call->first_agent == NULL)
    call->first_agent = g_strdup (from->name);
  /* The agent's leg leaves the call (its end only rests the agent). */
  read_counters (center, call->agent_leg, &call->agent_in, &call->agent_out);
  g_hash_table_remove (center->legs, call->agent_leg);
  sc_server_session_manager_destroy_bridge (center->server, call->bridge_id, NULL);
  g_clear_pointer (&call->bridge_id, g_free);
  terminate_later (center, call->agent_leg);
  g_clear_pointer (&call->agent_leg, g_free);
  call->agent = NULL;
  call->state = CALL_WAITING;
  if (queue != NULL)
    {
      call->queue = queue;
      queue->offered++;
      play_hold_music (center, call);
      cc_dispatch (center);
    }
  else
    offer (center, call, agent);
  return TRUE;
}

/* ------------------------------------------------------------------ */

guint
cc_queue_length (Center *center,
                 Queue  *queue)
{
  guint n = 0;

  for (GList *l = center->calls; l != NULL; l = l->next)
    {
      Call *call = l->data;

      n += call->queue == queue && (call->state == CALL_WAITING || call->state == CALL_RINGING);
    }
  return n;
}

guint
cc_active_bridges (Center *center)
{
  guint n = 0;

  for (GList *l = center->calls; l != NULL; l = l->next)
    n += ((Call *) l->data)->state == CALL_TALKING;
  return n;
}

/* Before shutdown_async: every call ends by the server's BYE. */
void
cc_queue_shutdown (Center *center)
{
  center->shutting_down = TRUE;
  for (GList *l = center->calls; l != NULL; l = l->next)
    {
      Call *call = l->data;

      if (call->hangup_by == NULL)
        call->hangup_by = "server";
    }
  for (guint i = 0; i < center->agents->len; i++)
    g_clear_handle_id (&((Agent *) center->agents->pdata[i])->wrap_up_id, g_source_remove);
}

void
cc_queue_init (Center *center)
{
  center->legs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  center->agent_legs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_signal_connect (center->sessions, "incoming-call", G_CALLBACK (incoming_call_cb), center);
  g_signal_connect (center->sessions, "call-established", G_CALLBACK (call_established_cb),
                    center);
  g_signal_connect (center->sessions, "call-ended", G_CALLBACK (call_ended_cb), center);
  g_signal_connect (center->sessions, "transfer-request", G_CALLBACK (transfer_request_cb),
                    center);
}
