"""The built-in platform as a real HTTP server on loopback (Starlette on uvicorn).

It implements `studio/platform_api/openapi.yaml`, validating every request body against it,
stamps each call with its receive time before anything else runs, and streams events as
server-sent events. `RehearsalServer` runs it on a thread of the studio (or of a test);
`studio platform --port N` runs it alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import socket
import threading
import time
from collections.abc import AsyncIterator, Callable, MutableMapping
from typing import Any, TypeVar

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

from studio.platform_api.contract import problems
from studio.rehearsal.audience import Audience, AudienceSettings
from studio.rehearsal.rules import Listing, PlatformRuleError, RehearsalPlatform, Session

log = logging.getLogger(__name__)
T = TypeVar("T")
KEEPALIVE_S = 10.0
STOPPING_BODY = b'{"error": "unavailable", "message": "the rehearsal platform is stopping"}'


class _QuietStop(logging.Filter):
    """uvicorn's English line about requests cut short at a stop (a body sent halfway): those
    requests are answered 503 (`_ReceiptStamp`), and stopping is no error for the host."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Cancel %s running task(s)")


logging.getLogger("uvicorn.error").addFilter(_QuietStop())


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status_code=status)


class _ReceiptStamp:
    """Outermost ASGI layer: stamps the receive time and logs the call with its status.

    A request still running when the platform stops (a body sent halfway, uvicorn's graceful
    shutdown over) is answered 503 instead of ending in a traceback on the terminal."""

    def __init__(self, app: ASGIApp, platform: RehearsalPlatform) -> None:
        self.app, self.platform = app, platform
        self.stopping = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        received_at = time.time()
        scope.setdefault("state", {})["received_at"] = received_at
        status = 500
        started = False

        async def send_wrapper(message: MutableMapping[str, Any]) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                status, started = message["status"], True
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        except asyncio.CancelledError:
            if not self.stopping:
                raise
            if not started:  # nothing sent yet: say why the answer is cut short
                with contextlib.suppress(Exception):
                    await send(
                        {
                            "type": "http.response.start",
                            "status": 503,
                            "headers": [(b"content-type", b"application/json")],
                        }
                    )
                    await send({"type": "http.response.body", "body": STOPPING_BODY})
                status = 503
        finally:
            parts = scope["path"].split("/")
            if len(parts) > 3 and parts[1] == "v1" and parts[2] == "sessions":
                headers = dict(scope.get("headers") or [])
                key = headers.get(b"idempotency-key")
                self.platform.record_call(
                    parts[3],
                    {
                        "method": scope["method"],
                        "path": scope["path"],
                        "received_at": received_at,
                        "status": status,
                        "idempotency_key": key.decode("latin-1") if key else None,
                    },
                )


def create_app(
    platform: RehearsalPlatform,
    token: str | None = None,
    audience: AudienceSettings | None = None,
    on_loop: Callable[[asyncio.AbstractEventLoop], None] | None = None,
) -> ASGIApp:
    """The ASGI app. `token`: the bearer token to require (None accepts any caller)."""
    audiences = platform.audiences
    tasks: set[asyncio.Task[None]] = set()

    def _start_audience(session: Session) -> None:
        if audience is None:
            return
        crowd = Audience(platform, session, audience)
        audiences[session.session_id] = crowd
        task = asyncio.get_running_loop().create_task(crowd.run())
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    def _listed(session: Session, listing: Listing) -> None:
        crowd = audiences.get(session.session_id)
        if crowd is not None:
            crowd.on_listed(listing)

    platform.on_session_started.append(_start_audience)
    platform.on_listed.append(_listed)

    def authorised(request: Request) -> bool:
        if token is None:
            return True
        given = request.headers.get("authorization", "")
        return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())

    def endpoint(
        handler: Callable[[Request], Any], public: bool = False
    ) -> Callable[[Request], Any]:
        async def wrapped(request: Request) -> Response:
            if not public and not authorised(request):
                return _error(401, "unauthorized", "missing or wrong bearer token")
            try:
                result = handler(request)
                if asyncio.iscoroutine(result):
                    result = await result
                return result  # type: ignore[no-any-return]
            except PlatformRuleError as exc:
                return _error(exc.status, exc.code, exc.message)

        return wrapped

    async def body(request: Request, schema: str) -> dict[str, Any]:
        raw = await _read_body(request)
        try:
            value = json.loads(raw or b"null")
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise PlatformRuleError(400, "bad_request", f"body is not JSON: {exc}"[:200]) from None
        except RecursionError:
            raise PlatformRuleError(400, "bad_request", "body is nested too deeply") from None
        found = problems(schema, value)
        if found:  # each problem shortened: the body is never echoed back whole
            raise PlatformRuleError(400, "bad_request", "; ".join(p[:200] for p in found[:5]))
        assert isinstance(value, dict)
        return value

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok", "time": time.time(), "name": "rehearsal"})

    async def start_session(request: Request) -> Response:
        data = await body(request, "SessionStart")
        return JSONResponse(platform.start_session(data["title"]).to_json(), status_code=201)

    async def get_session(request: Request) -> Response:
        session = platform.session(request.path_params["session_id"])
        detail = session.to_json() | {
            "viewers": session.viewers,
            "products": [listing.to_json() for listing in session.listings.values()],
        }
        return JSONResponse(detail)

    async def end_session(request: Request) -> Response:
        session = platform.end_session(request.path_params["session_id"])
        crowd = audiences.pop(session.session_id, None)
        if crowd is not None:
            crowd.cancel()
        return JSONResponse(session.to_json())

    async def sync_products(request: Request) -> Response:
        data = await body(request, "ProductSync")
        count = platform.sync_products(request.path_params["session_id"], data["products"])
        return JSONResponse({"count": count})

    async def link_up(request: Request) -> Response:
        key = request.headers.get("idempotency-key", "")
        if not 8 <= len(key) <= 128:
            raise PlatformRuleError(
                400, "bad_request", "Idempotency-Key header (8-128 chars) is required"
            )
        data = await body(request, "LinkUpRequest")
        status, answer, replayed = await platform.link_up(
            request.path_params["session_id"], key, data, request.state.received_at
        )
        headers = {"Idempotent-Replayed": "true"} if replayed else {}
        return JSONResponse(answer, status_code=status, headers=headers)

    async def take_down(request: Request) -> Response:
        p = request.path_params
        return JSONResponse(platform.take_down(p["session_id"], p["product_id"]).to_json())

    async def set_stock(request: Request) -> Response:
        data = await body(request, "StockUpdate")
        p = request.path_params
        return JSONResponse(
            platform.set_stock(p["session_id"], p["product_id"], data["stock"]).to_json()
        )

    async def place_order(request: Request) -> Response:
        data = await body(request, "OrderRequest")
        order = platform.place_order(
            request.path_params["session_id"],
            data["buyer_id"],
            data["product_id"],
            data["quantity"],
        )
        return JSONResponse(order, status_code=201)

    async def calls(request: Request) -> Response:
        session = platform.session(request.path_params["session_id"])
        return JSONResponse({"calls": list(session.calls)})

    async def events(request: Request) -> Response:
        session = platform.session(request.path_params["session_id"])
        try:
            last = int(request.headers.get("last-event-id") or 0)
        except ValueError:
            raise PlatformRuleError(400, "bad_request", "Last-Event-ID must be a number") from None
        queue: asyncio.Queue[tuple[int, str, dict[str, Any]] | None] = asyncio.Queue()
        session.subscribers.add(queue)  # before the backlog is copied: no gap between them
        backlog = [e for e in session.events if e[0] > last]

        async def stream() -> AsyncIterator[str]:
            sent = last
            try:
                for event in backlog:
                    yield _sse(event)
                    sent = event[0]
                if session.ended_at is not None:
                    return
                while True:
                    try:
                        item = await asyncio.wait_for(queue.get(), KEEPALIVE_S)
                    except TimeoutError:
                        yield ": keep-alive\n\n"
                        continue
                    if item is None:
                        return
                    if item[0] > sent:
                        yield _sse(item)
                        sent = item[0]
            finally:
                session.subscribers.discard(queue)

        return StreamingResponse(
            stream(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"}
        )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if on_loop is not None:
            on_loop(asyncio.get_running_loop())
        try:
            yield
        finally:
            for crowd in audiences.values():
                crowd.cancel()
            for task in list(tasks):
                task.cancel()

    s = "/v1/sessions/{session_id}"
    routes = [
        Route("/v1/health", endpoint(health, public=True), methods=["GET"]),
        Route("/v1/sessions", endpoint(start_session), methods=["POST"]),
        Route(s, endpoint(get_session), methods=["GET"]),
        Route(s + "/end", endpoint(end_session), methods=["POST"]),
        Route(s + "/products", endpoint(sync_products), methods=["PUT"]),
        Route(s + "/link-ups", endpoint(link_up), methods=["POST"]),
        Route(s + "/products/{product_id}/take-down", endpoint(take_down), methods=["POST"]),
        Route(s + "/products/{product_id}/stock", endpoint(set_stock), methods=["PUT"]),
        Route(s + "/orders", endpoint(place_order), methods=["POST"]),
        Route(s + "/events", endpoint(events), methods=["GET"]),
        Route(s + "/calls", endpoint(calls), methods=["GET"]),
    ]

    async def not_found(request: Request, exc: Exception) -> Response:
        return _error(404, "not_found", f"no such endpoint: {request.method} {request.url.path}")

    async def not_allowed(request: Request, exc: Exception) -> Response:
        response = _error(405, "bad_request", f"{request.method} is not allowed here")
        response.headers.update(getattr(exc, "headers", None) or {})  # Allow: RFC 9110
        return response

    app = Starlette(
        routes=routes, lifespan=lifespan, exception_handlers={404: not_found, 405: not_allowed}
    )
    return _ReceiptStamp(app, platform)


MAX_BODY = 1 << 20  # 1 MB: 2,000 products in a sync are ~600 KB
BODY_TIMEOUT_S = 10.0  # a body sent halfway and then nothing
HEAD_TIMEOUT_S = 10.0  # a request head sent halfway and then nothing
KEEP_ALIVE_S = 30  # an idle connection; bounded in number by limit_concurrency


async def _read_body(request: Request) -> bytes:
    """The body, at most MAX_BODY, within BODY_TIMEOUT_S (413 and 408 otherwise)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        raise PlatformRuleError(413, "too_large", "body over 1 MB")
    chunks: list[bytes] = []
    size = 0

    async def read() -> None:
        nonlocal size
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_BODY:
                raise PlatformRuleError(413, "too_large", "body over 1 MB")
            chunks.append(chunk)

    try:
        await asyncio.wait_for(read(), BODY_TIMEOUT_S)
    except TimeoutError:
        raise PlatformRuleError(408, "timeout", "the body did not arrive in time") from None
    return b"".join(chunks)


class _BoundedH11(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with a deadline on request heads: a client that sends
    half a request and then nothing is closed after HEAD_TIMEOUT_S (uvicorn bounds only
    idle keep-alive connections). H11Protocol is uvicorn's internal class, with no public
    hook for this: pyproject.toml holds uvicorn to the minor this was written against."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head_timer: asyncio.TimerHandle | None = None
        self._arm_head_timer()

    def _arm_head_timer(self) -> None:
        if self._head_timer is None:
            self._head_timer = self.loop.call_later(HEAD_TIMEOUT_S, self._head_timeout)

    def _head_timeout(self) -> None:
        self._head_timer = None
        idle = self.cycle is None or self.cycle.response_complete
        if idle and not self.transport.is_closing():
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.cycle is not None and not self.cycle.response_complete:
            if self._head_timer is not None:  # a whole head arrived: the app takes over
                self._head_timer.cancel()
                self._head_timer = None
        else:
            self._arm_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
        super().connection_lost(exc)


def _sse(event: tuple[int, str, dict[str, Any]]) -> str:
    event_id, kind, data = event
    return f"id: {event_id}\nevent: {kind}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


class RehearsalServer:
    """The rehearsal platform served on a loopback port from a background thread."""

    def __init__(
        self,
        platform: RehearsalPlatform | None = None,
        port: int = 0,
        token: str | None = None,
        audience: AudienceSettings | None = None,
    ) -> None:
        self.platform = platform or RehearsalPlatform()
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.setsockopt(
            socket.IPPROTO_TCP, socket.TCP_NODELAY, 1
        )  # inherited by accepted sockets
        try:
            self._sock.bind(("127.0.0.1", port))
        except OSError:
            self._sock.close()  # the caller says why; no socket is left to the collector
            raise
        self.port = self._sock.getsockname()[1]
        self.loop: asyncio.AbstractEventLoop | None = None
        self._app = create_app(self.platform, token, audience, on_loop=self._set_loop)
        config = uvicorn.Config(
            self._app,
            log_level="warning",
            access_log=False,
            lifespan="on",
            timeout_graceful_shutdown=2,
            # longer than a client keeps an idle connection (httpx: 5 s, uvicorn's default
            # too): at equal times a request sent as the server hangs up meets a closed socket
            timeout_keep_alive=KEEP_ALIVE_S,
            http=_BoundedH11,
            limit_concurrency=200,  # a rehearsal has one studio; a flood gets 503, not memory
        )
        self._server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    def _set_loop(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout_s: float = 10.0) -> str:
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [self._sock]},
            name="rehearsal-platform",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + timeout_s
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the rehearsal platform did not start")
            time.sleep(0.01)
        return self.url

    def call(self, fn: Callable[[], T], timeout_s: float = 5.0) -> T:
        """Run `fn` on the server's loop (the platform is not thread-safe) and return its result."""
        assert self.loop is not None
        done = threading.Event()
        box: list[Any] = []

        def run() -> None:
            try:
                box.append((True, fn()))
            except BaseException as exc:  # handed back to the caller's thread
                box.append((False, exc))
            done.set()

        self.loop.call_soon_threadsafe(run)
        if not done.wait(timeout_s):
            raise TimeoutError("the rehearsal platform did not answer")
        ok, value = box[0]
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

    def _end_streams(self) -> None:
        for session in self.platform.sessions.values():
            for queue in list(session.subscribers):
                queue.put_nowait(None)

    def stop(self) -> None:
        if self._thread is None:
            self._sock.close()
            return
        if self.loop is not None and self._thread.is_alive():
            with contextlib.suppress(RuntimeError):
                self.loop.call_soon_threadsafe(self._end_streams)
        if isinstance(self._app, _ReceiptStamp):
            self._app.stopping = True
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._sock.close()
        self._thread = None

    def __enter__(self) -> RehearsalServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
