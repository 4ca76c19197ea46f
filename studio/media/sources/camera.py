"""A camera through OpenCV, picked up again when it comes back.

Backends: DirectShow on Windows (MJPG at 720p/1080p works there, Media Foundation often
refuses it), AVFoundation on macOS, V4L2 on Linux. A path or URL in place of an index opens
through FFmpeg, which is how the tests drive this code without a camera.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import cv2
import numpy as np

from studio.core.messages import Message
from studio.media.clock import pace
from studio.media.sources.base import VideoSource
from studio.media.text import render_panel

LOST_TEXT = ("摄像头已断开，正在重新连接…", "Camera lost, reconnecting…")


def resolve_camera(device: str) -> str:
    """`0`, a path or URL as given; a camera's name (as `studio devices` lists it) becomes its
    index in the system's order, which OpenCV's DirectShow/AVFoundation/V4L2 backends share."""
    if device.isdigit() or "://" in device or Path(device).exists():
        return device
    from PySide6.QtMultimedia import QMediaDevices

    names = [d.description() for d in QMediaDevices.videoInputs()]
    if device in names:
        return str(names.index(device))
    return device  # not here (yet): reported as lost, picked up if it appears as a path


def _backend() -> int:
    if sys.platform.startswith("win"):
        return cv2.CAP_DSHOW
    if sys.platform == "darwin":
        return cv2.CAP_AVFOUNDATION
    return cv2.CAP_V4L2


class CameraSource(VideoSource):
    def __init__(
        self,
        device: str,
        *,
        width: int = 1280,
        height: int = 720,
        fps: int = 30,
        retry_s: float = 1.0,
    ) -> None:
        super().__init__(f"camera:{device}")
        self.device, self.width, self.height, self.fps = device, width, height, fps
        self.device = resolve_camera(device)
        self.retry_s = retry_s
        self.reconnects = 0
        # Rendered here, on the thread that built the source, once.
        panel = render_panel(
            width,
            height,
            [
                (LOST_TEXT[0], height // 14, (255, 255, 255, 255)),
                (LOST_TEXT[1], height // 20, (220, 220, 220, 255)),
            ],
            background=(40, 40, 40, 255),
        )
        self._lost_frame = np.ascontiguousarray(panel[:, :, :3])

    def _open(self) -> cv2.VideoCapture | None:
        if self.device.isdigit():
            cap = cv2.VideoCapture(int(self.device), _backend())
            cap.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter.fourcc(*"MJPG"))
            cap.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
            cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
            cap.set(cv2.CAP_PROP_FPS, self.fps)
        else:
            if "://" not in self.device and not Path(self.device).exists():
                return None
            cap = cv2.VideoCapture(self.device, cv2.CAP_FFMPEG)
        if not cap.isOpened():
            cap.release()
            return None
        return cap

    def _lost(self, why: Message) -> None:
        # the lost frame first, then the word: whoever hears "lost" finds it already shown
        # (the other order was a race, seen in CI: the status came, the slot still empty)
        self.slot.publish(self._lost_frame)
        self._set_status(False, Message("source.camera_lost", {"why": why}))

    def _run(self) -> None:
        was_open = False
        while not self._stop.is_set():
            cap = self._open()
            if cap is None:
                self._lost(Message("source.camera_unavailable"))
                if self._stop.wait(self.retry_s):
                    return
                continue
            if was_open:
                self.reconnects += 1
            was_open = True
            self._set_status(True)
            fps = cap.get(cv2.CAP_PROP_FPS) or self.fps
            interval_ns = int(1e9 / min(max(fps, 1.0), 120.0))
            next_ns = time.monotonic_ns()
            buf: np.ndarray | None = None
            try:
                while not self._stop.is_set():
                    ok, frame = cap.read(buf) if buf is not None else cap.read()
                    if not ok or frame is None:
                        break
                    self._publish(frame)
                    buf = self.slot.writable(frame.shape)
                    # A real camera blocks in read(); a file would not: keep real-time pace.
                    next_ns += interval_ns
                    now = time.monotonic_ns()
                    if next_ns < now - interval_ns:
                        next_ns = now
                    if pace(next_ns, self._stop):
                        break
            finally:
                cap.release()
            if not self._stop.is_set():
                self._lost(Message("source.camera_stopped"))
                if self._stop.wait(self.retry_s):
                    return
