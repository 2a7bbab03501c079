/* sipp-utils.h: running SIPp (sip-tester) from GTest programs, and raw
 * UDP helpers shared by the interop tests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A UDP port on 127.0.0.1 that nobody holds right now (the kernel's
 * choice: never 5060, which other programs on the machine may use). */
guint        interop_free_udp_port      (void);
/* TRUE when some process has a UDP socket bound to 127.0.0.1:@port or
 * 0.0.0.0:@port (read from /proc/net/udp, without touching the port). */
gboolean     interop_udp_port_bound     (guint        port);
/* Absolute path of a file of tests/interop/ (scenarios). */
char        *interop_data_file          (const char  *name);

/* One SIPp run, in its own temporary directory (SIPp writes its logs into
 * the current directory). */
typedef struct {
  char        *dir;
  GSubprocess *process;
  gboolean     exited;
  int          status;       /* exit status once exited, or -1 if killed */
  guint        port;         /* the local SIP port given to SIPp (-p) */
} InteropSipp;

/* Starts `timeout <limit> sipp <args> -i 127.0.0.1 -p <port> -mi 127.0.0.1
 * -timeout <timeout_s> -timeout_error -nostdin -trace_err`; @args must
 * hold -m. @port 0 picks a free port. The outer `timeout` kills SIPp a
 * little after its own -timeout, whatever happens to the test. */
InteropSipp *interop_sipp_start         (const char *const *args,
                                         guint        port,
                                         guint        timeout_s);
/* The same, with a `pcap` link to @pcap_dir in SIPp's directory (for
 * scenarios such as uac_pcap that play captures). */
InteropSipp *interop_sipp_start_with_pcaps (const char *const *args,
                                            guint        port,
                                            guint        timeout_s,
                                            const char  *pcap_dir);
/* Iterates the default main context (so in-process managers keep
 * working) until SIPp has bound its port; fails the test otherwise. */
void         interop_sipp_wait_ready    (InteropSipp *sipp,
                                         guint        timeout_ms);
/* Iterates the default main context until SIPp exits; returns its exit
 * status (0: every call succeeded). On a non-zero status SIPp's output and
 * error log are copied into the test log. */
int          interop_sipp_wait          (InteropSipp *sipp,
                                         guint        timeout_ms);
/* Kills SIPp if it still runs and removes its directory. */
void         interop_sipp_free          (InteropSipp *sipp);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InteropSipp, interop_sipp_free)

G_END_DECLS
