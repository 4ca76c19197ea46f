"""RTMPS: the same push over TLS, verified against the ingest's certificate."""

from __future__ import annotations

from pathlib import Path

from studio.core.destination import Destination
from studio.core.messages import render
from studio.core.state import OutputState
from studio.media.outputs.rtmp import RtmpOutput
from tests.support.media import probe
from tests.support.servers import NginxRtmp, ThrottleProxy, self_signed_tls, wait_for
from tests.support.session import pattern_engine


def test_rtmps_push_arrives_through_tls(nginx: NginxRtmp, tmp_path: Path) -> None:
    server_tls, client_tls = self_signed_tls(tmp_path)
    proxy = ThrottleProxy(target_port=nginx.port, tls=server_tls)
    engine = pattern_engine()
    try:
        out = RtmpOutput(
            Destination.parse(f"rtmps://127.0.0.1:{proxy.port}/live/secure"),
            engine.encoder.stream_info,
            ssl_context=client_tls,
        )
        engine.add_output(out)
        engine.start()
        wait_for(lambda: out.stats.sent_video_frames > 60, 20, "2 s sent over TLS")
        assert out.state is OutputState.LIVE
    finally:
        engine.stop()
        proxy.close()
    wait_for(lambda: bool(nginx.recordings()), 10, "nginx's recording of the push")
    got = probe(nginx.recordings()[-1])
    assert (got.video_codec, got.audio_codec, got.width) == ("h264", "aac", 640)


def test_an_untrusted_certificate_is_refused(nginx: NginxRtmp, tmp_path: Path) -> None:
    server_tls, _ = self_signed_tls(tmp_path)
    proxy = ThrottleProxy(target_port=nginx.port, tls=server_tls)
    engine = pattern_engine()
    events = []
    try:
        out = RtmpOutput(
            Destination.parse(f"rtmps://127.0.0.1:{proxy.port}/live/secure"),
            engine.encoder.stream_info,
        )  # the system's trust store: not trusted
        out.status_changed.connect(events.append)
        engine.add_output(out)
        engine.start()
        # the status the host is shown (the state is set a moment before it is sent out)
        wait_for(
            lambda: any(e.state is OutputState.FAILED for e in events),
            20,
            "failed for good, not retried",
        )
        failed = next(e for e in events if e.state is OutputState.FAILED)
        reason = render(failed.reason, "en")
        assert "certificate" in reason and "not trusted" in reason
        assert out.stats.sent_video_frames == 0 and out.stats.connect_attempts == 1
    finally:
        engine.stop()
        proxy.close()
