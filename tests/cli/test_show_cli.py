"""`studio live --headless --catalog …`: a whole show, run as a merchant or a check runs it."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import av
import cv2
import httpx
import numpy as np
import pytest

from studio.media.compositor import Compositor, i420_planes
from studio.media.overlays import CardInfo, Placement, ShowOverlay
from tests.support.cli import run_studio, studio_command, studio_env
from tests.support.servers import wait_for

pytestmark = pytest.mark.slow  # runs the studio as its own process: not in the fast tier

CATALOG = (
    "商品名称,原价,直播价,库存,限购\r\n"
    "赣南脐橙 5斤装,￥39.9,19.9元,50,2\r\n"
    "坏行,abc,9,10,\r\n"
    ",9,9,1,\r\n"
    "土鸡蛋 30枚,45,29.9,,\r\n"
)
W, H = 360, 640


def _catalog(tmp_path: Path) -> Path:
    path = tmp_path / "货单.csv"
    path.write_bytes(CATALOG.encode("gb18030"))  # as Excel on Chinese Windows saves it
    return path


def _gray_picture(tmp_path: Path) -> Path:
    path = tmp_path / "背景.png"
    cv2.imwrite(str(path), np.full((H, W, 3), 110, np.uint8))
    return path


def _references(picture: Path) -> dict[str, np.ndarray]:
    """What the countdown region looks like in each state, composed the way the engine does."""
    compositor = Compositor(W, H)
    overlay = ShowOverlay(compositor)
    start = overlay.countdown(
        CardInfo("x", "1", "", "", ""), 3, "上链接!", 3.0, lead_ns=0, clock=lambda: 0
    )
    source = cv2.imread(str(picture))
    region = _region()
    out = {}
    for state, at in (
        ("none", start - 1),
        ("3", 500_000_000),
        ("2", 1_500_000_000),
        ("1", 2_500_000_000),
        ("zero", 3_500_000_000),
        ("after", 6_500_000_000),
    ):
        y = i420_planes(compositor.compose(source, at))[0]
        out[state] = y[region].astype(np.float32)
    return out


def _region() -> tuple[slice, slice]:
    place = Placement.for_canvas(W, H)
    x, y, size = place.digit
    bx, _, bw = place.banner
    return slice(y, y + size), slice(min(x, bx), max(x + size, bx + bw))


def test_a_headless_show_streams_the_countdown_and_reports(tmp_path: Path) -> None:
    picture = _gray_picture(tmp_path)
    report = tmp_path / "报告" / "report.json"
    result = run_studio(
        "live",
        "--headless",
        "--source",
        str(picture),
        "--audio",
        "tone",
        "--canvas",
        f"{W}x{H}",
        "--record",
        str(tmp_path / "show.mkv"),
        "--catalog",
        str(_catalog(tmp_path)),
        "--link-up-at",
        "1,8",
        "--countdown",
        "3",
        "--duration",
        "13",
        "--report",
        str(report),
        "--audience",
        "60",
        "--seed",
        "3",
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    assert "第 2 条数据（表格第 3 行）「原价」列" in result.stdout
    data = json.loads(report.read_text(encoding="utf-8"))
    assert [p["name"] for p in data["products"]] == ["赣南脐橙 5斤装", "土鸡蛋 30枚"]
    orange = data["products"][0]
    assert (orange["price"], orange["live_price"], orange["stock"]) == (39.9, 19.9, 50)
    assert [(e["row"], e["column"]) for e in data["import_errors"]] == [
        (2, "原价"),
        (3, "商品名称"),
    ]
    links = data["link_ups"]
    assert [(ln["product_name"], ln["status"]) for ln in links] == [
        ("赣南脐橙 5斤装", "listed"),
        ("土鸡蛋 30枚", "listed"),
    ]
    for ln in links:
        times = [
            ln[k]
            for k in ("countdown_at", "zero_at", "sent_at", "acked_at", "platform_received_at")
        ]
        assert all(isinstance(t, float) for t in times)
        assert ln["countdown_at"] < ln["zero_at"] and ln["sent_at"] < ln["acked_at"]
        assert ln["platform_received_at"] <= ln["acked_at"]
    assert data["totals"]["orders"] >= 1
    html_page = report.with_suffix(".html").read_text(encoding="utf-8")
    for svg in re.findall(r"<svg.*?</svg>", html_page, flags=re.S):
        ET.fromstring(svg)  # well-formed charts
    assert "赣南脐橙" in html_page
    csv_text = report.with_suffix(".csv").read_bytes().decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("商品,货号,规格,原价,直播价")  # its language
    technical = Path(f"{report.with_suffix('')}-technical.csv").read_text(encoding="utf-8-sig")
    assert technical.splitlines()[0].startswith("product_name,status,countdown_at,zero_at")

    # every frame of the recording shows what the countdown says at its time
    references = _references(picture)
    region = _region()
    checked = 0
    with av.open(str(tmp_path / "show.mkv")) as container:
        stream = container.streams.video[0]
        for frame in container.decode(stream):
            t = float(frame.pts * stream.time_base)
            y = frame.to_ndarray(format="gray")[region].astype(np.float32)
            seen = min(references, key=lambda s: float(np.abs(references[s] - y).mean()))
            for ln in links:
                zero = ln["zero_stream_s"]
                offset = t - (zero - 3)
                if min(abs(offset - k) for k in range(0, 7)) < 0.002:
                    continue  # a frame on a boundary, within pts rounding (1 ms)
                if 0 <= offset < 3:
                    assert seen == str(3 - int(offset)), (t, seen, ln["product_name"])
                    checked += 1
                elif 3 <= offset < 6:
                    assert seen == "zero", (t, seen)
                    checked += 1
    assert checked > 300  # two countdowns and banners, about 6 s each at 30 fps


def test_bad_show_input_is_explained(tmp_path: Path) -> None:
    rec = str(tmp_path / "x.mkv")
    base = ("live", "--headless", "--record", rec, "--duration", "1")
    cases = [
        (("--catalog", str(tmp_path / "nope.csv")), "找不到商品表"),
        (("--catalog", str(_catalog(tmp_path)), "--link-up-at", "5,abc"), "--link-up-at"),
        (("--catalog", str(_catalog(tmp_path)), "--platform", "douyin"), "不认识的平台"),
        (("--resume",), "没有未结束的直播"),
    ]
    for extra, message in cases:
        result = run_studio(*base, *extra)
        assert result.returncode == 2, (extra, result.stdout, result.stderr)
        assert message in result.stderr
        assert "Traceback" not in result.stderr


def test_the_rehearsal_platform_runs_alone() -> None:
    process = subprocess.Popen(
        studio_command("platform", "--port", "0", "--audience", "5"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=studio_env(),
    )
    try:
        line = process.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+", line).group(0)
        health = httpx.get(f"{url}/v1/health").json()
        assert health["status"] == "ok"
        session = httpx.post(f"{url}/v1/sessions", json={"title": "外部对接测试"})
        assert session.status_code == 201
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
        process.stdout.close()
        process.stderr.close()


def test_catalog_check_and_convert(tmp_path: Path) -> None:
    out = tmp_path / "整理后.xlsx"
    result = run_studio("catalog", str(_catalog(tmp_path)), "--export", str(out))
    assert result.returncode == 0, result.stderr
    assert "2 个商品可以导入，2 行有问题" in result.stdout
    assert out.is_file()
    again = run_studio("catalog", str(out))
    assert "2 个商品可以导入，0 行有问题" in again.stdout


@pytest.mark.parametrize("unused", [None])
def test_resume_after_sigkill(tmp_path: Path, unused: None) -> None:
    env = studio_env()
    rec = tmp_path / "first.mkv"
    process = subprocess.Popen(
        studio_command(
            "live",
            "--headless",
            "--record",
            str(rec),
            "--catalog",
            str(_catalog(tmp_path)),
            "--link-up-at",
            "0.5,3",
            "--countdown",
            "1",
            "--audience",
            "40",
            "--title",
            "断电测试",
        ),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    lines: list[str] = []
    try:
        while True:  # wait until the second product is up, then pull the plug
            line = process.stdout.readline()
            assert line, "the show ended early"
            lines.append(line)
            if "土鸡蛋" in line:
                break
        journal = Path(env["STUDIO_DATA_DIR"]) / "journal.sqlite3"
        import sqlite3

        def orders() -> int:
            with sqlite3.connect(journal) as db:
                return int(db.execute("SELECT count(*) FROM orders").fetchone()[0])

        wait_for(lambda: orders() > 0, 30, "an order journaled before the crash")
        before = orders()
    finally:
        process.kill()
        process.wait(timeout=20)
        process.stdout.close()

    report = tmp_path / "resumed.json"
    result = run_studio(
        "live",
        "--headless",
        "--record",
        str(tmp_path / "second.mkv"),
        "--resume",
        "--duration",
        "2",
        "--report",
        str(report),
    )
    assert result.returncode == 0, result.stderr
    assert "已恢复「断电测试」，当前商品：土鸡蛋 30枚" in result.stdout
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["show"]["title"] == "断电测试"
    assert [ln["product_name"] for ln in data["link_ups"]][:1] == ["赣南脐橙 5斤装"]
    assert data["totals"]["orders"] >= before
    assert [p["queue_state"] for p in data["products"]] == ["done", "done"]
    assert data["import_errors"] and data["import_errors"][0]["row"] == 2
