/* test-media-bridge.c: the media side of bridges on an engine alone, no
 * SIP — legs on loopback sockets, each talking to a "phone" that sends a
 * tone every 20 ms and logs every packet it receives, judged by what the
 * phones hear: which tones, in which codec, whose stream, how soon
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A phone is two threads of the test: one paced sender (an absolute 20 ms
 * schedule, as a real phone's clock) and one receiver that timestamps
 * each packet on arrival. The engine's media thread is the only one the
 * library runs.
 */

#include <math.h>
#include <poll.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <gio/gio.h>

#if __has_include (<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#else
#define RUNNING_ON_VALGRIND 0
#endif

#include "media/sc-media-bridge.h"
#include "media/sc-media-engine-private.h"
#include "media/sc-media-mixer.h"

#include "media-test-utils.h"

#define SAMPLES     SC_MEDIA_SAMPLES_PER_TICK
#define TICK_US     20000
#define PT_PCMU     0
#define PT_PCMA     8
#define PT_EVENT    101
#define N_LEGS      4
#define AMPLITUDE   8000

enum { A, B, C, D };

/* ------------------------------------------------------------------ */
/* Phones                                                               */

typedef struct {
  gint64   at_us;                /* arrival */
  guint8   payload_type;
  gboolean marker;
  guint16  seq;
  guint32  timestamp;
  guint32  ssrc;
  guint    len;                  /* of the payload */
  guint8   payload[SAMPLES];     /* its first SAMPLES bytes */
} Received;

typedef struct {
  gint64   at_us;                /* just before it went */
  guint8   payload[SAMPLES];
} Sent;

typedef struct {
  int          fd;               /* its RTP socket's */
  struct sockaddr_in to;         /* the leg's RTP port */
  GMutex       lock;
  /* What it speaks, both ways. */
  ScG711Law    law;
  guint8       payload_type;
  guint8       event_pt;
  /* What it sends: a tone (0 Hz: nothing), or a digit. */
  double       frequency;
  double       amplitude;
  char         digit;
  guint        digit_step;
  guint32      digit_timestamp;
  guint32      ssrc;
  guint16      seq;
  guint32      timestamp;
  guint64      n_samples;
  GArray      *sent;             /* Sent */
  GArray      *received;         /* Received */
  gint         stopping;
  GThread     *sender;
  GThread     *receiver;
} Phone;

/* An RFC 4733 event as a phone sends it: 5 packets every 20 ms with a
 * growing duration, then the end three times; all share the timestamp of
 * the event's start. */
#define DIGIT_STEPS 8

static gsize
phone_next_packet (Phone  *phone,
                   guint8 *packet)
{
  gsize len = 0;

  if (phone->digit != 0)
    {
      const char *digits = "0123456789*#ABCD";
      guint8 event[4];
      gboolean end = phone->digit_step >= 5;
      guint duration = end ? 5 * SAMPLES : (phone->digit_step + 1) * SAMPLES;

      if (phone->digit_step == 0)
        phone->digit_timestamp = phone->timestamp;
      event[0] = (guint8) (strchr (digits, phone->digit) - digits);
      event[1] = (end ? 0x80 : 0) | 10;
      event[2] = duration >> 8;
      event[3] = duration & 0xff;
      len = make_rtp (packet, phone->event_pt, phone->digit_step == 0, phone->seq++,
                      phone->digit_timestamp, phone->ssrc, event, sizeof event);
      if (++phone->digit_step == DIGIT_STEPS)
        phone->digit = 0;
    }
  else if (phone->frequency > 0)
    {
      gint16 frame[SAMPLES];
      guint8 payload[SAMPLES];
      Sent sent;

      for (guint i = 0; i < SAMPLES; i++)
        frame[i] = (gint16) (phone->amplitude *
                             sin (2 * G_PI * phone->frequency *
                                  (double) (phone->n_samples + i) / RATE));
      _sc_g711_encode (phone->law, frame, payload, SAMPLES);
      len = make_rtp (packet, phone->payload_type, FALSE, phone->seq++,
                      phone->timestamp, phone->ssrc, payload, SAMPLES);
      sent.at_us = g_get_monotonic_time ();
      memcpy (sent.payload, payload, SAMPLES);
      g_array_append_val (phone->sent, sent);
    }
  /* The phone's clock runs whether it sends or not. */
  phone->timestamp += SAMPLES;
  phone->n_samples += SAMPLES;
  return len;
}

static gpointer
phone_sender (gpointer data)
{
  Phone *phone = data;
  gint64 next = g_get_monotonic_time ();

  while (!g_atomic_int_get (&phone->stopping))
    {
      guint8 packet[12 + SAMPLES];
      gsize len;
      gint64 now;

      g_mutex_lock (&phone->lock);
      len = phone_next_packet (phone, packet);
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
          Received r = {
            .at_us = g_get_monotonic_time (),
            .payload_type = packet[1] & 0x7f,
            .marker = (packet[1] & 0x80) != 0,
            .seq = rtp_seq (packet),
            .timestamp = rtp_u32 (packet + 4),
            .ssrc = rtp_u32 (packet + 8),
            .len = (guint) n - 12,
          };

          memcpy (r.payload, packet + 12, MIN (r.len, SAMPLES));
          g_mutex_lock (&phone->lock);
          g_array_append_val (phone->received, r);
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
  phone->law = SC_G711_ULAW;
  phone->payload_type = PT_PCMU;
  phone->event_pt = PT_EVENT;
  phone->amplitude = AMPLITUDE;
  phone->ssrc = g_random_int ();
  phone->seq = (guint16) g_random_int ();
  phone->timestamp = g_random_int ();
  phone->sent = g_array_new (FALSE, FALSE, sizeof (Sent));
  phone->received = g_array_new (FALSE, FALSE, sizeof (Received));
  phone->sender = g_thread_new ("phone-send", phone_sender, phone);
  phone->receiver = g_thread_new ("phone-receive", phone_receiver, phone);
}

static void
phone_stop (Phone *phone)
{
  g_atomic_int_set (&phone->stopping, 1);
  g_clear_pointer (&phone->sender, g_thread_join);
  g_clear_pointer (&phone->receiver, g_thread_join);
  g_clear_pointer (&phone->sent, g_array_unref);
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

static void
phone_send_digit (Phone *phone,
                  char   digit)
{
  g_mutex_lock (&phone->lock);
  phone->digit = digit;
  phone->digit_step = 0;
  g_mutex_unlock (&phone->lock);
}

static gboolean
phone_sending_digit (Phone *phone)
{
  gboolean sending;

  g_mutex_lock (&phone->lock);
  sending = phone->digit != 0;
  g_mutex_unlock (&phone->lock);
  return sending;
}

static guint
phone_count (Phone *phone)
{
  guint n;

  g_mutex_lock (&phone->lock);
  n = phone->received->len;
  g_mutex_unlock (&phone->lock);
  return n;
}

/* A copy of what the phone has received so far. */
static GArray *
phone_log (Phone *phone)
{
  GArray *copy;

  g_mutex_lock (&phone->lock);
  copy = g_array_copy (phone->received);
  g_mutex_unlock (&phone->lock);
  return copy;
}

/* Waits until the phone has received packet @index (watchdog). */
static void
phone_wait (Phone *phone,
            guint  index)
{
  WAIT_FOR (phone_count (phone) > index);
}

/* Whether @r carries what @phone sent last before @r arrived: the same
 * bytes when both phones speak the same law, else the same audio within
 * G.711's precision (re-coded). Sets @latency_us: from sending to
 * arrival. */
static gboolean
phone_sent_it (Phone          *phone,
               const Received *r,
               ScG711Law       r_law,
               gint64         *latency_us)
{
  gboolean found = FALSE;

  g_mutex_lock (&phone->lock);
  for (guint i = phone->sent->len; i-- > 0;)
    {
      Sent *sent = &g_array_index (phone->sent, Sent, i);
      gint16 sent_pcm[SAMPLES], r_pcm[SAMPLES];
      double error = 0, signal = 0;

      if (sent->at_us > r->at_us)
        continue;
      *latency_us = r->at_us - sent->at_us;
      if (r->len != SAMPLES)
        break;
      if (r_law == phone->law)
        {
          found = memcmp (sent->payload, r->payload, SAMPLES) == 0;
          break;
        }
      _sc_g711_decode (phone->law, sent->payload, sent_pcm, SAMPLES);
      _sc_g711_decode (r_law, r->payload, r_pcm, SAMPLES);
      for (guint j = 0; j < SAMPLES; j++)
        {
          error += (double) (r_pcm[j] - sent_pcm[j]) * (r_pcm[j] - sent_pcm[j]);
          signal += (double) sent_pcm[j] * sent_pcm[j];
        }
      /* Re-coding costs about what one G.711 step does: far below 5 %. */
      found = signal > 0 && sqrt (error / signal) < 0.05;
      break;
    }
  g_mutex_unlock (&phone->lock);
  return found;
}

/* ------------------------------------------------------------------ */
/* What a phone heard                                                   */

/* Decodes @n packets of @log from @from on, checking that each is audio in
 * the phone's own payload type and of 20 ms. */
static void
decode_log (Phone  *phone,
            GArray *log,
            guint   from,
            guint   n,
            gint16 *pcm)
{
  g_assert_cmpuint (log->len, >=, from + n);
  for (guint i = 0; i < n; i++)
    {
      const Received *r = &g_array_index (log, Received, from + i);

      g_assert_cmpuint (r->payload_type, ==, phone->payload_type);
      g_assert_cmpuint (r->len, ==, SAMPLES);
      _sc_g711_decode (phone->law, r->payload, pcm + i * SAMPLES, SAMPLES);
    }
}

/* The audio of @n packets the phone receives after the @skip that follow
 * now (what was in flight, and the time a change takes). */
static gint16 *
hear (Phone *phone,
      guint  skip,
      guint  n)
{
  guint from = phone_count (phone) + skip;
  gint16 *pcm = g_new (gint16, n * SAMPLES);
  g_autoptr(GArray) log = NULL;

  phone_wait (phone, from + n - 1);
  log = phone_log (phone);
  decode_log (phone, log, from, n, pcm);
  return pcm;
}

static void
assert_hears (const gint16 *pcm,
              guint         n_packets,
              double        frequency,
              double        more_than,
              double        less_than)
{
  double share = tone_share (pcm, n_packets * SAMPLES, frequency);

  g_test_message ("%.0f Hz share %.3f", frequency, share);
  g_assert_cmpfloat (share, >, more_than);
  g_assert_cmpfloat (share, <, less_than);
}

static double
rms (const gint16 *pcm,
     guint         n)
{
  double total = 0;

  for (guint i = 0; i < n; i++)
    total += (double) pcm[i] * pcm[i];
  return sqrt (total / n);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* ------------------------------------------------------------------ */
/* Fixture: an engine, four legs, their four phones                     */

typedef struct {
  ScMediaEngine *engine;
  EventLog       leg_events;     /* the engine's owner hears these */
  EventLog       bridge_events;  /* the bridges' creator hears these */
  SocketPair     sockets[N_LEGS];
  SocketPair     phone_sockets[N_LEGS];
  Phone          phones[N_LEGS];
  ScMediaLeg    *legs[N_LEGS];
  ScMediaBridge *bridges[2];
} Fixture;

static const char *leg_ids[N_LEGS] = { "leg-a", "leg-b", "leg-c", "leg-d" };

/* Leg and phone speak @law under @payload_type, with telephone-events
 * under @event_pt (-1: none). */
static void
configure (Fixture   *f,
           int        i,
           ScG711Law  law,
           guint8     payload_type,
           int        event_pt)
{
  g_autoptr(GError) error = NULL;
  ScMediaLegConfig config = {
    .remote_address = (char *) "127.0.0.1",
    .remote_port = f->phone_sockets[i].port,
    .law = law,
    .payload_type = payload_type,
    .telephone_event_pt = event_pt,
    .send = TRUE,
  };

  g_assert_true (_sc_media_leg_configure (f->legs[i], &config, &error));
  g_assert_no_error (error);
  g_mutex_lock (&f->phones[i].lock);
  f->phones[i].law = law;
  f->phones[i].payload_type = payload_type;
  f->phones[i].event_pt = event_pt >= 0 ? (guint8) event_pt : PT_EVENT;
  g_mutex_unlock (&f->phones[i].lock);
}

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
      socket_pair_bind (&f->sockets[i]);
      socket_pair_bind (&f->phone_sockets[i]);
      phone_start (&f->phones[i], &f->phone_sockets[i], f->sockets[i].port);
      f->legs[i] = _sc_media_engine_add_leg (f->engine, leg_ids[i],
                                             f->sockets[i].rtp, f->sockets[i].rtcp);
      configure (f, i, SC_G711_ULAW, PT_PCMU, PT_EVENT);
    }
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (f->bridges); i++)
    g_clear_pointer (&f->bridges[i], _sc_media_bridge_free);
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
}

static ScMediaBridge *
bridge_new (Fixture *f,
            guint    i)
{
  f->bridges[i] = _sc_media_bridge_new (f->engine, g_main_context_default (),
                                        route_event_cb, &f->bridge_events);
  return f->bridges[i];
}

/* Valgrind runs the threads one at a time and far slower: the timing the
 * tests measure means nothing there. */
static gboolean
timing_is_meaningful (void)
{
  return !RUNNING_ON_VALGRIND;
}

/* ------------------------------------------------------------------ */
/* Relay                                                                */

/* What @to heard of @from through the relay: finds the first packet @from
 * sent that reached @to after @mark, then checks that the next
 * @n_packets all are @from's (phone_sent_it ()), in @to's payload type
 * and stream (@ssrc); returns the decoded audio and the median latency. */
static gint16 *
relayed (Phone   *from,
         Phone   *to,
         guint    mark,
         guint32  ssrc,
         guint    n_packets,
         gint64  *median_latency_us)
{
  g_autoptr(GArray) log = NULL;
  g_autofree gint64 *latencies = g_new (gint64, n_packets);
  gint16 *pcm = g_new (gint16, n_packets * SAMPLES);
  guint first = G_MAXUINT;

  phone_wait (to, mark + 10 + n_packets);
  log = phone_log (to);
  for (guint i = mark; i < log->len && first == G_MAXUINT; i++)
    if (phone_sent_it (from, &g_array_index (log, Received, i), to->law, &latencies[0]))
      first = i;
  g_assert_cmpuint (first, !=, G_MAXUINT);
  g_assert_cmpuint (first, <, mark + 10);

  for (guint i = 0; i < n_packets; i++)
    {
      const Received *r = &g_array_index (log, Received, first + i);

      g_assert_true (phone_sent_it (from, r, to->law, &latencies[i]));
      g_assert_cmpuint (r->ssrc, ==, ssrc);
    }
  decode_log (to, log, first, n_packets, pcm);
  qsort (latencies, n_packets, sizeof (gint64), compare_gint64);
  *median_latency_us = latencies[n_packets / 2];
  g_test_message ("relay latency: median %.2f ms, max %.2f ms",
                  latencies[n_packets / 2] / 1000.0, latencies[n_packets - 1] / 1000.0);
  return pcm;
}

/* The SSRC of the stream the phone receives now. */
static guint32
current_ssrc (Phone *phone)
{
  g_autoptr(GArray) log = NULL;
  guint n = phone_count (phone);

  phone_wait (phone, n);
  log = phone_log (phone);
  return g_array_index (log, Received, log->len - 1).ssrc;
}

static void
test_relay_both_ways (Fixture       *f,
                      gconstpointer  data)
{
  ScMediaBridge *bridge = bridge_new (f, 0);
  g_autofree gint16 *at_b = NULL, *at_a = NULL;
  guint32 ssrc_a, ssrc_b;
  guint mark_a, mark_b;
  gint64 latency_ab, latency_ba;
  ScMediaStats stats_a, stats_b;

  g_test_summary ("Two members: each phone hears the other's tone, relayed "
                  "packet by packet: the payload byte for byte (same codec), "
                  "in the receiving leg's own stream, with well under 5 ms "
                  "added");

  phone_set_tone (&f->phones[A], 440, AMPLITUDE);
  phone_set_tone (&f->phones[B], 1000, AMPLITUDE);
  ssrc_a = current_ssrc (&f->phones[A]);
  ssrc_b = current_ssrc (&f->phones[B]);

  mark_a = phone_count (&f->phones[A]);
  mark_b = phone_count (&f->phones[B]);
  _sc_media_bridge_add_leg (bridge, f->legs[A]);
  _sc_media_bridge_add_leg (bridge, f->legs[B]);
  g_assert_cmpuint (_sc_media_bridge_get_n_legs (bridge), ==, 2);

  at_b = relayed (&f->phones[A], &f->phones[B], mark_b, ssrc_b, 25, &latency_ab);
  at_a = relayed (&f->phones[B], &f->phones[A], mark_a, ssrc_a, 25, &latency_ba);
  assert_hears (at_b, 25, 440, 0.8, 1.01);
  assert_hears (at_b, 25, 1000, -1, 0.05);
  assert_hears (at_a, 25, 1000, 0.8, 1.01);
  assert_hears (at_a, 25, 440, -1, 0.05);
  /* Waiting for the 20 ms tick would give 10 ms on average. */
  if (timing_is_meaningful ())
    {
      g_assert_cmpint (latency_ab, <, 5000);
      g_assert_cmpint (latency_ba, <, 5000);
    }

  /* What the relay sent counts as each leg's own. */
  _sc_media_leg_get_stats (f->legs[A], &stats_a);
  _sc_media_leg_get_stats (f->legs[B], &stats_b);
  g_assert_cmpuint (stats_b.packets_sent, >=, 25);
  g_assert_cmpuint (stats_a.packets_sent, >=, 25);
}

static void
test_relay_transcodes (Fixture       *f,
                       gconstpointer  data)
{
  ScMediaBridge *bridge = bridge_new (f, 0);
  g_autofree gint16 *at_b = NULL, *at_a = NULL;
  guint32 ssrc_a, ssrc_b;
  guint mark_a, mark_b;
  gint64 latency_ab, latency_ba;

  g_test_summary ("PCMU on one side, PCMA on the other: each packet arrives "
                  "at once, re-coded into the receiving leg's law (the same "
                  "samples within G.711's precision) and in its own payload "
                  "type; the tones are intact");

  configure (f, B, SC_G711_ALAW, PT_PCMA, PT_EVENT);
  phone_set_tone (&f->phones[A], 440, AMPLITUDE);
  phone_set_tone (&f->phones[B], 1000, AMPLITUDE);
  ssrc_a = current_ssrc (&f->phones[A]);
  ssrc_b = current_ssrc (&f->phones[B]);

  mark_a = phone_count (&f->phones[A]);
  mark_b = phone_count (&f->phones[B]);
  _sc_media_bridge_add_leg (bridge, f->legs[A]);
  _sc_media_bridge_add_leg (bridge, f->legs[B]);

  /* decode_log () checks each packet's payload type: 8 at B, 0 at A. */
  at_b = relayed (&f->phones[A], &f->phones[B], mark_b, ssrc_b, 25, &latency_ab);
  at_a = relayed (&f->phones[B], &f->phones[A], mark_a, ssrc_a, 25, &latency_ba);
  assert_hears (at_b, 25, 440, 0.8, 1.01);
  assert_hears (at_b, 25, 1000, -1, 0.05);
  assert_hears (at_a, 25, 1000, 0.8, 1.01);
  assert_hears (at_a, 25, 440, -1, 0.05);
  if (timing_is_meaningful ())
    {
      g_assert_cmpint (latency_ab, <, 5000);
      g_assert_cmpint (latency_ba, <, 5000);
    }
}

static void
test_relay_mute (Fixture       *f,
                 gconstpointer  data)
{
  ScMediaBridge *bridge = bridge_new (f, 0);
  g_autofree gint16 *at_a = NULL, *at_b = NULL;
  g_autoptr(GArray) log = NULL;
  guint from;

  g_test_summary ("A muted leg sends silence while relaying, in its own "
                  "codec, with no break in its stream; the other way is "
                  "untouched; unmuted, the relayed tone is back");

  configure (f, B, SC_G711_ALAW, PT_PCMA, PT_EVENT);
  phone_set_tone (&f->phones[A], 440, AMPLITUDE);
  phone_set_tone (&f->phones[B], 1000, AMPLITUDE);
  _sc_media_bridge_add_leg (bridge, f->legs[A]);
  _sc_media_bridge_add_leg (bridge, f->legs[B]);
  run_for (200);

  _sc_media_leg_set_muted (f->legs[B], TRUE);
  from = phone_count (&f->phones[B]) + 3;
  phone_wait (&f->phones[B], from + 25);
  log = phone_log (&f->phones[B]);
  for (guint i = from; i < from + 25; i++)
    {
      const Received *r = &g_array_index (log, Received, i);
      const Received *before = &g_array_index (log, Received, i - 1);

      g_assert_cmpuint (r->payload_type, ==, PT_PCMA);
      g_assert_cmpuint (r->len, ==, SAMPLES);
      for (guint j = 0; j < SAMPLES; j++)
        g_assert_cmpuint (r->payload[j], ==, _sc_g711_silence (SC_G711_ALAW));
      g_assert_cmpuint (r->seq, ==, (guint16) (before->seq + 1));
      g_assert_cmpuint (r->ssrc, ==, before->ssrc);
    }
  at_a = hear (&f->phones[A], 3, 25);
  assert_hears (at_a, 25, 1000, 0.8, 1.01);

  _sc_media_leg_set_muted (f->legs[B], FALSE);
  at_b = hear (&f->phones[B], 3, 25);
  assert_hears (at_b, 25, 440, 0.8, 1.01);
}

/* The RFC 4733 packets @phone received after @mark: how many, how many
 * ends, and checks they all carry @event, one timestamp, and
 * @payload_type. */
static guint
received_digit (Phone  *phone,
                guint   mark,
                guint8  payload_type,
                guint   event,
                guint  *n_ends)
{
  g_autoptr(GArray) log = phone_log (phone);
  gboolean have_timestamp = FALSE;
  guint32 timestamp = 0;
  guint n = 0;

  *n_ends = 0;
  for (guint i = mark; i < log->len; i++)
    {
      const Received *r = &g_array_index (log, Received, i);

      if (r->payload_type == phone->payload_type)
        continue;
      g_assert_cmpuint (r->payload_type, ==, payload_type);
      g_assert_cmpuint (r->len, ==, 4);
      g_assert_cmpuint (r->payload[0], ==, event);
      if (have_timestamp)
        g_assert_cmpuint (r->timestamp, ==, timestamp);
      timestamp = r->timestamp;
      have_timestamp = TRUE;
      if (r->payload[1] & 0x80)
        (*n_ends)++;
      n++;
    }
  return n;
}

static void
test_relay_dtmf (Fixture       *f,
                 gconstpointer  data)
{
  ScMediaBridge *bridge = bridge_new (f, 0);
  guint mark, n_ends;

  g_test_summary ("Two members: RFC 4733 events from A's phone (PT 101) "
                  "reach B's phone under B's own telephone-event type (96), "
                  "every packet of the event, end included, one timestamp; "
                  "A's leg still reports the digit; none go to a leg that "
                  "negotiated no telephone-event");

  configure (f, B, SC_G711_ULAW, PT_PCMU, 96);
  phone_set_tone (&f->phones[A], 440, AMPLITUDE);
  phone_set_tone (&f->phones[B], 1000, AMPLITUDE);
  _sc_media_bridge_add_leg (bridge, f->legs[A]);
  _sc_media_bridge_add_leg (bridge, f->legs[B]);
  run_for (100);

  mark = phone_count (&f->phones[B]);
  phone_send_digit (&f->phones[A], '7');
  WAIT_FOR (!phone_sending_digit (&f->phones[A]) &&
            event_log_count (&f->leg_events, "dtmf 7 leg-a") == 1);
  run_for (100);
  g_assert_cmpuint (received_digit (&f->phones[B], mark, 96, 7, &n_ends), ==, DIGIT_STEPS);
  g_assert_cmpuint (n_ends, ==, 3);

  /* B can take no telephone-event: the digit goes nowhere. */
  configure (f, B, SC_G711_ULAW, PT_PCMU, -1);
  mark = phone_count (&f->phones[B]);
  phone_send_digit (&f->phones[A], '8');
  WAIT_FOR (!phone_sending_digit (&f->phones[A]) &&
            event_log_count (&f->leg_events, "dtmf 8 leg-a") == 1);
  run_for (100);
  g_assert_cmpuint (received_digit (&f->phones[B], mark, 96, 8, &n_ends), ==, 0);
}

/* ------------------------------------------------------------------ */
/* Continuity                                                           */

static void
test_continuity (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScAudioSource) own = _sc_audio_source_new_tone (600, &error);
  g_autoptr(GArray) log = NULL;
  ScMediaBridge *x_bridge = bridge_new (f, 0), *y_bridge = bridge_new (f, 1);
  guint switches[8], n_switches = 0, start, n_markers = 0;
  g_autoptr(GArray) deviations = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 median, worst = 0;
  const Received *first;

  g_test_summary ("What one phone receives is one RTP stream across own "
                  "source -> bridged to X (relay) -> removed -> bridged to Y -> "
                  "bridged to X again -> a third member (mixer) -> back to two "
                  "(relay): one SSRC, sequence numbers with no gap, "
                  "timestamps that only go forward and keep real time within "
                  "a packet, a marker at each switch");
  g_assert_no_error (error);

  _sc_media_leg_set_source (f->legs[A], own);
  phone_set_tone (&f->phones[A], 300, AMPLITUDE);
  phone_set_tone (&f->phones[B], 440, AMPLITUDE);    /* X */
  phone_set_tone (&f->phones[C], 1000, AMPLITUDE);   /* Y */
  phone_set_tone (&f->phones[D], 1700, AMPLITUDE);   /* Z */
  _sc_media_bridge_add_leg (x_bridge, f->legs[B]);
  _sc_media_bridge_add_leg (y_bridge, f->legs[C]);
  run_for (100);
  start = phone_count (&f->phones[A]);
  run_for (300);

#define SWITCH(what) \
  G_STMT_START { \
    what; \
    switches[n_switches++] = phone_count (&f->phones[A]); \
    run_for (400); \
  } G_STMT_END

  SWITCH (_sc_media_bridge_add_leg (x_bridge, f->legs[A]));
  SWITCH (_sc_media_bridge_remove_leg (x_bridge, f->legs[A]));
  SWITCH (_sc_media_bridge_add_leg (y_bridge, f->legs[A]));
  SWITCH (_sc_media_bridge_add_leg (x_bridge, f->legs[A]));
  SWITCH (_sc_media_bridge_add_leg (x_bridge, f->legs[D]));
  SWITCH (_sc_media_bridge_remove_leg (x_bridge, f->legs[D]));
  SWITCH (_sc_media_bridge_remove_leg (x_bridge, f->legs[A]));
#undef SWITCH

  log = phone_log (&f->phones[A]);
  first = &g_array_index (log, Received, start);
  for (guint i = start + 1; i < log->len; i++)
    {
      const Received *r = &g_array_index (log, Received, i);
      const Received *before = &g_array_index (log, Received, i - 1);
      gint64 deviation;

      g_assert_cmpuint (r->ssrc, ==, first->ssrc);
      g_assert_cmpuint (r->seq, ==, (guint16) (before->seq + 1));
      g_assert_cmpint ((gint32) (r->timestamp - before->timestamp), >, 0);
      /* Anything but the next 20 ms is a new stretch, and says so. */
      if (r->timestamp - before->timestamp != SAMPLES)
        g_assert_true (r->marker);
      n_markers += r->marker;
      /* Where the timestamp is, against where real time says it is. */
      deviation = (gint64) (gint32) (r->timestamp - first->timestamp) -
                  (r->at_us - first->at_us) * RATE / G_USEC_PER_SEC;
      g_array_append_val (deviations, deviation);
    }
  g_test_message ("%u packets, %u markers", log->len - start, n_markers);

  /* A marker after each switch, before the next one (what was in flight
   * comes first, and a loaded machine, ASan's above all, may take a few
   * packets more to carry the switch to the media thread). */
  for (guint s = 0; s < n_switches; s++)
    {
      guint end = s + 1 < n_switches ? switches[s + 1] : log->len;
      gboolean marked = FALSE;

      for (guint i = switches[s]; i < end && i < log->len; i++)
        marked = marked || g_array_index (log, Received, i).marker;
      if (!marked)
        g_test_fail_printf ("no marker among packets %u-%u, after switch %u",
                            switches[s], end, s);
    }

  /* Real time: every packet within one packet's worth of where the
   * stream as a whole is, give or take the receiving thread's timing. */
  {
    g_autoptr(GArray) sorted = g_array_copy (deviations);

    g_array_sort (sorted, compare_gint64);
    median = g_array_index (sorted, gint64, sorted->len / 2);
    for (guint i = 0; i < deviations->len; i++)
      worst = MAX (worst, ABS (g_array_index (deviations, gint64, i) - median));
    g_test_message ("timestamps against real time: worst %.1f ms off", worst / 8.0);
    if (timing_is_meaningful ())
      g_assert_cmpint (worst, <=, SAMPLES + 40);
  }
}

/* ------------------------------------------------------------------ */
/* Mixer                                                                */

static void
test_mix_three (Fixture       *f,
                gconstpointer  data)
{
  ScMediaBridge *bridge = bridge_new (f, 0);
  const double tones[3] = { 440, 1000, 1700 };

  g_test_summary ("Three members (one of them PCMA): each phone hears the "
                  "other two tones and not its own, in every 20 ms frame; "
                  "when one phone stops sending, the other two still hear "
                  "each other without a glitch");

  configure (f, C, SC_G711_ALAW, PT_PCMA, PT_EVENT);
  for (int i = 0; i < 3; i++)
    {
      phone_set_tone (&f->phones[i], tones[i], AMPLITUDE);
      _sc_media_bridge_add_leg (bridge, f->legs[i]);
    }
  g_assert_cmpuint (_sc_media_bridge_get_n_legs (bridge), ==, 3);
  run_for (100);

  for (int i = 0; i < 3; i++)
    {
      g_autofree gint16 *pcm = hear (&f->phones[i], 5, 25);

      g_test_message ("phone %d", i);
      assert_hears (pcm, 25, tones[i], -1, 0.05);
      assert_hears (pcm, 25, tones[(i + 1) % 3], 0.3, 0.7);
      assert_hears (pcm, 25, tones[(i + 2) % 3], 0.3, 0.7);
      if (timing_is_meaningful ())
        for (guint p = 0; p < 25; p++)
          {
            /* Both voices in each frame: nobody dropped out. */
            g_assert_cmpfloat (tone_share (pcm + p * SAMPLES, SAMPLES,
                                           tones[(i + 1) % 3]), >, 0.2);
            g_assert_cmpfloat (tone_share (pcm + p * SAMPLES, SAMPLES,
                                           tones[(i + 2) % 3]), >, 0.2);
          }
    }

  /* C's phone goes quiet: A and B carry on. */
  phone_set_tone (&f->phones[C], 0, 0);
  for (int i = 0; i < 2; i++)
    {
      g_autofree gint16 *pcm = hear (&f->phones[i], 5, 50);

      assert_hears (pcm, 50, tones[1 - i], 0.9, 1.01);
      if (timing_is_meaningful ())
        for (guint p = 0; p < 50; p++)
          g_assert_cmpfloat (rms (pcm + p * SAMPLES, SAMPLES), >, AMPLITUDE * 0.5);
    }
}

static void
test_mix_saturates (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree gint16 *pcm = NULL;
  ScMediaBridge *bridge = bridge_new (f, 0);
  const guint n_packets = 25;
  guint clamped = 0, peaks = 0;

  g_test_summary ("Two loud inputs in phase add up past 16 bits: the third "
                  "member hears them clamped at full scale, never wrapped "
                  "round to the other sign");

  /* 1000 Hz: eight samples a period, every 20 ms frame the same, so the
   * two phones are in phase whatever their timing. */
  phone_set_tone (&f->phones[A], 1000, 30000);
  phone_set_tone (&f->phones[B], 1000, 30000);
  for (int i = 0; i < 3; i++)
    _sc_media_bridge_add_leg (bridge, f->legs[i]);
  run_for (100);

  pcm = hear (&f->phones[C], 5, n_packets);
  for (guint i = 0; i < n_packets * SAMPLES; i++)
    {
      double expected = sin (2 * G_PI * 1000 * (double) (i % 8) / RATE);

      if (fabs (expected) < 0.5)
        continue;
      peaks++;
      /* The sign is right everywhere: no wrap-around. */
      if (expected > 0)
        g_assert_cmpint (pcm[i], >, 0);
      else
        g_assert_cmpint (pcm[i], <, 0);
      /* 2 × 30000 × 0.707 and 2 × 30000 are both past full scale. */
      if (ABS (pcm[i]) >= 32000)
        clamped++;
    }
  g_test_message ("%u of %u peak samples at full scale", clamped, peaks);
  g_assert_cmpuint (clamped, >=, peaks * 9 / 10);
}

static void
test_mix_dtmf (Fixture       *f,
               gconstpointer  data)
{
  ScMediaBridge *bridge = bridge_new (f, 0);
  guint marks[3], n_ends;

  g_test_summary ("Three members: a digit from A's phone is played again by "
                  "B's and C's legs, each in its own telephone-event type "
                  "(96, 101); A's phone gets none back; A's leg reports it");

  configure (f, B, SC_G711_ULAW, PT_PCMU, 96);
  for (int i = 0; i < 3; i++)
    {
      phone_set_tone (&f->phones[i], 440 + 300 * i, AMPLITUDE);
      _sc_media_bridge_add_leg (bridge, f->legs[i]);
    }
  run_for (100);

  for (int i = 0; i < 3; i++)
    marks[i] = phone_count (&f->phones[i]);
  phone_send_digit (&f->phones[A], '4');
  WAIT_FOR (event_log_count (&f->leg_events, "dtmf 4 leg-a") == 1);
  /* The digit is played after its end came: 5 + 3 packets, 100 ms. */
  run_for (400);

  /* The leg's own sender: 4 packets of progress, then the end 3 times. */
  g_assert_cmpuint (received_digit (&f->phones[B], marks[B], 96, 4, &n_ends), ==, 7);
  g_assert_cmpuint (n_ends, ==, 3);
  g_assert_cmpuint (received_digit (&f->phones[C], marks[C], PT_EVENT, 4, &n_ends), ==, 7);
  g_assert_cmpuint (n_ends, ==, 3);
  g_assert_cmpuint (received_digit (&f->phones[A], marks[A], PT_EVENT, 4, &n_ends), ==, 0);
}

static void
test_mixer_route (Fixture       *f,
                  gconstpointer  data)
{
  ScMediaMixer *mixer = _sc_media_mixer_new (g_main_context_default (),
                                             route_event_cb, &f->bridge_events);
  g_autofree gint16 *at_a = NULL, *at_c = NULL;
  guint level;

  g_test_summary ("The mixer as a route of its own (as a conference will use "
                  "it): a member that does not contribute is heard by nobody "
                  "but hears the others, and its level is still measured");

  for (int i = 0; i < 3; i++)
    {
      phone_set_tone (&f->phones[i], 440 + 300 * i, AMPLITUDE);
      _sc_media_leg_set_route (f->legs[i], (ScMediaRoute *) mixer);
    }
  _sc_media_engine_lock (f->engine);
  _sc_media_mixer_set_contributes (mixer, f->legs[C], FALSE);
  _sc_media_engine_unlock (f->engine);
  run_for (100);

  at_a = hear (&f->phones[A], 5, 25);
  assert_hears (at_a, 25, 740, 0.8, 1.01);
  assert_hears (at_a, 25, 1040, -1, 0.05);
  at_c = hear (&f->phones[C], 5, 25);
  assert_hears (at_c, 25, 440, 0.3, 0.7);
  assert_hears (at_c, 25, 740, 0.3, 0.7);

  _sc_media_engine_lock (f->engine);
  level = _sc_media_mixer_get_level (mixer, f->legs[C]);
  _sc_media_engine_unlock (f->engine);
  g_test_message ("level of the muted member: %u", level);
  /* A sine's mean absolute value is 2/π of its peak. */
  g_assert_cmpuint (level, >, AMPLITUDE / 2);
  g_assert_cmpuint (level, <, AMPLITUDE);

  for (int i = 0; i < 3; i++)
    _sc_media_leg_set_route (f->legs[i], NULL);
  _sc_media_route_destroy ((ScMediaRoute *) mixer);
}

/* ------------------------------------------------------------------ */
/* Hold                                                                 */

static void
test_held_two (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScAudioSource) music = _sc_audio_source_new_tone (600, &error);
  g_autoptr(ScAudioSource) own_music = _sc_audio_source_new_tone (350, &error);
  ScMediaBridge *bridge = bridge_new (f, 0);

  g_test_summary ("Two members, B held: A hears the hold music in B's place "
                  "(or silence), not B; B's phone hears B's own source, not "
                  "A; resumed, each hears the other again");
  g_assert_no_error (error);

  phone_set_tone (&f->phones[A], 440, AMPLITUDE);
  phone_set_tone (&f->phones[B], 1000, AMPLITUDE);
  /* What the call layer does for a call it holds. */
  _sc_media_leg_set_source (f->legs[B], own_music);
  _sc_media_bridge_add_leg (bridge, f->legs[A]);
  _sc_media_bridge_add_leg (bridge, f->legs[B]);
  run_for (100);

  _sc_media_bridge_set_held (bridge, f->legs[B], TRUE, music);
  {
    g_autofree gint16 *at_a = hear (&f->phones[A], 5, 25);
    g_autofree gint16 *at_b = hear (&f->phones[B], 5, 25);

    assert_hears (at_a, 25, 600, 0.8, 1.01);
    assert_hears (at_a, 25, 1000, -1, 0.05);
    assert_hears (at_b, 25, 350, 0.8, 1.01);
    assert_hears (at_b, 25, 440, -1, 0.05);
  }

  _sc_media_bridge_set_held (bridge, f->legs[B], TRUE, NULL);
  {
    g_autofree gint16 *at_a = hear (&f->phones[A], 5, 25);

    g_assert_cmpfloat (rms (at_a, 25 * SAMPLES), <, 10);
  }

  _sc_media_bridge_set_held (bridge, f->legs[B], FALSE, NULL);
  {
    g_autofree gint16 *at_a = hear (&f->phones[A], 10, 25);
    g_autofree gint16 *at_b = hear (&f->phones[B], 10, 25);

    assert_hears (at_a, 25, 1000, 0.8, 1.01);
    assert_hears (at_b, 25, 440, 0.8, 1.01);
  }
}

static void
test_held_three (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScAudioSource) music = _sc_audio_source_new_tone (600, &error);
  ScMediaBridge *bridge = bridge_new (f, 0);
  const double tones[3] = { 440, 1000, 1700 };

  g_test_summary ("Three members, C held: A and B hear each other and the "
                  "hold music, not C's phone");
  g_assert_no_error (error);

  for (int i = 0; i < 3; i++)
    {
      phone_set_tone (&f->phones[i], tones[i], AMPLITUDE);
      _sc_media_bridge_add_leg (bridge, f->legs[i]);
    }
  _sc_media_bridge_set_held (bridge, f->legs[C], TRUE, music);
  run_for (100);

  for (int i = 0; i < 2; i++)
    {
      g_autofree gint16 *pcm = hear (&f->phones[i], 5, 25);

      assert_hears (pcm, 25, tones[1 - i], 0.3, 0.7);
      assert_hears (pcm, 25, 600, 0.2, 0.7);
      assert_hears (pcm, 25, 1700, -1, 0.05);
    }
}

/* ------------------------------------------------------------------ */
/* Events                                                               */

static void
test_events (Fixture       *f,
             gconstpointer  data)
{
  Creator creator = { NULL };
  EventLog events;
  ScMediaBridge *bridge;

  g_test_summary ("MEMBER_FLOWING when a member's packets first reach the "
                  "bridge, MEMBER_SILENT 2 s after they stop, FLOWING again "
                  "when they resume: in the creator's context and thread");

  creator_start (&creator);
  event_log_init (&events, creator.context, creator.thread);
  bridge = _sc_media_bridge_new (f->engine, creator.context, route_event_cb, &events);

  phone_set_tone (&f->phones[A], 440, AMPLITUDE);
  phone_set_tone (&f->phones[B], 1000, AMPLITUDE);
  run_for (200);
  /* The legs' own flow does not count: packets must reach the bridge. */
  g_assert_cmpuint (event_log_len (&events), ==, 0);
  _sc_media_bridge_add_leg (bridge, f->legs[A]);
  _sc_media_bridge_add_leg (bridge, f->legs[B]);
  WAIT_FOR (event_log_count (&events, "1 leg-a") == 1 &&
            event_log_count (&events, "1 leg-b") == 1);

  phone_set_tone (&f->phones[A], 0, 0);
  run_for (1500);
  g_assert_cmpuint (event_log_count (&events, "2 leg-a"), ==, 0);
  WAIT_FOR (event_log_count (&events, "2 leg-a") == 1);

  phone_set_tone (&f->phones[A], 440, AMPLITUDE);
  WAIT_FOR (event_log_count (&events, "1 leg-a") == 2);
  run_for (100);

  g_assert_cmpuint (event_log_len (&events), ==, 4);
  {
    g_autofree char *last = event_log_nth (&events, 3);

    g_assert_cmpstr (last, ==, "1 leg-a");
  }
  g_assert_cmpuint (events.misplaced, ==, 0);

  creator_stop (&creator);
  _sc_media_bridge_free (bridge);
  creator_clear (&creator);
  event_log_clear (&events);
}

static void
test_no_events_after_free (Fixture       *f,
                           gconstpointer  data)
{
  ScMediaBridge *bridge = bridge_new (f, 0);

  g_test_summary ("Once the bridge is freed, no event reaches its callback, "
                  "even those already queued");

  phone_set_tone (&f->phones[A], 440, AMPLITUDE);
  _sc_media_bridge_add_leg (bridge, f->legs[A]);
  /* The first packet's FLOWING is queued, maybe posted, not delivered:
   * this thread does not iterate its context before the free. */
  g_usleep (100 * 1000);
  g_clear_pointer (&f->bridges[0], _sc_media_bridge_free);
  run_for (200);
  g_assert_cmpuint (event_log_len (&f->bridge_events), ==, 0);
}

/* ------------------------------------------------------------------ */
/* Lifecycle                                                            */

static void
test_free_with_audio (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScAudioSource) own = _sc_audio_source_new_tone (350, &error);
  ScMediaBridge *bridge = bridge_new (f, 0);

  g_test_summary ("Freeing a bridge with audio flowing through it puts every "
                  "leg back on its own source at once");
  g_assert_no_error (error);

  for (int i = 0; i < 3; i++)
    {
      phone_set_tone (&f->phones[i], 440 + 300 * i, AMPLITUDE);
      _sc_media_leg_set_source (f->legs[i], own);
      _sc_media_bridge_add_leg (bridge, f->legs[i]);
    }
  run_for (300);
  g_clear_pointer (&f->bridges[0], _sc_media_bridge_free);

  for (int i = 0; i < 3; i++)
    {
      g_autofree gint16 *pcm = hear (&f->phones[i], 3, 25);

      assert_hears (pcm, 25, 350, 0.9, 1.01);
    }
}

static void
test_leg_removed_from_engine (Fixture       *f,
                              gconstpointer  data)
{
  ScMediaBridge *bridge = bridge_new (f, 0);
  ScMediaLeg *gone = f->legs[C];

  g_test_summary ("A member's leg removed from the engine while bridged "
                  "(its call ended) leaves the bridge: the other two go on "
                  "relayed; the bridge ignores it afterwards");

  for (int i = 0; i < 3; i++)
    {
      phone_set_tone (&f->phones[i], 440 + 300 * i, AMPLITUDE);
      _sc_media_bridge_add_leg (bridge, f->legs[i]);
    }
  run_for (300);

  _sc_media_engine_remove_leg (f->engine, gone);
  f->legs[C] = NULL;
  g_assert_cmpuint (_sc_media_bridge_get_n_legs (bridge), ==, 2);
  {
    g_autofree gint16 *at_a = hear (&f->phones[A], 10, 25);

    assert_hears (at_a, 25, 740, 0.8, 1.01);
    assert_hears (at_a, 25, 1040, -1, 0.05);
  }

  /* What the API layer may still do: only compared, never touched. */
  _sc_media_bridge_remove_leg (bridge, gone);
  _sc_media_bridge_set_held (bridge, gone, TRUE, NULL);
  g_assert_cmpuint (_sc_media_bridge_get_n_legs (bridge), ==, 2);

  _sc_media_engine_remove_leg (f->engine, f->legs[A]);
  f->legs[A] = NULL;
  _sc_media_engine_remove_leg (f->engine, f->legs[B]);
  f->legs[B] = NULL;
  g_assert_cmpuint (_sc_media_bridge_get_n_legs (bridge), ==, 0);
}

static void
test_free_engine (Fixture       *f,
                  gconstpointer  data)
{
  ScMediaBridge *first = bridge_new (f, 0), *second = bridge_new (f, 1);

  g_test_summary ("Freeing the engine with bridges on its legs, audio "
                  "flowing, empties them; the bridges are freed after");

  for (int i = 0; i < N_LEGS; i++)
    {
      phone_set_tone (&f->phones[i], 440 + 300 * i, AMPLITUDE);
      _sc_media_bridge_add_leg (i < 3 ? first : second, f->legs[i]);
    }
  run_for (300);

  g_clear_pointer (&f->engine, _sc_media_engine_free);
  g_assert_cmpuint (_sc_media_bridge_get_n_legs (first), ==, 0);
  g_assert_cmpuint (_sc_media_bridge_get_n_legs (second), ==, 0);
  /* fixture_teardown () frees the bridges. */
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/media-bridge/relay/both-ways", test_relay_both_ways);
  ADD ("/media-bridge/relay/transcodes", test_relay_transcodes);
  ADD ("/media-bridge/relay/mute", test_relay_mute);
  ADD ("/media-bridge/relay/dtmf", test_relay_dtmf);
  ADD ("/media-bridge/continuity", test_continuity);
  ADD ("/media-bridge/mixer/three-tones", test_mix_three);
  ADD ("/media-bridge/mixer/saturates", test_mix_saturates);
  ADD ("/media-bridge/mixer/dtmf", test_mix_dtmf);
  ADD ("/media-bridge/mixer/route-of-its-own", test_mixer_route);
  ADD ("/media-bridge/held/two-members", test_held_two);
  ADD ("/media-bridge/held/three-members", test_held_three);
  ADD ("/media-bridge/events/flowing-silent", test_events);
  ADD ("/media-bridge/events/none-after-free", test_no_events_after_free);
  ADD ("/media-bridge/lifecycle/free-with-audio", test_free_with_audio);
  ADD ("/media-bridge/lifecycle/leg-removed-from-engine", test_leg_removed_from_engine);
  ADD ("/media-bridge/lifecycle/free-engine", test_free_engine);

#undef ADD

  return g_test_run ();
}
