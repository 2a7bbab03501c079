#!/usr/bin/python3
# registrar.py: a minimal SIP registrar.
#
# Every REGISTER arrives as the `registration-request` signal; the script
# keeps a table of bindings (address of record -> contacts with their
# expiry) and answers with send_sip_response(): 200 OK listing the
# contacts now bound, each with its remaining lifetime. "Expires: 0"
# removes a binding; a REGISTER without Contact just asks for the list.
# Expired bindings are dropped every second. Runs until Ctrl-C.
#
#   GI_TYPELIB_PATH=build/introspection LD_LIBRARY_PATH=build/sessioncore \
#   PYTHONPATH=bindings/python /usr/bin/python3 examples/registrar.py --port 5060
#
# then point a SIP phone's registrar at 127.0.0.1:5060 (a tiny raw-UDP
# client is in tests/bindings/test_example_servers.py).
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import argparse
import signal
import sys
import time

import gi
gi.require_version('Sc', '1.0')
from gi.repository import GLib, Sc  # noqa: E402

MAX_EXPIRES = 3600


def log(text):
    print('%s %s' % (time.strftime('%H:%M:%S'), text), flush=True)


class Registrar:
    def __init__(self, manager):
        self.manager = manager
        self.bindings = {}    # address of record -> {contact: expiry (monotonic s)}
        manager.connect('registration-request', self.on_registration_request)
        GLib.timeout_add_seconds(1, self.purge)

    def on_registration_request(self, manager, transaction_id, aor, contact, expires):
        contacts = self.bindings.setdefault(aor, {})
        expires = min(expires, MAX_EXPIRES)
        if contact is None:
            log('%s: query' % aor)
        elif expires == 0:
            if contacts.pop(contact, None) is not None:
                log('%s: removed %s' % (aor, contact))
        else:
            action = 'refreshed' if contact in contacts else 'registered'
            contacts[contact] = time.monotonic() + expires
            log('%s: %s %s for %d s' % (aor, action, contact, expires))
        if not contacts:
            del self.bindings[aor]

        # 200 OK with every contact bound to the address of record.
        now = time.monotonic()
        headers = {}
        if contacts:
            headers['Contact'] = ', '.join(
                '<%s>;expires=%d' % (c, max(0, int(round(t - now))))
                for c, t in sorted(contacts.items()))
        try:
            manager.send_sip_response(transaction_id, 200, 'OK', headers)
        except GLib.Error as e:
            log('%s: cannot answer: %s' % (aor, e.message))
        self.print_table()

    def purge(self):
        now = time.monotonic()
        for aor in list(self.bindings):
            for contact, expiry in list(self.bindings[aor].items()):
                if expiry <= now:
                    del self.bindings[aor][contact]
                    log('%s: %s expired' % (aor, contact))
            if not self.bindings[aor]:
                del self.bindings[aor]
        return GLib.SOURCE_CONTINUE

    def print_table(self):
        now = time.monotonic()
        count = sum(len(c) for c in self.bindings.values())
        log('bindings: %d' % count)
        for aor, contacts in sorted(self.bindings.items()):
            for contact, expiry in sorted(contacts.items()):
                log('  %s -> %s (%d s left)' % (aor, contact, int(expiry - now)))


def main():
    parser = argparse.ArgumentParser(description='A minimal SIP registrar.')
    parser.add_argument('--address', default='127.0.0.1',
                        help='IP address to listen on (default 127.0.0.1)')
    parser.add_argument('--port', type=int, default=5060,
                        help='SIP port (default 5060, 0 = any free port)')
    args = parser.parse_args()

    bind = ('[%s]:%d' if ':' in args.address else '%s:%d') % (args.address, args.port)
    try:
        # No calls here: media off, so no RTP ports are taken.
        manager = (Sc.SessionManagerBuilder.new()
                   .with_local_bind_addr(bind)
                   .with_media_enabled(False)
                   .build())
    except GLib.Error as e:
        print('cannot start: %s' % e.message, file=sys.stderr)
        return 1
    registrar = Registrar(manager)
    log('registrar listening on %s' % manager.get_bound_address())

    loop = GLib.MainLoop()

    def on_shutdown_done(manager, result):
        manager.shutdown_finish(result)
        log('shut down with %d bindings'
            % sum(len(c) for c in registrar.bindings.values()))
        loop.quit()

    def on_signal(signum):
        if manager.is_running():
            log('signal %d: shutting down' % signum)
            manager.shutdown_async(None, on_shutdown_done)
        return GLib.SOURCE_REMOVE

    for signum in (signal.SIGINT, signal.SIGTERM):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signum, on_signal, signum)
    loop.run()
    return 0


if __name__ == '__main__':
    sys.exit(main())
