"""The stream's AAC on a high female voice: the encoder's own options, scored by PESQ."""

from __future__ import annotations

import subprocess
import tempfile
import wave
from pathlib import Path

import numpy as np
import pytest
from pesq import pesq

from studio.media.encoder import AAC_OPTIONS, EncoderSettings
from tests.support.speech import LINES, RATE, aac_roundtrip, have_flite, resample

pytestmark = pytest.mark.skipif(not have_flite(), reason="needs flite (Debian: flite)")


def test_a_high_voice_comes_through_the_streams_aac_clean() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "s.wav"
        subprocess.run(["flite", "-voice", "slt", "-t", LINES[0], "-o", str(path)], check=True)
        with wave.open(str(path)) as w:
            rate = w.getframerate()
            x = np.frombuffer(w.readframes(w.getnframes()), np.int16) / 32768.0
    high = resample(x.astype(np.float32), rate * 5 // 4)  # a major third up: a high voice
    high = (high / np.abs(high).max() * 0.7).astype(np.float32)
    y = aac_roundtrip(high, EncoderSettings().audio_kbps, AAC_OPTIONS)
    score = pesq(16_000, resample(high, RATE, 16_000), resample(y, RATE, 16_000), "wb")
    assert score > 4.3, f"PESQ {score:.2f}"
