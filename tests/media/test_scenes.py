"""Scenes: each switch lands on the next frame and fades, each scene shows its own content,
and the show's graphics stay on top in every one. Checked in the decoded recording."""

from __future__ import annotations

import threading
from pathlib import Path

import av
import cv2
import numpy as np
import pytest

from studio.app.errors import ConfigError
from studio.app.live import LiveConfig, LiveSession
from studio.core.scenes import FADE_S, SceneSources
from studio.media.overlays import CardInfo, ShowOverlay
from studio.media.text import ensure_gui
from tests.support.clips import solid_clip

HOST = (60, 110, 200)  # RGB: the camera (a still, blue)
CLOSE = (240, 130, 20)  # the close-up (orange)
PRODUCT = (40, 190, 90)  # the product video (green)


def _frames(path: Path) -> list[tuple[float, np.ndarray]]:
    with av.open(str(path)) as c:
        return [(float(f.time), f.to_ndarray(format="rgb24")) for f in c.decode(video=0)]


def _near(pixel: np.ndarray, rgb: tuple[int, int, int], tol: int = 16) -> bool:
    return bool(np.abs(pixel.astype(int) - np.array(rgb)).max() <= tol)


def _at(frames: list[tuple[float, np.ndarray]], t: float) -> np.ndarray:
    return next(f for ts, f in frames if ts >= t - 1e-6)


def _before(frames: list[tuple[float, np.ndarray]], t: float) -> np.ndarray:
    return [f for ts, f in frames if ts < t - 1e-6][-1]


@pytest.mark.slow
def test_scenes_switch_on_the_next_frame_and_keep_the_show_on_top(tmp_path: Path) -> None:
    ensure_gui()
    host = tmp_path / "host.png"
    cv2.imwrite(str(host), np.full((360, 640, 3), HOST[::-1], np.uint8))
    close, product = tmp_path / "close.mp4", tmp_path / "product.mp4"
    solid_clip(close, CLOSE, seconds=3)
    solid_clip(product, PRODUCT, seconds=3)
    rec = tmp_path / "scenes.mkv"
    session = LiveSession(
        LiveConfig(source=str(host), audio="tone", width=640, height=360, record=rec)
    )
    sources = SceneSources(closeup=str(close), product_video=str(product), brb_text="马上回来")
    # the show's product card, as the show puts it on the canvas
    ShowOverlay(session.engine.compositor).card(CardInfo("脐橙", "19.9", "", "", "抢购中"))
    session.start()
    wait = threading.Event()
    try:
        wait.wait(1.0)
        switched = {}
        for scene in ("brb", "product", "closeup", "host"):
            switched[scene] = session.switch_scene(scene, sources, "zh")
            assert session.scene == scene
            wait.wait(1.2)
    finally:
        session.stop()
    frames = _frames(rec)
    for scene, at in switched.items():
        assert at is not None
        before, first = _before(frames, at), _at(frames, at)
        settled = _at(frames, at + FADE_S + 0.1)
        # the switch lands on the frame of its tick: where the picture changes (all of it,
        # or only the close-up's corner), that frame has already moved toward the new scene
        changed = np.abs(settled.astype(int) - before.astype(int)).max(axis=2) > 40
        assert changed.any(), scene
        moved = np.abs(first.astype(int) - before.astype(int)).max(axis=2)[changed].mean()
        assert moved > 5, (scene, moved)
        mid = settled[60, 320]
        if scene == "brb":
            assert _near(mid, (30, 32, 40), tol=20), mid
        elif scene == "product":
            assert _near(settled[100, 100], PRODUCT)
            assert _near(settled[12 + 50, 640 - 12 - 90], HOST), "the host in the corner"
        elif scene == "closeup":
            assert _near(settled[100, 100], HOST)
            assert _near(settled[360 - 12 - 54, 640 - 12 - 96], CLOSE), "the close-up"
        else:
            assert _near(settled[100, 100], HOST)
            assert not _near(settled[360 - 12 - 54, 640 - 12 - 96], CLOSE), "no close-up"
        # the card stays on top in every scene (bottom left, white)
        card_region = settled[260:340, 30:250]
        assert card_region.max() > 230, f"the show's card in {scene}"


def test_a_scene_without_its_source_says_what_it_needs(tmp_path: Path) -> None:
    session = LiveSession(
        LiveConfig(audio="tone", width=640, height=360, record=tmp_path / "x.mkv")
    )
    with pytest.raises(ConfigError, match="特写画面"):
        session.switch_scene("closeup", SceneSources())
    with pytest.raises(ConfigError, match="商品视频"):
        session.switch_scene("product", SceneSources())
    assert session.scene == "host"


def test_a_scene_switch_releases_the_tools_it_replaced(tmp_path: Path) -> None:
    """Found by a long show in the window (issue 23, point 13): every switch between the host
    and the close-up left the replaced cutout's full-size buffers (25 MB at 1080x1920) to
    Python's cycle collector, which rarely runs, and memory grew by that much each time. Freed
    by reference counting alone now: the collector is off while the scenes switch."""
    import gc
    import weakref

    from studio.core.picture import BLUR, PictureTools
    from studio.media.cutout import Cutout
    from tests.support.servers import wait_for

    host = tmp_path / "host.png"
    cv2.imwrite(str(host), np.full((360, 640, 3), HOST[::-1], np.uint8))
    close = tmp_path / "close.mp4"
    solid_clip(close, CLOSE, seconds=3)
    session = LiveSession(
        LiveConfig(
            source=str(host),
            audio="silence",
            width=640,
            height=360,
            record=tmp_path / "x.mkv",
            tools=PictureTools(beauty=60, cutout=True, background=BLUR),
        )
    )
    session.start()
    gc.disable()
    try:
        compositor = session.engine.compositor
        replaced = []
        for scene in ("closeup", "host", "closeup", "host"):
            (cutout,) = [e for e in compositor.effects if isinstance(e, Cutout)]
            replaced.append(weakref.ref(cutout))
            del cutout
            session.switch_scene(scene, SceneSources(closeup=str(close)))
        # the video thread lets go of the chain it was drawing with its next frame
        wait_for(lambda: all(r() is None for r in replaced), 20, "the replaced cutouts freed")
        assert len([e for e in compositor.effects if isinstance(e, Cutout)]) == 1
    finally:
        gc.enable()
        session.stop()
