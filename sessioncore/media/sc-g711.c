/* sc-g711.c: G.711 µ-law and A-law (ITU-T G.711)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The classic segment/mantissa formulation of G.711. Decoding, and
 * re-coding from one law to the other, go through 256-entry tables built
 * once.
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
  if (law == SC_G711_ULAW)
    for (gsize i = 0; i < n; i++)
      out[i] = ulaw_encode (pcm[i]);
  else
    for (gsize i = 0; i < n; i++)
      out[i] = alaw_encode (pcm[i]);
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
