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
#define RX_BATCH          8
#define RX_BUFFER         1500
#define MAX_EVENTS        128
#define EVENTS_PER_SEND_CHECK 32
#define SEND_BURST_TICKS  4
#define RESYNC_NS         100000000ull    /* a slot more than 100 ms late is skipped */
#define DRAIN_MS          500
#define HANGUP_PER_TICK   4               /* BYEs per 10 ms */
#define HANGUP_TIMEOUT_S  30
#define SHUTDOWN_TIMEOUT_S 15

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

#define TAG_TIMER         0xfffffffeu
#define TAG_STOP          0xffffffffu
#define TAG_RTCP          0x40000000u

typedef struct {
  /* Fixed once set up. */
  int                fd;
  int                rtcp_fd;       /* sip: RTCP sink on port + 1, or -1 */
  guint16            port;
  guint32            id;            /* g = conf × N + index */
  guint              conf;
  guint              index;

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
  guint32            sent;
  guint64            next_due;
  guint64            tx_errors;
  guint64            late_sends;
  guint64            skipped;
  guint64            sent_window_a;
  guint64            sent_window_b;

  /* Receiver: RTP thread only (read by main after the thread ended). */
  guint64            rx_total;
  guint64            rx_rtp;        /* PCMU audio packets */
  guint64            rx_other;      /* RTP of another payload type */
  guint64            rx_not_rtp;
  guint64            rx_rtcp;
  guint64            rx_window_a;
  guint64            rx_window_b;
  guint64            exp_window_a, rec_window_a;
  guint64            exp_window_b, rec_window_b;

  /* RTP receiver statistics. */
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
  gboolean           sip;
  guint              n_confs;
  guint              per_conf;
  guint              n_endpoints;
  guint              duration_s;
  guint              warmup_s;
  guint              setup_timeout_s;
  double             rate;
  guint              base_port;
  guint              local_base_port;

  Endpoint          *endpoints;
  Conf              *confs;
  guchar           (*tones)[PAYLOAD];   /* per index in a conference */
  guchar             marker[PAYLOAD];
  gboolean           loud_byte[256];    /* μ-law byte decodes above MARKER_LEVEL */

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
  guint64            last_send_check_ns;
  guint64            tick_gap_max_ns;
  guint64            tick_gaps_5ms;
  guint32           *latency;       /* LAT_BUCKETS counters */
  guint64            lat_over;
  guint64            lat_max_ns;
  guint64            lat_min_ns;
  guint64            lat_samples;

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
  guint              n_calls;
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

/* G.711 μ-law (ITU-T G.711, after the classic Sun reference code). */
static guchar
ulaw_encode (int sample)
{
  static const int segment_end[8] = { 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff, 0x1fff };
  int mask, segment;

  sample >>= 2;                 /* 14-bit */
  if (sample < 0)
    {
      sample = -sample;
      mask = 0x7f;
    }
  else
    mask = 0xff;
  sample = MIN (sample, 8159) + 33;   /* clip, add the bias */
  for (segment = 0; segment < 8; segment++)
    if (sample <= segment_end[segment])
      break;
  if (segment >= 8)
    return (guchar) (0x7f ^ mask);
  return (guchar) (((segment << 4) | ((sample >> (segment + 1)) & 0x0f)) ^ mask);
}

static int
ulaw_decode (guchar byte)
{
  int t;

  byte = ~byte;
  t = ((byte & 0x0f) << 3) + 0x84;
  t <<= (byte & 0x70) >> 4;
  return (byte & 0x80) ? 0x84 - t : t - 0x84;
}

static void
make_audio (Gen *gen)
{
  gen->tones = g_malloc ((gsize) gen->per_conf * PAYLOAD);
  for (guint i = 0; i < gen->per_conf; i++)
    {
      double hz = 50.0 * (6 + i);

      for (guint s = 0; s < PAYLOAD; s++)
        gen->tones[i][s] = ulaw_encode ((int) lrint (TONE_AMPLITUDE * sin (2 * G_PI * hz * s / 8000.0)));
    }
  for (guint s = 0; s < PAYLOAD; s++)
    gen->marker[s] = ulaw_encode ((int) lrint (MARKER_AMPLITUDE * cos (2 * G_PI * MARKER_HZ * s / 8000.0)));
  for (guint b = 0; b < 256; b++)
    gen->loud_byte[b] = ABS (ulaw_decode ((guchar) b)) > MARKER_LEVEL;
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
send_stream_packet (Gen      *gen,
                    Endpoint *e)
{
  guchar packet[PACKET];
  const guchar *audio = gen->tones[e->index];
  gboolean marker_start = FALSE;
  guint64 sent_at;
  ssize_t n;

  if (e->index == 0)
    {
      guint phase = (e->sent + e->conf * 13) % MARKER_PERIOD;

      if (phase < MARKER_PACKETS)
        audio = gen->marker;
      marker_start = phase == 0;
    }
  packet[0] = 0x80;
  packet[1] = e->sent == 0 ? 0x80 : 0x00;    /* PT 0: PCMU */
  put16 (packet + 2, e->seq);
  put32 (packet + 4, e->timestamp);
  put32 (packet + 8, e->ssrc);
  memcpy (packet + RTP_HEADER, audio, PAYLOAD);
  sent_at = real_ns ();
  n = sendto (e->fd, packet, sizeof packet, MSG_DONTWAIT,
              (struct sockaddr *) &e->remote, sizeof e->remote);
  if (n != (ssize_t) sizeof packet)
    e->tx_errors++;
  else if (marker_start)
    {
      Conf *conf = &gen->confs[e->conf];

      conf->marker_no++;
      conf->marker_sent_ns = sent_at;
      conf->marker_in_window = gen->recording;
      if (gen->recording)
        conf->markers_window++;
    }
  e->sent++;
  e->seq++;
  e->timestamp += PAYLOAD;
}

static void
send_due (Gen     *gen,
          guint64  now)
{
  guint n = gen->n_endpoints;
  gboolean sending = __atomic_load_n (&gen->sending, __ATOMIC_RELAXED);
  guint64 budget = MAX (64, n * SEND_BURST_TICKS * TICK_NS / PTIME_NS);

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
        e->timestamp += PAYLOAD;
      e->next_due += PTIME_NS;
      gen->cursor = (gen->cursor + 1) % n;
    }
}

/* ------------------------------------------------------------------ */
/* Receiving (RTP thread)                                               */

static void
close_rtp_epoch (Endpoint *e)
{
  if (!e->have_ssrc)
    return;
  e->rtp_expected += (guint64) (e->cycles + e->max_seq - e->base_ext) + 1;
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

/* Expected and received so far, the open epoch included. */
static void
rtp_counts (const Endpoint *e,
            guint64        *expected,
            guint64        *received)
{
  *expected = e->rtp_expected;
  *received = e->rtp_received;
  if (e->have_ssrc)
    {
      *expected += (guint64) (e->cycles + e->max_seq - e->base_ext) + 1;
      *received += e->epoch_received;
    }
}

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
record_latency (Gen     *gen,
                guint64  latency)
{
  guint64 bucket = latency / LAT_BUCKET_NS;

  gen->lat_samples++;
  gen->lat_max_ns = MAX (gen->lat_max_ns, latency);
  if (gen->lat_min_ns == 0 || latency < gen->lat_min_ns)
    gen->lat_min_ns = latency;
  if (bucket < LAT_BUCKETS)
    gen->latency[bucket]++;
  else
    gen->lat_over++;
}

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
          record_latency (gen, arrived_real_ns + first * 125000 - conf->marker_sent_ns);
        }
    }
  else
    e->spurious++;
}

static void
handle_packet (Gen          *gen,
               Endpoint     *e,
               const guchar *packet,
               size_t        length,
               guint64       arrived_real_ns)
{
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
  if ((packet[1] & 0x7f) != 0)
    {
      e->rx_other++;
      return;
    }
  header = RTP_HEADER + 4 * (packet[0] & 0x0f);
  if ((packet[0] & 0x10) && length >= header + 4)
    header += 4 + 4 * (size_t) get16 (packet + header + 2);
  if (length < header)
    {
      e->rx_not_rtp++;
      return;
    }
  e->rx_rtp++;
  track_rtp (e, get32 (packet + 8), get16 (packet + 2));
  detect_marker (gen, e, packet + header, length - header, arrived_real_ns);
}

static void
receive_from (Gen      *gen,
              Endpoint *e)
{
  static guchar buffers[RX_BATCH][RX_BUFFER];
  static guchar control[RX_BATCH][CMSG_SPACE (sizeof (struct timespec))];
  struct iovec iov[RX_BATCH];
  struct mmsghdr msgs[RX_BATCH];

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
          handle_packet (gen, e, buffers[i], msgs[i].msg_len, arrived);
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
snapshot (Gen      *gen,
          gboolean  end)
{
  for (guint i = 0; i < gen->n_endpoints; i++)
    {
      Endpoint *e = &gen->endpoints[i];

      if (end)
        {
          e->rx_window_b = e->rx_rtp;
          e->sent_window_b = e->sent;
          rtp_counts (e, &e->exp_window_b, &e->rec_window_b);
        }
      else
        {
          e->rx_window_a = e->rx_rtp;
          e->sent_window_a = e->sent;
          rtp_counts (e, &e->exp_window_a, &e->rec_window_a);
        }
    }
}

static void
window_check (Gen     *gen,
              guint64  now)
{
  guint64 start = __atomic_load_n (&gen->window_start_ns, __ATOMIC_ACQUIRE);
  guint64 end = __atomic_load_n (&gen->window_end_ns, __ATOMIC_ACQUIRE);

  if (!gen->window_started && start != 0 && now >= start)
    {
      snapshot (gen, FALSE);
      gen->window_started = TRUE;
      gen->recording = TRUE;
      gen->window_a_ns = now;
      gen->cpu_a_s = cpu_seconds (CLOCK_PROCESS_CPUTIME_ID);
      gen->thread_cpu_a_s = cpu_seconds (CLOCK_THREAD_CPUTIME_ID);
      say ("WINDOW_START");
    }
  if (gen->window_started && !gen->window_ended && end != 0 && now >= end)
    {
      snapshot (gen, TRUE);
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
          perror ("conference-load: epoll_wait");
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
                perror ("conference-load: timerfd");
              send_due (gen, mono_ns ());
            }
          else if (tag & TAG_RTCP)
            drain_rtcp (&gen->endpoints[tag & ~TAG_RTCP]);
          else
            receive_from (gen, &gen->endpoints[tag]);

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
  pthread_setname_np (gen->thread, "conf-load-rtp");
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
    perror ("conference-load: eventfd");
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
  gen->confs = g_new0 (Conf, gen->n_confs);
  for (guint k = 0; k < gen->n_endpoints; k++)
    {
      Endpoint *e = &gen->endpoints[k];

      e->id = k;
      e->conf = k / gen->per_conf;
      e->index = k % gen->per_conf;
      e->rtcp_fd = -1;
      e->ssrc = g_random_int ();
      e->seq = (guint16) g_random_int ();
      e->timestamp = g_random_int ();
      if (!gen->sip)
        {
          e->fd = udp_socket ((guint16) (gen->local_base_port + k), &e->port);
          if (e->fd < 0)
            {
              g_printerr ("conference-load: cannot bind 127.0.0.1:%u: %s\n",
                          gen->local_base_port + k, g_strerror (errno));
              return FALSE;
            }
          e->remote.sin_family = AF_INET;
          e->remote.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
          e->remote.sin_port = htons ((guint16) (gen->base_port + k));
        }
      else
        {
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
              g_printerr ("conference-load: no free RTP port pair left in %u-%u for participant %u\n",
                          gen->first_port, gen->last_port, k);
              return FALSE;
            }
          event.data.u32 = k | TAG_RTCP;
          epoll_ctl (gen->epfd, EPOLL_CTL_ADD, e->rtcp_fd, &event);
        }
      event.data.u32 = k;
      epoll_ctl (gen->epfd, EPOLL_CTL_ADD, e->fd, &event);
    }
  gen->latency = g_new0 (guint32, LAT_BUCKETS);
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
                    double     fraction)
{
  guint64 total = gen->lat_samples, rank, seen = 0;

  if (total == 0)
    return 0;
  rank = (guint64) ceil (fraction * (double) total);
  if (rank == 0)
    rank = 1;
  for (guint b = 0; b < LAT_BUCKETS; b++)
    {
      seen += gen->latency[b];
      if (seen >= rank)
        return (b + 0.5) * LAT_BUCKET_NS / 1e6;
    }
  return gen->lat_max_ns / 1e6;
}

static void
report (Gen *gen)
{
  guint64 tx = 0, rx = 0, rx_rtp = 0, rx_other = 0, rtcp = 0, not_rtp = 0;
  guint64 window_tx = 0, window_rx = 0, window_expected = 0, window_received = 0;
  guint64 ssrc_changes = 0, seq_jumps = 0, rtp_dup = 0, self_heard = 0, spurious = 0;
  guint64 tx_errors = 0, late_sends = 0, skipped = 0, markers = 0, lat_expected = 0, heard = 0;
  gint64 window_lost;
  guint receivers = 0, senders = 0, silent = 0, up = 0;
  double window_s, rate_pct, nominal_pct, cpu_pct = 0, thread_pct = 0;
  GString *line;

  for (guint k = 0; k < gen->n_endpoints; k++)
    {
      Endpoint *e = &gen->endpoints[k];
      gboolean is_up = __atomic_load_n (&e->active, __ATOMIC_ACQUIRE);

      tx += e->sent;
      rx += e->rx_total;
      rx_rtp += e->rx_rtp;
      rx_other += e->rx_other;
      rtcp += e->rx_rtcp;
      not_rtp += e->rx_not_rtp;
      tx_errors += e->tx_errors;
      late_sends += e->late_sends;
      skipped += e->skipped;
      ssrc_changes += e->ssrc_changes;
      seq_jumps += e->seq_jumps;
      rtp_dup += e->rtp_dup;
      self_heard += e->self_heard;
      spurious += e->spurious;
      heard += e->heard;
      if (!is_up)
        continue;
      up++;
      senders++;
      window_tx += e->sent_window_b - e->sent_window_a;
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
        listeners += __atomic_load_n (&gen->endpoints[c * gen->per_conf + i].active, __ATOMIC_ACQUIRE) != 0;
      markers += gen->confs[c].markers_window;
      lat_expected += gen->confs[c].markers_window * listeners;
    }

  window_s = gen->window_ended ? (gen->window_b_ns - gen->window_a_ns) / 1e9 : 0;
  window_lost = (gint64) window_expected - (gint64) window_received;
  rate_pct = window_s > 0 && receivers > 0
             ? 100.0 * (double) window_rx / (receivers * window_s * PACKETS_PER_S) : 0;
  nominal_pct = window_s > 0 && senders > 0
                ? 100.0 * (double) window_tx / (senders * window_s * PACKETS_PER_S) : 0;
  if (window_s > 0)
    {
      cpu_pct = 100.0 * (gen->cpu_b_s - gen->cpu_a_s) / window_s;
      thread_pct = 100.0 * (gen->thread_cpu_b_s - gen->thread_cpu_a_s) / window_s;
    }

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
                          gen->sip ? "sip" : "plain", gen->n_confs, gen->per_conf, gen->n_endpoints,
                          up, gen->n_failed, gen->n_dropped, gen->duration_s,
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
                          markers, gen->lat_samples, lat_expected,
                          (gint64) lat_expected - (gint64) heard,
                          hist_percentile_ms (gen, 0.50), hist_percentile_ms (gen, 0.90),
                          hist_percentile_ms (gen, 0.99), gen->lat_max_ns / 1e6,
                          gen->lat_min_ns / 1e6, gen->lat_over,
                          self_heard, spurious, gen->all_kernel_ts ? 1 : 0, tx_errors,
                          late_sends, skipped, gen->tick_gap_max_ns / 1e6, gen->tick_gaps_5ms,
                          cpu_pct, thread_pct);
  say ("%s", line->str);
  g_string_free (line, TRUE);

  if (up < gen->n_endpoints || silent > 0 || gen->n_dropped > 0 || !gen->window_ended ||
      heard < lat_expected || self_heard > 0)
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

static gboolean
hold_done_cb (gpointer user_data)
{
  Gen *gen = user_data;

  if (gen->hanging_up || gen->reported || !gen->holding)
    return G_SOURCE_REMOVE;
  gen->holding = FALSE;
  gen->reported = TRUE;
  g_clear_handle_id (&gen->place_id, g_source_remove);
  g_clear_handle_id (&gen->setup_id, g_source_remove);
  __atomic_store_n (&gen->sending, 0, __ATOMIC_RELEASE);
  g_timeout_add (DRAIN_MS, drained_cb, gen);
  return G_SOURCE_REMOVE;
}

static void
all_up (Gen *gen)
{
  guint64 now = mono_ns ();

  gen->holding = TRUE;
  g_clear_handle_id (&gen->setup_id, g_source_remove);
  say ("ESTABLISHED participants=%u up=%u failed=%u setup_s=%.3f", gen->n_endpoints,
       gen->sip ? gen->n_established : gen->n_endpoints, gen->n_failed,
       (now - gen->setup_start_ns) / 1e9);
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
  g_printerr ("conference-load: shutdown did not finish in %d s; leaving\n", SHUTDOWN_TIMEOUT_S);
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
    g_printerr ("conference-load: shutdown: %s\n", error->message);
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
  if (gen->sip)
    say ("ENDED ended=%u of=%u", gen->n_ended, gen->n_calls);
  else
    say ("ENDED");
  gen->watchdog_id = g_timeout_add_seconds (SHUTDOWN_TIMEOUT_S, watchdog_cb, gen);
  if (gen->manager != NULL)
    sc_session_manager_shutdown_async (gen->manager, NULL, shutdown_done_cb, gen);
  else
    g_main_loop_quit (gen->loop);
}

/* ------------------------------------------------------------------ */
/* SIP mode                                                             */

static void
maybe_all_up (Gen *gen)
{
  if (gen->holding || gen->reported || gen->hanging_up ||
      gen->placed < gen->n_endpoints ||
      gen->n_established + gen->n_failed < gen->n_endpoints)
    return;
  all_up (gen);
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
  struct sockaddr_in remote;

  if (e == NULL || e->established)
    return;
  e->established = TRUE;
  gen->n_established++;
  if (!sdp_audio_target (remote_sdp, &remote))
    {
      if (gen->exit_code == 0)
        g_printerr ("conference-load: %s: no usable loopback audio address in the answer\n",
                    e->session_id);
      gen->exit_code = 1;
    }
  else
    {
      activate (e, &remote);
      gen->confs[e->conf].up++;
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
        g_printerr ("conference-load: call %s failed: %s\n", e->session_id, reason);
      if (!gen->holding && !gen->reported)
        gen->n_failed++;
      maybe_all_up (gen);
    }
  else if (!gen->reported)
    {
      if (gen->n_dropped < 5)
        g_printerr ("conference-load: call %s ended by the target: %s\n", e->session_id, reason);
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
      g_autoptr(GError) error = NULL;
      g_autoptr(ScCallSession) session = NULL;
      g_autofree char *from = g_strdup_printf ("sip:load-%u-%u@%s", e->conf, e->index, gen->from_host);
      g_autofree char *to = g_strdup_printf ("sip:conf-%u-%u@%s", e->conf, e->index, gen->target);
      g_autofree char *sdp = g_strdup_printf (
        "v=0\r\n"
        "o=conference-load %u 1 IN IP4 127.0.0.1\r\n"
        "s=conference-load\r\n"
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
            g_printerr ("conference-load: cannot place call %u: %s\n", e->id, error->message);
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

  gen->setup_id = 0;
  g_printerr ("conference-load: only %u of %u calls answered (%u failed) after %u s\n",
              gen->n_established, gen->n_endpoints, gen->n_failed, gen->setup_timeout_s);
  gen->exit_code = 1;
  g_clear_handle_id (&gen->place_id, g_source_remove);
  gen->n_failed = gen->n_endpoints - gen->n_established;
  all_up (gen);
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
  sc_session_manager_builder_with_domain (builder, "conference-load");
  gen->manager = sc_session_manager_builder_build (builder, error);
  if (gen->manager == NULL)
    return FALSE;
  gen->from_host = g_strdup (sc_session_manager_get_bound_address (gen->manager));
  gen->by_session = g_hash_table_new (g_str_hash, g_str_equal);
  g_signal_connect (gen->manager, "call-established", G_CALLBACK (call_established_cb), gen);
  g_signal_connect (gen->manager, "call-ended", G_CALLBACK (call_ended_cb), gen);
  return TRUE;
}

static gboolean
hangup_timeout_cb (gpointer user_data)
{
  Gen *gen = user_data;

  gen->hangup_id = 0;
  g_printerr ("conference-load: %u of %u calls still up %d s after hanging up\n",
              gen->n_calls - gen->n_ended, gen->n_calls, HANGUP_TIMEOUT_S);
  gen->exit_code = 1;
  finish (gen);
  return G_SOURCE_REMOVE;
}

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
        g_printerr ("conference-load: cannot hang up %s: %s\n", e->session_id, error->message);
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

/* ------------------------------------------------------------------ */

static gboolean
signal_cb (gpointer user_data)
{
  Gen *gen = user_data;

  g_printerr ("conference-load: interrupted\n");
  gen->exit_code = 1;
  if (gen->holding)
    hold_done_cb (gen);
  else if (!gen->reported)
    {
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
  gen.sip = g_strcmp0 (mode, "sip") == 0;
  if ((!gen.sip && g_strcmp0 (mode, "plain") != 0) ||
      confs <= 0 || per_conf < 2 || per_conf > MAX_PER_CONF || confs * per_conf > 10000 ||
      warmup < 0 || duration < warmup + 2 || rate <= 0 || setup_timeout <= 0 ||
      (gen.sip && target == NULL) ||
      (!gen.sip && (base_port <= 0 || local_base_port <= 0 ||
                    base_port + confs * per_conf > 65536 ||
                    local_base_port + confs * per_conf > 65536)) ||
      sscanf (ports, "%u-%u", &gen.first_port, &gen.last_port) != 2 ||
      gen.first_port == 0 || gen.last_port > 65535 || gen.last_port <= gen.first_port)
    {
      g_printerr ("usage: conference-load --mode plain --base-port P --local-base-port Q\n"
                  "                       --conferences C --participants N [--duration S] [--warmup S]\n"
                  "       conference-load --mode sip --target IP:PORT --conferences C --participants N\n"
                  "                       [--rate R] [--duration S] [--warmup S] [--media-ports FIRST-LAST]\n"
                  "                       [--setup-timeout S]\n"
                  "       (2 <= N <= %d, duration >= warmup + 2)\n", MAX_PER_CONF);
      return 2;
    }
  if (gen.sip)
    {
      const char *colon = strrchr (target, ':');
      struct in_addr host;
      g_autofree char *ip = colon ? g_strndup (target, colon - target) : NULL;
      guint64 port = 0;

      if (ip == NULL || inet_pton (AF_INET, ip, &host) != 1 ||
          (ntohl (host.s_addr) >> 24) != 127 ||
          !g_ascii_string_to_unsigned (colon + 1, 10, 1, 65535, &port, NULL))
        {
          g_printerr ("conference-load: --target must be 127.x.x.x:PORT\n");
          return 2;
        }
    }

  raise_fd_limit ();
  gen.n_confs = (guint) confs;
  gen.per_conf = (guint) per_conf;
  gen.n_endpoints = gen.n_confs * gen.per_conf;
  gen.duration_s = (guint) duration;
  gen.warmup_s = (guint) warmup;
  gen.setup_timeout_s = (guint) setup_timeout;
  gen.rate = rate;
  gen.base_port = (guint) base_port;
  gen.local_base_port = (guint) local_base_port;
  gen.target = g_strdup (target);
  gen.loop = g_main_loop_new (NULL, FALSE);
  make_audio (&gen);
  if (!create_endpoints (&gen))
    return 2;

  say ("START mode=%s conferences=%u per_conference=%u duration_s=%u warmup_s=%u%s%s",
       gen.sip ? "sip" : "plain", gen.n_confs, gen.per_conf, gen.duration_s, gen.warmup_s,
       gen.sip ? " target=" : "", gen.sip ? target : "");
  gen.setup_start_ns = mono_ns ();

  if (gen.sip)
    {
      if (!start_sip (&gen, &error))
        {
          g_printerr ("conference-load: cannot start SIP: %s\n", error->message);
          return 2;
        }
      if (!start_rtp_thread (&gen))
        {
          g_printerr ("conference-load: cannot start the RTP thread\n");
          return 2;
        }
      gen.place_id = g_timeout_add (5, place_calls_cb, &gen);
      gen.setup_id = g_timeout_add_seconds (gen.setup_timeout_s, setup_timeout_cb, &gen);
    }
  else
    {
      for (guint k = 0; k < gen.n_endpoints; k++)
        activate (&gen.endpoints[k], &gen.endpoints[k].remote);
      if (!start_rtp_thread (&gen))
        {
          g_printerr ("conference-load: cannot start the RTP thread\n");
          return 2;
        }
      all_up (&gen);
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
  g_free (gen.latency);
  g_free (gen.tones);
  g_free (gen.endpoints);
  g_free (gen.confs);
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
