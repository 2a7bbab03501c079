/* test-tcp-limits.c: a peer cannot hold the server's TCP connections
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One server manager listens on TCP with a 2 s idle timeout and at most
 * 20 connections per peer address. Raw connections come from 127.0.0.2 (a
 * loopback address of their own, so that the limit is seen per peer) and
 * the test checks what the peer would see: which of its connections the
 * server has closed. A call over TCP from another manager, on 127.0.0.1,
 * must still work while that peer is being refused.
 */

#include "test-utils.h"

#include <string.h>

#define IDLE_TIMEOUT_S 2
#define PER_PEER       20

typedef struct {
  ScSessionManager *server;
  TestRecorder     *recorder;
  GSocketAddress   *address;
  guint             port;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(ScSessionManagerBuilder) builder = sc_session_manager_builder_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  const char *bound;

  sc_session_manager_builder_with_local_bind_addr (builder, "127.0.0.1:0");
  sc_session_manager_builder_with_transport (builder, SC_TRANSPORT_PROTOCOL_TCP);
  sc_session_manager_builder_with_media_enabled (builder, FALSE);
  sc_session_manager_builder_with_tcp_idle_timeout (builder, IDLE_TIMEOUT_S);
  sc_session_manager_builder_with_max_connections_per_peer (builder, PER_PEER);
  f->server = sc_session_manager_builder_build (builder, &error);
  g_assert_no_error (error);
  f->recorder = test_recorder_new (f->server);
  bound = sc_session_manager_get_bound_address (f->server);
  f->port = (guint) g_ascii_strtoull (strrchr (bound, ':') + 1, NULL, 10);
  f->address = g_inet_socket_address_new (loopback, (guint16) f->port);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->recorder, test_recorder_free);
  if (f->server != NULL)
    test_manager_shutdown (f->server);
  g_clear_object (&f->server);
  g_clear_object (&f->address);
}

/* A TCP connection to the server from 127.0.0.2. */
static GSocket *
connect_from_peer (Fixture *f)
{
  g_autoptr(GInetAddress) peer = g_inet_address_new_from_string ("127.0.0.2");
  g_autoptr(GSocketAddress) local = g_inet_socket_address_new (peer, 0);
  g_autoptr(GError) error = NULL;
  GSocket *socket;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, local, FALSE, &error);
  g_assert_no_error (error);
  /* The kernel completes the handshake from its backlog: connect ()
   * returns before the server has accepted. */
  g_socket_connect (socket, f->address, NULL, &error);
  g_assert_no_error (error);
  g_socket_set_blocking (socket, FALSE);
  return socket;
}

/* What the peer sees: end-of-stream or a reset once the server closed. */
static gboolean
is_closed (GSocket *socket)
{
  char buffer[1024];
  g_autoptr(GError) error = NULL;
  gssize n;

  if (!g_socket_condition_check (socket, G_IO_IN | G_IO_HUP | G_IO_ERR))
    return FALSE;
  n = g_socket_receive (socket, buffer, sizeof buffer, NULL, &error);
  if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    return FALSE;
  /* A server may answer a half-sent request before it closes: data, and
   * the end comes next time. */
  return n <= 0;
}

static guint
count_closed (GPtrArray *sockets)
{
  guint closed = 0;

  for (guint i = 0; i < sockets->len; i++)
    if (is_closed (g_ptr_array_index (sockets, i)))
      closed++;
  return closed;
}

static void
test_per_peer_limit (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) sockets = g_ptr_array_new_with_free_func (g_object_unref);
  guint closed = 0;

  g_test_summary ("A peer opening 30 connections keeps its first 20; the "
                  "server closes the 10 past the per-peer limit at once.");

  for (guint i = 0; i < PER_PEER + 10; i++)
    g_ptr_array_add (sockets, connect_from_peer (f));

  /* Far less than the idle timeout: only the limit may close them. */
  for (gint64 end = g_get_monotonic_time () + 1000 * G_TIME_SPAN_MILLISECOND;
       g_get_monotonic_time () < end && closed < 10; )
    {
      test_run_for (50);
      closed = 0;
      for (guint i = PER_PEER; i < sockets->len; i++)
        if (is_closed (g_ptr_array_index (sockets, i)))
          closed++;
    }
  g_assert_cmpuint (closed, ==, 10);

  /* The first 20 are untouched. */
  g_ptr_array_set_size (sockets, PER_PEER);
  g_assert_cmpuint (count_closed (sockets), ==, 0);
}

static void
test_idle_closed (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) idle = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) half = g_ptr_array_new_with_free_func (g_object_unref);
  const char *partial = "INVITE sip:bob@127.0.0.1 SIP/2.0\r\n"
                        "Via: SIP/2.0/TCP 127.0.0.2:5999;branch=z9hG4bK-half\r\n"
                        "Call-ID: half-sent\r\n";  /* and never the rest */
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + (IDLE_TIMEOUT_S + 4) * G_TIME_SPAN_SECOND;

  g_test_summary ("Connections that stay idle, or stop in the middle of a "
                  "request, are closed after the idle timeout (2 s), not "
                  "before.");

  for (guint i = 0; i < 5; i++)
    {
      GSocket *socket = connect_from_peer (f);
      g_autoptr(GError) error = NULL;

      g_ptr_array_add (idle, connect_from_peer (f));
      g_socket_send (socket, partial, strlen (partial), NULL, &error);
      g_assert_no_error (error);
      g_ptr_array_add (half, socket);
    }

  test_run_for (1000);
  g_assert_cmpuint (count_closed (idle), ==, 0);
  g_assert_cmpuint (count_closed (half), ==, 0);

  /* A socket seen closed once is closed for good: remember it. */
  {
    gboolean seen[10] = { FALSE };
    guint n_seen = 0;

    while (n_seen < 10 && g_get_monotonic_time () < deadline)
      {
        test_run_for (100);
        for (guint i = 0; i < 10; i++)
          if (!seen[i] && is_closed (g_ptr_array_index (i < 5 ? idle : half, i % 5)))
            {
              seen[i] = TRUE;
              n_seen++;
            }
      }
    for (guint i = 0; i < 10; i++)
      if (!seen[i])
        g_test_message ("%s connection %u still open after %d s",
                        i < 5 ? "idle" : "half-sent", i % 5, IDLE_TIMEOUT_S + 4);
    g_assert_cmpuint (n_seen, ==, 10);
  }
}

static void
test_call_still_works (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) sockets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(ScSessionManager) client = test_manager_new (0, NULL);
  g_autoptr(TestRecorder) rc = test_recorder_new (client);
  g_autofree char *from = test_uri (client, "alice");
  g_autofree char *to = g_strdup_printf ("sip:bob@127.0.0.1:%u;transport=tcp", f->port);
  g_autoptr(ScCallSession) session = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("While one peer is held to its limit, a call from another "
                  "address over TCP is answered and established.");

  for (guint i = 0; i < PER_PEER + 5; i++)
    g_ptr_array_add (sockets, connect_from_peer (f));
  test_run_for (200);

  test_recorder_set_decision (f->recorder, sc_call_decision_accept (NULL));
  session = sc_session_manager_create_outgoing_call (client, from, to, NULL, &error);
  g_assert_no_error (error);
  TEST_WAIT (rc->n_established == 1 && f->recorder->n_established == 1, WAIT_MS);
  g_assert_cmpint (sc_call_session_get_state (session), ==, SC_CALL_STATE_ACTIVE);

  sc_session_manager_terminate_session (client, sc_call_session_get_id (session), &error);
  g_assert_no_error (error);
  TEST_WAIT (rc->n_ended == 1 && f->recorder->n_ended == 1, WAIT_MS);
  test_manager_shutdown (client);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tcp-limits/per-peer", Fixture, NULL,
              fixture_setup, test_per_peer_limit, fixture_teardown);
  g_test_add ("/tcp-limits/idle-and-half-sent", Fixture, NULL,
              fixture_setup, test_idle_closed, fixture_teardown);
  g_test_add ("/tcp-limits/call-still-works", Fixture, NULL,
              fixture_setup, test_call_still_works, fixture_teardown);
  return g_test_run ();
}
