"""The viewers' delay, measured: the studio stamps its keyframes (H.264 SEI), and
`studio latency URL` plays a playback URL and reads the stamps back, end to end on loopback
with nginx-rtmp serving RTMP and HLS, and a CDN-like delay of our own in between."""

from __future__ import annotations

import json
import struct
from collections.abc import Iterator
from pathlib import Path

import av
import pytest

from studio.media import sei
from tests.conftest import _require_nginx
from tests.support.cli import run_studio
from tests.support.servers import DelayProxy, HttpFlvRelay, NginxRtmp, free_port, wait_for
from tests.support.session import live, stream_config


@pytest.mark.parametrize("unix_us", [0, 1, 0x0000010000000203, 1_796_175_450_123_456, 2**64 - 1])
def test_a_stamp_survives_both_framings_and_start_code_lookalikes(unix_us: int) -> None:
    idr = b"\x65\x88\x84\x00\x00\x01\x02"  # a slice's bytes are not looked into
    avcc = struct.pack(">I", len(idr)) + idr
    assert sei.read_stamps(sei.stamp(avcc, unix_us, 4), 4) == [unix_us]
    annexb = b"\x00\x00\x00\x01\x09\xf0" + b"\x00\x00\x00\x01" + idr  # with an AUD first
    stamped = sei.stamp(annexb, unix_us, 0)
    assert stamped.startswith(b"\x00\x00\x00\x01\x09\xf0\x00\x00\x00\x01\x06")  # after the AUD
    assert sei.read_stamps(stamped, 0) == [unix_us]
    assert b"\x00\x00\x01" not in sei.time_sei(unix_us)  # escaped: no start code inside


def test_hostile_access_units_give_no_stamps_and_no_errors() -> None:
    for data in (
        b"",
        b"\x00",
        b"\xff" * 64,
        b"\x00\x00\x00\x01\x06",
        b"\x00\x00\x00\x05\x06\xff\xff",
    ):
        assert sei.read_stamps(data) == []
    forged = b"\x00\x00\x00\x01\x06\x05\xff" + sei.STAMP_UUID  # a size past the end
    assert sei.read_stamps(forged) == []


@pytest.fixture
def hls_nginx(tmp_path: Path) -> Iterator[NginxRtmp]:
    _require_nginx()
    server = NginxRtmp(workdir=tmp_path / "nginx", hls_fragment_s=1.0)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.slow
def test_the_recording_carries_a_stamp_on_every_keyframe(tmp_path: Path) -> None:
    record = tmp_path / "r.mkv"
    with live(stream_config(record=record, destinations=[])) as (session, _):
        wait_for(lambda: session.stats().frames_encoded >= 140, 30, "5 s of frames")
    keyframes, stamped = 0, []
    with av.open(str(record)) as container:
        for packet in container.demux(container.streams.video[0]):
            if packet.is_keyframe and packet.size:
                keyframes += 1
                stamped += sei.read_stamps(bytes(packet), 4)
    assert keyframes >= 2 and len(stamped) == keyframes
    assert stamped == sorted(stamped)


@pytest.mark.slow
def test_the_measured_delay_follows_the_delay_on_the_way(hls_nginx: NginxRtmp) -> None:
    nginx = hls_nginx
    with live(stream_config(nginx.url("show"))):
        wait_for(lambda: (nginx.workdir / "hls" / "show.m3u8").exists(), 30, "HLS to start")
        direct = _measure(nginx.url("show"))
        proxy = DelayProxy(nginx.port, delay_s=2.0)
        try:
            late = _measure(f"rtmp://127.0.0.1:{proxy.port}/live/show")
        finally:
            proxy.stop()
        wait_for(lambda: len(_segments(nginx)) >= 4, 30, "four HLS segments")
        hls = _measure(nginx.hls_url("show"))
    assert (direct["kind"], late["kind"], hls["kind"]) == ("rtmp", "rtmp", "hls")
    assert all(m["keyframes_stamped"] >= 2 for m in (direct, late, hls))
    # what a 2 s CDN delay adds is what the measurement sees (within a second: a noisy
    # machine's scheduling, not a tolerance of the method; tools/latency_accuracy.py has figures)
    assert abs((late["delay_s"] - direct["delay_s"]) - 2.0) < 1.0
    assert hls["delay_s"] > direct["delay_s"] + 1.0  # HLS plays segments behind the live edge


def _segments(nginx: NginxRtmp) -> list[Path]:
    return list((nginx.workdir / "hls").glob("show-*.ts"))


def _measure(url: str) -> dict[str, float]:
    result = run_studio("latency", url, "--seconds", "4", "--json", timeout=90)
    assert result.returncode == 0, result.stderr
    data: dict[str, float] = json.loads(result.stdout)
    return data


@pytest.mark.slow
def test_a_stream_without_stamps_is_said_plainly(nginx: NginxRtmp, tmp_path: Path) -> None:
    result = run_studio("latency", "ftp://example/x", timeout=30)
    assert result.returncode == 3 and "rtmp://" in result.stderr
    result = run_studio("latency", nginx.url("nobody"), "--seconds", "2", timeout=60)
    assert result.returncode == 3
    assert "打不开" in result.stderr or "时间戳" in result.stderr


def test_a_failure_with_json_prints_json_with_its_code_and_words() -> None:
    """`studio latency --json` printed no JSON on failure: a script reading stdout got
    nothing to parse."""
    for url in ("ftp://example/x", f"rtmp://127.0.0.1:{free_port()}/live/nobody"):
        result = run_studio("latency", url, "--json", "--timeout", "5", timeout=60)
        assert result.returncode == 3
        error = json.loads(result.stdout)["error"]
        assert error["code"].startswith("latency.") and error["message"]
        assert error["message"] in result.stderr  # the same words a person reads


@pytest.mark.slow
def test_a_show_syncs_its_link_ups_to_the_delay_it_measured(
    nginx: NginxRtmp, tmp_path: Path
) -> None:
    sheet = tmp_path / "s.csv"
    sheet.write_text("商品名称,直播价\n脐橙,19.9\n", encoding="utf-8")
    report = tmp_path / "report.json"
    result = run_studio(
        "live", "--headless", "--canvas", "360x640", "--to", nginx.url("show"),
        "--catalog", str(sheet), "--link-up-at", "13", "--countdown", "1",
        "--viewer-delay-url", nginx.url("show"), "--duration", "17", "--report", str(report),
        timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    line = next(ln for ln in result.stdout.splitlines() if "测得观众延迟" in ln)
    measured = float(line.split("测得观众延迟 ")[1].split(" 秒")[0])
    (link,) = json.loads(report.read_text(encoding="utf-8"))["link_ups"]
    assert link["status"] == "listed"
    # fired at zero plus what was measured, not the 3 s a host would otherwise have typed
    assert link["sent_at"] - link["zero_at"] < measured + 1.0 < 3.0


@pytest.mark.slow
def test_an_http_flv_playback_url_is_measured_too(nginx: NginxRtmp) -> None:
    with live(stream_config(nginx.url("show"))):
        wait_for(lambda: bool(nginx.recordings()), 30, "the stream at nginx")
        relay = HttpFlvRelay(nginx.url("show"))
        try:
            flv = _measure(relay.url("show"))
        finally:
            relay.stop()
    assert flv["kind"] == "flv" and flv["keyframes_stamped"] >= 2 and flv["frames"] > 60
