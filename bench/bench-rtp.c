/* bench-rtp.c - RTP on the wire for the load generators (see bench-rtp.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define _GNU_SOURCE

#include "bench-rtp.h"

#include "bench-util.h"

#include <string.h>
#include <sys/socket.h>

#define RX_BATCH  8
#define RX_BUFFER 1500

/* Version 2, no padding, extension or CSRC; payload type 0 (PCMU). */
void
bench_rtp_write_header (guchar   *packet,
                        gboolean  marker,
                        guint16   seq,
                        guint32   timestamp,
                        guint32   ssrc)
{
  packet[0] = 0x80;
  packet[1] = marker ? 0x80 : 0x00;
  bench_put16 (packet + 2, seq);
  bench_put32 (packet + 4, timestamp);
  bench_put32 (packet + 8, ssrc);
}

BenchRtpKind
bench_rtp_classify (const guchar *packet,
                    size_t        length)
{
  if (length < BENCH_RTP_HEADER || (packet[0] & 0xc0) != 0x80)
    return BENCH_RTP_NOT_RTP;
  if (packet[1] >= 200 && packet[1] <= 204)
    return BENCH_RTP_RTCP;
  return BENCH_RTP_PACKET;
}

/* Fixed header, CSRCs and the header extension if there is one: where the
 * payload starts.  It may lie past @length in a truncated packet. */
size_t
bench_rtp_header_length (const guchar *packet,
                         size_t        length)
{
  size_t header = BENCH_RTP_HEADER + 4 * (packet[0] & 0x0f);

  if ((packet[0] & 0x10) && length >= header + 4)
    header += 4 + 4 * (size_t) bench_get16 (packet + header + 2);
  return header;
}

/* ------------------------------------------------------------------ */
/* Receiver statistics (RFC 3550 A.1, without probation)                */

static void
close_epoch (BenchRtpReceiver *r)
{
  guint32 max_ext = r->cycles + r->max_seq;

  if (!r->have_ssrc)
    return;
  r->expected += (guint64) (max_ext - r->base_ext) + 1;
  r->received += r->epoch_received;
}

static void
start_epoch (BenchRtpReceiver *r,
             guint32           ssrc,
             guint16           seq)
{
  r->have_ssrc = TRUE;
  r->ssrc = ssrc;
  r->max_seq = seq;
  r->cycles = 0;
  r->base_ext = seq;
  r->epoch_received = 1;
}

/* A new SSRC, or a jump of more than 3000, starts a new epoch. */
void
bench_rtp_receiver_track (BenchRtpReceiver *r,
                          guint32           ssrc,
                          guint16           seq)
{
  guint16 delta;

  if (!r->have_ssrc || ssrc != r->ssrc)
    {
      if (r->have_ssrc)
        r->ssrc_changes++;
      close_epoch (r);
      start_epoch (r, ssrc, seq);
      return;
    }
  delta = (guint16) (seq - r->max_seq);
  if (delta == 0)
    r->dup++;
  else if (delta < 3000)
    {
      if (seq < r->max_seq)
        r->cycles += 65536;
      r->max_seq = seq;
      r->epoch_received++;
    }
  else if (delta > 65536 - 3000)
    r->epoch_received++;     /* late, within reason */
  else
    {
      r->seq_jumps++;
      close_epoch (r);
      start_epoch (r, ssrc, seq);
    }
}

/* Expected and received so far, the open epoch included. */
void
bench_rtp_receiver_counts (const BenchRtpReceiver *r,
                           guint64                *expected,
                           guint64                *received)
{
  *expected = r->expected;
  *received = r->received;
  if (r->have_ssrc)
    {
      *expected += (guint64) (r->cycles + r->max_seq - r->base_ext) + 1;
      *received += r->epoch_received;
    }
}

/* Closes the open epoch: expected and received are then the totals. */
void
bench_rtp_receiver_finish (BenchRtpReceiver *r)
{
  close_epoch (r);
  r->have_ssrc = FALSE;
}

/* ------------------------------------------------------------------ */
/* Receiving                                                            */

/* Reads what @fd has with recvmmsg() (two batches at most per call: fair
 * to the other sockets) and hands each datagram to @func with its kernel
 * arrival time (SO_TIMESTAMPNS); without one, with the time of reading,
 * and *@all_kernel_ts becomes FALSE.  One RTP thread only: the buffers are
 * static. */
void
bench_rtp_receive (int              fd,
                   BenchPacketFunc  func,
                   gpointer         user_data,
                   gboolean        *all_kernel_ts)
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
      n = recvmmsg (fd, msgs, RX_BATCH, MSG_DONTWAIT, NULL);
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
              *all_kernel_ts = FALSE;
              if (fallback_ns == 0)
                fallback_ns = bench_real_ns ();
              arrived = fallback_ns;
            }
          func (buffers[i], msgs[i].msg_len, arrived, user_data);
        }
      if (n < RX_BATCH)
        return;
    }
}
