/* media-load.c - load generator of the sessioncore media benchmark.
 *
 * Places N calls through SIP to a target (sessioncore-server or the naive
 * GStreamer baseline, bench/media-naive-server.c), makes every call send a
 * 440 Hz tone (sc_session_manager_play_tone) so that real audio flows in
 * both directions, holds the calls for D seconds once they are all up,
 * then reads every call's RTP counters (sc_session_manager_get_media_info),
 * hangs up and prints one machine-readable RESULT line.  The generator is
 * the same program, with the same settings, for every target; it uses
 * sessioncore's own media engine (one media thread) for its side.
 *
 * Usage:
 *   media-load --target 127.0.0.1:PORT --calls N [--duration D] [--rate R]
 *              [--media-ports FIRST-LAST] [--tone HZ] [--warmup S]
 *
 * Timeline (every line below goes to stdout, flushed at once; the driver
 * script bench/media-bench.sh keys its CPU/RSS sampling on them):
 *
 *   t = 0         calls are placed at R calls/s (default 100)
 *   E             the last call is answered (or failed):
 *                   ESTABLISHED calls=N established=E failed=F setup_s=T
 *   E + warmup    snapshot A of every call's counters:   WINDOW_START
 *   E + D - 1     snapshot B:                            WINDOW_END
 *   E + D         final counters:                        RESULT ...
 *                 then hang up, 400 calls/s (a burst of hundreds of BYEs
 *                 would overflow the target's SIP socket buffer)
 *
 * The RESULT line (key=value, one line):
 *   calls, established, failed (never answered), dropped (ended by the
 *   target during the hold), duration_s (D), window_s (B - A);
 *   rx_packets / rx_lost / loss_pct: RTP received from the target over the
 *     calls' whole lives, and the RFC 3550 loss (sequence gaps: expected
 *     minus received) as a percentage of expected; computed by sessioncore's
 *     engine (ScMediaInfo packets_received / packets_lost);
 *   window_rx / rate_pct: packets received between snapshots A and B, as a
 *     percentage of the nominal 50 packets/s/call over the same time.  This
 *     catches a target that falls behind and sends fewer packets without
 *     leaving sequence gaps (a sender that skips ticks);
 *   tx_packets: RTP the generator sent to the target;
 *   jitter_avg_ms / jitter_max_ms: interarrival jitter (RFC 3550);
 *   silent_calls: established calls that received no RTP at all;
 *   min_rx / max_rx: fewest and most packets one call received.
 * Then, after hanging up:  ENDED ended=E of=N
 *
 * Exit status: 0 when every call was established, held and measured;
 * 1 otherwise (the RESULT line is printed anyway when possible); 2 on bad
 * usage or start-up failure.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bench-util.h"

#include <sessioncore/sessioncore.h>

#include <glib-unix.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define PACKETS_PER_SECOND 50.0     /* 20 ms ptime */
#define HANGUP_TIMEOUT_S   30
#define HANGUP_PER_TICK    4        /* BYEs per 10 ms: 400 calls/s */
#define SHUTDOWN_TIMEOUT_S 15

typedef struct {
  ScCallSession *session;
  char          *id;
  gboolean       established;
  gboolean       ended;
  gboolean       tone_failed;
  guint64        rx_a;          /* packets received at snapshot A */
  guint64        rx_b;          /* ... at snapshot B */
} LoadCall;

typedef struct {
  GMainLoop        *loop;
  ScSessionManager *manager;
  char             *from;
  char             *to;

  guint             n_calls;
  guint             duration_s;
  double            rate;
  double            tone_hz;
  guint             warmup_s;
  guint             setup_timeout_s;

  GPtrArray        *calls;       /* LoadCall *, in placing order */
  GHashTable       *by_id;       /* session id -> LoadCall * (borrowed) */
  guint             placed;
  guint             n_established;
  guint             n_failed;    /* ended before being established */
  guint             n_dropped;   /* ended after being established, before the end */
  guint             n_ended;
  guint             tone_errors;
  gboolean          holding;     /* all calls resolved; measuring */
  gboolean          hanging_up;
  gint64            start_us;
  gint64            snap_a_us;
  gint64            snap_b_us;

  guint             place_id;
  guint             setup_id;
  guint             watchdog_id;
  guint             hangup_id;
  guint             hangup_tick_id;
  guint             next_hangup;
  int               exit_code;
} Load;

static void
load_call_free (gpointer data)
{
  LoadCall *call = data;

  g_clear_object (&call->session);
  g_free (call->id);
  g_free (call);
}

/* ------------------------------------------------------------------ */
/* End of the run                                                       */

static void
shutdown_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Load *load = user_data;
  g_autoptr(GError) error = NULL;

  if (!sc_session_manager_shutdown_finish (SC_SESSION_MANAGER (source), result, &error))
    g_printerr ("media-load: shutdown: %s\n", error->message);
  g_main_loop_quit (load->loop);
}

static gboolean
watchdog_cb (gpointer user_data)
{
  Load *load = user_data;

  load->watchdog_id = 0;
  g_printerr ("media-load: shutdown did not finish in %d s; leaving\n",
              SHUTDOWN_TIMEOUT_S);
  load->exit_code = 1;
  g_main_loop_quit (load->loop);
  return G_SOURCE_REMOVE;
}

static void
finish (Load *load)
{
  if (load->watchdog_id != 0)
    return;
  g_clear_handle_id (&load->place_id, g_source_remove);
  g_clear_handle_id (&load->setup_id, g_source_remove);
  g_clear_handle_id (&load->hangup_id, g_source_remove);
  g_clear_handle_id (&load->hangup_tick_id, g_source_remove);
  bench_say ("ENDED ended=%u of=%u", load->n_ended, load->placed);
  load->watchdog_id = g_timeout_add_seconds (SHUTDOWN_TIMEOUT_S, watchdog_cb, load);
  sc_session_manager_shutdown_async (load->manager, NULL, shutdown_done_cb, load);
}

static gboolean
hangup_timeout_cb (gpointer user_data)
{
  Load *load = user_data;

  load->hangup_id = 0;
  g_printerr ("media-load: %u of %u calls still up %d s after hanging up\n",
              load->placed - load->n_ended, load->placed, HANGUP_TIMEOUT_S);
  load->exit_code = 1;
  finish (load);
  return G_SOURCE_REMOVE;
}

/* Hangs up the next few calls: BYEs go out at HANGUP_PER_TICK per 10 ms,
 * not all at once (a burst of hundreds of BYEs overflows the target's SIP
 * socket buffer and costs retransmissions). */
static gboolean
hang_up_some_cb (gpointer user_data)
{
  Load *load = user_data;
  guint sent = 0;

  while (load->next_hangup < load->calls->len && sent < HANGUP_PER_TICK)
    {
      LoadCall *call = g_ptr_array_index (load->calls, load->next_hangup++);
      g_autoptr(GError) error = NULL;

      if (call->ended)
        continue;
      sent++;
      if (!sc_session_manager_terminate_session (load->manager, call->id, &error))
        g_printerr ("media-load: cannot hang up %s: %s\n", call->id, error->message);
    }
  if (load->next_hangup < load->calls->len)
    return G_SOURCE_CONTINUE;
  load->hangup_tick_id = 0;
  return G_SOURCE_REMOVE;
}

static void
hang_up_all (Load *load)
{
  if (load->hanging_up)
    return;
  load->hanging_up = TRUE;
  load->next_hangup = 0;
  if (hang_up_some_cb (load))
    load->hangup_tick_id = g_timeout_add (10, hang_up_some_cb, load);
  if (load->n_ended >= load->placed)
    finish (load);
  else if (load->hangup_id == 0)
    load->hangup_id = g_timeout_add_seconds (HANGUP_TIMEOUT_S, hangup_timeout_cb, load);
}

/* ------------------------------------------------------------------ */
/* Measuring                                                            */

/* Packets received so far on every live established call, into rx_a or
 * rx_b. */
static void
snapshot (Load     *load,
          gboolean  second)
{
  for (guint i = 0; i < load->calls->len; i++)
    {
      LoadCall *call = g_ptr_array_index (load->calls, i);
      g_autoptr(ScMediaInfo) info = NULL;
      guint64 rx = 0;

      if (!call->established || call->ended)
        continue;
      info = sc_session_manager_get_media_info (load->manager, call->id, NULL);
      if (info != NULL)
        rx = sc_media_info_get_packets_received (info);
      if (second)
        call->rx_b = rx;
      else
        call->rx_a = rx;
    }
  if (second)
    load->snap_b_us = g_get_monotonic_time ();
  else
    load->snap_a_us = g_get_monotonic_time ();
}

static gboolean
window_start_cb (gpointer user_data)
{
  Load *load = user_data;

  snapshot (load, FALSE);
  bench_say ("WINDOW_START");
  return G_SOURCE_REMOVE;
}

static gboolean
window_end_cb (gpointer user_data)
{
  Load *load = user_data;

  snapshot (load, TRUE);
  bench_say ("WINDOW_END");
  return G_SOURCE_REMOVE;
}

static gboolean
hold_done_cb (gpointer user_data)
{
  Load *load = user_data;
  guint64 rx = 0, lost = 0, tx = 0, window_rx = 0, min_rx = G_MAXUINT64, max_rx = 0;
  guint measured = 0, window_calls = 0, silent = 0;
  double jitter_sum = 0, jitter_max = 0, window_s, loss_pct, rate_pct;

  if (load->hanging_up)
    return G_SOURCE_REMOVE;   /* interrupted */

  for (guint i = 0; i < load->calls->len; i++)
    {
      LoadCall *call = g_ptr_array_index (load->calls, i);
      g_autoptr(ScMediaInfo) info = NULL;
      g_autoptr(GError) error = NULL;
      guint64 call_rx;
      double jitter;

      if (!call->established || call->ended)
        continue;
      info = sc_session_manager_get_media_info (load->manager, call->id, &error);
      if (info == NULL)
        {
          g_printerr ("media-load: no media info for %s: %s\n", call->id,
                      error ? error->message : "no negotiated media");
          continue;
        }
      measured++;
      call_rx = sc_media_info_get_packets_received (info);
      rx += call_rx;
      lost += sc_media_info_get_packets_lost (info);
      tx += sc_media_info_get_packets_sent (info);
      jitter = sc_media_info_get_jitter_ms (info);
      jitter_sum += jitter;
      jitter_max = MAX (jitter_max, jitter);
      min_rx = MIN (min_rx, call_rx);
      max_rx = MAX (max_rx, call_rx);
      if (call_rx == 0)
        silent++;
      if (call->rx_b >= call->rx_a && load->snap_b_us > load->snap_a_us)
        {
          window_rx += call->rx_b - call->rx_a;
          window_calls++;
        }
    }

  window_s = load->snap_a_us > 0 && load->snap_b_us > load->snap_a_us
             ? (load->snap_b_us - load->snap_a_us) / (double) G_USEC_PER_SEC : 0;
  loss_pct = rx + lost > 0 ? 100.0 * (double) lost / (double) (rx + lost) : 0;
  rate_pct = window_calls > 0 && window_s > 0
             ? 100.0 * (double) window_rx / (window_calls * window_s * PACKETS_PER_SECOND)
             : 0;
  bench_say ("RESULT calls=%u established=%u failed=%u dropped=%u measured=%u "
       "duration_s=%u window_s=%.3f rx_packets=%" G_GUINT64_FORMAT
       " rx_lost=%" G_GUINT64_FORMAT " loss_pct=%.4f window_rx=%" G_GUINT64_FORMAT
       " rate_pct=%.3f tx_packets=%" G_GUINT64_FORMAT " jitter_avg_ms=%.3f"
       " jitter_max_ms=%.3f silent_calls=%u min_rx=%" G_GUINT64_FORMAT
       " max_rx=%" G_GUINT64_FORMAT " tone_errors=%u",
       load->n_calls, load->n_established, load->n_failed, load->n_dropped,
       measured, load->duration_s, window_s, rx, lost, loss_pct, window_rx,
       rate_pct, tx, measured ? jitter_sum / measured : 0.0, jitter_max, silent,
       measured ? min_rx : 0, max_rx, load->tone_errors);

  if (load->n_established < load->n_calls || load->n_dropped > 0 ||
      measured < load->n_calls || silent > 0 || load->tone_errors > 0)
    load->exit_code = 1;
  hang_up_all (load);
  return G_SOURCE_REMOVE;
}

/* Every call has been answered or has failed: start holding. */
static void
maybe_all_up (Load *load)
{
  if (load->holding || load->hanging_up || load->placed < load->n_calls ||
      load->n_established + load->n_failed < load->n_calls)
    return;

  load->holding = TRUE;
  g_clear_handle_id (&load->setup_id, g_source_remove);
  bench_say ("ESTABLISHED calls=%u established=%u failed=%u setup_s=%.3f",
       load->n_calls, load->n_established, load->n_failed,
       (g_get_monotonic_time () - load->start_us) / (double) G_USEC_PER_SEC);
  if (load->n_established == 0)
    {
      load->exit_code = 1;
      hold_done_cb (load);
      return;
    }
  g_timeout_add_seconds (load->warmup_s, window_start_cb, load);
  g_timeout_add_seconds (load->duration_s - 1, window_end_cb, load);
  g_timeout_add_seconds (load->duration_s, hold_done_cb, load);
}

static gboolean
setup_timeout_cb (gpointer user_data)
{
  Load *load = user_data;

  load->setup_id = 0;
  g_printerr ("media-load: only %u of %u calls answered (%u failed) after %u s\n",
              load->n_established, load->n_calls, load->n_failed,
              load->setup_timeout_s);
  load->exit_code = 1;
  /* Hold what we have: the calls that never answered count as failed. */
  g_clear_handle_id (&load->place_id, g_source_remove);
  load->n_failed = load->n_calls - load->n_established;
  load->placed = load->n_calls;
  maybe_all_up (load);
  return G_SOURCE_REMOVE;
}

/* ------------------------------------------------------------------ */
/* Calls                                                                */

static void
call_established_cb (ScSessionManager *manager,
                     ScCallSession    *session,
                     const char       *local_sdp,
                     const char       *remote_sdp,
                     Load             *load)
{
  LoadCall *call = g_hash_table_lookup (load->by_id, sc_call_session_get_id (session));
  g_autoptr(GError) error = NULL;

  if (call == NULL || call->established)
    return;
  call->established = TRUE;
  load->n_established++;
  if (load->tone_hz > 0 &&
      !sc_session_manager_play_tone (manager, call->id, load->tone_hz, &error))
    {
      if (load->tone_errors++ == 0)
        g_printerr ("media-load: play_tone on %s: %s\n", call->id, error->message);
    }
  maybe_all_up (load);
}

static void
call_ended_cb (ScSessionManager *manager,
               ScCallSession    *session,
               const char       *reason,
               Load             *load)
{
  LoadCall *call = g_hash_table_lookup (load->by_id, sc_call_session_get_id (session));

  if (call == NULL || call->ended)
    return;
  call->ended = TRUE;
  load->n_ended++;
  if (!load->hanging_up)
    {
      if (!call->established)
        {
          if (load->n_failed < 5)
            g_printerr ("media-load: call %s failed: %s\n", call->id, reason);
          if (!load->holding)
            load->n_failed++;
        }
      else
        {
          if (load->n_dropped < 5)
            g_printerr ("media-load: call %s ended during the hold: %s\n", call->id, reason);
          load->n_dropped++;
        }
      maybe_all_up (load);
    }
  else if (load->n_ended >= load->placed)
    finish (load);
}

static gboolean
place_calls_cb (gpointer user_data)
{
  Load *load = user_data;
  double elapsed = (g_get_monotonic_time () - load->start_us) / (double) G_USEC_PER_SEC;
  guint due = (guint) MIN ((double) load->n_calls, floor (elapsed * load->rate) + 1);

  while (load->placed < due)
    {
      g_autoptr(GError) error = NULL;
      ScCallSession *session;
      LoadCall *call;

      session = sc_session_manager_create_outgoing_call (load->manager, load->from,
                                                         load->to, NULL, &error);
      load->placed++;
      if (session == NULL)
        {
          if (load->n_failed < 5)
            g_printerr ("media-load: cannot place call %u: %s\n", load->placed,
                        error->message);
          load->n_failed++;
          continue;
        }
      call = g_new0 (LoadCall, 1);
      call->session = session;
      call->id = g_strdup (sc_call_session_get_id (session));
      g_ptr_array_add (load->calls, call);
      g_hash_table_insert (load->by_id, call->id, call);
    }

  if (load->placed >= load->n_calls)
    {
      load->place_id = 0;
      maybe_all_up (load);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
signal_cb (gpointer user_data)
{
  Load *load = user_data;

  g_printerr ("media-load: interrupted\n");
  load->exit_code = 1;
  g_clear_handle_id (&load->place_id, g_source_remove);
  if (load->hanging_up)
    finish (load);
  else
    hang_up_all (load);
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *target = NULL;
  g_autofree char *ports = g_strdup ("20000-29999");
  int n_calls = 100, duration = 30, warmup = 2, setup_timeout = 60;
  double rate = 100, tone = 440;
  GOptionEntry entries[] = {
    { "target", 't', 0, G_OPTION_ARG_STRING, &target, "SIP target (required)", "IP:PORT" },
    { "calls", 'n', 0, G_OPTION_ARG_INT, &n_calls, "Concurrent calls (default 100)", "N" },
    { "duration", 'd', 0, G_OPTION_ARG_INT, &duration, "Seconds to hold the calls once all are up (default 30)", "S" },
    { "rate", 'r', 0, G_OPTION_ARG_DOUBLE, &rate, "Calls placed per second (default 100)", "R" },
    { "tone", 0, 0, G_OPTION_ARG_DOUBLE, &tone, "Tone each call sends, Hz (default 440; 0 = silence)", "HZ" },
    { "media-ports", 0, 0, G_OPTION_ARG_STRING, &ports, "Own RTP port range (default 20000-29999)", "FIRST-LAST" },
    { "warmup", 0, 0, G_OPTION_ARG_INT, &warmup, "Seconds between all-up and the measuring window (default 2)", "S" },
    { "setup-timeout", 0, 0, G_OPTION_ARG_INT, &setup_timeout, "Seconds allowed to set the calls up (default 60)", "S" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("- media load generator (bench/README.md)");
  g_autoptr(GError) error = NULL;
  g_autoptr(ScSessionManagerBuilder) builder = NULL;
  guint first_port = 0, last_port = 0;
  Load load = { 0 };

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (target == NULL || n_calls <= 0 || duration < warmup + 2 || warmup < 0 ||
      rate <= 0 || tone < 0 || tone >= 4000 || setup_timeout <= 0 ||
      !bench_parse_port_range (ports, &first_port, &last_port))
    {
      g_printerr ("usage: media-load --target IP:PORT --calls N [--duration S >= warmup + 2] "
                  "[--rate R] [--tone HZ] [--media-ports FIRST-LAST]\n");
      return 2;
    }

  bench_raise_fd_limit ();
  builder = sc_session_manager_builder_new ();
  sc_session_manager_builder_with_local_bind_addr (builder, "127.0.0.1:0");
  sc_session_manager_builder_with_media_ports (builder, first_port, last_port);
  sc_session_manager_builder_with_max_sessions (builder, (guint) n_calls + 16);
  sc_session_manager_builder_with_domain (builder, "media-load");
  load.manager = sc_session_manager_builder_build (builder, &error);
  if (load.manager == NULL)
    {
      g_printerr ("media-load: cannot start: %s\n", error->message);
      return 2;
    }

  load.loop = g_main_loop_new (NULL, FALSE);
  load.n_calls = (guint) n_calls;
  load.duration_s = (guint) duration;
  load.rate = rate;
  load.tone_hz = tone;
  load.warmup_s = (guint) warmup;
  load.setup_timeout_s = (guint) setup_timeout;
  load.calls = g_ptr_array_new_with_free_func (load_call_free);
  load.by_id = g_hash_table_new (g_str_hash, g_str_equal);
  load.from = g_strdup_printf ("sip:load@%s", sc_session_manager_get_bound_address (load.manager));
  load.to = g_strdup_printf ("sip:bench@%s", target);

  g_signal_connect (load.manager, "call-established", G_CALLBACK (call_established_cb), &load);
  g_signal_connect (load.manager, "call-ended", G_CALLBACK (call_ended_cb), &load);
  g_unix_signal_add (SIGINT, signal_cb, &load);
  g_unix_signal_add (SIGTERM, signal_cb, &load);

  bench_say ("START calls=%u duration_s=%u rate=%.1f tone_hz=%.1f from=%s to=%s",
       load.n_calls, load.duration_s, load.rate, load.tone_hz, load.from, load.to);
  load.start_us = g_get_monotonic_time ();
  load.place_id = g_timeout_add (10, place_calls_cb, &load);
  load.setup_id = g_timeout_add_seconds (load.setup_timeout_s, setup_timeout_cb, &load);

  g_main_loop_run (load.loop);

  g_clear_handle_id (&load.watchdog_id, g_source_remove);
  g_hash_table_unref (load.by_id);
  g_ptr_array_unref (load.calls);
  g_clear_object (&load.manager);
  g_main_loop_unref (load.loop);
  g_free (load.from);
  g_free (load.to);
  return load.exit_code;
}
