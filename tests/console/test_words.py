"""What the host reads when the browser or the console page cannot be used: worded in the
host's language (no English reason inside a Chinese sentence), saying what to do. These need
no real browser: a program that exits at once, a file that may not run, a closed port."""

from __future__ import annotations

import asyncio
import os
import re
from pathlib import Path

import pytest

from studio.console.browser import Browser, BrowserError
from studio.console.cdp import Cdp, CdpError
from studio.console.page import net_error
from studio.core.messages import Message, render
from tests.support.cli import run_studio, studio_env
from tests.support.servers import free_port

ENGLISH = re.compile(r"[A-Za-z]{4,}")  # an English word (names such as ERR_ aside)


def _chinese_only(words: str, allowed: tuple[str, ...] = ()) -> None:
    for name in ("STUDIO_BROWSER", "STUDIO_CONSOLE_URL", "studio console login", *allowed):
        words = words.replace(name, "")
    assert not ENGLISH.search(words), words


def _refusal(profile: Path, executable: Path, headless: bool = True) -> BrowserError:
    async def go() -> BrowserError:
        try:
            await Browser.launch(profile, headless=headless, executable=executable, timeout_s=5)
        except BrowserError as exc:
            return exc
        raise AssertionError("it started")

    return asyncio.run(go())


def test_a_browser_that_quits_or_may_not_run_is_said_in_words(tmp_path: Path) -> None:
    quits = tmp_path / "quits"
    quits.write_text("#!/bin/sh\nexit 0\n", "utf-8")
    quits.chmod(0o755)
    exited = _refusal(tmp_path / "p1", quits)
    zh = render(exited.message, "zh")
    assert "浏览器一启动就退出了（退出码 0）" in zh and "STUDIO_BROWSER" in zh
    _chinese_only(zh)
    assert "quit as it started (exit code 0)" in render(exited.message, "en")

    locked = tmp_path / "a-folder"  # not runnable even by root (a file's mode is, for root)
    locked.mkdir()
    denied = render(_refusal(tmp_path / "p2", locked).message, "zh")
    assert "没有运行它的权限" in denied
    _chinese_only(denied, (str(locked),))


def test_a_browser_that_quits_leaving_its_own_lock_is_not_said_as_already_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A windowed browser with no desktop exits at once and leaves its own SingletonLock: it
    was said as "the studio's browser window is already open". A lock held by another running
    browser still is."""
    quits = tmp_path / "quits"
    quits.write_text(
        "#!/bin/sh\n"
        'for a; do case "$a" in --user-data-dir=*) ln -s "host-$$" "${a#*=}/SingletonLock";;'
        " esac; done\nexit 1\n"
    )
    quits.chmod(0o755)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("STUDIO_BROWSER_HEADLESS", raising=False)
    alone = _refusal(tmp_path / "p1", quits, headless=False)
    assert (tmp_path / "p1" / "SingletonLock").is_symlink()  # its own, left behind
    assert not alone.in_use
    zh = render(alone.message, "zh")
    assert "没有图形桌面可以显示浏览器窗口" in zh
    _chinese_only(zh)

    held = tmp_path / "p2"
    held.mkdir()
    (held / "SingletonLock").symlink_to(f"host-{os.getpid()}")  # a running process holds it
    still = tmp_path / "still"
    still.write_text("#!/bin/sh\nexit 21\n")
    still.chmod(0o755)
    assert _refusal(held, still, headless=False).in_use


def test_a_browser_that_does_not_answer_is_said_in_words() -> None:
    async def go() -> CdpError:
        try:
            await Cdp.connect(f"ws://127.0.0.1:{free_port()}/devtools/browser/x", timeout_s=2)
        except CdpError as exc:
            return exc
        raise AssertionError("connected")

    zh = render(asyncio.run(go()).message, "zh")
    assert "连不上浏览器" in zh
    _chinese_only(zh)


@pytest.mark.parametrize(
    ("error", "zh", "en"),
    [
        ("net::ERR_CONNECTION_REFUSED", "连接被拒绝", "connection was refused"),
        ("net::ERR_NAME_NOT_RESOLVED", "找不到这个网址的服务器", "no server found"),
        ("net::ERR_INTERNET_DISCONNECTED", "电脑没有联网", "offline"),
        ("net::ERR_CERT_DATE_INVALID", "安全证书有问题", "certificate"),
        ("Cannot navigate to invalid URL", "网址无效", "not valid"),
        ("net::ERR_BLOCKED_BY_CLIENT", "网络错误（ERR_BLOCKED_BY_CLIENT）", "network error"),
    ],
)
def test_the_browsers_net_errors_are_worded(error: str, zh: str, en: str) -> None:
    page = Message("browser.page_failed", {"url": "http://127.0.0.1:9/", "why": net_error(error)})
    assert zh in render(page, "zh") and en in render(page, "en")
    assert "net::" not in render(page, "zh")


def test_console_login_says_what_to_do_and_no_english_log_line(tmp_path: Path) -> None:
    """No show runs at a login: the words say what to do next, not 本场…手动点击; the
    studio's own log lines (browser started, pid) are not in the output."""
    quits = tmp_path / "quits"
    quits.write_text("#!/bin/sh\nexit 0\n", "utf-8")
    quits.chmod(0o755)
    env = studio_env(
        STUDIO_BROWSER=str(quits),
        STUDIO_BROWSER_HEADLESS="1",
        STUDIO_DATA_DIR=str(tmp_path / "data"),
        LANG="zh_CN.UTF-8",
        LC_ALL="zh_CN.UTF-8",
    )
    result = run_studio("console", "login", "douyin", "--wait", "20", env=env, timeout=60)
    assert result.returncode == 2, result.stdout + result.stderr
    said = result.stdout + result.stderr
    assert "抖店中控台打不开，没能登录：浏览器一启动就退出了（退出码 0）" in said
    assert "解决后再运行 studio console login douyin" in said
    assert "本场" not in said and "pid" not in said and "Traceback" not in said


def test_console_login_names_a_bad_address_setting_not_the_description(tmp_path: Path) -> None:
    env = studio_env(
        STUDIO_CONSOLE_URL="ftp://127.0.0.1/x",
        STUDIO_DATA_DIR=str(tmp_path / "data"),
        LANG="zh_CN.UTF-8",
        LC_ALL="zh_CN.UTF-8",
    )
    result = run_studio("console", "login", "douyin", env=env, timeout=60)
    assert result.returncode == 2
    assert "环境变量 STUDIO_CONSOLE_URL（ftp://127.0.0.1/x）不是" in result.stderr
    assert "说明文件" not in result.stderr and "本场" not in result.stderr


@pytest.mark.parametrize("name", ["douyin", "console:douyin", "console:kuaishou"])
def test_a_token_for_a_console_is_answered_with_the_login(tmp_path: Path, name: str) -> None:
    env = studio_env(STUDIO_DATA_DIR=str(tmp_path), LANG="zh_CN.UTF-8", LC_ALL="zh_CN.UTF-8")
    result = run_studio("token", "set", name, env=env, timeout=60)
    assert result.returncode == 2
    platform = name.removeprefix("console:")
    assert "不需要令牌" in result.stderr, result.stderr
    assert f"studio console login {platform}" in result.stderr
    assert "不是有效的网址" not in result.stderr


def test_a_console_platform_without_a_name_says_which_there_are(tmp_path: Path) -> None:
    sheet = tmp_path / "货单.csv"
    sheet.write_text("商品名称,原价,直播价,库存\n苹果,10,8,5\n", "utf-8")
    env = studio_env(STUDIO_DATA_DIR=str(tmp_path), LANG="zh_CN.UTF-8", LC_ALL="zh_CN.UTF-8")
    result = run_studio("catalog", str(sheet), "--platform", "console", env=env, timeout=60)
    assert result.returncode == 2
    assert "没写是哪个中控台：请写 console:douyin" in result.stderr, result.stderr
    assert "''" not in result.stderr


def test_the_login_wait_is_said_in_the_unit_given() -> None:
    from studio.app.console import wait_words

    assert render(wait_words(20), "zh") == "20 秒"
    assert render(wait_words(300), "zh") == "5 分钟"
    assert render(wait_words(90), "en") == "90 seconds"


def test_a_login_from_the_window_says_to_click_again_not_a_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studio.app.console import console_login
    from studio.app.errors import ConfigError

    quits = tmp_path / "quits"
    quits.write_text("#!/bin/sh\nexit 0\n", "utf-8")
    quits.chmod(0o755)
    monkeypatch.setenv("STUDIO_BROWSER", str(quits))
    monkeypatch.setenv("STUDIO_BROWSER_HEADLESS", "1")
    with pytest.raises(ConfigError) as refused:
        console_login("douyin", lambda _m: None, 5, again=Message("console.again_window"))
    zh = render(refused.value.message, "zh")
    assert zh.endswith("解决后再点一次登录按钮") and "studio console" not in zh
    assert "click the log-in button again" in render(refused.value.message, "en")
