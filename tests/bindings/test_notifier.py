#!/usr/bin/python3
# test_notifier.py: calls decided by a Python Sc.IncomingCallNotification
# set with set_incoming_call_notifier() on the callee's manager.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import sctest
from sctest import GObject, Sc


class Notifier(GObject.Object, Sc.IncomingCallNotification):
    """Records every vfunc call; decides with `self.decision`."""

    def __init__(self, decision):
        super().__init__()
        self.decision = decision
        self.events = []
        self.calls = []

    def do_on_incoming_call(self, event):
        self.events.append(event)
        self.calls.append(('incoming', event.get_session_id()))
        return self.decision

    def do_on_call_terminated_by_remote(self, session_id, call_id):
        self.calls.append(('terminated-by-remote', session_id, call_id))

    def do_on_call_ended_by_server(self, session_id, call_id):
        self.calls.append(('ended-by-server', session_id, call_id))


class NotifierTests(sctest.TwoManagers):

    def install(self, decision):
        notifier = Notifier(decision)
        self.b.set_incoming_call_notifier(notifier)
        return notifier

    def establish(self, notifier):
        session = self.call_b()
        self.wait(lambda: len(self.ra.established) == 1 and
                  len(self.rb.established) == 1, 'both sides established')
        self.assertEqual(len(notifier.events), 1)
        b_id = notifier.events[0].get_session_id()
        b_session = self.b.get_session(b_id)
        self.assertIsNotNone(b_session)
        self.assertEqual(session.get_state(), Sc.CallState.ACTIVE)
        self.assertEqual(b_session.get_state(), Sc.CallState.ACTIVE)
        return session, b_session

    def test_event_fields(self):
        """the notifier's event carries session id, caller info, Call-ID,
        headers and the SDP offer"""
        notifier = self.install(Sc.CallDecision.accept(None))
        session, b_session = self.establish(notifier)
        event = notifier.events[0]

        self.assertIsInstance(event, Sc.IncomingCallEvent)
        self.assertTrue(event.get_session_id().startswith('sess_'))
        self.assertEqual(event.get_session_id(), b_session.get_id())
        info = event.get_caller_info()
        self.assertIsInstance(info, Sc.CallerInfo)
        self.assertEqual(info.get_from(), self.a_uri)
        self.assertEqual(info.get_to(), self.b_uri)
        self.assertEqual(info.from_username(), 'alice')
        self.assertEqual(info.from_domain(), '127.0.0.1')
        self.assertEqual(event.get_call_id(), session.get_sip_call_id())
        self.assertEqual(event.get_call_id(), b_session.get_sip_call_id())

        headers = event.get_headers()
        self.assertIsInstance(headers, dict)
        for name in ('From', 'To', 'Call-ID'):
            self.assertIn(name, headers)
        self.assertEqual(headers['Call-ID'], event.get_call_id())
        self.assertIn(self.a_uri, headers['From'])
        self.assertIn(self.b_uri, headers['To'])

        sdp = event.get_sdp()
        self.assertIsNotNone(sdp)
        self.assertIn('m=audio', sdp)
        # What B received is what A offered.
        self.assertEqual(sdp, self.ra.established[0][1])
        self.assertIn('sess_', repr(event))

        # The notifier decided: the incoming-call signal was not asked.
        self.assertEqual(self.rb.incoming, [])
        self.a.terminate_session(session.get_id())
        self.wait(lambda: len(self.rb.ended) == 1, 'B sees the end')

    def test_remote_hangup(self):
        """the caller hangs up: the callee's notifier hears
        on_call_terminated_by_remote with the session id and Call-ID"""
        notifier = self.install(Sc.CallDecision.accept())
        session, b_session = self.establish(notifier)
        b_id = b_session.get_id()
        call_id = session.get_sip_call_id()

        self.assertTrue(self.a.terminate_session(session.get_id()))
        self.wait(lambda: len(self.ra.ended) == 1 and len(self.rb.ended) == 1,
                  'both sides ended')
        self.assertEqual(session.get_state(), Sc.CallState.TERMINATED)
        self.assertEqual(b_session.get_state(), Sc.CallState.TERMINATED)
        self.assertEqual(notifier.calls, [
            ('incoming', b_id),
            ('terminated-by-remote', b_id, call_id),
        ])

    def test_server_hangup(self):
        """the callee's side hangs up: its notifier hears
        on_call_ended_by_server"""
        notifier = self.install(Sc.CallDecision.accept(sdp=None))
        session, b_session = self.establish(notifier)
        b_id = b_session.get_id()
        call_id = session.get_sip_call_id()

        self.assertTrue(self.b.terminate_session(b_id))
        self.wait(lambda: len(self.ra.ended) == 1 and len(self.rb.ended) == 1,
                  'both sides ended')
        self.assertEqual(session.get_state(), Sc.CallState.TERMINATED)
        self.assertEqual(b_session.get_state(), Sc.CallState.TERMINATED)
        self.assertEqual(notifier.calls, [
            ('incoming', b_id),
            ('ended-by-server', b_id, call_id),
        ])

    def test_reject_403(self):
        """a rejection decided in Python: the caller's session ends FAILED
        with "403 Forbidden" """
        notifier = self.install(Sc.CallDecision.reject_with_code(403, 'Forbidden'))
        session = self.call_b()
        a_id = session.get_id()

        self.wait(lambda: a_id in self.ra.final, 'the caller sees the end')
        self.assertEqual(session.get_state(), Sc.CallState.FAILED)
        self.assertEqual(session.get_failure_reason(), '403 Forbidden')
        self.assertEqual(self.ra.final[a_id], Sc.CallState.FAILED)
        self.assertEqual(self.ra.by_session[a_id],
                         ['state Initiating->Failed', 'ended Failed'])
        self.assertEqual(self.ra.ended[0][1], '403 Forbidden')
        self.assertEqual(self.ra.established, [])
        self.assertEqual(len(notifier.events), 1)
        self.assertEqual(self.rb.established, [])
        self.assertEqual(self.rb.incoming, [])
        stats = self.a.get_stats()
        self.assertEqual(stats.get_failed_sessions(), 1)
        self.assertEqual(stats.get_active_sessions(), 0)

    def test_none_falls_through_to_signal(self):
        """a notifier returning None lets the incoming-call signal decide"""
        notifier = self.install(None)
        self.rb.decision = Sc.CallDecision.reject_with_code(480, None)
        session = self.call_b()
        a_id = session.get_id()

        self.wait(lambda: a_id in self.ra.final, 'the caller sees the end')
        self.assertEqual(len(notifier.events), 1)
        self.assertEqual(len(self.rb.incoming), 1)
        self.assertEqual(self.rb.incoming[0].get_id(),
                         notifier.events[0].get_session_id())
        self.assertEqual(session.get_state(), Sc.CallState.FAILED)
        self.assertEqual(session.get_failure_reason(),
                         '480 Temporarily Unavailable')

    def test_notifier_replaced(self):
        """set_incoming_call_notifier(None) removes the notifier: nobody
        decides and the call gets 486"""
        notifier = self.install(Sc.CallDecision.accept())
        self.b.set_incoming_call_notifier(None)
        session = self.call_b()
        a_id = session.get_id()

        self.wait(lambda: a_id in self.ra.final, 'the caller sees the end')
        self.assertEqual(notifier.events, [])
        self.assertEqual(session.get_state(), Sc.CallState.FAILED)
        self.assertEqual(session.get_failure_reason(), '486 Busy Here')


if __name__ == '__main__':
    sctest.main()
