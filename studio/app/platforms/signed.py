"""Push URLs signed here with a push domain's authentication key (Tencent Cloud, Volcengine:
`tencent:DOMAIN/APP/STREAM`), valid for a day: what both signing platforms share. The key
comes from the environment first (automation), else the keyring (`studio token set
tencent:DOMAIN`), one per domain."""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from studio.app.errors import ConfigError
from studio.app.logs import add_secrets
from studio.app.platforms.platform_spec import CredentialError, OnEnd, PushMaker, Secret, TokenForm
from studio.core.destination import Destination, SecretStr
from studio.core.messages import Message, said
from studio.core.signing import DEFAULT_VALID_S, SigningError, StreamPath

PUSH_KEY = "push-key"  # the keyring kind of every domain's key


def push_key(kind: str, domain: str) -> Secret:
    """The keyring entry of `domain`'s push authentication key on `kind`'s platform."""
    return Secret(
        PUSH_KEY, f"{kind}:{domain.lower()}", Message("cli.push_key_prompt", {"domain": domain})
    )


def stream_path(spec: str) -> StreamPath:
    """DOMAIN/APP/STREAM of `kind:DOMAIN/APP/STREAM`; ConfigError with an example otherwise."""
    try:
        return StreamPath.parse(spec.strip().partition(":")[2])
    except SigningError as exc:
        raise ConfigError(said(exc)) from None


def signing_key(kind: str, env: str, domain: str) -> SecretStr:
    """The push authentication key of `domain`: the environment's, else the keyring's."""
    from_env = os.environ.get(env, "").strip()
    if from_env:
        add_secrets((from_env,))
        return SecretStr(from_env)
    try:
        kept = push_key(kind, domain).load()
    except CredentialError as exc:
        raise ConfigError(said(exc)) from None
    if kept is None:
        detail = {"domain": domain, "kind": kind, "var": env}
        raise ConfigError(Message("signing.no_key", detail))
    add_secrets((kept.reveal(),))
    return kept


Signer = Callable[[StreamPath, str, int], str]


def signed_push(
    kind: str, env: str, title: Message, signer: Signer, preset: str = "custom"
) -> PushMaker:
    """The push maker of a signing platform: its URL signed now with the domain's key."""

    def make(spec: str, name: str, _title: str) -> tuple[Destination, OnEnd | None]:
        path = stream_path(spec)
        key = signing_key(kind, env, path.domain)
        url = signer(path, key.reveal(), int(time.time()) + DEFAULT_VALID_S)
        destination = Destination.parse(url, name=name or f"{title} {path.stream}")
        add_secrets(destination.secrets())
        return destination, None

    def check(spec: str) -> str:
        return stream_path(spec).domain.lower()

    return PushMaker(make, check, f"{kind}:DOMAIN/APP/STREAM", preset=preset)


def push_key_form(kind: str, text: str) -> TokenForm | None:
    """`studio token set KIND:DOMAIN`: that push domain's key (None: `text` is not that)."""
    prefix, colon, rest = text.partition(":")
    if not colon or prefix.lower() != kind:
        return None
    domain = rest.strip().lower()
    try:
        StreamPath.parse(f"{domain}/live/x")
    except SigningError:
        raise ConfigError(Message("signing.bad_path", {"spec": f"{domain}/APP/STREAM"})) from None
    return TokenForm(
        (push_key(kind, domain),),
        missing=Message("cli.token_empty"),
        kept=lambda _values: Message("cli.push_key_kept", {"domain": domain}),
    )
