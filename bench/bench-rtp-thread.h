/* bench-rtp-thread.h - the RTP side of the load generators (bridge-load,
 * conference-load): endpoints, each one UDP socket on 127.0.0.1 sending a
 * 20 ms PCMU stream, served by one thread with one epoll set and a 1 ms
 * timerfd; and the measuring window.
 *
 * Endpoint k sends at phase k × 20 ms / n, so that the load is spread over
 * the 20 ms like real phones, not sent in one burst.  What goes into a
 * packet and what a received one means is the program's: the thread calls
 * its `send`, `receive` and `snapshot` functions.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "bench-rtp.h"

#include <glib.h>
#include <netinet/in.h>
#include <pthread.h>

G_BEGIN_DECLS

#define BENCH_PTIME_NS      20000000ull     /* 20 ms */
#define BENCH_PCMU_FRAME    160             /* bytes (samples) per 20 ms */
#define BENCH_PACKETS_PER_S 50.0

/* What both generators keep per endpoint.  A program's endpoint type
 * starts with it (BenchRtpThread walks the program's array by size). */
typedef struct {
  /* Fixed once set up. */
  int                fd;
  int                rtcp_fd;       /* sip: RTCP sink on port + 1, or -1 */
  guint16            port;
  guint32            id;            /* index in the endpoint array */

  /* Written by the main thread before `active` is set (release). */
  struct sockaddr_in remote;
  int                active;        /* atomic */

  /* SIP, main thread only (bench-sip-client.c). */
  char              *session_id;
  gboolean           established;
  gboolean           ended;

  /* Sender: RTP thread only. */
  guint32            ssrc;
  guint16            seq;
  guint32            timestamp;
  guint32            sent;          /* packets sent (tried) */
  guint64            next_due;
  guint64            tx_errors;
  guint64            late_sends;    /* more than one period late */
  guint64            skipped;       /* slots skipped after a stall */
  guint64            sent_window_a; /* `sent` at the window's start */
  guint64            sent_window_b;

  /* Receiver: RTP thread only (read by main after the thread ended). */
  guint64            rx_total;
  guint64            rx_not_rtp;
  guint64            rx_rtcp;
  BenchRtpReceiver   rtp;
} BenchEndpoint;

void     bench_endpoint_init      (BenchEndpoint            *e,
                                   guint32                   id);
gboolean bench_endpoint_bind_pair (BenchEndpoint            *e,
                                   guint                    *next_port,
                                   guint                     last_port);
void     bench_endpoint_activate  (BenchEndpoint            *e,
                                   const struct sockaddr_in *remote);
gboolean bench_endpoint_send      (BenchEndpoint            *e,
                                   const guchar             *packet,
                                   size_t                    length);

typedef struct _BenchRtpThread BenchRtpThread;

/* Called on the RTP thread: send endpoint @e's next packet (advance
 * sent, seq and timestamp); handle one packet that arrived on @e; take
 * the program's window counters of @e (start or @end). */
typedef void (*BenchSendFunc)     (BenchEndpoint *e,
                                   gpointer       user_data);
typedef void (*BenchReceiveFunc)  (BenchEndpoint *e,
                                   const guchar  *packet,
                                   size_t         length,
                                   guint64        arrived_real_ns,
                                   guint64        now_mono_ns,
                                   gpointer       user_data);
typedef void (*BenchSnapshotFunc) (BenchEndpoint *e,
                                   gboolean       end,
                                   gpointer       user_data);

struct _BenchRtpThread {
  /* Set by the program before bench_rtp_thread_init (). */
  const char        *name;          /* "bridge-load": error messages */
  const char        *thread_name;   /* at most 15 characters */
  gpointer           endpoints;     /* the program's array */
  gsize              endpoint_size; /* sizeof one of its elements */
  guint              n_endpoints;
  BenchSendFunc      send;
  BenchReceiveFunc   receive;
  BenchSnapshotFunc  snapshot;
  gpointer           user_data;

  /* Read by the program's functions and its report. */
  int                recording;     /* inside the window (RTP thread) */
  gboolean           window_ended;
  guint64            start_ns;      /* monotonic: the thread started */
  gboolean           all_kernel_ts;
  guint64            tick_gap_max_ns;   /* in the window */
  guint64            tick_gaps_5ms;

  /* Private. */
  pthread_t          thread;
  gboolean           running;
  int                epfd;
  int                timerfd;
  int                stopfd;
  guint              cursor;
  int                sending;           /* atomic */
  guint64            window_start_ns;   /* atomic; 0 = not yet scheduled */
  guint64            window_end_ns;     /* atomic */
  gboolean           window_started;
  guint64            window_a_ns;
  guint64            window_b_ns;
  double             cpu_a_s, cpu_b_s;
  double             thread_cpu_a_s, thread_cpu_b_s;
  guint64            last_send_check_ns;
};

static inline BenchEndpoint *
bench_rtp_thread_endpoint (BenchRtpThread *t,
                           guint           k)
{
  return (BenchEndpoint *) ((guchar *) t->endpoints + (gsize) k * t->endpoint_size);
}

gboolean bench_rtp_thread_init            (BenchRtpThread *t);
void     bench_rtp_thread_watch           (BenchRtpThread *t,
                                           guint           k);
gboolean bench_rtp_thread_start           (BenchRtpThread *t);
void     bench_rtp_thread_stop_sending    (BenchRtpThread *t);
void     bench_rtp_thread_stop            (BenchRtpThread *t);
void     bench_rtp_thread_schedule_window (BenchRtpThread *t,
                                           guint64         now_ns,
                                           guint           warmup_s,
                                           guint           duration_s);
void     bench_rtp_thread_window_figures  (BenchRtpThread *t,
                                           double         *window_s,
                                           double         *cpu_pct,
                                           double         *thread_cpu_pct);
void     bench_rtp_thread_clear           (BenchRtpThread *t);

G_END_DECLS
