/* bench-rtp-thread.c - the RTP side of the load generators (see
 * bench-rtp-thread.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define _GNU_SOURCE

#include "bench-rtp-thread.h"

#include "bench-util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#define TICK_NS           1000000ull      /* the sender's timer */
#define MAX_EVENTS        128
#define EVENTS_PER_SEND_CHECK 32          /* receive events between two looks at the clock */
#define SEND_BURST_TICKS  4               /* one call sends at most 4 ticks' worth */
#define RESYNC_NS         100000000ull    /* a slot more than 100 ms late is skipped */

#define TAG_TIMER         0xfffffffeu
#define TAG_STOP          0xffffffffu
#define TAG_RTCP          0x40000000u

/* ------------------------------------------------------------------ */
/* Endpoints                                                            */

/* A random SSRC, sequence number and timestamp, as a real sender has. */
void
bench_endpoint_init (BenchEndpoint *e,
                     guint32        id)
{
  e->id = id;
  e->rtcp_fd = -1;
  e->ssrc = g_random_int ();
  e->seq = (guint16) g_random_int ();
  e->timestamp = g_random_int ();
}

/* RTP on an even port from *@next_port on, an RTCP sink on the next one:
 * skips the pairs somebody else holds.  FALSE when none is left up to
 * @last_port. */
gboolean
bench_endpoint_bind_pair (BenchEndpoint *e,
                          guint         *next_port,
                          guint          last_port)
{
  e->fd = -1;
  for (; *next_port + 1 <= last_port && e->fd < 0; *next_port += 2)
    {
      e->fd = bench_udp_socket ((guint16) *next_port, &e->port);
      if (e->fd < 0)
        continue;
      e->rtcp_fd = bench_udp_socket ((guint16) (*next_port + 1), NULL);
      if (e->rtcp_fd < 0)
        {
          close (e->fd);
          e->fd = -1;
        }
    }
  return e->fd >= 0;
}

/* Main thread: from now on the RTP thread sends to @remote. */
void
bench_endpoint_activate (BenchEndpoint            *e,
                         const struct sockaddr_in *remote)
{
  e->remote = *remote;
  __atomic_store_n (&e->active, 1, __ATOMIC_RELEASE);
}

/* A packet that could not be sent counts in tx_errors. */
gboolean
bench_endpoint_send (BenchEndpoint *e,
                     const guchar  *packet,
                     size_t         length)
{
  ssize_t n = sendto (e->fd, packet, length, MSG_DONTWAIT,
                      (struct sockaddr *) &e->remote, sizeof e->remote);

  if (n == (ssize_t) length)
    return TRUE;
  e->tx_errors++;
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Sending                                                              */

/* Sends every packet due by @now, endpoints in phase order.  After a
 * stall it catches up at most SEND_BURST_TICKS ticks' worth per call, so
 * that one call never runs long (receiving must go on), and a slot more
 * than RESYNC_NS late is skipped rather than sent in a burst. */
static void
send_due (BenchRtpThread *t,
          guint64         now)
{
  guint n = t->n_endpoints;
  gboolean sending = __atomic_load_n (&t->sending, __ATOMIC_RELAXED);
  guint64 budget = MAX (64, n * SEND_BURST_TICKS * TICK_NS / BENCH_PTIME_NS);

  /* How late this thread runs: a long time between two calls means it
   * was busy or not scheduled (another process, or the hypervisor). */
  if (t->recording && t->last_send_check_ns != 0)
    {
      guint64 gap = now - t->last_send_check_ns;

      t->tick_gap_max_ns = MAX (t->tick_gap_max_ns, gap);
      if (gap > 5 * G_GUINT64_CONSTANT (1000000))
        t->tick_gaps_5ms++;
    }
  t->last_send_check_ns = now;

  for (; budget > 0; budget--)
    {
      BenchEndpoint *e = bench_rtp_thread_endpoint (t, t->cursor);
      gboolean active = sending && __atomic_load_n (&e->active, __ATOMIC_ACQUIRE);

      if (e->next_due > now)
        break;
      if (now - e->next_due > RESYNC_NS)
        {
          guint64 missed = (now - e->next_due) / BENCH_PTIME_NS;

          e->next_due += missed * BENCH_PTIME_NS;
          e->timestamp += (guint32) missed * BENCH_PCMU_FRAME;
          if (active)
            e->skipped += missed;
        }
      if (active)
        {
          if (now - e->next_due > BENCH_PTIME_NS)
            e->late_sends++;
          t->send (e, t->user_data);
        }
      else
        {
          /* Not sending yet: the clock of its stream runs anyway. */
          e->timestamp += BENCH_PCMU_FRAME;
        }
      e->next_due += BENCH_PTIME_NS;
      t->cursor = (t->cursor + 1) % n;
    }
}

/* ------------------------------------------------------------------ */
/* Receiving                                                            */

typedef struct {
  BenchRtpThread *thread;
  BenchEndpoint  *endpoint;
  guint64         now;
} Receiving;

static void
packet_cb (const guchar *packet,
           size_t        length,
           guint64       arrived_real_ns,
           gpointer      user_data)
{
  Receiving *r = user_data;

  r->thread->receive (r->endpoint, packet, length, arrived_real_ns, r->now,
                      r->thread->user_data);
}

static void
receive_from (BenchRtpThread *t,
              BenchEndpoint  *e,
              guint64         now)
{
  Receiving r = { t, e, now };

  bench_rtp_receive (e->fd, packet_cb, &r, &t->all_kernel_ts);
}

/* The RTCP sink only counts. */
static void
drain_rtcp (BenchEndpoint *e)
{
  guchar buffer[1500];

  for (int i = 0; i < 16; i++)
    {
      if (recv (e->rtcp_fd, buffer, sizeof buffer, MSG_DONTWAIT) < 0)
        return;
      e->rx_rtcp++;
    }
}

/* ------------------------------------------------------------------ */
/* The thread                                                           */

static void
snapshot (BenchRtpThread *t,
          gboolean        end)
{
  for (guint k = 0; k < t->n_endpoints; k++)
    {
      BenchEndpoint *e = bench_rtp_thread_endpoint (t, k);

      t->snapshot (e, end, t->user_data);
      if (end)
        e->sent_window_b = e->sent;
      else
        e->sent_window_a = e->sent;
    }
}

/* On this thread, so that the counters are read between two packets. */
static void
window_check (BenchRtpThread *t,
              guint64         now)
{
  guint64 start = __atomic_load_n (&t->window_start_ns, __ATOMIC_ACQUIRE);
  guint64 end = __atomic_load_n (&t->window_end_ns, __ATOMIC_ACQUIRE);

  if (!t->window_started && start != 0 && now >= start)
    {
      snapshot (t, FALSE);
      t->window_started = TRUE;
      t->recording = TRUE;
      t->window_a_ns = now;
      t->cpu_a_s = bench_clock_seconds (CLOCK_PROCESS_CPUTIME_ID);
      t->thread_cpu_a_s = bench_clock_seconds (CLOCK_THREAD_CPUTIME_ID);
      bench_say ("WINDOW_START");
    }
  if (t->window_started && !t->window_ended && end != 0 && now >= end)
    {
      snapshot (t, TRUE);
      t->window_ended = TRUE;
      t->recording = FALSE;
      t->window_b_ns = now;
      t->cpu_b_s = bench_clock_seconds (CLOCK_PROCESS_CPUTIME_ID);
      t->thread_cpu_b_s = bench_clock_seconds (CLOCK_THREAD_CPUTIME_ID);
      bench_say ("WINDOW_END");
    }
}

static void *
rtp_thread (void *data)
{
  BenchRtpThread *t = data;
  struct epoll_event events[MAX_EVENTS];

  for (;;)
    {
      int n = epoll_wait (t->epfd, events, MAX_EVENTS, 100);
      guint64 now = bench_mono_ns ();

      if (n < 0 && errno != EINTR)
        {
          g_printerr ("%s: epoll_wait: %s\n", t->name, g_strerror (errno));
          break;
        }
      window_check (t, now);
      for (int i = 0; i < n; i++)
        {
          guint32 tag = events[i].data.u32;

          if (tag == TAG_STOP)
            return NULL;
          if (tag == TAG_TIMER)
            {
              guint64 expirations;

              if (read (t->timerfd, &expirations, sizeof expirations) < 0 &&
                  errno != EAGAIN)
                g_printerr ("%s: timerfd: %s\n", t->name, g_strerror (errno));
              send_due (t, bench_mono_ns ());
            }
          else if (tag & TAG_RTCP)
            drain_rtcp (bench_rtp_thread_endpoint (t, tag & ~TAG_RTCP));
          else
            receive_from (t, bench_rtp_thread_endpoint (t, tag), now);

          /* Sending on time comes first: between receive events too. */
          if ((i + 1) % EVENTS_PER_SEND_CHECK == 0)
            {
              guint64 now2 = bench_mono_ns ();

              if (bench_rtp_thread_endpoint (t, t->cursor)->next_due <= now2)
                send_due (t, now2);
            }
        }
    }
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Main thread                                                          */

gboolean
bench_rtp_thread_init (BenchRtpThread *t)
{
  t->timerfd = -1;
  t->stopfd = -1;
  t->epfd = epoll_create1 (EPOLL_CLOEXEC);
  return t->epfd >= 0;
}

/* Endpoint @k's sockets (opened by the program) join the epoll set. */
void
bench_rtp_thread_watch (BenchRtpThread *t,
                        guint           k)
{
  BenchEndpoint *e = bench_rtp_thread_endpoint (t, k);
  struct epoll_event event = { .events = EPOLLIN };

  if (e->rtcp_fd >= 0)
    {
      event.data.u32 = k | TAG_RTCP;
      epoll_ctl (t->epfd, EPOLL_CTL_ADD, e->rtcp_fd, &event);
    }
  event.data.u32 = k;
  epoll_ctl (t->epfd, EPOLL_CTL_ADD, e->fd, &event);
}

/* Starts the thread; the endpoints send once they are active. */
gboolean
bench_rtp_thread_start (BenchRtpThread *t)
{
  struct itimerspec period = {
    .it_interval = { 0, TICK_NS },
    .it_value = { 0, TICK_NS },
  };
  struct epoll_event event = { .events = EPOLLIN };

  t->start_ns = bench_mono_ns ();
  for (guint k = 0; k < t->n_endpoints; k++)
    bench_rtp_thread_endpoint (t, k)->next_due = t->start_ns + BENCH_PTIME_NS * k / t->n_endpoints;
  t->cursor = 0;
  t->all_kernel_ts = TRUE;

  t->timerfd = timerfd_create (CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  t->stopfd = eventfd (0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (t->timerfd < 0 || t->stopfd < 0 ||
      timerfd_settime (t->timerfd, 0, &period, NULL) < 0)
    return FALSE;
  event.data.u32 = TAG_TIMER;
  epoll_ctl (t->epfd, EPOLL_CTL_ADD, t->timerfd, &event);
  event.data.u32 = TAG_STOP;
  epoll_ctl (t->epfd, EPOLL_CTL_ADD, t->stopfd, &event);
  __atomic_store_n (&t->sending, 1, __ATOMIC_RELEASE);
  if (pthread_create (&t->thread, NULL, rtp_thread, t) != 0)
    return FALSE;
  pthread_setname_np (t->thread, t->thread_name);
  t->running = TRUE;
  return TRUE;
}

/* The streams stop; receiving goes on (what is in flight arrives). */
void
bench_rtp_thread_stop_sending (BenchRtpThread *t)
{
  __atomic_store_n (&t->sending, 0, __ATOMIC_RELEASE);
}

/* Joins the thread: its counters are then the main thread's to read. */
void
bench_rtp_thread_stop (BenchRtpThread *t)
{
  guint64 one = 1;

  if (!t->running)
    return;
  if (write (t->stopfd, &one, sizeof one) != sizeof one)
    g_printerr ("%s: eventfd: %s\n", t->name, g_strerror (errno));
  pthread_join (t->thread, NULL);
  t->running = FALSE;
}

/* The window runs from @warmup_s after @now_ns to 1 s before the end of
 * the @duration_s hold, so that neither the start nor the drain is in it. */
void
bench_rtp_thread_schedule_window (BenchRtpThread *t,
                                  guint64         now_ns,
                                  guint           warmup_s,
                                  guint           duration_s)
{
  __atomic_store_n (&t->window_end_ns,
                    now_ns + (guint64) (duration_s - 1) * G_GUINT64_CONSTANT (1000000000),
                    __ATOMIC_RELEASE);
  __atomic_store_n (&t->window_start_ns,
                    now_ns + (guint64) warmup_s * G_GUINT64_CONSTANT (1000000000),
                    __ATOMIC_RELEASE);
}

/* The window's length (0 if it never ended) and this process's CPU and
 * the RTP thread's over it, in % of one core. */
void
bench_rtp_thread_window_figures (BenchRtpThread *t,
                                 double         *window_s,
                                 double         *cpu_pct,
                                 double         *thread_cpu_pct)
{
  *window_s = t->window_ended ? (t->window_b_ns - t->window_a_ns) / 1e9 : 0;
  *cpu_pct = 0;
  *thread_cpu_pct = 0;
  if (*window_s > 0)
    {
      *cpu_pct = 100.0 * (t->cpu_b_s - t->cpu_a_s) / *window_s;
      *thread_cpu_pct = 100.0 * (t->thread_cpu_b_s - t->thread_cpu_a_s) / *window_s;
    }
}

/* Stops the thread and closes every socket. */
void
bench_rtp_thread_clear (BenchRtpThread *t)
{
  bench_rtp_thread_stop (t);
  for (guint k = 0; k < t->n_endpoints && t->endpoints != NULL; k++)
    {
      BenchEndpoint *e = bench_rtp_thread_endpoint (t, k);

      if (e->fd >= 0)
        close (e->fd);
      if (e->rtcp_fd >= 0)
        close (e->rtcp_fd);
    }
  if (t->epfd >= 0)
    close (t->epfd);
  if (t->timerfd >= 0)
    close (t->timerfd);
  if (t->stopfd >= 0)
    close (t->stopfd);
  t->epfd = t->timerfd = t->stopfd = -1;
}
