"""Go live and stop: the use case the CLI and the window both drive. Qt-free.

`LiveConfig` says what to stream where; `LiveSession` builds the engine, its sources and
outputs, reports every state change as an event, and always stops what it started.
"""

from __future__ import annotations

import gc
import logging
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from studio.app.errors import ConfigError
from studio.app.show_names import ShowNames
from studio.core.destination import Destination, SecretStr, redact
from studio.core.events import Signal
from studio.core.messages import Message, current_language, os_reason, render, said
from studio.core.picture import BLUR, PictureError, PictureTools
from studio.core.scenes import FADE_S, SceneSources
from studio.core.state import OutputStats, OutputStatus, StreamStats
from studio.media.audio import (
    AudioSource,
    MicrophoneSource,
    SilenceSource,
    TimelineSource,
    ToneSource,
)
from studio.media.clock import AudioTimeline, MediaClock
from studio.media.compositor import Effect, Fit, Inset, inset_rect
from studio.media.cutout import Cutout, Segmenter, SegmenterError
from studio.media.effects import (
    Backdrop,
    Beauty,
    BeautySettings,
    ChromaKey,
    KeySettings,
    parse_key_colour,
)
from studio.media.engine import Engine, EngineConfig
from studio.media.heap import lean_heap
from studio.media.outputs.base import Output
from studio.media.outputs.recording import RecordingOutput
from studio.media.outputs.rtmp import RtmpOutput
from studio.media.sources import ClipSource, SourceError, VideoSource, open_source
from studio.media.voice import VoiceSource, denoise_available

log = logging.getLogger(__name__)


__all__ = ["DENOISE_CHOICES", "Fit", "LiveConfig", "LiveSession", "text_ready"]

RECORD_SUFFIXES = (".mkv", ".mp4")
DENOISE_CHOICES = ("auto", "on", "off")


def text_ready() -> None:
    """On-stream text is drawn with QtGui, which needs an application object: one is made
    here (offscreen) when the process has none. On the main thread, before going live."""
    from studio.media.text import ensure_gui

    ensure_gui()


@dataclass
class LiveConfig(EngineConfig):
    """What to stream where: the engine's settings plus sources, destinations and recording."""

    source: str = "test"
    audio: str = "tone"  # tone | silence | mic[:NAME] | file
    # noise suppression: auto (on for a microphone, off for a clip, tone or silence) | on | off
    denoise: str = "auto"
    tools: PictureTools = field(default_factory=PictureTools)  # beauty, chroma key, PiP
    destinations: list[Destination] = field(default_factory=list)
    # push URLs fetched or generated at go-live (`wechat:ROOM_ID`): `Broadcast.prepare`
    # turns each into a destination
    generated: list[str] = field(default_factory=list)
    record: Path | None = None
    # the recording's file name when `record` is a folder (studio.app.show_names)
    record_name: str = ""
    dynamic_bitrate: bool = True

    def validate(self) -> None:
        if not self.destinations and not self.generated and self.record is None:
            raise ConfigError(Message("live.nothing_to_send_to"))
        if (
            self.width % 2
            or self.height % 2
            or not (160 <= self.width <= 3840)
            or not (160 <= self.height <= 3840)
        ):
            raise ConfigError(
                Message("live.bad_canvas", {"width": self.width, "height": self.height})
            )
        if self.denoise not in DENOISE_CHOICES:
            raise ConfigError(Message("live.bad_denoise", {"value": str(self.denoise)[:20]}))
        try:
            self.tools.check()
        except PictureError as exc:
            raise ConfigError(said(exc)) from None
        if not 1 <= self.fps <= 60:
            raise ConfigError(Message("live.bad_fps", {"fps": self.fps}))
        if not 100 <= self.video_kbps <= 20_000:
            raise ConfigError(Message("live.bad_bitrate", {"kbps": self.video_kbps}))

    def check_record_path(self) -> None:
        """The recording's file: a known format, a folder that takes files. A folder given
        as the path gets a file named by the time inside it."""
        if self.record is None:
            return
        path = self.record
        if path.is_dir():
            # named as the show is ("直播-…", "Live-…"); without a name, as the studio speaks
            name = self.record_name or ShowNames.now(False, current_language()).recording_name
            path = path / name
        if path.suffix.lower() not in RECORD_SUFFIXES:
            raise ConfigError(
                Message(
                    "live.bad_record_format",
                    {"name": path.name, "example": path.with_suffix(".mkv").name},
                )
            )
        folder = path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=folder, prefix=".studio-probe-"):
                pass
        except OSError as exc:
            raise ConfigError(
                Message(
                    "live.record_folder_unwritable",
                    {"folder": str(folder), "reason": os_reason(exc)},
                )
            ) from None
        self.record = path

    def secrets(self) -> tuple[str, ...]:
        return tuple(s for d in self.destinations for s in d.secrets())


def denoise_runs(audio: str, denoise: str) -> bool:
    """RNNoise runs on the sound `audio` names with `denoise`: wanted, and installed here."""
    return wants_denoise(audio, denoise) and denoise_available()


def wants_denoise(audio: str, denoise: str) -> bool:
    """Whether the sound `audio` names goes through RNNoise with `denoise` (on | off | auto:
    a microphone's, never a clip's, a tone's or silence)."""
    mic = audio == "mic" or audio.startswith("mic:")
    return denoise == "on" or (denoise == "auto" and mic)


class LiveSession:
    """One stream from start to stop."""

    def __init__(self, config: LiveConfig) -> None:
        config.validate()
        config.check_record_path()
        lean_heap()  # the headless CLI's too: frames freed go back to the system
        self.config = config
        self.output_status: Signal[OutputStatus] = Signal()
        # what the host should know but that stops nothing (no denoiser on this system)
        self.notices: list[Message] = []
        self.clock = MediaClock()
        timeline = self.timeline = AudioTimeline()
        try:
            video = open_source(config.source, self.clock, fps=config.fps, audio=timeline)
        except SourceError as exc:
            raise ConfigError(said(exc)) from exc
        audio = self._audio_source(config, video, timeline)
        self.engine = Engine(config, video, audio, self.clock)
        self.camera = video  # the host's own picture: the main source, whatever the scene
        self.scene = "host"
        self._scene_sources = SceneSources()
        self._scene_videos: dict[str, VideoSource] = {}  # a scene's own pictures, kept on
        self._tool_sources: dict[str, VideoSource] = {}
        self._segmenter_: Segmenter | None = None
        self.set_tools(config.tools)
        self.recording: RecordingOutput | None = None
        for d in config.destinations:
            out = RtmpOutput(
                d, self.engine.encoder.stream_info, dynamic_bitrate=config.dynamic_bitrate
            )
            self._add(out)
        if config.record is not None:
            self.recording = RecordingOutput(config.record, self.engine.encoder.templates)
            self._add(self.recording)
        self.started_at = 0.0
        self.stopped_at = 0.0

    def _audio_source(self, config: LiveConfig, video: Any, timeline: AudioTimeline) -> AudioSource:
        """The sound `config.audio` names; a microphone always through the voice chain
        (high-pass and limiter; RNNoise unless `--denoise off`), anything through it with
        `--denoise on`."""
        raw = self._raw_audio(config.audio, video, timeline)
        mic = isinstance(raw, MicrophoneSource)
        denoise = wants_denoise(config.audio, config.denoise)
        if not (mic or denoise):
            return raw
        if denoise and not denoise_available():
            self.notices.append(Message("voice.no_rnnoise"))
            denoise = False
        return VoiceSource(raw, denoise=denoise)

    def _raw_audio(self, spec: str, video: Any, timeline: AudioTimeline) -> AudioSource:
        if spec == "tone":
            return ToneSource()
        if spec == "silence":
            return SilenceSource()
        if spec == "file":
            if not isinstance(video, ClipSource) or not video.has_audio():
                raise ConfigError(Message("live.no_clip_sound"))
            return TimelineSource(f"audio of {video.name}", timeline)
        if spec == "mic" or spec.startswith("mic:"):
            return MicrophoneSource(self.clock, spec.partition(":")[2])
        raise ConfigError(Message("live.unknown_audio", {"spec": spec[:40]}))

    # -- picture tools -----------------------------------------------------------------
    def set_tools(self, tools: PictureTools) -> None:
        """Beauty, chroma key and picture-in-picture, now (live or not); a backdrop or an
        inset source that stays the same keeps running. ConfigError says what to fix, and
        the picture keeps the tools it had. In a scene other than the host's own, the
        tools are kept for when the host comes back to it."""
        try:
            tools.check()
        except PictureError as exc:
            raise ConfigError(said(exc)) from None
        if self.scene in ("host", "closeup"):
            pip = tools.pip if self.scene == "host" else self._scene_sources.closeup
            self._apply_tools(replace(tools, pip=pip))
        self.config.tools = tools

    def _apply_tools(self, tools: PictureTools, camera_inset: bool = False) -> None:
        opened: dict[str, VideoSource] = {}

        def source(spec: str, problem: str) -> VideoSource:
            if spec in self._tool_sources:
                opened[spec] = self._tool_sources[spec]
            else:
                try:
                    opened[spec] = open_source(spec, self.clock, fps=self.config.fps)
                except SourceError as exc:
                    raise ConfigError(Message(problem, {"reason": said(exc)})) from None
            return opened[spec]

        effects: list[Effect] = []
        backdrop = None
        if tools.background and tools.background != BLUR:
            backdrop = Backdrop(source(tools.background, "picture.bad_background"))
        cutout = None
        if tools.key:  # keyed on the camera's own chroma, then the beauty
            colour = parse_key_colour(tools.key)
            assert colour is not None  # checked
            effects.append(ChromaKey(KeySettings(colour=colour), backdrop))
        elif tools.cutout:  # the host found on the camera's own picture, blended after
            cutout = Cutout(self._segmenter(), BLUR if tools.background == BLUR else backdrop)
            effects.append(cutout.look)
        if tools.beauty or tools.look != "natural":
            effects.append(Beauty(BeautySettings(tools.beauty, tools.look)))
        if cutout is not None:
            effects.append(cutout)
        insets: list[Inset] = []
        size = (self.config.width, self.config.height)
        if camera_inset:  # the product video's scene: the host small in a corner
            insets.append(Inset(self.camera, inset_rect(size, "top-right", 0.28)))
        elif tools.pip:
            if tools.pip.startswith("camera:") and tools.pip == self.config.source:
                raise ConfigError(Message("picture.pip_is_main", {"spec": tools.pip}))
            rect = inset_rect(size, tools.pip_corner, tools.pip_size)
            insets.append(Inset(source(tools.pip, "picture.bad_pip"), rect))
        self.engine.set_tools(tuple(effects), tuple(insets), tuple(opened.values()))
        self._tool_sources = opened

    def _segmenter(self) -> Segmenter:
        """The cutout's model, one a stream (it keeps the last mask), read when first chosen."""
        if self._segmenter_ is None:
            # at 25 fps and more, the model on every other frame (studio/media/cutout.py)
            segmenter = Segmenter(every=2 if self.config.fps >= 25 else 1)
            try:
                segmenter.load()
            except SegmenterError as exc:
                raise ConfigError(Message("picture.no_model", {"reason": said(exc)})) from None
            self._segmenter_ = segmenter
        return self._segmenter_

    # -- scenes --------------------------------------------------------------------------
    def switch_scene(
        self, scene: str, sources: SceneSources | None = None, language: str = "zh"
    ) -> float | None:
        """Show `scene` (host, closeup, product, brb) with a short fade; slow the first time
        a scene's source opens. Returns when the fade began, in seconds on the stream's
        clock (None if the stream is not running). ConfigError says what a scene lacks."""
        sources = sources or self._scene_sources
        problem = sources.missing(scene)
        if problem is not None:
            raise ConfigError(problem)
        tools = self.config.tools
        if scene == "product":
            video = self._scene_video(sources.product_video)
        elif scene == "brb":
            video = self._brb(sources.brb_text, language)
        else:
            video = self.camera
        compositor = self.engine.compositor
        compositor.begin_fade(FADE_S)
        self.engine.replace_video(video, start=False, stop_old=False)
        if scene == "host":
            self._apply_tools(replace(tools, pip=tools.pip))
        elif scene == "closeup":
            self._apply_tools(replace(tools, pip=sources.closeup))
        elif scene == "product":
            self._apply_tools(PictureTools(), camera_inset=True)
        else:
            self._apply_tools(PictureTools())
        self.scene, self._scene_sources = scene, sources
        if not self.engine.running or not compositor.fade_began.wait(2.0):
            return None
        tick = compositor.last_fade_tick_ns
        return None if tick is None else (tick - self.clock.t0_ns) / 1e9

    def _scene_video(self, spec: str) -> VideoSource:
        """A scene's picture (the product video), opened once and kept running."""
        video = self._scene_videos.get(spec)
        if video is None:
            try:
                video = open_source(spec, self.clock, fps=self.config.fps)
            except SourceError as exc:
                raise ConfigError(Message("scene.bad_source", {"reason": said(exc)})) from None
            if self.engine.running:
                video.start()
            self._scene_videos[spec] = video
        return video

    def _brb(self, text: str, language: str) -> VideoSource:
        from studio.media.sources import PanelSource
        from studio.media.text import render_panel

        words = text.strip()[:40] or render(Message("scene.brb"), language)
        key = f"brb:{words}"
        video = self._scene_videos.get(key)
        if video is None:
            w, h = self.config.width, self.config.height
            panel = render_panel(
                w,
                h,
                [(words, max(24, min(w, h) // 9), (255, 255, 255, 255))],
                background=(30, 32, 40, 255),
            )
            video = PanelSource("brb", panel[:, :, :3])
            video.start()
            self._scene_videos[key] = video
        return video

    def _add(self, output: Output) -> None:
        output.status_changed.connect(self.output_status.emit)
        self.engine.add_output(output)

    @property
    def outputs(self) -> tuple[Output, ...]:
        return self.engine.outputs

    def start(self) -> None:
        self.started_at = time.time()
        # Everything alive now (Qt, NumPy and FFmpeg bindings, the engine) lives for the whole
        # stream: move it out of the collector's sight, or each full collection, triggered by
        # the per-frame allocations, scans it all again (3 s of CPU in 15 s, measured).
        gc.collect()
        gc.freeze()
        self.engine.start()

    def stop(self) -> None:
        self.engine.stop()
        for video in (self.camera, *self._scene_videos.values()):
            if video is not self.engine.video:  # the engine stopped the one it showed
                video.stop()
        self._scene_videos.clear()
        self.stopped_at = time.time()
        gc.unfreeze()  # the next show freezes afresh; this one's garbage can now go

    def retry_output(self, name: str, key: str = "") -> bool:
        """Try a failed push again now, with a new stream key if one is given; the stream,
        the recording and the other destinations go on. False if there is no such push."""
        for out in self.outputs:
            if isinstance(out, RtmpOutput) and out.name == name:
                if key.strip():
                    d = out.destination
                    out.replace_destination(
                        Destination(d.server_url, SecretStr(key.strip()), d.name)
                    )
                out.retry_now()
                return True
        return False

    def switch_source(self, spec: str) -> None:
        """Change the picture while live (another camera, a clip, a picture); slow: opening a
        camera takes a moment, so call it off the GUI thread. ConfigError if it cannot open."""
        try:
            video = open_source(spec, self.clock, fps=self.config.fps, audio=self.timeline)
        except SourceError as exc:
            raise ConfigError(said(exc)) from exc
        old = self.camera
        if self.engine.video is old:
            self.engine.replace_video(video)
        else:  # another scene is on: the new camera waits behind it
            if self.engine.running:
                video.start()
            old.stop()
        self.camera = video
        if self.scene == "product":  # the host's inset follows the new camera
            self._apply_tools(PictureTools(), camera_inset=True)
        self.config.source = spec

    def switch_audio(self, spec: str) -> None:
        """Change the sound while live: tone, silence or a microphone (it runs on its own
        thread, so any thread may call this)."""
        if spec == "file" or not (spec in ("tone", "silence") or spec.startswith("mic")):
            raise ConfigError(Message("live.bad_audio_switch", {"spec": spec[:40]}))
        audio = self._audio_source(replace(self.config, audio=spec), None, self.timeline)
        started = False
        if isinstance(audio, VoiceSource) and isinstance(audio.inner, MicrophoneSource):
            try:
                audio.start()
            except RuntimeError as exc:
                raise ConfigError(said(exc)) from exc
            started = True
        self.engine.replace_audio(audio, started=started)
        self.config.audio = spec

    def final_output_stats(self) -> tuple[OutputStats, ...]:
        """After stop: the outputs' last counters (stop flushes the recording), with the
        recording's real path; secrets removed."""
        outputs = []
        for o in self.outputs:
            stats = o.snapshot()
            if o is self.recording:
                stats = replace(stats, path=str(self.recording.path))
            outputs.append(stats)
        return self._redacted(tuple(outputs))

    def stats(self) -> StreamStats:
        """Engine and output stats with every secret removed (they go to files and screens)."""
        stats = self.engine.stats()
        return stats.with_outputs(self._redacted(stats.outputs))

    def _redacted(self, outputs: tuple[OutputStats, ...]) -> tuple[OutputStats, ...]:
        secrets = self.config.secrets()
        if not secrets:
            return outputs
        return tuple(
            replace(
                o,
                name=redact(o.name, secrets),
                state=redact(o.state, secrets),
                last_error=redact(o.last_error, secrets),
                history=[redact(h, secrets) for h in o.history],
            )
            for o in outputs
        )
