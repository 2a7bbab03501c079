/* sc-media-leg.c: one call's RTP, as the media engine runs it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A leg is a socket pair, the codec the SDP negotiated, and everything
 * one RTP session needs on its own: sending 20 ms packets of its source
 * (silence, a tone, music on hold) or RFC 4733 telephone-events while
 * digits are queued; receiving, with RFC 3550 sequence, loss and jitter
 * accounting, DTMF detection and optional capture; RTCP reports both ways
 * (GstRTCPBuffer writes and reads them).
 *
 * Symmetric RTP: a leg sends from the socket it receives on, to the
 * address of the peer's SDP, and latches onto the address packets really
 * come from (what a NATed phone needs).
 *
 * Its route (sc-media-route.h), when it has one, sees every valid packet
 * after the leg has counted it, and may supply what the leg sends each
 * tick. The leg's own events (flow, DTMF) go to the engine's owner
 * whatever the route.
 *
 * Whatever the route, the peer sees one RTP stream: the leg owns its SSRC,
 * sequence and clock, and stamps what a relay hands it as its own
 * (_sc_media_leg_send_relayed ()). The clock is the tick's: 160 per 20 ms.
 * A relayed stretch keeps the source's own timing (an RFC 4733 event's
 * packets share one timestamp), shifted by an offset fixed where the
 * stretch starts, so that it starts at our clock's present; when the tick
 * takes over again, the clock goes on from where it is, never back before
 * what the relay sent. Each switch is marked.
 *
 * Everything here runs with the engine lock held: in the media thread
 * (drain, tick), or in the owner's thread through the functions of
 * sc-media-leg.h, which take it.
 */

#define _GNU_SOURCE    /* recvmmsg () */
#include "config.h"

#include "sc-media-leg.h"
#include "sc-media-leg-private.h"

#include <errno.h>
#include <string.h>
#include <time.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <gst/gst.h>
#include <gst/rtp/gstrtcpbuffer.h>

#include "sc-error.h"
#include "sc-media-engine-private.h"
#include "sc-media-route.h"

#define SAMPLES_PER_PACKET  SC_MEDIA_SAMPLES_PER_TICK  /* 20 ms at 8 kHz */
#define FLOW_TIMEOUT_US     (2 * G_USEC_PER_SEC)
#define RTCP_INTERVAL_US    (5 * G_USEC_PER_SEC)
#define DTMF_PACKETS        5              /* 100 ms per digit */
#define DTMF_GAP_TICKS      3              /* 60 ms between digits */
#define DTMF_END_REPEATS    3              /* RFC 4733 2.5.1.4 */
#define NTP_UNIX_OFFSET     G_GUINT64_CONSTANT (2208988800)
#define TICK_US             (SAMPLES_PER_PACKET * G_USEC_PER_SEC / 8000)
/* A relayed source's timing further than this from our clock is not
 * timing any more (the source jumped or restarted): start a new stretch.
 * Far beyond network jitter; RFC 4733 events are exempt (theirs stays at
 * the event's start for as long as the key is held). */
#define RELAY_MAX_SKEW      (8000 / 2)
/* Datagrams per recvmmsg (): one call reads a paced leg's tick, or an
 * immediate leg's wake-up, in the usual case of one or two packets. */
#define RECEIVE_BATCH       8

struct _ScMediaReceiveBuffers
{
  struct mmsghdr           msgs[RECEIVE_BATCH];
  struct iovec             iov[RECEIVE_BATCH];
  struct sockaddr_storage  from[RECEIVE_BATCH];
  guint8                   control[RECEIVE_BATCH][CMSG_SPACE (sizeof (struct timespec))];
  guint8                   data[RECEIVE_BATCH][SC_MEDIA_MAX_PACKET];
  gint64                   real_minus_monotonic_us;
};

struct _ScMediaLeg
{
  guint             slot;              /* in the engine's table */
  ScMediaEngine    *engine;
  char             *id;
  GSocket          *rtp_socket;
  GSocket          *rtcp_socket;
  int               rtp_fd;
  int               rtcp_fd;

  gboolean          configured;
  struct sockaddr_storage sdp_remote;  /* as the SDP says */
  socklen_t         sdp_remote_len;
  struct sockaddr_storage remote;      /* where we send: SDP or latched */
  socklen_t         remote_len;
  struct sockaddr_storage remote_rtcp;
  socklen_t         remote_rtcp_len;
  gboolean          latched;
  ScG711Law         law;
  guint8            payload_type;
  int               te_pt;
  gboolean          send;
  gboolean          muted;

  ScAudioSource    *source;
  gsize             position;
  ScMediaRoute     *route;             /* NULL: unbridged */
  gboolean          immediate;         /* epoll wakes the thread for its RTP */
  gboolean          route_immediate;   /* because the route asked for it */

  /* sending */
  guint32           ssrc;
  guint16           seq;
  guint32           timestamp;         /* of the next tick's packet */
  gint64            tick_us;           /* when the clock last advanced */
  gboolean          marker;
  gboolean          sent_any;
  guint32           last_ts;           /* of the last packet sent */
  gint64            last_sent_us;
  gboolean          relaying;          /* the last packet sent was relayed */
  guint32           relay_ssrc;        /* whose timing the stretch keeps */
  guint32           relay_offset;      /* ours = theirs + offset */
  GString          *dtmf_queue;
  int               dtmf_event;        /* -1: none in progress */
  guint32           dtmf_timestamp;
  guint             dtmf_packets;
  guint             dtmf_gap;

  /* receiving (RFC 3550 appendix A) */
  ScMediaStats      stats;
  gboolean          have_seq;
  guint16           max_seq;
  guint32           cycles;
  guint32           base_seq;
  guint64           received;
  guint64           lost_before;       /* by earlier sources (SSRCs) */
  gboolean          have_transit;
  gint64            transit;
  double            jitter;            /* timestamp units */
  gint64            last_rx_us;
  gboolean          flowing;
  guint32           remote_ssrc;
  gboolean          dtmf_ts_valid;
  guint32           last_dtmf_ts;
  guint32           lsr;
  gint64            lsr_at_us;
  gint64            next_rtcp_us;

  GArray           *capture;
  guint             capture_max;
};

static void
queue_event (ScMediaLeg       *leg,
             ScMediaEventType  type,
             char              digit,
             guint             duration_ms)
{
  _sc_media_engine_queue_leg_event (leg->engine, type, leg->id, digit, duration_ms);
}

/* ------------------------------------------------------------------ */
/* Sending                                                              */

static gboolean
send_to (ScMediaLeg *leg,
         int         fd,
         const void *data,
         gsize       len,
         gboolean    rtcp)
{
  const struct sockaddr_storage *to = rtcp ? &leg->remote_rtcp : &leg->remote;
  socklen_t to_len = rtcp ? leg->remote_rtcp_len : leg->remote_len;

  if (sendto (fd, data, len, MSG_DONTWAIT, (const struct sockaddr *) to, to_len) < 0)
    return FALSE;  /* ICMP errors and full buffers are not worth more than a drop */
  if (!rtcp)
    {
      leg->stats.packets_sent++;
      leg->stats.bytes_sent += len - 12;
    }
  return TRUE;
}

/* Our RTP clock at @now_us: the last tick's timestamp, plus the time
 * since. Between ticks it says where a relayed packet falls. */
static guint32
clock_now (ScMediaLeg *leg,
           gint64      now_us)
{
  return leg->timestamp - SAMPLES_PER_PACKET +
         (guint32) ((now_us - leg->tick_us) * 8000 / G_USEC_PER_SEC);
}

/* Sends at @timestamp from now on, if the clock is behind it: the stream
 * never goes back in time. Moving the clock, not just this packet, keeps
 * every later packet after it too. */
static guint32
not_before_last (ScMediaLeg *leg,
                 guint32     timestamp)
{
  guint32 wanted;

  if (!leg->sent_any || (gint32) (timestamp - leg->last_ts) > 0)
    return timestamp;
  /* One sample on, not a packet: a packet each time would add up over
   * many switches, and the marker lets the receiver re-align anyway. */
  wanted = leg->last_ts + 1;
  leg->timestamp += wanted - timestamp;
  return wanted;
}

/* The tick sends the leg's own packet after relayed ones. */
static void
leave_relaying (ScMediaLeg *leg)
{
  if (!leg->relaying)
    return;
  leg->relaying = FALSE;
  leg->marker = TRUE;
  leg->timestamp = not_before_last (leg, leg->timestamp);
}

static gsize
write_rtp_header (ScMediaLeg *leg,
                  guint8     *packet,
                  guint8      payload_type,
                  gboolean    marker,
                  guint32     timestamp)
{
  packet[0] = 0x80;                                   /* version 2 */
  packet[1] = (marker ? 0x80 : 0) | (payload_type & 0x7f);
  packet[2] = leg->seq >> 8;
  packet[3] = leg->seq & 0xff;
  packet[4] = timestamp >> 24;
  packet[5] = (timestamp >> 16) & 0xff;
  packet[6] = (timestamp >> 8) & 0xff;
  packet[7] = timestamp & 0xff;
  packet[8] = leg->ssrc >> 24;
  packet[9] = (leg->ssrc >> 16) & 0xff;
  packet[10] = (leg->ssrc >> 8) & 0xff;
  packet[11] = leg->ssrc & 0xff;
  leg->seq++;
  leg->last_ts = timestamp;
  leg->sent_any = TRUE;
  return 12;
}

/* The next 20 ms: from the route if it has them, else from the source. */
static void
send_audio (ScMediaLeg *leg,
            gint64      now_us)
{
  guint8 packet[12 + SAMPLES_PER_PACKET];
  gint16 frame[SAMPLES_PER_PACKET];
  ScMediaFill fill = SC_MEDIA_FILL_SOURCE;
  gsize offset;

  if (leg->route != NULL && leg->route->funcs->fill != NULL)
    {
      fill = leg->route->funcs->fill (leg->route, leg, frame, now_us);
      if (fill == SC_MEDIA_FILL_NOTHING)
        return;
    }

  leave_relaying (leg);
  offset = write_rtp_header (leg, packet, leg->payload_type, leg->marker,
                             leg->timestamp);
  leg->marker = FALSE;
  if (leg->muted || (fill == SC_MEDIA_FILL_SOURCE && leg->source == NULL))
    memset (packet + offset, _sc_g711_silence (leg->law), SAMPLES_PER_PACKET);
  else
    {
      if (fill == SC_MEDIA_FILL_SOURCE)
        {
          gsize n;
          const gint16 *samples = _sc_audio_source_get_samples (leg->source, &n);

          for (guint i = 0; i < SAMPLES_PER_PACKET; i++)
            {
              frame[i] = samples[leg->position];
              if (++leg->position >= n)
                leg->position = 0;
            }
        }
      _sc_g711_encode (leg->law, frame, packet + offset, SAMPLES_PER_PACKET);
    }
  send_to (leg, leg->rtp_fd, packet, sizeof packet, FALSE);
}

static int
dtmf_event_code (char digit)
{
  const char *digits = "0123456789*#ABCD";
  const char *found = strchr (digits, g_ascii_toupper (digit));

  return found && digit != '\0' ? (int) (found - digits) : -1;
}

static void
send_dtmf_packet (ScMediaLeg *leg,
                  gboolean    end,
                  guint       duration)
{
  guint8 packet[12 + 4];
  gsize offset = write_rtp_header (leg, packet, (guint8) leg->te_pt,
                                   leg->dtmf_packets == 0 && !end,
                                   leg->dtmf_timestamp);

  packet[offset] = (guint8) leg->dtmf_event;
  packet[offset + 1] = (end ? 0x80 : 0) | 10;         /* volume -10 dBm0 */
  packet[offset + 2] = duration >> 8;
  packet[offset + 3] = duration & 0xff;
  send_to (leg, leg->rtp_fd, packet, sizeof packet, FALSE);
}

/* One 20 ms step of RFC 4733 sending; FALSE when no digit is in play. */
static gboolean
dtmf_tick (ScMediaLeg *leg)
{
  if (leg->dtmf_event < 0)
    {
      if (leg->dtmf_gap > 0)
        {
          leg->dtmf_gap--;
          return FALSE;
        }
      while (leg->dtmf_queue->len > 0 && leg->dtmf_event < 0)
        {
          leg->dtmf_event = dtmf_event_code (leg->dtmf_queue->str[0]);
          g_string_erase (leg->dtmf_queue, 0, 1);
        }
      if (leg->dtmf_event < 0)
        return FALSE;
      leave_relaying (leg);
      leg->dtmf_timestamp = leg->timestamp;
      leg->dtmf_packets = 0;
    }

  if (leg->dtmf_packets + 1 < DTMF_PACKETS)
    {
      send_dtmf_packet (leg, FALSE, (leg->dtmf_packets + 1) * SAMPLES_PER_PACKET);
      leg->dtmf_packets++;
      return TRUE;
    }

  /* The end of the event, sent three times with its final duration. */
  for (guint i = 0; i < DTMF_END_REPEATS; i++)
    send_dtmf_packet (leg, TRUE, DTMF_PACKETS * SAMPLES_PER_PACKET);
  leg->stats.dtmf_events_sent++;
  leg->dtmf_event = -1;
  leg->dtmf_gap = DTMF_GAP_TICKS;
  leg->marker = TRUE;
  return TRUE;
}

static void
send_rtcp (ScMediaLeg *leg,
           gint64      now_us)
{
  GstBuffer *buffer = gst_rtcp_buffer_new (1400);
  GstRTCPBuffer rtcp = GST_RTCP_BUFFER_INIT;
  GstRTCPPacket packet;
  GstMapInfo map;
  const char *cname = "sessioncore";

  gst_rtcp_buffer_map (buffer, GST_MAP_READWRITE, &rtcp);

  if (leg->stats.packets_sent > 0)
    {
      gint64 wall = g_get_real_time ();
      guint64 ntp = ((guint64) (wall / G_USEC_PER_SEC) + NTP_UNIX_OFFSET) << 32 |
                    (((guint64) (wall % G_USEC_PER_SEC) << 32) / G_USEC_PER_SEC);

      /* The RTP time of this very moment on the stream the peer sees:
       * the relayed stretch's, when a relay is sending. */
      guint32 rtp_now = leg->relaying
        ? leg->last_ts + (guint32) ((now_us - leg->last_sent_us) * 8000 / G_USEC_PER_SEC)
        : clock_now (leg, now_us);

      gst_rtcp_buffer_add_packet (&rtcp, GST_RTCP_TYPE_SR, &packet);
      gst_rtcp_packet_sr_set_sender_info (&packet, leg->ssrc, ntp, rtp_now,
                                          (guint32) leg->stats.packets_sent,
                                          (guint32) leg->stats.bytes_sent);
    }
  else
    {
      gst_rtcp_buffer_add_packet (&rtcp, GST_RTCP_TYPE_RR, &packet);
      gst_rtcp_packet_rr_set_ssrc (&packet, leg->ssrc);
    }

  if (leg->have_seq)
    {
      guint32 extended_max = leg->cycles + leg->max_seq;
      guint64 expected = (guint64) extended_max - leg->base_seq + 1;
      gint64 lost = (gint64) expected - (gint64) leg->received;
      guint32 dlsr = leg->lsr_at_us
        ? (guint32) (((now_us - leg->lsr_at_us) * 65536) / G_USEC_PER_SEC) : 0;

      gst_rtcp_packet_add_rb (&packet, leg->remote_ssrc, 0,
                              (gint32) CLAMP (lost, 0, 0x7fffff),
                              extended_max, (guint32) leg->jitter,
                              leg->lsr, dlsr);
    }

  gst_rtcp_buffer_add_packet (&rtcp, GST_RTCP_TYPE_SDES, &packet);
  gst_rtcp_packet_sdes_add_item (&packet, leg->ssrc);
  gst_rtcp_packet_sdes_add_entry (&packet, GST_RTCP_SDES_CNAME,
                                  (guint8) strlen (cname), (const guint8 *) cname);
  gst_rtcp_buffer_unmap (&rtcp);

  if (gst_buffer_map (buffer, &map, GST_MAP_READ))
    {
      send_to (leg, leg->rtcp_fd, map.data, map.size, TRUE);
      leg->stats.rtcp_sent++;
      gst_buffer_unmap (buffer, &map);
    }
  gst_buffer_unref (buffer);
}

/* One 20 ms step of the leg, called by the engine. */
void
_sc_media_leg_tick (ScMediaLeg *leg,
                    gint64      now_us)
{
  if (leg->route != NULL && leg->route->funcs->tick != NULL)
    leg->route->funcs->tick (leg->route, leg, now_us);

  if (!leg->configured)
    return;

  if (leg->flowing && now_us - leg->last_rx_us > FLOW_TIMEOUT_US)
    {
      leg->flowing = FALSE;
      queue_event (leg, SC_MEDIA_EVENT_FLOW_STOPPED, 0, 0);
    }

  if (leg->send)
    {
      if (!dtmf_tick (leg))
        send_audio (leg, now_us);
    }
  /* The clock runs on while we do not send (or a relay sends for us),
   * so a resumed stream keeps its timeline. */
  leg->timestamp += SAMPLES_PER_PACKET;
  leg->tick_us = now_us;

  if (now_us >= leg->next_rtcp_us)
    {
      leg->next_rtcp_us = now_us + RTCP_INTERVAL_US;
      send_rtcp (leg, now_us);
    }
}

/* ------------------------------------------------------------------ */
/* Receiving                                                            */

/* Packets lost by the current source (RFC 3550 A.3). */
static guint64
leg_lost (ScMediaLeg *leg)
{
  guint64 expected;

  if (!leg->have_seq)
    return 0;
  expected = (guint64) (leg->cycles + leg->max_seq) - leg->base_seq + 1;
  return expected > leg->received ? expected - leg->received : 0;
}

static void
update_sequence (ScMediaLeg *leg,
                 guint16     seq)
{
  guint16 delta;

  if (!leg->have_seq)
    {
      leg->have_seq = TRUE;
      leg->base_seq = seq;
      leg->max_seq = seq;
      leg->cycles = 0;
      leg->received = 1;
      return;
    }

  delta = seq - leg->max_seq;
  if (delta < 3000)
    {
      if (seq < leg->max_seq)
        leg->cycles += 65536;
      leg->max_seq = seq;
    }
  else if (delta <= 65536 - 100)
    {
      /* A jump: the sender restarted; count from here. */
      leg->stats.sequence_jumps++;
      leg->base_seq = seq;
      leg->max_seq = seq;
      leg->cycles = 0;
      leg->received = 0;
    }
  /* else: a late or duplicate packet. */
  leg->received++;
}

static void
update_jitter (ScMediaLeg *leg,
               guint32     timestamp,
               gint64      now_us)
{
  gint64 arrival = now_us * 8000 / G_USEC_PER_SEC;
  gint64 transit = arrival - (gint64) timestamp;

  if (leg->have_transit)
    {
      gint64 d = ABS (transit - leg->transit);

      /* Only the low 32 bits of the timestamp are meaningful. */
      if (d < G_MAXINT32)
        leg->jitter += ((double) d - leg->jitter) / 16.0;
    }
  leg->transit = transit;
  leg->have_transit = TRUE;
}

static void
receive_dtmf (ScMediaLeg   *leg,
              const guint8 *payload,
              gsize         len,
              guint32       timestamp)
{
  const char *digits = "0123456789*#ABCD";
  guint event, duration;

  if (len < 4)
    return;
  event = payload[0];
  duration = (payload[2] << 8) | payload[3];
  if (!(payload[1] & 0x80) || event > 15)
    return;
  /* The end is repeated: report each event (one timestamp) once. */
  if (leg->dtmf_ts_valid && leg->last_dtmf_ts == timestamp)
    return;
  leg->dtmf_ts_valid = TRUE;
  leg->last_dtmf_ts = timestamp;
  queue_event (leg, SC_MEDIA_EVENT_DTMF, digits[event], duration / 8);
}

static void
capture_audio (ScMediaLeg   *leg,
               const guint8 *payload,
               gsize         len)
{
  gint16 pcm[SC_MEDIA_MAX_PACKET];
  guint excess;

  len = MIN (len, G_N_ELEMENTS (pcm));
  _sc_g711_decode (leg->law, payload, pcm, len);
  g_array_append_vals (leg->capture, pcm, (guint) len);
  if (leg->capture->len > leg->capture_max)
    {
      excess = leg->capture->len - leg->capture_max;
      g_array_remove_range (leg->capture, 0, excess);
    }
}


static guint16
address_port (const struct sockaddr *address)
{
  if (address->sa_family == AF_INET)
    return ntohs (((const struct sockaddr_in *) address)->sin_port);
  if (address->sa_family == AF_INET6)
    return ntohs (((const struct sockaddr_in6 *) address)->sin6_port);
  return 0;
}

static void
receive_rtp (ScMediaLeg                    *leg,
             guint8                        *packet,
             gsize                          len,
             const struct sockaddr_storage *from,
             socklen_t                      from_len,
             gint64                         now_us)
{
  gsize datagram_len = len;
  gsize header = 12;
  guint8 payload_type;
  guint32 timestamp, ssrc;

  if (len < 12 || (packet[0] >> 6) != 2)
    return;
  header += 4 * (packet[0] & 0x0f);                   /* CSRCs */
  if (packet[0] & 0x10)                               /* extension */
    {
      if (len < header + 4)
        return;
      header += 4 + 4 * ((packet[header + 2] << 8) | packet[header + 3]);
    }
  if (packet[0] & 0x20)                               /* padding */
    {
      if (packet[len - 1] > len)
        return;
      len -= packet[len - 1];
    }
  if (header > len)
    return;

  payload_type = packet[1] & 0x7f;
  timestamp = (guint32) packet[4] << 24 | packet[5] << 16 | packet[6] << 8 | packet[7];
  ssrc = (guint32) packet[8] << 24 | packet[9] << 16 | packet[10] << 8 | packet[11];
  if (leg->have_seq && ssrc != leg->remote_ssrc)
    {
      /* A new source (a restarted phone, a transfer): its sequence and
       * timing start afresh; what the old one lost stays counted. */
      leg->stats.ssrc_changes++;
      leg->lost_before += leg_lost (leg);
      leg->have_seq = FALSE;
      leg->have_transit = FALSE;
    }
  leg->remote_ssrc = ssrc;

  /* Symmetric RTP: answer where the packets come from — unless they come
   * from port 0, where nothing can be sent (SIPp's pcap play, from a raw
   * socket, does that): then the SDP's address stays. */
  if (!leg->latched && leg->configured && address_port ((const struct sockaddr *) from) != 0)
    {
      memcpy (&leg->remote, from, from_len);
      leg->remote_len = from_len;
      memcpy (&leg->remote_rtcp, from, from_len);
      leg->remote_rtcp_len = from_len;
      if (from->ss_family == AF_INET)
        ((struct sockaddr_in *) &leg->remote_rtcp)->sin_port =
          htons (ntohs (((struct sockaddr_in *) from)->sin_port) + 1);
      else if (from->ss_family == AF_INET6)
        ((struct sockaddr_in6 *) &leg->remote_rtcp)->sin6_port =
          htons (ntohs (((struct sockaddr_in6 *) from)->sin6_port) + 1);
      leg->latched = TRUE;
    }

  leg->stats.packets_received++;
  leg->stats.bytes_received += len - header;
  update_sequence (leg, (guint16) (packet[2] << 8 | packet[3]));
  /* The packets of one telephone-event share a timestamp: they say
   * nothing about jitter. */
  if (payload_type != leg->te_pt)
    update_jitter (leg, timestamp, now_us);
  leg->last_rx_us = now_us;
  if (!leg->flowing)
    {
      leg->flowing = TRUE;
      queue_event (leg, SC_MEDIA_EVENT_FLOW_STARTED, 0, 0);
    }

  if (leg->te_pt >= 0 && payload_type == leg->te_pt)
    receive_dtmf (leg, packet + header, len - header, timestamp);
  else if (payload_type == leg->payload_type && leg->capture != NULL)
    capture_audio (leg, packet + header, len - header);

  if (leg->route != NULL && leg->route->funcs->receive != NULL)
    {
      ScMediaRtpPacket parsed = {
        .data = packet,
        .len = datagram_len,
        .payload_offset = header,
        .payload_len = len - header,
        .payload_type = payload_type,
        .marker = (packet[1] & 0x80) != 0,
        .seq = (guint16) (packet[2] << 8 | packet[3]),
        .timestamp = timestamp,
        .ssrc = ssrc,
      };

      leg->route->funcs->receive (leg->route, leg, &parsed, now_us);
    }
}

static void
receive_rtcp (ScMediaLeg   *leg,
              guint8       *data,
              gsize         len,
              gint64        now_us)
{
  GstBuffer *buffer;
  GstRTCPBuffer rtcp = GST_RTCP_BUFFER_INIT;
  GstRTCPPacket packet;

  if (!gst_rtcp_buffer_validate_data (data, (guint) len))
    return;
  leg->stats.rtcp_received++;

  buffer = gst_buffer_new_wrapped_full (GST_MEMORY_FLAG_READONLY, data, len, 0,
                                        len, NULL, NULL);
  if (gst_rtcp_buffer_map (buffer, GST_MAP_READ, &rtcp))
    {
      if (gst_rtcp_buffer_get_first_packet (&rtcp, &packet) &&
          gst_rtcp_packet_get_type (&packet) == GST_RTCP_TYPE_SR)
        {
          guint64 ntp;

          gst_rtcp_packet_sr_get_sender_info (&packet, NULL, &ntp, NULL, NULL, NULL);
          leg->lsr = (guint32) (ntp >> 16);
          leg->lsr_at_us = now_us;
        }
      gst_rtcp_buffer_unmap (&rtcp);
    }
  gst_buffer_unref (buffer);
}

/* ------------------------------------------------------------------ */
/* For the engine                                                       */

ScMediaLeg *
_sc_media_leg_new (ScMediaEngine *engine,
                   const char    *id,
                   GSocket       *rtp_socket,
                   GSocket       *rtcp_socket)
{
  ScMediaLeg *leg = g_new0 (ScMediaLeg, 1);

  leg->engine = engine;
  leg->id = g_strdup (id);
  leg->rtp_socket = g_object_ref (rtp_socket);
  leg->rtcp_socket = g_object_ref (rtcp_socket);
  leg->rtp_fd = g_socket_get_fd (rtp_socket);
  leg->rtcp_fd = g_socket_get_fd (rtcp_socket);
  /* Paced, the leg reads its RTP at the tick: the kernel says when each
   * packet really came. */
  if (setsockopt (leg->rtp_fd, SOL_SOCKET, SO_TIMESTAMPNS, &(int) { 1 }, sizeof (int)) < 0)
    g_debug ("media leg %s: no SO_TIMESTAMPNS (%s): jitter counts from the tick",
             id, g_strerror (errno));
  leg->te_pt = -1;
  leg->ssrc = g_random_int ();
  leg->seq = (guint16) g_random_int ();
  leg->timestamp = g_random_int ();
  leg->tick_us = g_get_monotonic_time ();
  leg->marker = TRUE;
  leg->dtmf_queue = g_string_new (NULL);
  leg->dtmf_event = -1;
  return leg;
}

void
_sc_media_leg_free (ScMediaLeg *leg)
{
  g_warn_if_fail (leg->route == NULL);
  g_clear_object (&leg->rtp_socket);
  g_clear_object (&leg->rtcp_socket);
  g_clear_pointer (&leg->source, _sc_audio_source_unref);
  g_clear_pointer (&leg->capture, g_array_unref);
  g_string_free (leg->dtmf_queue, TRUE);
  g_free (leg->id);
  g_free (leg);
}

void
_sc_media_leg_set_slot (ScMediaLeg *leg,
                        guint       slot)
{
  leg->slot = slot;
}

guint
_sc_media_leg_get_slot (ScMediaLeg *leg)
{
  return leg->slot;
}

int
_sc_media_leg_get_fd (ScMediaLeg *leg,
                      gboolean    rtcp)
{
  return rtcp ? leg->rtcp_fd : leg->rtp_fd;
}

ScMediaEngine *
_sc_media_leg_get_engine (ScMediaLeg *leg)
{
  return leg->engine;
}

/* When the kernel received @msg (SO_TIMESTAMPNS), on the monotonic clock;
 * @now_us if it does not say. */
static gint64
arrival_of (const struct msghdr *msg,
            gint64               real_minus_monotonic_us,
            gint64               now_us)
{
  for (struct cmsghdr *cmsg = CMSG_FIRSTHDR ((struct msghdr *) msg); cmsg != NULL;
       cmsg = CMSG_NXTHDR ((struct msghdr *) msg, cmsg))
    if (cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SCM_TIMESTAMPNS)
      {
        struct timespec ts;
        gint64 arrival;

        memcpy (&ts, CMSG_DATA (cmsg), sizeof ts);
        arrival = (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000 -
                  real_minus_monotonic_us;
        /* The two clocks were read apart: never after now. */
        return MIN (arrival, now_us);
      }
  return now_us;
}

void
_sc_media_leg_drain (ScMediaLeg            *leg,
                     gboolean               rtcp,
                     ScMediaReceiveBuffers *buffers,
                     gint64                 now_us)
{
  int fd = rtcp ? leg->rtcp_fd : leg->rtp_fd;
  /* An immediate leg's datagrams arrived just now (epoll woke us for
   * them); a paced leg's waited for the tick, and count as of when they
   * came (jitter, flow, what the route hears). */
  gboolean paced = !rtcp && !leg->immediate;

  for (;;)
    {
      int n;

      for (guint i = 0; i < RECEIVE_BATCH; i++)
        {
          struct msghdr *msg = &buffers->msgs[i].msg_hdr;

          buffers->iov[i].iov_base = buffers->data[i];
          buffers->iov[i].iov_len = sizeof buffers->data[i];
          msg->msg_name = &buffers->from[i];
          msg->msg_namelen = sizeof buffers->from[i];
          msg->msg_iov = &buffers->iov[i];
          msg->msg_iovlen = 1;
          msg->msg_control = paced ? buffers->control[i] : NULL;
          msg->msg_controllen = paced ? sizeof buffers->control[i] : 0;
          msg->msg_flags = 0;
        }
      n = recvmmsg (fd, buffers->msgs, RECEIVE_BATCH, MSG_DONTWAIT, NULL);
      if (n <= 0)
        return;  /* EAGAIN, or an ICMP error reported on the socket */

      for (int i = 0; i < n; i++)
        {
          const struct msghdr *msg = &buffers->msgs[i].msg_hdr;
          gsize len = buffers->msgs[i].msg_len;

          if (rtcp)
            receive_rtcp (leg, buffers->data[i], len, now_us);
          else
            receive_rtp (leg, buffers->data[i], len, &buffers->from[i],
                         msg->msg_namelen,
                         paced ? arrival_of (msg, buffers->real_minus_monotonic_us,
                                             now_us)
                               : now_us);
        }
      /* Fewer than asked for: the socket was empty. What came since, an
       * immediate leg's epoll reports, a paced leg's next tick reads. */
      if (n < RECEIVE_BATCH)
        return;
    }
}

gboolean
_sc_media_leg_is_immediate (ScMediaLeg *leg)
{
  return leg->immediate;
}

/* Immediate when the route asks, or while capturing: a capture (the
 * tests' ear) holds what had arrived by the time it is taken, as it did
 * before legs were paced, not what the last tick read. */
static void
update_immediate (ScMediaLeg *leg)
{
  gboolean immediate = leg->route_immediate || leg->capture != NULL;

  if (leg->immediate == immediate)
    return;
  leg->immediate = immediate;
  _sc_media_engine_watch_leg_rtp (leg->engine, leg);
}

void
_sc_media_leg_set_immediate (ScMediaLeg *leg,
                             gboolean    immediate)
{
  leg->route_immediate = !!immediate;
  update_immediate (leg);
}

ScMediaReceiveBuffers *
_sc_media_receive_buffers_new (void)
{
  return g_new0 (ScMediaReceiveBuffers, 1);
}

void
_sc_media_receive_buffers_free (ScMediaReceiveBuffers *buffers)
{
  g_free (buffers);
}

void
_sc_media_receive_buffers_set_clock (ScMediaReceiveBuffers *buffers)
{
  buffers->real_minus_monotonic_us = g_get_real_time () - g_get_monotonic_time ();
}

void
_sc_media_leg_skip_ticks (ScMediaLeg *leg,
                          guint32     n_ticks)
{
  leg->timestamp += n_ticks * SAMPLES_PER_PACKET;
  leg->tick_us += (gint64) n_ticks * TICK_US;
  leg->marker = TRUE;
}

ScMediaRoute *
_sc_media_leg_take_route (ScMediaLeg *leg)
{
  if (leg->route != NULL && leg->route->funcs->detach != NULL)
    leg->route->funcs->detach (leg->route, leg);
  return g_steal_pointer (&leg->route);
}

ScMediaRoute *
_sc_media_leg_swap_route (ScMediaLeg   *leg,
                          ScMediaRoute *route)
{
  ScMediaRoute *old;

  if (leg->route == route)
    return NULL;
  /* What the peer hears changes: a new talkspurt, as far as it knows. */
  leg->marker = TRUE;
  old = _sc_media_leg_take_route (leg);
  if (route != NULL)
    {
      leg->route = _sc_media_route_ref (route);
      if (route->funcs->attach != NULL)
        route->funcs->attach (route, leg);
    }
  return old;
}

/* ------------------------------------------------------------------ */
/* For the owner (sc-media-leg.h)                                       */

static gboolean
resolve (const char               *address,
         guint16                   port,
         struct sockaddr_storage  *out,
         socklen_t                *out_len,
         GError                  **error)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) socket_address = NULL;

  if (inet == NULL)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_MEDIA,
                   "Media error: '%s' is not an IP address", address);
      return FALSE;
    }
  socket_address = g_inet_socket_address_new (inet, port);
  *out_len = (socklen_t) g_socket_address_get_native_size (socket_address);
  return g_socket_address_to_native (socket_address, out, sizeof *out, error);
}

gboolean
_sc_media_leg_configure (ScMediaLeg              *leg,
                         const ScMediaLegConfig  *config,
                         GError                 **error)
{
  struct sockaddr_storage remote, remote_rtcp;
  socklen_t remote_len, remote_rtcp_len;

  if (!resolve (config->remote_address, config->remote_port, &remote, &remote_len, error) ||
      !resolve (config->remote_address, config->remote_port + 1, &remote_rtcp,
                &remote_rtcp_len, error))
    return FALSE;

  _sc_media_engine_lock (leg->engine);
  /* A new address in the SDP (a re-INVITE) wins over what we latched. */
  if (!leg->configured || remote_len != leg->sdp_remote_len ||
      memcmp (&remote, &leg->sdp_remote, remote_len) != 0)
    {
      leg->sdp_remote = remote;
      leg->sdp_remote_len = remote_len;
      leg->remote = remote;
      leg->remote_len = remote_len;
      leg->remote_rtcp = remote_rtcp;
      leg->remote_rtcp_len = remote_rtcp_len;
      leg->latched = FALSE;
    }
  if (leg->configured && leg->send != config->send)
    leg->marker = TRUE;
  leg->law = config->law;
  leg->payload_type = config->payload_type;
  leg->te_pt = config->telephone_event_pt;
  leg->send = config->send;
  /* The first report goes out early (RFC 3550 6.2 lets the first one come
   * at half the interval or sooner), so short calls get one too. */
  if (!leg->configured)
    {
      leg->next_rtcp_us = g_get_monotonic_time () + RTCP_INTERVAL_US / 5;
      /* The clock stood still until now: it starts from here. */
      leg->tick_us = g_get_monotonic_time ();
    }
  leg->configured = TRUE;
  _sc_media_engine_unlock (leg->engine);
  return TRUE;
}

void
_sc_media_leg_set_source (ScMediaLeg    *leg,
                          ScAudioSource *source)
{
  _sc_media_engine_lock (leg->engine);
  if (leg->source != source)
    {
      g_clear_pointer (&leg->source, _sc_audio_source_unref);
      leg->source = source ? _sc_audio_source_ref (source) : NULL;
      leg->position = 0;
    }
  _sc_media_engine_unlock (leg->engine);
}

void
_sc_media_leg_set_muted (ScMediaLeg *leg,
                         gboolean    muted)
{
  _sc_media_engine_lock (leg->engine);
  leg->muted = muted;
  _sc_media_engine_unlock (leg->engine);
}

gboolean
_sc_media_leg_can_send_dtmf (ScMediaLeg *leg)
{
  gboolean can;

  _sc_media_engine_lock (leg->engine);
  can = leg->configured && leg->te_pt >= 0;
  _sc_media_engine_unlock (leg->engine);
  return can;
}

void
_sc_media_leg_send_dtmf (ScMediaLeg *leg,
                         const char *digits)
{
  _sc_media_engine_lock (leg->engine);
  g_string_append (leg->dtmf_queue, digits);
  _sc_media_engine_unlock (leg->engine);
}

void
_sc_media_leg_get_stats (ScMediaLeg   *leg,
                         ScMediaStats *stats)
{
  _sc_media_engine_lock (leg->engine);
  *stats = leg->stats;
  stats->packets_lost = leg->lost_before + leg_lost (leg);
  stats->jitter_ms = leg->jitter / 8.0;
  _sc_media_engine_unlock (leg->engine);
}

void
_sc_media_leg_set_capture (ScMediaLeg *leg,
                           guint       max_samples)
{
  _sc_media_engine_lock (leg->engine);
  g_clear_pointer (&leg->capture, g_array_unref);
  leg->capture_max = max_samples;
  if (max_samples > 0)
    leg->capture = g_array_sized_new (FALSE, FALSE, sizeof (gint16),
                                      max_samples + SC_MEDIA_MAX_PACKET);
  update_immediate (leg);
  _sc_media_engine_unlock (leg->engine);
}

guint
_sc_media_leg_take_capture (ScMediaLeg *leg,
                            gint16     *out,
                            guint       max_samples)
{
  guint n = 0;

  _sc_media_engine_lock (leg->engine);
  if (leg->capture != NULL)
    {
      n = MIN (max_samples, leg->capture->len);
      memcpy (out, leg->capture->data, n * sizeof (gint16));
      g_array_remove_range (leg->capture, 0, n);
    }
  _sc_media_engine_unlock (leg->engine);
  return n;
}

void
_sc_media_leg_set_route (ScMediaLeg   *leg,
                         ScMediaRoute *route)
{
  ScMediaRoute *old;

  _sc_media_engine_lock (leg->engine);
  old = _sc_media_leg_swap_route (leg, route);
  _sc_media_engine_unlock (leg->engine);

  /* The last reference may finalize the route: not under the lock. */
  if (old != NULL)
    _sc_media_route_unref (old);
}

/* ------------------------------------------------------------------ */
/* For routes, the engine lock held                                     */

const char *
_sc_media_leg_get_id (ScMediaLeg *leg)
{
  return leg->id;
}

gboolean
_sc_media_leg_send_rtp (ScMediaLeg   *leg,
                        const guint8 *packet,
                        gsize         len,
                        gsize         payload_offset)
{
  if (!leg->configured || !leg->send || len < payload_offset)
    return FALSE;
  if (sendto (leg->rtp_fd, packet, len, MSG_DONTWAIT,
              (const struct sockaddr *) &leg->remote, leg->remote_len) < 0)
    return FALSE;
  leg->stats.packets_sent++;
  leg->stats.bytes_sent += len - payload_offset;
  return TRUE;
}

void
_sc_media_leg_get_codec (ScMediaLeg *leg,
                         ScG711Law  *law,
                         guint8     *payload_type,
                         int        *telephone_event_pt)
{
  *law = leg->law;
  *payload_type = leg->payload_type;
  *telephone_event_pt = leg->configured ? leg->te_pt : -1;
}

gboolean
_sc_media_leg_send_relayed (ScMediaLeg   *leg,
                            const guint8 *payload,
                            gsize         len,
                            guint8        payload_type,
                            gboolean      marker,
                            guint32       source_ssrc,
                            guint32       source_timestamp,
                            gint64        now_us)
{
  guint8 packet[12 + SC_MEDIA_MAX_PACKET];
  gboolean event = leg->te_pt >= 0 && payload_type == leg->te_pt;
  guint32 timestamp = source_timestamp + leg->relay_offset;
  gint32 skew;
  gsize offset;

  if (!leg->configured || !leg->send || len > SC_MEDIA_MAX_PACKET)
    return FALSE;
  /* While the leg plays a digit of its own, the tick sends no audio:
   * neither does the relay. A muted leg sends no digits. */
  if (leg->dtmf_event >= 0 || (event && leg->muted))
    return FALSE;

  skew = (gint32) (timestamp - clock_now (leg, now_us));
  if (!leg->relaying || source_ssrc != leg->relay_ssrc ||
      (!event && (skew > RELAY_MAX_SKEW || skew < -RELAY_MAX_SKEW)))
    {
      /* A new stretch: it starts at our clock's present, and keeps the
       * source's timing from there. */
      timestamp = not_before_last (leg, clock_now (leg, now_us));
      leg->relay_offset = timestamp - source_timestamp;
      leg->relay_ssrc = source_ssrc;
      leg->relaying = TRUE;
      marker = TRUE;
    }
  marker = marker || leg->marker;
  leg->marker = FALSE;

  offset = write_rtp_header (leg, packet, payload_type, marker, timestamp);
  if (leg->muted)
    memset (packet + offset, _sc_g711_silence (leg->law), len);
  else
    memcpy (packet + offset, payload, len);
  leg->last_sent_us = now_us;
  return send_to (leg, leg->rtp_fd, packet, offset + len, FALSE);
}

gboolean
_sc_media_leg_queue_dtmf (ScMediaLeg *leg,
                          char        digit)
{
  if (!leg->configured || leg->te_pt < 0 || dtmf_event_code (digit) < 0)
    return FALSE;
  g_string_append_c (leg->dtmf_queue, digit);
  return TRUE;
}
