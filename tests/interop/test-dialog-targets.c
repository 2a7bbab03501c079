/* test-dialog-targets.c: no dialog target a peer gives makes nua recurse
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Issue 7, defect 3: when nta_outgoing_mcreate () fails at once for an
 * in-dialog request, nua shuts the session down with a BYE that fails the
 * same way, and so on, until the stack overflows. The BYE that ends the
 * ACK wait of a 200 never ACKed is such a request, and the peer chooses
 * where it goes. test-dns checks the first targets found (a Contact or
 * Record-Route that is no SIP URI); this file the rest of the search:
 *
 * - nta fails at once only on the URI it takes the first hop from
 *   (nta_tpn_by_url () takes sip:, sips:, im:, pres:). An INVITE without
 *   a Contact leaves the From URI as the dialog's target: with
 *   From: <tel:…> the server crashed when the ACK wait ended. Now 400.
 *   One with a SIP From still gets its call, and the BYE goes there.
 * - every other target nta cannot send to (a transport it has not, sips:
 *   without TLS, IPv6 on an IPv4 stack, port 0 or out of range, a maddr
 *   it cannot reach, a name that does not resolve) fails later, from the
 *   main loop: the call is accepted and ends when the ACK wait does, with
 *   "503 to BYE" or "416 to BYE", and the server answers throughout.
 *
 * Each test runs in a network namespace of its own (raw-sip.h), with a
 * name server that cannot be reached, against a server in a thread of
 * its own with a 2 s transaction timeout; a second socket sends OPTIONS
 * every 50 ms throughout, each answered within 100 ms.
 */

#include "raw-sip.h"

#include <string.h>

#define UNREACHABLE_CONF "nameserver 192.0.2.53\n"

/* Seconds: the server's transaction timeout (the ACK wait), and how long
 * after the 200 the call may take to end. */
#define TRANSACTION_TIMEOUT 2
#define END_WITHIN_S        10
/* Each OPTIONS must be answered within this. */
#define MAX_RTT_MS          100

/* The phone's From, and a Contact at the phone; @PORT@ is its port. */
#define SIP_FROM    "From: <sip:caller@127.0.0.1:@PORT@>;tag=dt\r\n"
#define SIP_CONTACT "Contact: <sip:caller@127.0.0.1:@PORT@>\r\n"

typedef struct {
  char      *skip;
  RawServer *server;
  RawPeer   *phone;        /* the call's peer */
  RawPeer   *probe;        /* sends the OPTIONS */
} Fixture;

/* One INVITE's From, Contact and Record-Route lines, and what it gets. */
typedef struct {
  char       *skip;
  const char *path;
  const char *headers;     /* whole lines; @PORT@: the phone's port */
} Case;

static void
fixture_setup (Fixture       *f,
               gconstpointer  user_data)
{
  const Case *c = user_data;
  RawServerOptions options = { .transaction_timeout = TRANSACTION_TIMEOUT };

  f->skip = c->skip;
  if (f->skip != NULL)
    return;
  raw_netns_set_resolv_conf (UNREACHABLE_CONF);
  f->server = raw_server_start (&options);
  f->phone = raw_peer_new (raw_server_get_port (f->server));
  f->probe = raw_peer_new (raw_server_get_port (f->server));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  user_data)
{
  if (f->skip != NULL)
    return;
  g_clear_pointer (&f->phone, raw_peer_free);
  g_clear_pointer (&f->probe, raw_peer_free);
  g_clear_pointer (&f->server, raw_server_stop);
  raw_netns_restore_resolv_conf ();
}

/* Sends an INVITE with @headers (From, Contact, Record-Route lines) and
 * returns the status of its final answer, 0 without one. A 200 is never
 * ACKed. */
static guint
invite_status (Fixture    *f,
               const char *headers)
{
  g_autofree char *branch = raw_peer_unique (f->phone, "z9hG4bK-dt");
  g_autofree char *port = g_strdup_printf ("%u", f->phone->port);
  g_autoptr(GString) lines = g_string_new (headers);
  g_autofree char *sdp = NULL;
  g_autofree char *text = NULL;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_string_replace (lines, "@PORT@", port, 0);
  sdp = g_strdup_printf ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n"
                         "c=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                         "m=audio %u RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n",
                         test_discard_port ());
  text = g_strdup_printf ("INVITE sip:agent@127.0.0.1:%u SIP/2.0\r\n"
                          "Via: SIP/2.0/UDP 127.0.0.1:%u;branch=%s;rport\r\n"
                          "Max-Forwards: 70\r\n"
                          "To: <sip:agent@127.0.0.1:%u>\r\n"
                          "Call-ID: dt-%s\r\n"
                          "CSeq: 1 INVITE\r\n"
                          "%s"
                          "Content-Type: application/sdp\r\n"
                          "Content-Length: %zu\r\n\r\n%s",
                          f->phone->server_port, f->phone->port, branch,
                          f->phone->server_port, branch, lines->str, strlen (sdp), sdp);
  raw_peer_send_text (f->phone, text);
  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *answer = raw_peer_receive (f->phone, 100, NULL);
      g_autofree char *via = answer ? raw_header_of (answer, "Via", "v") : NULL;

      if (via != NULL && strstr (via, branch) != NULL && raw_status_of (answer) >= 200)
        return raw_status_of (answer);
    }
  return 0;
}

/* Answers 200 to a request that came to @peer, if @message is one. */
static gboolean
answer_request (RawPeer    *peer,
                const char *message)
{
  g_autofree char *via = NULL, *from = NULL, *to = NULL, *call_id = NULL, *cseq = NULL;
  g_autofree char *answer = NULL;

  if (message == NULL || raw_status_of (message) != 0 || g_str_has_prefix (message, "ACK "))
    return FALSE;
  via = raw_header_of (message, "Via", "v");
  from = raw_header_of (message, "From", "f");
  to = raw_header_of (message, "To", "t");
  call_id = raw_header_of (message, "Call-ID", "i");
  cseq = raw_header_of (message, "CSeq", NULL);
  answer = g_strdup_printf ("SIP/2.0 200 OK\r\nVia: %s\r\nFrom: %s\r\nTo: %s\r\n"
                            "Call-ID: %s\r\nCSeq: %s\r\nContent-Length: 0\r\n\r\n",
                            via, from, to, call_id, cseq);
  raw_peer_send_text (peer, answer);
  return TRUE;
}

/* Probes with OPTIONS every 50 ms, each answered within MAX_RTT_MS, until
 * the call has ended and half a second more has passed (@until_ended),
 * or until the ACK wait of any call would have ended. Requests that
 * reach the phone are answered 200 and counted; the first one's request
 * line goes to @out_first. */
static void
probe (Fixture   *f,
       gboolean   until_ended,
       guint     *out_requests,
       char     **out_first)
{
  gint64 since = g_get_monotonic_time ();
  gint64 deadline = since + END_WITHIN_S * G_USEC_PER_SEC;
  gint64 ack_wait_over = since + (TRANSACTION_TIMEOUT + 1) * G_USEC_PER_SEC;
  gint64 ended_at = 0;

  for (;;)
    {
      gint64 now = g_get_monotonic_time ();
      gint64 rtt;
      char *request;

      if (!until_ended && now > ack_wait_over)
        break;
      if (until_ended && ended_at == 0 && raw_server_n_ended (f->server) >= 1)
        ended_at = now;
      if (ended_at != 0 && now > ended_at + G_USEC_PER_SEC / 2)
        break;
      if (until_ended && ended_at == 0 && now > deadline)
        g_error ("the call did not end within %d s", END_WITHIN_S);

      rtt = raw_peer_options (f->probe, 1000);
      if (rtt < 0 || rtt > MAX_RTT_MS * 1000)
        g_error ("OPTIONS %s after %.1f s (the server stopped answering)",
                 rtt < 0 ? "unanswered for 1 s" : "answered late",
                 (now - since) / (double) G_USEC_PER_SEC);

      while ((request = raw_peer_receive (f->phone, 0, NULL)) != NULL)
        {
          if (answer_request (f->phone, request) && out_requests != NULL)
            {
              if (*out_requests == 0 && out_first != NULL)
                *out_first = raw_first_line (request);
              (*out_requests)++;
            }
          g_free (request);
        }
      g_usleep (50000);
    }
}

/* ---- no Contact: the From URI is the target ---- */

static void
test_no_contact_refused (Fixture       *f,
                         gconstpointer  data)
{
  static const struct {
    const char *what;
    const char *headers;
  } cases[] = {
    { "From: tel:, no Contact", "From: <tel:+15551234>;tag=dt\r\n" },
    { "From: http:, no Contact", "From: <http://example.com/caller>;tag=dt\r\n" },
  };

  if (f->skip != NULL)
    {
      g_test_skip (f->skip);
      return;
    }
  g_test_summary ("an INVITE without a Contact whose From is no SIP URI is "
                  "refused 400: accepted and never ACKed, its BYE went to "
                  "the From URI, failed inside nta, and nua recursed until "
                  "the stack overflowed");

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint status = invite_status (f, cases[i].headers);

      g_test_message ("%s: %u", cases[i].what, status);
      /* Past the ACK wait first: a server that accepted it crashes there. */
      probe (f, FALSE, NULL, NULL);
      g_assert_cmpuint (status, ==, 400);
    }
  g_assert_cmpuint (raw_server_n_incoming (f->server), ==, 0);
}

static void
test_no_contact_sip_from (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *reason = NULL;
  guint requests = 0;
  ScCallState state;

  if (f->skip != NULL)
    {
      g_test_skip (f->skip);
      return;
    }
  g_test_summary ("an INVITE without a Contact whose From is a SIP URI is "
                  "still accepted, and the BYE at the end of the ACK wait "
                  "goes to the From URI");

  g_assert_cmpuint (invite_status (f, SIP_FROM), ==, 200);
  probe (f, TRUE, &requests, &first);
  g_assert_true (raw_server_last_end (f->server, &state, &reason));
  g_test_message ("the call ended %s: %s", sc_call_state_to_string (state), reason);
  g_assert_cmpuint (requests, ==, 1);
  g_assert_true (g_str_has_prefix (first, "BYE sip:caller@127.0.0.1:"));
}

/* ---- targets nta fails to send to later ---- */

static void
test_unsendable_later (Fixture       *f,
                       gconstpointer  data)
{
  const Case *c = data;
  g_autofree char *reason = NULL;
  guint requests = 0;
  ScCallState state;

  if (f->skip != NULL)
    {
      g_test_skip (f->skip);
      return;
    }
  g_test_summary ("a dialog target nta cannot send to but does not fail on "
                  "at once: the call is accepted, ends when the ACK wait "
                  "does (its BYE failing), and the server answers throughout");

  g_assert_cmpuint (invite_status (f, c->headers), ==, 200);
  probe (f, TRUE, &requests, NULL);
  g_assert_true (raw_server_last_end (f->server, &state, &reason));
  g_test_message ("the call ended %s: %s", sc_call_state_to_string (state), reason);
  g_assert_cmpuint (requests, ==, 0);
  g_assert_cmpint (state, ==, SC_CALL_STATE_FAILED);
  /* The BYE sent at the end of the ACK wait fails inside nta ("503 to
   * BYE", "416 to BYE" in the debug log); the call ends for its cause. */
  g_assert_cmpstr (reason, ==, "no ACK");
}

static Case unsendable_cases[] = {
  { NULL, "/dialog-targets/unsendable-later/transport-sctp",
    SIP_FROM "Contact: <sip:caller@127.0.0.1:@PORT@;transport=sctp>\r\n" },
  { NULL, "/dialog-targets/unsendable-later/transport-ws",
    SIP_FROM "Contact: <sip:caller@127.0.0.1:@PORT@;transport=ws>\r\n" },
  { NULL, "/dialog-targets/unsendable-later/transport-tls",
    SIP_FROM "Contact: <sip:caller@127.0.0.1:@PORT@;transport=tls>\r\n" },
  { NULL, "/dialog-targets/unsendable-later/transport-unknown",
    SIP_FROM "Contact: <sip:caller@127.0.0.1:@PORT@;transport=foo>\r\n" },
  { NULL, "/dialog-targets/unsendable-later/sips-without-tls",
    SIP_FROM "Contact: <sips:caller@127.0.0.1:@PORT@>\r\n" },
  { NULL, "/dialog-targets/unsendable-later/ipv6-on-ipv4",
    SIP_FROM "Contact: <sip:caller@[::1]:@PORT@>\r\n" },
  { NULL, "/dialog-targets/unsendable-later/port-0",
    SIP_FROM "Contact: <sip:caller@127.0.0.1:0>\r\n" },
  { NULL, "/dialog-targets/unsendable-later/port-out-of-range",
    SIP_FROM "Contact: <sip:caller@127.0.0.1:99999>\r\n" },
  { NULL, "/dialog-targets/unsendable-later/maddr-ipv6",
    SIP_FROM "Contact: <sip:caller@127.0.0.1:@PORT@;maddr=::1>\r\n" },
  { NULL, "/dialog-targets/unsendable-later/maddr-broadcast",
    SIP_FROM "Contact: <sip:caller@127.0.0.1:@PORT@;maddr=255.255.255.255>\r\n" },
  { NULL, "/dialog-targets/unsendable-later/long-host",
    SIP_FROM "Contact: <sip:caller@"
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa."
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa."
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa."
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa."
    "example>\r\n" },
  { NULL, "/dialog-targets/unsendable-later/record-route-sips",
    SIP_FROM SIP_CONTACT "Record-Route: <sips:127.0.0.1:@PORT@;lr>\r\n" },
  { NULL, "/dialog-targets/unsendable-later/record-route-sctp",
    SIP_FROM SIP_CONTACT "Record-Route: <sip:127.0.0.1:@PORT@;transport=sctp;lr>\r\n" },
  { NULL, "/dialog-targets/unsendable-later/no-contact-sips-from",
    "From: <sips:caller@127.0.0.1:@PORT@>;tag=dt\r\n" },
};

int
main (int   argc,
      char *argv[])
{
  char *skip = raw_netns_enter (argc, argv);
  Case refused = { skip, NULL, NULL };
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/dialog-targets/no-contact/refused", Fixture, &refused,
              fixture_setup, test_no_contact_refused, fixture_teardown);
  g_test_add ("/dialog-targets/no-contact/sip-from", Fixture, &refused,
              fixture_setup, test_no_contact_sip_from, fixture_teardown);
  for (gsize i = 0; i < G_N_ELEMENTS (unsendable_cases); i++)
    {
      unsendable_cases[i].skip = skip;
      g_test_add (unsendable_cases[i].path, Fixture, &unsendable_cases[i],
                  fixture_setup, test_unsendable_later, fixture_teardown);
    }

  status = g_test_run ();
  g_free (skip);
  return status;
}
