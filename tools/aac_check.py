"""FFmpeg's native AAC encoder on high female speech, with and without perceptual noise
substitution (PNS), at the bitrates the studio streams at.

    uv run python tools/aac_check.py [--json FILE]

FFmpeg 8's AAC encoder has a reported artefact on high voices: PNS replaces tonal content
above a few kHz with shaped noise, which a high female voice (the host shouting "3, 2, 1!")
turns into a hiss. The voices: espeak-ng's Mandarin female voice at its highest pitch and
flite's `slt` raised a major third. Each is encoded at 64, 96 and 128 kbit/s through PyAV
exactly as the encoder does (`aac`, stereo, fltp), decoded, aligned and scored: wide-band
PESQ, and the log-spectral distance in the 4-14 kHz band where PNS acts (lower is closer).
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

import av
import numpy as np
from pesq import pesq

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.speech import LINES, RATE, aac_roundtrip, resample

MANDARIN = "三，二，一，上链接！自家果园的脐橙，又甜又多汁，一箱只要十九块九，今天包邮。"


def _wav(data: bytes) -> tuple[np.ndarray, int]:
    with wave.open(io.BytesIO(data)) as w:
        raw = np.frombuffer(w.readframes(w.getnframes()), np.int16)
        return raw.astype(np.float32) / 32768.0, w.getframerate()


def voices() -> dict[str, np.ndarray]:
    out = {}
    cmn = subprocess.run(
        ["espeak-ng", "-v", "cmn+f4", "-p", "99", "-s", "150", "--stdout", MANDARIN],
        check=True,
        capture_output=True,
    ).stdout
    x, rate = _wav(cmn)
    out["espeak cmn+f4 pitch 99"] = resample(x, rate, RATE)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "s.wav"
        subprocess.run(["flite", "-voice", "slt", "-t", LINES[0], "-o", str(path)], check=True)
        x, rate = _wav(path.read_bytes())
    # played at 5/4 of its rate: a major third higher (and a little quicker)
    out["flite slt +4 semitones"] = resample(x, rate * 5 // 4, RATE)
    for k, v in out.items():
        out[k] = (v / np.abs(v).max() * 0.7).astype(np.float32)
    return out


def band_lsd(ref: np.ndarray, test: np.ndarray, lo: float = 4000, hi: float = 14000) -> float:
    """Log-spectral distance (dB) in [lo, hi] Hz over 20 ms frames with speech in them."""
    n = min(len(ref), len(test)) // 1024 * 1024
    win = np.hanning(1024)
    frames_r = ref[:n].reshape(-1, 1024) * win
    frames_t = test[:n].reshape(-1, 1024) * win
    sr = np.abs(np.fft.rfft(frames_r, axis=1)) ** 2 + 1e-10
    st = np.abs(np.fft.rfft(frames_t, axis=1)) ** 2 + 1e-10
    f = np.fft.rfftfreq(1024, 1 / RATE)
    band = (f >= lo) & (f <= hi)
    energy = sr[:, band].sum(axis=1)
    active = energy > energy.max() * 1e-3
    d = 10 * np.log10(sr[active][:, band] / st[active][:, band])
    return float(np.sqrt((d**2).mean(axis=1)).mean())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    print(f"FFmpeg {av.ffmpeg_version_info}, PyAV {av.__version__}")
    variants = {
        "default (PNS on)": {},
        "aac_pns=0": {"aac_pns": "0"},
        "aac_coder=fast": {"aac_coder": "fast"},
    }
    rows = []
    for voice, x in voices().items():
        ref16 = resample(x, RATE, 16_000)
        for kbps in (64, 96, 128):
            for name, options in variants.items():
                y = aac_roundtrip(x, kbps, options)
                row = {
                    "voice": voice,
                    "kbps": kbps,
                    "options": name,
                    "pesq_wb": round(pesq(16_000, ref16, resample(y, RATE, 16_000), "wb"), 3),
                    "lsd_4_14k_db": round(band_lsd(x, y), 2),
                }
                rows.append(row)
                print(
                    f"{voice:24} {kbps:>4} kbit/s  {name:18} PESQ {row['pesq_wb']:.3f}  "
                    f"LSD 4-14 kHz {row['lsd_4_14k_db']:.2f} dB"
                )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
