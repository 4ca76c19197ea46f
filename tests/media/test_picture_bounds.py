"""Pictures from outside are bounded: a "decompression bomb" (a small file that claims a huge
picture) given as the camera, the background or the close-up is refused in words, quickly,
without the memory it claims, and nothing crashes."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from tests.support.cli import run_studio

pytestmark = pytest.mark.slow  # streams or long flows: not in the fast tier


def png_bomb(path: Path, width: int = 10_000, height: int = 5_000) -> Path:
    """A valid greyscale PNG of width x height zeros (50 megapixels): under 100 kB on disk."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    packer = zlib.compressobj(9)
    row = b"\x00" * (width + 1)  # filter byte + pixels
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )
    return path


@pytest.mark.parametrize(
    "flags",
    [
        ("--source", "{bomb}"),
        ("--chroma-key", "green", "--background", "{bomb}"),
        ("--cutout", "--background", "{bomb}"),
        ("--pip", "{bomb}"),
    ],
    ids=["camera", "key background", "cutout background", "close-up"],
)
def test_a_decompression_bomb_is_refused_in_words(tmp_path: Path, flags: tuple[str, ...]) -> None:
    bomb = png_bomb(tmp_path / "大图.png")
    assert bomb.stat().st_size < 200_000
    args = [f.format(bomb=bomb) for f in flags]
    result = run_studio(
        "live", "--headless", "--audio", "silence", "--record", str(tmp_path / "x.mkv"),
        "--canvas", "640x360", "--duration", "1.5", *args,
    )  # fmt: skip
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert "大图.png" in result.stderr and "太大" in result.stderr, result.stderr[-3000:]


@pytest.mark.parametrize(
    "flags",
    [
        ("--source", "{dot}"),
        ("--cutout", "--background", "{dot}"),
        ("--chroma-key", "green", "--background", "{dot}"),
        ("--pip", "{dot}"),
    ],
    ids=["camera", "cutout background", "key background", "close-up"],
)
def test_a_one_pixel_picture_is_drawn_and_the_stream_goes_on(
    tmp_path: Path, flags: tuple[str, ...]
) -> None:
    """Found by feeding it the worst picture: a 1x1 background stopped the video thread (no
    frame was sent after it)."""
    import re

    import cv2
    import numpy as np

    from tests.support.media import probe

    dot = tmp_path / "dot.png"
    cv2.imwrite(str(dot), np.full((1, 1, 3), 200, np.uint8))
    rec = tmp_path / "x.mkv"
    result = run_studio(
        "live", "--headless", "--audio", "silence", "--record", str(rec),
        "--canvas", "640x360", "--duration", "2", "--source", str(_person()),
        *[f.format(dot=dot) for f in flags],
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    frames = int(re.search(r"(\d+) frames", result.stdout).group(1))  # type: ignore[union-attr]
    pts = probe(rec).video_pts_ms
    # what the viewer sees: pictures in the recording, still coming to the end of the 2 s (how
    # many exactly is the clock's business: a loaded machine encodes one more or one less)
    assert frames > 0 and len(pts) > 0
    assert pts[-1] - pts[0] >= 1000


def _person() -> Path:
    return Path(__file__).parents[1] / "data" / "person.jpg"


class _Broken:
    """A picture tool that fails on its third frame: stands for a bug no test foresaw (a test
    double; the studio's own tools are tested for real elsewhere)."""

    def __init__(self) -> None:
        self.calls = 0

    def apply(self, planes: object) -> None:
        self.calls += 1
        if self.calls >= 3:
            raise ValueError("simulated tool bug")


def test_a_failing_tool_is_turned_off_and_said_and_the_stream_goes_on(tmp_path: Path) -> None:
    from studio.app.live import LiveSession
    from studio.core.messages import render
    from tests.support.servers import wait_for
    from tests.support.session import stream_config

    session = LiveSession(stream_config(record=tmp_path / "r.mkv", destinations=[]))
    said: list = []
    session.engine.picture_problem.connect(said.append)
    session.start()
    try:
        wait_for(lambda: session.engine.frames_encoded > 5, 20, "the stream")
        session.engine.set_tools((_Broken(),))
        wait_for(lambda: bool(said), 20, "the failure said")
        seen = session.engine.frames_encoded
        wait_for(lambda: session.engine.frames_encoded > seen + 15, 20, "the stream goes on")
    finally:
        session.stop()
    assert session.engine.compositor.effects == ()
    words = render(said[0], "zh")
    assert "画面工具出错" in words and "simulated tool bug" in words and "直播照常进行" in words
    assert len(said) == 1


def test_a_picture_too_thin_to_show_is_refused_in_words(tmp_path: Path) -> None:
    import cv2
    import numpy as np

    line = tmp_path / "横幅.png"
    cv2.imwrite(str(line), np.full((1, 4000, 3), 200, np.uint8))
    result = run_studio(
        "live", "--headless", "--audio", "silence", "--record", str(tmp_path / "x.mkv"),
        "--canvas", "640x360", "--duration", "1", "--cutout", "--background", str(line),
    )  # fmt: skip
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert "横幅.png" in result.stderr and "太细长了" in result.stderr, result.stderr[-3000:]
