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

pytestmark = pytest.mark.slow  # a show in a process of its own: not in the fast tier


def test_a_bare_rehearsal_does_not_load_the_cutouts_runtime(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.ini").write_text("[General]\nfirst_run_done=true\n", encoding="utf-8")
    env = studio_env(STUDIO_DATA_DIR=str(data), REHEARSE_MODULES="1")
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.support.rehearse_window"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().decode().strip() == "LIVE"
        first, *modules = process.stdout.readline().decode().split()
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            code = process.wait(90)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(30)
            raise
        finally:
            for stream in (process.stdout, process.stderr):
                if stream is not None:
                    stream.close()
    assert code == 0
    assert first == "MODULES"
    assert "studio" in modules and "av" in modules  # the show ran in this process
    assert "ai_edge_litert" not in modules
