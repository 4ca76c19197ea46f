"""A local stand-in for WeChat's mini-program live API, on a real HTTP server on 127.0.0.1.

A test double: the real api.weixin.qq.com cannot be reached from here. It follows WeChat's
published documentation (developers.weixin.qq.com, 小程序 › 服务端 API), field names,
methods and errcodes as written there:

- getStableAccessToken `POST /cgi-bin/stable_token` and getAccessToken `GET /cgi-bin/token`
  (/miniprogram/dev/server/API/mp-access-token/api_getstableaccesstoken.html,
  /miniprogram/dev/server/API/mp-access-token/api_getaccesstoken.html): 40013 for a wrong
  appid, 40125 for a wrong secret; 40001 / 42001 for a token that is wrong / expired.
- getPushUrl `GET /wxaapi/broadcast/room/getpushurl` (…/studio-management/api_getpushurl.html):
  `pushAddr` in the documented shape rtmp://HOST/live/APPID-ROOM?txSecret=…&txTime=…, with
  the host pointed at a local ingest.
- getLiveInfo `POST /wxa/business/getliveinfo` (…/studio-management/api_getliveinfo.html):
  `room_info[]` with `roomid`, `live_status`, `goods[].goods_id`, paged by start/limit.
- SaleGoods `POST /wxaapi/broadcast/goods/onsale` (…/studio-management/api_salegoods.html):
  300022, 300024, 300049 while a push runs.
- pushGoods `POST /wxaapi/broadcast/goods/push` (…/studio-management/api_pushgoods.html):
  300047 while another push runs, 300052 off sale, 300053 not in the room.

Every call is recorded with its receive time, so tests can say when a push landed and that
it landed once.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Room:
    room_id: int
    goods: dict[int, bool] = field(default_factory=dict)  # goods id → on sale
    live_status: int = 102  # 102: not started (101 live, 103 ended, ...)
    name: str = "直播间"


@dataclass
class Call:
    method: str
    path: str
    body: dict[str, Any]
    query: dict[str, str]
    received_at: float
    errcode: int = 0
    answered_at: float = 0.0


class FakeWeChat:
    """The server's state and behaviour; tests change it between calls (under `lock`)."""

    def __init__(self, appid: str = "wx1234567890abcdef", secret: str = "s3cr3t-app-secret"):
        self.appid, self.secret = appid, secret
        self.rooms: dict[int, Room] = {}
        self.tokens: dict[str, float] = {}  # token → expiry (time.time)
        self.expires_in = 7200
        self.calls: list[Call] = []
        self.lock = threading.Lock()
        self.push_runs_s = 0.0  # how long a push keeps the room busy (300047 / 300049)
        self.busy_until = 0.0
        self.busy_next: list[int] = []  # errcodes to answer the next goods calls with
        self.drop_next_push = False  # take the next push, then close without answering
        self.push_urls: list[str] = []  # every pushAddr handed out
        self.refuse_push: dict[int, int] = {}  # goods id → errcode its pushes are answered with
        self.refusal_words = "refused"  # the errmsg of those answers
        self.stable_token_served = True
        self.liveinfo_served = True
        self.ingest = "rtmp://127.0.0.1:1935/live"
        # cleared: a push is recorded (and done) but its answer waits until this is set, so a
        # test can end the studio while its push is in flight
        self.answer_pushes = threading.Event()
        self.answer_pushes.set()
        self._issued = 0

    # -- what tests read -------------------------------------------------------------------
    def calls_to(self, tail: str) -> list[Call]:
        with self.lock:
            return [c for c in self.calls if c.path.endswith(tail)]

    def invalidate_tokens(self) -> None:
        with self.lock:
            self.tokens.clear()

    # -- the API ---------------------------------------------------------------------------
    def handle(self, method: str, path: str, query: dict[str, str], body: dict[str, Any]) -> Any:
        with self.lock:
            call = Call(method, path, body, query, time.time())
            self.calls.append(call)
            answer = self._answer(method, path, query, body)
            if isinstance(answer, dict):
                call.errcode = int(answer.get("errcode", 0))
        if path.endswith("/goods/push"):
            self.answer_pushes.wait(60)
        call.answered_at = time.time()
        return answer

    def _answer(self, method: str, path: str, q: dict[str, str], body: dict[str, Any]) -> Any:
        if path == "/cgi-bin/stable_token":
            if not self.stable_token_served:
                return 404
            if method != "POST":
                return {"errcode": 43002, "errmsg": "require POST method"}
            return self._token(body.get("appid"), body.get("secret"), body.get("grant_type"))
        if path == "/cgi-bin/token":
            if method != "GET":
                return {"errcode": 43001, "errmsg": "require GET method"}
            return self._token(q.get("appid"), q.get("secret"), q.get("grant_type"))
        token = q.get("access_token", "")
        if not token:
            return {"errcode": 41001, "errmsg": "access_token missing"}
        if token not in self.tokens:
            return {"errcode": 40001, "errmsg": "invalid credential, access_token is invalid"}
        if self.tokens[token] < time.time():
            return {"errcode": 42001, "errmsg": "access_token expired"}
        if path == "/wxaapi/broadcast/room/getpushurl":
            if method != "GET":
                return {"errcode": 43001, "errmsg": "require GET method"}
            room = self.rooms.get(_int(q.get("roomId")))
            if room is None:
                return {"errcode": 300022, "errmsg": "roomid is not exsit"}
            expiry = f"{int(time.time()) + 86400:x}"
            stream = f"{self.appid}-{room.room_id}"
            sign = hashlib.md5(f"{self.secret}{stream}{expiry}".encode()).hexdigest()
            url = f"{self.ingest}/{stream}?txSecret={sign}&txTime={expiry}"
            self.push_urls.append(url)
            return {"errcode": 0, "pushAddr": url}
        if path == "/wxa/business/getliveinfo":
            if not self.liveinfo_served:
                return 404
            start, limit = _int(body.get("start")), _int(body.get("limit"))
            rooms = sorted(self.rooms.values(), key=lambda r: -r.room_id)
            page = rooms[start : start + max(0, min(limit, 100))]
            return {
                "errcode": 0,
                "errmsg": "ok",
                "total": len(rooms),
                "room_info": [
                    {
                        "name": r.name,
                        "roomid": r.room_id,
                        "live_status": r.live_status,
                        "goods": [
                            {"goods_id": g, "name": f"商品{g}", "price": 100, "price_type": 1}
                            for g in r.goods
                        ],
                    }
                    for r in page
                ],
            }
        if path in ("/wxaapi/broadcast/goods/onsale", "/wxaapi/broadcast/goods/push"):
            if method != "POST":
                return {"errcode": 43002, "errmsg": "require POST method"}
            room = self.rooms.get(_int(body.get("roomId")))
            if room is None:
                return {"errcode": 300022, "errmsg": "roomid is not exsit"}
            goods = _int(body.get("goodsId"))
            if goods not in room.goods:
                if path.endswith("push"):
                    return {"errcode": 300053, "errmsg": "goods not in room"}
                return {"errcode": 300024, "errmsg": "goods not exist"}
            # 300049 answers an onsale, 300047 a push (as WeChat does); others either
            if self.busy_next and self.busy_next[0] != (
                300049 if path.endswith("push") else 300047
            ):
                code = self.busy_next.pop(0)
                return {"errcode": code, "errmsg": "busy"}
            now = time.time()
            if path.endswith("onsale"):
                if now < self.busy_until:
                    return {"errcode": 300049, "errmsg": "goods is pushing"}
                room.goods[goods] = _int(body.get("onSale")) == 1
                return {"errcode": 0, "errmsg": "ok"}
            if goods in self.refuse_push:
                return {"errcode": self.refuse_push[goods], "errmsg": self.refusal_words}
            if now < self.busy_until:
                return {"errcode": 300047, "errmsg": "goods is pushing, try later"}
            if not room.goods[goods]:
                return {"errcode": 300052, "errmsg": "goods is off sale"}
            self.busy_until = now + self.push_runs_s
            if self.drop_next_push:
                self.drop_next_push = False
                return "drop"
            return {"errcode": 0, "errmsg": "ok"}
        return 404

    def _token(self, appid: object, secret: object, grant: object) -> dict[str, Any]:
        if grant != "client_credential":
            return {"errcode": 40002, "errmsg": "invalid grant_type"}
        if appid != self.appid:
            return {"errcode": 40013, "errmsg": "invalid appid"}
        if secret != self.secret:
            return {"errcode": 40125, "errmsg": "invalid appsecret"}
        self._issued += 1
        token = f"TOKEN-{self._issued}-" + hashlib.sha1(str(time.time()).encode()).hexdigest()
        self.tokens[token] = time.time() + self.expires_in
        return {"access_token": token, "expires_in": self.expires_in}


def _int(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return -1


class WeChatServer:
    """`FakeWeChat` served on a free loopback port from a thread; a context manager."""

    def __init__(self, fake: FakeWeChat | None = None) -> None:
        self.fake = fake or FakeWeChat()
        fake_ = self.fake

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _serve(self, method: str) -> None:
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(min(length, 1 << 20)) if length else b""
                try:
                    body = json.loads(raw.decode("utf-8")) if raw else {}
                except (UnicodeDecodeError, json.JSONDecodeError):
                    body = {"_invalid": True}
                answer = fake_.handle(
                    method, parts.path, query, body if isinstance(body, dict) else {}
                )
                if answer == "drop":
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                if answer == 404:
                    data, status = b'{"error": "not found"}', 404
                else:
                    data, status = json.dumps(answer, ensure_ascii=False).encode(), 200
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data)
                except ConnectionError:  # the studio went away (a test killed it) meanwhile
                    self.close_connection = True

            def do_GET(self) -> None:
                self._serve("GET")

            def do_POST(self) -> None:
                self._serve("POST")

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> WeChatServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> WeChatServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
