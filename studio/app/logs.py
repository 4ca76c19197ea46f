"""Logging for the CLI and the window: every line redacted of stream keys and tokens.

Known secrets are removed value by value (the keys of the destinations in use are added as
the stream starts), and anything shaped like a key in a push URL is masked as well.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from pathlib import Path

from studio.core.destination import redact

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RedactingFilter(logging.Filter):
    """Strips stream keys (and anything shaped like one) from every log line."""

    def __init__(self, secrets: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.secrets = secrets

    def add(self, secrets: tuple[str, ...]) -> None:
        self.secrets = tuple(dict.fromkeys((*self.secrets, *secrets)))

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg = redact(message, self.secrets)
        record.args = None
        if record.exc_info:
            text = "".join(traceback.format_exception(*record.exc_info))
            record.msg = f"{record.msg}\n{redact(text, self.secrets)}"
            record.exc_info = None
            record.exc_text = None
        return True


_redactor = RedactingFilter()
_ours: list[logging.Handler] = []  # what setup_logging installed, closed when replaced


def add_secrets(secrets: tuple[str, ...]) -> None:
    """Keys about to be used (a go-live): from now on they never reach a log line."""
    _redactor.add(secrets)


def setup_logging(
    verbose: bool, secrets: tuple[str, ...] = (), log_file: Path | None = None
) -> RedactingFilter:
    """stderr, and optionally a rotating file (the window's, for support), both redacted."""
    _redactor.secrets = ()
    _redactor.add(secrets)
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(
            logging.handlers.RotatingFileHandler(
                log_file, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
            )
        )
    for handler in handlers:
        handler.setFormatter(logging.Formatter(FORMAT))
        handler.addFilter(_redactor)
    root = logging.getLogger()
    for old in _ours:
        old.close()
    _ours[:] = handlers
    root.handlers[:] = handlers
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    logging.getLogger("httpx").setLevel(logging.DEBUG if verbose else logging.WARNING)
    return _redactor
