"""Audio stages and sources: gain, mute, the level meter, tone phase, the timeline."""

from __future__ import annotations

import numpy as np

from studio.media.audio import AudioStage, SilenceSource, ToneSource
from studio.media.clock import AudioTimeline


def test_gain_mute_and_level() -> None:
    stage = AudioStage()
    buf = np.full((2, 1024), 0.25, np.float32)
    stage.process(buf)
    assert round(stage.level_dbfs) == -12
    stage.gain_db = 6.0
    stage.process(buf)
    assert np.allclose(buf, 0.25 * 10 ** (6 / 20), atol=1e-4) and round(stage.level_dbfs) == -6
    stage.gain_db = 40.0
    stage.process(buf)
    assert buf.max() == 1.0, "clipped, never wrapped"
    stage.muted = True
    stage.process(buf)
    assert not buf.any() and stage.level_dbfs == -120.0


def test_tone_is_phase_continuous_across_frames() -> None:
    tone = ToneSource(hz=1000)
    a, b = np.zeros((2, 1024), np.float32), np.zeros((2, 1024), np.float32)
    whole = np.zeros((2, 2048), np.float32)
    tone.fill(480, a)
    tone.fill(480 + 1024, b)
    tone.fill(480, whole)
    assert np.allclose(np.hstack([a, b]), whole)
    silence = np.ones((2, 8), np.float32)
    SilenceSource().fill(0, silence)
    assert not silence.any()


def test_timeline_reads_what_was_written_at_its_position_and_then_silence() -> None:
    tl = AudioTimeline(seconds=1.0)
    tl.write(100, np.ones((2, 50), np.float32))
    out = np.zeros((2, 200), np.float32)
    tl.read(0, out)
    assert not out[:, :100].any() and out[:, 100:150].all() and not out[:, 150:].any()
    tl.read(0, out)  # read positions are cleared behind the reader
    assert not out.any()
    tl.write(0, np.ones((2, 10), np.float32))  # before the reader: too late, counted
    assert tl.late_samples == 10
