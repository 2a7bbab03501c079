#!/usr/bin/python3
# hold_and_dtmf.py: put a call on hold, resume it, send DTMF.
#
# Alice calls Bob (two managers on 127.0.0.1), Bob accepts. Alice puts the
# call on hold (re-INVITE a=sendonly: both sides go ON_HOLD), resumes it
# (a=sendrecv: both ACTIVE again), then sends the digits "1234#"; Bob
# prints each digit it receives and hangs up after "#".
#
# How the digits travel depends on the SDP: as RFC 4733 telephone-events in
# the RTP stream when both sides negotiated telephone-event (two sessioncore
# managers do), otherwise as SIP INFO (application/dtmf-relay). The
# application code is the same either way: send_dtmf() and the dtmf signal.
#
#   GI_TYPELIB_PATH=build/introspection LD_LIBRARY_PATH=build/sessioncore \
#   PYTHONPATH=bindings/python /usr/bin/python3 examples/hold_and_dtmf.py
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import sys

import gi
gi.require_version('Sc', '1.0')
from gi.repository import GLib, Sc  # noqa: E402

DIGITS = '1234#'


def main():
    loop = GLib.MainLoop()
    alice = (Sc.SessionManagerBuilder.new().with_local_bind_addr('127.0.0.1:0')
             .with_media_ports(36600, 36699).build())
    bob = (Sc.SessionManagerBuilder.new().with_local_bind_addr('127.0.0.1:0')
           .with_media_ports(36700, 36799).build())
    names = {alice: 'alice', bob: 'bob'}
    calls = {}              # manager -> its session of the call
    received = []
    ended = []
    result = {'exit': 1, 'shutting_down': 0}

    bob.connect('incoming-call', lambda manager, call: Sc.CallDecision.accept())

    def on_established(manager, session, local_sdp, remote_sdp):
        calls[manager] = session
        print('%s: call established' % names[manager])
        if manager is alice:
            print('alice: DTMF will travel as %s' % (
                'RFC 4733 telephone-events in RTP'
                if 'telephone-event' in (remote_sdp or '') else 'SIP INFO'))
            print('alice: putting the call on hold')
            alice.hold_session(session.get_id())

    def on_state_changed(manager, session_id, old, new, reason):
        print('%s: %s -> %s' % (names[manager], Sc.call_state_to_string(old),
                                Sc.call_state_to_string(new)))
        if manager is not alice:
            return
        if new == Sc.CallState.ON_HOLD:
            # Half a second of hold music, then back.
            GLib.timeout_add(500, resume, session_id)
        elif old == Sc.CallState.ON_HOLD and new == Sc.CallState.ACTIVE:
            print('alice: sending DTMF %r' % DIGITS)
            alice.send_dtmf(session_id, DIGITS)

    def resume(session_id):
        print('alice: resuming the call')
        alice.resume_session(session_id)
        return GLib.SOURCE_REMOVE

    def on_dtmf(manager, session_id, digit, duration_ms):
        received.append(digit)
        print('bob: received DTMF digit %s (%u ms)' % (digit, duration_ms))
        if digit == '#':
            print('bob: got %r, hanging up' % ''.join(received))
            bob.terminate_session(session_id)

    def on_ended(manager, session, reason):
        print('%s: call ended (%s)' % (names[manager], reason))
        ended.append(manager)
        if len(ended) == 2:
            if ''.join(received) == DIGITS:
                result['exit'] = 0
            shut_down()

    def shut_down():
        result['shutting_down'] = 2
        for manager in (alice, bob):
            manager.shutdown_async(None, on_shutdown_done)

    def on_shutdown_done(manager, res):
        manager.shutdown_finish(res)
        result['shutting_down'] -= 1
        if result['shutting_down'] == 0:
            loop.quit()

    def watchdog():
        print('no result after 10 s, giving up', file=sys.stderr)
        if result['shutting_down']:
            loop.quit()
        else:
            shut_down()
        return GLib.SOURCE_REMOVE

    for manager in (alice, bob):
        manager.connect('call-established', on_established)
        manager.connect('call-state-changed', on_state_changed)
        manager.connect('call-ended', on_ended)
    bob.connect('dtmf', on_dtmf)
    GLib.timeout_add_seconds(10, watchdog)

    alice.create_outgoing_call('sip:alice@' + alice.get_bound_address(),
                               'sip:bob@' + bob.get_bound_address())
    loop.run()
    return result['exit']


if __name__ == '__main__':
    sys.exit(main())
