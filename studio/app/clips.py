"""A clip of every product explained in a show, for the merchant's short videos.

From the show's report (when each product's 讲解 started and when its link-up hit zero, both
on the stream's own clock, which is the recording's) and the recording: each product from the
start of its explanation to `after_s` past its link-up (a product never linked up: to the next
product's explanation), named with its place in the show and its name: `01-赣南脐橙.mp4`.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studio.app.errors import ConfigError
from studio.app.report import ShowReport
from studio.core.messages import Message, os_reason, plain

log = logging.getLogger(__name__)

AFTER_LINK_UP_S = 20.0  # the clip goes on this long after "上链接!"
MIN_CLIP_S = 2.0
MAX_CLIP_S = 15 * 60.0  # a product talked about for an hour still makes a postable clip
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


@dataclass(frozen=True)
class ClipPlan:
    order: int
    name: str
    product_key: str
    start_s: float
    end_s: float
    linked: bool
    live_price: str = ""
    price: str = ""
    spec: str = ""  # 规格 ("5斤装"), on the clip's card as on the stream's

    @property
    def file_name(self) -> str:
        safe = _UNSAFE.sub("_", self.name).strip(" ._") or "product"
        return f"{self.order:02d}-{safe[:60]}.mp4"


@dataclass(frozen=True)
class Clip:
    plan: ClipPlan
    path: Path
    duration_s: float
    copied: bool
    seconds_taken: float


def plan_clips(
    report: ShowReport, recording_s: float, after_s: float = AFTER_LINK_UP_S
) -> list[ClipPlan]:
    """One clip per explained product, in the order they were first explained."""
    events = report.get("stream", {}).get("events", [])
    explains = [
        (float(e["stream_s"]), str(e.get("product_key", "")), str(e.get("name", "")))
        for e in events
        if e.get("kind") == "explain" and e.get("stream_s") is not None
    ]
    explains.sort()
    zeros: dict[str, float] = {}
    for link in report.get("link_ups", []):
        z = link.get("zero_stream_s")
        key = str(link.get("product_key", ""))
        if z is not None and link.get("status") in ("listed", "sold_out", "taken_down"):
            zeros.setdefault(key, float(z))  # the first link-up that listed
    terms = {
        str(p.get("key", p.get("sku", ""))): (
            str(p.get("live_price", "")),
            str(p.get("price", "")),
            str(p.get("spec") or ""),
        )
        for p in report.get("products", [])
    }
    plans: list[ClipPlan] = []
    seen: set[str] = set()
    for i, (start, key, name) in enumerate(explains):
        if key in seen:
            continue
        zero = zeros.get(key)
        if zero is not None:
            # from the last time it was explained before its link-up
            before = [s for s, k, _n in explains if k == key and s <= zero + 0.001]
            start = before[-1] if before else start
            end = zero + after_s
        else:
            later = [s for s, _k, _n in explains[i + 1 :] if s > start]
            end = later[0] if later else recording_s
        end = min(end, recording_s, start + MAX_CLIP_S)
        if end - start < MIN_CLIP_S:
            continue
        seen.add(key)
        live, price, spec = terms.get(key, ("", "", ""))
        plans.append(
            ClipPlan(len(plans) + 1, name, key, start, end, zero is not None, live, price, spec)
        )
    return plans


def make_clips(
    report: ShowReport,
    recording: Path,
    folder: Path,
    after_s: float = AFTER_LINK_UP_S,
    say: Callable[[Message], None] | None = None,
) -> list[Clip]:
    """Cut every product's clip into `folder`; ConfigError if the recording cannot be read.
    A clip that fails is said and skipped: the others are still made."""
    from studio.media.clip_cut import cut_copy, cut_portrait, recording_duration, recording_size

    try:
        width, height = recording_size(recording)
        length = recording_duration(recording)
    except (OSError, ValueError, IndexError) as exc:
        raise ConfigError(
            Message("clips.no_recording", {"name": recording.name, "reason": plain(str(exc)[:200])})
        ) from None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(
            Message("clips.folder", {"folder": str(folder), "reason": os_reason(exc)})
        ) from None
    portrait = height > width
    made: list[Clip] = []
    for plan in plan_clips(report, length, after_s):
        out = _free(folder / plan.file_name)
        t0 = time.perf_counter()
        try:
            if portrait:
                cut = cut_copy(recording, plan.start_s, plan.end_s, out)
            else:
                cut = cut_portrait(recording, plan.start_s, plan.end_s, out, _card(plan))
        except (OSError, ValueError) as exc:  # av.FFmpegError is an OSError or ValueError
            log.warning("clip %s failed: %s", plan.file_name, exc)
            if say is not None:
                say(Message("clips.failed", {"name": plan.name, "reason": plain(str(exc)[:200])}))
            continue
        clip = Clip(plan, out, cut.duration_s, cut.copied, time.perf_counter() - t0)
        made.append(clip)
        if say is not None:
            detail = {
                "file": out.name,
                "duration": f"{clip.duration_s:.0f}",
                "seconds": f"{clip.seconds_taken:.1f}",
            }
            say(Message("clips.made", detail))
    return made


def _free(path: Path) -> Path:
    n = 2
    candidate = path
    while candidate.exists():
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        n += 1
    return candidate


def _card(plan: ClipPlan) -> Any:
    """The product card, drawn for a 720x1280 clip where the stream puts it."""
    from studio.media.overlays import CardInfo, Placement, render_card
    from studio.media.text import ensure_gui

    ensure_gui()
    place = Placement.for_canvas(720, 1280)
    x, y, w = place.card
    badge = str(Message("clips.badge_linked" if plan.linked else "clips.badge"))
    info = CardInfo(plan.name, plan.live_price, plan.price, "", badge, spec=plan.spec)
    return render_card(info, w), x, y
