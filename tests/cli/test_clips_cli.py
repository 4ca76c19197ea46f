"""`--clips DIR`: a short video of every product explained, cut from the recording."""

from __future__ import annotations

import json
from pathlib import Path

import av
import cv2
import numpy as np
import pytest

from tests.support.cli import run_studio

pytestmark = pytest.mark.slow  # runs the studio as its own process: not in the fast tier

CATALOG = "商品名称,原价,直播价,库存\r\n赣南脐橙 5斤装,39.9,19.9,50\r\n土鸡蛋/30枚,45,29.9,20\r\n"


def _show(tmp_path: Path, canvas: str, *extra: str) -> tuple[Path, dict]:
    sheet = tmp_path / "货单.csv"
    sheet.write_bytes(CATALOG.encode("gb18030"))
    w, h = (int(x) for x in canvas.split("x"))
    picture = tmp_path / "host.png"
    cv2.imwrite(str(picture), np.full((h, w, 3), 110, np.uint8))
    clips = tmp_path / "片段"
    report = tmp_path / "report.json"
    result = run_studio(
        "live",
        "--headless",
        "--source",
        str(picture),
        "--audio",
        "tone",
        "--canvas",
        canvas,
        "--catalog",
        str(sheet),
        "--link-up-at",
        "1,7",
        "--countdown",
        "2",
        "--duration",
        "14",
        "--report",
        str(report),
        "--clips",
        str(clips),
        "--clips-after",
        "3",
        *extra,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "已剪好 01-赣南脐橙 5斤装.mp4" in result.stdout
    return clips, json.loads(report.read_text(encoding="utf-8"))


def _probe(path: Path) -> tuple[int, int, float, np.ndarray, bool]:
    with av.open(str(path)) as c:
        vs = c.streams.video[0]
        frames = list(c.decode(vs))
        has_audio = bool(c.streams.audio)
    first = frames[0]
    span = float(frames[-1].time - first.time) + 1 / 30
    return first.width, first.height, span, first.to_ndarray(format="rgb24"), has_audio


def _expected(report: dict, name: str, after_s: float = 3.0) -> tuple[float, float]:
    (explain,) = [
        e["stream_s"]
        for e in report["stream"]["events"]
        if e["kind"] == "explain" and e["name"] == name
    ]
    (zero,) = [ln["zero_stream_s"] for ln in report["link_ups"] if ln["product_name"] == name]
    return explain, zero + after_s


def test_a_portrait_show_is_cut_without_re_encoding(tmp_path: Path) -> None:
    clips, report = _show(tmp_path, "360x640")
    files = sorted(p.name for p in clips.glob("*.mp4"))
    # named by their place in the show and the product; a "/" cannot be in a file name
    assert files == ["01-赣南脐橙 5斤装.mp4", "02-土鸡蛋_30枚.mp4"]
    assert len(list(clips.glob("*.mkv"))) == 1, "the show was recorded into the folder"
    for name, file in (("赣南脐橙 5斤装", files[0]), ("土鸡蛋/30枚", files[1])):
        start, end = _expected(report, name)
        w, h, span, first, has_audio = _probe(clips / file)
        assert (w, h) == (360, 640) and has_audio
        # copied from the keyframe at or before the start (one every 2 s at most)
        assert end - start <= span <= end - start + 2.1, (name, span, start, end)
        assert abs(float(first[320, 180].mean()) - 110) < 12  # a whole first picture


def test_a_landscape_show_becomes_portrait_clips_with_the_card(tmp_path: Path) -> None:
    clips, report = _show(tmp_path, "640x360")
    files = sorted(p.name for p in clips.glob("*.mp4"))
    assert files == ["01-赣南脐橙 5斤装.mp4", "02-土鸡蛋_30枚.mp4"]
    start, end = _expected(report, "赣南脐橙 5斤装")
    w, h, span, first, has_audio = _probe(clips / files[0])
    assert (w, h) == (720, 1280) and has_audio
    assert span == pytest.approx(end - start, abs=0.15)  # cut exactly: re-encoded
    # the stream's picture across the middle, the card below it
    top = (1280 - 404) // 3
    assert abs(float(first[top + 200, 360].mean()) - 110) < 12
    card = first[900:1200, 60:660]
    assert card.std() > 20, "the product card is drawn"


def test_clips_need_a_show(tmp_path: Path) -> None:
    result = run_studio(
        "live",
        "--headless",
        "--duration",
        "1",
        "--clips",
        str(tmp_path / "c"),
        "--record",
        str(tmp_path / "x.mkv"),
    )
    assert result.returncode == 2
    assert "--clips 要剪的是商品讲解" in result.stderr and "Traceback" not in result.stderr


def test_a_report_needs_a_show_and_says_so_before_anything_streams(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    result = run_studio(
        "live", "--headless", "--duration", "1", "--report", str(report), "--record",
        str(tmp_path / "x.mkv"),
    )  # fmt: skip
    assert result.returncode == 2
    assert "--report 写的是商品讲解的报告" in result.stderr and "Traceback" not in result.stderr
    assert not report.exists() and not (tmp_path / "x.mkv").exists()  # nothing streamed
