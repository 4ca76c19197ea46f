"""The machine check the first-run wizard uses: a report, whatever this machine's speed."""

from __future__ import annotations

from studio.app.bench import PRESETS, recommend


def test_recommend_measures_through_the_real_engine_and_picks_a_preset() -> None:
    seen = []
    report = recommend(0.5, [(320, 180)], on_result=seen.append)
    assert seen == report.results and report.results
    first = report.results[0]
    assert first.canvas == "320x180@30" and first.preset == PRESETS[0]
    assert first.fps_out > 0 and first.cpu_s_per_s > 0
    held = [r for r in report.results if r.holds]
    assert report.presets == ({"320x180@30": held[0].preset} if held else {})
    assert report.quality in ("480p", "720p", "1080p")
