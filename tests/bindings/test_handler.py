#!/usr/bin/python3
# test_handler.py: calls decided and followed by a Python Sc.CallHandler
# given to the builder's with_handler().
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import sctest
from sctest import GObject, Sc


class Handler(GObject.Object, Sc.CallHandler):
    """Records every vfunc call in order; decides with `self.decision`
    (None lets the incoming-call signal decide)."""

    def __init__(self):
        super().__init__()
        self.decision = None
        self.calls = []
        self.incoming = []
        self.digits = ''

    def do_on_incoming_call(self, call):
        self.incoming.append(call)
        self.calls.append('incoming')
        return self.decision

    def do_on_call_established(self, session, local_sdp, remote_sdp):
        self.calls.append('established')
        self.established_sdp = (local_sdp, remote_sdp)
        self.established_state = session.get_state()

    def do_on_call_state_changed(self, session_id, old_state, new_state, reason):
        self.calls.append('state %s->%s' % (Sc.call_state_to_string(old_state),
                                            Sc.call_state_to_string(new_state)))

    def do_on_call_ended(self, session, reason):
        self.calls.append('ended %s' % Sc.call_state_to_string(session.get_state()))
        self.end_reason = reason

    def do_on_dtmf(self, session_id, digit, duration_ms):
        self.digits += digit
        self.dtmf_duration = duration_ms


class HandlerTests(sctest.TwoManagers):

    def make_b_handler(self):
        self.handler = Handler()
        return self.handler

    def establish(self):
        session = self.call_b()
        self.wait(lambda: len(self.ra.established) == 1 and
                  len(self.rb.established) == 1, 'both sides established')
        self.assertEqual(session.get_state(), Sc.CallState.ACTIVE)
        b_id = self.handler.incoming[0].get_id()
        return session, self.b.get_session(b_id)

    def test_order(self):
        """incoming, state change, established, state change, ended: the
        handler's vfuncs in the order things happen"""
        self.handler.decision = Sc.CallDecision.accept()
        session, b_session = self.establish()
        call = self.handler.incoming[0]

        self.assertIsInstance(call, Sc.IncomingCall)
        self.assertTrue(call.get_id().startswith('sess_'))
        self.assertEqual(call.get_from(), self.a_uri)
        self.assertEqual(call.get_to(), self.b_uri)
        self.assertEqual(call.get_sip_call_id(), session.get_sip_call_id())
        self.assertIn('m=audio', call.get_sdp())
        self.assertIn('Call-ID', call.get_headers())
        self.assertGreater(call.get_received_at(), 0)

        self.assertEqual(b_session.get_state(), Sc.CallState.ACTIVE)
        self.assertEqual(b_session.get_direction(), Sc.CallDirection.INCOMING)
        self.assertEqual(self.handler.established_state, Sc.CallState.ACTIVE)
        local_sdp, remote_sdp = self.handler.established_sdp
        self.assertIn('m=audio', local_sdp)
        self.assertEqual(remote_sdp, call.get_sdp())
        # The handler decided: the signal was not asked.
        self.assertEqual(self.rb.incoming, [])

        self.assertTrue(self.a.terminate_session(session.get_id()))
        self.wait(lambda: len(self.rb.ended) == 1, 'B sees the end')
        self.assertEqual(self.handler.calls, [
            'incoming',
            'state Initiating->Active',
            'established',
            'state Active->Terminated',
            'ended Terminated',
        ])
        self.assertEqual(self.handler.end_reason, self.rb.ended[0][1])
        # The handler and the signals saw the same story.
        self.assertEqual(self.rb.by_session[b_session.get_id()], [
            'state Initiating->Active', 'established',
            'state Active->Terminated', 'ended Terminated'])

    def test_none_lets_signal_decide(self):
        """a handler returning None lets the incoming-call signal decide"""
        self.handler.decision = None
        order = []
        self.handler.calls = order

        def incoming_cb(manager, call):
            order.append('signal')
            self.assertIs(manager, self.b)
            return Sc.CallDecision.accept()

        handler_id = self.b.connect('incoming-call', incoming_cb)
        try:
            session, b_session = self.establish()
        finally:
            self.b.disconnect(handler_id)
        self.assertEqual(order[:2], ['incoming', 'signal'])
        self.assertEqual(b_session.get_state(), Sc.CallState.ACTIVE)
        self.assertIn('established', order)
        # The recorder's handler, connected first, returned None: the
        # emission went on to ours.
        self.assertEqual(len(self.rb.incoming), 1)
        self.assertTrue(self.b.terminate_session(b_session.get_id()))
        self.wait(lambda: len(self.ra.ended) == 1 and len(self.rb.ended) == 1,
                  'both sides ended')
        self.assertEqual(order[-1], 'ended Terminated')

    def test_nobody_decides(self):
        """handler and signal both return None: the call is refused with
        486 Busy Here"""
        session = self.call_b()
        a_id = session.get_id()
        self.wait(lambda: a_id in self.ra.final, 'the caller sees the end')
        self.assertEqual(self.handler.calls[0], 'incoming')
        self.assertEqual(len(self.rb.incoming), 1)
        self.assertEqual(session.get_state(), Sc.CallState.FAILED)
        self.assertEqual(session.get_failure_reason(), '486 Busy Here')

    def test_defer_then_accept(self):
        """a deferred call rings until accept_incoming_call()"""
        self.handler.decision = Sc.CallDecision.defer()
        session = self.call_b()
        self.wait(lambda: session.get_state() == Sc.CallState.RINGING,
                  'the caller hears ringing')
        b_id = self.handler.incoming[0].get_id()
        b_session = self.b.accept_incoming_call(b_id)
        self.assertIsInstance(b_session, Sc.Session)
        self.assertTrue(self.a.wait_for_answer_sync(session.get_id(), 10000))
        self.assertEqual(session.get_state(), Sc.CallState.ACTIVE)

    def test_dtmf(self):
        """send_dtmf() digits reach the handler's on_dtmf and the dtmf
        signal, in order"""
        self.handler.decision = Sc.CallDecision.accept()
        session, b_session = self.establish()
        self.assertTrue(self.a.send_dtmf(session.get_id(), '12#*'))
        self.wait(lambda: len(self.handler.digits) == 4, 'four digits')
        self.assertEqual(self.handler.digits, '12#*')
        self.assertEqual(self.rb.dtmf, '12#*')
        self.assertGreater(self.handler.dtmf_duration, 0)


if __name__ == '__main__':
    sctest.main()
