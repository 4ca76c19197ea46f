"""Volcengine enterprise live: link-ups as ExplainProduct, signed, against a local server that
recomputes the signature as the service documents it (tests/support/volc.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from studio.core.destination import SecretStr
from studio.core.messages import render
from studio.platform_api.errors import PlatformAuthError, PlatformRejected
from studio.platform_api.models import LinkUpRequest, PlatformProduct
from studio.platform_api.volc import VolcCredentials, VolcError, VolcLive
from tests.support.volc import FakeVolc, VolcServer


@pytest.fixture
def volc() -> Iterator[VolcServer]:
    with VolcServer() as server:
        yield server


def _live(server: VolcServer, secret: str | None = None, **kw: object) -> VolcLive:
    fake = server.fake
    creds = VolcCredentials(fake.access_key, SecretStr(secret or fake.secret_key), server.url)
    return VolcLive(fake.activity_id, creds, **kw)  # type: ignore[arg-type]


def _product(key: str, card: str) -> PlatformProduct:
    return PlatformProduct(key, key, 1000, 900, None, None, "", card)


async def _run(live: VolcLive, *steps: object) -> None:
    await live.open()
    try:
        await live.start_session("测试")
        await live.sync_products([_product("tea", "4946"), _product("nuts", "4947")])
        for step in steps:
            await step(live)  # type: ignore[operator]
    finally:
        await live.close()


def test_a_link_up_explains_the_card_and_a_take_down_ends_it(volc: VolcServer) -> None:
    async def up(live: VolcLive) -> None:
        listing = await live.link_up(LinkUpRequest("tea", 900), "k1")
        assert listing.status == "listed"

    async def down(live: VolcLive) -> None:
        assert (await live.take_down("tea")).status == "taken_down"

    asyncio.run(_run(_live(volc), up, down))
    assert [c["body"] for c in volc.fake.calls] == [
        {"ActivityId": 1779171580, "ProductId": 4946, "ExplainStatus": 1, "FloatingStatus": 1},
        {"ActivityId": 1779171580, "ProductId": 4946, "ExplainStatus": 2, "FloatingStatus": 2},
    ]


def test_flow_limits_are_retried_and_a_wrong_secret_is_not(volc: VolcServer) -> None:
    volc.fake.busy_next = 2
    retries: list[object] = []

    async def up(live: VolcLive) -> None:
        await live.link_up(LinkUpRequest("nuts", 900), "k1", lambda n, why: retries.append(why))

    asyncio.run(_run(_live(volc), up))
    assert len(retries) == 2 and volc.fake.explaining == {4947: 1}
    with pytest.raises(PlatformAuthError) as caught:
        asyncio.run(_run(_live(volc, secret="not-the-secret"), up))
    assert "SignatureDoesNotMatch" in render(caught.value.args[0], "zh")


def test_the_platforms_refusal_reaches_the_host_in_its_words(volc: VolcServer) -> None:
    volc.fake.cards = {4946}

    async def up(live: VolcLive) -> None:
        await live.link_up(LinkUpRequest("nuts", 900), "k1")

    with pytest.raises(VolcError) as caught:
        asyncio.run(_run(_live(volc), up))
    assert render(caught.value.args[0], "zh") == (
        "火山引擎：商品卡片不存在（InvalidParameter.ProductId）"
    )


def test_products_without_a_card_id_are_found_before_the_show(volc: VolcServer) -> None:
    async def check(live: VolcLive) -> None:
        found = await live.check_products(
            [_product("a", ""), _product("b", "x1"), _product("c", "7")]
        )
        assert [p.product_id for p in found] == ["a", "b"]

    asyncio.run(_run(_live(volc), check))
    with pytest.raises(PlatformRejected):
        asyncio.run(_run(_live(volc), lambda live: live.set_stock("tea", 3)))
    assert FakeVolc().cards  # the double's defaults stay as documented here
