/* test-g711.c: G.711 encoding by table gives exactly the formulas' codes
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * _sc_g711_encode () looks each sample up in a table indexed by its sign
 * and magnitude >> 2; _sc_g711_encode_sample () is the segment/mantissa
 * formula itself. They must agree on every one of the 65536 samples, in
 * both laws, and the formula must give the codes ITU-T G.711 gives.
 */

#include <glib.h>

#include "media/sc-g711.h"

static void
check_law (ScG711Law law)
{
  static gint16 pcm[65536];
  static guint8 table_codes[65536];

  for (int i = 0; i < 65536; i++)
    pcm[i] = (gint16) (i - 32768);
  _sc_g711_encode (law, pcm, table_codes, G_N_ELEMENTS (pcm));
  for (int i = 0; i < 65536; i++)
    if (table_codes[i] != _sc_g711_encode_sample (law, pcm[i]))
      g_error ("law %d, sample %d: table 0x%02x, formula 0x%02x", law, pcm[i],
               table_codes[i], _sc_g711_encode_sample (law, pcm[i]));
}

static void
test_ulaw_all_samples (void)
{
  g_test_summary ("µ-law: the encoding table gives the formula's code for "
                  "every 16-bit sample");
  check_law (SC_G711_ULAW);
}

static void
test_alaw_all_samples (void)
{
  g_test_summary ("A-law: the encoding table gives the formula's code for "
                  "every 16-bit sample");
  check_law (SC_G711_ALAW);
}

static void
test_known_codes (void)
{
  const struct { ScG711Law law; gint16 pcm; guint8 code; } cases[] = {
    { SC_G711_ULAW, 0, 0xff },        /* silence */
    { SC_G711_ULAW, -1, 0x7f },
    { SC_G711_ULAW, 32767, 0x80 },    /* the largest, clipped */
    { SC_G711_ULAW, -32768, 0x00 },
    { SC_G711_ALAW, 0, 0xd5 },        /* silence */
    { SC_G711_ALAW, -1, 0x55 },
    { SC_G711_ALAW, 32767, 0xaa },
    { SC_G711_ALAW, -32768, 0x2a },
  };

  g_test_summary ("The formula gives G.711's codes at zero and both ends, "
                  "and encoding then decoding stays within one step");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint8 code;

      _sc_g711_encode (cases[i].law, &cases[i].pcm, &code, 1);
      g_assert_cmphex (code, ==, cases[i].code);
      g_assert_cmphex (_sc_g711_encode_sample (cases[i].law, cases[i].pcm), ==,
                       cases[i].code);
    }

  /* Every code decodes to a value that encodes back to it. */
  for (int law = SC_G711_ULAW; law <= SC_G711_ALAW; law++)
    for (int code = 0; code < 256; code++)
      {
        gint16 pcm = _sc_g711_decode_sample (law, (guint8) code);
        guint8 again;

        _sc_g711_encode (law, &pcm, &again, 1);
        /* µ-law has two zeros (0x7f, 0xff): both decode to 0. */
        if (law == SC_G711_ULAW && code == 0x7f)
          g_assert_cmphex (again, ==, 0xff);
        else
          g_assert_cmphex (again, ==, code);
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/g711/ulaw/table-equals-formula", test_ulaw_all_samples);
  g_test_add_func ("/g711/alaw/table-equals-formula", test_alaw_all_samples);
  g_test_add_func ("/g711/known-codes", test_known_codes);
  return g_test_run ();
}
