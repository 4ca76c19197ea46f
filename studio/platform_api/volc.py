"""Volcengine enterprise live (火山引擎企业直播): "上链接" at zero as ExplainProduct.

What it follows (volcengine.com/docs):

- ExplainProduct (/docs/3019/1253474): `POST https://livesaas.volcengineapi.com/
  ?Action=ExplainProduct&Version=2023-08-01` with `{"ActivityId", "ProductId",
  "ExplainStatus": 1 | 2, "FloatingStatus": 1 | 2}`: the product card goes into 讲解 and
  floats over the picture for viewers (ExplainStatus applies to rooms with 直播时移,
  FloatingStatus to the others, so both are sent). Take-down sends 2 and 2. The answer:
  `{"ResponseMetadata": {…, "Error": {"Code", "Message"}}, "Result": {"Status": true}}`.
  10 calls a second per user.
- the signature (/docs/6469/1121980 签名机制, /docs/6408/78948 签名示例): HMAC-SHA256 over a
  canonical request (method, path, sorted query, the signed headers host, x-content-sha256,
  x-date, the body's SHA-256), signed with a key derived as HMAC(HMAC(HMAC(HMAC(SK, date),
  region), service), "request"), in `Authorization: HMAC-SHA256 Credential=AK/DATE/REGION/
  SERVICE/request, SignedHeaders=…, Signature=…`.

The product card ids (商品卡片 ID, from the console or GetActivityProducts) come from the
sheet's goods-id column. Orders and comments stay in Volcengine's console: no event stream.
"""

from __future__ import annotations

import asyncio
import datetime
import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

import httpx

from studio.core.backoff import Backoff, RetryBudget
from studio.core.destination import SecretStr
from studio.core.messages import Message, platform_text
from studio.platform_api.base import PlatformAdapter, RetryCallback
from studio.platform_api.errors import (
    PlatformAuthError,
    PlatformContractError,
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
from studio.platform_api.wechat import goods_id_of

API = "https://livesaas.volcengineapi.com"
SERVICE, REGION, VERSION = "livesaas", "cn-north-1", "2023-08-01"
AUTH_CODES = frozenset(
    {"InvalidAccessKey", "SignatureDoesNotMatch", "InvalidCredential", "AccessDenied",
     "InvalidTimestamp", "MissingAuthenticationToken", "MissingSignature"}
)  # fmt: skip
BUSY_CODES = frozenset({"FlowLimitExceeded", "ServiceUnavailable", "InternalServiceTimeout"})


@dataclass(frozen=True)
class VolcCredentials:
    access_key: str
    secret_key: SecretStr
    api: str = API
    region: str = REGION

    def secrets(self) -> tuple[str, ...]:
        return (self.secret_key.reveal(),)


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()


def sign(
    method: str,
    url: str,
    body: bytes,
    creds: VolcCredentials,
    now: datetime.datetime,
    service: str = SERVICE,
    content_type: str = "application/json",
) -> dict[str, str]:
    """The headers that sign one request (Volcengine's signature, version 4 style)."""
    parts = urlsplit(url)
    x_date = now.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    short = x_date[:8]
    payload = hashlib.sha256(body).hexdigest()
    headers = {
        "content-type": content_type,
        "host": parts.netloc,
        "x-content-sha256": payload,
        "x-date": x_date,
    }
    signed = ";".join(sorted(headers))
    query = "&".join(
        f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}"
        for k, v in sorted(
            (p.partition("=")[0], p.partition("=")[2]) for p in parts.query.split("&") if p
        )
    )
    canonical = "\n".join(
        (
            method.upper(),
            parts.path or "/",
            query,
            "".join(f"{k}:{headers[k]}\n" for k in sorted(headers)),
            signed,
            payload,
        )
    )
    scope = f"{short}/{creds.region}/{service}/request"
    to_sign = "\n".join(
        ("HMAC-SHA256", x_date, scope, hashlib.sha256(canonical.encode()).hexdigest())
    )
    key = creds.secret_key.reveal().encode("utf-8")
    for part in (short, creds.region, service, "request"):
        key = _hmac(key, part)
    signature = hmac.new(key, to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
    return {
        "Content-Type": content_type,
        "X-Date": x_date,
        "X-Content-Sha256": payload,
        "Authorization": f"HMAC-SHA256 Credential={creds.access_key}/{scope}, "
        f"SignedHeaders={signed}, Signature={signature}",
    }


class VolcError(PlatformRejected):
    """Volcengine answered with an error code (`.code`), worded with its message."""

    def __init__(self, code: str, message: str) -> None:
        words = Message("volc.error", {"code": code[:64], "message": platform_text(message, 160)})
        super().__init__(words, 200, code[:64])


class VolcAuthError(VolcError, PlatformAuthError):
    """The access key or the signature was refused."""


class VolcLive(PlatformAdapter):
    """One Volcengine enterprise-live room (活动 / activity) as the show's platform."""

    # The link-up sets the card's explain status to 1 (讲解中): a state, not an event, so
    # setting it twice leaves the same card explained once.
    repeat_safe = True

    def __init__(
        self,
        activity_id: int,
        credentials: VolcCredentials,
        retry_budget_s: float = 5.0,
        timeout_s: float = 3.0,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], datetime.datetime] = lambda: datetime.datetime.now(datetime.UTC),
    ) -> None:
        self.activity_id = activity_id
        self.name = f"volc:{activity_id}"
        self.credentials = credentials
        self.retry_budget_s = retry_budget_s
        self.timeout_s = timeout_s
        self._transport = transport
        self._clock = clock
        self._client: httpx.AsyncClient | None = None
        self._cards: dict[str, int] = {}
        self._lock = asyncio.Lock()
        self._ended = asyncio.Event()
        self._session_id = ""
        self.last_rtt_s: float | None = None

    @property
    def session_id(self) -> str:
        return self._session_id

    async def open(self) -> None:
        if self._client is None:
            self._client = httpx.AsyncClient(
                timeout=httpx.Timeout(self.timeout_s, connect=min(2.0, self.timeout_s)),
                transport=self._transport,
                trust_env=False,
                headers={"User-Agent": "MerchantStudio"},
            )

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def start_session(self, title: str) -> SessionInfo:
        self._session_id = f"volc-activity-{self.activity_id}"
        return SessionInfo(self._session_id, title, time.time())

    async def resume_session(self, session_id: str) -> None:
        self._session_id = session_id

    async def end_session(self) -> None:
        self._ended.set()

    async def sync_products(self, products: Sequence[PlatformProduct]) -> int:
        for p in products:
            card = goods_id_of(p.goods_id)
            if card is not None:
                self._cards[p.product_id] = card
        return len(products)

    async def check_products(self, products: Sequence[PlatformProduct]) -> list[ProductProblem]:
        problems = []
        for p in products:
            if not p.goods_id.strip():
                problems.append(ProductProblem(p.product_id, p.name, Message("volc.no_card_id")))
            elif goods_id_of(p.goods_id) is None:
                why = Message("volc.bad_card_id", {"goods_id": p.goods_id[:30]})
                problems.append(ProductProblem(p.product_id, p.name, why))
        return problems

    def _card(self, product_id: str) -> int:
        card = self._cards.get(product_id)
        if card is None:
            raise PlatformRejected(Message("volc.no_card_id"), 200, "no_card_id")
        return card

    async def link_up(
        self, request: LinkUpRequest, idempotency_key: str, on_retry: RetryCallback | None = None
    ) -> Listing:
        card = self._card(request.product_id)
        await self._explain(card, 1, on_retry)  # the same call twice does no harm: retried
        return Listing(
            request.product_id, "listed", request.stock, link_up_id=f"{self.activity_id}/{card}"
        )

    async def take_down(self, product_id: str) -> Listing:
        await self._explain(self._card(product_id), 2, None)
        return Listing(product_id, "taken_down", None)

    async def set_stock(self, product_id: str, stock: int) -> Listing:
        raise PlatformRejected(Message("volc.no_stock_api"), 200, "no_stock_api")

    async def events(self) -> AsyncIterator[PlatformEvent]:
        await self._ended.wait()
        return
        yield  # an async generator that yields nothing

    async def round_trip_s(self) -> float | None:
        return self.last_rtt_s

    async def _explain(self, card: int, status: int, on_retry: RetryCallback | None) -> None:
        body = {
            "ActivityId": self.activity_id,
            "ProductId": card,
            "ExplainStatus": status,
            "FloatingStatus": status,
        }
        budget = RetryBudget.within(
            self.retry_budget_s, Backoff(first_s=0.1, factor=2.0, cap_s=1.0, jitter=0.1)
        )
        async with self._lock:
            while True:
                try:
                    answer = await self._call("ExplainProduct", body)
                except (PlatformUnavailable, VolcError) as exc:
                    busy = isinstance(exc, PlatformUnavailable) or exc.code in BUSY_CODES
                    if not busy or isinstance(exc, PlatformAuthError):
                        raise
                    delay = budget.next_delay_s()
                    if delay is None:
                        raise
                    if on_retry is not None:
                        on_retry(budget.attempts, exc.message)
                    await asyncio.sleep(delay)
                    continue
                result = answer.get("Result")
                if not isinstance(result, dict) or result.get("Status") is not True:
                    raise PlatformRejected(Message("volc.not_done"), 200, "status_false")
                return

    async def _call(self, action: str, body: dict[str, Any]) -> dict[str, Any]:
        if self._client is None:
            raise PlatformUnavailable(Message("platform.not_open"))
        url = f"{self.credentials.api.rstrip('/')}/?Action={action}&Version={VERSION}"
        data = json.dumps(body).encode("utf-8")
        headers = sign("POST", url, data, self.credentials, self._clock())
        request = self._client.build_request("POST", url, content=data, headers=headers)
        start = time.perf_counter()
        response = await send_answered(self._client, request, self.timeout_s + 1, 256 * 1024)
        self.last_rtt_s = time.perf_counter() - start
        try:
            answer = response.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            if response.status_code >= 500:
                raise PlatformUnavailable(
                    Message("platform.status", {"status": response.status_code})
                ) from None
            raise PlatformContractError(Message("platform.not_json")) from None
        if not isinstance(answer, dict):
            raise PlatformContractError(Message("platform.bad_shape"))
        meta = answer.get("ResponseMetadata")
        error = meta.get("Error") if isinstance(meta, dict) else None
        if isinstance(error, dict) and error.get("Code"):
            code, message = str(error.get("Code")), str(error.get("Message", ""))
            if code in AUTH_CODES:
                raise VolcAuthError(code, message)
            raise VolcError(code, message)
        if response.status_code >= 500:
            raise PlatformUnavailable(Message("platform.status", {"status": response.status_code}))
        return answer
