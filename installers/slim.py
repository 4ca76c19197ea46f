"""Make the frozen Linux folder smaller, after PyInstaller and before packaging.

    uv run python installers/slim.py installers/build/dist/merchant-studio

1. Qt plugins a Linux desktop does not need here: the GTK3 platform theme (it alone pulls in
   GTK's cairo, pango, atk and gdk-pixbuf; the XDG desktop portal theme gives native file
   dialogs on GNOME and KDE), network-information and Qt TLS backends (the studio's
   connections are Python's own), and Qt Multimedia's FFmpeg backend (a third FFmpeg: the
   microphone, QAudioSource, works without a backend, and camera names come from sysfs).
   Then every bundled library that only those needed.
2. OpenCV's wheel carries its own FFmpeg (libavcodec, libavformat, libavutil, libswscale, with
   libvpx and an OpenSSL 1.1 for https) beside PyAV's. When both are the same FFmpeg release
   line (the same major versions: FFmpeg keeps its ABI within one), cv2 is pointed at PyAV's
   copies (patchelf --replace-needed, and an rpath to PyAV's folder) and OpenCV's copies are
   removed. Where the majors differ (a future wheel), both stay and this says so.
3. Debug symbols are stripped from the extension modules and Qt's libraries. The wheels'
   auditwheel-grafted folders (`*.libs`) are left alone: stripping them breaks numpy's
   OpenBLAS ("ELF load command address/offset not page-aligned").

Prints what it saved.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

# the FFmpeg libraries OpenCV's cv2 links, and the ones only those pull in
FFMPEG = ("avcodec", "avformat", "avutil", "swscale", "swresample")
ONLY_FOR_OPENCV_FFMPEG = ("libvpx", "libcrypto", "libssl")
UNUSED_QT = (
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
    "PySide6/Qt/plugins/networkinformation",
    "PySide6/Qt/plugins/tls",
    "PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so",
    "PySide6/Qt/lib/libavcodec.so.61",
    "PySide6/Qt/lib/libavformat.so.61",
    "PySide6/Qt/lib/libavutil.so.59",
    "PySide6/Qt/lib/libswresample.so.5",
    "PySide6/Qt/lib/libswscale.so.8",
)


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def needed(lib: Path) -> list[str]:
    out = subprocess.run(
        [patchelf(), "--print-needed", str(lib)], capture_output=True, text=True, check=True
    )
    return out.stdout.split()


def patchelf() -> str:
    found = shutil.which("patchelf") or str(Path(sys.executable).with_name("patchelf"))
    if not Path(found).exists():
        sys.exit("patchelf not found: `uv sync` installs it (the dev group)")
    return found


def _major(name: str) -> str | None:
    match = re.search(r"\.so\.(\d+)", name)
    return match.group(1) if match else None


def share_ffmpeg(internal: Path) -> list[str]:
    """Point cv2 at PyAV's FFmpeg; returns what it removed (empty when it cannot)."""
    cv2_ext = next(iter((internal / "cv2").glob("cv2*.so")), None)
    ocv, pyav = internal / "opencv_python_headless.libs", internal / "av.libs"
    if cv2_ext is None or not ocv.is_dir() or not pyav.is_dir():
        print("  FFmpeg: no cv2 or no PyAV libraries here; nothing shared")
        return []
    replace: dict[str, str] = {}
    for lib in FFMPEG:
        ours = sorted(ocv.glob(f"lib{lib}-*.so.*"))
        theirs = sorted(pyav.glob(f"lib{lib}-*.so.*"))
        if not ours:
            continue
        if not theirs or _major(ours[0].name) != _major(theirs[0].name):
            print(f"  FFmpeg: OpenCV's and PyAV's lib{lib} differ in major version; both kept")
            return []
        replace[ours[0].name] = theirs[0].name
    users = [cv2_ext] + [p for p in ocv.iterdir() if p.name not in replace]
    for user in users:
        wanted = needed(user)
        for old, new in replace.items():
            if old in wanted:
                subprocess.run(
                    [patchelf(), "--replace-needed", old, new, str(user)], check=True
                )  # fmt: skip
    subprocess.run(
        [patchelf(), "--set-rpath", "$ORIGIN/../opencv_python_headless.libs:$ORIGIN/../av.libs",
         str(cv2_ext)],
        check=True,
    )  # fmt: skip
    removed = list(replace)
    still_needed = {
        n for p in [cv2_ext, *ocv.iterdir()] if p.name not in replace for n in needed(p)
    }
    for p in ocv.iterdir():
        if p.name.startswith(ONLY_FOR_OPENCV_FFMPEG) and p.name not in still_needed:
            removed.append(p.name)
    for name in removed:
        (ocv / name).unlink()
        link = internal / name  # PyInstaller's top-level symlink to it
        if link.is_symlink():
            link.unlink()
    return removed


def elves(internal: Path) -> list[Path]:
    return [p for p in internal.rglob("*.so*") if p.is_file() and not p.is_symlink()]


def drop_unused_qt(internal: Path) -> list[str]:
    """Remove UNUSED_QT, then each top-level library that only removed files needed."""
    removed: list[str] = []
    wanted: set[str] = set()  # what the removed files linked
    for rel in UNUSED_QT:
        path = internal / rel
        files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
        for f in files:
            if f.exists() and not f.is_symlink():
                wanted |= set(needed(f))
                f.unlink()
                removed.append(f.name)
        if path.is_dir():
            shutil.rmtree(path)
    while wanted:
        left = {n for p in elves(internal) for n in needed(p)}
        orphans = [n for n in wanted if n not in left and (internal / n).exists()]
        wanted = set()
        for name in orphans:
            top = internal / name
            real = top.resolve()
            wanted |= set(needed(real))
            for path in {top, real}:
                if path.exists() or path.is_symlink():
                    path.unlink()
            removed.append(name)
    return removed


def strip(internal: Path) -> None:
    for path in internal.rglob("*.so*"):
        if path.is_symlink() or not path.is_file() or ".libs" in path.parent.name:
            continue
        if any(parent.name.endswith(".libs") for parent in path.parents):
            continue
        subprocess.run(["strip", "--strip-unneeded", str(path)], check=False, capture_output=True)


def dangling(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_symlink() and not path.exists():
            path.unlink()


def main() -> None:
    folder = Path(sys.argv[1])
    internal = folder / "_internal"
    before = size(folder)
    dropped = drop_unused_qt(internal)
    print(f"  Qt: removed {len(dropped)} files: " + ", ".join(sorted(dropped)))
    removed = share_ffmpeg(internal)
    if removed:
        print("  FFmpeg: cv2 now uses PyAV's; removed OpenCV's " + ", ".join(sorted(removed)))
    strip(internal)
    dangling(folder)
    after = size(folder)
    print(f"  slimmed {before / 1e6:.0f} MB -> {after / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
