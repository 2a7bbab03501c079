#!/usr/bin/python3
# test_api.py: the C API as Python sees it — errors, enums, value types,
# the builder, detailed signals — and the override's helpers.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import unittest

import sctest
from sctest import GLib, GObject, Sc

DOMAIN = Sc.error_quark()


class ErrorTests(unittest.TestCase):
    """GErrors in the Sc domain become GLib.Error with matching codes."""

    def setUp(self):
        self.m = sctest.make_manager()
        self.addCleanup(sctest.shutdown, self.m)

    def assertScError(self, code, func, *args, message_prefix=None):
        with self.assertRaises(GLib.Error) as raised:
            func(*args)
        e = raised.exception
        self.assertTrue(e.matches(DOMAIN, code),
                        '%s: expected %s, got %s/%d: %s' % (
                            func.__name__, code, e.domain, e.code, e.message))
        self.assertEqual(e.domain, 'sc-error-quark')
        self.assertEqual(e.code, int(code))
        if message_prefix is not None:
            self.assertTrue(e.message.startswith(message_prefix), e.message)
        return e

    def test_session_not_found(self):
        """unknown session ids: SESSION_NOT_FOUND with the Rust wording"""
        nf = Sc.Error.SESSION_NOT_FOUND
        m = self.m
        e = self.assertScError(nf, m.terminate_session, 'sess_unknown')
        self.assertEqual(e.message, 'Session not found: sess_unknown')
        self.assertScError(nf, m.hold_session, 'sess_unknown')
        self.assertScError(nf, m.resume_session, 'sess_unknown')
        self.assertScError(nf, m.send_dtmf, 'sess_unknown', '1')
        self.assertScError(nf, m.transfer_session, 'sess_unknown', 'sip:c@127.0.0.1')
        self.assertScError(nf, m.accept_incoming_call, 'sess_unknown', None)
        self.assertScError(nf, m.reject_incoming_call, 'sess_unknown', 0, None)
        self.assertScError(nf, m.update_media, 'sess_unknown', 'v=0\r\n')
        self.assertScError(nf, m.set_audio_muted, 'sess_unknown', True)
        self.assertScError(nf, m.get_media_info, 'sess_unknown')
        self.assertScError(nf, m.generate_sdp_offer, 'sess_unknown')
        self.assertScError(nf, m.send_sip_response, 'txn_unknown', 200, None, None)
        self.assertScError(nf, m.get_request_header, 'txn_unknown', 'Authorization')
        # Absent is not an error: Option<T> is None.
        self.assertIsNone(m.get_session('sess_unknown'))

    def test_invalid_uri(self):
        """URIs that are not sip:/sips: are INVALID_URI"""
        inv = Sc.Error.INVALID_URI
        good = sctest.uri(self.m, 'alice')
        self.assertScError(inv, self.m.create_outgoing_call, 'not a uri', good, None)
        self.assertScError(inv, self.m.create_outgoing_call, good, 'mailto:bob@x', None,
                           message_prefix='Invalid URI')
        self.assertScError(inv, self.m.prepare_outgoing_call, good, 'garbage')
        self.assertEqual(self.m.get_stats().get_total_sessions(), 0)

    def test_invalid_state(self):
        """a stopped manager refuses calls with INVALID_STATE; shutdown is
        idempotent"""
        self.assertTrue(self.m.is_running())
        self.assertTrue(self.m.shutdown_sync())
        self.assertFalse(self.m.is_running())
        self.assertFalse(self.m.props.running)
        self.assertScError(Sc.Error.INVALID_STATE, self.m.create_outgoing_call,
                           'sip:a@127.0.0.1', 'sip:b@127.0.0.1:9', None)
        self.assertTrue(self.m.shutdown_sync())

    def test_config_errors_from_builder(self):
        """a bad builder fails build() with CONFIG"""
        def local():
            return Sc.SessionManagerBuilder.new().with_local_bind_addr('127.0.0.1:0')

        bad_bind = Sc.SessionManagerBuilder.new().with_local_bind_addr('nonsense')
        self.assertScError(Sc.Error.CONFIG, bad_bind.build)
        self.assertScError(Sc.Error.CONFIG, bad_bind.to_server_config)

        # Settings the ServerConfig validates: the mapped config says why.
        for builder in (local().with_max_sessions(0),
                        local().with_session_timeout(5),
                        local().with_local_address('not-a-sip-uri')):
            self.assertScError(Sc.Error.CONFIG, builder.build)
            self.assertScError(Sc.Error.CONFIG, builder.to_server_config().validate)

        self.assertScError(Sc.Error.CONFIG, local().with_media_ports(5000, 4000).build)
        self.assertScError(Sc.Error.NOT_SUPPORTED,
                           local().with_transport(Sc.TransportProtocol.WS).build)
        # Out of range: an error at build time, not a critical at the call.
        e = self.assertScError(Sc.Error.CONFIG, local().with_sip_port(70000).build)
        self.assertIn('70000', e.message)
        self.assertScError(Sc.Error.CONFIG, local().with_sip_port(70000).to_server_config)

    def test_tls_without_certificates(self):
        """TLS with a missing or empty certificate directory is CONFIG, and
        nothing listens"""
        import tempfile
        with tempfile.TemporaryDirectory() as empty:
            for directory in (empty, empty + '/missing'):
                e = self.assertScError(Sc.Error.CONFIG, Sc.TransactionManager.new_tls,
                                       '127.0.0.1:0', directory)
                self.assertIn('agent.pem', e.message)

    def test_explicit_sdp_is_checked(self):
        """an SDP the application gives is checked before it is sent"""
        callee = sctest.uri(self.m, 'bob')
        caller = sctest.uri(self.m, 'alice')
        e = self.assertScError(Sc.Error.SDP_NEGOTIATION_FAILED,
                               self.m.create_outgoing_call, caller, callee,
                               'v=0\r\nthis is not sdp\r\n')
        self.assertTrue(e.message.startswith('SDP negotiation failed: '), e.message)
        self.assertNotIn('failed: SDP negotiation failed', e.message)
        self.assertEqual(self.m.get_stats().get_total_sessions(), 0)


class UnbuiltObjectTests(unittest.TestCase):
    """Objects made with the plain GObject constructor fail clearly."""

    def assertInvalidState(self, func, *args):
        with self.assertRaises(GLib.Error) as raised:
            func(*args)
        self.assertTrue(raised.exception.matches(DOMAIN, Sc.Error.INVALID_STATE),
                        raised.exception.message)
        return raised.exception

    def test_session_manager(self):
        """Sc.SessionManager(): INVALID_STATE from every operation, no crash"""
        m = Sc.SessionManager()
        self.assertIsNone(m.get_bound_address())
        self.assertFalse(m.is_running())
        e = self.assertInvalidState(m.start)
        self.assertIn('ScSessionManagerBuilder', e.message)
        self.assertInvalidState(m.create_outgoing_call,
                                'sip:a@127.0.0.1', 'sip:b@127.0.0.1', None)
        self.assertInvalidState(m.prepare_outgoing_call,
                                'sip:a@127.0.0.1', 'sip:b@127.0.0.1')
        self.assertInvalidState(m.create_outgoing_session)
        with self.assertRaises(GLib.Error) as raised:
            m.shutdown_sync()
        self.assertTrue(raised.exception.matches(DOMAIN, Sc.Error.INVALID_STATE))
        self.assertTrue(m.stop())
        self.assertEqual(list(m.list_active_sessions()), [])
        self.assertEqual(m.get_stats().get_total_sessions(), 0)
        self.assertIsNone(m.get_session('sess_x'))
        self.assertEqual(m.get_config().get_max_sessions(), 1000)

    def test_transaction_manager(self):
        """Sc.TransactionManager() unbound: build() refuses it"""
        tm = Sc.TransactionManager()
        self.assertIsNone(tm.get_bound_address())
        builder = (Sc.SessionManagerBuilder.new()
                   .with_local_bind_addr('127.0.0.1:0')
                   .with_transaction_manager(tm))
        e = self.assertInvalidState(builder.build)
        self.assertIn('sc_transaction_manager_new', e.message)


class EnumTests(unittest.TestCase):

    def test_call_state(self):
        """CallState values, Display strings, final/in-progress"""
        names = ['INITIATING', 'RINGING', 'ACTIVE', 'ON_HOLD', 'TRANSFERRING',
                 'TERMINATING', 'TERMINATED', 'CANCELLED', 'FAILED']
        texts = ['Initiating', 'Ringing', 'Active', 'OnHold', 'Transferring',
                 'Terminating', 'Terminated', 'Cancelled', 'Failed']
        for value, (name, text) in enumerate(zip(names, texts)):
            state = getattr(Sc.CallState, name)
            self.assertEqual(int(state), value)
            self.assertEqual(Sc.call_state_to_string(state), text)
            self.assertEqual(Sc.call_state_is_final(state),
                             name in ('TERMINATED', 'CANCELLED', 'FAILED'))
            self.assertEqual(Sc.call_state_is_in_progress(state),
                             name in ('INITIATING', 'RINGING', 'ACTIVE', 'ON_HOLD'))
        self.assertEqual(Sc.call_state_to_string(Sc.CallState.ON_HOLD), 'OnHold')
        self.assertEqual(Sc.CallState.ON_HOLD.value_nick, 'on-hold')
        self.assertTrue(issubclass(Sc.CallState, GObject.GEnum))

    def test_other_enums(self):
        """the remaining public enums and the error codes"""
        self.assertEqual([int(getattr(Sc.CallDecisionKind, n)) for n in
                          ('ACCEPT', 'REJECT', 'DEFER', 'FORWARD')], [0, 1, 2, 3])
        self.assertEqual(int(Sc.CallDirection.INCOMING), 1)
        self.assertEqual([int(getattr(Sc.TransportProtocol, n)) for n in
                          ('UDP', 'TCP', 'TLS', 'WS', 'WSS')], [0, 1, 2, 3, 4])
        codes = ['INVALID_STATE', 'INVALID_TRANSITION', 'SDP_NEGOTIATION_FAILED',
                 'SESSION_NOT_FOUND', 'BRIDGE_NOT_FOUND', 'BRIDGE_FULL',
                 'SESSION_NOT_IN_BRIDGE', 'CONFERENCE_NOT_FOUND', 'MEDIA', 'SIP',
                 'NETWORK', 'CONFIG', 'RESOURCE_LIMIT_EXCEEDED', 'TIMEOUT',
                 'INVALID_URI', 'NOT_SUPPORTED', 'PROTOCOL', 'OTHER']
        self.assertEqual([int(getattr(Sc.Error, c)) for c in codes],
                         list(range(len(codes))))
        self.assertEqual(GLib.quark_to_string(Sc.error_quark()), 'sc-error-quark')


class ValueTypeTests(unittest.TestCase):

    def test_session_alias(self):
        """Sc.Session is Sc.CallSession (the ScSession typedef)"""
        self.assertIs(Sc.Session, Sc.CallSession)
        self.assertTrue(issubclass(Sc.Session, GObject.Object))
        self.assertEqual(Sc.Session.__gtype__.name, 'ScCallSession')

    def test_reject_with_code_zero(self):
        """reject_with_code(0) is the default rejection, 486 Busy Here"""
        d = Sc.CallDecision.reject_with_code(0, None)
        self.assertEqual(d.get_status_code(), 486)
        self.assertEqual(d.get_reason(), '486 Busy Here')

    def test_call_decision(self):
        """CallDecision constructors, keyword defaults, getters, repr"""
        d = Sc.CallDecision.accept()
        self.assertEqual(d.get_kind(), Sc.CallDecisionKind.ACCEPT)
        self.assertIsNone(d.get_sdp())
        self.assertEqual(repr(d), '<Sc.CallDecision accept (generated SDP)>')
        d = Sc.CallDecision.accept(sdp='v=0\r\n')
        self.assertEqual(d.get_sdp(), 'v=0\r\n')
        self.assertEqual(Sc.CallDecision.accept(None).get_sdp(), None)

        d = Sc.CallDecision.reject('Go away')
        self.assertEqual((d.get_kind(), d.get_status_code(), d.get_reason()),
                         (Sc.CallDecisionKind.REJECT, 486, 'Go away'))
        self.assertEqual(Sc.CallDecision.reject().get_status_code(), 486)

        d = Sc.CallDecision.reject_with_code(403, 'Forbidden')
        self.assertEqual((d.get_status_code(), d.get_reason()), (403, 'Forbidden'))
        self.assertEqual(repr(d), "<Sc.CallDecision reject 403 'Forbidden'>")
        d = Sc.CallDecision.reject_with_code(503)
        self.assertEqual(d.get_reason(), '503 Service Unavailable')
        d = Sc.CallDecision.reject_with_code(status_code=503, reason=None)
        self.assertEqual(d.get_reason(), '503 Service Unavailable')

        self.assertEqual(Sc.CallDecision.defer().get_kind(), Sc.CallDecisionKind.DEFER)
        d = Sc.CallDecision.forward('sip:carol@127.0.0.1')
        self.assertEqual((d.get_kind(), d.get_target()),
                         (Sc.CallDecisionKind.FORWARD, 'sip:carol@127.0.0.1'))
        self.assertIn('forward sip:carol@127.0.0.1', repr(d))
        self.assertIsInstance(d.copy(), Sc.CallDecision)

    def test_caller_info(self):
        """CallerInfo helpers return new copies and parse the From URI"""
        info = Sc.CallerInfo.new('sip:alice@example.com', 'sip:bob@example.org')
        self.assertEqual(info.get_from(), 'sip:alice@example.com')
        self.assertEqual(info.get_to(), 'sip:bob@example.org')
        self.assertIsNone(info.get_display_name())
        self.assertIsNone(info.get_user_agent())
        self.assertIsNone(info.get_contact())
        self.assertEqual(info.from_username(), 'alice')
        self.assertEqual(info.from_domain(), 'example.com')

        full = (info.with_display_name('Alice')
                .with_user_agent('softphone/1.0')
                .with_contact('sip:alice@192.0.2.1:5060'))
        self.assertEqual(full.get_display_name(), 'Alice')
        self.assertEqual(full.get_user_agent(), 'softphone/1.0')
        self.assertEqual(full.get_contact(), 'sip:alice@192.0.2.1:5060')
        self.assertIsNone(info.get_display_name())  # the original is unchanged
        self.assertEqual(repr(full),
                         "<Sc.CallerInfo sip:alice@example.com -> sip:bob@example.org "
                         "display_name='Alice' user_agent='softphone/1.0' "
                         "contact=sip:alice@192.0.2.1:5060>")

    def test_incoming_call_event(self):
        """IncomingCallEvent built from Python keeps its fields"""
        info = Sc.CallerInfo.new('sip:a@x', 'sip:b@y')
        event = Sc.IncomingCallEvent.new('sess_1', info, 'cid-1',
                                          {'From': '<sip:a@x>'}, None)
        self.assertEqual(event.get_session_id(), 'sess_1')
        self.assertEqual(event.get_caller_info().get_from(), 'sip:a@x')
        self.assertEqual(event.get_call_id(), 'cid-1')
        self.assertEqual(event.get_headers(), {'From': '<sip:a@x>'})
        self.assertIsNone(event.get_sdp())

    def test_server_config(self):
        """ServerConfig.new() has the plan's defaults; validate() raises"""
        c = Sc.ServerConfig.new()
        self.assertEqual(c.get_bind_address(), '0.0.0.0:5060')
        self.assertEqual(c.get_transport_protocol(), Sc.TransportProtocol.UDP)
        self.assertEqual(c.get_max_sessions(), 1000)
        self.assertEqual(c.get_session_timeout(), 3600)
        self.assertEqual(c.get_transaction_timeout(), 32)
        self.assertTrue(c.get_enable_media())
        self.assertEqual(c.get_server_name(), 'RVOIP-Server/1.0')
        self.assertIsNone(c.get_contact_uri())
        self.assertTrue(c.validate())
        self.assertIn('bind_address=0.0.0.0:5060', repr(c))

        for address in ('127.0.0.1:0', '[::1]:5060'):
            c = Sc.ServerConfig.new()
            c.set_bind_address(address)
            self.assertTrue(c.validate())
            self.assertEqual(c.get_bind_address(), address)

        bad = [('set_bind_address', 'x'), ('set_bind_address', '127.0.0.1'),
               ('set_max_sessions', 0), ('set_max_sessions', 100001),
               ('set_session_timeout', 29), ('set_transaction_timeout', 0),
               ('set_server_name', ''), ('set_contact_uri', 'http://x')]
        for setter, value in bad:
            c = Sc.ServerConfig.new()
            getattr(c, setter)(value)
            with self.assertRaises(GLib.Error, msg='%s(%r)' % (setter, value)) as raised:
                c.validate()
            self.assertTrue(raised.exception.matches(DOMAIN, Sc.Error.CONFIG))

    def test_builder_chaining(self):
        """builder setters return the builder itself"""
        b = Sc.SessionManagerBuilder.new()
        chained = (b.with_local_bind_addr('127.0.0.1:0')
                   .with_media_ports(30000, 30099)
                   .with_max_sessions(7)
                   .with_session_timeout(60)
                   .with_domain('example.com')
                   .with_transport(Sc.TransportProtocol.UDP)
                   .with_media_enabled(True))
        self.assertIs(chained, b)
        config = b.to_server_config()
        self.assertEqual(config.get_bind_address(), '127.0.0.1:0')
        self.assertEqual(config.get_max_sessions(), 7)
        self.assertEqual(config.get_session_timeout(), 60)


class SessionTests(sctest.TwoManagers):

    def test_notify_state(self):
        """notify::state on a session follows the call; repr shows it"""
        self.rb.decision = Sc.CallDecision.accept()
        session = self.call_b()
        states = []
        session.connect('notify::state', lambda s, pspec: states.append(s.props.state))
        # Something that is not the state does not reach this handler.
        other = []
        session.connect('notify::failure-reason', lambda s, pspec: other.append(pspec.name))

        self.wait(lambda: Sc.CallState.ACTIVE in states, 'ACTIVE')
        self.assertIn('Active', repr(session))
        self.assertIn(session.get_id(), repr(session))
        self.assertTrue(session.is_active())
        self.assertGreater(session.get_started_at(), 0)

        self.a.terminate_session(session.get_id())
        self.wait(lambda: session.get_state() == Sc.CallState.TERMINATED, 'TERMINATED')
        self.assertEqual(states, [Sc.CallState.ACTIVE, Sc.CallState.TERMINATING,
                                  Sc.CallState.TERMINATED])
        self.assertEqual(other, [])
        self.assertEqual(session.props.state, Sc.CallState.TERMINATED)

    def test_lists_and_stats(self):
        """list_active_sessions, get_stats and get_media_info from Python"""
        self.rb.decision = Sc.CallDecision.accept()
        session = self.call_b()
        self.assertTrue(self.a.wait_for_answer_sync(session.get_id(), 10000))
        self.assertEqual(self.a.list_active_sessions(), [session.get_id()])
        stats = self.a.get_stats()
        self.assertEqual((stats.get_total_sessions(), stats.get_active_sessions()), (1, 1))
        self.assertIn('total=1 active=1', repr(stats))
        info = self.a.get_media_info(session.get_id())
        self.assertIn('m=audio', info.get_local_sdp())
        self.assertIn('m=audio', info.get_remote_sdp())
        self.assertGreater(info.get_local_rtp_port(), 0)

    def test_wait_for_answer_sync_error(self):
        """wait_for_answer_sync raises the GLib.Error of the failed call"""
        self.rb.decision = Sc.CallDecision.reject_with_code(404, None)
        session = self.call_b()
        with self.assertRaises(GLib.Error) as raised:
            self.a.wait_for_answer_sync(session.get_id(), 10000)
        self.assertEqual(raised.exception.domain, 'sc-error-quark')
        self.assertEqual(session.get_state(), Sc.CallState.FAILED)
        self.assertEqual(session.get_failure_reason(), '404 Not Found')


class OverrideTests(unittest.TestCase):

    def test_context_manager(self):
        """`with manager:` shuts it down on exit"""
        with sctest.make_manager() as m:
            self.assertIsInstance(m, Sc.SessionManager)
            self.assertTrue(m.is_running())
        self.assertFalse(m.is_running())

    def test_context_manager_on_exception(self):
        """`with manager:` shuts it down when the block raises too"""
        with self.assertRaises(ZeroDivisionError):
            with sctest.make_manager() as m:
                1 / 0
        self.assertFalse(m.is_running())

    @unittest.skipUnless(hasattr(Sc, 'EventReceiver'), 'no Sc.EventReceiver in this typelib')
    def test_event_receiver_iterable(self):
        """Sc.EventReceiver is iterable"""
        self.assertTrue(hasattr(Sc.EventReceiver, '__iter__'))


if __name__ == '__main__':
    sctest.main()
