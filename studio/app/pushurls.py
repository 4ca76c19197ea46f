"""Push URLs that are fetched or generated at go-live, not pasted.

- `wechat:ROOM_ID`: the mini-program live room's address, fetched from WeChat;
- `tencent:DOMAIN/APP/STREAM`, `volc:DOMAIN/APP/STREAM`: signed here with the domain's push
  authentication key (studio.core.signing), valid for a day.

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

from studio import credentials
from studio.app.errors import ConfigError
from studio.app.logs import add_secrets
from studio.core.destination import Destination, DestinationError, SecretStr
from studio.core.messages import Message, said
from studio.core.signing import (
    DEFAULT_VALID_S,
    SigningError,
    StreamPath,
    tencent_push_url,
    volc_push_url,
)
from studio.platform_api.errors import PlatformError
from studio.platform_api.wechat import (
    API,
    ENV_API,
    ENV_APPID,
    ENV_SECRET,
    WeChatApi,
    WeChatCredentials,
    room_id_of,
)

PREFIXES = ("wechat:", "tencent:", "volc:")
# the push authentication key of a signed URL, for automation (else the keyring's)
ENV_KEYS = {"tencent": "STUDIO_TENCENT_PUSH_KEY", "volc": "STUDIO_VOLC_PUSH_KEY"}
SIGNERS = {"tencent": tencent_push_url, "volc": volc_push_url}
NAMES = {"tencent": "腾讯云直播", "volc": "火山引擎直播"}
ENV_AUTHORIZER = "STUDIO_WECHAT_AUTHORIZER_TOKEN"  # a third-party platform's token instead


def is_generated(spec: str) -> bool:
    """Whether a `--to` value names a push URL to fetch or generate (not a URL itself)."""
    return spec.strip().lower().startswith(PREFIXES)


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
            raise ConfigError(str(exc)) from None
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


def resolve(spec: str, name: str = "") -> Destination:
    """The push destination `spec` names, fetched now (blocking: not on a GUI thread)."""
    kind = spec.strip().partition(":")[0].lower()
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
            destination = Destination.parse(url, name=name or f"微信小程序直播 {room}")
        except DestinationError as exc:
            raise ConfigError(str(exc)) from None
        add_secrets(destination.secrets())
        return destination
    if kind in SIGNERS:
        try:
            path = StreamPath.parse(spec.strip().partition(":")[2])
        except SigningError as exc:
            raise ConfigError(str(exc)) from None
        key = signing_key(kind, path.domain)
        url = SIGNERS[kind](path, key.reveal(), int(time.time()) + DEFAULT_VALID_S)
        destination = Destination.parse(url, name=name or f"{NAMES[kind]} {path.stream}")
        add_secrets(destination.secrets())
        return destination
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
        raise ConfigError(str(exc)) from None
    if kept is None:
        detail = {"domain": domain, "kind": kind, "var": var}
        raise ConfigError(Message("signing.no_key", detail))
    add_secrets((kept.reveal(),))
    return kept
