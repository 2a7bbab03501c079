#!/usr/bin/env bash
# instructions-per-call.sh - CPU instructions a SIP server spends per call,
# counted by callgrind: steadier than CPU time, so two builds can be
# compared within a few percent on a busy 2-core machine.
#
# Usage: bench/instructions-per-call.sh SERVER [SERVER...]
#
# Each SERVER is a sessioncore-server-like program (it takes --address,
# --port, --no-media, --quiet and prints "listening on IP:PORT"). For each
# one, two runs under callgrind: one with CALLS calls of SIPp's built-in
# "uac" scenario (INVITE/200/ACK/BYE, no media) at RATE calls/s, one with
# none; the difference divided by CALLS is the cost of a call, start-up
# and shutdown cancelled out.
#
# Environment: CALLS (default 2000), RATE (default 200).

set -u
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
set -o pipefail

[ $# -ge 1 ] || { echo "usage: $0 SERVER [SERVER...]" >&2; exit 2; }
CALLS=${CALLS:-2000}
RATE=${RATE:-200}
STARTUP_TIMEOUT=60       # callgrind starts slowly
STOP_TIMEOUT=120
WORK=$(mktemp -d /tmp/instructions-per-call.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

for tool in valgrind sipp timeout awk; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 2; }
done

# instructions SERVER NAME CALLS -> total Ir of one run
instructions () {
  local server=$1 name=$2 calls=$3 dir="$WORK/$2-$3" port out
  port=$(free_port) || return 1
  out="$dir/callgrind.out"
  start_server "$name" "$dir" valgrind --tool=callgrind --callgrind-out-file="$out" \
    "$server" --address 127.0.0.1 --port "$port" --no-media --quiet --max-sessions 100000 ||
    return 1
  if [ "$calls" -gt 0 ]; then
    (cd "$dir" && timeout $((calls / RATE + 120)) sipp -sn uac "127.0.0.1:$SERVER_PORT" \
       -i 127.0.0.1 -p "$(free_port "$SERVER_PORT")" -r "$RATE" -m "$calls" \
       -timeout $((calls / RATE + 60)) -timeout_error -nostdin >/dev/null 2>&1) ||
      echo "  $name: SIPp reported failed calls" >&2
  fi
  stop_pid "$SERVER_PID"
  awk '/^summary:/ { print $2 }' "$out"
}

printf '%-50s %14s %14s %12s\n' "server" "Ir, $CALLS calls" "Ir, idle" "Ir per call"
for server in "$@"; do
  name=$(basename "$(dirname "$(dirname "$server")")")-$(basename "$server")
  busy=$(instructions "$server" "$name" "$CALLS") || { echo "$server: run failed" >&2; continue; }
  idle=$(instructions "$server" "$name" 0) || { echo "$server: idle run failed" >&2; continue; }
  awk -v s="$server" -v b="$busy" -v i="$idle" -v n="$CALLS" \
    'BEGIN { printf "%-50s %14s %14s %12.0f\n", s, b, i, (b - i) / n }'
done
