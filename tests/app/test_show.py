"""The show use case against the rehearsal platform over real HTTP on loopback."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from studio.app.report import build_report
from studio.app.show import Notice, Show, ShowSettings
from studio.core.catalog import Product
from studio.core.events import Signal
from studio.core.rundown import ItemState, LinkUpError, LinkUpState
from studio.core.state import OutputState, OutputStatus
from studio.media.compositor import Compositor
from studio.media.overlays import GROUP, OverlayPresenter
from studio.platform_api.assisted import AssistedPlatform
from studio.platform_api.http import HttpPlatform
from studio.rehearsal.audience import AudienceSettings
from studio.rehearsal.server import RehearsalServer
from studio.storage.journal import Journal
from tests.support.servers import wait_for

PRODUCTS = [
    Product("赣南脐橙 5斤装", 3990, 1990, stock=30, limit_per_buyer=2, sku="A1"),
    Product("土鸡蛋 30枚", 4500, 2990, stock=None, sku="A2"),
    Product("野生蜂蜜", 6800, 4990, stock=5, sku="A3"),
]


@pytest.fixture
def server() -> Iterator[RehearsalServer]:
    with RehearsalServer(audience=AudienceSettings(size=80, seed=1, tick_s=0.05)) as srv:
        yield srv


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    j = Journal(tmp_path / "journal.sqlite3")
    yield j
    j.close()


def make_show(server: RehearsalServer, journal: Journal, **settings: object) -> Show:
    compositor = Compositor(720, 1280)
    show = Show(
        journal,
        HttpPlatform(server.url, timeout_s=0.5, retry_budget_s=2.0, name="rehearsal"),
        ShowSettings(title="助农专场", **settings),
        OverlayPresenter(compositor),
    )
    show.compositor = compositor  # type: ignore[attr-defined]  # for the assertions below
    return show


def test_a_link_up_lists_the_product_and_orders_follow(server, journal) -> None:
    show = make_show(server, journal, countdown_s=1)
    notices: list[Notice] = []
    show.notice.connect(notices.append)
    show.start(PRODUCTS)
    try:
        show.advance()
        link = show.link_up()
        assert show.latest(link).state is LinkUpState.COUNTING
        wanted = {GROUP + "card", GROUP + "digit1", GROUP + "banner"}
        wait_for(lambda: wanted <= {lay.name for lay in show.compositor.layers})
        wait_for(lambda: show.latest(link).state is LinkUpState.LISTED)
        assert show.latest(link).countdown_at < show.latest(link).zero_at
        assert (
            show.latest(link).platform_received_at is not None
            and show.latest(link).acked_at is not None
        )
        wait_for(lambda: show.latest(link).orders > 0)
        assert show.queue.current.product.sku == "A1"
        assert show.queue.next_up.product.sku == "A2"
    finally:
        show.end()
    report = build_report(journal, show.show_id)
    first = report["link_ups"][0]
    assert first["product_name"] == "赣南脐橙 5斤装" and first["status"] in ("listed", "sold_out")
    for key in ("countdown_at", "zero_at", "sent_at", "acked_at", "platform_received_at"):
        assert isinstance(first[key], float)
    orange = report["products"][0]
    assert (orange["name"], orange["price"], orange["live_price"], orange["stock"]) == (
        "赣南脐橙 5斤装",
        39.9,
        19.9,
        30,
    )
    assert orange["orders"] >= 1 and orange["units"] <= 30
    assert report["totals"]["revenue"] == pytest.approx(
        sum(p["revenue"] for p in report["products"]), abs=0.005
    )
    assert orange["revenue"] == pytest.approx(
        sum(o.amount_fen for o in journal.orders(show.show_id) if o.product_key == "A1") / 100
    )
    assert journal.unfinished_show() is None
    assert not [n for n in notices if n.level == "error"]


@pytest.mark.slow
def test_the_platform_down_during_the_countdown_reaches_the_host_at_once(server, journal) -> None:
    show = make_show(server, journal, countdown_s=2)
    notices: list[Notice] = []
    show.notice.connect(notices.append)
    show.start(PRODUCTS)
    try:
        show.advance()
        link = show.link_up()
        server.stop()
        wait_for(lambda: show.latest(link).state is LinkUpState.FAILED)
        errors = [n for n in notices if n.level == "error"]
        assert errors and "赣南脐橙" in errors[0].text and "平台" in errors[0].text
        # the countdown card is replaced by the failed one (drawn off the show's loop)
        wait_for(
            lambda: any(
                lay.name == GROUP + "card" and lay.start_ns is None
                for lay in show.compositor.layers
            )
        )
    finally:
        show.end()
    assert build_report(journal, show.show_id)["link_ups"][0]["status"] == "failed"


def test_cancel_during_the_countdown_calls_nothing(server, journal) -> None:
    show = make_show(server, journal, countdown_s=5)
    show.start(PRODUCTS)
    try:
        show.advance()
        link = show.link_up()
        with pytest.raises(LinkUpError):
            show.link_up()  # one at a time
        assert show.cancel_link_up().state is LinkUpState.CANCELLED
        wait_for(lambda: not [lay for lay in show.compositor.layers if lay.name.startswith(GROUP)])
        session = server.platform.sessions[show.platform.session_id]
        assert not [c for c in session.calls if c["path"].endswith("/link-ups")]
        assert show.latest(link).sent_at is None
    finally:
        show.end()


def test_link_ups_are_held_while_reconnecting_and_reannounced(server, journal) -> None:
    show = make_show(server, journal, countdown_s=1)
    status: Signal[OutputStatus] = Signal()
    show.watch_outputs(status.connect, ["douyin"])
    show.start(PRODUCTS)
    try:
        show.advance()
        status.emit(OutputStatus("douyin", OutputState.RECONNECTING, attempt=1))
        link = show.link_up()
        assert show.latest(link).state is LinkUpState.HELD
        status.emit(OutputStatus("douyin", OutputState.LIVE))
        wait_for(lambda: show.latest(link).state is LinkUpState.LISTED)
        # a drop right after zero: those viewers missed "上链接!", so it is said again
        status.emit(OutputStatus("douyin", OutputState.RECONNECTING, attempt=1))
        status.emit(OutputStatus("douyin", OutputState.LIVE))
        wait_for(lambda: show.latest(link).reannounced == 1)
    finally:
        show.end()
    report = build_report(journal, show.show_id)
    assert report["stream"]["reconnects"] == 2
    assert report["link_ups"][0]["reannounced"] == 1


def test_take_down_add_stock_and_sold_out(server, journal) -> None:
    show = make_show(server, journal, countdown_s=0)
    show.start(PRODUCTS)
    try:
        honey = next(i for i in show.queue.items if i.product.sku == "A3")
        show.set_terms(honey.item_id, release_stock=2)
        link = show.link_up(honey.item_id)
        wait_for(lambda: show.latest(link).state is LinkUpState.SOLD_OUT)  # the rush takes both
        show.add_stock(3)
        assert show.latest(link).state is LinkUpState.LISTED
        show.take_down()
        assert show.latest(link).state is LinkUpState.TAKEN_DOWN
        assert show.queue.item(honey.item_id).state is ItemState.EXPLAINING
    finally:
        show.end()


def test_sync_to_viewers_fires_when_viewers_see_zero(server, journal) -> None:
    show = make_show(server, journal, countdown_s=1, sync_to_viewers=True, viewer_delay_s=1.5)
    show.start(PRODUCTS)
    try:
        show.advance()
        link = show.link_up()
        wait_for(lambda: show.latest(link).state is LinkUpState.LISTED)
        # planned: viewers' zero (the stream's zero plus their delay) less the API latency
        assert show.latest(link).send_at == pytest.approx(
            show.latest(link).zero_at + 1.5 - show.latest(link).lead_s, abs=0.001
        )
        assert show.latest(link).platform_received_at > show.latest(link).zero_at + 1.0
    finally:
        show.end()


def test_assisted_platforms_tell_the_host_to_click(journal) -> None:
    show = Show(journal, AssistedPlatform("douyin"), ShowSettings(countdown_s=0))
    notices: list[Notice] = []
    show.notice.connect(notices.append)
    show.start(PRODUCTS)
    try:
        show.advance()
        link = show.link_up()
        wait_for(lambda: show.latest(link).state is LinkUpState.LISTED)
        assert show.latest(link).assisted
        assert any(n.level == "action" and "讲解" in n.text for n in notices)
    finally:
        show.end()


def test_an_assisted_link_up_is_reported_as_left_to_the_host_not_listed(
    journal, tmp_path: Path
) -> None:
    """The studio clicked nothing on Douyin: its report cannot say 已上架."""
    from studio.app.report import write_report

    show = Show(journal, AssistedPlatform("douyin"), ShowSettings(countdown_s=0))
    show.start(PRODUCTS)
    show.advance()
    link = show.link_up()
    wait_for(lambda: show.latest(link).state is LinkUpState.LISTED)
    show.end()
    report = build_report(journal, show.show_id)
    zh = write_report(report, tmp_path / "zh" / "r.json", "zh")
    en = write_report(report, tmp_path / "en" / "r.json", "en")
    page_zh, page_en = zh[-1].read_text(encoding="utf-8"), en[-1].read_text(encoding="utf-8")
    links_zh = zh[2].read_text(encoding="utf-8-sig")
    assert "交给主播手动上架" in page_zh and "交给主播手动上架" in links_zh
    assert "已上架" not in page_zh.split("每次上链接")[-1] and "已上架" not in links_zh
    assert "left to the host" in page_en


def test_a_product_with_no_stock_is_refused_before_the_countdown(server, journal) -> None:
    """Buyers would see "剩余 0 件 · 抢购中" and could buy nothing: the host is told first."""
    show = make_show(server, journal, countdown_s=3)
    show.start([Product("五常大米 10斤", 7900, 5900, stock=0, sku="R1"), *PRODUCTS])
    try:
        show.advance()
        with pytest.raises(LinkUpError) as refused:
            show.link_up()
        assert "库存为 0" in str(refused.value) and "补库存" in str(refused.value)
        assert not show.link_ups  # no countdown, no card on stream, nothing sent
        assert not [lay for lay in show.compositor.layers if lay.name.startswith(GROUP)]
        item = show.queue.current
        assert item is not None
        show.set_terms(item.item_id, release_stock=20)  # the way out the words give
        link = show.link_up()
        wait_for(lambda: show.latest(link).state is LinkUpState.LISTED)
    finally:
        show.end()


def test_an_unfinished_show_resumes_with_queue_current_product_and_counts(server, journal) -> None:
    show = make_show(server, journal, countdown_s=0)
    show.start(PRODUCTS)
    show.advance()
    link = show.link_up()
    wait_for(lambda: show.latest(link).orders >= 1)
    show.advance()
    show.close()  # no end(): as if the studio died here
    orders_before = len(journal.orders(show.show_id))
    record = journal.unfinished_show()
    assert record is not None and record.id == show.show_id

    again = make_show(server, journal)
    again.resume(record)
    try:
        assert [i.product.sku for i in again.queue.items] == ["A1", "A2", "A3"]
        assert again.queue.current.product.sku == "A2"
        assert again.queue.items[0].state is ItemState.DONE
        assert again.link_ups[0].state in (LinkUpState.LISTED, LinkUpState.SOLD_OUT)
        assert len(journal.orders(record.id)) >= orders_before
    finally:
        again.end()
    assert journal.unfinished_show() is None


def test_the_card_shows_the_product_picture(server, journal, tmp_path: Path) -> None:
    import cv2
    import numpy as np

    picture = tmp_path / "脐橙.png"
    cv2.imwrite(str(picture), np.full((1200, 1200, 3), (0, 140, 255), np.uint8))  # orange, 1.4 MP
    compositor = Compositor(720, 1280)
    show = Show(
        journal,
        HttpPlatform(server.url),
        ShowSettings(countdown_s=5),
        OverlayPresenter(compositor, {"A1": picture}),
    )
    show.start(PRODUCTS)
    try:
        show.advance()
        show.link_up()
        wait_for(lambda: any(lay.name == GROUP + "card" for lay in compositor.layers))
        card = next(lay for lay in compositor.layers if lay.name == GROUP + "card")
        h = card.bgra.shape[0]
        middle = card.bgra[h // 2, h // 2]  # the picture sits square at the card's left
        assert tuple(int(v) for v in middle[:3]) == (0, 140, 255)
        show.cancel_link_up()
    finally:
        show.end()


def test_the_report_page_in_both_languages(server, journal, tmp_path: Path) -> None:
    from studio.app.report import write_report

    show = make_show(server, journal, countdown_s=0)
    show.start(PRODUCTS)
    show.advance()
    link = show.link_up()
    wait_for(lambda: show.latest(link).state is LinkUpState.LISTED)
    show.end()
    report = build_report(journal, show.show_id)
    zh = write_report(report, tmp_path / "zh" / "r.json", "zh")[-1].read_text(encoding="utf-8")
    en = write_report(report, tmp_path / "en" / "r.json", "en")[-1].read_text(encoding="utf-8")
    assert "直播报告" in zh and "已上架" in zh
    assert "show report" in en and "listed" in en and "直播报告" not in en
    assert "赣南脐橙" in en  # the merchant's own words stay as written
    # the merchant's page names the platform in words and leaves engineers' figures out
    assert "内置彩排平台" in zh and "the built-in rehearsal platform" in en
    assert "平台收到-归零" not in zh and "receipt" not in en
    technical = (tmp_path / "zh" / "r-technical.csv").read_text(encoding="utf-8-sig")
    assert "receipt_minus_zero_ms" in technical  # still there for the engineers
    # the merchant's CSVs: headers in the report's language, local times, states in words
    links_zh = (tmp_path / "zh" / "r-link-ups.csv").read_text(encoding="utf-8-sig")
    links_en = (tmp_path / "en" / "r-link-ups.csv").read_text(encoding="utf-8-sig")
    assert links_zh.splitlines()[0].startswith("商品,结果,开始倒计时,归零时刻")
    assert links_en.splitlines()[0].startswith("Product,Result,Countdown started,Zero at")
    zero = time.strftime("%Y-%m-%d %H:%M", time.localtime(show.latest(link).zero_at))
    assert zero in links_zh and "已上架" in links_zh and "listed" in links_en
    assert "receipt" not in links_en and "平台收到" not in links_zh
    products_zh = (tmp_path / "zh" / "r.csv").read_text(encoding="utf-8-sig")
    assert products_zh.splitlines()[0].startswith("商品,货号,规格,原价,直播价,库存")


def test_the_spec_is_in_the_report_and_on_the_clips_card(server, journal, tmp_path: Path) -> None:
    """A 规格 from the sheet reaches every place the merchant reads the show back: the
    products CSV, the report page and the card drawn on the product's clip."""
    from studio.app.clips import plan_clips
    from studio.app.report import write_report

    honey = Product("野生蜂蜜", 6800, 4990, stock=5, sku="A3", spec="500克/瓶")
    show = make_show(server, journal, countdown_s=0)
    show.start([honey])
    show.advance()
    link = show.link_up()
    wait_for(lambda: show.latest(link).state is LinkUpState.LISTED)
    show.end()
    report = build_report(journal, show.show_id)
    page = write_report(report, tmp_path / "r.json", "zh")[-1].read_text(encoding="utf-8")
    assert "<th>规格</th>" in page and "500克/瓶" in page
    rows = (tmp_path / "r.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("商品,货号,规格,") and rows[1].startswith("野生蜂蜜,A3,500克/瓶,")
    # the clip of the product's explanation carries the spec to its card
    report["stream"] = {"events": [{"kind": "explain", "stream_s": 1.0, "product_key": "A3"}]}
    (plan,) = plan_clips(report, recording_s=60.0)
    assert plan.spec == "500克/瓶" and plan.live_price == "49.9"


def test_a_journal_disk_that_fills_up_mid_show_is_told_and_loses_nothing(
    server, tmp_path: Path
) -> None:
    """The journal on a small real disk that the show fills: the host hears it at once, the
    show and its link-ups go on, and once space is freed every order is written."""
    from tests.support.disk import fill, small_disk

    with small_disk(4096) as where:
        if where is None:
            pytest.skip("needs a small filesystem (root and mount)")
        journal = Journal(where / "journal.sqlite3")
        show = make_show(server, journal, countdown_s=0)
        notices: list[Notice] = []
        show.notice.connect(notices.append)
        show.start(PRODUCTS)
        filler = fill(where, leave_bytes=8 * 1024)
        try:
            show.advance()
            link = show.link_up()
            wait_for(
                lambda: any(n.code == "journal.write_failed" for n in notices),
                what="the host told the journal is full",
            )
            assert show.journal_failing is not None
            failed = [n for n in notices if n.code == "journal.write_failed"]
            assert failed and "磁盘已满" in failed[0].render("zh")
            assert "disk is full" in failed[0].render("en")
            wait_for(lambda: show.latest(link).orders > 0)  # the show goes on regardless
            show.advance()
            second = show.link_up()
            wait_for(
                lambda: show.latest(second).state in (LinkUpState.LISTED, LinkUpState.SOLD_OUT)
            )
            filler.unlink()  # the host frees space
            wait_for(lambda: show.journal_failing is None, what="the journal to catch up")
            assert any(n.code == "journal.recovered" for n in notices)
        finally:
            show.end()
        counted = sum(ln.orders for ln in show.link_ups)
        report = build_report(journal, show.show_id)
        assert sum(p["orders"] for p in report["products"]) == counted
        assert [ln["status"] for ln in report["link_ups"]][:1] in (["listed"], ["sold_out"])
        journal.close()


@pytest.mark.slow
def test_a_journal_disk_that_stays_full_to_the_end_still_gives_a_report_that_counts_everything(
    server, tmp_path: Path
) -> None:
    """The disk fills mid-show and is still full at Stop (the WAL takes back what the host
    freed): the writes the journal could not take are said, and the report, built from the
    journal plus those writes, lists every link-up and order the platform had."""
    from tests.support.disk import fill, small_disk

    with small_disk(4096) as where:
        if where is None:
            pytest.skip("needs a small filesystem (root and mount)")
        journal = Journal(where / "journal.sqlite3")
        show = make_show(server, journal, countdown_s=0)
        notices: list[Notice] = []
        show.notice.connect(notices.append)
        show.start(PRODUCTS)
        show.flush()
        fill(where)  # nothing left, and nobody frees any
        links = []
        try:
            for _ in range(2):
                show.advance()
                links.append(show.link_up())
                wait_for(
                    lambda: (
                        show.latest(links[-1]).state in (LinkUpState.LISTED, LinkUpState.SOLD_OUT)
                    )
                )
            wait_for(lambda: show.journal_failing is not None, what="the journal to be full")
            wait_for(lambda: sum(show.latest(ln).orders for ln in links) > 0)
        finally:
            show.end()
        counted = sum(ln.orders for ln in show.link_ups)
        assert any(n.code == "journal.not_saved_at_end" for n in notices)
        assert len(journal.link_ups(show.show_id)) < 2  # the disk really did not take them
        source = show.report_journal()
        report = build_report(source, show.show_id)
        assert len(report["link_ups"]) == 2
        assert [ln["status"] for ln in report["link_ups"]] == [
            show.latest(ln).state.name.lower() for ln in links
        ]
        assert sum(p["orders"] for p in report["products"]) == counted
        assert report["show"]["ended_at"] is not None
        source.close()
        journal.close()


def test_a_link_up_killed_after_its_send_time_is_resent_once_not_cancelled(server, journal) -> None:
    """The studio died between sending and journaling the send: the journal says COUNTING
    with a send time in the past. Resumed, the link-up is sent again with its key; the
    platform lists it once, and it is not marked cancelled."""
    import httpx

    from studio.core.rundown import LinkUp

    show = make_show(server, journal, countdown_s=0)
    show.start(PRODUCTS)
    show.advance()
    show.flush()
    item = show.queue.current
    now = show.clock.wall()
    link = LinkUp(
        item_id=item.item_id,
        product_key="A1",
        product_name=item.product.name,
        live_price_fen=item.live_price_fen,
        stock=item.release_stock,
        limit_per_buyer=None,
        countdown_s=3.0,
        state=LinkUpState.COUNTING,
        requested_at=now - 4,
        countdown_at=now - 3.5,
        zero_at=now - 0.5,
        send_at=now - 0.52,
        link_up_id=1,
    )
    journal.save_link_up(show.show_id, link)
    session = show.platform.session_id
    sent = httpx.post(  # the send that went out before the studio died
        f"{server.url}/v1/sessions/{session}/link-ups",
        json={"product_id": "A1", "live_price_fen": item.live_price_fen, "stock": 30},
        headers={"Idempotency-Key": link.idempotency_key},
    )
    assert sent.status_code == 201
    show.close()  # no end(): as if killed here
    record = journal.unfinished_show()
    again = make_show(server, journal)
    again.resume(record)
    try:
        wait_for(
            lambda: again.latest(link).state in (LinkUpState.LISTED, LinkUpState.SOLD_OUT),
            what="the resent link-up listed",
        )
    finally:
        again.end()
    platform_session = server.platform.sessions[session]
    posts = [c for c in platform_session.calls if c["path"].endswith("/link-ups")]
    assert len(posts) == 2  # sent twice (once before the crash, once on resume) …
    assert list(platform_session.idempotent) == [link.idempotency_key]  # … listed once
    first_listing = sent.json()["link_up_id"]
    assert platform_session.listings["A1"].link_up_id == first_listing
    listings = [ln for ln in journal.link_ups(record.id) if ln.product_key == "A1"]
    assert [ln.state for ln in listings] in ([LinkUpState.LISTED], [LinkUpState.SOLD_OUT])
    assert listings[0].platform_link_id == first_listing


def test_an_older_products_sold_out_and_take_down_leave_the_newer_card(
    journal, tmp_path: Path
) -> None:
    """The card on stream is the product the host put there last: the first product selling
    out or being taken down while the second is on sale never brings the first's card back."""
    import cv2
    import numpy as np

    red, blue = tmp_path / "红.png", tmp_path / "蓝.png"
    cv2.imwrite(str(red), np.full((300, 300, 3), (0, 0, 255), np.uint8))
    cv2.imwrite(str(blue), np.full((300, 300, 3), (255, 0, 0), np.uint8))
    compositor = Compositor(720, 1280)
    presenter = OverlayPresenter(compositor, {"A": red, "B": blue})

    def card() -> tuple[int, ...]:
        """The colour of the picture on the card viewers see (after what is queued is drawn)."""
        layers = {lay.name: lay for lay in compositor.layers}
        bgra = layers[GROUP + "card"].bgra
        h = bgra.shape[0]
        return tuple(int(v) for v in bgra[h // 2, h // 2][:3])

    with RehearsalServer() as server:
        show = Show(
            journal,
            HttpPlatform(server.url),
            ShowSettings(countdown_s=0),
            presenter,
        )
        show.start(
            [
                Product("苹果", 3990, 1990, stock=2, sku="A"),
                Product("蓝莓", 4990, 2990, stock=100, sku="B"),
            ]
        )
        try:
            show.advance()
            first = show.link_up()
            wait_for(lambda: show.latest(first).state is LinkUpState.LISTED)
            show.advance()
            second = show.link_up()
            wait_for(lambda: show.latest(second).state is LinkUpState.LISTED)
            wait_for(lambda: card() == (255, 0, 0), what="the second product's card")
            session_id = show.platform.session_id
            for buyer in ("b1", "b2"):  # the first product's last two sell
                server.call(lambda b=buyer: server.platform.place_order(session_id, b, "A", 1))
            wait_for(lambda: show.latest(first).state is LinkUpState.SOLD_OUT, what="sold out")
            show.pin_comment("观众", "好")  # runs on the show's loop after the sell-out …
            presenter.flush()  # … and everything queued for the picture is drawn
            assert card() == (255, 0, 0)
            show.take_down("A")
            presenter.flush()
            assert card() == (255, 0, 0)
            show.take_down()  # the card's own product: its card says so
            wait_for(lambda: show.latest(second).state is LinkUpState.TAKEN_DOWN)
        finally:
            show.end()


def test_the_card_on_stream_says_the_spec(journal, tmp_path: Path) -> None:
    """The same product with and without a 规格: the card viewers see differs only in its
    stock row, where "5斤装 · …" is drawn (the card is rendered by the stream's own code)."""
    import numpy as np

    def card_for(product: Product, db: Journal) -> tuple[np.ndarray, int]:
        compositor = Compositor(720, 1280)
        presenter = OverlayPresenter(compositor)
        with RehearsalServer() as server:
            show = Show(db, HttpPlatform(server.url), ShowSettings(countdown_s=0), presenter)
            show.start([product])
            try:
                show.advance()
                link = show.link_up()
                wait_for(lambda: show.latest(link).state is LinkUpState.LISTED)
                presenter.flush()  # the listed card drawn, nothing still queued
                layers = {lay.name: lay for lay in compositor.layers}
                return layers[GROUP + "card"].bgra, show.show_id
            finally:
                show.end()

    plain = Product("赣南脐橙", 3990, 1990, stock=None, sku="A1")
    with_spec = Product("赣南脐橙", 3990, 1990, stock=None, sku="A1", spec="5斤装")
    other = Journal(tmp_path / "other.sqlite3")
    try:
        (a, _), (b, show_id) = card_for(plain, journal), card_for(with_spec, other)
        assert other.products(show_id)[0].spec == "5斤装"  # journaled: a resumed show keeps it
    finally:
        other.close()
    assert a.shape == b.shape
    rows = np.nonzero((a != b).any(axis=(1, 2)))[0]
    assert rows.size > 0  # the spec is drawn
    assert rows.min() > a.shape[0] * 0.6  # in the stock row, under the prices


def test_a_platform_that_never_gets_the_show_ready_is_said_within_a_bound(
    journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A platform that takes the connection and never answers: opening the show gives up
    after OPEN_PLATFORM_S (shortened here) in the host's words, leaving no show behind,
    instead of "正在连接平台…" for as long as each call's own retries last."""
    import socket

    from studio.app.show import owner as show_module
    from studio.core.messages import render
    from studio.platform_api.errors import PlatformUnavailable

    monkeypatch.setattr(show_module, "OPEN_PLATFORM_S", 1.0)
    mute = socket.create_server(("127.0.0.1", 0))  # the kernel accepts; nothing ever answers
    try:
        url = f"http://127.0.0.1:{mute.getsockname()[1]}"
        platform = HttpPlatform(url, timeout_s=30.0, retry_budget_s=60.0, name="slow")
        show = Show(journal, platform, ShowSettings(), OverlayPresenter(Compositor(320, 180)))
        try:
            with pytest.raises(PlatformUnavailable) as caught:
                show.start(PRODUCTS)
            assert "1 秒内没有准备好这场直播" in render(caught.value.args[0], "zh")
            assert journal.unfinished_show() is None  # nothing to resume: it never began
        finally:
            show.close()
    finally:
        mute.close()


def test_events_a_platform_sends_at_once_are_journaled_with_the_show(tmp_path) -> None:
    """A platform that sends its backlog the moment the stream opens (a flood, a resumed
    room): the first comments belong to the show and are in its report. They used to be
    taken before the show was in the journal, and were lost from it (a disk slow to write
    the show's row made that certain)."""
    from tests.support.flood import FloodPlatform

    with FloodPlatform(valid=20, garbage_per_valid=0) as flood:

        class SlowDisk(Journal):
            """The studio's journal on a slow disk (a test double for the timing only): the
            show's row takes long enough to write that a stream opened before it would
            have been read by then."""

            def start_show(self, *args: object, **kwargs: object) -> int:
                flood.streaming.wait(2)  # an open stream is met here; none must be
                assert not flood.streaming.is_set(), "events followed before the show existed"
                return super().start_show(*args, **kwargs)  # type: ignore[arg-type]

        journal = SlowDisk(tmp_path / "journal.sqlite3")
        show = Show(
            journal,
            HttpPlatform(flood.url, timeout_s=0.5, retry_budget_s=2.0, name="flood"),
            ShowSettings(title="洪水"),
        )
        try:
            show_id = show.start(PRODUCTS)
            assert flood.flood_done.wait(20)
            show.end()
        finally:
            show.close()
    report = build_report(journal, show_id)
    journal.close()
    assert report["show"]["comments"] == 20
