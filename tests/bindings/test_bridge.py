#!/usr/bin/python3
# test_bridge.py: the call-engine flow from Python: a customer calls a
# server, the server calls an agent and bridges them; events arrive in
# order through signals and through an EventReceiver; audio and DTMF go
# through the bridge (the frequencies themselves are checked in
# tests/test-bridge.c, which can listen to a leg; from Python we count the
# RTP each phone receives and the digits that arrive).
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import unittest

import sctest
from sctest import GLib, Sc


class Bridges(unittest.TestCase):

    def setUp(self):
        start, end = sctest.next_media_range(100)
        builder = (Sc.SessionManagerBuilder.new()
                   .with_local_bind_addr('127.0.0.1:0')
                   .with_media_ports(start, end))
        self.server = builder.build_server(None)
        self.sm = self.server.get_session_manager()
        self.rs = sctest.Recorder(self.sm, Sc.CallDecision.accept(None))
        self.customer = sctest.make_manager()
        self.agent = sctest.make_manager()
        self.rc = sctest.Recorder(self.customer, Sc.CallDecision.accept(None))
        self.ra = sctest.Recorder(self.agent, Sc.CallDecision.accept(None))
        self.events = []
        self.server.connect('bridge-event', self._bridge_event)
        self.addCleanup(sctest.shutdown, self.customer, self.agent, self.sm)

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

    def test_b2bua(self):
        """customer -> server -> agent, bridged: events in order, RTP and DTMF
        through the bridge, hang-up of one side ends the other"""
        receiver = self.server.subscribe_to_bridge_events()

        customer = self.customer.create_outgoing_call(
            sctest.uri(self.customer, 'customer'), sctest.uri(self.sm, 'support'), None)
        sctest.wait_until(lambda: customer.get_state() == Sc.CallState.ACTIVE, 'customer answered')
        customer_leg = self.server_session_of(customer)

        prepared = self.sm.prepare_outgoing_call(sctest.uri(self.sm, 'queue'),
                                                 sctest.uri(self.agent, 'agent'))
        agent_leg = self.sm.initiate_prepared_call(prepared).get_id()
        sctest.wait_until(lambda: self.ra.established, 'agent answered')
        agent_phone = self.ra.established[0][0].get_id()

        self.customer.play_tone(customer.get_id(), 440)
        self.agent.play_tone(agent_phone, 1000)
        bridge = self.server.bridge_sessions(customer_leg, agent_leg)
        self.assertTrue(bridge.startswith('bridge_'))
        sctest.wait_until(lambda: ('media-established', None, None) in self.events,
                          'media established')
        self.assertEqual(self.events[:3], [('created', None, None),
                                           ('session-added', customer_leg, None),
                                           ('session-added', agent_leg, None)])
        self.assertEqual(self.server.get_session_bridge(agent_leg), bridge)

        # RTP relayed both ways: each phone keeps receiving.
        def received(manager, session_id):
            return manager.get_media_info(session_id).get_packets_received()
        before = (received(self.customer, customer.get_id()), received(self.agent, agent_phone))
        sctest.run_for(500)
        self.assertGreater(received(self.customer, customer.get_id()) - before[0], 15)
        self.assertGreater(received(self.agent, agent_phone) - before[1], 15)

        # The agent's digits reach the customer.
        self.agent.send_dtmf(agent_phone, '42')
        sctest.wait_until(lambda: self.rc.dtmf == '42', 'DTMF at the customer')

        # The customer hangs up; the agent leg is ended by the server.
        self.customer.terminate_session(customer.get_id())
        sctest.wait_until(lambda: agent_phone in self.ra.final, 'agent leg ended')
        sctest.wait_until(lambda: ('destroyed', None, 'empty') in self.events, 'destroyed')
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
