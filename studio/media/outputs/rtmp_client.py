"""A small RTMP/RTMPS publish client over a Python socket.

Why not FFmpeg's own `rtmp://` protocol through PyAV: PyAV opens output URLs with `avio_open`
(no interrupt callback, no `rw_timeout`), so a stalled uplink blocks the send thread forever,
and the server's reasons ("Already publishing", a rejected key) only reach FFmpeg's log. Here
every socket call has a deadline, each server status is an exception the output can act on,
RTMPS is `ssl` over the same code, and bytes sent are counted for dynamic bitrate.

`flv.py` builds the FLV tag bodies from the encoder's packets; each tag becomes one RTMP
message here.

Exceptions::

    RtmpError                      anything that ends a session
    ├── RtmpNetworkError           unreachable, refused, reset, timed out, closed: retry
    │                              (`stage` says how far it got; a close right after
    │                              "publish", every time for 30 s, is the one the output
    │                              takes as a rejection)
    │   ├── RtmpStalled            a send made no progress within the deadline: retry
    │   └── RtmpProtocolError      the server's answer cannot be read (bad AMF0, a stream id
    │                              that is no number): retry, it may be a passing fault
    ├── RtmpBusy                   NetStream.Publish.BadName ("Already publishing"): retry
    └── RtmpRejected               the server refused the app or key, or its TLS certificate
                                   is not trusted: do not retry
"""

from __future__ import annotations

import contextlib
import math
import os
import select
import socket
import ssl
import struct
import time
from collections.abc import Iterator
from dataclasses import dataclass

from studio.core.destination import Destination, redact
from studio.core.errors import StudioError
from studio.core.messages import Message, network_reason
from studio.media.outputs import amf0

CHUNK_SIZE = 4096
POLL_INTERVAL_S = 0.1  # how often a publishing session reads what the server sent
CSID_CONTROL, CSID_COMMAND, CSID_AUDIO, CSID_VIDEO, CSID_DATA = 2, 3, 4, 6, 5
MSG_SET_CHUNK_SIZE, MSG_ABORT, MSG_ACK, MSG_USER_CONTROL = 1, 2, 3, 4
MSG_WINDOW_ACK, MSG_PEER_BW, MSG_AUDIO, MSG_VIDEO, MSG_DATA, MSG_COMMAND = 5, 6, 8, 9, 18, 20
FLV_AUDIO, FLV_VIDEO, FLV_SCRIPT = 8, 9, 18
# basic header (fmt 0) + timestamp (24) + length (24) + type in one big-endian word, then the
# message stream id, little-endian (the one field RTMP sends that way)
_MESSAGE_HEADER = struct.Struct(">Q")


class RtmpError(StudioError):
    """A publish session ended; the message (a `Message`) is safe to show (no key in it)."""


# How far a connection got when it ended: a close before "publish" cannot be about the key.
STAGES = ("tcp", "tls", "handshake", "connect", "create_stream", "publish", "live")


class RtmpNetworkError(RtmpError):
    stage = "tcp"  # set by the publisher: where in STAGES the connection ended

    def __init__(
        self,
        message: Message | str,
        *,
        refused: bool = False,
        closed: bool = False,
        timed_out: bool = False,
    ) -> None:
        super().__init__(message)
        self.refused = refused  # nothing listens there: an instant answer, cheap to ask again
        self.closed = closed  # the server closed the connection (cleanly)
        self.timed_out = timed_out  # no answer in time: a slow or dead path, not a quick one


class RtmpStalled(RtmpNetworkError):
    pass


class RtmpProtocolError(RtmpNetworkError):
    pass


# What the description of a refusal may show: redacted first, then cut, so a key that straddles
# the cut is never half shown.
STATUS_TEXT_CHARS = 200
STREAM_ID_MAX = 2**31 - 1


def _decode(payload: bytes) -> list[object]:
    """The AMF0 values of a server message; an unreadable one is a protocol error in words."""
    try:
        return amf0.decode_all(payload)
    except (amf0.AmfError, RecursionError, MemoryError) as exc:
        raise RtmpProtocolError(Message("rtmp.bad_answer")) from exc


def _stream_id(given: object) -> int:
    """createStream's answer: a whole number up to 2^31 - 1 (AMF0 numbers are floats); no
    answer or 0 (FFmpeg's listener counts from 0) means the usual 1. NaN, infinities, text:
    the answer cannot be read."""
    if given is None or given == 0:
        return 1
    if (
        isinstance(given, int | float)
        and not isinstance(given, bool)
        and math.isfinite(given)
        and given == int(given)
        and 1 <= given <= STREAM_ID_MAX
    ):
        return int(given)
    raise RtmpProtocolError(Message("rtmp.bad_answer"))


class RtmpBusy(RtmpError):
    pass


class RtmpRejected(RtmpError):
    def __init__(self, message: Message | str, *, tls: bool = False) -> None:
        super().__init__(message)
        self.tls = tls  # the server's certificate is not trusted (not a judgement on the key)


@dataclass
class _ChunkState:
    timestamp: int = 0
    length: int = 0
    msg_type: int = 0
    stream_id: int = 0
    delta: int = 0
    payload: bytearray | None = None


class RtmpPublisher:
    """One publish session: `connect()`, then `send_flv_tag()` per tag, then `close()`.

    Not thread-safe: one output's send thread owns it.
    """

    def __init__(
        self,
        destination: Destination,
        *,
        connect_timeout_s: float = 5.0,
        send_timeout_s: float = 8.0,
        ssl_context: ssl.SSLContext | None = None,
        send_buffer_bytes: int = 0,
    ) -> None:
        self.destination = destination
        self.send_buffer_bytes = send_buffer_bytes
        self.connect_timeout_s = connect_timeout_s
        self.send_timeout_s = send_timeout_s
        self._ssl_context = ssl_context
        self._sock: socket.socket | None = None
        self._rbuf = bytearray()
        self._in_chunk_size = 128
        self._chunks: dict[int, _ChunkState] = {}
        self._window_ack = 0
        self._received = 0
        self._last_ack = 0
        self._txn = 0
        self._stream_id = 0
        self.bytes_sent = 0
        self._next_poll = 0.0
        self._out_chunk_size = 128  # the protocol's default until we announce CHUNK_SIZE
        self._timeout: float | None = None
        self.published = False
        self.server_closed = False
        self.stage = "tcp"

    # -- connection -----------------------------------------------------------------------
    def connect(self) -> None:
        """Handshake, connect, createStream and publish; raises an RtmpError subclass."""
        try:
            self._connect()
        except RtmpNetworkError as exc:
            exc.stage = self.stage  # where it ended: only after "publish" can it be the key
            raise

    def _connect(self) -> None:
        d = self.destination
        deadline = time.monotonic() + self.connect_timeout_s
        self.stage = "tcp"
        try:
            raw = socket.create_connection((d.host, d.port), timeout=self.connect_timeout_s)
        except TimeoutError as exc:
            raise RtmpNetworkError(
                Message("rtmp.connect_timeout", {"host": d.host, "port": d.port}), timed_out=True
            ) from exc
        except OSError as exc:
            raise RtmpNetworkError(
                Message(
                    "rtmp.cannot_connect",
                    {"host": d.host, "port": d.port, "reason": network_reason(exc)},
                ),
                refused=isinstance(exc, ConnectionRefusedError),
            ) from exc
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self.send_buffer_bytes:
            # A kernel buffer of many seconds hides congestion from the drop policy and the
            # bitrate controller, and delays noticing a dead link: keep about half a second.
            raw.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, self.send_buffer_bytes)
        if hasattr(socket, "TCP_USER_TIMEOUT"):  # Linux: unacknowledged data fails the socket
            raw.setsockopt(
                socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT, int(self.send_timeout_s * 1000)
            )
        sock = raw
        if d.scheme == "rtmps":
            self.stage = "tls"
            ctx = self._ssl_context or ssl.create_default_context()
            try:
                sock = ctx.wrap_socket(raw, server_hostname=d.host)
            except ssl.SSLCertVerificationError as exc:
                raw.close()
                raise RtmpRejected(
                    Message("rtmp.untrusted", {"host": d.host, "reason": exc.verify_message}),
                    tls=True,
                ) from exc
            except (ssl.SSLError, OSError) as exc:
                raw.close()
                raise RtmpNetworkError(
                    Message("rtmp.tls_failed", {"host": d.host, "reason": str(exc)})
                ) from exc
        self._sock = sock
        self._timeout = None  # create_connection set one; ours is set on first use
        try:
            self.stage = "handshake"
            self._handshake(deadline)
            self.stage = "connect"
            self._send_message(
                CSID_CONTROL, MSG_SET_CHUNK_SIZE, 0, 0, struct.pack(">I", CHUNK_SIZE)
            )
            self._out_chunk_size = CHUNK_SIZE
            tc_url = d.server_url
            self._command(
                "connect",
                {
                    "app": d.app,
                    "type": "nonprivate",
                    "flashVer": "FMLE/3.0 (compatible; MerchantStudio)",
                    "swfUrl": tc_url,
                    "tcUrl": tc_url,
                },
            )
            self._await_result(1, deadline, "connect")
            key = d.stream_key.reveal()
            self._command("releaseStream", None, key)
            self._command("FCPublish", None, key)
            self.stage = "create_stream"
            txn = self._command("createStream", None)
            result = self._await_result(txn, deadline, "createStream")
            self._stream_id = _stream_id(result[1] if len(result) > 1 else None)
            self.stage = "publish"  # from here a close may be the server's answer to the key
            self._command("publish", None, key, "live", stream_id=self._stream_id, csid=CSID_DATA)
            self._await_publish(deadline)
            self.published = True
            self.stage = "live"
        except BaseException:
            self.close()
            raise

    def _handshake(self, deadline: float) -> None:
        c1 = struct.pack(">II", 0, 0) + os.urandom(1528)
        self._sendall(b"\x03" + c1)
        s0s1s2 = self._recv_exact(1 + 1536 + 1536, deadline, "handshake")
        if s0s1s2[0] != 3:
            raise RtmpNetworkError(f"not an RTMP server (handshake version {s0s1s2[0]})")
        self._sendall(s0s1s2[1:1537])  # C2 echoes S1

    def bytes_delivered(self) -> int:
        """Bytes the server's side has acknowledged: what is sent less what still waits in
        our socket (unsent or unacknowledged; Linux SIOCOUTQ). Where the system cannot say,
        the bytes handed to the socket."""
        sock = self._sock
        if sock is None:
            return self.bytes_sent
        try:
            import fcntl
            import termios

            answer = fcntl.ioctl(sock.fileno(), termios.TIOCOUTQ, b"\0\0\0\0")
            waiting = int(struct.unpack("i", answer)[0])
        except (ImportError, OSError, ValueError):
            return self.bytes_sent
        return max(0, self.bytes_sent - waiting)

    def close(self) -> None:
        sock, self._sock = self._sock, None
        if sock is None:
            return
        try:
            if self.published:  # say goodbye so the server frees the key at once
                self._sock = sock
                self.send_timeout_s = min(self.send_timeout_s, 0.5)
                key = self.destination.stream_key.reveal()
                self._command("FCUnpublish", None, key)
                self._command("deleteStream", None, float(self._stream_id))
        except (RtmpError, OSError):
            pass  # the link is already gone
        finally:
            self._sock = None
            self.published = False
            with contextlib.suppress(OSError):
                sock.close()

    # -- media ----------------------------------------------------------------------------
    def send_flv_tag(
        self, tag_type: int, timestamp_ms: int, body: bytes, prefix: bytes = b""
    ) -> None:
        """One FLV tag as one RTMP message; its body is `prefix + body`."""
        if tag_type == FLV_AUDIO:
            self._send_message(CSID_AUDIO, MSG_AUDIO, self._stream_id, timestamp_ms, body, prefix)
        elif tag_type == FLV_VIDEO:
            self._send_message(CSID_VIDEO, MSG_VIDEO, self._stream_id, timestamp_ms, body, prefix)
        elif tag_type == FLV_SCRIPT:
            body = amf0.encode("@setDataFrame") + prefix + body
            self._send_message(CSID_DATA, MSG_DATA, self._stream_id, timestamp_ms, body)
        now = time.monotonic()
        if now >= self._next_poll:  # acks and pings are rare: no select() per tag
            self._next_poll = now + POLL_INTERVAL_S
            self.poll()

    def poll(self) -> None:
        """Read whatever the server sent (acks, pings, status) without blocking."""
        sock = self._sock
        if sock is None:
            raise RtmpNetworkError(Message("rtmp.not_connected"))
        while True:
            pending = isinstance(sock, ssl.SSLSocket) and sock.pending() > 0
            if not pending:
                readable, _, _ = select.select([sock], [], [], 0)
                if not readable:
                    return
            data = self._recv_some(sock)
            self._rbuf += data
            for msg in self._parse_messages():
                self._handle(msg)

    # -- plumbing -------------------------------------------------------------------------
    def _command(
        self, name: str, obj: object, *args: object, stream_id: int = 0, csid: int = CSID_COMMAND
    ) -> int:
        self._txn += 1
        payload = amf0.encode_all(name, float(self._txn), obj, *args)
        self._send_message(csid, MSG_COMMAND, stream_id, 0, payload)
        return self._txn

    def _send_message(
        self,
        csid: int,
        msg_type: int,
        stream_id: int,
        timestamp: int,
        payload: bytes,
        prefix: bytes = b"",
    ) -> None:
        """A type-0 chunk header, then `prefix + payload` in chunks, all in one send.

        The chunks are views of `payload`, so its bytes are copied once, by the join.
        """
        ts = timestamp & 0xFFFFFFFF
        length = len(prefix) + len(payload)
        header = _MESSAGE_HEADER.pack(
            (csid & 0x3F) << 56 | min(ts, 0xFFFFFF) << 32 | length << 8 | msg_type
        ) + stream_id.to_bytes(4, "little")
        ext = ts.to_bytes(4, "big") if ts >= 0xFFFFFF else b""
        size = self._out_chunk_size
        if length <= size:
            self._sendall(b"".join((header, ext, prefix, payload)))
            return
        view = memoryview(payload)
        first = size - len(prefix)
        parts: list[bytes | memoryview] = [header, ext, prefix, view[:first]]
        continuation = bytes((0xC0 | (csid & 0x3F),)) + ext
        for pos in range(first, len(payload), size):
            parts += (continuation, view[pos : pos + size])
        self._sendall(b"".join(parts))

    def _set_timeout(self, sock: socket.socket, seconds: float) -> None:
        # settimeout is a syscall (the socket's blocking flag) even when nothing changes
        if seconds != self._timeout:
            sock.settimeout(seconds)
            self._timeout = seconds

    def _sendall(self, data: bytes) -> None:
        sock = self._sock
        if sock is None:
            raise RtmpNetworkError(Message("rtmp.not_connected"))
        self._set_timeout(sock, self.send_timeout_s)
        view, done = memoryview(data), 0
        try:
            # send() rather than sendall(): the count follows what the kernel took, so the
            # uplink test's "delivered" does not jump by a whole keyframe at a time
            while done < len(view):
                n = sock.send(view[done:])  # each call: some progress within the timeout
                done += n
                self.bytes_sent += n
        except TimeoutError as exc:
            raise RtmpStalled(Message("rtmp.stalled", {"s": round(self.send_timeout_s)})) from exc
        except OSError as exc:
            raise RtmpNetworkError(Message("rtmp.lost", {"reason": network_reason(exc)})) from exc

    def _recv_some(self, sock: socket.socket) -> bytes:
        try:
            data = sock.recv(65536)
        except (ssl.SSLWantReadError, BlockingIOError):
            return b""
        except TimeoutError as exc:
            raise RtmpNetworkError(Message("rtmp.silent"), timed_out=True) from exc
        except OSError as exc:
            raise RtmpNetworkError(Message("rtmp.lost", {"reason": network_reason(exc)})) from exc
        if not data:
            self.server_closed = True
            raise RtmpNetworkError(Message("rtmp.closed"), closed=True)
        self._received += len(data)
        if self._window_ack and self._received - self._last_ack >= self._window_ack // 2:
            self._last_ack = self._received
            self._send_message(CSID_CONTROL, MSG_ACK, 0, 0, struct.pack(">I", self._received))
        return data

    def _recv_exact(self, n: int, deadline: float, stage: str) -> bytes:
        sock = self._sock
        assert sock is not None
        while len(self._rbuf) < n:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise RtmpNetworkError(Message("rtmp.no_answer", {"stage": stage}), timed_out=True)
            self._set_timeout(sock, remaining)
            self._rbuf += self._recv_some(sock)
        data = bytes(self._rbuf[:n])
        del self._rbuf[:n]
        return data

    def _await_messages(self, deadline: float, stage: str) -> Iterator[tuple[int, bytes]]:
        sock = self._sock
        assert sock is not None
        while True:
            for msg in self._parse_messages():
                self._handle(msg)
                yield msg
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise RtmpNetworkError(Message("rtmp.no_answer", {"stage": stage}), timed_out=True)
            self._set_timeout(sock, remaining)
            self._rbuf += self._recv_some(sock)

    def _await_result(self, txn: int, deadline: float, stage: str) -> list[object]:
        for msg_type, payload in self._await_messages(deadline, stage):
            if msg_type != MSG_COMMAND:
                continue
            values = _decode(payload)
            if len(values) < 2 or values[1] != float(txn):
                continue
            if values[0] == "_result":
                return values[2:]
            if values[0] == "_error":
                info = values[3] if len(values) > 3 and isinstance(values[3], dict) else {}
                raise RtmpRejected(self._describe_status(stage, info))
        raise AssertionError("unreachable")

    def _await_publish(self, deadline: float) -> None:
        for msg_type, payload in self._await_messages(deadline, "publish"):
            if msg_type != MSG_COMMAND:
                continue
            values = _decode(payload)
            if not values or values[0] not in ("onStatus", "_error"):
                continue
            info = next((v for v in values[2:] if isinstance(v, dict)), {})
            code = str(info.get("code", ""))
            if code == "NetStream.Publish.Start":
                return
            if code == "NetStream.Publish.BadName":
                raise RtmpBusy(self._describe_status("publish", info))
            if str(info.get("level", "")) == "error" or values[0] == "_error":
                raise RtmpRejected(self._describe_status("publish", info))

    def _describe_status(self, stage: str, info: dict[str, object]) -> Message:
        secrets = self.destination.secrets()
        # redact before cutting: a key cut in half no longer matches and would be half shown
        code = redact(str(info.get("code", "")), secrets)[:STATUS_TEXT_CHARS] or "error"
        text = redact(str(info.get("description", "")), secrets)[:STATUS_TEXT_CHARS]
        return Message("rtmp.refused", {"stage": stage, "code": code, "text": text})

    def _handle(self, msg: tuple[int, bytes]) -> None:
        msg_type, payload = msg
        if msg_type == MSG_SET_CHUNK_SIZE and len(payload) >= 4:
            self._in_chunk_size = struct.unpack(">I", payload[:4])[0] & 0x7FFFFFFF
        elif msg_type == MSG_WINDOW_ACK and len(payload) >= 4:
            self._window_ack = struct.unpack(">I", payload[:4])[0]
        elif msg_type == MSG_USER_CONTROL and len(payload) >= 6:
            event = struct.unpack(">H", payload[:2])[0]
            if event == 6:  # PingRequest → PingResponse
                self._send_message(
                    CSID_CONTROL, MSG_USER_CONTROL, 0, 0, struct.pack(">H", 7) + payload[2:6]
                )
        elif msg_type == MSG_COMMAND and self.published:
            values = _decode(payload)
            info = next((v for v in values[2:] if isinstance(v, dict)), {})
            if values and values[0] == "onStatus" and str(info.get("level")) == "error":
                raise RtmpRejected(self._describe_status("stream", info))

    def _parse_messages(self) -> Iterator[tuple[int, bytes]]:
        """Yield complete messages from the receive buffer; keep a partial chunk for later."""
        buf = self._rbuf
        while buf:
            fmt, csid = buf[0] >> 6, buf[0] & 0x3F
            pos = 1
            if csid == 0:
                if len(buf) < 2:
                    return
                csid, pos = 64 + buf[1], 2
            elif csid == 1:
                if len(buf) < 3:
                    return
                csid, pos = 64 + buf[1] + buf[2] * 256, 3
            header_len = (11, 7, 3, 0)[fmt]
            if len(buf) < pos + header_len:
                return
            state = self._chunks.setdefault(csid, _ChunkState())
            h = buf[pos : pos + header_len]
            new_message = state.payload is None
            ts_field = int.from_bytes(h[0:3], "big") if fmt < 3 else 0
            pos += header_len
            if (fmt < 3 and ts_field == 0xFFFFFF) or (fmt == 3 and state.timestamp >= 0xFFFFFF):
                if len(buf) < pos + 4:
                    return
                ts_field = struct.unpack_from(">I", buf, pos)[0]
                pos += 4
            length, msg_type, stream_id = state.length, state.msg_type, state.stream_id
            if fmt <= 1:
                length = int.from_bytes(h[3:6], "big")
                msg_type = h[6]
            if fmt == 0:
                stream_id = struct.unpack("<I", bytes(h[7:11]))[0]
            filled = len(state.payload) if state.payload is not None else 0
            take = min(self._in_chunk_size, length - filled)
            if len(buf) < pos + take:
                return
            # The whole chunk is here: commit the header state and consume it.
            state.length, state.msg_type, state.stream_id = length, msg_type, stream_id
            if new_message:
                if fmt == 0:
                    state.timestamp = ts_field
                elif fmt in (1, 2):
                    state.delta = ts_field
                    state.timestamp += ts_field
                else:
                    state.timestamp += state.delta
                state.payload = bytearray()
            assert state.payload is not None
            state.payload += buf[pos : pos + take]
            del buf[: pos + take]
            if len(state.payload) >= state.length:
                payload, state.payload = bytes(state.payload), None
                yield state.msg_type, payload
