# Sc.py: the PyGObject override for sessioncore (GI namespace Sc 1.0)
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The typelib is the binding: everything in the C API is reachable as
# `from gi.repository import Sc`. This override only adds what GI cannot
# express, and hides nothing:
#
#   * the Rust-compatible alias `Sc.Session` (`ScSession` in C) for
#     `Sc.CallSession`;
#   * keyword defaults and docstrings on the `Sc.CallDecision` constructors
#     (`Sc.CallDecision.accept()`, `.reject_with_code(403, "Forbidden")`);
#   * readable `repr()` of the value types (calls, bridges, conferences)
#     and of call sessions;
#   * blocking helpers for scripts on `Sc.SessionManager`
#     (`shutdown_sync()`, `wait_for_answer_sync()`, and `with manager:`,
#     which shuts the manager down on exit);
#   * iteration over `Sc.EventReceiver` (when the typelib has it).
#
# Layout: this file is `gi/overrides/Sc.py` in a directory on sys.path with
# NO `gi/__init__.py` and NO `gi/overrides/__init__.py` next to it. The
# real `gi` package extends its own `__path__` (pkgutil.extend_path), so
# PyGObject finds this file through PYTHONPATH=bindings/python in the build
# tree; an `__init__.py` here would shadow the system `gi` instead.
# Installed, the file goes to `<python site-packages>/gi/overrides/Sc.py`.

from ..module import get_introspection_module
from ..overrides import override

from gi.repository import GLib, Gio

Sc = get_introspection_module('Sc')

__all__ = []


def _state_name(state):
    try:
        return Sc.call_state_to_string(state)
    except (TypeError, ValueError):
        return str(state)


def _nick(enum_value):
    nick = getattr(enum_value, 'value_nick', None)
    return nick if nick is not None else str(enum_value)


# ---------------------------------------------------------------------------
# Call sessions

class CallSession(Sc.CallSession):
    """One call. `Sc.Session` is the same class (the Rust-compatible alias
    of the C typedef `ScSession`)."""

    def __repr__(self):
        text = '<Sc.CallSession %s %s %s %s -> %s' % (
            self.get_id(), _nick(self.get_direction()),
            _state_name(self.get_state()), self.get_from(), self.get_to())
        reason = self.get_failure_reason()
        if reason:
            text += ' (%s)' % reason
        return text + '>'


CallSession = override(CallSession)
Session = CallSession
__all__ += ['CallSession', 'Session']


class IncomingCall(Sc.IncomingCall):
    def __repr__(self):
        return '<Sc.IncomingCall %s %s -> %s Call-ID %s>' % (
            self.get_id(), self.get_from(), self.get_to(),
            self.get_sip_call_id())


IncomingCall = override(IncomingCall)
__all__.append('IncomingCall')


# ---------------------------------------------------------------------------
# Decisions

class CallDecision(Sc.CallDecision):
    """What to do with an incoming call; return one from a notifier, a call
    handler or an `incoming-call` signal handler."""

    @staticmethod
    def accept(sdp=None):
        """Answer with 200 OK, with `sdp` or a generated answer."""
        return Sc.CallDecision.accept(sdp)

    @staticmethod
    def reject(reason=''):
        """Reject with 486; `reason` becomes the reason phrase ("Busy Here"
        when empty)."""
        return Sc.CallDecision.reject(reason)

    @staticmethod
    def reject_with_code(status_code, reason=None):
        """Reject with `status_code` (e.g. 403); the standard phrase when
        `reason` is None."""
        return Sc.CallDecision.reject_with_code(status_code, reason)

    @staticmethod
    def defer():
        """Ring (180) now; answer later with
        `SessionManager.accept_incoming_call()`/`reject_incoming_call()`."""
        return Sc.CallDecision.defer()

    @staticmethod
    def forward(target_uri):
        """Redirect with 302 Moved Temporarily, Contact: `target_uri`."""
        return Sc.CallDecision.forward(target_uri)

    def __repr__(self):
        kind = self.get_kind()
        text = '<Sc.CallDecision %s' % _nick(kind)
        if kind == Sc.CallDecisionKind.ACCEPT:
            text += ' (%s SDP)' % ('given' if self.get_sdp() else 'generated')
        elif kind == Sc.CallDecisionKind.REJECT:
            text += ' %u %r' % (self.get_status_code(), self.get_reason())
        elif kind == Sc.CallDecisionKind.FORWARD:
            text += ' %s' % self.get_target()
        return text + '>'


CallDecision = override(CallDecision)
__all__.append('CallDecision')


# ---------------------------------------------------------------------------
# Value types: readable repr()

class CallerInfo(Sc.CallerInfo):
    def __repr__(self):
        text = '<Sc.CallerInfo %s -> %s' % (self.get_from(), self.get_to())
        if self.get_display_name():
            text += ' display_name=%r' % self.get_display_name()
        if self.get_user_agent():
            text += ' user_agent=%r' % self.get_user_agent()
        if self.get_contact():
            text += ' contact=%s' % self.get_contact()
        return text + '>'


CallerInfo = override(CallerInfo)
__all__.append('CallerInfo')


class IncomingCallEvent(Sc.IncomingCallEvent):
    def __repr__(self):
        info = self.get_caller_info()
        return '<Sc.IncomingCallEvent %s %s -> %s Call-ID %s>' % (
            self.get_session_id(), info.get_from(), info.get_to(),
            self.get_call_id())


IncomingCallEvent = override(IncomingCallEvent)
__all__.append('IncomingCallEvent')


class SessionStats(Sc.SessionStats):
    def __repr__(self):
        return ('<Sc.SessionStats total=%d active=%d failed=%d '
                'average_duration_ms=%d>' % (
                    self.get_total_sessions(), self.get_active_sessions(),
                    self.get_failed_sessions(),
                    self.get_average_duration_ms()))


SessionStats = override(SessionStats)
__all__.append('SessionStats')


class ServerConfig(Sc.ServerConfig):
    def __repr__(self):
        return ('<Sc.ServerConfig bind_address=%s transport=%s '
                'max_sessions=%u session_timeout=%u transaction_timeout=%u '
                'enable_media=%s server_name=%r contact_uri=%r>' % (
                    self.get_bind_address(),
                    _nick(self.get_transport_protocol()),
                    self.get_max_sessions(), self.get_session_timeout(),
                    self.get_transaction_timeout(), self.get_enable_media(),
                    self.get_server_name(), self.get_contact_uri()))


ServerConfig = override(ServerConfig)
__all__.append('ServerConfig')


# ---------------------------------------------------------------------------
# Bridge and conference value types: readable repr()

class BridgeEvent(Sc.BridgeEvent):
    def __repr__(self):
        text = '<Sc.BridgeEvent %s %s' % (_nick(self.get_event_type()),
                                          self.get_bridge_id())
        if self.get_session_id():
            text += ' session=%s' % self.get_session_id()
        if self.get_reason():
            text += ' reason=%r' % self.get_reason()
        return text + '>'


BridgeEvent = override(BridgeEvent)
__all__.append('BridgeEvent')


class ConferenceEvent(Sc.ConferenceEvent):
    def __repr__(self):
        kind = self.get_event_type()
        text = '<Sc.ConferenceEvent %s %s' % (_nick(kind), self.get_conference_id())
        if self.get_session_id():
            text += ' session=%s' % self.get_session_id()
        if kind == Sc.ConferenceEventType.PARTICIPANT_STATUS_CHANGED:
            text += ' %s -> %s' % (
                Sc.participant_status_to_string(self.get_old_status()),
                Sc.participant_status_to_string(self.get_new_status()))
        elif kind == Sc.ConferenceEventType.CONFERENCE_STATE_CHANGED:
            text += ' %s -> %s' % (
                Sc.conference_state_to_string(self.get_old_state()),
                Sc.conference_state_to_string(self.get_new_state()))
        if self.get_reason():
            text += ' reason=%r' % self.get_reason()
        return text + '>'


ConferenceEvent = override(ConferenceEvent)
__all__.append('ConferenceEvent')


class ParticipantInfo(Sc.ParticipantInfo):
    def __repr__(self):
        text = '<Sc.ParticipantInfo %s %s %s' % (
            self.get_session_id(), self.get_sip_uri(),
            Sc.participant_status_to_string(self.get_status()))
        if self.get_display_name():
            text += ' display_name=%r' % self.get_display_name()
        return text + ' rtp_port=%u audio_active=%s talking=%s>' % (
            self.get_rtp_port(), self.get_audio_active(), self.get_talking())


ParticipantInfo = override(ParticipantInfo)
__all__.append('ParticipantInfo')


class ConferenceStats(Sc.ConferenceStats):
    def __repr__(self):
        return ('<Sc.ConferenceStats %s total=%u active=%u audio=%u '
                'duration_ms=%d audio_mixing=%s>' % (
                    Sc.conference_state_to_string(self.get_state()),
                    self.get_total_participants(),
                    self.get_active_participants(),
                    self.get_audio_participants(), self.get_duration_ms(),
                    self.get_audio_mixing_enabled()))


ConferenceStats = override(ConferenceStats)
__all__.append('ConferenceStats')


# ---------------------------------------------------------------------------
# Session manager: blocking helpers for scripts

def _run_until_finished(start, finish, timeout_ms, what):
    """Calls start(cancellable, callback) and iterates the thread-default
    main context (the one the manager was built in) until the callback
    ran, then returns finish(result) (raising its GLib.Error). With a
    timeout, gives up after timeout_ms with Sc.Error.TIMEOUT."""
    context = GLib.MainContext.ref_thread_default()
    cancellable = Gio.Cancellable()
    outcome = {}
    timer = None

    def done(source, result, *user_data):
        outcome['result'] = result

    def expired(*args):
        outcome['timed_out'] = True
        return GLib.SOURCE_REMOVE

    start(cancellable, done)
    if timeout_ms:
        timer = GLib.timeout_source_new(timeout_ms)
        timer.set_callback(expired)
        timer.attach(context)
    try:
        while 'result' not in outcome and 'timed_out' not in outcome:
            context.iteration(True)
    finally:
        if timer is not None:
            timer.destroy()
    if 'result' not in outcome:
        cancellable.cancel()
        raise GLib.Error.new_literal(
            Sc.error_quark(), 'Timeout: %s did not finish within %u ms'
            % (what, timeout_ms), int(Sc.Error.TIMEOUT))
    return finish(outcome['result'])


class SessionManager(Sc.SessionManager):
    """Use as a context manager to be sure it is shut down::

        with builder.build() as manager:
            ...
        # every call hung up, the SIP stack gone
    """

    def shutdown_sync(self, timeout_ms=40000):
        """Runs shutdown_async() to completion: hangs up every call and
        waits for the SIP stack to finish, iterating the thread-default
        main context meanwhile. Returns True; raises GLib.Error."""
        return _run_until_finished(
            lambda cancellable, cb: self.shutdown_async(cancellable, cb),
            self.shutdown_finish, timeout_ms, 'shutdown')

    def wait_for_answer_sync(self, session_id, timeout_ms=30000):
        """Runs wait_for_answer_async() to completion: returns True when the
        call is ACTIVE; raises GLib.Error when it fails, is cancelled or
        times out (Sc.Error.TIMEOUT)."""
        return _run_until_finished(
            lambda cancellable, cb: self.wait_for_answer_async(
                session_id, timeout_ms, cancellable, cb),
            self.wait_for_answer_finish, 0, 'wait_for_answer')

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self.shutdown_sync()
        return False


SessionManager = override(SessionManager)
__all__.append('SessionManager')


# ---------------------------------------------------------------------------
# Event receivers (pull-style event queues), when the library has them

try:
    _EventReceiver = Sc.EventReceiver
except AttributeError:
    _EventReceiver = None

if _EventReceiver is not None:
    class EventReceiver(_EventReceiver):
        """Iterating yields the queued events (try_receive()) until the
        queue is empty; it never blocks."""

        def __iter__(self):
            while True:
                event = self.try_receive()
                if event is None:
                    return
                yield event

    EventReceiver = override(EventReceiver)
    __all__.append('EventReceiver')
