/* test-port-pool.c: RTP port allocation
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test-utils.h"

#include "sc-error.h"
#include "media/sc-port-pool.h"

/* Tests that bind do so on 127.0.0.1 only, in a range of their own per
 * test (test_port_range) so that a port left busy by one cannot confuse
 * another, nor can another test program running at the same time. Tests
 * that only count ports bind nothing and use fixed numbers. */

static GSocket *
bind_udp (guint16  port,
          gboolean reuse,
          GError **error)
{
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GInetAddress) loopback = NULL;
  g_autoptr (GSocketAddress) address = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                         G_SOCKET_PROTOCOL_UDP, error);
  if (socket == NULL)
    return NULL;

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, port);
  if (!g_socket_bind (socket, address, reuse, error))
    return NULL;

  return g_steal_pointer (&socket);
}

static guint16
local_port_of (GSocket *socket)
{
  g_autoptr (GSocketAddress) address = NULL;
  g_autoptr (GError) error = NULL;

  address = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
}

static void
assert_port_busy (guint16 port)
{
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GError) error = NULL;

  /* Even asking to share it (SO_REUSEADDR/SO_REUSEPORT) must fail: the
   * pool's socket did not agree to share. */
  socket = bind_udp (port, TRUE, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE);
  g_assert_null (socket);
}

static void
assert_port_free (guint16 port)
{
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GError) error = NULL;

  socket = bind_udp (port, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (socket);
}

static void
test_even_and_in_range (void)
{
  g_autoptr (ScPortPool) pool = NULL;
  g_autoptr (GError) error = NULL;
  static const guint16 expected[] = { 41002, 41004, 41006, 41008 };

  g_test_summary ("Ports are even, with port + 1 in the range too: an odd "
                  "first and an even last port are left out");

  pool = _sc_port_pool_new ("127.0.0.1", 41001, 41010);

  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++) {
    guint16 port = _sc_port_pool_allocate (pool, FALSE, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (port, ==, expected[i]);
    g_assert_cmpuint (port % 2, ==, 0);
    g_assert_cmpuint (port, >=, 41001);
    g_assert_cmpuint (port + 1, <=, 41010);
  }

  g_assert_cmpuint (_sc_port_pool_get_n_allocated (pool), ==, 4);
  g_assert_cmpuint (_sc_port_pool_allocate (pool, FALSE, &error), ==, 0);
  g_assert_error (error, SC_ERROR, SC_ERROR_RESOURCE_LIMIT_EXCEEDED);
}

static void
test_round_robin (void)
{
  g_autoptr (ScPortPool) pool = NULL;
  g_autoptr (GError) error = NULL;
  guint16 a, b;

  g_test_summary ("The next allocation is the next free pair after the "
                  "last one, so a just-released port is not reused at once");

  pool = _sc_port_pool_new ("127.0.0.1", 41100, 41109);

  a = _sc_port_pool_allocate (pool, FALSE, &error);
  b = _sc_port_pool_allocate (pool, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (a, ==, 41100);
  g_assert_cmpuint (b, ==, 41102);

  _sc_port_pool_release (pool, a);
  g_assert_cmpuint (_sc_port_pool_allocate (pool, FALSE, &error), ==, 41104);
  g_assert_cmpuint (_sc_port_pool_allocate (pool, FALSE, &error), ==, 41106);
  g_assert_cmpuint (_sc_port_pool_allocate (pool, FALSE, &error), ==, 41108);

  /* End of the range: wrap around to the released pair, past the
   * taken one. */
  g_assert_cmpuint (_sc_port_pool_allocate (pool, FALSE, &error), ==, 41100);
  g_assert_no_error (error);

  _sc_port_pool_release (pool, 41104);
  _sc_port_pool_release (pool, 41102);
  /* The cursor is after 41100: 41102 comes before 41104. */
  g_assert_cmpuint (_sc_port_pool_allocate (pool, FALSE, &error), ==, 41102);
  g_assert_cmpuint (_sc_port_pool_allocate (pool, FALSE, &error), ==, 41104);
  g_assert_no_error (error);
}

static void
test_exhausted (void)
{
  g_autoptr (ScPortPool) pool = NULL;
  g_autoptr (ScPortPool) empty = NULL;
  g_autoptr (GError) error = NULL;

  g_test_summary ("With every pair taken, allocation returns 0 and "
                  "SC_ERROR_RESOURCE_LIMIT_EXCEEDED; a release makes room");

  pool = _sc_port_pool_new ("127.0.0.1", 41200, 41203);
  g_assert_cmpuint (_sc_port_pool_allocate (pool, FALSE, &error), ==, 41200);
  g_assert_cmpuint (_sc_port_pool_allocate (pool, FALSE, &error), ==, 41202);
  g_assert_no_error (error);

  g_assert_cmpuint (_sc_port_pool_allocate (pool, FALSE, &error), ==, 0);
  g_assert_error (error, SC_ERROR, SC_ERROR_RESOURCE_LIMIT_EXCEEDED);
  g_assert_cmpstr (error->message, ==,
                   "No free RTP port in range 41200-41203");
  g_clear_error (&error);
  g_assert_cmpuint (_sc_port_pool_get_n_allocated (pool), ==, 2);

  _sc_port_pool_release (pool, 41202);
  g_assert_cmpuint (_sc_port_pool_allocate (pool, FALSE, &error), ==, 41202);
  g_assert_no_error (error);

  /* A range without a single even/odd pair is exhausted from the start. */
  empty = _sc_port_pool_new ("127.0.0.1", 41211, 41212);
  g_assert_cmpuint (_sc_port_pool_allocate (empty, FALSE, &error), ==, 0);
  g_assert_error (error, SC_ERROR, SC_ERROR_RESOURCE_LIMIT_EXCEEDED);
  g_assert_cmpstr (error->message, ==,
                   "No free RTP port in range 41211-41212");
}

static void
test_bind_really_binds (void)
{
  g_autoptr (ScPortPool) pool = NULL;
  g_autoptr (GError) error = NULL;
  GSocket *rtp, *rtcp;
  guint16 port, unbound;
  guint first, last;

  g_test_summary ("With bind, both ports of the pair are held by the pool: "
                  "another socket cannot bind them");

  test_port_range (20, &first, &last);
  pool = _sc_port_pool_new ("127.0.0.1", first, last);

  port = _sc_port_pool_allocate (pool, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (port, !=, 0);

  rtp = _sc_port_pool_get_rtp_socket (pool, port);
  rtcp = _sc_port_pool_get_rtcp_socket (pool, port);
  g_assert_true (G_IS_SOCKET (rtp));
  g_assert_true (G_IS_SOCKET (rtcp));
  g_assert_cmpuint (local_port_of (rtp), ==, port);
  g_assert_cmpuint (local_port_of (rtcp), ==, port + 1);
  g_assert_cmpint (g_socket_get_protocol (rtp), ==, G_SOCKET_PROTOCOL_UDP);

  assert_port_busy (port);
  assert_port_busy (port + 1);

  /* Bookkeeping only: no socket, nothing bound. */
  unbound = _sc_port_pool_allocate (pool, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unbound, !=, 0);
  g_assert_null (_sc_port_pool_get_rtp_socket (pool, unbound));
  g_assert_null (_sc_port_pool_get_rtcp_socket (pool, unbound));
  assert_port_free (unbound);
}

static void
test_skips_busy_port (void)
{
  g_autoptr (ScPortPool) pool = NULL;
  g_autoptr (GSocket) busy_rtp = NULL;
  g_autoptr (GSocket) busy_rtcp = NULL;
  g_autoptr (GError) error = NULL;
  guint16 port;
  guint first, last;

  g_test_summary ("A pair whose RTP or RTCP port another socket holds is "
                  "skipped, and the half the pool did bind is let go");

  /* first is even: pairs first, first + 2, … first + 8. */
  test_port_range (10, &first, &last);

  /* Someone else holds the RTP port of the first pair and the RTCP port
   * of the second. */
  busy_rtp = bind_udp (first, FALSE, &error);
  g_assert_no_error (error);
  busy_rtcp = bind_udp (first + 3, FALSE, &error);
  g_assert_no_error (error);

  pool = _sc_port_pool_new ("127.0.0.1", first, last);
  port = _sc_port_pool_allocate (pool, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (port, ==, first + 4);
  g_assert_cmpuint (_sc_port_pool_get_n_allocated (pool), ==, 1);

  /* first + 2 was bound for a moment before first + 3 failed: it must be
   * free. */
  assert_port_free (first + 2);
  assert_port_free (first + 1);

  /* Once the other socket lets go, the pair becomes usable again. */
  g_clear_object (&busy_rtp);
  g_assert_cmpuint (_sc_port_pool_allocate (pool, TRUE, &error), ==, first + 6);
  g_assert_cmpuint (_sc_port_pool_allocate (pool, TRUE, &error), ==, first + 8);
  g_assert_cmpuint (_sc_port_pool_allocate (pool, TRUE, &error), ==, first);
  g_assert_no_error (error);

  /* Only the pair behind first + 3 is left, and it is still busy. */
  g_assert_cmpuint (_sc_port_pool_allocate (pool, TRUE, &error), ==, 0);
  g_assert_error (error, SC_ERROR, SC_ERROR_RESOURCE_LIMIT_EXCEEDED);
}

static void
test_bind_failure (void)
{
  g_autoptr (ScPortPool) pool = NULL;
  g_autoptr (GError) error = NULL;

  g_test_summary ("A bind error other than a busy port (an address that is "
                  "not ours) fails at once with SC_ERROR_NETWORK");

  /* TEST-NET-1 (RFC 5737): never a local address. */
  pool = _sc_port_pool_new ("192.0.2.1", 41500, 41599);
  g_assert_cmpuint (_sc_port_pool_allocate (pool, TRUE, &error), ==, 0);
  g_assert_error (error, SC_ERROR, SC_ERROR_NETWORK);
  g_assert_cmpuint (_sc_port_pool_get_n_allocated (pool), ==, 0);
}

static void
test_release (void)
{
  g_autoptr (ScPortPool) pool = NULL;
  g_autoptr (GError) error = NULL;
  guint16 port;
  guint first, last;

  g_test_summary ("Release frees the pair and closes its sockets; releasing "
                  "what is not allocated is a silent no-op");

  test_port_range (10, &first, &last);
  pool = _sc_port_pool_new ("127.0.0.1", first, last);
  port = _sc_port_pool_allocate (pool, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (port, !=, 0);
  g_assert_cmpuint (_sc_port_pool_get_n_allocated (pool), ==, 1);
  assert_port_busy (port);

  _sc_port_pool_release (pool, port);
  g_assert_cmpuint (_sc_port_pool_get_n_allocated (pool), ==, 0);
  g_assert_null (_sc_port_pool_get_rtp_socket (pool, port));
  g_assert_null (_sc_port_pool_get_rtcp_socket (pool, port));
  assert_port_free (port);
  assert_port_free (port + 1);

  /* None of these may warn (g_test_init makes warnings fatal) nor change
   * the count: a second release, the RTCP port, ports outside the range,
   * a port never handed out, and 0. */
  _sc_port_pool_release (pool, port);
  _sc_port_pool_release (pool, port + 1);
  _sc_port_pool_release (pool, first - 2);
  _sc_port_pool_release (pool, last + 1);
  _sc_port_pool_release (pool, first + 8);
  _sc_port_pool_release (pool, 0);
  g_assert_cmpuint (_sc_port_pool_get_n_allocated (pool), ==, 0);
}

static void
test_thousand_calls (void)
{
  g_autoptr (ScPortPool) pool = NULL;
  g_autoptr (GHashTable) seen = NULL;
  g_autoptr (GError) error = NULL;
  guint16 ports[1000];

  g_test_summary ("1000 calls in a 10000-20000 range get 1000 distinct "
                  "pairs, and keep doing so across releases");

  pool = _sc_port_pool_new ("127.0.0.1", 10000, 20000);
  seen = g_hash_table_new (NULL, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (ports); i++) {
    ports[i] = _sc_port_pool_allocate (pool, FALSE, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (ports[i] % 2, ==, 0);
    g_assert_false (g_hash_table_contains (seen,
                                           GUINT_TO_POINTER (ports[i])));
    g_hash_table_add (seen, GUINT_TO_POINTER (ports[i]));
  }
  g_assert_cmpuint (_sc_port_pool_get_n_allocated (pool), ==, 1000);

  /* Churn: calls end and new ones start, many times round the range. */
  for (guint round = 0; round < 20000; round++) {
    gsize i = round % G_N_ELEMENTS (ports);

    _sc_port_pool_release (pool, ports[i]);
    g_hash_table_remove (seen, GUINT_TO_POINTER (ports[i]));

    ports[i] = _sc_port_pool_allocate (pool, FALSE, &error);
    g_assert_no_error (error);
    g_assert_false (g_hash_table_contains (seen,
                                           GUINT_TO_POINTER (ports[i])));
    g_hash_table_add (seen, GUINT_TO_POINTER (ports[i]));
  }
  g_assert_cmpuint (_sc_port_pool_get_n_allocated (pool), ==, 1000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/port-pool/even-and-in-range", test_even_and_in_range);
  g_test_add_func ("/port-pool/round-robin", test_round_robin);
  g_test_add_func ("/port-pool/exhausted", test_exhausted);
  g_test_add_func ("/port-pool/bind-really-binds", test_bind_really_binds);
  g_test_add_func ("/port-pool/skips-busy-port", test_skips_busy_port);
  g_test_add_func ("/port-pool/bind-failure", test_bind_failure);
  g_test_add_func ("/port-pool/release", test_release);
  g_test_add_func ("/port-pool/thousand-calls", test_thousand_calls);

  return g_test_run ();
}
