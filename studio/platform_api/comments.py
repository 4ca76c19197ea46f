"""Live comments from the platforms, into the show's comment feed: Bilibili and YouTube.

A `CommentFeed` yields `comment` events (PlatformEvent, with `key` the platform's message
id) until it is closed, and reconnects on its own: a dropped connection is the network, said
once to the host and tried again with a backoff, never the end of the comments.

- Bilibili open live platform (哔哩哔哩直播开放平台, open-live.bilibili.com/document):
  `POST /v2/app/start` {code: the anchor's 身份码, app_id} signed with the project's access
  key (x-bili-* headers, HMAC-SHA256 of them sorted, in `Authorization`), which answers
  `game_info.game_id` and `websocket_info` {auth_body, wss_link[]}. The WebSocket takes
  binary packets with a 16-byte header (length, header length 16, version, operation,
  sequence): operation 7 authenticates with auth_body, 8 confirms, 2 / 3 are the heartbeat
  every 30 s, 5 carries messages (`cmd` LIVE_OPEN_PLATFORM_DM: uname, msg, msg_id), as JSON
  (version 0), zlib-packed packets (version 2) or brotli-packed packets (version 3,
  protover 3). `POST /v2/app/heartbeat` {game_id} every
  20 s keeps the session (60 s without it ends it); `POST /v2/app/end` at the end.
- YouTube Data API v3, liveChatMessages.list (developers.google.com/youtube/v3/live/docs/
  liveChatMessages/list): `GET /youtube/v3/liveChat/messages?liveChatId&part=snippet,
  authorDetails&pageToken`, polled no faster than `pollingIntervalMillis`; the chat id from
  videos.list `part=liveStreamingDetails` (activeLiveChatId). An API key (`key=`) or an
  OAuth token (`Authorization: Bearer`).
"""

from __future__ import annotations

import asyncio
import datetime
import hashlib
import hmac
import json
import logging
import random
import struct
import time
import zlib
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import brotli
import httpx
import websockets
from websockets.asyncio.client import ClientConnection, connect

from studio.core.backoff import Backoff
from studio.core.destination import SecretStr
from studio.core.messages import Message, error_words, platform_text
from studio.platform_api.errors import (
    PlatformAuthError,
    PlatformContractError,
    PlatformError,
    PlatformRejected,
    PlatformUnavailable,
)
from studio.platform_api.http import send_answered
from studio.platform_api.models import PlatformEvent

log = logging.getLogger(__name__)
Problem = Callable[[Message], None]

MAX_FRAME = 1 << 20  # one WebSocket message
MAX_INFLATED = 4 << 20  # a zlib- or brotli-packed message, unpacked
MAX_TEXT = 200  # a comment shown is at most this long
HEADER = struct.Struct(">IHHII")  # length, header length, version, operation, sequence
OP_HEARTBEAT, OP_HEARTBEAT_REPLY, OP_MESSAGE, OP_AUTH, OP_AUTH_REPLY = 2, 3, 5, 7, 8


def comment(key: str, user: object, text: object, at: float | None = None) -> PlatformEvent:
    return PlatformEvent(
        event_id=0,
        type="comment",
        at=at if at is not None else time.time(),
        user=platform_text(user, 40),
        text=platform_text(text, MAX_TEXT),
        key=key[:128],
    )


class CommentFeed(ABC):
    """Comments of one platform, until closed; reconnecting by itself."""

    name = "comments"

    def __init__(self, on_problem: Problem | None = None) -> None:
        self._closed = asyncio.Event()
        # what the host is told (a dropped connection, a refusal); the show sets it
        self.on_problem: Problem = on_problem or (lambda _m: None)

    async def close(self) -> None:
        self._closed.set()

    @abstractmethod
    def events(self) -> AsyncIterator[PlatformEvent]: ...

    async def _pause(self, backoff: Backoff) -> bool:
        """Wait before the next attempt; False once the feed is closed."""
        try:
            await asyncio.wait_for(self._closed.wait(), backoff.next_delay_s())
        except TimeoutError:
            return True
        return False


# -- Bilibili ------------------------------------------------------------------------------
BILIBILI_API = "https://live-open.biliapi.com"


@dataclass(frozen=True)
class BilibiliCredentials:
    app_id: int
    key_id: str
    key_secret: SecretStr
    code: SecretStr  # the anchor's 身份码 (直播中心 › 我的直播间 › 身份码)
    api: str = BILIBILI_API

    def secrets(self) -> tuple[str, ...]:
        return (self.key_secret.reveal(), self.code.reveal())


def bilibili_headers(body: bytes, key_id: str, secret: str, nonce: str, ts: int) -> dict[str, str]:
    """The signed headers of one open-platform call."""
    headers = {
        "x-bili-accesskeyid": key_id,
        "x-bili-content-md5": hashlib.md5(body, usedforsecurity=False).hexdigest(),
        "x-bili-signature-method": "HMAC-SHA256",
        "x-bili-signature-nonce": nonce,
        "x-bili-signature-version": "1.0",
        "x-bili-timestamp": str(ts),
    }
    to_sign = "\n".join(f"{k}:{headers[k]}" for k in sorted(headers))
    headers["Authorization"] = hmac.new(
        secret.encode(), to_sign.encode(), hashlib.sha256
    ).hexdigest()
    headers["Content-Type"] = "application/json"
    headers["Accept"] = "application/json"
    return headers


def packet(operation: int, body: bytes = b"", version: int = 1) -> bytes:
    return HEADER.pack(HEADER.size + len(body), HEADER.size, version, operation, 1) + body


def unpack(
    data: bytes, depth: int = 0, dropped: Callable[[str], None] | None = None
) -> list[tuple[int, bytes]]:
    """(operation, body) of each packet in one WebSocket message, zlib- (version 2) and
    brotli-packed (version 3) ones opened. Bounded: a packed message that unpacks past
    MAX_INFLATED, or does not unpack, is dropped and `dropped(why)` told, as is a packing
    this studio does not know."""
    out: list[tuple[int, bytes]] = []
    pos = 0
    while pos + HEADER.size <= len(data) and len(out) < 10_000:
        length, header, version, operation, _ = HEADER.unpack_from(data, pos)
        if length < header or header < HEADER.size or pos + length > len(data):
            break
        body = data[pos + header : pos + length]
        pos += length
        if operation == OP_MESSAGE and version in (2, 3) and depth == 0:
            opened = _inflate(body) if version == 2 else _unbrotli(body)
            if opened is None:
                if dropped is not None:
                    dropped("bad_packing")
                continue
            out += unpack(opened, depth + 1, dropped)
        elif operation == OP_MESSAGE and version not in (0, 1):
            if dropped is not None:
                dropped("unknown_packing")
        else:
            out.append((operation, body))
    return out


def _inflate(body: bytes) -> bytes | None:
    """A zlib-packed message, or None when it is broken or unpacks past MAX_INFLATED."""
    inflater = zlib.decompressobj()
    try:
        opened = inflater.decompress(body, MAX_INFLATED)
    except zlib.error:
        return None
    return None if inflater.unconsumed_tail else opened


def _unbrotli(body: bytes) -> bytes | None:
    """A brotli-packed message, or None when it is broken or unpacks past MAX_INFLATED (the
    output is bounded as it is made: a small bomb never grows past the bound)."""
    opener = brotli.Decompressor()
    try:
        # brotli-stubs 1.2.1 predates brotli 1.2's output_buffer_limit
        limit = MAX_INFLATED + 1
        opened = opener.process(body, output_buffer_limit=limit)  # type: ignore[call-arg]
    except brotli.error:
        return None
    return opened if len(opened) <= MAX_INFLATED and opener.is_finished() else None


class BilibiliComments(CommentFeed):
    """The anchor's room on Bilibili, by the open live platform."""

    name = "bilibili"

    def __init__(
        self,
        creds: BilibiliCredentials,
        on_problem: Problem | None = None,
        heartbeat_s: float = 30.0,
        game_heartbeat_s: float = 20.0,
        timeout_s: float = 5.0,
    ) -> None:
        super().__init__(on_problem)
        self.creds = creds
        self.heartbeat_s, self.game_heartbeat_s, self.timeout_s = (
            heartbeat_s,
            game_heartbeat_s,
            timeout_s,
        )
        self.game_id = ""
        self.room_id = 0
        self._socket: ClientConnection | None = None
        self.unreadable = 0  # packed messages that could not be opened, all said in one notice

    def _unreadable(self, why: str) -> None:
        """A packed message dropped: the first is said (comments may be missing), the rest
        counted in the log, so a broken stream is one notice, not one a packet."""
        self.unreadable += 1
        if self.unreadable == 1:
            self.on_problem(Message("bilibili.unreadable", {"why": Message(f"bilibili.{why}")}))
        elif self.unreadable % 1000 == 0:
            log.info("bilibili: %d packed messages could not be opened", self.unreadable)

    async def _call(self, client: httpx.AsyncClient, path: str, body: dict[str, Any]) -> Any:
        data = json.dumps(body).encode()
        headers = bilibili_headers(
            data,
            self.creds.key_id,
            self.creds.key_secret.reveal(),
            str(random.randint(0, 999_999_999)),
            int(time.time()),
        )
        request = client.build_request("POST", path, content=data, headers=headers)
        response = await send_answered(client, request, 10, 256 * 1024)
        if response.status_code >= 500:
            raise PlatformUnavailable(Message("platform.status", {"status": response.status_code}))
        try:
            answer = response.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise PlatformContractError(Message("platform.not_json")) from None
        code = answer.get("code") if isinstance(answer, dict) else None
        if code != 0:
            words = Message(
                "bilibili.error",
                {"code": str(code)[:12], "message": platform_text(answer.get("message", ""), 120)},
            )
            if code in (4000, 4002, 4003, 4004, 4005, 7002, 7007, 7008):
                raise PlatformAuthError(words, response.status_code, str(code))
            raise PlatformRejected(words, response.status_code, str(code))
        return answer.get("data") or {}

    async def close(self) -> None:
        """Stop: the connection closed at once, the platform's session ended."""
        await super().close()
        if self._socket is not None:
            await self._socket.close()
        game, self.game_id = self.game_id, ""
        if game:
            async with self._client() as client:
                try:
                    await self._call(
                        client, "/v2/app/end", {"app_id": self.creds.app_id, "game_id": game}
                    )
                except PlatformError as exc:
                    log.info("bilibili end: %s", exc)

    def _client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            base_url=self.creds.api.rstrip("/"),
            timeout=httpx.Timeout(self.timeout_s),
            trust_env=False,
        )

    async def events(self) -> AsyncIterator[PlatformEvent]:
        backoff = Backoff(first_s=1.0, factor=2.0, cap_s=30.0, jitter=0.2)
        said = False
        async with self._client() as client:
            while not self._closed.is_set():
                try:
                    async for event in self._session(client):
                        backoff.reset()
                        said = False
                        yield event
                except PlatformAuthError as exc:
                    self.on_problem(
                        Message(
                            "comments.refused",
                            {"feed": Message("feed.bilibili"), "reason": exc.message},
                        )
                    )
                    return
                except (PlatformError, OSError, websockets.WebSocketException) as exc:
                    reason = error_words(
                        exc
                    )  # a PlatformError's own message, or the network's words
                    if not said and not self._closed.is_set():
                        self.on_problem(
                            Message(
                                "comments.reconnecting",
                                {"feed": Message("feed.bilibili"), "reason": reason},
                            )
                        )
                        said = True
                    log.info("bilibili comments: %s; again", reason)
                if not await self._pause(backoff):
                    return

    async def _session(self, client: httpx.AsyncClient) -> AsyncIterator[PlatformEvent]:
        data = await self._call(
            client, "/v2/app/start", {"code": self.creds.code.reveal(), "app_id": self.creds.app_id}
        )
        try:
            self.game_id = str(data.get("game_info", {}).get("game_id") or "")
            ws = data["websocket_info"]
            auth, links = str(ws["auth_body"]), [str(u) for u in ws["wss_link"]][:8]
            self.room_id = int(data.get("anchor_info", {}).get("room_id") or 0)
        except (KeyError, TypeError, ValueError, AttributeError):
            raise PlatformContractError(Message("platform.bad_shape")) from None
        if not links:
            raise PlatformContractError(Message("platform.bad_shape"))
        async with connect(
            links[0], max_size=MAX_FRAME, open_timeout=self.timeout_s, ping_interval=None
        ) as socket:
            self._socket = socket
            await socket.send(packet(OP_AUTH, auth.encode()))
            beats = asyncio.create_task(self._beat(client, socket))
            try:
                async for message in socket:
                    if self._closed.is_set():
                        return
                    if isinstance(message, str):
                        continue
                    for operation, body in unpack(message, dropped=self._unreadable):
                        if operation == OP_AUTH_REPLY:
                            self._check_auth(body)
                        elif operation == OP_MESSAGE:
                            event = self._comment(body)
                            if event is not None:
                                yield event
            finally:
                beats.cancel()
                self._socket = None
        if not self._closed.is_set():  # the server closed it: the network, tried again
            raise PlatformUnavailable(Message("comments.closed"))

    @staticmethod
    def _check_auth(body: bytes) -> None:
        try:
            code = json.loads(body).get("code", 0)
        except (json.JSONDecodeError, UnicodeDecodeError, AttributeError):
            return
        if code != 0:
            raise PlatformAuthError(
                Message("bilibili.error", {"code": str(code), "message": "auth"})
            )

    @staticmethod
    def _comment(body: bytes) -> PlatformEvent | None:
        try:
            message = json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
            return None
        if not isinstance(message, dict) or message.get("cmd") != "LIVE_OPEN_PLATFORM_DM":
            return None
        data = message.get("data")
        if not isinstance(data, dict) or not data.get("msg"):
            return None
        at = data.get("timestamp")
        when = float(at) if isinstance(at, int | float) and 0 < at < 1e11 else None
        msg_id = platform_text(data.get("msg_id", ""), 64) or hashlib.sha1(body).hexdigest()
        key = f"bilibili:{msg_id}"
        return comment(key, data.get("uname", ""), data.get("msg", ""), when)

    async def _beat(self, client: httpx.AsyncClient, socket: ClientConnection) -> None:
        next_game = time.monotonic() + self.game_heartbeat_s
        while True:
            await socket.send(packet(OP_HEARTBEAT))
            wait = self.heartbeat_s
            while wait > 0:
                step = min(wait, max(0.0, next_game - time.monotonic()))
                await asyncio.sleep(step)
                wait -= step
                if time.monotonic() >= next_game and self.game_id:
                    next_game = time.monotonic() + self.game_heartbeat_s
                    try:
                        await self._call(client, "/v2/app/heartbeat", {"game_id": self.game_id})
                    except PlatformError as exc:
                        log.info("bilibili heartbeat: %s", exc)
                elif not self.game_id:
                    next_game = time.monotonic() + self.game_heartbeat_s


# -- YouTube -------------------------------------------------------------------------------
YOUTUBE_API = "https://www.googleapis.com"


@dataclass(frozen=True)
class YouTubeCredentials:
    api_key: SecretStr | None = None
    token: SecretStr | None = None  # OAuth 2.0 access token (youtube.readonly)
    api: str = YOUTUBE_API

    def secrets(self) -> tuple[str, ...]:
        return tuple(s.reveal() for s in (self.api_key, self.token) if s)


class YouTubeComments(CommentFeed):
    """One live video's chat, polled at the pace YouTube asks for."""

    name = "youtube"

    def __init__(
        self,
        video_id: str,
        creds: YouTubeCredentials,
        on_problem: Problem | None = None,
        min_poll_s: float = 1.0,
    ) -> None:
        super().__init__(on_problem)
        self.video_id, self.creds, self.min_poll_s = video_id, creds, min_poll_s
        self.chat_id = ""

    def _auth(self) -> tuple[dict[str, str], dict[str, str]]:
        if self.creds.token:
            return {"Authorization": f"Bearer {self.creds.token.reveal()}"}, {}
        assert self.creds.api_key is not None
        return {}, {"key": self.creds.api_key.reveal()}

    async def _get(self, client: httpx.AsyncClient, path: str, params: dict[str, str]) -> Any:
        headers, extra = self._auth()
        request = client.build_request("GET", path, params={**params, **extra}, headers=headers)
        response = await send_answered(client, request, 15, 2 << 20)
        try:
            answer = response.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise PlatformContractError(Message("platform.not_json")) from None
        if response.status_code >= 500:
            raise PlatformUnavailable(Message("platform.status", {"status": response.status_code}))
        if response.status_code >= 400:
            error = answer.get("error", {}) if isinstance(answer, dict) else {}
            reasons = [e.get("reason", "") for e in error.get("errors", []) if isinstance(e, dict)]
            reason = platform_text(reasons[0] if reasons else error.get("message", ""), 80)
            words = Message("youtube.error", {"reason": reason, "status": response.status_code})
            if reason in ("rateLimitExceeded", "userRateLimitExceeded"):
                raise PlatformUnavailable(words)
            if response.status_code in (401, 403) and reason not in ("liveChatEnded",):
                raise PlatformAuthError(words, response.status_code, reason)
            raise PlatformRejected(words, response.status_code, reason)
        return answer

    async def events(self) -> AsyncIterator[PlatformEvent]:
        backoff = Backoff(first_s=1.0, factor=2.0, cap_s=30.0, jitter=0.2)
        page = ""
        said = False
        async with httpx.AsyncClient(
            base_url=self.creds.api.rstrip("/"), timeout=httpx.Timeout(10.0), trust_env=False
        ) as client:
            while not self._closed.is_set():
                try:
                    if not self.chat_id:
                        self.chat_id = await self._chat_id(client)
                    answer = await self._get(
                        client,
                        "/youtube/v3/liveChat/messages",
                        {
                            "liveChatId": self.chat_id,
                            "part": "snippet,authorDetails",
                            "pageToken": page,
                        }
                        if page
                        else {"liveChatId": self.chat_id, "part": "snippet,authorDetails"},
                    )
                except PlatformRejected as exc:  # refused, or the chat has ended
                    self.on_problem(
                        Message(
                            "comments.refused",
                            {"feed": Message("feed.youtube"), "reason": exc.message},
                        )
                    )
                    return
                except PlatformError as exc:
                    if not said:
                        self.on_problem(
                            Message(
                                "comments.reconnecting",
                                {"feed": Message("feed.youtube"), "reason": exc.message},
                            )
                        )
                        said = True
                    if not await self._pause(backoff):
                        return
                    continue
                said = False
                backoff.reset()
                page = str(answer.get("nextPageToken") or "")[:512]
                for item in (answer.get("items") or [])[:2000]:
                    event = self._comment(item)
                    if event is not None:
                        yield event
                wait = answer.get("pollingIntervalMillis")
                wait_s = wait / 1000 if isinstance(wait, int | float) else 5.0
                wait_s = min(30.0, max(self.min_poll_s, wait_s))
                try:
                    await asyncio.wait_for(self._closed.wait(), wait_s)
                    return
                except TimeoutError:
                    pass

    async def _chat_id(self, client: httpx.AsyncClient) -> str:
        answer = await self._get(
            client, "/youtube/v3/videos", {"id": self.video_id, "part": "liveStreamingDetails"}
        )
        items = answer.get("items") or []
        details = items[0].get("liveStreamingDetails", {}) if items else {}
        chat = details.get("activeLiveChatId") if isinstance(details, dict) else None
        if not chat:
            raise PlatformRejected(Message("youtube.no_chat", {"video": self.video_id[:20]}))
        return str(chat)[:256]

    @staticmethod
    def _comment(item: Any) -> PlatformEvent | None:
        if not isinstance(item, dict):
            return None
        snippet, author = item.get("snippet") or {}, item.get("authorDetails") or {}
        if not isinstance(snippet, dict) or snippet.get("type") != "textMessageEvent":
            return None
        text = snippet.get("displayMessage") or (snippet.get("textMessageDetails") or {}).get(
            "messageText"
        )
        if not text:
            return None
        at = None
        published = snippet.get("publishedAt")
        if isinstance(published, str):
            try:
                at = datetime.datetime.fromisoformat(published.replace("Z", "+00:00")).timestamp()
            except ValueError:
                at = None
        name = author.get("displayName", "") if isinstance(author, dict) else ""
        return comment(f"youtube:{platform_text(item.get('id', ''), 100)}", name, text, at)
