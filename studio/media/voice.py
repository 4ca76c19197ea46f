"""The voice chain: a gentle high-pass, RNNoise noise suppression and a limiter.

    source ─▶ high-pass 80 Hz (wind, hum, handling) ─▶ RNNoise (fans, crowds, compressors)
           ─▶ limiter at -1 dBFS (a shouted "3, 2, 1!" never clips)

Each stage delays the sound by a fixed number of samples, so the chain's delay is known
exactly: `VoiceSource` reads its source that far ahead of the position the audio thread asks
for, and declares it in `latency_s`, so the cleaned sound keeps its pts and stays in sync
with the picture. All of it runs on the audio thread, a few tenths of a millisecond per
10 ms of sound (the bench prints the figure).

RNNoise is xiph's recurrent network (the model OBS ships as "RNNoise" noise suppression),
from the `pyrnnoise` wheel: only its `librnnoise` is used, through ctypes. Where no wheel
exists (macOS before 26) the denoiser says so and the rest of the chain still runs.
"""

from __future__ import annotations

import ctypes
import importlib.util
import logging
import math
import sys
import threading
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np

from studio.core.errors import StudioError
from studio.core.messages import Message
from studio.media.audio import AudioSource, peak_dbfs
from studio.media.clock import AUDIO_RATE

log = logging.getLogger(__name__)

RNNOISE_FRAME = 480  # samples at 48 kHz: 10 ms, RNNoise's only frame size
HIGHPASS_HZ = 80.0
CEILING_DBFS = -1.0
LIMITER_BLOCK = 32  # samples the limiter's gain is steered by (0.67 ms)


class DenoiseUnavailable(StudioError, RuntimeError):
    """No RNNoise library for this system; the message says so in the host's words."""


_lib: Any = None
_lib_lock = threading.Lock()


def _library_path() -> Path:
    name = {"win32": "rnnoise.dll", "darwin": "librnnoise.dylib"}.get(sys.platform, "librnnoise.so")
    frozen = getattr(sys, "_MEIPASS", None)  # the installed build carries it (studio.spec)
    if frozen is not None:
        folder = Path(frozen) / "pyrnnoise"
    else:
        spec = importlib.util.find_spec("pyrnnoise")  # found, not imported: its CLI needs more
        if spec is None or not spec.submodule_search_locations:
            raise DenoiseUnavailable(Message("voice.no_rnnoise"))
        folder = Path(next(iter(spec.submodule_search_locations)))
    path = folder / name
    if not path.is_file():
        raise DenoiseUnavailable(Message("voice.no_rnnoise"))
    return path


def rnnoise() -> Any:
    """The loaded librnnoise (once per process); DenoiseUnavailable if there is none."""
    global _lib
    with _lib_lock:
        if _lib is None:
            try:
                lib = ctypes.CDLL(str(_library_path()))
            except OSError as exc:
                log.warning("librnnoise did not load: %s", exc)
                raise DenoiseUnavailable(Message("voice.no_rnnoise")) from None
            lib.rnnoise_create.argtypes = [ctypes.c_void_p]
            lib.rnnoise_create.restype = ctypes.c_void_p
            lib.rnnoise_destroy.argtypes = [ctypes.c_void_p]
            lib.rnnoise_destroy.restype = None
            lib.rnnoise_process_frame.argtypes = [ctypes.c_void_p] * 3
            lib.rnnoise_process_frame.restype = ctypes.c_float
            if lib.rnnoise_get_frame_size() != RNNOISE_FRAME:
                raise DenoiseUnavailable(Message("voice.no_rnnoise"))
            _lib = lib
        return _lib


def denoise_available() -> bool:
    try:
        rnnoise()
    except DenoiseUnavailable:
        return False
    return True


class _Blocked:
    """Runs a stage that works in whole blocks on a stream of any chunk size, with a fixed
    delay of one block (the first block out is silence), so the chain's delay is exact."""

    def __init__(self, block: int, channels: int = 2) -> None:
        self.block = block
        self._in = np.zeros((channels, 0), np.float32)
        self._out = np.zeros((channels, block), np.float32)

    def process(self, x: np.ndarray) -> np.ndarray:
        pending = np.concatenate((self._in, x), axis=1)
        whole = pending.shape[1] // self.block * self.block
        self._in = pending[:, whole:]
        if whole:
            self._out = np.concatenate((self._out, self._blocks(pending[:, :whole])), axis=1)
        n = x.shape[1]
        y, self._out = self._out[:, :n], self._out[:, n:]
        return y

    def _blocks(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError


class Denoiser(_Blocked):
    """RNNoise on each channel (once, when both carry the same sound: a microphone).
    Delay: one frame of buffering plus RNNoise's own two (its analysis window and look-ahead;
    measured on speech, the cross-correlation peaks within 2 samples of it): 30 ms."""

    DELAY = 3 * RNNOISE_FRAME

    def __init__(self) -> None:
        super().__init__(RNNOISE_FRAME)
        self._lib = rnnoise()
        self._states = [self._lib.rnnoise_create(None) for _ in range(2)]
        self._frame = np.zeros(RNNOISE_FRAME, np.float32)
        self._result = np.zeros(RNNOISE_FRAME, np.float32)
        self.speech_probability = 0.0

    def close(self) -> None:
        states, self._states = self._states, []
        for s in states:
            self._lib.rnnoise_destroy(s)

    def __del__(self) -> None:
        if getattr(self, "_states", None):
            self.close()

    def _run(self, channel: int, samples: np.ndarray) -> np.ndarray:
        frame, result = self._frame, self._result
        np.multiply(samples, 32768.0, out=frame)  # RNNoise works on 16-bit scale floats
        p = self._lib.rnnoise_process_frame(
            self._states[channel], result.ctypes.data, frame.ctypes.data
        )
        self.speech_probability = float(p)
        return result / np.float32(32768.0)

    def _blocks(self, x: np.ndarray) -> np.ndarray:
        y = np.empty_like(x)
        for start in range(0, x.shape[1], RNNOISE_FRAME):
            left = x[0, start : start + RNNOISE_FRAME]
            right = x[1, start : start + RNNOISE_FRAME]
            y[0, start : start + RNNOISE_FRAME] = self._run(0, left)
            if np.array_equal(left, right):
                y[1, start : start + RNNOISE_FRAME] = y[0, start : start + RNNOISE_FRAME]
            else:
                y[1, start : start + RNNOISE_FRAME] = self._run(1, right)
        return y


class Limiter(_Blocked):
    """A look-ahead peak limiter: the gain at each 32-sample boundary is the least either
    neighbouring block needs to stay under the ceiling, recovering at `release_db_s`, and
    is interpolated between boundaries, so no sample goes over. Delay: two blocks (64)."""

    DELAY = 2 * LIMITER_BLOCK

    def __init__(self, ceiling_dbfs: float = CEILING_DBFS, release_db_s: float = 60.0) -> None:
        super().__init__(LIMITER_BLOCK)
        self.ceiling = float(10 ** (ceiling_dbfs / 20))
        self.recover = 10 ** (release_db_s * LIMITER_BLOCK / AUDIO_RATE / 20)
        self._held: np.ndarray | None = None  # the block waiting for its successor
        self._held_target = 1.0
        self._gain = 1.0  # at the start of the held block
        self.reduction_db = 0.0  # the deepest reduction of the last call, for a meter

    def _target(self, block: np.ndarray) -> float:
        peak = float(np.abs(block).max())
        return min(1.0, self.ceiling / peak) if peak > 0 else 1.0

    def _blocks(self, x: np.ndarray) -> np.ndarray:
        b = LIMITER_BLOCK
        y = np.empty_like(x)
        ramp = np.arange(b, dtype=np.float32) / b
        deepest = 1.0
        for start in range(0, x.shape[1], b):
            block = x[:, start : start + b]
            target = self._target(block)
            held = self._held
            if held is None:
                y[:, start : start + b] = 0.0
                self._gain = target
            else:
                end_gain = min(self._held_target, target, self._gain * self.recover)
                gains = self._gain + (end_gain - self._gain) * ramp
                y[:, start : start + b] = held * gains
                self._gain = end_gain
                deepest = min(deepest, end_gain)
            self._held, self._held_target = block.copy(), target
        self.reduction_db = -20 * math.log10(deepest) if deepest < 1.0 else 0.0
        return y


class HighPass:
    """A 2-pole Butterworth high-pass at 80 Hz (FFmpeg's `highpass`): no delay."""

    DELAY = 0

    def __init__(self, hz: float = HIGHPASS_HZ) -> None:
        tb = Fraction(1, AUDIO_RATE)
        self._graph = av.filter.Graph()
        src = self._graph.add_abuffer(
            format="fltp", sample_rate=AUDIO_RATE, layout="stereo", time_base=tb
        )
        hp = self._graph.add("highpass", f"f={hz:g}:poles=2")
        fmt = self._graph.add("aformat", "sample_fmts=fltp:channel_layouts=stereo")
        sink = self._graph.add("abuffersink")
        src.link_to(hp)
        hp.link_to(fmt)
        fmt.link_to(sink)
        self._graph.configure()
        self._pts = 0

    def process(self, x: np.ndarray) -> np.ndarray:
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(x), format="fltp", layout="stereo")
        frame.sample_rate = AUDIO_RATE
        frame.pts = self._pts
        frame.time_base = Fraction(1, AUDIO_RATE)
        self._pts += x.shape[1]
        self._graph.push(frame)
        out: np.ndarray = self._graph.pull().to_ndarray()
        return out


class VoiceChain:
    """High-pass, then RNNoise (if `denoise`), then the limiter, on (2, n) float32 blocks;
    the output is the input delayed by exactly `delay` samples."""

    def __init__(self, denoise: bool = True) -> None:
        self.highpass = HighPass()
        self.denoiser = Denoiser() if denoise else None
        self.limiter = Limiter()
        self.delay = HighPass.DELAY + Limiter.DELAY + (Denoiser.DELAY if denoise else 0)

    @property
    def denoise(self) -> bool:
        return self.denoiser is not None

    def process(self, x: np.ndarray) -> np.ndarray:
        y = self.highpass.process(x)
        if self.denoiser is not None:
            y = self.denoiser.process(y)
        return self.limiter.process(y)

    def close(self) -> None:
        if self.denoiser is not None:
            self.denoiser.close()


class VoiceSource:
    """An audio source through the voice chain, sample-exact: it reads its source `delay`
    samples ahead of the position asked for (and says so in `latency_s`), so the cleaned
    sound has the pts the raw sound had. A jump in position (a new source, a stall) starts
    the chain afresh from the sound just before it."""

    def __init__(self, inner: AudioSource, denoise: bool = True) -> None:
        self.inner = inner
        self.denoise = denoise
        self._chain = VoiceChain(denoise)
        self.delay = self._chain.delay
        self.name = inner.name
        self.latency_s = inner.latency_s + self.delay / AUDIO_RATE
        self._next: int | None = None
        self._ahead = np.zeros((2, 4096), np.float32)
        # the peak of what the source gave, before the chain: the host's meter shows what the
        # microphone hears even when RNNoise takes all of it out (a steady whine is not speech)
        self.heard_level_dbfs = -120.0

    @property
    def chain(self) -> VoiceChain:
        return self._chain

    def start(self) -> None:
        self.inner.start()

    def stop(self) -> None:
        self.inner.stop()
        self._chain.close()

    def fill(self, position: int, out: np.ndarray) -> None:
        n = out.shape[1]
        if self._next != position:
            if self._next is not None:
                self._chain.close()
                self._chain = VoiceChain(self.denoise)
            if self.delay:  # prime the chain with the sound just before `position`
                prime = np.zeros((2, self.delay), np.float32)
                self.inner.fill(position, prime)
                self._chain.process(prime)
        if self._ahead.shape[1] < n:
            self._ahead = np.zeros((2, n), np.float32)
        ahead = self._ahead[:, :n]
        self.inner.fill(position + self.delay, ahead)
        self.heard_level_dbfs = peak_dbfs(ahead)
        out[:] = self._chain.process(ahead)
        self._next = position + n
