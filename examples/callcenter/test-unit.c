/* test-unit.c: the call centre's parsing and formatting, offline
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "callcenter.h"

/* The program's logger lives in sessioncore-callcenter.c. */
void
cc_log (Center     *center,
        const char *format,
        ...)
{
}

static void
test_digest_rfc2617 (void)
{
  g_autofree char *with_qop = NULL;
  g_autofree char *without_qop = NULL;

  g_test_summary ("RFC 2617 section 3.5's example response, and RFC 2069's "
                  "form without qop");
  with_qop = cc_digest_response ("Mufasa", "testrealm@host.com", "Circle Of Life", "GET",
                                 "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093",
                                 "00000001", "0a4f113b", "auth");
  g_assert_cmpstr (with_qop, ==, "6629fae49393a05397450978507c4ef1");
  /* MD5(HA1:nonce:HA2), HA1 and HA2 as above (computed with md5sum). */
  without_qop = cc_digest_response ("Mufasa", "testrealm@host.com", "Circle Of Life", "GET",
                                    "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093",
                                    NULL, NULL, NULL);
  g_assert_cmpstr (without_qop, ==, "670fd8c2df070c60b045671b8b24ff02");
}

static void
test_digest_parse (void)
{
  g_autoptr(GHashTable) params = NULL;
  const char *bad[] = { "", "Basic dXNlcjpwYXNz", "Digest", "Digest username",
                        "Digest username=\"unterminated", "Digest =x", "Digestusername=x" };

  g_test_summary ("Authorization: quoted values with commas and escapes, "
                  "tokens, any case of the keys; malformed ones refused");
  params = cc_digest_parse ("Digest username=\"al\\\"ice\", Realm=\"a, b\",nonce=\"n\", "
                            "uri=\"sip:127.0.0.1\", response=\"r\", algorithm=MD5, "
                            "qop=auth, nc=00000001, cnonce=\"c\"");
  g_assert_nonnull (params);
  g_assert_cmpstr (g_hash_table_lookup (params, "username"), ==, "al\"ice");
  g_assert_cmpstr (g_hash_table_lookup (params, "realm"), ==, "a, b");
  g_assert_cmpstr (g_hash_table_lookup (params, "algorithm"), ==, "MD5");
  g_assert_cmpstr (g_hash_table_lookup (params, "qop"), ==, "auth");
  g_assert_cmpstr (g_hash_table_lookup (params, "nc"), ==, "00000001");
  g_assert_cmpstr (g_hash_table_lookup (params, "cnonce"), ==, "c");
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GHashTable) refused = cc_digest_parse (bad[i]);

      if (refused != NULL)
        g_assert_cmpuint (g_hash_table_size (refused), ==, 0);
    }
}

static void
test_json_string (void)
{
  struct { const char *in, *out; } cases[] = {
    { "sip:alice@example.com", "\"sip:alice@example.com\"" },
    { "say \"hi\"\\", "\"say \\\"hi\\\"\\\\\"" },
    { "a\nb\rc\td", "\"a\\nb\\rc\\td\"" },
    { "\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"" },
    { "caf\xc3\xa9", "\"caf\xc3\xa9\"" },              /* UTF-8 kept */
    { "bad\xff", "\"bad\xef\xbf\xbd\"" },               /* invalid → U+FFFD */
    { NULL, "null" },
  };

  g_test_summary ("CDR strings are valid JSON: quotes, backslashes, control "
                  "characters escaped; invalid UTF-8 replaced");
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = cc_json_string (cases[i].in);

      g_assert_cmpstr (json, ==, cases[i].out);
    }
}

static void
test_iso8601 (void)
{
  g_autofree char *t = cc_iso8601 (G_GINT64_CONSTANT (1700000000123456));
  g_autofree char *none = cc_iso8601 (0);

  g_test_summary ("CDR times are ISO 8601 UTC with milliseconds; 0 is null");
  g_assert_cmpstr (t, ==, "\"2023-11-14T22:13:20.123Z\"");
  g_assert_cmpstr (none, ==, "null");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/callcenter/digest/rfc2617", test_digest_rfc2617);
  g_test_add_func ("/callcenter/digest/parse", test_digest_parse);
  g_test_add_func ("/callcenter/cdr/json-string", test_json_string);
  g_test_add_func ("/callcenter/cdr/iso8601", test_iso8601);
  return g_test_run ();
}
