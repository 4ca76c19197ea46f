"""What this machine has: cameras, microphones, and the encoders that really open."""

from __future__ import annotations

import glob
import sys

from studio.media.encoder import available_encoders


def list_inputs() -> dict[str, list[str]]:
    """Cameras, microphones and screens (no encoder probing): for the window's pickers."""
    found = list_devices(probe_encoders=False)
    return {k: found[k] for k in ("cameras", "microphones", "screens")}


def list_devices(probe_encoders: bool = True) -> dict[str, list[str]]:
    """Camera and microphone names from QtMultimedia, plus Linux /dev/video nodes."""
    from PySide6.QtMultimedia import QMediaDevices

    cameras = [f"camera:{i}  {d.description()}" for i, d in enumerate(QMediaDevices.videoInputs())]
    if not cameras and sys.platform.startswith("linux"):
        # the Linux installer carries no Qt Multimedia backend (it would be a third FFmpeg):
        # the V4L2 nodes, named as the kernel names them
        cameras = [f"camera:{n}  {name}" for n, name in linux_cameras()]
    microphones = [f"mic:{d.description()}" for d in QMediaDevices.audioInputs()]
    encoders = available_encoders() if probe_encoders else []
    return {
        "cameras": cameras,
        "microphones": microphones,
        "screens": list_screens(),
        "encoders": encoders,
    }


def list_screens() -> list[str]:
    """`screen:N  WIDTHxHEIGHT` for each screen (none on a machine without a display)."""
    from studio.media.sources.screen import ScreenError, screens

    try:
        found = screens()
    except ScreenError:
        return []
    return [f"screen:{i}  {m['width']}x{m['height']}" for i, m in enumerate(found) if i > 0]


def linux_cameras(root: str = "") -> list[tuple[str, str]]:
    """(index, "name (/dev/videoN)") for each V4L2 capture node, by its number. The name is
    the driver's (/sys/class/video4linux/videoN/name, one short line); a node without one is
    named by its path."""
    found = []
    for path in glob.glob(f"{root}/dev/video*"):
        number = path.rsplit("/video", 1)[-1]
        if not number.isdigit():
            continue
        try:
            with open(f"{root}/sys/class/video4linux/video{number}/name", encoding="utf-8") as f:
                name = f.read(200).strip()
        except (OSError, UnicodeDecodeError):
            name = ""
        device = f"/dev/video{number}"
        found.append((int(number), f"{name} ({device})" if name else device))
    return [(str(n), label) for n, label in sorted(found)]
