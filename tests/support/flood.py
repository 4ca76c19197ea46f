"""A platform that floods its event stream: the open contract's few calls a headless show
makes without link-ups, on a real HTTP server on 127.0.0.1, and `/events` sending as fast as
the socket takes them `valid` comment events mixed with `garbage` (lines that are not JSON,
objects that are not events), then keep-alives until the show ends.

A test double: a hostile or broken platform cannot be made from the rehearsal platform,
whose events are always good. What it sends is counted, so a test can say how many valid
events the show should have taken.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GARBAGE = (
    b"data: {not json at all\n\n",
    b'data: {"type": "viewers", "viewers": "many"}\n\n',
    b"data: [1, 2, 3]\n\n",
    b'data: {"type": "order", "product_id": "A1", "quantity": -4}\n\n',
)


class FloodPlatform:
    """Serves one session; `/events` sends `valid` comments, each after `garbage_per_valid`
    garbage events, in chunks of `per_chunk` events. A context manager."""

    def __init__(self, valid: int = 20_000, garbage_per_valid: int = 4, per_chunk: int = 500):
        self.valid, self.garbage_per_valid, self.per_chunk = valid, garbage_per_valid, per_chunk
        self.sent_valid = 0
        self.sent_garbage = 0
        self.flood_done = threading.Event()
        self.streaming = threading.Event()  # the show asked for the event stream
        self.ended = threading.Event()
        flood = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _json(self, data: object, status: int = 200) -> None:
                body = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _body(self) -> object:
                length = int(self.headers.get("Content-Length") or 0)
                return json.loads(self.rfile.read(length) or b"{}")

            def do_GET(self) -> None:
                if self.path == "/v1/health":
                    self._json({"ok": True})
                elif self.path.endswith("/events"):
                    self._events()
                else:
                    self._json({"session_id": "flood", "title": "flood", "started_at": 0.0})

            def do_POST(self) -> None:
                self._body()
                if self.path == "/v1/sessions":
                    self._json({"session_id": "flood", "title": "洪水", "started_at": time.time()})
                else:
                    if self.path.endswith("/end"):
                        flood.ended.set()
                    self._json({})

            def do_PUT(self) -> None:
                body = self._body()
                products = body.get("products", []) if isinstance(body, dict) else []
                self._json({"count": len(products)})

            def _events(self) -> None:
                flood.streaming.set()
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                try:
                    if not flood.flood_done.is_set():
                        flood._flood(self.wfile)
                        flood.flood_done.set()
                    while not flood.ended.wait(1.0):
                        self.wfile.write(b": keep-alive\n\n")
                        self.wfile.flush()
                except ConnectionError:
                    return

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def _flood(self, out: object) -> None:
        chunk: list[bytes] = []
        event_id = 0
        for n in range(self.valid):
            for g in range(self.garbage_per_valid):
                event_id += 1
                chunk.append(b"id: %d\n" % event_id + GARBAGE[(n + g) % len(GARBAGE)])
                self.sent_garbage += 1
            event_id += 1
            comment = {"type": "comment", "user": f"观众{n}", "text": f"第 {n} 条", "at": 1.0}
            chunk.append(b"id: %d\ndata: %s\n\n" % (event_id, json.dumps(comment).encode()))
            self.sent_valid += 1
            if len(chunk) >= self.per_chunk:
                out.write(b"".join(chunk))  # type: ignore[attr-defined]
                chunk.clear()
        out.write(b"".join(chunk))  # type: ignore[attr-defined]
        out.flush()  # type: ignore[attr-defined]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> FloodPlatform:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.ended.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=10)
