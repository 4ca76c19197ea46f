"""What this machine has: cameras, microphones, and the encoders that really open."""

from __future__ import annotations

import glob
import sys

from studio.media.encoder import available_encoders


def list_inputs() -> dict[str, list[str]]:
    """Cameras and microphones only (no encoder probing): for the window's pickers."""
    found = list_devices(probe_encoders=False)
    return {"cameras": found["cameras"], "microphones": found["microphones"]}


def list_devices(probe_encoders: bool = True) -> dict[str, list[str]]:
    """Camera and microphone names from QtMultimedia, plus Linux /dev/video nodes."""
    from PySide6.QtMultimedia import QMediaDevices

    cameras = [f"camera:{i}  {d.description()}" for i, d in enumerate(QMediaDevices.videoInputs())]
    if not cameras and sys.platform.startswith("linux"):
        cameras = [
            f"camera:{p.removeprefix('/dev/video')}  {p}" for p in sorted(glob.glob("/dev/video*"))
        ]
    microphones = [f"mic:{d.description()}" for d in QMediaDevices.audioInputs()]
    encoders = available_encoders() if probe_encoders else []
    return {"cameras": cameras, "microphones": microphones, "encoders": encoders}
