"""A local stand-in for Kuaishou's live open API, on a real HTTP server on 127.0.0.1.

A test double: open.kuaishou.com cannot be reached from here. It follows the API as Kuaishou's
video team publishes it (github.com/KwaiVideoTeam/kuaishou-liveopen-api, README § 六):
`POST /openapi/kwaiUser/live/pushUrls` (app_id, access_token, bizId in the query; a multipart
body with `file`, `caption`, `shopLive`; `{"result": 0, "content": {"pushUrl",
"liveStreamName"}}`), `POST /openapi/kwaiUser/live/stopPush`, and its result codes.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class FakeKuaishou:
    app_id: str = "ks123456789"
    token: str = "ChFvYXV0aC5hY2Nlc3NUb2tlbhJg-user-token"
    ingest: str = "rtmp://127.0.0.1:1935/gifshow"
    refuse_with: int = 0  # a result code to answer pushUrls with
    calls: list[dict[str, Any]] = field(default_factory=list)
    streams: dict[str, str] = field(default_factory=dict)  # stream name → state

    def handle(self, path: str, query: dict[str, str], form: dict[str, Any]) -> dict[str, Any]:
        self.calls.append({"path": path, "query": query, "form": form})
        if query.get("app_id") != self.app_id:
            return {"result": 200100, "content": None, "hostName": "test"}
        if query.get("access_token") != self.token:
            return {"result": 200102, "content": None, "hostName": "test"}
        if path == "/openapi/kwaiUser/live/pushUrls":
            if self.refuse_with:
                return {"result": self.refuse_with, "content": None, "hostName": "test"}
            cover = form.get("file", b"")
            if not isinstance(cover, bytes) or not cover or len(cover) > 2 * 1024 * 1024:
                return {"result": 400014, "content": None, "hostName": "test"}
            name = f"ks{len(self.streams) + 1:04d}"
            self.streams[name] = "LIVE_NOT_START"
            url = f"{self.ingest}/{name}?sign=5ec76836-4fe4a1832d999f29{len(self.streams)}"
            return {
                "result": 0,
                "content": {"pushUrl": url, "liveStreamName": name},
                "hostName": "t",
            }
        if path == "/openapi/kwaiUser/live/stopPush":
            name = query.get("liveStreamName", "")
            if name not in self.streams:
                return {"result": 400005, "content": None, "hostName": "test"}
            self.streams[name] = "LIVE_END"
            return {"result": 0, "hostName": "test"}
        return {"result": 400001, "content": None, "hostName": "test"}


class KuaishouServer:
    def __init__(self, fake: FakeKuaishou | None = None) -> None:
        self.fake = fake or FakeKuaishou()
        fake_, lock = self.fake, threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(min(length, 4 << 20))
                form: dict[str, Any] = {}
                kind = self.headers.get("Content-Type", "")
                if kind.startswith("multipart/form-data"):
                    message = BytesParser(policy=HTTP).parsebytes(
                        f"Content-Type: {kind}\r\n\r\n".encode() + raw
                    )
                    for part in message.iter_parts():
                        name = part.get_param("name", header="content-disposition")
                        payload = part.get_payload(decode=True)
                        form[str(name)] = payload if part.get_filename() else payload.decode()
                        if part.get_filename():
                            form[f"{name}.filename"] = part.get_filename()
                            form[f"{name}.type"] = part.get_content_type()
                with lock:
                    answer = fake_.handle(parts.path, query, form)
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> KuaishouServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)
