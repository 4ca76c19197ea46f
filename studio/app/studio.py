"""What the window drives: one stream (a rehearsal or the real show) and its product show.

Qt-free, like everything in `studio.app`: the window calls these methods from its task runner
(never on the GUI thread when they can be slow) and subscribes to the signals. It adds no
media or platform logic: it wires `LiveSession` and `ShowRun` together the way the headless
CLI does, with the catalog imported up front by the product panel.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from studio.app.catalog_files import import_catalog
from studio.app.clips import Clip, make_clips
from studio.app.errors import ConfigError
from studio.app.golive import Broadcast, Ended
from studio.app.host_choices import HostChoices, plan_stream
from studio.app.live import LiveSession
from studio.app.paths import data_dir
from studio.app.recovery import Unfinished, end_unfinished, find_unfinished
from studio.app.show import Notice, Show, ShowSettings
from studio.core.catalog import ImportResult
from studio.core.destination import Destination
from studio.core.events import Signal
from studio.core.guard import KNOBS
from studio.core.messages import Message, render
from studio.core.picture import PictureTools
from studio.core.presets import canvas_preset
from studio.core.scenes import SceneSources
from studio.core.state import OutputStatus, StreamStats
from studio.media.heap import lean_heap, release_memory

log = logging.getLogger(__name__)

QUALITIES = ("480p", "720p", "1080p")  # 流畅 / 标清 / 高清


def canvas_for(quality: str, portrait: bool) -> tuple[int, int]:
    try:
        preset = canvas_preset(f"{quality}-portrait" if portrait else quality)
    except KeyError:
        detail = {"quality": quality[:20], "known": ", ".join(QUALITIES)}
        raise ConfigError(Message("live.unknown_quality", detail)) from None
    return preset.width, preset.height


@dataclass
class StreamChoice:
    """The window's choices for the next stream."""

    source: str = "test"
    audio: str = "tone"
    denoise: bool = True  # RNNoise on the microphone (a clip's or a tone's sound: never)
    tools: PictureTools = field(default_factory=PictureTools)  # beauty, green screen
    scenes: SceneSources = field(default_factory=SceneSources)  # close-up, product video
    quality: str = "720p"
    portrait: bool = True
    resolution_steps: bool = True  # a smaller picture on a weak uplink (1080→720→480)
    x264_preset: str = ""  # "": the encoder's default; else what the machine check found
    # what the frame guard turns down when the PC falls behind, in this order (core.guard)
    guard: tuple[str, ...] = KNOBS
    rehearsal: bool = True
    rehearsal_push: bool = False  # a rehearsal also pushed to the destinations (a test server)
    destinations: list[Destination] = field(default_factory=list)
    # push URLs fetched at go-live (`wechat:ROOM_ID`): live only, never in a rehearsal
    generated: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)  # bilibili | youtube:ID: live only
    record_dir: Path | None = None
    settings: ShowSettings = field(default_factory=ShowSettings)
    # where live link-ups go: assisted[:douyin…], wechat:ROOM_ID or an http URL
    live_platform: str = "assisted"
    report_language: str = "zh"  # the window's language


class Studio:
    """One stream at a time, with its show. Methods may block: call them off the GUI thread."""

    def __init__(self) -> None:
        lean_heap()  # before the window's and the show's buffers are made
        self.broadcast: Broadcast | None = None
        self.catalog: ImportResult | None = None
        self.catalog_path: Path | None = None
        self.started_at = 0.0
        self.rehearsal = True
        self.last_report: Path | None = None
        self.last_ended: Ended | None = None
        self.language = "zh"  # the window's, for the names of files it makes
        self.output_status: Signal[OutputStatus] = Signal()
        self.picture_problem: Signal[Message] = Signal()  # from the video thread
        self.guard_changed: Signal[Message] = Signal()  # the frame guard's steps: the encoder's
        self.notice: Signal[Notice] = Signal()
        self.show_ready: Signal[Show] = Signal()
        self.stopped: Signal[Path | None] = Signal()
        # the show the studio was killed during, to be carried on by the next start (the
        # host chose 继续这场直播), with the host's answers: send an in-flight link-up again?
        self.resuming: Unfinished | None = None
        self.repeat: dict[int, bool] = {}
        self._lock = threading.Lock()

    # -- devices ---------------------------------------------------------------------------
    @staticmethod
    def devices() -> dict[str, list[str]]:
        """Cameras and microphones as `--source` / `--audio` specs with a label (slow-ish)."""
        from studio.media.devices import list_inputs

        return list_inputs()

    # -- catalog ---------------------------------------------------------------------------
    def import_catalog(self, path: Path) -> ImportResult:
        """Read a sheet (slow for big ones); the next show uses it."""
        result = self.read_catalog(path)
        self.use_catalog(path, result)
        return result

    @staticmethod
    def read_catalog(path: Path) -> ImportResult:
        """Only read the sheet (off the GUI thread): nothing changes until `use_catalog`."""
        return import_catalog(path)

    def use_catalog(self, path: Path, result: ImportResult) -> None:
        """The next show uses this sheet; a new sheet is a new show (an unfinished one
        stays in the journal)."""
        self.catalog, self.catalog_path = result, path
        self.resuming = None

    # -- after a crash ---------------------------------------------------------------------
    @staticmethod
    def unfinished(live_platform: str = "") -> Unfinished | None:
        """The show the studio was killed during, as the journal has it (slow-ish)."""
        return find_unfinished(live_platform)

    def carry_on(self, unfinished: Unfinished, repeat: dict[int, bool]) -> None:
        """The next start carries `unfinished` on instead of starting a new show; `repeat`
        says, per link-up id, whether an in-flight link-up is sent again."""
        self.resuming, self.repeat = unfinished, dict(repeat)
        # its products stay for the shows after it, as an imported sheet's do
        self.catalog = ImportResult(products=list(unfinished.products))
        path = unfinished.record.catalog_path
        self.catalog_path = Path(path) if path else None

    def end_unfinished(self, show_id: int, language: str = "zh") -> Path:
        """End the show in the journal and write its report (in `language`); the report's
        page (slow)."""
        if self.resuming is not None and self.resuming.record.id == show_id:
            self.resuming = None  # and its products with it, as the panel drops them
            self.catalog, self.catalog_path = None, None
        page = end_unfinished(show_id, language)
        self.last_report = page
        return page

    # -- streaming -------------------------------------------------------------------------
    @property
    def live(self) -> bool:
        return self.broadcast is not None

    def start(self, choice: StreamChoice) -> None:
        """Start the stream, and the show if a catalog is loaded. ConfigError says what to fix."""
        with self._lock:
            if self.broadcast is not None:
                raise ConfigError(Message("live.already_on_air"))
            canvas = canvas_for(choice.quality, choice.portrait)
            self.language = choice.report_language
            if not choice.rehearsal and not choice.destinations and not choice.generated:
                raise ConfigError(Message("live.no_destinations"))
            resuming = self.resuming
            title = choice.settings.title
            host = HostChoices(
                source=choice.source,
                audio=choice.audio,
                denoise="auto" if choice.denoise else "off",
                tools=replace(choice.tools, pip=""),  # a close-up is the scene's (F2)
                canvas=canvas,
                resolution_steps=choice.resolution_steps,
                x264_preset=choice.x264_preset,
                guard=choice.guard,
                destinations=choice.destinations,
                generated=choice.generated,
                rehearsal=choice.rehearsal,
                rehearsal_push=choice.rehearsal_push,
                # always recorded: the replay and the clips are made of it
                record=choice.record_dir or data_dir() / "recordings",
                always_record=True,
                show=resuming is not None or self.catalog is not None,
                catalog=self.catalog_path,
                platform=choice.live_platform,
                reports=data_dir() / "reports",
                title="" if title == ShowSettings().title else title,  # untitled: what and when
                settings=choice.settings,
                comments=choice.comments,
                language=choice.report_language,
            )
            if resuming is not None:
                host = self._resuming(host, resuming, choice)
            config, plan = plan_stream(host)
            broadcast = Broadcast(
                config,
                plan,
                say=lambda message: log.info("%s", message),
                imported=None if resuming is not None else self.catalog,
            )
            # connected before the stream starts: a destination that is live at once (a
            # loopback ingest) must not be live before the window hears of it
            broadcast.output_status.connect(self.output_status.emit)
            broadcast.picture_problem.connect(self.picture_problem.emit)
            broadcast.guard_changed.connect(self.guard_changed.emit)
            broadcast.prepare()
            broadcast.start()
            show = broadcast.show
            if show is not None:
                show.notice.connect(self.notice.emit)
            self.broadcast = broadcast
            self.rehearsal = choice.rehearsal
            self.resuming = None  # carried on: the journal's show is running again
            self.started_at = time.monotonic()
        if show is not None:
            self.show_ready.emit(show)

    def _resuming(
        self, host: HostChoices, resuming: Unfinished, choice: StreamChoice
    ) -> HostChoices:
        """The choices that carry the unfinished show on: on its own platform, in its own
        mode (a live show never goes on in a rehearsal, nor a rehearsal's on the platform)."""
        record = resuming.record
        if choice.rehearsal != resuming.rehearsal:
            code = "resume.needs_rehearsal" if resuming.rehearsal else "resume.needs_live"
            raise ConfigError(Message(code, {"title": record.title}))
        answers = dict(self.repeat)
        return replace(
            host,
            catalog=None,  # its products are the journal's
            platform=resuming.platform,
            resume=True,
            repeat=lambda link: answers.get(link.link_up_id, False),
            title=record.title,
        )

    def stop(self) -> Path | None:
        """Stop the stream and end the show; returns the report's HTML page, if there was a show."""
        with self._lock:
            broadcast, self.broadcast = self.broadcast, None
        if broadcast is None:
            return None
        ended = broadcast.stop()
        del broadcast
        release_memory()  # the show's frames and buffers, back to the system
        self.last_ended = ended
        report = ended.report_page
        self.last_report = report
        self.stopped.emit(report)
        return report

    def make_clips(self) -> list[Clip]:
        """A clip of every product explained in the show just stopped, beside its recording
        (`片段-…`); slow (a landscape show is re-encoded): off the GUI thread. [] when the
        show had no recording or no product was explained."""
        ended = self.last_ended
        if ended is None or ended.report is None or ended.stats is None:
            return []
        recording = next((o.path for o in ended.stats.outputs if o.kind == "record" and o.path), "")
        if not recording:
            return []
        path = Path(recording)
        folder = path.with_name(
            f"{render(Message('clips.folder_name'), self.language)}-{path.stem}"
        )
        return make_clips(ended.report, path, folder)

    @property
    def session(self) -> LiveSession | None:
        broadcast = self.broadcast
        return broadcast.session if broadcast is not None else None

    @property
    def pushed_to(self) -> list[str]:
        """The names of the destinations this stream goes to (none: nothing leaves the
        machine, whatever else the window says)."""
        session = self.session
        if session is None:
            return []
        return [d.name or d.platform.name_zh for d in session.config.destinations]

    @property
    def comment_sources(self) -> tuple[str, list[str]]:
        """The running show's platform spec and its extra comment feeds (for the window's
        note on where comments come from)."""
        broadcast = self.broadcast
        plan = broadcast.plan if broadcast is not None else None
        if plan is None:
            return "", []
        return plan.platform, list(plan.comments)

    @property
    def show(self) -> Show | None:
        broadcast = self.broadcast
        return broadcast.show if broadcast is not None else None

    def stats(self) -> StreamStats | None:
        session = self.session
        if session is None:
            return None
        return replace(session.stats(), on_air_s=time.monotonic() - self.started_at)

    def preview_rgb(self, max_height: int = 720, out: Any = None) -> Any:
        """The latest composed canvas as an RGB array (height x width x 3), shrunk for the
        preview; a copy, safe to keep (written into `out`, a picture no longer shown, when it
        has the size). None when nothing is streaming."""
        session = self.session
        if session is None:
            return None
        return session.engine.preview_rgb(max_height, out)

    # -- production tools (slow: a backdrop or a close-up opens; off the GUI thread) -------
    def set_tools(self, tools: PictureTools) -> None:
        """Beauty, green screen and the close-up's place, now; ConfigError says what to fix.
        The close-up itself is the scene's (F2), as at go-live: the host's own scene (F1)
        never shows it, however often the tools change or the scenes switch."""
        session = self.session
        if session is not None:
            session.set_tools(replace(tools, pip=""))

    def set_guard(self, order: tuple[str, ...]) -> None:
        """The frame guard's order, now and for the next stream (any thread: one tuple
        swapped whole, read by the encoder thread at its next look)."""
        session = self.session
        if session is not None:
            session.engine.guard.order = tuple(order)

    def set_denoise(self, on: bool) -> None:
        """Noise suppression on or off for the microphone, now (its chain restarts)."""
        session = self.session
        if session is None:
            return
        session.config.denoise = "auto" if on else "off"
        if session.config.audio.startswith("mic"):
            session.switch_audio(session.config.audio)

    def switch_scene(self, scene: str, sources: SceneSources, language: str = "zh") -> None:
        """F1-F4: host, host + close-up, product video, be right back."""
        session = self.session
        if session is None:
            raise ConfigError(Message("scene.not_live"))
        session.switch_scene(scene, sources, language)

    @property
    def scene(self) -> str:
        session = self.session
        return session.scene if session is not None else "host"

    def retry_destination(self, name: str, key: str = "") -> bool:
        """A destination the platform refused, tried again now (with a new key if given)."""
        session = self.session
        return session.retry_output(name, key) if session is not None else False

    def switch_source(self, spec: str) -> None:
        """Another camera (or clip, picture) while live; slow: call it off the GUI thread."""
        session = self.session
        if session is not None:
            session.switch_source(spec)

    def switch_audio(self, spec: str) -> None:
        """Another microphone (or tone, silence) while live; any thread (the microphone runs
        on its own); slow-ish: off the GUI thread."""
        session = self.session
        if session is not None:
            session.switch_audio(spec)

    def level_db(self) -> float | None:
        """What the microphone hears (dBFS peak), before mute, gain and the voice chain."""
        session = self.session
        if session is None:
            return None
        engine = session.engine
        heard = getattr(engine.audio, "heard_level_dbfs", None)
        return float(heard if heard is not None else engine.audio_stage.heard_dbfs)

    def sent_level_db(self) -> float | None:
        """What goes out to the viewers (dBFS peak), after the voice chain, gain and mute."""
        session = self.session
        if session is None:
            return None
        return float(session.engine.audio_stage.level_dbfs)

    def set_muted(self, muted: bool) -> None:
        session = self.session
        if session is not None:
            session.engine.audio_stage.muted = muted
