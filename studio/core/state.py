"""Output and stream states as the host sees them, and the events that carry them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from studio.core.messages import Message


class OutputState(Enum):
    """One destination's state. No valid zero: a default-constructed state is a bug."""

    CONNECTING = 1
    LIVE = 2
    RECONNECTING = 3
    FAILED = 4
    STOPPED = 5


@dataclass(frozen=True)
class OutputStatus:
    """A state change of one output, as shown in the status bar ("reconnecting 3", "failed: …")."""

    output: str
    state: OutputState
    attempt: int = 0
    reason: Message | str = ""  # worded when shown, in the reader's language
    at: float = 0.0

    def describe(self) -> str:
        if self.state is OutputState.RECONNECTING:
            return f"reconnecting {self.attempt}" + (f" ({self.reason})" if self.reason else "")
        if self.state is OutputState.FAILED:
            return f"failed: {self.reason}"
        return self.state.name.lower()


@dataclass
class OutputStats:
    """Counters one output keeps; read by the stats sampler, written by its send thread."""

    name: str
    kind: str
    state: str = "connecting"
    bytes_sent: int = 0
    bitrate_kbps: float = 0.0
    queue_packets: int = 0
    queue_ms: float = 0.0
    dropped_video_frames: int = 0
    sent_video_frames: int = 0
    sent_audio_frames: int = 0
    reconnects: int = 0
    ever_live: bool = False  # it reached the ingest at least once
    connect_attempts: int = 0
    last_error: str = ""
    target_kbps: float = 0.0
    history: list[str] = field(default_factory=list)
    path: str = ""  # a recording's file, once it is known

    @property
    def retries(self) -> int:
        """Attempts to connect after the first: "16 tries, 0 reconnected" says what happened,
        where `reconnects` alone (successful ones) says 0."""
        return max(0, self.connect_attempts - 1)


@dataclass(frozen=True)
class StreamStats:
    """The stream at one moment, from the engine to the window, the CLI and the report.

    `to_json()` gives the names the CLI's `--stats-json` has always written (external checks
    read them); `outputs` are copies of each output's counters.
    """

    elapsed_s: float
    encoder: str
    canvas: str
    fps: int
    fps_in: float
    fps_out: float
    frames_composed: int
    frames_encoded: int
    late_frames: int
    lagged_ticks: int
    audio_frames: int
    video_kbps_target: float
    latency_ms_p50: float
    latency_ms_p99: float
    cpu_percent: float
    cpu_seconds: float
    audio_level_dbfs: float
    source_ok: bool
    source_message: str
    outputs: tuple[OutputStats, ...] = ()
    on_air_s: float = 0.0
    encoded_size: str = ""  # WxH sent now: the canvas, or a rung below it on a weak uplink
    # ticks of the video clock since the start: each one a frame the viewers should get
    frames_expected: int = 0
    # ticks that made no frame: skipped because drawing ran late (render lag), or composed
    # while the encoder was still busy (encoding lag); dropped frames are the outputs'
    frames_missed: int = 0
    render_ms_mean: float = 0.0  # drawing one frame (sources, tools, overlays), recently
    render_ms_p95: float = 0.0
    # the viewer-delay figures come from a push that measures them; a recording alone has none
    latency_measured: bool = False
    # what the microphone hears, before the voice chain (`audio_level_dbfs` is what goes out)
    heard_level_dbfs: float = -120.0
    encode_ms_mean: float = 0.0  # encoding one frame, recently
    # the frame guard's steps down now, as "knob:level" (studio.core.guard): "" when none
    guard: str = ""
    x264_preset: str = ""  # the preset encoding now (the guard may have stepped it down)

    @property
    def pushes(self) -> tuple[OutputStats, ...]:
        return tuple(o for o in self.outputs if o.kind == "rtmp")

    @property
    def dropped_video_frames(self) -> int:
        return sum(o.dropped_video_frames for o in self.outputs)

    @property
    def reconnects(self) -> int:
        return sum(o.reconnects for o in self.outputs)

    @property
    def retries(self) -> int:
        return sum(o.retries for o in self.outputs)

    def to_json(self) -> dict[str, object]:
        from dataclasses import asdict

        data = asdict(self)
        data["outputs"] = [asdict(o) for o in self.outputs]
        return data

    def with_outputs(self, outputs: tuple[OutputStats, ...]) -> StreamStats:
        from dataclasses import replace

        return replace(self, outputs=outputs)
