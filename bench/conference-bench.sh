#!/usr/bin/env bash
# conference-bench.sh - conference benchmark: C conferences of N
# participants (a 20 ms G.711 stream each way per participant), sessioncore's
# mix-minus mixer (bench/conference-server.c) side by side with a naive
# GStreamer baseline, one audiomixer per participant
# (bench/conference-gst-baseline.c).
#
# Usage: bench/conference-bench.sh BUILD_DIR [--quick]
#
# For each run (default "10x1 25x1 50x1 50x10": N participants x C
# conferences) and each target, a fresh target is started and
# BUILD_DIR/bench/conference-load plays the participants against it for
# DURATION seconds (default 30; --quick: 5) once all are up:
#   baseline     conference-gst-baseline --base-port P --peer-base-port Q;
#                conference-load --mode plain (ports P + g / Q + g);
#   sessioncore  conference-server --port 0; conference-load --mode sip
#                places C x N SIP calls (To conf-k-i) at RATE calls/s and
#                the server joins each call to conference conf-k.  Skipped
#                (row "PENDING") when conference-server is not built: it
#                needs the conference manager's implementation.
# Both targets are measured by the same RTP code in conference-load.  While
# the streams run the script samples the target's CPU (utime+stime,
# /proc/PID/stat) and the generator's over the generator's measuring window,
# VmRSS and Threads in the middle of it, and socket drops.  Loss and
# latency come from the generator (see bench/conference-load.c and
# bench/README.md, "Conference benchmark", for every column).
#
# Environment overrides:
#   BASELINE=path            default BUILD_DIR/bench/conference-gst-baseline
#   CONFERENCE_SERVER=path   default BUILD_DIR/bench/conference-server
#   LOAD=path                default BUILD_DIR/bench/conference-load
#   RUNS="10x1 50x10"        N x C per run (default 10x1 25x1 50x1 50x10)
#   DURATION=30              seconds of streams once all are up (--quick: 5)
#   RATE=100                 sessioncore: SIP calls placed per second
#   TARGETS="baseline sessioncore"   which targets, in this order
#   PIN=1                    target on CPU 0, generator and this script on
#                            CPU 1 (default 1 when there are >= 2 CPUs)
#   QUIET_WAIT=0             before each run, wait up to this many seconds
#                            for the machine to be idle; 0 = do not wait
#   RESULTS_CSV=path         default BUILD_DIR/conference-bench.csv
#   KEEP_TMP=1               keep the working directory (logs)

set -u

# Shared helpers: parse_driver_args, require_tools, make_work_dir,
# start_server, stop_target, follow_load, sample_window, row, kv, ...
# shellcheck source=bench-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
set -o pipefail

parse_driver_args "$@"

BASELINE=${BASELINE:-$BUILD_DIR/bench/conference-gst-baseline}
CONFERENCE_SERVER=${CONFERENCE_SERVER:-$BUILD_DIR/bench/conference-server}
LOAD=${LOAD:-$BUILD_DIR/bench/conference-load}
RUNS=${RUNS:-10x1 25x1 50x1 50x10}
if [ "$QUICK" = 1 ]; then
  DURATION=${DURATION:-5}
else
  DURATION=${DURATION:-30}
fi
RATE=${RATE:-100}
QUIET_WAIT=${QUIET_WAIT:-0}
OTHER_LIMIT=10
TARGETS=${TARGETS:-baseline sessioncore}
RESULTS_CSV=${RESULTS_CSV:-$BUILD_DIR/conference-bench.csv}
NCPU=$(nproc)
if [ "$NCPU" -ge 2 ]; then PIN=${PIN:-1}; else PIN=0; fi
WARMUP=2
STARTUP_TIMEOUT=60       # the baseline builds every pipeline before "listening on"
STOP_TIMEOUT=20
MAX_P=0
for r in $RUNS; do
  [[ $r =~ ^([0-9]+)x([0-9]+)$ ]] || { echo "bad run '$r' (NxC)" >&2; exit 2; }
  p=$((BASH_REMATCH[1] * BASH_REMATCH[2]))
  [ "$p" -gt "$MAX_P" ] && MAX_P=$p
done
[ "$DURATION" -ge $((WARMUP + 2)) ] || { echo "DURATION must be >= $((WARMUP + 2))" >&2; exit 2; }

require_tools timeout awk ss
[ -x "$LOAD" ] || { echo "load generator not built: $LOAD" >&2; exit 2; }
for t in $TARGETS; do
  case $t in
    baseline) [ -x "$BASELINE" ] || { echo "not built: $BASELINE" >&2; exit 2; } ;;
    sessioncore) ;;   # PENDING rows when not built
    *) echo "unknown target: $t" >&2; exit 2 ;;
  esac
done

ulimit -n "$(ulimit -Hn)" 2>/dev/null
CLK_TCK=$(getconf CLK_TCK)
make_work_dir conference-bench

# free_block COUNT AVOID_FROM AVOID_TO: the first port P such that
# P .. P+COUNT-1 are all free on 127.0.0.1 (UDP), outside AVOID_FROM..AVOID_TO
# and outside the kernel's ephemeral range (the baseline's udpsinks bind
# ephemeral ports): above that range first, else from 40000 below it (the
# generator's SIP-mode RTP ports are 30000-39999).
free_block () {
  /usr/bin/python3 - "$@" <<'EOF'
import socket, sys
count, lo, hi = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
eph_lo, eph_hi = map(int, open("/proc/sys/net/ipv4/ip_local_port_range").read().split())
def blocked(p):
    return (lo <= p <= hi) or (eph_lo <= p <= eph_hi)
for start, end in ((eph_hi + 1, 65535), (40000, eph_lo - 1)):
  base = start
  while base + count - 1 <= end:
    bad = [p for p in range(base, base + count) if blocked(p)]
    if bad:
        base = bad[-1] + 1; continue
    held = []
    ok = True
    for p in range(base, base + count):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            s.bind(("127.0.0.1", p)); held.append(s)
        except OSError:
            s.close(); ok = False; base = p + 1; break
    for s in held: s.close()
    if ok:
        print(base); sys.exit(0)
sys.exit(1)
EOF
}

FIELDS="n,conferences,participants,target,status,cpu_pct,cpu_pct_per_participant,loss_pct,window_lost,window_expected,rate_pct,lat_p50_ms,lat_p99_ms,threads,rss_mb,target_sock_drops,gen_sock_drops,setup_s,gen_cpu_pct,other_cpu_pct,lat_p90_ms,lat_max_ms,lat_min_ms,lat_samples,lat_expected,lat_missed,self_heard,spurious,tx_packets,rx_packets,window_tx,window_rx,ssrc_changes,seq_jumps,silent,dropped,threads_idle,rss_idle_mb,server_threads_end,server_rss_end_mb,join_us_p50,join_us_p99,join_errors,gen_tick_gap_max_ms,gen_tick_gaps_5ms,skipped,tx_nominal_pct,cpu0_other_pct,ctx_switches_per_s"

# run_one LABEL N C LOAD_ARGS -- SERVER_CMD...
run_one () {
  local label=$1 n=$2 c=$3
  shift 3
  local -a load_args=()
  while [ "$1" != -- ]; do load_args+=("$1"); shift; done
  shift
  local p=$((n * c)) dir="$WORK/$label-${n}x$c" out rc status=OK
  local threads_idle rss_idle t0='' t1='' ticks0='' ticks1='' gticks0='' gticks1='' rss=NA threads=NA
  local result cpu=NA per=NA gcpu=NA other=NA other0=NA
  local busy0='' busy1='' busy0_c0='' busy1_c0='' cs0='' cs1=''
  local sdrops0='' sdrops1='' gdrops0='' gdrops1='' sdrops gdrops
  local load_timeout=$((DURATION + p / RATE + 120))

  wait_quiet
  if ! start_server "$label" "$dir" "${PIN_SERVER[@]}" "$@"; then
    row "$n" "$c" "$p" "$label" NOSTART
    return 1
  fi
  load_args=("${load_args[@]//127.0.0.1:PORT/127.0.0.1:$SERVER_PORT}")
  sleep 0.5
  threads_idle=$(status_field "$SERVER_PID" Threads)
  rss_idle=$(status_field "$SERVER_PID" VmRSS)

  out="$dir/load.out"
  local -a load_cmd=("${PIN_LOAD[@]}" timeout -k 5 "$load_timeout" "$LOAD" "${load_args[@]}"
    --conferences "$c" --participants "$n" --duration "$DURATION" --warmup "$WARMUP")
  echo "${load_cmd[*]}" >"$dir/load.cmd"
  SU_DEBUG=0 "${load_cmd[@]}" >"$out" 2>"$dir/load.err" </dev/null &
  LOAD_PID=$!

  # Follow the generator's timeline (see conference-load.c).
  follow_load "$out" "sample_window 0" sample_middle "sample_window 1"
  rc=$LOAD_RC
  sdrops=$(delta "$sdrops0" "$sdrops1")
  gdrops=$(delta "$gdrops0" "$gdrops1")

  stop_target "$label" "$dir" || status=CRASH

  result=$(grep -m1 '^RESULT' "$out")
  if [ -n "$t0" ] && [ -n "$t1" ] && [ -n "$ticks0" ] && [ -n "$ticks1" ]; then
    cpu=$(cpu_pct "$ticks0" "$ticks1" "$t0" "$t1")
    per=$(awk -v c="$cpu" -v p="$p" 'BEGIN { printf "%.3f", c / p }')
    [ -n "$gticks0" ] && [ -n "$gticks1" ] && gcpu=$(cpu_pct "$gticks0" "$gticks1" "$t0" "$t1")
    if [ -n "$busy0" ] && [ -n "$busy1" ] && [ -n "$gticks0" ] && [ -n "$gticks1" ]; then
      other=$(other_pct "$busy0" "$busy1" $((ticks1 - ticks0 + gticks1 - gticks0)) "$t0" "$t1")
      [ "$PIN" = 1 ] && other0=$(other_pct "$busy0_c0" "$busy1_c0" $((ticks1 - ticks0)) "$t0" "$t1")
    fi
  fi

  # The target's own line at SIGTERM: threads and RSS then, join times.
  local srv_line thr_end=NA rss_end=NA j50=NA j99=NA jerr=NA
  srv_line=$(grep -m1 -E '^(conference|baseline):' "$dir/server.out")
  if [ -n "$srv_line" ]; then
    thr_end=$(kv threads "$srv_line")
    rss_end=$(mb "$(kv vmrss_kb "$srv_line")")
    if [ "$label" = sessioncore ]; then
      j50=$(kv join_us_p50 "$srv_line"); j99=$(kv join_us_p99 "$srv_line"); jerr=$(kv join_errors "$srv_line")
    fi
  fi

  if [ "$status" != CRASH ]; then
    if [ -z "$result" ]; then
      status=NORESULT
    elif [ "$(kv up "$result")" -lt "$p" ] || { [ "$jerr" != NA ] && [ "$jerr" != 0 ]; }; then
      status=SETUP
    elif [ "$(kv silent "$result")" != 0 ] || [ "$(kv dropped "$result")" != 0 ]; then
      status=SILENT
    elif [ "$(kv self_heard "$result")" != 0 ]; then
      status=ECHO
    elif awk -v l="$(kv loss_pct "$result")" -v d="$sdrops" -v t="$(kv window_tx "$result")" \
         'BEGIN { exit !(l >= 0.1 || (d != "NA" && t > 0 && d * 100 / t >= 0.1)) }'; then
      status=LOSS
    elif awk -v m="$(kv lat_missed "$result")" -v e="$(kv lat_expected "$result")" \
         'BEGIN { exit !(e > 0 && m * 100 / e >= 1) }'; then
      status=MISSED
    elif awk -v r="$(kv rate_pct "$result")" 'BEGIN { exit !(r < 99.9) }'; then
      status=SLOW
    elif [ "$(kv skipped "$result")" != 0 ] ||
         awk -v r="$(kv tx_nominal_pct "$result")" 'BEGIN { exit !(r < 99.9) }'; then
      status=GENBUSY
    elif [ "$rc" -ne 0 ]; then
      status=FAILED
    fi
  fi
  [ "$rc" -ne 0 ] && sed 's/^/    load: /' "$dir/load.err" | tail -3 >&2
  if [ "$other" != NA ] && awk -v o="$other" -v l="$OTHER_LIMIT" 'BEGIN { exit !(o > l) }'; then
    status="$status*"
  fi

  if [ -z "$result" ]; then
    row "$n" "$c" "$p" "$label" "$status"
  else
    row "$n" "$c" "$p" "$label" "$status" "$cpu" "$per" \
      "$(kv loss_pct "$result")" "$(kv window_lost "$result")" "$(kv window_expected "$result")" \
      "$(kv rate_pct "$result")" "$(kv lat_p50_ms "$result")" "$(kv lat_p99_ms "$result")" \
      "$threads" "$(mb "$rss")" \
      "$sdrops" "$gdrops" "$(kv setup_s "$(grep -m1 '^ESTABLISHED' "$out")")" "$gcpu" "$other" \
      "$(kv lat_p90_ms "$result")" "$(kv lat_max_ms "$result")" "$(kv lat_min_ms "$result")" \
      "$(kv lat_samples "$result")" "$(kv lat_expected "$result")" "$(kv lat_missed "$result")" \
      "$(kv self_heard "$result")" "$(kv spurious "$result")" \
      "$(kv tx_packets "$result")" "$(kv rx_packets "$result")" \
      "$(kv window_tx "$result")" "$(kv window_rx "$result")" \
      "$(kv ssrc_changes "$result")" "$(kv seq_jumps "$result")" \
      "$(kv silent "$result")" "$(kv dropped "$result")" \
      "$threads_idle" "$(mb "$rss_idle")" \
      "$thr_end" "$rss_end" "$j50" "$j99" "$jerr" \
      "$(kv gen_tick_gap_max_ms "$result")" "$(kv gen_tick_gaps_5ms "$result")" \
      "$(kv skipped "$result")" "$(kv tx_nominal_pct "$result")" "$other0" \
      "$(ctxsw_rate "$cs0" "$cs1" "$t0" "$t1")"
  fi
  [ "$status" != CRASH ]
}

# ---------------------------------------------------------------- main

begin_rows "conference benchmark" \
  "runs (participants x conferences): $RUNS; $DURATION s of 20 ms G.711 streams both ways once all are up; window $((DURATION - WARMUP - 1)) s"

for r in $RUNS; do
  n=${r%x*}; c=${r#*x}; p=$((n * c))
  for label in $TARGETS; do
    printf '%-12s %3s x %-3s ... ' "$label" "$n" "$c" >&2
    case $label in
      baseline)
        base=$(free_block "$p" 0 0) && peer=$(free_block "$p" "$base" $((base + p - 1))) || {
          echo "no block of $p free UDP ports" >&2; row "$n" "$c" "$p" baseline NOSTART; continue; }
        run_one baseline "$n" "$c" --mode plain --base-port "$base" --local-base-port "$peer" -- \
          "$BASELINE" --conferences "$c" --participants "$n" --base-port "$base" --peer-base-port "$peer" ;;
      sessioncore)
        if [ ! -x "$CONFERENCE_SERVER" ]; then
          row "$n" "$c" "$p" sessioncore PENDING
          echo "PENDING: $CONFERENCE_SERVER is not built in this build directory" >&2
          continue
        fi
        run_one sessioncore "$n" "$c" --mode sip --target "127.0.0.1:PORT" --rate "$RATE" -- \
          "$CONFERENCE_SERVER" --address 127.0.0.1 --port 0 --quiet \
          --max-sessions $((p + 100)) --max-participants $((n + 10)) ;;
    esac
    awk -F'\t' '{ printf "%s: cpu %s%% (%s%%/participant), loss %s%%, latency p50 %s / p99 %s ms, %s threads\n",
                  $5, $6, $7, $8, $12, $13, $14 }' <<<"$(tail -n 1 "$ROWS")" >&2
  done
done

# ---------------------------------------------------------------- report

{
  echo "$FIELDS"
  tr '\t' ',' <"$ROWS"
} >"$RESULTS_CSV"

echo
awk -F'\t' '
  BEGIN {
    fmt = "%4s %5s %6s %-11s %-8s %6s %8s %7s %7s %7s %7s %5s %6s %9s %6s %6s\n"
    printf fmt, "N", "confs", "parts", "target", "status", "cpu %", "cpu %", "loss", "rx", "lat p50", "lat p99", "thr", "RSS", "drops", "setup", "other"
    printf fmt, "", "", "", "", "", "1 core", "/partic.", "%", "rate %", "ms", "ms", "", "MB", "tgt/gen", "s", "cpu %"
  }
  $6 == "NA" && $8 == "NA" { printf fmt, $1, $2, $3, $4, $5, "", "", "", "", "", "", "", "", "", "", ""; next }
  { printf fmt, $1, $2, $3, $4, $5, $6, $7, $8, $11, $12, $13, $14, $15, $16 "/" $17, $18, $20 }
' "$ROWS"
if awk -F'\t' '$5 ~ /\*$/ { found = 1 } END { exit !found }' "$ROWS"; then
  echo "* other processes used more than $OTHER_LIMIT % of one core during the window (column \"other\"):"
  echo "  that run's CPU and latency figures are not the target's alone"
fi
echo
awk -F'\t' '
  $8 != "NA" {
    printf "  %s %sx%s: latency p90 %s, max %s, min %s ms over %s markers heard (%s missed); spurious %s, self-heard %s; ssrc changes %s, seq jumps %s",
      $4, $1, $2, $21, $22, $23, $24, $26, $28, $27, $33, $34
    if ($4 == "sessioncore") printf "; join_conference () p50 %s / p99 %s us", $41, $42
    printf "\n"
  }
' "$ROWS"
awk -F'\t' '
  {
    key = $4 SUBSEP $1 "x" $2
    st[key] = $5; per[key] = $7; thr[key] = $14; loss[key] = $8; p[key] = $3
    if (!($4 in seen)) { seen[$4] = 1; order[++nt] = $4 }
    if (!(($1 "x" $2) in seenr)) { seenr[$1 "x" $2] = 1; runs[++nr] = $1 "x" $2 }
  }
  END {
    for (i = 1; i <= nt; i++) {
      t = order[i]; line = ""; tmin = ""; tmax = ""
      for (j = 1; j <= nr; j++) {
        k = t SUBSEP runs[j]
        if (!(k in st)) continue
        line = line sprintf("%s%s: %s, %s%%/participant, loss %s%%, %s threads", (line == "" ? "" : "; "),
                            runs[j], st[k], per[k], loss[k], thr[k])
        if (thr[k] != "NA") {
          if (tmin == "" || thr[k] + 0 < tmin) tmin = thr[k] + 0
          if (tmax == "" || thr[k] + 0 > tmax) tmax = thr[k] + 0
        }
      }
      printf "RESULT %s: %s\n", t, line
      if (t == "sessioncore") {
        k50 = t SUBSEP "50x1"; k500 = t SUBSEP "50x10"
        a = (k50 in per && per[k50] != "NA") ? (per[k50] + 0 <= 0.1 ? "MET" : "NOT MET") : "n/a"
        b = (k500 in st) ? (st[k500] ~ /^OK\*?$/ && loss[k500] + 0 < 0.1 ? "MET" : "NOT MET") : "n/a"
        c = (tmin != "") ? (tmin == tmax ? "MET" : "NOT MET") : "n/a"
        printf "RESULT targets: <= 0.1%% of a core per participant at N=50: %s (%s%%); 500 participants under 0.1%% loss: %s (%s, loss %s%%); threads independent of N: %s (%s..%s)\n",
          a, (k50 in per ? per[k50] : "NA"), b, (k500 in st ? st[k500] : "NA"), (k500 in loss ? loss[k500] : "NA"), c, tmin, tmax
      }
    }
  }
' "$ROWS"
echo "per-run results: $RESULTS_CSV"
