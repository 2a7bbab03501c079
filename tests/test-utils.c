/* test-utils.c: the test SDK
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test-utils.h"

#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib/gstdio.h>

/* ---- ports ---- */

/* Test programs take blocks of ports from 20000-31999: above the
 * library's default media range (10000-20000) and below the kernel's
 * ephemeral ports (32768-60999 on Linux), where every socket bound to
 * port 0 lands: SIP stacks, SIPp's free ports, raw test sockets. */
#define TEST_PORTS_START 20000
#define TEST_PORTS_END   32000
#define TEST_PORT_BLOCK  2000
/* Per manager: 240 RTP/RTCP pairs, more than the scale test's 200 calls
 * hold at once; four managers' ranges fit in a block. */
#define TEST_MANAGER_PORTS 480

G_LOCK_DEFINE_STATIC (ports);
static guint block_first;       /* 0 until this process holds a block */
static guint next_port;
static int   block_fds[2] = { -1, -1 };

/* A socket bound to 127.0.0.1:@port, or -1 if someone holds the port. */
static int
hold_port (guint port)
{
  struct sockaddr_in address = { 0 };
  int fd = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  address.sin_family = AF_INET;
  address.sin_port = htons ((guint16) port);
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (bind (fd, (struct sockaddr *) &address, sizeof address) == 0)
    return fd;
  g_assert_cmpint (errno, ==, EADDRINUSE);
  close (fd);
  return -1;
}

/* Binding the first two ports of a block is what claims it: another
 * test program trying the same block finds them busy and moves on. They
 * stay bound until this process exits, however it ends. */
static void
reserve_block (void)
{
  for (guint first = TEST_PORTS_START;
       first + TEST_PORT_BLOCK <= TEST_PORTS_END;
       first += TEST_PORT_BLOCK)
    {
      int rtp = hold_port (first);
      int rtcp = rtp >= 0 ? hold_port (first + 1) : -1;

      if (rtcp < 0)
        {
          if (rtp >= 0)
            close (rtp);
          continue;
        }
      block_fds[0] = rtp;
      block_fds[1] = rtcp;
      block_first = first;
      next_port = first + 2;
      return;
    }
  g_error ("no free block of %u test ports in %u-%u: too many test programs "
           "at once?", TEST_PORT_BLOCK, TEST_PORTS_START, TEST_PORTS_END - 1);
}

void
test_port_range (guint  n_ports,
                 guint *first,
                 guint *last)
{
  guint span = n_ports + n_ports % 2;

  g_assert_cmpuint (n_ports, >=, 2);
  g_assert_cmpuint (span, <=, TEST_PORT_BLOCK - 2);

  G_LOCK (ports);
  if (block_first == 0)
    reserve_block ();
  if (next_port + span > block_first + TEST_PORT_BLOCK)
    next_port = block_first + 2;
  *first = next_port;
  *last = next_port + n_ports - 1;
  next_port += span;
  G_UNLOCK (ports);
}

guint
test_discard_port (void)
{
  guint port;

  G_LOCK (ports);
  if (block_first == 0)
    reserve_block ();
  port = block_first;
  G_UNLOCK (ports);
  return port;
}

/* ---- managers ---- */

ScSessionManager *
test_manager_new (guint          max_sessions,
                  ScCallHandler *handler)
{
  TestManagerOptions options = { .max_sessions = max_sessions, .handler = handler };

  return test_manager_new_with_options (&options);
}

static void
apply_options (ScSessionManagerBuilder  *builder,
               const TestManagerOptions *options)
{
  if (options->max_sessions > 0)
    sc_session_manager_builder_with_max_sessions (builder, options->max_sessions);
  if (options->handler != NULL)
    sc_session_manager_builder_with_handler (builder, options->handler);
  if (options->transaction_timeout > 0)
    sc_session_manager_builder_with_transaction_timeout (builder,
                                                         options->transaction_timeout);
  if (options->transaction_manager != NULL)
    sc_session_manager_builder_with_transaction_manager (builder,
                                                         options->transaction_manager);
  if (options->music_on_hold_file != NULL)
    sc_session_manager_builder_with_music_on_hold_file (builder,
                                                        options->music_on_hold_file);
}

ScSessionManager *
test_manager_new_with_options (const TestManagerOptions *options)
{
  g_autoptr(ScSessionManagerBuilder) builder = sc_session_manager_builder_new ();
  g_autoptr(GError) error = NULL;
  ScSessionManager *manager;
  struct rlimit limit;
  guint first, last;

  /* Each call with media holds two sockets. */
  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
    }

  /* Separate ranges keep two managers of one test apart, and the block
   * keeps test programs apart; the pool skips a port someone holds
   * anyway. */
  test_port_range (TEST_MANAGER_PORTS, &first, &last);
  sc_session_manager_builder_with_local_bind_addr (builder, "127.0.0.1:0");
  sc_session_manager_builder_with_media_ports (builder, first, last);
  apply_options (builder, options);

  manager = sc_session_manager_builder_build (builder, &error);
  g_assert_no_error (error);
  g_assert_nonnull (manager);
  return manager;
}

ScServerSessionManager *
test_server_new (void)
{
  const TestManagerOptions defaults = { 0 };

  return test_server_new_with_options (&defaults);
}

ScServerSessionManager *
test_server_new_with_options (const TestManagerOptions *options)
{
  g_autoptr(ScSessionManagerBuilder) builder = sc_session_manager_builder_new ();
  g_autoptr(GError) error = NULL;
  ScServerSessionManager *server;
  guint first, last;

  test_port_range (400, &first, &last);
  sc_session_manager_builder_with_local_bind_addr (builder, "127.0.0.1:0");
  sc_session_manager_builder_with_media_ports (builder, first, last);
  apply_options (builder, options);
  server = sc_session_manager_builder_build_server (builder, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (SC_IS_SERVER_SESSION_MANAGER (server));
  return server;
}

char *
test_session_of_call (ScSessionManager *manager,
                      ScCallSession    *peer_session)
{
  g_auto(GStrv) ids = sc_session_manager_list_active_sessions (manager);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(ScCallSession) session = sc_session_manager_get_session (manager, ids[i]);

      if (g_strcmp0 (sc_call_session_get_sip_call_id (session),
                     sc_call_session_get_sip_call_id (peer_session)) == 0)
        return g_strdup (ids[i]);
    }
  g_assert_not_reached ();
}

char *
test_uri (ScSessionManager *manager,
          const char       *user)
{
  return g_strdup_printf ("sip:%s@%s", user,
                          sc_session_manager_get_bound_address (manager));
}

static void
shutdown_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (sc_session_manager_shutdown_finish (SC_SESSION_MANAGER (source),
                                                     result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

void
test_manager_shutdown (ScSessionManager *manager)
{
  gboolean done = FALSE;

  sc_session_manager_shutdown_async (manager, NULL, shutdown_cb, &done);
  TEST_WAIT (done, 40000);
}

/* ---- waiting ---- */

static gint64 wait_deadline;

void
test_iterate_or_fail (guint       timeout_ms,
                      const char *what)
{
  gint64 now = g_get_monotonic_time ();

  if (wait_deadline == 0)
    wait_deadline = now + (gint64) timeout_ms * 1000;
  if (now > wait_deadline)
    {
      wait_deadline = 0;
      g_error ("timed out after %u ms waiting for: %s", timeout_ms, what);
    }
  /* Never block for long: the deadline must be checked. */
  if (!g_main_context_iteration (NULL, FALSE))
    g_usleep (500);
}

void
test_iterate_reset (void)
{
  wait_deadline = 0;
}

void
test_wait_until (TestCondition  condition,
                 gpointer       user_data,
                 guint          timeout_ms,
                 const char    *what)
{
  while (!condition (user_data))
    test_iterate_or_fail (timeout_ms, what);
  test_iterate_reset ();
}

void
test_run_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (500);
}

/* ---- files ---- */

void
test_remove_tree (const char *path)
{
  GStatBuf info;

  if (g_lstat (path, &info) != 0)
    g_error ("cannot stat %s: %s", path, g_strerror (errno));
  if (S_ISDIR (info.st_mode))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
      const char *name;

      g_assert_no_error (error);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          test_remove_tree (child);
        }
      if (g_rmdir (path) != 0)
        g_error ("cannot remove %s: %s", path, g_strerror (errno));
    }
  else if (g_unlink (path) != 0)
    g_error ("cannot remove %s: %s", path, g_strerror (errno));
}

/* ---- recorder ---- */

static void
record (TestRecorder *recorder,
        const char   *session_id,
        char         *text)
{
  g_ptr_array_add (recorder->events, g_strdup_printf ("%s|%s", session_id, text));
  g_free (text);
}

static void
state_changed_cb (ScSessionManager *manager,
                  const char       *session_id,
                  ScCallState       old_state,
                  ScCallState       new_state,
                  const char       *reason,
                  TestRecorder     *recorder)
{
  record (recorder, session_id,
          g_strdup_printf ("state %s->%s", sc_call_state_to_string (old_state),
                           sc_call_state_to_string (new_state)));
  if (new_state == SC_CALL_STATE_ACTIVE)
    g_hash_table_add (recorder->active, g_strdup (session_id));
}

static void
established_cb (ScSessionManager *manager,
                ScCallSession    *session,
                const char       *local_sdp,
                const char       *remote_sdp,
                TestRecorder     *recorder)
{
  recorder->n_established++;
  g_free (recorder->last_local_sdp);
  recorder->last_local_sdp = g_strdup (local_sdp);
  g_free (recorder->last_remote_sdp);
  recorder->last_remote_sdp = g_strdup (remote_sdp);
  record (recorder, sc_call_session_get_id (session), g_strdup ("established"));
}

static void
ended_cb (ScSessionManager *manager,
          ScCallSession    *session,
          const char       *reason,
          TestRecorder     *recorder)
{
  ScCallState state = sc_call_session_get_state (session);

  recorder->n_ended++;
  g_hash_table_insert (recorder->final_states,
                       g_strdup (sc_call_session_get_id (session)),
                       GINT_TO_POINTER (state));
  g_free (recorder->last_end_reason);
  recorder->last_end_reason = g_strdup (reason);
  g_free (recorder->last_failure);
  recorder->last_failure = g_strdup (sc_call_session_get_failure_reason (session));
  record (recorder, sc_call_session_get_id (session),
          g_strdup_printf ("ended %s", sc_call_state_to_string (state)));
}

static ScCallDecision *
incoming_cb (ScSessionManager *manager,
             ScIncomingCall   *call,
             TestRecorder     *recorder)
{
  recorder->n_incoming++;
  g_free (recorder->last_incoming_id);
  recorder->last_incoming_id = g_strdup (sc_incoming_call_get_id (call));
  record (recorder, sc_incoming_call_get_id (call), g_strdup ("incoming"));
  return recorder->decision ? sc_call_decision_copy (recorder->decision) : NULL;
}

static void
dtmf_cb (ScSessionManager *manager,
         const char       *session_id,
         const char       *digit,
         guint             duration_ms,
         TestRecorder     *recorder)
{
  g_string_append (recorder->dtmf, digit);
  record (recorder, session_id, g_strdup_printf ("dtmf %s", digit));
}

static void
media_flow_cb (ScSessionManager *manager,
               const char       *session_id,
               gboolean          active,
               const char       *codec,
               TestRecorder     *recorder)
{
  if (active)
    recorder->n_flow_on++;
  else
    recorder->n_flow_off++;
}

TestRecorder *
test_recorder_new (ScSessionManager *manager)
{
  TestRecorder *recorder = g_new0 (TestRecorder, 1);

  recorder->manager = g_object_ref (manager);
  recorder->events = g_ptr_array_new_with_free_func (g_free);
  recorder->final_states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  recorder->active = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  recorder->dtmf = g_string_new (NULL);
  recorder->handler_ids[0] = g_signal_connect (manager, "call-state-changed",
                                               G_CALLBACK (state_changed_cb), recorder);
  recorder->handler_ids[1] = g_signal_connect (manager, "call-established",
                                               G_CALLBACK (established_cb), recorder);
  recorder->handler_ids[2] = g_signal_connect (manager, "call-ended",
                                               G_CALLBACK (ended_cb), recorder);
  recorder->handler_ids[3] = g_signal_connect (manager, "incoming-call",
                                               G_CALLBACK (incoming_cb), recorder);
  recorder->handler_ids[4] = g_signal_connect (manager, "dtmf",
                                               G_CALLBACK (dtmf_cb), recorder);
  recorder->handler_ids[5] = g_signal_connect (manager, "media-flow",
                                               G_CALLBACK (media_flow_cb), recorder);
  return recorder;
}

void
test_recorder_free (TestRecorder *recorder)
{
  for (guint i = 0; i < G_N_ELEMENTS (recorder->handler_ids); i++)
    if (recorder->handler_ids[i] != 0)
      g_signal_handler_disconnect (recorder->manager, recorder->handler_ids[i]);
  g_object_unref (recorder->manager);
  g_ptr_array_unref (recorder->events);
  g_hash_table_unref (recorder->final_states);
  g_hash_table_unref (recorder->active);
  g_string_free (recorder->dtmf, TRUE);
  g_clear_pointer (&recorder->decision, sc_call_decision_free);
  g_free (recorder->last_incoming_id);
  g_free (recorder->last_local_sdp);
  g_free (recorder->last_remote_sdp);
  g_free (recorder->last_end_reason);
  g_free (recorder->last_failure);
  g_free (recorder);
}

void
test_recorder_set_decision (TestRecorder   *recorder,
                            ScCallDecision *decision)
{
  g_clear_pointer (&recorder->decision, sc_call_decision_free);
  recorder->decision = decision;
}

void
test_recorder_forget (TestRecorder *recorder)
{
  g_ptr_array_set_size (recorder->events, 0);
  g_hash_table_remove_all (recorder->final_states);
  g_hash_table_remove_all (recorder->active);
}

char *
test_recorder_session_events (TestRecorder *recorder,
                              const char   *session_id)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gsize prefix_len = strlen (session_id);

  for (guint i = 0; i < recorder->events->len; i++)
    {
      const char *event = g_ptr_array_index (recorder->events, i);

      if (strncmp (event, session_id, prefix_len) == 0 && event[prefix_len] == '|')
        {
          if (text->len > 0)
            g_string_append (text, ", ");
          g_string_append (text, event + prefix_len + 1);
        }
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

gboolean
test_recorder_has_final (TestRecorder *recorder,
                         const char   *session_id,
                         ScCallState  *out_state)
{
  gpointer value;

  if (!g_hash_table_lookup_extended (recorder->final_states, session_id, NULL, &value))
    return FALSE;
  if (out_state != NULL)
    *out_state = GPOINTER_TO_INT (value);
  return TRUE;
}

/* ---- two managers ---- */

void
test_pair_setup (TestPair      *pair,
                 gconstpointer  unused)
{
  TestPairOptions options = { 0 };

  test_pair_setup_full (pair, &options);
}

void
test_pair_setup_full (TestPair              *pair,
                      const TestPairOptions *options)
{
  pair->a = test_manager_new_with_options (&options->a);
  if (options->existing_b != NULL)
    {
      g_assert_nonnull (options->existing_rb);
      g_assert_true (options->existing_rb->manager == options->existing_b);
      pair->b = g_object_ref (options->existing_b);
      pair->b_borrowed = TRUE;
    }
  else
    pair->b = test_manager_new_with_options (&options->b);
  pair->ra = test_recorder_new (pair->a);
  pair->rb = pair->b_borrowed ? options->existing_rb : test_recorder_new (pair->b);
  pair->a_uri = test_uri (pair->a, "alice");
  pair->b_uri = test_uri (pair->b, "bob");
}

void
test_pair_teardown (TestPair      *pair,
                    gconstpointer  unused)
{
  g_clear_object (&pair->session);
  g_clear_pointer (&pair->b_id, g_free);
  g_clear_pointer (&pair->ra, test_recorder_free);
  if (pair->b_borrowed)
    pair->rb = NULL;    /* its owner's */
  g_clear_pointer (&pair->rb, test_recorder_free);
  if (pair->a != NULL)
    test_manager_shutdown (pair->a);
  if (pair->b != NULL && !pair->b_borrowed)
    test_manager_shutdown (pair->b);
  g_clear_object (&pair->a);
  g_clear_object (&pair->b);
  g_clear_pointer (&pair->a_uri, g_free);
  g_clear_pointer (&pair->b_uri, g_free);
}

ScCallSession *
test_pair_call (TestPair   *pair,
                const char *offer)
{
  g_autoptr(GError) error = NULL;
  ScCallSession *session;

  session = sc_session_manager_create_outgoing_call (pair->a, pair->a_uri, pair->b_uri,
                                                     offer, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
  g_assert_cmpint (sc_call_session_get_state (session), ==, SC_CALL_STATE_INITIATING);
  g_assert_cmpint (sc_call_session_get_direction (session), ==, SC_CALL_DIRECTION_OUTGOING);
  g_assert_true (g_str_has_prefix (sc_call_session_get_id (session), "sess_"));
  return session;
}

ScCallSession *
test_pair_establish (TestPair   *pair,
                     const char *offer)
{
  guint established_a = pair->ra->n_established;
  guint established_b = pair->rb->n_established;

  g_assert_null (pair->session);
  test_recorder_set_decision (pair->rb, sc_call_decision_accept (NULL));
  pair->session = test_pair_call (pair, offer);
  TEST_WAIT (pair->ra->n_established == established_a + 1 &&
             pair->rb->n_established == established_b + 1, WAIT_MS);
  pair->b_id = g_strdup (pair->rb->last_incoming_id);
  g_assert_cmpint (sc_call_session_get_state (pair->session), ==, SC_CALL_STATE_ACTIVE);
  g_assert_true (g_hash_table_contains (pair->rb->active, pair->b_id));
  return pair->session;
}
