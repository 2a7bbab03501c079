/* transfer.c: the blind transfer recipe of doc/cookbook.md, as a program.
 *
 *   transfer PORT OPERATOR_URI   a server on 127.0.0.1:PORT that answers
 *                                every call, transfers a caller who presses
 *                                0 to OPERATOR_URI, and follows transfers
 *                                it is asked to make
 *   transfer --check             sets the recipe up and exits
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "snippet.h"

/* The side that transfers: a caller who presses 0 goes to the operator. */
static void
on_dtmf (ScSessionManager *calls,
         const char       *session_id,
         const char       *digit,
         guint             duration_ms,
         const char       *operator_uri)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (digit, "0") == 0 &&
      !sc_session_manager_transfer_session (calls, session_id, operator_uri, &error))   /* REFER */
    g_printerr ("cannot transfer: %s\n", error->message);
}

static void
on_state_changed (ScSessionManager *calls,
                  const char       *session_id,
                  ScCallState       old_state,
                  ScCallState       new_state,
                  const char       *reason,
                  gpointer          user_data)
{
  if (old_state == SC_CALL_STATE_TRANSFERRING && new_state != SC_CALL_STATE_TERMINATED)
    g_print ("%s refused the transfer: %s\n", session_id, reason);   /* "transfer refused" */
}

static void
transfer_on_zero (ScSessionManager *calls,
                  const char       *operator_uri)
{
  g_signal_connect_data (calls, "dtmf", G_CALLBACK (on_dtmf), g_strdup (operator_uri),
                         (GClosureNotify) G_CALLBACK (g_free), 0);
  g_signal_connect (calls, "call-state-changed", G_CALLBACK (on_state_changed), NULL);
}

/* The side that is transferred: accept the REFER, call the target, hang
 * up the old call. */
typedef struct {
  ScSessionManager *calls;
  ScCallSession    *session;
  char             *target_uri;
} Transfer;

static gboolean
transfer_cb (gpointer data)
{
  Transfer *transfer = data;
  ScCallSession *session = transfer->session;
  const char *me = sc_call_session_get_direction (session) == SC_CALL_DIRECTION_OUTGOING
                   ? sc_call_session_get_from (session)    /* we placed the call */
                   : sc_call_session_get_to (session);     /* we answered it */
  g_autoptr(GError) error = NULL;
  g_autoptr(ScCallSession) new_call =
    sc_session_manager_create_outgoing_call (transfer->calls, me, transfer->target_uri, NULL, &error);

  if (new_call == NULL)
    g_printerr ("cannot call %s: %s\n", transfer->target_uri, error->message);
  sc_session_manager_terminate_session (transfer->calls, sc_call_session_get_id (session), NULL);
  g_object_unref (transfer->session);
  g_free (transfer->target_uri);
  g_free (transfer);
  return G_SOURCE_REMOVE;
}

static gboolean
on_transfer_request (ScSessionManager *calls,
                     const char       *session_id,
                     const char       *target_uri,
                     const char       *referred_by,
                     gpointer          user_data)
{
  ScCallSession *session = sc_session_manager_get_session (calls, session_id);
  Transfer *transfer;

  if (session == NULL)
    return FALSE;                                  /* 603 Decline */
  transfer = g_new0 (Transfer, 1);
  transfer->calls = calls;
  transfer->session = session;
  transfer->target_uri = g_strdup (target_uri);
  g_idle_add (transfer_cb, transfer);              /* after the 202 is sent */
  return TRUE;                                     /* 202 Accepted */
}

static void
follow_transfers (ScSessionManager *calls)
{
  g_signal_connect (calls, "transfer-request", G_CALLBACK (on_transfer_request), NULL);
}

static ScCallDecision *
accept_cb (ScSessionManager *calls,
           ScIncomingCall   *call,
           gpointer          user_data)
{
  return sc_call_decision_accept (NULL);
}

int
main (int    argc,
      char **argv)
{
  gboolean check = snippet_check_mode (argc, argv);
  ScServerSessionManager *server;
  ScSessionManager *calls;

  if (!check && argc != 3)
    {
      g_printerr ("usage: transfer PORT OPERATOR_URI | --check\n");
      return 2;
    }
  server = snippet_server (check ? "0" : argv[1]);
  calls = sc_server_session_manager_get_session_manager (server);
  g_signal_connect (calls, "incoming-call", G_CALLBACK (accept_cb), NULL);
  transfer_on_zero (calls, check ? "sip:operator@127.0.0.1:5099" : argv[2]);
  follow_transfers (calls);
  return snippet_run (server, check);
}
