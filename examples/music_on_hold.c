/* music_on_hold.c: what a caller hears when not bridged, and on hold
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Alice calls Bob (a call centre), Bob answers and plays a 440 Hz tone
 * (sc_session_manager_play_tone (); play_file () plays any audio file
 * GStreamer decodes). After a second Bob puts Alice on hold: she then hears
 * Bob's music on hold, the file given on the command line
 * (with_music_on_hold_file), or nothing without one. Bob resumes, and hangs
 * up. Alice's RTP counters show what reached her in each phase.
 *
 *   ninja -C build && build/examples/music_on_hold [FILE]
 */

#include <sessioncore/sessioncore.h>

typedef struct {
  GMainLoop        *loop;
  ScSessionManager *alice;
  ScSessionManager *bob;
  char             *alice_id;
  char             *bob_id;
  gboolean          music;
  guint64           counts[4];  /* Alice's packets at each step */
  guint             step;
  guint             n_shutting_down;
  int               exit_code;
} App;

static ScSessionManager *
make_manager (guint        media_port_start,
              const char  *music_on_hold,
              GError     **error)
{
  g_autoptr(ScSessionManagerBuilder) builder = sc_session_manager_builder_new ();

  sc_session_manager_builder_with_local_bind_addr (builder, "127.0.0.1:0");
  sc_session_manager_builder_with_media_ports (builder, media_port_start,
                                               media_port_start + 99);
  if (music_on_hold != NULL)
    sc_session_manager_builder_with_music_on_hold_file (builder, music_on_hold);
  return sc_session_manager_builder_build (builder, error);
}

static ScCallDecision *
incoming_call_cb (ScSessionManager *manager,
                  ScIncomingCall   *call,
                  App              *app)
{
  return sc_call_decision_accept (NULL);
}

static guint64
alice_received (App *app)
{
  g_autoptr(ScMediaInfo) info =
    sc_session_manager_get_media_info (app->alice, app->alice_id, NULL);

  return info != NULL ? sc_media_info_get_packets_received (info) : 0;
}

/* Every second: count what reached Alice, then hold, resume, hang up. */
static gboolean
step_cb (gpointer user_data)
{
  App *app = user_data;
  const char *actions[] = { "hold", "resume", "hang up" };

  app->counts[app->step + 1] = alice_received (app);
  g_print ("alice: %" G_GUINT64_FORMAT " RTP packets in the last second\n",
           app->counts[app->step + 1] - app->counts[app->step]);
  g_print ("bob: %s\n", actions[app->step]);

  switch (app->step++)
    {
    case 0:
      sc_session_manager_hold_session (app->bob, app->bob_id, NULL);
      return G_SOURCE_CONTINUE;
    case 1:
      sc_session_manager_resume_session (app->bob, app->bob_id, NULL);
      return G_SOURCE_CONTINUE;
    default:
      sc_session_manager_terminate_session (app->bob, app->bob_id, NULL);
      return G_SOURCE_REMOVE;
    }
}

static void
call_established_cb (ScSessionManager *manager,
                     ScCallSession    *session,
                     const char       *local_sdp,
                     const char       *remote_sdp,
                     App              *app)
{
  if (manager == app->alice)
    {
      app->alice_id = g_strdup (sc_call_session_get_id (session));
      return;
    }
  app->bob_id = g_strdup (sc_call_session_get_id (session));
  g_print ("bob: answered, playing a 440 Hz tone\n");
  sc_session_manager_play_tone (app->bob, app->bob_id, 440.0, NULL);
  g_timeout_add (1000, step_cb, app);
}

static void
shutdown_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  App *app = user_data;

  sc_session_manager_shutdown_finish (SC_SESSION_MANAGER (source), result, NULL);
  if (--app->n_shutting_down == 0)
    g_main_loop_quit (app->loop);
}

static void
call_ended_cb (ScSessionManager *manager,
               ScCallSession    *session,
               const char       *reason,
               App              *app)
{
  guint64 talking, held, resumed;

  if (manager != app->alice)
    return;

  /* About 50 packets a second while Bob sends; on hold only with music. */
  talking = app->counts[1] - app->counts[0];
  held = app->counts[2] - app->counts[1];
  resumed = app->counts[3] - app->counts[2];
  g_print ("alice: call ended; %s during hold\n",
           held > 20 ? "music" : "silence (no packets)");
  if (talking > 20 && resumed > 20 && (held > 20) == app->music)
    app->exit_code = 0;

  app->n_shutting_down = 2;
  sc_session_manager_shutdown_async (app->alice, NULL, shutdown_done_cb, app);
  sc_session_manager_shutdown_async (app->bob, NULL, shutdown_done_cb, app);
}

static gboolean
watchdog_cb (gpointer user_data)
{
  App *app = user_data;

  g_printerr ("no result after 15 s, giving up\n");
  g_main_loop_quit (app->loop);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autoptr(ScCallSession) call = NULL;
  const char *music = argc > 1 ? argv[1] : NULL;
  App app = { .exit_code = 1, .music = music != NULL };

  app.alice = make_manager (37000, NULL, &error);
  if (app.alice != NULL)
    app.bob = make_manager (37100, music, &error);
  if (app.bob == NULL)
    {
      g_printerr ("cannot start: %s\n", error->message);
      return 1;
    }

  app.loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (app.bob, "incoming-call", G_CALLBACK (incoming_call_cb), &app);
  for (int i = 0; i < 2; i++)
    {
      ScSessionManager *manager = i == 0 ? app.alice : app.bob;

      g_signal_connect (manager, "call-established", G_CALLBACK (call_established_cb), &app);
      g_signal_connect (manager, "call-ended", G_CALLBACK (call_ended_cb), &app);
    }
  g_timeout_add_seconds (15, watchdog_cb, &app);

  from = g_strdup_printf ("sip:alice@%s", sc_session_manager_get_bound_address (app.alice));
  to = g_strdup_printf ("sip:bob@%s", sc_session_manager_get_bound_address (app.bob));
  call = sc_session_manager_create_outgoing_call (app.alice, from, to, NULL, &error);
  if (call == NULL)
    {
      g_printerr ("cannot call: %s\n", error->message);
      return 1;
    }
  g_main_loop_run (app.loop);

  g_main_loop_unref (app.loop);
  g_clear_object (&app.alice);
  g_clear_object (&app.bob);
  g_free (app.alice_id);
  g_free (app.bob_id);
  return app.exit_code;
}
