"""The console tests drive a real headless Chromium (Debian's `chromium`) over CDP against the
local console doubles (tests/support/console_pages)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from studio.console.browser import find_browser
from tests.support.console_pages import ConsoleDouble


@pytest.fixture
def double() -> Iterator[ConsoleDouble]:
    if find_browser() is None:
        pytest.fail("no Chromium-family browser: install the `chromium` package (.ci/run does)")
    server = ConsoleDouble().start()
    try:
        yield server
    finally:
        server.stop()
