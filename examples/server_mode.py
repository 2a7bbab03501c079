#!/usr/bin/python3
# server_mode.py: a SIP server that bridges two calls.
#
# The Rust plan's `server_mode` example. A server made from a
# Sc.ServerConfig (Sc.create_full_server_manager) accepts calls through a
# Sc.IncomingCallNotification and follows its bridges through a
# Sc.EventReceiver. Two in-process "phones" (plain session managers) call
# it; the server bridges the two calls (bridge_sessions), lists its
# bridges, waits up to 2 s for the audio to flow both ways
# (MEDIA_ESTABLISHED), destroys the bridge and shuts everything down.
#
#   GI_TYPELIB_PATH=build/introspection LD_LIBRARY_PATH=build/sessioncore \
#   PYTHONPATH=bindings/python /usr/bin/python3 examples/server_mode.py
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import sys

import gi
gi.require_version('Sc', '1.0')
from gi.repository import GLib, GObject, Sc  # noqa: E402


class Notifier(GObject.Object, Sc.IncomingCallNotification):
    """Decides incoming calls and hears how calls end."""

    def __init__(self):
        super().__init__()
        self.ended_by_server = []

    def do_on_incoming_call(self, event):
        print('server: incoming call %s from %s: accepting'
              % (event.get_session_id(), event.get_caller_info().get_from()))
        return Sc.CallDecision.accept(None)

    def do_on_call_terminated_by_remote(self, session_id, call_id):
        print('server: %s hung up by the caller' % session_id)

    def do_on_call_ended_by_server(self, session_id, call_id):
        print('server: %s ended by the server' % session_id)
        self.ended_by_server.append(session_id)


def make_phone(media_port_start):
    return (Sc.SessionManagerBuilder.new()
            .with_local_bind_addr('127.0.0.1:0')
            .with_media_ports(media_port_start, media_port_start + 99)
            .build())


def main():
    # The server: loopback, any free port, at most 10 calls.
    config = Sc.ServerConfig.new()
    config.set_bind_address('127.0.0.1:0')
    config.set_server_name('sessioncore-server-mode/0.1')
    config.set_max_sessions(10)
    try:
        server = Sc.create_full_server_manager(None, config)
    except GLib.Error as e:
        print('cannot start the server: %s' % e.message, file=sys.stderr)
        return 1
    calls = server.get_session_manager()
    print('server listens on', calls.get_bound_address())

    notifier = Notifier()
    server.set_incoming_call_notifier(notifier)
    # Every bridge event from now on is queued in the receiver.
    receiver = server.subscribe_to_bridge_events()

    loop = GLib.MainLoop()
    state = {'legs': [], 'bridge': None, 'waited_ms': 0, 'destroyed': False,
             'failed': False, 'pending': 0}

    def pull_events():
        """Takes what the receiver queued, as Rust code does with its
        channel; iterating never blocks."""
        types = []
        for event in receiver:
            types.append(event.get_event_type())
            text = 'event: %-17s %s' % (event.get_event_type().value_nick,
                                        event.get_bridge_id())
            if event.get_session_id():
                text += ' ' + event.get_session_id()
            if event.get_reason():
                text += ' reason: ' + event.get_reason()
            print(text)
        return types

    def print_bridge(bridge_id):
        # A snapshot of one bridge (list_bridges() gives one for each).
        info = server.get_bridge_manager().get_bridge_info(bridge_id)
        if info is None:
            print('server: %s is gone' % bridge_id)
        else:
            print('  %s: %d members (%s)' % (info.get_id(), info.get_participant_count(),
                                             ', '.join(info.get_sessions())))

    # -- the bridge -------------------------------------------------------

    def on_established(manager, session, local_sdp, remote_sdp):
        print('server: %s answered (%s)' % (session.get_id(), session.get_from()))
        state['legs'].append(session.get_id())
        if len(state['legs']) == 2:
            bridge_calls()

    def bridge_calls():
        try:
            state['bridge'] = server.bridge_sessions(*state['legs'])
        except GLib.Error as e:
            print('server: cannot bridge: %s' % e.message, file=sys.stderr)
            state['failed'] = True
            shut_down()
            return
        print('server: bridged the two calls in', state['bridge'])
        print_bridge(state['bridge'])
        print('server: %s is in %s' % (state['legs'][0],
                                       server.get_session_bridge(state['legs'][0])))
        GLib.timeout_add(100, wait_for_media)

    def wait_for_media():
        # MEDIA_ESTABLISHED comes once audio flows both ways; do not wait
        # more than 2 s for it.
        if Sc.BridgeEventType.MEDIA_ESTABLISHED in pull_events():
            GLib.timeout_add(500, destroy_bridge)   # let the audio flow a bit
            return GLib.SOURCE_REMOVE
        state['waited_ms'] += 100
        if state['waited_ms'] < 2000:
            return GLib.SOURCE_CONTINUE
        print('server: no MEDIA_ESTABLISHED within 2 s (no audio relayed in this build?)')
        destroy_bridge()
        return GLib.SOURCE_REMOVE

    def destroy_bridge():
        print('server: destroying %s (the calls stay up)' % state['bridge'])
        server.destroy_bridge(state['bridge'])
        # The events of a change are queued by the time the call returns.
        state['destroyed'] = Sc.BridgeEventType.DESTROYED in pull_events()
        print_bridge(state['bridge'])
        print('server: %d bridge(s) left' % len(server.list_bridges()))
        shut_down()
        return GLib.SOURCE_REMOVE

    # -- shutting down: the server first (BYE to both phones), then them ---

    def shut_down():
        receiver.close()
        print('server: shutting down')
        server.shutdown_async(None, on_server_down)

    def on_server_down(source, result):
        server.shutdown_finish(result)
        print('server: shut down')
        state['pending'] = len(phones)
        for phone in phones:
            phone.shutdown_async(None, on_phone_down)

    def on_phone_down(phone, result):
        phone.shutdown_finish(result)
        state['pending'] -= 1
        if state['pending'] == 0:
            print('everything shut down')
            loop.quit()

    def on_phone_call_ended(phone, session, reason):
        print('%s: call ended (%s, %s)' % (names[phone], Sc.call_state_to_string(
            session.get_state()), reason))

    def watchdog():
        print('no result after 10 s, giving up', file=sys.stderr)
        state['failed'] = True
        loop.quit()
        return GLib.SOURCE_REMOVE

    calls.connect('call-established', on_established)
    GLib.timeout_add_seconds(10, watchdog)

    # The two phones call the server.
    phones = [make_phone(37400), make_phone(37500)]
    names = dict(zip(phones, ['alice', 'bob']))
    for phone in phones:
        phone.connect('call-ended', on_phone_call_ended)
        to = 'sip:support@' + calls.get_bound_address()
        phone.create_outgoing_call('sip:%s@%s' % (names[phone], phone.get_bound_address()),
                                   to, None)
        print('%s: calling %s' % (names[phone], to))

    loop.run()

    ok = (not state['failed'] and state['destroyed']
          and len(notifier.ended_by_server) == 2)
    print('done' if ok else 'FAILED')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
