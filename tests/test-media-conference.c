/* test-media-conference.c: the media side of conferences on an engine
 * alone, no SIP — a bridge that always mixes, muted members, who is
 * talking, and recording the mix to a file, judged by what the phones
 * hear, the events the creator gets, and what the file decodes to
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A phone is two threads of the test, as in test-media-bridge.c (whose
 * phone this is a smaller copy of: it only sends tones): one paced
 * sender on an absolute 20 ms schedule, one receiver keeping what
 * arrives. The engine's media thread is the only one the library runs
 * (and, while recording, GStreamer's streaming thread).
 */

#include <math.h>
#include <poll.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <glib/gstdio.h>
#include <gio/gio.h>
#include <gst/gst.h>
#include <gst/app/gstappsink.h>

#if __has_include (<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#else
#define RUNNING_ON_VALGRIND 0
#endif

#include "media/sc-media-bridge.h"
#include "media/sc-g711.h"
#include "sc-error.h"

#include "media-test-utils.h"
#include "test-audio.h"

#define SAMPLES     SC_MEDIA_SAMPLES_PER_TICK
#define TICK_US     20000
#define PT_PCMU     0
#define N_LEGS      4
#define AMPLITUDE   6000

enum { A, B, C, D };

/* The bridge's event codes as route_event_cb () writes them. */
#define TALKING(leg) "3 " leg
#define QUIET(leg)   "4 " leg

static const char *leg_ids[N_LEGS] = { "leg-a", "leg-b", "leg-c", "leg-d" };
static const double tones[N_LEGS] = { 440, 1000, 1700, 2300 };

/* ------------------------------------------------------------------ */
/* Phones                                                               */

typedef struct {
  int                 fd;        /* its RTP socket's */
  struct sockaddr_in  to;        /* the leg's RTP port */
  GMutex              lock;
  double              frequency; /* 0: sends nothing */
  double              amplitude; /* 0: sends silence */
  guint32             ssrc;
  guint16             seq;
  guint32             timestamp;
  guint64             n_samples;
  GArray             *received;  /* guint8[SAMPLES]: PCMU payloads */
  gint                stopping;
  GThread            *sender;
  GThread            *receiver;
} Phone;

static gpointer
phone_sender (gpointer data)
{
  Phone *phone = data;
  gint64 next = g_get_monotonic_time ();

  while (!g_atomic_int_get (&phone->stopping))
    {
      guint8 packet[12 + SAMPLES];
      gint16 frame[SAMPLES];
      gsize len = 0;
      gint64 now;

      g_mutex_lock (&phone->lock);
      if (phone->frequency > 0)
        {
          guint8 payload[SAMPLES];

          for (guint i = 0; i < SAMPLES; i++)
            frame[i] = (gint16) (phone->amplitude *
                                 sin (2 * G_PI * phone->frequency *
                                      (double) (phone->n_samples + i) / RATE));
          _sc_g711_encode (SC_G711_ULAW, frame, payload, SAMPLES);
          len = make_rtp (packet, PT_PCMU, FALSE, phone->seq++, phone->timestamp,
                          phone->ssrc, payload, SAMPLES);
        }
      phone->timestamp += SAMPLES;
      phone->n_samples += SAMPLES;
      g_mutex_unlock (&phone->lock);
      if (len > 0)
        sendto (phone->fd, packet, len, 0, (struct sockaddr *) &phone->to, sizeof phone->to);

      next += TICK_US;
      now = g_get_monotonic_time ();
      if (next > now)
        g_usleep ((gulong) (next - now));
      else if (now - next > 10 * TICK_US)
        next = now;   /* the test stalled (valgrind): no burst */
    }
  return NULL;
}

static gpointer
phone_receiver (gpointer data)
{
  Phone *phone = data;
  struct pollfd poll_fd = { .fd = phone->fd, .events = POLLIN };

  while (!g_atomic_int_get (&phone->stopping))
    {
      guint8 packet[2048];
      ssize_t n;

      if (poll (&poll_fd, 1, 20) <= 0)
        continue;
      while ((n = recv (phone->fd, packet, sizeof packet, MSG_DONTWAIT)) >= 12)
        {
          /* Only 20 ms of PCMU: the legs here speak nothing else. */
          if ((packet[1] & 0x7f) != PT_PCMU || n != 12 + SAMPLES)
            continue;
          g_mutex_lock (&phone->lock);
          g_array_append_vals (phone->received, packet + 12, SAMPLES);
          g_mutex_unlock (&phone->lock);
        }
    }
  return NULL;
}

static void
phone_start (Phone      *phone,
             SocketPair *sockets,
             guint16     leg_port)
{
  g_mutex_init (&phone->lock);
  phone->fd = g_socket_get_fd (sockets->rtp);
  phone->to.sin_family = AF_INET;
  phone->to.sin_port = htons (leg_port);
  phone->to.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  phone->ssrc = g_random_int ();
  phone->seq = (guint16) g_random_int ();
  phone->timestamp = g_random_int ();
  phone->received = g_array_new (FALSE, FALSE, 1);
  phone->sender = g_thread_new ("phone-send", phone_sender, phone);
  phone->receiver = g_thread_new ("phone-receive", phone_receiver, phone);
}

static void
phone_stop (Phone *phone)
{
  g_atomic_int_set (&phone->stopping, 1);
  g_clear_pointer (&phone->sender, g_thread_join);
  g_clear_pointer (&phone->receiver, g_thread_join);
  g_clear_pointer (&phone->received, g_array_unref);
  g_mutex_clear (&phone->lock);
}

static void
phone_set_tone (Phone  *phone,
                double  frequency,
                double  amplitude)
{
  g_mutex_lock (&phone->lock);
  phone->frequency = frequency;
  phone->amplitude = amplitude;
  g_mutex_unlock (&phone->lock);
}

/* Packets received so far. */
static guint
phone_count (Phone *phone)
{
  guint n;

  g_mutex_lock (&phone->lock);
  n = phone->received->len / SAMPLES;
  g_mutex_unlock (&phone->lock);
  return n;
}

/* The audio of the @n packets the phone receives after the @skip that
 * follow now (what was in flight, and the time a change takes). */
static gint16 *
hear (Phone *phone,
      guint  skip,
      guint  n)
{
  guint from = phone_count (phone) + skip;
  gint16 *pcm = g_new (gint16, n * SAMPLES);

  WAIT_FOR (phone_count (phone) >= from + n);
  g_mutex_lock (&phone->lock);
  _sc_g711_decode (SC_G711_ULAW, (guint8 *) phone->received->data + from * SAMPLES,
                   pcm, n * SAMPLES);
  g_mutex_unlock (&phone->lock);
  return pcm;
}

static void
assert_hears (const gint16 *pcm,
              guint         n_samples,
              double        frequency,
              double        more_than,
              double        less_than)
{
  double share = tone_share (pcm, n_samples, frequency);

  g_test_message ("%.0f Hz share %.3f", frequency, share);
  g_assert_cmpfloat (share, >, more_than);
  g_assert_cmpfloat (share, <, less_than);
}

/* ------------------------------------------------------------------ */
/* Fixture: an engine, four legs and their phones, one bridge           */

typedef struct {
  ScMediaEngine *engine;
  EventLog       leg_events;
  EventLog       bridge_events;
  SocketPair     sockets[N_LEGS];
  SocketPair     phone_sockets[N_LEGS];
  Phone          phones[N_LEGS];
  ScMediaLeg    *legs[N_LEGS];
  ScMediaBridge *bridge;
  char          *dir;            /* for recordings */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  event_log_init (&f->leg_events, g_main_context_default (), g_thread_self ());
  event_log_init (&f->bridge_events, g_main_context_default (), g_thread_self ());
  f->engine = _sc_media_engine_new (g_main_context_default (), leg_event_cb,
                                    &f->leg_events, &error);
  g_assert_no_error (error);
  for (int i = 0; i < N_LEGS; i++)
    {
      ScMediaLegConfig config = {
        .remote_address = (char *) "127.0.0.1",
        .law = SC_G711_ULAW,
        .payload_type = PT_PCMU,
        .telephone_event_pt = -1,
        .send = TRUE,
      };

      socket_pair_bind (&f->sockets[i]);
      socket_pair_bind (&f->phone_sockets[i]);
      phone_start (&f->phones[i], &f->phone_sockets[i], f->sockets[i].port);
      f->legs[i] = _sc_media_engine_add_leg (f->engine, leg_ids[i],
                                             f->sockets[i].rtp, f->sockets[i].rtcp);
      config.remote_port = f->phone_sockets[i].port;
      g_assert_true (_sc_media_leg_configure (f->legs[i], &config, &error));
      g_assert_no_error (error);
    }
  f->bridge = _sc_media_bridge_new (f->engine, g_main_context_default (),
                                    route_event_cb, &f->bridge_events);
  f->dir = g_dir_make_tmp ("sc-conference-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);

      g_unlink (file);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->bridge, _sc_media_bridge_free);
  g_clear_pointer (&f->engine, _sc_media_engine_free);
  settle ();
  for (int i = 0; i < N_LEGS; i++)
    {
      phone_stop (&f->phones[i]);
      socket_pair_clear (&f->sockets[i]);
      socket_pair_clear (&f->phone_sockets[i]);
    }
  g_assert_cmpuint (f->leg_events.misplaced, ==, 0);
  g_assert_cmpuint (f->bridge_events.misplaced, ==, 0);
  event_log_clear (&f->leg_events);
  event_log_clear (&f->bridge_events);
  remove_dir (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

/* Valgrind runs the threads one at a time and far slower: the timing the
 * tests measure means nothing there. */
static gboolean
timing_is_meaningful (void)
{
  return !RUNNING_ON_VALGRIND;
}

/* Members @first to @last, each phone sending its own tone. */
static void
join (Fixture *f,
      int      first,
      int      last)
{
  for (int i = first; i <= last; i++)
    {
      phone_set_tone (&f->phones[i], tones[i], AMPLITUDE);
      _sc_media_bridge_add_leg (f->bridge, f->legs[i]);
    }
}

/* ------------------------------------------------------------------ */
/* Mixing                                                               */

static void
test_always_mix_two (Fixture       *f,
                     gconstpointer  data)
{
  g_test_summary ("A bridge told to always mix, two members: each hears the "
                  "other's tone and not its own, through the mixer (whose "
                  "voice detection reports both talking; a relay reports "
                  "nothing of the kind)");

  _sc_media_bridge_set_always_mix (f->bridge, TRUE);
  join (f, A, B);
  WAIT_FOR (event_log_count (&f->bridge_events, TALKING ("leg-a")) == 1 &&
            event_log_count (&f->bridge_events, TALKING ("leg-b")) == 1);

  for (int i = A; i <= B; i++)
    {
      g_autofree gint16 *pcm = hear (&f->phones[i], 5, 25);

      assert_hears (pcm, 25 * SAMPLES, tones[1 - i], 0.8, 1.01);
      assert_hears (pcm, 25 * SAMPLES, tones[i], -1, 0.05);
    }

  /* Back to the relay: the talkers are quiet as far as anyone can tell. */
  _sc_media_bridge_set_always_mix (f->bridge, FALSE);
  WAIT_FOR (event_log_count (&f->bridge_events, QUIET ("leg-a")) == 1 &&
            event_log_count (&f->bridge_events, QUIET ("leg-b")) == 1);
  {
    g_autofree gint16 *pcm = hear (&f->phones[A], 5, 25);

    assert_hears (pcm, 25 * SAMPLES, tones[B], 0.8, 1.01);
  }
}

/* What each of the four phones hears: every other's tone whose phone
 * contributes, never its own, nor a muted one's. */
static void
assert_four_hear (Fixture        *f,
                  const gboolean *contributes)
{
  for (int i = 0; i < N_LEGS; i++)
    {
      g_autofree gint16 *pcm = hear (&f->phones[i], 10, 25);
      guint n_heard = 0;

      for (int j = 0; j < N_LEGS; j++)
        n_heard += j != i && contributes[j];
      g_test_message ("phone %d hears %u others", i, n_heard);
      for (int j = 0; j < N_LEGS; j++)
        {
          if (j == i || !contributes[j])
            assert_hears (pcm, 25 * SAMPLES, tones[j], -1, 0.05);
          else
            /* 1/n of the power each, give or take G.711. */
            assert_hears (pcm, 25 * SAMPLES, tones[j],
                          0.6 / n_heard, 1.4 / n_heard);
        }
    }
}

static void
test_four_mute (Fixture       *f,
                gconstpointer  data)
{
  gboolean contributes[N_LEGS] = { TRUE, TRUE, TRUE, TRUE };

  g_test_summary ("Four members, four tones: each hears the three others, "
                  "never itself; a member that stops contributing (muted) "
                  "is heard by nobody but still hears the others; "
                  "contributing again, it is heard again");

  join (f, A, D);
  run_for (100);
  assert_four_hear (f, contributes);

  _sc_media_bridge_set_contributes (f->bridge, f->legs[C], FALSE);
  contributes[C] = FALSE;
  assert_four_hear (f, contributes);

  _sc_media_bridge_set_contributes (f->bridge, f->legs[C], TRUE);
  contributes[C] = TRUE;
  assert_four_hear (f, contributes);
}

static void
test_mute_two (Fixture       *f,
               gconstpointer  data)
{
  g_test_summary ("Two members of a plain bridge (relayed), one muted: the "
                  "other hears nothing of it, while it still hears the "
                  "other; unmuted, both hear each other again");

  join (f, A, B);
  run_for (100);

  _sc_media_bridge_set_contributes (f->bridge, f->legs[B], FALSE);
  {
    g_autofree gint16 *at_a = hear (&f->phones[A], 10, 25);
    g_autofree gint16 *at_b = hear (&f->phones[B], 10, 25);

    g_assert_cmpfloat (test_rms (at_a, 25 * SAMPLES), <, 10);
    assert_hears (at_b, 25 * SAMPLES, tones[A], 0.8, 1.01);
  }

  _sc_media_bridge_set_contributes (f->bridge, f->legs[B], TRUE);
  {
    g_autofree gint16 *at_a = hear (&f->phones[A], 10, 25);

    assert_hears (at_a, 25 * SAMPLES, tones[B], 0.8, 1.01);
  }
}

/* ------------------------------------------------------------------ */
/* Talking                                                              */

static void
test_talking (Fixture       *f,
              gconstpointer  data)
{
  gint64 silent_at, quiet_after;

  g_test_summary ("A member whose phone sends a tone is reported TALKING; "
                  "when the phone sends silence, QUIET comes after the "
                  "hangover (not before 400 ms); members sending silence are "
                  "never reported; a muted member is still detected; a "
                  "talker that leaves ends QUIET");

  /* Every phone sends, silence for now. */
  _sc_media_bridge_set_always_mix (f->bridge, TRUE);
  for (int i = A; i <= C; i++)
    {
      phone_set_tone (&f->phones[i], tones[i], 0);
      _sc_media_bridge_add_leg (f->bridge, f->legs[i]);
    }
  WAIT_FOR (event_log_len (&f->bridge_events) == 3);   /* FLOWING ×3 */
  run_for (300);
  g_assert_cmpuint (event_log_len (&f->bridge_events), ==, 3);

  phone_set_tone (&f->phones[A], tones[A], AMPLITUDE);
  WAIT_FOR (event_log_count (&f->bridge_events, TALKING ("leg-a")) == 1);

  /* A pause between words is not the end of talking. */
  phone_set_tone (&f->phones[A], tones[A], 0);
  run_for (200);
  phone_set_tone (&f->phones[A], tones[A], AMPLITUDE);
  run_for (300);
  g_assert_cmpuint (event_log_count (&f->bridge_events, QUIET ("leg-a")), ==, 0);

  phone_set_tone (&f->phones[A], tones[A], 0);
  silent_at = g_get_monotonic_time ();
  WAIT_FOR (event_log_count (&f->bridge_events, QUIET ("leg-a")) == 1);
  quiet_after = g_get_monotonic_time () - silent_at;
  g_test_message ("QUIET %.0f ms after the phone went silent", quiet_after / 1000.0);
  if (timing_is_meaningful ())
    {
      g_assert_cmpint (quiet_after, >=, 400 * 1000);
      g_assert_cmpint (quiet_after, <, 1000 * 1000);
    }

  /* Muted, it is still heard talking ("you are muted"), by nobody else. */
  _sc_media_bridge_set_contributes (f->bridge, f->legs[A], FALSE);
  phone_set_tone (&f->phones[A], tones[A], AMPLITUDE);
  WAIT_FOR (event_log_count (&f->bridge_events, TALKING ("leg-a")) == 2);
  {
    g_autofree gint16 *at_b = hear (&f->phones[B], 5, 25);

    g_assert_cmpfloat (test_rms (at_b, 25 * SAMPLES), <, 10);
  }

  /* It leaves while talking: QUIET all the same. */
  _sc_media_bridge_remove_leg (f->bridge, f->legs[A]);
  WAIT_FOR (event_log_count (&f->bridge_events, QUIET ("leg-a")) == 2);

  g_assert_cmpuint (event_log_count (&f->bridge_events, TALKING ("leg-b")), ==, 0);
  g_assert_cmpuint (event_log_count (&f->bridge_events, TALKING ("leg-c")), ==, 0);
}

static void
test_talking_stops_sending (Fixture       *f,
                            gconstpointer  data)
{
  gint64 stopped_at, quiet_after;

  g_test_summary ("A talking member whose phone stops sending altogether "
                  "is reported QUIET after the hangover, before "
                  "MEMBER_SILENT");

  _sc_media_bridge_set_always_mix (f->bridge, TRUE);
  phone_set_tone (&f->phones[B], tones[B], 0);
  _sc_media_bridge_add_leg (f->bridge, f->legs[B]);
  phone_set_tone (&f->phones[A], tones[A], AMPLITUDE);
  _sc_media_bridge_add_leg (f->bridge, f->legs[A]);
  WAIT_FOR (event_log_count (&f->bridge_events, TALKING ("leg-a")) == 1);

  phone_set_tone (&f->phones[A], 0, 0);
  stopped_at = g_get_monotonic_time ();
  WAIT_FOR (event_log_count (&f->bridge_events, QUIET ("leg-a")) == 1);
  quiet_after = g_get_monotonic_time () - stopped_at;
  g_assert_cmpuint (event_log_count (&f->bridge_events, "2 leg-a"), ==, 0);
  if (timing_is_meaningful ())
    g_assert_cmpint (quiet_after, <, 1000 * 1000);
  WAIT_FOR (event_log_count (&f->bridge_events, "2 leg-a") == 1);
}

/* ------------------------------------------------------------------ */
/* Recording                                                            */

#define RECORDING_FAILED "5 (null)"

/* @path decoded by GStreamer to 8 kHz mono S16, whatever its format. */
static GArray *
decode_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstBus) bus = NULL;
  GArray *pcm = g_array_new (FALSE, FALSE, sizeof (gint16));
  /* Valgrind decodes slowly. */
  gint64 deadline = g_get_monotonic_time () + 12 * WAIT_MS * G_TIME_SPAN_MILLISECOND;

  pipeline = gst_parse_launch ("filesrc name=src ! decodebin ! audioconvert ! "
                               "audioresample ! audio/x-raw,format=S16LE,rate=8000,"
                               "channels=1 ! appsink name=sink sync=false", &error);
  g_assert_no_error (error);
  gst_object_ref_sink (pipeline);
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  bus = gst_element_get_bus (pipeline);
  g_object_set (src, "location", path, NULL);
  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=,
                   GST_STATE_CHANGE_FAILURE);

  while (!gst_app_sink_is_eos (GST_APP_SINK (sink)))
    {
      g_autoptr(GstSample) sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink),
                                                                 100 * GST_MSECOND);
      g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

      if (message != NULL)
        {
          g_autoptr(GError) gst_error = NULL;

          gst_message_parse_error (message, &gst_error, NULL);
          g_error ("cannot decode %s: %s", path, gst_error->message);
        }
      if (sample != NULL)
        {
          GstBuffer *buffer = gst_sample_get_buffer (sample);
          GstMapInfo map;

          g_assert_true (gst_buffer_map (buffer, &map, GST_MAP_READ));
          g_array_append_vals (pcm, map.data, (guint) (map.size / sizeof (gint16)));
          gst_buffer_unmap (buffer, &map);
        }
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out decoding %s", path);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_test_message ("%s: %.2f s", path, pcm->len / (double) RATE);
  return pcm;
}

/* Checks that the file lasts about @seconds (valgrind: at least some of
 * it) and that from @from_s on, each of the @n tones has a share of the
 * power above @more_than. */
static void
assert_recorded (GArray       *pcm,
                 double        seconds,
                 double        from_s,
                 const double *frequencies,
                 guint         n,
                 double        more_than)
{
  guint from = (guint) (from_s * RATE);
  double duration = pcm->len / (double) RATE;

  if (timing_is_meaningful ())
    {
      g_assert_cmpfloat (duration, >, seconds - 0.3);
      g_assert_cmpfloat (duration, <, seconds + 0.5);
    }
  g_assert_cmpuint (pcm->len, >, from + RATE / 4);
  for (guint i = 0; i < n; i++)
    assert_hears ((gint16 *) pcm->data + from, pcm->len - from, frequencies[i],
                  more_than, 1.01);
}

static void
test_record_wav (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "conference.wav", NULL);
  g_autoptr(GArray) pcm = NULL;
  gint64 started, lasted;

  g_test_summary ("Three members, three tones, recorded for about 2.5 s to "
                  "a WAV file: once stop returns, the file decodes, lasts as "
                  "long as the recording did, and holds all three tones; the "
                  "members go on hearing each other after");

  join (f, A, C);
  run_for (200);
  g_assert_false (_sc_media_bridge_is_recording (f->bridge));
  g_assert_true (_sc_media_bridge_start_recording (f->bridge, path, &error));
  g_assert_no_error (error);
  started = g_get_monotonic_time ();
  g_assert_true (_sc_media_bridge_is_recording (f->bridge));
  /* One at a time. */
  g_assert_false (_sc_media_bridge_start_recording (f->bridge, path, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_STATE);
  g_clear_error (&error);

  run_for (2500);
  g_assert_true (_sc_media_bridge_stop_recording (f->bridge));
  lasted = g_get_monotonic_time () - started;
  g_assert_false (_sc_media_bridge_is_recording (f->bridge));
  g_assert_false (_sc_media_bridge_stop_recording (f->bridge));

  pcm = decode_file (path);
  assert_recorded (pcm, lasted / (double) G_USEC_PER_SEC, 0.2, tones, 3, 0.2);

  {
    g_autofree gint16 *at_a = hear (&f->phones[A], 5, 25);

    assert_hears (at_a, 25 * SAMPLES, tones[B], 0.3, 0.7);
    assert_hears (at_a, 25 * SAMPLES, tones[C], 0.3, 0.7);
  }
  g_assert_cmpuint (event_log_count (&f->bridge_events, RECORDING_FAILED), ==, 0);
}

static void
test_record_ogg_two (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "conference.ogg", NULL);
  g_autoptr(GArray) pcm = NULL;
  gint64 started;

  g_test_summary ("A plain bridge of two (relayed) recorded to Ogg/Opus: "
                  "the file decodes and holds both members' tones (the "
                  "recording put them on the mixer); after, each still hears "
                  "the other");

  join (f, A, B);
  run_for (200);
  g_assert_true (_sc_media_bridge_start_recording (f->bridge, path, &error));
  g_assert_no_error (error);
  started = g_get_monotonic_time ();
  run_for (2000);
  g_assert_true (_sc_media_bridge_stop_recording (f->bridge));

  pcm = decode_file (path);
  /* Opus is lossy, and adds its own lead-in: a looser duration check. */
  if (timing_is_meaningful ())
    g_assert_cmpfloat (pcm->len / (double) RATE, >,
                       (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC - 0.5);
  assert_recorded (pcm, pcm->len / (double) RATE, 0.3, tones, 2, 0.3);

  {
    g_autofree gint16 *at_a = hear (&f->phones[A], 10, 25);

    assert_hears (at_a, 25 * SAMPLES, tones[B], 0.8, 1.01);
  }
}

static void
test_record_time_runs (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "alone.wav", NULL);
  g_autoptr(GArray) pcm = NULL;
  const guint second = RATE;

  g_test_summary ("Recording a bridge with no member writes silence for as "
                  "long as it lasts; one member alone is recorded saying "
                  "what it says");

  g_assert_true (_sc_media_bridge_start_recording (f->bridge, path, &error));
  g_assert_no_error (error);
  run_for (1000);
  phone_set_tone (&f->phones[A], tones[A], AMPLITUDE);
  _sc_media_bridge_add_leg (f->bridge, f->legs[A]);
  run_for (1500);
  g_assert_true (_sc_media_bridge_stop_recording (f->bridge));

  pcm = decode_file (path);
  g_assert_cmpuint (pcm->len, >, 2 * second);
  g_assert_cmpfloat (test_rms ((gint16 *) pcm->data, 9 * second / 10), <, 10);
  assert_hears ((gint16 *) pcm->data + pcm->len - second, second, tones[A], 0.9, 1.01);
  if (timing_is_meaningful ())
    assert_recorded (pcm, 2.5, 1.3, tones, 1, 0.9);
}

static void
test_record_unwritable (Fixture       *f,
                        gconstpointer  data)
{
  const char *paths[] = { "/nonexistent-dir/x.wav", "/proc/x.wav" };

  g_test_summary ("A file that cannot be created (no such directory, /proc) "
                  "fails start_recording with a G_IO_ERROR naming the path; "
                  "the bridge goes on as before, not recording");

  join (f, A, B);
  run_for (100);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (_sc_media_bridge_start_recording (f->bridge, paths[i], &error));
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      g_assert_true (error->domain == G_IO_ERROR);
      g_assert_nonnull (strstr (error->message, paths[i]));
      g_assert_false (_sc_media_bridge_is_recording (f->bridge));
    }
  g_assert_false (g_file_test ("/nonexistent-dir", G_FILE_TEST_EXISTS));

  {
    g_autofree gint16 *at_a = hear (&f->phones[A], 5, 25);
    g_autofree gint16 *at_b = hear (&f->phones[B], 5, 25);

    assert_hears (at_a, 25 * SAMPLES, tones[B], 0.8, 1.01);
    assert_hears (at_b, 25 * SAMPLES, tones[A], 0.8, 1.01);
  }
}

static void
test_record_fails (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_test_summary ("The pipeline fails while recording (a full disk: "
                  "/dev/full): RECORDING_FAILED in the creator's context, "
                  "the bridge no longer records, its audio goes on");

  join (f, A, C);
  g_assert_true (_sc_media_bridge_start_recording (f->bridge, "/dev/full", &error));
  g_assert_no_error (error);
  /* filesink writes 64 KB at a time: 4 s of audio, then ENOSPC. */
  {
    gint64 deadline = g_get_monotonic_time () + 12 * WAIT_MS * G_TIME_SPAN_MILLISECOND;

    while (event_log_count (&f->bridge_events, RECORDING_FAILED) == 0)
      {
        if (g_get_monotonic_time () > deadline)
          g_error ("no RECORDING_FAILED");
        run_for (50);
      }
  }
  g_assert_false (_sc_media_bridge_is_recording (f->bridge));
  g_assert_false (_sc_media_bridge_stop_recording (f->bridge));
  {
    g_autofree gint16 *at_a = hear (&f->phones[A], 5, 25);

    assert_hears (at_a, 25 * SAMPLES, tones[B], 0.3, 0.7);
    assert_hears (at_a, 25 * SAMPLES, tones[C], 0.3, 0.7);
  }
  run_for (200);
  g_assert_cmpuint (event_log_count (&f->bridge_events, RECORDING_FAILED), ==, 1);
}

static void
test_record_free (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "freed.wav", NULL);
  g_autoptr(GArray) pcm = NULL;
  gint64 started, lasted;

  g_test_summary ("Freeing the bridge while it records leaves a complete "
                  "file with everything said until then");

  join (f, A, C);
  run_for (200);
  g_assert_true (_sc_media_bridge_start_recording (f->bridge, path, &error));
  g_assert_no_error (error);
  started = g_get_monotonic_time ();
  run_for (1500);
  g_clear_pointer (&f->bridge, _sc_media_bridge_free);
  lasted = g_get_monotonic_time () - started;

  pcm = decode_file (path);
  assert_recorded (pcm, lasted / (double) G_USEC_PER_SEC, 0.2, tones, 3, 0.2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/media-conference/mix/always-mix-two", test_always_mix_two);
  ADD ("/media-conference/mix/four-mute", test_four_mute);
  ADD ("/media-conference/mix/mute-two", test_mute_two);
  ADD ("/media-conference/talking/tone-then-silence", test_talking);
  ADD ("/media-conference/talking/stops-sending", test_talking_stops_sending);
  ADD ("/media-conference/record/wav", test_record_wav);
  ADD ("/media-conference/record/ogg-two", test_record_ogg_two);
  ADD ("/media-conference/record/time-runs", test_record_time_runs);
  ADD ("/media-conference/record/unwritable", test_record_unwritable);
  ADD ("/media-conference/record/pipeline-fails", test_record_fails);
  ADD ("/media-conference/record/free-while-recording", test_record_free);

#undef ADD

  return g_test_run ();
}
