"""`studio live --headless --comments bilibili --comments youtube:ID`: the platforms' live
comments in the show's feed and journal (against tests/support/comment_servers.py)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.support.cli import studio_command, studio_env
from tests.support.comment_servers import BilibiliServer, YouTubeServer, dm
from tests.support.servers import stop_process, wait_for

pytestmark = pytest.mark.slow  # runs the studio as its own process: not in the fast tier


def test_comments_from_bilibili_and_youtube_reach_the_show(tmp_path: Path) -> None:
    sheet = tmp_path / "s.csv"
    sheet.write_text("商品名称,直播价\n脐橙,19.9\n", encoding="utf-8")
    report = tmp_path / "report.json"
    out = tmp_path / "out.txt"
    with BilibiliServer() as bili, YouTubeServer() as yt:
        b, y = bili.state, yt.state
        y.pages = [[("y1", "Ann", "How much?")]]
        env = studio_env(
            STUDIO_BILIBILI_APP_ID=str(b.app_id),
            STUDIO_BILIBILI_KEY_ID=b.key_id,
            STUDIO_BILIBILI_KEY_SECRET=b.key_secret,
            STUDIO_BILIBILI_CODE=b.code,
            STUDIO_BILIBILI_API=bili.url,
            STUDIO_YOUTUBE_API_KEY=y.api_key,
            STUDIO_YOUTUBE_API=yt.url,
        )
        with out.open("wb") as sink:
            proc = subprocess.Popen(
                studio_command(
                    "live", "--headless", "--record", str(tmp_path / "r.mkv"), "--catalog",
                    str(sheet), "--audience", "0", "--comments", "bilibili", "--comments",
                    f"youtube:{y.video}", "--duration", "12", "--report", str(report),
                ),
                stdout=sink, stderr=subprocess.STDOUT, env=env,
            )  # fmt: skip
            try:
                wait_for(lambda: bool(b.auths), 30, "the Bilibili feed to connect")
                bili.say(dm("m1", "张三", "多少钱一斤"))
                wait_for(lambda: proc.poll() is not None, 60, "the show to end")
            finally:
                stop_process(proc)
        assert proc.returncode == 0, out.read_text()
        assert b.ends == ["game-1"]  # the Bilibili session ended with the show
    text = out.read_text(encoding="utf-8")
    assert "正在接收哔哩哔哩的评论" in text and "正在接收YouTube的评论" in text
    assert json.loads(report.read_text(encoding="utf-8"))["show"]["comments"] == 2
    assert b.key_secret not in text and b.code not in text and y.api_key not in text
