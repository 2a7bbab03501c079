/* sc-transaction-manager-private.h: what the session layer needs of the stack
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sc-transaction-manager.h"
#include "sip/sc-sip-request.h"
#include "sip/sc-sip-stack.h"

G_BEGIN_DECLS

ScSipStack *_sc_transaction_manager_get_stack (ScTransactionManager *self);

/* Incoming requests on new handles go to the first attached listener;
 * several session managers may share a transaction manager, and the one
 * attached first receives the incoming calls while it is attached. */
void        _sc_transaction_manager_attach    (ScTransactionManager *self,
                                               gpointer              listener,
                                               ScSipRequestFunc      func);
void        _sc_transaction_manager_detach    (ScTransactionManager *self,
                                               gpointer              listener);

G_END_DECLS
