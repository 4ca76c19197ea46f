"""How late viewers see the picture: play a playback URL and read the studio's time stamps.

The studio writes the composition time into every keyframe (`studio.media.sei`). Here a
playback URL (RTMP, HTTP-FLV or HLS, as the platform or CDN gives it) is played the way a
player does: FFmpeg's demuxers fetch it (HLS from three segments before the live edge, as
players start), and each frame is "shown" when it has arrived and its turn has come at the
stream's own pace. A frame's delay is when it is shown less when it was composed; frames
between keyframes take their time from the last stamp plus their distance in pts.

Both clocks are this computer's when the studio and the player run on one machine (the
usual case: the host measures once before the show); on two machines their wall clocks must
agree (NTP), and the figure is as good as they do.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import av

from studio.core.errors import StudioError
from studio.core.messages import Message, error_words
from studio.media import sei

SCHEMES = ("rtmp://", "rtmps://", "http://", "https://")
MAX_URL = 4096
NO_STAMP_S = 8.0  # longer than a keyframe interval (2 s) with room for a player's start


class LatencyError(StudioError, RuntimeError):
    """The URL could not be measured; the message says why and what to do."""


@dataclass
class LatencyResult:
    """Delays of the frames shown, in seconds."""

    kind: str  # hls | flv | rtmp
    delays: list[float] = field(default_factory=list)
    stamps: int = 0  # keyframes whose time stamp was read
    stalls: int = 0  # times the player would have waited for data (rebuffering)

    @property
    def median_s(self) -> float:
        return statistics.median(self.delays)

    def percentile_s(self, q: float) -> float:
        ordered = sorted(self.delays)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "delay_s": round(self.median_s, 3),
            "p10_s": round(self.percentile_s(0.1), 3),
            "p90_s": round(self.percentile_s(0.9), 3),
            "frames": len(self.delays),
            "keyframes_stamped": self.stamps,
            "stalls": self.stalls,
        }


def kind_of(url: str) -> str:
    path = url.split("?", 1)[0].lower()
    if path.endswith(".m3u8"):
        return "hls"
    if path.startswith(("http://", "https://")):
        return "flv"
    return "rtmp"


def check_url(url: str) -> str:
    url = url.strip()
    if len(url) > MAX_URL or not url.lower().startswith(SCHEMES) or any(c < " " for c in url):
        raise LatencyError(Message("latency.bad_url"))
    return url


def measure(
    url: str,
    seconds: float = 10.0,
    open_timeout_s: float = 10.0,
    clock: Callable[[], float] = time.time,
) -> LatencyResult:
    """Play `url` for `seconds` (after the first frame) and return the frames' delays."""
    url = check_url(url)
    kind = kind_of(url)
    options = {"rw_timeout": str(int(open_timeout_s * 1e6))}
    if kind in ("rtmp", "flv"):
        # no read-ahead to probe the streams (FLV announces them): frames are timed as they
        # arrive, not after a second of probing, as a low-latency player shows them
        options |= {"analyzeduration": "0", "probesize": "131072", "fflags": "nobuffer"}
    if kind == "rtmp":
        options["rtmp_live"] = "live"
    if kind == "hls":
        options["live_start_index"] = "-3"  # where hls.js and ffplay start
    try:
        container = av.open(url, options=options, timeout=(open_timeout_s, open_timeout_s))
    except (av.FFmpegError, OSError) as exc:
        raise LatencyError(Message("latency.cannot_open", {"reason": error_words(exc)})) from None
    result = LatencyResult(kind)
    try:
        _play(container, result, seconds, clock)
    finally:
        container.close()
    if not result.delays:
        raise LatencyError(Message("latency.no_stamps", {"seconds": int(NO_STAMP_S)}))
    return result


def _play(
    container: Any, result: LatencyResult, seconds: float, clock: Callable[[], float]
) -> None:
    streams = container.streams.video
    if not streams:
        raise LatencyError(Message("latency.no_video"))
    stream = streams[0]
    tb = float(stream.time_base)
    size = sei.length_size(bytes(stream.codec_context.extradata or b""))
    if result.kind == "hls":
        size = 0  # MPEG-TS carries Annex B
    started = clock()
    anchor: tuple[float, float] | None = None  # (shown at, pts) of the first frame
    stamp: tuple[float, float] | None = None  # (composed at, pts) of the last keyframe read
    first_shown = None
    for packet in container.demux(stream):
        now = clock()
        if packet.pts is None or packet.size == 0:
            continue
        pts = packet.pts * tb
        if anchor is None:
            anchor = (now, pts)
        due = anchor[0] + (pts - anchor[1])
        if now > due + 0.05:  # the data came late: a player waits (rebuffers), then goes on
            result.stalls += 1
            anchor = (now, pts)
            due = now
        shown = due
        found = sei.read_stamps(bytes(packet), size) if packet.is_keyframe else []
        if found:
            stamp = (found[-1] / 1e6, pts)
            result.stamps += 1
        if stamp is not None:
            composed = stamp[0] + (pts - stamp[1])
            result.delays.append(shown - composed)
            if first_shown is None:
                first_shown = shown
        elif now - started > NO_STAMP_S:
            return
        if first_shown is not None and shown - first_shown >= seconds:
            return
        if now - started > seconds + NO_STAMP_S + 30:
            return  # a stream that trickles: bounded all the same
