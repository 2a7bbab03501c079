/* test-bridge.c: a server bridging real calls: who hears whom, in which
 * order events come, and every rule and error of bridges.
 *
 * Each test runs an ScServerSessionManager and "phones": plain session
 * managers on loopback that call it or are called by it, with real SIP
 * and RTP. What a phone hears is judged by the frequency of the tone that
 * arrives (Goertzel), as a person would judge it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test-utils.h"
#include "test-audio.h"

#include <string.h>

#include "sc-session-manager-private.h"
#include "media/sc-media-engine.h"

#define N_PHONES 3
#define LISTEN_MS 600

typedef struct {
  ScServerSessionManager *server;
  ScSessionManager       *sm;           /* the server's calls (borrowed) */
  TestRecorder           *rs;
  ScSessionManager       *phones[N_PHONES];
  TestRecorder           *rp[N_PHONES];
  char                   *phone_ids[N_PHONES];   /* each phone's session */
  GPtrArray              *events;       /* "type session reason" strings */
  GPtrArray              *bridge_ids;   /* of the events, in order */
  /* The application's rule of the B2BUA tests: when one leg of a bridge
   * leaves because its call ended, end the other legs too. */
  gboolean                hang_up_others;
  char                   *moh_dir;      /* the music-on-hold file's, or NULL */
} Fixture;

static const char *
event_nick (ScBridgeEventType type)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (SC_TYPE_BRIDGE_EVENT_TYPE);

  return g_enum_get_value (klass, type)->value_nick;
}

static void
bridge_event_cb (ScServerSessionManager *server,
                 ScBridgeEvent          *event,
                 Fixture                *f)
{
  const char *session = sc_bridge_event_get_session_id (event);
  const char *reason = sc_bridge_event_get_reason (event);

  g_ptr_array_add (f->events,
                   g_strdup_printf ("%s%s%s%s%s",
                                    event_nick (sc_bridge_event_get_event_type (event)),
                                    session ? " " : "", session ? session : "",
                                    reason ? " / " : "", reason ? reason : ""));
  g_ptr_array_add (f->bridge_ids, g_strdup (sc_bridge_event_get_bridge_id (event)));
  g_assert_cmpint (sc_bridge_event_get_timestamp (event), >, 0);

  if (f->hang_up_others &&
      sc_bridge_event_get_event_type (event) == SC_BRIDGE_EVENT_TYPE_SESSION_REMOVED &&
      g_strcmp0 (reason, "session terminated") == 0)
    {
      g_autoptr(ScBridgeInfo) info =
        sc_bridge_manager_get_bridge_info (sc_server_session_manager_get_bridge_manager (server),
                                           sc_bridge_event_get_bridge_id (event), NULL);

      for (const char * const *id = info ? sc_bridge_info_get_sessions (info) : NULL;
           id != NULL && *id != NULL; id++)
        sc_session_manager_terminate_session (f->sm, *id, NULL);
    }
}

static void
fixture_setup_with_options (Fixture                  *f,
                            const TestManagerOptions *options)
{
  f->server = test_server_new_with_options (options);
  f->sm = sc_server_session_manager_get_session_manager (f->server);
  f->rs = test_recorder_new (f->sm);
  test_recorder_set_decision (f->rs, sc_call_decision_accept (NULL));
  for (guint i = 0; i < N_PHONES; i++)
    {
      f->phones[i] = test_manager_new (0, NULL);
      f->rp[i] = test_recorder_new (f->phones[i]);
      test_recorder_set_decision (f->rp[i], sc_call_decision_accept (NULL));
    }
  f->events = g_ptr_array_new_with_free_func (g_free);
  f->bridge_ids = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (f->server, "bridge-event", G_CALLBACK (bridge_event_cb), f);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  const TestManagerOptions defaults = { 0 };

  fixture_setup_with_options (f, &defaults);
}

#define MOH_HZ 700

/* The server plays a MOH_HZ tone file as its music on hold. */
static void
fixture_setup_moh (Fixture       *f,
                   gconstpointer  data)
{
  TestManagerOptions options = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->moh_dir = g_dir_make_tmp ("sc-bridge-moh-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->moh_dir, "moh.wav", NULL);
  test_write_tone_wav (path, MOH_HZ, 2);
  options.music_on_hold_file = path;
  fixture_setup_with_options (f, &options);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->server != NULL)
    {
      g_signal_handlers_disconnect_by_data (f->server, f);
      test_manager_shutdown (f->sm);
    }
  g_clear_pointer (&f->rs, test_recorder_free);
  g_clear_object (&f->server);
  for (guint i = 0; i < N_PHONES; i++)
    {
      if (f->phones[i] != NULL)
        test_manager_shutdown (f->phones[i]);
      g_clear_pointer (&f->rp[i], test_recorder_free);
      g_clear_object (&f->phones[i]);
      g_clear_pointer (&f->phone_ids[i], g_free);
    }
  g_clear_pointer (&f->events, g_ptr_array_unref);
  g_clear_pointer (&f->bridge_ids, g_ptr_array_unref);
  if (f->moh_dir != NULL)
    test_remove_tree (f->moh_dir);
  g_clear_pointer (&f->moh_dir, g_free);
}

/* Phone @i calls the server, which answers. Returns the server's session
 * id of that call; f->phone_ids[i] is the phone's. */
static char *
phone_calls_server (Fixture    *f,
                    guint       i,
                    const char *offer)
{
  g_autofree char *from = test_uri (f->phones[i], "customer");
  g_autofree char *to = test_uri (f->sm, "support");
  g_autoptr(ScCallSession) session = NULL;
  g_autoptr(GError) error = NULL;
  guint established = f->rs->n_established;

  session = sc_session_manager_create_outgoing_call (f->phones[i], from, to, offer, &error);
  g_assert_no_error (error);
  TEST_WAIT (sc_call_session_get_state (session) == SC_CALL_STATE_ACTIVE &&
             f->rs->n_established == established + 1, WAIT_MS);
  g_free (f->phone_ids[i]);
  f->phone_ids[i] = g_strdup (sc_call_session_get_id (session));
  return test_session_of_call (f->sm, session);
}

/* The server calls phone @i the way a call engine calls an agent
 * (prepare, then initiate); the phone answers. Returns the server's
 * session id. */
static char *
server_calls_phone (Fixture *f,
                    guint    i)
{
  g_autofree char *from = test_uri (f->sm, "queue");
  g_autofree char *to = test_uri (f->phones[i], "agent");
  g_autoptr(ScPreparedCall) prepared = NULL;
  g_autoptr(ScCallSession) session = NULL;
  g_autoptr(GError) error = NULL;
  guint established = f->rp[i]->n_established;

  prepared = sc_session_manager_prepare_outgoing_call (f->sm, from, to, &error);
  g_assert_no_error (error);
  session = sc_session_manager_initiate_prepared_call (f->sm, prepared, &error);
  g_assert_no_error (error);
  TEST_WAIT (sc_call_session_get_state (session) == SC_CALL_STATE_ACTIVE &&
             f->rp[i]->n_established == established + 1, WAIT_MS);
  g_free (f->phone_ids[i]);
  f->phone_ids[i] = g_strdup (f->rp[i]->last_incoming_id);
  return g_strdup (sc_call_session_get_id (session));
}

static ScMediaLeg *
phone_leg (Fixture *f,
           guint    i)
{
  ScMediaLeg *leg = _sc_session_manager_get_media_leg (f->phones[i], f->phone_ids[i]);

  g_assert_nonnull (leg);
  return leg;
}

static void
phone_plays (Fixture *f,
             guint    i,
             double   frequency)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sc_session_manager_play_tone (f->phones[i], f->phone_ids[i],
                                               frequency, &error));
  g_assert_no_error (error);
}

/* What phone @i hears for a while: the share of @frequency in it. */
static double
phone_hears (Fixture *f,
             guint    i,
             double   frequency)
{
  gint16 pcm[LISTEN_MS * TEST_AUDIO_RATE / 1000];
  guint n = test_listen (phone_leg (f, i), LISTEN_MS, pcm);

  g_assert_cmpuint (n, >, LISTEN_MS * TEST_AUDIO_RATE / 1000 / 2);
  return test_tone_share (pcm, n, frequency);
}

static double
phone_hears_rms (Fixture *f,
                 guint    i)
{
  gint16 pcm[LISTEN_MS * TEST_AUDIO_RATE / 1000];
  guint n = test_listen (phone_leg (f, i), LISTEN_MS, pcm);

  return test_rms (pcm, n);
}

static gboolean
has_event (Fixture    *f,
           const char *event)
{
  for (guint i = 0; i < f->events->len; i++)
    if (g_str_equal (f->events->pdata[i], event))
      return TRUE;
  return FALSE;
}

static char *
events_joined (Fixture *f)
{
  g_ptr_array_add (f->events, NULL);
  {
    char *joined = g_strjoinv (", ", (char **) f->events->pdata);

    g_ptr_array_remove_index (f->events, f->events->len - 1);
    return joined;
  }
}

static void
assert_events (Fixture    *f,
               const char *expected)
{
  g_autofree char *joined = events_joined (f);

  g_assert_cmpstr (joined, ==, expected);
}

static void
forget_events (Fixture *f)
{
  g_ptr_array_set_size (f->events, 0);
  g_ptr_array_set_size (f->bridge_ids, 0);
}

/* ------------------------------------------------------------------ */

static void
test_b2bua (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *customer = NULL;
  g_autofree char *agent = NULL;
  g_autofree char *bridge = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) bridges = NULL;

  g_test_summary ("The call-engine flow: a customer calls in, the server calls an "
                  "agent and bridges them; each hears the other's tone, the agent's "
                  "DTMF reaches the customer, and when the customer hangs up the "
                  "agent leg is ended, with events in order");

  customer = phone_calls_server (f, 0, NULL);
  agent = server_calls_phone (f, 1);
  phone_plays (f, 0, 440);
  phone_plays (f, 1, 1000);

  bridge = sc_server_session_manager_bridge_sessions (f->server, customer, agent, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (bridge, "bridge_"));
  TEST_WAIT (f->events->len >= 4, WAIT_MS);
  expected = g_strdup_printf ("created, session-added %s, session-added %s, media-established",
                              customer, agent);
  assert_events (f, expected);
  for (guint i = 0; i < f->bridge_ids->len; i++)
    g_assert_cmpstr (f->bridge_ids->pdata[i], ==, bridge);

  g_assert_cmpfloat (phone_hears (f, 1, 440), >, 0.8);    /* the agent hears the customer */
  g_assert_cmpfloat (phone_hears (f, 1, 1000), <, 0.05);
  g_assert_cmpfloat (phone_hears (f, 0, 1000), >, 0.8);   /* and the customer the agent */
  g_assert_cmpfloat (phone_hears (f, 0, 440), <, 0.05);

  /* The agent's digits reach the customer's phone as RFC 4733 events. */
  g_assert_true (sc_session_manager_send_dtmf (f->phones[1], f->phone_ids[1], "1#5", &error));
  g_assert_no_error (error);
  TEST_WAIT (f->rp[0]->dtmf->len == 3, WAIT_MS);
  g_assert_cmpstr (f->rp[0]->dtmf->str, ==, "1#5");
  /* ... and the server's own leg saw them too. Its dtmf-received and
   * the phone's are delivered to the main context independently, so
   * the last one may come a little later than the phone's. */
  TEST_WAIT (f->rs->dtmf->len == 3, WAIT_MS);
  g_assert_cmpstr (f->rs->dtmf->str, ==, "1#5");

  {
    g_autofree char *found = sc_server_session_manager_get_session_bridge (f->server, agent,
                                                                           &error);
    g_assert_no_error (error);
    g_assert_cmpstr (found, ==, bridge);
  }

  /* The customer hangs up; the application ends the agent's leg. */
  forget_events (f);
  f->hang_up_others = TRUE;
  g_assert_true (sc_session_manager_terminate_session (f->phones[0], f->phone_ids[0], NULL));
  TEST_WAIT (test_recorder_has_final (f->rp[1], f->phone_ids[1], NULL), WAIT_MS);
  TEST_WAIT (has_event (f, "destroyed / empty"), WAIT_MS);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("session-removed %s / session terminated, media-stopped, "
                              "session-removed %s / session terminated, destroyed / empty",
                              customer, agent);
  assert_events (f, expected);
  bridges = sc_server_session_manager_list_bridges (f->server);
  g_assert_cmpuint (bridges->len, ==, 0);
}

static void
test_three_members (Fixture       *f,
                    gconstpointer  data)
{
  const double tones[N_PHONES] = { 440, 1000, 1700 };
  char *ids[N_PHONES + 1] = { NULL };
  g_autofree char *bridge = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("A three-member bridge: each member hears the two other tones "
                  "and not its own; a member muted in the bridge (a supervisor "
                  "listening in) is heard by nobody and still hears both");

  for (guint i = 0; i < N_PHONES; i++)
    {
      ids[i] = phone_calls_server (f, i, NULL);
      phone_plays (f, i, tones[i]);
    }
  bridge = sc_bridge_manager_create_bridge (sc_server_session_manager_get_bridge_manager (f->server),
                                            (const char * const *) ids, NULL, &error);
  g_assert_no_error (error);
  TEST_WAIT (has_event (f, "media-established"), WAIT_MS);

  for (guint i = 0; i < N_PHONES; i++)
    {
      gint16 pcm[LISTEN_MS * TEST_AUDIO_RATE / 1000];
      guint n = test_listen (phone_leg (f, i), LISTEN_MS, pcm);

      for (guint j = 0; j < N_PHONES; j++)
        {
          double share = test_tone_share (pcm, n, tones[j]);

          g_test_message ("member %u hears %.0f Hz: %.3f", i, tones[j], share);
          if (i == j)
            g_assert_cmpfloat (share, <, 0.05);
          else
            g_assert_cmpfloat (share, >, 0.3);
        }
    }

  /* Member 2 listens in, muted: the others no longer hear it, it still
   * hears both of them. */
  g_assert_true (sc_bridge_manager_set_member_muted (sc_server_session_manager_get_bridge_manager (f->server),
                                                     bridge, ids[2], TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (phone_hears (f, 0, tones[2]), <, 0.05);
  g_assert_cmpfloat (phone_hears (f, 1, tones[2]), <, 0.05);
  g_assert_cmpfloat (phone_hears (f, 2, tones[0]), >, 0.3);
  g_assert_cmpfloat (phone_hears (f, 0, tones[1]), >, 0.6);
  g_assert_false (sc_bridge_manager_set_member_muted (sc_server_session_manager_get_bridge_manager (f->server),
                                                      bridge, "sess_nope", TRUE, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_SESSION_NOT_IN_BRIDGE);
  g_clear_error (&error);
  g_assert_true (sc_bridge_manager_set_member_muted (sc_server_session_manager_get_bridge_manager (f->server),
                                                     bridge, ids[2], FALSE, NULL));
  g_assert_cmpfloat (phone_hears (f, 0, tones[2]), >, 0.3);

  for (guint i = 0; i < N_PHONES; i++)
    g_free (ids[i]);
}

static void
test_transcoding (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *bridge = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScMediaInfo) info_a = NULL;
  g_autoptr(ScMediaInfo) info_b = NULL;

  g_test_summary ("PCMU on one leg, PCMA on the other: the tones arrive intact "
                  "both ways");

  /* Both calls start with PCMU (our offers list it first); phone 1 then
   * re-offers PCMA alone on the same port, as a PCMA-only phone would. */
  a = phone_calls_server (f, 0, NULL);
  b = phone_calls_server (f, 1, NULL);
  {
    g_autoptr(ScMediaInfo) mine = sc_session_manager_get_media_info (f->phones[1],
                                                                     f->phone_ids[1], &error);
    g_autoptr(GString) pcma = g_string_new (sc_media_info_get_local_sdp (mine));
    g_autoptr(ScCallSession) server_b = sc_session_manager_get_session (f->sm, b);

    g_assert_cmpuint (g_string_replace (pcma, "RTP/AVP 0 8 101", "RTP/AVP 8 101", 1), ==, 1);
    g_assert_cmpuint (g_string_replace (pcma, "a=rtpmap:0 PCMU/8000\r\n", "", 1), ==, 1);
    g_assert_true (sc_session_manager_update_media (f->phones[1], f->phone_ids[1], pcma->str,
                                                    &error));
    g_assert_no_error (error);
    /* The server answers the re-INVITE; both sides follow. */
    test_run_for (300);
    g_assert_cmpint (sc_call_session_get_state (server_b), ==, SC_CALL_STATE_ACTIVE);
  }
  info_a = sc_session_manager_get_media_info (f->sm, a, NULL);
  info_b = sc_session_manager_get_media_info (f->sm, b, NULL);
  g_assert_cmpstr (sc_media_info_get_codec (info_a), ==, "PCMU");
  g_assert_cmpstr (sc_media_info_get_codec (info_b), ==, "PCMA");

  phone_plays (f, 0, 440);
  phone_plays (f, 1, 1000);
  bridge = sc_server_session_manager_bridge_sessions (f->server, a, b, &error);
  g_assert_no_error (error);
  TEST_WAIT (has_event (f, "media-established"), WAIT_MS);
  g_assert_cmpfloat (phone_hears (f, 1, 440), >, 0.8);
  g_assert_cmpfloat (phone_hears (f, 0, 1000), >, 0.8);
}

static void
test_transfer_pattern (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *customer = NULL;
  g_autofree char *agent1 = NULL;
  g_autofree char *agent2 = NULL;
  g_autofree char *bridge1 = NULL;
  g_autofree char *bridge2 = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("Transfer: the customer leaves agent 1's bridge and joins agent 2; "
                  "agent 1 no longer hears the customer and agent 2 does");

  customer = phone_calls_server (f, 0, NULL);
  agent1 = server_calls_phone (f, 1);
  agent2 = server_calls_phone (f, 2);
  phone_plays (f, 0, 440);

  bridge1 = sc_server_session_manager_bridge_sessions (f->server, customer, agent1, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (phone_hears (f, 1, 440), >, 0.8);

  g_assert_true (sc_server_session_manager_remove_session_from_bridge (f->server, bridge1,
                                                                       customer, &error));
  g_assert_no_error (error);
  {
    g_autofree char *removed = g_strdup_printf ("session-removed %s / Manually removed from bridge",
                                                customer);
    g_assert_true (has_event (f, removed));
  }
  bridge2 = sc_server_session_manager_bridge_sessions (f->server, customer, agent2, &error);
  g_assert_no_error (error);

  g_assert_cmpfloat (phone_hears (f, 2, 440), >, 0.8);
  g_assert_cmpfloat (phone_hears_rms (f, 1), <, 10);       /* agent 1: silence */
  /* Agent 1 is alone in its bridge, and its call is still up. */
  {
    g_autoptr(ScBridgeInfo) info =
      sc_bridge_manager_get_bridge_info (sc_server_session_manager_get_bridge_manager (f->server),
                                         bridge1, &error);
    g_assert_nonnull (info);
    g_assert_cmpuint (sc_bridge_info_get_participant_count (info), ==, 1);
    g_assert_cmpstr (sc_bridge_info_get_sessions (info)[0], ==, agent1);
  }
}

static void
test_hold_member (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *bridge = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScCallSession) held = NULL;

  g_test_summary ("A member put on hold stops hearing the bridge and the other "
                  "hears silence (no music on hold configured); resume restores it");

  a = phone_calls_server (f, 0, NULL);
  b = phone_calls_server (f, 1, NULL);
  phone_plays (f, 0, 440);
  phone_plays (f, 1, 1000);
  bridge = sc_server_session_manager_bridge_sessions (f->server, a, b, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (phone_hears (f, 1, 440), >, 0.8);

  g_assert_true (sc_session_manager_hold_session (f->sm, a, &error));
  g_assert_no_error (error);
  held = sc_session_manager_get_session (f->sm, a);
  TEST_WAIT (sc_call_session_get_state (held) == SC_CALL_STATE_ON_HOLD, WAIT_MS);
  g_assert_cmpfloat (phone_hears_rms (f, 1), <, 10);
  {
    /* Without music on hold, the held phone is sent nothing at all. */
    gint16 pcm[LISTEN_MS * TEST_AUDIO_RATE / 1000];
    guint n = test_listen (phone_leg (f, 0), LISTEN_MS, pcm);

    g_assert_cmpuint (n, <, G_N_ELEMENTS (pcm) / 10);
  }

  g_assert_true (sc_session_manager_resume_session (f->sm, a, &error));
  TEST_WAIT (sc_call_session_get_state (held) == SC_CALL_STATE_ACTIVE, WAIT_MS);
  g_assert_cmpfloat (phone_hears (f, 1, 440), >, 0.8);
  g_assert_cmpfloat (phone_hears (f, 0, 1000), >, 0.8);
}

static void
test_continuity (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *customer = NULL;
  g_autofree char *agent1 = NULL;
  g_autofree char *agent2 = NULL;
  g_autoptr(GError) error = NULL;
  ScBridgeManager *bridges = sc_server_session_manager_get_bridge_manager (f->server);
  ScMediaStats before, after;

  g_test_summary ("Re-bridging the customer from agent 1 to agent 2 and back: "
                  "what the customer's phone receives has no sequence gap and one SSRC");

  customer = phone_calls_server (f, 0, NULL);
  agent1 = server_calls_phone (f, 1);
  agent2 = server_calls_phone (f, 2);
  phone_plays (f, 1, 1000);
  phone_plays (f, 2, 1700);
  test_run_for (200);
  _sc_media_leg_get_stats (phone_leg (f, 0), &before);

  for (guint round = 0; round < 2; round++)
    {
      const char *agents[] = { agent1, agent2, agent1 };

      for (guint i = 0; i < G_N_ELEMENTS (agents); i++)
        {
          g_autofree char *bridge =
            sc_server_session_manager_bridge_sessions (f->server, customer, agents[i], &error);

          g_assert_no_error (error);
          test_run_for (300);
          g_assert_true (sc_bridge_manager_destroy_bridge (bridges, bridge, &error));
          test_run_for (100);
        }
    }
  test_run_for (200);
  _sc_media_leg_get_stats (phone_leg (f, 0), &after);
  g_test_message ("customer received %" G_GUINT64_FORMAT " packets, %" G_GUINT64_FORMAT
                  " lost, %" G_GUINT64_FORMAT " SSRC changes",
                  after.packets_received - before.packets_received,
                  after.packets_lost, after.ssrc_changes);
  g_assert_cmpuint (after.packets_received - before.packets_received, >, 100);
  g_assert_cmpuint (after.packets_lost, ==, 0);
  g_assert_cmpuint (after.ssrc_changes, ==, before.ssrc_changes);
  g_assert_cmpuint (after.sequence_jumps, ==, 0);
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  ScBridgeManager *bridges = sc_server_session_manager_get_bridge_manager (f->server);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *bridge = NULL;
  g_autofree char *idle = NULL;
  g_autoptr(ScBridgeConfig) two = sc_bridge_config_new ();
  GError *error = NULL;
  char *id;

  g_test_summary ("Every rule of bridges: one bridge per session, full bridges, "
                  "unknown ids, unanswered and ended calls, bad configurations");

  a = phone_calls_server (f, 0, NULL);
  b = phone_calls_server (f, 1, NULL);
  c = phone_calls_server (f, 2, NULL);

  /* Unknown ids. */
  id = sc_server_session_manager_bridge_sessions (f->server, a, "sess_nope", &error);
  g_assert_null (id);
  g_assert_error (error, SC_ERROR, SC_ERROR_SESSION_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (sc_server_session_manager_destroy_bridge (f->server, "bridge_nope", &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_BRIDGE_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "Bridge not found: bridge_nope");
  g_clear_error (&error);
  g_assert_false (sc_bridge_manager_add_to_bridge (bridges, "bridge_nope", a, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_BRIDGE_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (sc_server_session_manager_get_session_bridge (f->server, "sess_nope", &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_SESSION_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (sc_bridge_manager_get_bridge_info (bridges, "bridge_nope", &error));
  g_assert_no_error (error);   /* Option<BridgeInfo>: absent, not an error */
  g_assert_null (sc_server_session_manager_get_session_bridge (f->server, a, &error));
  g_assert_no_error (error);   /* in no bridge */

  /* The same session twice. */
  id = sc_server_session_manager_bridge_sessions (f->server, a, a, &error);
  g_assert_null (id);
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_STATE);
  g_clear_error (&error);

  /* A session is in one bridge at most; nothing half-made is left. */
  sc_bridge_config_set_max_sessions (two, 2);
  bridge = sc_bridge_manager_create_bridge (bridges, (const char *[]) { a, b, NULL }, two, &error);
  g_assert_no_error (error);
  id = sc_server_session_manager_bridge_sessions (f->server, c, a, &error);
  g_assert_null (id);
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_STATE);
  g_assert_nonnull (strstr (error->message, "already in bridge"));
  g_clear_error (&error);
  g_assert_null (sc_server_session_manager_get_session_bridge (f->server, c, NULL));
  {
    g_autoptr(GPtrArray) list = sc_server_session_manager_list_bridges (f->server);
    g_assert_cmpuint (list->len, ==, 1);
  }

  /* Full. */
  g_assert_false (sc_bridge_manager_add_to_bridge (bridges, bridge, c, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_BRIDGE_FULL);
  g_clear_error (&error);

  /* Without mixing, two members at most whatever max_sessions says. */
  {
    g_autoptr(ScBridgeConfig) no_mixing = sc_bridge_config_new ();
    g_autofree char *pair = NULL;

    g_assert_true (sc_server_session_manager_destroy_bridge (f->server, bridge, &error));
    g_assert_no_error (error);
    sc_bridge_config_set_enable_mixing (no_mixing, FALSE);
    g_assert_true (sc_bridge_config_validate (no_mixing, &error));
    pair = sc_bridge_manager_create_bridge (bridges, (const char *[]) { a, b, NULL },
                                            no_mixing, &error);
    g_assert_no_error (error);
    g_assert_false (sc_bridge_manager_add_to_bridge (bridges, pair, c, &error));
    g_assert_error (error, SC_ERROR, SC_ERROR_BRIDGE_FULL);
    g_assert_nonnull (strstr (error->message, "no mixing"));
    g_clear_error (&error);
    g_free (bridge);
    bridge = g_steal_pointer (&pair);
  }

  /* Not a member. */
  g_assert_false (sc_server_session_manager_remove_session_from_bridge (f->server, bridge, c,
                                                                        &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_SESSION_NOT_IN_BRIDGE);
  g_clear_error (&error);
  g_assert_false (sc_server_session_manager_remove_session_from_bridge (f->server, bridge,
                                                                        "sess_nope", &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_SESSION_NOT_FOUND);
  g_clear_error (&error);

  /* A call not answered yet (an idle session), and one that has ended. */
  idle = sc_session_manager_create_outgoing_session (f->sm, &error);
  g_assert_no_error (error);
  id = sc_server_session_manager_bridge_sessions (f->server, c, idle, &error);
  g_assert_null (id);
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_STATE);
  g_assert_nonnull (strstr (error->message, "Initiating"));
  g_clear_error (&error);
  g_assert_true (sc_session_manager_terminate_session (f->phones[2], f->phone_ids[2], NULL));
  TEST_WAIT (test_recorder_has_final (f->rs, c, NULL), WAIT_MS);
  id = sc_server_session_manager_bridge_sessions (f->server, c, idle, &error);
  g_assert_null (id);
  g_assert_error (error, SC_ERROR, SC_ERROR_SESSION_NOT_FOUND);
  g_clear_error (&error);

  /* Configurations. */
  {
    g_autoptr(ScBridgeConfig) bad = sc_bridge_config_new ();

    sc_bridge_config_set_max_sessions (bad, 1);
    g_assert_null (sc_bridge_manager_create_bridge (bridges, NULL, bad, &error));
    g_assert_error (error, SC_ERROR, SC_ERROR_CONFIG);
    g_assert_nonnull (strstr (error->message, "max_sessions"));
    g_clear_error (&error);
    sc_bridge_config_set_max_sessions (bad, 1001);
    g_assert_null (sc_bridge_manager_create_bridge (bridges, NULL, bad, &error));
    g_assert_error (error, SC_ERROR, SC_ERROR_CONFIG);
    g_clear_error (&error);
  }
  g_assert_true (sc_session_manager_terminate_session (f->sm, idle, NULL));
}

static void
test_receivers (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(ScEventReceiver) r1 = sc_server_session_manager_subscribe_to_bridge_events (f->server);
  g_autoptr(ScEventReceiver) r2 = sc_server_session_manager_subscribe_to_bridge_events (f->server);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *bridge = NULL;
  g_autoptr(GError) error = NULL;
  guint n_signal;

  g_test_summary ("Event receivers: each gets every event, in the order of the "
                  "signal; close stops queueing");

  a = phone_calls_server (f, 0, NULL);
  b = phone_calls_server (f, 1, NULL);
  bridge = sc_server_session_manager_bridge_sessions (f->server, a, b, &error);
  g_assert_no_error (error);
  g_assert_true (sc_server_session_manager_destroy_bridge (f->server, bridge, &error));
  n_signal = f->events->len;
  g_assert_cmpuint (n_signal, >=, 6);   /* created, added ×2, removed ×2, destroyed */
  g_assert_cmpuint (sc_event_receiver_get_n_pending (r1), ==, n_signal);

  for (guint i = 0; i < n_signal; i++)
    {
      g_autoptr(ScBridgeEvent) e1 = sc_event_receiver_try_receive (r1);
      g_autoptr(ScBridgeEvent) e2 = sc_event_receiver_try_receive (r2);

      g_assert_nonnull (e1);
      g_assert_nonnull (e2);
      g_auto(GStrv) signalled = g_strsplit (f->events->pdata[i], " ", 2);

      g_assert_cmpstr (event_nick (sc_bridge_event_get_event_type (e1)), ==, signalled[0]);
      g_assert_cmpint (sc_bridge_event_get_event_type (e1), ==,
                       sc_bridge_event_get_event_type (e2));
      g_assert_cmpstr (sc_bridge_event_get_bridge_id (e1), ==, bridge);
    }
  g_assert_null (sc_event_receiver_try_receive (r1));

  sc_event_receiver_close (r1);
  g_assert_true (sc_event_receiver_is_closed (r1));
  g_clear_pointer (&bridge, g_free);
  bridge = sc_server_session_manager_bridge_sessions (f->server, a, b, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_event_receiver_get_n_pending (r1), ==, 0);
  g_assert_cmpuint (sc_event_receiver_get_n_pending (r2), ==, 3);
}

static void
receive_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GPtrArray *got = user_data;
  g_autoptr(GError) error = NULL;
  ScBridgeEvent *event = sc_event_receiver_receive_finish (SC_EVENT_RECEIVER (source),
                                                           result, &error);

  if (event != NULL)
    g_ptr_array_add (got, g_strdup (event_nick (sc_bridge_event_get_event_type (event))));
  else
    g_ptr_array_add (got, g_strdup (error->message));
  sc_bridge_event_free (event);
}

static void
test_receiver_async (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(ScEventReceiver) receiver = sc_server_session_manager_subscribe_to_bridge_events (f->server);
  g_autoptr(GPtrArray) got = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *bridge = NULL;

  g_test_summary ("receive_async waits for the next event, which try_receive cannot "
                  "take from it; close and cancel fail the waiting receives");

  sc_event_receiver_receive_async (receiver, NULL, receive_cb, got);
  sc_event_receiver_receive_async (receiver, NULL, receive_cb, got);
  bridge = sc_bridge_manager_create_bridge (sc_server_session_manager_get_bridge_manager (f->server),
                                            NULL, NULL, &error);
  g_assert_no_error (error);
  /* The event is the waiting receive's: try_receive cannot take it. */
  g_assert_null (sc_event_receiver_try_receive (receiver));
  TEST_WAIT (got->len == 1, WAIT_MS);
  g_assert_cmpstr (got->pdata[0], ==, "created");

  sc_event_receiver_receive_async (receiver, cancellable, receive_cb, got);
  g_cancellable_cancel (cancellable);
  TEST_WAIT (got->len == 2, WAIT_MS);
  g_assert_cmpstr (got->pdata[1], ==, "Operation was cancelled");

  sc_event_receiver_close (receiver);
  TEST_WAIT (got->len == 3, WAIT_MS);
  g_assert_cmpstr (got->pdata[2], ==, "The event receiver was closed");
}

static void
test_destroy_while_flowing (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *bridge = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;

  g_test_summary ("Destroying a bridge while audio flows: both calls stay up and "
                  "go back to their own audio; events SESSION_REMOVED, "
                  "MEDIA_STOPPED, SESSION_REMOVED, DESTROYED");

  a = phone_calls_server (f, 0, NULL);
  b = phone_calls_server (f, 1, NULL);
  phone_plays (f, 0, 440);
  g_assert_true (sc_session_manager_play_tone (f->sm, b, 700, &error));  /* what B gets alone */
  bridge = sc_server_session_manager_bridge_sessions (f->server, a, b, &error);
  g_assert_no_error (error);
  TEST_WAIT (has_event (f, "media-established"), WAIT_MS);
  g_assert_cmpfloat (phone_hears (f, 1, 440), >, 0.8);

  forget_events (f);
  g_assert_true (sc_server_session_manager_destroy_bridge (f->server, bridge, &error));
  g_assert_no_error (error);
  /* Audio stops flowing every way as soon as the first member is out. */
  expected = g_strdup_printf ("session-removed %s / Manually removed from bridge, "
                              "media-stopped, "
                              "session-removed %s / Manually removed from bridge, "
                              "destroyed / destroyed", a, b);
  assert_events (f, expected);
  g_assert_cmpfloat (phone_hears (f, 1, 700), >, 0.8);   /* its own source again */
  g_assert_true (g_hash_table_contains (f->rs->active, a));
  g_assert_false (test_recorder_has_final (f->rs, a, NULL));
  g_assert_false (test_recorder_has_final (f->rs, b, NULL));
}

static void
test_auto_stop (Fixture       *f,
                gconstpointer  data)
{
  ScBridgeManager *bridges = sc_server_session_manager_get_bridge_manager (f->server);
  g_autoptr(ScBridgeConfig) keep = sc_bridge_config_new ();
  g_autofree char *a = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *stopped = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_test_summary ("auto_stop_on_empty: an emptied bridge is destroyed, or kept "
                  "when the configuration says so; an empty bridge can be filled");

  a = phone_calls_server (f, 0, NULL);
  sc_bridge_config_set_auto_stop_on_empty (keep, FALSE);
  sc_bridge_config_set_name (keep, "lobby");
  kept = sc_bridge_manager_create_bridge (bridges, NULL, keep, &error);
  g_assert_no_error (error);
  g_assert_true (sc_bridge_manager_add_to_bridge (bridges, kept, a, &error));
  g_assert_true (sc_bridge_manager_remove_session_from_bridge (bridges, kept, a, &error));
  list = sc_bridge_manager_list_bridges (bridges);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (sc_bridge_info_get_name (list->pdata[0]), ==, "lobby");
  g_assert_cmpuint (sc_bridge_info_get_participant_count (list->pdata[0]), ==, 0);
  g_assert_cmpint (sc_bridge_info_get_created_at (list->pdata[0]), >, 0);

  stopped = sc_bridge_manager_create_bridge (bridges, (const char *[]) { a, NULL }, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sc_bridge_manager_remove_session_from_bridge (bridges, stopped, a, &error));
  g_assert_null (sc_bridge_manager_get_bridge_info (bridges, stopped, NULL));
  g_assert_true (has_event (f, "destroyed / empty"));
}

static void
server_shutdown_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sc_server_session_manager_shutdown_finish (SC_SERVER_SESSION_MANAGER (source),
                                                            result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
test_shutdown (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *bridge = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  g_test_summary ("Shutting the server down with a live bridge: DESTROYED "
                  "(shutdown), and every call ends with BYE at the phones");

  a = phone_calls_server (f, 0, NULL);
  b = phone_calls_server (f, 1, NULL);
  bridge = sc_server_session_manager_bridge_sessions (f->server, a, b, &error);
  g_assert_no_error (error);

  sc_server_session_manager_shutdown_async (f->server, NULL, server_shutdown_cb, &done);
  TEST_WAIT (done, WAIT_MS);
  g_assert_true (has_event (f, "destroyed / shutdown"));
  for (guint i = 0; i < 2; i++)
    {
      ScCallState state;

      TEST_WAIT (test_recorder_has_final (f->rp[i], f->phone_ids[i], &state), WAIT_MS);
      g_assert_cmpint (state, ==, SC_CALL_STATE_TERMINATED);
      g_assert_cmpstr (f->rp[i]->last_end_reason, ==, "remote hangup");
    }
  g_signal_handlers_disconnect_by_data (f->server, f);
  g_clear_pointer (&f->rs, test_recorder_free);
  g_clear_object (&f->server);   /* already down: teardown skips it */
}

/* The bridge @id exists (its info is fetched and freed). */
static void
assert_bridge_exists (ScBridgeManager *bridges,
                      const char      *id)
{
  g_autoptr(ScBridgeInfo) info = sc_bridge_manager_get_bridge_info (bridges, id, NULL);

  g_assert_nonnull (info);
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  ScBridgeManager *bridges = sc_server_session_manager_get_bridge_manager (f->server);
  g_autoptr(ScBridgeConfig) config = sc_bridge_config_new ();
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *bridge = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(ScCallSession) held = NULL;
  gint64 stopped_at, destroyed_at;

  g_test_summary ("timeout_secs: a bridge does not time out while audio flows "
                  "every way; once a member stops sending, it is destroyed by "
                  "itself timeout_secs after MEDIA_STOPPED (members removed in "
                  "join order, then DESTROYED \"timeout\"), and the calls stay up");

  a = phone_calls_server (f, 0, NULL);
  b = phone_calls_server (f, 1, NULL);
  phone_plays (f, 0, 440);
  phone_plays (f, 1, 1000);
  sc_bridge_config_set_timeout_secs (config, 2);
  bridge = sc_bridge_manager_create_bridge (bridges, (const char *[]) { a, b, NULL }, config,
                                            &error);
  g_assert_no_error (error);
  TEST_WAIT (has_event (f, "media-established"), WAIT_MS);

  /* Longer than the timeout, audio flowing: the bridge stays. */
  test_run_for (3500);
  assert_bridge_exists (bridges, bridge);
  g_assert_false (has_event (f, "media-stopped"));
  g_assert_cmpfloat (phone_hears (f, 1, 440), >, 0.8);

  /* Phone 1 holds the call (it has no music on hold: it stops sending).
   * 2 s without its RTP: MEDIA_STOPPED; timeout_secs later, the end. */
  forget_events (f);
  g_assert_true (sc_session_manager_hold_session (f->phones[1], f->phone_ids[1], &error));
  g_assert_no_error (error);
  held = sc_session_manager_get_session (f->phones[1], f->phone_ids[1]);
  TEST_WAIT (sc_call_session_get_state (held) == SC_CALL_STATE_ON_HOLD, WAIT_MS);
  TEST_WAIT (has_event (f, "media-stopped"), WAIT_MS);
  stopped_at = g_get_monotonic_time ();
  assert_bridge_exists (bridges, bridge);
  TEST_WAIT (has_event (f, "destroyed / timeout"), WAIT_MS);
  destroyed_at = g_get_monotonic_time ();
  g_test_message ("destroyed %.2f s after media-stopped", (destroyed_at - stopped_at) / 1e6);
  /* A seconds timer may fire up to a quarter second early. */
  g_assert_cmpint (destroyed_at - stopped_at, >=, 1500 * 1000);

  expected = g_strdup_printf ("media-stopped, "
                              "session-removed %s / Manually removed from bridge, "
                              "session-removed %s / Manually removed from bridge, "
                              "destroyed / timeout", a, b);
  assert_events (f, expected);
  for (guint i = 0; i < f->bridge_ids->len; i++)
    g_assert_cmpstr (f->bridge_ids->pdata[i], ==, bridge);
  list = sc_server_session_manager_list_bridges (f->server);
  g_assert_cmpuint (list->len, ==, 0);
  g_assert_null (sc_bridge_manager_get_bridge_info (bridges, bridge, NULL));
  g_assert_null (sc_server_session_manager_get_session_bridge (f->server, a, &error));
  g_assert_no_error (error);

  /* The calls are still up, on both sides, and can be bridged again. */
  test_run_for (300);
  g_assert_false (test_recorder_has_final (f->rs, a, NULL));
  g_assert_false (test_recorder_has_final (f->rs, b, NULL));
  g_assert_false (test_recorder_has_final (f->rp[0], f->phone_ids[0], NULL));
  g_assert_false (test_recorder_has_final (f->rp[1], f->phone_ids[1], NULL));
  g_assert_true (sc_session_manager_resume_session (f->phones[1], f->phone_ids[1], &error));
  g_assert_no_error (error);
  TEST_WAIT (sc_call_session_get_state (held) == SC_CALL_STATE_ACTIVE, WAIT_MS);
  g_clear_pointer (&bridge, g_free);
  bridge = sc_server_session_manager_bridge_sessions (f->server, a, b, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (phone_hears (f, 0, 1000), >, 0.8);
}

static void
test_auto_start_off (Fixture       *f,
                     gconstpointer  data)
{
  ScBridgeManager *bridges = sc_server_session_manager_get_bridge_manager (f->server);
  g_autoptr(ScBridgeConfig) config = sc_bridge_config_new ();
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *bridge = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("auto_start off: the members join but keep their own audio "
                  "(no MEDIA_ESTABLISHED, no timeout) until start_bridge; then "
                  "each hears the other, MEDIA_ESTABLISHED comes, and their own "
                  "audio is kept, not sent");

  a = phone_calls_server (f, 0, NULL);
  b = phone_calls_server (f, 1, NULL);
  phone_plays (f, 0, 440);
  phone_plays (f, 1, 1000);
  /* What phone 0 hears from its call alone. */
  g_assert_true (sc_session_manager_play_tone (f->sm, a, 700, &error));
  g_assert_no_error (error);

  sc_bridge_config_set_auto_start (config, FALSE);
  sc_bridge_config_set_timeout_secs (config, 1);   /* a bridge not started never times out */
  bridge = sc_bridge_manager_create_bridge (bridges, (const char *[]) { a, b, NULL }, config,
                                            &error);
  g_assert_no_error (error);
  expected = g_strdup_printf ("created, session-added %s, session-added %s", a, b);
  assert_events (f, expected);
  {
    g_autofree char *joined = sc_server_session_manager_get_session_bridge (f->server, a, NULL);

    g_assert_cmpstr (joined, ==, bridge);
  }

  /* Not started: neither phone hears the other. */
  g_assert_cmpfloat (phone_hears (f, 0, 700), >, 0.8);
  g_assert_cmpfloat (phone_hears (f, 0, 1000), <, 0.05);
  g_assert_cmpfloat (phone_hears (f, 1, 440), <, 0.05);
  test_run_for (1500);                           /* 2.7 s in all: over the timeout */
  assert_events (f, expected);
  assert_bridge_exists (bridges, bridge);

  g_assert_true (sc_bridge_manager_start_bridge (bridges, bridge, &error));
  g_assert_no_error (error);
  TEST_WAIT (has_event (f, "media-established"), WAIT_MS);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("created, session-added %s, session-added %s, media-established",
                              a, b);
  assert_events (f, expected);
  g_assert_cmpfloat (phone_hears (f, 1, 440), >, 0.8);
  g_assert_cmpfloat (phone_hears (f, 0, 1000), >, 0.8);
  g_assert_cmpfloat (phone_hears (f, 0, 700), <, 0.05);   /* its own audio is kept */

  /* Starting again does nothing; an unknown bridge is an error. */
  g_assert_true (sc_bridge_manager_start_bridge (bridges, bridge, &error));
  g_assert_no_error (error);
  g_assert_false (sc_bridge_manager_start_bridge (bridges, "bridge_nope", &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_BRIDGE_NOT_FOUND);
  g_clear_error (&error);
  test_run_for (1500);                           /* flowing: no timeout either */
  assert_events (f, expected);

  /* Destroyed, phone 0 gets its call's own audio back. */
  g_assert_true (sc_bridge_manager_destroy_bridge (bridges, bridge, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (phone_hears (f, 0, 700), >, 0.8);
}

static void
test_hold_music (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *bridge = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScCallSession) held = NULL;

  g_test_summary ("With music on hold configured, a member the server holds hears "
                  "the music and no bridge audio, and the other member hears the "
                  "music in its place; resume restores the conversation both ways");

  a = phone_calls_server (f, 0, NULL);
  b = phone_calls_server (f, 1, NULL);
  phone_plays (f, 0, 440);
  phone_plays (f, 1, 1000);
  bridge = sc_server_session_manager_bridge_sessions (f->server, a, b, &error);
  g_assert_no_error (error);
  TEST_WAIT (has_event (f, "media-established"), WAIT_MS);
  g_assert_cmpfloat (phone_hears (f, 1, 440), >, 0.8);

  g_assert_true (sc_session_manager_hold_session (f->sm, a, &error));
  g_assert_no_error (error);
  held = sc_session_manager_get_session (f->sm, a);
  TEST_WAIT (sc_call_session_get_state (held) == SC_CALL_STATE_ON_HOLD, WAIT_MS);
  test_run_for (100);
  {
    gint16 pcm[LISTEN_MS * TEST_AUDIO_RATE / 1000];
    guint n;

    /* The other member hears the music, not the held phone. */
    n = test_listen (phone_leg (f, 1), LISTEN_MS, pcm);
    g_assert_cmpuint (n, >, G_N_ELEMENTS (pcm) / 2);
    g_test_message ("peer: %.0f Hz %.3f, 440 Hz %.3f", (double) MOH_HZ,
                    test_tone_share (pcm, n, MOH_HZ), test_tone_share (pcm, n, 440));
    g_assert_cmpfloat (test_tone_share (pcm, n, MOH_HZ), >, 0.8);
    g_assert_cmpfloat (test_tone_share (pcm, n, 440), <, 0.05);

    /* The held phone hears the music, not the bridge. */
    n = test_listen (phone_leg (f, 0), LISTEN_MS, pcm);
    g_assert_cmpuint (n, >, G_N_ELEMENTS (pcm) / 2);
    g_test_message ("held: %.0f Hz %.3f, 1000 Hz %.3f", (double) MOH_HZ,
                    test_tone_share (pcm, n, MOH_HZ), test_tone_share (pcm, n, 1000));
    g_assert_cmpfloat (test_tone_share (pcm, n, MOH_HZ), >, 0.8);
    g_assert_cmpfloat (test_tone_share (pcm, n, 1000), <, 0.05);
  }
  /* The held phone is a member still, and stops sending: MEDIA_STOPPED. */
  {
    g_autofree char *found = sc_server_session_manager_get_session_bridge (f->server, a, NULL);

    g_assert_cmpstr (found, ==, bridge);
  }
  TEST_WAIT (has_event (f, "media-stopped"), WAIT_MS);

  forget_events (f);
  g_assert_true (sc_session_manager_resume_session (f->sm, a, &error));
  g_assert_no_error (error);
  TEST_WAIT (sc_call_session_get_state (held) == SC_CALL_STATE_ACTIVE, WAIT_MS);
  TEST_WAIT (has_event (f, "media-established"), WAIT_MS);
  g_assert_cmpfloat (phone_hears (f, 1, 440), >, 0.8);
  g_assert_cmpfloat (phone_hears (f, 1, MOH_HZ), <, 0.05);
  g_assert_cmpfloat (phone_hears (f, 0, 1000), >, 0.8);
  g_assert_cmpfloat (phone_hears (f, 0, MOH_HZ), <, 0.05);
}

/* ---- the server's configuration ---- */

static void
test_config_rules (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScServerConfig) config = sc_server_config_new ();
  ScServerSessionManager *server;

  g_test_summary ("sc_create_full_server_manager refuses each invalid field with "
                  "CONFIG naming it, and WS with NOT_SUPPORTED");

  sc_server_config_set_bind_address (config, "127.0.0.1");
  server = sc_create_full_server_manager (NULL, config, &error);
  g_assert_null (server);
  g_assert_error (error, SC_ERROR, SC_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "bind address"));
  g_clear_error (&error);

  sc_server_config_set_bind_address (config, "127.0.0.1:0");
  sc_server_config_set_max_sessions (config, 0);
  g_assert_null (sc_create_full_server_manager (NULL, config, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "max sessions"));
  g_clear_error (&error);

  sc_server_config_set_max_sessions (config, 10);
  sc_server_config_set_session_timeout (config, 29);
  g_assert_null (sc_create_full_server_manager (NULL, config, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "session timeout"));
  g_clear_error (&error);

  sc_server_config_set_session_timeout (config, 30);
  sc_server_config_set_transaction_timeout (config, 0);
  g_assert_null (sc_create_full_server_manager (NULL, config, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "transaction timeout"));
  g_clear_error (&error);

  sc_server_config_set_transaction_timeout (config, 32);
  sc_server_config_set_server_name (config, "");
  g_assert_null (sc_create_full_server_manager (NULL, config, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "server name"));
  g_clear_error (&error);

  sc_server_config_set_server_name (config, "Test/1");
  sc_server_config_set_contact_uri (config, "mailto:x@y");
  g_assert_null (sc_create_full_server_manager (NULL, config, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "contact URI"));
  g_clear_error (&error);

  sc_server_config_set_contact_uri (config, NULL);
  sc_server_config_set_transport_protocol (config, SC_TRANSPORT_PROTOCOL_WS);
  g_assert_null (sc_create_full_server_manager (NULL, config, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
}

/* ---- notifications ---- */

G_DECLARE_FINAL_TYPE (Notifier, notifier, TEST, NOTIFIER, GObject)

struct _Notifier
{
  GObject    parent_instance;
  GPtrArray *log;        /* "incoming <session>", "remote <session>", "server <session>" */
  ScIncomingCallEvent *last_event;
};

static void notifier_iface_init (ScIncomingCallNotificationInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (Notifier, notifier, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SC_TYPE_INCOMING_CALL_NOTIFICATION,
                                                      notifier_iface_init))

static ScCallDecision *
notifier_on_incoming_call (ScIncomingCallNotification *notification,
                           ScIncomingCallEvent        *event)
{
  Notifier *self = (Notifier *) notification;

  g_assert_nonnull (sc_incoming_call_event_get_call_id (event));
  g_assert_nonnull (sc_incoming_call_event_get_sdp (event));
  g_ptr_array_add (self->log, g_strdup_printf ("incoming %s",
                                               sc_incoming_call_event_get_session_id (event)));
  g_clear_pointer (&self->last_event, sc_incoming_call_event_free);
  self->last_event = sc_incoming_call_event_copy (event);
  return sc_call_decision_accept (NULL);
}

static void
notifier_on_call_terminated_by_remote (ScIncomingCallNotification *notification,
                                       const char                 *session_id,
                                       const char                 *call_id)
{
  Notifier *self = (Notifier *) notification;

  g_ptr_array_add (self->log, g_strdup_printf ("remote %s", session_id));
}

static void
notifier_on_call_ended_by_server (ScIncomingCallNotification *notification,
                                  const char                 *session_id,
                                  const char                 *call_id)
{
  Notifier *self = (Notifier *) notification;

  g_ptr_array_add (self->log, g_strdup_printf ("server %s", session_id));
}

static void
notifier_iface_init (ScIncomingCallNotificationInterface *iface)
{
  iface->on_incoming_call = notifier_on_incoming_call;
  iface->on_call_terminated_by_remote = notifier_on_call_terminated_by_remote;
  iface->on_call_ended_by_server = notifier_on_call_ended_by_server;
}

static void
notifier_finalize (GObject *object)
{
  g_ptr_array_unref (((Notifier *) object)->log);
  g_clear_pointer (&((Notifier *) object)->last_event, sc_incoming_call_event_free);
  G_OBJECT_CLASS (notifier_parent_class)->finalize (object);
}

static void
notifier_class_init (NotifierClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = notifier_finalize;
}

static void
notifier_init (Notifier *self)
{
  self->log = g_ptr_array_new_with_free_func (g_free);
}

static gboolean
log_has (Notifier   *notifier,
         const char *prefix,
         const char *session_id)
{
  g_autofree char *line = g_strdup_printf ("%s %s", prefix, session_id);

  for (guint i = 0; i < notifier->log->len; i++)
    if (g_str_equal (notifier->log->pdata[i], line))
      return TRUE;
  return FALSE;
}

static void
test_notifications (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(Notifier) notifier = g_object_new (notifier_get_type (), NULL);
  g_autofree char *by_phone = NULL;
  g_autofree char *by_server = NULL;

  g_test_summary ("The server's notifier decides the INVITE, hears "
                  "on_call_terminated_by_remote after the phone's BYE and "
                  "on_call_ended_by_server when the server hangs up");

  sc_notification_setter_set_incoming_call_notifier (SC_NOTIFICATION_SETTER (f->server),
                                                     SC_INCOMING_CALL_NOTIFICATION (notifier));
  by_phone = phone_calls_server (f, 0, NULL);
  by_server = phone_calls_server (f, 1, NULL);
  g_assert_true (log_has (notifier, "incoming", by_phone));
  g_assert_cmpuint (f->rs->n_incoming, ==, 0);   /* the notifier decided first */

  g_assert_true (sc_session_manager_terminate_session (f->phones[0], f->phone_ids[0], NULL));
  TEST_WAIT (log_has (notifier, "remote", by_phone), WAIT_MS);
  g_assert_true (sc_session_manager_terminate_session (f->sm, by_server, NULL));
  TEST_WAIT (log_has (notifier, "server", by_server), WAIT_MS);
  g_assert_false (log_has (notifier, "server", by_phone));
  g_assert_false (log_has (notifier, "remote", by_server));
  sc_server_session_manager_set_incoming_call_notifier (f->server, NULL);
}

static void
test_session_timeout (void)
{
  g_autoptr(ScSessionManagerBuilder) builder = sc_session_manager_builder_new ();
  g_autoptr(ScServerSessionManager) server = NULL;
  g_autoptr(ScSessionManager) phone = test_manager_new (0, NULL);
  g_autoptr(TestRecorder) rp = test_recorder_new (phone);
  g_autoptr(Notifier) notifier = g_object_new (notifier_get_type (), NULL);
  g_autoptr(ScCallSession) call = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScServerConfig) config = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  ScCallState state;
  guint first, last;
  gint64 answered;

  g_test_summary ("session_timeout: an answered call older than it is ended by "
                  "the server with BYE, and reported as ended by the server");

  test_port_range (200, &first, &last);
  sc_session_manager_builder_with_local_bind_addr (builder, "127.0.0.1:0");
  sc_session_manager_builder_with_media_ports (builder, first, last);
  sc_session_manager_builder_with_session_timeout (builder, 30);   /* the minimum */
  server = sc_session_manager_builder_build_server (builder, NULL, &error);
  g_assert_no_error (error);
  config = sc_server_session_manager_get_config (server);
  g_assert_cmpuint (sc_server_config_get_session_timeout (config), ==, 30);
  sc_server_session_manager_set_incoming_call_notifier (server,
                                                        SC_INCOMING_CALL_NOTIFICATION (notifier));

  from = test_uri (phone, "caller");
  to = test_uri (sc_server_session_manager_get_session_manager (server), "desk");
  call = sc_session_manager_create_outgoing_call (phone, from, to, NULL, &error);
  g_assert_no_error (error);
  TEST_WAIT (sc_call_session_get_state (call) == SC_CALL_STATE_ACTIVE, WAIT_MS);
  answered = g_get_monotonic_time ();

  TEST_WAIT (test_recorder_has_final (rp, sc_call_session_get_id (call), &state), 45000);
  g_test_message ("ended after %.1f s", (g_get_monotonic_time () - answered) / 1e6);
  g_assert_cmpint (g_get_monotonic_time () - answered, >=, 29 * G_USEC_PER_SEC);
  g_assert_cmpint (state, ==, SC_CALL_STATE_TERMINATED);
  g_assert_cmpstr (rp->last_end_reason, ==, "remote hangup");    /* a BYE came */
  /* The server's side ends when the 200 to its BYE arrives. */
  TEST_WAIT (notifier->log->len == 2, WAIT_MS);
  g_assert_true (g_str_has_prefix (notifier->log->pdata[1], "server sess_"));

  test_manager_shutdown (sc_server_session_manager_get_session_manager (server));
  test_manager_shutdown (phone);
}

static void
test_signalling_only (void)
{
  g_autoptr(ScServerConfig) config = sc_server_config_new ();
  g_autoptr(ScServerSessionManager) server = NULL;
  g_autoptr(ScSessionManager) phone0 = test_manager_new (0, NULL);
  g_autoptr(ScSessionManager) phone1 = test_manager_new (0, NULL);
  ScSessionManager *phones[2] = { phone0, phone1 };
  g_autoptr(GError) error = NULL;
  g_autofree char *bridge = NULL;
  ScSessionManager *sm;
  char *ids[2];

  g_test_summary ("A server made by sc_create_full_server_manager with media "
                  "disabled bridges calls as membership only: events, rules, "
                  "no audio, no crash");

  sc_server_config_set_bind_address (config, "127.0.0.1:0");
  sc_server_config_set_enable_media (config, FALSE);
  sc_server_config_set_server_name (config, "BridgeTest/1.0");
  server = sc_create_full_server_manager (NULL, config, &error);
  g_assert_no_error (error);
  sm = sc_server_session_manager_get_session_manager (server);
  g_assert_true (sc_session_manager_is_running (sm));
  {
    g_autoptr(TestRecorder) rs = test_recorder_new (sm);

    test_recorder_set_decision (rs, sc_call_decision_accept (NULL));
    for (guint i = 0; i < 2; i++)
      {
        g_autofree char *from = test_uri (phones[i], "p");
        g_autofree char *to = test_uri (sm, "s");
        g_autoptr(ScCallSession) call = sc_session_manager_create_outgoing_call (phones[i], from, to,
                                                                                 NULL, &error);
        g_assert_no_error (error);
        TEST_WAIT (sc_call_session_get_state (call) == SC_CALL_STATE_ACTIVE &&
                   rs->n_established == i + 1, WAIT_MS);
        ids[i] = g_strdup (rs->last_incoming_id);
      }
    bridge = sc_server_session_manager_bridge_sessions (server, ids[0], ids[1], &error);
    g_assert_no_error (error);
    {
      g_autoptr(GPtrArray) list = sc_server_session_manager_list_bridges (server);
      g_assert_cmpuint (list->len, ==, 1);
      g_assert_cmpuint (sc_bridge_info_get_participant_count (list->pdata[0]), ==, 2);
    }
    test_manager_shutdown (sm);
    {
      g_autoptr(GPtrArray) list = sc_server_session_manager_list_bridges (server);
      g_assert_cmpuint (list->len, ==, 0);   /* the calls ended: the bridge emptied */
    }
  }
  for (guint i = 0; i < 2; i++)
    {
      g_free (ids[i]);
      test_manager_shutdown (phones[i]);
    }
}

static ScCallDecision *
record_headers_cb (ScSessionManager *phone,
                   ScIncomingCall   *call,
                   GHashTable      **out)
{
  *out = g_hash_table_ref (sc_incoming_call_get_headers (call));
  return sc_call_decision_accept (NULL);
}

static void
test_config_applied (void)
{
  g_autoptr(ScTransactionManager) tm = NULL;
  g_autoptr(ScServerConfig) config = sc_server_config_new ();
  g_autoptr(ScServerSessionManager) server = NULL;
  g_autoptr(ScSessionManager) phone = test_manager_new (0, NULL);
  g_autoptr(GHashTable) headers = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScCallSession) call = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *to = NULL;
  ScSessionManager *sm;

  g_test_summary ("server_name goes out as User-Agent, contact_uri as Contact, "
                  "and the call works through that Contact");

  tm = sc_transaction_manager_new ("127.0.0.1:0", SC_TRANSPORT_PROTOCOL_UDP, &error);
  g_assert_no_error (error);
  contact = g_strdup_printf ("sip:pbx@%s", sc_transaction_manager_get_bound_address (tm));
  sc_server_config_set_bind_address (config, "127.0.0.1:0");
  sc_server_config_set_server_name (config, "BridgeTest/2.0");
  sc_server_config_set_contact_uri (config, contact);
  server = sc_create_full_server_manager (tm, config, &error);
  g_assert_no_error (error);
  sm = sc_server_session_manager_get_session_manager (server);

  g_signal_connect (phone, "incoming-call", G_CALLBACK (record_headers_cb), &headers);
  to = test_uri (phone, "agent");
  call = sc_session_manager_create_outgoing_call (sm, contact, to, NULL, &error);
  g_assert_no_error (error);
  TEST_WAIT (sc_call_session_get_state (call) == SC_CALL_STATE_ACTIVE, WAIT_MS);
  g_assert_nonnull (headers);
  g_assert_cmpstr (g_hash_table_lookup (headers, "User-Agent"), ==, "BridgeTest/2.0");
  g_assert_nonnull (strstr (g_hash_table_lookup (headers, "Contact"), contact));

  /* The phone's BYE reaches the server through that Contact. */
  {
    g_auto(GStrv) ids = sc_session_manager_list_active_sessions (phone);

    g_assert_cmpuint (g_strv_length (ids), ==, 1);
    g_assert_true (sc_session_manager_terminate_session (phone, ids[0], NULL));
  }
  TEST_WAIT (sc_call_state_is_final (sc_call_session_get_state (call)), WAIT_MS);
  g_assert_cmpint (sc_call_session_get_state (call), ==, SC_CALL_STATE_TERMINATED);

  test_manager_shutdown (sm);
  test_manager_shutdown (phone);
}


static void
check_mapped_config (const ScServerConfig *config,
                     const char           *contact)
{
  g_assert_cmpint (sc_server_config_get_transport_protocol (config), ==,
                   SC_TRANSPORT_PROTOCOL_UDP);
  g_assert_cmpuint (sc_server_config_get_max_sessions (config), ==, 1);
  g_assert_cmpuint (sc_server_config_get_session_timeout (config), ==, 45);
  g_assert_cmpuint (sc_server_config_get_transaction_timeout (config), ==, 32);
  g_assert_true (sc_server_config_get_enable_media (config));
  g_assert_cmpstr (sc_server_config_get_server_name (config), ==, "pbx.example");
  g_assert_cmpstr (sc_server_config_get_contact_uri (config), ==, contact);
}

static void
test_builder_mapping (void)
{
  g_autoptr(ScSessionManagerBuilder) builder = sc_session_manager_builder_new ();
  g_autoptr(ScTransactionManager) tm = NULL;
  g_autoptr(ScServerSessionManager) server = NULL;
  g_autoptr(ScServerConfig) mapped = NULL;
  g_autoptr(ScServerConfig) used = NULL;
  g_autoptr(ScSessionManager) phone = test_manager_new (0, NULL);
  g_autoptr(TestRecorder) rp = test_recorder_new (phone);
  g_autoptr(GHashTable) headers = NULL;
  g_autoptr(ScCallSession) call = NULL;
  g_autoptr(ScCallSession) refused = NULL;
  g_autoptr(ScMediaInfo) media = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *to = NULL;
  g_autofree char *from = NULL;
  ScSessionManager *sm;
  guint first, last;

  g_test_summary ("build_server maps the builder onto the ServerConfig as the plan "
                  "does (UDP, max sessions, session timeout, transaction timeout "
                  "32 s, media on, server name = domain, contact = local address), "
                  "and the server uses it: User-Agent and Contact on its INVITE, RTP "
                  "from the builder's ports, 503 past max_sessions");

  /* The defaults: ServerConfig's, with no contact. */
  {
    g_autoptr(ScSessionManagerBuilder) plain = sc_session_manager_builder_new ();
    g_autoptr(ScServerConfig) config = sc_session_manager_builder_to_server_config (plain,
                                                                                     &error);
    g_assert_no_error (error);
    g_assert_cmpstr (sc_server_config_get_bind_address (config), ==, "0.0.0.0:5060");
    g_assert_cmpint (sc_server_config_get_transport_protocol (config), ==,
                     SC_TRANSPORT_PROTOCOL_UDP);
    g_assert_cmpuint (sc_server_config_get_max_sessions (config), ==, 1000);
    g_assert_cmpuint (sc_server_config_get_session_timeout (config), ==, 3600);
    g_assert_cmpuint (sc_server_config_get_transaction_timeout (config), ==, 32);
    g_assert_true (sc_server_config_get_enable_media (config));
    g_assert_cmpstr (sc_server_config_get_server_name (config), ==, "RVOIP-Server/1.0");
    g_assert_null (sc_server_config_get_contact_uri (config));

    /* The SIP port replaces the bind address's, IPv6 too. */
    sc_session_manager_builder_with_local_bind_addr (plain, "[::1]:5060");
    sc_session_manager_builder_with_sip_port (plain, 5070);
    g_clear_pointer (&config, sc_server_config_free);
    config = sc_session_manager_builder_to_server_config (plain, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (sc_server_config_get_bind_address (config), ==, "[::1]:5070");
  }

  tm = sc_transaction_manager_new ("127.0.0.1:0", SC_TRANSPORT_PROTOCOL_UDP, &error);
  g_assert_no_error (error);
  contact = g_strdup_printf ("sip:pbx@%s", sc_transaction_manager_get_bound_address (tm));
  test_port_range (40, &first, &last);
  sc_session_manager_builder_with_local_bind_addr (builder, "127.0.0.1:0");
  sc_session_manager_builder_with_media_ports (builder, first, last);
  sc_session_manager_builder_with_max_sessions (builder, 1);
  sc_session_manager_builder_with_session_timeout (builder, 45);
  sc_session_manager_builder_with_domain (builder, "pbx.example");
  sc_session_manager_builder_with_local_address (builder, contact);

  mapped = sc_session_manager_builder_to_server_config (builder, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sc_server_config_get_bind_address (mapped), ==, "127.0.0.1:0");
  check_mapped_config (mapped, contact);
  g_assert_true (sc_server_config_validate (mapped, &error));
  g_assert_no_error (error);

  server = sc_session_manager_builder_build_server (builder, tm, &error);
  g_assert_no_error (error);
  used = sc_server_session_manager_get_config (server);
  check_mapped_config (used, contact);
  sm = sc_server_session_manager_get_session_manager (server);
  g_assert_cmpstr (sc_session_manager_get_bound_address (sm), ==,
                   sc_transaction_manager_get_bound_address (tm));

  /* On the wire: the server calls the phone. */
  g_signal_connect (phone, "incoming-call", G_CALLBACK (record_headers_cb), &headers);
  to = test_uri (phone, "agent");
  call = sc_session_manager_create_outgoing_call (sm, contact, to, NULL, &error);
  g_assert_no_error (error);
  TEST_WAIT (sc_call_session_get_state (call) == SC_CALL_STATE_ACTIVE, WAIT_MS);
  g_assert_nonnull (headers);
  g_assert_cmpstr (g_hash_table_lookup (headers, "User-Agent"), ==, "pbx.example");
  g_assert_nonnull (strstr (g_hash_table_lookup (headers, "Contact"), contact));
  media = sc_session_manager_get_media_info (sm, sc_call_session_get_id (call), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_media_info_get_local_rtp_port (media), >=, first);
  g_assert_cmpuint (sc_media_info_get_local_rtp_port (media), <=, last);

  /* max_sessions 1, taken: the phone's INVITE gets 503. */
  from = test_uri (phone, "caller");
  refused = sc_session_manager_create_outgoing_call (phone, from, contact, NULL, &error);
  g_assert_no_error (error);
  TEST_WAIT (sc_call_state_is_final (sc_call_session_get_state (refused)), WAIT_MS);
  g_assert_cmpint (sc_call_session_get_state (refused), ==, SC_CALL_STATE_FAILED);
  g_assert_cmpstr (sc_call_session_get_failure_reason (refused), ==,
                   "503 Service Unavailable");

  test_manager_shutdown (sm);
  test_manager_shutdown (phone);
}

static void
test_caller_info (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(Notifier) notifier = g_object_new (notifier_get_type (), NULL);
  g_autoptr(ScSessionManagerBuilder) builder = sc_session_manager_builder_new ();
  g_autoptr(ScTransactionManager) tm = NULL;
  g_autoptr(ScSessionManager) phone = NULL;
  g_autoptr(ScCallSession) call = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  guint first, last;
  const ScCallerInfo *info;

  g_test_summary ("The ScCallerInfo of the server's incoming-call event comes from "
                  "the INVITE: From and To URIs, the From display name, the "
                  "User-Agent and the Contact URI of the calling phone");

  tm = sc_transaction_manager_new ("127.0.0.1:0", SC_TRANSPORT_PROTOCOL_UDP, &error);
  g_assert_no_error (error);
  contact = g_strdup_printf ("sip:alice@%s", sc_transaction_manager_get_bound_address (tm));
  test_port_range (20, &first, &last);
  sc_session_manager_builder_with_local_bind_addr (builder, "127.0.0.1:0");
  sc_session_manager_builder_with_media_ports (builder, first, last);
  sc_session_manager_builder_with_transaction_manager (builder, tm);
  sc_session_manager_builder_with_domain (builder, "TestPhone/3.1");
  sc_session_manager_builder_with_local_address (builder, contact);
  phone = sc_session_manager_builder_build (builder, &error);
  g_assert_no_error (error);

  sc_server_session_manager_set_incoming_call_notifier (f->server,
                                                        SC_INCOMING_CALL_NOTIFICATION (notifier));
  from = g_strdup_printf ("\"Alice Smith\" <%s>", contact);
  to = test_uri (f->sm, "support");
  call = sc_session_manager_create_outgoing_call (phone, from, to, NULL, &error);
  g_assert_no_error (error);
  TEST_WAIT (sc_call_session_get_state (call) == SC_CALL_STATE_ACTIVE, WAIT_MS);

  g_assert_nonnull (notifier->last_event);
  info = sc_incoming_call_event_get_caller_info (notifier->last_event);
  g_assert_cmpstr (sc_caller_info_get_from (info), ==, contact);
  g_assert_cmpstr (sc_caller_info_get_to (info), ==, to);
  g_assert_cmpstr (sc_caller_info_get_display_name (info), ==, "Alice Smith");
  g_assert_cmpstr (sc_caller_info_get_user_agent (info), ==, "TestPhone/3.1");
  g_assert_cmpstr (sc_caller_info_get_contact (info), ==, contact);
  {
    g_autofree char *user = sc_caller_info_from_username (info);
    g_assert_cmpstr (user, ==, "alice");
  }
  g_assert_cmpstr (sc_incoming_call_event_get_call_id (notifier->last_event), ==,
                   sc_call_session_get_sip_call_id (call));
  g_assert_cmpstr (g_hash_table_lookup (sc_incoming_call_event_get_headers (notifier->last_event),
                                        "User-Agent"), ==, "TestPhone/3.1");

  sc_server_session_manager_set_incoming_call_notifier (f->server, NULL);
  test_manager_shutdown (phone);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/bridge/b2bua", test_b2bua);
  ADD ("/bridge/three-members", test_three_members);
  ADD ("/bridge/transcoding", test_transcoding);
  ADD ("/bridge/transfer-pattern", test_transfer_pattern);
  ADD ("/bridge/hold", test_hold_member);
  g_test_add ("/bridge/hold/music-on-hold", Fixture, NULL, fixture_setup_moh,
              test_hold_music, fixture_teardown);
  ADD ("/bridge/continuity", test_continuity);
  ADD ("/bridge/destroy-while-flowing", test_destroy_while_flowing);
  ADD ("/bridge/auto-stop", test_auto_stop);
  ADD ("/bridge/auto-start-off", test_auto_start_off);
  ADD ("/bridge/timeout", test_timeout);
  ADD ("/bridge/errors", test_errors);
  ADD ("/bridge/receivers", test_receivers);
  ADD ("/bridge/receivers/async", test_receiver_async);
  ADD ("/server/notifications", test_notifications);
  ADD ("/server/shutdown", test_shutdown);
  ADD ("/server/caller-info", test_caller_info);
  g_test_add_func ("/server/config-rules", test_config_rules);
  g_test_add_func ("/server/signalling-only", test_signalling_only);
  g_test_add_func ("/server/config-applied", test_config_applied);
  g_test_add_func ("/server/builder-mapping", test_builder_mapping);
  g_test_add_func ("/server/session-timeout", test_session_timeout);

  return g_test_run ();
}
