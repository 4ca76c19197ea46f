"""A shop's own server (`--platform https://shop.example.com`): the studio lists each product
itself at zero through the open contract (`studio/platform_api/openapi.yaml`), with the
server's bearer token from the keyring (`studio token set https://shop.example.com`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from studio.app.errors import ConfigError
from studio.app.platforms.platform_spec import (
    CredentialError,
    LinkUpChoice,
    Opening,
    PlatformSpec,
    Secret,
    TokenForm,
)
from studio.core.messages import Message, said

if TYPE_CHECKING:
    from studio.platform_api.http import HttpPlatform

CHOICE_SPEC = "http"  # the window's choice: the address is a setting of its own
URL_SETTING = "show/platform_url"
TOKEN_KIND = "platform"  # the keyring kind of every server's token, named by its origin


def platform_origin(url: str) -> str:
    """scheme://host[:port] of a platform address; ValueError if it is not one."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(url)
    parts.port  # noqa: B018 - ValueError for a port that is not one
    return f"{parts.scheme}://{parts.netloc}"


def server_token(origin: str) -> Secret:
    """The keyring entry of the server's bearer token."""
    return Secret(TOKEN_KIND, origin, Message("cli.token_prompt", {"origin": origin}))


def _origin(spec: str) -> str:
    try:
        return platform_origin(spec)
    except ValueError:
        raise ConfigError(Message("show.bad_platform_url", {"spec": spec[:60]})) from None


def _check(spec: str) -> None:
    _origin(spec)


def _adapter(spec: str, _opening: Opening) -> HttpPlatform:
    from studio.platform_api.http import HttpPlatform

    origin = _origin(spec)
    try:
        token = server_token(origin).load()
    except CredentialError as exc:
        raise ConfigError(said(exc)) from None
    return HttpPlatform(spec, token, name=origin)


def _tokens(text: str) -> TokenForm:
    """Anything no other platform owns is a server's address (or said not to be one)."""
    origin = _origin(text)
    return TokenForm(
        (server_token(origin),),
        missing=Message("cli.token_empty"),
        kept=lambda _values: Message("cli.token_kept", {"origin": origin}),
    )


def _live_spec(get: Callable[[str, str], str]) -> str:
    return get(URL_SETTING, "") or "assisted"


PLATFORM = PlatformSpec(
    "http",
    Message("platforms.shop.name"),
    usage="http(s)://URL",
    order=900,  # last: `studio token` gives it whatever no other platform owns
    kinds=("https",),
    check=_check,
    adapter=_adapter,
    repeat_safe=True,  # HttpPlatform's: the open contract dedupes by idempotency key
    tokens=_tokens,
    token_usage="or the platform's address, e.g. https://shop.example.com",
    choices=(
        LinkUpChoice(
            CHOICE_SPEC,
            Message("platforms.shop.label"),
            Message("platforms.shop.detail"),
            order=60,
            needs_setup=True,
            live_spec=_live_spec,
        ),
    ),
    words={
        "platforms.shop.name": ("店铺服务器", "the shop's server"),
        "platforms.shop.label": ("我的店铺服务器（开放接口）", "My shop's server (open contract)"),
        "platforms.shop.detail": (
            "到 0 时工作台通过开放接口自动把商品上架到你店铺自己的服务器"
            "（下一步填写服务器地址和令牌）。",
            "The studio lists the product on your shop's own server itself at 0, through the "
            "open contract (its address and token come next).",
        ),
    },
)
