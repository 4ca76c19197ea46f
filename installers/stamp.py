"""A stamp of the sources a build is made of: the tests rebuild when it no longer matches.

uv run python installers/stamp.py     # prints it
"""

from __future__ import annotations

import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ("studio", "resources", "installers", "pyproject.toml", "uv.lock")
SKIP = ("installers/build", "installers/dist", "__pycache__")


def stamp(root: Path = ROOT) -> str:
    digest = hashlib.sha256()
    for name in INPUTS:
        base = root / name
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file())
        for path in files:
            rel = path.relative_to(root).as_posix()
            if any(part in rel for part in SKIP):
                continue
            digest.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


if __name__ == "__main__":
    print(stamp())
