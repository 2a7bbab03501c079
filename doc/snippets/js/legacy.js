// legacy.js: doc/javascript.md's imports.gi form (gjs without -m).
//
// SPDX-License-Identifier: LGPL-2.1-or-later

imports.gi.versions.Sc = '1.0';
const {GLib, Sc} = imports.gi;

const manager = new Sc.SessionManagerBuilder()
    .with_local_bind_addr('127.0.0.1:0')
    .build();
print(`listening on ${manager.get_bound_address()}`);

const loop = new GLib.MainLoop(null, false);
manager.shutdown_async(null, (m, result) => {
    m.shutdown_finish(result);
    loop.quit();
});
loop.run();
