"""WeChat mini-program live (`wechat:ROOM_ID`): the studio lists each product in the room
itself at zero, through WeChat's API, and can fetch the room's push address at go-live.

Credentials: STUDIO_WECHAT_APPID / STUDIO_WECHAT_SECRET (or STUDIO_WECHAT_AUTHORIZER_TOKEN, a
third-party platform's) for automation, else `studio token set wechat`'s AppID and AppSecret
from the keyring. A link-up in flight when the studio died is not sent again unasked: goods
added to a room twice are listed twice (`WeChatLive.repeat_safe`).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from studio.app.errors import ConfigError
from studio.app.logs import add_secrets
from studio.app.platforms.platform_spec import (
    CredentialError,
    LinkUpChoice,
    OnEnd,
    Opening,
    PlatformSpec,
    PushMaker,
    Secret,
    TokenForm,
)
from studio.core.destination import Destination, DestinationError, SecretStr
from studio.core.messages import Message, said

if TYPE_CHECKING:
    from studio.platform_api.wechat import WeChatCredentials, WeChatLive

KIND = "wechat"
ENV_AUTHORIZER = "STUDIO_WECHAT_AUTHORIZER_TOKEN"  # a third-party platform's token instead
APPID = Secret(KIND, "appid", Message("cli.wechat_appid_prompt"), hidden=False)
SECRET = Secret(KIND, "secret", Message("cli.wechat_secret_prompt"))
# the link-up settings' keys for this platform (the window's)
ROOM_SETTING = "show/wechat_room"
PUSH_SETTING = "show/wechat_push"


def room_number(text: str) -> int:
    """A room number as typed (`6474`); ValueError unless it is a positive number."""
    from studio.platform_api.wechat import room_id_of

    return room_id_of(text)


def wechat_room(spec: str) -> int:
    """The room number of `wechat:ROOM_ID`; ConfigError with an example otherwise."""
    try:
        return room_number(spec.partition(":")[2])
    except ValueError:
        raise ConfigError(Message("wechat.bad_room", {"spec": spec[:40]})) from None


def good_appid(appid: str) -> bool:
    """An AppID as WeChat gives it: letters and digits (wx…), not too long."""
    return appid.isascii() and appid.isalnum() and 0 < len(appid) <= 64


def wechat_credentials() -> WeChatCredentials:
    """The mini-program's credentials: STUDIO_WECHAT_APPID/SECRET (or an authorizer token)
    if set, else what `studio token set wechat` kept; ConfigError saying how otherwise."""
    from studio.platform_api.wechat import API, ENV_API, ENV_APPID, ENV_SECRET, WeChatCredentials

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
            kept_appid = APPID.load()
            kept_secret = SECRET.load()
        except CredentialError as exc:
            raise ConfigError(said(exc)) from None
        if kept_appid is None or kept_secret is None:
            raise ConfigError(Message("wechat.no_credentials"))
        found = WeChatCredentials(kept_appid.reveal(), kept_secret, None, api)
    add_secrets(found.secrets())
    return found


def kept_appid() -> str:
    """The AppID kept in the keyring ("" when none); a keyring read, so not on a GUI thread."""
    appid = APPID.load()
    return appid.reveal() if appid is not None else ""


def _check(spec: str) -> None:
    wechat_room(spec)  # ConfigError for a room that is not a number
    wechat_credentials()  # and for credentials that are not there


def _adapter(spec: str, _opening: Opening) -> WeChatLive:
    from studio.platform_api.wechat import WeChatLive

    return WeChatLive(
        wechat_room(spec), wechat_credentials(), on_secret=lambda s: add_secrets((s,))
    )


def _push(spec: str, name: str, _title: str) -> tuple[Destination, OnEnd | None]:
    """The room's push address, fetched from WeChat now."""
    from studio.platform_api.errors import PlatformError
    from studio.platform_api.wechat import WeChatApi

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
        destination = Destination.parse(url, name=name or f"{PLATFORM.title} {room}")
    except DestinationError as exc:
        raise ConfigError(said(exc)) from None
    add_secrets(destination.secrets())
    return destination, None


def _check_push(spec: str) -> str:
    wechat_room(spec)
    return ""


def _token_check(values: Mapping[str, str]) -> Message | None:
    appid = values[APPID.name]
    return None if good_appid(appid) else Message("cli.wechat_bad_appid", {"appid": appid[:20]})


TOKENS = TokenForm(
    (APPID, SECRET),
    missing=Message("cli.wechat_token_empty"),
    kept=lambda values: Message("cli.wechat_token_kept", {"appid": values[APPID.name]}),
    check=_token_check,
)


def _live_spec(get: Callable[[str, str], str]) -> str:
    return f"{KIND}:{get(ROOM_SETTING, '')}"


def _pushes(get: Callable[[str, str], str]) -> list[str]:
    """The room's push address too, when the host asked for the stream to go there."""
    room = get(ROOM_SETTING, "")
    return [f"{KIND}:{room}"] if room and get(PUSH_SETTING, "true") == "true" else []


CHOICE = LinkUpChoice(
    KIND,
    Message("platforms.wechat.label"),
    Message("platforms.wechat.detail"),
    order=40,
    name=Message("platforms.wechat.name"),
    ingest=("wechat_mini",),
    needs_setup=True,
    live_spec=_live_spec,
    pushes=_pushes,
)

PLATFORM = PlatformSpec(
    KIND,
    Message("platforms.wechat.name"),
    usage="wechat:ROOM_ID (mini-program live)",
    order=40,
    check=_check,
    adapter=_adapter,
    repeat_safe=False,  # WeChatLive's: goods added twice are listed twice
    push=PushMaker(_push, _check_push, "wechat:ROOM_ID", preset="wechat_mini", choice=KIND),
    tokens=lambda text: TOKENS if text.lower() == KIND else None,
    token_usage="wechat (the mini-program's AppID and AppSecret, for wechat:ROOM_ID)",
    choices=(CHOICE,),
    words={
        "platforms.wechat.name": ("微信小程序直播", "WeChat mini-program live"),
        "platforms.wechat.label": (
            "微信小程序直播（到 0 工作台自动上链接）",
            "WeChat mini-program live (the studio lists it at zero)",
        ),
        "platforms.wechat.detail": (
            "到 0 时工作台通过微信接口自动把商品上架到你的小程序直播间（下一步填写房间号、"
            "AppID 和 AppSecret）。",
            "The studio lists the product in your mini-program's live room itself at 0, "
            "through WeChat's API (the room number, AppID and AppSecret come next).",
        ),
    },
)
