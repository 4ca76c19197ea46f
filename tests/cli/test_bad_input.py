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

pytestmark = pytest.mark.slow  # runs the studio as its own process: not in the fast tier


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
        (["--to", "rtmp://[::1/live/key"], "方括号要成对"),
        (["--to", "rtmp://[zz]/live/key"], "服务器部分无效"),
        (["--platform", "http://[::1", "--catalog", "CATALOG"], "不是有效的网址"),
        (["--platform", "ftp://x", "--catalog", "CATALOG"], "不认识的平台"),
        (["--guard", "cutout,bitrate"], "不认识的保帧项“bitrate”：请用 cutout、preset、resolution"),
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


def test_a_wholesalers_sheet_of_thousands_just_works(tmp_path: Path) -> None:
    """3,000 products: the platform gets what the show needs (in a window), not a dump of
    the sheet; the journal writes the queue once, then only what changes."""
    sheet = tmp_path / "批发.csv"
    rows = ["商品名称,原价,直播价,库存"] + [f"商品{i:05d},39.9,19.9,100" for i in range(3000)]
    sheet.write_text("\n".join(rows), encoding="gb18030")
    report = tmp_path / "r.json"
    result = run_studio(
        "live",
        "--headless",
        "--record",
        str(tmp_path / "r.mkv"),
        "--canvas",
        "360x640",
        "--catalog",
        str(sheet),
        "--link-up-at",
        "0.5,2.5",
        "--countdown",
        "1",
        "--duration",
        "5",
        "--report",
        str(report),
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout) < 20_000  # no dump of the product list anywhere
    data = json.loads(report.read_text(encoding="utf-8"))
    assert len(data["products"]) == 3000
    assert [link["status"] for link in data["link_ups"]] in (
        ["listed", "listed"],
        ["listed", "sold_out"],
        ["sold_out", "listed"],
        ["sold_out", "sold_out"],
    )
    assert [link["product_name"] for link in data["link_ups"]] == ["商品00000", "商品00001"]


def test_record_paths_that_cannot_work_are_refused_before_going_live(tmp_path: Path) -> None:
    avi = run_studio("live", "--headless", "--record", str(tmp_path / "x.avi"), "--duration", "1")
    assert avi.returncode == 2 and ".mkv 或 .mp4" in avi.stderr and "x.mkv" in avi.stderr
    folder = tmp_path / "录像"
    folder.mkdir()
    into = run_studio("live", "--headless", "--record", str(folder), "--duration", "1")
    assert into.returncode == 0, into.stderr
    made = list(folder.glob("直播-*.mkv"))
    assert len(made) == 1 and made[0].stat().st_size > 0
    assert not (tmp_path / "录像 (2)").exists()
    english = tmp_path / "recordings"
    english.mkdir()
    named = run_studio(
        "live", "--headless", "--record", str(english), "--language", "en", "--duration", "1"
    )
    assert named.returncode == 0, named.stderr
    # named in the show's language, as the window names its recordings (show_names)
    assert len(list(english.glob("Live-*.mkv"))) == 1


def test_a_read_only_or_full_disk_for_the_recording(tmp_path: Path) -> None:
    from tests.support.disk import fill, remount, small_disk

    with small_disk(1024) as where:
        if where is None:
            pytest.skip("needs a small filesystem (root and mount)")
        remount(where, "ro")
        ro = run_studio("live", "--headless", "--record", str(where / "a.mkv"), "--duration", "1")
        assert ro.returncode == 2 and "不能写入" in ro.stderr and "Traceback" not in ro.stderr
        remount(where, "rw")
        fill(where)
        full = run_studio("live", "--headless", "--record", str(where / "b.mkv"), "--duration", "2")
        assert full.returncode == 3, full.stdout + full.stderr
        assert "录像失败" in full.stderr and "保存在" not in full.stderr + full.stdout
        assert "还没有录下任何内容" in full.stderr + full.stdout


def test_a_damaged_journal_is_moved_aside_for_a_new_show_and_explained_for_resume(
    tmp_path: Path,
) -> None:
    data = Path(os.environ["STUDIO_DATA_DIR"])
    data.mkdir(parents=True, exist_ok=True)
    (data / "journal.sqlite3").write_bytes(b"this is not a journal" * 500)
    resume = run_studio("live", "--headless", "--record", str(tmp_path / "a.mkv"), "--resume")
    assert resume.returncode == 2 and "Traceback" not in resume.stderr
    assert "损坏" in resume.stderr and "移走" in resume.stderr
    show = run_studio(
        "live",
        "--headless",
        "--record",
        str(tmp_path / "b.mkv"),
        "--catalog",
        str(_catalog(tmp_path)),
        "--duration",
        "1",
    )
    assert show.returncode == 0, show.stderr
    assert "已改名" in show.stdout
    kept = list(data.glob("journal.damaged-*.sqlite3"))
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"this is not a journal")


def test_a_read_only_data_folder_is_explained(tmp_path: Path) -> None:
    from tests.support.disk import remount, small_disk

    with small_disk(1024) as where:
        if where is None:
            pytest.skip("needs a small filesystem (root and mount)")
        remount(where, "ro")
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "STUDIO_DATA_DIR": str(where / "d")}
        result = run_studio(
            "live",
            "--headless",
            "--record",
            str(tmp_path / "r.mkv"),
            "--catalog",
            str(_catalog(tmp_path)),
            "--duration",
            "1",
            env=env,
        )
        assert result.returncode == 2, result.stdout + result.stderr
        assert "只读" in result.stderr and "STUDIO_DATA_DIR" in result.stderr
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize("url", ["rtmp://[::1/live/key", "rtmp://[zz]/live/key", "rtmp://a b/l/k"])
def test_a_broken_uplink_address_is_answered_in_words(url: str) -> None:
    """`studio bench --uplink` parses the push URL as `--to` does: a message, no traceback."""
    env = {**os.environ, "LANG": "en_US.UTF-8", "LC_ALL": "en_US.UTF-8"}
    result = run_studio("bench", "--uplink", url, "--seconds", "1", timeout=60, env=env)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "push URL is not valid" in result.stderr, result.stderr


def test_ctrl_c_during_a_slow_go_live_is_said_as_cancelled(tmp_path: Path) -> None:
    """Ctrl+C while the platform did not answer yet said "Cannot reach the platform": the
    interrupted call's own failure, not what happened. The platform is a real socket that
    accepts and never answers (the slowest platform there is)."""
    import signal
    import socket
    import subprocess

    from tests.support.cli import studio_command, studio_env

    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        silent.settimeout(60)
        port = silent.getsockname()[1]
        process = subprocess.Popen(
            studio_command(
                "live",
                "--headless",
                "--record",
                str(tmp_path / "r.mkv"),
                "--catalog",
                str(_catalog(tmp_path)),
                "--platform",
                f"http://127.0.0.1:{port}",
                "--duration",
                "30",
            ),
            env=studio_env(LANG="en_US.UTF-8", LC_ALL="en_US.UTF-8"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            connection, _ = silent.accept()  # going live has reached the platform
            with connection:
                process.send_signal(signal.SIGINT)
                _, err = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(30)
    assert "Traceback" not in err, err[-3000:]
    assert "cancelled by the user" in err, err[-3000:]
    assert "Cannot reach the platform" not in err
    assert process.returncode == 130
    assert _no_unfinished_show()
