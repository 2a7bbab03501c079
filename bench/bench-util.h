/* bench-util.h - small helpers every benchmark program needs: clocks,
 * flushed result lines, the process's own CPU/RSS/threads, percentiles,
 * option checks, loopback UDP sockets and G.711 μ-law frames.
 *
 * GLib only (no sessioncore, no GStreamer), so that the baselines can use
 * it too.  Nothing here is installed.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>
#include <time.h>

G_BEGIN_DECLS

/* Clocks */

guint64  bench_mono_ns         (void);
guint64  bench_real_ns         (void);
double   bench_clock_seconds   (clockid_t clock);

/* Output */

void     bench_say             (const char *format,
                                ...) G_GNUC_PRINTF (1, 2);

/* This process, as the drivers' summary lines report it */

void     bench_raise_fd_limit  (void);
guint    bench_count_threads   (void);
guint64  bench_vmrss_kb        (void);
void     bench_cpu_times       (double *user_s,
                                double *sys_s);

/* Samples: a GArray of guint64 nanoseconds */

void     bench_sort_u64        (GArray *samples);
double   bench_percentile      (GArray *sorted,
                                double  fraction,
                                double  unit);

/* A latency histogram with fixed-width buckets (no allocation per
 * sample: the RTP thread records into it). */
typedef struct {
  guint64  bucket_ns;
  guint    n_buckets;
  guint32 *counts;
  guint64  samples;
  guint64  over;              /* samples past the last bucket */
  guint64  max_ns;
  guint64  min_ns;            /* 0 = no sample yet */
} BenchHistogram;

void     bench_histogram_init  (BenchHistogram *histogram,
                                guint64         bucket_ns,
                                guint           n_buckets);
void     bench_histogram_clear (BenchHistogram *histogram);
void     bench_histogram_add   (BenchHistogram *histogram,
                                guint64         ns);
double   bench_histogram_percentile_ms (const BenchHistogram *const *histograms,
                                        guint                       n_histograms,
                                        double                      fraction);

/* Options */

gboolean bench_parse_port_range (const char *text,
                                 guint      *first,
                                 guint      *last);
gboolean bench_is_loopback_target (const char *ip_port);

/* UDP */

int      bench_udp_socket      (guint16  port,
                                guint16 *bound_port);

/* G.711 μ-law */

guchar   bench_ulaw_encode     (int    sample);
int      bench_ulaw_decode     (guchar byte);

typedef enum {
  BENCH_WAVE_SINE,
  BENCH_WAVE_COSINE,
} BenchWave;

void     bench_ulaw_tone_frame (guchar   *frame,
                                guint     n_samples,
                                BenchWave wave,
                                double    hz,
                                double    amplitude);

G_END_DECLS
