#!/usr/bin/python3
# supervisor.py: the supervisor recipes of doc/cookbook.md.
#
#   supervisor.py PORT AGENT_URI SUPERVISOR_URI bridge|listen
#       a B2BUA (b2bua.py) on 127.0.0.1:PORT; an agent who presses 9 calls
#       the supervisor in: as a third bridge member (bridge), or into a
#       conference where the supervisor is muted (listen)
#
# doc/snippets/test_cookbook.py drives add_supervisor() and
# listen_in_conference() with in-process phones.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import sys

import gi
gi.require_version("Sc", "1.0")
from gi.repository import GLib, Sc  # noqa: E402

import b2bua  # noqa: E402


# 1. A third member in the customer's bridge, muted in it: the supervisor
#    hears both, nobody hears the supervisor. Unmuted, it barges in.
def add_supervisor(server, agent_leg, supervisor_leg, listen_only=True):
    """Adds the supervisor's answered call to the agent's bridge. With three
    members the bridge mixes: each hears the two others, except a member
    muted in the bridge, whom nobody hears."""
    bridge_id = server.get_session_bridge(agent_leg)       # None: no bridge
    bridges = server.get_bridge_manager()
    bridges.add_to_bridge(bridge_id, supervisor_leg)
    bridges.set_member_muted(bridge_id, supervisor_leg, listen_only)
    return bridge_id


# 2. The same in a conference: the supervisor is a MUTED participant.
def listen_in_conference(server, customer_leg, agent_leg, supervisor_leg):
    conferences = server.get_conference_manager()
    bridge_id = server.get_session_bridge(customer_leg)
    if bridge_id is not None:
        server.destroy_bridge(bridge_id)           # the calls stay up
    room = conferences.create_conference(None)
    for leg in (customer_leg, agent_leg, supervisor_leg):
        conferences.join_conference(room, leg)
    conferences.update_participant_status(room, supervisor_leg,
                                          Sc.ParticipantStatus.MUTED)
    return room


# Barge in: the supervisor speaks.
def barge_in(server, room, supervisor_leg):
    server.get_conference_manager().update_participant_status(
        room, supervisor_leg, Sc.ParticipantStatus.ACTIVE)


def main():
    if len(sys.argv) != 5 or sys.argv[4] not in ("bridge", "listen"):
        sys.exit("usage: supervisor.py PORT AGENT_URI SUPERVISOR_URI bridge|listen")
    server = (Sc.SessionManagerBuilder.new()
              .with_local_bind_addr("127.0.0.1:" + sys.argv[1])
              .build_server(None))
    calls = server.get_session_manager()
    b2bua.b2bua(server, sys.argv[2])
    pending = {}                                   # supervisor leg -> agent leg

    def on_dtmf(calls, session_id, digit, duration_ms):
        # The agent presses 9: call the supervisor.
        if digit == "9" and server.get_session_bridge(session_id) is not None:
            supervisor = calls.create_outgoing_call("sip:monitor@callcenter.example",
                                                    sys.argv[3], None)
            pending[supervisor.get_id()] = session_id

    def on_call_established(calls, session, local_sdp, remote_sdp):
        agent_leg = pending.pop(session.get_id(), None)
        if agent_leg is None:
            return
        if sys.argv[4] == "bridge":
            add_supervisor(server, agent_leg, session.get_id())
            return
        bridge = server.get_bridge_manager().get_bridge_info(
            server.get_session_bridge(agent_leg))
        customer_leg = [m for m in bridge.get_sessions() if m != agent_leg][0]
        listen_in_conference(server, customer_leg, agent_leg, session.get_id())

    calls.connect("dtmf", on_dtmf)
    calls.connect("call-established", on_call_established)
    print("listening on", calls.get_bound_address())
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
