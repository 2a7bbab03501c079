/* sc-g711.c: G.711 µ-law and A-law (ITU-T G.711)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The classic segment/mantissa formulation of G.711. Decoding, and
 * re-coding from one law to the other, go through 256-entry tables built
 * once. So does encoding a frame (what the media thread does for every
 * packet it sends out of a mixer or a source): a 16 K-entry table per law
 * indexed by the sign and the magnitude's top 13 bits (ENCODE_INDEX),
 * built from the formulas below. It gives exactly their codes: each law's
 * code depends on the magnitude only above its two low bits (µ-law adds a
 * bias of 132, a multiple of 4, before looking at bit 3 and up; A-law
 * looks at bit 4 and up), as tests/test-g711.c checks for all 65536
 * samples.
 */

#include "config.h"

#include "sc-g711.h"

#include <string.h>

#define ULAW_BIAS 0x84
#define ULAW_CLIP 32635

static gint16 ulaw_table[256];
static gint16 alaw_table[256];
static guint8 ulaw_to_alaw[256];
static guint8 alaw_to_ulaw[256];

/* Sign in bit 13, magnitude >> 2 below. The magnitude is what each law's
 * formula takes: -pcm for a negative µ-law sample, ~pcm (-pcm - 1) for an
 * A-law one; -32768's µ-law magnitude, 32768, is clipped like every
 * magnitude above 32635, so 32767 stands in for it. */
#define ENCODE_ENTRIES  (1 << 14)
static guint8 ulaw_encode_table[ENCODE_ENTRIES];
static guint8 alaw_encode_table[ENCODE_ENTRIES];

static inline guint
ulaw_index (gint16 pcm)
{
  int sample = pcm;

  if (sample < 0)
    return (1 << 13) | (guint) (MIN (-sample, 32767) >> 2);
  return (guint) sample >> 2;
}

static inline guint
alaw_index (gint16 pcm)
{
  int sample = pcm;

  if (sample < 0)
    return (1 << 13) | (guint) (~sample >> 2);
  return (guint) sample >> 2;
}

static guint8 ulaw_encode (gint16 pcm);
static guint8 alaw_encode (gint16 pcm);

static void
build_tables (void)
{
  static gsize done = 0;

  if (!g_once_init_enter (&done))
    return;

  for (int i = 0; i < 256; i++)
    {
      /* µ-law: complemented sign, 3-bit exponent, 4-bit mantissa. */
      int u = ~i & 0xff;
      int t = ((u & 0x0f) << 3) + ULAW_BIAS;
      t <<= (u & 0x70) >> 4;
      ulaw_table[i] = (gint16) ((u & 0x80) ? (ULAW_BIAS - t) : (t - ULAW_BIAS));

      /* A-law: even bits inverted, then sign, exponent, mantissa. */
      int a = i ^ 0x55;
      int seg = (a & 0x70) >> 4;
      int v = (a & 0x0f) << 4;
      if (seg == 0)
        v += 8;
      else
        v = (v + 0x108) << (seg - 1);
      alaw_table[i] = (gint16) ((a & 0x80) ? v : -v);
    }

  /* Through the linear value: the nearest code of the other law. */
  for (int i = 0; i < 256; i++)
    {
      ulaw_to_alaw[i] = alaw_encode (ulaw_table[i]);
      alaw_to_ulaw[i] = ulaw_encode (alaw_table[i]);
    }

  /* Each entry from one sample of its group: every sample of a group has
   * the same code. */
  for (int i = 0; i < ENCODE_ENTRIES / 2; i++)
    {
      ulaw_encode_table[i] = ulaw_encode ((gint16) (i << 2));
      alaw_encode_table[i] = alaw_encode ((gint16) (i << 2));
      ulaw_encode_table[(1 << 13) | i] = ulaw_encode ((gint16) -MAX (i << 2, 1));
      alaw_encode_table[(1 << 13) | i] = alaw_encode ((gint16) ~(i << 2));
    }

  g_once_init_leave (&done, 1);
}

static guint8
ulaw_encode (gint16 pcm)
{
  int sample = pcm;
  int sign = (sample >> 8) & 0x80;
  int exponent, mantissa;

  if (sign)
    sample = -sample;
  if (sample > ULAW_CLIP)
    sample = ULAW_CLIP;
  sample += ULAW_BIAS;

  exponent = 7;
  for (int mask = 0x4000; (sample & mask) == 0 && exponent > 0; mask >>= 1)
    exponent--;
  mantissa = (sample >> (exponent + 3)) & 0x0f;
  return (guint8) ~(sign | (exponent << 4) | mantissa);
}

static guint8
alaw_encode (gint16 pcm)
{
  int sample = pcm;
  int sign = 0x80;
  int exponent, mantissa;
  guint8 code;

  if (sample < 0)
    {
      sign = 0;
      sample = -sample - 1;
    }
  if (sample > 32767)
    sample = 32767;

  if (sample < 256)
    {
      exponent = 0;
      mantissa = (sample >> 4) & 0x0f;
    }
  else
    {
      exponent = 7;
      for (int mask = 0x4000; (sample & mask) == 0 && exponent > 1; mask >>= 1)
        exponent--;
      mantissa = (sample >> (exponent + 3)) & 0x0f;
    }
  code = (guint8) (sign | (exponent << 4) | mantissa);
  return code ^ 0x55;
}

guint8
_sc_g711_encode_sample (ScG711Law law,
                        gint16    sample)
{
  return law == SC_G711_ULAW ? ulaw_encode (sample) : alaw_encode (sample);
}

gint16
_sc_g711_decode_sample (ScG711Law law,
                        guint8    code)
{
  build_tables ();
  return law == SC_G711_ULAW ? ulaw_table[code] : alaw_table[code];
}

void
_sc_g711_encode (ScG711Law     law,
                 const gint16 *pcm,
                 guint8       *out,
                 gsize         n)
{
  build_tables ();
  if (law == SC_G711_ULAW)
    for (gsize i = 0; i < n; i++)
      out[i] = ulaw_encode_table[ulaw_index (pcm[i])];
  else
    for (gsize i = 0; i < n; i++)
      out[i] = alaw_encode_table[alaw_index (pcm[i])];
}

void
_sc_g711_decode (ScG711Law     law,
                 const guint8 *in,
                 gint16       *pcm,
                 gsize         n)
{
  const gint16 *table;

  build_tables ();
  table = law == SC_G711_ULAW ? ulaw_table : alaw_table;
  for (gsize i = 0; i < n; i++)
    pcm[i] = table[in[i]];
}

guint8
_sc_g711_silence (ScG711Law law)
{
  return _sc_g711_encode_sample (law, 0);
}

void
_sc_g711_transcode (ScG711Law     from,
                    ScG711Law     to,
                    const guint8 *in,
                    guint8       *out,
                    gsize         n)
{
  const guint8 *table;

  if (from == to)
    {
      if (in != out)
        memmove (out, in, n);
      return;
    }
  build_tables ();
  table = from == SC_G711_ULAW ? ulaw_to_alaw : alaw_to_ulaw;
  for (gsize i = 0; i < n; i++)
    out[i] = table[in[i]];
}
