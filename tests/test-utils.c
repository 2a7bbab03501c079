/* test-utils.c: the test SDK
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test-utils.h"

#include <string.h>
#include <sys/resource.h>

static guint next_media_port = 20000;

ScSessionManager *
test_manager_new (guint          max_sessions,
                  ScCallHandler *handler)
{
  return test_manager_new_full (max_sessions, handler, 0);
}

ScSessionManager *
test_manager_new_full (guint          max_sessions,
                       ScCallHandler *handler,
                       guint          transaction_timeout)
{
  g_autoptr(ScSessionManagerBuilder) builder = sc_session_manager_builder_new ();
  g_autoptr(GError) error = NULL;
  ScSessionManager *manager;
  struct rlimit limit;

  /* Each call with media holds two sockets. */
  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
    }

  /* Separate ranges keep two managers of one test apart; the pool skips
   * ports another process holds anyway. */
  sc_session_manager_builder_with_local_bind_addr (builder, "127.0.0.1:0");
  sc_session_manager_builder_with_media_ports (builder, next_media_port,
                                               next_media_port + 999);
  next_media_port += 1000;
  if (next_media_port > 60000)
    next_media_port = 20000;
  if (max_sessions > 0)
    sc_session_manager_builder_with_max_sessions (builder, max_sessions);
  if (handler != NULL)
    sc_session_manager_builder_with_handler (builder, handler);
  if (transaction_timeout > 0)
    sc_session_manager_builder_with_transaction_timeout (builder, transaction_timeout);

  manager = sc_session_manager_builder_build (builder, &error);
  g_assert_no_error (error);
  g_assert_nonnull (manager);
  return manager;
}

char *
test_uri (ScSessionManager *manager,
          const char       *user)
{
  return g_strdup_printf ("sip:%s@%s", user,
                          sc_session_manager_get_bound_address (manager));
}

static void
shutdown_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (sc_session_manager_shutdown_finish (SC_SESSION_MANAGER (source),
                                                     result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

void
test_manager_shutdown (ScSessionManager *manager)
{
  gboolean done = FALSE;

  sc_session_manager_shutdown_async (manager, NULL, shutdown_cb, &done);
  TEST_WAIT (done, 40000);
}

static gint64 wait_deadline;

void
test_iterate_or_fail (guint       timeout_ms,
                      const char *what)
{
  gint64 now = g_get_monotonic_time ();

  if (wait_deadline == 0)
    wait_deadline = now + (gint64) timeout_ms * 1000;
  if (now > wait_deadline)
    {
      wait_deadline = 0;
      g_error ("timed out after %u ms waiting for: %s", timeout_ms, what);
    }
  /* Never block for long: the deadline must be checked. */
  if (!g_main_context_iteration (NULL, FALSE))
    g_usleep (500);
}

void
test_iterate_reset (void)
{
  wait_deadline = 0;
}

void
test_wait_until (TestCondition  condition,
                 gpointer       user_data,
                 guint          timeout_ms,
                 const char    *what)
{
  while (!condition (user_data))
    test_iterate_or_fail (timeout_ms, what);
  test_iterate_reset ();
}

void
test_run_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (500);
}

/* ---- recorder ---- */

static void
record (TestRecorder *recorder,
        const char   *session_id,
        char         *text)
{
  g_ptr_array_add (recorder->events, g_strdup_printf ("%s|%s", session_id, text));
  g_free (text);
}

static void
state_changed_cb (ScSessionManager *manager,
                  const char       *session_id,
                  ScCallState       old_state,
                  ScCallState       new_state,
                  const char       *reason,
                  TestRecorder     *recorder)
{
  record (recorder, session_id,
          g_strdup_printf ("state %s->%s", sc_call_state_to_string (old_state),
                           sc_call_state_to_string (new_state)));
  if (new_state == SC_CALL_STATE_ACTIVE)
    g_hash_table_add (recorder->active, g_strdup (session_id));
}

static void
established_cb (ScSessionManager *manager,
                ScCallSession    *session,
                const char       *local_sdp,
                const char       *remote_sdp,
                TestRecorder     *recorder)
{
  recorder->n_established++;
  g_free (recorder->last_local_sdp);
  recorder->last_local_sdp = g_strdup (local_sdp);
  g_free (recorder->last_remote_sdp);
  recorder->last_remote_sdp = g_strdup (remote_sdp);
  record (recorder, sc_call_session_get_id (session), g_strdup ("established"));
}

static void
ended_cb (ScSessionManager *manager,
          ScCallSession    *session,
          const char       *reason,
          TestRecorder     *recorder)
{
  ScCallState state = sc_call_session_get_state (session);

  recorder->n_ended++;
  g_hash_table_insert (recorder->final_states,
                       g_strdup (sc_call_session_get_id (session)),
                       GINT_TO_POINTER (state));
  g_free (recorder->last_end_reason);
  recorder->last_end_reason = g_strdup (reason);
  g_free (recorder->last_failure);
  recorder->last_failure = g_strdup (sc_call_session_get_failure_reason (session));
  record (recorder, sc_call_session_get_id (session),
          g_strdup_printf ("ended %s", sc_call_state_to_string (state)));
}

static ScCallDecision *
incoming_cb (ScSessionManager *manager,
             ScIncomingCall   *call,
             TestRecorder     *recorder)
{
  recorder->n_incoming++;
  g_free (recorder->last_incoming_id);
  recorder->last_incoming_id = g_strdup (sc_incoming_call_get_id (call));
  record (recorder, sc_incoming_call_get_id (call), g_strdup ("incoming"));
  return recorder->decision ? sc_call_decision_copy (recorder->decision) : NULL;
}

static void
dtmf_cb (ScSessionManager *manager,
         const char       *session_id,
         const char       *digit,
         guint             duration_ms,
         TestRecorder     *recorder)
{
  g_string_append (recorder->dtmf, digit);
  record (recorder, session_id, g_strdup_printf ("dtmf %s", digit));
}

TestRecorder *
test_recorder_new (ScSessionManager *manager)
{
  TestRecorder *recorder = g_new0 (TestRecorder, 1);

  recorder->manager = g_object_ref (manager);
  recorder->events = g_ptr_array_new_with_free_func (g_free);
  recorder->final_states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  recorder->active = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  recorder->dtmf = g_string_new (NULL);
  recorder->handler_ids[0] = g_signal_connect (manager, "call-state-changed",
                                               G_CALLBACK (state_changed_cb), recorder);
  recorder->handler_ids[1] = g_signal_connect (manager, "call-established",
                                               G_CALLBACK (established_cb), recorder);
  recorder->handler_ids[2] = g_signal_connect (manager, "call-ended",
                                               G_CALLBACK (ended_cb), recorder);
  recorder->handler_ids[3] = g_signal_connect (manager, "incoming-call",
                                               G_CALLBACK (incoming_cb), recorder);
  recorder->handler_ids[4] = g_signal_connect (manager, "dtmf",
                                               G_CALLBACK (dtmf_cb), recorder);
  return recorder;
}

void
test_recorder_free (TestRecorder *recorder)
{
  for (guint i = 0; i < G_N_ELEMENTS (recorder->handler_ids); i++)
    if (recorder->handler_ids[i] != 0)
      g_signal_handler_disconnect (recorder->manager, recorder->handler_ids[i]);
  g_object_unref (recorder->manager);
  g_ptr_array_unref (recorder->events);
  g_hash_table_unref (recorder->final_states);
  g_hash_table_unref (recorder->active);
  g_string_free (recorder->dtmf, TRUE);
  g_clear_pointer (&recorder->decision, sc_call_decision_free);
  g_free (recorder->last_incoming_id);
  g_free (recorder->last_local_sdp);
  g_free (recorder->last_remote_sdp);
  g_free (recorder->last_end_reason);
  g_free (recorder->last_failure);
  g_free (recorder);
}

void
test_recorder_set_decision (TestRecorder   *recorder,
                            ScCallDecision *decision)
{
  g_clear_pointer (&recorder->decision, sc_call_decision_free);
  recorder->decision = decision;
}

void
test_recorder_forget (TestRecorder *recorder)
{
  g_ptr_array_set_size (recorder->events, 0);
  g_hash_table_remove_all (recorder->final_states);
  g_hash_table_remove_all (recorder->active);
}

char *
test_recorder_session_events (TestRecorder *recorder,
                              const char   *session_id)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gsize prefix_len = strlen (session_id);

  for (guint i = 0; i < recorder->events->len; i++)
    {
      const char *event = g_ptr_array_index (recorder->events, i);

      if (strncmp (event, session_id, prefix_len) == 0 && event[prefix_len] == '|')
        {
          if (text->len > 0)
            g_string_append (text, ", ");
          g_string_append (text, event + prefix_len + 1);
        }
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

gboolean
test_recorder_has_final (TestRecorder *recorder,
                         const char   *session_id,
                         ScCallState  *out_state)
{
  gpointer value;

  if (!g_hash_table_lookup_extended (recorder->final_states, session_id, NULL, &value))
    return FALSE;
  if (out_state != NULL)
    *out_state = GPOINTER_TO_INT (value);
  return TRUE;
}
