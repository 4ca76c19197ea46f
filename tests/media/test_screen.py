"""A screen as a source (`screen:N`), on a private Xvfb display with a painted window."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.support.cli import run_studio
from tests.support.display import XvfbDisplay
from tests.support.media import last_frame_rgb

pytestmark = pytest.mark.slow  # streams or long flows: not in the fast tier

ORANGE = (255, 140, 0)


def _painted(xvfb: XvfbDisplay) -> None:
    xvfb.paint("#ff8c00", ORANGE)


def _near(pixel: np.ndarray, rgb: tuple[int, int, int], tol: int = 14) -> bool:
    return bool(np.abs(pixel.astype(int) - np.array(rgb)).max() <= tol)


def test_devices_lists_the_screen(xvfb: XvfbDisplay) -> None:
    result = run_studio("devices", env=xvfb.env())
    assert result.returncode == 0, result.stderr
    assert "screen:1  640x360" in result.stdout


def test_the_screen_is_the_picture(xvfb: XvfbDisplay, tmp_path: Path) -> None:
    _painted(xvfb)
    rec = tmp_path / "screen.mkv"
    result = run_studio(
        "live",
        "--headless",
        "--source",
        "screen:1",
        "--audio",
        "silence",
        "--record",
        str(rec),
        "--canvas",
        "640x360",
        "--duration",
        "2.5",
        env=xvfb.env(),
    )
    assert result.returncode == 0, result.stderr
    frame = last_frame_rgb(rec)
    assert _near(frame[180, 320], ORANGE) and _near(frame[20, 20], ORANGE)


def test_the_screen_as_a_picture_in_picture(xvfb: XvfbDisplay, tmp_path: Path) -> None:
    _painted(xvfb)
    rec = tmp_path / "pip.mkv"
    result = run_studio(
        "live",
        "--headless",
        "--source",
        "test",
        "--pip",
        "screen:1",
        "--pip-corner",
        "top-right",
        "--audio",
        "silence",
        "--record",
        str(rec),
        "--canvas",
        "640x360",
        "--duration",
        "2.5",
        env=xvfb.env(),
    )
    assert result.returncode == 0, result.stderr
    frame = last_frame_rgb(rec)
    # top right: 192 x 108, 12 px in
    assert _near(frame[12 + 54, 640 - 12 - 96], ORANGE)
    assert not _near(frame[300, 100], ORANGE)


def test_a_screen_that_is_not_there_says_which_there_are(xvfb: XvfbDisplay, tmp_path: Path) -> None:
    result = run_studio(
        "live",
        "--headless",
        "--source",
        "screen:5",
        "--record",
        str(tmp_path / "x.mkv"),
        "--duration",
        "1",
        env=xvfb.env(),
    )
    assert result.returncode == 2
    assert "没有第 5 个屏幕：这台电脑有 1 个" in result.stderr
    assert "Traceback" not in result.stderr
