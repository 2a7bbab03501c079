/* conference-load.c - load generator of the conference benchmark.
 *
 * It plays C conferences of N participants.  Every participant is one UDP
 * socket on 127.0.0.1 that sends a 20 ms G.711 stream (RTP, PCMU, 160-byte
 * payload, 50 packets/s) of its own quiet tone and receives what the
 * target's mixer sends it: the mix of the other participants of its
 * conference (mix-minus).
 *
 * Two targets (--mode), measured by the same RTP code:
 *
 *   plain  a plain RTP mixer, bench/conference-gst-baseline.c, with ports
 *          agreed on the command line: participant g (g = k × N + i, k the
 *          conference, i the participant) sends to --base-port + g and
 *          receives on --local-base-port + g.  No SIP.
 *   sip    a sessioncore conference server, bench/conference-server.c:
 *          every participant places a real SIP call to --target IP:PORT
 *          (To sip:conf-<k>-<i>@…) with its own SDP offer naming its
 *          socket, at --rate calls/s; the server answers and joins the call
 *          to conference "conf-<k>".  The participant sends RTP to the
 *          address of the answer as soon as its call is established.  The
 *          SIP side is sessioncore itself with its media off
 *          (with_media_enabled (FALSE)): the RTP is this program's own.
 *
 * The audio.  Participant i of every conference sends a tone of
 * 50 × (6 + i) Hz at amplitude 100 (a whole number of periods per 20 ms,
 * so one precomputed frame repeats seamlessly): quiet, so that the sum of
 * 49 of them stays below 49 × 104 ≈ 5100 whatever the phases.  Participant
 * 0 of each conference is the "speaker": once a second (a different phase
 * per conference) it replaces its tone by a marker, three frames (60 ms)
 * of a 1 kHz cosine at amplitude 16000, which starts on its peak.  Every
 * other participant of the conference looks, in every packet it receives,
 * for the first sample above MARKER_LEVEL (8000, which the quiet tones
 * cannot reach and the marker reaches at its first sample) after a packet
 * without one: that is the marker's onset, and
 *
 *   latency = kernel arrival time of that packet (SO_TIMESTAMPNS)
 *             + position of that sample in the packet (125 μs per sample)
 *             - the time just before the speaker's sendto() of the first
 *               marker packet
 *
 * i.e. when the onset would be played if the receiver played each packet
 * as it arrives, minus when it was said.  It includes the loopback both
 * ways, the target's socket wait, its jitter/FIFO buffering, its tick
 * alignment, mixing and encoding: the latency added by the mixer.  The
 * speaker itself must never hear its own marker (mix-minus): such onsets
 * are counted as self_heard.  An onset with no new marker pending (within
 * MARKER_MATCH_NS) is counted as spurious: in practice a marker whose
 * 60 ms were interrupted by a gap in the mix (the marker resumed after a
 * quiet packet), or one that came later than that.
 *
 * Packet counts, per receiver, as an RTP receiver (RFC 3550 A.1, without
 * probation; an epoch per SSRC): expected (from the extended highest
 * sequence number) and received, snapshot at the window's start and end,
 * so loss = expected - received over the window; plus the received rate
 * against the nominal 50 packets/s (a mixer that sends late or fewer
 * packets without sequence gaps shows there).
 *
 * The RTP: one thread, one epoll set for every socket, a 1 ms timerfd.
 * Participant g sends at phase g × 20 ms / P, so the load is spread over
 * the 20 ms like real phones.  Receiving is recvmmsg() per ready socket.
 *
 * The RTP thread, the SIP calls and the timeline are shared with
 * bridge-load: bench-rtp-thread.c and bench-sip-client.c.  This file says
 * what goes into a packet, what a received one means, and the RESULT line.
 *
 * Usage:
 *   conference-load --mode plain --base-port P --local-base-port Q
 *                   --conferences C --participants N [options]
 *   conference-load --mode sip --target IP:PORT --conferences C
 *                   --participants N [--rate R] [options]
 *   options: --duration S (30) --warmup S (2) --setup-timeout S (120)
 *            --media-ports FIRST-LAST (sip; 30000-39999: RTP on even ports,
 *            an RTCP sink on the odd one above)
 *
 * Timeline (stdout, one line each, flushed; bench/conference-bench.sh keys
 * its sampling on them):
 *   START ...
 *   ESTABLISHED participants=P up=U failed=F setup_s=T
 *   WINDOW_START                   warmup seconds later
 *   WINDOW_END                     duration - 1 s after ESTABLISHED
 *   RESULT key=value ...           at duration s: sending stops, 0.5 s to
 *                                  drain, then every counter
 *   ENDED ended=E of=C             sip: every call hung up (400 calls/s)
 *
 * RESULT keys: conferences, per_conference, participants, up, failed,
 * dropped (calls the target ended), duration_s, tx_packets and rx_packets
 * (whole run), rx_rtp, rx_other (RTP of another payload type), rtcp,
 * not_rtp, window_s, window_tx (sent by the participants in the window),
 * window_rx (RTP received in the window), window_expected and window_lost
 * (RFC 3550 over the window), loss_pct, rate_pct (window_rx against 50
 * packets/s per receiver over the window), tx_nominal_pct (the same for
 * what this generator sent), silent (receivers that got nothing in the
 * window), ssrc_changes, seq_jumps, rtp_dup, markers (sent in the window),
 * lat_samples, lat_expected (markers × the receivers of their conference),
 * lat_missed, lat_p50_ms, lat_p90_ms, lat_p99_ms, lat_max_ms, lat_min_ms,
 * self_heard, spurious, kernel_ts, tx_errors, late_sends, skipped,
 * gen_tick_gap_max_ms, gen_tick_gaps_5ms, gen_cpu_pct, rtp_thread_cpu_pct.
 *
 * Exit status: 0 when every participant was up and heard every marker of
 * its conference in the window; 1 otherwise (RESULT is printed anyway); 2 on
 * bad usage or start-up failure.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define _GNU_SOURCE

#include "bench-rtp-thread.h"
#include "bench-sip-client.h"
#include "bench-util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PAYLOAD           BENCH_PCMU_FRAME
#define PACKET            (BENCH_RTP_HEADER + PAYLOAD)

#define TONE_AMPLITUDE    100.0
#define MARKER_AMPLITUDE  16000.0
#define MARKER_HZ         1000.0
#define MARKER_LEVEL      8000            /* |sample| above this: marker */
#define MARKER_PERIOD     50              /* packets: one marker a second */
#define MARKER_PACKETS    3
#define MARKER_MATCH_NS   950000000ull    /* an onset this long after a marker is not its */
#define LAT_BUCKET_NS     10000ull        /* 10 μs */
#define LAT_BUCKETS       200000          /* up to 2 s */
#define MAX_PER_CONF      74              /* 50 × (6 + 73) = 3950 Hz < 4000 */

typedef struct {
  BenchEndpoint      base;          /* first: BenchRtpThread walks the array */

  /* Fixed once set up: g = conf × N + index. */
  guint              conf;
  guint              index;

  /* Receiver: RTP thread only (read by main after the thread ended). */
  guint64            rx_rtp;        /* PCMU audio packets */
  guint64            rx_other;      /* RTP of another payload type */
  guint64            rx_window_a;
  guint64            rx_window_b;
  guint64            exp_window_a, rec_window_a;
  guint64            exp_window_b, rec_window_b;

  /* Marker detection. */
  gboolean           loud;          /* the last packet had a marker sample */
  guint32            last_marker;   /* marker number last matched */
  guint64            heard;         /* markers sent in the window, heard */
  guint64            self_heard;
  guint64            spurious;
} Endpoint;

typedef struct {
  guint32            marker_no;     /* 0 = none yet */
  guint64            marker_sent_ns;  /* CLOCK_REALTIME */
  gboolean           marker_in_window;
  guint64            markers_window;
  guint              up;            /* participants established */
} Conf;

typedef struct {
  BenchRtpThread     rtp;
  BenchSipClient     client;
  guint              n_confs;
  guint              per_conf;
  guint              n_endpoints;
  guint              base_port;
  guint              local_base_port;
  guint              first_port;
  guint              last_port;

  Endpoint          *endpoints;
  Conf              *confs;
  guchar           (*tones)[PAYLOAD];   /* per index in a conference */
  guchar             marker[PAYLOAD];
  gboolean           loud_byte[256];    /* μ-law byte decodes above MARKER_LEVEL */
  BenchHistogram     latency;           /* RTP thread, in the window */
} Gen;

/* ------------------------------------------------------------------ */
/* Audio                                                                */

static void
make_audio (Gen *gen)
{
  gen->tones = g_malloc ((gsize) gen->per_conf * PAYLOAD);
  for (guint i = 0; i < gen->per_conf; i++)
    bench_ulaw_tone_frame (gen->tones[i], PAYLOAD, BENCH_WAVE_SINE, 50.0 * (6 + i), TONE_AMPLITUDE);
  bench_ulaw_tone_frame (gen->marker, PAYLOAD, BENCH_WAVE_COSINE, MARKER_HZ, MARKER_AMPLITUDE);
  for (guint b = 0; b < 256; b++)
    gen->loud_byte[b] = ABS (bench_ulaw_decode ((guchar) b)) > MARKER_LEVEL;
}

/* ------------------------------------------------------------------ */
/* Sending (RTP thread)                                                 */

static void
send_stream_packet (BenchEndpoint *base,
                    gpointer       user_data)
{
  Gen *gen = user_data;
  Endpoint *e = (Endpoint *) base;
  guchar packet[PACKET];
  const guchar *audio = gen->tones[e->index];
  gboolean marker_start = FALSE;
  guint64 sent_at;

  if (e->index == 0)
    {
      guint phase = (base->sent + e->conf * 13) % MARKER_PERIOD;

      if (phase < MARKER_PACKETS)
        audio = gen->marker;
      marker_start = phase == 0;
    }
  bench_rtp_write_header (packet, base->sent == 0, base->seq, base->timestamp, base->ssrc);
  memcpy (packet + BENCH_RTP_HEADER, audio, PAYLOAD);
  sent_at = bench_real_ns ();
  if (bench_endpoint_send (base, packet, sizeof packet) && marker_start)
    {
      Conf *conf = &gen->confs[e->conf];

      conf->marker_no++;
      conf->marker_sent_ns = sent_at;
      conf->marker_in_window = gen->rtp.recording;
      if (gen->rtp.recording)
        conf->markers_window++;
    }
  base->sent++;
  base->seq++;
  base->timestamp += PAYLOAD;
}

/* ------------------------------------------------------------------ */
/* Receiving (RTP thread)                                               */

static void
detect_marker (Gen          *gen,
               Endpoint     *e,
               const guchar *audio,
               size_t        length,
               guint64       arrived_real_ns)
{
  Conf *conf = &gen->confs[e->conf];
  size_t first = length;

  for (size_t s = 0; s < length; s++)
    if (gen->loud_byte[audio[s]])
      {
        first = s;
        break;
      }
  if (first == length)
    {
      e->loud = FALSE;
      return;
    }
  if (e->loud)
    return;                     /* the marker goes on */
  e->loud = TRUE;
  if (e->index == 0)
    {
      e->self_heard++;          /* mix-minus must leave the speaker out */
      return;
    }
  if (conf->marker_no != 0 && conf->marker_no != e->last_marker &&
      arrived_real_ns + first * 125000 >= conf->marker_sent_ns &&
      arrived_real_ns - conf->marker_sent_ns < MARKER_MATCH_NS)
    {
      e->last_marker = conf->marker_no;
      if (conf->marker_in_window)
        {
          e->heard++;
          bench_histogram_add (&gen->latency,
                               arrived_real_ns + first * 125000 - conf->marker_sent_ns);
        }
    }
  else
    e->spurious++;
}

static void
handle_packet (BenchEndpoint *base,
               const guchar  *packet,
               size_t         length,
               guint64        arrived_real_ns,
               guint64        now_mono,
               gpointer       user_data)
{
  Endpoint *e = (Endpoint *) base;
  size_t header;

  base->rx_total++;
  switch (bench_rtp_classify (packet, length))
    {
    case BENCH_RTP_NOT_RTP:
      base->rx_not_rtp++;
      return;
    case BENCH_RTP_RTCP:
      base->rx_rtcp++;
      return;
    case BENCH_RTP_PACKET:
      break;
    }
  if ((packet[1] & 0x7f) != 0)
    {
      e->rx_other++;
      return;
    }
  header = bench_rtp_header_length (packet, length);
  if (length < header)
    {
      base->rx_not_rtp++;
      return;
    }
  e->rx_rtp++;
  bench_rtp_receiver_track (&base->rtp, bench_get32 (packet + 8), bench_get16 (packet + 2));
  detect_marker (user_data, e, packet + header, length - header, arrived_real_ns);
}

static void
snapshot (BenchEndpoint *base,
          gboolean       end,
          gpointer       user_data)
{
  Endpoint *e = (Endpoint *) base;

  if (end)
    {
      e->rx_window_b = e->rx_rtp;
      bench_rtp_receiver_counts (&base->rtp, &e->exp_window_b, &e->rec_window_b);
    }
  else
    {
      e->rx_window_a = e->rx_rtp;
      bench_rtp_receiver_counts (&base->rtp, &e->exp_window_a, &e->rec_window_a);
    }
}

/* ------------------------------------------------------------------ */
/* Endpoints                                                            */

static gboolean
create_endpoints (Gen *gen)
{
  guint next_port = gen->first_port + (gen->first_port & 1);

  gen->endpoints = g_new0 (Endpoint, gen->n_endpoints);
  gen->confs = g_new0 (Conf, gen->n_confs);
  gen->rtp.endpoints = gen->endpoints;
  if (!bench_rtp_thread_init (&gen->rtp))
    return FALSE;
  for (guint k = 0; k < gen->n_endpoints; k++)
    {
      Endpoint *e = &gen->endpoints[k];

      bench_endpoint_init (&e->base, k);
      e->conf = k / gen->per_conf;
      e->index = k % gen->per_conf;
      if (!gen->client.sip)
        {
          e->base.fd = bench_udp_socket ((guint16) (gen->local_base_port + k), &e->base.port);
          if (e->base.fd < 0)
            {
              g_printerr ("conference-load: cannot bind 127.0.0.1:%u: %s\n",
                          gen->local_base_port + k, g_strerror (errno));
              return FALSE;
            }
          e->base.remote.sin_family = AF_INET;
          e->base.remote.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
          e->base.remote.sin_port = htons ((guint16) (gen->base_port + k));
        }
      else if (!bench_endpoint_bind_pair (&e->base, &next_port, gen->last_port))
        {
          g_printerr ("conference-load: no free RTP port pair left in %u-%u for participant %u\n",
                      gen->first_port, gen->last_port, k);
          return FALSE;
        }
      bench_rtp_thread_watch (&gen->rtp, k);
    }
  bench_histogram_init (&gen->latency, LAT_BUCKET_NS, LAT_BUCKETS);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Results                                                              */

static double
percentile_ms (const Gen *gen,
               double     fraction)
{
  const BenchHistogram *one[1] = { &gen->latency };

  return bench_histogram_percentile_ms (one, 1, fraction);
}

static void
report (gpointer user_data)
{
  Gen *gen = user_data;
  guint64 tx = 0, rx = 0, rx_rtp = 0, rx_other = 0, rtcp = 0, not_rtp = 0;
  guint64 window_tx = 0, window_rx = 0, window_expected = 0, window_received = 0;
  guint64 ssrc_changes = 0, seq_jumps = 0, rtp_dup = 0, self_heard = 0, spurious = 0;
  guint64 tx_errors = 0, late_sends = 0, skipped = 0, markers = 0, lat_expected = 0, heard = 0;
  gint64 window_lost;
  guint receivers = 0, senders = 0, silent = 0, up = 0;
  double window_s, rate_pct, nominal_pct, cpu_pct, thread_pct;
  GString *line;

  for (guint k = 0; k < gen->n_endpoints; k++)
    {
      Endpoint *e = &gen->endpoints[k];
      gboolean is_up = __atomic_load_n (&e->base.active, __ATOMIC_ACQUIRE);

      tx += e->base.sent;
      rx += e->base.rx_total;
      rx_rtp += e->rx_rtp;
      rx_other += e->rx_other;
      rtcp += e->base.rx_rtcp;
      not_rtp += e->base.rx_not_rtp;
      tx_errors += e->base.tx_errors;
      late_sends += e->base.late_sends;
      skipped += e->base.skipped;
      ssrc_changes += e->base.rtp.ssrc_changes;
      seq_jumps += e->base.rtp.seq_jumps;
      rtp_dup += e->base.rtp.dup;
      self_heard += e->self_heard;
      spurious += e->spurious;
      heard += e->heard;
      if (!is_up)
        continue;
      up++;
      senders++;
      window_tx += e->base.sent_window_b - e->base.sent_window_a;
      receivers++;
      window_rx += e->rx_window_b - e->rx_window_a;
      window_expected += e->exp_window_b - e->exp_window_a;
      window_received += e->rec_window_b - e->rec_window_a;
      if (e->rx_window_b == e->rx_window_a)
        silent++;
    }
  for (guint c = 0; c < gen->n_confs; c++)
    {
      guint listeners = 0;

      for (guint i = 1; i < gen->per_conf; i++)
        listeners += __atomic_load_n (&gen->endpoints[c * gen->per_conf + i].base.active, __ATOMIC_ACQUIRE) != 0;
      markers += gen->confs[c].markers_window;
      lat_expected += gen->confs[c].markers_window * listeners;
    }

  bench_rtp_thread_window_figures (&gen->rtp, &window_s, &cpu_pct, &thread_pct);
  window_lost = (gint64) window_expected - (gint64) window_received;
  rate_pct = window_s > 0 && receivers > 0
             ? 100.0 * (double) window_rx / (receivers * window_s * BENCH_PACKETS_PER_S) : 0;
  nominal_pct = window_s > 0 && senders > 0
                ? 100.0 * (double) window_tx / (senders * window_s * BENCH_PACKETS_PER_S) : 0;

  line = g_string_new ("RESULT");
  g_string_append_printf (line,
                          " mode=%s conferences=%u per_conference=%u participants=%u up=%u"
                          " failed=%u dropped=%u duration_s=%u"
                          " tx_packets=%" G_GUINT64_FORMAT " rx_packets=%" G_GUINT64_FORMAT
                          " rx_rtp=%" G_GUINT64_FORMAT " rx_other=%" G_GUINT64_FORMAT
                          " rtcp=%" G_GUINT64_FORMAT " not_rtp=%" G_GUINT64_FORMAT
                          " window_s=%.3f window_tx=%" G_GUINT64_FORMAT " window_rx=%" G_GUINT64_FORMAT
                          " window_expected=%" G_GUINT64_FORMAT " window_lost=%" G_GINT64_FORMAT
                          " loss_pct=%.4f rate_pct=%.3f tx_nominal_pct=%.3f silent=%u"
                          " ssrc_changes=%" G_GUINT64_FORMAT " seq_jumps=%" G_GUINT64_FORMAT
                          " rtp_dup=%" G_GUINT64_FORMAT,
                          gen->client.sip ? "sip" : "plain", gen->n_confs, gen->per_conf, gen->n_endpoints,
                          up, gen->client.n_failed, gen->client.n_dropped, gen->client.duration_s,
                          tx, rx, rx_rtp, rx_other, rtcp, not_rtp,
                          window_s, window_tx, window_rx, window_expected, window_lost,
                          window_expected ? 100.0 * (double) MAX (window_lost, 0) / (double) window_expected : 0.0,
                          rate_pct, nominal_pct, silent, ssrc_changes, seq_jumps, rtp_dup);
  g_string_append_printf (line,
                          " markers=%" G_GUINT64_FORMAT " lat_samples=%" G_GUINT64_FORMAT
                          " lat_expected=%" G_GUINT64_FORMAT " lat_missed=%" G_GINT64_FORMAT
                          " lat_p50_ms=%.2f lat_p90_ms=%.2f lat_p99_ms=%.2f lat_max_ms=%.2f"
                          " lat_min_ms=%.2f lat_over=%" G_GUINT64_FORMAT
                          " self_heard=%" G_GUINT64_FORMAT " spurious=%" G_GUINT64_FORMAT
                          " kernel_ts=%d tx_errors=%" G_GUINT64_FORMAT
                          " late_sends=%" G_GUINT64_FORMAT " skipped=%" G_GUINT64_FORMAT
                          " gen_tick_gap_max_ms=%.3f gen_tick_gaps_5ms=%" G_GUINT64_FORMAT
                          " gen_cpu_pct=%.1f rtp_thread_cpu_pct=%.1f",
                          markers, gen->latency.samples, lat_expected,
                          (gint64) lat_expected - (gint64) heard,
                          percentile_ms (gen, 0.50), percentile_ms (gen, 0.90),
                          percentile_ms (gen, 0.99), gen->latency.max_ns / 1e6,
                          gen->latency.min_ns / 1e6, gen->latency.over,
                          self_heard, spurious, gen->rtp.all_kernel_ts ? 1 : 0, tx_errors,
                          late_sends, skipped, gen->rtp.tick_gap_max_ns / 1e6, gen->rtp.tick_gaps_5ms,
                          cpu_pct, thread_pct);
  bench_say ("%s", line->str);
  g_string_free (line, TRUE);

  if (up < gen->n_endpoints || silent > 0 || gen->client.n_dropped > 0 || !gen->rtp.window_ended ||
      heard < lat_expected || self_heard > 0)
    gen->client.exit_code = 1;
}

/* ------------------------------------------------------------------ */
/* SIP mode: what bench-sip-client.c asks of this program               */

/* conf-k-i, as conference-server joins them. */
static void
call_users (BenchEndpoint *base,
            char         **from_user,
            char         **to_user,
            gpointer       user_data)
{
  Endpoint *e = (Endpoint *) base;

  *from_user = g_strdup_printf ("load-%u-%u", e->conf, e->index);
  *to_user = g_strdup_printf ("conf-%u-%u", e->conf, e->index);
}

static void
established (BenchEndpoint *base,
             gpointer       user_data)
{
  Gen *gen = user_data;

  gen->confs[((Endpoint *) base)->conf].up++;
}

static guint
count_up (gpointer user_data)
{
  Gen *gen = user_data;

  return gen->client.sip ? gen->client.n_established : gen->n_endpoints;
}

/* ------------------------------------------------------------------ */

int
main (int   argc,
      char *argv[])
{
  g_autofree char *mode = NULL;
  g_autofree char *target = NULL;
  g_autofree char *ports = g_strdup ("30000-39999");
  int confs = 1, per_conf = 0, duration = 30, warmup = 2, setup_timeout = 120;
  int base_port = 0, local_base_port = 0;
  double rate = 100;
  GOptionEntry entries[] = {
    { "mode", 'm', 0, G_OPTION_ARG_STRING, &mode, "plain or sip (required)", "MODE" },
    { "conferences", 'c', 0, G_OPTION_ARG_INT, &confs, "Conferences (default 1)", "C" },
    { "participants", 'n', 0, G_OPTION_ARG_INT, &per_conf, "Participants per conference (required)", "N" },
    { "base-port", 0, 0, G_OPTION_ARG_INT, &base_port, "plain: participant g sends to this port + g", "P" },
    { "local-base-port", 0, 0, G_OPTION_ARG_INT, &local_base_port, "plain: participant g receives on this port + g", "Q" },
    { "target", 't', 0, G_OPTION_ARG_STRING, &target, "sip: the conference server", "IP:PORT" },
    { "duration", 'd', 0, G_OPTION_ARG_INT, &duration, "Seconds of streams once all participants are up (default 30)", "S" },
    { "warmup", 0, 0, G_OPTION_ARG_INT, &warmup, "Seconds between all-up and the measuring window (default 2)", "S" },
    { "rate", 'r', 0, G_OPTION_ARG_DOUBLE, &rate, "sip: calls placed per second (default 100)", "R" },
    { "setup-timeout", 0, 0, G_OPTION_ARG_INT, &setup_timeout, "sip: seconds allowed to set the calls up (default 120)", "S" },
    { "media-ports", 0, 0, G_OPTION_ARG_STRING, &ports, "sip: own RTP/RTCP port range (default 30000-39999)", "FIRST-LAST" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("- conference load generator (bench/README.md)");
  g_autoptr(GError) error = NULL;
  Gen gen = { 0 };
  int exit_code;

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  gen.client.sip = g_strcmp0 (mode, "sip") == 0;
  if ((!gen.client.sip && g_strcmp0 (mode, "plain") != 0) ||
      confs <= 0 || per_conf < 2 || per_conf > MAX_PER_CONF || confs * per_conf > 10000 ||
      warmup < 0 || duration < warmup + 2 || rate <= 0 || setup_timeout <= 0 ||
      (gen.client.sip && target == NULL) ||
      (!gen.client.sip && (base_port <= 0 || local_base_port <= 0 ||
                           base_port + confs * per_conf > 65536 ||
                           local_base_port + confs * per_conf > 65536)) ||
      !bench_parse_port_range (ports, &gen.first_port, &gen.last_port))
    {
      g_printerr ("usage: conference-load --mode plain --base-port P --local-base-port Q\n"
                  "                       --conferences C --participants N [--duration S] [--warmup S]\n"
                  "       conference-load --mode sip --target IP:PORT --conferences C --participants N\n"
                  "                       [--rate R] [--duration S] [--warmup S] [--media-ports FIRST-LAST]\n"
                  "                       [--setup-timeout S]\n"
                  "       (2 <= N <= %d, duration >= warmup + 2)\n", MAX_PER_CONF);
      return 2;
    }
  if (gen.client.sip && !bench_is_loopback_target (target))
    {
      g_printerr ("conference-load: --target must be 127.x.x.x:PORT\n");
      return 2;
    }

  bench_raise_fd_limit ();
  gen.n_confs = (guint) confs;
  gen.per_conf = (guint) per_conf;
  gen.n_endpoints = gen.n_confs * gen.per_conf;
  gen.base_port = (guint) base_port;
  gen.local_base_port = (guint) local_base_port;
  gen.rtp = (BenchRtpThread) {
    .name = "conference-load",
    .thread_name = "conf-load-rtp",
    .endpoint_size = sizeof (Endpoint),
    .n_endpoints = gen.n_endpoints,
    .send = send_stream_packet,
    .receive = handle_packet,
    .snapshot = snapshot,
    .user_data = &gen,
  };
  gen.client.name = "conference-load";
  gen.client.units = "participants";
  gen.client.n_units = gen.n_endpoints;
  gen.client.rtp = &gen.rtp;
  gen.client.duration_s = (guint) duration;
  gen.client.warmup_s = (guint) warmup;
  gen.client.setup_timeout_s = (guint) setup_timeout;
  gen.client.rate = rate;
  gen.client.target = g_strdup (target);
  gen.client.hooks = (BenchSipClientHooks) { call_users, established, count_up, report };
  gen.client.user_data = &gen;
  gen.client.loop = g_main_loop_new (NULL, FALSE);
  make_audio (&gen);
  if (!create_endpoints (&gen))
    return 2;

  bench_say ("START mode=%s conferences=%u per_conference=%u duration_s=%u warmup_s=%u%s%s",
             gen.client.sip ? "sip" : "plain", gen.n_confs, gen.per_conf, gen.client.duration_s,
             gen.client.warmup_s, gen.client.sip ? " target=" : "", gen.client.sip ? target : "");
  gen.client.setup_start_ns = bench_mono_ns ();

  if (gen.client.sip)
    {
      if (!bench_sip_client_start (&gen.client, &error))
        {
          g_printerr ("conference-load: cannot start SIP: %s\n", error->message);
          return 2;
        }
      if (!bench_rtp_thread_start (&gen.rtp))
        {
          g_printerr ("conference-load: cannot start the RTP thread\n");
          return 2;
        }
      bench_sip_client_place_calls (&gen.client);
    }
  else
    {
      for (guint k = 0; k < gen.n_endpoints; k++)
        bench_endpoint_activate (&gen.endpoints[k].base, &gen.endpoints[k].base.remote);
      if (!bench_rtp_thread_start (&gen.rtp))
        {
          g_printerr ("conference-load: cannot start the RTP thread\n");
          return 2;
        }
      bench_sip_client_all_up (&gen.client);
    }

  exit_code = bench_sip_client_run (&gen.client);

  bench_rtp_thread_clear (&gen.rtp);
  bench_sip_client_clear (&gen.client);
  bench_histogram_clear (&gen.latency);
  g_free (gen.tones);
  g_free (gen.endpoints);
  g_free (gen.confs);
  return exit_code;
}
