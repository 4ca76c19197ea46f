"""Wrap the frozen (and slimmed) Linux folder as a .deb and a portable .tar.xz.

    uv run python installers/package_linux.py installers/build/dist/merchant-studio \\
        installers/dist VERSION

The .deb (`merchant-studio`, built with dpkg-deb) puts the app in /opt/merchant-studio, a
`studio` command (and `merchant-studio`) in /usr/bin, a desktop entry and the icon in every
size. Its Depends are worked out, not typed: every library the bundle's programs and Qt
plugins load from the system (ldd), named by the Debian package that holds it here (dpkg -S).
Nothing is written to a home folder: the merchant's data (journal, settings, logs) lives in
the user data directory and survives an upgrade and a removal.

The tarball holds the same folder; `./merchant-studio/studio` runs it from anywhere, and
`install-desktop-entry.sh` adds the menu entry for the current user.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
PACKAGE = "merchant-studio"
PREFIX = Path("opt") / PACKAGE
GLIBC_MIN = "2.28"  # the PySide6 and PyAV wheels are manylinux_2_28
DESKTOP = """[Desktop Entry]
Type=Application
Name=Merchant Studio
Name[zh_CN]=商家直播工作台
GenericName=Live-commerce broadcasting studio
GenericName[zh_CN]=直播带货推流工具
Comment=Go live with your products on Douyin, Kuaishou, Taobao Live, WeChat and any RTMP ingest
Comment[zh_CN]=摄像头、商品卡、3-2-1 上链接，推流到抖音、快手、淘宝直播、视频号
Exec={exec}
Icon={icon}
Terminal=false
Categories=AudioVideo;Video;Network;
Keywords=live;stream;rtmp;直播;带货;推流;
StartupWMClass=studio
"""


def run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def elves(folder: Path) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as f:
            if f.read(4) == b"\x7fELF":
                found.append(path)
    return found


def system_libraries(folder: Path) -> set[Path]:
    """Libraries the bundle loads from the system, as ldd resolves them with the bundle's
    own folders first (as the frozen app runs)."""
    internal = folder / "_internal"
    env = dict(os.environ)
    env["LD_LIBRARY_PATH"] = f"{internal}:{internal / 'PySide6' / 'Qt' / 'lib'}"
    found: set[Path] = set()
    missing: set[str] = set()
    for elf in elves(folder):
        out = subprocess.run(["ldd", str(elf)], capture_output=True, text=True, env=env).stdout
        for line in out.splitlines():
            match = re.match(r"\s*(\S+) => (not found|\S+)", line)
            if not match:
                continue
            name, where = match.groups()
            if where == "not found":
                missing.add(name)
            elif not Path(where).resolve().is_relative_to(folder.resolve()):
                found.add(Path(where))
    if missing:
        # the .deb could not declare them: a merchant's apt would not pull them in
        sys.exit(
            "the bundle needs libraries this machine lacks, so the .deb cannot name their "
            "packages: " + ", ".join(sorted(missing)) + " (install them: see .ci/run)"
        )
    return found


def owning_packages(libraries: set[Path]) -> list[str]:
    packages: set[str] = set()
    for lib in libraries:
        for candidate in {lib, lib.resolve()}:
            result = subprocess.run(["dpkg", "-S", str(candidate)], capture_output=True, text=True)
            if result.returncode == 0:
                # "libxcb-cursor0:amd64: /usr/lib/…" (a diversion line has no colon first)
                packages.add(result.stdout.split(":", 1)[0].strip())
                break
        else:
            print(f"  {lib}: no package owns it here (not declared)")
    packages.discard("libc6")
    return sorted(packages)


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def install_icons(into: Path, name: str) -> None:
    for px in ICON_SIZES:
        target = into / f"{px}x{px}" / "apps" / f"{name}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ICONS / f"studio-{px}.png", target)


def build_deb(app: Path, out: Path, version: str) -> Path:
    stage = out.parent / "build" / "deb"
    if stage.exists():
        shutil.rmtree(stage)
    shutil.copytree(app, stage / PREFIX, symlinks=True)
    bin_dir = stage / "usr" / "bin"
    bin_dir.mkdir(parents=True)
    for command in ("studio", PACKAGE):
        (bin_dir / command).symlink_to(f"/{PREFIX}/studio")
    applications = stage / "usr" / "share" / "applications"
    applications.mkdir(parents=True)
    (applications / f"{PACKAGE}.desktop").write_text(
        DESKTOP.format(exec=f"/{PREFIX}/studio", icon=PACKAGE), encoding="utf-8"
    )
    install_icons(stage / "usr" / "share" / "icons" / "hicolor", PACKAGE)
    doc = stage / "usr" / "share" / "doc" / PACKAGE
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(copyright_text(app), encoding="utf-8")
    depends = [f"libc6 (>= {GLIBC_MIN})", *owning_packages(system_libraries(app))]
    installed_kb = size_of(stage) // 1024
    control = stage / "DEBIAN" / "control"
    control.parent.mkdir()
    control.write_text(
        f"Package: {PACKAGE}\n"
        f"Version: {version}\n"
        "Section: video\n"
        "Priority: optional\n"
        "Architecture: amd64\n"
        "Maintainer: Merchant Studio <support@merchant-studio.invalid>\n"
        f"Installed-Size: {installed_kb}\n"
        f"Depends: {', '.join(depends)}\n"
        "Recommends: pulseaudio | pipewire-pulse, gnome-keyring | kwalletmanager\n"
        "Description: 商家直播工作台 Merchant Studio, a live-commerce broadcasting studio\n"
        " Camera, product cards and a 3-2-1 countdown after which the buy link is\n"
        " pinned, pushed over RTMP/RTMPS to Douyin, Kuaishou, Taobao Live, WeChat\n"
        " Channels or any ingest at once, with a local recording and an offline\n"
        " rehearsal against a built-in platform.\n",
        encoding="utf-8",
    )
    deb = out / f"{PACKAGE}_{version}_amd64.deb"
    run("dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(stage), str(deb))
    print(f"  .deb depends on: {', '.join(depends)}")
    return deb


def copyright_text(app: Path) -> str:
    licences = sorted(p.relative_to(app) for p in app.rglob("LICENSE*") if p.is_file())
    return (
        "Merchant Studio (商家直播工作台)\n\n"
        "Bundled: Python, Qt 6 and PySide6 (LGPLv3), FFmpeg with libx264 through PyAV (GPL),\n"
        "OpenCV (Apache 2.0), NumPy (BSD), Material Design Icons through qtawesome (Apache\n"
        "2.0 / MIT), Noto Sans CJK SC (SIL Open Font License 1.1). The licence texts that\n"
        "came with each part are kept beside it under /opt/merchant-studio:\n\n"
        + "\n".join(f"  {p}" for p in licences)
        + "\n"
    )


def build_tarball(app: Path, out: Path, version: str) -> Path:
    top = f"{PACKAGE}-{version}-linux-x86_64"
    stage = out.parent / "build" / "tar" / top
    if stage.parent.exists():
        shutil.rmtree(stage.parent)
    shutil.copytree(app, stage / PACKAGE, symlinks=True)
    shutil.copy2(ICONS / "studio-256.png", stage / f"{PACKAGE}.png")
    script = stage / "install-desktop-entry.sh"
    script.write_text(
        "#!/bin/sh\n"
        "# Adds Merchant Studio to this user's application menu (run it where you unpacked it).\n"
        'here=$(cd "$(dirname "$0")" && pwd)\n'
        'apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"\n'
        'mkdir -p "$apps"\n'
        f'cat > "$apps/{PACKAGE}.desktop" <<EOF\n'
        + DESKTOP.format(exec=f"$here/{PACKAGE}/studio", icon=f"$here/{PACKAGE}.png")
        + "EOF\n"
        'echo "Merchant Studio is in your applications menu now."\n',
        encoding="utf-8",
    )
    script.chmod(0o755)
    (stage / "README.txt").write_text(
        "商家直播工作台 Merchant Studio\n\n"
        "运行 Run:            ./merchant-studio/studio\n"
        "加到应用菜单 Menu:   ./install-desktop-entry.sh\n"
        "命令行 Command line: ./merchant-studio/studio --help\n\n"
        "Needs a desktop with X11 or Wayland; the .deb declares the system libraries it uses.\n",
        encoding="utf-8",
    )
    tarball = out / f"{top}.tar.xz"
    with tarball.open("wb") as f:  # xz on every core (tarfile's lzma uses one)
        tar = subprocess.Popen(
            ["tar", "--owner=0", "--group=0", "-C", str(stage.parent), "-cf", "-", top],
            stdout=subprocess.PIPE,
        )
        subprocess.run(["xz", "-6", "-T0"], stdin=tar.stdout, stdout=f, check=True)
        assert tar.stdout is not None
        tar.stdout.close()
        if tar.wait() != 0:
            sys.exit("tar failed")
    return tarball


def main() -> None:
    app, out, version = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    out.mkdir(parents=True, exist_ok=True)
    deb = build_deb(app, out, version)
    tarball = build_tarball(app, out, version)
    print(f"  installed: {size_of(app) / 1e6:.0f} MB")
    for made in (deb, tarball):
        print(f"  {made.name}: {made.stat().st_size / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
