/* bench-sip-client.h - the SIP side and the timeline of the load
 * generators (bridge-load, conference-load).
 *
 * SIP mode: every endpoint places a real call to the target at `rate`
 * calls/s, with its own SDP offer naming its socket; once its call is
 * established it streams to the answer's address.  The SIP side is
 * sessioncore itself with its media off: the RTP is the program's own
 * (bench-rtp-thread.h).  Without SIP (the baselines' plain RTP), the
 * program activates the endpoints itself and calls
 * bench_sip_client_all_up ().
 *
 * The timeline, one flushed stdout line each (the drivers key their
 * sampling on them):
 *   ESTABLISHED <units>=N up=U failed=F setup_s=T   every call answered or
 *                                  failed (or the set-up timed out)
 *   WINDOW_START / WINDOW_END      the RTP thread's measuring window
 *   RESULT ...                     at `duration_s`: sending stops, 0.5 s to
 *                                  drain, then the program's report ()
 *   ENDED ended=E of=C             every call hung up (400 calls/s)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "bench-rtp-thread.h"

#include <sessioncore/sessioncore.h>

G_BEGIN_DECLS

typedef struct {
  /* The From and To users of @e's call (newly allocated). */
  void  (*call_users)  (BenchEndpoint *e,
                        char         **from_user,
                        char         **to_user,
                        gpointer       user_data);
  /* @e's call is established and @e streams to its answer. */
  void  (*established) (BenchEndpoint *e,
                        gpointer       user_data);
  /* How many of `n_units` are up, for the ESTABLISHED line. */
  guint (*count_up)    (gpointer       user_data);
  /* The RTP thread has stopped: print RESULT, set exit_code. */
  void  (*report)      (gpointer       user_data);
} BenchSipClientHooks;

typedef struct {
  /* Set by the program. */
  const char         *name;         /* "bridge-load": messages, SDP, domain */
  const char         *units;        /* "pairs": the ESTABLISHED line */
  guint               n_units;
  gboolean            sip;
  gboolean            count_ended_without_sip;  /* "ENDED ended=0 of=0" */
  BenchRtpThread     *rtp;          /* its endpoints place the calls */
  guint               duration_s;
  guint               warmup_s;
  guint               setup_timeout_s;
  double              rate;
  char               *target;       /* IP:PORT; freed by bench_sip_client_clear () */
  BenchSipClientHooks hooks;
  gpointer            user_data;
  GMainLoop          *loop;         /* freed by bench_sip_client_clear () */
  guint64             setup_start_ns;   /* monotonic: set-up starts */

  /* Read by the program. */
  guint               n_established;
  guint               n_failed;
  guint               n_dropped;    /* calls the target ended */
  int                 exit_code;

  /* Private. */
  ScSessionManager   *manager;
  char               *from_host;
  GHashTable         *by_session;   /* session id -> BenchEndpoint* (borrowed) */
  guint               placed;
  guint               n_ended;
  guint               n_calls;      /* calls placed successfully */
  guint               next_hangup;
  gboolean            holding;
  gboolean            reported;
  gboolean            hanging_up;
  guint               place_id;
  guint               setup_id;
  guint               hangup_id;
  guint               hangup_tick_id;
  guint               watchdog_id;
} BenchSipClient;

gboolean bench_sip_client_start       (BenchSipClient *client,
                                       GError        **error);
void     bench_sip_client_place_calls (BenchSipClient *client);
void     bench_sip_client_all_up      (BenchSipClient *client);
int      bench_sip_client_run         (BenchSipClient *client);
void     bench_sip_client_clear       (BenchSipClient *client);

G_END_DECLS
