#!/usr/bin/env -S gjs -m
// call_center.js: a minimal call-centre queue in JavaScript (gjs)
//
// Agents REGISTER with digest authentication (realm "sessioncore", the
// built-in passwords of sessioncore-callcenter); customers call
// sip:<queue>@ADDRESS:PORT, are answered, hear --moh FILE (else a tone) and
// wait in one first-come queue; each is bridged to the first free agent.
// One CDR JSON line per customer, on stdout or appended to --cdr FILE;
// SIGINT/SIGTERM hangs up and prints a summary. The full engine (queues,
// ring timeout, wrap-up, transfer) is sessioncore-callcenter and call_center.py.
//
//   GI_TYPELIB_PATH=build/introspection LD_LIBRARY_PATH=build/sessioncore \
//   gjs -m examples/call_center.js [--address 127.0.0.1] [--port 5060] [--moh FILE] [--cdr FILE]
// SPDX-License-Identifier: LGPL-2.1-or-later

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Sc from 'gi://Sc?version=1.0';

const PASSWORDS = {alice: 'alice-secret', bob: 'bob-secret', carol: 'carol-secret'};
const opts = {address: '127.0.0.1', port: '5060', moh: null, cdr: null};
for (let i = 0; i < ARGV.length; i += 2) {
    if (!(ARGV[i].slice(2) in opts) || i + 1 === ARGV.length)
        throw new Error('usage: call_center.js [--address IP] [--port N] [--moh FILE] [--cdr FILE]');
    opts[ARGV[i].slice(2)] = ARGV[i + 1];
}

const log = text => print(`${GLib.DateTime.new_now_local().format('%H:%M:%S')} ${text}`);
const md5 = (...parts) => GLib.compute_checksum_for_string(GLib.ChecksumType.MD5, parts.join(':'), -1);
const uriUser = uri => (/^(?:sips?:)?([^@:]*)@/.exec(uri ?? '') ?? [])[1] ?? null;
const iso = us => (us ? new Date(us / 1000).toISOString() : null);

const server = new Sc.SessionManagerBuilder()
    .with_local_bind_addr(`${opts.address}:${opts.port}`).build_server(null);
const sessions = server.get_session_manager();
const agents = new Map();   // name -> {contact, leg}: registered, in registration order
const nonces = new Set();
const calls = new Map();    // session id (customer's or agent's leg) -> call
const waiting = [];         // customers in the queue, first come first served
const stats = {offered: 0, answered: 0, abandoned: 0};
const cdrFile = opts.cdr && Gio.File.new_for_path(opts.cdr).append_to(Gio.FileCreateFlags.NONE, null);
let stopping = false;

// -- REGISTER with digest (RFC 2617, qop=auth or none; a short version of
//    callcenter/registrar.c: no lockout, no nonce expiry)
sessions.connect('registration-request', (m, transaction, aor, contact, expires) => {
    const header = m.get_request_header(transaction, 'Authorization') ?? '';
    const p = {};
    for (const [, key, quoted, plain] of header.matchAll(/(\w+)\s*=\s*(?:"([^"]*)"|([^\s,]*))/g))
        p[key.toLowerCase()] = quoted ?? plain;
    const password = PASSWORDS[p.username];
    const ha1 = md5(p.username, 'sessioncore', password), ha2 = md5('REGISTER', p.uri);
    const expected = p.qop ? md5(ha1, p.nonce, p.nc, p.cnonce, p.qop, ha2) : md5(ha1, p.nonce, ha2);
    if (!/^\s*Digest\s/i.test(header) || !password || !nonces.has(p.nonce) ||
        expected !== p.response?.toLowerCase() || uriUser(aor) !== p.username) {
        if (header)   // the first REGISTER has none: challenged without a word
            log(`REGISTER ${aor}: wrong credentials for '${p.username}'`);
        const nonce = GLib.uuid_string_random().replaceAll('-', '');
        nonces.add(nonce);
        m.send_sip_response(transaction, 401, null, {'WWW-Authenticate':
            `Digest realm="sessioncore", nonce="${nonce}", algorithm=MD5, qop="auth"`});
        return;
    }
    nonces.delete(p.nonce);
    if (contact !== null && expires > 0) {
        if (!agents.has(p.username))
            log(`agent ${p.username} registered at ${contact} for ${expires} s`);
        agents.set(p.username, {leg: agents.get(p.username)?.leg ?? null, contact});
    } else if (expires === 0 && agents.delete(p.username)) {
        log(`agent ${p.username} unregistered`);
    }
    m.send_sip_response(transaction, 200, null,
        contact && expires ? {Contact: `<${contact}>;expires=${expires}`} : null);
    dispatch();
});

// -- customers, waiting, and agents
sessions.connect('incoming-call', (m, incoming) => {
    const call = {leg: incoming.get_id(), callId: incoming.get_sip_call_id(),
        caller: incoming.get_from(), queue: uriUser(incoming.get_to()), arrived: GLib.get_real_time(),
        answered: 0, agent: null, agentLeg: null, talking: false, hangupBy: null};
    stats.offered += 1;
    calls.set(call.leg, call);
    return Sc.CallDecision.accept(null);
});

function dispatch() {
    for (const [name, agent] of stopping ? [] : agents) {
        if (agent.leg !== null || waiting.length === 0)
            continue;
        const call = waiting.shift();
        try {   // the agent's phone shows the customer as the caller
            const prepared = sessions.prepare_outgoing_call(call.caller, agent.contact);
            agent.leg = call.agentLeg = sessions.initiate_prepared_call(prepared).get_id();
        } catch (e) {
            log(`cannot call agent ${name}: ${e.message}`);
            waiting.unshift(call);
            continue;
        }
        call.agent = name;
        calls.set(call.agentLeg, call);
        log(`${call.caller} (queue ${call.queue}): calling agent ${name}`);
    }
}

sessions.connect('call-established', (m, session) => {
    const call = calls.get(session.get_id());
    if (call?.leg === session.get_id()) {
        log(`${call.caller} queued in ${call.queue}`);
        try {
            m.play_file(call.leg, opts.moh ?? '');
        } catch (e) {   // no --moh, or a file GStreamer cannot play: a 425 Hz tone
            m.play_tone(call.leg, 425);
        }
        waiting.push(call);
        dispatch();
    } else if (call) {
        try {
            server.bridge_sessions(call.leg, call.agentLeg);
        } catch (e) {
            log(`cannot bridge ${call.caller} and agent ${call.agent}: ${e.message}`);
            terminate(call.agentLeg);   // the customer goes back in line
            return;
        }
        call.talking = true;
        call.answered = GLib.get_real_time();
        log(`${call.caller} (queue ${call.queue}): bridged to agent ${call.agent} after ` +
            `${((call.answered - call.arrived) / 1e6).toFixed(1)} s`);
    }
});

function terminate(leg) {
    try {
        sessions.terminate_session(leg);
    } catch (e) {
        if (!e.matches(Sc.error_quark(), Sc.Error.SESSION_NOT_FOUND))   // ended already
            log(`cannot end ${leg}: ${e.message}`);
    }
}

sessions.connect('call-ended', (m, session) => {
    const leg = session.get_id(), call = calls.get(leg);
    calls.delete(leg);
    for (const agent of agents.values())
        agent.leg = agent.leg === leg ? null : agent.leg;
    if (call?.leg === leg) {   // the customer's leg: the end of the call
        const end = GLib.get_real_time();
        if (waiting.includes(call))
            waiting.splice(waiting.indexOf(call), 1);
        if (call.agentLeg !== null) {
            calls.delete(call.agentLeg);
            terminate(call.agentLeg);
        }
        const outcome = call.answered ? 'answered' : 'abandoned';
        stats[outcome] += 1;
        const line = JSON.stringify({call_id: call.callId, caller: call.caller, queue: call.queue,
            agent: call.talking ? call.agent : null, arrival: iso(call.arrived),
            answer: iso(call.answered), end: iso(end),
            wait_s: Math.round(((call.answered || end) - call.arrived) / 1e3) / 1e3,   // ms precision
            talk_s: call.answered ? Math.round((end - call.answered) / 1e3) / 1e3 : 0,
            hangup_by: call.hangupBy ?? 'customer', outcome});
        cdrFile ? cdrFile.write_all(new TextEncoder().encode(`${line}\n`), null) : print(line);
    } else if (call?.talking) {   // the agent hung up
        call.hangupBy ??= 'agent';
        terminate(call.leg);
    } else if (call) {   // the agent did not take it: back first in line in 1 s (no ring loop)
        log(`${call.caller}: agent ${call.agent} did not take the call`);
        call.agent = call.agentLeg = null;
        GLib.timeout_add(GLib.PRIORITY_DEFAULT, 1000, () => {
            if (calls.has(call.leg))   // not hung up meanwhile
                waiting.unshift(call);
            dispatch();
            return GLib.SOURCE_REMOVE;
        });
    }
    dispatch();
});

// -- start, and a clean stop on SIGINT/SIGTERM
const loop = new GLib.MainLoop(null, false);
for (const signum of [2, 15]) {
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signum, () => {
        if (stopping)
            return GLib.SOURCE_CONTINUE;
        stopping = true;
        print(`shutting down: hanging up ${new Set(calls.values()).size} calls`);
        for (const call of calls.values())
            call.hangupBy ??= 'server';
        server.shutdown_async(null, (s, result) => {
            s.shutdown_finish(result);
            cdrFile?.close(null);
            print(`summary: ${stats.offered} calls, ${stats.answered} answered, ` +
                  `${stats.abandoned} abandoned; ${stats.answered + stats.abandoned} CDRs;`);
            loop.quit();
        });
        return GLib.SOURCE_CONTINUE;
    });
}
print(`listening on ${sessions.get_bound_address()}`);
loop.run();
