/* fuzz-request.c: libFuzzer harness for the incoming-request path
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The input is one datagram. sofia-sip's message parser makes it a
 * request, as nta would (_sc_sip_request_new_for_test (): no stack, no
 * sockets, respond () only records the status), and the request goes
 * through admission and the decision chain: the offer check and the
 * caller's details are the server's own code (sc-incoming-request.c,
 * shared with handle_invite () and decide () in sc-session-manager.c);
 * the rest of what those two read needs a running manager, so it is
 * read here in the same order: From, To, Call-ID, every header, the
 * event and the incoming call the application is handed, and the answer
 * to the offer; REGISTER's expiry. GLib criticals and warnings abort.
 */

#include <glib-object.h>
#include <stdint.h>
#include <string.h>

#include "sc-caller-info.h"
#include "sc-incoming-call-event.h"
#include "sc-incoming-call-private.h"
#include "sc-incoming-request-private.h"
#include "sip/sc-sdp.h"
#include "sip/sc-sip-request.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

/* decide (): what the application is handed. */
static void
decide (ScSipRequest *invite,
        const char   *offer)
{
  const char *from = _sc_sip_request_get_from_uri (invite);
  const char *to = _sc_sip_request_get_to_uri (invite);
  const char *call_id = _sc_sip_request_get_call_id (invite);
  GHashTable *headers = _sc_sip_request_get_headers (invite);
  g_autoptr (ScCallerInfo) info = NULL;
  g_autoptr (ScIncomingCallEvent) event = NULL;
  g_autoptr (ScIncomingCall) incoming = NULL;
  GHashTableIter iter;
  gpointer name, value;

  /* nta's sanity check guarantees these. */
  g_assert_nonnull (from);
  g_assert_nonnull (to);
  g_assert_nonnull (call_id);

  /* Every header reads as a string. */
  g_hash_table_iter_init (&iter, headers);
  while (g_hash_table_iter_next (&iter, &name, &value))
    {
      g_assert_nonnull (name);
      g_assert_nonnull (value);
      (void) strlen (value);
    }

  info = _sc_incoming_caller_info (invite, from, to);
  g_assert_nonnull (info);

  event = sc_incoming_call_event_new ("sess_fuzz", info, call_id, headers, offer);
  g_assert_nonnull (event);
  incoming = _sc_incoming_call_new ("sess_fuzz", from, to, offer, headers, call_id);
  g_assert_nonnull (incoming);
}

/* handle_invite (): admission, then the decision and the answer. */
static void
handle_invite (ScSipRequest *invite)
{
  const char *offer = _sc_sip_request_get_body (invite);
  g_auto (ScSdpAudio) audio = { 0, };
  g_autoptr (ScSdpOffer) parsed = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *answer = NULL;

  if (!_sc_incoming_check_offer (invite, &parsed, &audio))
    return;

  decide (invite, offer);

  if (parsed != NULL)
    {
      answer = _sc_sdp_offer_answer (parsed, "192.0.2.1", 40000, 1, 1,
                                     SC_SDP_SENDRECV, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (answer);
    }
  _sc_sip_request_respond (invite, 200, NULL, NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  ScSipRequest *request = _sc_sip_request_new_for_test ((const char *) data, size);

  if (request == NULL)
    return 0;

  switch (_sc_sip_request_get_method (request))
    {
    case SC_SIP_METHOD_INVITE:
      handle_invite (request);
      break;
    case SC_SIP_METHOD_REGISTER:
      /* handle_register (): what the registration-request signal
       * carries. */
      (void) _sc_sip_request_get_from_uri (request);
      (void) _sc_sip_request_get_contact_uri (request);
      (void) _sc_sip_request_get_expires (request);
      _sc_sip_request_respond (request, 200, NULL, "Expires: 60");
      break;
    case SC_SIP_METHOD_REFER:
      _sc_sip_request_respond (request, 403, NULL, NULL);
      break;
    case SC_SIP_METHOD_OTHER:
      _sc_sip_request_respond (request, 405, NULL, NULL);
      break;
    }
  g_assert_cmpuint (_sc_sip_request_get_test_status (request), >=, 200);
  _sc_sip_request_free_for_test (request);
  return 0;
}
