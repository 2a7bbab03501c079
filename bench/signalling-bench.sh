#!/usr/bin/env bash
# signalling-bench.sh - SIP signalling benchmark: sessioncore vs a bare
# sofia-sip nua responder (the baseline).
#
# Usage: bench/signalling-bench.sh BUILD_DIR [--quick]
#
# For each target (the baseline BUILD_DIR/bench/sofia-responder, then
# BUILD_DIR/examples/sessioncore-server --no-media if it exists) and each
# call rate, a fresh server is started on a free loopback port and SIPp's
# built-in "uac" scenario (INVITE / 100 / 200 / ACK / BYE / 200, no media)
# drives RATE*DURATION calls at RATE calls/s.  Per run we record SIPp's
# successful/failed calls, achieved rate and mean INVITE->200 time, and the
# server's CPU time (/proc/PID/stat utime+stime before/after), VmRSS and
# thread count (/proc/PID/status) right after SIPp has finished.
# See bench/README.md for the meaning of each column.
#
# Environment overrides:
#   BASELINE=path      baseline responder   (default BUILD_DIR/bench/sofia-responder)
#   SESSIONCORE=path   sessioncore server   (default BUILD_DIR/examples/sessioncore-server)
#   SESSIONCORE_BEFORE=path  another sessioncore server measured in the same
#                      run under the label "before" (e.g. built from the
#                      previous commit), to compare two versions side by side
#   RATES="500 1000"   call rates to try    (default 500 1000 1500 2000 2500 3000
#                      4000 5000 6000 8000 10000; --quick: 500 1000); a target stops
#                      after two unclean rates in a row
#   DURATION=5         seconds of calls per rate (default 5, --quick: 2)
#   RESULTS_CSV=path   where to write the per-run results (default BUILD_DIR/signalling-bench.csv)
#   KEEP_TMP=1         keep the temporary directory (SIPp stats, server logs)

set -u

# Shared helpers: start_server, stop_pid, free_port, cpu_ticks, status_field.
# shellcheck source=bench-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
set -o pipefail

usage () {
  echo "usage: $0 BUILD_DIR [--quick]" >&2
  exit 2
}

[ $# -ge 1 ] || usage
BUILD_DIR=$1
shift
QUICK=0
while [ $# -gt 0 ]; do
  case $1 in
    --quick) QUICK=1 ;;
    -h|--help) usage ;;
    *) echo "unknown option: $1" >&2; usage ;;
  esac
  shift
done

[ -d "$BUILD_DIR" ] || { echo "no such build directory: $BUILD_DIR" >&2; exit 2; }
BUILD_DIR=$(cd "$BUILD_DIR" && pwd)

BASELINE=${BASELINE:-$BUILD_DIR/bench/sofia-responder}
SESSIONCORE=${SESSIONCORE:-$BUILD_DIR/examples/sessioncore-server}
if [ "$QUICK" = 1 ]; then
  RATES=${RATES:-500 1000}
  DURATION=${DURATION:-2}
else
  RATES=${RATES:-500 1000 1500 2000 2500 3000 4000 5000 6000 8000 10000}
  DURATION=${DURATION:-5}
fi
RESULTS_CSV=${RESULTS_CSV:-$BUILD_DIR/signalling-bench.csv}
ADDRESS=127.0.0.1
SIPP_TIMEOUT=30          # SIPp's own global timeout (s), with -timeout_error
SIPP_MAX_CALLS=100000    # -l: never throttle on open calls
STARTUP_TIMEOUT=10       # s to wait for "listening on"
STOP_TIMEOUT=10          # s to wait for a clean exit after SIGTERM

for tool in sipp timeout /usr/bin/python3 awk; do
  command -v "$tool" >/dev/null 2>&1 || { echo "missing tool: $tool" >&2; exit 2; }
done
[ -x "$BASELINE" ] || { echo "baseline not built: $BASELINE" >&2; exit 2; }

CLK_TCK=$(getconf CLK_TCK)
NCPU=$(nproc)
WORK=$(mktemp -d /tmp/signalling-bench.XXXXXX)
SERVER_PID=
SIPP_PID=

# ---------------------------------------------------------------- cleanup


cleanup () {
  trap - EXIT INT TERM
  [ -n "$SIPP_PID" ] && kill -TERM "$SIPP_PID" 2>/dev/null
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



udp_rcvbuf_errors () {  # RcvbufErrors of this network namespace (/proc/net/snmp)
  awk '$1 == "Udp:" { if (!h) { for (i = 2; i <= NF; i++) if ($i == "RcvbufErrors") c = i; h = 1 }
                      else { print $c; exit } }' /proc/net/snmp 2>/dev/null
}



# Read named columns from a SIPp -trace_stat file (written every second).
# Prints: created ok failed rate retrans rtd_ms
#   rate: SIPp's cumulative call rate at the first line where all calls had
#   been created, i.e. the rate SIPp really offered (the last line also counts
#   the tail spent waiting for the last calls, e.g. 500 ms retransmissions);
#   rtd_ms: mean INVITE -> 200 time of the whole run (SIPp's resolution: 1 ms).
sipp_stats () {
  awk -F';' '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    { line[++n] = $0 }
    END {
      if (n == 0) exit 1
      split(line[n], f, ";")
      created = f[col["OutgoingCall(C)"]]
      rate = f[col["CallRate(C)"]]
      for (i = 1; i <= n; i++) {
        split(line[i], g, ";")
        if (g[col["OutgoingCall(C)"]] == created) { rate = g[col["CallRate(C)"]]; break }
      }
      split(f[col["ResponseTime1(C)"]], t, ":")     # hh:mm:ss:usec
      rtd_ms = (t[1] * 3600 + t[2] * 60 + t[3]) * 1000 + t[4] / 1000
      printf "%d %d %d %.1f %d %.2f\n", created, f[col["SuccessfulCall(C)"]],
        f[col["FailedCall(C)"]], rate, f[col["Retransmissions(C)"]], rtd_ms
    }' "$1"
}

# ---------------------------------------------------------------- one run

# run_rate LABEL RATE CMD... : appends one result row (tab separated) to $ROWS.
# Runs in the main shell (not in $(...)) so that the EXIT trap knows the pids.
# Fields: target rate calls ok failed status achieved cpu_ms_call cpu_pct
#         rss_kb rss_kb_call threads rtd_ms retrans udp_drops sipp_cpu_pct
run_rate () {
  local label=$1 rate=$2
  shift 2
  local dir="$WORK/$label-$rate" calls=$((rate * DURATION))
  local sipp_port t0 t1 ticks0 ticks1 rss0 rss1 threads rc status
  local created=0 ok=0 failed=0 achieved=0 retrans=0 rtd=0 stats
  local cpu_ms cpu_call cpu_pct rss_call sipp_cpu=NA wall drops0 drops1 drops=NA

  if ! start_server "$label" "$dir" "$@"; then
    printf '%s\t%s\t%s\t0\tNA\tNOSTART\t0\tNA\tNA\tNA\tNA\tNA\tNA\tNA\tNA\tNA\n' "$label" "$rate" "$calls" >>"$ROWS"
    return 1
  fi
  sipp_port=$(free_port "$SERVER_PORT") || { echo "no free port" >&2; return 1; }

  drops0=$(udp_rcvbuf_errors)
  rss0=$(status_field "$SERVER_PID" VmRSS)
  ticks0=$(cpu_ticks "$SERVER_PID")
  t0=$(date +%s.%N)

  local -a sipp_cmd=(timeout -k 5 $((SIPP_TIMEOUT + 15))
    sipp -sn uac "$ADDRESS:$SERVER_PORT"
    -i "$ADDRESS" -p "$sipp_port" -t u1
    -r "$rate" -rp 1000 -m "$calls" -l "$SIPP_MAX_CALLS"
    -timeout "$SIPP_TIMEOUT" -timeout_error
    -nostdin -trace_stat -stf "$dir/stat.csv" -fd 1)
  echo "${sipp_cmd[*]}" >"$dir/sipp.cmd"
  # CPU of reaped children (i.e. SIPp) before/after, from the shell's
  # own "times" (run in this shell: a $(...) subshell would report zeros).
  times >"$dir/times0"
  # timeout forwards SIGTERM to SIPp: SIPP_PID is what cleanup kills.
  (cd "$dir" && exec "${sipp_cmd[@]}" >"$dir/sipp.out" 2>"$dir/sipp.err" </dev/null) &
  SIPP_PID=$!
  wait "$SIPP_PID"
  rc=$?
  SIPP_PID=
  times >"$dir/times1"
  drops1=$(udp_rcvbuf_errors)
  [ -n "$drops0" ] && [ -n "$drops1" ] && drops=$((drops1 - drops0))

  t1=$(date +%s.%N)
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    ticks1=$(cpu_ticks "$SERVER_PID")
    rss1=$(status_field "$SERVER_PID" VmRSS)
    threads=$(status_field "$SERVER_PID" Threads)
  else
    ticks1=; rss1=; threads=
  fi

  case $rc in
    0) status=OK ;;
    1) status=FAILED ;;
    255) status=FATAL ;;
    124|137) status=TIMEOUT ;;
    *) status="RC$rc" ;;
  esac

  if stats=$(sipp_stats "$dir/stat.csv" 2>/dev/null); then
    read -r created ok failed achieved retrans rtd <<<"$stats"
  fi
  # Calls SIPp never got to (fatal stop) count as failed too.
  if [ "$status" != OK ] && [ $((ok + failed)) -lt "$calls" ]; then
    failed=$((calls - ok))
  fi
  if [ "$status" = OK ] && [ "$ok" -ne "$calls" ]; then
    status=SHORT
    failed=$((calls - ok))
  fi
  # 0 failed calls but SIPp could not offer the rate (< 95 %): not a clean run.
  if [ "$status" = OK ] && awk -v a="$achieved" -v r="$rate" 'BEGIN { exit !(a < 0.95 * r) }'; then
    status=SLOW
  fi

  if [ -z "$ticks1" ]; then
    status=CRASH
    cpu_call=NA; cpu_pct=NA; rss1=NA; rss_call=NA; threads=NA
    sed 's/^/    server: /' "$dir/server.err" | tail -5 >&2
  else
    read -r cpu_ms cpu_call cpu_pct rss_call wall < <(awk \
      -v a="$ticks0" -v b="$ticks1" -v hz="$CLK_TCK" -v n="$created" \
      -v r0="$rss0" -v r1="$rss1" -v t0="$t0" -v t1="$t1" 'BEGIN {
        ms = (b - a) * 1000 / hz; w = t1 - t0
        printf "%d %s %.0f %s %.2f\n", ms,
          (n > 0 ? sprintf("%.3f", ms / n) : "NA"),
          (w > 0 ? ms / 10 / w : 0),
          (n > 0 ? sprintf("%.1f", (r1 - r0) / n) : "NA"), w }')
  fi
  sipp_cpu=$(awk -v t0="$t0" -v t1="$t1" '
    function sec(s,   m) {            # "1m2.345s" -> 62.345
      m = s; sub(/m.*/, "", m); sub(/^[0-9]+m/, "", s); sub(/s$/, "", s)
      return m * 60 + s
    }
    FNR == 2 { c[FILENAME == ARGV[1] ? 0 : 1] = sec($1) + sec($2) }
    END { w = t1 - t0; if (w > 0) printf "%.0f", (c[1] - c[0]) * 100 / w }
    ' "$dir/times0" "$dir/times1")
  [ -n "$sipp_cpu" ] || sipp_cpu=NA

  # Stop the server; a crash or hang on shutdown is worth knowing about.
  if [ "$status" != CRASH ]; then
    stop_pid "$SERVER_PID"
    local src=$?
    if [ "$src" -ne 0 ]; then
      echo "  note: $label exited with status $src after SIGTERM" >&2
    fi
  else
    wait "$SERVER_PID" 2>/dev/null
  fi
  SERVER_PID=

  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "$label" "$rate" "$calls" "$ok" "$failed" "$status" "$achieved" \
    "$cpu_call" "$cpu_pct" "$rss1" "$rss_call" "$threads" "$rtd" "$retrans" \
    "$drops" "$sipp_cpu" >>"$ROWS"
  [ "$status" != CRASH ]
}

# ---------------------------------------------------------------- main

declare -a TARGET_LABELS=()
declare -A TARGET_CMD=()
TARGET_LABELS+=(baseline)
TARGET_CMD[baseline]="$BASELINE --address $ADDRESS --port PORT"
if [ -x "$SESSIONCORE" ]; then
  TARGET_LABELS+=(sessioncore)
  # No session limit: the baseline has none, and at high rates calls slowed
  # by overload pile up past the default 1000 and would get 503.
  TARGET_CMD[sessioncore]="$SESSIONCORE --address $ADDRESS --port PORT --no-media --quiet --max-sessions 100000"
else
  echo "note: $SESSIONCORE not found: measuring the baseline only" >&2
fi
# A second sessioncore build to compare against in the same run (e.g. the
# previous commit's), as the label "before".
if [ -n "${SESSIONCORE_BEFORE:-}" ]; then
  [ -x "$SESSIONCORE_BEFORE" ] || { echo "not executable: $SESSIONCORE_BEFORE" >&2; exit 2; }
  TARGET_LABELS+=(before)
  TARGET_CMD[before]="$SESSIONCORE_BEFORE --address $ADDRESS --port PORT --no-media --quiet --max-sessions 100000"
fi

ROWS="$WORK/rows.tsv"
: >"$ROWS"
echo "signalling benchmark: $(date -u '+%Y-%m-%d %H:%M UTC'), $NCPU CPU(s), $(sipp -v 2>&1 | grep -o 'SIPp v[0-9.]*' | head -1)"
echo "rates: $RATES calls/s, $DURATION s of calls per rate, fresh server per rate"
echo

for label in "${TARGET_LABELS[@]}"; do
  unclean=0
  for rate in $RATES; do
    port=$(free_port) || { echo "no free port" >&2; exit 1; }
    # shellcheck disable=SC2206
    cmd=(${TARGET_CMD[$label]/PORT/$port})
    printf '%-12s %5s calls/s ... ' "$label" "$rate" >&2
    run_rate "$label" "$rate" "${cmd[@]}"
    alive=$?
    row=$(tail -n 1 "$ROWS")
    awk -F'\t' '{ printf "%s: %s ok, %s failed, %s cps, %s retransmissions\n", $6, $4, $5, $7, $14 }' <<<"$row" >&2
    [ "$alive" -eq 0 ] || { echo "  $label crashed or did not start; skipping its higher rates" >&2; break; }
    if awk -F'\t' '{ exit !($6 == "OK" && $5 == 0) }' <<<"$row"; then
      unclean=0
    else
      unclean=$((unclean + 1))
      [ "$unclean" -ge 2 ] && { echo "  two unclean rates in a row: skipping $label's higher rates" >&2; break; }
    fi
  done
done

# ---------------------------------------------------------------- report

{
  echo "target,rate,calls,ok,failed,status,achieved_cps,cpu_ms_per_call,cpu_pct,rss_kb,rss_kb_per_call,threads,rtd_ms,retrans,udp_drops,sipp_cpu_pct"
  tr '\t' ',' <"$ROWS"
} >"$RESULTS_CSV"

echo
awk -F'\t' '
  BEGIN {
    fmt = "%-11s %5s %6s %6s %6s %-7s %8s %7s %4s %7s %7s %3s %8s %7s %6s %4s\n"
    printf fmt, "target", "rate", "calls", "ok", "failed", "status", "achieved",
      "cpu", "cpu", "RSS", "RSS KB/", "thr", "INV->200", "retrans", "UDP", "sipp"
    printf fmt, "", "cps", "", "", "", "", "cps", "ms/call", "%", "KB", "call*", "", "ms", "", "drops", "cpu%"
  }
  { printf fmt, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16 }
' "$ROWS"
echo "(* RSS growth during the run divided by the calls of the run; with runs of"
echo "   <= 5 s no call's state has been freed yet when RSS is read)"
echo

# Summary.  A rate is clean when SIPp exited 0 (status OK: every call
# completed, achieved rate >= 95 % of the target) with 0 failed calls.
# The result is the highest rate reached while climbing before the first
# unclean one: past the knee, UDP losses and retransmission storms make runs
# bimodal (a higher rate may pass by luck after a lower one collapsed).
awk -F'\t' '
  {
    t = $1; r = $2 + 0
    if (!(t in seen)) { seen[t] = 1; order[++nt] = t }
    if (r > maxrate[t]) maxrate[t] = r
    clean = ($6 == "OK" && $5 == 0)
    if (clean) {
      ok[t, r] = 1; cpu[t, r] = $8; rss[t, r] = $10; rssc[t, r] = $11; thr[t, r] = $12; rtx[t, r] = $14
    }
    if (!clean) broken[t] = 1
    if (!clean || $14 != 0) brokennr[t] = 1
    if (!broken[t] && r > best[t]) best[t] = r
    if (!brokennr[t] && r > bestnr[t]) bestnr[t] = r
  }
  END {
    for (i = 1; i <= nt; i++) {
      t = order[i]
      if (best[t] > 0) {
        b = best[t]
        printf "RESULT %s: highest rate with 0 failed calls = %d calls/s%s (cpu %s ms/call, RSS %s KB, %s KB/call in linger, %s threads, %s retransmissions); highest with 0 retransmissions too = %d calls/s\n",
          t, b, (b == maxrate[t] ? " (the highest rate tried: limit not reached)" : ""),
          cpu[t, b], rss[t, b], rssc[t, b], thr[t, b], rtx[t, b], bestnr[t]
      } else
        printf "RESULT %s: no rate completed without failed calls\n", t
    }
    if (!("sessioncore" in seen)) {
      print "RESULT sessioncore/baseline: n/a (sessioncore-server not built)"
      exit
    }
    b = best["baseline"] + 0; s = best["sessioncore"] + 0
    if (b > 0)
      printf "RESULT sessioncore/baseline: rate ratio %.2f (%d / %d calls/s)", s / b, s, b
    else
      printf "RESULT sessioncore/baseline: rate ratio n/a (baseline had no clean rate)"
    b = bestnr["baseline"] + 0; s = bestnr["sessioncore"] + 0
    if (b > 0)
      printf ", without retransmissions %.2f (%d / %d)", s / b, s, b
    # Per-call costs compared at the highest rate both ran cleanly.
    common = 0
    for (k in ok) {
      split(k, kk, SUBSEP)
      if (kk[1] == "sessioncore" && (("baseline", kk[2]) in ok) && kk[2] + 0 > common) common = kk[2] + 0
    }
    if (common > 0) {
      if (cpu["baseline", common] + 0 > 0)
        printf ", cpu/call ratio %.2f", cpu["sessioncore", common] / cpu["baseline", common]
      if (rssc["baseline", common] + 0 > 0)
        printf ", RSS KB/call ratio %.2f", rssc["sessioncore", common] / rssc["baseline", common]
      printf ", threads %s vs %s (at %d calls/s)", thr["sessioncore", common], thr["baseline", common], common
    }
    printf "\n"
    # This build against another one measured in the same run.
    if ("before" in seen) {
      n = 0; sum = 0
      for (k in ok) {
        split(k, kk, SUBSEP)
        if (kk[1] == "sessioncore" && (("before", kk[2]) in ok) && cpu["before", kk[2]] + 0 > 0) {
          printf "RESULT sessioncore/before at %d calls/s: cpu/call %s vs %s ms, ratio %.3f\n",
            kk[2], cpu["sessioncore", kk[2]], cpu["before", kk[2]],
            cpu["sessioncore", kk[2]] / cpu["before", kk[2]]
          n++; sum += cpu["sessioncore", kk[2]] / cpu["before", kk[2]]
        }
      }
      if (n > 0)
        printf "RESULT sessioncore/before: mean cpu/call ratio %.3f over %d common clean rates\n", sum / n, n
    }
  }
' "$ROWS"
echo "per-run results: $RESULTS_CSV"
