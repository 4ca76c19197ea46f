"""Doubles of the platforms' live consoles, served on 127.0.0.1 by a real HTTP server.

Test doubles: the real consoles (抖店, 巨量百应, 快手小店, 淘宝直播, 视频号) cannot be reached
from here and need a merchant's account. Each page (<platform>.html) reproduces its
console's structure as resources/consoles/<platform>.json describes it, and its comment
cites the public source of that structure; double.js holds what they share: a person's
click on 讲解 turns the button into 取消讲解 (after `slow_ms`), a script's click does nothing;
which product is in 讲解 is kept by the server, as a real console's is (a reload shows it).

Knobs (`ConsoleDouble.knobs`, read by the page at each load): logged_in, live, changed
(the goods list moved: a console that changed), missing (a goods id not in the list),
explaining (a goods id already in 讲解), slow_ms, reload_on_click. Commands reach an open
page within ~50 ms: `reload()`, `comments(rows)`, `flood(n)`. Every click the page sees is
recorded in `clicks` (with whether it was a person's, `trusted`).
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

HERE = Path(__file__).parent
GOODS = [
    {"id": "3601000001", "title": "高山红富士苹果 5斤装", "index": 1},
    {"id": "3601000002", "title": "农家土鸡蛋 30枚", "index": 2},
    {"id": "3601000003", "title": "五常稻花香大米 10斤", "index": 3},
]


class ConsoleDouble:
    """The server and its state; tests change `knobs` (under `lock`) and send commands."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.knobs: dict[str, Any] = {
            "logged_in": True,
            "live": True,
            "changed": False,
            "missing": "",
            "explaining": "",
            "slow_ms": 0,
            "reload_on_click": False,
            "account": "某某农场",
            "goods": [dict(g) for g in GOODS],
        }
        self.commands: list[dict[str, Any]] = []
        self.clicks: list[dict[str, Any]] = []
        self.loads: list[str] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def url(self, platform: str) -> str:
        return f"{self.origin}/{platform}.html"

    def start(self) -> ConsoleDouble:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    def set(self, **knobs: Any) -> None:
        with self.lock:
            self.knobs.update(knobs)

    def _command(self, command: dict[str, Any]) -> None:
        with self.lock:
            self.commands.append(command)

    def reload(self) -> None:
        self._command({"op": "reload"})

    def comments(self, rows: list[tuple[str, str]]) -> None:
        self._command({"op": "comments", "rows": [list(r) for r in rows]})

    def flood(self, count: int) -> None:
        self._command({"op": "flood", "count": count})

    def person_clicks(self, words: str | None = None) -> list[dict[str, Any]]:
        with self.lock:
            return [
                c for c in self.clicks if c["trusted"] and (words is None or c["words"] == words)
            ]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        double = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _send(self, body: bytes, kind: str, status: int = 200) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                if parts.path == "/knobs.js":
                    with double.lock:
                        knobs = dict(double.knobs, control_next=len(double.commands))
                    body = f"window.KNOBS = {json.dumps(knobs, ensure_ascii=False)};"
                    self._send(body.encode(), "text/javascript; charset=utf-8")
                    return
                if parts.path == "/control":
                    since = int(parse_qs(parts.query).get("since", ["0"])[0] or 0)
                    with double.lock:
                        commands = double.commands[since:]
                        answer = {"next": len(double.commands), "commands": commands}
                    self._send(json.dumps(answer).encode(), "application/json")
                    return
                name = parts.path.lstrip("/")
                file = HERE / name
                if "/" in name or not file.is_file() or file.suffix not in (".html", ".js"):
                    self._send(b"not found", "text/plain", 404)
                    return
                if file.suffix == ".html":
                    with double.lock:
                        double.loads.append(name)
                kind = "text/html" if file.suffix == ".html" else "text/javascript"
                self._send(file.read_bytes(), kind + "; charset=utf-8")

            def do_POST(self) -> None:
                length = min(int(self.headers.get("Content-Length") or 0), 1 << 16)
                try:
                    data = json.loads(self.rfile.read(length) or b"{}")
                except ValueError:
                    data = {}
                if self.path == "/clicked" and isinstance(data, dict):
                    with double.lock:
                        double.clicks.append(data)
                if self.path == "/explaining" and isinstance(data, dict):
                    with double.lock:  # a reload shows what the console's server knows
                        double.knobs["explaining"] = str(data.get("id", ""))
                self._send(b"{}", "application/json")

        return Handler
