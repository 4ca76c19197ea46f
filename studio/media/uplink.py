"""The uplink test: publish a test stream to the destination at rising bitrates (as OBS's
auto-configuration does) and see what the link carries.

Picture noise at 640x360 is encoded at each step's rate (noise cannot be squeezed, so the
stream really is that big) and pushed through the studio's own RTMP output, with dynamic
bitrate off. Each step lasts `step_s`; its rate is what the server acknowledged (not what the
socket took in: kernel buffers and the link's own queue would count as carried). The steps
stop at the first one the link cannot keep up with (the output's queue grows behind it): that
rate is held one window more, and what the full link delivered over both is its rate.
"""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from studio.core.destination import Destination
from studio.core.errors import StudioError
from studio.core.messages import Message, said
from studio.core.state import OutputState
from studio.media.audio import ToneSource
from studio.media.clock import MediaClock
from studio.media.engine import Engine, EngineConfig
from studio.media.outputs.rtmp import RtmpOutput
from studio.media.outputs.rtmp_client import RtmpPublisher
from studio.media.sources.noise import NoiseSource

STEPS_KBPS = (800, 1500, 2500, 4000, 6500)
QUEUE_FULL_MS = 500.0  # queued behind the link: it carries less than the step's rate


class _SteppedOutput(RtmpOutput):
    """The studio's RTMP output, asking the encoder for the step's rate (the engine's one
    protocol for an output's say in the bitrate) instead of following the link."""

    step_kbps: float = STEPS_KBPS[0]
    _publisher: RtmpPublisher | None = None

    def bitrate_target_kbps(self) -> float | None:
        return self.step_kbps

    def _open(self) -> Any:
        session = super()._open()
        self._publisher = session.publisher
        return session

    def backlog_ms(self, delivered_kbps: float) -> float:
        """Media waiting in the socket (sent, not yet acknowledged), as time at that rate."""
        publisher = self._publisher
        if publisher is None or delivered_kbps <= 0:
            return 0.0
        waiting = publisher.bytes_sent - publisher.bytes_delivered()
        return waiting * 8 / delivered_kbps  # bits / kbps = ms

    def delivered(self) -> int:
        """What reached the server (acknowledged), not what the socket took in: the kernel's
        buffers and the link's own queue would otherwise count as carried."""
        publisher = self._publisher
        return publisher.bytes_delivered() if publisher is not None else 0


class UplinkError(StudioError, RuntimeError):
    """The test stream could not be published; the message says why (in the host's words)."""


@dataclass
class UplinkStep:
    target_kbps: int
    sent_kbps: float
    queue_ms: float


@dataclass
class UplinkResult:
    uplink_kbps: int  # what the link carried (at least this much, if `capped`)
    capped: bool  # the link kept up with the highest step: it carries more
    steps: list[UplinkStep] = field(default_factory=list)


def measure_uplink(
    destination: Destination,
    *,
    step_s: float = 2.0,
    steps_kbps: tuple[int, ...] = STEPS_KBPS,
    ssl_context: ssl.SSLContext | None = None,
    connect_timeout_s: float = 8.0,
    cancel: threading.Event | None = None,
    on_step: Callable[[UplinkStep], None] | None = None,
) -> UplinkResult:
    """About 10 s with the default steps; raises UplinkError when it cannot publish at all."""
    cancel = cancel or threading.Event()
    clock = MediaClock()
    engine = Engine(
        EngineConfig(
            width=640,
            height=360,
            fps=30,
            video_kbps=max(steps_kbps),
            keyframe_s=1.0,
            encoder="libx264",
            x264_preset="ultrafast",  # noise at 6.5 Mbit/s on a 2-core PC, with room to spare
        ),
        NoiseSource(width=640, height=360, fps=30),
        ToneSource(),
        clock,
    )
    out = _SteppedOutput(
        destination,
        engine.encoder.stream_info,
        ssl_context=ssl_context,
        dynamic_bitrate=False,
        drop_threshold_ms=2_000.0,  # measure the link, do not hide it behind drops
    )
    out.step_kbps = steps_kbps[0]
    engine.add_output(out)
    engine.encoder.set_bitrate(steps_kbps[0])  # from the first frame
    engine.start()
    steps: list[UplinkStep] = []
    saturated = False
    try:
        deadline = time.monotonic() + connect_timeout_s
        while out.state is not OutputState.LIVE:
            if out.state is OutputState.FAILED or time.monotonic() > deadline:
                why = out.stats.last_error or Message("uplink.no_answer")
                raise UplinkError(Message("uplink.cannot_publish", {"why": why}))
            if cancel.wait(0.05):
                raise UplinkError(Message("uplink.cancelled"))
        for kbps in steps_kbps:
            out.step_kbps = kbps
            engine.encoder.set_bitrate(kbps)  # now, not at the engine's next rate check
            t0, b0 = time.monotonic(), out.delivered()
            dropped0 = out.stats.dropped_video_frames
            if cancel.wait(step_s):
                raise UplinkError(Message("uplink.cancelled"))
            elapsed = time.monotonic() - t0
            sent = (out.delivered() - b0) * 8 / 1000 / elapsed
            # what waits in front of the link: the output's queue and the socket's backlog
            queue_ms = out.queued_ms() + out.backlog_ms(sent)
            if out.stats.dropped_video_frames > dropped0:
                queue_ms = max(queue_ms, QUEUE_FULL_MS + 1)  # it had to drop: as full as it gets
            step = UplinkStep(kbps, round(sent, 1), round(queue_ms, 1))
            steps.append(step)
            if on_step is not None:
                on_step(step)
            if out.state is not OutputState.LIVE:
                break  # the link dropped us mid-test: what it carried so far is the answer
            if step.queue_ms > QUEUE_FULL_MS:
                # full: stay at this rate for one more window and take the rate over both,
                # since a full link delivers in bursts (losses, retransmissions)
                if cancel.wait(step_s):
                    raise UplinkError(Message("uplink.cancelled"))
                both = (out.delivered() - b0) * 8 / 1000 / (time.monotonic() - t0)
                later = out.queued_ms() + out.backlog_ms(both)
                step = UplinkStep(kbps, round(both, 1), round(max(queue_ms, later), 1))
                steps[-1] = step
                saturated = True
                break
    except UplinkError:
        raise
    except Exception as exc:  # an encoder or socket surprise: said, not a traceback
        raise UplinkError(Message("uplink.cannot_publish", {"why": said(exc)})) from exc
    finally:
        engine.stop()
    if not steps:
        raise UplinkError(Message("uplink.cannot_publish", {"why": Message("uplink.no_answer")}))
    if saturated:  # the link's rate: what it delivered while full
        return UplinkResult(uplink_kbps=int(steps[-1].sent_kbps), capped=False, steps=steps)
    # it kept up with every step: it carries at least the best of them
    carried = int(max(s.sent_kbps for s in steps))
    return UplinkResult(uplink_kbps=carried, capped=True, steps=steps)
