"""Link-ups over a real stream: held while the ingest is away, fired when it is back."""

from __future__ import annotations

from pathlib import Path

from studio.app.show import Show, ShowSettings
from studio.core.catalog import Product
from studio.core.show import LinkUpState
from studio.core.state import OutputState
from studio.media.overlays import OverlayPresenter
from studio.platform_api.http import HttpPlatform
from studio.rehearsal.server import RehearsalServer
from studio.storage.journal import Journal
from tests.support.servers import FfmpegIngest, wait_for
from tests.support.session import live, output, states, stream_config


def test_a_link_up_during_a_reconnect_waits_for_the_ingest(
    ffmpeg_ingest: FfmpegIngest, tmp_path: Path
) -> None:
    journal = Journal(tmp_path / "journal.sqlite3")
    with (
        RehearsalServer() as server,
        live(stream_config(ffmpeg_ingest.url)) as (session, events),
    ):
        show = Show(
            journal,
            HttpPlatform(server.url),
            ShowSettings(countdown_s=1),
            OverlayPresenter(session.engine.compositor),
            session.clock.t0_ns,
        )
        show.watch_outputs(session.output_status.connect, [output(session).name])
        show.start([Product("脐橙", 3990, 1990, stock=10)])
        try:
            wait_for(lambda: output(session).state is OutputState.LIVE, 20, "live")
            show.advance()
            ffmpeg_ingest.stop()
            wait_for(lambda: OutputState.RECONNECTING in states(events), 20, "reconnecting")
            link = show.link_up()
            assert show.latest(link).state is LinkUpState.HELD  # viewers would miss it: it waits
            ffmpeg_ingest.start()
            wait_for(
                lambda: show.latest(link).state is LinkUpState.LISTED, 40, "listed after the return"
            )
            assert show.latest(link).countdown_at > show.latest(link).requested_at
            stream_back = max(e.at for e in events if e.state is OutputState.LIVE)
            assert (
                show.latest(link).countdown_at >= stream_back
            )  # counted down only once viewers see it
        finally:
            show.end()
    journal.close()
