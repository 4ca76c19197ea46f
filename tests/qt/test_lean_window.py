"""A bare show carries none of the picture tools' weight (issue 26: the window at 720p with
no tools in 300 MB): the cutout's runtime (LiteRT, its interpreter and XNNPACK) loads when
the host turns the cutout on, never at the window's start or for a stream without it.

A real process (the studio's window offscreen, a rehearsal started as a click on Start does),
because what one test imported stays imported for the next in pytest's own process."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.cli import studio_env
from tests.support.servers import wait_for

pytestmark = pytest.mark.slow  # a show in a process of its own: not in the fast tier


def test_a_bare_rehearsal_does_not_load_the_cutouts_runtime(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.ini").write_text("[General]\nfirst_run_done=true\n", encoding="utf-8")
    env = studio_env(STUDIO_DATA_DIR=str(data), REHEARSE_MODULES="1")
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    with out.open("wb") as stdout, err.open("wb") as stderr:  # read with a deadline below
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.rehearse_window"],
            env=env,
            stdout=stdout,
            stderr=stderr,
        )
    try:
        said = lambda: out.read_text(errors="replace")  # noqa: E731
        wait_for(
            lambda: ("MODULES" in said() and said().endswith("\n")) or process.poll() is not None,
            120,
            "the show's modules",
        )
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            code = process.wait(90)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(30)
            raise
    lines = said().splitlines()
    assert "LIVE" in lines, err.read_text(errors="replace")[-3000:]
    first, *modules = next(line for line in lines if line.startswith("MODULES")).split()
    assert code == 0, err.read_text(errors="replace")[-3000:]
    assert first == "MODULES"
    assert "studio" in modules and "av" in modules  # the show ran in this process
    assert "ai_edge_litert" not in modules
