"""Link-ups over a real stream: held while the ingest is away, fired when it is back."""

from __future__ import annotations

import functools
import itertools
import threading
import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from studio.app.show import Show, ShowSettings
from studio.app.showrun import ShowPlan, ShowRun
from studio.core.catalog import Product
from studio.core.messages import Message, render
from studio.core.rundown import LinkUpState
from studio.core.state import OutputState
from studio.media.overlays import OverlayPresenter
from studio.platform_api.http import HttpPlatform
from studio.rehearsal.server import RehearsalServer
from studio.storage.journal import Journal
from tests.support.media import card_pictures
from tests.support.servers import FfmpegIngest, NginxRtmp, free_port, wait_for
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


def test_the_card_on_stream_stays_the_newest_product_while_an_older_one_sells(
    tmp_path: Path,
) -> None:
    """Issue 23: the host links up a second product while the first keeps selling; every
    order for the first used to paint its card back over the new one. Read back from the
    recording, every frame after the second link-up shows the second product's card."""
    red, blue = tmp_path / "红.png", tmp_path / "蓝.png"
    cv2.imwrite(str(red), np.full((200, 200, 3), (0, 0, 255), np.uint8))
    cv2.imwrite(str(blue), np.full((200, 200, 3), (255, 0, 0), np.uint8))
    recording = tmp_path / "show.mkv"
    journal = Journal(tmp_path / "journal.sqlite3")
    with RehearsalServer() as server, live(stream_config(record=recording)) as (session, _):
        show = Show(
            journal,
            HttpPlatform(server.url),
            ShowSettings(countdown_s=1),
            OverlayPresenter(session.engine.compositor, {"A": red, "B": blue}),
            session.clock.t0_ns,
        )
        show.start(
            [
                Product("苹果", 3990, 1990, stock=100_000, sku="A"),
                Product("蓝莓", 4990, 2990, stock=100_000, sku="B"),
            ]
        )
        selling = threading.Event()
        buyers = itertools.count()

        def buy_the_first() -> None:  # a busy audience that keeps buying the first product
            session_id = show.platform.session_id
            while selling.is_set():
                buyer_id = f"buyer-{next(buyers)}"
                server.call(
                    functools.partial(server.platform.place_order, session_id, buyer_id, "A", 1)
                )

        try:
            show.advance()
            first = show.link_up()
            wait_for(lambda: show.latest(first).state is LinkUpState.LISTED, 20, "first listed")
            selling.set()
            buyer = threading.Thread(target=buy_the_first, daemon=True)
            buyer.start()
            wait_for(lambda: show.latest(first).orders >= 5, 20, "the first product sells")
            show.advance()
            second = show.link_up()
            wait_for(lambda: show.latest(second).state is LinkUpState.LISTED, 20, "second listed")
            orders = show.latest(first).orders
            wait_for(lambda: show.latest(first).orders >= orders + 60, 30, "the first sells on")
            zero_ns = session.clock.t0_ns + int((show.latest(second).zero_stream_s or 0) * 1e9)
            wait_for(lambda: time.monotonic_ns() > zero_ns + 3_000_000_000, 30, "3 s on stream")
            selling.clear()
            buyer.join(10)
        finally:
            selling.clear()
            show.end()
    journal.close()
    seen = card_pictures(recording)
    assert "red" in seen and "blue" in seen  # the reading tells the two products' cards apart
    after = seen[seen.index("blue") :]  # from the second product's countdown on
    assert len(after) > 30  # a second and more of frames while the first product sells
    assert set(after) == {"blue"}, f"{after.count('red')} of {len(after)} frames show the first"


def _catalog(tmp_path: Path) -> Path:
    path = tmp_path / "货单.csv"
    path.write_text("商品名称,原价,直播价,库存\n赣南脐橙,39.9,19.9,50\n", encoding="utf-8")
    return path


@pytest.mark.nginx
def test_a_link_up_fires_at_once_when_pushing_and_recording(
    nginx: NginxRtmp, tmp_path: Path
) -> None:
    """Issue 23: with --to and --record the push went live before the show listened, so the
    gate never heard it and held the first link-up for its whole start-up grace, saying "A
    destination is reconnecting". The show now reads where the push stands."""
    said: list[Message] = []
    plan = ShowPlan(catalog=_catalog(tmp_path), settings=ShowSettings(countdown_s=1))
    run = ShowRun(plan, say=said.append)
    run.prepare()
    config = stream_config(nginx.url("show"), record=tmp_path / "show.mkv")
    with live(config) as (session, _):
        wait_for(lambda: output(session).state is OutputState.LIVE, 20, "the push live")
        run.start(session)  # as the CLI and the window do: the session first, then the show
        assert run.show is not None
        try:
            run.show.advance()
            link = run.show.link_up()
            assert run.show.latest(link).state is not LinkUpState.HELD
            wait_for(lambda: run.show.latest(link).state is LinkUpState.LISTED, 20, "listed")
        finally:
            run.finish()
    held = [s for s in map(render, said) if "重连" in s or "还在连接" in s]
    assert not held, held


def test_a_push_still_connecting_at_the_start_is_not_called_reconnecting(
    tmp_path: Path,
) -> None:
    """A link-up held for a destination that has never been on air says it is connecting."""
    journal = Journal(tmp_path / "journal.sqlite3")
    nobody = f"rtmp://127.0.0.1:{free_port()}/live/show"  # nothing listens: never on air
    with (
        RehearsalServer() as server,
        live(stream_config(nobody, record=tmp_path / "show.mkv")) as (session, _),
    ):
        show = Show(
            journal,
            HttpPlatform(server.url),
            ShowSettings(countdown_s=1),
            OverlayPresenter(session.engine.compositor),
            session.clock.t0_ns,
        )
        codes: list[str] = []
        show.notice.connect(lambda n: codes.append(getattr(n.message, "code", "")))
        rtmp = output(session)
        show.watch_outputs(session.output_status.connect, [rtmp.name], lambda _n: rtmp.state)
        show.start([Product("脐橙", 3990, 1990, stock=10)])
        try:
            show.advance()
            link = show.link_up()
            assert show.latest(link).state is LinkUpState.HELD  # in the start-up grace
            wait_for(lambda: any(c.startswith("linkup.held") for c in codes))
            assert "linkup.held_connecting" in codes and "linkup.held" not in codes
            show.cancel_link_up()
        finally:
            show.end()
    journal.close()
