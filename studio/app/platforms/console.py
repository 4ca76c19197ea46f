"""The platforms' own live consoles in the merchant's browser (`console:douyin|buyin|kuaishou|
taobao|channels`): at zero the studio clicks 讲解 there as the host would
(`studio.console.platform.ConsoleLive`), with the studio's own browser profile (owner-only, in
the data folder, so the login stays across shows: `studio console login PLATFORM`) and the
consoles' drop-in descriptions. A click is idempotent (already in 讲解: not clicked again), so
a repeat after a crash counts once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from studio.app.errors import ConfigError
from studio.app.paths import data_dir
from studio.app.platforms.spec import Opening, PlatformSpec
from studio.console.spec import PLATFORMS as CONSOLES
from studio.core.messages import Message, Words

if TYPE_CHECKING:
    from studio.console.platform import ConsoleLive

KIND = "console"


def console_platform(spec: str) -> str:
    """The console of `console:PLATFORM`; ConfigError naming the ones there are."""
    name = spec.partition(":")[2].strip().lower()
    if name not in CONSOLES:
        raise ConfigError(Message("console.unknown", {"name": name[:20]}))
    return name


def console_adapter(spec: str, _opening: Opening | None = None) -> ConsoleLive:
    """The console adapter with the studio's own browser profile and drop-in descriptions."""
    from studio.console.platform import ConsoleLive

    return ConsoleLive(
        console_platform(spec), data_dir() / "browser", spec_dir=data_dir() / "consoles"
    )


def _report_name(spec: str, w: Words) -> str:
    which = spec.partition(":")[2]
    name = w.get(f"platform_console_{which}", "") or w.get(f"platform_{which}", "")
    return w["platform_console"].format(name=name or w["platform_other"])


def _check(spec: str) -> None:
    console_platform(spec)  # ConfigError for a console the studio does not know


PLATFORM = PlatformSpec(
    KIND,
    Message("platforms.console.name"),
    usage=f"console:{'|'.join(CONSOLES)} (the live console in your browser: log in first "
    "with `studio console login`)",
    order=58,
    check=_check,
    adapter=console_adapter,
    report_name=_report_name,
    repeat_safe=True,  # ConsoleLive's: a product already in 讲解 is not clicked again
    words={"platforms.console.name": ("直播中控台", "the live console")},
)
