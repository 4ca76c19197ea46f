"""What the app says and raises stays a Message up to the edge: the CLI or the window words it
in its own language, and a key in an error's words is gone before it gets there."""

from __future__ import annotations

from pathlib import Path

from studio.app.errors import ConfigError
from studio.app.journal_open import open_journal
from studio.core.destination import redact_message
from studio.core.messages import Message, leveled, plain, render, said


def test_a_damaged_journal_is_said_as_a_message_either_language_can_word(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    path.write_bytes(b"not a database at all, " * 100)
    heard: list[Message] = []
    journal = open_journal(path, say=heard.append)
    journal.close()
    assert len(heard) == 1 and heard[0].code == "journal.moved_aside"
    assert "已损坏" in render(heard[0], "zh") and str(path) in render(heard[0], "zh")
    assert "was damaged" in render(heard[0], "en")


def test_a_notice_keeps_its_level_in_front_in_both_languages() -> None:
    line = leveled("warning", Message("linkup.none_running"))
    assert render(line, "zh") == "[warning] 现在没有进行中的上链接"
    assert render(line, "en") == "[warning] No link-up is running"


def test_a_key_in_an_errors_words_is_redacted_and_the_message_kept() -> None:
    key = "live-key-0123456789abcdef"
    inner = plain(f"rtmp://127.0.0.1/live/{key} refused")
    error = ConfigError(Message("destination.refused", {"reason": inner}))
    clean = redact_message(said(error), [key])
    assert clean.code == "destination.refused"
    for language in ("zh", "en"):
        assert key not in render(clean, language)
        assert "refused" in render(clean, language)
