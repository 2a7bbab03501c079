#!/usr/bin/env bash
# media-bench.sh - media benchmark: N concurrent calls with RTP both ways,
# sessioncore-server (one media thread for every call) against a naive
# baseline (one GStreamer pipeline per call, bench/media-naive-server.c).
#
# Usage: bench/media-bench.sh BUILD_DIR [--quick]
#
# For each N (default 100 250 500; --quick: 50) and each target, a fresh
# server is started on a free loopback port and BUILD_DIR/bench/media-load
# places N calls to it, each sending a 440 Hz tone, holds them DURATION
# seconds (default 30; --quick: 10) once all are up, reads every call's RTP
# counters and hangs up.  While the calls are held the script samples the
# TARGET: CPU (utime+stime from /proc/PID/stat, and per thread name from
# /proc/PID/task/*/stat) over the generator's measuring window, VmRSS and
# Threads from /proc/PID/status in the middle of it.  Loss comes from the
# generator: RTP the target sent that never arrived (sequence gaps) and
# the packets received in the window against 50 per second per call.
# See bench/README.md ("Media benchmark") for every column.
#
# Environment overrides:
#   SESSIONCORE=path   default BUILD_DIR/examples/sessioncore-server
#   NAIVE=path         default BUILD_DIR/bench/media-naive-server
#   LOAD=path          default BUILD_DIR/bench/media-load
#   CALLS="100 250"    concurrent calls per run (default 100 250 500; --quick: 50)
#   DURATION=30        seconds the calls are held once all are up (--quick: 10)
#   RATE=100           calls placed per second while setting up
#   TARGETS="sessioncore naive"   which targets, in this order
#   PIN=1              pin the target to CPU 0 and the generator to CPU 1
#                      (taskset; default 1 when there are >= 2 CPUs; PIN=0
#                      lets both float over every CPU)
#   RESULTS_CSV=path   default BUILD_DIR/media-bench.csv
#   KEEP_TMP=1         keep the working directory (logs, generator output)

set -u

# Shared helpers: start_server, stop_pid, free_port, cpu_ticks, status_field.
# shellcheck source=bench-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
set -o pipefail

usage () {
  echo "usage: $0 BUILD_DIR [--quick]" >&2
  exit 2
}

BUILD_DIR=
QUICK=0
while [ $# -gt 0 ]; do
  case $1 in
    --quick) QUICK=1 ;;
    -h|--help) usage ;;
    -*) echo "unknown option: $1" >&2; usage ;;
    *) [ -z "$BUILD_DIR" ] || usage; BUILD_DIR=$1 ;;
  esac
  shift
done
[ -n "$BUILD_DIR" ] || usage
[ -d "$BUILD_DIR" ] || { echo "no such build directory: $BUILD_DIR" >&2; exit 2; }
BUILD_DIR=$(cd "$BUILD_DIR" && pwd)

SESSIONCORE=${SESSIONCORE:-$BUILD_DIR/examples/sessioncore-server}
NAIVE=${NAIVE:-$BUILD_DIR/bench/media-naive-server}
LOAD=${LOAD:-$BUILD_DIR/bench/media-load}
if [ "$QUICK" = 1 ]; then
  CALLS=${CALLS:-50}
  DURATION=${DURATION:-10}
else
  CALLS=${CALLS:-100 250 500}
  DURATION=${DURATION:-30}
fi
RATE=${RATE:-100}
TARGETS=${TARGETS:-sessioncore naive}
RESULTS_CSV=${RESULTS_CSV:-$BUILD_DIR/media-bench.csv}
NCPU=$(nproc)
if [ "$NCPU" -ge 2 ]; then PIN=${PIN:-1}; else PIN=0; fi
ADDRESS=127.0.0.1
WARMUP=2                 # s between "all calls up" and the measuring window
STARTUP_TIMEOUT=10       # s to wait for "listening on"
STOP_TIMEOUT=20          # s to wait for a clean exit after SIGTERM
LOSS_LIMIT=0.1           # % (the issue's target)
MAX_CALLS=0
for n in $CALLS; do [ "$n" -gt "$MAX_CALLS" ] && MAX_CALLS=$n; done

for tool in timeout awk /usr/bin/python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "missing tool: $tool" >&2; exit 2; }
done
if [ "$PIN" = 1 ]; then
  command -v taskset >/dev/null 2>&1 || { echo "missing tool: taskset (or set PIN=0)" >&2; exit 2; }
fi
[ -x "$LOAD" ] || { echo "load generator not built: $LOAD" >&2; exit 2; }
for t in $TARGETS; do
  case $t in
    sessioncore) [ -x "$SESSIONCORE" ] || { echo "not built: $SESSIONCORE" >&2; exit 2; } ;;
    naive) [ -x "$NAIVE" ] || { echo "not built: $NAIVE" >&2; exit 2; } ;;
    *) echo "unknown target: $t" >&2; exit 2 ;;
  esac
done

# Each call holds 2 sockets on each side (RTP + RTCP), the naive baseline a
# few more descriptors per pipeline: lift the soft limit (the programs also
# raise their own soft limit to the hard one).
ulimit -n "$(ulimit -Hn)" 2>/dev/null
NOFILE=$(ulimit -n)
if [ "$NOFILE" != unlimited ] && [ "$NOFILE" -lt $((MAX_CALLS * 6 + 256)) ]; then
  echo "warning: ulimit -n is $NOFILE; $MAX_CALLS calls may need $((MAX_CALLS * 6 + 256))" >&2
fi

CLK_TCK=$(getconf CLK_TCK)
WORK=$(mktemp -d /tmp/media-bench.XXXXXX)
SERVER_PID=
LOAD_PID=

# ---------------------------------------------------------------- cleanup


cleanup () {
  trap - EXIT INT TERM
  if [ -n "$LOAD_PID" ]; then
    kill -TERM "$LOAD_PID" 2>/dev/null
    sleep 1
    kill -KILL "$LOAD_PID" 2>/dev/null
    wait "$LOAD_PID" 2>/dev/null
  fi
  [ -n "$SERVER_PID" ] && stop_pid "$SERVER_PID"
  if [ "${KEEP_TMP:-0}" = 1 ]; then
    echo "temporary files kept in $WORK" >&2
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

# ---------------------------------------------------------------- helpers



# "name ticks" per thread name (threads of the same name summed), from
# /proc/PID/task/*/stat.  GStreamer names its threads after elements.
thread_ticks () {
  cat /proc/"$1"/task/*/stat 2>/dev/null | awk '{
      l = index($0, "("); r = 0
      for (i = length($0); i > 0; i--) if (substr($0, i, 1) == ")") { r = i; break }
      name = substr($0, l + 1, r - l - 1); gsub(/[ \t]/, "_", name)
            # "udpsrc12:src", "audiotestsrc3:src" (truncated to 15 characters
      # by the kernel): group by element type.
      gsub(/[0-9]+/, "", name); sub(/:.*/, "", name)
      split(substr($0, r + 2), f, " ")
      t[name] += f[12] + f[13]; c[name]++
    }
    END { for (n in t) print n, t[n], c[n] }'
}

udp_counter () {  # udp_counter NAME: a counter of the Udp: lines of /proc/net/snmp
  awk -v want="$1" '$1 == "Udp:" { if (!h) { for (i = 2; i <= NF; i++) if ($i == want) c = i; h = 1 }
                      else { print $c; exit } }' /proc/net/snmp 2>/dev/null
}

# utime+stime of every process except the ones given, as "pid ticks" lines
# (precise per process, unlike /proc/stat, whose tick sampling aliases with
# a 50 Hz media tick).  Processes that start and end between two samples
# are missed.
other_ticks () {
  local skip=" $* " f line pid
  for f in /proc/[0-9]*/stat; do
    read -r line <"$f" 2>/dev/null || continue
    pid=${line%% *}
    case $skip in *" $pid "*) continue ;; esac
    line=${line##*) }
    set -- $line
    echo "$pid $(( ${12} + ${13} ))"
  done
}

# Receive-queue drops (ss skmem "d") summed over the UDP sockets of PID:
# datagrams that arrived while the socket buffer was full.
sock_drops () {
  ss -uanmp 2>/dev/null | awk -v pid="pid=$1," '
    /users:/ { mine = index($0, pid) > 0; next }
    mine && /skmem:/ { if (match($0, /,d[0-9]+\)/)) s += substr($0, RSTART + 2, RLENGTH - 3); mine = 0 }
    END { print s + 0 }'
}




kv () {  # kv KEY LINE -> value of KEY=value in LINE
  awk -v k="$1" '{ for (i = 1; i <= NF; i++) { split($i, p, "="); if (p[1] == k) { print p[2]; exit } } }' <<<"$2"
}

# ---------------------------------------------------------------- one run

# run_one LABEL N CMD... : appends one row (tab separated) to $ROWS.
# Fields: the header of RESULTS_CSV (see the report section below).
run_one () {
  local label=$1 n=$2
  shift 2
  local dir="$WORK/$label-$n" out rc status=OK i line
  local threads_idle rss_idle t0= t1= ticks0= ticks1= gticks0= gticks1= rss=NA hwm=NA threads=NA
  local cs0= cs1= csw=NA
  local mid_done=0 mid_at window result cpu=NA gcpu=NA
  local drops0 drops1 drops=NA wdrops0= wdrops1= wdrops=NA gen_pid=
  local other=NA sdrops0= sdrops1= gdrops0= gdrops1= sdrops=NA gdrops=NA
  local load_timeout=$((DURATION + MAX_CALLS / RATE + 120))
  local -a pin_server=() pin_load=()

  if [ "$PIN" = 1 ]; then
    pin_server=(taskset -c 0)
    pin_load=(taskset -c 1)
  fi

  if ! start_server "$label" "$dir" "${pin_server[@]}" "$@"; then
    printf '%s\t%s\tNOSTART\n' "$n" "$label" >>"$ROWS"
    return 1
  fi
  sleep 0.5
  threads_idle=$(status_field "$SERVER_PID" Threads)
  rss_idle=$(status_field "$SERVER_PID" VmRSS)
  drops0=$(udp_counter RcvbufErrors)

  out="$dir/load.out"
  local -a load_cmd=("${pin_load[@]}" timeout -k 5 "$load_timeout"
    "$LOAD" --target "$ADDRESS:$SERVER_PORT" --calls "$n" --duration "$DURATION"
    --rate "$RATE" --warmup "$WARMUP" --tone 440)
  echo "${load_cmd[*]}" >"$dir/load.cmd"
  SU_DEBUG=0 "${load_cmd[@]}" >"$out" 2>"$dir/load.err" </dev/null &
  LOAD_PID=$!

  # Follow the generator's timeline (see media-load.c).
  while kill -0 "$LOAD_PID" 2>/dev/null; do
    if [ -z "$gen_pid" ]; then
      # LOAD_PID is timeout(1) (taskset execs it); the generator is its child.
      gen_pid=$(cat "/proc/$LOAD_PID/task/$LOAD_PID/children" 2>/dev/null | awk '{ print $1 }')
    fi
    if [ -z "$t0" ] && grep -q '^WINDOW_START' "$out"; then
      other_ticks "$SERVER_PID" "${gen_pid:-0}" $$ >"$dir/others0"; t0=$EPOCHREALTIME; ticks0=$(cpu_ticks "$SERVER_PID"); gticks0=$(cpu_ticks "${gen_pid:-0}")
      cs0=$(ctx_switches "$SERVER_PID")
      wdrops0=$(udp_counter RcvbufErrors)
      sdrops0=$(sock_drops "$SERVER_PID"); gdrops0=$(sock_drops "${gen_pid:-0}")
      thread_ticks "$SERVER_PID" >"$dir/threads0"
      window=$((DURATION - WARMUP - 1))
      mid_at=$(( ${t0/./} + window * 500000 ))   # microseconds
    fi
    if [ -n "$t0" ] && [ "$mid_done" = 0 ] && [ "${EPOCHREALTIME/./}" -ge "$mid_at" ]; then
      rss=$(status_field "$SERVER_PID" VmRSS)
      hwm=$(status_field "$SERVER_PID" VmHWM)
      threads=$(status_field "$SERVER_PID" Threads)
      mid_done=1
    fi
    if [ -n "$t0" ] && [ -z "$t1" ] && grep -q '^WINDOW_END' "$out"; then
      other_ticks "$SERVER_PID" "${gen_pid:-0}" $$ >"$dir/others1"; t1=$EPOCHREALTIME; ticks1=$(cpu_ticks "$SERVER_PID"); gticks1=$(cpu_ticks "${gen_pid:-0}")
      cs1=$(ctx_switches "$SERVER_PID")
      wdrops1=$(udp_counter RcvbufErrors)
      sdrops1=$(sock_drops "$SERVER_PID"); gdrops1=$(sock_drops "${gen_pid:-0}")
      thread_ticks "$SERVER_PID" >"$dir/threads1"
    fi
    sleep 0.1
  done
  wait "$LOAD_PID"
  rc=$?
  LOAD_PID=
  drops1=$(udp_counter RcvbufErrors)
  [ -n "$drops0" ] && [ -n "$drops1" ] && drops=$((drops1 - drops0))
  csw=$(ctxsw_rate "$cs0" "$cs1" "$t0" "$t1")
  [ -n "$wdrops0" ] && [ -n "$wdrops1" ] && wdrops=$((wdrops1 - wdrops0))
  [ -n "$sdrops0" ] && [ -n "$sdrops1" ] && sdrops=$((sdrops1 - sdrops0))
  [ -n "$gdrops0" ] && [ -n "$gdrops1" ] && gdrops=$((gdrops1 - gdrops0))

  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    status=CRASH
    wait "$SERVER_PID" 2>/dev/null
    sed 's/^/    server: /' "$dir/server.err" | tail -5 >&2
  else
    stop_pid "$SERVER_PID"
    local src=$?
    [ "$src" -ne 0 ] && echo "  note: $label exited with status $src after SIGTERM" >&2
  fi
  SERVER_PID=

  result=$(grep -m1 '^RESULT' "$out")
  if [ -n "$t0" ] && [ -n "$t1" ] && [ -n "$ticks0" ] && [ -n "$ticks1" ]; then
    cpu=$(awk -v a="$ticks0" -v b="$ticks1" -v hz="$CLK_TCK" -v t0="$t0" -v t1="$t1" \
      'BEGIN { printf "%.1f", (b - a) * 100 / hz / (t1 - t0) }')
    [ -n "$gticks0" ] && [ -n "$gticks1" ] && gcpu=$(awk -v a="$gticks0" -v b="$gticks1" \
      -v hz="$CLK_TCK" -v t0="$t0" -v t1="$t1" 'BEGIN { printf "%.1f", (b - a) * 100 / hz / (t1 - t0) }')
    # What every other process did meanwhile (another job on the machine
    # would show here), in % of one core.
    other=$(awk -v hz="$CLK_TCK" -v t0="$t0" -v t1="$t1" '
      FNR == NR { a[$1] = $2; next }
      ($1 in a) { s += $2 - a[$1] }
      END { printf "%.1f", s * 100 / hz / (t1 - t0) }' "$dir/others0" "$dir/others1")
    # Per thread name: CPU % over the window, threads of that name.
    awk -v hz="$CLK_TCK" -v w="$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" '
      FNR == NR { a[$1] = $2; next }
      { d = $2 - a[$1]; printf "%s %.1f %d\n", $1, d * 100 / hz / w, $3 }' \
      "$dir/threads0" "$dir/threads1" | sort -k2,2nr >"$dir/threads.cpu"
  fi

  local loss rate rx lost tx javg jmax setup est srv_rx=NA
  if [ -n "$result" ]; then
    loss=$(kv loss_pct "$result"); rate=$(kv rate_pct "$result")
    rx=$(kv rx_packets "$result"); lost=$(kv rx_lost "$result"); tx=$(kv tx_packets "$result")
    javg=$(kv jitter_avg_ms "$result"); jmax=$(kv jitter_max_ms "$result")
    est=$(kv established "$result")
  else
    loss=NA rate=NA rx=NA lost=NA tx=NA javg=NA jmax=NA est=0
  fi
  setup=$(kv setup_s "$(grep -m1 '^ESTABLISHED' "$out")")
  [ -n "$setup" ] || setup=NA
  line=$(grep -m1 '^media:' "$dir/server.out")
  [ -n "$line" ] && srv_rx=$(kv rx_packets "$line")

  # The first problem found, in this order (see bench/README.md).
  if [ "$status" != CRASH ]; then
    if [ -z "$result" ]; then
      status=NORESULT
    elif [ "$est" -lt "$n" ]; then
      status=SETUP
    elif [ "$(kv dropped "$result")" != 0 ] || [ "$(kv silent_calls "$result")" != 0 ]; then
      status=DROPPED
    elif awk -v l="$loss" -v lim="$LOSS_LIMIT" 'BEGIN { exit !(l >= lim) }'; then
      status=LOSS
    elif awk -v r="$rate" -v lim="$LOSS_LIMIT" 'BEGIN { exit !(r < 100 - lim) }'; then
      status=SLOW
    elif [ "$rc" -ne 0 ]; then
      status=FAILED
    fi
  fi
  [ "$rc" -ne 0 ] && sed 's/^/    load: /' "$dir/load.err" | tail -5 >&2

  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "$n" "$label" "$status" "$cpu" \
    "$(awk -v k="$rss" 'BEGIN { if (k == "NA") print "NA"; else printf "%.1f", k / 1024 }')" \
    "$threads_idle" "$threads" "$loss" "$rate" "$rx" "$lost" "$tx" "$javg" "$jmax" \
    "$gcpu" "$drops" "$setup" "$est" "$srv_rx" \
    "$(awk -v k="$rss_idle" 'BEGIN { printf "%.1f", k / 1024 }')" \
    "$(awk -v k="$hwm" 'BEGIN { if (k == "NA") print "NA"; else printf "%.1f", k / 1024 }')" \
    "$wdrops" "$sdrops" "$gdrops" "$other" "$csw" >>"$ROWS"

  if [ -s "$dir/threads.cpu" ]; then
    echo "  $label, $n calls: CPU by thread name (% of one core, threads): $(head -4 "$dir/threads.cpu" | awk '{ printf "%s%s %s%% x%s", (NR > 1 ? ", " : ""), $1, $2, $3 }')" >&2
  fi
  [ "$status" != CRASH ]
}

# ---------------------------------------------------------------- main

declare -A TARGET_CMD=()
TARGET_CMD[sessioncore]="$SESSIONCORE --address $ADDRESS --port PORT --quiet --max-sessions MAXS"
TARGET_CMD[naive]="$NAIVE --address $ADDRESS --port PORT --quiet --max-sessions MAXS"

ROWS="$WORK/rows.tsv"
: >"$ROWS"
echo "media benchmark: $(date -u '+%Y-%m-%d %H:%M UTC'), $NCPU CPU(s), $(uname -r)"
echo "calls: $CALLS; $DURATION s held once all are up, placed at $RATE calls/s; 440 Hz tone from the generator, silence from the target"
if [ "$PIN" = 1 ]; then
  # This script (its polling and sampling) stays off the target's CPU too.
  taskset -p -c 1 $$ >/dev/null
  echo "target pinned to CPU 0; generator and this script to CPU 1 (taskset; PIN=0 to let them float)"
else
  echo "no CPU pinning"
fi
echo

for n in $CALLS; do
  maxs=$((n + 100)); [ "$maxs" -lt 1000 ] && maxs=1000
  for label in $TARGETS; do
    port=$(free_port) || { echo "no free port" >&2; exit 1; }
    cmd=${TARGET_CMD[$label]/PORT/$port}
    # shellcheck disable=SC2206
    cmd=(${cmd/MAXS/$maxs})
    printf '%-12s %4s calls ... ' "$label" "$n" >&2
    run_one "$label" "$n" "${cmd[@]}"
    awk -F'\t' '{ printf "%s: cpu %s%%, %s threads, loss %s%%, rx rate %s%%, %s context switches/s\n", $3, $4, $7, $8, $9, $26 }' <<<"$(tail -n 1 "$ROWS")" >&2
  done
done

# ---------------------------------------------------------------- report

{
  echo "calls,target,status,cpu_pct,rss_mb,threads_idle,threads,loss_pct,rx_rate_pct,rx_packets,rx_lost,tx_packets,jitter_avg_ms,jitter_max_ms,gen_cpu_pct,udp_drops,setup_s,established,server_rx_packets,rss_idle_mb,rss_hwm_mb,udp_drops_window,target_sock_drops,gen_sock_drops,other_cpu_pct,ctx_switches_per_s"
  tr '\t' ',' <"$ROWS"
} >"$RESULTS_CSV"

echo
awk -F'\t' '
  BEGIN {
    fmt = "%5s %-11s %-8s %5s %6s %7s %9s %8s %8s %9s %6s %7s %6s %6s %9s %5s\n"
    printf fmt, "calls", "target", "status", "up", "cpu %", "RSS MB", "threads", "loss %", "rx rate", "packets", "lost", "jitter", "gen", "other", "drops", "setup"
    printf fmt, "", "", "", "", "1 core", "", "idle>busy", "", "%", "received", "", "ms", "cpu %", "cpu %", "tgt/gen", "s"
  }
  NF < 5 { printf fmt, $1, $2, $3, "", "", "", "", "", "", "", "", "", "", "", "", ""; next }
  { printf fmt, $1, $2, $3, $18, $4, $5, $6 ">" $7, $8, $9, $10, $11, $13, $15, $25, $23 "/" $24, $17 }
' "$ROWS"
echo

# Summary: sessioncore against the issue target, and the ratios.
awk -F'\t' -v lim="$LOSS_LIMIT" '
  NF >= 5 {
    n = $1 + 0; t = $2; ok = ($3 == "OK")
    key = t SUBSEP n
    cpu[key] = $4; rss[key] = $5; thr[key] = $7; thridle[key] = $6; st[key] = $3
    loss[key] = $8; rate[key] = $9
    if (!(t in seen)) { seen[t] = 1; order[++nt] = t }
    if (!(n in seenn)) { seenn[n] = 1; ns[++nn] = n }
    if (ok && n > best[t]) best[t] = n
    if (!ok) bad[t] = 1
  }
  END {
    for (i = 1; i <= nt; i++) {
      t = order[i]
      line = ""
      for (j = 1; j <= nn; j++) {
        k = t SUBSEP ns[j]
        if (k in st) line = line sprintf("%s%d: %s, cpu %s%%, %s threads, loss %s%%", (line == "" ? "" : "; "), ns[j], st[k], cpu[k], thr[k], loss[k])
      }
      printf "RESULT %s: largest N with loss < %s%% and full packet rate = %s (%s)\n", t,
        lim, (best[t] > 0 ? best[t] : "none"), line
    }
    if (("sessioncore" in seen)) {
      t = "sessioncore"; tmin = ""; tmax = ""
      for (j = 1; j <= nn; j++) {
        k = t SUBSEP ns[j]
        if (!(k in thr) || thr[k] == "NA") continue
        if (tmin == "" || thr[k] + 0 < tmin) tmin = thr[k] + 0
        if (tmax == "" || thr[k] + 0 > tmax) tmax = thr[k] + 0
      }
      target_n = 500
      k = t SUBSEP target_n
      printf "RESULT target (500 calls, loss < %s%%, threads independent of N): %s", lim,
        ((k in st) ? ((st[k] == "OK" && tmin == tmax) ? "MET" : "NOT MET") : "not measured (500 calls not run)")
      printf " (sessioncore threads %s..%s over N)\n", tmin, tmax
    }
    if (("sessioncore" in seen) && ("naive" in seen)) {
      printf "RESULT sessioncore/naive:"
      for (j = 1; j <= nn; j++) {
        a = "sessioncore" SUBSEP ns[j]; b = "naive" SUBSEP ns[j]
        if (!(a in cpu) || !(b in cpu)) continue
        if (cpu[b] + 0 > 0 && cpu[a] != "NA")
          printf " N=%d cpu %.2fx", ns[j], cpu[a] / cpu[b]
        if (rss[b] + 0 > 0 && rss[a] != "NA")
          printf " RSS %.2fx", rss[a] / rss[b]
        printf " threads %s vs %s;", thr[a], thr[b]
      }
      printf "\n"
    }
  }
' "$ROWS"
echo "per-run results: $RESULTS_CSV"
