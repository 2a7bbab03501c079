#!/usr/bin/python3
# test_conference_types.py: the conference value types and enumerations as
# Python sees them — Sc.ConferenceConfig with its defaults, setters and
# validation errors, Sc.ConferenceEvent, Sc.ParticipantStatus and
# Sc.ConferenceState; the override's repr() of the events.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import unittest

import sctest
from sctest import GLib, GObject, Sc

DOMAIN = Sc.error_quark()


class ConferenceConfigTests(unittest.TestCase):

    def test_defaults(self):
        """ConferenceConfig.new() has the defaults of Rust's ConferenceConfig"""
        c = Sc.ConferenceConfig.new()
        self.assertEqual(c.get_max_participants(), 10)
        self.assertTrue(c.get_audio_mixing_enabled())
        self.assertEqual(c.get_audio_sample_rate(), 8000)
        self.assertEqual(c.get_audio_channels(), 1)
        self.assertEqual(c.get_rtp_port_start(), 10000)
        self.assertEqual(c.get_rtp_port_end(), 20000)
        self.assertEqual(c.get_timeout_secs(), 0)
        self.assertEqual(c.get_name(), 'Conference Room')
        self.assertTrue(c.validate())

    def test_setters_and_copy(self):
        """every setter stores its value; copy() is independent"""
        c = Sc.ConferenceConfig.new()
        c.set_max_participants(50)
        c.set_audio_mixing_enabled(False)
        c.set_rtp_port_start(30000)
        c.set_rtp_port_end(30999)
        c.set_timeout_secs(120)
        c.set_name('Standup')
        copy = c.copy()
        c.set_name('changed')
        self.assertEqual(copy.get_max_participants(), 50)
        self.assertFalse(copy.get_audio_mixing_enabled())
        self.assertEqual(copy.get_rtp_port_start(), 30000)
        self.assertEqual(copy.get_rtp_port_end(), 30999)
        self.assertEqual(copy.get_timeout_secs(), 120)
        self.assertEqual(copy.get_name(), 'Standup')
        self.assertEqual(c.get_name(), 'changed')
        self.assertTrue(copy.validate())
        c.set_name(None)
        self.assertIsNone(c.get_name())

    def test_validate_errors(self):
        """a bad configuration raises GLib.Error in the Sc domain, code CONFIG"""
        bad = [('set_max_participants', 0, 'max_participants 0'),
               ('set_max_participants', 1001, 'max_participants 1001'),
               ('set_audio_sample_rate', 16000, 'audio_sample_rate 16000'),
               ('set_audio_channels', 2, 'audio_channels 2'),
               ('set_rtp_port_start', 0, 'rtp_port_start 0'),
               ('set_rtp_port_start', 20001, 'rtp_port_start 20001'),
               ('set_name', '', 'name must not be empty'),
               ('set_name', None, 'name must be set')]
        for setter, value, needle in bad:
            c = Sc.ConferenceConfig.new()
            getattr(c, setter)(value)
            with self.assertRaises(GLib.Error, msg='%s(%r)' % (setter, value)) as raised:
                c.validate()
            e = raised.exception
            self.assertTrue(e.matches(DOMAIN, Sc.Error.CONFIG), e.message)
            self.assertEqual(e.code, int(Sc.Error.CONFIG))
            self.assertTrue(e.message.startswith('Configuration error: conference '),
                            e.message)
            self.assertIn(needle, e.message)


class ConferenceEnumTests(unittest.TestCase):

    def test_participant_status(self):
        """Sc.ParticipantStatus values and their Rust Display text"""
        names = ['JOINING', 'ACTIVE', 'ON_HOLD', 'MUTED', 'LEAVING', 'LEFT']
        texts = ['Joining', 'Active', 'OnHold', 'Muted', 'Leaving', 'Left']
        values = [getattr(Sc.ParticipantStatus, n) for n in names]
        self.assertEqual([int(v) for v in values], list(range(len(names))))
        self.assertEqual([Sc.participant_status_to_string(v) for v in values], texts)
        self.assertTrue(GObject.type_is_a(Sc.ParticipantStatus.__gtype__, GObject.TYPE_ENUM))

    def test_conference_state(self):
        """Sc.ConferenceState values and their Rust Display text"""
        names = ['CREATING', 'ACTIVE', 'LOCKED', 'TERMINATING', 'TERMINATED']
        texts = ['Creating', 'Active', 'Locked', 'Terminating', 'Terminated']
        values = [getattr(Sc.ConferenceState, n) for n in names]
        self.assertEqual([int(v) for v in values], list(range(len(names))))
        self.assertEqual([Sc.conference_state_to_string(v) for v in values], texts)

    def test_conference_event(self):
        """ConferenceEvent.new() as an application makes one to test a handler"""
        e = Sc.ConferenceEvent.new(Sc.ConferenceEventType.PARTICIPANT_LEFT,
                                   'conf_1', 'sess_1', 'kicked')
        self.assertEqual(e.get_event_type(), Sc.ConferenceEventType.PARTICIPANT_LEFT)
        self.assertEqual(e.get_conference_id(), 'conf_1')
        self.assertEqual(e.get_session_id(), 'sess_1')
        self.assertEqual(e.get_reason(), 'kicked')
        self.assertEqual(e.get_old_status(), Sc.ParticipantStatus.JOINING)
        self.assertEqual(e.get_new_state(), Sc.ConferenceState.CREATING)
        self.assertGreater(e.get_timestamp(), 0)
        whole = Sc.ConferenceEvent.new(Sc.ConferenceEventType.CONFERENCE_CREATED,
                                       'conf_1', None, None)
        self.assertIsNone(whole.get_session_id())
        self.assertIsNone(whole.get_reason())

    def test_reprs(self):
        """the override's repr() of the conference and bridge events"""
        e = Sc.ConferenceEvent.new(Sc.ConferenceEventType.PARTICIPANT_LEFT,
                                   'conf_1', 'sess_1', 'kicked')
        self.assertEqual(repr(e),
                         "<Sc.ConferenceEvent participant-left conf_1 session=sess_1 "
                         "reason='kicked'>")
        e = Sc.ConferenceEvent.new(Sc.ConferenceEventType.CONFERENCE_CREATED,
                                   'conf_1', None, None)
        self.assertEqual(repr(e), '<Sc.ConferenceEvent conference-created conf_1>')
        b = Sc.BridgeEvent.new('bridge_1', Sc.BridgeEventType.SESSION_REMOVED, 'sess_1',
                               'session terminated')
        self.assertEqual(repr(b), "<Sc.BridgeEvent session-removed bridge_1 session=sess_1 "
                                  "reason='session terminated'>")

    def test_object_types(self):
        """the live conference objects are GObjects with their properties"""
        self.assertTrue(issubclass(Sc.Conference, GObject.Object))
        self.assertTrue(issubclass(Sc.ConferenceParticipant, GObject.Object))
        props = {p.name for p in Sc.ConferenceParticipant.list_properties()}
        self.assertEqual(props, {'session-id', 'sip-uri', 'display-name', 'status',
                                 'rtp-port', 'audio-active', 'joined-at', 'talking'})
        props = {p.name for p in Sc.Conference.list_properties()}
        self.assertEqual(props, {'id', 'config', 'state', 'participants',
                                 'created-at', 'recording'})


if __name__ == '__main__':
    sctest.main()
