/* test-utils.h: the test SDK — managers on loopback, waiting with a
 * watchdog, and a recorder of the signals a user would observe
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <sessioncore/sessioncore.h>

G_BEGIN_DECLS

/* How long any test waits for something that should happen at once (a
 * call to be established, a BYE to be answered) before failing. */
#define WAIT_MS 20000

/* A manager on 127.0.0.1, any free SIP port, its own media port range. */
ScSessionManager *test_manager_new        (guint             max_sessions,
                                           ScCallHandler    *handler);
/* The same, with SIP's transaction timeout (64 × T1) in seconds. */
ScSessionManager *test_manager_new_full   (guint             max_sessions,
                                           ScCallHandler    *handler,
                                           guint             transaction_timeout);
/* "sip:<user>@127.0.0.1:<port of manager>" */
char             *test_uri                (ScSessionManager *manager,
                                           const char       *user);
/* Shuts the manager down and waits for it (its stack is gone after). */
void              test_manager_shutdown   (ScSessionManager *manager);

typedef gboolean (*TestCondition) (gpointer user_data);

/* Iterates the default main context until @condition holds; fails the
 * test after @timeout_ms instead of hanging. */
void              test_wait_until         (TestCondition     condition,
                                           gpointer          user_data,
                                           guint             timeout_ms,
                                           const char       *what);
#define TEST_WAIT(expr, timeout_ms) \
  G_STMT_START { \
    while (!(expr)) \
      test_iterate_or_fail (timeout_ms, #expr); \
    test_iterate_reset (); \
  } G_STMT_END
void              test_iterate_or_fail    (guint             timeout_ms,
                                           const char       *what);
void              test_iterate_reset      (void);
/* Runs the main context for @ms, e.g. to be sure nothing more comes. */
void              test_run_for            (guint             ms);

/* Records the signals of one manager as short strings, in order:
 *   "state <old>-><new>", "established", "ended <state> <reason>",
 *   "dtmf <digit>", "incoming", "registration <from>"
 * The session id of the last incoming call and the last session seen are
 * kept for the test's convenience. */
typedef struct {
  ScSessionManager *manager;
  GPtrArray        *events;          /* char * */
  GHashTable       *final_states;    /* session id -> ScCallState */
  GHashTable       *active;          /* session id set: ACTIVE seen */
  char             *last_incoming_id;
  char             *last_local_sdp;
  char             *last_remote_sdp;
  char             *last_end_reason;
  char             *last_failure;
  GString          *dtmf;
  ScCallDecision   *decision;        /* returned by incoming-call; NULL = none */
  guint             n_incoming;
  guint             n_established;
  guint             n_ended;
  gulong            handler_ids[6];
} TestRecorder;

TestRecorder *test_recorder_new                (ScSessionManager *manager);
void          test_recorder_free               (TestRecorder     *recorder);
void          test_recorder_set_decision       (TestRecorder     *recorder,
                                                ScCallDecision   *decision);
/* Forgets what was recorded (counters stay). */
void          test_recorder_forget             (TestRecorder     *recorder);
/* Events of one session only, joined with ", ". */
char         *test_recorder_session_events     (TestRecorder     *recorder,
                                                const char       *session_id);
gboolean      test_recorder_has_final          (TestRecorder     *recorder,
                                                const char       *session_id,
                                                ScCallState      *out_state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestRecorder, test_recorder_free)

G_END_DECLS
