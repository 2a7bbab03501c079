#!/usr/bin/env bash
# callcenter-bench.sh - the call centre under load: SIPp customers calling
# sip:support@… of sessioncore-callcenter, answered by SIPp agents
# registered with digest authentication, side by side with the same
# customers against the plain answering server (sessioncore-server).
#
# Usage: bench/callcenter-bench.sh BUILD_DIR [--quick]
#
# For each target, in one run (a fresh server each, on 127.0.0.1):
#   baseline    BUILD_DIR/examples/sessioncore-server --port 0: answers
#               every call itself (media on: hold-free, no second leg);
#   callcenter  BUILD_DIR/examples/sessioncore-callcenter --port 0 with a
#               generated agents file (AGENTS agents agent001…, all in queue
#               "support", --wrap-up WRAP_UP); one SIPp process is every
#               agent's phone (examples/callcenter/agent.xml, -rtp_echo: it
#               answers and echoes the audio), another registers all the
#               agents with digest auth from an injection file
#               (bench/callcenter-agent-register.xml), every Contact
#               pointing at that phone.
# Then SIPp customers (examples/callcenter/customer.xml: G.711 A-law voice
# from SIPp's pcap, hang-up TALK_MS after the answer; run from a copy that
# offers SIPp's own -mp socket as its RTP address, see run_one) call
# sip:support@… at
# RATE calls/s for DURATION s. Measured over the customers' run: the
# server's CPU (utime+stime, /proc/PID/stat), threads and RSS (sampled
# every second; peak RSS = VmHWM), RSS at the end; SIPp's counts; for the
# call centre the CDR file: one line per call (matched to SIPp's Call-IDs),
# outcomes, and answer→bridge = CDR "answer" − "queued" (ms resolution).
# See bench/README.md, "Call-centre benchmark".
#
# Environment overrides:
#   BASELINE=path     default BUILD_DIR/examples/sessioncore-server
#   CALLCENTER=path   default BUILD_DIR/examples/sessioncore-callcenter
#   TARGETS="baseline callcenter"   which targets, in this order
#   RATE=50           customer calls per second (--quick: 25)
#   DURATION=60       seconds of new calls (--quick: 10)
#   AGENTS=200        registered agents (--quick: 100)
#   TALK_MS=2000      a customer hangs up this long after its answer
#   WRAP_UP=1         the agents' wrap-up (s)
#   QUIET_WAIT=0      before each target, wait up to this many seconds for
#                     the machine to be idle (< 10 % of one core over 2 s,
#                     niced processes not counted)
#   RESULTS_CSV=path  default BUILD_DIR/callcenter-bench.csv
#   KEEP_TMP=1        keep the working directory (server logs, CDR file,
#                     SIPp's stat CSVs and error logs)

set -u

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
SRC_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

BASELINE=${BASELINE:-$BUILD_DIR/examples/sessioncore-server}
CALLCENTER=${CALLCENTER:-$BUILD_DIR/examples/sessioncore-callcenter}
TARGETS=${TARGETS:-baseline callcenter}
if [ "$QUICK" = 1 ]; then
  RATE=${RATE:-25}
  DURATION=${DURATION:-10}
  AGENTS=${AGENTS:-100}
else
  RATE=${RATE:-50}
  DURATION=${DURATION:-60}
  AGENTS=${AGENTS:-200}
fi
TALK_MS=${TALK_MS:-2000}
WRAP_UP=${WRAP_UP:-1}
QUIET_WAIT=${QUIET_WAIT:-0}
RESULTS_CSV=${RESULTS_CSV:-$BUILD_DIR/callcenter-bench.csv}
CALLS=$((RATE * DURATION))
SCENARIOS=$SRC_DIR/examples/callcenter
CUSTOMER_XML=$SCENARIOS/customer.xml
AGENT_XML=$SCENARIOS/agent.xml
REGISTER_XML=$SRC_DIR/bench/callcenter-agent-register.xml
PHONE_MEDIA_LOW=21000   # SIPp's -mp: 21000-29999, above the servers' RTP ports (10000-20000)
STARTUP_TIMEOUT=10
STOP_TIMEOUT=15

for tool in sipp timeout /usr/bin/python3 awk; do
  command -v "$tool" >/dev/null 2>&1 || { echo "missing tool: $tool" >&2; exit 2; }
done
for t in $TARGETS; do
  case $t in
    baseline) [ -x "$BASELINE" ] || { echo "not built: $BASELINE" >&2; exit 2; } ;;
    callcenter) [ -x "$CALLCENTER" ] || { echo "not built: $CALLCENTER" >&2; exit 2; } ;;
    *) echo "unknown target: $t" >&2; exit 2 ;;
  esac
done
[ "$AGENTS" -ge 1 ] && [ "$AGENTS" -le 999 ] || { echo "AGENTS must be 1..999" >&2; exit 2; }
if [ "$(id -u)" != 0 ]; then
  echo "warning: not root: SIPp cannot play the customers' voice (raw socket); the bridges carry no audio" >&2
fi

CLK_TCK=$(getconf CLK_TCK)
NCPU=$(nproc)
WORK=$(mktemp -d /tmp/callcenter-bench.XXXXXX)
SERVER_PID=
PHONE_PID=
CUSTOMERS_PID=

cleanup () {
  trap - EXIT INT TERM
  [ -n "$CUSTOMERS_PID" ] && kill -TERM "$CUSTOMERS_PID" 2>/dev/null
  [ -n "$PHONE_PID" ] && kill -TERM "$PHONE_PID" 2>/dev/null
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

# free_media_port LOW HIGH: an even UDP port P in LOW..HIGH with P..P+3
# free (SIPp's -mp: RTP on P, -rtp_echo's second stream on P+2).
free_media_port () {
  /usr/bin/python3 - "$1" "$2" <<'EOF'
import random, socket, sys
low, high = int(sys.argv[1]), int(sys.argv[2])
for _ in range(200):
    p = low + 2 * random.randrange((high - low) // 2)
    socks = []
    try:
        for q in range(p, p + 4):
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            socks.append(s)
            s.bind(("127.0.0.1", q))
    except OSError:
        continue
    finally:
        for s in socks:
            s.close()
    print(p); sys.exit(0)
sys.exit(1)
EOF
}

# sipp_fields FILE NAME... : the named columns of the last line of a SIPp
# -trace_stat file, space separated (NA when missing). Durations
# (hh:mm:ss:usec) are converted to ms.
sipp_fields () {
  local file=$1
  shift
  awk -F';' -v names="$*" '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    { last = $0 }
    END {
      n = split(names, want, " "); split(last, f, ";"); out = ""
      for (i = 1; i <= n; i++) {
        v = (want[i] in col && last != "") ? f[col[want[i]]] : "NA"
        if (v ~ /^[0-9]+:[0-9]+:[0-9]+:[0-9]+$/) {
          split(v, t, ":"); v = sprintf("%.2f", (t[1] * 3600 + t[2] * 60 + t[3]) * 1000 + t[4] / 1000)
        }
        out = out (i > 1 ? " " : "") v
      }
      print out
    }' "$file" 2>/dev/null || echo NA
}

# socket_drops SERVER_PID SIPP_PID PHONE_PID CUSTOMER_MEDIA_PORT: one line
# per UDP socket of these processes, "who pid local-address drops" (ss
# skmem d: datagrams dropped because its receive buffer was full). The
# customers' RTP sockets (-mp, +2), which SIPp never reads, are left out.
socket_drops () {
  ss -uanmp 2>/dev/null | awk -v s="$1" -v c="$2" -v p="$3" -v m="$4" '
    /users:/ { who = ""; laddr = $4
               if (index($0, "pid=" s ",")) who = "server"
               else if (index($0, "pid=" c ",") && laddr != "127.0.0.1:" m &&
                        laddr != "127.0.0.1:" (m + 2)) who = "customers"
               else if (index($0, "pid=" p ",")) who = "phone"
               pid = who == "server" ? s : who == "customers" ? c : p; next }
    who != "" && /skmem:/ { d = 0; if (match($0, /,d[0-9]+\)/)) d = substr($0, RSTART + 2, RLENGTH - 3)
                            print who, pid, laddr, d; who = "" }'
}

# Sum over sockets of the largest count seen for each: server customers phone.
sum_drops () {
  awk '{ k = $1 " " $2 " " $3; if (!(k in m) || $4 > m[k]) m[k] = $4 }
       END { for (k in m) { split(k, w, " "); t[w[1]] += m[k] }
             printf "%d %d %d\n", t["server"], t["customers"], t["phone"] }' "$1" 2>/dev/null || echo "NA NA NA"
}

stat_nice () {  # ticks of niced processes, all CPUs (/proc/stat)
  awk '$1 == "cpu" { print $3; exit }' /proc/stat
}

child_of () {  # the first child of PID (timeout runs SIPp as its child)
  awk '{ print $1 }' "/proc/$1/task/$1/children" 2>/dev/null
}

wait_quiet () {
  local deadline=$((SECONDS + QUIET_WAIT)) b0 b1 pct
  [ "$QUIET_WAIT" -gt 0 ] || return 0
  while :; do
    # Niced processes (fuzzers, say) yield to ours: they do not count.
    b0=$(( $(stat_busy cpu) - $(stat_nice) )); sleep 2; b1=$(( $(stat_busy cpu) - $(stat_nice) ))
    pct=$(( (b1 - b0) * 100 / CLK_TCK / 2 ))
    [ "$pct" -lt 10 ] && return 0
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "(machine still busy: $pct % of one core; measuring anyway) " >&2
      return 0
    fi
  done
}

# The agents file and SIPp's injection file for them.
make_agents () {
  local dir=$1 i name
  {
    echo "# generated by callcenter-bench.sh: $AGENTS agents in queue support"
    printf '[queue support]\npriority=1\nno_agent=wait\n'
    for ((i = 1; i <= AGENTS; i++)); do
      printf -v name 'agent%03d' "$i"
      printf '[agent %s]\npassword=%s-secret\nqueues=support\n' "$name" "$name"
    done
  } >"$dir/agents.conf"
  {
    echo SEQUENTIAL
    for ((i = 1; i <= AGENTS; i++)); do
      printf -v name 'agent%03d' "$i"
      printf '%s;[authentication username=%s password=%s-secret]\n' "$name" "$name" "$name"
    done
  } >"$dir/agents.csv"
}

# Starts the agents' phone and registers every agent. Sets PHONE_PID
# (timeout's pid) and REGISTERED (agents the call centre logged as
# registered). Returns 1 when not all of them registered.
start_agents () {
  local dir=$1 phone_port media_port reg_port rc i
  phone_port=$(free_port "$SERVER_PORT") || return 1
  reg_port=$(free_port "$SERVER_PORT" "$phone_port") || return 1
  media_port=$(free_media_port "$PHONE_MEDIA_LOW" 29996) || return 1
  local -a phone_cmd=(timeout -k 5 $((DURATION + 300))
    sipp -sf "$AGENT_XML" -i 127.0.0.1 -p "$phone_port" -mi 127.0.0.1 -mp "$media_port"
    -rtp_echo -m 1000000 -l 5000 -nostdin -trace_err
    -trace_stat -stf "$dir/phone-stat.csv" -fd 1)
  echo "${phone_cmd[*]}" >"$dir/phone.cmd"
  (cd "$dir" && exec "${phone_cmd[@]}" >"$dir/phone.out" 2>&1 </dev/null) &
  PHONE_PID=$!
  sleep 0.5
  kill -0 "$PHONE_PID" 2>/dev/null || { echo "  the agents' phone (SIPp) did not start" >&2; return 1; }

  local -a reg_cmd=(timeout -k 5 60
    sipp -sf "$REGISTER_XML" "127.0.0.1:$SERVER_PORT" -inf "$dir/agents.csv"
    -m "$AGENTS" -r 100 -l 1000 -key agent_port "$phone_port" -key expires 3600
    -i 127.0.0.1 -p "$reg_port" -nostdin -timeout 30 -timeout_error -trace_err
    -trace_stat -stf "$dir/register-stat.csv" -fd 1)
  echo "${reg_cmd[*]}" >"$dir/register.cmd"
  (cd "$dir" && exec "${reg_cmd[@]}" >"$dir/register.out" 2>&1 </dev/null)
  rc=$?
  # The call centre logs each new registration.
  for ((i = 0; i < 20; i++)); do
    REGISTERED=$(grep -c ' registered at ' "$dir/server.out")
    [ "$REGISTERED" -ge "$AGENTS" ] && break
    sleep 0.1
  done
  if [ "$rc" -ne 0 ] || [ "$REGISTERED" -lt "$AGENTS" ]; then
    echo "  registration: SIPp exit $rc, $REGISTERED of $AGENTS agents registered" >&2
    return 1
  fi
  return 0
}

stop_phone () {  # SIGUSR1: SIPp stops taking calls and exits with its final stats
  local pid i
  [ -n "$PHONE_PID" ] || return 0
  pid=$(child_of "$PHONE_PID")
  [ -n "$pid" ] && kill -USR1 "$pid" 2>/dev/null
  for ((i = 0; i < 100; i++)); do
    kill -0 "$PHONE_PID" 2>/dev/null || break
    sleep 0.1
  done
  kill -TERM "$PHONE_PID" 2>/dev/null
  wait "$PHONE_PID" 2>/dev/null
  PHONE_PID=
}

# CDR analysis: one key=value line. Call-IDs of SIPp's customers are
# N-PID@host, N = 1 … calls created: each must have exactly one line.
analyse_cdr () {
  /usr/bin/python3 - "$1" "$2" <<'EOF'
import datetime, json, re, sys
path, created = sys.argv[1], int(sys.argv[2])
lines, bad, ids, outcomes, a2b, silent, rtp = 0, 0, {}, {}, [], 0, []
def t(s):
    return datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ").timestamp()
try:
    f = open(path)
except OSError:
    f = []
for line in f:
    lines += 1
    try:
        c = json.loads(line)
    except ValueError:
        bad += 1
        continue
    ids[c.get("call_id")] = ids.get(c.get("call_id"), 0) + 1
    o = c.get("outcome")
    outcomes[o] = outcomes.get(o, 0) + 1
    if c.get("queued") and c.get("answer"):
        a2b.append((t(c["answer"]) - t(c["queued"])) * 1000)
    if o == "answered":
        r = list(c.get("rtp", {}).values()) or [0]
        rtp.extend(r)
        if min(r) == 0:
            silent += 1
nums = {}
extra = 0
for cid, n in ids.items():
    m = re.match(r"^(\d+)-\d+@", cid or "")
    if m and 1 <= int(m.group(1)) <= created:
        nums[int(m.group(1))] = nums.get(int(m.group(1)), 0) + n
    else:
        extra += n
missing = sum(1 for k in range(1, created + 1) if k not in nums)
dup = sum(n - 1 for n in nums.values() if n > 1)
a2b.sort()
def pct(p):
    if not a2b:
        return "NA"
    return "%.0f" % a2b[min(len(a2b) - 1, max(0, -(-len(a2b) * p // 100) - 1))]
print("cdr_lines=%d cdr_bad=%d cdr_missing=%d cdr_dup=%d cdr_extra=%d answered=%d abandoned=%d "
      "no_agent=%d rejected=%d a2b_n=%d a2b_p50_ms=%s a2b_p99_ms=%s a2b_max_ms=%s silent=%d "
      "rtp_min=%s rtp_p50=%s rtp_max=%s" % (
      lines, bad, missing, dup, extra, outcomes.get("answered", 0), outcomes.get("abandoned", 0),
      outcomes.get("no-agent", 0), outcomes.get("rejected", 0), len(a2b), pct(50), pct(99),
      "%.0f" % a2b[-1] if a2b else "NA", silent,
      min(rtp) if rtp else "NA", sorted(rtp)[len(rtp) // 2] if rtp else "NA",
      max(rtp) if rtp else "NA"))
EOF
}

# ---------------------------------------------------------------- one run

FIELDS="target,status,calls,created,ok,failed,retrans,inv200_ms,cdr_lines,cdr_missing,cdr_dup,cdr_extra,answered,abandoned,no_agent,rejected,a2b_n,a2b_p50_ms,a2b_p99_ms,a2b_max_ms,silent,cpu_s,cpu_pct,cpu_ms_call,threads_idle,threads_peak,threads_end,rss_idle_mb,rss_peak_mb,rss_end_mb,agents_registered,agent_calls_ok,agent_calls_failed,sipp_cpu_pct,other_cpu_pct,udp_drops,left_at_end,server_warnings,niced_cpu_pct,sock_drops_server,sock_drops_customers,sock_drops_phone,rtp_min,rtp_p50,rtp_max"

# run_one LABEL SERVER_CMD...
run_one () {
  local label=$1
  shift
  local dir="$WORK/$label" status=OK rc cust_port cust_media sipp_pid='' phone_child=''
  local t0 t1 ticks0 ticks1 busy0 busy1 nice0 nice1 sticks1 pticks0 pticks1 drops0 drops1 n niced=NA
  local threads_idle rss_idle threads_peak=0 rss_max=0 th rss threads_end=NA rss_end=NA rss_peak=NA
  local created=NA ok=NA failed=NA retrans=NA inv200=NA cdr="" left=NA warnings=NA
  local sdrops_srv=NA sdrops_cust=NA sdrops_phone=NA agent_ok=NA agent_failed=NA cpu_s=NA cpu_pct=NA cpu_call=NA sipp_cpu=NA other=NA drops=NA
  REGISTERED=NA

  wait_quiet
  mkdir -p "$dir"
  ln -s /usr/share/sip-tester "$dir/pcap"
  if ! start_server "$label" "$dir" "$@"; then
    row "$label" NOSTART
    return 1
  fi
  if [ "$label" = callcenter ] && ! start_agents "$dir"; then
    status=NOAGENTS
  fi
  sleep 0.5
  threads_idle=$(status_field "$SERVER_PID" Threads)
  rss_idle=$(status_field "$SERVER_PID" VmRSS)
  cust_port=$(free_port "$SERVER_PORT") || { echo "no free port" >&2; return 1; }
  # The customers' RTP. The shipped customer.xml offers [auto_media_port]
  # (-mp + 4 × (call number − 1) mod 10000), where nothing listens, and
  # SIPp plays the pcap from that port. Those 10 000 ports met the
  # server's own RTP ports (10000-20000 by default) or the agents' echoing
  # phone: the RTP the server sent "to the customer" went into another
  # leg, looping through the bridges. So the customers run a copy that
  # offers [media_port] (-mp), SIPp's own RTP socket, which it binds but
  # never reads: the server sends to it (and latches onto it, symmetric
  # RTP) as to a real phone, and the kernel drops what overflows it.
  # (A fixed port SIPp does not send from would not do: the server latches
  # onto the pcap's source port, 0 then, and sends nothing.)
  cust_media=$(free_media_port "$PHONE_MEDIA_LOW" 29996) ||
    { echo "no free media port" >&2; return 1; }
  sed 's/\[auto_media_port\]/[media_port]/' "$CUSTOMER_XML" >"$dir/customer.xml"
  grep -q 'm=audio \[media_port\] ' "$dir/customer.xml" ||
    { echo "cannot make the customers' scenario from $CUSTOMER_XML" >&2; return 1; }

  local -a cust_cmd=(timeout -k 5 $((DURATION + 90))
    sipp -sf "$dir/customer.xml" "127.0.0.1:$SERVER_PORT" -s support -d "$TALK_MS"
    -r "$RATE" -rp 1000 -m "$CALLS" -l 5000
    -i 127.0.0.1 -p "$cust_port" -mi 127.0.0.1 -mp "$cust_media"
    -timeout $((DURATION + 60)) -timeout_error -nostdin -trace_err
    -trace_stat -stf "$dir/customers-stat.csv" -fd 1)
  echo "${cust_cmd[*]}" >"$dir/customers.cmd"

  drops0=$(udp_counter RcvbufErrors)
  [ -n "$PHONE_PID" ] && phone_child=$(child_of "$PHONE_PID")
  busy0=$(stat_busy cpu); nice0=$(stat_nice)
  ticks0=$(cpu_ticks "$SERVER_PID")
  pticks0=$(cpu_ticks "${phone_child:-0}" || echo 0)
  t0=$EPOCHREALTIME
  if [ "$status" = OK ]; then
    (cd "$dir" && exec "${cust_cmd[@]}" >"$dir/customers.out" 2>&1 </dev/null) &
    CUSTOMERS_PID=$!
    while kill -0 "$CUSTOMERS_PID" 2>/dev/null; do
      [ -z "$sipp_pid" ] && sipp_pid=$(child_of "$CUSTOMERS_PID") && sticks1=$(cpu_ticks "$sipp_pid")
      [ -n "$sipp_pid" ] && sticks1=$(cpu_ticks "$sipp_pid" || echo "$sticks1")
      th=$(status_field "$SERVER_PID" Threads); rss=$(status_field "$SERVER_PID" VmRSS)
      [ -n "$th" ] && [ "$th" -gt "$threads_peak" ] && threads_peak=$th
      [ -n "$rss" ] && [ "$rss" -gt "$rss_max" ] && rss_max=$rss
      socket_drops "$SERVER_PID" "${sipp_pid:-0}" "${phone_child:-0}" "$cust_media" >>"$dir/drops.txt"
      sleep 1
    done
    wait "$CUSTOMERS_PID"
    rc=$?
    CUSTOMERS_PID=
  else
    rc=NA
  fi
  t1=$EPOCHREALTIME
  busy1=$(stat_busy cpu); nice1=$(stat_nice)
  pticks1=$(cpu_ticks "${phone_child:-0}" || echo "$pticks0")
  drops1=$(udp_counter RcvbufErrors)
  [ -n "$drops0" ] && [ -n "$drops1" ] && drops=$((drops1 - drops0))

  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    status=CRASH
    wait "$SERVER_PID" 2>/dev/null
    SERVER_PID=
    sed 's/^/    server: /' "$dir/server.err" | tail -5 >&2
  else
    ticks1=$(cpu_ticks "$SERVER_PID")
    # The last calls' BYE/200 are done when SIPp exits; give the server a
    # moment to end the agents' legs too.
    sleep 1
    threads_end=$(status_field "$SERVER_PID" Threads)
    rss_end=$(status_field "$SERVER_PID" VmRSS)
    rss_peak=$(status_field "$SERVER_PID" VmHWM)
    stop_phone
    stop_pid "$SERVER_PID"
    local src=$?
    SERVER_PID=
    [ "$src" -ne 0 ] && { echo "  note: $label exited with status $src after SIGTERM" >&2; status=EXIT$src; }
  fi
  [ -n "$PHONE_PID" ] && stop_phone

  if [ "$rc" != NA ]; then
    read -r created ok failed retrans inv200 <<<"$(sipp_fields "$dir/customers-stat.csv" \
      OutgoingCall\(C\) SuccessfulCall\(C\) FailedCall\(C\) Retransmissions\(C\) ResponseTime1\(C\))"
    case $rc in
      0) ;;
      1) [ "$status" = OK ] && status=FAILED ;;
      255) [ "$status" = OK ] && status=FATAL ;;
      124|137) [ "$status" = OK ] && status=TIMEOUT ;;
      *) [ "$status" = OK ] && status="RC$rc" ;;
    esac
    [ "$status" = OK ] && [ "$ok" != "$CALLS" ] && status=SHORT
  fi
  if [ -n "$t0" ] && [ -n "${ticks1:-}" ]; then
    read -r cpu_s cpu_pct cpu_call <<<"$(awk -v a="$ticks0" -v b="$ticks1" -v hz="$CLK_TCK" \
      -v t0="$t0" -v t1="$t1" -v n="$created" 'BEGIN {
        s = (b - a) / hz; w = t1 - t0
        printf "%.2f %.1f %s\n", s, s * 100 / w, (n + 0 > 0 ? sprintf("%.2f", s * 1000 / n) : "NA") }')"
  fi
  if [ -n "$sipp_pid" ] && [ -n "${sticks1:-}" ]; then
    # SIPp customers (from its start: its ticks0 is 0) plus the phone.
    sipp_cpu=$(awk -v c="$sticks1" -v p0="$pticks0" -v p1="$pticks1" -v hz="$CLK_TCK" \
      -v t0="$t0" -v t1="$t1" 'BEGIN { printf "%.1f", (c + p1 - p0) * 100 / hz / (t1 - t0) }')
    # Everything else that ran meanwhile: busy time of all CPUs minus the
    # server and SIPp, split into niced processes (which yield to ours)
    # and the rest.
    [ -n "${ticks1:-}" ] && other=$(awk -v b0="$busy0" -v b1="$busy1" -v s="$((ticks1 - ticks0))" \
      -v c="$sticks1" -v p="$((pticks1 - pticks0))" -v n="$((nice1 - nice0))" -v hz="$CLK_TCK" \
      -v t0="$t0" -v t1="$t1" \
      'BEGIN { o = (b1 - b0 - n - s - c - p) * 100 / hz / (t1 - t0); printf "%.1f", (o < 0 ? 0 : o) }')
    niced=$(awk -v n="$((nice1 - nice0))" -v hz="$CLK_TCK" -v t0="$t0" -v t1="$t1" \
      'BEGIN { printf "%.1f", n * 100 / hz / (t1 - t0) }')
  fi
  warnings=$(grep -c -E 'WARNING|CRITICAL|ERROR' "$dir/server.err")
  read -r sdrops_srv sdrops_cust sdrops_phone <<<"$(sum_drops "$dir/drops.txt")"
  if [ "$label" = callcenter ]; then
    cdr=$(analyse_cdr "$dir/cdr.jsonl" "${created/NA/0}")
    left=$(grep -m1 -o 'hanging up [0-9]* calls' "$dir/server.out" | awk '{ print $3 }')
    grep -q 'calls never reported their end' "$dir/server.err" && left="$left+unreported"
    read -r agent_ok agent_failed <<<"$(sipp_fields "$dir/phone-stat.csv" SuccessfulCall\(C\) FailedCall\(C\))"
    if [ "$status" = OK ]; then
      if [ "$(kv cdr_missing "$cdr")" != 0 ] || [ "$(kv cdr_dup "$cdr")" != 0 ] ||
         [ "$(kv cdr_extra "$cdr")" != 0 ] || [ "$(kv cdr_bad "$cdr")" != 0 ]; then
        status=CDR
      elif [ "$(kv answered "$cdr")" != "$created" ]; then
        status=UNANSWERED
      elif awk -v m="$(kv rtp_max "$cdr")" -v p="$(kv rtp_p50 "$cdr")" 'BEGIN { exit !(m > 3 * p) }'; then
        status=RTPLOOP   # a call carried > 3x the median's packets
      fi
    fi
  fi
  # Errors seen by SIPp, for the report.
  # (SIPp always notes where it found the pcap: not an error.)
  for f in "$dir"/*_errors.log; do
    [ -s "$f" ] || continue
    n=$(grep -o '[0-9]\{10\}\.[0-9]\{6\}: [^:]*' "$f" | grep -vc 'prefers looking for pcap')
    [ "$n" -gt 0 ] && echo "  $label: $n events in SIPp's $(basename "$f") (KEEP_TMP=1 keeps it)" >&2
  done

  row "$label" "$status" "$CALLS" "$created" "$ok" "$failed" "$retrans" "$inv200" \
    "$(kv cdr_lines "$cdr")" "$(kv cdr_missing "$cdr")" "$(kv cdr_dup "$cdr")" "$(kv cdr_extra "$cdr")" \
    "$(kv answered "$cdr")" "$(kv abandoned "$cdr")" "$(kv no_agent "$cdr")" "$(kv rejected "$cdr")" \
    "$(kv a2b_n "$cdr")" "$(kv a2b_p50_ms "$cdr")" "$(kv a2b_p99_ms "$cdr")" "$(kv a2b_max_ms "$cdr")" \
    "$(kv silent "$cdr")" "$cpu_s" "$cpu_pct" "$cpu_call" "$threads_idle" "$threads_peak" "$threads_end" \
    "$(mb "$rss_idle")" "$(mb "$rss_peak")" "$(mb "$rss_end")" "$REGISTERED" "$agent_ok" "$agent_failed" \
    "$sipp_cpu" "$other" "$drops" "$left" "$warnings" "$niced" \
    "$sdrops_srv" "$sdrops_cust" "$sdrops_phone" "$(kv rtp_min "$cdr")" "$(kv rtp_p50 "$cdr")" \
    "$(kv rtp_max "$cdr")"
}

mb () { awk -v k="$1" 'BEGIN { if (k == "" || k == "NA") print "NA"; else printf "%.1f", k / 1024 }'; }

row () {  # row FIELD... : tab separated, NA for empty or missing fields
  local n_fields=45 out="" i=0 f
  for f in "$@"; do out+="${out:+$'\t'}${f:-NA}"; i=$((i + 1)); done
  while [ $i -lt $n_fields ]; do out+=$'\tNA'; i=$((i + 1)); done
  printf '%s\n' "$out" >>"$ROWS"
}

# ---------------------------------------------------------------- main

ROWS="$WORK/rows.tsv"
: >"$ROWS"
echo "call-centre benchmark: $(date -u '+%Y-%m-%d %H:%M UTC'), $NCPU CPU(s), $(uname -r)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min)"
echo "customers: $RATE calls/s for $DURATION s ($CALLS calls), each hangs up $TALK_MS ms after its answer;"
echo "call centre: $AGENTS agents in queue support, wrap-up $WRAP_UP s; one SIPp phone (-rtp_echo) for all"
echo

for label in $TARGETS; do
  printf '%-11s ... ' "$label" >&2
  case $label in
    baseline)
      run_one baseline "$BASELINE" --address 127.0.0.1 --port 0 --max-sessions 100000 ;;
    callcenter)
      mkdir -p "$WORK/callcenter"
      make_agents "$WORK/callcenter"
      run_one callcenter "$CALLCENTER" --address 127.0.0.1 --port 0 --agents "$WORK/callcenter/agents.conf" \
        --wrap-up "$WRAP_UP" --ring-timeout 15 --no-agent-wait 30 --cdr "$WORK/callcenter/cdr.jsonl" ;;
  esac
  awk -F'\t' '{ printf "%s: %s of %s calls ok, %s failed, cpu %s%%\n", $2, $5, $3, $6, $23 }' \
    <<<"$(tail -n 1 "$ROWS")" >&2
done

{
  echo "$FIELDS"
  tr '\t' ',' <"$ROWS"
} >"$RESULTS_CSV"

echo
awk -F'\t' '
  BEGIN {
    fmt = "%-10s %-8s %6s %6s %6s %5s %6s %6s %5s %5s %5s %6s %7s %6s %11s %17s %6s %6s\n"
    printf fmt, "target", "status", "calls", "ok", "failed", "retr", "INV200", "CDRs", "lost", "dup", "a->b", "a->b", "cpu", "cpu", "threads", "RSS MB", "sipp", "other"
    printf fmt, "", "", "sipp", "", "", "", "ms", "", "", "", "p50ms", "p99ms", "%1core", "ms/cl", "idle/peak", "idle/peak/end", "cpu%", "cpu%"
  }
  { printf fmt, $1, $2, $4, $5, $6, $7, $8, $9, $10, $11, $18, $19, $23, $24, $25 "/" $26, $28 "/" $29 "/" $30, $34, $35 }
' "$ROWS"
echo
awk -F'\t' '
  $1 == "callcenter" {
    printf "callcenter: %s agents registered with digest; CDR outcomes: %s answered, %s abandoned, %s no-agent, %s rejected; %s answered with no RTP in some direction; answer->bridge max %s ms over %s calls; agents phone (SIPp): %s calls ok, %s failed; calls still up at SIGTERM: %s\n",
      $31, $13, $14, $15, $16, $21, $20, $17, $32, $33, $37
  }
  $1 == "callcenter" {
    printf "callcenter: RTP packets per direction per bridged call (customer in/out, agent in/out): min %s, median %s, max %s\n", $43, $44, $45
  }
  { printf "%s: socket drops (full receive buffer, ss, sampled each second) server %s, SIPp customers %s, SIPp phone %s; whole machine %s (including other jobs and the customers RTP socket, which SIPp never reads); %s warnings in the server log; threads at the end %s; niced processes used %s %% of one core meanwhile\n", $1, $40, $41, $42, $36, $38, $27, $39 }
' "$ROWS"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "per-run results: $RESULTS_CSV"
