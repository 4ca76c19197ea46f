"""A hostile RTMP ingest on 127.0.0.1: answers the handshake and the commands, then misbehaves
as told (refusals that echo the key, unreadable stream ids, AMF0 nested thousands deep).

A test double because no real ingest answers like this on purpose; it speaks real RTMP
over a real socket, and the client under test is the real one.
"""

from __future__ import annotations

import os
import socket
import struct
import threading
from collections.abc import Callable
from typing import Any

from studio.media.outputs import amf0

# mode -> what happens; "descriptions" is the list of refusal texts (one per connection)
MODES = ("ok", "desc", "codekey", "nan", "inf", "strid", "amfbomb", "livebomb")


def nested(depth: int) -> bytes:
    """An AMF0 object {a: {a: {... null}}} `depth` levels deep."""
    return b"\x03\x00\x01a" * depth + b"\x05" + b"\x00\x00\x09" * depth


def _send(c: socket.socket, csid: int, sid: int, payload: bytes, chunk: int = 128) -> None:
    header = bytes([csid & 0x3F]) + (0).to_bytes(3, "big") + len(payload).to_bytes(3, "big")
    out = bytearray(header + bytes([20]) + struct.pack("<I", sid))
    for i in range(0, len(payload), chunk):
        if i:
            out += bytes([0xC0 | (csid & 0x3F)])
        out += payload[i : i + chunk]
    c.sendall(out)


def _parse(buf: bytearray, st: dict[Any, Any]) -> list[tuple[int, bytes]]:
    msgs = []
    while buf:
        fmt, csid = buf[0] >> 6, buf[0] & 0x3F
        hl = (11, 7, 3, 0)[fmt]
        if len(buf) < 1 + hl:
            break
        s = st.setdefault(csid, {"len": 0, "type": 0, "p": None})
        h = buf[1 : 1 + hl]
        if fmt <= 1:
            s["len"], s["type"] = int.from_bytes(h[3:6], "big"), h[6]
        if s["p"] is None:
            s["p"] = bytearray()
        take = min(st.get("cs", 128), s["len"] - len(s["p"]))
        if len(buf) < 1 + hl + take:
            break
        s["p"] += buf[1 + hl : 1 + hl + take]
        del buf[: 1 + hl + take]
        if len(s["p"]) >= s["len"]:
            if s["type"] == 1:  # the chunk size applies to the very next chunk
                st["cs"] = struct.unpack(">I", s["p"][:4])[0]
            msgs.append((s["type"], bytes(s["p"])))
            s["p"] = None
    return msgs


class ScriptedRtmp:
    """`with ScriptedRtmp(mode, key=...) as srv:` then publish to `srv.url`."""

    def __init__(
        self, mode: str, key: str = "", descriptions: Callable[[int], str] | None = None
    ) -> None:
        assert mode in MODES
        self.mode, self.key = mode, key
        self.descriptions = descriptions or (lambda n: f"Denied stream {key}")
        self.connections = 0
        self.published = threading.Event()
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(8)
        self.port = self._sock.getsockname()[1]
        self.url = f"rtmp://127.0.0.1:{self.port}/live/{key}"
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> ScriptedRtmp:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._sock.close()

    def _serve(self) -> None:
        while True:
            try:
                c, _ = self._sock.accept()
            except OSError:
                return
            self.connections += 1
            n = self.connections
            threading.Thread(target=self._handle, args=(c, n), daemon=True).start()

    def _handle(self, c: socket.socket, n: int) -> None:
        try:
            with c:
                self._talk(c, n)
        except OSError:
            pass  # the client went away

    def _talk(self, c: socket.socket, n: int) -> None:
        c.settimeout(30)
        data = b""
        while len(data) < 1537:
            data += c.recv(4096)
        c.sendall(b"\x03" + os.urandom(1536) + data[1:1537])
        rest = data[1537:]
        while len(rest) < 1536:
            more = c.recv(4096)
            if not more:
                return
            rest += more
        buf, st = bytearray(rest[1536:]), {}  # type: ignore[var-annotated]
        mode = self.mode
        while True:
            for mtype, p in _parse(buf, st):
                if mtype != 20:
                    continue
                v = amf0.decode_all(p)
                name, txn = v[0], v[1]
                if name == "connect":
                    if mode == "amfbomb":
                        _send(c, 3, 0, amf0.encode_all("_result", txn, None) + nested(3000))
                        continue
                    ok = {"code": "NetConnection.Connect.Success", "level": "status"}
                    _send(c, 3, 0, amf0.encode_all("_result", txn, {"fmsVer": "x"}, ok))
                elif name == "createStream":
                    sid = {"nan": float("nan"), "inf": float("inf"), "strid": "abc"}.get(mode, 1.0)
                    _send(c, 3, 0, amf0.encode_all("_result", txn, None, sid))
                elif name == "publish":
                    code, text, level = "NetStream.Publish.Start", "ok", "status"
                    if mode == "desc":
                        code, level = "NetStream.Publish.Denied", "error"
                        text = self.descriptions(n)
                    elif mode == "codekey":
                        code, text, level = "NetStream.Publish.Denied." + self.key, "no", "error"
                    info = {"level": level, "code": code, "description": text}
                    _send(c, 5, 1, amf0.encode_all("onStatus", 0.0, None, info))
                    if level == "status":
                        self.published.set()
                    if mode == "livebomb":
                        _send(c, 5, 1, amf0.encode_all("onStatus", 0.0, None) + nested(3000))
            data = c.recv(65536)
            if not data:
                return
            buf += data
