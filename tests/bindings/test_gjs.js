// test_gjs.js: gjs smoke test — two managers on loopback, a call decided by
// a JS signal handler reaches ACTIVE and is hung up, a call refused by a JS
// Sc.IncomingCallNotification fails with 403, errors map to GLib.Error,
// both managers shut down. Exits 0 on success, 1 on any failure or after
// the watchdog.
//
// SPDX-License-Identifier: LGPL-2.1-or-later
//
//   gjs -m tests/bindings/test_gjs.js

import GLib from 'gi://GLib';
import GObject from 'gi://GObject';
import System from 'system';

import {Sc, Session, shutdownAll, waitForState} from '../../bindings/js/sessioncore.js';

const WATCHDOG_S = 30;
let step = 'start';

function check(condition, what) {
    if (!condition)
        throw new Error(`check failed: ${what}`);
    print(`ok - ${what}`);
}

function sleep(ms) {
    return new Promise(resolve => GLib.timeout_add(GLib.PRIORITY_DEFAULT, ms, () => {
        resolve();
        return GLib.SOURCE_REMOVE;
    }));
}

function until(predicate, what, timeoutMs = 10000) {
    const deadline = GLib.get_monotonic_time() + timeoutMs * 1000;
    return new Promise((resolve, reject) => {
        GLib.timeout_add(GLib.PRIORITY_DEFAULT, 10, () => {
            if (predicate()) {
                resolve();
                return GLib.SOURCE_REMOVE;
            }
            if (GLib.get_monotonic_time() > deadline) {
                reject(new Error(`timed out waiting for ${what}`));
                return GLib.SOURCE_REMOVE;
            }
            return GLib.SOURCE_CONTINUE;
        });
    });
}

const Refuser = GObject.registerClass({
    Implements: [Sc.IncomingCallNotification],
}, class Refuser extends GObject.Object {
    _init() {
        super._init();
        this.events = [];
    }

    vfunc_on_incoming_call(event) {
        // gjs does not copy boxed arguments of vfuncs: `event` is only
        // valid during this call. Keep a copy.
        this.events.push(event.copy());
        return Sc.CallDecision.reject_with_code(403, 'Forbidden');
    }
});

let portBase = 42000 + (new Date().getTime() % 50) * 200;
function makeManager() {
    const builder = new Sc.SessionManagerBuilder();
    const chained = builder.with_local_bind_addr('127.0.0.1:0')
        .with_media_ports(portBase, portBase + 49);
    portBase += 50;
    check(chained === builder, 'builder setters chain');
    return builder.build();
}

async function main() {
    let a = null, b = null;
    try {
        step = 'build';
        a = makeManager();
        b = makeManager();
        check(a.is_running() && b.is_running(), 'both managers running');
        const aUri = `sip:alice@${a.get_bound_address()}`;
        const bUri = `sip:bob@${b.get_bound_address()}`;

        // --- a call decided by a JS incoming-call handler ---
        step = 'call';
        const incoming = [];
        const ended = [];
        b.connect('incoming-call', (manager, call) => {
            incoming.push(call.get_id());
            return Sc.CallDecision.accept(null);
        });
        b.connect('call-ended', (manager, session, reason) => ended.push(reason));

        const session = a.create_outgoing_call(aUri, bUri, null);
        check(session instanceof Session, 'create_outgoing_call returns an Sc.CallSession');
        check(session.get_id().startsWith('sess_'), 'session id is sess_…');
        check(session.state === Sc.CallState.INITIATING, 'starts INITIATING');

        check(await a.wait_for_answer_async(session.get_id(), 10000, null) === true,
            'wait_for_answer_async resolves true');
        check(session.get_state() === Sc.CallState.ACTIVE, 'caller ACTIVE');
        check(incoming.length === 1, 'incoming-call emitted once');
        const bSession = b.get_session(incoming[0]);
        check(bSession !== null, 'the callee has the session');
        // The callee is ACTIVE once the ACK arrives, just after the caller.
        await waitForState(bSession, Sc.CallState.ACTIVE);
        check(bSession.get_state() === Sc.CallState.ACTIVE, 'callee ACTIVE');
        check(bSession.get_sip_call_id() === session.get_sip_call_id(), 'same Call-ID');
        check(Sc.call_state_to_string(session.state) === 'Active', 'call_state_to_string');

        step = 'hangup';
        await sleep(100);
        a.terminate_session(session.get_id());
        await waitForState(session, Sc.CallState.TERMINATED);
        await waitForState(bSession, Sc.CallState.TERMINATED);
        check(true, 'both sides TERMINATED after hang-up');
        await until(() => ended.length === 1, 'call-ended on the callee');
        check(ended[0] === 'remote hangup', `callee call-ended reason (${ended[0]})`);

        // --- a rejection decided by a JS notifier ---
        step = 'reject';
        const refuser = new Refuser();
        b.set_incoming_call_notifier(refuser);
        const refused = a.create_outgoing_call(aUri, bUri, null);
        let error = null;
        try {
            await a.wait_for_answer_async(refused.get_id(), 10000, null);
        } catch (e) {
            error = e;
        }
        check(error instanceof GLib.Error, 'wait_for_answer_async rejects with a GLib.Error');
        check(refused.get_state() === Sc.CallState.FAILED, 'refused call FAILED');
        check(refused.get_failure_reason() === '403 Forbidden',
            `failure reason (${refused.get_failure_reason()})`);
        check(refuser.events.length === 1 &&
              refuser.events[0].get_caller_info().get_from() === aUri &&
              refuser.events[0].get_session_id().startsWith('sess_') &&
              refuser.events[0].get_sdp().includes('m=audio'),
        'the notifier saw the caller and the offer');

        // --- errors ---
        step = 'errors';
        try {
            a.terminate_session('sess_unknown');
            check(false, 'terminate_session on an unknown id throws');
        } catch (e) {
            check(e.matches(Sc.error_quark(), Sc.Error.SESSION_NOT_FOUND),
                'unknown id is SESSION_NOT_FOUND');
            check(e.message === 'Session not found: sess_unknown', 'Rust error wording');
        }
        check(a.get_session('sess_unknown') === null, 'get_session of unknown id is null');

        // --- a server, an event receiver awaited, the server's shutdown ---
        step = 'server';
        {
            const server = new Sc.SessionManagerBuilder()
                .with_local_bind_addr('127.0.0.1:0')
                .build_server(null);
            const receiver = server.subscribe_to_bridge_events();
            const next = receiver.receive_async(null);
            server.get_bridge_manager().create_bridge(null, null);
            const event = await next;
            check(event.get_event_type() === Sc.BridgeEventType.CREATED,
                'receive_async resolves with the CREATED event');
            check(await server.shutdown_async(null), 'the server shuts down (Promise)');
        }

        step = 'shutdown';
        await shutdownAll(a, b);
        a = b = null;
        check(true, 'both managers shut down');
        return 0;
    } catch (e) {
        printerr(`FAIL during ${step}: ${e}\n${e.stack ?? ''}`);
        try {
            await shutdownAll(a, b);
        } catch (e2) {
            printerr(`shutdown after failure: ${e2}`);
        }
        return 1;
    }
}

const loop = new GLib.MainLoop(null, false);
let exitCode = 1;
GLib.timeout_add_seconds(GLib.PRIORITY_DEFAULT, WATCHDOG_S, () => {
    printerr(`FAIL: watchdog after ${WATCHDOG_S} s (step ${step})`);
    System.exit(1);
    return GLib.SOURCE_REMOVE;
});
main().then(code => {
    exitCode = code;
    loop.quit();
});
loop.run();
System.exit(exitCode);
