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

#include <sessioncore/sessioncore.h>

#include <arpa/inet.h>
#include <errno.h>
#include <glib-unix.h>
#include <gst/sdp/sdp.h>
#include <math.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define PTIME_NS          20000000ull     /* 20 ms */
#define TICK_NS           1000000ull      /* the sender's timer */
#define PACKETS_PER_S     50.0
#define RTP_HEADER        12
#define PAYLOAD           160
#define PACKET            (RTP_HEADER + PAYLOAD)
#define TAG_SIZE          24              /* magic, sender, counter, pad, time */
#define RX_BATCH          8
#define RX_BUFFER         1500
#define MAX_EVENTS        128
#define EVENTS_PER_SEND_CHECK 32          /* receive events between two looks at the clock */
#define LAT_BUCKETS       200000          /* 1 μs each: up to 200 ms */
#define SEEN_BITS         1024            /* duplicate window, packets */
#define SEND_BURST_TICKS  4               /* one call sends at most 4 ticks' worth */
#define RESYNC_NS         100000000ull    /* a slot more than 100 ms late is skipped */
#define DRAIN_MS          500
#define HANGUP_PER_TICK   4               /* BYEs per 10 ms */
#define HANGUP_TIMEOUT_S  30
#define SHUTDOWN_TIMEOUT_S 15

#define TAG_TIMER         0xfffffffeu
#define TAG_STOP          0xffffffffu
#define TAG_RTCP          0x40000000u

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
  /* Fixed once set up. */
  int                fd;
  int                rtcp_fd;       /* sip: RTCP sink on port + 1, or -1 */
  guint16            port;
  guint32            id;            /* index in Gen.endpoints */
  guint32            peer;          /* whose packets we must receive */
  Role               role;
  guint              pair;

  /* Written by the main thread before `active` is set (release). */
  struct sockaddr_in remote;
  int                active;        /* atomic */

  /* SIP, main thread only. */
  char              *session_id;
  gboolean           established;
  gboolean           ended;

  /* Sender: RTP thread only. */
  guint32            ssrc;
  guint16            seq;
  guint32            timestamp;
  guint32            sent;          /* tagged packets sent; the tag's counter */
  guint64            next_due;
  guint64            tx_errors;
  guint64            late_sends;
  guint64            skipped;       /* slots skipped after a stall > RESYNC_NS */
  guint64            sent_window_a; /* `sent` at the window's start */
  guint64            sent_window_b;

  /* Receiver: RTP thread only (read by main after the thread ended). */
  guint64            rx_total;
  guint64            rx_tagged;     /* from the right peer, duplicates included */
  guint64            rx_latch;
  guint64            rx_foreign;
  guint64            rx_misrouted;
  guint64            rx_not_rtp;
  guint64            rx_rtcp;
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

  /* RTP receiver statistics over every RTP packet. */
  gboolean           have_ssrc;
  guint32            ssrc_in;
  guint16            max_seq;
  guint32            cycles;
  guint32            base_ext;
  guint64            epoch_received;
  guint64            rtp_expected;  /* closed epochs */
  guint64            rtp_received;
  guint64            rtp_dup;
  guint64            ssrc_changes;
  guint64            seq_jumps;
} Endpoint;

typedef struct {
  guint64            up_ns;         /* monotonic: both legs ready; 0 = never */
} Pair;

typedef struct {
  gboolean           sip;
  guint              n_pairs;
  guint              n_endpoints;
  guint              duration_s;
  guint              warmup_s;
  guint              setup_timeout_s;
  double             rate;

  Endpoint          *endpoints;
  Pair              *pairs;

  /* The RTP thread. */
  pthread_t          thread;
  gboolean           thread_running;
  int                epfd;
  int                timerfd;
  int                stopfd;
  guint64            start_ns;
  guint              cursor;
  int                sending;       /* atomic */
  guint64            window_start_ns;   /* atomic; 0 = not yet scheduled */
  guint64            window_end_ns;     /* atomic */
  gboolean           window_started;
  gboolean           window_ended;
  int                recording;
  guint64            window_a_ns;
  guint64            window_b_ns;
  double             cpu_a_s, cpu_b_s;
  double             thread_cpu_a_s, thread_cpu_b_s;
  gboolean           all_kernel_ts;
  guint64            last_send_check_ns;  /* when send_due () last ran */
  guint64            tick_gap_max_ns;   /* in the window */
  guint64            tick_gaps_5ms;
  guint32           *latency[N_DIRS];   /* LAT_BUCKETS counters each */
  guint64            lat_over[N_DIRS];
  guint64            lat_max_ns[N_DIRS];
  guint64            lat_samples[N_DIRS];

  /* SIP, main thread. */
  GMainLoop         *loop;
  ScSessionManager  *manager;
  char              *target;
  char              *from_host;
  GHashTable        *by_session;    /* session id -> Endpoint* (borrowed) */
  guint              placed;
  guint              n_established;
  guint              n_failed;
  guint              n_dropped;
  guint              n_ended;
  guint              n_calls;       /* calls placed successfully */
  guint              next_hangup;
  guint              first_port;
  guint              last_port;
  gboolean           holding;
  gboolean           reported;
  gboolean           hanging_up;
  guint64            setup_start_ns;
  guint              place_id;
  guint              setup_id;
  guint              hangup_id;
  guint              hangup_tick_id;
  guint              watchdog_id;
  int                exit_code;
} Gen;

/* ------------------------------------------------------------------ */
/* Small helpers                                                        */

static void
say (const char *format,
     ...) G_GNUC_PRINTF (1, 2);

static void
say (const char *format,
     ...)
{
  va_list args;

  flockfile (stdout);
  va_start (args, format);
  vfprintf (stdout, format, args);
  va_end (args);
  fputc ('\n', stdout);
  fflush (stdout);
  funlockfile (stdout);
}

static guint64
mono_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (guint64) ts.tv_sec * G_GUINT64_CONSTANT (1000000000) + (guint64) ts.tv_nsec;
}

static guint64
real_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_REALTIME, &ts);
  return (guint64) ts.tv_sec * G_GUINT64_CONSTANT (1000000000) + (guint64) ts.tv_nsec;
}

static double
cpu_seconds (clockid_t clock)
{
  struct timespec ts;

  clock_gettime (clock, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static void
put16 (guchar  *p,
       guint16  v)
{
  p[0] = (guchar) (v >> 8);
  p[1] = (guchar) v;
}

static void
put32 (guchar  *p,
       guint32  v)
{
  p[0] = (guchar) (v >> 24);
  p[1] = (guchar) (v >> 16);
  p[2] = (guchar) (v >> 8);
  p[3] = (guchar) v;
}

static guint16
get16 (const guchar *p)
{
  return (guint16) (p[0] << 8 | p[1]);
}

static guint32
get32 (const guchar *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static void
raise_fd_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
    }
}

/* A non-blocking UDP socket on 127.0.0.1:port (0 = any), with kernel
 * receive timestamps; -1 on error (errno set). */
static int
udp_socket (guint16  port,
            guint16 *bound_port)
{
  struct sockaddr_in where = { 0 };
  socklen_t length = sizeof where;
  int on = 1;
  int fd = socket (AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

  if (fd < 0)
    return -1;
  where.sin_family = AF_INET;
  where.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  where.sin_port = htons (port);
  if (bind (fd, (struct sockaddr *) &where, sizeof where) < 0 ||
      getsockname (fd, (struct sockaddr *) &where, &length) < 0 ||
      setsockopt (fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on) < 0)
    {
      int saved = errno;

      close (fd);
      errno = saved;
      return -1;
    }
  if (bound_port != NULL)
    *bound_port = ntohs (where.sin_port);
  return fd;
}

/* ------------------------------------------------------------------ */
/* Sending (RTP thread)                                                 */

static void
build_header (Endpoint *e,
              guchar   *packet,
              guint16   seq,
              guint32   timestamp,
              gboolean  marker)
{
  packet[0] = 0x80;
  packet[1] = marker ? 0x80 : 0x00;    /* PT 0: PCMU */
  put16 (packet + 2, seq);
  put32 (packet + 4, timestamp);
  put32 (packet + 8, e->ssrc);
}

static void
send_stream_packet (Gen      *gen,
                    Endpoint *e)
{
  guchar packet[PACKET];
  guchar *tag = packet + RTP_HEADER;
  guint64 sent_at;
  ssize_t n;

  build_header (e, packet, e->seq, e->timestamp, e->sent == 0);
  memcpy (tag, magic_stream, 4);
  put32 (tag + 4, e->id);
  put32 (tag + 8, e->sent);
  put32 (tag + 12, 0);
  memset (tag + TAG_SIZE, 0xff, PAYLOAD - TAG_SIZE);   /* μ-law silence */
  sent_at = real_ns ();
  put32 (tag + 16, (guint32) (sent_at >> 32));
  put32 (tag + 20, (guint32) sent_at);
  n = sendto (e->fd, packet, sizeof packet, MSG_DONTWAIT,
              (struct sockaddr *) &e->remote, sizeof e->remote);
  if (n != (ssize_t) sizeof packet)
    e->tx_errors++;
  /* A packet that could not be sent is lost as far as the receiver's
   * counts go: the counter moves on either way. */
  e->sent++;
  e->seq++;
  e->timestamp += PAYLOAD;
}

/* Sends every packet due by @now, endpoints in phase order.  After a
 * stall it catches up at most SEND_BURST_TICKS ticks' worth per call, so
 * that one call never runs long (receiving must go on), and a slot more
 * than RESYNC_NS late is skipped rather than sent in a burst. */
static void
send_due (Gen     *gen,
          guint64  now)
{
  guint n = gen->n_endpoints;
  gboolean sending = __atomic_load_n (&gen->sending, __ATOMIC_RELAXED);
  guint64 budget = MAX (64, n * SEND_BURST_TICKS * TICK_NS / PTIME_NS);

  /* How late this thread runs: a long time between two calls means it
   * was busy or not scheduled (another process, or the hypervisor). */
  if (gen->recording && gen->last_send_check_ns != 0)
    {
      guint64 gap = now - gen->last_send_check_ns;

      gen->tick_gap_max_ns = MAX (gen->tick_gap_max_ns, gap);
      if (gap > 5 * G_GUINT64_CONSTANT (1000000))
        gen->tick_gaps_5ms++;
    }
  gen->last_send_check_ns = now;

  for (; budget > 0; budget--)
    {
      Endpoint *e = &gen->endpoints[gen->cursor];
      gboolean active = sending && __atomic_load_n (&e->active, __ATOMIC_ACQUIRE);

      if (e->next_due > now)
        break;
      if (now - e->next_due > RESYNC_NS)
        {
          guint64 missed = (now - e->next_due) / PTIME_NS;

          e->next_due += missed * PTIME_NS;
          e->timestamp += (guint32) missed * PAYLOAD;
          if (active)
            e->skipped += missed;
        }
      if (active)
        {
          if (now - e->next_due > PTIME_NS)
            e->late_sends++;
          send_stream_packet (gen, e);
        }
      else
        {
          /* Not sending yet: the clock of its stream runs anyway. */
          e->timestamp += PAYLOAD;
        }
      e->next_due += PTIME_NS;
      gen->cursor = (gen->cursor + 1) % n;
    }
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
close_rtp_epoch (Endpoint *e)
{
  guint32 max_ext = e->cycles + e->max_seq;

  if (!e->have_ssrc)
    return;
  e->rtp_expected += (guint64) (max_ext - e->base_ext) + 1;
  e->rtp_received += e->epoch_received;
}

static void
start_rtp_epoch (Endpoint *e,
                 guint32   ssrc,
                 guint16   seq)
{
  e->have_ssrc = TRUE;
  e->ssrc_in = ssrc;
  e->max_seq = seq;
  e->cycles = 0;
  e->base_ext = seq;
  e->epoch_received = 1;
}

/* What an RTP receiver would see (RFC 3550 A.1, without probation): an
 * epoch per SSRC; a jump of more than 3000 also starts a new epoch. */
static void
track_rtp (Endpoint *e,
           guint32   ssrc,
           guint16   seq)
{
  guint16 delta;

  if (!e->have_ssrc || ssrc != e->ssrc_in)
    {
      if (e->have_ssrc)
        e->ssrc_changes++;
      close_rtp_epoch (e);
      start_rtp_epoch (e, ssrc, seq);
      return;
    }
  delta = (guint16) (seq - e->max_seq);
  if (delta == 0)
    e->rtp_dup++;
  else if (delta < 3000)
    {
      if (seq < e->max_seq)
        e->cycles += 65536;
      e->max_seq = seq;
      e->epoch_received++;
    }
  else if (delta > 65536 - 3000)
    e->epoch_received++;     /* late, within reason */
  else
    {
      e->seq_jumps++;
      close_rtp_epoch (e);
      start_rtp_epoch (e, ssrc, seq);
    }
}

static void
record_latency (Gen       *gen,
                Direction  dir,
                guint64    sent_ns,
                guint64    arrived_ns)
{
  guint64 latency = arrived_ns > sent_ns ? arrived_ns - sent_ns : 0;
  guint64 bucket = latency / 1000;

  gen->lat_samples[dir]++;
  if (latency > gen->lat_max_ns[dir])
    gen->lat_max_ns[dir] = latency;
  if (bucket < LAT_BUCKETS)
    gen->latency[dir][bucket]++;
  else
    gen->lat_over[dir]++;
}

static void
handle_packet (Gen          *gen,
               Endpoint     *e,
               const guchar *packet,
               size_t        length,
               guint64       arrived_real_ns,
               guint64       now_mono)
{
  const guchar *payload;
  size_t header;

  e->rx_total++;
  if (length < RTP_HEADER || (packet[0] & 0xc0) != 0x80)
    {
      e->rx_not_rtp++;
      return;
    }
  if (packet[1] >= 200 && packet[1] <= 204)
    {
      e->rx_rtcp++;     /* RTCP on the RTP port (rtcp-mux) */
      return;
    }
  header = RTP_HEADER + 4 * (packet[0] & 0x0f);
  if ((packet[0] & 0x10) && length >= header + 4)
    header += 4 + 4 * (size_t) get16 (packet + header + 2);
  track_rtp (e, get32 (packet + 8), get16 (packet + 2));
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
  if (get32 (payload + 4) != e->peer)
    {
      e->rx_misrouted++;
      return;
    }
  e->rx_tagged++;
  if (e->first_rx_ns == 0)
    e->first_rx_ns = now_mono;
  track_counter (e, get32 (payload + 8));
  if (gen->recording)
    record_latency (gen, e->role == ROLE_AGENT ? DIR_C2A : DIR_A2C,
                    (guint64) get32 (payload + 16) << 32 | get32 (payload + 20),
                    arrived_real_ns);
}

static void
receive_from (Gen      *gen,
              Endpoint *e,
              guint64   now_mono)
{
  static guchar buffers[RX_BATCH][RX_BUFFER];
  static guchar control[RX_BATCH][CMSG_SPACE (sizeof (struct timespec))];
  struct iovec iov[RX_BATCH];
  struct mmsghdr msgs[RX_BATCH];

  /* Two batches at most per wake-up: fair to the other sockets. */
  for (int round = 0; round < 2; round++)
    {
      guint64 fallback_ns = 0;
      int n;

      for (int i = 0; i < RX_BATCH; i++)
        {
          iov[i].iov_base = buffers[i];
          iov[i].iov_len = RX_BUFFER;
          msgs[i].msg_hdr = (struct msghdr) {
            .msg_iov = &iov[i], .msg_iovlen = 1,
            .msg_control = control[i], .msg_controllen = sizeof control[i],
          };
        }
      n = recvmmsg (e->fd, msgs, RX_BATCH, MSG_DONTWAIT, NULL);
      if (n <= 0)
        return;
      for (int i = 0; i < n; i++)
        {
          guint64 arrived = 0;

          for (struct cmsghdr *c = CMSG_FIRSTHDR (&msgs[i].msg_hdr); c != NULL;
               c = CMSG_NXTHDR (&msgs[i].msg_hdr, c))
            {
              if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS)
                {
                  struct timespec ts;

                  memcpy (&ts, CMSG_DATA (c), sizeof ts);
                  arrived = (guint64) ts.tv_sec * G_GUINT64_CONSTANT (1000000000) +
                            (guint64) ts.tv_nsec;
                }
            }
          if (arrived == 0)
            {
              gen->all_kernel_ts = FALSE;
              if (fallback_ns == 0)
                fallback_ns = real_ns ();
              arrived = fallback_ns;
            }
          handle_packet (gen, e, buffers[i], msgs[i].msg_len, arrived, now_mono);
        }
      if (n < RX_BATCH)
        return;
    }
}

static void
drain_rtcp (Endpoint *e)
{
  guchar buffer[RX_BUFFER];

  for (int i = 0; i < 16; i++)
    {
      if (recv (e->rtcp_fd, buffer, sizeof buffer, MSG_DONTWAIT) < 0)
        return;
      e->rx_rtcp++;
    }
}

/* ------------------------------------------------------------------ */
/* The RTP thread                                                       */

static void
window_check (Gen     *gen,
              guint64  now)
{
  guint64 start = __atomic_load_n (&gen->window_start_ns, __ATOMIC_ACQUIRE);
  guint64 end = __atomic_load_n (&gen->window_end_ns, __ATOMIC_ACQUIRE);

  if (!gen->window_started && start != 0 && now >= start)
    {
      for (guint i = 0; i < gen->n_endpoints; i++)
        {
          gen->endpoints[i].rx_window_a = gen->endpoints[i].rx_tagged;
          gen->endpoints[i].sent_window_a = gen->endpoints[i].sent;
        }
      gen->window_started = TRUE;
      gen->recording = TRUE;
      gen->window_a_ns = now;
      gen->cpu_a_s = cpu_seconds (CLOCK_PROCESS_CPUTIME_ID);
      gen->thread_cpu_a_s = cpu_seconds (CLOCK_THREAD_CPUTIME_ID);
      say ("WINDOW_START");
    }
  if (gen->window_started && !gen->window_ended && end != 0 && now >= end)
    {
      for (guint i = 0; i < gen->n_endpoints; i++)
        {
          gen->endpoints[i].rx_window_b = gen->endpoints[i].rx_tagged;
          gen->endpoints[i].sent_window_b = gen->endpoints[i].sent;
        }
      gen->window_ended = TRUE;
      gen->recording = FALSE;
      gen->window_b_ns = now;
      gen->cpu_b_s = cpu_seconds (CLOCK_PROCESS_CPUTIME_ID);
      gen->thread_cpu_b_s = cpu_seconds (CLOCK_THREAD_CPUTIME_ID);
      say ("WINDOW_END");
    }
}

static void *
rtp_thread (void *data)
{
  Gen *gen = data;
  struct epoll_event events[MAX_EVENTS];

  for (;;)
    {
      int n = epoll_wait (gen->epfd, events, MAX_EVENTS, 100);
      guint64 now = mono_ns ();

      if (n < 0 && errno != EINTR)
        {
          perror ("bridge-load: epoll_wait");
          break;
        }
      window_check (gen, now);
      for (int i = 0; i < n; i++)
        {
          guint32 tag = events[i].data.u32;

          if (tag == TAG_STOP)
            return NULL;
          if (tag == TAG_TIMER)
            {
              guint64 expirations;

              if (read (gen->timerfd, &expirations, sizeof expirations) < 0 &&
                  errno != EAGAIN)
                perror ("bridge-load: timerfd");
              send_due (gen, mono_ns ());
            }
          else if (tag & TAG_RTCP)
            drain_rtcp (&gen->endpoints[tag & ~TAG_RTCP]);
          else
            receive_from (gen, &gen->endpoints[tag], now);

          /* Sending on time comes first: between receive events too. */
          if ((i + 1) % EVENTS_PER_SEND_CHECK == 0)
            {
              guint64 t = mono_ns ();

              if (gen->endpoints[gen->cursor].next_due <= t)
                send_due (gen, t);
            }
        }
    }
  return NULL;
}

static gboolean
start_rtp_thread (Gen *gen)
{
  struct itimerspec period = {
    .it_interval = { 0, TICK_NS },
    .it_value = { 0, TICK_NS },
  };
  struct epoll_event event = { .events = EPOLLIN };

  gen->start_ns = mono_ns ();
  for (guint k = 0; k < gen->n_endpoints; k++)
    gen->endpoints[k].next_due = gen->start_ns + PTIME_NS * k / gen->n_endpoints;
  gen->cursor = 0;
  gen->all_kernel_ts = TRUE;

  gen->timerfd = timerfd_create (CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  gen->stopfd = eventfd (0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (gen->timerfd < 0 || gen->stopfd < 0 ||
      timerfd_settime (gen->timerfd, 0, &period, NULL) < 0)
    return FALSE;
  event.data.u32 = TAG_TIMER;
  epoll_ctl (gen->epfd, EPOLL_CTL_ADD, gen->timerfd, &event);
  event.data.u32 = TAG_STOP;
  epoll_ctl (gen->epfd, EPOLL_CTL_ADD, gen->stopfd, &event);
  __atomic_store_n (&gen->sending, 1, __ATOMIC_RELEASE);
  if (pthread_create (&gen->thread, NULL, rtp_thread, gen) != 0)
    return FALSE;
  pthread_setname_np (gen->thread, "bridge-load-rtp");
  gen->thread_running = TRUE;
  return TRUE;
}

static void
stop_rtp_thread (Gen *gen)
{
  guint64 one = 1;

  if (!gen->thread_running)
    return;
  if (write (gen->stopfd, &one, sizeof one) != sizeof one)
    perror ("bridge-load: eventfd");
  pthread_join (gen->thread, NULL);
  gen->thread_running = FALSE;
}

/* ------------------------------------------------------------------ */
/* Endpoints                                                            */

static gboolean
create_endpoints (Gen *gen)
{
  struct epoll_event event = { .events = EPOLLIN };
  guint next_port = gen->first_port + (gen->first_port & 1);

  gen->epfd = epoll_create1 (EPOLL_CLOEXEC);
  if (gen->epfd < 0)
    return FALSE;
  gen->endpoints = g_new0 (Endpoint, gen->n_endpoints);
  gen->pairs = g_new0 (Pair, gen->n_pairs);
  for (guint k = 0; k < gen->n_endpoints; k++)
    {
      Endpoint *e = &gen->endpoints[k];

      e->id = k;
      e->pair = k / 2;
      e->role = k % 2 == 0 ? ROLE_CUSTOMER : ROLE_AGENT;
      e->peer = k ^ 1;
      e->rtcp_fd = -1;
      e->ssrc = g_random_int ();
      e->seq = (guint16) g_random_int ();
      e->timestamp = g_random_int ();
      if (!gen->sip)
        {
          e->fd = udp_socket (0, &e->port);
          if (e->fd < 0)
            {
              g_printerr ("bridge-load: socket %u: %s\n", k, g_strerror (errno));
              return FALSE;
            }
        }
      else
        {
          /* RTP on an even port, an RTCP sink on the next one: skip the
           * pairs somebody else holds. */
          e->fd = -1;
          for (; next_port + 1 <= gen->last_port && e->fd < 0; next_port += 2)
            {
              e->fd = udp_socket ((guint16) next_port, &e->port);
              if (e->fd < 0)
                continue;
              e->rtcp_fd = udp_socket ((guint16) (next_port + 1), NULL);
              if (e->rtcp_fd < 0)
                {
                  close (e->fd);
                  e->fd = -1;
                }
            }
          if (e->fd < 0)
            {
              g_printerr ("bridge-load: no free RTP port pair left in %u-%u for endpoint %u\n",
                          gen->first_port, gen->last_port, k);
              return FALSE;
            }
          event.data.u32 = k | TAG_RTCP;
          epoll_ctl (gen->epfd, EPOLL_CTL_ADD, e->rtcp_fd, &event);
        }
      event.data.u32 = k;
      epoll_ctl (gen->epfd, EPOLL_CTL_ADD, e->fd, &event);
    }
  for (guint d = 0; d < N_DIRS; d++)
    gen->latency[d] = g_new0 (guint32, LAT_BUCKETS);
  return TRUE;
}

static void
activate (Endpoint                 *e,
          const struct sockaddr_in *remote)
{
  e->remote = *remote;
  __atomic_store_n (&e->active, 1, __ATOMIC_RELEASE);
}

/* ------------------------------------------------------------------ */
/* Results                                                              */

static double
hist_percentile_ms (const Gen *gen,
                    Direction  dir,
                    double     fraction)
{
  guint64 total = gen->lat_samples[dir], rank, seen = 0;

  if (total == 0)
    return 0;
  rank = (guint64) ceil (fraction * (double) total);
  if (rank == 0)
    rank = 1;
  for (guint b = 0; b < LAT_BUCKETS; b++)
    {
      seen += gen->latency[dir][b];
      if (seen >= rank)
        return (b + 0.5) / 1000.0;
    }
  return gen->lat_max_ns[dir] / 1e6;
}

/* Both directions merged. */
static double
hist_percentile_all_ms (const Gen *gen,
                        double     fraction)
{
  guint64 total = gen->lat_samples[0] + gen->lat_samples[1], rank, seen = 0;

  if (total == 0)
    return 0;
  rank = (guint64) ceil (fraction * (double) total);
  if (rank == 0)
    rank = 1;
  for (guint b = 0; b < LAT_BUCKETS; b++)
    {
      seen += gen->latency[0][b] + gen->latency[1][b];
      if (seen >= rank)
        return (b + 0.5) / 1000.0;
    }
  return MAX (gen->lat_max_ns[0], gen->lat_max_ns[1]) / 1e6;
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
report (Gen *gen)
{
  DirStats dirs[N_DIRS] = { { 0 } };
  double *first[N_DIRS];
  guint n_first[N_DIRS] = { 0 };
  guint64 misrouted = 0, foreign = 0, latch = 0, not_rtp = 0, rtcp = 0;
  guint64 ssrc_changes = 0, rtp_dup = 0, seq_jumps = 0, prebridge = 0;
  guint64 window_rx = 0, window_tx = 0, tx_errors = 0, late_sends = 0, skipped = 0, tx_all = 0;
  gint64 rtp_lost = 0;
  guint silent = 0, incomplete = 0, receivers = 0;
  double window_s, rate_pct, nominal_pct, cpu_pct = 0, thread_pct = 0;
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

      tx_all += e->sent;
      tx_errors += e->tx_errors;
      late_sends += e->late_sends;
      skipped += e->skipped;
      misrouted += e->rx_misrouted;
      foreign += e->rx_foreign;
      latch += e->rx_latch;
      not_rtp += e->rx_not_rtp;
      rtcp += e->rx_rtcp;
      ssrc_changes += e->ssrc_changes;
      rtp_dup += e->rtp_dup;
      seq_jumps += e->seq_jumps;
      close_rtp_epoch (e);
      rtp_lost += (gint64) e->rtp_expected - (gint64) e->rtp_received;
      e->have_ssrc = FALSE;

      if (pair->up_ns == 0)
        {
          if (e->role == ROLE_AGENT)
            incomplete++;
          continue;
        }
      /* One receiver of a complete pair. */
      receivers++;
      s->tx += peer->sent;
      s->rx += e->rx_tagged;
      s->dup += e->dup;
      s->ooo += e->ooo;
      window_rx += e->rx_window_b - e->rx_window_a;
      window_tx += peer->sent_window_b - peer->sent_window_a;
      if (!e->have_gen)
        {
          silent++;
          s->expected += peer->sent;
          s->lost += peer->sent;
          continue;
        }
      prebridge += e->first_gen;
      s->expected += peer->sent - e->first_gen;
      s->lost += peer->sent - e->first_gen - MIN (e->distinct, (guint64) (peer->sent - e->first_gen));
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

  window_s = gen->window_ended ? (gen->window_b_ns - gen->window_a_ns) / 1e9 : 0;
  /* Received against sent in the same window: a target that falls behind
   * (a growing backlog) shows here before it loses anything. */
  rate_pct = window_tx > 0 ? 100.0 * (double) window_rx / (double) window_tx : 0;
  nominal_pct = window_s > 0 && receivers > 0
                ? 100.0 * (double) window_tx / (receivers * window_s * PACKETS_PER_S) : 0;
  if (window_s > 0)
    {
      cpu_pct = 100.0 * (gen->cpu_b_s - gen->cpu_a_s) / window_s;
      thread_pct = 100.0 * (gen->thread_cpu_b_s - gen->thread_cpu_a_s) / window_s;
    }

  line = g_string_new ("RESULT");
  g_string_append_printf (line, " mode=%s pairs=%u up=%u incomplete_pairs=%u failed=%u dropped=%u"
                          " duration_s=%u",
                          gen->sip ? "sip" : "relay", gen->n_pairs, gen->n_pairs - incomplete,
                          incomplete, gen->n_failed, gen->n_dropped, gen->duration_s);
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
                              n, hist_percentile_ms (gen, d, 0.50),
                              n, hist_percentile_ms (gen, d, 0.99),
                              n, hist_percentile_ms (gen, d, 0.999),
                              n, gen->lat_max_ns[d] / 1e6,
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
                          hist_percentile_all_ms (gen, 0.50), hist_percentile_all_ms (gen, 0.99),
                          hist_percentile_all_ms (gen, 0.999),
                          MAX (gen->lat_max_ns[0], gen->lat_max_ns[1]) / 1e6,
                          gen->lat_samples[0] + gen->lat_samples[1],
                          gen->lat_over[0] + gen->lat_over[1],
                          gen->all_kernel_ts ? 1 : 0, tx_all, tx_errors, late_sends, skipped,
                          gen->tick_gap_max_ns / 1e6, gen->tick_gaps_5ms,
                          cpu_pct, thread_pct);
  say ("%s", line->str);
  g_string_free (line, TRUE);

  if (incomplete > 0 || silent > 0 || misrouted > 0 || gen->n_dropped > 0 || !gen->window_ended)
    gen->exit_code = 1;
}

/* ------------------------------------------------------------------ */
/* Timeline (main thread)                                               */

static void finish (Gen *gen);
static void hang_up_all (Gen *gen);

static gboolean
drained_cb (gpointer user_data)
{
  Gen *gen = user_data;

  stop_rtp_thread (gen);
  report (gen);
  gen->reported = TRUE;
  if (gen->sip)
    hang_up_all (gen);
  else
    finish (gen);
  return G_SOURCE_REMOVE;
}

/* The hold is over (or we were interrupted): stop sending, let what is in
 * flight arrive, then count. */
static gboolean
hold_done_cb (gpointer user_data)
{
  Gen *gen = user_data;

  if (gen->hanging_up || gen->reported || !gen->holding)
    return G_SOURCE_REMOVE;
  gen->holding = FALSE;
  gen->reported = TRUE;   /* from now on: drained_cb reports */
  g_clear_handle_id (&gen->place_id, g_source_remove);
  g_clear_handle_id (&gen->setup_id, g_source_remove);
  __atomic_store_n (&gen->sending, 0, __ATOMIC_RELEASE);
  g_timeout_add (DRAIN_MS, drained_cb, gen);
  return G_SOURCE_REMOVE;
}

/* Every pair is up (or failed): start the measuring timeline. */
static void
all_up (Gen     *gen,
        guint    up_pairs)
{
  guint64 now = mono_ns ();

  gen->holding = TRUE;
  g_clear_handle_id (&gen->setup_id, g_source_remove);
  say ("ESTABLISHED pairs=%u up=%u failed=%u setup_s=%.3f", gen->n_pairs, up_pairs,
       gen->n_failed, (now - gen->setup_start_ns) / 1e9);
  __atomic_store_n (&gen->window_end_ns,
                    now + (guint64) (gen->duration_s - 1) * G_GUINT64_CONSTANT (1000000000),
                    __ATOMIC_RELEASE);
  __atomic_store_n (&gen->window_start_ns,
                    now + (guint64) gen->warmup_s * G_GUINT64_CONSTANT (1000000000),
                    __ATOMIC_RELEASE);
  g_timeout_add (gen->duration_s * 1000, hold_done_cb, gen);
}

static gboolean
watchdog_cb (gpointer user_data)
{
  Gen *gen = user_data;

  gen->watchdog_id = 0;
  g_printerr ("bridge-load: shutdown did not finish in %d s; leaving\n", SHUTDOWN_TIMEOUT_S);
  gen->exit_code = 1;
  g_main_loop_quit (gen->loop);
  return G_SOURCE_REMOVE;
}

static void
shutdown_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Gen *gen = user_data;
  g_autoptr(GError) error = NULL;

  if (!sc_session_manager_shutdown_finish (SC_SESSION_MANAGER (source), result, &error))
    g_printerr ("bridge-load: shutdown: %s\n", error->message);
  g_main_loop_quit (gen->loop);
}

static void
finish (Gen *gen)
{
  if (gen->watchdog_id != 0)
    return;
  g_clear_handle_id (&gen->place_id, g_source_remove);
  g_clear_handle_id (&gen->setup_id, g_source_remove);
  g_clear_handle_id (&gen->hangup_id, g_source_remove);
  g_clear_handle_id (&gen->hangup_tick_id, g_source_remove);
  say ("ENDED ended=%u of=%u", gen->n_ended, gen->n_calls);
  gen->watchdog_id = g_timeout_add_seconds (SHUTDOWN_TIMEOUT_S, watchdog_cb, gen);
  if (gen->manager != NULL)
    sc_session_manager_shutdown_async (gen->manager, NULL, shutdown_done_cb, gen);
  else
    g_main_loop_quit (gen->loop);
}

/* ------------------------------------------------------------------ */
/* SIP mode                                                             */

static gboolean
hangup_timeout_cb (gpointer user_data)
{
  Gen *gen = user_data;

  gen->hangup_id = 0;
  g_printerr ("bridge-load: %u of %u calls still up %d s after hanging up\n",
              gen->n_calls - gen->n_ended, gen->n_calls, HANGUP_TIMEOUT_S);
  gen->exit_code = 1;
  finish (gen);
  return G_SOURCE_REMOVE;
}

/* BYEs at HANGUP_PER_TICK per 10 ms: a burst of thousands would overflow
 * the target's SIP socket buffer. */
static gboolean
hang_up_some_cb (gpointer user_data)
{
  Gen *gen = user_data;
  guint sent = 0;

  while (gen->next_hangup < gen->n_endpoints && sent < HANGUP_PER_TICK)
    {
      Endpoint *e = &gen->endpoints[gen->next_hangup++];
      g_autoptr(GError) error = NULL;

      if (e->session_id == NULL || e->ended)
        continue;
      sent++;
      if (!sc_session_manager_terminate_session (gen->manager, e->session_id, &error))
        g_printerr ("bridge-load: cannot hang up %s: %s\n", e->session_id, error->message);
    }
  if (gen->next_hangup < gen->n_endpoints)
    return G_SOURCE_CONTINUE;
  gen->hangup_tick_id = 0;
  return G_SOURCE_REMOVE;
}

static void
hang_up_all (Gen *gen)
{
  if (gen->hanging_up)
    return;
  gen->hanging_up = TRUE;
  gen->next_hangup = 0;
  g_clear_handle_id (&gen->place_id, g_source_remove);
  if (hang_up_some_cb (gen))
    gen->hangup_tick_id = g_timeout_add (10, hang_up_some_cb, gen);
  if (gen->n_ended >= gen->n_calls)
    finish (gen);
  else if (gen->hangup_id == 0)
    gen->hangup_id = g_timeout_add_seconds (HANGUP_TIMEOUT_S, hangup_timeout_cb, gen);
}

static void
maybe_all_up (Gen *gen)
{
  guint up = 0;

  if (gen->holding || gen->reported || gen->hanging_up ||
      gen->placed < gen->n_endpoints ||
      gen->n_established + gen->n_failed < gen->n_endpoints)
    return;
  for (guint i = 0; i < gen->n_pairs; i++)
    up += gen->pairs[i].up_ns != 0;
  all_up (gen, up);
}

/* The address and port of the first audio stream of an SDP. */
static gboolean
sdp_audio_target (const char         *sdp_text,
                  struct sockaddr_in *target)
{
  g_autoptr(GstSDPMessage) sdp = NULL;
  const char *address = NULL;
  guint port = 0;

  if (sdp_text == NULL || gst_sdp_message_new_from_text (sdp_text, &sdp) != GST_SDP_OK)
    return FALSE;
  for (guint i = 0; i < gst_sdp_message_medias_len (sdp); i++)
    {
      const GstSDPMedia *media = gst_sdp_message_get_media (sdp, i);

      if (g_strcmp0 (gst_sdp_media_get_media (media), "audio") != 0)
        continue;
      port = gst_sdp_media_get_port (media);
      if (gst_sdp_media_connections_len (media) > 0)
        address = gst_sdp_media_get_connection (media, 0)->address;
      break;
    }
  if (address == NULL && gst_sdp_message_get_connection (sdp) != NULL)
    address = gst_sdp_message_get_connection (sdp)->address;
  if (address == NULL || port == 0 || port > 65535)
    return FALSE;
  memset (target, 0, sizeof *target);
  target->sin_family = AF_INET;
  target->sin_port = htons ((guint16) port);
  /* Loopback only: this benchmark never sends anywhere else. */
  if (inet_pton (AF_INET, address, &target->sin_addr) != 1 ||
      (ntohl (target->sin_addr.s_addr) >> 24) != 127)
    return FALSE;
  return TRUE;
}

static void
call_established_cb (ScSessionManager *manager,
                     ScCallSession    *session,
                     const char       *local_sdp,
                     const char       *remote_sdp,
                     Gen              *gen)
{
  Endpoint *e = g_hash_table_lookup (gen->by_session, sc_call_session_get_id (session));
  Endpoint *peer;
  struct sockaddr_in remote;

  if (e == NULL || e->established)
    return;
  e->established = TRUE;
  gen->n_established++;
  if (!sdp_audio_target (remote_sdp, &remote))
    {
      if (gen->exit_code == 0)
        g_printerr ("bridge-load: %s: no usable loopback audio address in the answer\n",
                    e->session_id);
      gen->exit_code = 1;
    }
  else
    {
      activate (e, &remote);
      peer = &gen->endpoints[e->peer];
      if (peer->established && __atomic_load_n (&peer->active, __ATOMIC_ACQUIRE))
        gen->pairs[e->pair].up_ns = mono_ns ();
    }
  maybe_all_up (gen);
}

static void
call_ended_cb (ScSessionManager *manager,
               ScCallSession    *session,
               const char       *reason,
               Gen              *gen)
{
  Endpoint *e = g_hash_table_lookup (gen->by_session, sc_call_session_get_id (session));

  if (e == NULL || e->ended)
    return;
  e->ended = TRUE;
  gen->n_ended++;
  if (gen->hanging_up)
    {
      if (gen->n_ended >= gen->n_calls)
        finish (gen);
      return;
    }
  if (!e->established)
    {
      if (gen->n_failed < 5)
        g_printerr ("bridge-load: call %s failed: %s\n", e->session_id, reason);
      /* After the set-up timeout, the unanswered calls are counted already. */
      if (!gen->holding && !gen->reported)
        gen->n_failed++;
      maybe_all_up (gen);
    }
  else if (!gen->reported)
    {
      if (gen->n_dropped < 5)
        g_printerr ("bridge-load: call %s ended by the target: %s\n", e->session_id, reason);
      gen->n_dropped++;
    }
}

static gboolean
place_calls_cb (gpointer user_data)
{
  Gen *gen = user_data;
  double elapsed = (mono_ns () - gen->setup_start_ns) / 1e9;
  guint due = (guint) MIN ((double) gen->n_endpoints, floor (elapsed * gen->rate) + 1);

  while (gen->placed < due)
    {
      Endpoint *e = &gen->endpoints[gen->placed++];
      const char *role = e->role == ROLE_CUSTOMER ? "customer" : "agent";
      g_autoptr(GError) error = NULL;
      g_autoptr(ScCallSession) session = NULL;
      g_autofree char *from = g_strdup_printf ("sip:load-%s-%u@%s", role, e->pair, gen->from_host);
      g_autofree char *to = g_strdup_printf ("sip:%s-%u@%s", role, e->pair, gen->target);
      g_autofree char *sdp = g_strdup_printf (
        "v=0\r\n"
        "o=bridge-load %u 1 IN IP4 127.0.0.1\r\n"
        "s=bridge-load\r\n"
        "c=IN IP4 127.0.0.1\r\n"
        "t=0 0\r\n"
        "m=audio %u RTP/AVP 0\r\n"
        "a=rtpmap:0 PCMU/8000\r\n"
        "a=ptime:20\r\n"
        "a=sendrecv\r\n", e->id + 1, e->port);

      session = sc_session_manager_create_outgoing_call (gen->manager, from, to, sdp, &error);
      if (session == NULL)
        {
          if (gen->n_failed < 5)
            g_printerr ("bridge-load: cannot place call %u: %s\n", e->id, error->message);
          gen->n_failed++;
          continue;
        }
      e->session_id = g_strdup (sc_call_session_get_id (session));
      g_hash_table_insert (gen->by_session, e->session_id, e);
      gen->n_calls++;
    }
  if (gen->placed >= gen->n_endpoints)
    {
      gen->place_id = 0;
      maybe_all_up (gen);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
setup_timeout_cb (gpointer user_data)
{
  Gen *gen = user_data;
  guint up = 0;

  gen->setup_id = 0;
  g_printerr ("bridge-load: only %u of %u calls answered (%u failed) after %u s\n",
              gen->n_established, gen->n_endpoints, gen->n_failed, gen->setup_timeout_s);
  gen->exit_code = 1;
  g_clear_handle_id (&gen->place_id, g_source_remove);
  /* Measure the pairs that are up; the rest count as incomplete. */
  for (guint i = 0; i < gen->n_pairs; i++)
    up += gen->pairs[i].up_ns != 0;
  gen->n_failed = gen->n_endpoints - gen->n_established;
  all_up (gen, up);
  return G_SOURCE_REMOVE;
}

static gboolean
start_sip (Gen     *gen,
           GError **error)
{
  g_autoptr(ScSessionManagerBuilder) builder = sc_session_manager_builder_new ();

  sc_session_manager_builder_with_local_bind_addr (builder, "127.0.0.1:0");
  sc_session_manager_builder_with_max_sessions (builder, gen->n_endpoints + 16);
  sc_session_manager_builder_with_media_enabled (builder, FALSE);
  sc_session_manager_builder_with_domain (builder, "bridge-load");
  gen->manager = sc_session_manager_builder_build (builder, error);
  if (gen->manager == NULL)
    return FALSE;
  gen->from_host = g_strdup (sc_session_manager_get_bound_address (gen->manager));
  gen->by_session = g_hash_table_new (g_str_hash, g_str_equal);
  g_signal_connect (gen->manager, "call-established", G_CALLBACK (call_established_cb), gen);
  g_signal_connect (gen->manager, "call-ended", G_CALLBACK (call_ended_cb), gen);
  return TRUE;
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
          Endpoint *e = &gen->endpoints[2 * i + side];

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
      Endpoint *e = &gen->endpoints[k];
      guchar packet[PACKET] = { 0 };

      build_header (e, packet, (guint16) (e->seq - 1), e->timestamp - PAYLOAD, FALSE);
      memcpy (packet + RTP_HEADER, magic_latch, 4);
      if (sendto (e->fd, packet, sizeof packet, 0, (struct sockaddr *) &e->remote,
                  sizeof e->remote) != sizeof packet)
        e->tx_errors++;
    }
}

/* ------------------------------------------------------------------ */

static gboolean
signal_cb (gpointer user_data)
{
  Gen *gen = user_data;

  g_printerr ("bridge-load: interrupted\n");
  gen->exit_code = 1;
  if (gen->holding)
    hold_done_cb (gen);
  else if (!gen->reported)
    {
      /* Still setting up: nothing worth reporting. */
      stop_rtp_thread (gen);
      gen->reported = TRUE;
      if (gen->sip)
        hang_up_all (gen);
      else
        finish (gen);
    }
  else if (gen->hanging_up)
    finish (gen);
  return G_SOURCE_CONTINUE;
}

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
  gen.sip = g_strcmp0 (mode, "sip") == 0;
  if ((!gen.sip && g_strcmp0 (mode, "relay") != 0) ||
      pairs <= 0 || pairs > 15000 || warmup < 0 || duration < warmup + 2 || rate <= 0 ||
      setup_timeout <= 0 ||
      (gen.sip && target == NULL) || (!gen.sip && relay_ports == NULL) ||
      sscanf (ports, "%u-%u", &gen.first_port, &gen.last_port) != 2 ||
      gen.first_port == 0 || gen.last_port > 65535 || gen.last_port <= gen.first_port)
    {
      g_printerr ("usage: bridge-load --mode relay --relay-ports FILE --pairs N [--duration S] [--warmup S]\n"
                  "       bridge-load --mode sip --target IP:PORT --pairs N [--rate R] [--duration S]\n"
                  "                   [--warmup S] [--media-ports FIRST-LAST] [--setup-timeout S]\n"
                  "       (duration >= warmup + 2)\n");
      return 2;
    }
  if (gen.sip)
    {
      const char *colon = strrchr (target, ':');
      struct in_addr host;
      g_autofree char *ip = colon ? g_strndup (target, colon - target) : NULL;
      guint64 port = 0;

      /* Loopback only, and an explicit port (sofia would take 5060). */
      if (ip == NULL || inet_pton (AF_INET, ip, &host) != 1 ||
          (ntohl (host.s_addr) >> 24) != 127 ||
          !g_ascii_string_to_unsigned (colon + 1, 10, 1, 65535, &port, NULL))
        {
          g_printerr ("bridge-load: --target must be 127.x.x.x:PORT\n");
          return 2;
        }
    }

  raise_fd_limit ();
  gen.n_pairs = (guint) pairs;
  gen.n_endpoints = 2 * gen.n_pairs;
  gen.duration_s = (guint) duration;
  gen.warmup_s = (guint) warmup;
  gen.setup_timeout_s = (guint) setup_timeout;
  gen.rate = rate;
  gen.target = g_strdup (target);
  gen.loop = g_main_loop_new (NULL, FALSE);
  if (!create_endpoints (&gen))
    return 2;

  say ("START mode=%s pairs=%u duration_s=%u warmup_s=%u%s%s",
       gen.sip ? "sip" : "relay", gen.n_pairs, gen.duration_s, gen.warmup_s,
       gen.sip ? " target=" : "", gen.sip ? target : "");
  gen.setup_start_ns = mono_ns ();

  if (gen.sip)
    {
      if (!start_sip (&gen, &error))
        {
          g_printerr ("bridge-load: cannot start SIP: %s\n", error->message);
          return 2;
        }
      if (!start_rtp_thread (&gen))
        {
          g_printerr ("bridge-load: cannot start the RTP thread\n");
          return 2;
        }
      gen.place_id = g_timeout_add (5, place_calls_cb, &gen);
      gen.setup_id = g_timeout_add_seconds (gen.setup_timeout_s, setup_timeout_cb, &gen);
    }
  else
    {
      if (!read_relay_ports (&gen, relay_ports))
        return 2;
      send_latch_packets (&gen);
      g_usleep (200 * 1000);
      for (guint k = 0; k < gen.n_endpoints; k++)
        activate (&gen.endpoints[k], &gen.endpoints[k].remote);
      if (!start_rtp_thread (&gen))
        {
          g_printerr ("bridge-load: cannot start the RTP thread\n");
          return 2;
        }
      for (guint i = 0; i < gen.n_pairs; i++)
        gen.pairs[i].up_ns = gen.start_ns;
      all_up (&gen, gen.n_pairs);
    }
  g_unix_signal_add (SIGINT, signal_cb, &gen);
  g_unix_signal_add (SIGTERM, signal_cb, &gen);

  g_main_loop_run (gen.loop);

  stop_rtp_thread (&gen);
  exit_code = gen.exit_code;
  g_clear_handle_id (&gen.watchdog_id, g_source_remove);
  for (guint k = 0; k < gen.n_endpoints; k++)
    {
      if (gen.endpoints[k].fd >= 0)
        close (gen.endpoints[k].fd);
      if (gen.endpoints[k].rtcp_fd >= 0)
        close (gen.endpoints[k].rtcp_fd);
      g_free (gen.endpoints[k].session_id);
    }
  g_clear_pointer (&gen.by_session, g_hash_table_unref);
  g_clear_object (&gen.manager);
  for (guint d = 0; d < N_DIRS; d++)
    g_free (gen.latency[d]);
  g_free (gen.endpoints);
  g_free (gen.pairs);
  g_free (gen.target);
  g_free (gen.from_host);
  close (gen.epfd);
  if (gen.timerfd > 0)
    close (gen.timerfd);
  if (gen.stopfd > 0)
    close (gen.stopfd);
  g_main_loop_unref (gen.loop);
  return exit_code;
}
