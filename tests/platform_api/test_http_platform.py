"""The http adapter against the rehearsal platform over real HTTP on loopback."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator

import httpx
import pytest

from studio.core.destination import SecretStr
from studio.platform_api.errors import PlatformAuthError, PlatformRejected, PlatformUnavailable
from studio.platform_api.http import HttpPlatform
from studio.platform_api.models import LinkUpRequest, PlatformProduct
from studio.rehearsal.server import RehearsalServer

TOKEN = "tok-rehearsal-5f1c9a"
PRODUCTS = [
    PlatformProduct("P1", "赣南脐橙 5斤", 3990, 1990, stock=50, limit_per_buyer=2),
    PlatformProduct("P2", "土鸡蛋 30枚", 4500, 2990, stock=None),
]


@pytest.fixture
def server() -> Iterator[RehearsalServer]:
    with RehearsalServer(token=TOKEN) as srv:
        yield srv


def _platform(server: RehearsalServer, **kw: float) -> HttpPlatform:
    return HttpPlatform(server.url, SecretStr(TOKEN), **kw)


async def _live(platform: HttpPlatform) -> None:
    await platform.open()
    await platform.start_session("双十一助农专场")
    assert await platform.sync_products(PRODUCTS) == 2


def test_a_show_round_trip_with_events(server: RehearsalServer) -> None:
    async def run() -> list[str]:
        platform = _platform(server)
        await _live(platform)
        seen: list[str] = []

        async def follow() -> None:
            async for event in platform.events():
                seen.append(event.type)

        follower = asyncio.create_task(follow())
        listing = await platform.link_up(LinkUpRequest("P1", 1990, stock=5), "key-0000001")
        assert (listing.status, listing.stock, listing.replayed) == ("listed", 5, False)
        assert listing.received_at is not None
        async with httpx.AsyncClient(
            base_url=server.url, headers={"Authorization": f"Bearer {TOKEN}"}
        ) as buyer:
            r = await buyer.post(
                f"/v1/sessions/{platform.session_id}/orders",
                json={"buyer_id": "b1", "product_id": "P1", "quantity": 2},
            )
            assert r.status_code == 201 and r.json()["amount_fen"] == 3980
            r = await buyer.post(
                f"/v1/sessions/{platform.session_id}/orders",
                json={"buyer_id": "b1", "product_id": "P1", "quantity": 1},
            )
            assert r.status_code == 409 and r.json()["error"] == "limit_exceeded"
        assert (await platform.set_stock("P1", 10)).stock == 10
        assert (await platform.take_down("P1")).status == "taken_down"
        await platform.end_session()
        await asyncio.wait_for(follower, 10)
        await platform.close()
        return seen

    seen = asyncio.run(run())
    assert seen == ["listed", "order", "stock", "taken_down", "session_ended"]


def test_a_stalled_link_up_is_retried_and_listed_exactly_once(server: RehearsalServer) -> None:
    def stall() -> None:
        server.platform.faults.stall_link_ups_s = 1.2
        server.platform.faults.stall_count = 1

    server.call(stall)
    retries: list[tuple[int, str]] = []

    async def run() -> str:
        platform = _platform(server, timeout_s=0.3, retry_budget_s=8.0)
        await _live(platform)
        listing = await platform.link_up(
            LinkUpRequest("P1", 1990),
            "key-stall-01",
            on_retry=lambda n, why: retries.append((n, why)),
        )
        assert listing.status == "listed" and listing.replayed
        await platform.close()
        return platform.session_id

    session_id = asyncio.run(run())
    session = server.platform.sessions[session_id]
    posts = [c for c in session.calls if c["path"].endswith("/link-ups")]
    assert len(posts) >= 2 and {c["idempotency_key"] for c in posts} == {"key-stall-01"}
    assert [e[1] for e in session.events].count("listed") == 1
    assert retries and str(retries[0][1]) in ("超时", "it timed out")


def test_5xx_is_retried_and_a_dead_platform_fails_clearly(server: RehearsalServer) -> None:
    def fail_twice() -> None:
        server.platform.faults.fail_link_ups = 2

    server.call(fail_twice)

    async def run() -> None:
        platform = _platform(server, timeout_s=0.5, retry_budget_s=3.0)
        await _live(platform)
        assert (
            await platform.link_up(LinkUpRequest("P2", 2990), "key-5xx-0001")
        ).status == "listed"
        server.stop()  # the platform goes away
        with pytest.raises(PlatformUnavailable, match="连不上平台"):
            await platform.link_up(LinkUpRequest("P1", 1990), "key-dead-001")
        await platform.close()

    asyncio.run(run())


def test_no_oversell_under_a_burst_of_concurrent_orders(server: RehearsalServer) -> None:
    async def run() -> tuple[list[int], str]:
        platform = _platform(server)
        await _live(platform)
        await platform.link_up(
            LinkUpRequest("P1", 1990, stock=50, limit_per_buyer=2), "key-burst-1"
        )
        limits = httpx.Limits(max_connections=100)
        async with httpx.AsyncClient(
            base_url=server.url,
            limits=limits,
            timeout=30,
            headers={"Authorization": f"Bearer {TOKEN}"},
        ) as buyers:

            async def order(i: int) -> int:
                r = await buyers.post(
                    f"/v1/sessions/{platform.session_id}/orders",
                    json={"buyer_id": f"b{i}", "product_id": "P1", "quantity": 1 + i % 2},
                )
                return r.json()["quantity"] if r.status_code == 201 else 0

            units = await asyncio.gather(*(order(i) for i in range(300)))
        await platform.close()
        return units, platform.session_id

    units, session_id = asyncio.run(run())
    listing = server.platform.sessions[session_id].listings["P1"]
    assert sum(units) == 50 == listing.sold
    assert (listing.stock, listing.status) == (0, "sold_out")
    events = [e[1] for e in server.platform.sessions[session_id].events]
    assert events.count("sold_out") == 1


def test_a_wrong_token_is_reported_and_never_leaks(
    server: RehearsalServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secret = "wrong-token-8d7e6f5a"

    async def run() -> str:
        platform = HttpPlatform(server.url, SecretStr(secret))
        await platform.open()
        try:
            with pytest.raises(PlatformAuthError) as err:
                await platform.start_session("test")
            return str(err.value) + repr(err.value)
        finally:
            await platform.close()

    message = asyncio.run(run())
    assert "令牌" in message
    assert secret not in message and secret not in caplog.text


def test_refusals_are_not_retried(server: RehearsalServer) -> None:
    async def run() -> None:
        platform = _platform(server)
        await _live(platform)
        with pytest.raises(PlatformRejected) as err:
            await platform.link_up(LinkUpRequest("NOPE", 100), "key-nope-001")
        assert err.value.status == 404
        await platform.close()

    asyncio.run(run())
