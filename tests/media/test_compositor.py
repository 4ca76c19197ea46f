"""The canvas: cover and fit scaling, alpha layers set, moved and removed, I420 conversion."""

from __future__ import annotations

import numpy as np

from studio.media.compositor import Compositor, Fit, I420Planes, Layer, i420_planes
from studio.media.text import cjk_family, has_cjk_font, render_panel, render_text


def _camera(w: int = 1280, h: int = 720) -> np.ndarray:
    frame = np.zeros((h, w, 3), np.uint8)
    frame[:, : w // 2] = (255, 0, 0)  # left half blue
    frame[:, w // 2 :] = (0, 0, 255)  # right half red
    return frame


def _bgr(c: Compositor, frame: np.ndarray | None) -> np.ndarray:
    c.compose(frame)
    return c.canvas_bgr()


def _near(pixel: np.ndarray, bgr: tuple[int, int, int], tol: int = 6) -> bool:
    return all(abs(int(a) - b) <= tol for a, b in zip(pixel, bgr, strict=True))


def test_cover_fills_a_portrait_canvas_from_a_landscape_camera() -> None:
    c = Compositor(720, 1280, Fit.COVER)
    out = _bgr(c, _camera())
    assert out.shape == (1280, 720, 3)
    assert (out.reshape(-1, 3).max(axis=1) > 100).all(), "no black bars"
    assert _near(out[640, 100], (255, 0, 0)) and _near(out[640, 620], (0, 0, 255))


def test_fit_letterboxes_and_keeps_the_whole_picture() -> None:
    c = Compositor(720, 1280, Fit.FIT)
    out = _bgr(c, _camera())
    # 1280x720 scaled to 720x404 (even), centred vertically.
    top = (1280 - 404) // 2
    assert (out[: top - 1] <= 2).all() and (out[top + 406 :] <= 2).all()
    assert _near(out[640, 10], (255, 0, 0)) and _near(out[640, 710], (0, 0, 255))


def test_layers_blend_with_alpha_move_and_go() -> None:
    c = Compositor(320, 180)
    bgra = np.zeros((20, 40, 4), np.uint8)
    bgra[:, :, :3] = (255, 255, 255)
    bgra[:, :20, 3] = 255  # left half opaque
    bgra[:, 20:, 3] = 128  # right half half-transparent
    black = np.zeros((180, 320, 3), np.uint8)
    c.set_layer(Layer("logo", bgra, 10, 10))
    out = _bgr(c, black)
    assert _near(out[15, 15], (255, 255, 255))
    assert 115 <= out[15, 40, 0] <= 140
    assert _near(out[100, 100], (0, 0, 0))
    c.move_layer("logo", 300, 170)  # partly off the canvas: clipped, not an error
    out = _bgr(c, black)
    assert _near(out[15, 15], (0, 0, 0)) and _near(out[175, 305], (255, 255, 255))
    c.remove_layer("logo")
    assert _bgr(c, black).max() <= 2


def test_overlays_drawn_over_letterbox_bars_do_not_leave_trails() -> None:
    c = Compositor(320, 320, Fit.FIT)
    c.set_layer(Layer("card", np.full((10, 10, 4), 255, np.uint8), 0, 0))
    c.compose(_camera(320, 180))
    c.remove_layer("card")
    assert _bgr(c, _camera(320, 180))[:5, :5].max() <= 2


def _strided(h: int, w: int, pad: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Y, U, V views with padded rows, as a decoder's or an encoder's frame lays them out."""
    return tuple(  # type: ignore[return-value]
        np.zeros((rows, cols + pad), np.uint8)[:, :cols]
        for rows, cols in ((h, w), (h // 2, w // 2), (h // 2, w // 2))
    )


def test_bgr_packed_and_strided_sources_give_the_same_picture_in_any_target() -> None:
    import cv2

    red = np.full((32, 64, 3), (0, 0, 255), np.uint8)
    packed = cv2.cvtColor(red, cv2.COLOR_BGR2YUV_I420)
    planes = _strided(32, 64, pad=16)  # a decoded clip frame: no copy into the slot
    for dst, src in zip(planes, i420_planes(packed), strict=True):
        dst[:] = src
    a, b, c = Compositor(64, 32), Compositor(64, 32), Compositor(64, 32)
    a.compose(red)
    b.compose(packed)
    c.compose(I420Planes(*planes))
    assert np.array_equal(a.canvas, b.canvas) and np.array_equal(a.canvas, c.canvas)
    # Straight into the encoder's frame (rows padded to its line size), layers included.
    for comp in (a, c):
        comp.set_layer(Layer("dot", np.full((4, 4, 4), 255, np.uint8), 8, 8))
    frame = _strided(32, 64, pad=48)
    c.compose_into(frame, I420Planes(*planes))
    a.compose(red)
    assert all(np.array_equal(x, y) for x, y in zip(frame, i420_planes(a.canvas), strict=True))
    y, _u, v = frame
    assert 70 <= y[20:].mean() <= 90 and v[12:].mean() > 200  # BT.601 red: Y≈82, V≈240
    assert y[8:12, 8:12].min() > 230  # the white dot


def test_a_smaller_source_is_scaled_into_a_strided_target() -> None:
    c = Compositor(64, 32)
    frame = _strided(32, 64, pad=8)
    c.compose_into(frame, np.full((16, 32, 3), 255, np.uint8))
    assert frame[0].min() > 230  # white fills the whole canvas (cover)


def test_odd_sized_layers_and_positions_line_up_with_chroma() -> None:
    c = Compositor(64, 32)
    c.set_layer(Layer("dot", np.full((3, 5, 4), 255, np.uint8), 7, 3))
    out = _bgr(c, np.zeros((32, 64, 3), np.uint8))
    assert _near(out[3, 7], (255, 255, 255)) and _near(out[10, 20], (0, 0, 0))


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


def test_the_preview_of_a_portrait_1080p_canvas_is_the_picture_shrunk() -> None:
    """The window's preview is made from the I420 planes shrunk first: the same picture as
    converting the whole canvas and shrinking it, at the asked height, a new array."""
    import cv2

    from tests.support.clips import host_frame
    from tests.support.session import pattern_engine

    engine = pattern_engine(1080, 1920)
    bgr = cv2.cvtColor(host_frame(1080, 1920), cv2.COLOR_RGB2BGR)
    engine.compositor.canvas[:] = cv2.cvtColor(bgr, cv2.COLOR_BGR2YUV_I420)
    preview = engine.preview_rgb(720)
    assert preview.shape == (720, 404, 3) and preview.flags.c_contiguous
    whole = cv2.cvtColor(engine.compositor.canvas, cv2.COLOR_YUV2RGB_I420)
    expected = cv2.resize(whole, (404, 720), interpolation=cv2.INTER_AREA)
    assert np.abs(preview.astype(int) - expected.astype(int)).mean() < 3
    engine.compositor.canvas[:] = 0
    assert preview.any()  # a copy: the next frame does not change it
    small = pattern_engine(640, 360)
    assert small.preview_rgb(720).shape == (360, 640, 3)  # smaller than asked: as it is
    engine.encoder.close()
    small.encoder.close()


def test_the_preview_draws_into_the_picture_it_showed_last_and_never_into_a_wrong_one() -> None:
    """The window hands back the picture it no longer shows (no new array 30 times a second):
    it gets the new frame in it, the same as a new array; one of another size is left alone."""
    from tests.support.session import pattern_engine

    for width, height in ((1080, 1920), (640, 360)):  # shrunk, and converted as it is
        engine = pattern_engine(width, height)
        engine.compositor.canvas[:] = 128
        engine.compositor.canvas[: height // 2] = 200  # the top half light
        fresh = engine.preview_rgb(720)
        spare = np.zeros_like(fresh)
        drawn = engine.preview_rgb(720, out=spare)
        assert drawn is spare and np.array_equal(drawn, fresh)
        wrong = np.zeros((10, 10, 3), np.uint8)
        other = engine.preview_rgb(720, out=wrong)
        assert other is not wrong and not wrong.any() and np.array_equal(other, fresh)
        engine.encoder.close()


def test_drawn_at_a_rung_below_the_canvas_it_is_the_canvas_shrunk_card_and_inset_too() -> None:
    """The frame guard's and the uplink's size steps draw the picture at the rung's size
    (never drawn big and shrunk by the encoder): what viewers get must be the same picture,
    the card and the close-up where they were, only smaller."""
    import cv2

    from studio.media.compositor import Inset, inset_rect
    from studio.media.sources.base import FrameSlot

    class Still:  # a close-up source: its slot holds one picture
        def __init__(self, picture: np.ndarray) -> None:
            self.slot = FrameSlot()
            self.slot.publish(picture)

    rng = np.random.default_rng(7)
    camera = cv2.GaussianBlur(rng.integers(0, 255, (720, 1280, 3), np.uint8), (31, 31), 0)
    closeup = np.zeros((360, 640, 3), np.uint8)
    closeup[:, :, 1] = 200  # green
    card = np.zeros((300, 600, 4), np.uint8)
    card[:, :] = (0, 0, 255, 255)  # an opaque red card
    card[100:200, 100:500] = (255, 255, 255, 160)  # with a see-through white band
    big = Compositor(1080, 1920, Fit.COVER)
    big.set_insets((Inset(Still(closeup), inset_rect((1080, 1920), "top-right", 0.3)),))
    big.set_layer(Layer("card", card, 240, 1400))
    full = cv2.cvtColor(big.compose(camera).copy(), cv2.COLOR_YUV2BGR_I420)
    small = np.zeros((1280 * 3 // 2, 720), np.uint8)
    big.compose_into(i420_planes(small), camera)
    drawn = cv2.cvtColor(small, cv2.COLOR_YUV2BGR_I420)
    shrunk = cv2.resize(full, (720, 1280), interpolation=cv2.INTER_AREA)
    assert drawn.shape == shrunk.shape == (1280, 720, 3)
    # the same picture (edges differ by a pixel: the inset's frame stays 2 px wide)
    assert cv2.PSNR(drawn, shrunk) > 26
    # the card where it was, two thirds the size: red, its band whitish
    assert _near(drawn[940, 170], (0, 0, 255), 20) and _near(drawn[1125, 550], (0, 0, 255), 20)
    assert drawn[1000, 360].min() > 150  # the band, over the camera
    # the close-up in its corner, green, inside its frame
    x, y, w, h = (round(n * 2 / 3) for n in inset_rect((1080, 1920), "top-right", 0.3))
    assert _near(drawn[y + h // 2, x + w // 2], (0, 200, 0), 20)
    # and the preview shows what was drawn, at its size
    big.keep(i420_planes(small))
    assert big.kept.shape == small.shape and (big.kept == small).all()


def test_a_size_step_during_a_scene_fade_ends_the_fade_and_keeps_the_tools() -> None:
    """Found in review: a fade begun at the canvas's size, then a frame drawn at a rung's
    (a guard or uplink step within the fade's 0.3 s), raised OpenCV's size error, and the
    engine then turned every picture tool off for the rest of the show."""
    import time

    c = Compositor(1280, 720, Fit.COVER)
    c.compose(_camera(), time.monotonic_ns())
    c.begin_fade(0.3)
    c.compose(_camera(), time.monotonic_ns())  # the fade begins at 1280x720
    small = np.zeros((480 * 3 // 2, 854), np.uint8)
    c.compose_into(i420_planes(small), _camera(), time.monotonic_ns())  # no error
    out = cv2_bgr(small)
    assert _near(out[240, 100], (255, 0, 0)) and _near(out[240, 750], (0, 0, 255))


def cv2_bgr(packed: np.ndarray) -> np.ndarray:
    import cv2

    return cv2.cvtColor(packed, cv2.COLOR_YUV2BGR_I420)
