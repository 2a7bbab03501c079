/* server_mode.c: a SIP server that bridges two calls
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The Rust plan's `server_mode` example. A server made from a
 * ScServerConfig (sc_create_full_server_manager) accepts calls through an
 * ScIncomingCallNotification and follows its bridges through an
 * ScEventReceiver. Two in-process "phones" (plain session managers) call
 * it; the server bridges the two calls (bridge_sessions), lists its
 * bridges, waits up to 2 s for the audio to flow both ways
 * (MEDIA_ESTABLISHED), destroys the bridge and shuts everything down.
 *
 *   ninja -C build && build/examples/server_mode
 */

#include <sessioncore/sessioncore.h>

typedef struct {
  GMainLoop              *loop;
  ScServerSessionManager *server;
  ScSessionManager       *phones[2];     /* alice, bob */
  ScEventReceiver        *receiver;
  char                   *legs[2];       /* the server's session of each call */
  guint                   n_legs;
  char                   *bridge_id;
  gboolean                destroyed;     /* DESTROYED pulled from the receiver */
  guint                   n_ended_by_server;
  guint                   media_wait_id;
  guint                   n_shutting_down;
  gboolean                failed;
} App;

static const char *phone_names[] = { "alice", "bob" };

/* ------------------------------------------------------------------ */
/* The notifier: decides incoming calls, hears how calls end.           */

#define EXAMPLE_TYPE_NOTIFIER (example_notifier_get_type ())
G_DECLARE_FINAL_TYPE (ExampleNotifier, example_notifier, EXAMPLE, NOTIFIER, GObject)

struct _ExampleNotifier
{
  GObject  parent_instance;
  App     *app;
};

static void example_notifier_iface_init (ScIncomingCallNotificationInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ExampleNotifier, example_notifier, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SC_TYPE_INCOMING_CALL_NOTIFICATION,
                                                      example_notifier_iface_init))

static ScCallDecision *
notifier_on_incoming_call (ScIncomingCallNotification *notifier,
                           ScIncomingCallEvent        *event)
{
  g_print ("server: incoming call %s from %s: accepting\n",
           sc_incoming_call_event_get_session_id (event),
           sc_caller_info_get_from (sc_incoming_call_event_get_caller_info (event)));
  return sc_call_decision_accept (NULL);
}

static void
notifier_on_call_terminated_by_remote (ScIncomingCallNotification *notifier,
                                       const char                 *session_id,
                                       const char                 *call_id)
{
  g_print ("server: %s hung up by the caller\n", session_id);
}

static void
notifier_on_call_ended_by_server (ScIncomingCallNotification *notifier,
                                  const char                 *session_id,
                                  const char                 *call_id)
{
  g_print ("server: %s ended by the server\n", session_id);
  EXAMPLE_NOTIFIER (notifier)->app->n_ended_by_server++;
}

static void
example_notifier_iface_init (ScIncomingCallNotificationInterface *iface)
{
  iface->on_incoming_call = notifier_on_incoming_call;
  iface->on_call_terminated_by_remote = notifier_on_call_terminated_by_remote;
  iface->on_call_ended_by_server = notifier_on_call_ended_by_server;
}

static void
example_notifier_class_init (ExampleNotifierClass *klass)
{
}

static void
example_notifier_init (ExampleNotifier *self)
{
}

/* ------------------------------------------------------------------ */
/* Shutting down: the server first (BYE to both phones), then them.     */

static void
phone_shutdown_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  App *app = user_data;

  if (!sc_session_manager_shutdown_finish (SC_SESSION_MANAGER (source), result, NULL))
    app->failed = TRUE;
  if (--app->n_shutting_down == 0)
    {
      g_print ("everything shut down\n");
      g_main_loop_quit (app->loop);
    }
}

static void
server_shutdown_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  App *app = user_data;
  g_autoptr(GError) error = NULL;

  if (!sc_server_session_manager_shutdown_finish (SC_SERVER_SESSION_MANAGER (source),
                                                  result, &error))
    {
      g_printerr ("server: shutdown: %s\n", error->message);
      app->failed = TRUE;
    }
  g_print ("server: shut down\n");
  app->n_shutting_down = 2;
  for (guint i = 0; i < 2; i++)
    sc_session_manager_shutdown_async (app->phones[i], NULL, phone_shutdown_cb, app);
}

static void
shut_down (App *app)
{
  if (app->n_shutting_down > 0)
    return;
  app->n_shutting_down = 1;
  g_clear_handle_id (&app->media_wait_id, g_source_remove);
  /* A pending receive_async () fails with G_IO_ERROR_CANCELLED. */
  sc_event_receiver_close (app->receiver);
  g_print ("server: shutting down\n");
  sc_server_session_manager_shutdown_async (app->server, NULL, server_shutdown_cb, app);
}

/* ------------------------------------------------------------------ */
/* The bridge                                                           */

static void
print_bridges (App *app)
{
  g_autoptr(GPtrArray) bridges = sc_server_session_manager_list_bridges (app->server);

  g_print ("server: %u bridge(s)\n", bridges->len);
  for (guint i = 0; i < bridges->len; i++)
    {
      ScBridgeInfo *info = bridges->pdata[i];
      g_autofree char *members = g_strjoinv (", ", (char **) sc_bridge_info_get_sessions (info));

      g_print ("  %s: %u members (%s)\n", sc_bridge_info_get_id (info),
               sc_bridge_info_get_participant_count (info), members);
    }
}

static gboolean
destroy_bridge_cb (gpointer user_data)
{
  App *app = user_data;
  g_autoptr(GError) error = NULL;

  app->media_wait_id = 0;
  g_print ("server: destroying %s (the calls stay up)\n", app->bridge_id);
  if (!sc_server_session_manager_destroy_bridge (app->server, app->bridge_id, &error))
    {
      g_printerr ("server: cannot destroy the bridge: %s\n", error->message);
      app->failed = TRUE;
      shut_down (app);
    }
  return G_SOURCE_REMOVE;
}

static gboolean
media_wait_expired_cb (gpointer user_data)
{
  g_print ("server: no MEDIA_ESTABLISHED within 2 s (no audio relayed in this build?)\n");
  return destroy_bridge_cb (user_data);
}

static void
bridge_calls (App *app)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bridge_of_alice = NULL;

  app->bridge_id = sc_server_session_manager_bridge_sessions (app->server, app->legs[0],
                                                              app->legs[1], &error);
  if (app->bridge_id == NULL)
    {
      g_printerr ("server: cannot bridge: %s\n", error->message);
      app->failed = TRUE;
      shut_down (app);
      return;
    }
  g_print ("server: bridged the two calls in %s\n", app->bridge_id);
  print_bridges (app);
  bridge_of_alice = sc_server_session_manager_get_session_bridge (app->server, app->legs[0], NULL);
  g_print ("server: %s is in %s\n", app->legs[0], bridge_of_alice);

  /* MEDIA_ESTABLISHED comes once audio flows both ways; do not wait forever. */
  app->media_wait_id = g_timeout_add (2000, media_wait_expired_cb, app);
}

/* Pull the events one at a time, as Rust code does with its receiver. */
static void receive_next (App *app);

static void
event_received_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  App *app = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScBridgeEvent) event = NULL;
  g_autoptr(GEnumClass) types = g_type_class_ref (SC_TYPE_BRIDGE_EVENT_TYPE);
  ScBridgeEventType type;

  event = sc_event_receiver_receive_finish (SC_EVENT_RECEIVER (source), result, &error);
  if (event == NULL)
    return;  /* closed: we are shutting down */

  type = sc_bridge_event_get_event_type (event);
  g_print ("event: %-17s %s%s%s%s%s\n", g_enum_get_value (types, type)->value_nick,
           sc_bridge_event_get_bridge_id (event),
           sc_bridge_event_get_session_id (event) ? " " : "",
           sc_bridge_event_get_session_id (event) ? sc_bridge_event_get_session_id (event) : "",
           sc_bridge_event_get_reason (event) ? " reason: " : "",
           sc_bridge_event_get_reason (event) ? sc_bridge_event_get_reason (event) : "");

  if (type == SC_BRIDGE_EVENT_TYPE_MEDIA_ESTABLISHED && app->media_wait_id != 0)
    {
      /* Let the audio flow half a second, then unbridge. */
      g_source_remove (app->media_wait_id);
      app->media_wait_id = g_timeout_add (500, destroy_bridge_cb, app);
    }
  else if (type == SC_BRIDGE_EVENT_TYPE_DESTROYED)
    {
      app->destroyed = TRUE;
      print_bridges (app);
      shut_down (app);
      return;
    }
  receive_next (app);
}

static void
receive_next (App *app)
{
  sc_event_receiver_receive_async (app->receiver, NULL, event_received_cb, app);
}

/* ------------------------------------------------------------------ */
/* Calls                                                                */

static void
server_call_established_cb (ScSessionManager *manager,
                            ScCallSession    *session,
                            const char       *local_sdp,
                            const char       *remote_sdp,
                            App              *app)
{
  g_print ("server: %s answered (%s)\n", sc_call_session_get_id (session),
           sc_call_session_get_from (session));
  if (app->n_legs < 2)
    app->legs[app->n_legs++] = g_strdup (sc_call_session_get_id (session));
  if (app->n_legs == 2 && app->bridge_id == NULL)
    bridge_calls (app);
}

static void
phone_call_ended_cb (ScSessionManager *manager,
                     ScCallSession    *session,
                     const char       *reason,
                     App              *app)
{
  g_print ("%s: call ended (%s, %s)\n", phone_names[manager == app->phones[1]],
           sc_call_state_to_string (sc_call_session_get_state (session)), reason);
}

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
  g_autoptr(ScServerConfig) config = sc_server_config_new ();
  g_autoptr(ExampleNotifier) notifier = NULL;
  const char *server_address;
  int exit_code;

  /* The server: loopback, any free port, at most 10 calls. */
  sc_server_config_set_bind_address (config, "127.0.0.1:0");
  sc_server_config_set_server_name (config, "sessioncore-server-mode/0.1");
  sc_server_config_set_max_sessions (config, 10);
  app.server = sc_create_full_server_manager (NULL, config, &error);
  if (app.server == NULL)
    {
      g_printerr ("cannot start the server: %s\n", error->message);
      return 1;
    }
  server_address = sc_session_manager_get_bound_address (
    sc_server_session_manager_get_session_manager (app.server));
  g_print ("server listens on %s\n", server_address);

  notifier = g_object_new (EXAMPLE_TYPE_NOTIFIER, NULL);
  notifier->app = &app;
  sc_server_session_manager_set_incoming_call_notifier (app.server,
                                                        SC_INCOMING_CALL_NOTIFICATION (notifier));
  g_signal_connect (sc_server_session_manager_get_session_manager (app.server),
                    "call-established", G_CALLBACK (server_call_established_cb), &app);

  /* Every bridge event from now on is queued in the receiver. */
  app.receiver = sc_server_session_manager_subscribe_to_bridge_events (app.server);
  receive_next (&app);

  app.loop = g_main_loop_new (NULL, FALSE);
  g_timeout_add_seconds (10, watchdog_cb, &app);

  /* The two phones call the server. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(ScCallSession) call = NULL;
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;

      app.phones[i] = make_phone (37200 + 100 * i, &error);
      if (app.phones[i] == NULL)
        {
          g_printerr ("cannot start %s: %s\n", phone_names[i], error->message);
          return 1;
        }
      g_signal_connect (app.phones[i], "call-ended", G_CALLBACK (phone_call_ended_cb), &app);
      from = g_strdup_printf ("sip:%s@%s", phone_names[i],
                              sc_session_manager_get_bound_address (app.phones[i]));
      to = g_strdup_printf ("sip:support@%s", server_address);
      call = sc_session_manager_create_outgoing_call (app.phones[i], from, to, NULL, &error);
      if (call == NULL)
        {
          g_printerr ("%s: cannot call: %s\n", phone_names[i], error->message);
          return 1;
        }
      g_print ("%s: calling %s\n", phone_names[i], to);
    }

  g_main_loop_run (app.loop);

  exit_code = app.failed || !app.destroyed || app.n_ended_by_server != 2;
  g_print ("%s\n", exit_code == 0 ? "done" : "FAILED");

  g_clear_object (&app.receiver);
  g_clear_object (&app.server);
  for (guint i = 0; i < 2; i++)
    g_clear_object (&app.phones[i]);
  g_free (app.legs[0]);
  g_free (app.legs[1]);
  g_free (app.bridge_id);
  g_main_loop_unref (app.loop);
  return exit_code;
}
