/* sc-transaction-manager.h: the SIP stack bound to one address
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (SESSIONCORE_INSIDE) && !defined (SESSIONCORE_COMPILATION)
#error "Only <sessioncore/sessioncore.h> can be included directly."
#endif

#include <gio/gio.h>

#include "sc-types.h"

G_BEGIN_DECLS

#define SC_TYPE_TRANSACTION_MANAGER (sc_transaction_manager_get_type ())

SC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (ScTransactionManager, sc_transaction_manager, SC, TRANSACTION_MANAGER, GObject)

SC_AVAILABLE_IN_ALL
ScTransactionManager *sc_transaction_manager_new               (const char            *bind_address,
                                                                ScTransportProtocol    transport,
                                                                GError               **error);
SC_AVAILABLE_IN_ALL
ScTransactionManager *sc_transaction_manager_new_tls           (const char            *bind_address,
                                                                const char            *certificate_dir,
                                                                GError               **error);
SC_AVAILABLE_IN_ALL
const char           *sc_transaction_manager_get_bound_address (ScTransactionManager  *self);
SC_AVAILABLE_IN_ALL
ScTransportProtocol   sc_transaction_manager_get_transport     (ScTransactionManager  *self);
SC_AVAILABLE_IN_ALL
const char           *sc_transaction_manager_get_certificate_dir (ScTransactionManager *self);

G_END_DECLS
