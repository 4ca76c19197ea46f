"""A simulated audience for rehearsals: viewers join and leave, comment, and buy.

Buying follows the offer: a deeper discount against the list price draws more buyers, each
buys within the per-buyer limit, and most of them order in the first second after the link
goes up (the flash-sale rush), the rest over the next half minute. Orders go through the
platform's own `place_order`, so the audience meets the same stock and limit rules as a
real buyer. Seeded, so a rehearsal can be replayed.
"""

from __future__ import annotations

import asyncio
import math
import random
from dataclasses import dataclass

from studio.rehearsal.rules import Listing, PlatformRuleError, RehearsalPlatform, Session

COMMENTS_ZH = (
    "主播好！",
    "这个多少钱？",
    "已拍",
    "还有库存吗",
    "上链接！",
    "包邮吗？",
    "怎么吃比较好",
    "支持一下",
    "第一次来",
    "老粉了",
    "能便宜点吗",
    "发什么快递",
    "好甜的样子",
    "想要",
    "什么时候发货",
    "有没有大一点的",
    "刚下单了",
    "下一个是什么",
)
COMMENTS_EN = (
    "hello!",
    "how much?",
    "bought one",
    "shipping to Shanghai?",
    "looks great",
    "link please",
    "is it fresh?",
)
SOLD_OUT_COMMENTS = ("没抢到😭", "手慢了", "还能补货吗？", "补库存！")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"


@dataclass
class AudienceSettings:
    size: int = 200  # viewers at the peak
    seed: int = 0
    tick_s: float = 0.5
    churn: float = 0.02  # share of viewers that may leave per tick
    comment_rate: float = 0.02  # per viewer per minute … scaled per tick
    # a room on Douyin or Kuaishou writes Chinese; a share of English comments is for a
    # rehearsal of a room abroad (and for tests of mixed text)
    english_share: float = 0.0
    base_buy_rate: float = 0.15  # share of viewers that buy at no discount
    rush_share: float = 0.7  # share of buyers that order within the first second
    follow_s: float = 30.0  # the rest order within this long


class Audience:
    """The viewers of one rehearsal session; runs as a task on the server's loop."""

    def __init__(
        self, platform: RehearsalPlatform, session: Session, settings: AudienceSettings
    ) -> None:
        self.platform, self.session, self.settings = platform, session, settings
        self.rng = random.Random(settings.seed)
        self.viewers: list[str] = []
        self._next_viewer = 1
        self._tasks: set[asyncio.Task[None]] = set()
        self._listings = 0
        self.planned: list[tuple[str, float, int]] = []  # (product, delay after listing, qty)

    def _new_viewer(self) -> str:
        name = f"{self.rng.choice(SURNAMES)}**{self._next_viewer:03d}"
        self._next_viewer += 1
        return name

    async def run(self) -> None:
        s, rng = self.settings, self.rng
        while self.session.ended_at is None:
            target = s.size
            joins = max(0, int((target - len(self.viewers)) * rng.uniform(0.05, 0.2)) + 1)
            for _ in range(min(joins, target - len(self.viewers))):
                self.viewers.append(self._new_viewer())
            leave = int(len(self.viewers) * rng.uniform(0.0, s.churn))
            for _ in range(leave):
                self.viewers.pop(rng.randrange(len(self.viewers)))
            self.platform.set_viewers(self.session, len(self.viewers))
            expected = len(self.viewers) * s.comment_rate * s.tick_s
            for _ in range(_poisson(rng, expected)):
                if self.viewers:
                    english = rng.random() < s.english_share
                    pool = COMMENTS_EN if english else COMMENTS_ZH
                    self.platform.comment(self.session, rng.choice(self.viewers), rng.choice(pool))
            await asyncio.sleep(s.tick_s)

    def on_listed(self, listing: Listing) -> None:
        """Plan the orders for a link-up: the rush in the first second, then the stragglers."""
        s = self.settings
        self._listings += 1  # its own generator: the plan does not depend on how long we waited
        rng = random.Random(f"{s.seed}:{listing.product_id}:{self._listings}")
        discount = 1.0 - listing.live_price_fen / listing.price_fen if listing.price_fen else 0.0
        share = min(0.9, s.base_buy_rate * (1.0 + 4.0 * max(0.0, discount)))
        buyers = [v for v in self.viewers if rng.random() < share]
        for buyer in buyers:
            if rng.random() < s.rush_share:
                delay = min(1.0, rng.expovariate(1 / 0.25))
            else:
                delay = rng.uniform(1.0, s.follow_s)
            limit = listing.limit_per_buyer or 3
            quantity = 1 if rng.random() < 0.75 else rng.randint(1, max(1, limit))
            self.planned.append((listing.product_id, delay, quantity))
            task = asyncio.get_running_loop().create_task(
                self._order_later(delay, buyer, listing.product_id, quantity)
            )
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _order_later(self, delay: float, buyer: str, product_id: str, qty: int) -> None:
        await asyncio.sleep(delay)
        if self.session.ended_at is not None:
            return
        try:
            self.platform.place_order(self.session.session_id, buyer, product_id, qty)
        except PlatformRuleError as exc:
            if exc.code == "sold_out" and self.rng.random() < 0.1:
                self.platform.comment(self.session, buyer, self.rng.choice(SOLD_OUT_COMMENTS))

    def cancel(self) -> None:
        for task in list(self._tasks):
            task.cancel()


def _poisson(rng: random.Random, mean: float) -> int:
    """Knuth's method: fine for the small means of a comment tick."""
    if mean <= 0:
        return 0
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1
