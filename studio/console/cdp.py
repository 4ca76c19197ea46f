"""A thin Chrome DevTools Protocol client over `websockets` (no Playwright: nothing to bundle).

One WebSocket to the browser; pages are reached through flattened target sessions
(`Target.attachToTarget {flatten: true}`), so every command carries the `sessionId` of its
page. Every call has a deadline and every message a size bound: a browser that hangs or
sends too much is a `CdpError`, never a studio that waits forever.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
from collections.abc import Callable
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException

from studio.core.errors import StudioError
from studio.core.messages import Message, platform_text

log = logging.getLogger(__name__)

MAX_MESSAGE = 8 << 20  # one CDP message (a goods list of hundreds of items is ~100 KB)
CALL_TIMEOUT_S = 5.0
Listener = Callable[[str, dict[str, Any]], None]  # (method, params)


class CdpError(StudioError):
    """The browser did not answer, answered with an error, or the connection is gone."""


class CdpClosed(CdpError):
    """The connection to the browser is gone (the browser was closed or crashed)."""


class Cdp:
    """One DevTools connection: `call` and event listeners per session ("" is the browser)."""

    def __init__(self, ws: ClientConnection) -> None:
        self._ws = ws
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._listeners: dict[str, list[Listener]] = {}
        self.closed = asyncio.Event()
        self._reader = asyncio.get_running_loop().create_task(self._read())

    @classmethod
    async def connect(cls, url: str, timeout_s: float = CALL_TIMEOUT_S) -> Cdp:
        try:
            ws = await connect(
                url,
                max_size=MAX_MESSAGE,
                open_timeout=timeout_s,
                ping_interval=None,  # the browser is local; a dead one closes the socket
                close_timeout=1.0,
                proxy=None,  # a system proxy must never see the loopback DevTools port
            )
        except (OSError, WebSocketException, TimeoutError) as exc:
            log.debug("cannot connect to the browser: %s", type(exc).__name__)
            raise CdpError(Message("browser.no_connect")) from None
        return cls(ws)

    def listen(self, session: str, listener: Listener) -> Callable[[], None]:
        """Events of `session` go to `listener`; returns a function that stops them."""
        self._listeners.setdefault(session, []).append(listener)

        def stop() -> None:
            with contextlib.suppress(ValueError):
                self._listeners.get(session, []).remove(listener)

        return stop

    async def call(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        session: str = "",
        timeout_s: float = CALL_TIMEOUT_S,
    ) -> dict[str, Any]:
        if self.closed.is_set():
            raise CdpClosed(Message("browser.closed"))
        call_id = next(self._ids)
        message: dict[str, Any] = {"id": call_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[call_id] = future
        try:
            try:
                await asyncio.wait_for(self._ws.send(json.dumps(message)), timeout_s)
            except (WebSocketException, OSError):
                raise CdpClosed(Message("browser.closed")) from None
            try:
                return await asyncio.wait_for(future, timeout_s)
            except TimeoutError:
                log.debug("%s: no answer in %.0f s", method, timeout_s)
                raise CdpError(Message("browser.no_answer", {"s": f"{timeout_s:.0f}"})) from None
        finally:
            self._waiting.pop(call_id, None)

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self._ws.close(), 2.0)
        self._reader.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await self._reader
        self._closed()

    def _closed(self) -> None:
        self.closed.set()
        for future in self._waiting.values():
            if not future.done():
                future.set_exception(CdpClosed(Message("browser.closed")))

    async def _read(self) -> None:
        try:
            async for raw in self._ws:
                try:
                    data = json.loads(raw)
                except (ValueError, TypeError):
                    continue
                if not isinstance(data, dict):
                    continue
                self._dispatch(data)
        except (WebSocketException, OSError) as exc:
            log.debug("browser connection ended: %s", type(exc).__name__)
        finally:
            self._closed()

    def _dispatch(self, data: dict[str, Any]) -> None:
        call_id = data.get("id")
        if isinstance(call_id, int):
            future = self._waiting.get(call_id)
            if future is None or future.done():
                return
            error = data.get("error")
            if isinstance(error, dict):
                words = platform_text(error.get("message", "error"), 200)
                future.set_exception(CdpError(Message("browser.refused", {"text": words})))
            else:
                result = data.get("result")
                future.set_result(result if isinstance(result, dict) else {})
            return
        method, params = data.get("method"), data.get("params")
        if not isinstance(method, str) or not isinstance(params, dict):
            return
        session = data.get("sessionId", "")
        for listener in list(self._listeners.get(str(session), ())):
            try:
                listener(method, params)
            except Exception:  # one listener's bug never stops the connection
                log.exception("CDP listener failed on %s", method)
