"""Assisted link-ups (`assisted[:douyin|kuaishou|taobao]`): for platforms without a public API
to list a product, the countdown runs the same and at zero the host is told to click 讲解 /
上架 in the platform's own console (`studio.platform_api.assisted`). No network at all."""

from __future__ import annotations

from typing import TYPE_CHECKING

from studio.app.platforms.platform_spec import LinkUpChoice, Opening, PlatformSpec
from studio.core.messages import Message, Words

if TYPE_CHECKING:
    from studio.platform_api.assisted import AssistedPlatform

KIND = "assisted"


def _adapter(spec: str, _opening: Opening) -> AssistedPlatform:
    from studio.platform_api.assisted import AssistedPlatform

    return AssistedPlatform(spec.strip().partition(":")[2])


def _report_name(spec: str, w: Words) -> str:
    name = w.get(f"platform_{spec.partition(':')[2]}", "") or w["platform_other"]
    return w["platform_assisted"].format(name=name)


def _choice(which: str, order: int, comments_closed: bool = False) -> LinkUpChoice:
    """The window's choice of assisted link-ups on the platform `which` (its ingest hosts
    preselect it)."""
    return LinkUpChoice(
        f"{KIND}:{which}",
        Message(f"platforms.assisted.{which}.label"),
        Message(f"platforms.assisted.{which}.detail"),
        order=order,
        name=Message(f"platforms.assisted.{which}.name"),
        ingest=(which,),
        comments_closed=(
            Message(f"platforms.assisted.{which}.comments_closed") if comments_closed else None
        ),
    )


PLATFORM = PlatformSpec(
    KIND,
    Message("platforms.assisted.name"),
    usage="assisted[:douyin|kuaishou|taobao]",
    order=10,
    check=lambda _spec: None,
    adapter=_adapter,
    report_name=_report_name,
    repeat_safe=True,  # AssistedPlatform's: nothing is sent
    choices=(
        _choice("douyin", 10, comments_closed=True),
        _choice("kuaishou", 20, comments_closed=True),
        _choice("taobao", 30),
        LinkUpChoice(
            KIND,
            Message("platforms.assisted.label"),
            Message("platforms.assisted.detail"),
            order=50,
        ),
    ),
    words={
        "platforms.assisted.name": ("其他平台", "another platform"),
        "platforms.assisted.label": (
            "其他平台（我自己在平台中控台操作）",
            "Another platform (I click in its console myself)",
        ),
        "platforms.assisted.detail": (
            "到 0 时工作台提醒你在所用平台的直播中控台点该商品的「上架/讲解」，"
            "不提任何平台的名字。",
            "At 0 the studio tells you to click 上架/讲解 for the product in your "
            "platform's live console, and names no platform.",
        ),
        "platforms.assisted.douyin.name": ("抖音", "Douyin"),
        "platforms.assisted.douyin.label": (
            "抖音（我自己在中控台点「讲解」）",
            "Douyin (I click 讲解 in its console myself)",
        ),
        "platforms.assisted.douyin.detail": (
            "到 0 时工作台提醒你在抖音直播中控台（巨量百应）点该商品的「讲解」；"
            "抖音不允许其他工具替你上架。",
            "At 0 the studio tells you to click 讲解 for the product in Douyin's live "
            "console (巨量百应); Douyin lets no other tool list it.",
        ),
        "platforms.assisted.douyin.comments_closed": (
            "抖音的官方评论接口只对审核通过的互动应用开放，这里收不到抖音评论：请在抖音直播伴侣里看。",
            "Douyin's comment API is open only to approved interactive apps, so Douyin "
            "comments cannot be shown here: read them in 抖音直播伴侣.",
        ),
        "platforms.assisted.kuaishou.comments_closed": (
            "快手的官方评论接口只对审核通过的互动应用开放，这里收不到快手评论：请在快手直播伴侣里看。",
            "Kuaishou's comment API is open only to approved interactive apps, so Kuaishou "
            "comments cannot be shown here: read them in 快手直播伴侣.",
        ),
        "platforms.assisted.kuaishou.name": ("快手", "Kuaishou"),
        "platforms.assisted.kuaishou.label": (
            "快手（我自己在中控台点「上架」）",
            "Kuaishou (I click 上架 in its console myself)",
        ),
        "platforms.assisted.kuaishou.detail": (
            "到 0 时工作台提醒你在快手小店直播中控台点该商品的「上架/讲解」。",
            "At 0 the studio tells you to click 上架/讲解 for the product in the Kuaishou "
            "shop's live console.",
        ),
        "platforms.assisted.taobao.name": ("淘宝直播", "Taobao Live"),
        "platforms.assisted.taobao.label": (
            "淘宝直播（我自己在中控台点「上架」）",
            "Taobao Live (I click 上架 in its console myself)",
        ),
        "platforms.assisted.taobao.detail": (
            "到 0 时工作台提醒你在淘宝直播中控台点该商品的「上架」。",
            "At 0 the studio tells you to click 上架 for the product in Taobao Live's console.",
        ),
    },
)
