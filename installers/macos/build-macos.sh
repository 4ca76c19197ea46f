#!/usr/bin/env bash
# Build the macOS .app and .dmg (on a Mac, or the macos job of .github/workflows/installers.yml):
#     bash installers/macos/build-macos.sh
# writes installers/dist/merchant-studio-VERSION-macos-ARCH.dmg
# Signing: with MACOS_SIGN_IDENTITY ("Developer ID Application: …") the app is signed with the
# hardened runtime and the entitlements beside this script, and with NOTARY_PROFILE (a
# `xcrun notarytool store-credentials` profile) the .dmg is notarised and stapled. Without
# them the app is signed ad hoc: it runs on the Mac that built it, and elsewhere only after
# right-click › Open (Gatekeeper).
set -euo pipefail
cd "$(dirname "$0")/../.."
uv sync --frozen
version=$(uv run python -c 'import studio; print(studio.__version__)')
arch=$(uname -m)
build=installers/build
dist=installers/dist
mkdir -p "$build" "$dist"
uv run python installers/fonts.py "$build/fonts" 2>/dev/null || echo "no Noto CJK here: macOS has PingFang"
uv run pyinstaller --noconfirm --log-level WARN --distpath "$build/dist" --workpath "$build/work" installers/studio.spec
app="$build/dist/Merchant Studio.app"
cp -R installers/macos/zh-Hans.lproj installers/macos/en.lproj "$app/Contents/Resources/"
if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
    codesign --force --deep --options runtime --timestamp \
        --entitlements installers/macos/entitlements.plist --sign "$MACOS_SIGN_IDENTITY" "$app"
else
    codesign --force --deep --sign - "$app"
fi
dmg="$dist/merchant-studio-$version-macos-$arch.dmg"
rm -f "$dmg"
stage="$build/dmg"
rm -rf "$stage"; mkdir -p "$stage"
cp -R "$app" "$stage/"
ln -s /Applications "$stage/Applications"
hdiutil create -volname "Merchant Studio $version" -srcfolder "$stage" -ov -format UDZO "$dmg"
if [ -n "${MACOS_SIGN_IDENTITY:-}" ] && [ -n "${NOTARY_PROFILE:-}" ]; then
    codesign --sign "$MACOS_SIGN_IDENTITY" --timestamp "$dmg"
    xcrun notarytool submit "$dmg" --keychain-profile "$NOTARY_PROFILE" --wait
    xcrun stapler staple "$dmg"
fi
"$app/Contents/MacOS/studio" --version
ls -l "$dist"
