"""`studio bench`: what this machine can stream, and the preset the first-run wizard picks.

For each canvas it streams the test pattern through the real engine (compose, convert, encode,
record to a temporary file) with the picture tools on (by default the dearest a host commonly
turns on: beauty and the cutout with the room blurred, and the microphone's noise
suppression), with x264 presets from better to cheaper, and keeps the first one the machine
holds: at least 29 of 30 frames a second, none late, and a quarter of the time to spare,
drawing a frame, encoding one and on the CPU as a whole (the frame guard's 75 % mark: below
it, nothing has to be stepped down). The frame guard is off while it measures, so what is
measured is the canvas's own cost. 1080p is not tried once 720p holds with no preset.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from studio.app.errors import ConfigError
from studio.app.live import LiveConfig, LiveSession
from studio.core.destination import Destination, redact_message
from studio.core.errors import StudioError
from studio.core.guard import FrameGuard
from studio.core.messages import Message
from studio.core.picture import BLUR, PictureTools
from studio.core.presets import bitrate_for

PRESETS = ("veryfast", "superfast", "ultrafast")
DEFAULT_CANVASES = ((1280, 720), (720, 1280), (1920, 1080))
HEADROOM = 0.25  # of the frame's time and of the CPU, left over with the tools on
# what the machine check measures with unless told: the dearest tools a host commonly turns
# on (a 1080p that holds bare but drops frames once the cutout is on is not a recommendation)
TYPICAL_TOOLS = PictureTools(beauty=60, cutout=True, background=BLUR)


@dataclass
class BenchResult:
    canvas: str
    preset: str
    seconds: float
    fps_out: float
    late_frames: int
    lagged_ticks: int
    cpu_s_per_s: float
    latency_ms_p50: float
    latency_ms_p99: float
    holds: bool
    render_ms: float = 0.0  # drawing one frame (sources, tools), the mean over the run
    encode_ms: float = 0.0  # encoding one


class BenchCancelled(StudioError):
    """The host skipped the check (or closed the wizard): it stopped within a moment."""


def measure(
    width: int,
    height: int,
    fps: int,
    preset: str,
    seconds: float,
    source: str = "",
    cancel: threading.Event | None = None,
    tools: PictureTools | None = None,
    denoise: str = "auto",
    encoder: str = "libx264",
) -> BenchResult:
    """One canvas and preset for `seconds` (after a 1 s warm-up); `cancel` ends it at once
    with BenchCancelled, the test stream stopped. `tools` and `denoise`: the picture tools
    and the voice chain on, to measure what they cost. `source` "": a host in front of the
    camera (`host_picture`); `encoder`: libx264 (with `preset`) or the one "auto" opens."""
    cancel = cancel or threading.Event()
    with tempfile.TemporaryDirectory() as tmp:
        config = LiveConfig(
            source=source or str(host_picture()),
            audio="tone",
            width=width,
            height=height,
            fps=fps,
            video_kbps=bitrate_for(width, height, fps),
            encoder=encoder,
            x264_preset=preset,
            record=Path(tmp) / "bench.mkv",
            denoise=denoise,
            tools=tools or PictureTools(),
            guard=(),  # the canvas's own cost, not what the guard would step it down to
        )
        session = LiveSession(config)
        session.start()
        try:
            # warm-up: encoder start and first keyframe are not steady state
            if cancel.wait(1.0):
                raise BenchCancelled(Message("bench.cancelled"))
            engine = session.engine
            start_frames, start_late, start_lag = (
                engine.frames_encoded,
                engine.late_frames,
                engine.lagged_ticks,
            )
            start_cpu, t0 = engine._cpu_seconds(), time.monotonic()
            (r_ns, r_n), (e_ns, e_n) = list(engine._render_total), list(engine._encode_total)
            if cancel.wait(seconds):
                raise BenchCancelled(Message("bench.cancelled"))
            elapsed = time.monotonic() - t0
            cpu = engine._cpu_seconds() - start_cpu
            stats = session.stats()
            frames = engine.frames_encoded - start_frames
            late = engine.late_frames - start_late
            lagged = engine.lagged_ticks - start_lag
            render_ms = (engine._render_total[0] - r_ns) / max(1, engine._render_total[1] - r_n)
            encode_ms = (engine._encode_total[0] - e_ns) / max(1, engine._encode_total[1] - e_n)
        finally:
            session.stop()
    cores = os.cpu_count() or 2
    cpu_per_s = cpu / elapsed
    fps_out = frames / elapsed
    # Lagged ticks are scheduler hiccups (in the frame rate); late frames mean the encoder
    # fell behind. A quarter to spare: drawing and encoding under the guard's own mark
    spare = 1 - HEADROOM
    guard = FrameGuard(1000 / fps, warn_share=spare)
    holds = (
        late == 0
        and fps_out >= fps - 1
        and guard.share(render_ms / 1e6, encode_ms / 1e6) < spare
        and cpu_per_s < spare * cores
    )
    return BenchResult(
        f"{width}x{height}@{fps}",
        preset,
        round(elapsed, 1),
        round(fps_out, 2),
        late,
        lagged,
        round(cpu_per_s, 3),
        stats.latency_ms_p50,
        stats.latency_ms_p99,
        holds,
        round(render_ms / 1e6, 2),
        round(encode_ms / 1e6, 2),
    )


@dataclass
class BenchReport:
    """What the first-run wizard needs: every measurement, the x264 preset each canvas holds,
    and the quality preset (流畅/标清/高清 = 480p/720p/1080p) to offer."""

    results: list[BenchResult]
    presets: dict[str, str]
    quality: str
    tools: PictureTools = TYPICAL_TOOLS  # what was on while it measured

    def summary(self, quality: str | None = None) -> Message:
        """The recommendation in words: the quality (this report's, or a lower one the
        uplink carries), the x264 preset for it, what was on while measuring."""
        quality = quality or self.quality
        on = Message(
            "bench.tools_typical"
            if self.tools == TYPICAL_TOOLS
            else "bench.tools_none"
            if self.tools == PictureTools()
            else "bench.tools_on"
        )
        # the cheapest preset a canvas of that quality needed (a portrait's may be cheaper);
        # one not measured (480p, or 720p when asked for 1080p alone) takes a bigger one's
        rank = QUALITY_ORDER.index(quality)
        presets = [p for c, p in self.presets.items() if quality_of(c) == quality] or [
            p
            for c, p in self.presets.items()
            if QUALITY_ORDER.index(quality_of(c) or "480p") > rank
        ]
        if not presets:  # nothing held, not even 720p
            return Message("bench.recommended_none", {"tools": on})
        return Message(
            "bench.recommended",
            {"quality": quality, "preset": max(presets, key=PRESETS.index), "tools": on},
        )


def quality_of(canvas: str) -> str | None:
    """ "1080x1920@30" → "1080p" (by the short side); None for any other size."""
    w, h = (int(x) for x in canvas.split("@")[0].split("x"))
    return {1080: "1080p", 720: "720p", 480: "480p"}.get(min(w, h))


def recommend(
    seconds: float,
    canvases: list[tuple[int, int]] | None = None,
    fps: int = 30,
    on_result: Callable[[BenchResult], None] | None = None,
    cancel: threading.Event | None = None,
    tools: PictureTools = TYPICAL_TOOLS,
    denoise: str = "on",
) -> BenchReport:
    """Measure each canvas with `tools` on and cheaper x264 presets until one holds. Takes
    about `seconds` + 1 s per measurement; run it off the GUI thread. Setting `cancel` ends
    it within a moment (BenchCancelled). A quality is recommended only if every canvas of it
    that was measured (landscape and portrait: the portrait cutout's model is dearer) holds."""
    results: list[BenchResult] = []
    chosen: dict[str, str] = {}
    measured: set[str] = set()
    failed: set[str] = set()  # qualities with a canvas that held with no preset
    for width, height in canvases or list(DEFAULT_CANVASES):
        canvas = f"{width}x{height}@{fps}"
        quality = quality_of(canvas)
        if quality == "1080p" and "720p" in failed:
            continue  # 720p with these tools drops frames: 1080p would too (and takes 30 s)
        measured.add(quality or "")
        for preset in PRESETS:
            if cancel is not None and cancel.is_set():
                raise BenchCancelled(Message("bench.cancelled"))
            r = measure(
                width, height, fps, preset, seconds, cancel=cancel, tools=tools, denoise=denoise
            )
            results.append(r)
            if on_result is not None:
                on_result(r)
            if r.holds:
                chosen[canvas] = preset
                break
        else:
            failed.add(quality or "")
    quality = next((q for q in ("1080p", "720p") if q in measured - failed), "480p")
    return BenchReport(results, chosen, quality, tools)


MACHINE_FRESH_S = 14 * 24 * 3600  # a machine check stands this long for the same canvas and tools


def tools_key(tools: PictureTools, denoise: bool) -> str:
    """What the go-live check measured with, as one line: the same line, the same cost. A
    picture behind the key or cutout is "picture" (which one costs the same); the close-up is
    the scene's, not measured."""
    background = "" if not tools.background else BLUR if tools.background == BLUR else "picture"
    on = {True: "on", False: ""}  # beauty at 60 or at 65, one look or another: the same cost
    return (
        f"beauty={on[tools.beauty > 0]};look={on[tools.look != 'natural']};"
        f"key={on[bool(tools.key)]};cutout={on[tools.cutout]};background={background};"
        f"denoise={on[denoise]}"
    )


@dataclass
class MachineAdvice:
    """What the go-live check found: the quality and x264 preset this PC holds at 30 frames
    a second (with a quarter to spare) with the host's tools on, from the one asked for down."""

    asked: str  # the quality the host chose: 480p | 720p | 1080p
    quality: str  # the best one that held (asked, or lower); asked when nothing held
    preset: str  # the x264 preset that held there ("" with another encoder)
    results: list[BenchResult]
    encoder: str = "libx264"  # what the stream opens ("auto": a hardware one first)
    holds: bool = True  # False: nothing held, not even 480p

    @property
    def encoder_said(self) -> str:
        """ "x264 veryfast", or the hardware encoder's name."""
        return f"x264 {self.preset}" if self.encoder == "libx264" else self.encoder

    def tight(self, quality: str) -> bool:
        """`quality` made its frames (29 or more a second) but without a quarter to spare:
        not "drops frames", "no room to spare"."""
        return self.fps_at(quality) >= 29.0

    @property
    def lowered(self) -> bool:
        return self.holds and self.quality != self.asked

    def fps_at(self, quality: str) -> float:
        """The best frame rate measured at `quality` (0: not measured)."""
        rates = [r.fps_out for r in self.results if quality_of(r.canvas) == quality]
        return max(rates, default=0.0)


def check_machine(
    quality: str,
    canvas_of: Callable[[str], tuple[int, int]],
    tools: PictureTools,
    denoise: bool,
    *,
    seconds: float = 2.0,
    fps: int = 30,
    cancel: threading.Event | None = None,
    measure_one: Callable[..., BenchResult] = measure,
    encoder: str = "",
) -> MachineAdvice:
    """The go-live check: the host's canvas (`canvas_of(quality)`) with the host's tools, a
    host in front of the camera (`host_picture`), through the encoder the stream opens
    (`encoder`, "": what "auto" opens here); with x264, at cheaper presets until one holds;
    then the next quality down, and so on to 480p. A preset cannot help a frame that takes
    too long to draw (the tools, not the encoder): then the next quality is tried at once.
    Off the GUI thread; `cancel` → BenchCancelled."""
    from studio.media.encoder import auto_encoder

    encoder = encoder or auto_encoder()
    presets = PRESETS if encoder == "libx264" else ("",)
    results: list[BenchResult] = []
    for q in reversed(QUALITY_ORDER[: QUALITY_ORDER.index(quality) + 1]):
        width, height = canvas_of(q)
        for preset in presets:
            if cancel is not None and cancel.is_set():
                raise BenchCancelled(Message("bench.cancelled"))
            r = measure_one(
                width,
                height,
                fps,
                preset,
                seconds,
                cancel=cancel,
                tools=tools,
                denoise="on" if denoise else "off",
                encoder=encoder,
            )
            results.append(r)
            if r.holds:
                return MachineAdvice(quality, q, preset, results, encoder)
            if r.render_ms >= (1 - HEADROOM) * 1000 / fps:
                break  # drawing alone is past the mark: a cheaper encoder cannot save it
    return MachineAdvice(quality, quality, "", results, encoder, holds=False)


HOST_PICTURE = "bench-host-v1.png"


def host_picture() -> Path:
    """A stand-in for the host in front of the camera (`studio.media.checks.draw_host`),
    made once in the cache folder: the machine checks measure beauty and the cutout on it."""
    from studio.app.paths import cache_dir
    from studio.media.checks import draw_host

    path = cache_dir() / HOST_PICTURE
    if not path.is_file():
        partial = path.with_name(f"{path.stem}.{os.getpid()}.part.png")
        draw_host(partial)
        partial.replace(path)  # never half a picture for a check running beside it
    return path


def encoder_default_preset(quality: str, portrait: bool, fps: int = 30) -> str:
    """The x264 preset the encoder picks by itself for a quality's canvas on this PC."""
    from studio.app.studio import canvas_for
    from studio.media.encoder import default_x264_preset

    width, height = canvas_for(quality, portrait)
    return default_x264_preset(width, height, fps)


QUALITY_ORDER = ("480p", "720p", "1080p")
UPLINK_HEADROOM = 0.8  # of the measured uplink: protocol overhead and a margin for dips


# The least video rate that still looks right at each quality (dynamic bitrate goes this low
# before the picture turns to blocks); with 128 kbps of sound, what an uplink must carry.
QUALITY_MIN_VIDEO_KBPS = {"480p": 600, "720p": 1500, "1080p": 3000}


def quality_needs_kbps(quality: str, fps: int = 30) -> int:
    """The uplink a quality preset needs at the least: its lowest good video rate (scaled
    for the frame rate) and the sound."""
    return int(QUALITY_MIN_VIDEO_KBPS[quality] * (fps / 30) ** 0.5) + 128


def uplink_quality(uplink_kbps: float, fps: int = 30) -> str | None:
    """The best quality the uplink carries with room to spare; None: not even 480p."""
    fitting = [
        q for q in QUALITY_ORDER if quality_needs_kbps(q, fps) <= UPLINK_HEADROOM * uplink_kbps
    ]
    return fitting[-1] if fitting else None


def lower_quality(a: str, b: str) -> str:
    return min(a, b, key=QUALITY_ORDER.index)


@dataclass
class UplinkAdvice:
    """What the uplink test found, and what it means for the picture."""

    uplink_kbps: int
    capped: bool  # the link kept up with the highest step: it carries more
    quality: str | None  # the best preset the uplink carries; None: not even 480p
    steps: list[Any]

    def warning(self) -> Message | None:
        if self.quality is not None:
            return None
        return Message(
            "uplink.too_slow", {"kbps": self.uplink_kbps, "need": quality_needs_kbps("480p")}
        )

    def summary(self) -> Message:
        more = "+" if self.capped else ""
        quality = self.quality or "—"
        return Message("uplink.measured", {"kbps": f"{self.uplink_kbps}{more}", "quality": quality})


def check_uplink(
    destination: Destination,
    *,
    fps: int = 30,
    cancel: threading.Event | None = None,
    on_step: Callable[[Any], None] | None = None,
    ssl_context: Any = None,
) -> UplinkAdvice:
    """Publish a test stream to `destination` at rising rates for about 10 s (off the GUI
    thread) and say which quality the uplink carries. Raises ConfigError, in the host's
    words and with the key redacted, when it cannot publish at all."""
    from studio.media.uplink import UplinkError, measure_uplink

    try:
        result = measure_uplink(
            destination, cancel=cancel, on_step=on_step, ssl_context=ssl_context
        )
    except UplinkError as exc:
        raise ConfigError(redact_message(exc.message, destination.secrets())) from None
    return UplinkAdvice(
        result.uplink_kbps, result.capped, uplink_quality(result.uplink_kbps, fps), result.steps
    )


def machine_devices() -> dict[str, list[str]]:
    """The cameras, microphones, screens and encoders this machine has (`studio devices`)."""
    from studio.media.devices import list_devices
    from studio.media.text import ensure_gui

    ensure_gui()
    return list_devices()


def run_bench(
    seconds: float,
    canvases: list[tuple[int, int]] | None,
    json_path: Path | None,
    fps: int = 30,
    uplink: str | None = None,
) -> int:
    """`studio bench`: print the table and the recommendation; optionally save it as JSON
    (`json_path` "-": the JSON object alone on stdout, the table on stderr). With `uplink`
    (a push URL), the uplink is measured too and the preset is the lower of the two."""
    from studio.media.text import ensure_gui

    to_stdout = str(json_path) == "-"
    out = sys.stderr if to_stdout else sys.stdout
    ensure_gui()
    uplink_result = None
    if uplink is not None:
        from studio.core.destination import DestinationError

        try:
            destination = Destination.parse(uplink)
        except DestinationError as exc:
            print(str(exc), file=sys.stderr)
            return 2
        print(Message("bench.uplink_test", {"host": destination.host}), file=out, flush=True)
        try:
            uplink_result = check_uplink(
                destination,
                fps=fps,
                on_step=lambda st: print(
                    Message(
                        "bench.uplink_step",
                        {
                            "asked": f"{st.target_kbps:>5}",
                            "carried": f"{st.sent_kbps:>7.0f}",
                            "queue": f"{st.queue_ms:.0f}",
                        },
                    ),
                    file=out,
                    flush=True,
                ),
            )
        except ConfigError as exc:
            print(str(exc), file=sys.stderr)
            return 3
    print(
        f"{'canvas':>16} {'preset':>10} {'fps':>6} {'late':>5} {'lag':>5} "
        f"{'cpu s/s':>8} {'draw ms':>7} {'enc ms':>7} {'p50 ms':>7} {'p99 ms':>7}  holds",
        file=out,
    )

    def show(r: BenchResult) -> None:
        print(
            f"{r.canvas:>16} {r.preset:>10} {r.fps_out:>6.2f} {r.late_frames:>5} "
            f"{r.lagged_ticks:>5} {r.cpu_s_per_s:>8.3f} {r.render_ms:>7.1f} {r.encode_ms:>7.1f} "
            f"{r.latency_ms_p50:>7.1f} "
            f"{r.latency_ms_p99:>7.1f}  {'yes' if r.holds else 'no'}",
            file=out,
            flush=True,
        )

    report = recommend(seconds, canvases, fps, on_result=show)
    data: dict[str, object] = asdict(report)
    recommended = report.quality
    if uplink_result is not None:
        by_uplink = uplink_result.quality
        warned = uplink_result.warning()
        warning = str(warned) if warned else None
        if warning:
            print(warning, file=out)
        recommended = lower_quality(report.quality, by_uplink or "480p")
        more = "+" if uplink_result.capped else ""
        kbps = f"{uplink_result.uplink_kbps}{more}"
        print(Message("bench.uplink", {"kbps": kbps}), file=out)
        data.update(
            uplink_kbps=uplink_result.uplink_kbps,
            uplink_capped=uplink_result.capped,
            uplink_steps=[asdict(st) for st in uplink_result.steps],
            uplink_preset=by_uplink,
            cpu_preset=report.quality,
            warning=warning,
        )
    data["recommended_preset"] = recommended
    print(report.summary(recommended), file=out)
    if to_stdout:
        print(json.dumps(data, ensure_ascii=False))
    elif json_path:
        json_path.write_text(json.dumps(data, indent=2, ensure_ascii=False))
    return 0
