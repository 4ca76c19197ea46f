"""The frame guard's policy on scripted timelines: one look a second, as the engine feeds it."""

from __future__ import annotations

import pytest

from studio.core.guard import KNOBS, FrameGuard, GuardStep, cheaper_presets, parse_order
from studio.core.messages import Message, render

FRAME_MS = 1000 / 30
ROOM = {"cutout": 2, "preset": 2, "resolution": 2}


def run(
    guard: FrameGuard,
    seconds: int,
    render_ms: float,
    encode_ms: float = 5.0,
    lost: int = 0,
    room: dict[str, int] | None = None,
) -> list[GuardStep]:
    """`seconds` looks at these figures; the steps taken, in order."""
    steps = []
    for _ in range(seconds):
        step = guard.update(render_ms, encode_ms, lost, 1.0, room or ROOM)
        if step is not None:
            steps.append(step)
    return steps


def test_it_steps_down_in_the_hosts_order_once_past_75_percent_and_holds_when_nothing_is_left() -> (
    None
):
    guard = FrameGuard(FRAME_MS)
    assert run(guard, 30, render_ms=0.70 * FRAME_MS) == []  # busy, under the mark: nothing
    steps = run(guard, 1, render_ms=0.80 * FRAME_MS)
    assert steps == []  # one second past it is not yet a trend
    steps = run(guard, 12, render_ms=0.80 * FRAME_MS)
    assert [(s.knob, s.level) for s in steps] == [
        ("cutout", 1),
        ("cutout", 2),
        ("preset", 1),
        ("preset", 2),
        ("resolution", 1),
        ("resolution", 2),
    ]
    assert all(s.down for s in steps)
    assert run(guard, 10, render_ms=0.9 * FRAME_MS) == []  # nothing left to give


def test_encoding_near_the_budget_or_lost_frames_count_as_much_as_drawing() -> None:
    by_encode = FrameGuard(FRAME_MS)
    assert [s.knob for s in run(by_encode, 2, render_ms=5, encode_ms=0.76 * FRAME_MS)] == ["cutout"]
    by_loss = FrameGuard(FRAME_MS)
    assert run(by_loss, 5, render_ms=5, lost=1) == []  # a scheduler hiccup a second: not a trend
    assert [s.knob for s in run(by_loss, 2, render_ms=5, lost=3)] == ["cutout"]


def test_the_host_order_and_the_knobs_that_do_not_apply() -> None:
    guard = FrameGuard(FRAME_MS, order=("resolution", "preset"))
    room = {"cutout": 2, "preset": 1, "resolution": 1}
    steps = run(guard, 10, render_ms=FRAME_MS, room=room)
    # the host put the size first and left the cutout out; one rung and one preset here
    assert [(s.knob, s.level) for s in steps] == [("resolution", 1), ("preset", 1)]
    no_cutout = FrameGuard(FRAME_MS)
    steps = run(no_cutout, 2, render_ms=FRAME_MS, room={"cutout": 0, "preset": 2, "resolution": 0})
    assert [s.knob for s in steps] == ["preset"]  # no cutout on: the next knob
    off = FrameGuard(FRAME_MS, order=())
    assert run(off, 10, render_ms=2 * FRAME_MS) == []


def test_it_steps_back_up_last_step_first_after_a_calm_wait_and_waits_longer_after_a_relapse() -> (
    None
):
    guard = FrameGuard(FRAME_MS, up_after_s=15)
    down = run(guard, 4, render_ms=0.8 * FRAME_MS)
    assert [s.knob for s in down] == ["cutout", "cutout"]
    assert run(guard, 60, render_ms=0.6 * FRAME_MS) == []  # between the marks: hold
    assert run(guard, 14, render_ms=0.3 * FRAME_MS) == []
    up = run(guard, 1, render_ms=0.3 * FRAME_MS)
    assert up == [GuardStep("cutout", 1, down=False)]
    # the load comes back right after the step up: down again, and the next try waits 30 s
    assert run(guard, 2, render_ms=0.8 * FRAME_MS) == [GuardStep("cutout", 2, down=True)]
    assert run(guard, 29, render_ms=0.3 * FRAME_MS) == []
    assert run(guard, 1, render_ms=0.3 * FRAME_MS) == [GuardStep("cutout", 1, down=False)]
    # this one held: the last step comes up after the same (longer) calm wait
    assert run(guard, 29, render_ms=0.3 * FRAME_MS) == []
    assert run(guard, 1, render_ms=0.3 * FRAME_MS) == [GuardStep("cutout", 0, down=False)]
    assert not guard.stepped_down
    assert run(guard, 200, render_ms=0.1 * FRAME_MS) == []  # nothing to step up


def test_order_parsing_and_the_cheaper_presets() -> None:
    assert parse_order("cutout,preset,resolution") == KNOBS
    assert parse_order(" Resolution ， cutout ") == ("resolution", "cutout")
    assert parse_order("off") == parse_order("") == ()
    with pytest.raises(ValueError, match="bitrate"):
        parse_order("cutout,bitrate")
    assert cheaper_presets("veryfast") == ("superfast", "ultrafast")
    assert cheaper_presets("medium") == ("veryfast", "superfast", "ultrafast")
    assert cheaper_presets("ultrafast") == cheaper_presets("") == ()


def test_turned_off_it_gives_back_every_step_at_once_last_first() -> None:
    guard = FrameGuard(FRAME_MS)
    run(guard, 6, render_ms=FRAME_MS)
    assert guard.levels == {"cutout": 2, "preset": 1, "resolution": 0}
    assert guard.release() == [
        GuardStep("preset", 0, down=False),
        GuardStep("cutout", 1, down=False),
        GuardStep("cutout", 0, down=False),
    ]
    assert not guard.stepped_down and guard.release() == []


@pytest.mark.parametrize("knob", KNOBS)
@pytest.mark.parametrize("direction", ["down", "up"])
def test_each_step_is_said_as_what_the_viewers_see_without_encoder_words(
    knob: str, direction: str
) -> None:
    """The host reads the picture's change in plain words, in both languages; x264's preset
    names are for the log, not the notice."""
    params = {"frames": 4, "size": "854x480"}
    for language in ("zh", "en"):
        line = render(Message(f"guard.{knob}_{direction}", params), language)
        assert line and "{" not in line
        for jargon in ("preset", "预设", "x264", *X264_NAMES):
            assert jargon not in line, (knob, direction, language, line)
    assert render(Message("guard.preset_down"), "zh") == (
        "电脑忙不过来：编码改用更省电脑的设置，画面会稍糊一点，保证不掉帧"
    )
    assert "softer" in render(Message("guard.preset_down"), "en")


X264_NAMES = ("veryfast", "superfast", "ultrafast")
