/* test-sipp-conference.c: a SIPp participant in a sessioncore conference
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Two in-process phones call the server and join a conference; then
 * SIPp's "uac_pcap" calls in and joins it too, playing a real recording
 * (pcap/g711a.pcap: PCMA, 236 packets, 7080 ms). Each phone must hear
 * that recording through the mixer — decoded from A-law, mixed (the
 * other phone is silent), encoded again in the phone's µ-law — as the
 * server's leg of the SIPp call received it, to within G.711's
 * quantisation.
 */

#include "test-utils.h"
#include "test-audio.h"
#include "sipp-utils.h"

#include "sc-session-manager-private.h"
#include "media/sc-media-engine.h"

#include <string.h>

#define SIPP_TIMEOUT_S   60
#define SIPP_WAIT_MS     ((SIPP_TIMEOUT_S + 20) * 1000)
#define SIPP_PCAP_DIR    "/usr/share/sip-tester"
#define CAPTURE_SAMPLES  (12 * 8000)
#define N_PHONES         2

typedef struct {
  ScServerSessionManager *server;
  ScSessionManager       *sm;
  ScConferenceManager    *cm;
  ScSessionManager       *phones[N_PHONES];
  char                   *phone_ids[N_PHONES];
  char                   *customer;     /* the server's leg from SIPp */
  GArray                 *sent_by_customer;
  GArray                 *heard[N_PHONES];
  gboolean                ended;
} Fixture;

#define CONFERENCE "room"

/* Every call the server answers joins the conference; SIPp's is the
 * one whose caller is "sipp". */
static void
established_cb (ScSessionManager *sm,
                ScCallSession    *session,
                const char       *local_sdp,
                const char       *remote_sdp,
                Fixture          *f)
{
  g_autoptr(ScParticipantInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = sc_call_session_get_id (session);

  info = sc_conference_manager_join_conference (f->cm, CONFERENCE, id, &error);
  g_assert_no_error (error);
  if (strstr (sc_call_session_get_from (session), "sipp") == NULL)
    return;
  f->customer = g_strdup (id);
  _sc_media_leg_set_capture (_sc_session_manager_get_media_leg (sm, id), CAPTURE_SAMPLES);
  for (guint i = 0; i < N_PHONES; i++)
    _sc_media_leg_set_capture (_sc_session_manager_get_media_leg (f->phones[i], f->phone_ids[i]),
                               CAPTURE_SAMPLES);
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

static void
ended_cb (ScSessionManager *sm,
          ScCallSession    *session,
          const char       *reason,
          Fixture          *f)
{
  if (g_strcmp0 (sc_call_session_get_id (session), f->customer) != 0)
    return;
  take_capture (_sc_session_manager_get_media_leg (sm, f->customer), f->sent_by_customer);
  for (guint i = 0; i < N_PHONES; i++)
    take_capture (_sc_session_manager_get_media_leg (f->phones[i], f->phone_ids[i]),
                  f->heard[i]);
  f->ended = TRUE;
}

static void
test_sipp_participant_heard (void)
{
  Fixture f = { 0 };
  g_autoptr(ScSessionManagerBuilder) builder = sc_session_manager_builder_new ();
  g_autoptr(InteropSipp) customer = NULL;
  g_autoptr(TestRecorder) recorder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  const char *customer_args[] = { "-sn", "uac_pcap", NULL, "-m", "1", NULL };
  guint first, last;

  g_test_summary ("A SIPp participant playing a real recording (PCMA) in a conference "
                  "with two phones (PCMU): both phones hear the recording through the "
                  "mixer, intact to within G.711");

  test_port_range (100, &first, &last);
  sc_session_manager_builder_with_local_bind_addr (builder, "127.0.0.1:0");
  sc_session_manager_builder_with_media_ports (builder, first, last);
  f.server = sc_session_manager_builder_build_server (builder, NULL, &error);
  g_assert_no_error (error);
  f.sm = sc_server_session_manager_get_session_manager (f.server);
  f.cm = sc_server_session_manager_get_conference_manager (f.server);
  g_assert_true (sc_conference_manager_create_named_conference (f.cm, CONFERENCE, NULL, &error));
  g_assert_no_error (error);
  recorder = test_recorder_new (f.sm);
  test_recorder_set_decision (recorder, sc_call_decision_accept (NULL));
  g_signal_connect (f.sm, "call-established", G_CALLBACK (established_cb), &f);
  g_signal_connect (f.sm, "call-ended", G_CALLBACK (ended_cb), &f);
  f.sent_by_customer = g_array_new (FALSE, FALSE, sizeof (gint16));

  for (guint i = 0; i < N_PHONES; i++)
    {
      g_autofree char *from = NULL;
      g_autofree char *to = test_uri (f.sm, "conference");
      g_autoptr(ScCallSession) call = NULL;

      f.phones[i] = test_manager_new (0, NULL);
      f.heard[i] = g_array_new (FALSE, FALSE, sizeof (gint16));
      from = test_uri (f.phones[i], "phone");
      call = sc_session_manager_create_outgoing_call (f.phones[i], from, to, NULL, &error);
      g_assert_no_error (error);
      TEST_WAIT (sc_call_session_get_state (call) == SC_CALL_STATE_ACTIVE, WAIT_MS);
      f.phone_ids[i] = g_strdup (sc_call_session_get_id (call));
    }
  TEST_WAIT (recorder->n_established == N_PHONES, WAIT_MS);

  target = g_strdup (sc_session_manager_get_bound_address (f.sm));
  customer_args[2] = target;
  customer = interop_sipp_start_with_pcaps (customer_args, 0, SIPP_TIMEOUT_S, SIPP_PCAP_DIR);
  g_assert_cmpint (interop_sipp_wait (customer, SIPP_WAIT_MS), ==, 0);
  TEST_WAIT (f.ended, WAIT_MS);
  g_assert_cmpuint (f.sent_by_customer->len, >=, 50000);

  for (guint i = 0; i < N_PHONES; i++)
    {
      guint offset = 0, n = 0;
      double error_ratio;

      g_assert_cmpuint (f.heard[i]->len, >=, 50000);
      error_ratio = test_match_error (&g_array_index (f.sent_by_customer, gint16, 0),
                                      f.sent_by_customer->len,
                                      &g_array_index (f.heard[i], gint16, 0),
                                      f.heard[i]->len, 8000, &offset, &n);
      g_test_message ("phone %u: error energy ratio %.5f over %u samples, %u samples late",
                      i, error_ratio, n, offset);
      g_assert_cmpuint (n, >=, 50000);
      g_assert_cmpfloat (error_ratio, <, 0.01);
    }

  test_manager_shutdown (f.sm);
  g_clear_object (&f.server);
  for (guint i = 0; i < N_PHONES; i++)
    {
      test_manager_shutdown (f.phones[i]);
      g_object_unref (f.phones[i]);
      g_free (f.phone_ids[i]);
      g_array_unref (f.heard[i]);
    }
  g_array_unref (f.sent_by_customer);
  g_free (f.customer);
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
  g_test_add_func ("/sipp/conference/participant-heard",
                   have ? test_sipp_participant_heard : skip_without_sipp);
  return g_test_run ();
}
