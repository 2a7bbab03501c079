/* test-media-route.c: the media engine on its own, no SIP — two legs on
 * loopback sockets, judged by the packets their peers receive, with and
 * without a route, and by where each kind of event is delivered
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each leg talks to a "peer": a socket pair the test owns, standing for
 * the phone at the other end. The routes here are test-only: one that
 * counts what it receives and fills each tick with a known frame, a toy
 * relay that forwards each packet of one leg out of the other at once,
 * and one that reports events to whoever created it.
 */

#include <math.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <gio/gio.h>

#include "media/sc-media-engine.h"
#include "media/sc-media-leg-private.h"
#include "media/sc-media-route.h"

#include "media-test-utils.h"

#define SAMPLES     SC_MEDIA_SAMPLES_PER_TICK
#define PT_PCMU     0
#define PT_EVENT    101
#define RTP_SIZE    (12 + SAMPLES)

/* What the test's routes report (ScMediaRouteEvent.code). */
enum {
  CODE_ATTACHED = 1,
  CODE_FIRST_PACKET,
  CODE_BOTH_WAYS,
  CODE_PACKET,
};

/* ------------------------------------------------------------------ */
/* The test routes                                                      */

typedef struct {
  ScMediaRoute  parent;
  ScMediaFill   fill_with;       /* what fill () answers */
  gboolean      relay;           /* send each packet out of the other leg */
  gboolean      report;          /* queue events */
  gint16        frame[SAMPLES];  /* what fill () writes */
  ScMediaLeg   *legs[2];         /* in the order they came */
  gboolean      seen[2];
  /* Read by the test without the engine lock. */
  gint          n_received;
  gint          payload_bytes;
  gint          n_fills;
  gint          n_attached;
  gint          n_detached;
  gint         *n_finalized;     /* outlives the route */
} TestRoute;

static int
leg_index (TestRoute  *self,
           ScMediaLeg *leg)
{
  return leg == self->legs[0] ? 0 : leg == self->legs[1] ? 1 : -1;
}

static void
test_route_attach (ScMediaRoute *route,
                   ScMediaLeg   *leg)
{
  TestRoute *self = (TestRoute *) route;

  self->legs[self->legs[0] == NULL ? 0 : 1] = leg;
  g_atomic_int_inc (&self->n_attached);
  /* A relaying route needs each packet as it arrives, not at the tick. */
  if (self->relay)
    _sc_media_leg_set_immediate (leg, TRUE);
  if (self->report)
    _sc_media_route_queue_event (route, leg, CODE_ATTACHED);
}

static void
test_route_detach (ScMediaRoute *route,
                   ScMediaLeg   *leg)
{
  TestRoute *self = (TestRoute *) route;
  int i = leg_index (self, leg);

  g_assert_cmpint (i, >=, 0);
  self->legs[i] = NULL;
  if (self->relay)
    _sc_media_leg_set_immediate (leg, FALSE);
  g_atomic_int_inc (&self->n_detached);
}

static void
test_route_receive (ScMediaRoute     *route,
                    ScMediaLeg       *leg,
                    ScMediaRtpPacket *packet,
                    gint64            now_us)
{
  TestRoute *self = (TestRoute *) route;
  int i = leg_index (self, leg);

  g_atomic_int_add (&self->payload_bytes, (gint) packet->payload_len);
  g_atomic_int_inc (&self->n_received);

  if (self->relay && i >= 0 && self->legs[1 - i] != NULL)
    _sc_media_leg_send_rtp (self->legs[1 - i], packet->data, packet->len,
                            packet->payload_offset);

  if (self->report && i >= 0)
    {
      _sc_media_route_queue_event (route, leg, CODE_PACKET);
      if (!self->seen[i])
        {
          self->seen[i] = TRUE;
          _sc_media_route_queue_event (route, leg, CODE_FIRST_PACKET);
          if (self->seen[1 - i])
            _sc_media_route_queue_event (route, leg, CODE_BOTH_WAYS);
        }
    }
}

static ScMediaFill
test_route_fill (ScMediaRoute *route,
                 ScMediaLeg   *leg,
                 gint16       *samples,
                 gint64        now_us)
{
  TestRoute *self = (TestRoute *) route;

  g_atomic_int_inc (&self->n_fills);
  if (self->fill_with == SC_MEDIA_FILL_AUDIO)
    memcpy (samples, self->frame, sizeof self->frame);
  return self->fill_with;
}

static void
test_route_finalize (ScMediaRoute *route)
{
  TestRoute *self = (TestRoute *) route;

  g_atomic_int_inc (self->n_finalized);
}

static const ScMediaRouteFuncs test_route_funcs = {
  .attach = test_route_attach,
  .detach = test_route_detach,
  .receive = test_route_receive,
  .fill = test_route_fill,
  .finalize = test_route_finalize,
};

/* 1000 Hz: exactly 20 periods per 20 ms, so every frame is the same. */
static void
make_pattern (gint16 *frame)
{
  for (guint i = 0; i < SAMPLES; i++)
    frame[i] = (gint16) (8000 * sin (2 * G_PI * 1000 * i / RATE));
}

/* ------------------------------------------------------------------ */
/* Fixture: an engine, two legs, their two peers                        */

typedef struct {
  ScMediaEngine *engine;
  SocketPair     sockets[2];     /* the legs' */
  SocketPair     peers[2];       /* the phones' */
  ScMediaLeg    *legs[2];
  EventLog       leg_events;     /* the engine's owner hears these */
  gint           n_finalized;
} Fixture;

static const char *leg_ids[2] = { "leg-a", "leg-b" };

static void
configure (Fixture *f,
           int      i)
{
  g_autoptr(GError) error = NULL;
  ScMediaLegConfig config = {
    .remote_address = (char *) "127.0.0.1",
    .remote_port = f->peers[i].port,
    .law = SC_G711_ULAW,
    .payload_type = PT_PCMU,
    .telephone_event_pt = PT_EVENT,
    .send = TRUE,
  };

  g_assert_true (_sc_media_leg_configure (f->legs[i], &config, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  event_log_init (&f->leg_events, g_main_context_default (), g_thread_self ());
  f->engine = _sc_media_engine_new (g_main_context_default (), leg_event_cb,
                                    &f->leg_events, &error);
  g_assert_no_error (error);
  for (int i = 0; i < 2; i++)
    {
      socket_pair_bind (&f->sockets[i]);
      socket_pair_bind (&f->peers[i]);
      f->legs[i] = _sc_media_engine_add_leg (f->engine, leg_ids[i],
                                             f->sockets[i].rtp, f->sockets[i].rtcp);
      configure (f, i);
    }
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->engine, _sc_media_engine_free);
  settle ();
  for (int i = 0; i < 2; i++)
    {
      socket_pair_clear (&f->sockets[i]);
      socket_pair_clear (&f->peers[i]);
    }
  g_assert_cmpuint (f->leg_events.misplaced, ==, 0);
  event_log_clear (&f->leg_events);
}

/* @log may be NULL for a route that reports nothing. */
static TestRoute *
route_new (Fixture      *f,
           ScMediaFill   fill_with,
           GMainContext *owner,
           EventLog     *log)
{
  TestRoute *route = (TestRoute *) _sc_media_route_new (&test_route_funcs,
                                                        sizeof (TestRoute),
                                                        owner, route_event_cb, log);

  route->fill_with = fill_with;
  route->n_finalized = &f->n_finalized;
  make_pattern (route->frame);
  return route;
}

/* ------------------------------------------------------------------ */
/* What the peers receive                                               */

static gboolean
payload_is (const guint8 *packet,
            const gint16 *frame)
{
  guint8 expected[SAMPLES];

  _sc_g711_encode (SC_G711_ULAW, frame, expected, SAMPLES);
  return memcmp (packet + 12, expected, SAMPLES) == 0;
}

static gboolean
payload_is_silence (const guint8 *packet)
{
  for (guint i = 0; i < SAMPLES; i++)
    if (packet[12 + i] != _sc_g711_silence (SC_G711_ULAW))
      return FALSE;
  return TRUE;
}

/* The first 20 ms window of @source the packet carries; -1: none. */
static int
source_window (const guint8  *packet,
               ScAudioSource *source)
{
  gsize n;
  const gint16 *samples = _sc_audio_source_get_samples (source, &n);

  for (gsize start = 0; start + SAMPLES <= n; start += SAMPLES)
    if (payload_is (packet, samples + start))
      return (int) (start / SAMPLES);
  return -1;
}

/* Reads @n_packets of a leg's source from its peer, skipping at most
 * @max_skip packets of something else first (what was in flight when the
 * test changed the leg). Checks that they are consecutive 20 ms windows
 * of the source, in consecutive RTP packets every 20 ms; returns the
 * first window's index. */
static int
expect_source (SocketPair    *peer,
               ScAudioSource *source,
               guint          n_packets,
               guint          max_skip,
               gint16        *pcm_out)
{
  guint8 packet[2048];
  const gint16 *samples;
  gsize n_source = 0;
  guint skipped = 0;
  int first = -1;
  guint16 seq = 0;
  guint32 timestamp = 0, ssrc = 0;
  gint64 started = 0;
  double interval_ms;

  samples = _sc_audio_source_get_samples (source, &n_source);
  for (guint i = 0; i < n_packets; i++)
    {
      gsize len = receive_within (peer->rtp, packet, sizeof packet, 1000);
      int window;

      g_assert_cmpuint (len, ==, RTP_SIZE);
      g_assert_cmpuint (packet[1] & 0x7f, ==, PT_PCMU);
      window = source_window (packet, source);
      if (i == 0 && window < 0)
        {
          g_assert_cmpuint (++skipped, <=, max_skip);
          i--;
          continue;
        }
      if (i == 0)
        {
          first = window;
          started = g_get_monotonic_time ();
          ssrc = rtp_u32 (packet + 8);
        }
      else
        {
          /* Not source_window (): a tone may repeat within its second
           * (440 Hz does every 5 windows). */
          int expected = (first + (int) i) % (int) (n_source / SAMPLES);

          g_assert_true (payload_is (packet, samples + expected * SAMPLES));
          g_assert_cmpuint (rtp_seq (packet), ==, (guint16) (seq + 1));
          g_assert_cmpuint (rtp_u32 (packet + 4), ==, timestamp + SAMPLES);
          g_assert_cmpuint (rtp_u32 (packet + 8), ==, ssrc);
        }
      seq = rtp_seq (packet);
      timestamp = rtp_u32 (packet + 4);
      if (pcm_out != NULL)
        _sc_g711_decode (SC_G711_ULAW, packet + 12, pcm_out + i * SAMPLES, SAMPLES);
    }

  /* Paced by the engine's 20 ms tick, not sent in a burst. */
  interval_ms = (g_get_monotonic_time () - started) / 1000.0 / (n_packets - 1);
  g_test_message ("source packets every %.1f ms", interval_ms);
  g_assert_cmpfloat (interval_ms, >, 15);
  g_assert_cmpfloat (interval_ms, <, 25);
  return first;
}

/* Reads packets from @peer until one carries @frame (at most @max_skip
 * others first), then checks that the next @n_packets all do. */
static void
expect_frame (SocketPair   *peer,
              const gint16 *frame,
              guint         n_packets,
              guint         max_skip)
{
  guint8 packet[2048];
  guint skipped = 0;

  for (;;)
    {
      gsize len = receive_within (peer->rtp, packet, sizeof packet, 1000);

      g_assert_cmpuint (len, ==, RTP_SIZE);
      if (payload_is (packet, frame))
        break;
      g_assert_cmpuint (++skipped, <=, max_skip);
    }
  for (guint i = 0; i < n_packets; i++)
    {
      gsize len = receive_within (peer->rtp, packet, sizeof packet, 1000);

      g_assert_cmpuint (len, ==, RTP_SIZE);
      g_assert_true (payload_is (packet, frame));
    }
}

/* ------------------------------------------------------------------ */
/* Tests                                                                */

/* A UDP datagram from 127.0.0.1 port 0 to @port, through a raw socket
 * (the kernel writes the IP header, we the UDP one; checksum 0: none).
 * FALSE when raw sockets are not allowed (not root). */
static gboolean
send_from_port_zero (guint16       port,
                     const guint8 *payload,
                     gsize         len)
{
  struct sockaddr_in to = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  guint8 datagram[8 + 1500];
  int fd = socket (AF_INET, SOCK_RAW, IPPROTO_UDP);

  if (fd < 0)
    return FALSE;
  g_assert_cmpuint (len, <=, 1500);
  memset (datagram, 0, 8);
  datagram[2] = port >> 8;
  datagram[3] = port & 0xff;
  datagram[4] = (8 + len) >> 8;
  datagram[5] = (8 + len) & 0xff;
  memcpy (datagram + 8, payload, len);
  g_assert_cmpint (sendto (fd, datagram, 8 + len, 0, (struct sockaddr *) &to, sizeof to), ==,
                   (gssize) (8 + len));
  close (fd);
  return TRUE;
}

static void
test_no_latch_on_port_zero (Fixture       *f,
                            gconstpointer  data)
{
  guint8 packet[12 + SAMPLES], payload[SAMPLES], buffer[1500];
  gsize len;

  g_test_summary ("RTP from source port 0 (SIPp's pcap play does that) is counted "
                  "but not latched onto: the leg goes on sending to its SDP address");

  memset (payload, 0xff, sizeof payload);
  len = make_rtp (packet, PT_PCMU, FALSE, 1, 160, 0x1234, payload, sizeof payload);
  if (!send_from_port_zero (f->sockets[0].port, packet, len))
    {
      g_test_skip ("raw sockets need CAP_NET_RAW");
      return;
    }
  run_for (100);
  {
    ScMediaStats stats;

    _sc_media_leg_get_stats (f->legs[0], &stats);
    g_assert_cmpuint (stats.packets_received, ==, 1);
  }
  /* Still sent to the SDP's port: what the peer's socket receives. */
  drain (f->peers[0].rtp);
  g_assert_cmpuint (receive_within (f->peers[0].rtp, buffer, sizeof buffer, WAIT_MS), >, 12);
}

static void
test_unrouted_source (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScAudioSource) tone = _sc_audio_source_new_tone (440, &error);
  gint16 pcm[25 * SAMPLES];

  g_test_summary ("With no route, a leg sends its source every 20 ms: "
                  "consecutive G.711 windows of the tone, heard as 440 Hz");
  g_assert_no_error (error);

  drain (f->peers[0].rtp);
  _sc_media_leg_set_source (f->legs[0], tone);
  /* set_source starts the source at its beginning. */
  g_assert_cmpint (expect_source (&f->peers[0], tone, 25, 3, pcm), ==, 0);
  g_test_message ("440 Hz share %.3f", tone_share (pcm, G_N_ELEMENTS (pcm), 440));
  g_assert_cmpfloat (tone_share (pcm, G_N_ELEMENTS (pcm), 440), >, 0.9);
}

static void
test_route_receives_and_fills (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScAudioSource) tone = _sc_audio_source_new_tone (440, &error);
  TestRoute *route = route_new (f, SC_MEDIA_FILL_AUDIO, g_main_context_default (), NULL);
  guint8 packet[2048], payload[SAMPLES];
  const guint8 dtmf_end[4] = { 5, 0x80 | 10, 0x03, 0x20 };   /* '5', end, 800 */
  const guint8 bad[20] = { 0x40 };                              /* RTP version 1 */
  guint sent_bytes = 0;
  ScMediaStats stats;

  g_test_summary ("A route on a leg receives every valid packet the peer "
                  "sent (count and bytes), while the leg still counts them and "
                  "detects DTMF; what the route's fill () writes is what the "
                  "leg sends");
  g_assert_no_error (error);

  _sc_media_leg_set_source (f->legs[0], tone);
  _sc_media_leg_set_route (f->legs[0], &route->parent);
  g_assert_cmpint (g_atomic_int_get (&route->n_attached), ==, 1);

  for (guint i = 0; i < 30; i++)
    {
      gsize len;

      memset (payload, (int) i, sizeof payload);
      len = make_rtp (packet, PT_PCMU, i == 0, (guint16) (1000 + i), 160 * i,
                      0x11111111, payload, sizeof payload);
      send_datagram (f->peers[0].rtp, f->sockets[0].port, packet, len);
      sent_bytes += SAMPLES;
    }
  for (guint i = 0; i < 2; i++)
    {
      gsize len = make_rtp (packet, PT_EVENT, FALSE, (guint16) (1030 + i), 160 * 30,
                            0x11111111, dtmf_end, sizeof dtmf_end);

      send_datagram (f->peers[0].rtp, f->sockets[0].port, packet, len);
      sent_bytes += sizeof dtmf_end;
    }
  send_datagram (f->peers[0].rtp, f->sockets[0].port, bad, sizeof bad);

  WAIT_FOR (g_atomic_int_get (&route->n_received) >= 32 &&
            event_log_count (&f->leg_events, "dtmf 5 leg-a") == 1);
  run_for (100);
  g_assert_cmpint (g_atomic_int_get (&route->n_received), ==, 32);
  g_assert_cmpint (g_atomic_int_get (&route->payload_bytes), ==, (gint) sent_bytes);

  /* The leg's own accounting and events are untouched by the route. */
  _sc_media_leg_get_stats (f->legs[0], &stats);
  g_assert_cmpuint (stats.packets_received, ==, 32);
  g_assert_cmpuint (stats.bytes_received, ==, sent_bytes);
  g_assert_cmpuint (stats.packets_lost, ==, 0);
  g_assert_cmpuint (event_log_count (&f->leg_events, "flow-started leg-a"), ==, 1);
  g_assert_cmpuint (event_log_count (&f->leg_events, "dtmf 5 leg-a"), ==, 1);

  /* Out goes the route's frame, not the leg's tone. */
  drain (f->peers[0].rtp);
  expect_frame (&f->peers[0], route->frame, 10, 3);
  g_assert_cmpint (g_atomic_int_get (&route->n_fills), >=, 11);

  /* Muted, the leg sends silence whatever the route writes. */
  _sc_media_leg_set_muted (f->legs[0], TRUE);
  drain (f->peers[0].rtp);
  receive_within (f->peers[0].rtp, packet, sizeof packet, 1000);  /* in flight */
  receive_within (f->peers[0].rtp, packet, sizeof packet, 1000);
  g_assert_true (payload_is_silence (packet));

  _sc_media_route_destroy (&route->parent);
}

static void
test_toy_relay (Fixture       *f,
                gconstpointer  data)
{
  TestRoute *route = route_new (f, SC_MEDIA_FILL_NOTHING,
                                g_main_context_default (), NULL);
  guint8 packet[2048], got[2048], payload[SAMPLES];
  gint64 latency_us[20];
  ScMediaStats before, after;

  g_test_summary ("A route can send a packet out of another leg the moment "
                  "it arrives: each packet of A's peer reaches B's peer "
                  "unchanged and promptly, and the other way; with fill () "
                  "saying NOTHING, the legs send nothing of their own");

  route->relay = TRUE;
  _sc_media_leg_set_route (f->legs[0], &route->parent);
  _sc_media_leg_set_route (f->legs[1], &route->parent);
  _sc_media_route_destroy (&route->parent);   /* the legs keep it */

  /* What the legs sent before the route came is gone; nothing follows. */
  g_usleep (60 * 1000);
  drain (f->peers[0].rtp);
  drain (f->peers[1].rtp);
  _sc_media_leg_get_stats (f->legs[1], &before);

  for (guint i = 0; i < G_N_ELEMENTS (latency_us); i++)
    {
      gsize len, got_len;
      gint64 sent_at;

      memset (payload, 0x40 + (int) i, sizeof payload);
      len = make_rtp (packet, PT_PCMU, FALSE, (guint16) (7000 + i), 160 * i,
                      0x22222222, payload, sizeof payload);
      sent_at = g_get_monotonic_time ();
      send_datagram (f->peers[0].rtp, f->sockets[0].port, packet, len);
      got_len = receive_within (f->peers[1].rtp, got, sizeof got, 1000);
      latency_us[i] = g_get_monotonic_time () - sent_at;
      g_assert_cmpmem (got, got_len, packet, len);
      /* Out of step with the 20 ms tick, so a relay that waited for the
       * tick would show. */
      g_usleep (7 * 1000);
    }

  for (guint i = 0; i < 5; i++)
    {
      gsize len, got_len;

      memset (payload, 0x10 + (int) i, sizeof payload);
      len = make_rtp (packet, PT_PCMU, FALSE, (guint16) (9000 + i), 160 * i,
                      0x33333333, payload, sizeof payload);
      send_datagram (f->peers[1].rtp, f->sockets[1].port, packet, len);
      got_len = receive_within (f->peers[0].rtp, got, sizeof got, 1000);
      g_assert_cmpmem (got, got_len, packet, len);
    }

  {
    gint64 sorted[G_N_ELEMENTS (latency_us)];

    memcpy (sorted, latency_us, sizeof sorted);
    for (guint i = 1; i < G_N_ELEMENTS (sorted); i++)
      for (guint j = i; j > 0 && sorted[j - 1] > sorted[j]; j--)
        {
          gint64 t = sorted[j];

          sorted[j] = sorted[j - 1];
          sorted[j - 1] = t;
        }
    g_test_message ("relay latency: median %.2f ms, max %.2f ms",
                    sorted[G_N_ELEMENTS (sorted) / 2] / 1000.0,
                    sorted[G_N_ELEMENTS (sorted) - 1] / 1000.0);
    /* Waiting for the tick would give 10 ms on average. */
    g_assert_cmpint (sorted[G_N_ELEMENTS (sorted) / 2], <, 5000);
  }

  /* The relayed packets count as B's; B sent nothing else. */
  _sc_media_leg_get_stats (f->legs[1], &after);
  g_assert_cmpuint (after.packets_sent - before.packets_sent, ==,
                    G_N_ELEMENTS (latency_us));
  g_assert_cmpuint (after.bytes_sent - before.bytes_sent, ==,
                    G_N_ELEMENTS (latency_us) * SAMPLES);
  run_for (100);
  g_assert_cmpuint (drain (f->peers[0].rtp), ==, 0);
  g_assert_cmpuint (drain (f->peers[1].rtp), ==, 0);
}

static void
test_events_reach_creator (Fixture       *f,
                           gconstpointer  data)
{
  Creator creator = { NULL };
  EventLog route_events;
  TestRoute *route;

  g_test_summary ("A route's events reach its creator's callback in the "
                  "creator's context (another thread here); the legs' own "
                  "FLOW_STARTED still reaches the engine's callback in the "
                  "engine owner's context");

  creator_start (&creator);
  event_log_init (&route_events, creator.context, creator.thread);

  route = route_new (f, SC_MEDIA_FILL_SOURCE, creator.context, &route_events);
  route->report = TRUE;
  _sc_media_leg_set_route (f->legs[0], &route->parent);
  _sc_media_leg_set_route (f->legs[1], &route->parent);

  for (int i = 0; i < 2; i++)
    {
      guint8 packet[64], payload[SAMPLES] = { 0 };
      gsize len = make_rtp (packet, PT_PCMU, TRUE, 1, 0, 0x44444444 + i, payload, 20);

      send_datagram (f->peers[i].rtp, f->sockets[i].port, packet, len);
    }

  WAIT_FOR (event_log_count (&f->leg_events, "flow-started leg-a") == 1 &&
            event_log_count (&f->leg_events, "flow-started leg-b") == 1 &&
            event_log_count (&route_events, "3 leg-a") +
            event_log_count (&route_events, "3 leg-b") == 1);
  run_for (50);

  g_assert_cmpuint (event_log_count (&route_events, "1 leg-a"), ==, 1);
  g_assert_cmpuint (event_log_count (&route_events, "1 leg-b"), ==, 1);
  g_assert_cmpuint (event_log_count (&route_events, "2 leg-a"), ==, 1);
  g_assert_cmpuint (event_log_count (&route_events, "2 leg-b"), ==, 1);
  g_assert_cmpuint (event_log_count (&route_events, "4 leg-a"), ==, 1);
  g_assert_cmpuint (event_log_count (&route_events, "4 leg-b"), ==, 1);
  g_assert_cmpuint (event_log_len (&route_events), ==, 7);
  g_assert_cmpuint (route_events.misplaced, ==, 0);
  /* The engine's owner heard only the legs' own events, in its context. */
  g_assert_cmpuint (event_log_len (&f->leg_events), ==, 2);
  g_assert_cmpuint (f->leg_events.misplaced, ==, 0);

  /* The creator goes away: stop its loop first, so that nothing is
   * delivered while it lets go of the route. */
  creator_stop (&creator);
  _sc_media_route_destroy (&route->parent);
  g_clear_pointer (&f->engine, _sc_media_engine_free);
  g_assert_cmpint (g_atomic_int_get (&f->n_finalized), ==, 1);
  creator_clear (&creator);
  event_log_clear (&route_events);
}

static void
test_no_events_after_destroy (Fixture       *f,
                              gconstpointer  data)
{
  EventLog route_events;
  TestRoute *route;
  guint8 packet[64], payload[SAMPLES] = { 0 };

  g_test_summary ("Once its creator destroys a route, no event reaches the "
                  "creator's callback, while the legs on it keep using it");

  event_log_init (&route_events, g_main_context_default (), g_thread_self ());
  route = route_new (f, SC_MEDIA_FILL_SOURCE, g_main_context_default (), &route_events);
  route->report = TRUE;
  _sc_media_leg_set_route (f->legs[0], &route->parent);

  for (guint i = 0; i < 3; i++)
    {
      gsize len = make_rtp (packet, PT_PCMU, FALSE, (guint16) i, 160 * i, 0x55555555,
                            payload, 20);

      send_datagram (f->peers[0].rtp, f->sockets[0].port, packet, len);
    }
  WAIT_FOR (event_log_count (&route_events, "4 leg-a") == 3);

  _sc_media_route_destroy (&route->parent);
  for (guint i = 3; i < 6; i++)
    {
      gsize len = make_rtp (packet, PT_PCMU, FALSE, (guint16) i, 160 * i, 0x55555555,
                            payload, 20);

      send_datagram (f->peers[0].rtp, f->sockets[0].port, packet, len);
    }
  WAIT_FOR (g_atomic_int_get (&route->n_received) == 6);
  run_for (100);
  g_assert_cmpuint (event_log_count (&route_events, "4 leg-a"), ==, 3);
  g_assert_cmpint (g_atomic_int_get (&f->n_finalized), ==, 0);

  _sc_media_leg_set_route (f->legs[0], NULL);
  g_assert_cmpint (g_atomic_int_get (&f->n_finalized), ==, 1);
  settle ();
  event_log_clear (&route_events);
}

static void
test_back_to_source (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScAudioSource) tone = _sc_audio_source_new_tone (440, &error);
  TestRoute *route = route_new (f, SC_MEDIA_FILL_AUDIO, g_main_context_default (), NULL);
  gint16 pcm[25 * SAMPLES];

  g_test_summary ("Setting the route back to NULL gives the leg its source "
                  "again: the tone, from where it was left");
  g_assert_no_error (error);

  drain (f->peers[0].rtp);
  _sc_media_leg_set_source (f->legs[0], tone);
  expect_source (&f->peers[0], tone, 5, 3, NULL);
  _sc_media_leg_set_route (f->legs[0], &route->parent);
  drain (f->peers[0].rtp);
  expect_frame (&f->peers[0], route->frame, 5, 3);

  _sc_media_leg_set_route (f->legs[0], NULL);
  g_assert_cmpint (g_atomic_int_get (&route->n_detached), ==, 1);
  drain (f->peers[0].rtp);
  expect_source (&f->peers[0], tone, 25, 3, pcm);
  g_assert_cmpfloat (tone_share (pcm, G_N_ELEMENTS (pcm), 440), >, 0.9);

  /* The creator still holds the route: off every leg, it lives on. */
  g_assert_cmpint (g_atomic_int_get (&f->n_finalized), ==, 0);
  _sc_media_route_destroy (&route->parent);
  g_assert_cmpint (g_atomic_int_get (&f->n_finalized), ==, 1);
}

static void
test_remove_legs (Fixture       *f,
                  gconstpointer  data)
{
  TestRoute *route = route_new (f, SC_MEDIA_FILL_AUDIO, g_main_context_default (), NULL);

  g_test_summary ("Removing a leg takes it off its route (the route hears "
                  "it); the route is freed with the last leg on it");

  _sc_media_leg_set_route (f->legs[0], &route->parent);
  _sc_media_leg_set_route (f->legs[1], &route->parent);
  _sc_media_route_destroy (&route->parent);
  run_for (60);

  _sc_media_engine_remove_leg (f->engine, f->legs[0]);
  g_assert_cmpuint (_sc_media_engine_get_n_legs (f->engine), ==, 1);
  g_assert_cmpint (g_atomic_int_get (&route->n_detached), ==, 1);
  g_assert_cmpint (g_atomic_int_get (&f->n_finalized), ==, 0);
  run_for (60);   /* the route carries on with B alone */

  _sc_media_engine_remove_leg (f->engine, f->legs[1]);
  g_assert_cmpuint (_sc_media_engine_get_n_legs (f->engine), ==, 0);
  g_assert_cmpint (f->n_finalized, ==, 1);
}

static void
test_free_engine (Fixture       *f,
                  gconstpointer  data)
{
  TestRoute *route = route_new (f, SC_MEDIA_FILL_AUDIO, g_main_context_default (), NULL);

  g_test_summary ("Freeing the engine with a route on its legs frees the route");

  _sc_media_leg_set_route (f->legs[0], &route->parent);
  _sc_media_leg_set_route (f->legs[1], &route->parent);
  _sc_media_route_destroy (&route->parent);
  run_for (60);

  g_clear_pointer (&f->engine, _sc_media_engine_free);
  g_assert_cmpint (f->n_finalized, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/media-route/latch/not-port-zero", test_no_latch_on_port_zero);
  ADD ("/media-route/unrouted/source-every-20ms", test_unrouted_source);
  ADD ("/media-route/route/receives-and-fills", test_route_receives_and_fills);
  ADD ("/media-route/route/toy-relay", test_toy_relay);
  ADD ("/media-route/route/back-to-source", test_back_to_source);
  ADD ("/media-route/events/reach-creator", test_events_reach_creator);
  ADD ("/media-route/events/none-after-destroy", test_no_events_after_destroy);
  ADD ("/media-route/lifecycle/remove-legs", test_remove_legs);
  ADD ("/media-route/lifecycle/free-engine", test_free_engine);

#undef ADD

  return g_test_run ();
}
