/* recording.c: the recording recipes of doc/cookbook.md.
 *
 *   recording PORT DIRECTORY   serves on 127.0.0.1:PORT: every call joins
 *                              the conference "room", which is recorded to
 *                              DIRECTORY/room.wav while anyone is in it;
 *                              bridges would be recorded too
 *   recording --check          sets the recipes up and exits
 *
 * examples/conference_recording.c is a longer demonstration.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "snippet.h"

/* Every bridge is recorded, from its first member to its end. */
static void
on_session_added (ScBridgeManager *bridges,
                  ScBridgeEvent   *event,
                  const char      *directory)
{
  const char *bridge_id = sc_bridge_event_get_bridge_id (event);
  g_autofree char *name = g_strconcat (bridge_id, ".wav", NULL);
  g_autofree char *path = g_build_filename (directory, name, NULL);
  g_autoptr(GError) error = NULL;

  if (!sc_bridge_manager_is_recording (bridges, bridge_id) &&
      !sc_bridge_manager_start_recording (bridges, bridge_id, path, &error))
    g_printerr ("cannot record %s: %s\n", bridge_id, error->message);
}

static void
on_bridge_destroyed (ScBridgeManager *bridges,
                     ScBridgeEvent   *event,
                     const char      *directory)
{
  g_print ("%s/%s.wav is complete\n", directory, sc_bridge_event_get_bridge_id (event));
}

static void
record_bridges (ScServerSessionManager *server,
                const char             *directory)
{
  ScBridgeManager *bridges = sc_server_session_manager_get_bridge_manager (server);

  g_signal_connect (bridges, "bridge-event::session-added", G_CALLBACK (on_session_added),
                    (gpointer) directory);
  g_signal_connect (bridges, "bridge-event::destroyed", G_CALLBACK (on_bridge_destroyed),
                    (gpointer) directory);
}

/* Every conference is recorded while anyone is in it, to
 * DIRECTORY/<conference id>.wav; stop_recording () returns once the file
 * is complete (terminating the conference completes it too). */
static void
on_conference_event (ScConferenceManager *conferences,
                     ScConferenceEvent   *event,
                     const char          *directory)
{
  const char *room = sc_conference_event_get_conference_id (event);
  g_autoptr(ScConference) conference = sc_conference_manager_get_conference (conferences, room);
  g_autofree char *name = g_strconcat (room, ".wav", NULL);   /* or .ogg, .opus */
  g_autofree char *path = g_build_filename (directory, name, NULL);
  g_autoptr(GError) error = NULL;
  guint n;

  if (conference == NULL)
    return;
  n = g_list_model_get_n_items (sc_conference_get_participants (conference));
  if (n > 0 && !sc_conference_get_recording (conference) &&
      !sc_conference_manager_start_recording (conferences, room, path, &error))
    g_printerr ("cannot record %s: %s\n", room, error->message);
  else if (n == 0 && sc_conference_get_recording (conference) &&
           sc_conference_manager_stop_recording (conferences, room, NULL))
    g_print ("%s is complete\n", path);
}

static void
record_conferences (ScServerSessionManager *server,
                    const char             *directory)
{
  ScConferenceManager *conferences = sc_server_session_manager_get_conference_manager (server);

  g_signal_connect (conferences, "conference-event::participant-joined",
                    G_CALLBACK (on_conference_event), (gpointer) directory);
  g_signal_connect (conferences, "conference-event::participant-left",
                    G_CALLBACK (on_conference_event), (gpointer) directory);
}

/* Glue for a runnable program: every call joins "room". */
static ScCallDecision *
accept_cb (ScSessionManager *calls,
           ScIncomingCall   *call,
           gpointer          user_data)
{
  return sc_call_decision_accept (NULL);
}

static void
join_cb (ScSessionManager       *calls,
         ScCallSession          *session,
         const char             *local_sdp,
         const char             *remote_sdp,
         ScServerSessionManager *server)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScParticipantInfo) info =
    sc_conference_manager_join_conference (sc_server_session_manager_get_conference_manager (server),
                                           "room", sc_call_session_get_id (session), &error);

  if (info == NULL)
    g_printerr ("%s cannot join the room: %s\n",
                sc_call_session_get_id (session), error->message);
}

int
main (int    argc,
      char **argv)
{
  gboolean check = snippet_check_mode (argc, argv);
  const char *directory = check ? g_get_tmp_dir () : argv[argc - 1];
  ScServerSessionManager *server;
  ScSessionManager *calls;

  if (!check && argc != 3)
    {
      g_printerr ("usage: recording PORT DIRECTORY | --check\n");
      return 2;
    }
  server = snippet_server (check ? "0" : argv[1]);
  calls = sc_server_session_manager_get_session_manager (server);
  sc_conference_manager_create_named_conference (sc_server_session_manager_get_conference_manager (server),
                                                 "room", NULL, NULL);
  g_signal_connect (calls, "incoming-call", G_CALLBACK (accept_cb), NULL);
  g_signal_connect (calls, "call-established", G_CALLBACK (join_cb), server);
  record_bridges (server, directory);
  record_conferences (server, directory);
  return snippet_run (server, check);
}
