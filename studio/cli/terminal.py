"""What every command shares: the argparse types that say what is wrong in words, and the
terminal's output (errors on stderr in the system's language, no control characters)."""

from __future__ import annotations

import argparse
import logging
import math
import sys
from collections.abc import Callable
from typing import Any

from studio.core.messages import Message, render, said

log = logging.getLogger("studio")

# what `build_parser` hands each command's `add_parser`
Subcommands = argparse._SubParsersAction


def ranged(kind: type, low: float, high: float, what: str) -> Callable[[str], Any]:
    """An argparse type: a finite number within [low, high], or a message that says so."""

    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            detail = {"what": what, "got": text[:20]}
            raise argparse.ArgumentTypeError(str(Message("cli.not_a_number", detail))) from None
        if not (math.isfinite(value) and low <= value <= high):
            detail = {"what": what, "low": f"{low:g}", "high": f"{high:g}", "got": text[:20]}
            raise argparse.ArgumentTypeError(str(Message("cli.out_of_range", detail)))
        return value

    return parse


def canvas(text: str) -> tuple[int, int]:
    try:
        w, h = (int(x) for x in text.lower().split("x"))
    except ValueError:
        detail = {"got": text[:20]}
        raise argparse.ArgumentTypeError(str(Message("cli.bad_canvas", detail))) from None
    return w, h


def fail(what: BaseException | Message | str) -> None:
    """An error for the terminal, in the system's language, without control characters: an
    error's message is worded here, at the edge, and nowhere before."""
    if isinstance(what, BaseException):
        what = said(what)
    print(printable(render(Message("cli.error", {"what": what}))), file=sys.stderr)


def printable(text: str) -> str:
    """A line for the terminal without control characters (a product name from a sheet may
    carry escape sequences)."""
    return "".join(c if c.isprintable() or c in "\t" else " " for c in text)


def url_secrets(url: str) -> list[str]:
    """A playback URL's query values (a play signature): never printed or logged."""
    from urllib.parse import parse_qsl, urlsplit

    try:
        query = urlsplit(url).query
    except ValueError:  # not a URL ("http://[::1"): said by the command that reads it
        return []
    return [v for _, v in parse_qsl(query) if len(v) >= 6]
