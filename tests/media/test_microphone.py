"""The microphone through QtMultimedia, against a real PulseAudio server with a virtual mic."""

from __future__ import annotations

import subprocess
from pathlib import Path

import av
import numpy as np

from tests.support.cli import run_studio
from tests.support.servers import PulseServer


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
    voice: RNNoise, on by default for a microphone, takes it out of the stream."""
    tail = _record_mic(pulse, tmp_path / "mic.mkv")
    assert np.abs(tail).max() < 0.01, "the whine is suppressed"


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
