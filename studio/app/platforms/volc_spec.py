"""Volcengine (火山引擎): enterprise live rooms whose products the studio lists at zero
(`--platform volc:ACTIVITY_ID`), and push URLs signed with the push domain's key
(`--to volc:DOMAIN/APP/STREAM`).

Credentials: STUDIO_VOLC_AK / STUDIO_VOLC_SK (/ STUDIO_VOLC_API) for automation, else `studio
token set volc`'s Access Key from the keyring; the push key: STUDIO_VOLC_PUSH_KEY, else
`studio token set volc:DOMAIN`'s.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from studio.app.errors import ConfigError
from studio.app.logs import add_secrets
from studio.app.platforms.platform_spec import (
    CredentialError,
    Opening,
    PlatformSpec,
    Secret,
    TokenForm,
)
from studio.app.platforms.signed import push_key_form, signed_push
from studio.core.destination import SecretStr
from studio.core.messages import Message, said
from studio.core.signing import volc_push_url

if TYPE_CHECKING:
    from studio.platform_api.volc import VolcCredentials, VolcLive

KIND = "volc"
ENV_KEY = "STUDIO_VOLC_PUSH_KEY"
ENV_API = "STUDIO_VOLC_API"
AK = Secret(KIND, "ak", "Access Key ID: ", hidden=False, env="STUDIO_VOLC_AK")
SK = Secret(KIND, "sk", "Secret Access Key: ", env="STUDIO_VOLC_SK")
TITLE = Message("platforms.volc.name")


def volc_credentials() -> VolcCredentials:
    """STUDIO_VOLC_AK / STUDIO_VOLC_SK (/ STUDIO_VOLC_API) if set, else `studio token set
    volc`'s Access Key; ConfigError saying how otherwise."""
    from studio.platform_api.volc import API, VolcCredentials

    api = os.environ.get(ENV_API, "").strip() or API
    if not api.startswith(("http://", "https://")):
        raise ConfigError(Message("wechat.bad_api", {"var": ENV_API}))
    ak = os.environ.get(AK.env, "").strip()
    sk = os.environ.get(SK.env, "").strip()
    if not (ak and sk):
        try:
            kept_ak, kept_sk = AK.load(), SK.load()
        except CredentialError as exc:
            raise ConfigError(said(exc)) from None
        if kept_ak is None or kept_sk is None:
            raise ConfigError(Message("volc.no_credentials"))
        ak, sk = kept_ak.reveal(), kept_sk.reveal()
    add_secrets((sk,))
    return VolcCredentials(ak, SecretStr(sk), api)


def volc_activity(spec: str) -> int:
    """The room of `volc:ACTIVITY_ID`; ConfigError with an example otherwise."""
    from studio.platform_api.wechat import room_id_of

    try:
        return room_id_of(spec.partition(":")[2])
    except ValueError:
        raise ConfigError(Message("volc.bad_activity", {"spec": spec[:40]})) from None


def _check(spec: str) -> None:
    volc_activity(spec)
    volc_credentials()


def _adapter(spec: str, _opening: Opening) -> VolcLive:
    from studio.platform_api.volc import VolcLive

    return VolcLive(volc_activity(spec), volc_credentials())


TOKENS = TokenForm(
    (AK, SK),
    missing=Message("volc.no_credentials"),
    kept=lambda _values: Message("cli.token_kept", {"origin": KIND}),
)


def _tokens(text: str) -> TokenForm | None:
    return TOKENS if text.lower() == KIND else push_key_form(KIND, text)


PLATFORM = PlatformSpec(
    KIND,
    TITLE,
    usage="volc:ACTIVITY_ID (Volcengine enterprise live)",
    order=50,
    check=_check,
    adapter=_adapter,
    repeat_safe=True,  # VolcLive's
    push=signed_push(KIND, ENV_KEY, TITLE, volc_push_url),
    tokens=_tokens,
    token_usage="volc (the Volcengine Access Key ID and Secret Access Key)",
    words={"platforms.volc.name": ("火山引擎直播", "Volcengine Live")},
)
