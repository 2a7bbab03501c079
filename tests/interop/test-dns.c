/* test-dns.c: no request a peer sends can make the server hang on DNS
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Issue 7, defect 2: an INVITE whose Contact is a host name, answered 200
 * and never ACKed, made the server send BYE to that name when the ACK
 * wait ended; with no name server reachable, sofia's resolver looped in
 * socket/connect/close for ever and the server never answered anything
 * again. And "no DNS from hostile input": the server answers a request at
 * the address it came from, never at a name taken from its Via.
 *
 * Every test runs in a network namespace of its own (raw-sip.h), with a
 * resolv.conf of its own over /etc/resolv.conf:
 *
 * - "unreachable": "nameserver 192.0.2.53", an address with no route in
 *   the namespace (connect () fails at once: the case that spun);
 * - "silent": "nameserver 127.0.0.1", where the test holds port 53 and
 *   reads every query without ever answering (the slow case), which also
 *   shows which names somebody tried to resolve.
 *
 * The server runs in a thread of its own with a 2 s transaction timeout
 * (so the ACK wait ends after 2 s), and a second raw socket sends it
 * OPTIONS every 50 ms throughout: each must be answered within 100 ms.
 */

#include "raw-sip.h"

#include <string.h>

#define UNREACHABLE_CONF "nameserver 192.0.2.53\n"
#define SILENT_CONF      "nameserver 127.0.0.1\n"
#define BAD_HOST         "unresolvable-host.example.invalid"

/* Seconds: the server's transaction timeout, and how long after the 200
 * the call may take to end (the ACK wait, then the BYE's fate). */
#define TRANSACTION_TIMEOUT 2
#define END_WITHIN_S        10
/* Each OPTIONS must be answered within this. */
#define MAX_RTT_MS          100

typedef struct {
  char      *skip;
  RawServer *server;
  RawPeer   *phone;        /* the call's peer */
  RawPeer   *probe;        /* sends the OPTIONS */
  GSocket   *dns;          /* 127.0.0.1:53, never answers (silent only) */
  GString   *dns_seen;     /* every query's bytes, printable */
  guint      n_dns;
} Fixture;

typedef struct {
  char       *skip;
  const char *resolv_conf;
} Data;

/* ---- the silent name server ---- */

static GSocket *
dns_socket_new (void)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 53);
  g_autoptr(GError) error = NULL;
  GSocket *socket;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                         G_SOCKET_PROTOCOL_UDP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, TRUE, &error);
  g_assert_no_error (error);
  g_socket_set_blocking (socket, FALSE);
  return socket;
}

/* Reads what came to port 53 so far; labels become dots. */
static void
dns_drain (Fixture *f)
{
  guint8 buffer[1500];
  gssize n;

  if (f->dns == NULL)
    return;
  while ((n = g_socket_receive (f->dns, (char *) buffer, sizeof buffer, NULL, NULL)) > 0)
    {
      f->n_dns++;
      for (gssize i = 12; i < n; i++)
        g_string_append_c (f->dns_seen, g_ascii_isalnum (buffer[i]) ||
                                        buffer[i] == '-' ? (char) buffer[i] : '.');
      g_string_append_c (f->dns_seen, '\n');
    }
}

/* ---- fixture ---- */

static void
fixture_setup (Fixture       *f,
               gconstpointer  user_data)
{
  const Data *data = user_data;
  RawServerOptions options = { .transaction_timeout = TRANSACTION_TIMEOUT };

  f->skip = data->skip;
  if (f->skip != NULL)
    return;
  raw_netns_set_resolv_conf (data->resolv_conf);
  f->dns_seen = g_string_new (NULL);
  if (strcmp (data->resolv_conf, SILENT_CONF) == 0)
    f->dns = dns_socket_new ();
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
  g_clear_object (&f->dns);
  if (f->dns_seen != NULL)
    g_string_free (f->dns_seen, TRUE);
  raw_netns_restore_resolv_conf ();
}

/* ---- a call that is never ACKed ---- */

static char *
invite_text (RawPeer    *peer,
             const char *contact,
             char      **out_branch)
{
  g_autofree char *branch = raw_peer_unique (peer, "z9hG4bK-dns");
  g_autofree char *sdp = NULL;
  char *text;

  sdp = g_strdup_printf ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n"
                         "c=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                         "m=audio %u RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n",
                         test_discard_port ());
  text = g_strdup_printf ("INVITE sip:agent@127.0.0.1:%u SIP/2.0\r\n"
                          "Via: SIP/2.0/UDP 127.0.0.1:%u;branch=%s;rport\r\n"
                          "Max-Forwards: 70\r\n"
                          "From: <sip:caller@127.0.0.1:%u>;tag=%s\r\n"
                          "To: <sip:agent@127.0.0.1:%u>\r\n"
                          "Call-ID: dns-%s\r\n"
                          "CSeq: 1 INVITE\r\n"
                          "Contact: <%s>\r\n"
                          "Content-Type: application/sdp\r\n"
                          "Content-Length: %zu\r\n\r\n%s",
                          peer->server_port, peer->port, branch, peer->port, branch,
                          peer->server_port, branch, contact, strlen (sdp), sdp);
  if (out_branch != NULL)
    *out_branch = g_steal_pointer (&branch);
  return text;
}

/* Sends the INVITE and waits for its 200 (which is never ACKed). */
static void
invite_without_ack (Fixture    *f,
                    const char *contact)
{
  g_autofree char *branch = NULL;
  g_autofree char *text = invite_text (f->phone, contact, &branch);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  raw_peer_send_text (f->phone, text);
  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *answer = raw_peer_receive (f->phone, 100, NULL);
      g_autofree char *via = answer ? raw_header_of (answer, "Via", "v") : NULL;

      if (via != NULL && strstr (via, branch) != NULL && raw_status_of (answer) >= 200)
        {
          g_assert_cmpuint (raw_status_of (answer), ==, 200);
          return;
        }
    }
  g_error ("no final answer to the INVITE within 5 s");
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

/* Probes with OPTIONS every 50 ms until the server's call count reaches
 * @n_ended and half a second more has passed, or END_WITHIN_S after
 * @since; every probe must be answered within MAX_RTT_MS. Requests that
 * reach the phone are answered 200 and counted in @out_requests.
 * Returns the seconds from @since to the end of the call. */
static double
probe_until_ended (Fixture *f,
                   guint    n_ended,
                   gint64   since,
                   guint   *out_requests,
                   char   **out_first_request)
{
  gint64 deadline = since + END_WITHIN_S * G_USEC_PER_SEC;
  gint64 ended_at = 0;
  guint probes = 0;
  gint64 worst = 0;

  for (;;)
    {
      gint64 now = g_get_monotonic_time ();
      gint64 rtt;
      char *request;

      if (ended_at == 0 && raw_server_n_ended (f->server) >= n_ended)
        ended_at = now;
      if (ended_at != 0 && now > ended_at + G_USEC_PER_SEC / 2)
        break;
      if (ended_at == 0 && now > deadline)
        {
          dns_drain (f);
          g_error ("the call did not end within %d s (%u probes answered, "
                   "%u queries to port 53)", END_WITHIN_S, probes, f->n_dns);
        }

      rtt = raw_peer_options (f->probe, 1000);
      if (rtt < 0 || rtt > MAX_RTT_MS * 1000)
        g_error ("OPTIONS %s after %.1f s (the server stopped answering)",
                 rtt < 0 ? "unanswered for 1 s" : "answered late",
                 (now - since) / (double) G_USEC_PER_SEC);
      probes++;
      worst = MAX (worst, rtt);

      /* Whatever the server sent the phone meanwhile. */
      while ((request = raw_peer_receive (f->phone, 0, NULL)) != NULL)
        {
          if (answer_request (f->phone, request) && out_requests != NULL)
            {
              if (*out_requests == 0 && out_first_request != NULL)
                *out_first_request = raw_first_line (request);
              (*out_requests)++;
            }
          g_free (request);
        }
      g_usleep (50000);
    }
  g_test_message ("%u OPTIONS answered, the slowest in %.1f ms", probes, worst / 1000.0);
  return (ended_at - since) / (double) G_USEC_PER_SEC;
}

static void
check_ended (Fixture *f)
{
  g_autofree char *reason = NULL;
  ScCallState state;

  g_assert_true (raw_server_last_end (f->server, &state, &reason));
  g_test_message ("the call ended %s: %s", sc_call_state_to_string (state),
                  reason ? reason : "(no reason)");
  g_assert_true (state == SC_CALL_STATE_TERMINATED || state == SC_CALL_STATE_FAILED);
}

static void
unacked_invite (Fixture    *f,
                const char *contact)
{
  gint64 since;
  double took;

  invite_without_ack (f, contact);
  since = g_get_monotonic_time ();
  took = probe_until_ended (f, 1, since, NULL, NULL);
  g_test_message ("the call ended %.1f s after the 200 (ACK wait %d s)", took,
                  TRANSACTION_TIMEOUT);
  check_ended (f);
  dns_drain (f);
  g_test_message ("%u queries reached port 53", f->n_dns);
}

static void
test_unacked_host (Fixture       *f,
                   gconstpointer  data)
{
  if (f->skip != NULL)
    {
      g_test_skip (f->skip);
      return;
    }
  g_test_summary ("an INVITE with a host name in Contact, never ACKed: the "
                  "BYE to that name fails at once and the server keeps "
                  "answering");
  unacked_invite (f, "sip:u@" BAD_HOST);
}

static void
test_unacked_maddr (Fixture       *f,
                    gconstpointer  data)
{
  if (f->skip != NULL)
    {
      g_test_skip (f->skip);
      return;
    }
  g_test_summary ("the same with the name in a maddr of the Contact");
  unacked_invite (f, "sip:u@127.0.0.1:9;maddr=" BAD_HOST);
}

/* The resolver still resolves: "localhost" comes from the hosts file,
 * and the BYE reaches the phone there. */
static void
test_unacked_resolvable (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *contact = NULL;
  g_autofree char *first = NULL;
  guint requests = 0;
  gint64 since;

  if (f->skip != NULL)
    {
      g_test_skip (f->skip);
      return;
    }
  g_test_summary ("a Contact host that resolves (localhost, from the hosts "
                  "file): the BYE after the ACK wait reaches it");

  contact = g_strdup_printf ("sip:caller@localhost:%u", f->phone->port);
  invite_without_ack (f, contact);
  since = g_get_monotonic_time ();
  probe_until_ended (f, 1, since, &requests, &first);
  check_ended (f);
  g_assert_cmpuint (requests, ==, 1);
  g_assert_true (g_str_has_prefix (first, "BYE sip:caller@localhost:"));
}

static void
test_outgoing_call (Fixture       *f,
                    gconstpointer  data)
{
  if (f->skip != NULL)
    {
      g_test_skip (f->skip);
      return;
    }
  g_test_summary ("a call the application places to a host name that does "
                  "not resolve fails within seconds, the server answering "
                  "throughout");

  raw_server_call (f->server, "sip:bob@" BAD_HOST);
  probe_until_ended (f, 1, g_get_monotonic_time (), NULL, NULL);
  check_ended (f);
}

/* ---- targets nta cannot send to (defect 3) ---- */

/* Sends an INVITE with @contact (a whole header line) and returns the
 * status of its final answer. */
static guint
invite_status (Fixture    *f,
               const char *contact_header)
{
  g_autofree char *branch = NULL;
  g_autofree char *text = invite_text (f->phone, "sip:caller@127.0.0.1:9", &branch);
  g_autoptr(GString) edited = g_string_new (text);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_string_replace (edited, "Contact: <sip:caller@127.0.0.1:9>\r\n", contact_header, 1);
  raw_peer_send (f->phone, edited->str, edited->len);
  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *answer = raw_peer_receive (f->phone, 100, NULL);
      g_autofree char *via = answer ? raw_header_of (answer, "Via", "v") : NULL;

      if (via != NULL && strstr (via, branch) != NULL && raw_status_of (answer) >= 200)
        return raw_status_of (answer);
    }
  return 0;
}

/* The server still answers once the ACK wait of any call it accepted
 * would have ended. */
static void
probe_past_ack_wait (Fixture *f)
{
  gint64 until = g_get_monotonic_time () + (TRANSACTION_TIMEOUT + 1) * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < until)
    {
      gint64 rtt = raw_peer_options (f->probe, 1000);

      if (rtt < 0 || rtt > MAX_RTT_MS * 1000)
        g_error ("OPTIONS %s (the server stopped answering)",
                 rtt < 0 ? "unanswered for 1 s" : "answered late");
      g_usleep (50000);
    }
}

static void
test_unusable_target (Fixture       *f,
                      gconstpointer  data)
{
  static const struct {
    const char *what;
    const char *header;
  } cases[] = {
    { "Contact: tel:", "Contact: <tel:+15551234>\r\n" },
    { "Contact: http:", "Contact: <http://example.com/caller>\r\n" },
    { "Record-Route: tel:", "Record-Route: <tel:+15551234;lr>\r\n"
                            "Contact: <sip:caller@127.0.0.1:9>\r\n" },
  };

  if (f->skip != NULL)
    {
      g_test_skip (f->skip);
      return;
    }
  g_test_summary ("an INVITE whose Contact or Record-Route is no SIP URI "
                  "is refused 400: accepted and never ACKed, its BYE failed "
                  "inside nta and nua recursed until the stack overflowed");

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint status = invite_status (f, cases[i].header);

      g_test_message ("%s: %u", cases[i].what, status);
      /* Past the ACK wait first: a server that accepted it crashes there. */
      probe_past_ack_wait (f);
      g_assert_cmpuint (status, ==, 400);
    }
  g_assert_cmpuint (raw_server_n_incoming (f->server), ==, 0);
}

/* A dialog whose target a peer tries to move to a tel: URI with UPDATE
 * (a target refresh nua answers on its own): refused, and the BYE at the
 * end of the ACK wait still goes to the first Contact. */
static void
test_unusable_target_update (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *contact = NULL;
  g_autofree char *branch = NULL;
  g_autofree char *invite = NULL;
  g_autofree char *to = NULL, *from = NULL, *call_id = NULL;
  g_autofree char *update = NULL;
  g_autofree char *update_branch = NULL;
  g_autofree char *first = NULL;
  guint update_status = 0, requests = 0;
  gint64 deadline, since;

  if (f->skip != NULL)
    {
      g_test_skip (f->skip);
      return;
    }
  g_test_summary ("an UPDATE that would move the dialog's target to a tel: "
                  "URI is refused 400, and the dialog keeps its target");

  contact = g_strdup_printf ("sip:caller@127.0.0.1:%u", f->phone->port);
  invite = invite_text (f->phone, contact, &branch);
  raw_peer_send_text (f->phone, invite);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (to == NULL && g_get_monotonic_time () < deadline)
    {
      g_autofree char *answer = raw_peer_receive (f->phone, 100, NULL);

      if (answer != NULL && raw_status_of (answer) == 200)
        {
          to = raw_header_of (answer, "To", "t");
          from = raw_header_of (answer, "From", "f");
          call_id = raw_header_of (answer, "Call-ID", "i");
        }
    }
  g_assert_nonnull (to);
  since = g_get_monotonic_time ();

  update_branch = raw_peer_unique (f->phone, "z9hG4bK-update");
  update = g_strdup_printf ("UPDATE sip:agent@127.0.0.1:%u SIP/2.0\r\n"
                            "Via: SIP/2.0/UDP 127.0.0.1:%u;branch=%s;rport\r\n"
                            "Max-Forwards: 70\r\n"
                            "From: %s\r\n"
                            "To: %s\r\n"
                            "Call-ID: %s\r\n"
                            "CSeq: 2 UPDATE\r\n"
                            "Contact: <tel:+15551234>\r\n"
                            "Content-Length: 0\r\n\r\n",
                            f->phone->server_port, f->phone->port, update_branch,
                            from, to, call_id);
  raw_peer_send_text (f->phone, update);
  deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (update_status == 0 && g_get_monotonic_time () < deadline)
    {
      g_autofree char *answer = raw_peer_receive (f->phone, 100, NULL);
      g_autofree char *via = answer ? raw_header_of (answer, "Via", "v") : NULL;

      if (via != NULL && strstr (via, update_branch) != NULL && raw_status_of (answer) >= 200)
        update_status = raw_status_of (answer);
    }
  g_test_message ("UPDATE with Contact: <tel:+15551234>: %u", update_status);

  /* The ACK wait ends: the BYE must come to the first Contact. */
  probe_until_ended (f, 1, since, &requests, &first);
  g_assert_cmpuint (update_status, ==, 400);
  g_assert_cmpuint (requests, ==, 1);
  g_assert_true (g_str_has_prefix (first, "BYE sip:caller@127.0.0.1:"));
}

/* ---- answers go where the request came from ---- */

/* Sends @request (with @VIA@ for the Via value) from the phone and
 * returns the final answer that reaches the phone, or NULL. The silent
 * name server must have seen nothing about BAD_HOST meanwhile. */
static char *
request_answered_at_source (Fixture    *f,
                            const char *first_line,
                            const char *via)
{
  g_autofree char *tag = raw_peer_unique (f->phone, "tag");
  g_autofree char *text = NULL;
  gint64 deadline;
  char *answer = NULL;
  gint64 rtt;

  text = g_strdup_printf ("%s\r\n"
                          "Via: %s\r\n"
                          "Max-Forwards: 70\r\n"
                          "From: <sip:caller@example.com>;tag=%s\r\n"
                          "To: <sip:agent@example.com>\r\n"
                          "Call-ID: via-%s\r\n"
                          "CSeq: 1 OPTIONS\r\n"
                          "Content-Length: 0\r\n\r\n",
                          first_line, via, tag, tag);
  raw_peer_send_text (f->phone, text);

  deadline = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (answer == NULL && g_get_monotonic_time () < deadline)
    {
      char *message = raw_peer_receive (f->phone, 100, NULL);

      if (message != NULL && raw_status_of (message) >= 200)
        answer = message;
      else
        g_free (message);
    }

  /* And the server is not stuck in a lookup either. */
  rtt = raw_peer_options (f->probe, 1000);
  g_assert_cmpint (rtt, >=, 0);
  g_assert_cmpint (rtt, <, MAX_RTT_MS * 1000);

  dns_drain (f);
  if (strstr (f->dns_seen->str, "unresolvable-host") != NULL)
    g_error ("somebody asked DNS about " BAD_HOST ":\n%s", f->dns_seen->str);
  return answer;
}

typedef struct {
  const char *summary;
  const char *first_line;   /* %u: the server's port */
  const char *via;
  guint       status;
} ViaCase;

static const ViaCase via_cases[] = {
  { "a host name in Via, no rport: answered at the source address",
    "OPTIONS sip:agent@127.0.0.1:%u SIP/2.0",
    "SIP/2.0/UDP " BAD_HOST ":5060;branch=z9hG4bK-via-host", 200 },
  { "a maddr in Via: answered at the source address, the name unresolved",
    "OPTIONS sip:agent@127.0.0.1:%u SIP/2.0",
    "SIP/2.0/UDP 127.0.0.1:5060;maddr=" BAD_HOST ";branch=z9hG4bK-via-maddr", 200 },
  { "a TCP Via in a UDP datagram: answered over UDP, at the source",
    "OPTIONS sip:agent@127.0.0.1:%u SIP/2.0",
    "SIP/2.0/TCP " BAD_HOST ";branch=z9hG4bK-via-tcp", 200 },
  { "a TLS Via in a UDP datagram: answered over UDP, at the source",
    "OPTIONS sip:agent@127.0.0.1:%u SIP/2.0",
    "SIP/2.0/TLS " BAD_HOST ":5061;branch=z9hG4bK-via-tls", 200 },
  { "RFC 4475 badvers with its Via host name: 505 at the source address",
    "OPTIONS sip:agent@127.0.0.1:%u SIP/7.0",
    "SIP/7.0/UDP " BAD_HOST ";branch=z9hG4bK-via-badvers", 505 },
};

static void
test_via (Fixture       *f,
          gconstpointer  data)
{
  for (gsize i = 0; i < G_N_ELEMENTS (via_cases); i++)
    {
      const ViaCase *c = &via_cases[i];
      g_autofree char *first_line = NULL;
      g_autofree char *answer = NULL;
      g_autofree char *via = NULL;
      g_autofree char *rport = NULL;

      if (f->skip != NULL)
        {
          g_test_skip (f->skip);
          return;
        }
      first_line = g_strdup_printf (c->first_line, f->phone->server_port);
      answer = request_answered_at_source (f, first_line, c->via);
      if (answer == NULL)
        g_error ("%s: no answer reached the phone", c->summary);
      via = raw_header_of (answer, "Via", "v");
      g_test_message ("%s: %u, Via: %s", c->summary, raw_status_of (answer), via);
      g_assert_cmpuint (raw_status_of (answer), ==, c->status);
      /* It reached us: the source address; the Via says so (rport), and
       * keeps no maddr. */
      rport = g_strdup_printf ("rport=%u", f->phone->port);
      g_assert_nonnull (strstr (via, rport));
      g_assert_null (strstr (via, "maddr="));
    }
}

int
main (int   argc,
      char *argv[])
{
  char *skip = raw_netns_enter (argc, argv);
  Data unreachable = { skip, UNREACHABLE_CONF };
  Data silent = { skip, SILENT_CONF };
  int status;

  g_test_init (&argc, &argv, NULL);

#define ADD(path, data, func) \
  g_test_add (path, Fixture, data, fixture_setup, func, fixture_teardown)
  ADD ("/dns/unacked-invite/unreachable-resolver", &unreachable, test_unacked_host);
  ADD ("/dns/unacked-invite/silent-resolver", &silent, test_unacked_host);
  ADD ("/dns/unacked-invite/maddr-unreachable-resolver", &unreachable, test_unacked_maddr);
  ADD ("/dns/unacked-invite/maddr-silent-resolver", &silent, test_unacked_maddr);
  ADD ("/dns/unacked-invite/resolvable-contact", &silent, test_unacked_resolvable);
  ADD ("/dns/outgoing-call/unreachable-resolver", &unreachable, test_outgoing_call);
  ADD ("/dns/outgoing-call/silent-resolver", &silent, test_outgoing_call);
  ADD ("/dns/via/answered-at-source", &silent, test_via);
  ADD ("/dns/unusable-target/invite", &silent, test_unusable_target);
  ADD ("/dns/unusable-target/update", &silent, test_unusable_target_update);
#undef ADD

  status = g_test_run ();
  g_free (skip);
  return status;
}
