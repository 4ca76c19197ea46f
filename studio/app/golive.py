"""Going live: the one composition root that the CLI and the window both drive.

A `Broadcast` is one stream (`LiveSession`) and, when there is a catalog, its show
(`ShowRun`), wired in one order:

1. `prepare()`: everything that can fail on bad input, before anything starts: the record
   path, the catalog, the platform's address, the journal, the pictures. Nothing is left
   behind when it fails (no recording, no unfinished show to resume).
2. `start()`: the stream, then the show bound to it (overlays on its canvas, its
   destinations followed for held link-ups, its health sampled on the show's own loop).
   If the show cannot start, the stream is stopped again.
3. `stop()`: the stream's final stats, the show ended, the report written.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from studio.app.errors import ConfigError
from studio.app.live import LiveConfig, LiveSession
from studio.app.logs import add_secrets
from studio.app.report import ShowReport, report_paths
from studio.app.show import Show
from studio.app.showrun import ShowPlan, ShowRun
from studio.core.catalog import ImportResult
from studio.core.destination import redact_message
from studio.core.events import Signal
from studio.core.messages import Message, said
from studio.core.state import OutputStatus, StreamStats

log = logging.getLogger(__name__)


@dataclass
class Ended:
    """What a broadcast left: the final stats (secrets removed), the report, if any."""

    stats: StreamStats | None
    report: ShowReport | None
    report_page: Path | None


class Broadcast:
    """One stream with its show, from prepare to stop. Methods may block: not on a GUI thread."""

    def __init__(
        self,
        config: LiveConfig,
        plan: ShowPlan | None = None,
        say: Callable[[Message], None] = print,
        imported: ImportResult | None = None,
    ) -> None:
        self.config = config
        self.plan = plan
        self.say = say
        self.run = ShowRun(plan, say=say) if plan is not None else None
        if self.run is not None and imported is not None:
            self.run.imported = imported  # the window imported the sheet already
        self.session: LiveSession | None = None
        # every destination's state, from the first: connected before the stream starts
        self.output_status: Signal[OutputStatus] = Signal()
        self.picture_problem: Signal[Message] = Signal()  # a tool failed, was turned off
        # the frame guard stepped the picture's cost down (or back up): one line to say
        self.guard_changed: Signal[Message] = Signal()
        self._on_end: list[tuple[str, Callable[[], None]]] = []
        self._stopped = False

    @property
    def show(self) -> Show | None:
        return self.run.show if self.run is not None else None

    def prepare(self) -> None:
        """ConfigError (with what to change) for anything that would fail later."""
        add_secrets(self.config.secrets())  # before anything can log a URL with a key
        self.config.validate()
        self.config.check_record_path()
        if self.run is not None:
            try:
                self.run.prepare()
            except ConfigError:
                self.run.abandon()
                raise
        try:  # last: bad input is refused before a platform hands out an address
            self._resolve_generated()
        except ConfigError:
            self._end_generated()
            if self.run is not None:
                self.run.abandon()
            raise

    def _resolve_generated(self) -> None:
        """Fetch or generate the push URLs named by spec (`wechat:ROOM_ID`), fresh for this
        stream and never stored."""
        from studio.app.pushurls import resolve

        config = self.config
        several = len(config.destinations) + len(config.generated) > 1
        title = (
            self.plan.settings.title if self.plan is not None else str(Message("live.kind_live"))
        )
        for i, spec in enumerate(config.generated, len(config.destinations) + 1):
            destination, on_end = resolve(spec, name=f"push{i}" if several else "", title=title)
            config.destinations.append(destination)
            if on_end is not None:
                self._on_end.append((destination.name or spec, on_end))
        config.generated = []

    def _end_generated(self) -> None:
        """Close what the platforms opened for this stream (Kuaishou's room): a failure is
        said, and nothing else waits for it."""
        from studio.platform_api.errors import PlatformError

        for name, on_end in self._on_end:
            try:
                on_end()
            except PlatformError as exc:
                self.say(Message("push.end_failed", {"name": name, "reason": said(exc)}))
            except Exception:  # the stream has stopped already; the log has the rest
                log.exception("closing %s failed", name)
        self._on_end = []

    def start(self) -> None:
        """The stream, then its show; ConfigError (stream or show refused) stops both."""
        from studio.media.encoder import EncoderError

        try:
            session = LiveSession(self.config)
            session.output_status.connect(self.output_status.emit)
            session.engine.picture_problem.connect(self._on_picture_problem)
            session.engine.guard_changed.connect(self._on_guard_changed)
            session.start()
        except (ConfigError, EncoderError, RuntimeError) as exc:
            if self.run is not None:
                self.run.abandon()
            self._end_generated()
            raise ConfigError(redact_message(said(exc), self.config.secrets())) from None
        self.session = session
        for notice in session.notices:
            self.say(notice)
        if self.run is not None:
            try:
                self.run.start(session)
            except ConfigError:
                session.stop()
                self.run.abandon()
                self._end_generated()
                self.session = None
                raise

    def _on_picture_problem(self, message: Message) -> None:  # the video thread
        self.say(message)
        self.picture_problem.emit(message)

    def _on_guard_changed(self, message: Message) -> None:  # the encoder thread
        self.say(message)
        self.guard_changed.emit(message)

    def tick(self) -> None:
        """The CLI's scheduled link-ups (--link-up-at), from its loop."""
        if self.run is not None and self.run.show is not None:
            self.run.tick()

    @property
    def busy(self) -> bool:
        return self.run is not None and self.run.busy

    def stats(self) -> StreamStats | None:
        session = self.session
        return session.stats() if session is not None else None

    def stop(self) -> Ended:
        """Stop the stream, end the show, write the report; safe to call once."""
        session = self.session
        if self._stopped or session is None:
            return Ended(None, None, None)
        self._stopped = True
        final = session.stats()
        session.stop()
        self._end_generated()
        final = final.with_outputs(session.final_output_stats())
        report = None
        page = None
        if self.run is not None:
            report = self.run.finish(final)
            if self.run.plan.report is not None:
                page = report_paths(self.run.plan.report)[-1]
        return Ended(final, report, page)
