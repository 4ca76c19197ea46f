"""The stream's AAC on a high female voice: the encoder's own options, scored by PESQ."""

from __future__ import annotations

import io
import subprocess
import tempfile
import wave
from pathlib import Path

import av
import numpy as np
import pytest
from pesq import pesq

from studio.media.encoder import AAC_OPTIONS, EncoderSettings
from tests.support.speech import LINES, RATE, have_flite

pytestmark = pytest.mark.skipif(not have_flite(), reason="needs flite (Debian: flite)")


def _resample(x: np.ndarray, rate: int, to: int) -> np.ndarray:
    frame = av.AudioFrame.from_ndarray(x[np.newaxis, :].astype(np.float32), "flt", "mono")
    frame.sample_rate = rate
    r = av.AudioResampler(format="flt", layout="mono", rate=to)
    return np.concatenate(
        [f.to_ndarray()[0] for f in r.resample(frame)]
        + [f.to_ndarray()[0] for f in r.resample(None)]
    )


def test_a_high_voice_comes_through_the_streams_aac_clean() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "s.wav"
        subprocess.run(["flite", "-voice", "slt", "-t", LINES[0], "-o", str(path)], check=True)
        with wave.open(str(path)) as w:
            rate = w.getframerate()
            x = np.frombuffer(w.readframes(w.getnframes()), np.int16) / 32768.0
    high = _resample(x, rate * 5 // 4, RATE)  # a major third up: a high female voice
    high = (high / np.abs(high).max() * 0.7).astype(np.float32)
    buf = io.BytesIO()
    with av.open(buf, "w", format="adts") as out:
        stream = out.add_stream("aac", rate=RATE)
        cc = stream.codec_context
        cc.layout, cc.format = "stereo", "fltp"
        cc.bit_rate = EncoderSettings().audio_kbps * 1000
        cc.options = dict(AAC_OPTIONS)
        stereo = np.vstack([high, high])
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
        y = np.concatenate([f.to_ndarray()[0] for f in c.decode(audio=0)])
    n = len(high) - 8192
    lag = max(range(4096), key=lambda d: float(np.dot(high[:n], y[d : d + n])))
    y = y[lag : lag + len(high)]
    score = pesq(16_000, _resample(high, RATE, 16_000), _resample(y, RATE, 16_000), "wb")
    assert score > 4.3, f"PESQ {score:.2f}"
