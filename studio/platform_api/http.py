"""The open contract (openapi.yaml) over httpx: any shop backend, bridge, or the rehearsal platform.

Retries: timeouts, refused connections and 5xx are retried with a short backoff inside a
time budget (a link-up that lands a minute late is worse than a clear failure); 4xx are not.
Link-ups carry an Idempotency-Key, so a retry after a timeout never lists twice.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import time
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any, TypeVar

import httpx

from studio.core.backoff import Backoff, RetryBudget
from studio.core.destination import SecretStr, redact
from studio.core.errors import StudioError
from studio.core.messages import Message, error_words, platform_text
from studio.platform_api.base import PlatformAdapter, RetryCallback
from studio.platform_api.errors import (
    NoAnswer,
    NotSent,
    PlatformAuthError,
    PlatformContractError,
    PlatformError,
    PlatformNotFound,
    PlatformRejected,
    PlatformUnavailable,
)
from studio.platform_api.models import (
    LinkUpRequest,
    Listing,
    PlatformEvent,
    PlatformProduct,
    SessionInfo,
)

log = logging.getLogger(__name__)
RETRY_STATUSES = frozenset({500, 502, 503, 504})
MAX_BODY = 1 << 20  # 1 MB: a contract answer is a few hundred bytes
MAX_LINE = 64 * 1024  # one SSE line
MAX_EVENT = 256 * 1024  # one SSE event's data


def _reason(exc: BaseException) -> Message | str:
    if isinstance(exc, httpx.TimeoutException | asyncio.TimeoutError):
        return Message("platform.timeout")
    if isinstance(exc, httpx.ConnectError):
        return Message("platform.refused")
    return error_words(exc)


class HttpPlatform(PlatformAdapter):
    """A platform that speaks the open contract at `base_url`."""

    # POST /link-ups carries the link-up's Idempotency-Key, and the contract (and the
    # rehearsal platform) answer a repeat with the first listing (Idempotent-Replayed):
    # sending it again after a crash lists it once.
    repeat_safe = True

    def __init__(
        self,
        base_url: str,
        token: SecretStr | None = None,
        timeout_s: float = 2.0,
        retry_budget_s: float = 5.0,
        name: str = "http",
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.name = name
        self._token = token
        self.timeout_s = timeout_s
        self.retry_budget_s = retry_budget_s
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._session_id = ""
        self._ended = False

    @property
    def session_id(self) -> str:
        return self._session_id

    # -- plumbing --------------------------------------------------------------------------
    async def open(self) -> None:
        if self._client is not None:
            return
        headers = {"Accept": "application/json", "User-Agent": "MerchantStudio"}
        if self._token:
            headers["Authorization"] = f"Bearer {self._token.reveal()}"
        self._client = httpx.AsyncClient(
            base_url=self.base_url,
            headers=headers,
            timeout=httpx.Timeout(self.timeout_s, connect=min(1.0, self.timeout_s)),
            limits=httpx.Limits(max_keepalive_connections=4, keepalive_expiry=60.0),
            transport=self._transport
            or httpx.AsyncHTTPTransport(
                # no Nagle delay on the small link-up request: it is the one that must be on time
                socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)],
            ),
            trust_env=False,  # no system proxy between the studio and a loopback platform
        )

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    @property
    def client(self) -> httpx.AsyncClient:
        if self._client is None:
            raise PlatformError(Message("platform.not_open"))
        return self._client

    async def _request(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        on_retry: RetryCallback | None = None,
    ) -> httpx.Response:
        """One call within the retry budget, the answer read whole (at most MAX_BODY).

        GET and PUT are idempotent, and so is a POST that carries an Idempotency-Key: those
        are retried. Any other POST (start a session, end it, take down) is sent once: a
        timeout there may have been done, and doing it twice opens two sessions.
        """
        budget = RetryBudget.within(
            self.retry_budget_s, Backoff(first_s=0.05, factor=2.0, cap_s=1.0, jitter=0.1)
        )
        assert budget.deadline is not None
        retryable = method in ("GET", "PUT", "DELETE") or "Idempotency-Key" in (headers or {})
        while True:
            left = budget.deadline - time.monotonic()
            try:
                # the budget bounds a slow body too, not only each read
                response = await asyncio.wait_for(
                    self._send(method, path, body, headers), max(0.05, left)
                )
            except (TimeoutError, httpx.TransportError) as exc:
                reason = _reason(exc)
                if not retryable and not isinstance(exc, httpx.ConnectError):
                    raise PlatformUnavailable(
                        Message("platform.no_answer", {"reason": reason})
                    ) from None
            except ResponseTooLarge:
                raise PlatformContractError(Message("platform.too_large")) from None
            else:
                if response.status_code not in RETRY_STATUSES:
                    self._raise_for(response)
                    return response
                reason = Message("platform.status", {"status": response.status_code})
            delay = budget.next_delay_s()
            attempt = budget.attempts
            if delay is None:
                raise PlatformUnavailable(
                    Message("platform.no_answer_retried", {"reason": reason, "attempts": attempt})
                )
            log.info("platform %s %s: %s; retry %d in %.2f s", method, path, reason, attempt, delay)
            if on_retry is not None:
                on_retry(attempt, reason)
            await asyncio.sleep(delay)

    async def _send(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None,
        headers: dict[str, str] | None,
    ) -> httpx.Response:
        """Send and read the answer, refusing one larger than MAX_BODY as it arrives."""
        request = self.client.build_request(method, path, json=body, headers=headers)
        return await send_capped(self.client, request)

    def _raise_for(self, response: httpx.Response) -> None:
        status = response.status_code
        if status < 400:
            return
        # the token is masked before the platform's words are cut: one echoed across the cut
        # would otherwise be half shown
        secrets = (self._token.reveal(),) if self._token else ()
        try:
            data = response.json()
            code = platform_text(redact(str(data.get("error", "")), secrets), 64)
            message = platform_text(redact(str(data.get("message", "")), secrets), 200)
        except (json.JSONDecodeError, AttributeError, UnicodeDecodeError):
            code, message = "", platform_text(redact(response.text, secrets), 200)
        if status in (401, 403):
            raise PlatformAuthError(Message("platform.bad_token"), status, code)
        if status == 404:
            raise PlatformNotFound(Message("platform.not_found", {"what": message}), status, code)
        known = {"sold_out", "session_ended", "not_listed", "limit_exceeded"}
        why: Message | str = Message(f"platform.rule.{code}") if code in known else message
        raise PlatformRejected(Message("platform.rejected", {"why": why}), status, code)

    @staticmethod
    def _json(response: httpx.Response) -> dict[str, Any]:
        try:
            data = response.json()
        except json.JSONDecodeError:
            raise PlatformContractError(Message("platform.not_json")) from None
        if not isinstance(data, dict):
            raise PlatformContractError(Message("platform.bad_shape"))
        return data

    def _path(self, tail: str = "") -> str:
        if not self._session_id:
            raise PlatformError(Message("platform.no_session"))
        return f"/v1/sessions/{self._session_id}{tail}"

    # -- the interface -----------------------------------------------------------------------
    async def round_trip_s(self) -> float | None:
        start = time.perf_counter()
        try:
            await self.client.get("/v1/health")
        except httpx.HTTPError:
            return None
        return time.perf_counter() - start

    async def start_session(self, title: str) -> SessionInfo:
        data = self._json(await self._request("POST", "/v1/sessions", {"title": title}))
        try:
            info = SessionInfo(
                str(data["session_id"]), str(data["title"]), float(data["started_at"])
            )
        except (KeyError, TypeError, ValueError):
            raise PlatformContractError(Message("platform.no_session_id")) from None
        self._session_id = info.session_id
        self._ended = False
        return info

    async def resume_session(self, session_id: str) -> None:
        self._session_id = session_id
        self._json(await self._request("GET", self._path()))

    async def end_session(self) -> None:
        if self._session_id:
            await self._request("POST", self._path("/end"))
        self._ended = True

    async def sync_products(self, products: Sequence[PlatformProduct]) -> int:
        body = {"products": [p.to_json() for p in products]}
        data = self._json(await self._request("PUT", self._path("/products"), body))
        return field(data, "count", int)

    async def link_up(
        self, request: LinkUpRequest, idempotency_key: str, on_retry: RetryCallback | None = None
    ) -> Listing:
        response = await self._request(
            "POST",
            self._path("/link-ups"),
            request.to_json(),
            headers={"Idempotency-Key": idempotency_key},
            on_retry=on_retry,
        )
        replayed = response.headers.get("Idempotent-Replayed", "").lower() == "true"
        return self._listing(response, replayed)

    def _listing(self, response: httpx.Response, replayed: bool = False) -> Listing:
        try:
            return Listing.from_json(self._json(response), replayed)
        except (KeyError, TypeError, ValueError):
            raise PlatformContractError(Message("platform.bad_listing")) from None

    async def take_down(self, product_id: str) -> Listing:
        return self._listing(
            await self._request("POST", self._path(f"/products/{product_id}/take-down"))
        )

    async def set_stock(self, product_id: str, stock: int) -> Listing:
        return self._listing(
            await self._request(
                "PUT", self._path(f"/products/{product_id}/stock"), {"stock": stock}
            )
        )

    async def events(self) -> AsyncIterator[PlatformEvent]:
        """Server-sent events, reconnecting with Last-Event-ID until the session ends."""
        last_id = 0
        backoff = Backoff(first_s=0.1, factor=2.0, cap_s=5.0)
        timeout = httpx.Timeout(5.0, read=35.0)  # keep-alives come every 10 s
        while not self._ended:
            try:
                async with self.client.stream(
                    "GET",
                    self._path("/events"),
                    headers={"Last-Event-ID": str(last_id)},
                    timeout=timeout,
                ) as response:
                    self._raise_for(response)
                    backoff.reset()
                    async for event in _parse_sse(_lines(response.aiter_bytes())):
                        last_id = max(last_id, event.event_id)
                        yield event
                        if event.type == "session_ended":
                            return
            except (PlatformAuthError, PlatformNotFound):
                raise
            except (httpx.TransportError, PlatformRejected) as exc:
                log.info("event stream dropped (%s); reconnecting", _reason(exc))
            if self._ended:
                return
            await asyncio.sleep(backoff.next_delay_s())


async def send_answered(
    client: httpx.AsyncClient, request: httpx.Request, wait_s: float, most: int = MAX_BODY
) -> httpx.Response:
    """`send_capped` within `wait_s`, its failures in the platform layer's terms: NotSent
    (refused: safe to send again), NoAnswer (timeout, reset: it may have been done), or
    PlatformContractError for an answer past `most`."""
    try:
        return await asyncio.wait_for(send_capped(client, request, most), wait_s)
    except httpx.ConnectError:
        raise NotSent(Message("platform.refused")) from None
    except (TimeoutError, httpx.TimeoutException):
        timeout = Message("platform.timeout")
        raise NoAnswer(Message("platform.no_answer", {"reason": timeout})) from None
    except httpx.TransportError as exc:
        log.info("no answer: %r", exc)
        raise NoAnswer(Message("platform.no_answer", {"reason": error_words(exc)})) from None
    except ResponseTooLarge:
        raise PlatformContractError(Message("platform.too_large")) from None


_T = TypeVar("_T")


def field(data: dict[str, Any], name: str, convert: Callable[[Any], _T]) -> _T:
    """One field of a platform answer, read through `convert`; a missing or unreadable one is
    a PlatformContractError that names it (never a KeyError ending the show)."""
    try:
        return convert(data[name])
    except (KeyError, TypeError, ValueError, OverflowError):
        raise PlatformContractError(Message("platform.bad_answer", {"field": name})) from None


class ResponseTooLarge(StudioError):
    """An answer past MAX_BODY."""


async def send_capped(
    client: httpx.AsyncClient, request: httpx.Request, most: int = MAX_BODY
) -> httpx.Response:
    """Send `request` and read its answer whole, refusing one larger than `most` bytes as it
    arrives (ResponseTooLarge): a platform's answer is bounded before it is in memory."""
    response = await client.send(request, stream=True)
    try:
        declared = int(response.headers.get("Content-Length") or 0)
        if declared > most:
            raise ResponseTooLarge(Message("platform.too_large"))
        chunks, size = [], 0
        async for chunk in response.aiter_raw():
            size += len(chunk)
            if size > most:
                raise ResponseTooLarge(Message("platform.too_large"))
            chunks.append(chunk)
    finally:
        await response.aclose()
    return httpx.Response(
        response.status_code,
        headers=response.headers,
        content=b"".join(chunks),
        request=request,
    )


class _Overlong:
    """A line past MAX_LINE: its bytes are skipped up to the next newline."""


async def _lines(chunks: AsyncIterator[bytes]) -> AsyncIterator[str | _Overlong]:
    """Lines of an SSE stream (\n, \r\n or \r), each at most MAX_LINE bytes: a longer one
    is skipped as it arrives and reported as `_Overlong`, so memory stays bounded. Each byte
    is looked at once and the buffer cut once per chunk: a chunk of many short lines costs
    its length, not its length times its lines."""
    buffer = bytearray()
    skipping = False
    async for chunk in chunks:
        buffer += chunk
        start, lf, cr = 0, -2, -2  # the next LF / CR at or after start; -1: none in the buffer
        while True:
            if lf != -1 and lf < start:
                lf = buffer.find(b"\n", start)
            if cr != -1 and cr < start:
                cr = buffer.find(b"\r", start)
            cut = min(lf, cr) if lf >= 0 and cr >= 0 else max(lf, cr)
            if cut < 0:
                if len(buffer) - start > MAX_LINE:
                    if not skipping:
                        yield _Overlong()
                    skipping = True
                    start = len(buffer)
                break
            if buffer[cut] == 13 and cut + 1 == len(buffer):
                break  # a CR at the chunk's end: wait to see whether an LF follows
            line = bytes(buffer[start:cut])
            crlf = buffer[cut] == 13 and cut + 1 < len(buffer) and buffer[cut + 1] == 10
            start = cut + (2 if crlf else 1)
            if skipping:
                skipping = False
                continue
            if len(line) > MAX_LINE:
                yield _Overlong()
                continue
            yield line.decode("utf-8", errors="replace")
        del buffer[:start]


async def _parse_sse(lines: AsyncIterator[str | _Overlong]) -> AsyncIterator[PlatformEvent]:
    """Events from SSE lines: each checked on its own, data bounded to MAX_EVENT (collected
    in a list, joined once). An event that is too large, not JSON or not an object comes out
    as an `invalid` event; the stream goes on."""
    event_id, size, broken = 0, 0, ""
    data: list[str] = []
    async for line in lines:
        if isinstance(line, _Overlong):
            broken = "line > 64 KB"
            continue
        if not line:
            if broken:
                yield PlatformEvent.invalid(event_id, "?", broken)
            elif data:
                try:
                    payload = json.loads("\n".join(data))
                except (json.JSONDecodeError, RecursionError):
                    yield PlatformEvent.invalid(event_id, "?", "not JSON")
                else:
                    if isinstance(payload, dict):
                        yield PlatformEvent.from_json(event_id, payload)
                    else:
                        yield PlatformEvent.invalid(event_id, "?", "not a JSON object")
            event_id, data, size, broken = 0, [], 0, ""
        elif line.startswith(":"):
            continue
        else:
            name, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if name == "id" and value.isdigit() and len(value) < 19:
                event_id = int(value)
            elif name == "data" and not broken:
                size += len(value) + 1
                if size > MAX_EVENT:
                    broken, data = "event > 256 KB", []
                else:
                    data.append(value)
