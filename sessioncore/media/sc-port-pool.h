/* sc-port-pool.h: RTP/RTCP port pairs from a configured range (private)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef SESSIONCORE_COMPILATION
#error "media/sc-port-pool.h is private to sessioncore."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

/* Not thread-safe: use a pool only from the GMainContext that owns it. */
typedef struct _ScPortPool ScPortPool;

ScPortPool *_sc_port_pool_new             (const char  *bind_ip,
                                           guint16      first,
                                           guint16      last);
void        _sc_port_pool_free            (ScPortPool  *pool);

guint16     _sc_port_pool_allocate        (ScPortPool  *pool,
                                           gboolean     bind,
                                           GError     **error);
void        _sc_port_pool_release         (ScPortPool  *pool,
                                           guint16      port);

GSocket    *_sc_port_pool_get_rtp_socket  (ScPortPool  *pool,
                                           guint16      port);
GSocket    *_sc_port_pool_get_rtcp_socket (ScPortPool  *pool,
                                           guint16      port);
guint       _sc_port_pool_get_n_allocated (ScPortPool  *pool);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScPortPool, _sc_port_pool_free)

G_END_DECLS
