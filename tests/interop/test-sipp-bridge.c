/* test-sipp-bridge.c: two SIPp peers bridged by a sessioncore server
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The agent is SIPp's built-in "uas" with -rtp_echo: it answers with PCMU
 * and sends every RTP packet it receives straight back. The customer is
 * SIPp's "uac_pcap": it offers PCMA and plays a real recording
 * (pcap/g711a.pcap, 236 packets, 7080 ms, then one RFC 2833 digit).
 *
 * The server calls the agent first; when the customer's call is
 * established it bridges the two at once. The customer's audio goes
 * through the bridge to the agent (transcoded from PCMA to PCMU), comes
 * back echoed, and goes through the bridge again to the customer. What
 * the server's agent leg receives (the echo) is compared with what its
 * customer leg received (the recording): the same audio, to within the
 * G.711 A-law/µ-law conversion.
 */

#include "test-utils.h"
#include "sipp-utils.h"
#include "test-audio.h"

#include "sc-session-manager-private.h"
#include "media/sc-media-engine.h"

#define SIPP_TIMEOUT_S   60
#define SIPP_WAIT_MS     ((SIPP_TIMEOUT_S + 20) * 1000)
#define SIPP_PCAP_DIR    "/usr/share/sip-tester"
#define CAPTURE_SAMPLES  (12 * 8000)
#define RECORDING_PACKETS 236

typedef struct {
  ScServerSessionManager *server;
  ScSessionManager       *sm;
  char                   *agent;      /* the server's leg to the agent */
  char                   *customer;   /* the server's leg from the customer */
  char                   *bridge;
  GArray                 *heard_from_customer;
  GArray                 *echoed_by_agent;
  ScMediaStats            customer_stats;
  ScMediaStats            agent_stats;
  gboolean                ended;
} Fixture;

/* Bridge as soon as the customer's call is up: its audio starts with the
 * ACK. */
static void
established_cb (ScSessionManager *sm,
                ScCallSession    *session,
                const char       *local_sdp,
                const char       *remote_sdp,
                Fixture          *f)
{
  g_autoptr(GError) error = NULL;

  if (sc_call_session_get_direction (session) != SC_CALL_DIRECTION_INCOMING)
    return;
  f->customer = g_strdup (sc_call_session_get_id (session));
  _sc_media_leg_set_capture (_sc_session_manager_get_media_leg (sm, f->customer),
                             CAPTURE_SAMPLES);
  _sc_media_leg_set_capture (_sc_session_manager_get_media_leg (sm, f->agent),
                             CAPTURE_SAMPLES);
  f->bridge = sc_server_session_manager_bridge_sessions (f->server, f->customer, f->agent,
                                                         &error);
  g_assert_no_error (error);
}

static void
take_capture (ScMediaLeg *leg,
              GArray     *into)
{
  gint16 *samples = g_new (gint16, CAPTURE_SAMPLES);
  guint n = _sc_media_leg_take_capture (leg, samples, CAPTURE_SAMPLES);

  g_array_append_vals (into, samples, n);
  g_free (samples);
}

/* The customer hangs up (SIPp sends BYE): read both legs while they
 * exist, then end the agent's leg as a call engine would. */
static void
ended_cb (ScSessionManager *sm,
          ScCallSession    *session,
          const char       *reason,
          Fixture          *f)
{
  if (g_strcmp0 (sc_call_session_get_id (session), f->customer) != 0)
    return;
  take_capture (_sc_session_manager_get_media_leg (sm, f->customer), f->heard_from_customer);
  take_capture (_sc_session_manager_get_media_leg (sm, f->agent), f->echoed_by_agent);
  _sc_media_leg_get_stats (_sc_session_manager_get_media_leg (sm, f->customer),
                           &f->customer_stats);
  _sc_media_leg_get_stats (_sc_session_manager_get_media_leg (sm, f->agent),
                           &f->agent_stats);
  f->ended = TRUE;
  sc_session_manager_terminate_session (sm, f->agent, NULL);
}

static void
test_customer_echoed_through_bridge (void)
{
  Fixture f = { 0 };
  g_autoptr(ScSessionManagerBuilder) builder = sc_session_manager_builder_new ();
  g_autoptr(InteropSipp) agent = NULL;
  g_autoptr(InteropSipp) customer = NULL;
  g_autoptr(ScCallSession) agent_call = NULL;
  g_autoptr(TestRecorder) recorder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *agent_uri = NULL;
  g_autofree char *target = NULL;
  const char *agent_args[] = { "-sn", "uas", "-rtp_echo", "-m", "1", NULL };
  const char *customer_args[] = { "-sn", "uac_pcap", NULL, "-m", "1", NULL };
  guint first, last, n, offset;
  double error_ratio = 1;

  g_test_summary ("A SIPp customer playing a real recording (PCMA) bridged to a "
                  "SIPp agent that echoes (PCMU): the audio goes through the "
                  "bridge, is echoed, and comes back intact; RTP counted on both legs");

  test_port_range (100, &first, &last);
  sc_session_manager_builder_with_local_bind_addr (builder, "127.0.0.1:0");
  sc_session_manager_builder_with_media_ports (builder, first, last);
  f.server = sc_session_manager_builder_build_server (builder, NULL, &error);
  g_assert_no_error (error);
  f.sm = sc_server_session_manager_get_session_manager (f.server);
  recorder = test_recorder_new (f.sm);
  test_recorder_set_decision (recorder, sc_call_decision_accept (NULL));
  f.heard_from_customer = g_array_new (FALSE, FALSE, sizeof (gint16));
  f.echoed_by_agent = g_array_new (FALSE, FALSE, sizeof (gint16));

  /* The agent first: the server calls it and it answers. */
  agent = interop_sipp_start (agent_args, 0, SIPP_TIMEOUT_S);
  interop_sipp_wait_ready (agent, WAIT_MS);
  agent_uri = g_strdup_printf ("sip:agent@127.0.0.1:%u", agent->port);
  {
    g_autofree char *from = test_uri (f.sm, "queue");

    agent_call = sc_session_manager_create_outgoing_call (f.sm, from, agent_uri, NULL, &error);
    g_assert_no_error (error);
  }
  TEST_WAIT (sc_call_session_get_state (agent_call) == SC_CALL_STATE_ACTIVE, WAIT_MS);
  f.agent = g_strdup (sc_call_session_get_id (agent_call));

  /* Then the customer, bridged on arrival. */
  g_signal_connect (f.sm, "call-established", G_CALLBACK (established_cb), &f);
  g_signal_connect (f.sm, "call-ended", G_CALLBACK (ended_cb), &f);
  target = g_strdup (sc_session_manager_get_bound_address (f.sm));
  customer_args[2] = target;
  customer = interop_sipp_start_with_pcaps (customer_args, 0, SIPP_TIMEOUT_S, SIPP_PCAP_DIR);
  g_assert_cmpint (interop_sipp_wait (customer, SIPP_WAIT_MS), ==, 0);
  TEST_WAIT (f.ended, WAIT_MS);
  g_assert_cmpint (interop_sipp_wait (agent, SIPP_WAIT_MS), ==, 0);
  g_assert_nonnull (f.bridge);

  g_test_message ("customer leg: %" G_GUINT64_FORMAT " received, %" G_GUINT64_FORMAT
                  " sent; agent leg: %" G_GUINT64_FORMAT " sent, %" G_GUINT64_FORMAT
                  " received (echo); %u and %u samples captured",
                  f.customer_stats.packets_received, f.customer_stats.packets_sent,
                  f.agent_stats.packets_sent, f.agent_stats.packets_received,
                  f.heard_from_customer->len, f.echoed_by_agent->len);

  /* The recording reached the server and went on to the agent... */
  g_assert_cmpuint (f.customer_stats.packets_received, >=, RECORDING_PACKETS);
  g_assert_cmpuint (f.agent_stats.packets_sent, >=, RECORDING_PACKETS);
  /* ...came back from the agent's echo, and went out to the customer. */
  g_assert_cmpuint (f.agent_stats.packets_received, >=, RECORDING_PACKETS - 2);
  g_assert_cmpuint (f.customer_stats.packets_sent, >=, RECORDING_PACKETS - 2);
  g_assert_cmpuint (f.customer_stats.packets_lost, ==, 0);
  g_assert_cmpuint (f.agent_stats.packets_lost, ==, 0);

  /* The echo is the recording, transcoded twice, after whatever the
   * agent's leg sent before the bridge (silence, echoed too): find where
   * the recording starts in the echo, then compare all of it. */
  g_assert_cmpuint (f.heard_from_customer->len, >=, 50000);
  g_assert_cmpuint (f.echoed_by_agent->len, >=, 50000);
  error_ratio = test_match_error (&g_array_index (f.heard_from_customer, gint16, 0),
                                  f.heard_from_customer->len,
                                  &g_array_index (f.echoed_by_agent, gint16, 0),
                                  f.echoed_by_agent->len, 3 * 8000, &offset, &n);
  g_test_message ("echo vs recording: error energy ratio %.5f over %u samples, "
                  "the echo %u samples in", error_ratio, n, offset);
  g_assert_cmpuint (n, >=, 50000);
  g_assert_cmpfloat (error_ratio, <, 0.01);

  test_manager_shutdown (f.sm);
  g_clear_object (&f.server);
  g_array_unref (f.heard_from_customer);
  g_array_unref (f.echoed_by_agent);
  g_free (f.agent);
  g_free (f.customer);
  g_free (f.bridge);
}

static void
skip_without_sipp (void)
{
  g_test_skip ("sipp or its captures are not installed");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *sipp = NULL;
  gboolean have;

  g_test_init (&argc, &argv, NULL);
  sipp = g_find_program_in_path ("sipp");
  have = sipp != NULL && g_file_test (SIPP_PCAP_DIR "/g711a.pcap", G_FILE_TEST_EXISTS);
  g_test_add_func ("/sipp/bridge/customer-echoed-by-agent",
                   have ? test_customer_echoed_through_bridge : skip_without_sipp);
  return g_test_run ();
}
