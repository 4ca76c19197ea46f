"""The console driver against each console's double, in a real headless Chromium."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import stat
import subprocess
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import pytest

from studio.console.browser import Browser, BrowserError, find_browser
from studio.console.descriptions import PLATFORMS, SpecError, load_spec, shipped_dir
from studio.console.driver import ConsoleDriver
from studio.core.messages import render
from tests.support.console_pages import ConsoleDouble
from tests.support.servers import wait_for

T = TypeVar("T")
EGGS = "3601000002"


def drive(
    double: ConsoleDouble,
    platform: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    work: Callable[[ConsoleDriver], Awaitable[T]],
) -> T:
    """Open `platform`'s double in a studio-owned headless browser, run `work`, close."""
    monkeypatch.setenv("STUDIO_CONSOLE_URL", double.url(platform))
    driver = ConsoleDriver(load_spec(platform), tmp_path / "profile", headless=True)

    async def go() -> T:
        try:
            await driver.open()
            return await work(driver)
        finally:
            await driver.close()

    return asyncio.run(asyncio.wait_for(go(), 60))


@pytest.mark.parametrize("platform", PLATFORMS)
def test_each_console_is_read_and_its_explain_clicked_as_a_person_would(
    double: ConsoleDouble, platform: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def work(driver: ConsoleDriver) -> None:
        state = await driver.state()
        assert state.logged_in and state.live and state.goods_list
        assert state.account == "某某农场"
        assert [g.id for g in state.goods] == ["3601000001", EGGS, "3601000003"]
        assert state.goods[1].title == "农家土鸡蛋 30枚"
        clicked = await driver.press(EGGS, "", "stop", 2.0)
        assert clicked.outcome == "confirmed"
        assert clicked.confirmed_at is not None and clicked.clicked_at is not None
        assert [g.state for g in (await driver.state()).goods] == ["explain", "stop", "explain"]
        # by title (a sheet without goods ids), back to 讲解
        assert (await driver.press("", "农家土鸡蛋", "explain", 2.0)).outcome == "confirmed"

    drive(double, platform, tmp_path, monkeypatch, work)
    wait_for(lambda: len(double.clicks) >= 2, 10, "the page's report of the clicks")
    assert [c["trusted"] for c in double.clicks] == [True, True]  # the page saw a person's click


def test_a_product_already_in_explain_is_not_clicked_again(
    double: ConsoleDouble, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    double.set(explaining=EGGS)

    async def work(driver: ConsoleDriver) -> str:
        return (await driver.press(EGGS, "", "stop", 2.0)).outcome

    assert drive(double, "douyin", tmp_path, monkeypatch, work) == "already"
    assert double.clicks == []


def test_a_slow_console_is_unconfirmed_after_the_wait_and_a_missing_product_is_said(
    double: ConsoleDouble, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    double.set(slow_ms=2500, missing="3601000003")

    async def work(driver: ConsoleDriver) -> tuple[str, str]:
        missing = (await driver.press("3601000003", "", "stop", 2.0)).outcome
        return missing, (await driver.press(EGGS, "", "stop", 2.0)).outcome

    assert drive(double, "kuaishou", tmp_path, monkeypatch, work) == ("missing", "unconfirmed")


def test_a_login_page_and_a_changed_console_are_told_apart(
    double: ConsoleDouble, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    double.set(logged_in=False)

    async def work(driver: ConsoleDriver) -> tuple[bool, bool]:
        logged_out = await driver.state()
        double.set(logged_in=True, changed=True)
        double.reload()
        await asyncio.wait_for(_until_loaded(driver), 10)
        changed = await driver.state()
        return logged_out.logged_in, changed.logged_in and not changed.goods_list

    assert drive(double, "taobao", tmp_path, monkeypatch, work) == (False, True)


async def _until_loaded(driver: ConsoleDriver) -> None:
    assert driver.page is not None
    loads = driver.page.loads
    while driver.page.loads == loads:
        driver.page.loaded.clear()
        await driver.page.loaded.wait()


def test_comments_arrive_as_text_bounded_hostile_ones_too(
    double: ConsoleDouble, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hostile = [
        ("<b>x</b>", '<img src=x onerror="window.pwned=1">'),
        ("\u202eمرحبا", "RTL \u202e文字"),
        ("长评", "长" * 10_000),
    ]

    async def work(driver: ConsoleDriver) -> tuple[list[tuple[str, str, str]], object]:
        double.comments(hostile)
        got = [await asyncio.wait_for(driver.comments.queue.get(), 10) for _ in hostile]
        assert driver.page is not None
        return got, await driver.page.evaluate("window.pwned === undefined")

    got, safe = drive(double, "douyin", tmp_path, monkeypatch, work)
    assert [(u, t[:40]) for _, u, t in got[:2]] == [(u, t) for u, t in hostile[:2]]
    assert len(got[2][2]) == 500  # cut, not dropped
    assert safe is True
    assert len({k for k, _, _ in got}) == 3


def test_a_comment_flood_is_bounded(
    double: ConsoleDouble, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def work(driver: ConsoleDriver) -> tuple[int, int]:
        double.flood(2000)
        comments = driver.comments
        while comments.queue.qsize() + comments.dropped < 2000:
            await asyncio.sleep(0.05)
        return comments.queue.qsize(), comments.dropped

    kept, dropped = drive(double, "channels", tmp_path, monkeypatch, work)
    # the page sends at most 200 a batch, the studio keeps at most 500: the rest are counted
    assert 0 < kept <= 500 and kept + dropped == 2000


def test_a_flood_of_long_comments_is_bounded_and_every_one_dropped_counted(
    double: ConsoleDouble, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """150 comments of 500 characters in one go are more than one batch the page may send
    (64 K): what does not fit is dropped in the page and counted, never lost unsaid."""

    async def work(driver: ConsoleDriver) -> tuple[int, int]:
        double.comments([(f"观众{i}", "长" * 500) for i in range(150)])
        comments = driver.comments
        while comments.queue.qsize() + comments.dropped < 150:
            await asyncio.sleep(0.05)
        return comments.queue.qsize(), comments.dropped

    kept, dropped = drive(double, "douyin", tmp_path, monkeypatch, work)
    assert kept > 0 and dropped > 0 and kept + dropped == 150


def test_a_broken_selector_or_pattern_in_a_drop_in_is_said_as_the_descriptions_mistake(
    double: ConsoleDouble, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """div[[[ or an unclosed ( were seen as a console "not logged in": the page tries each
    selector and pattern once and names the entry."""
    monkeypatch.setenv("STUDIO_CONSOLE_URL", double.url("douyin"))
    drop_in = tmp_path / "consoles"
    drop_in.mkdir()
    data = json.loads((shipped_dir() / "douyin.json").read_text("utf-8"))
    data["version"] = "2999-01-01"
    data["goods_item"]["selector"] = "div[[["
    (drop_in / "douyin.json").write_text(json.dumps(data), "utf-8")

    async def refused() -> SpecError:
        driver = ConsoleDriver(load_spec("douyin", drop_in), tmp_path / "profile", headless=True)
        try:
            await driver.open()
        except SpecError as exc:
            assert driver.browser is None  # closed at once
            return exc
        finally:
            await driver.close()
        raise AssertionError("the broken selector was not found")

    words = render(asyncio.run(asyncio.wait_for(refused(), 60)).message, "zh")
    assert "goods_item 的选择器写错了（div[[[）" in words
    data["goods_item"]["selector"] = ".goods-item"
    data["goods_id"]["pattern"] = "ID(("
    (drop_in / "douyin.json").write_text(json.dumps(data), "utf-8")
    words = render(asyncio.run(asyncio.wait_for(refused(), 60)).message, "zh")
    assert "goods_id 的 pattern 写错了（ID((）" in words


def test_the_profile_is_the_owners_alone_and_the_browser_stops_by_its_group(
    tmp_path: Path,
) -> None:
    profile = tmp_path / "profile"

    async def go() -> int:
        browser = await Browser.launch(profile, headless=True)
        pid = browser.process.pid
        assert os.getpgid(pid) == pid  # its own group: stopped without touching others
        await browser.stop()
        return pid

    pid = asyncio.run(asyncio.wait_for(go(), 60))
    assert stat.S_IMODE(profile.stat().st_mode) == 0o700
    wait_for(lambda: not live_in_group(pid), 10, "the browser's process group to end")


def live_in_group(pgid: int) -> list[int]:
    """Processes of group `pgid` still running (zombies waiting for a reaper are not)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(int(entry.name))
    return alive


def test_the_browser_is_found_by_studio_browser_or_said_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "edge"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    assert find_browser({"STUDIO_BROWSER": str(fake)}) == fake
    assert find_browser({"STUDIO_BROWSER": str(tmp_path / "none")}) is None
    monkeypatch.setenv("STUDIO_BROWSER", str(tmp_path / "none"))
    with pytest.raises(BrowserError) as caught:
        asyncio.run(Browser.launch(tmp_path / "p", headless=True))
    assert caught.value.missing


def test_a_browser_left_running_by_a_crashed_studio_is_adopted_then_stopped(
    tmp_path: Path,
) -> None:
    profile = tmp_path / "profile"

    async def go() -> tuple[int, bool]:
        left = await Browser.launch(profile, headless=True)
        assert left.process is not None
        await left.cdp.close()  # the studio died: its browser (own group) runs on
        again = await Browser.launch(profile, headless=True)
        adopted = again.process is None and again.running
        await again.stop()
        await asyncio.wait_for(left.process.wait(), 15)  # ended by the adopter's close
        return left.process.pid, adopted

    pid, adopted = asyncio.run(asyncio.wait_for(go(), 60))
    assert adopted
    wait_for(lambda: not live_in_group(pid), 15, "the adopted browser to end")


def test_a_profile_open_in_a_browser_without_devtools_is_said_as_such(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    path = find_browser()
    assert path is not None
    other = subprocess.Popen(
        [str(path), "--headless=new", "--no-sandbox", f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for(lambda: (profile / "SingletonLock").is_symlink(), 20, "the other browser")
        with pytest.raises(BrowserError) as caught:
            asyncio.run(asyncio.wait_for(Browser.launch(profile, headless=True), 60))
        assert caught.value.in_use
    finally:
        os.killpg(other.pid, signal.SIGTERM)
        other.wait(10)


LOOK_ALIKES = [
    {"id": "3601000011", "title": "苹果", "index": 1},
    {"id": "3601000012", "title": "红富士苹果 10斤装", "index": 2},
    {"id": "3601000013", "title": "【产地直发】赣南脐橙 5斤装", "index": 3},
    {"id": "3601000014", "title": "赣南脐橙 10斤装", "index": 4},
]


def test_by_name_only_the_one_goods_of_that_name_is_clicked_never_a_look_alike(
    double: ConsoleDouble, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sheet without goods ids: 红富士苹果 5斤 is not the console's 苹果 (a short title
    inside a longer name), and 赣南脐橙 is two console goods: neither is clicked. A longer
    console title that holds the sheet's whole name, alone, is the product."""
    double.set(goods=LOOK_ALIKES)

    async def work(driver: ConsoleDriver) -> list[str]:
        return [
            (await driver.press("", name, "stop", 2.0)).outcome
            for name in ("红富士苹果 5斤", "赣南脐橙", "赣南脐橙 5斤装", "苹果")
        ]

    outcomes = drive(double, "douyin", tmp_path, monkeypatch, work)
    assert outcomes == ["missing", "missing", "confirmed", "confirmed"]
    wait_for(lambda: len(double.clicks) >= 2, 10, "the page's report of the clicks")
    assert [c["id"] for c in double.clicks] == ["3601000013", "3601000011"]


def test_the_sheet_check_names_look_alikes_and_two_products_on_one_goods() -> None:
    from studio.console.adapter import match_title

    titles = [g["title"] for g in LOOK_ALIKES]
    assert match_title("红富士苹果 5斤", titles) == 0
    assert match_title("赣南脐橙", titles) == 2
    assert match_title("赣南脐橙  5斤装", titles) == "【产地直发】赣南脐橙 5斤装"
    assert match_title("苹果", titles) == "苹果"
    assert match_title("", titles) == 0
