/* test-sip-request.c: the sofia-free snapshot of an incoming request
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Requests are parsed from text by _sc_sip_request_new_for_test (), as
 * one datagram, with no stack behind them.
 */

#include <glib.h>
#include <string.h>

#include "sip/sc-sip-request.h"

/* An INVITE with @extra_header (a whole "Name: value" line, or NULL)
 * and @body (may hold NUL bytes: @body_length says how long it is). */
static char *
invite_text (const char *extra_header,
             const char *body,
             gsize       body_length,
             gsize      *out_length)
{
  GString *text = g_string_new (NULL);

  g_string_append (text,
                   "INVITE sip:bob@192.0.2.1 SIP/2.0\r\n"
                   "Via: SIP/2.0/UDP 192.0.2.2:5060;branch=z9hG4bK-1\r\n"
                   "Max-Forwards: 70\r\n"
                   "From: \"Alice\" <sip:alice@192.0.2.2>;tag=a\r\n"
                   "To: <sip:bob@192.0.2.1>\r\n"
                   "Call-ID: test-sip-request\r\n"
                   "CSeq: 1 INVITE\r\n"
                   "Contact: <sip:alice@192.0.2.2>\r\n");
  if (extra_header != NULL)
    g_string_append_printf (text, "%s\r\n", extra_header);
  if (body != NULL)
    g_string_append (text, "Content-Type: application/sdp\r\n");
  g_string_append_printf (text, "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                          body != NULL ? body_length : 0);
  if (body != NULL)
    g_string_append_len (text, body, (gssize) body_length);
  *out_length = text->len;
  return g_string_free (text, FALSE);
}

static void
test_parse (void)
{
  gsize length;
  g_autofree char *text = invite_text (NULL, "v=0\r\n", 5, &length);
  ScSipRequest *request;
  GHashTable *headers;

  g_test_summary ("A request parsed without a stack reads like one from "
                  "the network, and respond () records the status");

  request = _sc_sip_request_new_for_test (text, length);
  g_assert_nonnull (request);
  g_assert_cmpint (_sc_sip_request_get_method (request), ==, SC_SIP_METHOD_INVITE);
  g_assert_cmpstr (_sc_sip_request_get_from_uri (request), ==, "sip:alice@192.0.2.2");
  g_assert_cmpstr (_sc_sip_request_get_to_uri (request), ==, "sip:bob@192.0.2.1");
  g_assert_cmpstr (_sc_sip_request_get_display_name (request), ==, "Alice");
  g_assert_cmpstr (_sc_sip_request_get_call_id (request), ==, "test-sip-request");
  g_assert_cmpstr (_sc_sip_request_get_body (request), ==, "v=0\r\n");
  g_assert_cmpstr (_sc_sip_request_get_content_type (request), ==, "application/sdp");
  headers = _sc_sip_request_get_headers (request);
  g_assert_cmpstr (g_hash_table_lookup (headers, "CSeq"), ==, "1 INVITE");
  g_assert_cmpstr (g_hash_table_lookup (headers, "Via"), ==,
                   "SIP/2.0/UDP 192.0.2.2:5060;branch=z9hG4bK-1");

  g_assert_cmpuint (_sc_sip_request_get_test_status (request), ==, 0);
  _sc_sip_request_respond (request, 488, NULL, NULL);
  g_assert_cmpuint (_sc_sip_request_get_test_status (request), ==, 488);
  _sc_sip_request_free_for_test (request);

  /* Not a request nta would hand up. */
  g_assert_null (_sc_sip_request_new_for_test ("hello", 5));
  g_assert_null (_sc_sip_request_new_for_test ("SIP/2.0 200 OK\r\n\r\n", 18));
  g_assert_null (_sc_sip_request_new_for_test ("INVITE sip:a@b SIP/2.0\r\n\r\n", 26));
}

/* "Name: " followed by @prefix and as many 'x' as make the value
 * @length bytes long; the value alone in *@out_value. */
static char *
padded_header (const char  *name,
               const char  *prefix,
               gsize        length,
               char       **out_value)
{
  g_autofree char *padding = g_strnfill (length - strlen (prefix), 'x');

  *out_value = g_strconcat (prefix, padding, NULL);
  return g_strdup_printf ("%s: %s", name, *out_value);
}

static void
test_long_headers (void)
{
  /* Values sofia-sip encodes back exactly as written; the padding is
   * the last string its encoder writes. */
  static const struct {
    const char *name;
    const char *prefix;
  } headers[] = {
    { "Via", "SIP/2.0/UDP 192.0.2.3;branch=z9hG4bK" },
    { "Contact", "<sip:carol@192.0.2.3>;x=" },
    { "Content-Type", "application/sdp;x=" },
    { "Allow", "INVITE, " },
    { "Supported", "timer, " },
    { "User-Agent", "phone/" },
  };
  /* Around sip_header_as_string ()'s first buffer (128 bytes) and our
   * stack buffer (1024), and well past both. */
  static const gsize lengths[] = { 100, 126, 127, 128, 1022, 1023, 1024, 1025, 3000 };

  g_test_summary ("Issue 7, defect 4: headers whose encoding just fits or "
                  "overflows an encoding buffer come back whole, never "
                  "with bytes sofia-sip's encoder did not write");

  for (gsize h = 0; h < G_N_ELEMENTS (headers); h++)
    for (gsize l = 0; l < G_N_ELEMENTS (lengths); l++)
      {
        g_autofree char *value = NULL;
        g_autofree char *header = padded_header (headers[h].name, headers[h].prefix,
                                                 lengths[l], &value);
        gsize length;
        g_autofree char *text = NULL;
        ScSipRequest *request;
        const char *got;

        /* The request's own Via and Contact come first: give the long
         * one alone. */
        if (g_str_equal (headers[h].name, "Via") || g_str_equal (headers[h].name, "Contact"))
          {
            g_autofree char *base = invite_text (NULL, NULL, 0, &length);
            g_autofree char *line = NULL;
            const char *own = g_str_equal (headers[h].name, "Via")
                              ? "Via: SIP/2.0/UDP 192.0.2.2:5060;branch=z9hG4bK-1"
                              : "Contact: <sip:alice@192.0.2.2>";
            char *at = strstr (base, own);

            line = g_strndup (base, (gsize) (at - base));
            text = g_strconcat (line, header, at + strlen (own), NULL);
            length = strlen (text);
          }
        else
          text = invite_text (header, NULL, 0, &length);

        request = _sc_sip_request_new_for_test (text, length);
        g_assert_nonnull (request);
        got = g_hash_table_lookup (_sc_sip_request_get_headers (request), headers[h].name);
        if (g_strcmp0 (got, value) != 0)
          g_test_message ("%s of %" G_GSIZE_FORMAT " bytes came back as %" G_GSIZE_FORMAT
                          " bytes", headers[h].name, lengths[l],
                          got != NULL ? strlen (got) : 0);
        g_assert_cmpstr (got, ==, value);
        _sc_sip_request_free_for_test (request);
      }
}

static void
test_body_with_nul (void)
{
  static const char body[] = "v=0\r\n\0a=x\r\n";
  gsize length;
  g_autofree char *text = invite_text (NULL, body, sizeof body - 1, &length);
  ScSipRequest *request = _sc_sip_request_new_for_test (text, length);

  g_test_summary ("A body holding a NUL byte reads as \"\", not as the "
                  "text before the NUL");

  g_assert_nonnull (request);
  g_assert_cmpstr (_sc_sip_request_get_body (request), ==, "");
  _sc_sip_request_free_for_test (request);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sip-request/parse", test_parse);
  g_test_add_func ("/sip-request/headers/long", test_long_headers);
  g_test_add_func ("/sip-request/body-with-nul", test_body_with_nul);

  return g_test_run ();
}
