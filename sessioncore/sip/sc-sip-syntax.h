/* sc-sip-syntax.h: what SIP text means, without a stack (private)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The one URI check and the one status-phrase table of the library; the
 * layers above ask these instead of parsing SIP themselves.
 */

#pragma once

#ifndef SESSIONCORE_COMPILATION
#error "sip/sc-sip-syntax.h is private to sessioncore."
#endif

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  SC_SIP_URI_PART_USER,
  SC_SIP_URI_PART_HOST,
} ScSipUriPart;

/* Whether @text names a SIP address we can send to: a sip: or sips: URI
 * with a host, bare or as a name-addr with a display name, angle brackets
 * and parameters ("Alice <sip:alice@host>;tag=1"). */
gboolean     _sc_sip_uri_is_valid    (const char   *text);

/* The user or host part of the URI in @text (same forms as above), as
 * valid UTF-8; NULL when it does not parse or the part is empty. */
char        *_sc_sip_uri_get_part    (const char   *text,
                                      ScSipUriPart  part);

/* A message body (not NUL-terminated on the wire) as a string; NULL
 * when there is none. A body holding a NUL byte comes back as "": as a
 * string it would lose its tail without a word, and "" is refused by
 * every SDP check, so such a body is refused whole rather than read in
 * part. */
char        *_sc_sip_body_to_text    (const char   *data,
                                      gsize         length);

/* The standard reason phrase of @status ("Busy Here" for 486), or NULL
 * for a code with none. */
const char  *_sc_sip_status_phrase   (guint         status);

G_END_DECLS
