"""Running `studio` as its own process, the way a merchant or an acceptance check does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def studio_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "studio", *args]


ROOT = str(Path(__file__).resolve().parents[2])


def studio_env(**extra: str) -> dict[str, str]:
    """The test's environment for a studio process: offscreen Qt, and the repository on the
    path so the tests' keyring backend (PYTHON_KEYRING_BACKEND) loads from any folder."""
    path = os.pathsep.join(p for p in (ROOT, os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": path, **extra}


def run_studio(
    *args: str, timeout: float = 120, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run to completion; stdout, stderr and the exit code come back."""
    return subprocess.run(
        studio_command(*args),
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env or studio_env(),
    )


def start_studio(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """Start in the background (the caller stops it); output is discarded."""
    return subprocess.Popen(
        studio_command(*args),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env or studio_env(),
    )
