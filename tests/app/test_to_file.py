"""`studio live --to-file`: push URLs from a file or stdin, so the key is not in `ps`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support.cli import run_studio, studio_env
from tests.support.scripted_rtmp import ScriptedRtmp

KEY = "FILEKEY0123456789"
SHOW = ("live", "--headless", "--source", "test", "--audio", "tone", "--canvas", "320x180")


def test_push_urls_from_a_file_are_published_to(tmp_path: Path) -> None:
    with ScriptedRtmp("ok", KEY) as srv:
        urls = tmp_path / "推流地址.txt"
        urls.write_text(f"# 抖音\n\n{srv.url}\n", encoding="utf-8")
        result = run_studio(*SHOW, "--duration", "2", "--to-file", str(urls), timeout=120)
        assert result.returncode == 0, result.stderr
        assert srv.published.is_set()  # the key in the file reached the ingest
    assert KEY not in result.stdout + result.stderr


def test_push_urls_from_stdin_are_published_to() -> None:
    with ScriptedRtmp("ok", KEY) as srv:
        result = subprocess.run(
            [sys.executable, "-m", "studio", *SHOW, "--duration", "2", "--to-file", "-"],
            input=srv.url + "\n",
            capture_output=True,
            text=True,
            timeout=120,
            env=studio_env(),
        )
        assert result.returncode == 0, result.stderr
        assert srv.published.is_set()


def test_a_missing_or_empty_url_file_is_said_in_words(tmp_path: Path) -> None:
    missing = run_studio(*SHOW, "--to-file", str(tmp_path / "nope.txt"), timeout=60)
    assert missing.returncode == 2 and "读不了推流地址文件" in missing.stderr
    assert "No such file" not in missing.stderr
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing yet\n", encoding="utf-8")
    result = run_studio(*SHOW, "--to-file", str(empty), timeout=60)
    assert result.returncode == 2 and "里没有地址" in result.stderr


def test_help_says_the_command_line_is_visible_to_others() -> None:
    result = run_studio("live", "--help", timeout=60)
    words = " ".join(result.stdout.split())  # argparse wraps lines where it likes
    assert "--to-file" in words and "visible to other users" in words
