"""The canvas: cover and fit scaling, alpha layers set, moved and removed, I420 conversion."""

from __future__ import annotations

import numpy as np

from studio.media.compositor import Compositor, Fit, Layer
from studio.media.text import cjk_family, has_cjk_font, render_panel, render_text


def _camera(w: int = 1280, h: int = 720) -> np.ndarray:
    frame = np.zeros((h, w, 3), np.uint8)
    frame[:, : w // 2] = (255, 0, 0)  # left half blue
    frame[:, w // 2 :] = (0, 0, 255)  # right half red
    return frame


def test_cover_fills_a_portrait_canvas_from_a_landscape_camera() -> None:
    c = Compositor(720, 1280, Fit.COVER)
    out = c.compose(_camera())
    assert out.shape == (1280, 720, 3)
    assert (out.reshape(-1, 3).sum(axis=1) > 0).all(), "no black bars"
    assert tuple(out[640, 100]) == (255, 0, 0) and tuple(out[640, 620]) == (0, 0, 255)


def test_fit_letterboxes_and_keeps_the_whole_picture() -> None:
    c = Compositor(720, 1280, Fit.FIT)
    out = c.compose(_camera())
    # 1280x720 scaled to 720x405, centred vertically.
    top = (1280 - 405) // 2
    assert (out[: top - 1] == 0).all() and (out[top + 406 :] == 0).all()
    assert tuple(out[640, 10]) == (255, 0, 0) and tuple(out[640, 710]) == (0, 0, 255)


def test_layers_blend_with_alpha_move_and_go() -> None:
    c = Compositor(320, 180)
    bgra = np.zeros((20, 40, 4), np.uint8)
    bgra[:, :, :3] = (255, 255, 255)
    bgra[:, :20, 3] = 255  # left half opaque
    bgra[:, 20:, 3] = 128  # right half half-transparent
    c.set_layer(Layer("logo", bgra, 10, 10))
    out = c.compose(np.zeros((180, 320, 3), np.uint8))
    assert tuple(out[15, 15]) == (255, 255, 255)
    assert 120 <= out[15, 40, 0] <= 136
    assert tuple(out[100, 100]) == (0, 0, 0)
    c.move_layer("logo", 300, 170)  # partly off the canvas: clipped, not an error
    out = c.compose(np.zeros((180, 320, 3), np.uint8))
    assert tuple(out[15, 15]) == (0, 0, 0) and tuple(out[175, 305]) == (255, 255, 255)
    c.remove_layer("logo")
    assert not c.compose(np.zeros((180, 320, 3), np.uint8)).any()


def test_overlays_drawn_over_letterbox_bars_do_not_leave_trails() -> None:
    c = Compositor(320, 320, Fit.FIT)
    c.set_layer(Layer("card", np.full((10, 10, 4), 255, np.uint8), 0, 0))
    c.compose(_camera(320, 180))
    c.remove_layer("card")
    assert not c.compose(_camera(320, 180))[:5, :5].any()


def test_i420_conversion_keeps_colours() -> None:
    c = Compositor(64, 32)
    canvas = c.compose(np.full((32, 64, 3), (0, 0, 255), np.uint8))  # red
    y = np.zeros((32, 64), np.uint8)
    u = np.zeros((16, 32), np.uint8)
    v = np.zeros((16, 32), np.uint8)
    c.to_i420(canvas, [y, u, v])
    assert 70 <= y.mean() <= 90 and v.mean() > 200  # BT.601 red: Y≈82, V≈240


def test_chinese_text_renders_with_a_cjk_font(qapp: object) -> None:
    assert has_cjk_font(), "install fonts-noto-cjk (see README)"
    assert cjk_family()
    img = render_text("3, 2, 1, 上链接!", 64)
    assert img.shape[2] == 4 and img.shape[0] >= 64
    assert (img[:, :, 3] > 0).mean() > 0.05, "glyphs were drawn"
    # A missing glyph would draw the same box for every character: these must differ.
    a, b = render_text("上", 64), render_text("链", 64)
    assert a.shape == b.shape and not np.array_equal(a, b)


def test_panel_centres_lines(qapp: object) -> None:
    panel = render_panel(400, 200, [("商品卡片", 40, (255, 255, 255, 255))])
    assert panel.shape == (200, 400, 4)
    cols = np.where(panel[:, :, 2].max(axis=0) > 200)[0]
    assert abs((cols.min() + cols.max()) / 2 - 200) < 12
