#!/usr/bin/env -S gjs -m
// quickstart.js: the sessioncore "hello world" in JavaScript (gjs).
//
// Two session managers on 127.0.0.1 (any free port): Alice calls Bob, Bob
// accepts, Alice hangs up after one second, both shut down.
//
//   GI_TYPELIB_PATH=build/introspection LD_LIBRARY_PATH=build/sessioncore \
//   gjs -m examples/quickstart.js
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Sc from 'gi://Sc?version=1.0';
import System from 'system';

// Let `await manager.shutdown_async(null)` return a Promise.
Gio._promisify(Sc.SessionManager.prototype, 'shutdown_async', 'shutdown_finish');

// Listen on loopback, any free SIP port; each manager gets its own RTP port
// range. build() returns a started manager.
function makeManager(mediaPortStart) {
    return new Sc.SessionManagerBuilder()
        .with_local_bind_addr('127.0.0.1:0')
        .with_media_ports(mediaPortStart, mediaPortStart + 99)
        .build();
}

const loop = new GLib.MainLoop(null, false);
const alice = makeManager(36400);
const bob = makeManager(36500);
const name = manager => (manager === alice ? 'alice' : 'bob');
print(`alice listens on ${alice.get_bound_address()}`);
print(`bob listens on ${bob.get_bound_address()}`);

let exitCode = 1;
let ended = 0;
let shuttingDown = false;

async function shutDown() {
    shuttingDown = true;
    // Hangs up what is left and waits for the SIP stacks to finish.
    await Promise.all([alice.shutdown_async(null), bob.shutdown_async(null)]);
    print('both managers shut down');
    loop.quit();
}

// Bob decides incoming calls with the incoming-call signal: return a
// Sc.CallDecision (accept, reject, defer, forward).
bob.connect('incoming-call', (manager, call) => {
    print(`bob: incoming call from ${call.get_from()}`);
    return Sc.CallDecision.accept(null); // 200 OK with a generated answer
});

for (const manager of [alice, bob]) {
    manager.connect('call-established', (m, session) => {
        print(`${name(m)}: call ${session.get_id()} established`);
        if (m === alice) {
            // Hang up after one second.
            GLib.timeout_add_seconds(GLib.PRIORITY_DEFAULT, 1, () => {
                print('alice: hanging up');
                alice.terminate_session(session.get_id());
                return GLib.SOURCE_REMOVE;
            });
        }
    });
    manager.connect('call-ended', (m, session, reason) => {
        print(`${name(m)}: call ended (${Sc.call_state_to_string(session.get_state())}, ${reason})`);
        if (++ended === 2) {
            exitCode = 0;
            shutDown().catch(logError);
        }
    });
}

GLib.timeout_add_seconds(GLib.PRIORITY_DEFAULT, 10, () => {
    printerr('no result after 10 s, giving up');
    if (shuttingDown)
        loop.quit();
    else
        shutDown().catch(logError);
    return GLib.SOURCE_REMOVE;
});

const session = alice.create_outgoing_call(`sip:alice@${alice.get_bound_address()}`,
    `sip:bob@${bob.get_bound_address()}`, null);
print(`alice: calling bob (${session.get_id()})`);

loop.run();
System.exit(exitCode);
