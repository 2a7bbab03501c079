#!/usr/bin/env bash
# overload-bench.sh - what sessioncore-server does when offered more calls
# than it can take, and whether it gives the memory back afterwards.
#
# Usage: bench/overload-bench.sh BUILD_DIR [--clean-limit]
#
# One fresh `sessioncore-server --no-media --quiet` (default limits: 1000
# sessions) per run.  SIPp's built-in "uac" scenario offers RATE calls/s
# for DURATION s.  From SIPp's final statistics:
#   completed   SuccessfulCall
#   503         FailedUnexpectedMessage (the only final response besides
#               200 that the server sends to these INVITEs is 503)
#   unanswered  every other failed call (in practice FailedMaxUDPRetrans:
#               SIPp gave up after Timer B without any final response)
# rcvbuf: the UDP datagrams the kernel dropped during that run because a
# receive buffer was full (RcvbufErrors, namespace-wide: server and SIPp).
# retr: SIPp's own retransmissions (Retransmissions); dead: the messages
# SIPp received for calls it had already finished (DeadCallMsgs: the
# server's retransmitted 200s and its BYEs to such calls), both counted
# until SIPp exits.
# The server's VmRSS is sampled every second: idle before the load, at the
# end of the offered load, its peak, and LINGER s after SIPp has exited
# (sofia keeps a call's transactions for 64*T1 = 32 s).  Then, on the same
# server, RECOVERY_RATE calls/s for DURATION s show whether it serves
# normally again.
#
# --clean-limit: instead, climb CLEAN_RATES on fresh servers and print the
# highest rate with 0 failed calls (the "clean limit"), to compare the
# calls completed under overload with.
#
# Environment overrides:
#   SESSIONCORE=path     (default BUILD_DIR/examples/sessioncore-server)
#   SERVER_ARGS="..."    extra server options (e.g. "--max-sessions 100000")
#   RATE=10000 DURATION=5 LINGER=35 RECOVERY_RATE=2000
#   CLEAN_RATES="1000 2000 3000 4000 5000"
#   LABEL=name           first column of the result line
#   KEEP_TMP=1           keep the working directory

set -u
# shellcheck source=bench-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"

usage () {
  echo "usage: $0 BUILD_DIR [--clean-limit]" >&2
  exit 2
}

[ $# -ge 1 ] || usage
BUILD_DIR=$1
shift
MODE=overload
while [ $# -gt 0 ]; do
  case $1 in
    --clean-limit) MODE=clean ;;
    *) usage ;;
  esac
  shift
done
[ -d "$BUILD_DIR" ] || { echo "no such build directory: $BUILD_DIR" >&2; exit 2; }

SESSIONCORE=${SESSIONCORE:-$BUILD_DIR/examples/sessioncore-server}
SERVER_ARGS=${SERVER_ARGS:-}
RATE=${RATE:-10000}
DURATION=${DURATION:-5}
LINGER=${LINGER:-35}
RECOVERY_RATE=${RECOVERY_RATE:-2000}
CLEAN_RATES=${CLEAN_RATES:-1000 2000 3000 4000 5000}
LABEL=${LABEL:-sessioncore}
ADDRESS=127.0.0.1
STARTUP_TIMEOUT=10
STOP_TIMEOUT=20

for tool in sipp timeout /usr/bin/python3 awk; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 2; }
done
[ -x "$SESSIONCORE" ] || { echo "not executable: $SESSIONCORE" >&2; exit 2; }

WORK=$(mktemp -d /tmp/overload-bench.XXXXXX)
SERVER_PID=
SIPP_PID=
SAMPLER_PID=
cleanup () {
  [ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null
  [ -n "$SIPP_PID" ] && kill "$SIPP_PID" 2>/dev/null
  [ -n "$SERVER_PID" ] && stop_pid "$SERVER_PID"
  if [ "${KEEP_TMP:-0}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# run_sipp DIR RATE CALLS: SIPp's uac scenario against the server; prints
# "completed n503 unanswered retransmissions deadcallmsgs" from its last
# statistics line.
run_sipp () {
  local dir=$1 rate=$2 calls=$3 sipp_port
  mkdir -p "$dir"
  sipp_port=$(free_port "$SERVER_PORT") || return 1
  (cd "$dir" && exec timeout -k 5 120 sipp -sn uac "$ADDRESS:$SERVER_PORT" \
     -i "$ADDRESS" -p "$sipp_port" -t u1 -r "$rate" -rp 1000 -m "$calls" \
     -l 100000 -timeout 90 -timeout_error -nostdin \
     -trace_stat -stf "$dir/stat.csv" -fd 1 >"$dir/sipp.out" 2>"$dir/sipp.err" </dev/null) &
  SIPP_PID=$!
  wait "$SIPP_PID"
  SIPP_PID=
  /usr/bin/python3 - "$dir/stat.csv" "$calls" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1]), delimiter=';'))
s = dict(zip(rows[0], rows[-1]))
n = lambda k: int(s.get(k, '0') or 0)
ok, unexp = n('SuccessfulCall(C)'), n('FailedUnexpectedMessage(C)')
print(ok, unexp, int(sys.argv[2]) - ok - unexp, n('Retransmissions(C)'),
      n('DeadCallMsgs(C)'))
EOF
}

rss () { status_field "$SERVER_PID" VmRSS; }

# The kernel's count of UDP datagrams dropped because a socket's receive
# buffer was full (/proc/net/snmp "Udp: RcvbufErrors"): for the whole
# network namespace, so the server's and SIPp's sockets both count.
rcvbuf_errors () { awk '/^Udp:/ { if (h) { print $6; exit } h = 1 }' /proc/net/snmp; }

# ------------------------------------------------------------ clean limit
if [ "$MODE" = clean ]; then
  limit=0
  printf '%-12s %6s %7s %7s %7s\n' target rate calls ok failed
  for rate in $CLEAN_RATES; do
    # shellcheck disable=SC2086
    start_server "$LABEL" "$WORK/c$rate" "$SESSIONCORE" --address "$ADDRESS" \
      --port 0 --no-media --quiet $SERVER_ARGS || exit 1
    read -r ok n503 lost _ _ < <(run_sipp "$WORK/c$rate" "$rate" $((rate * DURATION)))
    stop_pid "$SERVER_PID"; SERVER_PID=
    failed=$((rate * DURATION - ok))
    printf '%-12s %6s %7s %7s %7s\n' "$LABEL" "$rate" $((rate * DURATION)) "$ok" "$failed"
    [ "$failed" -eq 0 ] || break
    limit=$rate
  done
  echo "RESULT $LABEL: clean limit $limit calls/s ($((limit * DURATION)) calls in ${DURATION} s)"
  exit 0
fi

# --------------------------------------------------------------- overload
# shellcheck disable=SC2086
start_server "$LABEL" "$WORK/run" "$SESSIONCORE" --address "$ADDRESS" \
  --port 0 --no-media --quiet $SERVER_ARGS || exit 1
sleep 1
rss_idle=$(rss)
( while kill -0 "$SERVER_PID" 2>/dev/null; do
    echo "$(date +%s) $(status_field "$SERVER_PID" VmRSS)"; sleep 1
  done ) >"$WORK/rss.log" &
SAMPLER_PID=$!

t0=$(date +%s)
drops0=$(rcvbuf_errors)
read -r ok n503 lost retr dead < <(run_sipp "$WORK/run" "$RATE" $((RATE * DURATION)))
drops=$(( $(rcvbuf_errors) - drops0 ))
t_exit=$(date +%s)
# RSS when the offered load ended, and the peak.
rss_load=$(awk -v t=$((t0 + DURATION)) '$1 >= t { print $2; exit }' "$WORK/rss.log")
rss_peak=$(awk 'BEGIN { m = 0 } $2 > m { m = $2 } END { print m }' "$WORK/rss.log")
sleep "$LINGER"
rss_linger=$(rss)

read -r rok r503 rlost _ _ < <(run_sipp "$WORK/recovery" "$RECOVERY_RATE" $((RECOVERY_RATE * DURATION)))
rss_end=$(rss)
kill "$SAMPLER_PID" 2>/dev/null; SAMPLER_PID=
stop_pid "$SERVER_PID"; SERVER_PID=

printf '%-12s %7s %7s %9s %7s %8s %7s %7s %10s %9s %9s %9s %10s %9s %s\n' target offered \
  completed 503 unanswd rcvbuf retr dead "RSS idle" "at end" peak "+${LINGER}s" recovery \
  "RSS end" "sipp s"
printf '%-12s %7s %7s %9s %7s %8s %7s %7s %10s %9s %9s %9s %10s %9s %s\n' "$LABEL" \
  $((RATE * DURATION)) "$ok" "$n503" "$lost" "$drops" "$retr" "$dead" "${rss_idle}K" \
  "${rss_load}K" "${rss_peak}K" "${rss_linger}K" "$rok/$((RECOVERY_RATE * DURATION))" \
  "${rss_end}K" $((t_exit - t0))
