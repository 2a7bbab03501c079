#!/usr/bin/python3
# conference.py: the dial-in conference recipe of doc/cookbook.md.
#
#   conference.py PORT   serves on 127.0.0.1:PORT: every call to
#                        sip:<room>@... joins the conference <room>;
#                        *6 toggles the caller's mute
#
# doc/snippets/test_cookbook.py drives dial_in() with in-process phones;
# examples/conference_room.py is a longer demonstration.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import sys

import gi
gi.require_version("Sc", "1.0")
from gi.repository import GLib, Sc  # noqa: E402


def dial_in(server):
    """Calls to sip:ROOM@server join the conference ROOM (made on first
    use); a caller who presses *6 mutes or unmutes itself."""
    calls = server.get_session_manager()
    conferences = server.get_conference_manager()
    last_digit = {}                   # session id -> its previous digit
    config = Sc.ConferenceConfig.new()
    config.set_max_participants(20)
    config.set_timeout_secs(60)       # a room empty for 60 s is closed

    def on_call_established(calls, session, local_sdp, remote_sdp):
        if session.get_direction() != Sc.CallDirection.INCOMING:
            return
        room = session.get_to().split(":", 1)[1].split("@", 1)[0]   # sip:ROOM@host
        try:
            if not conferences.conference_exists(room):
                conferences.create_named_conference(room, config)
            conferences.join_conference(room, session.get_id())
        except GLib.Error as e:                      # full, locked, …
            print("cannot join", room, ":", e.message)
            calls.terminate_session(session.get_id())

    def on_dtmf(calls, session_id, digit, duration_ms):
        if last_digit.pop(session_id, None) == "*" and digit == "6":
            room = conferences.get_session_conference(session_id)
            if room is None:
                return
            me = conferences.get_conference(room).get_participant(session_id)
            muted = me.props.status == Sc.ParticipantStatus.MUTED
            conferences.update_participant_status(
                room, session_id,
                Sc.ParticipantStatus.ACTIVE if muted else Sc.ParticipantStatus.MUTED)
        else:
            last_digit[session_id] = digit

    calls.connect("incoming-call", lambda calls, call: Sc.CallDecision.accept(None))
    calls.connect("call-established", on_call_established)
    calls.connect("dtmf", on_dtmf)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: conference.py PORT")
    server = (Sc.SessionManagerBuilder.new()
              .with_local_bind_addr("127.0.0.1:" + sys.argv[1])
              .build_server(None))
    dial_in(server)
    print("listening on", server.get_session_manager().get_bound_address())
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
