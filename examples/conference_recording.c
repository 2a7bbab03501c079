/* conference_recording.c: record a conference, then a bridge
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Three phones call a server, which joins them to a conference
 * (create_conference: an anonymous one, conf_<uuid>). The server records
 * the conference for 2 s (sc_conference_manager_start_recording /
 * stop_recording): the mix of everyone, 8 kHz mono, to a WAV file — or
 * Ogg/Opus for a name ending in .ogg or .opus. Once stop_recording
 * returns the file is complete, and the example decodes it with
 * GStreamer's discoverer to print its duration.
 *
 * Then two of the callers leave the conference, are bridged instead
 * (a session is in one conference or one bridge at a time), and the
 * bridge is recorded for 1 s (sc_bridge_manager_start_recording).
 *
 *   build/examples/conference_recording [FILE.wav [BRIDGE.wav]]
 *
 * Without arguments both files go to a new directory in /tmp.
 */

#include <string.h>

#include <gst/gst.h>
#include <gst/pbutils/pbutils.h>
#include <glib/gstdio.h>
#include <sessioncore/sessioncore.h>

#define N_PHONES 3

static const char *phone_names[N_PHONES] = { "alice", "bob", "carol" };
static const double phone_tones[N_PHONES] = { 440.0, 660.0, 880.0 };

typedef struct {
  GMainLoop              *loop;
  ScServerSessionManager *server;
  ScSessionManager       *calls;        /* the server's calls */
  ScConferenceManager    *conferences;
  ScBridgeManager        *bridges;
  ScSessionManager       *phones[N_PHONES];
  char                   *legs[N_PHONES]; /* the server's sessions, as they joined */
  char                   *names[N_PHONES]; /* who each is */
  guint                   n_legs;
  char                   *conference_id;
  char                   *bridge_id;
  char                   *conference_path;
  char                   *bridge_path;
  guint                   n_shutting_down;
  gboolean                finishing;
  gboolean                failed;
} App;

static void finish (App *app);

/* Decodes the file with GStreamer and prints how long it lasts;
 * FALSE when it cannot be decoded or is much shorter than expected. */
static gboolean
print_duration (const char *path,
                double      expected_s)
{
  g_autoptr(GstDiscoverer) discoverer = NULL;
  g_autoptr(GstDiscovererInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *uri = g_filename_to_uri (absolute, NULL, NULL);
  GStatBuf st = { 0 };
  double seconds;

  discoverer = gst_discoverer_new (5 * GST_SECOND, &error);
  if (discoverer != NULL)
    info = gst_discoverer_discover_uri (discoverer, uri, &error);
  if (info == NULL || gst_discoverer_info_get_result (info) != GST_DISCOVERER_OK)
    {
      g_printerr ("%s: cannot decode: %s\n", path, error ? error->message : "?");
      return FALSE;
    }
  seconds = (double) gst_discoverer_info_get_duration (info) / GST_SECOND;
  g_stat (path, &st);
  g_print ("%s: %lld bytes, %.2f s of audio\n", path, (long long) st.st_size, seconds);
  return seconds >= expected_s / 2;
}

/* ------------------------------------------------------------------ */
/* Step 2: two of them in a bridge, recorded for 1 s                    */

static gboolean
stop_bridge_recording_cb (gpointer user_data)
{
  App *app = user_data;
  g_autoptr(GError) error = NULL;

  if (!sc_bridge_manager_stop_recording (app->bridges, app->bridge_id, &error))
    {
      g_printerr ("cannot stop the bridge's recording: %s\n", error->message);
      app->failed = TRUE;
    }
  else
    {
      g_print ("bridge recording stopped\n");
      app->failed |= !print_duration (app->bridge_path, 1.0);
    }
  finish (app);
  return G_SOURCE_REMOVE;
}

static void
record_a_bridge (App *app)
{
  g_autoptr(GError) error = NULL;

  /* A session is in one conference or one bridge: leave first. */
  for (guint i = 0; i < 2; i++)
    if (!sc_conference_manager_leave_conference (app->conferences, app->conference_id,
                                                 app->legs[i], &error))
      break;
  if (error == NULL)
    app->bridge_id = sc_server_session_manager_bridge_sessions (app->server, app->legs[0],
                                                                app->legs[1], &error);
  if (app->bridge_id != NULL &&
      sc_bridge_manager_start_recording (app->bridges, app->bridge_id, app->bridge_path, &error))
    {
      g_print ("%s and %s left the conference, are bridged in %s; recording it to %s\n",
               app->names[0], app->names[1], app->bridge_id, app->bridge_path);
      g_timeout_add (1000, stop_bridge_recording_cb, app);
      return;
    }
  g_printerr ("cannot record a bridge: %s\n", error->message);
  app->failed = TRUE;
  finish (app);
}

/* ------------------------------------------------------------------ */
/* Step 1: the conference, recorded for 2 s                             */

static gboolean
stop_conference_recording_cb (gpointer user_data)
{
  App *app = user_data;
  g_autoptr(GError) error = NULL;

  /* When stop_recording returns, the file is complete. */
  if (!sc_conference_manager_stop_recording (app->conferences, app->conference_id, &error))
    {
      g_printerr ("cannot stop recording: %s\n", error->message);
      app->failed = TRUE;
      finish (app);
      return G_SOURCE_REMOVE;
    }
  g_print ("conference recording stopped\n");
  if (!print_duration (app->conference_path, 2.0))
    {
      app->failed = TRUE;
      finish (app);
      return G_SOURCE_REMOVE;
    }
  record_a_bridge (app);
  return G_SOURCE_REMOVE;
}

static void
call_established_cb (ScSessionManager *calls,
                     ScCallSession    *session,
                     const char       *local_sdp,
                     const char       *remote_sdp,
                     App              *app)
{
  g_autoptr(ScParticipantInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  const char *session_id = sc_call_session_get_id (session);

  info = sc_conference_manager_join_conference (app->conferences, app->conference_id,
                                                session_id, &error);
  if (info == NULL)
    {
      g_printerr ("cannot join %s: %s\n", session_id, error->message);
      app->failed = TRUE;
      finish (app);
      return;
    }
  g_print ("%s joined the conference\n", sc_participant_info_get_display_name (info));
  app->names[app->n_legs] = g_strdup (sc_participant_info_get_display_name (info));
  app->legs[app->n_legs++] = g_strdup (session_id);
  if (app->n_legs < N_PHONES)
    return;

  if (!sc_conference_manager_start_recording (app->conferences, app->conference_id,
                                              app->conference_path, &error))
    {
      g_printerr ("cannot record: %s\n", error->message);
      app->failed = TRUE;
      finish (app);
      return;
    }
  g_print ("all three in: recording the conference to %s for 2 s\n", app->conference_path);
  g_timeout_add (2000, stop_conference_recording_cb, app);
}

/* ------------------------------------------------------------------ */
/* The phones, one after the other                                      */

static void call_next_phone (App *app);

static void
phone_established_cb (ScSessionManager *phone,
                      ScCallSession    *session,
                      const char       *local_sdp,
                      const char       *remote_sdp,
                      App              *app)
{
  guint i = 0;

  while (app->phones[i] != phone)
    i++;
  sc_session_manager_play_tone (phone, sc_call_session_get_id (session), phone_tones[i], NULL);
  g_print ("%s: connected, playing %.0f Hz\n", phone_names[i], phone_tones[i]);
  call_next_phone (app);
}

static void
call_next_phone (App *app)
{
  g_autoptr(ScSessionManagerBuilder) builder = sc_session_manager_builder_new ();
  g_autoptr(ScCallSession) call = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  guint i = 0;

  while (i < N_PHONES && app->phones[i] != NULL)
    i++;
  if (i == N_PHONES)
    return;
  sc_session_manager_builder_with_local_bind_addr (builder, "127.0.0.1:0");
  sc_session_manager_builder_with_media_ports (builder, 38650 + 50 * i, 38699 + 50 * i);
  app->phones[i] = sc_session_manager_builder_build (builder, &error);
  if (app->phones[i] != NULL)
    {
      g_signal_connect (app->phones[i], "call-established", G_CALLBACK (phone_established_cb), app);
      from = g_strdup_printf ("sip:%s@%s", phone_names[i],
                              sc_session_manager_get_bound_address (app->phones[i]));
      to = g_strdup_printf ("sip:conference@%s", sc_session_manager_get_bound_address (app->calls));
      call = sc_session_manager_create_outgoing_call (app->phones[i], from, to, NULL, &error);
    }
  if (call == NULL)
    {
      g_printerr ("%s: cannot call: %s\n", phone_names[i], error->message);
      app->failed = TRUE;
      finish (app);
    }
}

static ScCallDecision *
incoming_call_cb (ScSessionManager *calls,
                  ScIncomingCall   *call,
                  App              *app)
{
  return sc_call_decision_accept (NULL);
}

/* ------------------------------------------------------------------ */
/* The end                                                              */

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
    g_main_loop_quit (app->loop);
}

static void
finish (App *app)
{
  if (app->finishing)
    return;
  app->finishing = TRUE;
  /* The server's shutdown ends the conference, the bridge and the calls. */
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
watchdog_cb (gpointer user_data)
{
  App *app = user_data;

  g_printerr ("no result after 15 s, giving up\n");
  app->failed = TRUE;
  g_main_loop_quit (app->loop);
  return G_SOURCE_REMOVE;
}

/* "dir/x.wav" → "dir/x-bridge.wav" */
static char *
bridge_path_for (const char *path)
{
  const char *dot = strrchr (path, '.');
  const char *slash = strrchr (path, G_DIR_SEPARATOR);

  if (dot == NULL || (slash != NULL && dot < slash))
    return g_strconcat (path, "-bridge.wav", NULL);
  return g_strdup_printf ("%.*s-bridge%s", (int) (dot - path), path, dot);
}

int
main (int   argc,
      char *argv[])
{
  App app = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(ScSessionManagerBuilder) builder = sc_session_manager_builder_new ();
  g_autofree char *tmp_dir = NULL;
  int exit_code;

  gst_init (&argc, &argv);
  if (argc > 1)
    app.conference_path = g_strdup (argv[1]);
  else
    {
      tmp_dir = g_dir_make_tmp ("conference-recording-XXXXXX", &error);
      if (tmp_dir == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      app.conference_path = g_build_filename (tmp_dir, "conference.wav", NULL);
    }
  app.bridge_path = argc > 2 ? g_strdup (argv[2]) : bridge_path_for (app.conference_path);

  sc_session_manager_builder_with_local_bind_addr (builder, "127.0.0.1:0");
  sc_session_manager_builder_with_media_ports (builder, 38600, 38649);
  app.server = sc_session_manager_builder_build_server (builder, NULL, &error);
  if (app.server == NULL)
    {
      g_printerr ("cannot start the server: %s\n", error->message);
      return 1;
    }
  app.calls = sc_server_session_manager_get_session_manager (app.server);
  app.conferences = sc_server_session_manager_get_conference_manager (app.server);
  app.bridges = sc_server_session_manager_get_bridge_manager (app.server);
  g_signal_connect (app.calls, "incoming-call", G_CALLBACK (incoming_call_cb), &app);
  g_signal_connect (app.calls, "call-established", G_CALLBACK (call_established_cb), &app);

  /* An anonymous conference with the default configuration. */
  app.conference_id = sc_conference_manager_create_conference (app.conferences, NULL, &error);
  if (app.conference_id == NULL)
    {
      g_printerr ("cannot create a conference: %s\n", error->message);
      return 1;
    }
  g_print ("server on %s, conference %s\n",
           sc_session_manager_get_bound_address (app.calls), app.conference_id);

  app.loop = g_main_loop_new (NULL, FALSE);
  g_timeout_add_seconds (15, watchdog_cb, &app);
  call_next_phone (&app);
  g_main_loop_run (app.loop);

  exit_code = app.failed || app.bridge_id == NULL;
  g_print ("%s\n", exit_code == 0 ? "done" : "FAILED");

  g_clear_object (&app.server);
  for (guint i = 0; i < N_PHONES; i++)
    {
      g_clear_object (&app.phones[i]);
      g_free (app.legs[i]);
      g_free (app.names[i]);
    }
  g_free (app.conference_id);
  g_free (app.bridge_id);
  g_free (app.conference_path);
  g_free (app.bridge_path);
  g_main_loop_unref (app.loop);
  return exit_code;
}
