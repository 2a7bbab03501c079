# bench-lib.sh: what both benchmark scripts need to run and measure a
# server process. Sourced; the caller sets STARTUP_TIMEOUT and STOP_TIMEOUT
# (seconds).

cpu_ticks () {  # utime+stime of PID, in clock ticks
  # Field 2 (comm) may contain spaces: split after the last ')'.
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  awk '{ print $12 + $13 }' <<<"$stat"
}

# A port free on 127.0.0.1 for both UDP and TCP (sofia binds both), and
# different from the ones given as arguments.
free_port () {
  /usr/bin/python3 - "$@" <<'EOF'
import socket, sys
avoid = {int(a) for a in sys.argv[1:]}
for _ in range(200):
    t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    t.bind(("127.0.0.1", 0))
    port = t.getsockname()[1]
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        u.bind(("127.0.0.1", port))
    except OSError:
        t.close(); u.close(); continue
    t.close(); u.close()
    if port not in avoid:
        print(port); sys.exit(0)
sys.exit(1)
EOF
}

stop_pid () {   # stop_pid PID: SIGTERM, wait, then SIGKILL. Returns exit status.
  local pid=$1 i rc
  kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return $?; }
  kill -TERM "$pid" 2>/dev/null
  for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "  (pid $pid did not exit after SIGTERM; killing it)" >&2
    kill -KILL "$pid" 2>/dev/null
  fi
  wait "$pid" 2>/dev/null
  rc=$?
  return $rc
}

status_field () {  # status_field PID NAME -> value (first number)
  awk -v n="$2:" '$1 == n { print $2; exit }' "/proc/$1/status" 2>/dev/null
}

# start_server NAME RUN_DIR CMD... : sets SERVER_PID and SERVER_PORT
start_server () {
  local name=$1 dir=$2 i line
  shift 2
  mkdir -p "$dir"
  SU_DEBUG=0 "$@" >"$dir/server.out" 2>"$dir/server.err" </dev/null &
  SERVER_PID=$!
  SERVER_PORT=
  for ((i = 0; i < STARTUP_TIMEOUT * 20; i++)); do
    line=$(grep -m1 -o 'listening on [0-9.]*:[0-9]*' "$dir/server.out" 2>/dev/null)
    if [ -n "$line" ]; then
      SERVER_PORT=${line##*:}
      return 0
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.05
  done
  echo "  $name did not start (see below):" >&2
  sed 's/^/    /' "$dir/server.err" "$dir/server.out" >&2
  stop_pid "$SERVER_PID"
  SERVER_PID=
  return 1
}

# Helpers of bridge-bench.sh.  media-bench.sh defines its own udp_counter,
# sock_drops (one PID) and kv after sourcing this file; its definitions
# win there and behave the same for one PID.

udp_counter () {  # udp_counter NAME: a counter of the Udp: lines of /proc/net/snmp
  awk -v want="$1" '$1 == "Udp:" { if (!h) { for (i = 2; i <= NF; i++) if ($i == want) c = i; h = 1 }
                      else { print $c; exit } }' /proc/net/snmp 2>/dev/null
}

# Receive-queue drops (ss skmem "d") summed over the UDP sockets of each
# PID given, one line per PID (one ss run for all): datagrams that arrived
# while the socket buffer was full.
sock_drops () {
  ss -uanmp 2>/dev/null | awk -v pids="$*" '
    BEGIN { n = split(pids, p, " ") }
    /users:/ { mine = 0; for (i = 1; i <= n; i++) if (index($0, "pid=" p[i] ",") > 0) mine = i; next }
    mine && /skmem:/ { if (match($0, /,d[0-9]+\)/)) s[mine] += substr($0, RSTART + 2, RLENGTH - 3); mine = 0 }
    END { for (i = 1; i <= n; i++) print s[i] + 0 }'
}

kv () {  # kv KEY LINE -> value of KEY=value in LINE
  awk -v k="$1" '{ for (i = 1; i <= NF; i++) { split($i, p, "="); if (p[1] == k) { print p[2]; exit } } }' <<<"$2"
}

ctx_switches () {  # ctx_switches PID: context switches (voluntary + not) of all its threads so far
  cat /proc/"$1"/task/*/status 2>/dev/null |
    awk '$1 ~ /^(non)?voluntary_ctxt_switches:$/ { n += $2 } END { print n + 0 }'
}

ctxsw_rate () {  # ctxsw_rate CS0 CS1 T0 T1: context switches per second over the window, or NA
  if [ -n "$1" ] && [ -n "$2" ] && [ -n "$3" ] && [ -n "$4" ]; then
    awk -v a="$1" -v b="$2" -v t0="$3" -v t1="$4" 'BEGIN { printf "%.0f", (b - a) / (t1 - t0) }'
  else
    echo NA
  fi
}

stat_busy () {  # stat_busy cpu|cpuN: busy ticks (user+nice+system+irq+softirq+steal) from /proc/stat
  awk -v c="$1" '$1 == c { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat
}
