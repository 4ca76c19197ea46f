"""Opening the show journal, with advice when it cannot be opened.

A journal that is damaged (or not a journal at all) never blocks a new show: it is moved
aside with a time stamp, kept for whoever wants to look at it, and a new one is started; the
host is told where the old one went. Resuming needs the old one, so `--resume` says what is
wrong and how to fix it instead. A data folder that is read-only is said in words, with the
way out (another folder through STUDIO_DATA_DIR).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from studio.core.messages import Message, advice, reason
from studio.storage.journal import Journal, JournalError

log = logging.getLogger(__name__)


def describe_journal_error(exc: JournalError) -> Message:
    """The error with what to do, worded where it is shown (in that place's language)."""
    return Message(
        "journal.open_failed",
        {
            "path": str(exc.path or ""),
            "reason": reason(exc.reason),
            "advice": advice(exc.reason),
        },
    )


def open_journal(
    path: Path, for_resume: bool = False, say: Callable[[Message], None] = print
) -> Journal:
    """The journal at `path`; a damaged one is moved aside for a new show (not to resume).

    Raises ConfigError (from studio.app.live) with advice when it cannot be opened.
    """
    from studio.app.errors import ConfigError

    try:
        return Journal(path)
    except JournalError as exc:
        if exc.reason != "not_a_database" or for_resume:
            raise ConfigError(describe_journal_error(exc)) from None
        moved = path.with_name(f"{path.stem}.damaged-{time.strftime('%Y%m%d-%H%M%S')}{path.suffix}")
        try:
            path.rename(moved)
            for extra in ("-wal", "-shm"):
                side = path.with_name(path.name + extra)
                if side.exists():
                    side.rename(moved.with_name(moved.name + extra))
        except OSError as err:
            log.error("could not move the damaged journal aside: %s", err)
            raise ConfigError(describe_journal_error(exc)) from None
        say(Message("journal.moved_aside", {"path": str(path), "moved": str(moved)}))
        try:
            return Journal(path)
        except JournalError as again:
            raise ConfigError(describe_journal_error(again)) from None
