/* bench-server.h - the life of a sessioncore benchmark target
 * (bridge-server, conference-server, media-naive-server): say where it
 * listens, then run until SIGTERM/SIGINT, print its summary line, shut
 * the session manager down (BYE to every call) and leave.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <sessioncore/sessioncore.h>

G_BEGIN_DECLS

typedef struct {
  /* Set by the program. */
  GMainLoop        *loop;
  ScSessionManager *manager;
  guint             watchdog_s;     /* leave if the shutdown takes longer; 0 = wait */
  void            (*report) (gpointer user_data);   /* at the first signal */
  gpointer          user_data;

  /* Read by the program: TRUE from the first signal on. */
  gboolean          shutting_down;

  /* Private. */
  guint             watchdog_id;
} BenchServer;

char *bench_server_bind_address (const char  *address,
                                 int          port);
void  bench_server_run          (BenchServer *server);

G_END_DECLS
