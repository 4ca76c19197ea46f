"""The headless CLI as external checks call it: exit codes, summary, stats JSON, no secrets."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.support.cli import run_studio, studio_env
from tests.support.media import probe
from tests.support.servers import FfmpegIngest

pytestmark = pytest.mark.slow  # runs the studio as its own process: not in the fast tier

KEY = "sk_SeCrEt_9x7Q"
SIGN = "f00dfacecafe42"


def test_live_headless_pushes_records_and_writes_stats_without_the_key(
    ffmpeg_ingest: FfmpegIngest, tmp_path: Path
) -> None:
    url = f"rtmp://127.0.0.1:{ffmpeg_ingest.port}/live/{KEY}?sign={SIGN}"
    stats_path, rec = tmp_path / "stats.json", tmp_path / "show.mkv"
    result = run_studio(
        "-v",
        "live",
        "--headless",
        "--source",
        "test",
        "--audio",
        "tone",
        "--to",
        url,
        "--record",
        str(rec),
        "--canvas",
        "720x1280",
        "--fps",
        "30",
        "--bitrate",
        "1200",
        "--encoder",
        "libx264",
        "--duration",
        "4",
        "--stats-json",
        str(stats_path),
    )
    assert result.returncode == 0, result.stderr
    summary = result.stdout.strip().splitlines()[-1]
    assert summary.startswith("streamed ") and "720x1280@30" in summary
    assert "latency p50/p99 " in summary and "no reconnects" in summary  # a push measured it
    stats = json.loads(stats_path.read_text(encoding="utf-8"))
    for field in (
        "fps_in",
        "fps_out",
        "late_frames",
        "latency_ms_p50",
        "latency_ms_p99",
        "cpu_percent",
        "outputs",
    ):
        assert field in stats
    rtmp = next(o for o in stats["outputs"] if o["kind"] == "rtmp")
    assert rtmp["bytes_sent"] > 0 and rtmp["sent_video_frames"] > 60
    for text in (
        result.stdout,
        result.stderr,
        stats_path.read_text(encoding="utf-8"),
        rec.read_bytes().decode("latin-1"),
    ):
        assert KEY not in text and SIGN not in text
    assert "127.0.0.1" in result.stderr, "the log still says where it pushed"
    ffmpeg_ingest.wait_closed()
    got = probe(ffmpeg_ingest.media())
    assert (got.width, got.height) == (720, 1280)
    assert (probe(rec).width, probe(rec).height) == (720, 1280)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["live", "--headless", "--source", "test"], "--record"),
        (["live", "--headless", "--record", "x.mkv", "--canvas", "big"], "WIDTHxHEIGHT"),
        (["live", "--headless", "--record", "x.mkv", "--canvas", "1281x720"], "even"),
        (["live", "--headless", "--record", "x.mkv", "--source", "nope.mp4"], "camera:0"),
        (["live", "--headless", "--to", "http://example.com/x"], "rtmp://"),
        (["live", "--headless", "--record", "x.mkv", "--audio", "file"], "clip"),
        (
            ["live", "--headless", "--record", "x.mkv", "--encoder", "h264_nonexistent"],
            "studio devices",
        ),
    ],
)
def test_bad_input_gets_a_clear_message_and_no_traceback(
    args: list[str], message: str, tmp_path: Path
) -> None:
    os.chdir(tmp_path)
    result = run_studio(*args, env=studio_env(LANG="en_US.UTF-8", LC_ALL="en_US.UTF-8"))
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_the_command_line_speaks_chinese_on_a_chinese_system(tmp_path: Path) -> None:
    os.chdir(tmp_path)
    env = studio_env(LANG="zh_CN.UTF-8", LC_ALL="zh_CN.UTF-8")
    result = run_studio("live", "--headless", "--record", "x.mkv", "--canvas", "1281x720", env=env)
    assert result.returncode == 2 and "偶数" in result.stderr and "even" not in result.stderr


def test_a_bad_url_with_a_key_does_not_echo_the_key() -> None:
    result = run_studio("live", "--headless", "--to", f"rtmpx://host/live/{KEY}")
    assert result.returncode == 2 and KEY not in result.stderr


def test_devices_lists_the_encoders_that_open() -> None:
    result = run_studio("devices")
    assert result.returncode == 0
    assert "libx264" in result.stdout and "麦克风" in result.stdout


def test_studio_help_explains_itself() -> None:
    result = run_studio("--help")
    assert result.returncode == 0 and "live" in result.stdout and "platform" in result.stdout


def test_a_one_letter_key_neither_leaks_nor_breaks_the_summary(
    ffmpeg_ingest: FfmpegIngest, tmp_path: Path
) -> None:
    url = f"rtmp://127.0.0.1:{ffmpeg_ingest.port}/live/s"
    stats_path = tmp_path / "stats.json"
    result = run_studio(
        "live",
        "--headless",
        "--to",
        url,
        "--canvas",
        "320x180",
        "--duration",
        "2",
        "--stats-json",
        str(stats_path),
    )
    assert result.returncode == 0, result.stderr
    assert "streamed" in result.stdout
    assert json.loads(stats_path.read_text(encoding="utf-8"))["outputs"][0]["state"] == "stopped"


def test_version_names_the_studio_and_its_parts() -> None:
    from importlib.metadata import version

    result = run_studio("--version")
    assert result.returncode == 0, result.stderr
    line = result.stdout.strip()
    assert line.startswith(f"Merchant Studio {version('merchant-studio')} · Python ")
    assert "PySide6 6." in line and "PyAV " in line


def test_a_short_recording_has_true_stats(tmp_path: Path) -> None:
    """Two seconds, recording only: the frame rates are what was streamed, not 0.0, and the
    recording counts the bytes it wrote."""
    stats_path, rec = tmp_path / "stats.json", tmp_path / "short.mkv"
    result = run_studio(
        "live",
        "--headless",
        "--source",
        "test",
        "--audio",
        "tone",
        "--record",
        str(rec),
        "--canvas",
        "640x360",
        "--duration",
        "2",
        "--stats-json",
        str(stats_path),
    )
    assert result.returncode == 0, result.stderr
    stats = json.loads(stats_path.read_text(encoding="utf-8"))
    assert stats["fps_in"] > 0 and stats["fps_out"] > 0
    assert stats["frames_encoded"] > 0
    (record,) = [o for o in stats["outputs"] if o["kind"] == "record"]
    assert 0 < record["bytes_sent"] <= rec.stat().st_size  # the media, without the container


def test_a_recording_alone_gives_no_latency_figure_and_counts_every_frame(tmp_path: Path) -> None:
    """ "latency 0/0 ms" with only a recording read as a measurement; there is no push to
    measure, and the summary says so. The frames made are counted against the ticks."""
    result = run_studio(
        "live",
        "--headless",
        "--source",
        "test",
        "--record",
        str(tmp_path / "show.mkv"),
        "--canvas",
        "320x180",
        "--duration",
        "2",
    )
    assert result.returncode == 0, result.stderr
    summary = result.stdout.strip().splitlines()[-1]
    assert "latency — (no push destination measured it)" in summary
    assert "0/0 ms" not in summary
    made, expected = (
        summary.split(" frames of ")[0].rsplit(" ", 1)[1],
        summary.split(" frames of ")[1].split(",")[0],
    )
    assert 0 < int(made) <= int(expected)
    assert " missed (this computer too slow)" in summary


def test_reconnect_attempts_that_never_succeed_are_said_as_such() -> None:
    """16 attempts and no success was printed as "0 reconnects"; the summary now says both."""
    from studio.cli.cmd_live import summary as _summary
    from studio.core.state import OutputStats, StreamStats

    push = OutputStats(
        name="127.0.0.1", kind="rtmp", state="failed", ever_live=True, connect_attempts=17
    )
    back = OutputStats(
        name="backup", kind="rtmp", state="live", ever_live=True, connect_attempts=4, reconnects=1
    )
    stats = StreamStats(
        elapsed_s=60.0, encoder="libx264", canvas="720x1280", fps=30, fps_in=30, fps_out=30,
        frames_composed=1800, frames_encoded=1800, late_frames=0, lagged_ticks=0,
        audio_frames=2800, video_kbps_target=2500, latency_ms_p50=40, latency_ms_p99=80,
        cpu_percent=50, cpu_seconds=30, audio_level_dbfs=-20, source_ok=True, source_message="",
        outputs=(push, back), frames_expected=1800, latency_measured=True,
    )  # fmt: skip
    summary = _summary(stats)
    assert "16 reconnect attempts, none succeeded" in summary
    assert "3 reconnect attempts, 1 reconnected" in summary
    assert "0 reconnects" not in summary
    assert "latency p50/p99 40/80 ms" in summary
