"""Bad arguments and addresses given to `studio live`: a clear message, no traceback, no hang,
and no unfinished show left behind to resume."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from studio.rehearsal.server import RehearsalServer
from tests.support.cli import run_studio
from tests.support.servers import free_port


def _catalog(tmp_path: Path) -> Path:
    path = tmp_path / "c.csv"
    path.write_text("商品名称,直播价,库存\n赣南脐橙,19.9,50\n土鸡蛋,29.9,\n", encoding="utf-8")
    return path


def _no_unfinished_show() -> bool:
    journal = Path(os.environ["STUDIO_DATA_DIR"]) / "journal.sqlite3"
    if not journal.exists():
        return True
    with sqlite3.connect(journal) as db:
        return db.execute("SELECT count(*) FROM shows WHERE ended_at IS NULL").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--fps", "-5"], "--fps"),
        (["--fps", "abc"], "--fps"),
        (["--duration", "nan"], "--duration"),
        (["--duration", "inf"], "--duration"),
        (["--viewer-delay", "nan"], "--viewer-delay"),
        (["--countdown", "99"], "--countdown"),
        (["--to", "rtmp://" + "a" * 64 + ".example.com/live/key"], "63"),
        (["--to", "rtmp://127.0.0.1:0/live/key"], "端口"),
        (["--to", "rtmp://127.0.0.1:99999/live/key"], "端口"),
        (["--to", "rtmp://127.0.0.1/live/k\udcff"], "无法识别的字符"),
        (["--platform", "http://[::1", "--catalog", "CATALOG"], "不是有效的网址"),
        (["--platform", "ftp://x", "--catalog", "CATALOG"], "不认识的平台"),
    ],
)
def test_bad_arguments_are_answered_clearly(tmp_path: Path, args: list[str], said: str) -> None:
    args = [str(_catalog(tmp_path)) if a == "CATALOG" else a for a in args]
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONIOENCODING": "utf-8:surrogateescape",
    }
    result = run_studio(
        "live", "--headless", "--record", str(tmp_path / "r.mkv"), *args, timeout=60, env=env
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert said in result.stderr
    assert "Traceback" not in result.stderr
    assert _no_unfinished_show()


def test_a_destination_that_never_connects_says_so_and_exits_non_zero(tmp_path: Path) -> None:
    port = free_port()  # nothing listens there
    stats = tmp_path / "stats.json"
    result = run_studio(
        "live",
        "--headless",
        "--to",
        f"rtmp://127.0.0.1:{port}/live/never-key",
        "--record",
        str(tmp_path / "r.mkv"),
        "--duration",
        "2",
        "--stats-json",
        str(stats),
        timeout=90,
    )
    assert result.returncode == 3, result.stdout + result.stderr
    assert "never connected" in result.stdout and "never-key" not in result.stdout
    assert "没有一个推流地址连上过" in result.stderr
    data = json.loads(stats.read_text(encoding="utf-8"))
    push = next(o for o in data["outputs"] if o["kind"] == "rtmp")
    assert push["ever_live"] is False
    assert (tmp_path / "r.mkv").stat().st_size > 0  # the recording beside it went on


def test_a_platform_that_never_answers_a_link_up_does_not_hold_the_stop(tmp_path: Path) -> None:
    """The link-up stalls far past --duration: the studio stops within the retry budget,
    reports the link-up as failed (never "counting"), and leaves no show to resume."""
    with RehearsalServer() as server:
        server.platform.faults.stall_link_ups_s = 600
        server.platform.faults.stall_count = 100
        report = tmp_path / "r.json"
        result = run_studio(
            "live",
            "--headless",
            "--record",
            str(tmp_path / "r.mkv"),
            "--catalog",
            str(_catalog(tmp_path)),
            "--platform",
            server.url,
            "--link-up-at",
            "0.5",
            "--countdown",
            "1",
            "--duration",
            "2",
            "--report",
            str(report),
            timeout=120,
        )
    assert result.returncode == 0, result.stderr
    assert "上链接失败" in result.stdout
    data = json.loads(report.read_text(encoding="utf-8"))
    assert [link["status"] for link in data["link_ups"]] == ["failed"]
    assert _no_unfinished_show()
