/* relay-baseline.c - baseline of the bridge benchmark: a plain RTP relay.
 *
 * What a bridge costs at the very least, with no SIP and no sessioncore:
 * one thread, one epoll set, N pairs of UDP sockets on one address.  A
 * packet received on A(i) leaves from B(i) to B(i)'s peer, and a packet
 * received on B(i) leaves from A(i) to A(i)'s peer.  Each socket reads with
 * recvmmsg() and the relayed batch leaves with one sendmmsg().
 *
 * Peers are learnt as in symmetric RTP: a socket latches on to the source
 * address of the first packet it receives and afterwards drops packets from
 * any other source (counted as "foreign").  A packet whose outgoing socket
 * has not latched yet has nowhere to go and is dropped ("unlatched").  The
 * load generator (bench/bridge-load.c) therefore sends one latch packet from
 * every endpoint before its streams start.
 *
 * The RTP header is rewritten as a B2BUA relay must, so that the comparison
 * with a real bridge is fair: every socket sends with its own SSRC, and its
 * own random initial sequence number and timestamp; incoming sequence
 * numbers and timestamps are mapped by a fixed offset, so gaps (losses)
 * upstream stay visible downstream.  When the incoming SSRC changes, the
 * offsets are recomputed so that the outgoing stream stays continuous (the
 * next sequence number, the timestamp advanced by the elapsed time) and the
 * marker bit is set.  The payload is relayed untouched (same codec).  No
 * RTCP is relayed: the pairs carry RTP only.
 *
 * Usage:
 *   relay-baseline --pairs N [--address IP] [--base-port P] [--ports-file F]
 *                  [--batch B] [--quiet]
 *
 *   --base-port P   A(i) binds P + 2i and B(i) P + 2i + 1; the default, 0,
 *                   binds any free port for every socket.
 *   --ports-file F  writes "i A-port B-port" for every pair to F (written to
 *                   F.tmp and renamed, so a reader never sees half of it)
 *                   before printing "listening on".
 *   --batch B       datagrams per recvmmsg()/sendmmsg() (default 32).
 *
 * Output (stdout):
 *   listening on IP:PORT pairs=N      (PORT = A(0)'s port) once every socket
 *                                     is bound and the ports file written;
 *   stats ...                         on SIGUSR1 (counters so far);
 *   relay: ...                        on SIGTERM/SIGINT, then it exits 0.
 *
 * Counters: rx_packets / tx_packets (datagrams received / relayed),
 * unlatched, foreign, not_rtp, send_errors (sendmmsg() refused or sent only
 * part of a batch), ssrc_changes, latched (sockets with a peer),
 * epoll_wakes, recv_calls, send_calls; cpu_user_s / cpu_sys_s and
 * us_per_packet (user+system CPU over relayed packets, the whole run).
 *
 * It never sends anywhere but to a latched source address, and binds only
 * the address given (127.0.0.1 by default).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define _GNU_SOURCE

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define MAX_BATCH      256
#define MAX_PACKET     1500
#define MAX_EVENTS     256
#define DRAIN_ROUNDS   4        /* recvmmsg() calls per readiness event, at most */
#define SIGNAL_TAG     UINT32_MAX
#define CLOCK_RATE     8000     /* G.711 */

typedef struct {
  int                fd;
  uint16_t           port;
  int                latched;
  struct sockaddr_in peer;
  /* The stream this socket sends (what arrives on its partner). */
  uint32_t           ssrc;           /* our own SSRC on this leg */
  uint16_t           seq_base;       /* random initial values */
  uint32_t           ts_base;
  int                have_source;
  uint32_t           source_ssrc;    /* the SSRC we are relaying */
  uint16_t           seq_delta;      /* out = in + delta (mod 2^16) */
  uint32_t           ts_delta;       /* out = in + delta (mod 2^32) */
  uint16_t           last_seq;       /* last sequence number sent */
  uint32_t           last_ts;        /* last timestamp sent */
  uint64_t           last_sent_ns;
} Leg;

typedef struct {
  uint64_t rx_packets;
  uint64_t rx_bytes;
  uint64_t tx_packets;
  uint64_t unlatched;
  uint64_t foreign;
  uint64_t not_rtp;
  uint64_t send_errors;
  uint64_t ssrc_changes;
  uint64_t epoll_wakes;
  uint64_t recv_calls;
  uint64_t send_calls;
} Counters;

static Leg      *legs;
static unsigned  n_legs;
static Counters  counters;
static unsigned  batch = 32;

/* Per-batch scratch space, reused for every socket (one thread). */
static unsigned char       rx_buf[MAX_BATCH][MAX_PACKET];
static struct iovec        rx_iov[MAX_BATCH];
static struct sockaddr_in  rx_from[MAX_BATCH];
static struct mmsghdr      rx_msgs[MAX_BATCH];
static struct iovec        tx_iov[MAX_BATCH];
static struct mmsghdr      tx_msgs[MAX_BATCH];

static uint64_t
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (uint64_t) ts.tv_sec * 1000000000u + (uint64_t) ts.tv_nsec;
}

/* xorshift64*: random SSRCs and initial values; seeded from the clock and
 * the pid (a benchmark needs different values, not secret ones). */
static uint64_t rng_state;

static uint32_t
random32 (void)
{
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return (uint32_t) ((rng_state * 2685821657736338717ull) >> 32);
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

static int
bind_leg (Leg           *leg,
          struct in_addr address,
          unsigned       port)
{
  struct sockaddr_in where = { 0 };
  socklen_t length = sizeof where;

  leg->fd = socket (AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (leg->fd < 0)
    return -1;
  where.sin_family = AF_INET;
  where.sin_addr = address;
  where.sin_port = htons ((uint16_t) port);
  if (bind (leg->fd, (struct sockaddr *) &where, sizeof where) < 0 ||
      getsockname (leg->fd, (struct sockaddr *) &where, &length) < 0)
    return -1;
  leg->port = ntohs (where.sin_port);
  leg->ssrc = random32 ();
  leg->seq_base = (uint16_t) random32 ();
  leg->ts_base = random32 ();
  return 0;
}

static int
same_address (const struct sockaddr_in *a,
              const struct sockaddr_in *b)
{
  return a->sin_addr.s_addr == b->sin_addr.s_addr && a->sin_port == b->sin_port;
}

static uint16_t
get16 (const unsigned char *p)
{
  return (uint16_t) (p[0] << 8 | p[1]);
}

static uint32_t
get32 (const unsigned char *p)
{
  return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
}

static void
put16 (unsigned char *p,
       uint16_t       v)
{
  p[0] = (unsigned char) (v >> 8);
  p[1] = (unsigned char) v;
}

static void
put32 (unsigned char *p,
       uint32_t       v)
{
  p[0] = (unsigned char) (v >> 24);
  p[1] = (unsigned char) (v >> 16);
  p[2] = (unsigned char) (v >> 8);
  p[3] = (unsigned char) v;
}

/* Rewrites one RTP header for sending from @out. */
static void
rewrite (Leg           *out,
         unsigned char *packet,
         uint64_t       now)
{
  uint16_t seq = get16 (packet + 2);
  uint32_t ts = get32 (packet + 4);
  uint32_t ssrc = get32 (packet + 8);
  uint16_t out_seq;
  uint32_t out_ts;

  if (!out->have_source)
    {
      out->have_source = 1;
      out->source_ssrc = ssrc;
      out->seq_delta = (uint16_t) (out->seq_base - seq);
      out->ts_delta = out->ts_base - ts;
    }
  else if (ssrc != out->source_ssrc)
    {
      /* A new source: continue our stream where it stopped, the
       * timestamp advanced by the time since the last packet. */
      uint64_t elapsed = now > out->last_sent_ns ? now - out->last_sent_ns : 0;
      uint32_t samples = (uint32_t) (elapsed * CLOCK_RATE / 1000000000u);

      counters.ssrc_changes++;
      out->source_ssrc = ssrc;
      out->seq_delta = (uint16_t) (out->last_seq + 1 - seq);
      out->ts_delta = out->last_ts + (samples ? samples : 1) - ts;
      packet[1] |= 0x80;  /* marker: a new talkspurt/source */
    }
  out_seq = (uint16_t) (seq + out->seq_delta);
  out_ts = ts + out->ts_delta;
  put16 (packet + 2, out_seq);
  put32 (packet + 4, out_ts);
  put32 (packet + 8, out->ssrc);
  /* With reordering, "last" is the highest sent so far. */
  if ((int16_t) (out_seq - out->last_seq) > 0 || out->last_sent_ns == 0)
    {
      out->last_seq = out_seq;
      out->last_ts = out_ts;
    }
  out->last_sent_ns = now;
}

/* Reads what is queued on @in (a few recvmmsg() calls at most) and relays
 * it from its partner. */
static void
relay_from (unsigned index,
            uint64_t now)
{
  Leg *in = &legs[index];
  Leg *out = &legs[index ^ 1];

  for (unsigned round = 0; round < DRAIN_ROUNDS; round++)
    {
      unsigned n_out = 0;
      int n;

      for (unsigned i = 0; i < batch; i++)
        {
          rx_iov[i].iov_base = rx_buf[i];
          rx_iov[i].iov_len = MAX_PACKET;
          rx_msgs[i].msg_hdr = (struct msghdr) {
            .msg_name = &rx_from[i], .msg_namelen = sizeof rx_from[i],
            .msg_iov = &rx_iov[i], .msg_iovlen = 1,
          };
        }
      n = recvmmsg (in->fd, rx_msgs, batch, MSG_DONTWAIT, NULL);
      counters.recv_calls++;
      if (n <= 0)
        return;

      for (int i = 0; i < n; i++)
        {
          unsigned char *packet = rx_buf[i];
          unsigned length = rx_msgs[i].msg_len;

          counters.rx_packets++;
          counters.rx_bytes += length;
          if (!in->latched)
            {
              in->peer = rx_from[i];
              in->latched = 1;
            }
          else if (!same_address (&in->peer, &rx_from[i]))
            {
              counters.foreign++;
              continue;
            }
          if (length < 12 || (packet[0] & 0xc0) != 0x80)
            {
              counters.not_rtp++;
              continue;
            }
          if (!out->latched)
            {
              counters.unlatched++;
              continue;
            }
          rewrite (out, packet, now);
          tx_iov[n_out].iov_base = packet;
          tx_iov[n_out].iov_len = length;
          tx_msgs[n_out].msg_hdr = (struct msghdr) {
            .msg_name = &out->peer, .msg_namelen = sizeof out->peer,
            .msg_iov = &tx_iov[n_out], .msg_iovlen = 1,
          };
          n_out++;
        }

      if (n_out > 0)
        {
          int sent = sendmmsg (out->fd, tx_msgs, n_out, MSG_DONTWAIT);

          counters.send_calls++;
          if (sent < 0)
            sent = 0;
          counters.tx_packets += (unsigned) sent;
          counters.send_errors += n_out - (unsigned) sent;
        }
      if ((unsigned) n < batch)
        return;
    }
}

static double
tv_seconds (struct timeval tv)
{
  return (double) tv.tv_sec + (double) tv.tv_usec / 1e6;
}

static void
print_counters (const char *tag,
                double      wall_s)
{
  struct rusage usage;
  unsigned latched = 0;
  double user_s, sys_s;

  for (unsigned i = 0; i < n_legs; i++)
    latched += legs[i].latched != 0;
  getrusage (RUSAGE_SELF, &usage);
  user_s = tv_seconds (usage.ru_utime);
  sys_s = tv_seconds (usage.ru_stime);
  printf ("%s pairs=%u rx_packets=%llu rx_bytes=%llu tx_packets=%llu unlatched=%llu "
          "foreign=%llu not_rtp=%llu send_errors=%llu ssrc_changes=%llu latched=%u "
          "epoll_wakes=%llu recv_calls=%llu send_calls=%llu wall_s=%.3f "
          "cpu_user_s=%.3f cpu_sys_s=%.3f us_per_packet=%.3f\n",
          tag, n_legs / 2,
          (unsigned long long) counters.rx_packets,
          (unsigned long long) counters.rx_bytes,
          (unsigned long long) counters.tx_packets,
          (unsigned long long) counters.unlatched,
          (unsigned long long) counters.foreign,
          (unsigned long long) counters.not_rtp,
          (unsigned long long) counters.send_errors,
          (unsigned long long) counters.ssrc_changes,
          latched,
          (unsigned long long) counters.epoll_wakes,
          (unsigned long long) counters.recv_calls,
          (unsigned long long) counters.send_calls,
          wall_s, user_s, sys_s,
          counters.tx_packets ? (user_s + sys_s) * 1e6 / (double) counters.tx_packets : 0.0);
  fflush (stdout);
}

static int
write_ports_file (const char *path)
{
  char *tmp;
  FILE *file;
  int ok;

  if (asprintf (&tmp, "%s.tmp", path) < 0)
    return -1;
  file = fopen (tmp, "w");
  if (file == NULL)
    {
      free (tmp);
      return -1;
    }
  for (unsigned i = 0; i < n_legs / 2; i++)
    fprintf (file, "%u %u %u\n", i, legs[2 * i].port, legs[2 * i + 1].port);
  ok = fclose (file) == 0 && rename (tmp, path) == 0;
  free (tmp);
  return ok ? 0 : -1;
}

static void
usage (void)
{
  fprintf (stderr,
           "usage: relay-baseline --pairs N [--address IP] [--base-port P] "
           "[--ports-file FILE] [--batch B] [--quiet]\n");
  exit (2);
}

int
main (int   argc,
      char *argv[])
{
  static const struct option options[] = {
    { "pairs", required_argument, NULL, 'n' },
    { "address", required_argument, NULL, 'a' },
    { "base-port", required_argument, NULL, 'p' },
    { "ports-file", required_argument, NULL, 'f' },
    { "batch", required_argument, NULL, 'b' },
    { "quiet", no_argument, NULL, 'q' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
  };
  const char *address_text = "127.0.0.1", *ports_file = NULL;
  long pairs = 0, base_port = 0, batch_arg = 32;
  struct in_addr address;
  struct epoll_event events[MAX_EVENTS];
  sigset_t mask;
  int epfd, sigfd, option, running = 1;
  uint64_t start;

  while ((option = getopt_long (argc, argv, "n:a:p:f:b:qh", options, NULL)) != -1)
    {
      switch (option)
        {
        case 'n': pairs = strtol (optarg, NULL, 10); break;
        case 'a': address_text = optarg; break;
        case 'p': base_port = strtol (optarg, NULL, 10); break;
        case 'f': ports_file = optarg; break;
        case 'b': batch_arg = strtol (optarg, NULL, 10); break;
        case 'q': break;   /* nothing is printed per packet anyway */
        default: usage ();
        }
    }
  if (optind != argc || pairs <= 0 || pairs > 30000 || base_port < 0 ||
      (base_port > 0 && base_port + 2 * pairs > 65536) ||
      batch_arg < 1 || batch_arg > MAX_BATCH ||
      inet_pton (AF_INET, address_text, &address) != 1)
    usage ();
  batch = (unsigned) batch_arg;

  rng_state = now_ns () ^ ((uint64_t) getpid () << 32) ^ 0x9e3779b97f4a7c15ull;
  if (rng_state == 0)
    rng_state = 1;
  raise_fd_limit ();

  /* Signals arrive through the epoll set, between two batches. */
  sigemptyset (&mask);
  sigaddset (&mask, SIGTERM);
  sigaddset (&mask, SIGINT);
  sigaddset (&mask, SIGUSR1);
  sigprocmask (SIG_BLOCK, &mask, NULL);
  sigfd = signalfd (-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
  epfd = epoll_create1 (EPOLL_CLOEXEC);
  if (sigfd < 0 || epfd < 0)
    {
      perror ("relay-baseline: signalfd/epoll");
      return 1;
    }
  events[0] = (struct epoll_event) { .events = EPOLLIN, .data.u32 = SIGNAL_TAG };
  epoll_ctl (epfd, EPOLL_CTL_ADD, sigfd, &events[0]);

  n_legs = (unsigned) pairs * 2;
  legs = calloc (n_legs, sizeof *legs);
  if (legs == NULL)
    return 1;
  for (unsigned i = 0; i < n_legs; i++)
    {
      struct epoll_event event = { .events = EPOLLIN, .data.u32 = i };

      if (bind_leg (&legs[i], address, base_port ? (unsigned) base_port + i : 0) < 0 ||
          epoll_ctl (epfd, EPOLL_CTL_ADD, legs[i].fd, &event) < 0)
        {
          fprintf (stderr, "relay-baseline: socket %u (port %ld): %s\n", i,
                   base_port ? base_port + i : 0, strerror (errno));
          return 1;
        }
    }
  if (ports_file != NULL && write_ports_file (ports_file) < 0)
    {
      fprintf (stderr, "relay-baseline: cannot write %s: %s\n", ports_file, strerror (errno));
      return 1;
    }
  printf ("listening on %s:%u pairs=%ld\n", address_text, legs[0].port, pairs);
  fflush (stdout);

  start = now_ns ();
  while (running)
    {
      int n = epoll_wait (epfd, events, MAX_EVENTS, 1000);
      uint64_t now;

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          perror ("relay-baseline: epoll_wait");
          break;
        }
      counters.epoll_wakes++;
      now = now_ns ();
      for (int i = 0; i < n; i++)
        {
          if (events[i].data.u32 == SIGNAL_TAG)
            {
              struct signalfd_siginfo info;

              while (read (sigfd, &info, sizeof info) == sizeof info)
                {
                  if (info.ssi_signo == SIGUSR1)
                    print_counters ("stats", (now_ns () - start) / 1e9);
                  else
                    running = 0;
                }
              continue;
            }
          relay_from (events[i].data.u32, now);
        }
    }

  print_counters ("relay:", (now_ns () - start) / 1e9);
  for (unsigned i = 0; i < n_legs; i++)
    close (legs[i].fd);
  free (legs);
  close (epfd);
  close (sigfd);
  return 0;
}
