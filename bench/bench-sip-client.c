/* bench-sip-client.c - the SIP side and the timeline of the load
 * generators (see bench-sip-client.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bench-sip-client.h"

#include "bench-util.h"

#include <arpa/inet.h>
#include <glib-unix.h>
#include <gst/sdp/sdp.h>
#include <math.h>
#include <string.h>

#define DRAIN_MS          500
#define HANGUP_PER_TICK   4               /* BYEs per 10 ms */
#define HANGUP_TIMEOUT_S  30
#define SHUTDOWN_TIMEOUT_S 15

static void finish (BenchSipClient *client);
static void hang_up_all (BenchSipClient *client);

/* ------------------------------------------------------------------ */
/* Timeline                                                             */

static gboolean
drained_cb (gpointer user_data)
{
  BenchSipClient *client = user_data;

  bench_rtp_thread_stop (client->rtp);
  client->hooks.report (client->user_data);
  client->reported = TRUE;
  if (client->sip)
    hang_up_all (client);
  else
    finish (client);
  return G_SOURCE_REMOVE;
}

/* The hold is over (or we were interrupted): stop sending, let what is in
 * flight arrive, then count. */
static gboolean
hold_done_cb (gpointer user_data)
{
  BenchSipClient *client = user_data;

  if (client->hanging_up || client->reported || !client->holding)
    return G_SOURCE_REMOVE;
  client->holding = FALSE;
  client->reported = TRUE;   /* from now on: drained_cb reports */
  g_clear_handle_id (&client->place_id, g_source_remove);
  g_clear_handle_id (&client->setup_id, g_source_remove);
  bench_rtp_thread_stop_sending (client->rtp);
  g_timeout_add (DRAIN_MS, drained_cb, client);
  return G_SOURCE_REMOVE;
}

/* Every endpoint is up (or failed): start the measuring timeline. */
void
bench_sip_client_all_up (BenchSipClient *client)
{
  guint64 now = bench_mono_ns ();

  client->holding = TRUE;
  g_clear_handle_id (&client->setup_id, g_source_remove);
  bench_say ("ESTABLISHED %s=%u up=%u failed=%u setup_s=%.3f", client->units, client->n_units,
             client->hooks.count_up (client->user_data), client->n_failed,
             (now - client->setup_start_ns) / 1e9);
  bench_rtp_thread_schedule_window (client->rtp, now, client->warmup_s, client->duration_s);
  g_timeout_add (client->duration_s * 1000, hold_done_cb, client);
}

static gboolean
watchdog_cb (gpointer user_data)
{
  BenchSipClient *client = user_data;

  client->watchdog_id = 0;
  g_printerr ("%s: shutdown did not finish in %d s; leaving\n", client->name, SHUTDOWN_TIMEOUT_S);
  client->exit_code = 1;
  g_main_loop_quit (client->loop);
  return G_SOURCE_REMOVE;
}

static void
shutdown_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  BenchSipClient *client = user_data;
  g_autoptr(GError) error = NULL;

  if (!sc_session_manager_shutdown_finish (SC_SESSION_MANAGER (source), result, &error))
    g_printerr ("%s: shutdown: %s\n", client->name, error->message);
  g_main_loop_quit (client->loop);
}

static void
finish (BenchSipClient *client)
{
  if (client->watchdog_id != 0)
    return;
  g_clear_handle_id (&client->place_id, g_source_remove);
  g_clear_handle_id (&client->setup_id, g_source_remove);
  g_clear_handle_id (&client->hangup_id, g_source_remove);
  g_clear_handle_id (&client->hangup_tick_id, g_source_remove);
  if (client->sip || client->count_ended_without_sip)
    bench_say ("ENDED ended=%u of=%u", client->n_ended, client->n_calls);
  else
    bench_say ("ENDED");
  client->watchdog_id = g_timeout_add_seconds (SHUTDOWN_TIMEOUT_S, watchdog_cb, client);
  if (client->manager != NULL)
    sc_session_manager_shutdown_async (client->manager, NULL, shutdown_done_cb, client);
  else
    g_main_loop_quit (client->loop);
}

/* ------------------------------------------------------------------ */
/* Hanging up                                                           */

static gboolean
hangup_timeout_cb (gpointer user_data)
{
  BenchSipClient *client = user_data;

  client->hangup_id = 0;
  g_printerr ("%s: %u of %u calls still up %d s after hanging up\n", client->name,
              client->n_calls - client->n_ended, client->n_calls, HANGUP_TIMEOUT_S);
  client->exit_code = 1;
  finish (client);
  return G_SOURCE_REMOVE;
}

/* BYEs at HANGUP_PER_TICK per 10 ms: a burst of thousands would overflow
 * the target's SIP socket buffer. */
static gboolean
hang_up_some_cb (gpointer user_data)
{
  BenchSipClient *client = user_data;
  guint n = client->rtp->n_endpoints;
  guint sent = 0;

  while (client->next_hangup < n && sent < HANGUP_PER_TICK)
    {
      BenchEndpoint *e = bench_rtp_thread_endpoint (client->rtp, client->next_hangup++);
      g_autoptr(GError) error = NULL;

      if (e->session_id == NULL || e->ended)
        continue;
      sent++;
      if (!sc_session_manager_terminate_session (client->manager, e->session_id, &error))
        g_printerr ("%s: cannot hang up %s: %s\n", client->name, e->session_id, error->message);
    }
  if (client->next_hangup < n)
    return G_SOURCE_CONTINUE;
  client->hangup_tick_id = 0;
  return G_SOURCE_REMOVE;
}

static void
hang_up_all (BenchSipClient *client)
{
  if (client->hanging_up)
    return;
  client->hanging_up = TRUE;
  client->next_hangup = 0;
  g_clear_handle_id (&client->place_id, g_source_remove);
  if (hang_up_some_cb (client))
    client->hangup_tick_id = g_timeout_add (10, hang_up_some_cb, client);
  if (client->n_ended >= client->n_calls)
    finish (client);
  else if (client->hangup_id == 0)
    client->hangup_id = g_timeout_add_seconds (HANGUP_TIMEOUT_S, hangup_timeout_cb, client);
}

/* ------------------------------------------------------------------ */
/* Calls                                                                */

static void
maybe_all_up (BenchSipClient *client)
{
  guint n = client->rtp->n_endpoints;

  if (client->holding || client->reported || client->hanging_up ||
      client->placed < n || client->n_established + client->n_failed < n)
    return;
  bench_sip_client_all_up (client);
}

/* The address and port of the first audio stream of an SDP. */
static gboolean
sdp_audio_target (const char         *sdp_text,
                  struct sockaddr_in *target)
{
  g_autoptr(GstSDPMessage) sdp = NULL;
  const char *address = NULL;
  guint port = 0;

  if (sdp_text == NULL || gst_sdp_message_new_from_text (sdp_text, &sdp) != GST_SDP_OK)
    return FALSE;
  for (guint i = 0; i < gst_sdp_message_medias_len (sdp); i++)
    {
      const GstSDPMedia *media = gst_sdp_message_get_media (sdp, i);

      if (g_strcmp0 (gst_sdp_media_get_media (media), "audio") != 0)
        continue;
      port = gst_sdp_media_get_port (media);
      if (gst_sdp_media_connections_len (media) > 0)
        address = gst_sdp_media_get_connection (media, 0)->address;
      break;
    }
  if (address == NULL && gst_sdp_message_get_connection (sdp) != NULL)
    address = gst_sdp_message_get_connection (sdp)->address;
  if (address == NULL || port == 0 || port > 65535)
    return FALSE;
  memset (target, 0, sizeof *target);
  target->sin_family = AF_INET;
  target->sin_port = htons ((guint16) port);
  /* Loopback only: the benchmarks never send anywhere else. */
  if (inet_pton (AF_INET, address, &target->sin_addr) != 1 ||
      (ntohl (target->sin_addr.s_addr) >> 24) != 127)
    return FALSE;
  return TRUE;
}

static void
call_established_cb (ScSessionManager *manager,
                     ScCallSession    *session,
                     const char       *local_sdp,
                     const char       *remote_sdp,
                     BenchSipClient   *client)
{
  BenchEndpoint *e = g_hash_table_lookup (client->by_session, sc_call_session_get_id (session));
  struct sockaddr_in remote;

  if (e == NULL || e->established)
    return;
  e->established = TRUE;
  client->n_established++;
  if (!sdp_audio_target (remote_sdp, &remote))
    {
      if (client->exit_code == 0)
        g_printerr ("%s: %s: no usable loopback audio address in the answer\n",
                    client->name, e->session_id);
      client->exit_code = 1;
    }
  else
    {
      bench_endpoint_activate (e, &remote);
      client->hooks.established (e, client->user_data);
    }
  maybe_all_up (client);
}

static void
call_ended_cb (ScSessionManager *manager,
               ScCallSession    *session,
               const char       *reason,
               BenchSipClient   *client)
{
  BenchEndpoint *e = g_hash_table_lookup (client->by_session, sc_call_session_get_id (session));

  if (e == NULL || e->ended)
    return;
  e->ended = TRUE;
  client->n_ended++;
  if (client->hanging_up)
    {
      if (client->n_ended >= client->n_calls)
        finish (client);
      return;
    }
  if (!e->established)
    {
      if (client->n_failed < 5)
        g_printerr ("%s: call %s failed: %s\n", client->name, e->session_id, reason);
      /* After the set-up timeout, the unanswered calls are counted already. */
      if (!client->holding && !client->reported)
        client->n_failed++;
      maybe_all_up (client);
    }
  else if (!client->reported)
    {
      if (client->n_dropped < 5)
        g_printerr ("%s: call %s ended by the target: %s\n", client->name, e->session_id, reason);
      client->n_dropped++;
    }
}

/* The calls due by now at `rate` calls/s since the set-up started. */
static gboolean
place_calls_cb (gpointer user_data)
{
  BenchSipClient *client = user_data;
  guint n = client->rtp->n_endpoints;
  double elapsed = (bench_mono_ns () - client->setup_start_ns) / 1e9;
  guint due = (guint) MIN ((double) n, floor (elapsed * client->rate) + 1);

  while (client->placed < due)
    {
      BenchEndpoint *e = bench_rtp_thread_endpoint (client->rtp, client->placed++);
      g_autoptr(GError) error = NULL;
      g_autoptr(ScCallSession) session = NULL;
      g_autofree char *from_user = NULL;
      g_autofree char *to_user = NULL;
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;
      g_autofree char *sdp = NULL;

      client->hooks.call_users (e, &from_user, &to_user, client->user_data);
      from = g_strdup_printf ("sip:%s@%s", from_user, client->from_host);
      to = g_strdup_printf ("sip:%s@%s", to_user, client->target);
      sdp = g_strdup_printf (
        "v=0\r\n"
        "o=%s %u 1 IN IP4 127.0.0.1\r\n"
        "s=%s\r\n"
        "c=IN IP4 127.0.0.1\r\n"
        "t=0 0\r\n"
        "m=audio %u RTP/AVP 0\r\n"
        "a=rtpmap:0 PCMU/8000\r\n"
        "a=ptime:20\r\n"
        "a=sendrecv\r\n", client->name, e->id + 1, client->name, e->port);

      session = sc_session_manager_create_outgoing_call (client->manager, from, to, sdp, &error);
      if (session == NULL)
        {
          if (client->n_failed < 5)
            g_printerr ("%s: cannot place call %u: %s\n", client->name, e->id, error->message);
          client->n_failed++;
          continue;
        }
      e->session_id = g_strdup (sc_call_session_get_id (session));
      g_hash_table_insert (client->by_session, e->session_id, e);
      client->n_calls++;
    }
  if (client->placed >= n)
    {
      client->place_id = 0;
      maybe_all_up (client);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
setup_timeout_cb (gpointer user_data)
{
  BenchSipClient *client = user_data;
  guint n = client->rtp->n_endpoints;

  client->setup_id = 0;
  g_printerr ("%s: only %u of %u calls answered (%u failed) after %u s\n", client->name,
              client->n_established, n, client->n_failed, client->setup_timeout_s);
  client->exit_code = 1;
  g_clear_handle_id (&client->place_id, g_source_remove);
  /* Measure what is up; the rest counts as failed. */
  client->n_failed = n - client->n_established;
  bench_sip_client_all_up (client);
  return G_SOURCE_REMOVE;
}

/* The session manager: sessioncore's signalling with its media off. */
gboolean
bench_sip_client_start (BenchSipClient *client,
                        GError        **error)
{
  g_autoptr(ScSessionManagerBuilder) builder = sc_session_manager_builder_new ();

  sc_session_manager_builder_with_local_bind_addr (builder, "127.0.0.1:0");
  sc_session_manager_builder_with_max_sessions (builder, client->rtp->n_endpoints + 16);
  sc_session_manager_builder_with_media_enabled (builder, FALSE);
  sc_session_manager_builder_with_domain (builder, client->name);
  client->manager = sc_session_manager_builder_build (builder, error);
  if (client->manager == NULL)
    return FALSE;
  client->from_host = g_strdup (sc_session_manager_get_bound_address (client->manager));
  client->by_session = g_hash_table_new (g_str_hash, g_str_equal);
  g_signal_connect (client->manager, "call-established", G_CALLBACK (call_established_cb), client);
  g_signal_connect (client->manager, "call-ended", G_CALLBACK (call_ended_cb), client);
  return TRUE;
}

/* Once the RTP thread runs: calls at `rate`, and the set-up timeout. */
void
bench_sip_client_place_calls (BenchSipClient *client)
{
  client->place_id = g_timeout_add (5, place_calls_cb, client);
  client->setup_id = g_timeout_add_seconds (client->setup_timeout_s, setup_timeout_cb, client);
}

/* ------------------------------------------------------------------ */
/* Running                                                              */

static gboolean
signal_cb (gpointer user_data)
{
  BenchSipClient *client = user_data;

  g_printerr ("%s: interrupted\n", client->name);
  client->exit_code = 1;
  if (client->holding)
    hold_done_cb (client);
  else if (!client->reported)
    {
      /* Still setting up: nothing worth reporting. */
      bench_rtp_thread_stop (client->rtp);
      client->reported = TRUE;
      if (client->sip)
        hang_up_all (client);
      else
        finish (client);
    }
  else if (client->hanging_up)
    finish (client);
  return G_SOURCE_CONTINUE;
}

/* Runs the timeline to its end (SIGINT/SIGTERM cut it short); the exit
 * status. */
int
bench_sip_client_run (BenchSipClient *client)
{
  g_unix_signal_add (SIGINT, signal_cb, client);
  g_unix_signal_add (SIGTERM, signal_cb, client);
  g_main_loop_run (client->loop);
  bench_rtp_thread_stop (client->rtp);
  g_clear_handle_id (&client->watchdog_id, g_source_remove);
  return client->exit_code;
}

void
bench_sip_client_clear (BenchSipClient *client)
{
  for (guint k = 0; k < client->rtp->n_endpoints && client->rtp->endpoints != NULL; k++)
    g_clear_pointer (&bench_rtp_thread_endpoint (client->rtp, k)->session_id, g_free);
  g_clear_pointer (&client->by_session, g_hash_table_unref);
  g_clear_object (&client->manager);
  g_clear_pointer (&client->target, g_free);
  g_clear_pointer (&client->from_host, g_free);
  g_clear_pointer (&client->loop, g_main_loop_unref);
}
