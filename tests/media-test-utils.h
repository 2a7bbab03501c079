/* media-test-utils.h: what tests of the media engine alone (no SIP) share
 * — loopback sockets standing for the phones, RTP packets written and
 * read by hand, a tone detector, waiting with a watchdog, and a log of
 * events that checks where they were delivered
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Built once as a static library (tests/meson.build: mediatestutils_dep)
 * that test-media-route and test-media-bridge link.
 */

#pragma once

#include <gio/gio.h>

#include "media/sc-media-engine.h"
#include "media/sc-media-route.h"

G_BEGIN_DECLS

/* How long a test waits for what should happen at once. */
#define WAIT_MS     5000
#define RATE        8000

/* ---- sockets ---- */

typedef struct {
  GSocket *rtp;
  GSocket *rtcp;
  guint16  port;                 /* RTP; RTCP is port + 1 */
} SocketPair;

/* RTP on any free port of 127.0.0.1 and RTCP on the next, as SDP implies. */
void     socket_pair_bind  (SocketPair   *pair);
void     socket_pair_clear (SocketPair   *pair);

void     send_datagram     (GSocket      *socket,
                            guint16       port,
                            const guint8 *data,
                            gsize         len);
/* The next datagram on @socket; fails the test after @timeout_ms. */
gsize    receive_within    (GSocket      *socket,
                            guint8       *buffer,
                            gsize         size,
                            guint         timeout_ms);
/* Forgets what already waits on @socket; returns how many there were. */
guint    drain             (GSocket      *socket);

/* ---- RTP by hand ---- */

/* Writes an RTP packet into @packet; returns its length. */
gsize    make_rtp          (guint8       *packet,
                            guint8        payload_type,
                            gboolean      marker,
                            guint16       seq,
                            guint32       timestamp,
                            guint32       ssrc,
                            const guint8 *payload,
                            gsize         payload_len);
guint16  rtp_seq           (const guint8 *packet);
guint32  rtp_u32           (const guint8 *bytes);

/* Goertzel: the share of a block's power at one frequency (1.0: a pure
 * tone at that frequency). */
double   tone_share        (const gint16 *pcm,
                            guint         n,
                            double        frequency);

/* ---- waiting ---- */

/* Iterates the default context until @expr holds; fails the test after
 * WAIT_MS instead of hanging. */
#define WAIT_FOR(expr) \
  G_STMT_START { \
    gint64 deadline_ = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND; \
    while (!(expr)) \
      { \
        if (g_get_monotonic_time () > deadline_) \
          g_error ("timed out after %d ms waiting for: %s", WAIT_MS, #expr); \
        if (!g_main_context_iteration (NULL, FALSE)) \
          g_usleep (500); \
      } \
  } G_STMT_END

/* Runs the default context for @ms. */
void     run_for           (guint         ms);
/* Runs the default context until nothing is left to dispatch: events in
 * flight are delivered or dropped, and their memory freed. */
void     settle            (void);

/* ---- events, as their callbacks saw them ---- */

typedef struct {
  GMutex        lock;
  GPtrArray    *events;          /* "<what> <leg id>" */
  GMainContext *context;         /* where they must arrive */
  GThread      *thread;          /* in this thread */
  guint         misplaced;       /* arrived anywhere else */
} EventLog;

void     event_log_init    (EventLog     *log,
                            GMainContext *context,
                            GThread      *thread);
void     event_log_clear   (EventLog     *log);
/* Takes @text. */
void     event_log_add     (EventLog     *log,
                            char         *text);
guint    event_log_count   (EventLog     *log,
                            const char   *text);
guint    event_log_len     (EventLog     *log);
/* A copy of the @i-th event, or NULL. */
char    *event_log_nth     (EventLog     *log,
                            guint         i);

/* ScMediaEventFunc for an EventLog: "flow-started <leg>",
 * "flow-stopped <leg>", "dtmf <digit> <leg>". */
void     leg_event_cb      (gpointer            user_data,
                            const ScMediaEvent *event);
/* ScMediaRouteEventFunc for an EventLog: "<code> <leg>". */
void     route_event_cb    (gpointer                 user_data,
                            const ScMediaRouteEvent *event);

/* A route's creator, in a thread of its own with its own context. */
typedef struct {
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
} Creator;

void     creator_start     (Creator      *creator);
/* Stops its loop (nothing is delivered after) and joins its thread. */
void     creator_stop      (Creator      *creator);
void     creator_clear     (Creator      *creator);

G_END_DECLS
