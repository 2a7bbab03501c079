/* sc-sip-stack.h: one sofia-sip user agent inside a GLib main context (private)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The sofia-free face of the stack: the layers above create it, read its
 * address, receive its new requests as #ScSipRequest snapshots and shut
 * it down. Everything sofia stays in sip/.
 */

#pragma once

#ifndef SESSIONCORE_COMPILATION
#error "sip/sc-sip-stack.h is private to sessioncore."
#endif

#include <gio/gio.h>

#include "sc-types.h"

G_BEGIN_DECLS

typedef struct _ScSipStack   ScSipStack;
typedef struct _ScSipRequest ScSipRequest;
typedef struct _ScSipOverload ScSipOverload;

/* What the stack says in every message it sends, and how long its
 * transactions live. Set once per stack, by the first manager that uses
 * it: a stack shared by several managers speaks with one voice. */
typedef struct {
  const char *user_agent;           /* User-Agent and Server; NULL: none */
  guint       transaction_timeout;  /* seconds (T1 × 64); 0: sofia's 32 s */
  guint       tcp_idle_timeout;     /* seconds a TCP connection may stay idle
                                     * or half-sent; 0: for good */
  guint       max_connections_per_peer; /* TCP connections from one IP; 0: any */
} ScSipStackParams;

/* Receives every new request that arrived outside a dialog (INVITE,
 * REGISTER, REFER, …). @request is valid during the call only: answer it,
 * keep it (_sc_sip_request_keep ()), or turn it into a dialog
 * (_sc_sip_dialog_new_incoming ()) before returning. */
typedef void (*ScSipRequestFunc) (gpointer      user_data,
                                  ScSipRequest *request);

ScSipStack   *_sc_sip_stack_new               (GMainContext           *context,
                                               const char             *host,
                                               guint16                 port,
                                               ScTransportProtocol     transport,
                                               const char             *certificate_dir,
                                               GError                **error);
/* FALSE when the stack already has other parameters (they stay). */
gboolean      _sc_sip_stack_set_params        (ScSipStack             *stack,
                                               const ScSipStackParams *params);
ScSipStack   *_sc_sip_stack_ref               (ScSipStack           *stack);
void          _sc_sip_stack_unref             (ScSipStack           *stack);
const char   *_sc_sip_stack_get_bound_address (ScSipStack           *stack);
const char   *_sc_sip_stack_get_bound_host    (ScSipStack           *stack);
guint16       _sc_sip_stack_get_bound_port    (ScSipStack           *stack);
gboolean      _sc_sip_stack_is_shut_down      (ScSipStack           *stack);
/* Overload control and memory (sip/sc-sip-overload.h). */
ScSipOverload *_sc_sip_stack_get_overload     (ScSipStack           *stack);
void          _sc_sip_stack_set_request_func  (ScSipStack           *stack,
                                               ScSipRequestFunc      func,
                                               gpointer              user_data);
void          _sc_sip_stack_shutdown_async    (ScSipStack           *stack,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean      _sc_sip_stack_shutdown_finish   (ScSipStack           *stack,
                                               GAsyncResult         *result,
                                               GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScSipStack, _sc_sip_stack_unref)

G_END_DECLS
