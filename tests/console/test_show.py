"""A whole show on `console:<platform>` against each console's double, in a real headless
Chromium: linked up at zero by the studio, comments in, and every fault said and survived."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from studio.app.console import last_login
from studio.app.report import render_html
from studio.app.show import ShowSettings
from studio.app.showrun import ShowPlan, ShowRun
from studio.console.adapter import ConsoleLive
from studio.console.descriptions import PLATFORMS
from studio.console.logins import known_login
from studio.core.messages import render
from studio.core.rundown import LinkUp, LinkUpState
from studio.platform_api.models import PlatformEvent
from tests.support.cli import run_studio, studio_command, studio_env
from tests.support.console_pages import ConsoleDouble
from tests.support.servers import wait_for

SHEET = (
    "商品名称,原价,直播价,库存,商品ID\n"
    "高山红富士苹果 5斤装,59.9,39.9,100,3601000001\n"
    "农家土鸡蛋 30枚,39.9,29.9,100,3601000002\n"
)


class Running:
    """A show started on a console double, with what the host was told."""

    def __init__(self, run: ShowRun, said: list[str], events: list[PlatformEvent]) -> None:
        self.run, self.said, self.events = run, said, events

    @property
    def console(self) -> ConsoleLive:
        assert self.run.show is not None
        platform = self.run.show.platform
        assert isinstance(platform, ConsoleLive)
        return platform

    def link_up(self) -> LinkUp:
        show = self.run.show
        assert show is not None
        show.advance()
        link = show.link_up()
        wait_for(lambda: show.latest(link).state is not LinkUpState.COUNTING, 30, "the zero")
        wait_for(lambda: show.active_link_up is None, 30, "the link-up done")
        return show.latest(link)

    def heard(self, words: str, timeout_s: float = 15) -> None:
        wait_for(lambda: any(words in s for s in self.said), timeout_s, f"“{words}” said")


def console_env(
    double: ConsoleDouble, platform: str, tmp_path: Path, **extra: str
) -> dict[str, str]:
    """A studio process's environment for `platform`'s double: headless, its own data folder,
    in Chinese."""
    return studio_env(
        STUDIO_CONSOLE_URL=double.url(platform),
        STUDIO_BROWSER_HEADLESS="1",
        STUDIO_DATA_DIR=str(tmp_path / "data"),
        LANG="zh_CN.UTF-8",
        **extra,
    )


def clicks(double: ConsoleDouble, count: int) -> None:
    wait_for(lambda: len(double.person_clicks()) >= count, 30, f"{count} clicks")
    assert len(double.person_clicks()) == count


def stop_orphan(profile: Path) -> None:
    """The browser the killed studio left, by its pid (Chromium's SingletonLock names it),
    if the resumed one did not close it: no test leaves a browser behind."""
    try:
        pid = int(os.readlink(profile / "SingletonLock").rpartition("-")[2])
    except (OSError, ValueError):
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


@contextmanager
def show_on(
    double: ConsoleDouble,
    platform: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sheet: str = SHEET,
    report: dict[str, object] | None = None,
) -> Iterator[Running]:
    monkeypatch.setenv("STUDIO_CONSOLE_URL", double.url(platform))
    monkeypatch.setenv("STUDIO_BROWSER_HEADLESS", "1")
    catalog = tmp_path / "货单.csv"
    catalog.write_text(sheet, encoding="utf-8")
    said: list[str] = []
    events: list[PlatformEvent] = []
    plan = ShowPlan(
        catalog=catalog, platform=f"console:{platform}", settings=ShowSettings(countdown_s=0)
    )
    run = ShowRun(plan, say=lambda words: said.append(render(words)))
    run.prepare()
    run.start(None)
    assert run.show is not None
    run.show.platform_event.connect(events.append)
    try:
        yield Running(run, said, events)
    finally:
        result = run.finish()
        if report is not None and result is not None:
            report.update(result)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_a_show_on_each_console_links_up_at_zero_by_itself_and_brings_the_comments_in(
    double: ConsoleDouble, platform: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report: dict[str, object] = {}
    with show_on(double, platform, tmp_path, monkeypatch, report=report) as show:
        show.heard("：某某农场")  # 已登录 抖店：某某农场
        link = show.link_up()
        assert link.state is LinkUpState.LISTED and not link.assisted
        assert link.platform_received_at is not None  # the console's own time of 取消讲解
        clicks(double, 1)  # the page reports a click as it handles it
        assert double.person_clicks()[0]["id"] == "3601000001"
        double.comments([("小红", "苹果甜吗？"), ("阿强", "<img src=x onerror=alert(1)>")])
        wait_for(lambda: len([e for e in show.events if e.type == "comment"]) == 2, 15)
        comments = [(e.user, e.text) for e in show.events if e.type == "comment"]
        assert comments == [("小红", "苹果甜吗？"), ("阿强", "<img src=x onerror=alert(1)>")]
        assert show.run.show is not None
        show.run.show.take_down()
        clicks(double, 2)  # 取消讲解, as the host's own click
    rows = report["link_ups"]
    assert isinstance(rows, list) and rows[0]["assisted"] is False
    page = render_html(report, "zh")
    assert "直播中控台（工作台在中控台点了 1 次讲解，0 次交给主播手动点）" in page
    login = last_login(platform)  # what the window says without opening a browser
    assert login is not None and login.account == "某某农场"


def test_not_logged_in_is_said_before_the_show_and_the_link_up_is_left_to_the_host(
    double: ConsoleDouble, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    double.set(logged_in=False)
    report: dict[str, object] = {}
    with show_on(double, "douyin", tmp_path, monkeypatch, report=report) as show:
        show.heard("抖店中控台还没登录：请运行 studio console login douyin")
        link = show.link_up()
        assert link.assisted and link.state is LinkUpState.LISTED
        show.heard("请现在在抖店中控台点击「高山红富士苹果 5斤装」的「讲解」")
    assert double.clicks == []
    rows = report["link_ups"]
    assert isinstance(rows, list) and rows[0]["assisted"] is True  # the report: left to host
    page = render_html(report, "zh")
    assert "抖店直播中控台（工作台在中控台点了 0 次讲解，1 次交给主播手动点）" in page
    assert last_login("douyin") is None
    assert "交给主播手动上架" in page


def test_a_product_missing_from_the_console_is_said_before_the_show(
    double: ConsoleDouble, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    double.set(missing="3601000002")
    with show_on(double, "buyin", tmp_path, monkeypatch) as show:
        show.heard("巨量百应中控台的商品列表里没有它（商品 ID 3601000002）")
        assert not any("3601000001" in s for s in show.said if "没有它" in s)


def test_a_product_already_in_explain_is_not_clicked_so_a_resume_never_toggles_it_off(
    double: ConsoleDouble, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    double.set(explaining="3601000001")
    with show_on(double, "kuaishou", tmp_path, monkeypatch) as show:
        link = show.link_up()
        assert link.state is LinkUpState.LISTED and not link.assisted
        show.heard("已经在讲解，没有再点")
    assert double.clicks == []
    assert ConsoleLive.repeat_safe


def test_a_slow_console_that_does_not_confirm_in_2_s_is_told_to_the_host_at_once(
    double: ConsoleDouble, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    double.set(slow_ms=4000)
    with show_on(double, "taobao", tmp_path, monkeypatch) as show:
        link = show.link_up()
        assert link.assisted
        show.heard("淘宝直播中控台 2 秒内没有确认「高山红富士苹果 5斤装」的讲解")


def test_a_console_that_changed_is_found_before_the_show_and_left_to_the_host(
    double: ConsoleDouble, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    double.set(changed=True)
    with show_on(double, "douyin", tmp_path, monkeypatch) as show:
        show.heard("抖店中控台的页面变了：找不到商品列表")
        assert show.link_up().assisted
    assert double.clicks == []


def test_a_reload_or_logout_mid_show_is_said_and_link_ups_come_back_with_the_page(
    double: ConsoleDouble, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = SHEET + "五常稻花香大米 10斤,99,79,100,3601000003\n"
    with show_on(double, "channels", tmp_path, monkeypatch, sheet) as show:
        assert not show.link_up().assisted
        double.set(logged_in=False)
        double.reload()
        show.heard("视频号中控台的页面刷新了或退出了登录")
        assert show.link_up().assisted
        double.set(logged_in=True)
        double.reload()
        show.heard("视频号中控台回来了")
        assert not show.link_up().assisted
    clicks(double, 2)


def test_the_browser_closed_mid_show_is_reopened_and_said(
    double: ConsoleDouble, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with show_on(double, "douyin", tmp_path, monkeypatch) as show:
        driver = show.console.driver
        assert driver is not None and driver.browser is not None
        os.killpg(driver.browser.process.pid, signal.SIGTERM)  # the merchant closes it
        show.heard("抖店中控台的浏览器被关掉了，正在重新打开")
        show.heard("抖店中控台已重新打开")
        link = show.link_up()
        assert not link.assisted and link.state is LinkUpState.LISTED
    clicks(double, 1)


def test_a_missing_browser_leaves_the_show_assisted_and_says_what_to_install(
    double: ConsoleDouble, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STUDIO_BROWSER", str(tmp_path / "no-such-browser"))
    with show_on(double, "kuaishou", tmp_path, monkeypatch) as show:
        show.heard("找不到能用的浏览器：请安装 Microsoft Edge 或 Google Chrome")
        assert show.link_up().assisted


def test_studio_console_login_waits_for_the_qr_code_login(
    double: ConsoleDouble, tmp_path: Path
) -> None:
    double.set(logged_in=False)
    env = console_env(double, "douyin", tmp_path)
    process = subprocess.Popen(
        studio_command("console", "login", "douyin", "--wait", "60"),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(lambda: "douyin.html" in double.loads, 30, "the console opened")
        double.set(logged_in=True)  # the merchant scanned the QR code
        double.reload()
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert "已登录 抖店：某某农场" in out
    profile = tmp_path / "data" / "browser"
    assert (profile.stat().st_mode & 0o777) == 0o700
    login = known_login(profile, "douyin")
    assert login is not None and login.account == "某某农场"


@pytest.mark.parametrize(
    ("sig", "said"),
    [(signal.SIGINT, "已取消登录"), (signal.SIGHUP, "已取消登录"), (signal.SIGTERM, "已取消登录")],
)
def test_a_login_stopped_by_ctrl_c_or_a_signal_closes_its_browser(
    double: ConsoleDouble, tmp_path: Path, sig: int, said: str
) -> None:
    """Ctrl+C printed a KeyboardInterrupt traceback; SIGTERM and SIGHUP left Chromium running
    (its own process group): now one line, the exit status 128 + the signal, no browser left."""
    double.set(logged_in=False)
    env = console_env(double, "douyin", tmp_path, LC_ALL="zh_CN.UTF-8")
    process = subprocess.Popen(
        studio_command("console", "login", "douyin", "--wait", "60"),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # Ctrl+C as a terminal has it: a test run started in the background (`cmd &`)
        # hands its children SIGINT ignored, and Python then never installs its handler
        preexec_fn=_ctrl_c_as_in_a_terminal,
    )
    profile = tmp_path / "data" / "browser"
    try:
        wait_for(lambda: "douyin.html" in double.loads, 30, "the console opened")
        pid = int(os.readlink(profile / "SingletonLock").rpartition("-")[2])
        process.send_signal(sig)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    try:
        wait_for(lambda: not _alive(pid), 10, "the browser gone")
    finally:
        stop_orphan(profile)  # only if it was left: the test has failed then
    assert process.returncode == 128 + sig, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert said in err


def _ctrl_c_as_in_a_terminal() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with contextlib.suppress(OSError):  # a zombie (not reaped yet) has ended
        return " Z " not in Path(f"/proc/{pid}/stat").read_text().replace("(", " ").replace(
            ")", " "
        )
    return True


def test_an_unknown_console_is_said_with_the_ones_there_are(tmp_path: Path) -> None:
    result = run_studio(
        "console",
        "login",
        "weibo",
        env=studio_env(STUDIO_DATA_DIR=str(tmp_path), LANG="zh_CN.UTF-8"),
    )
    assert result.returncode == 2
    assert "douyin、buyin、kuaishou、taobao、channels" in result.stderr


def test_the_sheet_check_reads_the_console_goods_list(
    double: ConsoleDouble, tmp_path: Path
) -> None:
    double.set(missing="3601000002")
    sheet = tmp_path / "货单.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    env = console_env(double, "douyin", tmp_path)
    result = run_studio("catalog", str(sheet), "--platform", "console:douyin", env=env)
    assert "抖店中控台的商品列表里没有它（商品 ID 3601000002）" in result.stdout, result.stderr
    double.set(logged_in=False)
    result = run_studio("catalog", str(sheet), "--platform", "console:douyin", env=env)
    assert result.returncode == 2
    assert "抖店中控台还没登录" in result.stderr


def test_a_headless_live_show_with_a_stream_links_up_on_the_console_at_each_zero(
    double: ConsoleDouble, tmp_path: Path
) -> None:
    sheet = tmp_path / "货单.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    report = tmp_path / "report.json"
    env = console_env(double, "douyin", tmp_path)
    result = run_studio(
        "live", "--headless", "--canvas", "360x640", "--record", str(tmp_path / "show.mkv"),
        "--platform", "console:douyin", "--catalog", str(sheet),
        "--link-up-at", "1,4", "--countdown", "1", "--duration", "8",
        "--report", str(report), env=env, timeout=180,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "已登录 抖店：某某农场" in result.stdout
    assert "抖店中控台已确认「高山红富士苹果 5斤装」在讲解（工作台点的）" in result.stdout
    assert "抖店中控台已确认「农家土鸡蛋 30枚」在讲解（工作台点的）" in result.stdout
    data = json.loads(report.read_text("utf-8"))
    rows = data["link_ups"]
    assert [(r["status"], r["assisted"]) for r in rows] == [("listed", False)] * 2
    assert all(r["platform_received_at"] is not None for r in rows)  # the console's time
    assert (tmp_path / "show.mkv").stat().st_size > 0  # the stream ran through it all
    clicks(double, 2)


def test_a_click_in_flight_when_the_studio_is_killed_is_not_toggled_off_on_resume(
    double: ConsoleDouble, tmp_path: Path
) -> None:
    """The studio dies (SIGKILL, by pid) between its click on 讲解 and the console's answer;
    its browser runs on. `--resume` connects to it again, reads 取消讲解 and clicks nothing:
    a second click would have ended the 讲解."""
    double.set(slow_ms=1500)
    sheet = tmp_path / "货单.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    env = console_env(double, "douyin", tmp_path)
    common = ("live", "--headless", "--canvas", "360x640", "--platform", "console:douyin")
    report = tmp_path / "resumed.json"
    process = subprocess.Popen(
        studio_command(
            *common, "--record", str(tmp_path / "first.mkv"), "--catalog", str(sheet),
            "--link-up-at", "0.5", "--countdown", "1",
        ),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    try:
        wait_for(lambda: double.person_clicks(), 90, "the click before the crash")
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=20)
        wait_for(lambda: double.knobs["explaining"] == "3601000001", 10, "the console's 讲解")
        result = run_studio(
            *common, "--record", str(tmp_path / "second.mkv"), "--resume", "--duration", "3",
            "--report", str(report), env=env, timeout=120,
        )  # fmt: skip
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=20)
        stop_orphan(tmp_path / "data" / "browser")  # none is left if the resume closed it
    assert result.returncode == 0, result.stderr
    assert "已经在讲解，没有再点" in result.stdout
    clicks(double, 1)  # the one before the crash, never again
    (link,) = json.loads(report.read_text("utf-8"))["link_ups"]
    assert link["status"] == "listed" and not link["assisted"]
    assert double.knobs["explaining"] == "3601000001"


def test_a_browser_that_cannot_come_back_is_said_once_and_the_show_goes_on_by_hand(
    double: ConsoleDouble, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with show_on(double, "buyin", tmp_path, monkeypatch) as show:
        driver = show.console.driver
        assert driver is not None and driver.browser is not None
        monkeypatch.setenv("STUDIO_BROWSER", str(tmp_path / "uninstalled"))  # gone meanwhile
        os.killpg(driver.browser.process.pid, signal.SIGTERM)
        show.heard("巨量百应中控台的浏览器被关掉了")
        show.heard("找不到能用的浏览器")
        assert show.link_up().assisted
        assert sum("浏览器被关掉了" in s for s in show.said) == 1


@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGTERM])
def test_a_show_ended_by_sighup_or_sigterm_closes_the_console_browser(
    double: ConsoleDouble, tmp_path: Path, sig: int
) -> None:
    """The terminal closed (SIGHUP) or `kill` (SIGTERM) while on air with a console open:
    the show stops as Ctrl+C stops it, and the browser (its own process group) goes too."""
    sheet = tmp_path / "货单.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    env = console_env(double, "douyin", tmp_path)
    process = subprocess.Popen(
        studio_command(
            "live", "--headless", "--canvas", "360x640", "--record", str(tmp_path / "s.mkv"),
            "--platform", "console:douyin", "--catalog", str(sheet), "--link-up-at", "0.5",
            "--countdown", "1", "--duration", "120",
        ),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True,
    )  # fmt: skip
    profile = tmp_path / "data" / "browser"
    try:
        wait_for(lambda: double.person_clicks(), 90, "on air, the console clicked")
        pid = int(os.readlink(profile / "SingletonLock").rpartition("-")[2])
        process.send_signal(sig)
        _, err = process.communicate(timeout=90)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    try:
        wait_for(lambda: not _alive(pid), 15, "the browser gone")
    finally:
        stop_orphan(profile)  # only if it was left: the test has failed then
    assert "Traceback" not in err, err


def test_a_drop_in_with_a_broken_selector_is_said_as_such_not_as_not_logged_in(
    double: ConsoleDouble, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studio.app.paths import data_dir
    from studio.console.descriptions import shipped_dir

    drop_in = data_dir() / "consoles"
    drop_in.mkdir(parents=True, exist_ok=True)
    data = json.loads((shipped_dir() / "douyin.json").read_text("utf-8"))
    data["version"] = "2999-1-1"
    data["goods_item"]["selector"] = "div[[["
    (drop_in / "douyin.json").write_text(json.dumps(data), "utf-8")
    with show_on(double, "douyin", tmp_path, monkeypatch) as show:
        show.heard("抖店中控台的说明文件不能用：goods_item 的选择器写错了（div[[[）")
        assert not any("还没登录" in s for s in show.said)
        assert show.link_up().assisted
    assert double.clicks == []
