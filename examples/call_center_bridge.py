#!/usr/bin/python3
# call_center_bridge.py: a customer, a call centre and an agent.
#
# The Rust plan's `call_center_bridge` example: a back-to-back user agent.
# A customer calls the server (SessionManagerBuilder.build_server), which
# answers, calls an agent (prepare_outgoing_call + initiate_prepared_call)
# and, once the agent answers, bridges the two legs. The customer's phone
# plays a 440 Hz tone and the agent's 1000 Hz (play_tone): through the
# bridge each hears the other. The agent presses 1; the digit crosses the
# bridge and reaches the customer's phone (its "dtmf" signal). The customer
# hangs up; the server sees the customer's leg leave the bridge ("session
# terminated") and ends the agent's leg; the empty bridge is destroyed, and
# everything shuts down.
#
# Each wait for audio is bounded: a missing MEDIA_ESTABLISHED or digit is
# printed, not waited for.
#
#   GI_TYPELIB_PATH=build/introspection LD_LIBRARY_PATH=build/sessioncore \
#   PYTHONPATH=bindings/python /usr/bin/python3 examples/call_center_bridge.py
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import sys

import gi
gi.require_version('Sc', '1.0')
from gi.repository import GLib, Sc  # noqa: E402


def make_phone(media_port_start):
    return (Sc.SessionManagerBuilder.new()
            .with_local_bind_addr('127.0.0.1:0')
            .with_media_ports(media_port_start, media_port_start + 99)
            .build())


def main():
    # The call centre: a server built from a session manager builder.
    server = (Sc.SessionManagerBuilder.new()
              .with_local_bind_addr('127.0.0.1:0')
              .with_media_ports(37900, 37999)
              .with_domain('callcenter.example')
              .build_server(None))
    center = server.get_session_manager()      # the server's calls
    customer = make_phone(38000)               # the customer's phone
    agent = make_phone(38100)                  # the agent's phone
    print('call centre listens on', center.get_bound_address())

    loop = GLib.MainLoop()
    state = {'customer_call': None, 'agent_call': None,  # the phones' sessions
             'customer_leg': None, 'agent_leg': None,    # the server's sessions
             'wait': None, 'dtmf_heard': False, 'destroyed': False,
             'failed': False, 'pending': 0}

    def accept(manager, call):
        who = 'server' if manager is center else 'agent'
        print('%s: incoming call from %s: accepting' % (who, call.get_from()))
        return Sc.CallDecision.accept()

    def wait(ms, then):
        """Runs then() after ms, replacing the current bounded wait."""
        if state['wait'] is not None:
            GLib.source_remove(state['wait'])

        def expired():
            state['wait'] = None
            then()
            return GLib.SOURCE_REMOVE
        state['wait'] = GLib.timeout_add(ms, expired)

    # -- the calls ---------------------------------------------------------

    def on_phone_established(phone, session, local_sdp, remote_sdp):
        # What each phone sends: a listener on the other side hears it.
        if phone is customer:
            state['customer_call'] = session.get_id()
            print('customer: connected, playing a 440 Hz tone')
            customer.play_tone(session.get_id(), 440.0)
        else:
            state['agent_call'] = session.get_id()
            print('agent: connected, playing a 1000 Hz tone')
            agent.play_tone(session.get_id(), 1000.0)

    def on_center_established(manager, session, local_sdp, remote_sdp):
        if session.get_direction() == Sc.CallDirection.INCOMING:
            # The customer is in: call an agent.
            state['customer_leg'] = session.get_id()
            try:
                prepared = center.prepare_outgoing_call('sip:queue@' + center.get_bound_address(),
                                                        'sip:agent@' + agent.get_bound_address())
                state['agent_leg'] = center.initiate_prepared_call(prepared).get_id()
            except GLib.Error as e:
                print('server: cannot call the agent: %s' % e.message, file=sys.stderr)
                state['failed'] = True
                shut_down()
                return
            print('server: customer answered (%s); calling the agent (%s)'
                  % (state['customer_leg'], state['agent_leg']))
            return
        # The agent answered: connect the two legs.
        try:
            bridge = server.bridge_sessions(state['customer_leg'], state['agent_leg'])
        except GLib.Error as e:
            print('server: cannot bridge: %s' % e.message, file=sys.stderr)
            state['failed'] = True
            shut_down()
            return
        print('server: agent answered; customer and agent bridged in', bridge)
        wait(1500, no_media)

    def no_media():
        print('server: no MEDIA_ESTABLISHED within 1.5 s (no audio relayed in this build?)')
        agent_presses_1()

    def agent_presses_1():
        print('agent: pressing 1')
        agent.send_dtmf(state['agent_call'], '1')
        wait(1000, customer_hangs_up)   # up to 1 s for the digit to arrive

    def on_customer_dtmf(phone, session_id, digit, duration_ms):
        print('customer: heard DTMF %s (%d ms) through the bridge' % (digit, duration_ms))
        if digit == '1' and not state['dtmf_heard']:
            state['dtmf_heard'] = True
            wait(200, customer_hangs_up)

    def on_center_dtmf(manager, session_id, digit, duration_ms):
        # The digit also fires "dtmf" on the leg that received it.
        print("server: the agent's leg received DTMF", digit)

    def customer_hangs_up():
        if not state['dtmf_heard']:
            print('customer: no DTMF within 1 s (not relayed in this build?)')
        print('customer: hanging up')
        customer.terminate_session(state['customer_call'])

    # -- bridge events -------------------------------------------------------

    def on_bridge_event(manager, event):
        """Every event, whatever its type."""
        kind = event.get_event_type()
        session_id = event.get_session_id()
        text = 'bridge-event::' + kind.value_nick
        if session_id:
            text += ' ' + session_id
            if session_id == state['customer_leg']:
                text += ' (customer)'
            elif session_id == state['agent_leg']:
                text += ' (agent)'
        if event.get_reason():
            text += ': ' + event.get_reason()
        print(text)

        if kind == Sc.BridgeEventType.MEDIA_ESTABLISHED and state['wait'] is not None:
            # Audio flows both ways: let them hear each other, then press 1.
            wait(500, agent_presses_1)
        elif kind == Sc.BridgeEventType.DESTROYED:
            state['destroyed'] = True
            shut_down()

    def on_session_removed(manager, event):
        """Only SESSION_REMOVED (the detail selects it): when one side hangs
        up, the server ends the other."""
        if event.get_reason() != 'session terminated':
            return
        info = manager.get_bridge_manager().get_bridge_info(event.get_bridge_id())
        for session_id in (info.get_sessions() if info else []):
            print('server: the other side left; ending', session_id)
            center.terminate_session(session_id)

    # -- shutting down -------------------------------------------------------

    def shut_down():
        if state['pending']:
            return
        if state['wait'] is not None:
            GLib.source_remove(state['wait'])
            state['wait'] = None
        state['pending'] = 3
        server.shutdown_async(None, on_down)
        customer.shutdown_async(None, on_down)
        agent.shutdown_async(None, on_down)

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

    def watchdog():
        print('no result after 10 s, giving up', file=sys.stderr)
        state['failed'] = True
        loop.quit()
        return GLib.SOURCE_REMOVE

    center.connect('incoming-call', accept)
    center.connect('call-established', on_center_established)
    center.connect('dtmf', on_center_dtmf)
    agent.connect('incoming-call', accept)
    agent.connect('call-established', on_phone_established)
    customer.connect('call-established', on_phone_established)
    customer.connect('dtmf', on_customer_dtmf)
    server.connect('bridge-event', on_bridge_event)
    server.connect('bridge-event::session-removed', on_session_removed)
    GLib.timeout_add_seconds(10, watchdog)

    to = 'sip:support@' + center.get_bound_address()
    customer.create_outgoing_call('sip:customer@' + customer.get_bound_address(), to, None)
    print('customer: calling', to)

    loop.run()

    ok = state['destroyed'] and not state['failed']
    print('done' if ok else 'FAILED')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
