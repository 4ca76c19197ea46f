"""Comments from Bilibili's open live platform and YouTube's live chat, against local servers
that follow their documentation (tests/support/comment_servers.py)."""

from __future__ import annotations

import asyncio
import struct
import threading
import zlib

import brotli
import pytest

from studio.core.destination import SecretStr
from studio.core.messages import Message, render
from studio.platform_api.comments import (
    BilibiliComments,
    BilibiliCredentials,
    PlatformEvent,
    YouTubeComments,
    YouTubeCredentials,
    packet,
    unpack,
)
from tests.support.comment_servers import BilibiliServer, YouTubeServer, dm
from tests.support.servers import wait_for


def _bili(server: BilibiliServer, secret: str | None = None) -> BilibiliCredentials:
    s = server.state
    return BilibiliCredentials(
        s.app_id, s.key_id, SecretStr(secret or s.key_secret), SecretStr(s.code), server.url
    )


async def _take(feed, count: int, during=None, timeout_s: float = 30.0) -> list[PlatformEvent]:  # type: ignore[no-untyped-def]
    got: list[PlatformEvent] = []

    async def read() -> None:
        async for event in feed.events():
            got.append(event)
            if during is not None:
                await asyncio.to_thread(during, got)
            if len(got) >= count:
                break

    try:
        await asyncio.wait_for(read(), timeout_s)
    finally:
        await feed.close()
    return got


def test_bilibili_comments_arrive_plain_and_packed_and_survive_a_drop() -> None:
    problems: list[Message] = []
    with BilibiliServer() as server:
        feed = BilibiliComments(
            _bili(server), problems.append, heartbeat_s=0.2, game_heartbeat_s=0.3
        )

        def after_reconnect() -> None:
            wait_for(lambda: len(server.state.auths) >= 2, 20, "the feed to come back")
            server.say(dm("m3", "小李", "还有库存吗"))

        def script(got: list[PlatformEvent]) -> None:
            if len(got) == 2:
                server.drop()  # the network takes the connection away
                threading.Thread(target=after_reconnect, daemon=True).start()

        async def go() -> list[PlatformEvent]:
            async def first() -> None:
                while server.state.auths == []:
                    await asyncio.sleep(0.02)
                server.say(dm("m1", "张三", "多少钱"), dm("m2", "王五", "包邮吗"), packed=True)

            task = asyncio.create_task(first())
            got = await _take(feed, 3, script)
            await task
            return got

        got = asyncio.run(go())
        assert [(e.user, e.text, e.key) for e in got] == [
            ("张三", "多少钱", "bilibili:m1"),
            ("王五", "包邮吗", "bilibili:m2"),
            ("小李", "还有库存吗", "bilibili:m3"),
        ]
        assert server.state.auths[0] == '{"key": "k1"}'  # auth_body sent as it came
        assert server.state.ends  # the session was ended at close
    assert len(problems) == 1 and "重连" in render(problems[0], "zh")


def test_bilibili_refuses_a_wrong_secret_in_words() -> None:
    problems: list[Message] = []
    with BilibiliServer() as server:
        feed = BilibiliComments(_bili(server, secret="wrong"), problems.append)
        assert asyncio.run(_take(feed, 1)) == []
    assert "不给评论" in render(problems[0], "zh") and "4002" in render(problems[0], "zh")


def test_hostile_packets_are_bounded_and_skipped() -> None:
    assert unpack(b"") == [] and unpack(b"\xff" * 40) == []
    bomb = packet(5, zlib.compress(b"\x00" * (64 << 20)), version=2)  # 64 MB of zeros
    assert unpack(bomb) == []
    nested = packet(5, zlib.compress(packet(5, zlib.compress(b"x"), version=2)), version=2)
    assert all(op == 5 for op, _ in unpack(nested))  # not unpacked twice
    short = struct.pack(">IHHII", 100, 16, 0, 5, 1) + b"{}"  # claims more than it has
    assert unpack(short) == []


def test_youtube_chat_is_polled_at_its_pace_and_ends_when_the_chat_does() -> None:
    problems: list[Message] = []
    with YouTubeServer() as server:
        s = server.state
        s.pages = [[("a1", "Ann", "How much?"), ("a2", "Bo", "Ship to Malaysia?")]]
        creds = YouTubeCredentials(SecretStr(s.api_key), None, server.url)
        feed = YouTubeComments(s.video, creds, problems.append, min_poll_s=0.05)

        def script(got: list[PlatformEvent]) -> None:
            if len(got) == 2:
                with server.lock:
                    s.pages.append([("a3", "Cy", "喜欢")])

        got = asyncio.run(_take(feed, 3, script))
        assert [(e.user, e.text) for e in got] == [
            ("Ann", "How much?"),
            ("Bo", "Ship to Malaysia?"),
            ("Cy", "喜欢"),
        ]
        assert s.polls[:2] == ["", "1"]  # each poll asks for the page after the last
        s.ended = True
        ended = YouTubeComments(s.video, creds, problems.append, min_poll_s=0.05)
        again = asyncio.run(_take(ended, 5))  # all there was, then the end of the chat
        assert [e.text for e in again] == ["How much?", "Ship to Malaysia?", "喜欢"]
    assert any("liveChatEnded" in render(p, "en") for p in problems)


def test_youtube_says_a_video_without_a_live_chat() -> None:
    problems: list[Message] = []
    with YouTubeServer() as server:
        creds = YouTubeCredentials(SecretStr(server.state.api_key), None, server.url)
        feed = YouTubeComments("not-live-video", creds, problems.append)
        assert asyncio.run(_take(feed, 1)) == []
    assert "没有直播聊天" in render(problems[0], "zh")


@pytest.mark.parametrize("bad", ["", "wrong-key"])
def test_youtube_refuses_a_bad_key_in_words(bad: str) -> None:
    problems: list[Message] = []
    with YouTubeServer() as server:
        creds = YouTubeCredentials(SecretStr(bad or "x"), None, server.url)
        assert (
            asyncio.run(_take(YouTubeComments(server.state.video, creds, problems.append), 1)) == []
        )
    assert "keyInvalid" in render(problems[0], "en")


def test_bilibili_comments_packed_with_brotli_arrive() -> None:
    """Protover 3: the live servers pack messages with brotli; those comments are shown, as
    zlib-packed (protover 2) ones are."""
    problems: list[Message] = []
    with BilibiliServer() as server:
        feed = BilibiliComments(_bili(server), problems.append, heartbeat_s=0.2)

        async def go() -> list[PlatformEvent]:
            async def first() -> None:
                while server.state.auths == []:
                    await asyncio.sleep(0.02)
                server.say(dm("b1", "张三", "多少钱"), dm("b2", "王五", "包邮吗"), packed="brotli")
                server.say(dm("z1", "小李", "还有吗"), packed=True)

            task = asyncio.create_task(first())
            got = await _take(feed, 3)
            await task
            return got

        got = asyncio.run(go())
    assert [(e.user, e.text, e.key) for e in got] == [
        ("张三", "多少钱", "bilibili:b1"),
        ("王五", "包邮吗", "bilibili:b2"),
        ("小李", "还有吗", "bilibili:z1"),
    ]
    assert problems == []


def test_packets_that_cannot_be_opened_are_bounded_and_said() -> None:
    dropped: list[str] = []
    bomb = packet(5, brotli.compress(b"\x00" * (64 << 20)), version=3)  # 64 MB of zeros
    assert unpack(bomb, dropped=dropped.append) == []
    broken = packet(5, b"not brotli at all", version=3)
    assert unpack(broken, dropped=dropped.append) == []
    unknown = packet(5, dm("u1", "张三", "hi"), version=9)
    assert unpack(unknown, dropped=dropped.append) == []
    assert dropped == ["bad_packing", "bad_packing", "unknown_packing"]
    inner = packet(5, dm("ok", "李四", "好"))
    good = packet(5, brotli.compress(inner), version=3)
    assert unpack(good, dropped=dropped.append) == [(5, dm("ok", "李四", "好"))]


def test_a_feed_says_once_that_packets_could_not_be_opened() -> None:
    problems: list[Message] = []
    with BilibiliServer() as server:
        feed = BilibiliComments(_bili(server), problems.append, heartbeat_s=0.2)

        async def go() -> list[PlatformEvent]:
            async def first() -> None:
                while server.state.auths == []:
                    await asyncio.sleep(0.02)
                for _ in range(3):
                    server.send_raw(packet(5, b"\\x1b not brotli", version=3))
                server.say(dm("m1", "张三", "在吗"), packed="brotli")

            task = asyncio.create_task(first())
            got = await _take(feed, 1)
            await task
            return got

        got = asyncio.run(go())
    assert [e.text for e in got] == ["在吗"]
    said = [render(p, "en") for p in problems]
    assert said == [
        "A comment packet from Bilibili could not be opened (the packed data is broken or "
        "unpacks past 4 MB); its comments are not shown"
    ]
