"""The names a stream goes by, the same from the CLI and the window: in the show's language,
never the process's, with the time to the second."""

from __future__ import annotations

import re
from pathlib import Path

from studio.app.show_names import ShowNames
from studio.core.messages import current_language, set_language


def test_an_untitled_show_says_what_and_when_in_its_own_language() -> None:
    before = current_language()
    set_language("en")  # the process speaks English; the show is in Chinese
    try:
        names = ShowNames.now(False, "zh")
        assert re.fullmatch(r"直播 \d\d-\d\d \d\d:\d\d", names.title())
        assert re.fullmatch(r"直播-\d{8}-\d{6}\.mkv", names.recording_name)
        rehearsal = ShowNames.now(True, "en")
        assert rehearsal.title().startswith("Rehearsal ")
        assert rehearsal.report(Path("reports")).parent.name.startswith("Rehearsal-")
    finally:
        set_language(before)


def test_a_given_title_is_kept_as_the_host_wrote_it() -> None:
    names = ShowNames.now(False, "zh")
    assert names.title("  赣南脐橙专场 ") == "赣南脐橙专场"
    assert names.title("   ") == names.title()
