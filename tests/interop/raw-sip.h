/* raw-sip.h: hostile input against a server, in a network of the test's own
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What test-dns and test-torture share:
 *
 * - a network namespace: the program runs itself again inside new network
 *   and mount namespaces (unshare -n -m, loopback up, 192.0.2.1/32 on it
 *   so that getaddrinfo () asks DNS as on a real host), so that nothing it
 *   makes the server do (resolve a name taken from a message, answer an
 *   address written in one) can leave the machine; and it can put a
 *   resolv.conf of its own over /etc/resolv.conf there;
 * - a session manager on 127.0.0.1:0 running in a thread of its own, so
 *   that a server stuck in a loop is something the test observes (no
 *   answer within a deadline) instead of something that hangs the test;
 * - a raw UDP "phone" that sends datagrams and reads what comes back.
 */

#pragma once

#include "test-utils.h"

G_BEGIN_DECLS

/* ---- the network namespace ---- */

/* Call first in main (). Outside the namespace, runs this program again
 * inside one and does not return; inside, returns NULL. Returns why not
 * (not root, no unshare, no ip) when it cannot: the caller must then skip
 * every test with that reason. (transfer full) */
char         *raw_netns_enter              (int           argc,
                                            char        **argv);
/* Puts a file with @contents over /etc/resolv.conf (a bind mount, seen
 * inside the namespace only) until raw_netns_restore_resolv_conf (). */
void          raw_netns_set_resolv_conf    (const char   *contents);
void          raw_netns_restore_resolv_conf (void);

/* ---- a server in a thread of its own ---- */

typedef struct {
  guint        transaction_timeout;  /* s; 0: the library's default */
  gboolean     no_media;             /* with_media_enabled (FALSE) */
  guint        max_sessions;         /* 0: the library's default */
  const char  *server_name;          /* with_domain (): the Server and
                                      * User-Agent; NULL: the default */
  guint        reject_status;        /* refuse every call with it; 0: accept */
  const char  *forward_to;           /* forward every call there (302) */
  guint        defer_ms;             /* defer every call (180 Ringing) and
                                      * accept it this long after */
} RawServerOptions;

typedef struct _RawServer RawServer;

/* Builds the manager in a new thread with its own main context, accepting
 * every call (unless @options say to reject or forward them), and waits
 * until it listens. @options' strings need only live during the call. */
RawServer    *raw_server_start             (const RawServerOptions *options);
guint         raw_server_get_port          (RawServer    *server);
/* What the application saw so far (thread-safe). */
guint         raw_server_n_incoming        (RawServer    *server);
guint         raw_server_n_ended           (RawServer    *server);
/* The state and reason of the last call that ended; FALSE if none did. */
gboolean      raw_server_last_end          (RawServer    *server,
                                            ScCallState  *out_state,
                                            char        **out_reason);
/* Every call that ended so far, in order, as "<state>: <reason>" (the
 * state's string, the call-ended reason). (transfer full) */
GStrv         raw_server_ends              (RawServer    *server);
/* Places a call from the server to @to (in the server's thread). */
void          raw_server_call              (RawServer    *server,
                                            const char   *to);
/* Shuts the manager down and joins the thread. */
void          raw_server_stop              (RawServer    *server);

/* ---- a raw UDP peer on 127.0.0.1 ---- */

typedef struct {
  GSocket        *socket;
  guint           port;           /* ours */
  guint           server_port;
  GSocketAddress *server;
  guint           counter;        /* keeps branches and tags unique */
} RawPeer;

RawPeer      *raw_peer_new                 (guint         server_port);
void          raw_peer_free                (RawPeer      *peer);
void          raw_peer_send                (RawPeer      *peer,
                                            const void   *data,
                                            gsize         len);
void          raw_peer_send_text           (RawPeer      *peer,
                                            const char   *text);
/* The next datagram for us (NUL-terminated, @out_len bytes before the
 * NUL), or NULL after @timeout_ms. (transfer full) */
char         *raw_peer_receive             (RawPeer      *peer,
                                            guint         timeout_ms,
                                            gsize        *out_len);
/* A branch or tag no other message of this process uses. */
char         *raw_peer_unique              (RawPeer      *peer,
                                            const char   *prefix);
/* Sends an OPTIONS and waits @timeout_ms for its final answer; returns
 * the round trip in µs, -1 without an answer. Other datagrams that arrive
 * meanwhile are ignored. */
gint64        raw_peer_options             (RawPeer      *peer,
                                            guint         timeout_ms);

/* ---- reading messages with plain string checks ---- */

/* The status code of a response, 0 for anything else. */
guint         raw_status_of                (const char   *message);
/* The first line, for messages. (transfer full) */
char         *raw_first_line               (const char   *message);
/* The value of the first @name header (full or compact form), or NULL.
 * (transfer full) */
char         *raw_header_of                (const char   *message,
                                            const char   *name,
                                            const char   *compact);

G_END_DECLS
