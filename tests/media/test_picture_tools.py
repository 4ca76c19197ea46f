"""Beauty, chroma key and picture-in-picture, seen in the recorded stream, decoded."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from studio.media.compositor import Compositor, i420_planes
from studio.media.effects import Beauty, BeautySettings
from tests.support.cli import run_studio
from tests.support.clips import solid_clip
from tests.support.media import last_frame_rgb

SKIN = (210, 150, 120)  # RGB: a light skin tone
GREEN_CLOTH = (20, 180, 60)  # a real green screen is not pure green


def _png(path: Path, rgb_picture: np.ndarray) -> Path:
    cv2.imwrite(str(path), cv2.cvtColor(rgb_picture, cv2.COLOR_RGB2BGR))
    return path


def _record(tmp_path: Path, *args: str, canvas: str = "640x360") -> np.ndarray:
    rec = tmp_path / "out.mkv"
    result = run_studio(
        "live",
        "--headless",
        "--audio",
        "silence",
        "--record",
        str(rec),
        "--canvas",
        canvas,
        "--duration",
        "2.5",
        *args,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return last_frame_rgb(rec)


def _near(pixel: np.ndarray, rgb: tuple[int, int, int], tol: int = 14) -> bool:
    return bool(np.abs(pixel.astype(int) - np.array(rgb)).max() <= tol)


@pytest.mark.slow
def test_the_green_screen_is_replaced_and_the_host_is_kept(tmp_path: Path) -> None:
    """The key colour gives way to the backdrop (a looping clip), the subject stays."""
    scene = np.zeros((360, 640, 3), np.uint8)
    scene[:] = GREEN_CLOTH
    cv2.circle(scene, (320, 180), 110, SKIN, -1)  # the host
    cv2.rectangle(scene, (300, 150), (340, 160), (40, 30, 30), -1)  # a dark detail
    source = _png(tmp_path / "greenscreen.png", scene)
    backdrop = tmp_path / "orchard.mp4"
    solid_clip(backdrop, (200, 40, 160))  # magenta: nothing like the host or the cloth
    frame = _record(
        tmp_path, "--source", str(source), "--chroma-key", "green", "--background", str(backdrop)
    )
    for y, x in ((20, 20), (20, 620), (340, 20), (340, 620), (180, 100)):
        assert _near(frame[y, x], (200, 40, 160)), f"backdrop at {(x, y)}: {frame[y, x]}"
    assert _near(frame[180, 320 - 60], SKIN), "the host is intact"
    assert _near(frame[230, 320], SKIN)
    assert frame[155, 320].max() < 80, "the dark detail is still dark"


@pytest.mark.slow
def test_a_blue_screen_without_a_background_goes_black(tmp_path: Path) -> None:
    scene = np.zeros((360, 640, 3), np.uint8)
    scene[:] = (20, 60, 200)
    cv2.rectangle(scene, (250, 100), (390, 260), (240, 200, 40), -1)  # a yellow box
    frame = _record(
        tmp_path, "--source", str(_png(tmp_path / "b.png", scene)), "--chroma-key", "blue"
    )
    assert frame[20, 20].max() < 30
    assert _near(frame[180, 320], (240, 200, 40))


@pytest.mark.slow
def test_the_close_up_is_in_its_corner(tmp_path: Path) -> None:
    main = _png(tmp_path / "main.png", np.full((360, 640, 3), (30, 60, 200), np.uint8))
    close_up = tmp_path / "close.mp4"
    solid_clip(close_up, (230, 120, 20))  # orange: the product close-up
    frame = _record(
        tmp_path,
        "--source",
        str(main),
        "--pip",
        str(close_up),
        "--pip-corner",
        "top-left",
        "--pip-size",
        "0.3",
    )
    # the inset: 30 % of 640 = 192 wide, 108 high, 12 px in from the top left
    assert _near(frame[12 + 54, 12 + 96], (230, 120, 20))
    assert _near(frame[12 + 5, 12 + 5], (230, 120, 20))
    assert frame[10, 60].min() > 200, "a white frame around it"
    assert _near(frame[300, 500], (30, 60, 200)), "the main picture elsewhere"
    assert _near(frame[12 + 54, 12 + 192 + 20], (30, 60, 200))


@pytest.mark.slow
def test_the_close_up_follows_a_portrait_canvas(tmp_path: Path) -> None:
    main = _png(tmp_path / "main.png", np.full((640, 360, 3), (30, 60, 200), np.uint8))
    close_up = _png(tmp_path / "close.png", np.full((90, 160, 3), (230, 120, 20), np.uint8))
    frame = _record(tmp_path, "--source", str(main), "--pip", str(close_up), canvas="360x640")
    # bottom right: 30 % of 360 = 108 wide, 60 high (16:9), 12 px in
    assert _near(frame[640 - 12 - 30, 360 - 12 - 54], (230, 120, 20))
    assert _near(frame[100, 100], (30, 60, 200))


def _face(h: int = 720, w: int = 1280) -> np.ndarray:
    """A blotchy skin patch with a sharp dark edge across it (an eyebrow), on blue."""
    rng = np.random.default_rng(4)
    rgb = np.zeros((h, w, 3), np.uint8)
    rgb[:] = (40, 70, 160)
    skin = np.array(SKIN, np.float32) + rng.normal(0, 9, (h // 2, w // 3, 1)).astype(np.float32)
    rgb[h // 4 : h // 4 + h // 2, w // 3 : w // 3 + w // 3] = np.clip(skin, 0, 255).astype(np.uint8)
    rgb[h // 2 - 4 : h // 2 + 4, w // 3 + 40 : 2 * w // 3 - 40] = (50, 35, 30)
    return rgb


def test_beauty_smooths_and_brightens_skin_and_keeps_edges() -> None:
    rgb = _face()
    h, w = rgb.shape[:2]
    c = Compositor(w, h)
    c.set_effects((Beauty(BeautySettings(80)),))
    before = cv2.cvtColor(cv2.cvtColor(c.compose(None), cv2.COLOR_YUV2RGB_I420), cv2.COLOR_RGB2GRAY)
    out = cv2.cvtColor(c.compose(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)), cv2.COLOR_YUV2RGB_I420)
    c.set_effects(())
    plain = cv2.cvtColor(c.compose(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)), cv2.COLOR_YUV2RGB_I420)
    del before
    patch = (slice(h // 4 + 40, h // 2 - 40), slice(w // 3 + 40, 2 * w // 3 - 40))
    g_out = cv2.cvtColor(out, cv2.COLOR_RGB2GRAY).astype(float)
    g_plain = cv2.cvtColor(plain, cv2.COLOR_RGB2GRAY).astype(float)
    assert g_out[patch].std() < 0.6 * g_plain[patch].std(), "blotches smoothed"
    assert g_out[patch].mean() > g_plain[patch].mean() + 3, "skin brightened"
    # the dark edge keeps its contrast against the skin beside it
    edge = g_out[h // 2 - 2 : h // 2 + 2, w // 2 - 50 : w // 2 + 50].mean()
    beside = g_out[h // 2 - 30 : h // 2 - 20, w // 2 - 50 : w // 2 + 50].mean()
    plain_edge = g_plain[h // 2 - 2 : h // 2 + 2, w // 2 - 50 : w // 2 + 50].mean()
    plain_beside = g_plain[h // 2 - 30 : h // 2 - 20, w // 2 - 50 : w // 2 + 50].mean()
    assert beside - edge > 0.8 * (plain_beside - plain_edge)
    # outside the skin nothing changes (no blur of the whole picture)
    assert np.array_equal(out[:100, :200], plain[:100, :200])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--chroma-key", "purple"), "抠像颜色 'purple' 不对"),
        (("--background", "x.png"), "只有开了抠像才用得到背景"),
        (("--chroma-key", "green", "--background", "no-such.png"), "背景用不了"),
        (("--pip", "no-such.mp4"), "画中画的画面用不了"),
        (("--beauty", "150"), "--beauty"),
        (("--cutout", "--chroma-key", "green"), "绿幕抠像和智能抠像只能选一个"),
        (("--background", "blur"), "只有开了抠像才用得到背景"),
        (("--chroma-key", "green", "--background", "blur"), "背景虚化要配智能抠像"),
        (("--cutout", "--background", "no-such.png"), "背景用不了"),
    ],
)
def test_a_tool_set_wrong_says_how_to_set_it(
    tmp_path: Path, args: tuple[str, ...], words: str
) -> None:
    result = run_studio(
        "live", "--headless", "--record", str(tmp_path / "x.mkv"), "--duration", "1", *args
    )
    assert result.returncode == 2
    assert words in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_the_compositor_leaves_the_bars_alone() -> None:
    """With fit (letterbox), tools work on the picture, not on the black bars."""
    from studio.media.compositor import Fit
    from studio.media.effects import ChromaKey

    c = Compositor(640, 360, Fit.FIT)
    c.set_effects((ChromaKey(),))
    tall = np.zeros((360, 180, 3), np.uint8)
    tall[:] = (0, 255, 0)  # BGR green: keyed to black
    y, _u, _v = i420_planes(c.compose(tall))
    assert y[180, 10] == 16 and y[180, 320] == 16


def _sound_only(path: Path) -> Path:
    """An .m4a of a second's tone: a file with sound and no picture (a voice memo)."""
    import av

    with av.open(str(path), "w") as out:
        stream = out.add_stream("aac", rate=48_000)
        stream.codec_context.layout = "stereo"
        for i in range(0, 48_000, 1024):
            tone = np.sin(2 * np.pi * 440 * np.arange(i, i + 1024) / 48_000) * 0.3
            frame = av.AudioFrame.from_ndarray(
                np.vstack([tone, tone]).astype(np.float32), format="fltp", layout="stereo"
            )
            frame.sample_rate, frame.pts = 48_000, i
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path


@pytest.mark.slow
@pytest.mark.parametrize("tool", ["--cutout", "--chroma-key"])
def test_a_background_with_sound_and_no_picture_is_refused_in_words(
    tmp_path: Path, tool: str
) -> None:
    """A sound-only file chosen as the background was reported as "the video source
    stopped (0)" once live; it is refused at the start, saying what the file lacks."""
    music = _sound_only(tmp_path / "背景音乐.m4a")
    key = ("--chroma-key", "green") if tool == "--chroma-key" else ("--cutout",)
    result = run_studio(
        "live", "--headless", "--record", str(tmp_path / "x.mkv"), "--duration", "1",
        *key, "--background", str(music),
    )  # fmt: skip
    assert result.returncode == 2
    assert "背景用不了：背景音乐.m4a 只有声音，没有画面：请选一个视频或图片" in result.stderr
    assert "视频源出错" not in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_a_file_that_is_no_media_is_refused_as_a_source(tmp_path: Path) -> None:
    notes = tmp_path / "notes.mp4"
    notes.write_text("not a clip", encoding="utf-8")
    result = run_studio(
        "live", "--headless", "--source", str(notes), "--record", str(tmp_path / "x.mkv"),
        "--duration", "1",
    )  # fmt: skip
    assert result.returncode == 2, result.stdout + result.stderr
    assert "notes.mp4 不是能播放的视频或图片" in result.stderr
    assert "Traceback" not in result.stderr
