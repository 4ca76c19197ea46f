"""The voice chain on real mixtures: flite's speech with a fan, a crowd and wind in it."""

from __future__ import annotations

import numpy as np
import pytest
from pesq import pesq
from pystoi import stoi

from studio.media.audio import ToneSource
from studio.media.clock import AUDIO_RATE
from studio.media.voice import HighPass, Limiter, VoiceChain, VoiceSource, denoise_available
from tests.support.speech import (
    LINES,
    NOISES,
    RATE,
    have_flite,
    mix,
    resample,
    run_chain,
    segmental_snr,
    speech,
)

pytestmark = pytest.mark.skipif(not have_flite(), reason="needs flite (Debian: flite)")


@pytest.fixture(scope="module")
def clean() -> np.ndarray:
    return np.concatenate([speech(LINES[0]), np.zeros(RATE // 2, np.float32), speech(LINES[1])])


def _16k(x: np.ndarray) -> np.ndarray:
    return resample(x, RATE, 16_000)  # PESQ and STOI are defined at 16 kHz


def test_rnnoise_ships_with_the_studio() -> None:
    assert denoise_available()


@pytest.mark.slow
@pytest.mark.parametrize("snr_db", [0, 5])
def test_the_denoiser_takes_a_fan_out_of_speech(clean: np.ndarray, snr_db: int) -> None:
    noisy = mix(clean, NOISES["fan"](len(clean)), snr_db)
    # the reference is the clean speech through the same high-pass and limiter, so what is
    # measured is what RNNoise adds
    ref = run_chain(VoiceChain(denoise=False), clean)
    without = run_chain(VoiceChain(denoise=False), noisy)
    cleaned = run_chain(VoiceChain(denoise=True), noisy)
    gain_db = segmental_snr(ref, cleaned) - segmental_snr(ref, without)
    assert gain_db > 3.0, f"segmental SNR improved by only {gain_db:.1f} dB"
    c, n, o = _16k(clean), _16k(noisy), _16k(cleaned)
    assert pesq(16_000, c, o, "wb") > pesq(16_000, c, n, "wb") + 0.1
    assert stoi(c, o, 16_000) > stoi(c, n, 16_000)


@pytest.mark.slow
@pytest.mark.parametrize("noise", ["crowd", "wind"])
def test_speech_scores_better_after_the_chain_in_crowd_and_wind(
    clean: np.ndarray, noise: str
) -> None:
    noisy = mix(clean, NOISES[noise](len(clean)), 0)
    cleaned = run_chain(VoiceChain(denoise=True), noisy)
    c, n, o = _16k(clean), _16k(noisy), _16k(cleaned)
    assert pesq(16_000, c, o, "wb") > pesq(16_000, c, n, "wb")


def test_a_shout_never_clips_and_speech_passes_untouched() -> None:
    t = np.arange(AUDIO_RATE) / AUDIO_RATE
    quiet = (0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    shout = (3.0 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)  # +10 dB over full scale
    x = np.concatenate([quiet, shout, quiet])
    y = run_chain(Limiter(), x)
    ceiling = 10 ** (-1 / 20)
    assert np.abs(y).max() <= ceiling + 1e-6
    # the quiet part before the shout comes through as it went in
    assert np.allclose(y[: AUDIO_RATE - 256], quiet[: AUDIO_RATE - 256], atol=1e-6)
    # and the gain recovers after it (60 dB/s: well within the second after)
    assert np.abs(y[-AUDIO_RATE // 4 :]).max() == pytest.approx(0.3, abs=0.01)


def test_the_high_pass_takes_out_rumble_and_keeps_the_voice() -> None:
    t = np.arange(AUDIO_RATE) / AUDIO_RATE

    def level(hz: float) -> float:
        tone = np.sin(2 * np.pi * hz * t).astype(np.float32)
        y = HighPass().process(np.vstack([tone, tone]))[0, AUDIO_RATE // 2 :]
        return float(20 * np.log10(np.sqrt(np.mean(y**2)) / np.sqrt(0.5)))

    assert level(20) < -20  # wind and handling rumble
    assert level(40) < -8
    assert level(1000) == pytest.approx(0.0, abs=0.1)  # speech untouched
    assert level(200) == pytest.approx(0.0, abs=0.3)


@pytest.mark.parametrize("denoise", [False, True])
def test_the_cleaned_sound_keeps_its_place_on_the_clock(clean: np.ndarray, denoise: bool) -> None:
    """The chain's delay is read ahead, not added: sample N of the voice is at sample N of
    what the audio thread gets, so the picture and the voice stay in sync."""

    class Voice:
        name, latency_s = "voice", 0.0

        def start(self) -> None: ...
        def stop(self) -> None: ...

        def fill(self, position: int, out: np.ndarray) -> None:
            out[:] = clean[np.arange(position, position + out.shape[1]) % len(clean)]

    source = VoiceSource(Voice(), denoise=denoise)
    assert source.latency_s == pytest.approx(source.delay / AUDIO_RATE)
    out = np.zeros((2, 1024), np.float32)
    got = []
    first = 7 * 1024
    for position in range(first, first + 200 * 1024, 1024):
        source.fill(position, out)
        got.append(out[0].copy())
    y = np.concatenate(got)
    x = clean[np.arange(first, first + len(y)) % len(clean)]
    lags = range(-2000, 2001)
    score = [float(np.dot(x[2000:-2000], y[2000 + lag : len(y) - 2000 + lag])) for lag in lags]
    best = lags[int(np.argmax(score))]
    assert abs(best) <= 48  # 1 ms: the high-pass's phase and RNNoise's own rounding


def test_a_tone_without_the_chain_stays_a_tone(tmp_path) -> None:
    """Only a microphone goes through the chain unless asked: test signals stay pure."""
    from studio.app.live import LiveConfig, LiveSession

    session = LiveSession(LiveConfig(audio="tone", record=tmp_path / "a.mkv"))
    assert isinstance(session.engine.audio, ToneSource)
    on = LiveSession(LiveConfig(audio="tone", denoise="on", record=tmp_path / "b.mkv"))
    assert isinstance(on.engine.audio, VoiceSource) and on.engine.audio.denoise
