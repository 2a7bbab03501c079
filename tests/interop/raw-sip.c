/* raw-sip.c: hostile input against a server, in a network of the test's own
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "raw-sip.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#define NETNS_ENV "RAW_SIP_IN_NETNS"
#define RESOLV_CONF "/etc/resolv.conf"

/* ---- the network namespace ---- */

static char *
find_program (const char *name)
{
  const char *dirs[] = { "/usr/sbin", "/sbin", "/usr/bin", "/bin" };
  char *path = g_find_program_in_path (name);

  for (gsize i = 0; path == NULL && i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *candidate = g_build_filename (dirs[i], name, NULL);

      if (g_file_test (candidate, G_FILE_TEST_IS_EXECUTABLE))
        path = g_steal_pointer (&candidate);
    }
  return path;
}

char *
raw_netns_enter (int    argc,
                 char **argv)
{
  g_autofree char *unshare = NULL;
  g_autofree char *ip = NULL;
  g_autofree char *self = NULL;
  g_autofree char *probe_err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) args = NULL;
  int status = 0;

  if (g_getenv (NETNS_ENV) != NULL)
    return NULL;

  if (geteuid () != 0)
    return g_strdup ("a network namespace of its own needs root (unshare -n -m)");
  unshare = find_program ("unshare");
  ip = find_program ("ip");
  if (unshare == NULL || ip == NULL)
    return g_strdup_printf ("a network namespace of its own needs unshare and ip "
                            "(found: unshare %s, ip %s)",
                            unshare ? unshare : "no", ip ? ip : "no");

  /* Containers often forbid new namespaces: try once, loopback and all. */
  {
    const char *probe[] = { unshare, "-n", "-m", ip, "link", "set", "lo", "up", NULL };

    if (!g_spawn_sync (NULL, (char **) probe, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                       NULL, NULL, NULL, &probe_err, &status, &error))
      return g_strdup_printf ("cannot run %s: %s", unshare, error->message);
    if (!g_spawn_check_wait_status (status, &error))
      return g_strdup_printf ("unshare -n -m failed (%s): %s", error->message,
                              probe_err ? g_strstrip (probe_err) : "");
  }

  self = g_file_read_link ("/proc/self/exe", &error);
  if (self == NULL)
    return g_strdup_printf ("cannot find this program: %s", error->message);

  /* unshare -n -m -- a shell: loopback up, with one more IPv4 address
   * (TEST-NET-1, local to the namespace, no route anywhere) so that
   * getaddrinfo () asks DNS as on a real host (AI_ADDRCONFIG ignores
   * 127.0.0.1), then this program again. */
  args = g_ptr_array_new ();
  g_ptr_array_add (args, unshare);
  g_ptr_array_add (args, (char *) "-n");
  g_ptr_array_add (args, (char *) "-m");
  g_ptr_array_add (args, (char *) "--");
  g_ptr_array_add (args, (char *) "/bin/sh");
  g_ptr_array_add (args, (char *) "-c");
  g_ptr_array_add (args, (char *) "\"$0\" link set lo up && \"$0\" address add 192.0.2.1/32 dev lo "
                             "&& shift && exec \"$@\"");
  g_ptr_array_add (args, ip);
  g_ptr_array_add (args, (char *) "--");
  g_ptr_array_add (args, self);
  for (int i = 1; i < argc; i++)
    g_ptr_array_add (args, argv[i]);
  g_ptr_array_add (args, NULL);

  g_setenv (NETNS_ENV, "1", TRUE);
  execv (unshare, (char **) args->pdata);
  g_unsetenv (NETNS_ENV);
  return g_strdup_printf ("cannot run %s: %s", unshare, g_strerror (errno));
}

static char *resolv_conf_file;

void
raw_netns_set_resolv_conf (const char *contents)
{
  g_autoptr(GError) error = NULL;
  int fd;

  /* Only ever inside our own mount namespace. */
  g_assert_nonnull (g_getenv (NETNS_ENV));
  g_assert_null (resolv_conf_file);

  fd = g_file_open_tmp ("raw-sip-resolv-XXXXXX.conf", &resolv_conf_file, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (resolv_conf_file, contents, -1, &error);
  g_assert_no_error (error);
  if (mount (resolv_conf_file, RESOLV_CONF, "none", MS_BIND, NULL) < 0)
    g_error ("cannot bind-mount %s over " RESOLV_CONF ": %s", resolv_conf_file,
             g_strerror (errno));
}

void
raw_netns_restore_resolv_conf (void)
{
  if (resolv_conf_file == NULL)
    return;
  if (umount2 (RESOLV_CONF, 0) < 0)
    g_error ("cannot unmount " RESOLV_CONF ": %s", g_strerror (errno));
  g_unlink (resolv_conf_file);
  g_clear_pointer (&resolv_conf_file, g_free);
}

/* ---- a server in a thread of its own ---- */

struct _RawServer
{
  RawServerOptions  options;      /* its strings: the two below */
  char             *server_name;
  char             *forward_to;
  GThread          *thread;
  GMainContext     *context;
  ScSessionManager *manager;      /* the server's thread only */
  gint              stop;

  GMutex            lock;
  GCond             cond;
  gboolean          ready;
  guint             port;
  guint             n_incoming;
  guint             n_ended;
  gboolean          have_end;
  ScCallState       end_state;
  char             *end_reason;
  GPtrArray        *ends;         /* "<state>: <reason>" */
};

typedef struct {
  RawServer *server;
  char      *session_id;
} Deferred;

static void
deferred_free (gpointer data)
{
  Deferred *deferred = data;

  g_free (deferred->session_id);
  g_free (deferred);
}

static gboolean
accept_deferred_cb (gpointer user_data)
{
  Deferred *deferred = user_data;
  g_autoptr(ScCallSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = sc_session_manager_accept_incoming_call (deferred->server->manager,
                                                     deferred->session_id, NULL, &error);
  /* The caller may have given up meanwhile: its test sees that. */
  if (error != NULL)
    g_test_message ("raw server: cannot accept %s: %s", deferred->session_id,
                    error->message);
  return G_SOURCE_REMOVE;
}

static ScCallDecision *
server_incoming_cb (ScSessionManager *manager,
                    ScIncomingCall   *call,
                    RawServer        *server)
{
  g_mutex_lock (&server->lock);
  server->n_incoming++;
  g_mutex_unlock (&server->lock);
  if (server->options.reject_status != 0)
    return sc_call_decision_reject_with_code (server->options.reject_status, NULL);
  if (server->options.forward_to != NULL)
    return sc_call_decision_forward (server->options.forward_to);
  if (server->options.defer_ms > 0)
    {
      Deferred *deferred = g_new0 (Deferred, 1);
      GSource *timeout = g_timeout_source_new (server->options.defer_ms);

      deferred->server = server;
      deferred->session_id = g_strdup (sc_incoming_call_get_id (call));
      g_source_set_callback (timeout, accept_deferred_cb, deferred, deferred_free);
      g_source_attach (timeout, server->context);
      g_source_unref (timeout);
      return sc_call_decision_defer ();
    }
  return sc_call_decision_accept (NULL);
}

static void
server_ended_cb (ScSessionManager *manager,
                 ScCallSession    *session,
                 const char       *reason,
                 RawServer        *server)
{
  g_mutex_lock (&server->lock);
  server->n_ended++;
  server->have_end = TRUE;
  server->end_state = sc_call_session_get_state (session);
  g_free (server->end_reason);
  server->end_reason = g_strdup (reason);
  g_ptr_array_add (server->ends,
                   g_strdup_printf ("%s: %s", sc_call_state_to_string (server->end_state),
                                    reason ? reason : "(no reason)"));
  g_mutex_unlock (&server->lock);
}

static void
server_shutdown_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  sc_session_manager_shutdown_finish (SC_SESSION_MANAGER (source), result, &error);
  g_assert_no_error (error);
  *done = TRUE;
}

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static gpointer
server_thread (gpointer data)
{
  RawServer *server = data;
  g_autoptr(ScSessionManagerBuilder) builder = sc_session_manager_builder_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSource) tick = NULL;
  const char *address;
  gboolean done = FALSE;
  gint64 deadline;
  guint first, last;

  g_main_context_push_thread_default (server->context);

  test_port_range (20, &first, &last);
  sc_session_manager_builder_with_local_bind_addr (builder, "127.0.0.1:0");
  sc_session_manager_builder_with_media_ports (builder, first, last);
  if (server->options.transaction_timeout > 0)
    sc_session_manager_builder_with_transaction_timeout (builder,
                                                         server->options.transaction_timeout);
  if (server->options.no_media)
    sc_session_manager_builder_with_media_enabled (builder, FALSE);
  if (server->options.max_sessions > 0)
    sc_session_manager_builder_with_max_sessions (builder, server->options.max_sessions);
  if (server->options.server_name != NULL)
    sc_session_manager_builder_with_domain (builder, server->options.server_name);
  server->manager = sc_session_manager_builder_build (builder, &error);
  g_assert_no_error (error);
  g_signal_connect (server->manager, "incoming-call", G_CALLBACK (server_incoming_cb), server);
  g_signal_connect (server->manager, "call-ended", G_CALLBACK (server_ended_cb), server);

  address = sc_session_manager_get_bound_address (server->manager);
  g_mutex_lock (&server->lock);
  server->port = (guint) g_ascii_strtoull (strrchr (address, ':') + 1, NULL, 10);
  server->ready = TRUE;
  g_cond_signal (&server->cond);
  g_mutex_unlock (&server->lock);

  while (!g_atomic_int_get (&server->stop))
    g_main_context_iteration (server->context, TRUE);

  /* A tick, so that the wait below checks its deadline. */
  tick = g_timeout_source_new (100);
  g_source_set_callback (tick, wake_cb, NULL, NULL);
  g_source_attach (tick, server->context);
  sc_session_manager_shutdown_async (server->manager, NULL, server_shutdown_cb, &done);
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (server->context, TRUE);
  g_source_destroy (tick);
  if (!done)
    g_error ("the server did not shut down within 20 s");
  g_clear_object (&server->manager);
  g_main_context_pop_thread_default (server->context);
  return NULL;
}

RawServer *
raw_server_start (const RawServerOptions *options)
{
  RawServer *server = g_new0 (RawServer, 1);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  if (options != NULL)
    {
      server->options = *options;
      server->options.server_name = server->server_name = g_strdup (options->server_name);
      server->options.forward_to = server->forward_to = g_strdup (options->forward_to);
    }
  server->context = g_main_context_new ();
  server->ends = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&server->lock);
  g_cond_init (&server->cond);
  server->thread = g_thread_new ("raw-server", server_thread, server);

  g_mutex_lock (&server->lock);
  while (!server->ready)
    if (!g_cond_wait_until (&server->cond, &server->lock, deadline))
      g_error ("the server did not start within 10 s");
  g_mutex_unlock (&server->lock);
  return server;
}

guint
raw_server_get_port (RawServer *server)
{
  return server->port;
}

guint
raw_server_n_incoming (RawServer *server)
{
  guint n;

  g_mutex_lock (&server->lock);
  n = server->n_incoming;
  g_mutex_unlock (&server->lock);
  return n;
}

guint
raw_server_n_ended (RawServer *server)
{
  guint n;

  g_mutex_lock (&server->lock);
  n = server->n_ended;
  g_mutex_unlock (&server->lock);
  return n;
}

gboolean
raw_server_last_end (RawServer    *server,
                     ScCallState  *out_state,
                     char        **out_reason)
{
  gboolean have;

  g_mutex_lock (&server->lock);
  have = server->have_end;
  if (out_state != NULL)
    *out_state = server->end_state;
  if (out_reason != NULL)
    *out_reason = g_strdup (server->end_reason);
  g_mutex_unlock (&server->lock);
  return have;
}

GStrv
raw_server_ends (RawServer *server)
{
  GStrv ends;

  g_mutex_lock (&server->lock);
  ends = g_new0 (char *, server->ends->len + 1);
  for (guint i = 0; i < server->ends->len; i++)
    ends[i] = g_strdup (g_ptr_array_index (server->ends, i));
  g_mutex_unlock (&server->lock);
  return ends;
}

typedef struct {
  RawServer *server;
  char      *to;
} PlaceCall;

static gboolean
place_call_cb (gpointer user_data)
{
  PlaceCall *place = user_data;
  g_autofree char *from = g_strdup_printf ("sip:server@127.0.0.1:%u", place->server->port);
  g_autoptr(ScCallSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = sc_session_manager_create_outgoing_call (place->server->manager, from,
                                                     place->to, NULL, &error);
  g_assert_no_error (error);
  return G_SOURCE_REMOVE;
}

static void
place_call_free (gpointer data)
{
  PlaceCall *place = data;

  g_free (place->to);
  g_free (place);
}

void
raw_server_call (RawServer  *server,
                 const char *to)
{
  PlaceCall *place = g_new0 (PlaceCall, 1);

  place->server = server;
  place->to = g_strdup (to);
  g_main_context_invoke_full (server->context, G_PRIORITY_DEFAULT, place_call_cb,
                              place, place_call_free);
}

void
raw_server_stop (RawServer *server)
{
  g_atomic_int_set (&server->stop, 1);
  g_main_context_wakeup (server->context);
  g_thread_join (server->thread);
  /* Not unref'd: sofia's su_glib source is still attached after
   * su_root_destroy (), and finalizing it aborts in g_mutex_clear () (it
   * frees its mutex locked). The context goes with the process. */
  g_mutex_clear (&server->lock);
  g_cond_clear (&server->cond);
  g_free (server->end_reason);
  g_ptr_array_unref (server->ends);
  g_free (server->server_name);
  g_free (server->forward_to);
  g_free (server);
}

/* ---- a raw UDP peer ---- */

RawPeer *
raw_peer_new (guint server_port)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  RawPeer *peer = g_new0 (RawPeer, 1);

  peer->socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                               G_SOCKET_PROTOCOL_UDP, &error);
  g_assert_no_error (error);
  g_socket_bind (peer->socket, any, FALSE, &error);
  g_assert_no_error (error);
  g_socket_set_blocking (peer->socket, FALSE);
  bound = g_socket_get_local_address (peer->socket, &error);
  g_assert_no_error (error);
  peer->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  peer->server_port = server_port;
  peer->server = g_inet_socket_address_new (loopback, (guint16) server_port);
  return peer;
}

void
raw_peer_free (RawPeer *peer)
{
  g_clear_object (&peer->socket);
  g_clear_object (&peer->server);
  g_free (peer);
}

void
raw_peer_send (RawPeer    *peer,
               const void *data,
               gsize       len)
{
  g_autoptr(GError) error = NULL;
  gssize sent;

  sent = g_socket_send_to (peer->socket, peer->server, data, len, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sent, ==, (gssize) len);
}

void
raw_peer_send_text (RawPeer    *peer,
                    const char *text)
{
  raw_peer_send (peer, text, strlen (text));
}

char *
raw_peer_receive (RawPeer *peer,
                  guint    timeout_ms,
                  gsize   *out_len)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  char *buffer = g_malloc (65536);

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gint64 left = deadline - g_get_monotonic_time ();
      gssize n;

      n = g_socket_receive (peer->socket, buffer, 65535, NULL, &error);
      if (n >= 0)
        {
          buffer[n] = '\0';
          if (out_len != NULL)
            *out_len = (gsize) n;
          return buffer;
        }
      /* ICMP errors of what we sent earlier come back as errors here. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        continue;
      if (left <= 0)
        break;
      g_clear_error (&error);
      g_socket_condition_timed_wait (peer->socket, G_IO_IN, left, NULL, NULL);
    }
  g_free (buffer);
  return NULL;
}

char *
raw_peer_unique (RawPeer    *peer,
                 const char *prefix)
{
  return g_strdup_printf ("%s-%u-%u-%u", prefix, (guint) getpid (), peer->port,
                          ++peer->counter);
}

gint64
raw_peer_options (RawPeer *peer,
                  guint    timeout_ms)
{
  g_autofree char *branch = raw_peer_unique (peer, "z9hG4bK-options");
  g_autofree char *text = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + (gint64) timeout_ms * 1000;

  text = g_strdup_printf ("OPTIONS sip:server@127.0.0.1:%u SIP/2.0\r\n"
                          "Via: SIP/2.0/UDP 127.0.0.1:%u;branch=%s;rport\r\n"
                          "Max-Forwards: 70\r\n"
                          "From: <sip:probe@127.0.0.1:%u>;tag=%s\r\n"
                          "To: <sip:server@127.0.0.1:%u>\r\n"
                          "Call-ID: %s\r\n"
                          "CSeq: 1 OPTIONS\r\n"
                          "Content-Length: 0\r\n\r\n",
                          peer->server_port, peer->port, branch, peer->port, branch,
                          peer->server_port, branch);
  raw_peer_send_text (peer, text);

  while (g_get_monotonic_time () < deadline)
    {
      guint left = (guint) ((deadline - g_get_monotonic_time ()) / 1000) + 1;
      g_autofree char *message = raw_peer_receive (peer, left, NULL);
      g_autofree char *via = NULL;

      if (message == NULL)
        break;
      via = raw_header_of (message, "Via", "v");
      if (raw_status_of (message) >= 200 && via != NULL && strstr (via, branch) != NULL)
        return g_get_monotonic_time () - start;
    }
  return -1;
}

/* ---- reading messages ---- */

guint
raw_status_of (const char *message)
{
  if (message == NULL || !g_str_has_prefix (message, "SIP/2.0 ") ||
      !g_ascii_isdigit (message[8]) || !g_ascii_isdigit (message[9]) ||
      !g_ascii_isdigit (message[10]) || message[11] != ' ')
    return 0;
  return (guint) (message[8] - '0') * 100 + (guint) (message[9] - '0') * 10 +
         (guint) (message[10] - '0');
}

char *
raw_first_line (const char *message)
{
  return g_strndup (message, strcspn (message, "\r\n"));
}

char *
raw_header_of (const char *message,
               const char *name,
               const char *compact)
{
  const char *line = strstr (message, "\r\n");

  while (line != NULL && !g_str_has_prefix (line, "\r\n\r\n"))
    {
      const char *start = line + 2;
      const char *end = strstr (start, "\r\n");
      gsize len = end ? (gsize) (end - start) : strlen (start);
      const char *colon = memchr (start, ':', len);

      if (colon != NULL)
        {
          g_autofree char *field = g_strstrip (g_strndup (start, (gsize) (colon - start)));

          if (g_ascii_strcasecmp (field, name) == 0 ||
              (compact != NULL && g_ascii_strcasecmp (field, compact) == 0))
            return g_strstrip (g_strndup (colon + 1, len - (gsize) (colon + 1 - start)));
        }
      line = end;
    }
  return NULL;
}
