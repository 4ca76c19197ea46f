"""A platform that misbehaves: bad events, endless lines, dripping or huge answers.

The server is a real TCP server on loopback that writes whatever bytes a test gives it, as a
broken or hostile platform would; the adapter must answer each with a clear failure or skip
the one bad event, and never hang, grow without bound or stop following the show.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest

from studio.platform_api.errors import PlatformContractError, PlatformUnavailable
from studio.platform_api.http import MAX_EVENT, HttpPlatform, _lines, _parse_sse
from studio.platform_api.models import PlatformEvent

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


async def _events(*chunks: bytes) -> list[PlatformEvent]:
    async def source() -> AsyncIterator[bytes]:
        for chunk in chunks:
            yield chunk

    return [e async for e in _parse_sse(_lines(source()))]


def _sse(event_id: int, payload: object) -> bytes:
    return f"id: {event_id}\ndata: {json.dumps(payload)}\n\n".encode()


def test_one_bad_event_is_skipped_and_the_rest_still_count() -> None:
    events = asyncio.run(
        _events(
            _sse(1, {"type": "viewers", "viewers": "many", "at": 1.0}),
            _sse(2, {"type": "order", "product_id": "A", "quantity": 1, "amount_fen": 1e20}),
            _sse(3, {"type": "order", "product_id": "A", "quantity": 1, "amount_fen": 1990}),
            b"id: 4\r\ndata: {not json\r\n\r\n",
            _sse(5, [1, 2]),
            _sse(6, {"type": "viewers", "viewers": 120, "at": 2.0}),
        )
    )
    kinds = [(e.event_id, e.type) for e in events]
    assert kinds == [
        (1, "invalid"),
        (2, "invalid"),
        (3, "order"),
        (4, "invalid"),
        (5, "invalid"),
        (6, "viewers"),
    ]
    assert "viewers" in events[0].text and "amount_fen" in events[1].text
    assert events[2].amount_fen == 1990 and events[5].viewers == 120


def test_an_endless_line_and_endless_data_are_bounded() -> None:
    endless_line = b"data: " + b"x" * (5 * 1024 * 1024)  # 5 MB with no newline yet
    many_data = b"".join(b"data: " + b"y" * 1000 + b"\n" for _ in range(2000))  # 2 MB event
    events = asyncio.run(
        _events(
            endless_line[: 1 << 20],
            endless_line[1 << 20 :],
            b"\n\n",
            many_data,
            b"\n",
            _sse(9, {"type": "comment", "text": "还在吗", "user": "u", "at": 3.0}),
        )
    )
    assert [e.type for e in events] == ["invalid", "invalid", "comment"]
    assert "64 KB" in events[0].text and "256 KB" in events[1].text
    assert MAX_EVENT == 256 * 1024


def test_lines_split_across_chunks_and_crlf_split_across_chunks() -> None:
    events = asyncio.run(
        _events(b"id: 7\r", b'\ndata: {"type": "vie', b'wers", "viewers": 3}\r', b"\n\r\n")
    )
    assert [(e.event_id, e.type, e.viewers) for e in events] == [(7, "viewers", 3)]


class RawServer:
    """A TCP server on 127.0.0.1 that answers each connection with `handler`."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.connections = 0

    async def __aenter__(self) -> str:
        async def on_connect(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            self.connections += 1
            try:
                await reader.readuntil(b"\r\n\r\n")
                await self.handler(reader, writer)
            except (ConnectionError, asyncio.IncompleteReadError):
                pass
            finally:
                writer.close()

        self.server = await asyncio.start_server(on_connect, "127.0.0.1", 0)
        port = self.server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    async def __aexit__(self, *exc: object) -> None:
        self.server.close()
        await self.server.wait_closed()


def test_a_dripping_answer_is_bounded_by_the_budget_and_not_resent() -> None:
    async def drip(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"HTTP/1.1 201 Created\r\nContent-Length: 100\r\n\r\n{")
        for _ in range(100):  # one byte a second: each read is quick, the whole is not
            await writer.drain()
            await asyncio.sleep(1)
            writer.write(b" ")

    async def run() -> tuple[BaseException | None, int]:
        raw = RawServer(drip)
        async with raw as url:
            platform = HttpPlatform(url, timeout_s=2.0, retry_budget_s=1.5)
            await platform.open()
            try:
                await platform.start_session("场次")
            except BaseException as exc:
                error: BaseException | None = exc
            else:
                error = None
            await platform.close()
            return error, raw.connections

    error, connections = asyncio.run(run())
    assert isinstance(error, PlatformUnavailable) and "没有响应" in str(error)
    assert connections == 1  # starting a session is not idempotent: never sent twice


def test_a_huge_answer_is_refused_as_it_arrives() -> None:
    async def huge(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunk = b"x" * 65536
        for _ in range(16 * 1024):  # 1 GB if read whole
            writer.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            await writer.drain()

    async def run() -> BaseException | None:
        async with RawServer(huge) as url:
            platform = HttpPlatform(url, timeout_s=5.0, retry_budget_s=30.0)
            await platform.open()
            platform._session_id = "s1"
            try:
                await platform.sync_products([])
            except BaseException as exc:
                return exc
            finally:
                await platform.close()
        return None

    error = asyncio.run(run())
    assert isinstance(error, PlatformContractError) and "1 MB" in str(error)


@pytest.mark.parametrize("received_at", ["soon", 1e300, None, float("nan")])
def test_a_listing_with_a_time_that_is_not_one_still_counts_as_listed(
    received_at: object,
) -> None:
    from studio.platform_api.models import Listing

    data = {"product_id": "A", "status": "listed", "stock": 5, "received_at": received_at}
    listing = Listing.from_json(data)
    assert listing.status == "listed" and listing.received_at is None


@pytest.mark.parametrize("answer", [b'{"ok": true}', b'{"count": "many"}', b'{"count": null}'])
def test_a_sync_answer_without_a_count_is_said_in_words(answer: bytes) -> None:
    """`{"ok": true}` with no count: a contract error naming the field, not a KeyError."""

    async def reply(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(answer), answer))
        await writer.drain()

    async def run() -> BaseException | None:
        async with RawServer(reply) as url:
            platform = HttpPlatform(url, timeout_s=5.0, retry_budget_s=5.0)
            await platform.open()
            platform._session_id = "s1"
            try:
                await platform.sync_products([])
            except BaseException as exc:
                return exc
            finally:
                await platform.close()
        return None

    error = asyncio.run(run())
    assert isinstance(error, PlatformContractError)
    assert "count" in str(error) and "KeyError" not in str(error)


@pytest.mark.parametrize("start", [0, 180, 190, 196, 230])
def test_a_refusal_echoing_the_token_never_shows_part_of_it(start: int) -> None:
    """The platform's words are cut to 200 characters after the token is masked."""
    from studio.core.destination import SecretStr
    from studio.platform_api.errors import PlatformRejected

    token = "TOKENLEAK0123456789abc"
    said = "x" * start + token + " is not allowed here"
    body = json.dumps({"error": "bad_request", "message": said}).encode()

    async def reply(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = b"HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n"
        writer.write(head + b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        await writer.drain()

    async def run() -> BaseException | None:
        async with RawServer(reply) as url:
            platform = HttpPlatform(url, token=SecretStr(token), timeout_s=5.0)
            await platform.open()
            platform._session_id = "s1"
            try:
                await platform.sync_products([])
            except BaseException as exc:
                return exc
            finally:
                await platform.close()
        return None

    error = asyncio.run(run())
    assert isinstance(error, PlatformRejected)
    text = str(error)
    assert not [token[i : i + 6] for i in range(len(token) - 5) if token[i : i + 6] in text]
