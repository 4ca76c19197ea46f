"""WeChat mini-program live against a local server that follows WeChat's documentation."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator

import pytest

from studio.core.destination import SecretStr
from studio.core.messages import render
from studio.platform_api.errors import (
    PlatformAuthError,
    PlatformNotFound,
    PlatformRejected,
    PlatformUnavailable,
)
from studio.platform_api.models import LinkUpRequest, PlatformProduct
from studio.platform_api.wechat import WeChatApi, WeChatCredentials, WeChatError, WeChatLive
from tests.support.wechat import FakeWeChat, Room, WeChatServer

ROOM = 6474


@pytest.fixture
def wechat() -> Iterator[WeChatServer]:
    fake = FakeWeChat()
    fake.rooms[ROOM] = Room(ROOM, {101: False, 102: True, 103: True})
    fake.rooms[9] = Room(9, {}, live_status=103)
    with WeChatServer(fake) as server:
        yield server


def creds(server: WeChatServer, secret: str | None = None) -> WeChatCredentials:
    return WeChatCredentials(
        server.fake.appid, SecretStr(secret or server.fake.secret), api=server.url
    )


def product(key: str, goods_id: str, name: str = "") -> PlatformProduct:
    return PlatformProduct(key, name or key, 1000, 900, 10, None, "", goods_id)


def run(coro):  # type: ignore[no-untyped-def]
    return asyncio.run(coro)


async def opened(server: WeChatServer, **kw: object) -> WeChatLive:
    live = WeChatLive(ROOM, creds(server), **kw)  # type: ignore[arg-type]
    await live.open()
    await live.start_session("测试")
    await live.sync_products([product("apple", "101", "苹果"), product("pear", "102", "梨")])
    return live


def test_a_token_is_fetched_once_and_used_until_shortly_before_it_expires(
    wechat: WeChatServer,
) -> None:
    now = [1000.0]
    wechat.fake.expires_in = 7200

    async def go() -> None:
        async with WeChatApi(creds(wechat), clock=lambda: now[0]) as api:
            await api.push_url(ROOM)
            await api.push_url(ROOM)
            assert len(wechat.fake.calls_to("stable_token")) == 1
            now[0] += 7200 - 301  # more than 5 minutes left: still the cached one
            await api.push_url(ROOM)
            assert len(wechat.fake.calls_to("stable_token")) == 1
            now[0] += 2  # within the last 5 minutes: a fresh one
            await api.push_url(ROOM)
            assert len(wechat.fake.calls_to("stable_token")) == 2

    run(go())
    body = wechat.fake.calls_to("stable_token")[0].body
    assert body["grant_type"] == "client_credential" and body["force_refresh"] is False


def test_a_refused_token_is_replaced_once_and_the_call_made_again(wechat: WeChatServer) -> None:
    async def go() -> str:
        async with WeChatApi(creds(wechat)) as api:
            await api.push_url(ROOM)
            wechat.fake.invalidate_tokens()  # e.g. another server force-refreshed it
            return await api.push_url(ROOM)

    url = run(go())
    assert url.startswith("rtmp://") and "txSecret=" in url
    errcodes = [c.errcode for c in wechat.fake.calls_to("getpushurl")]
    assert errcodes == [0, 40001, 0]
    assert len(wechat.fake.calls_to("stable_token")) == 2


def test_a_wrong_secret_is_said_in_words_with_wechats_errcode(wechat: WeChatServer) -> None:
    async def go() -> None:
        async with WeChatApi(creds(wechat, secret="wrong-secret")) as api:
            await api.push_url(ROOM)

    with pytest.raises(PlatformAuthError) as caught:
        run(go())
    words = render(caught.value.args[0], "zh")
    assert "AppSecret 不对" in words and "40125" in words
    assert "wrong-secret" not in words


def test_the_classic_token_is_used_where_the_stable_one_is_not_served(
    wechat: WeChatServer,
) -> None:
    wechat.fake.stable_token_served = False

    async def go() -> str:
        async with WeChatApi(creds(wechat)) as api:
            return await api.push_url(ROOM)

    assert run(go()).startswith("rtmp://")
    assert [c.method for c in wechat.fake.calls_to("/cgi-bin/token")] == ["GET"]


def test_goods_off_sale_go_on_sale_and_are_then_pushed_once(wechat: WeChatServer) -> None:
    async def go() -> None:
        live = await opened(wechat)
        try:
            listing = await live.link_up(LinkUpRequest("apple", 900, 10), "k1")
            assert listing.status == "listed"
            await live.link_up(LinkUpRequest("apple", 900, 10), "k2")  # known on sale now
        finally:
            await live.close()

    run(go())
    calls = [(c.path.rsplit("/", 1)[1], c.body) for c in wechat.fake.calls if "goods" in c.path]
    assert calls == [
        ("push", {"roomId": ROOM, "goodsId": 101}),  # 300052: off sale, nothing pushed
        ("onsale", {"roomId": ROOM, "goodsId": 101, "onSale": 1}),
        ("push", {"roomId": ROOM, "goodsId": 101}),
        ("push", {"roomId": ROOM, "goodsId": 101}),  # on sale now: one call at zero
    ]


def test_a_push_while_another_runs_is_retried_within_the_budget(wechat: WeChatServer) -> None:
    retries: list[object] = []

    async def go() -> None:
        live = await opened(wechat)
        try:
            wechat.fake.busy_next = [300049]  # putting it on sale while a push runs
            await live.link_up(
                LinkUpRequest("apple", 900), "k1", lambda n, why: retries.append(why)
            )
            wechat.fake.busy_next = [300047, 300047]  # another push still running
            await live.link_up(
                LinkUpRequest("apple", 900), "k2", lambda n, why: retries.append(why)
            )
        finally:
            await live.close()

    run(go())
    assert len(retries) == 3
    assert "300049" in render(retries[0], "zh")  # type: ignore[arg-type]
    assert "300047" in render(retries[-1], "zh")  # type: ignore[arg-type]
    assert [c.errcode for c in wechat.fake.calls_to("goods/onsale")] == [300049, 0]
    pushes = [c.errcode for c in wechat.fake.calls_to("goods/push")]
    assert pushes == [300052, 0, 300047, 300047, 0]  # each link-up landed once


def test_a_room_busy_past_the_budget_fails_in_plain_words(wechat: WeChatServer) -> None:
    async def go() -> None:
        live = await opened(wechat, retry_budget_s=0.5)
        try:
            wechat.fake.busy_next = [300047] * 100
            await live.link_up(LinkUpRequest("pear", 900), "k1")
        finally:
            await live.close()

    with pytest.raises(WeChatError) as caught:
        run(go())
    assert render(caught.value.args[0], "zh") == (
        "微信：已有商品正在推送，请稍后再试（错误码 300047）"
    )


def test_a_push_whose_answer_was_lost_is_not_sent_again(wechat: WeChatServer) -> None:
    async def go() -> None:
        live = await opened(wechat)
        try:
            await live.link_up(LinkUpRequest("apple", 900), "warm")
            wechat.fake.drop_next_push = True
            await live.link_up(LinkUpRequest("pear", 900), "k1")
        finally:
            await live.close()

    with pytest.raises(PlatformUnavailable) as caught:
        run(go())
    assert "可能已经推送" in render(caught.value.args[0], "zh")
    pear = [c for c in wechat.fake.calls_to("goods/push") if c.body["goodsId"] == 102]
    assert len(pear) == 1  # viewers never see the card twice


def test_goods_put_off_sale_in_wechat_meanwhile_go_on_sale_again(wechat: WeChatServer) -> None:
    async def go() -> None:
        live = await opened(wechat)
        try:
            await live.link_up(LinkUpRequest("apple", 900), "k1")
            with wechat.fake.lock:  # the host took it off sale in WeChat's console
                wechat.fake.rooms[ROOM].goods[101] = False
            await live.link_up(LinkUpRequest("apple", 900), "k2")
        finally:
            await live.close()

    run(go())
    tail = [(c.path.rsplit("/", 1)[1], c.errcode) for c in wechat.fake.calls if "goods" in c.path]
    assert tail[-3:] == [("push", 300052), ("onsale", 0), ("push", 0)]
    assert wechat.fake.rooms[ROOM].goods[101] is True


def test_take_down_puts_the_goods_off_sale(wechat: WeChatServer) -> None:
    async def go() -> None:
        live = await opened(wechat)
        try:
            await live.link_up(LinkUpRequest("apple", 900), "k1")
            listing = await live.take_down("apple")
            assert listing.status == "taken_down"
            await live.link_up(LinkUpRequest("apple", 900), "k2")  # on sale first again
        finally:
            await live.close()

    run(go())
    sales = [c.body["onSale"] for c in wechat.fake.calls_to("goods/onsale")]
    assert sales == [1, 0, 1]
    pushes = [c.errcode for c in wechat.fake.calls_to("goods/push")]
    assert pushes == [300052, 0, 0]  # after a take-down: on sale first, no refused push


def test_calls_to_one_room_never_overlap(wechat: WeChatServer) -> None:
    wechat.fake.push_runs_s = 0.05  # a push keeps the room busy a moment: 300047 / 300049

    async def go() -> None:
        live = await opened(wechat)
        try:
            await asyncio.gather(
                live.link_up(LinkUpRequest("apple", 900), "k1"),
                live.take_down("pear"),
                live.link_up(LinkUpRequest("pear", 900), "k2"),
            )
        finally:
            await live.close()

    run(go())
    goods_calls = [c for c in wechat.fake.calls if "goods" in c.path]
    for before, after in itertools.pairwise(goods_calls):
        assert after.received_at >= before.answered_at  # one at a time
    assert sum(1 for c in goods_calls if c.path.endswith("push") and c.errcode == 0) == 2


def test_the_check_before_the_show_lists_what_the_room_lacks(wechat: WeChatServer) -> None:
    async def go() -> list[tuple[str, str]]:
        live = await opened(wechat)
        try:
            found = await live.check_products(
                [
                    product("apple", "101"),
                    product("none", ""),
                    product("word", "abc"),
                    product("elsewhere", "555"),
                ]
            )
        finally:
            await live.close()
        return [(p.product_id, render(p.why, "zh")) for p in found]  # type: ignore[arg-type]

    problems = run(go())
    assert [p for p, _ in problems] == ["none", "word", "elsewhere"]
    assert "小程序商品ID" in problems[0][1]
    assert "不是数字" in problems[1][1]
    assert "不在 6474 号直播间" in problems[2][1]


def test_a_room_that_is_not_there_or_has_ended_is_refused_before_the_show(
    wechat: WeChatServer,
) -> None:
    async def start(room: int) -> None:
        live = WeChatLive(room, creds(wechat))
        await live.open()
        try:
            await live.start_session("测试")
        finally:
            await live.close()

    with pytest.raises(PlatformNotFound) as missing:
        run(start(77))
    assert "没有 77 号直播间" in render(missing.value.args[0], "zh")
    with pytest.raises(PlatformRejected) as ended:
        run(start(9))
    assert "已结束" in render(ended.value.args[0], "zh")


def test_add_stock_says_where_it_is_done(wechat: WeChatServer) -> None:
    async def go() -> None:
        live = await opened(wechat)
        try:
            await live.set_stock("apple", 50)
        finally:
            await live.close()

    with pytest.raises(PlatformRejected) as caught:
        run(go())
    assert "小程序自己的后台" in render(caught.value.args[0], "zh")


@pytest.mark.parametrize(
    ("text", "goods"),
    [("101", 101), (" 2024 ", 2024), ("1234.0", 1234), ("0", None), ("abc", None),
     ("１２", None), ("-5", None), ("", None), ("9" * 20, None)],
)  # fmt: skip
def test_goods_ids_are_taken_only_as_wechat_takes_them(text: str, goods: int | None) -> None:
    from studio.platform_api.wechat import goods_id_of

    assert goods_id_of(text) == goods


def test_a_third_party_platforms_authorizer_token_is_used_as_it_is(wechat: WeChatServer) -> None:
    with wechat.fake.lock:
        wechat.fake.tokens["AUTHORIZER-TOKEN-1"] = 1e12  # issued by the third-party platform
    creds = WeChatCredentials(
        wechat.fake.appid, None, SecretStr("AUTHORIZER-TOKEN-1"), api=wechat.url
    )

    async def go() -> str:
        async with WeChatApi(creds) as api:
            url = await api.push_url(ROOM)
            wechat.fake.invalidate_tokens()  # the platform refreshed it elsewhere
            with pytest.raises(PlatformAuthError) as caught:
                await api.push_url(ROOM)
            assert "40001" in render(caught.value.args[0], "zh")
            return url

    assert run(go()).startswith("rtmp://")
    assert wechat.fake.calls_to("stable_token") == []  # never asked for a token of its own


def test_hostile_answers_are_refused_in_words_not_tracebacks() -> None:
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from studio.platform_api.errors import PlatformContractError

    token = json.dumps({"access_token": "T", "expires_in": 7200}).encode()
    answers = [
        token, b"<html>proxy login</html>",
        token, b"x" * (2 << 20),
        token, json.dumps({"errcode": "300022x", "errmsg": "\x1b[31mred"}).encode(),
        token, json.dumps({"errcode": 0, "pushAddr": "http://not-rtmp"}).encode(),
    ]  # fmt: skip

    class Hostile(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _answer(self) -> None:
            body = answers.pop(0)
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer

    server = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()

    async def one() -> None:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        async with WeChatApi(WeChatCredentials("wx1", SecretStr("s"), api=url)) as api:
            await api.push_url(ROOM)

    try:
        for expected in ("不是 JSON", "太大", "错误码", "不是 rtmp://"):
            with pytest.raises((PlatformContractError, WeChatError)) as caught:
                run(one())
            words = render(caught.value.args[0], "zh")
            assert expected in words and "\x1b" not in words
    finally:
        server.shutdown()
        server.server_close()


def test_wechats_own_words_reach_the_host_without_terminal_codes_in_either_language(
    wechat: WeChatServer,
) -> None:
    """An errcode the studio has no words for shows WeChat's errmsg: a colour code in it
    (ESC[31m) is removed whole, not left as "[31m"; the studio's words around it follow the
    language asked for, whatever language it was raised in."""
    wechat.fake.refuse_push[102] = 399999
    wechat.fake.refusal_words = "\x1b[31mgoods locked\x1b[0m\x07 by\x1b]0;title\x07 admin"

    async def go() -> None:
        live = await opened(wechat)
        try:
            await live.link_up(LinkUpRequest("pear", 900), "k1")
        finally:
            await live.close()

    with pytest.raises(WeChatError) as caught:
        run(go())
    english = render(caught.value.args[0], "en")
    chinese = render(caught.value.args[0], "zh")
    for text in (english, chinese):
        assert "goods locked" in text and "admin" in text and "399999" in text
        assert "[31m" not in text and "[0m" not in text and "title" not in text
        assert all(c.isprintable() for c in text)
    assert not any("\u4e00" <= c <= "\u9fff" for c in english)
