/* conference.c: the dial-in conference recipe of doc/cookbook.md.
 *
 *   conference PORT    serves on 127.0.0.1:PORT: every call to
 *                      sip:<room>@... joins the conference <room>;
 *                      *6 toggles the caller's mute
 *   conference --check sets the recipe up and exits
 *
 * examples/conference_room.c is a longer demonstration.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "snippet.h"

typedef struct {
  ScServerSessionManager *server;
  ScConferenceConfig     *config;
  GHashTable             *last_digit;   /* session id → its previous digit */
} DialIn;

static void
dial_in_call_established (ScSessionManager *calls,
                          ScCallSession    *session,
                          const char       *local_sdp,
                          const char       *remote_sdp,
                          DialIn           *self)
{
  ScConferenceManager *conferences = sc_server_session_manager_get_conference_manager (self->server);
  const char *to = sc_call_session_get_to (session);             /* sip:ROOM@host */
  const char *user = strchr (to, ':') ? strchr (to, ':') + 1 : to;
  g_autofree char *room = g_strndup (user, strcspn (user, "@"));
  g_autoptr(ScParticipantInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  if (sc_call_session_get_direction (session) != SC_CALL_DIRECTION_INCOMING)
    return;
  if (!sc_conference_manager_conference_exists (conferences, room) &&
      !sc_conference_manager_create_named_conference (conferences, room, self->config, &error))
    g_printerr ("cannot create %s: %s\n", room, error->message);
  else if ((info = sc_conference_manager_join_conference (conferences, room,
                                                          sc_call_session_get_id (session),
                                                          &error)) != NULL)
    return;
  else
    g_printerr ("cannot join %s: %s\n", room, error->message);   /* full, locked, … */
  sc_session_manager_terminate_session (calls, sc_call_session_get_id (session), NULL);
}

static void
dial_in_dtmf (ScSessionManager *calls,
              const char       *session_id,
              const char       *digit,
              guint             duration_ms,
              DialIn           *self)
{
  ScConferenceManager *conferences = sc_server_session_manager_get_conference_manager (self->server);
  const char *last = g_hash_table_lookup (self->last_digit, session_id);
  g_autofree char *room = NULL;
  g_autoptr(ScConference) conference = NULL;
  g_autoptr(ScConferenceParticipant) me = NULL;
  gboolean muted;

  if (g_strcmp0 (last, "*") != 0 || g_strcmp0 (digit, "6") != 0)
    {
      g_hash_table_insert (self->last_digit, g_strdup (session_id), g_strdup (digit));
      return;
    }
  g_hash_table_remove (self->last_digit, session_id);
  room = sc_conference_manager_get_session_conference (conferences, session_id, NULL);
  if (room == NULL)
    return;
  conference = sc_conference_manager_get_conference (conferences, room);
  me = sc_conference_get_participant (conference, session_id);
  muted = sc_conference_participant_get_status (me) == SC_PARTICIPANT_STATUS_MUTED;
  sc_conference_manager_update_participant_status (conferences, room, session_id,
                                                   muted ? SC_PARTICIPANT_STATUS_ACTIVE
                                                         : SC_PARTICIPANT_STATUS_MUTED,
                                                   NULL);
}

static ScCallDecision *
dial_in_incoming_call (ScSessionManager *calls,
                       ScIncomingCall   *call,
                       DialIn           *self)
{
  return sc_call_decision_accept (NULL);
}

static DialIn *
dial_in_new (ScServerSessionManager *server)
{
  ScSessionManager *calls = sc_server_session_manager_get_session_manager (server);
  DialIn *self = g_new0 (DialIn, 1);

  self->server = server;
  self->config = sc_conference_config_new ();
  sc_conference_config_set_max_participants (self->config, 20);
  sc_conference_config_set_timeout_secs (self->config, 60);   /* a room empty for 60 s is closed */
  self->last_digit = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_signal_connect (calls, "incoming-call", G_CALLBACK (dial_in_incoming_call), self);
  g_signal_connect (calls, "call-established", G_CALLBACK (dial_in_call_established), self);
  g_signal_connect (calls, "dtmf", G_CALLBACK (dial_in_dtmf), self);
  return self;
}

int
main (int    argc,
      char **argv)
{
  gboolean check = snippet_check_mode (argc, argv);
  ScServerSessionManager *server;

  if (!check && argc != 2)
    {
      g_printerr ("usage: conference PORT | --check\n");
      return 2;
    }
  server = snippet_server (check ? "0" : argv[1]);
  dial_in_new (server);
  return snippet_run (server, check);
}
