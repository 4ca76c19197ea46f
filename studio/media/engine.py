"""The engine: a video clock thread, an encoder thread, an audio thread, and N outputs.

    capture threads ──latest frame──▶ video clock (compose, I420) ──queue(2)──▶ encoder
    audio sources ──────────────────▶ audio thread (gain, level, AAC) ─────────┤
                                                                                ▼
                                                 put() into every output's bounded queue

The clock ticks at the canvas fps from `time.monotonic()` and stamps each frame with the
tick's time; when it falls behind it skips ticks (counted as lagged) instead of drifting,
and when the encoder's queue is full the frame is dropped and counted as late (OBS's video
loop). Audio pts are sample positions on the same clock.
"""

from __future__ import annotations

import contextlib
import logging
import math
import queue
import threading
import time
from collections import deque
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import av
import cv2
import numpy as np
import psutil

from studio.core.bitrate import ResolutionLadder, rung_sizes
from studio.core.events import Signal
from studio.core.guard import CUTOUT_SLOWER, KNOBS, FrameGuard, GuardStep, cheaper_presets
from studio.core.messages import Message
from studio.core.state import StreamStats
from studio.media.audio import AudioSource, AudioStage, SilenceSource
from studio.media.clock import AUDIO_RATE, MediaClock, pace
from studio.media.compositor import Compositor, Effect, Fit, Inset, i420_planes, shrink
from studio.media.cutout import Cutout
from studio.media.encoder import Encoder, EncoderSettings
from studio.media.outputs.base import Output
from studio.media.packets import EncodedPacket
from studio.media.sources.base import VideoSource

log = logging.getLogger(__name__)

ENCODE_QUEUE_FRAMES = 2  # composed frames waiting for the encoder before a tick is dropped
AUDIO_FRAMES_PER_WAKE = 2  # AAC frames (21.3 ms each) encoded per wake of the audio thread
RATE_WINDOW_S = 1.0  # stats()'s fps and CPU are over at least this long
GUARD_SETTLE_S = 3.0  # the first seconds (encoder opening, models loading) are not judged


@dataclass
class EngineConfig(EncoderSettings):
    """The encoder settings plus how the camera fills the canvas."""

    fit: Fit = Fit.COVER
    # on a weak uplink, step the encoded size down a rung (1080→720→480) and back up
    resolution_steps: bool = True
    # the frame guard's knobs, in the order it turns them down (studio.core.guard); (): off
    guard: tuple[str, ...] = KNOBS


class PhaseLock:
    """Moves the tick phase to just after the source's frames arrive.

    A free-running tick shows each camera frame up to a whole interval after it arrived,
    depending on chance; ticking `margin` after the arrival phase makes capture-to-send short
    and steady; `margin` grows to clear the late arrivals too (98th percentile over the last
    five windows), up to a third of an interval. Only a source at the canvas rate is followed
    (the phases of a 25 fps camera on a 30 fps canvas wander), and the offset moves only
    forward, so pts stay increasing: a move backwards becomes a move forward by less than a
    whole interval, i.e. one skipped tick.
    """

    def __init__(self, interval_ns: int, margin_ns: int = 3_000_000, window: int = 30) -> None:
        self.interval_ns, self.margin_ns, self.window = interval_ns, margin_ns, window
        self.offset_ns = 0
        self._arrivals: list[int] = []
        self._pending = False
        # how late each arrival was against its window's typical one, over the last windows
        self._lateness: deque[int] = deque(maxlen=5 * window)

    def observe(self, arrival_ns: int) -> None:
        self._arrivals.append(arrival_ns)
        if len(self._arrivals) >= self.window:
            self._pending = True

    def retune(self, n: int) -> int:
        """Called after each tick; returns how many ticks to advance (1, or 2 on a retune)."""
        if not self._pending:
            return 1
        arrivals, self._arrivals, self._pending = self._arrivals, [], False
        gaps = np.diff(arrivals)
        if (
            len(gaps) == 0
            or abs(float(np.median(gaps)) - self.interval_ns) > 0.05 * self.interval_ns
        ):
            return 1  # not at the canvas rate: keep the free-running tick
        interval = self.interval_ns
        phases = np.asarray(arrivals) % interval
        # Circular median: rotate so the phases do not straddle the wrap.
        ref = int(phases[0])
        rel = (phases - ref + interval // 2) % interval - interval // 2
        median = int(np.median(rel))
        # Tick after the late arrivals too, not just the typical one: a frame that comes
        # after its tick waits a whole interval (a camera driver or the GIL holding it up).
        self._lateness.extend((rel - median).tolist())
        late = int(np.percentile(self._lateness, 98))
        margin = min(max(self.margin_ns, late + 1_000_000), interval // 3)
        # How far the ticks now come after the typical arrival (signed, circular).
        current = (self.offset_ns - ref - median + interval // 2) % interval - interval // 2
        if margin <= current <= margin + interval // 10:
            return 1  # late enough, and not a tenth of a frame later than needed: stay
        # to the middle of that band, so a window's noise does not retune again
        target = (ref + median + margin + interval // 20) % interval

        old, self.offset_ns = self.offset_ns, target
        # The next tick must come at least half an interval after the last one:
        # target + m·I > old + n·I + I/2  ⇒  m − n = ⌊(old − target)/I + ½⌋ + 1.
        return math.floor((old - target) / self.interval_ns + 0.5) + 1


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile (as numpy's default), without NumPy's lazy imports."""
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo = math.floor(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


class Engine:
    """Runs one stream: sources in, one encode, every output fed. Qt-free."""

    def __init__(
        self,
        config: EngineConfig,
        video: VideoSource,
        audio: AudioSource | None = None,
        clock: MediaClock | None = None,
    ) -> None:
        self.config = config
        self.clock = clock or MediaClock()
        self.video = video
        self.audio = audio or SilenceSource()
        self.audio_stage = AudioStage()
        self.compositor = Compositor(config.width, config.height, config.fit)
        self.encoder = Encoder(config)
        self.ladder = ResolutionLadder(rung_sizes(config.width, config.height))
        # steps the picture's cost down before frames are lost (studio.core.guard); judged
        # once a second on the encoder thread, which alone applies its steps
        self.guard = FrameGuard(1000 / config.fps, order=tuple(config.guard))
        self.guard_changed: Signal[Message] = Signal()  # a step taken, in one line
        self._guard_last: tuple[int, int, int, int, int] = (0, 0, 0, 0, 0)
        self._asked_size = (config.width, config.height)
        # totals since the start, for the guard's means: (ns, frames) drawing and encoding
        self._render_total = [0, 0]
        self._encode_total = [0, 0]
        self._outputs: tuple[Output, ...] = ()
        # Two frames at most (the video thread checks before it puts): a SimpleQueue's get
        # and put are C calls, a Queue's run a Condition in Python.
        self._encode_q: queue.SimpleQueue[tuple[Any, int, int] | None] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._running = False
        self.frames_composed = 0
        self.frames_encoded = 0
        self.late_frames = 0
        self.lagged_ticks = 0
        # how long drawing a frame takes (ns), the last two seconds' worth: written by the
        # video thread, copied under the lock by stats()
        self._render_ns: deque[int] = deque(maxlen=120)
        self._render_lock = threading.Lock()
        self._encode_ns: deque[int] = deque(maxlen=60)  # the encoder thread's, likewise
        # a picture tool that fails (a bug, a picture no test foresaw) is turned off and
        # said here, from the video thread; the stream goes on without it
        self.picture_problem: Signal[Message] = Signal()
        self.picture_failures = 0
        self.audio_frames = 0
        self.started_at = 0.0
        self._process = psutil.Process()
        # (time, frames captured, frames encoded, CPU s): the rates stats() gives are over the
        # last second or so whoever asks and however often (two readers used to halve each
        # other's windows); guarded by `_sample_lock`
        self._samples: deque[tuple[float, float, float, float]] = deque(maxlen=16)
        self._sample_lock = threading.Lock()
        self._cpu_s0 = 0.0
        self._preview_until_ns = 0
        self._preview_small: np.ndarray | None = None  # the shrunk I420, the preview's own
        # the sources of the picture tools: a chroma key's backdrop, an inset's camera
        self._tool_sources: tuple[VideoSource, ...] = ()

    # -- picture tools ------------------------------------------------------------------
    def set_tools(
        self,
        effects: tuple[Effect, ...],
        insets: tuple[Inset, ...] = (),
        sources: tuple[VideoSource, ...] = (),
    ) -> None:
        """The main picture's tools (chroma key, beauty) and the insets, from any thread:
        their new sources start first, the next tick draws with them, then the sources no
        longer used stop (so a change while live shows no gap)."""
        if self._running:
            for source in sources:
                if source not in self._tool_sources:
                    source.start()
        old, self._tool_sources = self._tool_sources, tuple(sources)
        self.compositor.set_effects(effects)
        self.compositor.set_insets(insets)
        if self._running:
            for source in old:
                if source not in sources:
                    source.stop()

    @property
    def running(self) -> bool:
        return self._running

    # -- outputs ------------------------------------------------------------------------
    @property
    def outputs(self) -> tuple[Output, ...]:
        return self._outputs

    def add_output(self, output: Output) -> None:
        output.keyframe_wanted.connect(self.encoder.request_keyframe)
        self._outputs = (*self._outputs, output)
        if self._running:
            output.start()

    def remove_output(self, output: Output) -> None:
        self._outputs = tuple(o for o in self._outputs if o is not output)
        output.keyframe_wanted.disconnect(self.encoder.request_keyframe)
        output.stop()

    def _fan_out(self, packets: list[EncodedPacket]) -> None:
        outputs = self._outputs
        for p in packets:
            for o in outputs:
                o.put(p)

    # -- lifecycle ----------------------------------------------------------------------
    def start(self) -> None:
        self._stop.clear()
        self.started_at = time.time()
        self._cpu_s0 = self._cpu_seconds()
        # the first stats() measures from the start: a short run's figures are not 0.0
        with self._sample_lock:
            self._samples.clear()
            self._samples.append((time.monotonic(), 0.0, 0.0, self._cpu_s0))
        self.audio.start()  # first: the one most likely to refuse (no such microphone)
        self.video.start()
        for source in self._tool_sources:
            source.start()
        for o in self._outputs:
            o.start()
        self._apply_dynamic_bitrate()  # the first frame at the rate the outputs start at
        self._running = True
        for target, name in (
            (self._video_loop, "video-clock"),
            (self._encode_loop, "encoder"),
            (self._audio_loop, "audio"),
        ):
            t = threading.Thread(target=target, name=name, daemon=True)
            t.start()
            self._threads.append(t)

    def replace_video(
        self, video: VideoSource, start: bool = True, stop_old: bool = True
    ) -> VideoSource:
        """Swap the picture source while live: the new one starts before the old one stops,
        and the clock picks it up at the next tick (no gap, no restart of the encode).
        `start`/`stop_old` False: the caller keeps the sources running (a scene's camera
        stays on while another scene is shown, so switching back is instant)."""
        if self._running and start:
            video.start()
        old, self.video = self.video, video
        if self._running and stop_old:
            old.stop()
        return old

    def replace_audio(self, audio: AudioSource, started: bool = False) -> AudioSource:
        """Swap the sound source while live. `started`: the caller started it already (a
        microphone starts on a thread with a Qt event loop, the GUI's)."""
        if self._running and not started:
            audio.start()
        old, self.audio = self.audio, audio
        if self._running:
            old.stop()
        return old

    def stop(self) -> None:
        if not self._running:
            return
        self._running = False
        self._stop.set()
        self._encode_q.put(None)
        for t in self._threads:
            t.join(5.0)
        self._threads.clear()
        try:
            self._fan_out(self.encoder.flush())
        except Exception:
            log.debug("encoder flush failed", exc_info=True)
        for o in self._outputs:
            o.stop()
        self.video.stop()
        for source in self._tool_sources:
            source.stop()
        self.audio.stop()
        self.encoder.close()

    def _cpu_seconds(self) -> float:
        t = self._process.cpu_times()
        return float(t.user + t.system)

    def preview_canvas(self) -> np.ndarray:
        """The latest composed picture, packed I420, for a preview (it may tear; copy it).

        The engine composes straight into the encoder's frames; asking for the preview turns
        on a copy of each (`Compositor.keep`, at the size drawn: the canvas's, or a rung's)
        for the next second, so a stream nobody watches in a window (headless, minimised)
        never pays for it.
        """
        self._preview_until_ns = time.monotonic_ns() + 1_000_000_000
        return self.compositor.kept

    def preview_rgb(self, max_height: int = 720, out: np.ndarray | None = None) -> np.ndarray:
        """The latest composed canvas as RGB, shrunk for a window (a copy: safe to keep).

        The window asks on its GUI thread several times a second: the I420 planes are shrunk
        first (at whole factors, then one small area resize) and only the small picture is
        converted, a fraction of converting the whole canvas to RGB and shrinking that.
        `out`, a picture the caller no longer shows, is written instead of a new one when it
        has the size: at 30 a second, a new 1-3 MB array each time is a fresh mapping each
        time (`heap.py`), its pages faulted in anew."""
        canvas = self.preview_canvas()  # I420, written by the video thread
        h, w = canvas.shape[0] * 2 // 3, canvas.shape[1]
        ph, pw = h, w
        if h > max_height:
            ph = max(2, round(max_height / 2) * 2)
            pw = max(2, round(w * ph / h / 2) * 2)
        if out is not None and (out.shape != (ph, pw, 3) or out.dtype != np.uint8):
            out = None
        if (ph, pw) == (h, w):
            return cv2.cvtColor(canvas, cv2.COLOR_YUV2RGB_I420, dst=out)
        small = self._preview_small
        if small is None or small.shape != (ph * 3 // 2, pw):
            small = self._preview_small = np.empty((ph * 3 // 2, pw), np.uint8)
        for src, dst in zip(i420_planes(canvas), i420_planes(small), strict=True):
            shrink(src, (dst.shape[1], dst.shape[0]), dst)
        return cv2.cvtColor(small, cv2.COLOR_YUV2RGB_I420, dst=out)

    # -- threads ------------------------------------------------------------------------
    def _video_loop(self) -> None:
        interval_ns = 1_000_000_000 // self.config.fps
        t0 = self.clock.t0_ns
        n = max(0, (time.monotonic_ns() - t0) // interval_ns)
        compositor, encoder = self.compositor, self.encoder
        phase = PhaseLock(interval_ns)
        last_seq = -1
        while not self._stop.is_set():
            tick_ns = t0 + phase.offset_ns + n * interval_ns
            if pace(tick_ns, self._stop):
                return
            now = time.monotonic_ns()
            if now - tick_ns > interval_ns:  # behind by more than a frame: skip, don't drift
                behind = (now - t0 - phase.offset_ns) // interval_ns
                self.lagged_ticks += int(behind - n)
                n = behind
                tick_ns = t0 + phase.offset_ns + n * interval_ns
            slot = self.video.slot  # read per tick: the source may be replaced while live
            # the encoder could not keep up: drop this frame
            late = self._encode_q.qsize() >= ENCODE_QUEUE_FRAMES
            with slot.read() as (frame, seq):
                captured = slot.capture_ns
                if not late:
                    av_frame, planes = encoder.next_frame_slot()
                    drawn_ns = time.perf_counter_ns()
                    self._compose(planes, frame, tick_ns)
                    drawn_ns = time.perf_counter_ns() - drawn_ns
                    with self._render_lock:
                        self._render_ns.append(drawn_ns)
                    self._render_total[0] += drawn_ns
                    self._render_total[1] += 1
            if seq != last_seq:
                last_seq = seq
                phase.observe(captured - t0)
            capture_ns = captured if 0 <= tick_ns - captured < 2 * interval_ns else tick_ns
            self.frames_composed += 1
            if late:
                self.late_frames += 1
            else:
                if now < self._preview_until_ns:
                    compositor.keep(planes)
                self._encode_q.put((av_frame, (tick_ns - t0) // 1_000_000, capture_ns))
            n += phase.retune(n)

    def _compose(self, planes: Any, frame: Any, tick_ns: int) -> None:
        """The frame, with its tools; a tool that raises is turned off (with the insets) and
        said, and the frame drawn without it; a frame that cannot be drawn at all is black.
        Never an exception out of the video thread: that would end the stream."""
        compositor = self.compositor
        try:
            compositor.compose_into(planes, frame, tick_ns)
            return
        except Exception as exc:  # any tool's failure: the stream goes on
            self.picture_failures += 1
            tools = bool(compositor.effects or compositor.insets)
            if self.picture_failures <= 3:
                log.exception("the picture failed (tools on: %s)", tools)
            if tools:
                compositor.set_effects(())
                compositor.set_insets(())
                last = (str(exc).strip().splitlines() or [""])[-1][:160]
                reason = f"{type(exc).__name__}: {last}"
                self.picture_problem.emit(Message("picture.tool_failed", {"reason": reason}))
        try:
            compositor.compose_into(planes, frame, tick_ns)
        except Exception:  # the picture itself: black, with the overlays
            with contextlib.suppress(Exception):  # or else the last frame is sent again
                compositor.compose_into(planes, None, tick_ns)

    def _encode_loop(self) -> None:
        last_rate_check = time.monotonic()
        while True:
            item = self._encode_q.get()
            if item is None or self._stop.is_set():
                return
            frame, pts_ms, capture_ns = item
            began = time.perf_counter_ns()
            try:
                packets = self.encoder.encode_video(frame, pts_ms, capture_ns)
            except av.FFmpegError:
                log.exception("video encode failed")
                continue
            took = time.perf_counter_ns() - began
            with self._render_lock:
                self._encode_ns.append(took)
            self._encode_total[0] += took
            self._encode_total[1] += 1
            self.frames_encoded += 1
            self._fan_out(packets)
            now = time.monotonic()
            if now - last_rate_check >= 1.0:
                interval, last_rate_check = now - last_rate_check, now
                self._apply_guard(interval)
                self._apply_dynamic_bitrate()

    def _apply_dynamic_bitrate(self) -> None:
        targets = [t for o in self._outputs if (t := o.bitrate_target_kbps()) is not None]
        starts = [t for o in self._outputs if (t := o.start_kbps()) is not None]
        # nothing live yet: the pushes' start rate (probed up once live), so the first second
        # does not fill a thin link's queue at the full rate
        target = min(targets or starts or [self.config.video_kbps])
        self.encoder.set_bitrate(min(target, self.config.video_kbps))
        if targets and self.config.resolution_steps:
            # no say while every push is reconnecting: the size waits for a measured link
            self.ladder.update(min(targets), 1.0)
        # the smaller of the uplink's rung and the frame guard's, asked when it changes
        rung = max(self.ladder.index, self.guard.levels["resolution"])
        size = self.ladder.sizes[min(rung, len(self.ladder.sizes) - 1)]
        if size != self._asked_size:
            self._asked_size = size
            self.encoder.set_size(*size)

    # -- the frame guard -----------------------------------------------------------------
    def _cutouts(self) -> list[Cutout]:
        return [e for e in self.compositor.effects if isinstance(e, Cutout)]

    def _guard_room(self) -> dict[str, int]:
        """How far each knob can go down on this stream now. Without resolution steps (a
        platform that refuses new sequence headers mid-stream) only the cutout's: a new
        preset is a new encode with new headers too."""
        headers = self.config.resolution_steps
        return {
            "cutout": len(CUTOUT_SLOWER) - 1 if self._cutouts() else 0,
            "preset": len(cheaper_presets(self.encoder.base_preset)) if headers else 0,
            "resolution": len(self.ladder.sizes) - 1 if headers else 0,
        }

    def _apply_guard(self, interval_s: float) -> None:
        """One look of the frame guard (the encoder thread, once a second): the means of
        drawing and encoding since the last look, the frames lost; a step it takes is
        applied here and said once."""
        guard = self.guard
        r_ns, r_n = self._render_total
        e_ns, e_n = self._encode_total
        lost = self.late_frames + self.lagged_ticks
        last = self._guard_last
        self._guard_last = (r_ns, r_n, e_ns, e_n, lost)
        if time.time() - self.started_at < GUARD_SETTLE_S:
            return
        render_ms = (r_ns - last[0]) / max(1, r_n - last[1]) / 1e6
        encode_ms = (e_ns - last[2]) / max(1, e_n - last[3]) / 1e6
        if not guard.order:  # off (the host's choice, live): whatever it took comes back
            steps = guard.release()
            step = steps[-1] if steps else None
            for undone in steps[:-1]:
                self._guard_message(undone)  # applies the preset; the size follows below
        else:
            room = self._guard_room()
            step = guard.update(render_ms, encode_ms, lost - last[4], interval_s, room)
        slower = CUTOUT_SLOWER[min(guard.levels["cutout"], len(CUTOUT_SLOWER) - 1)]
        for cutout in self._cutouts():  # a cutout turned on since follows the guard too
            cutout.segmenter.slower = slower
        if step is None:
            return
        log.info(
            "frame guard: %s %s to level %d (drawing %.1f ms, encoding %.1f ms a frame)",
            step.knob,
            "down" if step.down else "up",
            step.level,
            render_ms,
            encode_ms,
        )
        self.guard_changed.emit(self._guard_message(step))

    def _guard_message(self, step: GuardStep) -> Message:
        """The step, in one line; the preset and the size are applied here too."""
        direction = "down" if step.down else "up"
        if step.knob == "cutout":
            every = max((c.segmenter.every for c in self._cutouts()), default=2)
            frames = every * CUTOUT_SLOWER[min(step.level, len(CUTOUT_SLOWER) - 1)]
            return Message(f"guard.cutout_{direction}", {"frames": frames})
        if step.knob == "preset":
            presets = (self.encoder.base_preset, *cheaper_presets(self.encoder.base_preset))
            preset = presets[min(step.level, len(presets) - 1)]
            self.encoder.set_preset(preset)
            log.info("frame guard: the encoder's x264 preset is now %s", preset)
            return Message(f"guard.preset_{direction}")
        sizes = self.ladder.sizes
        size = sizes[min(max(self.ladder.index, step.level), len(sizes) - 1)]
        # applied by _apply_dynamic_bitrate, right after this look
        return Message(f"guard.resolution_{direction}", {"size": "{}x{}".format(*size)})

    def guard_state(self) -> str:
        """The guard's steps down now, "knob:level,…" ("" when none)."""
        return ",".join(f"{k}:{v}" for k, v in self.guard.levels.items() if v)

    def _audio_loop(self) -> None:
        size = self.encoder.audio_frame_size
        frames = [av.AudioFrame(format="fltp", layout="stereo", samples=size) for _ in range(4)]
        plane_views = []  # made once: wrapping frame.planes every frame is measurable churn
        for f in frames:
            f.sample_rate = AUDIO_RATE
            f.time_base = Fraction(1, AUDIO_RATE)
            plane_views.append([np.frombuffer(memoryview(p), np.float32)[:size] for p in f.planes])
        buf = np.zeros((2, size), np.float32)
        position = self.clock.sample_at_now()
        position -= position % size
        i = 0
        while not self._stop.is_set():
            # Two frames per wake: half the thread wake-ups (and output wake-ups) for at
            # most 21 ms more audio latency; pts are sample positions either way.
            end = position + AUDIO_FRAMES_PER_WAKE * size
            latency_ns = int(self.audio.latency_s * 1e9)  # per wake: the source may be swapped
            if pace(self.clock.ns_at_sample(end) + latency_ns, self._stop):
                return
            packets: list[EncodedPacket] = []
            while position < end:
                self.audio.fill(position, buf)
                self.audio_stage.process(buf)
                frame = frames[i]
                for dst, src in zip(plane_views[i], buf, strict=True):
                    np.copyto(dst, src)
                frame.pts = position
                try:
                    packets += self.encoder.encode_audio(frame, self.clock.ns_at_sample(position))
                except av.FFmpegError:
                    log.exception("audio encode failed")
                self.audio_frames += 1
                position += size
                i = (i + 1) % len(frames)
            self._fan_out(packets)

    # -- stats --------------------------------------------------------------------------
    def stats(self) -> StreamStats:
        """A snapshot: per output state, rates and drops; engine fps, late frames, latency, CPU.

        Any thread may ask, as often as it likes: the rates are over the last second or so
        (from a sample at least RATE_WINDOW_S old to now), whatever the other readers do."""
        now = time.monotonic()
        cpu = self._cpu_seconds()
        captured = float(self.video.frames_captured)
        encoded = float(self.frames_encoded)
        with self._sample_lock:
            samples = self._samples
            base = samples[0] if samples else (now - 1.0, captured, encoded, cpu)
            for sample in samples:  # the newest one old enough
                if now - sample[0] >= RATE_WINDOW_S:
                    base = sample
            if not samples or now - samples[-1][0] >= RATE_WINDOW_S / 2:
                samples.append((now, captured, encoded, cpu))
        t0, captured0, encoded0, cpu0 = base
        interval = max(1e-3, now - t0)
        fps_in = (captured - captured0) / interval
        fps_out = (encoded - encoded0) / interval
        cpu_pct = (cpu - cpu0) / interval * 100
        rtmp = [o for o in self._outputs if o.kind == "rtmp"]
        latencies = [x for o in rtmp or self._outputs for x in o.latency_samples_ms()]
        with self._render_lock:
            render_ms = [ns / 1e6 for ns in self._render_ns]
            encode_ms = [ns / 1e6 for ns in self._encode_ns]
        audio = self.audio
        heard = getattr(audio, "heard_level_dbfs", None)  # before the voice chain, if any
        elapsed = max(1e-6, time.time() - self.started_at) if self.started_at else 0.0
        return StreamStats(
            elapsed_s=round(elapsed, 2),
            encoder=self.encoder.name,
            canvas=f"{self.config.width}x{self.config.height}",
            encoded_size="{}x{}".format(*self.encoder.size),
            fps=self.config.fps,
            fps_in=round(fps_in, 2),
            fps_out=round(fps_out, 2),
            frames_composed=self.frames_composed,
            frames_encoded=self.frames_encoded,
            late_frames=self.late_frames,
            lagged_ticks=self.lagged_ticks,
            audio_frames=self.audio_frames,
            video_kbps_target=self.encoder.current_kbps,
            latency_ms_p50=round(percentile(latencies, 50), 2),
            latency_ms_p99=round(percentile(latencies, 99), 2),
            cpu_percent=round(cpu_pct, 1),
            cpu_seconds=round(cpu - self._cpu_s0, 3),
            audio_level_dbfs=round(self.audio_stage.level_dbfs, 1),
            source_ok=self.video.status.ok,
            source_message=str(self.video.status.message),
            outputs=tuple(o.snapshot() for o in self._outputs),
            # every tick is a frame composed or a frame skipped for lag
            frames_expected=self.frames_composed + self.lagged_ticks,
            frames_missed=self.lagged_ticks + self.late_frames,
            render_ms_mean=round(sum(render_ms) / len(render_ms), 2) if render_ms else 0.0,
            render_ms_p95=round(percentile(render_ms, 95), 2),
            latency_measured=bool(rtmp and latencies),
            heard_level_dbfs=round(
                float(heard) if heard is not None else self.audio_stage.heard_dbfs, 1
            ),
            encode_ms_mean=round(sum(encode_ms) / len(encode_ms), 2) if encode_ms else 0.0,
            guard=self.guard_state(),
            x264_preset=self.encoder.preset,
        )
