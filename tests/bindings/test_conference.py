#!/usr/bin/python3
# test_conference.py: conferences from Python: a server's conference
# manager, calls joining, the conference-event signal in order, the live
# participants model (items-changed, notify::talking), muting, errors as
# GLib.Errors, and a recording that GStreamer can read. The frequencies
# each participant hears are checked in tests/test-conference.c, which
# can listen to a leg; here we check what Python code can observe.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import tempfile
import unittest

import sctest
from sctest import GLib, Sc


class Conferences(unittest.TestCase):

    def setUp(self):
        start, end = sctest.next_media_range(100)
        builder = (Sc.SessionManagerBuilder.new()
                   .with_local_bind_addr('127.0.0.1:0')
                   .with_media_ports(start, end))
        self.server = builder.build_server(None)
        self.sm = self.server.get_session_manager()
        self.cm = self.server.get_conference_manager()
        self.rs = sctest.Recorder(self.sm, Sc.CallDecision.accept(None))
        self.phone = sctest.make_manager()
        self.events = []
        self.event_reprs = []
        self.cm.connect('conference-event', self._event)
        self.addCleanup(sctest.shutdown, self.phone, self.sm)

    def _event(self, cm, event):
        self.events.append((event.get_event_type().value_nick, event.get_session_id()))
        self.event_reprs.append(repr(event))

    def call_in(self, user):
        """A call from the phone to the server; returns (phone id, server id)."""
        session = self.phone.create_outgoing_call(
            sctest.uri(self.phone, user), sctest.uri(self.sm, 'room'), None)
        sctest.wait_until(lambda: session.get_state() == Sc.CallState.ACTIVE, 'answered')
        for session_id in self.sm.list_active_sessions():
            server_session = self.sm.get_session(session_id)
            if server_session.get_sip_call_id() == session.get_sip_call_id():
                # The server's side is ACTIVE once the ACK arrived.
                sctest.wait_until(lambda: server_session.get_state() == Sc.CallState.ACTIVE,
                                  'server side answered')
                return session.get_id(), session_id
        self.fail('no server session')

    def test_room(self):
        """join, the live model, statuses, talking, leave and terminate"""
        conf = self.cm.create_conference(None)
        self.assertTrue(conf.startswith('conf_'))
        room = self.cm.get_conference(conf)
        participants = room.get_participants()
        changes = []
        participants.connect('items-changed',
                             lambda model, pos, removed, added: changes.append((pos, removed, added)))

        calls = [self.call_in('caller%d' % i) for i in range(3)]
        for i, (phone_id, server_id) in enumerate(calls):
            self.phone.play_tone(phone_id, 400 + 300 * i)
            info = self.cm.join_conference(conf, server_id)
            self.assertEqual(info.get_session_id(), server_id)
            self.assertRegex(repr(info), r'^<Sc.ParticipantInfo %s sip:caller%d@\S+ Joining '
                             r'(display_name=\S+ )?rtp_port=\d+ audio_active=\w+ talking=\w+>$' % (server_id, i))
        self.assertEqual(changes, [(0, 0, 1), (1, 0, 1), (2, 0, 1)])
        self.assertEqual(participants.get_n_items(), 3)
        self.assertEqual(self.cm.get_conference_count(), 1)
        self.assertIn(conf, self.cm.list_conferences())

        # Audio arrives: each becomes ACTIVE and, with a tone, talking.
        first = participants.get_item(0)
        talking = []
        first.connect('notify::talking', lambda p, pspec: talking.append(p.get_talking()))
        sctest.wait_until(lambda: all(participants.get_item(i).get_talking() for i in range(3)),
                          'everybody talking')
        self.assertEqual(first.get_status(), Sc.ParticipantStatus.ACTIVE)
        stats = self.cm.get_conference_stats(conf)
        self.assertEqual(stats.get_total_participants(), 3)
        self.assertEqual(stats.get_audio_participants(), 3)
        self.assertRegex(repr(stats), r'^<Sc.ConferenceStats Active total=3 active=3 audio=3 '
                         r'duration_ms=\d+ audio_mixing=True>$')

        # Mute the first one; then it stops its tone and stops talking.
        self.cm.update_participant_status(conf, calls[0][1], Sc.ParticipantStatus.MUTED)
        self.assertEqual(first.get_status(), Sc.ParticipantStatus.MUTED)
        self.assertEqual(self.cm.get_conference_stats(conf).get_active_participants(), 2)
        self.phone.play_silence(calls[0][0])
        sctest.wait_until(lambda: not first.get_talking(), 'first one quiet')
        self.assertEqual(talking[-1], False)

        self.cm.leave_conference(conf, calls[0][1])
        self.assertEqual(first.get_status(), Sc.ParticipantStatus.LEFT)
        self.assertEqual(changes[-1], (0, 1, 0))
        self.cm.terminate_conference(conf)
        self.assertEqual(room.get_state(), Sc.ConferenceState.TERMINATED)
        self.assertEqual(participants.get_n_items(), 0)
        self.assertEqual(self.cm.get_conference_count(), 0)

        kinds = [kind for kind, session in self.events
                 if not kind.startswith(('participant-media', 'stats', 'participant-talking',
                                         'participant-status'))]
        self.assertEqual(kinds, ['conference-created', 'participant-joined', 'participant-joined',
                                 'participant-joined', 'participant-left',
                                 'conference-terminated'])
        # The override's repr() of an event tells a status change's old and new.
        self.assertIn('<Sc.ConferenceEvent participant-status-changed %s session=%s '
                      'Active -> Muted>' % (conf, calls[0][1]), self.event_reprs)

    def test_errors(self):
        """conference errors are GLib.Errors in the Sc domain"""
        domain = Sc.error_quark()
        with self.assertRaises(GLib.Error) as raised:
            self.cm.join_conference('conf_nope', 'sess_nope')
        self.assertTrue(raised.exception.matches(domain, Sc.Error.CONFERENCE_NOT_FOUND))
        self.cm.create_named_conference('sales', None)
        with self.assertRaises(GLib.Error) as raised:
            self.cm.create_named_conference('sales', None)
        self.assertTrue(raised.exception.matches(domain, Sc.Error.INVALID_STATE))
        with self.assertRaises(GLib.Error) as raised:
            self.cm.set_conference_state('sales', Sc.ConferenceState.CREATING)
        self.assertTrue(raised.exception.matches(domain, Sc.Error.INVALID_TRANSITION))
        with self.assertRaises(GLib.Error) as raised:
            self.cm.start_recording('sales', '/nonexistent-dir/x.wav')
        self.assertIsNone(self.cm.get_conference('conf_nope'))

    def test_recording(self):
        """a recording of two callers is a WAV file GStreamer can read"""
        conf = self.cm.create_conference(None)
        for i in range(2):
            phone_id, server_id = self.call_in('caller%d' % i)
            self.phone.play_tone(phone_id, 500 + 500 * i)
            self.cm.join_conference(conf, server_id)
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, 'room.wav')
            self.cm.start_recording(conf, path)
            self.assertTrue(self.cm.get_conference(conf).get_recording())
            sctest.run_for(1500)
            self.cm.stop_recording(conf)
            # 8 kHz, 16-bit mono: 16000 bytes a second, after a 44-byte header.
            size = os.path.getsize(path)
            self.assertGreater(size, 44 + 16000)
            with open(path, 'rb') as wav:
                self.assertEqual(wav.read(4), b'RIFF')


if __name__ == '__main__':
    sctest.main()
