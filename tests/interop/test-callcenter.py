#!/usr/bin/python3
# test-callcenter.py: the shipped sessioncore-callcenter, driven as a user
# would: started with --port 0, agents played by SIPp (REGISTER with
# digest, phones answering with -rtp_echo, or never answering), customers
# played by SIPp, then SIGTERM; the CDR file and the output checked.
#
#   test-callcenter.py CASE     CASE: bridge, auth, no-agent, no-agent-reject,
#                                     abandon, ring-timeout, transfer, demo,
#                                     one-agent
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Environment: SESSIONCORE_CALLCENTER (the program; meson sets it): the C
# sessioncore-callcenter, examples/call_center.py (the same engine in
# Python, run with this interpreter) or examples/call_center.js (a minimal
# queue in gjs: only the one-agent case); the typelib, library and
# override paths come from the environment. Exit status 0 when every check passed,
# 77 to skip, 1 otherwise (meson protocol 'exitcode'); progress goes to
# stdout.

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.join(HERE, "..", "..", "examples", "callcenter")
PASSWORDS = {"alice": "alice-secret", "bob": "bob-secret"}   # the built-in agents


def program():
    """The call centre's command line: a .py engine runs with this Python,
    a .js one with gjs."""
    path = os.environ["SESSIONCORE_CALLCENTER"]
    if path.endswith(".js"):
        return ["gjs", "-m", path]
    return [sys.executable, path] if path.endswith(".py") else [path]


class Failure(Exception):
    pass


class Skip(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)
    print(f"ok: {message}", flush=True)


def free_udp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scenario(name):
    for d in (HERE, EXAMPLES):
        if os.path.exists(os.path.join(d, name)):
            return os.path.join(d, name)
    raise Failure(f"no scenario {name}")


class Run:
    """One call centre and the SIPp processes around it, in a temp dir."""

    def __init__(self, extra_args):
        self.dir = tempfile.mkdtemp(prefix="callcenter-test-")
        os.symlink("/usr/share/sip-tester", os.path.join(self.dir, "pcap"))
        self.cdr = os.path.join(self.dir, "cdr.jsonl")
        self.processes = []
        self.out = open(os.path.join(self.dir, "center.out"), "w+b")
        self.err = open(os.path.join(self.dir, "center.err"), "w+b")
        args = program() + ["--address", "127.0.0.1",
                "--port", "0", "--cdr", self.cdr] + extra_args
        print("running:", " ".join(args), flush=True)
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=self.out,
                                     stderr=self.err, cwd=self.dir)
        line = self.wait_output(r"listening on 127\.0\.0\.1:(\d+)\n", 10)
        self.port = int(line.group(1))
        self.target = f"127.0.0.1:{self.port}"

    def output(self):
        self.out.seek(0)
        return self.out.read().decode(errors="replace")

    def wait_output(self, pattern, timeout):
        deadline = time.monotonic() + timeout
        while True:
            match = re.search(pattern, self.output())
            if match:
                return match
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise Failure(f"the call centre did not print /{pattern}/ within {timeout} s")
            time.sleep(0.05)

    def sipp(self, args, timeout=40, name="sipp"):
        port = free_udp_port()
        full = ["timeout", "--kill-after=5", str(timeout + 10), "sipp"] + args + [
            "-i", "127.0.0.1", "-p", str(port), "-mi", "127.0.0.1",
            "-timeout", str(timeout), "-timeout_error", "-nostdin", "-trace_err"] + (["-trace_msg"] if os.environ.get("TRACE") else [])
        print("running:", " ".join(full), flush=True)
        out = open(os.path.join(self.dir, f"{name}-{port}.out"), "wb")
        proc = subprocess.Popen(full, cwd=self.dir, stdin=subprocess.DEVNULL,
                                stdout=out, stderr=subprocess.STDOUT)
        proc.sip_port = port
        self.processes.append(proc)
        return proc

    def agent_phone(self, xml="agent.xml", calls=10):
        """An agent's phone (SIPp UAS) on a free port; returns (process, port)."""
        media = free_udp_port() & ~1
        proc = self.sipp(["-sf", scenario(xml), "-m", str(calls), "-rtp_echo",
                          "-mp", str(media)], timeout=55, name="phone")
        time.sleep(0.3)   # bound before anything calls it
        return proc

    def register(self, name, phone, password=None, xml="agent-register.xml"):
        """Registers @phone as agent @name; returns SIPp's exit status."""
        proc = self.sipp(["-sf", scenario(xml), self.target, "-m", "1", "-s", name,
                          "-au", name, "-ap", password or PASSWORDS[name],
                          "-key", "agent_port", str(phone.sip_port),
                          "-key", "expires", "300"], timeout=10, name="register-" + name)
        return proc.wait(timeout=30)

    def customers(self, args, timeout=50):
        return self.sipp(args + [self.target], timeout=timeout, name="customers")

    def stop(self):
        """SIGTERM: returns (exit status, output)."""
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=10)
        return code, self.output()

    def cdrs(self):
        if not os.path.exists(self.cdr):
            return []
        with open(self.cdr) as f:
            return [json.loads(line) for line in f]

    def close(self, ok):
        for p in [self.proc] + self.processes:
            if p.poll() is None:
                p.kill()
                p.wait()
        if not ok:
            for name in sorted(os.listdir(self.dir)):
                if name.endswith((".out", ".err", "_errors.log", ".jsonl", "_messages.log")):
                    with open(os.path.join(self.dir, name), "rb") as f:
                        text = f.read().decode(errors="replace")
                    print(f"---- {name} (last 4000 characters)\n{text[-4000:]}")
        shutil.rmtree(self.dir, ignore_errors=True)


def finish(run, expect_cdrs):
    code, out = run.stop()
    check(code == 0, f"the call centre exited 0 after SIGTERM (got {code})")
    check(f"; {expect_cdrs} CDRs;" in out, f"its summary counts {expect_cdrs} CDRs")
    cdrs = run.cdrs()
    check(len(cdrs) == expect_cdrs, f"{len(cdrs)} CDR lines (want {expect_cdrs})")
    check(len({c["call_id"] for c in cdrs}) == expect_cdrs, "one CDR per call")
    return cdrs, out


# ---------------------------------------------------------------------------

def case_bridge(run):
    """(a) Two agents, five customers playing a recorded voice: all bridged,
    split 3/2, audio both ways through each bridge, one CDR each."""
    if os.geteuid() != 0:
        raise Skip("SIPp plays the customers' audio through a raw socket: needs root")
    alice = run.agent_phone(calls=5)
    bob = run.agent_phone(calls=5)
    check(run.register("alice", alice) == 0, "alice registered (401 challenge, then 200)")
    check(run.register("bob", bob) == 0, "bob registered")
    # One customer every 4 s, each hanging up 6 s after the answer: with a
    # 1 s wrap-up each finds an agent within ~2 s.
    customers = run.customers(["-sf", scenario("customer.xml"), "-s", "support",
                               "-m", "5", "-r", "1", "-rp", "4000", "-d", "6000"])
    status = customers.wait(timeout=60)
    check(status == 0, f"SIPp's 5 customers all completed (exit {status})")
    cdrs, out = finish(run, 5)
    for c in cdrs:
        check(c["outcome"] == "answered" and c["hangup_by"] == "customer" and
              c["queue"] == "support",
              f"{c['caller']}: answered by {c['agent']} after {c['wait_s']} s, "
              f"talked {c['talk_s']} s, hung up by the customer")
        rtp = c["rtp"]
        # customer_in: the voice arriving; agent_out: relayed to the agent;
        # agent_in: the agent's echo; customer_out: relayed back.
        check(min(rtp.values()) >= 50,
              f"{c['caller']}: RTP through the bridge both ways {rtp}")
        check(c["wait_s"] < 4.0 and c["talk_s"] > 2.0, f"{c['caller']}: waited < 4 s, talked > 2 s")
        check(c["arrival"] <= c["queued"] <= c["answer"] <= c["end"],
              f"{c['caller']}: arrival {c['arrival']} <= queued {c['queued']} <= answer <= end")
    split = sorted(sum(1 for c in cdrs if c["agent"] == a) for a in ("alice", "bob"))
    check(split == [2, 3], f"calls split 3/2 between the agents (got {split})")
    check("summary: 5 calls, 5 answered" in out, "the summary: 5 calls, 5 answered")


def case_auth(run):
    """(e) A wrong password is refused (401), registers nothing; after three
    failures in a row even the right one gets 403 for a while."""
    phone = run.agent_phone(calls=1)
    for attempt in (1, 2, 3):
        status = run.register("alice", phone, "wrong-password",
                              xml="callcenter-register-refused.xml")
        check(status == 0, f"wrong password, attempt {attempt}: challenged, then refused")
    out = run.output()
    check(out.count("wrong credentials for 'alice'") == 3, "three failures logged")
    check("3 failed attempts, refused for 30 s" in out, "alice locked out after 3 failures")
    check("agent alice registered" not in out, "alice was never registered")
    status = run.register("alice", phone)
    check(status != 0, "the right password is refused too while locked out (403)")
    check("agent alice registered" not in run.output(), "still not registered")
    # No agent: a customer is told so (no-agent), proving nothing registered.
    customers = run.customers(["-sf", scenario("callcenter-customer-waits.xml"),
                               "-s", "support", "-m", "1"])
    check(customers.wait(timeout=30) == 0, "a customer got the no-agent treatment")
    cdrs, _ = finish(run, 1)
    check(cdrs[0]["outcome"] == "no-agent", "its CDR says no-agent")


def case_no_agent(run):
    """(b) No agent registered: answered, a tone, hung up after the wait."""
    customers = run.customers(["-sf", scenario("callcenter-customer-waits.xml"),
                               "-s", "support", "-m", "2", "-r", "2"])
    t0 = time.monotonic()
    check(customers.wait(timeout=30) == 0, "2 customers answered, then hung up by the server")
    check(time.monotonic() - t0 >= 2.5, "after about the 3 s --no-agent-wait")
    cdrs, _ = finish(run, 2)
    for c in cdrs:
        check(c["outcome"] == "no-agent" and c["hangup_by"] == "server" and
              c["agent"] is None and 2.5 <= c["wait_s"] <= 6,
              f"{c['caller']}: no-agent, hung up by the server after {c['wait_s']} s")


def case_no_agent_reject(run):
    """(b') no_agent=reject: 480 and a 'rejected' CDR."""
    customers = run.customers(["-sf", scenario("callcenter-customer-480.xml"),
                               "-s", "support", "-m", "2", "-r", "2"])
    check(customers.wait(timeout=30) == 0, "2 customers refused with 480")
    cdrs, _ = finish(run, 2)
    for c in cdrs:
        check(c["outcome"] == "rejected" and c["answer"] is None and c["queued"] is None,
              f"{c['caller']}: rejected, never answered")


def case_abandon(run):
    """(c) A customer who hangs up while waiting (its agent still ringing)
    leaves the queue: the agent's phone gets CANCEL, the CDR says abandoned."""
    phone = run.agent_phone(xml="callcenter-agent-noanswer.xml", calls=1)
    check(run.register("alice", phone) == 0, "alice registered (her phone never answers)")
    customers = run.customers(["-sn", "uac", "-s", "support", "-m", "1", "-d", "2000"])
    check(customers.wait(timeout=30) == 0, "the customer hung up after 2 s of waiting")
    check(phone.wait(timeout=10) == 0, "alice's ringing phone got CANCEL")
    cdrs, out = finish(run, 1)
    c = cdrs[0]
    check(c["outcome"] == "abandoned" and c["hangup_by"] == "customer" and c["agent"] is None
          and c["answer"] is None, f"CDR: abandoned by the customer after {c['wait_s']} s")
    check("summary: queue support: 1 offered, 0 answered, 1 abandoned" in out,
          "the queue counts it abandoned")


def case_ring_timeout(run):
    """(d) The longest-idle agent never answers: CANCELled after the ring
    timeout, the next agent takes the customer."""
    silent = run.agent_phone(xml="callcenter-agent-noanswer.xml", calls=1)
    check(run.register("alice", silent) == 0, "alice registered first (longest idle)")
    bob = run.agent_phone(calls=1)
    check(run.register("bob", bob) == 0, "bob registered")
    customers = run.customers(["-sn", "uac", "-s", "support", "-m", "1", "-d", "3000"])
    check(customers.wait(timeout=30) == 0, "the customer's call completed")
    check(silent.wait(timeout=10) == 0, "alice's phone rang and was CANCELled")
    check(bob.wait(timeout=10) == 0, "bob's phone answered and was hung up")
    cdrs, out = finish(run, 1)
    c = cdrs[0]
    check(c["agent"] == "bob" and c["outcome"] == "answered" and c["wait_s"] >= 2.0,
          f"CDR: answered by bob after {c['wait_s']} s (the 2 s ring timeout)")
    check("did not answer within 2 s" in out, "alice's timeout was logged")
    check("summary: agent alice: 0 calls answered, 1 missed" in out, "alice: 1 missed")


def case_transfer(run):
    """(g) Blind transfer: the agent who answers REFERs the customer to
    another agent, who is called and bridged; the first agent's leg ends."""
    alice = run.sipp(["-sf", scenario("callcenter-agent-transfers.xml"), "-m", "1",
                      "-key", "target", "bob", "-mp", str(free_udp_port() & ~1)],
                     timeout=30, name="phone")
    time.sleep(0.3)
    check(run.register("alice", alice) == 0, "alice registered first (longest idle)")
    bob = run.agent_phone(calls=1)
    check(run.register("bob", bob) == 0, "bob registered")
    customers = run.customers(["-sn", "uac", "-s", "support", "-m", "1", "-d", "5000"])
    check(customers.wait(timeout=30) == 0, "the customer's call completed")
    check(alice.wait(timeout=10) == 0, "alice answered, sent REFER (202), was hung up")
    check(bob.wait(timeout=10) == 0, "bob answered the transferred customer")
    cdrs, out = finish(run, 1)
    c = cdrs[0]
    check(c["agent"] == "bob" and c["transferred_from"] == "alice" and
          c["outcome"] == "answered" and c["hangup_by"] == "customer",
          f"CDR: answered, transferred from alice to bob ({c})")
    check("agent alice transfers" in out, "the transfer was logged")


def case_one_agent(run):
    """(h) The common core, which the minimal gjs queue has too: one agent
    registers with digest, one customer is answered, bridged to it, hangs
    up; one CDR."""
    phone = run.agent_phone(calls=1)
    check(run.register("alice", phone) == 0, "alice registered (401 challenge, then 200)")
    customers = run.customers(["-sn", "uac", "-s", "support", "-m", "1", "-d", "3000"])
    check(customers.wait(timeout=30) == 0, "the customer's call completed")
    check(phone.wait(timeout=10) == 0, "alice's phone answered and was hung up")
    cdrs, out = finish(run, 1)
    c = cdrs[0]
    check(c["agent"] == "alice" and c["outcome"] == "answered" and c["queue"] == "support"
          and c["hangup_by"] == "customer" and c["talk_s"] > 2.0,
          f"CDR: answered by alice after {c['wait_s']} s, talked {c['talk_s']} s")
    check("bridged to agent alice" in out, "the bridge was logged")


def case_demo(run_unused):
    """(f) --demo runs to completion by itself."""
    workdir = tempfile.mkdtemp(prefix="callcenter-demo-test-")
    try:
        args = program() + ["--demo", "--wrap-up", "1", "--quiet",
                            "--cdr", os.path.join(workdir, "cdr.jsonl")]
        print("running:", " ".join(args), flush=True)
        proc = subprocess.run(args, cwd=workdir, stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=55)
        out = proc.stdout.decode(errors="replace")
        print(out)
        check(proc.returncode == 0, f"--demo exited 0 (got {proc.returncode})")
        match = re.search(r"summary: (\d+) calls, (\d+) answered", out)
        check(match is not None and match.group(1) == "6",
              "the summary counts the demo's 6 calls")
        check(int(match.group(2)) >= 4, f"{match.group(2)} of them answered by an agent")
        with open(os.path.join(workdir, "cdr.jsonl")) as f:
            check(len(f.readlines()) == 6, "6 CDRs")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


CASES = {
    "bridge": (case_bridge, ["--wrap-up", "1", "--ring-timeout", "5"]),
    "auth": (case_auth, ["--no-agent-wait", "1"]),
    "no-agent": (case_no_agent, ["--no-agent-wait", "3"]),
    "no-agent-reject": (case_no_agent_reject, ["--queues", "REJECT"]),
    "abandon": (case_abandon, ["--ring-timeout", "10"]),
    "ring-timeout": (case_ring_timeout, ["--ring-timeout", "2", "--wrap-up", "1"]),
    "transfer": (case_transfer, ["--wrap-up", "1"]),
    "demo": (case_demo, None),
    "one-agent": (case_one_agent, []),
}


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in CASES:
        print(f"usage: {sys.argv[0]} {'|'.join(CASES)}")
        return 2
    program = os.environ.get("SESSIONCORE_CALLCENTER")
    if not program or not os.access(program, os.R_OK if program.endswith((".py", ".js"))
                                    else os.X_OK):
        print(f"SESSIONCORE_CALLCENTER is not an executable, .py or .js file: {program!r}")
        return 1
    if program.endswith(".js") and shutil.which("gjs") is None:
        print("gjs is not installed")
        return 77
    if shutil.which("sipp") is None:
        print("sipp (package sip-tester) is not installed")
        return 77
    func, args = CASES[sys.argv[1]]
    print(f"# {func.__doc__.strip()}", flush=True)
    if args is None:
        try:
            func(None)
            return 0
        except (Failure, subprocess.TimeoutExpired) as e:
            print(f"FAIL: {e}")
            return 1
    queues = None
    if "REJECT" in args:
        queues = tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False)
        queues.write("[queue support]\nno_agent=reject\n[queue sales]\n")
        queues.close()
        args = [queues.name if a == "REJECT" else a for a in args]
    run = None
    ok = False
    try:
        run = Run(args)
        func(run)
        ok = True
    except Skip as e:
        print(f"SKIP: {e}")
        ok = True
        return 77
    except (Failure, subprocess.TimeoutExpired) as e:
        print(f"FAIL: {e}")
    finally:
        if run is not None:
            run.close(ok)
        if queues is not None:
            os.unlink(queues.name)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
