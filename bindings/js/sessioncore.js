// sessioncore.js: optional gjs helpers for sessioncore (GI namespace Sc 1.0)
//
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// gjs uses the typelib directly: `import Sc from 'gi://Sc?version=1.0'`
// (or `imports.gi.Sc`) gives the whole C API. This ES module only adds
// what is convenient in JavaScript and hides nothing:
//
//   * Promise versions of the `_async` operations (Gio._promisify):
//     `await manager.shutdown_async(null)`,
//     `await manager.wait_for_answer_async(id, timeoutMs, null)`,
//     `await server.shutdown_async(null)` and
//     `await receiver.receive_async(null)`;
//     passing a callback still works as in C;
//   * `Session`, the Rust-compatible alias of `Sc.CallSession`;
//   * `shutdownAll(...managers)` and `waitForState(session, state, ms)`.
//
// Use:  import {Sc, shutdownAll} from './bindings/js/sessioncore.js';
// (a path relative to the importing file, or a file:// URL once installed).

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import ScModule from 'gi://Sc?version=1.0';

Gio._promisify(ScModule.SessionManager.prototype, 'shutdown_async', 'shutdown_finish');
Gio._promisify(ScModule.SessionManager.prototype, 'wait_for_answer_async',
    'wait_for_answer_finish');
Gio._promisify(ScModule.ServerSessionManager.prototype, 'shutdown_async', 'shutdown_finish');
Gio._promisify(ScModule.EventReceiver.prototype, 'receive_async', 'receive_finish');

export const Sc = ScModule;
export const Session = ScModule.CallSession;
export default ScModule;

/**
 * Shuts every manager down (hangs up every call, waits for the SIP stacks).
 *
 * @param {...Sc.SessionManager} managers the managers
 * @returns {Promise<boolean[]>} resolves when all are down; rejects with
 *   the first GLib.Error
 */
export function shutdownAll(...managers) {
    return Promise.all(managers.filter(m => m).map(m => m.shutdown_async(null)));
}

/**
 * Resolves when `session` reaches `state` (an Sc.CallState), watching its
 * `notify::state`; rejects after `timeoutMs`, or when the call reaches
 * another final state first.
 *
 * @param {Sc.CallSession} session the call
 * @param {Sc.CallState} state the state to wait for
 * @param {number} timeoutMs how long to wait
 * @returns {Promise<Sc.CallSession>} the session
 */
export function waitForState(session, state, timeoutMs = 10000) {
    return new Promise((resolve, reject) => {
        let handlerId = 0;
        let timeoutId = 0;
        const finish = error => {
            if (handlerId)
                session.disconnect(handlerId);
            if (timeoutId)
                GLib.source_remove(timeoutId);
            handlerId = timeoutId = 0;
            if (error)
                reject(error);
            else
                resolve(session);
        };
        const check = () => {
            const now = session.get_state();
            if (now === state) {
                finish(null);
            } else if (ScModule.call_state_is_final(now)) {
                finish(new Error(`${session.get_id()} ended ${
                    ScModule.call_state_to_string(now)} instead of reaching ${
                    ScModule.call_state_to_string(state)}`));
            }
        };
        handlerId = session.connect('notify::state', check);
        timeoutId = GLib.timeout_add(GLib.PRIORITY_DEFAULT, timeoutMs, () => {
            timeoutId = 0;
            finish(new Error(`${session.get_id()}: no ${
                ScModule.call_state_to_string(state)} after ${timeoutMs} ms`));
            return GLib.SOURCE_REMOVE;
        });
        check();
    });
}
