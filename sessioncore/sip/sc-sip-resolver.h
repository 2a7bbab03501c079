/* sc-sip-resolver.h: the DNS server sofia-sip asks, inside the stack (private)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sofia-sip resolves the host names of the requests it sends (a Contact
 * or Record-Route host taken from a peer's message, the target of an
 * outgoing call) with its own resolver, which cannot be bounded from
 * outside: it spins for ever when no name server can be reached, and
 * against a silent one it retries each query for about a minute, query
 * after query (NAPTR, SRV per transport, AAAA, A). So the stack points
 * sofia's resolver at this one instead: a UDP socket on the loopback
 * interface, served by the stack's own main context, that answers every
 * query within a deadline by asking the system through GResolver.
 * sc-sip-resolver.c says what it answers and why.
 */

#pragma once

#ifndef SESSIONCORE_COMPILATION
#error "sip/sc-sip-resolver.h is private to sessioncore."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _ScSipResolver ScSipResolver;

/* Opens the socket on 127.0.0.1 (or ::1), served from @context, and
 * writes a resolv.conf in sofia's syntax that names it. */
ScSipResolver *_sc_sip_resolver_new            (GMainContext   *context,
                                                GError        **error);
/* The resolv.conf for SRESTAG_RESOLV_CONF (), until removed. */
const char    *_sc_sip_resolver_get_conf_path  (ScSipResolver  *self);
/* sofia reads the file once, when its resolver is created, and keeps its
 * servers while the file stays missing: remove it then. */
void           _sc_sip_resolver_remove_conf    (ScSipResolver  *self);
/* Closes the socket; lookups still running finish on their own. */
void           _sc_sip_resolver_free           (ScSipResolver  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScSipResolver, _sc_sip_resolver_free)

G_END_DECLS
