#!/usr/bin/python3
# transfer.py: the blind transfer recipe of doc/cookbook.md, as a program.
#
#   transfer.py PORT OPERATOR_URI   a server on 127.0.0.1:PORT that answers
#                                   every call and transfers a caller who
#                                   presses 0 to OPERATOR_URI
#
# doc/snippets/test_cookbook.py drives both halves: transfer_on_zero() on a
# server, follow_transfers() on an in-process phone.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import sys

import gi
gi.require_version("Sc", "1.0")
from gi.repository import GLib, Sc  # noqa: E402


# The side that transfers: a caller who presses 0 is sent to the operator.
def transfer_on_zero(calls, operator_uri):
    def on_dtmf(calls, session_id, digit, duration_ms):
        if digit == "0":
            try:
                calls.transfer_session(session_id, operator_uri)   # REFER
            except GLib.Error as e:
                print("cannot transfer:", e.message)

    def on_state(calls, session_id, old, new, reason):
        if old == Sc.CallState.TRANSFERRING and new != Sc.CallState.TERMINATED:
            print(session_id, "refused the transfer:", reason)    # "transfer refused"

    calls.connect("dtmf", on_dtmf)
    calls.connect("call-state-changed", on_state)


# The side that is transferred (a phone, or a B2BUA leg): accept the REFER,
# call the target, hang up the old call.
def follow_transfers(calls):
    def on_transfer_request(calls, session_id, target_uri, referred_by):
        session = calls.get_session(session_id)
        if session is None:
            return False                             # 603 Decline
        GLib.idle_add(transfer, session, target_uri)
        return True                                  # 202 Accepted

    def transfer(session, target_uri):
        if session.get_direction() == Sc.CallDirection.OUTGOING:
            me = session.get_from()                  # we placed the call
        else:
            me = session.get_to()                    # we answered it
        try:
            calls.create_outgoing_call(me, target_uri, None)
        except GLib.Error as e:
            print("cannot call", target_uri, ":", e.message)
        calls.terminate_session(session.get_id())    # BYE to the transferor
        return GLib.SOURCE_REMOVE

    calls.connect("transfer-request", on_transfer_request)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: transfer.py PORT OPERATOR_URI")
    calls = (Sc.SessionManagerBuilder.new()
             .with_local_bind_addr("127.0.0.1:" + sys.argv[1])
             .build())
    calls.connect("incoming-call", lambda calls, call: Sc.CallDecision.accept(None))
    transfer_on_zero(calls, sys.argv[2])
    follow_transfers(calls)
    print("listening on", calls.get_bound_address())
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
