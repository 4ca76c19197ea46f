"""Local stand-ins for Bilibili's open live platform and YouTube's live chat API, on real HTTP
and WebSocket servers on 127.0.0.1.

Test doubles: live-open.biliapi.com and www.googleapis.com cannot be reached from here. They
follow the published documentation:

- Bilibili (open-live.bilibili.com/document, 开放平台 › 互动玩法 / 长链接): `POST /v2/app/start`
  {code, app_id} → {code: 0, data: {game_info.game_id, websocket_info {auth_body, wss_link},
  anchor_info.room_id}}, `/v2/app/heartbeat`, `/v2/app/end`, every call checked for the
  x-bili-* signature (HMAC-SHA256 of the sorted x-bili-* headers with the access key
  secret; code 4000-series when wrong). The WebSocket takes 16-byte-header packets:
  operation 7 auth (answered by 8), 2 heartbeat (answered by 3), 5 messages (cmd
  LIVE_OPEN_PLATFORM_DM), plain JSON (version 0), zlib-packed (version 2) or brotli-packed
  packets (version 3).
- YouTube Data API v3 (developers.google.com/youtube/v3/live/docs/liveChatMessages/list,
  /docs/videos/list): videos.list part=liveStreamingDetails → activeLiveChatId;
  liveChatMessages.list → items (snippet.type textMessageEvent, displayMessage,
  publishedAt; authorDetails.displayName), nextPageToken, pollingIntervalMillis; 403
  liveChatEnded when the chat is over.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import struct
import threading
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import brotli
from websockets.asyncio.server import ServerConnection, serve

HEADER = struct.Struct(">IHHII")


def bili_packet(operation: int, body: bytes, version: int = 0) -> bytes:
    return HEADER.pack(HEADER.size + len(body), HEADER.size, version, operation, 1) + body


def dm(msg_id: str, uname: str, msg: str) -> bytes:
    data = {"cmd": "LIVE_OPEN_PLATFORM_DM", "data": {"uname": uname, "msg": msg, "msg_id": msg_id,
            "timestamp": 1796175450, "room_id": 4639581, "uid": 1}}  # fmt: skip
    return json.dumps(data, ensure_ascii=False).encode()


class _JsonHttp:
    """A ThreadingHTTPServer that hands (method, path, query, headers, body) to `handle`."""

    def __init__(self) -> None:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _serve(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(min(length, 1 << 20))
                headers = {k.lower(): v for k, v in self.headers.items()}
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                with outer.lock:
                    status, answer = outer.handle(self.command, parts.path, query, headers, body)
                data = json.dumps(answer, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _serve

        self.lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def handle(self, method: str, path: str, query: dict[str, str], headers: dict[str, str],
               body: bytes) -> tuple[int, Any]:  # fmt: skip
        raise NotImplementedError

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


@dataclass
class BilibiliState:
    app_id: int = 1650000000001
    key_id: str = "bili-key-id-001"
    key_secret: str = "bili-key-secret-Zx9"
    code: str = "ANCHOR7CODE9"
    starts: int = 0
    heartbeats: int = 0
    ends: list[str] = field(default_factory=list)
    ws_heartbeats: int = 0
    auths: list[str] = field(default_factory=list)


class BilibiliServer(_JsonHttp):
    """The open platform's HTTP API and its WebSocket, with comments queued by the test."""

    def __init__(self) -> None:
        super().__init__()
        self.state = BilibiliState()
        self._queue: asyncio.Queue[bytes | None] | None = None
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._ws_thread = threading.Thread(target=self._run_ws, daemon=True)
        self.ws_port = 0
        self._connections: list[ServerConnection] = []

    def _run_ws(self) -> None:
        asyncio.set_event_loop(self._loop)

        async def main() -> None:
            self._queue = asyncio.Queue()
            self._stop = asyncio.Event()
            async with serve(self._session, "127.0.0.1", 0) as server:
                self.ws_port = server.sockets[0].getsockname()[1]
                self._ready.set()
                await self._stop.wait()

        self._loop.run_until_complete(main())

    async def _session(self, ws: ServerConnection) -> None:
        self._connections.append(ws)
        first = HEADER.unpack_from(auth := await ws.recv())  # type: ignore[arg-type]
        assert first[3] == 7
        self.state.auths.append(bytes(auth[16:]).decode())
        await ws.send(bili_packet(8, b'{"code":0}'))

        async def pump() -> None:
            assert self._queue is not None
            while (item := await self._queue.get()) is not None:
                await ws.send(item)

        sender = asyncio.create_task(pump())
        try:
            async for message in ws:
                if isinstance(message, bytes) and HEADER.unpack_from(message)[3] == 2:
                    self.state.ws_heartbeats += 1
                    await ws.send(bili_packet(3, struct.pack(">I", 1)))
        except Exception:
            pass
        finally:
            sender.cancel()

    # what tests do
    def say(self, *comments: bytes, packed: bool | str = False) -> None:
        """Send comments (dm(...)) to the connected studio, plain, or packed in one message:
        zlib (True: protover 2) or "brotli" (protover 3, as the live servers send now)."""
        if packed:
            inner = b"".join(bili_packet(5, c) for c in comments)
            if packed == "brotli":
                frames = [bili_packet(5, brotli.compress(inner), version=3)]
            else:
                frames = [bili_packet(5, zlib.compress(inner), version=2)]
        else:
            frames = [bili_packet(5, c) for c in comments]
        for frame in frames:
            self._loop.call_soon_threadsafe(self._queue.put_nowait, frame)  # type: ignore[union-attr]

    def send_raw(self, frame: bytes) -> None:
        """One WebSocket message of any bytes (a broken packet, as a hostile server sends)."""
        self._loop.call_soon_threadsafe(self._queue.put_nowait, frame)  # type: ignore[union-attr]

    def drop(self) -> None:
        """Close the WebSocket under the studio (the network dropped it)."""

        async def close_all() -> None:
            for ws in self._connections:
                await ws.close()
            self._connections.clear()

        asyncio.run_coroutine_threadsafe(close_all(), self._loop).result(5)

    def start(self) -> None:
        self._ws_thread.start()
        self._ready.wait(10)
        super().start()

    def stop(self) -> None:
        super().stop()
        self._loop.call_soon_threadsafe(self._stop.set)
        self._ws_thread.join(timeout=5)
        self._loop.close()

    def __enter__(self) -> BilibiliServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def handle(self, method: str, path: str, query: dict[str, str], headers: dict[str, str],
               body: bytes) -> tuple[int, Any]:  # fmt: skip
        s = self.state
        signed = {k: v for k, v in headers.items() if k.startswith("x-bili-")}
        to_sign = "\n".join(f"{k}:{signed[k]}" for k in sorted(signed))
        expected = hmac.new(s.key_secret.encode(), to_sign.encode(), hashlib.sha256).hexdigest()
        if signed.get("x-bili-accesskeyid") != s.key_id:
            return 200, {"code": 4004, "message": "accesskeyid not found", "data": {}}
        if headers.get("authorization") != expected:
            return 200, {"code": 4002, "message": "signature mismatch", "data": {}}
        if signed.get("x-bili-content-md5") != hashlib.md5(body).hexdigest():
            return 200, {"code": 4006, "message": "content md5 mismatch", "data": {}}
        data = json.loads(body or b"{}")
        if path == "/v2/app/start":
            if data.get("code") != s.code or data.get("app_id") != s.app_id:
                return 200, {"code": 7007, "message": "身份码错误", "data": {}}
            s.starts += 1
            return 200, {"code": 0, "message": "0", "data": {
                "game_info": {"game_id": f"game-{s.starts}"},
                "websocket_info": {"auth_body": json.dumps({"key": f"k{s.starts}"}),
                                   "wss_link": [f"ws://127.0.0.1:{self.ws_port}/sub"]},
                "anchor_info": {"room_id": 4639581, "uname": "主播", "uid": 1}}}  # fmt: skip
        if path == "/v2/app/heartbeat":
            s.heartbeats += 1
            return 200, {"code": 0, "message": "0", "data": {}}
        if path == "/v2/app/end":
            s.ends.append(str(data.get("game_id")))
            return 200, {"code": 0, "message": "0", "data": {}}
        return 404, {"code": 404, "message": "not found"}


@dataclass
class YouTubeState:
    api_key: str = "AIzaSy-test-key-0001"
    video: str = "dQw4w9WgXcQ"
    chat: str = "Cg0KC2RRdzR3OVdnWGNR"
    pages: list[list[tuple[str, str, str]]] = field(default_factory=list)  # (id, author, text)
    ended: bool = False
    polls: list[str] = field(default_factory=list)  # the pageToken of each poll


class YouTubeServer(_JsonHttp):
    def __init__(self) -> None:
        super().__init__()
        self.state = YouTubeState()

    def __enter__(self) -> YouTubeServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def handle(self, method: str, path: str, query: dict[str, str], headers: dict[str, str],
               body: bytes) -> tuple[int, Any]:  # fmt: skip
        s = self.state

        def error(status: int, reason: str) -> tuple[int, Any]:
            errors = [{"reason": reason, "domain": "youtube"}]
            return status, {"error": {"code": status, "message": reason, "errors": errors}}

        if query.get("key") != s.api_key:
            return error(400, "keyInvalid")
        if path == "/youtube/v3/videos":
            details = {"activeLiveChatId": s.chat} if query.get("id") == s.video else {}
            return 200, {"items": [{"id": s.video, "liveStreamingDetails": details}]}
        if path == "/youtube/v3/liveChat/messages":
            if query.get("liveChatId") != s.chat:
                return error(404, "liveChatNotFound")
            token = query.get("pageToken", "")
            s.polls.append(token)
            index = int(token or 0)
            if index >= len(s.pages):
                if s.ended:
                    return error(403, "liveChatEnded")
                return 200, {"items": [], "nextPageToken": str(index), "pollingIntervalMillis": 50}
            items = [
                {"id": i, "snippet": {"type": "textMessageEvent", "displayMessage": text,
                                      "publishedAt": "2026-12-02T02:30:00.000Z"},
                 "authorDetails": {"displayName": who}}
                for i, who, text in s.pages[index]
            ] + [{"id": "x", "snippet": {"type": "superChatEvent"}}]  # fmt: skip
            return 200, {
                "items": items,
                "nextPageToken": str(index + 1),
                "pollingIntervalMillis": 50,
            }
        return error(404, "notFound")
