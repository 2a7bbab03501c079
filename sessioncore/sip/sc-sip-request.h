/* sc-sip-request.h: an incoming request, as plain values (private)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A sofia-free snapshot of a request that arrived outside any dialog:
 * its method, addresses, headers, body and caller details, read lazily
 * (a request refused at admission costs no copying), and the ways to
 * answer it. A request is valid while the stack's request callback runs;
 * one that must wait for the application (REGISTER) is kept as an
 * #ScSipPendingRequest.
 */

#pragma once

#ifndef SESSIONCORE_COMPILATION
#error "sip/sc-sip-request.h is private to sessioncore."
#endif

#include <glib.h>

#include "sc-sip-stack.h"

G_BEGIN_DECLS

typedef struct _ScSipPendingRequest ScSipPendingRequest;

typedef enum {
  SC_SIP_METHOD_INVITE,
  SC_SIP_METHOD_REGISTER,
  SC_SIP_METHOD_REFER,
  SC_SIP_METHOD_OTHER,
} ScSipMethod;

ScSipMethod  _sc_sip_request_get_method        (ScSipRequest *request);
/* The URIs of From, To and Contact, without display name or tag. */
const char  *_sc_sip_request_get_from_uri      (ScSipRequest *request);
const char  *_sc_sip_request_get_to_uri        (ScSipRequest *request);
const char  *_sc_sip_request_get_contact_uri   (ScSipRequest *request);
const char  *_sc_sip_request_get_call_id       (ScSipRequest *request);
/* The From display name, unquoted; NULL when there is none. */
const char  *_sc_sip_request_get_display_name  (ScSipRequest *request);
const char  *_sc_sip_request_get_user_agent    (ScSipRequest *request);
/* The body, NUL-terminated, and its type ("application/sdp"); NULL when
 * the request has no body or no Content-Type. A body holding a NUL byte
 * is "" (see _sc_sip_body_to_text ()). */
const char  *_sc_sip_request_get_body          (ScSipRequest *request);
const char  *_sc_sip_request_get_content_type  (ScSipRequest *request);
/* Header name → value (as on the wire, without the name) of the
 * well-known headers and of every header sofia does not know. */
GHashTable  *_sc_sip_request_get_headers       (ScSipRequest *request);
/* REGISTER: the lifetime asked for (Contact's expires, else Expires,
 * else 3600 s). */
guint        _sc_sip_request_get_expires       (ScSipRequest *request);

/* Answers at once. @phrase NULL: the standard one. @extra_headers:
 * "Name: value" lines separated by CRLF, or NULL. */
void         _sc_sip_request_respond           (ScSipRequest *request,
                                                guint         status,
                                                const char   *phrase,
                                                const char   *extra_headers);
/* Keeps the request to answer later. */
ScSipPendingRequest *_sc_sip_request_keep      (ScSipRequest *request);

void         _sc_sip_pending_request_respond   (ScSipPendingRequest *pending,
                                                guint                status,
                                                const char          *phrase,
                                                const char          *extra_headers);
/* Frees a request, answered or not (sofia answers an unanswered one when
 * its transaction times out). */
void         _sc_sip_pending_request_free      (ScSipPendingRequest *pending);

/* For tests and fuzzing: @data parsed as one datagram by sofia-sip's
 * message parser, with no stack behind it; NULL unless it is a request
 * nta would hand up (it parses and passes sip_sanity_check ()). Its
 * _sc_sip_request_respond () only records the status, read back with
 * _sc_sip_request_get_test_status () (0 until then). */
ScSipRequest *_sc_sip_request_new_for_test     (const char   *data,
                                                gsize         length);
guint        _sc_sip_request_get_test_status   (ScSipRequest *request);
void         _sc_sip_request_free_for_test     (ScSipRequest *request);

G_END_DECLS
