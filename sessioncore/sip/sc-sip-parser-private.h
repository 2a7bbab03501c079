/* sc-sip-parser-private.h: the SIP parser the stack uses, for sip/ only
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sofia-sip's own parser with one rule added: a request that arrives in a
 * datagram is answered at the address it came from, whatever its top Via
 * says. sc-sip-parser.c says why and how.
 */

#pragma once

#include "sc-sofia-decls.h"

#include <sofia-sip/msg_mclass.h>

#include <glib.h>

G_BEGIN_DECLS

/* The message class for NTATAG_MCLASS (); made once, lives as long as
 * the process (messages keep a pointer to it). */
msg_mclass_t const *_sc_sip_parser_get_mclass (void);

G_END_DECLS
