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
   Whatever of OpenCV's grafted libraries nothing links any more goes too (its OpenSSL 1.1).
   OpenCV's OpenBLAS links its own copy of GCC's Fortran runtime, which numpy's wheel also
   carries (the same soname and symbol versions): OpenCV's becomes a link to numpy's.
3. Two encoders the studio never opens: PyAV's FFmpeg links x265 (H.265, 21 MB) and SVT-AV1
   (AV1, 7 MB) as encoders only (H.265 and AV1 clips are decoded by FFmpeg's own hevc
   decoder and dav1d, which stay). Each is replaced by a small library of the same name that
   says "not available": FFmpeg then fails to open `libx265` / `libsvtav1` with an error
   (PyAV raises it) instead of encoding. The studio encodes H.264 only (libx264 or the
   hardware H.264 encoders, studio/media/encoder.py), so nothing it does changes.
4. ICU's data (Qt's libicudata, 32 MB -> 13 MB) keeps the languages the studio speaks (zh,
   en): every other language's locale data, display names, currencies, units, number
   spellings and collation are removed (ICU falls back to its root data, as for any
   language it lacks), and the transliterators and character names, which Qt never calls.
   Line breaking, the character-set converters, case mapping and the time-zone rules stay
   whole. Qt's own locale data (QLocale) is not ICU's and is untouched.
5. Debug symbols are stripped from the extension modules and Qt's libraries. The wheels'
   auditwheel-grafted folders (`*.libs`) are left alone: stripping them breaks numpy's
   OpenBLAS ("ELF load command address/offset not page-aligned").

Prints what it saved.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
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


def prune_opencv(internal: Path) -> list[str]:
    """Remove OpenCV's grafted libraries that nothing links any more (after share_ffmpeg:
    the OpenSSL 1.1 and libdrm only its FFmpeg used). auditwheel grafts only what is linked
    (DT_NEEDED), so a grafted library nobody links is never loaded."""
    ocv = internal / "opencv_python_headless.libs"
    removed: list[str] = []
    while ocv.is_dir():
        linked = {n for p in elves(internal) for n in needed(p)}
        orphans = [p for p in ocv.iterdir() if p.name not in linked]
        if not orphans:
            break
        for path in orphans:
            path.unlink()
            link = internal / path.name  # PyInstaller's top-level symlink to it
            if link.is_symlink():
                link.unlink()
            removed.append(path.name)
    return removed


def share_fortran(internal: Path) -> list[str]:
    """OpenCV's OpenBLAS links its own copy of GCC's Fortran runtime (libgfortran.so.5 and
    libquadmath.so.0); numpy's wheel carries the same runtime. Where numpy's provides every
    symbol version OpenCV's libraries ask of theirs (GFORTRAN_8: one soname, one ABI), OpenCV's
    copy becomes a link to numpy's: the loader then maps one file for both (numpy is imported
    first, by cv2 itself). Returns OpenCV's files replaced."""
    ocv, npy = internal / "opencv_python_headless.libs", internal / "numpy.libs"
    ours = next(iter(sorted(ocv.glob("libgfortran-*.so.5*"))), None) if ocv.is_dir() else None
    theirs = next(iter(sorted(npy.glob("libgfortran-*.so.5*"))), None) if npy.is_dir() else None
    if ours is None or theirs is None or ours.is_symlink():
        return []
    asked = set()
    for lib in ocv.iterdir():
        if lib.is_file() and not lib.is_symlink() and ours.name in needed(lib):
            out = subprocess.run(["readelf", "-V", str(lib)], capture_output=True, text=True)
            asked |= set(re.findall(r"Name: (GFORTRAN_\w+)", out.stdout))
    given = subprocess.run(["readelf", "-V", str(theirs)], capture_output=True, text=True)
    missing = asked - set(re.findall(r"Name: (GFORTRAN_\w+)", given.stdout))
    if missing:
        print(f"  Fortran: numpy's runtime lacks {', '.join(sorted(missing))}; both kept")
        return []
    ours.unlink()  # its libquadmath goes with it (prune_opencv: nothing links it then)
    ours.symlink_to(Path("..") / npy.name / theirs.name)
    return [ours.name]


# Encoders the studio never opens (it encodes H.264: libx264 or a hardware H.264 encoder),
# whose libraries PyAV's FFmpeg links. Each becomes a library of the same name whose calls say
# "not available", so FFmpeg's wrapper fails to open that encoder with an error PyAV raises.
#  - x265 (FFmpeg's `libx265`): x265_api_get_N returns an API table whose every call returns
#    nothing; FFmpeg's first call, param_alloc, gives NULL and the encoder's open fails with
#    ENOMEM ("Could not allocate x265 param structure"). H.265 clips are decoded by FFmpeg's
#    own hevc decoder, which does not use x265.
#  - SVT-AV1 (FFmpeg's `libsvtav1`): every call returns EB_ErrorUndefined, so the encoder's
#    open fails at svt_av1_enc_init_handle. AV1 clips are decoded by dav1d, which stays.
X265_STUB = """
typedef void *(*call)(void);
static void *nothing(void) { return 0; }
static const struct {
    int numbers[8];                    /* api_major_version .. bit_depth */
    const char *version_str, *build_info_str;
    call calls[256];                   /* param_alloc, param_free, ...: each gives nothing */
} api = {{0}, "unavailable", "unavailable", {[0 ... 255] = nothing}};
"""
STUBS: dict[str, tuple[str, re.Pattern[str], str]] = {
    # library name prefix: (preamble, the symbols it may stand in for, each one's body)
    "libx265": (
        X265_STUB,
        re.compile(r"x265_api_get_\d+"),
        "const void *{name}(int depth) {{ (void)depth; return &api; }}",
    ),
    "libSvtAv1Enc": (
        "",
        re.compile(r"svt_\w+"),
        "int {name}() {{ return (int)0x80001001; }}  /* EB_ErrorUndefined */",
    ),
}


def dynamic_symbols(lib: Path, *flags: str) -> set[str]:
    out = subprocess.run(
        ["nm", "-D", *flags, str(lib)], capture_output=True, text=True, check=True
    ).stdout
    return {line.split()[-1].split("@")[0] for line in out.splitlines() if line.strip()}


def stub_encoders(internal: Path) -> list[str]:
    """Replace STUBS' libraries in PyAV's folder, then remove the system libraries only the
    real ones linked (x265's libmvec, a part of glibc that is no business of a bundle);
    returns the names replaced and removed."""
    folder = internal / "av.libs"
    if not folder.is_dir() or not shutil.which("gcc"):
        print("  encoders: no PyAV libraries or no gcc (Debian: gcc); x265 and SVT-AV1 kept")
        return []
    replaced: list[str] = []
    linked: set[str] = set()
    everything = elves(internal)
    for prefix, (preamble, allowed, body) in STUBS.items():
        lib = next(iter(sorted(folder.glob(f"{prefix}-*.so*"))), None)
        if lib is None:
            continue
        users = [p for p in everything if lib.name in needed(p)]
        used = set().union(*(dynamic_symbols(u, "--undefined-only") for u in users))
        used &= dynamic_symbols(lib, "--defined-only")
        unknown = sorted(n for n in used if not allowed.fullmatch(n))
        if unknown:  # a newer FFmpeg calls more than this stands in for: keep the real one
            print(f"  encoders: {lib.name} kept (its users call {', '.join(unknown)})")
            continue
        soname = (
            subprocess.run(
                [patchelf(), "--print-soname", str(lib)], capture_output=True, text=True, check=True
            ).stdout.strip()
            or lib.name
        )
        source = preamble + "\n".join(body.format(name=n) for n in sorted(used)) + "\n"
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "stub.c").write_text(source)
            subprocess.run(
                ["gcc", "-std=gnu11", "-shared", "-fPIC", "-O2", "-s", f"-Wl,-soname,{soname}",
                 "-o", str(Path(tmp) / "stub.so"), str(Path(tmp) / "stub.c")],
                check=True,
            )  # fmt: skip
            linked |= set(needed(lib))
            shutil.copyfile(Path(tmp) / "stub.so", lib)
        replaced.append(lib.name)
    return replaced + drop_orphans(internal, linked)


# ICU's data. Qt uses ICU for collation (QCollator: sorting, the file dialog's too), case
# mapping, character-set conversion (the .cnv converters) and time-zone rules: those stay
# whole, collation for the languages kept. The locale items of ICU_TREES ("" is the top: each
# language's own locale data; then currency, language, region, unit and zone display names,
# number spellings and collation) are kept only for ICU_LANGUAGES: ICU falls back to root for
# any other, as for a language it lacks (a German time-zone name then reads in English; Qt's
# QLocale has its own data and is untouched). yue (Cantonese) stays: zh_Hant_HK's number
# spellings derive from it. Transliteration and character names: Qt calls neither.
ICU_LANGUAGES = ("root", "zh", "yue", "en")
ICU_TREES = ("", "curr", "lang", "rbnf", "region", "unit", "zone", "coll")
ICU_UNUSED = re.compile(r"translit/.*|unames\.icu")
LOCALE_ITEM = re.compile(r"(?:(?P<tree>[a-z]+)/)?(?P<locale>[a-z]{2,3}(?:_[A-Za-z0-9]*)*)\.res")


def icu_unneeded(item: str) -> bool:
    if ICU_UNUSED.fullmatch(item):
        return True
    m = LOCALE_ITEM.fullmatch(item)
    return (
        m is not None
        and (m["tree"] or "") in ICU_TREES
        and m["locale"].split("_")[0] not in ICU_LANGUAGES
    )


def icupkg() -> str | None:
    return shutil.which("icupkg") or next(
        (p for p in ("/usr/sbin/icupkg", "/usr/bin/icupkg") if Path(p).exists()), None
    )


def trim_icu(internal: Path) -> tuple[int, int] | None:
    """Rebuild Qt's libicudata without other languages' locale data: (before, after) bytes."""
    lib = next(iter((internal / "PySide6" / "Qt" / "lib").glob("libicudata.so.*")), None)
    tool = icupkg()
    if lib is None or tool is None or not shutil.which("gcc"):
        print("  ICU: no libicudata, or no icupkg (Debian: icu-devtools) or gcc; left whole")
        return None
    symbols = subprocess.run(
        ["nm", "-D", "-S", "--defined-only", str(lib)], capture_output=True, text=True, check=True
    ).stdout.split()  # address size type name
    name = symbols[3]  # icudtNN_dat, the data's one symbol
    address, length = int(symbols[0], 16), int(symbols[1], 16)
    sections = subprocess.run(["readelf", "-SW", str(lib)], capture_output=True, text=True).stdout
    offset = None
    for line in sections.splitlines():
        m = re.search(r"\]\s+\S+\s+PROGBITS\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)", line)
        if m and int(m[1], 16) <= address < int(m[1], 16) + int(m[3], 16):
            offset = address - int(m[1], 16) + int(m[2], 16)
    if not re.fullmatch(r"icudt\d+_dat", name) or offset is None:
        print(f"  ICU: {lib.name} is not laid out as expected; left whole")
        return None
    package = name.removesuffix("_dat") + "l"  # icudt73l: the items' prefix, little-endian
    with tempfile.TemporaryDirectory() as tmp:
        full, small = Path(tmp) / "full", Path(tmp) / "small"
        full.mkdir()
        small.mkdir()
        with lib.open("rb") as f:
            f.seek(offset)
            (full / f"{package}.dat").write_bytes(f.read(length))
        items = subprocess.run(
            [tool, "-l", str(full / f"{package}.dat")], capture_output=True, text=True, check=True
        ).stdout.split()
        drop = [item for item in items if icu_unneeded(item)]
        (Path(tmp) / "drop.txt").write_text("\n".join(drop) + "\n")
        # icupkg names the items after the output file: it must be called icudtNNl.dat too
        made = subprocess.run(
            [tool, "-r", str(Path(tmp) / "drop.txt"), str(full / f"{package}.dat"),
             str(small / f"{package}.dat")],
            capture_output=True, text=True,
        )  # fmt: skip
        if made.returncode != 0 or not (small / f"{package}.dat").is_file():
            # e.g. an item kept depends on one dropped: a newer ICU's layout; keep it all
            print(f"  ICU: icupkg refused ({made.stderr.strip()[:300]}); left whole")
            return None
        (Path(tmp) / "data.S").write_text(
            f"    .section .rodata\n    .globl {name}\n    .type {name}, @object\n"
            f'    .balign 16\n{name}:\n    .incbin "{small / f"{package}.dat"}"\n'
            f'    .size {name}, .-{name}\n    .section .note.GNU-stack,"",@progbits\n'
        )
        subprocess.run(
            ["gcc", "-shared", "-nostdlib", f"-Wl,-soname,{lib.name}", "-o",
             str(Path(tmp) / lib.name), str(Path(tmp) / "data.S")],
            check=True,
        )  # fmt: skip
        before = lib.stat().st_size
        shutil.copyfile(Path(tmp) / lib.name, lib)
    return before, lib.stat().st_size


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
    return removed + drop_orphans(internal, wanted)


def drop_orphans(internal: Path, wanted: set[str]) -> list[str]:
    """Remove each top-level library named in `wanted` (what removed or replaced files
    linked) that nothing left links, then what only those linked, and so on."""
    removed: list[str] = []
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
    shared = share_fortran(internal)
    if shared:
        print(
            "  Fortran: OpenCV's OpenBLAS now uses numpy's runtime; replaced " + ", ".join(shared)
        )
    pruned = prune_opencv(internal)
    if pruned:
        print("  OpenCV: removed what nothing links any more: " + ", ".join(sorted(pruned)))
    stubbed = stub_encoders(internal)
    if stubbed:
        print("  encoders: never opened, replaced by stand-ins: " + ", ".join(stubbed))
    icu = trim_icu(internal)
    if icu:
        print(f"  ICU: locale data kept for {', '.join(ICU_LANGUAGES)}: "
              f"{icu[0] / 1e6:.0f} MB -> {icu[1] / 1e6:.0f} MB")  # fmt: skip
    strip(internal)
    dangling(folder)
    after = size(folder)
    print(f"  slimmed {before / 1e6:.0f} MB -> {after / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
