"""A logout, `kill` or Ctrl+C ends the studio whatever is open: the first-run wizard, a box,
a running show (its recording finished and readable, the journal told the show ended).

Real processes: the studio as `studio` starts it, offscreen, sent a real signal. The waits
are timeouts for a loaded machine, not a speed the studio is held to."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.cli import studio_command, studio_env
from tests.support.media import probe
from tests.support.servers import wait_for

pytestmark = pytest.mark.slow  # streams or long flows: not in the fast tier


def _finish(process: subprocess.Popen[bytes], sig: signal.Signals) -> tuple[int, str]:
    process.send_signal(sig)
    try:
        code = process.wait(90)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(30)
        raise AssertionError(f"the studio was still running 90 s after {sig.name}") from None
    assert process.stderr is not None
    err = process.stderr.read().decode("utf-8", "replace")
    process.stderr.close()
    return code, err


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_with_the_first_run_wizard_open_ends_the_studio(
    tmp_path: Path, sig: signal.Signals
) -> None:
    """Found on a logout: with the wizard open, SIGTERM left the studio running (the wizard's
    loop ended, then the main window opened)."""
    data, home = tmp_path / "data", tmp_path / "home"
    data.mkdir()
    home.mkdir()
    env = studio_env(STUDIO_DATA_DIR=str(data), HOME=str(home))  # never run: the wizard opens
    log = data / "logs" / "studio.log"
    process = subprocess.Popen(
        studio_command(), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        wait_for(lambda: log.exists() and "first-run wizard shown" in log.read_text(), 60, "wizard")
    finally:
        code, err = _finish(process, sig)
    assert code == 0, err[-3000:]
    assert "Traceback" not in err, err[-3000:]
    text = log.read_text()
    assert "window shown" not in text  # no main window opened after the wizard was closed
    assert not (data / "logs" / "running.pid").exists()  # the next launch is not "already open"


def test_sigterm_during_a_rehearsal_finishes_the_recording_and_ends_the_show(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.ini").write_text("[General]\nfirst_run_done=true\n", encoding="utf-8")
    catalog = tmp_path / "货单.csv"
    catalog.write_text("商品名称,直播价,库存\n赣南脐橙,19.9,50\n", encoding="utf-8")
    env = studio_env(STUDIO_DATA_DIR=str(data), REHEARSE_CATALOG=str(catalog))
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.support.rehearse_window"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    recordings = data / "recordings"
    try:
        assert process.stdout is not None
        assert process.stdout.readline().decode().strip() == "LIVE"
        wait_for(
            lambda: any(p.stat().st_size > 50_000 for p in recordings.glob("*.mkv")),
            60,
            "the rehearsal's recording",
        )
    finally:
        code, err = _finish(process, signal.SIGTERM)
        if process.stdout is not None:
            process.stdout.close()
    assert code == 0, err[-3000:]
    assert "Traceback" not in err, err[-3000:]
    (recording,) = recordings.glob("*.mkv")
    got = probe(recording)  # finished: the whole file reads back, to its last frame
    assert len(got.video_pts_ms) > 10 and got.audio_pts_ms
    with sqlite3.connect(data / "journal.sqlite3") as db:
        ended = db.execute("SELECT ended_at FROM shows").fetchall()
    assert ended and all(row[0] is not None for row in ended)
