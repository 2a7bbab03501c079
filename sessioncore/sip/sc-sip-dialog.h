/* sc-sip-dialog.h: one SIP dialog (a nua handle), in plain values (private)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A dialog belongs to one call. What the peer does arrives as the call's
 * _sc_call_got_* () functions (sc-call-private.h); what the call does goes
 * out through the functions below. Nothing here exposes sofia.
 */

#pragma once

#ifndef SESSIONCORE_COMPILATION
#error "sip/sc-sip-dialog.h is private to sessioncore."
#endif

#include <glib.h>

#include "sc-sip-request.h"
#include "sc-sip-stack.h"

G_BEGIN_DECLS

typedef struct _ScSipDialog ScSipDialog;
typedef struct _ScCall      ScCall;

/* A dialog for a call we place; NULL (and @error) when sofia cannot make
 * one. Nothing is sent until _sc_sip_dialog_invite (). */
ScSipDialog *_sc_sip_dialog_new_outgoing (ScSipStack    *stack,
                                          ScCall        *call,
                                          const char    *from,
                                          const char    *to,
                                          const char    *call_id,
                                          GError       **error);
/* Takes over an incoming INVITE: later events of its dialog go to @call. */
ScSipDialog *_sc_sip_dialog_new_incoming (ScSipRequest  *invite,
                                          ScCall        *call);
/* Forgets the dialog: late events are absorbed by the stack. Safe from
 * inside one of the call's _sc_call_got_* () functions. */
void         _sc_sip_dialog_free         (ScSipDialog   *dialog);

/* The Contact of our requests and 2xx answers (ScServerConfig's
 * contact_uri); NULL: the stack's own. */
void         _sc_sip_dialog_set_contact  (ScSipDialog   *dialog,
                                          const char    *contact);
/* INVITE or re-INVITE with @sdp as the offer. */
void         _sc_sip_dialog_invite       (ScSipDialog   *dialog,
                                          const char    *sdp);
/* Answers the INVITE (or re-INVITE) in progress. @phrase NULL: the
 * standard one; @sdp NULL: no body. A 2xx to the initial INVITE then waits
 * for its ACK: if none comes within the ACK wait, the call hears
 * _sc_call_got_ack_timeout (). */
void         _sc_sip_dialog_respond      (ScSipDialog   *dialog,
                                          guint          status,
                                          const char    *phrase,
                                          const char    *sdp);
/* 302 Moved Temporarily with @target as Contact. */
void         _sc_sip_dialog_redirect     (ScSipDialog   *dialog,
                                          const char    *target);
void         _sc_sip_dialog_cancel       (ScSipDialog   *dialog);
void         _sc_sip_dialog_bye          (ScSipDialog   *dialog);
void         _sc_sip_dialog_info         (ScSipDialog   *dialog,
                                          const char    *content_type,
                                          const char    *body);
void         _sc_sip_dialog_refer        (ScSipDialog   *dialog,
                                          const char    *target);

G_END_DECLS
