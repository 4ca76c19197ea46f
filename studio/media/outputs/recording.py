"""Local recording beside the pushes: Matroska, flushed per packet, playable after SIGKILL."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import av

from studio.core.backoff import Backoff
from studio.core.messages import Message
from studio.core.state import OutputStats
from studio.media.outputs.base import Output, PermanentError
from studio.media.outputs.mux import PacketMuxer
from studio.media.packets import EncodedPacket, Kind


def free_path(path: Path) -> Path:
    """Never overwrite an earlier recording: `show.mkv` → `show (2).mkv`."""
    if not path.exists():
        return path
    n = 2
    while True:
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        if not candidate.exists():
            return candidate
        n += 1


class _RecordingSession:
    def __init__(
        self, path: Path, templates: dict[Kind, Any], stats: OutputStats, lock: threading.Lock
    ) -> None:
        self.stats, self._lock = stats, lock  # the output's counters and the lock they take
        self._rate_t, self._rate_bytes = time.monotonic(), stats.bytes_sent
        fmt = "mp4" if path.suffix.lower() == ".mp4" else "matroska"
        options = {"flush_packets": "1"}
        if fmt == "mp4":  # fragmented, so a crash leaves a playable file
            options["movflags"] = "frag_keyframe+empty_moov+default_base_moof"
        else:
            options["cluster_time_limit"] = "2000"
        container = av.open(str(path), "w", format=fmt, container_options=options)
        self.muxer = PacketMuxer(container, templates)

    def write(self, packet: EncodedPacket) -> None:
        self.muxer.mux(packet)
        stats = self.stats
        with self._lock:
            stats.bytes_sent += len(packet.data)  # what went into the file (media, unframed)
        now = time.monotonic()
        if now - self._rate_t >= 1.0:
            kbps = (stats.bytes_sent - self._rate_bytes) * 8 / 1000 / (now - self._rate_t)
            with self._lock:
                stats.bitrate_kbps = round(kbps, 1)
            self._rate_t, self._rate_bytes = now, stats.bytes_sent

    def idle(self) -> None:
        pass

    def close(self) -> None:
        self.muxer.close()


class RecordingOutput(Output):
    """Writes the shared encode to a local file; a failure (disk full) never touches the pushes."""

    kind = "record"

    def __init__(self, path: Path, templates: dict[Kind, Any]) -> None:
        # A recording keeps everything it can: a long drop threshold, no retries of a bad path.
        super().__init__(
            path.name,
            drop_threshold_ms=5_000.0,
            max_queue_ms=30_000.0,
            backoff=Backoff(first_s=1.0),
            retry=False,
        )
        self.requested_path = path
        self.path = path
        self.templates = templates

    def _open(self) -> _RecordingSession:
        try:
            self.requested_path.parent.mkdir(parents=True, exist_ok=True)
            self.path = free_path(self.requested_path)
            return _RecordingSession(self.path, self.templates, self.stats, self._lock)
        except (OSError, av.FFmpegError) as exc:
            raise PermanentError(
                Message(
                    "record.cannot_write",
                    {"path": str(self.requested_path), "reason": str(exc)},
                )
            ) from exc

    def _classify(self, exc: Exception) -> PermanentError:
        try:
            kept = self.path.stat().st_size
        except OSError:
            kept = 0
        where = (
            Message("record.kept", {"mb": f"{kept / 1e6:.1f}", "path": str(self.path)})
            if kept > 0
            else Message("record.nothing_kept")
        )
        return PermanentError(Message("record.stopped", {"reason": str(exc), "where": where}))

    def _drain_on_stop(self, session: Any) -> None:
        with self._lock:
            rest = list(self._queue)
            self._queue.clear()
        for packet in rest:
            session.write(packet)
