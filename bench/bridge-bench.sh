#!/usr/bin/env bash
# bridge-bench.sh - bridge benchmark: N bridges (2N RTP legs, a 20 ms G.711
# stream each way), a plain one-thread UDP relay (bench/relay-baseline.c)
# side by side with a sessioncore bridging server (bench/bridge-server.c).
#
# Usage: bench/bridge-bench.sh BUILD_DIR [--quick]
#
# For each N (default 250 500 1000; --quick: 50) and each target, a fresh
# target is started and BUILD_DIR/bench/bridge-load plays N customers and N
# agents against it for DURATION seconds (default 30; --quick: 10) once all
# pairs are up:
#   baseline     relay-baseline --pairs N --ports-file F; bridge-load --mode
#                relay (every endpoint latches, then streams);
#   sessioncore  bridge-server --port 0; bridge-load --mode sip places 2N SIP
#                calls (To customer-i / agent-i) at RATE calls/s, and the
#                server bridges each pair.  Skipped (row "PENDING") when
#                bridge-server is not built: it needs the bridge API.
# While the streams run the script samples the target's CPU (utime+stime,
# /proc/PID/stat) and the generator's over the generator's measuring window,
# VmRSS and Threads in the middle of it, and socket drops.  Loss and latency
# come from the generator (see bench/bridge-load.c and bench/README.md,
# "Bridge benchmark", for every column).
#
# Environment overrides:
#   RELAY=path         default BUILD_DIR/bench/relay-baseline
#   BRIDGE_SERVER=path default BUILD_DIR/bench/bridge-server
#   LOAD=path          default BUILD_DIR/bench/bridge-load
#   BRIDGES="250 500"  bridges per run (default 250 500 1000; --quick: 50)
#   DURATION=30        seconds of streams once all pairs are up (--quick: 10)
#   RATE=200           sessioncore: SIP calls placed per second
#   TARGETS="baseline sessioncore"   which targets, in this order
#   PIN=1              target on CPU 0, generator and this script on CPU 1
#                      (default 1 when there are >= 2 CPUs)
#   QUIET_WAIT=0       on a shared machine: before each run, wait up to this
#                      many seconds for the rest of the machine to be idle
#                      (< 10 % of one core busy over 2 s); 0 = do not wait
#   RESULTS_CSV=path   default BUILD_DIR/bridge-bench.csv
#   KEEP_TMP=1         keep the working directory (logs, generator output)

set -u

# Shared helpers: parse_driver_args, require_tools, make_work_dir,
# start_server, stop_target, follow_load, sample_window, row, kv, ...
# shellcheck source=bench-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
set -o pipefail

parse_driver_args "$@"

RELAY=${RELAY:-$BUILD_DIR/bench/relay-baseline}
BRIDGE_SERVER=${BRIDGE_SERVER:-$BUILD_DIR/bench/bridge-server}
LOAD=${LOAD:-$BUILD_DIR/bench/bridge-load}
if [ "$QUICK" = 1 ]; then
  BRIDGES=${BRIDGES:-50}
  DURATION=${DURATION:-10}
else
  BRIDGES=${BRIDGES:-250 500 1000}
  DURATION=${DURATION:-30}
fi
RATE=${RATE:-200}
QUIET_WAIT=${QUIET_WAIT:-0}
OTHER_LIMIT=10           # % of one core used by other processes: marks a run with *
TARGETS=${TARGETS:-baseline sessioncore}
RESULTS_CSV=${RESULTS_CSV:-$BUILD_DIR/bridge-bench.csv}
NCPU=$(nproc)
if [ "$NCPU" -ge 2 ]; then PIN=${PIN:-1}; else PIN=0; fi
WARMUP=2                 # s between "all pairs up" and the measuring window
STARTUP_TIMEOUT=10       # s to wait for "listening on"
STOP_TIMEOUT=20          # s to wait for a clean exit after SIGTERM
MAX_N=0
for n in $BRIDGES; do [ "$n" -gt "$MAX_N" ] && MAX_N=$n; done

require_tools timeout awk ss
[ -x "$LOAD" ] || { echo "load generator not built: $LOAD" >&2; exit 2; }
for t in $TARGETS; do
  case $t in
    baseline) [ -x "$RELAY" ] || { echo "not built: $RELAY" >&2; exit 2; } ;;
    sessioncore) ;;   # PENDING rows when not built
    *) echo "unknown target: $t" >&2; exit 2 ;;
  esac
done

# 2N sockets in the relay, 4N in the generator's SIP mode (RTP + RTCP
# sink), 4N in the bridging server: lift the soft limit (the programs also
# raise their own soft limit to the hard one).
ulimit -n "$(ulimit -Hn)" 2>/dev/null
NOFILE=$(ulimit -n)
if [ "$NOFILE" != unlimited ] && [ "$NOFILE" -lt $((MAX_N * 4 + 256)) ]; then
  echo "warning: ulimit -n is $NOFILE; $MAX_N bridges may need $((MAX_N * 4 + 256))" >&2
fi

CLK_TCK=$(getconf CLK_TCK)
make_work_dir bridge-bench

# ---------------------------------------------------------------- one run

# The row written to $ROWS (tab separated), in this order; the CSV header.
FIELDS="bridges,target,status,tx_packets,rx_packets,loss_pct,lost,cpu_pct,us_per_packet,threads,rss_mb,lat_p50_ms,lat_p99_ms,lat_p999_ms,lat_max_ms,gen_cpu_pct,other_cpu_pct,target_sock_drops,gen_sock_drops,setup_s,c2a_first_p50_ms,c2a_first_max_ms,a2c_first_p50_ms,a2c_first_max_ms,bridge_us_p50,bridge_us_p99,media_ms_p50,window_rx,rate_pct,misrouted,dup,ooo,ssrc_changes,rtp_lost,seq_jumps,foreign,prebridge,late_sends,threads_idle,rss_idle_mb,udp_drops,cpu0_other_pct,gen_tick_gap_max_ms,gen_tick_gaps_5ms,skipped,tx_nominal_pct,ctx_switches_per_s"

# run_one LABEL N LOAD_ARGS -- SERVER_CMD...
run_one () {
  local label=$1 n=$2
  shift 2
  local -a load_args=()
  while [ "$1" != -- ]; do load_args+=("$1"); shift; done
  shift
  local dir="$WORK/$label-$n" out rc status=OK
  local threads_idle rss_idle t0='' t1='' ticks0='' ticks1='' gticks0='' gticks1='' rss=NA threads=NA
  local result cpu=NA gcpu=NA us=NA other=NA other0=NA
  local busy0='' busy1='' busy0_c0='' busy1_c0='' cs0='' cs1=''
  local sdrops0='' sdrops1='' gdrops0='' gdrops1='' sdrops gdrops drops0 drops1 drops
  local load_timeout=$((DURATION + MAX_N * 2 / RATE + 180))

  wait_quiet
  if ! start_server "$label" "$dir" "${PIN_SERVER[@]}" "$@"; then
    row "$n" "$label" NOSTART
    return 1
  fi
  # The SIP target bound port 0: tell the generator the port it got.
  load_args=("${load_args[@]//127.0.0.1:PORT/127.0.0.1:$SERVER_PORT}")
  sleep 0.5
  threads_idle=$(status_field "$SERVER_PID" Threads)
  rss_idle=$(status_field "$SERVER_PID" VmRSS)
  drops0=$(udp_counter RcvbufErrors)

  out="$dir/load.out"
  local -a load_cmd=("${PIN_LOAD[@]}" timeout -k 5 "$load_timeout" "$LOAD" "${load_args[@]}"
    --pairs "$n" --duration "$DURATION" --warmup "$WARMUP")
  echo "${load_cmd[*]}" >"$dir/load.cmd"
  SU_DEBUG=0 "${load_cmd[@]}" >"$out" 2>"$dir/load.err" </dev/null &
  LOAD_PID=$!

  # Follow the generator's timeline (see bridge-load.c).
  follow_load "$out" "sample_window 0" sample_middle "sample_window 1"
  rc=$LOAD_RC
  drops1=$(udp_counter RcvbufErrors)
  drops=$(delta "$drops0" "$drops1")
  sdrops=$(delta "$sdrops0" "$sdrops1")
  gdrops=$(delta "$gdrops0" "$gdrops1")

  stop_target "$label" "$dir" || status=CRASH

  result=$(grep -m1 '^RESULT' "$out")
  local window_s window_rx
  window_s=$(kv window_s "$result"); window_rx=$(kv window_rx "$result")
  if [ -n "$t0" ] && [ -n "$t1" ] && [ -n "$ticks0" ] && [ -n "$ticks1" ]; then
    cpu=$(cpu_pct "$ticks0" "$ticks1" "$t0" "$t1")
    [ -n "$gticks0" ] && [ -n "$gticks1" ] && gcpu=$(cpu_pct "$gticks0" "$gticks1" "$t0" "$t1")
    # CPU per relayed packet: the target's CPU over our window, divided by
    # the packets relayed in that time (the generator's window count,
    # scaled from its window to ours).
    us=$(awk -v a="$ticks0" -v b="$ticks1" -v hz="$CLK_TCK" -v t0="$t0" -v t1="$t1" \
      -v ws="${window_s:-0}" -v wr="${window_rx:-0}" 'BEGIN {
        if (ws <= 0 || wr <= 0) { print "NA"; exit }
        printf "%.2f", (b - a) / hz * 1e6 / (wr / ws * (t1 - t0)) }')
    # Everything else that ran meanwhile (other jobs on a shared machine,
    # this script): all CPUs' busy time (/proc/stat, tick-sampled) minus
    # target and generator; and the same on CPU 0, the target's core.
    if [ -n "$busy0" ] && [ -n "$busy1" ] && [ -n "$gticks0" ] && [ -n "$gticks1" ]; then
      other=$(other_pct "$busy0" "$busy1" $((ticks1 - ticks0 + gticks1 - gticks0)) "$t0" "$t1")
      [ "$PIN" = 1 ] && other0=$(other_pct "$busy0_c0" "$busy1_c0" $((ticks1 - ticks0)) "$t0" "$t1")
    fi
  fi

  local srv_line bus50=NA bus99=NA med50=NA
  srv_line=$(grep -m1 '^bridge:' "$dir/server.out")
  if [ -n "$srv_line" ]; then
    bus50=$(kv bridge_us_p50 "$srv_line"); bus99=$(kv bridge_us_p99 "$srv_line")
    med50=$(kv media_ms_p50 "$srv_line")
  fi

  if [ "$status" != CRASH ]; then
    if [ -z "$result" ]; then
      status=NORESULT
    elif [ "$(kv up "$result")" -lt "$n" ]; then
      status=SETUP
    elif [ "$(kv misrouted "$result")" != 0 ]; then
      status=MISROUTED
    elif [ "$(kv silent "$result")" != 0 ] || [ "$(kv dropped "$result")" != 0 ]; then
      status=SILENT
    elif [ "$(kv lost "$result")" != 0 ]; then
      status=LOSS
    elif awk -v r="$(kv rate_pct "$result")" 'BEGIN { exit !(r < 99.9) }'; then
      status=SLOW
    elif [ "$rc" -ne 0 ]; then
      status=FAILED
    elif [ "$(kv skipped "$result")" != 0 ] ||
         awk -v r="$(kv tx_nominal_pct "$result")" 'BEGIN { exit !(r < 99.9) }'; then
      status=GENBUSY
    fi
  fi
  [ "$rc" -ne 0 ] && sed 's/^/    load: /' "$dir/load.err" | tail -5 >&2
  # Other jobs took CPU during the window: the figures are not this
  # target's alone (a footnote under the table says so).
  if [ "$other" != NA ] && awk -v o="$other" -v l="$OTHER_LIMIT" 'BEGIN { exit !(o > l) }'; then
    status="$status*"
  fi

  if [ -z "$result" ]; then
    row "$n" "$label" "$status"
  else
    row "$n" "$label" "$status" \
      "$(kv tx_packets "$result")" "$(kv rx_packets "$result")" "$(kv loss_pct "$result")" \
      "$(kv lost "$result")" "$cpu" "$us" "$threads" \
      "$(mb "$rss")" \
      "$(kv lat_p50_ms "$result")" "$(kv lat_p99_ms "$result")" "$(kv lat_p999_ms "$result")" \
      "$(kv lat_max_ms "$result")" "$gcpu" "$other" "$sdrops" "$gdrops" \
      "$(kv setup_s "$(grep -m1 '^ESTABLISHED' "$out")")" \
      "$(kv c2a_first_p50_ms "$result")" "$(kv c2a_first_max_ms "$result")" \
      "$(kv a2c_first_p50_ms "$result")" "$(kv a2c_first_max_ms "$result")" \
      "$bus50" "$bus99" "$med50" "$window_rx" "$(kv rate_pct "$result")" \
      "$(kv misrouted "$result")" "$(kv dup "$result")" "$(kv ooo "$result")" \
      "$(kv ssrc_changes "$result")" "$(kv rtp_lost "$result")" "$(kv seq_jumps "$result")" \
      "$(kv foreign "$result")" "$(kv prebridge "$result")" "$(kv late_sends "$result")" \
      "$threads_idle" "$(mb "$rss_idle")" "$drops" \
      "$other0" "$(kv gen_tick_gap_max_ms "$result")" "$(kv gen_tick_gaps_5ms "$result")" \
      "$(kv skipped "$result")" "$(kv tx_nominal_pct "$result")" \
      "$(ctxsw_rate "$cs0" "$cs1" "$t0" "$t1")"
  fi
  [ "$status" != CRASH ]
}

# ---------------------------------------------------------------- main

begin_rows "bridge benchmark" \
  "bridges: $BRIDGES; $DURATION s of 20 ms G.711 streams both ways once all pairs are up; window $((DURATION - WARMUP - 1)) s"

for n in $BRIDGES; do
  for label in $TARGETS; do
    printf '%-12s %5s bridges ... ' "$label" "$n" >&2
    case $label in
      baseline)
        run_one baseline "$n" --mode relay --relay-ports "$WORK/baseline-$n/ports" -- \
          "$RELAY" --pairs "$n" --ports-file "$WORK/baseline-$n/ports" ;;
      sessioncore)
        if [ ! -x "$BRIDGE_SERVER" ]; then
          row "$n" sessioncore PENDING
          echo "PENDING: $BRIDGE_SERVER is not built in this build directory" >&2
          continue
        fi
        run_one sessioncore "$n" --mode sip --target "127.0.0.1:PORT" --rate "$RATE" -- \
          "$BRIDGE_SERVER" --address 127.0.0.1 --port 0 --quiet --max-sessions $((2 * n + 100)) ;;
    esac
    awk -F'\t' '{ printf "%s: loss %s%%, cpu %s%%, %s us/packet, p99 %s ms\n", $3, $6, $8, $9, $13 }' \
      <<<"$(tail -n 1 "$ROWS")" >&2
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
    fmt = "%-11s %5s %-9s %9s %9s %7s %6s %6s %4s %7s %7s %7s %6s %6s %9s %6s\n"
    printf fmt, "target", "N", "status", "packets", "packets", "loss", "cpu %", "cpu us", "thr", "RSS", "lat p50", "lat p99", "gen", "other", "drops", "setup"
    printf fmt, "", "", "", "sent", "received", "%", "1 core", "/pkt", "", "MB", "ms", "ms", "cpu %", "cpu %", "tgt/gen", "s"
  }
  $4 == "NA" { printf fmt, $2, $1, $3, "", "", "", "", "", "", "", "", "", "", "", "", ""; next }
  { printf fmt, $2, $1, $3, $4, $5, $6, $8, $9, $10, $11, $12, $13, $16, $17, $18 "/" $19, $20 }
' "$ROWS"
if awk -F'\t' '$3 ~ /\*$/ { found = 1 } END { exit !found }' "$ROWS"; then
  echo "* other processes used more than $OTHER_LIMIT % of one core during the window (column \"other\"):"
  echo "  that run's CPU and latency figures are not the target's alone; run again on an idle machine"
  echo "  (QUIET_WAIT=300 waits for one before each run)"
fi
echo

# Per target: first packet and bridging figures, then the ratios.
awk -F'\t' '
  $4 != "NA" {
    printf "  %s N=%s: first relayed packet after the pair was up: c2a p50 %s / max %s ms, a2c p50 %s / max %s ms; lat p99.9 %s, max %s ms",
      $2, $1, $21, $22, $23, $24, $14, $15
    if ($2 == "sessioncore")
      printf "; bridge_sessions () p50 %s / p99 %s us; MEDIA_ESTABLISHED p50 %s ms", $25, $26, $27
    printf "; dup %s, ooo %s, ssrc changes %s, rtp seq lost %s, jumps %s\n", $31, $32, $33, $34, $35
  }
' "$ROWS"
awk -F'\t' '
  {
    n = $1 + 0; t = $2; key = t SUBSEP n
    st[key] = $3; cpu[key] = $8; us[key] = $9; p99[key] = $13; thr[key] = $10; rss[key] = $11
    if (!(t in seen)) { seen[t] = 1; order[++nt] = t }
    if (!(n in seenn)) { seenn[n] = 1; ns[++nn] = n }
    if ($3 ~ /^OK\*?$/ && n > best[t]) best[t] = n
  }
  END {
    for (i = 1; i <= nt; i++) {
      t = order[i]; line = ""
      for (j = 1; j <= nn; j++) {
        k = t SUBSEP ns[j]
        if (k in st) line = line sprintf("%s%d: %s, cpu %s%%, %s us/packet, %s threads, p99 %s ms",
                                         (line == "" ? "" : "; "), ns[j], st[k], cpu[k], us[k], thr[k], p99[k])
      }
      printf "RESULT %s: largest N with 0 loss = %s (%s)\n", t, (best[t] > 0 ? best[t] : "none"), line
    }
    if (("sessioncore" in seen) && ("baseline" in seen)) {
      line = ""
      for (j = 1; j <= nn; j++) {
        a = "sessioncore" SUBSEP ns[j]; b = "baseline" SUBSEP ns[j]
        if (!(a in us) || !(b in us) || us[a] == "NA" || us[b] == "NA" || us[b] + 0 == 0) continue
        line = line sprintf(" N=%d cpu/packet %.2fx, p99 %s vs %s ms, threads %s vs %s, RSS %s vs %s MB;",
          ns[j], us[a] / us[b], p99[a], p99[b], thr[a], thr[b], rss[a], rss[b])
      }
      printf "RESULT sessioncore/baseline:%s\n", (line == "" ? " n/a (no N measured on both)" : line)
    }
  }
' "$ROWS"
echo "per-run results: $RESULTS_CSV"
