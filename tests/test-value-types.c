/* test-value-types.c: the boxed value types, ScIncomingCall, the
 * notification interfaces, and the conference types
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include <sessioncore/sessioncore.h>

#include "sc-bridge-private.h"
#include "sc-call-decision-private.h"
#include "sc-conference-private.h"
#include "sc-incoming-call-private.h"
#include "sc-media-info-private.h"
#include "sc-prepared-call-private.h"
#include "sc-server-config-private.h"
#include "sc-session-stats-private.h"

/* ScServerConfig */

static void
test_server_config_defaults (void)
{
  g_autoptr (ScServerConfig) config = sc_server_config_new ();

  g_test_summary ("sc_server_config_new() returns the plan's defaults");

  g_assert_cmpstr (sc_server_config_get_bind_address (config), ==,
                   "0.0.0.0:5060");
  g_assert_cmpint (sc_server_config_get_transport_protocol (config), ==,
                   SC_TRANSPORT_PROTOCOL_UDP);
  g_assert_cmpuint (sc_server_config_get_max_sessions (config), ==, 1000);
  g_assert_cmpuint (sc_server_config_get_session_timeout (config), ==, 3600);
  g_assert_cmpuint (sc_server_config_get_transaction_timeout (config), ==, 32);
  g_assert_true (sc_server_config_get_enable_media (config));
  g_assert_cmpstr (sc_server_config_get_server_name (config), ==,
                   "RVOIP-Server/1.0");
  g_assert_null (sc_server_config_get_contact_uri (config));
  g_assert_cmpuint (sc_server_config_get_tcp_idle_timeout (config), ==, 300);
  g_assert_cmpuint (sc_server_config_get_max_connections_per_peer (config), ==, 64);
}

static void
test_server_config_setters (void)
{
  g_autoptr (ScServerConfig) config = sc_server_config_new ();

  g_test_summary ("Every setter stores its value as given, without "
                  "validation");

  sc_server_config_set_bind_address (config, "not an address");
  sc_server_config_set_transport_protocol (config, SC_TRANSPORT_PROTOCOL_TLS);
  sc_server_config_set_max_sessions (config, 0);
  sc_server_config_set_session_timeout (config, 5);
  sc_server_config_set_transaction_timeout (config, 0);
  sc_server_config_set_enable_media (config, FALSE);
  sc_server_config_set_server_name (config, "");
  sc_server_config_set_contact_uri (config, "http://example.com");

  g_assert_cmpstr (sc_server_config_get_bind_address (config), ==,
                   "not an address");
  g_assert_cmpint (sc_server_config_get_transport_protocol (config), ==,
                   SC_TRANSPORT_PROTOCOL_TLS);
  g_assert_cmpuint (sc_server_config_get_max_sessions (config), ==, 0);
  g_assert_cmpuint (sc_server_config_get_session_timeout (config), ==, 5);
  g_assert_cmpuint (sc_server_config_get_transaction_timeout (config), ==, 0);
  g_assert_false (sc_server_config_get_enable_media (config));
  g_assert_cmpstr (sc_server_config_get_server_name (config), ==, "");
  g_assert_cmpstr (sc_server_config_get_contact_uri (config), ==,
                   "http://example.com");

  sc_server_config_set_contact_uri (config, NULL);
  g_assert_null (sc_server_config_get_contact_uri (config));
  sc_server_config_set_server_name (config, NULL);
  g_assert_null (sc_server_config_get_server_name (config));
}

static void
test_server_config_copy (void)
{
  g_autoptr (ScServerConfig) config = sc_server_config_new ();
  g_autoptr (ScServerConfig) copy = NULL;
  g_autoptr (ScServerConfig) boxed = NULL;

  g_test_summary ("A copy has every field and does not share storage");

  sc_server_config_set_bind_address (config, "[::1]:0");
  sc_server_config_set_transport_protocol (config, SC_TRANSPORT_PROTOCOL_TCP);
  sc_server_config_set_max_sessions (config, 7);
  sc_server_config_set_session_timeout (config, 60);
  sc_server_config_set_transaction_timeout (config, 4);
  sc_server_config_set_enable_media (config, FALSE);
  sc_server_config_set_server_name (config, "test/1");
  sc_server_config_set_contact_uri (config, "sip:server@127.0.0.1");
  sc_server_config_set_tcp_idle_timeout (config, 0);
  sc_server_config_set_max_connections_per_peer (config, 3);

  copy = sc_server_config_copy (config);
  sc_server_config_set_bind_address (config, "127.0.0.1:1");
  sc_server_config_set_server_name (config, "changed");
  sc_server_config_set_contact_uri (config, NULL);

  g_assert_cmpstr (sc_server_config_get_bind_address (copy), ==, "[::1]:0");
  g_assert_cmpint (sc_server_config_get_transport_protocol (copy), ==,
                   SC_TRANSPORT_PROTOCOL_TCP);
  g_assert_cmpuint (sc_server_config_get_max_sessions (copy), ==, 7);
  g_assert_cmpuint (sc_server_config_get_session_timeout (copy), ==, 60);
  g_assert_cmpuint (sc_server_config_get_transaction_timeout (copy), ==, 4);
  g_assert_false (sc_server_config_get_enable_media (copy));
  g_assert_cmpstr (sc_server_config_get_server_name (copy), ==, "test/1");
  g_assert_cmpstr (sc_server_config_get_contact_uri (copy), ==,
                   "sip:server@127.0.0.1");
  g_assert_cmpuint (sc_server_config_get_tcp_idle_timeout (copy), ==, 0);
  g_assert_cmpuint (sc_server_config_get_max_connections_per_peer (copy), ==, 3);

  boxed = g_boxed_copy (SC_TYPE_SERVER_CONFIG, copy);
  g_assert_true (boxed != copy);
  g_assert_cmpstr (sc_server_config_get_bind_address (boxed), ==, "[::1]:0");

  /* Freeing NULL is allowed, as for g_free(). */
  sc_server_config_free (NULL);
}

static void
test_server_config_validate_defaults (void)
{
  g_autoptr (ScServerConfig) config = sc_server_config_new ();
  g_autoptr (GError) error = NULL;

  g_test_summary ("The defaults validate");

  g_assert_true (sc_server_config_validate (config, &error));
  g_assert_no_error (error);
}

static void
assert_config_invalid (ScServerConfig *config,
                       const char     *needle)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (sc_server_config_validate (config, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_CONFIG);
  if (strstr (error->message, needle) == NULL)
    g_error ("error message \"%s\" does not contain \"%s\"",
             error->message, needle);

  /* A NULL error location must be fine too. */
  g_assert_false (sc_server_config_validate (config, NULL));
}

static void
test_server_config_validate_tcp (void)
{
  g_autoptr (ScServerConfig) config = sc_server_config_new ();

  g_test_summary ("TCP idle timeout 0 to 86400 s and connections per peer "
                  "0 to 65535 validate; more does not");

  sc_server_config_set_tcp_idle_timeout (config, 0);
  sc_server_config_set_max_connections_per_peer (config, 0);
  g_assert_true (sc_server_config_validate (config, NULL));
  sc_server_config_set_tcp_idle_timeout (config, 86400);
  sc_server_config_set_max_connections_per_peer (config, 65535);
  g_assert_true (sc_server_config_validate (config, NULL));

  sc_server_config_set_tcp_idle_timeout (config, 86401);
  assert_config_invalid (config, "TCP idle timeout 86401");
  sc_server_config_set_tcp_idle_timeout (config, 2);
  sc_server_config_set_max_connections_per_peer (config, 65536);
  assert_config_invalid (config, "max connections per peer 65536");
}

static void
test_server_config_validate_bind_address (void)
{
  const char *invalid[] = {
    "",
    "127.0.0.1",             /* no port */
    "127.0.0.1:",            /* empty port */
    ":5060",                 /* no host */
    "localhost:5060",        /* host names are not allowed */
    "example.com:5060",
    "127.0.0.1:65536",       /* port out of range */
    "127.0.0.1:99999999999999999999",
    "127.0.0.1:-1",
    "127.0.0.1:+5",
    "127.0.0.1:50a",
    "127.0.0.1:5060 ",
    " 127.0.0.1:5060",
    "127.0.0.256:5060",
    "127.0.0:5060",
    "::1:5060",              /* IPv6 must be bracketed */
    "::1",
    "[::1]",                 /* no port */
    "[::1]:",
    "[::1]5060",
    "[::1:5060",
    "[127.0.0.1]:5060",      /* brackets are for IPv6 only */
    "[localhost]:5060",
    "[]:5060",
  };

  g_test_summary ("validate() rejects bind addresses that are not "
                  "ip:port, naming the field and the value");

  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr (ScServerConfig) config = sc_server_config_new ();
      g_autofree char *needle = g_strdup_printf ("\"%s\"", invalid[i]);

      g_test_message ("bind address \"%s\"", invalid[i]);
      sc_server_config_set_bind_address (config, invalid[i]);
      assert_config_invalid (config, "bind address");
      assert_config_invalid (config, needle);
    }
}

static void
test_server_config_validate_bind_address_unset (void)
{
  g_autoptr (ScServerConfig) config = sc_server_config_new ();

  g_test_summary ("validate() rejects an unset bind address");

  sc_server_config_set_bind_address (config, NULL);
  assert_config_invalid (config, "bind address");
}

static void
test_server_config_validate_bind_address_valid (void)
{
  const char *valid[] = {
    "0.0.0.0:5060",
    "127.0.0.1:5060",
    "192.168.1.20:65535",
    "[::1]:5060",
    "[::]:5061",
    "[2001:db8::1]:5060",
    "[::ffff:127.0.0.1]:5060",
  };

  g_test_summary ("validate() accepts IPv4 and bracketed IPv6 bind "
                  "addresses");

  for (gsize i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr (ScServerConfig) config = sc_server_config_new ();
      g_autoptr (GError) error = NULL;

      g_test_message ("bind address \"%s\"", valid[i]);
      sc_server_config_set_bind_address (config, valid[i]);
      g_assert_true (sc_server_config_validate (config, &error));
      g_assert_no_error (error);
    }
}

static void
test_server_config_validate_port_zero (void)
{
  g_autoptr (ScServerConfig) config = sc_server_config_new ();
  g_autoptr (GError) error = NULL;

  g_test_summary ("Port 0 (any free port) is a valid bind port, for IPv4 "
                  "and IPv6");

  sc_server_config_set_bind_address (config, "127.0.0.1:0");
  g_assert_true (sc_server_config_validate (config, &error));
  g_assert_no_error (error);

  sc_server_config_set_bind_address (config, "[::1]:0");
  g_assert_true (sc_server_config_validate (config, &error));
  g_assert_no_error (error);
}

static void
test_server_config_validate_max_sessions (void)
{
  g_autoptr (ScServerConfig) config = sc_server_config_new ();

  g_test_summary ("max sessions must be 1 to 100000");

  sc_server_config_set_max_sessions (config, 0);
  assert_config_invalid (config, "max sessions 0");

  sc_server_config_set_max_sessions (config, 100001);
  assert_config_invalid (config, "max sessions 100001");

  sc_server_config_set_max_sessions (config, 1);
  g_assert_true (sc_server_config_validate (config, NULL));

  sc_server_config_set_max_sessions (config, 100000);
  g_assert_true (sc_server_config_validate (config, NULL));
}

static void
test_server_config_validate_session_timeout (void)
{
  g_autoptr (ScServerConfig) config = sc_server_config_new ();

  g_test_summary ("The session timeout must be at least 30 s");

  sc_server_config_set_session_timeout (config, 29);
  assert_config_invalid (config, "session timeout 29");

  sc_server_config_set_session_timeout (config, 0);
  assert_config_invalid (config, "session timeout 0");

  sc_server_config_set_session_timeout (config, 30);
  g_assert_true (sc_server_config_validate (config, NULL));
}

static void
test_server_config_validate_transaction_timeout (void)
{
  g_autoptr (ScServerConfig) config = sc_server_config_new ();

  g_test_summary ("The transaction timeout must be at least 1 s");

  sc_server_config_set_transaction_timeout (config, 0);
  assert_config_invalid (config, "transaction timeout 0");

  sc_server_config_set_transaction_timeout (config, 1);
  g_assert_true (sc_server_config_validate (config, NULL));
}

static void
test_server_config_validate_server_name (void)
{
  g_autoptr (ScServerConfig) config = sc_server_config_new ();

  g_test_summary ("The server name must be set and not empty");

  sc_server_config_set_server_name (config, "");
  assert_config_invalid (config, "server name");

  sc_server_config_set_server_name (config, NULL);
  assert_config_invalid (config, "server name");

  sc_server_config_set_server_name (config, "x");
  g_assert_true (sc_server_config_validate (config, NULL));
}

static void
test_server_config_validate_contact_uri (void)
{
  const char *invalid[] = {
    "",
    "http://example.com",
    "tel:+15551234",
    "server@example.com",
    "sip:",
    "sips:",
    "sipx:server@example.com",
  };
  const char *valid[] = {
    "sip:server@127.0.0.1:5060",
    "sips:server@example.com",
    "sip:example.com",
    "SIP:server@example.com",
    "sip:server@[::1]:5060;transport=tcp",
  };

  g_test_summary ("A contact URI, when set, must be a sip: or sips: URI");

  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr (ScServerConfig) config = sc_server_config_new ();
      g_autofree char *needle = g_strdup_printf ("contact URI \"%s\"",
                                                 invalid[i]);

      g_test_message ("contact URI \"%s\"", invalid[i]);
      sc_server_config_set_contact_uri (config, invalid[i]);
      assert_config_invalid (config, needle);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr (ScServerConfig) config = sc_server_config_new ();
      g_autoptr (GError) error = NULL;

      g_test_message ("contact URI \"%s\"", valid[i]);
      sc_server_config_set_contact_uri (config, valid[i]);
      g_assert_true (sc_server_config_validate (config, &error));
      g_assert_no_error (error);
    }
}

static void
test_server_config_validate_first_error (void)
{
  g_autoptr (ScServerConfig) config = sc_server_config_new ();

  g_test_summary ("With several bad fields, validate() reports one of them "
                  "and does not crash or leak");

  sc_server_config_set_bind_address (config, "nowhere");
  sc_server_config_set_max_sessions (config, 0);
  sc_server_config_set_server_name (config, NULL);
  assert_config_invalid (config, "bind address");
}

static void
test_server_config_parse_bind_address (void)
{
  struct {
    const char *address;
    const char *host;
    guint16     port;
  } cases[] = {
    { "0.0.0.0:5060", "0.0.0.0", 5060 },
    { "127.0.0.1:0", "127.0.0.1", 0 },
    { "10.1.2.3:65535", "10.1.2.3", 65535 },
    { "[::1]:5060", "::1", 5060 },
    { "[::]:0", "::", 0 },
    { "[2001:db8::42]:5070", "2001:db8::42", 5070 },
  };

  g_test_summary ("_sc_parse_bind_address() splits ip:port and returns the "
                  "host without brackets");

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *host = NULL;
      guint16 port = 1;

      g_assert_true (_sc_parse_bind_address (cases[i].address, &host, &port,
                                             &error));
      g_assert_no_error (error);
      g_assert_cmpstr (host, ==, cases[i].host);
      g_assert_cmpuint (port, ==, cases[i].port);
    }

  /* Outputs are optional. */
  g_assert_true (_sc_parse_bind_address ("[::1]:1", NULL, NULL, NULL));
}

static void
test_server_config_parse_bind_address_invalid (void)
{
  g_autoptr (GError) error = NULL;
  char *host = (char *) "untouched";
  guint16 port = 42;

  g_test_summary ("_sc_parse_bind_address() leaves its outputs alone on "
                  "error");

  g_assert_false (_sc_parse_bind_address ("localhost:5060", &host, &port,
                                          &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_CONFIG);
  g_assert_cmpstr (host, ==, "untouched");
  g_assert_cmpuint (port, ==, 42);
  g_clear_error (&error);

  g_assert_false (_sc_parse_bind_address (NULL, &host, &port, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_CONFIG);
  g_clear_error (&error);

  /* Invalid UTF-8 must still give a valid UTF-8 message. */
  g_assert_false (_sc_parse_bind_address ("\xff\xfe:1", NULL, NULL, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_CONFIG);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

/* ScCallDecision */

static void
test_call_decision_accept (void)
{
  g_autoptr (ScCallDecision) decision = sc_call_decision_accept ("v=0\r\n");

  g_test_summary ("accept() keeps the SDP and has no reason, code or "
                  "target");

  g_assert_cmpint (sc_call_decision_get_kind (decision), ==,
                   SC_CALL_DECISION_KIND_ACCEPT);
  g_assert_cmpstr (sc_call_decision_get_sdp (decision), ==, "v=0\r\n");
  g_assert_null (sc_call_decision_get_reason (decision));
  g_assert_cmpuint (sc_call_decision_get_status_code (decision), ==, 0);
  g_assert_null (sc_call_decision_get_target (decision));
  g_assert_null (_sc_call_decision_get_wire_phrase (decision));
}

static void
test_call_decision_accept_no_sdp (void)
{
  g_autoptr (ScCallDecision) decision = sc_call_decision_accept (NULL);

  g_test_summary ("accept(NULL) is an accept without SDP");

  g_assert_cmpint (sc_call_decision_get_kind (decision), ==,
                   SC_CALL_DECISION_KIND_ACCEPT);
  g_assert_null (sc_call_decision_get_sdp (decision));
}

static void
test_call_decision_reject (void)
{
  g_autoptr (ScCallDecision) decision = sc_call_decision_reject ("Busy");

  g_test_summary ("reject() is a 486 with the reason as given");

  g_assert_cmpint (sc_call_decision_get_kind (decision), ==,
                   SC_CALL_DECISION_KIND_REJECT);
  g_assert_cmpstr (sc_call_decision_get_reason (decision), ==, "Busy");
  g_assert_cmpuint (sc_call_decision_get_status_code (decision), ==, 486);
  g_assert_null (sc_call_decision_get_sdp (decision));
  g_assert_null (sc_call_decision_get_target (decision));
  g_assert_cmpstr (_sc_call_decision_get_wire_phrase (decision), ==, "Busy");
}

static void
test_call_decision_reject_with_code (void)
{
  g_autoptr (ScCallDecision) decision =
    sc_call_decision_reject_with_code (603, "Not today");

  g_test_summary ("reject_with_code() keeps the code and the reason");

  g_assert_cmpint (sc_call_decision_get_kind (decision), ==,
                   SC_CALL_DECISION_KIND_REJECT);
  g_assert_cmpuint (sc_call_decision_get_status_code (decision), ==, 603);
  g_assert_cmpstr (sc_call_decision_get_reason (decision), ==, "Not today");
  g_assert_cmpstr (_sc_call_decision_get_wire_phrase (decision), ==,
                   "Not today");
}

static void
test_call_decision_reject_with_code_default_reason (void)
{
  struct {
    guint       code;
    const char *reason;
    const char *wire;
  } cases[] = {
    { 503, "503 Service Unavailable", "Service Unavailable" },
    { 486, "486 Busy Here", "Busy Here" },
    { 404, "404 Not Found", "Not Found" },
    { 302, "302 Moved Temporarily", "Moved Temporarily" },
    { 603, "603 Decline", "Decline" },
    { 499, "499 Rejected", "Rejected" },   /* no standard phrase */
    { 699, "699 Rejected", "Rejected" },
  };

  g_test_summary ("reject_with_code(code, NULL) has the reason "
                  "\"<code> <standard phrase>\"");

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (ScCallDecision) decision =
        sc_call_decision_reject_with_code (cases[i].code, NULL);

      g_assert_cmpuint (sc_call_decision_get_status_code (decision), ==,
                        cases[i].code);
      g_assert_cmpstr (sc_call_decision_get_reason (decision), ==,
                       cases[i].reason);
      g_assert_cmpstr (_sc_call_decision_get_wire_phrase (decision), ==,
                       cases[i].wire);
    }
}

static void
test_call_decision_reject_with_code_range (void)
{
  g_test_summary ("reject_with_code() accepts 300 to 699 and refuses other "
                  "codes with a critical");

  if (g_test_subprocess ())
    {
      ScCallDecision *decision = sc_call_decision_reject_with_code (200, NULL);

      g_assert_null (decision);
      return;
    }

  {
    g_autoptr (ScCallDecision) low = sc_call_decision_reject_with_code (300, NULL);
    g_autoptr (ScCallDecision) high = sc_call_decision_reject_with_code (699, NULL);

    g_assert_nonnull (low);
    g_assert_nonnull (high);
  }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*status_code >= 300*");
}

static void
test_call_decision_defer (void)
{
  g_autoptr (ScCallDecision) decision = sc_call_decision_defer ();

  g_test_summary ("defer() has no SDP, reason, code or target");

  g_assert_cmpint (sc_call_decision_get_kind (decision), ==,
                   SC_CALL_DECISION_KIND_DEFER);
  g_assert_null (sc_call_decision_get_sdp (decision));
  g_assert_null (sc_call_decision_get_reason (decision));
  g_assert_cmpuint (sc_call_decision_get_status_code (decision), ==, 0);
  g_assert_null (sc_call_decision_get_target (decision));
  g_assert_null (_sc_call_decision_get_wire_phrase (decision));
}

static void
test_call_decision_forward (void)
{
  g_autoptr (ScCallDecision) decision =
    sc_call_decision_forward ("sip:bob@example.com");

  g_test_summary ("forward() keeps the target URI");

  g_assert_cmpint (sc_call_decision_get_kind (decision), ==,
                   SC_CALL_DECISION_KIND_FORWARD);
  g_assert_cmpstr (sc_call_decision_get_target (decision), ==,
                   "sip:bob@example.com");
  g_assert_null (sc_call_decision_get_sdp (decision));
  g_assert_null (sc_call_decision_get_reason (decision));
  g_assert_cmpuint (sc_call_decision_get_status_code (decision), ==, 0);
}

static void
test_call_decision_copy (void)
{
  g_autoptr (ScCallDecision) reject = sc_call_decision_reject_with_code (480, "480 Later");
  g_autoptr (ScCallDecision) accept = sc_call_decision_accept ("v=0");
  g_autoptr (ScCallDecision) forward = sc_call_decision_forward ("sip:x@y");
  g_autoptr (ScCallDecision) reject_copy = sc_call_decision_copy (reject);
  g_autoptr (ScCallDecision) accept_copy = g_boxed_copy (SC_TYPE_CALL_DECISION, accept);
  g_autoptr (ScCallDecision) forward_copy = sc_call_decision_copy (forward);

  g_test_summary ("A copy has the kind and every field of the original");

  g_assert_cmpint (sc_call_decision_get_kind (reject_copy), ==,
                   SC_CALL_DECISION_KIND_REJECT);
  g_assert_cmpuint (sc_call_decision_get_status_code (reject_copy), ==, 480);
  g_assert_cmpstr (sc_call_decision_get_reason (reject_copy), ==, "480 Later");
  g_assert_cmpstr (_sc_call_decision_get_wire_phrase (reject_copy), ==, "Later");
  g_assert_true (sc_call_decision_get_reason (reject_copy) !=
                 sc_call_decision_get_reason (reject));

  g_assert_cmpint (sc_call_decision_get_kind (accept_copy), ==,
                   SC_CALL_DECISION_KIND_ACCEPT);
  g_assert_cmpstr (sc_call_decision_get_sdp (accept_copy), ==, "v=0");

  g_assert_cmpint (sc_call_decision_get_kind (forward_copy), ==,
                   SC_CALL_DECISION_KIND_FORWARD);
  g_assert_cmpstr (sc_call_decision_get_target (forward_copy), ==, "sip:x@y");

  sc_call_decision_free (NULL);
}

static void
test_call_decision_wire_phrase (void)
{
  struct {
    guint       code;
    const char *reason;
    const char *wire;
  } cases[] = {
    { 486, "Busy", "Busy" },
    { 486, "486 Busy", "Busy" },            /* own code stripped */
    { 486, "486 ", "Busy Here" },           /* nothing left: standard */
    { 486, "", "Busy Here" },               /* empty: standard */
    { 486, "   ", "Busy Here" },
    { 486, "404 Not Found", "404 Not Found" }, /* another code is kept */
    { 486, "4860 Busy", "4860 Busy" },
    { 486, "Busy\r\nX-Injected: 1", "Busy  X-Injected: 1" },
    { 486, "\r\n", "Busy Here" },
    { 499, "", "Rejected" },                /* no standard phrase */
    { 600, "Occupé", "Occupé" },
  };

  g_test_summary ("The wire phrase strips a leading \"<code> \", falls back "
                  "to the standard phrase and never carries CR or LF");

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (ScCallDecision) decision =
        sc_call_decision_reject_with_code (cases[i].code, cases[i].reason);

      g_assert_cmpstr (sc_call_decision_get_reason (decision), ==,
                       cases[i].reason);
      g_assert_cmpstr (_sc_call_decision_get_wire_phrase (decision), ==,
                       cases[i].wire);
    }

  {
    g_autoptr (ScCallDecision) decision = sc_call_decision_reject ("");

    g_assert_cmpstr (_sc_call_decision_get_wire_phrase (decision), ==,
                     "Busy Here");
  }

  {
    g_autoptr (ScCallDecision) decision = sc_call_decision_reject ("\xff oops");
    const char *wire = _sc_call_decision_get_wire_phrase (decision);

    g_assert_true (g_utf8_validate (wire, -1, NULL));
  }
}

static void
test_call_decision_preconditions (void)
{
  g_test_summary ("reject(NULL) and forward(NULL) are programmer errors");

  if (g_test_subprocess ())
    {
      g_assert_null (sc_call_decision_reject (NULL));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*reason != NULL*");
}

/* ScCallerInfo */

static void
test_caller_info_new (void)
{
  g_autoptr (ScCallerInfo) info =
    sc_caller_info_new ("sip:alice@example.com", "sip:bob@example.com");

  g_test_summary ("new() sets from and to, and nothing else");

  g_assert_cmpstr (sc_caller_info_get_from (info), ==, "sip:alice@example.com");
  g_assert_cmpstr (sc_caller_info_get_to (info), ==, "sip:bob@example.com");
  g_assert_null (sc_caller_info_get_display_name (info));
  g_assert_null (sc_caller_info_get_user_agent (info));
  g_assert_null (sc_caller_info_get_contact (info));
}

static void
test_caller_info_with (void)
{
  g_autoptr (ScCallerInfo) info = sc_caller_info_new ("sip:a@x", "sip:b@x");
  g_autoptr (ScCallerInfo) named = sc_caller_info_with_display_name (info, "Alice");
  g_autoptr (ScCallerInfo) agent = sc_caller_info_with_user_agent (named, "softphone/2");
  g_autoptr (ScCallerInfo) full = sc_caller_info_with_contact (agent, "sip:a@10.0.0.1:5062");
  g_autoptr (ScCallerInfo) cleared = sc_caller_info_with_display_name (full, NULL);

  g_test_summary ("The with_ functions return a changed copy and leave the "
                  "original alone");

  g_assert_true (named != info);
  g_assert_null (sc_caller_info_get_display_name (info));
  g_assert_cmpstr (sc_caller_info_get_display_name (named), ==, "Alice");
  g_assert_null (sc_caller_info_get_user_agent (named));

  g_assert_cmpstr (sc_caller_info_get_display_name (agent), ==, "Alice");
  g_assert_cmpstr (sc_caller_info_get_user_agent (agent), ==, "softphone/2");
  g_assert_null (sc_caller_info_get_contact (agent));

  g_assert_cmpstr (sc_caller_info_get_from (full), ==, "sip:a@x");
  g_assert_cmpstr (sc_caller_info_get_to (full), ==, "sip:b@x");
  g_assert_cmpstr (sc_caller_info_get_display_name (full), ==, "Alice");
  g_assert_cmpstr (sc_caller_info_get_user_agent (full), ==, "softphone/2");
  g_assert_cmpstr (sc_caller_info_get_contact (full), ==, "sip:a@10.0.0.1:5062");

  g_assert_null (sc_caller_info_get_display_name (cleared));
  g_assert_cmpstr (sc_caller_info_get_contact (cleared), ==, "sip:a@10.0.0.1:5062");
}

static void
test_caller_info_copy (void)
{
  g_autoptr (ScCallerInfo) info = NULL;
  g_autoptr (ScCallerInfo) copy = NULL;
  g_autoptr (ScCallerInfo) boxed = NULL;

  g_test_summary ("A copy has every field");

  info = sc_caller_info_new ("sip:a@x", "sip:b@x");
  {
    g_autoptr (ScCallerInfo) tmp1 = sc_caller_info_with_display_name (info, "A");
    g_autoptr (ScCallerInfo) tmp2 = sc_caller_info_with_user_agent (tmp1, "ua");

    g_clear_pointer (&info, sc_caller_info_free);
    info = sc_caller_info_with_contact (tmp2, "sip:a@h");
  }

  copy = sc_caller_info_copy (info);
  boxed = g_boxed_copy (SC_TYPE_CALLER_INFO, info);
  g_clear_pointer (&info, sc_caller_info_free);

  for (guint i = 0; i < 2; i++)
    {
      ScCallerInfo *c = i == 0 ? copy : boxed;

      g_assert_cmpstr (sc_caller_info_get_from (c), ==, "sip:a@x");
      g_assert_cmpstr (sc_caller_info_get_to (c), ==, "sip:b@x");
      g_assert_cmpstr (sc_caller_info_get_display_name (c), ==, "A");
      g_assert_cmpstr (sc_caller_info_get_user_agent (c), ==, "ua");
      g_assert_cmpstr (sc_caller_info_get_contact (c), ==, "sip:a@h");
    }

  sc_caller_info_free (NULL);
}

static void
test_caller_info_username_domain (void)
{
  struct {
    const char *from;
    const char *username;
    const char *domain;
  } cases[] = {
    { "sip:alice@example.com", "alice", "example.com" },
    { "sips:alice@example.com", "alice", "example.com" },
    { "sip:alice@example.com:5070", "alice", "example.com" },
    { "\"Alice\" <sip:alice@x;transport=udp>;tag=1", "alice", "x" },
    { "Alice Smith <sip:alice.smith@pbx.example.org:5061>;tag=abc",
      "alice.smith", "pbx.example.org" },
    { "<sip:bob@192.168.1.10>", "bob", "192.168.1.10" },
    { "sip:carol@[::1]:5060", "carol", "[::1]" },
    { "sip:+15551234@gw.example.com;user=phone", "+15551234",
      "gw.example.com" },
    { "sip:dave:secret@example.com", "dave", "example.com" },
  };

  g_test_summary ("from_username() and from_domain() take the user and host "
                  "parts of the From URI");

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (ScCallerInfo) info = sc_caller_info_new (cases[i].from, "sip:b@x");
      g_autofree char *username = sc_caller_info_from_username (info);
      g_autofree char *domain = sc_caller_info_from_domain (info);

      g_test_message ("From \"%s\"", cases[i].from);
      g_assert_cmpstr (username, ==, cases[i].username);
      g_assert_cmpstr (domain, ==, cases[i].domain);
    }
}

static void
test_caller_info_username_missing (void)
{
  g_autoptr (ScCallerInfo) no_user = sc_caller_info_new ("sip:example.com", "sip:b@x");
  g_autoptr (ScCallerInfo) empty_user = sc_caller_info_new ("sip:@example.com", "sip:b@x");
  g_autofree char *username1 = sc_caller_info_from_username (no_user);
  g_autofree char *domain1 = sc_caller_info_from_domain (no_user);
  g_autofree char *username2 = sc_caller_info_from_username (empty_user);

  g_test_summary ("from_username() is NULL when the URI has no user part");

  g_assert_null (username1);
  g_assert_cmpstr (domain1, ==, "example.com");
  g_assert_null (username2);
}

static void
test_caller_info_unparsable (void)
{
  const char *froms[] = { "", "sip:alice@", "<<<>>>", "\"unterminated <sip:a@b" };

  g_test_summary ("A From that does not parse gives NULL username and "
                  "domain, without crashing");

  for (gsize i = 0; i < G_N_ELEMENTS (froms); i++)
    {
      g_autoptr (ScCallerInfo) info = sc_caller_info_new (froms[i], "sip:b@x");
      g_autofree char *username = sc_caller_info_from_username (info);
      g_autofree char *domain = sc_caller_info_from_domain (info);

      g_test_message ("From \"%s\"", froms[i]);
      g_assert_null (username);
      g_assert_null (domain);
    }
}

/* ScIncomingCallEvent */

static GHashTable *
make_headers (void)
{
  GHashTable *headers = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (headers, (char *) "User-Agent", (char *) "softphone/2");
  g_hash_table_insert (headers, (char *) "X-Custom", (char *) "42");

  return headers;
}

static void
test_incoming_call_event_new (void)
{
  g_autoptr (ScCallerInfo) info = sc_caller_info_new ("sip:a@x", "sip:b@x");
  g_autoptr (GHashTable) headers = make_headers ();
  g_autoptr (ScIncomingCallEvent) event = NULL;
  const ScCallerInfo *event_info;
  GHashTable *event_headers;

  g_test_summary ("new() keeps every field; caller info and headers are "
                  "copied");

  event = sc_incoming_call_event_new ("sess_1", info, "call-1@x", headers,
                                      "v=0\r\n");

  g_assert_cmpstr (sc_incoming_call_event_get_session_id (event), ==, "sess_1");
  g_assert_cmpstr (sc_incoming_call_event_get_call_id (event), ==, "call-1@x");
  g_assert_cmpstr (sc_incoming_call_event_get_sdp (event), ==, "v=0\r\n");

  event_info = sc_incoming_call_event_get_caller_info (event);
  g_assert_true (event_info != info);
  g_assert_cmpstr (sc_caller_info_get_from (event_info), ==, "sip:a@x");
  g_assert_cmpstr (sc_caller_info_get_to (event_info), ==, "sip:b@x");

  event_headers = sc_incoming_call_event_get_headers (event);
  g_assert_true (event_headers != headers);
  g_hash_table_remove_all (headers);
  g_assert_cmpuint (g_hash_table_size (event_headers), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (event_headers, "User-Agent"), ==,
                   "softphone/2");
  g_assert_cmpstr (g_hash_table_lookup (event_headers, "X-Custom"), ==, "42");
}

static void
test_incoming_call_event_no_headers (void)
{
  g_autoptr (ScCallerInfo) info = sc_caller_info_new ("sip:a@x", "sip:b@x");
  g_autoptr (ScIncomingCallEvent) event =
    sc_incoming_call_event_new ("sess_1", info, "call-1@x", NULL, NULL);
  GHashTable *headers = sc_incoming_call_event_get_headers (event);

  g_test_summary ("Without headers the table is empty, not NULL; SDP may be "
                  "NULL");

  g_assert_nonnull (headers);
  g_assert_cmpuint (g_hash_table_size (headers), ==, 0);
  g_assert_null (sc_incoming_call_event_get_sdp (event));
}

static void
test_incoming_call_event_copy (void)
{
  g_autoptr (ScCallerInfo) base = sc_caller_info_new ("sip:a@x", "sip:b@x");
  g_autoptr (ScCallerInfo) info = sc_caller_info_with_display_name (base, "A");
  g_autoptr (GHashTable) headers = make_headers ();
  g_autoptr (ScIncomingCallEvent) event =
    sc_incoming_call_event_new ("sess_1", info, "call-1@x", headers, "v=0");
  g_autoptr (ScIncomingCallEvent) copy = sc_incoming_call_event_copy (event);
  g_autoptr (ScIncomingCallEvent) boxed =
    g_boxed_copy (SC_TYPE_INCOMING_CALL_EVENT, event);

  g_test_summary ("A copy is deep: caller info and headers are not shared");

  g_clear_pointer (&event, sc_incoming_call_event_free);

  for (guint i = 0; i < 2; i++)
    {
      ScIncomingCallEvent *c = i == 0 ? copy : boxed;
      const ScCallerInfo *c_info = sc_incoming_call_event_get_caller_info (c);
      GHashTable *c_headers = sc_incoming_call_event_get_headers (c);

      g_assert_cmpstr (sc_incoming_call_event_get_session_id (c), ==, "sess_1");
      g_assert_cmpstr (sc_incoming_call_event_get_call_id (c), ==, "call-1@x");
      g_assert_cmpstr (sc_incoming_call_event_get_sdp (c), ==, "v=0");
      g_assert_cmpstr (sc_caller_info_get_display_name (c_info), ==, "A");
      g_assert_cmpstr (g_hash_table_lookup (c_headers, "X-Custom"), ==, "42");
    }
  g_assert_true (sc_incoming_call_event_get_headers (copy) !=
                 sc_incoming_call_event_get_headers (boxed));

  sc_incoming_call_event_free (NULL);
}

/* ScSessionStats */

static void
test_session_stats_defaults (void)
{
  g_autoptr (ScSessionStats) stats = _sc_session_stats_new ();

  g_test_summary ("New statistics are zero with an unknown (-1) average");

  g_assert_cmpuint (sc_session_stats_get_total_sessions (stats), ==, 0);
  g_assert_cmpuint (sc_session_stats_get_active_sessions (stats), ==, 0);
  g_assert_cmpuint (sc_session_stats_get_failed_sessions (stats), ==, 0);
  g_assert_cmpint (sc_session_stats_get_average_duration_ms (stats), ==, -1);
}

static void
test_session_stats_copy (void)
{
  g_autoptr (ScSessionStats) stats = _sc_session_stats_new ();
  g_autoptr (ScSessionStats) copy = NULL;
  g_autoptr (ScSessionStats) boxed = NULL;

  g_test_summary ("Getters read the fields; a copy has them all");

  stats->total_sessions = G_GUINT64_CONSTANT (5000000000);
  stats->active_sessions = 3;
  stats->failed_sessions = 2;
  stats->average_duration_ms = 1500;

  copy = sc_session_stats_copy (stats);
  boxed = g_boxed_copy (SC_TYPE_SESSION_STATS, stats);
  g_clear_pointer (&stats, sc_session_stats_free);

  for (guint i = 0; i < 2; i++)
    {
      ScSessionStats *c = i == 0 ? copy : boxed;

      g_assert_cmpuint (sc_session_stats_get_total_sessions (c), ==,
                        G_GUINT64_CONSTANT (5000000000));
      g_assert_cmpuint (sc_session_stats_get_active_sessions (c), ==, 3);
      g_assert_cmpuint (sc_session_stats_get_failed_sessions (c), ==, 2);
      g_assert_cmpint (sc_session_stats_get_average_duration_ms (c), ==, 1500);
    }

  sc_session_stats_free (NULL);
}

/* ScMediaInfo */

static void
test_media_info_defaults (void)
{
  g_autoptr (ScMediaInfo) info = _sc_media_info_new ();

  g_test_summary ("New media information has no SDP or codec and zero "
                  "counters");

  g_assert_null (sc_media_info_get_local_sdp (info));
  g_assert_null (sc_media_info_get_remote_sdp (info));
  g_assert_cmpuint (sc_media_info_get_local_rtp_port (info), ==, 0);
  g_assert_cmpuint (sc_media_info_get_remote_rtp_port (info), ==, 0);
  g_assert_null (sc_media_info_get_codec (info));
  g_assert_cmpuint (sc_media_info_get_packets_sent (info), ==, 0);
  g_assert_cmpuint (sc_media_info_get_packets_received (info), ==, 0);
  g_assert_cmpuint (sc_media_info_get_bytes_sent (info), ==, 0);
  g_assert_cmpuint (sc_media_info_get_bytes_received (info), ==, 0);
  g_assert_cmpuint (sc_media_info_get_packets_lost (info), ==, 0);
  g_assert_cmpfloat (sc_media_info_get_jitter_ms (info), ==, 0.0);
}

static void
test_media_info_copy (void)
{
  g_autoptr (ScMediaInfo) info = _sc_media_info_new ();
  g_autoptr (ScMediaInfo) copy = NULL;
  g_autoptr (ScMediaInfo) boxed = NULL;

  g_test_summary ("Getters read the fields; a copy is deep");

  info->local_sdp = g_strdup ("v=0 local");
  info->remote_sdp = g_strdup ("v=0 remote");
  info->local_rtp_port = 65534;
  info->remote_rtp_port = 10002;
  info->codec = g_strdup ("PCMU");
  info->packets_sent = 100;
  info->packets_received = 99;
  info->bytes_sent = 17200;
  info->bytes_received = G_GUINT64_CONSTANT (1) << 40;
  info->packets_lost = 1;
  info->jitter_ms = 2.5;

  copy = sc_media_info_copy (info);
  boxed = g_boxed_copy (SC_TYPE_MEDIA_INFO, info);
  g_assert_true (sc_media_info_get_codec (copy) != info->codec);
  g_clear_pointer (&info, sc_media_info_free);

  for (guint i = 0; i < 2; i++)
    {
      ScMediaInfo *c = i == 0 ? copy : boxed;

      g_assert_cmpstr (sc_media_info_get_local_sdp (c), ==, "v=0 local");
      g_assert_cmpstr (sc_media_info_get_remote_sdp (c), ==, "v=0 remote");
      g_assert_cmpuint (sc_media_info_get_local_rtp_port (c), ==, 65534);
      g_assert_cmpuint (sc_media_info_get_remote_rtp_port (c), ==, 10002);
      g_assert_cmpstr (sc_media_info_get_codec (c), ==, "PCMU");
      g_assert_cmpuint (sc_media_info_get_packets_sent (c), ==, 100);
      g_assert_cmpuint (sc_media_info_get_packets_received (c), ==, 99);
      g_assert_cmpuint (sc_media_info_get_bytes_sent (c), ==, 17200);
      g_assert_cmpuint (sc_media_info_get_bytes_received (c), ==,
                        G_GUINT64_CONSTANT (1) << 40);
      g_assert_cmpuint (sc_media_info_get_packets_lost (c), ==, 1);
      g_assert_cmpfloat_with_epsilon (sc_media_info_get_jitter_ms (c), 2.5, 1e-9);
    }

  sc_media_info_free (NULL);
}

/* ScPreparedCall */

static void
test_prepared_call_getters (void)
{
  g_autoptr (ScPreparedCall) call =
    _sc_prepared_call_new ("sess_1", "sip:a@x", "sip:b@y", "v=0\r\n", 10000);

  g_test_summary ("Getters read what the private constructor was given");

  g_assert_cmpstr (sc_prepared_call_get_session_id (call), ==, "sess_1");
  g_assert_cmpstr (sc_prepared_call_get_from (call), ==, "sip:a@x");
  g_assert_cmpstr (sc_prepared_call_get_to (call), ==, "sip:b@y");
  g_assert_cmpstr (sc_prepared_call_get_sdp_offer (call), ==, "v=0\r\n");
  g_assert_cmpuint (sc_prepared_call_get_local_rtp_port (call), ==, 10000);
}

static void
test_prepared_call_copy (void)
{
  g_autoptr (ScPreparedCall) call =
    _sc_prepared_call_new ("sess_1", "sip:a@x", "sip:b@y", "v=0", 65535);
  g_autoptr (ScPreparedCall) copy = sc_prepared_call_copy (call);
  g_autoptr (ScPreparedCall) boxed = g_boxed_copy (SC_TYPE_PREPARED_CALL, call);

  g_test_summary ("A copy has every field");

  g_clear_pointer (&call, sc_prepared_call_free);

  for (guint i = 0; i < 2; i++)
    {
      ScPreparedCall *c = i == 0 ? copy : boxed;

      g_assert_cmpstr (sc_prepared_call_get_session_id (c), ==, "sess_1");
      g_assert_cmpstr (sc_prepared_call_get_from (c), ==, "sip:a@x");
      g_assert_cmpstr (sc_prepared_call_get_to (c), ==, "sip:b@y");
      g_assert_cmpstr (sc_prepared_call_get_sdp_offer (c), ==, "v=0");
      g_assert_cmpuint (sc_prepared_call_get_local_rtp_port (c), ==, 65535);
    }

  sc_prepared_call_free (NULL);
}

/* ScIncomingCall */

static void
test_incoming_call_getters (void)
{
  g_autoptr (GHashTable) headers = make_headers ();
  g_autoptr (ScIncomingCall) call = NULL;
  gint64 before, after;
  GHashTable *call_headers;

  g_test_summary ("The getters return what the call was built with; "
                  "received-at is the wall-clock time of creation");

  before = g_get_real_time ();
  call = _sc_incoming_call_new ("sess_1", "sip:a@x", "sip:b@y", "v=0",
                                headers, "cid@x");
  after = g_get_real_time ();

  g_assert_true (SC_IS_INCOMING_CALL (call));
  g_assert_cmpstr (sc_incoming_call_get_id (call), ==, "sess_1");
  g_assert_cmpstr (sc_incoming_call_get_from (call), ==, "sip:a@x");
  g_assert_cmpstr (sc_incoming_call_get_to (call), ==, "sip:b@y");
  g_assert_cmpstr (sc_incoming_call_get_sdp (call), ==, "v=0");
  g_assert_cmpstr (sc_incoming_call_get_sip_call_id (call), ==, "cid@x");
  g_assert_cmpint (sc_incoming_call_get_received_at (call), >=, before);
  g_assert_cmpint (sc_incoming_call_get_received_at (call), <=, after);

  /* The manager hands over a table made for this call: it is kept, not
   * copied. */
  call_headers = sc_incoming_call_get_headers (call);
  g_assert_true (call_headers == headers);
  g_assert_cmpuint (g_hash_table_size (call_headers), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (call_headers, "X-Custom"), ==, "42");
}

static void
test_incoming_call_properties (void)
{
  g_autoptr (GHashTable) headers = make_headers ();
  g_autoptr (ScIncomingCall) call =
    _sc_incoming_call_new ("sess_1", "sip:a@x", "sip:b@y", NULL, headers,
                           "cid@x");
  g_autofree char *id = NULL, *from = NULL, *to = NULL, *sdp = NULL;
  g_autofree char *sip_call_id = NULL;
  g_autoptr (GHashTable) prop_headers = NULL;
  gint64 received_at = 0;
  GParamSpec *pspec;

  g_test_summary ("The properties mirror the getters and are "
                  "construct-only");

  g_object_get (call,
                "id", &id,
                "from", &from,
                "to", &to,
                "sdp", &sdp,
                "headers", &prop_headers,
                "sip-call-id", &sip_call_id,
                "received-at", &received_at,
                NULL);

  g_assert_cmpstr (id, ==, "sess_1");
  g_assert_cmpstr (from, ==, "sip:a@x");
  g_assert_cmpstr (to, ==, "sip:b@y");
  g_assert_null (sdp);
  g_assert_cmpstr (sip_call_id, ==, "cid@x");
  g_assert_cmpint (received_at, ==, sc_incoming_call_get_received_at (call));
  g_assert_true (prop_headers == sc_incoming_call_get_headers (call));

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (call), "id");
  g_assert_nonnull (pspec);
  g_assert_true (pspec->flags & G_PARAM_CONSTRUCT_ONLY);
  g_assert_true (pspec->flags & G_PARAM_READABLE);
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (call), "received-at");
  g_assert_nonnull (pspec);
  g_assert_cmpuint (pspec->value_type, ==, G_TYPE_INT64);
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (call), "headers");
  g_assert_nonnull (pspec);
  g_assert_cmpuint (pspec->value_type, ==, G_TYPE_HASH_TABLE);
}

static void
test_incoming_call_no_headers (void)
{
  g_autoptr (ScIncomingCall) call =
    _sc_incoming_call_new ("sess_1", "sip:a@x", "sip:b@y", NULL, NULL, "cid");
  g_autoptr (ScIncomingCall) bare = g_object_new (SC_TYPE_INCOMING_CALL, NULL);

  g_test_summary ("Without headers the table is empty, not NULL; a call "
                  "built with g_object_new() gets a received-at time");

  g_assert_null (sc_incoming_call_get_sdp (call));
  g_assert_nonnull (sc_incoming_call_get_headers (call));
  g_assert_cmpuint (g_hash_table_size (sc_incoming_call_get_headers (call)), ==, 0);

  g_assert_nonnull (sc_incoming_call_get_headers (bare));
  g_assert_cmpint (sc_incoming_call_get_received_at (bare), >, 0);
}

/* ScIncomingCallNotification */

G_DECLARE_FINAL_TYPE (TestNotifier, test_notifier, TEST, NOTIFIER, GObject)

struct _TestNotifier
{
  GObject  parent_instance;
  guint    incoming;
  guint    terminated;
  guint    ended;
  char    *last_session_id;
  char    *last_call_id;
};

static void test_notifier_iface_init (ScIncomingCallNotificationInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestNotifier, test_notifier, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SC_TYPE_INCOMING_CALL_NOTIFICATION,
                                                      test_notifier_iface_init))

static ScCallDecision *
test_notifier_on_incoming_call (ScIncomingCallNotification *notification,
                                ScIncomingCallEvent        *event)
{
  TestNotifier *self = (TestNotifier *) notification;
  const ScCallerInfo *info = sc_incoming_call_event_get_caller_info (event);
  g_autofree char *user = sc_caller_info_from_username (info);

  self->incoming++;
  if (g_strcmp0 (user, "spam") == 0)
    return sc_call_decision_reject_with_code (603, NULL);
  return sc_call_decision_accept (sc_incoming_call_event_get_sdp (event));
}

static void
test_notifier_on_call_terminated_by_remote (ScIncomingCallNotification *notification,
                                            const char                 *session_id,
                                            const char                 *call_id)
{
  TestNotifier *self = (TestNotifier *) notification;

  self->terminated++;
  g_free (self->last_session_id);
  self->last_session_id = g_strdup (session_id);
  g_free (self->last_call_id);
  self->last_call_id = g_strdup (call_id);
}

static void
test_notifier_on_call_ended_by_server (ScIncomingCallNotification *notification,
                                       const char                 *session_id,
                                       const char                 *call_id)
{
  TestNotifier *self = (TestNotifier *) notification;

  self->ended++;
  g_free (self->last_session_id);
  self->last_session_id = g_strdup (session_id);
  g_free (self->last_call_id);
  self->last_call_id = g_strdup (call_id);
}

static void
test_notifier_iface_init (ScIncomingCallNotificationInterface *iface)
{
  iface->on_incoming_call = test_notifier_on_incoming_call;
  iface->on_call_terminated_by_remote = test_notifier_on_call_terminated_by_remote;
  iface->on_call_ended_by_server = test_notifier_on_call_ended_by_server;
}

static void
test_notifier_finalize (GObject *object)
{
  TestNotifier *self = (TestNotifier *) object;

  g_free (self->last_session_id);
  g_free (self->last_call_id);

  G_OBJECT_CLASS (test_notifier_parent_class)->finalize (object);
}

static void
test_notifier_class_init (TestNotifierClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_notifier_finalize;
}

static void
test_notifier_init (TestNotifier *self)
{
}

/* An implementation of the three interfaces that leaves every vfunc
 * unset. */
G_DECLARE_FINAL_TYPE (TestBare, test_bare, TEST, BARE, GObject)

struct _TestBare
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE_WITH_CODE (TestBare, test_bare, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SC_TYPE_INCOMING_CALL_NOTIFICATION, NULL)
                               G_IMPLEMENT_INTERFACE (SC_TYPE_CALL_HANDLER, NULL)
                               G_IMPLEMENT_INTERFACE (SC_TYPE_NOTIFICATION_SETTER, NULL))

static void
test_bare_class_init (TestBareClass *klass)
{
}

static void
test_bare_init (TestBare *self)
{
}

static ScIncomingCallEvent *
make_event (const char *from)
{
  g_autoptr (ScCallerInfo) info = sc_caller_info_new (from, "sip:b@x");

  return sc_incoming_call_event_new ("sess_1", info, "cid@x", NULL, "v=0");
}

static void
test_incoming_call_notification_dispatch (void)
{
  g_autoptr (TestNotifier) notifier = g_object_new (test_notifier_get_type (), NULL);
  ScIncomingCallNotification *iface = (ScIncomingCallNotification *) notifier;
  g_autoptr (ScIncomingCallEvent) alice = make_event ("\"Alice\" <sip:alice@x>;tag=1");
  g_autoptr (ScIncomingCallEvent) spam = make_event ("sip:spam@x");
  g_autoptr (ScCallDecision) accept = NULL;
  g_autoptr (ScCallDecision) reject = NULL;

  g_test_summary ("The wrappers call the implementation's vfuncs and pass "
                  "its decision back");

  g_assert_true (SC_IS_INCOMING_CALL_NOTIFICATION (notifier));

  accept = sc_incoming_call_notification_on_incoming_call (iface, alice);
  g_assert_nonnull (accept);
  g_assert_cmpint (sc_call_decision_get_kind (accept), ==,
                   SC_CALL_DECISION_KIND_ACCEPT);
  g_assert_cmpstr (sc_call_decision_get_sdp (accept), ==, "v=0");

  reject = sc_incoming_call_notification_on_incoming_call (iface, spam);
  g_assert_cmpint (sc_call_decision_get_kind (reject), ==,
                   SC_CALL_DECISION_KIND_REJECT);
  g_assert_cmpuint (sc_call_decision_get_status_code (reject), ==, 603);
  g_assert_cmpuint (notifier->incoming, ==, 2);

  sc_incoming_call_notification_on_call_terminated_by_remote (iface, "sess_1", "cid@x");
  g_assert_cmpuint (notifier->terminated, ==, 1);
  g_assert_cmpstr (notifier->last_session_id, ==, "sess_1");
  g_assert_cmpstr (notifier->last_call_id, ==, "cid@x");

  sc_incoming_call_notification_on_call_ended_by_server (iface, "sess_2", "cid2@x");
  g_assert_cmpuint (notifier->ended, ==, 1);
  g_assert_cmpstr (notifier->last_session_id, ==, "sess_2");
  g_assert_cmpstr (notifier->last_call_id, ==, "cid2@x");
}

static void
test_incoming_call_notification_unimplemented (void)
{
  g_autoptr (TestBare) bare = g_object_new (test_bare_get_type (), NULL);
  ScIncomingCallNotification *iface = SC_INCOMING_CALL_NOTIFICATION (bare);
  g_autoptr (ScIncomingCallEvent) event = make_event ("sip:a@x");

  g_test_summary ("Unset vfuncs do nothing; on_incoming_call returns NULL");

  g_assert_null (sc_incoming_call_notification_on_incoming_call (iface, event));
  sc_incoming_call_notification_on_call_terminated_by_remote (iface, "s", "c");
  sc_incoming_call_notification_on_call_ended_by_server (iface, "s", "c");
}

static void
test_incoming_call_notification_not_implemented (void)
{
  g_test_summary ("Calling a wrapper on an object that does not implement "
                  "the interface is a programmer error");

  if (g_test_subprocess ())
    {
      g_autoptr (GObject) object = g_object_new (G_TYPE_OBJECT, NULL);
      g_autoptr (ScIncomingCallEvent) event = make_event ("sip:a@x");
      ScIncomingCallNotification *not_a_notification =
        (ScIncomingCallNotification *) object;

      g_assert_null (sc_incoming_call_notification_on_incoming_call (not_a_notification,
                                                                     event));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*SC_IS_INCOMING_CALL_NOTIFICATION*");
}

/* ScCallHandler */

G_DECLARE_FINAL_TYPE (TestHandler, test_handler, TEST, HANDLER, GObject)

struct _TestHandler
{
  GObject  parent_instance;
  GString *log;
};

static void test_handler_iface_init (ScCallHandlerInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestHandler, test_handler, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SC_TYPE_CALL_HANDLER,
                                                      test_handler_iface_init))

static ScCallDecision *
test_handler_on_incoming_call (ScCallHandler  *handler,
                               ScIncomingCall *call)
{
  TestHandler *self = (TestHandler *) handler;

  g_string_append_printf (self->log, "incoming %s;",
                          sc_incoming_call_get_id (call));
  return sc_call_decision_forward ("sip:voicemail@x");
}

static void
test_handler_on_call_state_changed (ScCallHandler *handler,
                                    const char    *session_id,
                                    ScCallState    old_state,
                                    ScCallState    new_state,
                                    const char    *reason)
{
  TestHandler *self = (TestHandler *) handler;

  g_string_append_printf (self->log, "state %s %s->%s %s;", session_id,
                          sc_call_state_to_string (old_state),
                          sc_call_state_to_string (new_state),
                          reason != NULL ? reason : "(null)");
}

static void
test_handler_on_dtmf (ScCallHandler *handler,
                      const char    *session_id,
                      const char    *digit,
                      guint          duration_ms)
{
  TestHandler *self = (TestHandler *) handler;

  g_string_append_printf (self->log, "dtmf %s %s %u;", session_id, digit,
                          duration_ms);
}

static void
test_handler_iface_init (ScCallHandlerInterface *iface)
{
  iface->on_incoming_call = test_handler_on_incoming_call;
  iface->on_call_state_changed = test_handler_on_call_state_changed;
  iface->on_dtmf = test_handler_on_dtmf;
  /* on_call_ended and on_call_established stay unset: they are optional */
}

static void
test_handler_finalize (GObject *object)
{
  TestHandler *self = (TestHandler *) object;

  g_string_free (self->log, TRUE);

  G_OBJECT_CLASS (test_handler_parent_class)->finalize (object);
}

static void
test_handler_class_init (TestHandlerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_handler_finalize;
}

static void
test_handler_init (TestHandler *self)
{
  self->log = g_string_new (NULL);
}

static void
test_call_handler_dispatch (void)
{
  g_autoptr (TestHandler) handler = g_object_new (test_handler_get_type (), NULL);
  ScCallHandler *iface = (ScCallHandler *) handler;
  g_autoptr (ScIncomingCall) call =
    _sc_incoming_call_new ("sess_9", "sip:a@x", "sip:b@y", NULL, NULL, "cid");
  g_autoptr (ScCallDecision) decision = NULL;

  g_test_summary ("The wrappers call the implementation's vfuncs in order, "
                  "with their arguments");

  decision = sc_call_handler_on_incoming_call (iface, call);
  g_assert_cmpint (sc_call_decision_get_kind (decision), ==,
                   SC_CALL_DECISION_KIND_FORWARD);
  g_assert_cmpstr (sc_call_decision_get_target (decision), ==,
                   "sip:voicemail@x");

  sc_call_handler_on_call_state_changed (iface, "sess_9",
                                         SC_CALL_STATE_RINGING,
                                         SC_CALL_STATE_ACTIVE, NULL);
  sc_call_handler_on_dtmf (iface, "sess_9", "5", 160);
  sc_call_handler_on_call_state_changed (iface, "sess_9",
                                         SC_CALL_STATE_ACTIVE,
                                         SC_CALL_STATE_TERMINATED, "BYE");

  g_assert_cmpstr (handler->log->str, ==,
                   "incoming sess_9;"
                   "state sess_9 Ringing->Active (null);"
                   "dtmf sess_9 5 160;"
                   "state sess_9 Active->Terminated BYE;");
}

static void
test_call_handler_unimplemented (void)
{
  g_autoptr (TestBare) bare = g_object_new (test_bare_get_type (), NULL);
  ScCallHandler *iface = SC_CALL_HANDLER (bare);
  g_autoptr (ScIncomingCall) call =
    _sc_incoming_call_new ("sess_9", "sip:a@x", "sip:b@y", NULL, NULL, "cid");

  g_test_summary ("Unset vfuncs do nothing; on_incoming_call returns NULL");

  g_assert_null (sc_call_handler_on_incoming_call (iface, call));
  sc_call_handler_on_call_state_changed (iface, "sess_9",
                                         SC_CALL_STATE_INITIATING,
                                         SC_CALL_STATE_FAILED, "timeout");
  sc_call_handler_on_dtmf (iface, "sess_9", "#", 100);
}

static void
test_call_handler_preconditions (void)
{
  g_test_summary ("on_call_ended() without a session is a programmer error");

  if (g_test_subprocess ())
    {
      g_autoptr (TestHandler) handler = g_object_new (test_handler_get_type (), NULL);

      sc_call_handler_on_call_ended ((ScCallHandler *) handler, NULL, "BYE");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*SC_IS_CALL_SESSION*");
}

/* ScNotificationSetter */

G_DECLARE_FINAL_TYPE (TestSetter, test_setter, TEST, SETTER, GObject)

struct _TestSetter
{
  GObject                     parent_instance;
  ScIncomingCallNotification *notifier;
  guint                       calls;
};

static void test_setter_iface_init (ScNotificationSetterInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestSetter, test_setter, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SC_TYPE_NOTIFICATION_SETTER,
                                                      test_setter_iface_init))

static void
test_setter_set_incoming_call_notifier (ScNotificationSetter       *setter,
                                        ScIncomingCallNotification *notifier)
{
  TestSetter *self = (TestSetter *) setter;

  self->calls++;
  g_set_object (&self->notifier, notifier);
}

static void
test_setter_iface_init (ScNotificationSetterInterface *iface)
{
  iface->set_incoming_call_notifier = test_setter_set_incoming_call_notifier;
}

static void
test_setter_dispose (GObject *object)
{
  TestSetter *self = (TestSetter *) object;

  g_clear_object (&self->notifier);

  G_OBJECT_CLASS (test_setter_parent_class)->dispose (object);
}

static void
test_setter_class_init (TestSetterClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = test_setter_dispose;
}

static void
test_setter_init (TestSetter *self)
{
}

static void
test_notification_setter_dispatch (void)
{
  g_autoptr (TestSetter) setter = g_object_new (test_setter_get_type (), NULL);
  g_autoptr (TestNotifier) notifier = g_object_new (test_notifier_get_type (), NULL);
  g_autoptr (TestBare) bare = g_object_new (test_bare_get_type (), NULL);

  g_test_summary ("set_incoming_call_notifier() reaches the implementation, "
                  "with NULL allowed");

  sc_notification_setter_set_incoming_call_notifier ((ScNotificationSetter *) setter,
                                                     (ScIncomingCallNotification *) notifier);
  g_assert_cmpuint (setter->calls, ==, 1);
  g_assert_true (setter->notifier == (ScIncomingCallNotification *) notifier);

  sc_notification_setter_set_incoming_call_notifier ((ScNotificationSetter *) setter,
                                                     NULL);
  g_assert_cmpuint (setter->calls, ==, 2);
  g_assert_null (setter->notifier);

  /* Unimplemented: nothing happens. */
  sc_notification_setter_set_incoming_call_notifier (SC_NOTIFICATION_SETTER (bare),
                                                     (ScIncomingCallNotification *) notifier);
}

/* ScConferenceConfig */

static void
test_conference_config_defaults (void)
{
  g_autoptr (ScConferenceConfig) config = sc_conference_config_new ();

  g_test_summary ("sc_conference_config_new() returns the defaults of "
                  "Rust's ConferenceConfig");

  g_assert_cmpuint (sc_conference_config_get_max_participants (config), ==, 10);
  g_assert_true (sc_conference_config_get_audio_mixing_enabled (config));
  g_assert_cmpuint (sc_conference_config_get_audio_sample_rate (config), ==, 8000);
  g_assert_cmpuint (sc_conference_config_get_audio_channels (config), ==, 1);
  g_assert_cmpuint (sc_conference_config_get_rtp_port_start (config), ==, 10000);
  g_assert_cmpuint (sc_conference_config_get_rtp_port_end (config), ==, 20000);
  g_assert_cmpuint (sc_conference_config_get_timeout_secs (config), ==, 0);
  g_assert_cmpstr (sc_conference_config_get_name (config), ==, "Conference Room");
}

static void
test_conference_config_setters (void)
{
  g_autoptr (ScConferenceConfig) config = sc_conference_config_new ();

  g_test_summary ("Every setter stores its value as given, without "
                  "validation");

  sc_conference_config_set_max_participants (config, 5000);
  g_assert_cmpuint (sc_conference_config_get_max_participants (config), ==, 5000);
  sc_conference_config_set_audio_mixing_enabled (config, FALSE);
  g_assert_false (sc_conference_config_get_audio_mixing_enabled (config));
  sc_conference_config_set_audio_mixing_enabled (config, 42);
  g_assert_cmpint (sc_conference_config_get_audio_mixing_enabled (config), ==, TRUE);
  sc_conference_config_set_audio_sample_rate (config, 48000);
  g_assert_cmpuint (sc_conference_config_get_audio_sample_rate (config), ==, 48000);
  sc_conference_config_set_audio_channels (config, 2);
  g_assert_cmpuint (sc_conference_config_get_audio_channels (config), ==, 2);
  sc_conference_config_set_rtp_port_start (config, 30000);
  g_assert_cmpuint (sc_conference_config_get_rtp_port_start (config), ==, 30000);
  sc_conference_config_set_rtp_port_end (config, 65535);
  g_assert_cmpuint (sc_conference_config_get_rtp_port_end (config), ==, 65535);
  sc_conference_config_set_timeout_secs (config, 600);
  g_assert_cmpuint (sc_conference_config_get_timeout_secs (config), ==, 600);
  sc_conference_config_set_name (config, "Standup");
  g_assert_cmpstr (sc_conference_config_get_name (config), ==, "Standup");
  sc_conference_config_set_name (config, "");
  g_assert_cmpstr (sc_conference_config_get_name (config), ==, "");
  sc_conference_config_set_name (config, NULL);
  g_assert_null (sc_conference_config_get_name (config));
}

static void
test_conference_config_copy (void)
{
  g_autoptr (ScConferenceConfig) config = sc_conference_config_new ();
  g_autoptr (ScConferenceConfig) copy = NULL;
  g_autoptr (ScConferenceConfig) boxed = NULL;
  char name[] = "Weekly";

  g_test_summary ("A copy is deep and has every field");

  sc_conference_config_set_max_participants (config, 3);
  sc_conference_config_set_audio_mixing_enabled (config, FALSE);
  sc_conference_config_set_audio_sample_rate (config, 16000);
  sc_conference_config_set_audio_channels (config, 2);
  sc_conference_config_set_rtp_port_start (config, 4000);
  sc_conference_config_set_rtp_port_end (config, 5000);
  sc_conference_config_set_timeout_secs (config, 60);
  sc_conference_config_set_name (config, name);
  name[0] = 'X';  /* the setter copied it */

  copy = sc_conference_config_copy (config);
  boxed = g_boxed_copy (SC_TYPE_CONFERENCE_CONFIG, config);
  g_clear_pointer (&config, sc_conference_config_free);

  for (guint i = 0; i < 2; i++)
    {
      ScConferenceConfig *c = i == 0 ? copy : boxed;

      g_assert_cmpuint (sc_conference_config_get_max_participants (c), ==, 3);
      g_assert_false (sc_conference_config_get_audio_mixing_enabled (c));
      g_assert_cmpuint (sc_conference_config_get_audio_sample_rate (c), ==, 16000);
      g_assert_cmpuint (sc_conference_config_get_audio_channels (c), ==, 2);
      g_assert_cmpuint (sc_conference_config_get_rtp_port_start (c), ==, 4000);
      g_assert_cmpuint (sc_conference_config_get_rtp_port_end (c), ==, 5000);
      g_assert_cmpuint (sc_conference_config_get_timeout_secs (c), ==, 60);
      g_assert_cmpstr (sc_conference_config_get_name (c), ==, "Weekly");
    }
  g_assert_true (sc_conference_config_get_name (copy) !=
                 sc_conference_config_get_name (boxed));

  sc_conference_config_free (NULL);
}

static void
assert_conference_config_invalid (ScConferenceConfig *config,
                                  const char         *message)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (sc_conference_config_validate (config, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_CONFIG);
  g_assert_cmpstr (error->message, ==, message);

  /* A NULL error location must be fine too. */
  g_assert_false (sc_conference_config_validate (config, NULL));
}

static void
test_conference_config_validate_defaults (void)
{
  g_autoptr (ScConferenceConfig) config = sc_conference_config_new ();
  g_autoptr (GError) error = NULL;

  g_test_summary ("The defaults validate");

  g_assert_true (sc_conference_config_validate (config, &error));
  g_assert_no_error (error);
}

static void
test_conference_config_validate_max_participants (void)
{
  g_autoptr (ScConferenceConfig) config = sc_conference_config_new ();

  g_test_summary ("max_participants must be 1 to 1000");

  sc_conference_config_set_max_participants (config, 0);
  assert_conference_config_invalid (config,
    "Configuration error: conference max_participants 0 must be from 1 to 1000");

  sc_conference_config_set_max_participants (config, 1001);
  assert_conference_config_invalid (config,
    "Configuration error: conference max_participants 1001 must be from 1 to 1000");

  sc_conference_config_set_max_participants (config, 1);
  g_assert_true (sc_conference_config_validate (config, NULL));

  sc_conference_config_set_max_participants (config, 1000);
  g_assert_true (sc_conference_config_validate (config, NULL));
}

static void
test_conference_config_validate_sample_rate (void)
{
  g_autoptr (ScConferenceConfig) config = sc_conference_config_new ();

  g_test_summary ("The sample rate must be 8000 Hz, the mixer's");

  sc_conference_config_set_audio_sample_rate (config, 16000);
  assert_conference_config_invalid (config,
    "Configuration error: conference audio_sample_rate 16000 must be 8000 "
    "(the mixer runs at 8 kHz, G.711)");

  sc_conference_config_set_audio_sample_rate (config, 0);
  assert_conference_config_invalid (config,
    "Configuration error: conference audio_sample_rate 0 must be 8000 "
    "(the mixer runs at 8 kHz, G.711)");

  sc_conference_config_set_audio_sample_rate (config, 8000);
  g_assert_true (sc_conference_config_validate (config, NULL));
}

static void
test_conference_config_validate_channels (void)
{
  g_autoptr (ScConferenceConfig) config = sc_conference_config_new ();

  g_test_summary ("The mix must be mono");

  sc_conference_config_set_audio_channels (config, 2);
  assert_conference_config_invalid (config,
    "Configuration error: conference audio_channels 2 must be 1 (the mixer is mono)");

  sc_conference_config_set_audio_channels (config, 0);
  assert_conference_config_invalid (config,
    "Configuration error: conference audio_channels 0 must be 1 (the mixer is mono)");

  sc_conference_config_set_audio_channels (config, 1);
  g_assert_true (sc_conference_config_validate (config, NULL));
}

static void
test_conference_config_validate_rtp_ports (void)
{
  g_autoptr (ScConferenceConfig) config = sc_conference_config_new ();

  g_test_summary ("rtp_port_start must be 1 to rtp_port_end");

  sc_conference_config_set_rtp_port_start (config, 0);
  assert_conference_config_invalid (config,
    "Configuration error: conference rtp_port_start 0 must be from 1 to "
    "rtp_port_end 20000");

  sc_conference_config_set_rtp_port_start (config, 20001);
  assert_conference_config_invalid (config,
    "Configuration error: conference rtp_port_start 20001 must be from 1 to "
    "rtp_port_end 20000");

  sc_conference_config_set_rtp_port_start (config, 20000);
  g_assert_true (sc_conference_config_validate (config, NULL));

  sc_conference_config_set_rtp_port_start (config, 1);
  sc_conference_config_set_rtp_port_end (config, 0);
  assert_conference_config_invalid (config,
    "Configuration error: conference rtp_port_start 1 must be from 1 to "
    "rtp_port_end 0");

  sc_conference_config_set_rtp_port_end (config, 65535);
  g_assert_true (sc_conference_config_validate (config, NULL));
}

static void
test_conference_config_validate_name (void)
{
  g_autoptr (ScConferenceConfig) config = sc_conference_config_new ();

  g_test_summary ("The name must be set and not empty");

  sc_conference_config_set_name (config, NULL);
  assert_conference_config_invalid (config,
    "Configuration error: conference name must be set");

  sc_conference_config_set_name (config, "");
  assert_conference_config_invalid (config,
    "Configuration error: conference name must not be empty");

  sc_conference_config_set_name (config, "x");
  g_assert_true (sc_conference_config_validate (config, NULL));
}

static void
test_conference_config_validate_first_error (void)
{
  g_autoptr (ScConferenceConfig) config = sc_conference_config_new ();
  g_autoptr (GError) error = NULL;

  g_test_summary ("With several fields wrong the first rule is reported, "
                  "in the documented order");

  sc_conference_config_set_name (config, "");
  sc_conference_config_set_rtp_port_start (config, 0);
  sc_conference_config_set_audio_channels (config, 2);
  sc_conference_config_set_audio_sample_rate (config, 44100);
  sc_conference_config_set_max_participants (config, 0);

  g_assert_false (sc_conference_config_validate (config, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "max_participants"));
  g_clear_error (&error);

  sc_conference_config_set_max_participants (config, 10);
  g_assert_false (sc_conference_config_validate (config, &error));
  g_assert_nonnull (strstr (error->message, "audio_sample_rate"));
  g_clear_error (&error);

  sc_conference_config_set_audio_sample_rate (config, 8000);
  g_assert_false (sc_conference_config_validate (config, &error));
  g_assert_nonnull (strstr (error->message, "audio_channels"));
  g_clear_error (&error);

  sc_conference_config_set_audio_channels (config, 1);
  g_assert_false (sc_conference_config_validate (config, &error));
  g_assert_nonnull (strstr (error->message, "rtp_port_start"));
  g_clear_error (&error);

  sc_conference_config_set_rtp_port_start (config, 10000);
  g_assert_false (sc_conference_config_validate (config, &error));
  g_assert_nonnull (strstr (error->message, "name"));
}

/* ScParticipantInfo, ScConferenceStats */

static void
test_participant_info_getters (void)
{
  g_autoptr (ScParticipantInfo) info = NULL;
  g_autoptr (ScParticipantInfo) copy = NULL;
  g_autoptr (ScParticipantInfo) boxed = NULL;
  g_autoptr (ScParticipantInfo) bare = NULL;

  g_test_summary ("Getters read the fields; a copy has them all; "
                  "URI and display name may be NULL");

  info = _sc_participant_info_new ("sess_1", "sip:alice@example.com", "Alice",
                                   SC_PARTICIPANT_STATUS_MUTED, 40002, TRUE,
                                   G_GINT64_CONSTANT (1700000000000000), TRUE);
  copy = sc_participant_info_copy (info);
  boxed = g_boxed_copy (SC_TYPE_PARTICIPANT_INFO, info);
  g_clear_pointer (&info, sc_participant_info_free);

  for (guint i = 0; i < 2; i++)
    {
      ScParticipantInfo *c = i == 0 ? copy : boxed;

      g_assert_cmpstr (sc_participant_info_get_session_id (c), ==, "sess_1");
      g_assert_cmpstr (sc_participant_info_get_sip_uri (c), ==,
                       "sip:alice@example.com");
      g_assert_cmpstr (sc_participant_info_get_display_name (c), ==, "Alice");
      g_assert_cmpint (sc_participant_info_get_status (c), ==,
                       SC_PARTICIPANT_STATUS_MUTED);
      g_assert_cmpuint (sc_participant_info_get_rtp_port (c), ==, 40002);
      g_assert_true (sc_participant_info_get_audio_active (c));
      g_assert_cmpint (sc_participant_info_get_joined_at (c), ==,
                       G_GINT64_CONSTANT (1700000000000000));
      g_assert_true (sc_participant_info_get_talking (c));
    }

  bare = _sc_participant_info_new ("sess_2", NULL, NULL,
                                   SC_PARTICIPANT_STATUS_JOINING, 0, FALSE,
                                   0, FALSE);
  g_clear_pointer (&copy, sc_participant_info_free);
  copy = sc_participant_info_copy (bare);
  g_assert_cmpstr (sc_participant_info_get_session_id (copy), ==, "sess_2");
  g_assert_null (sc_participant_info_get_sip_uri (copy));
  g_assert_null (sc_participant_info_get_display_name (copy));
  g_assert_cmpint (sc_participant_info_get_status (copy), ==,
                   SC_PARTICIPANT_STATUS_JOINING);
  g_assert_false (sc_participant_info_get_audio_active (copy));
  g_assert_false (sc_participant_info_get_talking (copy));

  sc_participant_info_free (NULL);
}

static void
test_conference_stats_getters (void)
{
  g_autoptr (ScConferenceStats) stats = NULL;
  g_autoptr (ScConferenceStats) copy = NULL;
  g_autoptr (ScConferenceStats) boxed = NULL;

  g_test_summary ("Getters read the fields; a copy has them all");

  stats = _sc_conference_stats_new (5, 3, 2, G_GINT64_CONSTANT (90061000),
                                    SC_CONFERENCE_STATE_LOCKED, FALSE,
                                    G_GINT64_CONSTANT (1700000000000000));
  copy = sc_conference_stats_copy (stats);
  boxed = g_boxed_copy (SC_TYPE_CONFERENCE_STATS, stats);
  g_clear_pointer (&stats, sc_conference_stats_free);

  for (guint i = 0; i < 2; i++)
    {
      ScConferenceStats *c = i == 0 ? copy : boxed;

      g_assert_cmpuint (sc_conference_stats_get_total_participants (c), ==, 5);
      g_assert_cmpuint (sc_conference_stats_get_active_participants (c), ==, 3);
      g_assert_cmpuint (sc_conference_stats_get_audio_participants (c), ==, 2);
      g_assert_cmpint (sc_conference_stats_get_duration_ms (c), ==,
                       G_GINT64_CONSTANT (90061000));
      g_assert_cmpint (sc_conference_stats_get_state (c), ==,
                       SC_CONFERENCE_STATE_LOCKED);
      g_assert_false (sc_conference_stats_get_audio_mixing_enabled (c));
      g_assert_cmpint (sc_conference_stats_get_created_at (c), ==,
                       G_GINT64_CONSTANT (1700000000000000));
    }

  sc_conference_stats_free (NULL);
}

/* ScConferenceEvent */

static void
test_conference_event_new (void)
{
  g_autoptr (ScConferenceEvent) event = NULL;
  g_autoptr (ScConferenceEvent) whole = NULL;
  gint64 before, after;

  g_test_summary ("An event has what it was made with, a wall-clock "
                  "timestamp, and JOINING/CREATING status and state");

  before = g_get_real_time ();
  event = sc_conference_event_new (SC_CONFERENCE_EVENT_TYPE_PARTICIPANT_LEFT,
                                   "conf_1", "sess_1", "kicked");
  after = g_get_real_time ();

  g_assert_cmpint (sc_conference_event_get_event_type (event), ==,
                   SC_CONFERENCE_EVENT_TYPE_PARTICIPANT_LEFT);
  g_assert_cmpstr (sc_conference_event_get_conference_id (event), ==, "conf_1");
  g_assert_cmpstr (sc_conference_event_get_session_id (event), ==, "sess_1");
  g_assert_cmpstr (sc_conference_event_get_reason (event), ==, "kicked");
  g_assert_cmpint (sc_conference_event_get_old_status (event), ==,
                   SC_PARTICIPANT_STATUS_JOINING);
  g_assert_cmpint (sc_conference_event_get_new_status (event), ==,
                   SC_PARTICIPANT_STATUS_JOINING);
  g_assert_cmpint (sc_conference_event_get_old_state (event), ==,
                   SC_CONFERENCE_STATE_CREATING);
  g_assert_cmpint (sc_conference_event_get_new_state (event), ==,
                   SC_CONFERENCE_STATE_CREATING);
  g_assert_cmpint (sc_conference_event_get_timestamp (event), >=, before);
  g_assert_cmpint (sc_conference_event_get_timestamp (event), <=, after);

  whole = sc_conference_event_new (SC_CONFERENCE_EVENT_TYPE_CONFERENCE_CREATED,
                                   "conf_1", NULL, NULL);
  g_assert_null (sc_conference_event_get_session_id (whole));
  g_assert_null (sc_conference_event_get_reason (whole));
}

static void
test_conference_event_statuses_states (void)
{
  g_autoptr (ScConferenceEvent) event = NULL;
  g_autoptr (ScConferenceEvent) copy = NULL;
  g_autoptr (ScConferenceEvent) boxed = NULL;
  gint64 timestamp;

  g_test_summary ("The private setters set old/new status and state; a "
                  "copy has every field");

  event = sc_conference_event_new (SC_CONFERENCE_EVENT_TYPE_PARTICIPANT_STATUS_CHANGED,
                                   "conf_2", "sess_2", "muted");
  _sc_conference_event_set_statuses (event, SC_PARTICIPANT_STATUS_ACTIVE,
                                     SC_PARTICIPANT_STATUS_MUTED);
  _sc_conference_event_set_states (event, SC_CONFERENCE_STATE_ACTIVE,
                                   SC_CONFERENCE_STATE_LOCKED);
  timestamp = sc_conference_event_get_timestamp (event);

  copy = sc_conference_event_copy (event);
  boxed = g_boxed_copy (SC_TYPE_CONFERENCE_EVENT, event);
  g_clear_pointer (&event, sc_conference_event_free);

  for (guint i = 0; i < 2; i++)
    {
      ScConferenceEvent *c = i == 0 ? copy : boxed;

      g_assert_cmpint (sc_conference_event_get_event_type (c), ==,
                       SC_CONFERENCE_EVENT_TYPE_PARTICIPANT_STATUS_CHANGED);
      g_assert_cmpstr (sc_conference_event_get_conference_id (c), ==, "conf_2");
      g_assert_cmpstr (sc_conference_event_get_session_id (c), ==, "sess_2");
      g_assert_cmpstr (sc_conference_event_get_reason (c), ==, "muted");
      g_assert_cmpint (sc_conference_event_get_old_status (c), ==,
                       SC_PARTICIPANT_STATUS_ACTIVE);
      g_assert_cmpint (sc_conference_event_get_new_status (c), ==,
                       SC_PARTICIPANT_STATUS_MUTED);
      g_assert_cmpint (sc_conference_event_get_old_state (c), ==,
                       SC_CONFERENCE_STATE_ACTIVE);
      g_assert_cmpint (sc_conference_event_get_new_state (c), ==,
                       SC_CONFERENCE_STATE_LOCKED);
      g_assert_cmpint (sc_conference_event_get_timestamp (c), ==, timestamp);
    }

  sc_conference_event_free (NULL);
}

static void
test_conference_event_preconditions (void)
{
  g_test_summary ("An event without a conference id is a programmer error");

  if (g_test_subprocess ())
    {
      g_assert_null (sc_conference_event_new (SC_CONFERENCE_EVENT_TYPE_CONFERENCE_CREATED,
                                              NULL, NULL, NULL));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*conference_id != NULL*");
}

/* The conference enumerations */

static void
test_participant_status_to_string (void)
{
  static const struct {
    ScParticipantStatus status;
    const char *text;
    const char *nick;
  } cases[] = {
    { SC_PARTICIPANT_STATUS_JOINING, "Joining", "joining" },
    { SC_PARTICIPANT_STATUS_ACTIVE, "Active", "active" },
    { SC_PARTICIPANT_STATUS_ON_HOLD, "OnHold", "on-hold" },
    { SC_PARTICIPANT_STATUS_MUTED, "Muted", "muted" },
    { SC_PARTICIPANT_STATUS_LEAVING, "Leaving", "leaving" },
    { SC_PARTICIPANT_STATUS_LEFT, "Left", "left" },
  };
  g_autoptr (GEnumClass) klass = g_type_class_ref (SC_TYPE_PARTICIPANT_STATUS);

  g_test_summary ("Every participant status has the Rust Display text and "
                  "a GEnumValue");

  g_assert_cmpuint (klass->n_values, ==, G_N_ELEMENTS (cases));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpstr (sc_participant_status_to_string (cases[i].status), ==,
                       cases[i].text);
      g_assert_cmpstr (g_enum_get_value (klass, cases[i].status)->value_nick, ==,
                       cases[i].nick);
    }
}

static void
test_conference_state_to_string (void)
{
  static const struct {
    ScConferenceState state;
    const char *text;
    const char *nick;
  } cases[] = {
    { SC_CONFERENCE_STATE_CREATING, "Creating", "creating" },
    { SC_CONFERENCE_STATE_ACTIVE, "Active", "active" },
    { SC_CONFERENCE_STATE_LOCKED, "Locked", "locked" },
    { SC_CONFERENCE_STATE_TERMINATING, "Terminating", "terminating" },
    { SC_CONFERENCE_STATE_TERMINATED, "Terminated", "terminated" },
  };
  g_autoptr (GEnumClass) klass = g_type_class_ref (SC_TYPE_CONFERENCE_STATE);

  g_test_summary ("Every conference state has the Rust Display text and "
                  "a GEnumValue");

  g_assert_cmpuint (klass->n_values, ==, G_N_ELEMENTS (cases));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpstr (sc_conference_state_to_string (cases[i].state), ==,
                       cases[i].text);
      g_assert_cmpstr (g_enum_get_value (klass, cases[i].state)->value_nick, ==,
                       cases[i].nick);
    }
}

static void
test_conference_enums_to_string_out_of_range (void)
{
  g_test_summary ("An out-of-range value gives \"Unknown\" with a critical, "
                  "as sc_call_state_to_string() does");

  if (g_test_subprocess ())
    {
      g_test_log_set_fatal_handler (NULL, NULL);
      g_log_set_always_fatal (G_LOG_FATAL_MASK);
      g_assert_cmpstr (sc_participant_status_to_string ((ScParticipantStatus) 99),
                       ==, "Unknown");
      g_assert_cmpstr (sc_conference_state_to_string ((ScConferenceState) 99),
                       ==, "Unknown");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*CRITICAL*sc_participant_status_to_string*"
                             "*CRITICAL*sc_conference_state_to_string*");
}

/* ScConferenceParticipant */

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_conference_participant_properties (void)
{
  g_autoptr (ScConferenceParticipant) p = NULL;
  g_autofree char *session_id = NULL;
  g_autofree char *sip_uri = NULL;
  g_autofree char *display_name = NULL;
  ScParticipantStatus status;
  guint rtp_port;
  gboolean audio_active, talking;
  gint64 joined_at;

  g_test_summary ("A new participant has what it was made with, status "
                  "JOINING, and the same values as getters and properties");

  p = _sc_conference_participant_new ("sess_1", "sip:alice@example.com",
                                      "Alice", 40000,
                                      G_GINT64_CONSTANT (1700000000000000));

  g_assert_cmpstr (sc_conference_participant_get_session_id (p), ==, "sess_1");
  g_assert_cmpstr (sc_conference_participant_get_sip_uri (p), ==,
                   "sip:alice@example.com");
  g_assert_cmpstr (sc_conference_participant_get_display_name (p), ==, "Alice");
  g_assert_cmpint (sc_conference_participant_get_status (p), ==,
                   SC_PARTICIPANT_STATUS_JOINING);
  g_assert_cmpuint (sc_conference_participant_get_rtp_port (p), ==, 40000);
  g_assert_false (sc_conference_participant_get_audio_active (p));
  g_assert_cmpint (sc_conference_participant_get_joined_at (p), ==,
                   G_GINT64_CONSTANT (1700000000000000));
  g_assert_false (sc_conference_participant_get_talking (p));

  _sc_conference_participant_set_status (p, SC_PARTICIPANT_STATUS_ON_HOLD);
  _sc_conference_participant_set_audio_active (p, TRUE);
  _sc_conference_participant_set_talking (p, TRUE);

  g_object_get (p,
                "session-id", &session_id,
                "sip-uri", &sip_uri,
                "display-name", &display_name,
                "status", &status,
                "rtp-port", &rtp_port,
                "audio-active", &audio_active,
                "joined-at", &joined_at,
                "talking", &talking,
                NULL);
  g_assert_cmpstr (session_id, ==, "sess_1");
  g_assert_cmpstr (sip_uri, ==, "sip:alice@example.com");
  g_assert_cmpstr (display_name, ==, "Alice");
  g_assert_cmpint (status, ==, SC_PARTICIPANT_STATUS_ON_HOLD);
  g_assert_cmpuint (rtp_port, ==, 40000);
  g_assert_true (audio_active);
  g_assert_cmpint (joined_at, ==, G_GINT64_CONSTANT (1700000000000000));
  g_assert_true (talking);
}

static void
test_conference_participant_notify (void)
{
  g_autoptr (ScConferenceParticipant) p = NULL;
  guint status = 0, audio = 0, talking = 0, any = 0;

  g_test_summary ("The setters notify their property once per change, and "
                  "not when the value stays");

  p = _sc_conference_participant_new ("sess_1", "sip:a@x", NULL, 40000, 1);
  g_signal_connect (p, "notify::status", G_CALLBACK (count_notify_cb), &status);
  g_signal_connect (p, "notify::audio-active", G_CALLBACK (count_notify_cb), &audio);
  g_signal_connect (p, "notify::talking", G_CALLBACK (count_notify_cb), &talking);
  g_signal_connect (p, "notify", G_CALLBACK (count_notify_cb), &any);

  _sc_conference_participant_set_status (p, SC_PARTICIPANT_STATUS_JOINING);
  _sc_conference_participant_set_audio_active (p, FALSE);
  _sc_conference_participant_set_talking (p, FALSE);
  g_assert_cmpuint (any, ==, 0);

  _sc_conference_participant_set_status (p, SC_PARTICIPANT_STATUS_ACTIVE);
  _sc_conference_participant_set_status (p, SC_PARTICIPANT_STATUS_ACTIVE);
  g_assert_cmpuint (status, ==, 1);
  _sc_conference_participant_set_status (p, SC_PARTICIPANT_STATUS_MUTED);
  g_assert_cmpuint (status, ==, 2);

  _sc_conference_participant_set_audio_active (p, TRUE);
  _sc_conference_participant_set_audio_active (p, 2);  /* still TRUE */
  g_assert_cmpuint (audio, ==, 1);
  _sc_conference_participant_set_audio_active (p, FALSE);
  g_assert_cmpuint (audio, ==, 2);

  _sc_conference_participant_set_talking (p, TRUE);
  _sc_conference_participant_set_talking (p, TRUE);
  _sc_conference_participant_set_talking (p, FALSE);
  _sc_conference_participant_set_talking (p, FALSE);
  g_assert_cmpuint (talking, ==, 2);

  g_assert_cmpuint (any, ==, 6);
  g_assert_cmpint (sc_conference_participant_get_status (p), ==,
                   SC_PARTICIPANT_STATUS_MUTED);
}

static void
test_conference_participant_info (void)
{
  g_autoptr (ScConferenceParticipant) p = NULL;
  g_autoptr (ScParticipantInfo) before = NULL;
  g_autoptr (ScParticipantInfo) after = NULL;

  g_test_summary ("get_info() is a snapshot of the current values that "
                  "does not follow later changes");

  p = _sc_conference_participant_new ("sess_1", "sip:alice@example.com",
                                      "Alice", 40000, 1234);
  before = sc_conference_participant_get_info (p);

  _sc_conference_participant_set_status (p, SC_PARTICIPANT_STATUS_ACTIVE);
  _sc_conference_participant_set_audio_active (p, TRUE);
  _sc_conference_participant_set_talking (p, TRUE);
  after = sc_conference_participant_get_info (p);

  g_assert_cmpint (sc_participant_info_get_status (before), ==,
                   SC_PARTICIPANT_STATUS_JOINING);
  g_assert_false (sc_participant_info_get_audio_active (before));
  g_assert_false (sc_participant_info_get_talking (before));

  g_assert_cmpstr (sc_participant_info_get_session_id (after), ==, "sess_1");
  g_assert_cmpstr (sc_participant_info_get_sip_uri (after), ==,
                   "sip:alice@example.com");
  g_assert_cmpstr (sc_participant_info_get_display_name (after), ==, "Alice");
  g_assert_cmpint (sc_participant_info_get_status (after), ==,
                   SC_PARTICIPANT_STATUS_ACTIVE);
  g_assert_cmpuint (sc_participant_info_get_rtp_port (after), ==, 40000);
  g_assert_true (sc_participant_info_get_audio_active (after));
  g_assert_cmpint (sc_participant_info_get_joined_at (after), ==, 1234);
  g_assert_true (sc_participant_info_get_talking (after));
}

/* ScConference */

typedef struct {
  guint position;
  guint removed;
  guint added;
} ItemsChanged;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  GArray *log = user_data;
  ItemsChanged change = { position, removed, added };

  g_array_append_val (log, change);
}

static void
assert_items_changed (GArray *log,
                      guint   index,
                      guint   position,
                      guint   removed,
                      guint   added)
{
  ItemsChanged *change;

  g_assert_cmpuint (log->len, >, index);
  change = &g_array_index (log, ItemsChanged, index);
  g_assert_cmpuint (change->position, ==, position);
  g_assert_cmpuint (change->removed, ==, removed);
  g_assert_cmpuint (change->added, ==, added);
}

static void
test_conference_properties (void)
{
  g_autoptr (ScConferenceConfig) config = sc_conference_config_new ();
  g_autoptr (ScConference) conference = NULL;
  g_autoptr (ScConferenceConfig) config_prop = NULL;
  g_autoptr (GListModel) participants = NULL;
  g_autofree char *id = NULL;
  ScConferenceState state;
  gint64 created_at;
  gboolean recording;

  g_test_summary ("A new conference has its id, a copy of its config, "
                  "state CREATING, an empty list of participants, and the "
                  "same values as getters and properties");

  sc_conference_config_set_name (config, "Standup");
  conference = _sc_conference_new ("conf_1", config, 1234);
  sc_conference_config_set_name (config, "changed after");

  g_assert_cmpstr (sc_conference_get_id (conference), ==, "conf_1");
  g_assert_cmpstr (sc_conference_config_get_name (sc_conference_get_config (conference)),
                   ==, "Standup");
  g_assert_cmpint (sc_conference_get_state (conference), ==,
                   SC_CONFERENCE_STATE_CREATING);
  g_assert_cmpint (sc_conference_get_created_at (conference), ==, 1234);
  g_assert_false (sc_conference_get_recording (conference));
  g_assert_true (g_list_model_get_item_type (sc_conference_get_participants (conference)) ==
                 SC_TYPE_CONFERENCE_PARTICIPANT);
  g_assert_cmpuint (g_list_model_get_n_items (sc_conference_get_participants (conference)),
                    ==, 0);

  g_object_get (conference,
                "id", &id,
                "config", &config_prop,
                "state", &state,
                "participants", &participants,
                "created-at", &created_at,
                "recording", &recording,
                NULL);
  g_assert_cmpstr (id, ==, "conf_1");
  g_assert_cmpstr (sc_conference_config_get_name (config_prop), ==, "Standup");
  g_assert_cmpint (state, ==, SC_CONFERENCE_STATE_CREATING);
  g_assert_true (participants == sc_conference_get_participants (conference));
  g_assert_cmpint (created_at, ==, 1234);
  g_assert_false (recording);
}

static void
test_conference_items_changed (void)
{
  g_autoptr (ScConferenceConfig) config = sc_conference_config_new ();
  g_autoptr (ScConference) conference = _sc_conference_new ("conf_1", config, 1);
  g_autoptr (GArray) log = g_array_new (FALSE, FALSE, sizeof (ItemsChanged));
  g_autoptr (ScConferenceParticipant) a = NULL;
  g_autoptr (ScConferenceParticipant) b = NULL;
  g_autoptr (ScConferenceParticipant) c = NULL;
  g_autoptr (ScConferenceParticipant) item = NULL;
  GListModel *model = sc_conference_get_participants (conference);

  g_test_summary ("Adding appends with items-changed (n, 0, 1); removing "
                  "emits items-changed at the participant's position");

  a = _sc_conference_participant_new ("sess_a", "sip:a@x", NULL, 40000, 1);
  b = _sc_conference_participant_new ("sess_b", "sip:b@x", NULL, 40002, 2);
  c = _sc_conference_participant_new ("sess_c", "sip:c@x", NULL, 40004, 3);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), log);

  _sc_conference_add_participant (conference, a);
  _sc_conference_add_participant (conference, b);
  _sc_conference_add_participant (conference, c);
  g_assert_cmpuint (log->len, ==, 3);
  assert_items_changed (log, 0, 0, 0, 1);
  assert_items_changed (log, 1, 1, 0, 1);
  assert_items_changed (log, 2, 2, 0, 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);

  _sc_conference_remove_participant (conference, b);
  g_assert_cmpuint (log->len, ==, 4);
  assert_items_changed (log, 3, 1, 1, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  item = g_list_model_get_item (model, 1);
  g_assert_true (item == c);
  g_clear_object (&item);

  _sc_conference_remove_participant (conference, a);
  assert_items_changed (log, 4, 0, 1, 0);
  _sc_conference_remove_participant (conference, c);
  assert_items_changed (log, 5, 0, 1, 0);
  g_assert_cmpuint (log->len, ==, 6);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);

  /* The list dropped its references: ours are the last. */
  g_assert_cmpuint (G_OBJECT (a)->ref_count, ==, 1);
  g_assert_cmpuint (G_OBJECT (b)->ref_count, ==, 1);
  g_assert_cmpuint (G_OBJECT (c)->ref_count, ==, 1);
}

static void
test_conference_find_participant (void)
{
  g_autoptr (ScConferenceConfig) config = sc_conference_config_new ();
  g_autoptr (ScConference) conference = _sc_conference_new ("conf_1", config, 1);
  g_autoptr (ScConferenceParticipant) a = NULL;
  g_autoptr (ScConferenceParticipant) b = NULL;

  g_test_summary ("find_participant() finds a participant by session id, "
                  "and NULL once it left or for an unknown id");

  a = _sc_conference_participant_new ("sess_a", "sip:a@x", NULL, 40000, 1);
  b = _sc_conference_participant_new ("sess_b", "sip:b@x", NULL, 40002, 2);
  g_assert_null (_sc_conference_find_participant (conference, "sess_a"));

  _sc_conference_add_participant (conference, a);
  _sc_conference_add_participant (conference, b);
  g_assert_true (_sc_conference_find_participant (conference, "sess_a") == a);
  g_assert_true (_sc_conference_find_participant (conference, "sess_b") == b);
  g_assert_null (_sc_conference_find_participant (conference, "sess_c"));
  g_assert_null (_sc_conference_find_participant (conference, ""));

  _sc_conference_remove_participant (conference, a);
  g_assert_null (_sc_conference_find_participant (conference, "sess_a"));
  g_assert_true (_sc_conference_find_participant (conference, "sess_b") == b);
  /* Transfer none: the list's reference and ours. */
  g_assert_cmpuint (G_OBJECT (b)->ref_count, ==, 2);
}

static void
test_conference_notify (void)
{
  g_autoptr (ScConferenceConfig) config = sc_conference_config_new ();
  g_autoptr (ScConferenceConfig) other = NULL;
  g_autoptr (ScConference) conference = _sc_conference_new ("conf_1", config, 1);
  guint state = 0, recording = 0, config_count = 0;

  g_test_summary ("The state, recording and config setters notify once per "
                  "change, and not when the value stays");

  g_signal_connect (conference, "notify::state", G_CALLBACK (count_notify_cb), &state);
  g_signal_connect (conference, "notify::recording", G_CALLBACK (count_notify_cb),
                    &recording);
  g_signal_connect (conference, "notify::config", G_CALLBACK (count_notify_cb),
                    &config_count);

  _sc_conference_set_state (conference, SC_CONFERENCE_STATE_CREATING);
  g_assert_cmpuint (state, ==, 0);
  _sc_conference_set_state (conference, SC_CONFERENCE_STATE_ACTIVE);
  _sc_conference_set_state (conference, SC_CONFERENCE_STATE_ACTIVE);
  g_assert_cmpuint (state, ==, 1);
  _sc_conference_set_state (conference, SC_CONFERENCE_STATE_LOCKED);
  g_assert_cmpuint (state, ==, 2);
  g_assert_cmpint (sc_conference_get_state (conference), ==,
                   SC_CONFERENCE_STATE_LOCKED);

  _sc_conference_set_recording (conference, FALSE);
  _sc_conference_set_recording (conference, TRUE);
  _sc_conference_set_recording (conference, 7);  /* still TRUE */
  g_assert_cmpuint (recording, ==, 1);
  g_assert_true (sc_conference_get_recording (conference));
  _sc_conference_set_recording (conference, FALSE);
  g_assert_cmpuint (recording, ==, 2);

  /* An equal configuration is no change. */
  other = sc_conference_config_copy (config);
  _sc_conference_set_config (conference, other);
  g_assert_cmpuint (config_count, ==, 0);
  sc_conference_config_set_max_participants (other, 20);
  _sc_conference_set_config (conference, other);
  g_assert_cmpuint (config_count, ==, 1);
  g_assert_cmpuint (sc_conference_config_get_max_participants (sc_conference_get_config (conference)),
                    ==, 20);
  /* The conference keeps its own copy. */
  g_assert_true (sc_conference_get_config (conference) != other);
  sc_conference_config_set_name (other, "Other");
  _sc_conference_set_config (conference, other);
  g_assert_cmpuint (config_count, ==, 2);
  g_assert_cmpstr (sc_conference_config_get_name (sc_conference_get_config (conference)),
                   ==, "Other");
}

static void
test_conference_terminated (void)
{
  g_autoptr (ScConferenceConfig) config = sc_conference_config_new ();
  ScConference *conference = _sc_conference_new ("conf_1", config, 1);
  g_autoptr (ScConferenceParticipant) a = NULL;
  g_autoptr (GListModel) model = NULL;

  g_test_summary ("A terminated conference stays readable; its list "
                  "outlives the conference for whoever holds it");

  a = _sc_conference_participant_new ("sess_a", "sip:a@x", NULL, 40000, 1);
  _sc_conference_set_state (conference, SC_CONFERENCE_STATE_ACTIVE);
  _sc_conference_add_participant (conference, a);
  _sc_conference_set_state (conference, SC_CONFERENCE_STATE_TERMINATING);
  _sc_conference_participant_set_status (a, SC_PARTICIPANT_STATUS_LEFT);
  _sc_conference_remove_participant (conference, a);
  _sc_conference_set_state (conference, SC_CONFERENCE_STATE_TERMINATED);

  g_assert_cmpint (sc_conference_get_state (conference), ==,
                   SC_CONFERENCE_STATE_TERMINATED);
  g_assert_cmpstr (sc_conference_get_id (conference), ==, "conf_1");
  model = g_object_ref (sc_conference_get_participants (conference));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpint (sc_conference_participant_get_status (a), ==,
                   SC_PARTICIPANT_STATUS_LEFT);

  g_object_unref (conference);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
}

/* ---- bridges ---- */

static void
test_bridge_config_defaults (void)
{
  g_autoptr (ScBridgeConfig) config = sc_bridge_config_new ();
  g_autoptr (GError) error = NULL;

  g_test_summary ("sc_bridge_config_new has API.md's defaults: 10 members, no name, "
                  "300 s timeout, mixing, auto start, auto stop when empty; "
                  "they validate");

  g_assert_cmpuint (sc_bridge_config_get_max_sessions (config), ==, 10);
  g_assert_null (sc_bridge_config_get_name (config));
  g_assert_cmpuint (sc_bridge_config_get_timeout_secs (config), ==, 300);
  g_assert_true (sc_bridge_config_get_enable_mixing (config));
  g_assert_true (sc_bridge_config_get_auto_start (config));
  g_assert_true (sc_bridge_config_get_auto_stop_on_empty (config));
  g_assert_true (sc_bridge_config_validate (config, &error));
  g_assert_no_error (error);
}

static void
test_bridge_config_copy (void)
{
  g_autoptr (ScBridgeConfig) config = sc_bridge_config_new ();
  g_autoptr (ScBridgeConfig) copy = NULL;
  g_autoptr (ScBridgeConfig) boxed = NULL;
  g_autoptr (ScBridgeConfig) unnamed = NULL;

  g_test_summary ("Setters store every field; a copy is equal and independent "
                  "(its own name), g_boxed_copy too");

  sc_bridge_config_set_max_sessions (config, 2);
  sc_bridge_config_set_name (config, "support-42");
  sc_bridge_config_set_timeout_secs (config, 0);
  sc_bridge_config_set_enable_mixing (config, FALSE);
  sc_bridge_config_set_auto_start (config, FALSE);
  sc_bridge_config_set_auto_stop_on_empty (config, FALSE);
  g_assert_cmpuint (sc_bridge_config_get_max_sessions (config), ==, 2);
  g_assert_cmpstr (sc_bridge_config_get_name (config), ==, "support-42");
  g_assert_cmpuint (sc_bridge_config_get_timeout_secs (config), ==, 0);
  g_assert_false (sc_bridge_config_get_enable_mixing (config));
  g_assert_false (sc_bridge_config_get_auto_start (config));
  g_assert_false (sc_bridge_config_get_auto_stop_on_empty (config));

  copy = sc_bridge_config_copy (config);
  g_assert_true (copy != config);
  g_assert_true (sc_bridge_config_get_name (copy) != sc_bridge_config_get_name (config));

  /* Changing the original leaves the copy as it was. */
  sc_bridge_config_set_max_sessions (config, 50);
  sc_bridge_config_set_name (config, "changed");
  sc_bridge_config_set_timeout_secs (config, 9);
  sc_bridge_config_set_enable_mixing (config, TRUE);
  sc_bridge_config_set_auto_start (config, TRUE);
  sc_bridge_config_set_auto_stop_on_empty (config, TRUE);

  g_assert_cmpuint (sc_bridge_config_get_max_sessions (copy), ==, 2);
  g_assert_cmpstr (sc_bridge_config_get_name (copy), ==, "support-42");
  g_assert_cmpuint (sc_bridge_config_get_timeout_secs (copy), ==, 0);
  g_assert_false (sc_bridge_config_get_enable_mixing (copy));
  g_assert_false (sc_bridge_config_get_auto_start (copy));
  g_assert_false (sc_bridge_config_get_auto_stop_on_empty (copy));

  boxed = g_boxed_copy (SC_TYPE_BRIDGE_CONFIG, copy);
  g_assert_true (boxed != copy);
  g_assert_cmpuint (sc_bridge_config_get_max_sessions (boxed), ==, 2);
  g_assert_cmpstr (sc_bridge_config_get_name (boxed), ==, "support-42");
  g_assert_false (sc_bridge_config_get_auto_start (boxed));

  /* A name can be cleared; a copy of no name is no name. */
  sc_bridge_config_set_name (config, NULL);
  g_assert_null (sc_bridge_config_get_name (config));
  unnamed = sc_bridge_config_copy (config);
  g_assert_null (sc_bridge_config_get_name (unnamed));
  g_assert_cmpuint (sc_bridge_config_get_max_sessions (unnamed), ==, 50);

  sc_bridge_config_free (NULL);
}

static void
test_bridge_config_validate (void)
{
  g_autoptr (ScBridgeConfig) config = sc_bridge_config_new ();
  const guint valid[] = { 2, 10, 1000 };
  const guint invalid[] = { 0, 1, 1001 };

  g_test_summary ("validate accepts max_sessions from 2 to 1000 and refuses the "
                  "rest with CONFIG naming the field; the other fields are free");

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr (GError) error = NULL;

      sc_bridge_config_set_max_sessions (config, valid[i]);
      g_assert_true (sc_bridge_config_validate (config, &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr (GError) error = NULL;

      sc_bridge_config_set_max_sessions (config, invalid[i]);
      g_assert_false (sc_bridge_config_validate (config, &error));
      g_assert_error (error, SC_ERROR, SC_ERROR_CONFIG);
      g_assert_nonnull (strstr (error->message, "max_sessions"));
    }
  sc_bridge_config_set_max_sessions (config, 2);
  sc_bridge_config_set_timeout_secs (config, 0);
  sc_bridge_config_set_enable_mixing (config, FALSE);
  sc_bridge_config_set_name (config, "");
  g_assert_true (sc_bridge_config_validate (config, NULL));
}

static void
test_bridge_info_getters (void)
{
  const char *members[] = { "sess_a", "sess_b", NULL };
  const char *none[] = { NULL };
  g_autoptr (ScBridgeInfo) info = _sc_bridge_info_new ("bridge_x", "lobby", members,
                                                       1700000000000000);
  g_autoptr (ScBridgeInfo) copy = NULL;
  g_autoptr (ScBridgeInfo) boxed = NULL;
  g_autoptr (ScBridgeInfo) empty = _sc_bridge_info_new ("bridge_y", NULL, none, 42);
  const char * const *sessions;

  g_test_summary ("ScBridgeInfo getters (id, name, sessions in order, "
                  "participant count, created_at); a copy is equal and owns "
                  "its strings; an empty bridge has an empty list");

  g_assert_cmpstr (sc_bridge_info_get_id (info), ==, "bridge_x");
  g_assert_cmpstr (sc_bridge_info_get_name (info), ==, "lobby");
  sessions = sc_bridge_info_get_sessions (info);
  g_assert_nonnull (sessions);
  g_assert_cmpstr (sessions[0], ==, "sess_a");
  g_assert_cmpstr (sessions[1], ==, "sess_b");
  g_assert_null (sessions[2]);
  g_assert_true (sessions != members);
  g_assert_cmpuint (sc_bridge_info_get_participant_count (info), ==, 2);
  g_assert_cmpint (sc_bridge_info_get_created_at (info), ==, 1700000000000000);

  copy = sc_bridge_info_copy (info);
  g_clear_pointer (&info, sc_bridge_info_free);
  g_assert_cmpstr (sc_bridge_info_get_id (copy), ==, "bridge_x");
  g_assert_cmpstr (sc_bridge_info_get_name (copy), ==, "lobby");
  g_assert_cmpstrv ((GStrv) sc_bridge_info_get_sessions (copy),
                    ((const char *[]) { "sess_a", "sess_b", NULL }));
  g_assert_cmpuint (sc_bridge_info_get_participant_count (copy), ==, 2);
  g_assert_cmpint (sc_bridge_info_get_created_at (copy), ==, 1700000000000000);

  boxed = g_boxed_copy (SC_TYPE_BRIDGE_INFO, copy);
  g_assert_true (boxed != copy);
  g_assert_true (sc_bridge_info_get_sessions (boxed) != sc_bridge_info_get_sessions (copy));
  g_assert_cmpuint (sc_bridge_info_get_participant_count (boxed), ==, 2);

  g_assert_null (sc_bridge_info_get_name (empty));
  g_assert_nonnull (sc_bridge_info_get_sessions (empty));
  g_assert_null (sc_bridge_info_get_sessions (empty)[0]);
  g_assert_cmpuint (sc_bridge_info_get_participant_count (empty), ==, 0);

  sc_bridge_info_free (NULL);
}

static void
test_bridge_event_new (void)
{
  gint64 before = g_get_real_time ();
  g_autoptr (ScBridgeEvent) event =
    sc_bridge_event_new ("bridge_x", SC_BRIDGE_EVENT_TYPE_SESSION_REMOVED, "sess_a",
                         "session terminated");
  g_autoptr (ScBridgeEvent) bare =
    sc_bridge_event_new ("bridge_x", SC_BRIDGE_EVENT_TYPE_CREATED, NULL, NULL);
  g_autoptr (ScBridgeEvent) copy = NULL;
  g_autoptr (ScBridgeEvent) boxed = NULL;
  gint64 timestamp;

  g_test_summary ("ScBridgeEvent getters (bridge id, type, nullable session and "
                  "reason, wall-clock timestamp); a copy is equal and independent");

  g_assert_cmpstr (sc_bridge_event_get_bridge_id (event), ==, "bridge_x");
  g_assert_cmpint (sc_bridge_event_get_event_type (event), ==,
                   SC_BRIDGE_EVENT_TYPE_SESSION_REMOVED);
  g_assert_cmpstr (sc_bridge_event_get_session_id (event), ==, "sess_a");
  g_assert_cmpstr (sc_bridge_event_get_reason (event), ==, "session terminated");
  timestamp = sc_bridge_event_get_timestamp (event);
  g_assert_cmpint (timestamp, >=, before);
  g_assert_cmpint (timestamp, <=, g_get_real_time ());

  g_assert_cmpint (sc_bridge_event_get_event_type (bare), ==, SC_BRIDGE_EVENT_TYPE_CREATED);
  g_assert_null (sc_bridge_event_get_session_id (bare));
  g_assert_null (sc_bridge_event_get_reason (bare));

  copy = sc_bridge_event_copy (event);
  g_assert_true (sc_bridge_event_get_reason (copy) != sc_bridge_event_get_reason (event));
  g_clear_pointer (&event, sc_bridge_event_free);
  g_assert_cmpstr (sc_bridge_event_get_bridge_id (copy), ==, "bridge_x");
  g_assert_cmpint (sc_bridge_event_get_event_type (copy), ==,
                   SC_BRIDGE_EVENT_TYPE_SESSION_REMOVED);
  g_assert_cmpstr (sc_bridge_event_get_session_id (copy), ==, "sess_a");
  g_assert_cmpstr (sc_bridge_event_get_reason (copy), ==, "session terminated");
  g_assert_cmpint (sc_bridge_event_get_timestamp (copy), ==, timestamp);

  boxed = g_boxed_copy (SC_TYPE_BRIDGE_EVENT, bare);
  g_assert_true (boxed != bare);
  g_assert_null (sc_bridge_event_get_session_id (boxed));
  g_assert_cmpint (sc_bridge_event_get_timestamp (boxed), ==,
                   sc_bridge_event_get_timestamp (bare));

  sc_bridge_event_free (NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server-config/defaults", test_server_config_defaults);
  g_test_add_func ("/server-config/setters", test_server_config_setters);
  g_test_add_func ("/server-config/copy", test_server_config_copy);
  g_test_add_func ("/server-config/validate/tcp", test_server_config_validate_tcp);
  g_test_add_func ("/server-config/validate/defaults",
                   test_server_config_validate_defaults);
  g_test_add_func ("/server-config/validate/bind-address",
                   test_server_config_validate_bind_address);
  g_test_add_func ("/server-config/validate/bind-address-unset",
                   test_server_config_validate_bind_address_unset);
  g_test_add_func ("/server-config/validate/bind-address-valid",
                   test_server_config_validate_bind_address_valid);
  g_test_add_func ("/server-config/validate/port-zero",
                   test_server_config_validate_port_zero);
  g_test_add_func ("/server-config/validate/max-sessions",
                   test_server_config_validate_max_sessions);
  g_test_add_func ("/server-config/validate/session-timeout",
                   test_server_config_validate_session_timeout);
  g_test_add_func ("/server-config/validate/transaction-timeout",
                   test_server_config_validate_transaction_timeout);
  g_test_add_func ("/server-config/validate/server-name",
                   test_server_config_validate_server_name);
  g_test_add_func ("/server-config/validate/contact-uri",
                   test_server_config_validate_contact_uri);
  g_test_add_func ("/server-config/validate/several-errors",
                   test_server_config_validate_first_error);
  g_test_add_func ("/server-config/parse-bind-address/valid",
                   test_server_config_parse_bind_address);
  g_test_add_func ("/server-config/parse-bind-address/invalid",
                   test_server_config_parse_bind_address_invalid);

  g_test_add_func ("/call-decision/accept", test_call_decision_accept);
  g_test_add_func ("/call-decision/accept-no-sdp",
                   test_call_decision_accept_no_sdp);
  g_test_add_func ("/call-decision/reject", test_call_decision_reject);
  g_test_add_func ("/call-decision/reject-with-code",
                   test_call_decision_reject_with_code);
  g_test_add_func ("/call-decision/reject-with-code-default-reason",
                   test_call_decision_reject_with_code_default_reason);
  g_test_add_func ("/call-decision/reject-with-code-range",
                   test_call_decision_reject_with_code_range);
  g_test_add_func ("/call-decision/defer", test_call_decision_defer);
  g_test_add_func ("/call-decision/forward", test_call_decision_forward);
  g_test_add_func ("/call-decision/copy", test_call_decision_copy);
  g_test_add_func ("/call-decision/wire-phrase",
                   test_call_decision_wire_phrase);
  g_test_add_func ("/call-decision/preconditions",
                   test_call_decision_preconditions);

  g_test_add_func ("/caller-info/new", test_caller_info_new);
  g_test_add_func ("/caller-info/with", test_caller_info_with);
  g_test_add_func ("/caller-info/copy", test_caller_info_copy);
  g_test_add_func ("/caller-info/username-domain",
                   test_caller_info_username_domain);
  g_test_add_func ("/caller-info/username-missing",
                   test_caller_info_username_missing);
  g_test_add_func ("/caller-info/unparsable", test_caller_info_unparsable);

  g_test_add_func ("/incoming-call-event/new", test_incoming_call_event_new);
  g_test_add_func ("/incoming-call-event/no-headers",
                   test_incoming_call_event_no_headers);
  g_test_add_func ("/incoming-call-event/copy", test_incoming_call_event_copy);

  g_test_add_func ("/session-stats/defaults", test_session_stats_defaults);
  g_test_add_func ("/session-stats/copy", test_session_stats_copy);

  g_test_add_func ("/media-info/defaults", test_media_info_defaults);
  g_test_add_func ("/media-info/copy", test_media_info_copy);

  g_test_add_func ("/prepared-call/getters", test_prepared_call_getters);
  g_test_add_func ("/prepared-call/copy", test_prepared_call_copy);

  g_test_add_func ("/incoming-call/getters", test_incoming_call_getters);
  g_test_add_func ("/incoming-call/properties", test_incoming_call_properties);
  g_test_add_func ("/incoming-call/no-headers", test_incoming_call_no_headers);

  g_test_add_func ("/incoming-call-notification/dispatch",
                   test_incoming_call_notification_dispatch);
  g_test_add_func ("/incoming-call-notification/unimplemented",
                   test_incoming_call_notification_unimplemented);
  g_test_add_func ("/incoming-call-notification/not-implemented",
                   test_incoming_call_notification_not_implemented);

  g_test_add_func ("/call-handler/dispatch", test_call_handler_dispatch);
  g_test_add_func ("/call-handler/unimplemented",
                   test_call_handler_unimplemented);
  g_test_add_func ("/call-handler/preconditions",
                   test_call_handler_preconditions);

  g_test_add_func ("/notification-setter/dispatch",
                   test_notification_setter_dispatch);

  g_test_add_func ("/bridge-config/defaults", test_bridge_config_defaults);
  g_test_add_func ("/bridge-config/copy", test_bridge_config_copy);
  g_test_add_func ("/bridge-config/validate", test_bridge_config_validate);
  g_test_add_func ("/bridge-info/getters", test_bridge_info_getters);
  g_test_add_func ("/bridge-event/new", test_bridge_event_new);

  g_test_add_func ("/conference-config/defaults", test_conference_config_defaults);
  g_test_add_func ("/conference-config/setters", test_conference_config_setters);
  g_test_add_func ("/conference-config/copy", test_conference_config_copy);
  g_test_add_func ("/conference-config/validate/defaults",
                   test_conference_config_validate_defaults);
  g_test_add_func ("/conference-config/validate/max-participants",
                   test_conference_config_validate_max_participants);
  g_test_add_func ("/conference-config/validate/sample-rate",
                   test_conference_config_validate_sample_rate);
  g_test_add_func ("/conference-config/validate/channels",
                   test_conference_config_validate_channels);
  g_test_add_func ("/conference-config/validate/rtp-ports",
                   test_conference_config_validate_rtp_ports);
  g_test_add_func ("/conference-config/validate/name",
                   test_conference_config_validate_name);
  g_test_add_func ("/conference-config/validate/several-errors",
                   test_conference_config_validate_first_error);

  g_test_add_func ("/participant-info/getters", test_participant_info_getters);
  g_test_add_func ("/conference-stats/getters", test_conference_stats_getters);

  g_test_add_func ("/conference-event/new", test_conference_event_new);
  g_test_add_func ("/conference-event/statuses-states",
                   test_conference_event_statuses_states);
  g_test_add_func ("/conference-event/preconditions",
                   test_conference_event_preconditions);

  g_test_add_func ("/conference-enums/participant-status-to-string",
                   test_participant_status_to_string);
  g_test_add_func ("/conference-enums/conference-state-to-string",
                   test_conference_state_to_string);
  g_test_add_func ("/conference-enums/to-string-out-of-range",
                   test_conference_enums_to_string_out_of_range);

  g_test_add_func ("/conference-participant/properties",
                   test_conference_participant_properties);
  g_test_add_func ("/conference-participant/notify-on-change",
                   test_conference_participant_notify);
  g_test_add_func ("/conference-participant/info",
                   test_conference_participant_info);

  g_test_add_func ("/conference/properties", test_conference_properties);
  g_test_add_func ("/conference/items-changed", test_conference_items_changed);
  g_test_add_func ("/conference/find-participant",
                   test_conference_find_participant);
  g_test_add_func ("/conference/notify-on-change", test_conference_notify);
  g_test_add_func ("/conference/terminated", test_conference_terminated);

  return g_test_run ();
}
