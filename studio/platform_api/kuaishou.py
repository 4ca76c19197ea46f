"""Kuaishou open platform live (快手开放平台 直播): a push URL per show, by API.

What it follows: Kuaishou's live open API as published by its video team
(github.com/KwaiVideoTeam/kuaishou-liveopen-api, README § 六、直播相关接口):

- `POST /openapi/kwaiUser/live/pushUrls` with `app_id`, `access_token` (the merchant's
  OAuth user token, scope user_video_live) and `bizId` in the query, and a multipart body:
  `file` (the cover, jpg/png up to 2 MB, 720x1280 advised), `caption` (at most 13 Chinese
  characters), `shopLive` (an e-commerce 小黄车 show). The answer `{"result": 0, "content":
  {"pushUrl", "liveStreamName"}}`. A push URL goes live once and is valid for two days: one
  is fetched for each show, never stored.
- `POST /openapi/kwaiUser/live/stopPush` with `liveStreamName` when the show ends (Kuaishou
  would close the room by itself 1-2 minutes after the stream stops).
- result codes: 0 ok, 200100 app_id, 200102 authorisation, 400001 parameters, 400002 rate
  limit, 400003 server, 400005 no such stream, 400006 no live permission, 400008 no
  e-commerce live permission, 400009 bad stream name, 400013 not yours, 400014 bad cover.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from studio.core.destination import SecretStr
from studio.core.messages import Message, error_words, os_reason
from studio.platform_api.errors import (
    PlatformAuthError,
    PlatformContractError,
    PlatformRejected,
    PlatformUnavailable,
)

log = logging.getLogger(__name__)

API = "https://open.kuaishou.com"
MAX_COVER = 2 * 1024 * 1024
MAX_CAPTION = 13
MAX_ANSWER = 64 * 1024
AUTH_RESULTS = frozenset({200100, 200102})
WORDED = frozenset(
    {200100, 200102, 400001, 400002, 400003, 400005, 400006, 400008, 400009, 400013, 400014}
)


def result_words(code: int) -> Message:
    what = Message(f"kuaishou.err.{code}") if code in WORDED else Message("wechat.err.unknown")
    return Message("kuaishou.result", {"what": what, "code": code})


@dataclass(frozen=True)
class KuaishouCredentials:
    app_id: str
    access_token: SecretStr
    biz_id: str = ""
    api: str = API

    def secrets(self) -> tuple[str, ...]:
        return (self.access_token.reveal(),)


@dataclass(frozen=True)
class KuaishouPush:
    push_url: str
    stream_name: str


class KuaishouLive:
    """The two calls, made synchronously (at go-live and at the end, off the GUI thread)."""

    def __init__(
        self,
        credentials: KuaishouCredentials,
        timeout_s: float = 10.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.credentials = credentials
        self._client = httpx.Client(
            base_url=credentials.api.rstrip("/"),
            timeout=httpx.Timeout(timeout_s, connect=min(5.0, timeout_s)),
            transport=transport,
            trust_env=False,
            headers={"User-Agent": "MerchantStudio"},
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> KuaishouLive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _params(self) -> dict[str, str]:
        c = self.credentials
        params = {"app_id": c.app_id, "access_token": c.access_token.reveal()}
        if c.biz_id:
            params["bizId"] = c.biz_id
        return params

    def push_url(self, cover: Path, caption: str, shop_live: bool = True) -> KuaishouPush:
        """A fresh push URL for one show (single use, valid two days)."""
        try:
            picture = cover.read_bytes()[: MAX_COVER + 1]
        except OSError as exc:
            raise PlatformRejected(
                Message("kuaishou.cover_unreadable", {"path": str(cover), "reason": os_reason(exc)})
            ) from None
        if len(picture) > MAX_COVER or cover.suffix.lower() not in (".jpg", ".jpeg", ".png"):
            raise PlatformRejected(Message("kuaishou.bad_cover", {"name": cover.name}))
        kind = "image/png" if cover.suffix.lower() == ".png" else "image/jpeg"
        data = {"caption": caption[:MAX_CAPTION], "shopLive": "true" if shop_live else "false"}
        answer = self._post(
            "/openapi/kwaiUser/live/pushUrls",
            data=data,
            files={"file": (f"cover{cover.suffix.lower()}", picture, kind)},
        )
        content = answer.get("content")
        url = content.get("pushUrl") if isinstance(content, dict) else None
        name = content.get("liveStreamName") if isinstance(content, dict) else None
        if not isinstance(url, str) or not url.startswith(("rtmp://", "rtmps://")):
            raise PlatformContractError(Message("kuaishou.bad_answer"))
        return KuaishouPush(url, str(name or "")[:128])

    def stop(self, stream_name: str) -> None:
        """Close the room (stopPush)."""
        self._post("/openapi/kwaiUser/live/stopPush", data={"liveStreamName": stream_name})

    def _post(self, path: str, data: dict[str, str], files: Any = None) -> dict[str, Any]:
        query = self._params()
        if files is None:  # stopPush: the documented parameters all go in the query
            query |= data
            data = {}
        try:
            with self._client.stream(
                "POST", path, params=query, data=data or None, files=files
            ) as response:
                body = b""
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > MAX_ANSWER:
                        raise PlatformContractError(Message("platform.too_large"))
                status = response.status_code
        except httpx.TimeoutException:
            raise PlatformUnavailable(
                Message("platform.no_answer", {"reason": Message("platform.timeout")})
            ) from None
        except httpx.TransportError as exc:
            raise PlatformUnavailable(
                Message("platform.no_answer", {"reason": error_words(exc)})
            ) from None
        if status >= 500:
            raise PlatformUnavailable(Message("platform.status", {"status": status}))
        try:
            answer = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise PlatformContractError(Message("platform.not_json")) from None
        if not isinstance(answer, dict):
            raise PlatformContractError(Message("platform.bad_shape"))
        code = answer.get("result")
        if isinstance(code, bool) or not isinstance(code, int):
            raise PlatformContractError(Message("kuaishou.bad_answer"))
        if code in AUTH_RESULTS:
            raise PlatformAuthError(result_words(code), status, str(code))
        if code != 0:
            raise PlatformRejected(result_words(code), status, str(code))
        return answer
