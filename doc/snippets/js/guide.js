// guide.js: the code of doc/javascript.md, as one program run by the docs
// test suite (gjs -m doc/snippets/js/guide.js): a server and a phone in one
// process; the phone calls, the server bridges nothing but answers, counts
// DTMF, refuses a second caller through a notifier; errors, async calls,
// an event receiver and a conference are exercised on the way. Exits 0 on
// success, 1 on a failure or after 30 s.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import GLib from 'gi://GLib';
import GObject from 'gi://GObject';
import Gio from 'gi://Gio';
import Sc from 'gi://Sc?version=1.0';
import System from 'system';

function until(predicate, what) {
    const deadline = GLib.get_monotonic_time() + 5000000;
    return new Promise((resolve, reject) => {
        GLib.timeout_add(GLib.PRIORITY_DEFAULT, 10, () => {
            if (predicate())
                resolve();
            else if (GLib.get_monotonic_time() > deadline)
                reject(new Error(`timed out waiting for ${what}`));
            else
                return GLib.SOURCE_CONTINUE;
            return GLib.SOURCE_REMOVE;
        });
    });
}

function check(condition, what) {
    if (!condition)
        throw new Error(`check failed: ${what}`);
    print(`ok - ${what}`);
}

// --- the server --------------------------------------------------------
const server = new Sc.SessionManagerBuilder()
    .with_local_bind_addr('127.0.0.1:0')      // any free port
    .with_media_ports(31000, 31099)
    .with_domain('callcenter.example')
    .build_server(null);                       // a started Sc.ServerSessionManager
const calls = server.get_session_manager();     // its calls
print(`listening on ${calls.get_bound_address()}`);

// --- signals -----------------------------------------------------------
calls.connect('incoming-call', (manager, call) => {
    print(`call from ${call.get_from()} to ${call.get_to()}`);
    if (call.get_from().startsWith('sip:blocked@'))
        return Sc.CallDecision.reject_with_code(403, null);
    return Sc.CallDecision.accept(null);       // null: let the next one decide
});

calls.connect('call-state-changed', (manager, sessionId, oldState, newState, reason) => {
    print(`${sessionId}: ${Sc.call_state_to_string(oldState)} -> ${
        Sc.call_state_to_string(newState)} ${reason ?? ''}`);
});

const digits = [];
calls.connect('dtmf', (manager, sessionId, digit, durationMs) => digits.push(digit));

calls.connect('transfer-request', (manager, sessionId, targetUri, referredBy) => false); // 603

server.connect('bridge-event::session-added', (srv, event) => {
    print(`${event.get_session_id()} joined ${event.get_bridge_id()}`);
});

// --- errors ------------------------------------------------------------
try {
    calls.hold_session('sess_unknown');
} catch (e) {
    if (e instanceof GLib.Error && e.matches(Sc.error_quark(), Sc.Error.SESSION_NOT_FOUND))
        print(`no such call: ${e.message}`);   // "Session not found: sess_unknown"
    else
        throw e;
}
check(calls.get_session('sess_unknown') === null, 'absent is null, not an error');

// --- a notifier, implemented in JavaScript -------------------------------
const Gatekeeper = GObject.registerClass({
    Implements: [Sc.IncomingCallNotification],
}, class Gatekeeper extends GObject.Object {
    vfunc_on_incoming_call(event) {
        // `event` is valid during this call only: read it now, or keep event.copy().
        const from = event.get_caller_info().get_from();
        if (from.startsWith('sip:night@'))
            return Sc.CallDecision.reject_with_code(480, 'Closed');
        return null;                           // undecided: ask the next one
    }

    vfunc_on_call_terminated_by_remote(sessionId, callId) {
        print(`${sessionId} hung up by the caller`);
    }

    vfunc_on_call_ended_by_server(sessionId, callId) {
        print(`${sessionId} ended by the server`);
    }
});
server.set_incoming_call_notifier(new Gatekeeper());

// --- async, with a callback --------------------------------------------
const phone = new Sc.SessionManagerBuilder()
    .with_local_bind_addr('127.0.0.1:0')
    .with_media_ports(31100, 31199)
    .build();
const serverUri = `sip:queue@${calls.get_bound_address()}`;

function callAndWait(from, onDone) {
    const session = phone.create_outgoing_call(from, serverUri, null);
    phone.wait_for_answer_async(session.get_id(), 5000, null, (manager, result) => {
        try {
            manager.wait_for_answer_finish(result);
            onDone(session, null);
        } catch (e) {
            onDone(session, e);                // e.g. the call FAILED: 480 Closed
        }
    });
}

// --- async, with Promises -------------------------------------------------
Gio._promisify(Sc.SessionManager.prototype, 'wait_for_answer_async', 'wait_for_answer_finish');
Gio._promisify(Sc.SessionManager.prototype, 'shutdown_async', 'shutdown_finish');
Gio._promisify(Sc.ServerSessionManager.prototype, 'shutdown_async', 'shutdown_finish');
Gio._promisify(Sc.EventReceiver.prototype, 'receive_async', 'receive_finish');

async function callPromise(from) {
    const session = phone.create_outgoing_call(from, serverUri, null);
    await phone.wait_for_answer_async(session.get_id(), 5000, null);   // throws on failure
    return session;
}

// --- event receivers ------------------------------------------------------
// Enum values are numbers in gjs; this gives a value's name.
const enumName = (enumType, value) => Object.keys(enumType).find(k => enumType[k] === value);

// Waiting for each event in turn:
const receiver = server.subscribe_to_bridge_events();
const seen = [];

async function followBridges() {
    for (;;) {
        let event;
        try {
            event = await receiver.receive_async(null);
        } catch (e) {
            if (e.matches(Gio.io_error_quark(), Gio.IOErrorEnum.CANCELLED))
                return;                        // receiver.close()
            throw e;
        }
        seen.push(enumName(Sc.BridgeEventType, event.get_event_type()));
        print(`bridge event: ${seen.at(-1)} ${event.get_bridge_id()}`);
    }
}

// Or taking what is queued, without waiting (another receiver: each has
// its own queue):
const polled = server.subscribe_to_bridge_events();

function drain() {
    let event;
    while ((event = polled.try_receive()) !== null)
        print(`queued: ${enumName(Sc.BridgeEventType, event.get_event_type())} ${
            event.get_session_id() ?? ''}`);
}

// --- conferences ---------------------------------------------------------
const conferences = server.get_conference_manager();
conferences.connect('conference-event', (manager, event) => {
    print(`conference ${event.get_conference_id()}: ${
        enumName(Sc.ConferenceEventType, event.get_event_type())} ${
        event.get_session_id() ?? ''} ${event.get_reason() ?? ''}`);
});

function joinRoom(sessionId) {
    if (!conferences.conference_exists('room'))
        conferences.create_named_conference('room', null);   // null: the defaults
    conferences.join_conference('room', sessionId);
    const room = conferences.get_conference('room');         // the live Sc.Conference
    const participants = room.get_participants();            // a Gio.ListModel
    for (let i = 0; i < participants.get_n_items(); i++) {
        const p = participants.get_item(i);                  // Sc.ConferenceParticipant
        print(`${p.display_name}: ${Sc.participant_status_to_string(p.status)}`);
    }
    return room;
}

// --- the run: a few calls, then shutdown -----------------------------------
async function main() {
    followBridges().catch(logError);

    // A refused caller: the notifier said 480.
    const refused = await new Promise(resolve =>
        callAndWait('sip:night@example.org', (session, error) => resolve([session, error])));
    check(refused[1] instanceof GLib.Error, 'the refused call rejects with a GLib.Error');
    check(refused[0].get_failure_reason() === '480 Closed', '480 Closed');

    // Two answered callers, bridged, then one goes to a conference.
    const a = await callPromise('sip:alice@example.org');
    const b = await callPromise('sip:bob@example.org');
    check(a.get_state() === Sc.CallState.ACTIVE, 'answered');
    const legs = calls.list_active_sessions();
    check(legs.length === 2, 'the server has two legs');
    await until(() => legs.every(id => calls.get_session(id).is_active()), 'both legs ACTIVE');
    const bridgeId = server.bridge_sessions(legs[0], legs[1]);
    check(server.list_bridges().length === 1, 'one bridge');
    server.destroy_bridge(bridgeId);
    drain();
    await until(() => seen.includes('DESTROYED'), 'the receiver to see DESTROYED');
    check(polled.get_n_pending() === 0, 'both receivers saw every event');
    const room = joinRoom(legs[0]);
    check(room.get_participants().get_n_items() === 1, 'one participant');
    check(conferences.list_participants('room').length === 1, 'list_participants');

    phone.send_dtmf(a.get_id(), '42');
    await new Promise(resolve => GLib.timeout_add(GLib.PRIORITY_DEFAULT, 500, () => {
        resolve();
        return GLib.SOURCE_REMOVE;
    }));
    check(digits.join('') === '42', `DTMF on the server (${digits.join('')})`);

    receiver.close();
    polled.close();
    await phone.shutdown_async(null);
    await server.shutdown_async(null);
    check(!calls.is_running(), 'shut down');
}

const loop = new GLib.MainLoop(null, false);
let exitCode = 1;
GLib.timeout_add_seconds(GLib.PRIORITY_DEFAULT, 30, () => {
    printerr('FAIL: no result after 30 s');
    System.exit(1);
    return GLib.SOURCE_REMOVE;
});
main().then(() => {
    exitCode = 0;
    loop.quit();
}, e => {
    printerr(`FAIL: ${e}\n${e.stack ?? ''}`);
    loop.quit();
});
loop.run();
System.exit(exitCode);
