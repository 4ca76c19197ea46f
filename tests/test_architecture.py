"""The layering from ARCHITECTURE.md, checked so a wrong arrow fails the build."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

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
