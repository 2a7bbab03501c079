#!/usr/bin/python3
# queue.py: the queue with music on hold of doc/cookbook.md, as a program.
#
#   queue.py PORT MUSIC_FILE AGENT_URI...   serves on 127.0.0.1:PORT
#
# doc/snippets/test_cookbook.py drives call_queue() with in-process phones.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import sys

import gi
gi.require_version("Sc", "1.0")
from gi.repository import GLib, Sc  # noqa: E402


def call_queue(server, music_file, agent_uris):
    """Callers are answered and hear music; each waits, first come first
    served, for a free agent, and is bridged to it when the agent answers."""
    calls = server.get_session_manager()
    free_agents = list(agent_uris)
    waiting = []                      # customer legs, oldest first
    agent_of = {}                     # customer leg -> (agent leg, agent uri)
    customer_of = {}                  # agent leg -> customer leg

    def dispatch():
        while waiting and free_agents:
            customer, uri = waiting.pop(0), free_agents.pop(0)
            agent = calls.create_outgoing_call("sip:queue@callcenter.example", uri, None)
            agent_of[customer] = (agent.get_id(), uri)
            customer_of[agent.get_id()] = customer

    def on_call_established(calls, session, local_sdp, remote_sdp):
        leg = session.get_id()
        if session.get_direction() == Sc.CallDirection.INCOMING:
            try:
                calls.play_file(leg, music_file)     # looped until bridged
            except GLib.Error:
                calls.play_tone(leg, 425.0)          # no music: a tone
            waiting.append(leg)
            dispatch()
        elif leg in customer_of:                     # an agent answered
            server.bridge_sessions(customer_of[leg], leg)

    def on_call_ended(calls, session, reason):
        leg = session.get_id()
        if leg in waiting:                           # gave up while waiting
            waiting.remove(leg)
        elif leg in agent_of:                        # customer gone: end the agent's leg
            agent, uri = agent_of.pop(leg)
            del customer_of[agent]
            free_agents.append(uri)
            calls.terminate_session(agent)
        elif leg in customer_of:                     # agent gone (or never answered)
            customer = customer_of.pop(leg)
            _, uri = agent_of.pop(customer)
            if session.get_started_at() != 0:        # they talked: the call is over
                free_agents.append(uri)
                calls.terminate_session(customer)
            else:                                    # no answer: back to the queue, and
                waiting.insert(0, customer)          # that agent rests for 10 s
                GLib.timeout_add_seconds(10, agent_rested, uri)
        dispatch()

    def agent_rested(uri):
        free_agents.append(uri)
        dispatch()
        return GLib.SOURCE_REMOVE

    calls.connect("incoming-call", lambda calls, call: Sc.CallDecision.accept(None))
    calls.connect("call-established", on_call_established)
    calls.connect("call-ended", on_call_ended)


def main():
    if len(sys.argv) < 4:
        sys.exit("usage: queue.py PORT MUSIC_FILE AGENT_URI...")
    server = (Sc.SessionManagerBuilder.new()
              .with_local_bind_addr("127.0.0.1:" + sys.argv[1])
              .build_server(None))
    call_queue(server, sys.argv[2], sys.argv[3:])
    print("listening on", server.get_session_manager().get_bound_address())
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
