# sctest.py: the Python test SDK for the binding tests — managers on
# loopback, waiting with a watchdog, a recorder of the signals a user would
# observe, and a unittest runner that prints TAP for meson.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import faulthandler
import os
import sys
import traceback
import unittest

import gi

gi.require_version('Sc', '1.0')
from gi.repository import GLib, GObject, Sc  # noqa: E402

WAIT_MS = 10000

# Last resort against a hang the watchdogs cannot see (a stuck C call):
# dump every thread's stack and exit before meson's own timeout.
faulthandler.dump_traceback_later(int(os.environ.get('SCTEST_HARD_TIMEOUT', '100')),
                                  exit=True)

# Media port ranges: distinct per manager within this process, and spread
# by pid so parallel test processes rarely even try the same ports (the
# pool skips ports another process holds anyway).
_port_base = 21000 + (os.getpid() % 150) * 200
_port_slot = 0


def next_media_range(size=50):
    global _port_slot
    start = _port_base + (_port_slot % 4) * size
    _port_slot += 1
    return start, start + size - 1


def builder(**kwargs):
    """A builder for a manager on 127.0.0.1, any free SIP port, its own
    media port range; media=False makes it signalling-only (its calls
    carry the SDP they are given and no RTP: see rtpphone.py)."""
    start, end = next_media_range()
    b = Sc.SessionManagerBuilder.new()
    b.with_local_bind_addr('127.0.0.1:0').with_media_ports(start, end)
    if not kwargs.get('media', True):
        b.with_media_enabled(False)
    handler = kwargs.get('handler')
    if handler is not None:
        b.with_handler(handler)
    if kwargs.get('max_sessions'):
        b.with_max_sessions(kwargs['max_sessions'])
    return b


def make_manager(**kwargs):
    return builder(**kwargs).build()


def uri(manager, user):
    return 'sip:%s@%s' % (user, manager.get_bound_address())


def wait_until(predicate, what, timeout_ms=WAIT_MS):
    """Iterates the default main context until predicate() holds; fails
    with AssertionError after timeout_ms (a GLib timeout is the watchdog)."""
    expired = []

    def watchdog():
        expired.append(True)
        return GLib.SOURCE_REMOVE

    source_id = GLib.timeout_add(timeout_ms, watchdog)
    context = GLib.MainContext.default()
    try:
        while not predicate():
            if expired:
                raise AssertionError('timed out after %d ms waiting for %s'
                                     % (timeout_ms, what))
            context.iteration(True)
    finally:
        if not expired:
            GLib.source_remove(source_id)


def run_for(ms):
    """Runs the main context for ms, e.g. to see that nothing more comes."""
    done = []
    GLib.timeout_add(ms, lambda: done.append(True) or GLib.SOURCE_REMOVE)
    wait_until(lambda: done, 'run_for', ms + 5000)


def shutdown(*managers):
    """shutdown_async() on every manager, waits for every finish."""
    results = {}

    def finished(manager, result, *args):
        try:
            results[id(manager)] = manager.shutdown_finish(result)
        except GLib.Error as e:
            results[id(manager)] = e

    managers = [m for m in managers if m is not None]
    for m in managers:
        m.shutdown_async(None, finished)
    wait_until(lambda: len(results) == len(managers), 'shutdown', 40000)
    for m in managers:
        assert results[id(m)] is True, 'shutdown failed: %r' % results[id(m)]
        assert not m.is_running()


class Recorder:
    """Records the signals of one manager as short strings, in order:
    "incoming", "state <Old>-><New>", "established", "ended <State> <reason>",
    "dtmf <digit>"; per session in `by_session`. `decision` is what the
    incoming-call handler returns (None lets the next one decide)."""

    def __init__(self, manager, decision=None, connect_incoming=True):
        self.manager = manager
        self.events = []
        self.by_session = {}
        self.incoming = []
        self.established = []
        self.ended = []
        self.final = {}
        self.dtmf = ''
        self.decision = decision
        self.ids = [
            manager.connect('call-state-changed', self._state),
            manager.connect('call-established', self._established),
            manager.connect('call-ended', self._ended),
            manager.connect('dtmf', self._dtmf),
        ]
        if connect_incoming:
            self.ids.append(manager.connect('incoming-call', self._incoming))

    def _add(self, session_id, text):
        self.events.append(text)
        self.by_session.setdefault(session_id, []).append(text)

    def _incoming(self, manager, call):
        self.incoming.append(call)
        self._add(call.get_id(), 'incoming')
        return self.decision

    def _state(self, manager, session_id, old, new, reason):
        self._add(session_id, 'state %s->%s' % (Sc.call_state_to_string(old),
                                                Sc.call_state_to_string(new)))

    def _established(self, manager, session, local_sdp, remote_sdp):
        self.established.append((session, local_sdp, remote_sdp))
        self._add(session.get_id(), 'established')

    def _ended(self, manager, session, reason):
        self.ended.append((session, reason))
        self.final[session.get_id()] = session.get_state()
        self._add(session.get_id(), 'ended %s' %
                  Sc.call_state_to_string(session.get_state()))

    def _dtmf(self, manager, session_id, digit, duration_ms):
        self.dtmf += digit
        self._add(session_id, 'dtmf %s' % digit)

    def disconnect(self):
        for handler_id in self.ids:
            self.manager.disconnect(handler_id)
        self.ids = []


class TwoManagers(unittest.TestCase):
    """A fixture: manager A (the caller) and manager B (the callee), both on
    loopback, with recorders; always shut down (a cleanup)."""

    def setUp(self):
        self.a = None
        self.b = None
        self.ra = None
        self.rb = None
        # A cleanup, unlike tearDown, also runs when setUp fails half way.
        self.addCleanup(self._shutdown_managers)
        self.a = make_manager()
        self.b = make_manager(handler=self.make_b_handler())
        self.ra = Recorder(self.a)
        self.rb = Recorder(self.b)
        self.a_uri = uri(self.a, 'alice')
        self.b_uri = uri(self.b, 'bob')

    def make_b_handler(self):
        return None

    def _shutdown_managers(self):
        try:
            shutdown(self.a, self.b)
        finally:
            for recorder in (self.ra, self.rb):
                if recorder is not None:
                    recorder.disconnect()
            self.a = self.b = None

    def call_b(self, sdp=None):
        session = self.a.create_outgoing_call(self.a_uri, self.b_uri, sdp)
        self.assertIsInstance(session, Sc.CallSession)
        self.assertEqual(session.get_state(), Sc.CallState.INITIATING)
        self.assertEqual(session.get_direction(), Sc.CallDirection.OUTGOING)
        self.assertTrue(session.get_id().startswith('sess_'))
        return session

    def wait(self, predicate, what, timeout_ms=WAIT_MS):
        wait_until(predicate, what, timeout_ms)


# ---------------------------------------------------------------------------
# TAP output for meson (protocol: 'tap')

class TapResult(unittest.TestResult):
    def __init__(self, stream):
        super().__init__()
        self.stream = stream
        self.count = 0

    def _line(self, text):
        self.stream.write(text + '\n')
        self.stream.flush()

    def _diag(self, test, err):
        for line in self._exc_info_to_string(err, test).splitlines():
            self._line('# ' + line)

    def startTest(self, test):
        super().startTest(test)
        self._line('# %s' % (test.shortDescription() or test.id()))

    def addSuccess(self, test):
        super().addSuccess(test)
        self.count += 1
        self._line('ok %d - %s' % (self.count, test.id()))

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self.count += 1
        self._diag(test, err)
        self._line('not ok %d - %s' % (self.count, test.id()))

    def addError(self, test, err):
        super().addError(test, err)
        self.count += 1
        self._diag(test, err)
        self._line('not ok %d - %s' % (self.count, test.id()))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self.count += 1
        self._line('ok %d - %s # SKIP %s' % (self.count, test.id(), reason))

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self.count += 1
        self._line('not ok %d - %s # TODO expected failure' % (self.count, test.id()))

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self.count += 1
        self._line('ok %d - %s # TODO unexpected success' % (self.count, test.id()))


def main(module='__main__'):
    """Runs the module's TestCases (or the names given on the command
    line), printing TAP; exits 1 on any failure."""
    loader = unittest.TestLoader()
    names = sys.argv[1:]
    if names:
        suite = loader.loadTestsFromNames(names, sys.modules[module])
    else:
        suite = loader.loadTestsFromModule(sys.modules[module])
    print('TAP version 13')
    print('1..%d' % suite.countTestCases())
    sys.stdout.flush()
    result = TapResult(sys.stdout)
    try:
        suite.run(result)
    except Exception:
        traceback.print_exc()
        sys.exit(1)
    sys.exit(0 if result.wasSuccessful() else 1)
