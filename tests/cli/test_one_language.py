"""Every failure reaches the person at the terminal in one language: an English system gets no
Chinese words (beyond what the user's own sheet holds), a Chinese one no tracebacks or
English error class names."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.cli import run_studio, studio_env

CJK = re.compile(r"[\u4e00-\u9fff]")
CLASS_NAME = re.compile(r"\b[A-Z][A-Za-z]+(Error|Exception)\b")
SYSTEM_ENGLISH = ("No such file", "Permission denied", "Address already in use")
SHEET_CELLS = ("商品名称", "直播价", "赣南脐橙", "土鸡蛋")  # the user's own words, echoed back


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        yield taken.getsockname()[1]


def _failures(folder: Path, port: int) -> list[list[str]]:
    gbk = folder / "gbk.csv"  # a GBK sheet (Chinese Excel) with junk and a bad price
    gbk.write_bytes("商品名称,直播价\n赣南脐橙,abc\n土鸡蛋,\n".encode("gbk") + b"\xff\xfe\x00,,\n")
    (folder / "bad.xlsx").write_bytes(b"not a zip")
    record = str(folder / "r.mkv")
    return [
        ["live", "--headless", "--record", record, "--fps", "abc"],
        ["live", "--headless", "--record", record, "--canvas", "big"],
        ["live", "--headless", "--to", "rtmp://[::1/live/x"],
        ["live", "--headless", "--record", record, "--comments", "nope"],
        ["live", "--headless", "--record", str(folder / "bad.xlsx" / "r.mkv")],
        ["live", "--headless", "--record", record, "--catalog", str(folder / "missing.csv")],
        ["live", "--headless", "--record", record, "--catalog", str(gbk), "--platform", "ftp://x"],
        ["catalog", str(folder / "bad.xlsx")],
        ["catalog", str(gbk)],
        ["platform", "--port", str(port)],
        ["latency", "http://[::1", "--timeout", "1", "--seconds", "2"],
        ["token", "set", "http://[::1"],
        ["bench", "--uplink", "rtmp://[::1/live/x"],
    ]


def _without_user_data(text: str) -> str:
    for cell in SHEET_CELLS:
        text = text.replace(cell, "")
    return text


def test_failures_in_english_say_no_chinese(tmp_path: Path, taken_port: int) -> None:
    env = studio_env(LANG="en_US.UTF-8", LC_ALL="en_US.UTF-8")
    for args in _failures(tmp_path, taken_port):
        result = run_studio(*args, timeout=90, env=env)
        said = result.stdout + result.stderr
        assert result.returncode != 0, (args, said)
        assert "Traceback" not in said, (args, said)
        stray = CJK.findall(_without_user_data(said))
        assert not stray, (args, said)


def test_failures_in_chinese_carry_no_traceback_or_class_names(
    tmp_path: Path, taken_port: int
) -> None:
    env = studio_env(LANG="zh_CN.UTF-8", LC_ALL="zh_CN.UTF-8")
    for args in _failures(tmp_path, taken_port):
        result = run_studio(*args, timeout=90, env=env)
        said = result.stdout + result.stderr
        assert result.returncode != 0, (args, said)
        assert "Traceback" not in said, (args, said)
        assert not CLASS_NAME.search(said), (args, said)
        assert not any(words in said for words in SYSTEM_ENGLISH), (args, said)
        assert CJK.search(_without_user_data(result.stderr)), (args, said)
