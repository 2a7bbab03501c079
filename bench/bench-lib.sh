# bench-lib.sh: what the benchmark drivers need to run and measure a
# server process. Sourced; the caller sets STARTUP_TIMEOUT and STOP_TIMEOUT
# (seconds).  The second half serves the drivers that run a target against
# a load generator with a measuring window (bridge-bench.sh,
# conference-bench.sh, media-bench.sh).

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

# ------------------------------------------------------------------------
# Target + load generator drivers

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

# parse_driver_args "$@": BUILD_DIR [--quick] into BUILD_DIR (absolute)
# and QUICK (0/1); usage and exit 2 on anything else.
parse_driver_args () {
  BUILD_DIR=
  QUICK=0
  while [ $# -gt 0 ]; do
    case $1 in
      --quick) QUICK=1 ;;
      -h|--help) driver_usage ;;
      -*) echo "unknown option: $1" >&2; driver_usage ;;
      *) [ -z "$BUILD_DIR" ] || driver_usage; BUILD_DIR=$1 ;;
    esac
    shift
  done
  [ -n "$BUILD_DIR" ] || driver_usage
  [ -d "$BUILD_DIR" ] || { echo "no such build directory: $BUILD_DIR" >&2; exit 2; }
  BUILD_DIR=$(cd "$BUILD_DIR" && pwd)
}

driver_usage () {
  echo "usage: $0 BUILD_DIR [--quick]" >&2
  exit 2
}

# require_tools TOOL...: exit 2 naming the first one missing; taskset too
# when PIN=1.  Sets PIN_SERVER and PIN_LOAD, the command prefixes that put
# the target on CPU 0 and the generator on CPU 1 (empty without pinning).
require_tools () {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || { echo "missing tool: $tool" >&2; exit 2; }
  done
  PIN_SERVER=() PIN_LOAD=()
  if [ "$PIN" = 1 ]; then
    command -v taskset >/dev/null 2>&1 || { echo "missing tool: taskset (or set PIN=0)" >&2; exit 2; }
    PIN_SERVER=(taskset -c 0)
    PIN_LOAD=(taskset -c 1)
  fi
}

# make_work_dir NAME: WORK=/tmp/NAME.XXXXXX, removed on exit (KEEP_TMP=1
# keeps it) after stopping the generator (LOAD_PID) and the target
# (SERVER_PID) if they still run, even after Ctrl-C.
make_work_dir () {
  WORK=$(mktemp -d "/tmp/$1.XXXXXX")
  SERVER_PID=
  LOAD_PID=
  trap cleanup_work_dir EXIT
  trap 'echo "interrupted" >&2; exit 130' INT TERM
}

cleanup_work_dir () {
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

# wait_quiet: up to QUIET_WAIT s until the machine is idle (other jobs'
# benchmarks or builds would take CPU from the target and the generator).
wait_quiet () {
  local deadline=$((SECONDS + QUIET_WAIT)) b0 b1 pct
  [ "$QUIET_WAIT" -gt 0 ] || return 0
  while :; do
    b0=$(stat_busy cpu); sleep 2; b1=$(stat_busy cpu)
    pct=$(( (b1 - b0) * 100 / CLK_TCK / 2 ))
    [ "$pct" -lt 10 ] && return 0
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "(machine still busy: $pct % of one core; measuring anyway) " >&2
      return 0
    fi
  done
}

# row FIELD...: one tab-separated row into $ROWS, NA for the missing
# trailing fields up to the number of names in $FIELDS (the CSV header).
row () {
  local n_fields out="" i=0 f
  n_fields=$(awk -F, '{ print NF }' <<<"$FIELDS")
  for f in "$@"; do out+="${out:+$'\t'}$f"; i=$((i + 1)); done
  while [ $i -lt "$n_fields" ]; do out+=$'\tNA'; i=$((i + 1)); done
  printf '%s\n' "$out" >>"$ROWS"
}

# follow_load OUT START MID END: while the generator started as LOAD_PID
# runs, follows its timeline in OUT (WINDOW_START, WINDOW_END: see the
# load generators) and runs the commands START at the window's start, MID
# halfway through it (its length is DURATION - WARMUP - 1 s) and END at
# its end.  They run in this shell, so they can set the caller's local
# variables.  GEN_PID is the generator's own pid once known; LOAD_RC its
# exit status at the end.
follow_load () {
  local out=$1 start=$2 mid=$3 end=$4 started=0 mid_done=0 ended=0 mid_at=0
  GEN_PID=
  while kill -0 "$LOAD_PID" 2>/dev/null; do
    if [ -z "$GEN_PID" ]; then
      # LOAD_PID is timeout(1) (taskset execs it); the generator is its child.
      GEN_PID=$(awk '{ print $1 }' "/proc/$LOAD_PID/task/$LOAD_PID/children" 2>/dev/null)
    fi
    if [ "$started" = 0 ] && grep -q '^WINDOW_START' "$out"; then
      # Halfway from now, not from the end of START: sampling can take
      # seconds on a loaded machine (ss over thousands of sockets).
      mid_at=$(( ${EPOCHREALTIME/./} + (DURATION - WARMUP - 1) * 500000 ))   # microseconds
      $start
      started=1
    fi
    if [ "$started" = 1 ] && [ "$mid_done" = 0 ] && [ "${EPOCHREALTIME/./}" -ge "$mid_at" ]; then
      $mid
      mid_done=1
    fi
    if [ "$started" = 1 ] && [ "$ended" = 0 ] && grep -q '^WINDOW_END' "$out"; then
      $end
      ended=1
    fi
    sleep 0.1
  done
  wait "$LOAD_PID"
  LOAD_RC=$?
  LOAD_PID=
}

# sample_window 0|1: at the window's start (0) or end (1), the machine's
# busy ticks (all CPUs, CPU 0), the time, the target's and the generator's
# CPU ticks and socket drops and the target's context switches, into the
# caller's busy$1, busy$1_c0, t$1, ticks$1, gticks$1, sdrops$1, gdrops$1
# and cs$1.
sample_window () {
  local i=$1 s g
  printf -v "busy$i" %s "$(stat_busy cpu)"
  printf -v "busy${i}_c0" %s "$(stat_busy cpu0)"
  printf -v "t$i" %s "$EPOCHREALTIME"
  printf -v "ticks$i" %s "$(cpu_ticks "$SERVER_PID")"
  printf -v "gticks$i" %s "$(cpu_ticks "${GEN_PID:-0}")"
  { read -r s; read -r g; } < <(sock_drops "$SERVER_PID" "${GEN_PID:-0}")
  printf -v "sdrops$i" %s "$s"
  printf -v "gdrops$i" %s "$g"
  printf -v "cs$i" %s "$(ctx_switches "$SERVER_PID")"
}

# sample_middle: the target's VmRSS and Threads into the caller's rss and
# threads.
sample_middle () {
  rss=$(status_field "$SERVER_PID" VmRSS)
  threads=$(status_field "$SERVER_PID" Threads)
}

# delta A B -> B - A, or NA when either is unknown.
delta () {
  if [ -n "$1" ] && [ -n "$2" ]; then echo $(($2 - $1)); else echo NA; fi
}

# cpu_pct TICKS0 TICKS1 T0 T1 -> CPU between two samples, % of one core.
cpu_pct () {
  awk -v a="$1" -v b="$2" -v hz="$CLK_TCK" -v t0="$3" -v t1="$4" \
    'BEGIN { printf "%.1f", (b - a) * 100 / hz / (t1 - t0) }'
}

# other_pct BUSY0 BUSY1 TICKS T0 T1 -> what else ran between two samples
# (busy ticks minus TICKS, the ones accounted for), % of one core, >= 0.
other_pct () {
  awk -v b0="$1" -v b1="$2" -v s="$3" -v hz="$CLK_TCK" -v t0="$4" -v t1="$5" \
    'BEGIN { o = (b1 - b0 - s) * 100 / hz / (t1 - t0); printf "%.1f", (o < 0 ? 0 : o) }'
}

mb () {  # mb KB -> MB with one decimal, NA stays NA
  awk -v k="$1" 'BEGIN { if (k == "NA") print "NA"; else printf "%.1f", k / 1024 }'
}

# stop_target LABEL DIR: stops SERVER_PID (SIGTERM) and notes a non-zero
# exit status; returns 1 when the target had died during the run.
stop_target () {
  local rc
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    wait "$SERVER_PID" 2>/dev/null
    sed 's/^/    server: /' "$2/server.err" | tail -5 >&2
    SERVER_PID=
    return 1
  fi
  stop_pid "$SERVER_PID"
  rc=$?
  [ "$rc" -ne 0 ] && echo "  note: $1 exited with status $rc after SIGTERM" >&2
  SERVER_PID=
  return 0
}

# begin_rows TITLE SETUP [PIN_NOTE]: an empty $ROWS and the first lines
# of the report; with PIN=1 this script moves to CPU 1, so that its
# polling and sampling stay off the target's CPU.
begin_rows () {
  ROWS="$WORK/rows.tsv"
  : >"$ROWS"
  echo "$1: $(date -u '+%Y-%m-%d %H:%M UTC'), $NCPU CPU(s), $(uname -r)"
  echo "$2"
  if [ "$PIN" = 1 ]; then
    taskset -p -c 1 $$ >/dev/null
    echo "target pinned to CPU 0; generator and this script to CPU 1 (${3:-}PIN=0 to let them float)"
  else
    echo "no CPU pinning"
  fi
  echo
}
