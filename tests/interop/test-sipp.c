/* test-sipp.c: sessioncore against SIPp (sip-tester), a real independent
 * SIP implementation, over UDP on 127.0.0.1
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each test runs an in-process session manager (test_manager_new) and one
 * SIPp process; the main context keeps running while SIPp works, so the
 * manager answers in time. SIPp's exit status says whether every call of
 * its scenario went as scripted; the manager's signals say whether the
 * library saw the same calls.
 */

#include "test-utils.h"
#include "sipp-utils.h"

#include <string.h>

/* SIPp's own -timeout; the outer `timeout` adds 10 s. */
#define SIPP_TIMEOUT_S 60
#define SIPP_WAIT_MS   ((SIPP_TIMEOUT_S + 20) * 1000)

static void
check_stats (ScSessionManager *m,
             guint64           total,
             guint             active,
             guint64           failed)
{
  g_autoptr(ScSessionStats) stats = sc_session_manager_get_stats (m);

  g_assert_cmpuint (sc_session_stats_get_total_sessions (stats), ==, total);
  g_assert_cmpuint (sc_session_stats_get_active_sessions (stats), ==, active);
  g_assert_cmpuint (sc_session_stats_get_failed_sessions (stats), ==, failed);
}

static guint
count_final (TestRecorder *r,
             ScCallState   state)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_hash_table_iter_init (&iter, r->final_states);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (GPOINTER_TO_INT (value) == (int) state)
      n++;
  return n;
}

/* ---- SIPp calls the manager ---- */

static void
test_uac_calls_server (void)
{
  g_autoptr(ScSessionManager) m = test_manager_new (0, NULL);
  g_autoptr(TestRecorder) r = test_recorder_new (m);
  g_autofree char *target = g_strdup (sc_session_manager_get_bound_address (m));
  g_autoptr(InteropSipp) sipp = NULL;
  g_auto(GStrv) listed = NULL;
  const char *args[] = { "-sn", "uac", target, "-m", "50", "-r", "25", NULL };

  g_test_summary ("SIPp's built-in UAC places 50 calls (25/s) to a manager "
                  "that accepts them: SIPp sees 50 successful calls, the "
                  "manager 50 established and 50 ended, all Terminated");

  test_recorder_set_decision (r, sc_call_decision_accept (NULL));
  sipp = interop_sipp_start (args, 0, SIPP_TIMEOUT_S);
  g_assert_cmpint (interop_sipp_wait (sipp, SIPP_WAIT_MS), ==, 0);

  /* SIPp is done when our 200 for its last BYE arrived; the manager may
   * still be finishing that dialog. */
  TEST_WAIT (r->n_ended == 50, WAIT_MS);
  g_assert_cmpuint (r->n_incoming, ==, 50);
  g_assert_cmpuint (r->n_established, ==, 50);
  g_assert_cmpuint (g_hash_table_size (r->final_states), ==, 50);
  g_assert_cmpuint (count_final (r, SC_CALL_STATE_TERMINATED), ==, 50);
  /* SIPp's offer is PCMU only; the answer must be PCMU. */
  g_assert_nonnull (strstr (r->last_remote_sdp, "RTP/AVP 0"));
  g_assert_nonnull (strstr (r->last_local_sdp, "m=audio "));
  g_assert_nonnull (strstr (r->last_local_sdp, "RTP/AVP 0"));
  check_stats (m, 50, 0, 0);
  listed = sc_session_manager_list_active_sessions (m);
  g_assert_cmpuint (g_strv_length (listed), ==, 0);

  g_clear_pointer (&r, test_recorder_free);
  test_manager_shutdown (m);
}

/* ---- the manager calls SIPp ---- */

static void
test_server_calls_uas (void)
{
  g_autoptr(ScSessionManager) m = test_manager_new (0, NULL);
  g_autoptr(TestRecorder) r = test_recorder_new (m);
  g_autofree char *from = test_uri (m, "caller");
  g_autofree char *to = NULL;
  g_autoptr(InteropSipp) sipp = NULL;
  const char *args[] = { "-sn", "uas", "-m", "5", NULL };

  g_test_summary ("The manager places 5 calls to SIPp's built-in UAS, one "
                  "after the other: each reaches Active, is hung up by the "
                  "manager (BYE) and ends Terminated; SIPp sees 5 good calls");

  sipp = interop_sipp_start (args, 0, SIPP_TIMEOUT_S);
  interop_sipp_wait_ready (sipp, WAIT_MS);
  to = g_strdup_printf ("sip:service@127.0.0.1:%u", sipp->port);

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(ScCallSession) session = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *events = NULL;
      ScCallState state;
      const char *id;

      session = sc_session_manager_create_outgoing_call (m, from, to, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (session);
      id = sc_call_session_get_id (session);

      TEST_WAIT (sc_call_session_get_state (session) == SC_CALL_STATE_ACTIVE ||
                 test_recorder_has_final (r, id, NULL), WAIT_MS);
      g_assert_cmpint (sc_call_session_get_state (session), ==, SC_CALL_STATE_ACTIVE);
      g_assert_cmpuint (r->n_established, ==, i + 1);
      /* SIPp's answer (PCMU on its media port) is the remote SDP. */
      g_assert_nonnull (strstr (r->last_remote_sdp, "RTP/AVP 0"));

      sc_session_manager_terminate_session (m, id, &error);
      g_assert_no_error (error);
      TEST_WAIT (test_recorder_has_final (r, id, &state), WAIT_MS);
      g_assert_cmpint (state, ==, SC_CALL_STATE_TERMINATED);

      events = test_recorder_session_events (r, id);
      /* 180 from SIPp first, then 200. */
      g_assert_cmpstr (events, ==,
                       "state Initiating->Ringing, state Ringing->Active, "
                       "established, state Active->Terminating, "
                       "state Terminating->Terminated, ended Terminated");
    }

  /* SIPp ends after its last call's 4 s "timewait". */
  g_assert_cmpint (interop_sipp_wait (sipp, SIPP_WAIT_MS), ==, 0);
  check_stats (m, 5, 0, 0);

  g_clear_pointer (&r, test_recorder_free);
  test_manager_shutdown (m);
}

/* ---- REGISTER ---- */

typedef struct {
  ScSessionManager *manager;
  guint             answer;      /* status the handler answers with */
  guint             n_requests;
  char             *from;
  char             *contact;
  guint             expires;
  gboolean          sent;
} Registrar;

static void
registration_cb (ScSessionManager *manager,
                 const char       *transaction_id,
                 const char       *from,
                 const char       *contact,
                 guint             expires,
                 Registrar        *registrar)
{
  g_autoptr(GHashTable) headers = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                         NULL, g_free);
  g_autoptr(GError) error = NULL;

  registrar->n_requests++;
  g_free (registrar->from);
  registrar->from = g_strdup (from);
  g_free (registrar->contact);
  registrar->contact = g_strdup (contact);
  registrar->expires = expires;

  g_assert_nonnull (transaction_id);
  g_assert_cmpstr (transaction_id, !=, "");
  if (registrar->answer == 200 && contact != NULL)
    g_hash_table_insert (headers, "Contact",
                         g_strdup_printf ("<%s>;expires=%u", contact, expires));
  registrar->sent = sc_session_manager_send_sip_response (manager, transaction_id,
                                                          registrar->answer, NULL,
                                                          headers, &error);
  g_assert_no_error (error);

  /* Answered once: the transaction is gone. */
  g_assert_false (sc_session_manager_send_sip_response (manager, transaction_id,
                                                        500, NULL, NULL, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_SESSION_NOT_FOUND);
}

static void
run_register (guint       answer,
              const char *scenario)
{
  g_autoptr(ScSessionManager) m = test_manager_new (0, NULL);
  g_autofree char *target = g_strdup (sc_session_manager_get_bound_address (m));
  g_autofree char *scenario_path = interop_data_file (scenario);
  g_autofree char *expected_contact = NULL;
  g_autoptr(InteropSipp) sipp = NULL;
  const char *args[] = { "-sf", scenario_path, target, "-s", "alice", "-m", "1", NULL };
  Registrar registrar = { m, answer };
  gulong id;

  id = g_signal_connect (m, "registration-request", G_CALLBACK (registration_cb),
                         &registrar);
  sipp = interop_sipp_start (args, 0, SIPP_TIMEOUT_S);
  g_assert_cmpint (interop_sipp_wait (sipp, SIPP_WAIT_MS), ==, 0);

  g_assert_cmpuint (registrar.n_requests, ==, 1);
  g_assert_true (registrar.sent);
  g_assert_cmpstr (registrar.from, ==, "sip:alice@127.0.0.1");
  expected_contact = g_strdup_printf ("sip:alice@127.0.0.1:%u", sipp->port);
  g_assert_cmpstr (registrar.contact, ==, expected_contact);
  g_assert_cmpuint (registrar.expires, ==, 300);
  /* A REGISTER is no call. */
  check_stats (m, 0, 0, 0);

  g_signal_handler_disconnect (m, id);
  g_free (registrar.from);
  g_free (registrar.contact);
  test_manager_shutdown (m);
}

static void
test_register (void)
{
  g_test_summary ("SIPp REGISTERs alice (Contact, Expires: 300): the "
                  "registration-request handler sees From, Contact and 300 "
                  "and answers 200 with Contact;expires=300, which SIPp "
                  "checks; a second registrar answers 403 and SIPp expects "
                  "exactly that");

  run_register (200, "register.xml");
  run_register (403, "register-403.xml");
}

/* ---- a rejected call ---- */

static void
test_uac_rejected (void)
{
  g_autoptr(ScSessionManager) m = test_manager_new (0, NULL);
  g_autoptr(TestRecorder) r = test_recorder_new (m);
  g_autofree char *target = g_strdup (sc_session_manager_get_bound_address (m));
  g_autofree char *scenario_path = interop_data_file ("uac-486.xml");
  g_autoptr(InteropSipp) sipp = NULL;
  g_autofree char *events = NULL;
  const char *args[] = { "-sf", scenario_path, target, "-m", "3", "-r", "10", NULL };
  ScCallState state;

  g_test_summary ("The manager rejects SIPp's calls with 486 through a "
                  "decision: SIPp receives 486 and ACKs it, 3 times; the "
                  "manager's sessions end Failed, never established");

  test_recorder_set_decision (r, sc_call_decision_reject_with_code (486, NULL));
  sipp = interop_sipp_start (args, 0, SIPP_TIMEOUT_S);
  g_assert_cmpint (interop_sipp_wait (sipp, SIPP_WAIT_MS), ==, 0);

  TEST_WAIT (r->n_ended == 3, WAIT_MS);
  g_assert_cmpuint (r->n_incoming, ==, 3);
  g_assert_cmpuint (r->n_established, ==, 0);
  g_assert_cmpuint (count_final (r, SC_CALL_STATE_FAILED), ==, 3);
  g_assert_true (test_recorder_has_final (r, r->last_incoming_id, &state));
  g_assert_cmpint (state, ==, SC_CALL_STATE_FAILED);
  g_assert_nonnull (r->last_failure);
  g_assert_true (g_str_has_prefix (r->last_failure, "486"));
  events = test_recorder_session_events (r, r->last_incoming_id);
  g_assert_cmpstr (events, ==, "incoming, state Initiating->Failed, ended Failed");
  check_stats (m, 3, 0, 3);

  g_clear_pointer (&r, test_recorder_free);
  test_manager_shutdown (m);
}

/* ---- CANCEL ---- */

static void
test_cancel (void)
{
  g_autoptr(ScSessionManager) m = test_manager_new (0, NULL);
  g_autoptr(TestRecorder) r = test_recorder_new (m);
  g_autofree char *target = g_strdup (sc_session_manager_get_bound_address (m));
  g_autofree char *scenario_path = interop_data_file ("cancel.xml");
  g_autoptr(InteropSipp) sipp = NULL;
  g_autofree char *events = NULL;
  const char *args[] = { "-sf", scenario_path, target, "-m", "1", NULL };
  ScCallState state;

  g_test_summary ("The manager defers SIPp's call (180 Ringing); SIPp "
                  "CANCELs it: 200 for the CANCEL, 487 for the INVITE, ACK; "
                  "the session ends Cancelled without being established");

  test_recorder_set_decision (r, sc_call_decision_defer ());
  sipp = interop_sipp_start (args, 0, SIPP_TIMEOUT_S);
  g_assert_cmpint (interop_sipp_wait (sipp, SIPP_WAIT_MS), ==, 0);

  TEST_WAIT (r->n_ended == 1, WAIT_MS);
  g_assert_cmpuint (r->n_incoming, ==, 1);
  g_assert_cmpuint (r->n_established, ==, 0);
  g_assert_true (test_recorder_has_final (r, r->last_incoming_id, &state));
  g_assert_cmpint (state, ==, SC_CALL_STATE_CANCELLED);
  events = test_recorder_session_events (r, r->last_incoming_id);
  g_assert_cmpstr (events, ==,
                   "incoming, state Initiating->Ringing, "
                   "state Ringing->Cancelled, ended Cancelled");
  g_assert_null (sc_session_manager_get_session (m, r->last_incoming_id));
  check_stats (m, 1, 0, 0);

  g_clear_pointer (&r, test_recorder_free);
  test_manager_shutdown (m);
}

static void
skip_without_sipp (void)
{
  g_test_skip ("sipp (package sip-tester) is not installed");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *sipp = NULL;
  gboolean have_sipp;

  g_test_init (&argc, &argv, NULL);
  sipp = g_find_program_in_path ("sipp");
  have_sipp = sipp != NULL;

#define ADD(path, func) \
  g_test_add_func (path, have_sipp ? func : skip_without_sipp)
  ADD ("/sipp/uac-calls-server", test_uac_calls_server);
  ADD ("/sipp/server-calls-uas", test_server_calls_uas);
  ADD ("/sipp/register", test_register);
  ADD ("/sipp/uac-rejected", test_uac_rejected);
  ADD ("/sipp/cancel", test_cancel);
#undef ADD

  return g_test_run ();
}
