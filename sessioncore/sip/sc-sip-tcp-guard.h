/* sc-sip-tcp-guard.h: at most N TCP connections from one peer (private)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sofia-sip has no per-peer connection limit, and it accepts connections
 * inside tport where nothing above can see them. The guard watches the
 * stack's listening sockets; after each accept it counts the established
 * connections on the listening address by peer IP and shuts down the
 * newest ones past the limit (sofia then sees end-of-stream and closes
 * its transport as for any peer that hung up). It also closes the
 * connections that never sent a byte once @idle_timeout has passed:
 * sofia's own idle timer never starts for those.
 */

#pragma once

#ifndef SESSIONCORE_COMPILATION
#error "sip/sc-sip-tcp-guard.h is private to sessioncore."
#endif

#include <glib.h>

G_BEGIN_DECLS

typedef struct _ScSipTcpGuard ScSipTcpGuard;

/* Guards the TCP (and TLS) listeners this process has on @port (and
 * @host, unless it is a wildcard address). @max_per_peer, @idle_timeout
 * (seconds): 0 for none. NULL when there is nothing to do, no such
 * listener, or the platform cannot be watched. */
ScSipTcpGuard *_sc_sip_tcp_guard_new  (GMainContext  *context,
                                       const char    *host,
                                       guint16        port,
                                       guint          max_per_peer,
                                       guint          idle_timeout);
void           _sc_sip_tcp_guard_free (ScSipTcpGuard *guard);

G_END_DECLS
