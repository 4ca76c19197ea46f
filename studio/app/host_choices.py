"""The host's choices for one stream, made into its `LiveConfig` and `ShowPlan` in one place.

The CLI (`cli.cmd_live`: its flags) and the window (`studio.Studio.start`: its widgets) only
gather what the host chose into a `HostChoices`; `plan_stream` makes the stream and the show
from it, so what they used to make differently (the recording optional or always there, the
show's title, the recording's and the report's names in the show's language: `show_names`)
is decided once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from studio.app.live import Fit, LiveConfig
from studio.app.show import ShowSettings
from studio.app.show_names import ShowNames
from studio.app.showrun import ShowPlan
from studio.core.destination import Destination
from studio.core.guard import KNOBS
from studio.core.picture import PictureTools
from studio.core.presets import bitrate_for
from studio.core.rundown import LinkUp

__all__ = ["HostChoices", "plan_stream"]


@dataclass
class HostChoices:
    """What either front end collects for the next stream (the CLI's flags, the window's
    widgets), before anything is made of it."""

    # -- the stream ----------------------------------------------------------------------
    source: str = "test"
    audio: str = "tone"
    denoise: str = "auto"  # auto | on | off
    tools: PictureTools = field(default_factory=PictureTools)
    canvas: tuple[int, int] = (1280, 720)
    fps: int = 30
    video_kbps: int = 0  # 0: the canvas's (presets.bitrate_for)
    encoder: str = "auto"
    x264_preset: str = ""
    fit: Fit = Fit.COVER
    dynamic_bitrate: bool = True
    resolution_steps: bool = True
    guard: tuple[str, ...] = KNOBS
    destinations: list[Destination] = field(default_factory=list)
    generated: list[str] = field(default_factory=list)  # push URLs made at go-live
    # a rehearsal: named as one (彩排-…), on the rehearsal platform, never on the live
    # platform's push URLs or comments; pushed to `destinations` only when `rehearsal_push`
    rehearsal: bool = False
    rehearsal_push: bool = False
    # the recording: a file, or a folder it is named in (by the show: 直播-….mkv); None: none
    record: Path | None = None
    # the window's: always recorded (the replay and the clips are made of it), in `record`
    always_record: bool = False
    # -- the show (none when `show` is False: a stream alone) ----------------------------
    show: bool = False
    catalog: Path | None = None
    platform: str = "rehearsal"
    link_up_at: list[float] = field(default_factory=list)
    report: Path | None = None  # the report's file; or
    reports: Path | None = None  # a folder the report is named in (by the show)
    resume: bool = False
    repeat: Callable[[LinkUp], bool] | None = None
    title: str = ""  # "": what and when ("直播 12-05 20:30")
    # the rest of how the host runs link-ups (their title is `title`'s)
    settings: ShowSettings = field(default_factory=ShowSettings)
    audience: int = 200
    seed: int = 0
    comments: list[str] = field(default_factory=list)
    language: str = "zh"  # the show's: its names and its report


def plan_stream(choices: HostChoices) -> tuple[LiveConfig, ShowPlan | None]:
    """The stream and the show (None: a stream alone) the host chose, named as one."""
    c = choices
    names = ShowNames.now(c.rehearsal, c.language)
    width, height = c.canvas
    record = c.record
    if c.always_record and record is not None:
        record = record / names.recording_name
    config = LiveConfig(
        source=c.source,
        audio=c.audio,
        denoise=c.denoise,
        tools=c.tools,
        destinations=list(c.destinations) if not c.rehearsal or c.rehearsal_push else [],
        generated=[] if c.rehearsal else list(c.generated),
        record=record,
        record_name=names.recording_name,
        width=width,
        height=height,
        fps=c.fps,
        video_kbps=c.video_kbps or bitrate_for(width, height, c.fps),
        encoder=c.encoder,
        x264_preset=c.x264_preset,
        fit=c.fit,
        dynamic_bitrate=c.dynamic_bitrate,
        resolution_steps=c.resolution_steps,
        guard=c.guard,
    )
    if not c.show:
        return config, None
    plan = ShowPlan(
        catalog=c.catalog,
        platform="rehearsal" if c.rehearsal and not c.resume else c.platform,
        link_up_at=list(c.link_up_at),
        report=c.report if c.reports is None else names.report(c.reports),
        resume=c.resume,
        repeat=c.repeat,
        settings=replace(c.settings, title=names.title(c.title)),
        audience=c.audience,
        seed=c.seed,
        report_language=c.language,
        comments=[] if c.rehearsal else list(c.comments),
    )
    return config, plan
