"""A local stand-in for Volcengine enterprise live's OpenAPI, on a real HTTP server on 127.0.0.1.

A test double: livesaas.volcengineapi.com cannot be reached from here. It follows the
published pages: ExplainProduct (volcengine.com/docs/3019/1253474: POST ?Action=
ExplainProduct&Version=2023-08-01, body ActivityId, ProductId, ExplainStatus,
FloatingStatus; `Result.Status`), and the signature (volcengine.com/docs/6469/1121980 签名机制):
it recomputes the request's signature from the raw request, the way the service does, and
answers SignatureDoesNotMatch when it differs.
"""

from __future__ import annotations

import calendar
import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit


@dataclass
class FakeVolc:
    access_key: str = "AKLTtestaccesskey0001"
    secret_key: str = "TmpoaU1qazFOVGd0c2VjcmV0"
    activity_id: int = 1779171580
    cards: set[int] = field(default_factory=lambda: {4946, 4947})
    busy_next: int = 0  # answer this many calls with FlowLimitExceeded
    calls: list[dict[str, Any]] = field(default_factory=list)
    explaining: dict[int, int] = field(default_factory=dict)  # card → ExplainStatus

    def expected_signature(self, method: str, path: str, query: str, headers: dict[str, str],
                           signed: str, body: bytes, scope: str) -> str:  # fmt: skip
        pairs = sorted(parse_qsl(query, keep_blank_values=True))
        canonical_query = "&".join(
            f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in pairs
        )
        names = signed.split(";")
        canonical_headers = "".join(f"{n}:{headers.get(n, '').strip()}\n" for n in names)
        canonical = "\n".join(
            [method, path, canonical_query, canonical_headers, signed,
             hashlib.sha256(body).hexdigest()]
        )  # fmt: skip
        x_date = headers.get("x-date", "")
        to_sign = (
            f"HMAC-SHA256\n{x_date}\n{scope}\n" + hashlib.sha256(canonical.encode()).hexdigest()
        )
        short, region, service, _ = scope.split("/")
        key = self.secret_key.encode()
        for part in (short, region, service, "request"):
            key = hmac.new(key, part.encode(), hashlib.sha256).digest()
        return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()

    def handle(
        self, method: str, target: str, headers: dict[str, str], body: bytes
    ) -> dict[str, Any]:
        parts = urlsplit(target)
        query = dict(parse_qsl(parts.query))
        meta = {
            "RequestId": "test",
            "Action": query.get("Action", ""),
            "Version": query.get("Version", ""),
            "Service": "livesaas",
            "Region": "cn-north-1",
        }

        def error(code: str, message: str) -> dict[str, Any]:
            return {"ResponseMetadata": meta | {"Error": {"Code": code, "Message": message}}}

        auth = headers.get("authorization", "")
        try:
            credential = auth.split("Credential=")[1].split(",")[0]
            signed = auth.split("SignedHeaders=")[1].split(",")[0].strip()
            signature = auth.split("Signature=")[1].strip()
        except IndexError:
            return error("MissingAuthenticationToken", "no Authorization")
        ak, _, scope = credential.partition("/")
        if ak != self.access_key:
            return error("InvalidAccessKey", "the access key is not valid")
        x_date = headers.get("x-date", "")
        at = calendar.timegm(time.strptime(x_date, "%Y%m%dT%H%M%SZ")) if x_date else 0
        if abs(at - time.time()) > 900:
            return error("InvalidTimestamp", "the X-Date is out of range")
        if headers.get("x-content-sha256") != hashlib.sha256(body).hexdigest():
            return error("SignatureDoesNotMatch", "payload hash")
        expected = self.expected_signature(
            method, parts.path or "/", parts.query, headers, signed, body, scope
        )
        if not hmac.compare_digest(expected, signature):
            return error("SignatureDoesNotMatch", "the signature does not match")
        self.calls.append({"action": query.get("Action"), "body": json.loads(body or b"{}")})
        if query.get("Action") != "ExplainProduct" or query.get("Version") != "2023-08-01":
            return error("InvalidActionOrVersion", "no such action")
        if self.busy_next:
            self.busy_next -= 1
            return error("FlowLimitExceeded", "too many requests")
        data = self.calls[-1]["body"]
        if data.get("ActivityId") != self.activity_id:
            return error("InvalidParameter.ActivityId", "直播间不存在")
        if data.get("ProductId") not in self.cards:
            return error("InvalidParameter.ProductId", "商品卡片不存在")
        self.explaining[data["ProductId"]] = data.get("ExplainStatus", 0)
        return {"ResponseMetadata": meta, "Result": {"Status": True}}


class VolcServer:
    def __init__(self, fake: FakeVolc | None = None) -> None:
        self.fake = fake or FakeVolc()
        fake_, lock = self.fake, threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(min(length, 1 << 20))
                headers = {k.lower(): v for k, v in self.headers.items()}
                with lock:
                    answer = fake_.handle("POST", self.path, headers, body)
                data = json.dumps(answer, ensure_ascii=False).encode()
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

    def __enter__(self) -> VolcServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)
