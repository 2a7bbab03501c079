/* conference_room.c: a dial-in conference bridge
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A server (sc_session_manager_builder_build_server) answers every call
 * to sip:room@… and joins it to the named conference "room"
 * (create_named_conference, join_conference). Every participant hears
 * the others, never itself. A caller who presses *6 — two RFC 4733
 * digits, '*' then '6', seen by the server's "dtmf" signal — mutes
 * itself; *6 again unmutes it (update_participant_status MUTED ↔ ACTIVE).
 * Every conference event is printed (the detailed signal
 * "conference-event", with the event type's nick), and so are the
 * participants, read from the live ScConference, with their status and
 * whether they are talking.
 *
 * By itself it places its own callers: three in-process phones (alice,
 * bob, carol) call in and play a tone each (440, 660, 880 Hz); bob
 * presses *6 and is muted, presses *6 again and is unmuted; then the
 * conference is terminated and everything shuts down, in a few seconds.
 *
 *   build/examples/conference_room                      the demo
 *   build/examples/conference_room --record room.wav     and record it
 *   build/examples/conference_room --port 5060 --wait    real phones, Ctrl-C ends
 *
 * With --record FILE the room is recorded (start_recording; WAV, or
 * Ogg/Opus for a name ending in .ogg or .opus) and the file's size is
 * printed at the end.
 */

#include <string.h>

#include <glib-unix.h>
#include <glib/gstdio.h>
#include <sessioncore/sessioncore.h>

#define ROOM "room"
#define N_PHONES 3

static const char *phone_names[N_PHONES] = { "alice", "bob", "carol" };
static const double phone_tones[N_PHONES] = { 440.0, 660.0, 880.0 };
#define MUTER 1   /* bob presses *6 */

typedef struct {
  GMainLoop              *loop;
  ScServerSessionManager *server;
  ScSessionManager       *calls;        /* the server's calls */
  ScConferenceManager    *conferences;  /* the server's conferences */
  ScConference           *room;         /* the live conference "room" */
  ScSessionManager       *phones[N_PHONES];
  char                   *phone_calls[N_PHONES]; /* each phone's session */
  GHashTable             *last_digit;   /* server session id → last digit pressed */
  GHashTable             *names;        /* server session id → who it is */
  const char             *record_path;
  gboolean                demo;         /* our own phones call in */
  guint                   n_joined;
  guint                   n_toggles;    /* mutes and unmutes done by *6 */
  guint                   wait_id;      /* the current bounded wait */
  guint                   n_shutting_down;
  gboolean                finishing;
  gboolean                failed;
} App;

static void     finish                (App     *app);
static gboolean first_press_cb        (gpointer user_data);

/* Who a session is: its participant's display name, remembered so that
 * it can still be told once the participant is gone. */
static const char *
who (App        *app,
     const char *session_id)
{
  const char *name = g_hash_table_lookup (app->names, session_id);
  g_autoptr(ScConferenceParticipant) p = NULL;

  if (name != NULL)
    return name;
  p = sc_conference_get_participant (app->room, session_id);
  if (p == NULL)
    return "?";
  name = g_strdup (sc_conference_participant_get_display_name (p));
  g_hash_table_insert (app->names, g_strdup (session_id), (char *) name);
  return name;
}

/* The participants, from the live GListModel of the ScConference. */
static void
print_participants (App *app)
{
  GListModel *participants = sc_conference_get_participants (app->room);
  guint n = g_list_model_get_n_items (participants);

  g_print ("room: %u participant%s\n", n, n == 1 ? "" : "s");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScConferenceParticipant) p = g_list_model_get_item (participants, i);

      g_print ("  %-6s %-8s %s%s\n", sc_conference_participant_get_display_name (p),
               sc_participant_status_to_string (sc_conference_participant_get_status (p)),
               sc_conference_participant_get_talking (p) ? "talking" : "quiet",
               sc_conference_participant_get_audio_active (p) ? "" : " (no audio yet)");
    }
}

/* ------------------------------------------------------------------ */
/* The server: answer sip:room@…, join the room, *6 toggles mute        */

static ScCallDecision *
incoming_call_cb (ScSessionManager *calls,
                  ScIncomingCall   *call,
                  App              *app)
{
  /* The To URI names the conference: sip:room@host. */
  if (strstr (sc_incoming_call_get_to (call), "sip:" ROOM "@") == NULL)
    {
      g_print ("server: %s is not a conference: 404\n", sc_incoming_call_get_to (call));
      return sc_call_decision_reject_with_code (404, "No such conference");
    }
  return sc_call_decision_accept (NULL);
}

static void
call_established_cb (ScSessionManager *calls,
                     ScCallSession    *session,
                     const char       *local_sdp,
                     const char       *remote_sdp,
                     App              *app)
{
  const char *session_id = sc_call_session_get_id (session);
  g_autoptr(ScParticipantInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  if (sc_call_session_get_direction (session) != SC_CALL_DIRECTION_INCOMING)
    return;
  info = sc_conference_manager_join_conference (app->conferences, ROOM, session_id, &error);
  if (info == NULL)
    {
      g_printerr ("server: cannot join %s: %s\n", session_id, error->message);
      sc_session_manager_terminate_session (calls, session_id, NULL);
      return;
    }
  g_print ("server: %s (%s) joins " ROOM "\n", session_id, who (app, session_id));
}

static gboolean after_toggle_cb (gpointer user_data);

static void
toggle_mute (App        *app,
             const char *session_id)
{
  g_autoptr(ScConferenceParticipant) p = sc_conference_get_participant (app->room, session_id);
  g_autoptr(GError) error = NULL;
  ScParticipantStatus status;

  if (p == NULL)
    return;   /* not (or no longer) in the room */
  status = sc_conference_participant_get_status (p) == SC_PARTICIPANT_STATUS_MUTED
             ? SC_PARTICIPANT_STATUS_ACTIVE : SC_PARTICIPANT_STATUS_MUTED;
  if (!sc_conference_manager_update_participant_status (app->conferences, ROOM, session_id,
                                                        status, &error))
    {
      g_printerr ("server: cannot change %s: %s\n", who (app, session_id), error->message);
      return;
    }
  g_print ("server: *6 from %s: now %s\n", who (app, session_id),
           status == SC_PARTICIPANT_STATUS_MUTED ? "MUTED (the others no longer hear it)"
                                                 : "ACTIVE (heard again)");
  app->n_toggles++;
  if (app->demo)
    {
      g_clear_handle_id (&app->wait_id, g_source_remove);
      app->wait_id = g_timeout_add (700, after_toggle_cb, app);
    }
}

/* Two digits, '*' then '6': keep the last digit of each session. */
static void
dtmf_cb (ScSessionManager *calls,
         const char       *session_id,
         const char       *digit,
         guint             duration_ms,
         App              *app)
{
  const char *last = g_hash_table_lookup (app->last_digit, session_id);

  g_print ("server: %s pressed %s\n", who (app, session_id), digit);
  if (g_strcmp0 (last, "*") == 0 && g_str_equal (digit, "6"))
    {
      g_hash_table_remove (app->last_digit, session_id);
      toggle_mute (app, session_id);
    }
  else
    g_hash_table_insert (app->last_digit, g_strdup (session_id), g_strdup (digit));
}

static void
call_ended_cb (ScSessionManager *calls,
               ScCallSession    *session,
               const char       *reason,
               App              *app)
{
  g_hash_table_remove (app->last_digit, sc_call_session_get_id (session));
}

/* Every conference event, whatever its type. */
static void
conference_event_cb (ScConferenceManager *conferences,
                     ScConferenceEvent   *event,
                     App                 *app)
{
  g_autoptr(GEnumClass) types = g_type_class_ref (SC_TYPE_CONFERENCE_EVENT_TYPE);
  ScConferenceEventType type = sc_conference_event_get_event_type (event);
  const char *session_id = sc_conference_event_get_session_id (event);
  const char *reason = sc_conference_event_get_reason (event);
  g_autoptr(GString) line = g_string_new ("conference-event::");

  g_string_append (line, g_enum_get_value (types, type)->value_nick);
  if (session_id != NULL)
    g_string_append_printf (line, " %s (%s)", session_id, who (app, session_id));
  if (type == SC_CONFERENCE_EVENT_TYPE_PARTICIPANT_STATUS_CHANGED)
    g_string_append_printf (line, ": %s -> %s",
                            sc_participant_status_to_string (sc_conference_event_get_old_status (event)),
                            sc_participant_status_to_string (sc_conference_event_get_new_status (event)));
  else if (reason != NULL)
    g_string_append_printf (line, ": %s", reason);
  g_print ("%s\n", line->str);

  /* The demo goes on once its three callers are in. */
  if (type == SC_CONFERENCE_EVENT_TYPE_PARTICIPANT_JOINED && app->demo &&
      ++app->n_joined == N_PHONES)
    {
      /* Let the audio flow and the talking detection settle. */
      app->wait_id = g_timeout_add (1500, first_press_cb, app);
    }
}

/* ------------------------------------------------------------------ */
/* The demo's phones                                                    */

static gboolean
no_toggle_cb (gpointer user_data)
{
  App *app = user_data;

  app->wait_id = 0;
  g_printerr ("server: *6 had no effect within 2 s\n");
  app->failed = TRUE;
  finish (app);
  return G_SOURCE_REMOVE;
}

static gboolean
bob_presses_star_6_cb (gpointer user_data)
{
  App *app = user_data;
  g_autoptr(GError) error = NULL;

  app->wait_id = 0;
  g_print ("%s: pressing *6\n", phone_names[MUTER]);
  if (!sc_session_manager_send_dtmf (app->phones[MUTER], app->phone_calls[MUTER], "*6", &error))
    {
      g_printerr ("%s: cannot send DTMF: %s\n", phone_names[MUTER], error->message);
      app->failed = TRUE;
      finish (app);
      return G_SOURCE_REMOVE;
    }
  app->wait_id = g_timeout_add (2000, no_toggle_cb, app);
  return G_SOURCE_REMOVE;
}

static gboolean
first_press_cb (gpointer user_data)
{
  print_participants (user_data);
  return bob_presses_star_6_cb (user_data);
}

static gboolean
after_toggle_cb (gpointer user_data)
{
  App *app = user_data;

  app->wait_id = 0;
  print_participants (app);
  if (app->n_toggles == 1)
    return bob_presses_star_6_cb (app);   /* unmute again */
  finish (app);
  return G_SOURCE_REMOVE;
}

static void
phone_established_cb (ScSessionManager *phone,
                      ScCallSession    *session,
                      const char       *local_sdp,
                      const char       *remote_sdp,
                      App              *app)
{
  for (guint i = 0; i < N_PHONES; i++)
    if (phone == app->phones[i])
      {
        app->phone_calls[i] = g_strdup (sc_call_session_get_id (session));
        g_print ("%s: connected, playing %.0f Hz\n", phone_names[i], phone_tones[i]);
        sc_session_manager_play_tone (phone, app->phone_calls[i], phone_tones[i], NULL);
      }
}

static ScSessionManager *
make_phone (guint    media_port_start,
            GError **error)
{
  g_autoptr(ScSessionManagerBuilder) builder = sc_session_manager_builder_new ();

  sc_session_manager_builder_with_local_bind_addr (builder, "127.0.0.1:0");
  sc_session_manager_builder_with_media_ports (builder, media_port_start,
                                               media_port_start + 49);
  return sc_session_manager_builder_build (builder, error);
}

/* ------------------------------------------------------------------ */
/* The end                                                              */

static void
shutdown_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  App *app = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (SC_IS_SERVER_SESSION_MANAGER (source))
    ok = sc_server_session_manager_shutdown_finish (SC_SERVER_SESSION_MANAGER (source),
                                                    result, &error);
  else
    ok = sc_session_manager_shutdown_finish (SC_SESSION_MANAGER (source), result, &error);
  if (!ok)
    {
      g_printerr ("shutdown: %s\n", error->message);
      app->failed = TRUE;
    }
  if (--app->n_shutting_down == 0)
    {
      g_print ("everything shut down\n");
      g_main_loop_quit (app->loop);
    }
}

static void
finish (App *app)
{
  g_autoptr(GError) error = NULL;

  if (app->finishing)
    return;
  app->finishing = TRUE;
  g_clear_handle_id (&app->wait_id, g_source_remove);

  if (app->record_path != NULL && sc_conference_get_recording (app->room))
    {
      GStatBuf st;

      /* When stop_recording returns, the file is complete. */
      if (!sc_conference_manager_stop_recording (app->conferences, ROOM, &error))
        {
          g_printerr ("cannot stop recording: %s\n", error->message);
          app->failed = TRUE;
          g_clear_error (&error);
        }
      else if (g_stat (app->record_path, &st) == 0)
        g_print ("recorded %s: %lld bytes\n", app->record_path, (long long) st.st_size);
    }

  /* The participants' calls stay up: the shutdown ends them. */
  g_print ("server: terminating " ROOM "\n");
  if (!sc_conference_manager_terminate_conference (app->conferences, ROOM, &error))
    {
      g_printerr ("cannot terminate: %s\n", error->message);
      app->failed = TRUE;
    }

  app->n_shutting_down = 1;
  sc_server_session_manager_shutdown_async (app->server, NULL, shutdown_done_cb, app);
  for (guint i = 0; i < N_PHONES; i++)
    if (app->phones[i] != NULL)
      {
        app->n_shutting_down++;
        sc_session_manager_shutdown_async (app->phones[i], NULL, shutdown_done_cb, app);
      }
}

static gboolean
sigint_cb (gpointer user_data)
{
  g_print ("\nCtrl-C\n");
  finish (user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
watchdog_cb (gpointer user_data)
{
  App *app = user_data;

  g_printerr ("no result after 15 s, giving up\n");
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
  g_autoptr(GOptionContext) options = g_option_context_new ("- a dial-in conference bridge");
  g_autoptr(ScSessionManagerBuilder) builder = sc_session_manager_builder_new ();
  g_autoptr(ScConferenceConfig) config = sc_conference_config_new ();
  g_autofree char *record_path = NULL;
  g_autofree char *address = NULL;
  g_autofree char *bind = NULL;
  const char *server_address;
  gboolean wait = FALSE;
  int port = 0;
  int exit_code;
  GOptionEntry entries[] = {
    { "record", 0, 0, G_OPTION_ARG_FILENAME, &record_path, "Record the room to FILE", "FILE" },
    { "address", 0, 0, G_OPTION_ARG_STRING, &address, "Listen on ADDR (127.0.0.1)", "ADDR" },
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "Listen on port N (any free port)", "N" },
    { "wait", 0, 0, G_OPTION_ARG_NONE, &wait, "Serve real phones until Ctrl-C", NULL },
    { NULL }
  };

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  app.demo = !wait;
  app.record_path = record_path;
  app.last_digit = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  app.names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  /* The server. */
  bind = g_strdup_printf ("%s:%d", address ? address : "127.0.0.1", port);
  sc_session_manager_builder_with_local_bind_addr (builder, bind);
  sc_session_manager_builder_with_media_ports (builder, 38200, 38249);
  sc_session_manager_builder_with_domain (builder, "conference.example");
  app.server = sc_session_manager_builder_build_server (builder, NULL, &error);
  if (app.server == NULL)
    {
      g_printerr ("cannot start the server: %s\n", error->message);
      return 1;
    }
  app.calls = sc_server_session_manager_get_session_manager (app.server);
  app.conferences = sc_server_session_manager_get_conference_manager (app.server);
  server_address = sc_session_manager_get_bound_address (app.calls);
  g_print ("server listens on %s; callers dial sip:" ROOM "@%s\n", server_address, server_address);

  g_signal_connect (app.calls, "incoming-call", G_CALLBACK (incoming_call_cb), &app);
  g_signal_connect (app.calls, "call-established", G_CALLBACK (call_established_cb), &app);
  g_signal_connect (app.calls, "dtmf", G_CALLBACK (dtmf_cb), &app);
  g_signal_connect (app.calls, "call-ended", G_CALLBACK (call_ended_cb), &app);
  g_signal_connect (app.conferences, "conference-event", G_CALLBACK (conference_event_cb), &app);

  /* The conference, by name: callers are joined to it as they come. */
  sc_conference_config_set_name (config, "The Room");
  sc_conference_config_set_max_participants (config, 10);
  if (!sc_conference_manager_create_named_conference (app.conferences, ROOM, config, &error))
    {
      g_printerr ("cannot create the conference: %s\n", error->message);
      return 1;
    }
  app.room = sc_conference_manager_get_conference (app.conferences, ROOM);
  if (record_path != NULL)
    {
      if (!sc_conference_manager_start_recording (app.conferences, ROOM, record_path, &error))
        {
          g_printerr ("cannot record: %s\n", error->message);
          return 1;
        }
      g_print ("recording " ROOM " to %s\n", record_path);
    }

  app.loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, sigint_cb, &app);

  if (wait)
    g_print ("waiting for calls; press *6 on a phone to mute or unmute it; Ctrl-C ends\n");
  else
    {
      g_timeout_add_seconds (15, watchdog_cb, &app);
      for (guint i = 0; i < N_PHONES; i++)
        {
          g_autoptr(ScCallSession) call = NULL;
          g_autofree char *from = NULL;
          g_autofree char *to = NULL;

          app.phones[i] = make_phone (38250 + 50 * i, &error);
          if (app.phones[i] == NULL)
            {
              g_printerr ("cannot start %s: %s\n", phone_names[i], error->message);
              return 1;
            }
          g_signal_connect (app.phones[i], "call-established",
                            G_CALLBACK (phone_established_cb), &app);
          from = g_strdup_printf ("sip:%s@%s", phone_names[i],
                                  sc_session_manager_get_bound_address (app.phones[i]));
          to = g_strdup_printf ("sip:" ROOM "@%s", server_address);
          call = sc_session_manager_create_outgoing_call (app.phones[i], from, to, NULL, &error);
          if (call == NULL)
            {
              g_printerr ("%s: cannot call: %s\n", phone_names[i], error->message);
              return 1;
            }
          g_print ("%s: calling %s\n", phone_names[i], to);
        }
    }

  g_main_loop_run (app.loop);

  exit_code = app.failed || (app.demo && app.n_toggles != 2);
  g_print ("%s\n", exit_code == 0 ? "done" : "FAILED");

  g_clear_object (&app.room);
  g_clear_object (&app.server);
  for (guint i = 0; i < N_PHONES; i++)
    {
      g_clear_object (&app.phones[i]);
      g_free (app.phone_calls[i]);
    }
  g_hash_table_unref (app.last_digit);
  g_hash_table_unref (app.names);
  g_main_loop_unref (app.loop);
  return exit_code;
}
