"""What the voice chain does to noisy speech, and what it costs.

    uv run python tools/voice_quality.py [--json FILE]

flite's female voice (`slt`) mixed with a fan, a crowd and wind (tests/support/speech.py) at
0, 5 and 10 dB SNR, through the chain without RNNoise (high-pass and limiter) and with it:
segmental SNR (against the clean speech through the same high-pass and limiter), wide-band
PESQ (ITU-T P.862.2, the `pesq` package) and STOI (`pystoi`), then the chain's CPU time per
10 ms of stereo sound and its delay.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from pesq import pesq
from pystoi import stoi

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from studio.media.clock import AUDIO_RATE
from studio.media.voice import VoiceChain
from tests.support.speech import (
    LINES,
    NOISES,
    RATE,
    mix,
    resample,
    run_chain,
    segmental_snr,
    speech,
)


def to16k(x: np.ndarray) -> np.ndarray:
    return resample(x, RATE, 16_000)


def cost_ms_per_10ms(denoise: bool, seconds: float = 20.0) -> float:
    chain = VoiceChain(denoise)
    rng = np.random.default_rng(0)
    x = (0.1 * rng.standard_normal((2, 1024))).astype(np.float32)
    x[1] = x[0]  # a microphone: the same sound on both channels
    frames = int(seconds * AUDIO_RATE / 1024)
    t0 = time.process_time()
    for _ in range(frames):
        chain.process(x)
    spent = time.process_time() - t0
    return spent / (frames * 1024 / AUDIO_RATE) * 10.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    clean = np.concatenate([speech(LINES[0]), np.zeros(RATE // 2, np.float32), speech(LINES[1])])
    ref = run_chain(VoiceChain(False), clean)
    c16 = to16k(clean)
    rows = []
    print(f"speech: flite slt, {len(clean) / RATE:.1f} s at 48 kHz")
    print(
        f"{'noise':6} {'SNR':>4} | {'segSNR off':>10} {'on':>6} | {'PESQ in':>7} {'off':>5} "
        f"{'on':>5} | {'STOI in':>7} {'off':>6} {'on':>6}"
    )
    for name, make in NOISES.items():
        noise = make(len(clean))
        for snr in (0, 5, 10):
            noisy = mix(clean, noise, snr)
            off = run_chain(VoiceChain(False), noisy)
            on = run_chain(VoiceChain(True), noisy)
            n16, f16, o16 = to16k(noisy), to16k(off), to16k(on)
            row = {
                "noise": name,
                "snr_db": snr,
                "segsnr_off_db": round(segmental_snr(ref, off), 1),
                "segsnr_on_db": round(segmental_snr(ref, on), 1),
                "pesq_in": round(pesq(16_000, c16, n16, "wb"), 2),
                "pesq_off": round(pesq(16_000, c16, f16, "wb"), 2),
                "pesq_on": round(pesq(16_000, c16, o16, "wb"), 2),
                "stoi_in": round(stoi(c16, n16, 16_000), 3),
                "stoi_off": round(stoi(c16, f16, 16_000), 3),
                "stoi_on": round(stoi(c16, o16, 16_000), 3),
            }
            rows.append(row)
            print(
                f"{name:6} {snr:>4} | {row['segsnr_off_db']:>10} {row['segsnr_on_db']:>6} | "
                f"{row['pesq_in']:>7} {row['pesq_off']:>5} {row['pesq_on']:>5} | "
                f"{row['stoi_in']:>7} {row['stoi_off']:>6} {row['stoi_on']:>6}"
            )
    chain_on, chain_off = VoiceChain(True), VoiceChain(False)
    figures = {
        "rows": rows,
        "cpu_ms_per_10ms_on": round(cost_ms_per_10ms(True), 3),
        "cpu_ms_per_10ms_off": round(cost_ms_per_10ms(False), 3),
        "delay_ms_on": round(chain_on.delay / AUDIO_RATE * 1000, 2),
        "delay_ms_off": round(chain_off.delay / AUDIO_RATE * 1000, 2),
    }
    print(
        f"CPU per 10 ms of sound: {figures['cpu_ms_per_10ms_on']} ms with RNNoise, "
        f"{figures['cpu_ms_per_10ms_off']} ms without (one core)"
    )
    print(
        f"delay: {figures['delay_ms_on']} ms with RNNoise, {figures['delay_ms_off']} ms without "
        "(read ahead: the picture waits for no one, the sound keeps its pts)"
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
