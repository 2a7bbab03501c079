/* sc-sip-stack-private.h: the stack's sofia side, for sip/ only
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sc-sofia-decls.h"

#include <sofia-sip/nua.h>
#include <sofia-sip/sip.h>

#include "sc-sip-stack.h"

G_BEGIN_DECLS

/* What a nua handle is bound to (its hmagic). Each dialog embeds one and
 * unbinds it before it goes away, so a late event for a retired handle
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

nua_t        *_sc_sip_stack_get_nua           (ScSipStack           *stack);
/* The server name (ScSipStackParams.user_agent), NULL for none. nua adds
 * it as User-Agent by itself; every nua_respond () of ours adds it as
 * TAG_IF (name != NULL, SIPTAG_SERVER_STR (name)): nua has no Server
 * setting. */
const char   *_sc_sip_stack_get_server_name   (ScSipStack           *stack);
/* The configured transaction timeout (s); 0: sofia's default, 32 s. */
guint         _sc_sip_stack_get_transaction_timeout (ScSipStack     *stack);

/* Answers a request nobody takes (503) and lets sofia forget the handle
 * once its dialog is over. */
void          _sc_sip_refuse_unowned          (ScSipStack           *stack,
                                               nua_event_t           event,
                                               nua_handle_t         *nh,
                                               tagi_t                tags[]);

/* sc-sip-request.c: the snapshot the stack hands up. */
ScSipRequest *_sc_sip_request_new             (ScSipStack           *stack,
                                               nua_event_t           event,
                                               nua_handle_t         *nh,
                                               const sip_t          *sip);
/* Frees the snapshot; refuses the request (500) if the layer above
 * neither answered, kept nor took it. */
void          _sc_sip_request_free            (ScSipRequest         *request);
ScSipStack   *_sc_sip_request_get_stack       (ScSipRequest         *request);
/* The handle, for a dialog taking the request over. */
nua_handle_t *_sc_sip_request_take_handle     (ScSipRequest         *request);

G_END_DECLS
