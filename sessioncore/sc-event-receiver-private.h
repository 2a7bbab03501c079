/* sc-event-receiver-private.h: how bridge managers feed receivers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sc-event-receiver.h"

G_BEGIN_DECLS

ScEventReceiver *_sc_event_receiver_new  (void);
/* Queues a copy of @event, or hands it to the oldest waiting receive. */
void             _sc_event_receiver_push (ScEventReceiver     *self,
                                          const ScBridgeEvent *event);

G_END_DECLS
