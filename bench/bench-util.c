/* bench-util.c - small helpers every benchmark program needs (see
 * bench-util.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bench-util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* Clocks                                                               */

guint64
bench_mono_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (guint64) ts.tv_sec * G_GUINT64_CONSTANT (1000000000) + (guint64) ts.tv_nsec;
}

/* The clock that SO_TIMESTAMPNS stamps arrivals with. */
guint64
bench_real_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_REALTIME, &ts);
  return (guint64) ts.tv_sec * G_GUINT64_CONSTANT (1000000000) + (guint64) ts.tv_nsec;
}

/* CLOCK_PROCESS_CPUTIME_ID / CLOCK_THREAD_CPUTIME_ID, in seconds. */
double
bench_clock_seconds (clockid_t clock)
{
  struct timespec ts;

  clock_gettime (clock, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------------------ */
/* Output                                                               */

/* One line on stdout, flushed at once: the drivers key their sampling on
 * these lines as they appear.  Locked, because the RTP threads of the
 * load generators print too. */
void
bench_say (const char *format,
           ...)
{
  va_list args;

  flockfile (stdout);
  va_start (args, format);
  vfprintf (stdout, format, args);
  va_end (args);
  fputc ('\n', stdout);
  fflush (stdout);
  funlockfile (stdout);
}

/* ------------------------------------------------------------------ */
/* This process                                                         */

/* Thousands of sockets: lift the soft limit to the hard one. */
void
bench_raise_fd_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
    }
}

guint
bench_count_threads (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  guint n = 0;

  if (dir == NULL)
    return 0;
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

guint64
bench_vmrss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmRSS:");
  return line ? g_ascii_strtoull (line + 6, NULL, 10) : 0;
}

/* User and system CPU time of the whole process so far. */
void
bench_cpu_times (double *user_s,
                 double *sys_s)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  *user_s = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6;
  *sys_s = usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

/* ------------------------------------------------------------------ */
/* Samples                                                              */

static int
compare_u64 (gconstpointer a,
             gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

void
bench_sort_u64 (GArray *samples)
{
  g_array_sort (samples, compare_u64);
}

/* The value at @fraction of the sorted samples (nearest rank), in units
 * of @unit ns. */
double
bench_percentile (GArray *sorted,
                  double  fraction,
                  double  unit)
{
  guint rank;

  if (sorted->len == 0)
    return 0;
  rank = (guint) (fraction * sorted->len + 0.999999);
  rank = CLAMP (rank, 1, sorted->len);
  return g_array_index (sorted, guint64, rank - 1) / unit;
}

void
bench_histogram_init (BenchHistogram *histogram,
                      guint64         bucket_ns,
                      guint           n_buckets)
{
  *histogram = (BenchHistogram) {
    .bucket_ns = bucket_ns,
    .n_buckets = n_buckets,
    .counts = g_new0 (guint32, n_buckets),
  };
}

void
bench_histogram_clear (BenchHistogram *histogram)
{
  g_clear_pointer (&histogram->counts, g_free);
}

void
bench_histogram_add (BenchHistogram *histogram,
                     guint64         ns)
{
  guint64 bucket = ns / histogram->bucket_ns;

  histogram->samples++;
  histogram->max_ns = MAX (histogram->max_ns, ns);
  if (histogram->min_ns == 0 || ns < histogram->min_ns)
    histogram->min_ns = ns;
  if (bucket < histogram->n_buckets)
    histogram->counts[bucket]++;
  else
    histogram->over++;
}

/* The nearest-rank percentile of the histograms merged (same bucket
 * width), at the middle of its bucket, in ms; the largest maximum when the
 * rank falls past the last bucket. */
double
bench_histogram_percentile_ms (const BenchHistogram *const *histograms,
                               guint                       n_histograms,
                               double                      fraction)
{
  guint64 total = 0, rank, seen = 0, max_ns = 0;

  for (guint h = 0; h < n_histograms; h++)
    {
      total += histograms[h]->samples;
      max_ns = MAX (max_ns, histograms[h]->max_ns);
    }
  if (total == 0)
    return 0;
  rank = (guint64) ceil (fraction * (double) total);
  if (rank == 0)
    rank = 1;
  for (guint b = 0; b < histograms[0]->n_buckets; b++)
    {
      for (guint h = 0; h < n_histograms; h++)
        seen += histograms[h]->counts[b];
      if (seen >= rank)
        return (b + 0.5) * histograms[0]->bucket_ns / 1e6;
    }
  return max_ns / 1e6;
}

/* ------------------------------------------------------------------ */
/* Options                                                              */

/* "FIRST-LAST", 0 < FIRST < LAST <= 65535. */
gboolean
bench_parse_port_range (const char *text,
                        guint      *first,
                        guint      *last)
{
  return sscanf (text, "%u-%u", first, last) == 2 &&
         *first != 0 && *last <= 65535 && *last > *first;
}

/* "127.x.x.x:PORT" with an explicit port: the benchmarks use loopback
 * only, and without a port sofia would take 5060. */
gboolean
bench_is_loopback_target (const char *ip_port)
{
  const char *colon = strrchr (ip_port, ':');
  g_autofree char *ip = colon ? g_strndup (ip_port, colon - ip_port) : NULL;
  struct in_addr host;
  guint64 port = 0;

  return ip != NULL && inet_pton (AF_INET, ip, &host) == 1 &&
         (ntohl (host.s_addr) >> 24) == 127 &&
         g_ascii_string_to_unsigned (colon + 1, 10, 1, 65535, &port, NULL);
}

/* ------------------------------------------------------------------ */
/* UDP                                                                  */

/* A non-blocking UDP socket on 127.0.0.1:port (0 = any), with kernel
 * receive timestamps; -1 on error (errno set). */
int
bench_udp_socket (guint16  port,
                  guint16 *bound_port)
{
  struct sockaddr_in where = { 0 };
  socklen_t length = sizeof where;
  int on = 1;
  int fd = socket (AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

  if (fd < 0)
    return -1;
  where.sin_family = AF_INET;
  where.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  where.sin_port = htons (port);
  if (bind (fd, (struct sockaddr *) &where, sizeof where) < 0 ||
      getsockname (fd, (struct sockaddr *) &where, &length) < 0 ||
      setsockopt (fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on) < 0)
    {
      int saved = errno;

      close (fd);
      errno = saved;
      return -1;
    }
  if (bound_port != NULL)
    *bound_port = ntohs (where.sin_port);
  return fd;
}

/* ------------------------------------------------------------------ */
/* G.711 μ-law (ITU-T G.711, after the classic Sun reference code)      */

guchar
bench_ulaw_encode (int sample)
{
  static const int segment_end[8] = { 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff, 0x1fff };
  int mask, segment;

  sample >>= 2;                 /* 14-bit */
  if (sample < 0)
    {
      sample = -sample;
      mask = 0x7f;
    }
  else
    mask = 0xff;
  sample = MIN (sample, 8159) + 33;   /* clip, add the bias */
  for (segment = 0; segment < 8; segment++)
    if (sample <= segment_end[segment])
      break;
  if (segment >= 8)
    return (guchar) (0x7f ^ mask);
  return (guchar) (((segment << 4) | ((sample >> (segment + 1)) & 0x0f)) ^ mask);
}

int
bench_ulaw_decode (guchar byte)
{
  int t;

  byte = ~byte;
  t = ((byte & 0x0f) << 3) + 0x84;
  t <<= (byte & 0x70) >> 4;
  return (byte & 0x80) ? 0x84 - t : t - 0x84;
}

/* @n_samples of an 8 kHz tone starting at phase 0, μ-law encoded.  With
 * a whole number of periods in the frame, the frame repeats seamlessly. */
void
bench_ulaw_tone_frame (guchar   *frame,
                       guint     n_samples,
                       BenchWave wave,
                       double    hz,
                       double    amplitude)
{
  for (guint s = 0; s < n_samples; s++)
    {
      double x = 2 * G_PI * hz * s / 8000.0;

      frame[s] = bench_ulaw_encode ((int) lrint (amplitude * (wave == BENCH_WAVE_SINE ? sin (x) : cos (x))));
    }
}
