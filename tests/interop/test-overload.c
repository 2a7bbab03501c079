/* test-overload.c: a full server reclaims the sessions of calls never ACKed
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Issue 7, "Overload and resources": under a flood the server's socket
 * drops datagrams, and an answered call that loses both its ACK and its
 * BYE held its session for the whole ACK wait (64 × T1 = 32 s), so a full
 * server refused nearly every new call (bench/README.md, "Overload").
 * While the manager is full, the ACK wait is now 2 s: a call answered but
 * not ACKed by then ends FAILED "no ACK (overload)", its session is
 * free for the next INVITE, and the stack sends one BYE transaction whose
 * copies stop within the same 2 s, as do the 200's. When the manager has
 * room, the ACK wait stays 32 s.
 *
 * A raw UDP phone (raw-sip.h) sends INVITEs it never ACKs, to a manager
 * with room for two sessions, and reads everything the server sends back.
 * Like the other hostile-input tests it runs in a network namespace of its
 * own and skips without one.
 */

#include "raw-sip.h"

#include <string.h>

/* The ACK wait while full, as sessioncore/sip/sc-sip-overload.c sets it. */
#define RECLAIM_MS      2000
/* Slack for the server's timers (sofia's run on a coarse clock). */
#define SLACK_MS        800

typedef struct {
  char *skip;
  guint max_sessions;
} Data;

typedef struct {
  char      *skip;
  RawServer *server;
  RawPeer   *phone;
  gint64     t0;           /* µs, monotonic: the start of the test */
  GPtrArray *arrivals;     /* Arrival *: everything the phone received */
} Fixture;

typedef struct {
  gint64  at;              /* µs since t0 */
  char   *first_line;
  char   *call_id;
  guint   status;          /* 0 for a request */
} Arrival;

typedef struct {
  char *call_id;
  char *branch;
  char *from_tag;
  char *to;                /* the To of the final answer, with its tag */
  guint status;
  gint64 answered_at;      /* µs since t0 */
} Call;

static void
arrival_free (gpointer data)
{
  Arrival *arrival = data;

  g_free (arrival->first_line);
  g_free (arrival->call_id);
  g_free (arrival);
}

static void
call_clear (Call *call)
{
  g_clear_pointer (&call->call_id, g_free);
  g_clear_pointer (&call->branch, g_free);
  g_clear_pointer (&call->from_tag, g_free);
  g_clear_pointer (&call->to, g_free);
}

static gint64
since_t0 (Fixture *f)
{
  return g_get_monotonic_time () - f->t0;
}

/* ---- fixture ---- */

static void
fixture_setup (Fixture       *f,
               gconstpointer  user_data)
{
  const Data *data = user_data;
  RawServerOptions options = {
    .no_media = TRUE,
    .max_sessions = data->max_sessions,
  };

  f->skip = data->skip;
  if (f->skip != NULL)
    return;
  f->server = raw_server_start (&options);
  f->phone = raw_peer_new (raw_server_get_port (f->server));
  f->arrivals = g_ptr_array_new_with_free_func (arrival_free);
  f->t0 = g_get_monotonic_time ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  user_data)
{
  if (f->skip != NULL)
    return;
  g_clear_pointer (&f->phone, raw_peer_free);
  g_clear_pointer (&f->server, raw_server_stop);
  g_clear_pointer (&f->arrivals, g_ptr_array_unref);
}

/* ---- the phone ---- */

/* Reads one datagram (up to @timeout_ms) and logs it; returns it, or NULL.
 * (transfer full) */
static char *
receive (Fixture *f,
         guint    timeout_ms)
{
  char *message = raw_peer_receive (f->phone, timeout_ms, NULL);
  Arrival *arrival;

  if (message == NULL)
    return NULL;
  arrival = g_new0 (Arrival, 1);
  arrival->at = since_t0 (f);
  arrival->first_line = raw_first_line (message);
  arrival->call_id = raw_header_of (message, "Call-ID", "i");
  arrival->status = raw_status_of (message);
  g_ptr_array_add (f->arrivals, arrival);
  return message;
}

/* Logs everything that arrives for @ms. */
static void
listen_for (Fixture *f,
            guint    ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

  for (;;)
    {
      gint64 left = until - g_get_monotonic_time ();

      if (left <= 0)
        break;
      g_free (receive (f, (guint) (left / 1000) + 1));
    }
}

static void
send_invite (Fixture *f,
             Call    *call)
{
  g_autofree char *sdp = NULL;
  g_autofree char *text = NULL;
  RawPeer *peer = f->phone;

  call->branch = raw_peer_unique (peer, "z9hG4bK-ovl");
  call->from_tag = raw_peer_unique (peer, "tag");
  call->call_id = raw_peer_unique (peer, "ovl");
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
                          "Content-Type: application/sdp\r\n"
                          "Content-Length: %zu\r\n\r\n%s",
                          peer->server_port, peer->port, call->branch, peer->port,
                          call->from_tag, peer->server_port, call->call_id, peer->port,
                          strlen (sdp), sdp);
  raw_peer_send_text (peer, text);
}

/* Waits up to @timeout_ms for the final answer to @call's INVITE (logging
 * everything else that arrives) and returns its status. */
static guint
await_final (Fixture *f,
             Call    *call,
             guint    timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *message = receive (f, 50);
      g_autofree char *via = NULL;

      if (message == NULL || raw_status_of (message) < 200)
        continue;
      via = raw_header_of (message, "Via", "v");
      if (via == NULL || strstr (via, call->branch) == NULL)
        continue;
      call->status = raw_status_of (message);
      call->to = raw_header_of (message, "To", "t");
      call->answered_at = since_t0 (f);
      return call->status;
    }
  return 0;
}

/* An in-dialog request (ACK or BYE) of @call, with @cseq. */
static void
send_in_dialog (Fixture    *f,
                Call       *call,
                const char *method,
                guint       cseq,
                const char *branch)
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
                          "Content-Length: 0\r\n\r\n",
                          method, peer->server_port, peer->port, branch, peer->port,
                          call->from_tag, call->to, call->call_id, cseq, method);
  raw_peer_send_text (peer, text);
}

/* The ACK of a non-2xx final answer (same branch as the INVITE). */
static void
ack_refusal (Fixture *f,
             Call    *call)
{
  send_in_dialog (f, call, "ACK", 1, call->branch);
}

/* Waits up to @timeout_ms for the final answer to the request sent with
 * @branch; returns its status, 0 without one. */
static guint
await_answer (Fixture    *f,
              const char *branch,
              guint       timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *message = receive (f, 50);
      g_autofree char *via = message ? raw_header_of (message, "Via", "v") : NULL;

      if (via != NULL && strstr (via, branch) != NULL && raw_status_of (message) >= 200)
        return raw_status_of (message);
    }
  return 0;
}

/* ACKs @call's 200 and hangs up: the BYE must be answered 200. */
static void
ack_and_hang_up (Fixture *f,
                 Call    *call)
{
  g_autofree char *ack_branch = raw_peer_unique (f->phone, "z9hG4bK-ack");
  g_autofree char *bye_branch = raw_peer_unique (f->phone, "z9hG4bK-bye");

  send_in_dialog (f, call, "ACK", 1, ack_branch);
  send_in_dialog (f, call, "BYE", 2, bye_branch);
  g_assert_cmpuint (await_answer (f, bye_branch, 3000), ==, 200);
}

static guint
count_arrivals (Fixture    *f,
                const char *call_id,
                const char *prefix,
                gint64      after,
                gint64     *out_last)
{
  guint n = 0;

  if (out_last != NULL)
    *out_last = -1;
  for (guint i = 0; i < f->arrivals->len; i++)
    {
      Arrival *arrival = g_ptr_array_index (f->arrivals, i);

      if (arrival->at < after || g_strcmp0 (arrival->call_id, call_id) != 0 ||
          !g_str_has_prefix (arrival->first_line, prefix))
        continue;
      n++;
      if (out_last != NULL)
        *out_last = arrival->at;
    }
  return n;
}

static gboolean
wait_for_ends (Fixture *f,
               guint    n,
               guint    timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (raw_server_n_ended (f->server) < n)
    {
      if (g_get_monotonic_time () >= deadline)
        return FALSE;
      g_free (receive (f, 20));
    }
  return TRUE;
}

/* Two INVITEs answered 200 and never ACKed fill the manager (room for
 * two). Returns when both are answered. */
static void
fill_with_unacked (Fixture *f,
                   Call     calls[2])
{
  for (guint i = 0; i < 2; i++)
    {
      send_invite (f, &calls[i]);
      g_assert_cmpuint (await_final (f, &calls[i], 5000), ==, 200);
    }
  g_test_message ("both answered 200 at %.2f s and %.2f s",
                  calls[0].answered_at / 1e6, calls[1].answered_at / 1e6);
}

/* ---- the tests ---- */

static void
test_reclaimed_when_full (Fixture       *f,
                          gconstpointer  data)
{
  Call calls[2] = { { 0 } };
  Call refused = { 0 };
  Call admitted = { 0 };
  g_auto(GStrv) ends = NULL;
  gint64 ended_at;

  if (f->skip != NULL)
    {
      g_test_skip (f->skip);
      return;
    }
  g_test_summary ("room for two sessions, two INVITEs answered and never "
                  "ACKed: a third within 2 s is refused 503 (no 100 Trying "
                  "first); after 2 s both "
                  "calls end FAILED \"no ACK (overload)\" and a new INVITE "
                  "is answered 200");

  fill_with_unacked (f, calls);

  /* The stack's parameters change a moment after the manager is full. */
  listen_for (f, 100);
  send_invite (f, &refused);
  g_assert_cmpuint (await_final (f, &refused, 3000), ==, 503);
  ack_refusal (f, &refused);
  g_test_message ("the third INVITE: 503 at %.2f s", refused.answered_at / 1e6);
  /* While full, no 100 Trying: a caller keeps retransmitting its INVITE
   * until the final answer reaches it. */
  g_assert_cmpuint (count_arrivals (f, refused.call_id, "SIP/2.0 100", 0, NULL), ==, 0);
  g_assert_cmpint (refused.answered_at - calls[1].answered_at, <, RECLAIM_MS * 1000);
  g_assert_cmpuint (raw_server_n_ended (f->server), ==, 0);

  g_assert_true (wait_for_ends (f, 2, RECLAIM_MS + 5000));
  ended_at = since_t0 (f);
  g_test_message ("both ended by %.2f s: %.2f s after the second 200",
                  ended_at / 1e6, (ended_at - calls[1].answered_at) / 1e6);
  /* Not before the 2 s, and not long after. */
  g_assert_cmpint (ended_at - calls[0].answered_at, >=, (RECLAIM_MS - 100) * 1000);
  g_assert_cmpint (ended_at - calls[1].answered_at, <=, (RECLAIM_MS + SLACK_MS) * 1000);

  ends = raw_server_ends (f->server);
  g_assert_cmpuint (g_strv_length (ends), ==, 2);
  g_assert_cmpstr (ends[0], ==, "Failed: no ACK (overload)");
  g_assert_cmpstr (ends[1], ==, "Failed: no ACK (overload)");

  send_invite (f, &admitted);
  g_assert_cmpuint (await_final (f, &admitted, 3000), ==, 200);
  g_assert_cmpuint (raw_server_n_incoming (f->server), ==, 3);
  ack_and_hang_up (f, &admitted);

  call_clear (&calls[0]);
  call_clear (&calls[1]);
  call_clear (&refused);
  call_clear (&admitted);
}

static void
test_no_bye_train (Fixture       *f,
                   gconstpointer  data)
{
  Call calls[2] = { { 0 } };
  gint64 reclaimed_at;

  if (f->skip != NULL)
    {
      g_test_skip (f->skip);
      return;
    }
  g_test_summary ("a reclaimed call's BYE and 200 stop within 2 s of its "
                  "end: the phone, which answers nothing, hears at most one "
                  "BYE transaction (its retransmissions until Timer F) and "
                  "nothing at all afterwards");

  fill_with_unacked (f, calls);
  g_assert_true (wait_for_ends (f, 2, RECLAIM_MS + 5000));
  reclaimed_at = since_t0 (f);
  /* Sofia's linger would be 32 s: 6 s shows whether anything goes on. */
  listen_for (f, 6000);

  for (guint i = 0; i < 2; i++)
    {
      gint64 last_bye, last_200;
      guint byes = count_arrivals (f, calls[i].call_id, "BYE ", 0, &last_bye);
      guint oks = count_arrivals (f, calls[i].call_id, "SIP/2.0 200", 0, &last_200);
      guint late = count_arrivals (f, calls[i].call_id, "",
                                   reclaimed_at + (RECLAIM_MS + SLACK_MS) * 1000, NULL);

      g_test_message ("call %u: %u BYE copies (last at %.2f s), %u copies of the 200 "
                      "(last at %.2f s), %u messages more than %.1f s after its end",
                      i, byes, last_bye / 1e6, oks, last_200 / 1e6, late,
                      (RECLAIM_MS + SLACK_MS) / 1e3);
      /* One BYE transaction: sent, then again at T1 and 3 × T1 until
       * Timer F (the same 2 s). */
      g_assert_cmpuint (byes, >=, 1);
      g_assert_cmpuint (byes, <=, 3);
      /* The 200: sent, again at T1 and 3 × T1; Timer H at 2 s. */
      g_assert_cmpuint (oks, <=, 4);
      g_assert_cmpuint (late, ==, 0);
    }

  call_clear (&calls[0]);
  call_clear (&calls[1]);
}

static void
test_late_requests (Fixture       *f,
                    gconstpointer  data)
{
  Call calls[2] = { { 0 } };
  g_autofree char *branch = NULL;

  if (f->skip != NULL)
    {
      g_test_skip (f->skip);
      return;
    }
  g_test_summary ("an ACK and a BYE that arrive after their call was "
                  "reclaimed: the ACK is absorbed, the BYE answered 481");

  fill_with_unacked (f, calls);
  g_assert_true (wait_for_ends (f, 2, RECLAIM_MS + 5000));

  branch = raw_peer_unique (f->phone, "z9hG4bK-late-ack");
  send_in_dialog (f, &calls[0], "ACK", 1, branch);
  g_clear_pointer (&branch, g_free);
  branch = raw_peer_unique (f->phone, "z9hG4bK-late-bye");
  send_in_dialog (f, &calls[0], "BYE", 2, branch);

  g_assert_cmpuint (await_answer (f, branch, 3000), ==, 481);
  /* Nothing new for the application. */
  g_assert_cmpuint (raw_server_n_incoming (f->server), ==, 2);
  g_assert_cmpuint (raw_server_n_ended (f->server), ==, 2);

  call_clear (&calls[0]);
  call_clear (&calls[1]);
}

static void
test_kept_when_not_full (Fixture       *f,
                         gconstpointer  data)
{
  Call call = { 0 };
  gint64 after;

  if (f->skip != NULL)
    {
      g_test_skip (f->skip);
      return;
    }
  g_test_summary ("with room to spare, a call answered and not ACKed is "
                  "kept past the 2 s (the ACK wait stays 32 s): the 200 is "
                  "still retransmitted, and a late ACK establishes the call");

  send_invite (f, &call);
  g_assert_cmpuint (await_final (f, &call, 5000), ==, 200);
  after = call.answered_at;
  listen_for (f, RECLAIM_MS + 2 * SLACK_MS + 1500);

  g_test_message ("%.1f s after the 200: %u calls ended, %u copies of the 200",
                  (since_t0 (f) - after) / 1e6, raw_server_n_ended (f->server),
                  count_arrivals (f, call.call_id, "SIP/2.0 200", 0, NULL));
  g_assert_cmpuint (raw_server_n_ended (f->server), ==, 0);
  g_assert_cmpuint (count_arrivals (f, call.call_id, "BYE ", 0, NULL), ==, 0);
  /* T1, 3 × T1 and 7 × T1 (3.5 s) after the first. */
  g_assert_cmpuint (count_arrivals (f, call.call_id, "SIP/2.0 200", 0, NULL), >=, 4);

  /* Still a call: a late ACK establishes it, and it hangs up normally. */
  ack_and_hang_up (f, &call);
  g_assert_true (wait_for_ends (f, 1, 3000));
  {
    g_auto(GStrv) ends = raw_server_ends (f->server);

    g_assert_cmpstr (ends[0], ==, "Terminated: remote hangup");
  }

  call_clear (&call);
}

int
main (int   argc,
      char *argv[])
{
  char *skip = raw_netns_enter (argc, argv);
  Data full = { skip, 2 };
  Data roomy = { skip, 0 };
  int status;

  g_test_init (&argc, &argv, NULL);

#define ADD(path, data, func) \
  g_test_add (path, Fixture, data, fixture_setup, func, fixture_teardown)
  ADD ("/overload/unacked/reclaimed-when-full", &full, test_reclaimed_when_full);
  ADD ("/overload/unacked/no-bye-train", &full, test_no_bye_train);
  ADD ("/overload/unacked/late-ack-and-bye", &full, test_late_requests);
  ADD ("/overload/unacked/kept-when-not-full", &roomy, test_kept_when_not_full);
#undef ADD

  status = g_test_run ();
  g_free (skip);
  return status;
}
