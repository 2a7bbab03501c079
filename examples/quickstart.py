#!/usr/bin/python3
# quickstart.py: the sessioncore "hello world" in Python.
#
# Two session managers on 127.0.0.1 (any free port): Alice calls Bob, Bob
# accepts, Alice hangs up after one second, both shut down.
#
#   GI_TYPELIB_PATH=build/introspection LD_LIBRARY_PATH=build/sessioncore \
#   PYTHONPATH=bindings/python /usr/bin/python3 examples/quickstart.py
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import sys

import gi
gi.require_version('Sc', '1.0')
from gi.repository import GLib, Sc  # noqa: E402


def make_manager(media_ports):
    # Listen on loopback, any free SIP port; each manager gets its own RTP
    # port range. build() returns a started manager.
    return (Sc.SessionManagerBuilder.new()
            .with_local_bind_addr('127.0.0.1:0')
            .with_media_ports(*media_ports)
            .build())


def main():
    loop = GLib.MainLoop()
    alice = make_manager((36000, 36099))
    bob = make_manager((36100, 36199))
    print('alice listens on', alice.get_bound_address())
    print('bob listens on', bob.get_bound_address())
    ended = []
    exit_code = [1]

    # Bob decides incoming calls with the incoming-call signal: return a
    # Sc.CallDecision (accept, reject, defer, forward).
    def on_incoming_call(manager, call):
        print('bob: incoming call from', call.get_from())
        return Sc.CallDecision.accept()  # 200 OK with a generated SDP answer
    bob.connect('incoming-call', on_incoming_call)

    def on_established(manager, session, local_sdp, remote_sdp):
        who = 'alice' if manager is alice else 'bob'
        print('%s: call %s established' % (who, session.get_id()))
        if manager is alice:
            # Hang up after one second.
            GLib.timeout_add_seconds(1, hang_up, session)

    def hang_up(session):
        print('alice: hanging up')
        alice.terminate_session(session.get_id())
        return GLib.SOURCE_REMOVE

    def on_ended(manager, session, reason):
        who = 'alice' if manager is alice else 'bob'
        print('%s: call ended (%s, %s)' % (
            who, Sc.call_state_to_string(session.get_state()), reason))
        ended.append(who)
        if len(ended) == 2:
            exit_code[0] = 0
            shut_down()

    for manager in (alice, bob):
        manager.connect('call-established', on_established)
        manager.connect('call-ended', on_ended)

    # Shutting down is asynchronous: it hangs up what is left and waits for
    # the SIP stack to finish.
    pending = []

    def shut_down():
        pending.extend([alice, bob])
        for manager in (alice, bob):
            manager.shutdown_async(None, on_shutdown_done)

    def on_shutdown_done(manager, result):
        manager.shutdown_finish(result)
        pending.remove(manager)
        if not pending:
            print('both managers shut down')
            loop.quit()

    def watchdog():
        print('no result after 10 s, giving up', file=sys.stderr)
        if pending:
            loop.quit()      # stuck shutting down: just leave
        else:
            shut_down()
        return GLib.SOURCE_REMOVE
    GLib.timeout_add_seconds(10, watchdog)

    session = alice.create_outgoing_call(
        'sip:alice@' + alice.get_bound_address(),
        'sip:bob@' + bob.get_bound_address())
    print('alice: calling bob,', session)

    loop.run()
    return exit_code[0]


if __name__ == '__main__':
    sys.exit(main())
