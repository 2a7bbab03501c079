#!/usr/bin/python3
# test-server-program.py: the shipped sessioncore-server, driven as a user
# would: started with --port 0, called 20 times by SIPp's built-in UAC,
# stopped with SIGTERM. Once signalling only (--no-media), once with media;
# then once more stopped while calls are up (it must hang them up).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Environment: SESSIONCORE_SERVER (path of the program; meson's
# gi_test_env sets it). Exit status 0 when every check passed, 1 otherwise
# (meson protocol 'exitcode'); progress goes to stdout.

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

CALLS = 20
SIPP_TIMEOUT_S = 60          # SIPp's own -timeout
READY_TIMEOUT_S = 10         # until "listening on ..."
EXIT_TIMEOUT_S = 5           # after SIGTERM


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)
    print(f"ok: {message}")


def free_udp_port():
    """A port on 127.0.0.1 nobody holds now (never SIPp's default 5060)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(server, extra_args, workdir):
    # Output goes to files: the server never blocks on a full pipe, and the
    # "listening on" line is flushed at once (the rest when it exits).
    out = open(os.path.join(workdir, "server.out"), "w+b")
    err = open(os.path.join(workdir, "server.err"), "w+b")
    proc = subprocess.Popen([server, "--address", "127.0.0.1", "--port", "0"] + extra_args,
                            stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                            cwd=workdir)
    deadline = time.monotonic() + READY_TIMEOUT_S
    while True:
        out.seek(0)
        first = out.readline()
        if first.endswith(b"\n"):
            break
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            proc.wait()
            err.seek(0)
            raise Failure(f"server did not print 'listening on' (got {first!r}, "
                          f"stderr {err.read()[-2000:]!r})")
        time.sleep(0.02)
    match = re.fullmatch(rb"listening on 127\.0\.0\.1:(\d+)\n", first)
    check(match is not None, f"server says {first.decode().strip()!r}")
    port = int(match.group(1))
    check(port != 0, f"--port 0 bound a real port ({port})")
    return proc, port, out, err


def run_sipp(port, workdir):
    sipp_port = free_udp_port()
    args = ["timeout", "--kill-after=5", str(SIPP_TIMEOUT_S + 10),
            "sipp", "-sn", "uac", f"127.0.0.1:{port}",
            "-m", str(CALLS), "-r", "10",
            "-i", "127.0.0.1", "-p", str(sipp_port), "-mi", "127.0.0.1",
            "-timeout", str(SIPP_TIMEOUT_S), "-timeout_error",
            "-nostdin", "-trace_err"]
    print("running:", " ".join(args))
    with open(os.path.join(workdir, "sipp.out"), "wb") as out:
        proc = subprocess.run(args, cwd=workdir, stdin=subprocess.DEVNULL,
                              stdout=out, stderr=subprocess.STDOUT,
                              timeout=SIPP_TIMEOUT_S + 30)
    return proc.returncode


def dump(workdir):
    for name in sorted(os.listdir(workdir)):
        if name.endswith((".out", ".err", "_errors.log")):
            with open(os.path.join(workdir, name), "rb") as f:
                text = f.read().decode(errors="replace")
            print(f"---- {name} (last 3000 characters)")
            print(text[-3000:])


def run_case(server, extra_args):
    print(f"# sessioncore-server {' '.join(extra_args) or '(media on)'}")
    workdir = tempfile.mkdtemp(prefix="sessioncore-server-test-")
    proc = None
    ok = False
    try:
        proc, port, out, err = start_server(server, extra_args, workdir)

        status = run_sipp(port, workdir)
        check(status == 0, f"SIPp placed {CALLS} calls, all successful (exit {status})")
        check(proc.poll() is None, "the server still runs after the calls")

        proc.send_signal(signal.SIGTERM)
        t0 = time.monotonic()
        try:
            code = proc.wait(timeout=EXIT_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise Failure(f"the server did not exit within {EXIT_TIMEOUT_S} s of SIGTERM")
        check(code == 0, f"the server exited with status {code} "
                         f"{time.monotonic() - t0:.2f} s after SIGTERM")

        out.seek(0)
        lines = out.read().decode().splitlines()
        started = [l for l in lines if l.startswith("call started: ")]
        ended = [l for l in lines if l.startswith("call ended: ")]
        check(len(started) == CALLS, f"{len(started)} 'call started' lines (want {CALLS})")
        check(len(ended) == CALLS, f"{len(ended)} 'call ended' lines (want {CALLS})")
        # Each call started and ended once, hung up by SIPp (BYE).
        started_ids = {l.split()[2] for l in started}
        ended_ids = {l.split()[2] for l in ended}
        check(len(started_ids) == CALLS and started_ids == ended_ids,
              "the same sessions started and ended")
        check(all(" Terminated (" in l for l in ended),
              "every call ended Terminated")
        check(f"shutting down after {CALLS} calls" in lines,
              "the server reported its call count on SIGTERM")
        err.seek(0)
        errors = err.read().decode(errors="replace")
        check("CRITICAL" not in errors and "WARNING" not in errors,
              "no warnings on stderr")
        ok = True
    except (Failure, subprocess.TimeoutExpired) as e:
        print(f"FAIL: {e}")
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()
        if not ok:
            dump(workdir)
        shutil.rmtree(workdir, ignore_errors=True)
    return ok


def count_sipp_messages(workdir, prefix):
    """Messages starting with @prefix in SIPp's -trace_msg log so far."""
    n = 0
    for name in os.listdir(workdir):
        if name.endswith("_messages.log"):
            with open(os.path.join(workdir, name), "rb") as f:
                n += sum(1 for line in f if line.startswith(prefix))
    return n


def run_sigterm_during_calls(server):
    """SIGTERM while 3 calls are up: the server hangs each up (BYE), then
    exits 0 within EXIT_TIMEOUT_S."""
    active = 3
    print(f"# sessioncore-server --no-media, SIGTERM with {active} calls up")
    workdir = tempfile.mkdtemp(prefix="sessioncore-server-test-")
    proc = sipp = None
    ok = False
    try:
        proc, port, out, err = start_server(server, ["--no-media"], workdir)
        sipp_args = ["timeout", "--kill-after=5", str(SIPP_TIMEOUT_S + 10),
                     "sipp", "-sn", "uac", f"127.0.0.1:{port}",
                     "-m", str(active), "-r", "10", "-d", "30000",
                     "-i", "127.0.0.1", "-p", str(free_udp_port()), "-mi", "127.0.0.1",
                     "-timeout", str(SIPP_TIMEOUT_S), "-timeout_error",
                     "-nostdin", "-trace_err", "-trace_msg"]
        print("running:", " ".join(sipp_args))
        sipp_out = open(os.path.join(workdir, "sipp.out"), "wb")
        sipp = subprocess.Popen(sipp_args, cwd=workdir, stdin=subprocess.DEVNULL,
                                stdout=sipp_out, stderr=subprocess.STDOUT)
        # SIPp ACKs each 200 OK: then the call is up (calls last 30 s).
        deadline = time.monotonic() + 20
        while count_sipp_messages(workdir, b"ACK sip:") < active:
            if time.monotonic() > deadline or sipp.poll() is not None:
                raise Failure("SIPp's calls did not come up")
            time.sleep(0.05)
        check(True, f"{active} calls are up")

        proc.send_signal(signal.SIGTERM)
        t0 = time.monotonic()
        try:
            code = proc.wait(timeout=EXIT_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise Failure(f"the server did not exit within {EXIT_TIMEOUT_S} s of SIGTERM")
        check(code == 0, f"the server exited with status {code} "
                         f"{time.monotonic() - t0:.2f} s after SIGTERM")
        check(count_sipp_messages(workdir, b"BYE sip:") == active,
              f"SIPp received {active} BYEs from the server")
        # SIPp fails those calls (a BYE it did not script); only wait for it.
        sipp.wait(timeout=SIPP_TIMEOUT_S + 30)

        out.seek(0)
        lines = out.read().decode().splitlines()
        started = [l for l in lines if l.startswith("call started: ")]
        ended = [l for l in lines if l.startswith("call ended: ")]
        check(len(started) == active and len(ended) == active,
              f"{len(started)} started and {len(ended)} ended (want {active} each)")
        check(all(" Terminated (" in l for l in ended), "every call ended Terminated")
        check(f"shutting down after {active} calls" in lines,
              "the server reported its call count on SIGTERM")
        ok = True
    except (Failure, subprocess.TimeoutExpired) as e:
        print(f"FAIL: {e}")
    finally:
        for p in (proc, sipp):
            if p is not None and p.poll() is None:
                p.kill()
                p.wait()
        if not ok:
            dump(workdir)
        shutil.rmtree(workdir, ignore_errors=True)
    return ok


def main():
    server = os.environ.get("SESSIONCORE_SERVER")
    if not server or not os.access(server, os.X_OK):
        print(f"SESSIONCORE_SERVER is not an executable: {server!r}")
        return 1
    if shutil.which("sipp") is None:
        print("sipp (package sip-tester) is not installed")
        return 77
    results = [run_case(server, ["--no-media"]), run_case(server, []),
               run_sigterm_during_calls(server)]
    print(f"{sum(results)} of {len(results)} cases passed")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
