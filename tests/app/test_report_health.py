"""The report says what the reconnects came to and how many frames the computer missed."""

from __future__ import annotations

from pathlib import Path

from studio.app.report import build_report, render_html
from studio.app.show.owner import health_sample
from studio.core.state import OutputStats, StreamStats
from studio.storage.journal import Journal


def _stats(reconnects: int, missed: int) -> StreamStats:
    push = OutputStats(name="ingest", kind="rtmp", ever_live=True, reconnects=reconnects)
    return StreamStats(
        elapsed_s=60.0, encoder="libx264", canvas="720x1280", fps=30, fps_in=30, fps_out=22,
        frames_composed=1500, frames_encoded=1500, late_frames=0, lagged_ticks=missed,
        audio_frames=2800, video_kbps_target=2500, latency_ms_p50=40, latency_ms_p99=80,
        cpu_percent=190, cpu_seconds=110, audio_level_dbfs=-20, source_ok=True,
        source_message="", outputs=(push,), frames_expected=1500 + missed, frames_missed=missed,
    )  # fmt: skip


def _page(tmp_path: Path, reconnects: int, language: str = "zh") -> str:
    journal = Journal(tmp_path / "journal.sqlite3")
    try:
        show_id = journal.start_show("测试", 1000.0)
        for attempt in range(1, 17):  # the ingest went away: sixteen tries, as journaled
            detail = {"output": "ingest", "attempt": attempt, "reason": "connection refused"}
            journal.add_stream_event(show_id, 1000.0 + attempt, "reconnecting", detail)
        journal.add_stream_event(show_id, 1060.0, "stats", health_sample(_stats(reconnects, 300)))
        journal.end_show(show_id, 1070.0)
        return render_html(build_report(journal, show_id, language), language)
    finally:
        journal.close()


def test_sixteen_tries_without_success_are_not_reported_as_a_plain_count(tmp_path: Path) -> None:
    page = _page(tmp_path, reconnects=0)
    assert "16 次（未成功）" in page
    assert "未出帧（电脑太慢）" in page and ">300<" in page


def test_tries_that_came_back_say_how_many_did(tmp_path: Path) -> None:
    page = _page(tmp_path, reconnects=1, language="en")
    assert "16 (1 succeeded)" in page and "Frames missed (computer too slow)" in page
