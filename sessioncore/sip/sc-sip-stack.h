/* sc-sip-stack.h: one sofia-sip user agent inside a GLib main context
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sc-sofia-decls.h"

#include <gio/gio.h>
#include <sofia-sip/nua.h>
#include <sofia-sip/sip.h>

#include "sc-types.h"

G_BEGIN_DECLS

/* What a nua handle is bound to (its hmagic). Each call object embeds one
 * and unbinds it before it goes away, so a late event for a retired handle
 * arrives with a NULL target and is absorbed by the stack. */
struct _ScSipTarget
{
  void (*event) (ScSipTarget   *target,
                 nua_event_t    event,
                 int            status,
                 const char    *phrase,
                 nua_handle_t  *nh,
                 const sip_t   *sip,
                 tagi_t         tags[]);
};

/* Receives the events of handles no target is bound to: new incoming
 * requests (INVITE, REGISTER, …) and the last events of handles that were
 * answered without a target. */
typedef void (*ScSipUnboundFunc) (gpointer      user_data,
                                  nua_event_t   event,
                                  int           status,
                                  const char   *phrase,
                                  nua_handle_t *nh,
                                  const sip_t  *sip,
                                  tagi_t        tags[]);

ScSipStack   *_sc_sip_stack_new               (GMainContext         *context,
                                               const char           *host,
                                               guint16               port,
                                               ScTransportProtocol   transport,
                                               const char           *certificate_dir,
                                               GError              **error);
ScSipStack   *_sc_sip_stack_ref               (ScSipStack           *stack);
void          _sc_sip_stack_unref             (ScSipStack           *stack);
nua_t        *_sc_sip_stack_get_nua           (ScSipStack           *stack);
const char   *_sc_sip_stack_get_bound_address (ScSipStack           *stack);
const char   *_sc_sip_stack_get_bound_host    (ScSipStack           *stack);
guint16       _sc_sip_stack_get_bound_port    (ScSipStack           *stack);
gboolean      _sc_sip_stack_is_shut_down      (ScSipStack           *stack);
void          _sc_sip_stack_set_unbound_func  (ScSipStack           *stack,
                                               ScSipUnboundFunc      func,
                                               gpointer              user_data);
void          _sc_sip_stack_shutdown_async    (ScSipStack           *stack,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean      _sc_sip_stack_shutdown_finish   (ScSipStack           *stack,
                                               GAsyncResult         *result,
                                               GError              **error);

void          _sc_sip_refuse_unowned          (nua_t                *nua,
                                               nua_event_t           event,
                                               nua_handle_t         *nh,
                                               tagi_t                tags[]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScSipStack, _sc_sip_stack_unref)

G_END_DECLS
