"""Faults: the ingest restarts, the uplink stalls, the server still holds the old session."""

from __future__ import annotations

from studio.core.messages import render
from studio.core.state import OutputState
from tests.support.servers import FfmpegIngest, NginxRtmp, wait_for
from tests.support.session import live, output, states, stream_config


def test_ingest_restart_reconnects_on_a_keyframe_with_monotonic_timestamps(
    ffmpeg_ingest: FfmpegIngest,
) -> None:
    with live(stream_config(ffmpeg_ingest.url)) as (session, events):
        out = output(session)
        wait_for(lambda: len(ffmpeg_ingest.packets()) > 60, 20, "the first session's media")
        ffmpeg_ingest.stop()  # the ingest goes away
        wait_for(lambda: OutputState.RECONNECTING in states(events), 20, "reconnecting")
        ffmpeg_ingest.start()  # ... and comes back on the same port
        wait_for(lambda: len(ffmpeg_ingest.packets()) > 60, 30, "media in the second session")
        assert out.state is OutputState.LIVE
        assert out.stats.reconnects == 1
    first, second = ffmpeg_ingest.packets(0), ffmpeg_ingest.packets(1)
    video2 = [p for p in second if p["kind"] == "video"]
    assert video2[0]["key"], "the new session starts on a keyframe"
    last_before = max(p["dts"] for p in first)
    assert min(p["dts"] for p in second) > last_before, "nothing from before the drop is re-sent"
    for kind in ("video", "audio"):
        dts = [p["dts"] for p in second if p["kind"] == kind]
        assert dts == sorted(dts), f"{kind} timestamps stay monotonic"
    reconnecting = [e for e in events if e.state is OutputState.RECONNECTING]
    assert reconnecting[0].attempt == 1 and reconnecting[0].reason


def test_stalled_uplink_is_detected_and_the_stream_comes_back(nginx: NginxRtmp) -> None:
    config = stream_config(nginx.url("stall"))
    with live(config) as (session, events):
        out = output(session)
        wait_for(lambda: out.stats.sent_video_frames > 30, 20, "live at nginx")
        nginx.pause()  # nginx stops reading: the sender's socket buffer fills up
        wait_for(
            lambda: OutputState.RECONNECTING in states(events), 40, "a stalled uplink detected"
        )
        nginx.resume()
        wait_for(
            lambda: states(events)[-1] is OutputState.LIVE and out.stats.reconnects >= 1,
            60,
            "live again after the stall",
        )
        sent = out.stats.sent_video_frames
        wait_for(lambda: out.stats.sent_video_frames > sent + 30, 20, "video flowing again")
    stalled = next(e for e in events if e.state is OutputState.RECONNECTING)
    said = render(stalled.reason, "en")
    assert "uplink" in said or "connection" in said


def test_already_publishing_is_retried_until_the_old_session_is_gone(nginx: NginxRtmp) -> None:
    """A second publisher on the same key gets NetStream.Publish.BadName and keeps retrying."""
    url = nginx.url("busy")
    with live(stream_config(url)) as (first, _):
        wait_for(lambda: output(first).state is OutputState.LIVE, 20, "the first publisher live")
        with live(stream_config(url)) as (second, events):
            wait_for(
                lambda: any("already publishing" in render(e.reason, "en") for e in events),
                20,
                "the busy answer reported",
            )
            assert output(second).state is not OutputState.FAILED
            first.stop()  # the old session goes away
            wait_for(
                lambda: output(second).state is OutputState.LIVE,
                30,
                "the second publisher live once the key is free",
            )


def test_wrong_key_fails_clearly_without_endless_retries(nginx_with_key: NginxRtmp) -> None:
    """nginx hangs up right after the publish every time: final after 30 s of that."""
    with live(stream_config(nginx_with_key.url("wrong-key-456"))) as (_session, events):
        wait_for(lambda: OutputState.FAILED in states(events), 90, "the publish refused for good")
        failed = next(e for e in events if e.state is OutputState.FAILED)
        assert "stream key" in render(failed.reason, "en") and "推流码" in render(
            failed.reason, "zh"
        )
        for language in ("zh", "en"):
            assert "wrong-key-456" not in render(failed.reason, language)


def test_right_key_is_accepted(nginx_with_key: NginxRtmp) -> None:
    with live(stream_config(nginx_with_key.url("right-key-123"))) as (session, _):
        wait_for(
            lambda: output(session).stats.sent_video_frames > 30, 20, "live with the right key"
        )
