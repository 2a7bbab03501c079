#!/usr/bin/python3
# music_on_hold.py: what a caller hears when not bridged, and on hold.
#
# Alice calls Bob (a call centre), Bob answers and plays a 440 Hz tone
# (play_tone; play_file plays any audio file GStreamer decodes). After a
# second Bob puts Alice on hold: she then hears Bob's music on hold, the
# file given on the command line (with_music_on_hold_file), or nothing
# without one. Bob resumes, and hangs up. Alice's RTP counters show what
# reached her in each phase.
#
#   GI_TYPELIB_PATH=build/introspection LD_LIBRARY_PATH=build/sessioncore \
#   PYTHONPATH=bindings/python /usr/bin/python3 examples/music_on_hold.py [FILE]
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import sys

import gi
gi.require_version('Sc', '1.0')
from gi.repository import GLib, Sc  # noqa: E402


def main():
    music = sys.argv[1] if len(sys.argv) > 1 else None
    loop = GLib.MainLoop()
    alice = (Sc.SessionManagerBuilder.new().with_local_bind_addr('127.0.0.1:0')
             .with_media_ports(36800, 36899).build())
    bob_builder = (Sc.SessionManagerBuilder.new()
                   .with_local_bind_addr('127.0.0.1:0')
                   .with_media_ports(36900, 36999))
    if music:
        bob_builder.with_music_on_hold_file(music)
    bob = bob_builder.build()
    state = {'alice': None, 'bob': None, 'counts': [], 'exit': 1, 'pending': 0}

    bob.connect('incoming-call', lambda manager, call: Sc.CallDecision.accept())

    def received():
        info = alice.get_media_info(state['alice'])
        return info.get_packets_received() if info else 0

    def on_established(manager, session, local_sdp, remote_sdp):
        if manager is alice:
            state['alice'] = session.get_id()
            return
        state['bob'] = session.get_id()
        print('bob: answered, playing a 440 Hz tone')
        bob.play_tone(session.get_id(), 440.0)
        state['counts'].append(0)
        GLib.timeout_add(1000, step)

    steps = ['hold', 'resume', 'hang up']

    def step():
        # How many packets reached Alice since the last step.
        total = received()
        print('alice: %d RTP packets in the last second' % (total - state['counts'][-1]))
        state['counts'].append(total)
        action = steps.pop(0)
        print('bob: ' + action)
        if action == 'hold':
            bob.hold_session(state['bob'])
        elif action == 'resume':
            bob.resume_session(state['bob'])
        else:
            bob.terminate_session(state['bob'])
            return GLib.SOURCE_REMOVE
        return GLib.SOURCE_CONTINUE

    def on_state_changed(manager, session_id, old, new, reason):
        if manager is alice:
            print('alice: %s -> %s' % (Sc.call_state_to_string(old),
                                       Sc.call_state_to_string(new)))

    def on_ended(manager, session, reason):
        if manager is not alice:
            return
        counts = state['counts']
        talking, held, resumed = (counts[i + 1] - counts[i] for i in range(3))
        # About 50 packets a second while Bob sends; on hold only with music.
        heard_music = held > 20
        if talking > 20 and resumed > 20 and heard_music == bool(music):
            state['exit'] = 0
        print('alice: call ended; %s during hold' %
              ('music' if heard_music else 'silence (no packets)'))
        state['pending'] = 2
        for m in (alice, bob):
            m.shutdown_async(None, on_shutdown_done)

    def on_shutdown_done(manager, res):
        manager.shutdown_finish(res)
        state['pending'] -= 1
        if state['pending'] == 0:
            loop.quit()

    def watchdog():
        print('no result after 15 s, giving up', file=sys.stderr)
        loop.quit()
        return GLib.SOURCE_REMOVE

    for manager in (alice, bob):
        manager.connect('call-established', on_established)
        manager.connect('call-state-changed', on_state_changed)
        manager.connect('call-ended', on_ended)
    GLib.timeout_add_seconds(15, watchdog)

    alice.create_outgoing_call('sip:alice@' + alice.get_bound_address(),
                               'sip:bob@' + bob.get_bound_address())
    loop.run()
    return state['exit']


if __name__ == '__main__':
    sys.exit(main())
