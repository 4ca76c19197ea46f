"""Shared fixtures: offscreen Qt, real ingest servers on free loopback ports, always stopped."""

from __future__ import annotations

import gc
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.display import XvfbDisplay
from tests.support.servers import (
    FfmpegIngest,
    NginxRtmp,
    PulseServer,
    free_port,
    nginx_binary,
    nginx_rtmp_module,
)

# fixtures of tests/support modules, for every test that names them
pytest_plugins = ["tests.support.tiny_platform"]

# A test that takes one of these (or is marked `nginx`) starts a real ingest and streams to
# it: tens of seconds,
# so it is `slow` (left out of `uv run pytest -m "not slow"`, the tier run before a commit)
# without anyone having to remember the mark. The fixtures it reaches through other fixtures
# count too.
SLOW_FIXTURES = frozenset({"nginx", "nginx_with_key", "ffmpeg_ingest"})


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if SLOW_FIXTURES.intersection(fixtures) or item.get_closest_marker("nginx"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True, scope="session")
def _qt_app(qapp: object) -> object:
    """Overlay text is rendered with QtGui, which needs an application object."""
    return qapp


@pytest.fixture(autouse=True)
def _private_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test gets its own data directory and an in-memory keyring, never the real ones.

    Studio processes a test starts inherit both through the environment.
    """
    import keyring

    from studio.core import messages
    from tests.support.memory_keyring import MemoryKeyring

    monkeypatch.setenv("STUDIO_DATA_DIR", str(tmp_path / "studio-data"))
    # one language for words the tests read: the system's as a bare machine has it (C:
    # the studio's own, Chinese); tests of another language set it themselves
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setattr(messages, "_language", None)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "tests.support.memory_keyring.MemoryKeyring")
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    yield
    keyring.set_keyring(previous)
    # a socket or file a test left unclosed is reported here, against the test that left it,
    # instead of at whichever later test's collection finds it (a stream's start collects)
    gc.collect()


@pytest.fixture
def ffmpeg_ingest(tmp_path: Path) -> Iterator[FfmpegIngest]:
    ingest = FfmpegIngest(port=free_port(), workdir=tmp_path)
    ingest.start()
    try:
        yield ingest
    finally:
        ingest.stop()


def _require_nginx() -> None:
    if not (nginx_binary() and nginx_rtmp_module()):
        pytest.fail(
            "nginx with the RTMP module is missing: apt-get install nginx libnginx-mod-rtmp "
            "(.ci/run installs it)"
        )


def _nginx(workdir: Path, allowed_key: str = "") -> Iterator[NginxRtmp]:
    _require_nginx()
    server = NginxRtmp(workdir=workdir, allowed_key=allowed_key)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def nginx(tmp_path: Path) -> Iterator[NginxRtmp]:
    yield from _nginx(tmp_path / "nginx")


@pytest.fixture
def nginx_with_key(tmp_path: Path) -> Iterator[NginxRtmp]:
    """Only the key "right-key-123" may publish (an on_publish check, as platforms do)."""
    yield from _nginx(tmp_path / "nginx-auth", allowed_key="right-key-123")


@pytest.fixture
def xvfb() -> Iterator[XvfbDisplay]:
    display = XvfbDisplay()
    display.start()
    try:
        yield display
    finally:
        display.stop()


@pytest.fixture
def pulse(tmp_path: Path) -> Iterator[PulseServer]:
    server = PulseServer(workdir=tmp_path / "pulse")
    server.start()
    try:
        yield server
    finally:
        server.stop()
