#!/usr/bin/python3
# b2bua.py: the B2BUA recipe of doc/cookbook.md, as a program.
#
#   b2bua.py PORT AGENT_URI   serves on 127.0.0.1:PORT, Ctrl-C to stop
#
# doc/snippets/test_cookbook.py drives b2bua() with in-process phones.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import sys

import gi
gi.require_version("Sc", "1.0")
from gi.repository import GLib, Sc  # noqa: E402


def b2bua(server, agent_uri):
    """Every caller is answered, an agent is called, and the two legs are
    bridged when the agent answers; when either leg ends, so does the other."""
    calls = server.get_session_manager()
    partner = {}                      # session id -> the other leg's id

    def on_incoming_call(calls, call):
        return Sc.CallDecision.accept(None)          # 200 OK, generated answer

    def on_call_established(calls, session, local_sdp, remote_sdp):
        leg = session.get_id()
        if session.get_direction() == Sc.CallDirection.INCOMING:
            try:                                     # the customer is in: call the agent
                agent = calls.create_outgoing_call(session.get_from(), agent_uri, None)
            except GLib.Error as e:
                print("cannot call the agent:", e.message)
                calls.terminate_session(leg)
                return
            partner[leg] = agent.get_id()
            partner[agent.get_id()] = leg
        elif leg in partner:                         # the agent answered
            try:
                server.bridge_sessions(partner[leg], leg)
            except GLib.Error as e:                  # the customer is ending
                print("cannot bridge:", e.message)
                calls.terminate_session(leg)

    def on_call_ended(calls, session, reason):
        other = partner.pop(session.get_id(), None)  # one leg ended (or the agent
        if other is not None:                        # never answered): end the other
            partner.pop(other, None)
            try:
                calls.terminate_session(other)
            except GLib.Error:
                pass                                 # it is ending already

    calls.connect("incoming-call", on_incoming_call)
    calls.connect("call-established", on_call_established)
    calls.connect("call-ended", on_call_ended)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: b2bua.py PORT AGENT_URI")
    config = Sc.ServerConfig.new()
    config.set_bind_address("127.0.0.1:" + sys.argv[1])
    server = Sc.create_full_server_manager(None, config)
    b2bua(server, sys.argv[2])
    print("listening on", server.get_session_manager().get_bound_address())
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
