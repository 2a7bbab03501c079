/* test-session-manager.c: calls between two in-process managers over real
 * SIP on 127.0.0.1, observed as a user would: states and signals in order,
 * the SDP that arrived, the status the caller saw.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test-utils.h"

/* Most tests: A and B, a recorder on each (the SDK's two-manager fixture). */
typedef TestPair Fixture;

/* B accepts at most two concurrent sessions. */
static void
fixture_setup_limited (Fixture       *f,
                       gconstpointer  data)
{
  TestPairOptions options = { .b.max_sessions = 2 };

  test_pair_setup_full (f, &options);
}

static ScCallState
final_state (TestRecorder *r,
             const char   *id)
{
  ScCallState state;

  g_assert_true (test_recorder_has_final (r, id, &state));
  return state;
}

/* ---- lifecycle ---- */

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

/* data: TRUE when the callee hangs up, FALSE when the caller does. */
static void
test_lifecycle (Fixture       *f,
                gconstpointer  data)
{
  gboolean callee_hangs_up = GPOINTER_TO_INT (data);
  g_autoptr(ScCallSession) session = NULL;
  g_autoptr(ScCallSession) incoming = NULL;
  g_autoptr(ScSessionStats) stats = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a_events = NULL;
  g_autofree char *b_events = NULL;
  g_autofree char *b_id = NULL;
  g_auto(GStrv) listed = NULL;
  const char *a_id;

  g_test_summary ("A calls B, B accepts, one side hangs up: states, "
                  "signals, SDPs and stats on both sides");

  check_stats (f->a, 0, 0, 0);
  check_stats (f->b, 0, 0, 0);
  stats = sc_session_manager_get_stats (f->a);
  g_assert_cmpint (sc_session_stats_get_average_duration_ms (stats), ==, -1);

  test_recorder_set_decision (f->rb, sc_call_decision_accept (NULL));
  session = test_pair_call (f, NULL);
  a_id = sc_call_session_get_id (session);
  /* sess_<uuid>, as in Rust session-core. */
  g_assert_true (g_uuid_string_is_valid (a_id + strlen ("sess_")));
  g_assert_nonnull (sc_call_session_get_sip_call_id (session));
  g_assert_cmpint (sc_call_session_get_started_at (session), ==, 0);

  TEST_WAIT (f->ra->n_established == 1 && f->rb->n_established == 1, WAIT_MS);
  g_assert_cmpint (sc_call_session_get_state (session), ==, SC_CALL_STATE_ACTIVE);
  g_assert_true (sc_call_session_is_active (session));
  g_assert_cmpint (sc_call_session_get_started_at (session), >, 0);

  /* B's session: incoming, same Call-ID, same URIs. */
  b_id = g_strdup (f->rb->last_incoming_id);
  incoming = sc_session_manager_get_session (f->b, b_id);
  g_assert_nonnull (incoming);
  g_assert_cmpint (sc_call_session_get_direction (incoming), ==, SC_CALL_DIRECTION_INCOMING);
  g_assert_cmpstr (sc_call_session_get_sip_call_id (incoming), ==,
                   sc_call_session_get_sip_call_id (session));
  g_assert_cmpstr (sc_call_session_get_from (incoming), ==, f->a_uri);
  g_assert_cmpstr (sc_call_session_get_to (incoming), ==, f->b_uri);

  /* What A sent is what B received, and back. */
  g_assert_nonnull (f->ra->last_local_sdp);
  g_assert_cmpstr (f->ra->last_local_sdp, ==, f->rb->last_remote_sdp);
  g_assert_cmpstr (f->rb->last_local_sdp, ==, f->ra->last_remote_sdp);
  g_assert_nonnull (strstr (f->rb->last_local_sdp, "m=audio "));
  g_assert_nonnull (strstr (f->rb->last_local_sdp, "RTP/AVP 0"));

  check_stats (f->a, 1, 1, 0);
  check_stats (f->b, 1, 1, 0);
  listed = sc_session_manager_list_active_sessions (f->a);
  g_assert_cmpuint (g_strv_length (listed), ==, 1);
  g_assert_cmpstr (listed[0], ==, a_id);

  test_run_for (50);
  if (callee_hangs_up)
    sc_session_manager_terminate_session (f->b, b_id, &error);
  else
    sc_session_manager_terminate_session (f->a, a_id, &error);
  g_assert_no_error (error);

  TEST_WAIT (f->ra->n_ended == 1 && f->rb->n_ended == 1, WAIT_MS);
  g_assert_cmpint (final_state (f->ra, a_id), ==, SC_CALL_STATE_TERMINATED);
  g_assert_cmpint (final_state (f->rb, b_id), ==, SC_CALL_STATE_TERMINATED);
  g_assert_cmpint (sc_call_session_get_state (session), ==, SC_CALL_STATE_TERMINATED);
  g_assert_null (sc_call_session_get_failure_reason (session));

  a_events = test_recorder_session_events (f->ra, a_id);
  b_events = test_recorder_session_events (f->rb, b_id);
  if (callee_hangs_up)
    {
      g_assert_cmpstr (a_events, ==,
                       "state Initiating->Active, established, "
                       "state Active->Terminated, ended Terminated");
      g_assert_cmpstr (b_events, ==,
                       "incoming, state Initiating->Active, established, "
                       "state Active->Terminating, state Terminating->Terminated, "
                       "ended Terminated");
    }
  else
    {
      g_assert_cmpstr (a_events, ==,
                       "state Initiating->Active, established, "
                       "state Active->Terminating, state Terminating->Terminated, "
                       "ended Terminated");
      g_assert_cmpstr (b_events, ==,
                       "incoming, state Initiating->Active, established, "
                       "state Active->Terminated, ended Terminated");
    }

  check_stats (f->a, 1, 0, 0);
  check_stats (f->b, 1, 0, 0);
  g_clear_pointer (&stats, sc_session_stats_free);
  stats = sc_session_manager_get_stats (f->a);
  g_assert_cmpint (sc_session_stats_get_average_duration_ms (stats), >=, 40);
  g_assert_null (sc_session_manager_get_session (f->a, a_id));
}

/* ---- rejections ---- */

typedef struct {
  ScCallDecision *(*make) (void);
  const char      *expected_failure;
} RejectCase;

static ScCallDecision *make_none (void) { return NULL; }
static ScCallDecision *make_reject_default (void) { return sc_call_decision_reject ("Busy Here"); }
static ScCallDecision *make_reject_403 (void) { return sc_call_decision_reject_with_code (403, "Forbidden"); }
static ScCallDecision *make_reject_503 (void) { return sc_call_decision_reject_with_code (503, NULL); }
static ScCallDecision *make_reject_custom (void) { return sc_call_decision_reject_with_code (486, "Agent On Break"); }

static const RejectCase reject_none = { make_none, "486 Busy Here" };
static const RejectCase reject_default = { make_reject_default, "486 Busy Here" };
static const RejectCase reject_403 = { make_reject_403, "403 Forbidden" };
static const RejectCase reject_503 = { make_reject_503, "503 Service Unavailable" };
static const RejectCase reject_custom = { make_reject_custom, "486 Agent On Break" };

static void
test_reject (Fixture       *f,
             gconstpointer  data)
{
  const RejectCase *rc = data;
  g_autoptr(ScCallSession) session = NULL;
  const char *id;

  g_test_summary ("A decision to reject reaches the caller as that status");

  if (rc->make != make_none)
    test_recorder_set_decision (f->rb, rc->make ());
  else
    {
      /* Nobody decides at all: no handler connected to incoming-call. */
      g_signal_handler_disconnect (f->b, f->rb->handler_ids[3]);
      f->rb->handler_ids[3] = 0;
    }

  session = test_pair_call (f, NULL);
  id = sc_call_session_get_id (session);
  TEST_WAIT (test_recorder_has_final (f->ra, id, NULL), WAIT_MS);

  g_assert_cmpint (sc_call_session_get_state (session), ==, SC_CALL_STATE_FAILED);
  /* The status line the caller received. */
  g_assert_cmpstr (sc_call_session_get_failure_reason (session), ==, rc->expected_failure);
  g_assert_cmpuint (f->ra->n_established, ==, 0);
  TEST_WAIT (f->rb->n_ended == 1, WAIT_MS);
  check_stats (f->a, 1, 0, 1);
  check_stats (f->b, 1, 0, 1);
}

/* ---- defer, then decide ---- */

/* A PCMA answer whose RTP goes to a port nobody reads. */
static char *
custom_answer_new (void)
{
  return g_strdup_printf ("v=0\r\n"
                          "o=- 4242 1 IN IP4 127.0.0.1\r\n"
                          "s=custom answer\r\n"
                          "c=IN IP4 127.0.0.1\r\n"
                          "t=0 0\r\n"
                          "m=audio %u RTP/AVP 8\r\n"
                          "a=rtpmap:8 PCMA/8000\r\n"
                          "a=sendrecv\r\n", test_discard_port ());
}

static void
test_defer_accept (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(ScCallSession) session = NULL;
  g_autoptr(ScCallSession) accepted = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a_events = NULL;
  g_autofree char *custom_answer = custom_answer_new ();
  const char *id;

  g_test_summary ("Deferred call rings, then accept with an explicit SDP: "
                  "the caller receives exactly that SDP");

  test_recorder_set_decision (f->rb, sc_call_decision_defer ());
  session = test_pair_call (f, NULL);
  id = sc_call_session_get_id (session);

  TEST_WAIT (sc_call_session_get_state (session) == SC_CALL_STATE_RINGING, WAIT_MS);
  g_assert_nonnull (f->rb->last_incoming_id);
  test_run_for (100);
  g_assert_cmpint (sc_call_session_get_state (session), ==, SC_CALL_STATE_RINGING);

  accepted = sc_session_manager_accept_incoming_call (f->b, f->rb->last_incoming_id,
                                                      custom_answer, &error);
  g_assert_no_error (error);
  g_assert_nonnull (accepted);

  TEST_WAIT (f->ra->n_established == 1 && f->rb->n_established == 1, WAIT_MS);
  g_assert_cmpstr (f->ra->last_remote_sdp, ==, custom_answer);

  a_events = test_recorder_session_events (f->ra, id);
  g_assert_cmpstr (a_events, ==,
                   "state Initiating->Ringing, state Ringing->Active, established");

  /* Accepting twice is a state error. */
  g_clear_object (&accepted);
  accepted = sc_session_manager_accept_incoming_call (f->b, f->rb->last_incoming_id,
                                                      NULL, &error);
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_STATE);
  g_assert_null (accepted);
}

static void
test_defer_accept_bad_sdp (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(ScCallSession) session = NULL;
  g_autoptr(ScCallSession) accepted = NULL;
  g_autoptr(ScCallSession) b_session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a_events = NULL;
  const char *b_id;
  const char *bad[] = {
    "this is not an SDP",                                     /* malformed */
    "v=0\r\n"                                                 /* no audio */
    "o=- 1 1 IN IP4 127.0.0.1\r\n"
    "s=-\r\n"
    "c=IN IP4 127.0.0.1\r\n"
    "t=0 0\r\n"
    "m=video 40000 RTP/AVP 96\r\n"
    "a=rtpmap:96 H264/90000\r\n",
  };

  g_test_summary ("accept_incoming_call with an SDP that is malformed or has no "
                  "audio fails with SDP_NEGOTIATION_FAILED and sends nothing: the "
                  "call keeps ringing, and a later accept with a generated answer "
                  "makes it ACTIVE");

  test_recorder_set_decision (f->rb, sc_call_decision_defer ());
  session = test_pair_call (f, NULL);
  TEST_WAIT (sc_call_session_get_state (session) == SC_CALL_STATE_RINGING, WAIT_MS);
  b_id = f->rb->last_incoming_id;
  g_assert_nonnull (b_id);
  b_session = sc_session_manager_get_session (f->b, b_id);
  g_assert_nonnull (b_session);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      accepted = sc_session_manager_accept_incoming_call (f->b, b_id, bad[i], &error);
      g_assert_null (accepted);
      g_assert_error (error, SC_ERROR, SC_ERROR_SDP_NEGOTIATION_FAILED);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, "SDP negotiation failed: "));
      if (i == 0)
        g_assert_nonnull (strstr (error->message, "malformed"));
      g_clear_error (&error);
    }
  {
    GError *no_audio = NULL;

    g_assert_null (sc_session_manager_accept_incoming_call (f->b, b_id, bad[1], &no_audio));
    g_assert_nonnull (strstr (no_audio->message, "no audio"));
    g_error_free (no_audio);
  }

  /* Nothing went out: both sides still ring. */
  test_run_for (500);
  g_assert_cmpint (sc_call_session_get_state (session), ==, SC_CALL_STATE_RINGING);
  g_assert_cmpint (sc_call_session_get_state (b_session), ==, SC_CALL_STATE_RINGING);
  g_assert_cmpuint (f->ra->n_established, ==, 0);
  g_assert_cmpuint (f->rb->n_established, ==, 0);
  g_assert_false (test_recorder_has_final (f->ra, sc_call_session_get_id (session), NULL));

  accepted = sc_session_manager_accept_incoming_call (f->b, b_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (accepted);
  TEST_WAIT (f->ra->n_established == 1 && f->rb->n_established == 1, WAIT_MS);
  g_assert_cmpint (sc_call_session_get_state (session), ==, SC_CALL_STATE_ACTIVE);
  g_assert_cmpint (sc_call_session_get_state (accepted), ==, SC_CALL_STATE_ACTIVE);
  a_events = test_recorder_session_events (f->ra, sc_call_session_get_id (session));
  g_assert_cmpstr (a_events, ==,
                   "state Initiating->Ringing, state Ringing->Active, established");
}

static void
test_defer_reject (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(ScCallSession) session = NULL;
  g_autoptr(GError) error = NULL;
  const char *id;

  g_test_summary ("Deferred call, then reject_incoming_call with 603");

  test_recorder_set_decision (f->rb, sc_call_decision_defer ());
  session = test_pair_call (f, NULL);
  id = sc_call_session_get_id (session);
  TEST_WAIT (sc_call_session_get_state (session) == SC_CALL_STATE_RINGING, WAIT_MS);

  g_assert_true (sc_session_manager_reject_incoming_call (f->b, f->rb->last_incoming_id,
                                                          603, "Decline", &error));
  g_assert_no_error (error);
  TEST_WAIT (test_recorder_has_final (f->ra, id, NULL), WAIT_MS);
  g_assert_cmpint (sc_call_session_get_state (session), ==, SC_CALL_STATE_FAILED);
  g_assert_cmpstr (sc_call_session_get_failure_reason (session), ==, "603 Decline");
}

static void
test_defer_reject_default (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(ScCallSession) session = NULL;
  g_autoptr(GError) error = NULL;
  const char *id;

  g_test_summary ("reject_incoming_call with status 0 and no reason sends "
                  "486 Busy Here");

  test_recorder_set_decision (f->rb, sc_call_decision_defer ());
  session = test_pair_call (f, NULL);
  id = sc_call_session_get_id (session);
  TEST_WAIT (sc_call_session_get_state (session) == SC_CALL_STATE_RINGING, WAIT_MS);

  g_assert_true (sc_session_manager_reject_incoming_call (f->b, f->rb->last_incoming_id,
                                                          0, NULL, &error));
  g_assert_no_error (error);
  TEST_WAIT (test_recorder_has_final (f->ra, id, NULL), WAIT_MS);
  g_assert_cmpstr (sc_call_session_get_failure_reason (session), ==, "486 Busy Here");
}

static void
test_forward (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(ScCallSession) session = NULL;
  const char *id;

  g_test_summary ("Forward: the caller sees 302 with the target in Contact");

  test_recorder_set_decision (f->rb, sc_call_decision_forward ("sip:carol@127.0.0.1:5099"));
  session = test_pair_call (f, NULL);
  id = sc_call_session_get_id (session);
  TEST_WAIT (test_recorder_has_final (f->ra, id, NULL), WAIT_MS);

  g_assert_cmpint (sc_call_session_get_state (session), ==, SC_CALL_STATE_FAILED);
  g_assert_cmpstr (sc_call_session_get_failure_reason (session), ==,
                   "302 Moved Temporarily (Contact: sip:carol@127.0.0.1:5099)");
  TEST_WAIT (f->rb->n_ended == 1, WAIT_MS);
  g_assert_cmpint (final_state (f->rb, f->rb->last_incoming_id), ==,
                   SC_CALL_STATE_TERMINATED);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(ScCallSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a_events = NULL;
  g_autofree char *b_events = NULL;
  g_autofree char *b_id = NULL;
  const char *id;

  g_test_summary ("Caller hangs up while ringing: CANCEL, both sides CANCELLED");

  test_recorder_set_decision (f->rb, sc_call_decision_defer ());
  session = test_pair_call (f, NULL);
  id = sc_call_session_get_id (session);
  TEST_WAIT (sc_call_session_get_state (session) == SC_CALL_STATE_RINGING, WAIT_MS);
  b_id = g_strdup (f->rb->last_incoming_id);

  g_assert_true (sc_session_manager_terminate_session (f->a, id, &error));
  g_assert_no_error (error);
  TEST_WAIT (test_recorder_has_final (f->ra, id, NULL) &&
             test_recorder_has_final (f->rb, b_id, NULL), WAIT_MS);

  g_assert_cmpint (final_state (f->ra, id), ==, SC_CALL_STATE_CANCELLED);
  g_assert_cmpint (final_state (f->rb, b_id), ==, SC_CALL_STATE_CANCELLED);
  a_events = test_recorder_session_events (f->ra, id);
  g_assert_cmpstr (a_events, ==,
                   "state Initiating->Ringing, state Ringing->Cancelled, ended Cancelled");
  b_events = test_recorder_session_events (f->rb, b_id);
  g_assert_cmpstr (b_events, ==,
                   "incoming, state Initiating->Ringing, state Ringing->Cancelled, "
                   "ended Cancelled");

  /* The deferred call is gone: accepting it now is an unknown session. */
  g_assert_null (sc_session_manager_accept_incoming_call (f->b, b_id, NULL, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_SESSION_NOT_FOUND);
}

static void
test_max_sessions (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(ScCallSession) s1 = NULL;
  g_autoptr(ScCallSession) s2 = NULL;
  g_autoptr(ScCallSession) s3 = NULL;

  g_test_summary ("Past max_sessions, an INVITE gets 503 without asking anyone");

  test_recorder_set_decision (f->rb, sc_call_decision_accept (NULL));
  s1 = test_pair_call (f, NULL);
  s2 = test_pair_call (f, NULL);
  TEST_WAIT (f->ra->n_established == 2, WAIT_MS);

  s3 = test_pair_call (f, NULL);
  TEST_WAIT (test_recorder_has_final (f->ra, sc_call_session_get_id (s3), NULL), WAIT_MS);
  g_assert_cmpstr (sc_call_session_get_failure_reason (s3), ==,
                   "503 Service Unavailable");
  g_assert_cmpuint (f->rb->n_incoming, ==, 2);
  check_stats (f->b, 2, 2, 0);
}

static void
test_concurrent (Fixture       *f,
                 gconstpointer  data)
{
  const guint n = 100;
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) active = NULL;

  g_test_summary ("100 concurrent calls all ACTIVE, then all TERMINATED, "
                  "stats back to 0 on both sides");

  test_recorder_set_decision (f->rb, sc_call_decision_accept (NULL));
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (sessions, test_pair_call (f, NULL));

  TEST_WAIT (f->ra->n_established == n && f->rb->n_established == n, 30000);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (sc_call_session_get_state (g_ptr_array_index (sessions, i)), ==,
                     SC_CALL_STATE_ACTIVE);
  check_stats (f->a, n, n, 0);
  check_stats (f->b, n, n, 0);
  active = sc_session_manager_list_active_sessions (f->b);
  g_assert_cmpuint (g_strv_length (active), ==, n);

  for (guint i = 0; i < n; i++)
    {
      sc_session_manager_terminate_session (f->a,
        sc_call_session_get_id (g_ptr_array_index (sessions, i)), &error);
      g_assert_no_error (error);
    }

  TEST_WAIT (f->ra->n_ended == n && f->rb->n_ended == n, 30000);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (sc_call_session_get_state (g_ptr_array_index (sessions, i)), ==,
                     SC_CALL_STATE_TERMINATED);
  check_stats (f->a, n, 0, 0);
  check_stats (f->b, n, 0, 0);
}

/* ---- SIP-level hold, resume, DTMF ---- */

static void
test_hold_resume (Fixture       *f,
                  gconstpointer  data)
{
  ScCallSession *session;
  g_autoptr(ScCallSession) b_session = NULL;
  g_autoptr(GError) error = NULL;
  const char *b_id;
  const char *id;

  g_test_summary ("hold/resume by re-INVITE: sendonly then sendrecv, both "
                  "sides follow, three cycles");

  session = test_pair_establish (f, NULL);
  b_id = f->b_id;
  id = sc_call_session_get_id (session);
  b_session = sc_session_manager_get_session (f->b, b_id);

  /* Resuming an active call is a state error. */
  g_assert_false (sc_session_manager_resume_session (f->a, id, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_STATE);
  g_clear_error (&error);

  for (int cycle = 0; cycle < 3; cycle++)
    {
      g_autoptr(ScMediaInfo) info = NULL;

      g_assert_true (sc_session_manager_hold_session (f->a, id, &error));
      g_assert_no_error (error);
      TEST_WAIT (sc_call_session_get_state (session) == SC_CALL_STATE_ON_HOLD &&
                 sc_call_session_get_state (b_session) == SC_CALL_STATE_ON_HOLD, WAIT_MS);
      info = sc_session_manager_get_media_info (f->a, id, &error);
      g_assert_no_error (error);
      g_assert_nonnull (strstr (sc_media_info_get_local_sdp (info), "a=sendonly"));
      g_assert_nonnull (strstr (sc_media_info_get_remote_sdp (info), "a=recvonly"));

      /* Holding twice is a state error. */
      g_assert_false (sc_session_manager_hold_session (f->a, id, &error));
      g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_STATE);
      g_clear_error (&error);

      g_assert_true (sc_session_manager_resume_session (f->a, id, &error));
      g_assert_no_error (error);
      TEST_WAIT (sc_call_session_get_state (session) == SC_CALL_STATE_ACTIVE &&
                 sc_call_session_get_state (b_session) == SC_CALL_STATE_ACTIVE, WAIT_MS);
    }
  /* Established only once despite the re-INVITEs. */
  g_assert_cmpuint (f->ra->n_established, ==, 1);
  g_assert_cmpuint (f->rb->n_established, ==, 1);
}

static void
test_dtmf_info (Fixture       *f,
                gconstpointer  data)
{
  ScCallSession *session;
  g_autoptr(GError) error = NULL;

  g_test_summary ("send_dtmf gives exactly that digit sequence on the other side");

  session = test_pair_establish (f, NULL);
  g_assert_true (sc_session_manager_send_dtmf (f->a, sc_call_session_get_id (session),
                                               "123#*456", &error));
  g_assert_no_error (error);
  TEST_WAIT (f->rb->dtmf->len == 8, WAIT_MS);
  g_assert_cmpstr (f->rb->dtmf->str, ==, "123#*456");
  test_run_for (100);
  g_assert_cmpstr (f->rb->dtmf->str, ==, "123#*456");
}

/* PCMA and events, RTP to a port nobody reads. */
static char *
new_offer_new (void)
{
  return g_strdup_printf ("v=0\r\n"
                          "o=- 77 2 IN IP4 127.0.0.1\r\n"
                          "s=new offer\r\n"
                          "c=IN IP4 127.0.0.1\r\n"
                          "t=0 0\r\n"
                          "m=audio %u RTP/AVP 8 101\r\n"
                          "a=rtpmap:8 PCMA/8000\r\n"
                          "a=rtpmap:101 telephone-event/8000\r\n"
                          "a=fmtp:101 0-16\r\n"
                          "a=sendrecv\r\n", test_discard_port ());
}

static void
test_update_media (Fixture       *f,
                   gconstpointer  data)
{
  ScCallSession *session;
  g_autoptr(ScMediaInfo) b_info = NULL;
  g_autoptr(ScMediaInfo) a_info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *new_offer = new_offer_new ();
  const char *b_id;

  g_test_summary ("update_media sends a re-INVITE with exactly the given SDP, "
                  "and the answer switches the codec");

  session = test_pair_establish (f, NULL);
  b_id = f->b_id;
  g_assert_true (sc_session_manager_update_media (f->a, sc_call_session_get_id (session),
                                                  new_offer, &error));
  g_assert_no_error (error);
  for (;;)
    {
      g_clear_pointer (&b_info, sc_media_info_free);
      b_info = sc_session_manager_get_media_info (f->b, b_id, NULL);
      if (g_strcmp0 (sc_media_info_get_remote_sdp (b_info), new_offer) == 0)
        break;
      test_iterate_or_fail (WAIT_MS, "B receives the new offer");
    }
  test_iterate_reset ();
  g_assert_cmpstr (sc_media_info_get_codec (b_info), ==, "PCMA");
  g_assert_cmpuint (sc_media_info_get_remote_rtp_port (b_info), ==, test_discard_port ());

  /* A gets an answer in PCMA, the session stays ACTIVE. */
  for (;;)
    {
      g_clear_pointer (&a_info, sc_media_info_free);
      a_info = sc_session_manager_get_media_info (f->a, sc_call_session_get_id (session), NULL);
      if (g_strcmp0 (sc_media_info_get_codec (a_info), "PCMA") == 0)
        break;
      test_iterate_or_fail (WAIT_MS, "A gets a PCMA answer");
    }
  test_iterate_reset ();
  g_assert_cmpint (sc_call_session_get_state (session), ==, SC_CALL_STATE_ACTIVE);
}

static const char hostname_offer[] =
  "v=0\r\n"
  "o=- 5 1 IN IP4 phone.invalid\r\n"
  "s=-\r\n"
  "c=IN IP4 phone.invalid\r\n"
  "t=0 0\r\n"
  "m=audio 40000 RTP/AVP 0\r\n"
  "a=rtpmap:0 PCMU/8000\r\n";

static void
test_offer_with_hostname (Fixture       *f,
                          gconstpointer  data)
{
  ScCallSession *session;
  g_autoptr(GError) error = NULL;

  g_test_summary ("An offer whose c= is a host name, not an address, is "
                  "answered; the call goes on without our audio");

  session = test_pair_establish (f, hostname_offer);
  g_assert_true (sc_session_manager_terminate_session (f->a, sc_call_session_get_id (session), &error));
  TEST_WAIT (f->ra->n_ended == 1 && f->rb->n_ended == 1, WAIT_MS);
}

typedef struct {
  gboolean  accept;
  char     *target;
  char     *session_id;
} TransferAnswer;

static gboolean
transfer_request_cb (ScSessionManager *manager,
                     const char       *session_id,
                     const char       *target_uri,
                     const char       *referred_by,
                     TransferAnswer   *answer)
{
  g_free (answer->target);
  answer->target = g_strdup (target_uri);
  g_free (answer->session_id);
  answer->session_id = g_strdup (session_id);
  return answer->accept;
}

/* data: TRUE when B accepts the transfer. */
static void
test_transfer (Fixture       *f,
               gconstpointer  data)
{
  ScCallSession *session;
  g_autoptr(ScCallSession) b_session = NULL;
  g_autoptr(GError) error = NULL;
  const char *b_id;
  TransferAnswer answer = { GPOINTER_TO_INT (data), NULL, NULL };
  const char *id;

  g_test_summary ("transfer_session sends REFER; the peer's transfer-request "
                  "decides: 202 keeps both TRANSFERRING, 603 brings the "
                  "caller back to ACTIVE");

  session = test_pair_establish (f, NULL);
  b_id = f->b_id;
  id = sc_call_session_get_id (session);
  b_session = sc_session_manager_get_session (f->b, b_id);
  g_signal_connect (f->b, "transfer-request", G_CALLBACK (transfer_request_cb), &answer);

  g_assert_false (sc_session_manager_transfer_session (f->a, id, "not a uri", &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_URI);
  g_clear_error (&error);

  g_assert_true (sc_session_manager_transfer_session (f->a, id, "sip:carol@127.0.0.1:5099", &error));
  g_assert_no_error (error);
  g_assert_cmpint (sc_call_session_get_state (session), ==, SC_CALL_STATE_TRANSFERRING);
  TEST_WAIT (answer.target != NULL, WAIT_MS);
  g_assert_cmpstr (answer.target, ==, "sip:carol@127.0.0.1:5099");
  g_assert_cmpstr (answer.session_id, ==, b_id);

  if (answer.accept)
    {
      TEST_WAIT (sc_call_session_get_state (b_session) == SC_CALL_STATE_TRANSFERRING, WAIT_MS);
      test_run_for (200);
      g_assert_cmpint (sc_call_session_get_state (session), ==, SC_CALL_STATE_TRANSFERRING);
    }
  else
    {
      TEST_WAIT (sc_call_session_get_state (session) == SC_CALL_STATE_ACTIVE, WAIT_MS);
      g_assert_cmpint (sc_call_session_get_state (b_session), ==, SC_CALL_STATE_ACTIVE);
    }

  /* Either way the call can still be hung up. */
  g_assert_true (sc_session_manager_terminate_session (f->a, id, &error));
  g_assert_no_error (error);
  TEST_WAIT (f->ra->n_ended == 1 && f->rb->n_ended == 1, WAIT_MS);
  g_free (answer.target);
  g_free (answer.session_id);
}

/* ---- other operations ---- */

static void
test_prepared (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(ScPreparedCall) prepared = NULL;
  g_autoptr(ScCallSession) session = NULL;
  g_autoptr(ScCallSession) again = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("prepare allocates a port and an offer and sends nothing; "
                  "initiate sends exactly that offer");

  test_recorder_set_decision (f->rb, sc_call_decision_accept (NULL));
  prepared = sc_session_manager_prepare_outgoing_call (f->a, f->a_uri, f->b_uri, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_prepared_call_get_local_rtp_port (prepared), >=, 20000);
  g_assert_cmpuint (sc_prepared_call_get_local_rtp_port (prepared) % 2, ==, 0);
  g_assert_nonnull (strstr (sc_prepared_call_get_sdp_offer (prepared), "m=audio"));
  test_run_for (100);
  g_assert_cmpuint (f->rb->n_incoming, ==, 0);

  session = sc_session_manager_initiate_prepared_call (f->a, prepared, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sc_call_session_get_id (session), ==,
                   sc_prepared_call_get_session_id (prepared));
  TEST_WAIT (f->rb->n_established == 1, WAIT_MS);
  g_assert_cmpstr (f->rb->last_remote_sdp, ==, sc_prepared_call_get_sdp_offer (prepared));

  again = sc_session_manager_initiate_prepared_call (f->a, prepared, &error);
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_STATE);
  g_assert_null (again);
}

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GError **out = user_data;
  gboolean ok = sc_session_manager_wait_for_answer_finish (SC_SESSION_MANAGER (source),
                                                           result, out);

  if (ok)
    *out = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "answered");
}

static void
test_wait_for_answer (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(ScCallSession) s1 = NULL;
  g_autoptr(ScCallSession) s2 = NULL;
  g_autoptr(ScCallSession) s3 = NULL;
  GError *result = NULL;

  g_test_summary ("wait_for_answer completes on ACTIVE, fails on FAILED and on timeout");

  test_recorder_set_decision (f->rb, sc_call_decision_accept (NULL));
  s1 = test_pair_call (f, NULL);
  sc_session_manager_wait_for_answer_async (f->a, sc_call_session_get_id (s1), 5000,
                                            NULL, wait_cb, &result);
  TEST_WAIT (result != NULL, WAIT_MS);
  g_assert_error (result, G_IO_ERROR, G_IO_ERROR_EXISTS);  /* = answered */
  g_clear_error (&result);

  test_recorder_set_decision (f->rb, sc_call_decision_reject_with_code (480, NULL));
  s2 = test_pair_call (f, NULL);
  sc_session_manager_wait_for_answer_async (f->a, sc_call_session_get_id (s2), 5000,
                                            NULL, wait_cb, &result);
  TEST_WAIT (result != NULL, WAIT_MS);
  g_assert_error (result, SC_ERROR, SC_ERROR_INVALID_STATE);
  g_assert_nonnull (strstr (result->message, "480"));
  g_clear_error (&result);

  test_recorder_set_decision (f->rb, sc_call_decision_defer ());
  s3 = test_pair_call (f, NULL);
  sc_session_manager_wait_for_answer_async (f->a, sc_call_session_get_id (s3), 200,
                                            NULL, wait_cb, &result);
  TEST_WAIT (result != NULL, WAIT_MS);
  g_assert_error (result, SC_ERROR, SC_ERROR_TIMEOUT);
  g_clear_error (&result);

  sc_session_manager_wait_for_answer_async (f->a, "sess_nope", 200, NULL, wait_cb, &result);
  TEST_WAIT (result != NULL, WAIT_MS);
  g_assert_error (result, SC_ERROR, SC_ERROR_SESSION_NOT_FOUND);
  g_clear_error (&result);
}

static void
test_wait_for_answer_cancel (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GCancellable) late = g_cancellable_new ();
  g_autoptr(GCancellable) early = g_cancellable_new ();
  g_autoptr(ScCallSession) answered = NULL;
  g_autoptr(ScCallSession) deferred = NULL;
  GError *result = NULL;

  g_test_summary ("wait_for_answer: cancelling after the wait finished does "
                  "nothing (no handler on a freed task); cancelling before "
                  "gives G_IO_ERROR_CANCELLED once");

  /* Answered first, cancelled afterwards: the task is long gone when the
   * cancellable fires (valgrind reports any use of it). */
  test_recorder_set_decision (f->rb, sc_call_decision_accept (NULL));
  answered = test_pair_call (f, NULL);
  sc_session_manager_wait_for_answer_async (f->a, sc_call_session_get_id (answered), 0,
                                            late, wait_cb, &result);
  TEST_WAIT (result != NULL, WAIT_MS);
  g_assert_error (result, G_IO_ERROR, G_IO_ERROR_EXISTS);  /* = answered */
  g_clear_error (&result);
  g_cancellable_cancel (late);
  test_run_for (100);
  g_assert_null (result);

  /* Cancelled while waiting: one CANCELLED result, and the call goes on. */
  test_recorder_set_decision (f->rb, sc_call_decision_defer ());
  deferred = test_pair_call (f, NULL);
  TEST_WAIT (sc_call_session_get_state (deferred) == SC_CALL_STATE_RINGING, WAIT_MS);
  sc_session_manager_wait_for_answer_async (f->a, sc_call_session_get_id (deferred), 0,
                                            early, wait_cb, &result);
  g_cancellable_cancel (early);
  TEST_WAIT (result != NULL, WAIT_MS);
  g_assert_error (result, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&result);
  g_assert_cmpint (sc_call_session_get_state (deferred), ==, SC_CALL_STATE_RINGING);

  /* The call ending later does not complete the cancelled wait again. */
  g_assert_true (sc_session_manager_terminate_session (f->a, sc_call_session_get_id (deferred),
                                                       NULL));
  TEST_WAIT (sc_call_state_is_final (sc_call_session_get_state (deferred)), WAIT_MS);
  test_run_for (100);
  g_assert_null (result);
}

static void
test_idle_session (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autoptr(ScCallSession) session = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("create_outgoing_session pre-allocates an idle session");

  id = sc_session_manager_create_outgoing_session (f->a, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (id, "sess_"));
  session = sc_session_manager_get_session (f->a, id);
  g_assert_nonnull (session);
  g_assert_cmpint (sc_call_session_get_state (session), ==, SC_CALL_STATE_INITIATING);
  g_assert_null (sc_call_session_get_sip_call_id (session));
  check_stats (f->a, 1, 1, 0);

  /* SDP for it, without sending anything: an offer on a port of the
   * range, and the answer to a PCMA-only offer. */
  {
    g_autofree char *offer = sc_session_manager_generate_sdp_offer (f->a, id, &error);
    g_autofree char *custom_answer = custom_answer_new ();
    g_autofree char *answer = NULL;

    g_assert_no_error (error);
    g_assert_nonnull (strstr (offer, "m=audio "));
    g_assert_null (strstr (offer, "m=audio 0 "));
    g_assert_nonnull (strstr (offer, "a=rtpmap:0 PCMU/8000"));
    g_assert_nonnull (strstr (offer, "a=rtpmap:8 PCMA/8000"));
    g_assert_nonnull (strstr (offer, "telephone-event/8000"));
    answer = sc_session_manager_generate_sdp_answer (f->a, id, custom_answer, &error);
    g_assert_no_error (error);
    g_assert_nonnull (strstr (answer, "RTP/AVP 8\r\n"));
    g_assert_null (strstr (answer, "PCMU"));
  }

  g_assert_true (sc_session_manager_terminate_session (f->a, id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sc_call_session_get_state (session), ==, SC_CALL_STATE_TERMINATED);
  check_stats (f->a, 1, 0, 0);
}

static void
test_stop_start (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(ScCallSession) s1 = NULL;
  g_autoptr(ScCallSession) s2 = NULL;
  g_autoptr(ScCallSession) s3 = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("stop hangs up every call and refuses new ones with 503; "
                  "start takes calls again");

  test_recorder_set_decision (f->rb, sc_call_decision_accept (NULL));
  s1 = test_pair_call (f, NULL);
  TEST_WAIT (f->rb->n_established == 1, WAIT_MS);

  g_assert_true (sc_session_manager_stop (f->b, &error));
  g_assert_no_error (error);
  g_assert_false (sc_session_manager_is_running (f->b));
  TEST_WAIT (sc_call_session_get_state (s1) == SC_CALL_STATE_TERMINATED, WAIT_MS);

  s2 = test_pair_call (f, NULL);
  TEST_WAIT (sc_call_session_get_state (s2) == SC_CALL_STATE_FAILED, WAIT_MS);
  g_assert_cmpstr (sc_call_session_get_failure_reason (s2), ==, "503 Service Unavailable");

  g_assert_true (sc_session_manager_start (f->b, &error));
  g_assert_no_error (error);
  s3 = test_pair_call (f, NULL);
  TEST_WAIT (sc_call_session_get_state (s3) == SC_CALL_STATE_ACTIVE, WAIT_MS);
}

static void
test_shutdown_with_calls (Fixture       *f,
                          gconstpointer  data)
{
  ScCallSession *session;
  g_autoptr(GError) error = NULL;
  const char *b_id;

  g_test_summary ("shutdown hangs up active calls (BYE) before the stack goes");

  session = test_pair_establish (f, NULL);
  b_id = f->b_id;
  test_manager_shutdown (f->a);
  g_assert_cmpint (sc_call_session_get_state (session), ==, SC_CALL_STATE_TERMINATED);
  TEST_WAIT (test_recorder_has_final (f->rb, b_id, NULL), WAIT_MS);
  g_assert_cmpint (final_state (f->rb, b_id), ==, SC_CALL_STATE_TERMINATED);

  g_assert_null (sc_session_manager_create_outgoing_call (f->a, f->a_uri, f->b_uri, NULL, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_STATE);
  g_clear_error (&error);
  g_assert_false (sc_session_manager_start (f->a, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_STATE);
}

/* ---- error cases ---- */

static void
test_errors_unknown_session (Fixture       *f,
                             gconstpointer  data)
{
  const char *id = "sess_00000000-0000-0000-0000-000000000000";
  g_autofree char *custom_answer = custom_answer_new ();
  GError *error = NULL;

  g_test_summary ("Every operation on an unknown id fails with SESSION_NOT_FOUND");

#define EXPECT_NOT_FOUND(call) \
  G_STMT_START { \
    g_assert_false ((call) ? TRUE : FALSE); \
    g_assert_error (error, SC_ERROR, SC_ERROR_SESSION_NOT_FOUND); \
    g_assert_nonnull (strstr (error->message, "Session not found: ")); \
    g_clear_error (&error); \
  } G_STMT_END

  EXPECT_NOT_FOUND (sc_session_manager_terminate_session (f->a, id, &error));
  EXPECT_NOT_FOUND (sc_session_manager_accept_incoming_call (f->a, id, NULL, &error));
  EXPECT_NOT_FOUND (sc_session_manager_reject_incoming_call (f->a, id, 0, NULL, &error));
  EXPECT_NOT_FOUND (sc_session_manager_hold_session (f->a, id, &error));
  EXPECT_NOT_FOUND (sc_session_manager_resume_session (f->a, id, &error));
  EXPECT_NOT_FOUND (sc_session_manager_transfer_session (f->a, id, "sip:x@127.0.0.1", &error));
  EXPECT_NOT_FOUND (sc_session_manager_send_dtmf (f->a, id, "1", &error));
  EXPECT_NOT_FOUND (sc_session_manager_update_media (f->a, id, custom_answer, &error));
  EXPECT_NOT_FOUND (sc_session_manager_set_audio_muted (f->a, id, TRUE, &error));
  EXPECT_NOT_FOUND (sc_session_manager_get_media_info (f->a, id, &error));
  EXPECT_NOT_FOUND (sc_session_manager_generate_sdp_offer (f->a, id, &error));
  EXPECT_NOT_FOUND (sc_session_manager_generate_sdp_answer (f->a, id, custom_answer, &error));
#undef EXPECT_NOT_FOUND

  g_assert_null (sc_session_manager_get_session (f->a, id));

  g_assert_false (sc_session_manager_send_sip_response (f->a, "txn_nope", 200, NULL, NULL, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_SESSION_NOT_FOUND);
  g_clear_error (&error);
}

static void
test_errors_invalid_uri (Fixture       *f,
                         gconstpointer  data)
{
  const char *bad[] = { "", "alice", "http://example.com", "sip:", "tel:+123", "sip:@" };
  GError *error = NULL;

  g_test_summary ("Invalid URIs fail with INVALID_URI and send nothing");

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_null (sc_session_manager_create_outgoing_call (f->a, bad[i], f->b_uri, NULL, &error));
      g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_URI);
      g_clear_error (&error);
      g_assert_null (sc_session_manager_create_outgoing_call (f->a, f->a_uri, bad[i], NULL, &error));
      g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_URI);
      g_clear_error (&error);
      g_assert_null (sc_session_manager_prepare_outgoing_call (f->a, f->a_uri, bad[i], &error));
      g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_URI);
      g_clear_error (&error);
    }
  test_run_for (100);
  g_assert_cmpuint (f->rb->n_incoming, ==, 0);
  check_stats (f->a, 0, 0, 0);
}

static void
test_errors_wrong_state (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(ScCallSession) session = NULL;
  g_autoptr(ScCallSession) b_session = NULL;
  g_autoptr(GError) error = NULL;
  const char *id;

  g_test_summary ("Operations in the wrong state fail with INVALID_STATE");

  test_recorder_set_decision (f->rb, sc_call_decision_defer ());
  session = test_pair_call (f, NULL);
  id = sc_call_session_get_id (session);
  TEST_WAIT (sc_call_session_get_state (session) == SC_CALL_STATE_RINGING, WAIT_MS);

  g_assert_false (sc_session_manager_send_dtmf (f->a, id, "1", &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_STATE);
  g_clear_error (&error);
  g_assert_false (sc_session_manager_hold_session (f->a, id, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_STATE);
  g_clear_error (&error);
  g_assert_false (sc_session_manager_resume_session (f->a, id, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_STATE);
  g_clear_error (&error);
  g_assert_false (sc_session_manager_transfer_session (f->a, id, f->b_uri, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_STATE);
  g_clear_error (&error);
  /* Only B's own deferred call can be accepted, and only by B. */
  g_assert_null (sc_session_manager_accept_incoming_call (f->a, id, NULL, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_STATE);
  g_clear_error (&error);

  b_session = sc_session_manager_accept_incoming_call (f->b, f->rb->last_incoming_id,
                                                       NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (b_session);
  TEST_WAIT (sc_call_session_get_state (session) == SC_CALL_STATE_ACTIVE, WAIT_MS);

  /* Not digits. */
  g_assert_false (sc_session_manager_send_dtmf (f->a, id, "12x", &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_assert_false (sc_session_manager_send_dtmf (f->a, id, "", &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_PROTOCOL);
  g_clear_error (&error);
  /* Not an SDP. */
  g_assert_false (sc_session_manager_update_media (f->a, id, "garbage", &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_SDP_NEGOTIATION_FAILED);
  g_clear_error (&error);
  g_assert_null (sc_session_manager_generate_sdp_answer (f->a, id, "garbage", &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_SDP_NEGOTIATION_FAILED);
  g_clear_error (&error);
  /* Bad status. */
  g_assert_false (sc_session_manager_reject_incoming_call (f->b, f->rb->last_incoming_id,
                                                           200, NULL, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_PROTOCOL);
  g_clear_error (&error);

  g_assert_true (sc_session_manager_terminate_session (f->a, id, &error));
  g_assert_no_error (error);
  g_assert_false (sc_session_manager_terminate_session (f->a, id, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_STATE);
}

static void
test_errors_build (void)
{
  g_autoptr(ScSessionManagerBuilder) builder = NULL;
  g_autoptr(ScSessionManager) manager = NULL;
  g_autoptr(ScTransactionManager) tm = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("Bad configurations and unsupported transports fail clearly");

  builder = sc_session_manager_builder_new ();
  sc_session_manager_builder_with_local_bind_addr (builder, "not-an-address");
  manager = sc_session_manager_builder_build (builder, &error);
  g_assert_error (error, SC_ERROR, SC_ERROR_CONFIG);
  g_assert_null (manager);
  g_clear_error (&error);

  sc_session_manager_builder_with_local_bind_addr (builder, "127.0.0.1:0");
  sc_session_manager_builder_with_max_sessions (builder, 0);
  manager = sc_session_manager_builder_build (builder, &error);
  g_assert_error (error, SC_ERROR, SC_ERROR_CONFIG);
  g_clear_error (&error);

  sc_session_manager_builder_with_max_sessions (builder, 10);
  sc_session_manager_builder_with_session_timeout (builder, 5);
  manager = sc_session_manager_builder_build (builder, &error);
  g_assert_error (error, SC_ERROR, SC_ERROR_CONFIG);
  g_clear_error (&error);

  tm = sc_transaction_manager_new ("127.0.0.1:0", SC_TRANSPORT_PROTOCOL_WS, &error);
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "WebSocket"));
  g_assert_null (tm);
  g_clear_error (&error);

  tm = sc_transaction_manager_new ("127.0.0.1:0", SC_TRANSPORT_PROTOCOL_WSS, &error);
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  tm = sc_transaction_manager_new ("127.0.0.1:0", SC_TRANSPORT_PROTOCOL_TLS, &error);
  g_assert_error (error, SC_ERROR, SC_ERROR_CONFIG);
  g_clear_error (&error);

  /* An address of no interface of this host cannot be bound. */
  tm = sc_transaction_manager_new ("192.0.2.1:5060", SC_TRANSPORT_PROTOCOL_UDP, &error);
  g_assert_error (error, SC_ERROR, SC_ERROR_NETWORK);
  g_assert_null (tm);
}

static void
test_errors_port_taken (void)
{
  g_autoptr(ScSessionManager) first = test_manager_new (0, NULL);
  g_autoptr(ScSessionManagerBuilder) builder = sc_session_manager_builder_new ();
  g_autoptr(ScSessionManager) second = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("A manager on a port another one holds fails with "
                  "SC_ERROR_NETWORK, and leaves nothing behind (the ASan "
                  "and valgrind runs check for leaks: sofia's half-built "
                  "SOA was lost here)");

  sc_session_manager_builder_with_local_bind_addr (builder,
                                                   sc_session_manager_get_bound_address (first));
  for (guint i = 0; i < 3; i++)
    {
      second = sc_session_manager_builder_build (builder, &error);
      g_assert_error (error, SC_ERROR, SC_ERROR_NETWORK);
      g_assert_nonnull (strstr (error->message, "cannot listen"));
      g_assert_null (second);
      g_clear_error (&error);
    }
  test_manager_shutdown (first);
}

static gboolean
flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_transaction_manager_shared (void)
{
  g_autoptr(ScTransactionManager) tm = NULL;
  g_autoptr(ScSessionManagerBuilder) builder = NULL;
  g_autoptr(ScSessionManager) manager = NULL;
  g_autoptr(ScSessionManager) own = NULL;
  gboolean dispatched = FALSE;
  guint idle_id;
  g_autoptr(GError) error = NULL;
  g_autofree char *port = NULL;

  g_test_summary ("A transaction manager on port 0 reports its real port, "
                  "and a manager built on it uses it; neither constructor "
                  "runs the caller's main context");

  /* Ready before the constructors run: if one iterated the context,
   * this would be dispatched. */
  idle_id = g_idle_add_full (G_PRIORITY_HIGH, flag_cb, &dispatched, NULL);

  tm = sc_transaction_manager_new ("127.0.0.1:0", SC_TRANSPORT_PROTOCOL_UDP, &error);
  g_assert_no_error (error);
  g_assert_false (dispatched);
  g_assert_true (g_str_has_prefix (sc_transaction_manager_get_bound_address (tm), "127.0.0.1:"));
  g_assert_cmpstr (sc_transaction_manager_get_bound_address (tm), !=, "127.0.0.1:0");
  g_assert_cmpint (sc_transaction_manager_get_transport (tm), ==, SC_TRANSPORT_PROTOCOL_UDP);

  builder = sc_session_manager_builder_new ();
  sc_session_manager_builder_with_transaction_manager (builder, tm);
  sc_session_manager_builder_with_local_bind_addr (builder, "127.0.0.1:0");
  manager = sc_session_manager_builder_build (builder, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sc_session_manager_get_bound_address (manager), ==,
                   sc_transaction_manager_get_bound_address (tm));
  g_clear_object (&builder);

  /* A manager with its own stack on port 0, too. */
  builder = sc_session_manager_builder_new ();
  sc_session_manager_builder_with_local_bind_addr (builder, "127.0.0.1:0");
  own = sc_session_manager_builder_build (builder, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sc_session_manager_get_bound_address (own), !=, "127.0.0.1:0");
  g_assert_false (dispatched);
  g_source_remove (idle_id);
  test_manager_shutdown (own);
  g_clear_object (&own);

  test_manager_shutdown (manager);
  g_clear_object (&manager);
  g_clear_object (&tm);
  /* The stack finishes its shutdown in the background. */
  test_run_for (300);
}

typedef struct {
  GMutex    lock;
  GCond     cond;
  char     *address;       /* B's bound address, once built */
  GThread  *signal_thread; /* where B's incoming-call ran */
  gint      established;   /* atomic */
  gint      stop;          /* atomic */
} ThreadedCallee;

static ScCallDecision *
threaded_incoming_cb (ScSessionManager *manager,
                      ScIncomingCall   *call,
                      ThreadedCallee   *callee)
{
  callee->signal_thread = g_thread_self ();
  return sc_call_decision_accept (NULL);
}

static void
threaded_established_cb (ScSessionManager *manager,
                         ScCallSession    *session,
                         const char       *local_sdp,
                         const char       *remote_sdp,
                         ThreadedCallee   *callee)
{
  g_atomic_int_inc (&callee->established);
}

static void
threaded_shutdown_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (sc_session_manager_shutdown_finish (SC_SESSION_MANAGER (source), result, NULL));
  *done = TRUE;
}

/* B lives in its own thread, with its own main context. */
static gpointer
threaded_callee_main (gpointer data)
{
  ThreadedCallee *callee = data;
  GMainContext *context = g_main_context_new ();
  g_autoptr(ScSessionManager) manager = NULL;
  gboolean done = FALSE;

  g_main_context_push_thread_default (context);
  manager = test_manager_new (0, NULL);
  g_signal_connect (manager, "incoming-call", G_CALLBACK (threaded_incoming_cb), callee);
  g_signal_connect (manager, "call-established", G_CALLBACK (threaded_established_cb), callee);

  g_mutex_lock (&callee->lock);
  callee->address = g_strdup (sc_session_manager_get_bound_address (manager));
  g_cond_signal (&callee->cond);
  g_mutex_unlock (&callee->lock);

  while (!g_atomic_int_get (&callee->stop))
    g_main_context_iteration (context, FALSE) || (g_usleep (500), TRUE);

  sc_session_manager_shutdown_async (manager, NULL, threaded_shutdown_cb, &done);
  while (!done)
    g_main_context_iteration (context, TRUE);
  g_clear_object (&manager);
  /* Let the stack's last idle run in this context. */
  for (int i = 0; i < 100; i++)
    g_main_context_iteration (context, FALSE);
  g_main_context_pop_thread_default (context);
  g_main_context_unref (context);
  return NULL;
}

static void
test_own_thread_context (void)
{
  ThreadedCallee callee = { 0 };
  g_autoptr(ScSessionManager) a = test_manager_new (0, NULL);
  g_autoptr(TestRecorder) ra = test_recorder_new (a);
  g_autoptr(ScCallSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *from = test_uri (a, "alice");
  g_autofree char *to = NULL;
  GThread *thread;

  g_test_summary ("A manager built in another thread's main context runs "
                  "and signals there, and shuts down there");

  g_mutex_init (&callee.lock);
  g_cond_init (&callee.cond);
  thread = g_thread_new ("callee", threaded_callee_main, &callee);
  g_mutex_lock (&callee.lock);
  while (callee.address == NULL)
    g_cond_wait (&callee.cond, &callee.lock);
  g_mutex_unlock (&callee.lock);

  to = g_strdup_printf ("sip:bob@%s", callee.address);
  session = sc_session_manager_create_outgoing_call (a, from, to, NULL, &error);
  g_assert_no_error (error);
  TEST_WAIT (ra->n_established == 1 && g_atomic_int_get (&callee.established) == 1, WAIT_MS);
  g_assert_true (callee.signal_thread == thread);

  g_assert_true (sc_session_manager_terminate_session (a, sc_call_session_get_id (session), &error));
  TEST_WAIT (ra->n_ended == 1, WAIT_MS);

  g_atomic_int_set (&callee.stop, 1);
  g_thread_join (thread);
  g_free (callee.address);
  g_mutex_clear (&callee.lock);
  g_cond_clear (&callee.cond);
  g_clear_pointer (&ra, test_recorder_free);
  test_manager_shutdown (a);
}

static void
drop_manager_cb (ScSessionManager *manager,
                 ScCallSession    *session,
                 const char       *reason,
                 gboolean         *dropped)
{
  /* The application lets go of its manager from inside a signal. */
  g_object_unref (manager);
  *dropped = TRUE;
}

static ScCallDecision *
accept_cb (ScSessionManager *manager,
           ScIncomingCall   *call,
           gpointer          data)
{
  return sc_call_decision_accept (NULL);
}

static void
test_unref_in_handler (void)
{
  g_autoptr(ScSessionManager) a = test_manager_new (0, NULL);
  ScSessionManager *b = test_manager_new (0, NULL);
  g_autoptr(TestRecorder) ra = test_recorder_new (a);
  g_autoptr(ScCallSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *from = test_uri (a, "alice");
  g_autofree char *to = test_uri (b, "bob");
  gboolean dropped = FALSE;

  g_test_summary ("Dropping the last reference to a manager inside one of "
                  "its signals is safe");

  g_signal_connect (b, "incoming-call", G_CALLBACK (accept_cb), NULL);
  g_signal_connect (b, "call-ended", G_CALLBACK (drop_manager_cb), &dropped);
  session = sc_session_manager_create_outgoing_call (a, from, to, NULL, &error);
  g_assert_no_error (error);
  TEST_WAIT (ra->n_established == 1, WAIT_MS);
  g_assert_true (sc_session_manager_terminate_session (a, sc_call_session_get_id (session), &error));
  TEST_WAIT (dropped && ra->n_ended == 1, WAIT_MS);
  /* B's stack shuts itself down in the background. */
  test_run_for (500);
  g_clear_pointer (&ra, test_recorder_free);
  test_manager_shutdown (a);
}

/* A self-signed certificate laid out as sofia-sip wants it. */
static char *
make_certificate_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("sc-tls-XXXXXX", &error);
  const char *argv[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                         "-keyout", "key.pem", "-out", "cert.pem", "-days", "2",
                         "-subj", "/CN=127.0.0.1", NULL };
  const char *names[] = { "key.pem", "cert.pem" };
  g_autoptr(GString) agent = g_string_new (NULL);
  g_autofree char *cert = NULL;
  g_autofree char *agent_path = NULL;
  g_autofree char *cafile_path = NULL;
  int wait_status = 0;

  g_assert_no_error (error);
  g_assert_true (g_spawn_sync (dir, (char **) argv, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                               G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (wait_status, &error));
  g_assert_no_error (error);

  /* agent.pem: the key, then the certificate; cafile.pem: the certificate. */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autofree char *contents = NULL;

      g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
      g_assert_no_error (error);
      g_string_append (agent, contents);
      if (i == 1)
        cert = g_steal_pointer (&contents);
    }
  agent_path = g_build_filename (dir, "agent.pem", NULL);
  g_assert_true (g_file_set_contents (agent_path, agent->str, -1, &error));
  g_assert_no_error (error);
  cafile_path = g_build_filename (dir, "cafile.pem", NULL);
  g_assert_true (g_file_set_contents (cafile_path, cert, -1, &error));
  g_assert_no_error (error);
  return dir;
}

/* A and B on SIP/TLS, sharing one certificate. */
typedef struct {
  TestPair              pair;
  char                 *certs;
  ScTransactionManager *tm_a;
  ScTransactionManager *tm_b;
} TlsFixture;

static void
tls_fixture_setup (TlsFixture    *f,
                   gconstpointer  data)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autoptr(GError) error = NULL;
  TestPairOptions options = { 0 };

  if (openssl == NULL)
    return;    /* the test skips */
  f->certs = make_certificate_dir ();
  f->tm_a = sc_transaction_manager_new_tls ("127.0.0.1:0", f->certs, &error);
  g_assert_no_error (error);
  f->tm_b = sc_transaction_manager_new_tls ("127.0.0.1:0", f->certs, &error);
  g_assert_no_error (error);

  options.a.transaction_manager = f->tm_a;
  options.b.transaction_manager = f->tm_b;
  test_pair_setup_full (&f->pair, &options);
}

static void
tls_fixture_teardown (TlsFixture    *f,
                      gconstpointer  data)
{
  test_pair_teardown (&f->pair, data);
  g_clear_object (&f->tm_a);
  g_clear_object (&f->tm_b);
  if (f->certs != NULL)
    {
      /* The stacks finish their shutdown in the background. */
      test_run_for (300);
      test_remove_tree (f->certs);
    }
  g_clear_pointer (&f->certs, g_free);
}

static void
test_tls_call (TlsFixture    *f,
               gconstpointer  data)
{
  TestPair *p = &f->pair;
  g_autoptr(ScCallSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  g_test_summary ("A call between two managers over SIP/TLS (sips: URIs)");

  if (f->certs == NULL)
    {
      g_test_skip ("openssl is needed to make a certificate");
      return;
    }
  g_assert_cmpint (sc_transaction_manager_get_transport (f->tm_a), ==, SC_TRANSPORT_PROTOCOL_TLS);
  g_assert_cmpstr (sc_transaction_manager_get_certificate_dir (f->tm_a), ==, f->certs);
  test_recorder_set_decision (p->rb, sc_call_decision_accept (NULL));

  from = g_strdup_printf ("sips:alice@%s", sc_transaction_manager_get_bound_address (f->tm_a));
  to = g_strdup_printf ("sips:bob@%s", sc_transaction_manager_get_bound_address (f->tm_b));
  session = sc_session_manager_create_outgoing_call (p->a, from, to, NULL, &error);
  g_assert_no_error (error);
  TEST_WAIT (p->ra->n_established == 1 && p->rb->n_established == 1, WAIT_MS);
  g_assert_cmpstr (sc_call_session_get_to (session), ==, to);

  g_assert_true (sc_session_manager_terminate_session (p->a, sc_call_session_get_id (session), &error));
  TEST_WAIT (p->ra->n_ended == 1 && p->rb->n_ended == 1, WAIT_MS);
  g_assert_cmpint (sc_call_session_get_state (session), ==, SC_CALL_STATE_TERMINATED);
}

/* ---- REGISTER: the application reads the request's headers ---- */

typedef struct {
  char     *authorization;
  char     *custom;
  gboolean  absent_is_null;
  gboolean  gone_after_answer;
  guint     n_requests;
} HeaderReader;

static void
read_headers_cb (ScSessionManager *manager,
                 const char       *transaction_id,
                 const char       *from,
                 const char       *contact,
                 guint             expires,
                 HeaderReader     *reader)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *absent = NULL;
  g_autofree char *gone = NULL;

  reader->n_requests++;
  /* Case does not matter, as in SIP. */
  reader->authorization = sc_session_manager_get_request_header (manager, transaction_id,
                                                                 "authorization", &error);
  g_assert_no_error (error);
  reader->custom = sc_session_manager_get_request_header (manager, transaction_id,
                                                          "X-Agent-Skill", &error);
  g_assert_no_error (error);
  absent = sc_session_manager_get_request_header (manager, transaction_id, "Subject", &error);
  g_assert_no_error (error);
  reader->absent_is_null = absent == NULL;

  g_assert_true (sc_session_manager_send_sip_response (manager, transaction_id, 401, NULL,
                                                       NULL, &error));
  g_assert_no_error (error);
  gone = sc_session_manager_get_request_header (manager, transaction_id, "Authorization",
                                                &error);
  reader->gone_after_answer = gone == NULL &&
                              g_error_matches (error, SC_ERROR, SC_ERROR_SESSION_NOT_FOUND);
}

static void
test_register_request_headers (Fixture       *f,
                               gconstpointer  data)
{
  const char *authorization =
    "Digest username=\"alice\", realm=\"callcenter\", nonce=\"5f2a, 9c\", "
    "uri=\"sip:127.0.0.1\", response=\"0123456789abcdef0123456789abcdef\", "
    "algorithm=MD5, cnonce=\"x y\", qop=auth, nc=00000001";
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocketAddress) bound_local = NULL;
  g_autoptr(GSocketAddress) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *request = NULL;
  const char *bound = sc_session_manager_get_bound_address (f->b);
  HeaderReader reader = { 0 };
  guint16 port;
  char reply[2048];
  gssize n;
  gulong id;

  g_test_summary ("A REGISTER's Authorization (parsed by sofia, so not among "
                  "the unknown headers) and an unknown header reach the "
                  "application intact through get_request_header, by any "
                  "case of the name; an absent header is NULL without error; "
                  "an answered transaction is SESSION_NOT_FOUND");

  id = g_signal_connect (f->b, "registration-request", G_CALLBACK (read_headers_cb), &reader);
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                         G_SOCKET_PROTOCOL_UDP, &error);
  g_assert_no_error (error);
  local = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_assert_true (g_socket_bind (socket, local, FALSE, &error));
  bound_local = g_socket_get_local_address (socket, &error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound_local));
  server = g_inet_socket_address_new_from_string ("127.0.0.1",
                                                  (guint) atoi (strrchr (bound, ':') + 1));
  request = g_strdup_printf ("REGISTER sip:127.0.0.1 SIP/2.0\r\n"
                             "Via: SIP/2.0/UDP 127.0.0.1:%u;branch=z9hG4bK-hdr-1\r\n"
                             "From: <sip:alice@127.0.0.1>;tag=1\r\n"
                             "To: <sip:alice@127.0.0.1>\r\n"
                             "Call-ID: register-headers@127.0.0.1\r\n"
                             "CSeq: 2 REGISTER\r\n"
                             "Contact: <sip:alice@127.0.0.1:%u>\r\n"
                             "Authorization: %s\r\n"
                             "X-Agent-Skill: billing; level=2\r\n"
                             "Expires: 60\r\n"
                             "Max-Forwards: 70\r\n"
                             "Content-Length: 0\r\n\r\n",
                             port, port, authorization);
  g_assert_cmpint (g_socket_send_to (socket, server, request, strlen (request), NULL, &error),
                   ==, (gssize) strlen (request));
  TEST_WAIT (reader.n_requests == 1, WAIT_MS);

  g_assert_cmpstr (reader.authorization, ==, authorization);
  g_assert_cmpstr (reader.custom, ==, "billing; level=2");
  g_assert_true (reader.absent_is_null);
  g_assert_true (reader.gone_after_answer);

  /* The 401 went out on the wire. */
  g_socket_set_blocking (socket, FALSE);
  do
    {
      test_run_for (20);
      n = g_socket_receive (socket, reply, sizeof reply - 1, NULL, NULL);
    }
  while (n <= 0 || strncmp (reply, "SIP/2.0 1", 9) == 0);
  reply[n] = '\0';
  g_assert_true (g_str_has_prefix (reply, "SIP/2.0 401 "));

  g_assert_null (sc_session_manager_get_request_header (f->b, "txn_nope", "Authorization",
                                                        &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_SESSION_NOT_FOUND);

  g_signal_handler_disconnect (f->b, id);
  g_free (reader.authorization);
  g_free (reader.custom);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, test_pair_setup, func, test_pair_teardown)

  ADD ("/call/lifecycle/caller-hangs-up", test_lifecycle, GINT_TO_POINTER (FALSE));
  ADD ("/call/lifecycle/callee-hangs-up", test_lifecycle, GINT_TO_POINTER (TRUE));
  ADD ("/call/reject/nobody-decides", test_reject, &reject_none);
  ADD ("/call/reject/default-code", test_reject, &reject_default);
  ADD ("/call/reject/403", test_reject, &reject_403);
  ADD ("/call/reject/503-default-reason", test_reject, &reject_503);
  ADD ("/call/reject/custom-reason", test_reject, &reject_custom);
  ADD ("/call/defer/accept-with-sdp", test_defer_accept, NULL);
  ADD ("/call/defer/accept-bad-sdp", test_defer_accept_bad_sdp, NULL);
  ADD ("/call/defer/reject", test_defer_reject, NULL);
  ADD ("/call/defer/reject-default", test_defer_reject_default, NULL);
  ADD ("/call/forward", test_forward, NULL);
  ADD ("/call/cancel-while-ringing", test_cancel, NULL);
  g_test_add ("/call/max-sessions", Fixture, NULL, fixture_setup_limited,
              test_max_sessions, test_pair_teardown);
  ADD ("/call/concurrent-100", test_concurrent, NULL);
  ADD ("/call/hold-resume", test_hold_resume, NULL);
  ADD ("/call/dtmf", test_dtmf_info, NULL);
  ADD ("/call/update-media", test_update_media, NULL);
  ADD ("/call/offer-with-hostname", test_offer_with_hostname, NULL);
  ADD ("/call/transfer/accepted", test_transfer, GINT_TO_POINTER (TRUE));
  ADD ("/call/transfer/refused", test_transfer, GINT_TO_POINTER (FALSE));
  ADD ("/call/prepared", test_prepared, NULL);
  ADD ("/call/wait-for-answer", test_wait_for_answer, NULL);
  ADD ("/call/wait-for-answer/cancel", test_wait_for_answer_cancel, NULL);
  ADD ("/call/idle-session", test_idle_session, NULL);
  ADD ("/manager/stop-start", test_stop_start, NULL);
  ADD ("/register/request-headers", test_register_request_headers, NULL);
  ADD ("/manager/shutdown-with-calls", test_shutdown_with_calls, NULL);
  ADD ("/errors/unknown-session", test_errors_unknown_session, NULL);
  ADD ("/errors/invalid-uri", test_errors_invalid_uri, NULL);
  ADD ("/errors/wrong-state", test_errors_wrong_state, NULL);
  g_test_add_func ("/errors/build", test_errors_build);
  g_test_add_func ("/errors/port-taken", test_errors_port_taken);
  g_test_add_func ("/manager/shared-transaction-manager", test_transaction_manager_shared);
  g_test_add ("/transport/tls-call", TlsFixture, NULL, tls_fixture_setup,
              test_tls_call, tls_fixture_teardown);
  g_test_add_func ("/manager/own-thread-context", test_own_thread_context);
  g_test_add_func ("/manager/unref-in-handler", test_unref_in_handler);

  return g_test_run ();
}
