#!/usr/bin/python3
# test_cookbook.py: runs the Python recipes of doc/cookbook.md against
# in-process phones and checks what a user would see: who is bridged with
# whom, who was transferred where, who is muted, which file was written.
# The recipes are imported from this directory, unchanged.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import sys
import tempfile
import unittest
import wave
import math
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, '..', '..', 'tests', 'bindings'))

import sctest  # noqa: E402
from sctest import GLib, Sc  # noqa: E402

import b2bua  # noqa: E402
import conference  # noqa: E402
import queue as call_queue_recipe  # noqa: E402
import recording  # noqa: E402
import supervisor  # noqa: E402
import transfer  # noqa: E402

assert call_queue_recipe.__file__.startswith(HERE), 'the stdlib queue shadows queue.py'


def _to_stderr(*args, **kwargs):
    kwargs['file'] = sys.stderr
    print(*args, **kwargs)


# What the recipes print goes to stderr: stdout is TAP.
for _module in (b2bua, conference, call_queue_recipe, recording, supervisor, transfer):
    _module.print = _to_stderr


def make_server():
    start, end = sctest.next_media_range(100)
    return (Sc.SessionManagerBuilder.new()
            .with_local_bind_addr('127.0.0.1:0')
            .with_media_ports(start, end)
            .build_server(None))


def server_uri(server, user):
    return sctest.uri(server.get_session_manager(), user)


def bridge_members(server):
    return sorted(tuple(info.get_sessions()) for info in server.list_bridges())


class Recipe(unittest.TestCase):

    def setUp(self):
        self.managers = []
        self.addCleanup(lambda: sctest.shutdown(*self.managers))
        self.tmp = tempfile.TemporaryDirectory(prefix='sc-cookbook-')
        self.addCleanup(self.tmp.cleanup)

    def server(self):
        server = make_server()
        self.managers.append(server.get_session_manager())
        return server

    def phone(self, decision=Sc.CallDecision.accept(None)):
        manager = sctest.make_manager()
        self.managers.append(manager)
        return manager, sctest.Recorder(manager, decision)

    def call(self, phone, to):
        return phone.create_outgoing_call(sctest.uri(phone, 'me'), to, None).get_id()

    def test_b2bua(self):
        server = self.server()
        agent, ra = self.phone()
        b2bua.b2bua(server, sctest.uri(agent, 'agent'))
        customer, rc = self.phone()
        call = self.call(customer, server_uri(server, 'support'))
        self.wait_for(lambda: len(bridge_members(server)) == 1 and
                      len(server.list_bridges()[0].get_sessions()) == 2, 'the bridge')
        self.wait_for(lambda: ra.established, 'the agent answered')
        customer.terminate_session(call)
        self.wait_for(lambda: ra.ended, 'the agent leg to end')
        self.wait_for(lambda: not server.list_bridges(), 'the bridge to go')

    def test_queue(self):
        server = self.server()
        agent, ra = self.phone()
        music = os.path.join(self.tmp.name, 'music.wav')
        with wave.open(music, 'wb') as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(8000)
            w.writeframes(b''.join(struct.pack('<h', int(8000 * math.sin(i / 8000 * 2 * math.pi * 440)))
                                   for i in range(8000)))
        sm = server.get_session_manager()
        call_queue_recipe.call_queue(server, music, [sctest.uri(agent, 'agent')])
        first_customer, rc1 = self.phone()
        second_customer, rc2 = self.phone()
        first = self.call(first_customer, server_uri(server, 'queue'))
        self.wait_for(lambda: len(bridge_members(server)) == 1, 'the first customer bridged')
        second = self.call(second_customer, server_uri(server, 'queue'))
        self.wait_for(lambda: rc2.established, 'the second customer answered')
        sctest.run_for(300)
        self.assertEqual(len(ra.established), 1, 'one agent, one call at a time')
        self.assertEqual(len(bridge_members(server)), 1)
        # The waiting customer's leg plays the music (play_file succeeded).
        waiting = [s for s in sm.list_active_sessions()
                   if server.get_session_bridge(s) is None]
        self.assertEqual(len(waiting), 1)
        self.assertTrue(sm.play_file(waiting[0], music))   # what the recipe plays
        first_customer.terminate_session(first)
        self.wait_for(lambda: len(ra.established) == 2, 'the agent called again')
        self.wait_for(lambda: len(bridge_members(server)) == 1 and
                      waiting[0] in bridge_members(server)[0], 'the second customer bridged')
        second_customer.terminate_session(second)
        self.wait_for(lambda: len(ra.ended) == 2, 'the agent leg ended')

    def test_transfer(self):
        server = sctest.make_manager()
        self.managers.append(server)
        sctest.Recorder(server, Sc.CallDecision.accept(None))
        operator, ro = self.phone()
        transfer.transfer_on_zero(server, sctest.uri(operator, 'operator'))
        caller, rc = self.phone()
        transfer.follow_transfers(caller)
        call = self.call(caller, sctest.uri(server, 'ivr'))
        self.wait_for(lambda: rc.established, 'the call answered')
        caller.send_dtmf(call, '0')
        self.wait_for(lambda: ro.established, 'the operator answered')
        self.wait_for(lambda: call in rc.final, 'the old call ended')
        self.assertEqual(rc.final[call], Sc.CallState.TERMINATED)
        self.assertIn('state Active->Transferring', rc.by_session[call])
        self.assertEqual(ro.incoming[0].get_from(), sctest.uri(caller, 'me'))

    def test_conference(self):
        server = self.server()
        conference.dial_in(server)
        conferences = server.get_conference_manager()
        alice, ra = self.phone()
        bob, rb = self.phone()
        a = self.call(alice, server_uri(server, 'room'))
        self.call(bob, server_uri(server, 'room'))
        self.wait_for(lambda: conferences.conference_exists('room') and
                      len(conferences.list_participants('room')) == 2, 'two participants')
        alices_leg = [p.get_session_id() for p in conferences.list_participants('room')
                      if p.get_sip_uri() == sctest.uri(alice, 'me')][0]
        room = conferences.get_conference('room')

        def status():
            return room.get_participant(alices_leg).props.status
        self.wait_for(lambda: status() == Sc.ParticipantStatus.ACTIVE, 'alice active')
        alice.send_dtmf(a, '*6')
        self.wait_for(lambda: status() == Sc.ParticipantStatus.MUTED, 'alice muted')
        alice.send_dtmf(a, '*6')
        self.wait_for(lambda: status() == Sc.ParticipantStatus.ACTIVE, 'alice unmuted')
        self.assertEqual(conferences.get_conference_config('room').get_timeout_secs(), 60)

    def bridged_call(self, server):
        agent, ra = self.phone()
        b2bua.b2bua(server, sctest.uri(agent, 'agent'))
        customer, rc = self.phone()
        self.call(customer, server_uri(server, 'support'))
        self.wait_for(lambda: len(bridge_members(server)) == 1 and
                      len(bridge_members(server)[0]) == 2, 'the bridge')
        sm = server.get_session_manager()
        legs = server.list_bridges()[0].get_sessions()
        customer_leg = [s for s in legs
                        if sm.get_session(s).get_direction() == Sc.CallDirection.INCOMING][0]
        agent_leg = [s for s in legs if s != customer_leg][0]
        return customer_leg, agent_leg

    def call_supervisor(self, server):
        sup, rs = self.phone()
        sm = server.get_session_manager()
        leg = sm.create_outgoing_call('sip:monitor@callcenter.example',
                                      sctest.uri(sup, 'supervisor'), None).get_id()
        sm.wait_for_answer_sync(leg, 5000)
        return leg

    def test_supervisor_bridge(self):
        server = self.server()
        customer_leg, agent_leg = self.bridged_call(server)
        sup_leg = self.call_supervisor(server)
        bridge_id = supervisor.add_supervisor(server, agent_leg, sup_leg)
        self.assertEqual(sorted(server.get_bridge_manager().get_bridge_info(bridge_id).get_sessions()),
                         sorted([customer_leg, agent_leg, sup_leg]))
        # Barge in, and listen again.
        server.get_bridge_manager().set_member_muted(bridge_id, sup_leg, False)
        server.get_bridge_manager().set_member_muted(bridge_id, sup_leg, True)

    def test_supervisor_listen_only(self):
        server = self.server()
        customer_leg, agent_leg = self.bridged_call(server)
        sup_leg = self.call_supervisor(server)
        room = supervisor.listen_in_conference(server, customer_leg, agent_leg, sup_leg)
        self.assertEqual(server.list_bridges(), [])
        conferences = server.get_conference_manager()
        conf = conferences.get_conference(room)
        sctest.run_for(1000)            # audio flows: JOINING ones become ACTIVE
        status = {p.get_session_id(): p.get_status()
                  for p in conferences.list_participants(room)}
        self.assertEqual(status[sup_leg], Sc.ParticipantStatus.MUTED)
        self.assertEqual(status[customer_leg], Sc.ParticipantStatus.ACTIVE)
        self.assertEqual(status[agent_leg], Sc.ParticipantStatus.ACTIVE)
        supervisor.barge_in(server, room, sup_leg)
        self.assertEqual(conf.get_participant(sup_leg).props.status,
                         Sc.ParticipantStatus.ACTIVE)

    def test_recording_bridge(self):
        server = self.server()
        recording.record_bridges(server, self.tmp.name)
        customer_leg, agent_leg = self.bridged_call(server)
        bridge_id = server.get_session_bridge(customer_leg)
        self.assertTrue(server.get_bridge_manager().is_recording(bridge_id))
        sctest.run_for(1000)
        server.destroy_bridge(bridge_id)
        path = os.path.join(self.tmp.name, bridge_id + '.wav')
        with wave.open(path, 'rb') as w:
            self.assertGreater(w.getnframes(), 4000)   # about 1 s at 8 kHz

    def test_recording_conference(self):
        server = self.server()
        conference.dial_in(server)
        recording.record_conferences(server, self.tmp.name)
        alice, ra = self.phone()
        call = self.call(alice, server_uri(server, 'room'))
        conferences = server.get_conference_manager()
        self.wait_for(lambda: conferences.conference_exists('room') and
                      conferences.get_conference('room').props.recording, 'the recording')
        sctest.run_for(1000)
        alice.terminate_session(call)
        self.wait_for(lambda: not conferences.get_conference('room').props.recording,
                      'the recording to stop')
        with wave.open(os.path.join(self.tmp.name, 'room.wav'), 'rb') as w:
            self.assertGreater(w.getnframes(), 4000)   # about 1 s at 8 kHz

    def wait_for(self, predicate, what, timeout_ms=10000):
        sctest.wait_until(predicate, what, timeout_ms)


if __name__ == '__main__':
    sctest.main()
