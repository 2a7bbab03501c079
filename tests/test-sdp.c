/* test-sdp.c: SDP offer/answer
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib.h>
#include <string.h>
#include <sys/resource.h>

#include <sofia-sip/su_alloc.h>
#include <sofia-sip/sdp.h>

#include "sc-error.h"
#include "sip/sc-sdp.h"

/* A complete SDP: the usual session lines, @session_attributes (whole
 * "a=...\r\n" lines, or NULL), then the m= sections in @media. */
static char *
make_sdp (const char *session_attributes,
          const char *media)
{
  return g_strdup_printf ("v=0\r\n"
                          "o=peer 42 1 IN IP4 192.0.2.10\r\n"
                          "s=-\r\n"
                          "c=IN IP4 192.0.2.10\r\n"
                          "t=0 0\r\n"
                          "%s"
                          "%s",
                          session_attributes != NULL ? session_attributes : "",
                          media);
}

/* Lines of @sdp that start with @prefix, joined by '|'. */
static char *
grep_lines (const char *sdp,
            const char *prefix)
{
  g_auto (GStrv) lines = g_strsplit (sdp, "\r\n", -1);
  g_autoptr (GPtrArray) found = g_ptr_array_new ();

  for (gsize i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      g_ptr_array_add (found, lines[i]);
  g_ptr_array_add (found, NULL);

  return g_strjoinv ("|", (char **) found->pdata);
}

static void
assert_crlf_only (const char *sdp)
{
  g_assert_true (g_str_has_suffix (sdp, "\r\n"));
  for (const char *p = strchr (sdp, '\n'); p != NULL; p = strchr (p + 1, '\n'))
    g_assert_cmpint (p[-1], ==, '\r');
}

static void
test_offer_roundtrip (void)
{
  su_home_t home[1] = { SU_HOME_INIT (home) };
  g_autofree char *offer = NULL;
  g_auto (ScSdpAudio) audio = { 0, };
  g_autoptr (GError) error = NULL;
  sdp_parser_t *parser;
  sdp_session_t *session;
  sdp_media_t *m;
  sdp_rtpmap_t *rm;

  g_test_summary ("Our offer parses with sofia-sip (strictly) and with "
                  "_sc_sdp_parse_audio, and says what we meant");

  offer = _sc_sdp_make_offer ("127.0.0.1", 41234, 1234567890123ULL, 7,
                              SC_SDP_SENDRECV);
  g_assert_nonnull (offer);
  assert_crlf_only (offer);
  g_assert_true (g_str_has_prefix (offer, "v=0\r\n"));

  parser = sdp_parse (home, offer, -1, sdp_f_strict);
  session = sdp_session (parser);
  g_assert_null (sdp_parsing_error (parser));
  g_assert_nonnull (session);

  g_assert_nonnull (session->sdp_origin);
  g_assert_cmpuint (session->sdp_origin->o_id, ==, 1234567890123ULL);
  g_assert_cmpuint (session->sdp_origin->o_version, ==, 7);
  g_assert_cmpstr (session->sdp_subject, ==, "sessioncore");
  g_assert_cmpint (session->sdp_connection->c_addrtype, ==, sdp_addr_ip4);
  g_assert_cmpstr (session->sdp_connection->c_address, ==, "127.0.0.1");

  m = session->sdp_media;
  g_assert_nonnull (m);
  g_assert_null (m->m_next);
  g_assert_cmpint (m->m_type, ==, sdp_media_audio);
  g_assert_cmpint (m->m_proto, ==, sdp_proto_rtp);
  g_assert_cmpuint (m->m_port, ==, 41234);
  g_assert_cmpuint (m->m_mode, ==, sdp_sendrecv);

  rm = m->m_rtpmaps;
  g_assert_cmpuint (rm->rm_pt, ==, 0);
  g_assert_cmpstr (rm->rm_encoding, ==, "PCMU");
  g_assert_cmpuint (rm->rm_rate, ==, 8000);
  rm = rm->rm_next;
  g_assert_cmpuint (rm->rm_pt, ==, 8);
  g_assert_cmpstr (rm->rm_encoding, ==, "PCMA");
  rm = rm->rm_next;
  g_assert_cmpuint (rm->rm_pt, ==, 101);
  g_assert_cmpstr (rm->rm_encoding, ==, "telephone-event");
  g_assert_cmpuint (rm->rm_rate, ==, 8000);
  g_assert_cmpstr (rm->rm_fmtp, ==, "0-16");
  g_assert_null (rm->rm_next);

  g_assert_nonnull (sdp_attribute_find (m->m_attributes, "ptime"));
  g_assert_cmpstr (sdp_attribute_find (m->m_attributes, "ptime")->a_value,
                   ==, "20");

  sdp_parser_free (parser);
  su_home_deinit (home);

  g_assert_true (_sc_sdp_parse_audio (offer, &audio, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (audio.address, ==, "127.0.0.1");
  g_assert_cmpuint (audio.port, ==, 41234);
  g_assert_cmpint (audio.payload_type, ==, 0);
  g_assert_cmpstr (audio.codec, ==, "PCMU");
  g_assert_cmpuint (audio.clock_rate, ==, 8000);
  g_assert_cmpint (audio.telephone_event_pt, ==, 101);
  g_assert_cmpint (audio.direction, ==, SC_SDP_SENDRECV);
  g_assert_cmpuint (audio.ptime, ==, 20);
}

static void
test_offer_direction (void)
{
  static const ScSdpDirection directions[] = {
    SC_SDP_SENDRECV, SC_SDP_SENDONLY, SC_SDP_RECVONLY, SC_SDP_INACTIVE,
  };

  g_test_summary ("The offer's direction attribute reads back unchanged");

  for (gsize i = 0; i < G_N_ELEMENTS (directions); i++) {
    g_autofree char *offer = NULL;
    g_autofree char *line = NULL;
    g_autofree char *expected = NULL;
    g_auto (ScSdpAudio) audio = { 0, };
    g_autoptr (GError) error = NULL;

    offer = _sc_sdp_make_offer ("127.0.0.1", 41000, 1, 1, directions[i]);
    expected = g_strdup_printf ("a=%s",
                                _sc_sdp_direction_to_string (directions[i]));
    line = grep_lines (offer, expected);
    g_assert_cmpstr (line, ==, expected);

    g_assert_true (_sc_sdp_parse_audio (offer, &audio, &error));
    g_assert_no_error (error);
    g_assert_cmpint (audio.direction, ==, directions[i]);
  }
}

static void
test_answer_picks_first_supported (void)
{
  g_autofree char *offer = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *m_line = NULL;
  g_autofree char *rtpmaps = NULL;
  g_auto (ScSdpAudio) negotiated = { 0, };
  g_auto (ScSdpAudio) parsed = { 0, };
  g_autoptr (GError) error = NULL;

  g_test_summary ("The answer takes the first offered codec we support, "
                  "lists only it and telephone-event, and reports the "
                  "offerer's media address");

  offer = make_sdp (NULL,
                    "m=audio 30000 RTP/AVP 18 8 0 101\r\n"
                    "a=rtpmap:18 G729/8000\r\n"
                    "a=rtpmap:101 telephone-event/8000\r\n"
                    "a=fmtp:101 0-15\r\n"
                    "a=ptime:30\r\n");
  answer = _sc_sdp_make_answer (offer, "127.0.0.1", 41002, 99, 1,
                                SC_SDP_SENDRECV, &negotiated, &error);
  g_assert_no_error (error);
  g_assert_nonnull (answer);
  assert_crlf_only (answer);

  m_line = grep_lines (answer, "m=");
  g_assert_cmpstr (m_line, ==, "m=audio 41002 RTP/AVP 8 101");
  rtpmaps = grep_lines (answer, "a=rtpmap:");
  g_assert_cmpstr (rtpmaps, ==,
                   "a=rtpmap:8 PCMA/8000|a=rtpmap:101 telephone-event/8000");

  g_assert_cmpstr (negotiated.address, ==, "192.0.2.10");
  g_assert_cmpuint (negotiated.port, ==, 30000);
  g_assert_cmpint (negotiated.payload_type, ==, 8);
  g_assert_cmpstr (negotiated.codec, ==, "PCMA");
  g_assert_cmpuint (negotiated.clock_rate, ==, 8000);
  g_assert_cmpint (negotiated.telephone_event_pt, ==, 101);
  g_assert_cmpint (negotiated.direction, ==, SC_SDP_SENDRECV);
  g_assert_cmpuint (negotiated.ptime, ==, 30);

  g_assert_true (_sc_sdp_parse_audio (answer, &parsed, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (parsed.address, ==, "127.0.0.1");
  g_assert_cmpuint (parsed.port, ==, 41002);
  g_assert_cmpint (parsed.payload_type, ==, 8);
}

static void
test_answer_dynamic_payload (void)
{
  g_autofree char *offer = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *m_line = NULL;
  g_autofree char *rtpmaps = NULL;
  g_autofree char *fmtp = NULL;
  g_auto (ScSdpAudio) negotiated = { 0, };
  g_autoptr (GError) error = NULL;

  g_test_summary ("A codec offered under a dynamic number (matched by name, "
                  "case-insensitively) is answered under that number, and "
                  "so is telephone-event");

  offer = make_sdp (NULL,
                    "m=audio 30000 RTP/AVP 96 97\r\n"
                    "a=rtpmap:96 pcmu/8000\r\n"
                    "a=rtpmap:97 Telephone-Event/8000\r\n");
  answer = _sc_sdp_make_answer (offer, "127.0.0.1", 41002, 1, 1,
                                SC_SDP_SENDRECV, &negotiated, &error);
  g_assert_no_error (error);

  m_line = grep_lines (answer, "m=");
  g_assert_cmpstr (m_line, ==, "m=audio 41002 RTP/AVP 96 97");
  rtpmaps = grep_lines (answer, "a=rtpmap:");
  g_assert_cmpstr (rtpmaps, ==,
                   "a=rtpmap:96 PCMU/8000|a=rtpmap:97 telephone-event/8000");
  fmtp = grep_lines (answer, "a=fmtp:");
  g_assert_cmpstr (fmtp, ==, "a=fmtp:97 0-16");

  g_assert_cmpint (negotiated.payload_type, ==, 96);
  g_assert_cmpstr (negotiated.codec, ==, "PCMU");
  g_assert_cmpint (negotiated.telephone_event_pt, ==, 97);
}

static void
test_answer_pcma_only (void)
{
  g_autofree char *offer = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *m_line = NULL;
  g_autofree char *te = NULL;
  g_auto (ScSdpAudio) negotiated = { 0, };
  g_autoptr (GError) error = NULL;

  g_test_summary ("An offer of PCMA alone, without telephone-event, is "
                  "answered with PCMA alone");

  offer = make_sdp (NULL, "m=audio 30000 RTP/AVP 8\r\n");
  answer = _sc_sdp_make_answer (offer, "127.0.0.1", 41002, 1, 1,
                                SC_SDP_SENDRECV, &negotiated, &error);
  g_assert_no_error (error);

  m_line = grep_lines (answer, "m=");
  g_assert_cmpstr (m_line, ==, "m=audio 41002 RTP/AVP 8");
  te = grep_lines (answer, "a=fmtp");
  g_assert_cmpstr (te, ==, "");
  g_assert_null (strstr (answer, "telephone-event"));

  g_assert_cmpint (negotiated.payload_type, ==, 8);
  g_assert_cmpstr (negotiated.codec, ==, "PCMA");
  g_assert_cmpint (negotiated.telephone_event_pt, ==, -1);
}

static void
test_answer_no_common_codec (void)
{
  g_autofree char *offer = NULL;
  g_autofree char *answer = NULL;
  g_auto (ScSdpAudio) parsed = { 0, };
  g_autoptr (GError) error = NULL;

  g_test_summary ("An offer of G.729 and telephone-event fails with "
                  "SC_ERROR_SDP_NEGOTIATION_FAILED naming what was offered");

  offer = make_sdp (NULL,
                    "m=audio 30000 RTP/AVP 18 101\r\n"
                    "a=rtpmap:101 telephone-event/8000\r\n");

  answer = _sc_sdp_make_answer (offer, "127.0.0.1", 41002, 1, 1,
                                SC_SDP_SENDRECV, NULL, &error);
  g_assert_null (answer);
  g_assert_error (error, SC_ERROR, SC_ERROR_SDP_NEGOTIATION_FAILED);
  g_assert_cmpstr (error->message, ==,
                   "SDP negotiation failed: no common codec (offered: "
                   "18 G729/8000, 101 telephone-event/8000)");
  g_clear_error (&error);

  g_assert_false (_sc_sdp_parse_audio (offer, &parsed, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_SDP_NEGOTIATION_FAILED);
  g_assert_null (parsed.address);
}

typedef struct {
  const char    *offer_session_attr;
  const char    *offer_media_attr;
  ScSdpDirection local;
  ScSdpDirection expected;
} DirectionCase;

static void
test_answer_direction (void)
{
  static const DirectionCase cases[] = {
    { NULL, NULL, SC_SDP_SENDRECV, SC_SDP_SENDRECV },
    { NULL, "sendrecv", SC_SDP_SENDRECV, SC_SDP_SENDRECV },
    { NULL, "sendonly", SC_SDP_SENDRECV, SC_SDP_RECVONLY },
    { NULL, "recvonly", SC_SDP_SENDRECV, SC_SDP_SENDONLY },
    { NULL, "inactive", SC_SDP_SENDRECV, SC_SDP_INACTIVE },
    { NULL, NULL, SC_SDP_SENDONLY, SC_SDP_SENDONLY },
    { NULL, NULL, SC_SDP_RECVONLY, SC_SDP_RECVONLY },
    { NULL, NULL, SC_SDP_INACTIVE, SC_SDP_INACTIVE },
    { NULL, "sendonly", SC_SDP_SENDONLY, SC_SDP_INACTIVE },
    { NULL, "recvonly", SC_SDP_RECVONLY, SC_SDP_INACTIVE },
    { NULL, "sendonly", SC_SDP_RECVONLY, SC_SDP_RECVONLY },
    { NULL, "recvonly", SC_SDP_SENDONLY, SC_SDP_SENDONLY },
    { NULL, "inactive", SC_SDP_RECVONLY, SC_SDP_INACTIVE },
    /* Session level applies when the media says nothing ... */
    { "sendonly", NULL, SC_SDP_SENDRECV, SC_SDP_RECVONLY },
    /* ... and the media level wins when it does. */
    { "sendonly", "sendrecv", SC_SDP_SENDRECV, SC_SDP_SENDRECV },
  };

  g_test_summary ("The answer's direction is the offer's, seen from our "
                  "side, intersected with what we want (RFC 3264 6.1)");

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    const DirectionCase *c = &cases[i];
    g_autofree char *session_attr = NULL;
    g_autofree char *media = NULL;
    g_autofree char *offer = NULL;
    g_autofree char *answer = NULL;
    g_auto (ScSdpAudio) negotiated = { 0, };
    g_auto (ScSdpAudio) parsed = { 0, };
    g_autoptr (GError) error = NULL;

    g_test_message ("case %" G_GSIZE_FORMAT ": offer session %s media %s, "
                    "local %s", i,
                    c->offer_session_attr ? c->offer_session_attr : "-",
                    c->offer_media_attr ? c->offer_media_attr : "-",
                    _sc_sdp_direction_to_string (c->local));

    if (c->offer_session_attr != NULL)
      session_attr = g_strdup_printf ("a=%s\r\n", c->offer_session_attr);
    if (c->offer_media_attr != NULL)
      media = g_strdup_printf ("m=audio 30000 RTP/AVP 0\r\na=%s\r\n",
                               c->offer_media_attr);
    else
      media = g_strdup ("m=audio 30000 RTP/AVP 0\r\n");
    offer = make_sdp (session_attr, media);
    answer = _sc_sdp_make_answer (offer, "127.0.0.1", 41002, 1, 1, c->local,
                                  &negotiated, &error);
    g_assert_no_error (error);
    g_assert_nonnull (answer);
    g_assert_cmpint (negotiated.direction, ==, c->expected);

    /* What the peer will read, not just what we think we wrote. */
    g_assert_true (_sc_sdp_parse_audio (answer, &parsed, &error));
    g_assert_no_error (error);
    g_assert_cmpint (parsed.direction, ==, c->expected);
  }
}

static void
test_answer_other_streams_rejected (void)
{
  g_autofree char *offer = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *m_lines = NULL;
  g_autoptr (GError) error = NULL;

  g_test_summary ("The answer keeps every offered m= line in order and "
                  "refuses those other than the audio with port 0 "
                  "(RFC 3264 6)");

  offer = make_sdp (NULL,
                    "m=video 30002 RTP/AVP 96\r\n"
                    "a=rtpmap:96 H264/90000\r\n"
                    "m=audio 30000 RTP/SAVP 0\r\n"
                    "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:x\r\n"
                    "m=audio 30004 RTP/AVP 0 101\r\n"
                    "a=rtpmap:101 telephone-event/8000\r\n");
  answer = _sc_sdp_make_answer (offer, "127.0.0.1", 41002, 1, 1,
                                SC_SDP_SENDRECV, NULL, &error);
  g_assert_no_error (error);

  m_lines = grep_lines (answer, "m=");
  g_assert_cmpstr (m_lines, ==,
                   "m=video 0 RTP/AVP 96|"
                   "m=audio 0 RTP/SAVP 0|"
                   "m=audio 41002 RTP/AVP 0 101");
}

static void
test_answer_disabled_stream (void)
{
  g_autofree char *offer = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *m_line = NULL;
  g_auto (ScSdpAudio) negotiated = { 0, };
  g_autoptr (GError) error = NULL;

  g_test_summary ("An offered audio stream with port 0 is answered with "
                  "port 0");

  offer = make_sdp (NULL, "m=audio 0 RTP/AVP 0\r\n");
  answer = _sc_sdp_make_answer (offer, "127.0.0.1", 41002, 1, 1,
                                SC_SDP_SENDRECV, &negotiated, &error);
  g_assert_no_error (error);

  m_line = grep_lines (answer, "m=");
  g_assert_cmpstr (m_line, ==, "m=audio 0 RTP/AVP 0");
  g_assert_cmpuint (negotiated.port, ==, 0);
  g_assert_cmpint (negotiated.direction, ==, SC_SDP_INACTIVE);
}

static void
test_parse_garbage (void)
{
  static const char *const bodies[] = {
    "",
    "garbage",
    "hello\r\nworld\r\n",
    "v=0\r\nthis is not sdp\r\n",
    /* No o= line. */
    "v=0\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 1 RTP/AVP 0\r\n",
    /* No c= anywhere for a live stream. */
    "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n"
    "m=audio 30000 RTP/AVP 0\r\n",
  };

  g_test_summary ("Bodies sofia-sip refuses give SC_ERROR_SDP_NEGOTIATION_"
                  "FAILED with sofia's reason, from parsing and answering");

  for (gsize i = 0; i < G_N_ELEMENTS (bodies); i++) {
    g_auto (ScSdpAudio) audio = { 0, };
    g_autoptr (GError) error = NULL;
    g_autofree char *answer = NULL;

    g_test_message ("body %" G_GSIZE_FORMAT, i);

    g_assert_false (_sc_sdp_parse_audio (bodies[i], &audio, &error));
    g_assert_error (error, SC_ERROR, SC_ERROR_SDP_NEGOTIATION_FAILED);
    g_assert_true (g_str_has_prefix (error->message,
                                     "SDP negotiation failed: "));
    g_assert_null (strstr (error->message, "no audio stream"));
    g_assert_null (strstr (error->message, "no common codec"));
    g_assert_null (audio.address);
    g_clear_error (&error);

    answer = _sc_sdp_make_answer (bodies[i], "127.0.0.1", 41002, 1, 1,
                                  SC_SDP_SENDRECV, NULL, &error);
    g_assert_null (answer);
    g_assert_error (error, SC_ERROR, SC_ERROR_SDP_NEGOTIATION_FAILED);
  }
}

static void
test_parse_no_audio (void)
{
  static const char *const media[] = {
    "",
    "m=video 30002 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n",
    /* We do not do SRTP: an RTP/SAVP audio line is not ours. */
    "m=audio 30000 RTP/SAVP 0\r\n",
  };

  g_test_summary ("A body without an m=audio RTP/AVP line gives "
                  "\"no audio stream\"");

  for (gsize i = 0; i < G_N_ELEMENTS (media); i++) {
    g_autofree char *sdp = make_sdp (NULL, media[i]);
    g_auto (ScSdpAudio) audio = { 0, };
    g_autoptr (GError) error = NULL;

    g_assert_false (_sc_sdp_parse_audio (sdp, &audio, &error));
    g_assert_error (error, SC_ERROR, SC_ERROR_SDP_NEGOTIATION_FAILED);
    g_assert_cmpstr (error->message, ==,
                     "SDP negotiation failed: no audio stream");
  }
}

static void
test_parse_ipv6 (void)
{
  g_autofree char *remote = NULL;
  g_autofree char *offer = NULL;
  g_autofree char *c_line = NULL;
  g_autofree char *o_line = NULL;
  g_auto (ScSdpAudio) audio = { 0, };
  g_auto (ScSdpAudio) ours = { 0, };
  g_autoptr (GError) error = NULL;

  g_test_summary ("IPv6 connection addresses parse, and our SDP for an IPv6 "
                  "address says IP6");

  remote = g_strdup ("v=0\r\n"
                     "o=- 1 1 IN IP6 2001:db8::1\r\n"
                     "s=-\r\n"
                     "c=IN IP6 2001:db8::1\r\n"
                     "t=0 0\r\n"
                     "m=audio 30000 RTP/AVP 0\r\n");
  g_assert_true (_sc_sdp_parse_audio (remote, &audio, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (audio.address, ==, "2001:db8::1");
  g_assert_cmpuint (audio.port, ==, 30000);

  offer = _sc_sdp_make_offer ("::1", 41000, 1, 1, SC_SDP_SENDRECV);
  c_line = grep_lines (offer, "c=");
  g_assert_cmpstr (c_line, ==, "c=IN IP6 ::1");
  o_line = grep_lines (offer, "o=");
  g_assert_cmpstr (o_line, ==, "o=- 1 1 IN IP6 ::1");

  g_assert_true (_sc_sdp_parse_audio (offer, &ours, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ours.address, ==, "::1");
}

static void
test_parse_media_level_connection (void)
{
  g_autofree char *sdp = NULL;
  g_autofree char *second = NULL;
  g_auto (ScSdpAudio) audio = { 0, };
  g_auto (ScSdpAudio) other = { 0, };
  g_autoptr (GError) error = NULL;

  g_test_summary ("A media-level c= overrides the session-level one; "
                  "without it the session-level one applies");

  sdp = make_sdp (NULL,
                  "m=audio 30000 RTP/AVP 0\r\n"
                  "c=IN IP4 198.51.100.7\r\n");
  g_assert_true (_sc_sdp_parse_audio (sdp, &audio, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (audio.address, ==, "198.51.100.7");

  /* The c= of another m= line must not leak into the audio one. */
  second = make_sdp (NULL,
                     "m=video 30002 RTP/AVP 96\r\n"
                     "c=IN IP4 198.51.100.7\r\n"
                     "a=rtpmap:96 H264/90000\r\n"
                     "m=audio 30000 RTP/AVP 0\r\n");
  g_assert_true (_sc_sdp_parse_audio (second, &other, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (other.address, ==, "192.0.2.10");
}

static void
test_parse_ptime (void)
{
  g_autofree char *with = NULL;
  g_autofree char *without = NULL;
  g_auto (ScSdpAudio) a = { 0, };
  g_auto (ScSdpAudio) b = { 0, };
  g_autoptr (GError) error = NULL;

  g_test_summary ("a=ptime is read; 20 ms when absent");

  with = make_sdp (NULL, "m=audio 30000 RTP/AVP 0\r\na=ptime:40\r\n");
  g_assert_true (_sc_sdp_parse_audio (with, &a, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (a.ptime, ==, 40);

  without = make_sdp (NULL, "m=audio 30000 RTP/AVP 0\r\n");
  g_assert_true (_sc_sdp_parse_audio (without, &b, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (b.ptime, ==, 20);
}

static void
test_direction_reverse (void)
{
  g_test_summary ("Reversing a direction swaps sendonly and recvonly, and "
                  "negotiating with the reverse of our own is a no-op");

  g_assert_cmpint (_sc_sdp_direction_reverse (SC_SDP_SENDONLY), ==,
                   SC_SDP_RECVONLY);
  g_assert_cmpint (_sc_sdp_direction_reverse (SC_SDP_RECVONLY), ==,
                   SC_SDP_SENDONLY);
  g_assert_cmpint (_sc_sdp_direction_reverse (SC_SDP_SENDRECV), ==,
                   SC_SDP_SENDRECV);
  g_assert_cmpint (_sc_sdp_direction_reverse (SC_SDP_INACTIVE), ==,
                   SC_SDP_INACTIVE);

  for (int d = SC_SDP_SENDRECV; d <= SC_SDP_INACTIVE; d++)
    g_assert_cmpint (_sc_sdp_direction_negotiate (
                       _sc_sdp_direction_reverse ((ScSdpDirection) d),
                       (ScSdpDirection) d),
                     ==, d);
}

static void
test_build_payload_list (void)
{
  static const int pts[] = { 8 };
  g_autofree char *sdp = NULL;
  g_autofree char *m_line = NULL;
  g_autofree char *rest = NULL;

  g_test_summary ("_sc_sdp_build lists exactly the payloads asked for");

  sdp = _sc_sdp_build ("127.0.0.1", 41000, 5, 6, SC_SDP_RECVONLY, pts,
                       G_N_ELEMENTS (pts), -1);
  m_line = grep_lines (sdp, "m=");
  g_assert_cmpstr (m_line, ==, "m=audio 41000 RTP/AVP 8");
  rest = grep_lines (sdp, "a=");
  g_assert_cmpstr (rest, ==, "a=rtpmap:8 PCMA/8000|a=ptime:20|a=recvonly");
}

/* ---- hostile and unusual text ---- */

/* A field of /proc/self/status ("VmHWM"), in kB; 0 if absent. */
static guint64
proc_status_kb (const char *field)
{
  g_autofree char *status = NULL;
  g_autofree char *key = g_strdup_printf ("\n%s:", field);
  const char *found;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  found = strstr (status, key);
  return found != NULL ? g_ascii_strtoull (found + strlen (key), NULL, 10) : 0;
}

/* ASan reserves terabytes of shadow memory up front: no address-space
 * limit under it. */
#if defined (__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined (__has_feature)
#if __has_feature (address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

/* The SDP of issue 7, defect 1: an m= line of an unknown transport whose
 * format is not a token, then an rtpmap.  Debian's sofia-sip allocated
 * without end on it. */
#define HOSTILE_SDP \
  "v=0\r\n" \
  "o=- 4242 1 IN IP4 127.0.0.1\r\n" \
  "s=raw\r\n" \
  "c=IN IP4 127.0.0.1\r\n" \
  "t=0 0\r\n" \
  "m=audio 40000 RTP/CVP \x80\r\n" \
  "a=rtpmap:0 PCMU/8000\r\n"

static void
hostile_format_list_subprocess (void)
{
  static const char *const bodies[] = {
    HOSTILE_SDP,
    /* The same without the rtpmap, and an ASCII non-token: the rtpmap
     * plays no part, any character outside token and blanks does. */
    "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\n"
    "t=0 0\r\nm=audio 40000 RTP/CVP \x80\r\n",
    "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\n"
    "t=0 0\r\nm=audio 40000 RTP/CVP 0 @\r\n",
    "v=0\no=- 1 1 IN IP4 127.0.0.1\ns=-\nc=IN IP4 127.0.0.1\n"
    "t=0 0\nm=application 9 x-foo (\n",
  };
  guint64 peak_before = proc_status_kb ("VmHWM");
  gint64 start = g_get_monotonic_time ();

#ifndef UNDER_ASAN
  {
    /* On a runaway, fail on a failed malloc rather than take the
     * machine down (ASan's shadow memory forbids an address-space
     * limit; the parent's timeout still ends the child there). */
    struct rlimit limit;
    guint64 size_kb = proc_status_kb ("VmSize");

    limit.rlim_cur = limit.rlim_max = (rlim_t) (size_kb + 256 * 1024) * 1024;
    g_assert_cmpint (setrlimit (RLIMIT_AS, &limit), ==, 0);
  }
#endif

  for (gsize i = 0; i < G_N_ELEMENTS (bodies); i++) {
    g_auto (ScSdpAudio) audio = { 0, };
    g_autoptr (GError) error = NULL;
    g_autoptr (ScSdpOffer) offer = NULL;
    g_autofree char *answer = NULL;

    g_assert_false (_sc_sdp_parse_audio (bodies[i], &audio, &error));
    g_assert_error (error, SC_ERROR, SC_ERROR_SDP_NEGOTIATION_FAILED);
    g_test_message ("body %" G_GSIZE_FORMAT ": %s", i, error->message);
    g_assert_null (strstr (error->message, "memory"));
    g_clear_error (&error);

    offer = _sc_sdp_offer_parse (bodies[i], &audio, &error);
    g_assert_null (offer);
    g_assert_error (error, SC_ERROR, SC_ERROR_SDP_NEGOTIATION_FAILED);
    g_assert_null (strstr (error->message, "memory"));
    g_clear_error (&error);

    answer = _sc_sdp_make_answer (bodies[i], "127.0.0.1", 41002, 1, 1,
                                  SC_SDP_SENDRECV, NULL, &error);
    g_assert_null (answer);
    g_assert_error (error, SC_ERROR, SC_ERROR_SDP_NEGOTIATION_FAILED);

    g_assert_true (_sc_sdp_is_malformed (bodies[i]));
  }

  /* Milliseconds, and no memory to speak of. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 100 * 1000);
  g_assert_cmpuint (proc_status_kb ("VmHWM") - peak_before, <, 10 * 1024);
}

static void
test_parse_hostile_format_list (void)
{
  g_test_summary ("Issue 7, defect 1: an m= line whose format is not a "
                  "token (\"RTP/CVP \\x80\") is malformed, found in "
                  "milliseconds with no memory growth, by every parsing "
                  "entry point (sofia-sip allocated without bound on it)");

  if (g_test_subprocess ()) {
    hostile_format_list_subprocess ();
    return;
  }
  /* In a child with a time limit: a regression must fail the test, not
   * exhaust the machine. */
  g_test_trap_subprocess (NULL, 5 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_parse_syntax (void)
{
  static const char *const malformed[] = {
    /* Not <type>=<value>. */
    "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\n"
    "t=0 0\r\nM=audio 30000 RTP/AVP 0\r\n",
    "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\n"
    "t=0 0\r\nm =audio 30000 RTP/AVP 0\r\n",
    "o=- 1 1 IN IP4 192.0.2.1\r\nv=0\r\ns=-\r\nc=IN IP4 192.0.2.1\r\n"
    "t=0 0\r\nm=audio 30000 RTP/AVP 0\r\n",
    /* A control character, a CR that ends no line, a Latin-1 byte. */
    "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=\x01\r\nc=IN IP4 192.0.2.1\r\n"
    "t=0 0\r\nm=audio 30000 RTP/AVP 0\r\n",
    "v=0\r\no=- 1 1 IN IP4 192.0.2.1\rs=-\r\nc=IN IP4 192.0.2.1\r\n"
    "t=0 0\r\nm=audio 30000 RTP/AVP 0\r\n",
    "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=caf\xe9\r\nc=IN IP4 192.0.2.1\r\n"
    "t=0 0\r\nm=audio 30000 RTP/AVP 0\r\n",
    /* An empty line inside. */
    "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n\r\ns=-\r\nc=IN IP4 192.0.2.1\r\n"
    "t=0 0\r\nm=audio 30000 RTP/AVP 0\r\n",
    /* m= lines: no format, a port beyond 16 bits, a port that is no
     * number. */
    "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\n"
    "t=0 0\r\nm=audio 30000 RTP/AVP\r\n",
    "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\n"
    "t=0 0\r\nm=audio 95536 RTP/AVP 0\r\n",
    "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\n"
    "t=0 0\r\nm=audio -1 RTP/AVP 0\r\n",
    /* An attribute name that is not a token. */
    "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\n"
    "t=0 0\r\nm=audio 30000 RTP/AVP 0\r\na=send recv\r\n",
    /* t= that is not two numbers (sofia took the address of a member
     * of a session it had overwritten). */
    "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\n"
    "t=x\r\nm=audio 30000 RTP/AVP 0\r\n",
    "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\n"
    "t=0\r\nm=audio 30000 RTP/AVP 0\r\n",
  };
  static const char *const tolerated[] = {
    /* LF line ends, no line end at the very end, an extra CRLF at the
     * end, tabs and double spaces between the fields of m=. */
    "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\n"
    "m=audio 30000 RTP/AVP 0\n",
    "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\n"
    "t=0 0\r\nm=audio 30000 RTP/AVP 0",
    "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\n"
    "t=0 0\r\nm=audio 30000 RTP/AVP 0\r\n\r\n",
    "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\n"
    "t=0 0\r\nm=audio\t30000  RTP/AVP  8 0 \r\n",
    /* UTF-8 text where text is allowed. */
    "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=caf\xc3\xa9\r\n"
    "c=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 30000 RTP/AVP 0\r\n",
    /* Repeat times and a time-zone offset sofia's parser overflowed on:
     * not read at all. */
    "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\n"
    "t=3034423619 3042462419\r\nr=7d 1h 0 25h\r\n"
    "z=1 9223372036854775807h\r\nm=audio 30000 RTP/AVP 0\r\n",
  };
  g_autoptr (GString) huge = NULL;
  g_autofree char *long_line = NULL;

  g_test_summary ("SDP that breaks RFC 4566's line grammar is malformed "
                  "before sofia-sip sees it; the usual sloppiness (LF "
                  "line ends, a missing or extra final line end, runs of "
                  "blanks) is not");

  for (gsize i = 0; i < G_N_ELEMENTS (malformed); i++) {
    g_auto (ScSdpAudio) audio = { 0, };
    g_autoptr (GError) error = NULL;

    g_test_message ("malformed %" G_GSIZE_FORMAT, i);
    g_assert_false (_sc_sdp_parse_audio (malformed[i], &audio, &error));
    g_assert_error (error, SC_ERROR, SC_ERROR_SDP_NEGOTIATION_FAILED);
    g_test_message ("%s", error->message);
    g_assert_true (_sc_sdp_is_malformed (malformed[i]));
  }

  for (gsize i = 0; i < G_N_ELEMENTS (tolerated); i++) {
    g_auto (ScSdpAudio) audio = { 0, };
    g_autoptr (GError) error = NULL;

    g_test_message ("tolerated %" G_GSIZE_FORMAT, i);
    g_assert_true (_sc_sdp_parse_audio (tolerated[i], &audio, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (audio.port, ==, 30000);
    g_assert_false (_sc_sdp_is_malformed (tolerated[i]));
  }

  /* Sizes: a 5000-byte attribute line, a 70000-byte body. */
  long_line = g_strnfill (5000, 'x');
  {
    g_autofree char *sdp = make_sdp (NULL, "m=audio 30000 RTP/AVP 0\r\n");
    g_autofree char *with_line = g_strconcat (sdp, "a=x:", long_line,
                                              "\r\n", NULL);

    g_assert_true (_sc_sdp_is_malformed (with_line));
  }
  huge = g_string_new (NULL);
  g_string_append (huge, "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n"
                         "c=IN IP4 192.0.2.1\r\nt=0 0\r\n"
                         "m=audio 30000 RTP/AVP 0\r\n");
  while (huge->len <= 70000)
    g_string_append (huge, "a=x-padding:0123456789012345678901234567890\r\n");
  g_assert_true (_sc_sdp_is_malformed (huge->str));
}

/* The SDP of RFC 4475's valid messages (3.1.1.1 and others). */
#define RFC4475_SDP \
  "v=0\r\n" \
  "o=mhandley 29739 7272939 IN IP4 192.0.2.3\r\n" \
  "s=-\r\n" \
  "c=IN IP4 192.0.2.3\r\n" \
  "t=0 0\r\n" \
  "m=audio 49217 RTP/AVP 0 12\r\n" \
  "m=video 3227 RTP/AVP 31\r\n" \
  "a=rtpmap:31 LPC\r\n"

static void
test_answer_unknown_codecs (void)
{
  static const struct {
    const char *media;
    const char *codec;
    int         pt;
  } offers[] = {
    { "m=audio 49217 RTP/AVP 0 31\r\na=rtpmap:31 LPC/8000\r\n", "PCMU", 0 },
    { "m=audio 49217 RTP/AVP 31 0\r\na=rtpmap:31 LPC\r\n", "PCMU", 0 },
    /* An rtpmap we cannot read does not hide the static meaning of 0. */
    { "m=audio 49217 RTP/AVP 0\r\na=rtpmap:0 PCMU\r\n", "PCMU", 0 },
    { "m=audio 49217 RTP/AVP 96 97 8\r\na=rtpmap:96 opus\r\n"
      "a=rtpmap:97 x/y/z\r\n", "PCMA", 8 },
  };
  g_autofree char *answer = NULL;
  g_autofree char *m_lines = NULL;
  g_auto (ScSdpAudio) negotiated = { 0, };
  g_autoptr (GError) error = NULL;

  g_test_summary ("Codecs we do not know, even with an rtpmap sofia-sip "
                  "cannot read (RFC 4475's \"a=rtpmap:31 LPC\"), are "
                  "ignored: the offer is answered with the codecs we "
                  "share; with none shared it is unacceptable, not "
                  "malformed");

  g_assert_false (_sc_sdp_is_malformed (RFC4475_SDP));
  answer = _sc_sdp_make_answer (RFC4475_SDP, "127.0.0.1", 41002, 1, 1,
                                SC_SDP_SENDRECV, &negotiated, &error);
  g_assert_no_error (error);
  g_assert_nonnull (answer);
  m_lines = grep_lines (answer, "m=");
  g_assert_cmpstr (m_lines, ==, "m=audio 41002 RTP/AVP 0|m=video 0 RTP/AVP 31");
  g_assert_cmpstr (negotiated.codec, ==, "PCMU");
  g_assert_cmpstr (negotiated.address, ==, "192.0.2.3");
  g_assert_cmpuint (negotiated.port, ==, 49217);

  for (gsize i = 0; i < G_N_ELEMENTS (offers); i++) {
    g_autofree char *sdp = make_sdp (NULL, offers[i].media);
    g_auto (ScSdpAudio) audio = { 0, };
    g_autoptr (ScSdpOffer) offer = NULL;

    g_test_message ("offer %" G_GSIZE_FORMAT, i);
    g_assert_false (_sc_sdp_is_malformed (sdp));
    offer = _sc_sdp_offer_parse (sdp, &audio, &error);
    g_assert_no_error (error);
    g_assert_nonnull (offer);
    g_assert_cmpstr (audio.codec, ==, offers[i].codec);
    g_assert_cmpint (audio.payload_type, ==, offers[i].pt);
  }

  /* Only unknown codecs: a negotiation failure (488), not malformed
   * (400). */
  {
    g_autofree char *sdp = make_sdp (NULL, "m=audio 49217 RTP/AVP 31\r\n"
                                           "a=rtpmap:31 LPC\r\n");
    g_auto (ScSdpAudio) audio = { 0, };

    g_assert_false (_sc_sdp_is_malformed (sdp));
    g_assert_false (_sc_sdp_parse_audio (sdp, &audio, &error));
    g_assert_error (error, SC_ERROR, SC_ERROR_SDP_NEGOTIATION_FAILED);
    g_assert_nonnull (strstr (error->message, "no common codec"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sdp/offer/roundtrip", test_offer_roundtrip);
  g_test_add_func ("/sdp/offer/direction", test_offer_direction);
  g_test_add_func ("/sdp/answer/picks-first-supported",
                   test_answer_picks_first_supported);
  g_test_add_func ("/sdp/answer/dynamic-payload", test_answer_dynamic_payload);
  g_test_add_func ("/sdp/answer/pcma-only", test_answer_pcma_only);
  g_test_add_func ("/sdp/answer/no-common-codec", test_answer_no_common_codec);
  g_test_add_func ("/sdp/answer/direction", test_answer_direction);
  g_test_add_func ("/sdp/answer/other-streams-rejected",
                   test_answer_other_streams_rejected);
  g_test_add_func ("/sdp/answer/disabled-stream", test_answer_disabled_stream);
  g_test_add_func ("/sdp/parse/garbage", test_parse_garbage);
  g_test_add_func ("/sdp/parse/no-audio", test_parse_no_audio);
  g_test_add_func ("/sdp/parse/ipv6", test_parse_ipv6);
  g_test_add_func ("/sdp/parse/media-level-connection",
                   test_parse_media_level_connection);
  g_test_add_func ("/sdp/parse/ptime", test_parse_ptime);
  g_test_add_func ("/sdp/parse/hostile-format-list",
                   test_parse_hostile_format_list);
  g_test_add_func ("/sdp/parse/syntax", test_parse_syntax);
  g_test_add_func ("/sdp/answer/unknown-codecs", test_answer_unknown_codecs);
  g_test_add_func ("/sdp/direction/reverse", test_direction_reverse);
  g_test_add_func ("/sdp/build/payload-list", test_build_payload_list);

  return g_test_run ();
}
