/* supervisor.c: the supervisor recipes of doc/cookbook.md.
 *
 *   supervisor --check   sets the recipes up and exits
 *
 * The functions below are what the cookbook shows; test_cookbook.py runs
 * their Python twins against in-process phones.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "snippet.h"

/* 1. A third member in the agent's bridge, muted in it: the supervisor
 *    hears both, nobody hears the supervisor. */
static char *
add_supervisor (ScServerSessionManager *server,
                const char             *agent_leg,
                const char             *supervisor_leg,
                GError                **error)
{
  g_autofree char *bridge_id = sc_server_session_manager_get_session_bridge (server, agent_leg, error);

  if (bridge_id == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, SC_ERROR, SC_ERROR_SESSION_NOT_IN_BRIDGE, "%s is in no bridge", agent_leg);
      return NULL;
    }
  if (!sc_bridge_manager_add_to_bridge (sc_server_session_manager_get_bridge_manager (server),
                                        bridge_id, supervisor_leg, error) ||
      !sc_bridge_manager_set_member_muted (sc_server_session_manager_get_bridge_manager (server),
                                           bridge_id, supervisor_leg, TRUE, error))
    return NULL;
  return g_steal_pointer (&bridge_id);
}

/* 2. The same in a conference: the supervisor is a MUTED participant. */
static char *
listen_in_conference (ScServerSessionManager *server,
                      const char             *customer_leg,
                      const char             *agent_leg,
                      const char             *supervisor_leg,
                      GError                **error)
{
  ScConferenceManager *conferences = sc_server_session_manager_get_conference_manager (server);
  g_autofree char *bridge_id = sc_server_session_manager_get_session_bridge (server, customer_leg, NULL);
  const char *legs[] = { customer_leg, agent_leg, supervisor_leg };
  g_autofree char *room = NULL;

  if (bridge_id != NULL)
    sc_server_session_manager_destroy_bridge (server, bridge_id, NULL);   /* the calls stay up */
  room = sc_conference_manager_create_conference (conferences, NULL, error);
  if (room == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (legs); i++)
    {
      g_autoptr(ScParticipantInfo) info =
        sc_conference_manager_join_conference (conferences, room, legs[i], error);

      if (info == NULL)
        return NULL;
    }
  if (!sc_conference_manager_update_participant_status (conferences, room, supervisor_leg,
                                                        SC_PARTICIPANT_STATUS_MUTED, error))
    return NULL;
  return g_steal_pointer (&room);
}

/* Barge in: the supervisor speaks. */
static gboolean
barge_in (ScServerSessionManager *server,
          const char             *room,
          const char             *supervisor_leg,
          GError                **error)
{
  return sc_conference_manager_update_participant_status (sc_server_session_manager_get_conference_manager (server),
                                                          room, supervisor_leg,
                                                          SC_PARTICIPANT_STATUS_ACTIVE, error);
}

int
main (int    argc,
      char **argv)
{
  ScServerSessionManager *server;
  g_autoptr(GError) error = NULL;
  g_autofree char *bridge_id = NULL;
  g_autofree char *room = NULL;

  if (!snippet_check_mode (argc, argv))
    {
      g_printerr ("usage: supervisor --check\n");
      return 2;
    }
  server = snippet_server ("0");
  /* Unknown sessions: each recipe reports the error, nothing else happens. */
  bridge_id = add_supervisor (server, "sess_agent", "sess_supervisor", &error);
  g_assert_null (bridge_id);
  g_assert_error (error, SC_ERROR, SC_ERROR_SESSION_NOT_FOUND);
  g_clear_error (&error);
  room = listen_in_conference (server, "sess_customer", "sess_agent", "sess_supervisor", &error);
  g_assert_null (room);
  g_assert_error (error, SC_ERROR, SC_ERROR_SESSION_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (barge_in (server, "conf_none", "sess_supervisor", &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_CONFERENCE_NOT_FOUND);
  return snippet_run (server, TRUE);
}
