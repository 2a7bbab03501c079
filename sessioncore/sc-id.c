/* sc-id.c: the ids of sessions, bridges and transactions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sc-id-private.h"

#include <string.h>

/* A random (version 4) UUID as text, with a prefix. Same as
 * g_uuid_string_random () without its printf, which showed at thousands
 * of calls a second. */
char *
_sc_new_random_id (const char *prefix)
{
  static const char hex[] = "0123456789abcdef";
  guint8 bytes[16];
  gsize prefix_len = strlen (prefix);
  char *id = g_malloc (prefix_len + 37);
  char *p = id + prefix_len;

  for (guint i = 0; i < 16; i += 4)
    {
      guint32 r = g_random_int ();

      memcpy (bytes + i, &r, 4);
    }
  bytes[6] = (bytes[6] & 0x0f) | 0x40;   /* version 4 */
  bytes[8] = (bytes[8] & 0x3f) | 0x80;   /* RFC 4122 variant */

  memcpy (id, prefix, prefix_len);
  for (guint i = 0; i < 16; i++)
    {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        *p++ = '-';
      *p++ = hex[bytes[i] >> 4];
      *p++ = hex[bytes[i] & 0x0f];
    }
  *p = '\0';
  return id;
}
