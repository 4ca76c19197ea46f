"""The show's loop-owned state is one object with public methods: a link-up changed through it
is journaled, copied for the views and announced; the platform's events reach it without
touching the show's private parts."""

from __future__ import annotations

import ast
from pathlib import Path

import studio.app.show.ingest as ingest_module
from studio.app.show.loop_state import ShowState
from studio.core.events import Signal
from studio.core.rundown import LinkUp, LinkUpState
from studio.storage.journal import Journal
from studio.storage.writer import JournalWriter


def test_a_link_up_saved_through_the_state_is_journaled_copied_and_announced(
    tmp_path: Path,
) -> None:
    journal = Journal(tmp_path / "journal.sqlite3")
    writer = JournalWriter(journal)
    heard: list[LinkUp] = []
    changed: Signal[LinkUp] = Signal()
    changed.connect(heard.append)
    state = ShowState(writer, changed)
    try:
        link = LinkUp(1, "K0", "脐橙", 1990, 10, None, 3.0, zero_at=12.5, link_up_id=1)
        state.write("before the show", lambda j: j.start_show("不该写", 1.0))  # no show yet
        state.show_id = journal.start_show("测试", 1.0)
        state.links.append(link)
        state.save_link(link)
        assert state.active() is link and state.listed("K0") is None
        link.to(LinkUpState.SENDING)
        link.to(LinkUpState.LISTED, now=13.0)
        state.save_link(link)
        assert state.active() is None and state.listed("K0") is link
        assert state.by_id(1) is link and state.by_id(2) is None
        assert writer.flush(10)
        (kept,) = journal.link_ups(state.show_id)
        assert kept.state is LinkUpState.LISTED
        first = heard[0].state
        assert first in (LinkUpState.HELD, LinkUpState.COUNTING)
        assert [h.state for h in heard] == [first, LinkUpState.LISTED]
        # the views' copies are copies: changing the link-up later does not change them
        (view,) = state.links_view
        link.to(LinkUpState.TAKEN_DOWN, now=14.0)
        assert view.state is LinkUpState.LISTED
        latest = journal.latest_show()  # the write asked for before the show was never made
        assert latest is not None and latest.title == "测试"
    finally:
        writer.close()
        journal.close()


def test_the_event_ingest_uses_no_private_part_of_the_show() -> None:
    tree = ast.parse(Path(ingest_module.__file__).read_text(encoding="utf-8"))
    private = sorted(
        {
            node.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name | ast.Attribute)
            and (
                getattr(node.value, "id", None) == "show"
                or getattr(node.value, "attr", "") == "show"
            )
            and node.attr.startswith("_")
        }
    )
    assert private == []
