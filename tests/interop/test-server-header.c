/* test-server-header.c: the server name on the wire, as Server and User-Agent
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * ScServerConfig.server_name (the builder's domain) is "sent as User-Agent
 * and Server". nua adds the User-Agent to its responses by itself, but
 * Debian's sofia-sip has no Server setting: every response sessioncore
 * sends must add it. A raw UDP phone (raw-sip.h) reads the responses of a
 * manager given a server name, one behaviour per test path: the 200 of a
 * call accepted at once, the 180 and 200 of one deferred then accepted, a
 * rejection, a redirection, the 406 to an INVITE that takes no SDP, the
 * 503 of a full manager, the 603 to a REFER in a call, the 405 to a
 * REGISTER nobody handles, and the answer to OPTIONS.
 *
 * Not checked, because they cannot carry it (doc/calls.md, "Server and
 * User-Agent"): the 100 Trying and the other answers sofia-sip makes on
 * its own (200 to BYE, …). The deferred call's BYE answer is logged, not
 * asserted.
 *
 * Only 127.0.0.1 is involved and the input is well formed: no network
 * namespace needed, so no root either.
 */

#include "raw-sip.h"

#include <string.h>

/* A name with a product and a comment, as RFC 3261 25.1 allows. */
#define SERVER_NAME "HeaderTest/2.5 (sessioncore)"

typedef struct {
  RawServerOptions options;
} Data;

typedef struct {
  RawServer *server;
  RawPeer   *phone;
} Fixture;

typedef struct {
  char *call_id;
  char *branch;
  char *from_tag;
  char *to;                /* the To of the final answer, with its tag */
} Call;

static void
call_clear (Call *call)
{
  g_clear_pointer (&call->call_id, g_free);
  g_clear_pointer (&call->branch, g_free);
  g_clear_pointer (&call->from_tag, g_free);
  g_clear_pointer (&call->to, g_free);
}

/* ---- fixture ---- */

static void
fixture_setup (Fixture       *f,
               gconstpointer  user_data)
{
  const Data *data = user_data;

  f->server = raw_server_start (&data->options);
  f->phone = raw_peer_new (raw_server_get_port (f->server));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  user_data)
{
  g_clear_pointer (&f->phone, raw_peer_free);
  g_clear_pointer (&f->server, raw_server_stop);
}

/* ---- the phone ---- */

/* @extra: more header lines (each ending in CRLF), or NULL. */
static void
send_invite (Fixture    *f,
             Call       *call,
             const char *extra)
{
  g_autofree char *sdp = NULL;
  g_autofree char *text = NULL;
  RawPeer *peer = f->phone;

  call->branch = raw_peer_unique (peer, "z9hG4bK-srv");
  call->from_tag = raw_peer_unique (peer, "tag");
  call->call_id = raw_peer_unique (peer, "srv");
  sdp = g_strdup_printf ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n"
                         "c=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                         "m=audio %u RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n",
                         test_discard_port ());
  text = g_strdup_printf ("INVITE sip:agent@127.0.0.1:%u SIP/2.0\r\n"
                          "Via: SIP/2.0/UDP 127.0.0.1:%u;branch=%s;rport\r\n"
                          "Max-Forwards: 70\r\n"
                          "From: <sip:caller@127.0.0.1:%u>;tag=%s\r\n"
                          "To: <sip:agent@127.0.0.1:%u>\r\n"
                          "Call-ID: %s\r\n"
                          "CSeq: 1 INVITE\r\n"
                          "Contact: <sip:caller@127.0.0.1:%u>\r\n"
                          "%s"
                          "Content-Type: application/sdp\r\n"
                          "Content-Length: %zu\r\n\r\n%s",
                          peer->server_port, peer->port, call->branch, peer->port,
                          call->from_tag, peer->server_port, call->call_id, peer->port,
                          extra ? extra : "", strlen (sdp), sdp);
  raw_peer_send_text (peer, text);
}

/* A request outside any dialog: @method with @branch, no body. */
static void
send_simple (Fixture    *f,
             const char *method,
             const char *branch)
{
  g_autofree char *text = NULL;
  g_autofree char *tag = raw_peer_unique (f->phone, "tag");
  RawPeer *peer = f->phone;

  text = g_strdup_printf ("%s sip:127.0.0.1:%u SIP/2.0\r\n"
                          "Via: SIP/2.0/UDP 127.0.0.1:%u;branch=%s;rport\r\n"
                          "Max-Forwards: 70\r\n"
                          "From: <sip:phone@127.0.0.1:%u>;tag=%s\r\n"
                          "To: <sip:phone@127.0.0.1:%u>\r\n"
                          "Call-ID: %s\r\n"
                          "CSeq: 1 %s\r\n"
                          "Contact: <sip:phone@127.0.0.1:%u>\r\n"
                          "Content-Length: 0\r\n\r\n",
                          method, peer->server_port, peer->port, branch, peer->port,
                          tag, peer->server_port, branch, method, peer->port);
  raw_peer_send_text (peer, text);
}

/* An in-dialog request (ACK, BYE, REFER) of @call, with @cseq and @extra
 * header lines (each ending in CRLF, or NULL). */
static void
send_in_dialog (Fixture    *f,
                Call       *call,
                const char *method,
                guint       cseq,
                const char *branch,
                const char *extra)
{
  g_autofree char *text = NULL;
  RawPeer *peer = f->phone;

  text = g_strdup_printf ("%s sip:agent@127.0.0.1:%u SIP/2.0\r\n"
                          "Via: SIP/2.0/UDP 127.0.0.1:%u;branch=%s;rport\r\n"
                          "Max-Forwards: 70\r\n"
                          "From: <sip:caller@127.0.0.1:%u>;tag=%s\r\n"
                          "To: %s\r\n"
                          "Call-ID: %s\r\n"
                          "CSeq: %u %s\r\n"
                          "%s"
                          "Content-Length: 0\r\n\r\n",
                          method, peer->server_port, peer->port, branch, peer->port,
                          call->from_tag, call->to, call->call_id, cseq, method,
                          extra ? extra : "");
  raw_peer_send_text (peer, text);
}

/* Waits up to @timeout_ms for the final answer to the request sent with
 * @branch and returns it, NULL without one. Its provisional answers other
 * than 100 go into @provisional (if not NULL); anything else is dropped.
 * (transfer full) */
static char *
await_final (Fixture    *f,
             const char *branch,
             guint       timeout_ms,
             GPtrArray  *provisional)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *message = raw_peer_receive (f->phone, 50, NULL);
      g_autofree char *via = message ? raw_header_of (message, "Via", "v") : NULL;
      guint status = raw_status_of (message);

      if (via == NULL || strstr (via, branch) == NULL || status == 0)
        continue;
      if (status >= 200)
        return g_steal_pointer (&message);
      if (status > 100 && provisional != NULL)
        g_ptr_array_add (provisional, g_steal_pointer (&message));
    }
  return NULL;
}

/* The INVITE's final answer, with the To (and its tag) kept for the
 * in-dialog requests. (transfer full) */
static char *
await_invite_final (Fixture   *f,
                    Call      *call,
                    GPtrArray *provisional)
{
  char *final = await_final (f, call->branch, 5000, provisional);

  g_assert_nonnull (final);
  call->to = raw_header_of (final, "To", "t");
  return final;
}

/* The assertion this test is about: @message names the server, in both
 * headers. */
static void
assert_server_name (const char *message)
{
  g_autofree char *first_line = raw_first_line (message);
  g_autofree char *server = raw_header_of (message, "Server", NULL);
  g_autofree char *user_agent = raw_header_of (message, "User-Agent", NULL);

  g_test_message ("%s: Server: %s; User-Agent: %s", first_line,
                  server ? server : "(none)", user_agent ? user_agent : "(none)");
  g_assert_cmpstr (server, ==, SERVER_NAME);
  g_assert_cmpstr (user_agent, ==, SERVER_NAME);
}

/* ACKs @call's 200. */
static void
ack (Fixture *f,
     Call    *call)
{
  g_autofree char *branch = raw_peer_unique (f->phone, "z9hG4bK-ack");

  send_in_dialog (f, call, "ACK", 1, branch, NULL);
}

/* Hangs up @call (BYE with @cseq); returns the BYE's answer. (transfer full) */
static char *
hang_up (Fixture *f,
         Call    *call,
         guint    cseq)
{
  g_autofree char *branch = raw_peer_unique (f->phone, "z9hG4bK-bye");
  char *answer;

  send_in_dialog (f, call, "BYE", cseq, branch, NULL);
  answer = await_final (f, branch, 3000, NULL);
  g_assert_nonnull (answer);
  g_assert_cmpuint (raw_status_of (answer), ==, 200);
  return answer;
}

/* The ACK of a non-2xx final answer (same branch as the INVITE). */
static void
ack_refusal (Fixture *f,
             Call    *call)
{
  send_in_dialog (f, call, "ACK", 1, call->branch, NULL);
}

/* ---- the tests ---- */

static void
test_invite_accepted (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *final = NULL;
  g_autofree char *bye_answer = NULL;
  Call call = { 0 };

  g_test_summary ("a call accepted at once: its 200 carries Server and "
                  "User-Agent with the server name");

  send_invite (f, &call, NULL);
  final = await_invite_final (f, &call, NULL);
  g_assert_cmpuint (raw_status_of (final), ==, 200);
  assert_server_name (final);
  ack (f, &call);
  bye_answer = hang_up (f, &call, 2);

  call_clear (&call);
}

/* The server defers the call (180 Ringing), then accepts it. */
static void
test_invite_ringing (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) provisional = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *final = NULL;
  g_autofree char *bye_answer = NULL;
  g_autofree char *bye_server = NULL;
  Call call = { 0 };

  g_test_summary ("a call deferred, then accepted: its 180 and its 200 carry "
                  "Server and User-Agent with the server name");

  send_invite (f, &call, NULL);
  final = await_invite_final (f, &call, provisional);
  g_assert_cmpuint (raw_status_of (final), ==, 200);
  assert_server_name (final);

  /* 100 Trying aside (nta's own). */
  g_assert_cmpuint (provisional->len, ==, 1);
  g_assert_cmpuint (raw_status_of (g_ptr_array_index (provisional, 0)), ==, 180);
  assert_server_name (g_ptr_array_index (provisional, 0));

  /* nua answers the BYE by itself: no Server there (documented). */
  ack (f, &call);
  bye_answer = hang_up (f, &call, 2);
  bye_server = raw_header_of (bye_answer, "Server", NULL);
  g_test_message ("the BYE's 200 (nua's own answer): Server: %s",
                  bye_server ? bye_server : "(none)");

  call_clear (&call);
}

static void
test_invite_rejected (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *final = NULL;
  Call call = { 0 };

  g_test_summary ("a call the application rejects (486): the 486 carries "
                  "Server and User-Agent");

  send_invite (f, &call, NULL);
  final = await_invite_final (f, &call, NULL);
  g_assert_cmpuint (raw_status_of (final), ==, 486);
  assert_server_name (final);
  ack_refusal (f, &call);

  call_clear (&call);
}

static void
test_invite_forwarded (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *final = NULL;
  g_autofree char *contact = NULL;
  Call call = { 0 };

  g_test_summary ("a call the application forwards: the 302 carries Server "
                  "and User-Agent");

  send_invite (f, &call, NULL);
  final = await_invite_final (f, &call, NULL);
  g_assert_cmpuint (raw_status_of (final), ==, 302);
  contact = raw_header_of (final, "Contact", "m");
  g_assert_nonnull (contact);
  g_assert_nonnull (strstr (contact, "sip:elsewhere@127.0.0.1"));
  assert_server_name (final);
  ack_refusal (f, &call);

  call_clear (&call);
}

static void
test_invite_not_acceptable (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *final = NULL;
  Call call = { 0 };

  g_test_summary ("an INVITE that accepts no SDP: the stack's 406 carries "
                  "Server and User-Agent");

  send_invite (f, &call, "Accept: text/plain\r\n");
  final = await_invite_final (f, &call, NULL);
  g_assert_cmpuint (raw_status_of (final), ==, 406);
  assert_server_name (final);
  ack_refusal (f, &call);

  call_clear (&call);
}

static void
test_invite_full (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *bye_answer = NULL;
  Call calls[2] = { { 0 } };

  g_test_summary ("a manager full (one session, one call up): the 503 to "
                  "the next INVITE carries Server and User-Agent");

  send_invite (f, &calls[0], NULL);
  first = await_invite_final (f, &calls[0], NULL);
  g_assert_cmpuint (raw_status_of (first), ==, 200);

  send_invite (f, &calls[1], NULL);
  refused = await_invite_final (f, &calls[1], NULL);
  g_assert_cmpuint (raw_status_of (refused), ==, 503);
  assert_server_name (refused);
  ack_refusal (f, &calls[1]);

  ack (f, &calls[0]);
  bye_answer = hang_up (f, &calls[0], 2);

  call_clear (&calls[0]);
  call_clear (&calls[1]);
}

static void
test_refer_declined (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *final = NULL;
  g_autofree char *refer_branch = raw_peer_unique (f->phone, "z9hG4bK-refer");
  g_autofree char *refer_to = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *bye_answer = NULL;
  Call call = { 0 };

  g_test_summary ("a REFER in a call, no transfer handler: the 603 carries "
                  "Server and User-Agent");

  send_invite (f, &call, NULL);
  final = await_invite_final (f, &call, NULL);
  g_assert_cmpuint (raw_status_of (final), ==, 200);
  ack (f, &call);

  refer_to = g_strdup_printf ("Refer-To: <sip:other@127.0.0.1:%u>\r\n", f->phone->port);
  send_in_dialog (f, &call, "REFER", 2, refer_branch, refer_to);
  answer = await_final (f, refer_branch, 3000, NULL);
  g_assert_nonnull (answer);
  g_assert_cmpuint (raw_status_of (answer), ==, 603);
  assert_server_name (answer);

  bye_answer = hang_up (f, &call, 3);

  call_clear (&call);
}

static void
test_register_unhandled (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *branch = raw_peer_unique (f->phone, "z9hG4bK-reg");
  g_autofree char *final = NULL;

  g_test_summary ("a REGISTER no handler takes: the 405 carries Server and "
                  "User-Agent");

  send_simple (f, "REGISTER", branch);
  final = await_final (f, branch, 5000, NULL);
  g_assert_nonnull (final);
  g_assert_cmpuint (raw_status_of (final), ==, 405);
  assert_server_name (final);
}

static void
test_options (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *branch = raw_peer_unique (f->phone, "z9hG4bK-opt");
  g_autofree char *final = NULL;
  g_autofree char *allow = NULL;
  g_autofree char *accept = NULL;
  g_autofree char *supported = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;

  g_test_summary ("OPTIONS: the 200 carries Server and User-Agent, and still "
                  "Allow, Accept and Supported, at once");

  send_simple (f, "OPTIONS", branch);
  final = await_final (f, branch, 5000, NULL);
  elapsed = g_get_monotonic_time () - start;
  g_assert_nonnull (final);
  g_assert_cmpuint (raw_status_of (final), ==, 200);
  assert_server_name (final);

  allow = raw_header_of (final, "Allow", NULL);
  accept = raw_header_of (final, "Accept", NULL);
  supported = raw_header_of (final, "Supported", "k");
  g_test_message ("Allow: %s; Accept: %s; Supported: %s; answered in %.1f ms",
                  allow, accept, supported, elapsed / 1000.0);
  g_assert_nonnull (allow);
  g_assert_nonnull (strstr (allow, "INVITE"));
  g_assert_nonnull (strstr (allow, "OPTIONS"));
  g_assert_nonnull (accept);
  g_assert_nonnull (strstr (accept, "application/sdp"));
  g_assert_nonnull (supported);
  /* Answered in the stack's event callback, no timer in between: generous
   * for a shared machine all the same. */
  g_assert_cmpint (elapsed, <, 1 * G_USEC_PER_SEC);
}

static void
test_options_in_dialog (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *final = NULL;
  g_autofree char *branch = raw_peer_unique (f->phone, "z9hG4bK-opt");
  g_autofree char *answer = NULL;
  g_autofree char *bye_answer = NULL;
  Call call = { 0 };

  g_test_summary ("OPTIONS inside a call: the 200 carries Server and "
                  "User-Agent, and the call goes on");

  send_invite (f, &call, NULL);
  final = await_invite_final (f, &call, NULL);
  g_assert_cmpuint (raw_status_of (final), ==, 200);
  ack (f, &call);

  send_in_dialog (f, &call, "OPTIONS", 2, branch, NULL);
  answer = await_final (f, branch, 3000, NULL);
  g_assert_nonnull (answer);
  g_assert_cmpuint (raw_status_of (answer), ==, 200);
  assert_server_name (answer);
  g_assert_cmpuint (raw_server_n_ended (f->server), ==, 0);

  bye_answer = hang_up (f, &call, 3);

  call_clear (&call);
}

int
main (int   argc,
      char *argv[])
{
  Data plain = { { .no_media = TRUE, .server_name = SERVER_NAME } };
  Data ringing = { { .no_media = TRUE, .server_name = SERVER_NAME,
                     .defer_ms = 200 } };
  Data rejecting = { { .no_media = TRUE, .server_name = SERVER_NAME,
                       .reject_status = 486 } };
  Data forwarding = { { .no_media = TRUE, .server_name = SERVER_NAME,
                        .forward_to = "sip:elsewhere@127.0.0.1:5999" } };
  Data small = { { .no_media = TRUE, .server_name = SERVER_NAME,
                   .max_sessions = 1 } };

  g_test_init (&argc, &argv, NULL);

#define ADD(path, data, func) \
  g_test_add (path, Fixture, data, fixture_setup, func, fixture_teardown)
  ADD ("/server-header/invite/accepted", &plain, test_invite_accepted);
  ADD ("/server-header/invite/ringing", &ringing, test_invite_ringing);
  ADD ("/server-header/invite/rejected", &rejecting, test_invite_rejected);
  ADD ("/server-header/invite/forwarded", &forwarding, test_invite_forwarded);
  ADD ("/server-header/invite/not-acceptable", &plain, test_invite_not_acceptable);
  ADD ("/server-header/invite/full", &small, test_invite_full);
  ADD ("/server-header/refer/declined", &plain, test_refer_declined);
  ADD ("/server-header/register/unhandled", &plain, test_register_unhandled);
  ADD ("/server-header/options/outside-a-call", &plain, test_options);
  ADD ("/server-header/options/in-dialog", &plain, test_options_in_dialog);
#undef ADD

  return g_test_run ();
}
