/* hold_and_dtmf.c: put a call on hold, resume it, send DTMF
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Alice calls Bob (two managers on 127.0.0.1), Bob accepts. Alice puts the
 * call on hold (re-INVITE a=sendonly: both sides go ON_HOLD), resumes it
 * (a=sendrecv: both ACTIVE again), then sends the digits "1234#"; Bob
 * prints each digit it receives and hangs up after "#".
 *
 * How the digits travel depends on the SDP: as RFC 4733 telephone-events in
 * the RTP stream when both sides negotiated telephone-event (two sessioncore
 * managers do), otherwise as SIP INFO (application/dtmf-relay). The
 * application code is the same either way: send_dtmf () and the dtmf signal.
 *
 *   ninja -C build && build/examples/hold_and_dtmf
 */

#include <sessioncore/sessioncore.h>

#include <string.h>

#define DIGITS "1234#"

typedef struct {
  GMainLoop        *loop;
  ScSessionManager *alice;
  ScSessionManager *bob;
  GString          *received;
  guint             n_ended;
  guint             n_shutting_down;
  guint             watchdog_id;
  int               exit_code;
} App;

static const char *
who (App              *app,
     ScSessionManager *manager)
{
  return manager == app->alice ? "alice" : "bob";
}

static ScSessionManager *
make_manager (guint    media_port_start,
              GError **error)
{
  g_autoptr(ScSessionManagerBuilder) builder = sc_session_manager_builder_new ();

  sc_session_manager_builder_with_local_bind_addr (builder, "127.0.0.1:0");
  sc_session_manager_builder_with_media_ports (builder, media_port_start,
                                               media_port_start + 99);
  return sc_session_manager_builder_build (builder, error);
}

static ScCallDecision *
incoming_call_cb (ScSessionManager *manager,
                  ScIncomingCall   *call,
                  App              *app)
{
  return sc_call_decision_accept (NULL);
}

static void
call_established_cb (ScSessionManager *manager,
                     ScCallSession    *session,
                     const char       *local_sdp,
                     const char       *remote_sdp,
                     App              *app)
{
  g_autoptr(GError) error = NULL;

  g_print ("%s: call established\n", who (app, manager));
  if (manager != app->alice)
    return;

  g_print ("alice: DTMF will travel as %s\n",
           remote_sdp != NULL && strstr (remote_sdp, "telephone-event") != NULL
           ? "RFC 4733 telephone-events in RTP" : "SIP INFO");
  g_print ("alice: putting the call on hold\n");
  if (!sc_session_manager_hold_session (app->alice, sc_call_session_get_id (session), &error))
    g_printerr ("alice: hold: %s\n", error->message);
}

typedef struct {
  App  *app;
  char *session_id;
} Resume;

static gboolean
resume_cb (gpointer user_data)
{
  Resume *resume = user_data;
  g_autoptr(GError) error = NULL;

  g_print ("alice: resuming the call\n");
  if (!sc_session_manager_resume_session (resume->app->alice, resume->session_id, &error))
    g_printerr ("alice: resume: %s\n", error->message);
  return G_SOURCE_REMOVE;
}

static void
resume_free (gpointer data)
{
  Resume *resume = data;

  g_free (resume->session_id);
  g_free (resume);
}

static void
call_state_changed_cb (ScSessionManager *manager,
                       const char       *session_id,
                       ScCallState       old_state,
                       ScCallState       new_state,
                       const char       *reason,
                       App              *app)
{
  g_autoptr(GError) error = NULL;

  g_print ("%s: %s -> %s\n", who (app, manager),
           sc_call_state_to_string (old_state), sc_call_state_to_string (new_state));
  if (manager != app->alice)
    return;

  if (new_state == SC_CALL_STATE_ON_HOLD)
    {
      /* Half a second of hold music, then back. */
      Resume *resume = g_new0 (Resume, 1);

      resume->app = app;
      resume->session_id = g_strdup (session_id);
      g_timeout_add_full (G_PRIORITY_DEFAULT, 500, resume_cb, resume, resume_free);
    }
  else if (old_state == SC_CALL_STATE_ON_HOLD && new_state == SC_CALL_STATE_ACTIVE)
    {
      g_print ("alice: sending DTMF '%s'\n", DIGITS);
      if (!sc_session_manager_send_dtmf (app->alice, session_id, DIGITS, &error))
        g_printerr ("alice: send_dtmf: %s\n", error->message);
    }
}

static void
dtmf_cb (ScSessionManager *manager,
         const char       *session_id,
         const char       *digit,
         guint             duration_ms,
         App              *app)
{
  g_autoptr(GError) error = NULL;

  g_string_append (app->received, digit);
  g_print ("bob: received DTMF digit %s (%u ms)\n", digit, duration_ms);
  if (g_str_equal (digit, "#"))
    {
      g_print ("bob: got '%s', hanging up\n", app->received->str);
      if (!sc_session_manager_terminate_session (app->bob, session_id, &error))
        g_printerr ("bob: hang up: %s\n", error->message);
    }
}

static void
shutdown_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  App *app = user_data;
  g_autoptr(GError) error = NULL;

  if (!sc_session_manager_shutdown_finish (SC_SESSION_MANAGER (source), result, &error))
    {
      g_printerr ("shutdown: %s\n", error->message);
      app->exit_code = 1;
    }
  if (--app->n_shutting_down == 0)
    g_main_loop_quit (app->loop);
}

static void
shut_down (App *app)
{
  app->n_shutting_down = 2;
  sc_session_manager_shutdown_async (app->alice, NULL, shutdown_done_cb, app);
  sc_session_manager_shutdown_async (app->bob, NULL, shutdown_done_cb, app);
}

static void
call_ended_cb (ScSessionManager *manager,
               ScCallSession    *session,
               const char       *reason,
               App              *app)
{
  g_print ("%s: call ended (%s)\n", who (app, manager), reason);
  if (++app->n_ended == 2)
    {
      if (g_str_equal (app->received->str, DIGITS))
        app->exit_code = 0;
      shut_down (app);
    }
}

static gboolean
watchdog_cb (gpointer user_data)
{
  App *app = user_data;

  app->watchdog_id = 0;
  g_printerr ("no result after 10 s, giving up\n");
  if (app->n_shutting_down > 0)
    g_main_loop_quit (app->loop);
  else
    shut_down (app);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  App app = { .exit_code = 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(ScCallSession) session = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  ScSessionManager *managers[2];

  app.loop = g_main_loop_new (NULL, FALSE);
  app.received = g_string_new (NULL);
  app.alice = make_manager (36800, &error);
  if (app.alice != NULL)
    app.bob = make_manager (36900, &error);
  if (app.bob == NULL)
    {
      g_printerr ("cannot start: %s\n", error->message);
      return 1;
    }

  managers[0] = app.alice;
  managers[1] = app.bob;
  for (guint i = 0; i < G_N_ELEMENTS (managers); i++)
    {
      g_signal_connect (managers[i], "call-established", G_CALLBACK (call_established_cb), &app);
      g_signal_connect (managers[i], "call-state-changed", G_CALLBACK (call_state_changed_cb), &app);
      g_signal_connect (managers[i], "call-ended", G_CALLBACK (call_ended_cb), &app);
    }
  g_signal_connect (app.bob, "incoming-call", G_CALLBACK (incoming_call_cb), &app);
  g_signal_connect (app.bob, "dtmf", G_CALLBACK (dtmf_cb), &app);
  app.watchdog_id = g_timeout_add_seconds (10, watchdog_cb, &app);

  from = g_strdup_printf ("sip:alice@%s", sc_session_manager_get_bound_address (app.alice));
  to = g_strdup_printf ("sip:bob@%s", sc_session_manager_get_bound_address (app.bob));
  session = sc_session_manager_create_outgoing_call (app.alice, from, to, NULL, &error);
  if (session == NULL)
    {
      g_printerr ("alice: cannot call: %s\n", error->message);
      shut_down (&app);
    }

  g_main_loop_run (app.loop);

  g_clear_handle_id (&app.watchdog_id, g_source_remove);
  g_clear_object (&app.alice);
  g_clear_object (&app.bob);
  g_string_free (app.received, TRUE);
  g_main_loop_unref (app.loop);
  return app.exit_code;
}
