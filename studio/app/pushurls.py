"""Push URLs that are fetched or generated at go-live, not pasted.

Each platform that makes them says how (`studio.app.platforms`, its `PushMaker`):

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

from studio.app.errors import ConfigError
from studio.app.platforms import PlatformSpec, PushMaker, kind_of, push_platform
from studio.app.platforms.platform_spec import OnEnd
from studio.core.destination import Destination
from studio.core.messages import Message

__all__ = ["OnEnd", "check_spec", "is_generated", "kind_of", "preset_of", "resolve", "single_use"]


def is_generated(spec: str) -> bool:
    """Whether a `--to` value names a push URL to fetch or generate (not a URL itself)."""
    return push_platform(spec) is not None


def _maker(spec: str) -> tuple[PlatformSpec, PushMaker]:
    platform = push_platform(spec)
    if platform is None or platform.push is None:
        raise ConfigError(Message("push.unknown_generated", {"spec": spec[:40]}))
    return platform, platform.push


def resolve(spec: str, name: str = "", title: str = "直播") -> tuple[Destination, OnEnd | None]:
    """The push destination `spec` names, fetched or signed now (blocking: not on a GUI
    thread), and what to do when the stream ends (close the platform's room), if anything."""
    return _maker(spec)[1].make(spec, name, title)


def check_spec(spec: str) -> tuple[str, str]:
    """(kind, push domain or "") of a spec, checked without any network call; ConfigError
    with an example otherwise."""
    platform, maker = _maker(spec)
    return platform.kind, maker.check(spec)


def single_use(spec: str) -> bool:
    """A push URL made from `spec` goes live once: never for a test publish."""
    platform = push_platform(spec)
    return platform is not None and platform.push is not None and platform.push.single_use


def preset_of(spec: str) -> str:
    """The `studio.core.presets` row a generated push's advice comes from."""
    platform = push_platform(spec)
    return platform.push.preset if platform is not None and platform.push else "custom"
