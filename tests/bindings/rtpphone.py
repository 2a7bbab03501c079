# rtpphone.py: a phone's audio in plain Python, for binding tests that
# must hear a call themselves: one UDP socket on loopback that sends a
# PCMU tone (and RFC 4733 digits) to the far end named by an SDP and keeps
# what arrives, plus the G.711 µ-law codec and the Goertzel tone share
# that tests/test-audio.c uses on the C side.
#
# The SIP side is a signalling-only session manager (media disabled)
# whose offer or answer is RtpPhone.sdp(): the server then sends its RTP
# to this socket. Everything runs from the GLib main context, which the
# tests iterate anyway (sctest.wait_until, sctest.run_for).
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import math
import random
import socket
import struct
import time

import gi

gi.require_version('GstSdp', '1.0')
from gi.repository import GLib, GstSdp  # noqa: E402

RATE = 8000                    # G.711: 8 kHz, one byte per sample
PTIME_MS = 20
SAMPLES = RATE * PTIME_MS // 1000
PCMU = 0
EVENT_PT = 101                 # telephone-event, when we offer
DIGITS = '0123456789*#ABCD'    # RFC 4733 event codes 0-15


# -- G.711 µ-law (ITU-T G.711; the audioop module is deprecated) ----------

def ulaw_encode(sample):
    """A 16-bit linear sample to its µ-law byte."""
    sign = 0x80 if sample < 0 else 0
    magnitude = min(abs(sample), 32635) + 0x84          # clip, add the bias
    exponent = magnitude.bit_length() - 8                # segment 0..7
    mantissa = (magnitude >> (exponent + 3)) & 0x0F
    return ~(sign | exponent << 4 | mantissa) & 0xFF     # sent inverted


def _ulaw_decode(byte):
    byte = ~byte & 0xFF
    magnitude = ((((byte & 0x0F) << 3) + 0x84) << ((byte & 0x70) >> 4)) - 0x84
    return -magnitude if byte & 0x80 else magnitude


ULAW_DECODE = [_ulaw_decode(b) for b in range(256)]


def ulaw_decode(data):
    """µ-law bytes to a list of linear samples."""
    return [ULAW_DECODE[b] for b in data]


# -- What a listener hears --------------------------------------------------

def tone_share(pcm, frequency, rate=RATE):
    """The share (0..1) of the signal's power at `frequency`: Goertzel's
    power at that bin over the total power, as test_tone_share() in
    tests/test-audio.c computes it. A pure tone gives about 1, silence 0."""
    coeff = 2.0 * math.cos(2.0 * math.pi * frequency / rate)
    s1 = s2 = total = 0.0
    for x in pcm:
        s1, s2 = x + coeff * s1 - s2, s1
        total += x * x
    if total <= 0:
        return 0.0
    power = s1 * s1 + s2 * s2 - coeff * s1 * s2
    return 2.0 * power / (len(pcm) * total)


def sdp_audio_address(text):
    """(address, port, {encoding name: payload type}) of an SDP's first
    audio stream, read with GstSdp (the media-level c= wins)."""
    result, message = GstSdp.SDPMessage.new_from_text(text)
    assert result == GstSdp.SDPResult.OK, 'unparsable SDP:\n' + text
    for i in range(message.medias_len()):
        media = message.get_media(i)
        if media.get_media() != 'audio':
            continue
        connection = (media.get_connection(0) if media.connections_len() > 0
                      else message.get_connection())
        formats = {}
        for j in range(media.attributes_len()):
            attribute = media.get_attribute(j)
            if attribute.key == 'rtpmap':
                pt, encoding = attribute.value.split(' ', 1)
                formats[encoding.split('/')[0].lower()] = int(pt)
        return connection.address, media.get_port(), formats
    raise AssertionError('no audio stream in the SDP:\n' + text)


class RtpPhone:
    """The audio of one phone: a UDP socket on 127.0.0.1.

    sdp() is the offer or answer that names this socket (PCMU and
    telephone-event/8000). start(remote_sdp, frequency) sends a PCMU tone
    of `frequency` every 20 ms to the address of that SDP and keeps what
    arrives from then on: `audio` (PCMU payloads, in arrival order) and
    `events` (RFC 4733 packets as (event, end, duration, timestamp)).
    send_digits() plays RFC 4733 digits in place of the tone."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(('127.0.0.1', 0))
        self.sock.setblocking(False)
        self.port = self.sock.getsockname()[1]
        self.remote = None
        self.event_pt = EVENT_PT       # telephone-event, both ways
        self.audio = []
        self.events = []
        self._source = None
        self._digits = ''
        self._event = None             # [code, start timestamp, packets sent]

    def sdp(self):
        """An SDP naming this socket: PCMU, and telephone-event under
        `event_pt` (101 unless answer() took the offer's)."""
        return ('v=0\r\n'
                'o=rtpphone %d 1 IN IP4 127.0.0.1\r\n'
                's=rtpphone\r\n'
                'c=IN IP4 127.0.0.1\r\n'
                't=0 0\r\n'
                'm=audio %d RTP/AVP %d %d\r\n'
                'a=rtpmap:%d PCMU/8000\r\n'
                'a=rtpmap:%d telephone-event/8000\r\n'
                'a=fmtp:%d 0-15\r\n'
                'a=ptime:%d\r\n'
                'a=sendrecv\r\n'
                % (self.port, self.port, PCMU, self.event_pt, PCMU, self.event_pt,
                   self.event_pt, PTIME_MS))

    def answer(self, offer):
        """The answer to `offer`: sdp(), under the offer's number for
        telephone-event (RFC 3264: an answer keeps the offer's numbers)."""
        self.event_pt = sdp_audio_address(offer)[2].get('telephone-event', EVENT_PT)
        return self.sdp()

    def start(self, remote_sdp, frequency):
        address, port, formats = sdp_audio_address(remote_sdp)
        assert port != 0, 'the far end refused audio:\n' + remote_sdp
        # Both sides use the offer's number for telephone-event: an
        # offerer reads it back from the answer, an answerer kept it.
        self.event_pt = formats.get('telephone-event', self.event_pt)
        self.remote = (address, port)
        self.frequency = frequency
        self.ssrc = random.getrandbits(32)
        self.seq = random.getrandbits(16)
        self.timestamp = random.getrandbits(32)
        self.phase = 0                 # samples of tone sent so far
        self.started = time.monotonic()
        self.ticks = 0
        self.drain()
        self.audio.clear()
        self.events.clear()
        self._source = GLib.timeout_add(PTIME_MS, self._tick)

    def stop(self):
        if self._source is not None:
            GLib.source_remove(self._source)
            self._source = None
        self.sock.close()

    def send_digits(self, digits):
        self._digits += digits

    # What arrived ------------------------------------------------------------

    def heard(self):
        """The linear samples of every PCMU payload received so far."""
        return [s for payload in self.audio for s in ulaw_decode(payload)]

    def clear(self):
        self.drain()
        self.audio.clear()
        self.events.clear()

    def digits_heard(self):
        """The digits of the RFC 4733 events received with the end bit,
        each once (its end is repeated under one timestamp)."""
        ended = []
        for event, end, duration, timestamp in self.events:
            if end and (timestamp, event) not in ended:
                ended.append((timestamp, event))
        return ''.join(DIGITS[event] for timestamp, event in ended)

    def drain(self):
        while True:
            try:
                packet = self.sock.recv(2048)
            except BlockingIOError:
                return
            if len(packet) < 12 or packet[0] >> 6 != 2:
                continue
            header = 12 + 4 * (packet[0] & 0x0F)        # the server sends no
            payload_type = packet[1] & 0x7F              # extension or padding
            payload = packet[header:]
            if payload_type == PCMU:
                self.audio.append(payload)
            elif payload_type == self.event_pt and len(payload) >= 4:
                event, flags, duration = struct.unpack('!BBH', payload[:4])
                timestamp = struct.unpack('!I', packet[4:8])[0]
                self.events.append((event, bool(flags & 0x80), duration, timestamp))

    # Sending -----------------------------------------------------------------

    def _send(self, payload_type, marker, timestamp, payload):
        header = struct.pack('!BBHII', 0x80, payload_type | (0x80 if marker else 0),
                             self.seq, timestamp & 0xFFFFFFFF, self.ssrc)
        self.seq = (self.seq + 1) & 0xFFFF
        self.sock.sendto(header + payload, self.remote)

    def _tone_packet(self):
        step = 2.0 * math.pi * self.frequency / RATE
        payload = bytes(ulaw_encode(int(8000 * math.sin(step * (self.phase + i))))
                        for i in range(SAMPLES))
        self.phase += SAMPLES
        return payload

    def _tick(self):
        self.drain()
        # A GLib timeout drifts late: send what the clock says is due, so
        # timestamps follow real time; after a long stall (a busy machine)
        # skip ahead rather than burst.
        due = int((time.monotonic() - self.started) * 1000 / PTIME_MS) + 1
        if due - self.ticks > 5:
            self.timestamp += (due - self.ticks - 5) * SAMPLES
            self.ticks = due - 5
        while self.ticks < due:
            self.ticks += 1
            if self._digits:
                self._digit_packets()
            else:
                self._send(PCMU, False, self.timestamp, self._tone_packet())
            self.timestamp += SAMPLES
        return GLib.SOURCE_CONTINUE

    def _digit_packets(self):
        """One 20 ms step of the first queued digit (RFC 4733 §2.5): five
        packets of growing duration under the event's start timestamp, the
        first marked, then the end (E bit) three times; the event's 100 ms
        then pass before the next digit or the tone."""
        if self._event is None:
            self._event = [DIGITS.index(self._digits[0]), self.timestamp, 0]
        event, start, packets = self._event
        packets += 1
        self._event[2] = packets
        duration = packets * SAMPLES
        if packets < 5:
            payload = struct.pack('!BBH', event, 10, duration)    # volume -10 dBm0
            self._send(self.event_pt, packets == 1, start, payload)
            return
        for _ in range(3):
            self._send(self.event_pt, False, start, struct.pack('!BBH', event, 0x80 | 10,
                                                                duration))
        self._event = None
        self._digits = self._digits[1:]
