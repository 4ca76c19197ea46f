"""The platforms' own live consoles in the merchant's browser (`console:douyin|buyin|kuaishou|
taobao|channels`): at zero the studio clicks 讲解 there as the host would
(`studio.console.adapter.ConsoleLive`), with the studio's own browser profile (owner-only, in
the data folder, so the login stays across shows: `studio console login PLATFORM`) and the
consoles' drop-in descriptions. A click is idempotent (already in 讲解: not clicked again), so
a repeat after a crash counts once."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from studio.app.errors import ConfigError
from studio.app.paths import data_dir
from studio.app.platforms.platform_spec import LinkUpChoice, Opening, PlatformSpec
from studio.console.descriptions import PLATFORMS as CONSOLES
from studio.console.logins import Login, known_login
from studio.core.messages import Message, Words

if TYPE_CHECKING:
    from studio.console.adapter import ConsoleLive

KIND = "console"


def console_platform(spec: str) -> str:
    """The console of `console:PLATFORM`; ConfigError naming the ones there are."""
    name = spec.partition(":")[2].strip().lower()
    if not name:
        raise ConfigError(Message("console.no_name"))
    if name not in CONSOLES:
        raise ConfigError(Message("console.unknown", {"name": name[:20]}))
    return name


def console_adapter(spec: str, _opening: Opening | None = None) -> ConsoleLive:
    """The console adapter with the studio's own browser profile and drop-in descriptions."""
    from studio.console.adapter import ConsoleLive

    return ConsoleLive(console_platform(spec), profile(), spec_dir=data_dir() / "consoles")


def _report_name(spec: str, w: Words) -> str:
    which = spec.partition(":")[2]
    name = w.get(f"platform_console_{which}", "") or w.get(f"platform_{which}", "")
    return w["platform_console"].format(name=name or w["platform_other"])


def _check(spec: str) -> None:
    console_platform(spec)  # ConfigError for a console the studio does not know


def profile() -> Path:
    """The studio's own browser profile (owner-only, in the data folder)."""
    return data_dir() / "browser"


def _login(which: str) -> Login | None:
    try:
        return known_login(profile(), which)
    except ConfigError:  # a data folder that cannot be made: said where it is used
        return None


def login_state(which: str) -> Message:
    """已登录：某某农场 (as last seen, at login or before a show), or 未登录."""
    login = _login(which)
    if login is None:
        return Message("console.login_short_unknown")
    return Message("console.login_short_known", {"account": login.account})


def login_todo(which: str) -> Message | None:
    """How to log in, while the studio has not seen this console logged in."""
    if _login(which) is not None:
        return None
    console = Message(f"console.name.{which}")
    return Message("console.login_unknown", {"console": console, "platform": which})


def _choice(which: str, order: int) -> LinkUpChoice:
    """The window's choice of link-ups clicked in `which`'s console, with its login state."""
    return LinkUpChoice(
        f"{KIND}:{which}",
        Message("platforms.console.label", {"console": Message(f"console.name.{which}")}),
        Message("platforms.console.detail", {"console": Message(f"console.name.{which}")}),
        order=order,
        name=Message(f"console.name.{which}"),
        state=lambda: login_state(which),
        todo=lambda: login_todo(which),
    )


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
    choices=(
        _choice("douyin", 11),
        _choice("buyin", 12),
        _choice("kuaishou", 21),
        _choice("taobao", 31),
        _choice("channels", 35),
    ),
    words={
        "platforms.console.name": ("直播中控台", "the live console"),
        "platforms.console.label": (
            "{console}中控台（工作台帮我点「讲解」）",
            "{console} console (the studio clicks 讲解 for me)",
        ),
        "platforms.console.detail": (
            "到 0 时工作台在你浏览器里的{console}中控台点「讲解」；点不了就马上提醒你亲自点。",
            "At 0 the studio clicks 讲解 in {console}'s console in your browser; when it "
            "cannot, you are told at once.",
        ),
    },
)
