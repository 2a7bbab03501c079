#!/usr/bin/python3
# call_center.py: the call centre of sessioncore-callcenter, in Python
#
# The same engine as examples/sessioncore-callcenter.c (and callcenter/*.c),
# on PyGObject only: the same options, agents and queues key file, CDR
# JSON lines, log lines and summary; tests/interop/test-callcenter.py runs
# its scenarios against both.
#
#   call_center.py [--address 127.0.0.1] [--port 5060] [--agents FILE]
#       [--queues FILE] [--moh FILE] [--ring-timeout 15] [--wrap-up 5]
#       [--no-agent-wait 30] [--cdr cdr.jsonl] [--quiet] [--demo]
#
# Agents REGISTER as sip:<name>@ADDRESS with digest authentication (realm
# "sessioncore"); customers call sip:<queue>@ADDRESS:PORT, hear music on
# hold and are bridged to the agent of their queue idle the longest. Ring
# timeout, wrap-up, no-agent wait (or 480), blind transfer by REFER. One
# JSON line per customer in the CDR file; Ctrl-C or SIGTERM hangs every
# call up and prints a summary. --demo starts SIPp agents and customers.
#
#   GI_TYPELIB_PATH=build/introspection LD_LIBRARY_PATH=build/sessioncore \
#   PYTHONPATH=bindings/python /usr/bin/python3 examples/call_center.py --demo
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import argparse
import collections
import datetime
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import gi
gi.require_version('Sc', '1.0')
from gi.repository import GLib, Sc  # noqa: E402

NONCE_LIFETIME_S, MAX_FAILURES, LOCKOUT_S, MAX_EXPIRES_S = 300, 3, 30, 3600
NO_AGENT_TONE_HZ, MOH_TONE_HZ = 480.0, 425.0   # nobody can answer / no usable file
BUILTIN = ('[queue support]\npriority=1\nno_agent=wait\n'
           '[queue sales]\npriority=0\nno_agent=wait\n'
           '[agent alice]\npassword=alice-secret\nqueues=support;sales\n'
           '[agent bob]\npassword=bob-secret\nqueues=support\n'
           '[agent carol]\npassword=carol-secret\nqueues=sales\n')


class Agent:
    def __init__(self, name, password, queues):
        self.name, self.password, self.queues = name, password, queues
        self.contact, self.expires_at = None, 0.0   # registered Contact, monotonic s
        self.state, self.idle_since = 'offline', 0.0   # offline idle ringing talking wrap-up
        self.leg, self.wrap_up_id = None, 0            # the session calling/talking to it
        self.failures, self.locked_until = 0, 0.0      # wrong passwords in a row
        self.calls = self.missed = 0

    def registered(self):
        return self.contact is not None and self.expires_at > time.monotonic()


class Queue:
    def __init__(self, name):
        self.name, self.priority, self.reject_no_agent = name, 0, False
        self.count = collections.Counter()   # offered, answered, abandoned, no-agent, rejected


class Call:
    def __init__(self, incoming, queue):
        self.leg, self.queue = incoming.get_id(), queue
        self.sip_call_id, self.caller = incoming.get_sip_call_id(), incoming.get_from()
        self.state = 'arriving'                 # arriving waiting ringing talking
        self.agent = self.agent_leg = self.first_agent = self.bridge_id = None
        self.arrived, self.answered, self.queued_at = time.time(), 0.0, 0.0
        self.queued = 0.0                       # wall clock: its leg answered, waiting
        self.hangup_by = self.outcome = None
        self.ring_id = self.no_agent_id = 0
        self.rtp = dict(customer_in=0, customer_out=0, agent_in=0, agent_out=0)
        self.rtp0 = (0, 0)                      # the customer's counters when bridged


def uri_user(uri):
    """'sip:alice@host' -> 'alice'"""
    match = re.match(r'(?:sips?:)?([^@:]*)@', uri or '')
    return match.group(1) if match else None


def md5(*parts):
    return hashlib.md5(':'.join(parts).encode()).hexdigest()


def digest_response(username, realm, password, method, uri, nonce, nc, cnonce, qop):
    ha1, ha2 = md5(username, realm, password), md5(method, uri)
    return md5(ha1, nonce, nc, cnonce, qop, ha2) if qop else md5(ha1, nonce, ha2)


def digest_parse(header):
    """'Digest a=b, c="d"' -> {'a': 'b', 'c': 'd'}; None unless Digest."""
    match = re.match(r'\s*Digest\s+(.*)', header or '', re.I | re.S)
    if not match:
        return None
    pairs = re.findall(r'([^\s=,]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))', match.group(1))
    return {k.lower(): re.sub(r'\\(.)', r'\1', q) or v for k, q, v in pairs}


def iso8601(wall):
    if not wall:
        return None
    stamp = datetime.datetime.fromtimestamp(wall, datetime.timezone.utc)
    return stamp.strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (stamp.microsecond // 1000)


class Center:
    def __init__(self, opts):
        self.opts, self.agents, self.queues = opts, [], []
        self.nonces = {}        # nonce -> monotonic expiry
        self.legs = {}          # session id -> Call (customer and current agent leg)
        self.agent_legs = {}    # session id -> Agent
        self.calls = []         # in arrival order
        self.stats = collections.Counter()
        self.shutting_down, self.on_registered = False, None
        self.tty = sys.stdout.isatty() and not opts.quiet
        self.clear = '\r\033[K' if self.tty else ''   # erases the status line
        self.rate, self.arrivals = 0.0, 0

    # -- configuration ---------------------------------------------------

    def load(self, agents_file, queues_file):
        """The agents and queues key file (format: callcenter/config.c)."""
        def groups(path, kind):
            kf = GLib.KeyFile()
            if path:
                kf.load_from_file(path, GLib.KeyFileFlags.NONE)
            else:
                kf.load_from_data(BUILTIN, len(BUILTIN), GLib.KeyFileFlags.NONE)
            for group in kf.get_groups()[0]:
                if group.startswith(kind + ' '):
                    keys = kf.get_keys(group)[0]
                    yield group, group[len(kind) + 1:], kf, lambda key: key in keys

        # Queues: --queues, else those of --agents, else the built-in ones.
        for path in [p for p in (queues_file or agents_file,) if p] + [None]:
            for group, name, kf, has in groups(path, 'queue') if not self.queues else ():
                self.queues.append(Queue(name))
                self.queues[-1].priority = kf.get_integer(group, 'priority') if has('priority') else 0
                no_agent = kf.get_string(group, 'no_agent') if has('no_agent') else 'wait'
                if no_agent not in ('wait', 'reject'):
                    raise ValueError('[%s] no_agent must be wait or reject' % group)
                self.queues[-1].reject_no_agent = no_agent == 'reject'
        for group, name, kf, has in groups(agents_file, 'agent'):
            queues = kf.get_string_list(group, 'queues') if has('queues') else []
            self.agents.append(Agent(name, kf.get_string(group, 'password'), queues))
            for queue in queues:   # an agent of an unknown queue would never get a call
                if not self.queue(queue):
                    raise ValueError("agent %s: unknown queue '%s'" % (name, queue))

    def queue(self, name):
        return next((q for q in self.queues if q.name == name), None)

    def agent(self, name):
        return next((a for a in self.agents if a.name == name), None)

    # -- terminal output -------------------------------------------------

    def status_line(self):
        return '%s| %s| bridges:%d | %.1f calls/s | %d calls' % (
            ''.join('%s:%d ' % (q.name, sum(c.queue is q and c.state in ('waiting', 'ringing')
                                            for c in self.calls)) for q in self.queues),
            ''.join('%s:%s ' % (a.name, a.state) for a in self.agents
                    if a.state != 'offline' or a.registered()),
            sum(c.state == 'talking' for c in self.calls), self.rate, self.stats['offered'])

    def log(self, text):
        if self.opts.quiet:
            return
        print('%s%s %s' % (self.clear, time.strftime('%H:%M:%S'), text))
        if self.tty:
            print(self.status_line(), end='', flush=True)

    def tick(self):
        now = time.monotonic()
        for agent in self.agents:
            if agent.contact and agent.expires_at <= now:
                self.log('agent %s: registration expired' % agent.name)
                agent.contact = None
                if agent.state == 'idle':
                    agent.state = 'offline'
        self.nonces = {n: t for n, t in self.nonces.items() if t > now}
        self.rate, self.arrivals = (2 * self.rate + self.arrivals) / 3, 0
        if self.tty:
            print(self.clear + self.status_line(), end='', flush=True)
        return GLib.SOURCE_CONTINUE

    # -- REGISTER with digest authentication (callcenter/registrar.c) -----

    def respond(self, transaction, status, reason=None, headers=None):
        try:
            self.sessions.send_sip_response(transaction, status, reason, headers)
        except GLib.Error as e:
            self.log('cannot answer a REGISTER: %s' % e.message)

    def challenge(self, transaction, stale=False):
        nonce = secrets.token_hex(16)
        self.nonces[nonce] = time.monotonic() + NONCE_LIFETIME_S
        self.respond(transaction, 401, None, {'WWW-Authenticate': (
            'Digest realm="sessioncore", nonce="%s", algorithm=MD5, qop="auth"%s'
            % (nonce, ', stale=true' if stale else ''))})

    def on_register(self, sessions, transaction, aor, contact, expires):
        p = digest_parse(sessions.get_request_header(transaction, 'Authorization')) or {}
        qop, now = p.get('qop'), time.monotonic()
        if (not all(p.get(k) for k in ('username', 'nonce', 'response', 'uri'))
                or p.get('realm') != 'sessioncore' or p.get('algorithm', 'MD5').upper() != 'MD5'
                or (qop and (qop != 'auth' or 'nc' not in p or 'cnonce' not in p))):
            return self.challenge(transaction)
        agent = self.agent(p['username'])
        if agent and agent.locked_until > now:
            return self.respond(transaction, 403, 'Too Many Failed Attempts')
        expected = agent and digest_response(agent.name, 'sessioncore', agent.password, 'REGISTER',
                                             p['uri'], p['nonce'], p.get('nc'), p.get('cnonce'), qop)
        if not expected or expected != p['response'].lower():
            self.log("REGISTER %s: wrong credentials for '%s'" % (aor, p['username']))
            if agent:
                agent.failures += 1
                if agent.failures >= MAX_FAILURES:
                    agent.failures, agent.locked_until = 0, now + LOCKOUT_S
                    self.log('agent %s: %d failed attempts, refused for %d s'
                             % (agent.name, MAX_FAILURES, LOCKOUT_S))
                    return self.respond(transaction, 403, 'Too Many Failed Attempts')
            return self.challenge(transaction)
        if self.nonces.get(p['nonce'], 0) <= now:   # right password, nonce not ours (any more)
            return self.challenge(transaction, stale=True)
        agent.failures = 0
        if uri_user(aor) != agent.name:
            self.log('REGISTER %s: agent %s may not register it' % (aor, agent.name))
            return self.respond(transaction, 403, 'Not Your Address')
        if contact is None:   # a query: tell the binding, change nothing
            binding = agent.registered() and {
                'Contact': '<%s>;expires=%d' % (agent.contact, agent.expires_at - now)}
            return self.respond(transaction, 200, None, binding or None)
        if expires == 0:
            self.respond(transaction, 200)
            if agent.contact:
                self.log('agent %s unregistered' % agent.name)
            agent.contact = None
            if agent.state == 'idle':
                agent.state = 'offline'
            return
        expires = min(expires, MAX_EXPIRES_S)
        self.respond(transaction, 200, None, {'Contact': '<%s>;expires=%d' % (contact, expires)})
        if not agent.registered() or agent.contact != contact:
            self.log('agent %s registered at %s for %d s' % (agent.name, contact, expires))
        agent.contact, agent.expires_at = contact, now + expires
        if agent.state == 'offline':
            self.set_idle(agent)
        if self.on_registered:
            self.on_registered(agent)

    # -- agents (callcenter/queue.c) -------------------------------------

    def set_idle(self, agent):
        if agent.wrap_up_id:
            GLib.source_remove(agent.wrap_up_id)
        agent.wrap_up_id = 0
        agent.state = 'idle' if agent.registered() else 'offline'
        agent.idle_since = time.monotonic()
        self.dispatch()

    def rest(self, agent):
        """Wrap-up after a call, or a rest after a call it missed."""
        if self.shutting_down:
            agent.state = 'offline'
            return
        agent.state = 'wrap-up'
        if agent.wrap_up_id:
            GLib.source_remove(agent.wrap_up_id)
        agent.wrap_up_id = GLib.timeout_add(self.opts.wrap_up * 1000, self.rested, agent)

    def rested(self, agent):
        agent.wrap_up_id = 0
        self.set_idle(agent)
        return GLib.SOURCE_REMOVE

    def has_agents(self, queue):
        return any(queue.name in a.queues and a.registered() for a in self.agents)

    def terminate(self, session_id):
        try:
            if session_id:
                self.sessions.terminate_session(session_id)
        except GLib.Error as e:
            if not e.matches(Sc.error_quark(), Sc.Error.SESSION_NOT_FOUND):
                self.log('cannot end %s: %s' % (session_id, e.message))

    def counters(self, session_id):
        try:
            media = self.sessions.get_media_info(session_id)
            return media.get_packets_received(), media.get_packets_sent()
        except (GLib.Error, TypeError, AttributeError):
            return 0, 0

    # -- serving the queues ----------------------------------------------

    def dispatch(self):
        if self.shutting_down:
            return
        waiting = sorted((c for c in self.calls if c.state == 'waiting'),
                         key=lambda c: (-c.queue.priority, c.queued_at))
        for call in waiting:
            idle = [a for a in self.agents if a.state == 'idle' and a.registered()
                    and call.queue.name in a.queues]
            if idle:
                self.offer(call, min(idle, key=lambda a: a.idle_since))

    def offer(self, call, agent):
        """Calls @agent for @call (which stays first in its queue meanwhile)."""
        try:   # the agent's phone shows the customer as the caller
            prepared = self.sessions.prepare_outgoing_call(call.caller, agent.contact)
            session = self.sessions.initiate_prepared_call(prepared)
        except GLib.Error as e:
            self.log('cannot call agent %s at %s: %s' % (agent.name, agent.contact, e.message))
            return self.rest(agent)   # then it is tried again
        call.state, call.agent, call.agent_leg = 'ringing', agent, session.get_id()
        self.legs[call.agent_leg] = call
        self.agent_legs[call.agent_leg] = agent
        agent.state, agent.leg = 'ringing', call.agent_leg
        call.ring_id = GLib.timeout_add(self.opts.ring_timeout * 1000, self.ring_timeout, call)
        self.log('%s (queue %s): calling agent %s' % (call.caller, call.queue.name, agent.name))

    def ring_timeout(self, call):
        call.ring_id = 0
        self.log('%s: agent %s did not answer within %d s'
                 % (call.caller, call.agent.name, self.opts.ring_timeout))
        call.agent.missed += 1
        self.terminate(call.agent_leg)   # CANCEL; the leg's end puts the customer back in line
        return GLib.SOURCE_REMOVE

    def hold_music(self, call):
        try:
            if self.opts.moh:
                return self.sessions.play_file(call.leg, self.opts.moh)
        except GLib.Error as e:
            self.log('music on hold: %s; playing a tone' % e.message)
        self.sessions.play_tone(call.leg, MOH_TONE_HZ)

    def no_agent_timeout(self, call):
        call.no_agent_id = 0
        if call.state != 'talking':
            self.log('%s: no agent for queue %s after %d s, hanging up'
                     % (call.caller, call.queue.name, self.opts.no_agent_wait))
            call.outcome, call.hangup_by = 'no-agent', 'server'
            self.terminate(call.leg)
        return GLib.SOURCE_REMOVE

    def clear_timers(self, call):
        for source in (call.ring_id, call.no_agent_id):
            if source:
                GLib.source_remove(source)
        call.ring_id = call.no_agent_id = 0

    # -- session manager signals -----------------------------------------

    def on_incoming_call(self, sessions, incoming):
        if self.shutting_down:
            return Sc.CallDecision.reject_with_code(503)
        call = Call(incoming, self.queue(uri_user(incoming.get_to())))
        self.stats['offered'] += 1
        self.arrivals += 1
        if call.queue is None:
            self.log('%s called %s: no such queue (404)' % (call.caller, incoming.get_to()))
            return self.reject(call, 404)
        call.queue.count['offered'] += 1
        if call.queue.reject_no_agent and not self.has_agents(call.queue):
            self.log('%s (queue %s): no agent registered (480)' % (call.caller, call.queue.name))
            return self.reject(call, 480)
        self.calls.append(call)
        self.legs[call.leg] = call
        return Sc.CallDecision.accept()

    def reject(self, call, code):
        call.outcome, call.hangup_by = 'rejected', 'server'
        self.write_cdr(call, time.time())
        return Sc.CallDecision.reject_with_code(code)

    def on_established(self, sessions, session, local_sdp, remote_sdp):
        leg = session.get_id()
        call = self.legs.get(leg)
        if call is None:   # an agent answering a call no longer offered to it
            if leg in self.agent_legs:
                self.terminate(leg)
        elif leg == call.leg:
            call.state, call.queued_at, call.queued = 'waiting', time.monotonic(), time.time()
            if not self.has_agents(call.queue):
                self.log('%s (queue %s): no agent registered, waiting %d s'
                         % (call.caller, call.queue.name, self.opts.no_agent_wait))
                sessions.play_tone(call.leg, NO_AGENT_TONE_HZ)
                call.no_agent_id = GLib.timeout_add(self.opts.no_agent_wait * 1000,
                                                    self.no_agent_timeout, call)
            else:
                self.log('%s queued in %s' % (call.caller, call.queue.name))
                self.hold_music(call)
            self.dispatch()
        elif leg == call.agent_leg and call.state == 'ringing':
            self.agent_answered(call)

    def agent_answered(self, call):
        self.clear_timers(call)
        try:
            call.bridge_id = self.server.bridge_sessions(call.leg, call.agent_leg)
        except GLib.Error as e:
            self.log('cannot bridge %s and agent %s: %s' % (call.caller, call.agent.name, e.message))
            return self.terminate(call.agent_leg)   # the customer goes back in line
        call.state = call.agent.state = 'talking'
        call.answered = call.answered or time.time()   # a transferred call keeps its first
        call.agent.calls += 1
        call.queue.count['answered'] += 1
        call.rtp0 = self.counters(call.leg)   # RTP from here on is the conversation's
        self.log('%s (queue %s): bridged to agent %s after %.1f s' % (
            call.caller, call.queue.name, call.agent.name, call.answered - call.arrived))

    def on_ended(self, sessions, session, reason):
        leg = session.get_id()
        call, agent = self.legs.get(leg), self.agent_legs.get(leg)
        if call and leg == call.leg:
            self.customer_leg_ended(call)
        elif call:
            if agent and call.state == 'ringing' and session.get_state() != Sc.CallState.CANCELLED:
                agent.missed += 1   # refused or unreachable; a CANCEL was counted
            self.agent_call_leg_ended(call)
        if agent:
            self.agent_legs.pop(leg, None)
            if agent.leg == leg:   # not an older leg (transferred away)
                agent.leg = None
                self.rest(agent)
        self.dispatch()

    def customer_leg_ended(self, call):
        end = time.time()
        call.hangup_by = call.hangup_by or 'customer'
        if call.state == 'talking':
            cin, cout = self.counters(call.leg)
            call.rtp['customer_in'] = max(0, cin - call.rtp0[0])
            call.rtp['customer_out'] = max(0, cout - call.rtp0[1])
            if call.agent_leg:
                call.rtp['agent_in'], call.rtp['agent_out'] = self.counters(call.agent_leg)
        call.outcome = 'answered' if call.answered else call.outcome or 'abandoned'
        if call.agent_leg:   # the agent's leg ends too (BYE, or CANCEL while it rings)
            self.legs.pop(call.agent_leg, None)
            self.terminate(call.agent_leg)
        self.legs.pop(call.leg, None)
        self.calls.remove(call)
        self.clear_timers(call)
        self.write_cdr(call, end)

    def agent_call_leg_ended(self, call):
        if call.ring_id:
            GLib.source_remove(call.ring_id)
        call.ring_id = 0
        self.legs.pop(call.agent_leg, None)
        if call.state == 'talking':   # the agent hung up: the customer's leg ends too
            call.rtp['agent_in'], call.rtp['agent_out'] = self.counters(call.agent_leg)
            call.hangup_by = call.hangup_by or 'agent'
            return self.terminate(call.leg)
        if call.state == 'ringing':   # not answered, refused, unreachable: back first in line
            self.log('%s: agent %s did not take the call' % (call.caller, call.agent.name))
            call.state = 'waiting'
        call.agent_leg = call.agent = None

    def on_transfer(self, sessions, session_id, target_uri, referred_by):
        """Blind transfer (REFER) by an agent in a conversation, to a queue or an agent."""
        call, target = self.legs.get(session_id), uri_user(target_uri)
        queue, agent = self.queue(target), self.agent(target)
        if (not call or session_id != call.agent_leg or call.state != 'talking'
                or not (queue or agent)):
            return False   # 603
        if agent and (agent.state != 'idle' or not agent.registered()):
            self.log('transfer to agent %s refused: %s' % (agent.name, agent.state))
            return False
        self.log('agent %s transfers %s to %s' % (call.agent.name, call.caller, target))
        call.first_agent = call.first_agent or call.agent.name
        # The agent's leg leaves the call (its end only rests the agent).
        call.rtp['agent_in'], call.rtp['agent_out'] = self.counters(call.agent_leg)
        self.legs.pop(call.agent_leg, None)
        self.server.destroy_bridge(call.bridge_id)
        old_leg = call.agent_leg   # ended once the library is done with the REFER
        GLib.idle_add(lambda: self.terminate(old_leg) or GLib.SOURCE_REMOVE)
        call.bridge_id = call.agent_leg = call.agent = None
        call.state = 'waiting'
        if queue:
            call.queue = queue
            queue.count['offered'] += 1
            self.hold_music(call)
            self.dispatch()
        else:
            self.offer(call, agent)
        return True

    # -- CDRs and the summary (callcenter/cdr.c) -------------------------

    def write_cdr(self, call, end):
        outcome = call.outcome or 'abandoned'
        wait = (call.answered or end) - call.arrived
        talk = end - call.answered if call.answered else 0.0
        self.stats[outcome] += 1
        self.stats['wait'] += wait
        self.stats['talk'] += talk if outcome == 'answered' else 0.0
        self.stats['cdrs'] += 1
        if call.queue and outcome != 'answered':
            call.queue.count[outcome] += 1
        record = dict(call_id=call.sip_call_id, caller=call.caller,
                      queue=call.queue and call.queue.name,
                      # the agent who talked: not one that was only rung
                      agent=call.agent.name if call.agent and call.state == 'talking' else None,
                      transferred_from=call.first_agent, arrival=iso8601(call.arrived),
                      queued=iso8601(call.queued), answer=iso8601(call.answered), end=iso8601(end),
                      wait_s=round(wait, 3), talk_s=round(talk, 3),
                      hangup_by=call.hangup_by or 'server', outcome=outcome, rtp=call.rtp)
        self.cdr.write(json.dumps(record, ensure_ascii=False, separators=(',', ':')) + '\n')
        self.cdr.flush()   # a killed server loses none

    def summary(self):
        s = self.stats
        ended = s['answered'] + s['abandoned'] + s['no-agent'] + s['rejected']
        print('summary: %d calls, %d answered, %d abandoned, %d no agent, %d rejected; '
              '%d CDRs; average wait %.1f s, average talk %.1f s' % (
                  s['offered'], s['answered'], s['abandoned'], s['no-agent'], s['rejected'],
                  s['cdrs'], s['wait'] / ended if ended else 0.0,
                  s['talk'] / s['answered'] if s['answered'] else 0.0))
        for q in self.queues:
            c = q.count
            print('summary: queue %s: %d offered, %d answered, %d abandoned, %d no agent, '
                  '%d rejected' % (q.name, c['offered'], c['answered'], c['abandoned'],
                                   c['no-agent'], c['rejected']))
        for a in self.agents:
            print('summary: agent %s: %d calls answered, %d missed' % (a.name, a.calls, a.missed))


def free_port(even_pair=False):
    """A free UDP port on 127.0.0.1; even_pair: even, +2 free too (SIPp's -mp)."""
    while True:
        with socket.socket(type=socket.SOCK_DGRAM) as a, socket.socket(type=socket.SOCK_DGRAM) as b:
            try:
                a.bind(('127.0.0.1', 20000 + 2 * secrets.randbelow(10000) if even_pair else 0))
                even_pair and b.bind(('127.0.0.1', a.getsockname()[1] + 2))
                return str(a.getsockname()[1])
            except OSError:
                pass


class Demo:
    """--demo (callcenter/demo.c): two agents of the first queue, each a SIPp
    phone answering with -rtp_echo and registered by SIPp with digest; once
    both are, 6 SIPp customers call, one every 2 s, talking 5 s (a recorded
    voice as root: SIPp plays it through a raw socket; else silent)."""

    def __init__(self, center, data):
        self.center, self.data, self.customers, self.done_at = center, data, None, None
        self.dir = tempfile.mkdtemp(prefix='sessioncore-callcenter-demo-')
        os.symlink('/usr/share/sip-tester', os.path.join(self.dir, 'pcap'))
        self.address, self.queue = center.sessions.get_bound_address(), center.queues[0]
        self.started, self.processes, self.registered = time.monotonic(), [], set()
        self.agents = [a for a in center.agents if self.queue.name in a.queues][:2]
        center.on_registered = self.agent_registered
        for agent in self.agents:
            phone, media = free_port(), free_port(even_pair=True)
            self.sipp('-sf', 'agent.xml', '-rtp_echo', '-m', '1000', '-mi', '127.0.0.1',
                      '-p', phone, '-mp', media)
            time.sleep(0.2)   # the phone binds before calls can come
            self.sipp('-sf', 'agent-register.xml', '-m', '1', '-timeout', '10', '-timeout_error',
                      '-key', 'expires', '3600', '-key', 'agent_port', phone, '-s', agent.name,
                      '-au', agent.name, '-ap', agent.password, '-p', free_port(), self.address)
            center.log("demo: agent %s's phone is SIPp on 127.0.0.1:%s (RTP echo on %s)"
                       % (agent.name, phone, media))

    def sipp(self, *args):
        args = [os.path.join(self.data, a) if a.endswith('.xml') else a for a in args]
        self.processes.append(subprocess.Popen(
            ['sipp', '-nostdin', '-trace_err', '-i', '127.0.0.1'] + args, cwd=self.dir,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        return self.processes[-1]

    def agent_registered(self, agent):
        self.registered.add(agent)
        if len(self.registered) == len(self.agents) and not self.customers:
            voice = os.geteuid() == 0
            self.customers = self.sipp(*(['-sf', 'customer.xml'] if voice else ['-sn', 'uac']),
                                       '-m', '6', '-r', '1', '-rp', '2000', '-d', '5000',
                                       '-timeout', '120', '-timeout_error', '-mi', '127.0.0.1',
                                       '-s', self.queue.name, '-p', free_port(), self.address)
            self.center.log('demo: 6 SIPp customers call sip:%s@%s, one every 2000 ms, %s' % (
                self.queue.name, self.address,
                'playing a recorded voice' if voice else 'silent (not root)'))

    def finished(self):
        """None while it runs, else the exit status."""
        now = time.monotonic()
        if not self.customers and now - self.started > 10:
            self.center.log('demo: only %d of %d agents registered in 10 s'
                            % (len(self.registered), len(self.agents)))
            return 1
        if not self.customers or self.customers.poll() is None:
            return None
        if self.done_at is None:
            self.done_at = now
            self.center.log('demo: the customers are done (SIPp exit status %d)'
                            % self.customers.returncode)
        if self.center.calls and now - self.done_at < 3:   # the last BYEs cross
            return None
        return 0 if self.customers.returncode == 0 else 1

    def close(self):
        for proc in self.processes:
            proc.kill()
            proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)   # unlinks the pcap link, not its target


def data_dir():
    """Where hold-music.wav and the SIPp scenarios are: beside this file
    (the source tree), else installed."""
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'callcenter')
    for d in (os.environ.get('SESSIONCORE_CALLCENTER_DATA'), here,
              '/usr/local/share/sessioncore/callcenter', '/usr/share/sessioncore/callcenter'):
        if d and os.path.exists(os.path.join(d, 'agent.xml')):
            return d
    return None


def main():
    parser = argparse.ArgumentParser(description='A SIP call centre.', epilog=(
        'Customers call sip:<queue>@ADDRESS:PORT; agents REGISTER as sip:<name>@ADDRESS '
        'with digest authentication (realm "sessioncore").'))
    arg = parser.add_argument
    arg('-a', '--address', default='127.0.0.1', help='IP address to listen on')
    arg('-p', '--port', type=int, help='SIP port (default 5060; 0: any free port, '
        'the default with --demo)')
    arg('--agents', help='agents (and queues) key file (default: alice, bob, carol)')
    arg('--queues', help='queues key file (default: those of --agents, else support, sales)')
    arg('--moh', help='music on hold, any audio file GStreamer reads (default: hold-music.wav)')
    arg('--ring-timeout', type=int, default=15, help='seconds an agent rings (default 15)')
    arg('--wrap-up', type=int, default=5, help='seconds an agent rests after a call (default 5)')
    arg('--no-agent-wait', type=int, default=30,
        help='seconds a customer waits when no agent is registered (default 30)')
    arg('--cdr', default='cdr.jsonl', help='call detail records, JSON lines, appended')
    arg('-q', '--quiet', action='store_true', help='no status line and no event log')
    arg('--demo', action='store_true', help='run with SIPp agents and customers, then stop')
    opts = parser.parse_args()
    opts.port = (0 if opts.demo else 5060) if opts.port is None else opts.port
    if not (0 <= opts.port <= 65535 and opts.ring_timeout >= 1 and opts.wrap_up >= 0
            and opts.no_agent_wait >= 1):
        print('invalid --port, --ring-timeout, --wrap-up or --no-agent-wait', file=sys.stderr)
        return 2
    sys.stdout.reconfigure(line_buffering=True)
    data = data_dir()
    if opts.moh is None and data:
        opts.moh = os.path.join(data, 'hold-music.wav')
    center = Center(opts)
    try:
        center.load(opts.agents, opts.queues)
    except (GLib.Error, ValueError) as e:
        print('configuration: %s' % getattr(e, 'message', e), file=sys.stderr)
        return 2
    try:
        center.cdr = open(opts.cdr, 'a', encoding='utf-8')
        center.server = (Sc.SessionManagerBuilder.new()
                         .with_local_bind_addr(('[%s]:%d' if ':' in opts.address else '%s:%d')
                                               % (opts.address, opts.port))
                         .with_domain('sessioncore-callcenter').build_server(None))
    except (GLib.Error, OSError) as e:
        print('cannot start: %s' % getattr(e, 'message', e), file=sys.stderr)
        return 1
    sessions = center.sessions = center.server.get_session_manager()
    sessions.connect('registration-request', center.on_register)
    sessions.connect('incoming-call', center.on_incoming_call)
    sessions.connect('call-established', center.on_established)
    sessions.connect('call-ended', center.on_ended)
    sessions.connect('transfer-request', center.on_transfer)
    print('listening on %s' % sessions.get_bound_address())
    for q in center.queues:
        print('queue %s: sip:%s@%s' % (q.name, q.name, sessions.get_bound_address()))

    loop, app = GLib.MainLoop(), {'status': 0, 'demo': None}

    def shutdown_done(server, result):
        try:
            server.shutdown_finish(result)
        except GLib.Error as e:
            print('shutdown: %s' % e.message, file=sys.stderr)
        if center.calls:
            print('shutdown: %d calls never reported their end' % len(center.calls),
                  file=sys.stderr)
        center.cdr.close()
        print(center.clear, end='')
        center.summary()
        loop.quit()

    def on_signal():
        if not center.shutting_down:
            print('%sshutting down: hanging up %d calls' % (center.clear, len(center.calls)))
            center.shutting_down = True   # every call ends by the server's BYE
            for call in center.calls:
                call.hangup_by = call.hangup_by or 'server'
            for agent in (a for a in center.agents if a.wrap_up_id):
                GLib.source_remove(agent.wrap_up_id)
                agent.wrap_up_id = 0
            center.server.shutdown_async(None, shutdown_done)
        return GLib.SOURCE_CONTINUE

    def tick():
        center.tick()
        status = app['demo'].finished() if app['demo'] and not center.shutting_down else None
        if status is not None:
            app['status'] = status
            os.kill(os.getpid(), signal.SIGTERM)   # the same clean way out as Ctrl-C
        return GLib.SOURCE_CONTINUE

    for signum in (signal.SIGINT, signal.SIGTERM):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signum, on_signal)
    GLib.timeout_add_seconds(1, tick)
    if opts.demo and (data is None or not center.agents):
        print('--demo: no SIPp scenarios (set SESSIONCORE_CALLCENTER_DATA) or no agent',
              file=sys.stderr)
        return 1
    app['demo'] = opts.demo and Demo(center, data)
    try:
        loop.run()
    finally:
        if app['demo']:
            app['demo'].close()
    return app['status']


if __name__ == '__main__':
    sys.exit(main())
