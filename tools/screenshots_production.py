"""Screenshots of the production tools, for the README and for looking at them headless.

    DISPLAY=:77 uv run python tools/screenshots_production.py [--out docs/screenshots]

A rehearsal in the real window, in Chinese at 1366x768, with a green-screen host clip as the
camera (tests/support/clips.py), beauty 60 warm, the green screen over an orchard picture, a
close-up picture and a product video: the host scene, F2 (close-up), F3 (product video), F4
(be right back), then 智能抠像 (a real photograph as the camera, cut out over the orchard
without a green screen), a link-up, Stop and the product clips offered. Also the tools on
one frame before and after (beauty, chroma key, the cutout over a picture and over the room
blurred), and a frame of the product clip.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "xcb" if os.environ.get("DISPLAY") else "offscreen")

import av  # noqa: E402
import cv2  # noqa: E402
import keyring  # noqa: E402
import numpy as np  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from tests.support.memory_keyring import MemoryKeyring  # noqa: E402

keyring.set_keyring(MemoryKeyring())  # the tests' keyring: nothing reaches this machine's

from studio.core.picture import BLUR  # noqa: E402
from studio.core.rundown import LinkUpState  # noqa: E402
from studio.media.compositor import Compositor  # noqa: E402
from studio.media.cutout import Cutout, Segmenter  # noqa: E402
from studio.media.effects import Backdrop, Beauty, BeautySettings, ChromaKey  # noqa: E402
from studio.media.sources import StillImageSource  # noqa: E402
from studio.qt.app import StudioApp  # noqa: E402
from tests.support.clips import host_clip, host_frame  # noqa: E402

SAMPLE = ROOT / "resources" / "samples" / "示例商品表.csv"


def pump(app: QApplication, seconds: float, until=None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        if until is not None and until():
            return
        time.sleep(0.01)


def orchard(w: int = 1280, h: int = 720) -> np.ndarray:
    """An orchard at noon (BGR): sky, hills, rows of orange trees."""
    img = np.zeros((h, w, 3), np.uint8)
    for y in range(h):
        t = y / h
        img[y] = (235 - 60 * t, 200 - 40 * t, 140 - 40 * t) if t < 0.45 else (60, 140, 70)
    rng = np.random.default_rng(3)
    for row in range(5):
        y = int(h * (0.5 + row * 0.11))
        r = int(h * (0.05 + row * 0.02))
        for x in range(-r, w + r, int(r * 2.4)):
            cv2.circle(img, (x + int(rng.integers(-8, 8)), y), r, (40, 110 + row * 8, 40), -1)
            for _ in range(6):
                ox, oy = rng.integers(-r // 2, r // 2, 2)
                cv2.circle(img, (x + int(ox), y + int(oy)), max(3, r // 7), (20, 130, 250), -1)
    return cv2.GaussianBlur(img, (3, 3), 0)


def close_up(w: int = 640, h: int = 360) -> np.ndarray:
    """Oranges on a wooden table, close (BGR)."""
    img = np.zeros((h, w, 3), np.uint8)
    img[:] = (50, 90, 140)
    for i in range(0, h, 9):
        cv2.line(img, (0, i), (w, i + 4), (40, 75, 120), 2)
    for cx, cy, r in ((200, 190, 110), (420, 210, 100), (320, 120, 80)):
        cv2.circle(img, (cx, cy), r, (20, 120, 245), -1)
        cv2.circle(img, (cx - r // 3, cy - r // 3), r // 5, (120, 200, 255), -1)
    return img


def product_clip(path: Path, seconds: int = 4) -> None:
    base = close_up(1280, 720)
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=30)
        stream.width, stream.height, stream.pix_fmt = 1280, 720, "yuv420p"
        stream.options = {"crf": "20", "preset": "veryfast"}
        for i in range(seconds * 30):
            frame = np.roll(base, i * 3, axis=1)
            rgb = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
            for p in stream.encode(av.VideoFrame.from_ndarray(rgb, format="rgb24")):
                out.mux(p)
        for p in stream.encode(None):
            out.mux(p)


def before_after(out: Path, tmp: Path) -> None:
    """The tools on one frame: as the camera gives it, with beauty 80, and keyed."""
    bgr = cv2.cvtColor(host_frame(1280, 720), cv2.COLOR_RGB2BGR)
    cv2.imwrite(str(tmp / "orchard.png"), orchard())
    c = Compositor(1280, 720)
    plain = cv2.cvtColor(c.compose(bgr), cv2.COLOR_YUV2BGR_I420)
    c.set_effects((Beauty(BeautySettings(80, "warm")),))
    beauty = cv2.cvtColor(c.compose(bgr), cv2.COLOR_YUV2BGR_I420)
    still = StillImageSource(tmp / "orchard.png")
    still.start()
    c.set_effects((ChromaKey(backdrop=Backdrop(still)), Beauty(BeautySettings(60, "warm"))))
    keyed = cv2.cvtColor(c.compose(bgr), cv2.COLOR_YUV2BGR_I420)
    face = (slice(120, 560), slice(460, 820))
    cv2.imwrite(str(out / "tools-beauty-before-after.png"), np.hstack([plain[face], beauty[face]]))
    small = (640, 360)
    cv2.imwrite(
        str(out / "tools-chroma-key-before-after.png"),
        np.hstack([cv2.resize(plain, small), cv2.resize(keyed, small)]),
    )


def person_room(w: int = 1280, h: int = 720) -> np.ndarray:
    """A real photograph (NASA's portrait of Eileen Collins, tests/data/person.jpg), the room
    widened to 16:9 (BGR)."""
    bgr = cv2.resize(cv2.imread(str(ROOT / "tests" / "data" / "person.jpg")), (h, h))
    side = (w - h) // 2
    return cv2.copyMakeBorder(bgr, 0, 0, side, w - h - side, cv2.BORDER_REFLECT)


def cutout_before_after(out: Path, tmp: Path) -> None:
    """智能抠像 on one frame: the room as the camera gives it, over the orchard, blurred."""
    bgr = person_room()
    c = Compositor(1280, 720)
    plain = cv2.cvtColor(c.compose(bgr), cv2.COLOR_YUV2BGR_I420)
    still = StillImageSource(tmp / "orchard.png")
    still.start()
    shots = [plain]
    for behind in (Backdrop(still), BLUR):
        segmenter = Segmenter()
        c.set_effects((Cutout(segmenter, behind),))
        for _ in range(3):  # the mask settles over a few frames, as it does live
            frame = c.compose(bgr)
        shots.append(cv2.cvtColor(frame, cv2.COLOR_YUV2BGR_I420))
    small = (480, 270)
    cv2.imwrite(
        str(out / "tools-cutout-before-after.png"),
        np.hstack([cv2.resize(s, small, interpolation=cv2.INTER_AREA) for s in shots]),
    )


def effects(studio_app: StudioApp) -> tuple:
    session = studio_app.studio.session
    return session.engine.compositor.effects if session is not None else ()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        os.environ["STUDIO_DATA_DIR"] = str(tmp / "data")
        app = QApplication(sys.argv[:1])
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl = staticmethod(lambda url: True)
        before_after(args.out, tmp)
        cutout_before_after(args.out, tmp)
        host = tmp / "主播绿幕.mp4"
        host_clip(host, seconds=8)
        cv2.imwrite(str(tmp / "果园.png"), orchard())
        cv2.imwrite(str(tmp / "特写.png"), close_up())
        product_clip(tmp / "脐橙视频.mp4")
        studio_app = StudioApp(app)
        studio_app.set_language("zh_CN")
        window = studio_app.window
        window.resize(1366, 768)
        window.show()
        pump(app, 1.0)
        window.camera.addItem("主播绿幕.mp4", str(host))
        window.camera.setCurrentIndex(window.camera.count() - 1)
        window.orientation.setCurrentIndex(window.orientation.findData(False))  # landscape
        panel = window.production
        panel.beauty.setValue(60)
        panel.look.setCurrentIndex(panel.look.findData("warm"))
        panel.key_colour.setCurrentIndex(panel.key_colour.findData("green"))
        panel.key_box.setChecked(True)
        panel.background.set_path(str(tmp / "果园.png"), emit=True)
        panel.closeup_file = str(tmp / "特写.png")
        panel.closeup.setCurrentIndex(panel.closeup.findData("file"))
        panel.product_video.set_path(str(tmp / "脐橙视频.mp4"), emit=True)
        panel._scenes_changed()
        pump(app, 0.5)
        panel.grab().save(str(args.out / "zh_CN-production-panel.png"))
        window.products.import_file(SAMPLE)
        pump(app, 10, lambda: window.products.list.count() == 5)
        window.golive.start()
        pump(
            app,
            30,
            lambda: window.products.attached_show is not None and window.stop_button.isEnabled(),
        )
        pump(app, 2.5)
        window.grab().save(str(args.out / "zh_CN-1366-10-production-host.png"))
        for scene, name in (
            ("closeup", "11-closeup"),
            ("product", "12-product-video"),
            ("brb", "13-be-right-back"),
        ):
            window.request_scene(scene)
            pump(app, 10, lambda s=scene: studio_app.studio.scene == s)
            pump(app, 1.5)
            window.grab().save(str(args.out / f"zh_CN-1366-{name}.png"))
        window.request_scene("host")
        pump(app, 10, lambda: studio_app.studio.scene == "host")
        # 智能抠像: a real photograph as the camera, no green screen, over the orchard
        room = tmp / "主播.png"
        cv2.imwrite(str(room), person_room())
        window.camera.addItem("主播.png", str(room))
        window.camera.setCurrentIndex(window.camera.count() - 1)
        window.camera.activated.emit(window.camera.currentIndex())
        panel.key_colour.setCurrentIndex(panel.key_colour.findData("person"))
        panel.key_colour.activated.emit(panel.key_colour.currentIndex())
        pump(app, 10, lambda: any(type(e).__name__ == "Cutout" for e in effects(studio_app)))
        pump(app, 2.0)
        window.grab().save(str(args.out / "zh_CN-1366-15-smart-cutout.png"))
        panel.grab().save(str(args.out / "zh_CN-production-panel-cutout.png"))
        window.products.list.setCurrentRow(0)
        window.products.link_up()
        show = studio_app.studio.show
        pump(app, 15, lambda: bool(show.link_ups) and show.link_ups[0].state is LinkUpState.LISTED)
        pump(app, 6.0)
        window.stop_stream()
        pump(app, 30, lambda: not studio_app.studio.live and window.start_button.isEnabled())
        pump(app, 120, lambda: bool(window.report_panel.clips))
        pump(app, 0.5)
        window.grab().save(str(args.out / "zh_CN-1366-14-clips-offered.png"))
        clips = window.report_panel.clips
        if clips:
            with av.open(str(clips[0])) as c:
                frames = [f for i, f in zip(range(200), c.decode(video=0), strict=False)]
            frame = frames[min(len(frames) - 1, 150)].to_ndarray(format="bgr24")
            cv2.imwrite(str(args.out / "tools-product-clip.png"), cv2.resize(frame, (360, 640)))
        studio_app.shutdown()
        window.close()
    print(f"screenshots in {args.out}")


if __name__ == "__main__":
    main()
