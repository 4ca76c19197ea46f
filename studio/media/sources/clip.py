"""A product clip that loops at real-time pace, with its own audio on the shared timeline.

Decoded with PyAV (not OpenCV) because the clip's audio must come along: each video frame is
shown when its time on the clip comes round on the media clock, and its audio is written to
the `AudioTimeline` at the same clock position, so picture and sound stay together on every
loop however the threads are scheduled.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import av
import numpy as np
from av.video.reformatter import VideoReformatter

from studio.core.messages import Message
from studio.media.clock import AudioTimeline, MediaClock, pace
from studio.media.compositor import I420Planes
from studio.media.sources.base import VideoSource

AUDIO_LEAD_S = 0.5  # decode audio this far ahead of the clock; the timeline holds 4 s


def clip_has_video(path: Path) -> bool | None:
    """Whether the file has a picture to show: None if it is no media file FFmpeg can open."""
    try:
        with av.open(str(path), timeout=10.0) as c:
            return bool(c.streams.video)
    except (av.FFmpegError, OSError, UnicodeDecodeError):
        return None


class ClipSource(VideoSource):
    def __init__(
        self,
        path: Path,
        clock: MediaClock,
        *,
        audio: AudioTimeline | None = None,
        canvas_fps: int = 30,
    ) -> None:
        super().__init__(path.name)
        self.path, self.clock, self.audio = path, clock, audio
        self.loops = 0
        self._reformatter = VideoReformatter()
        self._half_tick_ns = int(0.5e9 / canvas_fps)
        self._frame_s = 0.0  # one video frame of the clip playing now

    def _publish_frame(self, frame: Any, shown_ns: int) -> None:
        """Hand the decoder's own I420 planes to the compositor: no conversion, no copy.

        The picture holds the decoded frame, whose buffers the decoder does not reuse while
        it is referenced. Other pixel formats (yuvj420p, nv12, 10-bit) go through one swscale
        context kept for the whole clip: a new one per frame (what `to_ndarray` does) builds
        and frees its thread pool every frame, 7x the cost.
        """
        if frame.format.name != "yuv420p" or frame.width % 2 or frame.height % 2:
            frame = self._reformatter.reformat(
                frame,
                format="yuv420p",
                threads=1,
                width=frame.width - frame.width % 2,
                height=frame.height - frame.height % 2,
            )
        w, h = frame.width, frame.height
        y, u, v = (
            np.frombuffer(plane, np.uint8).reshape(-1, plane.line_size)[:rows, :cols]
            for plane, rows, cols in zip(
                frame.planes, (h, h // 2, h // 2), (w, w // 2, w // 2), strict=True
            )
        )
        self._publish(I420Planes(y, u, v, frame), shown_ns)

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
                detail = {"name": self.path.name, "reason": str(exc)}
                self._set_status(False, Message("source.cannot_play", detail))
                if self._stop.wait(1.0):
                    return
                continue
            with container:
                length_s = self._play_once(container, loop_start_ns)
            if self._stop.is_set():
                return  # stopped mid-read: the clip is not empty, the show is over
            if length_s <= 0:
                self._set_status(False, Message("source.no_frames", {"name": self.path.name}))
                if self._stop.wait(1.0):
                    return
                continue
            self._set_status(True)
            loop_start_ns += int(length_s * 1e9)
            self.loops += 1

    def _play_once(self, container: av.container.InputContainer, loop_start_ns: int) -> float:
        streams: list[av.stream.Stream] = []
        vstream = container.streams.video[0] if container.streams.video else None
        astream = container.streams.audio[0] if container.streams.audio else None
        if vstream is not None:
            vstream.thread_type = "AUTO"
            streams.append(vstream)
            rate = vstream.average_rate
            self._frame_s = 1 / float(rate) if rate else 0.0
        resampler = None
        if astream is not None and self.audio is not None:
            streams.append(astream)
            resampler = av.AudioResampler(format="fltp", layout="stereo", rate=48_000)
        base_sample = self.clock.sample_at(loop_start_ns)
        end_s = 0.0
        # worked out once: a stream's time_base is a new Fraction on every access
        offsets = {st.index: float((st.start_time or 0) * (st.time_base or 0)) for st in streams}
        for packet in container.demux(*streams):
            offset = offsets[packet.stream_index]
            for frame in packet.decode():
                if self._stop.is_set():
                    return end_s
                if not isinstance(frame, av.VideoFrame | av.AudioFrame):
                    continue  # a subtitle
                if frame.time is not None:
                    end_s, stopped = self._present(
                        frame,
                        float(frame.time) - offset,
                        end_s,
                        loop_start_ns,
                        vstream,
                        resampler,
                        base_sample,
                    )
                    if stopped:
                        return end_s
        return end_s

    def _present(
        self,
        frame: Any,
        t: float,
        end_s: float,
        loop_start_ns: int,
        vstream: Any,
        resampler: Any,
        base_sample: int,
    ) -> tuple[float, bool]:
        """Show a video frame when its time comes; put audio on the timeline ahead of time."""
        if isinstance(frame, av.VideoFrame):
            end_s = max(end_s, t + self._frame_s)
            shown_ns = loop_start_ns + int(t * 1e9)
            # Half a canvas tick early: the tick that shows it is then within ±half a frame.
            if pace(shown_ns - self._half_tick_ns, self._stop):
                return end_s, True
            self._publish_frame(frame, shown_ns)
        elif resampler is not None and self.audio is not None:
            if vstream is None:
                end_s = max(end_s, t + frame.samples / frame.sample_rate)
            if pace(loop_start_ns + int((t - AUDIO_LEAD_S) * 1e9), self._stop):
                return end_s, True
            position = base_sample + round(t * 48_000)
            for out in resampler.resample(frame):
                samples = out.to_ndarray().astype(np.float32, copy=False)
                self.audio.write(position, samples)
                position += samples.shape[1]
        return end_s, False
