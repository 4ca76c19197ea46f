"""Pictures from outside are bounded: a "decompression bomb" (a small file that claims a huge
picture) given as the camera, the background or the close-up is refused in words, quickly,
without the memory it claims, and nothing crashes."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from tests.support.cli import run_studio


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
