/* callcenter.h: the call centre's state, shared by its few files
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sessioncore-callcenter.c   options, start, status line, Ctrl-C, summary
 * callcenter/config.c        the agents and queues key file
 * callcenter/registrar.c     REGISTER with digest authentication
 * callcenter/queue.c         customers, queues, ringing agents, bridges
 * callcenter/cdr.c           one JSON line per call
 * callcenter/demo.c          --demo: SIPp agents and customers
 *
 * Everything runs in the main loop's thread (sessioncore's signals do).
 */

#pragma once

#include <sessioncore/sessioncore.h>
#include <stdio.h>

G_BEGIN_DECLS

typedef struct _Center Center;
typedef struct _Call Call;

typedef enum {
  AGENT_OFFLINE,      /* not registered, or its registration expired */
  AGENT_IDLE,         /* registered, waiting for a call */
  AGENT_RINGING,      /* we are calling it */
  AGENT_TALKING,      /* bridged to a customer */
  AGENT_WRAP_UP,      /* after a call (or a call it missed): not offered calls */
} AgentState;

typedef struct {
  char       *name;
  char       *password;
  GStrv       queues;
  char       *contact;      /* the registered Contact, NULL when offline */
  gint64      expires_at;   /* monotonic µs */
  AgentState  state;
  gint64      idle_since;   /* monotonic µs: the longest idle is called first */
  char       *leg;          /* the session we are calling it on / talking on */
  guint       wrap_up_id;
  guint       failures;     /* wrong passwords in a row */
  gint64      locked_until; /* monotonic µs; 403 until then */
  guint       calls;        /* calls answered */
  guint       missed;       /* not answered or rejected */
} Agent;

typedef struct {
  char      *name;
  int        priority;      /* higher first */
  gboolean   reject_no_agent;  /* no agent registered: 480 instead of answering */
  guint      offered, answered, abandoned, no_agent, rejected;
} Queue;

typedef enum {
  CALL_ARRIVING,    /* answered, waiting for the ACK */
  CALL_WAITING,     /* in its queue, music on hold */
  CALL_RINGING,     /* in its queue, an agent is being called */
  CALL_TALKING,     /* bridged to an agent */
} CallState;

struct _Call {
  Center    *center;
  char      *leg;            /* the customer's session */
  char      *sip_call_id;
  char      *caller;
  Queue     *queue;
  CallState  state;
  Agent     *agent;          /* ringing or talking */
  char      *agent_leg;
  char      *first_agent;    /* who transferred it, if anyone */
  char      *bridge_id;
  gint64     arrived;        /* wall-clock µs */
  gint64     queued;         /* wall-clock µs when the customer's leg was answered
                              * (its ACK came) and joined its queue, 0 if never */
  gint64     answered;       /* wall-clock µs when bridged, 0 if never */
  gint64     queued_at;      /* monotonic µs: FIFO order in the queue */
  const char *hangup_by;     /* "customer", "agent", "server" */
  const char *outcome;       /* set when decided before the end */
  guint      ring_id;
  guint      no_agent_id;
  /* RTP packets during the bridge. */
  guint64    customer_in0, customer_out0;
  guint64    customer_in, customer_out, agent_in, agent_out;
};

typedef struct {
  guint64  offered, answered, abandoned, no_agent, rejected;
  double   wait_total_s, talk_total_s;
  guint64  cdrs;
} Stats;

struct _Center {
  ScServerSessionManager *server;
  ScSessionManager       *sessions;
  char                   *realm;
  GPtrArray              *agents;   /* Agent* */
  GPtrArray              *queues;   /* Queue* */
  GHashTable             *nonces;   /* nonce → monotonic µs expiry */
  GHashTable             *legs;     /* session id → Call* (customer and current agent leg) */
  GHashTable             *agent_legs; /* session id → Agent* */
  GList                  *calls;    /* Call*, in arrival order */
  char                   *moh_file; /* NULL: a tone */
  guint                   ring_timeout_s;
  guint                   wrap_up_s;
  guint                   no_agent_wait_s;
  gboolean                quiet;
  gboolean                tty;
  gboolean                shutting_down;
  FILE                   *cdr;
  Stats                   stats;
  guint                   arrivals_this_second;
  double                  calls_per_s;
  void                  (*on_registered) (Center *center, Agent *agent, gpointer data);
  gpointer                on_registered_data;
};

/* config.c */
gboolean  cc_config_load         (Center      *center,
                                  const char  *agents_file,
                                  const char  *queues_file,
                                  GError     **error);
Agent    *cc_find_agent          (Center      *center,
                                  const char  *name);
Queue    *cc_find_queue          (Center      *center,
                                  const char  *name);
gboolean  cc_agent_serves        (Agent       *agent,
                                  Queue       *queue);
/* Registered and not expired. */
gboolean  cc_agent_registered    (Agent       *agent,
                                  gint64       now);
const char *cc_agent_state_name  (AgentState   state);

/* registrar.c */
void      cc_registrar_init      (Center      *center);
/* Forgets registrations past their expiry, and old nonces. */
void      cc_registrar_expire    (Center      *center);
/* For tests of the digest code: the response a client computes. */
char     *cc_digest_response     (const char  *username,
                                  const char  *realm,
                                  const char  *password,
                                  const char  *method,
                                  const char  *uri,
                                  const char  *nonce,
                                  const char  *nc,
                                  const char  *cnonce,
                                  const char  *qop);
/* Parses `Digest a=b, c="d"`; NULL unless the scheme is Digest. */
GHashTable *cc_digest_parse      (const char  *header);

/* queue.c */
void      cc_queue_init          (Center      *center);
/* An agent became available (registered, or wrap-up over). */
void      cc_dispatch            (Center      *center);
void      cc_agent_set_idle      (Center      *center,
                                  Agent       *agent);
void      cc_queue_shutdown      (Center      *center);
guint     cc_queue_length        (Center      *center,
                                  Queue       *queue);
guint     cc_active_bridges      (Center      *center);

/* cdr.c */
char     *cc_json_string         (const char  *text);  /* quoted, escaped, valid UTF-8 */
char     *cc_iso8601             (gint64       wall_us);
void      cc_cdr_write           (Center      *center,
                                  Call        *call,
                                  gint64       end_us);
void      cc_print_summary       (Center      *center);

/* Logging: one line per event, above the status line. */
void      cc_log                 (Center      *center,
                                  const char  *format,
                                  ...) G_GNUC_PRINTF (2, 3);

/* demo.c */
typedef struct _Demo Demo;
Demo     *cc_demo_start          (Center      *center,
                                  const char  *data_dir,
                                  GError     **error);
/* TRUE once the demo's customers are done (sets @exit_status). */
gboolean  cc_demo_finished       (Demo        *demo,
                                  int         *exit_status);
void      cc_demo_free           (Demo        *demo);

G_END_DECLS
