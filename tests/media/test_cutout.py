"""智能抠像: the host cut out of the room without a green screen, seen in the recorded
stream, decoded.

The host is a real photograph (NASA's portrait of astronaut Eileen Collins, public domain,
the picture scikit-image ships as `astronaut`), so the real model decides what is a person.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from tests.media.test_picture_tools import _near, _png, _record
from tests.support.clips import solid_clip

pytestmark = pytest.mark.slow  # streams or long flows: not in the fast tier

PERSON = Path(__file__).parents[1] / "data" / "person.jpg"
MAGENTA = (200, 40, 160)  # RGB: nothing like the host or the room


def _landscape_room() -> np.ndarray:
    """640x360 RGB: the portrait in the middle, the room widened to each side."""
    bgr = cv2.resize(cv2.imread(str(PERSON)), (360, 360), interpolation=cv2.INTER_AREA)
    wide = cv2.copyMakeBorder(bgr, 0, 0, 140, 140, cv2.BORDER_REFLECT)
    return cv2.cvtColor(wide, cv2.COLOR_BGR2RGB)


FACE = [(300, 60), (290, 80), (315, 75)]  # (x, y) on the face, in the landscape room
SUIT = [(260, 230), (330, 300)]
ROOM = [(20, 20), (620, 20), (100, 30), (540, 30), (440, 100)]  # wall, flag, shuttles


def test_the_room_is_replaced_and_the_host_is_kept(tmp_path: Path) -> None:
    room = _landscape_room()
    backdrop = tmp_path / "orchard.mp4"
    solid_clip(backdrop, MAGENTA)
    frame = _record(
        tmp_path,
        "--source",
        str(_png(tmp_path / "host.png", room)),
        "--cutout",
        "--background",
        str(backdrop),
    )
    for x, y in ROOM:
        assert _near(frame[y, x], MAGENTA, 20), f"the backdrop at {(x, y)}: {frame[y, x]}"
    for x, y in FACE + SUIT:
        assert _near(frame[y, x], tuple(room[y, x]), 24), f"the host at {(x, y)}"


def test_the_beauty_makes_up_the_host_and_leaves_the_backdrop_alone(tmp_path: Path) -> None:
    """The host is found on the camera's own picture, made up, then put over the backdrop:
    a warm look tints her, never the orchard behind her."""
    room = _landscape_room()
    frame = _record(
        tmp_path,
        "--source",
        str(_png(tmp_path / "host.png", room)),
        "--cutout",
        "--background",
        str(_png(tmp_path / "bg.png", np.full((360, 640, 3), MAGENTA, np.uint8))),
        "--beauty",
        "60",
        "--look",
        "warm",
    )
    for x, y in ROOM:
        assert _near(frame[y, x], MAGENTA, 12), f"the backdrop at {(x, y)}: {frame[y, x]}"
    face = np.array([frame[y, x] for x, y in FACE], int)
    plain = np.array([room[y, x] for x, y in FACE], int)
    assert (face[:, 0] - face[:, 2]).mean() > (plain[:, 0] - plain[:, 2]).mean()  # warmer


def _detail(rgb: np.ndarray) -> float:
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    return float(cv2.Laplacian(grey, cv2.CV_32F).var())


def test_blur_softens_the_room_and_keeps_the_host_sharp(tmp_path: Path) -> None:
    room = _landscape_room()
    frame = _record(
        tmp_path,
        "--source",
        str(_png(tmp_path / "host.png", room)),
        "--cutout",
        "--background",
        "blur",
    )
    flag = (slice(10, 120), slice(150, 215))  # the flag's stripes behind her shoulder
    assert _detail(frame[flag]) < 0.2 * _detail(room[flag]), "the room is blurred"
    face = (slice(40, 95), slice(280, 325))
    assert _detail(frame[face]) > 0.5 * _detail(room[face]), "the face stays sharp"
    # the room keeps its colours (a blur, not a new background): the wall is still pale
    assert frame[20, 620].min() > 150


def test_a_portrait_canvas_cuts_out_the_host_too(tmp_path: Path) -> None:
    frame = _record(
        tmp_path,
        "--source",
        str(PERSON),
        "--cutout",
        "--background",
        str(_png(tmp_path / "bg.png", np.full((640, 360, 3), MAGENTA, np.uint8))),
        canvas="360x640",
    )
    for x, y in ((15, 15), (345, 15), (330, 150), (300, 300)):
        assert _near(frame[y, x], MAGENTA, 20), f"the backdrop at {(x, y)}: {frame[y, x]}"
    # the host: her face, at the top of the 9:16 crop, is not magenta
    face = frame[110:180, 100:190].reshape(-1, 3).astype(int)
    assert np.abs(face - np.array(MAGENTA)).max(axis=1).mean() > 60


@pytest.mark.parametrize("damage", ["zeros", "truncated", "missing"])
def test_a_damaged_model_is_told_and_the_stream_goes_on(
    tmp_path: Path, monkeypatch, damage: str
) -> None:
    """A broken install (the model file damaged or gone): turning the cutout on while live
    says so in words, and the stream keeps its picture and its tools."""
    from studio.app.errors import ConfigError
    from studio.app.live import LiveSession
    from studio.core.messages import render
    from studio.core.picture import PictureTools
    from studio.media import cutout
    from tests.support.servers import wait_for
    from tests.support.session import stream_config

    damaged = tmp_path / "selfie_segmentation_landscape.tflite"
    if damage == "zeros":
        damaged.write_bytes(b"\x00" * 1000)
    elif damage == "truncated":
        damaged.write_bytes(cutout.model_path("landscape").read_bytes()[:120_000])
    monkeypatch.setattr(cutout, "model_path", lambda kind: damaged)
    session = LiveSession(stream_config(record=tmp_path / "r.mkv", destinations=[]))
    session.start()
    try:
        wait_for(lambda: session.engine.frames_encoded > 10, 20, "the stream")
        with pytest.raises(ConfigError) as error:
            session.set_tools(PictureTools(beauty=40, cutout=True, background="blur"))
        assert "智能抠像的模型读不出来" in render(error.value.args[0], "zh")
        assert "Traceback" not in str(error.value)
        assert session.config.tools == PictureTools()  # kept as it was
        seen = session.engine.frames_encoded
        wait_for(lambda: session.engine.frames_encoded > seen + 10, 20, "the stream goes on")
    finally:
        session.stop()


def _planes(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from studio.media.compositor import i420_planes

    return i420_planes(cv2.cvtColor(rgb, cv2.COLOR_RGB2YUV_I420))


def _iou(a: np.ndarray, b: np.ndarray) -> float:
    x, y = a > 0.5, b > 0.5
    return int((x & y).sum()) / int((x | y).sum())


def _portrait_room() -> np.ndarray:
    """360x640 RGB: the portrait at the top of a 9:16 canvas, the room below reflected."""
    rgb = cv2.cvtColor(cv2.imread(str(PERSON)), cv2.COLOR_BGR2RGB)
    square = cv2.resize(rgb, (360, 360), interpolation=cv2.INTER_AREA)
    return cv2.copyMakeBorder(square, 0, 280, 0, 0, cv2.BORDER_REFLECT)


@pytest.mark.parametrize("canvas", ["landscape", "portrait"])
def test_litert_and_opencvs_reader_find_the_same_host(canvas: str) -> None:
    """The model runs on LiteRT (several times cheaper); OpenCV's reader, the fallback, gives
    the same mask for the same picture: the host sees no difference when it is taken."""
    from studio.media.cutout import Segmenter

    room = _landscape_room() if canvas == "landscape" else _portrait_room()
    masks = {}
    for runtime in ("litert", "opencv"):
        segmenter = Segmenter(runtime=runtime)
        masks[runtime] = segmenter.alpha(_planes(room)).copy()
        assert segmenter.runtimes == {canvas: runtime}
    assert _iou(masks["litert"], masks["opencv"]) >= 0.98
    assert 0.1 < (masks["litert"] > 0.5).mean() < 0.7  # a host, not all or nothing


def test_without_litert_the_cutout_runs_on_opencv_and_says_so_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """LiteRT missing (no wheel for the platform, a broken install: its import fails here as
    it would there): the models are read by OpenCV's reader, the log says so once, and the
    host is still cut out."""
    import logging
    import sys

    from studio.media import cutout

    monkeypatch.setitem(sys.modules, "ai_edge_litert.interpreter", None)  # import fails
    monkeypatch.setattr(cutout, "_fallback_told", False)
    caplog.set_level(logging.WARNING, logger="studio.media.cutout")
    segmenter = cutout.Segmenter()
    segmenter.load()
    assert segmenter.runtimes == {"landscape": "opencv", "portrait": "opencv"}
    cutout.Segmenter().load()  # the next stream's: not said again
    said = [r.getMessage() for r in caplog.records if r.name == "studio.media.cutout"]
    assert len(said) == 1, said
    assert "OpenCV's reader" in said[0] and "LiteRT is not installed" in said[0]

    alpha = segmenter.alpha(_planes(_landscape_room()))  # at chroma size: 320x180
    for x, y in FACE + SUIT:
        assert alpha[y // 2, x // 2] > 0.5, f"the host at {(x, y)}"
    for x, y in ROOM:
        assert alpha[y // 2, x // 2] < 0.5, f"the room at {(x, y)}"
