"""The host's show actions from the window: one at a time, in the order made, and what the
stream shows after them; the window never waits on the show."""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import cv2
import numpy as np
import pytest
from PySide6.QtCore import Qt, QTimer

from studio.core.rundown import LinkUpState
from studio.qt.app import StudioApp
from tests.support.media import card_pictures

pytestmark = pytest.mark.slow  # streams or long flows: not in the fast tier


def _sheet(tmp_path: Path) -> Path:
    """Two products with pure red and pure blue pictures: the stream's card says whose it is."""
    cv2.imwrite(str(tmp_path / "红.png"), np.full((200, 200, 3), (0, 0, 255), np.uint8))
    cv2.imwrite(str(tmp_path / "蓝.png"), np.full((200, 200, 3), (255, 0, 0), np.uint8))
    path = tmp_path / "货单.csv"
    path.write_text(
        "商品名称,原价,直播价,库存,图片\n苹果,39.9,19.9,100000,红.png\n蓝莓,49.9,29.9,100000,蓝.png\n",
        encoding="utf-8",
    )
    return path


def _rehearse(qtbot, app: StudioApp, tmp_path: Path) -> None:
    window = app.window
    window.products.import_file(_sheet(tmp_path))
    qtbot.waitUntil(lambda: window.products.list.count() == 2, timeout=10_000)
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.products.attached_show is not None, timeout=30_000)
    qtbot.waitUntil(window.stop_button.isEnabled, timeout=30_000)


@contextmanager
def _buying(app: StudioApp, product: str) -> Iterator[None]:
    """Viewers of the rehearsal keep buying `product` (orders through the rehearsal platform)."""
    server = app.studio.broadcast.run.server
    session_id = app.studio.show.platform.session_id
    buyers = itertools.count()
    selling = threading.Event()
    selling.set()

    def buy() -> None:
        while selling.is_set():
            order = partial(
                server.platform.place_order, session_id, f"buyer-{next(buyers)}", product, 1
            )
            server.call(order)

    thread = threading.Thread(target=buy, daemon=True)
    thread.start()
    try:
        yield
    finally:
        selling.clear()
        thread.join(10)


def test_next_and_f9_at_once_put_the_second_product_on_stream(qtbot, studio_app, tmp_path) -> None:
    """Issue 23: 下一个商品 and F9 pressed together link up the second product, and the card
    viewers see (decoded from the recording) stays on it while the first keeps selling."""
    window = studio_app.window
    panel = window.products
    _rehearse(qtbot, studio_app, tmp_path)
    show = studio_app.studio.show
    window.activateWindow()
    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(window, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: len(show.link_ups) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: show.link_ups[0].state is LinkUpState.LISTED, timeout=20_000)
    assert show.link_ups[0].product_name == "苹果"
    qtbot.waitUntil(lambda: panel.list.currentRow() == 0, timeout=5_000)  # the list follows
    with _buying(studio_app, "苹果"):
        qtbot.waitUntil(lambda: show.link_ups[0].orders >= 5, timeout=20_000)
        # the host presses 下一个商品 and F9 one right after the other
        qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
        qtbot.keyClick(window, Qt.Key.Key_F9)
        qtbot.waitUntil(lambda: len(show.link_ups) == 2, timeout=10_000)
        qtbot.waitUntil(lambda: show.link_ups[1].state is LinkUpState.LISTED, timeout=20_000)
        orders = show.link_ups[0].orders
        qtbot.waitUntil(lambda: show.link_ups[0].orders >= orders + 60, timeout=30_000)
    assert show.link_ups[1].product_name == "蓝莓"
    assert show.queue.current is not None and show.queue.current.product.name == "蓝莓"
    qtbot.mouseClick(window.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.start_button.isEnabled, timeout=30_000)
    recordings = list((Path(os.environ["STUDIO_DATA_DIR"]) / "recordings").glob("*.mkv"))
    assert len(recordings) == 1
    seen = card_pictures(recordings[0])
    assert "red" in seen and "blue" in seen
    after = seen[seen.index("blue") :]  # from the second product's countdown on
    assert len(after) > 30
    assert set(after) == {"blue"}, f"{after.count('red')} of {len(after)} frames show 苹果"


def test_new_terms_then_f9_link_up_at_the_new_price(qtbot, studio_app, tmp_path) -> None:
    """Two quick actions reach the show in the order the host made them: the price applied
    just before F9 is the price the product is listed at."""
    window = studio_app.window
    panel = window.products
    _rehearse(qtbot, studio_app, tmp_path)
    show = studio_app.studio.show
    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.list.currentRow() == 0, timeout=5_000)
    qtbot.waitUntil(panel.apply_terms.isEnabled, timeout=5_000)
    panel.price.setValue(9.9)
    window.activateWindow()
    qtbot.mouseClick(panel.apply_terms, Qt.MouseButton.LeftButton)
    qtbot.keyClick(window, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: len(show.link_ups) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: show.link_ups[0].state is LinkUpState.LISTED, timeout=20_000)
    assert show.link_ups[0].live_price_fen == 990
    server, session_id = studio_app.studio.broadcast.run.server, show.platform.session_id
    listing = server.call(lambda: server.platform.session(session_id).listings["苹果"])
    assert listing.live_price_fen == 990  # what buyers pay
    qtbot.mouseClick(window.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.start_button.isEnabled, timeout=30_000)


def test_quitting_while_a_link_up_is_sending_keeps_the_window_answering(
    qtbot, studio_app, tmp_path
) -> None:
    """Quit while the platform is slow to answer a link-up: the stream stops on a worker and
    the window keeps handling events until it closes by itself when the stop is done."""
    window = studio_app.window
    panel = window.products
    _rehearse(qtbot, studio_app, tmp_path)
    show = studio_app.studio.show
    server = studio_app.studio.broadcast.run.server

    def stall() -> None:
        server.platform.faults.stall_link_ups_s = 4.0  # within the retry budget
        server.platform.faults.stall_count = 1

    server.call(stall)
    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.link_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: bool(show.link_ups) and show.link_ups[0].state is LinkUpState.SENDING,
        timeout=20_000,
    )
    ticks = [0]
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.__setitem__(0, ticks[0] + 1))
    timer.start(10)
    try:
        window.quit_action.trigger()  # Ctrl+Q, answered "yes, stop and quit"
        now = ticks[0]
        qtbot.waitUntil(lambda: ticks[0] >= now + 10, timeout=5_000)  # events keep flowing
        assert show.link_ups[0].state is LinkUpState.SENDING  # … while the stop waits on it
        assert window.isVisible() and "quitting" in window.status.currentMessage()
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=30_000)
    finally:
        timer.stop()
    assert not studio_app.studio.live
    assert show.link_ups[0].state is LinkUpState.LISTED  # the send landed before the end


def test_ctrl_up_reorders_the_rehearsals_queue_and_both_countdowns_say_one_digit(
    qtbot, studio_app, tmp_path
) -> None:
    """Ctrl+↑ during a rehearsal moves the product in the show's queue (it stays selected);
    the teleprompter's big digit and the F9 area's digit are drawn from one tick: at any
    moment, also right at a digit's change, they say the same digit."""
    window = studio_app.window
    panel = window.products
    # the settings page's longest countdown: still counting while the digits are checked
    studio_app.settings.setValue("show/countdown_s", 10)
    _rehearse(qtbot, studio_app, tmp_path)
    show = studio_app.studio.show
    panel.list.setFocus()
    panel.list.setCurrentRow(1)
    qtbot.keyClick(panel.list, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: [e.product.name for e in show.queue.items] == ["蓝莓", "苹果"], timeout=10_000
    )
    qtbot.waitUntil(lambda: panel.list.item(0).text().startswith("蓝莓"), timeout=5_000)
    assert panel.list.currentRow() == 0  # the moved product stays selected
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F9)
    qtbot.waitUntil(
        lambda: (
            bool(show.link_ups)
            and show.link_ups[-1].state is LinkUpState.COUNTING
            and show.link_ups[-1].zero_at is not None
        ),
        timeout=20_000,
    )
    zero_at = show.link_ups[-1].zero_at
    assert zero_at is not None
    for before_zero in (9.5, 3.0001, 2.9999, 2.0001, 2.0, 1.9999, 1.0001, 0.9999):
        panel._update_countdown(zero_at - before_zero)  # one tick of the F9 area's clock
        digit = show.link_ups[-1].digit_at(zero_at - before_zero)
        assert panel.countdown_label.text() == window.host.countdown.text() == str(digit)
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.start_button.isEnabled, timeout=30_000)
