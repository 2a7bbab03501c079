#!/usr/bin/python3
# recording.py: the recording recipes of doc/cookbook.md.
#
#   recording.py PORT AGENT_URI DIRECTORY
#       a B2BUA (b2bua.py) on 127.0.0.1:PORT that records every bridged
#       call to DIRECTORY/<bridge id>.wav
#
# doc/snippets/test_cookbook.py drives record_bridges() and
# record_conferences() with in-process phones; examples/conference_recording.py
# is a longer demonstration.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import sys

import gi
gi.require_version("Sc", "1.0")
from gi.repository import GLib, Sc  # noqa: E402

import b2bua  # noqa: E402


# Every bridge is recorded, from its first member to its end.
def record_bridges(server, directory):
    bridges = server.get_bridge_manager()

    def on_session_added(bridges, event):
        bridge_id = event.get_bridge_id()
        if bridges.is_recording(bridge_id):
            return
        path = os.path.join(directory, bridge_id + ".wav")
        try:
            bridges.start_recording(bridge_id, path)
        except GLib.Error as e:
            print("cannot record", bridge_id, ":", e.message)

    def on_destroyed(bridges, event):                # the file is complete now
        print("recorded", os.path.join(directory, event.get_bridge_id() + ".wav"))

    bridges.connect("bridge-event::session-added", on_session_added)
    bridges.connect("bridge-event::destroyed", on_destroyed)


# Every conference is recorded while anyone is in it, to
# DIRECTORY/<conference id>.wav; stop_recording() returns once the file is
# complete (terminating the conference completes it too).
def record_conferences(server, directory):
    conferences = server.get_conference_manager()

    def on_event(conferences, event):
        room = event.get_conference_id()
        conference = conferences.get_conference(room)
        if conference is None:
            return
        n = conference.get_participants().get_n_items()
        path = os.path.join(directory, room + ".wav")      # or .ogg, .opus
        if n > 0 and not conference.props.recording:
            try:
                conferences.start_recording(room, path)
            except GLib.Error as e:
                print("cannot record", room, ":", e.message)
        elif n == 0 and conference.props.recording:
            conferences.stop_recording(room)
            print(path, "is complete:", os.path.getsize(path), "bytes")

    conferences.connect("conference-event::participant-joined", on_event)
    conferences.connect("conference-event::participant-left", on_event)


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: recording.py PORT AGENT_URI DIRECTORY")
    server = (Sc.SessionManagerBuilder.new()
              .with_local_bind_addr("127.0.0.1:" + sys.argv[1])
              .build_server(None))
    b2bua.b2bua(server, sys.argv[2])
    record_bridges(server, sys.argv[3])
    record_conferences(server, sys.argv[3])     # none here; see conference.py
    print("listening on", server.get_session_manager().get_bound_address())
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
