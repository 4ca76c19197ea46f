"""One error root: every exception class in studio derives from StudioError (or is listed here
with the reason it does not), its words are a Message rendered where it is shown, and the
error trees drawn in the docs say what the code does."""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pytest

import studio
from studio.core.errors import StudioError
from studio.core.messages import Message, render, said

ROOT = Path(studio.__file__).parent
REPO = ROOT.parent

# Exceptions that are not the studio's words to a person, and why.
NOT_ON_THE_ROOT = {
    # The rehearsal platform's refusal: an answer on the wire (the contract's error JSON in
    # the platform's own words), turned into a PlatformRejected by the client that reads it.
    "studio.rehearsal.rules.PlatformRuleError",
}


def _modules() -> list[str]:
    names = []
    for path in sorted(ROOT.rglob("*.py")):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        if parts[-1] == "__main__":
            continue
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return names


def _exception_classes() -> dict[str, type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    for name in _modules():
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseException)
                and value.__module__ == name
            ):
                found[f"{name}.{value.__qualname__}"] = value
    return found


def test_every_studio_exception_is_a_studio_error() -> None:
    classes = _exception_classes()
    assert len(classes) > 40  # the walk found them (a broken walk would pass vacuously)
    stray = sorted(
        name
        for name, cls in classes.items()
        if not issubclass(cls, StudioError) and name not in NOT_ON_THE_ROOT
    )
    assert stray == [], f"derive these from StudioError, or list them with a reason: {stray}"
    assert set(classes) >= NOT_ON_THE_ROOT, "a listed exception no longer exists: drop it"


def test_the_builtins_callers_catch_are_still_bases() -> None:
    from studio.app.errors import ConfigError
    from studio.core.rundown import LinkUpError, QueueError
    from studio.credentials import CredentialError
    from studio.storage.journal import JournalError

    assert issubclass(ConfigError, ValueError)
    assert issubclass(QueueError, ValueError)
    assert issubclass(LinkUpError, RuntimeError)
    assert issubclass(CredentialError, RuntimeError)
    assert issubclass(JournalError, RuntimeError)


def test_an_error_keeps_its_message_and_renders_in_the_language_asked() -> None:
    from studio.core.rundown import QueueError

    error = QueueError(Message("queue.no_item", {"item_id": 7}))
    assert error.message == Message("queue.no_item", {"item_id": 7})
    assert said(error) is error.message
    assert render(error.message, "zh") == "队列里没有编号为 7 的商品"
    assert render(error.message, "en") == "There is no product number 7 in the queue"


def test_plain_words_are_kept_as_they_are_in_every_language() -> None:
    from studio.platform_api.errors import PlatformRejected

    error = PlatformRejected("直播间不存在 (room gone)", 404, "not_found")
    assert render(error.message, "zh") == render(error.message, "en") == "直播间不存在 (room gone)"
    assert said(ValueError("a library's words")) == Message("plain", {"text": "a library's words"})


# --- the drawn trees ------------------------------------------------------------------------

_NODE = re.compile(r"^(?P<lead>[ │]*)(?:[├└]── )?(?P<name>[A-Z][A-Za-z]+)(?:\s{2,}|$)")


def _drawn_trees() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every tree drawn with ├── / └── in the READMEs, docs and docstrings: (file, [(parent,
    child)])."""
    files = [REPO / "README.md", *REPO.glob("docs/**/*.md"), *ROOT.rglob("*.md")]
    files += sorted(ROOT.rglob("*.py"))
    trees = []
    for path in files:
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            if "── " not in line or (i > 0 and "── " in lines[i - 1]):
                continue
            root = _NODE.match(lines[i - 1].strip())
            if root is None or not root["name"].endswith(("Error", "Exception")):
                continue
            base = len(lines[i - 1]) - len(lines[i - 1].lstrip())
            stack = [(0, root["name"])]
            edges = []
            for row in lines[i:]:
                if "── " not in row:
                    break
                node = _NODE.match(row[base:])
                assert node is not None, f"{path}: cannot read the tree row {row!r}"
                depth = (len(node["lead"]) + 4) // 4
                while stack[-1][0] >= depth:
                    stack.pop()
                edges.append((stack[-1][1], node["name"]))
                stack.append((depth, node["name"]))
            trees.append((str(path.relative_to(REPO)), edges))
    return trees


def test_the_drawn_error_trees_are_true_and_complete() -> None:
    by_name = {cls.__name__: cls for cls in _exception_classes().values()}
    by_name["StudioError"] = StudioError
    trees = _drawn_trees()
    files = {path for path, _ in trees}
    assert "studio/core/errors.py" in files
    assert "studio/platform_api/__init__.py" in files
    drawn = set()
    for path, edges in trees:
        for parent, child in edges:
            assert parent in by_name and child in by_name, f"{path}: no class {parent}/{child}"
            assert issubclass(by_name[child], by_name[parent]), (
                f"{path} draws {child} under {parent}, but it is not one"
            )
            drawn |= {parent, child}
    missing = sorted(
        name for name, cls in by_name.items() if issubclass(cls, StudioError) and name not in drawn
    )
    assert missing == [], f"draw these in studio/core/errors.py's tree: {missing}"


@pytest.mark.parametrize("row", ["    ├── QueueError   x", "    │   └── RtmpBusy   y"])
def test_a_tree_row_is_read(row: str) -> None:
    assert _NODE.match(row[4:]) is not None
