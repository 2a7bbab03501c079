/* test-media.c: real RTP audio between two in-process managers, judged by
 * what arrives: the frequency of a tone, silence, DTMF digits, counters,
 * and the threads and memory 200 calls cost.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test-utils.h"
#include "test-audio.h"

#include <malloc.h>
#include <math.h>
#include <stdio.h>

#include "sc-session-manager-private.h"
#include "media/sc-media-engine.h"

#define RATE TEST_AUDIO_RATE

/* A and B, a recorder on each (the SDK's two-manager fixture); the call
 * test_pair_establish () placed is f->session, B's side f->b_id. */
typedef TestPair Fixture;

static void
flow_cb (ScSessionManager *manager,
         const char       *session_id,
         gboolean          active,
         const char       *codec,
         Fixture          *f)
{
  /* f->rb counts them. */
  g_assert_cmpstr (codec, ==, "PCMU");
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  /* data: a short SIP transaction timeout, so finished transactions do
   * not linger 32 s (for memory measurements). */
  TestPairOptions options = {
    .a.transaction_timeout = GPOINTER_TO_UINT (data),
    .b.transaction_timeout = GPOINTER_TO_UINT (data),
  };

  test_pair_setup_full (f, &options);
  g_signal_connect (f->b, "media-flow", G_CALLBACK (flow_cb), f);
}

static ScMediaLeg *
leg_of (ScSessionManager *manager,
        const char       *id)
{
  ScMediaLeg *leg = _sc_session_manager_get_media_leg (manager, id);

  g_assert_nonnull (leg);
  return leg;
}

static guint64
packets_received (ScSessionManager *manager,
                  const char       *id)
{
  g_autoptr(ScMediaInfo) info = sc_session_manager_get_media_info (manager, id, NULL);

  g_assert_nonnull (info);
  return sc_media_info_get_packets_received (info);
}

static void
test_tones (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint16 pcm[RATE];
  guint n;
  const char *a_id;

  g_test_summary ("A sends 440 Hz, B sends 1000 Hz: each side finds the "
                  "other's frequency in what it receives");

  test_pair_establish (f, NULL);
  a_id = sc_call_session_get_id (f->session);
  g_assert_true (sc_session_manager_play_tone (f->a, a_id, 440, &error));
  g_assert_no_error (error);
  g_assert_true (sc_session_manager_play_tone (f->b, f->b_id, 1000, &error));
  g_assert_no_error (error);
  test_run_for (100);

  n = test_listen (leg_of (f->b, f->b_id), 500, pcm);
  g_assert_cmpuint (n, >=, 3000);
  g_test_message ("B hears: 440 Hz share %.3f, 1000 Hz share %.3f",
                  test_tone_share (pcm, n, 440), test_tone_share (pcm, n, 1000));
  g_assert_cmpfloat (test_tone_share (pcm, n, 440), >, 0.8);
  g_assert_cmpfloat (test_tone_share (pcm, n, 1000), <, 0.05);

  n = test_listen (leg_of (f->a, a_id), 500, pcm);
  g_assert_cmpuint (n, >=, 3000);
  g_test_message ("A hears: 440 Hz share %.3f, 1000 Hz share %.3f",
                  test_tone_share (pcm, n, 440), test_tone_share (pcm, n, 1000));
  g_assert_cmpfloat (test_tone_share (pcm, n, 1000), >, 0.8);
  g_assert_cmpfloat (test_tone_share (pcm, n, 440), <, 0.05);

  /* Back to silence. */
  g_assert_true (sc_session_manager_play_silence (f->a, a_id, &error));
  test_run_for (100);
  n = test_listen (leg_of (f->b, f->b_id), 300, pcm);
  g_assert_cmpuint (n, >=, 1600);
  g_assert_cmpfloat (test_rms (pcm, n), <, 10);
}

static void
test_hold_resume (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScCallSession) b_session = NULL;
  gint16 pcm[RATE];
  guint n;
  const char *a_id;

  g_test_summary ("While A holds, B receives no audio from A; after resume "
                  "it does again; three cycles");

  test_pair_establish (f, NULL);
  a_id = sc_call_session_get_id (f->session);
  b_session = sc_session_manager_get_session (f->b, f->b_id);
  g_assert_true (sc_session_manager_play_tone (f->a, a_id, 440, &error));
  TEST_WAIT (f->rb->n_flow_on == 1, WAIT_MS);

  for (int cycle = 0; cycle < 3; cycle++)
    {
      guint64 before;

      g_assert_true (sc_session_manager_hold_session (f->a, a_id, &error));
      g_assert_no_error (error);
      TEST_WAIT (sc_call_session_get_state (f->session) == SC_CALL_STATE_ON_HOLD &&
                 sc_call_session_get_state (b_session) == SC_CALL_STATE_ON_HOLD, WAIT_MS);
      test_run_for (100);
      before = packets_received (f->b, f->b_id);
      n = test_listen (leg_of (f->b, f->b_id), 400, pcm);
      g_assert_cmpuint (n, ==, 0);
      g_assert_cmpuint (packets_received (f->b, f->b_id), ==, before);

      g_assert_true (sc_session_manager_resume_session (f->a, a_id, &error));
      g_assert_no_error (error);
      TEST_WAIT (sc_call_session_get_state (f->session) == SC_CALL_STATE_ACTIVE &&
                 sc_call_session_get_state (b_session) == SC_CALL_STATE_ACTIVE, WAIT_MS);
      test_run_for (100);
      n = test_listen (leg_of (f->b, f->b_id), 400, pcm);
      g_assert_cmpuint (n, >=, 2400);
      g_assert_cmpfloat (test_tone_share (pcm, n, 440), >, 0.8);
    }

  /* Resuming an active call is a state error. */
  g_assert_false (sc_session_manager_resume_session (f->a, a_id, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_STATE);
}

static void
test_mute (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint16 pcm[RATE];
  guint n;
  const char *a_id;

  g_test_summary ("Muted: the other side receives packets of silence");

  test_pair_establish (f, NULL);
  a_id = sc_call_session_get_id (f->session);
  g_assert_true (sc_session_manager_play_tone (f->a, a_id, 440, &error));
  test_run_for (100);

  g_assert_true (sc_session_manager_set_audio_muted (f->a, a_id, TRUE, &error));
  g_assert_no_error (error);
  test_run_for (60);
  n = test_listen (leg_of (f->b, f->b_id), 400, pcm);
  g_assert_cmpuint (n, >=, 2400);
  g_assert_cmpfloat (test_rms (pcm, n), <, 10);

  g_assert_true (sc_session_manager_set_audio_muted (f->a, a_id, FALSE, &error));
  test_run_for (60);
  n = test_listen (leg_of (f->b, f->b_id), 400, pcm);
  g_assert_cmpuint (n, >=, 2400);
  g_assert_cmpfloat (test_rms (pcm, n), >, 1000);
  g_assert_cmpfloat (test_tone_share (pcm, n, 440), >, 0.8);
}

static void
test_dtmf_rfc4733 (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  ScMediaStats stats;

  g_test_summary ("send_dtmf (\"123#*456\") gives exactly that sequence of "
                  "dtmf signals on B, carried as RFC 4733 events");

  test_pair_establish (f, NULL);
  g_assert_true (sc_session_manager_send_dtmf (f->a, sc_call_session_get_id (f->session),
                                               "123#*456", &error));
  g_assert_no_error (error);
  TEST_WAIT (f->rb->dtmf->len == 8, WAIT_MS);
  test_run_for (300);
  g_assert_cmpstr (f->rb->dtmf->str, ==, "123#*456");

  _sc_media_leg_get_stats (leg_of (f->a, sc_call_session_get_id (f->session)), &stats);
  g_assert_cmpuint (stats.dtmf_events_sent, ==, 8);
}

/* PCMU only, RTP to a port nobody reads. */
static char *
offer_without_events_new (void)
{
  return g_strdup_printf ("v=0\r\n"
                          "o=- 1 1 IN IP4 127.0.0.1\r\n"
                          "s=-\r\n"
                          "c=IN IP4 127.0.0.1\r\n"
                          "t=0 0\r\n"
                          "m=audio %u RTP/AVP 0\r\n"
                          "a=rtpmap:0 PCMU/8000\r\n", test_discard_port ());
}

static void
test_dtmf_info_fallback (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *offer_without_events = offer_without_events_new ();

  g_test_summary ("Without telephone-event in the SDP, DTMF goes as SIP INFO");

  test_pair_establish (f, offer_without_events);
  g_assert_true (sc_session_manager_send_dtmf (f->a, sc_call_session_get_id (f->session),
                                               "9*0", &error));
  g_assert_no_error (error);
  TEST_WAIT (f->rb->dtmf->len == 3, WAIT_MS);
  g_assert_cmpstr (f->rb->dtmf->str, ==, "9*0");
}

static void
test_counters_and_flow (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScMediaInfo) info = NULL;
  const char *a_id;

  g_test_summary ("get_media_info counts RTP both ways; media-flow reports "
                  "the start of RTP and its stop 2 s after the last packet");

  test_pair_establish (f, NULL);
  a_id = sc_call_session_get_id (f->session);
  TEST_WAIT (f->rb->n_flow_on == 1, WAIT_MS);
  test_run_for (1000);

  info = sc_session_manager_get_media_info (f->b, f->b_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sc_media_info_get_codec (info), ==, "PCMU");
  g_assert_cmpuint (sc_media_info_get_local_rtp_port (info), >=, 20000);
  g_assert_cmpuint (sc_media_info_get_remote_rtp_port (info), >=, 20000);
  /* About 50 packets a second, 160 bytes each, nothing lost on loopback. */
  g_assert_cmpuint (sc_media_info_get_packets_received (info), >=, 40);
  g_assert_cmpuint (sc_media_info_get_packets_received (info), <=, 70);
  g_assert_cmpuint (sc_media_info_get_bytes_received (info), ==,
                    160 * sc_media_info_get_packets_received (info));
  g_assert_cmpuint (sc_media_info_get_packets_sent (info), >=, 40);
  g_assert_cmpuint (sc_media_info_get_packets_lost (info), ==, 0);
  g_assert_cmpfloat (sc_media_info_get_jitter_ms (info), <, 20);

  /* RTCP: each side sends reports and receives the other's. */
  {
    ScMediaStats a_stats = { 0 }, b_stats = { 0 };

    while (a_stats.rtcp_received == 0 || b_stats.rtcp_received == 0)
      {
        _sc_media_leg_get_stats (leg_of (f->a, a_id), &a_stats);
        _sc_media_leg_get_stats (leg_of (f->b, f->b_id), &b_stats);
        test_iterate_or_fail (WAIT_MS, "RTCP reports both ways");
      }
    test_iterate_reset ();
    g_assert_cmpuint (a_stats.rtcp_sent, >=, 1);
    g_assert_cmpuint (b_stats.rtcp_sent, >=, 1);
  }

  /* A holds without music: its RTP stops, B notices after 2 s. */
  g_assert_true (sc_session_manager_hold_session (f->a, a_id, &error));
  TEST_WAIT (f->rb->n_flow_off == 1, WAIT_MS);
  g_assert_true (sc_session_manager_resume_session (f->a, a_id, &error));
  TEST_WAIT (f->rb->n_flow_on == 2, WAIT_MS);
}

static char *
make_wav (const char *dir,
          double      frequency)
{
  g_autofree char *name = g_strdup_printf ("sc-moh-%d.wav", (int) frequency);
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *command = g_strdup_printf (
    "gst-launch-1.0 -q audiotestsrc freq=%f num-buffers=20 samplesperbuffer=4410 "
    "! audio/x-raw,rate=44100,channels=2 ! wavenc ! filesink location=%s",
    frequency, path);
  int status = system (command);

  g_assert_cmpint (status, ==, 0);
  return path;
}

/* A plays a 700 Hz file as its music on hold. */
typedef struct {
  TestPair  pair;
  char     *dir;
  char     *wav;
} MusicFixture;

static void
music_fixture_setup (MusicFixture  *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  TestPairOptions options = { 0 };

  f->dir = g_dir_make_tmp ("sc-moh-XXXXXX", &error);
  g_assert_no_error (error);
  f->wav = make_wav (f->dir, 700);
  options.a.music_on_hold_file = f->wav;
  test_pair_setup_full (&f->pair, &options);
}

static void
music_fixture_teardown (MusicFixture  *f,
                        gconstpointer  data)
{
  test_pair_teardown (&f->pair, data);
  if (f->dir != NULL)
    test_remove_tree (f->dir);
  g_clear_pointer (&f->wav, g_free);
  g_clear_pointer (&f->dir, g_free);
}

static void
test_music_on_hold (MusicFixture  *f,
                    gconstpointer  data)
{
  TestPair *p = &f->pair;
  g_autoptr(GError) error = NULL;
  ScCallSession *session;
  gint16 pcm[RATE];
  guint n;

  g_test_summary ("With a music-on-hold file (any format GStreamer decodes), "
                  "a held call hears that file");

  session = test_pair_establish (p, NULL);
  g_assert_true (sc_session_manager_hold_session (p->a, sc_call_session_get_id (session), &error));
  TEST_WAIT (sc_call_session_get_state (session) == SC_CALL_STATE_ON_HOLD, WAIT_MS);
  test_run_for (100);

  n = test_listen (leg_of (p->b, p->b_id), 500, pcm);
  g_assert_cmpuint (n, >=, 3000);
  g_test_message ("held call hears 700 Hz share %.3f", test_tone_share (pcm, n, 700));
  g_assert_cmpfloat (test_tone_share (pcm, n, 700), >, 0.8);

  /* A file that is not audio fails clearly. */
  g_assert_false (sc_session_manager_play_file (p->a, sc_call_session_get_id (session),
                                                "/etc/hostname", &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_MEDIA);
}

static guint
read_status_value (const char *field)
{
  g_autofree char *status = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  lines = g_strsplit (status, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], field))
      return (guint) g_ascii_strtoull (lines[i] + strlen (field), NULL, 10);
  g_assert_not_reached ();
}

/* Places @n calls from A to B, checks RTP flows on each, hangs them all
 * up, and waits until sofia has forgotten them. Returns the busy
 * thread count and RSS. */
static void
run_calls (Fixture *f,
           guint    n,
           guint   *threads_busy,
           guint   *rss_busy)
{
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) b_ids = NULL;
  guint established_a = f->ra->n_established, established_b = f->rb->n_established;
  guint ended_a = f->ra->n_ended, ended_b = f->rb->n_ended;
  ScMediaEngine *engine = _sc_session_manager_get_media_engine (f->a);

  for (guint i = 0; i < n; i++)
    {
      ScCallSession *s = sc_session_manager_create_outgoing_call (f->a, f->a_uri, f->b_uri,
                                                                  NULL, &error);
      g_assert_no_error (error);
      g_ptr_array_add (sessions, s);
    }
  TEST_WAIT (f->ra->n_established == established_a + n &&
             f->rb->n_established == established_b + n, 60000);
  test_run_for (1000);

  *threads_busy = read_status_value ("Threads:");
  *rss_busy = read_status_value ("VmRSS:");
  b_ids = sc_session_manager_list_active_sessions (f->b);
  g_assert_cmpuint (g_strv_length (b_ids), ==, n);
  for (guint i = 0; i < n; i++)
    {
      const char *a_id = sc_call_session_get_id (g_ptr_array_index (sessions, i));

      g_assert_cmpuint (packets_received (f->a, a_id), >=, 20);
      g_assert_cmpuint (packets_received (f->b, b_ids[i]), >=, 20);
    }
  g_assert_cmpuint (_sc_media_engine_get_n_legs (engine), ==, n);

  for (guint i = 0; i < n; i++)
    sc_session_manager_terminate_session (f->a,
      sc_call_session_get_id (g_ptr_array_index (sessions, i)), &error);
  TEST_WAIT (f->ra->n_ended == ended_a + n && f->rb->n_ended == ended_b + n, 60000);
  g_assert_cmpuint (_sc_media_engine_get_n_legs (engine), ==, 0);
}

static gsize
heap_in_use (Fixture *f)
{
  /* The recorders' own memory grows with every call: keep it out. */
  test_recorder_forget (f->ra);
  test_recorder_forget (f->rb);
  malloc_trim (0);
  return mallinfo2 ().uordblks;
}

static void
test_scale (Fixture       *f,
            gconstpointer  data)
{
  const guint n = 200;
  g_autoptr(GError) error = NULL;
  guint threads_idle, threads_busy, rss_idle, rss_busy, rss_after;
  gsize heap_idle, heap_first, heap_second;

  g_test_summary ("200 concurrent calls with media: RTP flows on every call, "
                  "the thread count does not grow, memory is reclaimed");

  /* Warm up once so one-time allocations are in the baseline. */
  test_pair_establish (f, NULL);
  sc_session_manager_terminate_session (f->a, sc_call_session_get_id (f->session), &error);
  g_assert_no_error (error);
  TEST_WAIT (f->ra->n_ended == 1 && f->rb->n_ended == 1, WAIT_MS);
  test_run_for (500);
  threads_idle = read_status_value ("Threads:");
  rss_idle = read_status_value ("VmRSS:");
  heap_idle = heap_in_use (f);

  /* sofia-sip keeps every finished dialog and transaction about 32 s to
   * absorb retransmissions, whatever T1 is: measure after that. */
  run_calls (f, n, &threads_busy, &rss_busy);
  g_assert_cmpuint (threads_busy, <=, threads_idle + 2);
  test_run_for (34000);
  heap_first = heap_in_use (f);

  /* A second round must reuse what the first gave back. */
  run_calls (f, n, &threads_busy, &rss_busy);
  g_assert_cmpuint (threads_busy, <=, threads_idle + 2);
  test_run_for (34000);
  heap_second = heap_in_use (f);
  rss_after = read_status_value ("VmRSS:");

  g_test_message ("threads: %u idle, %u with %u calls; RSS: %u kB idle, "
                  "%u kB with %u calls, %u kB after; heap in use: %zu kB idle, "
                  "%zu kB after a round, %zu kB after two", threads_idle,
                  threads_busy, n, rss_idle, rss_busy, n, rss_after,
                  heap_idle / 1024, heap_first / 1024, heap_second / 1024);
  printf ("# threads idle=%u busy=%u; rss idle=%u busy=%u after=%u kB; "
          "heap idle=%zu first=%zu second=%zu kB\n", threads_idle, threads_busy,
          rss_idle, rss_busy, rss_after, heap_idle / 1024, heap_first / 1024,
          heap_second / 1024);
  /* Nothing accumulates from round to round... */
  g_assert_cmpuint (heap_second, <=, heap_first + 64 * 1024);
  /* ...and what stays after the first (grown hash tables, allocator
   * caches) is well under the 400 sessions' own size. */
  g_assert_cmpuint (heap_first, <=, heap_idle + 400 * 2048);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, test_pair_teardown)

  ADD ("/media/tones-both-ways", test_tones);
  ADD ("/media/hold-resume", test_hold_resume);
  ADD ("/media/mute", test_mute);
  ADD ("/media/dtmf/rfc4733", test_dtmf_rfc4733);
  ADD ("/media/dtmf/info-fallback", test_dtmf_info_fallback);
  ADD ("/media/counters-and-flow", test_counters_and_flow);
  g_test_add ("/media/music-on-hold", MusicFixture, NULL, music_fixture_setup,
              test_music_on_hold, music_fixture_teardown);
  /* Run as its own meson test (suite "scale"): it takes a minute and is
   * not for valgrind. */
  ADD ("/media/scale/200-calls", test_scale);

  return g_test_run ();
}
