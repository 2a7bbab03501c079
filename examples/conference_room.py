#!/usr/bin/python3
# conference_room.py: a dial-in conference bridge.
#
# A server (SessionManagerBuilder.build_server) answers every call to
# sip:room@... and joins it to the named conference "room"
# (create_named_conference, join_conference). Every participant hears the
# others, never itself. A caller who presses *6 -- two RFC 4733 digits,
# '*' then '6', seen by the server's "dtmf" signal -- mutes itself; *6
# again unmutes it (update_participant_status MUTED <-> ACTIVE). Every
# conference event is printed (the detailed signal "conference-event",
# with the event type's nick), and so are the participants, read from the
# live Sc.Conference, with their status and whether they are talking.
#
# By itself it places its own callers: three in-process phones (alice,
# bob, carol) call in and play a tone each (440, 660, 880 Hz); bob presses
# *6 and is muted, presses *6 again and is unmuted; then the conference is
# terminated and everything shuts down, in a few seconds.
#
#   GI_TYPELIB_PATH=build/introspection LD_LIBRARY_PATH=build/sessioncore \
#   PYTHONPATH=bindings/python /usr/bin/python3 examples/conference_room.py \
#       [--record FILE] [--address ADDR --port N --wait]
#
# With --record FILE the room is recorded (WAV, or Ogg/Opus for a name
# ending in .ogg or .opus) and the file's size is printed at the end.
# With --wait no phones are placed: real phones dial sip:room@ADDR:N and
# Ctrl-C ends.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import argparse
import os
import signal
import sys

import gi
gi.require_version('Sc', '1.0')
from gi.repository import GLib, Sc  # noqa: E402

ROOM = 'room'
PHONES = [('alice', 440.0), ('bob', 660.0), ('carol', 880.0)]
MUTER = 1   # bob presses *6


def make_phone(media_port_start):
    return (Sc.SessionManagerBuilder.new()
            .with_local_bind_addr('127.0.0.1:0')
            .with_media_ports(media_port_start, media_port_start + 49)
            .build())


def main():
    parser = argparse.ArgumentParser(description='A dial-in conference bridge.')
    parser.add_argument('--record', metavar='FILE', help='record the room to FILE')
    parser.add_argument('--address', default='127.0.0.1', help='listen on ADDR')
    parser.add_argument('--port', type=int, default=0, help='listen on port N')
    parser.add_argument('--wait', action='store_true', help='serve real phones until Ctrl-C')
    args = parser.parse_args()
    demo = not args.wait

    # The server, its calls and its conferences.
    server = (Sc.SessionManagerBuilder.new()
              .with_local_bind_addr('%s:%d' % (args.address, args.port))
              .with_media_ports(38400, 38449)
              .with_domain('conference.example')
              .build_server(None))
    calls = server.get_session_manager()
    conferences = server.get_conference_manager()
    address = calls.get_bound_address()
    print('server listens on %s; callers dial sip:%s@%s' % (address, ROOM, address))

    loop = GLib.MainLoop()
    state = {'room': None,       # the live Sc.Conference
             'names': {},        # server session id -> who it is
             'last_digit': {},   # server session id -> last digit pressed
             'phones': [], 'phone_calls': {}, 'joined': 0, 'toggles': 0,
             'wait': None, 'finishing': False, 'failed': False, 'pending': 0}

    def who(session_id):
        """Its participant's display name, remembered so that it can still
        be told once the participant is gone."""
        if session_id not in state['names']:
            participant = state['room'].get_participant(session_id)
            if participant is None:
                return '?'
            state['names'][session_id] = participant.props.display_name
        return state['names'][session_id]

    def wait(ms, then):
        """Runs then() after ms, replacing the current bounded wait."""
        if state['wait'] is not None:
            GLib.source_remove(state['wait'])

        def expired():
            state['wait'] = None
            then()
            return GLib.SOURCE_REMOVE
        state['wait'] = GLib.timeout_add(ms, expired)

    def print_participants():
        # The live Gio.ListModel of Sc.ConferenceParticipant.
        participants = state['room'].get_participants()
        n = participants.get_n_items()
        print('room: %d participant%s' % (n, '' if n == 1 else 's'))
        for p in participants:
            print('  %-6s %-8s %s%s' % (
                p.props.display_name, Sc.participant_status_to_string(p.props.status),
                'talking' if p.props.talking else 'quiet',
                '' if p.props.audio_active else ' (no audio yet)'))

    # -- the server: answer sip:room@..., join the room, *6 toggles mute ------

    def on_incoming_call(manager, call):
        # The To URI names the conference: sip:room@host.
        if 'sip:%s@' % ROOM not in call.get_to():
            print('server: %s is not a conference: 404' % call.get_to())
            return Sc.CallDecision.reject_with_code(404, 'No such conference')
        return Sc.CallDecision.accept(None)

    def on_call_established(manager, session, local_sdp, remote_sdp):
        if session.get_direction() != Sc.CallDirection.INCOMING:
            return
        try:
            conferences.join_conference(ROOM, session.get_id())
        except GLib.Error as e:
            print('server: cannot join %s: %s' % (session.get_id(), e.message), file=sys.stderr)
            calls.terminate_session(session.get_id())
            return
        print('server: %s (%s) joins %s' % (session.get_id(), who(session.get_id()), ROOM))

    def toggle_mute(session_id):
        participant = state['room'].get_participant(session_id)
        if participant is None:
            return                     # not (or no longer) in the room
        if participant.props.status == Sc.ParticipantStatus.MUTED:
            status = Sc.ParticipantStatus.ACTIVE
        else:
            status = Sc.ParticipantStatus.MUTED
        conferences.update_participant_status(ROOM, session_id, status)
        print('server: *6 from %s: now %s' % (
            who(session_id), 'MUTED (the others no longer hear it)'
            if status == Sc.ParticipantStatus.MUTED else 'ACTIVE (heard again)'))
        state['toggles'] += 1
        if demo:
            wait(700, after_toggle)

    def on_dtmf(manager, session_id, digit, duration_ms):
        # Two digits, '*' then '6': keep the last digit of each session.
        print('server: %s pressed %s' % (who(session_id), digit))
        if state['last_digit'].get(session_id) == '*' and digit == '6':
            del state['last_digit'][session_id]
            toggle_mute(session_id)
        else:
            state['last_digit'][session_id] = digit

    def on_call_ended(manager, session, reason):
        state['last_digit'].pop(session.get_id(), None)

    def on_conference_event(manager, event):
        """Every conference event, whatever its type."""
        kind = event.get_event_type()
        session_id = event.get_session_id()
        text = 'conference-event::' + kind.value_nick
        if session_id:
            text += ' %s (%s)' % (session_id, who(session_id))
        if kind == Sc.ConferenceEventType.PARTICIPANT_STATUS_CHANGED:
            text += ': %s -> %s' % (Sc.participant_status_to_string(event.get_old_status()),
                                    Sc.participant_status_to_string(event.get_new_status()))
        elif event.get_reason():
            text += ': ' + event.get_reason()
        print(text)

        # The demo goes on once its three callers are in.
        if kind == Sc.ConferenceEventType.PARTICIPANT_JOINED and demo:
            state['joined'] += 1
            if state['joined'] == len(PHONES):
                # Let the audio flow and the talking detection settle.
                wait(1500, first_press)

    # -- the demo's phones -----------------------------------------------------

    def first_press():
        print_participants()
        bob_presses_star_6()

    def bob_presses_star_6():
        name = PHONES[MUTER][0]
        print('%s: pressing *6' % name)
        state['phones'][MUTER].send_dtmf(state['phone_calls'][MUTER], '*6')
        wait(2000, no_toggle)

    def no_toggle():
        print('server: *6 had no effect within 2 s', file=sys.stderr)
        state['failed'] = True
        finish()

    def after_toggle():
        print_participants()
        if state['toggles'] == 1:
            bob_presses_star_6()       # unmute again
        else:
            finish()

    def on_phone_established(phone, session, local_sdp, remote_sdp):
        i = state['phones'].index(phone)
        name, tone = PHONES[i]
        state['phone_calls'][i] = session.get_id()
        print('%s: connected, playing %.0f Hz' % (name, tone))
        phone.play_tone(session.get_id(), tone)

    # -- the end ---------------------------------------------------------------

    def finish():
        if state['finishing']:
            return
        state['finishing'] = True
        if state['wait'] is not None:
            GLib.source_remove(state['wait'])
            state['wait'] = None
        if args.record and state['room'].props.recording:
            # When stop_recording returns, the file is complete.
            conferences.stop_recording(ROOM)
            print('recorded %s: %d bytes' % (args.record, os.path.getsize(args.record)))
        # The participants' calls stay up: the shutdown ends them.
        print('server: terminating', ROOM)
        conferences.terminate_conference(ROOM)
        state['pending'] = 1 + len(state['phones'])
        server.shutdown_async(None, on_down)
        for phone in state['phones']:
            phone.shutdown_async(None, on_down)

    def on_down(source, result):
        try:
            source.shutdown_finish(result)
        except GLib.Error as e:
            print('shutdown: %s' % e.message, file=sys.stderr)
            state['failed'] = True
        state['pending'] -= 1
        if state['pending'] == 0:
            print('everything shut down')
            loop.quit()

    def on_sigint():
        print('\nCtrl-C')
        finish()
        return GLib.SOURCE_REMOVE

    def watchdog():
        print('no result after 15 s, giving up', file=sys.stderr)
        state['failed'] = True
        loop.quit()
        return GLib.SOURCE_REMOVE

    calls.connect('incoming-call', on_incoming_call)
    calls.connect('call-established', on_call_established)
    calls.connect('dtmf', on_dtmf)
    calls.connect('call-ended', on_call_ended)
    conferences.connect('conference-event', on_conference_event)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGINT, on_sigint)

    # The conference, by name: callers are joined to it as they come.
    config = Sc.ConferenceConfig.new()
    config.set_name('The Room')
    config.set_max_participants(10)
    conferences.create_named_conference(ROOM, config)
    state['room'] = conferences.get_conference(ROOM)
    if args.record:
        conferences.start_recording(ROOM, args.record)
        print('recording %s to %s' % (ROOM, args.record))

    if args.wait:
        print('waiting for calls; press *6 on a phone to mute or unmute it; Ctrl-C ends')
    else:
        GLib.timeout_add_seconds(15, watchdog)
        for i, (name, _) in enumerate(PHONES):
            phone = make_phone(38450 + 50 * i)
            state['phones'].append(phone)
            phone.connect('call-established', on_phone_established)
            to = 'sip:%s@%s' % (ROOM, address)
            phone.create_outgoing_call('sip:%s@%s' % (name, phone.get_bound_address()), to, None)
            print('%s: calling %s' % (name, to))

    loop.run()

    ok = not state['failed'] and (args.wait or state['toggles'] == 2)
    print('done' if ok else 'FAILED')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
