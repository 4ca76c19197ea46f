"""WeChat mini-program live (微信小程序直播): the room's push URL and "上链接" at zero, by API.

What it follows (developers.weixin.qq.com, 小程序 › 服务端 API › 小程序直播):

- access token: `POST /cgi-bin/stable_token` (getStableAccessToken, normal mode), or
  `GET /cgi-bin/token` where the stable one is not served: cached until shortly before its
  `expires_in`; on errcode 40001, 40014 or 42001 a fresh one is fetched once and the call
  made again. A third-party platform's `authorizer_access_token` may be given instead.
  /miniprogram/dev/server/API/mp-access-token/api_getstableaccesstoken.html
- the room's push address: `GET /wxaapi/broadcast/room/getpushurl?roomId=` (getPushUrl),
  fetched at each go-live and never stored: it carries a signature (txSecret).
  /miniprogram/dev/server/API/livebroadcast/studio-management/api_getpushurl.html
- the room and its goods: `POST /wxa/business/getliveinfo` (getLiveInfo: `room_info[]` with
  `roomid`, `live_status`, `goods[].goods_id`), read before the show so that a product
  missing from the room is said then, not at zero.
  /miniprogram/dev/server/API/livebroadcast/studio-management/api_getliveinfo.html
- the link-up: `POST /wxaapi/broadcast/goods/push` {roomId, goodsId} (pushGoods), after
  `POST /wxaapi/broadcast/goods/onsale` {roomId, goodsId, onSale: 1} when the goods are off
  sale (taken down by the studio, or 300052 from the push). Only one push runs at a time
  (300047) and nothing is put on or off sale while one runs (300049): the calls are
  serialised and retried within the budget.
  A push is made once per link-up: a push whose answer was lost is not sent again (viewers
  would see the card twice); the host is asked to look in the room.
  /miniprogram/dev/server/API/livebroadcast/studio-management/api_salegoods.html
  /miniprogram/dev/server/API/livebroadcast/studio-management/api_pushgoods.html
- take down: `goods/onsale` with onSale: 0.

Orders, stock and comments of mini-program live stay in the mini-program's own backend: the
event stream is empty, and "add stock" says where to do it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from studio.core.backoff import Backoff, RetryBudget
from studio.core.destination import SecretStr
from studio.core.messages import Message, platform_text, said
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
from studio.platform_api.http import send_answered
from studio.platform_api.models import (
    LinkUpRequest,
    Listing,
    PlatformEvent,
    PlatformProduct,
    ProductProblem,
    SessionInfo,
)

log = logging.getLogger(__name__)

API = "https://api.weixin.qq.com"
# names external checks use: keep them stable
ENV_APPID = "STUDIO_WECHAT_APPID"
ENV_SECRET = "STUDIO_WECHAT_SECRET"
ENV_API = "STUDIO_WECHAT_API"

TOKEN_STALE = frozenset({40001, 40014, 42001})  # invalid, invalid, expired: fetch anew once
AUTH_CODES = frozenset({40001, 40013, 40014, 40125, 40164, 41002, 41004, 42001, 48001, 61024})
PUSH_BUSY = 300047  # 已有商品正在推送，请稍后再试
SALE_BUSY = 300049  # 商品推送过程中不允许上下架
DELISTED = 300052  # 已下架的商品无法推送
NOT_IN_ROOM = 300053  # 直播间未添加此商品
BUSY_CODES = frozenset({-1, PUSH_BUSY, SALE_BUSY, 45011})  # -1 系统繁忙, 45011 频率限制
# live_status of getliveinfo
LIVE_STATUS = {101: "live", 102: "not_started", 103: "ended", 104: "banned", 105: "paused",
               106: "abnormal", 107: "expired"}  # fmt: skip
CLOSED_STATUSES = frozenset({103, 104, 107})
ROOM_PAGE = 100  # getliveinfo: "建议 100 以内"
MAX_ROOM_PAGES = 50  # 5,000 rooms: past that the check gives up, said
MAX_GOODS_ID = 10**12
WORDED = frozenset(
    {-1, 40001, 40013, 40014, 40125, 40164, 41002, 42001, 43001, 45009, 45011, 48001, 61024,
     200002, 300001, 300002, 300022, 300023, 300024, 300025, 300027, 300033, 300047, 300048,
     300049, 300052, 300053}
)  # fmt: skip


def errcode_words(code: int, errmsg: str = "") -> Message:
    """WeChat's own errcode in the host's words, with the code (for WeChat's support)."""
    what: Message | str
    if code in WORDED:
        what = Message(f"wechat.err.{code}")
    else:
        what = platform_text(errmsg, 120) or Message("wechat.err.unknown")
    return Message("wechat.errcode", {"what": what, "code": code})


class WeChatError(PlatformRejected):
    """WeChat answered with a non-zero errcode; `.errcode` is WeChat's number."""

    def __init__(self, errcode: int, errmsg: str = "") -> None:
        super().__init__(errcode_words(errcode, errmsg), 200, str(errcode))
        self.errcode = errcode


class WeChatAuthError(WeChatError, PlatformAuthError):
    """The appid, secret or token was refused (or this IP is not on the whitelist)."""


@dataclass(frozen=True)
class WeChatCredentials:
    """The mini-program's appid and secret, or a third-party platform's authorizer token."""

    appid: str
    secret: SecretStr | None = None
    authorizer_token: SecretStr | None = None
    api: str = API

    def secrets(self) -> tuple[str, ...]:
        return tuple(s.reveal() for s in (self.secret, self.authorizer_token) if s)


def room_id_of(text: str) -> int:
    """The room number of `wechat:ROOM_ID`; ValueError unless it is a positive number."""
    text = text.strip()
    if not text.isascii() or not text.isdigit() or not 0 < int(text) < 10**12:
        raise ValueError(text)
    return int(text)


def goods_id_of(text: str) -> int | None:
    """A goods id from the sheet as WeChat takes it (a positive number), else None."""
    text = text.strip().removesuffix(".0")  # Excel writes numbers as 1234.0
    if text.isascii() and text.isdigit() and 0 < int(text) < MAX_GOODS_ID:
        return int(text)
    return None


class WeChatApi:
    """The calls, with the token cached and refreshed; one per asyncio loop."""

    def __init__(
        self,
        credentials: WeChatCredentials,
        timeout_s: float = 3.0,
        transport: httpx.AsyncBaseTransport | None = None,
        on_secret: Callable[[str], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.credentials = credentials
        self._clock = clock
        self.timeout_s = timeout_s
        self._transport = transport
        self._on_secret = on_secret
        self._client: httpx.AsyncClient | None = None
        self._token = credentials.authorizer_token
        self._token_until = float("inf") if self._token else 0.0
        self._token_lock = asyncio.Lock()
        self.last_rtt_s: float | None = None

    async def open(self) -> None:
        if self._client is None:
            self._client = httpx.AsyncClient(
                base_url=self.credentials.api.rstrip("/"),
                headers={"Accept": "application/json", "User-Agent": "MerchantStudio"},
                timeout=httpx.Timeout(self.timeout_s, connect=min(2.0, self.timeout_s)),
                limits=httpx.Limits(max_keepalive_connections=2, keepalive_expiry=60.0),
                transport=self._transport
                or httpx.AsyncHTTPTransport(
                    socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]
                ),
                trust_env=False,
            )

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def __aenter__(self) -> WeChatApi:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # -- the token -------------------------------------------------------------------------
    async def token(self, stale: SecretStr | None = None) -> SecretStr:
        """The cached token, or a fresh one when it is near its end or `stale` was refused."""
        async with self._token_lock:  # concurrent calls share one fetch
            fresh = self._token is not None and self._token != stale
            if fresh and self._clock() < self._token_until:
                assert self._token is not None
                return self._token
            if self.credentials.authorizer_token is not None:
                if stale is not None:  # an authorizer token is refreshed by its platform
                    raise WeChatAuthError(40001)
                return self.credentials.authorizer_token
            self._token, lifetime = await self._fetch_token()
            # "shortly before expires_in": a tenth of it, at most 5 minutes
            self._token_until = self._clock() + lifetime - min(300.0, lifetime / 10)
            return self._token

    async def _fetch_token(self) -> tuple[SecretStr, float]:
        creds = self.credentials
        if not creds.appid or not creds.secret:
            raise PlatformAuthError(Message("wechat.no_credentials"))
        body = {
            "grant_type": "client_credential",
            "appid": creds.appid,
            "secret": creds.secret.reveal(),
            "force_refresh": False,
        }
        response = await self._send("POST", "/cgi-bin/stable_token", json_body=body)
        if response.status_code == 404:  # a server without the stable token: the classic one
            params = {
                "grant_type": "client_credential",
                "appid": creds.appid,
                "secret": creds.secret.reveal(),
            }
            response = await self._send("GET", "/cgi-bin/token", params=params)
        data = self._answer(response)
        token, lifetime = data.get("access_token"), data.get("expires_in", 7200)
        if not isinstance(token, str) or not token or len(token) > 2048:
            raise PlatformContractError(Message("wechat.bad_token_answer"))
        if isinstance(lifetime, bool) or not isinstance(lifetime, int | float) or lifetime <= 0:
            lifetime = 7200
        if self._on_secret is not None:
            self._on_secret(token)
        return SecretStr(token), float(min(lifetime, 7 * 86400))

    # -- calls -----------------------------------------------------------------------------
    async def call(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """One API call with the access token; a stale token is replaced once. Raises
        WeChatError for a non-zero errcode, PlatformUnavailable when there is no answer."""
        token = await self.token()
        for attempt in (1, 2):
            query = {**(params or {}), "access_token": token.reveal()}
            data = self._answer(await self._send(method, path, body, query), check=False)
            code = _errcode(data)
            if code in TOKEN_STALE and attempt == 1:
                log.info("wechat %s: errcode %d; fetching a fresh access token", path, code)
                token = await self.token(stale=token)
                continue
            if code:
                raise _error(code, data)
            return data
        raise AssertionError("unreachable")

    async def _send(
        self,
        method: str,
        path: str,
        json_body: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
    ) -> httpx.Response:
        if self._client is None:
            raise PlatformError(Message("platform.not_open"))
        body = None
        headers = {}
        if json_body is not None:  # WeChat takes UTF-8 JSON as it is, not \u escapes
            body = json.dumps(json_body, ensure_ascii=False).encode("utf-8")
            headers["Content-Type"] = "application/json; charset=utf-8"
        request = self._client.build_request(
            method, path, params=params, content=body, headers=headers
        )
        start = time.perf_counter()
        response = await send_answered(self._client, request, self.timeout_s + 1.0)
        self.last_rtt_s = time.perf_counter() - start
        return response

    @staticmethod
    def _answer(response: httpx.Response, check: bool = True) -> dict[str, Any]:
        if response.status_code >= 500:
            raise NoAnswer(Message("platform.status", {"status": response.status_code}))
        if response.status_code == 404:
            raise PlatformNotFound(Message("wechat.no_such_api", {"path": response.url.path}))
        if response.status_code >= 400:
            raise PlatformRejected(
                Message("platform.status", {"status": response.status_code}),
                response.status_code,
            )
        try:
            data = response.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise PlatformContractError(Message("platform.not_json")) from None
        if not isinstance(data, dict):
            raise PlatformContractError(Message("platform.bad_shape"))
        if check and _errcode(data):
            raise _error(_errcode(data), data)
        return data

    # -- what the studio asks --------------------------------------------------------------
    async def push_url(self, room_id: int) -> str:
        """The room's push address (rtmp://…?txSecret=…&txTime=…), fresh each time."""
        path = "/wxaapi/broadcast/room/getpushurl"
        data = await self.call("GET", path, params={"roomId": room_id})
        url = data.get("pushAddr")
        if not isinstance(url, str) or not url.startswith(("rtmp://", "rtmps://")):
            raise PlatformContractError(Message("wechat.bad_push_url"))
        if self._on_secret is not None:
            self._on_secret(url.partition("?")[2])
        return url

    async def room(self, room_id: int) -> dict[str, Any] | None:
        """The room's entry of getliveinfo (None if the list has no such room)."""
        start = 0
        for _ in range(MAX_ROOM_PAGES):
            data = await self.call(
                "POST", "/wxa/business/getliveinfo", {"start": start, "limit": ROOM_PAGE}
            )
            rooms = data.get("room_info")
            if not isinstance(rooms, list):
                raise PlatformContractError(Message("platform.bad_shape"))
            for room in rooms[: ROOM_PAGE * 2]:
                if isinstance(room, dict) and room.get("roomid") == room_id:
                    return room
            total = data.get("total")
            start += len(rooms)
            if not rooms or not isinstance(total, int) or start >= total:
                return None
        raise PlatformUnavailable(Message("wechat.too_many_rooms", {"most": start}))


def _errcode(data: dict[str, Any]) -> int:
    code = data.get("errcode", 0)
    if isinstance(code, bool) or not isinstance(code, int):
        try:
            return int(str(code)[:12])
        except ValueError:
            return -2
    return code


def _error(code: int, data: dict[str, Any]) -> WeChatError:
    errmsg = str(data.get("errmsg", ""))[:200]
    if code in AUTH_CODES:
        return WeChatAuthError(code, errmsg)
    return WeChatError(code, errmsg)


class WeChatLive(PlatformAdapter):
    """One mini-program live room as the show's platform."""

    # goods/push takes no idempotency key and each push pops the goods card up for viewers
    # again: a push in flight when the studio died may have been made, and repeating it
    # shows the card twice. Resume asks the host (or leaves it, said) instead.
    repeat_safe = False

    def __init__(
        self,
        room_id: int,
        credentials: WeChatCredentials,
        retry_budget_s: float = 5.0,
        timeout_s: float = 3.0,
        transport: httpx.AsyncBaseTransport | None = None,
        on_secret: Callable[[str], None] | None = None,
    ) -> None:
        self.room_id = room_id
        self.name = f"wechat:{room_id}"
        self.retry_budget_s = retry_budget_s
        self.api = WeChatApi(credentials, timeout_s, transport, on_secret)
        self._goods: dict[str, int] = {}  # product id → goods id
        self._names: dict[str, str] = {}
        self._on_sale: dict[int, bool] = {}  # what the studio knows (imported goods: on sale)
        self._room_goods: set[int] | None = None  # None: the room's list could not be read
        self._lock = asyncio.Lock()  # one onsale/push at a time (300047, 300049)
        self._ended = asyncio.Event()
        self._session_id = ""

    @property
    def session_id(self) -> str:
        return self._session_id

    async def open(self) -> None:
        await self.api.open()

    async def close(self) -> None:
        await self.api.close()

    async def start_session(self, title: str) -> SessionInfo:
        await self._read_room()
        self._session_id = f"wechat-room-{self.room_id}"
        return SessionInfo(self._session_id, title, time.time())

    async def resume_session(self, session_id: str) -> None:
        await self._read_room()
        self._session_id = session_id

    async def _read_room(self) -> None:
        try:
            room = await self.api.room(self.room_id)
        except PlatformNotFound:  # a server without getliveinfo: the room is not checked
            log.info("wechat: getliveinfo is not served; the room's goods are not checked")
            self._room_goods = None
            return
        if room is None:
            raise PlatformNotFound(Message("wechat.no_room", {"room": self.room_id}), 404)
        status = room.get("live_status")
        if status in CLOSED_STATUSES:
            state = Message(f"wechat.status.{LIVE_STATUS[status]}")
            raise PlatformRejected(
                Message("wechat.room_closed", {"room": self.room_id, "state": state}),
                200,
                str(status),
            )
        goods = room.get("goods")
        ids = set()
        for g in goods if isinstance(goods, list) else []:
            if isinstance(g, dict) and isinstance(g.get("goods_id"), int):
                ids.add(g["goods_id"])
        self._room_goods = ids

    async def end_session(self) -> None:
        self._ended.set()

    async def sync_products(self, products: Sequence[PlatformProduct]) -> int:
        """Nothing is sent: the room's goods are chosen in WeChat. The goods ids are kept."""
        for p in products:
            self._names[p.product_id] = p.name
            goods = goods_id_of(p.goods_id)
            if goods is not None:
                self._goods[p.product_id] = goods
        return len(products)

    async def check_products(self, products: Sequence[PlatformProduct]) -> list[ProductProblem]:
        """What cannot be linked up in this room, before the show: no goods id in the sheet,
        one that is not a number, or goods the room does not have."""
        problems = []
        for p in products:
            goods = goods_id_of(p.goods_id)
            if not p.goods_id.strip():
                why = Message("wechat.no_goods_id")
            elif goods is None:
                why = Message("wechat.bad_goods_id", {"goods_id": p.goods_id[:30]})
            elif self._room_goods is not None and goods not in self._room_goods:
                why = Message("wechat.not_in_room", {"goods_id": goods, "room": self.room_id})
            else:
                continue
            problems.append(ProductProblem(p.product_id, p.name, why))
        return problems

    def _goods_id(self, product_id: str) -> int:
        goods = self._goods.get(product_id)
        if goods is None:
            raise PlatformRejected(Message("wechat.no_goods_id"), 200, "no_goods_id")
        return goods

    async def link_up(
        self, request: LinkUpRequest, idempotency_key: str, on_retry: RetryCallback | None = None
    ) -> Listing:
        goods = self._goods_id(request.product_id)
        deadline = time.monotonic() + self.retry_budget_s
        attempts = [0]

        def retried(reason: object) -> None:
            attempts[0] += 1
            if on_retry is not None:
                on_retry(attempts[0], reason)

        async with self._lock:
            # goods imported into a room are on sale: one call at zero. Goods known to be
            # off sale (taken down by the studio) go on sale first; goods WeChat says are
            # off sale (300052: no push was made) go on sale, then get their one push.
            if self._on_sale.get(goods) is False:
                await self._set_on_sale(goods, True, deadline, retried)
            try:
                await self._push(goods, deadline, retried)
            except WeChatError as exc:
                if exc.errcode != DELISTED:
                    raise
                self._on_sale[goods] = False
                await self._set_on_sale(goods, True, deadline, retried)
                await self._push(goods, deadline, retried)
        return Listing(
            request.product_id,
            "listed",
            request.stock,
            link_up_id=f"{self.room_id}/{goods}",
        )

    async def _push(self, goods: int, deadline: float, retried: Callable[[object], None]) -> None:
        """goods/push, sent until WeChat takes it; again only when WeChat said it did not
        (busy, or the request never left): a push whose answer was lost is not repeated."""
        body = {"roomId": self.room_id, "goodsId": goods}
        try:
            await self._retrying(
                "/wxaapi/broadcast/goods/push", body, deadline, retried, resend_unanswered=False
            )
        except NoAnswer as exc:
            raise PlatformUnavailable(
                Message("wechat.push_unknown", {"reason": said(exc)})
            ) from None

    async def _set_on_sale(
        self, goods: int, on: bool, deadline: float, retried: Callable[[object], None]
    ) -> None:
        body = {"roomId": self.room_id, "goodsId": goods, "onSale": 1 if on else 0}
        await self._retrying(
            "/wxaapi/broadcast/goods/onsale", body, deadline, retried, resend_unanswered=True
        )
        self._on_sale[goods] = on

    async def _retrying(
        self,
        path: str,
        body: dict[str, Any],
        deadline: float,
        retried: Callable[[object], None],
        resend_unanswered: bool,
    ) -> dict[str, Any]:
        budget = RetryBudget(Backoff(first_s=0.1, factor=1.6, cap_s=1.0, jitter=0.1), deadline)
        while True:
            try:
                return await self.api.call("POST", path, body)
            except WeChatError as exc:
                if exc.errcode not in BUSY_CODES:
                    raise
                last: PlatformError = exc
            except NotSent as exc:
                last = exc
            except NoAnswer as exc:
                if not resend_unanswered:
                    raise
                last = exc
            reason = last.message
            delay = budget.next_delay_s()
            if delay is None:
                raise last
            log.info("wechat %s: %s; again in %.2f s", path, reason, delay)
            retried(reason)
            await asyncio.sleep(delay)

    async def take_down(self, product_id: str) -> Listing:
        goods = self._goods_id(product_id)
        async with self._lock:
            await self._set_on_sale(
                goods, False, time.monotonic() + self.retry_budget_s, lambda _reason: None
            )
        return Listing(product_id, "taken_down", None)

    async def set_stock(self, product_id: str, stock: int) -> Listing:
        raise PlatformRejected(Message("wechat.no_stock_api"), 200, "no_stock_api")

    async def events(self) -> AsyncIterator[PlatformEvent]:
        await self._ended.wait()  # orders are in the mini-program's own backend
        return
        yield  # an async generator that yields nothing

    async def round_trip_s(self) -> float | None:
        return self.api.last_rtt_s
