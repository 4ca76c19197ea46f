"""The microphone through QtMultimedia, against a real PulseAudio server with a virtual mic."""

from __future__ import annotations

import json
import subprocess
import wave
from pathlib import Path

import av
import numpy as np
import pytest

from tests.support.cli import run_studio
from tests.support.servers import PulseServer, stop_process
from tests.support.speech import LINES, RATE, fan, have_flite, mix, speech

pytestmark = pytest.mark.slow  # streams or long flows: not in the fast tier


def _studio(pulse: PulseServer, *args: str) -> subprocess.CompletedProcess[str]:
    return run_studio(*args, env=pulse.env())


def test_devices_lists_the_microphone(pulse: PulseServer) -> None:
    result = _studio(pulse, "devices")
    assert result.returncode == 0 and "mic:StudioMic" in result.stdout


def _record_mic(pulse: PulseServer, rec: Path, *args: str) -> np.ndarray:
    result = _studio(
        pulse,
        "live",
        "--headless",
        "--source",
        "test",
        "--audio",
        "mic:StudioMic",
        "--record",
        str(rec),
        "--canvas",
        "320x180",
        "--duration",
        "5",
        *args,
    )
    assert result.returncode == 0, result.stderr
    with av.open(str(rec)) as c:
        resampler = av.AudioResampler(format="fltp", layout="mono", rate=48_000)
        samples = np.concatenate(
            [f.to_ndarray()[0] for frame in c.decode(audio=0) for f in resampler.resample(frame)]
        )
    return samples[-48_000 * 2 :]  # the last two seconds: the device has started by then


def test_the_microphone_is_heard_in_the_recording(pulse: PulseServer, tmp_path: Path) -> None:
    tail = _record_mic(pulse, tmp_path / "mic.mkv", "--denoise", "off")
    assert np.abs(tail).max() > 0.05, "the microphone's tone is in the recording"
    spectrum = np.abs(np.fft.rfft(tail))
    peak_hz = np.argmax(spectrum[1:]) + 1
    assert abs(peak_hz * 48_000 / len(tail) - 440) < 5


def test_the_microphone_is_denoised_by_default(pulse: PulseServer, tmp_path: Path) -> None:
    """The virtual mic hears a steady 440 Hz whine (a compressor, a fan's motor) and no
    voice: RNNoise, on by default for a microphone, takes it out of the stream. The level the
    host's meter reads is the microphone's, before suppression: it shows the whine, and the
    level sent shows that nothing goes out."""
    stats = tmp_path / "stats.json"
    tail = _record_mic(pulse, tmp_path / "mic.mkv", "--stats-json", str(stats))
    assert np.abs(tail).max() < 0.01, "the whine is suppressed"
    final = json.loads(stats.read_text(encoding="utf-8"))
    assert final["heard_level_dbfs"] > -40, "the meter shows what the microphone hears"
    assert final["audio_level_dbfs"] < -40, "and what is sent is silence"


def _voice_over_a_fan(path: Path, seconds: float) -> None:
    """flite's speech over a fan at 5 dB SNR, repeated to `seconds`, a 48 kHz mono WAV."""
    line = np.concatenate([speech(LINES[0]), np.zeros(RATE // 2, np.float32)])
    voice = np.tile(line, int(seconds * RATE) // len(line) + 1)[: int(seconds * RATE)]
    noisy = mix(voice, fan(len(voice)), snr_db=5)
    noisy = noisy / np.abs(noisy).max() * 0.7
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes((noisy * 32767).astype(np.int16).tobytes())


def _band_rms(x: np.ndarray, lo_hz: float, hi_hz: float, notch: tuple[float, float]) -> float:
    spectrum = np.fft.rfft(x)
    f = np.fft.rfftfreq(len(x), 1 / RATE)
    keep = (f >= lo_hz) & (f <= hi_hz) & ~((f >= notch[0]) & (f <= notch[1]))
    return float(np.sqrt(np.mean(np.fft.irfft(spectrum * keep, len(x)) ** 2)))


@pytest.mark.skipif(not have_flite(), reason="needs flite (Debian: flite)")
def test_speech_over_noise_reaches_the_stream_with_denoise_on(
    pulse: PulseServer, tmp_path: Path
) -> None:
    """A host talking over a fan (and the fixture's steady whine) into the microphone, with
    noise suppression on as it is by default: the voice is in the recording, decoded."""
    wav = tmp_path / "voice.wav"
    _voice_over_a_fan(wav, 40)
    player = subprocess.Popen(
        ["paplay", "--device=studio_null", str(wav)],
        env=pulse.env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        tail = _record_mic(pulse, tmp_path / "mic.mkv")
    finally:
        stop_process(player)
    assert np.abs(tail).max() > 0.05, "the voice is in the recording"
    # speech's band, without the whine the fixture plays (440 Hz) that RNNoise takes out
    assert _band_rms(tail, 300, 3400, (420, 460)) > 0.01


def test_an_unknown_microphone_is_a_clear_error(pulse: PulseServer, tmp_path: Path) -> None:
    result = _studio(
        pulse,
        "live",
        "--headless",
        "--audio",
        "mic:Nope",
        "--record",
        str(tmp_path / "x.mkv"),
        "--duration",
        "2",
    )
    assert result.returncode == 2
    assert "找不到麦克风 'Nope'" in result.stderr and "StudioMic" in result.stderr
    assert "Traceback" not in result.stderr
