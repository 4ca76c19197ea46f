"""The layering from ARCHITECTURE.md, checked so a wrong arrow fails the build."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_hold() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "importlinter.cli", "--config", str(ROOT / "pyproject.toml")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if result.returncode != 0 and "No module named" in result.stderr:
        result = subprocess.run(
            [str(Path(sys.executable).with_name("lint-imports"))],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("where", "arrow", "contract"),
    [
        ("qt", "from studio import credentials", "the window reaches the keyring only through"),
        ("qt", "import keyring", "the window reaches the keyring only through"),
        ("cli", "from studio.media import devices", "the command line goes through app and core"),
        ("cli", "from studio import credentials", "the command line goes through app and core"),
        ("cli", "import studio.rehearsal.server", "the command line goes through app and core"),
    ],
)
def test_a_wrong_arrow_breaks_the_build(
    tmp_path: Path, where: str, arrow: str, contract: str
) -> None:
    """The contracts of the CLI and the window's keyring catch the import they forbid (in a
    copy of the package: the real one is never touched)."""
    shutil.copytree(ROOT / "studio", tmp_path / "studio", ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    if where == "qt":
        (tmp_path / "studio" / "qt" / "stray.py").write_text(arrow + "\n", encoding="utf-8")
    else:
        package = tmp_path / "studio" / "cli" / "__init__.py"
        module = package if package.exists() else tmp_path / "studio" / "cli.py"
        module.write_text(module.read_text(encoding="utf-8") + arrow + "\n", encoding="utf-8")
    result = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports"))],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        timeout=300,
    )
    assert result.returncode != 0
    broken = [line for line in result.stdout.splitlines() if line.endswith("BROKEN")]
    assert len(broken) == 1 and broken[0].startswith(contract), result.stdout


def test_keyring_names_are_spelled_only_in_the_platforms_descriptions() -> None:
    """Every keyring entry is a `studio.app.platforms.Secret` declared once and read and
    written through it: a typo between a writer and a reader cannot orphan a secret."""
    keyring_calls = re.compile(r"credentials\.(load|store|forget)\(")
    allowed = {ROOT / "studio" / "app" / "platforms" / "platform_spec.py"}
    found = [
        path.relative_to(ROOT)
        for path in (ROOT / "studio").rglob("*.py")
        if path not in allowed
        and not path.is_relative_to(ROOT / "studio" / "credentials")
        and keyring_calls.search(path.read_text(encoding="utf-8"))
    ]
    assert not found


def _imports(package: str) -> list[tuple[Path, str]]:
    found = []
    for path in (ROOT / "studio" / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found += [(path, a.name) for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                found += [(path, f"{node.module}.{a.name}") for a in node.names]
    return found


def test_media_and_core_never_import_qt_widgets() -> None:
    bad = [(p.name, m) for pkg in ("media", "core") for p, m in _imports(pkg) if "QtWidgets" in m]
    assert not bad


def test_core_imports_the_standard_library_only() -> None:
    allowed = set(sys.stdlib_module_names) | {"studio", "__future__"}
    bad = [(p.name, m) for p, m in _imports("core") if m.split(".")[0] not in allowed]
    assert not bad


def _tool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], capture_output=True, text=True, cwd=ROOT, timeout=600
    )


def test_ruff_lint_and_format_are_clean() -> None:
    for args in (
        ("ruff", "check", "studio", "tests", "tools"),
        ("ruff", "format", "--check", "studio", "tools", "tests"),
    ):
        result = _tool(*args)
        assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_on_the_typed_layers() -> None:
    result = _tool("mypy")
    assert result.returncode == 0, result.stdout + result.stderr
