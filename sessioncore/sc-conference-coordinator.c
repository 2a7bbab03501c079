/* sc-conference-coordinator.c: conferences that follow their calls
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sc-conference-coordinator.h"

#include "sc-call-session.h"
#include "sc-error.h"

/**
 * ScConferenceCoordinator:
 *
 * Joins calls to conferences and takes them out again (the Rust
 * `ConferenceCoordinator`), watching the calls: when a call ends, its
 * session is removed from every conference it is in (PARTICIPANT_LEFT,
 * reason "session terminated").
 *
 * It works through an #ScConferenceManager, whose events
 * (#ScConferenceManager::conference-event) tell what happened. A session
 * is in one conference at a time, so
 * sc_conference_coordinator_get_session_conferences() returns one id at
 * most.
 *
 * Since: 0.1
 */

struct _ScConferenceCoordinator
{
  GObject              parent_instance;

  ScSessionManager    *sessions;
  ScConferenceManager *conferences;
};

G_DEFINE_FINAL_TYPE (ScConferenceCoordinator, sc_conference_coordinator, G_TYPE_OBJECT)

static void
call_ended_cb (ScSessionManager        *sessions,
               ScCallSession           *session,
               const char              *reason,
               ScConferenceCoordinator *self)
{
  const char *session_id = sc_call_session_get_id (session);
  g_autofree char *conference_id =
    sc_conference_manager_get_session_conference (self->conferences, session_id, NULL);

  if (conference_id != NULL)
    sc_conference_manager_kick_participant (self->conferences, conference_id, session_id,
                                            "session terminated", NULL);
}

static void
sc_conference_coordinator_dispose (GObject *object)
{
  ScConferenceCoordinator *self = SC_CONFERENCE_COORDINATOR (object);

  if (self->sessions != NULL)
    g_signal_handlers_disconnect_by_data (self->sessions, self);
  g_clear_object (&self->sessions);
  g_clear_object (&self->conferences);

  G_OBJECT_CLASS (sc_conference_coordinator_parent_class)->dispose (object);
}

static void
sc_conference_coordinator_class_init (ScConferenceCoordinatorClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sc_conference_coordinator_dispose;
}

static void
sc_conference_coordinator_init (ScConferenceCoordinator *self)
{
}

/**
 * sc_conference_coordinator_new:
 * @session_manager: the calls
 * @conference_manager: the conferences they join; it must be a manager
 *   of @session_manager's calls
 *
 * Makes a coordinator.
 *
 * Returns: (transfer full): a new #ScConferenceCoordinator
 *
 * Since: 0.1
 */
ScConferenceCoordinator *
sc_conference_coordinator_new (ScSessionManager    *session_manager,
                               ScConferenceManager *conference_manager)
{
  ScConferenceCoordinator *self;

  g_return_val_if_fail (SC_IS_SESSION_MANAGER (session_manager), NULL);
  g_return_val_if_fail (SC_IS_CONFERENCE_MANAGER (conference_manager), NULL);
  g_return_val_if_fail (sc_conference_manager_get_session_manager (conference_manager) ==
                        session_manager, NULL);

  self = g_object_new (SC_TYPE_CONFERENCE_COORDINATOR, NULL);
  self->sessions = g_object_ref (session_manager);
  self->conferences = g_object_ref (conference_manager);
  /* The conference manager takes out a participant whose call ended
   * too; whichever handler runs first does it, the other finds nothing
   * left to do. */
  g_signal_connect (session_manager, "call-ended", G_CALLBACK (call_ended_cb), self);
  return self;
}

/**
 * sc_conference_coordinator_add_session_to_conference:
 * @self: a #ScConferenceCoordinator
 * @session_id: an answered call in no conference and no bridge
 * @conference_id: an ACTIVE conference
 * @error: return location for a #GError
 *
 * Joins the session to the conference, as
 * sc_conference_manager_join_conference().
 *
 * Errors: as sc_conference_manager_join_conference().
 *
 * Returns: (transfer full): the participant as it joined, or %NULL on
 *   error
 *
 * Since: 0.1
 */
ScParticipantInfo *
sc_conference_coordinator_add_session_to_conference (ScConferenceCoordinator  *self,
                                                     const char               *session_id,
                                                     const char               *conference_id,
                                                     GError                  **error)
{
  g_return_val_if_fail (SC_IS_CONFERENCE_COORDINATOR (self), NULL);
  g_return_val_if_fail (session_id != NULL, NULL);
  g_return_val_if_fail (conference_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return sc_conference_manager_join_conference (self->conferences, conference_id,
                                                session_id, error);
}

/**
 * sc_conference_coordinator_remove_session_from_conference:
 * @self: a #ScConferenceCoordinator
 * @session_id: a participant
 * @conference_id: the conference it is in
 * @error: return location for a #GError
 *
 * Takes the session out of the conference, as
 * sc_conference_manager_leave_conference(); its call stays up.
 *
 * Errors: as sc_conference_manager_leave_conference().
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
sc_conference_coordinator_remove_session_from_conference (ScConferenceCoordinator  *self,
                                                          const char               *session_id,
                                                          const char               *conference_id,
                                                          GError                  **error)
{
  g_return_val_if_fail (SC_IS_CONFERENCE_COORDINATOR (self), FALSE);
  g_return_val_if_fail (session_id != NULL, FALSE);
  g_return_val_if_fail (conference_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return sc_conference_manager_leave_conference (self->conferences, conference_id,
                                                 session_id, error);
}

/**
 * sc_conference_coordinator_get_session_conferences:
 * @self: a #ScConferenceCoordinator
 * @session_id: a session
 *
 * The conferences the session is in: none, or one.
 *
 * Returns: (transfer full) (array zero-terminated=1): the conference ids
 *
 * Since: 0.1
 */
char **
sc_conference_coordinator_get_session_conferences (ScConferenceCoordinator *self,
                                                   const char              *session_id)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_autofree char *conference_id = NULL;

  g_return_val_if_fail (SC_IS_CONFERENCE_COORDINATOR (self), NULL);
  g_return_val_if_fail (session_id != NULL, NULL);

  builder = g_strv_builder_new ();
  conference_id = sc_conference_manager_get_session_conference (self->conferences,
                                                                session_id, NULL);
  if (conference_id != NULL)
    g_strv_builder_add (builder, conference_id);
  return g_strv_builder_end (builder);
}
