"""A product clip that loops at real-time pace, with its own audio on the shared timeline.

Decoded with PyAV (not OpenCV) because the clip's audio must come along: each video frame is
shown when its time on the clip comes round on the media clock, and its audio is written to
the `AudioTimeline` at the same clock position, so picture and sound stay together on every
loop however the threads are scheduled.
"""

from __future__ import annotations

import time
from pathlib import Path

import av
import numpy as np

from studio.media.clock import AudioTimeline, MediaClock
from studio.media.sources.base import VideoSource, pace

AUDIO_LEAD_S = 0.5  # decode audio this far ahead of the clock; the timeline holds 4 s


class ClipSource(VideoSource):
    def __init__(self, path: Path, clock: MediaClock, *, audio: AudioTimeline | None = None,
                 canvas_fps: int = 30) -> None:
        super().__init__(path.name)
        self.path, self.clock, self.audio = path, clock, audio
        self.loops = 0
        self._half_tick_ns = int(0.5e9 / canvas_fps)

    def has_audio(self) -> bool:
        try:
            with av.open(str(self.path)) as c:
                return bool(c.streams.audio)
        except av.FFmpegError:
            return False

    def _run(self) -> None:
        loop_start_ns = time.monotonic_ns()
        while not self._stop.is_set():
            try:
                container = av.open(str(self.path))
            except (av.FFmpegError, OSError) as exc:
                self._set_status(False, f"无法播放视频 / cannot play {self.path.name}: {exc}")
                if self._stop.wait(1.0):
                    return
                continue
            with container:
                length_s = self._play_once(container, loop_start_ns)
            if length_s <= 0:
                self._set_status(False, f"视频没有画面 / {self.path.name} has no frames")
                if self._stop.wait(1.0):
                    return
                continue
            self._set_status(True)
            loop_start_ns += int(length_s * 1e9)
            self.loops += 1

    def _play_once(self, container: av.container.InputContainer, loop_start_ns: int) -> float:
        streams = []
        vstream = container.streams.video[0] if container.streams.video else None
        astream = container.streams.audio[0] if container.streams.audio else None
        if vstream is not None:
            vstream.thread_type = "AUTO"
            streams.append(vstream)
        resampler = None
        if astream is not None and self.audio is not None:
            streams.append(astream)
            resampler = av.AudioResampler(format="fltp", layout="stereo", rate=48_000)
        base_sample = self.clock.sample_at(loop_start_ns)
        end_s = 0.0
        audio_origin: int | None = None
        for frame in container.decode(*streams):
            if self._stop.is_set():
                return end_s
            if frame.time is None:
                continue
            start = frame.stream.start_time or 0
            t = float(frame.time - start * frame.stream.time_base)
            if isinstance(frame, av.VideoFrame):
                rate = vstream.average_rate if vstream is not None else None
                end_s = max(end_s, t + (1 / float(rate) if rate else 0.0))
                shown_ns = loop_start_ns + int(t * 1e9)
                if pace(shown_ns - self._half_tick_ns, self._stop):
                    return end_s
                bgr = frame.to_ndarray(format="bgr24")
                self._publish(bgr, shown_ns)
            elif resampler is not None and self.audio is not None:
                if vstream is None:
                    end_s = max(end_s, t + frame.samples / frame.sample_rate)
                if pace(loop_start_ns + int((t - AUDIO_LEAD_S) * 1e9), self._stop):
                    return end_s
                for out in resampler.resample(frame):
                    samples = out.to_ndarray().astype(np.float32, copy=False)
                    if audio_origin is None:
                        audio_origin = out.pts - round(t * 48_000)
                    self.audio.write(base_sample + out.pts - audio_origin, samples)
        return end_s
