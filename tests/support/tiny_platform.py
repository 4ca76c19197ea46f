"""A platform that lives in the tests, to show that adding one is one module: its description
(`PLATFORM`) and nothing else in the studio. Its link-ups are the real assisted adapter's (the
host clicks in the platform's console); its one secret is a shop key kept in the keyring.

Registered only by the `tiny_platform` fixture, never from the package."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from studio.app.errors import ConfigError
from studio.app.platforms import LinkUpChoice, Opening, PlatformSpec, Secret, TokenForm, register
from studio.core.messages import Message
from studio.platform_api.assisted import AssistedPlatform

KIND = "tiny"
SHOP_KEY = Secret(KIND, "shop_key", "shop key: ")


def _check(spec: str) -> None:
    shop = spec.partition(":")[2].strip()
    if not (shop.isascii() and shop.isalnum()):
        raise ConfigError(Message("tests.tiny.bad_shop", {"spec": spec[:40]}))


def _adapter(spec: str, _opening: Opening) -> AssistedPlatform:
    _check(spec)
    return AssistedPlatform(KIND)


PLATFORM = PlatformSpec(
    KIND,
    Message("tests.tiny.name"),
    usage="tiny:SHOP (a test's platform)",
    order=55,
    check=_check,
    adapter=_adapter,
    repeat_safe=True,
    tokens=lambda text: TOKENS if text.lower() == KIND else None,
    token_usage="tiny (the shop key)",
    choices=(
        LinkUpChoice(
            KIND,
            Message("tests.tiny.label"),
            Message("tests.tiny.detail"),
            order=55,
            live_spec=lambda get: f"{KIND}:{get('show/tiny_shop', 'corner')}",
        ),
    ),
    words={
        "tests.tiny.name": ("小小平台", "Tiny"),
        "tests.tiny.label": ("小小平台：我在它的中控台点", "Tiny: I click in its console"),
        "tests.tiny.detail": (
            "到 0 时提醒你在小小平台点上架。",
            "At 0 you click in Tiny's console.",
        ),
        "tests.tiny.bad_shop": (
            "小小平台的店铺名只能是字母和数字：{spec}",
            "Tiny's shop name is letters and digits: {spec}",
        ),
        "tests.tiny.kept": ("小小平台的店铺密钥已保存", "Tiny's shop key is kept"),
    },
)
TOKENS = TokenForm(
    (SHOP_KEY,), missing=Message("cli.token_empty"), kept=lambda _v: Message("tests.tiny.kept")
)


@pytest.fixture
def tiny_platform() -> Iterator[PlatformSpec]:
    """The tiny platform registered for one test, and removed after it."""
    unregister = register(PLATFORM)
    try:
        yield PLATFORM
    finally:
        unregister()
