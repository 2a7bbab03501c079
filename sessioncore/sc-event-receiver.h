/* sc-event-receiver.h: bridge events, queued for whoever pulls them
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

#define SC_TYPE_EVENT_RECEIVER (sc_event_receiver_get_type ())

SC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (ScEventReceiver, sc_event_receiver, SC, EVENT_RECEIVER, GObject)

SC_AVAILABLE_IN_ALL
ScBridgeEvent *sc_event_receiver_try_receive  (ScEventReceiver      *self);
SC_AVAILABLE_IN_ALL
void           sc_event_receiver_receive_async (ScEventReceiver     *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
SC_AVAILABLE_IN_ALL
ScBridgeEvent *sc_event_receiver_receive_finish (ScEventReceiver    *self,
                                                 GAsyncResult       *result,
                                                 GError            **error);
SC_AVAILABLE_IN_ALL
guint          sc_event_receiver_get_n_pending (ScEventReceiver     *self);
SC_AVAILABLE_IN_ALL
void           sc_event_receiver_close         (ScEventReceiver     *self);
SC_AVAILABLE_IN_ALL
gboolean       sc_event_receiver_is_closed     (ScEventReceiver     *self);

G_END_DECLS
