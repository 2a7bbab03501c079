/* sc-g711.h: G.711 µ-law and A-law (ITU-T G.711)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Plain code rather than GStreamer's mulaw/alaw elements: the media thread
 * encodes 160 samples per call every 20 ms, and a function call on a
 * byte is far cheaper than pushing a GstBuffer through an element.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  SC_G711_ULAW,   /* PCMU, payload type 0 */
  SC_G711_ALAW,   /* PCMA, payload type 8 */
} ScG711Law;

guint8  _sc_g711_encode_sample (ScG711Law law, gint16 sample);
gint16  _sc_g711_decode_sample (ScG711Law law, guint8 code);
void    _sc_g711_encode        (ScG711Law law, const gint16 *pcm, guint8 *out, gsize n);
void    _sc_g711_decode        (ScG711Law law, const guint8 *in, gint16 *pcm, gsize n);
/* The code of a zero sample: what silence is made of. */
guint8  _sc_g711_silence       (ScG711Law law);
/* Re-codes @n bytes of @from into @to (in place if @in == @out): one table
 * look-up per byte, what a relay between a PCMU and a PCMA leg needs. */
void    _sc_g711_transcode     (ScG711Law from, ScG711Law to,
                                const guint8 *in, guint8 *out, gsize n);

G_END_DECLS
