"""Small real filesystems for tests of a disk that fills up or turns read-only.

A tmpfs of a few hundred KB where the machine allows mounting (root on Linux, as on the
development machine and CI); elsewhere the same faults come from SQLite itself on a real file
(`max_page_count` for a full disk, `query_only` for a read-only one), which is how SQLite
reports them too.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


def can_mount() -> bool:
    return (
        os.name == "posix"
        and os.geteuid() == 0
        and shutil.which("mount") is not None
        and shutil.which("umount") is not None
    )


@contextlib.contextmanager
def small_disk(size_kb: int) -> Iterator[Path | None]:
    """A tmpfs of `size_kb` mounted on a fresh folder, unmounted after; None if it cannot."""
    if not can_mount():
        yield None
        return
    where = Path(tempfile.mkdtemp(prefix="studio-disk-"))
    mounted = (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(where)],
            capture_output=True,
        ).returncode
        == 0
    )
    try:
        yield where if mounted else None
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(where)], capture_output=True)
        shutil.rmtree(where, ignore_errors=True)


def remount(where: Path, mode: str) -> None:
    """`ro` or `rw`: the folder's filesystem turns read-only (or writable again)."""
    subprocess.run(["mount", "-o", f"remount,{mode}", str(where)], check=True)


def fill(where: Path, leave_bytes: int = 0) -> Path:
    """Fill the filesystem at `where` up to `leave_bytes` free; returns the filler file."""
    filler = where / "filler.bin"
    free = shutil.disk_usage(where).free - leave_bytes
    with open(filler, "ab", buffering=0) as f:  # unbuffered: nothing left to fail at close
        chunk = b"\0" * 4096
        while free > 0:
            try:
                f.write(chunk[: min(len(chunk), free)])
            except OSError:
                break
            free -= len(chunk)
    return filler
