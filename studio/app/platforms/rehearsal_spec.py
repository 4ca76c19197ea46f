"""The built-in rehearsal platform (`--platform rehearsal`, the default): started on loopback
for the show, with its simulated audience, and stopped with it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from studio.app.errors import ConfigError
from studio.app.platforms.platform_spec import Opening, PlatformSpec
from studio.core.messages import Message

if TYPE_CHECKING:
    from studio.platform_api.http import HttpPlatform
    from studio.rehearsal.server import RehearsalServer

KIND = "rehearsal"  # the spec, and the platform a rehearsal's show is journaled with


def _check(spec: str) -> None:
    if spec.strip() != KIND:
        raise ConfigError(Message("show.unknown_platform", {"spec": spec[:60]}))


def _adapter(spec: str, opening: Opening) -> HttpPlatform:
    from studio.platform_api.http import HttpPlatform
    from studio.rehearsal.audience import AudienceSettings
    from studio.rehearsal.server import RehearsalServer

    _check(spec)
    opening.server = RehearsalServer(
        audience=AudienceSettings(size=opening.audience, seed=opening.seed)
    )
    opening.server.start()
    return HttpPlatform(opening.server.url, name=KIND)


def rehearsal_server(
    port: int = 0, token: str | None = None, audience: int = 200, seed: int = 0
) -> RehearsalServer:
    """The built-in platform on its own (`studio platform`), not started yet; OSError when
    the port cannot be had."""
    from studio.rehearsal.audience import AudienceSettings
    from studio.rehearsal.server import RehearsalServer

    return RehearsalServer(
        port=port, token=token, audience=AudienceSettings(size=audience, seed=seed)
    )


PLATFORM = PlatformSpec(
    KIND,
    Message("platforms.rehearsal.name"),
    usage="rehearsal (built-in, default)",
    order=0,
    check=_check,
    adapter=_adapter,
    report_name=lambda _spec, w: w["platform_rehearsal"],
    repeat_safe=True,  # HttpPlatform's: the open contract dedupes by idempotency key
    words={"platforms.rehearsal.name": ("彩排平台", "the rehearsal platform")},
)
