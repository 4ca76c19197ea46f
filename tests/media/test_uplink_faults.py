"""Only the server's own words reject a key: an edge that hangs up is the network (issue 11).

An ingest edge whose backends restart accepts each connection and closes it, before, during
or after the RTMP handshake: the studio keeps retrying, says it is the network, and publishes
again as soon as the edge is back. A refusal after `publish` every time for a while (nginx-rtmp's
on_publish 403) is final, and even then one call tries again with a new key.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from studio.core.destination import Destination
from studio.core.messages import render
from studio.core.state import OutputState, OutputStatus
from studio.media.outputs.rtmp import RtmpOutput
from tests.support.edge import FlakyEdge
from tests.support.servers import NginxRtmp, ThrottleProxy, self_signed_tls, wait_for
from tests.support.session import pattern_engine

pytestmark = pytest.mark.nginx


@contextlib.contextmanager
def pushing(url: str, **options: object) -> Iterator[tuple[RtmpOutput, list[OutputStatus]]]:
    engine = pattern_engine()
    out = RtmpOutput(Destination.parse(url), engine.encoder.stream_info, **options)  # type: ignore[arg-type]
    events: list[OutputStatus] = []
    out.status_changed.connect(events.append)
    engine.add_output(out)
    engine.start()
    try:
        yield out, events
    finally:
        engine.stop()


@pytest.mark.parametrize("scheme", ["rtmp", "rtmps"])
def test_an_edge_that_hangs_up_is_the_network_and_the_stream_comes_back(
    nginx: NginxRtmp, tmp_path: Path, scheme: str
) -> None:
    server_tls, client_tls = self_signed_tls(tmp_path) if scheme == "rtmps" else (None, None)
    edge = FlakyEdge(nginx.port, tls=server_tls)
    options = {"ssl_context": client_tls} if client_tls else {}
    try:
        with pushing(edge.url("edge-show"), **options) as (out, events):
            wait_for(lambda: out.stats.sent_video_frames > 30, 20, "live through the edge")
            # the backends restart: the edge hangs up at every point before the publish,
            # each for more attempts than the old rule allowed before giving up for good (4)
            for mode in ("before_handshake", "mid_handshake", "after_handshake"):
                edge.mode = mode
                hung_up = edge.hung_up
                edge.drop()
                wait_for(lambda: edge.hung_up >= hung_up + 5, 60, f"hang-ups {mode}")  # noqa: B023
                assert out.state is not OutputState.FAILED
            edge.mode = "forward"  # back
            sent = out.stats.sent_video_frames
            wait_for(
                lambda: out.state is OutputState.LIVE and out.stats.sent_video_frames > sent + 30,
                60,
                "publishing again once the edge is back",
            )
    finally:
        edge.close()
    assert OutputState.FAILED not in [e.state for e in events]
    reasons = [e.reason for e in events if e.state is OutputState.RECONNECTING]
    early = [r for r in reasons if "before the stream was published" in render(r, "en")]
    assert early, [render(r, "en") for r in reasons]
    for reason in early:
        assert "不是推流码的问题" in render(reason, "zh")  # in the host's words: not the key
        assert "stream key is" not in render(reason, "en")
    assert out.stats.reconnects >= 1


def test_a_refusal_after_publish_every_time_is_final_and_a_new_key_tries_again(
    nginx_with_key: NginxRtmp,
) -> None:
    """nginx-rtmp's on_publish 403 hangs up right after the publish: said at once as a likely
    key problem while retrying, final once it has been so every time for the set window, and
    one call with the right key publishes while the rest goes on."""
    with pushing(nginx_with_key.url("wrong-key-456"), rejection_final_s=3.0) as (out, events):
        wait_for(lambda: out.state is OutputState.FAILED, 60, "the refusal taken as final")
        before = [e for e in events if e.state is OutputState.RECONNECTING]
        assert len(before) >= 2  # retried first: one close is not a verdict
        assert all("right after the stream was published" in render(e.reason, "en") for e in before)
        first, final = before[0], next(e for e in events if e.state is OutputState.FAILED)
        assert final.at - first.at >= 3.0  # every time, for the whole window
        for language in ("zh", "en"):
            assert "wrong-key-456" not in render(final.reason, language)
        assert "stream key" in render(final.reason, "en") and "推流码" in render(final.reason, "zh")
        # the host pastes the right key: one call, and the destination publishes
        out.replace_destination(Destination.parse(nginx_with_key.url("right-key-123")))
        out.retry_now()
        sent = out.stats.sent_video_frames
        wait_for(
            lambda: out.state is OutputState.LIVE and out.stats.sent_video_frames > sent + 30,
            30,
            "live with the new key",
        )


def test_a_stream_that_was_live_keeps_trying_by_itself_after_a_rejection(
    nginx_with_key: NginxRtmp,
) -> None:
    """Headless, nobody may be there to click: a destination that was live once and is then
    refused (the key expired mid-show) tries again by itself, says so, and comes back when
    the platform takes the key again."""
    proxy = ThrottleProxy(target_port=nginx_with_key.port)
    auth = nginx_with_key.auth_handler
    try:
        url = f"rtmp://127.0.0.1:{proxy.port}/live/right-key-123"
        with pushing(url, rejection_final_s=2.0, failed_retry_s=2.0) as (out, events):
            wait_for(lambda: out.stats.sent_video_frames > 30, 20, "live")
            auth.allowed_key = "another-key"  # the platform stops taking this key
            proxy.drop()
            wait_for(lambda: out.state is OutputState.FAILED, 60, "refused for good")
            failed = next(e for e in events if e.state is OutputState.FAILED)
            assert "trying again by itself in 2 s" in render(failed.reason, "en")
            auth.allowed_key = "right-key-123"  # the platform takes it again
            wait_for(lambda: out.state is OutputState.LIVE, 30, "back by itself")
            assert out.stats.reconnects >= 1
    finally:
        auth.allowed_key = "right-key-123"
        proxy.close()
