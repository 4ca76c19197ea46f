"""A/V drift over a long stream: a clip that flashes and beeps together, recorded for minutes;
the flash-to-beep offsets at the end must match those at the start.

    uv run python tools/av_drift.py [--seconds 600]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.cli import studio_command, studio_env
from tests.support.clips import make_flash_beep_clip
from tests.support.media import decode_audio_envelope, decode_video_luma, onsets


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        clip, rec = Path(tmp) / "flash_beep.mp4", Path(tmp) / "drift.mkv"
        make_flash_beep_clip(clip, seconds=10)
        subprocess.run(
            [
                *studio_command(),
                "live",
                "--headless",
                "--source",
                str(clip),
                "--audio",
                "file",
                "--record",
                str(rec),
                "--canvas",
                "640x360",
                "--duration",
                str(args.seconds),
            ],
            check=True,
            capture_output=True,
            env=studio_env(),
        )
        flashes = onsets(decode_video_luma(rec), 128)
        beeps = onsets(decode_audio_envelope(rec, window_ms=1.0), 0.1)
    offsets = [(f, min(beeps, key=lambda b: abs(b - f)) - f) for f in flashes]
    first = [o for t, o in offsets if t - offsets[0][0] < 60_000]
    last = [o for t, o in offsets if offsets[-1][0] - t < 60_000]
    print(
        json.dumps(
            {
                "seconds": args.seconds,
                "flashes": len(offsets),
                "first_minute_offset_ms_median": statistics.median(first),
                "last_minute_offset_ms_median": statistics.median(last),
                "max_abs_offset_ms": max(abs(o) for _, o in offsets),
                "drift_ms": statistics.median(last) - statistics.median(first),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
