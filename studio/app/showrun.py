"""A whole show around a live stream: catalog, platform, scheduled link-ups, journal, report.

What `studio live --headless --catalog …` runs, and what the window's rehearsal mode reuses:
it opens the platform (the built-in rehearsal one by default), binds the show's overlays to
the stream's canvas, follows the destinations for held link-ups, samples the stream's health
into the journal, and writes the report at the end.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from studio.app.catalog_files import import_catalog
from studio.app.comment_feeds import comment_feed
from studio.app.errors import ConfigError
from studio.app.images import ImageCache, ImageFetchError
from studio.app.journal_open import describe_journal_error, open_journal
from studio.app.live import LiveSession
from studio.app.paths import cache_dir, journal_path
from studio.app.platforms import Opening, link_up_platform
from studio.app.report import ShowReport, build_report, write_report
from studio.app.show import Notice, Show, ShowSettings
from studio.app.show.owner import health_sample
from studio.console.adapter import ConsoleLive
from studio.core.catalog import CatalogFormatError, ImportResult, Product
from studio.core.messages import Message, leveled, said
from studio.core.rundown import LinkUp, LinkUpError
from studio.core.state import StreamStats
from studio.media.overlays import OverlayPresenter
from studio.platform_api.base import PlatformAdapter
from studio.platform_api.comments import CommentFeed
from studio.platform_api.errors import PlatformError
from studio.rehearsal.server import RehearsalServer
from studio.storage.journal import Journal, JournalError

log = logging.getLogger(__name__)
STATS_EVERY_S = 5.0


@dataclass
class ShowPlan:
    """What the headless show does: the CLI's --catalog, --platform, --link-up-at, --report."""

    catalog: Path | None = None
    # a spec one of studio.app.platforms links up on (platforms.link_up_usage()): rehearsal,
    # assisted:douyin, wechat:ROOM_ID, console:douyin, https://shop…
    platform: str = "rehearsal"
    link_up_at: list[float] = field(default_factory=list)
    report: Path | None = None
    resume: bool = False
    # resume: whether an in-flight link-up a platform cannot take twice is sent again (the
    # window's answer from the host); None leaves it and says so (headless)
    repeat: Callable[[LinkUp], bool] | None = None
    settings: ShowSettings = field(default_factory=ShowSettings)
    audience: int = 200
    seed: int = 0
    report_language: str = "zh"
    comments: list[str] = field(default_factory=list)  # bilibili | youtube:VIDEO_ID


def parse_times(text: str) -> list[float]:
    try:
        times = sorted(float(t) for t in text.split(",") if t.strip())
    except ValueError:
        raise ConfigError(Message("cli.bad_link_up_at", {"text": text[:40]})) from None
    if any(t < 0 for t in times):
        raise ConfigError(Message("cli.negative_link_up_at"))
    return times


class ShowRun:
    """A show bound to a running `LiveSession` (or to none: a rehearsal without a stream)."""

    def __init__(self, plan: ShowPlan, say: Callable[[Message], None] = print) -> None:
        self.plan = plan
        self.say = say
        self.server: RehearsalServer | None = None
        self.journal: Journal | None = None
        self.show: Show | None = None
        self.imported: ImportResult | None = None
        self.pictures: dict[str, Path] = {}
        self.overlay: OverlayPresenter | None = None
        self._pending = list(plan.link_up_at)
        self._started = 0.0
        self._feeds: list[CommentFeed] = []

    # -- setup ---------------------------------------------------------------------------------
    def prepare(self) -> None:
        """Everything that can fail on bad input, before the stream starts."""
        plan = self.plan
        platform = link_up_platform(plan.platform)  # ConfigError for one the studio has not
        if platform.check is not None:
            platform.check(plan.platform)  # a room that is not a number, no credentials
        self._feeds = [comment_feed(spec) for spec in plan.comments]  # credentials, early
        if not plan.resume and self.imported is None:  # the window imported it already
            if plan.catalog is None:
                raise ConfigError(Message("show.needs_catalog"))
            try:
                self.imported = import_catalog(plan.catalog)
            except CatalogFormatError as exc:
                raise ConfigError(said(exc)) from None
            for issue in self.imported.issues:
                self.say(Message("show.skipped_row", {"issue": issue.describe()}))
            for note in self.imported.notes:
                self.say(Message("show.sheet_note", {"note": note}))
            if not self.imported.products:
                raise ConfigError(Message("show.nothing_imported", {"file": plan.catalog.name}))
            counts = {"products": len(self.imported.products), "skipped": len(self.imported.issues)}
            self.say(Message("show.imported", counts))
        if not plan.resume and self.imported is not None and plan.catalog is not None:
            self.pictures = self._fetch_pictures(self.imported.products, plan.catalog.parent)
        self.journal = open_journal(journal_path(), for_resume=plan.resume, say=self.say)
        unfinished = self.journal.unfinished_show()
        if plan.resume and unfinished is None:
            raise ConfigError(Message("show.nothing_to_resume"))
        if plan.resume and unfinished is not None and unfinished.catalog_path:
            base = Path(unfinished.catalog_path).parent
            self.pictures = self._fetch_pictures(self.journal.products(unfinished.id), base)
        if not plan.resume and unfinished is not None:
            self.say(Message("show.unfinished", {"title": unfinished.title}))

    def _fetch_pictures(self, products: list[Product], base_dir: Path) -> dict[str, Path]:
        """Resolve every product picture now (URLs downloaded once), not during the show."""
        cache = ImageCache(cache_dir() / "images")
        wanted = [p for p in products if p.image]
        found: dict[str, Path] = {}

        def fetch(product: Product) -> tuple[Product, Path | str]:
            try:
                return product, cache.resolve(product.image, base_dir)
            except ImageFetchError as exc:
                return product, str(exc)

        pool = ThreadPoolExecutor(8, thread_name_prefix="pictures")
        try:
            for product, result in pool.map(fetch, wanted):
                if isinstance(result, Path):
                    found[product.key] = result
                else:
                    detail = {"name": product.name, "reason": result}
                    self.say(leveled("warning", Message("show.picture_unusable", detail)))
        finally:  # Ctrl-C: stop the downloads under way instead of waiting for them
            cache.cancelled.set()
            pool.shutdown(wait=True, cancel_futures=True)
        return found

    def _platform(self) -> PlatformAdapter:
        return self.platform_adapter()

    def platform_adapter(self) -> PlatformAdapter:
        """The adapter the plan's platform spec names (the rehearsal one started)."""
        platform = link_up_platform(self.plan.platform)
        assert platform.adapter is not None
        opening = Opening(audience=self.plan.audience, seed=self.plan.seed)
        try:
            return platform.adapter(self.plan.platform, opening)
        finally:
            self.server = opening.server

    def start(self, session: LiveSession | None) -> None:
        """Open the platform and the show; bind overlays and destinations of `session`."""
        assert self.journal is not None
        platform = self._platform()
        if isinstance(platform, ConsoleLive):  # what the console does is said as it happens
            platform.on_problem = self._feed_problem
        overlay = None
        if session is not None:
            overlay = OverlayPresenter(session.engine.compositor, self.pictures)
            overlay.problem.connect(self._on_picture_problem)
        self.overlay = overlay
        t0 = session.clock.t0_ns if session is not None else None
        self.show = Show(self.journal, platform, self.plan.settings, overlay, t0)
        self.show.notice.connect(self._on_notice)
        if session is not None:
            pushes = {o.name: o for o in session.outputs if o.stats.kind == "rtmp"}
            self.show.watch_outputs(
                session.output_status.connect, list(pushes), lambda name: pushes[name].state
            )
            self.show.sample_health(session.stats, STATS_EVERY_S)
        try:
            if self.plan.resume:
                record = self.journal.unfinished_show()
                assert record is not None
                self.show.resume(record, self.plan.repeat)
                current = self.show.queue.current
                name = current.product.name if current else "—"
                self.say(Message("show.resumed_at", {"title": record.title, "name": name}))
            else:
                assert self.imported is not None
                self.show.start(
                    self.imported.products, self.imported.issues, str(self.plan.catalog or "")
                )
        except PlatformError as exc:
            self._close_show()
            self.stop_platform()
            raise ConfigError(Message("show.platform_unreachable", {"reason": said(exc)})) from None
        except JournalError as exc:
            self._close_show()
            self.stop_platform()
            raise ConfigError(describe_journal_error(exc)) from None
        for feed in self._feeds:
            feed.on_problem = self._feed_problem
            self.show.follow_comments(feed)
            self.say(Message("comments.following", {"feed": Message(f"feed.{feed.name}")}))
        self._started = time.monotonic()

    def _feed_problem(self, message: Message) -> None:
        if self.show is not None:
            self.show.notice.emit(Notice("warning", message))

    def _on_notice(self, notice: Notice) -> None:
        self.say(leveled(notice.level, notice.message))

    def _on_picture_problem(self, problem: tuple[str, Message | str]) -> None:
        key, why = problem
        names = {p.key: p.name for p in (self.show.products if self.show else [])}
        if self.show is not None:
            self.show.notice.emit(
                Notice(
                    "warning",
                    Message("show.picture_unusable", {"name": names.get(key, key), "reason": why}),
                )
            )

    # -- while live ----------------------------------------------------------------------------
    def tick(self) -> None:
        """Called from the CLI's loop: the link-ups scheduled with --link-up-at."""
        assert self.show is not None
        elapsed = time.monotonic() - self._started
        if self._pending and elapsed >= self._pending[0] and self.show.active_link_up is None:
            self._pending.pop(0)
            try:
                item = self.show.advance()
                link = self.show.link_up()
                detail = {"at": f"{elapsed:.1f}", "name": item.product.name}
                self.say(Message("show.link_up_started", detail | {"s": link.countdown_s}))
            except (LinkUpError, ValueError) as exc:
                self.say(
                    leveled("warning", Message("show.link_up_not_started", {"reason": said(exc)}))
                )

    @property
    def busy(self) -> bool:
        """A link-up is still counting or being sent (the CLI waits for it before stopping)."""
        return self.show is not None and self.show.active_link_up is not None

    # -- the end -------------------------------------------------------------------------------
    def finish(self, final_stats: StreamStats | None = None) -> ShowReport | None:
        report = None
        if self.show is not None:
            if final_stats is not None:
                self.show.record_stream_stats(health_sample(final_stats))
            self.show.end()
            if self.overlay is not None:
                self.overlay.close()
            assert self.journal is not None
            source = self.show.report_journal()  # with what the disk refused at the end
            report = build_report(source, self.show.show_id, self.plan.report_language)
            if source is not self.journal:
                source.close()
            if self.plan.report is not None:
                for path in write_report(report, self.plan.report, self.plan.report_language):
                    self.say(Message("show.report_written", {"path": str(path)}))
        self.stop_platform()
        if self.journal is not None:
            self.journal.close()
        return report

    def abandon(self) -> None:
        """Stop without ending the show (it stays resumable), e.g. when the stream failed."""
        self._close_show()
        self.stop_platform()
        if self.journal is not None:
            self.journal.close()

    def _close_show(self) -> None:
        if self.show is not None:
            self.show.close()
        if self.overlay is not None:
            self.overlay.close()

    def stop_platform(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None


def check_on_platform(spec: str, products: list[Product]) -> list[tuple[str, object]]:
    """Which products could not be linked up on `spec` (WeChat: no goods id, not in the
    room), asked before any show: (product name, why). ConfigError if the platform cannot be
    reached or refuses."""
    import asyncio

    from studio.app.show.owner import platform_product

    run = ShowRun(ShowPlan(platform=spec), say=lambda _m: None)
    adapter = run.platform_adapter()

    async def check() -> list[tuple[str, object]]:
        await adapter.open()
        try:
            await adapter.start_session("check")
            wanted = [platform_product(p) for p in products]
            await adapter.sync_products(wanted)
            problems = await adapter.check_products(wanted)
            if isinstance(adapter, ConsoleLive) and adapter.fallback is not None:
                raise PlatformError(adapter.fallback)  # the console could not be read
            return [(p.name, p.why) for p in problems]
        finally:
            await adapter.close()

    try:
        return asyncio.run(check())
    except PlatformError as exc:
        raise ConfigError(Message("show.platform_unreachable", {"reason": said(exc)})) from None
    finally:
        run.stop_platform()
