/* sc-sip-tcp-guard.c: at most N TCP connections from one peer
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sofia's tport accepts connections itself and offers no hook nor limit
 * per source address (only an idle timeout), so the guard works beside it
 * with the kernel's view: the sockets of this process. When a listening
 * socket becomes readable (a connection is coming), it waits SCAN_DELAY_MS
 * for sofia to accept, then walks /proc/self/fd once: every established
 * TCP socket whose local address is the listener's is a connection of
 * ours, grouped by peer IP. Past the limit, the newest (the highest socket
 * inode: inodes grow with creation) get shutdown (): the peer sees the
 * connection closed, sofia reads end-of-stream and drops its transport.
 *
 * The fd watch is removed while a scan is pending, so a flood of
 * connections costs at most one scan per SCAN_DELAY_MS.
 *
 * sofia's idle timeout (TPTAG_IDLE) has a blind spot: a connection
 * accepted and never written to keeps tport's "fresh" reference count
 * and never gets the timer, so it stays open for good (500 silent
 * connections, 500 descriptors). The same scan finds those, by the
 * kernel's count of data segments received (none) and its time since the
 * connection came up, and shuts them down once the idle timeout has
 * passed; a timer brings the next scan when the oldest of them is due.
 */

#include "config.h"

#include "sc-debug-private.h"

#include "sc-sip-tcp-guard.h"

#include <glib-unix.h>
#include <gio/gio.h>

#ifdef __linux__
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <linux/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#endif

#define SCAN_DELAY_MS 10

#ifndef TCP_ESTABLISHED
#define TCP_ESTABLISHED 1   /* <netinet/tcp.h>, which clashes with <linux/tcp.h> */
#endif

typedef struct {
  ScSipTcpGuard *guard;
  int            fd;
  GSource       *watch;
} Listener;

struct _ScSipTcpGuard
{
  GMainContext            *context;
  guint                    max_per_peer;  /* 0: no limit */
  guint                    idle_ms;       /* 0: none */
  struct sockaddr_storage  local;      /* the listening address */
  gboolean                 any_host;   /* listening on a wildcard */
  GPtrArray               *listeners;  /* of Listener */
  GSource                 *scan;
  GSource                 *idle_check;
  guint                    next_idle_ms;  /* while scanning: when the next silent one is due */
};

#ifdef __linux__

typedef struct {
  ino_t ino;
  int   fd;
} Connection;

static guint16
sockaddr_port (const struct sockaddr_storage *ss)
{
  if (ss->ss_family == AF_INET)
    return ntohs (((const struct sockaddr_in *) ss)->sin_port);
  if (ss->ss_family == AF_INET6)
    return ntohs (((const struct sockaddr_in6 *) ss)->sin6_port);
  return 0;
}

/* The IP of @ss as text (no port): the key peers are counted by. */
static gboolean
sockaddr_host (const struct sockaddr_storage *ss,
               char                          *buf,
               socklen_t                      len)
{
  if (ss->ss_family == AF_INET)
    return inet_ntop (AF_INET, &((const struct sockaddr_in *) ss)->sin_addr, buf, len) != NULL;
  if (ss->ss_family == AF_INET6)
    return inet_ntop (AF_INET6, &((const struct sockaddr_in6 *) ss)->sin6_addr, buf, len) != NULL;
  return FALSE;
}

static gboolean
is_local_address (ScSipTcpGuard                 *self,
                  const struct sockaddr_storage *ss)
{
  char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];

  if (ss->ss_family != self->local.ss_family ||
      sockaddr_port (ss) != sockaddr_port (&self->local))
    return FALSE;
  if (self->any_host)
    return TRUE;
  return sockaddr_host (ss, a, sizeof a) && sockaddr_host (&self->local, b, sizeof b) &&
         strcmp (a, b) == 0;
}

static int
int_sockopt (int fd,
             int level,
             int name)
{
  int value = -1;
  socklen_t len = sizeof value;

  if (getsockopt (fd, level, name, &value, &len) < 0)
    return -1;
  return value;
}

/* Calls @func for every TCP socket of this process bound to the guarded
 * address that is listening (@listening) or an established connection. */
static void
for_each_socket (ScSipTcpGuard *self,
                 gboolean       listening,
                 void         (*func) (ScSipTcpGuard *self, int fd, ino_t ino,
                                       const struct sockaddr_storage *peer,
                                       const struct tcp_info *info,
                                       gpointer user_data),
                 gpointer       user_data)
{
  DIR *dir = opendir ("/proc/self/fd");
  struct dirent *entry;

  if (dir == NULL)
    return;
  while ((entry = readdir (dir)) != NULL)
    {
      struct sockaddr_storage ss, peer = { 0 };
      socklen_t len = sizeof ss;
      struct stat st;
      int fd;

      if (entry->d_name[0] == '.')
        continue;
      fd = atoi (entry->d_name);
      if (fd == dirfd (dir) || fstat (fd, &st) < 0 || !S_ISSOCK (st.st_mode))
        continue;
      if (getsockname (fd, (struct sockaddr *) &ss, &len) < 0 || !is_local_address (self, &ss))
        continue;
      if (int_sockopt (fd, SOL_SOCKET, SO_TYPE) != SOCK_STREAM)
        continue;
      if (listening)
        {
          if (int_sockopt (fd, SOL_SOCKET, SO_ACCEPTCONN) == 1)
            func (self, fd, st.st_ino, NULL, NULL, user_data);
          continue;
        }
      {
        struct tcp_info info = { 0 };
        socklen_t info_len = sizeof info;

        /* Connections already shut down (by us) are on their way out. */
        if (getsockopt (fd, IPPROTO_TCP, TCP_INFO, &info, &info_len) < 0 ||
            info.tcpi_state != TCP_ESTABLISHED)
          continue;
        len = sizeof peer;
        if (getpeername (fd, (struct sockaddr *) &peer, &len) == 0)
          func (self, fd, st.st_ino, &peer, &info, user_data);
      }
    }
  closedir (dir);
}

static void
add_connection (ScSipTcpGuard                 *self,
                int                            fd,
                ino_t                          ino,
                const struct sockaddr_storage *peer,
                const struct tcp_info         *info,
                gpointer                       user_data)
{
  GHashTable *by_peer = user_data;
  char host[INET6_ADDRSTRLEN];
  Connection c = { ino, fd };
  GArray *conns;

  /* Silent since it came up (sofia will never time it out): past the
   * idle timeout it goes; otherwise note when it will be due. */
  if (self->idle_ms > 0 && info->tcpi_data_segs_in == 0)
    {
      if (info->tcpi_last_data_recv >= self->idle_ms)
        {
          SC_DEBUG ("TCP: closing a connection silent for %u ms", info->tcpi_last_data_recv);
          shutdown (fd, SHUT_RDWR);
          return;
        }
      self->next_idle_ms = MIN (self->next_idle_ms, self->idle_ms - info->tcpi_last_data_recv);
    }

  if (self->max_per_peer == 0 || !sockaddr_host (peer, host, sizeof host))
    return;
  conns = g_hash_table_lookup (by_peer, host);
  if (conns == NULL)
    {
      conns = g_array_new (FALSE, FALSE, sizeof (Connection));
      g_hash_table_insert (by_peer, g_strdup (host), conns);
    }
  g_array_append_val (conns, c);
}

static int
compare_age (gconstpointer a,
             gconstpointer b)
{
  const Connection *ca = a, *cb = b;

  return ca->ino < cb->ino ? -1 : ca->ino > cb->ino;
}

static void watch_listeners (ScSipTcpGuard *self);

static gboolean idle_check_cb (gpointer user_data);

static gboolean
scan_cb (gpointer user_data)
{
  ScSipTcpGuard *self = user_data;
  g_autoptr(GHashTable) by_peer =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  GHashTableIter iter;
  const char *host;
  GArray *conns;

  if (self->scan != NULL)
    {
      g_source_destroy (self->scan);
      g_clear_pointer (&self->scan, g_source_unref);
    }
  if (self->idle_check != NULL)
    {
      g_source_destroy (self->idle_check);
      g_clear_pointer (&self->idle_check, g_source_unref);
    }
  self->next_idle_ms = G_MAXUINT;
  for_each_socket (self, FALSE, add_connection, by_peer);

  g_hash_table_iter_init (&iter, by_peer);
  while (g_hash_table_iter_next (&iter, (gpointer *) &host, (gpointer *) &conns))
    {
      if (conns->len <= self->max_per_peer)
        continue;
      g_array_sort (conns, compare_age);
      SC_DEBUG ("TCP: %s holds %u connections, %u allowed: closing the newest",
                host, conns->len, self->max_per_peer);
      for (guint i = self->max_per_peer; i < conns->len; i++)
        shutdown (g_array_index (conns, Connection, i).fd, SHUT_RDWR);
    }

  if (self->next_idle_ms != G_MAXUINT)
    {
      self->idle_check = g_timeout_source_new (self->next_idle_ms + SCAN_DELAY_MS);
      g_source_set_callback (self->idle_check, idle_check_cb, self, NULL);
      g_source_attach (self->idle_check, self->context);
    }

  watch_listeners (self);
  return G_SOURCE_REMOVE;
}

static gboolean
idle_check_cb (gpointer user_data)
{
  return scan_cb (user_data);
}

static void
unwatch_listeners (ScSipTcpGuard *self)
{
  for (guint i = 0; i < self->listeners->len; i++)
    {
      Listener *l = g_ptr_array_index (self->listeners, i);

      if (l->watch != NULL)
        {
          g_source_destroy (l->watch);
          g_clear_pointer (&l->watch, g_source_unref);
        }
    }
}

static gboolean
listener_ready_cb (gint         fd,
                   GIOCondition condition,
                   gpointer     user_data)
{
  ScSipTcpGuard *self = user_data;

  /* Let sofia accept first; look once it has. */
  unwatch_listeners (self);
  self->scan = g_timeout_source_new (SCAN_DELAY_MS);
  g_source_set_callback (self->scan, scan_cb, self, NULL);
  g_source_attach (self->scan, self->context);
  return G_SOURCE_REMOVE;
}

static void
watch_listeners (ScSipTcpGuard *self)
{
  for (guint i = 0; i < self->listeners->len; i++)
    {
      Listener *l = g_ptr_array_index (self->listeners, i);

      if (l->watch != NULL)
        continue;
      l->watch = g_unix_fd_source_new (l->fd, G_IO_IN);
      g_source_set_callback (l->watch, G_SOURCE_FUNC (listener_ready_cb), self, NULL);
      g_source_attach (l->watch, self->context);
    }
}

static void
add_listener (ScSipTcpGuard                 *self,
              int                            fd,
              ino_t                          ino,
              const struct sockaddr_storage *peer,
              const struct tcp_info         *info,
              gpointer                       user_data)
{
  Listener *l = g_new0 (Listener, 1);

  l->guard = self;
  l->fd = fd;
  g_ptr_array_add (self->listeners, l);
}

ScSipTcpGuard *
_sc_sip_tcp_guard_new (GMainContext *context,
                       const char   *host,
                       guint16       port,
                       guint         max_per_peer,
                       guint         idle_timeout)
{
  ScSipTcpGuard *self;
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (host);
  g_autoptr(GSocketAddress) address = NULL;

  if (inet == NULL || (max_per_peer == 0 && idle_timeout == 0))
    return NULL;
  address = g_inet_socket_address_new (inet, port);

  self = g_new0 (ScSipTcpGuard, 1);
  self->context = g_main_context_ref (context);
  self->max_per_peer = max_per_peer;
  self->idle_ms = idle_timeout * 1000;
  self->any_host = g_inet_address_get_is_any (inet);
  self->listeners = g_ptr_array_new_with_free_func (g_free);
  if (!g_socket_address_to_native (address, &self->local, sizeof self->local, NULL))
    {
      _sc_sip_tcp_guard_free (self);
      return NULL;
    }

  for_each_socket (self, TRUE, add_listener, NULL);
  if (self->listeners->len == 0)
    {
      SC_DEBUG ("TCP: no listener on %s:%u to guard", host, port);
      _sc_sip_tcp_guard_free (self);
      return NULL;
    }
  watch_listeners (self);
  return self;
}

void
_sc_sip_tcp_guard_free (ScSipTcpGuard *self)
{
  if (self == NULL)
    return;
  if (self->scan != NULL)
    {
      g_source_destroy (self->scan);
      g_source_unref (self->scan);
    }
  if (self->idle_check != NULL)
    {
      g_source_destroy (self->idle_check);
      g_source_unref (self->idle_check);
    }
  unwatch_listeners (self);
  g_ptr_array_unref (self->listeners);
  g_main_context_unref (self->context);
  g_free (self);
}

#else /* !__linux__ */

ScSipTcpGuard *
_sc_sip_tcp_guard_new (GMainContext *context,
                       const char   *host,
                       guint16       port,
                       guint         max_per_peer,
                       guint         idle_timeout)
{
  SC_DEBUG ("TCP: no per-peer connection limit on this platform");
  return NULL;
}

void
_sc_sip_tcp_guard_free (ScSipTcpGuard *self)
{
}

#endif
