#!/usr/bin/env bash
# refusal-cost.sh - CPU instructions a full server spends per refused
# INVITE (503), counted by callgrind.
#
# Usage: bench/refusal-cost.sh SERVER [SERVER...]
#
# Each SERVER is a sessioncore-server-like program.  It runs under
# callgrind with --max-sessions 1; one SIPp "uac" call held for the whole
# run (-d) fills it, then CALLS more calls at RATE calls/s are all refused
# with 503.  A second run holds the one call and offers nothing; the
# difference divided by CALLS is the cost of one refusal, retransmissions
# of unacknowledged 503s included (SIPp's uac scenario does not ACK an
# unexpected final response).  Each run lasts CALLS/RATE + 40 s so that
# sofia's 32 s of 503 retransmissions fall inside it.
#
# Environment: CALLS (default 2000), RATE (default 200), KEEP_TMP=1.

set -u
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
set -o pipefail

[ $# -ge 1 ] || { echo "usage: $0 SERVER [SERVER...]" >&2; exit 2; }
CALLS=${CALLS:-2000}
RATE=${RATE:-200}
STARTUP_TIMEOUT=60
STOP_TIMEOUT=120
WORK=$(mktemp -d /tmp/refusal-cost.XXXXXX)
if [ "${KEEP_TMP:-0}" = 1 ]; then trap 'echo "kept $WORK" >&2' EXIT; else trap 'rm -rf "$WORK"' EXIT; fi

for tool in valgrind sipp timeout awk; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 2; }
done

# instructions SERVER NAME CALLS -> total Ir of one run
instructions () {
  local server=$1 name=$2 calls=$3 dir="$WORK/$2-$3" port out hold run
  port=$(free_port) || return 1
  out="$dir/callgrind.out"
  run=$((calls / RATE + 40))
  start_server "$name" "$dir" valgrind --tool=callgrind --callgrind-out-file="$out" \
    "$server" --address 127.0.0.1 --port "$port" --no-media --quiet --max-sessions 1 ||
    return 1
  mkdir -p "$dir/hold" "$dir/load"
  (cd "$dir/hold" && exec timeout $((run + 60)) sipp -sn uac "127.0.0.1:$SERVER_PORT" \
     -i 127.0.0.1 -p "$(free_port "$SERVER_PORT")" -m 1 -d $(((run + 5) * 1000)) \
     -timeout $((run + 50)) -timeout_error -nostdin >/dev/null 2>&1) &
  hold=$!
  sleep 3
  if [ "$calls" -gt 0 ]; then
    (cd "$dir/load" && timeout $((run + 60)) sipp -sn uac "127.0.0.1:$SERVER_PORT" \
       -i 127.0.0.1 -p "$(free_port "$SERVER_PORT")" -r "$RATE" -m "$calls" \
       -timeout $((run + 20)) -timeout_error -nostdin -trace_stat -stf "$dir/load/stat.csv" \
       >/dev/null 2>&1)
    # Let the 503s' transactions (and their retransmissions) run out.
    sleep 34
  else
    sleep $((run - 3))
  fi
  kill "$hold" 2>/dev/null; wait "$hold" 2>/dev/null
  stop_pid "$SERVER_PID"
  awk '/^summary:/ { print $2 }' "$out"
}

printf '%-50s %14s %14s %12s\n' "server" "Ir, $CALLS refused" "Ir, idle" "Ir per 503"
for server in "$@"; do
  name=$(basename "$(dirname "$(dirname "$server")")")-$(basename "$server")
  busy=$(instructions "$server" "$name" "$CALLS") || { echo "$server: run failed" >&2; continue; }
  idle=$(instructions "$server" "$name" 0) || { echo "$server: idle run failed" >&2; continue; }
  awk -v s="$server" -v b="$busy" -v i="$idle" -v n="$CALLS" \
    'BEGIN { printf "%-50s %14s %14s %12.0f\n", s, b, i, (b - i) / n }'
done
