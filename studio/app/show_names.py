"""The names a stream goes by, made in one place for the CLI and the window.

Both gather their inputs (the CLI's flags, the window's choices) into one `HostChoices`
that `host_choices.plan_stream` makes into `LiveConfig` and `ShowPlan`; what they used to name
differently is made here: the show's kind word (直播 /
彩排), its title when none was given ("直播 12-05 20:30": what and when, so a list of shows on
the platform and in the journal tells them apart) and its files (`直播-20261205-203107.mkv`,
the report's folder beside it). Everything is in the show's language (the window's, or
`--language`), not whatever the process happens to speak, and the time stamp has seconds:
two streams started in the same minute never share a file.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from studio.core.messages import Message, render

STAMP = "%Y%m%d-%H%M%S"


@dataclass(frozen=True)
class ShowNames:
    """The kind word and the start time of one stream, and the names made from them."""

    kind: str  # 直播 | 彩排 | Live | Rehearsal
    stamp: str  # 20261205-203107
    when: str  # 12-05 20:31, for a title

    @classmethod
    def now(cls, rehearsal: bool, language: str) -> ShowNames:
        code = "live.kind_rehearsal" if rehearsal else "live.kind_live"
        return cls(
            render(Message(code), language), time.strftime(STAMP), time.strftime("%m-%d %H:%M")
        )

    def title(self, given: str = "") -> str:
        """The title the host gave, or what and when."""
        return given.strip() or f"{self.kind} {self.when}"

    @property
    def recording_name(self) -> str:
        return f"{self.kind}-{self.stamp}.mkv"

    def report(self, folder: Path) -> Path:
        """The report's JSON in its own folder (its .csv, .html and the clips beside it)."""
        return folder / f"{self.kind}-{self.stamp}" / "report.json"
