"""`studio live --headless --to wechat:ROOM --platform wechat:ROOM`: a mini-program live show
end to end, against the local WeChat stand-in (tests/support/wechat.py) and nginx-rtmp."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.cli import run_studio, studio_command, studio_env
from tests.support.servers import NginxRtmp, wait_for
from tests.support.wechat import FakeWeChat, Room, WeChatServer

pytestmark = pytest.mark.slow  # runs the studio as its own process: not in the fast tier

ROOM = 6474
SHEET = (
    "编号,商品名称,商品ID,原价,直播价,库存\r\n"
    "A1,高山苹果 5斤,101,39.9,19.9,50\r\n"
    "A2,雪花梨 3斤,102,29.9,15.9,30\r\n"
    "A3,冬枣 2斤,103,25,12.9,20\r\n"
    "A4,核桃 1斤,,30,18,10\r\n"
    "A5,板栗 2斤,555,30,18,10\r\n"
)


@pytest.fixture
def wechat(nginx: NginxRtmp) -> Iterator[WeChatServer]:
    fake = FakeWeChat()
    fake.rooms[ROOM] = Room(ROOM, {101: False, 102: True, 103: False})
    fake.ingest = f"rtmp://127.0.0.1:{nginx.port}/live"
    fake.refuse_push[103] = 300023  # the room's state refuses this one
    with WeChatServer(fake) as server:
        yield server


def test_a_mini_program_show_fetches_its_push_url_and_lists_each_product_at_zero(
    tmp_path: Path, nginx: NginxRtmp, wechat: WeChatServer
) -> None:
    sheet = tmp_path / "货单.csv"
    sheet.write_bytes(SHEET.encode("gb18030"))
    report = tmp_path / "report.json"
    fake = wechat.fake
    env = studio_env(
        STUDIO_WECHAT_APPID=fake.appid,
        STUDIO_WECHAT_SECRET=fake.secret,
        STUDIO_WECHAT_API=wechat.url,
    )
    result = run_studio(
        "live",
        "--headless",
        "--canvas",
        "360x640",
        "--to",
        f"wechat:{ROOM}",
        "--platform",
        f"wechat:{ROOM}",
        "--catalog",
        str(sheet),
        "--link-up-at",
        "1,4,7,9",
        "--countdown",
        "1",
        "--duration",
        "11",
        "--report",
        str(report),
        env=env,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout

    # the check before the show named what the room lacks
    assert "有 2 个商品在这个直播间上不了链接" in out
    assert "核桃 1斤：表格里没有它的小程序商品ID" in out
    assert "板栗 2斤：商品 555 不在 6474 号直播间" in out
    # ... and the fourth scheduled link-up (核桃) was refused before a countdown
    assert "「核桃 1斤」上不了链接" in out

    # the stream went to the address WeChat gave, signature and all
    assert [c.query["roomId"] for c in fake.calls_to("getpushurl")] == [str(ROOM)]
    assert any(f"{fake.appid}-{ROOM}" in p.name for p in nginx.recordings())
    assert max(p.stat().st_size for p in nginx.recordings()) > 50_000

    # a push at zero; goods WeChat said were off sale go on sale, then get their one push
    goods = [
        (c.path.rsplit("/", 1)[1], c.body.get("goodsId")) for c in fake.calls if "goods/" in c.path
    ]
    assert goods == [
        ("push", 101),
        ("onsale", 101),
        ("push", 101),
        ("push", 102),
        ("push", 103),
    ]
    data = json.loads(report.read_text(encoding="utf-8"))
    links = {ln["product_name"]: ln for ln in data["link_ups"]}
    assert links["高山苹果 5斤"]["status"] == "listed"
    assert links["雪花梨 3斤"]["status"] == "listed"
    # each push reached WeChat after its countdown began, and before the studio heard back
    pushes = {c.body["goodsId"]: c.received_at for c in fake.calls_to("goods/push")}
    for name, goods_id in (("高山苹果 5斤", 101), ("雪花梨 3斤", 102)):
        assert links[name]["countdown_at"] < pushes[goods_id] < links[name]["acked_at"]
    # WeChat's refusal is in the report in plain words, with WeChat's own errcode
    jujube = links["冬枣 2斤"]
    assert jujube["status"] == "failed"
    assert "直播间现在的状态不允许这样做" in jujube["error"] and "300023" in jujube["error"]
    assert "高山苹果" in report.with_suffix(".html").read_text(encoding="utf-8")

    # no secret anywhere: not the AppSecret, the access tokens or the push URL's signature
    secrets = [fake.secret] + [
        c.query["access_token"] for c in fake.calls if c.query.get("access_token")
    ]
    secrets += [url.partition("txSecret=")[2].partition("&")[0] for url in fake.push_urls]
    texts = [out, result.stderr]
    for f in tmp_path.rglob("*"):
        if f.is_file() and "nginx" not in f.parts:
            texts.append(f.read_bytes().decode("utf-8", "replace"))
    for secret in secrets:
        assert all(secret not in text for text in texts), secret[:6]


def test_the_sheet_is_checked_against_the_room_before_any_show(
    tmp_path: Path, wechat: WeChatServer
) -> None:
    sheet = tmp_path / "货单.csv"
    sheet.write_bytes(SHEET.encode("gb18030"))
    env = studio_env(
        STUDIO_WECHAT_APPID=wechat.fake.appid,
        STUDIO_WECHAT_SECRET=wechat.fake.secret,
        STUDIO_WECHAT_API=wechat.url,
    )
    result = run_studio("catalog", str(sheet), "--platform", f"wechat:{ROOM}", env=env)
    assert result.returncode == 1, result.stderr
    assert "有 2 个商品在这个直播间上不了链接" in result.stdout
    assert "核桃 1斤" in result.stdout and "板栗 2斤" in result.stdout
    good = tmp_path / "好.csv"
    good.write_text("编号,商品名称,商品ID,直播价\nA1,高山苹果,101,19.9\n", encoding="utf-8")
    ok = run_studio("catalog", str(good), "--platform", f"wechat:{ROOM}", env=env)
    assert ok.returncode == 0 and "每个商品都能在 wechat:6474 上链接" in ok.stdout
    gone = run_studio("catalog", str(good), "--platform", "wechat:77", env=env)
    assert gone.returncode == 2 and "没有 77 号直播间" in gone.stderr


def test_a_push_in_flight_when_the_studio_is_killed_is_not_repeated_on_resume(
    tmp_path: Path,
) -> None:
    """WeChat's goods/push has no idempotency: a push the studio sent just before it was
    killed (SIGKILL, by pid) is not sent again by `--resume`; the CLI says so and the report
    marks the link-up."""
    fake = FakeWeChat()
    fake.rooms[ROOM] = Room(ROOM, {102: True})
    fake.answer_pushes.clear()  # the push is taken, its answer held: the studio dies waiting
    sheet = tmp_path / "货单.csv"
    sheet.write_text("编号,商品名称,商品ID,直播价,库存\nA2,雪花梨 3斤,102,15.9,30\n", "utf-8")
    with WeChatServer(fake) as server:
        env = studio_env(
            STUDIO_WECHAT_APPID=fake.appid,
            STUDIO_WECHAT_SECRET=fake.secret,
            STUDIO_WECHAT_API=server.url,
        )
        common = ("live", "--headless", "--canvas", "360x640", "--platform", f"wechat:{ROOM}")
        process = subprocess.Popen(
            studio_command(
                *common,
                "--record",
                str(tmp_path / "first.mkv"),
                "--catalog",
                str(sheet),
                "--link-up-at",
                "0.5",
                "--countdown",
                "1",
                "--title",
                "断电测试",
            ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        try:
            wait_for(lambda: fake.calls_to("goods/push"), 90, "the push reached WeChat")
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=20)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=20)
        fake.answer_pushes.set()

        report = tmp_path / "resumed.json"
        result = run_studio(
            *common,
            "--record",
            str(tmp_path / "second.mkv"),
            "--resume",
            "--duration",
            "2",
            "--report",
            str(report),
            env=env,
            timeout=120,
        )
    assert result.returncode == 0, result.stderr
    assert len(fake.calls_to("goods/push")) == 1  # the one before the crash, never again
    assert "「雪花梨 3斤」的上链接在工作台意外退出时正在发送" in result.stdout
    assert "没有重发" in result.stdout
    data = json.loads(report.read_text(encoding="utf-8"))
    (link,) = data["link_ups"]
    assert link["after_crash"] == "not_repeated"
    assert link["attempts"] == 1
    page = report.with_suffix(".html").read_text(encoding="utf-8")
    assert "发送时工作台意外退出，未重发" in page
