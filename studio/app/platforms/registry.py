"""The platforms the studio knows, found once: every module of this package that declares a
`PLATFORM` (or `PLATFORMS`), plus any `register`ed at run time (a test's).

Lookups load the package's modules on first use, so importing the registry costs nothing
and a platform module may import whatever its adapter needs.
"""

from __future__ import annotations

import importlib
import pkgutil
import threading
from collections.abc import Callable

from studio.app.errors import ConfigError
from studio.app.platforms.platform_spec import LinkUpChoice, PlatformSpec, TokenForm
from studio.console.descriptions import PLATFORMS as CONSOLES
from studio.core.messages import Message, add_words

_lock = threading.Lock()
_platforms: dict[str, PlatformSpec] = {}
_loaded = False


def _load() -> None:
    global _loaded
    if _loaded:
        return
    with _lock:
        if _loaded:
            return
        import studio.app.platforms as package

        for info in pkgutil.iter_modules(package.__path__):
            if info.name in ("registry", "platform_spec"):
                continue
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            declared = getattr(module, "PLATFORMS", ())
            single = getattr(module, "PLATFORM", None)
            for platform in (*declared, *([single] if single is not None else [])):
                _add(platform)
        _loaded = True


def _add(platform: PlatformSpec) -> None:
    for prefix in platform.prefixes:
        if prefix in _platforms and _platforms[prefix] is not platform:
            raise ValueError(f"two platforms answer to {prefix!r}")
    add_words(platform.words)
    for prefix in platform.prefixes:
        _platforms[prefix] = platform


def register(platform: PlatformSpec) -> Callable[[], None]:
    """Add a platform (one not in this package: a test's); returns what removes it again.
    ValueError when its prefix is another's."""
    _load()
    with _lock:
        _add(platform)

    def unregister() -> None:
        with _lock:
            for prefix in platform.prefixes:
                if _platforms.get(prefix) is platform:
                    del _platforms[prefix]

    return unregister


def platforms() -> list[PlatformSpec]:
    """Every platform once, in `order`."""
    _load()
    unique = {id(p): p for p in _platforms.values()}
    return sorted(unique.values(), key=lambda p: (p.order, p.kind))


def kind_of(spec: str) -> str:
    """The prefix of a spec: `wechat` of `wechat:6474`, `https` of `https://shop`."""
    return spec.strip().partition(":")[0].lower()


def find(spec: str) -> PlatformSpec | None:
    """The platform a spec names by its prefix, if any."""
    _load()
    return _platforms.get(kind_of(spec))


def get(kind: str) -> PlatformSpec:
    """The platform of that prefix; KeyError when none answers to it."""
    _load()
    return _platforms[kind]


# -- link-ups (`--platform`, the show) ---------------------------------------------------------
def link_up_platform(spec: str) -> PlatformSpec:
    """The platform `--platform spec` links up on; ConfigError when none does."""
    platform = find(spec)
    if platform is None or platform.adapter is None:
        raise ConfigError(Message("show.unknown_platform", {"spec": spec[:60]}))
    return platform


def repeat_safe(spec: str) -> bool:
    """Whether the platform `spec` names takes an in-flight link-up sent again as one (its
    adapter says so), known before anything connects; unknown is not safe."""
    platform = find(spec)
    return platform is not None and platform.adapter is not None and platform.repeat_safe


def link_up_usage() -> str:
    """The CLI's `--platform` help: every link-up platform's form."""
    return " | ".join(p.usage for p in platforms() if p.adapter is not None and p.usage)


# -- push URLs made at go-live (`--to wechat:ROOM_ID`) -----------------------------------------
def push_platform(spec: str) -> PlatformSpec | None:
    """The platform that makes a push URL from `spec`, if it names one (a URL does not)."""
    platform = find(spec)
    if platform is None or platform.push is None:
        return None
    text = spec.strip()
    return platform if ":" in text or platform.push.bare else None


# -- comments (`--comments bilibili`) ----------------------------------------------------------
def comment_platform(spec: str) -> PlatformSpec:
    """The platform whose comment feed `spec` names; ConfigError when none does."""
    platform = find(spec)
    if platform is None or platform.comments is None:
        raise ConfigError(Message("comments.unknown", {"spec": spec[:40]}))
    return platform


def comments_usage() -> str:
    """The CLI's `--comments` help: every comment feed's form."""
    return " or ".join(p.comments_usage for p in platforms() if p.comments_usage)


# -- `studio token set|forget NAME` ------------------------------------------------------------
def token_form(text: str) -> TokenForm:
    """What `studio token` asks for and keeps for NAME: the first platform (in order) that
    owns it. ConfigError (said by that platform) when NAME is malformed."""
    which = text.strip().lower()
    console = which.removeprefix("console:")
    # a console is logged in to, never given a token: said for console:NAME, and for a bare
    # console name no other platform owns (kuaishou's open platform does own "kuaishou")
    no_token = ConfigError(
        Message("console.no_token", {"name": text.strip()[:30], "platform": console[:20]})
    )
    if which.startswith("console:"):
        raise no_token
    try:
        for platform in platforms():
            if platform.tokens is not None:
                form = platform.tokens(text.strip())
                if form is not None:
                    return form
    except ConfigError:
        if console in CONSOLES:
            raise no_token from None
        raise
    if console in CONSOLES:
        raise no_token
    raise ConfigError(Message("show.bad_platform_url", {"spec": text[:60]}))


def token_usage() -> str:
    """The CLI's help for `studio token`'s NAME."""
    return "; ".join(p.token_usage for p in platforms() if p.token_usage)


# -- the window --------------------------------------------------------------------------------
def link_up_choices() -> list[LinkUpChoice]:
    """The window's answers to "where do the product links go up", in order."""
    found = [c for p in platforms() for c in p.choices]
    return sorted(found, key=lambda c: c.order)


def link_up_choice(spec: str) -> LinkUpChoice | None:
    return next((c for c in link_up_choices() if c.spec == spec), None)
