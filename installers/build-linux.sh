#!/usr/bin/env bash
# Build the Linux packages from a checkout (after `uv sync` and the README's system packages):
#     bash installers/build-linux.sh
# writes installers/dist/merchant-studio_VERSION_amd64.deb and
#        installers/dist/merchant-studio-VERSION-linux-x86_64.tar.xz
# and prints the sizes. installers/README.md says what each step does and why.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet uv
uv sync --frozen 2>/dev/null || uv sync
for tool in dpkg-deb dpkg ldd strip nm readelf xz gcc; do
    command -v "$tool" >/dev/null 2>&1 || { echo "build-linux.sh needs $tool (Debian: dpkg, binutils, xz-utils, gcc)" >&2; exit 2; }
done
# slim.py rebuilds Qt's ICU data without other languages' locale data with ICU's icupkg
command -v icupkg >/dev/null 2>&1 || [ -x /usr/sbin/icupkg ] || { echo "build-linux.sh needs icupkg (Debian: icu-devtools)" >&2; exit 2; }

version=$(uv run python -c 'import studio; print(studio.__version__)')
# what the tests compare against: this build is of the source as it is now, before freezing
stamp=$(uv run python installers/stamp.py)
build=installers/build
dist=installers/dist
mkdir -p "$build" "$dist"
rm -f "$dist"/merchant-studio*
start=$(date +%s)

echo "== Merchant Studio $version: fonts"
# the CJK subset only changes with the script that makes it
if [ ! -f "$build/fonts/.made" ] || [ installers/fonts.py -nt "$build/fonts/.made" ]; then
    rm -rf "$build/fonts"
    uv run python installers/fonts.py "$build/fonts"
    touch "$build/fonts/.made"
fi

echo "== freeze (PyInstaller, one folder)"
rm -rf "$build/dist"
uv run pyinstaller --noconfirm --log-level WARN \
    --distpath "$build/dist" --workpath "$build/work" installers/studio.spec

echo "== slim"
uv run python installers/slim.py "$build/dist/merchant-studio"

echo "== package"
uv run python installers/package_linux.py "$build/dist/merchant-studio" "$dist" "$version"
echo "$stamp" > "$dist/SOURCE-STAMP"
echo "== done in $(( $(date +%s) - start )) s:"
ls -l "$dist"
