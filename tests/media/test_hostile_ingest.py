"""An ingest that answers badly on purpose: its refusals echo the key, its stream id is NaN, its
AMF0 is nested thousands deep. The key never shows, not even half of it, and the output's
send thread never dies: each fault is said in words and tried again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from studio.core.destination import Destination
from studio.core.messages import render
from studio.core.state import OutputState
from studio.media.outputs.rtmp import RtmpOutput
from studio.media.outputs.rtmp_client import RtmpNetworkError, RtmpPublisher, RtmpRejected
from tests.support.cli import run_studio
from tests.support.scripted_rtmp import ScriptedRtmp
from tests.support.servers import wait_for
from tests.support.session import pattern_engine

KEY = "LEAKYKEY0123456789abcdef"


def _pieces(key: str, n: int = 6) -> list[str]:
    """Every run of `n` characters of the key: any one of them showing is a leak."""
    return [key[i : i + n] for i in range(len(key) - n + 1)]


def _offsets(n: int) -> str:
    """Refusal texts with the key at several places, three straddling character 200."""
    head = "Stream /live/"
    start = (0, 50, 200 - 18, 200 - len(KEY) // 2, 200 - 6, 230)[(n - 1) % 6]
    return head + "x" * (start - len(head) if start else 0) + KEY + " rejected"


@pytest.mark.parametrize("where", range(1, 7))
def test_a_refusal_echoing_the_key_never_shows_part_of_it(where: int) -> None:
    with ScriptedRtmp("desc", KEY, descriptions=lambda n: _offsets(where)) as srv:
        pub = RtmpPublisher(Destination.parse(srv.url))
        with pytest.raises(RtmpRejected) as caught:
            pub.connect()
    for lang in ("zh", "en"):
        text = render(caught.value.args[0], lang)
        assert "Publish.Denied" in text
        assert not [p for p in _pieces(KEY) if p in text], text


def test_a_refusal_code_holding_the_key_is_redacted_too() -> None:
    with ScriptedRtmp("codekey", KEY) as srv, pytest.raises(RtmpRejected) as caught:
        RtmpPublisher(Destination.parse(srv.url)).connect()
    text = render(caught.value.args[0], "en")
    assert not [p for p in _pieces(KEY) if p in text], text


@pytest.mark.parametrize("mode", ["nan", "inf", "strid", "amfbomb"])
def test_an_unreadable_answer_is_a_protocol_error_in_words(mode: str) -> None:
    with ScriptedRtmp(mode, "k") as srv, pytest.raises(RtmpNetworkError) as caught:
        RtmpPublisher(Destination.parse(srv.url), connect_timeout_s=10).connect()
    assert "推流服务器的回应看不懂" in render(caught.value.args[0], "zh")
    assert "cannot be read" in render(caught.value.args[0], "en")


@pytest.mark.parametrize("mode", ["nan", "amfbomb", "livebomb"])
def test_an_output_keeps_trying_after_an_unreadable_answer(mode: str) -> None:
    """The send thread lives on: the output says why in words and connects again."""
    engine = pattern_engine()
    events = []
    with ScriptedRtmp(mode, "k") as srv:
        try:
            out = RtmpOutput(Destination.parse(srv.url), engine.encoder.stream_info)
            out.status_changed.connect(events.append)
            engine.add_output(out)
            engine.start()
            wait_for(lambda: srv.connections >= 2, 30, "a second attempt")
            assert out._thread is not None and out._thread.is_alive()
        finally:
            engine.stop()
    retrying = [e for e in events if e.state is OutputState.RECONNECTING]
    assert retrying
    reason = render(retrying[0].reason, "zh")
    assert "推流服务器的回应看不懂" in reason and "recursion" not in reason


@pytest.mark.slow
def test_a_show_refused_with_the_key_echoed_leaks_it_nowhere(tmp_path: Path) -> None:
    """The whole path: terminal, log, stats and report of a show whose ingest refuses it
    with the key at the cut of the shown text."""
    report, stats = tmp_path / "report.json", tmp_path / "stats.json"
    sheet = tmp_path / "货单.csv"  # a show (a report needs one: `--report` alone is refused)
    sheet.write_bytes("商品名称,原价,直播价,库存\r\n赣南脐橙,39.9,19.9,50\r\n".encode("gb18030"))
    with ScriptedRtmp("desc", KEY, descriptions=lambda n: _offsets(4)) as srv:
        result = run_studio(
            "-v", "live", "--headless", "--source", "test", "--audio", "tone",
            "--canvas", "640x360", "--duration", "4", "--to", srv.url,
            "--catalog", str(sheet), "--report", str(report), "--stats-json", str(stats),
            timeout=120,
        )  # fmt: skip
        assert srv.connections >= 1
    seen = result.stdout + result.stderr
    assert "Publish.Denied" in seen, seen[-2000:]
    assert report.is_file() and stats.is_file()  # written, and searched below
    for path in [*tmp_path.rglob("*"), *Path(os.environ["STUDIO_DATA_DIR"]).rglob("*")]:
        if path.is_file():
            seen += path.read_text(encoding="utf-8", errors="replace")
    assert not [p for p in _pieces(KEY) if p in seen]
