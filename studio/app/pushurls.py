"""Push URLs that are fetched or generated at go-live, not pasted.

- `wechat:ROOM_ID`: the mini-program live room's address, fetched from WeChat;
- `tencent:DOMAIN/APP/STREAM`, `volc:DOMAIN/APP/STREAM`: signed here with the domain's push
  authentication key (studio.core.signing), valid for a day;
- `kuaishou` (or `kuaishou:COVER.jpg`): a single-use e-commerce push URL from Kuaishou's open
  platform, its room closed again (stopPush) when the show ends.

A generated push URL carries a signature with an expiry, so it is made fresh for each show
and never stored: the spec (`wechat:6474`) is what the studio keeps, the URL lives only in
memory for the stream, and its signature is handed to the log filter before anything can
print it.

Credentials come from the environment first (for automation; never printed or logged),
then from the OS keyring (`studio token set wechat`).
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from pathlib import Path

from studio import credentials
from studio.app.errors import ConfigError
from studio.app.logs import add_secrets
from studio.core.destination import Destination, DestinationError, SecretStr
from studio.core.messages import Message, current_language, said
from studio.core.signing import (
    DEFAULT_VALID_S,
    SigningError,
    StreamPath,
    tencent_push_url,
    volc_push_url,
)
from studio.platform_api.errors import PlatformError
from studio.platform_api.kuaishou import API as KUAISHOU_API
from studio.platform_api.kuaishou import KuaishouCredentials, KuaishouLive
from studio.platform_api.volc import API as VOLC_API
from studio.platform_api.volc import VolcCredentials
from studio.platform_api.wechat import (
    API,
    ENV_API,
    ENV_APPID,
    ENV_SECRET,
    WeChatApi,
    WeChatCredentials,
    room_id_of,
)
from studio.resources import resources_dir

PREFIXES = ("wechat:", "tencent:", "volc:", "kuaishou:")  # and `kuaishou` alone
# the push authentication key of a signed URL, for automation (else the keyring's)
ENV_KEYS = {"tencent": "STUDIO_TENCENT_PUSH_KEY", "volc": "STUDIO_VOLC_PUSH_KEY"}
SIGNERS = {"tencent": tencent_push_url, "volc": volc_push_url}
# a fetched or signed destination's name, in the language the studio speaks when it is made
NAMES = {
    "tencent": ("腾讯云直播", "Tencent Cloud Live"),
    "volc": ("火山引擎直播", "Volcengine Live"),
    "wechat": ("微信小程序直播", "WeChat mini-program live"),
    "kuaishou": ("快手", "Kuaishou"),
}


def _name(kind: str) -> str:
    zh, en = NAMES[kind]
    return zh if current_language() == "zh" else en


ENV_AUTHORIZER = "STUDIO_WECHAT_AUTHORIZER_TOKEN"  # a third-party platform's token instead


def is_generated(spec: str) -> bool:
    """Whether a `--to` value names a push URL to fetch or generate (not a URL itself)."""
    text = spec.strip().lower()
    return text == "kuaishou" or text.startswith(PREFIXES)


def wechat_credentials() -> WeChatCredentials:
    """The mini-program's credentials: STUDIO_WECHAT_APPID/SECRET (or an authorizer token)
    if set, else what `studio token set wechat` kept; ConfigError saying how otherwise."""
    api = os.environ.get(ENV_API, "").strip() or API
    if not api.startswith(("http://", "https://")):
        raise ConfigError(Message("wechat.bad_api", {"var": ENV_API}))
    appid = os.environ.get(ENV_APPID, "").strip()
    secret = os.environ.get(ENV_SECRET, "").strip()
    authorizer = os.environ.get(ENV_AUTHORIZER, "").strip()
    if appid and (secret or authorizer):
        found = WeChatCredentials(
            appid,
            SecretStr(secret) if secret else None,
            SecretStr(authorizer) if authorizer else None,
            api,
        )
    else:
        try:
            kept_appid = credentials.load("wechat", "appid")
            kept_secret = credentials.load("wechat", "secret")
        except credentials.CredentialError as exc:
            raise ConfigError(said(exc)) from None
        if kept_appid is None or kept_secret is None:
            raise ConfigError(Message("wechat.no_credentials"))
        found = WeChatCredentials(kept_appid.reveal(), kept_secret, None, api)
    add_secrets(found.secrets())
    return found


def wechat_room(spec: str) -> int:
    """The room number of `wechat:ROOM_ID`; ConfigError with an example otherwise."""
    try:
        return room_id_of(spec.partition(":")[2])
    except ValueError:
        raise ConfigError(Message("wechat.bad_room", {"spec": spec[:40]})) from None


OnEnd = Callable[[], None]


def resolve(spec: str, name: str = "", title: str = "直播") -> tuple[Destination, OnEnd | None]:
    """The push destination `spec` names, fetched or signed now (blocking: not on a GUI
    thread), and what to do when the stream ends (close the platform's room), if anything."""
    kind = spec.strip().partition(":")[0].lower()
    if kind == "kuaishou":
        return _kuaishou(spec, name, title)
    if kind == "wechat":
        room = wechat_room(spec)
        creds = wechat_credentials()

        async def fetch() -> str:
            async with WeChatApi(creds, on_secret=lambda s: add_secrets((s,))) as api:
                return await api.push_url(room)

        try:
            url = asyncio.run(fetch())
        except PlatformError as exc:
            detail = {"room": room, "reason": said(exc)}
            raise ConfigError(Message("wechat.push_url_failed", detail)) from None
        try:
            destination = Destination.parse(url, name=name or f"{_name('wechat')} {room}")
        except DestinationError as exc:
            raise ConfigError(said(exc)) from None
        add_secrets(destination.secrets())
        return destination, None
    if kind in SIGNERS:
        try:
            path = StreamPath.parse(spec.strip().partition(":")[2])
        except SigningError as exc:
            raise ConfigError(said(exc)) from None
        key = signing_key(kind, path.domain)
        url = SIGNERS[kind](path, key.reveal(), int(time.time()) + DEFAULT_VALID_S)
        destination = Destination.parse(url, name=name or f"{_name(kind)} {path.stream}")
        add_secrets(destination.secrets())
        return destination, None
    raise ConfigError(Message("push.unknown_generated", {"spec": spec[:40]}))


def signing_key(kind: str, domain: str) -> SecretStr:
    """The push authentication key of `domain`: the environment's, else the keyring's."""
    var = ENV_KEYS[kind]
    from_env = os.environ.get(var, "").strip()
    if from_env:
        add_secrets((from_env,))
        return SecretStr(from_env)
    try:
        kept = credentials.load("push-key", f"{kind}:{domain.lower()}")
    except credentials.CredentialError as exc:
        raise ConfigError(said(exc)) from None
    if kept is None:
        detail = {"domain": domain, "kind": kind, "var": var}
        raise ConfigError(Message("signing.no_key", detail))
    add_secrets((kept.reveal(),))
    return kept


def kuaishou_credentials() -> KuaishouCredentials:
    """STUDIO_KUAISHOU_APPID / _TOKEN (/ _BIZID, _API) if set, else `studio token set
    kuaishou`'s; ConfigError saying how otherwise."""
    api = os.environ.get("STUDIO_KUAISHOU_API", "").strip() or KUAISHOU_API
    if not api.startswith(("http://", "https://")):
        raise ConfigError(Message("wechat.bad_api", {"var": "STUDIO_KUAISHOU_API"}))
    app_id = os.environ.get("STUDIO_KUAISHOU_APPID", "").strip()
    token = os.environ.get("STUDIO_KUAISHOU_TOKEN", "").strip()
    biz = os.environ.get("STUDIO_KUAISHOU_BIZID", "").strip()
    if not (app_id and token):
        try:
            kept = [credentials.load("kuaishou", k) for k in ("appid", "token", "bizid")]
        except credentials.CredentialError as exc:
            raise ConfigError(said(exc)) from None
        if kept[0] is None or kept[1] is None:
            raise ConfigError(Message("kuaishou.no_credentials"))
        app_id, token = kept[0].reveal(), kept[1].reveal()
        biz = kept[2].reveal() if kept[2] is not None else ""
    add_secrets((token,))
    return KuaishouCredentials(app_id, SecretStr(token), biz, api)


def _kuaishou(spec: str, name: str, title: str) -> tuple[Destination, OnEnd | None]:
    cover_text = spec.strip().partition(":")[2].strip()
    cover = Path(cover_text) if cover_text else resources_dir() / "icons" / "studio-512.png"
    creds = kuaishou_credentials()
    try:
        with KuaishouLive(creds) as api:
            push = api.push_url(cover, title)
    except PlatformError as exc:
        raise ConfigError(Message("kuaishou.push_url_failed", {"reason": said(exc)})) from None
    try:
        destination = Destination.parse(push.push_url, name=name or _name("kuaishou"))
    except DestinationError as exc:
        raise ConfigError(said(exc)) from None
    add_secrets(destination.secrets())

    def close_room() -> None:
        if push.stream_name:
            with KuaishouLive(creds) as api:
                api.stop(push.stream_name)

    return destination, close_room


def volc_credentials() -> VolcCredentials:
    """STUDIO_VOLC_AK / STUDIO_VOLC_SK (/ STUDIO_VOLC_API) if set, else `studio token set
    volc`'s Access Key; ConfigError saying how otherwise."""
    api = os.environ.get("STUDIO_VOLC_API", "").strip() or VOLC_API
    if not api.startswith(("http://", "https://")):
        raise ConfigError(Message("wechat.bad_api", {"var": "STUDIO_VOLC_API"}))
    ak = os.environ.get("STUDIO_VOLC_AK", "").strip()
    sk = os.environ.get("STUDIO_VOLC_SK", "").strip()
    if not (ak and sk):
        try:
            kept_ak, kept_sk = (credentials.load("volc", k) for k in ("ak", "sk"))
        except credentials.CredentialError as exc:
            raise ConfigError(said(exc)) from None
        if kept_ak is None or kept_sk is None:
            raise ConfigError(Message("volc.no_credentials"))
        ak, sk = kept_ak.reveal(), kept_sk.reveal()
    add_secrets((sk,))
    return VolcCredentials(ak, SecretStr(sk), api)


def volc_activity(spec: str) -> int:
    """The room of `volc:ACTIVITY_ID`; ConfigError with an example otherwise."""
    try:
        return room_id_of(spec.partition(":")[2])
    except ValueError:
        raise ConfigError(Message("volc.bad_activity", {"spec": spec[:40]})) from None


SINGLE_USE = ("kuaishou",)  # a fetched push URL goes live once: never for a test publish
PLATFORM_OF = {"wechat": "wechat_mini", "tencent": "tencent", "kuaishou": "kuaishou"}


def kind_of(spec: str) -> str:
    return spec.strip().partition(":")[0].lower()


def check_spec(spec: str) -> tuple[str, str]:
    """(kind, push domain or "") of a spec, checked without any network call; ConfigError
    with an example otherwise."""
    kind = kind_of(spec)
    if kind == "wechat":
        wechat_room(spec)
        return kind, ""
    if kind in SIGNERS:
        try:
            return kind, StreamPath.parse(spec.strip().partition(":")[2]).domain.lower()
        except SigningError as exc:
            raise ConfigError(said(exc)) from None
    if kind == "kuaishou":
        return kind, ""
    raise ConfigError(Message("push.unknown_generated", {"spec": spec[:40]}))
