#!/usr/bin/python3
# test_bridge.py: the call-engine flow from Python: a customer calls a
# server, the server calls an agent and bridges them; events arrive in
# order through signals and through an EventReceiver. The phones are
# signalling-only managers whose SDP names a Python socket (rtpphone.py),
# so the test hears the bridge itself: each side sends a PCMU tone, and
# what arrives is decoded and judged by Goertzel, as tests/test-bridge.c
# does in C; the agent's RFC 4733 digits must arrive at the customer as
# RFC 4733 events.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import unittest

import rtpphone
import sctest
from sctest import GLib, Sc

LISTEN_MS = 600


class Bridges(unittest.TestCase):

    def setUp(self):
        start, end = sctest.next_media_range(100)
        builder = (Sc.SessionManagerBuilder.new()
                   .with_local_bind_addr('127.0.0.1:0')
                   .with_media_ports(start, end))
        self.server = builder.build_server(None)
        self.sm = self.server.get_session_manager()
        self.rs = sctest.Recorder(self.sm, Sc.CallDecision.accept(None))
        # The phones: SIP from sessioncore, audio from Python.
        self.customer = sctest.make_manager(media=False)
        self.agent = sctest.make_manager(media=False)
        self.customer_rtp = rtpphone.RtpPhone()
        self.agent_rtp = rtpphone.RtpPhone()
        self.rc = sctest.Recorder(self.customer)
        self.ra = sctest.Recorder(self.agent)
        # The agent answers the server's offer with its socket's SDP.
        self.agent.connect('incoming-call', lambda manager, call: Sc.CallDecision.accept(
            self.agent_rtp.answer(call.get_sdp())))
        self.events = []
        self.server.connect('bridge-event', self._bridge_event)
        self.addCleanup(sctest.shutdown, self.customer, self.agent, self.sm)
        self.addCleanup(self.customer_rtp.stop)
        self.addCleanup(self.agent_rtp.stop)

    def _bridge_event(self, server, event):
        self.events.append((event.get_event_type().value_nick, event.get_session_id(),
                            event.get_reason()))
        # The application's rule: when one side hangs up, end the other.
        if (event.get_event_type() == Sc.BridgeEventType.SESSION_REMOVED
                and event.get_reason() == 'session terminated'):
            info = server.get_bridge_manager().get_bridge_info(event.get_bridge_id())
            for session_id in (info.get_sessions() if info else []):
                self.sm.terminate_session(session_id)

    def server_session_of(self, phone_session):
        for session_id in self.sm.list_active_sessions():
            session = self.sm.get_session(session_id)
            if session.get_sip_call_id() == phone_session.get_sip_call_id():
                return session_id
        self.fail('no server session for %s' % phone_session.get_id())

    def hears(self, who, rtp, loud, quiet):
        """What `rtp` receives for LISTEN_MS: `loud` must dominate it (as
        in the C test, > 0.8 of the power) and `quiet` be absent."""
        rtp.clear()
        sctest.run_for(LISTEN_MS)
        rtp.drain()
        pcm = rtp.heard()
        self.assertGreater(len(pcm), LISTEN_MS * rtpphone.RATE // 1000 // 2,
                           '%s received too little audio' % who)
        share, other = rtpphone.tone_share(pcm, loud), rtpphone.tone_share(pcm, quiet)
        print('# %s hears %d Hz: %.4f, %d Hz: %.4f (%d samples)'
              % (who, loud, share, quiet, other, len(pcm)))
        self.assertGreater(share, 0.8, '%s does not hear %d Hz' % (who, loud))
        self.assertLess(other, 0.05, '%s hears %d Hz' % (who, quiet))

    def test_b2bua(self):
        """B2BUA: each side hears the other's tone, DTMF crosses, events in order

        customer -> server -> agent, bridged: events in order, each hears
        the other's tone (Goertzel), the agent's RFC 4733 digits reach the
        customer, hang-up of one side ends the other."""
        receiver = self.server.subscribe_to_bridge_events()

        # The customer calls in with an offer naming its Python socket.
        customer = self.customer.create_outgoing_call(
            sctest.uri(self.customer, 'customer'), sctest.uri(self.sm, 'support'),
            self.customer_rtp.sdp())
        sctest.wait_until(lambda: customer.get_state() == Sc.CallState.ACTIVE
                          and self.rc.established, 'customer answered')
        customer_leg = self.server_session_of(customer)
        self.customer_rtp.start(self.rc.established[0][2], 440)    # the server's answer

        # The server calls the agent the way a call engine does.
        prepared = self.sm.prepare_outgoing_call(sctest.uri(self.sm, 'queue'),
                                                 sctest.uri(self.agent, 'agent'))
        agent_leg = self.sm.initiate_prepared_call(prepared).get_id()
        sctest.wait_until(lambda: self.ra.established, 'agent answered')
        agent_phone, agent_local_sdp, server_offer = self.ra.established[0]
        agent_phone = agent_phone.get_id()
        self.assertIn('m=audio %d ' % self.agent_rtp.port, agent_local_sdp)
        self.agent_rtp.start(server_offer, 1000)

        bridge = self.server.bridge_sessions(customer_leg, agent_leg)
        self.assertTrue(bridge.startswith('bridge_'))
        sctest.wait_until(lambda: ('media-established', None, None) in self.events,
                          'media established')
        self.assertEqual(self.events, [('created', None, None),
                                       ('session-added', customer_leg, None),
                                       ('session-added', agent_leg, None),
                                       ('media-established', None, None)])
        self.assertEqual(self.server.get_session_bridge(agent_leg), bridge)

        # Each hears the other, and not itself.
        self.hears('the agent', self.agent_rtp, 440, 1000)
        self.hears('the customer', self.customer_rtp, 1000, 440)

        # The agent's digits reach the customer as RFC 4733 events, under
        # the customer's telephone-event number; the server's agent leg
        # reports them too.
        self.customer_rtp.clear()
        self.agent_rtp.send_digits('42')
        sctest.wait_until(lambda: self.customer_rtp.digits_heard() == '42',
                          'DTMF at the customer')
        for code in (4, 2):
            packets = [e for e in self.customer_rtp.events if e[0] == code]
            print('# the customer got %d packets of event %d, %d with the end bit'
                  % (len(packets), code, sum(end for _, end, _, _ in packets)))
            self.assertTrue(any(not end for _, end, _, _ in packets), 'no start of %d' % code)
            self.assertTrue(any(end for _, end, _, _ in packets), 'no end of %d' % code)
            self.assertEqual(len({timestamp for _, _, _, timestamp in packets}), 1,
                             'the packets of one event share its timestamp')
        sctest.wait_until(lambda: self.rs.dtmf == '42', 'DTMF on the server leg')
        self.assertEqual([e for e in self.rs.by_session[agent_leg] if e.startswith('dtmf')],
                         ['dtmf 4', 'dtmf 2'])

        # The customer hangs up; the agent leg is ended by the server.
        self.customer.terminate_session(customer.get_id())
        sctest.wait_until(lambda: agent_phone in self.ra.final, 'agent leg ended')
        sctest.wait_until(lambda: ('destroyed', None, 'empty') in self.events, 'destroyed')
        self.customer_rtp.stop()
        self.agent_rtp.stop()
        self.assertEqual(self.events[-4:], [
            ('session-removed', customer_leg, 'session terminated'),
            ('media-stopped', None, None),
            ('session-removed', agent_leg, 'session terminated'),
            ('destroyed', None, 'empty')])
        self.assertEqual(len(self.server.list_bridges()), 0)

        # The receiver saw the same events, in the same order.
        pulled = [(e.get_event_type().value_nick, e.get_session_id(), e.get_reason())
                  for e in receiver]
        self.assertEqual(pulled, self.events)

    def test_errors(self):
        """bridge errors from Python are GLib.Errors in the Sc domain"""
        domain = Sc.error_quark()
        with self.assertRaises(GLib.Error) as raised:
            self.server.destroy_bridge('bridge_nope')
        self.assertTrue(raised.exception.matches(domain, Sc.Error.BRIDGE_NOT_FOUND))
        with self.assertRaises(GLib.Error) as raised:
            self.server.bridge_sessions('sess_a', 'sess_b')
        self.assertTrue(raised.exception.matches(domain, Sc.Error.SESSION_NOT_FOUND))
        self.assertIsNone(self.server.get_bridge_manager().get_bridge_info('bridge_nope'))

    def test_receive_async(self):
        """receive_async delivers the next event to a plain callback"""
        receiver = self.server.subscribe_to_bridge_events()
        got = []

        def done(source, result):
            got.append(source.receive_finish(result).get_event_type())

        receiver.receive_async(None, done)
        config = Sc.BridgeConfig.new()
        config.set_name('lobby')
        bridge = self.server.get_bridge_manager().create_bridge(None, config)
        sctest.wait_until(lambda: got, 'an event')
        self.assertEqual(got, [Sc.BridgeEventType.CREATED])
        info = self.server.get_bridge_manager().get_bridge_info(bridge)
        self.assertEqual(info.get_name(), 'lobby')
        self.assertEqual(list(info.get_sessions()), [])


if __name__ == '__main__':
    sctest.main()
