/* fuzz-sdp.c: libFuzzer harness for the SDP path (sip/sc-sdp.c)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The input is a message body as it arrives (NUL bytes included): it is
 * made a string the way the SIP layer makes one, then read as an offer
 * (parse, answer later, and the one-shot answer), as the answer to our
 * offer, and classified malformed or not. Besides the sanitizers, the
 * harness checks what callers rely on: an offer that parses can be
 * answered; an answer we write parses back to what was negotiated; what
 * parses is never called malformed. GLib criticals and warnings abort.
 */

#include <glib.h>
#include <stdint.h>

#include "sc-error.h"
#include "sip/sc-sdp.h"
#include "sip/sc-sip-syntax.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

static void
check_audio (const ScSdpAudio *audio)
{
  g_assert_nonnull (audio->address);
  g_assert_true (g_strcmp0 (audio->codec, "PCMU") == 0 ||
                 g_strcmp0 (audio->codec, "PCMA") == 0);
  g_assert_cmpuint (audio->clock_rate, ==, 8000);
  g_assert_cmpint (audio->payload_type, >=, 0);
  g_assert_cmpint (audio->payload_type, <, 128);
  g_assert_cmpint (audio->telephone_event_pt, <, 128);
  g_assert_cmpuint (audio->ptime, >, 0);
}

/* The offer path: parsed at admission, answered when the call is
 * accepted. */
static void
answer_offer (const char *text)
{
  g_auto (ScSdpAudio) offered = { 0, };
  g_auto (ScSdpAudio) negotiated = { 0, };
  g_auto (ScSdpAudio) reread = { 0, };
  g_autoptr (ScSdpOffer) offer = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *again = NULL;

  offer = _sc_sdp_offer_parse (text, &offered, &error);
  if (offer == NULL)
    {
      g_assert_error (error, SC_ERROR, SC_ERROR_SDP_NEGOTIATION_FAILED);
      /* Whether it is 400 or 488. */
      (void) _sc_sdp_is_malformed (text);
      return;
    }
  check_audio (&offered);
  g_assert_false (_sc_sdp_is_malformed (text));

  answer = _sc_sdp_offer_answer (offer, "192.0.2.1", 40000, 7, 8,
                                 SC_SDP_SENDRECV, &negotiated, &error);
  g_assert_no_error (error);
  g_assert_nonnull (answer);
  check_audio (&negotiated);

  /* Our answer is good SDP saying what we negotiated. */
  g_assert_false (_sc_sdp_is_malformed (answer));
  g_assert_true (_sc_sdp_parse_audio (answer, &reread, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (reread.codec, ==, negotiated.codec);
  g_assert_cmpint (reread.payload_type, ==, negotiated.payload_type);

  /* A re-INVITE with the same offer, answered in one go. */
  again = _sc_sdp_make_answer (text, "2001:db8::1", 40002, 7, 9,
                               SC_SDP_SENDONLY, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
}

/* The answer path: the SDP of a 2xx or ACK to our own offer. */
static void
read_answer (const char *text)
{
  g_auto (ScSdpAudio) audio = { 0, };
  g_autoptr (GError) error = NULL;

  if (_sc_sdp_parse_audio (text, &audio, &error))
    {
      g_assert_no_error (error);
      check_audio (&audio);
      (void) _sc_sdp_direction_negotiate (audio.direction, SC_SDP_SENDRECV);
    }
  else
    g_assert_error (error, SC_ERROR, SC_ERROR_SDP_NEGOTIATION_FAILED);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = _sc_sip_body_to_text ((const char *) data, size);

  if (text == NULL)
    return 0;
  answer_offer (text);
  read_answer (text);
  return 0;
}
