/* test-sipp-pcap.c: SIPp plays real recorded RTP (G.711 A-law audio and
 * RFC 2833 DTMF) into a sessioncore server
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * SIPp's built-in "uac_pcap" scenario offers PCMA (8) and telephone-event
 * (101), and after the ACK replays two captures with play_pcap_audio:
 * pcap/g711a.pcap, then (8 s later) pcap/dtmf_2833_1.pcap; it sends BYE
 * 1 s after that. SIPp rewrites only the UDP ports and addresses of the
 * captured packets: the RTP headers and payloads arrive as captured.
 *
 * What the captures hold is read from the files themselves (the scenario
 * is dumped with `sipp -sd uac_pcap` to learn which files it plays), and
 * cross-checked against what the sip-tester 3.6.1 files were found to
 * hold when this test was written (an offline dump of every packet with
 * /usr/bin/python3: pcap record headers, Ethernet, IPv4, UDP, RTP):
 *
 *   g711a.pcap        236 RTP packets, payload type 8 (PCMA), one SSRC,
 *                     seq 59133..59368 without a gap, 240 payload bytes
 *                     (30 ms) each, timestamps 240 apart: 56640 samples,
 *                     7080 ms of audio; captured over 7.05 s.
 *   dtmf_2833_1.pcap  10 RTP packets, payload type 101, another SSRC,
 *                     4 payload bytes each: one event, code 1 (digit
 *                     "1"), volume 10, timestamp 13280; 7 packets without
 *                     the end bit (duration 0..1920), then the end packet
 *                     (duration 2240 = 280 ms) sent 3 times with the same
 *                     seq 7991, as RFC 4733 asks; captured over 140 ms.
 *
 * So the server must count 246 packets and 56640 + 40 payload bytes, decode
 * 7080 ms of A-law audio identical to the capture's, and report the one
 * digit "1" (280 ms) once.
 *
 * The counters are read while the call is up, and again in call-ended,
 * where an application reads its final call statistics.
 */

#include "test-utils.h"
#include "sipp-utils.h"

#include "sc-session-manager-private.h"
#include "media/sc-media-engine.h"

#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define SIPP_TIMEOUT_S   60
#define SIPP_WAIT_MS     ((SIPP_TIMEOUT_S + 20) * 1000)
#define SIPP_PCAP_DIR    "/usr/share/sip-tester"
#define SCENARIO         "uac_pcap"
#define POLL_MS          20
#define CAPTURE_SAMPLES  (12 * 8000)      /* more than the whole capture */

/* The sip-tester 3.6.1 captures, as found offline (see above). */
#define KNOWN_AUDIO_FILE      "pcap/g711a.pcap"
#define KNOWN_AUDIO_PACKETS   236
#define KNOWN_AUDIO_BYTES     56640       /* 236 × 240; = samples */
#define KNOWN_DTMF_FILE       "pcap/dtmf_2833_1.pcap"
#define KNOWN_DTMF_PACKETS    10
#define KNOWN_DTMF_BYTES      40          /* 10 × 4 */
#define KNOWN_DIGITS          "1"
#define KNOWN_DTMF_DURATION   2240        /* timestamp units: 280 ms */

#define AUDIO_PT 8
#define AUDIO_PAYLOAD_SIZE 240            /* bytes per packet of g711a.pcap */
#define DTMF_PAYLOAD_SIZE 4

/* ------------------------------------------------------------------ */
/* What the scenario plays, from the pcap files                          */

typedef struct {
  guint       n_packets;
  guint64     payload_bytes;
  guint       n_audio;        /* payload type 8 */
  guint64     audio_bytes;
  GByteArray *audio;          /* the A-law payloads, in order */
  guint       n_events;       /* payload type 101, telephone-event */
  guint64     event_bytes;
  GString    *digits;         /* each event (one timestamp) once, in order */
  GArray     *durations;      /* guint: final duration of each digit */
  guint       n_other;        /* any other payload type */
} PcapContents;

static void
pcap_contents_clear (PcapContents *c)
{
  g_clear_pointer (&c->audio, g_byte_array_unref);
  if (c->digits != NULL)
    g_string_free (c->digits, TRUE);
  c->digits = NULL;
  g_clear_pointer (&c->durations, g_array_unref);
}

static guint32
read32 (const guint8 *p,
        gboolean      swapped)
{
  guint32 v;

  memcpy (&v, p, 4);
  return swapped ? GUINT32_SWAP_LE_BE (v) : v;
}

/* Adds every RTP packet of the classic pcap file @path (Ethernet or Linux
 * cooked link layer, IPv4, UDP) to @c. RFC 4733 events count once per
 * timestamp, when the first packet with the end bit comes. */
static void
pcap_read (const char   *path,
           PcapContents *c)
{
  g_autofree guint8 *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize len, offset = 24;
  gboolean swapped, have_last_event = FALSE;
  guint32 magic, linktype, last_event_ts = 0;
  guint link_header;

  g_file_get_contents (path, (char **) &data, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (len, >=, 24);

  magic = read32 (data, FALSE);
  /* Microsecond or nanosecond timestamps, either byte order. */
  swapped = magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1;
  g_assert_true (swapped || magic == 0xa1b2c3d4 || magic == 0xa1b23c4d);
  linktype = read32 (data + 20, swapped);
  g_assert_true (linktype == 1 || linktype == 113);   /* Ethernet, SLL */
  link_header = linktype == 1 ? 14 : 16;

  while (offset + 16 <= len)
    {
      guint32 caplen = read32 (data + offset + 8, swapped);
      const guint8 *frame = data + offset + 16;
      const guint8 *ip, *udp, *rtp;
      gsize ihl, udp_len, rtp_len, header;
      guint pt;

      g_assert_cmpuint (offset + 16 + caplen, <=, len);
      offset += 16 + caplen;

      /* Ethernet / SLL: the protocol is in the last 2 bytes. */
      g_assert_cmpuint (caplen, >=, link_header + 20 + 8);
      g_assert_cmphex ((frame[link_header - 2] << 8) | frame[link_header - 1], ==, 0x0800);
      ip = frame + link_header;
      g_assert_cmphex (ip[0] >> 4, ==, 4);
      ihl = (ip[0] & 0x0f) * 4;
      g_assert_cmpuint (ip[9], ==, 17);                  /* UDP */
      udp = ip + ihl;
      udp_len = (udp[4] << 8) | udp[5];
      g_assert_cmpuint (udp - frame + udp_len, <=, caplen);
      rtp = udp + 8;
      rtp_len = udp_len - 8;
      g_assert_cmpuint (rtp_len, >=, 12);
      g_assert_cmphex (rtp[0] >> 6, ==, 2);
      g_assert_cmphex (rtp[0] & 0x30, ==, 0);           /* no padding, extension */
      header = 12 + 4 * (rtp[0] & 0x0f);
      g_assert_cmpuint (rtp_len, >=, header);
      pt = rtp[1] & 0x7f;

      c->n_packets++;
      c->payload_bytes += rtp_len - header;
      if (pt == AUDIO_PT)
        {
          c->n_audio++;
          c->audio_bytes += rtp_len - header;
          g_byte_array_append (c->audio, rtp + header, (guint) (rtp_len - header));
        }
      else if (pt >= 96 && rtp_len - header == DTMF_PAYLOAD_SIZE)
        {
          const guint8 *event = rtp + header;
          guint32 ts = (guint32) rtp[4] << 24 | rtp[5] << 16 | rtp[6] << 8 | rtp[7];
          guint duration = (event[2] << 8) | event[3];

          c->n_events++;
          c->event_bytes += rtp_len - header;
          g_assert_cmpuint (event[0], <=, 15);
          if ((event[1] & 0x80) && !(have_last_event && ts == last_event_ts))
            {
              g_string_append_c (c->digits, "0123456789*#ABCD"[event[0]]);
              g_array_append_val (c->durations, duration);
              have_last_event = TRUE;
              last_event_ts = ts;
            }
        }
      else
        c->n_other++;
    }
  g_assert_cmpuint (offset, ==, len);
}

/* The files the built-in scenario plays, in order ("pcap/…"). */
static GStrv
scenario_pcap_files (void)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GStrvBuilder) files = g_strv_builder_new ();
  const char *argv[] = { "sipp", "-sd", SCENARIO, NULL };

  /* `sipp -sd` prints the scenario and exits 99. */
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, NULL, &error);
  g_assert_no_error (error);
  regex = g_regex_new ("play_pcap_audio=\"([^\"]+)\"", 0, 0, &error);
  g_assert_no_error (error);
  g_regex_match (regex, out, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *file = g_match_info_fetch (match, 1);

      g_strv_builder_add (files, file);
      g_match_info_next (match, NULL);
    }
  return g_strv_builder_end (files);
}

/* ------------------------------------------------------------------ */
/* The call                                                              */

typedef struct {
  ScSessionManager *manager;
  char             *session_id;
  ScMediaInfo      *last_info;       /* the last snapshot while Active */
  guint             n_audio;         /* packets of the audio capture */
  ScMediaInfo      *audio_info;      /* the last one before any DTMF packet */
  guint             n_snapshots;
  GString          *flow;            /* media-flow events: "+PCMA", "-PCMA" */
  GArray           *dtmf_durations;  /* guint, ms */
  gboolean          capturing;
  GArray           *captured;        /* gint16: decoded audio the leg got */
  gboolean          ended_found;     /* get_media_info in call-ended */
  guint64           ended_packets;
} Fixture;

static void
take_capture (Fixture *f)
{
  ScMediaLeg *leg;
  gint16 buffer[4096];
  guint n;

  if (!f->capturing || f->session_id == NULL)
    return;
  leg = _sc_session_manager_get_media_leg (f->manager, f->session_id);
  if (leg == NULL)
    return;
  while ((n = _sc_media_leg_take_capture (leg, buffer, G_N_ELEMENTS (buffer))) > 0)
    g_array_append_vals (f->captured, buffer, n);
}

static gboolean
poll_cb (gpointer user_data)
{
  Fixture *f = user_data;
  g_autoptr(GError) error = NULL;
  ScMediaInfo *info;

  if (f->session_id == NULL)
    return G_SOURCE_CONTINUE;
  info = sc_session_manager_get_media_info (f->manager, f->session_id, &error);
  if (info == NULL)
    return G_SOURCE_CONTINUE;  /* not negotiated yet, or gone */
  if (sc_media_info_get_packets_received (info) > 0 ||
      f->last_info == NULL)
    {
      if (sc_media_info_get_packets_received (info) <= f->n_audio)
        {
          g_clear_pointer (&f->audio_info, sc_media_info_free);
          f->audio_info = sc_media_info_copy (info);
        }
      g_clear_pointer (&f->last_info, sc_media_info_free);
      f->last_info = info;
      f->n_snapshots++;
    }
  else
    sc_media_info_free (info);
  take_capture (f);
  return G_SOURCE_CONTINUE;
}

static void
state_changed_cb (ScSessionManager *manager,
                  const char       *session_id,
                  ScCallState       old_state,
                  ScCallState       new_state,
                  const char       *reason,
                  Fixture          *f)
{
  ScMediaLeg *leg;

  if (new_state != SC_CALL_STATE_ACTIVE || f->session_id != NULL)
    return;
  f->session_id = g_strdup (session_id);
  /* The leg is made when the dialog is ready, just before Active. */
  leg = _sc_session_manager_get_media_leg (manager, session_id);
  g_assert_nonnull (leg);
  _sc_media_leg_set_capture (leg, CAPTURE_SAMPLES);
  f->capturing = TRUE;
}

static void
media_flow_cb (ScSessionManager *manager,
               const char       *session_id,
               gboolean          active,
               const char       *codec,
               Fixture          *f)
{
  g_assert_cmpstr (session_id, ==, f->session_id);
  if (f->flow->len > 0)
    g_string_append_c (f->flow, ' ');
  g_string_append_printf (f->flow, "%c%s", active ? '+' : '-', codec ? codec : "(null)");
}

static void
dtmf_cb (ScSessionManager *manager,
         const char       *session_id,
         const char       *digit,
         guint             duration_ms,
         Fixture          *f)
{
  g_assert_cmpstr (session_id, ==, f->session_id);
  g_array_append_val (f->dtmf_durations, duration_ms);
}

static void
ended_cb (ScSessionManager *manager,
          ScCallSession    *session,
          const char       *reason,
          Fixture          *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScMediaInfo) info = NULL;

  /* What the "from call-ended" reading would see. */
  info = sc_session_manager_get_media_info (manager, sc_call_session_get_id (session),
                                            &error);
  f->ended_found = error == NULL;
  f->ended_packets = info ? sc_media_info_get_packets_received (info) : 0;
  f->capturing = FALSE;
}

static gboolean
can_open_raw_socket (void)
{
  int fd = socket (AF_INET, SOCK_RAW, IPPROTO_UDP);

  if (fd < 0)
    return FALSE;
  close (fd);
  return TRUE;
}

static void
test_uac_pcap_audio_and_dtmf (void)
{
  g_auto(GStrv) files = NULL;
  PcapContents expected = { 0 };
  g_autoptr(ScSessionManager) m = NULL;
  g_autoptr(TestRecorder) r = NULL;
  g_autofree char *target = NULL;
  g_autofree char *events = NULL;
  g_autoptr(InteropSipp) sipp = NULL;
  g_autoptr(GArray) expected_pcm = NULL;
  Fixture f = { 0 };
  gulong ids[5];
  guint poll_id;
  guint64 packets, bytes, lost, audio_packets, event_packets, tolerance;
  guint captured_packets;
  const char *args[] = { "-sn", SCENARIO, NULL, "-m", "1", NULL };

  g_test_summary ("SIPp's uac_pcap plays g711a.pcap (236 PCMA packets, "
                  "7080 ms) and dtmf_2833_1.pcap (digit 1 in 10 RFC 2833 "
                  "packets) into a manager that accepts the call: the "
                  "leg counts the packets and bytes of both captures, "
                  "decodes the capture's audio sample for sample, reports "
                  "the digit once, and media-flow says PCMA started");

  if (!can_open_raw_socket ())
    {
      /* SIPp replays captures through a raw socket. */
      g_test_skip ("SIPp's play_pcap_audio needs a raw socket (root or CAP_NET_RAW)");
      return;
    }

  /* 1. What the scenario will play, from the files. */
  files = scenario_pcap_files ();
  g_assert_cmpuint (g_strv_length (files), ==, 2);
  g_assert_cmpstr (files[0], ==, KNOWN_AUDIO_FILE);
  g_assert_cmpstr (files[1], ==, KNOWN_DTMF_FILE);
  expected.audio = g_byte_array_new ();
  expected.digits = g_string_new (NULL);
  expected.durations = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; files[i] != NULL; i++)
    {
      g_assert_true (g_str_has_prefix (files[i], "pcap/"));
      g_autofree char *path = g_build_filename (SIPP_PCAP_DIR,
                                                files[i] + strlen ("pcap/"), NULL);
      pcap_read (path, &expected);
    }
  g_test_message ("captures: %u packets, %" G_GUINT64_FORMAT " payload bytes; "
                  "audio %u packets, %" G_GUINT64_FORMAT " bytes (%" G_GUINT64_FORMAT
                  " ms); telephone-event %u packets, digits \"%s\"",
                  expected.n_packets, expected.payload_bytes, expected.n_audio,
                  expected.audio_bytes, expected.audio_bytes / 8, expected.n_events,
                  expected.digits->str);
  g_assert_cmpuint (expected.n_audio, ==, KNOWN_AUDIO_PACKETS);
  g_assert_cmpuint (expected.audio_bytes, ==, KNOWN_AUDIO_BYTES);
  g_assert_cmpuint (expected.audio_bytes, ==, (guint64) KNOWN_AUDIO_PACKETS * AUDIO_PAYLOAD_SIZE);
  g_assert_cmpuint (expected.n_events, ==, KNOWN_DTMF_PACKETS);
  g_assert_cmpuint (expected.event_bytes, ==, KNOWN_DTMF_BYTES);
  g_assert_cmpuint (expected.n_other, ==, 0);
  g_assert_cmpstr (expected.digits->str, ==, KNOWN_DIGITS);
  g_assert_cmpuint (g_array_index (expected.durations, guint, 0), ==, KNOWN_DTMF_DURATION);

  expected_pcm = g_array_sized_new (FALSE, FALSE, sizeof (gint16), expected.audio->len);
  g_array_set_size (expected_pcm, expected.audio->len);
  _sc_g711_decode (SC_G711_ALAW, expected.audio->data,
                   (gint16 *) expected_pcm->data, expected.audio->len);

  /* 2. The server, and SIPp calling it. */
  m = test_manager_new (0, NULL);
  r = test_recorder_new (m);
  test_recorder_set_decision (r, sc_call_decision_accept (NULL));
  f.manager = m;
  f.n_audio = expected.n_audio;
  f.flow = g_string_new (NULL);
  f.dtmf_durations = g_array_new (FALSE, FALSE, sizeof (guint));
  f.captured = g_array_new (FALSE, FALSE, sizeof (gint16));
  ids[0] = g_signal_connect (m, "call-state-changed", G_CALLBACK (state_changed_cb), &f);
  ids[1] = g_signal_connect (m, "media-flow", G_CALLBACK (media_flow_cb), &f);
  ids[2] = g_signal_connect (m, "dtmf", G_CALLBACK (dtmf_cb), &f);
  ids[3] = g_signal_connect (m, "call-ended", G_CALLBACK (ended_cb), &f);
  ids[4] = 0;
  poll_id = g_timeout_add (POLL_MS, poll_cb, &f);

  target = g_strdup (sc_session_manager_get_bound_address (m));
  args[2] = target;
  sipp = interop_sipp_start_with_pcaps (args, 0, SIPP_TIMEOUT_S, SIPP_PCAP_DIR);
  g_assert_cmpint (interop_sipp_wait (sipp, SIPP_WAIT_MS), ==, 0);
  TEST_WAIT (r->n_ended == 1, WAIT_MS);
  g_source_remove (poll_id);

  /* 3. What the server saw. */
  g_assert_cmpuint (r->n_incoming, ==, 1);
  g_assert_cmpuint (r->n_established, ==, 1);
  g_assert_nonnull (f.session_id);
  events = test_recorder_session_events (r, f.session_id);
  g_test_message ("session events: %s", events);
  g_test_message ("media-flow: %s", f.flow->str);
  g_assert_nonnull (strstr (r->last_remote_sdp, "RTP/AVP 8 101"));
  g_assert_nonnull (strstr (r->last_local_sdp, "PCMA/8000"));
  g_assert_nonnull (strstr (r->last_local_sdp, "telephone-event/8000"));

  g_assert_nonnull (f.last_info);
  packets = sc_media_info_get_packets_received (f.last_info);
  bytes = sc_media_info_get_bytes_received (f.last_info);
  lost = sc_media_info_get_packets_lost (f.last_info);
  g_test_message ("last of %u snapshots while Active: codec %s, received %"
                  G_GUINT64_FORMAT " packets / %" G_GUINT64_FORMAT " bytes, lost %"
                  G_GUINT64_FORMAT ", jitter %.2f ms, sent %" G_GUINT64_FORMAT
                  " packets; in call-ended: session %s, %" G_GUINT64_FORMAT
                  " packets received",
                  f.n_snapshots, sc_media_info_get_codec (f.last_info), packets, bytes,
                  lost, sc_media_info_get_jitter_ms (f.last_info),
                  sc_media_info_get_packets_sent (f.last_info),
                  f.ended_found ? "found" : "not found", f.ended_packets);

  g_assert_cmpstr (sc_media_info_get_codec (f.last_info), ==, "PCMA");
  /* call-ended still sees the final counters. */
  g_assert_true (f.ended_found);
  g_assert_cmpuint (f.ended_packets, ==, packets);
  /* The DTMF capture is another source (SSRC) whose event packets share
   * one timestamp: jitter stays that of the audio. */
  g_assert_cmpfloat (sc_media_info_get_jitter_ms (f.last_info), <, 20);
  g_assert_nonnull (f.audio_info);
  g_test_message ("after the audio, before the DTMF: received %" G_GUINT64_FORMAT
                  " packets, jitter %.2f ms",
                  sc_media_info_get_packets_received (f.audio_info),
                  sc_media_info_get_jitter_ms (f.audio_info));

  /* Loopback loses nothing in practice; allow 3 % all the same. */
  tolerance = MAX (2, expected.n_packets * 3 / 100);
  g_assert_cmpuint (packets, <=, expected.n_packets);
  g_assert_cmpuint (packets + tolerance, >=, expected.n_packets);
  /* The bytes must be those of some audio packets (240 bytes) and some
   * telephone-event packets (4 bytes) adding up to the packet count. */
  g_assert_cmpuint (bytes, >=, packets * DTMF_PAYLOAD_SIZE);
  g_assert_cmpuint ((bytes - packets * DTMF_PAYLOAD_SIZE) %
                    (AUDIO_PAYLOAD_SIZE - DTMF_PAYLOAD_SIZE), ==, 0);
  audio_packets = (bytes - packets * DTMF_PAYLOAD_SIZE) /
                  (AUDIO_PAYLOAD_SIZE - DTMF_PAYLOAD_SIZE);
  event_packets = packets - audio_packets;
  g_test_message ("received: %" G_GUINT64_FORMAT " audio packets (%" G_GUINT64_FORMAT
                  " ms), %" G_GUINT64_FORMAT " telephone-event packets",
                  audio_packets, audio_packets * AUDIO_PAYLOAD_SIZE / 8, event_packets);
  g_assert_cmpuint (audio_packets, <=, expected.n_audio);
  g_assert_cmpuint (audio_packets + tolerance, >=, expected.n_audio);
  g_assert_cmpuint (event_packets, <=, expected.n_events);
  g_assert_cmpuint (lost, <=, tolerance);

  /* The audio itself: the decoded samples the leg got are the capture's,
   * in order (the first packet or so may precede the capture's start). */
  g_assert_cmpuint (f.captured->len % AUDIO_PAYLOAD_SIZE, ==, 0);
  captured_packets = f.captured->len / AUDIO_PAYLOAD_SIZE;
  g_test_message ("captured %u decoded samples (%u ms) of %u",
                  f.captured->len, f.captured->len / 8, expected_pcm->len);
  g_assert_cmpuint (captured_packets, <=, audio_packets);
  g_assert_cmpuint (captured_packets + 2, >=, audio_packets);
  if (audio_packets == expected.n_audio)
    g_assert_cmpmem (f.captured->data, f.captured->len * sizeof (gint16),
                     expected_pcm->data + (expected_pcm->len - f.captured->len) * sizeof (gint16),
                     f.captured->len * sizeof (gint16));

  /* DTMF: the capture's digits, in order, each once. */
  g_assert_cmpstr (r->dtmf->str, ==, expected.digits->str);
  g_assert_cmpuint (f.dtmf_durations->len, ==, expected.durations->len);
  for (guint i = 0; i < f.dtmf_durations->len; i++)
    g_assert_cmpuint (g_array_index (f.dtmf_durations, guint, i), ==,
                      g_array_index (expected.durations, guint, i) / 8);

  /* media-flow: PCMA started (and did not stop between audio and DTMF,
   * which are about 1 s apart, under the 2 s flow timeout). */
  g_assert_true (g_str_has_prefix (f.flow->str, "+PCMA"));

  for (guint i = 0; ids[i] != 0; i++)
    g_signal_handler_disconnect (m, ids[i]);
  g_clear_pointer (&f.last_info, sc_media_info_free);
  g_clear_pointer (&f.audio_info, sc_media_info_free);
  g_free (f.session_id);
  g_string_free (f.flow, TRUE);
  g_array_unref (f.dtmf_durations);
  g_array_unref (f.captured);
  pcap_contents_clear (&expected);
  g_clear_pointer (&r, test_recorder_free);
  test_manager_shutdown (m);
}

static void
skip_without_sipp (void)
{
  g_test_skip ("sipp (package sip-tester) is not installed");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *sipp = NULL;
  gboolean have = FALSE;

  g_test_init (&argc, &argv, NULL);
  sipp = g_find_program_in_path ("sipp");
  have = sipp != NULL && g_file_test (SIPP_PCAP_DIR "/g711a.pcap", G_FILE_TEST_EXISTS);

  g_test_add_func ("/sipp/uac-pcap/audio-and-dtmf",
                   have ? test_uac_pcap_audio_and_dtmf : skip_without_sipp);
  return g_test_run ();
}
