"""Kuaishou's open platform (快手开放平台): a single-use e-commerce push URL per show
(`--to kuaishou` or `kuaishou:COVER.jpg`), its room closed again (stopPush) when the show
ends. Its link-ups are assisted ones (`assisted:kuaishou`): the open API lists nothing.

Credentials: STUDIO_KUAISHOU_APPID / _TOKEN (/ _BIZID, _API) for automation, else `studio token
set kuaishou`'s from the keyring.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from studio.app.errors import ConfigError
from studio.app.logs import add_secrets
from studio.app.platforms.platform_spec import (
    CredentialError,
    OnEnd,
    PlatformSpec,
    PushMaker,
    Secret,
    TokenForm,
)
from studio.core.destination import Destination, DestinationError, SecretStr
from studio.core.messages import Message, said

if TYPE_CHECKING:
    from studio.platform_api.kuaishou import KuaishouCredentials
from studio.resources import resources_dir

KIND = "kuaishou"
ENV_API = "STUDIO_KUAISHOU_API"
APPID = Secret(KIND, "appid", "app_id: ", hidden=False, env="STUDIO_KUAISHOU_APPID")
TOKEN = Secret(KIND, "token", "access_token: ", env="STUDIO_KUAISHOU_TOKEN")
BIZID = Secret(KIND, "bizid", "bizId: ", hidden=False, required=False, env="STUDIO_KUAISHOU_BIZID")


def kuaishou_credentials() -> KuaishouCredentials:
    """STUDIO_KUAISHOU_APPID / _TOKEN (/ _BIZID, _API) if set, else `studio token set
    kuaishou`'s; ConfigError saying how otherwise."""
    from studio.platform_api.kuaishou import API, KuaishouCredentials

    api = os.environ.get(ENV_API, "").strip() or API
    if not api.startswith(("http://", "https://")):
        raise ConfigError(Message("wechat.bad_api", {"var": ENV_API}))
    app_id = os.environ.get(APPID.env, "").strip()
    token = os.environ.get(TOKEN.env, "").strip()
    biz = os.environ.get(BIZID.env, "").strip()
    if not (app_id and token):
        try:
            kept = [s.load() for s in (APPID, TOKEN, BIZID)]
        except CredentialError as exc:
            raise ConfigError(said(exc)) from None
        if kept[0] is None or kept[1] is None:
            raise ConfigError(Message("kuaishou.no_credentials"))
        app_id, token = kept[0].reveal(), kept[1].reveal()
        biz = kept[2].reveal() if kept[2] is not None else ""
    add_secrets((token,))
    return KuaishouCredentials(app_id, SecretStr(token), biz, api)


def _push(spec: str, name: str, title: str) -> tuple[Destination, OnEnd | None]:
    from studio.platform_api.errors import PlatformError
    from studio.platform_api.kuaishou import KuaishouLive

    cover_text = spec.strip().partition(":")[2].strip()
    cover = Path(cover_text) if cover_text else resources_dir() / "icons" / "studio-512.png"
    creds = kuaishou_credentials()
    try:
        with KuaishouLive(creds) as api:
            push = api.push_url(cover, title)
    except PlatformError as exc:
        raise ConfigError(Message("kuaishou.push_url_failed", {"reason": said(exc)})) from None
    try:
        destination = Destination.parse(push.push_url, name=name or str(PLATFORM.title))
    except DestinationError as exc:
        raise ConfigError(said(exc)) from None
    add_secrets(destination.secrets())

    def close_room() -> None:
        if push.stream_name:
            with KuaishouLive(creds) as api:
                api.stop(push.stream_name)

    return destination, close_room


TOKENS = TokenForm(
    (APPID, TOKEN, BIZID),
    missing=Message("kuaishou.no_credentials"),
    kept=lambda _values: Message("cli.token_kept", {"origin": KIND}),
)

PLATFORM = PlatformSpec(
    KIND,
    Message("platforms.kuaishou.name"),
    order=45,
    push=PushMaker(
        _push,
        lambda _spec: "",
        "kuaishou[:COVER.jpg]",
        bare=True,
        single_use=True,
        preset=KIND,
        choice="assisted:kuaishou",
    ),
    tokens=lambda text: TOKENS if text.lower() == KIND else None,
    token_usage="kuaishou (app_id, the OAuth access_token and bizId)",
    words={"platforms.kuaishou.name": ("快手", "Kuaishou")},
)
