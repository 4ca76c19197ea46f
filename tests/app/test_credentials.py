"""Platform tokens live in the keyring only: stored by `studio token`, used, never written."""

from __future__ import annotations

import argparse
import io
import logging
import os
import subprocess
import sys
from pathlib import Path

import keyring
import pytest

from studio import credentials
from studio.app.show import ShowSettings
from studio.app.showrun import ShowPlan, ShowRun
from studio.cli.cmd_token import cmd_token
from studio.core.rundown import LinkUpState
from studio.rehearsal.server import RehearsalServer
from tests.support.servers import wait_for

TOKEN = "shop-token-Zq81xW"


def test_store_load_forget() -> None:
    assert credentials.load("platform", "https://shop.example") is None
    credentials.store("platform", "https://shop.example", TOKEN)
    secret = credentials.load("platform", "https://shop.example")
    assert secret is not None and secret.reveal() == TOKEN
    assert TOKEN not in f"{secret} {secret!r}"
    assert credentials.forget("platform", "https://shop.example")
    assert not credentials.forget("platform", "https://shop.example")


def test_a_missing_keyring_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    from keyring.backends import fail

    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    keyring.set_keyring(fail.Keyring())
    with pytest.raises(credentials.CredentialError, match="钥匙串"):
        credentials.store("platform", "x", "y")


def test_a_show_against_an_http_platform_uses_the_keyring_token_and_never_writes_it(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    catalog = tmp_path / "c.csv"
    catalog.write_text("商品名称,直播价\n脐橙,19.9\n", encoding="utf-8")
    with RehearsalServer(token=TOKEN) as server:
        monkeypatch.setattr("sys.stdin", io.StringIO(TOKEN + "\n"))
        # the command itself, without main(): main() installs a log handler on this
        # test's captured stderr, which later tests would then write to after it closed
        assert cmd_token(argparse.Namespace(action="set", url=server.url + "/a/path")) == 0
        assert "钥匙串" in capsys.readouterr().out
        report = tmp_path / "r.json"
        plan = ShowPlan(
            catalog=catalog,
            platform=server.url,
            report=report,
            settings=ShowSettings(countdown_s=0),
        )
        run = ShowRun(plan, say=lambda _: None)
        run.prepare()
        run.start(None)
        assert run.show is not None
        run.show.advance()
        link = run.show.link_up()
        wait_for(lambda: run.show.latest(link).state is LinkUpState.LISTED)
        run.finish()
        assert run.show.latest(link).platform_received_at is not None  # the token was accepted
    written = [p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()]
    data_dir = Path(__import__("os").environ["STUDIO_DATA_DIR"])
    written += [p.read_bytes() for p in data_dir.rglob("*") if p.is_file()]
    assert written and not [w for w in written if TOKEN.encode() in w]
    assert TOKEN not in caplog.text


@pytest.mark.parametrize(
    "backend",
    [
        "keyring.backends.fail.Keyring",  # what keyring picks on a machine with no keyring
        "keyring.backends.null.Keyring",  # one that takes the secret and forgets it
    ],
)
def test_token_set_without_a_keyring_says_so_and_keeps_nothing(backend: str) -> None:
    """A separate process with no test backend at all: the studio as a merchant runs it."""
    from tests.support.cli import run_studio, studio_env

    env = studio_env(PYTHON_KEYRING_BACKEND=backend)
    result = subprocess.run(
        [sys.executable, "-m", "studio", "token", "set", "https://shop.example"],
        input=TOKEN + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "钥匙串" in result.stderr and "已保存" not in result.stdout
    assert TOKEN not in result.stdout + result.stderr
    if backend.endswith("fail.Keyring"):
        forgotten = run_studio("token", "forget", "https://shop.example", env=env)
        assert forgotten.returncode == 2 and "钥匙串" in forgotten.stderr


def test_the_package_registers_no_keyring_backend() -> None:
    """Importing the studio leaves keyring's choice to the OS: no backend of ours is viable."""
    code = (
        "import studio.credentials, studio.app.destinations, keyring.backend as b;"
        "print(sorted(c.__module__ for c in b.KeyringBackend._classes"
        " if c.__module__.startswith(('studio', 'tests'))))"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHON_KEYRING_BACKEND"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_a_keyring_that_forgets_is_not_called_saved(monkeypatch: pytest.MonkeyPatch) -> None:
    from keyring.backends import null

    keyring.set_keyring(null.Keyring())
    with pytest.raises(credentials.CredentialError, match="钥匙串"):
        credentials.store("stream-key", "d1", "live_abc")
    assert not credentials.available() or credentials.load("stream-key", "d1") is None


@pytest.mark.parametrize("backend", ["", "nodot", "no.such.Keyring"])
def test_a_keyring_setting_that_names_nothing_is_said_in_words(backend: str) -> None:
    """PYTHON_KEYRING_BACKEND empty or naming nothing: keyring's import error would end
    `studio token set` with a traceback; the setting is named instead, and how to fix it."""
    from tests.support.cli import studio_env

    result = subprocess.run(
        [sys.executable, "-m", "studio", "token", "set", "https://shop.example"],
        input=TOKEN + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        env=studio_env(PYTHON_KEYRING_BACKEND=backend),
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "PYTHON_KEYRING_BACKEND" in result.stderr and "钥匙串" in result.stderr
    assert "Traceback" not in result.stderr and TOKEN not in result.stdout + result.stderr
