"""What this machine has: cameras, microphones, and the encoders that really open."""

from __future__ import annotations

import glob
import sys

from studio.media.encoder import available_encoders


def list_devices() -> dict[str, list[str]]:
    """Camera and microphone names from QtMultimedia, plus Linux /dev/video nodes."""
    from PySide6.QtMultimedia import QMediaDevices

    cameras = [f"camera:{i}  {d.description()}" for i, d in enumerate(QMediaDevices.videoInputs())]
    if not cameras and sys.platform.startswith("linux"):
        cameras = [
            f"camera:{p.removeprefix('/dev/video')}  {p}" for p in sorted(glob.glob("/dev/video*"))
        ]
    microphones = [f"mic:{d.description()}" for d in QMediaDevices.audioInputs()]
    return {"cameras": cameras, "microphones": microphones, "encoders": available_encoders()}
