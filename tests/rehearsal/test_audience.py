"""The simulated audience: viewers, comments and a flash-sale rush that respects stock."""

from __future__ import annotations

import httpx
import pytest

from studio.rehearsal.audience import AudienceSettings
from studio.rehearsal.server import RehearsalServer
from tests.support.platform import open_session, product
from tests.support.servers import wait_for


@pytest.fixture
def crowd_server():
    settings = AudienceSettings(size=150, seed=7, tick_s=0.05, comment_rate=2.0)
    with RehearsalServer(audience=settings) as server:
        yield server


def test_viewers_comment_and_rush_a_discounted_link_without_overselling(crowd_server) -> None:
    with httpx.Client(base_url=crowd_server.url) as client:
        sid = open_session(client, [product("P1", "脐橙", 3990, 990, stock=20, limit_per_buyer=2)])
        session = crowd_server.platform.sessions[sid]
        wait_for(lambda: session.viewers >= 100)
        wait_for(lambda: any(e[1] == "comment" for e in session.events))
        r = client.post(
            f"/v1/sessions/{sid}/link-ups",
            headers={"Idempotency-Key": "rush-0001"},
            json={"product_id": "P1", "live_price_fen": 990},
        )
        assert r.status_code == 201
        wait_for(lambda: session.listings["P1"].status == "sold_out")
        listing = session.listings["P1"]
        assert (listing.sold, listing.stock) == (20, 0)
        assert all(q <= 2 for q in listing.bought.values())
        plan = crowd_server.platform.audiences[sid].planned
        rush = [d for _, d, _ in plan if d <= 1.0]
        assert len(plan) > 20 and len(rush) > len(plan) / 2  # most buyers order in the first second
        comments = [e[2]["text"] for e in session.events if e[1] == "comment"]
        # a Chinese room writes Chinese: every comment has Chinese in it
        assert comments and all(any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in comments)
        client.post(f"/v1/sessions/{sid}/end")


def test_the_same_seed_plans_the_same_show() -> None:
    plans = []
    for _ in range(2):
        with (
            RehearsalServer(
                audience=AudienceSettings(size=50, seed=3, tick_s=0.01, churn=0.0)
            ) as server,
            httpx.Client(base_url=server.url) as client,
        ):
            sid = open_session(client, [product("A", "a", 1000, 500)])
            crowd = server.platform.audiences[sid]
            wait_for(lambda crowd=crowd: len(crowd.viewers) >= 50)
            server.call(
                lambda crowd=crowd, sid=sid: crowd.on_listed(
                    server.platform.sessions[sid].listings["A"]
                )
            )
            plans.append(list(crowd.planned))
            client.post(f"/v1/sessions/{sid}/end")
    assert plans[0] and plans[0] == plans[1]
