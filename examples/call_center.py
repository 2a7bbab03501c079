#!/usr/bin/python3
# call_center.py: a call-centre server with a waiting queue.
#
# Every incoming call is deferred (the caller hears 180 Ringing) while the
# server "finds an agent"; after --agent-delay seconds the call is accepted.
# When --max-waiting callers are already waiting, a new call is rejected
# with 486 Busy Here. A caller who hangs up while waiting leaves the queue.
# Start and end of every call are logged. Ctrl-C (or SIGTERM) hangs up
# every call and shuts the server down cleanly.
#
# The decisions are made by a Python Sc.CallHandler given to the builder.
#
#   GI_TYPELIB_PATH=build/introspection LD_LIBRARY_PATH=build/sessioncore \
#   PYTHONPATH=bindings/python /usr/bin/python3 examples/call_center.py --port 5060
#
# then call sip:anything@127.0.0.1:5060 from any SIP phone (or SIPp:
# `sipp -sn uac -i 127.0.0.1 -p 0 -m 1 127.0.0.1:5060`).
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import argparse
import signal
import sys
import time

import gi
gi.require_version('Sc', '1.0')
from gi.repository import GLib, GObject, Sc  # noqa: E402


def log(text):
    print('%s %s' % (time.strftime('%H:%M:%S'), text), flush=True)


class CallCenter(GObject.Object, Sc.CallHandler):
    """Decides and follows every call of the manager it is given to."""

    def __init__(self, max_waiting, agent_delay_ms):
        super().__init__()
        self.manager = None          # set once the manager is built
        self.max_waiting = max_waiting
        self.agent_delay_ms = agent_delay_ms
        self.waiting = {}            # session id -> timeout source id
        self.answered = 0

    # -- Sc.CallHandler vfuncs ------------------------------------------

    def do_on_incoming_call(self, call):
        if len(self.waiting) >= self.max_waiting:
            log('call %s from %s: %d already waiting, rejecting with 486'
                % (call.get_id(), call.get_from(), len(self.waiting)))
            return Sc.CallDecision.reject_with_code(486, 'Busy Here')

        session_id = call.get_id()
        self.waiting[session_id] = GLib.timeout_add(
            self.agent_delay_ms, self.agent_found, session_id)
        log('call %s from %s: waiting for an agent (%d waiting)'
            % (session_id, call.get_from(), len(self.waiting)))
        return Sc.CallDecision.defer()   # 180 Ringing; we answer later

    def do_on_call_established(self, session, local_sdp, remote_sdp):
        self.answered += 1
        log('call started: %s %s -> %s (Call-ID %s)'
            % (session.get_id(), session.get_from(), session.get_to(),
               session.get_sip_call_id()))

    def do_on_call_ended(self, session, reason):
        timer = self.waiting.pop(session.get_id(), None)
        if timer is not None:
            GLib.source_remove(timer)
            log('call %s: the caller gave up while waiting (%s)'
                % (session.get_id(), reason))
        log('call ended: %s %s (%s)'
            % (session.get_id(), Sc.call_state_to_string(session.get_state()),
               reason))

    # -- the queue -------------------------------------------------------

    def agent_found(self, session_id):
        if self.waiting.pop(session_id, None) is None:
            return GLib.SOURCE_REMOVE
        log('call %s: agent found, answering' % session_id)
        try:
            self.manager.accept_incoming_call(session_id, None)
        except GLib.Error as e:
            log('call %s: cannot answer: %s' % (session_id, e.message))
        return GLib.SOURCE_REMOVE


def main():
    parser = argparse.ArgumentParser(
        description='A call-centre SIP server with a waiting queue.')
    parser.add_argument('--address', default='127.0.0.1',
                        help='IP address to listen on (default 127.0.0.1)')
    parser.add_argument('--port', type=int, default=5060,
                        help='SIP port (default 5060, 0 = any free port)')
    parser.add_argument('--max-waiting', type=int, default=3, metavar='N',
                        help='reject new calls with 486 when N callers wait (default 3)')
    parser.add_argument('--agent-delay', type=float, default=1.0, metavar='SECONDS',
                        help='time to find an agent (default 1 s)')
    parser.add_argument('--media-ports', default='40000-40999', metavar='START-END',
                        help='RTP port range (default 40000-40999)')
    args = parser.parse_args()

    start, end = (int(p) for p in args.media_ports.split('-'))
    bind = ('[%s]:%d' if ':' in args.address else '%s:%d') % (args.address, args.port)
    center = CallCenter(args.max_waiting, int(args.agent_delay * 1000))
    try:
        manager = (Sc.SessionManagerBuilder.new()
                   .with_local_bind_addr(bind)
                   .with_media_ports(start, end)
                   .with_handler(center)
                   .build())
    except GLib.Error as e:
        print('cannot start: %s' % e.message, file=sys.stderr)
        return 1
    center.manager = manager
    log('listening on %s (max %d waiting, agent found after %.1f s)'
        % (manager.get_bound_address(), args.max_waiting, args.agent_delay))

    loop = GLib.MainLoop()

    def on_shutdown_done(manager, result):
        manager.shutdown_finish(result)
        log('shut down after %d answered calls' % center.answered)
        loop.quit()

    def on_signal(signum):
        if not manager.is_running():
            return GLib.SOURCE_REMOVE    # already shutting down
        log('signal %d: hanging up every call and shutting down' % signum)
        for timer in center.waiting.values():
            GLib.source_remove(timer)
        center.waiting.clear()
        manager.shutdown_async(None, on_shutdown_done)
        return GLib.SOURCE_REMOVE

    for signum in (signal.SIGINT, signal.SIGTERM):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signum, on_signal, signum)
    loop.run()
    return 0


if __name__ == '__main__':
    sys.exit(main())
