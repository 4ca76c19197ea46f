"""Speech and the noise of a farm shed, for measuring the voice chain.

Speech is synthesised on the spot by flite (Debian `flite`: CMU's voices, `slt` a US female
voice, `awb`/`rms`/`kal` male ones) and resampled to the stream's 48 kHz. The noises are made
to resemble what a merchant's microphone hears, not sampled (none ships in a package here):

- fan: a mains hum (50 Hz and harmonics), a blade-pass tone with its harmonics, and a broad
  rumble falling off like a real fan's (1/f above 200 Hz), slowly wavering;
- crowd: babble, several other voices talking at once, offset and overlapping;
- wind: brown noise under a gusting envelope, mostly below 300 Hz with a hiss on top.

Every generator is seeded: a measurement is the same on every run.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import wave
from pathlib import Path

import av
import numpy as np

RATE = 48_000

LINES = (
    "Three, two, one, the link is up! Fresh navel oranges from our own orchard, "
    "sweet and juicy, only nineteen ninety a box, free shipping today.",
    "Look at this colour, every one picked this morning. Tap the little yellow cart "
    "below and pick your size, we ship from the farm tomorrow.",
)
BABBLE = (
    "Did you see the price on the apples at the market this week, it went up again.",
    "Hold the door, the truck is here, we need three more boxes over by the scale.",
    "My cousin says the rain is coming on Thursday so we should pick early.",
    "Put the small ones on the left and the big ones in the crates by the gate.",
)


def have_flite() -> bool:
    return shutil.which("flite") is not None


def resample(samples: np.ndarray, rate: int, to: int = RATE) -> np.ndarray:
    """Mono float32 from `rate` to `to`, with FFmpeg's resampler (band-limited); PESQ and
    STOI take 16 kHz."""
    frame = av.AudioFrame.from_ndarray(
        samples[np.newaxis, :].astype(np.float32), format="flt", layout="mono"
    )
    frame.sample_rate = rate
    resampler = av.AudioResampler(format="flt", layout="mono", rate=to)
    out = [f.to_ndarray()[0] for f in resampler.resample(frame)]
    out += [f.to_ndarray()[0] for f in resampler.resample(None)]
    return np.concatenate(out).astype(np.float32)


def aac_roundtrip(x: np.ndarray, kbps: int, options: dict[str, str]) -> np.ndarray:
    """Mono `x` (48 kHz) through FFmpeg's AAC encoder as the stream's (stereo, fltp) and
    back, aligned past the encoder's priming delay."""
    buf = io.BytesIO()
    with av.open(buf, "w", format="adts") as out:
        stream = out.add_stream("aac", rate=RATE)
        cc = stream.codec_context
        cc.layout, cc.format, cc.bit_rate = "stereo", "fltp", kbps * 1000
        cc.options = dict(options)
        stereo = np.vstack([x, x])
        for i in range(0, stereo.shape[1] - 1024, 1024):
            frame = av.AudioFrame.from_ndarray(
                np.ascontiguousarray(stereo[:, i : i + 1024]), "fltp", "stereo"
            )
            frame.sample_rate, frame.pts = RATE, i
            for p in stream.encode(frame):
                out.mux(p)
        for p in stream.encode(None):
            out.mux(p)
    buf.seek(0)
    with av.open(buf, "r", format="adts") as c:
        decoded = np.concatenate([f.to_ndarray()[0] for f in c.decode(audio=0)])
    n = min(len(x), len(decoded)) - 8192
    lag = max(range(4096), key=lambda d: float(np.dot(x[:n], decoded[d : d + n])))
    return decoded[lag : lag + len(x)]


def speech(text: str = LINES[0], voice: str = "slt") -> np.ndarray:
    """flite's voice saying `text`, mono float32 at 48 kHz, peaking at -6 dBFS."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "s.wav"
        subprocess.run(
            ["flite", "-voice", voice, "-t", text, "-o", str(path)],
            check=True,
            timeout=60,
            capture_output=True,
        )
        with wave.open(str(path)) as w:
            rate = w.getframerate()
            raw = np.frombuffer(w.readframes(w.getnframes()), np.int16)
    x = resample(raw.astype(np.float32) / 32768.0, rate)
    return (x / np.abs(x).max() * 0.5).astype(np.float32)


def _shaped(n: int, rng: np.random.Generator, slope_db_oct: float, lo_hz: float) -> np.ndarray:
    """Noise whose spectrum falls by `slope_db_oct` per octave above `lo_hz`."""
    spectrum = np.fft.rfft(rng.standard_normal(n))
    f = np.fft.rfftfreq(n, 1 / RATE)
    gain = np.where(f < lo_hz, 1.0, (np.maximum(f, 1) / lo_hz) ** (slope_db_oct / 6.02))
    gain[0] = 0.0
    x = np.fft.irfft(spectrum * gain, n)
    return (x / np.abs(x).max()).astype(np.float32)


def fan(n: int, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    t = np.arange(n) / RATE
    waver = 1 + 0.03 * np.sin(2 * np.pi * 0.3 * t)
    tones = sum(
        a * np.sin(2 * np.pi * hz * t * waver + rng.uniform(0, 6.3))
        for hz, a in ((50, 0.5), (100, 0.35), (150, 0.2), (118, 0.4), (236, 0.25), (354, 0.12))
    )
    x = 0.6 * np.asarray(tones) / 1.8 + 0.8 * _shaped(n, rng, -6.0, 200.0)
    return (x / np.abs(x).max()).astype(np.float32)


def crowd(n: int, seed: int = 2) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = np.zeros(n, np.float32)
    for i, line in enumerate(BABBLE):
        voice = ("awb", "rms", "kal16", "slt")[i % 4]
        s = speech(line, voice)
        reps = np.tile(s, n // len(s) + 2)
        start = int(rng.integers(0, len(s)))
        x += reps[start : start + n] * rng.uniform(0.6, 1.0)
    return (x / np.abs(x).max()).astype(np.float32)


def wind(n: int, seed: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    rumble = _shaped(n, rng, -12.0, 40.0)
    hiss = _shaped(n, rng, -3.0, 1000.0)
    t = np.arange(n) / RATE
    gust = 0.5 + 0.5 * np.abs(np.sin(2 * np.pi * 0.25 * t + np.sin(2 * np.pi * 0.07 * t)))
    x = gust * (rumble + 0.15 * hiss)
    return (x / np.abs(x).max()).astype(np.float32)


NOISES = {"fan": fan, "crowd": crowd, "wind": wind}


def mix(clean: np.ndarray, noise: np.ndarray, snr_db: float) -> np.ndarray:
    """`clean` with `noise` at `snr_db` (by power over the whole clip), mono float32."""
    noise = noise[: len(clean)]
    p_s = float(np.mean(clean.astype(np.float64) ** 2))
    p_n = float(np.mean(noise.astype(np.float64) ** 2))
    scaled = noise * np.sqrt(p_s / (p_n * 10 ** (snr_db / 10)))
    return (clean + scaled).astype(np.float32)


def segmental_snr(clean: np.ndarray, test: np.ndarray, frame: int = 960) -> float:
    """Segmental SNR in dB (20 ms frames, each clamped to [-10, 35] dB), over the frames
    where the clean speech is within 40 dB of its loudest frame: the usual definition."""
    n = min(len(clean), len(test)) // frame * frame
    c = clean[:n].astype(np.float64).reshape(-1, frame)
    e = (test[:n].astype(np.float64) - clean[:n]).reshape(-1, frame)
    p_c = (c**2).sum(axis=1)
    p_e = (e**2).sum(axis=1) + 1e-12
    active = p_c > p_c.max() * 1e-4
    snr = 10 * np.log10(p_c[active] / p_e[active] + 1e-12)
    return float(np.clip(snr, -10, 35).mean())


def run_chain(chain: object, mono: np.ndarray, block: int = 1024) -> np.ndarray:
    """`mono` through a voice chain (as the audio thread feeds it), realigned by its delay:
    sample i of the result is the chain's answer to sample i of the input."""
    delay = int(getattr(chain, "delay", getattr(chain, "DELAY", 0)))  # a chain, or a stage
    padded = np.concatenate([mono, np.zeros(delay + block, np.float32)])
    stereo = np.vstack([padded, padded])
    out = [
        chain.process(stereo[:, i : i + block])[0]  # type: ignore[attr-defined]
        for i in range(0, stereo.shape[1] - block + 1, block)
    ]
    y = np.concatenate(out)
    return y[delay : delay + len(mono)]
