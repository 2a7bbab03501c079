/* bench-rtp.h - RTP on the wire for the load generators: the header, what
 * an RTP receiver counts (RFC 3550 A.1), and batched receiving with the
 * kernel's arrival times.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>
#include <stddef.h>

G_BEGIN_DECLS

#define BENCH_RTP_HEADER 12

static inline void
bench_put16 (guchar  *p,
             guint16  v)
{
  p[0] = (guchar) (v >> 8);
  p[1] = (guchar) v;
}

static inline void
bench_put32 (guchar  *p,
             guint32  v)
{
  p[0] = (guchar) (v >> 24);
  p[1] = (guchar) (v >> 16);
  p[2] = (guchar) (v >> 8);
  p[3] = (guchar) v;
}

static inline guint16
bench_get16 (const guchar *p)
{
  return (guint16) (p[0] << 8 | p[1]);
}

static inline guint32
bench_get32 (const guchar *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

void     bench_rtp_write_header  (guchar       *packet,
                                  gboolean      marker,
                                  guint16       seq,
                                  guint32       timestamp,
                                  guint32       ssrc);

typedef enum {
  BENCH_RTP_NOT_RTP,
  BENCH_RTP_RTCP,             /* RTCP on the RTP port (rtcp-mux) */
  BENCH_RTP_PACKET,
} BenchRtpKind;

BenchRtpKind bench_rtp_classify  (const guchar *packet,
                                  size_t        length);
size_t   bench_rtp_header_length (const guchar *packet,
                                  size_t        length);

/* What an RTP receiver counts over every packet it gets: an epoch per
 * SSRC; expected from the extended highest sequence number. */
typedef struct {
  gboolean have_ssrc;
  guint32  ssrc;
  guint16  max_seq;
  guint32  cycles;
  guint32  base_ext;
  guint64  epoch_received;
  guint64  expected;          /* closed epochs */
  guint64  received;          /* closed epochs */
  guint64  dup;
  guint64  ssrc_changes;
  guint64  seq_jumps;
} BenchRtpReceiver;

void     bench_rtp_receiver_track  (BenchRtpReceiver *receiver,
                                    guint32           ssrc,
                                    guint16           seq);
void     bench_rtp_receiver_counts (const BenchRtpReceiver *receiver,
                                    guint64                *expected,
                                    guint64                *received);
void     bench_rtp_receiver_finish (BenchRtpReceiver *receiver);

/* One datagram, and when it arrived (CLOCK_REALTIME, ns). */
typedef void (*BenchPacketFunc) (const guchar *packet,
                                 size_t        length,
                                 guint64       arrived_real_ns,
                                 gpointer      user_data);

void     bench_rtp_receive     (int              fd,
                                BenchPacketFunc  func,
                                gpointer         user_data,
                                gboolean        *all_kernel_ts);

G_END_DECLS
