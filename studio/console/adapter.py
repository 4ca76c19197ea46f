"""`console:douyin|buyin|kuaishou|taobao|channels`: the show's link-ups clicked in the merchant's
own live console, and the room's comments read from it.

Before the show the console is opened and checked (logged in, live, the goods list there),
and each sheet product matched to a console item by its goods id, else by its title; what is
missing is said then, not at zero. At zero the product's 讲解 is clicked, one action at a time,
and the link-up stands only when the console shows 取消讲解 (the console's time of that change
is the link-up's receipt); a product already in 讲解 is not clicked again, so a resume never
toggles it off. Whatever the studio cannot do in the console (no browser, not logged in, a
page that changed or reloaded, no confirmation within CONFIRM_S) becomes a link-up left to
the host, said at once, and never touches the stream.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path

from studio.console.browser import BrowserError
from studio.console.cdp import CdpError
from studio.console.descriptions import PLATFORMS, SpecError, load_spec
from studio.console.driver import ConsoleDriver, ConsoleState
from studio.console.logins import remember_login
from studio.core.backoff import Backoff
from studio.core.messages import Message, platform_text
from studio.platform_api.base import PlatformAdapter, RetryCallback
from studio.platform_api.comments import comment
from studio.platform_api.errors import PlatformRejected, PlatformUnavailable
from studio.platform_api.models import (
    LinkUpRequest,
    Listing,
    PlatformEvent,
    PlatformProduct,
    ProductProblem,
    SessionInfo,
)

log = logging.getLogger(__name__)

CONFIRM_S = 2.0  # the console shows 取消讲解 within this, or the host is told to click
WATCH_S = 1.0  # how often the console is looked at while the show runs
DROPPED_EVERY_S = 30.0  # a comment flood is said at most this often
Say = Callable[[Message], None]


def console_name(platform: str) -> Message:
    return Message(f"console.name.{platform}")


def match_title(name: str, titles: Sequence[str]) -> str | int:
    """The console title a sheet product without a goods id is matched to: the one of that
    very name, else the one longer title that holds it (a console's 【产地直发】红富士苹果 5斤装
    for the sheet's 红富士苹果 5斤装). A short console title (苹果) never stands for a
    longer sheet name, and two candidates are none: the number of candidates (0, 2, …)
    comes back instead. The page's `find` (studio.console.driver) clicks by the same rule."""
    wanted = " ".join(name.split())
    if not wanted:
        return 0
    exact = [t for t in titles if t == wanted]
    if exact:
        return exact[0] if len(exact) == 1 else len(exact)
    within = [t for t in titles if wanted in t]
    return within[0] if len(within) == 1 else len(within)


class ConsoleLive(PlatformAdapter):
    """One platform's live console in the studio's own browser, as the show's platform."""

    # A link-up reads the console's button first and clicks only a 讲解: sending it again
    # after a crash sets the same state (a product already in 讲解 is left as it is).
    repeat_safe = True

    def __init__(
        self,
        platform: str,
        profile: Path,
        spec_dir: Path | None = None,
        headless: bool | None = None,
        confirm_s: float = CONFIRM_S,
        on_problem: Say | None = None,
    ) -> None:
        if platform not in PLATFORMS:
            raise ValueError(platform)
        self.platform = platform
        self.name = f"console:{platform}"
        self.profile = profile
        self.spec_dir = spec_dir
        self.headless = headless
        self.confirm_s = confirm_s
        self.on_problem: Say = on_problem or (lambda _m: None)
        self.hint = Message("assisted.other")
        self.driver: ConsoleDriver | None = None
        self.fallback: Message | None = None  # why link-ups are left to the host just now
        self._recoverable = True  # a page that comes back ends the fallback (not a bad spec)
        self._products: dict[str, PlatformProduct] = {}
        self._state: ConsoleState | None = None
        self._lock = asyncio.Lock()
        self._reopening = False
        self._reopen_backoff = Backoff(first_s=2.0, factor=1.5, cap_s=30.0)
        self._next_reopen = 0.0
        self._ended = asyncio.Event()
        self._session_id = ""
        self._dropped_said = 0
        self._dropped_at = 0.0
        self.clicked: list[str] = []  # product ids the studio clicked (confirmed)
        self.left: list[str] = []  # product ids left to the host

    @property
    def console(self) -> Message:
        return console_name(self.platform)

    @property
    def session_id(self) -> str:
        return self._session_id

    def _say(self, code: str, **params: object) -> None:
        self.on_problem(Message(code, {"console": self.console, **params}))

    def _fall_back(self, code: str, recoverable: bool = True, **params: object) -> None:
        """Link-ups are left to the host from now on (said once per cause)."""
        message = Message(code, {"console": self.console, **params})
        if self.fallback != message:
            self.on_problem(message)
        self.fallback = message
        self._recoverable = recoverable

    # -- before the show -----------------------------------------------------------------
    async def open(self) -> None:
        """Open the console and check it; any trouble leaves the show assisted, never stops it."""
        try:
            spec = load_spec(self.platform, self.spec_dir)
        except SpecError as exc:
            code = "console.spec_broken" if exc.about_file else "console.setting_broken"
            self._fall_back(code, False, reason=exc.message)
            return
        self.driver = ConsoleDriver(spec, self.profile, self.headless)
        await self._open_console()

    async def _open_console(self) -> bool:
        assert self.driver is not None
        try:
            await self.driver.open()
        except BrowserError as exc:
            if exc.missing:
                self._fall_back("console.no_browser", False)
            elif exc.in_use:
                self._fall_back("console.profile_in_use")
            else:
                self._fall_back("console.browser_failed", reason=exc.message)
            return False
        except SpecError as exc:  # a selector or pattern the page refused
            self._fall_back("console.spec_broken", False, reason=exc.message)
            return False
        except CdpError as exc:
            self._fall_back("console.browser_failed", reason=exc.message)
            return False
        return await self._check(first=True)

    async def _check(self, first: bool = False) -> bool:
        """Is the console usable now? Said when it stops or starts being (fallback follows)."""
        assert self.driver is not None
        try:
            state = await self.driver.state()
        except CdpError:
            state = ConsoleState()
        self._state = state
        if first or state.logged_in:  # what the window says of this console's login
            remember_login(self.profile, self.platform, state.account or None)
        if not state.logged_in:
            code = "console.not_logged_in" if first else "console.page_lost"
            self._fall_back(code, platform=self.platform)
            return False
        if not state.goods_list:
            self._fall_back("console.changed", what=Message("console.part.goods_list"))
            return False
        if first:
            self._say("console.logged_in", account=platform_text(state.account, 40) or "—")
            if not state.live:
                self._say("console.not_live")
        elif self.fallback is not None and self._recoverable:
            self._say("console.back")
        self.fallback = None
        return True

    async def close(self) -> None:
        if self.driver is not None:
            await self.driver.close()

    async def start_session(self, title: str) -> SessionInfo:
        self._session_id = f"console-{self.platform}-{uuid.uuid4().hex[:8]}"
        return SessionInfo(self._session_id, title, time.time())

    async def resume_session(self, session_id: str) -> None:
        self._session_id = session_id

    async def end_session(self) -> None:
        self._ended.set()

    async def sync_products(self, products: Sequence[PlatformProduct]) -> int:
        """Nothing is sent: the console's goods are chosen there. The products are kept."""
        for p in products:
            self._products[p.product_id] = p
        return len(products)

    async def check_products(self, products: Sequence[PlatformProduct]) -> list[ProductProblem]:
        """Sheet products not in the console's goods list (by goods id, else by title)."""
        state = self._state
        if self.fallback is not None or state is None or not state.goods_list:
            return []  # the console was not read: the host hears why, link-ups are by hand
        ids = {g.id for g in state.goods if g.id}
        titles = [g.title for g in state.goods if g.title]
        problems = []
        taken: dict[str, str] = {}  # console title -> the sheet product matched to it
        for p in products:
            goods_id = p.goods_id.strip().removesuffix(".0")
            if goods_id:
                if goods_id in ids:
                    continue
                which = Message("console.which_id", {"goods_id": goods_id[:30]})
            else:
                found = match_title(p.name, titles)
                if isinstance(found, str) and found not in taken:
                    taken[found] = p.name
                    continue
                if isinstance(found, str):  # two sheet products, one console item
                    same = {"console": self.console, "other": taken[found][:40]}
                    problems.append(
                        ProductProblem(p.product_id, p.name, Message("console.same_goods", same))
                    )
                    continue
                if found > 1:
                    detail = {"console": self.console, "count": found}
                    problems.append(
                        ProductProblem(p.product_id, p.name, Message("console.ambiguous", detail))
                    )
                    continue
                which = Message("console.which_title")
            why = Message("console.not_in_console", {"console": self.console, "which": which})
            problems.append(ProductProblem(p.product_id, p.name, why))
        return problems

    # -- at zero -------------------------------------------------------------------------
    def _left(self, product_id: str, why: Message, stock: int | None) -> Listing:
        """The link-up handed to the host: said now, reported as left to the host."""
        self.left.append(product_id)
        name = self._products[product_id].name if product_id in self._products else product_id
        note = Message("console.by_hand", {"console": self.console, "name": name, "why": why})
        return Listing(
            product_id, "assisted", stock, link_up_id=f"console:{self.platform}", note=note
        )

    async def link_up(
        self, request: LinkUpRequest, idempotency_key: str, on_retry: RetryCallback | None = None
    ) -> Listing:
        product = self._products.get(request.product_id)
        if self._reopening or product is None:
            why = self.fallback or Message("console.browser_closed", {"console": self.console})
            return self._left(request.product_id, why, request.stock)
        async with self._lock:
            if self.fallback is not None and self._recoverable and self.driver is not None:
                await self._check()  # a console back since the last look is used at once
            if self.fallback is not None or self.driver is None:
                return self._left(request.product_id, self.fallback or self.hint, request.stock)
            goods_id = product.goods_id.strip().removesuffix(".0")
            try:
                clicked = await self.driver.press(goods_id, product.name, "stop", self.confirm_s)
            except CdpError:
                self._fall_back("console.page_lost", platform=self.platform)
                return self._left(request.product_id, self.fallback or self.hint, request.stock)
        name = product.name
        if clicked.outcome in ("confirmed", "already"):
            self.clicked.append(request.product_id)
            code = "console.clicked" if clicked.outcome == "confirmed" else "console.already"
            return Listing(
                request.product_id,
                "listed",
                request.stock,
                link_up_id=f"console:{self.platform}:{goods_id or 'title'}",
                received_at=clicked.confirmed_at,
                note=Message(code, {"console": self.console, "name": name}),
            )
        if clicked.outcome == "unconfirmed":
            why = Message(
                "console.unconfirmed",
                {"console": self.console, "name": name, "s": f"{self.confirm_s:g}"},
            )
            self.left.append(request.product_id)
            return Listing(
                request.product_id, "assisted", request.stock, link_up_id=self.name, note=why
            )
        if clicked.outcome == "missing":
            which = (
                Message("console.which_id", {"goods_id": goods_id})
                if goods_id
                else Message("console.which_title")
            )
            why = Message("console.not_in_console", {"console": self.console, "which": which})
        else:
            why = Message(
                "console.changed",
                {"console": self.console, "what": Message("console.part.explain_button")},
            )
        return self._left(request.product_id, why, request.stock)

    async def take_down(self, product_id: str) -> Listing:
        product = self._products.get(product_id)
        name = product.name if product is not None else product_id
        if self.fallback is not None or self.driver is None or product is None or self._reopening:
            why = self.fallback or self.hint
            words = Message(
                "console.take_down_by_hand", {"console": self.console, "name": name, "why": why}
            )
            raise PlatformRejected(words, 0, "by_hand")
        goods_id = product.goods_id.strip().removesuffix(".0")
        async with self._lock:
            try:
                clicked = await self.driver.press(goods_id, product.name, "explain", self.confirm_s)
            except CdpError:
                self._fall_back("console.page_lost", platform=self.platform)
                clicked = None
        if clicked is None or clicked.outcome not in ("confirmed", "already"):
            why = self.fallback or Message(
                "console.unconfirmed",
                {"console": self.console, "name": name, "s": f"{self.confirm_s:g}"},
            )
            words = Message(
                "console.take_down_by_hand", {"console": self.console, "name": name, "why": why}
            )
            raise PlatformUnavailable(words)
        return Listing(product_id, "taken_down", None)

    async def set_stock(self, product_id: str, stock: int) -> Listing:
        raise PlatformRejected(
            Message("console.no_stock", {"console": self.console}), 0, "no_stock"
        )

    # -- while live ----------------------------------------------------------------------
    async def events(self) -> AsyncIterator[PlatformEvent]:
        """The console's comments, and a look at the console every WATCH_S: a closed browser is
        reopened, a reloaded or logged-out page is said (and said again when it is back)."""
        next_look = time.monotonic() + WATCH_S
        while not self._ended.is_set():
            driver = self.driver
            if driver is None:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._ended.wait(), WATCH_S)
                continue
            wait_s = max(0.0, next_look - time.monotonic())
            try:
                key, user, text = await asyncio.wait_for(driver.comments.queue.get(), wait_s)
            except TimeoutError:
                next_look = time.monotonic() + WATCH_S
                await self._look()
                continue
            yield comment(f"console-{key}", user, text)
        return

    async def _look(self) -> None:
        assert self.driver is not None
        comments = self.driver.comments
        if comments.dropped > self._dropped_said and (
            time.monotonic() - self._dropped_at >= DROPPED_EVERY_S
        ):
            self._say("console.comments_dropped", count=comments.dropped - self._dropped_said)
            self._dropped_said, self._dropped_at = comments.dropped, time.monotonic()
        if self._lock.locked() or not self._recoverable:
            return  # a click is under way (it sees the console itself), or nothing to recover
        if not self.driver.open_now:
            await self._reopen()
            return
        async with self._lock:
            await self._check()

    async def _reopen(self) -> None:
        """The merchant closed the browser: open it again (the profile keeps the login). Said
        once; a browser that does not come back is tried again less and less often."""
        if time.monotonic() < self._next_reopen:
            return
        self._reopening = True
        if not self._reopen_backoff.attempt:
            self._fall_back("console.browser_closed")
        try:
            async with self._lock:
                if await self._open_console():
                    self._say("console.reopened")
                    self._reopen_backoff.reset()
                    self._next_reopen = 0.0
                    return
            self._next_reopen = time.monotonic() + self._reopen_backoff.next_delay_s()
        finally:
            self._reopening = False
