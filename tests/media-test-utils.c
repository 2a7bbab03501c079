/* media-test-utils.c: what tests of the media engine alone share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "media-test-utils.h"

#include <math.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Sockets                                                              */

static GSocket *
bind_udp (guint16   port,
          GError  **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                         G_SOCKET_PROTOCOL_UDP, error);
  if (socket == NULL || !g_socket_bind (socket, address, FALSE, error))
    return NULL;
  return g_steal_pointer (&socket);
}

void
socket_pair_bind (SocketPair *pair)
{
  for (int attempt = 0; attempt < 100; attempt++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocket) rtp = bind_udp (0, &error);
      g_autoptr(GSocketAddress) local = NULL;
      guint16 port;

      g_assert_no_error (error);
      local = g_socket_get_local_address (rtp, &error);
      g_assert_no_error (error);
      port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
      if (port == G_MAXUINT16)
        continue;
      pair->rtcp = bind_udp (port + 1, NULL);
      if (pair->rtcp != NULL)
        {
          pair->rtp = g_steal_pointer (&rtp);
          pair->port = port;
          return;
        }
    }
  g_error ("no two consecutive free UDP ports on 127.0.0.1");
}

void
socket_pair_clear (SocketPair *pair)
{
  g_clear_object (&pair->rtp);
  g_clear_object (&pair->rtcp);
}

void
send_datagram (GSocket      *socket,
               guint16       port,
               const guint8 *data,
               gsize         len)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) to = g_inet_socket_address_new (loopback, port);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_socket_send_to (socket, to, (const char *) data, len, NULL, &error),
                   ==, (gssize) len);
  g_assert_no_error (error);
}

gsize
receive_within (GSocket *socket,
                guint8  *buffer,
                gsize    size,
                guint    timeout_ms)
{
  g_autoptr(GError) error = NULL;
  gssize n;

  if (!g_socket_condition_timed_wait (socket, G_IO_IN,
                                      (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND,
                                      NULL, &error))
    g_error ("nothing arrived within %u ms: %s", timeout_ms, error->message);
  n = g_socket_receive (socket, (char *) buffer, size, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, >, 0);
  return (gsize) n;
}

guint
drain (GSocket *socket)
{
  guint8 buffer[2048];
  guint n = 0;

  while (g_socket_receive_with_blocking (socket, (char *) buffer, sizeof buffer,
                                         FALSE, NULL, NULL) > 0)
    n++;
  return n;
}

/* ------------------------------------------------------------------ */
/* RTP by hand                                                          */

gsize
make_rtp (guint8       *packet,
          guint8        payload_type,
          gboolean      marker,
          guint16       seq,
          guint32       timestamp,
          guint32       ssrc,
          const guint8 *payload,
          gsize         payload_len)
{
  packet[0] = 0x80;
  packet[1] = (marker ? 0x80 : 0) | payload_type;
  packet[2] = seq >> 8;
  packet[3] = seq & 0xff;
  packet[4] = timestamp >> 24;
  packet[5] = (timestamp >> 16) & 0xff;
  packet[6] = (timestamp >> 8) & 0xff;
  packet[7] = timestamp & 0xff;
  packet[8] = ssrc >> 24;
  packet[9] = (ssrc >> 16) & 0xff;
  packet[10] = (ssrc >> 8) & 0xff;
  packet[11] = ssrc & 0xff;
  memcpy (packet + 12, payload, payload_len);
  return 12 + payload_len;
}

guint16
rtp_seq (const guint8 *packet)
{
  return (guint16) (packet[2] << 8 | packet[3]);
}

guint32
rtp_u32 (const guint8 *bytes)
{
  return (guint32) bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3];
}

double
tone_share (const gint16 *pcm,
            guint         n,
            double        frequency)
{
  double coeff = 2.0 * cos (2.0 * G_PI * frequency / RATE);
  double s1 = 0, s2 = 0, total = 0, power;

  for (guint i = 0; i < n; i++)
    {
      double s = pcm[i] + coeff * s1 - s2;

      s2 = s1;
      s1 = s;
      total += (double) pcm[i] * pcm[i];
    }
  if (total <= 0)
    return 0;
  power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return 2.0 * power / (n * total);
}

/* ------------------------------------------------------------------ */
/* Waiting                                                              */

void
run_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (500);
}

void
settle (void)
{
  for (int i = 0; i < 10; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
}

/* ------------------------------------------------------------------ */
/* Events                                                               */

void
event_log_init (EventLog     *log,
                GMainContext *context,
                GThread      *thread)
{
  g_mutex_init (&log->lock);
  log->misplaced = 0;
  log->events = g_ptr_array_new_with_free_func (g_free);
  log->context = context;
  log->thread = thread;
}

void
event_log_clear (EventLog *log)
{
  g_clear_pointer (&log->events, g_ptr_array_unref);
  g_mutex_clear (&log->lock);
}

void
event_log_add (EventLog *log,
               char     *text)
{
  g_mutex_lock (&log->lock);
  if (g_thread_self () != log->thread || !g_main_context_is_owner (log->context))
    log->misplaced++;
  g_ptr_array_add (log->events, text);
  g_mutex_unlock (&log->lock);
}

guint
event_log_count (EventLog   *log,
                 const char *text)
{
  guint n = 0;

  g_mutex_lock (&log->lock);
  for (guint i = 0; i < log->events->len; i++)
    if (g_str_equal (log->events->pdata[i], text))
      n++;
  g_mutex_unlock (&log->lock);
  return n;
}

guint
event_log_len (EventLog *log)
{
  guint n;

  g_mutex_lock (&log->lock);
  n = log->events->len;
  g_mutex_unlock (&log->lock);
  return n;
}

char *
event_log_nth (EventLog *log,
               guint     i)
{
  char *text = NULL;

  g_mutex_lock (&log->lock);
  if (i < log->events->len)
    text = g_strdup (log->events->pdata[i]);
  g_mutex_unlock (&log->lock);
  return text;
}

void
leg_event_cb (gpointer            user_data,
              const ScMediaEvent *event)
{
  EventLog *log = user_data;

  switch (event->type)
    {
    case SC_MEDIA_EVENT_FLOW_STARTED:
      event_log_add (log, g_strdup_printf ("flow-started %s", event->leg_id));
      break;
    case SC_MEDIA_EVENT_FLOW_STOPPED:
      event_log_add (log, g_strdup_printf ("flow-stopped %s", event->leg_id));
      break;
    case SC_MEDIA_EVENT_DTMF:
      event_log_add (log, g_strdup_printf ("dtmf %c %s", event->digit, event->leg_id));
      break;
    }
}

void
route_event_cb (gpointer                 user_data,
                const ScMediaRouteEvent *event)
{
  event_log_add (user_data, g_strdup_printf ("%u %s", event->code, event->leg_id));
}

static gpointer
creator_thread (gpointer data)
{
  Creator *creator = data;

  g_main_context_push_thread_default (creator->context);
  g_main_loop_run (creator->loop);
  g_main_context_pop_thread_default (creator->context);
  return NULL;
}

void
creator_start (Creator *creator)
{
  creator->context = g_main_context_new ();
  creator->loop = g_main_loop_new (creator->context, FALSE);
  creator->thread = g_thread_new ("creator", creator_thread, creator);
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
creator_stop (Creator *creator)
{
  GSource *source;

  if (creator->thread == NULL)
    return;
  /* From inside the loop: a quit before it started running would be lost. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_HIGH);
  g_source_set_callback (source, quit_cb, creator->loop, NULL);
  g_source_attach (source, creator->context);
  g_source_unref (source);
  g_thread_join (g_steal_pointer (&creator->thread));
}

void
creator_clear (Creator *creator)
{
  creator_stop (creator);
  g_clear_pointer (&creator->loop, g_main_loop_unref);
  g_clear_pointer (&creator->context, g_main_context_unref);
}
