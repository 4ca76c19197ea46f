"""Each platform is described once (`studio.app.platforms`), and every consumer reads that
description: the CLI's help and checks, `studio token`, the show, the window's choices. A
platform added from outside the package (tests/support/tiny_platform.py) is one module."""

from __future__ import annotations

import argparse
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from studio.app import platforms
from studio.app.errors import ConfigError
from studio.app.platforms import kuaishou_spec, volc_spec, wechat_spec
from studio.app.show import ShowSettings
from studio.app.showrun import ShowPlan, ShowRun
from studio.cli import build_parser
from studio.cli.cmd_token import cmd_token
from studio.core.rundown import LinkUpState
from studio.platform_api.assisted import AssistedPlatform
from studio.platform_api.http import HttpPlatform
from studio.platform_api.volc import VolcLive
from studio.platform_api.wechat import WeChatLive
from tests.support.servers import wait_for
from tests.support.tiny_platform import SHOP_KEY


def _help(*command: str) -> str:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return " ".join(sub.choices[command[0]].format_help().split())


def test_every_prefix_names_one_platform_and_the_window_lists_the_choices_in_order() -> None:
    kinds = [p.kind for p in platforms.platforms()]
    assert len(kinds) == len(set(kinds))
    assert {"rehearsal", "assisted", "wechat", "volc", "tencent", "kuaishou", "http"} <= set(kinds)
    assert platforms.find("HTTPS://shop.example.com/x") is platforms.get("http")
    assert [c.spec for c in platforms.link_up_choices()] == [
        "assisted:douyin",
        "console:douyin",
        "console:buyin",
        "assisted:kuaishou",
        "console:kuaishou",
        "assisted:taobao",
        "console:taobao",
        "console:channels",
        "wechat",
        "assisted",
        "http",
    ]


def test_each_platform_says_of_a_repeat_what_its_adapter_says() -> None:
    """Recovery asks the host before resending on a platform that is not repeat-safe: the
    description and the adapter must agree (WeChat lists goods twice)."""
    adapters = {
        "rehearsal": HttpPlatform,
        "http": HttpPlatform,
        "assisted": AssistedPlatform,
        "wechat": WeChatLive,
        "volc": VolcLive,
    }
    for kind, adapter in adapters.items():
        assert platforms.get(kind).repeat_safe is adapter.repeat_safe, kind
    assert not platforms.repeat_safe("wechat:6474")
    assert platforms.repeat_safe("assisted:douyin")
    assert not platforms.repeat_safe("douyin")  # unknown is not safe
    assert not platforms.repeat_safe("tencent:x.com/live/s")  # pushes, links up nothing


@pytest.mark.parametrize(
    ("name", "lines", "read"),
    [
        ("wechat", ["wx1234abcd", "app-secret-9"], lambda: wechat_spec.wechat_credentials().appid),
        ("volc", ["AKLT1", "sk-secret-2"], lambda: volc_spec.volc_credentials().access_key),
        (
            "kuaishou",
            ["ks_app", "ks-token-3", ""],
            lambda: kuaishou_spec.kuaishou_credentials().app_id,
        ),
    ],
)
def test_what_studio_token_keeps_is_what_the_platform_reads(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    lines: list[str],
    read: Callable[[], str],
) -> None:
    """One description of the keyring names for the writer and the reader: no typo between
    them can leave a secret kept where nothing reads it."""
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    assert cmd_token(argparse.Namespace(action="set", url=name)) == 0
    assert capsys.readouterr().out.strip()  # said that it is kept
    assert read() == lines[0]
    assert cmd_token(argparse.Namespace(action="forget", url=name)) == 0
    with pytest.raises(ConfigError):
        read()


def test_a_platform_added_from_the_tests_is_in_the_cli_and_its_checks(
    tiny_platform: platforms.PlatformSpec,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert "tiny:SHOP (a test's platform)" in _help("live")
    assert "tiny (the shop key)" in _help("token")
    # its own check refuses a bad spec, in its own words, before anything starts
    catalog = tmp_path / "c.csv"
    catalog.write_text("商品名称,直播价,库存\n脐橙,19.9,5\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="小小平台的店铺名只能是字母和数字"):
        ShowRun(ShowPlan(catalog=catalog, platform="tiny:a b"), say=lambda _t: None).prepare()
    # `studio token set tiny` asks for and keeps what its description names
    monkeypatch.setattr("sys.stdin", io.StringIO("key-Rt5\n"))
    assert cmd_token(argparse.Namespace(action="set", url="tiny")) == 0
    assert "小小平台的店铺密钥已保存" in capsys.readouterr().out
    kept = SHOP_KEY.load()
    assert kept is not None and kept.reveal() == "key-Rt5"
    # and a show links up on it (its adapter is the real assisted one)
    run = ShowRun(
        ShowPlan(catalog=catalog, platform="tiny:corner", settings=ShowSettings(countdown_s=0)),
        say=lambda _t: None,
    )
    run.prepare()
    run.start(None)
    try:
        assert run.show is not None
        run.show.advance()
        link = run.show.link_up()
        wait_for(lambda: run.show.latest(link).state is LinkUpState.LISTED)
    finally:
        run.finish()
    assert platforms.find("tiny:corner") is tiny_platform


def test_a_platform_is_gone_once_its_test_is_over() -> None:
    assert platforms.find("tiny:corner") is None
    assert "tiny" not in _help("live")
