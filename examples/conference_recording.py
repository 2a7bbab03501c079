#!/usr/bin/python3
# conference_recording.py: record a conference, then a bridge.
#
# Three phones call a server, which joins them to a conference
# (create_conference: an anonymous one, conf_<uuid>). The server records
# the conference for 2 s (start_recording / stop_recording): the mix of
# everyone, 8 kHz mono, to a WAV file -- or Ogg/Opus for a name ending in
# .ogg or .opus. Once stop_recording returns the file is complete, and the
# example decodes it with GStreamer's discoverer (Gst through gi) to print
# its duration.
#
# Then two of the callers leave the conference, are bridged instead (a
# session is in one conference or one bridge at a time), and the bridge is
# recorded for 1 s (BridgeManager.start_recording).
#
#   GI_TYPELIB_PATH=build/introspection LD_LIBRARY_PATH=build/sessioncore \
#   PYTHONPATH=bindings/python /usr/bin/python3 examples/conference_recording.py \
#       [FILE.wav [BRIDGE.wav]]
#
# Without arguments both files go to a new directory in /tmp.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import sys
import tempfile

import gi
gi.require_version('Sc', '1.0')
gi.require_version('Gst', '1.0')
gi.require_version('GstPbutils', '1.0')
from gi.repository import GLib, Gst, GstPbutils, Sc  # noqa: E402

PHONES = [('alice', 440.0), ('bob', 660.0), ('carol', 880.0)]


def print_duration(path, expected_s):
    """Decodes the file with GStreamer and prints how long it lasts; False
    when it cannot be decoded or is much shorter than expected."""
    discoverer = GstPbutils.Discoverer.new(5 * Gst.SECOND)
    try:
        info = discoverer.discover_uri(Gst.filename_to_uri(path))
    except GLib.Error as e:
        print('%s: cannot decode: %s' % (path, e.message), file=sys.stderr)
        return False
    seconds = info.get_duration() / Gst.SECOND
    print('%s: %d bytes, %.2f s of audio' % (path, os.path.getsize(path), seconds))
    return seconds >= expected_s / 2


def main():
    Gst.init(None)
    if len(sys.argv) > 1:
        conference_path = sys.argv[1]
    else:
        conference_path = os.path.join(tempfile.mkdtemp(prefix='conference-recording-'),
                                       'conference.wav')
    stem, ext = os.path.splitext(conference_path)
    bridge_path = sys.argv[2] if len(sys.argv) > 2 else stem + '-bridge' + (ext or '.wav')

    server = (Sc.SessionManagerBuilder.new()
              .with_local_bind_addr('127.0.0.1:0')
              .with_media_ports(38800, 38849)
              .build_server(None))
    calls = server.get_session_manager()
    conferences = server.get_conference_manager()
    bridges = server.get_bridge_manager()

    # An anonymous conference with the default configuration.
    conference_id = conferences.create_conference(None)
    print('server on %s, conference %s' % (calls.get_bound_address(), conference_id))

    loop = GLib.MainLoop()
    state = {'phones': [], 'legs': [], 'names': [], 'bridge': None,
             'finishing': False, 'failed': False, 'pending': 0}

    # -- step 1: the conference, recorded for 2 s --------------------------------

    def on_call_established(manager, session, local_sdp, remote_sdp):
        info = conferences.join_conference(conference_id, session.get_id())
        print('%s joined the conference' % info.get_display_name())
        state['legs'].append(session.get_id())
        state['names'].append(info.get_display_name())
        if len(state['legs']) < len(PHONES):
            return
        conferences.start_recording(conference_id, conference_path)
        print('all three in: recording the conference to %s for 2 s' % conference_path)
        GLib.timeout_add(2000, stop_conference_recording)

    def stop_conference_recording():
        # When stop_recording returns, the file is complete.
        conferences.stop_recording(conference_id)
        print('conference recording stopped')
        if print_duration(conference_path, 2.0):
            record_a_bridge()
        else:
            state['failed'] = True
            finish()
        return GLib.SOURCE_REMOVE

    # -- step 2: two of them in a bridge, recorded for 1 s -------------------------

    def record_a_bridge():
        # A session is in one conference or one bridge: leave first.
        first, second = state['legs'][:2]
        conferences.leave_conference(conference_id, first)
        conferences.leave_conference(conference_id, second)
        state['bridge'] = server.bridge_sessions(first, second)
        bridges.start_recording(state['bridge'], bridge_path)
        print('%s and %s left the conference, are bridged in %s; recording it to %s'
              % (state['names'][0], state['names'][1], state['bridge'], bridge_path))
        GLib.timeout_add(1000, stop_bridge_recording)

    def stop_bridge_recording():
        bridges.stop_recording(state['bridge'])
        print('bridge recording stopped')
        if not print_duration(bridge_path, 1.0):
            state['failed'] = True
        finish()
        return GLib.SOURCE_REMOVE

    # -- the phones, one after the other -----------------------------------------

    def call_next_phone():
        i = len(state['phones'])
        if i == len(PHONES):
            return
        name = PHONES[i][0]
        phone = (Sc.SessionManagerBuilder.new()
                 .with_local_bind_addr('127.0.0.1:0')
                 .with_media_ports(38850 + 50 * i, 38899 + 50 * i)
                 .build())
        state['phones'].append(phone)
        phone.connect('call-established', on_phone_established)
        phone.create_outgoing_call('sip:%s@%s' % (name, phone.get_bound_address()),
                                   'sip:conference@' + calls.get_bound_address(), None)

    def on_phone_established(phone, session, local_sdp, remote_sdp):
        name, tone = PHONES[state['phones'].index(phone)]
        phone.play_tone(session.get_id(), tone)
        print('%s: connected, playing %.0f Hz' % (name, tone))
        call_next_phone()

    # -- the end -------------------------------------------------------------------

    def finish():
        if state['finishing']:
            return
        state['finishing'] = True
        # The server's shutdown ends the conference, the bridge and the calls.
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
            loop.quit()

    def watchdog():
        print('no result after 15 s, giving up', file=sys.stderr)
        state['failed'] = True
        loop.quit()
        return GLib.SOURCE_REMOVE

    def guarded(handler):
        """An error in a step ends the example instead of hanging it."""
        def run(*args):
            try:
                return handler(*args)
            except GLib.Error as e:
                print('error: %s' % e.message, file=sys.stderr)
                state['failed'] = True
                finish()
                return GLib.SOURCE_REMOVE
        return run

    stop_conference_recording = guarded(stop_conference_recording)
    stop_bridge_recording = guarded(stop_bridge_recording)
    calls.connect('incoming-call', lambda manager, call: Sc.CallDecision.accept(None))
    calls.connect('call-established', guarded(on_call_established))
    GLib.timeout_add_seconds(15, watchdog)
    call_next_phone()

    loop.run()

    ok = not state['failed'] and state['bridge'] is not None
    print('done' if ok else 'FAILED')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
