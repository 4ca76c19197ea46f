"""Time stamps in the H.264 stream: an SEI "user data unregistered" message on every keyframe.

What broadcast tools and Tencent's latency tooling do: the sender writes the wall-clock time
a frame was composed into the picture's own bitstream (H.264 SEI, payloadType 5: a 16-byte
UUID naming the writer, then its data; ITU-T H.264 D.1.6 / D.2.6). Decoders ignore it, and it
travels through ingest, CDN and repackaging (RTMP, HTTP-FLV, HLS) with the picture, so a
player anywhere can tell how late it shows that frame: `studio latency URL`.

Our message: the UUID below, then the composition time in Unix microseconds (8 bytes, big
endian). Bytes that would look like a start code are escaped (emulation prevention, 7.4.1).
"""

from __future__ import annotations

import struct
import uuid

STAMP_UUID = uuid.uuid5(uuid.NAMESPACE_URL, "https://merchant-studio/sei/time").bytes
NAL_SEI, NAL_AUD = 6, 9
SEI_USER_DATA_UNREGISTERED = 5
MAX_NALS = 256  # an access unit from the network with more is not looked into further


def _escape(rbsp: bytes) -> bytes:
    """Emulation prevention: 00 00 followed by 00..03 gets an 03 between."""
    out = bytearray()
    zeros = 0
    for byte in rbsp:
        if zeros >= 2 and byte <= 3:
            out.append(3)
            zeros = 0
        out.append(byte)
        zeros = zeros + 1 if byte == 0 else 0
    return bytes(out)


def _unescape(ebsp: bytes) -> bytes:
    return ebsp.replace(b"\x00\x00\x03", b"\x00\x00")


def time_sei(unix_us: int) -> bytes:
    """One SEI NAL unit (no start code or length) carrying `unix_us`."""
    payload = STAMP_UUID + struct.pack(">Q", unix_us & (2**64 - 1))
    rbsp = bytes((SEI_USER_DATA_UNREGISTERED, len(payload))) + payload + b"\x80"
    return bytes((NAL_SEI,)) + _escape(rbsp)


def length_size(extradata: bytes) -> int:
    """NAL length field size of avcC extradata (1, 2 or 4); 0 for Annex B (start codes)."""
    if extradata[:1] == b"\x01" and len(extradata) > 4:
        return (extradata[4] & 3) + 1
    return 0


def stamp(data: bytes, unix_us: int, size: int = 4) -> bytes:
    """The access unit with the time SEI before its pictures (after an access unit
    delimiter, where there is one). `size`: the NAL length size, 0 for Annex B."""
    nal = time_sei(unix_us)
    if size == 0:
        unit = b"\x00\x00\x00\x01" + nal
        first_is_aud = (
            data[4:5] and data[4] & 0x1F == NAL_AUD and data.startswith(b"\x00\x00\x00\x01")
        )
        if first_is_aud:
            end = data.find(b"\x00\x00\x01", 5)
            cut = end - 1 if end > 0 and data[end - 1] == 0 else end
            if cut > 0:
                return data[:cut] + unit + data[cut:]
        return unit + data
    unit = len(nal).to_bytes(size, "big") + nal
    if len(data) > size and data[size] & 0x1F == NAL_AUD:
        cut = size + int.from_bytes(data[:size], "big")
        return data[:cut] + unit + data[cut:]
    return unit + data


def _nals(data: bytes, size: int) -> list[bytes]:
    if size == 0:
        out = []
        for chunk in data.split(b"\x00\x00\x01")[: MAX_NALS + 1]:
            chunk = chunk.rstrip(b"\x00")
            if chunk:
                out.append(chunk)
        return out
    out, pos = [], 0
    while pos + size <= len(data) and len(out) < MAX_NALS:
        length = int.from_bytes(data[pos : pos + size], "big")
        pos += size
        if length == 0 or pos + length > len(data):
            break
        out.append(data[pos : pos + length])
        pos += length
    return out


def read_stamps(data: bytes, size: int | None = None) -> list[int]:
    """The time stamps (Unix µs) our SEI carries in one access unit; `size` as in `stamp`,
    or None to tell Annex B (start codes) from 4-byte lengths by the first bytes."""
    if size is None:
        annexb = data.startswith(b"\x00\x00\x01") or data.startswith(b"\x00\x00\x00\x01")
        size = 0 if annexb else 4
    found = []
    for nal in _nals(data, size):
        if nal[0] & 0x1F != NAL_SEI or STAMP_UUID not in nal:
            continue
        rbsp = _unescape(nal[1:])
        pos = 0
        while pos < len(rbsp) - 1 and rbsp[pos] != 0x80:
            kind = 0
            while pos < len(rbsp) and rbsp[pos] == 0xFF:
                kind, pos = kind + 255, pos + 1
            if pos >= len(rbsp):
                break
            kind, pos = kind + rbsp[pos], pos + 1
            length = 0
            while pos < len(rbsp) and rbsp[pos] == 0xFF:
                length, pos = length + 255, pos + 1
            if pos >= len(rbsp):
                break
            length, pos = length + rbsp[pos], pos + 1
            body = rbsp[pos : pos + length]
            pos += length
            if kind == SEI_USER_DATA_UNREGISTERED and body[:16] == STAMP_UUID and len(body) >= 24:
                found.append(struct.unpack(">Q", body[16:24])[0])
    return found
