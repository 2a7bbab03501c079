#!/usr/bin/python3
# test_example_servers.py: the long-running example servers
# (examples/call_center.py, examples/registrar.py) started as a user would,
# driven over real SIP on 127.0.0.1, then stopped with SIGINT.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import unittest
import uuid

import sctest
from sctest import GLib, Sc

EXAMPLES = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                         '..', '..', 'examples'))


class Server:
    """An example script in a subprocess; its stdout lines are collected by a
    thread (a GLib ticker keeps the main context waking up to look)."""

    def __init__(self, script, *args):
        self.lines = []
        self.proc = subprocess.Popen(
            [sys.executable, os.path.join(EXAMPLES, script)] + list(args),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line.rstrip('\n'))

    def wait_line(self, pattern, what):
        regex = re.compile(pattern)
        found = []

        def seen():
            found[:] = [m for m in (regex.search(l) for l in list(self.lines)) if m]
            if not found and self.proc.poll() is not None:
                raise AssertionError('%s exited (%s) before %s:\n%s\n%s' % (
                    self.proc.args[1], self.proc.returncode, what,
                    '\n'.join(self.lines), self.proc.stderr.read()))
            return bool(found)
        sctest.wait_until(seen, what)
        return found[0]

    def stop(self):
        """SIGINT, as Ctrl-C; returns the exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            code = self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise
        self.reader.join(5)
        self.stderr = self.proc.stderr.read()
        self.proc.stderr.close()
        self.proc.stdout.close()
        return code


class ExampleServerTest(unittest.TestCase):

    def setUp(self):
        # Wake the main context regularly to look at the servers' output.
        self.ticker = GLib.timeout_add(20, lambda: GLib.SOURCE_CONTINUE)
        self.addCleanup(GLib.source_remove, self.ticker)

    def start(self, script, *args):
        server = Server(script, *args)

        def cleanup():
            if server.proc.poll() is None:
                server.stop()
        self.addCleanup(cleanup)
        return server


class CallCenterTest(ExampleServerTest):

    def test_no_agent(self):
        """call_center.py (the Python call centre; its SIPp scenarios are in
        tests/interop/test-callcenter.py): a call to an unknown queue gets
        404, to a queue without agents and no_agent=reject 480; SIGINT
        writes the summary, and a CDR line for each"""
        workdir = tempfile.mkdtemp(prefix='call_center-test-')
        self.addCleanup(shutil.rmtree, workdir, True)
        queues, cdr = os.path.join(workdir, 'queues.conf'), os.path.join(workdir, 'cdr.jsonl')
        with open(queues, 'w') as f:
            f.write('[queue support]\nno_agent=reject\n[queue sales]\n')
        server = self.start('call_center.py', '--port', '0', '--queues', queues, '--cdr', cdr)
        address = server.wait_line(r'listening on (\S+)', 'listening').group(1)

        client = sctest.make_manager()
        self.addCleanup(sctest.shutdown, client)
        me = sctest.uri(client, 'caller')
        for queue, reason in (('nosuch', '404 Not Found'),
                              ('support', '480 Temporarily Unavailable')):
            call = client.create_outgoing_call(me, 'sip:%s@%s' % (queue, address), None)
            sctest.wait_until(lambda: sc_final(call), 'the call to %s ends' % queue)
            self.assertEqual(call.get_state(), Sc.CallState.FAILED)
            self.assertEqual(call.get_failure_reason(), reason)
        server.wait_line(r'no agent registered \(480\)', 'the 480 logged')

        self.assertEqual(server.stop(), 0, server.stderr)
        self.assertIn('summary: 2 calls, 0 answered, 0 abandoned, 0 no agent, 2 rejected; '
                      '2 CDRs', '\n'.join(server.lines))
        with open(cdr) as f:
            records = [json.loads(line) for line in f]
        self.assertEqual([(r['queue'], r['outcome'], r['hangup_by']) for r in records],
                         [(None, 'rejected', 'server'), ('support', 'rejected', 'server')])


def sc_final(session):
    return Sc.call_state_is_final(session.get_state())


class RegistrarTest(ExampleServerTest):

    def register(self, sock, address, aor, contact, expires):
        host, port = address.rsplit(':', 1)
        local = '%s:%d' % sock.getsockname()
        lines = [
            'REGISTER sip:%s SIP/2.0' % address,
            'Via: SIP/2.0/UDP %s;branch=z9hG4bK%s;rport' % (local, uuid.uuid4().hex),
            'Max-Forwards: 70',
            'From: <%s>;tag=%s' % (aor, uuid.uuid4().hex[:8]),
            'To: <%s>' % aor,
            'Call-ID: %s@127.0.0.1' % uuid.uuid4().hex,
            'CSeq: 1 REGISTER',
            'Contact: <%s>' % contact,
            'Expires: %d' % expires,
            'Content-Length: 0',
        ]
        sock.sendto(('\r\n'.join(lines) + '\r\n\r\n').encode(), (host, int(port)))
        while True:
            data, _ = sock.recvfrom(65535)
            text = data.decode()
            status = int(text.split(' ', 2)[1])
            if status >= 200:
                return status, text

    def test_register(self):
        """registrar.py answers REGISTER with 200 and the bound Contact with
        its expiry, and removes a binding on Expires: 0"""
        server = self.start('registrar.py', '--port', '0')
        address = server.wait_line(r'listening on (\S+)', 'listening').group(1)

        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.bind(('127.0.0.1', 0))
            sock.settimeout(5)
            aor = 'sip:alice@example.com'
            contact = 'sip:alice@127.0.0.1:%d' % sock.getsockname()[1]

            status, text = self.register(sock, address, aor, contact, 120)
            self.assertEqual(status, 200, text)
            self.assertRegex(text, r'(?mi)^(Contact|m): <%s>;expires=1[12]\d\r$'
                             % re.escape(contact))
            server.wait_line(r'registered %s for 120 s' % re.escape(contact), 'registered')
            server.wait_line(r'bindings: 1', 'the table')

            status, text = self.register(sock, address, aor, contact, 0)
            self.assertEqual(status, 200, text)
            self.assertNotRegex(text, r'(?mi)^(Contact|m):')
            server.wait_line(r'removed %s' % re.escape(contact), 'removed')

        self.assertEqual(server.stop(), 0, server.stderr)
        self.assertIn('shut down with 0 bindings', '\n'.join(server.lines))


if __name__ == '__main__':
    sctest.main()
