/* bridge-load.c - load generator of the bridge benchmark.
 *
 * It plays N "customers" and N "agents".  Every endpoint is one UDP socket
 * on 127.0.0.1 that sends a 20 ms G.711 stream (RTP, PCMU, 160-byte
 * payload, 50 packets/s) and receives one.  A bridge in the target must
 * connect customer i with agent i: what customer i sends must reach agent i
 * and the other way round.  Both directions are checked and timed.
 *
 * Two targets (--mode):
 *
 *   relay  a plain UDP relay, bench/relay-baseline.c, told nothing but the
 *          number of pairs.  --relay-ports FILE is the file it wrote
 *          ("i A-port B-port"); customer i sends to A(i), agent i to B(i).
 *          Every endpoint first sends one latch packet, so that the relay
 *          learns its address (symmetric RTP), then the streams start.
 *   sip    a sessioncore bridging server, bench/bridge-server.c: every
 *          endpoint places a real SIP call to --target IP:PORT (To
 *          sip:customer-i@… or sip:agent-i@…) with its own SDP offer
 *          naming its socket; the server answers, and once both calls of
 *          pair i are up it bridges them.  The endpoint sends RTP to the
 *          address of the answer as soon as its call is established.  The
 *          SIP side is sessioncore itself with its media off
 *          (with_media_enabled (FALSE)): the RTP is this program's own.
 *
 * The RTP: one thread, one epoll set for every socket, a 1 ms timerfd.
 * Endpoint k sends at phase k × 20 ms / 2N, so the load is spread over the
 * 20 ms like real phones, not sent in one burst.  Every payload starts with
 * a tag: magic "BRB1", the sender's endpoint number, the sender's own packet
 * counter and the wall-clock time (CLOCK_REALTIME, ns) taken just before
 * sendto(); the rest is μ-law silence.  Receiving is recvmmsg() per ready
 * socket, with the kernel's arrival time (SO_TIMESTAMPNS).
 *
 * What each receiver checks:
 *   - end to end, from the tag: packets of its peer received at least once,
 *     duplicates, out of order, tagged packets from the wrong endpoint
 *     ("misrouted"), and loss = what the peer sent from the first packet
 *     that arrived on, minus what arrived (packets sent before the bridge
 *     was up are counted apart as "prebridge");
 *   - as an RTP receiver (RFC 3550 style, on every RTP packet including
 *     the target's own ones): SSRC changes, sequence gaps, duplicates,
 *     jumps;
 *   - the added one-way latency: kernel arrival time minus the send time in
 *     the tag, i.e. from our sendto() to the target's send of the relayed
 *     packet (including the loopback delivery both ways, not our own
 *     scheduling); recorded only inside the measuring window, in 1 μs
 *     buckets; p50/p99/p99.9/max per direction;
 *   - the time from "the pair is up" (relay: the streams start; sip: the
 *     second call of the pair is established, as seen here) to the first
 *     relayed packet, per direction.
 *
 * The RTP thread, the SIP calls and the timeline are shared with
 * conference-load: bench-rtp-thread.c and bench-sip-client.c.  This file says
 * what goes into a packet, what a received one means, and the RESULT line.
 *
 * Usage:
 *   bridge-load --mode relay --relay-ports FILE --pairs N [options]
 *   bridge-load --mode sip --target IP:PORT --pairs N [--rate R] [options]
 *   options: --duration S (30) --warmup S (2) --setup-timeout S (120)
 *            --media-ports FIRST-LAST (sip; 30000-39999: RTP on even ports,
 *            an RTCP sink on the odd one above)
 *
 * Timeline (stdout, one line each, flushed; bench/bridge-bench.sh keys its
 * sampling on them):
 *   START ...
 *   ESTABLISHED pairs=N up=U failed=F setup_s=T   every call answered (or
 *                                  failed) / the latch phase done
 *   WINDOW_START                   warmup seconds later: counters snapshot A
 *   WINDOW_END                     duration - 1 s after ESTABLISHED: B
 *   RESULT key=value ...           at duration s: sending stops, 0.5 s to
 *                                  drain, then every counter (see below)
 *   ENDED ended=E of=C             sip: every call hung up (400 calls/s)
 *
 * RESULT keys: for each direction d in c2a (customer → agent, received by
 * the agents) and a2c: d_tx, d_rx (tagged packets from the right peer),
 * d_expected, d_lost, d_loss_pct, d_dup, d_ooo, d_p50_ms, d_p99_ms,
 * d_p999_ms, d_max_ms, d_first_p50_ms, d_first_max_ms; and for both:
 * tx_packets, rx_packets, expected, lost, loss_pct, dup, ooo, misrouted,
 * foreign (RTP without our tag, e.g. the target's own audio), latch,
 * not_rtp, rtcp, silent (receivers of complete pairs that got nothing),
 * incomplete_pairs, ssrc_changes, rtp_lost, rtp_dup, seq_jumps, prebridge,
 * window_s, window_rx and window_tx (tagged packets received by / sent
 * to the receivers of complete pairs in the window), rate_pct (window_rx
 * against window_tx: below 100 when the target falls behind),
 * tx_nominal_pct (window_tx against 50 packets/s per sender: below 100
 * when this generator fell behind), lat_p50_ms, lat_p99_ms, lat_p999_ms, lat_max_ms, lat_samples,
 * lat_over (samples above 200 ms), kernel_ts (1 when every sample had a
 * kernel timestamp), tx_errors, late_sends (sends more than one 20 ms
 * period late: the generator fell behind), skipped (slots not sent because
 * they were more than 100 ms late: the generator stalled),
 * gen_tick_gap_max_ms and gen_tick_gaps_5ms (in the window, the longest
 * time between two looks at the send schedule, and how many gaps exceeded
 * 5 ms: this thread was busy or not scheduled, e.g. another process or
 * the hypervisor ran),
 * gen_cpu_pct (this process's CPU over the window, % of one core),
 * rtp_thread_cpu_pct.
 *
 * Exit status: 0 when every pair was up and every receiver got its peer's
 * packets with none misrouted; 1 otherwise (RESULT is printed anyway); 2 on
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
#define TAG_SIZE          24              /* magic, sender, counter, pad, time */
#define LAT_BUCKETS       200000          /* 1 μs each: up to 200 ms */
#define SEEN_BITS         1024            /* duplicate window, packets */

static const guchar magic_stream[4] = { 'B', 'R', 'B', '1' };
static const guchar magic_latch[4] = { 'B', 'R', 'L', '1' };

typedef enum {
  ROLE_CUSTOMER,
  ROLE_AGENT,
} Role;

typedef enum {
  DIR_C2A,      /* received by agents */
  DIR_A2C,      /* received by customers */
  N_DIRS,
} Direction;

static const char *const dir_names[N_DIRS] = { "c2a", "a2c" };

typedef struct {
  BenchEndpoint      base;          /* first: BenchRtpThread walks the array */

  /* Fixed once set up. */
  guint32            peer;          /* whose packets we must receive */
  Role               role;
  guint              pair;

  /* Receiver: RTP thread only (read by main after the thread ended). */
  guint64            rx_tagged;     /* from the right peer, duplicates included */
  guint64            rx_latch;
  guint64            rx_foreign;
  guint64            rx_misrouted;
  guint64            rx_window_a;   /* rx_tagged at the window's start */
  guint64            rx_window_b;
  guint64            first_rx_ns;   /* monotonic; 0 = nothing yet */

  /* End to end (the tag's counter). */
  gboolean           have_gen;
  guint32            first_gen;
  guint32            max_gen;
  guint64            distinct;
  guint64            dup;
  guint64            ooo;
  guint64            seen[SEEN_BITS / 64];
} Endpoint;

typedef struct {
  guint64            up_ns;         /* monotonic: both legs ready; 0 = never */
} Pair;

typedef struct {
  BenchRtpThread     rtp;
  BenchSipClient     client;
  guint              n_pairs;
  guint              n_endpoints;
  Endpoint          *endpoints;
  Pair              *pairs;
  guint              first_port;
  guint              last_port;
  BenchHistogram     latency[N_DIRS];   /* RTP thread, in the window */
} Gen;

/* ------------------------------------------------------------------ */
/* Sending (RTP thread)                                                 */

static void
send_stream_packet (BenchEndpoint *e,
                    gpointer       user_data)
{
  guchar packet[PACKET];
  guchar *tag = packet + BENCH_RTP_HEADER;
  guint64 sent_at;

  bench_rtp_write_header (packet, e->sent == 0, e->seq, e->timestamp, e->ssrc);
  memcpy (tag, magic_stream, 4);
  bench_put32 (tag + 4, e->id);
  bench_put32 (tag + 8, e->sent);
  bench_put32 (tag + 12, 0);
  memset (tag + TAG_SIZE, 0xff, PAYLOAD - TAG_SIZE);   /* μ-law silence */
  sent_at = bench_real_ns ();
  bench_put32 (tag + 16, (guint32) (sent_at >> 32));
  bench_put32 (tag + 20, (guint32) sent_at);
  bench_endpoint_send (e, packet, sizeof packet);
  /* A packet that could not be sent is lost as far as the receiver's
   * counts go: the counter moves on either way. */
  e->sent++;
  e->seq++;
  e->timestamp += PAYLOAD;
}

/* ------------------------------------------------------------------ */
/* Receiving (RTP thread)                                               */

static void
seen_set (Endpoint *e,
          guint32   counter)
{
  guint bit = counter % SEEN_BITS;

  e->seen[bit / 64] |= G_GUINT64_CONSTANT (1) << (bit % 64);
}

static void
seen_clear (Endpoint *e,
            guint32   counter)
{
  guint bit = counter % SEEN_BITS;

  e->seen[bit / 64] &= ~(G_GUINT64_CONSTANT (1) << (bit % 64));
}

static gboolean
seen_test (Endpoint *e,
           guint32   counter)
{
  guint bit = counter % SEEN_BITS;

  return (e->seen[bit / 64] >> (bit % 64)) & 1;
}

/* The tag's counter: distinct packets, duplicates, order. */
static void
track_counter (Endpoint *e,
               guint32   counter)
{
  if (!e->have_gen)
    {
      e->have_gen = TRUE;
      e->first_gen = e->max_gen = counter;
      memset (e->seen, 0, sizeof e->seen);
      seen_set (e, counter);
      e->distinct = 1;
    }
  else if (counter > e->max_gen)
    {
      if (counter - e->max_gen >= SEEN_BITS)
        memset (e->seen, 0, sizeof e->seen);
      else
        for (guint32 c = e->max_gen + 1; c < counter; c++)
          seen_clear (e, c);
      seen_set (e, counter);
      e->max_gen = counter;
      e->distinct++;
    }
  else if (counter < e->first_gen)
    {
      /* Sent before the first one that arrived: out of order, and
       * outside what we count as expected. */
      e->ooo++;
    }
  else
    {
      guint32 back = e->max_gen - counter;

      if (back < SEEN_BITS && seen_test (e, counter))
        e->dup++;
      else
        {
          if (back < SEEN_BITS)
            seen_set (e, counter);
          e->distinct++;
          e->ooo++;
        }
    }
}

static void
handle_packet (BenchEndpoint *base,
               const guchar  *packet,
               size_t         length,
               guint64        arrived_real_ns,
               guint64        now_mono,
               gpointer       user_data)
{
  Gen *gen = user_data;
  Endpoint *e = (Endpoint *) base;
  const guchar *payload;
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
  header = bench_rtp_header_length (packet, length);
  bench_rtp_receiver_track (&base->rtp, bench_get32 (packet + 8), bench_get16 (packet + 2));
  if (length < header + TAG_SIZE)
    {
      e->rx_foreign++;
      return;
    }
  payload = packet + header;
  if (memcmp (payload, magic_latch, 4) == 0)
    {
      e->rx_latch++;
      return;
    }
  if (memcmp (payload, magic_stream, 4) != 0)
    {
      e->rx_foreign++;
      return;
    }
  if (bench_get32 (payload + 4) != e->peer)
    {
      e->rx_misrouted++;
      return;
    }
  e->rx_tagged++;
  if (e->first_rx_ns == 0)
    e->first_rx_ns = now_mono;
  track_counter (e, bench_get32 (payload + 8));
  if (gen->rtp.recording)
    {
      guint64 sent_ns = (guint64) bench_get32 (payload + 16) << 32 | bench_get32 (payload + 20);

      bench_histogram_add (&gen->latency[e->role == ROLE_AGENT ? DIR_C2A : DIR_A2C],
                           arrived_real_ns > sent_ns ? arrived_real_ns - sent_ns : 0);
    }
}

static void
snapshot (BenchEndpoint *base,
          gboolean       end,
          gpointer       user_data)
{
  Endpoint *e = (Endpoint *) base;

  if (end)
    e->rx_window_b = e->rx_tagged;
  else
    e->rx_window_a = e->rx_tagged;
}

/* ------------------------------------------------------------------ */
/* Endpoints                                                            */

static gboolean
create_endpoints (Gen *gen)
{
  guint next_port = gen->first_port + (gen->first_port & 1);

  gen->endpoints = g_new0 (Endpoint, gen->n_endpoints);
  gen->pairs = g_new0 (Pair, gen->n_pairs);
  gen->rtp.endpoints = gen->endpoints;
  if (!bench_rtp_thread_init (&gen->rtp))
    return FALSE;
  for (guint k = 0; k < gen->n_endpoints; k++)
    {
      Endpoint *e = &gen->endpoints[k];

      bench_endpoint_init (&e->base, k);
      e->pair = k / 2;
      e->role = k % 2 == 0 ? ROLE_CUSTOMER : ROLE_AGENT;
      e->peer = k ^ 1;
      if (!gen->client.sip)
        {
          e->base.fd = bench_udp_socket (0, &e->base.port);
          if (e->base.fd < 0)
            {
              g_printerr ("bridge-load: socket %u: %s\n", k, g_strerror (errno));
              return FALSE;
            }
        }
      else if (!bench_endpoint_bind_pair (&e->base, &next_port, gen->last_port))
        {
          g_printerr ("bridge-load: no free RTP port pair left in %u-%u for endpoint %u\n",
                      gen->first_port, gen->last_port, k);
          return FALSE;
        }
      bench_rtp_thread_watch (&gen->rtp, k);
    }
  for (guint d = 0; d < N_DIRS; d++)
    bench_histogram_init (&gen->latency[d], 1000, LAT_BUCKETS);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Results                                                              */

static double
percentile_ms (const Gen *gen,
               Direction  dir,
               double     fraction)
{
  const BenchHistogram *one[1] = { &gen->latency[dir] };

  return bench_histogram_percentile_ms (one, 1, fraction);
}

/* Both directions merged. */
static double
percentile_all_ms (const Gen *gen,
                   double     fraction)
{
  const BenchHistogram *both[N_DIRS] = { &gen->latency[DIR_C2A], &gen->latency[DIR_A2C] };

  return bench_histogram_percentile_ms (both, N_DIRS, fraction);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

typedef struct {
  guint64 tx, rx, expected, lost, dup, ooo;
  double  first_p50_ms, first_max_ms;
} DirStats;

static void
report (gpointer user_data)
{
  Gen *gen = user_data;
  DirStats dirs[N_DIRS] = { { 0 } };
  double *first[N_DIRS];
  guint n_first[N_DIRS] = { 0 };
  guint64 misrouted = 0, foreign = 0, latch = 0, not_rtp = 0, rtcp = 0;
  guint64 ssrc_changes = 0, rtp_dup = 0, seq_jumps = 0, prebridge = 0;
  guint64 window_rx = 0, window_tx = 0, tx_errors = 0, late_sends = 0, skipped = 0, tx_all = 0;
  gint64 rtp_lost = 0;
  guint silent = 0, incomplete = 0, receivers = 0;
  double window_s, rate_pct, nominal_pct, cpu_pct, thread_pct;
  guint64 tx = 0, rx = 0, expected = 0, lost = 0, dup = 0, ooo = 0;
  GString *line;

  for (guint d = 0; d < N_DIRS; d++)
    first[d] = g_new0 (double, gen->n_pairs);

  for (guint k = 0; k < gen->n_endpoints; k++)
    {
      Endpoint *e = &gen->endpoints[k];
      Endpoint *peer = &gen->endpoints[e->peer];
      Direction dir = e->role == ROLE_AGENT ? DIR_C2A : DIR_A2C;
      DirStats *s = &dirs[dir];
      Pair *pair = &gen->pairs[e->pair];

      tx_all += e->base.sent;
      tx_errors += e->base.tx_errors;
      late_sends += e->base.late_sends;
      skipped += e->base.skipped;
      misrouted += e->rx_misrouted;
      foreign += e->rx_foreign;
      latch += e->rx_latch;
      not_rtp += e->base.rx_not_rtp;
      rtcp += e->base.rx_rtcp;
      ssrc_changes += e->base.rtp.ssrc_changes;
      rtp_dup += e->base.rtp.dup;
      seq_jumps += e->base.rtp.seq_jumps;
      bench_rtp_receiver_finish (&e->base.rtp);
      rtp_lost += (gint64) e->base.rtp.expected - (gint64) e->base.rtp.received;

      if (pair->up_ns == 0)
        {
          if (e->role == ROLE_AGENT)
            incomplete++;
          continue;
        }
      /* One receiver of a complete pair. */
      receivers++;
      s->tx += peer->base.sent;
      s->rx += e->rx_tagged;
      s->dup += e->dup;
      s->ooo += e->ooo;
      window_rx += e->rx_window_b - e->rx_window_a;
      window_tx += peer->base.sent_window_b - peer->base.sent_window_a;
      if (!e->have_gen)
        {
          silent++;
          s->expected += peer->base.sent;
          s->lost += peer->base.sent;
          continue;
        }
      prebridge += e->first_gen;
      s->expected += peer->base.sent - e->first_gen;
      s->lost += peer->base.sent - e->first_gen - MIN (e->distinct, (guint64) (peer->base.sent - e->first_gen));
      first[dir][n_first[dir]++] = e->first_rx_ns > pair->up_ns
                                   ? (e->first_rx_ns - pair->up_ns) / 1e6 : 0;
    }

  for (guint d = 0; d < N_DIRS; d++)
    {
      qsort (first[d], n_first[d], sizeof (double), compare_doubles);
      dirs[d].first_p50_ms = n_first[d] ? first[d][(n_first[d] - 1) / 2] : 0;
      dirs[d].first_max_ms = n_first[d] ? first[d][n_first[d] - 1] : 0;
      g_free (first[d]);
      tx += dirs[d].tx;
      rx += dirs[d].rx;
      expected += dirs[d].expected;
      lost += dirs[d].lost;
      dup += dirs[d].dup;
      ooo += dirs[d].ooo;
    }

  bench_rtp_thread_window_figures (&gen->rtp, &window_s, &cpu_pct, &thread_pct);
  /* Received against sent in the same window: a target that falls behind
   * (a growing backlog) shows here before it loses anything. */
  rate_pct = window_tx > 0 ? 100.0 * (double) window_rx / (double) window_tx : 0;
  nominal_pct = window_s > 0 && receivers > 0
                ? 100.0 * (double) window_tx / (receivers * window_s * BENCH_PACKETS_PER_S) : 0;

  line = g_string_new ("RESULT");
  g_string_append_printf (line, " mode=%s pairs=%u up=%u incomplete_pairs=%u failed=%u dropped=%u"
                          " duration_s=%u",
                          gen->client.sip ? "sip" : "relay", gen->n_pairs, gen->n_pairs - incomplete,
                          incomplete, gen->client.n_failed, gen->client.n_dropped,
                          gen->client.duration_s);
  for (guint d = 0; d < N_DIRS; d++)
    {
      const char *n = dir_names[d];
      DirStats *s = &dirs[d];

      g_string_append_printf (line,
                              " %s_tx=%" G_GUINT64_FORMAT " %s_rx=%" G_GUINT64_FORMAT
                              " %s_expected=%" G_GUINT64_FORMAT " %s_lost=%" G_GUINT64_FORMAT
                              " %s_loss_pct=%.4f %s_dup=%" G_GUINT64_FORMAT
                              " %s_ooo=%" G_GUINT64_FORMAT " %s_p50_ms=%.3f %s_p99_ms=%.3f"
                              " %s_p999_ms=%.3f %s_max_ms=%.3f %s_first_p50_ms=%.1f"
                              " %s_first_max_ms=%.1f",
                              n, s->tx, n, s->rx, n, s->expected, n, s->lost,
                              n, s->expected ? 100.0 * s->lost / s->expected : 0.0,
                              n, s->dup, n, s->ooo,
                              n, percentile_ms (gen, d, 0.50),
                              n, percentile_ms (gen, d, 0.99),
                              n, percentile_ms (gen, d, 0.999),
                              n, gen->latency[d].max_ns / 1e6,
                              n, s->first_p50_ms, n, s->first_max_ms);
    }
  g_string_append_printf (line,
                          " tx_packets=%" G_GUINT64_FORMAT " rx_packets=%" G_GUINT64_FORMAT
                          " expected=%" G_GUINT64_FORMAT " lost=%" G_GUINT64_FORMAT
                          " loss_pct=%.4f dup=%" G_GUINT64_FORMAT " ooo=%" G_GUINT64_FORMAT
                          " misrouted=%" G_GUINT64_FORMAT " foreign=%" G_GUINT64_FORMAT
                          " latch=%" G_GUINT64_FORMAT " not_rtp=%" G_GUINT64_FORMAT
                          " rtcp=%" G_GUINT64_FORMAT " silent=%u ssrc_changes=%" G_GUINT64_FORMAT
                          " rtp_lost=%" G_GINT64_FORMAT " rtp_dup=%" G_GUINT64_FORMAT
                          " seq_jumps=%" G_GUINT64_FORMAT " prebridge=%" G_GUINT64_FORMAT
                          " window_s=%.3f window_rx=%" G_GUINT64_FORMAT " window_tx=%" G_GUINT64_FORMAT
                          " rate_pct=%.3f tx_nominal_pct=%.3f"
                          " lat_p50_ms=%.3f lat_p99_ms=%.3f lat_p999_ms=%.3f lat_max_ms=%.3f"
                          " lat_samples=%" G_GUINT64_FORMAT " lat_over=%" G_GUINT64_FORMAT
                          " kernel_ts=%d tx_all=%" G_GUINT64_FORMAT " tx_errors=%" G_GUINT64_FORMAT
                          " late_sends=%" G_GUINT64_FORMAT " skipped=%" G_GUINT64_FORMAT
                          " gen_tick_gap_max_ms=%.3f gen_tick_gaps_5ms=%" G_GUINT64_FORMAT
                          " gen_cpu_pct=%.1f rtp_thread_cpu_pct=%.1f",
                          tx, rx, expected, lost, expected ? 100.0 * lost / expected : 0.0,
                          dup, ooo, misrouted, foreign, latch, not_rtp, rtcp, silent,
                          ssrc_changes, rtp_lost, rtp_dup, seq_jumps, prebridge,
                          window_s, window_rx, window_tx, rate_pct, nominal_pct,
                          percentile_all_ms (gen, 0.50), percentile_all_ms (gen, 0.99),
                          percentile_all_ms (gen, 0.999),
                          MAX (gen->latency[DIR_C2A].max_ns, gen->latency[DIR_A2C].max_ns) / 1e6,
                          gen->latency[DIR_C2A].samples + gen->latency[DIR_A2C].samples,
                          gen->latency[DIR_C2A].over + gen->latency[DIR_A2C].over,
                          gen->rtp.all_kernel_ts ? 1 : 0, tx_all, tx_errors, late_sends, skipped,
                          gen->rtp.tick_gap_max_ns / 1e6, gen->rtp.tick_gaps_5ms,
                          cpu_pct, thread_pct);
  bench_say ("%s", line->str);
  g_string_free (line, TRUE);

  if (incomplete > 0 || silent > 0 || misrouted > 0 || gen->client.n_dropped > 0 ||
      !gen->rtp.window_ended)
    gen->client.exit_code = 1;
}

/* ------------------------------------------------------------------ */
/* SIP mode: what bench-sip-client.c asks of this program               */

/* customer-i / agent-i, as bridge-server pairs them. */
static void
call_users (BenchEndpoint *base,
            char         **from_user,
            char         **to_user,
            gpointer       user_data)
{
  Endpoint *e = (Endpoint *) base;
  const char *role = e->role == ROLE_CUSTOMER ? "customer" : "agent";

  *from_user = g_strdup_printf ("load-%s-%u", role, e->pair);
  *to_user = g_strdup_printf ("%s-%u", role, e->pair);
}

/* The pair is up once both legs stream. */
static void
established (BenchEndpoint *base,
             gpointer       user_data)
{
  Gen *gen = user_data;
  Endpoint *e = (Endpoint *) base;
  Endpoint *peer = &gen->endpoints[e->peer];

  if (peer->base.established && __atomic_load_n (&peer->base.active, __ATOMIC_ACQUIRE))
    gen->pairs[e->pair].up_ns = bench_mono_ns ();
}

static guint
count_up (gpointer user_data)
{
  Gen *gen = user_data;
  guint up = 0;

  for (guint i = 0; i < gen->n_pairs; i++)
    up += gen->pairs[i].up_ns != 0;
  return up;
}

/* ------------------------------------------------------------------ */
/* Relay mode                                                           */

/* "i A-port B-port" lines, as relay-baseline writes them. */
static gboolean
read_relay_ports (Gen        *gen,
                  const char *path)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint found = 0;

  if (!g_file_get_contents (path, &text, NULL, &error))
    {
      g_printerr ("bridge-load: %s\n", error->message);
      return FALSE;
    }
  lines = g_strsplit (text, "\n", -1);
  for (guint l = 0; lines[l] != NULL; l++)
    {
      guint i, a, b;

      if (sscanf (lines[l], "%u %u %u", &i, &a, &b) != 3)
        continue;
      if (i >= gen->n_pairs || a == 0 || a > 65535 || b == 0 || b > 65535)
        continue;
      for (guint side = 0; side < 2; side++)
        {
          BenchEndpoint *e = &gen->endpoints[2 * i + side].base;

          e->remote.sin_family = AF_INET;
          e->remote.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
          e->remote.sin_port = htons ((guint16) (side == 0 ? a : b));
        }
      found++;
    }
  if (found < gen->n_pairs)
    {
      g_printerr ("bridge-load: %s names %u of the %u pairs\n", path, found, gen->n_pairs);
      return FALSE;
    }
  return TRUE;
}

/* One packet from every endpoint, so that the relay learns where each one
 * is; it has the stream's SSRC and the sequence number before the first,
 * so a relayed latch packet keeps the stream continuous. */
static void
send_latch_packets (Gen *gen)
{
  for (guint k = 0; k < gen->n_endpoints; k++)
    {
      BenchEndpoint *e = &gen->endpoints[k].base;
      guchar packet[PACKET] = { 0 };

      bench_rtp_write_header (packet, FALSE, (guint16) (e->seq - 1), e->timestamp - PAYLOAD, e->ssrc);
      memcpy (packet + BENCH_RTP_HEADER, magic_latch, 4);
      bench_endpoint_send (e, packet, sizeof packet);
    }
}

/* ------------------------------------------------------------------ */

int
main (int   argc,
      char *argv[])
{
  g_autofree char *mode = NULL;
  g_autofree char *target = NULL;
  g_autofree char *relay_ports = NULL;
  g_autofree char *ports = g_strdup ("30000-39999");
  int pairs = 0, duration = 30, warmup = 2, setup_timeout = 120;
  double rate = 200;
  GOptionEntry entries[] = {
    { "mode", 'm', 0, G_OPTION_ARG_STRING, &mode, "relay or sip (required)", "MODE" },
    { "pairs", 'n', 0, G_OPTION_ARG_INT, &pairs, "Customer/agent pairs (required)", "N" },
    { "relay-ports", 0, 0, G_OPTION_ARG_FILENAME, &relay_ports, "relay: the relay's ports file", "FILE" },
    { "target", 't', 0, G_OPTION_ARG_STRING, &target, "sip: the bridging server", "IP:PORT" },
    { "duration", 'd', 0, G_OPTION_ARG_INT, &duration, "Seconds of streams once all pairs are up (default 30)", "S" },
    { "warmup", 0, 0, G_OPTION_ARG_INT, &warmup, "Seconds between all-up and the measuring window (default 2)", "S" },
    { "rate", 'r', 0, G_OPTION_ARG_DOUBLE, &rate, "sip: calls placed per second (default 200)", "R" },
    { "setup-timeout", 0, 0, G_OPTION_ARG_INT, &setup_timeout, "sip: seconds allowed to set the calls up (default 120)", "S" },
    { "media-ports", 0, 0, G_OPTION_ARG_STRING, &ports, "sip: own RTP/RTCP port range (default 30000-39999)", "FIRST-LAST" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("- bridge load generator (bench/README.md)");
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
  if ((!gen.client.sip && g_strcmp0 (mode, "relay") != 0) ||
      pairs <= 0 || pairs > 15000 || warmup < 0 || duration < warmup + 2 || rate <= 0 ||
      setup_timeout <= 0 ||
      (gen.client.sip && target == NULL) || (!gen.client.sip && relay_ports == NULL) ||
      !bench_parse_port_range (ports, &gen.first_port, &gen.last_port))
    {
      g_printerr ("usage: bridge-load --mode relay --relay-ports FILE --pairs N [--duration S] [--warmup S]\n"
                  "       bridge-load --mode sip --target IP:PORT --pairs N [--rate R] [--duration S]\n"
                  "                   [--warmup S] [--media-ports FIRST-LAST] [--setup-timeout S]\n"
                  "       (duration >= warmup + 2)\n");
      return 2;
    }
  if (gen.client.sip && !bench_is_loopback_target (target))
    {
      g_printerr ("bridge-load: --target must be 127.x.x.x:PORT\n");
      return 2;
    }

  bench_raise_fd_limit ();
  gen.n_pairs = (guint) pairs;
  gen.n_endpoints = 2 * gen.n_pairs;
  gen.rtp = (BenchRtpThread) {
    .name = "bridge-load",
    .thread_name = "bridge-load-rtp",
    .endpoint_size = sizeof (Endpoint),
    .n_endpoints = gen.n_endpoints,
    .send = send_stream_packet,
    .receive = handle_packet,
    .snapshot = snapshot,
    .user_data = &gen,
  };
  gen.client.name = "bridge-load";
  gen.client.units = "pairs";
  gen.client.n_units = gen.n_pairs;
  gen.client.count_ended_without_sip = TRUE;
  gen.client.rtp = &gen.rtp;
  gen.client.duration_s = (guint) duration;
  gen.client.warmup_s = (guint) warmup;
  gen.client.setup_timeout_s = (guint) setup_timeout;
  gen.client.rate = rate;
  gen.client.target = g_strdup (target);
  gen.client.hooks = (BenchSipClientHooks) { call_users, established, count_up, report };
  gen.client.user_data = &gen;
  gen.client.loop = g_main_loop_new (NULL, FALSE);
  if (!create_endpoints (&gen))
    return 2;

  bench_say ("START mode=%s pairs=%u duration_s=%u warmup_s=%u%s%s",
             gen.client.sip ? "sip" : "relay", gen.n_pairs, gen.client.duration_s,
             gen.client.warmup_s, gen.client.sip ? " target=" : "", gen.client.sip ? target : "");
  gen.client.setup_start_ns = bench_mono_ns ();

  if (gen.client.sip)
    {
      if (!bench_sip_client_start (&gen.client, &error))
        {
          g_printerr ("bridge-load: cannot start SIP: %s\n", error->message);
          return 2;
        }
      if (!bench_rtp_thread_start (&gen.rtp))
        {
          g_printerr ("bridge-load: cannot start the RTP thread\n");
          return 2;
        }
      bench_sip_client_place_calls (&gen.client);
    }
  else
    {
      if (!read_relay_ports (&gen, relay_ports))
        return 2;
      send_latch_packets (&gen);
      g_usleep (200 * 1000);
      for (guint k = 0; k < gen.n_endpoints; k++)
        bench_endpoint_activate (&gen.endpoints[k].base, &gen.endpoints[k].base.remote);
      if (!bench_rtp_thread_start (&gen.rtp))
        {
          g_printerr ("bridge-load: cannot start the RTP thread\n");
          return 2;
        }
      for (guint i = 0; i < gen.n_pairs; i++)
        gen.pairs[i].up_ns = gen.rtp.start_ns;
      bench_sip_client_all_up (&gen.client);
    }

  exit_code = bench_sip_client_run (&gen.client);

  bench_rtp_thread_clear (&gen.rtp);
  bench_sip_client_clear (&gen.client);
  for (guint d = 0; d < N_DIRS; d++)
    bench_histogram_clear (&gen.latency[d]);
  g_free (gen.endpoints);
  g_free (gen.pairs);
  return exit_code;
}
