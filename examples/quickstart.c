/* quickstart.c: the sessioncore "hello world" in C
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Two session managers on 127.0.0.1 (any free port): Alice calls Bob, Bob
 * accepts, Alice hangs up after one second, both shut down.
 *
 *   ninja -C build && build/examples/quickstart
 */

#include <sessioncore/sessioncore.h>

typedef struct {
  GMainLoop        *loop;
  ScSessionManager *alice;
  ScSessionManager *bob;
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

/* Listen on loopback, any free SIP port; each manager gets its own RTP port
 * range. build () returns a started manager. */
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

/* Bob decides incoming calls with the incoming-call signal: return a
 * ScCallDecision (accept, reject, defer, forward). */
static ScCallDecision *
incoming_call_cb (ScSessionManager *manager,
                  ScIncomingCall   *call,
                  App              *app)
{
  g_print ("bob: incoming call from %s\n", sc_incoming_call_get_from (call));
  return sc_call_decision_accept (NULL); /* 200 OK with a generated answer */
}

static gboolean
hang_up_cb (gpointer user_data)
{
  ScCallSession *session = user_data;
  App *app = g_object_get_data (G_OBJECT (session), "app");
  g_autoptr(GError) error = NULL;

  g_print ("alice: hanging up\n");
  if (!sc_session_manager_terminate_session (app->alice,
                                             sc_call_session_get_id (session),
                                             &error))
    g_printerr ("alice: cannot hang up: %s\n", error->message);
  return G_SOURCE_REMOVE;
}

static void
call_established_cb (ScSessionManager *manager,
                     ScCallSession    *session,
                     const char       *local_sdp,
                     const char       *remote_sdp,
                     App              *app)
{
  g_print ("%s: call %s established\n", who (app, manager),
           sc_call_session_get_id (session));
  if (manager == app->alice)
    {
      /* Hang up after one second. */
      g_object_set_data (G_OBJECT (session), "app", app);
      g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, 1, hang_up_cb,
                                  g_object_ref (session), g_object_unref);
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
    {
      g_print ("both managers shut down\n");
      g_main_loop_quit (app->loop);
    }
}

/* Shutting down is asynchronous: it hangs up what is left and waits for
 * the SIP stack to finish. */
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
  g_print ("%s: call ended (%s, %s)\n", who (app, manager),
           sc_call_state_to_string (sc_call_session_get_state (session)), reason);
  if (++app->n_ended == 2)
    {
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
    g_main_loop_quit (app->loop);   /* stuck shutting down: just leave */
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

  app.loop = g_main_loop_new (NULL, FALSE);
  app.alice = make_manager (36200, &error);
  if (app.alice != NULL)
    app.bob = make_manager (36300, &error);
  if (app.bob == NULL)
    {
      g_printerr ("cannot start: %s\n", error->message);
      return 1;
    }
  g_print ("alice listens on %s\n", sc_session_manager_get_bound_address (app.alice));
  g_print ("bob listens on %s\n", sc_session_manager_get_bound_address (app.bob));

  g_signal_connect (app.bob, "incoming-call", G_CALLBACK (incoming_call_cb), &app);
  g_signal_connect (app.alice, "call-established", G_CALLBACK (call_established_cb), &app);
  g_signal_connect (app.bob, "call-established", G_CALLBACK (call_established_cb), &app);
  g_signal_connect (app.alice, "call-ended", G_CALLBACK (call_ended_cb), &app);
  g_signal_connect (app.bob, "call-ended", G_CALLBACK (call_ended_cb), &app);
  app.watchdog_id = g_timeout_add_seconds (10, watchdog_cb, &app);

  from = g_strdup_printf ("sip:alice@%s", sc_session_manager_get_bound_address (app.alice));
  to = g_strdup_printf ("sip:bob@%s", sc_session_manager_get_bound_address (app.bob));
  session = sc_session_manager_create_outgoing_call (app.alice, from, to, NULL, &error);
  if (session == NULL)
    {
      g_printerr ("alice: cannot call: %s\n", error->message);
      shut_down (&app);
    }
  else
    g_print ("alice: calling bob (%s)\n", sc_call_session_get_id (session));

  g_main_loop_run (app.loop);

  g_clear_handle_id (&app.watchdog_id, g_source_remove);
  g_clear_object (&app.alice);
  g_clear_object (&app.bob);
  g_main_loop_unref (app.loop);
  return app.exit_code;
}
