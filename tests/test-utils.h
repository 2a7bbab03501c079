/* test-utils.h: the test SDK — managers on loopback, two of them calling
 * each other, waiting with a watchdog, and a recorder of the signals a
 * user would observe
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Built once as a static library (tests/meson.build: testutils_dep) that
 * every C test program links.
 */

#pragma once

#include <sessioncore/sessioncore.h>

G_BEGIN_DECLS

/* How long any test waits for something that should happen at once (a
 * call to be established, a BYE to be answered) before failing. */
#define WAIT_MS 20000

/* ---- ports ---- */

/* Fills @first and @last with a range of @n_ports UDP ports (@first even)
 * that no other test program using this SDK holds, nor any socket bound
 * to port 0: the first call reserves this process a block of ports below
 * the kernel's ephemeral range by binding its first two ports, for the
 * life of the process; ranges are then handed out from that block in
 * turn. Thread-safe. */
void              test_port_range         (guint             n_ports,
                                           guint            *first,
                                           guint            *last);
/* An even UDP port on 127.0.0.1 (and the odd one after it) that this
 * process holds and never reads: the port to write into an SDP when
 * what is sent there must reach nobody. */
guint             test_discard_port       (void);

/* ---- managers ---- */

/* Everything optional: a zeroed struct is test_manager_new (0, NULL). */
typedef struct {
  guint                 max_sessions;        /* 0: the library's default */
  guint                 transaction_timeout; /* SIP's 64 × T1, s; 0: default */
  ScCallHandler        *handler;
  ScTransactionManager *transaction_manager; /* e.g. a TLS one */
  const char           *music_on_hold_file;
} TestManagerOptions;

/* A manager on 127.0.0.1, any free SIP port, its own media port range
 * (test_port_range). */
ScSessionManager *test_manager_new        (guint             max_sessions,
                                           ScCallHandler    *handler);
ScSessionManager *test_manager_new_with_options (const TestManagerOptions *options);
/* "sip:<user>@127.0.0.1:<port of manager>" */
char             *test_uri                (ScSessionManager *manager,
                                           const char       *user);
/* A server (build_server) on 127.0.0.1, any free SIP port, its own media
 * port range. */
ScServerSessionManager *test_server_new   (void);
/* The same with options (max_sessions, handler, transaction timeout and
 * manager, music on hold). */
ScServerSessionManager *test_server_new_with_options (const TestManagerOptions *options);
/* @manager's session of the call @peer_session is the other side of
 * (same SIP Call-ID); fails the test when there is none. */
char             *test_session_of_call    (ScSessionManager *manager,
                                           ScCallSession    *peer_session);
/* Shuts the manager down and waits for it (its stack is gone after). */
void              test_manager_shutdown   (ScSessionManager *manager);

/* ---- waiting, with a watchdog ---- */

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

/* ---- files ---- */

/* Removes @path and, if it is a directory, everything under it (without
 * following symbolic links); fails the test on any error. */
void              test_remove_tree        (const char       *path);

/* ---- the recorder ---- */

/* Records the signals of one manager as short strings, in order:
 *   "state <old>-><new>", "established", "ended <state>",
 *   "dtmf <digit>", "incoming"
 * The session id of the last incoming call and the last session seen are
 * kept for the test's convenience. media-flow is only counted: when RTP
 * starts or stops against the SIP events is not deterministic. */
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
  guint             n_flow_on;       /* media-flow, active */
  guint             n_flow_off;      /* media-flow, inactive */
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

/* ---- two managers: A calls B ---- */

typedef struct {
  TestManagerOptions a;
  TestManagerOptions b;
  /* Call this manager, with this recorder, instead of building a B: the
   * pair neither shuts it down nor frees the recorder. */
  ScSessionManager  *existing_b;
  TestRecorder      *existing_rb;
} TestPairOptions;

/* A fixture for g_test_add: A and B on loopback, a recorder on each. */
typedef struct {
  ScSessionManager *a;
  ScSessionManager *b;
  TestRecorder     *ra;
  TestRecorder     *rb;
  char             *a_uri;           /* sip:alice@<A> */
  char             *b_uri;           /* sip:bob@<B> */
  /* Set by test_pair_establish (). */
  ScCallSession    *session;         /* A's outgoing call */
  char             *b_id;            /* B's session of that call */
  gboolean          b_borrowed;
} TestPair;

/* GTestFixtureFunc-shaped: default options, @unused is the test's data. */
void           test_pair_setup        (TestPair              *pair,
                                       gconstpointer          unused);
void           test_pair_setup_full   (TestPair              *pair,
                                       const TestPairOptions *options);
/* Also safe on a pair never set up (all NULL). */
void           test_pair_teardown     (TestPair              *pair,
                                       gconstpointer          unused);
/* A calls B with @offer (NULL: A's own); checks the new session is an
 * outgoing one, INITIATING, with a sess_ id. (transfer full) */
ScCallSession *test_pair_call         (TestPair              *pair,
                                       const char            *offer);
/* B accepts, A calls B, and both sides are established and ACTIVE.
 * Returns A's session, kept in pair->session with B's id in pair->b_id.
 * (transfer none) */
ScCallSession *test_pair_establish    (TestPair              *pair,
                                       const char            *offer);

G_END_DECLS
