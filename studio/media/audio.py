"""Audio sources, addressed by absolute sample position on the media clock, and the mixer stage.

The audio thread asks a source to `fill(position, out)` for each 1024-sample AAC frame; the
frame's pts *is* that position, so audio timestamps never drift from the clock the video
ticks on. Sources that arrive on their own schedule (a clip's decoder, a microphone) write
into an `AudioTimeline` at clock positions and the audio thread reads it a little later.
"""

from __future__ import annotations

import logging
import math
import threading
from typing import Any, Protocol

import numpy as np

from studio.core.errors import StudioError
from studio.core.messages import Message
from studio.media.clock import AUDIO_RATE, CHANNELS, AudioTimeline, MediaClock

log = logging.getLogger(__name__)


class MicrophoneError(StudioError, RuntimeError):
    """The microphone could not be opened (none, not found, no answer); the message says
    which and what is there."""


class AudioSource(Protocol):
    name: str
    latency_s: float  # how far behind the clock the audio thread must read this source

    def start(self) -> None: ...
    def stop(self) -> None: ...
    def fill(self, position: int, out: np.ndarray) -> None: ...


class SilenceSource:
    name = "silence"
    latency_s = 0.0

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def fill(self, position: int, out: np.ndarray) -> None:
        out.fill(0.0)


class ToneSource:
    """A sine tone, phase-continuous by sample position (1 kHz at -12 dBFS by default)."""

    latency_s = 0.0

    def __init__(self, hz: float = 1000.0, level_dbfs: float = -12.0) -> None:
        self.name = f"tone {hz:g} Hz"
        self.hz = hz
        self.amplitude = 10 ** (level_dbfs / 20)

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def fill(self, position: int, out: np.ndarray) -> None:
        n = out.shape[1]
        t = (np.arange(position, position + n, dtype=np.float64) % AUDIO_RATE) / AUDIO_RATE
        out[:] = (self.amplitude * np.sin(2 * math.pi * self.hz * t)).astype(np.float32)


class TimelineSource:
    """Reads an AudioTimeline that another thread fills (a clip's audio, the microphone)."""

    def __init__(self, name: str, timeline: AudioTimeline, latency_s: float = 0.05) -> None:
        self.name, self.timeline, self.latency_s = name, timeline, latency_s

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def fill(self, position: int, out: np.ndarray) -> None:
        self.timeline.read(position, out)


class MicrophoneSource(TimelineSource):
    """A microphone through QtMultimedia (QMediaDevices / QAudioSource), in push mode.

    Qt delivers chunks on its own schedule; each lands on the timeline right after the last,
    and only when that running position strays from the clock by more than 20 ms (a device
    clock that runs fast or slow, a hiccup) is it resynchronised, so speech is not chopped
    by scheduling jitter yet never drifts from the picture.
    """

    RESYNC_SAMPLES = AUDIO_RATE // 50

    def __init__(self, clock: MediaClock, device_name: str = "") -> None:
        super().__init__(f"mic:{device_name or 'default'}", AudioTimeline(), latency_s=0.15)
        self.clock = clock
        self.device_name = device_name
        self.resyncs = 0
        self._next: int | None = None
        self._source: Any = None
        self._io: Any = None
        self._timer: Any = None
        self._format: Any = None
        self._thread: Any = None
        self._lock = threading.Lock()

    @staticmethod
    def devices() -> list[str]:
        from PySide6.QtMultimedia import QMediaDevices

        return [d.description() for d in QMediaDevices.audioInputs()]

    def start(self) -> None:
        """Open the device on the microphone's own thread (a Qt thread with its own event
        loop): any thread may call this, the GUI thread need not pump anything, and a
        microphone can be changed from a worker. RuntimeError if it cannot be opened."""
        from PySide6.QtCore import QThread

        opened = threading.Event()
        failure: list[BaseException] = []
        source = self

        class _MicThread(QThread):
            def run(self) -> None:
                try:
                    source._open()
                except BaseException as exc:  # reported to start(), on the caller's thread
                    failure.append(exc)
                    opened.set()
                    return
                opened.set()
                self.exec()  # Qt's event loop of this thread: the drain timer runs here
                source._close()

        self._thread = _MicThread()
        self._thread.setObjectName("microphone")
        self._thread.start()
        if not opened.wait(10.0):
            self.stop()
            raise MicrophoneError(Message("mic.no_answer"))
        if failure:
            self._thread.wait(5000)
            self._thread = None
            raise failure[0]

    def _open(self) -> None:
        """On the microphone's thread: the device, its format, and the drain timer."""
        from PySide6.QtCore import QTimer
        from PySide6.QtMultimedia import QAudioFormat, QAudioSource, QMediaDevices

        devices = QMediaDevices.audioInputs()
        device = next((d for d in devices if d.description() == self.device_name), None)
        if device is None:
            if self.device_name and devices:
                names = ", ".join(d.description() for d in devices)
                raise MicrophoneError(
                    Message("mic.not_found", {"name": self.device_name, "available": names})
                )
            device = QMediaDevices.defaultAudioInput()
            if device.isNull():
                raise MicrophoneError(Message("mic.none"))
        fmt = QAudioFormat()
        fmt.setSampleRate(AUDIO_RATE)
        fmt.setChannelCount(CHANNELS)
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Float)
        if not device.isFormatSupported(fmt):
            fmt = device.preferredFormat()
        self._format = fmt
        self._source = QAudioSource(device, fmt)
        self._io = self._source.start()
        # Drain on a timer rather than readyRead: some backends signal only the first chunk.
        self._timer = QTimer()
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._drain)
        self._timer.start()

    def _close(self) -> None:
        """On the microphone's thread, after its event loop ended: the Qt objects go with
        the thread that made them (PySide crashes at exit if a QAudioSource outlives it)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._source is not None:
            self._source.stop()
            self._source = None
        self._io = None

    def stop(self) -> None:
        thread = self._thread
        if thread is not None:
            thread.quit()
            thread.wait(5000)
            self._thread = None

    def _drain(self) -> None:
        from PySide6.QtMultimedia import QAudioFormat

        if self._io is None:
            return
        data = bytes(self._io.readAll().data())
        if not data:
            return
        fmt = self._format
        channels = fmt.channelCount()
        kind = fmt.sampleFormat()
        if kind == QAudioFormat.SampleFormat.Float:
            samples = np.frombuffer(data, np.float32)
        elif kind == QAudioFormat.SampleFormat.Int16:
            samples = np.frombuffer(data, np.int16).astype(np.float32) / 32768.0
        elif kind == QAudioFormat.SampleFormat.Int32:
            samples = np.frombuffer(data, np.int32).astype(np.float32) / 2147483648.0
        else:
            samples = (np.frombuffer(data, np.uint8).astype(np.float32) - 128.0) / 128.0
        frames = samples[: len(samples) // channels * channels].reshape(-1, channels).T
        if channels == 1:
            frames = np.vstack([frames, frames])
        if fmt.sampleRate() != AUDIO_RATE:  # rare: linear resample to the stream rate
            n_out = round(frames.shape[1] * AUDIO_RATE / fmt.sampleRate())
            x = np.linspace(0, frames.shape[1] - 1, n_out)
            frames = np.vstack([np.interp(x, np.arange(frames.shape[1]), ch) for ch in frames])
        frames = np.ascontiguousarray(frames[:2], np.float32)
        n = frames.shape[1]
        clock_pos = self.clock.sample_at_now() - n
        with self._lock:
            if self._next is None or abs(self._next - clock_pos) > self.RESYNC_SAMPLES:
                if self._next is not None:
                    self.resyncs += 1
                self._next = clock_pos
            self.timeline.write(self._next, frames)
            self._next += n


class AudioStage:
    """Gain, mute and a level meter, applied in the audio thread to each frame."""

    def __init__(self, gain_db: float = 0.0) -> None:
        self.muted = False
        self.gain_db = gain_db
        self.level_dbfs = -120.0  # peak of the last frame sent, after gain and mute
        self.heard_dbfs = -120.0  # peak of the last frame as the source gave it

    def process(self, buf: np.ndarray) -> None:
        self.heard_dbfs = peak_dbfs(buf)
        if self.muted:
            buf.fill(0.0)
        elif self.gain_db:
            buf *= np.float32(10 ** (self.gain_db / 20))
            np.clip(buf, -1.0, 1.0, out=buf)
        self.level_dbfs = peak_dbfs(buf)


def peak_dbfs(buf: np.ndarray) -> float:
    """The peak of `buf` in dBFS (-120 for silence), what a meter shows."""
    peak = max(float(buf.max()), -float(buf.min())) if buf.size else 0.0  # no temporary
    return 20 * math.log10(peak) if peak > 1e-6 else -120.0
