/* call_center_bridge.c: a customer, a call centre and an agent
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The Rust plan's `call_center_bridge` example: a back-to-back user agent.
 * A customer calls the server (sc_session_manager_builder_build_server),
 * which answers, calls an agent (prepare_outgoing_call +
 * initiate_prepared_call) and, once the agent answers, bridges the two
 * legs. The customer's phone plays a 440 Hz tone and the agent's 1000 Hz
 * (play_tone): through the bridge each hears the other. The agent presses
 * 1; the digit crosses the bridge and reaches the customer's phone (its
 * "dtmf" signal). The customer hangs up; the server sees the customer's
 * leg leave the bridge ("session terminated") and ends the agent's leg;
 * the empty bridge is destroyed, and everything shuts down.
 *
 * Each wait for audio is bounded: a missing MEDIA_ESTABLISHED or digit is
 * printed, not waited for.
 *
 *   ninja -C build && build/examples/call_center_bridge
 */

#include <sessioncore/sessioncore.h>

typedef struct {
  GMainLoop              *loop;
  ScServerSessionManager *server;
  ScSessionManager       *center;        /* the server's calls */
  ScSessionManager       *customer;      /* the customer's phone */
  ScSessionManager       *agent;         /* the agent's phone */
  char                   *customer_call; /* the customer's phone's session */
  char                   *agent_call;    /* the agent's phone's session */
  char                   *customer_leg;  /* the server's session with the customer */
  char                   *agent_leg;     /* the server's session with the agent */
  char                   *bridge_id;
  guint                   wait_id;       /* the current bounded wait */
  gboolean                dtmf_heard;
  gboolean                destroyed;
  guint                   n_shutting_down;
  gboolean                failed;
} App;

static ScSessionManager *
make_phone (guint    media_port_start,
            GError **error)
{
  g_autoptr(ScSessionManagerBuilder) builder = sc_session_manager_builder_new ();

  sc_session_manager_builder_with_local_bind_addr (builder, "127.0.0.1:0");
  sc_session_manager_builder_with_media_ports (builder, media_port_start,
                                               media_port_start + 99);
  return sc_session_manager_builder_build (builder, error);
}

static ScCallDecision *
accept_cb (ScSessionManager *manager,
           ScIncomingCall   *call,
           App              *app)
{
  const char *who = manager == app->center ? "server" : "agent";

  g_print ("%s: incoming call from %s: accepting\n", who, sc_incoming_call_get_from (call));
  return sc_call_decision_accept (NULL);
}

/* ------------------------------------------------------------------ */
/* Shutting down                                                        */

static void
shutdown_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  App *app = user_data;
  gboolean ok;

  if (SC_IS_SERVER_SESSION_MANAGER (source))
    ok = sc_server_session_manager_shutdown_finish (SC_SERVER_SESSION_MANAGER (source),
                                                    result, NULL);
  else
    ok = sc_session_manager_shutdown_finish (SC_SESSION_MANAGER (source), result, NULL);
  app->failed |= !ok;
  if (--app->n_shutting_down == 0)
    {
      g_print ("everything shut down\n");
      g_main_loop_quit (app->loop);
    }
}

static void
shut_down (App *app)
{
  if (app->n_shutting_down > 0)
    return;
  g_clear_handle_id (&app->wait_id, g_source_remove);
  app->n_shutting_down = 3;
  sc_server_session_manager_shutdown_async (app->server, NULL, shutdown_done_cb, app);
  sc_session_manager_shutdown_async (app->customer, NULL, shutdown_done_cb, app);
  sc_session_manager_shutdown_async (app->agent, NULL, shutdown_done_cb, app);
}

/* ------------------------------------------------------------------ */
/* The conversation, step by step                                       */

static gboolean
customer_hangs_up_cb (gpointer user_data)
{
  App *app = user_data;

  app->wait_id = 0;
  if (!app->dtmf_heard)
    g_print ("customer: no DTMF within 1 s (not relayed in this build?)\n");
  g_print ("customer: hanging up\n");
  sc_session_manager_terminate_session (app->customer, app->customer_call, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
agent_presses_1_cb (gpointer user_data)
{
  App *app = user_data;
  g_autoptr(GError) error = NULL;

  g_print ("agent: pressing 1\n");
  if (!sc_session_manager_send_dtmf (app->agent, app->agent_call, "1", &error))
    g_printerr ("agent: cannot send DTMF: %s\n", error->message);
  /* Wait up to a second for the digit to reach the customer. */
  app->wait_id = g_timeout_add (1000, customer_hangs_up_cb, app);
  return G_SOURCE_REMOVE;
}

static gboolean
media_wait_expired_cb (gpointer user_data)
{
  g_print ("server: no MEDIA_ESTABLISHED within 1.5 s (no audio relayed in this build?)\n");
  return agent_presses_1_cb (user_data);
}

static void
customer_dtmf_cb (ScSessionManager *manager,
                  const char       *session_id,
                  const char       *digit,
                  guint             duration_ms,
                  App              *app)
{
  g_print ("customer: heard DTMF %s (%u ms) through the bridge\n", digit, duration_ms);
  if (g_str_equal (digit, "1") && !app->dtmf_heard)
    {
      app->dtmf_heard = TRUE;
      g_clear_handle_id (&app->wait_id, g_source_remove);
      app->wait_id = g_timeout_add (200, customer_hangs_up_cb, app);
    }
}

/* The digit also fires "dtmf" on the leg that received it. */
static void
center_dtmf_cb (ScSessionManager *manager,
                const char       *session_id,
                const char       *digit,
                guint             duration_ms,
                App              *app)
{
  g_print ("server: the agent's leg received DTMF %s\n", digit);
}

static void
phone_call_established_cb (ScSessionManager *manager,
                           ScCallSession    *session,
                           const char       *local_sdp,
                           const char       *remote_sdp,
                           App              *app)
{
  /* What each phone sends: a listener on the other side hears it. */
  if (manager == app->customer)
    {
      app->customer_call = g_strdup (sc_call_session_get_id (session));
      g_print ("customer: connected, playing a 440 Hz tone\n");
      sc_session_manager_play_tone (manager, app->customer_call, 440.0, NULL);
    }
  else
    {
      app->agent_call = g_strdup (sc_call_session_get_id (session));
      g_print ("agent: connected, playing a 1000 Hz tone\n");
      sc_session_manager_play_tone (manager, app->agent_call, 1000.0, NULL);
    }
}

static void
center_call_established_cb (ScSessionManager *manager,
                            ScCallSession    *session,
                            const char       *local_sdp,
                            const char       *remote_sdp,
                            App              *app)
{
  g_autoptr(GError) error = NULL;

  if (sc_call_session_get_direction (session) == SC_CALL_DIRECTION_INCOMING)
    {
      /* The customer is in: call an agent. */
      g_autoptr(ScPreparedCall) prepared = NULL;
      g_autoptr(ScCallSession) call = NULL;
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;

      app->customer_leg = g_strdup (sc_call_session_get_id (session));
      from = g_strdup_printf ("sip:queue@%s", sc_session_manager_get_bound_address (app->center));
      to = g_strdup_printf ("sip:agent@%s", sc_session_manager_get_bound_address (app->agent));
      prepared = sc_session_manager_prepare_outgoing_call (app->center, from, to, &error);
      if (prepared != NULL)
        call = sc_session_manager_initiate_prepared_call (app->center, prepared, &error);
      if (call == NULL)
        {
          g_printerr ("server: cannot call the agent: %s\n", error->message);
          app->failed = TRUE;
          shut_down (app);
          return;
        }
      app->agent_leg = g_strdup (sc_call_session_get_id (call));
      g_print ("server: customer answered (%s); calling the agent (%s)\n",
               app->customer_leg, app->agent_leg);
      return;
    }

  /* The agent answered: connect the two legs. */
  app->bridge_id = sc_server_session_manager_bridge_sessions (app->server, app->customer_leg,
                                                              app->agent_leg, &error);
  if (app->bridge_id == NULL)
    {
      g_printerr ("server: cannot bridge: %s\n", error->message);
      app->failed = TRUE;
      shut_down (app);
      return;
    }
  g_print ("server: agent answered; customer and agent bridged in %s\n", app->bridge_id);
  app->wait_id = g_timeout_add (1500, media_wait_expired_cb, app);
}

/* ------------------------------------------------------------------ */
/* Bridge events                                                        */

/* Every event, whatever its type. */
static void
bridge_event_cb (ScServerSessionManager *server,
                 ScBridgeEvent          *event,
                 App                    *app)
{
  g_autoptr(GEnumClass) types = g_type_class_ref (SC_TYPE_BRIDGE_EVENT_TYPE);
  ScBridgeEventType type = sc_bridge_event_get_event_type (event);
  const char *session_id = sc_bridge_event_get_session_id (event);
  const char *reason = sc_bridge_event_get_reason (event);
  const char *who = "";

  if (g_strcmp0 (session_id, app->customer_leg) == 0)
    who = " (customer)";
  else if (g_strcmp0 (session_id, app->agent_leg) == 0)
    who = " (agent)";
  g_print ("bridge-event::%s%s%s%s%s%s\n", g_enum_get_value (types, type)->value_nick,
           session_id ? " " : "", session_id ? session_id : "", who,
           reason ? ": " : "", reason ? reason : "");

  if (type == SC_BRIDGE_EVENT_TYPE_MEDIA_ESTABLISHED && app->wait_id != 0)
    {
      /* Audio flows both ways: let them hear each other, then press 1. */
      g_source_remove (app->wait_id);
      app->wait_id = g_timeout_add (500, agent_presses_1_cb, app);
    }
  else if (type == SC_BRIDGE_EVENT_TYPE_DESTROYED)
    {
      app->destroyed = TRUE;
      shut_down (app);
    }
}

/* Only SESSION_REMOVED (the detail selects it): when one side hangs up,
 * the server ends the other. */
static void
session_removed_cb (ScServerSessionManager *server,
                    ScBridgeEvent          *event,
                    App                    *app)
{
  ScBridgeManager *bridges = sc_server_session_manager_get_bridge_manager (server);
  g_autoptr(ScBridgeInfo) info = NULL;
  const char * const *members;

  if (g_strcmp0 (sc_bridge_event_get_reason (event), "session terminated") != 0)
    return;
  info = sc_bridge_manager_get_bridge_info (bridges, sc_bridge_event_get_bridge_id (event), NULL);
  if (info == NULL)
    return;
  members = sc_bridge_info_get_sessions (info);
  for (guint i = 0; members[i] != NULL; i++)
    {
      g_print ("server: the other side left; ending %s\n", members[i]);
      sc_session_manager_terminate_session (app->center, members[i], NULL);
    }
}

static gboolean
watchdog_cb (gpointer user_data)
{
  App *app = user_data;

  g_printerr ("no result after 10 s, giving up\n");
  app->failed = TRUE;
  g_main_loop_quit (app->loop);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  App app = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(ScSessionManagerBuilder) builder = sc_session_manager_builder_new ();
  g_autoptr(ScCallSession) call = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  int exit_code;

  /* The call centre: a server built from a session manager builder. */
  sc_session_manager_builder_with_local_bind_addr (builder, "127.0.0.1:0");
  sc_session_manager_builder_with_media_ports (builder, 37600, 37699);
  sc_session_manager_builder_with_domain (builder, "callcenter.example");
  app.server = sc_session_manager_builder_build_server (builder, NULL, &error);
  if (app.server != NULL)
    app.customer = make_phone (37700, &error);
  if (app.customer != NULL)
    app.agent = make_phone (37800, &error);
  if (app.agent == NULL)
    {
      g_printerr ("cannot start: %s\n", error->message);
      return 1;
    }
  app.center = sc_server_session_manager_get_session_manager (app.server);
  g_print ("call centre listens on %s\n", sc_session_manager_get_bound_address (app.center));

  g_signal_connect (app.center, "incoming-call", G_CALLBACK (accept_cb), &app);
  g_signal_connect (app.center, "call-established", G_CALLBACK (center_call_established_cb), &app);
  g_signal_connect (app.center, "dtmf", G_CALLBACK (center_dtmf_cb), &app);
  g_signal_connect (app.agent, "incoming-call", G_CALLBACK (accept_cb), &app);
  g_signal_connect (app.agent, "call-established", G_CALLBACK (phone_call_established_cb), &app);
  g_signal_connect (app.customer, "call-established", G_CALLBACK (phone_call_established_cb), &app);
  g_signal_connect (app.customer, "dtmf", G_CALLBACK (customer_dtmf_cb), &app);
  g_signal_connect (app.server, "bridge-event", G_CALLBACK (bridge_event_cb), &app);
  g_signal_connect (app.server, "bridge-event::session-removed",
                    G_CALLBACK (session_removed_cb), &app);

  app.loop = g_main_loop_new (NULL, FALSE);
  g_timeout_add_seconds (10, watchdog_cb, &app);

  from = g_strdup_printf ("sip:customer@%s", sc_session_manager_get_bound_address (app.customer));
  to = g_strdup_printf ("sip:support@%s", sc_session_manager_get_bound_address (app.center));
  call = sc_session_manager_create_outgoing_call (app.customer, from, to, NULL, &error);
  if (call == NULL)
    {
      g_printerr ("customer: cannot call: %s\n", error->message);
      return 1;
    }
  g_print ("customer: calling %s\n", to);

  g_main_loop_run (app.loop);

  exit_code = app.failed || !app.destroyed;
  g_print ("%s\n", exit_code == 0 ? "done" : "FAILED");

  g_clear_object (&app.server);
  g_clear_object (&app.customer);
  g_clear_object (&app.agent);
  g_free (app.customer_call);
  g_free (app.agent_call);
  g_free (app.customer_leg);
  g_free (app.agent_leg);
  g_free (app.bridge_id);
  g_main_loop_unref (app.loop);
  return exit_code;
}
